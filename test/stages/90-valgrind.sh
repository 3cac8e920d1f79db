#!/bin/bash
# The pg_regress suite once more, with the server under Valgrind's memcheck
# (test/valgrind.sh, about 3 minutes): run when FAIRNESS_VALGRIND=1, as CI
# (.ci/run) does; skipped otherwise to keep `test/run.sh` fast.
cd "${FAIRNESS_ROOT:-$(dirname "$0")/../..}"
if [ "${FAIRNESS_VALGRIND:-0}" != 1 ]; then
	echo "skipped (FAIRNESS_VALGRIND=1 bash test/run.sh, or bash test/valgrind.sh, runs it)"
	exit 0
fi
# test/run.sh already holds the install lock
FAIRNESS_VALGRIND_LOCKED=1 exec bash test/valgrind.sh
