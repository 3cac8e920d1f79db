#!/bin/bash
# The Grafana dashboard's SQL, executed against the views in a throwaway
# cluster loaded with the demo data.
set -u
cd "${FAIRNESS_ROOT:-$(dirname "$0")/../..}"
pg_virtualenv -t -v "${PG_MAJOR:-$(sh test/pgversion.sh)}" bash test/audits/grafana.sh 2>&1
