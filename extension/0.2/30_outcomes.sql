-- fairness 0.2: the fairness.outcomes summary type (continuous outcomes per
-- group: pay, amounts) with mean gaps, Welch's t-test and Cohen's d; and
-- exact median gaps and quartile pay bands through percentile_cont, for the
-- EU Pay Transparency Directive's indicators.  Schema-qualified references
-- only; COMMENT ON for every object.

------------------------------------------------------------------------
-- The type
------------------------------------------------------------------------
CREATE TYPE fairness.outcomes;

CREATE FUNCTION fairness.outcomes_in(cstring)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.outcomes_out(fairness.outcomes)
RETURNS cstring
AS 'MODULE_PATHNAME', 'outcomes_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.outcomes_recv(internal)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.outcomes_send(fairness.outcomes)
RETURNS bytea
AS 'MODULE_PATHNAME', 'outcomes_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE fairness.outcomes (
	INPUT = fairness.outcomes_in,
	OUTPUT = fairness.outcomes_out,
	RECEIVE = fairness.outcomes_recv,
	SEND = fairness.outcomes_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE fairness.outcomes IS
'Per-group summary of a continuous outcome (pay, amounts): rows, weight sums, sum, sum of squared deviations from the mean (Welford/Chan), minimum and maximum. Storable and mergeable; text form is JSON.';
COMMENT ON FUNCTION fairness.outcomes_in(cstring) IS 'Input function of fairness.outcomes (JSON text form).';
COMMENT ON FUNCTION fairness.outcomes_out(fairness.outcomes) IS 'Output function of fairness.outcomes (canonical JSON text form).';
COMMENT ON FUNCTION fairness.outcomes_recv(internal) IS 'Binary input function of fairness.outcomes.';
COMMENT ON FUNCTION fairness.outcomes_send(fairness.outcomes) IS 'Binary output function of fairness.outcomes.';

CREATE FUNCTION fairness.outcomes_to_jsonb(fairness.outcomes)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'outcomes_to_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.outcomes_from_jsonb(jsonb)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_from_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE CAST (fairness.outcomes AS jsonb)
	WITH FUNCTION fairness.outcomes_to_jsonb(fairness.outcomes);
CREATE CAST (jsonb AS fairness.outcomes)
	WITH FUNCTION fairness.outcomes_from_jsonb(jsonb);

COMMENT ON FUNCTION fairness.outcomes_to_jsonb(fairness.outcomes) IS 'The outcome summary as a jsonb document (same schema as the text form).';
COMMENT ON FUNCTION fairness.outcomes_from_jsonb(jsonb) IS 'An outcome summary from a jsonb document in the text form''s schema, with the same checks as the input function.';
COMMENT ON CAST (fairness.outcomes AS jsonb) IS 'Explicit cast of an outcome summary to jsonb.';
COMMENT ON CAST (jsonb AS fairness.outcomes) IS 'Explicit cast of a jsonb document to an outcome summary (validated like text input).';

------------------------------------------------------------------------
-- Aggregate support functions (states are fairness.outcomes values, so
-- that Citus can push partial aggregation down; not callable directly)
------------------------------------------------------------------------

