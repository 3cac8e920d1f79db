-- fairness 0.3: compliance reports registered as audits (issue 14).
--
-- fairness.create_audit(name, source, report => 'll144' |
-- 'eu_pay_transparency' | 'egapro', report_options => '{...}') registers a
-- report of 48_compliance_report.sql as an audit: owned by the caller,
-- validated at creation by computing the report once as the owner, run,
-- scheduled, granted, altered and dropped like any audit.  Each run
-- computes fairness.compliance_report(regime, source, options) AS THE OWNER
-- (fairness.audit_scan: the owner's privileges and row-level security, a
-- security-restricted operation, search_path pinned) and keeps one history
-- row per report row in fairness.audit_compliance_rows, in the transaction
-- of the run row.  The rows that need action (an LL144 impact ratio under
-- the audit's impact_ratio_threshold, an EU category flagged for a joint
-- pay assessment, an Egapro index under 75 or not calculable) are the
-- run's violations: NOTIFY fairness_alerts, fairness.compliance_alerts.
--
-- The shared functions of 50_audit_engine.sql reach this file through
-- short dispatch lines marked "compliance report audits (54_...)":
-- audit_plan (static validation), audit_op_create and audit_op_alter
-- (the report computed once, alter rules), audit_run_one (the run).

------------------------------------------------------------------------
-- Registry and history
------------------------------------------------------------------------

ALTER TABLE fairness.audits ADD COLUMN report text
	CONSTRAINT audits_report_check CHECK (report IN ('ll144', 'eu_pay_transparency', 'egapro'));
ALTER TABLE fairness.audits ADD COLUMN report_options jsonb
	CONSTRAINT audits_report_options_check CHECK (jsonb_typeof(report_options) = 'object');

COMMENT ON COLUMN fairness.audits.report IS 'Report audits: the compliance report each run computes (ll144, eu_pay_transparency, egapro; fairness.compliance_report); NULL for audits of decisions.';
COMMENT ON COLUMN fairness.audits.report_options IS 'Report audits: the arguments of the report by name, as a JSON object (e.g. {"sex_column": "sex", "base_pay_column": "base"}); NULL for audits of decisions.';

CREATE TABLE fairness.audit_compliance_rows (
	run_id bigint NOT NULL REFERENCES fairness.audit_runs (id) ON DELETE CASCADE,
	audit_id bigint NOT NULL REFERENCES fairness.audits (id) ON DELETE CASCADE,
	ord integer NOT NULL,
	row_key text[] NOT NULL,
	report_row jsonb NOT NULL,
	violation boolean NOT NULL,
	PRIMARY KEY (run_id, ord)
);
CREATE INDEX audit_compliance_rows_audit_idx ON fairness.audit_compliance_rows (audit_id, run_id);

COMMENT ON TABLE fairness.audit_compliance_rows IS 'Report audits: per run, the rows of the compliance report the run computed as the audit''s owner, in the report''s order; kept by pg_dump.  Read through fairness.compliance_audit_report.';
COMMENT ON COLUMN fairness.audit_compliance_rows.run_id IS 'The run (fairness.audit_runs.id).';
COMMENT ON COLUMN fairness.audit_compliance_rows.audit_id IS 'The audit (fairness.audits.id).';
COMMENT ON COLUMN fairness.audit_compliance_rows.ord IS 'Position of the row in the report (1, 2, ...).';
COMMENT ON COLUMN fairness.audit_compliance_rows.row_key IS 'What the row is about, the same from run to run: {table_name, category} (ll144), {indicator, basis, category, quartile, sex} (eu_pay_transparency), {indicator} (egapro); NULL elements as in the report.';
COMMENT ON COLUMN fairness.audit_compliance_rows.report_row IS 'The report row as a JSON object (the columns of fairness.ll144_report, pay_transparency_report or egapro_index; floats in their shortest exact form).';
COMMENT ON COLUMN fairness.audit_compliance_rows.violation IS 'Whether the row needs action: an LL144 impact ratio under the audit''s impact_ratio_threshold (categories under 2 % of the data excepted), an EU category flagged by Art. 10, an Egapro index under 75 or not calculable.';

SELECT pg_catalog.pg_extension_config_dump('fairness.audit_compliance_rows', '');

