-- Audits under attack: the findings of issue 10, each reproduced as the
-- attacker would.  Every block says which 0.2 behaviour it catches; all of
-- them fail on 0.2 and pass since 0.3 (runs execute as the audit's owner,
-- the registry is written only by the extension, owners are roles,
-- visibility is granted).
\pset null '(null)'
\set SHOW_CONTEXT never
SET client_min_messages = warning;

CREATE ROLE regress_mallory;
CREATE ROLE regress_north;
CREATE ROLE regress_ops;
GRANT USAGE ON SCHEMA fairness TO regress_mallory, regress_north, regress_ops;
GRANT CREATE ON SCHEMA public TO regress_mallory;

-- the attacker's own data, view and function (its own objects only)
SET ROLE regress_mallory;
CREATE TABLE mallory_data (g text, y boolean, p boolean);
INSERT INTO mallory_data SELECT CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END, i % 3 = 0, i % 4 < 2 FROM generate_series(1, 200) i;
CREATE TABLE mallory_log (what text, who name, outcome text);
-- called for every row the audit reads: escalates when it runs as a superuser
-- (names schema-qualified: audited code runs with search_path pg_catalog, pg_temp)
CREATE FUNCTION mallory_trojan(x text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM public.mallory_log) THEN
		INSERT INTO public.mallory_log VALUES ('called as', current_user, NULL);
		BEGIN
			IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
				ALTER ROLE regress_mallory SUPERUSER;
				INSERT INTO public.mallory_log VALUES ('alter role', current_user, 'done');
			ELSE
				INSERT INTO public.mallory_log VALUES ('alter role', current_user, 'not superuser');
			END IF;
		EXCEPTION WHEN OTHERS THEN INSERT INTO public.mallory_log VALUES ('alter role', current_user, SQLERRM);
		END;
		BEGIN
			PERFORM set_config('role', session_user, false);
			INSERT INTO public.mallory_log VALUES ('set role', current_user, 'done');
		EXCEPTION WHEN OTHERS THEN INSERT INTO public.mallory_log VALUES ('set role', current_user, SQLERRM);
		END;
		BEGIN
			SET SESSION AUTHORIZATION DEFAULT;
			INSERT INTO public.mallory_log VALUES ('set session authorization', current_user, 'done');
		EXCEPTION WHEN OTHERS THEN INSERT INTO public.mallory_log VALUES ('set session authorization', current_user, SQLERRM);
		END;
		BEGIN
			GRANT pg_read_all_data TO regress_mallory;
			INSERT INTO public.mallory_log VALUES ('grant', current_user, 'done');
		EXCEPTION WHEN OTHERS THEN INSERT INTO public.mallory_log VALUES ('grant', current_user, 'refused, SQLSTATE ' || SQLSTATE);  -- the message differs from PostgreSQL 16 on
		END;
		-- settings changed for the rest of the caller's session
		PERFORM set_config('fairness.min_group_size', '0', false);
		PERFORM set_config('search_path', 'public', false);
		INSERT INTO public.mallory_log VALUES ('set_config', current_user, 'done');
	END IF;
	RETURN x;
END
$$;
-- three places where the function can hide: a view column, a WHERE clause,
-- a group expression of a view
CREATE VIEW trojan_column AS SELECT public.mallory_trojan(g) AS g, y, p FROM mallory_data;
CREATE VIEW trojan_where AS SELECT g, y, p FROM mallory_data WHERE public.mallory_trojan(g) IS NOT NULL;
CREATE VIEW trojan_group AS SELECT g || public.mallory_trojan('') AS g, y, p FROM mallory_data;
SELECT fairness.create_audit('trojan column', 'trojan_column', '{g}', 'y', 'p') > 0 AS created;
SELECT fairness.create_audit('trojan where', 'trojan_where', '{g}', 'y', 'p') > 0 AS created;
SELECT fairness.create_audit('trojan group', 'trojan_group', '{g}', 'y', 'p') > 0 AS created;
-- creating the audit ran nothing of the trojan (validation reads the catalog only)
TRUNCATE mallory_log;
RESET ROLE;

-- 1. A superuser's run_all_audits (the crontab line of 0.2's README).  On
-- 0.2 the trojan ran as the superuser: regress_mallory became superuser.
SHOW fairness.min_group_size;
SELECT audit, status, rows_scanned FROM fairness.run_all_audits() ORDER BY audit;
SELECT rolsuper AS mallory_is_superuser FROM pg_roles WHERE rolname = 'regress_mallory';
SELECT pg_has_role('regress_mallory', 'pg_read_all_data', 'MEMBER') AS mallory_reads_all;
-- what the trojan saw: it ran as its owner, and every escape was refused
SELECT what, who, outcome FROM mallory_log ORDER BY what;
-- its settings did not leak into the superuser's session
SHOW fairness.min_group_size;
SHOW search_path;
SELECT current_user = session_user AS still_myself;

