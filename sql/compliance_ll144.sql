--
-- compliance_ll144: fairness.ll144_report against the worked examples of the
-- NYC DCWP final rule on automated employment decision tools (6 RCNY 5-301,
-- Notice of Adoption, April 2023).  The row-level data and the reference
-- values come from test/data/ll144_reference.py (exact fractions, no use of
-- the extension); see test/data/README.md for the published tables and the
-- two places where the published figures do not follow from the published
-- counts.  Counts must match exactly, rates and ratios to within 1e-12.
--
-- To regenerate: /usr/bin/python3 test/data/ll144_reference.py and paste
-- its INSERT lines between BEGIN and END below.
--
SET extra_float_digits = 0;
CREATE TABLE ll144_selection (sex text, race_ethnicity text, selected boolean);
\copy ll144_selection FROM 'test/data/ll144_selection.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE ll144_race_only (sex text, race_ethnicity text, selected boolean);
\copy ll144_race_only FROM 'test/data/ll144_race_only.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE ll144_scoring (sex text, race_ethnicity text, score integer);
\copy ll144_scoring FROM 'test/data/ll144_scoring.csv' WITH (FORMAT csv, HEADER)
SELECT (SELECT count(*) FROM ll144_selection) AS selection_rows,
       (SELECT count(*) FROM ll144_race_only) AS race_only_rows,
       (SELECT count(*) FROM ll144_scoring) AS scoring_rows;

CREATE TABLE ll144_expected (data text, table_name text, sex text, race_ethnicity text,
                             applicants bigint, selected bigint, rate float8, impact_ratio float8,
                             below_2_percent boolean);
