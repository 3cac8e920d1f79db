#!/bin/bash
# HTML reports (fairness.report_html, audit_html, compliance_html) rendered
# in headless Chromium: the documents are self-contained (no script, no
# external resource, nothing fetched), every chart has one bar per group or
# category with its name, a <title>, a <desc> and a table alternative, long
# and hostile names neither overflow nor inject markup, suppressed groups
# show no number, and the documents print to PDF and render to a non-blank
# screenshot.
source "$(dirname "$0")/lib.sh"
in_cluster "$@"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

jqt() {	# jq -e, quietly: a check
	jq -e "$@" >/dev/null
}
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--hide-scrollbars --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>/dev/null
}

q <<'SQL' >/dev/null
CREATE EXTENSION fairness;
CREATE TABLE compas (entity_id int, score float8, label_value int, race text, sex text, age_cat text);
\copy compas FROM 'test/data/compas.csv' WITH (FORMAT csv, HEADER)
UPDATE compas SET race = NULL WHERE entity_id % 97 = 0;
-- hostile group names: markup, quotes, ampersands, a very long name
CREATE TABLE hostile AS
SELECT CASE i % 4 WHEN 0 THEN '<script>alert("x")</script>' WHEN 1 THEN 'O''Brien & "Sons" <b>'
                  WHEN 2 THEN repeat('Very long group name ', 12) || 'end' ELSE NULL END AS g,
       i % 3 = 0 AS a, i % 5 < 2 AS p, (i % 10) / 10.0 AS s, 1000 + i % 300 AS v
FROM generate_series(1, 400) i;
CREATE TABLE pay AS
SELECT CASE WHEN i % 3 = 0 THEN 'F' WHEN i % 3 = 1 THEN 'M' WHEN i % 50 = 2 THEN NULL ELSE 'X' END AS gender,
       30000 + (i * 7919) % 20000 + CASE WHEN i % 3 = 1 THEN 3000 ELSE 0 END AS pay
FROM generate_series(1, 600) i;
\i test/demo_hiring.sql
SELECT fairness.create_audit('hiring', 'hiring_decisions', '{gender}', 'qualified', 'hired',
                             slice_columns => '{model_version}', reference => 'male');
SELECT fairness.run_audit('hiring');
SELECT fairness.run_audit('hiring');
-- compliance reports: the DCWP example of Local Law 144, hostile and long
-- category names, an EU pay report on two bases, an Index Egapro
CREATE TABLE applicants (sex text, race_ethnicity text, selected boolean);
\copy applicants FROM 'test/data/ll144_selection.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE hostile_applicants AS
SELECT CASE WHEN i % 2 = 0 THEN 'Female' ELSE 'Male' END AS sex,
       CASE i % 4 WHEN 0 THEN '<script>alert("x")</script>' WHEN 1 THEN 'O''Brien & "Sons" <b>'
                  WHEN 2 THEN repeat('Very long category name ', 8) || 'end' ELSE NULL END AS race,
       i % 3 = 0 OR i % 4 = 1 AS hired
FROM generate_series(1, 400) i;
CREATE TABLE staff AS
SELECT CASE WHEN i % 7 = 0 THEN NULL WHEN i % 2 = 0 THEN 'F' ELSE 'M' END AS sex,
       (ARRAY['engineer', 'support', '<script>alert("x")</script>', repeat('Very long category of workers ', 5)])[1 + i % 4] AS job,
       30000 + (i * 7919) % 25000 + CASE WHEN i % 2 = 1 THEN 2500 ELSE 0 END AS base,
       CASE WHEN i % 3 = 0 THEN (i * 31) % 4000 ELSE 0 END AS bonus,
       CASE WHEN i % 5 = 0 THEN 1000 ELSE 1607 END AS hours
FROM generate_series(1, 240) i;
CREATE TABLE employees (id int, sex text, age int, csp text, pay numeric, raised boolean, promoted boolean,
                        back_from_maternity boolean, raised_on_return boolean);
