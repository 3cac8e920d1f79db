-- fairness 0.2: uncertainty and verdicts on confusion summaries.

CREATE FUNCTION fairness.report(
	c fairness.confusion,
	reference text DEFAULT NULL,
	confidence float8 DEFAULT 0.95,
	min_group_size integer DEFAULT NULL,
	interval_method text DEFAULT 'wilson')
RETURNS TABLE (
	group_name text,
	group_key text[],
	metric text,
	n bigint,
	value float8,
	ci_low float8,
	ci_high float8,
	reference_group text,
	reference_value float8,
	difference float8,
	difference_ci_low float8,
	difference_ci_high float8,
	ratio float8,
	ratio_ci_low float8,
	ratio_ci_high float8,
	test text,
	p_value float8,
	p_value_midp float8,
	p_value_adjusted float8,
	adverse_impact boolean,
	shortfall float8,
	flip_flop boolean,
	status text
)
AS 'MODULE_PATHNAME', 'confusion_report'
LANGUAGE C STABLE PARALLEL SAFE ROWS 50;

COMMENT ON FUNCTION fairness.report(fairness.confusion, text, float8, integer, text) IS
'Long-format audit report, one row per group and rate: value with its interval (Wilson, or clopper-pearson), difference (Newcombe) and ratio (Katz) against the reference group with intervals, z-test or Fisher exact p-value, Holm-adjusted p-value, four-fifths rule extras on selection_rate, and a status (reference, ok, disparity, possible_disparity, insufficient_data, suppressed, reference_suppressed, unknown_group). Groups with fewer rows than min_group_size (default: setting fairness.min_group_size) are suppressed.';

CREATE FUNCTION fairness.group_intervals(
	c fairness.confusion,
	confidence float8 DEFAULT 0.95,
	interval_method text DEFAULT 'wilson')
RETURNS TABLE (
	group_name text,
	group_key text[],
	is_overall boolean,
	metric text,
	numerator float8,
	denominator float8,
	value float8,
	ci_low float8,
	ci_high float8
)
AS 'MODULE_PATHNAME', 'confusion_group_intervals'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 50;

COMMENT ON FUNCTION fairness.group_intervals(fairness.confusion, float8, text) IS
'Every rate of fairness.group_metrics that is a proportion, per group and overall, with its numerator, denominator and confidence interval (Wilson score by default, or clopper-pearson). Not suppressed: an analyst''s view; publish fairness.report.';

CREATE FUNCTION fairness.chi_square_test(c fairness.confusion)
RETURNS TABLE (statistic float8, df integer, p_value float8, n bigint)
AS 'MODULE_PATHNAME', 'confusion_chi_square'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;

COMMENT ON FUNCTION fairness.chi_square_test(fairness.confusion) IS
'Pearson chi-square test of independence (no continuity correction) of the prediction and the group, over rows of known groups that have a prediction; groups or columns that are all zero are dropped before counting degrees of freedom.';
