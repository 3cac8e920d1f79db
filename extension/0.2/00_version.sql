-- fairness 0.2: objects added after the first release go in files of this
-- folder (one per feature, applied in name order).  Like fairness--0.1.sql:
-- schema-qualified references only, COMMENT ON for every object.

CREATE FUNCTION fairness.version()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '0.2'::pg_catalog.text $$;

COMMENT ON FUNCTION fairness.version() IS 'Version of the fairness extension''s SQL objects.';
