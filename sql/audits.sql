-- Registered audits: definitions and their validation, snapshot runs, the
-- stored summaries, the report views, alerts, failures, alter/drop, and
-- scheduling without pg_cron.  (Incremental audits: audits_incremental;
-- privileges and hostile names: audits_security; the demo: audits_demo;
-- concurrency: specs/audits_concurrent.spec; pg_cron, pg_dump and the
-- Grafana dashboard: test/stages.)
\pset null '(null)'
\set SHOW_CONTEXT never

-- A loan-decision log: two model versions (the slices), gender with an
-- unknown group, decisions as booleans and as integers, a score.
CREATE TABLE loans (
	id integer,
	model_version text,
	gender text,
	region text,
	defaulted boolean,
	approved boolean,
	approved_int integer,
	score numeric,
	weight float8,
	note jsonb
);
INSERT INTO loans
SELECT i,
       CASE WHEN i <= 600 THEN 'm1' WHEN i <= 1200 THEN 'm2' ELSE NULL END,
       CASE WHEN i % 10 < 4 THEN 'f' WHEN i % 10 < 9 THEN 'm' ELSE NULL END,
       CASE WHEN i % 3 = 0 THEN 'north' ELSE 'south' END,
       i % 7 < 2,
       -- m1: women approved far less often; m2: same rule for everyone
       CASE WHEN i <= 600 AND i % 10 < 4 THEN i % 5 = 0 ELSE i % 2 = 0 END,
       CASE WHEN (CASE WHEN i <= 600 AND i % 10 < 4 THEN i % 5 = 0 ELSE i % 2 = 0 END) THEN 1 ELSE 0 END,
       ((i * 37) % 100) / 100.0,
       1 + i % 3,
       '{}'
FROM generate_series(1, 1260) i;

-- 1. Validation: every column must exist with a usable type
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', 'approvd');
SELECT fairness.create_audit('bad', 'loans', '{Gender}', 'defaulted', 'approved');
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'region', 'approved');
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', 'score');
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', weight_column => 'region');
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', 'approved', time_column => 'id');
SELECT fairness.create_audit('bad', 'loans', '{}', 'defaulted', 'approved');
SELECT fairness.create_audit('bad', 'loans', '{gender,gender}', 'defaulted', 'approved');
SELECT fairness.create_audit('bad', 'loans', '{gender}', NULL);
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', 'approved', score_column => 'score', threshold => 0.5);
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', threshold => 0.5);
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', impact_ratio_threshold => 1.25);
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', significance => 0);
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', alert_metrics => '{selection_rate,fairness}');
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', min_group_size => -1);
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', time_zone => 'Mars/Olympus');
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', evaluation_window => '30 days');
SELECT fairness.create_audit('', 'loans', '{gender}', 'defaulted');
SELECT fairness.create_audit(E'tab\there', 'loans', '{gender}', 'defaulted');
SELECT fairness.create_audit('bad', 'no_such_table', '{gender}', 'defaulted');
SELECT fairness.create_audit('bad', 'pg_class_oid_index', '{gender}', 'defaulted');
-- scores and outcomes (audits_kinds has their runs): each kind has its
-- metrics, an outcome audit takes outcome_column alone
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', score_column => 'score', alert_metrics => '{selection_rate}');
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', outcome_column => 'region');
SELECT fairness.create_audit('bad', 'loans', '{gender}', 'defaulted', outcome_column => 'score');
SELECT count(*) AS audits_after_errors FROM fairness.audits;

-- 2. A snapshot audit (no time column), sliced by model version
SELECT fairness.create_audit('loans by gender', 'loans', '{gender}', 'defaulted', 'approved',
                             slice_columns => '{model_version}', reference => 'm',
                             description => 'credit model, per version') > 0 AS created;
SELECT fairness.create_audit('loans by gender', 'loans', '{gender}', 'defaulted', 'approved');
SELECT name, owner = current_user::regrole AS mine, source_schema, source_table, group_columns, actual_column,
       predicted_column, slice_columns, reference, impact_ratio_threshold, significance, alert_metrics,
       high_water
FROM fairness.audits;
SELECT fairness.run_audit('loans by gender') AS run \gset
SELECT status, mode, rows_scanned, slices, violations, error_message, finished_at >= started_at AS timed
FROM fairness.audit_runs WHERE id = :run;
-- one result per slice, the NULL slice included; each equals the direct aggregate
SELECT slice_key, rows, violations,
       summary::text = (SELECT fairness.confusion(gender, defaulted, approved)::text FROM loans l
                        WHERE l.model_version IS NOT DISTINCT FROM r.slice_key[1]) AS equals_direct
FROM fairness.audit_results r WHERE run_id = :run ORDER BY slice_key;

