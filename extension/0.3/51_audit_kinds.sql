-- fairness 0.3: every summary kind can be audited, with one report row.
--
-- An audit has one of three kinds, decided by its columns
-- (fairness.audit_kind):
--   decisions  actual_column / predicted_column, or score_column with a
--              threshold: fairness.confusion summaries, fairness.report;
--   scores     score_column without threshold: fairness.scores summaries
--              (scores in [0, 1], 1000 bins; actual_column is the label),
--              fairness.score_report;
--   outcomes   outcome_column alone: fairness.outcomes summaries (an amount
--              such as pay), fairness.outcome_report.
-- The history keeps one summary column per kind (exactly one is set), so
-- that incremental runs, restatements, retention, windows, alerts and
-- NOTIFY work the same for the three.  Every report row of every kind has
-- the type fairness.report_row and the status vocabulary of fairness.report.

------------------------------------------------------------------------
-- History: one summary column per kind
------------------------------------------------------------------------

ALTER TABLE fairness.audit_results ALTER COLUMN summary DROP NOT NULL;
ALTER TABLE fairness.audit_results ADD COLUMN scores fairness.scores;
ALTER TABLE fairness.audit_results ADD COLUMN outcomes fairness.outcomes;
ALTER TABLE fairness.audit_results ADD CONSTRAINT audit_results_one_summary
	CHECK (pg_catalog.num_nonnulls(summary, scores, outcomes) = 1);
ALTER TABLE fairness.audit_periods ALTER COLUMN summary DROP NOT NULL;
ALTER TABLE fairness.audit_periods ADD COLUMN scores fairness.scores;
ALTER TABLE fairness.audit_periods ADD COLUMN outcomes fairness.outcomes;
ALTER TABLE fairness.audit_periods ADD CONSTRAINT audit_periods_one_summary
	CHECK (pg_catalog.num_nonnulls(summary, scores, outcomes) = 1);

COMMENT ON COLUMN fairness.audit_results.summary IS 'Decision audits: the stored fairness.confusion summary (NULL for the other kinds; exactly one of summary, scores, outcomes is set).';
COMMENT ON COLUMN fairness.audit_results.scores IS 'Score audits: the stored fairness.scores summary (NULL for the other kinds).';
COMMENT ON COLUMN fairness.audit_results.outcomes IS 'Outcome audits: the stored fairness.outcomes summary (NULL for the other kinds).';
COMMENT ON COLUMN fairness.audit_periods.summary IS 'Decision audits: fairness.confusion summary of the rows of that day scanned by that run (NULL for the other kinds; exactly one of summary, scores, outcomes is set).';
COMMENT ON COLUMN fairness.audit_periods.scores IS 'Score audits: fairness.scores summary of the rows of that day scanned by that run.';
COMMENT ON COLUMN fairness.audit_periods.outcomes IS 'Outcome audits: fairness.outcomes summary of the rows of that day scanned by that run.';
ALTER TABLE fairness.audits ADD COLUMN score_lower float8;
ALTER TABLE fairness.audits ADD COLUMN score_upper float8;
COMMENT ON COLUMN fairness.audits.score_lower IS 'Score audits: lower end of the score range of the fairness.scores summaries (1000 bins on [score_lower, score_upper]); NULL with score_upper: [0, 1].  A score outside the range fails the run.';
COMMENT ON COLUMN fairness.audits.score_upper IS 'Score audits: upper end of the score range (see score_lower).';
COMMENT ON COLUMN fairness.audits.score_column IS 'Score column (numeric type): with threshold, the audited decision is score >= threshold (a decision audit); without, the scores themselves are audited (a score audit: fairness.scores, scores in [0, 1]).';
COMMENT ON COLUMN fairness.audits.outcome_column IS 'Outcome amount column (numeric type, e.g. pay): an outcome audit (fairness.outcomes); NULL otherwise.';
COMMENT ON COLUMN fairness.audits.alert_metrics IS 'Metrics whose disparities raise alerts (those of the audit''s kind: fairness.audit_kind_metrics).';

