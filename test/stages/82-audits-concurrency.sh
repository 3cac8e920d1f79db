#!/bin/bash
# Concurrent runs of the same audits from several connections while the
# decision log grows (the isolation tests, specs/, check exact
# interleavings; this checks the history under load).
set -u
cd "${FAIRNESS_ROOT:-$(dirname "$0")/../..}"
pg_virtualenv -t -v "${PG_MAJOR:-$(sh test/pgversion.sh)}" bash test/audits/concurrency.sh 2>&1
