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
same "a named pg_cron job of the auditor runs the audit by id" \
	"$(q -c "SELECT jobname, schedule, command, username FROM cron.job WHERE jobid = $job")" \
	"fairness_audit_1|* * * * *|SELECT fairness.run_audit_by_id(1)|regress_cron_auditor"
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
same "a hostile name never reaches the job's command (by id)" "$(q -c "SELECT command FROM cron.job WHERE jobid = ${evil_job:-0}")" \
	"SELECT fairness.run_audit_by_id(2)"

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

# renaming leaves the job right (it runs the audit by id); unscheduling
# removes it; dropping a scheduled audit too
q -c "SELECT fairness.alter_audit('cron audit', '{\"name\": \"cron audit, renamed\"}')" >/dev/null
same "a rename leaves the job's command (by id)" "$(q -c "SELECT command FROM cron.job WHERE jobid = $job")" \
	"SELECT fairness.run_audit_by_id(1)"
same "unschedule_audit removes the job" "$(q -c "SELECT fairness.unschedule_audit('cron audit, renamed')")|$(q -c "SELECT count(*) FROM cron.job")|$(q -c "SELECT schedule FROM fairness.audits")" \
	"t|0|"
same "unscheduling again says there was no job" "$(q -c "SELECT fairness.unschedule_audit('cron audit, renamed')")" "f"
q -c "SELECT fairness.schedule_audit('cron audit, renamed', '0 3 * * *')" >/dev/null
q -c "SELECT fairness.drop_audit('cron audit, renamed')" >/dev/null
same "drop_audit removes the job of a scheduled audit" "$(q -c "SELECT count(*) FROM cron.job")" "0"

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
su_job=$(qs -c "SELECT fairness.schedule_audit('team audit', '0 5 * * *')")
qs -c "SET ROLE regress_cron_member; SELECT fairness.alter_audit('team audit', '{\"name\": \"team audit v2\"}')" >/dev/null
qs -c "SET ROLE regress_cron_planter; SELECT fairness.create_audit('team audit', 'public.planted', '{g}', 'y', 'p')" >/dev/null
same "the superuser's job still runs the audit it was created for" \
	"$(qs -c "SELECT command, username FROM cron.job WHERE jobid = ${su_job:-0}")" "SELECT fairness.run_audit_by_id($team_id)|$su_user"
qs -c "SELECT fairness.run_audit_by_id($team_id)" >/dev/null 2>&1
same "the job's command runs the renamed audit, as its owner" \
	"$(qs -c "SELECT a.name, r.definition ->> 'owner', r.rows_scanned FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id ORDER BY r.id DESC LIMIT 1")" \
	"team audit v2|regress_cron_team|500"
same "the planted audit never ran" \
	"$(qs -c "SELECT count(*) FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id WHERE a.source_table = 'planted'")" "0"
# a member drops the audit: the superuser's job goes with it
qs -c "SET ROLE regress_cron_member; SELECT fairness.drop_audit('team audit v2')" >/dev/null
same "drop_audit by a member removes the superuser's job" "$(qs -c "SELECT count(*) FROM cron.job WHERE jobid = ${su_job:-0}")" "0"

# cron special characters in a name break neither a job nor a hint
q -c "SELECT fairness.create_audit('50% off, * * * *', 'public.decisions', '{g}', 'y', 'p')" >/dev/null
pct_job=$(q -c "SELECT fairness.schedule_audit('50% off, * * * *', '0 4 * * *')")
same "a name with % and * schedules a job by id" \
	"$(q -c "SELECT schedule, command ~ '^SELECT fairness.run_audit_by_id\([0-9]+\)$' FROM cron.job WHERE jobid = ${pct_job:-0}")" "0 4 * * *|t"
q -c "SELECT fairness.drop_audit('50% off, * * * *')" >/dev/null
qs -c "SELECT fairness.drop_audit('team audit')" >/dev/null

finish pg_cron
