-- fairness 0.3: the compliance reports (40-49) as self-contained HTML
-- documents, in the regulator's layout, with the design system of the other
-- HTML reports (61_html.sql: html_document, html_bar_chart, html_num,
-- html_escape, html_label).
--
--   fairness.compliance_html(regime, rel, options, title, source) -> text
--
-- one function over fairness.compliance_report, whose arguments it takes
-- (the form in which a registered audit stores a report); it runs with the
-- caller's rights, as the report does.  Internal pieces: html_stacked_chart
-- (stacked shares, the quartile pay bands), html_ll144,
-- html_pay_transparency, html_egapro (the body of each regime's document)
-- and html_methodology.  html_bar_chart (61_html.sql) lets a bar set
-- its colour tone and the text of its status; bars without those fields
-- draw exactly as before, which stage 85-html and the html test check.
-- The source stays ASCII: accented letters are written as character
-- references.

CREATE FUNCTION fairness.html_stacked_chart(
	chart_id text,
	title text,
	description text,
	bars jsonb,
	series jsonb,
	label_header text DEFAULT 'Group',
	marker float8 DEFAULT NULL,
	marker_label text DEFAULT NULL,
	extra_header text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
-- bars: a JSON array of {label, parts: [share, ...], counts: [n, ...],
-- status, note, extra}: the shares (0 to 1) of each series in the bar,
-- drawn side by side from 0 in the order of series ({name, colour}, colour
-- as #rrggbb).  Same geometry as html_bar_chart: labels in x 0-196 (cut,
-- full name in a <title>), the plot in x 200-520, the shares as text at
-- x 528.  marker draws a dashed vertical line (e.g. parity at 0.5).
DECLARE
	b jsonb;
	s jsonb;
	svg text := '';
	tbl text := '';
	keys text := '';
	ticks text := '';
	y integer := 40;
	rh constant integer := 28;
	h integer;
	x numeric;
	w numeric;
	p float8;
	k integer;
	nseries integer;
	nbars integer := 0;
	colour text;
	name text;
	txt text;
	cells text;
	shown boolean;
	kx integer := 560;
BEGIN
	nseries := jsonb_array_length(coalesce(series, '[]'));
	-- key of the series, at the top right: a swatch and the name
	FOR k IN 1 .. nseries LOOP
		s := series -> (k - 1);
		colour := CASE WHEN s ->> 'colour' ~ '^#[0-9A-Fa-f]{6}$' THEN s ->> 'colour' ELSE '#999999' END;
		keys := keys || format('<rect x="%s" y="9" width="12" height="12" fill="%s"/><text class="tick" x="%s" y="19">%s</text>',
			kx, colour, kx + 16, fairness.html_label(s ->> 'name', 16));
		kx := kx + 24 + 7 * least(pg_catalog.length(coalesce(s ->> 'name', '')), 16);
	END LOOP;
	FOR b IN SELECT e FROM jsonb_array_elements(coalesce(bars, '[]')) e LOOP
		nbars := nbars + 1;
		svg := svg || format('<g class="bar bar-stacked" data-role="group" data-status="%s">', fairness.html_escape(b ->> 'status'))
			|| format('<text class="label" x="192" y="%s" text-anchor="end" clip-path="url(#%s-clip)">%s<title>%s</title></text>',
				y + 18, fairness.html_escape(chart_id), fairness.html_label(b ->> 'label', 26), fairness.html_escape(b ->> 'label'));
		x := 200;
		txt := '';
		cells := '';
		shown := false;
		FOR k IN 1 .. nseries LOOP
			s := series -> (k - 1);
			colour := CASE WHEN s ->> 'colour' ~ '^#[0-9A-Fa-f]{6}$' THEN s ->> 'colour' ELSE '#999999' END;
			name := coalesce(s ->> 'name', '');
			p := (b -> 'parts' ->> (k - 1))::float8;
			IF p IS NOT NULL AND p <> 'NaN'::float8 THEN
				shown := true;
				w := least(round((320 * greatest(0, least(1, p)))::numeric, 1), 520 - x);
				IF w > 0 THEN
					svg := svg || format('<rect class="seg" data-series="%s" x="%s" y="%s" width="%s" height="16" fill="%s"><title>%s: %s</title></rect>',
						k, x, y + 6, w, colour, fairness.html_escape(name), fairness.html_num(p, 'percent'));
					x := x + w;
				END IF;
			END IF;
			txt := txt || CASE WHEN k > 1 THEN ' &#183; ' ELSE '' END
				|| fairness.html_label(name, 12) || ' ' || fairness.html_num(p, 'percent');
			cells := cells || format('<td class="num">%s</td><td class="num">%s</td>', fairness.html_num(p, 'percent'),
				fairness.html_num((b -> 'counts' ->> (k - 1))::float8));
		END LOOP;
		IF NOT shown THEN
			svg := svg || format('<rect class="empty" x="200" y="%s" width="320" height="16" rx="2"/>', y + 6);
			txt := fairness.html_escape(coalesce(b ->> 'note', 'no value'));
		ELSIF b ->> 'note' IS NOT NULL THEN
			txt := txt || ' &#183; ' || fairness.html_escape(b ->> 'note');
		END IF;
		svg := svg || format('<text class="status" x="528" y="%s">%s</text></g>', y + 18, txt);
		tbl := tbl || format('<tr><th scope="row">%s</th>%s%s</tr>', fairness.html_escape(b ->> 'label'), cells,
			CASE WHEN extra_header IS NULL THEN '' ELSE '<td>' || coalesce(b ->> 'extra', '&#8212;') || '</td>' END);
		y := y + rh;
	END LOOP;
	IF nbars = 0 THEN
		svg := svg || format('<text class="note" x="200" y="%s">No value.</text>', y + 18);
		y := y + rh;
	END IF;
	FOR k IN 0 .. 4 LOOP
		ticks := ticks || format('<line class="grid" x1="%1$s" x2="%1$s" y1="30" y2="%2$s"/><text class="tick" x="%1$s" y="%3$s" text-anchor="middle">%4$s%%</text>',
			200 + 80 * k, y + 4, y + 20, 25 * k);
	END LOOP;
	IF marker IS NOT NULL AND marker >= 0 AND marker <= 1 THEN
		ticks := ticks || format('<line class="marker" x1="%1$s" x2="%1$s" y1="30" y2="%2$s" stroke="#1b1b1b" stroke-width="1.5" stroke-dasharray="5 3"><title>%3$s</title></line>',
			fairness.html_svg_x(marker, 0, 1), y + 4, fairness.html_escape(marker_label));
	END IF;
	h := y + 34;
	RETURN format(
		'<figure class="chart" id="%1$s"><svg role="img" viewBox="0 0 760 %2$s" width="760" height="%2$s" aria-labelledby="%1$s-title %1$s-desc">'
		'<title id="%1$s-title">%3$s</title><desc id="%1$s-desc">%4$s</desc>'
		'<defs><clipPath id="%1$s-clip"><rect x="0" y="0" width="196" height="%2$s"/></clipPath></defs>'
		'<text class="axis-title" x="8" y="20">%5$s</text>%6$s%7$s%8$s</svg>'
		'<figcaption>%4$s</figcaption>'
		'<details><summary>Table for this chart</summary><table><thead><tr><th scope="col">%9$s</th>%10$s%11$s</tr></thead><tbody>%12$s</tbody></table></details></figure>',
		fairness.html_escape(chart_id), h, fairness.html_escape(title), fairness.html_escape(description),
		fairness.html_escape(title), keys, ticks, svg,
		fairness.html_escape(label_header),
		(SELECT coalesce(string_agg(format('<th scope="col">%1$s (share)</th><th scope="col">%1$s (number)</th>', fairness.html_escape(e ->> 'name')), '' ORDER BY o), '')
		   FROM jsonb_array_elements(coalesce(series, '[]')) WITH ORDINALITY AS q(e, o)),
		CASE WHEN extra_header IS NULL THEN '' ELSE '<th scope="col">' || fairness.html_escape(extra_header) || '</th>' END,
		tbl);
END
$fn$;

COMMENT ON FUNCTION fairness.html_stacked_chart(text, text, text, jsonb, jsonb, text, float8, text, text) IS
'Internal: HTML reports; an inline SVG chart of stacked shares, one bar per group (JSON objects label, parts, counts, status, note, extra) split by series (JSON objects name, colour), the shares written beside each bar, an optional dashed marker (e.g. parity); with its <title>, <desc>, a key of the series and a table alternative.';

CREATE FUNCTION fairness.html_methodology(regime text, extra text DEFAULT NULL)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
	-- fairness.methodology(regime) as paragraphs; a short lead-in ending in
	-- a period or a colon ("Data.", "Selection rate (6 RCNY 5-300):") is bold
	SELECT '<section class="method" id="method"><h2>Method</h2>'
	       || pg_catalog.string_agg(
	            CASE WHEN pg_catalog.substring(p, '^([^.:]{1,70}[.:])\s') IS NOT NULL
	                 THEN '<p><b>' || fairness.html_escape(pg_catalog.substring(p, '^([^.:]{1,70}[.:])\s')) || '</b>'
	                      || fairness.html_escape(pg_catalog.substring(p, '^[^.:]{1,70}[.:](\s.*)$')) || '</p>'
	                 ELSE '<p>' || fairness.html_escape(p) || '</p>' END,
	            '' ORDER BY o)
	       || coalesce($2, '')
	       || '<p>The numbers of this document come from <code>fairness.compliance_report</code> (the same rows in SQL); '
	       || 'the text above is <code>fairness.methodology(' || fairness.html_escape(pg_catalog.quote_literal($1)) || ')</code>.</p></section>'
	FROM pg_catalog.regexp_split_to_table(fairness.methodology($1), E'\n\n+') WITH ORDINALITY AS t(p, o)
$fn$;

COMMENT ON FUNCTION fairness.html_methodology(text, text) IS
'Internal: HTML reports; the Method section of a compliance document: fairness.methodology(regime) as escaped paragraphs (a short lead-in in bold), then extra (already HTML) and where the numbers come from.';

------------------------------------------------------------------------
-- NYC Local Law 144
------------------------------------------------------------------------
CREATE FUNCTION fairness.html_ll144(report jsonb, options jsonb)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
-- report: the rows of fairness.ll144_report as JSON objects, in order
DECLARE
	scoring boolean := options ->> 'selected_column' IS NULL;
	excl boolean := coalesce((options ->> 'exclude_below_2_percent')::boolean, false);
	rate_name text;
	hit_name text;
	t text;
	tname text;
	body text := '';
	tables text := '';
	charts text := '';
	rows_html text;
	bars jsonb;
	unknown_n bigint;
	unknown_hit bigint;
	assessed bigint;
	lows text := '';
	nlow integer;
	low record;
	tnames constant jsonb := '{"sex": "Sex", "race_ethnicity": "Race/ethnicity",
		"intersectional": "Intersectional categories (sex and race/ethnicity)"}';
	unknown_of constant jsonb := '{"sex": "whose sex is unknown", "race_ethnicity": "whose race/ethnicity is unknown",
		"intersectional": "whose sex or race/ethnicity is unknown"}';
