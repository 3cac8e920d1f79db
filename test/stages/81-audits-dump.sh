#!/bin/bash
# pg_dump / pg_restore of audit definitions and history (extension
# configuration tables) into fresh databases, in a throwaway cluster.
set -u
cd "${FAIRNESS_ROOT:-$(dirname "$0")/../..}"
pg_virtualenv -t -v "${PG_MAJOR:-$(sh test/pgversion.sh)}" bash test/audits/dump.sh 2>&1