-- BEGIN reference values (test/data/ll144_reference.py)
-- median score of the full sample: 40.0
INSERT INTO ll144_expected VALUES ('selection', 'sex', 'Female', NULL, 1181, 555, 0.46994072819644367, 0.9793367499146278, false);
INSERT INTO ll144_expected VALUES ('selection', 'sex', 'Male', NULL, 1390, 667, 0.47985611510791365, 1.0, false);
INSERT INTO ll144_expected VALUES ('selection', 'sex', NULL, NULL, 250, 84, NULL, NULL, NULL);
INSERT INTO ll144_expected VALUES ('selection', 'race_ethnicity', NULL, 'Asian', 616, 302, 0.4902597402597403, 0.9483908082209053, false);
INSERT INTO ll144_expected VALUES ('selection', 'race_ethnicity', NULL, 'Black or African American', 390, 170, 0.4358974358974359, 0.8432287776947971, false);
INSERT INTO ll144_expected VALUES ('selection', 'race_ethnicity', NULL, 'Hispanic or Latino', 395, 172, 0.43544303797468353, 0.8423497603539388, false);
INSERT INTO ll144_expected VALUES ('selection', 'race_ethnicity', NULL, 'Native American or Alaska Native', 41, 18, 0.43902439024390244, 0.8492777646223064, true);
INSERT INTO ll144_expected VALUES ('selection', 'race_ethnicity', NULL, 'Native Hawaiian or Pacific Islander', 119, 52, 0.4369747899159664, 0.8453128824345272, false);
INSERT INTO ll144_expected VALUES ('selection', 'race_ethnicity', NULL, 'Two or More Races', 213, 96, 0.4507042253521127, 0.8718720087515384, false);
INSERT INTO ll144_expected VALUES ('selection', 'race_ethnicity', NULL, 'White', 797, 412, 0.5169385194479298, 1.0, false);
INSERT INTO ll144_expected VALUES ('selection', 'race_ethnicity', NULL, NULL, 250, 84, NULL, NULL, NULL);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Female', 'Asian', 295, 135, 0.4576271186440678, 0.876941269215609, false);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Female', 'Black or African American', 164, 75, 0.4573170731707317, 0.8763471355643789, false);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Female', 'Hispanic or Latino', 190, 82, 0.43157894736842106, 0.8270257037943697, false);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Female', 'Native American or Alaska Native', 17, 7, 0.4117647058823529, 0.7890560875512996, true);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Female', 'Native Hawaiian or Pacific Islander', 32, 15, 0.46875, 0.8982558139534884, true);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Female', 'Two or More Races', 98, 44, 0.4489795918367347, 0.8603701945894637, false);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Female', 'White', 385, 197, 0.5116883116883116, 0.9805376019329508, false);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Male', 'Asian', 321, 167, 0.5202492211838006, 0.9969426936173296, false);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Male', 'Black or African American', 226, 95, 0.42035398230088494, 0.8055155381765795, false);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Male', 'Hispanic or Latino', 205, 90, 0.43902439024390244, 0.8412932501418038, false);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Male', 'Native American or Alaska Native', 24, 11, 0.4583333333333333, 0.8782945736434109, true);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Male', 'Native Hawaiian or Pacific Islander', 87, 37, 0.42528735632183906, 0.8149692595562684, false);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Male', 'Two or More Races', 115, 52, 0.45217391304347826, 0.8664914054600606, false);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', 'Male', 'White', 412, 215, 0.5218446601941747, 1.0, false);
INSERT INTO ll144_expected VALUES ('selection', 'intersectional', NULL, NULL, 250, 84, NULL, NULL, NULL);
INSERT INTO ll144_expected VALUES ('race_only', 'sex', NULL, NULL, 2584, 1254, NULL, NULL, NULL);
INSERT INTO ll144_expected VALUES ('race_only', 'race_ethnicity', NULL, 'Asian', 616, 302, 0.4902597402597403, 0.9483908082209053, false);
INSERT INTO ll144_expected VALUES ('race_only', 'race_ethnicity', NULL, 'Black or African American', 390, 170, 0.4358974358974359, 0.8432287776947971, false);
INSERT INTO ll144_expected VALUES ('race_only', 'race_ethnicity', NULL, 'Hispanic or Latino', 408, 204, 0.5, 0.9672330097087378, false);
INSERT INTO ll144_expected VALUES ('race_only', 'race_ethnicity', NULL, 'Native American or Alaska Native', 41, 18, 0.43902439024390244, 0.8492777646223064, true);
INSERT INTO ll144_expected VALUES ('race_only', 'race_ethnicity', NULL, 'Native Hawaiian or Pacific Islander', 119, 52, 0.4369747899159664, 0.8453128824345272, false);
INSERT INTO ll144_expected VALUES ('race_only', 'race_ethnicity', NULL, 'Two or More Races', 213, 96, 0.4507042253521127, 0.8718720087515384, false);
INSERT INTO ll144_expected VALUES ('race_only', 'race_ethnicity', NULL, 'White', 797, 412, 0.5169385194479298, 1.0, false);
INSERT INTO ll144_expected VALUES ('race_only', 'race_ethnicity', NULL, NULL, 0, 0, NULL, NULL, NULL);
INSERT INTO ll144_expected VALUES ('race_only', 'intersectional', NULL, NULL, 2584, 1254, NULL, NULL, NULL);
INSERT INTO ll144_expected VALUES ('scoring', 'sex', 'Female', NULL, 76, 34, 0.4473684210526316, 0.8231578947368421, false);
INSERT INTO ll144_expected VALUES ('scoring', 'sex', 'Male', NULL, 92, 50, 0.5434782608695652, 1.0, false);
INSERT INTO ll144_expected VALUES ('scoring', 'sex', NULL, NULL, 15, 7, NULL, NULL, NULL);
INSERT INTO ll144_expected VALUES ('scoring', 'race_ethnicity', NULL, 'Asian', 24, 10, 0.4166666666666667, 0.6481481481481481, false);
INSERT INTO ll144_expected VALUES ('scoring', 'race_ethnicity', NULL, 'Black or African American', 32, 16, 0.5, 0.7777777777777778, false);
INSERT INTO ll144_expected VALUES ('scoring', 'race_ethnicity', NULL, 'Hispanic or Latino', 28, 18, 0.6428571428571429, 1.0, false);
INSERT INTO ll144_expected VALUES ('scoring', 'race_ethnicity', NULL, 'Native American or Alaska Native', 16, 10, 0.625, 0.9722222222222222, false);
INSERT INTO ll144_expected VALUES ('scoring', 'race_ethnicity', NULL, 'Native Hawaiian or Pacific Islander', 8, 5, 0.625, 0.9722222222222222, false);
INSERT INTO ll144_expected VALUES ('scoring', 'race_ethnicity', NULL, 'Two or More Races', 20, 10, 0.5, 0.7777777777777778, false);
INSERT INTO ll144_expected VALUES ('scoring', 'race_ethnicity', NULL, 'White', 40, 15, 0.375, 0.5833333333333334, false);
INSERT INTO ll144_expected VALUES ('scoring', 'race_ethnicity', NULL, NULL, 15, 7, NULL, NULL, NULL);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Female', 'Asian', 12, 3, 0.25, 0.3333333333333333, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Female', 'Black or African American', 12, 6, 0.5, 0.6666666666666666, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Female', 'Hispanic or Latino', 12, 6, 0.5, 0.6666666666666666, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Female', 'Native American or Alaska Native', 8, 5, 0.625, 0.8333333333333334, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Female', 'Native Hawaiian or Pacific Islander', 4, 2, 0.5, 0.6666666666666666, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Female', 'Two or More Races', 8, 4, 0.5, 0.6666666666666666, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Female', 'White', 20, 8, 0.4, 0.5333333333333333, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Male', 'Asian', 12, 7, 0.5833333333333334, 0.7777777777777778, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Male', 'Black or African American', 20, 10, 0.5, 0.6666666666666666, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Male', 'Hispanic or Latino', 16, 12, 0.75, 1.0, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Male', 'Native American or Alaska Native', 8, 5, 0.625, 0.8333333333333334, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Male', 'Native Hawaiian or Pacific Islander', 4, 3, 0.75, 1.0, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Male', 'Two or More Races', 12, 6, 0.5, 0.6666666666666666, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', 'Male', 'White', 20, 7, 0.35, 0.4666666666666667, false);
INSERT INTO ll144_expected VALUES ('scoring', 'intersectional', NULL, NULL, 15, 7, NULL, NULL, NULL);
INSERT INTO ll144_expected VALUES ('selection_excl', 'sex', 'Female', NULL, 1181, 555, 0.46994072819644367, 0.9793367499146278, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'sex', 'Male', NULL, 1390, 667, 0.47985611510791365, 1.0, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'sex', NULL, NULL, 250, 84, NULL, NULL, NULL);
INSERT INTO ll144_expected VALUES ('selection_excl', 'race_ethnicity', NULL, 'Asian', 616, 302, 0.4902597402597403, 0.9483908082209053, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'race_ethnicity', NULL, 'Black or African American', 390, 170, 0.4358974358974359, 0.8432287776947971, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'race_ethnicity', NULL, 'Hispanic or Latino', 395, 172, 0.43544303797468353, 0.8423497603539388, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'race_ethnicity', NULL, 'Native American or Alaska Native', 41, 18, 0.43902439024390244, NULL, true);
INSERT INTO ll144_expected VALUES ('selection_excl', 'race_ethnicity', NULL, 'Native Hawaiian or Pacific Islander', 119, 52, 0.4369747899159664, 0.8453128824345272, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'race_ethnicity', NULL, 'Two or More Races', 213, 96, 0.4507042253521127, 0.8718720087515384, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'race_ethnicity', NULL, 'White', 797, 412, 0.5169385194479298, 1.0, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'race_ethnicity', NULL, NULL, 250, 84, NULL, NULL, NULL);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Female', 'Asian', 295, 135, 0.4576271186440678, 0.876941269215609, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Female', 'Black or African American', 164, 75, 0.4573170731707317, 0.8763471355643789, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Female', 'Hispanic or Latino', 190, 82, 0.43157894736842106, 0.8270257037943697, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Female', 'Native American or Alaska Native', 17, 7, 0.4117647058823529, NULL, true);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Female', 'Native Hawaiian or Pacific Islander', 32, 15, 0.46875, NULL, true);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Female', 'Two or More Races', 98, 44, 0.4489795918367347, 0.8603701945894637, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Female', 'White', 385, 197, 0.5116883116883116, 0.9805376019329508, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Male', 'Asian', 321, 167, 0.5202492211838006, 0.9969426936173296, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Male', 'Black or African American', 226, 95, 0.42035398230088494, 0.8055155381765795, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Male', 'Hispanic or Latino', 205, 90, 0.43902439024390244, 0.8412932501418038, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Male', 'Native American or Alaska Native', 24, 11, 0.4583333333333333, NULL, true);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Male', 'Native Hawaiian or Pacific Islander', 87, 37, 0.42528735632183906, 0.8149692595562684, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Male', 'Two or More Races', 115, 52, 0.45217391304347826, 0.8664914054600606, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', 'Male', 'White', 412, 215, 0.5218446601941747, 1.0, false);
INSERT INTO ll144_expected VALUES ('selection_excl', 'intersectional', NULL, NULL, 250, 84, NULL, NULL, NULL);
-- END reference values

