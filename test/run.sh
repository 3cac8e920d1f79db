#!/bin/bash
# Second command of the README: the whole test suite.
#
# Installs what is missing (as root, from Debian), builds with -Werror,
# installs, then runs every stage test/stages/NN-name.sh in order.  A stage
# prints one or more lines "label: N passed, N failed"; a stage that exits
# non-zero without such a line counts as one failure.  Ends with
# "tests: N passed, N failed" (e.g. the line
# tests: 5869 passed, 0 failed) and exits non-zero if anything failed.
set -u
shopt -s nullglob
cd "$(dirname "$0")/.."
export FAIRNESS_ROOT=$PWD
passed=0
failed=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
start=$SECONDS

note() { printf '\n== %s\n' "$*"; }

# `make install` writes into PostgreSQL's shared directories: serialise
# whole runs between checkouts of this repository on one machine.
exec 9>/tmp/fairness-install.lock
flock 9

note "dependencies"
if ! sh test/deps.sh; then
	echo "dependencies: 0 passed, 1 failed"
	failed=$((failed + 1))
fi

note "build and install (warnings are errors)"
if make -s COPT=-Werror >"$log/build" 2>&1 && make -s install >>"$log/build" 2>&1; then
	echo "build: ok"
	passed=$((passed + 1))
else
	cat "$log/build"
	echo "build: FAILED"
	failed=$((failed + 1))
fi

for stage in test/stages/[0-9]*.sh; do
	name=$(basename "$stage" .sh)
	note "$name"
	t0=$SECONDS
	bash "$stage" 2>&1 | tee "$log/$name"
	rc=${PIPESTATUS[0]}
	found=0
	while read -r p f; do
		passed=$((passed + p))
		failed=$((failed + f))
		found=1
	done < <(sed -nE 's/^[A-Za-z0-9_.-]+: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$log/$name")
	if [ "$rc" != 0 ] && { [ "$found" = 0 ] || ! grep -qE ': [0-9]+ passed, [1-9][0-9]* failed$' "$log/$name"; }; then
		echo "$name: exited with status $rc"
		failed=$((failed + 1))
	fi
	echo "($name took $((SECONDS - t0)) s)"
done

echo
echo "(suite took $((SECONDS - start)) s)"
echo "tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
