-- fairness 0.3: the audit engine's execution and access model.
--
--  * A run executes the audit's queries as the audit's OWNER, whoever starts
--    it (owner, member of the owning role, superuser, pg_cron job,
--    run_all_audits), in a security-restricted operation with a pinned
--    search_path, like ANALYZE evaluates index expressions and REFRESH
--    MATERIALIZED VIEW runs the view's query (C: fairness.audit_scan).
--  * The registry and history tables are written only by the extension's
--    own functions: no role but the tables' owner may INSERT, UPDATE or
--    DELETE.  The public functions reach them through fairness.audit_call,
--    which records the real caller and calls the internal function
--    fairness.audit_op_<op>(caller, args) as the extension's owner (like a
--    SECURITY DEFINER function that knows who called it); the internal
--    functions check the caller themselves.  Reading the source and
--    evaluating anything the owner's objects call happens only through
--    fairness.audit_scan, as the owner.
--  * Owners are roles (regrole), not names; a role that owns audits holds
--    SELECT on fairness.audit_owners, so DROP ROLE refuses it until its
--    audits are given away (fairness.reassign_audits) or dropped.  An audit
--    whose owner was dropped anyway (DROP OWNED revokes that privilege) is
--    unrunnable and seen by superusers only; a new role with the same name
--    inherits nothing.
--  * pg_cron jobs run fairness.run_audit_by_id(<id>): rename and owner
--    change cannot redirect them, drop removes them.
--  * History is visible to the owner, the members of the owning role and
--    the roles the audit was granted to (fairness.grant_audit), nobody else
--    (superusers see everything).

------------------------------------------------------------------------
-- What depends on the old columns and functions
------------------------------------------------------------------------

DROP VIEW fairness.alerts;
DROP VIEW fairness.audit_report;
DROP VIEW fairness.latest_audit_report;
DROP VIEW fairness.audit_daily_report;
DROP VIEW fairness.audit_monthly_report;
DROP VIEW fairness.audit_rolling_report;
DROP VIEW fairness.audit_run_log;

DROP POLICY audits_read ON fairness.audits;
DROP POLICY audits_insert ON fairness.audits;
DROP POLICY audits_update ON fairness.audits;
DROP POLICY audits_delete ON fairness.audits;
DROP POLICY audit_runs_read ON fairness.audit_runs;
DROP POLICY audit_runs_write ON fairness.audit_runs;
DROP POLICY audit_results_read ON fairness.audit_results;
DROP POLICY audit_results_write ON fairness.audit_results;
DROP POLICY audit_periods_read ON fairness.audit_periods;
DROP POLICY audit_periods_write ON fairness.audit_periods;

DROP FUNCTION fairness.audit_window_report(text, date, date);
DROP FUNCTION fairness.audit_can_read(text, text, text);
DROP FUNCTION fairness.audit_is_owner(text);
DROP FUNCTION fairness.create_audit(text, regclass, text[], text, text, text, float8, text, text[], text, text, text, float8, float8, boolean, text[], integer, boolean, text, interval, interval, boolean, text);
DROP FUNCTION fairness.audit_cron_schema(text, text, text);
DROP FUNCTION fairness.audit_check(fairness.audits);
DROP FUNCTION fairness.audit_plan(fairness.audits);
DROP FUNCTION fairness.audit_definition(fairness.audits);
DROP FUNCTION fairness.audit_lookup(text, boolean);
DROP FUNCTION fairness.audit_column_kind(regclass, text, text);

------------------------------------------------------------------------
-- Tables: owner as a role, retention, grants
------------------------------------------------------------------------

-- existing owners by name -> role; a name without a role (dropped since)
-- becomes the invalid role 0: the audit stays, unrunnable, superusers see it
CREATE FUNCTION fairness.audit_owner_from_name(owner text)
RETURNS oid
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT coalesce((SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = $1), 0::oid) $$;
ALTER TABLE fairness.audits ALTER COLUMN owner DROP DEFAULT;
ALTER TABLE fairness.audits ALTER COLUMN owner TYPE regrole
	USING fairness.audit_owner_from_name(owner)::regrole;
DROP FUNCTION fairness.audit_owner_from_name(text);

ALTER TABLE fairness.audits ADD COLUMN keep_runs integer
	CONSTRAINT audits_keep_runs_check CHECK (keep_runs >= 1);
ALTER TABLE fairness.audits ADD COLUMN keep_for interval
	CONSTRAINT audits_keep_for_check CHECK (keep_for > interval '0');

COMMENT ON COLUMN fairness.audits.owner IS 'Role that owns the audit (a role, not a name): runs execute as this role; its members may run, alter, schedule, grant and drop the audit.';
COMMENT ON COLUMN fairness.audits.keep_runs IS 'Retention: each run keeps the latest keep_runs runs of the audit and deletes older ones (NULL: keep all).  Runs whose daily summaries are still current are kept.';
COMMENT ON COLUMN fairness.audits.keep_for IS 'Retention: each run deletes runs that started more than keep_for ago (NULL: keep all).  The latest run and runs whose daily summaries are still current are kept.';
COMMENT ON COLUMN fairness.audit_runs.run_by IS 'Role that started the run (the run itself executed as the audit''s owner, recorded in definition).';

CREATE TABLE fairness.audit_grants (
	audit_id bigint NOT NULL REFERENCES fairness.audits (id) ON DELETE CASCADE,
	grantee regrole NOT NULL,
	granted_by regrole NOT NULL,
	granted_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (audit_id, grantee)
);
COMMENT ON TABLE fairness.audit_grants IS 'Roles that may read an audit''s definition and history besides its owner (fairness.grant_audit / fairness.revoke_audit); kept by pg_dump.';
COMMENT ON COLUMN fairness.audit_grants.audit_id IS 'The audit (fairness.audits.id).';
COMMENT ON COLUMN fairness.audit_grants.grantee IS 'Role that may read the audit (and its members).';
COMMENT ON COLUMN fairness.audit_grants.granted_by IS 'Role that granted it.';
COMMENT ON COLUMN fairness.audit_grants.granted_at IS 'When.';
SELECT pg_catalog.pg_extension_config_dump('fairness.audit_grants', '');

------------------------------------------------------------------------
-- Privileges: nobody but the extension writes; reading by row-level security
------------------------------------------------------------------------

REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON fairness.audits, fairness.audit_runs,
	fairness.audit_results, fairness.audit_periods FROM PUBLIC;
REVOKE USAGE, UPDATE ON SEQUENCE fairness.audits_id_seq, fairness.audit_runs_id_seq FROM PUBLIC;
-- (the database owner keeps UPDATE on the sequences, granted by 0.2, so
-- that restoring its dump carries the ids on; it cannot write the tables)
GRANT SELECT ON fairness.audit_grants TO PUBLIC;
ALTER TABLE fairness.audit_grants ENABLE ROW LEVEL SECURITY;

------------------------------------------------------------------------
-- The C helpers
------------------------------------------------------------------------

CREATE FUNCTION fairness.audit_scan(owner regrole, query text, max_rows integer)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'fairness_audit_scan'
LANGUAGE C VOLATILE;
REVOKE EXECUTE ON FUNCTION fairness.audit_scan(regrole, text, integer) FROM PUBLIC;

COMMENT ON FUNCTION fairness.audit_scan(regrole, text, integer) IS
'Internal: runs a read query of an audit as the audit''s owner, in a security-restricted operation (no SET ROLE, no SET SESSION AUTHORIZATION) with search_path pinned and every setting change rolled back, the way ANALYZE and REFRESH MATERIALIZED VIEW run a relation owner''s code; returns the rows (column definition list required).  More than max_rows rows (> 0) is an error naming fairness.max_slices.  Only for roles whose rights the caller has; not executable by PUBLIC.';

CREATE FUNCTION fairness.audit_call(op text, args jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'fairness_audit_call'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION fairness.audit_call(text, jsonb) IS
'Internal: the gateway of the audit functions: calls fairness.audit_op_<op>(caller, args) as the extension''s owner, with caller = the role calling audit_call (which cannot be forged); the internal function checks what the caller may do.  Used by create_audit, run_audit and the other public audit functions.';

------------------------------------------------------------------------
-- Who may do what
------------------------------------------------------------------------

CREATE FUNCTION fairness.audit_visible(owner regrole, audit_id bigint)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
	               WHERE r.oid = $1 AND pg_catalog.pg_has_role(r.oid, 'MEMBER'))
	    OR EXISTS (SELECT 1 FROM fairness.audit_grants g
	               JOIN pg_catalog.pg_roles r ON r.oid = g.grantee
	               WHERE g.audit_id = $2 AND pg_catalog.pg_has_role(r.oid, 'MEMBER'))
	    OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = current_user AND r.rolsuper)
$$;

COMMENT ON FUNCTION fairness.audit_visible(regrole, bigint) IS
'Internal: whether the current role may read an audit''s definition and history (row-level security policies and views): it is the owner or a member of the owning role, or the audit was granted to it or to a role it is a member of (fairness.grant_audit); superusers see every audit.  Nothing is inferred from privileges on the source.';

CREATE FUNCTION fairness.audit_may_write(caller oid, owner regrole)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = $2)
	   AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = $1)
	   AND pg_catalog.pg_has_role($1, $2, 'MEMBER')
$$;

COMMENT ON FUNCTION fairness.audit_may_write(oid, regrole) IS
'Internal: whether role caller may run, alter, schedule, grant and drop an audit of owner: caller is owner or a member of it (superusers are members of every role).  False when the owner was dropped.';

CREATE FUNCTION fairness.audit_caller_visible(caller oid, owner regrole, audit_id bigint)
RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT fairness.audit_may_write($1, $2)
	    OR EXISTS (SELECT 1 FROM fairness.audit_grants g
	               JOIN pg_catalog.pg_roles r ON r.oid = g.grantee
	               WHERE g.audit_id = $3 AND pg_catalog.pg_has_role($1, r.oid, 'MEMBER'))
	    OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = $1 AND r.rolsuper)
