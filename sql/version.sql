-- One source of truth for the version: the control file's default_version
-- (what CREATE EXTENSION installed), the SQL objects and the Makefile's
-- upgrade chain must agree.  A fresh install runs the complete script of the
-- newest version; stage 60-upgrade proves the chain of upgrade scripts
-- reaches the same objects.
SELECT extversion, fairness.version(), extversion = fairness.version() AS agree
FROM pg_extension WHERE extname = 'fairness';
SELECT extrelocatable, nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'fairness';
-- every object of the extension has a comment
SELECT pg_describe_object(classid, objid, 0) AS missing_comment
FROM pg_depend d
WHERE refclassid = 'pg_extension'::regclass
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fairness')
  AND deptype = 'e'
  AND obj_description(objid, (SELECT relname FROM pg_class WHERE oid = classid)) IS NULL
  AND classid <> 'pg_namespace'::regclass
  -- a relation's row type and array types are made implicitly (members of
  -- the extension themselves on PostgreSQL 17 and 18): the comment is the
  -- relation's or the element type's
  AND NOT EXISTS (SELECT 1 FROM pg_type t
                  WHERE classid = 'pg_type'::regclass AND t.oid = objid
                    AND (t.typrelid <> 0 OR t.typcategory = 'A'))
ORDER BY 1;
-- no SECURITY DEFINER function
SELECT count(*) AS security_definer FROM pg_proc WHERE pronamespace = 'fairness'::regnamespace AND prosecdef;
