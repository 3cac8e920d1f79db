-- fairness.scores: text/jsonb/binary forms and their validation, the
-- aggregates (NULL rules, weights, several attributes, ranges, errors),
-- statistics on a table small enough to check by hand, merge, moving
-- windows, and parallel plans.  (Statistics against independent values on
-- a larger fixture: scores_reference.)
-- own schema: names never clash with the other tests of the suite
CREATE SCHEMA scores_test;
SET search_path = scores_test;
\pset null '(null)'

CREATE FUNCTION try_in(t text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
	PERFORM t::fairness.scores;
	RETURN 'ok';
EXCEPTION WHEN others THEN
	GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' | ' || nullif(d, ''), '');
END $$;

-- A small table, 10 bins on [0, 1].  Group a: positives 0.9 and 0.8,
-- negatives 0.1 and 0.85, one unlabeled row at 0.3; group b: a positive at
-- 0.35, a negative at 0.3; the unknown group (NULL): one negative at 0.5.
CREATE TABLE d (g text, r text, a boolean, s float8, w float8, t int);
INSERT INTO d VALUES
  ('a', 'x', true,  0.9,  2,   1),
  ('a', 'y', true,  0.8,  1,   1),
  ('a', 'x', false, 0.1,  0.5, 2),
  ('a', 'y', false, 0.85, 1,   2),
  ('a', 'x', NULL,  0.3,  1,   3),
  ('b', 'x', true,  0.35, 1,   3),
  ('b', 'y', false, 0.3,  3,   4),
  (NULL, 'x', false, 0.5, 1,   4);

-- canonical text form: groups in key order (unknown last), non-empty bins
-- only: [bin, count true, count false, count unlabeled, score sum of the
-- labelled rows]; squared errors (1 - s)^2 over label true, s^2 over false
SELECT fairness.scores(g, a, s, 10, 0, 1) FROM d;
SELECT fairness.scores(g, a, s, w, 10, 0, 1) FROM d;
SELECT fairness.scores(ARRAY[g, r], a, s, 10, 0, 1) FROM d WHERE g = 'a';
SELECT fairness.total(x), fairness.group_count(x), fairness.attributes(x), fairness.is_weighted(x),
       fairness.bins(x), fairness.score_lower(x), fairness.score_upper(x)
FROM (SELECT fairness.scores(g, a, s) x FROM d) q;
SELECT * FROM fairness.histogram((SELECT fairness.scores(g, a, s, w, 10, 0, 1) FROM d));

-- by hand, group a: pairs (positive, negative) (0.9,0.1) (0.9,0.85) (0.8,0.1)
-- ordered, (0.8,0.85) reversed: exact AUC 3/4; with 10 bins 0.8 and 0.85
-- share bin 8 and count 1/2: 0.875, bound 1/2 * 1 * 1 / 4 = 0.125; with the
-- default 1000 bins they do not: 0.75 exactly.  Group b: 1.  Brier of a:
-- (0.01 + 0.04 + 0.01 + 0.7225) / 4 = 0.195625.
SELECT group_name, is_overall, n_positive, n_negative, auc, error_bound,
       round(std_error::numeric, 6) AS std_error, round(ci_low::numeric, 6) AS ci_low,
       round(ci_high::numeric, 6) AS ci_high
