-- Issue #15: fairness.confusion / scores / outcomes with 2, 3 or 4
-- attributes as separate arguments.  The value must be the same, byte for
-- byte, as the ARRAY[...] form's, NULL attributes included, so that merge,
-- marginal, the reports and the window forms work unchanged.
SET fairness.min_group_size = 0;
CREATE TABLE ix AS
SELECT i,
       CASE WHEN i % 11 = 0 THEN NULL ELSE (ARRAY['female', 'male', 'non-binary'])[i % 3 + 1] END AS sex,
       CASE WHEN i % 13 = 0 THEN NULL ELSE (ARRAY['asian', 'black', 'hispanic', 'white'])[i % 4 + 1] END AS race,
       CASE WHEN i % 7 = 0 THEN NULL ELSE (ARRAY['under 40', '40 and over'])[i % 2 + 1] END AS age,
       (ARRAY['north', 'south', 'a much longer region name, over eight bytes'])[i % 3 + 1] AS region,
       CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 7) % 5 < 2 END AS actual,
       CASE WHEN i % 19 = 0 THEN NULL ELSE (i * 3) % 7 < 3 END AS predicted,
       ((i * 37) % 100) / 100.0 AS score, 20000 + (i * 7919) % 50000 AS pay, 0.5 + (i % 4) AS w
FROM generate_series(1, 3000) i;
-- rows whose every attribute is NULL (the unknown group) and empty strings
INSERT INTO ix VALUES (3001, NULL, NULL, NULL, NULL, true, false, 0.5, 30000, 1),
                      (3002, '', '', '', '', false, true, 0.25, 31000, 2);

