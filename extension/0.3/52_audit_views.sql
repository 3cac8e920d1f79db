-- fairness 0.3: the audit report views, over the history of every kind
-- (decisions, scores, outcomes: 51_audit_kinds.sql), one row type
-- (fairness.report_row, whose column comments the views share), and the
-- failed or stale latest runs.

ALTER TABLE fairness.audits ADD COLUMN stale_after interval
	CONSTRAINT audits_stale_after_check CHECK (stale_after > interval '0');
COMMENT ON COLUMN fairness.audits.stale_after IS 'An enabled audit whose latest successful run started longer ago than this (or that never succeeded and was created longer ago) shows as stale in fairness.latest_audit_report and fairness.alerts (NULL: never stale).  Set with fairness.alter_audit, e.g. twice the schedule''s interval.';

------------------------------------------------------------------------
-- Views: the report of stored runs, visible by grant
------------------------------------------------------------------------

CREATE VIEW fairness.audit_report WITH (security_barrier) AS
SELECT a.name AS audit,
       a.id AS audit_id,
       ru.id AS run_id,
       ru.started_at AS run_at,
       array_to_string(ARRAY(SELECT jsonb_array_elements_text(ru.definition -> 'slice_columns')), ', ') AS slice_by,
       fairness.audit_slice_label(re.slice_key) AS slice,
       re.slice_key,
       re.rows AS slice_rows,
       x.attribute, x.group_name, x.group_key, x.metric, x.n, x.value, x.ci_low, x.ci_high,
       x.reference_group, x.reference_value, x.ratio, x.ratio_ci_low, x.ratio_ci_high,
       x.difference, x.difference_ci_low, x.difference_ci_high, x.test, x.p_value,
       x.p_value_adjusted, x.adverse_impact, x.status, x.alert, x.kind, x.ratio_threshold, x.alert_rule
FROM fairness.audits a
JOIN fairness.audit_runs ru ON ru.audit_id = a.id AND ru.status = 'succeeded'
JOIN fairness.audit_results re ON re.run_id = ru.id
CROSS JOIN LATERAL fairness.audit_result_report(re.summary, re.scores, re.outcomes, ru.definition) x
WHERE fairness.audit_visible(a.owner, a.id);

-- the latest run of each slice, and one row per audit whose latest run
-- failed (status run_failed, alert true), so that a broken audit is seen
CREATE VIEW fairness.latest_audit_report WITH (security_barrier) AS
SELECT a.name AS audit,
       a.id AS audit_id,
       ru.id AS run_id,
       ru.started_at AS run_at,
       array_to_string(ARRAY(SELECT jsonb_array_elements_text(ru.definition -> 'slice_columns')), ', ') AS slice_by,
       fairness.audit_slice_label(re.slice_key) AS slice,
       re.slice_key,
       re.rows AS slice_rows,
       x.attribute, x.group_name, x.group_key, x.metric, x.n, x.value, x.ci_low, x.ci_high,
       x.reference_group, x.reference_value, x.ratio, x.ratio_ci_low, x.ratio_ci_high,
       x.difference, x.difference_ci_low, x.difference_ci_high, x.test, x.p_value,
       x.p_value_adjusted, x.adverse_impact, x.status, x.alert, x.kind, x.ratio_threshold, x.alert_rule,
       CASE WHEN x.alert AND x.metric = 'pay_gap' THEN
                 pg_catalog.format('%s of %s is %s against the reference %s: its mean is %s of the reference mean (threshold %s)',
                                   x.metric, coalesce(x.group_name, 'the unknown group'), round(x.value::numeric, 4),
                                   x.reference_group, round((1 - x.value)::numeric, 4), x.ratio_threshold)
            WHEN x.alert THEN pg_catalog.format('%s of %s is %s, %s of the reference %s (threshold %s)',
                                                 x.metric, coalesce(x.group_name, 'the unknown group'),
                                                 round(x.value::numeric, 4), round(x.ratio::numeric, 4),
                                                 x.reference_group, ru.definition ->> 'impact_ratio_threshold') END AS message
FROM fairness.audits a
CROSS JOIN LATERAL (SELECT DISTINCT ON (r.slice_key) r.run_id, r.slice_key, r.rows, r.summary, r.scores, r.outcomes
                    FROM fairness.audit_results r WHERE r.audit_id = a.id
                    ORDER BY r.slice_key, r.run_id DESC) re
