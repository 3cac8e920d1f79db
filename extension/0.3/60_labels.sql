-- fairness 0.3: readable group labels and group keys everywhere.
--
-- group_name of a group of several attributes is now a readable label,
-- "Female × African-American" (the multiplication sign U+00D7 in a UTF-8
-- database, " x " otherwise; "(unknown)" for a NULL attribute); it was the
-- JSON array ["Female","African-American"].  The exact key stays available
-- as group_key text[], now in every function that returns groups.  A group
-- argument (reference, ...) may be given as its label or as a JSON array of
-- its values, with any spacing: '["Male", "Caucasian"]'.
--
-- Adding a column changes a function's result type: DROP + CREATE (no
-- extension object depends on these functions).  The C functions serve the
-- old declarations too (they look at the declared result columns), so a
-- database still at 0.2 keeps working with the new library.

DROP FUNCTION fairness.disparities(fairness.confusion, text);
CREATE FUNCTION fairness.disparities(c fairness.confusion, reference text DEFAULT NULL)
RETURNS TABLE (
	group_name text,
	group_key text[],
	metric text,
	value float8,
	reference_group text,
	reference_value float8,
	ratio float8,
	difference float8,
	is_reference boolean
)
AS 'MODULE_PATHNAME', 'confusion_disparities'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 50;

COMMENT ON FUNCTION fairness.disparities(fairness.confusion, text) IS
'Aequitas disparities, long format: each group''s rate against the reference group''s (default: the largest known group; name it by its group_name or, for several attributes, its key as a JSON array). ratio = value / reference_value, difference = value - reference_value; NULL on a zero or undefined denominator; no comparison for the unknown group.';

DROP FUNCTION fairness.pretraining_bias(fairness.confusion, text);
CREATE FUNCTION fairness.pretraining_bias(c fairness.confusion, reference text DEFAULT NULL)
RETURNS TABLE (
	group_name text,
	group_key text[],
	compared_to text,
	n float8,
	n_compared float8,
	class_imbalance float8,
	label_proportion_difference float8,
	label_proportion float8
)
AS 'MODULE_PATHNAME', 'confusion_pretraining_bias'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION fairness.pretraining_bias(fairness.confusion, text) IS
'SageMaker Clarify pre-training bias of each group (facet d) against the reference group or, by default, all other known groups (facet a): class imbalance (n_a - n_d)/(n_a + n_d) and difference in proportions of labels q_a - q_d.';

COMMENT ON FUNCTION fairness.group_metrics(fairness.confusion) IS
'One row per group (in key order, unknown group last) and a final overall row (is_overall): counts and rates. group_name is a readable label (several attributes: "Female × White"), group_key the exact key. A zero denominator gives NULL. Weighted summaries give weighted rates.';

DROP FUNCTION fairness.median_gaps(regclass, text, text, text);
CREATE FUNCTION fairness.median_gaps(rel regclass, group_column text, value_column text, reference text DEFAULT NULL)
RETURNS TABLE (
	group_name text,
	group_key text[],
	reference_group text,
	n bigint,
	median float8,
	reference_median float8,
	difference float8,
	ratio float8,
	median_gap float8,
	is_reference boolean
)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	nulls bigint;
	known text;
