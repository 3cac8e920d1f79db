-- fairness 0.3: self-contained HTML reports (inline SVG and CSS, no script,
-- no external resource), built from the report functions.
--
-- Building blocks (all internal except html_escape):
--   html_escape      text -> text safe in HTML content and attribute values
--   html_num         a number for people (percent, decimal, p-value)
--   html_label       a group name for a chart row: truncated, full name kept
--   html_bar_chart   one horizontal bar per group with interval whiskers,
--                    reference marked, threshold band, statuses as text,
--                    suppressed and unknown groups apart; plus its table
--   html_document    the page: CSS, header, sections, provenance
-- and the public report_html overloads for fairness.confusion (61), scores
-- and outcomes (62).  Every user string goes through html_escape.

CREATE FUNCTION fairness.html_escape(s text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
		coalesce($1, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;

COMMENT ON FUNCTION fairness.html_escape(text) IS
'The text with & < > " and '' replaced by character references, safe as HTML or SVG text and inside a quoted attribute value; NULL gives the empty string.';

CREATE FUNCTION fairness.html_num(x float8, kind text DEFAULT 'number')
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE
		WHEN $1 IS NULL OR $1 = 'NaN'::float8 THEN '&#8212;'
		WHEN $1 = 'Infinity'::float8 THEN '&#8734;'
		WHEN $1 = '-Infinity'::float8 THEN '&#8722;&#8734;'
		WHEN $2 = 'percent' THEN pg_catalog.to_char(pg_catalog.round(($1 * 100)::numeric, 1), 'FM9999999990.0') || '%'
		WHEN $2 = 'p' THEN CASE WHEN $1 < 0.001 THEN '&lt; 0.001' ELSE pg_catalog.to_char(pg_catalog.round($1::numeric, 3), 'FM0.000') END
		WHEN $2 = 'ratio' THEN pg_catalog.to_char(pg_catalog.round($1::numeric, 2), 'FM9999999990.00')
		WHEN $1 = pg_catalog.trunc($1) AND pg_catalog.abs($1) < 1e15 THEN pg_catalog.to_char($1::numeric, 'FM999,999,999,999,990')
		WHEN pg_catalog.abs($1) >= 1000 THEN pg_catalog.to_char(pg_catalog.round($1::numeric, 0), 'FM999,999,999,999,990')
		WHEN pg_catalog.abs($1) >= 10 THEN pg_catalog.to_char(pg_catalog.round($1::numeric, 1), 'FM999,990.0')
		ELSE pg_catalog.to_char(pg_catalog.round($1::numeric, 3), 'FM990.000')
	END
$$;

COMMENT ON FUNCTION fairness.html_num(float8, text) IS
'Internal: HTML reports; a number as text for people: kind percent (0.412 -> 41.2%), p (3 decimals, < 0.001), ratio (2 decimals), number (thousands grouped); NULL or NaN gives an em dash.';

CREATE FUNCTION fairness.html_label(label text, max_chars integer DEFAULT 28)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN pg_catalog.length(coalesce($1, '')) <= $2
	            THEN fairness.html_escape($1)
	            ELSE fairness.html_escape(pg_catalog.left($1, $2 - 1)) || '&#8230;' END
$$;

COMMENT ON FUNCTION fairness.html_label(text, integer) IS
'Internal: HTML reports; a group name cut to max_chars characters (an ellipsis marks the cut), HTML-escaped; charts give the full name in a <title>.';

CREATE FUNCTION fairness.html_svg_x(v float8, axis_min float8, axis_max float8)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	-- plot area: x from 200 to 520 (320 px)
	SELECT pg_catalog.round((200 + 320 * (greatest($2, least($3, $1)) - $2)
	                         / nullif($3 - $2, 0))::numeric, 1)
$$;

COMMENT ON FUNCTION fairness.html_svg_x(float8, float8, float8) IS
'Internal: HTML reports; the x coordinate of a value on a bar chart''s axis (clipped to the axis).';

CREATE FUNCTION fairness.html_bar_chart(
	chart_id text,
	title text,
	description text,
	bars jsonb,
	axis_min float8,
	axis_max float8,
	kind text DEFAULT 'percent',
	band_low float8 DEFAULT NULL,
	band_high float8 DEFAULT NULL,
	band_label text DEFAULT NULL,
	extra_header text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
-- bars: a JSON array of objects {label, role, value, lo, hi, status, n,
-- extra, tone, note}; role is reference, group, suppressed or unknown
-- (drawn apart, below a rule).  status is shown as text beside the bar;
-- disparity and possible_disparity colour the bar.  Generalised in 0.3 for
-- the compliance reports: tone (ok, fail, warn, ref, muted), when given,
-- sets the colour instead, and note, when given, is the text shown for the
-- status (escaped; after a triangle for the fail and warn tones).  Bars
-- without tone and note are drawn exactly as before.  Returns a <figure>
-- with the SVG and a <details> table alternative.
DECLARE
	b jsonb;
	svg text := '';
	tbl text := '';
	y integer := 40;
	rh constant integer := 28;
	h integer;
	ticks text := '';
	t float8;
	step float8;
	v float8;
	lo float8;
	hi float8;
	role text;
	status text;
	tone text;
	note text;
	fill text;
	x0 numeric;
	xv numeric;
	statustxt text;
	cls text;
	first_apart boolean := true;
	nbars integer := 0;
	band_end integer;
BEGIN
	IF axis_max IS NULL OR axis_min IS NULL OR axis_max <= axis_min THEN
		axis_min := 0;
		axis_max := 1;
	END IF;
	-- band (threshold zone) behind the bars
	IF band_low IS NOT NULL AND band_high IS NOT NULL THEN
		svg := svg || format('<rect class="band" x="%s" y="30" width="%s" height="%%BANDH%%"><title>%s</title></rect>',
			fairness.html_svg_x(band_low, axis_min, axis_max),
			fairness.html_svg_x(band_high, axis_min, axis_max) - fairness.html_svg_x(band_low, axis_min, axis_max),
			fairness.html_escape(band_label));
	END IF;
	x0 := fairness.html_svg_x(greatest(axis_min, least(0, axis_max)), axis_min, axis_max);
	FOR b IN SELECT e FROM jsonb_array_elements(coalesce(bars, '[]')) e LOOP
		nbars := nbars + 1;
		role := coalesce(b ->> 'role', 'group');
		status := b ->> 'status';
		tone := b ->> 'tone';
		note := b ->> 'note';
		v := (b ->> 'value')::float8;
		lo := (b ->> 'lo')::float8;
		hi := (b ->> 'hi')::float8;
		IF role = 'unknown' AND first_apart THEN
			first_apart := false;
			band_end := y + 2;
			svg := svg || format('<line class="apart" x1="8" x2="752" y1="%s" y2="%s"/>'
			                     '<text class="note" x="8" y="%s">Shown apart: rows whose protected attribute is missing (not compared)</text>',
			                     y + 4, y + 4, y + 18);
			y := y + 26;
		END IF;
		fill := CASE WHEN tone IN ('ok', 'fail', 'warn', 'ref', 'muted') THEN tone
		             WHEN role = 'reference' THEN 'ref'
		             WHEN role IN ('unknown', 'suppressed') THEN 'muted'
		             WHEN status = 'disparity' THEN 'fail'
		             WHEN status = 'possible_disparity' THEN 'warn'
		             ELSE 'ok' END;
		cls := 'bar bar-' || fill || CASE WHEN role = 'suppressed' THEN ' suppressed' ELSE '' END;
		svg := svg || format('<g class="%s" data-role="%s" data-status="%s">', cls, fairness.html_escape(role), fairness.html_escape(status));
		svg := svg || format('<text class="label" x="192" y="%s" text-anchor="end" clip-path="url(#%s-clip)">%s<title>%s</title></text>',
			y + 18, fairness.html_escape(chart_id), CASE WHEN role = 'reference' THEN '&#9733; ' ELSE '' END
			        || fairness.html_label(coalesce(b ->> 'label', 'Unknown group'), 26),
			fairness.html_escape(coalesce(b ->> 'label', 'Unknown group')));
		IF role = 'suppressed' OR v IS NULL OR v = 'NaN'::float8 THEN
			svg := svg || format('<rect class="empty" x="200" y="%s" width="320" height="16" rx="2"/>', y + 6);
			statustxt := CASE WHEN role = 'suppressed' THEN 'suppressed (small group)'
			                  WHEN note IS NOT NULL THEN fairness.html_escape(note)
			                  ELSE coalesce(replace(status, '_', ' '), 'no value') END;
		ELSE
			xv := fairness.html_svg_x(v, axis_min, axis_max);
			svg := svg || format('<rect class="fill-%s" x="%s" y="%s" width="%s" height="16" rx="2"/>',
				fill, least(x0, xv), y + 6, greatest(abs(xv - x0), 1));
			IF lo IS NOT NULL AND hi IS NOT NULL AND lo <> 'NaN'::float8 AND hi <> 'NaN'::float8 THEN
				svg := svg || format('<path class="whisker" d="M%s %sH%sM%s %sV%sM%s %sV%s"/>',
					fairness.html_svg_x(lo, axis_min, axis_max), y + 14, fairness.html_svg_x(hi, axis_min, axis_max),
					fairness.html_svg_x(lo, axis_min, axis_max), y + 9, y + 19,
					fairness.html_svg_x(hi, axis_min, axis_max), y + 9, y + 19);
			END IF;
			statustxt := fairness.html_num(v, kind) || CASE
				WHEN note IS NOT NULL THEN ' &#183; ' || CASE fill WHEN 'fail' THEN '&#9650; ' WHEN 'warn' THEN '&#9651; ' ELSE '' END
				                           || fairness.html_escape(note)
				WHEN status IS NULL THEN ''
				ELSE ' &#183; ' || CASE status WHEN 'disparity' THEN '&#9650; disparity'
				                               WHEN 'possible_disparity' THEN '&#9651; possible disparity'
				                               ELSE fairness.html_escape(replace(status, '_', ' ')) END END;
		END IF;
		svg := svg || format('<text class="status status-%s" x="528" y="%s">%s</text></g>', fill, y + 18, statustxt);
		tbl := tbl || format('<tr class="row-%s"><th scope="row">%s</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td>%s</tr>',
			fill,
			CASE WHEN role = 'reference' THEN '&#9733; ' ELSE '' END || fairness.html_escape(coalesce(b ->> 'label', 'Unknown group')),
			coalesce(b ->> 'n', '&#8212;'),
			CASE WHEN role = 'suppressed' THEN 'suppressed' ELSE fairness.html_num(v, kind) END,
			CASE WHEN role = 'suppressed' OR lo IS NULL THEN '&#8212;'
			     ELSE fairness.html_num(lo, kind) || ' &#8211; ' || fairness.html_num(hi, kind) END,
			CASE WHEN note IS NOT NULL THEN fairness.html_escape(note) ELSE fairness.html_escape(coalesce(replace(status, '_', ' '), '')) END,
			CASE WHEN extra_header IS NULL THEN '' ELSE '<td>' || coalesce(b ->> 'extra', '&#8212;') || '</td>' END);
		y := y + rh;
	END LOOP;
	IF nbars = 0 THEN
		svg := svg || format('<text class="note" x="200" y="%s">No group has a value.</text>', y + 18);
		y := y + rh;
	END IF;
	-- axis: ticks at round steps, starting at axis_min (0 for rates)
	step := CASE WHEN kind = 'percent' AND axis_max - axis_min <= 1 AND axis_max - axis_min >= 0.5 THEN 0.25
	             ELSE power(10, floor(log((axis_max - axis_min) / 4))) END;
	IF (axis_max - axis_min) / step > 8 THEN step := step * 2.5; END IF;
	IF (axis_max - axis_min) / step > 8 THEN step := step * 2; END IF;
	t := ceil(axis_min / step) * step;
	WHILE t <= axis_max + step * 1e-9 LOOP
		ticks := ticks || format('<line class="grid" x1="%1$s" x2="%1$s" y1="30" y2="%2$s"/><text class="tick" x="%1$s" y="%3$s" text-anchor="middle">%4$s</text>',
			fairness.html_svg_x(t, axis_min, axis_max), y + 4, y + 20,
			CASE WHEN kind = 'percent' AND round((step * 100)::numeric, 6) = trunc((step * 100)::numeric) THEN round((t * 100)::numeric)::text || '%'
			     ELSE fairness.html_num(t, kind) END);
		t := t + step;
	END LOOP;
	IF axis_min < 0 THEN
		ticks := ticks || format('<line class="zero" x1="%1$s" x2="%1$s" y1="30" y2="%2$s"/>', x0, y + 4);
	END IF;
	h := y + 34;
	-- the band covers the compared groups, not the unknown group apart
	svg := replace(svg, '%BANDH%', (coalesce(band_end, y + 4) - 30)::text);
	RETURN format(
		'<figure class="chart" id="%1$s"><svg role="img" viewBox="0 0 760 %2$s" width="760" height="%2$s" aria-labelledby="%1$s-title %1$s-desc">'
		'<title id="%1$s-title">%3$s</title><desc id="%1$s-desc">%4$s</desc>'
		'<defs><clipPath id="%1$s-clip"><rect x="0" y="0" width="196" height="%2$s"/></clipPath></defs>'
		'<text class="axis-title" x="8" y="20">%5$s</text>%6$s%7$s</svg>'
		'<figcaption>%4$s</figcaption>'
		'<details><summary>Table for this chart</summary><table><thead><tr><th scope="col">Group</th><th scope="col">Rows</th><th scope="col">Value</th><th scope="col">Interval</th><th scope="col">Status</th>%8$s</tr></thead><tbody>%9$s</tbody></table></details></figure>',
		fairness.html_escape(chart_id), h, fairness.html_escape(title), fairness.html_escape(description),
		fairness.html_escape(title),
		ticks, svg,
		CASE WHEN extra_header IS NULL THEN '' ELSE '<th scope="col">' || fairness.html_escape(extra_header) || '</th>' END,
		tbl);
END
$fn$;

COMMENT ON FUNCTION fairness.html_bar_chart(text, text, text, jsonb, float8, float8, text, float8, float8, text, text) IS
'Internal: HTML reports; an inline SVG bar chart, one bar per group (JSON objects label, role, value, lo, hi, status, n, extra, and optionally tone, the colour: ok, fail, warn, ref or muted, and note, the status text) with interval whiskers, the reference group starred, a shaded threshold band, statuses as text beside the bars, suppressed groups without a value, the unknown group apart; with its <title>, <desc> and a table alternative.';

CREATE FUNCTION fairness.html_document(title text, subtitle text, body text, provenance jsonb)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
SELECT pg_catalog.format($doc$<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="fairness %5$s (PostgreSQL extension)">
<title>%1$s</title>
<style>
:root { --ok: #0072B2; --ref: #009E73; --fail: #D55E00; --warn: #E69F00; --muted: #999999; --band: #56B4E9; --ink: #1b1b1b; --soft: #5a5a5a; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 48px; }
header { border-bottom: 3px solid var(--ink); margin-bottom: 18px; }
h1 { font-size: 26px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin: 30px 0 8px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
.subtitle { color: var(--soft); margin: 0 0 12px; overflow-wrap: anywhere; }
.summary { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; padding: 0; list-style: none; }
.summary li { border: 1px solid #ccc; border-radius: 6px; padding: 8px 12px; min-width: 140px; }
.summary b { display: block; font-size: 20px; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; padding: 0; list-style: none; font-size: 13px; }
.legend span.key { display: inline-block; width: 14px; height: 14px; border-radius: 2px; vertical-align: -2px; margin-right: 5px; }
figure.chart { margin: 16px 0 22px; }
figure.chart svg { max-width: 100%%; height: auto; display: block; }
figcaption { font-size: 13px; color: var(--soft); }
svg text { font: 12px system-ui, "DejaVu Sans", Arial, sans-serif; fill: var(--ink); }
svg .axis-title { font-weight: 600; font-size: 13px; }
svg .tick, svg .note { fill: var(--soft); font-size: 11px; }
svg .grid { stroke: #e3e3e3; stroke-width: 1; }
svg .zero { stroke: var(--ink); stroke-width: 1; }
svg .band { fill: var(--band); fill-opacity: 0.18; stroke: var(--band); stroke-dasharray: 4 3; }
svg .apart { stroke: #bbb; stroke-dasharray: 5 4; }
svg .empty { fill: none; stroke: var(--muted); stroke-dasharray: 3 3; }
svg .whisker { stroke: var(--ink); stroke-width: 1.5; fill: none; }
svg .fill-ok { fill: var(--ok); } svg .fill-ref { fill: var(--ref); } svg .fill-fail { fill: var(--fail); }
svg .fill-warn { fill: var(--warn); } svg .fill-muted { fill: var(--muted); }
svg .status-fail { font-weight: 700; fill: #a33f00; } svg .status-warn { font-weight: 700; fill: #8a5a00; }
svg .curve { fill: none; stroke-width: 2; } svg .chance { stroke: var(--muted); stroke-dasharray: 4 4; }
table { border-collapse: collapse; width: 100%%; font-size: 13px; margin: 8px 0; table-layout: auto; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
th[scope=row] { overflow-wrap: anywhere; max-width: 260px; }
td.num { white-space: nowrap; }
td { font-variant-numeric: tabular-nums; }
thead th { border-bottom: 2px solid #999; }
tr.row-fail th, tr.row-fail td { background: #fbe5d6; }
tr.row-warn th, tr.row-warn td { background: #fdf1d8; }
tr.row-ref th { color: #00694d; }
details { margin: 6px 0; } summary { cursor: pointer; color: var(--ok); }
dl.prov { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; font-size: 13px; }
dl.prov dt { font-weight: 600; } dl.prov dd { margin: 0; overflow-wrap: anywhere; }
.method p, .method li { font-size: 14px; }
footer { margin-top: 36px; font-size: 12px; color: var(--soft); border-top: 1px solid #ccc; padding-top: 8px; }
@media print { main { max-width: none; padding: 0; } details { display: block; } details > summary { display: none; } figure.chart, table, tr { break-inside: avoid; } }
</style>
</head>
<body>
<main>
<header>
<h1>%1$s</h1>
<p class="subtitle">%2$s</p>
</header>
%3$s
<section class="provenance" id="provenance">
<h2>Provenance</h2>
<dl class="prov">%4$s</dl>
</section>
<footer>Self-contained report: no script, no external resource. Generated by the fairness PostgreSQL extension, version %5$s.</footer>
</main>
</body>
</html>
$doc$,
	fairness.html_escape($1), $2, $3,
	(SELECT pg_catalog.string_agg(pg_catalog.format('<dt>%s</dt><dd>%s</dd>', fairness.html_escape(k), fairness.html_escape(v)), '' ORDER BY o)
	 FROM pg_catalog.jsonb_each_text(coalesce($4, '{}')) WITH ORDINALITY AS p(k, v, o)),
	fairness.html_escape(fairness.version()))
$fn$;

COMMENT ON FUNCTION fairness.html_document(text, text, text, jsonb) IS
'Internal: HTML reports; the complete HTML document around a report body: inline CSS (Okabe-Ito colour-blind-safe palette, print rules), escaped title, the body (already HTML), and a provenance list from a JSON object of text values.';

CREATE FUNCTION fairness.html_legend(variant text DEFAULT 'report')
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT '<ul class="legend" aria-label="Legend">'
	       '<li><span class="key" style="background:#009E73"></span>&#9733; reference group</li>'
	       || CASE WHEN $1 = 'report' THEN
	       '<li><span class="key" style="background:#0072B2"></span>within the band (ok)</li>'
	       '<li><span class="key" style="background:#D55E00"></span>&#9650; disparity (outside the band, significant after Holm)</li>'
	       '<li><span class="key" style="background:#E69F00"></span>&#9651; possible disparity (outside the band, not significant)</li>'
	       ELSE
	       '<li><span class="key" style="background:#0072B2"></span>no significant difference, or within the band</li>'
	       '<li><span class="key" style="background:#D55E00"></span>&#9650; below the impact ratio threshold</li>'
	       '<li><span class="key" style="background:#E69F00"></span>&#9651; significant difference to the reference group (two-sided test, not adjusted)</li>'
	       END ||
	       '<li><span class="key" style="background:#999999"></span>suppressed, unknown or not compared</li>'
	       '<li><span class="key" style="background:rgba(86,180,233,0.3);border:1px dashed #56B4E9"></span>threshold band</li>'
	       '<li>&#9500;&#9508; confidence interval</li></ul>'
$$;

COMMENT ON FUNCTION fairness.html_legend(text) IS
'Internal: HTML reports; the legend of the bar charts (variant report: fairness.report statuses; tests: score and outcome reports); every colour also has a text label or symbol.';

------------------------------------------------------------------------
-- fairness.report_html(confusion)
------------------------------------------------------------------------
CREATE FUNCTION fairness.report_html(
	c fairness.confusion,
	reference text DEFAULT NULL,
	metrics text[] DEFAULT '{selection_rate,tpr,fpr}',
	confidence float8 DEFAULT 0.95,
	min_group_size integer DEFAULT NULL,
	impact_ratio_threshold float8 DEFAULT NULL,
	title text DEFAULT NULL,
	source text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	old_thr text := current_setting('fairness.impact_ratio_threshold');
	thr float8;
	mgs integer;
	m text;
	body text := '';
	charts text := '';
	tables text := '';
	bars jsonb;
	ref_group text;
	ref_value float8;
	nfail integer;
	nwarn integer;
	ngroups integer;
	nsupp integer;
	known constant text[] := '{selection_rate,base_rate,tpr,fpr,tnr,fnr,ppv,npv,fdr,false_omission_rate,accuracy}';
	names constant jsonb := '{"selection_rate": "Selection rate", "base_rate": "Base rate (share labelled true)",
		"tpr": "True positive rate", "fpr": "False positive rate", "tnr": "True negative rate",
		"fnr": "False negative rate", "ppv": "Precision (positive predictive value)",
		"npv": "Negative predictive value", "fdr": "False discovery rate",
		"false_omission_rate": "False omission rate", "accuracy": "Accuracy"}';
	defs constant jsonb := '{"selection_rate": "share of the group predicted true: (TP + FP) / rows with a prediction",
		"base_rate": "share of the group labelled true: (TP + FN) / rows with a label",
		"tpr": "TP / (TP + FN): of those labelled true, the share predicted true",
		"fpr": "FP / (FP + TN): of those labelled false, the share predicted true",
		"tnr": "TN / (TN + FP)", "fnr": "FN / (FN + TP)", "ppv": "TP / (TP + FP)", "npv": "TN / (TN + FN)",
		"fdr": "FP / (TP + FP)", "false_omission_rate": "FN / (FN + TN)", "accuracy": "(TP + TN) / rows with a label and a prediction"}';
	r record;
BEGIN
	IF c IS NULL THEN
		RETURN NULL;	-- no data, no document (like every function of a summary)
	END IF;
	IF metrics IS NULL OR cardinality(metrics) = 0 THEN
		metrics := '{selection_rate,tpr,fpr}';
	END IF;
	FOREACH m IN ARRAY metrics LOOP
		IF m IS NULL OR NOT m = ANY (known) THEN
			RAISE EXCEPTION 'unknown rate %', coalesce(quote_literal(m), 'NULL')
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = 'Rates: ' || array_to_string(known, ', ') || '.';
		END IF;
	END LOOP;
	IF impact_ratio_threshold IS NOT NULL THEN
		PERFORM set_config('fairness.impact_ratio_threshold', impact_ratio_threshold::text, true);
	END IF;
	thr := current_setting('fairness.impact_ratio_threshold')::float8;
	mgs := coalesce(min_group_size, current_setting('fairness.min_group_size')::integer);

	-- fairness.report is cheap on a summary: it is read by each query below,
	-- with the threshold in effect (restored before returning)

	SELECT count(DISTINCT group_key), count(DISTINCT group_key) FILTER (WHERE status = 'suppressed')
	  INTO ngroups, nsupp FROM fairness.report(c, reference, confidence, mgs);
	SELECT count(DISTINCT group_key) FILTER (WHERE status = 'disparity'),
	       count(DISTINCT group_key) FILTER (WHERE status = 'possible_disparity')
	  INTO nfail, nwarn FROM fairness.report(c, reference, confidence, mgs) WHERE metric = ANY (metrics);
	SELECT x.reference_group INTO ref_group FROM fairness.report(c, reference, confidence, mgs) WITH ORDINALITY x WHERE x.reference_group IS NOT NULL LIMIT 1;

	body := body || format('<ul class="summary"><li><b>%s</b>rows</li><li><b>%s</b>groups (%s suppressed)</li>'
		'<li><b>%s</b>reference group</li><li><b>%s</b>groups with a disparity</li><li><b>%s</b>with a possible disparity</li></ul>',
		fairness.html_num(fairness.total(c)::float8), ngroups, nsupp,
		coalesce(fairness.html_label(ref_group, 40), '&#8212;'), nfail, nwarn);
	body := body || '<section id="charts"><h2>Rates by group</h2>' || fairness.html_legend();

	FOREACH m IN ARRAY metrics LOOP
		SELECT x.reference_value INTO ref_value FROM fairness.report(c, reference, confidence, mgs) WITH ORDINALITY x
		 WHERE x.metric = m AND x.reference_value IS NOT NULL AND x.reference_value <> 'NaN' LIMIT 1;
		SELECT jsonb_agg(jsonb_build_object(
				'label', x.group_name,
				'role', CASE x.status WHEN 'reference' THEN 'reference' WHEN 'unknown_group' THEN 'unknown'
				                      WHEN 'suppressed' THEN 'suppressed' ELSE 'group' END,
				'value', CASE WHEN x.status = 'suppressed' THEN NULL ELSE x.value END,
				'lo', CASE WHEN x.status = 'suppressed' THEN NULL ELSE x.ci_low END,
				'hi', CASE WHEN x.status = 'suppressed' THEN NULL ELSE x.ci_high END,
				'status', x.status,
				'n', CASE WHEN x.status = 'suppressed' THEN NULL ELSE x.n END,
				'extra', CASE WHEN x.status = 'suppressed' THEN NULL ELSE fairness.html_num(x.ratio, 'ratio') END)
			ORDER BY (x.status = 'unknown_group'), x.ordinality)
		  INTO bars FROM fairness.report(c, reference, confidence, mgs) WITH ORDINALITY x WHERE x.metric = m;
		charts := charts || format('<h3>%s</h3>', fairness.html_escape(names ->> m)) || fairness.html_bar_chart(
			'chart-' || m,
			(names ->> m) || ' by group',
			format('%s of each group (%s), with %s%% confidence intervals. Reference group: %s. '
			       'Shaded band: %s to %s times the reference group''s rate; a group outside it is flagged.',
			       names ->> m, defs ->> m, round((confidence * 100)::numeric, 1),
			       coalesce(ref_group, 'none'), round(thr::numeric, 3), round((1 / thr)::numeric, 3)),
			bars, 0, 1, 'percent',
			CASE WHEN ref_value IS NOT NULL THEN ref_value * thr END,
			CASE WHEN ref_value IS NOT NULL THEN least(1, ref_value / thr) END,
			format('%s to %s times the reference rate', round(thr::numeric, 3), round((1 / thr)::numeric, 3)),
			'Ratio to reference');
	END LOOP;
	body := body || charts || '</section>';

	-- the table of numbers, one per rate
	body := body || '<section id="numbers"><h2>Numbers</h2>';
	FOREACH m IN ARRAY metrics LOOP
		body := body || format('<h3>%s</h3><table class="numbers" data-metric="%s"><thead><tr>'
			'<th scope="col">Group</th><th scope="col">Rows</th><th scope="col">Value [interval]</th>'
			'<th scope="col">Ratio [interval]</th><th scope="col">Difference [interval]</th>'
			'<th scope="col">Test</th><th scope="col">p</th><th scope="col">p (Holm)</th><th scope="col">Status</th></tr></thead><tbody>',
			fairness.html_escape(names ->> m), fairness.html_escape(m));
		FOR r IN SELECT x.* FROM fairness.report(c, reference, confidence, mgs) WITH ORDINALITY x WHERE x.metric = m
		         ORDER BY (x.status = 'unknown_group'), x.ordinality LOOP
			IF r.status = 'suppressed' THEN
				body := body || format('<tr class="row-muted"><th scope="row">%s</th><td colspan="7">suppressed: fewer than %s rows</td><td>suppressed</td></tr>',
					fairness.html_escape(coalesce(r.group_name, 'Unknown group')), mgs);
			ELSE
				body := body || format('<tr class="row-%s"><th scope="row">%s%s</th><td class="num">%s</td><td class="num">%s [%s&#8211;%s]</td><td class="num">%s</td><td class="num">%s</td><td>%s</td><td class="num">%s</td><td class="num">%s</td><td>%s</td></tr>',
					CASE r.status WHEN 'disparity' THEN 'fail' WHEN 'possible_disparity' THEN 'warn' WHEN 'reference' THEN 'ref' ELSE 'plain' END,
					CASE WHEN r.status = 'reference' THEN '&#9733; ' ELSE '' END,
					fairness.html_escape(coalesce(r.group_name, 'Unknown group')),
					coalesce(r.n::text, '&#8212;'),
					fairness.html_num(r.value, 'percent'), fairness.html_num(r.ci_low, 'percent'), fairness.html_num(r.ci_high, 'percent'),
					CASE WHEN r.ratio IS NULL THEN '&#8212;' WHEN r.ratio_ci_low IS NULL THEN fairness.html_num(r.ratio, 'ratio') ELSE format('%s [%s&#8211;%s]', fairness.html_num(r.ratio, 'ratio'),
						fairness.html_num(r.ratio_ci_low, 'ratio'), fairness.html_num(r.ratio_ci_high, 'ratio')) END,
					CASE WHEN r.difference IS NULL THEN '&#8212;' WHEN r.difference_ci_low IS NULL THEN fairness.html_num(r.difference, 'percent') ELSE format('%s [%s&#8211;%s]', fairness.html_num(r.difference, 'percent'),
						fairness.html_num(r.difference_ci_low, 'percent'), fairness.html_num(r.difference_ci_high, 'percent')) END,
					fairness.html_escape(coalesce(r.test, '')), fairness.html_num(r.p_value, 'p'), fairness.html_num(r.p_value_adjusted, 'p'),
					fairness.html_escape(replace(r.status, '_', ' ')));
			END IF;
		END LOOP;
		body := body || '</tbody></table>';
	END LOOP;
	body := body || '</section>';

	-- the method
	body := body || format($m$<section class="method" id="method"><h2>Method</h2>
<ul>%s</ul>
<p><b>Reference group.</b> Each group is compared with %s (by default the largest group with a known attribute).</p>
<p><b>Intervals.</b> A rate's interval is the Wilson score interval (or Clopper-Pearson when asked) at %s%% confidence; the difference to the reference rate has a Newcombe interval, the ratio a Katz log interval.</p>
<p><b>Tests.</b> Each group's rate is compared with the reference group's by a two-proportion z-test, or Fisher's exact test for small counts (column Test). The p-values of all groups and rates of the report are adjusted together by Holm's step-down method (a rate and its complement, such as TPR and FNR, count once).</p>
<p><b>Status.</b> A rate whose ratio to the reference rate lies outside [%s, %s] (the four-fifths rule for 0.8) is a <i>disparity</i> when its Holm-adjusted p-value is below %s, otherwise a <i>possible disparity</i>; inside the band it is <i>ok</i>. Groups with fewer than %s rows are <i>suppressed</i>: no rate is shown for them, to protect small groups and avoid noisy verdicts. Rows whose protected attribute is missing form the unknown group, shown apart and never compared.</p>
<p>All numbers come from <code>fairness.report</code>; the same query gives them in SQL.</p></section>$m$,
		(SELECT string_agg(format('<li><b>%s</b>: %s.</li>', fairness.html_escape(names ->> mm), fairness.html_escape(defs ->> mm)), '')
		   FROM unnest(metrics) mm),
		coalesce('<b>' || fairness.html_escape(ref_group) || '</b>', 'no group'),
		round((confidence * 100)::numeric, 1), round(thr::numeric, 3), round((1 / thr)::numeric, 3),
		round((1 - confidence)::numeric, 3), mgs);

	PERFORM set_config('fairness.impact_ratio_threshold', old_thr, true);
	RETURN fairness.html_document(
		coalesce(title, 'Fairness audit report'),
		'Decisions by group: rates, intervals and verdicts against the reference group.',
		body,
		jsonb_build_object(
			'Source', coalesce(source, 'a fairness.confusion summary'),
			'Rows', fairness.total(c)::text,
			'Groups', fairness.group_count(c)::text,
			'Protected attributes', fairness.attributes(c)::text,
			'Weighted', CASE WHEN fairness.is_weighted(c) THEN 'yes (weighted rates; intervals and tests on row counts)' ELSE 'no' END,
			'Confidence level', confidence::text,
			'Impact ratio threshold', thr::text,
			'Minimum group size', mgs::text,
			'Generated at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'),
			'Extension version', 'fairness ' || fairness.version(),
			'Database server', 'PostgreSQL ' || current_setting('server_version')));
END
$fn$;

COMMENT ON FUNCTION fairness.report_html(fairness.confusion, text, text[], float8, integer, float8, text, text) IS
'A complete, self-contained HTML document (inline SVG and CSS, no script, no external resource) of fairness.report: for each selected rate one bar per group with its confidence interval, the reference group starred, the impact ratio band (impact_ratio_threshold, default: setting fairness.impact_ratio_threshold) shaded, failing groups coloured and labelled with their status, suppressed groups (fewer than min_group_size rows) without a value, the unknown group apart; then the table of numbers, the method and the provenance. Every group name is HTML-escaped. A NULL summary gives NULL. Save it as UTF-8.';