-- written by the extension only (fairness.audit_call); read by row-level
-- security through the audit's visibility
REVOKE ALL ON fairness.audit_compliance_rows FROM PUBLIC;
GRANT SELECT ON fairness.audit_compliance_rows TO PUBLIC;
ALTER TABLE fairness.audit_compliance_rows ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_compliance_rows_read ON fairness.audit_compliance_rows FOR SELECT
	USING (EXISTS (SELECT 1 FROM fairness.audits a WHERE a.id = audit_id));

------------------------------------------------------------------------
-- Validation
------------------------------------------------------------------------

-- the options of each report: name -> JSON type (string: a column or a
-- value, boolean, number); the names are those of fairness.compliance_report
CREATE FUNCTION fairness.audit_compliance_options(regime text)
RETURNS TABLE (option text, json_type text, is_column boolean, required boolean)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT o.option, o.json_type, o.is_column, o.required
	FROM (VALUES
		('ll144', 1, 'sex_column', 'string', true, true),
		('ll144', 2, 'race_ethnicity_column', 'string', true, true),
		('ll144', 3, 'selected_column', 'string', true, false),
		('ll144', 4, 'score_column', 'string', true, false),
		('ll144', 5, 'exclude_below_2_percent', 'boolean', false, false),
		('eu_pay_transparency', 1, 'sex_column', 'string', true, true),
		('eu_pay_transparency', 2, 'base_pay_column', 'string', true, true),
		('eu_pay_transparency', 3, 'variable_pay_column', 'string', true, false),
		('eu_pay_transparency', 4, 'hours_column', 'string', true, false),
		('eu_pay_transparency', 5, 'category_column', 'string', true, false),
		('eu_pay_transparency', 6, 'female', 'string', false, false),
		('eu_pay_transparency', 7, 'male', 'string', false, false),
		('eu_pay_transparency', 8, 'positive_gaps_only', 'boolean', false, false),
		('egapro', 1, 'sex_column', 'string', true, true),
		('egapro', 2, 'age_column', 'string', true, true),
		('egapro', 3, 'csp_column', 'string', true, true),
		('egapro', 4, 'pay_column', 'string', true, true),
		('egapro', 5, 'raised_column', 'string', true, true),
		('egapro', 6, 'promoted_column', 'string', true, false),
		('egapro', 7, 'maternity_return_column', 'string', true, true),
		('egapro', 8, 'raised_after_maternity_column', 'string', true, true),
		('egapro', 9, 'female', 'string', false, false),
		('egapro', 10, 'male', 'string', false, false),
		('egapro', 11, 'workforce', 'number', false, false)
	) AS o(regime, pos, option, json_type, is_column, required)
	WHERE o.regime = $1
	ORDER BY o.pos
$$;

COMMENT ON FUNCTION fairness.audit_compliance_options(text) IS
'Internal: the options a report audit of a regime accepts (the arguments of its report by name), their JSON type, whether each names a column and whether it is required.';