CREATE FUNCTION fairness.outcomes_trans(fairness.outcomes, text, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_trans'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.outcomes_trans(fairness.outcomes, text, float8, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_trans'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.outcomes_trans(fairness.outcomes, text[], float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_trans_arr'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.outcomes_trans(fairness.outcomes, text[], float8, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_trans_arr'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.outcomes_inv(fairness.outcomes, text, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_inv'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.outcomes_inv(fairness.outcomes, text, float8, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_inv'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.outcomes_inv(fairness.outcomes, text[], float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_inv_arr'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.outcomes_inv(fairness.outcomes, text[], float8, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_inv_arr'
LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION fairness.outcomes_trans(fairness.outcomes, text, float8) IS 'Transition function of fairness.outcomes(text, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.outcomes_trans(fairness.outcomes, text, float8, float8) IS 'Transition function of fairness.outcomes(text, float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.outcomes_trans(fairness.outcomes, text[], float8) IS 'Transition function of fairness.outcomes(text[], float8); aggregate use only.';
COMMENT ON FUNCTION fairness.outcomes_trans(fairness.outcomes, text[], float8, float8) IS 'Transition function of fairness.outcomes(text[], float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.outcomes_inv(fairness.outcomes, text, float8) IS 'Inverse transition (moving windows; NULL when a group''s minimum or maximum leaves the frame, which makes PostgreSQL recompute the frame) of fairness.outcomes(text, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.outcomes_inv(fairness.outcomes, text, float8, float8) IS 'Inverse transition (moving windows; NULL when a group''s minimum or maximum leaves the frame, which makes PostgreSQL recompute the frame) of fairness.outcomes(text, float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.outcomes_inv(fairness.outcomes, text[], float8) IS 'Inverse transition (moving windows; NULL when a group''s minimum or maximum leaves the frame, which makes PostgreSQL recompute the frame) of fairness.outcomes(text[], float8); aggregate use only.';
COMMENT ON FUNCTION fairness.outcomes_inv(fairness.outcomes, text[], float8, float8) IS 'Inverse transition (moving windows; NULL when a group''s minimum or maximum leaves the frame, which makes PostgreSQL recompute the frame) of fairness.outcomes(text[], float8, float8); aggregate use only.';

CREATE FUNCTION fairness.outcomes_combine(fairness.outcomes, fairness.outcomes)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_combine'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.outcomes_subtract(fairness.outcomes, fairness.outcomes)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_subtract'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.outcomes_final(fairness.outcomes)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION fairness.outcomes_combine(fairness.outcomes, fairness.outcomes) IS 'Combine function of the fairness.outcomes aggregates (Chan''s merge; transition of fairness.merge); aggregate use only.';
COMMENT ON FUNCTION fairness.outcomes_subtract(fairness.outcomes, fairness.outcomes) IS 'Inverse transition (moving windows) of fairness.merge(fairness.outcomes); aggregate use only.';
COMMENT ON FUNCTION fairness.outcomes_final(fairness.outcomes) IS 'Final function of the fairness.outcomes aggregates: the canonical form of a state.';

------------------------------------------------------------------------
-- Aggregates
------------------------------------------------------------------------

CREATE AGGREGATE fairness.outcomes(grp text, value float8) (
	SFUNC = fairness.outcomes_trans,
	STYPE = fairness.outcomes,
	FINALFUNC = fairness.outcomes_final,
	COMBINEFUNC = fairness.outcomes_combine,
	MSFUNC = fairness.outcomes_trans,
	MINVFUNC = fairness.outcomes_inv,
	MSTYPE = fairness.outcomes,
	MFINALFUNC = fairness.outcomes_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.outcomes(grp text, value float8, weight float8) (
	SFUNC = fairness.outcomes_trans,
	STYPE = fairness.outcomes,
	FINALFUNC = fairness.outcomes_final,
	COMBINEFUNC = fairness.outcomes_combine,
	MSFUNC = fairness.outcomes_trans,
	MINVFUNC = fairness.outcomes_inv,
	MSTYPE = fairness.outcomes,
	MFINALFUNC = fairness.outcomes_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.outcomes(grp text[], value float8) (
	SFUNC = fairness.outcomes_trans,
	STYPE = fairness.outcomes,
	FINALFUNC = fairness.outcomes_final,
	COMBINEFUNC = fairness.outcomes_combine,
	MSFUNC = fairness.outcomes_trans,
	MINVFUNC = fairness.outcomes_inv,
	MSTYPE = fairness.outcomes,
	MFINALFUNC = fairness.outcomes_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.outcomes(grp text[], value float8, weight float8) (
	SFUNC = fairness.outcomes_trans,
	STYPE = fairness.outcomes,
	FINALFUNC = fairness.outcomes_final,
	COMBINEFUNC = fairness.outcomes_combine,
	MSFUNC = fairness.outcomes_trans,
	MINVFUNC = fairness.outcomes_inv,
	MSTYPE = fairness.outcomes,
	MFINALFUNC = fairness.outcomes_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.merge(fairness.outcomes) (
	SFUNC = fairness.outcomes_combine,
	STYPE = fairness.outcomes,
	FINALFUNC = fairness.outcomes_final,
	COMBINEFUNC = fairness.outcomes_combine,
	MSFUNC = fairness.outcomes_combine,
	MINVFUNC = fairness.outcomes_subtract,
	MSTYPE = fairness.outcomes,
	MFINALFUNC = fairness.outcomes_final,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE fairness.outcomes(text, float8) IS
'Per-group summary of a continuous outcome (group, value): count, sum, mean, variance, min, max. A NULL group is the unknown group; a NULL, NaN or infinite value is an error. Returns NULL for no rows.';
COMMENT ON AGGREGATE fairness.outcomes(text, float8, float8) IS
'Weighted per-group outcome summary (frequency weights: finite, >= 0, not NULL).';
COMMENT ON AGGREGATE fairness.outcomes(text[], float8) IS
'Per-group outcome summary over several protected attributes at once, e.g. ARRAY[gender, ethnicity].';
COMMENT ON AGGREGATE fairness.outcomes(text[], float8, float8) IS
'Weighted per-group outcome summary over several protected attributes at once.';
COMMENT ON AGGREGATE fairness.merge(fairness.outcomes) IS
'Union of stored outcome summaries (Chan''s merge). NULL inputs are skipped.';

------------------------------------------------------------------------
-- Functions on summaries
------------------------------------------------------------------------
CREATE FUNCTION fairness.merge(a fairness.outcomes, b fairness.outcomes)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_merge2'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.total(o fairness.outcomes)
RETURNS bigint
AS 'MODULE_PATHNAME', 'outcomes_total'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.group_count(o fairness.outcomes)
RETURNS integer
AS 'MODULE_PATHNAME', 'outcomes_group_count'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.attributes(o fairness.outcomes)
RETURNS integer
AS 'MODULE_PATHNAME', 'outcomes_attributes'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.is_weighted(o fairness.outcomes)
RETURNS boolean
AS 'MODULE_PATHNAME', 'outcomes_is_weighted'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION fairness.merge(fairness.outcomes, fairness.outcomes) IS
'Union of two outcome summaries; a NULL argument is no data (merge(a, NULL) = a).';
COMMENT ON FUNCTION fairness.total(fairness.outcomes) IS 'Number of rows counted in the outcome summary.';
COMMENT ON FUNCTION fairness.group_count(fairness.outcomes) IS 'Number of groups in the outcome summary, the unknown group included.';
COMMENT ON FUNCTION fairness.attributes(fairness.outcomes) IS 'Number of protected attributes per group key of the outcome summary.';
COMMENT ON FUNCTION fairness.is_weighted(fairness.outcomes) IS 'Whether the outcome summary carries sums of weights.';

CREATE FUNCTION fairness.outcome_stats(o fairness.outcomes)
RETURNS TABLE (
	group_name text,
	group_key text[],
	is_overall boolean,
	n bigint,
	weight float8,
	effective_n float8,
	mean float8,
	variance float8,
	sd float8,
	std_error float8,
	min float8,
	max float8,
	sum float8,
	sum_sq_dev float8
)
AS 'MODULE_PATHNAME', 'outcomes_stats'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION fairness.outcome_stats(fairness.outcomes) IS
'One row per group (key order, unknown group last) and an overall row: rows, weight sum and Kish effective size (weighted), mean, variance (n - 1 denominator; weighted: W - 1, frequency weights), standard deviation, standard error of the mean, min, max, sum and sum of squared deviations.';

CREATE FUNCTION fairness.outcome_gaps(o fairness.outcomes, reference text DEFAULT NULL, level float8 DEFAULT 0.95)
RETURNS TABLE (
	group_name text,
	group_key text[],
	reference_group text,
	n bigint,
	mean float8,
	reference_mean float8,
	difference float8,
	ratio float8,
	pay_gap float8,
	ci_low float8,
	ci_high float8,
	t float8,
	df float8,
	p_value float8,
	cohens_d float8,
	std_error float8,
	is_reference boolean
)
AS 'MODULE_PATHNAME', 'outcomes_gaps'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION fairness.outcome_gaps(fairness.outcomes, text, float8) IS
'Each group against the reference group (default: the largest known group): difference and ratio of means, pay gap (mean_ref - mean)/mean_ref, Welch''s t-test (t, Welch-Satterthwaite df, two-sided p) with a confidence interval of the difference at the given level, and Cohen''s d (pooled standard deviation). The unknown group is not compared.';

CREATE FUNCTION fairness.pay_gap(o fairness.outcomes, grp text, reference text)
RETURNS float8
AS 'MODULE_PATHNAME', 'outcomes_pay_gap'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.mean_gap(o fairness.outcomes, grp text, reference text)
RETURNS float8
AS 'MODULE_PATHNAME', 'outcomes_mean_gap'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.mean_ratio(o fairness.outcomes, grp text, reference text)
RETURNS float8
AS 'MODULE_PATHNAME', 'outcomes_mean_ratio'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION fairness.pay_gap(fairness.outcomes, text, text) IS
'Pay gap of a group against a reference group, (mean_ref - mean_grp) / mean_ref: the EU Pay Transparency Directive''s gender pay gap with the reference as men. NULL when a mean is undefined or the reference mean is 0.';
COMMENT ON FUNCTION fairness.mean_gap(fairness.outcomes, text, text) IS 'Difference of means mean_grp - mean_ref.';
COMMENT ON FUNCTION fairness.mean_ratio(fairness.outcomes, text, text) IS 'Ratio of means mean_grp / mean_ref (NULL when the reference mean is 0).';

CREATE FUNCTION fairness.outcome_report(o fairness.outcomes, reference text DEFAULT NULL, level float8 DEFAULT 0.95)
RETURNS TABLE (
	group_name text,
	metric text,
	value float8,
	ci_low float8,
	ci_high float8,
	reference_group text,
	reference_value float8,
	difference float8,
	ratio float8,
	p_value float8,
	status text
)
AS 'MODULE_PATHNAME', 'outcomes_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 20;

COMMENT ON FUNCTION fairness.outcome_report(fairness.outcomes, text, float8) IS
'Long-format outcome audit, one row per group and metric (n, mean with its t interval, sd, pay_gap = (mean_ref - mean)/mean_ref): against the reference group (default: the largest known group) difference, ratio, Welch''s two-sided p-value (mean, pay_gap) and status (reference, significant, not_significant, ok, not_compared for the unknown group, undefined).';

------------------------------------------------------------------------
-- Medians and quartile pay bands: not derivable from moments, so computed
-- exactly from the rows with percentile_cont (dynamic SQL on a table or
-- view; the caller's privileges apply)
------------------------------------------------------------------------
CREATE FUNCTION fairness.median_gaps(rel regclass, group_column text, value_column text, reference text DEFAULT NULL)
RETURNS TABLE (
	group_name text,
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
		SELECT g.grp, r.grp, g.n, g.med, r.med,
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
'Exact median of value_column per group of group_column in a table or view (percentile_cont(0.5), linear interpolation), against the reference group (default: the largest known group): difference, ratio and median gap (median_ref - median)/median_ref. A NULL value is an error; a NULL group is the unknown group (no comparison).';

CREATE FUNCTION fairness.pay_quartiles(rel regclass, group_column text, value_column text)
RETURNS TABLE (
	quartile integer,
	band_lower float8,
	band_upper float8,
	group_name text,
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
		SELECT b.band, b.lo, b.hi, g.grp, coalesce(c.n, 0),
		       coalesce(c.n, 0)::float8 / b.n, coalesce(c.n, 0)::float8 / g.n
		FROM bands b CROSS JOIN groups g
		LEFT JOIN cells c ON c.band = b.band AND c.grp IS NOT DISTINCT FROM g.grp
		ORDER BY b.band, g.grp COLLATE "C" NULLS LAST$q$, group_column, value_column, rel);
END
$fn$;

COMMENT ON FUNCTION fairness.pay_quartiles(regclass, text, text) IS
'Quartile pay bands of value_column (EU Pay Transparency Directive, art. 9(1)(f)): band k holds the values in (Q(k-1), Q(k)] with Q the percentile_cont quartiles of all rows (band 1 from the minimum, band 4 to the maximum; ties stay together in the lower band). Per band and group of group_column: rows, share of the band, share of the group. A NULL value is an error.';