FROM fairness.auc((SELECT fairness.scores(g, a, s, 10, 0, 1) FROM d));
SELECT group_name, auc, error_bound FROM fairness.auc((SELECT fairness.scores(g, a, s) FROM d));
SELECT group_name, is_overall, n, brier_score FROM fairness.brier_score((SELECT fairness.scores(g, a, s) FROM d));
-- ROC of group a: thresholds at the lower edges of the non-empty bins
SELECT threshold, fpr, tpr FROM fairness.roc((SELECT fairness.scores(g, a, s, 10, 0, 1) FROM d))
WHERE group_name = 'a';
-- sweep: selection rate over all rows (the unlabeled one too)
SELECT group_name, is_overall, threshold, selection_rate, tpr, fpr, ppv, selected, tp, fp, tn, fn, n
FROM fairness.threshold_sweep((SELECT fairness.scores(g, a, s, 10, 0, 1) FROM d), 2);
-- calibration (5 bins over 10): bin 5 of a holds 0.9, 0.8 and 0.85
SELECT group_name, is_overall, bin, bin_lower, bin_upper, n, weight, mean_score, observed_rate
FROM fairness.calibration((SELECT fairness.scores(g, a, s, 10, 0, 1) FROM d), 5);
SELECT group_name, is_overall, n, ece, max_calibration_error
FROM fairness.expected_calibration_error((SELECT fairness.scores(g, a, s, 10, 0, 1) FROM d), 5);
SELECT round(fairness.auc_gap(x)::numeric, 6) AS auc_gap,
       round(fairness.calibration_gap(x, 5)::numeric, 6) AS calibration_gap,
       fairness.ks_statistic(x, 'a', 'b') AS ks, fairness.ks_statistic_bound(x, 'a', 'b') AS ks_bound
FROM (SELECT fairness.scores(g, a, s, 10, 0, 1) x FROM d) q;
-- scoring rates: the median of all 8 scores lies in bin 3 (0.3, 0.3, 0.35)
SELECT * FROM fairness.scoring_rates((SELECT fairness.scores(g, a, s, 10, 0, 1) FROM d));

-- the long-format report against group a
SELECT group_name, metric, round(value::numeric, 6) AS value, round(ci_low::numeric, 6) AS ci_low,
       round(ci_high::numeric, 6) AS ci_high, reference_group, round(reference_value::numeric, 6) AS reference_value,
       round(difference::numeric, 6) AS difference, round(ratio::numeric, 6) AS ratio,
       round(p_value::numeric, 6) AS p_value, status
FROM fairness.score_report((SELECT fairness.scores(g, a, s, 10, 0, 1) FROM d), 'a', 5);
-- scores that are not probabilities: no Brier score or calibration rows
SELECT DISTINCT metric FROM fairness.score_report((SELECT fairness.scores(g, a, s * 100, 10, 0, 100) FROM d)) ORDER BY 1;

-- at_threshold: a fairness.confusion summary, so every confusion metric
-- works on scores.  0.5 is a bin edge: exact.  0.55 is not: moved up to 0.6.
SELECT fairness.at_threshold(x, 0.5) FROM (SELECT fairness.scores(g, a, s, 10, 0, 1) x FROM d) q;
SELECT fairness.at_threshold(x, 0.55) FROM (SELECT fairness.scores(g, a, s, 10, 0, 1) x FROM d) q;
SELECT fairness.at_threshold(x, 0.5)::text = (SELECT fairness.confusion(g, a, s >= 0.5)::text FROM d) AS same_as_confusion,
       fairness.at_threshold(x, -1)::text = (SELECT fairness.confusion(g, a, true)::text FROM d) AS below_range,
       fairness.at_threshold(x, 2)::text = (SELECT fairness.confusion(g, a, false)::text FROM d) AS above_range
FROM (SELECT fairness.scores(g, a, s, 10, 0, 1) x FROM d) q;
SELECT fairness.at_threshold(x, 0.5) FROM (SELECT fairness.scores(g, a, s, w, 10, 0, 1) x FROM d) q;
SELECT round(fairness.demographic_parity_difference(fairness.at_threshold(x, 0.5))::numeric, 4) AS dp_difference
FROM (SELECT fairness.scores(g, a, s) x FROM d) q;

-- no rows: NULL; scores on another range; the text[] form
SELECT fairness.scores(g, a, s) IS NULL AS no_rows FROM d WHERE false;
SELECT fairness.scores(g, a, s * 100, 4, 0, 100) FROM d WHERE g = 'b';
SELECT fairness.scores(ARRAY[g, NULL], a, s, 2, 0, 1) FROM d WHERE g IS NULL;

-- text and jsonb round trips are exact
CREATE TABLE rt (x fairness.scores);
INSERT INTO rt SELECT fairness.scores(g, a, s) FROM d;
INSERT INTO rt SELECT fairness.scores(g, a, s, w, 7, -0.5, 1.25) FROM d;
INSERT INTO rt SELECT fairness.scores(ARRAY[g, r], a, s, w) FROM d;
INSERT INTO rt VALUES ('{"version":1,"attributes":1,"bins":3,"lower":0,"upper":1,"groups":[]}');
SELECT count(*) FILTER (WHERE x::text::fairness.scores::text = x::text) AS text_roundtrip,
       count(*) FILTER (WHERE x::jsonb::fairness.scores::text = x::text) AS jsonb_roundtrip
