-- fairness 0.2: the fairness.scores summary type (score distributions per
-- group: AUC, ROC, threshold sweeps, calibration, Brier score, KS distance,
-- scoring rates).  Schema-qualified references only; COMMENT ON for every
-- object.

------------------------------------------------------------------------
-- The type
------------------------------------------------------------------------
CREATE TYPE fairness.scores;

CREATE FUNCTION fairness.scores_in(cstring)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.scores_out(fairness.scores)
RETURNS cstring
AS 'MODULE_PATHNAME', 'scores_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.scores_recv(internal)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.scores_send(fairness.scores)
RETURNS bytea
AS 'MODULE_PATHNAME', 'scores_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE fairness.scores (
	INPUT = fairness.scores_in,
	OUTPUT = fairness.scores_out,
	RECEIVE = fairness.scores_recv,
	SEND = fairness.scores_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE fairness.scores IS
'Per-group score summary: for every group a fixed histogram of scores split by label (true/false/unlabeled), with exact sums for the mean score and the Brier score. Storable and mergeable; text form is JSON.';
COMMENT ON FUNCTION fairness.scores_in(cstring) IS 'Input function of fairness.scores (JSON text form).';
COMMENT ON FUNCTION fairness.scores_out(fairness.scores) IS 'Output function of fairness.scores (canonical JSON text form).';
COMMENT ON FUNCTION fairness.scores_recv(internal) IS 'Binary input function of fairness.scores.';
COMMENT ON FUNCTION fairness.scores_send(fairness.scores) IS 'Binary output function of fairness.scores.';

CREATE FUNCTION fairness.scores_to_jsonb(fairness.scores)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'scores_to_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.scores_from_jsonb(jsonb)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_from_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE CAST (fairness.scores AS jsonb)
	WITH FUNCTION fairness.scores_to_jsonb(fairness.scores);
CREATE CAST (jsonb AS fairness.scores)
	WITH FUNCTION fairness.scores_from_jsonb(jsonb);

COMMENT ON FUNCTION fairness.scores_to_jsonb(fairness.scores) IS 'The score summary as a jsonb document (same schema as the text form).';
COMMENT ON FUNCTION fairness.scores_from_jsonb(jsonb) IS 'A score summary from a jsonb document in the text form''s schema, with the same checks as the input function.';
COMMENT ON CAST (fairness.scores AS jsonb) IS 'Explicit cast of a score summary to jsonb.';
COMMENT ON CAST (jsonb AS fairness.scores) IS 'Explicit cast of a jsonb document to a score summary (validated like text input).';