CREATE TABLE ll144_got AS
SELECT 'selection' AS data, r.* FROM fairness.ll144_report('ll144_selection', 'sex', 'race_ethnicity', selected_column => 'selected') r
UNION ALL
SELECT 'race_only', r.* FROM fairness.ll144_report('ll144_race_only', 'sex', 'race_ethnicity', 'selected') r
UNION ALL
SELECT 'scoring', r.* FROM fairness.ll144_report('ll144_scoring', 'sex', 'race_ethnicity', score_column => 'score') r
UNION ALL
SELECT 'selection_excl', r.* FROM fairness.ll144_report('ll144_selection', 'sex', 'race_ethnicity', 'selected',
                                                        exclude_below_2_percent => true) r;
-- every row compared; the mismatches must be none
SELECT count(*) AS compared,
       count(*) FILTER (WHERE e.data IS NULL OR g.data IS NULL) AS unmatched,
       count(*) FILTER (WHERE g.applicants <> e.applicants OR g.selected <> e.selected
                          OR g.below_2_percent IS DISTINCT FROM e.below_2_percent
                          OR (g.rate IS NULL) <> (e.rate IS NULL) OR abs(g.rate - e.rate) > 1e-12
                          OR (g.impact_ratio IS NULL) <> (e.impact_ratio IS NULL)
                          OR abs(g.impact_ratio - e.impact_ratio) > 1e-12) AS mismatched
