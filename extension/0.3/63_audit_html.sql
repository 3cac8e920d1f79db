-- fairness 0.3: HTML report of a registered audit (latest run and history).
--
-- Isolated on purpose: it reads the audit views (fairness.latest_audit_report,
-- fairness.audit_report, fairness.audit_run_log) as they are in 0.2, with the
-- caller's rights (the views show only the audits the caller may see), and
-- the audit's verdict settings from fairness.audits.  When the audit engine
-- changes those, only this file needs adapting.

CREATE FUNCTION fairness.html_history_chart(
	chart_id text,
	title text,
	description text,
	series jsonb,
	threshold float8)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
-- series: [{label, points: [[epoch seconds, ratio, "run time text"], ...]}];
-- plot area x 60..520, y 30..250; the y axis from 0; the band
-- [threshold, 1/threshold] shaded.
DECLARE
	colours constant text[] := '{#0072B2,#D55E00,#009E73,#CC79A7,#E69F00,#56B4E9,#000000,#999999}';
	dashes constant text[] := '{"","7 3","2 3","9 3 2 3","4 4","1 2","12 4","6 2 2 2"}';
	tmin float8;
	tmax float8;
	ymax float8;
	s jsonb;
	k integer := 0;
	svg text := '';
	legend text := '';
	rows_html text := '';
	pts text;
	marks text;
	cells text;
	ly integer := 44;
	t float8;
