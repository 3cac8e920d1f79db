-- The raw stored bytes of every column, in every user table, whose type or
-- element type belongs to the fairness extension: one line per column with
-- the number of non-NULL values and a digest of their bytes, exactly as
-- stored (after detoasting).  Runs in a transaction that is rolled back: the
-- helper types (same physical layout, bytea I/O) leave nothing behind.
BEGIN;
SET LOCAL client_min_messages = warning;
-- nothing a database owner planted may resolve (run as superuser)
SET LOCAL search_path = pg_catalog, pg_temp;
CREATE SCHEMA fingerprint;
CREATE FUNCTION fingerprint.columns() RETURNS TABLE (col text, nonnull bigint, digest text)
LANGUAGE plpgsql AS $$
DECLARE
	r record;
	n int := 0;
	t text;
BEGIN
	FOR r IN
		SELECT c.oid::regclass::text AS tab, a.attname,
		       (CASE WHEN ty.typelem <> 0 AND ty.typlen = -1 THEN ty.typelem ELSE ty.oid END)::regtype::text AS typ,
		       ty.typelem <> 0 AND ty.typlen = -1 AS is_array
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_type ty ON ty.oid = a.atttypid
		WHERE c.relkind IN ('r', 'm') AND a.attnum > 0 AND NOT a.attisdropped
		  AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
		  AND EXISTS (SELECT 1 FROM pg_depend d
		              WHERE d.classid = 'pg_type'::regclass AND d.objid IN (ty.oid, ty.typelem)
		                AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
		                AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fairness'))
		ORDER BY 1, 2
	LOOP
		n := n + 1;
		t := 'raw' || n;
		EXECUTE format('CREATE TYPE fingerprint.%I', t);
		EXECUTE format('CREATE FUNCTION fingerprint.%I(cstring) RETURNS fingerprint.%I LANGUAGE internal IMMUTABLE STRICT AS %L', t || '_in', t, 'byteain');
		EXECUTE format('CREATE FUNCTION fingerprint.%I(fingerprint.%I) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS %L', t || '_out', t, 'byteaout');
		EXECUTE format('CREATE TYPE fingerprint.%I (INPUT = fingerprint.%I, OUTPUT = fingerprint.%I, LIKE = %s)', t, t || '_in', t || '_out', r.typ);
		EXECUTE format('CREATE CAST (%s AS fingerprint.%I) WITHOUT FUNCTION', r.typ, t);
		col := r.tab || '.' || r.attname;
		IF r.is_array THEN
			-- arrays: dimensions and each element's bytes (or NULL), in order
			EXECUTE format('SELECT count(%1$I), md5(coalesce(string_agg(x, '','' ORDER BY x), '''')) FROM (SELECT %1$I, md5(array_dims(%1$I) || '':'' ||
			                  coalesce((SELECT string_agg(coalesce(md5(e::fingerprint.%2$I::text), ''NULL''), '','' ORDER BY o) FROM unnest(%1$I) WITH ORDINALITY u(e, o)), '''')) AS x
			                FROM %3$s WHERE %1$I IS NOT NULL) s',
			               r.attname, t, r.tab) INTO nonnull, digest;
		ELSE
			EXECUTE format('SELECT count(%1$I), md5(coalesce(string_agg(md5(%1$I::fingerprint.%2$I::text), '','' ORDER BY md5(%1$I::fingerprint.%2$I::text)), '''')) FROM %3$s',
			               r.attname, t, r.tab) INTO nonnull, digest;
		END IF;
		RETURN NEXT;
	END LOOP;
END $$;
SELECT * FROM fingerprint.columns();
ROLLBACK;
