-- fairness 0.3: readable slice labels, in line with the readable group
-- labels of 60_labels.sql.
--
-- fairness.audit_slice_label (0.2) labelled a slice of several slice
-- columns as a JSON array, '["v1","v2"]'; it is now "v1 × v2", like a
-- group of several attributes (the multiplication sign U+00D7 in a UTF-8
-- database, " x " otherwise; "(unknown)" for a NULL value).  The exact
-- values stay in slice_key.  The views keep their definitions: they call
-- the function, whose comments (52_audit_views.sql, the type
-- fairness.report_row of 51_audit_kinds.sql) describe the labels.

CREATE OR REPLACE FUNCTION fairness.audit_slice_label(slice_key text[])
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE pg_catalog.cardinality($1)
		WHEN 0 THEN 'all'
		WHEN 1 THEN $1[1]
		ELSE (SELECT pg_catalog.string_agg(coalesce(u.v, '(unknown)'),
		                                   CASE WHEN pg_catalog.getdatabaseencoding() = 'UTF8'
		                                        THEN ' ' || pg_catalog.chr(215) || ' ' ELSE ' x ' END
		                                   ORDER BY u.o)
		      FROM pg_catalog.unnest($1) WITH ORDINALITY AS u(v, o))
	END
$$;

COMMENT ON FUNCTION fairness.audit_slice_label(text[]) IS
'Display label of a slice key: ''all'' without slice columns, the value for one slice column (NULL for the NULL slice), for several the values joined by " × " (" x " in a database that is not UTF-8), "(unknown)" for a NULL value: "2024 × EMEA".  slice_key keeps the exact values.';
