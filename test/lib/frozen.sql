-- Stored values frozen byte for byte (test/stages/61-frozen-values.sh).
-- One line per value of every fixture column (test/fixtures/<type>.sql)
-- whose type belongs to the extension, sorted:
--   type|md5 of the stored bytes|md5 of the text form|md5 of the binary (send) form|stored bytes in hex
-- (the hex only for values of at most 4096 bytes).  With the psql variable
-- `old` naming a file of such lines, the values of that file that carry
-- their bytes are also read back from those bytes (values written by the
-- code that wrote the file) and listed again, prefixed "readback|".
-- Runs in a transaction that is rolled back (the helper types and casts,
-- same physical layout as the summary type with bytea I/O, leave nothing).
BEGIN;
SET LOCAL client_min_messages = warning;
SET LOCAL search_path = pg_catalog, pg_temp;
CREATE SCHEMA frozen;
-- the raw twin of a summary type: its bytes in and out as bytea text
CREATE FUNCTION frozen.twin(typ regtype) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	t text := 'raw_' || replace(typ::text, 'fairness.', '');
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = t AND typnamespace = 'frozen'::regnamespace) THEN
		EXECUTE format('CREATE TYPE frozen.%I', t);
		EXECUTE format('CREATE FUNCTION frozen.%I(cstring) RETURNS frozen.%I LANGUAGE internal IMMUTABLE STRICT AS %L', t || '_in', t, 'byteain');
		EXECUTE format('CREATE FUNCTION frozen.%I(frozen.%I) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS %L', t || '_out', t, 'byteaout');
		EXECUTE format('CREATE TYPE frozen.%I (INPUT = frozen.%I, OUTPUT = frozen.%I, LIKE = %s)', t, t || '_in', t || '_out', typ);
		EXECUTE format('CREATE CAST (%s AS frozen.%I) WITHOUT FUNCTION', typ, t);
		EXECUTE format('CREATE CAST (frozen.%I AS %s) WITHOUT FUNCTION', t, typ);
	END IF;
	RETURN 'frozen.' || quote_ident(t);
END $$;
-- one value as a line (v: an expression of type typ)
CREATE FUNCTION frozen.line_sql(typ regtype, v text) RETURNS text LANGUAGE sql AS $$
	SELECT format($f$%1$L || '|' || md5((%2$s)::%3$s::text) || '|' || md5((%2$s)::text) || '|' || md5(%4$s(%2$s)) || '|' ||
	              CASE WHEN octet_length((%2$s)::%3$s::text) <= 2 + 2 * 4096 THEN substr((%2$s)::%3$s::text, 3) ELSE '' END$f$,
	              typ::text, v, frozen.twin(typ), typ::text || '_send')
$$;
CREATE FUNCTION frozen.listing() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	FOR r IN
		SELECT c.oid::regclass::text AS tab, a.attname, a.atttypid::regtype AS typ
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
		WHERE c.relkind IN ('r', 'm') AND a.attnum > 0 AND NOT a.attisdropped
		  AND c.relname LIKE 'fixture\_%'
		  -- the summary types, not their array types (which PostgreSQL 17
		  -- records as members of the extension too)
		  AND (SELECT t.typcategory FROM pg_type t WHERE t.oid = a.atttypid) <> 'A'
		  AND EXISTS (SELECT 1 FROM pg_depend d
		              WHERE d.classid = 'pg_type'::regclass AND d.objid = a.atttypid
		                AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
		                AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fairness'))
	LOOP
		RETURN QUERY EXECUTE format('SELECT %s FROM %s WHERE %I IS NOT NULL',
		                            frozen.line_sql(r.typ, quote_ident(r.attname)), r.tab, r.attname);
	END LOOP;
END $$;
CREATE TABLE frozen.old (line text);
\if :{?old}
\set load_old '\\copy frozen.old FROM ' :'old'
:load_old
\endif
CREATE FUNCTION frozen.readback() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT split_part(line, '|', 1)::regtype AS typ, split_part(line, '|', 5) AS hex
	         FROM frozen.old WHERE split_part(line, '|', 5) <> ''
	LOOP
		RETURN QUERY EXECUTE format('SELECT ''readback|'' || %s',
		                            frozen.line_sql(r.typ, format('%L::%s::%s', '\x' || r.hex, frozen.twin(r.typ), r.typ)));
	END LOOP;
END $$;
SELECT line FROM (SELECT frozen.listing() AS line UNION ALL SELECT frozen.readback()) s ORDER BY line COLLATE "C";
ROLLBACK;
