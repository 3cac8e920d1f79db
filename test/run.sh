#!/bin/bash
# Second command of the README: the whole test suite.  Installs what is
# missing (as root), builds with -Werror, runs the unit tests of the pure C
# code and the pg_regress suite in a throwaway cluster (pg_virtualenv).
# Ends with "tests: N passed, N failed".
set -u
shopt -s nullglob
cd "$(dirname "$0")/.."
passed=0
failed=0
log=$(mktemp -d)

note() { printf '\n== %s\n' "$*"; }
count() {						# count PASSED FAILED from a summary line
	passed=$((passed + $1))
	failed=$((failed + $2))
}

note "dependencies"
if ! sh test/deps.sh; then
	echo "cannot install dependencies"; count 0 1
fi

note "build (warnings are errors)"
if make -s COPT=-Werror >"$log/build" 2>&1 && make -s install >>"$log/build" 2>&1; then
	echo "build and install: ok"; count 1 0
else
	cat "$log/build"; echo "build: FAILED"; count 0 1
fi

note "unit tests of the pure C code (no server)"
for src in test/unit/test_*.c; do
	name=$(basename "$src" .c)
	if ! make -s "test/unit/$name.bin" >"$log/$name" 2>&1; then
		cat "$log/$name"; echo "$name: build FAILED"; count 0 1; continue
	fi
	"./test/unit/$name.bin" >"$log/$name" 2>&1
	rc=$?
	line=$(grep -E '^[a-z_]+: [0-9]+ passed, [0-9]+ failed$' "$log/$name" | tail -1)
	if [ -z "$line" ]; then
		cat "$log/$name"; echo "$name: no summary (exit $rc)"; count 0 1; continue
	fi
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\1/')
	f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\2/')
	[ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
	[ "$f" != 0 ] && grep -v ' passed, ' "$log/$name" | head -50
	echo "$line"
	count "$p" "$f"
done

note "pg_regress suite (throwaway cluster)"
rm -rf results regression.diffs regression.out
pg_virtualenv -v 15 make -s installcheck >"$log/regress" 2>&1
rc=$?
grep -E '^(test| ) .* \.\.\. ' "$log/regress" || cat "$log/regress"
p=$(grep -cE '^(test| ) .* \.\.\. +ok' "$log/regress")
f=$(grep -cE '^(test| ) .* \.\.\. +FAILED' "$log/regress")
if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
	cat "$log/regress"; f=1
fi
[ -f regression.diffs ] && head -200 regression.diffs
count "$p" "$f"

rm -rf "$log"
echo
echo "tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