INSERT INTO employees
SELECT i, CASE WHEN (i * 7) % 10 < 4 THEN 'F' ELSE 'M' END, 22 + (i * 13) % 41,
       (ARRAY['ouvriers', 'employes', 'techniciens_agents_maitrise', 'ingenieurs_cadres'])[1 + i % 4],
       (ARRAY[24000, 28000, 35000, 52000])[1 + i % 4] * (1 + ((i * 13) % 41) / 80.0)
         * CASE WHEN (i * 7) % 10 < 4 THEN 0.95 ELSE 1 END + (i * 31) % 900,
       (i * 11) % 10 < 4, (i * 3) % 20 = 0, (i * 7) % 10 < 4 AND i % 37 = 0, i % 111 <> 0
FROM generate_series(1, 320) i;
SQL

render() {	# name sql
	q -c "$2" > "$work/$1.html"
}
render confusion "SELECT fairness.report_html(fairness.confusion(race, label_value = 1, score = 1), 'Caucasian', min_group_size => 30, title => 'COMPAS') FROM compas"
render intersect "SELECT fairness.report_html(fairness.confusion(ARRAY[sex, race], label_value = 1, score = 1), '[\"Male\", \"Caucasian\"]', '{selection_rate,fpr,fnr}') FROM compas"
render hostile "SELECT fairness.report_html(fairness.confusion(g, a, p), title => '<script>alert(1)</script> & \"t\"', source => '</dd><img src=x>') FROM hostile"
render scores "SELECT fairness.report_html(fairness.scores(race, label_value = 1, ((entity_id * 7919) % 1000) / 1000.0 * 0.5 + label_value * 0.4, 20, 0, 1), 'Caucasian', min_group_size => 30) FROM compas"
render scores_hostile "SELECT fairness.report_html(fairness.scores(g, a, s, 10, 0, 1)) FROM hostile"
render outcomes "SELECT fairness.report_html(fairness.outcomes(gender, pay), 'M', rel => 'pay', group_column => 'gender', value_column => 'pay') FROM pay"
render outcomes_hostile "SELECT fairness.report_html(fairness.outcomes(g, v)) FROM hostile"
render audit "SELECT fairness.audit_html('hiring')"
ll144_opts='{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity", "selected_column": "selected"}'
eu_opts='{"sex_column": "sex", "base_pay_column": "base", "variable_pay_column": "bonus", "hours_column": "hours", "category_column": "job"}'
egapro_opts='{"sex_column": "sex", "age_column": "age", "csp_column": "csp", "pay_column": "pay", "raised_column": "raised", "promoted_column": "promoted", "maternity_return_column": "back_from_maternity", "raised_after_maternity_column": "raised_on_return"}'
render ll144 "SELECT fairness.compliance_html('ll144', 'applicants', '$ll144_opts')"
render ll144_hostile "SELECT fairness.compliance_html('ll144', 'hostile_applicants', '{\"sex_column\": \"sex\", \"race_ethnicity_column\": \"race\", \"selected_column\": \"hired\"}')"
render eu "SELECT fairness.compliance_html('eu_pay_transparency', 'staff', '$eu_opts')"
render egapro "SELECT fairness.compliance_html('egapro', 'employees', '$egapro_opts')"
docs="confusion intersect hostile scores scores_hostile outcomes outcomes_hostile audit ll144 ll144_hostile eu egapro"

# ---- self-contained and inert, on the raw text ----
for d in $docs; do
	f=$work/$d.html
	check "$d: a complete HTML document" grep -q '^</html>$' "$f"
	check "$d: starts with the doctype" bash -c "head -1 '$f' | grep -qx '<!DOCTYPE html>'"
	same "$d: no script element, event handler or javascript: URL" "0" \
		"$(grep -ciE '<script|[[:space:]]on[a-z]+=|javascript:' "$f")"
	same "$d: no external resource (http(s)://, a src or href attribute, @import, url() other than #)" "0" \
		"$(grep -ciE 'https?://|<[^>]*[[:space:]](src|href|xlink:href)=|@import|url\([^#]' "$f")"
	same "$d: no img, iframe, object, embed, link or meta refresh element" "0" \
		"$(grep -ciE '<(img|iframe|object|embed|link)[[:space:]>]|http-equiv' "$f")"
done
same "hostile: the group and title markup is escaped" "4" \
	"$(grep -c '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' "$work/hostile.html" | tr -d ' ' | sed 's/^[1-9][0-9]*$/4/')"
