-- fairness 0.2: audits that run themselves.  Registered audit definitions,
-- run history (runs, per-slice results, per-day summaries of incremental
-- runs), scheduling with pg_cron when it is installed, alerts with NOTIFY,
-- and long-format views for people and BI tools.
--
-- Rules of this file (the extension is trusted):
--  * every function is SET search_path = pg_catalog, pg_temp and refers to
--    our objects schema-qualified; none is SECURITY DEFINER: runs read the
--    source with the caller's privileges and row-level security;
--  * identifiers taken from arguments or from stored definitions only reach
--    SQL text through format('%I') and values through format('%L') or
--    parameters;
--  * tables and sequences are registered with pg_extension_config_dump, so
--    pg_dump keeps definitions and history;
--  * the history tables are shared by every role of the database and
--    protected by row-level security: a role sees the audits it owns (or
--    whose source it can read, when that source has no row-level security)
--    and writes only those it owns (directly or through role membership).

------------------------------------------------------------------------
-- Tables
------------------------------------------------------------------------

CREATE SEQUENCE fairness.audits_id_seq;
CREATE SEQUENCE fairness.audit_runs_id_seq;

COMMENT ON SEQUENCE fairness.audits_id_seq IS 'Identifiers of fairness.audits.';
COMMENT ON SEQUENCE fairness.audit_runs_id_seq IS 'Identifiers of fairness.audit_runs (run ids).';

CREATE TABLE fairness.audits (
	id bigint PRIMARY KEY DEFAULT nextval('fairness.audits_id_seq'),
	name text NOT NULL UNIQUE
		CONSTRAINT audits_name_check CHECK (name ~ '^[^[:cntrl:]]{1,100}$'),
	owner text NOT NULL DEFAULT current_user,
	source_schema text NOT NULL,
	source_table text NOT NULL,
	group_columns text[] NOT NULL,
	actual_column text,
	predicted_column text,
	score_column text,
	threshold float8,
	outcome_column text,
	weight_column text,
	slice_columns text[] NOT NULL DEFAULT '{}',
	time_column text,
	time_zone text NOT NULL DEFAULT 'UTC',
	lateness interval NOT NULL DEFAULT '0',
	evaluation_window interval,
	reference text,
	impact_ratio_threshold float8 NOT NULL DEFAULT 0.8,
	significance float8 NOT NULL DEFAULT 0.05,
	require_significance boolean NOT NULL DEFAULT true,
	alert_metrics text[] NOT NULL DEFAULT '{selection_rate,tpr,fpr}',
	min_group_size integer,
	intersections boolean NOT NULL DEFAULT false,
	notify boolean NOT NULL DEFAULT true,
	enabled boolean NOT NULL DEFAULT true,
	schedule text,
	description text,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	high_water text,
	last_run_id bigint
);

COMMENT ON TABLE fairness.audits IS 'Registered audits (fairness.create_audit): what to audit, how to slice it and when to alert.  One row per audit; kept by pg_dump.';
COMMENT ON COLUMN fairness.audits.id IS 'Audit identifier.';
COMMENT ON COLUMN fairness.audits.name IS 'Audit name (unique; 1 to 100 characters, no control characters).';
COMMENT ON COLUMN fairness.audits.owner IS 'Role that owns the audit: its members may run, alter, schedule and drop it.';
COMMENT ON COLUMN fairness.audits.source_schema IS 'Schema of the audited table or view.';
COMMENT ON COLUMN fairness.audits.source_table IS 'Name of the audited table or view.';
COMMENT ON COLUMN fairness.audits.group_columns IS 'Columns holding the protected attributes (one summary attribute each).';
COMMENT ON COLUMN fairness.audits.actual_column IS 'Ground-truth column (boolean, or integer with 0 = false), or NULL.';
COMMENT ON COLUMN fairness.audits.predicted_column IS 'Decision column (boolean, or integer with 0 = false), or NULL.';
COMMENT ON COLUMN fairness.audits.score_column IS 'Score column (numeric type); the decision is score >= threshold.';
COMMENT ON COLUMN fairness.audits.threshold IS 'Threshold applied to score_column.';
COMMENT ON COLUMN fairness.audits.outcome_column IS 'Outcome amount column (reserved for fairness.outcomes; not supported yet).';
COMMENT ON COLUMN fairness.audits.weight_column IS 'Row weight column (numeric type), or NULL for unweighted counts.';
COMMENT ON COLUMN fairness.audits.slice_columns IS 'Columns whose values define the slices (e.g. model version); empty: one slice with every row.';
COMMENT ON COLUMN fairness.audits.time_column IS 'Time column (date, timestamp, timestamptz) of an append-only log: runs are incremental; NULL: every run scans the whole source.';
COMMENT ON COLUMN fairness.audits.time_zone IS 'Time zone of the daily periods (and of timestamp without time zone values).';
COMMENT ON COLUMN fairness.audits.lateness IS 'Incremental runs only scan rows older than now() - lateness, leaving time for late commits.';
COMMENT ON COLUMN fairness.audits.evaluation_window IS 'Incremental audits: a run evaluates the periods of this window ending at its cutoff (NULL: all periods).';
COMMENT ON COLUMN fairness.audits.reference IS 'Reference group (NULL: the largest group of each attribute).';
COMMENT ON COLUMN fairness.audits.impact_ratio_threshold IS 'A rate whose ratio to the reference rate falls outside [t, 1/t] is a disparity (default 0.8, the four-fifths rule).';
COMMENT ON COLUMN fairness.audits.significance IS 'Significance level of the Holm-adjusted tests (intervals are at 1 - significance).';
COMMENT ON COLUMN fairness.audits.require_significance IS 'Whether an alert needs a significant test (status disparity) or also fires on possible_disparity.';
COMMENT ON COLUMN fairness.audits.alert_metrics IS 'Metrics whose disparities raise alerts.';
COMMENT ON COLUMN fairness.audits.min_group_size IS 'Small-cell suppression for this audit (NULL: the setting fairness.min_group_size of the reader).';
COMMENT ON COLUMN fairness.audits.intersections IS 'With several group columns, also report their intersections.';
COMMENT ON COLUMN fairness.audits.notify IS 'Whether a run with violations sends NOTIFY fairness_alerts.';
COMMENT ON COLUMN fairness.audits.enabled IS 'Whether fairness.run_all_audits runs this audit.';
COMMENT ON COLUMN fairness.audits.schedule IS 'pg_cron schedule set by fairness.schedule_audit, or NULL.';
COMMENT ON COLUMN fairness.audits.description IS 'Free text.';
COMMENT ON COLUMN fairness.audits.created_at IS 'When the audit was created.';
COMMENT ON COLUMN fairness.audits.updated_at IS 'When the definition last changed.';
COMMENT ON COLUMN fairness.audits.high_water IS 'Incremental audits: latest time_column value counted (text in ISO form), NULL before the first run.';
COMMENT ON COLUMN fairness.audits.last_run_id IS 'Latest successful run.';

CREATE TABLE fairness.audit_runs (
	id bigint PRIMARY KEY DEFAULT nextval('fairness.audit_runs_id_seq'),
	audit_id bigint NOT NULL REFERENCES fairness.audits (id) ON DELETE CASCADE,
	started_at timestamptz NOT NULL,
	finished_at timestamptz,
	status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
	mode text NOT NULL CHECK (mode IN ('snapshot', 'full', 'incremental', 'restate')),
	rows_scanned bigint,
	slices integer,
	violations integer,
	scan_from text,
	scan_to text,
	cutoff timestamptz,
	error_message text,
	error_sqlstate text,
	error_detail text,
	error_hint text,
	run_by text NOT NULL DEFAULT current_user,
	definition jsonb NOT NULL
);
CREATE INDEX audit_runs_audit_idx ON fairness.audit_runs (audit_id, id);

COMMENT ON TABLE fairness.audit_runs IS 'One row per run of an audit (fairness.run_audit), successful or failed; kept by pg_dump.';
COMMENT ON COLUMN fairness.audit_runs.id IS 'Run id (increasing in the order runs of an audit take their lock).';
COMMENT ON COLUMN fairness.audit_runs.audit_id IS 'The audit (fairness.audits.id).';
COMMENT ON COLUMN fairness.audit_runs.started_at IS 'When the run started.';
COMMENT ON COLUMN fairness.audit_runs.finished_at IS 'When the run finished.';
COMMENT ON COLUMN fairness.audit_runs.status IS 'succeeded or failed (running is never visible to other sessions).';
COMMENT ON COLUMN fairness.audit_runs.mode IS 'snapshot (no time column: whole source), full (first run of an incremental audit), incremental (rows after the high-water mark), restate (days from restate_from re-counted).';
COMMENT ON COLUMN fairness.audit_runs.rows_scanned IS 'Rows aggregated by this run.';
COMMENT ON COLUMN fairness.audit_runs.slices IS 'Slices with a result.';
COMMENT ON COLUMN fairness.audit_runs.violations IS 'Alerting report rows over all slices.';
COMMENT ON COLUMN fairness.audit_runs.scan_from IS 'Incremental runs: the high-water mark the run started after (exclusive).';
COMMENT ON COLUMN fairness.audit_runs.scan_to IS 'Incremental audits: the high-water mark after the run.';
COMMENT ON COLUMN fairness.audit_runs.cutoff IS 'Incremental audits: rows after this instant were left for later runs (now() - lateness).';
COMMENT ON COLUMN fairness.audit_runs.error_message IS 'Failed runs: the error message.';
COMMENT ON COLUMN fairness.audit_runs.error_sqlstate IS 'Failed runs: the SQLSTATE.';
COMMENT ON COLUMN fairness.audit_runs.error_detail IS 'Failed runs: the error detail.';
COMMENT ON COLUMN fairness.audit_runs.error_hint IS 'Failed runs: the error hint.';
COMMENT ON COLUMN fairness.audit_runs.run_by IS 'Role that ran it (its privileges and row-level security applied to the source).';
COMMENT ON COLUMN fairness.audit_runs.definition IS 'The audit definition the run used (thresholds, reference, group columns...), so later changes do not rewrite history.';

CREATE TABLE fairness.audit_results (
	run_id bigint NOT NULL REFERENCES fairness.audit_runs (id) ON DELETE CASCADE,
	audit_id bigint NOT NULL REFERENCES fairness.audits (id) ON DELETE CASCADE,
	slice_key text[] NOT NULL,
	rows bigint NOT NULL,
	summary fairness.confusion NOT NULL,
	violations integer NOT NULL DEFAULT 0,
	PRIMARY KEY (run_id, slice_key)
);
CREATE INDEX audit_results_latest_idx ON fairness.audit_results (audit_id, slice_key, run_id);

