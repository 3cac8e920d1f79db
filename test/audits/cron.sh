#!/bin/bash
# Run inside a server started with shared_preload_libraries = 'pg_cron'
# (test/stages/80-audits-cron.sh): schedule an audit with
# fairness.schedule_audit as an ordinary role and observe pg_cron itself
# running it.
set -u
. "$(dirname "$0")/lib.sh"
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
check "pg_cron is preloaded" "pg_cron" "$(q -c "SHOW shared_preload_libraries")"


# the auditor is an ordinary role: everything below runs as that role
# unless "qs" (superuser) is used
su_user=${PGUSER:-postgres}
su_password=${PGPASSWORD:-}
qs() { PGUSER=$su_user PGPASSWORD=$su_password q "$@"; }
export PGUSER=regress_cron_auditor PGPASSWORD=regress_cron_auditor
q -c "SELECT fairness.create_audit('cron audit', 'public.decisions', '{g}', 'y', 'p')" >/dev/null
job=$(q -c "SELECT fairness.schedule_audit('cron audit', '* * * * *')")
check "schedule_audit returns the pg_cron job id" "1" "$([ -n "$job" ] && [ "$job" -gt 0 ] && echo 1)"
check "a named pg_cron job of the auditor runs the audit" \
	"fairness_audit_1|* * * * *|SELECT fairness.run_audit('cron audit')|regress_cron_auditor" \
	"$(q -c "SELECT jobname, schedule, command, username FROM cron.job WHERE jobid = $job")"
check "the schedule is recorded with the audit" "* * * * *" "$(q -c "SELECT schedule FROM fairness.audits")"
check "scheduling again replaces the schedule (same job)" "$job|*/2 * * * *" \
	"$(q -c "SELECT fairness.schedule_audit('cron audit', '*/2 * * * *')" >/dev/null; q -c "SELECT jobid, schedule FROM cron.job")"
q -c "SELECT fairness.schedule_audit('cron audit', '* * * * *')" >/dev/null
err=$(q -c "SELECT fairness.schedule_audit('cron audit', 'every now and then')" 2>&1 >/dev/null)
check "an invalid schedule is refused by pg_cron" "1" "$(echo "$err" | grep -qi 'invalid schedule' && echo 1)"

# a hostile audit name reaches the job's command as a quoted literal only
evil="x'); DROP TABLE decisions; --"
q -c "SELECT fairness.create_audit(\$\$$evil\$\$, 'public.decisions', '{g}', 'y', 'p')" >/dev/null
evil_job=$(q -c "SELECT fairness.schedule_audit(\$\$$evil\$\$, '* * * * *')")
check "a hostile name is quoted in the job's command" "SELECT fairness.run_audit('x''); DROP TABLE decisions; --')" \
	"$(q -c "SELECT command FROM cron.job WHERE jobid = ${evil_job:-0}")"

# wait for pg_cron to start the jobs (at the next minute boundary)
echo "# waiting for pg_cron (up to 150 s)..."
runs=0
[ -n "$job" ] && for _ in $(seq 1 150); do
	runs=$(q -c "SELECT count(*) FROM fairness.audit_runs WHERE status = 'succeeded'")
	[ "$runs" -gt 0 ] && break
	sleep 1
done
check "pg_cron ran the audit" "1" "$([ "$runs" -gt 0 ] && echo 1)"
check "the run was made by the auditor and counted every row" "succeeded|snapshot|500|regress_cron_auditor" \
	"$(q -c "SELECT status, mode, rows_scanned, run_by FROM fairness.audit_runs ORDER BY id LIMIT 1")"
# pg_cron's own record of the job run (it is written when the job ends)
done_runs=0
[ "$runs" -gt 0 ] && for _ in $(seq 1 20); do
	done_runs=$(qs -c "SELECT count(*) FROM cron.job_run_details WHERE jobid = $job AND status = 'succeeded'")
	[ "$done_runs" -gt 0 ] && break
	sleep 0.5
done
check "pg_cron recorded a successful run of the job" "1" "$([ "$done_runs" -gt 0 ] && echo 1)"
check "the audit run happened inside pg_cron's job run" "t" \
	"$(qs -c "SELECT bool_or(r.started_at BETWEEN d.start_time AND d.end_time)
	    FROM fairness.audit_runs r, cron.job_run_details d WHERE d.jobid = $job AND d.status = 'succeeded'")"
for _ in $(seq 1 20); do
	evil_runs=$(q -c "SELECT count(*) FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id WHERE a.name = \$\$$evil\$\$ AND r.status = 'succeeded'")
	[ "$evil_runs" -gt 0 ] && break
	sleep 0.5
done
check "pg_cron ran the hostile-named audit too, and nothing else executed" "1|500" \
	"$([ "$evil_runs" -gt 0 ] && echo 1)|$(q -c "SELECT count(*) FROM decisions")"
q -c "SELECT fairness.drop_audit(\$\$$evil\$\$)" >/dev/null
check "the report of the scheduled run is there" "t" \
	"$(q -c "SELECT count(*) > 0 FROM fairness.latest_audit_report WHERE audit = 'cron audit'")"

# renaming follows the job; unscheduling removes it; dropping a scheduled audit too
q -c "SELECT fairness.alter_audit('cron audit', '{\"name\": \"cron audit, renamed\"}')" >/dev/null
check "a rename updates the job's command" "SELECT fairness.run_audit('cron audit, renamed')" \
	"$(q -c "SELECT command FROM cron.job WHERE jobid = $job")"
check "unschedule_audit removes the job" "t|0|" \
	"$(q -c "SELECT fairness.unschedule_audit('cron audit, renamed')")|$(q -c "SELECT count(*) FROM cron.job")|$(q -c "SELECT schedule FROM fairness.audits")"
check "unscheduling again says there was no job" "f" "$(q -c "SELECT fairness.unschedule_audit('cron audit, renamed')")"
q -c "SELECT fairness.schedule_audit('cron audit, renamed', '0 3 * * *')" >/dev/null
q -c "SELECT fairness.drop_audit('cron audit, renamed')" >/dev/null
check "drop_audit removes the job of a scheduled audit" "0" "$(q -c "SELECT count(*) FROM cron.job")"

finish pg_cron