check "hostile: the title is escaped" grep -q '<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;t&quot;</title>' "$work/hostile.html"
check "hostile: the source is escaped" grep -q '&lt;/dd&gt;&lt;img src=x&gt;' "$work/hostile.html"

# ---- laid out by Chromium: the measurements of test/html/measure.js ----
measure() {	# name -> JSON; $work/name.resources: what the page fetched
	{ cat "$work/$1.html"; printf '<script>\n'; cat test/html/measure.js
	  # every resource the page asked for (images, fonts, styles, frames), as
	  # seen by the browser's resource timing: none for a self-contained page
	  printf '%s\n' "(function () { var p = document.createElement('pre'); p.id = 'fairness-resources';" \
		"p.textContent = String(performance.getEntriesByType('resource').length); document.body.appendChild(p); })();"
	  printf '</script>\n'; } > "$work/$1.test.html"
	chrome --window-size=1000,1400 --dump-dom "file://$work/$1.test.html" > "$work/$1.dom"
	sed -n 's:.*<pre id="fairness-resources">\([0-9]*\)</pre>.*:\1:p' "$work/$1.dom" > "$work/$1.resources"
	sed -n 's:.*<pre id="fairness-test-result">\([^<]*\)</pre>.*:\1:p' "$work/$1.dom" |
		sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
}
expected_names() {	# summary sql, metric -> sorted names, one a line
	q -c "SELECT coalesce(group_name, 'Unknown group') FROM fairness.report(($1), NULL, 0.95, 30) WHERE metric = '$2'" | LC_ALL=C sort
}
for d in $docs; do
	measure "$d" > "$work/$d.json"
	check "$d: Chromium laid out the document (measurements read back)" jqt '.charts | length > 0' "$work/$d.json"
	same "$d: every chart has an SVG <title> and <desc>" "0" \
		"$(jq '[.charts[] | select(.title == "" or .desc == "")] | length' "$work/$d.json")"
	same "$d: every chart has a table alternative" "0" "$(jq '[.charts[] | select(.table | not)] | length' "$work/$d.json")"
	same "$d: no group label overflows its column" "0" "$(jq '[.charts[].labelsOverflow] | add' "$work/$d.json")"
	same "$d: every group label carries the full name in a <title>" "0" "$(jq '[.charts[].labelsWithoutTitle] | add' "$work/$d.json")"
	same "$d: no bar leaves the plot area" "0" "$(jq '[.charts[].barOutsidePlot] | add' "$work/$d.json")"
	same "$d: no suppressed group shows a number" "0" "$(jq '[.charts[].suppressedWithNumber] | add' "$work/$d.json")"
	same "$d: the page does not overflow horizontally at 1000 px" "false" "$(jq '.pageOverflow' "$work/$d.json")"
	same "$d: the browser fetched nothing (resource timing entries)" "0" "$(cat "$work/$d.resources")"
	if [ "$d" = audit ]; then
		want="charts history numbers method provenance"
	elif [ "$d" = ll144 ] || [ "$d" = ll144_hostile ] || [ "$d" = eu ] || [ "$d" = egapro ]; then
		want="numbers charts method provenance"
	else
		want="charts numbers method provenance"
	fi
	same "$d: sections $want" "$want" "$(jq -r '.sections | join(" ")' "$work/$d.json")"
done

# one bar per group, named, in each chart of the decision reports
for m in selection_rate tpr fpr; do
	same "confusion: chart $m has one bar per group, each named" \
		"$(expected_names "SELECT fairness.confusion(race, label_value = 1, score = 1) FROM compas" $m)" \
		"$(jq -r ".charts[] | select(.id == \"chart-$m\") | .names[]" "$work/confusion.json" | LC_ALL=C sort)"
	same "confusion: chart $m rows in its table alternative" \
		"$(jq ".charts[] | select(.id == \"chart-$m\") | .bars" "$work/confusion.json")" \
		"$(jq ".charts[] | select(.id == \"chart-$m\") | .tableRows" "$work/confusion.json")"
