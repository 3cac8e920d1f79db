-- HTML documents of the compliance reports (fairness.compliance_html):
-- structure, one bar per category, the regulator's tables, escaping of
-- hostile category names, errors and the caller's rights (rendering in
-- headless Chromium: test stage 85-html).
\set SHOW_CONTEXT never

-- the resume-screening example of the DCWP final rule (6 RCNY 5-301)
CREATE TABLE ch_applicants (sex text, race_ethnicity text, selected boolean);
\copy ch_applicants FROM 'test/data/ll144_selection.csv' WITH (FORMAT csv, HEADER)
-- hostile category names: markup, quotes, ampersands, a very long name
CREATE TABLE ch_hostile_applicants AS
SELECT CASE WHEN i % 2 = 0 THEN 'Female' ELSE 'Male' END AS sex,
       CASE i % 4 WHEN 0 THEN '<script>alert("x")</script>' WHEN 1 THEN 'O''Brien & "Sons" <b>'
                  WHEN 2 THEN repeat('Very long category name ', 8) || 'end' ELSE NULL END AS race,
       i % 3 = 0 AS hired
FROM generate_series(1, 400) i;
CREATE TABLE ch_staff (name text, sex text, job text, base numeric, bonus numeric, hours numeric);
INSERT INTO ch_staff VALUES
  ('Ana',   'F', 'engineer', 52000, 3000, 1607), ('Bruno', 'M', 'engineer', 56000, 6000, 1607),
  ('Chloe', 'F', 'engineer', 54000,    0, 1400), ('Dario', 'M', 'engineer', 53000, 2000, 1607),
  ('Eva',   'F', 'support',  31000,  500, 1607), ('Farid', 'M', 'support',  31000,    0, 1607),
  ('Greta', 'F', 'support',  31000,    0, 1200), ('Hugo',  'M', 'support',  33000, 1000, 1607),
  ('Ines',  'F', '<i>"sales"</i> & co', 38000, 9000, 1607), ('Jonas', 'M', '<i>"sales"</i> & co', 36000, 7000, 1607),
  ('Karin', 'F', '<i>"sales"</i> & co', 37000, 4000,  800), ('Lucas', 'M', '<i>"sales"</i> & co', 38000,    0, 1607),
  ('Mika',  NULL, 'support', 35000,    0, 1607);
CREATE TABLE ch_employees (id int, sex text, age int, csp text, pay numeric, raised boolean, promoted boolean,
                        back_from_maternity boolean, raised_on_return boolean);
INSERT INTO ch_employees
SELECT i, CASE WHEN (i * 7) % 10 < 4 THEN 'F' ELSE 'M' END, 22 + (i * 13) % 41,
       (ARRAY['ouvriers', 'employes', 'techniciens_agents_maitrise', 'ingenieurs_cadres'])[1 + i % 4],
       (ARRAY[24000, 28000, 35000, 52000])[1 + i % 4] * (1 + ((i * 13) % 41) / 80.0)
         * CASE WHEN (i * 7) % 10 < 4 THEN 0.95 ELSE 1 END + (i * 31) % 900,
       (i * 11) % 10 < 4, (i * 3) % 20 = 0, (i * 7) % 10 < 4 AND i % 37 = 0, i % 111 <> 0
FROM generate_series(1, 320) i;

CREATE TABLE ch_employees_small AS SELECT * FROM ch_employees WHERE id <= 12 AND NOT back_from_maternity;

CREATE TABLE ch_docs AS
SELECT 'll144' AS kind, fairness.compliance_html('ll144', 'ch_applicants',
         '{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity", "selected_column": "selected"}') AS html
UNION ALL
SELECT 'll144_hostile', fairness.compliance_html('ll144', 'ch_hostile_applicants',
         '{"sex_column": "sex", "race_ethnicity_column": "race", "selected_column": "hired"}',
         title => '<script>alert(1)</script> & "t"', source => '</dd><img src=x>')
