#!/bin/bash
# ALTER EXTENSION fairness UPDATE of a 0.2 database that holds audits:
# owner names become roles, jobs run the audit by id, history is kept, and
# the upgraded audits follow the 0.3 model (runs as the owner, owners
# marked against DROP ROLE).  A throwaway cluster with pg_cron preloaded.
set -u
cd "${FAIRNESS_ROOT:-$(dirname "$0")/../..}"
pg_virtualenv -t -v "${PG_MAJOR:-$(sh test/pgversion.sh)}" -o shared_preload_libraries=pg_cron -o cron.database_name=postgres \
	-o max_worker_processes=16 bash test/audits/upgrade.sh 2>&1