done
same "confusion: statuses of the selection-rate bars (reference, verdicts, suppressed, unknown)" \
	"disparity possible_disparity reference ok suppressed disparity unknown_group" \
	"$(jq -r '.charts[] | select(.id == "chart-selection_rate") | .statuses | join(" ")' "$work/confusion.json")"
same "confusion: Native American (23 rows) is suppressed" "suppressed" \
	"$(jq -r '.charts[] | select(.id == "chart-selection_rate") | [.names, .roles] | transpose[] | select(.[0] == "Native American") | .[1]' "$work/confusion.json")"
same "intersect: readable labels of the reference (Male × Caucasian, starred)" "reference" \
	"$(jq -r '.charts[] | select(.id == "chart-selection_rate") | [.names, .roles] | transpose[] | select(.[0] == "Male × Caucasian") | .[1]' "$work/intersect.json")"
same "hostile: the three hostile names and the unknown group are bars, names intact" \
	"$(printf '%s\n' '<script>alert("x")</script>' "O'Brien & \"Sons\" <b>" "$(printf 'Very long group name %.0s' $(seq 12))end" 'Unknown group' | LC_ALL=C sort)" \
	"$(jq -r '.charts[] | select(.id == "chart-selection_rate") | .names[]' "$work/hostile.json" | LC_ALL=C sort)"
check "hostile: the long name is cut to fit (widest label <= 192 px)" \
	jqt '[.charts[] | select(.id | startswith("chart-")) | .maxLabelWidth] | max <= 192' "$work/hostile.json"
same "scores: one ROC curve per shown group and one for all rows (5 + 1)" "6" \
	"$(jq '.charts[] | select(.id == "chart-roc") | .curves' "$work/scores.json")"
same "scores: AUC chart has one bar per group" "7" "$(jq '.charts[] | select(.id == "chart-auc") | .bars' "$work/scores.json")"
same "outcomes: mean, mean gap and median gap charts, 4 bars each" "4 4 4" \
	"$(jq -r '[.charts[] | select(.id == "chart-mean" or .id == "chart-mean-gap" or .id == "chart-median-gap") | .bars] | map(tostring) | join(" ")' "$work/outcomes.json")"
same "audit: a latest-run chart and a history chart per alerting rate and slice, with one line per compared group" \
	"$(q -c "SELECT count(DISTINCT (slice, metric)) || ' ' || count(DISTINCT (slice, metric)) FROM fairness.latest_audit_report WHERE audit = 'hiring' AND metric IN ('selection_rate', 'tpr', 'fpr')")" \
	"$(jq -r '[([.charts[] | select(.id | startswith("chart-latest-"))] | length), ([.charts[] | select(.id | startswith("chart-history-"))] | length)] | map(tostring) | join(" ")' "$work/audit.json")"
check "audit: every history chart draws a line per compared group" \
	jqt '[.charts[] | select(.id | startswith("chart-history-")) | .curves > 0] | all' "$work/audit.json"

# compliance documents: one bar per category, named, in each chart
ll144_names() {	# table rel sex race selected -> sorted names, one a line
	q -c "SELECT coalesce(category, 'Unknown category') FROM fairness.ll144_report('$2', '$3', '$4', '$5') WHERE table_name = '$1'" | LC_ALL=C sort
}
for t in sex race_ethnicity intersectional; do
	same "ll144: chart $t has one bar per category and the unknown category, each named" \
		"$(ll144_names $t applicants sex race_ethnicity selected)" \
		"$(jq -r ".charts[] | select(.id == \"chart-ll144-$t\") | .names[]" "$work/ll144.json" | LC_ALL=C sort)"
	same "ll144_hostile: chart $t names intact (markup, quotes, long names)" \
		"$(ll144_names $t hostile_applicants sex race hired)" \
		"$(jq -r ".charts[] | select(.id == \"chart-ll144-$t\") | .names[]" "$work/ll144_hostile.json" | LC_ALL=C sort)"
done
same "ll144: the three tables of 6 RCNY 5-301 and the three charts" "3 3" \
	"$(grep -o '<table class="numbers" data-table="[a-z_]*">' "$work/ll144.html" | wc -l) $(jq '[.charts[] | select(.id | startswith("chart-ll144-"))] | length' "$work/ll144.json")"
