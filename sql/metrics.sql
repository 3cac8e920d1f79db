-- Metrics on a small table whose every value was computed by hand (the
-- fractions below), including zero denominators, the unknown group, weights.
\pset null '(null)'

CREATE TABLE m (g text, a boolean, p boolean, w float8);
CREATE FUNCTION add_rows(grp text, actual boolean, predicted boolean, k int, weight float8 DEFAULT 1)
RETURNS void LANGUAGE sql AS $$ INSERT INTO m SELECT grp, actual, predicted, weight FROM generate_series(1, k) $$;
-- A: TP 3, FN 1, FP 2, TN 4, one row predicted true with no label, one row
--    labelled true with no prediction (n = 12)
SELECT add_rows('A', true, true, 3), add_rows('A', true, false, 1), add_rows('A', false, true, 2),
       add_rows('A', false, false, 4), add_rows('A', NULL, true, 1), add_rows('A', true, NULL, 1);
-- B: TP 1, FN 3, FP 1, TN 5 (n = 10)
SELECT add_rows('B', true, true, 1), add_rows('B', true, false, 3), add_rows('B', false, true, 1),
       add_rows('B', false, false, 5);
-- unknown group: TP 1, TN 1 (n = 2)
SELECT add_rows(NULL, true, true, 1), add_rows(NULL, false, false, 1);
CREATE TABLE s AS SELECT fairness.confusion(g, a, p) c FROM m;

SELECT group_name, group_key, is_overall, n, weight, tp, fp, tn, fn, label_null, prediction_null,
       predicted_positive, labeled_and_predicted
FROM fairness.group_metrics((SELECT c FROM s));

-- every rate against its hand-computed fraction (num / den); NULL where the
-- denominator is zero
CREATE TABLE expected (grp text, metric text, num float8, den float8);
INSERT INTO expected VALUES
 -- A: with a prediction 11 (6 true); with a label 11 (5 true); N = 24, all predicted true = 9
 ('A','representation',12,24), ('A','selection_rate',6,11), ('A','base_rate',5,11),
 ('A','tpr',3,4), ('A','fpr',2,6), ('A','tnr',4,6), ('A','fnr',1,4), ('A','ppv',3,5), ('A','npv',4,5),
 ('A','fdr',2,5), ('A','false_omission_rate',1,5), ('A','accuracy',7,10), ('A','f1',6,9), ('A','positive_share',6,9),
 ('B','representation',10,24), ('B','selection_rate',2,10), ('B','base_rate',4,10),
 ('B','tpr',1,4), ('B','fpr',1,6), ('B','tnr',5,6), ('B','fnr',3,4), ('B','ppv',1,2), ('B','npv',5,8),
 ('B','fdr',1,2), ('B','false_omission_rate',3,8), ('B','accuracy',6,10), ('B','f1',2,6), ('B','positive_share',2,9),
 (NULL,'representation',2,24), (NULL,'selection_rate',1,2), (NULL,'base_rate',1,2),
 (NULL,'tpr',1,1), (NULL,'fpr',0,1), (NULL,'tnr',1,1), (NULL,'fnr',0,1), (NULL,'ppv',1,1), (NULL,'npv',1,1),
 (NULL,'fdr',0,1), (NULL,'false_omission_rate',0,1), (NULL,'accuracy',2,2), (NULL,'f1',2,2), (NULL,'positive_share',1,9),
 -- overall: TP 5, FN 4, FP 3, TN 10, + 1 unlabeled predicted true, 1 unpredicted labelled true
 ('(all)','representation',24,24), ('(all)','selection_rate',9,23), ('(all)','base_rate',10,23),
 ('(all)','tpr',5,9), ('(all)','fpr',3,13), ('(all)','tnr',10,13), ('(all)','fnr',4,9), ('(all)','ppv',5,8),
 ('(all)','npv',10,14), ('(all)','fdr',3,8), ('(all)','false_omission_rate',4,14), ('(all)','accuracy',15,22),
 ('(all)','f1',10,17), ('(all)','positive_share',9,9);
