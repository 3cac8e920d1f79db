#!/bin/bash
# Run inside a server started with shared_preload_libraries = 'pg_cron'
# (test/stages/80-audits-cron.sh): schedule an audit with
# fairness.schedule_audit as an ordinary role and observe pg_cron itself
# running it.
set -u
. "$(dirname "$0")/../stages/lib.sh"
export PGDATABASE=postgres

q <<'SQL'
CREATE EXTENSION pg_cron;
CREATE EXTENSION fairness;
CREATE ROLE regress_cron_auditor LOGIN PASSWORD 'regress_cron_auditor';
GRANT USAGE ON SCHEMA cron, fairness TO regress_cron_auditor;
CREATE TABLE decisions (g text, y boolean, p boolean);
INSERT INTO decisions SELECT CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END, i % 3 = 0, i % 4 < 2 FROM generate_series(1, 500) i;
GRANT SELECT ON decisions TO regress_cron_auditor;
SQL
same "pg_cron is preloaded" "$(q -c "SHOW shared_preload_libraries")" "pg_cron"


# the auditor is an ordinary role: everything below runs as that role
# unless "qs" (superuser) is used
su_user=${PGUSER:-postgres}
su_password=${PGPASSWORD:-}
qs() { PGUSER=$su_user PGPASSWORD=$su_password q "$@"; }
export PGUSER=regress_cron_auditor PGPASSWORD=regress_cron_auditor
q -c "SELECT fairness.create_audit('cron audit', 'public.decisions', '{g}', 'y', 'p')" >/dev/null
job=$(q -c "SELECT fairness.schedule_audit('cron audit', '* * * * *')")
same "schedule_audit returns the pg_cron job id" "$([ -n "$job" ] && [ "$job" -gt 0 ] && echo 1)" "1"
same "a named pg_cron job of the auditor runs the audit" \
	"$(q -c "SELECT jobname, schedule, command, username FROM cron.job WHERE jobid = $job")" \
	"fairness_audit_1|* * * * *|SELECT fairness.run_audit('cron audit')|regress_cron_auditor"
same "the schedule is recorded with the audit" "$(q -c "SELECT schedule FROM fairness.audits")" "* * * * *"
same "scheduling again replaces the schedule (same job)" "$(q -c "SELECT fairness.schedule_audit('cron audit', '*/2 * * * *')" >/dev/null; q -c "SELECT jobid, schedule FROM cron.job")" \
	"$job|*/2 * * * *"
q -c "SELECT fairness.schedule_audit('cron audit', '* * * * *')" >/dev/null
err=$(q -c "SELECT fairness.schedule_audit('cron audit', 'every now and then')" 2>&1 >/dev/null)
same "an invalid schedule is refused by pg_cron" "$(echo "$err" | grep -qi 'invalid schedule' && echo 1)" "1"

# a hostile audit name reaches the job's command as a quoted literal only
evil="x'); DROP TABLE decisions; --"
q -c "SELECT fairness.create_audit(\$\$$evil\$\$, 'public.decisions', '{g}', 'y', 'p')" >/dev/null
evil_job=$(q -c "SELECT fairness.schedule_audit(\$\$$evil\$\$, '* * * * *')")
same "a hostile name is quoted in the job's command" "$(q -c "SELECT command FROM cron.job WHERE jobid = ${evil_job:-0}")" \
	"SELECT fairness.run_audit('x''); DROP TABLE decisions; --')"

# wait for pg_cron to start the jobs (at the next minute boundary)
echo "# waiting for pg_cron (up to 150 s)..."
runs=0
[ -n "$job" ] && for _ in $(seq 1 150); do
	runs=$(q -c "SELECT count(*) FROM fairness.audit_runs WHERE status = 'succeeded'")
	[ "$runs" -gt 0 ] && break
	sleep 1
done
same "pg_cron ran the audit" "$([ "$runs" -gt 0 ] && echo 1)" "1"
same "the run was made by the auditor and counted every row" "$(q -c "SELECT status, mode, rows_scanned, run_by FROM fairness.audit_runs ORDER BY id LIMIT 1")" \
	"succeeded|snapshot|500|regress_cron_auditor"
# pg_cron's own record of the job run (it is written when the job ends)
done_runs=0
[ "$runs" -gt 0 ] && for _ in $(seq 1 20); do
	done_runs=$(qs -c "SELECT count(*) FROM cron.job_run_details WHERE jobid = $job AND status = 'succeeded'")
	[ "$done_runs" -gt 0 ] && break
	sleep 0.5
done
same "pg_cron recorded a successful run of the job" "$([ "$done_runs" -gt 0 ] && echo 1)" "1"
same "the audit run happened inside pg_cron's job run" "$(qs -c "SELECT bool_or(r.started_at BETWEEN d.start_time AND d.end_time)
	    FROM fairness.audit_runs r, cron.job_run_details d WHERE d.jobid = $job AND d.status = 'succeeded'")" \
	"t"
for _ in $(seq 1 20); do
	evil_runs=$(q -c "SELECT count(*) FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id WHERE a.name = \$\$$evil\$\$ AND r.status = 'succeeded'")
	[ "$evil_runs" -gt 0 ] && break
	sleep 0.5
done
same "pg_cron ran the hostile-named audit too, and nothing else executed" "$([ "$evil_runs" -gt 0 ] && echo 1)|$(q -c "SELECT count(*) FROM decisions")" \
	"1|500"
q -c "SELECT fairness.drop_audit(\$\$$evil\$\$)" >/dev/null
same "the report of the scheduled run is there" "$(q -c "SELECT count(*) > 0 FROM fairness.latest_audit_report WHERE audit = 'cron audit'")" \
	"t"

# renaming follows the job; unscheduling removes it; dropping a scheduled audit too
q -c "SELECT fairness.alter_audit('cron audit', '{\"name\": \"cron audit, renamed\"}')" >/dev/null
same "a rename updates the job's command" "$(q -c "SELECT command FROM cron.job WHERE jobid = $job")" \
	"SELECT fairness.run_audit('cron audit, renamed')"
same "unschedule_audit removes the job" "$(q -c "SELECT fairness.unschedule_audit('cron audit, renamed')")|$(q -c "SELECT count(*) FROM cron.job")|$(q -c "SELECT schedule FROM fairness.audits")" \
	"t|0|"
same "unscheduling again says there was no job" "$(q -c "SELECT fairness.unschedule_audit('cron audit, renamed')")" "f"
q -c "SELECT fairness.schedule_audit('cron audit, renamed', '0 3 * * *')" >/dev/null
q -c "SELECT fairness.drop_audit('cron audit, renamed')" >/dev/null
same "drop_audit removes the job of a scheduled audit" "$(q -c "SELECT count(*) FROM cron.job")" "0"

finish pg_cron