FROM ll144_got g FULL JOIN ll144_expected e
  ON g.data = e.data AND g.table_name = e.table_name
 AND g.sex IS NOT DISTINCT FROM e.sex AND g.race_ethnicity IS NOT DISTINCT FROM e.race_ethnicity;

-- the published tables, as printed (rates in %, ratios to the printed digits)
SELECT table_name, category, applicants, selected, round((100 * rate)::numeric, 1) AS rate_pct,
       round(impact_ratio::numeric, 3) AS impact_ratio, below_2_percent
FROM ll144_got WHERE data = 'selection' AND table_name IN ('sex', 'intersectional');
SELECT table_name, category, applicants, selected, round((100 * rate)::numeric, 1) AS rate_pct,
       round(impact_ratio::numeric, 2) AS impact_ratio, below_2_percent
FROM ll144_got WHERE data = 'race_only' AND table_name = 'race_ethnicity';
SELECT table_name, category, applicants, selected, round((100 * rate)::numeric, 1) AS rate_pct,
       round(impact_ratio::numeric, 2) AS impact_ratio
FROM ll144_got WHERE data = 'scoring';
SELECT fairness.ll144_median_score('ll144_scoring', 'score') AS median_score;

-- Hand-checked cases.
-- (1) unknown: a row unknown in one attribute is unknown in the
-- intersection; the highest rate of a table is taken over its own known
-- categories; a small category with the highest rate is left out of the
-- highest rate when exclude_below_2_percent.  100 rows: M/A 60 (30 selected),
-- F/A 39 (13), F/B 1 (1) = 1 % of the known; plus 2 unknown sex, 1 unknown race.
CREATE TABLE ll144_hand (sex text, race text, picked boolean, score numeric);
INSERT INTO ll144_hand
SELECT 'M', 'A', i <= 30, i FROM generate_series(1, 60) i
UNION ALL SELECT 'F', 'A', i <= 13, i FROM generate_series(1, 39) i
UNION ALL SELECT 'F', 'B', true, 100
UNION ALL SELECT NULL, 'A', true, 1 UNION ALL SELECT NULL, 'B', false, 2
UNION ALL SELECT 'M', NULL, true, 3
UNION ALL SELECT 'M', 'A', NULL, NULL;		-- not assessed: left out everywhere
-- sex: F 40 (14) = 0.35, M 61 (31): ratio F = 0.35 / (31/61) = 0.68871
-- race: A 101 (44), B 2 (1); intersection: unknown 3; F/B rate 1 is the top
SELECT table_name, category, sex, race_ethnicity, applicants, selected,
       round(rate::numeric, 5) AS rate, round(impact_ratio::numeric, 5) AS impact_ratio, below_2_percent
FROM fairness.ll144_report('ll144_hand', 'sex', 'race', 'picked');
-- excluding F/B (1 % < 2 %): the top becomes M/A 0.5; F/A = 13/39 / 0.5 = 0.66667
SELECT table_name, category, applicants, round(rate::numeric, 5) AS rate,
       round(impact_ratio::numeric, 5) AS impact_ratio, below_2_percent
