-- test/null_safety.sql: every function of the extension, called with NULL
-- in each argument in turn, with the summary of zero rows and with an empty
-- summary (run by test/stages/25-null-safety.sh, issue #10).
--
-- Generated from the catalog (pg_proc joined with pg_depend on the
-- extension), so that functions added later are covered without anyone
-- remembering to.  For every function (aggregates included, called as
-- aggregates over one row and over zero rows; aggregate support and type I/O
-- functions included, called directly) it runs:
--   * one call with a sample value in every argument,
--   * one call per argument with NULL there (sample values elsewhere),
--   * per argument of a summary type (fairness.confusion, fairness.scores,
--     fairness.outcomes): one call per extra value of that type: the value
--     each aggregate of the extension returns over zero rows (when not
--     NULL), an empty summary (no groups) and a two-attribute summary.
-- Every call runs in a subtransaction that is always rolled back, so calls
-- with side effects (create_audit, run_audit ...) leave nothing behind.
-- The outcome of each call is its SQLSTATE ('ok' when it succeeded).
--
-- Asserted (the stage counts the lines):
--   * the backend survives every call (a crash ends the psql session);
--   * no call raises an internal error (class XX: XX000 is elog(ERROR) or a
--     failed Assert, XX001 data corrupted from a valid value);
--   * a NULL summary argument raises no error at all, except in the
--     aggregate support and type I/O functions (which may refuse to run
--     outside an aggregate / cast): it gives NULL or no rows.
-- Functions taking a pseudo-type SQL cannot pass (internal) are listed as
-- skipped.
--
-- Checked against the code of main before the fix (commit 9df43bf): the
-- session ends with "server closed the connection unexpectedly" (SIGSEGV in
-- fc_getarg, src/pg/fairness.c) at the first function that dereferenced a NULL
-- summary, so stage 25-null-safety fails there (fairness.demographic_parity_*,
-- disparities, pretraining_bias, report, group_intervals, score_report,
-- outcome_gaps and outcome_report all did).

\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET fairness.min_group_size = 0;

CREATE SCHEMA ns;
CREATE TABLE ns.t AS
SELECT i, (ARRAY['a', 'b', 'c'])[i % 3 + 1] AS g, (ARRAY['x', 'y'])[i % 2 + 1] AS h,
       i % 2 = 0 AS a, i % 3 = 0 AS p, (i % 5) / 5.0 AS s, i * 1.5 AS y, 1.0 + (i % 4) AS w
FROM generate_series(1, 60) i;
CREATE TABLE ns.one AS SELECT 1 AS x;

-- sample values by type: first is the one used when another argument is
-- being tested; the others (summary types) are tried in turn
CREATE TABLE ns.samples (typ regtype, ord int, expr text, label text);
INSERT INTO ns.samples VALUES
  ('fairness.confusion', 1, '(SELECT fairness.confusion(g, a, p) FROM ns.t)', 'summary'),
  ('fairness.confusion', 2, '(SELECT fairness.confusion(ARRAY[g, h], a, p, w) FROM ns.t)', 'two-attribute weighted summary'),
  ('fairness.scores', 1, '(SELECT fairness.scores(g, a, s) FROM ns.t)', 'summary'),
  ('fairness.scores', 2, '(SELECT fairness.scores(ARRAY[g, h], a, s, w) FROM ns.t)', 'two-attribute weighted summary'),
  ('fairness.outcomes', 1, '(SELECT fairness.outcomes(g, y) FROM ns.t)', 'summary'),
  ('fairness.outcomes', 2, '(SELECT fairness.outcomes(ARRAY[g, h], y, w) FROM ns.t)', 'two-attribute weighted summary'),
  ('text', 1, '''a''::text', 'text'),
  ('text[]', 1, 'ARRAY[''a'', ''x'']::text[]', 'text[]'),
  ('integer[]', 1, 'ARRAY[1]::integer[]', 'integer[]'),
  ('boolean', 1, 'true', 'boolean'),
  ('double precision', 1, '0.5::float8', 'float8'),
  ('numeric', 1, '0.5::numeric', 'numeric'),
  ('integer', 1, '1', 'integer'),
  ('bigint', 1, '1::bigint', 'bigint'),
  ('regclass', 1, '''ns.t''::regclass', 'regclass'),
  ('jsonb', 1, '''{}''::jsonb', 'jsonb'),
  ('cstring', 1, '''{}''::cstring', 'cstring'),
  ('interval', 1, '''1 day''::interval', 'interval'),
  ('date', 1, '''2026-01-01''::date', 'date'),
  ('timestamp with time zone', 1, '''2026-01-01 00:00+00''::timestamptz', 'timestamptz');

-- the empty summary (no groups) of each kind, from its text form
INSERT INTO ns.samples
SELECT typ, 3,
       format('%L::%s', jsonb_set(e::text::jsonb, '{groups}', '[]')::text, typ), 'empty summary (no groups)'
FROM (SELECT 'fairness.confusion'::regtype AS typ, (SELECT fairness.confusion(g, a, p) FROM ns.t)::text AS e
      UNION ALL SELECT 'fairness.scores', (SELECT fairness.scores(g, a, s) FROM ns.t)::text
      UNION ALL SELECT 'fairness.outcomes', (SELECT fairness.outcomes(g, y) FROM ns.t)::text) k;

CREATE FUNCTION ns.extension_functions()
RETURNS TABLE (fn regprocedure, kind "char", argtypes regtype[], retset boolean, support boolean,
               is_variadic boolean, defaults text[])
LANGUAGE sql AS $$
  SELECT p.oid::regprocedure, p.prokind,
         ARRAY(SELECT t::regtype FROM unnest(p.proargtypes) WITH ORDINALITY u(t, o) ORDER BY o),
         p.proretset,
         EXISTS (SELECT 1 FROM pg_aggregate a
                 WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn,
                                 a.aggdeserialfn, a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn))
         OR EXISTS (SELECT 1 FROM pg_type t
                    WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend))
         OR EXISTS (SELECT 1 FROM pg_cast c WHERE c.castfunc = p.oid),
         p.provariadic <> 0,
         ARRAY(SELECT pg_get_function_arg_default(p.oid, o::int)
               FROM generate_series(1, p.pronargs) o ORDER BY o)
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
   AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'fairness'
$$;

-- the summaries of zero rows: every aggregate of the extension returning a
-- summary type, over zero rows; NULL ones are covered by the NULL calls
DO $$
DECLARE
  r record;
  args text;
  v text;
BEGIN
  FOR r IN SELECT * FROM ns.extension_functions() f
           WHERE f.kind = 'a'
             AND (SELECT prorettype FROM pg_proc WHERE oid = f.fn)
                 IN ('fairness.confusion'::regtype, 'fairness.scores'::regtype, 'fairness.outcomes'::regtype)
  LOOP
    SELECT string_agg((SELECT s.expr FROM ns.samples s WHERE s.typ = t ORDER BY s.ord LIMIT 1), ', ' ORDER BY o)
      INTO args FROM unnest(r.argtypes) WITH ORDINALITY u(t, o);
    EXECUTE format('SELECT %s(%s)::text FROM ns.one WHERE false', r.fn::oid::regproc, args) INTO v;
    IF v IS NOT NULL THEN
      INSERT INTO ns.samples
      SELECT prorettype, 10, format('%L::%s', v, prorettype::regtype), 'zero rows of ' || r.fn
      FROM pg_proc WHERE oid = r.fn;
    END IF;
  END LOOP;
END
$$;

CREATE TABLE ns.calls (fn regprocedure, call text, null_summary boolean, support boolean, outcome text, message text);

CREATE FUNCTION ns.try(fn regprocedure, kind "char", retset boolean, args text[], is_variadic boolean)
RETURNS TABLE (outcome text, message text)
LANGUAGE plpgsql AS $$
DECLARE
  q text;
  st text;
  msg text;
  a text;
  name text := fn::oid::regproc::text;
BEGIN
  IF is_variadic THEN
    args[array_upper(args, 1)] := 'VARIADIC ' || args[array_upper(args, 1)];
  END IF;
  a := array_to_string(args, ', ');
  IF kind = 'a' THEN
    -- over one row and over zero rows
    q := format('SELECT %1$s(%2$s) FROM ns.one UNION ALL SELECT %1$s(%2$s) FROM ns.one WHERE false', name, a);
  ELSIF kind = 'p' THEN
    q := format('CALL %s(%s)', name, a);
  ELSIF retset THEN
    q := format('SELECT count(*) FROM %s(%s) AS r', name, a);
  ELSE
    q := format('SELECT %s(%s)', name, a);
  END IF;
  BEGIN
    EXECUTE q;
    RAISE EXCEPTION USING ERRCODE = 'NS000', MESSAGE = 'rollback';
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
  END;
  IF st = 'NS000' THEN
    RETURN QUERY SELECT 'ok'::text, NULL::text;
  ELSE
    RETURN QUERY SELECT st, msg;
  END IF;
END
$$;

DO $$
DECLARE
  f record;
  i int;
  s record;
  base text[];
  args text[];
  r record;
  summary_types regtype[] := ARRAY['fairness.confusion', 'fairness.scores', 'fairness.outcomes']::regtype[];
BEGIN
  FOR f IN SELECT * FROM ns.extension_functions() ORDER BY fn::text LOOP
    IF 'internal'::regtype = ANY (f.argtypes) THEN
      INSERT INTO ns.calls VALUES (f.fn, 'skipped: takes internal (not callable from SQL)', false, f.support, 'skipped', NULL);
      CONTINUE;
    END IF;
    base := ARRAY[]::text[];
    FOR i IN 1 .. coalesce(array_length(f.argtypes, 1), 0) LOOP
      -- an argument's default when it has one (a valid value by definition),
      -- else the sample of its type
      base := base || coalesce(nullif(f.defaults[i], 'NULL::' || f.argtypes[i]::text),
                               nullif(f.defaults[i], 'NULL'),
                               (SELECT x.expr FROM ns.samples x WHERE x.typ = f.argtypes[i] ORDER BY x.ord LIMIT 1),
                               format('NULL::%s', f.argtypes[i]));
    END LOOP;
    r := ns.try(f.fn, f.kind, f.retset, base, f.is_variadic);
    INSERT INTO ns.calls VALUES (f.fn, 'sample values', false, f.support, r.outcome, r.message);
    FOR i IN 1 .. coalesce(array_length(f.argtypes, 1), 0) LOOP
      args := base;
      args[i] := format('NULL::%s', f.argtypes[i]);
      r := ns.try(f.fn, f.kind, f.retset, args, f.is_variadic);
      INSERT INTO ns.calls VALUES (f.fn, format('NULL in argument %s', i), f.argtypes[i] = ANY (summary_types),
                                   f.support, r.outcome, r.message);
      FOR s IN SELECT * FROM ns.samples x WHERE x.typ = f.argtypes[i] AND x.ord > 1 ORDER BY x.ord LOOP
        args := base;
        args[i] := s.expr;
        r := ns.try(f.fn, f.kind, f.retset, args, f.is_variadic);
        INSERT INTO ns.calls VALUES (f.fn, format('%s in argument %s', s.label, i), false, f.support, r.outcome, r.message);
      END LOOP;
    END LOOP;
  END LOOP;
END
$$;

-- the report: every function called, its calls and their outcomes
\echo functions called (calls: outcomes)
SELECT format('  %s  %s', fn, string_agg(call || ': ' || outcome, '; ' ORDER BY call))
FROM ns.calls GROUP BY fn ORDER BY fn::text;

\echo failures
SELECT format('  FAIL %s, %s: %s %s', fn, call, outcome, coalesce(message, ''))
FROM ns.calls
WHERE outcome LIKE 'XX%'
   OR (null_summary AND NOT support AND outcome <> 'ok')
ORDER BY fn::text, call;

\echo counts
SELECT format('functions: %s, calls: %s, skipped: %s, failures: %s',
              count(DISTINCT fn), count(*) FILTER (WHERE outcome <> 'skipped'),
              count(*) FILTER (WHERE outcome = 'skipped'),
              count(*) FILTER (WHERE outcome LIKE 'XX%' OR (null_summary AND NOT support AND outcome <> 'ok')))
FROM ns.calls;
