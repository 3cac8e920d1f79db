-- Demo audit (run by test/setup.sh in a throwaway cluster): the COMPAS
-- recidivism-risk sample bundled in test/data (ProPublica, via aequitas).
\pset footer off
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