FROM rt;
-- keys in any order, whitespace, optional keys
SELECT ' {"groups":[{"histogram":[[1,0,0,2,0]],"group":"q","unlabeled_score_sum":0.75}],
   "upper":1, "lower":0, "bins":4, "attributes":1, "version":1} '::fairness.scores;
-- binary round trip through COPY BINARY (send/recv) and COPY text
\copy rt TO 'results/scores.bin' WITH (FORMAT binary)
CREATE TABLE rt2 (LIKE rt);
\copy rt2 FROM 'results/scores.bin' WITH (FORMAT binary)
SELECT count(*) AS rows, count(*) FILTER (WHERE a.x::text = b.x::text) AS equal
FROM (SELECT x, row_number() OVER () r FROM rt) a JOIN (SELECT x, row_number() OVER () r FROM rt2) b USING (r);
\copy rt TO 'results/scores.txt'
TRUNCATE rt2;
\copy rt2 FROM 'results/scores.txt'
SELECT count(*) FROM rt2 JOIN rt ON rt.x::text = rt2.x::text;

-- malformed text: each refused with its SQLSTATE
SELECT v AS input, try_in(v) AS result FROM (VALUES
  (''),
  ('[]'),
  ('{"version":1,"attributes":1,"lower":0,"upper":1,"groups":[]}'),
  ('{"version":2,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[]}'),
  ('{"version":1,"attributes":0,"bins":4,"lower":0,"upper":1,"groups":[]}'),
  ('{"version":1,"attributes":1,"bins":0,"lower":0,"upper":1,"groups":[]}'),
  ('{"version":1,"attributes":1,"bins":100001,"lower":0,"upper":1,"groups":[]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":1,"upper":1,"groups":[]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":-1e308,"upper":1e308,"groups":[]}'),
  ('{"version":1,"attributes":1,"bins":100000,"lower":1,"upper":1.000000000001,"groups":[]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[],"x":1}'),
  ('{"version":1,"attributes":1,"bins":4,"bins":4,"lower":0,"upper":1,"groups":[]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"histogram":[[1,1,0,0,0.3]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a"}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","histogram":[]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","histogram":[[4,0,0,1,0]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","histogram":[[2,0,0,1,0],[1,0,0,1,0]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","histogram":[[1,0,0,0,0]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","histogram":[[1,0,0,-1,0]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","histogram":[[1,0,0,1.5,0]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","histogram":[[1,0,0,1]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","histogram":[[1,1,0,0,0.6]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","histogram":[[1,0,0,1,0.3]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","squared_error":[0.9,0],"histogram":[[1,1,0,0,0.3]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","squared_error":[0.49,0],"histogram":[[1,1,0,0,0.3]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","squared_error":[0.49,0.1],"histogram":[[1,1,0,0,0.3]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","unlabeled_score_sum":0.9,"histogram":[[1,0,0,1,0]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","unlabeled_score_sum":0.3,"histogram":[[1,0,0,1,0]]},{"group":"a","unlabeled_score_sum":0.3,"histogram":[[1,0,0,1,0]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","unlabeled_score_sum":3e18,"histogram":[[1,0,0,9223372036854775807,0]]},{"group":"b","unlabeled_score_sum":0.3,"histogram":[[1,0,0,1,0]]}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","unlabeled_score_sum":0.3,"histogram":[[1,0,0,1,0]]}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","unlabeled_score_sum":0.3,"histogram":[[1,0,0,1,0,0,-1,0]]}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","unlabeled_score_sum":0.3,"histogram":[[1,0,0,1,1,0,1,0]]}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","unlabeled_score_sum":0.6,"histogram":[[1,0,0,1,0,0,2,0]]}]}'),
  ('{"version":1,"attributes":1,"weighted":"yes","bins":4,"lower":0,"upper":1,"groups":[]}'),
  ('{"version":1,"attributes":2,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","histogram":[[1,0,0,1,0]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"\u0000","histogram":[[1,0,0,1,0]]}]}'),
  ('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","histogram":[[1,0,0,1,1e999]]}]}')
) t(v);

