-- fairness 0.3: HTML reports of fairness.scores and fairness.outcomes
-- summaries (same building blocks as 61_html.sql).

CREATE FUNCTION fairness.html_line_chart(
	chart_id text,
	title text,
	description text,
	series jsonb,
	x_label text,
	y_label text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
-- series: a JSON array of {label, points: [[x, y], ...], extra}; both axes
-- from 0 to 1 (ROC space, reliability diagrams), with the diagonal.  Each
-- series gets an Okabe-Ito colour and a dash pattern, and a legend entry
-- with its name (text, not only colour).
DECLARE
	colours constant text[] := '{#0072B2,#D55E00,#009E73,#CC79A7,#E69F00,#56B4E9,#000000,#999999}';
	dashes constant text[] := '{"","7 3","2 3","9 3 2 3","4 4","1 2","12 4","6 2 2 2"}';
	s jsonb;
	k integer := 0;
	pts text;
	svg text := '';
	legend text := '';
	tbl text := '';
	t float8;
	ly integer := 44;
BEGIN
	-- grid and axes: plot area x 60..380, y 30..350
	FOR i IN 0 .. 4 LOOP
		t := i / 4.0;
		svg := svg || format('<line class="grid" x1="%1$s" x2="%1$s" y1="30" y2="350"/><line class="grid" x1="60" x2="380" y1="%2$s" y2="%2$s"/>'
		                     '<text class="tick" x="%1$s" y="366" text-anchor="middle">%3$s</text><text class="tick" x="52" y="%4$s" text-anchor="end">%3$s</text>',
		                     60 + 320 * t, 350 - 320 * t, to_char(t, 'FM0.00'), 350 - 320 * t + 4);
	END LOOP;
	svg := svg || '<line class="chance" x1="60" y1="350" x2="380" y2="30"/>'
		|| format('<text class="tick" x="220" y="386" text-anchor="middle">%s</text>', fairness.html_escape(x_label))
		|| format('<text class="tick" x="16" y="190" text-anchor="middle" transform="rotate(-90 16 190)">%s</text>', fairness.html_escape(y_label));
	FOR s IN SELECT e FROM jsonb_array_elements(coalesce(series, '[]')) e LOOP
		k := k + 1;
		SELECT string_agg(format('%s,%s', round((60 + 320 * (p ->> 0)::float8)::numeric, 1),
		                                 round((350 - 320 * (p ->> 1)::float8)::numeric, 1)), ' ' ORDER BY o)
		  INTO pts FROM jsonb_array_elements(s -> 'points') WITH ORDINALITY AS q(p, o);
		svg := svg || format('<polyline class="curve" data-series="%s" points="%s" stroke="%s" stroke-dasharray="%s"><title>%s</title></polyline>',
			k, coalesce(pts, ''), colours[1 + (k - 1) % 8], dashes[1 + (k - 1) % 8],
			fairness.html_escape(coalesce(s ->> 'label', 'Unknown group')));
		legend := legend || format('<g class="legend-entry"><line x1="400" x2="430" y1="%1$s" y2="%1$s" stroke="%2$s" stroke-width="3" stroke-dasharray="%3$s"/>'
			'<text class="label" x="438" y="%4$s" clip-path="url(#%7$s-clip)">%5$s<title>%6$s</title></text></g>',
			ly, colours[1 + (k - 1) % 8], dashes[1 + (k - 1) % 8], ly + 4,
			fairness.html_label(coalesce(s ->> 'label', 'Unknown group'), 24) || coalesce(' &#183; ' || (s ->> 'extra'), ''),
			fairness.html_escape(coalesce(s ->> 'label', 'Unknown group')), fairness.html_escape(chart_id));
		tbl := tbl || format('<tr><th scope="row">%s</th><td>%s</td><td>%s</td></tr>',
			fairness.html_escape(coalesce(s ->> 'label', 'Unknown group')), coalesce(s ->> 'extra', '&#8212;'),
			(SELECT coalesce(string_agg(format('(%s, %s)', to_char(round((p ->> 0)::numeric, 3), 'FM0.000'),
			                                               to_char(round((p ->> 1)::numeric, 3), 'FM0.000')), ' ' ORDER BY o), '')
			   FROM jsonb_array_elements(s -> 'points') WITH ORDINALITY AS q(p, o)));
		ly := ly + 22;
	END LOOP;
	RETURN format(
		'<figure class="chart" id="%1$s"><svg role="img" viewBox="0 0 760 %2$s" width="760" height="%2$s" aria-labelledby="%1$s-title %1$s-desc">'
		'<title id="%1$s-title">%3$s</title><desc id="%1$s-desc">%4$s</desc>'
		'<defs><clipPath id="%1$s-clip"><rect x="396" y="0" width="360" height="%2$s"/></clipPath></defs>'
		'<text class="axis-title" x="8" y="20">%3$s</text>%5$s%6$s</svg><figcaption>%4$s</figcaption>'
		'<details><summary>Table for this chart</summary><table><thead><tr><th scope="col">Group</th><th scope="col">Summary</th><th scope="col">Points (x, y)</th></tr></thead><tbody>%7$s</tbody></table></details></figure>',
		fairness.html_escape(chart_id), greatest(400, ly + 10), fairness.html_escape(title), fairness.html_escape(description),
		svg, legend, tbl);
END
$fn$;

COMMENT ON FUNCTION fairness.html_line_chart(text, text, text, jsonb, text, text) IS
'Internal: HTML reports; an inline SVG line chart on the unit square (ROC curves), one curve per group (JSON objects label, points [[x, y], ...], extra) with an Okabe-Ito colour, a dash pattern and a named legend entry; with <title>, <desc> and a table alternative.';

CREATE FUNCTION fairness.html_long_table(metric_title text, rows jsonb, kind text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
	-- rows: objects of fairness.score_report / outcome_report (group_name,
	-- value, ci_low, ci_high, difference, ratio, p_value, status) plus n and
	-- suppressed
	SELECT pg_catalog.format('<h3>%s</h3><table class="numbers"><thead><tr><th scope="col">Group</th><th scope="col">Rows</th>'
		'<th scope="col">Value [interval]</th><th scope="col">Difference</th><th scope="col">Ratio</th><th scope="col">p</th><th scope="col">Status</th></tr></thead><tbody>%s</tbody></table>',
		fairness.html_escape($1),
		pg_catalog.string_agg(CASE WHEN (r ->> 'suppressed')::boolean THEN
			pg_catalog.format('<tr class="row-muted"><th scope="row">%s</th><td colspan="5">suppressed: small group</td><td>suppressed</td></tr>',
				fairness.html_escape(coalesce(r ->> 'group_name', 'Unknown group')))
		ELSE
			pg_catalog.format('<tr class="row-%s"><th scope="row">%s%s</th><td class="num">%s</td><td class="num">%s%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td>%s</td></tr>',
				CASE r ->> 'status' WHEN 'significant' THEN 'fail' WHEN 'reference' THEN 'ref' ELSE 'plain' END,
				CASE WHEN r ->> 'status' = 'reference' THEN '&#9733; ' ELSE '' END,
				fairness.html_escape(coalesce(r ->> 'group_name', 'Unknown group')),
				coalesce(r ->> 'n', '&#8212;'),
				fairness.html_num((r ->> 'value')::float8, $3),
				CASE WHEN r ->> 'ci_low' IS NULL THEN '' ELSE pg_catalog.format(' [%s&#8211;%s]',
					fairness.html_num((r ->> 'ci_low')::float8, $3), fairness.html_num((r ->> 'ci_high')::float8, $3)) END,
				fairness.html_num((r ->> 'difference')::float8, $3),
				fairness.html_num((r ->> 'ratio')::float8, 'ratio'),
				fairness.html_num((r ->> 'p_value')::float8, 'p'),
				fairness.html_escape(pg_catalog.replace(r ->> 'status', '_', ' ')))
		END, '' ORDER BY o))
	FROM pg_catalog.jsonb_array_elements(coalesce($2, '[]')) WITH ORDINALITY AS q(r, o)
$fn$;

COMMENT ON FUNCTION fairness.html_long_table(text, jsonb, text) IS
'Internal: HTML reports; the table of one metric of fairness.score_report or fairness.outcome_report (rows as JSON objects), suppressed groups without numbers.';

------------------------------------------------------------------------
-- fairness.report_html(scores)
------------------------------------------------------------------------
CREATE FUNCTION fairness.report_html(
	s fairness.scores,
	reference text DEFAULT NULL,
	bins integer DEFAULT 10,
	level float8 DEFAULT 0.95,
	min_group_size integer DEFAULT NULL,
	impact_ratio_threshold float8 DEFAULT NULL,
	title text DEFAULT NULL,
	source text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	mgs integer;
	thr float8;
	rep jsonb;
	small text[];
	ref_group text;
	body text := '';
	series jsonb;
	bars jsonb;
	max_rate float8;
	probability boolean;
	m text;
	names constant jsonb := '{"n": "Rows", "auc": "ROC AUC", "mean_score": "Mean score", "base_rate": "Base rate (share labelled true)",
		"scoring_rate": "Scoring rate (share above the overall median)", "brier_score": "Brier score",
		"expected_calibration_error": "Expected calibration error"}';
BEGIN
	IF s IS NULL THEN
		RETURN NULL;	-- no data, no document (like every function of a summary)
	END IF;
	mgs := coalesce(min_group_size, current_setting('fairness.min_group_size')::integer);
	thr := coalesce(impact_ratio_threshold, current_setting('fairness.impact_ratio_threshold')::float8);
	IF mgs < 0 THEN
		RAISE EXCEPTION 'min_group_size must not be negative' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF NOT (thr > 0 AND thr <= 1) THEN
		RAISE EXCEPTION 'impact ratio threshold must be in (0, 1]'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('It is %s.', thr);
	END IF;
	probability := fairness.score_lower(s) >= 0 AND fairness.score_upper(s) <= 1;
	SELECT jsonb_agg(to_jsonb(r) ORDER BY o) INTO rep
	  FROM fairness.score_report(s, reference, bins, level) WITH ORDINALITY AS r(group_name, metric, value, ci_low, ci_high,
	       reference_group, reference_value, difference, ratio, p_value, status, o);
	-- known groups with fewer rows than min_group_size are suppressed
	SELECT coalesce(array_agg(r ->> 'group_name'), '{}') INTO small
	  FROM jsonb_array_elements(rep) r
	 WHERE r ->> 'metric' = 'n' AND r ->> 'group_name' IS NOT NULL AND (r ->> 'value')::float8 < mgs;
	SELECT r ->> 'reference_group' INTO ref_group FROM jsonb_array_elements(rep) r WHERE r ->> 'reference_group' IS NOT NULL LIMIT 1;

	body := format('<ul class="summary"><li><b>%s</b>rows</li><li><b>%s</b>groups (%s suppressed)</li><li><b>%s</b>reference group</li>'
		'<li><b>%s</b>AUC gap (max &#8722; min)</li></ul>',
		fairness.html_num(fairness.total(s)::float8), fairness.group_count(s), cardinality(small),
		coalesce(fairness.html_label(ref_group, 40), '&#8212;'), fairness.html_num(fairness.auc_gap(s)));
	body := body || '<section id="charts"><h2>Scores by group</h2>' || fairness.html_legend('tests');

	-- ROC curves of the known groups that are not suppressed, and all rows
	SELECT jsonb_agg(jsonb_build_object('label', lbl, 'points', pts, 'extra', ex) ORDER BY ov, first_o)
	  INTO series
	  FROM (SELECT CASE WHEN ro.is_overall THEN 'All rows' ELSE ro.group_name END AS lbl, ro.is_overall AS ov,
	               min(ro.o) AS first_o,
	               jsonb_agg(jsonb_build_array(ro.fpr, ro.tpr) ORDER BY ro.o) AS pts,
	               'AUC ' || fairness.html_num(max(a.auc)) AS ex
	          FROM fairness.roc(s) WITH ORDINALITY AS ro(group_name, group_key, is_overall, threshold, fpr, tpr, o)
	          LEFT JOIN fairness.auc(s, level) a ON a.group_key IS NOT DISTINCT FROM ro.group_key AND a.is_overall = ro.is_overall
	         WHERE (ro.is_overall OR (ro.group_name IS NOT NULL AND NOT ro.group_name = ANY (small)))
	         GROUP BY ro.group_name, ro.group_key, ro.is_overall) c;
	body := body || '<h3>ROC curves</h3>' || fairness.html_line_chart('chart-roc', 'ROC curve by group',
		'True positive rate against false positive rate as the decision threshold falls, per group (suppressed and unknown groups left out) and for all rows; the dashed diagonal is a random score. A curve further up and left ranks that group''s positives above its negatives better.',
		series, 'False positive rate', 'True positive rate');

	-- AUC and scoring rate bars
	FOREACH m IN ARRAY ARRAY['auc', 'scoring_rate'] LOOP
		max_rate := NULL;
		IF m = 'scoring_rate' THEN
			SELECT max(scoring_rate) INTO max_rate FROM fairness.scoring_rates(s)
			 WHERE NOT is_overall AND group_name IS NOT NULL AND NOT group_name = ANY (small);
		END IF;
		SELECT jsonb_agg(jsonb_build_object(
				'label', r ->> 'group_name',
				-- scoring rates compare with the highest rate (LL144), the
				-- other metrics with the reference group
				'role', CASE WHEN r ->> 'group_name' IS NULL THEN 'unknown' WHEN r ->> 'group_name' = ANY (small) THEN 'suppressed'
				             WHEN m = 'scoring_rate' AND (r ->> 'value')::float8 = max_rate THEN 'reference'
				             WHEN m <> 'scoring_rate' AND r ->> 'status' = 'reference' THEN 'reference' ELSE 'group' END,
				'value', r -> 'value', 'lo', r -> 'ci_low', 'hi', r -> 'ci_high',
				'status', CASE WHEN m = 'scoring_rate' THEN
				                    CASE WHEN r ->> 'group_name' IS NULL THEN 'not_compared'
				                         WHEN NOT max_rate > 0 THEN 'undefined'
				                         WHEN (r ->> 'value')::float8 = max_rate THEN 'highest_rate'
				                         WHEN (r ->> 'value')::float8 / max_rate < thr THEN 'disparity'
				                         ELSE 'ok' END
				               WHEN r ->> 'status' = 'significant' THEN 'possible_disparity'
				               ELSE r ->> 'status' END,
				'n', (SELECT (x ->> 'value')::bigint FROM jsonb_array_elements(rep) x
				       WHERE x ->> 'metric' = 'n' AND x ->> 'group_name' IS NOT DISTINCT FROM r ->> 'group_name'),
				'extra', CASE WHEN m = 'scoring_rate' AND max_rate > 0 THEN fairness.html_num((r ->> 'value')::float8 / max_rate, 'ratio')
				              ELSE fairness.html_num((r ->> 'p_value')::float8, 'p') END)
			ORDER BY (r ->> 'group_name' IS NULL), o)
		  INTO bars FROM jsonb_array_elements(rep) WITH ORDINALITY AS q(r, o) WHERE r ->> 'metric' = m;
		IF m = 'auc' THEN
			body := body || '<h3>ROC AUC</h3>' || fairness.html_bar_chart('chart-auc', 'ROC AUC by group',
				format('Area under the ROC curve of each group with a DeLong %s%% interval. A group whose AUC differs from the reference group''s (%s) by a two-sided z-test at the %s level is marked (possible disparity: the score ranks that group less or more accurately).',
				       round((level * 100)::numeric, 1), coalesce(ref_group, 'none'), round((1 - level)::numeric, 3)),
				bars, 0, 1, 'number', NULL, NULL, NULL, 'p');
		ELSE
			body := body || '<h3>Scoring rate</h3>' || fairness.html_bar_chart('chart-scoring-rate', 'Scoring rate by group',
				format('Share of each group scoring above the median of all rows (NYC Local Law 144), with a Wilson %s%% interval; impact ratio = scoring rate / the highest scoring rate (starred). Shaded band: impact ratio at least %s; a group below it is flagged (disparity).',
				       round((level * 100)::numeric, 1), round(thr::numeric, 3)),
				bars, 0, 1, 'percent',
				CASE WHEN max_rate > 0 THEN max_rate * thr END, CASE WHEN max_rate > 0 THEN max_rate END,
				format('impact ratio %s to 1', round(thr::numeric, 3)), 'Impact ratio');
		END IF;
	END LOOP;
	body := body || '</section>';

	-- numbers
	body := body || '<section id="numbers"><h2>Numbers</h2>';
	FOREACH m IN ARRAY ARRAY['auc', 'scoring_rate', 'mean_score', 'base_rate', 'brier_score', 'expected_calibration_error'] LOOP
		IF m IN ('brier_score', 'expected_calibration_error') AND NOT probability THEN
			CONTINUE;
		END IF;
		body := body || fairness.html_long_table(names ->> m,
			(SELECT jsonb_agg(r || jsonb_build_object('suppressed', coalesce(r ->> 'group_name' = ANY (small), false),
				'n', (SELECT x ->> 'value' FROM jsonb_array_elements(rep) x
				       WHERE x ->> 'metric' = 'n' AND x ->> 'group_name' IS NOT DISTINCT FROM r ->> 'group_name')) ORDER BY (r ->> 'group_name' IS NULL), o)
			   FROM jsonb_array_elements(rep) WITH ORDINALITY AS q(r, o) WHERE r ->> 'metric' = m),
			CASE WHEN m IN ('scoring_rate', 'base_rate') THEN 'percent' ELSE 'number' END);
	END LOOP;
	body := body || '</section>';

	body := body || format($m$<section class="method" id="method"><h2>Method</h2>
<p><b>Summary.</b> Scores are kept in a histogram per group (fairness.scores): ROC curves and AUC are computed from the bins; a positive and a negative in the same bin count one half.</p>
<p><b>AUC.</b> Interval: DeLong's standard error with a Wald interval at %s%%; the difference to the reference group (%s) is tested by a z-test of independent DeLong AUCs.</p>
<p><b>Scoring rate.</b> NYC Local Law 144: the share of a group scoring above the median of all rows, its impact ratio the rate over the highest group rate; a ratio below %s is flagged. Rates have Wilson intervals and two-proportion z-tests against the reference group.</p>
<p><b>Calibration.</b> Brier score and expected calibration error over %s uniform bins (probability scores only).</p>
<p><b>Suppression.</b> Groups with fewer than %s rows are suppressed: no number is shown for them. Rows without a group value form the unknown group, shown apart and not compared.</p>
<p>No multiple-testing adjustment is applied to these p-values; read them with the number of groups in mind.</p>
<p>All numbers come from <code>fairness.score_report</code>, <code>fairness.roc</code> and <code>fairness.scoring_rates</code>.</p></section>$m$,
		round((level * 100)::numeric, 1), coalesce('<b>' || fairness.html_escape(ref_group) || '</b>', 'no group'),
		round(thr::numeric, 3), bins, mgs);

	RETURN fairness.html_document(
		coalesce(title, 'Fairness audit of scores'),
		'Scores by group: ranking quality, scoring rates and calibration against the reference group.',
		body,
		jsonb_build_object(
			'Source', coalesce(source, 'a fairness.scores summary'),
			'Rows', fairness.total(s)::text,
			'Groups', fairness.group_count(s)::text,
			'Protected attributes', fairness.attributes(s)::text,
			'Score range and bins', format('[%s, %s], %s bins', fairness.score_lower(s), fairness.score_upper(s), fairness.bins(s)),
			'Weighted', CASE WHEN fairness.is_weighted(s) THEN 'yes' ELSE 'no' END,
			'Confidence level', level::text,
			'Impact ratio threshold', thr::text,
			'Minimum group size', mgs::text,
			'Generated at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'),
			'Extension version', 'fairness ' || fairness.version(),
			'Database server', 'PostgreSQL ' || current_setting('server_version')));
END
$fn$;

COMMENT ON FUNCTION fairness.report_html(fairness.scores, text, integer, float8, integer, float8, text, text) IS
'A complete, self-contained HTML document (inline SVG and CSS, no script, no external resource) of a score audit: ROC curves per group, ROC AUC per group with DeLong intervals and tests against the reference group, NYC Local Law 144 scoring rates with the impact ratio band, the table of fairness.score_report numbers, the method and the provenance. Groups smaller than min_group_size (default: setting fairness.min_group_size) are suppressed; the unknown group is shown apart. Every group name is HTML-escaped. A NULL summary gives NULL.';

------------------------------------------------------------------------
-- fairness.report_html(outcomes)
------------------------------------------------------------------------
CREATE FUNCTION fairness.report_html(
	o fairness.outcomes,
	reference text DEFAULT NULL,
	level float8 DEFAULT 0.95,
	min_group_size integer DEFAULT NULL,
	title text DEFAULT NULL,
	source text DEFAULT NULL,
	rel regclass DEFAULT NULL,
	group_column text DEFAULT NULL,
	value_column text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	mgs integer;
	rep jsonb;
	gaps jsonb;
	small text[];
	ref_group text;
	body text := '';
	bars jsonb;
	lo float8;
	hi float8;
	meds jsonb;
BEGIN
	IF o IS NULL THEN
		RETURN NULL;	-- no data, no document (like every function of a summary)
	END IF;
	mgs := coalesce(min_group_size, current_setting('fairness.min_group_size')::integer);
	IF mgs < 0 THEN
		RAISE EXCEPTION 'min_group_size must not be negative' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF (rel IS NULL) <> (group_column IS NULL) OR (rel IS NULL) <> (value_column IS NULL) THEN
		RAISE EXCEPTION 'rel, group_column and value_column go together'
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Give all three to add the median gaps (computed from the rows of rel), or none.';
	END IF;
	SELECT jsonb_agg(to_jsonb(r) ORDER BY k) INTO rep
	  FROM fairness.outcome_report(o, reference, level) WITH ORDINALITY AS r(group_name, metric, value, ci_low, ci_high,
	       reference_group, reference_value, difference, ratio, p_value, status, k);
	SELECT jsonb_agg(to_jsonb(g) ORDER BY k) INTO gaps
	  FROM fairness.outcome_gaps(o, reference, level) WITH ORDINALITY AS g(group_name, group_key, reference_group, n, mean, reference_mean,
	       difference, ratio, pay_gap, ci_low, ci_high, t, df, p_value, cohens_d, std_error, is_reference, k);
	SELECT coalesce(array_agg(st.group_name), '{}') INTO small
	  FROM fairness.outcome_stats(o) st
	 WHERE NOT st.is_overall AND st.group_name IS NOT NULL AND st.n < mgs;
	SELECT r ->> 'reference_group' INTO ref_group FROM jsonb_array_elements(gaps) r WHERE r ->> 'reference_group' IS NOT NULL LIMIT 1;

	body := format('<ul class="summary"><li><b>%s</b>rows</li><li><b>%s</b>groups (%s suppressed)</li><li><b>%s</b>reference group</li>'
		'<li><b>%s</b>groups with a significant gap</li></ul>',
		fairness.html_num(fairness.total(o)::float8), fairness.group_count(o), cardinality(small),
		coalesce(fairness.html_label(ref_group, 40), '&#8212;'),
		(SELECT count(*) FROM jsonb_array_elements(rep) r
		  WHERE r ->> 'metric' = 'mean' AND r ->> 'status' = 'significant' AND NOT coalesce(r ->> 'group_name' = ANY (small), false)));
	body := body || '<section id="charts"><h2>Outcomes by group</h2>' || fairness.html_legend('tests');

	-- means with their t intervals
	SELECT jsonb_agg(jsonb_build_object(
			'label', r ->> 'group_name',
			'role', CASE WHEN r ->> 'group_name' IS NULL THEN 'unknown' WHEN r ->> 'group_name' = ANY (small) THEN 'suppressed'
			             WHEN r ->> 'status' = 'reference' THEN 'reference' ELSE 'group' END,
			'value', r -> 'value', 'lo', r -> 'ci_low', 'hi', r -> 'ci_high',
			'status', CASE WHEN r ->> 'status' = 'significant' THEN 'possible_disparity' ELSE r ->> 'status' END,
			'n', (SELECT x ->> 'value' FROM jsonb_array_elements(rep) x
			       WHERE x ->> 'metric' = 'n' AND x ->> 'group_name' IS NOT DISTINCT FROM r ->> 'group_name'),
			'extra', fairness.html_num((r ->> 'p_value')::float8, 'p'))
		ORDER BY (r ->> 'group_name' IS NULL), k),
	       min(least((r ->> 'ci_low')::float8, (r ->> 'value')::float8)) FILTER (WHERE NOT coalesce(r ->> 'group_name' = ANY (small), false)),
	       max(greatest((r ->> 'ci_high')::float8, (r ->> 'value')::float8)) FILTER (WHERE NOT coalesce(r ->> 'group_name' = ANY (small), false))
	  INTO bars, lo, hi
	  FROM jsonb_array_elements(rep) WITH ORDINALITY AS q(r, k) WHERE r ->> 'metric' = 'mean';
	body := body || '<h3>Mean by group</h3>' || fairness.html_bar_chart('chart-mean', 'Mean outcome by group',
		format('Mean of each group with its t interval at %s%%. A group whose mean differs from the reference group''s (%s) by Welch''s t-test at the %s level is marked (possible disparity).',
		       round((level * 100)::numeric, 1), coalesce(ref_group, 'none'), round((1 - level)::numeric, 3)),
		bars, least(0, lo), greatest(coalesce(hi, 1) * 1.05, 0.000001), 'number', NULL, NULL, NULL, 'p');

	-- mean gap to the reference, with the Welch interval of the difference
	SELECT jsonb_agg(jsonb_build_object(
			'label', g ->> 'group_name',
			'role', CASE WHEN g ->> 'group_name' IS NULL THEN 'unknown' WHEN g ->> 'group_name' = ANY (small) THEN 'suppressed'
			             WHEN (g ->> 'is_reference')::boolean THEN 'reference' ELSE 'group' END,
			'value', g -> 'difference',
			'lo', CASE WHEN NOT (g ->> 'is_reference')::boolean THEN g -> 'ci_low' END,
			'hi', CASE WHEN NOT (g ->> 'is_reference')::boolean THEN g -> 'ci_high' END,
			'status', CASE WHEN (g ->> 'is_reference')::boolean THEN 'reference'
			               WHEN g ->> 'group_name' IS NULL THEN 'not_compared'
			               WHEN (g ->> 'p_value')::float8 < 1 - level THEN 'possible_disparity'
			               WHEN g ->> 'p_value' IS NULL THEN 'undefined' ELSE 'not_significant' END,
			'n', g ->> 'n',
			'extra', fairness.html_num((g ->> 'pay_gap')::float8, 'percent'))
		ORDER BY (g ->> 'group_name' IS NULL), k),
	       min(least((g ->> 'ci_low')::float8, (g ->> 'difference')::float8)) FILTER (WHERE NOT coalesce(g ->> 'group_name' = ANY (small), false)),
	       max(greatest((g ->> 'ci_high')::float8, (g ->> 'difference')::float8)) FILTER (WHERE NOT coalesce(g ->> 'group_name' = ANY (small), false))
	  INTO bars, lo, hi
	  FROM jsonb_array_elements(gaps) WITH ORDINALITY AS q(g, k);
	hi := greatest(abs(coalesce(lo, 0)), abs(coalesce(hi, 0)), 1e-9) * 1.1;
	body := body || '<h3>Mean gap to the reference group</h3>' || fairness.html_bar_chart('chart-mean-gap', 'Difference of means to the reference group',
		format('Mean of each group minus the reference group''s (%s), with the Welch %s%% interval of the difference; the table gives the pay gap (mean_ref - mean) / mean_ref.',
		       coalesce(ref_group, 'none'), round((level * 100)::numeric, 1)),
		bars, -hi, hi, 'number', NULL, NULL, NULL, 'Pay gap');

	-- median gaps, computed from the rows when a table is given
	IF rel IS NOT NULL THEN
		SELECT jsonb_agg(jsonb_build_object(
				'label', m.group_name,
				'role', CASE WHEN m.group_name IS NULL THEN 'unknown' WHEN m.n < mgs THEN 'suppressed'
				             WHEN m.is_reference THEN 'reference' ELSE 'group' END,
				'value', m.median_gap, 'status', CASE WHEN m.is_reference THEN 'reference' WHEN m.group_name IS NULL THEN 'not_compared' END,
				'n', m.n, 'extra', fairness.html_num(m.median))
			ORDER BY (m.group_name IS NULL), k),
		       max(abs(m.median_gap)) FILTER (WHERE m.n >= mgs)
		  INTO bars, hi
		  FROM fairness.median_gaps(rel, group_column, value_column, reference) WITH ORDINALITY AS m(group_name, group_key, reference_group, n, median,
		       reference_median, difference, ratio, median_gap, is_reference, k);
		hi := greatest(coalesce(hi, 0), 0.01) * 1.1;
		body := body || '<h3>Median gap</h3>' || fairness.html_bar_chart('chart-median-gap', 'Median gap by group',
			'Median gap (median_ref - median) / median_ref of each group, from the exact medians of the rows (fairness.median_gaps; no interval). Positive: the group''s median is below the reference group''s.',
			bars, -hi, hi, 'percent', NULL, NULL, NULL, 'Median');
	END IF;
	body := body || '</section>';

	body := body || '<section id="numbers"><h2>Numbers</h2>'
		|| fairness.html_long_table('Mean', (SELECT jsonb_agg(r || jsonb_build_object('suppressed', coalesce(r ->> 'group_name' = ANY (small), false),
				'n', (SELECT x ->> 'value' FROM jsonb_array_elements(rep) x WHERE x ->> 'metric' = 'n' AND x ->> 'group_name' IS NOT DISTINCT FROM r ->> 'group_name'))
				ORDER BY (r ->> 'group_name' IS NULL), k)
			FROM jsonb_array_elements(rep) WITH ORDINALITY AS q(r, k) WHERE r ->> 'metric' = 'mean'), 'number')
		|| fairness.html_long_table('Pay gap (mean_ref - mean) / mean_ref', (SELECT jsonb_agg(r || jsonb_build_object('suppressed', coalesce(r ->> 'group_name' = ANY (small), false),
				'n', (SELECT x ->> 'value' FROM jsonb_array_elements(rep) x WHERE x ->> 'metric' = 'n' AND x ->> 'group_name' IS NOT DISTINCT FROM r ->> 'group_name'))
				ORDER BY (r ->> 'group_name' IS NULL), k)
			FROM jsonb_array_elements(rep) WITH ORDINALITY AS q(r, k) WHERE r ->> 'metric' = 'pay_gap'), 'percent')
		|| fairness.html_long_table('Standard deviation', (SELECT jsonb_agg(r || jsonb_build_object('suppressed', coalesce(r ->> 'group_name' = ANY (small), false),
				'n', (SELECT x ->> 'value' FROM jsonb_array_elements(rep) x WHERE x ->> 'metric' = 'n' AND x ->> 'group_name' IS NOT DISTINCT FROM r ->> 'group_name'))
				ORDER BY (r ->> 'group_name' IS NULL), k)
			FROM jsonb_array_elements(rep) WITH ORDINALITY AS q(r, k) WHERE r ->> 'metric' = 'sd'), 'number')
		|| '</section>';

	body := body || format($m$<section class="method" id="method"><h2>Method</h2>
<p><b>Means.</b> Each group's mean has a t interval at %s%% (n - 1 degrees of freedom). The difference to the reference group's mean (%s) has a Welch interval and Welch's two-sided t-test (Welch-Satterthwaite degrees of freedom); a group with p below %s is marked.</p>
<p><b>Pay gap.</b> (mean of the reference group - mean of the group) / mean of the reference group, as in the EU Pay Transparency Directive with men as the reference; positive when the group earns less.</p>
<p><b>Medians.</b> %s</p>
<p><b>Suppression.</b> Groups with fewer than %s rows are suppressed: no number is shown for them. Rows without a group value form the unknown group, shown apart and not compared.</p>
<p>No multiple-testing adjustment is applied to these p-values. All numbers come from <code>fairness.outcome_report</code>, <code>fairness.outcome_gaps</code> and <code>fairness.median_gaps</code>.</p></section>$m$,
		round((level * 100)::numeric, 1), coalesce('<b>' || fairness.html_escape(ref_group) || '</b>', 'no group'),
		round((1 - level)::numeric, 3),
		CASE WHEN rel IS NULL THEN 'A summary keeps moments, not medians: pass rel, group_column and value_column to add the exact median gaps computed from the rows.'
		     ELSE 'Exact medians of the rows (percentile_cont(0.5)); median gap (median_ref - median) / median_ref.' END,
		mgs);

	RETURN fairness.html_document(
		coalesce(title, 'Fairness audit of outcomes'),
		'Outcomes by group (pay, bonus, amounts): means, gaps and intervals against the reference group.',
		body,
		jsonb_build_object(
			'Source', coalesce(source, CASE WHEN rel IS NOT NULL THEN format('%s (%s by %s)', rel, value_column, group_column) END, 'a fairness.outcomes summary'),
			'Rows', fairness.total(o)::text,
			'Groups', fairness.group_count(o)::text,
			'Protected attributes', fairness.attributes(o)::text,
			'Weighted', CASE WHEN fairness.is_weighted(o) THEN 'yes' ELSE 'no' END,
			'Confidence level', level::text,
			'Minimum group size', mgs::text,
			'Generated at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'),
			'Extension version', 'fairness ' || fairness.version(),
			'Database server', 'PostgreSQL ' || current_setting('server_version')));
END
$fn$;

COMMENT ON FUNCTION fairness.report_html(fairness.outcomes, text, float8, integer, text, text, regclass, text, text) IS
'A complete, self-contained HTML document (inline SVG and CSS, no script, no external resource) of an outcome audit (pay, amounts): mean per group with t intervals, difference of means to the reference group with Welch intervals and the pay gap, optionally the exact median gaps from the rows of rel (group_column, value_column), the table of numbers, the method and the provenance. Groups smaller than min_group_size (default: setting fairness.min_group_size) are suppressed; the unknown group is shown apart. Every group name is HTML-escaped. A NULL summary gives NULL.';
