-- One entry point for the three compliance reports, with the options of a
-- report as a JSON object: what a registered audit stores and replays
-- (create_audit(..., report => 'll144', ...) keeps the regime and the
-- options; each run calls this function with the runner's rights and keeps
-- the rows).

CREATE FUNCTION fairness.compliance_report(regime text, rel regclass, options jsonb)
RETURNS TABLE (ord bigint, report_row jsonb)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
SET extra_float_digits = 1
AS $$
DECLARE
	allowed text[];
	k text;
BEGIN
	IF regime IS NULL THEN
		RAISE EXCEPTION 'regime must not be NULL' USING ERRCODE = 'null_value_not_allowed',
			HINT = 'Give one of ll144, eu_pay_transparency, egapro.';
	END IF;
	IF options IS NULL OR pg_catalog.jsonb_typeof(options) <> 'object' THEN
		RAISE EXCEPTION 'options must be a JSON object' USING ERRCODE = 'invalid_parameter_value',
			HINT = 'Give the arguments of the report by name, e.g. ''{"sex_column": "sex", "race_ethnicity_column": "race", "selected_column": "hired"}''.';
	END IF;
	allowed := CASE regime
		WHEN 'll144' THEN '{sex_column,race_ethnicity_column,selected_column,score_column,exclude_below_2_percent}'
		WHEN 'eu_pay_transparency' THEN '{sex_column,base_pay_column,variable_pay_column,hours_column,category_column,female,male,positive_gaps_only}'
		WHEN 'egapro' THEN '{sex_column,age_column,csp_column,pay_column,raised_column,promoted_column,maternity_return_column,raised_after_maternity_column,female,male,workforce}'
		END::text[];
	IF allowed IS NULL THEN
		RAISE EXCEPTION 'unknown regime "%"', regime USING ERRCODE = 'invalid_parameter_value',
			HINT = 'Give one of ll144, eu_pay_transparency, egapro.';
	END IF;
	FOR k IN SELECT pg_catalog.jsonb_object_keys(options) LOOP
		IF NOT k = ANY (allowed) THEN
			RAISE EXCEPTION 'unknown option "%" for the % report', k, regime
				USING ERRCODE = 'invalid_parameter_value',
				      HINT = pg_catalog.format('The options are %s.', pg_catalog.array_to_string(allowed, ', '));
		END IF;
		IF pg_catalog.jsonb_typeof(options -> k) NOT IN ('string', 'boolean', 'number', 'null') THEN
			RAISE EXCEPTION 'option "%" must be a string, a number, a boolean or null', k
				USING ERRCODE = 'invalid_parameter_value';
		END IF;
	END LOOP;

	IF regime = 'll144' THEN
		RETURN QUERY
		SELECT r.o, pg_catalog.to_jsonb(r) OPERATOR(pg_catalog.-) 'o'
		FROM (SELECT x.*, pg_catalog.row_number() OVER () AS o
		      FROM fairness.ll144_report(rel, options ->> 'sex_column', options ->> 'race_ethnicity_column',
		                                 options ->> 'selected_column', options ->> 'score_column',
		                                 COALESCE((options ->> 'exclude_below_2_percent')::boolean, false)) x) r;
	ELSIF regime = 'eu_pay_transparency' THEN
		RETURN QUERY
		SELECT r.o, pg_catalog.to_jsonb(r) OPERATOR(pg_catalog.-) 'o'
		FROM (SELECT x.*, pg_catalog.row_number() OVER () AS o
		      FROM fairness.pay_transparency_report(rel, options ->> 'sex_column', options ->> 'base_pay_column',
		                                            options ->> 'variable_pay_column', options ->> 'hours_column',
		                                            options ->> 'category_column',
		                                            COALESCE(options ->> 'female', 'F'), COALESCE(options ->> 'male', 'M'),
		                                            COALESCE((options ->> 'positive_gaps_only')::boolean, false)) x) r;
	ELSE
		RETURN QUERY
		SELECT r.o, pg_catalog.to_jsonb(r) OPERATOR(pg_catalog.-) 'o'
		FROM (SELECT x.*, pg_catalog.row_number() OVER () AS o
		      FROM fairness.egapro_index(rel, options ->> 'sex_column', options ->> 'age_column',
		                                 options ->> 'csp_column', options ->> 'pay_column', options ->> 'raised_column',
		                                 options ->> 'promoted_column', options ->> 'maternity_return_column',
		                                 options ->> 'raised_after_maternity_column',
		                                 COALESCE(options ->> 'female', 'F'), COALESCE(options ->> 'male', 'M'),
		                                 (options ->> 'workforce')::integer) x) r;
	END IF;
END
$$;

COMMENT ON FUNCTION fairness.compliance_report(text, regclass, jsonb) IS
'Runs the compliance report of a regime (''ll144'', ''eu_pay_transparency'', ''egapro'') with its arguments given by name in a JSON object, and returns its rows in order as JSON objects: the form in which a registered audit stores and replays a report.';
