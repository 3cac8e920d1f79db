-- The demo of the README's first command (test/setup.sh runs
-- test/demo.sql): a generated hiring log with a planted gender disparity in
-- model v1 that the audit must flag, and a fair model v2 it must not flag.
\pset null '(null)'
-- (pg_regress runs from the top directory)
\i test/demo_hiring.sql
SELECT fairness.create_audit('hiring', 'hiring_decisions', '{gender}', 'qualified', 'hired',
                             slice_columns => '{model_version}', time_column => 'applied_at',
                             reference => 'male') > 0 AS created;
SELECT fairness.run_audit('hiring') AS run \gset
SELECT status, mode, rows_scanned, violations FROM fairness.audit_runs WHERE id = :run;
SELECT slice AS model, group_name AS gender, metric, n, round(value::numeric, 3) AS value,
       round(ratio::numeric, 2) AS ratio, status, alert
FROM fairness.latest_audit_report
WHERE audit = 'hiring' AND metric IN ('selection_rate', 'tpr', 'fpr')
ORDER BY slice, metric, group_name NULLS LAST;
-- v1 is flagged on all three rates, v2 on none
SELECT slice AS model, count(*) FILTER (WHERE status = 'disparity') AS disparities,
       count(*) FILTER (WHERE status = 'possible_disparity') AS possible, count(*) FILTER (WHERE alert) AS alerts
FROM fairness.latest_audit_report WHERE audit = 'hiring' GROUP BY 1 ORDER BY 1;
SELECT slice, group_name, metric, round(ratio::numeric, 2) AS ratio FROM fairness.alerts ORDER BY metric;
SELECT fairness.drop_audit('hiring');
DROP TABLE hiring_decisions;
