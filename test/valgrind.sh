#!/bin/bash
# The pg_regress suite (sql/, expected/) against a server running under
# Valgrind's memcheck: a throwaway cluster whose postmaster is started by
# valgrind, so that every backend and parallel worker (forked, not exec'd)
# runs under it too.  Reports each process's errors; any error in a stack
# that goes through fairness.so fails, as does any test failure.
#
#   bash test/valgrind.sh          (as root; takes the install lock itself)
#
# Debian's PostgreSQL is not built with USE_VALGRIND, so memcheck cannot see
# inside palloc'd chunks (use after pfree within a memory context, reads past
# a chunk into its neighbour): it does see uninitialised values reaching a
# branch, a system call or the disk, reads and writes outside malloc'd
# blocks (allocations over 8 kB are blocks of their own) and invalid frees.
# The pure C code is also run under AddressSanitizer (unit tests, fuzzers),
# which covers the first kind.  The 100 MB inputs of sql/hostile.sql are
# made 1 MB here (fairness_test.huge_mb): under valgrind they would take
# minutes and prove nothing more.
#
# Prints the valgrind summary and "valgrind: N passed, N failed" (one test
# per pg_regress test, one for the error scan).
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
if [ "${FAIRNESS_VALGRIND_LOCKED:-}" != 1 ]; then
	exec env FAIRNESS_VALGRIND_LOCKED=1 flock /tmp/fairness-install.lock bash "$0" "$@"
fi
command -v valgrind >/dev/null || { echo "valgrind is not installed (sh test/deps.sh)"; echo "valgrind: 0 passed, 1 failed"; exit 1; }
PGBIN=$("${PG_CONFIG:-pg_config}" --bindir)
work=$(mktemp -d /tmp/fairness-valgrind.XXXXXX)
chown postgres "$work"
port=$((5700 + RANDOM % 200))
cleanup() {
	su postgres -c "$PGBIN/pg_ctl -D '$work/data' -m immediate stop" >/dev/null 2>&1
	rm -rf "$work" results regression.diffs regression.out
}
trap cleanup EXIT

make -s COPT=-Werror >/dev/null && make -s install >/dev/null || { echo "valgrind: 0 passed, 1 failed"; exit 1; }
su postgres -c "$PGBIN/initdb -D '$work/data' -A trust -E UTF8 --locale=C.UTF-8 --no-sync" >/dev/null || exit 1
cat >>"$work/data/postgresql.conf" <<CONF
port = $port
unix_socket_directories = '$work'
listen_addresses = ''
fsync = off
max_parallel_workers_per_gather = 2
# valgrind makes everything slower: no timeouts in the way
statement_timeout = 0
CONF
t0=$SECONDS
su postgres -c "cd '$work' && nohup valgrind --tool=memcheck --quiet --trace-children=no \
	--read-var-info=no --num-callers=30 --error-limit=no --leak-check=no --track-origins=yes \
	--suppressions='$ROOT/test/valgrind.supp' --gen-suppressions=all \
	--log-file='$work/vg.%p.log' \
	$PGBIN/postgres -D '$work/data' >'$work/server.log' 2>&1 &"
for i in $(seq 1 300); do
	"$PGBIN/pg_isready" -q -h "$work" -p "$port" && break
	sleep 1
done
"$PGBIN/pg_isready" -q -h "$work" -p "$port" || { cat "$work/server.log"; echo "valgrind: 0 passed, 1 failed"; exit 1; }
echo "server under valgrind ready after $((SECONDS - t0)) s"

# The tests that drive the extension's C code.  Left out, to keep CI near
# ten minutes: the *_reference tests (thousands of numeric comparisons on the
# same C paths as their functional twins, run by the regress stage) and the
# audit tests and isolation specs (PL/pgSQL over the same functions).
# VALGRIND_ALL=1 runs everything.
if [ "${VALGRIND_ALL:-0}" = 1 ]; then
	selection=()
else
	selection=(REGRESS="$(ls sql/*.sql | sed 's|sql/||; s|\.sql$||' | grep -v -e '_reference$' -e '^audits' | tr '\n' ' ')" ISOLATION=)
fi
out=$(PGHOST=$work PGPORT=$port PGUSER=postgres PGOPTIONS='-c fairness_test.huge_mb=1' make -s installcheck "${selection[@]}" 2>&1)
grep -E '^(test| ) .* \.\.\. |^(not )?ok [0-9]+ +[-+] ' <<<"$out" || echo "$out"
p=$(grep -cE '^((test| ) .* \.\.\. +ok|ok [0-9]+ +[-+] )' <<<"$out")
f=$(grep -cE '^((test| ) .* \.\.\. +FAILED|not ok [0-9]+ +[-+] )' <<<"$out")
[ -f regression.diffs ] && head -100 regression.diffs
su postgres -c "$PGBIN/pg_ctl -D '$work/data' -m fast -t 300 stop" >/dev/null 2>&1
echo "suite under valgrind took $((SECONDS - t0)) s"

# every error memcheck reported, one record each (with the stack that
# allocated an uninitialised value, --track-origins): a record that goes
# through fairness.so fails; the others are PostgreSQL's own (padding of WAL
# records, of the relcache init file, of temporary files: the false
# positives its source tree's valgrind.supp suppresses), listed by kind.
awk '
	function flush() {
		if (rec == "") return
		n++
		if (rec ~ /fairness\.so/) { ours++; print rec > "/dev/stderr" }
		else {
			fn = "?"
			if (match(rec, /by 0x[0-9A-F]+: [A-Za-z_][A-Za-z0-9_]* \(in [^)]*postgres\)/)) {
				fn = substr(rec, RSTART, RLENGTH); sub(/^by 0x[0-9A-F]+: /, "", fn); sub(/ \(in .*/, "", fn)
			}
			theirs[kind " (first PostgreSQL function: " fn ")"]++
		}
		rec = ""
	}
	FNR == 1 { flush() }
	/^==[0-9]+== (Invalid|Conditional|Use of uninitialised|Syscall param|Mismatched|Source and destination|Argument)/ {
		flush(); rec = FILENAME ": " $0; kind = $0; sub(/^==[0-9]+== /, "", kind); next }
	/^==[0-9]+== *$/ { flush(); next }
	/^==[0-9]+==/ { if (rec != "") rec = rec "\n" $0 }
	END {
		flush()
		printf "memcheck: %d error record(s), %d through fairness.so\n", n, ours
		for (k in theirs) printf "  %3d x %s\n", theirs[k], k
		exit (ours > 0)
	}' "$work"/vg.*.log 2>"$work/ours"
ours=$?
if [ "$ours" != 0 ]; then
	echo "errors through fairness.so:"
	head -200 "$work/ours"
fi
[ "$ours" = 0 ] && p=$((p + 1)) || f=$((f + 1))
echo "valgrind: $p passed, $f failed"
[ "$f" = 0 ]