-- 3. The report views: long format, one row per run x slice x group x metric
SELECT slice, group_name, metric, n, round(value::numeric, 4) AS value, reference_group,
       round(ratio::numeric, 4) AS ratio, status, alert
FROM fairness.latest_audit_report
WHERE audit = 'loans by gender' AND metric IN ('selection_rate', 'tpr', 'fpr')
ORDER BY slice NULLS LAST, metric, group_name NULLS LAST;
-- same numbers as fairness.report on the same rows
SELECT count(*) AS rows_compared,
       bool_and(v.value IS NOT DISTINCT FROM r.value AND v.ratio IS NOT DISTINCT FROM r.ratio
                AND v.p_value_adjusted IS NOT DISTINCT FROM r.p_value_adjusted AND v.status = r.status) AS same
FROM fairness.latest_audit_report v
JOIN fairness.report((SELECT fairness.confusion(gender, defaulted, approved) FROM loans WHERE model_version = 'm1'), 'm') r
  ON r.metric = v.metric AND r.group_name IS NOT DISTINCT FROM v.group_name
WHERE v.audit = 'loans by gender' AND v.slice = 'm1';
-- the alerts view: open violations of the latest runs
SELECT audit, slice, attribute, group_name, metric, round(ratio::numeric, 4) AS ratio, status FROM fairness.alerts ORDER BY metric;
-- small-cell suppression applies to the views (the setting of the reader)
SET fairness.min_group_size = 200;
SELECT slice, group_name, status, value FROM fairness.latest_audit_report
WHERE audit = 'loans by gender' AND metric = 'selection_rate' ORDER BY slice NULLS LAST, group_name NULLS LAST;
RESET fairness.min_group_size;
-- plain SQL types only in the views (BI tools), every column commented
SELECT c.relname, count(*) AS columns,
       count(*) FILTER (WHERE t.typnamespace <> 'pg_catalog'::regnamespace) AS extension_types,
       count(*) FILTER (WHERE col_description(c.oid, a.attnum) IS NULL) AS uncommented
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
JOIN pg_type t ON t.oid = a.atttypid
WHERE c.relnamespace = 'fairness'::regnamespace AND c.relkind = 'v'
GROUP BY c.relname ORDER BY c.relname;

-- 4. Every run is kept: a second run, audit_report has both
SELECT fairness.run_audit('loans by gender') AS run2 \gset
SELECT run_id = :run AS first_run, count(*) FROM fairness.audit_report
WHERE audit = 'loans by gender' GROUP BY 1 ORDER BY 1;
SELECT count(DISTINCT run_id) AS runs_in_latest FROM fairness.latest_audit_report WHERE audit = 'loans by gender';

-- 5. Verdict settings are per audit and recorded per run
SELECT fairness.alter_audit('loans by gender', '{"impact_ratio_threshold": 0.3, "significance": 0.01}');
SELECT fairness.run_audit('loans by gender') AS run3 \gset
SELECT run_id = :run3 AS latest, count(*) FILTER (WHERE alert) AS alerts
FROM fairness.audit_report WHERE audit = 'loans by gender' AND run_id IN (:run2, :run3) GROUP BY 1 ORDER BY 1;
SELECT definition ->> 'impact_ratio_threshold' AS threshold_used FROM fairness.audit_runs WHERE id IN (:run2, :run3) ORDER BY id;
-- alerts on possible disparities too, and on other metrics
SELECT fairness.alter_audit('loans by gender', '{"impact_ratio_threshold": 0.8, "significance": 0.05, "require_significance": false, "alert_metrics": ["selection_rate", "fpr"]}');
SELECT fairness.run_audit('loans by gender') AS run4 \gset
SELECT metric, status, count(*) FROM fairness.audit_report WHERE run_id = :run4 AND alert GROUP BY 1, 2 ORDER BY 1, 2;
SELECT fairness.alter_audit('loans by gender', '{"require_significance": true, "alert_metrics": ["selection_rate", "tpr", "fpr"]}');
-- alter: errors
SELECT fairness.alter_audit('loans by gender', '{"colour": "blue", "id": 3}');
SELECT fairness.alter_audit('loans by gender', '{"group_columns": ["sex"]}');
SELECT fairness.alter_audit('loans by gender', '{"source": "nowhere.loans"}');
SELECT fairness.alter_audit('loans by gender', '[1]');
SELECT fairness.alter_audit('no such audit', '{}');

-- 6. Several group columns: one report per attribute, and intersections
SELECT fairness.create_audit('loans by gender and region', 'loans', '{gender,region}', 'defaulted', 'approved_int',
                             intersections => true) > 0 AS created;
SELECT fairness.run_audit('loans by gender and region') AS run5 \gset
SELECT attribute, count(DISTINCT group_name) AS groups, count(*) AS report_rows
FROM fairness.latest_audit_report WHERE audit = 'loans by gender and region' GROUP BY 1 ORDER BY 1;
SELECT summary::text = (SELECT fairness.confusion(ARRAY[gender, region], defaulted, approved_int <> 0)::text FROM loans) AS equals_direct
FROM fairness.audit_results WHERE run_id = :run5;

