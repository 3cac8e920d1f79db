-- fairness.outcomes: text/jsonb/binary forms and their validation, the
-- aggregates (NULL rules, weights, several attributes, errors), statistics
-- small enough to check by hand, merge, moving windows, parallel plans, and
-- the exact median and quartile functions.  (Against scipy/statsmodels on
-- a larger fixture: outcomes_reference.)
-- own schema: names never clash with the other tests of the suite
CREATE SCHEMA outcomes_test;
SET search_path = outcomes_test;
\pset null '(null)'

CREATE FUNCTION try_in(t text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
	PERFORM t::fairness.outcomes;
	RETURN 'ok';
EXCEPTION WHEN others THEN
	GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' | ' || nullif(d, ''), '');
END $$;

-- Pay of six people: f: 10, 12, 14 (mean 12, variance 4); m: 15, 19
-- (mean 17, variance 8); unknown: 11.
CREATE TABLE p (g text, dept text, pay float8, w float8, t int);
INSERT INTO p VALUES
  ('f', 'a', 10, 1,   1),
  ('f', 'b', 12, 2,   1),
  ('f', 'a', 14, 1,   2),
  ('m', 'a', 15, 0.5, 2),
  ('m', 'b', 19, 1,   3),
  (NULL, 'a', 11, 1,  3);

-- canonical text form: groups in key order, unknown last; m2 is the sum of
-- squared deviations from the mean
SELECT fairness.outcomes(g, pay) FROM p;
SELECT fairness.outcomes(g, pay, w) FROM p;
SELECT fairness.outcomes(ARRAY[g, dept], pay) FROM p;
SELECT fairness.total(o), fairness.group_count(o), fairness.attributes(o), fairness.is_weighted(o)
FROM (SELECT fairness.outcomes(g, pay) o FROM p) q;
SELECT * FROM fairness.outcome_stats((SELECT fairness.outcomes(g, pay) FROM p));
-- weighted (frequency weights): f has mean (10 + 24 + 14) / 4 = 12, variance
-- (4 + 0 + 4) / (4 - 1) = 8/3, Kish effective size 16 / 6
SELECT group_name, n, weight, effective_n, mean, variance
FROM fairness.outcome_stats((SELECT fairness.outcomes(g, pay, w) FROM p));

-- gaps against m: difference -5, ratio 12/17, pay gap 5/17; Welch: se^2 =
-- 4/3 + 8/2 = 16/3, t = -5 / sqrt(16/3), df = (16/3)^2 / ((4/3)^2/2 + 4^2/1)
SELECT group_name, reference_group, n, mean, reference_mean, difference,
       round(ratio::numeric, 10) AS ratio, round(pay_gap::numeric, 10) AS pay_gap,
       round(t::numeric, 10) AS t, round(df::numeric, 10) AS df, round(p_value::numeric, 10) AS p_value,
       round(ci_low::numeric, 8) AS ci_low, round(ci_high::numeric, 8) AS ci_high,
       round(cohens_d::numeric, 10) AS cohens_d, is_reference
FROM fairness.outcome_gaps((SELECT fairness.outcomes(g, pay) FROM p), 'm');
SELECT round(-5 / sqrt(16.0 / 3), 10) AS t_by_hand,
       round((16.0 / 3) ^ 2 / ((4.0 / 3) ^ 2 / 2 + 16), 10) AS df_by_hand,
       round(-5 / sqrt((8.0 + 8.0) / 3), 10) AS cohens_d_by_hand;
-- the default reference is the largest known group (f); a 90% interval
SELECT group_name, reference_group, round(ci_low::numeric, 8) AS ci_low, round(ci_high::numeric, 8) AS ci_high
FROM fairness.outcome_gaps((SELECT fairness.outcomes(g, pay) FROM p), level => 0.9);
SELECT fairness.pay_gap(o, 'f', 'm') = 5.0 / 17 AS pay_gap, fairness.mean_gap(o, 'f', 'm') AS mean_gap,
       fairness.mean_ratio(o, 'f', 'm') = 12.0 / 17 AS mean_ratio