same "ll144: the one category below 0.8 (Female / Native American or Alaska Native, 0.789 in the DCWP example)" \
	"Female / Native American or Alaska Native" \
	"$(jq -r '.charts[] | select(.id == "chart-ll144-intersectional") | [.names, .statuses] | transpose[] | select(.[1] == "below_0.8") | .[0]' "$work/ll144.json")"
check "ll144_hostile: the long name is cut to fit (widest label <= 192 px)" \
	jqt '[.charts[] | select(.id | startswith("chart-ll144-")) | .maxLabelWidth] | max <= 192' "$work/ll144_hostile.json"
for b in annual hourly; do
	same "eu: $b quartile bands, 4 stacked bars with a women and a men segment each" "4 Band 1 (lowest pay)|Band 2|Band 3|Band 4 (highest pay)" \
		"$(jq -r ".charts[] | select(.id == \"chart-eu-quartiles-$b\") | \"\(.bars) \(.names | join(\"|\"))\"" "$work/eu.json")"
	same "eu: $b category chart, one bar per category, named" \
		"$(q -c "SELECT coalesce(category, '(no category)') FROM fairness.pay_transparency_report('staff', 'sex', 'base', 'bonus', 'hours', 'job') WHERE indicator = 'g' AND basis = '$b'" | LC_ALL=C sort)" \
		"$(jq -r ".charts[] | select(.id == \"chart-eu-categories-$b\") | .names[]" "$work/eu.json" | LC_ALL=C sort)"
	same "eu: $b categories at the Art. 10 trigger are the flagged bars" \
		"$(q -c "SELECT coalesce(category, '(no category)') FROM fairness.pay_transparency_report('staff', 'sex', 'base', 'bonus', 'hours', 'job') WHERE indicator = 'g' AND basis = '$b' AND flagged" | LC_ALL=C sort)" \
		"$(jq -r ".charts[] | select(.id == \"chart-eu-categories-$b\") | [.names, .statuses] | transpose[] | select(.[1] == \"flagged\") | .[0]" "$work/eu.json" | LC_ALL=C sort)"
done
same "eu: every quartile band's segments, women then men" "16" \
	"$(grep -o '<rect class="seg" data-series="[12]"' "$work/eu.html" | wc -l)"
same "egapro: the index bar and one points bar per indicator (5)" "1 5" \
	"$(jq -r '[(.charts[] | select(.id == "chart-egapro-index") | .bars), (.charts[] | select(.id == "chart-egapro-points") | .bars)] | map(tostring) | join(" ")' "$work/egapro.json")"
same "egapro: the index's status against 75 and 85 (88: at least 85)" "at_least_85" \
	"$(jq -r '.charts[] | select(.id == "chart-egapro-index") | .statuses[0]' "$work/egapro.json")"

# ---- pictures: a PDF print with pages and a non-blank screenshot ----
for d in confusion scores outcomes audit ll144 eu egapro; do
	chrome --no-pdf-header-footer --print-to-pdf="$work/$d.pdf" "file://$work/$d.html" >/dev/null
	check "$d: prints to a PDF" bash -c "head -c 5 '$work/$d.pdf' | grep -q '%PDF-'"
	pages=$(grep -a -o '/Type */Page\b' "$work/$d.pdf" | wc -l)
	check "$d: the PDF has pages ($pages)" test "$pages" -ge 2
	chrome --window-size=1000,1600 --screenshot="$work/$d.png" "file://$work/$d.html" >/dev/null
	# PNG signature, then the IHDR width and height (big-endian)
	same "$d: screenshot is a 1000 x 1600 PNG" "89504e47 1000 1600" \
		"$(od -An -tx1 -N4 "$work/$d.png" | tr -d ' \n') $((16#$(od -An -tx1 -j16 -N4 "$work/$d.png" | tr -d ' \n'))) $((16#$(od -An -tx1 -j20 -N4 "$work/$d.png" | tr -d ' \n')))"
	# a blank page compresses to a few kB; the report is far larger
	size=$(stat -c %s "$work/$d.png")
	check "$d: screenshot is not blank ($size bytes)" test "$size" -gt 40000
done

check_no_crash
finish html
