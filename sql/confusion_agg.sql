-- The aggregates: counting rules, NULL semantics, weights, several
-- attributes, merge and marginal, moving windows, errors, and agreement with
-- the plain-SQL count(*) FILTER (...) query a user would write.
\pset null '(null)'

CREATE TABLE d (g text, r text, a boolean, p boolean, w float8, day int);
-- group F: TP, FN, FP, FP (weights 2, 1, 0.5, 0.25)
-- group M: TP, TN, and one row with no label yet (predicted true)
-- unknown group (NULL): one row with label true and no prediction
INSERT INTO d VALUES
  ('F', 'x', true,  true,  2,    1),
  ('F', 'y', true,  false, 1,    1),
  ('F', 'x', false, true,  0.5,  2),
  ('F', NULL, false, true, 0.25, 2),
  ('M', 'x', true,  true,  1,    3),
  ('M', 'y', false, false, 1,    3),
  ('M', 'y', NULL,  true,  3,    4),
  (NULL, 'x', true, NULL,  1,    4);

-- by hand: F tp 1 fp 2 tn 0 fn 1; M tp 1 fp 0 tn 1 fn 0 + label_null_pred_true 1;
-- unknown: label_true_pred_null 1
SELECT fairness.confusion(g, a, p) FROM d;
SELECT fairness.total(c), fairness.group_count(c), fairness.attributes(c), fairness.is_weighted(c)
FROM (SELECT fairness.confusion(g, a, p) c FROM d) s;

-- weighted: weight sums beside the counts (F tp 2, fp 0.5 + 0.25, fn 1)
SELECT fairness.confusion(g, a, p, w) FROM d;

-- several attributes at once: one group per combination; NULLs are values
SELECT fairness.confusion(ARRAY[g, r], a, p) FROM d;
SELECT fairness.confusion(ARRAY[g, r], a, p, w) FROM d WHERE g = 'F';

-- marginal: the sex table and the r table from the one summary, equal to
-- aggregating directly
WITH s AS (SELECT fairness.confusion(ARRAY[g, r], a, p) c FROM d)
SELECT fairness.marginal(c, 1)::text = (SELECT fairness.confusion(g, a, p)::text FROM d) AS by_g,
       fairness.marginal(c, 2)::text = (SELECT fairness.confusion(r, a, p)::text FROM d) AS by_r,
       fairness.marginal(c, 2, 1)::text = (SELECT fairness.confusion(ARRAY[r, g], a, p)::text FROM d) AS swapped,
       fairness.marginal(c, 1, 2)::text = c::text AS identity
FROM s;
WITH s AS (SELECT fairness.confusion(ARRAY[g, r], a, p, w) c FROM d)
SELECT fairness.marginal(c, 1)::text = (SELECT fairness.confusion(g, a, p, w)::text FROM d) AS weighted_by_g FROM s;

-- no rows: NULL (like sum); all rows count, whatever is NULL
SELECT fairness.confusion(g, a, p) IS NULL AS no_rows FROM d WHERE false;
SELECT fairness.total(fairness.confusion(NULL::text, NULL, NULL)) FROM d;

-- merge: daily summaries into one, equal to a single pass
CREATE TABLE daily AS SELECT day, fairness.confusion(g, a, p) c, fairness.confusion(g, a, p, w) cw FROM d GROUP BY day;
SELECT fairness.merge(c)::text = (SELECT fairness.confusion(g, a, p)::text FROM d) AS merge_equals_one_pass,
       fairness.merge(cw)::text = (SELECT fairness.confusion(g, a, p, w)::text FROM d) AS weighted_merge
FROM daily;
SELECT fairness.merge(c) IS NULL AS merge_of_nothing FROM daily WHERE false;
SELECT fairness.merge(x) FROM (VALUES (NULL::fairness.confusion)) v(x);
-- pairwise merge; NULL is no data
SELECT fairness.merge(a.c, b.c) FROM daily a, daily b WHERE a.day = 1 AND b.day = 3;
SELECT fairness.merge(c, NULL)::text = c::text, fairness.merge(NULL, c)::text = c::text,
       fairness.merge(NULL::fairness.confusion, NULL) IS NULL
FROM daily WHERE day = 1;
-- weighted + unweighted: the unweighted rows weigh 1 each
SELECT fairness.merge(a.cw, b.c) FROM daily a, daily b WHERE a.day = 1 AND b.day = 3;

-- moving windows (msfunc/minvfunc): rolling two-day audits, equal to
-- recomputing each window from the rows
SELECT day, fairness.merge(c) OVER w AS rolling,
       fairness.merge(c) OVER w::text = (SELECT fairness.confusion(g, a, p)::text FROM d WHERE d.day BETWEEN daily.day - 1 AND daily.day) AS same
FROM daily WINDOW w AS (ORDER BY day ROWS 1 PRECEDING) ORDER BY day;
SELECT day, fairness.confusion(g, a, p, w) OVER (ORDER BY day RANGE 1 PRECEDING)::text
  = (SELECT fairness.confusion(g, a, p, w)::text FROM d d2 WHERE d2.day BETWEEN d.day - 1 AND d.day) AS same
FROM d ORDER BY day;

