/* fairness--0.1.sql: the fairness extension, version 0.1 */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION fairness" to load this file. \quit

-- Every object lives in the schema fairness (created by CREATE EXTENSION,
-- fixed by the control file) and every reference to one of them is
-- schema-qualified, so the script is safe against search_path hijacking
-- (the extension is marked trusted).  Built-in type names resolve in
-- pg_catalog, which is always searched first.

------------------------------------------------------------------------
-- The type
------------------------------------------------------------------------
CREATE TYPE fairness.confusion;

CREATE FUNCTION fairness.confusion_in(cstring)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_out(fairness.confusion)
RETURNS cstring
AS 'MODULE_PATHNAME', 'confusion_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_recv(internal)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_send(fairness.confusion)
RETURNS bytea
AS 'MODULE_PATHNAME', 'confusion_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE fairness.confusion (
	INPUT = fairness.confusion_in,
	OUTPUT = fairness.confusion_out,
	RECEIVE = fairness.confusion_recv,
	SEND = fairness.confusion_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE fairness.confusion IS
'Per-group confusion summary: for every group, counts of actual (true/false/NULL) x predicted (true/false/NULL), with weight sums when weighted. Storable and mergeable; text form is JSON.';
COMMENT ON FUNCTION fairness.confusion_in(cstring) IS 'Input function of fairness.confusion (JSON text form).';
COMMENT ON FUNCTION fairness.confusion_out(fairness.confusion) IS 'Output function of fairness.confusion (canonical JSON text form).';
COMMENT ON FUNCTION fairness.confusion_recv(internal) IS 'Binary input function of fairness.confusion.';
COMMENT ON FUNCTION fairness.confusion_send(fairness.confusion) IS 'Binary output function of fairness.confusion.';

CREATE FUNCTION fairness.confusion_to_jsonb(fairness.confusion)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'confusion_to_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_from_jsonb(jsonb)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_from_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE CAST (fairness.confusion AS jsonb)
	WITH FUNCTION fairness.confusion_to_jsonb(fairness.confusion);
CREATE CAST (jsonb AS fairness.confusion)
	WITH FUNCTION fairness.confusion_from_jsonb(jsonb);

COMMENT ON FUNCTION fairness.confusion_to_jsonb(fairness.confusion) IS 'The summary as a jsonb document (same schema as the text form).';
COMMENT ON FUNCTION fairness.confusion_from_jsonb(jsonb) IS 'A summary from a jsonb document in the text form''s schema, with the same checks as the input function.';
COMMENT ON CAST (fairness.confusion AS jsonb) IS 'Explicit cast of a summary to jsonb.';
COMMENT ON CAST (jsonb AS fairness.confusion) IS 'Explicit cast of a jsonb document to a summary (validated like text input).';

------------------------------------------------------------------------
-- Aggregate support functions (states are fairness.confusion values, so
-- that Citus can push partial aggregation down; not callable directly)
------------------------------------------------------------------------
CREATE FUNCTION fairness.confusion_trans(fairness.confusion, text, boolean, boolean)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_trans'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_trans(fairness.confusion, text, boolean, boolean, float8)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_trans_w'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_trans(fairness.confusion, text[], boolean, boolean)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_trans_arr'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_trans(fairness.confusion, text[], boolean, boolean, float8)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_trans_arr_w'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_inv(fairness.confusion, text, boolean, boolean)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_inv'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_inv(fairness.confusion, text, boolean, boolean, float8)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_inv_w'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_inv(fairness.confusion, text[], boolean, boolean)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_inv_arr'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_inv(fairness.confusion, text[], boolean, boolean, float8)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_inv_arr_w'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_combine(fairness.confusion, fairness.confusion)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_combine'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_subtract(fairness.confusion, fairness.confusion)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_subtract_trans'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.confusion_final(fairness.confusion)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION fairness.confusion_trans(fairness.confusion, text, boolean, boolean) IS 'Transition function of fairness.confusion(text, boolean, boolean); aggregate use only.';
COMMENT ON FUNCTION fairness.confusion_trans(fairness.confusion, text, boolean, boolean, float8) IS 'Transition function of fairness.confusion(text, boolean, boolean, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.confusion_trans(fairness.confusion, text[], boolean, boolean) IS 'Transition function of fairness.confusion(text[], boolean, boolean); aggregate use only.';
COMMENT ON FUNCTION fairness.confusion_trans(fairness.confusion, text[], boolean, boolean, float8) IS 'Transition function of fairness.confusion(text[], boolean, boolean, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.confusion_inv(fairness.confusion, text, boolean, boolean) IS 'Inverse transition (moving windows) of fairness.confusion(text, boolean, boolean); aggregate use only.';
COMMENT ON FUNCTION fairness.confusion_inv(fairness.confusion, text, boolean, boolean, float8) IS 'Inverse transition (moving windows) of fairness.confusion(text, boolean, boolean, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.confusion_inv(fairness.confusion, text[], boolean, boolean) IS 'Inverse transition (moving windows) of fairness.confusion(text[], boolean, boolean); aggregate use only.';
COMMENT ON FUNCTION fairness.confusion_inv(fairness.confusion, text[], boolean, boolean, float8) IS 'Inverse transition (moving windows) of fairness.confusion(text[], boolean, boolean, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.confusion_combine(fairness.confusion, fairness.confusion) IS 'Combine function of the fairness aggregates (and transition of fairness.merge); aggregate use only.';
COMMENT ON FUNCTION fairness.confusion_subtract(fairness.confusion, fairness.confusion) IS 'Inverse transition (moving windows) of fairness.merge; aggregate use only.';
COMMENT ON FUNCTION fairness.confusion_final(fairness.confusion) IS 'Final function of the fairness aggregates: the canonical form of a state.';