$$;

COMMENT ON FUNCTION fairness.audit_caller_visible(oid, regrole, bigint) IS
'Internal: fairness.audit_visible for a given role instead of the current one.';

ALTER TABLE fairness.audits ENABLE ROW LEVEL SECURITY;
CREATE POLICY audits_read ON fairness.audits FOR SELECT USING (fairness.audit_visible(owner, id));
CREATE POLICY audit_runs_read ON fairness.audit_runs FOR SELECT
	USING (EXISTS (SELECT 1 FROM fairness.audits a WHERE a.id = audit_id));
CREATE POLICY audit_results_read ON fairness.audit_results FOR SELECT
	USING (EXISTS (SELECT 1 FROM fairness.audits a WHERE a.id = audit_id));
CREATE POLICY audit_periods_read ON fairness.audit_periods FOR SELECT
	USING (EXISTS (SELECT 1 FROM fairness.audits a WHERE a.id = audit_id));
-- (not through fairness.audits, whose policy reads this table)
CREATE POLICY audit_grants_read ON fairness.audit_grants FOR SELECT
	USING (EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
	               WHERE r.oid IN (grantee, granted_by) AND pg_catalog.pg_has_role(r.oid, 'MEMBER')));

-- A role that owns audits holds SELECT on this view: DROP ROLE then fails
-- ("privileges for view fairness.audit_owners") until the audits are
-- reassigned or dropped.
CREATE VIEW fairness.audit_owners WITH (security_barrier) AS
SELECT a.owner, count(*) AS audits
FROM fairness.audits a
WHERE fairness.audit_visible(a.owner, a.id)
GROUP BY a.owner;
REVOKE ALL ON fairness.audit_owners FROM PUBLIC;
COMMENT ON VIEW fairness.audit_owners IS 'Roles owning audits and how many.  Every role that owns audits is granted SELECT on this view, so that DROP ROLE refuses to drop it ("privileges for view fairness.audit_owners"): give its audits to another role with fairness.reassign_audits(role, new_owner) or drop them first.';
COMMENT ON COLUMN fairness.audit_owners.owner IS 'The owning role.';
COMMENT ON COLUMN fairness.audit_owners.audits IS 'Audits it owns (that you can see).';

CREATE FUNCTION fairness.audit_sync_owner_marks()
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r name;
	acl aclitem[];
BEGIN
	SELECT c.relacl INTO acl FROM pg_catalog.pg_class c WHERE c.oid = 'fairness.audit_owners'::regclass;
	FOR r IN SELECT ro.rolname FROM pg_catalog.pg_roles ro
	         WHERE ro.oid IN (SELECT a.owner FROM fairness.audits a)
	           AND NOT EXISTS (SELECT 1 FROM pg_catalog.aclexplode(coalesce(acl, '{}')) x
	                           WHERE x.grantee = ro.oid AND x.privilege_type = 'SELECT') LOOP
		EXECUTE pg_catalog.format('GRANT SELECT ON fairness.audit_owners TO %I', r);
	END LOOP;
	FOR r IN SELECT ro.rolname FROM pg_catalog.aclexplode(coalesce(acl, '{}')) x
	         JOIN pg_catalog.pg_roles ro ON ro.oid = x.grantee
	         WHERE x.privilege_type = 'SELECT' AND x.grantee <> x.grantor
	           AND NOT EXISTS (SELECT 1 FROM fairness.audits a WHERE a.owner = x.grantee) LOOP
		EXECUTE pg_catalog.format('REVOKE SELECT ON fairness.audit_owners FROM %I', r);
	END LOOP;
END
$$;
REVOKE EXECUTE ON FUNCTION fairness.audit_sync_owner_marks() FROM PUBLIC;

COMMENT ON FUNCTION fairness.audit_sync_owner_marks() IS
'Internal: grants SELECT on fairness.audit_owners to every role owning audits and revokes it from roles that no longer own any.';

------------------------------------------------------------------------
-- Validation and query building (with the owner's privileges)
------------------------------------------------------------------------

CREATE FUNCTION fairness.audit_column_kind(rel regclass, col text, argument text, owner regrole)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	typ oid;
	tt "char";
	tb oid;
BEGIN
	IF col IS NULL OR col = '' THEN
		RAISE EXCEPTION '% must name a column', argument
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	SELECT a.atttypid INTO typ FROM pg_catalog.pg_attribute a
	WHERE a.attrelid = rel AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'column "%" of % does not exist', col, rel
			USING ERRCODE = 'undefined_column',
			      DETAIL = pg_catalog.format('It was given as %s.', argument),
			      HINT = 'Give column names exactly as they are stored, without quotes: they are quoted for you.';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = owner)
	   OR NOT pg_catalog.has_column_privilege(owner, rel, col, 'SELECT') THEN
		RAISE EXCEPTION 'permission denied for column "%" of %', col, rel
			USING ERRCODE = 'insufficient_privilege',
			      DETAIL = pg_catalog.format('The relation is read with the privileges of role %s (an audit''s owner, or the caller of a compliance report).', owner);
	END IF;
	LOOP
		SELECT t.typtype, t.typbasetype INTO tt, tb FROM pg_catalog.pg_type t WHERE t.oid = typ;
		EXIT WHEN tt <> 'd';
		typ := tb;				-- a domain: its base type decides
	END LOOP;
	RETURN CASE typ
		WHEN 'pg_catalog.bool'::pg_catalog.regtype THEN 'boolean'
		WHEN 'pg_catalog.int2'::pg_catalog.regtype THEN 'integer'
		WHEN 'pg_catalog.int4'::pg_catalog.regtype THEN 'integer'
		WHEN 'pg_catalog.int8'::pg_catalog.regtype THEN 'integer'
		WHEN 'pg_catalog.numeric'::pg_catalog.regtype THEN 'number'
		WHEN 'pg_catalog.float4'::pg_catalog.regtype THEN 'number'
		WHEN 'pg_catalog.float8'::pg_catalog.regtype THEN 'number'
		WHEN 'pg_catalog.date'::pg_catalog.regtype THEN 'date'
		WHEN 'pg_catalog.timestamp'::pg_catalog.regtype THEN 'timestamp'
		WHEN 'pg_catalog.timestamptz'::pg_catalog.regtype THEN 'timestamptz'
		ELSE 'other' END;
END
$$;

COMMENT ON FUNCTION fairness.audit_column_kind(regclass, text, text, regrole) IS
'Internal: checks that a column named by an argument exists (not a system column) and that the reading role (an audit''s owner, or the caller of a compliance report) may read it, and classifies its type (boolean, integer, number, date, timestamp, timestamptz, other; domains by their base type).  The one column check of the audits and the compliance reports.';