BEGIN
	rate_name := CASE WHEN scoring THEN 'Scoring rate' ELSE 'Selection rate' END;
	hit_name := CASE WHEN scoring THEN 'Number scoring above the median' ELSE 'Number selected' END;
	SELECT sum((r ->> 'applicants')::bigint) INTO assessed
	  FROM jsonb_array_elements(report) r WHERE r ->> 'table_name' = 'sex';
	SELECT count(*) INTO nlow FROM jsonb_array_elements(report) r
	 WHERE r ->> 'category' IS NOT NULL AND (r ->> 'impact_ratio')::float8 < 0.8;

	FOREACH t IN ARRAY ARRAY['sex', 'race_ethnicity', 'intersectional'] LOOP
		tname := tnames ->> t;
		SELECT (r ->> 'applicants')::bigint, (r ->> 'selected')::bigint INTO unknown_n, unknown_hit
		  FROM jsonb_array_elements(report) r WHERE r ->> 'table_name' = t AND r ->> 'category' IS NULL;
		SELECT r ->> 'category' AS category, (r ->> 'impact_ratio')::float8 AS ratio INTO low
		  FROM jsonb_array_elements(report) WITH ORDINALITY AS q(r, o)
		 WHERE r ->> 'table_name' = t AND r ->> 'category' IS NOT NULL AND r ->> 'impact_ratio' IS NOT NULL
		 ORDER BY (r ->> 'impact_ratio')::float8, o LIMIT 1;
		lows := lows || format('<li><b>%s</b>lowest impact ratio, %s%s</li>',
			CASE WHEN low.ratio IS NULL THEN '&#8212;' ELSE to_char(round(low.ratio::numeric, 3), 'FM0.000') END,
			fairness.html_escape(lower(split_part(tname, ' (', 1))),
			CASE WHEN low.category IS NULL THEN '' ELSE ' (' || fairness.html_label(low.category, 30) || ')' END);

		-- the table, as 6 RCNY 5-301 lays it out, then the unknown category
		SELECT string_agg(format('<tr class="row-%s"><th scope="row">%s%s</th><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td>%s</td></tr>',
				CASE WHEN (r ->> 'impact_ratio')::float8 < 0.8 THEN 'warn' WHEN (r ->> 'impact_ratio')::float8 = 1 THEN 'ref' ELSE 'plain' END,
				CASE WHEN (r ->> 'impact_ratio')::float8 = 1 THEN '&#9733; ' ELSE '' END,
				fairness.html_escape(r ->> 'category'),
				fairness.html_num((r ->> 'applicants')::float8), fairness.html_num((r ->> 'selected')::float8),
				fairness.html_num((r ->> 'rate')::float8, 'percent'),
				CASE WHEN r ->> 'impact_ratio' IS NULL THEN '&#8212;' ELSE to_char(round((r ->> 'impact_ratio')::numeric, 3), 'FM0.000') END,
				concat_ws('; ',
					CASE WHEN (r ->> 'impact_ratio')::float8 = 1 THEN 'highest rate' END,
					CASE WHEN (r ->> 'impact_ratio')::float8 < 0.8 THEN '&#9650; impact ratio below 0.8' END,
					CASE WHEN (r ->> 'below_2_percent')::boolean AND excl AND r ->> 'impact_ratio' IS NULL
					     THEN 'under 2 % of the applicants: excluded from the impact ratios (6 RCNY 5-301(d))'
					     WHEN (r ->> 'below_2_percent')::boolean THEN 'under 2 % of the applicants' END)),
			'' ORDER BY o)
		  INTO rows_html
		  FROM jsonb_array_elements(report) WITH ORDINALITY AS q(r, o)
		 WHERE r ->> 'table_name' = t AND r ->> 'category' IS NOT NULL;
		tables := tables || format('<h3>%s</h3><table class="numbers" data-table="%s"><thead><tr><th scope="col">Category</th>'
			'<th scope="col">Number of applicants</th><th scope="col">%s</th><th scope="col">%s</th><th scope="col">Impact ratio</th>'
			'<th scope="col">Notes</th></tr></thead><tbody>%s%s</tbody></table>',
			fairness.html_escape(tname), t, fairness.html_escape(hit_name), fairness.html_escape(rate_name),
			coalesce(rows_html, '<tr><td colspan="6">No applicant of known category.</td></tr>'),
			CASE WHEN unknown_n IS NULL THEN '' ELSE format('<tr class="row-muted" data-unknown="true"><th scope="row">Unknown category</th><td class="num">%s</td><td class="num">%s</td><td>&#8212;</td><td>&#8212;</td><td>not included in the rates and impact ratios</td></tr>',
				fairness.html_num(unknown_n::float8), fairness.html_num(unknown_hit::float8)) END)
			|| CASE WHEN coalesce(unknown_n, 0) > 0 THEN format('<p><small>Note: the tool also assessed %s individuals %s; they are not included in the calculations above (6 RCNY 5-301(b)(5), (c)(5)).</small></p>',
				fairness.html_num(unknown_n::float8), unknown_of ->> t) ELSE '' END;

		-- the chart of impact ratios, with the 0.8 line
		SELECT jsonb_agg(jsonb_build_object(
				'label', coalesce(r ->> 'category', 'Unknown category'),
				'role', CASE WHEN r ->> 'category' IS NULL THEN 'unknown' WHEN (r ->> 'impact_ratio')::float8 = 1 THEN 'reference' ELSE 'group' END,
				'value', r -> 'impact_ratio',
				'status', CASE WHEN r ->> 'category' IS NULL THEN 'not_included'
				               WHEN (r ->> 'below_2_percent')::boolean AND excl AND r ->> 'impact_ratio' IS NULL THEN 'excluded'
				               WHEN r ->> 'impact_ratio' IS NULL THEN 'undefined'
				               WHEN (r ->> 'impact_ratio')::float8 = 1 THEN 'highest_rate'
				               WHEN (r ->> 'impact_ratio')::float8 < 0.8 THEN 'below_0.8' ELSE 'ok' END,
				'tone', CASE WHEN r ->> 'category' IS NULL OR r ->> 'impact_ratio' IS NULL THEN 'muted'
				             WHEN (r ->> 'impact_ratio')::float8 = 1 THEN 'ref'
				             WHEN (r ->> 'impact_ratio')::float8 < 0.8 THEN 'fail' ELSE 'ok' END,
				'note', nullif(concat_ws('; ',
					CASE WHEN (r ->> 'impact_ratio')::float8 < 0.8 THEN 'below 0.8' END,
					CASE WHEN (r ->> 'impact_ratio')::float8 = 1 THEN 'highest rate' END,
					CASE WHEN r ->> 'category' IS NULL THEN format('not included (%s applicants)', r ->> 'applicants') END,
					CASE WHEN (r ->> 'below_2_percent')::boolean AND excl AND r ->> 'impact_ratio' IS NULL THEN 'excluded: under 2 % of applicants'
					     WHEN (r ->> 'below_2_percent')::boolean THEN 'under 2 % of applicants' END,
					CASE WHEN r ->> 'category' IS NOT NULL AND r ->> 'impact_ratio' IS NULL AND NOT coalesce((r ->> 'below_2_percent')::boolean AND excl, false)
					     THEN 'no impact ratio: the highest rate is 0' END), ''),
				'n', (r ->> 'applicants')::bigint,
				'extra', fairness.html_num((r ->> 'rate')::float8, 'percent'))
			ORDER BY (r ->> 'category' IS NULL), o)
		  INTO bars
		  FROM jsonb_array_elements(report) WITH ORDINALITY AS q(r, o)
		 WHERE r ->> 'table_name' = t;
		charts := charts || format('<h3>%s</h3>', fairness.html_escape(tname)) || fairness.html_bar_chart(
			'chart-ll144-' || t,
			'Impact ratio by category: ' || tname,
			format('Impact ratio of each category: its %s divided by the highest %s of the table (starred category). '
			       'The shaded band holds impact ratios of 0.8 and more; a category below 0.8 (the four-fifths rule of thumb of the EEOC Uniform Guidelines, '
			       'which Local Law 144 does not set as a threshold) is marked. Individuals %s are shown apart and not included.',
			       lower(rate_name), lower(rate_name), unknown_of ->> t),
			bars, 0, 1, 'ratio', 0.8, 1, 'impact ratio of 0.8 or more', rate_name);
	END LOOP;

	body := format('<ul class="summary"><li><b>%s</b>individuals assessed</li>%s<li><b>%s</b>categories with an impact ratio below 0.8</li></ul>',
		fairness.html_num(coalesce(assessed, 0)::float8), lows, nlow);
	body := body || format('<section id="numbers"><h2>Bias audit tables (6 RCNY 5-301)</h2>'
		'<p>%s, computed separately for sex, for race/ethnicity and for their intersection. '
		'Impact ratio = the category''s %s / the highest %s of the same table. %s</p>',
		CASE WHEN scoring THEN 'Scoring rates (the share of each category scoring above the median score of the full sample) and impact ratios'
		     ELSE 'Selection rates (the share of each category selected to move forward) and impact ratios' END,
		lower(rate_name), lower(rate_name),
		CASE WHEN excl THEN 'Categories under 2 % of the applicants of their table are excluded from the impact-ratio calculation (6 RCNY 5-301(d)); they stay listed.'
		     ELSE 'Categories under 2 % of the applicants of their table are marked; they are included in the impact-ratio calculation.' END)
		|| tables || '</section>';
	body := body || '<section id="charts"><h2>Impact ratios</h2><ul class="legend" aria-label="Legend">'
		'<li><span class="key" style="background:#009E73"></span>&#9733; highest rate (impact ratio 1)</li>'
		'<li><span class="key" style="background:#0072B2"></span>impact ratio of 0.8 or more</li>'
		'<li><span class="key" style="background:#D55E00"></span>&#9650; impact ratio below 0.8</li>'
		'<li><span class="key" style="background:#999999"></span>unknown category, or excluded</li>'
		'<li><span class="key" style="background:rgba(86,180,233,0.3);border:1px dashed #56B4E9"></span>0.8 to 1</li></ul>'
		|| charts || '</section>';
	RETURN body;