UNION ALL
SELECT 'eu', fairness.compliance_html('eu_pay_transparency', 'ch_staff',
         '{"sex_column": "sex", "base_pay_column": "base", "variable_pay_column": "bonus", "hours_column": "hours", "category_column": "job"}')
UNION ALL
SELECT 'egapro', fairness.compliance_html('egapro', 'ch_employees',
         '{"sex_column": "sex", "age_column": "age", "csp_column": "csp", "pay_column": "pay", "raised_column": "raised",
           "promoted_column": "promoted", "maternity_return_column": "back_from_maternity", "raised_after_maternity_column": "raised_on_return"}')
UNION ALL
-- twelve employees, none back from maternity leave: indicators 1, 2, 3, 4
-- and the index are not calculable
SELECT 'egapro_nc', fairness.compliance_html('egapro', 'ch_employees_small',
         '{"sex_column": "sex", "age_column": "age", "csp_column": "csp", "pay_column": "pay", "raised_column": "raised",
           "promoted_column": "promoted", "maternity_return_column": "back_from_maternity", "raised_after_maternity_column": "raised_on_return"}');

-- one complete document each: doctype, no script, no external resource,
-- every chart with a <title>, a <desc> and a table alternative
SELECT kind, html LIKE '<!DOCTYPE html>%' AS doctype, regexp_count(html, '</html>\s*$') AS closed,
       regexp_count(html, '<script', 1, 'i') AS scripts, regexp_count(html, 'https?://|<[^>]*\s(src|href|xlink:href)=|@import|url\([^#]', 1, 'i') AS external,
       regexp_count(html, '<svg') AS svgs, regexp_count(html, '<svg[^>]*>(<title id=[^>]*>[^<]+</title>)(<desc id=[^>]*>[^<]+</desc>)') AS svgs_with_title_desc,
       regexp_count(html, '<details><summary>Table for this chart') AS chart_tables,
       regexp_count(html, '<section[^>]* id="(numbers|charts|method|provenance)"') AS sections
FROM ch_docs ORDER BY kind;

-- LL144: one bar per category and the unknown category in each chart
-- (sex: 2 + 1, race/ethnicity: 7 + 1, intersection: 14 + 1); the highest
-- rate starred; Female / Native American or Alaska Native (0.789 in the
-- published example) is the one category below 0.8
SELECT t.chart, regexp_count(f, '<g class="bar ') AS bars, regexp_count(f, 'data-role="reference"') AS starred,
       regexp_count(f, 'data-role="unknown"') AS unknown, regexp_count(f, 'data-status="below_0.8"') AS below_08,
       regexp_count(f, 'class="band"') AS band_08,
       regexp_count(f, '<tr class="row-') AS table_rows
FROM ch_docs, unnest(ARRAY['sex', 'race_ethnicity', 'intersectional']) WITH ORDINALITY AS t(chart, o),
     LATERAL substring(html, '<figure class="chart" id="chart-ll144-' || t.chart || '">.*?</figure>') AS f
WHERE kind = 'll144' ORDER BY t.o;
-- the three tables of 6 RCNY 5-301: rows, the published figures, the unknown category
SELECT t.tab, regexp_count(tb, '<tr') - 1 AS rows, regexp_count(tb, 'data-unknown="true"') AS unknown_rows,
       regexp_count(tb, 'under 2 % of the applicants') AS under_2_percent
FROM ch_docs, unnest(ARRAY['sex', 'race_ethnicity', 'intersectional']) WITH ORDINALITY AS t(tab, o),
     LATERAL substring(html, '<table class="numbers" data-table="' || t.tab || '">.*?</table>') AS tb