CREATE FUNCTION fairness.audit_plan(a fairness.audits)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rel regclass;
	rk "char";
	c text;
	k text;
	grp text[] := '{}';
	sl text[] := '{}';
	act text := 'NULL::boolean';
	pred text := 'NULL::boolean';
	w text;
	tk text;
	m text;
	valid_metrics text[];
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = a.owner) THEN
		RAISE EXCEPTION 'the owner of audit "%" no longer exists', a.name
			USING ERRCODE = 'undefined_object',
			      DETAIL = pg_catalog.format('The role with OID %s was dropped.', a.owner::oid),
			      HINT = pg_catalog.format('A superuser can give the audit to another role with fairness.reassign_audits(%s, new_owner), or drop it with fairness.drop_audit.', a.owner::oid);
	END IF;
	rel := pg_catalog.to_regclass(pg_catalog.format('%I.%I', a.source_schema, a.source_table));
	IF rel IS NULL THEN
		RAISE EXCEPTION 'source %.% of audit "%" does not exist', quote_ident(a.source_schema),
			quote_ident(a.source_table), a.name
			USING ERRCODE = 'undefined_table',
			      HINT = 'Point the audit at an existing table with fairness.alter_audit(name, ''{"source": "schema.table"}''), or drop it with fairness.drop_audit.';
	END IF;
	SELECT r.relkind INTO rk FROM pg_catalog.pg_class r WHERE r.oid = rel;
	IF rk NOT IN ('r', 'p', 'v', 'm', 'f') THEN
		RAISE EXCEPTION '% is not a table, view, materialized view or foreign table', rel
			USING ERRCODE = 'wrong_object_type';
	END IF;
	IF NOT pg_catalog.has_schema_privilege(a.owner, 'fairness', 'USAGE') THEN
		RAISE EXCEPTION 'role % cannot use schema fairness', a.owner
			USING ERRCODE = 'insufficient_privilege',
			      DETAIL = 'Runs execute as the audit''s owner, which computes the summaries with the functions of schema fairness.',
			      HINT = pg_catalog.format('GRANT USAGE ON SCHEMA fairness TO %s.', a.owner);
	END IF;
	IF NOT pg_catalog.has_schema_privilege(a.owner, (SELECT r.relnamespace FROM pg_catalog.pg_class r WHERE r.oid = rel), 'USAGE') THEN
		RAISE EXCEPTION 'permission denied for schema %', quote_ident(a.source_schema)
			USING ERRCODE = 'insufficient_privilege',
			      DETAIL = pg_catalog.format('Audits read their source as the audit''s owner, role %s.', a.owner);
	END IF;
	-- compliance report audits (54_audit_compliance.sql)
	IF a.report IS NOT NULL THEN
		RETURN fairness.audit_compliance_plan(a, rel);
	END IF;

	IF a.actual_column IS NULL AND a.predicted_column IS NULL AND a.score_column IS NULL
	   AND a.outcome_column IS NULL THEN
		RAISE EXCEPTION 'an audit needs actual_column, predicted_column, score_column or outcome_column'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF a.predicted_column IS NOT NULL AND a.score_column IS NOT NULL THEN
		RAISE EXCEPTION 'give predicted_column or score_column, not both'
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = 'With score_column and threshold, the decision is score >= threshold.';
	END IF;
	IF a.threshold IS NOT NULL AND a.score_column IS NULL THEN
		RAISE EXCEPTION 'threshold needs score_column' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF a.threshold IS NOT NULL AND a.threshold IN ('NaN', 'Infinity', '-Infinity') THEN
		RAISE EXCEPTION 'threshold must be finite' USING ERRCODE = 'invalid_parameter_value';
	END IF;

	IF a.group_columns IS NULL OR cardinality(a.group_columns) = 0 THEN
		RAISE EXCEPTION 'group_columns must name at least one column' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF cardinality(a.group_columns) > 16 THEN
		RAISE EXCEPTION 'at most 16 group columns' USING ERRCODE = 'program_limit_exceeded';
	END IF;
	IF array_ndims(a.group_columns) <> 1 OR
	   (SELECT count(DISTINCT x) <> count(x) OR count(x) <> cardinality(a.group_columns) FROM unnest(a.group_columns) x) THEN
		RAISE EXCEPTION 'group_columns must list distinct columns' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	FOREACH c IN ARRAY a.group_columns LOOP
		PERFORM fairness.audit_column_kind(rel, c, 'group_columns', a.owner);
		grp := grp || pg_catalog.format('(%I)::text', c);
	END LOOP;

	IF a.slice_columns IS NULL THEN
		RAISE EXCEPTION 'slice_columns must not be NULL' USING DETAIL = 'Use ''{}'' for no slices.', ERRCODE = 'invalid_parameter_value';
	END IF;
	IF cardinality(a.slice_columns) > 16 THEN
		RAISE EXCEPTION 'at most 16 slice columns' USING ERRCODE = 'program_limit_exceeded';
	END IF;
	IF cardinality(a.slice_columns) > 0 AND (array_ndims(a.slice_columns) <> 1 OR
	   (SELECT count(DISTINCT x) <> count(x) OR count(x) <> cardinality(a.slice_columns) FROM unnest(a.slice_columns) x)) THEN
		RAISE EXCEPTION 'slice_columns must list distinct columns' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	FOREACH c IN ARRAY a.slice_columns LOOP
		PERFORM fairness.audit_column_kind(rel, c, 'slice_columns', a.owner);
		sl := sl || pg_catalog.format('(%I)::text', c);
	END LOOP;

	IF a.actual_column IS NOT NULL THEN
		k := fairness.audit_column_kind(rel, a.actual_column, 'actual_column', a.owner);
		IF k = 'boolean' THEN
			act := pg_catalog.format('(%I)', a.actual_column);
		ELSIF k = 'integer' THEN
			act := pg_catalog.format('((%I) <> 0)', a.actual_column);
		ELSE
			PERFORM fairness.audit_type_error(rel, a.actual_column, 'actual_column', 'a boolean or an integer column (0 = false)');
		END IF;
	END IF;
	IF a.predicted_column IS NOT NULL THEN
		k := fairness.audit_column_kind(rel, a.predicted_column, 'predicted_column', a.owner);
		IF k = 'boolean' THEN
			pred := pg_catalog.format('(%I)', a.predicted_column);
		ELSIF k = 'integer' THEN
			pred := pg_catalog.format('((%I) <> 0)', a.predicted_column);
		ELSE
			PERFORM fairness.audit_type_error(rel, a.predicted_column, 'predicted_column',
				'a boolean or an integer column (0 = false); for scores give score_column and threshold');
		END IF;
	END IF;
	IF a.score_column IS NOT NULL THEN
		k := fairness.audit_column_kind(rel, a.score_column, 'score_column', a.owner);
		IF k NOT IN ('integer', 'number') THEN
			PERFORM fairness.audit_type_error(rel, a.score_column, 'score_column', 'a numeric column');
		END IF;
		IF a.threshold IS NOT NULL THEN
			pred := pg_catalog.format('((%I)::float8 >= %L::float8)', a.score_column, a.threshold);
		END IF;
		-- without a threshold: a scores audit (fairness.scores summaries)
	END IF;
	IF a.score_lower IS NOT NULL OR a.score_upper IS NOT NULL THEN
		IF a.score_column IS NULL OR a.threshold IS NOT NULL THEN
			RAISE EXCEPTION 'score_lower and score_upper need score_column without threshold'
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = 'They give the score range of a score audit''s fairness.scores summaries.';
		END IF;
		IF a.score_lower IS NULL OR a.score_upper IS NULL
		   OR NOT (a.score_lower < a.score_upper)
		   OR a.score_lower IN ('-Infinity', 'Infinity') OR a.score_upper IN ('-Infinity', 'Infinity') THEN
			RAISE EXCEPTION 'score_lower and score_upper must be finite, given together, with score_lower < score_upper'
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = pg_catalog.format('They are %s and %s.', coalesce(a.score_lower::text, 'NULL'), coalesce(a.score_upper::text, 'NULL'));
		END IF;
	END IF;
	IF a.outcome_column IS NOT NULL THEN
		k := fairness.audit_column_kind(rel, a.outcome_column, 'outcome_column', a.owner);
		IF k NOT IN ('integer', 'number') THEN
			PERFORM fairness.audit_type_error(rel, a.outcome_column, 'outcome_column', 'a numeric column');
		END IF;
		IF a.actual_column IS NOT NULL OR a.predicted_column IS NOT NULL OR a.score_column IS NOT NULL THEN
			RAISE EXCEPTION 'an outcome audit takes outcome_column alone'
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = 'actual_column, predicted_column and score_column belong to decision and score audits.',
				      HINT = 'Give actual_column => NULL, or register a second audit.';
		END IF;
	END IF;
	IF a.weight_column IS NOT NULL THEN
		k := fairness.audit_column_kind(rel, a.weight_column, 'weight_column', a.owner);
		IF k NOT IN ('integer', 'number') THEN
			PERFORM fairness.audit_type_error(rel, a.weight_column, 'weight_column', 'a numeric column');
		END IF;
		w := pg_catalog.format('(%I)::float8', a.weight_column);
	END IF;

	IF a.time_column IS NOT NULL THEN
		tk := fairness.audit_column_kind(rel, a.time_column, 'time_column', a.owner);
		IF tk NOT IN ('date', 'timestamp', 'timestamptz') THEN
			PERFORM fairness.audit_type_error(rel, a.time_column, 'time_column', 'a date, timestamp or timestamptz column');
		END IF;
	ELSIF a.evaluation_window IS NOT NULL THEN
		RAISE EXCEPTION 'evaluation_window needs time_column' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	PERFORM pg_catalog.timezone(a.time_zone, now());	-- "time zone not recognized" otherwise
	IF a.lateness < interval '0' THEN
		RAISE EXCEPTION 'lateness must not be negative' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF a.evaluation_window <= interval '0' THEN
		RAISE EXCEPTION 'evaluation_window must be positive' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF a.keep_runs < 1 THEN
		RAISE EXCEPTION 'keep_runs must be at least 1' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF a.keep_for <= interval '0' THEN
		RAISE EXCEPTION 'keep_for must be positive' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF a.stale_after <= interval '0' THEN
		RAISE EXCEPTION 'stale_after must be positive' USING ERRCODE = 'invalid_parameter_value';
	END IF;

	IF NOT (a.impact_ratio_threshold >= 0.0001 AND a.impact_ratio_threshold <= 1) THEN
		RAISE EXCEPTION 'impact_ratio_threshold must be between 0.0001 and 1'
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = pg_catalog.format('It is %s.', a.impact_ratio_threshold),
			      HINT = 'A ratio r is a disparity when r < t or r > 1/t; 0.8 is the four-fifths rule.';
	END IF;
	IF NOT (a.significance > 0 AND a.significance < 1) THEN
		RAISE EXCEPTION 'significance must be between 0 and 1 (exclusive)'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = pg_catalog.format('It is %s.', a.significance);
	END IF;
	IF a.min_group_size < 0 THEN
		RAISE EXCEPTION 'min_group_size must not be negative' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF a.alert_metrics IS NULL THEN
		RAISE EXCEPTION 'alert_metrics must not be NULL' USING DETAIL = 'Use ''{}'' for no alerts.', ERRCODE = 'invalid_parameter_value';
	END IF;
	-- each kind has its metrics (fairness.audit_kind_metrics)
	valid_metrics := fairness.audit_kind_metrics(fairness.audit_kind(pg_catalog.to_jsonb(a)));
	FOREACH m IN ARRAY a.alert_metrics LOOP
		IF m IS NULL OR NOT m = ANY (valid_metrics) THEN
			RAISE EXCEPTION 'unknown metric "%" in alert_metrics', m
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = pg_catalog.format('The audit''s kind is %s.', fairness.audit_kind(pg_catalog.to_jsonb(a))),
				      HINT = 'Known metrics: ' || array_to_string(valid_metrics, ', ') || '.';
		END IF;
	END LOOP;

	RETURN jsonb_build_object(
		'relation', pg_catalog.format('%I.%I', a.source_schema, a.source_table),
		-- up to four attributes as separate arguments (no array per row; the
		-- stored value is the same as the ARRAY form's)
		'group', CASE WHEN cardinality(grp) <= 4 THEN array_to_string(grp, ', ') ELSE 'ARRAY[' || array_to_string(grp, ', ') || ']' END,
		'actual', act,
		'predicted', pred,
		'weight', w,
		'slice', CASE WHEN cardinality(sl) = 0 THEN '''{}''::text[]' ELSE 'ARRAY[' || array_to_string(sl, ', ') || ']::text[]' END,
		'time', CASE WHEN a.time_column IS NOT NULL THEN pg_catalog.format('%I', a.time_column) END,
		'time_type', tk,
		'kind', fairness.audit_kind(pg_catalog.to_jsonb(a)),
		'score', CASE WHEN a.score_column IS NOT NULL THEN pg_catalog.format('(%I)::float8', a.score_column) END,
		'outcome', CASE WHEN a.outcome_column IS NOT NULL THEN pg_catalog.format('(%I)::float8', a.outcome_column) END,
		'score_range', CASE WHEN a.score_lower IS NOT NULL THEN pg_catalog.format('1000, %L::float8, %L::float8', a.score_lower, a.score_upper) END);
END
$$;

COMMENT ON FUNCTION fairness.audit_plan(fairness.audits) IS
'Internal: validates an audit definition against its source with the privileges of the audit''s owner (the owner exists, may use the schema and read the columns; the columns have usable types; options are in range) and returns the SQL expressions of a run, every identifier quoted.';

CREATE FUNCTION fairness.audit_definition(a fairness.audits)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT pg_catalog.to_jsonb(a) - '{high_water,last_run_id,created_at,updated_at,schedule,enabled}'::text[]
$$;

COMMENT ON FUNCTION fairness.audit_definition(fairness.audits) IS
'Internal: the part of an audit definition a run records in fairness.audit_runs.definition (owner included: the role the run executed as).';

CREATE FUNCTION fairness.audit_check(a fairness.audits)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF a.name IS NULL OR a.name !~ '^[^[:cntrl:]]{1,100}$' THEN
		RAISE EXCEPTION 'invalid audit name'
			USING ERRCODE = 'invalid_name',
			      DETAIL = 'An audit name has 1 to 100 characters and no control characters.';
	END IF;
	IF a.time_zone IS NULL OR a.lateness IS NULL OR a.impact_ratio_threshold IS NULL
	   OR a.significance IS NULL OR a.require_significance IS NULL OR a.intersections IS NULL
	   OR a.notify IS NULL OR a.enabled IS NULL THEN
		RAISE EXCEPTION 'time_zone, lateness, impact_ratio_threshold, significance, require_significance, intersections, notify and enabled must not be NULL'
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	PERFORM fairness.audit_plan(a);
END
$$;

COMMENT ON FUNCTION fairness.audit_check(fairness.audits) IS
'Internal: validates a complete audit definition (name, required settings, then fairness.audit_plan).';

-- the reference must be a group of the source: a warning, not an error (the
-- group may appear later); read as the owner
CREATE FUNCTION fairness.audit_check_reference(a fairness.audits)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	found_ref boolean;
	q text;
	q_key text;
BEGIN
	IF a.reference IS NULL THEN
		RETURN;
	END IF;
	SELECT pg_catalog.format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %s LIMIT 1)', a.source_schema, a.source_table,
	                         string_agg(pg_catalog.format('(%I)::text = %L', c, a.reference), ' OR '))
	INTO q FROM unnest(a.group_columns) c;
	-- several group columns: a JSON array of one value per column names a
	-- group (NULL: the unknown value), as the reports read it
	IF cardinality(a.group_columns) > 1 AND a.reference ~ '^\s*\[' THEN
		BEGIN
			SELECT pg_catalog.format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %s LIMIT 1)', a.source_schema, a.source_table,
			                         string_agg(pg_catalog.format('(%I)::text IS NOT DISTINCT FROM %L', a.group_columns[o], e), ' AND '))
			INTO q_key FROM pg_catalog.jsonb_array_elements_text(a.reference::jsonb) WITH ORDINALITY AS x(e, o)
			HAVING count(*) = cardinality(a.group_columns);
			q := coalesce(q_key, q);
		EXCEPTION WHEN invalid_text_representation THEN
			NULL;	-- not JSON: compared as text with each column
		END;
	END IF;
	SELECT s.f INTO found_ref FROM fairness.audit_scan(a.owner, q, 0) AS s(f boolean);
	IF NOT found_ref THEN
		RAISE WARNING 'reference group "%" does not occur in % of %.%', a.reference,
			array_to_string(a.group_columns, ', '), quote_ident(a.source_schema), quote_ident(a.source_table)
			USING DETAIL = 'Where the reference is not a group, reports compare with the largest group.',
			      HINT = 'Check the spelling: group values are compared as text, exactly.';
	END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION fairness.audit_check_reference(fairness.audits) FROM PUBLIC;

COMMENT ON FUNCTION fairness.audit_check_reference(fairness.audits) IS
'Internal: warns when an audit''s reference is not a value of any of its group columns in the source (read as the owner).';

CREATE FUNCTION fairness.audit_find(caller oid, audit text, audit_id bigint, for_writing boolean)
RETURNS fairness.audits
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
	label text := CASE WHEN audit IS NOT NULL THEN pg_catalog.format('"%s"', audit) ELSE pg_catalog.format('with id %s', audit_id) END;
BEGIN
	IF audit IS NULL AND audit_id IS NULL THEN
		RAISE EXCEPTION 'audit name must not be NULL' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF audit IS NOT NULL THEN
		SELECT * INTO a FROM fairness.audits au WHERE au.name = audit;
	ELSE
		SELECT * INTO a FROM fairness.audits au WHERE au.id = audit_id;
	END IF;
	IF NOT FOUND OR NOT fairness.audit_caller_visible(caller, a.owner, a.id) THEN
		RAISE EXCEPTION 'audit % does not exist', label
			USING ERRCODE = 'undefined_object',
			      HINT = 'SELECT name FROM fairness.audits lists the audits you can see.';
	END IF;
	IF for_writing THEN
		IF NOT fairness.audit_may_write(caller, a.owner) THEN
			IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = a.owner) THEN
				RAISE EXCEPTION 'the owner of audit "%" no longer exists', a.name
					USING ERRCODE = 'undefined_object',
					      DETAIL = pg_catalog.format('The role with OID %s was dropped: the audit cannot run.', a.owner::oid),
					      HINT = pg_catalog.format('A superuser can give it to another role with fairness.reassign_audits(%s, new_owner), or drop it with fairness.drop_audit.', a.owner::oid);
			END IF;
			RAISE EXCEPTION 'permission denied for audit "%"', a.name
				USING ERRCODE = 'insufficient_privilege',
				      DETAIL = pg_catalog.format('The audit belongs to role %s.', a.owner),
				      HINT = 'Only the owner of an audit and the members of that role may run, alter, schedule, grant or drop it; runs execute as the owner.';
		END IF;
		-- one writer per audit at a time (runs of the same audit queue here)
		SELECT * INTO a FROM fairness.audits au WHERE au.id = a.id FOR UPDATE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'audit % does not exist', label USING ERRCODE = 'undefined_object';
		END IF;
	END IF;
	RETURN a;
END
$$;
REVOKE EXECUTE ON FUNCTION fairness.audit_find(oid, text, bigint, boolean) FROM PUBLIC;

COMMENT ON FUNCTION fairness.audit_find(oid, text, bigint, boolean) IS
'Internal: an audit by name (or by id when name is NULL) as role caller sees it (error if it cannot); for_writing also checks that caller may write it (owner or member of the owner; the owner still exists) and locks the audit row until the end of the transaction.';

CREATE FUNCTION fairness.audit_lookup(audit text)
RETURNS fairness.audits
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
BEGIN
	-- row-level security: only the audits the current role may see
	SELECT * INTO a FROM fairness.audits au WHERE au.name = audit_lookup.audit;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'audit "%" does not exist', audit_lookup.audit
			USING ERRCODE = 'undefined_object',
			      HINT = 'SELECT name FROM fairness.audits lists the audits you can see.';
	END IF;
	RETURN a;
END
$$;

COMMENT ON FUNCTION fairness.audit_lookup(text) IS
'Internal: an audit the current role may see, by name (error otherwise).';

------------------------------------------------------------------------
-- Internal operations (called through fairness.audit_call as the
-- extension's owner; caller is the real caller)
------------------------------------------------------------------------

CREATE FUNCTION fairness.audit_op_create(caller oid, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
	src oid := (args ->> 'source')::oid;
BEGIN
	IF src IS NULL THEN
		RAISE EXCEPTION 'source must not be NULL' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	a := jsonb_populate_record(NULL::fairness.audits,
		args - '{source,id,owner,created_at,updated_at,high_water,last_run_id,schedule,enabled}'::text[]);
	SELECT n.nspname, c.relname INTO a.source_schema, a.source_table
	FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	WHERE c.oid = src;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'relation with OID % does not exist', src USING ERRCODE = 'undefined_table';
	END IF;
	a.owner := caller;
	a.enabled := true;
	-- the default alert metrics (those of decisions) become the kind's
	IF a.alert_metrics = '{selection_rate,tpr,fpr}' THEN
		a.alert_metrics := fairness.audit_kind_metrics(fairness.audit_kind(pg_catalog.to_jsonb(a)), true);
	END IF;
	a.created_at := now();
	a.updated_at := now();
	PERFORM fairness.audit_check(a);
	PERFORM fairness.audit_check_reference(a);
	PERFORM fairness.audit_compliance_try(a);	-- compliance report audits (54_audit_compliance.sql)
	a.id := nextval('fairness.audits_id_seq');
	BEGIN
		INSERT INTO fairness.audits SELECT (a).*;
	EXCEPTION WHEN unique_violation THEN
		RAISE EXCEPTION 'audit "%" already exists', a.name
			USING ERRCODE = 'duplicate_object',
			      HINT = 'Choose another name, or change the existing audit with fairness.alter_audit.';
	END;
	PERFORM fairness.audit_sync_owner_marks();
	RETURN jsonb_build_object('id', a.id);
END
$$;

CREATE FUNCTION fairness.audit_op_alter(caller oid, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
	b fairness.audits;
	rel regclass;
	bad text;
	changes jsonb := args -> 'changes';
	allowed constant text[] := '{name,owner,source,group_columns,actual_column,predicted_column,score_column,threshold,outcome_column,weight_column,slice_columns,time_column,time_zone,lateness,evaluation_window,reference,impact_ratio_threshold,significance,require_significance,alert_metrics,min_group_size,intersections,notify,enabled,description,keep_runs,keep_for,stale_after,score_lower,score_upper,report_options}';
	measured constant text[] := '{source_schema,source_table,group_columns,actual_column,predicted_column,score_column,threshold,outcome_column,weight_column,slice_columns,time_column,time_zone,score_lower,score_upper}';
BEGIN
	IF changes IS NULL OR jsonb_typeof(changes) <> 'object' THEN
		RAISE EXCEPTION 'changes must be a JSON object' USING ERRCODE = 'invalid_parameter_value',
			HINT = 'For example ''{"impact_ratio_threshold": 0.9, "reference": null}''.';
	END IF;
	SELECT string_agg(pg_catalog.format('"%s"', k), ', ') INTO bad
	FROM jsonb_object_keys(changes) k WHERE NOT k = ANY (allowed);
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'unknown setting % in changes', bad
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Settings that can change: ' || array_to_string(allowed, ', ') || '.';
	END IF;
	a := fairness.audit_find(caller, args ->> 'name', NULL, true);
	b := jsonb_populate_record(a, changes - 'source');
	IF changes ? 'source' THEN
		-- PostgreSQL 15 raises "invalid name syntax" where 16 and later
		-- return NULL: one message on every version
		BEGIN
			rel := pg_catalog.to_regclass(changes ->> 'source');
		EXCEPTION WHEN invalid_name THEN
			rel := NULL;
		END;
		IF rel IS NULL THEN
			RAISE EXCEPTION 'relation "%" does not exist', changes ->> 'source'
				USING ERRCODE = 'undefined_table', HINT = 'Give the source schema-qualified, e.g. "public.decisions".';
		END IF;
		SELECT n.nspname, c.relname INTO b.source_schema, b.source_table
		FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE c.oid = rel;
	END IF;
	IF b.owner IS NULL THEN
		RAISE EXCEPTION 'owner must not be NULL' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF b.owner IS DISTINCT FROM a.owner AND NOT fairness.audit_may_write(caller, b.owner) THEN
		RAISE EXCEPTION 'must be a member of role "%" to give it the audit', b.owner
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF b.slice_columns IS NULL THEN b.slice_columns := '{}'; END IF;
	-- a new kind: alert metrics left at the old kind's default take the new one's
	IF NOT changes ? 'alert_metrics'
	   AND fairness.audit_kind(pg_catalog.to_jsonb(b)) <> fairness.audit_kind(pg_catalog.to_jsonb(a))
	   AND a.alert_metrics = fairness.audit_kind_metrics(fairness.audit_kind(pg_catalog.to_jsonb(a)), true) THEN
		b.alert_metrics := fairness.audit_kind_metrics(fairness.audit_kind(pg_catalog.to_jsonb(b)), true);
	END IF;
	PERFORM fairness.audit_check(b);
	PERFORM fairness.audit_compliance_alter(a, b, changes);	-- compliance report audits (54_audit_compliance.sql)
	IF b.reference IS DISTINCT FROM a.reference OR b.source_table IS DISTINCT FROM a.source_table
	   OR b.source_schema IS DISTINCT FROM a.source_schema THEN
		PERFORM fairness.audit_check_reference(b);
	END IF;
	-- what is measured changed: the stored days no longer add up with new
	-- ones; the next run of an incremental audit is a full run
	IF EXISTS (SELECT 1 FROM unnest(measured) f
	           WHERE (to_jsonb(a) -> f) IS DISTINCT FROM (to_jsonb(b) -> f)) THEN
		b.high_water := NULL;
	END IF;
	b.updated_at := now();
	BEGIN
		UPDATE fairness.audits au SET
			name = b.name, owner = b.owner, source_schema = b.source_schema, source_table = b.source_table,
			group_columns = b.group_columns, actual_column = b.actual_column,
			predicted_column = b.predicted_column, score_column = b.score_column, threshold = b.threshold,
			outcome_column = b.outcome_column, weight_column = b.weight_column,
			slice_columns = b.slice_columns, time_column = b.time_column, time_zone = b.time_zone,
			lateness = b.lateness, evaluation_window = b.evaluation_window, reference = b.reference,
			impact_ratio_threshold = b.impact_ratio_threshold, significance = b.significance,
			require_significance = b.require_significance, alert_metrics = b.alert_metrics,
			min_group_size = b.min_group_size, intersections = b.intersections, notify = b.notify,
			enabled = b.enabled, description = b.description, updated_at = b.updated_at,
			high_water = b.high_water, keep_runs = b.keep_runs, keep_for = b.keep_for,
			stale_after = b.stale_after, score_lower = b.score_lower, score_upper = b.score_upper,
			report_options = b.report_options	-- compliance report audits (54_audit_compliance.sql)
		WHERE au.id = a.id;
	EXCEPTION WHEN unique_violation THEN
		RAISE EXCEPTION 'audit "%" already exists', b.name USING ERRCODE = 'duplicate_object';
	END;
	IF b.owner IS DISTINCT FROM a.owner THEN
		PERFORM fairness.audit_sync_owner_marks();
	END IF;
	-- scheduled jobs run the audit by id: a rename or an owner change leaves them as they are
	RETURN jsonb_build_object('id', a.id);
END
$$;

-- pg_cron's job of an audit, if pg_cron is there: removed whoever created it
CREATE FUNCTION fairness.audit_remove_jobs(audit_id bigint)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n integer := 0;
	j bigint;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'pg_cron')
	   OR pg_catalog.to_regclass('cron.job') IS NULL THEN
		RETURN 0;
	END IF;
	FOR j IN EXECUTE 'SELECT jobid FROM cron.job WHERE jobname = $1' USING fairness.audit_job_name(audit_id) LOOP
		EXECUTE 'SELECT cron.unschedule($1)' USING j;
		n := n + 1;
	END LOOP;
	RETURN n;
END
$$;
REVOKE EXECUTE ON FUNCTION fairness.audit_remove_jobs(bigint) FROM PUBLIC;

COMMENT ON FUNCTION fairness.audit_remove_jobs(bigint) IS
'Internal: removes every pg_cron job of an audit (named fairness_audit_<id>), whichever role scheduled it; returns how many.';

CREATE FUNCTION fairness.audit_op_drop(caller oid, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
BEGIN
	a := fairness.audit_find(caller, args ->> 'name', NULL, false);
	-- an audit whose owner was dropped can be dropped by a superuser
	IF NOT (fairness.audit_may_write(caller, a.owner)
	        OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = caller AND r.rolsuper)) THEN
		PERFORM fairness.audit_find(caller, a.name, NULL, true);
	END IF;
	PERFORM 1 FROM fairness.audits au WHERE au.id = a.id FOR UPDATE;
	PERFORM fairness.audit_remove_jobs(a.id);
	DELETE FROM fairness.audits au WHERE au.id = a.id;
	PERFORM fairness.audit_sync_owner_marks();
	RETURN jsonb_build_object('id', a.id);
END
$$;

-- what every kind of run does after its results are written: retention,
-- the alert notification and the record of a failure (one copy, used by
-- fairness.audit_run_one and fairness.audit_compliance_run_one)
CREATE FUNCTION fairness.audit_apply_retention(a fairness.audits, run_id bigint)
RETURNS void
LANGUAGE sql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
	DELETE FROM fairness.audit_runs r
	WHERE (($1).keep_runs IS NOT NULL OR ($1).keep_for IS NOT NULL)
	  AND r.audit_id = ($1).id AND r.id <> $2
	  AND ((($1).keep_runs IS NOT NULL AND r.id NOT IN (SELECT r2.id FROM fairness.audit_runs r2
	                                                     WHERE r2.audit_id = ($1).id
	                                                     ORDER BY r2.id DESC LIMIT ($1).keep_runs))
	       OR (($1).keep_for IS NOT NULL AND r.started_at < now() - ($1).keep_for))
	  AND NOT EXISTS (SELECT 1 FROM fairness.audit_periods pe
	                  WHERE pe.run_id = r.id AND pe.superseded_by IS NULL)
$$;
REVOKE EXECUTE ON FUNCTION fairness.audit_apply_retention(fairness.audits, bigint) FROM PUBLIC;

COMMENT ON FUNCTION fairness.audit_apply_retention(fairness.audits, bigint) IS
'Internal: after run run_id of audit a, deletes the runs that keep_runs and keep_for no longer keep (never run_id, never a run whose daily summaries are still current).';

CREATE FUNCTION fairness.audit_notify(payload jsonb)
RETURNS text
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_text text;
BEGIN
	-- NOTIFY payloads are limited to 8000 bytes: the last entries of "top"
	-- go until the payload fits
	LOOP
		v_text := payload::text;
		EXIT WHEN octet_length(v_text) < 7900 OR coalesce(jsonb_array_length(payload -> 'top'), 0) = 0;
		payload := jsonb_set(payload, '{top}', (payload -> 'top') - (jsonb_array_length(payload -> 'top') - 1));
	END LOOP;
	PERFORM pg_catalog.pg_notify('fairness_alerts', v_text);
	RETURN v_text;
END
$$;
REVOKE EXECUTE ON FUNCTION fairness.audit_notify(jsonb) FROM PUBLIC;

COMMENT ON FUNCTION fairness.audit_notify(jsonb) IS
'Internal: sends payload on channel fairness_alerts (delivered at commit), dropping the last entries of its "top" array until it is under 7900 bytes; returns the text sent.';

CREATE FUNCTION fairness.audit_record_failure(a fairness.audits, run_id bigint, message text, sqlstate text,
                                              detail text, hint text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	UPDATE fairness.audit_runs r
	SET status = 'failed', finished_at = clock_timestamp(), error_message = message,
		error_sqlstate = sqlstate, error_detail = nullif(detail, ''), error_hint = nullif(hint, '')
	WHERE r.id = run_id;
	RAISE WARNING 'run % of audit "%" failed: %', run_id, a.name, message
		USING DETAIL = pg_catalog.format('SQLSTATE %s.  The failure is recorded in fairness.audit_runs; no partial result was kept.', sqlstate),
		      HINT = 'Fix the cause, or disable the audit (fairness.alter_audit(name, ''{"enabled": false}'')) or drop it.';
END
$$;
REVOKE EXECUTE ON FUNCTION fairness.audit_record_failure(fairness.audits, bigint, text, text, text, text) FROM PUBLIC;

COMMENT ON FUNCTION fairness.audit_record_failure(fairness.audits, bigint, text, text, text, text) IS
'Internal: marks run run_id of audit a failed with the error caught by the run (message, SQLSTATE, detail, hint) and raises a WARNING that says so.';

CREATE FUNCTION fairness.audit_run_one(caller oid, a fairness.audits, restate_from timestamptz)
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
	v_mode text;
	v_cutoff timestamptz;
	v_cond text[];
	v_agg text;
	v_q text;
	v_rows bigint := 0;
	v_slices integer := 0;
	v_viol integer := 0;
	v_from text;
	v_hw text;
	v_day date;
	v_tcol text;
	v_ttype text;
	v_top jsonb;
	v_hws text[];
	v_nslices bigint;
	v_max integer := current_setting('fairness.max_slices')::integer;
	e_msg text;
	e_state text;
	e_detail text;
	e_hint text;
BEGIN
	-- compliance report audits (54_audit_compliance.sql)
	IF a.report IS NOT NULL THEN
		RETURN fairness.audit_compliance_run_one(caller, a, restate_from);
	END IF;
	-- days, timestamps without time zone and the text form of group and
	-- slice values follow the audit, not the session
	PERFORM pg_catalog.set_config('TimeZone', a.time_zone, true);
	IF a.time_column IS NULL THEN
		IF restate_from IS NOT NULL THEN
			RAISE EXCEPTION 'restate_from needs an audit with a time_column'
				USING ERRCODE = 'invalid_parameter_value',
				      DETAIL = 'Every run of an audit without time_column scans the whole source.';
		END IF;
		v_mode := 'snapshot';
	ELSIF restate_from > now() THEN
		RAISE EXCEPTION 'restate_from must not be in the future' USING ERRCODE = 'invalid_parameter_value';
	ELSIF a.high_water IS NULL OR restate_from = '-infinity' THEN
		v_mode := 'full';
	ELSIF restate_from IS NOT NULL THEN
		v_mode := 'restate';
	ELSE
		v_mode := 'incremental';
	END IF;
	v_def := fairness.audit_definition(a);
	INSERT INTO fairness.audit_runs AS r (audit_id, started_at, status, mode, run_by, definition)
	VALUES (a.id, clock_timestamp(), 'running', v_mode, pg_catalog.pg_get_userbyid(caller), v_def)
	RETURNING r.id INTO v_run;

	-- the work runs in a subtransaction: a failure leaves no partial result
	-- and is recorded below.  Every query on the source runs as the owner
	-- (fairness.audit_scan); what is written here runs as the extension.
	BEGIN
		p := fairness.audit_plan(a);
		-- the three summary columns (one of them non-NULL: the audit's kind)
		v_agg := fairness.audit_aggregates(p);
		IF v_mode = 'snapshot' THEN
			v_q := pg_catalog.format('SELECT %s AS slice_key, count(*) AS n, %s FROM %s GROUP BY 1',
									 p ->> 'slice', v_agg, p ->> 'relation');
			INSERT INTO fairness.audit_results (run_id, audit_id, slice_key, rows, summary, scores, outcomes)
			SELECT v_run, a.id, s.slice_key, s.n, s.summary, s.scores, s.outcomes
			FROM fairness.audit_scan(a.owner, v_q, v_max)
			     AS s(slice_key text[], n bigint, summary fairness.confusion, scores fairness.scores, outcomes fairness.outcomes);
			GET DIAGNOSTICS v_slices = ROW_COUNT;
			SELECT coalesce(sum(re.rows), 0) INTO v_rows FROM fairness.audit_results re WHERE re.run_id = v_run;
		ELSE
			v_tcol := p ->> 'time';
			v_ttype := p ->> 'time_type';
			v_cutoff := now() - a.lateness;
			-- rows up to the cutoff; for dates, only days that have ended
			v_cond := ARRAY[CASE v_ttype
				WHEN 'date' THEN pg_catalog.format('%s < %L::date', v_tcol, v_cutoff::date)
				WHEN 'timestamp' THEN pg_catalog.format('%s <= %L::timestamp', v_tcol, v_cutoff::timestamp)
				ELSE pg_catalog.format('%s <= %L::timestamptz', v_tcol, v_cutoff) END];
			IF v_mode = 'incremental' THEN
				v_from := a.high_water;
				v_cond := v_cond || pg_catalog.format('%s > %L::%s', v_tcol, a.high_water, v_ttype);
			ELSIF v_mode = 'restate' THEN
				v_day := restate_from::date;
				v_from := a.high_water;
				v_cond := v_cond || pg_catalog.format('(%s >= %L::%s OR %s > %L::%s)', v_tcol, v_day, v_ttype,
													  v_tcol, a.high_water, v_ttype);
				UPDATE fairness.audit_periods pe SET superseded_by = v_run
				WHERE pe.audit_id = a.id AND pe.superseded_by IS NULL AND pe.period >= v_day;
			ELSE
				UPDATE fairness.audit_periods pe SET superseded_by = v_run
				WHERE pe.audit_id = a.id AND pe.superseded_by IS NULL;
			END IF;
			-- the high-water mark leaves the scan as text in the audit's
			-- settings and is compared in its own type below
			v_q := pg_catalog.format(
				'SELECT %s AS slice_key, (%s)::date AS period, count(*) AS n, %s, max(%s)::text AS hw '
				'FROM %s WHERE %s GROUP BY 1, 2',
				p ->> 'slice', v_tcol, v_agg, v_tcol, p ->> 'relation', array_to_string(v_cond, ' AND '));
			WITH s AS (SELECT * FROM fairness.audit_scan(a.owner, v_q, 0)
			           AS s(slice_key text[], period date, n bigint, summary fairness.confusion,
			                scores fairness.scores, outcomes fairness.outcomes, hw text)),
			     i AS (INSERT INTO fairness.audit_periods (run_id, audit_id, slice_key, period, rows, summary, scores, outcomes)
			           SELECT v_run, a.id, s.slice_key, s.period, s.n, s.summary, s.scores, s.outcomes FROM s)
			SELECT coalesce(sum(s.n), 0), array_agg(s.hw), count(DISTINCT s.slice_key)
			INTO v_rows, v_hws, v_nslices FROM s;
			IF v_nslices > v_max THEN
				RAISE EXCEPTION 'the audit has more than % slices', v_max
					USING ERRCODE = 'program_limit_exceeded',
					      DETAIL = 'fairness.max_slices limits the number of slices one run stores.',
					      HINT = 'Slice by columns with fewer distinct values, or raise fairness.max_slices.';
			END IF;
			-- latest time value counted, compared in its own type (one of date,
			-- timestamp, timestamptz: checked by audit_plan)
			EXECUTE pg_catalog.format('SELECT max(x::%s)::text FROM unnest($1) x', v_ttype) INTO v_hw USING v_hws;
			IF v_hw IS NULL THEN
				IF v_mode = 'incremental' THEN
					v_hw := a.high_water;
				ELSIF v_mode = 'restate' THEN
					-- nothing from the restated days on: the mark goes back to the
					-- last row before them (those days are still counted)
					SELECT s.hw INTO v_hw FROM fairness.audit_scan(a.owner,
						pg_catalog.format('SELECT max(%s)::text FROM %s WHERE %s < %L::%s',
										  v_tcol, p ->> 'relation', v_tcol, v_day, v_ttype), 0) AS s(hw text);
				END IF;
			END IF;
			-- what the run evaluates: the current days of the window
			INSERT INTO fairness.audit_results (run_id, audit_id, slice_key, rows, summary, scores, outcomes)
			SELECT v_run, a.id, pe.slice_key, sum(pe.rows)::bigint, fairness.merge(pe.summary),
			       fairness.merge(pe.scores), fairness.merge(pe.outcomes)
			FROM fairness.audit_periods pe
			WHERE pe.audit_id = a.id AND pe.superseded_by IS NULL
			  AND (a.evaluation_window IS NULL OR pe.period > (v_cutoff::date - a.evaluation_window)::date)
			GROUP BY pe.slice_key;
			GET DIAGNOSTICS v_slices = ROW_COUNT;
		END IF;

		-- verdicts
		UPDATE fairness.audit_results re
		SET violations = (SELECT count(*) FROM fairness.audit_result_report(re.summary, re.scores, re.outcomes, v_def) x WHERE x.alert)
		WHERE re.run_id = v_run;
		SELECT coalesce(sum(re.violations), 0) INTO v_viol FROM fairness.audit_results re WHERE re.run_id = v_run;

		UPDATE fairness.audit_runs r
		SET status = 'succeeded', finished_at = clock_timestamp(), rows_scanned = v_rows,
			slices = v_slices, violations = v_viol, scan_from = v_from, scan_to = v_hw, cutoff = v_cutoff
		WHERE r.id = v_run;
		UPDATE fairness.audits au SET high_water = v_hw, last_run_id = v_run WHERE au.id = a.id;

		PERFORM fairness.audit_apply_retention(a, v_run);

		-- alert listeners (delivered at commit); the payload stays small (rates
		-- and ratios to 4 decimals, p-values to 3 significant digits)
		IF v_viol > 0 AND a.notify THEN
			SELECT coalesce(jsonb_agg(t.j ORDER BY t.ord), '[]') INTO v_top
			FROM (SELECT row_number() OVER (ORDER BY x.p_value_adjusted NULLS LAST, x.ratio, re.slice_key,
			                                         x.attribute, x.group_name, x.metric) AS ord,
			             jsonb_build_object('slice', left(fairness.audit_slice_label(re.slice_key), 64),
			                                'attribute', left(x.attribute, 64),
			                                'group', left(x.group_name, 64),
			                                'metric', x.metric,
			                                'value', round(x.value::numeric, 4),
			                                'reference_group', left(x.reference_group, 64),
			                                'ratio', round(x.ratio::numeric, 4),
			                                'threshold', (v_def ->> 'impact_ratio_threshold')::float8,
			                                'kind', x.kind,
			                                'p_value_adjusted', to_char(x.p_value_adjusted, '9.99EEEE')::float8) AS j
			      FROM fairness.audit_results re
			      CROSS JOIN LATERAL fairness.audit_result_report(re.summary, re.scores, re.outcomes, v_def) x
			      WHERE re.run_id = v_run AND x.alert
			      ORDER BY 1 LIMIT 5) t;
			PERFORM fairness.audit_notify(jsonb_build_object('audit', a.name, 'audit_id', a.id, 'run_id', v_run,
			                                                 'violations', v_viol, 'slices', v_slices,
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
REVOKE EXECUTE ON FUNCTION fairness.audit_run_one(oid, fairness.audits, timestamptz) FROM PUBLIC;

COMMENT ON FUNCTION fairness.audit_run_one(oid, fairness.audits, timestamptz) IS
'Internal: one run of a locked audit started by role caller: the source is read as the audit''s owner (fairness.audit_scan), the history written by the extension; a failure is recorded.';

CREATE FUNCTION fairness.audit_op_run(caller oid, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
BEGIN
	-- the lock on the audit row serialises runs of one audit; under it we
	-- read the high-water mark of the run committed last
	a := fairness.audit_find(caller, args ->> 'name', (args ->> 'id')::bigint, true);
	RETURN jsonb_build_object('run_id', fairness.audit_run_one(caller, a, (args ->> 'restate_from')::timestamptz));
END
$$;

CREATE FUNCTION fairness.audit_op_run_all(caller oid, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_id bigint;
	v_name text;
	v_run bigint;
	a fairness.audits;
	res jsonb := '[]';
BEGIN
	-- the caller's audits (those of roles it is a member of); a superuser's
	-- call runs every enabled audit, each as its owner
	FOR v_id, v_name IN SELECT au.id, au.name FROM fairness.audits au
	              WHERE au.enabled AND fairness.audit_may_write(caller, au.owner) ORDER BY au.id LOOP
		BEGIN
			a := fairness.audit_find(caller, NULL, v_id, true);
			v_run := fairness.audit_run_one(caller, a, NULL);
		EXCEPTION WHEN OTHERS THEN
			-- e.g. dropped meanwhile: the other audits still run
			RAISE WARNING 'audit "%" not run: %', v_name, SQLERRM;
			CONTINUE;
		END;
		res := res || (SELECT jsonb_build_object('audit', a.name, 'run_id', r.id, 'status', r.status,
		                                         'rows_scanned', r.rows_scanned, 'violations', r.violations)
		               FROM fairness.audit_runs r WHERE r.id = v_run);
	END LOOP;
	RETURN res;
END
$$;

CREATE FUNCTION fairness.audit_job_command(audit_id bigint)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_catalog.format('SELECT fairness.run_audit_by_id(%s)', $1) $$;

COMMENT ON FUNCTION fairness.audit_job_command(bigint) IS
'Internal: the command of an audit''s scheduled job: SELECT fairness.run_audit_by_id(<id>) (by id: renames and new audits under an old name cannot redirect it; ids are never reused).';

CREATE FUNCTION fairness.audit_cron_check(purpose text, audit_id bigint, schedule text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	cmd text := fairness.audit_job_command(audit_id);
	db text := current_database();
	line text;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'pg_cron') THEN
		-- a crontab line: the command has no quote; the database name is
		-- quoted for a POSIX shell; % ends a crontab command, so \%
		db := CASE WHEN db ~ '^[A-Za-z0-9_.-]+$' THEN db ELSE '''' || replace(db, '''', '''"''"''') || '''' END;
		line := pg_catalog.format('%s psql -d %s -c "%s"', coalesce(schedule, '*/15 * * * *'), db, cmd);
		line := replace(line, '%', '\%');
		RAISE EXCEPTION 'pg_cron is not installed in database "%"', current_database()
			USING ERRCODE = 'object_not_in_prerequisite_state',
			      DETAIL = pg_catalog.format('fairness.%s uses pg_cron when it is installed; the fairness extension does not require it.', purpose),
			      HINT = pg_catalog.format(
				'Run the audit from any scheduler, e.g. this crontab line: %s (or SELECT * FROM fairness.run_all_audits() for every audit of the role). '
				'To use pg_cron: shared_preload_libraries = ''pg_cron'' and cron.database_name = %L in postgresql.conf, restart, CREATE EXTENSION pg_cron.',
				line, current_database());
	END IF;
	IF pg_catalog.to_regprocedure('cron.schedule(text,text,text)') IS NULL THEN
		RAISE EXCEPTION 'pg_cron is too old for fairness.%', purpose
			USING ERRCODE = 'object_not_in_prerequisite_state',
			      HINT = 'Named jobs need pg_cron 1.4 or later: ALTER EXTENSION pg_cron UPDATE.';
	END IF;
END
$$;

COMMENT ON FUNCTION fairness.audit_cron_check(text, bigint, text) IS
'Internal: an error saying pg_cron is not installed (with a hint showing a crontab line running the audit by id, % escaped) or too old.';

CREATE FUNCTION fairness.audit_op_schedule(caller oid, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
	sched text := args ->> 'schedule';
BEGIN
	a := fairness.audit_find(caller, args ->> 'name', NULL, true);
	IF sched IS NULL THEN
		RAISE EXCEPTION 'schedule must not be NULL' USING ERRCODE = 'null_value_not_allowed',
			HINT = 'A cron expression such as ''*/15 * * * *''; fairness.unschedule_audit removes a schedule.';
	END IF;
	PERFORM fairness.audit_cron_check('schedule_audit', a.id, sched);
	-- one job per audit: the caller's replaces any other role's
	IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = caller) THEN
		EXECUTE 'SELECT count(cron.unschedule(jobid)) FROM cron.job WHERE jobname = $1 AND username <> $2'
			USING fairness.audit_job_name(a.id), pg_catalog.pg_get_userbyid(caller);
	END IF;
	UPDATE fairness.audits au SET schedule = sched WHERE au.id = a.id;
	RETURN jsonb_build_object('id', a.id, 'job_name', fairness.audit_job_name(a.id),
	                          'command', fairness.audit_job_command(a.id));
END
$$;

CREATE FUNCTION fairness.audit_op_unschedule(caller oid, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
	n integer;
BEGIN
	a := fairness.audit_find(caller, args ->> 'name', NULL, true);
	PERFORM fairness.audit_cron_check('unschedule_audit', a.id, NULL);
	n := fairness.audit_remove_jobs(a.id);
	UPDATE fairness.audits au SET schedule = NULL WHERE au.id = a.id;
	RETURN jsonb_build_object('removed', n > 0);
END
$$;

CREATE FUNCTION fairness.audit_op_grant(caller oid, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
	g oid := (args ->> 'role')::oid;
BEGIN
	a := fairness.audit_find(caller, args ->> 'name', NULL, true);
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = g) THEN
		RAISE EXCEPTION 'role with OID % does not exist', g USING ERRCODE = 'undefined_object';
	END IF;
	IF args ->> 'revoke' = 'true' THEN
		DELETE FROM fairness.audit_grants ag WHERE ag.audit_id = a.id AND ag.grantee = g;
		RETURN jsonb_build_object('changed', FOUND);
	END IF;
	INSERT INTO fairness.audit_grants (audit_id, grantee, granted_by) VALUES (a.id, g, caller)
	ON CONFLICT DO NOTHING;
	RETURN jsonb_build_object('changed', FOUND);
END
$$;

CREATE FUNCTION fairness.audit_op_reassign(caller oid, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	f oid := (args ->> 'from')::oid;
	t oid := (args ->> 'to')::oid;
	su boolean := EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = caller AND r.rolsuper);
	n integer;
BEGIN
	IF f IS NULL OR t IS NULL THEN
		RAISE EXCEPTION 'from and to must not be NULL' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = t) THEN
		RAISE EXCEPTION 'role with OID % does not exist', t USING ERRCODE = 'undefined_object';
	END IF;
	-- like REASSIGN OWNED: membership in both roles (superusers: also from a dropped role)
	IF NOT su AND NOT (fairness.audit_may_write(caller, f::regrole) AND fairness.audit_may_write(caller, t::regrole)) THEN
		RAISE EXCEPTION 'permission denied to reassign audits'
			USING ERRCODE = 'insufficient_privilege',
			      DETAIL = 'Only roles with privileges of both the source and the target role may reassign their audits; audits of a dropped role only a superuser.';
	END IF;
	-- the new owner must be able to read the sources: checked at the next run
	UPDATE fairness.audits au SET owner = t, updated_at = now() WHERE au.owner = f;
	GET DIAGNOSTICS n = ROW_COUNT;
	PERFORM fairness.audit_sync_owner_marks();
	RETURN jsonb_build_object('audits', n);
END
$$;

DO $$
DECLARE
	f regprocedure;
BEGIN
	FOR f IN SELECT p.oid FROM pg_catalog.pg_proc p
	         WHERE p.pronamespace OPERATOR(pg_catalog.=) 'fairness'::pg_catalog.regnamespace
	           AND p.proname OPERATOR(pg_catalog.~) '^audit_op_' LOOP
		EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
		EXECUTE pg_catalog.format('COMMENT ON FUNCTION %s IS %L', f,
			'Internal: an operation of the audits, called through fairness.audit_call as the extension''s owner with the real caller; checks what the caller may do.  Not executable by PUBLIC.');
	END LOOP;
END
$$;

------------------------------------------------------------------------
-- Public functions
------------------------------------------------------------------------

CREATE FUNCTION fairness.create_audit(
	name text,
	source regclass,
	group_columns text[] DEFAULT NULL,
	actual_column text DEFAULT NULL,
	predicted_column text DEFAULT NULL,
	score_column text DEFAULT NULL,
	threshold float8 DEFAULT NULL,
	outcome_column text DEFAULT NULL,
	slice_columns text[] DEFAULT '{}',
	time_column text DEFAULT NULL,
	reference text DEFAULT NULL,
	weight_column text DEFAULT NULL,
	impact_ratio_threshold float8 DEFAULT 0.8,
	significance float8 DEFAULT 0.05,
	require_significance boolean DEFAULT true,
	alert_metrics text[] DEFAULT '{selection_rate,tpr,fpr}',
	min_group_size integer DEFAULT NULL,
	intersections boolean DEFAULT false,
	time_zone text DEFAULT 'UTC',
	lateness interval DEFAULT '0',
	evaluation_window interval DEFAULT NULL,
	notify boolean DEFAULT true,
	description text DEFAULT NULL,
	keep_runs integer DEFAULT NULL,
	keep_for interval DEFAULT NULL,
	score_lower float8 DEFAULT NULL,
	score_upper float8 DEFAULT NULL,
	report text DEFAULT NULL,
	report_options jsonb DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT (fairness.audit_call('create', jsonb_build_object(
		'name', $1, 'source', $2::oid,
		-- a report audit (54_audit_compliance.sql) has no group columns
		'group_columns', coalesce($3, CASE WHEN $28 IS NOT NULL THEN '{}'::text[] END), 'actual_column', $4,
		'predicted_column', $5, 'score_column', $6, 'threshold', $7, 'outcome_column', $8,
		'slice_columns', $9, 'time_column', $10, 'reference', $11, 'weight_column', $12,
		'impact_ratio_threshold', $13, 'significance', $14, 'require_significance', $15,
		'alert_metrics', $16, 'min_group_size', $17, 'intersections', $18, 'time_zone', $19,
		'lateness', $20, 'evaluation_window', $21, 'notify', $22, 'description', $23,
		'keep_runs', $24, 'keep_for', $25, 'score_lower', $26, 'score_upper', $27, 'report', $28, 'report_options', $29)) ->> 'id')::bigint
$$;

COMMENT ON FUNCTION fairness.create_audit(text, regclass, text[], text, text, text, float8, text, text[], text, text, text, float8, float8, boolean, text[], integer, boolean, text, interval, interval, boolean, text, integer, interval, float8, float8, text, jsonb) IS
'Registers an audit of a table or view, owned by the current role, of one of three kinds: decisions (fairness.confusion of actual_column and predicted_column, or of score_column >= threshold), scores (score_column without threshold: fairness.scores of the scores, in [0, 1] or in [score_lower, score_upper], with actual_column as the label) or outcomes (outcome_column alone: fairness.outcomes of an amount such as pay); protected attributes (group_columns), optional weights, slices (e.g. model version), an optional time column for incremental runs, reference group (a warning when it is not a group of the source), alert settings (alert_metrics left at its default: the kind''s, see fairness.audit_kind_metrics) and retention (keep_runs, keep_for).  Every column is checked to exist, be readable by the owner and have a usable type.  Or, with report => ''ll144'' | ''eu_pay_transparency'' | ''egapro'' and report_options (the report''s arguments by name, as JSON), a report audit: each run keeps the rows of fairness.compliance_report (the report is computed once at creation to check it).  Runs always execute as the owner.  Returns the audit id.';

CREATE OR REPLACE FUNCTION fairness.alter_audit(name text, changes jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM fairness.audit_call('alter', jsonb_build_object('name', name, 'changes', changes));
END
$$;

COMMENT ON FUNCTION fairness.alter_audit(text, jsonb) IS
'Changes settings of an audit, given as a JSON object (e.g. ''{"impact_ratio_threshold": 0.9, "reference": null, "source": "public.decisions_v2", "owner": "analysts", "keep_runs": 100}''); the result is validated like fairness.create_audit, with the (new) owner''s privileges.  Giving the audit to another role needs membership in it.  Changing what is measured (source, columns, threshold, time zone) makes the next run of an incremental audit a full run.  Past runs keep the definition they used; scheduled jobs (by id) are unaffected.';

CREATE OR REPLACE FUNCTION fairness.drop_audit(name text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM fairness.audit_call('drop', jsonb_build_object('name', name));
END
$$;

COMMENT ON FUNCTION fairness.drop_audit(text) IS
'Drops an audit with its whole history (runs, results, periods, grants) and every pg_cron job of it, whoever scheduled it.  Owner and members of the owning role; superusers also drop audits whose owner was dropped.';

CREATE OR REPLACE FUNCTION fairness.run_audit(name text, restate_from timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT (fairness.audit_call('run', jsonb_build_object('name', $1, 'restate_from', $2)) ->> 'run_id')::bigint
$$;

COMMENT ON FUNCTION fairness.run_audit(text, timestamptz) IS
'Runs an audit.  The source is read as the audit''s OWNER, whoever calls (the owner, a member, a superuser, a scheduler), in a security-restricted operation with search_path pinned, like ANALYZE and REFRESH MATERIALIZED VIEW: row-level security of the source applies to the owner, and nothing the source calls can change the caller''s roles or settings.  One scan computes a summary per slice (and per day for incremental audits), stored in fairness.audit_results / fairness.audit_periods; the verdicts are counted and NOTIFY fairness_alerts is sent when there are violations.  Returns the run id.  A failed run is recorded with its error (status failed, WARNING) and keeps no partial result.  Incremental audits scan rows after the high-water mark; restate_from re-counts the days from that date (''-infinity'': everything).  Runs of one audit are serialised.  Retention (keep_runs, keep_for) is applied after each successful run.';

CREATE FUNCTION fairness.run_audit_by_id(audit_id bigint)
RETURNS bigint
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT (fairness.audit_call('run', jsonb_build_object('id', $1)) ->> 'run_id')::bigint
$$;

COMMENT ON FUNCTION fairness.run_audit_by_id(bigint) IS
'fairness.run_audit by audit id: the command of scheduled jobs, which therefore always run the audit they were created for (ids are never reused), as that audit''s owner.';

CREATE OR REPLACE FUNCTION fairness.run_all_audits()
RETURNS TABLE (audit text, run_id bigint, status text, rows_scanned bigint, violations integer)
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT x.audit, x.run_id, x.status, x.rows_scanned, x.violations
	FROM jsonb_to_recordset(fairness.audit_call('run_all', '{}'))
	     AS x(audit text, run_id bigint, status text, rows_scanned bigint, violations integer)
$$;

COMMENT ON FUNCTION fairness.run_all_audits() IS
'Runs every enabled audit of the current role (it owns them or is a member of the owning role) one after the other in one transaction, each as its owner; a superuser''s call runs every enabled audit, each as its owner.  Returns one row per run.  For schedulers: SELECT * FROM fairness.run_all_audits().';

CREATE OR REPLACE FUNCTION fairness.schedule_audit(name text, schedule text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r jsonb;
	job bigint;
BEGIN
	r := fairness.audit_call('schedule', jsonb_build_object('name', name, 'schedule', schedule));
	-- the job belongs to the caller (pg_cron's own rules on who may schedule apply)
	EXECUTE 'SELECT cron.schedule($1, $2, $3)' INTO job
		USING r ->> 'job_name', schedule_audit.schedule, r ->> 'command';
	RETURN job;
END
$$;

COMMENT ON FUNCTION fairness.schedule_audit(text, text) IS
'Schedules an audit with pg_cron: a job named fairness_audit_<id> of the current role running SELECT fairness.run_audit_by_id(<id>) (the run executes as the audit''s owner; renaming the audit or changing its owner leaves the job right; dropping it removes the job).  Scheduling again replaces the schedule.  Without pg_cron: an error whose hint shows a crontab line.  Returns the pg_cron job id.';

CREATE OR REPLACE FUNCTION fairness.unschedule_audit(name text)
RETURNS boolean
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT (fairness.audit_call('unschedule', jsonb_build_object('name', $1)) ->> 'removed')::boolean
$$;

COMMENT ON FUNCTION fairness.unschedule_audit(text) IS
'Removes the pg_cron job of an audit, whichever member of the owning role scheduled it; returns whether there was one.';

CREATE FUNCTION fairness.grant_audit(name text, grantee regrole)
RETURNS boolean
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT (fairness.audit_call('grant', jsonb_build_object('name', $1, 'role', $2::oid)) ->> 'changed')::boolean
$$;

COMMENT ON FUNCTION fairness.grant_audit(text, regrole) IS
'Lets a role (and its members) read an audit''s definition and history (reports, alerts, runs); it cannot run, alter or drop the audit.  Owner and members of the owning role.  Returns whether the grant is new.';

CREATE FUNCTION fairness.revoke_audit(name text, grantee regrole)
RETURNS boolean
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT (fairness.audit_call('grant', jsonb_build_object('name', $1, 'role', $2::oid, 'revoke', true)) ->> 'changed')::boolean
$$;

COMMENT ON FUNCTION fairness.revoke_audit(text, regrole) IS
'Withdraws fairness.grant_audit; returns whether there was such a grant.';

CREATE FUNCTION fairness.reassign_audits(old_owner regrole, new_owner regrole)
RETURNS integer
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT (fairness.audit_call('reassign', jsonb_build_object('from', $1::oid, 'to', $2::oid)) ->> 'audits')::integer
$$;

COMMENT ON FUNCTION fairness.reassign_audits(regrole, regrole) IS
'Gives every audit of old_owner to new_owner (like REASSIGN OWNED, which does not know audits): needs the privileges of both roles; a superuser may also give away the audits of a dropped role (old_owner given as its OID).  Returns the number of audits.  Run it before DROP ROLE.';

------------------------------------------------------------------------
-- Existing data: owners' marks, scheduled jobs by id
------------------------------------------------------------------------

SELECT fairness.audit_sync_owner_marks();
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname OPERATOR(pg_catalog.=) 'pg_cron')
	   AND pg_catalog.to_regclass('cron.job') IS NOT NULL THEN
		EXECUTE 'UPDATE cron.job j SET command = fairness.audit_job_command(a.id)
		         FROM fairness.audits a WHERE j.jobname OPERATOR(pg_catalog.=) fairness.audit_job_name(a.id)';
	END IF;
END
$$;