FROM fairness.ll144_report('ll144_hand', 'sex', 'race', 'picked', exclude_below_2_percent => true)
WHERE table_name = 'intersectional';
-- (2) the median of the full sample.  ll144_hand has 103 scores (the row
-- without a decision has none): 1, 2 and 3 three times each, 4..39 twice,
-- 40..60 once, and 100; rank 52 is 25, and 50 scores lie above it.
SELECT fairness.ll144_median_score('ll144_hand', 'score') AS median_score;
SELECT sum(selected) AS above_by_report FROM fairness.ll144_report('ll144_hand', 'sex', 'race', score_column => 'score')
WHERE table_name = 'sex';
-- an even count: scores 1, 2, 3, 10, 20, 30, median (3 + 10) / 2 = 6.5;
-- 10, 20 and 30 are above it (two of them women)
CREATE TABLE ll144_even (s text, r text, sc bigint);
INSERT INTO ll144_even VALUES ('M','A',1), ('F','A',2), ('M','A',3), ('F','A',10), ('M','A',20), ('F','A',30);
SELECT fairness.ll144_median_score('ll144_even', 'sc') AS median_score;
SELECT table_name, category, applicants, selected, round(rate::numeric, 5) AS rate,
       round(impact_ratio::numeric, 5) AS impact_ratio
FROM fairness.ll144_report('ll144_even', 's', 'r', score_column => 'sc') WHERE table_name = 'sex';
-- an even count whose two middle scores are equal: nobody at the median is above it
CREATE TABLE ll144_ties (s text, r text, sc float8);
INSERT INTO ll144_ties VALUES ('M','A',1), ('M','A',5), ('F','A',5), ('F','A',9);
SELECT table_name, category, applicants, selected, rate, impact_ratio
FROM fairness.ll144_report('ll144_ties', 's', 'r', score_column => 'sc') WHERE table_name = 'sex';
-- (3) an empty relation: the three unknown rows, with zero applicants
CREATE TABLE ll144_empty (sex text, race text, picked boolean, score float8);
SELECT * FROM fairness.ll144_report('ll144_empty', 'sex', 'race', 'picked');
SELECT * FROM fairness.ll144_report('ll144_empty', 'sex', 'race', score_column => 'score');
SELECT fairness.ll144_median_score('ll144_empty', 'score') AS median_of_nothing;
-- (4) nobody selected: rates 0, impact ratios NULL (no highest rate to divide by)
INSERT INTO ll144_empty VALUES ('M', 'A', false, 1), ('F', 'A', false, 1);
SELECT table_name, category, applicants, selected, rate, impact_ratio, below_2_percent
FROM fairness.ll144_report('ll144_empty', 'sex', 'race', 'picked');

-- (5) hostile names: quotes, semicolons, unicode, spaces; a view over them
CREATE SCHEMA "we;ird ""schema""";
CREATE TABLE "we;ird ""schema"""."t'; DROP TABLE ll144_hand; --" (
	"sëx ""quoted""" text, "race; DROP TABLE ll144_hand" text, "Sélectionné ✓" boolean, "score'" float8);
INSERT INTO "we;ird ""schema"""."t'; DROP TABLE ll144_hand; --"
SELECT sex, race, picked, score FROM ll144_hand;
SELECT table_name, category, applicants, selected, round(rate::numeric, 5) AS rate
FROM fairness.ll144_report('"we;ird ""schema"""."t''; DROP TABLE ll144_hand; --"',
                           'sëx "quoted"', 'race; DROP TABLE ll144_hand', 'Sélectionné ✓')
WHERE table_name = 'sex';
SELECT sum(selected) AS above_median
FROM fairness.ll144_report('"we;ird ""schema"""."t''; DROP TABLE ll144_hand; --"',
                           'sëx "quoted"', 'race; DROP TABLE ll144_hand', score_column => 'score''')
WHERE table_name = 'sex';
SELECT count(*) AS ll144_hand_still_there FROM ll144_hand;
CREATE VIEW ll144_view AS SELECT * FROM "we;ird ""schema"""."t'; DROP TABLE ll144_hand; --";
SELECT count(*) AS rows_via_view FROM fairness.ll144_report('ll144_view', 'sëx "quoted"', 'race; DROP TABLE ll144_hand', 'Sélectionné ✓');

