#!/bin/bash
# Run inside a server with pg_cron preloaded (test/stages/86-audits-upgrade.sh).
set -u
. "$(dirname "$0")/../stages/lib.sh"
expect() { same "$1" "$3" "$2"; }
export PGDATABASE=postgres

q <<'SQL' >/dev/null
SET client_min_messages = error;
CREATE EXTENSION pg_cron;
CREATE EXTENSION fairness VERSION '0.2';
CREATE ROLE regress_up_owner;
CREATE ROLE regress_up_team;
CREATE ROLE regress_up_member IN ROLE regress_up_team;
GRANT USAGE ON SCHEMA fairness, cron TO regress_up_owner, regress_up_team, regress_up_member;
CREATE TABLE decisions (g text, y boolean, p boolean);
INSERT INTO decisions SELECT CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END, i % 3 = 0, i % 4 < 2 FROM generate_series(1, 300) i;
GRANT SELECT ON decisions TO regress_up_owner, regress_up_team;
SET ROLE regress_up_owner;
SELECT fairness.create_audit('mine', 'decisions', '{g}', 'y', 'p');
SELECT fairness.run_audit('mine');
SELECT fairness.schedule_audit('mine', '0 3 * * *');
RESET ROLE;
SET ROLE regress_up_member;
SELECT fairness.create_audit('team''s', 'decisions', '{g}', 'y', 'p');
SELECT fairness.alter_audit('team''s', '{"owner": "regress_up_team"}');
SELECT fairness.run_audit('team''s');
RESET ROLE;
-- 0.2 stored owners as names: one whose role is gone
INSERT INTO fairness.audits (name, owner, source_schema, source_table, group_columns, actual_column, predicted_column)
VALUES ('ghost''s', 'regress_up_ghost', 'public', 'decisions', '{g}', 'y', 'p');
SQL
before=$(q -c "SELECT string_agg(md5(r::text), ',' ORDER BY r.id) FROM (SELECT id, audit_id, rows_scanned, status FROM fairness.audit_runs) r")
q -c "SELECT command FROM cron.job ORDER BY jobid" | grep -q "run_audit('mine')" || echo "# 0.2 job command unexpected"

q -c "ALTER EXTENSION fairness UPDATE" >/dev/null
expect "the update reaches 0.3" "0.3" "$(q -c "SELECT extversion FROM pg_extension WHERE extname = 'fairness'")"
expect "owner names became roles; a name without a role became no role" \
	"ghost's|f|-|mine|t|regress_up_owner|team's|t|regress_up_team" \
	"$(q -c "SELECT string_agg(concat_ws('|', name, owner::oid <> 0, owner), '|' ORDER BY name) FROM fairness.audits")"
expect "the owner column is a role (regrole)" "regrole" \
	"$(q -c "SELECT atttypid::regtype FROM pg_attribute WHERE attrelid = 'fairness.audits'::regclass AND attname = 'owner'")"
expect "the history is unchanged" "$before" \
	"$(q -c "SELECT string_agg(md5(r::text), ',' ORDER BY r.id) FROM (SELECT id, audit_id, rows_scanned, status FROM fairness.audit_runs) r")"
expect "the job of 'mine' now runs it by id" "SELECT fairness.run_audit_by_id(1)|regress_up_owner" \
	"$(q -c "SELECT command, username FROM cron.job WHERE jobname = 'fairness_audit_1'")"
expect "owners are marked against DROP ROLE" "regress_up_owner,regress_up_team" \
	"$(q -c "SELECT string_agg(r.rolname, ',' ORDER BY r.rolname) FROM pg_class c, aclexplode(c.relacl) x JOIN pg_roles r ON r.oid = x.grantee WHERE c.oid = 'fairness.audit_owners'::regclass AND x.grantee <> c.relowner")"
err=$(q -c "REVOKE ALL ON SCHEMA fairness, cron FROM regress_up_owner; REVOKE ALL ON decisions FROM regress_up_owner; DROP ROLE regress_up_owner" 2>&1)
# (how many detail lines name the marker view differs: 2 on PostgreSQL 17)
expect "DROP ROLE of an owner is refused, naming the marker view" "yes|t" \
	"$(grep -q 'privileges for view fairness.audit_owners' <<<"$err" && echo yes)|$(q -c "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'regress_up_owner')")"
q -c "GRANT USAGE ON SCHEMA fairness, cron TO regress_up_owner; GRANT SELECT ON decisions TO regress_up_owner" >/dev/null
run=$(q -c "SET ROLE regress_up_member" -c "SELECT fairness.run_audit('team''s')")
expect "a member runs the team's audit, as the team" "succeeded|regress_up_member|regress_up_team" \
	"$(q -c "SELECT r.status, r.run_by, r.definition ->> 'owner' FROM fairness.audit_runs r WHERE r.id = ${run:-0}")"
expect "the audit of a vanished owner does not run" "1" \
	"$(q -c "SELECT fairness.run_audit('ghost''s')" 2>&1 | grep -c 'owner of audit "ghost.s" no longer exists')"
expect "no role writes the registry any more" "1" \
	"$(q -c "SET ROLE regress_up_owner; DELETE FROM fairness.audit_runs" 2>&1 | grep -c 'permission denied for table audit_runs')"
moved=$(q -c "SELECT fairness.reassign_audits(owner, 'regress_up_owner') FROM fairness.audits WHERE name = 'ghost''s'")
run=$(q -c "SELECT fairness.run_audit('ghost''s')")
expect "a superuser reassigns the ghost's audit, which then runs as its new owner" "1|succeeded|regress_up_owner" \
	"$moved|$(q -c "SELECT r.status, r.definition ->> 'owner' FROM fairness.audit_runs r WHERE r.id = ${run:-0}")"
finish audits-upgrade