FROM (SELECT fairness.outcomes(g, pay) o FROM p) q;

-- the long-format report
SELECT group_name, metric, round(value::numeric, 6) AS value, round(ci_low::numeric, 6) AS ci_low,
       round(ci_high::numeric, 6) AS ci_high, reference_group, reference_value, difference,
       round(ratio::numeric, 6) AS ratio, round(p_value::numeric, 6) AS p_value, status
FROM fairness.outcome_report((SELECT fairness.outcomes(g, pay) FROM p), 'm');

-- one row: no variance, no test; all rows of weight 0: no mean
SELECT group_name, n, mean, variance, sd FROM fairness.outcome_stats((SELECT fairness.outcomes(g, pay) FROM p WHERE g = 'm' AND t = 2));
SELECT fairness.outcomes(g, pay, 0) FROM p WHERE g = 'f';
SELECT group_name, n, weight, mean, variance, min, max FROM fairness.outcome_stats((SELECT fairness.outcomes(g, pay, 0) FROM p WHERE g = 'f'));
SELECT fairness.outcomes(g, pay) IS NULL AS no_rows FROM p WHERE false;
-- the textbook sum of squares would cancel here: Welford/Chan do not
SELECT mean, variance FROM fairness.outcome_stats((SELECT fairness.outcomes('x', v) FROM (VALUES (1e9 + 4), (1e9 + 7), (1e9 + 13)) v(v)))
WHERE NOT is_overall;

-- round trips
CREATE TABLE rt (o fairness.outcomes);
INSERT INTO rt SELECT fairness.outcomes(g, pay) FROM p;
INSERT INTO rt SELECT fairness.outcomes(g, pay / 3, w) FROM p;
INSERT INTO rt SELECT fairness.outcomes(ARRAY[g, dept], pay * 1e-3) FROM p;
INSERT INTO rt VALUES ('{"version":1,"attributes":3,"groups":[]}');
SELECT count(*) FILTER (WHERE o::text::fairness.outcomes::text = o::text) AS text_roundtrip,
       count(*) FILTER (WHERE o::jsonb::fairness.outcomes::text = o::text) AS jsonb_roundtrip
FROM rt;
\copy rt TO 'results/outcomes.bin' WITH (FORMAT binary)
CREATE TABLE rt2 (LIKE rt);
\copy rt2 FROM 'results/outcomes.bin' WITH (FORMAT binary)
SELECT count(*) AS rows, count(*) FILTER (WHERE a.o::text = b.o::text) AS equal
FROM (SELECT o, row_number() OVER () r FROM rt) a JOIN (SELECT o, row_number() OVER () r FROM rt2) b USING (r);
\copy rt TO 'results/outcomes.txt'
TRUNCATE rt2;
\copy rt2 FROM 'results/outcomes.txt'
SELECT count(*) FROM rt2 JOIN rt ON rt.o::text = rt2.o::text;

-- malformed text
SELECT v AS input, try_in(v) AS result FROM (VALUES
  ('{}'),
  ('{"version":1,"attributes":1}'),
  ('{"version":9,"attributes":1,"groups":[]}'),
  ('{"version":1,"attributes":17,"groups":[]}'),
  ('{"version":1,"attributes":1,"groups":[],"extra":1}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":2,"sum":3,"m2":0.5,"min":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":2,"sum":3,"m2":0.5,"min":1,"max":2,"mean":1.5}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":0,"sum":0,"m2":0,"min":0,"max":0}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":-2,"sum":3,"m2":0.5,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":2.5,"sum":3,"m2":0.5,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":2,"sum":3,"m2":0.5,"min":2,"max":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":1,"sum":1,"m2":0,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":2,"sum":5,"m2":0.5,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":2,"sum":3,"m2":0.6,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":2,"sum":3,"m2":-0.5,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":2,"sum":2,"m2":0.5,"min":1,"max":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":2,"sum":3,"m2":0.5,"min":1,"max":1e999}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":2,"sum":0,"m2":0,"min":-1e308,"max":1e308}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":2,"sum":3,"m2":0.5,"min":1,"max":2},{"group":"a","n":2,"sum":3,"m2":0.5,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":9223372036854775807,"sum":9223372036854775807,"m2":0,"min":1,"max":1},{"group":"b","n":1,"sum":1,"m2":0,"min":1,"max":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","n":2,"weight":2,"weight_sq":2,"sum":3,"m2":0.5,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","n":2,"sum":3,"m2":0.5,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","n":2,"weight":3,"weight_sq":10,"sum":4,"m2":0.6,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","n":2,"weight":3,"weight_sq":4,"sum":4,"m2":0.6,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","n":2,"weight":-3,"weight_sq":5,"sum":4,"m2":0.6,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","n":2,"weight":0,"weight_sq":0,"sum":1,"m2":0,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","n":2,"weight":3,"weight_sq":5,"sum":4,"m2":0.6,"min":1,"max":2}]}'),
  ('{"version":1,"attributes":2,"groups":[{"group":["a"],"n":1,"sum":1,"m2":0,"min":1,"max":1}]}')
) t(v);

