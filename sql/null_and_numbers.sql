-- Issue #10, found 1 and 7: NULL summaries, weighted sums out of range,
-- exact counts in chi_square_test, fairness.max_groups when partial states
-- are combined.  (Every function with NULL in every argument: stage
-- 25-null-safety, generated from the catalog.)
SET fairness.min_group_size = 0;
CREATE TABLE nn AS
SELECT i, (ARRAY['a', 'b', 'c'])[i % 3 + 1] AS race, i % 2 = 0 AS a, i % 5 < 2 AS p,
       (i % 7) / 7.0 AS score, 1000.0 + i AS pay
FROM generate_series(1, 300) i;

-- the summary of zero rows is NULL; every function taking it gives NULL or
-- no rows (the server crashed here before)
SELECT fairness.confusion(race, a, p) IS NULL AS null_summary FROM nn WHERE false;
SELECT * FROM fairness.disparities((SELECT fairness.confusion(race, a, p) FROM nn WHERE false));
SELECT count(*) FROM fairness.report((SELECT fairness.confusion(race, a, p) FROM nn WHERE false));
SELECT count(*) FROM fairness.report((SELECT fairness.confusion(race, a, p) FROM nn WHERE false), 'a');
SELECT count(*) FROM fairness.pretraining_bias(NULL);
SELECT count(*) FROM fairness.group_intervals(NULL);
SELECT fairness.demographic_parity_difference(NULL) IS NULL AS dpd,
       fairness.demographic_parity_ratio(NULL) IS NULL AS dpr,
       fairness.equal_opportunity_difference(NULL) IS NULL AS eopd,
       fairness.equal_opportunity_ratio(NULL) IS NULL AS eopr,
       fairness.equalized_odds_difference(NULL, 'between_groups') IS NULL AS eodd,
       fairness.equalized_odds_ratio(NULL) IS NULL AS eodr;
SELECT count(*) FROM fairness.score_report((SELECT fairness.scores(race, a, score) FROM nn WHERE false));
SELECT count(*) FROM fairness.outcome_gaps((SELECT fairness.outcomes(race, pay) FROM nn WHERE false));
SELECT count(*) FROM fairness.outcome_report((SELECT fairness.outcomes(race, pay) FROM nn WHERE false), 'a');
-- in the select list too (a set-returning function there gives no rows)
SELECT fairness.report(NULL::fairness.confusion) FROM nn WHERE i = 1;

-- weighted sums beyond float8: refused (22003) on every path, not
-- Infinity or NaN.  Each cell's sum is finite (1e308), their total is not.
\set VERBOSITY sqlstate
CREATE TABLE nn_huge AS
SELECT fairness.confusion(g, a, p, 1e308) AS c
FROM (VALUES ('a', true, true), ('a', false, true), ('a', true, false), ('b', true, true)) v(g, a, p);
SELECT count(*) FROM fairness.group_metrics((SELECT c FROM nn_huge));
SELECT count(*) FROM fairness.report((SELECT c FROM nn_huge));
SELECT count(*) FROM fairness.disparities((SELECT c FROM nn_huge));
SELECT count(*) FROM fairness.group_intervals((SELECT c FROM nn_huge));
SELECT count(*) FROM fairness.pretraining_bias((SELECT c FROM nn_huge));
SELECT count(*) FROM fairness.chi_square_test((SELECT c FROM nn_huge));
SELECT fairness.demographic_parity_ratio(c) FROM nn_huge;
-- the same for scores (two groups of 1.5e308 each) and outcomes
SELECT count(*) FROM fairness.scoring_rates((SELECT fairness.scores(g, a, s, 1.5e308)
  FROM (VALUES ('a', true, 0.5), ('b', false, 0.7)) v(g, a, s)));
SELECT count(*) FROM fairness.score_report((SELECT fairness.scores(g, a, s, 1.5e308)
  FROM (VALUES ('a', true, 0.5), ('b', false, 0.7)) v(g, a, s)));
SELECT count(*) FROM fairness.outcome_stats((SELECT fairness.outcomes(g, y, 1.5e308)
  FROM (VALUES ('a', 1.0), ('b', 1.0)) v(g, y)));