JOIN fairness.audit_runs ru ON ru.id = re.run_id
CROSS JOIN LATERAL fairness.audit_result_report(re.summary, re.scores, re.outcomes, ru.definition) x
WHERE fairness.audit_visible(a.owner, a.id)
UNION ALL
SELECT a.name, a.id, ru.id, ru.started_at,
       array_to_string(a.slice_columns, ', '), NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, 'run_failed', true, fairness.audit_kind(pg_catalog.to_jsonb(a)), NULL, NULL,
       pg_catalog.format('the latest run (%s) failed: %s (SQLSTATE %s).  Fix the cause (fairness.audit_run_log has the error) or disable or drop the audit.',
                         ru.id, ru.error_message, ru.error_sqlstate)
FROM fairness.audits a
JOIN LATERAL (SELECT r.* FROM fairness.audit_runs r WHERE r.audit_id = a.id ORDER BY r.id DESC LIMIT 1) ru
  ON ru.status = 'failed'
WHERE fairness.audit_visible(a.owner, a.id)
UNION ALL
-- enabled audits with stale_after whose latest successful run is older
-- (a failed latest run already has its row)
SELECT a.name, a.id, ok.id, ok.started_at,
       array_to_string(a.slice_columns, ', '), NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, 'stale', true, fairness.audit_kind(pg_catalog.to_jsonb(a)), NULL,
       pg_catalog.format('a successful run at least every %s', a.stale_after),
       CASE WHEN ok.id IS NULL THEN
            pg_catalog.format('the audit has never run successfully since it was created (%s), and stale_after is %s.  Run it (fairness.run_audit), check its schedule (fairness.schedule_audit or your scheduler), or disable or drop it.',
                              pg_catalog.to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), a.stale_after)
       ELSE pg_catalog.format('the latest successful run (%s) started at %s, longer ago than stale_after (%s).  Check the audit''s schedule (fairness.schedule_audit or your scheduler), run it, or disable or drop it.',
                              ok.id, pg_catalog.to_char(ok.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), a.stale_after) END
FROM fairness.audits a
LEFT JOIN LATERAL (SELECT r.id, r.started_at FROM fairness.audit_runs r
                   WHERE r.audit_id = a.id AND r.status = 'succeeded' ORDER BY r.id DESC LIMIT 1) ok ON true
WHERE a.enabled AND a.stale_after IS NOT NULL
  AND coalesce(ok.started_at, a.created_at) < now() - a.stale_after
  AND NOT EXISTS (SELECT 1 FROM (SELECT r.status FROM fairness.audit_runs r WHERE r.audit_id = a.id
                                 ORDER BY r.id DESC LIMIT 1) l WHERE l.status = 'failed')
  AND fairness.audit_visible(a.owner, a.id);

CREATE VIEW fairness.alerts AS
SELECT audit, audit_id, run_id, run_at, slice_by, slice, slice_key, attribute, group_name, group_key,
       metric, n, value, reference_group, reference_value, ratio, ratio_ci_low, ratio_ci_high,
       difference, p_value_adjusted, status, message, kind, ratio_threshold, alert_rule
FROM fairness.latest_audit_report
WHERE alert;

CREATE VIEW fairness.audit_daily_report WITH (security_barrier) AS
SELECT a.name AS audit,
       a.id AS audit_id,
       d.period AS period_start,
       d.period AS period_end,
       array_to_string(a.slice_columns, ', ') AS slice_by,
       fairness.audit_slice_label(d.slice_key) AS slice,
       d.slice_key,
       d.rows AS slice_rows,
       x.attribute, x.group_name, x.group_key, x.metric, x.n, x.value, x.ci_low, x.ci_high,
       x.reference_group, x.reference_value, x.ratio, x.ratio_ci_low, x.ratio_ci_high,
       x.difference, x.difference_ci_low, x.difference_ci_high, x.test, x.p_value,
       x.p_value_adjusted, x.adverse_impact, x.status, x.alert, x.kind, x.ratio_threshold, x.alert_rule
FROM fairness.audits a
CROSS JOIN LATERAL (SELECT p.slice_key, p.period, sum(p.rows)::bigint AS rows, fairness.merge(p.summary) AS summary,
                           fairness.merge(p.scores) AS scores, fairness.merge(p.outcomes) AS outcomes
                    FROM fairness.audit_periods p
                    WHERE p.audit_id = a.id AND p.superseded_by IS NULL
                    GROUP BY p.slice_key, p.period) d
CROSS JOIN LATERAL fairness.audit_result_report(d.summary, d.scores, d.outcomes, fairness.audit_definition(a)) x
WHERE fairness.audit_visible(a.owner, a.id);