-- malformed binary
CREATE FUNCTION copy_file(payload bytea) RETURNS bytea LANGUAGE sql AS $$
  SELECT '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
      || '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea $$;
CREATE TEMP TABLE recv_t (o fairness.outcomes);
CREATE FUNCTION try_recv(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text; loid oid;
BEGIN
	loid := lo_from_bytea(0, copy_file(payload));
	PERFORM lo_export(loid, '/tmp/fairness_regress_outcomes_recv.bin');
	PERFORM lo_unlink(loid);
	TRUNCATE recv_t;
	COPY recv_t FROM '/tmp/fairness_regress_outcomes_recv.bin' WITH (FORMAT binary);
	RETURN (SELECT 'ok: ' || o::text FROM recv_t);
EXCEPTION WHEN others THEN
	GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' | ' || nullif(d, ''), '');
END $$;
-- a valid value: group "a", n 2, sum 3, m2 0.5, min 1, max 2
\set ok '\'\\x01000001' '00000001' '00000001' '61' '0000000000000002' '4008000000000000' '3fe0000000000000' '3ff0000000000000' '4000000000000000\''
SELECT try_recv(:ok::bytea);
SELECT encode(fairness.outcomes_send('{"version":1,"attributes":1,"groups":[{"group":"a","n":2,"sum":3,"m2":0.5,"min":1,"max":2}]}'), 'hex') = substr(:ok, 3) AS send_matches;
SELECT label, try_recv(b) FROM (VALUES
  ('empty', '\x'::bytea),
  ('version 2', overlay(:ok::bytea placing '\x02'::bytea from 1)),
  ('unknown flag', overlay(:ok::bytea placing '\x02'::bytea from 2)),
  ('0 attributes', overlay(:ok::bytea placing '\x0000'::bytea from 3)),
  ('more groups than bytes', overlay(:ok::bytea placing '\x0000ffff'::bytea from 5)),
  ('n 0', overlay(:ok::bytea placing '\x0000000000000000'::bytea from 14)),
  ('n above bigint', overlay(:ok::bytea placing '\x8000000000000000'::bytea from 14)),
  ('NaN sum', overlay(:ok::bytea placing '\x7ff8000000000000'::bytea from 22)),
  ('impossible m2', overlay(:ok::bytea placing '\x4000000000000000'::bytea from 30)),
  ('weighted flag, no weights', overlay(:ok::bytea placing '\x01'::bytea from 2)),
  ('trailing byte', :ok::bytea || '\x00'::bytea),
  ('truncated', substring(:ok::bytea from 1 for length(:ok::bytea) - 3)),
  ('invalid UTF-8 name', overlay(:ok::bytea placing '\xff'::bytea from 13))
) t(label, b);