-- errors
\set VERBOSITY default
SELECT fairness.confusion(g, a, p, NULL) FROM d;
SELECT fairness.confusion(g, a, p, -1) FROM d;
SELECT fairness.confusion(g, a, p, 'NaN') FROM d;
SELECT fairness.confusion(g, a, p, 'Infinity') FROM d;
SELECT fairness.confusion(g, a, p, 1e308) FROM d;
SELECT fairness.confusion(NULL::text[], a, p) FROM d;
SELECT fairness.confusion(ARRAY[[g, r]], a, p) FROM d;
SELECT fairness.confusion('{}'::text[], a, p) FROM d;
SELECT fairness.confusion(CASE WHEN g = 'F' THEN ARRAY[g] ELSE ARRAY[g, r] END, a, p) FROM d;
SELECT fairness.confusion(repeat('x', 1025), a, p) FROM d;
SELECT fairness.merge(a.c, b.c) FROM daily a, (SELECT fairness.confusion(ARRAY[g, r], a, p) c FROM d) b WHERE a.day = 1;
SELECT fairness.marginal(fairness.confusion(ARRAY[g, r], a, p), 3) FROM d;
SELECT fairness.marginal(fairness.confusion(ARRAY[g, r], a, p), 1, 1) FROM d;
SELECT fairness.marginal(fairness.confusion(ARRAY[g, r], a, p), NULL) FROM d;
SELECT fairness.marginal(fairness.confusion(ARRAY[g, r], a, p), VARIADIC '{}'::int[]) FROM d;
-- transition functions are not callable on their own
SELECT fairness.confusion_trans(NULL, 'a', true, true);
SELECT fairness.confusion_combine(c, c) FROM daily;

-- fairness.max_groups: an identifier-like column is refused with a hint
SET fairness.max_groups = 3;
SELECT fairness.confusion(i::text, true, true) FROM generate_series(1, 4) i;
SELECT fairness.group_count(fairness.confusion(i::text, true, true)) FROM generate_series(1, 3) i;
SELECT fairness.merge(c) FROM (SELECT fairness.confusion(i::text, true, true) c FROM generate_series(1, 4) i GROUP BY i) s;
RESET fairness.max_groups;
SET fairness.max_groups = 0;
SHOW fairness.max_groups;
SET fairness.nonexistent = 1;

-- a larger table: the aggregate equals the hand-written SQL a user would
-- write, for every group and every cell; several groups, hash index in use
CREATE TABLE big AS
SELECT i,
       CASE WHEN i % 97 = 0 THEN NULL ELSE (ARRAY['female','male','non-binary'])[1 + (i * 7) % 3] END AS gender,
       'band' || (i % 40) AS band,
       CASE WHEN i % 13 = 0 THEN NULL ELSE ((i::bigint * 7919) % 10007) % 5 < 2 END AS actual,
       CASE WHEN i % 17 = 0 THEN NULL ELSE ((i::bigint * 104729) % 10009) % 7 < 3 END AS predicted
FROM generate_series(1, 100000) i;
WITH agg AS (SELECT * FROM fairness.group_metrics((SELECT fairness.confusion(ARRAY[gender, band], actual, predicted) FROM big)) WHERE NOT is_overall),
plain AS (
  SELECT ARRAY[gender, band] AS k, count(*) n,
         count(*) FILTER (WHERE actual AND predicted) tp,
         count(*) FILTER (WHERE NOT actual AND predicted) fp,
         count(*) FILTER (WHERE NOT actual AND NOT predicted) tn,
         count(*) FILTER (WHERE actual AND NOT predicted) fn,
         count(*) FILTER (WHERE actual IS NULL) label_null,
         count(*) FILTER (WHERE predicted IS NULL) prediction_null,
         count(*) FILTER (WHERE predicted)::float8 / nullif(count(predicted), 0) selection_rate,
         count(*) FILTER (WHERE actual)::float8 / nullif(count(actual), 0) base_rate,
         count(*) FILTER (WHERE actual AND predicted)::float8 / nullif(count(*) FILTER (WHERE actual AND predicted IS NOT NULL), 0) tpr,
         count(*) FILTER (WHERE NOT actual AND predicted)::float8 / nullif(count(*) FILTER (WHERE NOT actual AND predicted IS NOT NULL), 0) fpr,
         count(*) FILTER (WHERE actual AND predicted)::float8 / nullif(count(*) FILTER (WHERE predicted AND actual IS NOT NULL), 0) ppv
  FROM big GROUP BY 1)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE agg.tpr IS NULL) AS tpr_undefined,
       count(*) FILTER (WHERE (agg.n, agg.tp, agg.fp, agg.tn, agg.fn, agg.label_null, agg.prediction_null)
                            = (plain.n, plain.tp, plain.fp, plain.tn, plain.fn, plain.label_null, plain.prediction_null)) AS same_counts,
       count(*) FILTER (WHERE (agg.selection_rate, agg.base_rate, agg.tpr, agg.fpr, agg.ppv)
                            IS NOT DISTINCT FROM (plain.selection_rate, plain.base_rate, plain.tpr, plain.fpr, plain.ppv)) AS same_rates
FROM agg FULL JOIN plain ON agg.group_key = plain.k;