WHERE kind = 'll144' ORDER BY t.o;
SELECT html LIKE '%<th scope="row">Female</th><td class="num">1,181</td><td class="num">555</td><td class="num">47.0%</td><td class="num">0.979</td>%' AS female_row,
       html LIKE '%<th scope="row">&#9733; Male / White</th><td class="num">412</td><td class="num">215</td><td class="num">52.2%</td><td class="num">1.000</td>%' AS highest_intersection,
       regexp_count(html, 'the tool also assessed 250 individuals') AS unknown_notes,
       regexp_count(html, '<li><b>2,821</b>individuals assessed</li>') AS assessed
FROM ch_docs WHERE kind = 'll144';
-- the 2 % rule applied (6 RCNY 5-301(d)): the small categories keep their
-- rows but have no bar length and no impact ratio; a scoring audit names
-- its columns after the median
SELECT regexp_count(h, 'data-status="excluded"') AS excluded_bars,
       regexp_count(h, 'excluded from the impact ratios') AS excluded_rows,
       regexp_count(h, 'data-status="below_0.8"') AS below_08
FROM fairness.compliance_html('ll144', 'ch_applicants', '{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity",
       "selected_column": "selected", "exclude_below_2_percent": true}') AS h;
CREATE TABLE ch_scored (sex text, race_ethnicity text, score numeric);
\copy ch_scored FROM 'test/data/ll144_scoring.csv' WITH (FORMAT csv, HEADER)
SELECT regexp_count(h, '<th scope="col">Number scoring above the median</th><th scope="col">Scoring rate</th>') AS scoring_tables,
       regexp_count(h, '<g class="bar ') = (SELECT count(*) FROM fairness.ll144_report('ch_scored', 'sex', 'race_ethnicity', score_column => 'score')) AS one_bar_per_row
FROM fairness.compliance_html('ll144', 'ch_scored', '{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity", "score_column": "score"}') AS h;

-- the methodology is the annex of fairness.methodology, the provenance names the source
SELECT kind, html LIKE '%<section class="method" id="method">%' AS method,
       strpos(html, fairness.html_escape(split_part(fairness.methodology(CASE WHEN kind LIKE 'll144%' THEN 'll144' WHEN kind = 'eu' THEN 'eu_pay_transparency' ELSE 'egapro' END), E'\n', 1))) > 0 AS methodology_text,
       substring(html, '<dt>Source</dt><dd>([^<]*)</dd>') AS source,
       substring(html, '<dt>Rows in the source</dt><dd>([0-9]+) ') AS rows
FROM ch_docs ORDER BY kind;

-- hostile names are escaped everywhere: never raw markup or quotes
SELECT kind, regexp_count(html, '<script>alert') AS raw_script, regexp_count(html, '<b>"Sons"|"Sons"|<img src') AS raw_other,
       strpos(html, '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;') > 0 AS escaped_script,
       regexp_count(html, 'O&#39;Brien &amp; &quot;Sons&quot; &lt;b&gt;') > 0 AS escaped_quotes,
       html LIKE '%<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;t&quot;</title>%' AS escaped_title,
       html LIKE '%&lt;/dd&gt;&lt;img src=x&gt;%' AS escaped_source
FROM ch_docs WHERE kind = 'll144_hostile';
-- the long name is cut in the chart (ellipsis), whole in its <title> and in the table
SELECT regexp_count(html, 'Very long category name V&#8230;<title>') AS cut_labels,
       regexp_count(html, '<title>' || repeat('Very long category name ', 8) || 'end</title>') AS full_titles
FROM ch_docs WHERE kind = 'll144_hostile';