END
$fn$;

COMMENT ON FUNCTION fairness.html_ll144(jsonb, jsonb) IS
'Internal: HTML reports; the body of the NYC Local Law 144 document from the rows of fairness.ll144_report (as JSON objects): summary, the three tables of 6 RCNY 5-301 with the unknown category and the 2 % mark, and a chart of impact ratios per table with the 0.8 line.';

------------------------------------------------------------------------
-- EU Pay Transparency Directive
------------------------------------------------------------------------
CREATE FUNCTION fairness.html_nice_max(x float8)
RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	-- the end of a symmetric axis: the first round value at or above x
	SELECT coalesce((SELECT min(v) FROM pg_catalog.unnest('{0.05,0.1,0.15,0.2,0.25,0.3,0.4,0.5,0.6,0.75,1,1.5,2,2.5,3,4,5,7.5,10}'::float8[]) AS u(v)
	                 WHERE v >= $1), $1)
$$;

COMMENT ON FUNCTION fairness.html_nice_max(float8) IS
'Internal: HTML reports; the end of a chart axis: the first of 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 1, 1.5, ... 10 at or above x (x itself beyond).';

CREATE FUNCTION fairness.html_pay_transparency(report jsonb, options jsonb)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
-- report: the rows of fairness.pay_transparency_report as JSON objects
DECLARE
	fem text := coalesce(options ->> 'female', 'F');
	mal text := coalesce(options ->> 'male', 'M');
	pos_only boolean := coalesce((options ->> 'positive_gaps_only')::boolean, false);
	basis text;
	bname text;
	bid text;
	body text := '';
	tables text := '';
	charts text := '';
	rows_html text;
	bars jsonb;
	hi float8;
	a record;
	c record;
	u record;
	nflag integer;
	ncat integer;
	names constant jsonb := '{"a": "(a) Gender pay gap: mean total pay",
		"b": "(b) Gender pay gap: mean variable pay, of the workers receiving it",
		"c": "(c) Median gender pay gap: total pay",
		"d": "(d) Median gender pay gap: variable pay, of the workers receiving it",
		"eF": "(e) Proportion of women receiving variable pay",
		"eM": "(e) Proportion of men receiving variable pay"}';
	short constant jsonb := '{"a": "(a) mean, total pay", "b": "(b) mean, variable pay", "c": "(c) median, total pay", "d": "(d) median, variable pay"}';
	sexes text;
