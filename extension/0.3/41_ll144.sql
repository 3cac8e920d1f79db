-- NYC Local Law 144 of 2021 (NYC Admin. Code 20-870 to 20-874) and the
-- DCWP rules, 6 RCNY 5-300 to 5-304: the three tables of a bias audit of an
-- automated employment decision tool (sex, race/ethnicity, intersection),
-- with selection rates (5-301(b)) or scoring rates (5-301(c)), impact
-- ratios, the unknown category (5-301(b)(5), (c)(5)) and the categories
-- under 2 % of the data (5-301(d)).

CREATE FUNCTION fairness.ll144_report(
	rel regclass,
	sex_column text,
	race_ethnicity_column text,
	selected_column text DEFAULT NULL,
	score_column text DEFAULT NULL,
	exclude_below_2_percent boolean DEFAULT false)
RETURNS TABLE (table_name text, category text, sex text, race_ethnicity text, applicants bigint,
               selected bigint, rate float8, impact_ratio float8, below_2_percent boolean)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	src text;
	k text;
	has_nan boolean;
BEGIN
	PERFORM fairness.compliance_relation(rel);
	IF (selected_column IS NULL) = (score_column IS NULL) THEN
		RAISE EXCEPTION 'give exactly one of selected_column and score_column'
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'selected_column (boolean) gives selection rates, score_column (a number) gives scoring rates.';
	END IF;
	IF exclude_below_2_percent IS NULL THEN
		RAISE EXCEPTION 'exclude_below_2_percent must not be NULL' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	PERFORM fairness.compliance_column(rel, sex_column, 'sex_column', NULL);
	PERFORM fairness.compliance_column(rel, race_ethnicity_column, 'race_ethnicity_column', NULL);
	PERFORM fairness.compliance_distinct(
		ARRAY[sex_column, race_ethnicity_column, selected_column, score_column],
		'{sex_column,race_ethnicity_column,selected_column,score_column}');

	IF selected_column IS NOT NULL THEN
		PERFORM fairness.compliance_column(rel, selected_column, 'selected_column', '{boolean}');
		-- assessed rows: those with a decision
		src := pg_catalog.format(
			'SELECT r.%I::pg_catalog.text AS sx, r.%I::pg_catalog.text AS re, r.%I AS hit'
			' FROM %s r WHERE r.%I IS NOT NULL',
			sex_column, race_ethnicity_column, selected_column, rel, selected_column);
	ELSE
		k := fairness.compliance_column(rel, score_column, 'score_column', '{integer,number}');
		IF k = 'number' THEN
			EXECUTE pg_catalog.format(
				'SELECT EXISTS (SELECT FROM %s r WHERE r.%I::pg_catalog.float8 OPERATOR(pg_catalog.=) ''NaN''::pg_catalog.float8)',
				rel, score_column) INTO STRICT has_nan;
			IF has_nan THEN
				RAISE EXCEPTION 'column "%" of % holds NaN scores', score_column, rel
					USING ERRCODE = 'invalid_parameter_value',
					      DETAIL = 'NaN has no place relative to the median score.',
					      HINT = 'Set them to NULL (not assessed) or give the real score.';
			END IF;
		END IF;
		-- Scoring rate: above the median of the full sample, every assessed
		-- row included whatever its categories.  With n scores ranked, the
		-- median is the middle one (n odd) or the mean of the two middle ones
		-- (n even); either way a score is strictly above it exactly when it
		-- is strictly above the value of rank ceil(n/2), which is what
		-- percentile_disc(0.5) returns, so the comparison is exact in the
		-- column's own type.
		src := pg_catalog.format(
			'SELECT b.sx, b.re, b.sc OPERATOR(pg_catalog.>) m.lower_middle AS hit'
			' FROM (SELECT r.%I::pg_catalog.text AS sx, r.%I::pg_catalog.text AS re, r.%I AS sc'
			'       FROM %s r WHERE r.%I IS NOT NULL) b,'
			'      (SELECT pg_catalog.percentile_disc(0.5) WITHIN GROUP (ORDER BY r.%I) AS lower_middle'
			'       FROM %s r WHERE r.%I IS NOT NULL) m',
			sex_column, race_ethnicity_column, score_column, rel, score_column,
			score_column, rel, score_column);
	END IF;

	RETURN QUERY EXECUTE
		'WITH src AS (' || src || '),'
		' counted AS ('
		'  SELECT 1 AS ord, ''sex''::pg_catalog.text AS t, s.sx AS cat, s.sx AS cs, NULL::pg_catalog.text AS cr,'
		'         pg_catalog.count(*) AS n, pg_catalog.count(*) FILTER (WHERE s.hit) AS k'
		'  FROM src s GROUP BY s.sx'
		'  UNION ALL'
		'  SELECT 2, ''race_ethnicity'', s.re, NULL, s.re, pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE s.hit)'
		'  FROM src s GROUP BY s.re'
		'  UNION ALL'
		'  SELECT 3, ''intersectional'','
		'         CASE WHEN i.cs IS NULL OR i.cr IS NULL THEN NULL ELSE i.cs OPERATOR(pg_catalog.||) '' / '' OPERATOR(pg_catalog.||) i.cr END,'
		'         i.cs, i.cr, pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE i.hit)'
		'  FROM (SELECT CASE WHEN s.re IS NULL THEN NULL ELSE s.sx END AS cs,'
		'               CASE WHEN s.sx IS NULL THEN NULL ELSE s.re END AS cr, s.hit FROM src s) i'
		'  GROUP BY i.cs, i.cr'
		' ),'
		-- the unknown row of each table exists even when nobody is unknown
		' tables(ord, t) AS (VALUES (1, ''sex''::pg_catalog.text), (2, ''race_ethnicity''), (3, ''intersectional'')),'
		' allrows AS ('
		'  SELECT c.ord, c.t, c.cat, c.cs, c.cr, c.n, c.k FROM counted c WHERE c.cat IS NOT NULL'
		'  UNION ALL'
		'  SELECT tb.ord, tb.t, NULL, NULL, NULL, COALESCE(u.n, 0), COALESCE(u.k, 0)'
		'  FROM tables tb LEFT JOIN counted u ON u.ord OPERATOR(pg_catalog.=) tb.ord AND u.cat IS NULL'
		' ),'
		' rated AS ('
		'  SELECT a.*,'
		'         CASE WHEN a.cat IS NOT NULL THEN a.k::pg_catalog.float8 OPERATOR(pg_catalog./) a.n END AS r,'
		'         CASE WHEN a.cat IS NOT NULL THEN a.n OPERATOR(pg_catalog.*) 50 OPERATOR(pg_catalog.<)'
		'              pg_catalog.sum(a.n) FILTER (WHERE a.cat IS NOT NULL) OVER (PARTITION BY a.ord) END AS small'
		'  FROM allrows a'
		' ),'
		' topped AS ('
		'  SELECT r.*, pg_catalog.max(r.r) FILTER (WHERE r.cat IS NOT NULL AND NOT (r.small AND $1))'
		'                OVER (PARTITION BY r.ord) AS top'
		'  FROM rated r'
		' )'
		' SELECT t.t, t.cat, t.cs, t.cr, t.n, t.k, t.r,'
		'        CASE WHEN t.cat IS NULL OR (t.small AND $1) OR t.top OPERATOR(pg_catalog.=) 0 THEN NULL'
		'             ELSE t.r OPERATOR(pg_catalog./) t.top END,'
		'        t.small'
		' FROM topped t ORDER BY t.ord, t.cat IS NULL, t.cs, t.cr, t.cat'
		USING exclude_below_2_percent;
