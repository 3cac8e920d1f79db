-- Audits: safety.  Hostile identifiers are quoted (nothing executes), runs
-- use the caller's privileges and the source's row-level security, the
-- history is visible and writable only where it should be, no function
-- escalates privileges.
\pset null '(null)'
\set SHOW_CONTEXT never
-- ids shown below (a crontab hint, a failed run) do not depend on the audit
-- tests run before this one: the sequences move forward (ids are never reused)
SELECT setval('fairness.audits_id_seq', 1000) > 0 AS audits_from_1001,
       setval('fairness.audit_runs_id_seq', 10000) > 0 AS runs_from_10001;

-- no SECURITY DEFINER; every SQL and PL/pgSQL function of the audits pins its search_path
SELECT count(*) AS security_definer FROM pg_proc WHERE pronamespace = 'fairness'::regnamespace AND prosecdef;
SELECT p.oid::regprocedure AS unpinned
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = 'fairness'::regnamespace AND l.lanname IN ('sql', 'plpgsql')
  AND p.proname <> 'version'
  AND NOT coalesce(p.proconfig, '{}') @> '{"search_path=pg_catalog, pg_temp"}'
ORDER BY 1;

-- 1. Hostile names: a table, columns, values and an audit name made of
-- quotes, semicolons and comments.  None of it runs.
CREATE TABLE victims (id integer);
INSERT INTO victims VALUES (1), (2), (3);
CREATE TABLE "evil""; DROP TABLE victims; --" (
	"g""; DROP TABLE victims; --" text,
	"y) OR 1=1; DELETE FROM victims; /*" boolean,
	"p'); DELETE FROM victims; --" boolean,
	"s */ ; TRUNCATE victims; --" text,
	"t$$; DROP TABLE victims; $$" timestamptz
);
INSERT INTO "evil""; DROP TABLE victims; --"
SELECT CASE WHEN i % 2 = 0 THEN 'x''); DROP TABLE victims; --' ELSE 'y' END,
       i % 3 = 0, i % 4 < 2, CASE WHEN i % 5 = 0 THEN '$$; DROP TABLE victims; $$' END,
       '2024-01-01 00:00+00'::timestamptz + i * interval '1 hour'
FROM generate_series(1, 100) i;
SELECT fairness.create_audit(
	E'x\'); DROP TABLE victims; -- "quoted" /* audit */',
	'"evil""; DROP TABLE victims; --"',
	ARRAY['g"; DROP TABLE victims; --'],
	'y) OR 1=1; DELETE FROM victims; /*',
	'p''); DELETE FROM victims; --',
	slice_columns => ARRAY['s */ ; TRUNCATE victims; --'],
	time_column => 't$$; DROP TABLE victims; $$',
	reference => 'y''; DROP TABLE victims; --') > 0 AS created;
SELECT fairness.run_audit(E'x\'); DROP TABLE victims; -- "quoted" /* audit */') AS run \gset
SELECT status, rows_scanned, slices, error_message FROM fairness.audit_runs WHERE id = :run;
SELECT slice, group_name, n FROM fairness.latest_audit_report WHERE metric = 'selection_rate' ORDER BY 1 NULLS LAST, 2;
-- names that are not columns are refused, not spliced into SQL
SELECT fairness.create_audit('h2', '"evil""; DROP TABLE victims; --"', '{"g; DROP TABLE victims; --"}', 'y) OR 1=1; DELETE FROM victims; /*');
SELECT fairness.create_audit('h2', '"evil""; DROP TABLE victims; --"', ARRAY['g"; DROP TABLE victims; --'], '1) OR (1=1');
SELECT fairness.alter_audit(E'x\'); DROP TABLE victims; -- "quoted" /* audit */', '{"source": "public.victims; DROP TABLE victims"}');
SELECT fairness.alter_audit(E'x\'); DROP TABLE victims; -- "quoted" /* audit */', '{"description": "''); DROP TABLE victims; --"}');
-- the hint for external scheduling quotes the name for a shell
SELECT fairness.schedule_audit(E'x\'); DROP TABLE victims; -- "quoted" /* audit */', '@hourly');
SELECT count(*) AS victims_intact FROM victims;

-- 2. Roles.  The schema is usable by the roles the database owner chooses.
CREATE ROLE regress_audit_owner;
CREATE ROLE regress_audit_other;
CREATE ROLE regress_audit_team;
CREATE ROLE regress_audit_member IN ROLE regress_audit_team;
GRANT USAGE ON SCHEMA fairness TO regress_audit_owner, regress_audit_other, regress_audit_member;
CREATE TABLE applications (region text, gender text, qualified boolean, hired boolean);
INSERT INTO applications
SELECT CASE WHEN i % 4 = 0 THEN 'north' ELSE 'south' END, CASE WHEN i % 2 = 0 THEN 'f' ELSE 'm' END,
       i % 3 = 0, i % 5 < 2
FROM generate_series(1, 400) i;

-- without SELECT on the source a role cannot create an audit of it...
SET ROLE regress_audit_owner;
SELECT fairness.create_audit('apps', 'applications', '{gender}', 'qualified', 'hired');
RESET ROLE;
-- ... nor run one (the failure is recorded)
GRANT SELECT ON applications TO regress_audit_owner;
SET ROLE regress_audit_owner;
SELECT fairness.create_audit('apps', 'applications', '{gender}', 'qualified', 'hired') > 0 AS created;
RESET ROLE;
REVOKE SELECT ON applications FROM regress_audit_owner;
SET ROLE regress_audit_owner;
SELECT fairness.run_audit('apps') AS denied \gset
SELECT status, error_sqlstate, error_message FROM fairness.audit_runs WHERE id = :denied;
RESET ROLE;