-- errors
\set VERBOSITY default
SELECT fairness.outcomes(g, NULL::float8) FROM p;
SELECT fairness.outcomes(g, 'NaN') FROM p;
SELECT fairness.outcomes(g, 'Infinity') FROM p;
SELECT fairness.outcomes(g, pay, NULL) FROM p;
SELECT fairness.outcomes(g, pay, -1) FROM p;
SELECT fairness.outcomes(g, 1e308) FROM p;
SELECT fairness.outcomes(NULL::text[], pay) FROM p;
SET fairness.max_groups = 1;
SELECT fairness.outcomes(g, pay) FROM p;
RESET fairness.max_groups;
SELECT fairness.outcomes_trans(NULL, 'a', 1);
SELECT * FROM fairness.outcome_gaps((SELECT fairness.outcomes(g, pay) FROM p), 'z');
SELECT * FROM fairness.outcome_gaps((SELECT fairness.outcomes(g, pay) FROM p), 'm', 0);
SELECT fairness.pay_gap((SELECT fairness.outcomes(ARRAY[g, dept], pay) FROM p), 'f', 'm');
SELECT fairness.merge(a.o, b.o) FROM (SELECT fairness.outcomes(g, pay) o FROM p) a, (SELECT fairness.outcomes(ARRAY[g, dept], pay) o FROM p) b;
CREATE TABLE pn (g text, pay float8);
INSERT INTO pn VALUES ('f', 10), ('m', NULL);
SELECT * FROM fairness.median_gaps('pn', 'g', 'pay');
SELECT * FROM fairness.pay_quartiles('pn', 'g', 'pay');
SELECT * FROM fairness.median_gaps('p', 'g', 'pay', 'z');
SELECT * FROM fairness.median_gaps('p', 'g', 'salary');
\set VERBOSITY terse

-- merge: aggregate and pairwise; NULL is no data; weighted + unweighted.
-- Equal to one pass: counts, sums, minima, maxima exactly, variances to the
-- rounding of operations in another order (here 1e-12)
CREATE FUNCTION same_outcomes(a fairness.outcomes, b fairness.outcomes) RETURNS boolean LANGUAGE sql AS $$
  SELECT bool_and(x.n = y.n AND x.min = y.min AND x.max = y.max AND x.sum = y.sum
                  AND x.weight IS NOT DISTINCT FROM y.weight
                  AND (x.variance IS NULL AND y.variance IS NULL
                       OR abs(x.variance - y.variance) <= 1e-12 * y.variance))
  FROM fairness.outcome_stats(a) x
  FULL JOIN fairness.outcome_stats(b) y ON x.group_key IS NOT DISTINCT FROM y.group_key AND x.is_overall = y.is_overall $$;
CREATE TABLE days AS SELECT t, fairness.outcomes(g, pay) o, fairness.outcomes(g, pay, w) ow FROM p GROUP BY t;
SELECT same_outcomes(fairness.merge(o), (SELECT fairness.outcomes(g, pay) FROM p)) AS merge_equals_one_pass,
       same_outcomes(fairness.merge(ow), (SELECT fairness.outcomes(g, pay, w) FROM p)) AS weighted
FROM days;
SELECT same_outcomes(fairness.merge(a.o, b.o), (SELECT fairness.outcomes(g, pay) FROM p WHERE t IN (1, 3))) AS pairwise,
       fairness.merge(a.o, NULL)::text = a.o::text AS null_right
FROM days a, days b WHERE a.t = 1 AND b.t = 3;
SELECT same_outcomes(fairness.merge(a.ow, b.o),
                     (SELECT fairness.outcomes(g, pay, CASE WHEN t = 3 THEN 1 ELSE w END) FROM p WHERE t IN (1, 3))) AS mixed
FROM days a, days b WHERE a.t = 1 AND b.t = 3;

-- moving windows: the inverse removes rows with Welford's update backwards;
-- a row that is its group's minimum or maximum makes it return NULL and
-- PostgreSQL recompute the frame.  Equal to recomputing each window.
CREATE TABLE series AS
SELECT i, (ARRAY['f','m'])[1 + i % 2] AS g, 20 + ((i * 7919) % 97) / 4.0 AS pay, 1 + i % 3 AS w
FROM generate_series(1, 300) i;
SELECT count(*) AS windows,
       count(*) FILTER (WHERE same_outcomes(m, (SELECT fairness.outcomes(g, pay) FROM series s2 WHERE s2.i BETWEEN s.i - 20 AND s.i))) AS same,
       count(*) FILTER (WHERE same_outcomes(mw, (SELECT fairness.outcomes(g, pay, w) FROM series s2 WHERE s2.i BETWEEN s.i - 20 AND s.i))) AS same_weighted