BEGIN
	EXECUTE format('SELECT count(*) FROM %s WHERE %I IS NULL', rel, value_column) INTO nulls;
	IF nulls > 0 THEN
		RAISE EXCEPTION 'outcome value must not be NULL'
			USING ERRCODE = 'null_value_not_allowed',
			      DETAIL = format('%s rows of %s have a NULL %I.', nulls, rel, value_column),
			      HINT = 'Filter rows without a value through a view: medians never ignore missing values silently.';
	END IF;
	IF reference IS NOT NULL THEN
		EXECUTE format('SELECT string_agg(DISTINCT quote_literal(%1$I::text), '', '') FROM %2$s WHERE %1$I IS NOT NULL', group_column, rel) INTO known;
		EXECUTE format('SELECT count(*) FROM %s WHERE %I::text = $1', rel, group_column) USING reference INTO nulls;
		IF nulls = 0 THEN
			RAISE EXCEPTION 'reference group % is not in %', quote_literal(reference), rel
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = coalesce('Known groups: ' || known || '.', 'The table has no known group.');
		END IF;
	END IF;
	RETURN QUERY EXECUTE format($q$
		WITH g AS (
			SELECT %1$I::text AS grp, count(*) AS n,
			       percentile_cont(0.5) WITHIN GROUP (ORDER BY %2$I::float8) AS med
			FROM %3$s GROUP BY 1),
		r AS (
			SELECT grp, med FROM g
			WHERE CASE WHEN $1::text IS NULL THEN grp IS NOT NULL ELSE grp = $1::text END
			ORDER BY n DESC, grp COLLATE "C" LIMIT 1)
		SELECT g.grp, ARRAY[g.grp], r.grp, g.n, g.med, r.med,
		       CASE WHEN g.grp IS NOT NULL THEN g.med - r.med END,
		       CASE WHEN g.grp IS NOT NULL THEN g.med / nullif(r.med, 0) END,
		       CASE WHEN g.grp IS NOT NULL THEN (r.med - g.med) / nullif(r.med, 0) END,
		       g.grp IS NOT DISTINCT FROM r.grp
		FROM g CROSS JOIN r
		ORDER BY g.grp COLLATE "C" NULLS LAST$q$, group_column, value_column, rel)
	USING reference;
END
$fn$;

COMMENT ON FUNCTION fairness.median_gaps(regclass, text, text, text) IS
'Exact median of value_column per group of group_column in a table or view (percentile_cont(0.5), linear interpolation), against the reference group (default: the largest known group): difference, ratio and median gap (median_ref - median)/median_ref. A NULL value is an error; a NULL group is the unknown group (no comparison); group_key is ARRAY[group_name] (key of one attribute, as in fairness.group_metrics).';

DROP FUNCTION fairness.pay_quartiles(regclass, text, text);
CREATE FUNCTION fairness.pay_quartiles(rel regclass, group_column text, value_column text)
RETURNS TABLE (
	quartile integer,
	band_lower float8,
	band_upper float8,
	group_name text,
	group_key text[],
	n bigint,
	share_of_band float8,
	share_of_group float8
)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	nulls bigint;
BEGIN
	EXECUTE format('SELECT count(*) FROM %s WHERE %I IS NULL', rel, value_column) INTO nulls;
	IF nulls > 0 THEN
		RAISE EXCEPTION 'outcome value must not be NULL'
			USING ERRCODE = 'null_value_not_allowed',
			      DETAIL = format('%s rows of %s have a NULL %I.', nulls, rel, value_column),
			      HINT = 'Filter rows without a value through a view: quartile bands never ignore missing values silently.';
	END IF;
	RETURN QUERY EXECUTE format($q$
		WITH q AS (
			SELECT percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY %2$I::float8) AS c
			FROM %3$s),
		rows AS (
			SELECT %1$I::text AS grp, %2$I::float8 AS v,
			       CASE WHEN %2$I <= q.c[1] THEN 1 WHEN %2$I <= q.c[2] THEN 2
			            WHEN %2$I <= q.c[3] THEN 3 ELSE 4 END AS band
			FROM %3$s, q),
		bands AS (SELECT band, min(v) AS lo, max(v) AS hi, count(*) AS n FROM rows GROUP BY band),
		groups AS (SELECT grp, count(*) AS n FROM rows GROUP BY grp),
		cells AS (SELECT band, grp, count(*) AS n FROM rows GROUP BY band, grp)
		SELECT b.band, b.lo, b.hi, g.grp, ARRAY[g.grp], coalesce(c.n, 0),
		       coalesce(c.n, 0)::float8 / b.n, coalesce(c.n, 0)::float8 / g.n
		FROM bands b CROSS JOIN groups g
		LEFT JOIN cells c ON c.band = b.band AND c.grp IS NOT DISTINCT FROM g.grp
		ORDER BY b.band, g.grp COLLATE "C" NULLS LAST$q$, group_column, value_column, rel);
END
$fn$;

COMMENT ON FUNCTION fairness.pay_quartiles(regclass, text, text) IS
'Quartile pay bands of value_column (EU Pay Transparency Directive, art. 9(1)(f)): band k holds the values in (Q(k-1), Q(k)] with Q the percentile_cont quartiles of all rows (band 1 from the minimum, band 4 to the maximum; ties stay together in the lower band). Per band and group of group_column: rows, share of the band, share of the group. A NULL value is an error. group_key is ARRAY[group_name].';
