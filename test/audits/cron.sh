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
check "a named pg_cron job of the auditor runs the audit by id" \
	"fairness_audit_1|* * * * *|SELECT fairness.run_audit_by_id(1)|regress_cron_auditor" \
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
check "a hostile name never reaches the job's command (by id)" "SELECT fairness.run_audit_by_id(2)" \
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

# renaming leaves the job right (it runs the audit by id); unscheduling
# removes it; dropping a scheduled audit too
q -c "SELECT fairness.alter_audit('cron audit', '{\"name\": \"cron audit, renamed\"}')" >/dev/null
check "a rename leaves the job's command (by id)" "SELECT fairness.run_audit_by_id(1)" \
	"$(q -c "SELECT command FROM cron.job WHERE jobid = $job")"
check "unschedule_audit removes the job" "t|0|" \
	"$(q -c "SELECT fairness.unschedule_audit('cron audit, renamed')")|$(q -c "SELECT count(*) FROM cron.job")|$(q -c "SELECT schedule FROM fairness.audits")"
check "unscheduling again says there was no job" "f" "$(q -c "SELECT fairness.unschedule_audit('cron audit, renamed')")"
q -c "SELECT fairness.schedule_audit('cron audit, renamed', '0 3 * * *')" >/dev/null
q -c "SELECT fairness.drop_audit('cron audit, renamed')" >/dev/null
check "drop_audit removes the job of a scheduled audit" "0" "$(q -c "SELECT count(*) FROM cron.job")"

# issue 10, finding 4: a superuser schedules a group role's audit; a member
# renames it; a third role creates an audit under the old name.  0.2's job
# (SELECT fairness.run_audit('old name'), run as the superuser) ran the
# planted audit as superuser; 0.3's runs the original, as its owner.
qs <<'SQL' >/dev/null
CREATE ROLE regress_cron_team;
CREATE ROLE regress_cron_member IN ROLE regress_cron_team;
CREATE ROLE regress_cron_planter;
GRANT USAGE ON SCHEMA fairness TO regress_cron_team, regress_cron_member, regress_cron_planter;
GRANT SELECT ON decisions TO regress_cron_team;
CREATE TABLE planted (g text, y boolean, p boolean);
INSERT INTO planted VALUES ('x', true, true);
GRANT SELECT ON planted TO regress_cron_planter;
SET ROLE regress_cron_team;
SELECT fairness.create_audit('team audit', 'public.decisions', '{g}', 'y', 'p');
RESET ROLE;
SQL
team_id=$(qs -c "SELECT id FROM fairness.audits WHERE name = 'team audit'")
su_job=$(qs -c "SELECT fairness.schedule_audit('team audit', '* * * * *')")
qs -c "SET ROLE regress_cron_member; SELECT fairness.alter_audit('team audit', '{\"name\": \"team audit v2\"}')" >/dev/null
qs -c "SET ROLE regress_cron_planter; SELECT fairness.create_audit('team audit', 'public.planted', '{g}', 'y', 'p')" >/dev/null
check "the superuser's job still runs the audit it was created for" "SELECT fairness.run_audit_by_id($team_id)|$su_user" \
	"$(qs -c "SELECT command, username FROM cron.job WHERE jobid = ${su_job:-0}")"
qs -c "SELECT fairness.run_audit_by_id($team_id)" >/dev/null 2>&1
check "running the job's command runs the renamed audit, as its owner" "team audit v2|regress_cron_team|500" \
	"$(qs -c "SELECT a.name, r.definition ->> 'owner', r.rows_scanned FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id ORDER BY r.id DESC LIMIT 1")"
check "the planted audit never ran" "0" \
	"$(qs -c "SELECT count(*) FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id WHERE a.source_table = 'planted'")"
# a member drops the audit: the superuser's job goes with it
qs -c "SET ROLE regress_cron_member; SELECT fairness.drop_audit('team audit v2')" >/dev/null
check "drop_audit by a member removes the superuser's job" "0" "$(qs -c "SELECT count(*) FROM cron.job WHERE jobid = ${su_job:-0}")"

# cron special characters in a name break neither a job nor a hint
q -c "SELECT fairness.create_audit('50% off, * * * *', 'public.decisions', '{g}', 'y', 'p')" >/dev/null
pct_job=$(q -c "SELECT fairness.schedule_audit('50% off, * * * *', '0 4 * * *')")
check "a name with % and * schedules a job by id" "0 4 * * *|t" \
	"$(q -c "SELECT schedule, command ~ '^SELECT fairness.run_audit_by_id\([0-9]+\)$' FROM cron.job WHERE jobid = ${pct_job:-0}")"
q -c "SELECT fairness.drop_audit('50% off, * * * *')" >/dev/null
qs -c "SELECT fairness.drop_audit('team audit')" >/dev/null

finish pg_cron