FROM (SELECT i, fairness.outcomes(g, pay) OVER w AS m, fairness.outcomes(g, pay, w) OVER w AS mw
      FROM series WINDOW w AS (ORDER BY i ROWS 20 PRECEDING)) s;
CREATE TABLE series_days AS SELECT i / 10 AS day, fairness.outcomes(g, pay) AS o FROM series GROUP BY 1;
SELECT count(*) AS windows,
       count(*) FILTER (WHERE same_outcomes(m, (SELECT fairness.outcomes(g, pay) FROM series WHERE i / 10 BETWEEN d.day - 3 AND d.day))) AS same
FROM (SELECT day, fairness.merge(o) OVER (ORDER BY day ROWS 3 PRECEDING) AS m FROM series_days) d;

-- parallel aggregation: Partial Aggregate, leader not participating
CREATE TABLE pbig AS
SELECT i,
       CASE WHEN i % 101 = 0 THEN NULL ELSE (ARRAY['female','male','non-binary'])[1 + (i * 7) % 3] END AS gender,
       (ARRAY['ops','eng','sales'])[1 + i % 3] AS dept,
       15 + ((i * 7919) % 5000) / 100.0 AS pay,
       ((i * 37) % 10) / 8.0 AS weight,
       i % 4 AS site
FROM generate_series(1, 200000) i;
ANALYZE pbig;
CREATE TABLE serial AS
SELECT fairness.outcomes(gender, pay) AS plain, fairness.outcomes(gender, pay, weight) AS weighted,
       fairness.outcomes(ARRAY[gender, dept], pay) AS multi,
       fairness.outcomes(ARRAY[gender, dept], pay, weight) AS multi_weighted
FROM pbig;
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
SELECT fairness.outcomes(gender, pay), fairness.outcomes(gender, pay, weight),
       fairness.outcomes(ARRAY[gender, dept], pay), fairness.outcomes(ARRAY[gender, dept], pay, weight)
FROM pbig$$);
SELECT same_outcomes(s.plain, p.plain) AS plain, same_outcomes(s.weighted, p.weighted) AS weighted,
       same_outcomes(s.multi, p.multi) AS multi, same_outcomes(s.multi_weighted, p.multi_weighted) AS multi_weighted
FROM serial s, (
  SELECT fairness.outcomes(gender, pay) AS plain, fairness.outcomes(gender, pay, weight) AS weighted,
         fairness.outcomes(ARRAY[gender, dept], pay) AS multi,
         fairness.outcomes(ARRAY[gender, dept], pay, weight) AS multi_weighted
  FROM pbig) p;
CREATE TABLE stored AS SELECT i % 500 AS k, fairness.outcomes(gender, pay) AS o FROM pbig GROUP BY 1;
ANALYZE stored;
SELECT explain_workers AS plan FROM explain_workers($$SELECT fairness.merge(o) FROM stored$$);
SELECT same_outcomes(fairness.merge(o), (SELECT plain FROM serial)) AS merge_parallel FROM stored;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SELECT group_name, n, round(mean::numeric, 6) AS mean, round(variance::numeric, 6) AS variance, min, max
FROM fairness.outcome_stats((SELECT plain FROM serial));

-- exact medians and quartile bands (percentile_cont), from a table or view
SELECT * FROM fairness.median_gaps('p', 'g', 'pay', 'm');
SELECT * FROM fairness.median_gaps('p', 'g', 'pay');
CREATE VIEW pay_view AS SELECT g AS "Gender", pay * 2 AS "Pay" FROM p;
SELECT * FROM fairness.pay_quartiles('pay_view', 'Gender', 'Pay');

SET client_min_messages = warning;
RESET search_path;
DROP SCHEMA outcomes_test CASCADE;