-- byte-for-byte identity: raw_bytes (test only: PostgreSQL's byteasend,
-- which copies any varlena's bytes) shows the stored bytes of each value;
-- send output and text compared too
CREATE FUNCTION raw_bytes(fairness.confusion) RETURNS bytea LANGUAGE internal IMMUTABLE STRICT AS 'byteasend';
CREATE FUNCTION raw_bytes(fairness.scores) RETURNS bytea LANGUAGE internal IMMUTABLE STRICT AS 'byteasend';
CREATE FUNCTION raw_bytes(fairness.outcomes) RETURNS bytea LANGUAGE internal IMMUTABLE STRICT AS 'byteasend';
CREATE TABLE ix_pairs AS
SELECT '2' AS form, fairness.confusion(sex, race, actual, predicted) AS a, fairness.confusion(ARRAY[sex, race], actual, predicted) AS b FROM ix
UNION ALL SELECT '2 weighted', fairness.confusion(sex, race, actual, predicted, w), fairness.confusion(ARRAY[sex, race], actual, predicted, w) FROM ix
UNION ALL SELECT '3', fairness.confusion(sex, race, age, actual, predicted), fairness.confusion(ARRAY[sex, race, age], actual, predicted) FROM ix
UNION ALL SELECT '3 weighted', fairness.confusion(sex, race, age, actual, predicted, w), fairness.confusion(ARRAY[sex, race, age], actual, predicted, w) FROM ix
UNION ALL SELECT '4', fairness.confusion(sex, race, age, region, actual, predicted), fairness.confusion(ARRAY[sex, race, age, region], actual, predicted) FROM ix
UNION ALL SELECT '4 weighted', fairness.confusion(sex, race, age, region, actual, predicted, w), fairness.confusion(ARRAY[sex, race, age, region], actual, predicted, w) FROM ix;
SELECT form, fairness.group_count(a) AS groups, length(raw_bytes(a)) AS bytes,
       raw_bytes(a) = raw_bytes(b) AS same_bytes,
       fairness.confusion_send(a) = fairness.confusion_send(b) AS same_send,
       a::text = b::text AS same_text
FROM ix_pairs ORDER BY form;

-- scores (four forms) and outcomes (two forms)
SELECT form, fairness.group_count(a) AS groups, raw_bytes(a) = raw_bytes(b) AS same_bytes, a::text = b::text AS same_text
FROM (SELECT '2' AS form, fairness.scores(sex, race, actual, score) AS a, fairness.scores(ARRAY[sex, race], actual, score) AS b FROM ix
      UNION ALL SELECT '3 weighted', fairness.scores(sex, race, age, actual, score, w), fairness.scores(ARRAY[sex, race, age], actual, score, w) FROM ix
      UNION ALL SELECT '4 binned', fairness.scores(sex, race, age, region, actual, score, 20, 0, 1), fairness.scores(ARRAY[sex, race, age, region], actual, score, 20, 0, 1) FROM ix
      UNION ALL SELECT '2 weighted binned', fairness.scores(sex, race, actual, score, w, 20, 0, 1), fairness.scores(ARRAY[sex, race], actual, score, w, 20, 0, 1) FROM ix) s
ORDER BY form;
SELECT form, fairness.group_count(a) AS groups, raw_bytes(a) = raw_bytes(b) AS same_bytes, a::text = b::text AS same_text
FROM (SELECT '2' AS form, fairness.outcomes(sex, race, pay) AS a, fairness.outcomes(ARRAY[sex, race], pay) AS b FROM ix
      UNION ALL SELECT '3 weighted', fairness.outcomes(sex, race, age, pay, w), fairness.outcomes(ARRAY[sex, race, age], pay, w) FROM ix
      UNION ALL SELECT '4', fairness.outcomes(sex, race, age, region, pay), fairness.outcomes(ARRAY[sex, race, age, region], pay) FROM ix) s
ORDER BY form;
-- (raw_bytes tells values apart: the attributes in the other order)
SELECT raw_bytes(fairness.confusion(sex, race, actual, predicted)) = raw_bytes(fairness.confusion(ARRAY[race, sex], actual, predicted)) AS same_bytes_other_order
FROM ix;

-- the groups with NULL attributes and empty strings are distinct groups
SELECT group_key, n FROM fairness.group_metrics((SELECT fairness.confusion(sex, race, actual, predicted) FROM ix WHERE i > 2990 OR i IN (11, 13, 143)))
WHERE NOT is_overall ORDER BY group_key::text COLLATE "C";

-- counts equal a hand-written GROUP BY (an independent computation)
SELECT count(*) AS groups_matching FROM fairness.group_metrics((SELECT fairness.confusion(sex, race, age, actual, predicted) FROM ix)) m
JOIN (SELECT sex, race, age, count(*) AS n,
             count(*) FILTER (WHERE actual AND predicted) AS tp, count(*) FILTER (WHERE NOT actual AND predicted) AS fp,
             count(*) FILTER (WHERE NOT actual AND NOT predicted) AS tn, count(*) FILTER (WHERE actual AND NOT predicted) AS fn
      FROM ix GROUP BY sex, race, age) h
  ON m.group_key IS NOT DISTINCT FROM ARRAY[h.sex, h.race, h.age] AND (m.n, m.tp, m.fp, m.tn, m.fn) = (h.n, h.tp, h.fp, h.tn, h.fn)
WHERE NOT m.is_overall;
SELECT count(*) AS groups FROM (SELECT DISTINCT sex, race, age FROM ix) d;

-- merge with ARRAY-form values, marginal, reports
SELECT fairness.merge(a, b)::text = (SELECT fairness.confusion(ARRAY[sex, race], actual, predicted)::text FROM ix) AS merged
FROM (SELECT fairness.confusion(sex, race, actual, predicted) FILTER (WHERE i <= 1500) AS a,
             fairness.confusion(ARRAY[sex, race], actual, predicted) FILTER (WHERE i > 1500) AS b FROM ix) s;
SELECT fairness.marginal(fairness.confusion(sex, race, age, actual, predicted), 1)::text
       = fairness.confusion(sex, actual, predicted)::text AS marginal_sex,
       fairness.marginal(fairness.confusion(sex, race, age, region, actual, predicted), 2, 3)::text
       = fairness.confusion(race, age, actual, predicted)::text AS marginal_race_age
FROM ix;
SELECT count(*) AS report_rows, count(DISTINCT group_name) AS groups
FROM fairness.report((SELECT fairness.confusion(sex, race, actual, predicted) FROM ix));
SELECT count(*) AS score_report_rows FROM fairness.score_report((SELECT fairness.scores(sex, race, actual, score) FROM ix));
SELECT count(*) AS outcome_report_rows FROM fairness.outcome_report((SELECT fairness.outcomes(sex, race, pay) FROM ix));

-- moving windows (inverse transition) equal the ARRAY form's
SELECT bool_and(x::text = y::text) AS confusion_window
FROM (SELECT fairness.confusion(sex, race, actual, predicted, w) OVER win AS x,
             fairness.confusion(ARRAY[sex, race], actual, predicted, w) OVER win AS y
      FROM ix WINDOW win AS (ORDER BY i ROWS BETWEEN 20 PRECEDING AND CURRENT ROW)) z;
SELECT bool_and(x::text = y::text) AS scores_window
FROM (SELECT fairness.scores(sex, race, age, actual, score) OVER win AS x,
             fairness.scores(ARRAY[sex, race, age], actual, score) OVER win AS y
      FROM ix WINDOW win AS (ORDER BY i ROWS BETWEEN 20 PRECEDING AND CURRENT ROW)) z;
SELECT bool_and(x::text = y::text) AS outcomes_window
FROM (SELECT fairness.outcomes(sex, race, pay, w) OVER win AS x,
             fairness.outcomes(ARRAY[sex, race], pay, w) OVER win AS y
      FROM ix WINDOW win AS (ORDER BY i ROWS BETWEEN 20 PRECEDING AND CURRENT ROW)) z;

-- a parallel plan gives the serial value
CREATE TABLE ix_big AS SELECT i, (i % 3)::text AS a1, (i % 5)::text AS a2, i % 2 = 0 AS actual, i % 3 = 0 AS predicted
FROM generate_series(1, 200000) i;
ANALYZE ix_big;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ix_serial AS SELECT fairness.confusion(a1, a2, actual, predicted)::text AS v FROM ix_big;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT fairness.confusion(a1, a2, actual, predicted) FROM ix_big;
SELECT fairness.confusion(a1, a2, actual, predicted)::text = (SELECT v FROM ix_serial) AS parallel_equals_serial FROM ix_big;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- errors: as for the other forms
SELECT fairness.confusion(sex, race, actual, predicted, NULL::float8) FROM ix;
SELECT fairness.scores(sex, race, actual, NULL::float8) FROM ix;
SELECT fairness.outcomes(sex, race, NULL::float8) FROM ix;
SELECT fairness.confusion_trans(NULL, 'a', 'b', true, true);
-- a state started with two attributes refuses three
CREATE AGGREGATE ix_continue(text, text, text, boolean, boolean) (
	SFUNC = fairness.confusion_trans, STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	INITCOND = '{"version":1,"attributes":2,"groups":[]}');
SELECT ix_continue(sex, race, age, actual, predicted) FROM ix;
DROP FUNCTION raw_bytes(fairness.confusion), raw_bytes(fairness.scores), raw_bytes(fairness.outcomes);