------------------------------------------------------------------------
-- Aggregates
------------------------------------------------------------------------
CREATE AGGREGATE fairness.confusion(grp text, actual boolean, predicted boolean) (
	SFUNC = fairness.confusion_trans,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	COMBINEFUNC = fairness.confusion_combine,
	MSFUNC = fairness.confusion_trans,
	MINVFUNC = fairness.confusion_inv,
	MSTYPE = fairness.confusion,
	MFINALFUNC = fairness.confusion_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.confusion(grp text, actual boolean, predicted boolean, weight float8) (
	SFUNC = fairness.confusion_trans,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	COMBINEFUNC = fairness.confusion_combine,
	MSFUNC = fairness.confusion_trans,
	MINVFUNC = fairness.confusion_inv,
	MSTYPE = fairness.confusion,
	MFINALFUNC = fairness.confusion_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.confusion(grp text[], actual boolean, predicted boolean) (
	SFUNC = fairness.confusion_trans,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	COMBINEFUNC = fairness.confusion_combine,
	MSFUNC = fairness.confusion_trans,
	MINVFUNC = fairness.confusion_inv,
	MSTYPE = fairness.confusion,
	MFINALFUNC = fairness.confusion_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.confusion(grp text[], actual boolean, predicted boolean, weight float8) (
	SFUNC = fairness.confusion_trans,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	COMBINEFUNC = fairness.confusion_combine,
	MSFUNC = fairness.confusion_trans,
	MINVFUNC = fairness.confusion_inv,
	MSTYPE = fairness.confusion,
	MFINALFUNC = fairness.confusion_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.merge(fairness.confusion) (
	SFUNC = fairness.confusion_combine,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	COMBINEFUNC = fairness.confusion_combine,
	MSFUNC = fairness.confusion_combine,
	MINVFUNC = fairness.confusion_subtract,
	MSTYPE = fairness.confusion,
	MFINALFUNC = fairness.confusion_final,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE fairness.confusion(text, boolean, boolean) IS
'Per-group confusion summary of rows (group, actual, predicted). A NULL group is the unknown group; NULL actual or predicted are counted in their own cells. Returns NULL for no rows.';
COMMENT ON AGGREGATE fairness.confusion(text, boolean, boolean, float8) IS
'Weighted per-group confusion summary: counts plus sums of weights (finite, >= 0, not NULL).';
COMMENT ON AGGREGATE fairness.confusion(text[], boolean, boolean) IS
'Per-group confusion summary over several protected attributes at once, e.g. ARRAY[sex, race]: one group per combination.';
COMMENT ON AGGREGATE fairness.confusion(text[], boolean, boolean, float8) IS
'Weighted per-group confusion summary over several protected attributes at once.';
COMMENT ON AGGREGATE fairness.merge(fairness.confusion) IS
'Union of stored summaries (e.g. daily into monthly). NULL inputs are skipped.';

------------------------------------------------------------------------
-- Functions on summaries
------------------------------------------------------------------------
CREATE FUNCTION fairness.merge(a fairness.confusion, b fairness.confusion)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_merge2'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.marginal(c fairness.confusion, VARIADIC dims integer[])
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_marginal'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.total(c fairness.confusion)
RETURNS bigint
AS 'MODULE_PATHNAME', 'confusion_total'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.group_count(c fairness.confusion)
RETURNS integer
AS 'MODULE_PATHNAME', 'confusion_group_count'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.attributes(c fairness.confusion)
RETURNS integer
AS 'MODULE_PATHNAME', 'confusion_attributes'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.is_weighted(c fairness.confusion)
RETURNS boolean
AS 'MODULE_PATHNAME', 'confusion_is_weighted'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION fairness.merge(fairness.confusion, fairness.confusion) IS
'Union of two summaries; a NULL argument is no data (merge(a, NULL) = a).';
COMMENT ON FUNCTION fairness.marginal(fairness.confusion, integer[]) IS
'Collapses a multi-attribute summary onto the listed attributes (1-based positions in the ARRAY[...] given to the aggregate).';
COMMENT ON FUNCTION fairness.total(fairness.confusion) IS 'Number of rows counted in the summary.';
COMMENT ON FUNCTION fairness.group_count(fairness.confusion) IS 'Number of groups in the summary, the unknown group included.';
COMMENT ON FUNCTION fairness.attributes(fairness.confusion) IS 'Number of protected attributes per group key.';
COMMENT ON FUNCTION fairness.is_weighted(fairness.confusion) IS 'Whether the summary carries sums of weights.';

------------------------------------------------------------------------
-- Metrics
------------------------------------------------------------------------
CREATE FUNCTION fairness.group_metrics(c fairness.confusion)
RETURNS TABLE (
	group_name text,
	group_key text[],
	is_overall boolean,
	n bigint,
	weight float8,
	tp bigint,
	fp bigint,
	tn bigint,
	fn bigint,
	label_null bigint,
	prediction_null bigint,
	representation float8,
	selection_rate float8,
	base_rate float8,
	tpr float8,
	fpr float8,
	tnr float8,
	fnr float8,
	ppv float8,
	npv float8,
	fdr float8,
	false_omission_rate float8,
	accuracy float8,
	f1 float8,
	positive_share float8,
	predicted_positive bigint,
	labeled_and_predicted bigint
)
AS 'MODULE_PATHNAME', 'confusion_group_metrics'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION fairness.group_metrics(fairness.confusion) IS
'One row per group (in key order, unknown group last) and a final overall row (is_overall): counts and rates. A zero denominator gives NULL. Weighted summaries give weighted rates.';

CREATE FUNCTION fairness.disparities(c fairness.confusion, reference text DEFAULT NULL)
RETURNS TABLE (
	group_name text,
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
'Aequitas disparities, long format: each group''s rate against the reference group''s (default: the largest known group). ratio = value / reference_value, difference = value - reference_value; NULL on a zero or undefined denominator; no comparison for the unknown group.';

CREATE FUNCTION fairness.pretraining_bias(c fairness.confusion, reference text DEFAULT NULL)
RETURNS TABLE (
	group_name text,
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

CREATE FUNCTION fairness.demographic_parity_difference(c fairness.confusion, method text DEFAULT 'between_groups')
RETURNS float8 AS 'MODULE_PATHNAME', 'confusion_dp_difference'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION fairness.demographic_parity_ratio(c fairness.confusion, method text DEFAULT 'between_groups')
RETURNS float8 AS 'MODULE_PATHNAME', 'confusion_dp_ratio'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION fairness.equal_opportunity_difference(c fairness.confusion, method text DEFAULT 'between_groups')
RETURNS float8 AS 'MODULE_PATHNAME', 'confusion_eop_difference'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION fairness.equal_opportunity_ratio(c fairness.confusion, method text DEFAULT 'between_groups')
RETURNS float8 AS 'MODULE_PATHNAME', 'confusion_eop_ratio'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION fairness.equalized_odds_difference(c fairness.confusion, method text DEFAULT 'between_groups')
RETURNS float8 AS 'MODULE_PATHNAME', 'confusion_eod_difference'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION fairness.equalized_odds_ratio(c fairness.confusion, method text DEFAULT 'between_groups')
RETURNS float8 AS 'MODULE_PATHNAME', 'confusion_eod_ratio'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION fairness.demographic_parity_difference(fairness.confusion, text) IS
'Fairlearn demographic_parity_difference: max - min of the selection rate over known groups (method between_groups), or the largest |rate - overall rate| (to_overall). NULL with fewer than two groups with a defined rate.';
COMMENT ON FUNCTION fairness.demographic_parity_ratio(fairness.confusion, text) IS
'Fairlearn demographic_parity_ratio: min / max of the selection rate over known groups (between_groups), or the smallest of rate/overall and overall/rate (to_overall).';
COMMENT ON FUNCTION fairness.equal_opportunity_difference(fairness.confusion, text) IS
'Fairlearn equal_opportunity_difference: max - min of the true positive rate over known groups.';
COMMENT ON FUNCTION fairness.equal_opportunity_ratio(fairness.confusion, text) IS
'Fairlearn equal_opportunity_ratio: min / max of the true positive rate over known groups.';
COMMENT ON FUNCTION fairness.equalized_odds_difference(fairness.confusion, text) IS
'Fairlearn equalized_odds_difference (agg worst_case): the larger of the TPR and FPR differences.';
COMMENT ON FUNCTION fairness.equalized_odds_ratio(fairness.confusion, text) IS
'Fairlearn equalized_odds_ratio (agg worst_case): the smaller of the TPR and FPR ratios.';