------------------------------------------------------------------------
-- Aggregate support functions (states are fairness.scores values, so that
-- Citus can push partial aggregation down; not callable directly)
------------------------------------------------------------------------

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, boolean, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, boolean, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, boolean, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, boolean, float8, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_trans(fairness.scores, text[], boolean, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans_arr'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_trans(fairness.scores, text[], boolean, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans_arr'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_trans(fairness.scores, text[], boolean, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans_arr'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_trans(fairness.scores, text[], boolean, float8, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans_arr'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, boolean, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, boolean, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, boolean, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, boolean, float8, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_inv(fairness.scores, text[], boolean, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv_arr'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_inv(fairness.scores, text[], boolean, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv_arr'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_inv(fairness.scores, text[], boolean, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv_arr'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_inv(fairness.scores, text[], boolean, float8, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv_arr'
LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, boolean, float8) IS 'Transition function of fairness.scores(text, boolean, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, boolean, float8, float8) IS 'Transition function of fairness.scores(text, boolean, float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, boolean, float8, integer, float8, float8) IS 'Transition function of fairness.scores(text, boolean, float8, integer, float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, boolean, float8, float8, integer, float8, float8) IS 'Transition function of fairness.scores(text, boolean, float8, float8, integer, float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text[], boolean, float8) IS 'Transition function of fairness.scores(text[], boolean, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text[], boolean, float8, float8) IS 'Transition function of fairness.scores(text[], boolean, float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text[], boolean, float8, integer, float8, float8) IS 'Transition function of fairness.scores(text[], boolean, float8, integer, float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text[], boolean, float8, float8, integer, float8, float8) IS 'Transition function of fairness.scores(text[], boolean, float8, float8, integer, float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, boolean, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, boolean, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, boolean, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, boolean, float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, boolean, float8, integer, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, boolean, float8, integer, float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, boolean, float8, float8, integer, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, boolean, float8, float8, integer, float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text[], boolean, float8) IS 'Inverse transition (moving windows) of fairness.scores(text[], boolean, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text[], boolean, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text[], boolean, float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text[], boolean, float8, integer, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text[], boolean, float8, integer, float8, float8); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text[], boolean, float8, float8, integer, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text[], boolean, float8, float8, integer, float8, float8); aggregate use only.';

CREATE FUNCTION fairness.scores_combine(fairness.scores, fairness.scores)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_combine'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_subtract(fairness.scores, fairness.scores)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_subtract'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.scores_final(fairness.scores)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION fairness.scores_combine(fairness.scores, fairness.scores) IS 'Combine function of the fairness.scores aggregates (and transition of fairness.merge); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_subtract(fairness.scores, fairness.scores) IS 'Inverse transition (moving windows) of fairness.merge(fairness.scores); aggregate use only.';
COMMENT ON FUNCTION fairness.scores_final(fairness.scores) IS 'Final function of the fairness.scores aggregates: the canonical form of a state.';

------------------------------------------------------------------------
-- Aggregates
------------------------------------------------------------------------

CREATE AGGREGATE fairness.scores(grp text, actual boolean, score float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.scores(grp text, actual boolean, score float8, weight float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.scores(grp text, actual boolean, score float8, bins integer, lower float8, upper float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.scores(grp text, actual boolean, score float8, weight float8, bins integer, lower float8, upper float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.scores(grp text[], actual boolean, score float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.scores(grp text[], actual boolean, score float8, weight float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.scores(grp text[], actual boolean, score float8, bins integer, lower float8, upper float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.scores(grp text[], actual boolean, score float8, weight float8, bins integer, lower float8, upper float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE fairness.merge(fairness.scores) (
	SFUNC = fairness.scores_combine,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_combine,
	MINVFUNC = fairness.scores_subtract,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE fairness.scores(text, boolean, float8) IS
'Per-group score summary of rows (group, actual, score) with 1000 bins on [0, 1]. A NULL group is the unknown group; a NULL actual is an unlabeled row (counted in score distributions and selection/scoring rates). Scores outside [0, 1], NaN or NULL are errors. Returns NULL for no rows.';
COMMENT ON AGGREGATE fairness.scores(text, boolean, float8, float8) IS
'Weighted per-group score summary with 1000 bins on [0, 1]: counts plus sums of weights (finite, >= 0, not NULL).';
COMMENT ON AGGREGATE fairness.scores(text, boolean, float8, integer, float8, float8) IS
'Per-group score summary with the given number of bins (1 to 100000) on [lower, upper]; scores outside the range are errors.';
COMMENT ON AGGREGATE fairness.scores(text, boolean, float8, float8, integer, float8, float8) IS
'Weighted per-group score summary with the given bins on [lower, upper].';
COMMENT ON AGGREGATE fairness.scores(text[], boolean, float8) IS
'Several protected attributes at once (one group per combination, e.g. ARRAY[sex, race]). Per-group score summary of rows (group, actual, score) with 1000 bins on [0, 1]. A NULL group is the unknown group; a NULL actual is an unlabeled row (counted in score distributions and selection/scoring rates). Scores outside [0, 1], NaN or NULL are errors. Returns NULL for no rows.';
COMMENT ON AGGREGATE fairness.scores(text[], boolean, float8, float8) IS
'Several protected attributes at once (one group per combination, e.g. ARRAY[sex, race]). Weighted per-group score summary with 1000 bins on [0, 1]: counts plus sums of weights (finite, >= 0, not NULL).';
COMMENT ON AGGREGATE fairness.scores(text[], boolean, float8, integer, float8, float8) IS
'Several protected attributes at once (one group per combination, e.g. ARRAY[sex, race]). Per-group score summary with the given number of bins (1 to 100000) on [lower, upper]; scores outside the range are errors.';
COMMENT ON AGGREGATE fairness.scores(text[], boolean, float8, float8, integer, float8, float8) IS
'Several protected attributes at once (one group per combination, e.g. ARRAY[sex, race]). Weighted per-group score summary with the given bins on [lower, upper].';
COMMENT ON AGGREGATE fairness.merge(fairness.scores) IS
'Union of stored score summaries (same bins, lower and upper). NULL inputs are skipped.';

------------------------------------------------------------------------
-- Functions on summaries
------------------------------------------------------------------------
CREATE FUNCTION fairness.merge(a fairness.scores, b fairness.scores)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_merge2'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION fairness.total(s fairness.scores)
RETURNS bigint
AS 'MODULE_PATHNAME', 'scores_total'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.group_count(s fairness.scores)
RETURNS integer
AS 'MODULE_PATHNAME', 'scores_group_count'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.attributes(s fairness.scores)
RETURNS integer
AS 'MODULE_PATHNAME', 'scores_attributes'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.is_weighted(s fairness.scores)
RETURNS boolean
AS 'MODULE_PATHNAME', 'scores_is_weighted'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.bins(s fairness.scores)
RETURNS integer
AS 'MODULE_PATHNAME', 'scores_bins'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.score_lower(s fairness.scores)
RETURNS float8
AS 'MODULE_PATHNAME', 'scores_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.score_upper(s fairness.scores)
RETURNS float8
AS 'MODULE_PATHNAME', 'scores_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION fairness.merge(fairness.scores, fairness.scores) IS
'Union of two score summaries (same bins); a NULL argument is no data (merge(a, NULL) = a).';
COMMENT ON FUNCTION fairness.total(fairness.scores) IS 'Number of rows counted in the score summary.';
COMMENT ON FUNCTION fairness.group_count(fairness.scores) IS 'Number of groups in the score summary, the unknown group included.';
COMMENT ON FUNCTION fairness.attributes(fairness.scores) IS 'Number of protected attributes per group key of the score summary.';
COMMENT ON FUNCTION fairness.is_weighted(fairness.scores) IS 'Whether the score summary carries sums of weights.';
COMMENT ON FUNCTION fairness.bins(fairness.scores) IS 'Number of histogram bins of the score summary.';
COMMENT ON FUNCTION fairness.score_lower(fairness.scores) IS 'Lower end of the score range of the summary (edge of its first bin).';
COMMENT ON FUNCTION fairness.score_upper(fairness.scores) IS 'Upper end of the score range of the summary (included in its last bin).';

CREATE FUNCTION fairness.histogram(s fairness.scores)
RETURNS TABLE (
	group_name text,
	group_key text[],
	bin integer,
	bin_lower float8,
	bin_upper float8,
	n_true bigint,
	n_false bigint,
	n_unlabeled bigint,
	weight_true float8,
	weight_false float8,
	weight_unlabeled float8,
	score_sum float8
)
AS 'MODULE_PATHNAME', 'scores_histogram'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;

COMMENT ON FUNCTION fairness.histogram(fairness.scores) IS
'The stored histogram: one row per group and non-empty bin (0-based; scores in [bin_lower, bin_upper)), with row counts per label, weight sums (weighted summaries) and the sum of the labelled rows'' scores.';

------------------------------------------------------------------------
-- Score statistics (one row per group in key order, then an overall row)
------------------------------------------------------------------------
CREATE FUNCTION fairness.auc(s fairness.scores, level float8 DEFAULT 0.95)
RETURNS TABLE (
	group_name text,
	group_key text[],
	is_overall boolean,
	n_positive bigint,
	n_negative bigint,
	auc float8,
	error_bound float8,
	std_error float8,
	ci_low float8,
	ci_high float8
)
AS 'MODULE_PATHNAME', 'scores_auc'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION fairness.auc(fairness.scores, float8) IS
'ROC AUC per group and overall from the binned scores (a positive and a negative in the same bin count 1/2); error_bound bounds |auc - exact AUC|; std_error is DeLong''s on the binned scores, with a Wald interval at the given level clipped to [0, 1].';

CREATE FUNCTION fairness.roc(s fairness.scores)
RETURNS TABLE (
	group_name text,
	group_key text[],
	is_overall boolean,
	threshold float8,
	fpr float8,
	tpr float8
)
AS 'MODULE_PATHNAME', 'scores_roc'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;

COMMENT ON FUNCTION fairness.roc(fairness.scores) IS
'ROC curve per group and overall: a first point (threshold +Infinity, 0, 0), then for each non-empty bin from the top the point of predicting true when score >= the bin''s lower edge. Groups without both labels are left out.';

CREATE FUNCTION fairness.threshold_sweep(s fairness.scores, steps integer DEFAULT 100)
RETURNS TABLE (
	group_name text,
	group_key text[],
	is_overall boolean,
	threshold float8,
	selection_rate float8,
	tpr float8,
	fpr float8,
	ppv float8,
	selected bigint,
	tp bigint,
	fp bigint,
	tn bigint,
	fn bigint,
	n bigint
)
AS 'MODULE_PATHNAME', 'scores_threshold_sweep'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;

COMMENT ON FUNCTION fairness.threshold_sweep(fairness.scores, integer) IS
'For steps + 1 thresholds from lower to upper (bin edges, evenly spaced when steps divides the number of bins), per group and overall: selection rate, TPR, FPR, PPV and the counts of the decisions score >= threshold. Exact.';

CREATE FUNCTION fairness.at_threshold(s fairness.scores, threshold float8)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'scores_at_threshold'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION fairness.at_threshold(fairness.scores, float8) IS
'The fairness.confusion summary of the decisions "score >= threshold": a row is predicted true when its whole bin lies at or above the threshold (exact when the threshold is a bin edge, below lower or above upper; otherwise the threshold is moved up to the next bin edge). Unlabeled rows keep a NULL label.';

CREATE FUNCTION fairness.calibration(s fairness.scores, bins integer DEFAULT 10)
RETURNS TABLE (
	group_name text,
	group_key text[],
	is_overall boolean,
	bin integer,
	bin_lower float8,
	bin_upper float8,
	n bigint,
	weight float8,
	mean_score float8,
	observed_rate float8
)
AS 'MODULE_PATHNAME', 'scores_calibration'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;

COMMENT ON FUNCTION fairness.calibration(fairness.scores, integer) IS
'Reliability table per group and overall: uniform calibration bins (1-based) over the score range, each with its labelled rows, their mean score and observed rate of label true; empty bins are left out. Exact when bins divides the summary''s number of bins. Probability scores only.';

CREATE FUNCTION fairness.expected_calibration_error(s fairness.scores, bins integer DEFAULT 10)
RETURNS TABLE (
	group_name text,
	group_key text[],
	is_overall boolean,
	n bigint,
	ece float8,
	max_calibration_error float8
)
AS 'MODULE_PATHNAME', 'scores_ece'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION fairness.expected_calibration_error(fairness.scores, integer) IS
'Expected calibration error sum over bins of (n_bin / n) |observed_rate - mean_score| and the maximum calibration error, per group and overall, over the bins of fairness.calibration. Probability scores only.';

CREATE FUNCTION fairness.brier_score(s fairness.scores)
RETURNS TABLE (
	group_name text,
	group_key text[],
	is_overall boolean,
	n bigint,
	brier_score float8
)
AS 'MODULE_PATHNAME', 'scores_brier'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION fairness.brier_score(fairness.scores) IS
'Brier score mean((actual - score)^2) over the labelled rows, per group and overall, from exact sums (not from the histogram). Probability scores only.';

CREATE FUNCTION fairness.ks_statistic(s fairness.scores, group_a text, group_b text)
RETURNS float8
AS 'MODULE_PATHNAME', 'scores_ks'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.ks_statistic_bound(s fairness.scores, group_a text, group_b text)
RETURNS float8
AS 'MODULE_PATHNAME', 'scores_ks_bound'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION fairness.ks_statistic(fairness.scores, text, text) IS
'Two-sample Kolmogorov-Smirnov distance between the score distributions of two groups (all their rows), at the bin edges: a lower bound of the exact statistic, equal to it when each bin holds one distinct score.';
COMMENT ON FUNCTION fairness.ks_statistic_bound(fairness.scores, text, text) IS
'Upper bound of the exact two-sample Kolmogorov-Smirnov statistic between two groups, given their binned scores (the exact value lies between fairness.ks_statistic and this).';

CREATE FUNCTION fairness.scoring_rates(s fairness.scores)
RETURNS TABLE (
	group_name text,
	group_key text[],
	is_overall boolean,
	n bigint,
	weight float8,
	n_above bigint,
	scoring_rate float8,
	impact_ratio float8,
	median_bin_lower float8,
	median_bin_upper float8
)
AS 'MODULE_PATHNAME', 'scores_scoring_rates'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION fairness.scoring_rates(fairness.scores) IS
'NYC Local Law 144 scoring rates: the share of each group scoring above the median of all rows, and the impact ratio (scoring rate / the highest scoring rate of a known group). The median is located to its bin; rows in the median''s bin count as not above (exact when each bin holds one distinct score).';

CREATE FUNCTION fairness.auc_gap(s fairness.scores)
RETURNS float8
AS 'MODULE_PATHNAME', 'scores_auc_gap'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fairness.calibration_gap(s fairness.scores, bins integer DEFAULT 10)
RETURNS float8
AS 'MODULE_PATHNAME', 'scores_calibration_gap'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION fairness.auc_gap(fairness.scores) IS
'max - min of the ROC AUC over the known groups with both labels; NULL with fewer than two such groups.';
COMMENT ON FUNCTION fairness.calibration_gap(fairness.scores, integer) IS
'max - min of the expected calibration error over the known groups with labelled rows; NULL with fewer than two. Probability scores only.';

CREATE FUNCTION fairness.score_report(s fairness.scores, reference text DEFAULT NULL,
                                      bins integer DEFAULT 10, level float8 DEFAULT 0.95)
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
AS 'MODULE_PATHNAME', 'scores_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 35;

COMMENT ON FUNCTION fairness.score_report(fairness.scores, text, integer, float8) IS
'Long-format score audit, one row per group and metric (n, auc, mean_score, base_rate, scoring_rate, and for probability scores brier_score and expected_calibration_error with the given calibration bins): value with interval at the given level (AUC: DeLong; rates: Wilson), against the reference group (default: the largest known group) difference, ratio, two-sided p-value (AUC: z-test of independent DeLong AUCs; rates: two-proportion z-test) and status (reference, significant, not_significant, ok, not_compared for the unknown group, undefined).';