-- binary input: COPY BINARY files built by hand
CREATE FUNCTION copy_file(payload bytea) RETURNS bytea LANGUAGE sql AS $$
  SELECT '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
      || '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea $$;
CREATE TEMP TABLE recv_t (x fairness.scores);
CREATE FUNCTION try_recv(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text; loid oid;
BEGIN
	loid := lo_from_bytea(0, copy_file(payload));
	PERFORM lo_export(loid, '/tmp/fairness_regress_scores_recv.bin');
	PERFORM lo_unlink(loid);
	TRUNCATE recv_t;
	COPY recv_t FROM '/tmp/fairness_regress_scores_recv.bin' WITH (FORMAT binary);
	RETURN (SELECT 'ok: ' || x::text FROM recv_t);
EXCEPTION WHEN others THEN
	GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' | ' || nullif(d, ''), '');
END $$;
-- a valid value: 4 bins on [0, 1], group "a" with 2 unlabeled rows in bin 1
-- whose scores sum to 0.5
\set ok '\'\\x0100000100000004' '0000000000000000' '3ff0000000000000' '00000001' '00000001' '61' '0000000000000000' '0000000000000000' '3fe0000000000000' '00000001' '00000001' '0000000000000000' '0000000000000000' '0000000000000002' '0000000000000000\''
SELECT try_recv(:ok::bytea);
SELECT encode(fairness.scores_send('{"version":1,"attributes":1,"bins":4,"lower":0,"upper":1,"groups":[{"group":"a","unlabeled_score_sum":0.5,"histogram":[[1,0,0,2,0]]}]}'), 'hex') = substr(:ok, 3) AS send_matches;
SELECT label, try_recv(b) FROM (VALUES
  ('empty', '\x'::bytea),
  ('truncated header', '\x01000001'::bytea),
  ('version 2', overlay(:ok::bytea placing '\x02'::bytea from 1)),
  ('unknown flag', overlay(:ok::bytea placing '\x04'::bytea from 2)),
  ('0 attributes', overlay(:ok::bytea placing '\x0000'::bytea from 3)),
  ('0 bins', overlay(:ok::bytea placing '\x00000000'::bytea from 5)),
  ('NaN lower', overlay(:ok::bytea placing '\x7ff8000000000000'::bytea from 9)),
  ('more groups than bytes', overlay(:ok::bytea placing '\x7fffffff'::bytea from 25)),
  ('bin out of range', overlay(:ok::bytea placing '\x00000004'::bytea from 62)),
  ('negative count', overlay(:ok::bytea placing '\xffffffffffffffff'::bytea from 82)),
  ('impossible score sum', overlay(:ok::bytea placing '\x3ff0000000000000'::bytea from 90)),
  ('impossible unlabeled sum', overlay(:ok::bytea placing '\x4000000000000000'::bytea from 50)),
  ('NaN squared error', overlay(:ok::bytea placing '\x7ff8000000000000'::bytea from 34)),
  ('trailing byte', :ok::bytea || '\x00'::bytea),
  ('truncated last byte', substring(:ok::bytea from 1 for length(:ok::bytea) - 1)),
  ('zero byte in name', overlay(:ok::bytea placing '\x00'::bytea from 33)),
  ('invalid UTF-8 name', overlay(:ok::bytea placing '\xff'::bytea from 33))
) t(label, b);

