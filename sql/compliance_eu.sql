--
-- compliance_eu: fairness.pay_transparency_report (Directive (EU) 2023/970
-- Art. 9(1)(a)-(g), Art. 10 flag) on a synthetic workforce of 213 rows,
-- against values recomputed with exact fractions by
-- test/data/pay_transparency_reference.py (no use of the extension).  Counts
-- and band counts must match to 1e-12, gaps and shares to 1e-9 (the report
-- computes in numeric; the reference prints doubles).
--
-- To regenerate: /usr/bin/python3 test/data/pay_transparency_reference.py
-- and paste its INSERT lines between BEGIN and END below.
--
SET extra_float_digits = 0;
CREATE TABLE eu_pay (id int, sex text, category text, base_pay numeric(12,2), variable_pay integer, hours real);
\copy eu_pay FROM 'test/data/pay_transparency.csv' WITH (FORMAT csv, HEADER)
SELECT count(*) AS rows, count(*) FILTER (WHERE sex IN ('F', 'M')) AS known_sex FROM eu_pay;

CREATE TABLE eu_expected (data text, indicator text, basis text, category text, quartile integer, sex text,
                          value float8, n_women numeric, n_men numeric, flagged boolean);
-- BEGIN reference values (test/data/pay_transparency_reference.py)
INSERT INTO eu_expected VALUES ('both', 'a', 'annual', NULL, NULL, NULL, 1.6302216550314448, 95, 109, NULL);
INSERT INTO eu_expected VALUES ('both', 'b', 'annual', NULL, NULL, NULL, 28.121559127945385, 19, 40, NULL);
INSERT INTO eu_expected VALUES ('both', 'c', 'annual', NULL, NULL, NULL, 1.1904761904761905, 95, 109, NULL);
INSERT INTO eu_expected VALUES ('both', 'd', 'annual', NULL, NULL, NULL, 50, 19, 40, NULL);
INSERT INTO eu_expected VALUES ('both', 'e', 'annual', NULL, NULL, 'F', 20, 19, NULL, NULL);
INSERT INTO eu_expected VALUES ('both', 'e', 'annual', NULL, NULL, 'M', 36.69724770642202, NULL, 40, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'annual', NULL, 1, 'F', 47.05882352941177, 24, 27, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'annual', NULL, 1, 'M', 52.94117647058823, 24, 27, NULL);
INSERT INTO eu_expected VALUES ('both', 'f_threshold', 'annual', NULL, 1, NULL, 36000, NULL, NULL, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'annual', NULL, 2, 'F', 49.19786096256684, 25.09090909090909, 25.90909090909091, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'annual', NULL, 2, 'M', 50.80213903743316, 25.09090909090909, 25.90909090909091, NULL);
INSERT INTO eu_expected VALUES ('both', 'f_threshold', 'annual', NULL, 2, NULL, 42000, NULL, NULL, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'annual', NULL, 3, 'F', 53.00802139037433, 27.03409090909091, 23.96590909090909, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'annual', NULL, 3, 'M', 46.99197860962567, 27.03409090909091, 23.96590909090909, NULL);
INSERT INTO eu_expected VALUES ('both', 'f_threshold', 'annual', NULL, 3, NULL, 51000, NULL, NULL, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'annual', NULL, 4, 'F', 37.009803921568626, 18.875, 32.125, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'annual', NULL, 4, 'M', 62.990196078431374, 18.875, 32.125, NULL);
INSERT INTO eu_expected VALUES ('both', 'g', 'annual', 'engineering', NULL, NULL, 7.265712461719234, 29, 39, true);
INSERT INTO eu_expected VALUES ('both', 'g_base', 'annual', 'engineering', NULL, NULL, 4.171890579187933, 29, 39, NULL);
INSERT INTO eu_expected VALUES ('both', 'g_variable', 'annual', 'engineering', NULL, NULL, 53.44827586206897, 29, 39, NULL);
INSERT INTO eu_expected VALUES ('both', 'g', 'annual', 'operations', NULL, NULL, 5.56842048575583, 31, 35, true);
INSERT INTO eu_expected VALUES ('both', 'g_base', 'annual', 'operations', NULL, NULL, 5.56842048575583, 31, 35, NULL);
INSERT INTO eu_expected VALUES ('both', 'g_variable', 'annual', 'operations', NULL, NULL, NULL, 31, 35, NULL);
INSERT INTO eu_expected VALUES ('both', 'g', 'annual', 'sales', NULL, NULL, -8.698934193800724, 35, 34, true);
INSERT INTO eu_expected VALUES ('both', 'g_base', 'annual', 'sales', NULL, NULL, -8.678986995208762, 35, 34, NULL);
INSERT INTO eu_expected VALUES ('both', 'g_variable', 'annual', 'sales', NULL, NULL, NULL, 35, 34, NULL);
INSERT INTO eu_expected VALUES ('both', 'g', 'annual', NULL, NULL, NULL, NULL, 0, 1, NULL);
INSERT INTO eu_expected VALUES ('both', 'g_base', 'annual', NULL, NULL, NULL, NULL, 0, 1, NULL);
INSERT INTO eu_expected VALUES ('both', 'g_variable', 'annual', NULL, NULL, NULL, NULL, 0, 1, NULL);
INSERT INTO eu_expected VALUES ('both', 'unknown', 'annual', NULL, NULL, NULL, 6, 2, 1, NULL);
INSERT INTO eu_expected VALUES ('both', 'a', 'hourly', NULL, NULL, NULL, -0.9230759654543571, 93, 108, NULL);
INSERT INTO eu_expected VALUES ('both', 'b', 'hourly', NULL, NULL, NULL, 21.293844310800765, 18, 40, NULL);
INSERT INTO eu_expected VALUES ('both', 'c', 'hourly', NULL, NULL, NULL, 4.232456217076069, 93, 108, NULL);
INSERT INTO eu_expected VALUES ('both', 'd', 'hourly', NULL, NULL, NULL, 12.881144990665836, 18, 40, NULL);
INSERT INTO eu_expected VALUES ('both', 'e', 'hourly', NULL, NULL, 'F', 19.35483870967742, 18, NULL, NULL);
INSERT INTO eu_expected VALUES ('both', 'e', 'hourly', NULL, NULL, 'M', 37.03703703703704, NULL, 40, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'hourly', NULL, 1, 'F', 48.059701492537314, 24.15, 26.1, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'hourly', NULL, 1, 'M', 51.940298507462686, 24.15, 26.1, NULL);
INSERT INTO eu_expected VALUES ('both', 'f_threshold', 'hourly', NULL, 1, NULL, 25.82451773490977, NULL, NULL, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'hourly', NULL, 2, 'F', 48.45771144278607, 24.35, 25.9, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'hourly', NULL, 2, 'M', 51.54228855721393, 24.35, 25.9, NULL);
INSERT INTO eu_expected VALUES ('both', 'f_threshold', 'hourly', NULL, 2, NULL, 31.736154324828874, NULL, NULL, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'hourly', NULL, 3, 'F', 41.956882255389715, 21.083333333333332, 29.166666666666668, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'hourly', NULL, 3, 'M', 58.043117744610285, 21.083333333333332, 29.166666666666668, NULL);
INSERT INTO eu_expected VALUES ('both', 'f_threshold', 'hourly', NULL, 3, NULL, 42.5, NULL, NULL, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'hourly', NULL, 4, 'F', 46.60033167495854, 23.416666666666668, 26.833333333333332, NULL);
INSERT INTO eu_expected VALUES ('both', 'f', 'hourly', NULL, 4, 'M', 53.39966832504146, 23.416666666666668, 26.833333333333332, NULL);
INSERT INTO eu_expected VALUES ('both', 'g', 'hourly', 'engineering', NULL, NULL, 1.5223211615669758, 28, 39, false);
INSERT INTO eu_expected VALUES ('both', 'g_base', 'hourly', 'engineering', NULL, NULL, -1.6687925670035368, 28, 39, NULL);
INSERT INTO eu_expected VALUES ('both', 'g_variable', 'hourly', 'engineering', NULL, NULL, 49.83218572495404, 28, 39, NULL);
INSERT INTO eu_expected VALUES ('both', 'g', 'hourly', 'operations', NULL, NULL, 5.214927458342477, 31, 35, true);
INSERT INTO eu_expected VALUES ('both', 'g_base', 'hourly', 'operations', NULL, NULL, 5.214927458342477, 31, 35, NULL);
INSERT INTO eu_expected VALUES ('both', 'g_variable', 'hourly', 'operations', NULL, NULL, NULL, 31, 35, NULL);
INSERT INTO eu_expected VALUES ('both', 'g', 'hourly', 'sales', NULL, NULL, -9.297339044748274, 34, 33, true);
INSERT INTO eu_expected VALUES ('both', 'g_base', 'hourly', 'sales', NULL, NULL, -9.297339044748274, 34, 33, NULL);
INSERT INTO eu_expected VALUES ('both', 'g_variable', 'hourly', 'sales', NULL, NULL, NULL, 34, 33, NULL);
INSERT INTO eu_expected VALUES ('both', 'g', 'hourly', NULL, NULL, NULL, NULL, 0, 1, NULL);
INSERT INTO eu_expected VALUES ('both', 'g_base', 'hourly', NULL, NULL, NULL, NULL, 0, 1, NULL);
INSERT INTO eu_expected VALUES ('both', 'g_variable', 'hourly', NULL, NULL, NULL, NULL, 0, 1, NULL);
INSERT INTO eu_expected VALUES ('both', 'unknown', 'hourly', NULL, NULL, NULL, 5, 4, 2, NULL);
INSERT INTO eu_expected VALUES ('positive', 'g', 'annual', 'engineering', NULL, NULL, 7.265712461719234, 29, 39, true);
INSERT INTO eu_expected VALUES ('positive', 'g', 'annual', 'operations', NULL, NULL, 5.56842048575583, 31, 35, true);
INSERT INTO eu_expected VALUES ('positive', 'g', 'annual', 'sales', NULL, NULL, -8.698934193800724, 35, 34, false);
INSERT INTO eu_expected VALUES ('positive', 'g', 'annual', NULL, NULL, NULL, NULL, 0, 1, NULL);
INSERT INTO eu_expected VALUES ('positive', 'g', 'hourly', 'engineering', NULL, NULL, 1.5223211615669758, 28, 39, false);
INSERT INTO eu_expected VALUES ('positive', 'g', 'hourly', 'operations', NULL, NULL, 5.214927458342477, 31, 35, true);
INSERT INTO eu_expected VALUES ('positive', 'g', 'hourly', 'sales', NULL, NULL, -9.297339044748274, 34, 33, false);
INSERT INTO eu_expected VALUES ('positive', 'g', 'hourly', NULL, NULL, NULL, NULL, 0, 1, NULL);
-- END reference values

