--
-- compliance_egapro: fairness.egapro_index (France's Index de l'egalite
-- professionnelle) on three synthetic companies (test/data/egapro.csv: 625,
-- 140 and 60 employees), against test/data/egapro_reference.mjs, an
-- independent re-implementation of the official Egapro computation
-- (SocialGouv/egapro) that reproduces all 63 test cases of the official
-- simulator (see test/data/README.md).  Every column must match exactly
-- (results to 1e-9).
--
-- To regenerate: node test/data/egapro_reference.mjs and paste its INSERT
-- lines between BEGIN and END below.
--
SET extra_float_digits = 0;
CREATE TABLE egapro_rows (company text, id int, sex text, age int, csp text, pay numeric, raised boolean,
                          promoted boolean, maternity_return boolean, raised_after_maternity boolean);
\copy egapro_rows FROM 'test/data/egapro.csv' WITH (FORMAT csv, HEADER)
SELECT company, count(*) AS employees, count(*) FILTER (WHERE sex = 'F') AS women,
       count(*) FILTER (WHERE sex = 'M') AS men FROM egapro_rows GROUP BY company ORDER BY company;
CREATE VIEW acme AS SELECT * FROM egapro_rows WHERE company = 'acme';
CREATE VIEW bistro AS SELECT * FROM egapro_rows WHERE company = 'bistro';
CREATE VIEW cabinet AS SELECT * FROM egapro_rows WHERE company = 'cabinet';

CREATE TABLE egapro_expected (company text, indicator text, calculable boolean, result float8,
                              favoured_sex text, points integer, max_points integer);
-- BEGIN reference values (test/data/egapro_reference.mjs)
-- official cases more_than_250_employess.json: 34 of 34 agree
-- official cases less_than_250_employees.json: 29 of 29 agree
INSERT INTO egapro_expected VALUES ('acme', '1', true, 2, 'M', 38, 40);
INSERT INTO egapro_expected VALUES ('acme', '2', true, 3, 'M', 10, 20);
INSERT INTO egapro_expected VALUES ('acme', '3', true, 3.3, 'M', 10, 15);
INSERT INTO egapro_expected VALUES ('acme', '4', true, 93.75, NULL, 0, 15);
INSERT INTO egapro_expected VALUES ('acme', '5', true, 1, 'M', 0, 10);
INSERT INTO egapro_expected VALUES ('acme', 'index', true, 58, NULL, 58, 100);
INSERT INTO egapro_expected VALUES ('bistro', '1', true, 1.4, 'F', 38, 40);
INSERT INTO egapro_expected VALUES ('bistro', '2+3', true, 15.1, 'F', 15, 35);
INSERT INTO egapro_expected VALUES ('bistro', '4', true, 100, NULL, 15, 15);
INSERT INTO egapro_expected VALUES ('bistro', '5', true, 4, 'F', 10, 10);
INSERT INTO egapro_expected VALUES ('bistro', 'index', true, 78, NULL, 78, 100);
INSERT INTO egapro_expected VALUES ('cabinet', '1', false, NULL, NULL, NULL, 40);
INSERT INTO egapro_expected VALUES ('cabinet', '2+3', true, 22.9, 'M', 15, 35);
INSERT INTO egapro_expected VALUES ('cabinet', '4', false, NULL, NULL, NULL, 15);
INSERT INTO egapro_expected VALUES ('cabinet', '5', true, 4, 'M', 10, 10);
INSERT INTO egapro_expected VALUES ('cabinet', 'index', false, NULL, NULL, NULL, 100);
INSERT INTO egapro_expected VALUES ('acme_as_200', '1', true, 2, 'M', 38, 40);
INSERT INTO egapro_expected VALUES ('acme_as_200', '2+3', true, 2.8, 'M', 25, 35);
INSERT INTO egapro_expected VALUES ('acme_as_200', '4', true, 93.75, NULL, 0, 15);
INSERT INTO egapro_expected VALUES ('acme_as_200', '5', true, 1, 'M', 0, 10);
INSERT INTO egapro_expected VALUES ('acme_as_200', 'index', true, 63, NULL, 63, 100);
-- END reference values

CREATE TABLE egapro_got AS
SELECT 'acme' AS company, r.* FROM fairness.egapro_index('acme', 'sex', 'age', 'csp', 'pay', 'raised', 'promoted',
                                                         'maternity_return', 'raised_after_maternity') r
UNION ALL
SELECT 'bistro', r.* FROM fairness.egapro_index('bistro', 'sex', 'age', 'csp', 'pay', 'raised', NULL,
                                                'maternity_return', 'raised_after_maternity') r