COMMENT ON TABLE fairness.audit_results IS 'Per run and slice, the summary the run evaluated: the whole source (snapshot audits) or the merged current periods of the evaluation window (incremental audits); kept by pg_dump.';
COMMENT ON COLUMN fairness.audit_results.run_id IS 'The run (fairness.audit_runs.id).';
COMMENT ON COLUMN fairness.audit_results.audit_id IS 'The audit (fairness.audits.id).';
COMMENT ON COLUMN fairness.audit_results.slice_key IS 'Values of the slice columns as text ({} without slices; NULL elements are a slice of their own).';
COMMENT ON COLUMN fairness.audit_results.rows IS 'Rows in the summary.';
COMMENT ON COLUMN fairness.audit_results.summary IS 'The stored fairness.confusion summary.';
COMMENT ON COLUMN fairness.audit_results.violations IS 'Alerting report rows of this slice at run time.';

CREATE TABLE fairness.audit_periods (
	run_id bigint NOT NULL REFERENCES fairness.audit_runs (id) ON DELETE CASCADE,
	audit_id bigint NOT NULL REFERENCES fairness.audits (id) ON DELETE CASCADE,
	slice_key text[] NOT NULL,
	period date NOT NULL,
	rows bigint NOT NULL,
	summary fairness.confusion NOT NULL,
	superseded_by bigint,
	PRIMARY KEY (run_id, slice_key, period)
);
CREATE INDEX audit_periods_current_idx ON fairness.audit_periods (audit_id, period) WHERE superseded_by IS NULL;

COMMENT ON TABLE fairness.audit_periods IS 'Incremental audits: per run, slice and day (in the audit''s time zone), the summary of the rows that run scanned.  Current rows (superseded_by IS NULL) merge into any window; kept by pg_dump.';
COMMENT ON COLUMN fairness.audit_periods.run_id IS 'The run that scanned these rows.';
COMMENT ON COLUMN fairness.audit_periods.audit_id IS 'The audit (fairness.audits.id).';
COMMENT ON COLUMN fairness.audit_periods.slice_key IS 'Values of the slice columns as text.';
COMMENT ON COLUMN fairness.audit_periods.period IS 'Day of time_column (in the audit''s time zone).';
COMMENT ON COLUMN fairness.audit_periods.rows IS 'Rows in the summary.';
COMMENT ON COLUMN fairness.audit_periods.summary IS 'Summary of the rows of that day scanned by that run.';
COMMENT ON COLUMN fairness.audit_periods.superseded_by IS 'Run that re-counted this day (full or restate run); NULL while current.';

