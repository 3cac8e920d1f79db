-- Incremental audits of append-only decision logs: high-water mark, daily
-- summaries merged into any window (day, month, rolling 30 days, any
-- range), late rows (missed, then re-counted with restate_from), lateness,
-- evaluation windows, time zones, date and timestamp columns.
\pset null '(null)'
\set SHOW_CONTEXT never

CREATE TABLE decisions (
	id serial,
	decided_at timestamptz NOT NULL,
	model text,
	gender text,
	repaid boolean,
	approved boolean
);
-- ten days of January 2024 (UTC), 48 decisions a day
CREATE PROCEDURE add_decisions(first_day date, days integer) LANGUAGE sql AS $$
	INSERT INTO decisions (decided_at, model, gender, repaid, approved)
	SELECT (d + time '00:15' + (h * interval '30 minutes')) AT TIME ZONE 'UTC',
	       CASE WHEN h % 2 = 0 THEN 'a' ELSE 'b' END,
	       CASE WHEN h % 3 = 0 THEN 'f' WHEN h % 3 = 1 THEN 'm' ELSE NULL END,
	       (h + extract(day FROM d)::int) % 4 <> 0,
	       CASE WHEN h % 2 = 0 AND h % 3 = 0 THEN h % 8 = 0 ELSE h % 4 < 2 END
	FROM generate_series(first_day, first_day + days - 1, interval '1 day') d, generate_series(0, 47) h
$$;
CALL add_decisions('2024-01-01', 10);

SELECT fairness.create_audit('credit log', 'decisions', '{gender}', 'repaid', 'approved',
                             slice_columns => '{model}', time_column => 'decided_at') > 0 AS created;

-- 1. The first run is full; then only rows after the high-water mark
SELECT fairness.run_audit('credit log') AS r1 \gset
SELECT mode, rows_scanned, slices, scan_from, scan_to FROM fairness.audit_runs WHERE id = :r1;
SELECT fairness.run_audit('credit log') AS r2 \gset
SELECT mode, rows_scanned, slices, scan_from, scan_to FROM fairness.audit_runs WHERE id = :r2;
CALL add_decisions('2024-01-11', 2);
SELECT fairness.run_audit('credit log') AS r3 \gset
SELECT mode, rows_scanned, slices, scan_from, scan_to FROM fairness.audit_runs WHERE id = :r3;
SELECT high_water FROM fairness.audits WHERE name = 'credit log';
-- each run stored its own rows, one summary per slice and day
SELECT run_id = :r1 AS first_run, count(*) AS summaries, sum(rows) AS rows, min(period), max(period)
FROM fairness.audit_periods GROUP BY 1 ORDER BY 1 DESC;
-- and evaluated every current day (all of them: no evaluation_window)
SELECT slice_key, rows FROM fairness.audit_results WHERE run_id = :r3 ORDER BY slice_key;

-- 2. Stored summaries merge into any window: equal to recomputing
SELECT bool_and(m.summary::text = d.summary::text) AS months_equal_direct, count(*) AS slices
FROM (SELECT slice_key, fairness.merge(summary) AS summary FROM fairness.audit_periods
      WHERE superseded_by IS NULL GROUP BY slice_key) m
JOIN (SELECT ARRAY[model] AS slice_key, fairness.confusion(gender, repaid, approved) AS summary
      FROM decisions GROUP BY model) d USING (slice_key);
-- the daily view: one report per day and slice
SELECT period_start, slice, sum(n) FILTER (WHERE metric = 'selection_rate') AS decisions, count(*) AS report_rows
FROM fairness.audit_daily_report WHERE audit = 'credit log' AND period_start IN ('2024-01-01', '2024-01-12')
GROUP BY 1, 2 ORDER BY 1, 2;
-- the monthly view
SELECT period_start, period_end, slice, slice_rows FROM fairness.audit_monthly_report
WHERE audit = 'credit log' AND metric = 'selection_rate' AND group_name = 'f' ORDER BY slice;
-- rolling 30 days: every day with data, the window ending that day
SELECT period_start, period_end, slice_rows,
       slice_rows = (SELECT count(*) FROM decisions WHERE model = 'a'
                     AND decided_at < (r.period_end + 1)::timestamptz) AS equals_direct
