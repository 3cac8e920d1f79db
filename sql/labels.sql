-- Readable group labels, group keys and groups named as JSON arrays
-- (fairness 0.3).
CREATE TABLE lab (sex text, race text, actual boolean, predicted boolean, score float8, pay float8);
INSERT INTO lab
SELECT s, r, i % 3 = 0, i % 2 = 0, ((i * 37) % 100) / 100.0, 1000 + (i * 13) % 500
FROM generate_series(1, 240) i,
     (VALUES ('Male', 'Caucasian'), ('Male', 'African-American'),
             ('Female', 'Caucasian'), ('Female', 'African-American'),
             (NULL, 'Caucasian')) g(s, r)
WHERE NOT (s IS NULL AND i > 20);
CREATE TABLE labsum AS
SELECT fairness.confusion(ARRAY[sex, race], actual, predicted) AS c,
       fairness.scores(ARRAY[sex, race], actual, score) AS s,
       fairness.outcomes(ARRAY[sex, race], pay) AS o
FROM lab;

-- group_name is readable, group_key exact, in every function returning groups
SELECT group_name, group_key, n FROM fairness.group_metrics((SELECT c FROM labsum));
SELECT DISTINCT group_name, group_key FROM fairness.disparities((SELECT c FROM labsum)) ORDER BY 1;
SELECT group_name, group_key, compared_to FROM fairness.pretraining_bias((SELECT c FROM labsum));
SELECT DISTINCT group_name, group_key FROM fairness.report((SELECT c FROM labsum)) ORDER BY 1;
SELECT group_name, group_key FROM fairness.auc((SELECT s FROM labsum));
SELECT group_name, group_key, reference_group FROM fairness.outcome_gaps((SELECT o FROM labsum));

-- a reference given as a JSON array is parsed: spacing does not matter
SELECT DISTINCT reference_group FROM fairness.disparities((SELECT c FROM labsum), '["Male", "Caucasian"]');
SELECT DISTINCT reference_group FROM fairness.disparities((SELECT c FROM labsum), '  [ "Female" ,"African-American" ]  ');
SELECT DISTINCT reference_group FROM fairness.report((SELECT c FROM labsum), '["Male",  "African-American"]');
SELECT DISTINCT reference_group FROM fairness.score_report((SELECT s FROM labsum), '["Female", "Caucasian"]');
SELECT DISTINCT reference_group FROM fairness.outcome_report((SELECT o FROM labsum), '["Female", "Caucasian"]');
SELECT round(fairness.pay_gap((SELECT o FROM labsum), '["Female", "Caucasian"]', '["Male", "Caucasian"]')::numeric, 6);
SELECT DISTINCT compared_to FROM fairness.pretraining_bias((SELECT c FROM labsum), '["Male","Caucasian"]') WHERE compared_to IS NOT NULL;
-- or by its readable label
SELECT DISTINCT reference_group FROM fairness.disparities((SELECT c FROM labsum), 'Female × Caucasian');
-- a NULL attribute is JSON null, shown as (unknown); the group with some
-- attributes known is a known group and can be the reference
SELECT DISTINCT reference_group FROM fairness.disparities((SELECT c FROM labsum), '[null, "Caucasian"]');
-- not a group: wrong length, nested, object, not JSON
SELECT * FROM fairness.disparities((SELECT c FROM labsum), '["Male"]');
SELECT * FROM fairness.disparities((SELECT c FROM labsum), '[["Male"], "Caucasian"]');
SELECT * FROM fairness.disparities((SELECT c FROM labsum), '{"sex": "Male"}');
SELECT * FROM fairness.disparities((SELECT c FROM labsum), '["Male", "Caucasian"');
SELECT * FROM fairness.outcome_gaps((SELECT o FROM labsum), '["Male", "Caucasian", "x"]');

-- JSON escapes are decoded: a quote and a backslash in a value
SELECT DISTINCT reference_group, is_reference
FROM fairness.disparities(fairness.confusion_from_jsonb('{"version":1,"attributes":2,"groups":[{"group":["a\"b\\c","x"],"tp":1},{"group":["d","x"],"tp":5,"fp":1}]}'),
                          '["a\"b\\c", "x"]') WHERE is_reference;
