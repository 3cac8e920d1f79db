#!/bin/bash
# Durability of stored summaries, in a throwaway cluster: the fixtures of
# every summary type (test/fixtures/<type>.sql) survive, bit for bit,
#   pg_dump/pg_restore in custom, directory (parallel) and plain formats,
#   pg_dump --inserts (every value through its text literal),
#   COPY TO/FROM in text and binary format (output/input, send/recv),
# into fresh databases whose fairness.max_groups is the default (values
# with more groups must still restore).  Compared: the raw stored bytes of
# every column of an extension type (test/lib/fingerprint.sql) and
# the output of each type's probe (test/fixtures/<type>.probe.sql).
source "$(dirname "$0")/lib.sh"
in_cluster "$@"
fx=test/fixtures
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

snapshot() {	# database -> fingerprint and probe output, one file
	{
		q -d "$1" -f test/lib/fingerprint.sql
		for p in $fx/*.probe.sql; do psql -X -q -d "$1" -v ON_ERROR_STOP=1 -f "$p"; done
	} 2>&1
}

createdb src && q -d src -c "CREATE EXTENSION fairness" || exit 1
for f in $fx/*.sql; do
	case $f in *.probe.sql) continue ;; esac
	q -d src -f "$f" >/dev/null || { echo "fixture $f failed to load"; exit 1; }
done
snapshot src >"$work/src"
cols=$(q -d src -f test/lib/fingerprint.sql | wc -l)
echo "  $cols columns of extension types, $(q -d src -c "SELECT count(*) FROM pg_class WHERE relname LIKE 'fixture%' AND relkind IN ('r','m')") fixture tables"
check "fixtures hold values (fingerprint not empty)" test "$cols" -gt 0
missing=$(q -d src -c "SELECT string_agg(t.oid::regtype::text, ', ') FROM pg_type t JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid
                        AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fairness') AND d.deptype = 'e'
                        WHERE t.typtype = 'b' AND t.typelem = 0 AND NOT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                          WHERE c.relname LIKE 'fixture%' AND a.atttypid = t.oid AND NOT a.attisdropped)")
same "every summary type of the extension has a fixture (test/fixtures/<type>.sql)" "$missing" ""

compare() {	# label database
	local out
	out=$(snapshot "$2")
	if [ "$out" = "$(cat "$work/src")" ]; then
		npass=$((npass + 1))
		echo "  ok    $1: every stored byte and every probe identical"
	else
		nfail=$((nfail + 1))
		echo "  FAIL  $1"
		diff <(cat "$work/src") <(printf '%s\n' "$out") | head -40
	fi
}

# dump formats
pg_dump -Fc -d src -f "$work/src.custom" && createdb r_custom && pg_restore -d r_custom --exit-on-error "$work/src.custom"
compare "pg_dump -Fc | pg_restore" r_custom
pg_dump -Fd -j 2 -d src -f "$work/src.dir" && createdb r_dir && pg_restore -j 2 -d r_dir --exit-on-error "$work/src.dir"
compare "pg_dump -Fd -j 2 | pg_restore -j 2" r_dir
pg_dump -Fp -d src -f "$work/src.sql" && createdb r_plain && q -d r_plain -f "$work/src.sql" >/dev/null
compare "pg_dump -Fp | psql" r_plain
pg_dump -Fp --inserts -d src -f "$work/src.inserts.sql" && createdb r_inserts && q -d r_inserts -f "$work/src.inserts.sql" >/dev/null
compare "pg_dump --inserts | psql (text literals)" r_inserts
# a dump restored twice over gives the same again (restore of a restore)
pg_dump -Fc -d r_custom -f "$work/r_custom.custom" && createdb r_again && pg_restore -d r_again --exit-on-error "$work/r_custom.custom"
compare "dump of a restored database, restored" r_again

# COPY round trips into databases with the same schema
tables=$(q -d src -c "SELECT string_agg(c.oid::regclass::text, ' ' ORDER BY 1) FROM pg_class c WHERE relkind = 'r'
                       AND relnamespace = 'public'::regnamespace")
for fmt in text binary; do
	createdb "c_$fmt"
	pg_dump -Fp --schema-only -d src | q -d "c_$fmt" >/dev/null
	for t in $tables; do
		q -d src -c "\\copy $t TO '$work/$t.$fmt' WITH (FORMAT $fmt)" &&
		q -d "c_$fmt" -c "\\copy $t FROM '$work/$t.$fmt' WITH (FORMAT $fmt)"
	done
	q -d "c_$fmt" -c "REFRESH MATERIALIZED VIEW fixture_confusion_matview" >/dev/null
	compare "COPY (FORMAT $fmt) out and in" "c_$fmt"
done
# COPY's binary files are identical when written again from the copy
# (tables with array columns excepted: array_send writes the element type's
# OID, which differs between databases; their values are compared above)
plain_tables=$(q -d src -c "SELECT string_agg(c.oid::regclass::text, ' ' ORDER BY 1) FROM pg_class c WHERE relkind = 'r'
    AND relnamespace = 'public'::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND t.typelem <> 0 AND t.typlen = -1)")
for t in $plain_tables; do
	q -d c_binary -c "\\copy $t TO '$work/$t.again' WITH (FORMAT binary)"
done
check "COPY BINARY files identical after a round trip ($plain_tables)" \
	bash -c "for t in $plain_tables; do cmp '$work/'\$t.binary '$work/'\$t.again || exit 1; done"

check_no_crash

finish durability
