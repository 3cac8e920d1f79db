#!/bin/bash
# Second command of the README: the whole test suite.
#
# Installs what is missing (as root, from Debian), builds with -Werror,
# installs, then runs every stage test/stages/NN-name.sh in order.  A stage
# prints one or more lines "label: N passed, N failed"; a stage that exits
# non-zero without such a line counts as one failure.  Ends with
# "tests: N passed, N failed" (e.g. the line
# tests: 5869 passed, 0 failed) and exits non-zero if anything failed.
#
# Runs as root or as a user with sudo (for apt-get and `make install`), with
# the PostgreSQL major of test/pgversion.sh (PG_MAJOR=NN to choose another
# installed one).  The README says `sh test/run.sh`: Debian's sh is dash, so
# the script hands itself to bash first.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
case ":${SHELLOPTS:-}:" in *:posix:*) exec bash "$0" "$@" ;; esac
set -u
shopt -s nullglob
cd "$(dirname "$0")/.."
export FAIRNESS_ROOT=$PWD
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
passed=0
failed=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
start=$SECONDS

note() { printf '\n== %s\n' "$*"; }

# `make install` writes into PostgreSQL's shared directories: serialise
# whole runs between checkouts of this repository on one machine.
# (opened for reading: the file may belong to another user)
lock=/tmp/fairness-install.lock
[ -e "$lock" ] || { : >"$lock" && chmod 666 "$lock"; } 2>/dev/null
exec 9<"$lock"
flock 9

note "dependencies"
if ! sh test/deps.sh; then
	echo "dependencies: 0 passed, 1 failed"
	failed=$((failed + 1))
fi
# one PostgreSQL major for the build and every stage (pg_virtualenv -v)
PG_MAJOR=$(sh test/pgversion.sh) || PG_MAJOR=15
export PG_MAJOR PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
echo "PostgreSQL $PG_MAJOR ($PG_CONFIG)"
# every throwaway cluster is made by pg_virtualenv -t: in a private
# directory, even as root, so a cluster named "regress" that an interrupted
# run (or anyone) left in /etc/postgresql cannot stop the suite

note "build and install (warnings are errors)"
if make -s COPT=-Werror >"$log/build" 2>&1 && $SUDO make -s install PG_CONFIG="$PG_CONFIG" >>"$log/build" 2>&1; then
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
