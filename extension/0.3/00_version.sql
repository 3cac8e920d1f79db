-- fairness 0.3: objects added or changed after release 0.2 go in files of
-- this folder (one per feature, applied in name order).  Like the earlier
-- releases: schema-qualified references only, COMMENT ON for every object.

CREATE OR REPLACE FUNCTION fairness.version()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '0.3'::pg_catalog.text $$;