END
$$;

COMMENT ON FUNCTION fairness.ll144_report(regclass, text, text, text, text, boolean) IS
'NYC Local Law 144 bias audit (DCWP rules 6 RCNY 5-300 to 5-304): for the sex, race_ethnicity and intersectional tables, applicants, selected (or scoring above the full-sample median), the selection or scoring rate, the impact ratio against the highest rate of the same table and whether the category is under 2 % of the table''s known rows; one row per table with category NULL counts the applicants of unknown category.  Give selected_column (boolean) or score_column (number).  Rows whose decision or score is NULL were not assessed and are left out.  See fairness.methodology(''ll144'').';

CREATE FUNCTION fairness.ll144_median_score(rel regclass, score_column text)
RETURNS float8
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	m float8;
BEGIN
	PERFORM fairness.compliance_relation(rel);
	PERFORM fairness.compliance_column(rel, score_column, 'score_column', '{integer,number}');
	EXECUTE pg_catalog.format(
		'SELECT pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY r.%I::pg_catalog.float8) FROM %s r',
		score_column, rel) INTO m;
	RETURN m;
END
$$;

COMMENT ON FUNCTION fairness.ll144_median_score(regclass, text) IS
'The median score of the full sample that an LL144 scoring audit reports (6 RCNY 5-301(c)(1)): every non-NULL score, whatever the categories; with an even count the mean of the two middle scores.  NULL when no row has a score.';
