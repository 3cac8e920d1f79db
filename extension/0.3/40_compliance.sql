-- Compliance reports (issue 14): shared helpers of the regulators' reports
-- (NYC Local Law 144, EU Directive 2023/970, France's Index Egapro) and the
-- methodology annex of each regime.  The reports read the caller's relation
-- with the caller's privileges (no SECURITY DEFINER), so row-level security
-- and column privileges apply; every identifier is quoted with %I.

CREATE FUNCTION fairness.compliance_relation(rel regclass)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rk "char";
BEGIN
	IF rel IS NULL THEN
		RAISE EXCEPTION 'rel must not be NULL'
			USING ERRCODE = 'null_value_not_allowed',
			      HINT = 'Give the table or view to report on, e.g. ''public.applicants''::regclass.';
	END IF;
	SELECT r.relkind INTO rk FROM pg_catalog.pg_class r WHERE r.oid = rel;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'relation with OID % does not exist', rel::oid
			USING ERRCODE = 'undefined_table';
	END IF;
	IF rk NOT IN ('r', 'p', 'v', 'm', 'f') THEN
		RAISE EXCEPTION '% is not a table, view, materialized view or foreign table', rel
			USING ERRCODE = 'wrong_object_type';
	END IF;
END
$$;

COMMENT ON FUNCTION fairness.compliance_relation(regclass) IS
'Internal: checks that the relation of a compliance report is given and is a table, view, materialized view or foreign table.';

CREATE FUNCTION fairness.compliance_column(rel regclass, col text, argument text, accepted text[])
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	k text;
BEGIN
	-- the column check audits make (fairness.audit_column_kind), with the
	-- privileges of the role calling the report
	k := fairness.audit_column_kind(rel, col, argument,
		(SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)::regrole);
	IF accepted IS NOT NULL AND NOT k = ANY (accepted) THEN
		RAISE EXCEPTION 'column "%" of % has type %, which % cannot use', col, rel,
			(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
			 WHERE a.attrelid = rel AND a.attname = col), argument
			USING ERRCODE = 'datatype_mismatch',
			      HINT = pg_catalog.format('%s needs a column of type %s; cast it in a view if needed.', argument,
			                               CASE WHEN accepted = '{boolean}' THEN 'boolean'
			                                    ELSE 'smallint, integer, bigint, numeric, real or double precision' END);
	END IF;
	RETURN k;
END
$$;

COMMENT ON FUNCTION fairness.compliance_column(regclass, text, text, text[]) IS
'Internal: checks that a column named by a compliance report argument exists (not a system column), is readable by the current role and has an accepted type kind (boolean, integer, number; NULL accepts any type); returns the kind.';

CREATE FUNCTION fairness.compliance_distinct(cols text[], arguments text[])
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	FOR i IN 1 .. COALESCE(pg_catalog.array_length(cols, 1), 0) LOOP
		FOR j IN i + 1 .. pg_catalog.array_length(cols, 1) LOOP
			IF cols[i] = cols[j] THEN
				RAISE EXCEPTION '% and % name the same column "%"', arguments[i], arguments[j], cols[i]
					USING ERRCODE = 'invalid_parameter_value',
					      HINT = 'Each argument of a compliance report needs its own column.';
			END IF;
		END LOOP;
	END LOOP;
END
$$;

COMMENT ON FUNCTION fairness.compliance_distinct(text[], text[]) IS
'Internal: raises an error when two arguments of a compliance report name the same column (NULL entries are ignored).';

-- JavaScript's Math.round (nearest integer, halves towards +infinity), as
-- the official Egapro computation rounds; PostgreSQL's round(float8) rounds
-- halves to even.
CREATE FUNCTION fairness.compliance_js_round(x float8)
RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN x - pg_catalog.floor(x) >= 0.5 THEN pg_catalog.floor(x) + 1 ELSE pg_catalog.floor(x) END
$$;

COMMENT ON FUNCTION fairness.compliance_js_round(float8) IS
'Internal: rounds to the nearest integer with halves towards +infinity, like JavaScript''s Math.round (the official Egapro computation''s rounding).';