CREATE VIEW fairness.audit_monthly_report WITH (security_barrier) AS
SELECT a.name AS audit,
       a.id AS audit_id,
       d.month AS period_start,
       (d.month + interval '1 month' - interval '1 day')::date AS period_end,
       array_to_string(a.slice_columns, ', ') AS slice_by,
       fairness.audit_slice_label(d.slice_key) AS slice,
       d.slice_key,
       d.rows AS slice_rows,
       x.attribute, x.group_name, x.group_key, x.metric, x.n, x.value, x.ci_low, x.ci_high,
       x.reference_group, x.reference_value, x.ratio, x.ratio_ci_low, x.ratio_ci_high,
       x.difference, x.difference_ci_low, x.difference_ci_high, x.test, x.p_value,
       x.p_value_adjusted, x.adverse_impact, x.status, x.alert, x.kind, x.ratio_threshold, x.alert_rule
FROM fairness.audits a
CROSS JOIN LATERAL (SELECT p.slice_key, date_trunc('month', p.period)::date AS month,
                           sum(p.rows)::bigint AS rows, fairness.merge(p.summary) AS summary,
                           fairness.merge(p.scores) AS scores, fairness.merge(p.outcomes) AS outcomes
                    FROM fairness.audit_periods p
                    WHERE p.audit_id = a.id AND p.superseded_by IS NULL
                    GROUP BY 1, 2) d
CROSS JOIN LATERAL fairness.audit_result_report(d.summary, d.scores, d.outcomes, fairness.audit_definition(a)) x
WHERE fairness.audit_visible(a.owner, a.id);

CREATE VIEW fairness.audit_rolling_report WITH (security_barrier) AS
SELECT a.name AS audit,
       a.id AS audit_id,
       d.period_start,
       d.period_end,
       array_to_string(a.slice_columns, ', ') AS slice_by,
       fairness.audit_slice_label(d.slice_key) AS slice,
       d.slice_key,
       d.rows AS slice_rows,
       x.attribute, x.group_name, x.group_key, x.metric, x.n, x.value, x.ci_low, x.ci_high,
       x.reference_group, x.reference_value, x.ratio, x.ratio_ci_low, x.ratio_ci_high,
       x.difference, x.difference_ci_low, x.difference_ci_high, x.test, x.p_value,
       x.p_value_adjusted, x.adverse_impact, x.status, x.alert, x.kind, x.ratio_threshold, x.alert_rule