BEGIN
	sexes := format('women (%s) and men (%s)', fairness.html_escape(fem), fairness.html_escape(mal));
	SELECT (r ->> 'value')::float8 AS value, (r ->> 'n_women')::float8 AS w, (r ->> 'n_men')::float8 AS m INTO a
	  FROM jsonb_array_elements(report) r WHERE r ->> 'basis' = 'annual' AND r ->> 'indicator' = 'a';
	SELECT (r ->> 'value')::float8 AS value INTO c
	  FROM jsonb_array_elements(report) r WHERE r ->> 'basis' = 'annual' AND r ->> 'indicator' = 'c';
	SELECT (r ->> 'value')::float8 AS value, (r ->> 'n_women')::float8 AS w, (r ->> 'n_men')::float8 AS m INTO u
	  FROM jsonb_array_elements(report) r WHERE r ->> 'basis' = 'annual' AND r ->> 'indicator' = 'unknown';
	SELECT count(*) FILTER (WHERE (r ->> 'flagged')::boolean), count(*) INTO nflag, ncat
	  FROM jsonb_array_elements(report) r WHERE r ->> 'basis' = 'annual' AND r ->> 'indicator' = 'g';
	body := format('<ul class="summary"><li><b>%s</b>women</li><li><b>%s</b>men</li><li><b>%s</b>(a) mean pay gap</li>'
		'<li><b>%s</b>(c) median pay gap</li><li><b>%s</b>categories at the Art. 10 trigger (of %s)</li><li><b>%s</b>workers of other or unknown sex, left out</li></ul>',
		fairness.html_num(coalesce(a.w, 0)), fairness.html_num(coalesce(a.m, 0)),
		fairness.html_num(a.value / 100, 'percent'), fairness.html_num(c.value / 100, 'percent'),
		nflag, ncat, fairness.html_num(coalesce(u.value, 0)));

	FOR basis IN SELECT DISTINCT r ->> 'basis' FROM jsonb_array_elements(report) r ORDER BY 1 LOOP
		bname := CASE basis WHEN 'annual' THEN 'Annual pay' WHEN 'hourly' THEN 'Hourly pay' ELSE basis END;
		bid := regexp_replace(basis, '[^a-z]', '', 'g');
		-- (a) to (e)
		SELECT string_agg(format('<tr class="row-plain" data-indicator="%s"><th scope="row">%s</th><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td></tr>',
				r ->> 'indicator',
				names ->> (r ->> 'indicator' || CASE WHEN r ->> 'indicator' = 'e' THEN CASE WHEN r ->> 'sex' = fem THEN 'F' ELSE 'M' END ELSE '' END),
				CASE WHEN r ->> 'value' IS NULL THEN 'not computable' ELSE fairness.html_num((r ->> 'value')::float8 / 100, 'percent') END,
				fairness.html_num((r ->> 'n_women')::float8), fairness.html_num((r ->> 'n_men')::float8)),
			'' ORDER BY o)
		  INTO rows_html
		  FROM jsonb_array_elements(report) WITH ORDINALITY AS q(r, o)
		 WHERE r ->> 'basis' = basis AND r ->> 'indicator' IN ('a', 'b', 'c', 'd', 'e');
		tables := tables || format('<h3>%s</h3><h4>Pay gaps and variable pay, Art. 9(1)(a) to (e)</h4>'
			'<table class="numbers" data-table="gaps-%s"><thead><tr><th scope="col">Indicator</th><th scope="col">Value</th>'
			'<th scope="col">Women</th><th scope="col">Men</th></tr></thead><tbody>%s</tbody></table>'
			'<p><small>Gap = (level of men &#8722; level of women) / level of men, in %%: positive when men are paid more. Women and men: the numbers of workers the figure is computed over. %s</small></p>',
			fairness.html_escape(bname), bid, coalesce(rows_html, ''),
			CASE WHEN NOT EXISTS (SELECT FROM jsonb_array_elements(report) r WHERE r ->> 'basis' = basis AND r ->> 'indicator' = 'b')
			     THEN 'No variable pay was given: indicators (b), (d) and (e) are not reported.' ELSE '' END);

		-- (f) quartile pay bands
		SELECT string_agg(format('<tr data-quartile="%s"><th scope="row">Band %s%s</th><td class="num">%s</td><td class="num">%s (%s)</td><td class="num">%s (%s)</td></tr>',
				qf.quartile, qf.quartile, CASE qf.quartile WHEN 1 THEN ' (lowest pay)' WHEN 4 THEN ' (highest pay)' ELSE '' END,
				CASE WHEN qf.quartile < 4 THEN fairness.html_num(qf.threshold) ELSE '&#8212;' END,
				fairness.html_num(qf.women / 100, 'percent'), fairness.html_num(qf.n_women),
				fairness.html_num(qf.men / 100, 'percent'), fairness.html_num(qf.n_men)), '' ORDER BY qf.quartile),
		       jsonb_agg(jsonb_build_object(
				'label', 'Band ' || qf.quartile || CASE qf.quartile WHEN 1 THEN ' (lowest pay)' WHEN 4 THEN ' (highest pay)' ELSE '' END,
				'parts', jsonb_build_array(qf.women / 100, qf.men / 100),
				'counts', jsonb_build_array(qf.n_women, qf.n_men),
				'note', CASE WHEN qf.women IS NULL THEN 'no worker' END,
				'extra', CASE WHEN qf.quartile < 4 THEN fairness.html_num(qf.threshold) ELSE '&#8212;' END) ORDER BY qf.quartile)
		  INTO rows_html, bars
		  FROM (SELECT (r ->> 'quartile')::integer AS quartile,
		               max((r ->> 'value')::float8) FILTER (WHERE r ->> 'indicator' = 'f' AND r ->> 'sex' = fem) AS women,
		               max((r ->> 'value')::float8) FILTER (WHERE r ->> 'indicator' = 'f' AND r ->> 'sex' = mal) AS men,
		               max((r ->> 'n_women')::float8) FILTER (WHERE r ->> 'indicator' = 'f') AS n_women,
		               max((r ->> 'n_men')::float8) FILTER (WHERE r ->> 'indicator' = 'f') AS n_men,
		               max((r ->> 'value')::float8) FILTER (WHERE r ->> 'indicator' = 'f_threshold') AS threshold
		          FROM jsonb_array_elements(report) r
		         WHERE r ->> 'basis' = basis AND r ->> 'indicator' IN ('f', 'f_threshold')
		         GROUP BY 1) qf;
		tables := tables || format('<h4>Quartile pay bands, Art. 9(1)(f)</h4><table class="numbers" data-table="quartiles-%s"><thead><tr><th scope="col">Band</th>'
			'<th scope="col">Highest pay in the band</th><th scope="col">Women (number)</th><th scope="col">Men (number)</th></tr></thead><tbody>%s</tbody></table>',
			bid, coalesce(rows_html, ''));
		charts := charts || format('<h3>%s</h3>', fairness.html_escape(bname))
			|| fairness.html_stacked_chart('chart-eu-quartiles-' || bid, 'Women and men in each quartile pay band (' || lower(bname) || ')',
				'Share of women and of men among the workers of each quartile pay band, from the lowest paid quarter of the workers (band 1) to the highest paid (band 4); '
				'the dashed line marks an equal split. Where workers with the same pay straddle a band boundary they are split between the bands, so numbers may be fractional.',
				bars, '[{"name": "Women", "colour": "#CC79A7"}, {"name": "Men", "colour": "#0072B2"}]'::jsonb,
				'Band', 0.5, 'equal split: 50 %', 'Highest pay in the band');

		-- (a) to (d) as bars
		SELECT jsonb_agg(jsonb_build_object(
				'label', short ->> (r ->> 'indicator'),
				'value', (r ->> 'value')::float8 / 100,
				'status', CASE WHEN r ->> 'value' IS NULL THEN 'undefined' ELSE 'gap' END,
				'tone', CASE WHEN r ->> 'value' IS NULL THEN 'muted' ELSE 'ok' END,
				'note', CASE WHEN r ->> 'value' IS NULL THEN 'not computable'
				             WHEN (r ->> 'value')::float8 > 0 THEN 'men paid more'
				             WHEN (r ->> 'value')::float8 < 0 THEN 'women paid more' ELSE 'equal' END,
				'n', ((r ->> 'n_women')::numeric + (r ->> 'n_men')::numeric),
				'extra', format('%s &#183; %s', fairness.html_num((r ->> 'n_women')::float8), fairness.html_num((r ->> 'n_men')::float8)))
			ORDER BY o),
		       max(abs((r ->> 'value')::float8))
		  INTO bars, hi
		  FROM jsonb_array_elements(report) WITH ORDINALITY AS q(r, o)
		 WHERE r ->> 'basis' = basis AND r ->> 'indicator' IN ('a', 'b', 'c', 'd');
		hi := fairness.html_nice_max(greatest(coalesce(hi, 0), 5) * 1.1 / 100);
		charts := charts || fairness.html_bar_chart('chart-eu-gaps-' || bid, 'Gender pay gaps (' || lower(bname) || ')',
			'Mean and median gender pay gaps of total pay and of variable pay (indicators (a) to (d)); to the right of the zero line men are paid more, to the left women.',
			bars, -hi, hi, 'percent', NULL, NULL, NULL, 'Women &#183; men');

		-- (g) categories of workers, with the Art. 10 trigger
		IF EXISTS (SELECT FROM jsonb_array_elements(report) r WHERE r ->> 'basis' = basis AND r ->> 'indicator' = 'g') THEN
			SELECT string_agg(format('<tr class="row-%s" data-category="%s"><th scope="row">%s</th><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td>%s</td></tr>',
					CASE WHEN g.flagged THEN 'fail' ELSE 'plain' END, g.o,
					CASE WHEN g.category IS NULL THEN '(no category)' ELSE fairness.html_escape(g.category) END,
					fairness.html_num(g.n_women), fairness.html_num(g.n_men),
					CASE WHEN g.gap IS NULL THEN 'not computable' ELSE fairness.html_num(g.gap / 100, 'percent') END,
					fairness.html_num(g.gap_base / 100, 'percent'), fairness.html_num(g.gap_variable / 100, 'percent'),
					CASE WHEN g.flagged THEN '&#9650; reaches the trigger' WHEN g.gap IS NULL THEN '&#8212;' ELSE 'below' END),
				'' ORDER BY g.o),
			       jsonb_agg(jsonb_build_object(
					'label', coalesce(g.category, '(no category)'),
					'value', g.gap / 100,
					'status', CASE WHEN g.flagged THEN 'flagged' WHEN g.gap IS NULL THEN 'undefined' ELSE 'ok' END,
					'tone', CASE WHEN g.flagged THEN 'fail' WHEN g.gap IS NULL THEN 'muted' ELSE 'ok' END,
					'note', CASE WHEN g.flagged THEN 'Art. 10: 5 % or more' WHEN g.gap IS NULL THEN 'not computable (a sex is absent)' END,
					'n', g.n_women + g.n_men,
					'extra', format('%s &#183; %s', fairness.html_num(g.n_women), fairness.html_num(g.n_men)))
				ORDER BY g.o),
			       max(abs(g.gap))
			  INTO rows_html, bars, hi
			  FROM (SELECT r ->> 'category' AS category, min(o) AS o,
			               max((r ->> 'value')::float8) FILTER (WHERE r ->> 'indicator' = 'g') AS gap,
			               max((r ->> 'value')::float8) FILTER (WHERE r ->> 'indicator' = 'g_base') AS gap_base,
			               max((r ->> 'value')::float8) FILTER (WHERE r ->> 'indicator' = 'g_variable') AS gap_variable,
			               bool_or((r ->> 'flagged')::boolean) FILTER (WHERE r ->> 'indicator' = 'g') AS flagged,
			               max((r ->> 'n_women')::float8) FILTER (WHERE r ->> 'indicator' = 'g') AS n_women,
			               max((r ->> 'n_men')::float8) FILTER (WHERE r ->> 'indicator' = 'g') AS n_men
			          FROM jsonb_array_elements(report) WITH ORDINALITY AS q(r, o)
			         WHERE r ->> 'basis' = basis AND r ->> 'indicator' IN ('g', 'g_base', 'g_variable')
			         GROUP BY r ->> 'category') g;
			tables := tables || format('<h4>Gender pay gap by category of workers, Art. 9(1)(g)</h4><table class="numbers" data-table="categories-%s"><thead><tr>'
				'<th scope="col">Category of workers</th><th scope="col">Women</th><th scope="col">Men</th><th scope="col">Gap, total pay (mean)</th>'
				'<th scope="col">Gap, base pay</th><th scope="col">Gap, variable pay</th><th scope="col">Art. 10 trigger (%s)</th></tr></thead><tbody>%s</tbody></table>',
				bid, CASE WHEN pos_only THEN 'gap of 5 % or more' ELSE 'gap of 5 % or more either way' END, coalesce(rows_html, ''));
			hi := fairness.html_nice_max(greatest(coalesce(hi, 0), 5) * 1.1 / 100);
			charts := charts || fairness.html_bar_chart('chart-eu-categories-' || bid, 'Gender pay gap by category of workers (' || lower(bname) || ')',
				CASE WHEN pos_only
				     THEN 'Mean gap of total pay in each category of workers. A gap of 5 % or more to the detriment of women (right of the shaded zone) is the trigger of a joint pay assessment under Article 10, unless justified by objective, gender-neutral criteria or remedied within six months; such categories are marked.'
				     ELSE 'Mean gap of total pay in each category of workers; the shaded zone holds gaps under 5 % either way. A gap of 5 % or more is the trigger of a joint pay assessment under Article 10, unless justified by objective, gender-neutral criteria or remedied within six months; such categories are marked.' END,
				bars, -hi, hi, 'percent', CASE WHEN pos_only THEN -hi ELSE -0.05 END, 0.05,
				CASE WHEN pos_only THEN 'gap under 5 % to the detriment of women' ELSE 'gap under 5 % either way' END, 'Women &#183; men');
		ELSE
			tables := tables || '<p><small>No category of workers was given: indicator (g) and the Art. 10 trigger are not reported.</small></p>';
		END IF;

		SELECT (r ->> 'value')::float8 AS value, (r ->> 'n_women')::float8 AS w, (r ->> 'n_men')::float8 AS m INTO u
		  FROM jsonb_array_elements(report) r WHERE r ->> 'basis' = basis AND r ->> 'indicator' = 'unknown';
		tables := tables || format('<p data-unknown="%s"><small>Workers left out of every indicator: %s whose sex is neither %s nor %s (or is missing); women without pay%s: %s; men without pay%s: %s.</small></p>',
			coalesce(u.value, 0), fairness.html_num(coalesce(u.value, 0)), '&#8220;' || fairness.html_escape(fem) || '&#8221;', '&#8220;' || fairness.html_escape(mal) || '&#8221;',
			CASE WHEN basis = 'hourly' THEN ' or hours' ELSE '' END, fairness.html_num(coalesce(u.w, 0)),
			CASE WHEN basis = 'hourly' THEN ' or hours' ELSE '' END, fairness.html_num(coalesce(u.m, 0)));
	END LOOP;

	body := body || format('<section id="numbers"><h2>Indicators of Article 9(1), Directive (EU) 2023/970</h2><p>Indicators of %s, %s.</p>', sexes,
		CASE WHEN EXISTS (SELECT FROM jsonb_array_elements(report) r WHERE r ->> 'basis' = 'hourly')
		     THEN 'on an annual basis (pay as stored, total = base + variable pay) and on an hourly basis (each worker''s pay divided by their hours)'
		     ELSE 'on an annual basis (pay as stored, total = base + variable pay)' END)
		|| tables || '</section>';
	body := body || '<section id="charts"><h2>Charts</h2><ul class="legend" aria-label="Legend">'
		'<li><span class="key" style="background:#CC79A7"></span>women</li>'
		'<li><span class="key" style="background:#0072B2"></span>men; or a gap</li>'
		'<li><span class="key" style="background:#D55E00"></span>&#9650; category at the Art. 10 trigger (5 %)</li>'
		'<li><span class="key" style="background:#999999"></span>not computable</li>'
		'<li><span class="key" style="background:rgba(86,180,233,0.3);border:1px dashed #56B4E9"></span>below the 5 % trigger</li></ul>'
		|| charts || '</section>';
	RETURN body;