CREATE TABLE eu_got AS
SELECT 'both' AS data, r.* FROM fairness.pay_transparency_report('eu_pay', 'sex', 'base_pay', 'variable_pay',
                                                                'hours', 'category') r
UNION ALL
SELECT 'positive', r.* FROM fairness.pay_transparency_report('eu_pay', 'sex', 'base_pay', 'variable_pay',
                                                            'hours', 'category', positive_gaps_only => true) r
WHERE r.indicator = 'g';
SELECT count(*) AS compared,
       count(*) FILTER (WHERE e.data IS NULL OR g.data IS NULL) AS unmatched,
       count(*) FILTER (WHERE (g.value IS NULL) <> (e.value IS NULL)
                          OR abs(g.value - e.value) > 1e-9 * greatest(1, abs(e.value))
                          OR (g.n_women IS NULL) <> (e.n_women IS NULL) OR abs(g.n_women - e.n_women) > 1e-12
                          OR (g.n_men IS NULL) <> (e.n_men IS NULL) OR abs(g.n_men - e.n_men) > 1e-12
                          OR g.flagged IS DISTINCT FROM e.flagged) AS mismatched
FROM eu_got g FULL JOIN eu_expected e
  ON g.data = e.data AND g.indicator = e.indicator AND g.basis = e.basis
 AND g.category IS NOT DISTINCT FROM e.category AND g.quartile IS NOT DISTINCT FROM e.quartile
 AND g.sex IS NOT DISTINCT FROM e.sex;