-- 7. Scores cut at a threshold, weights
SELECT fairness.create_audit('scores', 'loans', '{gender}', 'defaulted', score_column => 'score', threshold => 0.5,
                             weight_column => 'weight') > 0 AS created;
SELECT fairness.run_audit('scores') AS run6 \gset
SELECT summary::text = (SELECT fairness.confusion(gender, defaulted, score::float8 >= 0.5, weight)::text FROM loans) AS equals_direct,
       fairness.is_weighted(summary) AS weighted
FROM fairness.audit_results WHERE run_id = :run6;

-- 8. A failed run is recorded, keeps no partial result, and the next run works again
ALTER TABLE loans RENAME COLUMN approved_int TO decision;
SELECT fairness.run_audit('loans by gender and region') AS failed \gset
SELECT status, error_sqlstate, error_message, rows_scanned, violations FROM fairness.audit_runs WHERE id = :failed;
SELECT count(*) AS results_of_failed_run FROM fairness.audit_results WHERE run_id = :failed;
SELECT count(*) AS failed_runs_in_reports FROM fairness.audit_report WHERE run_id = :failed;
SELECT audit, status, error_sqlstate FROM fairness.audit_run_log WHERE run_id = :failed;
ALTER TABLE loans RENAME COLUMN decision TO approved_int;
SELECT fairness.run_audit('loans by gender and region') AS run7 \gset
SELECT status, rows_scanned FROM fairness.audit_runs WHERE id = :run7;
-- a failure deep inside the aggregate (too many groups) is recorded too
SET fairness.max_groups = 2;
SELECT fairness.run_audit('scores') AS failed2 \gset
RESET fairness.max_groups;
SELECT status, error_sqlstate, error_message FROM fairness.audit_runs WHERE id = :failed2;
-- a run is part of the caller's transaction: a rollback undoes it, record included
BEGIN;
SELECT fairness.run_audit('scores') > 0 AS ran;
ROLLBACK;
SELECT count(*) AS runs_of_scores FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id WHERE a.name = 'scores';

-- 9. run_all_audits: every enabled audit of the caller
SELECT fairness.alter_audit('scores', '{"enabled": false}');
SELECT audit, status, rows_scanned FROM fairness.run_all_audits() ORDER BY audit;

-- 10. Scheduling without pg_cron: a clear error, with how to do it externally
\set VERBOSITY default
SELECT fairness.schedule_audit('scores', '*/15 * * * *');
SELECT fairness.unschedule_audit('scores');

-- 11. rename and drop (history goes with the audit)
SELECT fairness.alter_audit('scores', '{"name": "weighted scores", "description": "renamed"}');
SELECT name, description FROM fairness.audits WHERE id = (SELECT audit_id FROM fairness.audit_runs WHERE id = :run6);
SELECT fairness.drop_audit('weighted scores');
SELECT count(*) AS leftover_runs FROM fairness.audit_runs WHERE id = :run6;
SELECT count(*) AS leftover_results FROM fairness.audit_results WHERE run_id = :run6;
SELECT fairness.drop_audit('weighted scores');

-- 12. the tables and sequences are kept by pg_dump
SELECT unnest(extconfig)::regclass AS dumped FROM pg_extension WHERE extname = 'fairness';

-- fairness.audit_summary_report on its own: a summary, its settings
SELECT attribute, group_name, metric, round(ratio::numeric, 4) AS ratio, status, alert
FROM fairness.audit_summary_report((SELECT fairness.confusion(gender, defaulted, approved) FROM loans WHERE model_version = 'm1'),
                                   '{gender}', reference => 'm', impact_ratio_threshold => 0.5)
WHERE metric = 'selection_rate';
SHOW fairness.impact_ratio_threshold;

-- a notification stays under PostgreSQL's 8000-byte payload limit: the last
-- entries of "top" go (20 strings of 1,000 bytes with their quotes, 1,002
-- with the separator: 7 are kept, about 7,040 bytes in all, where 8 would
-- pass 7,900); a small payload goes unchanged
SELECT octet_length(t) < 7900 AS fits, jsonb_array_length(t::jsonb -> 'top') AS kept,
       t::jsonb ->> 'audit' AS audit
FROM fairness.audit_notify(jsonb_build_object('audit', 'big',
     'top', (SELECT jsonb_agg(repeat(chr(97 + i % 26), 998)) FROM generate_series(1, 20) i))) t;
SELECT fairness.audit_notify('{"audit": "small", "top": [1, 2]}') AS sent;

SELECT fairness.drop_audit(name) FROM fairness.audits ORDER BY name;
DROP TABLE loans;
