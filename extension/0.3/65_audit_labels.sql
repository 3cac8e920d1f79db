-- fairness 0.3: readable slice labels, and the comments of the audit views
-- brought in line with the readable group labels of 60_labels.sql.
--
-- fairness.audit_slice_label (0.2) labelled a slice of several slice
-- columns as a JSON array, '["v1","v2"]'; it is now "v1 × v2", like a
-- group of several attributes (the multiplication sign U+00D7 in a UTF-8
-- database, " x " otherwise; "(unknown)" for a NULL value).  The exact
-- values stay in slice_key.  The views keep their definitions: they call
-- the function.  The column comments of the audit views are written by
-- 50_audit_engine.sql; this later file overrides the two that still
-- described JSON arrays (COMMENT is idempotent).

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

DO $$
DECLARE
	v text;
BEGIN
	FOREACH v IN ARRAY ARRAY['audit_report', 'latest_audit_report', 'alerts', 'audit_daily_report',
	                         'audit_monthly_report', 'audit_rolling_report'] LOOP
		IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
		           WHERE a.attrelid OPERATOR(pg_catalog.=) pg_catalog.format('fairness.%I', v)::pg_catalog.regclass
		             AND a.attname OPERATOR(pg_catalog.=) 'slice') THEN
			EXECUTE pg_catalog.format('COMMENT ON COLUMN fairness.%I.slice IS %L', v,
				'Slice label: ''all'' without slice columns, the value of the slice column (NULL for rows whose value is NULL), '
				'or for several slice columns their values joined by " × " ("(unknown)" for a NULL value), e.g. "v2 × EMEA".  slice_key has the exact values.');
		END IF;
		IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
		           WHERE a.attrelid OPERATOR(pg_catalog.=) pg_catalog.format('fairness.%I', v)::pg_catalog.regclass
		             AND a.attname OPERATOR(pg_catalog.=) 'group_name') THEN
			EXECUTE pg_catalog.format('COMMENT ON COLUMN fairness.%I.group_name IS %L', v,
				'The group (NULL: the unknown group, rows whose attribute is NULL); a group of several attributes is a readable label, '
				'its values joined by " × " ("(unknown)" for a NULL attribute), e.g. "Female × White".  group_key has the exact key.');
		END IF;
	END LOOP;
END
$$;