-- a total just below the largest float8 is accepted, every rate finite
-- (F1 = 2 TP / (2 TP + FP + FN) would overflow if computed with 2 TP)
SELECT group_name, n, weight, f1, accuracy FROM fairness.group_metrics((SELECT fairness.confusion(g, a, p, 4.4e307)
  FROM (VALUES ('a', true, true), ('a', false, true), ('a', true, false), ('b', true, true)) v(g, a, p)))
ORDER BY is_overall, group_name;
\set VERBOSITY default

-- chi_square_test counts exactly: n = 2^53 + 1 (a double would say 2^53)
-- and n = 2^63 - 1 (a double would overflow to a negative bigint)
SELECT n, n = 9007199254740993 AS exact FROM fairness.chi_square_test(
  '{"version":1,"attributes":1,"weighted":false,"groups":[{"group":"a","tp":9007199254740992},{"group":"b","tn":1}]}');
SELECT n, n = 9223372036854775807 AS exact FROM fairness.chi_square_test(
  '{"version":1,"attributes":1,"weighted":false,"groups":[{"group":"a","tp":4611686018427387904},{"group":"b","tn":4611686018427387903}]}');
-- statistic of a perfectly associated 2 x 2 table: chi^2 = n
SELECT statistic = 9007199254740993::float8 AS chi2_is_n, df FROM fairness.chi_square_test(
  '{"version":1,"attributes":1,"weighted":false,"groups":[{"group":"a","tp":9007199254740992},{"group":"b","tn":1}]}');

-- fairness.max_groups applies to combined partial states too.  Citus
-- computes one partial state per shard (here with a higher limit, as a
-- worker may have), ships it as text, and the coordinator folds the states
-- with the combine function, starting from no state.
SET fairness.max_groups = 100;
CREATE TABLE nn_shards AS
SELECT i % 4 AS shard, 'g' || (i % 20) AS g, i % 2 = 0 AS a, i % 3 = 0 AS p, i * 1.0 AS y
FROM generate_series(1, 2000) i;
CREATE TABLE nn_shipped AS
SELECT shard, fairness.confusion(g, a, p)::text AS partial,
       fairness.scores(g, a, y / 2000)::text AS partial_scores,
       fairness.outcomes(g, y)::text AS partial_outcomes
FROM nn_shards GROUP BY shard;
CREATE TABLE nn_shipped_one AS
SELECT fairness.confusion(g, a, p)::text AS partial FROM nn_shards;
CREATE AGGREGATE nn_combine(fairness.confusion) (
	SFUNC = fairness.confusion_combine, STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final);
CREATE AGGREGATE nn_combine(fairness.scores) (
	SFUNC = fairness.scores_combine, STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final);
CREATE AGGREGATE nn_combine(fairness.outcomes) (
	SFUNC = fairness.outcomes_combine, STYPE = fairness.outcomes,
	FINALFUNC = fairness.outcomes_final);
SELECT fairness.group_count(nn_combine(partial::fairness.confusion)) AS confusion,
       fairness.group_count(nn_combine(partial_scores::fairness.scores)) AS scores,
       fairness.group_count(nn_combine(partial_outcomes::fairness.outcomes)) AS outcomes
FROM nn_shipped;
SET fairness.max_groups = 5;
-- 4 partial states of 5 groups each: 20 groups
SELECT fairness.group_count(nn_combine(partial::fairness.confusion)) FROM nn_shipped;
SELECT fairness.group_count(nn_combine(partial_scores::fairness.scores)) FROM nn_shipped;
SELECT fairness.group_count(nn_combine(partial_outcomes::fairness.outcomes)) FROM nn_shipped;
-- one partial state of 20 groups (was accepted as the first state)
SELECT fairness.group_count(nn_combine(partial::fairness.confusion)) FROM nn_shipped_one;
SELECT fairness.group_count(fairness.merge(partial::fairness.confusion)) FROM nn_shipped_one;
RESET fairness.max_groups;