END
$fn$;

COMMENT ON FUNCTION fairness.html_pay_transparency(jsonb, jsonb) IS
'Internal: HTML reports; the body of the EU Pay Transparency document from the rows of fairness.pay_transparency_report (as JSON objects): per basis, indicators (a) to (e), the quartile pay bands (f) as a table and stacked bars, the category gaps (g) with the 5 % Art. 10 trigger marked, and the workers left out.';

------------------------------------------------------------------------
-- France's Index Egapro
------------------------------------------------------------------------
CREATE FUNCTION fairness.html_egapro(report jsonb, options jsonb)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
-- report: the rows of fairness.egapro_index as JSON objects
DECLARE
	fem text := coalesce(options ->> 'female', 'F');
	mal text := coalesce(options ->> 'male', 'M');
	idx jsonb;
	body text;
	rows_html text;
	bars jsonb;
	ncalc integer;
	nind integer;
	names constant jsonb := '{
		"1": "1. Pay gap between women and men, by age band and CSP<br><small>&#233;cart de r&#233;mun&#233;ration</small>",
		"2": "2. Gap in individual raise rates<br><small>&#233;cart de taux d&#8217;augmentations individuelles</small>",
		"3": "3. Gap in promotion rates<br><small>&#233;cart de taux de promotions</small>",
		"2+3": "2 and 3. Gap in individual raise rates, 50 to 250 employees<br><small>&#233;cart de taux d&#8217;augmentations</small>",
		"4": "4. Employees raised on their return from maternity leave<br><small>retour de cong&#233; maternit&#233;</small>",
		"5": "5. Employees of the under-represented sex among the ten highest paid<br><small>hautes r&#233;mun&#233;rations</small>",
		"index": "Index<br><small>index de l&#8217;&#233;galit&#233; professionnelle</small>"}';
	short constant jsonb := '{"1": "1. Pay gap", "2": "2. Raises", "3": "3. Promotions", "2+3": "2 and 3. Raises",
		"4": "4. Maternity returns", "5": "5. Ten highest paid"}';
