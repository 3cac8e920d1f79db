#!/bin/bash
# Scheduling for real: a throwaway cluster (PostgreSQL $PG_MAJOR) with
# shared_preload_libraries = 'pg_cron' (Debian's postgresql-$PG_MAJOR-cron, from
# test/deps.sh), an audit scheduled with fairness.schedule_audit, and a run
# executed by pg_cron itself (waits for the next minute boundary).
set -u
cd "${FAIRNESS_ROOT:-$(dirname "$0")/../..}"
pg_virtualenv -t -v "${PG_MAJOR:-$(sh test/pgversion.sh)}" -o shared_preload_libraries=pg_cron -o cron.database_name=postgres \
	-o cron.use_background_workers=on -o max_worker_processes=16 \
	bash test/audits/cron.sh 2>&1
