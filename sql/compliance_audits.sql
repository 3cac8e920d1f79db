--
-- compliance_audits: the three compliance reports registered as audits
-- (create_audit(..., report => ...)).  The data are the fixtures of the
-- compliance tests (test/data/*.csv); the values a run stores must be
-- exactly those of a direct fairness.compliance_report call, and equal the
-- independent reference values of compliance_ll144, compliance_eu and
-- compliance_egapro (test/data/ll144_reference.py,
-- pay_transparency_reference.py, egapro_reference.mjs).
--
\pset null '(null)'
\set SHOW_CONTEXT never
SET client_min_messages = warning;

CREATE TABLE ca_ll144 (sex text, race_ethnicity text, selected boolean);
\copy ca_ll144 FROM 'test/data/ll144_selection.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE ca_eu (id int, sex text, category text, base_pay numeric(12,2), variable_pay integer, hours real);
\copy ca_eu FROM 'test/data/pay_transparency.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE ca_egapro (company text, id int, sex text, age int, csp text, pay numeric, raised boolean,
                        promoted boolean, maternity_return boolean, raised_after_maternity boolean);
\copy ca_egapro FROM 'test/data/egapro.csv' WITH (FORMAT csv, HEADER)
CREATE VIEW ca_acme AS SELECT * FROM ca_egapro WHERE company = 'acme';
CREATE VIEW ca_bistro AS SELECT * FROM ca_egapro WHERE company = 'bistro';
CREATE VIEW ca_cabinet AS SELECT * FROM ca_egapro WHERE company = 'cabinet';

-- an error as SQLSTATE, message and hint
CREATE FUNCTION ca_try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	st text; msg text; hint text;
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
	RETURN st || ': ' || msg || coalesce(' / ' || nullif(hint, ''), '');
END
$$;

-- 1. Registration errors: SQLSTATE, message, hint; nothing is registered
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_eu', report => 'uk_gpg', report_options => '{}')$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_eu', report => 'eu_pay_transparency')$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_eu', report => 'eu_pay_transparency', report_options => '["sex"]')$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_eu', report => 'eu_pay_transparency',
	report_options => '{"sex_column": "sex", "base_pay_column": "base_pay", "bonus_column": "variable_pay"}')$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_eu', report => 'eu_pay_transparency', report_options => '{"sex_column": "sex"}')$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_ll144', report => 'll144',
	report_options => '{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity"}')$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_ll144', report => 'll144',
	report_options => '{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity", "selected_column": "selected", "score_column": "selected"}')$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_eu', report => 'eu_pay_transparency', report_options => '{"sex_column": "sex", "base_pay_column": 7}')$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_eu', report => 'eu_pay_transparency',
	report_options => '{"sex_column": "sex", "base_pay_column": "base_pay", "positive_gaps_only": "yes"}')$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_acme', report => 'egapro',
	report_options => '{"sex_column": "sex", "age_column": "age", "csp_column": "csp", "pay_column": "pay", "raised_column": "raised", "promoted_column": "promoted", "maternity_return_column": "maternity_return", "raised_after_maternity_column": "raised_after_maternity", "workforce": 12.5}')$$);
-- columns: unknown (as stored, not quoted), and of the wrong type (found
-- by computing the report once as the owner at creation)
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_eu', report => 'eu_pay_transparency', report_options => '{"sex_column": "Sex", "base_pay_column": "base_pay"}')$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_eu', report => 'eu_pay_transparency', report_options => '{"sex_column": "sex", "base_pay_column": "category"}')$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_eu', report => 'eu_pay_transparency', report_options => '{"sex_column": "sex", "base_pay_column": "sex"}')$$);
-- what belongs to audits of decisions is refused, not ignored
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_eu', '{sex}', report => 'eu_pay_transparency', report_options => '{"sex_column": "sex", "base_pay_column": "base_pay"}')$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_eu', report => 'eu_pay_transparency', report_options => '{"sex_column": "sex", "base_pay_column": "base_pay"}',
	slice_columns => '{category}', min_group_size => 5)$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_eu', report => 'eu_pay_transparency', report_options => '{"sex_column": "sex", "base_pay_column": "base_pay"}', keep_runs => 0)$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'pg_class_oid_index', report => 'll144', report_options => '{}')$$);
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_ll144', '{sex}', 'selected', report_options => '{"sex_column": "sex"}')$$);
SELECT count(*) AS registered FROM fairness.audits WHERE name = 'x';
-- positional calls of decision audits resolve as before (one function)
SELECT ca_try($$SELECT fairness.create_audit('x', 'ca_ll144', '{sex}', 'selected')$$);
SELECT name, report, group_columns, actual_column FROM fairness.audits WHERE name = 'x';
SELECT fairness.drop_audit('x');

-- 2. One audit per regime
SELECT fairness.create_audit('aedt 2026', 'ca_ll144', report => 'll144',
	report_options => '{"sex_column": "sex", "race_ethnicity_column": "race_ethnicity", "selected_column": "selected"}',
	description => 'NYC LL144 bias audit of the screening tool') > 0 AS created;
SELECT fairness.create_audit('pay 2026', 'ca_eu', report => 'eu_pay_transparency',
	report_options => '{"sex_column": "sex", "base_pay_column": "base_pay", "variable_pay_column": "variable_pay", "hours_column": "hours", "category_column": "category"}') > 0 AS created;
SELECT fairness.create_audit('index acme', 'ca_acme', report => 'egapro',
	report_options => '{"sex_column": "sex", "age_column": "age", "csp_column": "csp", "pay_column": "pay", "raised_column": "raised", "promoted_column": "promoted", "maternity_return_column": "maternity_return", "raised_after_maternity_column": "raised_after_maternity"}') > 0 AS created;
SELECT fairness.create_audit('index bistro', 'ca_bistro', report => 'egapro',
	report_options => '{"sex_column": "sex", "age_column": "age", "csp_column": "csp", "pay_column": "pay", "raised_column": "raised", "maternity_return_column": "maternity_return", "raised_after_maternity_column": "raised_after_maternity"}') > 0 AS created;
SELECT fairness.create_audit('index cabinet', 'ca_cabinet', report => 'egapro',
	report_options => '{"sex_column": "sex", "age_column": "age", "csp_column": "csp", "pay_column": "pay", "raised_column": "raised", "promoted_column": "promoted", "maternity_return_column": "maternity_return", "raised_after_maternity_column": "raised_after_maternity"}') > 0 AS created;
SELECT ca_try($$SELECT fairness.create_audit('pay 2026', 'ca_eu', report => 'eu_pay_transparency', report_options => '{"sex_column": "sex", "base_pay_column": "base_pay"}')$$);
SELECT name, report, group_columns, owner = current_user::regrole AS mine FROM fairness.audits WHERE report IS NOT NULL ORDER BY id;
SELECT audit, status, rows_scanned, violations FROM fairness.run_all_audits() ORDER BY audit;
SELECT ca_try($$SELECT fairness.run_audit('pay 2026', restate_from => '2026-01-01')$$);

-- the stored rows are exactly those of a direct call (same order, same
-- JSON, floats in their shortest exact form)
SELECT a.name, count(*) AS rows,
       count(*) FILTER (WHERE d.report_row IS NOT DISTINCT FROM cr.report_row) AS identical
FROM fairness.audits a
JOIN fairness.audit_compliance_rows cr ON cr.run_id = a.last_run_id
LEFT JOIN LATERAL fairness.compliance_report(a.report, format('%I.%I', a.source_schema, a.source_table)::regclass,
                                            a.report_options) d ON d.ord = cr.ord
WHERE a.report IS NOT NULL
GROUP BY a.name ORDER BY a.name;

-- and equal the independent reference values (test/data/ll144_reference.py)
SELECT table_name, category, applicants, selected, rate, impact_ratio, below_2_percent, violation
FROM fairness.compliance_audit_report WHERE audit = 'aedt 2026' AND table_name = 'sex' ORDER BY ord;
SELECT count(*) FILTER (WHERE abs(r.impact_ratio - e.ratio) < 1e-12 AND r.applicants = e.applicants AND r.selected = e.selected) AS matching,
       count(*) AS reference_rows
FROM (VALUES ('race_ethnicity', 'Asian', 616, 302, 0.9483908082209053),
             ('race_ethnicity', 'Black or African American', 390, 170, 0.8432287776947971),
             ('race_ethnicity', 'Native American or Alaska Native', 41, 18, 0.8492777646223064),
             ('intersectional', 'Female × Hispanic or Latino', 190, 82, 0.8270257037943697),
             ('intersectional', 'Male × Black or African American', 226, 95, 0.8055155381765795),
             ('intersectional', 'Male × White', 412, 215, 1.0)) AS e(table_name, category, applicants, selected, ratio)
LEFT JOIN fairness.compliance_audit_report r ON r.audit = 'aedt 2026' AND r.table_name = e.table_name
  AND (r.category = e.category OR (r.sex || ' × ' || r.race_ethnicity) = e.category);
-- (test/data/pay_transparency_reference.py)
SELECT item, value, n_women, n_men, flagged, violation
FROM fairness.compliance_audit_report WHERE audit = 'pay 2026' AND indicator IN ('a', 'c', 'g') AND basis = 'annual' ORDER BY ord;
SELECT abs(value - 1.6302216550314448) < 1e-9 AS a_matches, abs(n_women - 95) + abs(n_men - 109) = 0 AS counts_match
FROM fairness.compliance_audit_report WHERE audit = 'pay 2026' AND indicator = 'a' AND basis = 'annual';
-- (test/data/egapro_reference.mjs)
SELECT audit, indicator, calculable, result, favoured_sex, points, max_points, violation
FROM fairness.compliance_audit_report WHERE report = 'egapro' ORDER BY audit, ord;

-- 3. Alerts: what needs action, by regime
SELECT audit, item, status, message FROM fairness.compliance_alerts ORDER BY audit, ord;
SELECT count(*) AS in_decision_alerts FROM fairness.alerts WHERE audit IN ('aedt 2026', 'pay 2026', 'index acme');
-- LL144 against another threshold: the rows under 0.85 that are not under
-- 2 % of the data (3 race/ethnicity rows, 4 intersectional ones)
SELECT fairness.alter_audit('aedt 2026', '{"impact_ratio_threshold": 0.85}');
SELECT fairness.run_audit('aedt 2026') > 0 AS ran;
SELECT item, round(impact_ratio::numeric, 4) AS impact_ratio, message
FROM fairness.latest_compliance_report WHERE audit = 'aedt 2026' AND alert ORDER BY ord;
SELECT violations FROM fairness.audit_run_log WHERE audit = 'aedt 2026' ORDER BY run_id;

-- 4. alter_audit: options of report audits; settings of decision audits refused
SELECT ca_try($$SELECT fairness.alter_audit('pay 2026', '{"report_options": {"sex_column": "sex"}}')$$);
-- (a new option is tried by computing the report once, as at creation)
SELECT ca_try($$SELECT fairness.alter_audit('pay 2026', '{"report_options": {"sex_column": "sex", "base_pay_column": "category"}}')$$);
SELECT ca_try($$SELECT fairness.alter_audit('pay 2026', '{"group_columns": ["sex"]}')$$);
SELECT ca_try($$SELECT fairness.alter_audit('pay 2026', '{"report": "ll144"}')$$);
SELECT ca_try($$SELECT fairness.alter_audit('aedt 2026', '{"report_options": {"sex_column": "sex", "race_ethnicity_column": "race_ethnicity", "selected_column": "selected", "exclude_below_2_percent": true}}')$$);
SELECT report_options ->> 'exclude_below_2_percent' AS excluded FROM fairness.audits WHERE name = 'aedt 2026';

-- 5. History over two runs with changed data: each run keeps what it saw
CREATE TABLE ca_eu_before AS SELECT * FROM fairness.compliance_report('eu_pay_transparency', 'ca_eu',
	(SELECT report_options FROM fairness.audits WHERE name = 'pay 2026'));
UPDATE ca_eu SET base_pay = base_pay * 1.05 WHERE sex = 'F' AND category = 'engineering';
SELECT fairness.run_audit('pay 2026') > 0 AS ran;
SELECT dense_rank() OVER (ORDER BY run_id) AS run, item, round(value::numeric, 6) AS gap, flagged
FROM fairness.compliance_audit_report WHERE audit = 'pay 2026' AND indicator = 'g' AND category = 'engineering' ORDER BY run_id, ord;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE cr.report_row = b.report_row) AS first_run_as_before,
       count(*) FILTER (WHERE cr2.report_row = d.report_row) AS second_run_as_now
FROM fairness.audits a
JOIN LATERAL (SELECT min(r.id) AS r1, max(r.id) AS r2 FROM fairness.audit_runs r WHERE r.audit_id = a.id) ru ON true
JOIN fairness.audit_compliance_rows cr ON cr.run_id = ru.r1
JOIN ca_eu_before b ON b.ord = cr.ord
JOIN fairness.audit_compliance_rows cr2 ON cr2.run_id = ru.r2 AND cr2.ord = cr.ord
JOIN fairness.compliance_report('eu_pay_transparency', 'ca_eu', a.report_options) d ON d.ord = cr.ord
WHERE a.name = 'pay 2026';
-- every run recorded the definition it used
SELECT count(*) AS runs, count(*) FILTER (WHERE definition -> 'report_options' = a.report_options AND definition ->> 'report' = a.report) AS with_options
FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id WHERE a.name = 'pay 2026';
SELECT count(*) AS runs, count(DISTINCT definition -> 'report_options') AS definitions
FROM fairness.audit_runs WHERE audit_id = (SELECT id FROM fairness.audits WHERE name = 'pay 2026');

-- 6. A failed run: recorded, no partial rows, shown in both alert views
ALTER TABLE ca_eu RENAME COLUMN hours TO hours_paid;
-- (the WARNING names the run id, which depends on the tests run before)
SET client_min_messages = error;
SELECT fairness.run_audit('pay 2026') AS failed \gset
SET client_min_messages = warning;
SELECT status, error_sqlstate, error_message, violations FROM fairness.audit_runs WHERE id = :failed;
SELECT count(*) AS rows_kept FROM fairness.audit_compliance_rows WHERE run_id = :failed;
SELECT audit, status, regexp_replace(message, 'run \(\d+\)', 'run (N)') AS message FROM fairness.compliance_alerts WHERE audit = 'pay 2026' ORDER BY ord NULLS LAST;
SELECT audit, status FROM fairness.alerts WHERE audit = 'pay 2026';
ALTER TABLE ca_eu RENAME COLUMN hours_paid TO hours;
SELECT ca_try($$SELECT fairness.alter_audit('pay 2026', '{"source": "public.ca_ll144"}')$$);

-- 7. Retention: keep_runs and keep_for, rows go with their runs
SELECT fairness.alter_audit('index bistro', '{"keep_runs": 2}');
SELECT count(*) > 0 AS ran FROM (SELECT fairness.run_audit('index bistro') FROM generate_series(1, 3)) x;
SELECT count(*) AS runs_kept, count(DISTINCT cr.run_id) AS runs_with_rows, count(cr.*) AS rows_kept
FROM fairness.audit_runs r LEFT JOIN fairness.audit_compliance_rows cr ON cr.run_id = r.id
WHERE r.audit_id = (SELECT id FROM fairness.audits WHERE name = 'index bistro');
SELECT fairness.alter_audit('index bistro', '{"keep_runs": null, "keep_for": "1 day"}');
UPDATE fairness.audit_runs SET started_at = started_at - interval '2 days'
WHERE audit_id = (SELECT id FROM fairness.audits WHERE name = 'index bistro');
SELECT fairness.run_audit('index bistro') > 0 AS ran;
SELECT count(*) AS runs_kept, (SELECT count(*) FROM fairness.audit_compliance_rows cr
                               WHERE cr.audit_id = (SELECT id FROM fairness.audits WHERE name = 'index bistro')) AS rows_kept
FROM fairness.audit_runs WHERE audit_id = (SELECT id FROM fairness.audits WHERE name = 'index bistro');

-- 8. Visibility: another role sees nothing until the audit is granted, and
-- cannot write the history; the owner's audit runs as the owner
CREATE ROLE regress_ca_hr;
CREATE ROLE regress_ca_board;
GRANT USAGE ON SCHEMA fairness TO regress_ca_hr, regress_ca_board;
GRANT SELECT ON ca_eu TO regress_ca_hr;
SET ROLE regress_ca_hr;
SELECT fairness.create_audit('pay, hr', 'ca_eu', report => 'eu_pay_transparency',
	report_options => '{"sex_column": "sex", "base_pay_column": "base_pay"}') > 0 AS created;
SELECT fairness.run_audit('pay, hr') > 0 AS ran;
SELECT count(*) AS rows, count(DISTINCT audit) AS audits FROM fairness.compliance_audit_report;
RESET ROLE;
SET ROLE regress_ca_board;
SELECT count(*) AS audits FROM fairness.audits;
SELECT count(*) AS history_rows FROM fairness.audit_compliance_rows;
SELECT count(*) AS report_rows FROM fairness.compliance_audit_report;
SELECT count(*) AS latest_rows FROM fairness.latest_compliance_report;
SELECT ca_try($$SELECT fairness.run_audit('pay, hr')$$);
SELECT ca_try($$DELETE FROM fairness.audit_compliance_rows$$);
SELECT ca_try($$INSERT INTO fairness.audit_compliance_rows VALUES (1, 1, 1, '{}', '{}', false)$$);
RESET ROLE;
SET ROLE regress_ca_hr;
SELECT fairness.grant_audit('pay, hr', 'regress_ca_board');
RESET ROLE;
SET ROLE regress_ca_board;
SELECT audit, count(*) AS rows FROM fairness.compliance_audit_report GROUP BY audit;
SELECT ca_try($$SELECT fairness.run_audit('pay, hr')$$);
RESET ROLE;
-- a superuser's run executes as the owner: without SELECT on the source
-- the run fails, whoever starts it
REVOKE SELECT ON ca_eu FROM regress_ca_hr;
SET client_min_messages = error;
SELECT fairness.run_audit('pay, hr') AS denied \gset
SET client_min_messages = warning;
SELECT status, error_sqlstate, error_message FROM fairness.audit_runs WHERE id = :denied;

-- 9. A trojan in the source: the report, computed at creation and at every
-- run, calls it as the audit's owner, never as the superuser who runs it
CREATE ROLE regress_ca_mallory;
GRANT USAGE ON SCHEMA fairness TO regress_ca_mallory;
GRANT CREATE ON SCHEMA public TO regress_ca_mallory;
SET ROLE regress_ca_mallory;
CREATE TABLE ca_mallory_data (sex text, race text, hired boolean);
INSERT INTO ca_mallory_data SELECT CASE WHEN i % 2 = 0 THEN 'Female' ELSE 'Male' END,
	CASE WHEN i % 3 = 0 THEN 'White' ELSE 'Asian' END, i % 4 < 2 FROM generate_series(1, 200) i;
CREATE TABLE ca_mallory_log (what text, who name, outcome text);
CREATE FUNCTION ca_mallory_trojan(x text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM public.ca_mallory_log) THEN
		INSERT INTO public.ca_mallory_log VALUES ('called as', current_user, NULL);
		BEGIN
			IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
				ALTER ROLE regress_ca_mallory SUPERUSER;
				INSERT INTO public.ca_mallory_log VALUES ('alter role', current_user, 'done');
			ELSE
				INSERT INTO public.ca_mallory_log VALUES ('alter role', current_user, 'not superuser');
			END IF;
		EXCEPTION WHEN OTHERS THEN INSERT INTO public.ca_mallory_log VALUES ('alter role', current_user, SQLERRM);
		END;
		BEGIN
			PERFORM set_config('role', session_user, false);
			INSERT INTO public.ca_mallory_log VALUES ('set role', current_user, 'done');
		EXCEPTION WHEN OTHERS THEN INSERT INTO public.ca_mallory_log VALUES ('set role', current_user, SQLERRM);
		END;
		BEGIN
			SET SESSION AUTHORIZATION DEFAULT;
			INSERT INTO public.ca_mallory_log VALUES ('set session authorization', current_user, 'done');
		EXCEPTION WHEN OTHERS THEN INSERT INTO public.ca_mallory_log VALUES ('set session authorization', current_user, SQLERRM);
		END;
		PERFORM set_config('search_path', 'public', false);
		INSERT INTO public.ca_mallory_log VALUES ('set_config', current_user, 'done');
	END IF;
	RETURN x;
END
$$;
CREATE VIEW ca_trojan AS SELECT public.ca_mallory_trojan(sex) AS sex, race, hired FROM ca_mallory_data;
SELECT fairness.create_audit('trojan aedt', 'ca_trojan', report => 'll144',
	report_options => '{"sex_column": "sex", "race_ethnicity_column": "race", "selected_column": "hired"}') > 0 AS created;
-- creating it computed the report once, as its owner
SELECT what, who, outcome FROM ca_mallory_log ORDER BY what;
TRUNCATE ca_mallory_log;
RESET ROLE;
SELECT fairness.run_audit('trojan aedt') AS run \gset
SELECT status, run_by, definition ->> 'owner' AS ran_as FROM fairness.audit_runs WHERE id = :run;
SELECT what, who, outcome FROM ca_mallory_log ORDER BY what;
SELECT rolsuper AS mallory_is_superuser FROM pg_roles WHERE rolname = 'regress_ca_mallory';
SHOW search_path;
SELECT current_user = session_user AS still_myself;
-- the rows are the report of the trojan view, as the owner reads it
SELECT count(*) FILTER (WHERE cr.report_row = d.report_row) AS identical, count(*) AS rows
FROM fairness.audit_compliance_rows cr
JOIN fairness.compliance_report('ll144', 'ca_trojan', '{"sex_column": "sex", "race_ethnicity_column": "race", "selected_column": "hired"}') d
  ON d.ord = cr.ord
WHERE cr.run_id = :run;

-- clean up
SELECT fairness.drop_audit(name) FROM fairness.audits ORDER BY name;
SELECT count(*) AS history_left FROM fairness.audit_compliance_rows;
DROP VIEW ca_acme, ca_bistro, ca_cabinet;
DROP TABLE ca_ll144, ca_eu, ca_egapro, ca_eu_before;
DROP FUNCTION ca_try(text);
DROP OWNED BY regress_ca_hr, regress_ca_board, regress_ca_mallory;
DROP ROLE regress_ca_hr, regress_ca_board, regress_ca_mallory;