BEGIN
	SELECT r INTO idx FROM jsonb_array_elements(report) r WHERE r ->> 'indicator' = 'index';
	SELECT count(*) FILTER (WHERE (r ->> 'calculable')::boolean), count(*) INTO ncalc, nind
	  FROM jsonb_array_elements(report) r WHERE r ->> 'indicator' <> 'index';
	body := format('<ul class="summary"><li><b>%s</b>index out of 100</li><li><b>%s</b>%s</li><li><b>%s</b>employees (workforce)</li>'
		'<li><b>%s of %s</b>indicators calculable</li><li><b>%s</b>points of a maximum of %s</li></ul>',
		CASE WHEN (idx ->> 'calculable')::boolean THEN idx ->> 'points' ELSE 'NC' END,
		CASE WHEN NOT coalesce((idx ->> 'calculable')::boolean, false) THEN 'not calculable'
		     WHEN (idx ->> 'points')::integer < 75 THEN '&#9650; below 75'
		     WHEN (idx ->> 'points')::integer < 85 THEN '&#9651; below 85' ELSE '85 or more' END,
		CASE WHEN NOT coalesce((idx ->> 'calculable')::boolean, false) THEN 'calculable indicators worth under 75 points'
		     WHEN (idx ->> 'points')::integer < 75 THEN 'corrective measures due'
		     WHEN (idx ->> 'points')::integer < 85 THEN 'improvement targets due' ELSE 'no further measure' END,
		fairness.html_num((idx -> 'detail' ->> 'workforce')::float8), ncalc, nind,
		fairness.html_num((idx -> 'detail' ->> 'points')::float8), fairness.html_num((idx -> 'detail' ->> 'max_points')::float8));

	-- the declaration table: one row per indicator, then the index
	SELECT string_agg(format('<tr class="row-%s" data-indicator="%s"><th scope="row">%s</th><td>%s</td><td class="num">%s</td><td>%s</td><td class="num">%s</td><td class="num">%s</td><td>%s</td></tr>',
			CASE WHEN NOT (r ->> 'calculable')::boolean THEN 'muted' WHEN r ->> 'indicator' = 'index' THEN 'ref' ELSE 'plain' END,
			fairness.html_escape(r ->> 'indicator'),
			coalesce(names ->> (r ->> 'indicator'), fairness.html_escape(r ->> 'indicator')),
			CASE WHEN (r ->> 'calculable')::boolean THEN 'yes' ELSE 'no (NC)' END,
			CASE WHEN NOT (r ->> 'calculable')::boolean THEN 'NC'
			     ELSE CASE r ->> 'indicator'
			          WHEN '1' THEN fairness.html_num((r ->> 'result')::float8 / 100, 'percent')
			          WHEN '2' THEN to_char((r ->> 'result')::numeric, 'FM99990.0') || ' points'
			          WHEN '3' THEN to_char((r ->> 'result')::numeric, 'FM99990.0') || ' points'
			          WHEN '2+3' THEN to_char((r ->> 'result')::numeric, 'FM99990.0') || ' points, or '
			                          || to_char((r -> 'detail' ->> 'equivalent_employees')::numeric, 'FM999999990.0') || ' employees'
			          WHEN '4' THEN fairness.html_num((r ->> 'result')::float8 / 100, 'percent')
			                        || format(' (%s of %s)', fairness.html_num((r -> 'detail' ->> 'raised')::float8), fairness.html_num((r -> 'detail' ->> 'returns')::float8))
			          WHEN '5' THEN fairness.html_num((r ->> 'result')::float8) || ' of 10'
			          WHEN 'index' THEN coalesce(r ->> 'points', '&#8212;') || ' / 100'
			          ELSE fairness.html_num((r ->> 'result')::float8) END END,
			CASE WHEN r ->> 'favoured_sex' IS NULL THEN CASE WHEN (r ->> 'calculable')::boolean AND r ->> 'indicator' IN ('1', '2', '3', '2+3', '5') THEN 'neither' ELSE '&#8212;' END
			     WHEN r ->> 'favoured_sex' = fem THEN 'women (' || fairness.html_escape(fem) || ')'
			     WHEN r ->> 'favoured_sex' = mal THEN 'men (' || fairness.html_escape(mal) || ')'
			     ELSE fairness.html_escape(r ->> 'favoured_sex') END,
			CASE WHEN (r ->> 'calculable')::boolean THEN r ->> 'points' ELSE 'NC' END,
			CASE WHEN r ->> 'indicator' = 'index' THEN '100'
			     WHEN (r ->> 'calculable')::boolean THEN r ->> 'max_points'
			     ELSE (r ->> 'max_points') || ' (not counted)' END,
			concat_ws('; ',
				CASE WHEN (r -> 'detail' ->> 'catch_up')::boolean
				     THEN format('catch-up rule: maximum points, as indicator 1 scored under 40 and this gap does not favour the same sex (%s points before)', r -> 'detail' ->> 'points_before_catch_up') END,
				CASE WHEN r ->> 'indicator' = '2+3' AND (r ->> 'calculable')::boolean
				     THEN format('the better of %s points (percentage points) and %s points (equivalent employees)', r -> 'detail' ->> 'points_percent', r -> 'detail' ->> 'points_equivalent_employees') END,
				CASE WHEN NOT (r ->> 'calculable')::boolean THEN
				     CASE r ->> 'indicator'
				     WHEN '1' THEN format('the valid groups (3 women and 3 men or more) hold %s of the workforce, under 40 %%', fairness.html_num((r -> 'detail' ->> 'coverage_percent')::float8 / 100, 'percent'))
				     WHEN '2' THEN format('the valid CSP (10 women and 10 men or more) hold %s of the workforce, under 40 %%', fairness.html_num((r -> 'detail' ->> 'coverage_percent')::float8 / 100, 'percent'))
				     WHEN '3' THEN format('the valid CSP (10 women and 10 men or more) hold %s of the workforce, under 40 %%', fairness.html_num((r -> 'detail' ->> 'coverage_percent')::float8 / 100, 'percent'))
				     WHEN '2+3' THEN 'fewer than 5 women or 5 men'
				     WHEN '4' THEN 'no return from maternity leave in the period'
				     WHEN '5' THEN CASE WHEN (r -> 'detail' ->> 'tie_at_tenth_place')::boolean THEN 'women and men share the pay at the tenth place: the ten are not determined'
				                        ELSE 'fewer than ten employees of known sex' END
				     WHEN 'index' THEN 'the calculable indicators are worth fewer than 75 points'
				     END END)),
		'' ORDER BY o)
	  INTO rows_html
	  FROM jsonb_array_elements(report) WITH ORDINALITY AS q(r, o);
	body := body || format('<section id="numbers"><h2>Indicators (Code du travail, D.1142-2 and D.1142-2-1)</h2>'
		'<p>%s variant: %s. Favoured sex: the sex the gap favours (%s women, %s men). NC: not calculable; its points do not count in the maximum.</p>'
		'<table class="numbers" data-table="egapro"><thead><tr><th scope="col">Indicator</th><th scope="col">Calculable</th><th scope="col">Result</th>'
		'<th scope="col">Favoured sex</th><th scope="col">Points</th><th scope="col">Maximum</th><th scope="col">Notes</th></tr></thead><tbody>%s</tbody></table></section>',
		CASE WHEN idx -> 'detail' ->> 'variant' = '50 to 250' THEN 'Four indicators' ELSE 'Five indicators' END,
		fairness.html_escape(idx -> 'detail' ->> 'variant') || ' employees',
		'&#8220;' || fairness.html_escape(fem) || '&#8221;', '&#8220;' || fairness.html_escape(mal) || '&#8221;',
		coalesce(rows_html, ''));

	-- the index against 75 and 85, then each indicator's share of its points
	body := body || '<section id="charts"><h2>Index and points</h2><ul class="legend" aria-label="Legend">'
		'<li><span class="key" style="background:#0072B2"></span>index of 85 or more; or all the points of an indicator</li>'
		'<li><span class="key" style="background:#E69F00"></span>&#9651; index from 75 to 84 (improvement targets); or part of the points</li>'
		'<li><span class="key" style="background:#D55E00"></span>&#9650; index below 75 (corrective measures)</li>'
		'<li><span class="key" style="background:#999999"></span>not calculable</li>'
		'<li><span class="key" style="background:rgba(86,180,233,0.3);border:1px dashed #56B4E9"></span>75 to 85</li></ul>'
		|| fairness.html_bar_chart('chart-egapro-index', 'Index out of 100',
			'The index against the thresholds of the Code du travail: below 85 the employer sets and publishes improvement targets for each indicator short of its maximum (L.1142-9-1); below 75 it takes corrective measures within three years (L.1142-9). The shaded zone runs from 75 to 85.',
			jsonb_build_array(jsonb_build_object(
				'label', 'Index',
				'value', CASE WHEN (idx ->> 'calculable')::boolean THEN (idx ->> 'points')::float8 END,
				'status', CASE WHEN NOT coalesce((idx ->> 'calculable')::boolean, false) THEN 'not_calculable'
				               WHEN (idx ->> 'points')::integer < 75 THEN 'below_75'
				               WHEN (idx ->> 'points')::integer < 85 THEN 'below_85' ELSE 'at_least_85' END,
				'tone', CASE WHEN NOT coalesce((idx ->> 'calculable')::boolean, false) THEN 'muted'
				             WHEN (idx ->> 'points')::integer < 75 THEN 'fail'
				             WHEN (idx ->> 'points')::integer < 85 THEN 'warn' ELSE 'ok' END,
				'note', CASE WHEN NOT coalesce((idx ->> 'calculable')::boolean, false) THEN 'not calculable'
				             WHEN (idx ->> 'points')::integer < 75 THEN 'below 75: corrective measures'
				             WHEN (idx ->> 'points')::integer < 85 THEN 'below 85: improvement targets' ELSE '85 or more' END,
				'n', idx -> 'detail' ->> 'workforce')),
			0, 100, 'number', 75, 85, 'from 75 to 85');
	SELECT jsonb_agg(jsonb_build_object(
			'label', coalesce(short ->> (r ->> 'indicator'), r ->> 'indicator'),
			'value', CASE WHEN (r ->> 'calculable')::boolean THEN (r ->> 'points')::float8 / nullif((r ->> 'max_points')::float8, 0) END,
			'status', CASE WHEN NOT (r ->> 'calculable')::boolean THEN 'not_calculable'
			               WHEN (r ->> 'points')::integer < (r ->> 'max_points')::integer THEN 'partial' ELSE 'full' END,
			'tone', CASE WHEN NOT (r ->> 'calculable')::boolean THEN 'muted'
			             WHEN (r ->> 'points')::integer < (r ->> 'max_points')::integer THEN 'warn' ELSE 'ok' END,
			'note', CASE WHEN NOT (r ->> 'calculable')::boolean THEN 'not calculable (not counted)'
			             ELSE format('%s of %s points', r ->> 'points', r ->> 'max_points') END,
			'extra', CASE WHEN (r ->> 'calculable')::boolean THEN format('%s / %s', r ->> 'points', r ->> 'max_points') ELSE 'NC' END)
		ORDER BY o)
	  INTO bars
	  FROM jsonb_array_elements(report) WITH ORDINALITY AS q(r, o)
	 WHERE r ->> 'indicator' <> 'index';
	body := body || fairness.html_bar_chart('chart-egapro-points', 'Points of each indicator, as a share of its maximum',
		'Points awarded to each indicator as a share of the indicator''s maximum points; a non-calculable indicator has no bar and does not count in the maximum of the index.',
		bars, 0, 1, 'percent', NULL, NULL, NULL, 'Points') || '</section>';
	RETURN body;
