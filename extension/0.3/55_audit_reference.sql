-- fairness 0.3: the reference of an audit over several group columns.
-- Multi-attribute groups are now labelled "Female × Black" (60_labels.sql),
-- so a reference given as a JSON array ('["Female", "Black"]', any spacing)
-- is matched on the group's key; before, it was compared as text with the
-- old label and, not found, silently replaced by the largest group.

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
SET fairness.impact_ratio_threshold = 0.8
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
	-- fairness.report reads its threshold from the setting; the SET clause of
	-- this function restores it on exit
	PERFORM pg_catalog.set_config('fairness.impact_ratio_threshold', thr::text, true);
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
			FROM fairness.report(s, ref, 1 - sig, mgs) r;
	END LOOP;
END
$$;