-- the annual report as an HR team would print it
SELECT indicator, category, quartile, sex, round(value::numeric, 2) AS value,
       round(n_women, 2) AS n_women, round(n_men, 2) AS n_men, flagged
FROM eu_got WHERE data = 'both' AND basis = 'annual';
-- in every band the shares add up to 100 and the counts to a quarter of the workers
SELECT basis, quartile, round(sum(value)::numeric, 10) AS shares, round(max(n_women + n_men), 10) AS workers
FROM eu_got WHERE data = 'both' AND indicator = 'f' GROUP BY basis, quartile ORDER BY basis, quartile;

-- Hand-checked cases.
-- (1) UK SI 2017/172 reg. 13: 10 workers, bands of 2.5 ranks.  Ranks:
-- 10 (F) [0,1), 20 (M) [1,2), 30 for 2 women and 2 men [2,6), 40 (F) [6,7),
-- 50 (M) [7,8), 60 (M) [8,9), 70 (F) [9,10).  Band 1 [0,2.5) = 10, 20 and 0.5
-- of the 30s block (half women): 1.25 F, 1.25 M; band 2 [2.5,5) = 2.5 of the
-- block: 1.25 F, 1.25 M; band 3 [5,7.5) = 1 of the block, 40 and half of 50:
-- 1.5 F, 1 M; band 4 = half of 50, 60, 70: 1 F, 1.5 M.  Top pay of bands
-- 1-3: 30, 30, 50.
CREATE TABLE eu_hand (s text, pay int, cat text);
INSERT INTO eu_hand VALUES ('F', 10, 'x'), ('M', 20, 'x'), ('F', 30, 'x'), ('F', 30, 'y'), ('M', 30, 'x'),
                           ('M', 30, 'y'), ('F', 40, 'y'), ('M', 50, 'y'), ('M', 60, 'x'), ('F', 70, 'y');