BEGIN
	IF threshold IS NULL OR NOT (threshold > 0 AND threshold <= 1) THEN
		threshold := 0.8;
	END IF;
	SELECT min((p ->> 0)::float8), max((p ->> 0)::float8), max((p ->> 1)::float8)
	  INTO tmin, tmax, ymax
	  FROM jsonb_array_elements(coalesce(series, '[]')) e, jsonb_array_elements(e -> 'points') p;
	ymax := greatest(coalesce(ymax, 0) * 1.05, 1 / threshold * 1.05, 1.3);
	IF tmin IS NULL THEN
		tmin := 0;
		tmax := 1;
	END IF;
	IF tmax = tmin THEN
		tmin := tmin - 43200;
		tmax := tmax + 43200;
	END IF;
	svg := format('<rect class="band" x="60" y="%s" width="460" height="%s"><title>impact ratio %s to %s</title></rect>',
		round((250 - 220 * least(1 / threshold, ymax) / ymax)::numeric, 1),
		round((220 * (least(1 / threshold, ymax) - threshold) / ymax)::numeric, 1),
		round(threshold::numeric, 3), round((1 / threshold)::numeric, 3));
	FOR i IN 0 .. 4 LOOP
		t := ymax * i / 4;
		svg := svg || format('<line class="grid" x1="60" x2="520" y1="%1$s" y2="%1$s"/><text class="tick" x="52" y="%2$s" text-anchor="end">%3$s</text>',
			round((250 - 220 * t / ymax)::numeric, 1), round((254 - 220 * t / ymax)::numeric, 1), to_char(t, 'FM0.00'));
	END LOOP;
	svg := svg || format('<text class="tick" x="60" y="268">%s</text><text class="tick" x="520" y="268" text-anchor="end">%s</text>'
		'<text class="tick" x="290" y="286" text-anchor="middle">run time (UTC)</text>'
		'<text class="tick" x="16" y="140" text-anchor="middle" transform="rotate(-90 16 140)">impact ratio</text>',
		to_char(to_timestamp(tmin) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),
		to_char(to_timestamp(tmax) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'));
	FOR s IN SELECT e FROM jsonb_array_elements(coalesce(series, '[]')) e LOOP
		k := k + 1;
		SELECT string_agg(format('%s,%s', round((60 + 460 * ((p ->> 0)::float8 - tmin) / (tmax - tmin))::numeric, 1),
		                                 round((250 - 220 * (p ->> 1)::float8 / ymax)::numeric, 1)), ' ' ORDER BY (p ->> 0)::float8),
		       string_agg(format('<circle cx="%s" cy="%s" r="3" fill="%s"><title>%s: %s</title></circle>',
		                         round((60 + 460 * ((p ->> 0)::float8 - tmin) / (tmax - tmin))::numeric, 1),
		                         round((250 - 220 * (p ->> 1)::float8 / ymax)::numeric, 1), colours[1 + (k - 1) % 8],
		                         fairness.html_escape(p ->> 2), fairness.html_num((p ->> 1)::float8, 'ratio')), '' ORDER BY (p ->> 0)::float8),
		       string_agg(format('%s: %s', fairness.html_escape(p ->> 2), fairness.html_num((p ->> 1)::float8, 'ratio')), '; ' ORDER BY (p ->> 0)::float8)
		  INTO pts, marks, cells
		  FROM jsonb_array_elements(s -> 'points') p;
		svg := svg || format('<polyline class="curve" points="%s" stroke="%s" stroke-dasharray="%s"><title>%s</title></polyline>%s',
			coalesce(pts, ''), colours[1 + (k - 1) % 8], dashes[1 + (k - 1) % 8],
			fairness.html_escape(coalesce(s ->> 'label', 'Unknown group')), coalesce(marks, ''));
		legend := legend || format('<g class="legend-entry"><line x1="540" x2="566" y1="%1$s" y2="%1$s" stroke="%2$s" stroke-width="3" stroke-dasharray="%3$s"/>'
			'<text class="label" x="572" y="%4$s" clip-path="url(#%7$s-clip)">%5$s<title>%6$s</title></text></g>',
			ly, colours[1 + (k - 1) % 8], dashes[1 + (k - 1) % 8], ly + 4,
			fairness.html_label(coalesce(s ->> 'label', 'Unknown group'), 22),
			fairness.html_escape(coalesce(s ->> 'label', 'Unknown group')), fairness.html_escape(chart_id));
		rows_html := rows_html || format('<tr><th scope="row">%s</th><td>%s</td></tr>',
			fairness.html_escape(coalesce(s ->> 'label', 'Unknown group')), coalesce(cells, ''));
		ly := ly + 22;
	END LOOP;
	IF k = 0 THEN
		svg := svg || '<text class="note" x="290" y="140" text-anchor="middle">No compared group in the runs.</text>';
	END IF;
	RETURN format(
		'<figure class="chart" id="%1$s"><svg role="img" viewBox="0 0 760 %2$s" width="760" height="%2$s" aria-labelledby="%1$s-title %1$s-desc">'
		'<title id="%1$s-title">%3$s</title><desc id="%1$s-desc">%4$s</desc>'
		'<defs><clipPath id="%1$s-clip"><rect x="536" y="0" width="222" height="%2$s"/></clipPath></defs>'
		'<text class="axis-title" x="8" y="20">%3$s</text>%5$s%6$s</svg><figcaption>%4$s</figcaption>'
		'<details><summary>Table for this chart</summary><table><thead><tr><th scope="col">Group</th><th scope="col">Impact ratio by run</th></tr></thead><tbody>%7$s</tbody></table></details></figure>',
		fairness.html_escape(chart_id), greatest(300, ly + 10), fairness.html_escape(title), fairness.html_escape(description),
		svg, legend, rows_html);
END
$fn$;

COMMENT ON FUNCTION fairness.html_history_chart(text, text, text, jsonb, float8) IS
'Internal: HTML reports; an inline SVG line chart of impact ratios over runs, one line per group (JSON objects label, points [[epoch, ratio, run label], ...]) with Okabe-Ito colours, dash patterns and named legend entries, the band [threshold, 1/threshold] shaded, the axis from zero; with <title>, <desc> and a table alternative.';

CREATE FUNCTION fairness.audit_html(audit text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	a record;
	thr float8;
	metrics text[];
	body text := '';
	bars jsonb;
	series jsonb;
	c record;
	nchart integer := 0;
	last_run timestamptz;
	nalerts bigint;
	nruns bigint;
	runlog text;
BEGIN
	IF audit IS NULL THEN
		RETURN NULL;
	END IF;
	-- the audit's verdict settings; the views below show only what the
	-- caller may read
	SELECT au.name, au.impact_ratio_threshold, au.alert_metrics, au.significance, au.min_group_size,
	       au.source_schema, au.source_table, au.description
	  INTO a FROM fairness.audits au WHERE au.name = audit_html.audit;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'audit "%" does not exist', audit
			USING ERRCODE = 'undefined_object',
			      HINT = 'SELECT name FROM fairness.audits lists the audits you can see.';
	END IF;
	IF (SELECT au.report FROM fairness.audits au WHERE au.name = audit_html.audit) IS NOT NULL THEN
		-- a report audit: the regulator's document of its latest run
		RETURN fairness.html_report_audit((SELECT au.id FROM fairness.audits au WHERE au.name = audit_html.audit));
	END IF;
	thr := a.impact_ratio_threshold;
	metrics := a.alert_metrics;
	SELECT max(r.started_at) FILTER (WHERE r.status = 'succeeded'), count(*) FILTER (WHERE r.status = 'succeeded')
	  INTO last_run, nruns FROM fairness.audit_run_log r WHERE r.audit = audit_html.audit;
	SELECT count(*) INTO nalerts FROM fairness.alerts al WHERE al.audit = audit_html.audit;

	body := format('<ul class="summary"><li><b>%s</b>successful runs</li><li><b>%s</b>latest run (UTC)</li>'
		'<li><b>%s</b>open alerts</li><li><b>%s</b>impact ratio threshold</li></ul>',
		nruns, coalesce(to_char(last_run AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), 'never'), nalerts,
		fairness.html_num(thr, 'ratio'));
	IF a.description IS NOT NULL THEN
		body := body || format('<p>%s</p>', fairness.html_escape(a.description));
	END IF;

	-- the latest run: one chart per alerting metric, slice and attribute
	body := body || '<section id="charts"><h2>Latest run</h2>' || fairness.html_legend();
	FOR c IN SELECT DISTINCT l.slice, l.attribute, l.metric, array_position(metrics, l.metric) AS mo
	           FROM fairness.latest_audit_report l
	          WHERE l.audit = audit_html.audit AND l.metric = ANY (metrics)
	          ORDER BY l.slice NULLS LAST, l.attribute, mo LIMIT 24 LOOP
		nchart := nchart + 1;
		SELECT jsonb_agg(jsonb_build_object(
				'label', l.group_name,
				'role', CASE l.status WHEN 'reference' THEN 'reference' WHEN 'unknown_group' THEN 'unknown'
				                      WHEN 'suppressed' THEN 'suppressed' ELSE 'group' END,
				'value', CASE WHEN l.status = 'suppressed' THEN NULL ELSE l.value END,
				'lo', CASE WHEN l.status = 'suppressed' THEN NULL ELSE l.ci_low END,
				'hi', CASE WHEN l.status = 'suppressed' THEN NULL ELSE l.ci_high END,
				'status', l.status,
				'n', CASE WHEN l.status = 'suppressed' THEN NULL ELSE l.n END,
				'extra', CASE WHEN l.status = 'suppressed' THEN NULL ELSE fairness.html_num(l.ratio, 'ratio') END)
			ORDER BY (l.status = 'unknown_group'), l.group_key)
		  INTO bars
		  FROM fairness.latest_audit_report l
		 WHERE l.audit = audit_html.audit AND l.slice IS NOT DISTINCT FROM c.slice
		   AND l.attribute = c.attribute AND l.metric = c.metric;
		body := body || format('<h3>%s &#8212; %s, slice %s</h3>', fairness.html_escape(c.metric),
				fairness.html_escape(c.attribute), fairness.html_escape(coalesce(c.slice, '(none)')))
			|| fairness.html_bar_chart('chart-latest-' || nchart,
				format('%s by %s (slice %s), latest run', c.metric, c.attribute, coalesce(c.slice, 'none')),
				format('%s of each group in the latest run with its interval; reference group starred; band: %s to %s times the reference rate.',
				       c.metric, round(thr::numeric, 3), round((1 / thr)::numeric, 3)),
				bars, 0, 1, 'percent',
				(SELECT min(l.reference_value) * thr FROM fairness.latest_audit_report l
				  WHERE l.audit = audit_html.audit AND l.slice IS NOT DISTINCT FROM c.slice AND l.attribute = c.attribute
				    AND l.metric = c.metric AND l.reference_value <> 'NaN'),
				(SELECT least(1, min(l.reference_value) / thr) FROM fairness.latest_audit_report l
				  WHERE l.audit = audit_html.audit AND l.slice IS NOT DISTINCT FROM c.slice AND l.attribute = c.attribute
				    AND l.metric = c.metric AND l.reference_value <> 'NaN'),
				format('%s to %s times the reference rate', round(thr::numeric, 3), round((1 / thr)::numeric, 3)),
				'Ratio to reference');
	END LOOP;
	IF nchart = 0 THEN
		body := body || '<p>No successful run to show yet.</p>';
	END IF;
	body := body || '</section>';

	-- history: the impact ratio of each alerting metric over the runs
	body := body || '<section id="history"><h2>History</h2>';
	nchart := 0;
	FOR c IN SELECT DISTINCT h.slice, h.attribute, h.metric, array_position(metrics, h.metric) AS mo
	           FROM fairness.audit_report h
	          WHERE h.audit = audit_html.audit AND h.metric = ANY (metrics)
	          ORDER BY h.slice NULLS LAST, h.attribute, mo LIMIT 24 LOOP
		nchart := nchart + 1;
		SELECT jsonb_agg(jsonb_build_object('label', g.group_name, 'points', g.pts) ORDER BY g.group_key)
		  INTO series
		  FROM (SELECT h.group_name, h.group_key,
		               jsonb_agg(jsonb_build_array(extract(epoch FROM h.run_at), h.ratio,
		                                           to_char(h.run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')) ORDER BY h.run_at) AS pts
		          FROM fairness.audit_report h
		         WHERE h.audit = audit_html.audit AND h.slice IS NOT DISTINCT FROM c.slice AND h.attribute = c.attribute
		           AND h.metric = c.metric AND h.status NOT IN ('reference', 'unknown_group', 'suppressed', 'reference_suppressed')
		           AND h.ratio IS NOT NULL AND h.ratio <> 'NaN' AND h.ratio <> 'Infinity'
		         GROUP BY h.group_name, h.group_key) g;
		body := body || format('<h3>%s &#8212; %s, slice %s</h3>', fairness.html_escape(c.metric),
				fairness.html_escape(c.attribute), fairness.html_escape(coalesce(c.slice, '(none)')))
			|| fairness.html_history_chart('chart-history-' || nchart,
				format('Impact ratio of %s by %s (slice %s) over the runs', c.metric, c.attribute, coalesce(c.slice, 'none')),
				format('Ratio of each compared group''s %s to the reference group''s at each run; shaded: the band %s to %s; a point outside it is a disparity when its test is significant.',
				       c.metric, round(thr::numeric, 3), round((1 / thr)::numeric, 3)),
				series, thr);
	END LOOP;
	body := body || '</section>';

	-- the numbers of the latest run and the run log
	body := body || '<section id="numbers"><h2>Numbers</h2>';
	SELECT string_agg(format('<tr class="row-%s"><td>%s</td><td>%s</td><td>%s</td><th scope="row">%s%s</th><td class="num">%s</td><td class="num">%s [%s&#8211;%s]</td><td class="num">%s</td><td class="num">%s</td><td>%s</td><td>%s</td></tr>',
			CASE l.status WHEN 'disparity' THEN 'fail' WHEN 'possible_disparity' THEN 'warn' WHEN 'reference' THEN 'ref' ELSE 'plain' END,
			fairness.html_escape(coalesce(l.slice, '')), fairness.html_escape(l.attribute), fairness.html_escape(l.metric),
			CASE WHEN l.status = 'reference' THEN '&#9733; ' ELSE '' END, fairness.html_escape(coalesce(l.group_name, 'Unknown group')),
			CASE WHEN l.status = 'suppressed' THEN 'suppressed' ELSE coalesce(l.n::text, '&#8212;') END,
			CASE WHEN l.status = 'suppressed' THEN '&#8212;' ELSE fairness.html_num(l.value, 'percent') END,
			CASE WHEN l.status = 'suppressed' THEN '&#8212;' ELSE fairness.html_num(l.ci_low, 'percent') END,
			CASE WHEN l.status = 'suppressed' THEN '&#8212;' ELSE fairness.html_num(l.ci_high, 'percent') END,
			fairness.html_num(l.ratio, 'ratio'), fairness.html_num(l.p_value_adjusted, 'p'),
			fairness.html_escape(replace(l.status, '_', ' ')), CASE WHEN l.alert THEN '&#9650; alert' ELSE '' END),
		'' ORDER BY l.slice NULLS LAST, l.attribute, array_position(metrics, l.metric), (l.status = 'unknown_group'), l.group_key)
	  INTO runlog
	  FROM fairness.latest_audit_report l
	 WHERE l.audit = audit_html.audit AND l.metric = ANY (metrics);
	body := body || '<h3>Latest run, alerting metrics</h3><table class="numbers"><thead><tr><th scope="col">Slice</th><th scope="col">Attribute</th>'
		'<th scope="col">Rate</th><th scope="col">Group</th><th scope="col">Rows</th><th scope="col">Value [interval]</th>'
		'<th scope="col">Ratio</th><th scope="col">p (Holm)</th><th scope="col">Status</th><th scope="col">Alert</th></tr></thead><tbody>'
		|| coalesce(runlog, '') || '</tbody></table>';
	SELECT string_agg(format('<tr><td class="num">%s</td><td>%s</td><td>%s</td><td class="num">%s</td><td class="num">%s</td><td>%s</td></tr>',
			to_char(r.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), fairness.html_escape(r.status), fairness.html_escape(r.mode),
			coalesce(r.rows_scanned::text, '&#8212;'), coalesce(r.violations::text, '&#8212;'), fairness.html_escape(coalesce(r.error_message, ''))),
		'' ORDER BY r.started_at DESC)
	  INTO runlog
	  FROM (SELECT * FROM fairness.audit_run_log x WHERE x.audit = audit_html.audit ORDER BY x.started_at DESC LIMIT 30) r;
	body := body || '<h3>Runs (latest 30)</h3><table><thead><tr><th scope="col">Started (UTC)</th><th scope="col">Status</th><th scope="col">Mode</th>'
		'<th scope="col">Rows scanned</th><th scope="col">Violations</th><th scope="col">Error</th></tr></thead><tbody>'
		|| coalesce(runlog, '') || '</tbody></table></section>';

	body := body || format($m$<section class="method" id="method"><h2>Method</h2>
<p>Each run summarises the audited rows per slice and protected attribute and reports them with <code>fairness.report</code>: Wilson intervals at %s%% confidence, Newcombe and Katz intervals of the difference and ratio to the reference group, z-tests or Fisher's exact test, Holm's adjustment over the groups and rates of a report.</p>
<p>A rate whose ratio to the reference rate lies outside [%s, %s] is a <i>disparity</i> when its Holm-adjusted p-value is below %s, otherwise a <i>possible disparity</i>. Alerting rates: %s. Small groups (fewer than %s rows) are suppressed; rows whose attribute is missing form the unknown group, shown apart and never compared.</p>
<p>All numbers come from the views <code>fairness.latest_audit_report</code>, <code>fairness.audit_report</code> and <code>fairness.audit_run_log</code>.</p></section>$m$,
		round(((1 - a.significance) * 100)::numeric, 1), round(thr::numeric, 3), round((1 / thr)::numeric, 3),
		round(a.significance::numeric, 3), fairness.html_escape(array_to_string(metrics, ', ')),
		coalesce(a.min_group_size::text, current_setting('fairness.min_group_size') || ' (setting)'));

	RETURN fairness.html_document(
		'Audit report: ' || a.name,
		'Latest run of a registered audit, the history of its impact ratios and its runs.',
		body,
		jsonb_build_object(
			'Audit', a.name,
			'Source', format('%I.%I', a.source_schema, a.source_table),
			'Successful runs', nruns::text,
			'Latest run', coalesce(to_char(last_run AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'), 'never'),
			'Impact ratio threshold', thr::text,
			'Significance', a.significance::text,
			'Generated at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'),
			'Generated for', current_user::text,
			'Extension version', 'fairness ' || fairness.version(),
			'Database server', 'PostgreSQL ' || current_setting('server_version')));
END
$fn$;

COMMENT ON FUNCTION fairness.audit_html(text) IS
'A complete, self-contained HTML document (inline SVG and CSS, no script, no external resource) of a registered audit: the latest run''s rates per group for each alerting metric, slice and attribute (intervals, reference, threshold band, statuses, suppressed and unknown groups), the impact ratio of each compared group over the runs, the table of numbers, the run log, the method and the provenance. Reads the audit views with the caller''s rights: only audits the caller may see.';
