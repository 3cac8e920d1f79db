#!/bin/bash
# Run inside a throwaway cluster (test/stages/83-audits-grafana.sh): every
# SQL query of the Grafana dashboard (dashboards/fairness-audits.json),
# with Grafana's macros and template variables expanded as its PostgreSQL
# data source does, runs against the views and returns rows.
set -u
. "$(dirname "$0")/../stages/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
dash=$root/dashboards/fairness-audits.json
export PGDATABASE=postgres

q <<SQL >/dev/null
CREATE EXTENSION fairness;
\i $root/test/demo_hiring.sql
SELECT fairness.create_audit('hiring', 'hiring_decisions', '{gender}', 'qualified', 'hired',
                             slice_columns => '{model_version}', time_column => 'applied_at', reference => 'male');
SELECT fairness.create_audit('hiring, by score', 'hiring_decisions', '{gender}', 'qualified',
                             score_column => 'score', threshold => 0.5, slice_columns => '{model_version}');
SELECT fairness.run_audit('hiring'), fairness.run_audit('hiring, by score');
SELECT fairness.run_audit('hiring'), fairness.run_audit('hiring, by score');
-- a score audit and an outcome audit (offers of the hired, 3 % lower for women)
CREATE TABLE hiring_offers AS
SELECT application_id, applied_at, model_version, gender,
       round(40000 + 30000 * score * CASE WHEN gender = 'female' THEN 0.97 ELSE 1 END) AS salary
FROM hiring_decisions WHERE hired;
SELECT fairness.create_audit('hiring scores', 'hiring_decisions', '{gender}', 'qualified', score_column => 'score',
                             score_lower => -0.1, score_upper => 1,
                             slice_columns => '{model_version}', time_column => 'applied_at', reference => 'male');
SELECT fairness.create_audit('hiring offers', 'hiring_offers', '{gender}', NULL, outcome_column => 'salary',
                             slice_columns => '{model_version}', time_column => 'applied_at', reference => 'male',
                             impact_ratio_threshold => 0.98);
SELECT fairness.run_audit('hiring scores'), fairness.run_audit('hiring offers');
-- a report audit: the NYC Local Law 144 example of the DCWP rule, with a
-- threshold of 0.98 so that it alerts, run twice
CREATE TABLE aedt_applicants (sex text, race_ethnicity text, selected boolean);
\copy aedt_applicants FROM '$root/test/data/ll144_selection.csv' WITH (FORMAT csv, HEADER)
SELECT fairness.create_audit('aedt 2026', 'aedt_applicants', report => 'll144', impact_ratio_threshold => 0.98,
       report_options => '{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity", "selected_column": "selected"}');
SELECT fairness.run_audit('aedt 2026'), fairness.run_audit('aedt 2026');
SQL

same "the dashboard is valid JSON with panels" "$(jq -e '.panels | length > 0' "$dash" >/dev/null && echo t)" "t"
same "every panel and variable uses the provisioned data source" "$(jq '[.panels[], .panels[].targets[], .templating.list[]] | map(select(.datasource.uid != "fairness")) | length' "$dash")" \
	"0"

# Grafana's expansions: a time range covering the sample data and today,
# multi-value variables as quoted lists
from='2024-01-01T00:00:00Z'
to=$(date -u -d tomorrow +%Y-%m-%dT00:00:00Z)
expand() {
	sed -E -e "s/\\\$__timeFilter\(([^)]*)\)/\1 BETWEEN '$from' AND '$to'/g" \
	       -e "s/\\\$__timeFrom\(\)/'$from'/g" -e "s/\\\$__timeTo\(\)/'$to'/g" \
	       -e "s/\\\$audit\b/'hiring','hiring, by score','hiring scores','hiring offers','aedt 2026'/g" \
	       -e "s/\\\$score_audit\b/'hiring, by score'/g" \
	       -e "s/\\\$metric\b/'selection_rate','tpr','fpr'/g"
}

n=$(jq '[.panels[].targets[]] | length' "$dash")
for i in $(seq 0 $((n - 1))); do
	title=$(jq -r "[.panels[] | .title as \$t | .targets[] | \$t][$i]" "$dash")
	format=$(jq -r "[.panels[].targets[]][$i].format" "$dash")
	sql=$(jq -r "[.panels[].targets[]][$i].rawSql" "$dash" | expand)
	same "panel \"$title\": no macro left unexpanded" "$(echo "$sql" | grep -o '\$[A-Za-z_]*' | sort -u | tr '\n' ' ')" ""
	same "panel \"$title\": reads only fairness views" "$(for r in $(echo "$sql" | grep -oE 'fairness\.[a-z_]+' | sort -u); do
			 [ "$(q -c "SELECT relkind FROM pg_class WHERE oid = '$r'::regclass" 2>/dev/null)" = v ] || echo "$r"; done)" \
		""
	rows=$(q -c "SELECT count(*) FROM ($sql) s" 2>&1)
	same "panel \"$title\": the query runs and returns rows" "$([[ "$rows" =~ ^[0-9]+$ ]] && [ "$rows" -gt 0 ] && echo t || echo "$rows")" "t"
	if [ "$format" = time_series ]; then
		same "panel \"$title\": time series columns (time timestamptz, metric text, value float8)" \
			"$(q -c "CREATE TEMP VIEW v AS $sql; SELECT string_agg(attname || '|' || format_type(atttypid, atttypmod), ' ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'v'::regclass AND attnum > 0; DROP VIEW v;")" \
			"time|timestamp with time zone metric|text value|double precision"
	fi
done
nv=$(jq '.templating.list | length' "$dash")
for i in $(seq 0 $((nv - 1))); do
	name=$(jq -r ".templating.list[$i].name" "$dash")
	sql=$(jq -r ".templating.list[$i].query" "$dash" | expand)
	rows=$(q -c "SELECT count(*) FROM ($sql) s" 2>&1)
	same "variable \$$name: the query runs and returns values" "$([[ "$rows" =~ ^[0-9]+$ ]] && [ "$rows" -gt 0 ] && echo t || echo "$rows")" "t"
done
# model v1: 3 rates in each of the 2 decision audits, the scoring rate of
# the score audit, the mean offer (2.6 % lower for women, threshold 0.98)
same "the open-alerts panel counts the planted disparity (3 rates x 2 audits, scoring rate, mean offer)" "$(q -c "$(jq -r '.panels[] | select(.title == "Open alerts") | .targets[0].rawSql' "$dash" | expand)")" \
	"8"

# NOTIFY: a run with violations notifies fairness_alerts for every kind; the
# payload names the kind, the metric and the threshold
notify_runs() {
	q <<'SQL'
LISTEN fairness_alerts;
SELECT fairness.run_audit('hiring scores', restate_from => '-infinity') IS NOT NULL AS ran \gset
SELECT fairness.run_audit('hiring offers', restate_from => '-infinity') IS NOT NULL AS ran \gset
SQL
}
notes=$(notify_runs 2>&1 | sed -nE 's/.*with payload "(.*)" received from server process.*/\1/p' |
	jq -r '[.audit, .violations, .top[0].kind, .top[0].metric, .top[0].threshold] | @tsv')
same "NOTIFY fairness_alerts from score and outcome audits" "$notes" \
	"$(printf 'hiring scores\t1\tscores\tscoring_rate\t0.8\nhiring offers\t1\toutcomes\tmean\t0.98')"

finish grafana