-- called by fairness.audit_plan once the owner, the relation and the schemas
-- are checked: the rest of a report audit's definition, without reading
-- the source (the catalog and the owner's column privileges only)
CREATE FUNCTION fairness.audit_compliance_plan(a fairness.audits, rel regclass)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	o record;
	v jsonb;
	bad text;
	known text[];
BEGIN
	IF a.report IS NULL OR a.report NOT IN ('ll144', 'eu_pay_transparency', 'egapro') THEN
		RAISE EXCEPTION 'unknown report "%"', a.report
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Give one of ll144, eu_pay_transparency, egapro.';
	END IF;
	IF a.report_options IS NULL OR jsonb_typeof(a.report_options) <> 'object' THEN
		RAISE EXCEPTION 'report_options must be a JSON object'
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = CASE a.report
				WHEN 'll144' THEN 'For example ''{"sex_column": "sex", "race_ethnicity_column": "race", "selected_column": "hired"}''.'
				WHEN 'eu_pay_transparency' THEN 'For example ''{"sex_column": "sex", "base_pay_column": "base_pay"}''.'
				ELSE 'For example ''{"sex_column": "sex", "age_column": "age", "csp_column": "csp", "pay_column": "pay", "raised_column": "raised", "promoted_column": "promoted", "maternity_return_column": "maternity_return", "raised_after_maternity_column": "raised_after_maternity"}''.' END;
	END IF;
	-- what only audits of decisions have: refused, not silently ignored
	SELECT string_agg(x.setting, ', ') INTO bad
	FROM (VALUES
		('group_columns', cardinality(a.group_columns) > 0),
		('actual_column', a.actual_column IS NOT NULL),
		('predicted_column', a.predicted_column IS NOT NULL),
		('score_column', a.score_column IS NOT NULL),
		('threshold', a.threshold IS NOT NULL),
		('outcome_column', a.outcome_column IS NOT NULL),
		('weight_column', a.weight_column IS NOT NULL),
		('slice_columns', cardinality(a.slice_columns) > 0),
		('time_column', a.time_column IS NOT NULL),
		('evaluation_window', a.evaluation_window IS NOT NULL),
		('reference', a.reference IS NOT NULL),
		('min_group_size', a.min_group_size IS NOT NULL),
		('intersections', a.intersections IS DISTINCT FROM false),
		('significance', a.significance IS DISTINCT FROM 0.05::float8),
		('require_significance', a.require_significance IS DISTINCT FROM true),
		('alert_metrics', a.alert_metrics IS DISTINCT FROM '{selection_rate,tpr,fpr}'::text[]),
		('time_zone', a.time_zone IS DISTINCT FROM 'UTC'),
		('lateness', a.lateness IS DISTINCT FROM interval '0')
	) AS x(setting, given)
	WHERE x.given;
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'a report audit takes no %', bad
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = 'These settings belong to audits of decisions; a report audit computes fairness.compliance_report from report and report_options.',
			      HINT = 'Give the report''s arguments in report_options; impact_ratio_threshold (ll144), keep_runs, keep_for, notify and description apply to report audits.';
	END IF;
	IF NOT (a.impact_ratio_threshold >= 0.0001 AND a.impact_ratio_threshold <= 1) THEN
		RAISE EXCEPTION 'impact_ratio_threshold must be between 0.0001 and 1'
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = pg_catalog.format('It is %s.', a.impact_ratio_threshold),
			      HINT = 'An LL144 impact ratio under it is a violation; 0.8 is the four-fifths rule.';
	END IF;
	IF a.keep_runs < 1 THEN
		RAISE EXCEPTION 'keep_runs must be at least 1' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF a.keep_for <= interval '0' THEN
		RAISE EXCEPTION 'keep_for must be positive' USING ERRCODE = 'invalid_parameter_value';
	END IF;

	SELECT array_agg(x.option) INTO known FROM fairness.audit_compliance_options(a.report) x;
	SELECT string_agg(pg_catalog.format('"%s"', ok.key), ', ') INTO bad
	FROM jsonb_object_keys(a.report_options) AS ok(key) WHERE NOT ok.key = ANY (known);
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'unknown option % in report_options of the % report', bad, a.report
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = pg_catalog.format('The options are %s.', array_to_string(known, ', '));
	END IF;
	SELECT string_agg(x.option, ', ') INTO bad
	FROM fairness.audit_compliance_options(a.report) x
	WHERE x.required AND coalesce(jsonb_typeof(a.report_options -> x.option), 'null') = 'null';
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'report_options of the % report needs %', a.report, bad
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = pg_catalog.format('Name the columns of %s by their stored names, e.g. {"sex_column": "sex"}.', rel);
	END IF;
	IF a.report = 'll144' AND (coalesce(jsonb_typeof(a.report_options -> 'selected_column'), 'null') = 'null')
	                        = (coalesce(jsonb_typeof(a.report_options -> 'score_column'), 'null') = 'null') THEN
		RAISE EXCEPTION 'report_options of the ll144 report needs exactly one of selected_column and score_column'
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'selected_column (boolean) gives selection rates, score_column (a number) gives scoring rates.';
	END IF;
	FOR o IN SELECT * FROM fairness.audit_compliance_options(a.report) LOOP
		v := a.report_options -> o.option;
		CONTINUE WHEN v IS NULL OR jsonb_typeof(v) = 'null';
		IF jsonb_typeof(v) <> o.json_type THEN
			RAISE EXCEPTION 'option "%" of report_options must be a JSON %', o.option, o.json_type
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = pg_catalog.format('It is %s.', v);
		END IF;
		IF o.option = 'workforce' AND NOT (v::text ~ '^[0-9]{1,9}$') THEN
			RAISE EXCEPTION 'option "workforce" of report_options must be a whole number of employees'
				USING ERRCODE = 'invalid_parameter_value', DETAIL = pg_catalog.format('It is %s.', v);
		END IF;
		IF o.is_column THEN
			-- exists, not a system column, readable by the owner
			PERFORM fairness.audit_column_kind(rel, v #>> '{}', 'report_options.' || o.option, a.owner);
		END IF;
	END LOOP;

	RETURN jsonb_build_object(
		'relation', pg_catalog.format('%I.%I', a.source_schema, a.source_table),
		-- the report as the owner, and the rows of the source it read
		'query', pg_catalog.format(
			'SELECT c.n, r.ord, r.report_row'
			' FROM (SELECT pg_catalog.count(*) AS n FROM %s) c'
			' LEFT JOIN LATERAL fairness.compliance_report(%L, %s::pg_catalog.oid::pg_catalog.regclass, %L::pg_catalog.jsonb) r ON true',
			pg_catalog.format('%I.%I', a.source_schema, a.source_table), a.report, rel::oid, a.report_options));
END
$$;

COMMENT ON FUNCTION fairness.audit_compliance_plan(fairness.audits, regclass) IS
'Internal: validates a report audit (called by fairness.audit_plan once the owner and the source are checked): the regime, report_options (known option names, JSON types, required options, every column existing and readable by the owner), no setting of decision audits; returns the query of a run.  Reads the catalog only.';

-- the report computed once as the owner: what a run will check (column
-- types, distinct columns, values) is checked when the audit is created or
-- its source, owner or options change.  (LIMIT 0 would not do: the
-- executor never calls a function under LIMIT 0.)
CREATE FUNCTION fairness.audit_compliance_try(a fairness.audits)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
SET extra_float_digits = 1
AS $$
DECLARE
	n bigint;
BEGIN
	IF a.report IS NULL THEN
		IF a.report_options IS NOT NULL THEN
			RAISE EXCEPTION 'report_options needs report'
				USING ERRCODE = 'invalid_parameter_value',
				      HINT = 'Give report => ''ll144'', ''eu_pay_transparency'' or ''egapro'' to register a report audit.';
		END IF;
		RETURN;
	END IF;
	SELECT count(*) INTO n
	FROM fairness.audit_scan(a.owner, fairness.audit_plan(a) ->> 'query', 0)
	     AS s(n bigint, ord bigint, report_row jsonb);
END
$$;
REVOKE EXECUTE ON FUNCTION fairness.audit_compliance_try(fairness.audits) FROM PUBLIC;

COMMENT ON FUNCTION fairness.audit_compliance_try(fairness.audits) IS
'Internal: computes the report of a report audit once as the audit''s owner (fairness.audit_scan) and discards it, so that create_audit and alter_audit refuse what a run would refuse (column types, values); for audits of decisions, only refuses report_options.';

-- alter_audit on report audits (after fairness.audit_check of the result)
CREATE FUNCTION fairness.audit_compliance_alter(a fairness.audits, b fairness.audits, changes jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF a.report IS NULL THEN
		IF changes ? 'report_options' THEN
			RAISE EXCEPTION 'audit "%" is not a report audit', a.name
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = 'report_options belongs to audits created with report => ''ll144'', ''eu_pay_transparency'' or ''egapro''.';
		END IF;
		RETURN;
	END IF;
	IF b.source_schema IS DISTINCT FROM a.source_schema OR b.source_table IS DISTINCT FROM a.source_table
	   OR b.owner IS DISTINCT FROM a.owner OR b.report_options IS DISTINCT FROM a.report_options THEN
		PERFORM fairness.audit_compliance_try(b);
	END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION fairness.audit_compliance_alter(fairness.audits, fairness.audits, jsonb) FROM PUBLIC;

COMMENT ON FUNCTION fairness.audit_compliance_alter(fairness.audits, fairness.audits, jsonb) IS
'Internal: fairness.alter_audit for report audits: report_options only on report audits; a new source, owner or options is tried by computing the report once as the (new) owner.';

------------------------------------------------------------------------
-- Runs
------------------------------------------------------------------------

CREATE FUNCTION fairness.audit_compliance_key(regime text, report_row jsonb)
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE $1
		WHEN 'll144' THEN ARRAY[$2 ->> 'table_name', $2 ->> 'category']
		WHEN 'eu_pay_transparency' THEN ARRAY[$2 ->> 'indicator', $2 ->> 'basis', $2 ->> 'category',
		                                      $2 ->> 'quartile', $2 ->> 'sex']
		ELSE ARRAY[$2 ->> 'indicator'] END
$$;

COMMENT ON FUNCTION fairness.audit_compliance_key(text, jsonb) IS
'Internal: the key of a report row, the same from run to run: {table_name, category} (ll144), {indicator, basis, category, quartile, sex} (eu_pay_transparency), {indicator} (egapro).';

CREATE FUNCTION fairness.audit_compliance_violation(regime text, report_row jsonb, impact_ratio_threshold float8)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(CASE $1
		WHEN 'll144' THEN ($2 ->> 'impact_ratio')::float8 < $3
		                  AND NOT coalesce(($2 ->> 'below_2_percent')::boolean, false)
		WHEN 'eu_pay_transparency' THEN $2 ->> 'indicator' = 'g' AND ($2 ->> 'flagged')::boolean
		ELSE $2 ->> 'indicator' = 'index'
		     AND (NOT ($2 ->> 'calculable')::boolean OR ($2 ->> 'points')::integer < 75) END, false)
$$;

COMMENT ON FUNCTION fairness.audit_compliance_violation(text, jsonb, float8) IS
'Internal: whether a report row needs action: ll144, an impact ratio under the threshold (categories under 2 % of the data, which the rules let the auditor set aside, excepted); eu_pay_transparency, a category flagged for a joint pay assessment (Art. 10, indicator g); egapro, an index under 75 points or not calculable (row index).';

-- one run of a report audit: the counterpart of fairness.audit_run_one,
-- which calls it for audits with a report
CREATE FUNCTION fairness.audit_compliance_run_one(caller oid, a fairness.audits, restate_from timestamptz)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
SET DateStyle = 'ISO, YMD'
SET IntervalStyle = 'postgres'
SET extra_float_digits = 1
SET TimeZone = 'UTC'
AS $$
DECLARE
	p jsonb;
	v_def jsonb;
	v_run bigint;
	v_rows bigint;
	v_viol integer := 0;
	v_top jsonb;
	e_msg text;
	e_state text;
	e_detail text;
	e_hint text;
BEGIN
	IF restate_from IS NOT NULL THEN
		RAISE EXCEPTION 'restate_from needs an audit with a time_column'
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = 'Every run of a report audit computes the report over the whole source.';
	END IF;
	v_def := fairness.audit_definition(a);
	INSERT INTO fairness.audit_runs AS r (audit_id, started_at, status, mode, run_by, definition)
	VALUES (a.id, clock_timestamp(), 'running', 'snapshot', pg_catalog.pg_get_userbyid(caller), v_def)
	RETURNING r.id INTO v_run;

	-- in a subtransaction: a failure keeps no partial result and is recorded
	BEGIN
		p := fairness.audit_plan(a);
		WITH s AS (SELECT * FROM fairness.audit_scan(a.owner, p ->> 'query', 0)
		           AS s(n bigint, ord bigint, report_row jsonb)),
		     i AS (INSERT INTO fairness.audit_compliance_rows (run_id, audit_id, ord, row_key, report_row, violation)
		           SELECT v_run, a.id, s.ord, fairness.audit_compliance_key(a.report, s.report_row), s.report_row,
		                  fairness.audit_compliance_violation(a.report, s.report_row, a.impact_ratio_threshold)
		           FROM s WHERE s.ord IS NOT NULL
		           RETURNING violation)
		SELECT (SELECT max(s.n) FROM s), (SELECT count(*) FILTER (WHERE i.violation) FROM i)
		INTO v_rows, v_viol;

		UPDATE fairness.audit_runs r
		SET status = 'succeeded', finished_at = clock_timestamp(), rows_scanned = coalesce(v_rows, 0),
			slices = 1, violations = v_viol
		WHERE r.id = v_run;
		UPDATE fairness.audits au SET last_run_id = v_run WHERE au.id = a.id;

		PERFORM fairness.audit_apply_retention(a, v_run);

		-- alert listeners (delivered at commit), a small payload: the first
		-- rows needing action in the report's order
		IF v_viol > 0 AND a.notify THEN
			SELECT coalesce(jsonb_agg(jsonb_build_object('key', t.row_key, 'row', t.report_row) ORDER BY t.ord), '[]')
			INTO v_top
			FROM (SELECT cr.ord, cr.row_key, cr.report_row - 'detail' AS report_row
			      FROM fairness.audit_compliance_rows cr
			      WHERE cr.run_id = v_run AND cr.violation ORDER BY cr.ord LIMIT 5) t;
			PERFORM fairness.audit_notify(jsonb_build_object('audit', a.name, 'audit_id', a.id, 'run_id', v_run,
			                                                 'report', a.report, 'violations', v_viol,
			                                                 'rows_scanned', v_rows, 'top', v_top));
		END IF;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS e_msg = MESSAGE_TEXT, e_state = RETURNED_SQLSTATE,
								e_detail = PG_EXCEPTION_DETAIL, e_hint = PG_EXCEPTION_HINT;
		PERFORM fairness.audit_record_failure(a, v_run, e_msg, e_state, e_detail, e_hint);
	END;
	RETURN v_run;
END
$$;
REVOKE EXECUTE ON FUNCTION fairness.audit_compliance_run_one(oid, fairness.audits, timestamptz) FROM PUBLIC;

COMMENT ON FUNCTION fairness.audit_compliance_run_one(oid, fairness.audits, timestamptz) IS
'Internal: one run of a locked report audit started by role caller: fairness.compliance_report computed as the audit''s owner (fairness.audit_scan), one history row per report row, violations counted and notified, retention applied; a failure is recorded.';

------------------------------------------------------------------------
-- Views: the history in plain columns, visible by grant
------------------------------------------------------------------------

CREATE FUNCTION fairness.audit_compliance_label(regime text, report_row jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE $1
		WHEN 'll144' THEN ($2 ->> 'table_name') || ': ' || coalesce($2 ->> 'category', 'unknown')
		WHEN 'eu_pay_transparency' THEN ($2 ->> 'indicator') || ' (' || ($2 ->> 'basis')
			|| coalesce(', ' || ($2 ->> 'category'), '') || coalesce(', quartile ' || ($2 ->> 'quartile'), '')
			|| coalesce(', ' || ($2 ->> 'sex'), '') || ')'
		ELSE 'indicator ' || ($2 ->> 'indicator') END
$$;

COMMENT ON FUNCTION fairness.audit_compliance_label(text, jsonb) IS
'Internal: a readable label of a report row''s key, e.g. "sex: Female", "g (annual, engineering)", "indicator index".';

CREATE FUNCTION fairness.audit_compliance_message(regime text, report_row jsonb, impact_ratio_threshold float8)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE $1
		WHEN 'll144' THEN pg_catalog.format('impact ratio of %s in the %s table is %s, under %s',
			coalesce($2 ->> 'category', 'the unknown category'), $2 ->> 'table_name',
			round(($2 ->> 'impact_ratio')::numeric, 4), $3)
		WHEN 'eu_pay_transparency' THEN pg_catalog.format(
			'the mean pay gap of category %s is %s %% (%s basis), 5 %% or more in size: a joint pay assessment is due (Directive 2023/970, Art. 10)',
			$2 ->> 'category', round(($2 ->> 'value')::numeric, 2), $2 ->> 'basis')
		ELSE CASE WHEN NOT ($2 ->> 'calculable')::boolean
			THEN 'the Egapro index is not calculable'
			ELSE pg_catalog.format('the Egapro index is %s, under 75: corrective measures are due (Code du travail L.1142-9)',
			                       $2 ->> 'points') END END
$$;

COMMENT ON FUNCTION fairness.audit_compliance_message(text, jsonb, float8) IS
'Internal: what is wrong with a report row needing action, in words.';

CREATE VIEW fairness.compliance_audit_report WITH (security_barrier) AS
SELECT a.name AS audit,
       a.id AS audit_id,
       ru.id AS run_id,
       ru.started_at AS run_at,
       ru.definition ->> 'report' AS report,
       cr.ord,
       fairness.audit_compliance_label(ru.definition ->> 'report', cr.report_row) AS item,
       x.table_name, x.category, x.sex, x.race_ethnicity, x.applicants, x.selected, x.rate,
       x.impact_ratio, x.below_2_percent,
       x.indicator, x.basis, x.quartile, x.value, x.n_women, x.n_men, x.flagged,
       x.calculable, x.result, x.favoured_sex, x.points, x.max_points, x.detail,
       cr.violation
FROM fairness.audits a
JOIN fairness.audit_runs ru ON ru.audit_id = a.id AND ru.status = 'succeeded'
JOIN fairness.audit_compliance_rows cr ON cr.run_id = ru.id
CROSS JOIN LATERAL jsonb_to_record(cr.report_row) AS x(
	table_name text, category text, sex text, race_ethnicity text, applicants bigint, selected bigint,
	rate float8, impact_ratio float8, below_2_percent boolean,
	indicator text, basis text, quartile integer, value float8, n_women numeric, n_men numeric, flagged boolean,
	calculable boolean, result float8, favoured_sex text, points integer, max_points integer, detail text)
WHERE fairness.audit_visible(a.owner, a.id);

-- the latest run of each report audit; an audit whose latest run failed
-- has one row with status run_failed
CREATE VIEW fairness.latest_compliance_report WITH (security_barrier) AS
SELECT a.name AS audit,
       a.id AS audit_id,
       ru.id AS run_id,
       ru.started_at AS run_at,
       ru.definition ->> 'report' AS report,
       cr.ord,
       fairness.audit_compliance_label(ru.definition ->> 'report', cr.report_row) AS item,
       x.table_name, x.category, x.sex, x.race_ethnicity, x.applicants, x.selected, x.rate,
       x.impact_ratio, x.below_2_percent,
       x.indicator, x.basis, x.quartile, x.value, x.n_women, x.n_men, x.flagged,
       x.calculable, x.result, x.favoured_sex, x.points, x.max_points, x.detail,
       cr.violation,
       CASE WHEN cr.violation THEN 'violation' ELSE 'ok' END AS status,
       cr.violation AS alert,
       CASE WHEN cr.violation THEN fairness.audit_compliance_message(ru.definition ->> 'report', cr.report_row,
                                                                     (ru.definition ->> 'impact_ratio_threshold')::float8) END AS message
FROM fairness.audits a
JOIN LATERAL (SELECT r.* FROM fairness.audit_runs r
              WHERE r.audit_id = a.id AND r.status = 'succeeded' ORDER BY r.id DESC LIMIT 1) ru ON true
JOIN fairness.audit_compliance_rows cr ON cr.run_id = ru.id
CROSS JOIN LATERAL jsonb_to_record(cr.report_row) AS x(
	table_name text, category text, sex text, race_ethnicity text, applicants bigint, selected bigint,
	rate float8, impact_ratio float8, below_2_percent boolean,
	indicator text, basis text, quartile integer, value float8, n_women numeric, n_men numeric, flagged boolean,
	calculable boolean, result float8, favoured_sex text, points integer, max_points integer, detail text)
WHERE a.report IS NOT NULL AND fairness.audit_visible(a.owner, a.id)
UNION ALL
SELECT a.name, a.id, ru.id, ru.started_at, a.report, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, 'run_failed', true,
       pg_catalog.format('the latest run (%s) failed: %s (SQLSTATE %s).  Fix the cause (fairness.audit_run_log has the error) or disable or drop the audit.',
                         ru.id, ru.error_message, ru.error_sqlstate)
FROM fairness.audits a
JOIN LATERAL (SELECT r.* FROM fairness.audit_runs r WHERE r.audit_id = a.id ORDER BY r.id DESC LIMIT 1) ru
  ON ru.status = 'failed'
WHERE a.report IS NOT NULL AND fairness.audit_visible(a.owner, a.id);

CREATE VIEW fairness.compliance_alerts AS
SELECT audit, audit_id, run_id, run_at, report, ord, item, status, message
FROM fairness.latest_compliance_report
WHERE alert;

GRANT SELECT ON fairness.compliance_audit_report, fairness.latest_compliance_report,
	fairness.compliance_alerts TO PUBLIC;

COMMENT ON VIEW fairness.compliance_audit_report IS 'Report audits: every row of every successful run of the report audits you may see (owner, member of the owning role, or granted with fairness.grant_audit), in plain columns: those of fairness.ll144_report, pay_transparency_report or egapro_index (NULL where the regime has no such column).  For history charts: one item over run_at.';
COMMENT ON VIEW fairness.latest_compliance_report IS 'Report audits: the rows of the latest successful run of each, with status (ok, violation), alert and message; an audit whose latest run failed has one row with status run_failed, alert true and the error in message.';
COMMENT ON VIEW fairness.compliance_alerts IS 'Open alerts of the report audits: the rows needing action in the latest run of each (an LL144 impact ratio under the threshold, an EU category flagged by Art. 10, an Egapro index under 75 or not calculable) and the audits whose latest run failed (fairness.latest_compliance_report WHERE alert).  Failed runs are also in fairness.alerts.';

DO $$
DECLARE
	v text;
	c record;
BEGIN
	FOR c IN SELECT * FROM (VALUES
		('audit', 'Audit name.'),
		('audit_id', 'Audit id (fairness.audits.id).'),
		('run_id', 'Run id (fairness.audit_runs.id).'),
		('run_at', 'When the run started (timestamptz).'),
		('report', 'The regime: ll144, eu_pay_transparency or egapro.'),
		('ord', 'Position of the row in the report.'),
		('item', 'What the row is about, the same from run to run: "sex: Female", "g (annual, engineering)", "indicator index".'),
		('table_name', 'll144: sex, race_ethnicity or intersectional.'),
		('category', 'll144: the category (NULL: the unknown category); eu_pay_transparency: the category of workers of indicators g, g_base, g_variable.'),
		('sex', 'll144: the sex of an intersectional row; eu_pay_transparency: the sex of indicators e and f.'),
		('race_ethnicity', 'll144: the race/ethnicity of an intersectional row.'),
		('applicants', 'll144: number of applicants in the category.'),
		('selected', 'll144: number selected (or scoring above the median).'),
		('rate', 'll144: selection or scoring rate.'),
		('impact_ratio', 'll144: rate / highest rate of the same table.'),
		('below_2_percent', 'll144: the category is under 2 % of the table''s known rows.'),
		('indicator', 'eu_pay_transparency: a, b, c, d, e, f, f_threshold, g, g_base, g_variable, unknown; egapro: 1, 2, 3, 2+3, 4, 5, index.'),
		('basis', 'eu_pay_transparency: annual or hourly.'),
		('quartile', 'eu_pay_transparency: the quartile pay band (1-4) of indicators f and f_threshold.'),
		('value', 'eu_pay_transparency: the indicator''s value (gaps and shares in %).'),
		('n_women', 'eu_pay_transparency: women counted (fractional in a split quartile band).'),
		('n_men', 'eu_pay_transparency: men counted.'),
		('flagged', 'eu_pay_transparency: indicator g, the Art. 10 joint pay assessment trigger.'),
		('calculable', 'egapro: whether the indicator is calculable.'),
		('result', 'egapro: the indicator''s result.'),
		('favoured_sex', 'egapro: the sex the result favours.'),
		('points', 'egapro: points awarded (the index for row index).'),
		('max_points', 'egapro: the indicator''s maximum points.'),
		('detail', 'egapro: the details of the computation, as JSON text.'),
		('violation', 'Whether the row needs action: an LL144 impact ratio under the audit''s impact_ratio_threshold (categories under 2 % excepted), an EU category flagged by Art. 10, an Egapro index under 75 or not calculable.'),
		('status', 'ok, violation, or run_failed (the audit''s latest run failed).'),
		('alert', 'Whether the row raises an alert: a violation, or a failed latest run.'),
		('message', 'Alerts: what is wrong in words, or the error of a failed run.')
	) AS t(col, txt) LOOP
		FOREACH v IN ARRAY ARRAY['compliance_audit_report', 'latest_compliance_report', 'compliance_alerts'] LOOP
			IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
			           WHERE a.attrelid OPERATOR(pg_catalog.=) pg_catalog.format('fairness.%I', v)::pg_catalog.regclass
			             AND a.attname OPERATOR(pg_catalog.=) c.col) THEN
				EXECUTE pg_catalog.format('COMMENT ON COLUMN fairness.%I.%I IS %L', v, c.col, c.txt);
			END IF;
		END LOOP;
	END LOOP;
END
$$;