UNION ALL
SELECT 'cabinet', r.* FROM fairness.egapro_index('cabinet', 'sex', 'age', 'csp', 'pay', 'raised', 'promoted',
                                                 'maternity_return', 'raised_after_maternity') r
UNION ALL
SELECT 'acme_as_200', r.* FROM fairness.egapro_index('acme', 'sex', 'age', 'csp', 'pay', 'raised', 'promoted',
                                                     'maternity_return', 'raised_after_maternity', workforce => 200) r;
SELECT count(*) AS compared,
       count(*) FILTER (WHERE e.company IS NULL OR g.company IS NULL) AS unmatched,
       count(*) FILTER (WHERE g.calculable IS DISTINCT FROM e.calculable
                          OR (g.result IS NULL) <> (e.result IS NULL) OR abs(g.result - e.result) > 1e-9
                          OR g.favoured_sex IS DISTINCT FROM e.favoured_sex
                          OR g.points IS DISTINCT FROM e.points OR g.max_points IS DISTINCT FROM e.max_points) AS mismatched
FROM egapro_got g FULL JOIN egapro_expected e ON g.company = e.company AND g.indicator = e.indicator;
SELECT company, indicator, calculable, round(result::numeric, 2) AS result, favoured_sex, points, max_points, detail
FROM egapro_got ORDER BY company, indicator;

-- Hand-checked cases.
-- (1) catch-up rule, variant forced by workforce => 300.  One group
-- (ouvriers, under 30): 20 women paid 100, 20 men 108.25: gap 7.6212 %,
-- minus the 5 % threshold 2.6212, result 2.6, points 37, favours men.
-- Raises: women 10/20 = 50 %, men 8/20 = 40 %: gap 10 points, 5 points, but it
-- favours women while indicator 1 favours men and scored under 40: 20.
-- Promotions: women 2/20, men 4/20: 10 points, favours men like indicator 1:
-- 5, no catch-up.  No return from maternity leave: 4 not calculable.  The ten
-- highest paid are men: 0 points.  Index (37 + 20 + 5 + 0) / 85 = 72.94: 73.
CREATE TABLE eg_hand (sex text, age numeric, csp text, pay numeric, raised boolean, promoted boolean,
                      ret boolean, ret_raised boolean);
INSERT INTO eg_hand
SELECT 'F', 25, 'ouvriers', 100, i <= 10, i <= 2, false, false FROM generate_series(1, 20) i
UNION ALL
SELECT 'M', 25, 'OUV', 108.25, i <= 8, i <= 4, NULL, NULL FROM generate_series(1, 20) i;
SELECT indicator, calculable, result, favoured_sex, points, max_points, detail
FROM fairness.egapro_index('eg_hand', 'sex', 'age', 'csp', 'pay', 'raised', 'promoted', 'ret', 'ret_raised',
                           workforce => 300);
-- (2) rounding as the official code (Math.round, halves up): women 15, men
-- 16 gives a gap of exactly 6.25 %, 1.25 after the threshold; 12.5 tenths
-- round up to 1.3 (round half to even would give 1.2), points at ceil(1.3) = 2: 38.
-- 2+3: women 10/20 raised, men 8/20: 10 points and 2 equivalent employees
-- (0.1 x 20): the better score is 35 (2 employees); it favours women, against
-- indicator 1, so the catch-up rule gives 35 as well.
UPDATE eg_hand SET pay = CASE sex WHEN 'F' THEN 15 ELSE 16 END;
SELECT indicator, calculable, result, favoured_sex, points, max_points, detail
FROM fairness.egapro_index('eg_hand', 'sex', 'age', 'csp', 'pay', 'raised', NULL, 'ret', 'ret_raised')
WHERE indicator IN ('1', '2+3');
-- (3) the ten highest paid: a woman and a man share the tenth place: not
-- determined, not calculable; two men sharing it: calculable
CREATE TABLE eg_top (sex text, pay int);
INSERT INTO eg_top SELECT CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END, 1000 - i FROM generate_series(1, 9) i;
INSERT INTO eg_top VALUES ('F', 500), ('M', 500), ('M', 10);
CREATE VIEW eg_top_v AS SELECT sex, 40 AS age, 'emp'::text AS csp, pay, false AS raised, false AS promoted,
                               false AS ret, false AS ret_raised FROM eg_top;