------------------------------------------------------------------------
-- Kinds
------------------------------------------------------------------------

CREATE FUNCTION fairness.audit_kind(definition jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN $1 ->> 'outcome_column' IS NOT NULL THEN 'outcomes'
	            WHEN $1 ->> 'score_column' IS NOT NULL AND $1 ->> 'threshold' IS NULL THEN 'scores'
	            ELSE 'decisions' END
$$;

COMMENT ON FUNCTION fairness.audit_kind(jsonb) IS
'Internal: the kind of an audit definition (an audit as jsonb, or the definition a run recorded): outcomes (outcome_column), scores (score_column without threshold) or decisions.';

CREATE FUNCTION fairness.audit_kind_metrics(kind text, defaults boolean DEFAULT false)
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN $2 THEN
	            CASE $1 WHEN 'scores' THEN '{auc,scoring_rate}'::text[]
	                    WHEN 'outcomes' THEN '{mean}'::text[]
	                    ELSE '{selection_rate,tpr,fpr}'::text[] END
	       ELSE
	            CASE $1 WHEN 'scores' THEN '{auc,mean_score,base_rate,scoring_rate,brier_score,expected_calibration_error}'::text[]
	                    WHEN 'outcomes' THEN '{mean,sd,pay_gap}'::text[]
	                    ELSE '{selection_rate,base_rate,tpr,fpr,tnr,fnr,ppv,npv,fdr,false_omission_rate,accuracy}'::text[] END
	       END
$$;

COMMENT ON FUNCTION fairness.audit_kind_metrics(text, boolean) IS
'The metrics of an audit kind (decisions, scores, outcomes) that alert_metrics may name, or with defaults the alert metrics an audit of that kind gets when create_audit''s alert_metrics is left at its default: decisions selection_rate, tpr, fpr; scores auc, scoring_rate; outcomes mean.';

CREATE FUNCTION fairness.audit_aggregates(plan jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE $1 ->> 'kind'
		WHEN 'scores' THEN pg_catalog.format(
			'NULL::fairness.confusion AS summary, fairness.scores(%s, %s, %s%s%s) AS scores, NULL::fairness.outcomes AS outcomes',
			$1 ->> 'group', $1 ->> 'actual', $1 ->> 'score', coalesce(', ' || ($1 ->> 'weight'), ''),
			coalesce(', ' || ($1 ->> 'score_range'), ''))
		WHEN 'outcomes' THEN pg_catalog.format(
			'NULL::fairness.confusion AS summary, NULL::fairness.scores AS scores, fairness.outcomes(%s, %s%s) AS outcomes',
			$1 ->> 'group', $1 ->> 'outcome', coalesce(', ' || ($1 ->> 'weight'), ''))
		ELSE pg_catalog.format(
			'fairness.confusion(%s, %s, %s%s) AS summary, NULL::fairness.scores AS scores, NULL::fairness.outcomes AS outcomes',
			$1 ->> 'group', $1 ->> 'actual', $1 ->> 'predicted', coalesce(', ' || ($1 ->> 'weight'), ''))
	END
$$;

COMMENT ON FUNCTION fairness.audit_aggregates(jsonb) IS
'Internal: the select list of a run''s scan from the expressions of fairness.audit_plan: the three summary columns summary, scores and outcomes, the aggregate of the audit''s kind in one, NULL in the others (2 to 4 group columns as separate arguments, more as an array).';

------------------------------------------------------------------------
-- The report row
------------------------------------------------------------------------

CREATE TYPE fairness.report_row AS (
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
	alert boolean,
	kind text,
	ratio_threshold float8,
	alert_rule text
);

COMMENT ON TYPE fairness.report_row IS 'One row of an audit report, of any kind (decisions, scores, outcomes): a group''s metric against the reference group, with its verdict.  The columns of every audit report view (fairness.audit_report, latest_audit_report, alerts, audit_daily_report, audit_monthly_report, audit_rolling_report) and of fairness.audit_window_report; their comments are this type''s.';
COMMENT ON COLUMN fairness.report_row.attribute IS 'The protected attribute: a group column, or the intersection of several (joined with ×; score and outcome audits over several group columns report their intersection).';
COMMENT ON COLUMN fairness.report_row.group_name IS 'The group (NULL: the unknown group, rows whose attribute is NULL); a group of several attributes is a readable label, its values joined by " × " ("(unknown)" for a NULL attribute), e.g. "Female × White".  group_key has the exact key.';
COMMENT ON COLUMN fairness.report_row.group_key IS 'The exact group key as text[].';
COMMENT ON COLUMN fairness.report_row.metric IS 'decisions: the rate (selection_rate, base_rate, tpr, fpr, tnr, fnr, ppv, npv, fdr, false_omission_rate, accuracy); scores: auc, mean_score, base_rate, scoring_rate (share above the median of all scores, NYC LL144), brier_score, expected_calibration_error (10 bins); outcomes: mean, sd, pay_gap ((mean_ref - mean) / mean_ref).  Medians are not derivable from a stored outcome summary (use fairness.median_gaps on the rows).';
COMMENT ON COLUMN fairness.report_row.n IS 'decisions: denominator of the rate for the group; scores and outcomes: rows of the group.  NULL when suppressed.';
COMMENT ON COLUMN fairness.report_row.value IS 'The group''s value of the metric (NULL when suppressed or undefined).';
COMMENT ON COLUMN fairness.report_row.ci_low IS 'Lower bound of the value''s confidence interval at 1 - significance (rates: Wilson; AUC: DeLong; mean: t).';
COMMENT ON COLUMN fairness.report_row.ci_high IS 'Upper bound of the value''s confidence interval.';
COMMENT ON COLUMN fairness.report_row.reference_group IS 'The reference group the group is compared with (the audit''s reference where it is a group, else the largest known group).';
COMMENT ON COLUMN fairness.report_row.reference_value IS 'The reference group''s value.';
COMMENT ON COLUMN fairness.report_row.ratio IS 'value / reference_value (disparity ratio; for scoring_rate the impact ratio against the reference).';
COMMENT ON COLUMN fairness.report_row.ratio_ci_low IS 'Lower bound of the ratio''s interval (Katz; decision audits only).';
COMMENT ON COLUMN fairness.report_row.ratio_ci_high IS 'Upper bound of the ratio''s interval (Katz; decision audits only).';
COMMENT ON COLUMN fairness.report_row.difference IS 'value - reference_value.';
COMMENT ON COLUMN fairness.report_row.difference_ci_low IS 'Lower bound of the difference''s interval (Newcombe; decision audits only).';
COMMENT ON COLUMN fairness.report_row.difference_ci_high IS 'Upper bound of the difference''s interval (Newcombe; decision audits only).';
COMMENT ON COLUMN fairness.report_row.test IS 'Test of the difference: z-test or fisher-exact (rates), delong-z-test (AUC: two independent DeLong AUCs), welch-t-test (mean and pay_gap); NULL: no test.';
COMMENT ON COLUMN fairness.report_row.p_value IS 'Two-sided p-value of the test.';
COMMENT ON COLUMN fairness.report_row.p_value_adjusted IS 'Holm-adjusted p-value (over the tests of one attribute''s report; pay_gap shares the test of mean).';
COMMENT ON COLUMN fairness.report_row.adverse_impact IS 'selection_rate (decisions) and scoring_rate (scores) only: the ratio is below the impact ratio threshold (four-fifths rule).';
COMMENT ON COLUMN fairness.report_row.status IS 'One vocabulary for every kind (fairness.report''s): reference; ok (ratio within [t, 1/t], t = ratio_threshold); disparity (outside, Holm-adjusted p < significance); possible_disparity (outside, not significant or no test); insufficient_data (value or reference value undefined); suppressed (fewer rows than min_group_size: no numbers shown); reference_suppressed; unknown_group; run_failed and stale (latest_audit_report and alerts only).';
COMMENT ON COLUMN fairness.report_row.alert IS 'Whether the row raises an alert: a metric of the audit''s alert_metrics with status disparity (or possible_disparity when require_significance is off), or a failed or stale latest run.';
COMMENT ON COLUMN fairness.report_row.kind IS 'The audit''s kind: decisions (fairness.confusion), scores (fairness.scores) or outcomes (fairness.outcomes).';
COMMENT ON COLUMN fairness.report_row.ratio_threshold IS 'The impact ratio threshold t of the verdict (the audit''s impact_ratio_threshold): a ratio outside [t, 1/t] is a disparity.';
COMMENT ON COLUMN fairness.report_row.alert_rule IS 'The alert rule of the row''s metric in words, naming the metric and its thresholds (NULL: the metric is not one of the audit''s alert_metrics).';

CREATE FUNCTION fairness.audit_alert_rule(metric text, definition jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN $1 = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text($2 -> 'alert_metrics'))) THEN
		pg_catalog.format('%s: ratio to the reference%s outside [%s, %s]%s',
			$1, CASE WHEN $1 = 'pay_gap' THEN ' mean (1 - pay_gap)' ELSE '' END,
			t, pg_catalog.rtrim(pg_catalog.rtrim(round((1 / t)::numeric, 4)::text, '0'), '.'),
			CASE WHEN coalesce(($2 ->> 'require_significance')::boolean, true) THEN
				CASE WHEN $1 IN ('mean_score', 'brier_score', 'expected_calibration_error', 'sd') THEN
					' and a significant test (this metric has none: it never alerts while require_significance is on)'
				ELSE pg_catalog.format(' and Holm-adjusted p < %s', coalesce($2 ->> 'significance', '0.05')) END
			ELSE '' END)
	END
	FROM (SELECT coalesce(($2 ->> 'impact_ratio_threshold')::float8, 0.8) AS t) x
$$;

COMMENT ON FUNCTION fairness.audit_alert_rule(text, jsonb) IS
'Internal: the alert rule of a metric under an audit definition, in words (metric, impact ratio threshold t and 1/t, significance), or NULL when the metric is not one of its alert_metrics.';

------------------------------------------------------------------------
-- Reports of score and outcome summaries
------------------------------------------------------------------------

-- fairness.score_report / fairness.outcome_report rows with the verdicts of
-- fairness.report: suppression, reference, Holm adjustment over the tests
-- of the report, ratio outside [t, 1/t] and significance
CREATE FUNCTION fairness.audit_kind_report(s fairness.scores, o fairness.outcomes, definition jsonb)
RETURNS SETOF fairness.report_row
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	d jsonb := definition;
	sig float8 := coalesce((d ->> 'significance')::float8, 0.05);
	thr float8 := coalesce((d ->> 'impact_ratio_threshold')::float8, 0.8);
	mgs integer := coalesce((d ->> 'min_group_size')::integer, pg_catalog.current_setting('fairness.min_group_size')::integer);
	metrics text[] := ARRAY(SELECT pg_catalog.jsonb_array_elements_text(d -> 'alert_metrics'));
	need_sig boolean := coalesce((d ->> 'require_significance')::boolean, true);
	attr text := coalesce(nullif(array_to_string(ARRAY(SELECT pg_catalog.jsonb_array_elements_text(d -> 'group_columns')), ' × '), ''), 'attribute 1');
	k text := CASE WHEN s IS NOT NULL THEN 'scores' ELSE 'outcomes' END;
	ref text := d ->> 'reference';
BEGIN
	IF s IS NULL AND o IS NULL THEN
		RETURN;
	END IF;
	IF s IS NOT NULL THEN
		o := NULL;	-- one summary: the scores when given both
	END IF;
	-- the reference applies where it is a group (by label, or a JSON array
	-- of the values); elsewhere the largest known group
	IF ref IS NOT NULL THEN
		BEGIN
			IF s IS NOT NULL THEN
				PERFORM 1 FROM fairness.score_report(s, ref, 10, 1 - sig) LIMIT 1;
			ELSE
				PERFORM 1 FROM fairness.outcome_report(o, ref, 1 - sig) LIMIT 1;
			END IF;
		EXCEPTION WHEN invalid_parameter_value OR undefined_object THEN
			ref := NULL;
		END;
	END IF;
	RETURN QUERY
	WITH raw AS (
		SELECT row_number() OVER () AS ord, r.*
		FROM (SELECT * FROM fairness.score_report(s, ref, 10, 1 - sig)
		      UNION ALL
		      SELECT * FROM fairness.outcome_report(o, ref, 1 - sig)) r),
	-- per group: rows, and whether it is the unknown group (its n row is
	-- not compared although there is a reference)
	grp AS (
		SELECT r.group_name, r.value::bigint AS n,
		       r.status = 'not_compared' AND r.reference_group IS NOT NULL AS unknown,
		       r.group_name IS NOT DISTINCT FROM r.reference_group AND r.reference_group IS NOT NULL AS is_ref
		FROM raw r WHERE r.metric = 'n'),
	refg AS (SELECT g.n FROM grp g WHERE g.is_ref),
	-- the exact group keys, by label
	keys AS (
		SELECT x.group_name, x.group_key FROM fairness.auc(s) x WHERE s IS NOT NULL AND NOT x.is_overall
		UNION ALL
		SELECT x.group_name, x.group_key FROM fairness.outcome_stats(o) x WHERE o IS NOT NULL AND NOT x.is_overall),
	pre AS (
		SELECT r.*, g.n AS gn, g.unknown,
		       CASE WHEN g.unknown THEN 'unknown_group'
		            WHEN g.n < mgs THEN 'suppressed'
		            WHEN g.is_ref THEN 'reference'
		            WHEN (SELECT f.n FROM refg f) < mgs THEN 'reference_suppressed'
		            WHEN r.reference_group IS NULL OR r.value IS NULL OR r.reference_value IS NULL
		                 OR r.status = 'undefined' THEN 'insufficient_data'
		       END AS st,
		       -- the ratio judged: of the metric, for pay_gap that of the means
		       CASE WHEN r.metric = 'pay_gap' THEN 1 - r.value ELSE r.ratio END AS judged
		FROM raw r JOIN grp g ON g.group_name IS NOT DISTINCT FROM r.group_name
		WHERE r.metric <> 'n'),
	-- Holm over the distinct tests of the report (pay_gap shares mean's)
	tested AS (
		SELECT p.ord, p.group_name, p.p_value,
		       row_number() OVER (ORDER BY p.p_value, p.ord) AS rk, count(*) OVER () AS m
		FROM pre p WHERE p.st IS NULL AND p.p_value IS NOT NULL AND p.metric <> 'pay_gap'),
	holm AS (
		SELECT t.ord, t.group_name,
		       least(1, max((t.m - t.rk + 1) * t.p_value) OVER (ORDER BY t.rk ROWS UNBOUNDED PRECEDING)) AS adj
		FROM tested t),
	fin AS (
		SELECT p.*,
		       CASE WHEN p.st IS NULL THEN
		            coalesce((SELECT h.adj FROM holm h WHERE h.ord = p.ord),
		                     CASE WHEN p.metric = 'pay_gap' THEN
		                          (SELECT h.adj FROM holm h JOIN pre q ON q.ord = h.ord
		                           WHERE q.metric = 'mean' AND q.group_name IS NOT DISTINCT FROM p.group_name) END)
		       END AS adj,
		       CASE WHEN p.judged IS NOT NULL THEN p.judged < thr OR p.judged > 1 / thr
		            ELSE p.value IS DISTINCT FROM p.reference_value END AS crossed
		FROM pre p),
	verdict AS (
		SELECT f.*,
		       coalesce(f.st, CASE WHEN NOT f.crossed THEN 'ok'
		                           WHEN f.adj < sig THEN 'disparity'
		                           ELSE 'possible_disparity' END) AS status2
		FROM fin f)
	SELECT attr,
	       v.group_name,
	       (SELECT ky.group_key FROM keys ky WHERE ky.group_name IS NOT DISTINCT FROM v.group_name LIMIT 1),
	       v.metric,
	       CASE WHEN v.status2 <> 'suppressed' THEN v.gn END,
	       CASE WHEN v.status2 <> 'suppressed' THEN v.value END,
	       CASE WHEN v.status2 <> 'suppressed' THEN v.ci_low END,
	       CASE WHEN v.status2 <> 'suppressed' THEN v.ci_high END,
	       v.reference_group,
	       CASE WHEN v.status2 NOT IN ('suppressed', 'reference_suppressed') THEN v.reference_value END,
	       CASE WHEN v.status2 IN ('reference', 'ok', 'disparity', 'possible_disparity') THEN v.ratio END,
	       NULL::float8, NULL::float8,
	       CASE WHEN v.status2 IN ('reference', 'ok', 'disparity', 'possible_disparity') THEN v.difference END,
	       NULL::float8, NULL::float8,
	       CASE WHEN v.status2 IN ('ok', 'disparity', 'possible_disparity') AND v.p_value IS NOT NULL THEN
	            CASE v.metric WHEN 'auc' THEN 'delong-z-test' WHEN 'mean' THEN 'welch-t-test'
	                          WHEN 'pay_gap' THEN 'welch-t-test' ELSE 'z-test' END END,
	       CASE WHEN v.status2 IN ('ok', 'disparity', 'possible_disparity') THEN v.p_value END,
	       v.adj,
	       CASE WHEN v.metric = 'scoring_rate' AND v.status2 IN ('ok', 'disparity', 'possible_disparity')
	            THEN v.ratio < thr END,
	       v.status2,
	       (v.metric = ANY (metrics) AND (v.status2 = 'disparity' OR (NOT need_sig AND v.status2 = 'possible_disparity'))),
	       k,
	       thr,
	       fairness.audit_alert_rule(v.metric, d)
	FROM verdict v
	ORDER BY v.ord;
END
$$;

COMMENT ON FUNCTION fairness.audit_kind_report(fairness.scores, fairness.outcomes, jsonb) IS
'Internal: the report of a stored score or outcome summary (the other argument NULL) with an audit''s verdict settings: fairness.score_report or fairness.outcome_report at level 1 - significance, the reference group where it is a group (else the largest known group), small-cell suppression (min_group_size, NULL: the setting), Holm-adjusted p-values over the tests of the report, and fairness.report''s statuses (a ratio outside [t, 1/t]: disparity when the adjusted p-value is below significance, else possible_disparity; pay_gap judged on the ratio of means).';

CREATE FUNCTION fairness.audit_result_report(summary fairness.confusion, scores fairness.scores,
                                             outcomes fairness.outcomes, definition jsonb)
RETURNS SETOF fairness.report_row
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT x.attribute, x.group_name, x.group_key, x.metric, x.n, x.value, x.ci_low, x.ci_high,
	       x.reference_group, x.reference_value, x.ratio, x.ratio_ci_low, x.ratio_ci_high,
	       x.difference, x.difference_ci_low, x.difference_ci_high, x.test, x.p_value,
	       x.p_value_adjusted, x.adverse_impact, x.status, x.alert,
	       'decisions'::text, coalesce(($4 ->> 'impact_ratio_threshold')::float8, 0.8),
	       fairness.audit_alert_rule(x.metric, $4)
	FROM fairness.audit_run_report($1, $4) x
	WHERE $1 IS NOT NULL
	UNION ALL
	SELECT * FROM fairness.audit_kind_report($2, $3, $4)
	WHERE $1 IS NULL AND ($2 IS NOT NULL OR $3 IS NOT NULL)
$$;

COMMENT ON FUNCTION fairness.audit_result_report(fairness.confusion, fairness.scores, fairness.outcomes, jsonb) IS
'Internal: the report rows (fairness.report_row) of a stored result of any kind, the summary of its kind given and the others NULL, with the verdict settings of an audit definition.';
