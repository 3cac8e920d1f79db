-- Parallel aggregation: a plan with Partial Aggregate (combine runs: the
-- leader does not participate, so two worker states are merged) gives
-- exactly the serial result, for every aggregate.
CREATE TABLE pbig AS
SELECT i,
       CASE WHEN i % 101 = 0 THEN NULL ELSE (ARRAY['female','male','non-binary'])[1 + (i * 7) % 3] END AS gender,
       (ARRAY['18-25','26-40','41-65','65+'])[1 + i % 4] AS age_band,
       CASE WHEN i % 13 = 0 THEN NULL ELSE (i * 31) % 5 < 2 END AS actual,
       CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 11) % 7 < 3 END AS predicted,
       ((i * 37) % 10) / 4.0 AS weight,
       i % 3 AS model_version
FROM generate_series(1, 200000) i;
ANALYZE pbig;

CREATE TABLE serial AS
SELECT fairness.confusion(gender, actual, predicted)::text AS plain,
       fairness.confusion(gender, actual, predicted, weight)::text AS weighted,
       fairness.confusion(ARRAY[gender, age_band], actual, predicted)::text AS multi,
       fairness.confusion(ARRAY[gender, age_band], actual, predicted, weight)::text AS multi_weighted
FROM pbig;
CREATE TABLE serial_sliced AS
SELECT model_version, fairness.confusion(gender, actual, predicted)::text AS c FROM pbig GROUP BY model_version;

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
SELECT fairness.confusion(gender, actual, predicted),
       fairness.confusion(gender, actual, predicted, weight),
       fairness.confusion(ARRAY[gender, age_band], actual, predicted),
       fairness.confusion(ARRAY[gender, age_band], actual, predicted, weight)
FROM pbig$$);

SELECT s.plain = p.plain AS plain, s.weighted = p.weighted AS weighted,
       s.multi = p.multi AS multi, s.multi_weighted = p.multi_weighted AS multi_weighted
FROM serial s, (
  SELECT fairness.confusion(gender, actual, predicted)::text AS plain,
         fairness.confusion(gender, actual, predicted, weight)::text AS weighted,
         fairness.confusion(ARRAY[gender, age_band], actual, predicted)::text AS multi,
         fairness.confusion(ARRAY[gender, age_band], actual, predicted, weight)::text AS multi_weighted
  FROM pbig) p;

SELECT explain_workers AS plan FROM explain_workers($$SELECT model_version, fairness.confusion(gender, actual, predicted) FROM pbig GROUP BY model_version$$);
SELECT count(*) AS slices, count(*) FILTER (WHERE s.c = p.c) AS equal
FROM serial_sliced s JOIN (SELECT model_version, fairness.confusion(gender, actual, predicted)::text AS c
                           FROM pbig GROUP BY model_version) p USING (model_version);

-- merge of stored summaries in parallel
CREATE TABLE stored AS SELECT i % 500 AS k, fairness.confusion(gender, actual, predicted) AS c FROM pbig GROUP BY 1;
ANALYZE stored;
SELECT explain_workers AS plan FROM explain_workers($$SELECT fairness.merge(c) FROM stored$$);
SELECT fairness.merge(c)::text = (SELECT plain FROM serial) AS merge_parallel FROM stored;
