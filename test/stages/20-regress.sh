#!/bin/bash
# The pg_regress suite (sql/, expected/) and the isolation tests (specs/,
# expected/) in a throwaway cluster of PostgreSQL $PG_MAJOR
# cluster made by pg_virtualenv (which runs the server as postgres when we
# are root).  Prints the diffs of failed tests.
set -u
cd "${FAIRNESS_ROOT:-$(dirname "$0")/../..}"
rm -rf results regression.diffs regression.out output_iso
out=$(mktemp)
pg_virtualenv -t -v "${PG_MAJOR:-$(sh test/pgversion.sh)}" make -s installcheck >"$out" 2>&1
rc=$?
grep -E '^(test| ) .* \.\.\. |^(not )?ok [0-9]+ +[-+] ' "$out" || cat "$out"
p=$(grep -cE '^((test| ) .* \.\.\. +ok|ok [0-9]+ +[-+] )' "$out")
f=$(grep -cE '^((test| ) .* \.\.\. +FAILED|not ok [0-9]+ +[-+] )' "$out")
if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
	cat "$out"
	f=1
fi
[ -f regression.diffs ] && head -300 regression.diffs
[ -f output_iso/regression.diffs ] && head -300 output_iso/regression.diffs
rm -f "$out"
echo "pg_regress: $p passed, $f failed"
[ "$f" = 0 ]