-- one attribute: the exact value first, then a one-element JSON array
SELECT DISTINCT reference_group
FROM fairness.disparities(fairness.confusion_from_jsonb('{"version":1,"attributes":1,"groups":[{"group":"[\"y\"]","tp":1},{"group":"y","tp":5}]}'), '["y"]');
SELECT DISTINCT reference_group
FROM fairness.disparities(fairness.confusion_from_jsonb('{"version":1,"attributes":1,"groups":[{"group":"x","tp":1},{"group":"y","tp":5}]}'), '["x"]');
-- a label that names two groups is ambiguous: the key is not
SELECT * FROM fairness.disparities(fairness.confusion_from_jsonb('{"version":1,"attributes":2,"groups":[{"group":["a × b","c"],"tp":1},{"group":["a","b × c"],"tp":5}]}'), 'a × b × c');
SELECT DISTINCT reference_group, group_key FROM fairness.disparities(fairness.confusion_from_jsonb('{"version":1,"attributes":2,"groups":[{"group":["a × b","c"],"tp":1},{"group":["a","b × c"],"tp":5}]}'), '["a", "b × c"]') WHERE is_reference;

-- medians and quartile bands carry the key too
SELECT group_name, group_key, n FROM fairness.median_gaps('lab', 'sex', 'pay');
SELECT DISTINCT group_name, group_key FROM fairness.pay_quartiles('lab', 'race', 'pay') ORDER BY 1;

-- the library still serves a 0.2 declaration (without group_key)
CREATE FUNCTION old_disparities(c fairness.confusion, reference text DEFAULT NULL)
RETURNS TABLE (group_name text, metric text, value float8, reference_group text,
               reference_value float8, ratio float8, difference float8, is_reference boolean)
AS '$libdir/fairness', 'confusion_disparities' LANGUAGE C IMMUTABLE;
CREATE FUNCTION old_pretraining(c fairness.confusion, reference text DEFAULT NULL)
RETURNS TABLE (group_name text, compared_to text, n float8, n_compared float8,
               class_imbalance float8, label_proportion_difference float8, label_proportion float8)
AS '$libdir/fairness', 'confusion_pretraining_bias' LANGUAGE C IMMUTABLE;
SELECT count(*) AS rows_differ FROM (
  SELECT group_name, metric, value, reference_group, reference_value, ratio, difference, is_reference
  FROM fairness.disparities((SELECT c FROM labsum))
  EXCEPT ALL SELECT * FROM old_disparities((SELECT c FROM labsum))) d;
SELECT count(*) AS rows_differ FROM (
  SELECT group_name, compared_to, n, n_compared, class_imbalance, label_proportion_difference, label_proportion
  FROM fairness.pretraining_bias((SELECT c FROM labsum))
  EXCEPT ALL SELECT * FROM old_pretraining((SELECT c FROM labsum))) d;
SELECT count(*) FROM old_disparities((SELECT c FROM labsum));
DROP FUNCTION old_disparities(fairness.confusion, text);
DROP FUNCTION old_pretraining(fairness.confusion, text);
-- an audit's report over several group columns: a reference written as a
-- JSON array (any spacing) is the intersection's reference, not replaced by
-- the largest group (the four intersections tie at 240 rows: the fallback
-- is the first in key order, Female × African-American); a malformed array
-- falls back to it, as any reference that is not a group does
SELECT DISTINCT attribute, reference_group
FROM fairness.audit_summary_report((SELECT c FROM labsum), '{sex,race}',
                                   reference => '["Male",  "Caucasian"]',
                                   intersections => true)
ORDER BY 1, 2;
SELECT DISTINCT attribute, reference_group
FROM fairness.audit_summary_report((SELECT c FROM labsum), '{sex,race}',
                                   reference => '["Male","Caucasian"',
                                   intersections => true)
ORDER BY 1, 2;