END
$fn$;

COMMENT ON FUNCTION fairness.html_egapro(jsonb, jsonb) IS
'Internal: HTML reports; the body of the Index Egapro document from the rows of fairness.egapro_index (as JSON objects): summary, the table of indicators with result, favoured sex, points and maximum (NC for the non-calculable, with the reason), the index against the 75 and 85 thresholds and each indicator''s share of its points.';

------------------------------------------------------------------------
-- fairness.compliance_html
------------------------------------------------------------------------
CREATE FUNCTION fairness.html_compliance_document(
	regime text,
	report jsonb,
	options jsonb,
	title text,
	provenance jsonb,
	extra_body text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
-- The document of one compliance report from its rows (the rows of
-- fairness.compliance_report as a JSON array, in order): computed now by
-- compliance_html, or stored by a run of a report audit (audit_html).
DECLARE
	body text;
BEGIN
	body := CASE regime
		WHEN 'll144' THEN fairness.html_ll144(report, options)
		WHEN 'eu_pay_transparency' THEN fairness.html_pay_transparency(report, options)
		ELSE fairness.html_egapro(report, options) END;
	body := body || coalesce(extra_body, '') || fairness.html_methodology(regime, CASE regime
		WHEN 'll144' THEN '<p><b>Charts.</b> The 0.8 line is the four-fifths rule of thumb of the EEOC Uniform Guidelines on Employee Selection Procedures (29 CFR 1607.4(D)), drawn for reading: Local Law 144 requires the impact ratios to be published, not a threshold. Colours always come with a symbol or a word.</p>'
		WHEN 'eu_pay_transparency' THEN '<p><b>Charts.</b> Gaps in %, positive when men are paid more; the shaded zone of the category chart holds the gaps under the 5 % trigger of Article 10. Colours always come with a symbol or a word.</p>'
		ELSE '<p><b>Charts.</b> The index against 75 (corrective measures, L.1142-9) and 85 (improvement targets for each indicator short of its maximum, L.1142-9-1); the points of each indicator as a share of its maximum. Colours always come with a symbol or a word.</p>' END);

	RETURN fairness.html_document(
		coalesce(title, CASE regime
			WHEN 'll144' THEN 'Bias audit of an automated employment decision tool (NYC Local Law 144)'
			WHEN 'eu_pay_transparency' THEN 'Gender pay gap report (Directive (EU) 2023/970)'
			ELSE 'Index de l''egalite professionnelle (Index Egapro)' END),
		CASE regime
			WHEN 'll144' THEN 'Selection or scoring rates and impact ratios by sex, race/ethnicity and their intersection, as 6 RCNY 5-301 lays them out.'
			WHEN 'eu_pay_transparency' THEN 'The pay gap indicators of Article 9(1)(a) to (g) and the joint pay assessment trigger of Article 10.'
			ELSE 'The indicators, points and index of Code du travail L.1142-8, D.1142-2 and D.1142-2-1, as the official Egapro computation gives them.' END,
		body,
		jsonb_build_object(
			'Report', CASE regime
				WHEN 'll144' THEN 'fairness.compliance_report(''ll144'', ...): NYC Local Law 144 of 2021; 6 RCNY 5-300 to 5-304'
				WHEN 'eu_pay_transparency' THEN 'fairness.compliance_report(''eu_pay_transparency'', ...): Directive (EU) 2023/970, Art. 9 and 10'
				ELSE 'fairness.compliance_report(''egapro'', ...): Code du travail L.1142-8, D.1142-2, D.1142-2-1' END)
		|| provenance
		|| jsonb_build_object(
			'Generated at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'),
			'Extension version', 'fairness ' || fairness.version(),
			'Database server', 'PostgreSQL ' || current_setting('server_version')));