-- 2. The same through run_audit by name, each hiding place in turn
TRUNCATE mallory_log;
SELECT fairness.run_audit('trojan where') AS run \gset
SELECT status FROM fairness.audit_runs WHERE id = :run;
SELECT what, who FROM mallory_log WHERE what = 'called as';
TRUNCATE mallory_log;
SELECT fairness.run_audit('trojan group') AS run \gset
SELECT status FROM fairness.audit_runs WHERE id = :run;
SELECT what, who FROM mallory_log WHERE what = 'called as';
SELECT rolsuper AS mallory_is_superuser FROM pg_roles WHERE rolname = 'regress_mallory';
-- the run records who started it; the definition, whom it ran as
SELECT run_by, definition ->> 'owner' AS ran_as FROM fairness.audit_runs
WHERE audit_id = (SELECT id FROM fairness.audits WHERE name = 'trojan group') ORDER BY id DESC LIMIT 1;

-- 3. Writing around the functions.  On 0.2 an ordinary role could INSERT an
-- audit of a table it cannot read, sliced by email, and a superuser's
-- run_all_audits wrote its slices into history the role could read.
CREATE TABLE staff (email text, dept text, fired boolean, flagged boolean);
INSERT INTO staff SELECT 'person' || i || '@example.org', CASE WHEN i % 2 = 0 THEN 'x' ELSE 'y' END, i % 3 = 0, i % 5 = 0
FROM generate_series(1, 50) i;
SET ROLE regress_mallory;
INSERT INTO fairness.audits (name, owner, source_schema, source_table, group_columns, actual_column, predicted_column, slice_columns)
VALUES ('forged', 'regress_mallory', 'public', 'staff', '{dept}', 'fired', 'flagged', '{email}');
UPDATE fairness.audits SET source_table = 'staff', slice_columns = '{email}' WHERE name = 'trojan column';
DELETE FROM fairness.audit_runs;
INSERT INTO fairness.audit_results SELECT * FROM fairness.audit_results;
UPDATE fairness.audit_grants SET grantee = 'regress_mallory';
SELECT nextval('fairness.audits_id_seq');
SELECT setval('fairness.audit_runs_id_seq', 1);
-- through the functions: the checks apply, with the owner's privileges
SELECT fairness.create_audit('forged', 'staff', '{dept}', 'fired', 'flagged', slice_columns => '{email}');
SELECT fairness.alter_audit('trojan column', '{"source": "public.staff", "group_columns": ["dept"], "actual_column": "fired", "predicted_column": "flagged"}');
-- the gateway takes the caller from the server, not from its arguments
SELECT fairness.audit_call('create', jsonb_build_object('name', 'forged owner', 'source', 'mallory_data'::regclass::oid,
	'group_columns', '{g}'::text[], 'actual_column', 'y', 'owner', 'postgres', 'slice_columns', '{}'::text[],
	'impact_ratio_threshold', 0.8, 'significance', 0.05, 'require_significance', true, 'alert_metrics', '{tpr}'::text[],
	'intersections', false, 'time_zone', 'UTC', 'lateness', '0', 'notify', true)) ? 'id' AS created;
SELECT owner FROM fairness.audits WHERE name = 'forged owner';
SELECT fairness.audit_call('../../etc', '{}');
SELECT fairness.audit_call('run', NULL);
-- the internal functions themselves are not executable
SELECT fairness.audit_op_run(10, '{"name": "trojan column"}');
SELECT * FROM fairness.audit_scan('postgres'::regrole, 'SELECT 1', 0) AS s(x integer);
RESET ROLE;
SELECT count(*) AS forged FROM fairness.audits WHERE name = 'forged';
-- audit_scan refuses roles whose rights its caller does not have
GRANT EXECUTE ON FUNCTION fairness.audit_scan(regrole, text, integer) TO regress_mallory;
SET ROLE regress_mallory;
SELECT * FROM fairness.audit_scan('regress_north'::regrole, 'SELECT 1', 0) AS s(x integer);
RESET ROLE;
REVOKE EXECUTE ON FUNCTION fairness.audit_scan(regrole, text, integer) FROM regress_mallory;

