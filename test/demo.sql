-- Demo audit (run by test/setup.sh in a throwaway cluster): the COMPAS
-- recidivism-risk sample bundled in test/data (ProPublica, via aequitas).
\pset footer off
\set ON_ERROR_STOP 1
\echo '== fairness demo: COMPAS risk scores (Broward County), audited by race'
CREATE EXTENSION IF NOT EXISTS fairness;
CREATE TEMP TABLE compas (entity_id int, score float8, label_value int, race text, sex text, age_cat text);
\copy compas FROM 'test/data/compas.csv' WITH (FORMAT csv, HEADER)

-- one pass: a storable, mergeable summary per race
CREATE TEMP TABLE audit AS
SELECT fairness.confusion(race, label_value = 1, score = 1) AS by_race,
       fairness.confusion(sex, label_value = 1, score = 1) AS by_sex
FROM compas;

\echo
\echo '-- per-group rates (high risk = predicted positive; reoffended within 2 years = actual positive)'
SELECT CASE WHEN is_overall THEN '(all rows)' ELSE group_name END AS group_name, n,
       round(selection_rate::numeric, 3) AS selection_rate,
       round(fpr::numeric, 3) AS fpr, round(fnr::numeric, 3) AS fnr, round(ppv::numeric, 3) AS ppv
FROM fairness.group_metrics((SELECT by_race FROM audit))
ORDER BY is_overall, n DESC;

\echo '-- disparities against Caucasian defendants (Aequitas ratios)'
SELECT group_name, metric, round(value::numeric, 3) AS value, round(reference_value::numeric, 3) AS caucasian,
       round(ratio::numeric, 2) AS ratio
FROM fairness.disparities((SELECT by_race FROM audit), 'Caucasian')
WHERE metric IN ('fpr', 'fnr') AND group_name IN ('African-American', 'Hispanic')
ORDER BY metric, group_name;

\echo '-- Fairlearn summary measures over all races and by sex'
SELECT 'race' AS attribute,
       round(fairness.demographic_parity_difference(by_race)::numeric, 3) AS demographic_parity_difference,
       round(fairness.equalized_odds_difference(by_race)::numeric, 3) AS equalized_odds_difference
FROM audit
UNION ALL
SELECT 'sex', round(fairness.demographic_parity_difference(by_sex)::numeric, 3),
       round(fairness.equalized_odds_difference(by_sex)::numeric, 3)
FROM audit;

\echo
\echo '== fairness demo: a registered audit of a hiring model (generated data, test/demo_hiring.sql)'
\echo '-- 6000 applications, two model versions in an A/B test; v1 scores women lower (planted), v2 is fair'
\ir demo_hiring.sql
SELECT fairness.create_audit('hiring', 'hiring_decisions',
                             group_columns => '{gender}',
                             actual_column => 'qualified',
                             predicted_column => 'hired',
                             slice_columns => '{model_version}',
                             time_column => 'applied_at',
                             reference => 'male') AS audit_id;
SELECT fairness.run_audit('hiring') AS run_id;

\echo '-- fairness.latest_audit_report: the latest run, per model version, gender and rate'
\echo '-- (non-binary: fewer than fairness.min_group_size rows, suppressed; NULL: gender not disclosed)'
SELECT slice AS model, group_name AS gender, metric, n, round(value::numeric, 3) AS value,
       round(ratio::numeric, 2) AS ratio_to_male, CASE WHEN p_value_adjusted < 0.0001 THEN '< 0.0001' ELSE round(p_value_adjusted::numeric, 4)::text END AS p_adjusted, status, alert
FROM fairness.latest_audit_report
WHERE audit = 'hiring' AND metric IN ('selection_rate', 'tpr', 'fpr')
ORDER BY slice, metric, group_name NULLS LAST;

\echo '-- fairness.alerts: open violations (model v1 only)'
SELECT audit, slice AS model, group_name AS gender, metric, round(ratio::numeric, 2) AS ratio, status FROM fairness.alerts;