-- EU: per basis, the indicator table (a)-(e), four quartile bands of two
-- segments each, the categories with the Art. 10 trigger marked
SELECT b.basis,
       regexp_count(substring(html, '<table class="numbers" data-table="gaps-' || b.basis || '">.*?</table>'), '<tr class="row-plain"') AS a_to_e,
       regexp_count(substring(html, '<figure class="chart" id="chart-eu-quartiles-' || b.basis || '">.*?</figure>'), '<g class="bar ') AS bands,
       regexp_count(substring(html, '<figure class="chart" id="chart-eu-quartiles-' || b.basis || '">.*?</figure>'), '<rect class="seg"') AS segments,
       regexp_count(substring(html, '<figure class="chart" id="chart-eu-categories-' || b.basis || '">.*?</figure>'), '<g class="bar ') AS categories,
       regexp_count(substring(html, '<figure class="chart" id="chart-eu-categories-' || b.basis || '">.*?</figure>'), 'data-status="flagged"') AS flagged,
       regexp_count(substring(html, '<table class="numbers" data-table="categories-' || b.basis || '">.*?</table>'), '<tr class="row-fail"') AS flagged_rows,
       substring(html, '<p data-unknown="([0-9]+)"') AS left_out
FROM ch_docs, unnest(ARRAY['annual', 'hourly']) WITH ORDINALITY AS b(basis, o)
WHERE kind = 'eu' ORDER BY b.o;
-- the flags agree with the report, the escaped category is flagged too
SELECT r.basis, string_agg(coalesce(r.category, '(none)') || ':' || r.flagged, ', ' ORDER BY r.category) AS report_flags
FROM fairness.pay_transparency_report('ch_staff', 'sex', 'base', 'bonus', 'hours', 'job') r
WHERE r.indicator = 'g' GROUP BY r.basis ORDER BY r.basis;
SELECT regexp_count(html, '<i>"sales"') AS raw, regexp_count(html, '&lt;i&gt;&quot;sales&quot;&lt;/i&gt; &amp; co') AS escaped,
       html LIKE '%<th scope="row">Band 1 (lowest pay)</th><td class="num">31,500</td><td class="num">66.7% (2)</td><td class="num">33.3% (1)</td>%' AS band_1
FROM ch_docs WHERE kind = 'eu';

-- Egapro: the declaration table, the index against 75 and 85; NC shown as such
SELECT kind, regexp_count(substring(html, '<table class="numbers" data-table="egapro">.*?</table>'), '<tr class="row-') AS indicator_rows,
       regexp_count(substring(html, '<table class="numbers" data-table="egapro">.*?</table>'), '<tr class="row-muted"') AS not_calculable_rows,
       substring(html, '<li><b>([0-9NC]+)</b>index out of 100</li>') AS index,
       substring(substring(html, '<figure class="chart" id="chart-egapro-index">.*?</figure>'), 'data-status="([a-z_0-9]+)"') AS index_status,
       regexp_count(substring(html, '<figure class="chart" id="chart-egapro-points">.*?</figure>'), '<g class="bar ') AS point_bars,
       regexp_count(html, 'catch-up rule') AS catch_up_notes
FROM ch_docs WHERE kind LIKE 'egapro%' ORDER BY kind;
SELECT indicator, calculable, points FROM fairness.egapro_index('ch_employees_small', 'sex', 'age', 'csp', 'pay', 'raised', 'promoted',
       'back_from_maternity', 'raised_on_return');

-- errors come from fairness.compliance_report, with their SQLSTATE
SELECT fairness.compliance_html('uk_gender_pay_gap', 'ch_staff', '{}');
SELECT fairness.compliance_html('ll144', 'ch_applicants', NULL);
SELECT fairness.compliance_html(NULL, 'ch_applicants', '{}');
SELECT fairness.compliance_html('ll144', NULL, '{"sex_column": "sex"}');
SELECT fairness.compliance_html('ll144', 'ch_applicants', '{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity"}');
-- an empty relation gives a document without bars but with the unknown rows
CREATE TABLE ch_no_applicants (LIKE ch_applicants);
SELECT regexp_count(h, '<g class="bar ') AS bars, regexp_count(h, 'data-role="unknown"') AS unknown_bars, regexp_count(h, 'No applicant of known category') AS empty_tables
FROM fairness.compliance_html('ll144', 'ch_no_applicants', '{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity", "selected_column": "selected"}') AS h;