FROM fairness.audit_rolling_report r
WHERE audit = 'credit log' AND slice = 'a' AND metric = 'selection_rate' AND group_name = 'f'
ORDER BY period_end;
-- any window: a function
SELECT period_start, period_end, slice, group_name, n, round(value::numeric, 4) AS value, status
FROM fairness.audit_window_report('credit log', '2024-01-03', '2024-01-04') WHERE metric = 'selection_rate';
SELECT count(*) FROM fairness.audit_window_report('credit log', NULL, NULL);
SELECT * FROM fairness.audit_window_report('nope', NULL, NULL);

-- 3. Late rows: a row committed after a run, with a time before its
-- high-water mark, is not counted by incremental runs...
INSERT INTO decisions (decided_at, model, gender, repaid, approved)
VALUES ('2024-01-05 12:00+00', 'a', 'f', true, true);
SELECT fairness.run_audit('credit log') AS r4 \gset
SELECT mode, rows_scanned FROM fairness.audit_runs WHERE id = :r4;
SELECT sum(rows) AS counted, (SELECT count(*) FROM decisions) AS in_table FROM fairness.audit_periods WHERE superseded_by IS NULL;
-- ... until the days from its day on are restated: they are re-counted,
-- the summaries they replace are marked superseded
SELECT fairness.run_audit('credit log', restate_from => '2024-01-05') AS r5 \gset
SELECT mode, rows_scanned, scan_to FROM fairness.audit_runs WHERE id = :r5;
SELECT superseded_by = :r5 AS superseded_by_restate, min(period), max(period), sum(rows)
FROM fairness.audit_periods WHERE superseded_by IS NOT NULL GROUP BY 1;
SELECT sum(rows) AS counted, (SELECT count(*) FROM decisions) AS in_table FROM fairness.audit_periods WHERE superseded_by IS NULL;
SELECT slice_rows FROM fairness.audit_daily_report
WHERE audit = 'credit log' AND period_start = '2024-01-05' AND slice = 'a' AND metric = 'selection_rate' AND group_name = 'f';
-- restating everything ('-infinity') is a full run
SELECT fairness.run_audit('credit log', restate_from => '-infinity') AS r6 \gset
SELECT mode, rows_scanned FROM fairness.audit_runs WHERE id = :r6;
SELECT sum(rows) AS counted FROM fairness.audit_periods WHERE superseded_by IS NULL;
-- restate_from needs a time column and a date in the past
SELECT fairness.run_audit('credit log', restate_from => now() + interval '1 day');

-- 4. lateness: rows newer than now() - lateness wait for a later run
-- (time for transactions that commit late); evaluation_window: a run
-- evaluates the days of that window only.  Days are those of the audit's
-- time zone: one where it is now between 02:00 and 22:00, so that no day
-- ends between the rows written here and the runs below
SELECT CASE WHEN extract(hour FROM now() AT TIME ZONE 'UTC') BETWEEN 2 AND 21
            THEN 'UTC' ELSE 'Etc/GMT+12' END AS recent_zone \gset
CREATE TABLE recent (t timestamptz, g text, y boolean, p boolean);
INSERT INTO recent SELECT now() - i * interval '24 hours', CASE WHEN i % 2 = 0 THEN 'x' ELSE 'y' END, true, i % 3 = 0
FROM generate_series(1, 20) i;
INSERT INTO recent SELECT now() - interval '1 minute', 'x', true, true FROM generate_series(1, 5);
SELECT fairness.create_audit('recent', 'recent', '{g}', 'y', 'p', time_column => 't', lateness => '1 hour',
                             evaluation_window => '7 days', time_zone => :'recent_zone') > 0 AS created;
