-- fairness 0.3: the reference of an audit over several group columns.
-- Multi-attribute groups are now labelled "Female × Black" (60_labels.sql),
-- so a reference given as a JSON array ('["Female", "Black"]', any spacing)
-- is matched on the group's key; before, it was compared as text with the
-- old label and, not found, silently replaced by the largest group.

-- The impact ratio threshold is an argument of fairness.report (NULL: the
-- setting fairness.impact_ratio_threshold, the documented default, 0.8);
-- the former call forms (up to interval_method) still work.
DROP FUNCTION fairness.report(fairness.confusion, text, float8, integer, text);
CREATE FUNCTION fairness.report(
	c fairness.confusion,
	reference text DEFAULT NULL,
	confidence float8 DEFAULT 0.95,
	min_group_size integer DEFAULT NULL,
	interval_method text DEFAULT 'wilson',
	impact_ratio_threshold float8 DEFAULT NULL)
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

COMMENT ON FUNCTION fairness.report(fairness.confusion, text, float8, integer, text, float8) IS
'Long-format audit report, one row per group and rate: value with its interval (Wilson, or clopper-pearson), difference (Newcombe) and ratio (Katz) against the reference group with intervals, z-test or Fisher exact p-value, Holm-adjusted p-value, four-fifths rule extras on selection_rate, and a status: reference, ok (ratio within [t, 1/t]), disparity (outside, Holm-adjusted p-value below 1 - confidence), possible_disparity (outside, not significant), insufficient_data, suppressed, reference_suppressed, unknown_group.  t is impact_ratio_threshold (NULL: the setting fairness.impact_ratio_threshold, default 0.8).  Groups with fewer rows than min_group_size (default: setting fairness.min_group_size) are suppressed.';

CREATE OR REPLACE FUNCTION fairness.audit_summary_report(
	summary fairness.confusion,
	group_columns text[],
	reference text DEFAULT NULL,
	significance float8 DEFAULT 0.05,
	impact_ratio_threshold float8 DEFAULT 0.8,
	min_group_size integer DEFAULT NULL,
	intersections boolean DEFAULT false,
	alert_metrics text[] DEFAULT '{selection_rate,tpr,fpr}',
	require_significance boolean DEFAULT true)
RETURNS TABLE (
	attribute text,
	group_name text,
	group_key text[],
	metric text,
	n bigint,
	value float8,
	ci_low float8,
	ci_high float8,
	reference_group text,
	reference_value float8,
	ratio float8,
	ratio_ci_low float8,
	ratio_ci_high float8,
	difference float8,
	difference_ci_low float8,
	difference_ci_high float8,
	test text,
	p_value float8,
	p_value_adjusted float8,
	adverse_impact boolean,
	status text,
	alert boolean
)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	k integer;
	i integer;
	s fairness.confusion;
	attr text;
	ref text;
	thr float8 := impact_ratio_threshold;
	sig float8 := significance;
	mgs integer := min_group_size;
	metrics text[] := alert_metrics;
	need_sig boolean := require_significance;
	wanted text := reference;
	wanted_key text[];
BEGIN
	IF summary IS NULL THEN
		RETURN;
	END IF;
	k := fairness.attributes(summary);
	-- a reference written as a JSON array names a group of several
	-- attributes by its key, whatever the spacing (as fairness.report reads it)
	IF k > 1 AND wanted ~ '^\s*\[' THEN
		BEGIN
			SELECT pg_catalog.array_agg(e ORDER BY o) INTO wanted_key
			FROM pg_catalog.jsonb_array_elements_text(wanted::jsonb) WITH ORDINALITY AS x(e, o);
		EXCEPTION WHEN invalid_text_representation THEN
			wanted_key := NULL;
		END;
	END IF;
	FOR i IN 1 .. (CASE WHEN k > 1 AND intersections THEN k + 1 ELSE k END) LOOP
		IF k = 1 THEN
			s := summary;
			attr := coalesce(group_columns[1], 'attribute 1');
		ELSIF i <= k THEN
			s := fairness.marginal(summary, i);
			attr := coalesce(group_columns[i], 'attribute ' || i);
		ELSE
			s := summary;
			attr := array_to_string(group_columns, ' × ');
		END IF;
		-- the reference applies where it is a group; elsewhere the largest group
		ref := NULL;
		IF wanted IS NOT NULL AND EXISTS (SELECT 1 FROM fairness.group_metrics(s) g
		                                  WHERE NOT g.is_overall
		                                    AND (g.group_name = wanted OR g.group_key = wanted_key)) THEN
			ref := wanted;
		END IF;
		RETURN QUERY
			SELECT attr, r.group_name, r.group_key, r.metric, r.n, r.value, r.ci_low, r.ci_high,
			       r.reference_group, r.reference_value, r.ratio, r.ratio_ci_low, r.ratio_ci_high,
			       r.difference, r.difference_ci_low, r.difference_ci_high, r.test, r.p_value,
			       r.p_value_adjusted, r.adverse_impact, r.status,
			       (r.metric = ANY (metrics) AND (r.status = 'disparity'
			        OR (NOT need_sig AND r.status = 'possible_disparity')))
			FROM fairness.report(s, ref, 1 - sig, mgs, impact_ratio_threshold => thr) r;
	END LOOP;
END
$$;