-- 4. History shown to roles that cannot read the rows.  On 0.2 visibility
-- was inferred (SELECT on the source, no row-level security on it): a
-- security_invoker view over a table with row-level security, or a view
-- filtering on current_user, showed a role limited to the north every
-- region's slices.
CREATE TABLE sales (region text, g text, y boolean, p boolean, manager name);
INSERT INTO sales SELECT (ARRAY['north', 'east', 'south', 'west'])[1 + i % 4], CASE WHEN i % 3 = 0 THEN 'a' ELSE 'b' END,
       i % 2 = 0, i % 5 < 3, CASE WHEN i % 4 = 0 THEN 'regress_north' ELSE 'regress_ops' END
FROM generate_series(1, 400) i;
ALTER TABLE sales ENABLE ROW LEVEL SECURITY;
CREATE POLICY north ON sales FOR SELECT TO regress_north USING (region = 'north');
CREATE POLICY ops ON sales FOR SELECT TO regress_ops USING (true);
CREATE VIEW sales_invoker WITH (security_invoker) AS SELECT * FROM sales;
CREATE VIEW sales_mine AS SELECT * FROM sales WHERE manager = current_user;
GRANT SELECT ON sales, sales_invoker, sales_mine TO regress_north, regress_ops;
SET ROLE regress_ops;
SELECT fairness.create_audit('sales by region', 'sales_invoker', '{g}', 'y', 'p', slice_columns => '{region}') > 0 AS created;
SELECT fairness.create_audit('sales, mine', 'sales_mine', '{g}', 'y', 'p', slice_columns => '{region}') > 0 AS created;
SELECT count(*) AS runs FROM fairness.run_all_audits();
SELECT slice, max(slice_rows) AS rows FROM fairness.latest_audit_report
WHERE audit = 'sales by region' AND metric = 'selection_rate' AND group_name = 'a' GROUP BY slice ORDER BY slice;
RESET ROLE;
SET ROLE regress_north;
SELECT count(*) AS rows_north_sees FROM sales_invoker;
SELECT count(*) AS audits, count(DISTINCT slice) AS slices FROM fairness.latest_audit_report;
SELECT count(*) AS runs FROM fairness.audit_runs;
SELECT count(*) AS results FROM fairness.audit_results;
SELECT count(*) AS alerts FROM fairness.alerts;
RESET ROLE;