CREATE VIEW got AS
SELECT CASE WHEN is_overall THEN '(all)' ELSE group_name END AS grp, metric, value
FROM fairness.group_metrics((SELECT c FROM s)) gm,
LATERAL (VALUES ('representation', representation), ('selection_rate', selection_rate), ('base_rate', base_rate),
  ('tpr', tpr), ('fpr', fpr), ('tnr', tnr), ('fnr', fnr), ('ppv', ppv), ('npv', npv), ('fdr', fdr),
  ('false_omission_rate', false_omission_rate), ('accuracy', accuracy), ('f1', f1), ('positive_share', positive_share)) v(metric, value);
SELECT count(*) AS compared,
       count(*) FILTER (WHERE got.value = e.num / e.den) AS exact
FROM got JOIN expected e ON got.grp IS NOT DISTINCT FROM e.grp AND got.metric = e.metric;
SELECT got.grp, got.metric, got.value, e.num / e.den AS expected
FROM got FULL JOIN expected e ON got.grp IS NOT DISTINCT FROM e.grp AND got.metric = e.metric
WHERE got.value IS DISTINCT FROM e.num / e.den;

-- zero denominators give NULL, never NaN or 0: a group with only negatives
SELECT group_name, n, selection_rate, tpr, fnr, ppv, fdr, f1, fpr, tnr, npv, accuracy
FROM fairness.group_metrics('{"version":1,"attributes":1,"groups":[{"group":"C","tn":2},{"group":"D","label_null_pred_null":3}]}');

-- Fairlearn parity over known groups A and B (the unknown group is excluded):
--   selection: A 6/11, B 2/10 -> difference 6/11 - 1/5 = 19/55, ratio (1/5)/(6/11) = 11/30
--   TPR: A 3/4, B 1/4 -> 1/2 and 1/3;  FPR: A 1/3, B 1/6 -> 1/6 and 1/2
--   equalized odds: max(1/2, 1/6) = 1/2, min(1/3, 1/2) = 1/3
SELECT fairness.demographic_parity_difference(c) = 6/11::float8 - 2/10::float8 AS dpd,
       fairness.demographic_parity_ratio(c) = (2/10::float8) / (6/11::float8) AS dpr,
       fairness.equal_opportunity_difference(c) = 0.5 AS eopd,
       fairness.equal_opportunity_ratio(c) = (1/4::float8) / (3/4::float8) AS eopr,
       fairness.equalized_odds_difference(c) = 0.5 AS eodd,
       fairness.equalized_odds_ratio(c) = (1/4::float8) / (3/4::float8) AS eodr
FROM s;
SELECT round(fairness.demographic_parity_difference(c)::numeric, 12) AS dpd,
       round(fairness.demographic_parity_ratio(c)::numeric, 12) AS dpr,
       round(fairness.equalized_odds_ratio(c)::numeric, 12) AS eodr
FROM s;
-- to_overall: overall selection 9/23 (the unknown group's rows count in the
-- overall rate); |A - 9/23| = 39/253, |B - 9/23| = 22/115 -> 22/115;
-- ratios min(9/23 / 6/11, 1/5 / 9/23) = 23/45
SELECT fairness.demographic_parity_difference(c, 'to_overall') = 9/23::float8 - 2/10::float8 AS dpd_overall,
       abs(fairness.demographic_parity_ratio(c, 'to_overall') - 23/45::float8) < 1e-15 AS dpr_overall
FROM s;
-- fewer than two groups with a defined rate: NULL (Fairlearn would report 0)
SELECT fairness.demographic_parity_difference('{"version":1,"attributes":1,"groups":[{"group":"A","tp":1},{"group":null,"fp":1}]}') AS one_group,
       fairness.equal_opportunity_difference('{"version":1,"attributes":1,"groups":[{"group":"A","tp":1},{"group":"B","fp":1}]}') AS tpr_undefined_in_b,
       fairness.demographic_parity_ratio('{"version":1,"attributes":1,"groups":[{"group":"A","fn":1},{"group":"B","tn":1}]}') AS all_zero;