FROM fairness.audits a
CROSS JOIN LATERAL (SELECT dd.slice_key, dd.period - 29 AS period_start, dd.period AS period_end,
                           (sum(dd.rows) OVER w)::bigint AS rows,
                           -- (the summary of the audit's kind; the others are NULL throughout)
                           fairness.merge(dd.summary) FILTER (WHERE dd.summary IS NOT NULL) OVER w AS summary,
                           fairness.merge(dd.scores) FILTER (WHERE dd.scores IS NOT NULL) OVER w AS scores,
                           fairness.merge(dd.outcomes) FILTER (WHERE dd.outcomes IS NOT NULL) OVER w AS outcomes
                    FROM (SELECT p.slice_key, p.period, sum(p.rows) AS rows, fairness.merge(p.summary) AS summary,
                           fairness.merge(p.scores) AS scores, fairness.merge(p.outcomes) AS outcomes
                          FROM fairness.audit_periods p
                          WHERE p.audit_id = a.id AND p.superseded_by IS NULL
                          GROUP BY p.slice_key, p.period) dd
                    WINDOW w AS (PARTITION BY dd.slice_key ORDER BY dd.period
                                 RANGE BETWEEN interval '29 days' PRECEDING AND CURRENT ROW)) d
CROSS JOIN LATERAL fairness.audit_result_report(d.summary, d.scores, d.outcomes, fairness.audit_definition(a)) x
WHERE fairness.audit_visible(a.owner, a.id);

CREATE VIEW fairness.audit_run_log WITH (security_barrier) AS
SELECT a.name AS audit,
       ru.audit_id,
       ru.id AS run_id,
       ru.started_at,
       ru.finished_at,
       extract(epoch FROM ru.finished_at - ru.started_at)::float8 AS duration_seconds,
       ru.status,
       ru.mode,
       ru.rows_scanned,
       ru.slices,
       ru.violations,
       ru.scan_from,
       ru.scan_to,
       ru.run_by,
       ru.error_message,
       ru.error_sqlstate
FROM fairness.audits a
JOIN fairness.audit_runs ru ON ru.audit_id = a.id
WHERE fairness.audit_visible(a.owner, a.id);

GRANT SELECT ON fairness.audit_report, fairness.latest_audit_report, fairness.alerts,
	fairness.audit_daily_report, fairness.audit_monthly_report, fairness.audit_rolling_report,
	fairness.audit_run_log TO PUBLIC;

CREATE FUNCTION fairness.audit_window_report(name text, window_start date, window_end date)
RETURNS TABLE (
	audit text,
	audit_id bigint,
	period_start date,
	period_end date,
	slice_by text,
	slice text,
	slice_key text[],
	slice_rows bigint,
	attribute text,
	group_name text,
	group_key text[],
	metric text,
	n bigint,
	value float8,
	ci_low float8,
	ci_high float8,
	reference_group text,
	reference_value float8,
	ratio float8,
	ratio_ci_low float8,
	ratio_ci_high float8,
	difference float8,
	difference_ci_low float8,
	difference_ci_high float8,
	test text,
	p_value float8,
	p_value_adjusted float8,
	adverse_impact boolean,
	status text,
	alert boolean,
	kind text,
	ratio_threshold float8,
	alert_rule text
)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
BEGIN
	a := fairness.audit_lookup(audit_window_report.name);
	IF a.time_column IS NULL THEN
		RAISE EXCEPTION 'audit "%" has no time_column', a.name
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = 'Windows merge the daily summaries of incremental audits; see fairness.audit_report for snapshot audits.';
	END IF;
	RETURN QUERY
	SELECT a.name, a.id, window_start, window_end, array_to_string(a.slice_columns, ', '),
	       fairness.audit_slice_label(d.slice_key), d.slice_key, d.rows, x.*
	FROM (SELECT p.slice_key, sum(p.rows)::bigint AS rows, fairness.merge(p.summary) AS summary,
                           fairness.merge(p.scores) AS scores, fairness.merge(p.outcomes) AS outcomes
	      FROM fairness.audit_periods p
	      WHERE p.audit_id = a.id AND p.superseded_by IS NULL
	        AND (window_start IS NULL OR p.period >= window_start)
	        AND (window_end IS NULL OR p.period <= window_end)
	      GROUP BY p.slice_key) d
	CROSS JOIN LATERAL fairness.audit_result_report(d.summary, d.scores, d.outcomes, fairness.audit_definition(a)) x
	ORDER BY d.slice_key, x.attribute;
END
$$;

COMMENT ON FUNCTION fairness.audit_window_report(text, date, date) IS
'Report of an incremental audit over any window of days (inclusive bounds; NULL: unbounded), merging the current daily summaries, with the audit''s current settings; same columns as fairness.audit_daily_report.  Audits you may see only.';

-- comments of the views: each column's text is written once and applied to
-- every view that has the column
COMMENT ON VIEW fairness.audit_report IS 'Every successful run of every audit (decisions, scores, outcomes) you may see (owner, member of the owning role, or granted with fairness.grant_audit): one row per audit, run, slice, attribute, group and metric (columns: fairness.report_row), built on fairness.report, fairness.score_report or fairness.outcome_report with fairness.report''s statuses (small cells suppressed, fairness.min_group_size), with the settings each run recorded.  Plain SQL types only: chart it directly.';
COMMENT ON VIEW fairness.latest_audit_report IS 'Like fairness.audit_report, for the latest run of each audit and slice: the current state.  An audit whose latest run failed has one row with status run_failed, alert true and the error in message; an enabled audit whose latest successful run is older than its stale_after has one row with status stale, alert true and a hint in message.';
COMMENT ON VIEW fairness.audit_daily_report IS 'Incremental audits: one report per audit, day and slice, merging the current daily summaries, with the audit''s current settings.';
COMMENT ON VIEW fairness.audit_monthly_report IS 'Incremental audits: one report per audit, calendar month and slice, merging the current daily summaries.';
COMMENT ON VIEW fairness.audit_rolling_report IS 'Incremental audits: for every day with data, the report of the 30 days ending that day (moving window over the daily summaries).';
COMMENT ON VIEW fairness.alerts IS 'Open alerts of every kind of audit: the alerting rows of the latest run of each audit and slice, audits whose latest run failed and stale audits (fairness.latest_audit_report WHERE alert).  message names the metric, the values and the threshold; alert_rule states the rule that fired.';
COMMENT ON VIEW fairness.audit_run_log IS 'Every run (successful or failed) of the audits you may see, with the audit name: for run-health panels.';

-- column comments, each written once: the report columns are those of
-- fairness.report_row (51_audit_kinds.sql), the others listed here; applied
-- to every view that has the column
DO $$
DECLARE
	v text;
	c record;
BEGIN
	FOR c IN SELECT t.col, t.txt FROM (VALUES
		('audit', 'Audit name.'),
		('audit_id', 'Audit id (fairness.audits.id).'),
		('run_id', 'Run id (fairness.audit_runs.id); for a stale audit its latest successful run (NULL: none).'),
		('run_at', 'When the run started (timestamptz).'),
		('slice_by', 'The slice columns, comma-separated (empty without slices).'),
		('slice', 'Slice label: ''all'' without slice columns, the value of the slice column (NULL for rows whose value is NULL), or for several slice columns their values joined by " × " ("(unknown)" for a NULL value), e.g. "v2 × EMEA".  slice_key has the exact values.'),
		('slice_key', 'Exact slice values as text[] ({} without slices).'),
		('slice_rows', 'Rows counted in this slice.'),
		('message', 'Alerts: what is wrong in words, naming the metric, the values and the impact ratio threshold, or the error of a failed run, or why the audit is stale, with a hint.')
	) AS t(col, txt)
	UNION ALL
	SELECT a.attname::text, pg_catalog.col_description('fairness.report_row'::pg_catalog.regclass, a.attnum)
	FROM pg_catalog.pg_attribute a
	WHERE a.attrelid OPERATOR(pg_catalog.=) 'fairness.report_row'::pg_catalog.regclass AND a.attnum OPERATOR(pg_catalog.>) 0
	LOOP
		FOREACH v IN ARRAY ARRAY['audit_report', 'latest_audit_report', 'alerts', 'audit_daily_report',
		                         'audit_monthly_report', 'audit_rolling_report'] LOOP
			IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
			           WHERE a.attrelid OPERATOR(pg_catalog.=) pg_catalog.format('fairness.%I', v)::pg_catalog.regclass
			             AND a.attname OPERATOR(pg_catalog.=) c.col) THEN
				EXECUTE pg_catalog.format('COMMENT ON COLUMN fairness.%I.%I IS %L', v, c.col, c.txt);
			END IF;
		END LOOP;
	END LOOP;