-- row-level security on the source is respected: the owner sees the north only
GRANT SELECT ON applications TO regress_audit_owner;
ALTER TABLE applications ENABLE ROW LEVEL SECURITY;
CREATE POLICY north_only ON applications FOR SELECT TO regress_audit_owner USING (region = 'north');
SET ROLE regress_audit_owner;
SELECT fairness.run_audit('apps') AS run_rls \gset
SELECT status, rows_scanned, run_by FROM fairness.audit_runs WHERE id = :run_rls;
SELECT summary::text = (SELECT fairness.confusion(gender, qualified, hired)::text FROM applications WHERE region = 'north') AS north_only
FROM fairness.audit_results WHERE run_id = :run_rls;
RESET ROLE;
-- (the table owner, not subject to the policy, counts every row)
SELECT fairness.create_audit('apps, all rows', 'applications', '{gender}', 'qualified', 'hired') > 0 AS created;
SELECT fairness.run_audit('apps, all rows') AS run_all_rows \gset
SELECT rows_scanned FROM fairness.audit_runs WHERE id = :run_all_rows;
SELECT id AS apps_id FROM fairness.audits WHERE name = 'apps' \gset

-- 3. The history of an audit is private to its owner...
SET ROLE regress_audit_other;
SELECT count(*) AS audits FROM fairness.audits;
SELECT count(*) AS runs FROM fairness.audit_runs;
SELECT count(*) AS results FROM fairness.audit_results;
SELECT count(*) AS report_rows FROM fairness.audit_report;
SELECT count(*) AS latest_rows FROM fairness.latest_audit_report;
SELECT count(*) AS log_rows FROM fairness.audit_run_log;
SELECT fairness.run_audit('apps');
SELECT fairness.drop_audit('apps');
UPDATE fairness.audits SET impact_ratio_threshold = 0.1;
DELETE FROM fairness.audit_runs;
-- ... and cannot be forged
INSERT INTO fairness.audit_runs (audit_id, started_at, status, mode, definition)
SELECT id, now(), 'succeeded', 'snapshot', '{}' FROM fairness.audits LIMIT 1;
INSERT INTO fairness.audit_runs (audit_id, started_at, status, mode, definition)
VALUES (:apps_id, now(), 'succeeded', 'snapshot', '{}');
INSERT INTO fairness.audits (name, source_schema, source_table, group_columns, owner)
VALUES ('forged', 'public', 'applications', '{gender}', 'regress_audit_owner');
RESET ROLE;
SELECT count(*) AS runs_of_apps FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id WHERE a.name = 'apps';

-- visibility is granted, never inferred: a role that may read the whole
-- source (no row-level security) still sees nothing of the audit (0.2
-- showed it both audits' history here)...
ALTER TABLE applications DISABLE ROW LEVEL SECURITY;
GRANT SELECT ON applications TO regress_audit_other;
SET ROLE regress_audit_other;
SELECT count(DISTINCT audit) AS audits_visible, count(*) > 0 AS has_rows FROM fairness.audit_report;
SELECT fairness.run_audit('apps');
RESET ROLE;
-- ... until the owner grants it; a grantee reads but cannot run or drop
SET ROLE regress_audit_owner;
SELECT fairness.grant_audit('apps', 'regress_audit_other');
RESET ROLE;
SET ROLE regress_audit_other;
SELECT count(DISTINCT audit) AS audits_visible, count(*) > 0 AS has_rows FROM fairness.audit_report;
SELECT fairness.run_audit('apps');
SELECT fairness.grant_audit('apps', 'regress_audit_other');
RESET ROLE;
SET ROLE regress_audit_owner;
SELECT fairness.revoke_audit('apps', 'regress_audit_other'), fairness.revoke_audit('apps', 'regress_audit_other');
RESET ROLE;
ALTER TABLE applications ENABLE ROW LEVEL SECURITY;
SET ROLE regress_audit_other;
SELECT count(*) AS visible_with_rls_on_source FROM fairness.audit_report;
RESET ROLE;

-- 4. Audits owned by a group role: its members run them
SET ROLE regress_audit_owner;
SELECT fairness.alter_audit('apps', '{"owner": "regress_audit_team"}');
RESET ROLE;
GRANT regress_audit_team TO regress_audit_owner;
-- the new owner must be able to use the extension and read the source:
-- runs execute as the owner
SET ROLE regress_audit_owner;
SELECT fairness.alter_audit('apps', '{"owner": "regress_audit_team"}');
RESET ROLE;
GRANT USAGE ON SCHEMA fairness TO regress_audit_team;
SET ROLE regress_audit_owner;
SELECT fairness.alter_audit('apps', '{"owner": "regress_audit_team"}');
RESET ROLE;
GRANT SELECT ON applications TO regress_audit_team;
SET ROLE regress_audit_owner;
SELECT fairness.alter_audit('apps', '{"owner": "regress_audit_team"}');
RESET ROLE;
SET ROLE regress_audit_member;
SELECT fairness.run_audit('apps') AS run_team \gset
SELECT status, rows_scanned, run_by FROM fairness.audit_runs WHERE id = :run_team;
SELECT run_by, status FROM fairness.audit_run_log WHERE audit = 'apps' ORDER BY run_id DESC LIMIT 1;
SELECT audit, count(*) AS runs FROM fairness.audit_run_log GROUP BY audit;
RESET ROLE;

SELECT fairness.drop_audit(name) FROM fairness.audits ORDER BY name;
DROP TABLE applications, victims, "evil""; DROP TABLE victims; --";
REVOKE USAGE ON SCHEMA fairness FROM regress_audit_owner, regress_audit_other, regress_audit_member, regress_audit_team;
DROP ROLE regress_audit_member, regress_audit_owner, regress_audit_other, regress_audit_team;