-- errors of the aggregates
\set VERBOSITY default
SELECT fairness.scores(g, a, s * 2) FROM d;
SELECT fairness.scores(g, a, s - 1, 10, -1, 0) FROM d WHERE s > 0.5;
SELECT fairness.scores(g, a, 'NaN') FROM d;
SELECT fairness.scores(g, a, '-Infinity') FROM d;
SELECT fairness.scores(g, a, NULL::float8) FROM d;
SELECT fairness.scores(g, a, s, NULL) FROM d;
SELECT fairness.scores(g, a, s, -1) FROM d;
SELECT fairness.scores(g, a, s, 0, 0, 1) FROM d;
SELECT fairness.scores(g, a, s, 10, 1, 0) FROM d;
SELECT fairness.scores(g, a, s, 10, 0, 'Infinity') FROM d;
SELECT fairness.scores(g, a, s, t, 0, 1) FROM d;
SELECT fairness.scores(NULL::text[], a, s) FROM d;
SELECT fairness.scores(ARRAY[g], a, s) FROM (SELECT CASE WHEN t > 2 THEN ARRAY[g, r] ELSE ARRAY[g] END g, a, s FROM d) q;
SET fairness.max_groups = 2;
SELECT fairness.scores(g, a, s) FROM d;
RESET fairness.max_groups;
SELECT fairness.scores_trans(NULL, 'a', true, 0.5);
SELECT * FROM fairness.brier_score((SELECT fairness.scores(g, a, s * 100, 10, 0, 100) FROM d));
SELECT * FROM fairness.calibration((SELECT fairness.scores(g, a, s, 10, 0, 1) FROM d), 11);
SELECT * FROM fairness.threshold_sweep((SELECT fairness.scores(g, a, s, 10, 0, 1) FROM d), 0);
SELECT fairness.ks_statistic((SELECT fairness.scores(g, a, s) FROM d), 'a', 'z');
SELECT * FROM fairness.auc((SELECT fairness.scores(g, a, s) FROM d), 1.5);
SELECT fairness.at_threshold((SELECT fairness.scores(g, a, s) FROM d), 'NaN');
\set VERBOSITY terse

-- merge: aggregate and pairwise, equal to one pass; NULL is no data
CREATE TABLE days AS SELECT t, fairness.scores(g, a, s) x, fairness.scores(g, a, s, w) xw FROM d GROUP BY t;
SELECT fairness.merge(x)::text = (SELECT fairness.scores(g, a, s)::text FROM d) AS merge_equals_one_pass,
       fairness.merge(xw)::text = (SELECT fairness.scores(g, a, s, w)::text FROM d) AS weighted
FROM days;
SELECT fairness.merge(a.x, b.x)::text = (SELECT fairness.scores(g, a, s)::text FROM d WHERE t IN (1, 3)) AS pairwise,
       fairness.merge(a.x, NULL)::text = a.x::text AS null_right, fairness.merge(NULL, a.x)::text = a.x::text AS null_left
FROM days a, days b WHERE a.t = 1 AND b.t = 3;
SELECT fairness.merge(x) IS NULL AS merge_of_nothing FROM days WHERE false;
-- weighted + unweighted: the unweighted rows weigh 1
SELECT fairness.merge(a.xw, b.x)::text
     = (SELECT fairness.scores(g, a, s, CASE WHEN t = 3 THEN 1 ELSE w END)::text FROM d WHERE t IN (1, 3)) AS mixed
FROM days a, days b WHERE a.t = 1 AND b.t = 3;
-- different bins do not merge
SELECT fairness.merge(x, (SELECT fairness.scores(g, a, s, 10, 0, 1) FROM d)) FROM days WHERE t = 1;

-- moving windows equal recomputing each window (rows added and removed)
SELECT t, fairness.merge(x) OVER w::text
          = (SELECT fairness.scores(g, a, s)::text FROM d WHERE d.t BETWEEN days.t - 1 AND days.t) AS same
FROM days WINDOW w AS (ORDER BY t ROWS 1 PRECEDING) ORDER BY t;
SELECT t, fairness.scores(g, a, s, w) OVER (ORDER BY t RANGE 1 PRECEDING)::text
          = (SELECT fairness.scores(g, a, s, w)::text FROM d d2 WHERE d2.t BETWEEN d.t - 1 AND d.t) AS same
FROM d ORDER BY t;