END
$$;
COMMENT ON COLUMN fairness.audit_daily_report.period_start IS 'The day (in the audit''s time zone).';
COMMENT ON COLUMN fairness.audit_daily_report.period_end IS 'The day (same as period_start).';
COMMENT ON COLUMN fairness.audit_monthly_report.period_start IS 'First day of the month.';
COMMENT ON COLUMN fairness.audit_monthly_report.period_end IS 'Last day of the month.';
COMMENT ON COLUMN fairness.audit_rolling_report.period_start IS 'First day of the 30-day window (period_end - 29).';
COMMENT ON COLUMN fairness.audit_rolling_report.period_end IS 'Last day of the 30-day window: a day with data.';
COMMENT ON COLUMN fairness.audit_run_log.audit IS 'Audit name.';
COMMENT ON COLUMN fairness.audit_run_log.audit_id IS 'Audit id.';
COMMENT ON COLUMN fairness.audit_run_log.run_id IS 'Run id.';
COMMENT ON COLUMN fairness.audit_run_log.started_at IS 'When the run started.';
COMMENT ON COLUMN fairness.audit_run_log.finished_at IS 'When the run finished.';
COMMENT ON COLUMN fairness.audit_run_log.duration_seconds IS 'Run time in seconds.';
COMMENT ON COLUMN fairness.audit_run_log.status IS 'succeeded or failed.';
COMMENT ON COLUMN fairness.audit_run_log.mode IS 'snapshot, full, incremental or restate.';
COMMENT ON COLUMN fairness.audit_run_log.rows_scanned IS 'Rows aggregated by the run.';
COMMENT ON COLUMN fairness.audit_run_log.slices IS 'Slices with a result.';
COMMENT ON COLUMN fairness.audit_run_log.violations IS 'Alerting report rows at run time.';
COMMENT ON COLUMN fairness.audit_run_log.scan_from IS 'Incremental runs: the high-water mark the run started after.';
COMMENT ON COLUMN fairness.audit_run_log.scan_to IS 'Incremental audits: the high-water mark after the run.';
COMMENT ON COLUMN fairness.audit_run_log.run_by IS 'Role that started the run (the run executed as the audit''s owner).';
COMMENT ON COLUMN fairness.audit_run_log.error_message IS 'Failed runs: the error.';
COMMENT ON COLUMN fairness.audit_run_log.error_sqlstate IS 'Failed runs: the SQLSTATE.';