SELECT indicator, calculable, result, favoured_sex, points, detail
FROM fairness.egapro_index('eg_top_v', 'sex', 'age', 'csp', 'pay', 'raised', NULL, 'ret', 'ret_raised') WHERE indicator = '5';
UPDATE eg_top SET sex = 'M' WHERE pay = 500;
SELECT indicator, calculable, result, favoured_sex, points, detail
FROM fairness.egapro_index('eg_top_v', 'sex', 'age', 'csp', 'pay', 'raised', NULL, 'ret', 'ret_raised') WHERE indicator = '5';
-- (4) maternity returns: 15 points only when every return was raised
CREATE TABLE eg_mat (sex text, age int, csp text, pay int, raised boolean, ret boolean, ret_raised boolean);
INSERT INTO eg_mat VALUES ('F', 30, 'ic', 50, true, true, true), ('F', 31, 'ic', 50, true, true, true),
                          ('F', 32, 'ic', 50, false, true, NULL), ('M', 33, 'ic', 50, false, false, false);
SELECT indicator, calculable, round(result::numeric, 4) AS result, points, detail
FROM fairness.egapro_index('eg_mat', 'sex', 'age', 'csp', 'pay', 'raised', NULL, 'ret', 'ret_raised') WHERE indicator = '4';
UPDATE eg_mat SET ret_raised = true;
SELECT indicator, calculable, result, points
FROM fairness.egapro_index('eg_mat', 'sex', 'age', 'csp', 'pay', 'raised', NULL, 'ret', 'ret_raised') WHERE indicator = '4';
-- (5) an empty relation: nothing is calculable, nothing fails
CREATE TABLE eg_empty (sex text, age int, csp text, pay int, raised boolean, promoted boolean, ret boolean, ret_raised boolean);
SELECT * FROM fairness.egapro_index('eg_empty', 'sex', 'age', 'csp', 'pay', 'raised', 'promoted', 'ret', 'ret_raised');

-- (6) hostile names
CREATE TABLE "eg'; DROP TABLE eg_hand; --" ("sèxe ""q""" text, "âge;" numeric, "csp'" text, "pay ✓" numeric,
    "raised""" boolean, "promoted;--" boolean, "ret'" boolean, "ret raised" boolean);
INSERT INTO "eg'; DROP TABLE eg_hand; --" SELECT * FROM eg_hand;
SELECT indicator, calculable, result, points
FROM fairness.egapro_index('"eg''; DROP TABLE eg_hand; --"', 'sèxe "q"', 'âge;', 'csp''', 'pay ✓', 'raised"',
                           'promoted;--', 'ret''', 'ret raised', workforce => 300);
SELECT count(*) AS eg_hand_still_there FROM eg_hand;

-- (7) errors
\set VERBOSITY default
SELECT * FROM fairness.egapro_index('eg_hand', 'sex', 'age', 'csp', 'pay', 'raised', NULL, 'ret', 'ret_raised', workforce => 251);
INSERT INTO eg_hand VALUES ('F', 40, 'cadres', 10, false, false, false, false);
SELECT * FROM fairness.egapro_index('eg_hand', 'sex', 'age', 'csp', 'pay', 'raised', NULL, 'ret', 'ret_raised');
DELETE FROM eg_hand WHERE csp = 'cadres';
INSERT INTO eg_hand VALUES ('F', 40, 'emp', -10, false, false, false, false);
SELECT * FROM fairness.egapro_index('eg_hand', 'sex', 'age', 'csp', 'pay', 'raised', NULL, 'ret', 'ret_raised');
DELETE FROM eg_hand WHERE pay < 0;
SELECT * FROM fairness.egapro_index('eg_hand', 'sex', 'age', 'csp', 'pay', 'csp', NULL, 'ret', 'ret_raised');
SELECT * FROM fairness.egapro_index('eg_hand', 'sex', 'csp', 'csp', 'pay', 'raised', NULL, 'ret', 'ret_raised');
SELECT * FROM fairness.egapro_index('eg_hand', 'sex', 'age', 'csp', 'pay', 'raised', NULL, 'ret', 'ret_raised', 'F', 'F');
SELECT * FROM fairness.egapro_index('eg_hand', 'sex', 'age', 'csp', 'pay', 'raised', NULL, 'ret', 'ret_raised', workforce => -1);
\set VERBOSITY terse

-- (8) the caller's rights: row-level security applies (the reader sees the women only)
CREATE ROLE eg_reader;
GRANT USAGE ON SCHEMA fairness TO eg_reader;
GRANT SELECT ON eg_hand TO eg_reader;
ALTER TABLE eg_hand ENABLE ROW LEVEL SECURITY;
CREATE POLICY women ON eg_hand FOR SELECT USING (sex = 'F');
SET ROLE eg_reader;
SELECT indicator, calculable, detail->'employees' AS employees
FROM fairness.egapro_index('eg_hand', 'sex', 'age', 'csp', 'pay', 'raised', NULL, 'ret', 'ret_raised') WHERE indicator = '1';
RESET ROLE;
ALTER TABLE eg_hand DISABLE ROW LEVEL SECURITY;
DROP OWNED BY eg_reader;
DROP ROLE eg_reader;