-- the caller's rights: no privilege, no document; row-level security applies
CREATE ROLE regress_html_reader;
GRANT USAGE ON SCHEMA fairness TO regress_html_reader;
SET ROLE regress_html_reader;
SELECT fairness.compliance_html('ll144', 'ch_applicants', '{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity", "selected_column": "selected"}');
RESET ROLE;
GRANT SELECT ON ch_applicants TO regress_html_reader;
ALTER TABLE ch_applicants ENABLE ROW LEVEL SECURITY;
CREATE POLICY only_women ON ch_applicants TO regress_html_reader USING (sex = 'Female');
SET ROLE regress_html_reader;
SELECT substring(h, '<dt>Rows in the source</dt><dd>([0-9]+) ') AS rows_seen,
       regexp_count(substring(h, '<figure class="chart" id="chart-ll144-sex">.*?</figure>'), '<g class="bar ') AS sex_bars,
       substring(h, '<dt>Read as role</dt><dd>([a-z_]+) ') AS read_as
FROM fairness.compliance_html('ll144', 'ch_applicants', '{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity", "selected_column": "selected"}') AS h;
RESET ROLE;
DROP POLICY only_women ON ch_applicants;
ALTER TABLE ch_applicants DISABLE ROW LEVEL SECURITY;
REVOKE SELECT ON ch_applicants FROM regress_html_reader;
REVOKE USAGE ON SCHEMA fairness FROM regress_html_reader;
DROP ROLE regress_html_reader;

-- audit slice labels: readable, like group labels (was a JSON array)
SELECT fairness.audit_slice_label('{}') AS no_slice, fairness.audit_slice_label('{v2}') AS one,
       fairness.audit_slice_label('{NULL}') IS NULL AS one_null, fairness.audit_slice_label('{v2,EMEA}') AS two,
       fairness.audit_slice_label(ARRAY['v2', NULL, '"q"']) AS three;
SELECT col_description('fairness.latest_audit_report'::regclass, a.attnum) LIKE '%joined by " × "%' AS readable_comment, a.attname
FROM pg_attribute a WHERE a.attrelid = 'fairness.latest_audit_report'::regclass AND a.attname IN ('slice', 'group_name') ORDER BY a.attname;

-- a report audit's document (fairness.audit_html): the compliance document of
-- its latest successful run, from the rows that run stored, with the history
-- of its runs; the same bars and tables as compliance_html on the same data
SELECT fairness.create_audit('ll144 html', 'ch_applicants', report => 'll144',
       report_options => '{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity", "selected_column": "selected"}') > 0 AS created;
SELECT substring(fairness.audit_html('ll144 html'), 'No successful run to show yet') AS before_any_run;
SELECT fairness.run_audit('ll144 html') > 0 AS ran;
SELECT fairness.run_audit('ll144 html') > 0 AS ran;
WITH d AS (SELECT fairness.audit_html('ll144 html') AS a,
                  fairness.compliance_html('ll144', 'ch_applicants', '{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity", "selected_column": "selected"}') AS c)
SELECT regexp_count(a, '<g class="bar ') AS audit_bars, regexp_count(c, '<g class="bar ') AS direct_bars,
       regexp_count(a, '<tr>') - regexp_count(c, '<tr>') AS extra_rows,
       substring(a, '<main>(.*)<section id="history">') = substring(c, '<main>(.*)<section class="method"') AS same_report,
       substring(a, '<dt>Read as role</dt><dd>([a-z_]+) ') = current_user AS read_as_owner,
       substring(a, '<dt>Audit</dt><dd>([^<]*)</dd>') AS audit_line,
       regexp_count(a, '<td>succeeded</td>') AS succeeded_runs,
       position('<script' IN a) = 0 AS no_script
FROM d;
SELECT fairness.drop_audit('ll144 html');