SELECT fairness.demographic_parity_difference(c, 'worst') FROM s;

-- Aequitas disparities; default reference = largest known group (A, n = 12)
SELECT group_name, metric, round(value::numeric, 6) value, reference_group, round(reference_value::numeric, 6) reference_value,
       round(ratio::numeric, 6) ratio, round(difference::numeric, 6) difference, is_reference
FROM fairness.disparities((SELECT c FROM s))
WHERE metric IN ('selection_rate', 'fpr', 'fnr');
-- exact: B's selection ratio (1/5)/(6/11) = 11/30, fnr ratio (3/4)/(1/4) = 3
SELECT metric, ratio = CASE metric WHEN 'selection_rate' THEN (2/10::float8) / (6/11::float8)
                                   ELSE (3/4::float8) / (1/4::float8) END AS exact
FROM fairness.disparities((SELECT c FROM s)) WHERE group_name = 'B' AND metric IN ('selection_rate', 'fnr');
-- named reference; division by a zero reference rate gives NULL
SELECT group_name, metric, value, reference_value, ratio, difference
FROM fairness.disparities('{"version":1,"attributes":1,"groups":[{"group":"x","tp":1,"fn":1},{"group":"y","fn":2}]}', 'y')
WHERE metric IN ('tpr', 'fnr');
SELECT * FROM fairness.disparities((SELECT c FROM s), 'Z');
SELECT count(*) FROM fairness.disparities('{"version":1,"attributes":1,"groups":[{"group":null,"tp":1}]}');
-- several attributes: groups are named as JSON arrays
SELECT DISTINCT group_name, reference_group
FROM fairness.disparities((SELECT fairness.confusion(ARRAY[g, CASE WHEN a THEN 'y' ELSE 'n' END], a, p) FROM m), '["B","n"]')
ORDER BY 1;

-- SageMaker Clarify pre-training bias, each group against the other known groups:
--   A: n_d 12, n_a 10 -> CI (10 - 12)/22 = -1/11; q_d 5/11, q_a 4/10 -> DPL 4/10 - 5/11 = -3/55
--   B: CI 2/22 = 1/11; DPL 5/11 - 4/10 = 3/55
SELECT group_name, compared_to, n, n_compared, round(class_imbalance::numeric, 12) ci,
       round(label_proportion_difference::numeric, 12) dpl, round(label_proportion::numeric, 12) q
FROM fairness.pretraining_bias((SELECT c FROM s));
SELECT group_name, compared_to, class_imbalance, label_proportion_difference
FROM fairness.pretraining_bias((SELECT c FROM s), 'A');

-- weighted summaries give weighted rates:
--   A: TP w 2, FP w 1, TN w 3, FN w 0.5 -> selection (2 + 1)/6.5, tpr 2/2.5
CREATE TABLE wt (g text, a boolean, p boolean, w float8);
INSERT INTO wt VALUES ('A', true, true, 2), ('A', false, true, 1), ('A', false, false, 3), ('A', true, false, 0.5),
                      ('B', true, true, 1), ('B', false, false, 1);
SELECT group_name, n, weight, selection_rate = 3/6.5 AS sel_exact, tpr = 2/2.5 AS tpr_exact, representation = 6.5/8.5 AS repr_exact
FROM fairness.group_metrics((SELECT fairness.confusion(g, a, p, w) FROM wt)) WHERE group_name = 'A';
-- a weight of zero counts the row but gives it no weight: rate undefined
SELECT group_name, n, weight, selection_rate
FROM fairness.group_metrics((SELECT fairness.confusion(g, a, p, 0) FROM wt));
