-- fairness.report, group_intervals, chi_square_test: statuses, suppression,
-- the unknown group, weighted summaries, argument errors.  (Numerical values
-- are checked against scipy/statsmodels in report_reference.)
\pset null '(null)'

-- A: 40 rows, selection 10/40; B: 60 rows, selection 30/60; C: 5 rows
-- (below the default fairness.min_group_size of 10); unknown group: 12 rows
CREATE TABLE r (g text, a boolean, p boolean);
INSERT INTO r SELECT 'A', i % 2 = 0, i <= 10 FROM generate_series(1, 40) i;
INSERT INTO r SELECT 'B', i % 2 = 0, i <= 30 FROM generate_series(1, 60) i;
INSERT INTO r SELECT 'C', i % 2 = 0, i <= 1 FROM generate_series(1, 5) i;
INSERT INTO r SELECT NULL, i % 2 = 0, i <= 6 FROM generate_series(1, 12) i;
CREATE TABLE rs AS SELECT fairness.confusion(g, a, p) c FROM r;

-- default reference: the largest known group (B); C suppressed: no value at all
SELECT group_name, metric, n, round(value::numeric, 4) AS value, reference_group,
       round(reference_value::numeric, 4) AS ref, round(ratio::numeric, 4) AS ratio, test,
       adverse_impact, shortfall, flip_flop, status
FROM fairness.report((SELECT c FROM rs)) WHERE metric = 'selection_rate';
-- suppressed rows carry no number at all
SELECT count(*) AS suppressed_rows,
       count(*) FILTER (WHERE num_nonnulls(n, value, ci_low, ci_high, reference_value, difference, difference_ci_low,
                                           difference_ci_high, ratio, ratio_ci_low, ratio_ci_high, test, p_value,
                                           p_value_midp, p_value_adjusted, adverse_impact, shortfall, flip_flop) = 0) AS fully_hidden
FROM fairness.report((SELECT c FROM rs)) WHERE status = 'suppressed';
-- the argument overrides the setting; 0 disables suppression
SELECT group_name, status FROM fairness.report((SELECT c FROM rs), min_group_size => 0) WHERE metric = 'selection_rate';
SET fairness.min_group_size = 50;
SELECT group_name, status FROM fairness.report((SELECT c FROM rs)) WHERE metric = 'selection_rate';
-- a suppressed reference: values shown, no comparison
SELECT group_name, value IS NOT NULL AS has_value, ratio, status
FROM fairness.report((SELECT c FROM rs), 'A') WHERE metric = 'selection_rate';
RESET fairness.min_group_size;
-- the threshold is a setting: A's ratio 0.25/0.5 = 0.5 crosses 0.8 but not 0.4
SET fairness.impact_ratio_threshold = 0.4;
SELECT group_name, adverse_impact, status FROM fairness.report((SELECT c FROM rs)) WHERE metric = 'selection_rate' AND group_name = 'A';
RESET fairness.impact_ratio_threshold;
-- Holm: adjusted p-values are never below the raw ones and never above 1
SELECT bool_and(p_value_adjusted >= p_value AND p_value_adjusted <= 1) AS holm_sane, count(p_value) AS tests
FROM fairness.report((SELECT c FROM rs));
-- zero denominators: insufficient_data (no ground truth yet in group D)
SELECT group_name, metric, value, status
FROM fairness.report('{"version":1,"attributes":1,"groups":[{"group":"D","label_null_pred_true":20},{"group":"E","tp":10,"fn":10}]}', 'E', min_group_size => 0)
WHERE metric IN ('selection_rate', 'tpr') ORDER BY 1, 2;
-- weighted summaries: weighted rate; z-test only
SELECT group_name, round(value::numeric, 6) AS value, test, status
FROM fairness.report((SELECT fairness.confusion(g, a, p, CASE WHEN p THEN 2 ELSE 1 END) FROM r))
WHERE metric = 'selection_rate';
-- argument errors
SELECT * FROM fairness.report((SELECT c FROM rs), confidence => 1);
SELECT * FROM fairness.report((SELECT c FROM rs), confidence => 0);
SELECT * FROM fairness.report((SELECT c FROM rs), min_group_size => -1);
SELECT * FROM fairness.report((SELECT c FROM rs), interval_method => 'agresti');
SELECT * FROM fairness.report((SELECT c FROM rs), 'nobody');
SET fairness.impact_ratio_threshold = 1.5;
SET fairness.min_group_size = -1;

-- group_intervals: Wilson by default, Clopper-Pearson on request; 0 of n and n of n
SELECT group_name, metric, numerator, denominator, value, round(ci_low::numeric, 6) lo, round(ci_high::numeric, 6) hi
FROM fairness.group_intervals('{"version":1,"attributes":1,"groups":[{"group":"x","tp":5,"fn":0,"fp":0,"tn":7}]}')
WHERE metric IN ('tpr', 'fpr') AND NOT is_overall;
SELECT group_name, metric, round(ci_low::numeric, 6) lo, round(ci_high::numeric, 6) hi
FROM fairness.group_intervals('{"version":1,"attributes":1,"groups":[{"group":"x","tp":5,"fn":0,"fp":0,"tn":7}]}', 0.95, 'clopper-pearson')
WHERE metric IN ('tpr', 'fpr') AND NOT is_overall;

-- chi-square: a single known group has no test
SELECT * FROM fairness.chi_square_test('{"version":1,"attributes":1,"groups":[{"group":"x","tp":5},{"group":null,"fp":3}]}');
SELECT round(statistic::numeric, 6), df, round(p_value::numeric, 8), n FROM fairness.chi_square_test((SELECT c FROM rs));
