#!/bin/bash
# Run inside a throwaway cluster (test/stages/81-audits-dump.sh): audit
# definitions and history survive pg_dump / pg_restore into a fresh
# database (custom and plain formats), reports are identical, sequences and
# high-water marks carry on.
set -u
. "$(dirname "$0")/../stages/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

createdb audits_src
export PGDATABASE=audits_src
q <<SQL >/dev/null
CREATE EXTENSION fairness;
\i $root/test/demo_hiring.sql
SELECT fairness.create_audit('hiring', 'hiring_decisions', '{gender}', 'qualified', 'hired',
                             slice_columns => '{model_version}', time_column => 'applied_at', reference => 'male');
SELECT fairness.create_audit('hiring, snapshot', 'hiring_decisions', '{gender}', 'qualified', score_column => 'score',
                             threshold => 0.55, intersections => true, impact_ratio_threshold => 0.9);
-- history: a full run, a late row, an incremental run, a restatement, a failed run
SELECT fairness.run_audit('hiring');
INSERT INTO hiring_decisions VALUES (10001, '2024-02-10 10:00+00', 'v1', 'female', true, 0.3, false);
SELECT fairness.run_audit('hiring');
SELECT fairness.run_audit('hiring', restate_from => '2024-02-01');
SELECT fairness.run_audit('hiring, snapshot');
SET fairness.max_groups = 1;
SET client_min_messages = error;
SELECT fairness.run_audit('hiring, snapshot');
RESET fairness.max_groups;
RESET client_min_messages;
SELECT fairness.run_audit('hiring, snapshot');
-- a report audit (EU pay transparency) with two runs over changed data
CREATE TABLE staff_pay AS
SELECT i AS id, CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END AS sex, (ARRAY['ops', 'sales', 'it'])[1 + i % 3] AS dept,
       30000 + (i * 7919) % 20000 + CASE WHEN i % 2 = 1 THEN 2500 ELSE 0 END AS base_pay
FROM generate_series(1, 300) i;
SELECT fairness.create_audit('pay transparency', 'staff_pay', report => 'eu_pay_transparency',
                             report_options => '{"sex_column": "sex", "base_pay_column": "base_pay", "category_column": "dept"}');
SELECT fairness.run_audit('pay transparency');
UPDATE staff_pay SET base_pay = base_pay + 1000 WHERE sex = 'F';
SELECT fairness.run_audit('pay transparency');
SQL

# the whole content of every table and view of the audits, in a stable order
snapshot() {
	q -d "$1" <<'SQL'
SELECT 'audits', md5(string_agg(t::text, '|' ORDER BY t.id)) FROM fairness.audits t;
SELECT 'audit_runs', md5(string_agg(t::text, '|' ORDER BY t.id)) FROM fairness.audit_runs t;
SELECT 'audit_results', md5(string_agg(t::text, '|' ORDER BY t.run_id, t.slice_key)) FROM fairness.audit_results t;
SELECT 'audit_periods', md5(string_agg(t::text, '|' ORDER BY t.run_id, t.slice_key, t.period)) FROM fairness.audit_periods t;
SELECT 'audit_compliance_rows', count(*), md5(string_agg(t::text, '|' ORDER BY t.run_id, t.ord)) FROM fairness.audit_compliance_rows t;
SELECT 'compliance_audit_report', count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM fairness.compliance_audit_report t;
SELECT 'latest_compliance_report', count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM fairness.latest_compliance_report t;
SELECT 'audit_report', count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM fairness.audit_report t;
SELECT 'latest_audit_report', count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM fairness.latest_audit_report t;
SELECT 'alerts', count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM fairness.alerts t;
SELECT 'audit_daily_report', count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM fairness.audit_daily_report t;
SELECT 'audit_monthly_report', count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM fairness.audit_monthly_report t;
SELECT 'audit_rolling_report', count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM fairness.audit_rolling_report t;
SELECT 'audit_run_log', count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM fairness.audit_run_log t;
SQL
}
snapshot audits_src >"$tmp/src"
same "the source database has history to keep" "$(q -c "SELECT count(*) FROM fairness.audit_runs")|$(q -c "SELECT count(*) FROM fairness.audit_runs WHERE status = 'failed'")|$(q -c "SELECT count(DISTINCT run_id) FROM fairness.audit_compliance_rows")" \
	"8|1|2"

for format in custom plain; do
	db=audits_restored_$format
	createdb "$db"
	if [ $format = custom ]; then
		pg_dump -Fc -f "$tmp/dump" audits_src && pg_restore --exit-on-error -d "$db" "$tmp/dump" 2>"$tmp/err"
	else
		pg_dump -Fp -f "$tmp/dump.sql" audits_src && q -d "$db" -f "$tmp/dump.sql" >/dev/null 2>"$tmp/err"
	fi
	same "$format dump restores without error" "$?|$(cat "$tmp/err")" "0|"
	snapshot "$db" >"$tmp/$db"
	while IFS= read -r line; do
		name=${line%%|*}
		same "$format: $name identical after restore" "$(grep "^$name|" "$tmp/$db")" "$line"
	done <"$tmp/src"
	# the history goes on where it stopped
	same "$format: run ids continue after the restored ones" "$(q -d "$db" -c "SELECT fairness.run_audit('hiring, snapshot') > (SELECT max(id) FROM fairness.audit_runs WHERE status = 'failed')")" \
		"t"
	same "$format: audit ids continue" "$(q -d "$db" -c "SELECT fairness.create_audit('new', 'hiring_decisions', '{gender}', 'qualified', 'hired') > 3")" \
		"t"
	q -d "$db" -c "INSERT INTO hiring_decisions VALUES (10002, '2024-04-01 09:00+00', 'v2', 'male', true, 0.7, true)" >/dev/null
	same "$format: the incremental audit resumes from its high-water mark" "$(run=$(q -d "$db" -c "SELECT fairness.run_audit('hiring')") &&
		   q -d "$db" -c "SELECT mode, rows_scanned FROM fairness.audit_runs WHERE id = $run")" \
		"incremental|1"
	# the report audit runs on in the restored database, as its owner, and
	# its history keeps both runs
	same "$format: the report audit runs after restore, its history kept" "$(q -d "$db" -c "SELECT fairness.run_audit('pay transparency') > 0")|$(q -d "$db" -c "SELECT count(DISTINCT run_id) FROM fairness.compliance_audit_report WHERE audit = 'pay transparency'")" \
		"t|3"
done

finish pg_dump
