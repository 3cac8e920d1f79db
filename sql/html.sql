-- HTML reports: structure, escaping, NULL and empty summaries (the
-- rendering itself is checked in headless Chromium by test stage 85-html).
\set SHOW_CONTEXT never
CREATE TABLE h (g text, a boolean, p boolean, s float8, v float8);
INSERT INTO h
SELECT CASE i % 5 WHEN 0 THEN 'A' WHEN 1 THEN 'B' WHEN 2 THEN '<i>"C" & ''D''</i>' WHEN 3 THEN 'tiny' ELSE NULL END
       || CASE WHEN i % 5 = 3 AND i > 40 THEN 'x' ELSE '' END,
       i % 3 = 0, i % 4 < 2, (i % 10) / 10.0, 100 + i % 37
FROM generate_series(1, 500) i;

SELECT fairness.html_escape('<a href="x">O''Neil & co</a>') AS escaped, fairness.html_escape(NULL) = '' AS null_is_empty;
SELECT fairness.html_num(0.41234, 'percent') AS pct, fairness.html_num(0.00001, 'p') AS p, fairness.html_num(1234567) AS big,
       fairness.html_num(NULL) AS missing, fairness.html_num('NaN') AS nan;

CREATE TABLE docs AS
SELECT 'confusion' AS kind, fairness.report_html(fairness.confusion(g, a, p), 'A', min_group_size => 9) AS html FROM h
UNION ALL
SELECT 'scores', fairness.report_html(fairness.scores(g, a, s, 10, 0, 1), 'A', min_group_size => 9) FROM h
UNION ALL
SELECT 'outcomes', fairness.report_html(fairness.outcomes(g, v), 'A', min_group_size => 9, rel => 'h', group_column => 'g', value_column => 'v') FROM h;

-- one document each: doctype, one html, no script, no external resource
SELECT kind, html LIKE '<!DOCTYPE html>%' AS doctype, regexp_count(html, '<html') AS html,
       regexp_count(html, '</html>\s*$') AS closed,
       regexp_count(html, '<script', 1, 'i') AS scripts, regexp_count(html, 'https?://|\ssrc=|\shref=', 1, 'i') AS external,
       regexp_count(html, '<svg') AS svgs, regexp_count(html, '<svg[^>]*>(<title id=[^>]*>[^<]+</title>)(<desc id=[^>]*>[^<]+</desc>)') AS svgs_with_title_desc,
       regexp_count(html, '<details><summary>Table for this chart') AS chart_tables
FROM docs ORDER BY kind;
-- the hostile name is escaped everywhere: never raw markup
SELECT kind, regexp_count(html, '<i>"C"') AS raw, regexp_count(html, '&lt;i&gt;&quot;C&quot; &amp; &#39;D&#39;&lt;/i&gt;') > 0 AS escaped
FROM docs ORDER BY kind;
-- bars per chart of the decision report: 6 groups (A, B, C, tiny, tinyx,
-- unknown); tiny (8 rows) is suppressed, the unknown group apart
SELECT regexp_count(html, '<g class="bar ') AS bars, regexp_count(html, 'data-role="suppressed"') AS suppressed,
       regexp_count(html, 'data-role="unknown"') AS unknown, regexp_count(html, 'data-role="reference"') AS reference,
       regexp_count(html, 'class="band"') AS bands
FROM docs WHERE kind = 'confusion';
-- the reference given as a JSON array, readable labels of intersections
SELECT regexp_count(fairness.report_html(fairness.confusion(ARRAY[g, CASE WHEN a THEN 'y' ELSE 'n' END], a, p), '["A", "y"]'),
                    '&#9733; A &#215; y|&#9733; A × y') > 0 AS starred_reference
FROM h;

-- NULL and empty summaries, bad arguments
SELECT fairness.report_html(NULL::fairness.confusion);
SELECT fairness.report_html(NULL::fairness.scores);
SELECT fairness.report_html(NULL::fairness.outcomes);
SELECT regexp_count(fairness.report_html('{"version":1,"attributes":1,"groups":[]}'::fairness.confusion), 'No group has a value') AS empty_charts;
SELECT fairness.report_html((SELECT fairness.confusion(g, a, p) FROM h), metrics => '{selection_rate,bogus}');
SELECT fairness.report_html((SELECT fairness.confusion(g, a, p) FROM h), 'Z');
SELECT fairness.report_html((SELECT fairness.outcomes(g, v) FROM h), rel => 'h');
-- the threshold argument is used and the setting restored
SET fairness.impact_ratio_threshold = 0.8;
SELECT regexp_count(fairness.report_html((SELECT fairness.confusion(g, a, p) FROM h), impact_ratio_threshold => 0.5), '\[0\.500, 2\.000\]') AS band_in_method,
       current_setting('fairness.impact_ratio_threshold') AS setting_after;
RESET fairness.impact_ratio_threshold;
