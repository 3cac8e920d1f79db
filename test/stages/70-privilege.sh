#!/bin/bash
# Privilege, in a throwaway cluster: the extension is trusted, so a database
# owner without superuser rights can install it; the install script, which
# then runs as the bootstrap superuser, must resolve nothing the owner
# planted.  The owner plants traps (test/lib/hostile_objects.sql: types,
# functions and operators named like everything the script could resolve,
# in public, in a schema named "Fairness", in pg_temp) and installs with a
# hostile search_path; no trap may fire, neither during the install nor
# when the extension is used, and the owner must still not be a superuser.
# A schema "fairness" created beforehand by the owner is also tried.  The
# owner can use, dump, restore and drop the extension.
source "$(dirname "$0")/lib.sh"
in_cluster "$@"
fx=test/fixtures
owner=fairness_owner

q -c "CREATE ROLE $owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$PGPASSWORD'" \
  -c "CREATE DATABASE audit OWNER $owner" -c "CREATE DATABASE audit_restored OWNER $owner" \
  -c "CREATE DATABASE audit_schema OWNER $owner" || exit 1
as_owner() { q -U "$owner" "$@"; }
evidence() { q -d "$1" -c "SELECT coalesce(string_agg(trap || ' as ' || ran_as, '; ' ORDER BY trap), 'none') FROM public.evidence"; }
is_superuser() { q -c "SELECT rolsuper FROM pg_roles WHERE rolname = '$owner'"; }

as_owner -d audit -f test/lib/hostile_objects.sql >/dev/null || exit 1
# the traps work: resolved from a hostile search_path, they fire
got=$(as_owner -d audit -c "SET search_path = public, pg_catalog" -c "SELECT 'a'::text = 'b'::text" \
	-c "SELECT count(*) > 0 FROM public.evidence" -c "DELETE FROM public.evidence")
same "control: a trap fires when a query resolves it" "$got" "t
t"

# install as the owner: a session with traps in pg_temp too, and a hostile
# search_path (CREATE EXTENSION sets its own)
out=$(as_owner -d audit 2>&1 <<'SQL'
CREATE TEMP TABLE text (x int);
CREATE TEMP TABLE jsonb (x int);
CREATE FUNCTION pg_temp.jsonb_in(pg_catalog.text) RETURNS pg_catalog.jsonb LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function pg_temp.jsonb_in'); RETURN '{}'; END $$;
SET search_path = pg_temp, public, "Fairness", pg_catalog;
CREATE EXTENSION fairness;
SELECT extversion FROM pg_extension WHERE extname = 'fairness';
SQL
)
check "a non-superuser database owner can CREATE EXTENSION fairness (trusted)" grep -qx '0\.[0-9]*' <<<"$out"
same "no trap fired during CREATE EXTENSION" "$(evidence audit)" "none"
same "the owner is still not a superuser" "$(is_superuser)" "f"
same "extension owned by the database owner, its objects by the bootstrap superuser" \
	"$(q -d audit -c "SELECT extowner::regrole || ' ' || (SELECT string_agg(DISTINCT proowner::regrole::text, ',') FROM pg_proc WHERE pronamespace = 'fairness'::regnamespace) FROM pg_extension WHERE extname = 'fairness'")" \
	"$owner $(q -d audit -c "SELECT rolname FROM pg_roles WHERE oid = 10")"
same "every argument and result type of the extension's functions is built in or the extension's" \
	"$(q -d audit -c "SELECT count(*) FROM pg_proc p, unnest(p.proargtypes::oid[] || p.prorettype || coalesce(p.proallargtypes, '{}')) t(oid)
	                   JOIN pg_type ty ON ty.oid = t.oid
	                   WHERE p.pronamespace = 'fairness'::regnamespace AND ty.typnamespace NOT IN ('pg_catalog'::regnamespace, 'fairness'::regnamespace)")" "0"