-- (6) errors
\set VERBOSITY default
SELECT * FROM fairness.ll144_report(NULL, 'sex', 'race', 'picked');
SELECT * FROM fairness.ll144_report('ll144_hand', 'sex', 'race');
SELECT * FROM fairness.ll144_report('ll144_hand', 'sex', 'race', 'picked', 'score');
SELECT * FROM fairness.ll144_report('ll144_hand', 'sex', 'race', 'nope');
SELECT * FROM fairness.ll144_report('ll144_hand', '"sex"', 'race', 'picked');
SELECT * FROM fairness.ll144_report('ll144_hand', 'sex', 'race', 'ctid');
SELECT * FROM fairness.ll144_report('ll144_hand', 'sex', 'race', 'score');
SELECT * FROM fairness.ll144_report('ll144_hand', 'sex', 'race', score_column => 'picked');
SELECT * FROM fairness.ll144_report('ll144_hand', 'sex', 'sex', 'picked');
SELECT * FROM fairness.ll144_report('ll144_hand', NULL, 'race', 'picked');
SELECT * FROM fairness.ll144_report('ll144_hand', 'sex', 'race', 'picked', exclude_below_2_percent => NULL);
CREATE SEQUENCE ll144_seq;
SELECT * FROM fairness.ll144_report('ll144_seq', 'sex', 'race', 'picked');
INSERT INTO ll144_ties VALUES ('M', 'B', 'NaN');
SELECT * FROM fairness.ll144_report('ll144_ties', 's', 'r', score_column => 'sc');
\set VERBOSITY terse

-- (7) the caller's rights: column privileges and row-level security apply
CREATE ROLE ll144_reader;
GRANT USAGE ON SCHEMA fairness TO ll144_reader;
CREATE TABLE ll144_rls (sex text, race text, picked boolean, secret text, owner_name text);
INSERT INTO ll144_rls SELECT sex, race, picked, 'x', CASE WHEN sex = 'F' THEN 'll144_reader' ELSE 'other' END
FROM ll144_hand WHERE sex IS NOT NULL;
GRANT SELECT (sex, race, picked, owner_name) ON ll144_rls TO ll144_reader;
ALTER TABLE ll144_rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON ll144_rls FOR SELECT USING (owner_name = current_user);
SET ROLE ll144_reader;
SELECT table_name, category, applicants FROM fairness.ll144_report('ll144_rls', 'sex', 'race', 'picked')
WHERE table_name = 'sex';
SELECT * FROM fairness.ll144_report('ll144_rls', 'sex', 'secret', 'picked');
RESET ROLE;
DROP TABLE ll144_rls;
DROP OWNED BY ll144_reader;
DROP ROLE ll144_reader;

-- the methodology annex of each regime
SELECT regime, length(fairness.methodology(regime)) > 1000 AS long_enough,
       fairness.methodology(regime) LIKE '%' || phrase || '%' AS states_the_rule
FROM (VALUES ('ll144', 'strictly above the median score of the full sample'),
             ('eu_pay_transparency', '|gap| >= 5 %'),
             ('egapro', 'rounded half up to one decimal')) v(regime, phrase);
\set VERBOSITY default
SELECT fairness.methodology('uk_gpg');
SELECT fairness.methodology(NULL);
\set VERBOSITY terse

-- one entry point with the options as JSON (what a registered audit replays);
-- its floats are exact whatever the session's extra_float_digits (0 here)
SELECT ord, report_row FROM fairness.compliance_report('ll144', 'll144_hand',
    '{"sex_column": "sex", "race_ethnicity_column": "race", "selected_column": "picked"}')
WHERE ord <= 3;
SET extra_float_digits = 1;  -- the direct call's to_jsonb, exact too
SELECT count(*) AS rows_equal_to_the_direct_call
FROM fairness.compliance_report('eu_pay_transparency', 'll144_hand',
                                '{"sex_column": "sex", "base_pay_column": "score", "female": "F"}') c
JOIN (SELECT row_number() OVER () AS ord, to_jsonb(r) AS j
      FROM fairness.pay_transparency_report('ll144_hand', 'sex', 'score') r) d
  ON d.ord = c.ord AND d.j = c.report_row;
SET extra_float_digits = 0;
\set VERBOSITY default
SELECT * FROM fairness.compliance_report('ll144', 'll144_hand', '{"sex": "sex"}');
SELECT * FROM fairness.compliance_report('ll144', 'll144_hand', '[1]');
SELECT * FROM fairness.compliance_report('uk', 'll144_hand', '{}');
SELECT * FROM fairness.compliance_report('ll144', 'll144_hand', '{"sex_column": ["sex"]}');
\set VERBOSITY terse