-- 5. Owners are roles.  On 0.2 owners were names: after REASSIGN OWNED,
-- DROP OWNED and DROP ROLE, a new role of the same name owned the audits
-- and read their history.
CREATE ROLE regress_leaver;
CREATE ROLE regress_heir;
GRANT USAGE ON SCHEMA fairness TO regress_leaver, regress_heir;
GRANT SELECT ON mallory_data TO regress_leaver, regress_heir;
SET ROLE regress_leaver;
SELECT fairness.create_audit('leaver''s audit', 'mallory_data', '{g}', 'y', 'p') > 0 AS created;
SELECT fairness.run_audit('leaver''s audit') AS run \gset
SELECT status FROM fairness.audit_runs WHERE id = :run;
RESET ROLE;
-- a role that owns audits cannot be dropped (its other privileges revoked
-- first, so that the audits are what holds it)
REVOKE USAGE ON SCHEMA fairness FROM regress_leaver;
REVOKE SELECT ON mallory_data FROM regress_leaver;
DROP ROLE regress_leaver;
SELECT owner, audits FROM fairness.audit_owners WHERE owner = 'regress_leaver'::regrole;
-- the classic sequence does drop it (DROP OWNED revokes the mark) ...
REASSIGN OWNED BY regress_leaver TO regress_heir;
DROP OWNED BY regress_leaver;
DROP ROLE regress_leaver;
-- ... and a new role of the same name inherits nothing
CREATE ROLE regress_leaver;
GRANT USAGE ON SCHEMA fairness TO regress_leaver;
SET ROLE regress_leaver;
SELECT count(*) AS audits_seen FROM fairness.audits;
SELECT count(*) AS report_rows FROM fairness.audit_report;
SELECT fairness.run_audit('leaver''s audit');
SELECT fairness.drop_audit('leaver''s audit');
RESET ROLE;
-- the orphaned audit cannot run; a superuser sees it and gives it away
SELECT owner::oid = 0 OR owner::text ~ '^[0-9]+$' AS dangling_owner FROM fairness.audits WHERE name = 'leaver''s audit';
-- (terse: the detail and hint name the dropped role's OID, which varies)
\set VERBOSITY terse
SELECT fairness.run_audit('leaver''s audit');
\set VERBOSITY default
SELECT fairness.reassign_audits((SELECT owner FROM fairness.audits WHERE name = 'leaver''s audit'), 'regress_heir') AS reassigned;
SET ROLE regress_heir;
SELECT fairness.run_audit('leaver''s audit') AS run \gset
SELECT status FROM fairness.audit_runs WHERE id = :run;
SELECT count(*) AS runs_heir_sees FROM fairness.audit_run_log WHERE audit = 'leaver''s audit';
-- reassigning needs the privileges of both roles
SELECT fairness.reassign_audits('regress_heir', 'regress_ops');
RESET ROLE;
-- the mark moved with the audit: the heir cannot be dropped, the new leaver can
SELECT r.rolname, has_table_privilege(r.oid, 'fairness.audit_owners', 'SELECT') AS marked
FROM pg_roles r WHERE r.rolname IN ('regress_heir', 'regress_leaver') ORDER BY 1;

-- 6. Unbounded slices: an audit sliced by an identifier fails with 54000
-- naming fairness.max_slices (0.2 wrote one result row per value)
SET ROLE regress_ops;
SELECT fairness.create_audit('by manager and row', 'sales', '{g}', 'y', 'p', slice_columns => '{manager,region}') > 0 AS created;
SET fairness.max_slices = 3;
SELECT fairness.run_audit('by manager and row') AS run \gset
SELECT status, error_sqlstate, error_message, error_detail FROM fairness.audit_runs WHERE id = :run;
SELECT count(*) AS results_kept FROM fairness.audit_results WHERE run_id = :run;
RESET fairness.max_slices;
RESET ROLE;

-- 7. A failed latest run shows in latest_audit_report and alerts, with a
-- hint (0.2: only a WARNING; the views kept showing the last good run)
SET ROLE regress_ops;
SELECT audit, status, message FROM fairness.alerts WHERE audit = 'by manager and row';
SELECT fairness.run_audit('by manager and row') > 0 AS ran;
SELECT count(*) AS failure_rows FROM fairness.alerts WHERE audit = 'by manager and row' AND status = 'run_failed';
RESET ROLE;
-- alert rules name the metric, the values and the threshold
CREATE TABLE hires AS SELECT CASE WHEN i <= 100 THEN 'a' ELSE 'b' END AS g, i % 2 = 0 AS y,
       CASE WHEN i <= 100 THEN i % 10 < 8 ELSE i % 10 < 2 END AS p FROM generate_series(1, 200) i;
GRANT SELECT ON hires TO regress_ops;
SET ROLE regress_ops;
SELECT fairness.create_audit('hires', 'hires', '{g}', 'y', 'p', reference => 'a', alert_metrics => '{selection_rate}') > 0 AS created;
SELECT fairness.run_audit('hires') > 0 AS ran;
SELECT metric, status, message FROM fairness.alerts WHERE audit = 'hires';
RESET ROLE;

-- 8. Retention: keep_runs and keep_for applied at each run
SET ROLE regress_ops;
SELECT fairness.alter_audit('sales, mine', '{"keep_runs": 2}');
SELECT count(*) > 0 AS ran FROM (SELECT fairness.run_audit('sales, mine') FROM generate_series(1, 4)) x;
SELECT count(*) AS runs_kept, max(id) = (SELECT last_run_id FROM fairness.audits WHERE name = 'sales, mine') AS latest_kept
FROM fairness.audit_runs WHERE audit_id = (SELECT id FROM fairness.audits WHERE name = 'sales, mine');
SELECT fairness.alter_audit('sales, mine', '{"keep_runs": null, "keep_for": "1 day"}');
SELECT fairness.run_audit('sales, mine') > 0 AS ran;
RESET ROLE;
-- age every run but the latest by two days: the next run deletes them
UPDATE fairness.audit_runs SET started_at = started_at - interval '2 days'
WHERE audit_id = (SELECT id FROM fairness.audits WHERE name = 'sales, mine');
SET ROLE regress_ops;
SELECT fairness.run_audit('sales, mine') > 0 AS ran;
SELECT count(*) AS runs_kept FROM fairness.audit_runs WHERE audit_id = (SELECT id FROM fairness.audits WHERE name = 'sales, mine');
SELECT fairness.alter_audit('sales, mine', '{"keep_runs": 0}');
SELECT fairness.alter_audit('sales, mine', '{"keep_for": "-1 day"}');
RESET ROLE;

-- clean up
SELECT fairness.drop_audit(name) FROM fairness.audits ORDER BY name;
SELECT count(*) AS marks_left FROM pg_class c, aclexplode(c.relacl) x
WHERE c.oid = 'fairness.audit_owners'::regclass AND x.grantee <> c.relowner;
DROP VIEW sales_invoker, sales_mine;
DROP TABLE sales, staff, hires;
DROP OWNED BY regress_mallory, regress_north, regress_ops, regress_leaver, regress_heir;
DROP ROLE regress_mallory, regress_north, regress_ops, regress_leaver, regress_heir;