same "no extension object depends on an object in public, \"Fairness\" or pg_temp" \
	"$(q -d audit -c "SELECT count(*) FROM pg_depend d WHERE d.objid IN (SELECT objid FROM pg_depend WHERE refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fairness') AND deptype = 'e')
	                   AND (d.refclassid, d.refobjid) IN (SELECT 'pg_proc'::regclass, oid FROM pg_proc WHERE pronamespace IN ('public'::regnamespace, '\"Fairness\"'::regnamespace)
	                                                      UNION ALL SELECT 'pg_type'::regclass, oid FROM pg_type WHERE typnamespace IN ('public'::regnamespace, '\"Fairness\"'::regnamespace)
	                                                      UNION ALL SELECT 'pg_operator'::regclass, oid FROM pg_operator WHERE oprnamespace = 'public'::regnamespace)")" "0"
same "no SECURITY DEFINER function" "$(q -d audit -c "SELECT count(*) FROM pg_proc WHERE pronamespace = 'fairness'::regnamespace AND prosecdef")" "0"

# use every kind of function with a hostile search_path: nothing resolves
# a trap at run time either (the data are made with a safe search_path: the
# traps on = and + would fire in the test's own expressions)
as_owner -d audit -c "CREATE TABLE public.decisions AS
  SELECT (ARRAY['f','m',NULL])[1 + i % 3] AS g, i % 2 = 0 AS a, i % 3 = 0 AS p FROM generate_series(1, 300) i" >/dev/null
out=$(as_owner -d audit 2>&1 <<'SQL'
SET search_path = public, "Fairness", pg_catalog;
CREATE TABLE public.summaries AS
  SELECT fairness.confusion(g, a, p) AS c, fairness.confusion(ARRAY[g, 'x'], a, p, 2.0) AS cw FROM public.decisions;
SELECT fairness.total(c), fairness.group_count(c), fairness.attributes(cw), fairness.is_weighted(cw),
       fairness.total(fairness.merge(c, c)), fairness.total(fairness.marginal(cw, 1)),
       fairness.demographic_parity_difference(c) IS NOT NULL, fairness.equalized_odds_ratio(c, 'to_overall') IS NOT NULL,
       (SELECT count(*) FROM fairness.group_metrics(c)), (SELECT count(*) FROM fairness.disparities(c)),
       (SELECT count(*) FROM fairness.pretraining_bias(c)), (c::pg_catalog.jsonb)::fairness.confusion IS NOT NULL,
       fairness.confusion_send(c) IS NOT NULL, fairness.version() IS NOT NULL
FROM public.summaries;
SELECT fairness.total(fairness.merge(c)) FROM public.summaries;
SQL
)
same "the extension works for its owner under a hostile search_path" "$(grep -c '^300|3|2|t|600|300|t|t|4|30|3|t|t|t$' <<<"$out") $(grep -c '^300$' <<<"$out")" "1 1"
grep -q '^300|3|2|t|600|300|t|t|4|30|3|t|t|t$' <<<"$out" || echo "$out"
same "no trap fired while the extension was used" "$(evidence audit)" "none"

# dump as the owner, restore as the owner into another database it owns
# (traps included: they are the owner's objects).  The audit history tables
# have row-level security (each role sees its own audits), and a role that
# is subject to it dumps and restores with --enable-row-security: it gets
# the rows it may see, as INSERTs (COPY FROM is not allowed under row-level
# security; README, Security).  A plain dump is refused.
check "a plain dump by the owner is refused (row-level security on the audit history)" \
	bash -c "! pg_dump -U '$owner' -Fc -d audit -f /dev/null 2>/dev/null"
pg_dump -U "$owner" --enable-row-security --inserts -Fc -d audit -f /tmp/fairness-priv-$$.dump
out=$(pg_restore -U "$owner" --enable-row-security -d audit_restored --exit-on-error /tmp/fairness-priv-$$.dump 2>&1)
rm -f /tmp/fairness-priv-$$.dump
check "the owner dumps and restores (non-superuser CREATE EXTENSION in the restore)" test -z "$out"
[ -n "$out" ] && echo "$out" | head -20
fp=$(q -d audit -f test/lib/fingerprint.sql | grep summaries)
check "fingerprint of the stored summaries taken" grep -q '^public.summaries.c|1|' <<<"$fp"
same "restored summaries are bit for bit the same" "$(q -d audit_restored -f test/lib/fingerprint.sql | grep summaries)" "$fp"
same "no trap fired during the restore" "$(evidence audit_restored)" "none"
same "the owner is still not a superuser after the restore" "$(is_superuser)" "f"
check "the owner can DROP EXTENSION" as_owner -d audit_restored -c "SET client_min_messages = warning" -c "DROP EXTENSION fairness CASCADE"

# a schema "fairness" created beforehand by the owner, holding objects
# with the names and signatures of ours: the install is refused, nothing runs
as_owner -d audit_schema -f test/lib/hostile_objects.sql >/dev/null
out=$(as_owner -d audit_schema 2>&1 <<'SQL'
CREATE SCHEMA fairness;
CREATE TYPE fairness.confusion AS (x int);
CREATE EXTENSION fairness;
SQL
)
check "a planted type fairness.confusion makes CREATE EXTENSION fail" grep -q 'ERROR:  type "confusion" already exists' <<<"$out"
out=$(as_owner -d audit_schema 2>&1 <<'SQL'
DROP TYPE fairness.confusion;
CREATE FUNCTION fairness.version() RETURNS pg_catalog.text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function fairness.version, planted'); RETURN 'evil'; END $$;
CREATE EXTENSION fairness;
SQL
)
check "a planted fairness.version() makes CREATE EXTENSION fail" grep -q 'ERROR:  function "version" already exists' <<<"$out"
same "no trap fired (planted schema, clashing names)" "$(evidence audit_schema)" "none"
# the same schema with planted overloads that do not clash: the install
# succeeds and the type and aggregates are bound to the extension's own
# functions
out=$(as_owner -d audit_schema 2>&1 <<'SQL'
DROP FUNCTION fairness.version();
CREATE FUNCTION fairness.confusion_trans(anyelement, pg_catalog.text, boolean, boolean) RETURNS anyelement LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function fairness.confusion_trans, planted overload'); RETURN $1; END $$;
CREATE FUNCTION fairness.confusion_combine(anyelement, anyelement) RETURNS anyelement LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function fairness.confusion_combine, planted overload'); RETURN $1; END $$;
CREATE EXTENSION fairness;
SELECT fairness.total(fairness.merge(c)) FROM (SELECT fairness.confusion(i::text, true, true) c FROM generate_series(1, 5) i) s;
SQL
)
check "planted non-clashing overloads: the install still works" grep -qx '5' <<<"$out"
same "the aggregates and the type use only the extension's functions" \
	"$(q -d audit_schema -c "SELECT count(*) FROM (SELECT aggtransfn::oid f FROM pg_aggregate WHERE aggfnoid::oid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'fairness'::regnamespace)
	   UNION ALL SELECT aggcombinefn FROM pg_aggregate WHERE aggfnoid::oid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'fairness'::regnamespace)
	   UNION ALL SELECT typinput FROM pg_type WHERE typname = 'confusion' AND typnamespace = 'fairness'::regnamespace) s
	   WHERE f NOT IN (SELECT objid FROM pg_depend WHERE deptype = 'e' AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fairness'))")" "0"
same "no trap fired (planted schema, overloads)" "$(evidence audit_schema)" "none"
same "the owner is still not a superuser at the end" "$(is_superuser)" "f"
check_no_crash
finish privilege