SELECT indicator, quartile, sex, value, n_women, n_men
FROM fairness.pay_transparency_report('eu_hand', 's', 'pay') WHERE indicator LIKE 'f%';
-- means 36 (F) and 38 (M): gap (38 - 36) / 38 = 5.26 %; medians 30 and 30: 0;
-- category x: F 20, M 36.67: 45.45 % flagged; y: F 46.67, M 40: -16.67 % flagged
SELECT indicator, category, round(value::numeric, 4) AS value, n_women, n_men, flagged
FROM fairness.pay_transparency_report('eu_hand', 's', 'pay', category_column => 'cat', positive_gaps_only => false)
WHERE indicator IN ('a', 'c', 'g', 'unknown');
SELECT category, round(value::numeric, 4) AS value, flagged
FROM fairness.pay_transparency_report('eu_hand', 's', 'pay', category_column => 'cat', positive_gaps_only => true)
WHERE indicator = 'g';
-- the exact threshold: a gap of exactly 5 % is flagged (men 100, women 95)
-- and one just under it (women 95.0002: 4.9998 %) is not
CREATE TABLE eu_five (s text, pay numeric, c text);
INSERT INTO eu_five VALUES ('M', 100, 'at'), ('F', 95, 'at'), ('M', 100, 'under'), ('F', 95.0002, 'under');
SELECT category, value, flagged FROM fairness.pay_transparency_report('eu_five', 's', 'pay', category_column => 'c')
WHERE indicator = 'g';
-- (2) female/male values given: 'woman'/'man', others unknown
CREATE TABLE eu_labels (gender text, pay float8);
INSERT INTO eu_labels VALUES ('woman', 10), ('man', 20), ('Woman', 30), (NULL, 40), ('man', 20);
SELECT indicator, value, n_women, n_men FROM fairness.pay_transparency_report('eu_labels', 'gender', 'pay',
    female => 'woman', male => 'man') WHERE indicator IN ('a', 'c', 'unknown');