SELECT pg_catalog.pg_extension_config_dump('fairness.audits', '');
SELECT pg_catalog.pg_extension_config_dump('fairness.audit_runs', '');
SELECT pg_catalog.pg_extension_config_dump('fairness.audit_results', '');
SELECT pg_catalog.pg_extension_config_dump('fairness.audit_periods', '');
SELECT pg_catalog.pg_extension_config_dump('fairness.audits_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('fairness.audit_runs_id_seq', '');

------------------------------------------------------------------------
-- Access: shared tables, row-level security
------------------------------------------------------------------------

CREATE FUNCTION fairness.audit_is_owner(owner text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
	               WHERE r.rolname = $1 AND pg_catalog.pg_has_role(r.oid, 'MEMBER'))
$$;

COMMENT ON FUNCTION fairness.audit_is_owner(text) IS
'Whether the current role is the given role or a member of it (false for a role that does not exist): who may run, alter and drop an audit.';

CREATE FUNCTION fairness.audit_can_read(owner text, source_schema text, source_table text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT fairness.audit_is_owner($1)
	    OR EXISTS (SELECT 1 FROM pg_catalog.pg_class c
	               JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	               WHERE n.nspname = $2 AND c.relname = $3
	                 AND NOT c.relrowsecurity
	                 AND pg_catalog.has_table_privilege(c.oid, 'SELECT'))
$$;

COMMENT ON FUNCTION fairness.audit_can_read(text, text, text) IS
'Whether the current role may read an audit''s definition and history: it owns the audit (or is a member of the owner), or it may SELECT the whole source and the source has no row-level security.';

ALTER TABLE fairness.audits ENABLE ROW LEVEL SECURITY;
ALTER TABLE fairness.audit_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE fairness.audit_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE fairness.audit_periods ENABLE ROW LEVEL SECURITY;

CREATE POLICY audits_read ON fairness.audits FOR SELECT
	USING (fairness.audit_can_read(owner, source_schema, source_table));
CREATE POLICY audits_insert ON fairness.audits FOR INSERT
	WITH CHECK (fairness.audit_is_owner(owner));
CREATE POLICY audits_update ON fairness.audits FOR UPDATE
	USING (fairness.audit_is_owner(owner)) WITH CHECK (fairness.audit_is_owner(owner));
CREATE POLICY audits_delete ON fairness.audits FOR DELETE
	USING (fairness.audit_is_owner(owner));

CREATE POLICY audit_runs_read ON fairness.audit_runs FOR SELECT
	USING (EXISTS (SELECT 1 FROM fairness.audits a WHERE a.id = audit_id));
CREATE POLICY audit_runs_write ON fairness.audit_runs FOR ALL
	USING (EXISTS (SELECT 1 FROM fairness.audits a WHERE a.id = audit_id AND fairness.audit_is_owner(a.owner)))
	WITH CHECK (EXISTS (SELECT 1 FROM fairness.audits a WHERE a.id = audit_id AND fairness.audit_is_owner(a.owner)));
CREATE POLICY audit_results_read ON fairness.audit_results FOR SELECT
	USING (EXISTS (SELECT 1 FROM fairness.audits a WHERE a.id = audit_id));
CREATE POLICY audit_results_write ON fairness.audit_results FOR ALL
	USING (EXISTS (SELECT 1 FROM fairness.audits a WHERE a.id = audit_id AND fairness.audit_is_owner(a.owner)))
	WITH CHECK (EXISTS (SELECT 1 FROM fairness.audits a WHERE a.id = audit_id AND fairness.audit_is_owner(a.owner)));
CREATE POLICY audit_periods_read ON fairness.audit_periods FOR SELECT
	USING (EXISTS (SELECT 1 FROM fairness.audits a WHERE a.id = audit_id));
CREATE POLICY audit_periods_write ON fairness.audit_periods FOR ALL
	USING (EXISTS (SELECT 1 FROM fairness.audits a WHERE a.id = audit_id AND fairness.audit_is_owner(a.owner)))
	WITH CHECK (EXISTS (SELECT 1 FROM fairness.audits a WHERE a.id = audit_id AND fairness.audit_is_owner(a.owner)));

-- Every role may use the tables (row-level security decides which rows);
-- the schema fairness itself is only usable by roles granted USAGE on it.
GRANT SELECT, INSERT, UPDATE, DELETE ON fairness.audits, fairness.audit_runs,
	fairness.audit_results, fairness.audit_periods TO PUBLIC;
GRANT USAGE, SELECT ON SEQUENCE fairness.audits_id_seq, fairness.audit_runs_id_seq TO PUBLIC;
-- The database owner (who may install the extension without being a
-- superuser) may also set the sequences, so that restoring its own dump
-- (pg_dump --enable-row-security --inserts) carries the ids on.  Other roles
-- cannot: setting a sequence back would make others' runs collide.
DO $$
BEGIN
	EXECUTE pg_catalog.format(
		'GRANT UPDATE ON SEQUENCE fairness.audits_id_seq, fairness.audit_runs_id_seq TO %I',
		(SELECT pg_catalog.pg_get_userbyid(d.datdba) FROM pg_catalog.pg_database d
		 WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()));
END
$$;

------------------------------------------------------------------------
-- Validation and query building
------------------------------------------------------------------------

CREATE FUNCTION fairness.audit_column_kind(rel regclass, col text, argument text)
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
	IF NOT pg_catalog.has_column_privilege(rel, col, 'SELECT') THEN
		RAISE EXCEPTION 'permission denied for column "%" of %', col, rel
			USING ERRCODE = 'insufficient_privilege',
			      DETAIL = 'Audits read their source with the privileges of the role that runs them.';
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

COMMENT ON FUNCTION fairness.audit_column_kind(regclass, text, text) IS
'Internal: checks that a column exists and is readable by the current role and classifies its type (boolean, integer, number, date, timestamp, timestamptz, other; domains by their base type).';

CREATE FUNCTION fairness.audit_type_error(rel regclass, col text, argument text, expected text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RAISE EXCEPTION 'column "%" of % has type %, which % cannot use', col, rel,
		(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
		 WHERE a.attrelid = rel AND a.attname = col), argument
		USING ERRCODE = 'datatype_mismatch',
		      HINT = pg_catalog.format('%s needs %s.', argument, expected);
END
$$;

COMMENT ON FUNCTION fairness.audit_type_error(regclass, text, text, text) IS
'Internal: raises the error for a column whose type an audit argument cannot use.';

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
	valid_metrics constant text[] := '{selection_rate,base_rate,tpr,fpr,tnr,fnr,ppv,npv,fdr,false_omission_rate,accuracy}';
BEGIN
	rel := pg_catalog.to_regclass(pg_catalog.format('%I.%I', a.source_schema, a.source_table));
	IF rel IS NULL THEN
		RAISE EXCEPTION 'source %.% of audit "%" does not exist', quote_ident(a.source_schema),
			quote_ident(a.source_table), a.name
			USING ERRCODE = 'undefined_table',
			      HINT = 'Point the audit at an existing table with fairness.alter_audit(name, ''{"source": "schema.table"}'').';
	END IF;
	SELECT r.relkind INTO rk FROM pg_catalog.pg_class r WHERE r.oid = rel;
	IF rk NOT IN ('r', 'p', 'v', 'm', 'f') THEN
		RAISE EXCEPTION '% is not a table, view, materialized view or foreign table', rel
			USING ERRCODE = 'wrong_object_type';
	END IF;

	-- what is counted: exactly one way to get decisions, or none
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

	-- group columns: one attribute each (text form of the value)
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
		PERFORM fairness.audit_column_kind(rel, c, 'group_columns');
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
		PERFORM fairness.audit_column_kind(rel, c, 'slice_columns');
		sl := sl || pg_catalog.format('(%I)::text', c);
	END LOOP;

	IF a.actual_column IS NOT NULL THEN
		k := fairness.audit_column_kind(rel, a.actual_column, 'actual_column');
		IF k = 'boolean' THEN
			act := pg_catalog.format('(%I)', a.actual_column);
		ELSIF k = 'integer' THEN
			act := pg_catalog.format('((%I) <> 0)', a.actual_column);
		ELSE
			PERFORM fairness.audit_type_error(rel, a.actual_column, 'actual_column', 'a boolean or an integer column (0 = false)');
		END IF;
	END IF;
	IF a.predicted_column IS NOT NULL THEN
		k := fairness.audit_column_kind(rel, a.predicted_column, 'predicted_column');
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
		k := fairness.audit_column_kind(rel, a.score_column, 'score_column');
		IF k NOT IN ('integer', 'number') THEN
			PERFORM fairness.audit_type_error(rel, a.score_column, 'score_column', 'a numeric column');
		END IF;
		IF a.threshold IS NULL THEN
			RAISE EXCEPTION 'score audits without a threshold are not supported yet'
				USING ERRCODE = 'feature_not_supported',
				      DETAIL = 'Per group score distributions (fairness.scores) are not part of this version.',
				      HINT = 'Give threshold: the audited decision is then score_column >= threshold.';
		END IF;
		pred := pg_catalog.format('((%I)::float8 >= %L::float8)', a.score_column, a.threshold);
	END IF;
	IF a.outcome_column IS NOT NULL THEN
		k := fairness.audit_column_kind(rel, a.outcome_column, 'outcome_column');
		IF k NOT IN ('integer', 'number') THEN
			PERFORM fairness.audit_type_error(rel, a.outcome_column, 'outcome_column', 'a numeric column');
		END IF;
		RAISE EXCEPTION 'outcome audits are not supported yet'
			USING ERRCODE = 'feature_not_supported',
			      DETAIL = 'Per group outcome summaries (fairness.outcomes: mean and variance of amounts) are not part of this version.',
			      HINT = 'Audit decisions with predicted_column, or scores with score_column and threshold.';
	END IF;
	IF a.weight_column IS NOT NULL THEN
		k := fairness.audit_column_kind(rel, a.weight_column, 'weight_column');
		IF k NOT IN ('integer', 'number') THEN
			PERFORM fairness.audit_type_error(rel, a.weight_column, 'weight_column', 'a numeric column');
		END IF;
		w := pg_catalog.format('(%I)::float8', a.weight_column);
	END IF;

	IF a.time_column IS NOT NULL THEN
		tk := fairness.audit_column_kind(rel, a.time_column, 'time_column');
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

	-- verdicts
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
	FOREACH m IN ARRAY a.alert_metrics LOOP
		IF m IS NULL OR NOT m = ANY (valid_metrics) THEN
			RAISE EXCEPTION 'unknown metric "%" in alert_metrics', m
				USING ERRCODE = 'invalid_parameter_value',
				      HINT = 'Known metrics: ' || array_to_string(valid_metrics, ', ') || '.';
		END IF;
	END LOOP;

	RETURN jsonb_build_object(
		'relation', pg_catalog.format('%I.%I', a.source_schema, a.source_table),
		'group', CASE WHEN cardinality(grp) = 1 THEN grp[1] ELSE 'ARRAY[' || array_to_string(grp, ', ') || ']' END,
		'actual', act,
		'predicted', pred,
		'weight', w,
		'slice', CASE WHEN cardinality(sl) = 0 THEN '''{}''::text[]' ELSE 'ARRAY[' || array_to_string(sl, ', ') || ']::text[]' END,
		'time', CASE WHEN a.time_column IS NOT NULL THEN pg_catalog.format('%I', a.time_column) END,
		'time_type', tk);
END
$$;

COMMENT ON FUNCTION fairness.audit_plan(fairness.audits) IS
'Internal: validates an audit definition against its source (columns exist, are readable and have usable types; options in range) and returns the SQL expressions of a run, every identifier quoted.';

CREATE FUNCTION fairness.audit_definition(a fairness.audits)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT pg_catalog.to_jsonb(a) - '{high_water,last_run_id,created_at,updated_at,schedule,enabled}'::text[]
$$;

COMMENT ON FUNCTION fairness.audit_definition(fairness.audits) IS
'Internal: the part of an audit definition a run records in fairness.audit_runs.definition.';

------------------------------------------------------------------------
-- Reports of stored summaries
------------------------------------------------------------------------

CREATE FUNCTION fairness.audit_summary_report(
	summary fairness.confusion,
	group_columns text[],
	reference text DEFAULT NULL,
	significance float8 DEFAULT 0.05,
	impact_ratio_threshold float8 DEFAULT 0.8,
	min_group_size integer DEFAULT NULL,
	intersections boolean DEFAULT false,
	alert_metrics text[] DEFAULT '{selection_rate,tpr,fpr}',
	require_significance boolean DEFAULT true)
RETURNS TABLE (
	attribute text,
	group_name text,
	group_key text[],
	metric text,
	n bigint,
	value float8,
	ci_low float8,
	ci_high float8,
	reference_group text,
	reference_value float8,
	ratio float8,
	ratio_ci_low float8,
	ratio_ci_high float8,
	difference float8,
	difference_ci_low float8,
	difference_ci_high float8,
	test text,
	p_value float8,
	p_value_adjusted float8,
	adverse_impact boolean,
	status text,
	alert boolean
)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
SET fairness.impact_ratio_threshold = 0.8
AS $$
#variable_conflict use_column
DECLARE
	k integer;
	i integer;
	s fairness.confusion;
	attr text;
	ref text;
	thr float8 := impact_ratio_threshold;
	sig float8 := significance;
	mgs integer := min_group_size;
	metrics text[] := alert_metrics;
	need_sig boolean := require_significance;
	wanted text := reference;
BEGIN
	IF summary IS NULL THEN
		RETURN;
	END IF;
	-- fairness.report reads its threshold from the setting; the SET clause of
	-- this function restores it on exit
	PERFORM pg_catalog.set_config('fairness.impact_ratio_threshold', thr::text, true);
	k := fairness.attributes(summary);
	FOR i IN 1 .. (CASE WHEN k > 1 AND intersections THEN k + 1 ELSE k END) LOOP
		IF k = 1 THEN
			s := summary;
			attr := coalesce(group_columns[1], 'attribute 1');
		ELSIF i <= k THEN
			s := fairness.marginal(summary, i);
			attr := coalesce(group_columns[i], 'attribute ' || i);
		ELSE
			s := summary;
			attr := array_to_string(group_columns, ' × ');
		END IF;
		-- the reference applies where it is a group; elsewhere the largest group
		ref := NULL;
		IF wanted IS NOT NULL AND EXISTS (SELECT 1 FROM fairness.group_metrics(s) g
		                                  WHERE g.group_name = wanted AND NOT g.is_overall) THEN
			ref := wanted;
		END IF;
		RETURN QUERY
			SELECT attr, r.group_name, r.group_key, r.metric, r.n, r.value, r.ci_low, r.ci_high,
			       r.reference_group, r.reference_value, r.ratio, r.ratio_ci_low, r.ratio_ci_high,
			       r.difference, r.difference_ci_low, r.difference_ci_high, r.test, r.p_value,
			       r.p_value_adjusted, r.adverse_impact, r.status,
			       (r.metric = ANY (metrics) AND (r.status = 'disparity'
			        OR (NOT need_sig AND r.status = 'possible_disparity')))
			FROM fairness.report(s, ref, 1 - sig, mgs) r;
	END LOOP;
END
$$;

COMMENT ON FUNCTION fairness.audit_summary_report(fairness.confusion, text[], text, float8, float8, integer, boolean, text[], boolean) IS
'fairness.report of a stored audit summary with an audit''s verdict settings: one report per group column (marginal summaries) and optionally their intersection, the reference group where it exists (else the largest group), intervals at 1 - significance, the given impact ratio threshold, small-cell suppression (min_group_size, NULL: the setting), and alert = the row raises an alert (a metric of alert_metrics with status disparity, or possible_disparity when significance is not required).';

CREATE FUNCTION fairness.audit_run_report(summary fairness.confusion, definition jsonb)
RETURNS TABLE (
	attribute text,
	group_name text,
	group_key text[],
	metric text,
	n bigint,
	value float8,
	ci_low float8,
	ci_high float8,
	reference_group text,
	reference_value float8,
	ratio float8,
	ratio_ci_low float8,
	ratio_ci_high float8,
	difference float8,
	difference_ci_low float8,
	difference_ci_high float8,
	test text,
	p_value float8,
	p_value_adjusted float8,
	adverse_impact boolean,
	status text,
	alert boolean
)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT * FROM fairness.audit_summary_report(
		$1,
		ARRAY(SELECT pg_catalog.jsonb_array_elements_text($2 -> 'group_columns')),
		$2 ->> 'reference',
		($2 ->> 'significance')::float8,
		($2 ->> 'impact_ratio_threshold')::float8,
		($2 ->> 'min_group_size')::integer,
		coalesce(($2 ->> 'intersections')::boolean, false),
		ARRAY(SELECT pg_catalog.jsonb_array_elements_text($2 -> 'alert_metrics')),
		coalesce(($2 ->> 'require_significance')::boolean, true))
$$;

COMMENT ON FUNCTION fairness.audit_run_report(fairness.confusion, jsonb) IS
'Internal: fairness.audit_summary_report with the verdict settings of an audit definition as recorded by a run (fairness.audit_runs.definition).';

CREATE FUNCTION fairness.audit_slice_label(slice_key text[])
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE pg_catalog.cardinality($1) WHEN 0 THEN 'all' WHEN 1 THEN $1[1] ELSE pg_catalog.to_jsonb($1)::text END
$$;

COMMENT ON FUNCTION fairness.audit_slice_label(text[]) IS
'Display label of a slice key: ''all'' without slice columns, the value for one slice column (NULL for the NULL slice), a JSON array for several.';

------------------------------------------------------------------------
-- Registering audits
------------------------------------------------------------------------

CREATE FUNCTION fairness.create_audit(
	name text,
	source regclass,
	group_columns text[],
	actual_column text,
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
	description text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
BEGIN
	IF create_audit.source IS NULL THEN
		RAISE EXCEPTION 'source must not be NULL' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	SELECT n.nspname, c.relname INTO a.source_schema, a.source_table
	FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	WHERE c.oid = create_audit.source;
	a.name := create_audit.name;
	a.owner := current_user;
	a.group_columns := create_audit.group_columns;
	a.actual_column := create_audit.actual_column;
	a.predicted_column := create_audit.predicted_column;
	a.score_column := create_audit.score_column;
	a.threshold := create_audit.threshold;
	a.outcome_column := create_audit.outcome_column;
	a.weight_column := create_audit.weight_column;
	a.slice_columns := create_audit.slice_columns;
	a.time_column := create_audit.time_column;
	a.time_zone := create_audit.time_zone;
	a.lateness := create_audit.lateness;
	a.evaluation_window := create_audit.evaluation_window;
	a.reference := create_audit.reference;
	a.impact_ratio_threshold := create_audit.impact_ratio_threshold;
	a.significance := create_audit.significance;
	a.require_significance := create_audit.require_significance;
	a.alert_metrics := create_audit.alert_metrics;
	a.min_group_size := create_audit.min_group_size;
	a.intersections := create_audit.intersections;
	a.notify := create_audit.notify;
	a.enabled := true;
	a.description := create_audit.description;
	a.created_at := now();
	a.updated_at := now();
	PERFORM fairness.audit_check(a);
	a.id := nextval('fairness.audits_id_seq');
	BEGIN
		INSERT INTO fairness.audits SELECT (a).*;
	EXCEPTION WHEN unique_violation THEN
		RAISE EXCEPTION 'audit "%" already exists', a.name
			USING ERRCODE = 'duplicate_object',
			      HINT = 'Choose another name, or change the existing audit with fairness.alter_audit.';
	END;
	RETURN a.id;
END
$$;

COMMENT ON FUNCTION fairness.create_audit(text, regclass, text[], text, text, text, float8, text, text[], text, text, text, float8, float8, boolean, text[], integer, boolean, text, interval, interval, boolean, text) IS
'Registers an audit of a table or view: protected attributes (group_columns), ground truth, decisions (predicted_column, or score_column >= threshold), optional weights, slices (e.g. model version), an optional time column for incremental runs, reference group and alert settings.  Every column is checked to exist, be readable and have a usable type.  Returns the audit id; the audit is owned by the current role.';

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

CREATE FUNCTION fairness.audit_lookup(audit text, for_writing boolean)
RETURNS fairness.audits
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
BEGIN
	SELECT * INTO a FROM fairness.audits au WHERE au.name = audit_lookup.audit;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'audit "%" does not exist', audit_lookup.audit
			USING ERRCODE = 'undefined_object',
			      HINT = 'SELECT name FROM fairness.audits lists the audits you can see.';
	END IF;
	IF for_writing THEN
		IF NOT fairness.audit_is_owner(a.owner) THEN
			RAISE EXCEPTION 'permission denied for audit "%"', a.name
				USING ERRCODE = 'insufficient_privilege',
				      DETAIL = pg_catalog.format('The audit belongs to role %s.', quote_ident(a.owner)),
				      HINT = 'Only the owner of an audit and the members of that role may run, alter, schedule or drop it; runs use the privileges of the role that runs them.';
		END IF;
		-- one writer per audit at a time (runs of the same audit queue here)
		SELECT * INTO a FROM fairness.audits au WHERE au.id = a.id FOR UPDATE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'audit "%" does not exist', audit_lookup.audit USING ERRCODE = 'undefined_object';
		END IF;
	END IF;
	RETURN a;
END
$$;

COMMENT ON FUNCTION fairness.audit_lookup(text, boolean) IS
'Internal: an audit by name (error if the current role cannot see it); for_writing also checks ownership and locks the audit row until the end of the transaction.';

CREATE FUNCTION fairness.alter_audit(name text, changes jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
	b fairness.audits;
	rel regclass;
	bad text;
	allowed constant text[] := '{name,owner,source,group_columns,actual_column,predicted_column,score_column,threshold,outcome_column,weight_column,slice_columns,time_column,time_zone,lateness,evaluation_window,reference,impact_ratio_threshold,significance,require_significance,alert_metrics,min_group_size,intersections,notify,enabled,description}';
	measured constant text[] := '{source,group_columns,actual_column,predicted_column,score_column,threshold,outcome_column,weight_column,slice_columns,time_column,time_zone}';
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
	a := fairness.audit_lookup(alter_audit.name, true);
	b := jsonb_populate_record(a, changes - 'source');
	IF changes ? 'source' THEN
		rel := pg_catalog.to_regclass(changes ->> 'source');
		IF rel IS NULL THEN
			RAISE EXCEPTION 'relation "%" does not exist', changes ->> 'source'
				USING ERRCODE = 'undefined_table', HINT = 'Give the source schema-qualified, e.g. "public.decisions".';
		END IF;
		SELECT n.nspname, c.relname INTO b.source_schema, b.source_table
		FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE c.oid = rel;
	END IF;
	IF b.owner IS DISTINCT FROM a.owner AND NOT fairness.audit_is_owner(b.owner) THEN
		RAISE EXCEPTION 'must be a member of role "%" to give it the audit', b.owner
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF b.slice_columns IS NULL THEN b.slice_columns := '{}'; END IF;
	PERFORM fairness.audit_check(b);
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
			high_water = b.high_water
		WHERE au.id = a.id;
	EXCEPTION WHEN unique_violation THEN
		RAISE EXCEPTION 'audit "%" already exists', b.name USING ERRCODE = 'duplicate_object';
	END;
	-- a scheduled job runs the audit by name: follow a rename
	IF b.name <> a.name AND a.schedule IS NOT NULL
	   AND EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
		PERFORM fairness.schedule_audit(b.name, a.schedule);
	END IF;
END
$$;

COMMENT ON FUNCTION fairness.alter_audit(text, jsonb) IS
'Changes settings of an audit, given as a JSON object (e.g. ''{"impact_ratio_threshold": 0.9, "reference": null, "source": "public.decisions_v2"}''); the result is validated like fairness.create_audit.  Changing what is measured (source, columns, threshold, time zone) makes the next run of an incremental audit a full run.  Past runs keep the definition they used.';

CREATE FUNCTION fairness.drop_audit(name text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
BEGIN
	a := fairness.audit_lookup(drop_audit.name, true);
	IF a.schedule IS NOT NULL AND EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
		PERFORM fairness.unschedule_audit(a.name);
	END IF;
	DELETE FROM fairness.audits au WHERE au.id = a.id;
END
$$;

COMMENT ON FUNCTION fairness.drop_audit(text) IS
'Drops an audit with its whole history (runs, results, periods) and its pg_cron job if it has one.';

------------------------------------------------------------------------
-- Running audits
------------------------------------------------------------------------

CREATE FUNCTION fairness.run_audit(name text, restate_from timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
SET DateStyle = 'ISO, YMD'
SET IntervalStyle = 'postgres'
SET extra_float_digits = 1
SET TimeZone = 'UTC'
AS $$
DECLARE
	a fairness.audits;
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
	v_payload text;
	e_msg text;
	e_state text;
	e_detail text;
	e_hint text;
BEGIN
	-- the lock on the audit row serialises runs of one audit; under it we
	-- read the high-water mark of the run committed last
	a := fairness.audit_lookup(run_audit.name, true);
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
	VALUES (a.id, clock_timestamp(), 'running', v_mode, current_user, v_def)
	RETURNING r.id INTO v_run;

	-- the work runs in a subtransaction: a failure leaves no partial result
	-- and is recorded below
	BEGIN
		p := fairness.audit_plan(a);
		v_agg := pg_catalog.format('fairness.confusion(%s, %s, %s%s)', p ->> 'group', p ->> 'actual',
								   p ->> 'predicted', coalesce(', ' || (p ->> 'weight'), ''));
		IF v_mode = 'snapshot' THEN
			v_q := pg_catalog.format('SELECT %s AS slice_key, count(*) AS n, %s AS summary FROM %s GROUP BY 1',
									 p ->> 'slice', v_agg, p ->> 'relation');
			EXECUTE pg_catalog.format(
				'WITH s AS (%s), i AS (INSERT INTO fairness.audit_results (run_id, audit_id, slice_key, rows, summary) '
				'SELECT $1, $2, s.slice_key, s.n, s.summary FROM s) '
				'SELECT coalesce(sum(s.n), 0), count(*) FROM s', v_q)
				INTO v_rows, v_slices USING v_run, a.id;
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
			v_q := pg_catalog.format(
				'SELECT %s AS slice_key, (%s)::date AS period, count(*) AS n, %s AS summary, max(%s) AS hw '
				'FROM %s WHERE %s GROUP BY 1, 2',
				p ->> 'slice', v_tcol, v_agg, v_tcol, p ->> 'relation', array_to_string(v_cond, ' AND '));
			EXECUTE pg_catalog.format(
				'WITH s AS (%s), i AS (INSERT INTO fairness.audit_periods (run_id, audit_id, slice_key, period, rows, summary) '
				'SELECT $1, $2, s.slice_key, s.period, s.n, s.summary FROM s) '
				'SELECT coalesce(sum(s.n), 0), max(s.hw)::text FROM s', v_q)
				INTO v_rows, v_hw USING v_run, a.id;
			IF v_hw IS NULL THEN
				IF v_mode = 'incremental' THEN
					v_hw := a.high_water;
				ELSIF v_mode = 'restate' THEN
					-- nothing from the restated days on: the mark goes back to the
					-- last row before them (those days are still counted)
					EXECUTE pg_catalog.format('SELECT max(%s)::text FROM %s WHERE %s < %L::%s',
											  v_tcol, p ->> 'relation', v_tcol, v_day, v_ttype) INTO v_hw;
				END IF;
			END IF;
			-- what the run evaluates: the current days of the window
			INSERT INTO fairness.audit_results (run_id, audit_id, slice_key, rows, summary)
			SELECT v_run, a.id, pe.slice_key, sum(pe.rows)::bigint, fairness.merge(pe.summary)
			FROM fairness.audit_periods pe
			WHERE pe.audit_id = a.id AND pe.superseded_by IS NULL
			  AND (a.evaluation_window IS NULL OR pe.period > (v_cutoff::date - a.evaluation_window)::date)
			GROUP BY pe.slice_key;
			GET DIAGNOSTICS v_slices = ROW_COUNT;
		END IF;

		-- verdicts
		UPDATE fairness.audit_results re
		SET violations = (SELECT count(*) FROM fairness.audit_run_report(re.summary, v_def) x WHERE x.alert)
		WHERE re.run_id = v_run;
		SELECT coalesce(sum(re.violations), 0) INTO v_viol FROM fairness.audit_results re WHERE re.run_id = v_run;

		UPDATE fairness.audit_runs r
		SET status = 'succeeded', finished_at = clock_timestamp(), rows_scanned = v_rows,
			slices = v_slices, violations = v_viol, scan_from = v_from, scan_to = v_hw, cutoff = v_cutoff
		WHERE r.id = v_run;
		UPDATE fairness.audits au SET high_water = v_hw, last_run_id = v_run WHERE au.id = a.id;

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
			                                'p_value_adjusted', to_char(x.p_value_adjusted, '9.99EEEE')::float8) AS j
			      FROM fairness.audit_results re
			      CROSS JOIN LATERAL fairness.audit_run_report(re.summary, v_def) x
			      WHERE re.run_id = v_run AND x.alert
			      ORDER BY 1 LIMIT 5) t;
			LOOP
				v_payload := jsonb_build_object('audit', a.name, 'audit_id', a.id, 'run_id', v_run,
												'violations', v_viol, 'slices', v_slices,
												'rows_scanned', v_rows, 'top', v_top)::text;
				EXIT WHEN octet_length(v_payload) < 7900 OR jsonb_array_length(v_top) = 0;
				v_top := v_top - (jsonb_array_length(v_top) - 1);
			END LOOP;
			PERFORM pg_catalog.pg_notify('fairness_alerts', v_payload);
		END IF;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS e_msg = MESSAGE_TEXT, e_state = RETURNED_SQLSTATE,
								e_detail = PG_EXCEPTION_DETAIL, e_hint = PG_EXCEPTION_HINT;
		UPDATE fairness.audit_runs r
		SET status = 'failed', finished_at = clock_timestamp(), error_message = e_msg,
			error_sqlstate = e_state, error_detail = nullif(e_detail, ''), error_hint = nullif(e_hint, '')
		WHERE r.id = v_run;
		RAISE WARNING 'run % of audit "%" failed: %', v_run, a.name, e_msg
			USING DETAIL = pg_catalog.format('SQLSTATE %s.  The failure is recorded in fairness.audit_runs; no partial result was kept.', e_state);
	END;
	RETURN v_run;
END
$$;

COMMENT ON FUNCTION fairness.run_audit(text, timestamptz) IS
'Runs an audit with the privileges of the current role (row-level security of the source applies): one scan computes a summary per slice (and per day for incremental audits), stored in fairness.audit_results / fairness.audit_periods; the verdicts are counted and NOTIFY fairness_alerts is sent when there are violations.  Returns the run id.  A failed run is recorded with its error (status failed, WARNING) and keeps no partial result.  Incremental audits scan rows after the high-water mark; restate_from re-counts the days from that date (''-infinity'': everything).  Runs of one audit are serialised.';

CREATE FUNCTION fairness.run_all_audits()
RETURNS TABLE (audit text, run_id bigint, status text, rows_scanned bigint, violations integer)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_name text;
	v_run bigint;
BEGIN
	FOR v_name IN SELECT au.name FROM fairness.audits au
	              WHERE au.enabled AND fairness.audit_is_owner(au.owner) ORDER BY au.id LOOP
		BEGIN
			v_run := fairness.run_audit(v_name);
		EXCEPTION WHEN OTHERS THEN
			-- e.g. dropped meanwhile: the other audits still run
			RAISE WARNING 'audit "%" not run: %', v_name, SQLERRM;
			CONTINUE;
		END;
		RETURN QUERY SELECT v_name, r.id, r.status, r.rows_scanned, r.violations
		             FROM fairness.audit_runs r WHERE r.id = v_run;
	END LOOP;
END
$$;

COMMENT ON FUNCTION fairness.run_all_audits() IS
'Runs every enabled audit the current role owns (or whose owner role it is a member of), one after the other in one transaction; returns one row per run.  For schedulers: SELECT * FROM fairness.run_all_audits().';

------------------------------------------------------------------------
-- Scheduling (pg_cron when installed; never required)
------------------------------------------------------------------------

CREATE FUNCTION fairness.audit_cron_schema(purpose text, audit text, schedule text)
RETURNS name
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	cmd text := pg_catalog.format('SELECT fairness.run_audit(%L)', audit);
	db text := current_database();
BEGIN
	-- quoted for a POSIX shell: "..." unless that would expand something
	cmd := CASE WHEN cmd ~ '[\\"$`!]' THEN '''' || replace(cmd, '''', '''"''"''') || ''''
	            ELSE '"' || cmd || '"' END;
	db := CASE WHEN db ~ '^[A-Za-z0-9_.-]+$' THEN db ELSE '''' || replace(db, '''', '''"''"''') || '''' END;
	-- pg_cron keeps its objects in the schema cron, whatever its extension
	-- schema; named jobs (cron.schedule(name, schedule, command)) need 1.4
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'pg_cron') THEN
		RAISE EXCEPTION 'pg_cron is not installed in database "%"', current_database()
			USING ERRCODE = 'object_not_in_prerequisite_state',
			      DETAIL = pg_catalog.format('fairness.%s uses pg_cron when it is installed; the fairness extension does not require it.', purpose),
			      HINT = pg_catalog.format(
				'Run the audit from any scheduler, e.g. this crontab line: %s psql -d %s -c %s (or SELECT * FROM fairness.run_all_audits() for every audit). '
				'To use pg_cron: shared_preload_libraries = ''pg_cron'' and cron.database_name = %L in postgresql.conf, restart, CREATE EXTENSION pg_cron.',
				coalesce(schedule, '*/15 * * * *'), db, cmd, current_database());
	END IF;
	IF pg_catalog.to_regprocedure('cron.schedule(text,text,text)') IS NULL THEN
		RAISE EXCEPTION 'pg_cron is too old for fairness.%', purpose
			USING ERRCODE = 'object_not_in_prerequisite_state',
			      HINT = 'Named jobs need pg_cron 1.4 or later: ALTER EXTENSION pg_cron UPDATE.';
	END IF;
	RETURN 'cron';
END
$$;

COMMENT ON FUNCTION fairness.audit_cron_schema(text, text, text) IS
'Internal: the schema of pg_cron''s objects (cron), or an error saying pg_cron is not installed (with a hint showing how to schedule fairness.run_audit externally) or too old.';

CREATE FUNCTION fairness.audit_job_name(audit_id bigint)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT 'fairness_audit_' || $1 $$;

COMMENT ON FUNCTION fairness.audit_job_name(bigint) IS
'Name of the pg_cron job of an audit: fairness_audit_<audit id>.';

CREATE FUNCTION fairness.schedule_audit(name text, schedule text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
	nsp name;
	job bigint;
BEGIN
	a := fairness.audit_lookup(schedule_audit.name, true);
	IF schedule_audit.schedule IS NULL THEN
		RAISE EXCEPTION 'schedule must not be NULL' USING ERRCODE = 'null_value_not_allowed',
			HINT = 'A cron expression such as ''*/15 * * * *''; fairness.unschedule_audit removes a schedule.';
	END IF;
	nsp := fairness.audit_cron_schema('schedule_audit', a.name, schedule_audit.schedule);
	EXECUTE pg_catalog.format('SELECT %I.schedule($1, $2, $3)', nsp)
		INTO job
		USING fairness.audit_job_name(a.id), schedule_audit.schedule,
			  pg_catalog.format('SELECT fairness.run_audit(%L)', a.name);
	UPDATE fairness.audits au SET schedule = schedule_audit.schedule WHERE au.id = a.id;
	RETURN job;
END
$$;

COMMENT ON FUNCTION fairness.schedule_audit(text, text) IS
'Schedules an audit with pg_cron (a job named fairness_audit_<id> running SELECT fairness.run_audit(name) as the current role; scheduling again replaces the schedule).  Without pg_cron: an error whose hint shows how to run the audit from another scheduler.  Returns the pg_cron job id.';

CREATE FUNCTION fairness.unschedule_audit(name text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
	nsp name;
	found_job boolean;
BEGIN
	a := fairness.audit_lookup(unschedule_audit.name, true);
	nsp := fairness.audit_cron_schema('unschedule_audit', a.name, NULL);
	EXECUTE pg_catalog.format('SELECT EXISTS (SELECT 1 FROM %I.job WHERE jobname = $1 AND username = current_user)', nsp)
		INTO found_job USING fairness.audit_job_name(a.id);
	IF found_job THEN
		EXECUTE pg_catalog.format('SELECT %I.unschedule($1::name)', nsp) USING fairness.audit_job_name(a.id);
	END IF;
	UPDATE fairness.audits au SET schedule = NULL WHERE au.id = a.id;
	RETURN found_job;
END
$$;

COMMENT ON FUNCTION fairness.unschedule_audit(text) IS
'Removes the pg_cron job of an audit (scheduled by the current role); returns whether there was one.';

------------------------------------------------------------------------
-- Views for people and BI tools: long format, plain SQL types
------------------------------------------------------------------------
-- security_barrier views with an explicit visibility test: the views belong
-- to the extension's owner (who is not subject to the tables' row-level
-- security), so they filter with the same rule as the policies.

CREATE VIEW fairness.audit_report WITH (security_barrier) AS
SELECT a.name AS audit,
       a.id AS audit_id,
       ru.id AS run_id,
       ru.started_at AS run_at,
       array_to_string(ARRAY(SELECT jsonb_array_elements_text(ru.definition -> 'slice_columns')), ', ') AS slice_by,
       fairness.audit_slice_label(re.slice_key) AS slice,
       re.slice_key,
       re.rows AS slice_rows,
       x.attribute, x.group_name, x.group_key, x.metric, x.n, x.value, x.ci_low, x.ci_high,
       x.reference_group, x.reference_value, x.ratio, x.ratio_ci_low, x.ratio_ci_high,
       x.difference, x.difference_ci_low, x.difference_ci_high, x.test, x.p_value,
       x.p_value_adjusted, x.adverse_impact, x.status, x.alert
FROM fairness.audits a
JOIN fairness.audit_runs ru ON ru.audit_id = a.id AND ru.status = 'succeeded'
JOIN fairness.audit_results re ON re.run_id = ru.id
CROSS JOIN LATERAL fairness.audit_run_report(re.summary, ru.definition) x
WHERE fairness.audit_can_read(a.owner, a.source_schema, a.source_table);

CREATE VIEW fairness.latest_audit_report WITH (security_barrier) AS
SELECT a.name AS audit,
       a.id AS audit_id,
       ru.id AS run_id,
       ru.started_at AS run_at,
       array_to_string(ARRAY(SELECT jsonb_array_elements_text(ru.definition -> 'slice_columns')), ', ') AS slice_by,
       fairness.audit_slice_label(re.slice_key) AS slice,
       re.slice_key,
       re.rows AS slice_rows,
       x.attribute, x.group_name, x.group_key, x.metric, x.n, x.value, x.ci_low, x.ci_high,
       x.reference_group, x.reference_value, x.ratio, x.ratio_ci_low, x.ratio_ci_high,
       x.difference, x.difference_ci_low, x.difference_ci_high, x.test, x.p_value,
       x.p_value_adjusted, x.adverse_impact, x.status, x.alert
FROM fairness.audits a
CROSS JOIN LATERAL (SELECT DISTINCT ON (r.slice_key) r.run_id, r.slice_key, r.rows, r.summary
                    FROM fairness.audit_results r WHERE r.audit_id = a.id
                    ORDER BY r.slice_key, r.run_id DESC) re
JOIN fairness.audit_runs ru ON ru.id = re.run_id
CROSS JOIN LATERAL fairness.audit_run_report(re.summary, ru.definition) x
WHERE fairness.audit_can_read(a.owner, a.source_schema, a.source_table);

CREATE VIEW fairness.alerts AS
SELECT audit, audit_id, run_id, run_at, slice_by, slice, slice_key, attribute, group_name, group_key,
       metric, n, value, reference_group, reference_value, ratio, ratio_ci_low, ratio_ci_high,
       difference, p_value_adjusted, status
FROM fairness.latest_audit_report
WHERE alert;

CREATE VIEW fairness.audit_daily_report WITH (security_barrier) AS
SELECT a.name AS audit,
       a.id AS audit_id,
       d.period AS period_start,
       d.period AS period_end,
       array_to_string(a.slice_columns, ', ') AS slice_by,
       fairness.audit_slice_label(d.slice_key) AS slice,
       d.slice_key,
       d.rows AS slice_rows,
       x.attribute, x.group_name, x.group_key, x.metric, x.n, x.value, x.ci_low, x.ci_high,
       x.reference_group, x.reference_value, x.ratio, x.ratio_ci_low, x.ratio_ci_high,
       x.difference, x.difference_ci_low, x.difference_ci_high, x.test, x.p_value,
       x.p_value_adjusted, x.adverse_impact, x.status, x.alert
FROM fairness.audits a
CROSS JOIN LATERAL (SELECT p.slice_key, p.period, sum(p.rows)::bigint AS rows, fairness.merge(p.summary) AS summary
                    FROM fairness.audit_periods p
                    WHERE p.audit_id = a.id AND p.superseded_by IS NULL
                    GROUP BY p.slice_key, p.period) d
CROSS JOIN LATERAL fairness.audit_run_report(d.summary, fairness.audit_definition(a)) x
WHERE fairness.audit_can_read(a.owner, a.source_schema, a.source_table);

CREATE VIEW fairness.audit_monthly_report WITH (security_barrier) AS
SELECT a.name AS audit,
       a.id AS audit_id,
       d.month AS period_start,
       (d.month + interval '1 month' - interval '1 day')::date AS period_end,
       array_to_string(a.slice_columns, ', ') AS slice_by,
       fairness.audit_slice_label(d.slice_key) AS slice,
       d.slice_key,
       d.rows AS slice_rows,
       x.attribute, x.group_name, x.group_key, x.metric, x.n, x.value, x.ci_low, x.ci_high,
       x.reference_group, x.reference_value, x.ratio, x.ratio_ci_low, x.ratio_ci_high,
       x.difference, x.difference_ci_low, x.difference_ci_high, x.test, x.p_value,
       x.p_value_adjusted, x.adverse_impact, x.status, x.alert
FROM fairness.audits a
CROSS JOIN LATERAL (SELECT p.slice_key, date_trunc('month', p.period)::date AS month,
                           sum(p.rows)::bigint AS rows, fairness.merge(p.summary) AS summary
                    FROM fairness.audit_periods p
                    WHERE p.audit_id = a.id AND p.superseded_by IS NULL
                    GROUP BY 1, 2) d
CROSS JOIN LATERAL fairness.audit_run_report(d.summary, fairness.audit_definition(a)) x
WHERE fairness.audit_can_read(a.owner, a.source_schema, a.source_table);

CREATE VIEW fairness.audit_rolling_report WITH (security_barrier) AS
SELECT a.name AS audit,
       a.id AS audit_id,
       d.period_start,
       d.period_end,
       array_to_string(a.slice_columns, ', ') AS slice_by,
       fairness.audit_slice_label(d.slice_key) AS slice,
       d.slice_key,
       d.rows AS slice_rows,
       x.attribute, x.group_name, x.group_key, x.metric, x.n, x.value, x.ci_low, x.ci_high,
       x.reference_group, x.reference_value, x.ratio, x.ratio_ci_low, x.ratio_ci_high,
       x.difference, x.difference_ci_low, x.difference_ci_high, x.test, x.p_value,
       x.p_value_adjusted, x.adverse_impact, x.status, x.alert
FROM fairness.audits a
CROSS JOIN LATERAL (SELECT dd.slice_key, dd.period - 29 AS period_start, dd.period AS period_end,
                           (sum(dd.rows) OVER w)::bigint AS rows, fairness.merge(dd.summary) OVER w AS summary
                    FROM (SELECT p.slice_key, p.period, sum(p.rows) AS rows, fairness.merge(p.summary) AS summary
                          FROM fairness.audit_periods p
                          WHERE p.audit_id = a.id AND p.superseded_by IS NULL
                          GROUP BY p.slice_key, p.period) dd
                    WINDOW w AS (PARTITION BY dd.slice_key ORDER BY dd.period
                                 RANGE BETWEEN interval '29 days' PRECEDING AND CURRENT ROW)) d
CROSS JOIN LATERAL fairness.audit_run_report(d.summary, fairness.audit_definition(a)) x
WHERE fairness.audit_can_read(a.owner, a.source_schema, a.source_table);

CREATE VIEW fairness.audit_run_log WITH (security_barrier) AS
SELECT a.name AS audit,
       ru.audit_id,
       ru.id AS run_id,
       ru.started_at,
       ru.finished_at,
       extract(epoch FROM ru.finished_at - ru.started_at)::float8 AS duration_seconds,
       ru.status,
       ru.mode,
       ru.rows_scanned,
       ru.slices,
       ru.violations,
       ru.scan_from,
       ru.scan_to,
       ru.run_by,
       ru.error_message,
       ru.error_sqlstate
FROM fairness.audits a
JOIN fairness.audit_runs ru ON ru.audit_id = a.id
WHERE fairness.audit_can_read(a.owner, a.source_schema, a.source_table);

GRANT SELECT ON fairness.audit_report, fairness.latest_audit_report, fairness.alerts,
	fairness.audit_daily_report, fairness.audit_monthly_report, fairness.audit_rolling_report,
	fairness.audit_run_log TO PUBLIC;

CREATE FUNCTION fairness.audit_window_report(name text, window_start date, window_end date)
RETURNS TABLE (
	audit text,
	audit_id bigint,
	period_start date,
	period_end date,
	slice_by text,
	slice text,
	slice_key text[],
	slice_rows bigint,
	attribute text,
	group_name text,
	group_key text[],
	metric text,
	n bigint,
	value float8,
	ci_low float8,
	ci_high float8,
	reference_group text,
	reference_value float8,
	ratio float8,
	ratio_ci_low float8,
	ratio_ci_high float8,
	difference float8,
	difference_ci_low float8,
	difference_ci_high float8,
	test text,
	p_value float8,
	p_value_adjusted float8,
	adverse_impact boolean,
	status text,
	alert boolean
)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a fairness.audits;
BEGIN
	a := fairness.audit_lookup(audit_window_report.name, false);
	IF a.time_column IS NULL THEN
		RAISE EXCEPTION 'audit "%" has no time_column', a.name
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = 'Windows merge the daily summaries of incremental audits; see fairness.audit_report for snapshot audits.';
	END IF;
	RETURN QUERY
	SELECT a.name, a.id, window_start, window_end, array_to_string(a.slice_columns, ', '),
	       fairness.audit_slice_label(d.slice_key), d.slice_key, d.rows, x.*
	FROM (SELECT p.slice_key, sum(p.rows)::bigint AS rows, fairness.merge(p.summary) AS summary
	      FROM fairness.audit_periods p
	      WHERE p.audit_id = a.id AND p.superseded_by IS NULL
	        AND (window_start IS NULL OR p.period >= window_start)
	        AND (window_end IS NULL OR p.period <= window_end)
	      GROUP BY p.slice_key) d
	CROSS JOIN LATERAL fairness.audit_run_report(d.summary, fairness.audit_definition(a)) x
	WHERE fairness.audit_can_read(a.owner, a.source_schema, a.source_table)
	ORDER BY d.slice_key, x.attribute;
END
$$;

COMMENT ON FUNCTION fairness.audit_window_report(text, date, date) IS
'Report of an incremental audit over any window of days (inclusive bounds; NULL: unbounded), merging the current daily summaries, with the audit''s current settings; same columns as fairness.audit_daily_report.';

-- comments of the views and of each of their columns
COMMENT ON VIEW fairness.audit_report IS 'Every successful run of every audit you can see: one row per audit, run, slice, attribute, group and metric, built on fairness.report (small cells suppressed, fairness.min_group_size), with the settings each run recorded.  Plain SQL types only: chart it directly.';
COMMENT ON COLUMN fairness.audit_report.audit IS 'Audit name.';
COMMENT ON COLUMN fairness.audit_report.audit_id IS 'Audit id (fairness.audits.id).';
COMMENT ON COLUMN fairness.audit_report.run_id IS 'Run id (fairness.audit_runs.id).';
COMMENT ON COLUMN fairness.audit_report.run_at IS 'When the run started (timestamptz).';
COMMENT ON COLUMN fairness.audit_report.slice_by IS 'The slice columns, comma-separated (empty without slices).';
COMMENT ON COLUMN fairness.audit_report.slice IS 'Slice label: ''all'' without slice columns, the value of the slice column (NULL for rows whose value is NULL), or a JSON array of the values for several slice columns.';
COMMENT ON COLUMN fairness.audit_report.slice_key IS 'Exact slice values as text[] ({} without slices).';
COMMENT ON COLUMN fairness.audit_report.slice_rows IS 'Rows counted in this slice.';
COMMENT ON COLUMN fairness.audit_report.attribute IS 'The protected attribute: a group column, or the intersection of several (joined with ×).';
COMMENT ON COLUMN fairness.audit_report.group_name IS 'The group (NULL: the unknown group, rows whose attribute is NULL; intersections as JSON arrays).';
COMMENT ON COLUMN fairness.audit_report.group_key IS 'The exact group key as text[].';
COMMENT ON COLUMN fairness.audit_report.metric IS 'The rate: selection_rate, base_rate, tpr, fpr, tnr, fnr, ppv, npv, fdr, false_omission_rate, accuracy.';
COMMENT ON COLUMN fairness.audit_report.n IS 'Denominator of the rate for the group (NULL when suppressed).';
COMMENT ON COLUMN fairness.audit_report.value IS 'The group''s rate (NULL when suppressed or undefined).';
COMMENT ON COLUMN fairness.audit_report.ci_low IS 'Lower bound of the rate''s confidence interval (Wilson, at 1 - significance).';
COMMENT ON COLUMN fairness.audit_report.ci_high IS 'Upper bound of the rate''s confidence interval.';
COMMENT ON COLUMN fairness.audit_report.reference_group IS 'The reference group the group is compared with.';
COMMENT ON COLUMN fairness.audit_report.reference_value IS 'The reference group''s rate.';
COMMENT ON COLUMN fairness.audit_report.ratio IS 'value / reference_value (disparity ratio).';
COMMENT ON COLUMN fairness.audit_report.ratio_ci_low IS 'Lower bound of the ratio''s interval (Katz).';
COMMENT ON COLUMN fairness.audit_report.ratio_ci_high IS 'Upper bound of the ratio''s interval (Katz).';
COMMENT ON COLUMN fairness.audit_report.difference IS 'value - reference_value.';
COMMENT ON COLUMN fairness.audit_report.difference_ci_low IS 'Lower bound of the difference''s interval (Newcombe).';
COMMENT ON COLUMN fairness.audit_report.difference_ci_high IS 'Upper bound of the difference''s interval (Newcombe).';
COMMENT ON COLUMN fairness.audit_report.test IS 'Test of the difference: z-test or fisher-exact.';
COMMENT ON COLUMN fairness.audit_report.p_value IS 'Two-sided p-value of the test.';
COMMENT ON COLUMN fairness.audit_report.p_value_adjusted IS 'Holm-adjusted p-value (over the rows of one attribute''s report).';
COMMENT ON COLUMN fairness.audit_report.adverse_impact IS 'selection_rate only: the ratio is below the impact ratio threshold (four-fifths rule).';
COMMENT ON COLUMN fairness.audit_report.status IS 'reference, ok, disparity (ratio outside [t, 1/t] and significant), possible_disparity (outside, not significant), insufficient_data, suppressed (fewer rows than min_group_size: no numbers shown), reference_suppressed, unknown_group.';
COMMENT ON COLUMN fairness.audit_report.alert IS 'Whether the row raises an alert: a metric of the audit''s alert_metrics with status disparity (or possible_disparity when require_significance is off).';
COMMENT ON VIEW fairness.latest_audit_report IS 'Like fairness.audit_report, for the latest run of each audit and slice: the current state.';
COMMENT ON COLUMN fairness.latest_audit_report.audit IS 'Audit name.';
COMMENT ON COLUMN fairness.latest_audit_report.audit_id IS 'Audit id (fairness.audits.id).';
COMMENT ON COLUMN fairness.latest_audit_report.run_id IS 'Run id (fairness.audit_runs.id).';
COMMENT ON COLUMN fairness.latest_audit_report.run_at IS 'When the run started (timestamptz).';
COMMENT ON COLUMN fairness.latest_audit_report.slice_by IS 'The slice columns, comma-separated (empty without slices).';
COMMENT ON COLUMN fairness.latest_audit_report.slice IS 'Slice label: ''all'' without slice columns, the value of the slice column (NULL for rows whose value is NULL), or a JSON array of the values for several slice columns.';
COMMENT ON COLUMN fairness.latest_audit_report.slice_key IS 'Exact slice values as text[] ({} without slices).';
COMMENT ON COLUMN fairness.latest_audit_report.slice_rows IS 'Rows counted in this slice.';
COMMENT ON COLUMN fairness.latest_audit_report.attribute IS 'The protected attribute: a group column, or the intersection of several (joined with ×).';
COMMENT ON COLUMN fairness.latest_audit_report.group_name IS 'The group (NULL: the unknown group, rows whose attribute is NULL; intersections as JSON arrays).';
COMMENT ON COLUMN fairness.latest_audit_report.group_key IS 'The exact group key as text[].';
COMMENT ON COLUMN fairness.latest_audit_report.metric IS 'The rate: selection_rate, base_rate, tpr, fpr, tnr, fnr, ppv, npv, fdr, false_omission_rate, accuracy.';
COMMENT ON COLUMN fairness.latest_audit_report.n IS 'Denominator of the rate for the group (NULL when suppressed).';
COMMENT ON COLUMN fairness.latest_audit_report.value IS 'The group''s rate (NULL when suppressed or undefined).';
COMMENT ON COLUMN fairness.latest_audit_report.ci_low IS 'Lower bound of the rate''s confidence interval (Wilson, at 1 - significance).';
COMMENT ON COLUMN fairness.latest_audit_report.ci_high IS 'Upper bound of the rate''s confidence interval.';
COMMENT ON COLUMN fairness.latest_audit_report.reference_group IS 'The reference group the group is compared with.';
COMMENT ON COLUMN fairness.latest_audit_report.reference_value IS 'The reference group''s rate.';
COMMENT ON COLUMN fairness.latest_audit_report.ratio IS 'value / reference_value (disparity ratio).';
COMMENT ON COLUMN fairness.latest_audit_report.ratio_ci_low IS 'Lower bound of the ratio''s interval (Katz).';
COMMENT ON COLUMN fairness.latest_audit_report.ratio_ci_high IS 'Upper bound of the ratio''s interval (Katz).';
COMMENT ON COLUMN fairness.latest_audit_report.difference IS 'value - reference_value.';
COMMENT ON COLUMN fairness.latest_audit_report.difference_ci_low IS 'Lower bound of the difference''s interval (Newcombe).';
COMMENT ON COLUMN fairness.latest_audit_report.difference_ci_high IS 'Upper bound of the difference''s interval (Newcombe).';
COMMENT ON COLUMN fairness.latest_audit_report.test IS 'Test of the difference: z-test or fisher-exact.';
COMMENT ON COLUMN fairness.latest_audit_report.p_value IS 'Two-sided p-value of the test.';
COMMENT ON COLUMN fairness.latest_audit_report.p_value_adjusted IS 'Holm-adjusted p-value (over the rows of one attribute''s report).';
COMMENT ON COLUMN fairness.latest_audit_report.adverse_impact IS 'selection_rate only: the ratio is below the impact ratio threshold (four-fifths rule).';
COMMENT ON COLUMN fairness.latest_audit_report.status IS 'reference, ok, disparity (ratio outside [t, 1/t] and significant), possible_disparity (outside, not significant), insufficient_data, suppressed (fewer rows than min_group_size: no numbers shown), reference_suppressed, unknown_group.';
COMMENT ON COLUMN fairness.latest_audit_report.alert IS 'Whether the row raises an alert: a metric of the audit''s alert_metrics with status disparity (or possible_disparity when require_significance is off).';
COMMENT ON VIEW fairness.audit_daily_report IS 'Incremental audits: one report per audit, day and slice, merging the current daily summaries, with the audit''s current settings.';
COMMENT ON COLUMN fairness.audit_daily_report.audit IS 'Audit name.';
COMMENT ON COLUMN fairness.audit_daily_report.audit_id IS 'Audit id (fairness.audits.id).';
COMMENT ON COLUMN fairness.audit_daily_report.period_start IS 'The day (in the audit''s time zone).';
COMMENT ON COLUMN fairness.audit_daily_report.period_end IS 'The day (same as period_start).';
COMMENT ON COLUMN fairness.audit_daily_report.slice_by IS 'The slice columns, comma-separated (empty without slices).';
COMMENT ON COLUMN fairness.audit_daily_report.slice IS 'Slice label: ''all'' without slice columns, the value of the slice column (NULL for rows whose value is NULL), or a JSON array of the values for several slice columns.';
COMMENT ON COLUMN fairness.audit_daily_report.slice_key IS 'Exact slice values as text[] ({} without slices).';
COMMENT ON COLUMN fairness.audit_daily_report.slice_rows IS 'Rows counted in this slice.';
COMMENT ON COLUMN fairness.audit_daily_report.attribute IS 'The protected attribute: a group column, or the intersection of several (joined with ×).';
COMMENT ON COLUMN fairness.audit_daily_report.group_name IS 'The group (NULL: the unknown group, rows whose attribute is NULL; intersections as JSON arrays).';
COMMENT ON COLUMN fairness.audit_daily_report.group_key IS 'The exact group key as text[].';
COMMENT ON COLUMN fairness.audit_daily_report.metric IS 'The rate: selection_rate, base_rate, tpr, fpr, tnr, fnr, ppv, npv, fdr, false_omission_rate, accuracy.';
COMMENT ON COLUMN fairness.audit_daily_report.n IS 'Denominator of the rate for the group (NULL when suppressed).';
COMMENT ON COLUMN fairness.audit_daily_report.value IS 'The group''s rate (NULL when suppressed or undefined).';
COMMENT ON COLUMN fairness.audit_daily_report.ci_low IS 'Lower bound of the rate''s confidence interval (Wilson, at 1 - significance).';
COMMENT ON COLUMN fairness.audit_daily_report.ci_high IS 'Upper bound of the rate''s confidence interval.';
COMMENT ON COLUMN fairness.audit_daily_report.reference_group IS 'The reference group the group is compared with.';
COMMENT ON COLUMN fairness.audit_daily_report.reference_value IS 'The reference group''s rate.';
COMMENT ON COLUMN fairness.audit_daily_report.ratio IS 'value / reference_value (disparity ratio).';
COMMENT ON COLUMN fairness.audit_daily_report.ratio_ci_low IS 'Lower bound of the ratio''s interval (Katz).';
COMMENT ON COLUMN fairness.audit_daily_report.ratio_ci_high IS 'Upper bound of the ratio''s interval (Katz).';
COMMENT ON COLUMN fairness.audit_daily_report.difference IS 'value - reference_value.';
COMMENT ON COLUMN fairness.audit_daily_report.difference_ci_low IS 'Lower bound of the difference''s interval (Newcombe).';
COMMENT ON COLUMN fairness.audit_daily_report.difference_ci_high IS 'Upper bound of the difference''s interval (Newcombe).';
COMMENT ON COLUMN fairness.audit_daily_report.test IS 'Test of the difference: z-test or fisher-exact.';
COMMENT ON COLUMN fairness.audit_daily_report.p_value IS 'Two-sided p-value of the test.';
COMMENT ON COLUMN fairness.audit_daily_report.p_value_adjusted IS 'Holm-adjusted p-value (over the rows of one attribute''s report).';
COMMENT ON COLUMN fairness.audit_daily_report.adverse_impact IS 'selection_rate only: the ratio is below the impact ratio threshold (four-fifths rule).';
COMMENT ON COLUMN fairness.audit_daily_report.status IS 'reference, ok, disparity (ratio outside [t, 1/t] and significant), possible_disparity (outside, not significant), insufficient_data, suppressed (fewer rows than min_group_size: no numbers shown), reference_suppressed, unknown_group.';
COMMENT ON COLUMN fairness.audit_daily_report.alert IS 'Whether the row raises an alert: a metric of the audit''s alert_metrics with status disparity (or possible_disparity when require_significance is off).';
COMMENT ON VIEW fairness.audit_monthly_report IS 'Incremental audits: one report per audit, calendar month and slice, merging the current daily summaries.';
COMMENT ON COLUMN fairness.audit_monthly_report.audit IS 'Audit name.';
COMMENT ON COLUMN fairness.audit_monthly_report.audit_id IS 'Audit id (fairness.audits.id).';
COMMENT ON COLUMN fairness.audit_monthly_report.period_start IS 'First day of the month.';
COMMENT ON COLUMN fairness.audit_monthly_report.period_end IS 'Last day of the month.';
COMMENT ON COLUMN fairness.audit_monthly_report.slice_by IS 'The slice columns, comma-separated (empty without slices).';
COMMENT ON COLUMN fairness.audit_monthly_report.slice IS 'Slice label: ''all'' without slice columns, the value of the slice column (NULL for rows whose value is NULL), or a JSON array of the values for several slice columns.';
COMMENT ON COLUMN fairness.audit_monthly_report.slice_key IS 'Exact slice values as text[] ({} without slices).';
COMMENT ON COLUMN fairness.audit_monthly_report.slice_rows IS 'Rows counted in this slice.';
COMMENT ON COLUMN fairness.audit_monthly_report.attribute IS 'The protected attribute: a group column, or the intersection of several (joined with ×).';
COMMENT ON COLUMN fairness.audit_monthly_report.group_name IS 'The group (NULL: the unknown group, rows whose attribute is NULL; intersections as JSON arrays).';
COMMENT ON COLUMN fairness.audit_monthly_report.group_key IS 'The exact group key as text[].';
COMMENT ON COLUMN fairness.audit_monthly_report.metric IS 'The rate: selection_rate, base_rate, tpr, fpr, tnr, fnr, ppv, npv, fdr, false_omission_rate, accuracy.';
COMMENT ON COLUMN fairness.audit_monthly_report.n IS 'Denominator of the rate for the group (NULL when suppressed).';
COMMENT ON COLUMN fairness.audit_monthly_report.value IS 'The group''s rate (NULL when suppressed or undefined).';
COMMENT ON COLUMN fairness.audit_monthly_report.ci_low IS 'Lower bound of the rate''s confidence interval (Wilson, at 1 - significance).';
COMMENT ON COLUMN fairness.audit_monthly_report.ci_high IS 'Upper bound of the rate''s confidence interval.';
COMMENT ON COLUMN fairness.audit_monthly_report.reference_group IS 'The reference group the group is compared with.';
COMMENT ON COLUMN fairness.audit_monthly_report.reference_value IS 'The reference group''s rate.';
COMMENT ON COLUMN fairness.audit_monthly_report.ratio IS 'value / reference_value (disparity ratio).';
COMMENT ON COLUMN fairness.audit_monthly_report.ratio_ci_low IS 'Lower bound of the ratio''s interval (Katz).';
COMMENT ON COLUMN fairness.audit_monthly_report.ratio_ci_high IS 'Upper bound of the ratio''s interval (Katz).';
COMMENT ON COLUMN fairness.audit_monthly_report.difference IS 'value - reference_value.';
COMMENT ON COLUMN fairness.audit_monthly_report.difference_ci_low IS 'Lower bound of the difference''s interval (Newcombe).';
COMMENT ON COLUMN fairness.audit_monthly_report.difference_ci_high IS 'Upper bound of the difference''s interval (Newcombe).';
COMMENT ON COLUMN fairness.audit_monthly_report.test IS 'Test of the difference: z-test or fisher-exact.';
COMMENT ON COLUMN fairness.audit_monthly_report.p_value IS 'Two-sided p-value of the test.';
COMMENT ON COLUMN fairness.audit_monthly_report.p_value_adjusted IS 'Holm-adjusted p-value (over the rows of one attribute''s report).';
COMMENT ON COLUMN fairness.audit_monthly_report.adverse_impact IS 'selection_rate only: the ratio is below the impact ratio threshold (four-fifths rule).';
COMMENT ON COLUMN fairness.audit_monthly_report.status IS 'reference, ok, disparity (ratio outside [t, 1/t] and significant), possible_disparity (outside, not significant), insufficient_data, suppressed (fewer rows than min_group_size: no numbers shown), reference_suppressed, unknown_group.';
COMMENT ON COLUMN fairness.audit_monthly_report.alert IS 'Whether the row raises an alert: a metric of the audit''s alert_metrics with status disparity (or possible_disparity when require_significance is off).';
COMMENT ON VIEW fairness.audit_rolling_report IS 'Incremental audits: for every day with data, the report of the 30 days ending that day (moving window over the daily summaries).';
COMMENT ON COLUMN fairness.audit_rolling_report.audit IS 'Audit name.';
COMMENT ON COLUMN fairness.audit_rolling_report.audit_id IS 'Audit id (fairness.audits.id).';
COMMENT ON COLUMN fairness.audit_rolling_report.period_start IS 'First day of the 30-day window (period_end - 29).';
COMMENT ON COLUMN fairness.audit_rolling_report.period_end IS 'Last day of the 30-day window: a day with data.';
COMMENT ON COLUMN fairness.audit_rolling_report.slice_by IS 'The slice columns, comma-separated (empty without slices).';
COMMENT ON COLUMN fairness.audit_rolling_report.slice IS 'Slice label: ''all'' without slice columns, the value of the slice column (NULL for rows whose value is NULL), or a JSON array of the values for several slice columns.';
COMMENT ON COLUMN fairness.audit_rolling_report.slice_key IS 'Exact slice values as text[] ({} without slices).';
COMMENT ON COLUMN fairness.audit_rolling_report.slice_rows IS 'Rows counted in this slice.';
COMMENT ON COLUMN fairness.audit_rolling_report.attribute IS 'The protected attribute: a group column, or the intersection of several (joined with ×).';
COMMENT ON COLUMN fairness.audit_rolling_report.group_name IS 'The group (NULL: the unknown group, rows whose attribute is NULL; intersections as JSON arrays).';
COMMENT ON COLUMN fairness.audit_rolling_report.group_key IS 'The exact group key as text[].';
COMMENT ON COLUMN fairness.audit_rolling_report.metric IS 'The rate: selection_rate, base_rate, tpr, fpr, tnr, fnr, ppv, npv, fdr, false_omission_rate, accuracy.';
COMMENT ON COLUMN fairness.audit_rolling_report.n IS 'Denominator of the rate for the group (NULL when suppressed).';
COMMENT ON COLUMN fairness.audit_rolling_report.value IS 'The group''s rate (NULL when suppressed or undefined).';
COMMENT ON COLUMN fairness.audit_rolling_report.ci_low IS 'Lower bound of the rate''s confidence interval (Wilson, at 1 - significance).';
COMMENT ON COLUMN fairness.audit_rolling_report.ci_high IS 'Upper bound of the rate''s confidence interval.';
COMMENT ON COLUMN fairness.audit_rolling_report.reference_group IS 'The reference group the group is compared with.';
COMMENT ON COLUMN fairness.audit_rolling_report.reference_value IS 'The reference group''s rate.';
COMMENT ON COLUMN fairness.audit_rolling_report.ratio IS 'value / reference_value (disparity ratio).';
COMMENT ON COLUMN fairness.audit_rolling_report.ratio_ci_low IS 'Lower bound of the ratio''s interval (Katz).';
COMMENT ON COLUMN fairness.audit_rolling_report.ratio_ci_high IS 'Upper bound of the ratio''s interval (Katz).';
COMMENT ON COLUMN fairness.audit_rolling_report.difference IS 'value - reference_value.';
COMMENT ON COLUMN fairness.audit_rolling_report.difference_ci_low IS 'Lower bound of the difference''s interval (Newcombe).';
COMMENT ON COLUMN fairness.audit_rolling_report.difference_ci_high IS 'Upper bound of the difference''s interval (Newcombe).';
COMMENT ON COLUMN fairness.audit_rolling_report.test IS 'Test of the difference: z-test or fisher-exact.';
COMMENT ON COLUMN fairness.audit_rolling_report.p_value IS 'Two-sided p-value of the test.';
COMMENT ON COLUMN fairness.audit_rolling_report.p_value_adjusted IS 'Holm-adjusted p-value (over the rows of one attribute''s report).';
COMMENT ON COLUMN fairness.audit_rolling_report.adverse_impact IS 'selection_rate only: the ratio is below the impact ratio threshold (four-fifths rule).';
COMMENT ON COLUMN fairness.audit_rolling_report.status IS 'reference, ok, disparity (ratio outside [t, 1/t] and significant), possible_disparity (outside, not significant), insufficient_data, suppressed (fewer rows than min_group_size: no numbers shown), reference_suppressed, unknown_group.';
COMMENT ON COLUMN fairness.audit_rolling_report.alert IS 'Whether the row raises an alert: a metric of the audit''s alert_metrics with status disparity (or possible_disparity when require_significance is off).';
COMMENT ON VIEW fairness.alerts IS 'Open violations: the alerting rows of the latest run of each audit and slice (fairness.latest_audit_report WHERE alert).';
COMMENT ON COLUMN fairness.alerts.audit IS 'Audit name.';
COMMENT ON COLUMN fairness.alerts.audit_id IS 'Audit id (fairness.audits.id).';
COMMENT ON COLUMN fairness.alerts.run_id IS 'Run id (fairness.audit_runs.id).';
COMMENT ON COLUMN fairness.alerts.run_at IS 'When the run started (timestamptz).';
COMMENT ON COLUMN fairness.alerts.slice_by IS 'The slice columns, comma-separated (empty without slices).';
COMMENT ON COLUMN fairness.alerts.slice IS 'Slice label: ''all'' without slice columns, the value of the slice column (NULL for rows whose value is NULL), or a JSON array of the values for several slice columns.';
COMMENT ON COLUMN fairness.alerts.slice_key IS 'Exact slice values as text[] ({} without slices).';
COMMENT ON COLUMN fairness.alerts.attribute IS 'The protected attribute: a group column, or the intersection of several (joined with ×).';
COMMENT ON COLUMN fairness.alerts.group_name IS 'The group (NULL: the unknown group, rows whose attribute is NULL; intersections as JSON arrays).';
COMMENT ON COLUMN fairness.alerts.group_key IS 'The exact group key as text[].';
COMMENT ON COLUMN fairness.alerts.metric IS 'The rate: selection_rate, base_rate, tpr, fpr, tnr, fnr, ppv, npv, fdr, false_omission_rate, accuracy.';
COMMENT ON COLUMN fairness.alerts.n IS 'Denominator of the rate for the group (NULL when suppressed).';
COMMENT ON COLUMN fairness.alerts.value IS 'The group''s rate (NULL when suppressed or undefined).';
COMMENT ON COLUMN fairness.alerts.reference_group IS 'The reference group the group is compared with.';
COMMENT ON COLUMN fairness.alerts.reference_value IS 'The reference group''s rate.';
COMMENT ON COLUMN fairness.alerts.ratio IS 'value / reference_value (disparity ratio).';
COMMENT ON COLUMN fairness.alerts.ratio_ci_low IS 'Lower bound of the ratio''s interval (Katz).';
COMMENT ON COLUMN fairness.alerts.ratio_ci_high IS 'Upper bound of the ratio''s interval (Katz).';
COMMENT ON COLUMN fairness.alerts.difference IS 'value - reference_value.';
COMMENT ON COLUMN fairness.alerts.p_value_adjusted IS 'Holm-adjusted p-value (over the rows of one attribute''s report).';
COMMENT ON COLUMN fairness.alerts.status IS 'reference, ok, disparity (ratio outside [t, 1/t] and significant), possible_disparity (outside, not significant), insufficient_data, suppressed (fewer rows than min_group_size: no numbers shown), reference_suppressed, unknown_group.';
COMMENT ON VIEW fairness.audit_run_log IS 'Every run (successful or failed) of the audits you can see, with the audit name: for run-health panels.';
COMMENT ON COLUMN fairness.audit_run_log.audit IS 'Audit name.';
COMMENT ON COLUMN fairness.audit_run_log.audit_id IS 'Audit id.';
COMMENT ON COLUMN fairness.audit_run_log.run_id IS 'Run id.';
COMMENT ON COLUMN fairness.audit_run_log.started_at IS 'When the run started.';
COMMENT ON COLUMN fairness.audit_run_log.finished_at IS 'When the run finished.';
COMMENT ON COLUMN fairness.audit_run_log.duration_seconds IS 'Run time in seconds.';
COMMENT ON COLUMN fairness.audit_run_log.status IS 'succeeded or failed.';
COMMENT ON COLUMN fairness.audit_run_log.mode IS 'snapshot, full, incremental or restate.';
COMMENT ON COLUMN fairness.audit_run_log.rows_scanned IS 'Rows aggregated by the run.';
COMMENT ON COLUMN fairness.audit_run_log.slices IS 'Slices with a result.';
COMMENT ON COLUMN fairness.audit_run_log.violations IS 'Alerting report rows at run time.';
COMMENT ON COLUMN fairness.audit_run_log.scan_from IS 'Incremental runs: the high-water mark the run started after.';
COMMENT ON COLUMN fairness.audit_run_log.scan_to IS 'Incremental audits: the high-water mark after the run.';
COMMENT ON COLUMN fairness.audit_run_log.run_by IS 'Role that ran it.';
COMMENT ON COLUMN fairness.audit_run_log.error_message IS 'Failed runs: the error.';
COMMENT ON COLUMN fairness.audit_run_log.error_sqlstate IS 'Failed runs: the SQLSTATE.';