END
$fn$;

COMMENT ON FUNCTION fairness.html_compliance_document(text, jsonb, jsonb, text, jsonb, text) IS
'Internal: the HTML document of a compliance report from its rows (a JSON array of fairness.compliance_report rows in order), provenance lines and an optional extra section (already HTML); used by compliance_html and by audit_html for report audits.';

CREATE FUNCTION fairness.compliance_html(
	regime text,
	rel regclass,
	options jsonb DEFAULT '{}',
	title text DEFAULT NULL,
	source text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
-- Not SECURITY DEFINER: the report reads rel with the caller's privileges,
-- row-level security included, like fairness.compliance_report.
DECLARE
	t0 timestamptz := clock_timestamp();
	report jsonb;
	took float8;
	nrows bigint;
BEGIN
	-- compliance_report checks the regime, the relation and every option
	-- (errors with a SQLSTATE and a hint)
	SELECT coalesce(jsonb_agg(c.report_row ORDER BY c.ord), '[]') INTO report
	  FROM fairness.compliance_report(regime, rel, options) c;
	took := extract(epoch FROM clock_timestamp() - t0);
	EXECUTE format('SELECT count(*) FROM %s', rel) INTO nrows;

	RETURN fairness.html_compliance_document(regime, report, options, title,
		jsonb_build_object(
			'Source', coalesce(source, rel::text),
			'Arguments', options::text,
			'Rows in the source', nrows::text || ' (as visible to the role below)',
			'Read as role', current_user::text || ' (its privileges and row-level security apply)',
			'Run time', to_char(took, 'FM999990.000') || ' s'));
END
$fn$;

COMMENT ON FUNCTION fairness.compliance_html(text, regclass, jsonb, text, text) IS
'A complete, self-contained HTML document (inline SVG and CSS, no script, no external resource, printable to PDF) of a compliance report in the regulator''s layout: regime ''ll144'' (the three tables of a Local Law 144 bias audit, impact ratio charts with the 0.8 line), ''eu_pay_transparency'' (Art. 9(1) indicators per basis, quartile bands as stacked bars, category gaps with the 5 % Art. 10 trigger) or ''egapro'' (indicators, points, the index against 75 and 85, NC shown as such); then fairness.methodology(regime) and the provenance. Arguments as in fairness.compliance_report (options by name in a JSON object); the relation is read with the caller''s rights. Every category name and option is HTML-escaped.';

CREATE FUNCTION fairness.html_report_audit(audit_id bigint)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
-- audit_html of a report audit: the compliance document of its latest
-- successful run, from the rows that run stored (computed as the owner),
-- followed by the history of its runs.  Reads through the row-level
-- security of the registry and history: the caller sees what it may see.
DECLARE
	a record;
	lr record;
	report jsonb;
	hist text := '';
	h record;
BEGIN
	SELECT au.id, au.name, au.owner, au.report, au.report_options, au.source_schema, au.source_table, au.description
	  INTO a FROM fairness.audits au WHERE au.id = audit_id;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	SELECT r.id, r.started_at, r.finished_at, r.rows_scanned, r.violations INTO lr
	  FROM fairness.audit_runs r
	 WHERE r.audit_id = a.id AND r.status = 'succeeded'
	 ORDER BY r.started_at DESC, r.id DESC LIMIT 1;
	IF NOT FOUND THEN
		RETURN fairness.html_document(format('Audit %s', a.name),
			format('Report audit (%s) of %I.%I.', a.report, a.source_schema, a.source_table),
			'<p>No successful run to show yet: run it with fairness.run_audit.</p>',
			jsonb_build_object('Audit', a.name, 'Extension version', 'fairness ' || fairness.version()));
	END IF;
	SELECT coalesce(jsonb_agg(x.report_row ORDER BY x.ord), '[]') INTO report
	  FROM fairness.audit_compliance_rows x WHERE x.run_id = lr.id;

	FOR h IN SELECT r.started_at, r.status, r.violations, r.error_message
	           FROM fairness.audit_runs r WHERE r.audit_id = a.id
	          ORDER BY r.started_at DESC, r.id DESC LIMIT 50 LOOP
		hist := hist || format('<tr><td>%s</td><td>%s</td><td class="num">%s</td><td>%s</td></tr>',
			to_char(h.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),
			fairness.html_escape(h.status), coalesce(h.violations::text, ''),
			fairness.html_escape(coalesce(h.error_message, '')));
	END LOOP;
	hist := '<section id="history"><h2>Runs of this audit</h2>'
		'<table><caption>The latest 50 runs, newest first (UTC); violations as counted by each run.</caption>'
		'<thead><tr><th scope="col">started</th><th scope="col">status</th><th scope="col">violations</th><th scope="col">error</th></tr></thead><tbody>'
		|| hist || '</tbody></table></section>';

	RETURN fairness.html_compliance_document(a.report, report, a.report_options,
		NULL,
		jsonb_build_object(
			'Audit', a.name || coalesce(' (' || a.description || ')', ''),
			'Source', format('%I.%I', a.source_schema, a.source_table),
			'Arguments', a.report_options::text,
			'Rows in the source', coalesce(lr.rows_scanned::text, '?') || ' (as visible to the owner)',
			'Read as role', a.owner::text || ' (the audit''s owner: every run executes with its rights)',
			'Run', format('%s, %s UTC', lr.id, to_char(lr.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))),
		hist);
END
$fn$;

COMMENT ON FUNCTION fairness.html_report_audit(bigint) IS
'Internal: fairness.audit_html of a report audit: the compliance document of its latest successful run, from the rows that run stored, and the history of its runs.';
