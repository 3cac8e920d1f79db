-- Distributed aggregation as Citus does it for a custom aggregate whose
-- state type is not internal: each shard computes a partial state, the
-- state travels as text (output function on the worker, input function on
-- the coordinator), and the coordinator folds the states with the combine
-- function, then applies the final function.  Citus is not installable
-- here, so this test reproduces those calls in plain SQL.
CREATE TABLE decisions AS
SELECT i, i % 8 AS shard,
       CASE WHEN i % 89 = 0 THEN NULL ELSE (ARRAY['female','male','non-binary'])[1 + (i * 7) % 3] END AS gender,
       CASE WHEN i % 13 = 0 THEN NULL ELSE ((i::bigint * 7919) % 10007) % 5 < 2 END AS actual,
       CASE WHEN i % 17 = 0 THEN NULL ELSE ((i::bigint * 104729) % 10009) % 7 < 3 END AS predicted,
       ((i * 37) % 10) / 4.0 AS weight
FROM generate_series(1, 50000) i;

-- workers: one partial state per shard, shipped as text
CREATE TABLE shipped AS
SELECT shard, fairness.confusion(gender, actual, predicted)::text AS partial,
       fairness.confusion(gender, actual, predicted, weight)::text AS partial_w,
       fairness.confusion(ARRAY[gender, (i % 3)::text], actual, predicted)::text AS partial_multi
FROM decisions GROUP BY shard;

-- coordinator: an aggregate folding states with the combine function whose
-- first state is a value built by the input function (canonical form, as
-- Citus hands it over), not an aggregate's working state
CREATE AGGREGATE coord_combine(fairness.confusion) (
	SFUNC = fairness.confusion_combine,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	INITCOND = '{"version":1,"attributes":1,"groups":[]}'
);
CREATE AGGREGATE coord_combine_multi(fairness.confusion) (
	SFUNC = fairness.confusion_combine,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	INITCOND = '{"version":1,"attributes":2,"groups":[]}'
);
SELECT coord_combine(partial::fairness.confusion)::text
         = (SELECT fairness.confusion(gender, actual, predicted)::text FROM decisions) AS plain,
       coord_combine(partial_w::fairness.confusion)::text
         = (SELECT fairness.confusion(gender, actual, predicted, weight)::text FROM decisions) AS weighted,
       coord_combine_multi(partial_multi::fairness.confusion)::text
         = (SELECT fairness.confusion(ARRAY[gender, (i % 3)::text], actual, predicted)::text FROM decisions) AS multi
FROM shipped;

-- a transition that starts from a stored (canonical) value: rows added on
-- top of yesterday's summary
CREATE AGGREGATE continue_from_monday(text, boolean, boolean) (
	SFUNC = fairness.confusion_trans,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	INITCOND = '{"version":1,"attributes":1,"groups":[{"group":"male","tp":1000}]}'
);
SELECT continue_from_monday(gender, actual, predicted)::text
         = fairness.merge((SELECT fairness.confusion(gender, actual, predicted) FROM decisions),
                          '{"version":1,"attributes":1,"groups":[{"group":"male","tp":1000}]}')::text AS continued
FROM decisions;

-- a partial state of the wrong shape is refused on the coordinator
SELECT coord_combine(partial_multi::fairness.confusion) FROM shipped;