-- (3) an empty relation: every indicator present, values NULL, counts 0
CREATE TABLE eu_empty (s text, pay int, var int, h int, cat text);
SELECT indicator, basis, category, quartile, sex, value, n_women, n_men, flagged
FROM fairness.pay_transparency_report('eu_empty', 's', 'pay', 'var', 'h', 'cat');
-- only women: the gaps are NULL (no men), the bands are all women
INSERT INTO eu_empty VALUES ('F', 100, 0, 10, 'a'), ('F', 200, 50, 20, 'a');
SELECT indicator, basis, category, quartile, sex, value, n_women, n_men, flagged
FROM fairness.pay_transparency_report('eu_empty', 's', 'pay', 'var', 'h', 'cat') WHERE basis = 'hourly';

-- (4) hostile names
CREATE TABLE "pay'; DROP TABLE eu_hand; --" ("séx ""q""" text, "pay;" int, "var iable" int, "heures'" int, "cat✓" text);
INSERT INTO "pay'; DROP TABLE eu_hand; --" SELECT s, pay, 0, 1, cat FROM eu_hand;
SELECT indicator, category, round(value::numeric, 4) AS value
FROM fairness.pay_transparency_report('"pay''; DROP TABLE eu_hand; --"', 'séx "q"', 'pay;', 'var iable', 'heures''', 'cat✓')
WHERE indicator IN ('a', 'g') AND basis = 'hourly';
SELECT count(*) AS eu_hand_still_there FROM eu_hand;

-- (5) errors
\set VERBOSITY default
SELECT * FROM fairness.pay_transparency_report('eu_hand', 's', 'cat');
SELECT * FROM fairness.pay_transparency_report('eu_hand', 's', 'pay', female => 'F', male => 'F');
SELECT * FROM fairness.pay_transparency_report('eu_hand', 's', 'pay', female => NULL);
SELECT * FROM fairness.pay_transparency_report('eu_hand', 's', 'pay', hours_column => 'pay');
SELECT * FROM fairness.pay_transparency_report('eu_hand', 's', 'pay', category_column => 'xmin');
INSERT INTO eu_empty VALUES ('M', -1, 0, 10, 'a');
SELECT * FROM fairness.pay_transparency_report('eu_empty', 's', 'pay', 'var', 'h', 'cat');
DELETE FROM eu_empty WHERE pay < 0;
INSERT INTO eu_empty VALUES ('M', 1, 0, 0, 'a');
SELECT * FROM fairness.pay_transparency_report('eu_empty', 's', 'pay', 'var', 'h', 'cat');
INSERT INTO eu_labels VALUES ('man', 'Infinity');
SELECT * FROM fairness.pay_transparency_report('eu_labels', 'gender', 'pay');
\set VERBOSITY terse

-- (6) the caller's rights: row-level security applies
CREATE ROLE eu_reader;
GRANT USAGE ON SCHEMA fairness TO eu_reader;
CREATE TABLE eu_rls (s text, pay int, dept text);
INSERT INTO eu_rls SELECT s, pay, CASE WHEN pay < 50 THEN 'mine' ELSE 'other' END FROM eu_hand;
GRANT SELECT ON eu_rls TO eu_reader;
ALTER TABLE eu_rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON eu_rls FOR SELECT USING (dept = 'mine');
SET ROLE eu_reader;
SELECT indicator, value, n_women, n_men FROM fairness.pay_transparency_report('eu_rls', 's', 'pay') WHERE indicator = 'a';
RESET ROLE;
DROP TABLE eu_rls;
DROP OWNED BY eu_reader;
DROP ROLE eu_reader;