SELECT fairness.run_audit('recent') AS r7 \gset
SELECT r.rows_scanned, r.cutoff <= now() - interval '1 hour' AS cutoff_ok, re.rows AS evaluated
FROM fairness.audit_runs r JOIN fairness.audit_results re ON re.run_id = r.id WHERE r.id = :r7;
SELECT fairness.alter_audit('recent', '{"lateness": "0"}');
SELECT fairness.run_audit('recent') AS r8 \gset
SELECT r.mode, r.rows_scanned, re.rows AS evaluated
FROM fairness.audit_runs r JOIN fairness.audit_results re ON re.run_id = r.id WHERE r.id = :r8;

-- 5. Days follow the audit's time zone; date columns only count days that
-- have ended; timestamp columns are local times of the audit's time zone
CREATE TABLE tz (t timestamptz, ts timestamp, d date, g text, y boolean);
INSERT INTO tz VALUES ('2024-01-01 20:00+00', '2024-01-01 20:00', '2024-01-01', 'x', true),
                      ('2024-01-02 01:00+00', '2024-01-02 01:00', '2024-01-02', 'x', true),
                      -- not yet: in the future, or today (a day that has not ended)
                      (now() + interval '1 hour', (now() + interval '1 hour') AT TIME ZONE 'America/New_York',
                       (now() AT TIME ZONE 'Asia/Tokyo')::date, 'x', true);
SELECT fairness.create_audit('tokyo', 'tz', '{g}', 'y', time_column => 't', time_zone => 'Asia/Tokyo') > 0 AS created;
SELECT fairness.create_audit('by date', 'tz', '{g}', 'y', time_column => 'd', time_zone => 'Asia/Tokyo') > 0 AS created;
SELECT fairness.create_audit('by timestamp', 'tz', '{g}', 'y', time_column => 'ts', time_zone => 'America/New_York') > 0 AS created;
SELECT fairness.run_audit('tokyo') > 0 AND fairness.run_audit('by date') > 0 AND fairness.run_audit('by timestamp') > 0 AS ran;
SELECT a.name, p.period, p.rows FROM fairness.audit_periods p JOIN fairness.audits a ON a.id = p.audit_id
WHERE a.name IN ('tokyo', 'by date', 'by timestamp') AND p.period < '2025-01-01' ORDER BY 1, 2;
SELECT a.name, r.rows_scanned FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id
WHERE a.name IN ('tokyo', 'by date', 'by timestamp') ORDER BY 1;
-- the session's own TimeZone and DateStyle do not matter
SET TimeZone = 'Pacific/Kiritimati';
SET DateStyle = 'SQL, DMY';
INSERT INTO tz VALUES ('2024-01-03 10:00+00', '2024-01-03 10:00', '2024-01-03', 'x', true);
SELECT fairness.run_audit('tokyo', restate_from => '2024-01-01') AS r9 \gset
SELECT rows_scanned, scan_from, scan_to FROM fairness.audit_runs WHERE id = :r9;
RESET TimeZone;
RESET DateStyle;

-- 6. Changing what is measured restarts the days: the next run is full
SELECT fairness.alter_audit('credit log', '{"slice_columns": []}');
SELECT high_water FROM fairness.audits WHERE name = 'credit log';
SELECT fairness.run_audit('credit log') AS r10 \gset
SELECT mode, rows_scanned, slices FROM fairness.audit_runs WHERE id = :r10;
SELECT count(*) AS current_summaries, sum(rows) FROM fairness.audit_periods p JOIN fairness.audits a ON a.id = p.audit_id
WHERE a.name = 'credit log' AND superseded_by IS NULL;
-- changing a verdict setting does not
SELECT fairness.alter_audit('credit log', '{"impact_ratio_threshold": 0.9}');
SELECT high_water IS NOT NULL AS kept FROM fairness.audits WHERE name = 'credit log';

SELECT fairness.drop_audit(name) FROM fairness.audits ORDER BY name;
SELECT count(*) AS leftover_periods FROM fairness.audit_periods;
DROP TABLE decisions, recent, tz;
DROP PROCEDURE add_decisions(date, integer);