-- Parallel aggregation: Partial Aggregate (the leader does not
-- participate, so worker states are combined) equals the serial result.
-- Scores are multiples of 1/1024 and weights of 1/8, so every sum is exact
-- and equal summaries have equal text.
CREATE TABLE pbig AS
SELECT i,
       CASE WHEN i % 101 = 0 THEN NULL ELSE (ARRAY['female','male','non-binary'])[1 + (i * 7) % 3] END AS gender,
       (ARRAY['18-25','26-40','41-65','65+'])[1 + i % 4] AS age_band,
       CASE WHEN i % 13 = 0 THEN NULL ELSE (i * 31) % 5 < 2 END AS actual,
       ((i * 7919) % 1025) / 1024.0 AS score,
       ((i * 37) % 10) / 8.0 AS weight,
       i % 3 AS model_version
FROM generate_series(1, 200000) i;
ANALYZE pbig;
CREATE TABLE serial AS
SELECT fairness.scores(gender, actual, score)::text AS plain,
       fairness.scores(gender, actual, score, weight)::text AS weighted,
       fairness.scores(ARRAY[gender, age_band], actual, score)::text AS multi,
       fairness.scores(ARRAY[gender, age_band], actual, score * 10, weight, 50, 0, 10)::text AS multi_ranged
FROM pbig;
CREATE TABLE serial_sliced AS
SELECT model_version, fairness.scores(gender, actual, score)::text AS x FROM pbig GROUP BY model_version;

-- Plans are checked with EXPLAIN ANALYZE: the workers must have been
-- launched, not only planned (a plan can fall back to running serially when
-- no worker slot is free, and would then prove nothing about combine).
-- Lines whose content varies from run to run (memory, row counts per
-- worker, JIT) are left out.
CREATE OR REPLACE FUNCTION explain_workers(query text) RETURNS SETOF text
LANGUAGE plpgsql AS $f$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) ' || query LOOP
    CONTINUE WHEN line ~ '^\s*(Sort Method|Worker \d|Batches|Memory Usage|Buckets|Peak Memory|Disk Usage|Rows Removed|JIT:|Functions:|Options:|Timing:)';
    RETURN NEXT regexp_replace(line, ' \((actual rows=[0-9.]+ loops=\d+|never executed)\)', '');
  END LOOP;
END
$f$;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

SELECT explain_workers AS plan FROM explain_workers($$
SELECT fairness.scores(gender, actual, score), fairness.scores(gender, actual, score, weight),
       fairness.scores(ARRAY[gender, age_band], actual, score),
       fairness.scores(ARRAY[gender, age_band], actual, score * 10, weight, 50, 0, 10)
FROM pbig$$);
SELECT s.plain = p.plain AS plain, s.weighted = p.weighted AS weighted,
       s.multi = p.multi AS multi, s.multi_ranged = p.multi_ranged AS multi_ranged
FROM serial s, (
  SELECT fairness.scores(gender, actual, score)::text AS plain,
         fairness.scores(gender, actual, score, weight)::text AS weighted,
         fairness.scores(ARRAY[gender, age_band], actual, score)::text AS multi,
         fairness.scores(ARRAY[gender, age_band], actual, score * 10, weight, 50, 0, 10)::text AS multi_ranged
  FROM pbig) p;
SELECT explain_workers AS plan FROM explain_workers($$SELECT model_version, fairness.scores(gender, actual, score) FROM pbig GROUP BY model_version$$);
SELECT count(*) AS slices, count(*) FILTER (WHERE s.x = p.x) AS equal
FROM serial_sliced s JOIN (SELECT model_version, fairness.scores(gender, actual, score)::text AS x
                           FROM pbig GROUP BY model_version) p USING (model_version);
-- merge of stored summaries in parallel
CREATE TABLE stored AS SELECT i % 500 AS k, fairness.scores(gender, actual, score) AS x FROM pbig GROUP BY 1;
ANALYZE stored;
SELECT explain_workers AS plan FROM explain_workers($$SELECT fairness.merge(x) FROM stored$$);
SELECT fairness.merge(x)::text = (SELECT plain FROM serial) AS merge_parallel FROM stored;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
-- the statistics of the parallel summary
SELECT group_name, is_overall, n_positive, n_negative, round(auc::numeric, 6) AS auc
FROM fairness.auc((SELECT plain::fairness.scores FROM serial));

SET client_min_messages = warning;
RESET search_path;
DROP SCHEMA scores_test CASCADE;
