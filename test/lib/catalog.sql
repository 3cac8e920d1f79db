-- Every member object of the fairness extension with what defines it
-- (signatures, languages, symbols, volatility, parallel safety, strictness,
-- security, type I/O and layout, casts, aggregate support functions,
-- comments).  An upgraded installation must print exactly what a fresh one
-- prints (test/stages/60-upgrade.sh).
SET search_path = pg_catalog, pg_temp;
WITH members AS (
	SELECT classid, objid, objsubid FROM pg_depend
	WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
	  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fairness'))
SELECT pg_describe_object(classid, objid, objsubid) || ' | ' ||
	coalesce(CASE classid
		WHEN 'pg_proc'::regclass THEN (
			SELECT format('%s -> %s, %s %s %s, volatile=%s parallel=%s strict=%s secdef=%s leakproof=%s cost=%s rows=%s config=%s kind=%s',
			              pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), l.lanname, p.probin, p.prosrc,
			              p.provolatile, p.proparallel, p.proisstrict, p.prosecdef, p.proleakproof, p.procost, p.prorows,
			              p.proconfig, p.prokind)
			       || coalesce(' body=' || pg_get_function_sqlbody(p.oid), '')
			       || coalesce((SELECT format(' agg: kind=%s trans=%s final=%s combine=%s ser=%s deser=%s mtrans=%s minv=%s mfinal=%s stype=%s mstype=%s init=%s finalmodify=%s',
			                                  a.aggkind, a.aggtransfn::regprocedure, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn,
			                                  a.aggmtransfn::regprocedure, a.aggminvtransfn::regprocedure, a.aggmfinalfn, a.aggtranstype::regtype,
			                                  a.aggmtranstype::regtype, a.agginitval, a.aggfinalmodify)
			                    FROM pg_aggregate a WHERE a.aggfnoid = p.oid), '')
			FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.oid = objid)
		WHEN 'pg_type'::regclass THEN (
			SELECT format('len=%s byval=%s kind=%s align=%s storage=%s in=%s out=%s recv=%s send=%s elem=%s',
			              typlen, typbyval, typtype, typalign, typstorage, typinput, typoutput, typreceive, typsend, typelem::regtype)
			FROM pg_type WHERE oid = objid)
		WHEN 'pg_cast'::regclass THEN (
			SELECT format('func=%s context=%s method=%s', castfunc::regprocedure, castcontext, castmethod) FROM pg_cast WHERE oid = objid)
		WHEN 'pg_class'::regclass THEN (
			SELECT format('kind=%s columns=%s', relkind,
			              (SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
			               FROM pg_attribute WHERE attrelid = objid AND attnum > 0 AND NOT attisdropped))
			FROM pg_class WHERE oid = objid)
	END, '') || ' | ' ||
	coalesce(obj_description(objid, (SELECT relname FROM pg_class WHERE oid = classid)), '(no comment)')
FROM members ORDER BY 1;
