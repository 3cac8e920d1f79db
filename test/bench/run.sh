#!/bin/bash
# test/bench/run.sh [rows] -- the performance benchmark of issue #7.
#
#   test/bench/run.sh              # 10 000 000 rows (the figures of the README)
#   test/bench/run.sh 200000       # quick iteration
#   test/bench/run.sh stop         # stop the benchmark cluster
#
# Not a test: it prints a table (median seconds, min-max, rows/s, ratios to
# the bare count(*) and to the hand-written SQL measured in the same run,
# serial and with 2 parallel workers), the state size per group and whether
# each target of the issue is met.  The table is also written to
# $BENCH_DIR/results/.
#
# What it does:
#  1. builds this checkout and installs it into a private copy of the
#     PostgreSQL installation under $BENCH_DIR/pg (PostgreSQL finds its lib
#     and share directories relative to its binary), so the benchmark always
#     measures this checkout's fairness.so and never writes into the shared
#     PostgreSQL directories other checkouts install into;
#  2. starts (or reuses) a throwaway cluster in $BENCH_DIR/data, Unix socket
#     only, on port $BENCH_PORT;
#  3. generates the decision table with a fixed seed (test/bench/generate.sql)
#     unless it is already there (the cache: $BENCH_DIR is git-ignored), and
#     loads it into shared buffers (pg_prewarm);
#  4. recreates the extension, 10 000 stored summaries and one stored merged
#     summary;
#  5. runs every query of test/bench/queries.tsv once as warm-up and then
#     $BENCH_RUNS times, round-robin (each round runs every query under
#     every worker setting), in one psql session with \timing: results are
#     one or a few small rows, so what is timed is the server's work;
#  6. optionally the export path: COPY ... TO STDOUT into pandas, grouped
#     there (test/bench/pandas_export.py; skipped when pandas is absent);
#  7. prints the report (test/bench/report.py).
#
# Settings (environment):
#   BENCH_DIR      cache directory (default test/bench/cache)
#   BENCH_PORT     port of the benchmark cluster (default 5601)
#   BENCH_RUNS     timed runs per query and setting (default 5, at least 5
#                  for figures you quote)
#   BENCH_WORKERS  max_parallel_workers_per_gather settings (default "0 2")
#   BENCH_ONLY     regular expression: time only the matching query names
#                  (count and handwritten are always kept: ratios need them)
#   BENCH_PANDAS   0 to skip the export path (default 1)
#   BENCH_JIT      on/off: the jit setting (default: the server default, on)
#   BENCH_SHARED_BUFFERS  (default 2GB: holds 10 M rows)
#   BENCH_HUGE_PAGES  on/off/try: the server's huge_pages (default try).  With
#                  "on", run as root, the script reserves the 2 MB pages the
#                  shared buffers need (vm.nr_hugepages) and restarts a running
#                  benchmark cluster that has another setting.  Why it matters:
#                  every parallel worker is a new process that maps the shared
#                  buffers it reads page by page; with 4 kB pages on a VM
#                  that costs more than the workers save (doc/performance.md)
#   BENCH_KEEP     1 to leave the cluster running at the end (default: stop)
#   BENCH_NO_BUILD 1 to skip the build and private install
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

BENCH_DIR=${BENCH_DIR:-$ROOT/test/bench/cache}
BENCH_PORT=${BENCH_PORT:-5601}
BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_WORKERS=${BENCH_WORKERS:-0 2}
BENCH_ONLY=${BENCH_ONLY:-}
BENCH_PANDAS=${BENCH_PANDAS:-1}
BENCH_JIT=${BENCH_JIT:-}
BENCH_SHARED_BUFFERS=${BENCH_SHARED_BUFFERS:-2GB}
BENCH_HUGE_PAGES=${BENCH_HUGE_PAGES:-try}
BENCH_KEEP=${BENCH_KEEP:-0}
BENCH_NO_BUILD=${BENCH_NO_BUILD:-0}

PG_CONFIG=${PG_CONFIG:-pg_config}
PG_BINDIR=$($PG_CONFIG --bindir)
PG_LIBDIR=$($PG_CONFIG --pkglibdir)
PG_SHAREDIR=$($PG_CONFIG --sharedir)
PREFIX=$BENCH_DIR/pg
DATA=$BENCH_DIR/data
SOCK=$BENCH_DIR/sock
OUT=$BENCH_DIR/last

log() { printf '== %s\n' "$*" >&2; }

# Server-side commands run as postgres when we are root (PostgreSQL refuses
# to run as root), as ourselves otherwise.
as_server() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pgctl() { as_server "$PREFIX$PG_BINDIR/pg_ctl" -D "$DATA" "$@"; }
psql_bench() { psql -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$BENCH_PORT" -U postgres -d bench "$@"; }

if [ "${1:-}" = stop ]; then
	[ -f "$DATA/postmaster.pid" ] && pgctl stop -m fast || true
	exit 0
fi

ROWS=${1:-10000000}
case $ROWS in
	'' | *[!0-9]*)
		echo "usage: $0 [rows | stop]" >&2
		exit 2
		;;
esac
if [ "$BENCH_RUNS" -lt 1 ]; then
	echo "BENCH_RUNS must be at least 1" >&2
	exit 2
fi
# decisions2_: the layout with race and region (issue #15)
TBL=decisions2_$ROWS

mkdir -p "$BENCH_DIR" "$OUT" "$BENCH_DIR/results"
rm -f "$OUT"/*

# ---- 1. build and private install -------------------------------------
mirror_pg() {
	# a copy of the PostgreSQL installation, same layout under $PREFIX
	local d
	for d in "$PG_BINDIR" "$PG_LIBDIR" "$PG_SHAREDIR"; do
		rm -rf "$PREFIX$d"
		mkdir -p "$(dirname "$PREFIX$d")"
		cp -a "$d" "$PREFIX$d"
	done
	# whatever another checkout installed there is not ours
	rm -f "$PREFIX$PG_LIBDIR"/fairness.so "$PREFIX$PG_SHAREDIR"/extension/fairness*
	rm -rf "$PREFIX$PG_LIBDIR"/bitcode/fairness*
}

if [ "$BENCH_NO_BUILD" != 1 ]; then
	if [ -f "$DATA/postmaster.pid" ] && ! cmp -s "$PG_BINDIR/postgres" "$PREFIX$PG_BINDIR/postgres"; then
		pgctl stop -m fast >/dev/null || true
	fi
	if ! cmp -s "$PG_BINDIR/postgres" "$PREFIX$PG_BINDIR/postgres"; then
		log "copying the PostgreSQL installation to $PREFIX"
		mirror_pg
	fi
	log "building and installing into $PREFIX"
	make -s all >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
	rm -f "$PREFIX$PG_SHAREDIR"/extension/fairness*
	make -s install DESTDIR="$PREFIX" >>"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
fi

# ---- 2. cluster ---------------------------------------------------------
if [ ! -f "$DATA/PG_VERSION" ]; then
	log "creating the benchmark cluster in $DATA"
	mkdir -p "$DATA" "$SOCK"
	[ "$(id -u)" = 0 ] && chown postgres "$DATA" "$SOCK"
	as_server "$PREFIX$PG_BINDIR/initdb" -D "$DATA" -A trust -U postgres -E UTF8 \
		--locale=C >"$OUT/initdb.log" 2>&1 || { cat "$OUT/initdb.log"; exit 1; }
	cat >>"$DATA/postgresql.conf" <<-EOF

	# test/bench/run.sh
	listen_addresses = ''
	port = $BENCH_PORT
	unix_socket_directories = '$SOCK'
	shared_buffers = $BENCH_SHARED_BUFFERS
	work_mem = '64MB'
	maintenance_work_mem = '512MB'
	wal_level = minimal
	max_wal_senders = 0
	max_wal_size = '8GB'
	fsync = off
	synchronous_commit = off
	full_page_writes = off
	autovacuum = off
	max_worker_processes = 8
	max_parallel_workers = 8
	logging_collector = off
	EOF
fi
if [ "$BENCH_HUGE_PAGES" = on ] && [ "$(id -u)" = 0 ]; then
	# the 2 MB pages of the shared buffers, and 10 % for the rest of shared memory
	need=$(( $(numfmt --from=iec "${BENCH_SHARED_BUFFERS%B}") / 2097152 * 11 / 10 + 64 ))
	have=$(cat /proc/sys/vm/nr_hugepages)
	[ "$have" -ge "$need" ] || sysctl -q -w vm.nr_hugepages="$need"
fi
if [ -f "$DATA/postmaster.pid" ] && pgctl status >/dev/null 2>&1 &&
	[ "$(psql -X -q -h "$SOCK" -p "$BENCH_PORT" -U postgres -d postgres -tAc 'SHOW huge_pages')" != "$BENCH_HUGE_PAGES" ]; then
	log "restarting the benchmark cluster with huge_pages = $BENCH_HUGE_PAGES"
	pgctl stop -m fast >/dev/null
fi
if [ ! -f "$DATA/postmaster.pid" ] || ! pgctl status >/dev/null 2>&1; then
	log "starting the benchmark cluster (port $BENCH_PORT, huge_pages = $BENCH_HUGE_PAGES)"
	rm -f "$DATA/postmaster.pid"
	pgctl -l "$DATA/server.log" -o "-c huge_pages=$BENCH_HUGE_PAGES" -w start >/dev/null
else
	# a running server keeps the fairness.so its backends loaded; new
	# backends (every psql below) load the freshly installed one
	log "reusing the running benchmark cluster (port $BENCH_PORT)"
fi
if [ "$BENCH_KEEP" != 1 ]; then
	trap 'pgctl stop -m fast >/dev/null 2>&1 || true' EXIT
fi
psql -X -q -h "$SOCK" -p "$BENCH_PORT" -U postgres -d postgres -tAc \
	"SELECT 1 FROM pg_database WHERE datname = 'bench'" | grep -q 1 ||
	psql -X -q -h "$SOCK" -p "$BENCH_PORT" -U postgres -d postgres -c "CREATE DATABASE bench"

# ---- 3. data -------------------------------------------------------------
if [ -z "$(psql_bench -tAc "SELECT to_regclass('$TBL')")" ]; then
	log "generating $TBL ($ROWS rows, fixed seed)"
	t0=$SECONDS
	psql_bench -v tbl="$TBL" -v rows="$ROWS" -f test/bench/generate.sql >/dev/null
	psql_bench -c CHECKPOINT
	log "generated in $((SECONDS - t0)) s"
fi
psql_bench -tAc "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS pg_prewarm" >/dev/null
psql_bench -tAc "SELECT pg_prewarm('$TBL')" >/dev/null

# ---- 4. extension and stored summaries ------------------------------------
log "recreating the extension and the stored summaries"
psql_bench >/dev/null <<-EOF
	SET client_min_messages = warning;
	DROP EXTENSION IF EXISTS fairness CASCADE;
	CREATE EXTENSION fairness;
	DROP TABLE IF EXISTS bench_summaries, bench_stored;
	-- 10 000 stored summaries ("days"), built from at most 1 M rows
	SET max_parallel_workers_per_gather = 0;
	CREATE TABLE bench_summaries AS
	SELECT (id % 10000)::int AS day, fairness.confusion(gender, actual, predicted) AS summary
	FROM $TBL WHERE id <= 1000000 GROUP BY 1;
	CREATE TABLE bench_stored AS SELECT fairness.merge(summary) AS summary FROM bench_summaries;
	VACUUM (FREEZE, ANALYZE) bench_summaries, bench_stored;
	-- the transition state without the final function, to measure its size
	DROP SCHEMA IF EXISTS bench_util CASCADE;
	CREATE SCHEMA bench_util;
	CREATE AGGREGATE bench_util.state(text, boolean, boolean)
		(SFUNC = fairness.confusion_trans, STYPE = fairness.confusion);
	CREATE AGGREGATE bench_util.state(text, boolean, boolean, float8)
		(SFUNC = fairness.confusion_trans, STYPE = fairness.confusion);
	CREATE AGGREGATE bench_util.state(text[], boolean, boolean)
		(SFUNC = fairness.confusion_trans, STYPE = fairness.confusion);
	SELECT pg_prewarm('bench_summaries'), pg_prewarm('bench_stored');
EOF

# ---- 5. queries ------------------------------------------------------------
# Planner settings are the server's defaults: with 2 workers allowed the
# planner chooses a parallel plan for every query over the decision table at
# 10 M rows (the table prints the workers planned), not for small tables.
SESSION_SET=""
[ -n "$BENCH_JIT" ] && SESSION_SET="SET jit = $BENCH_JIT;"

names=()
declare -A sql desc
while IFS=$'\t' read -r name req d q; do
	case $name in '' | '#'*) continue ;; esac
	if [ -n "$BENCH_ONLY" ] && [ "$name" != count ] && [ "$name" != handwritten ] &&
		! [[ $name =~ $BENCH_ONLY ]]; then
		continue
	fi
	q=${q//\{t\}/$TBL}
	if [ "$req" != - ] && [ -z "$(psql_bench -tAc "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'fairness' AND p.proname = '$req' LIMIT 1")" ]; then
		printf '%s\t%s\n' "$name" "fairness.$req does not exist" >>"$OUT/skipped.tsv"
		continue
	fi
	if ! err=$(psql_bench -tAc "$SESSION_SET EXPLAIN (COSTS OFF) $q" 2>&1 >/dev/null); then
		printf '%s\t%s\n' "$name" "$(echo "$err" | head -1)" >>"$OUT/skipped.tsv"
		continue
	fi
	names+=("$name")
	sql[$name]=$q
	desc[$name]=$d
	printf '%s\t%s\n' "$name" "$d" >>"$OUT/queries.tsv"
	for w in $BENCH_WORKERS; do
		plan=$(psql_bench -tAc "$SESSION_SET SET max_parallel_workers_per_gather = $w; EXPLAIN (COSTS OFF) $q")
		planned=$(printf '%s\n' "$plan" | sed -n 's/.*Workers Planned: \([0-9]*\).*/\1/p' | head -1)
		printf '%s\t%s\t%s\n' "$name" "$w" "${planned:-0}" >>"$OUT/plans.tsv"
	done
done <test/bench/queries.tsv
touch "$OUT/skipped.tsv"

script=$OUT/timing.sql
{
	echo '\set ON_ERROR_STOP 1'
	echo "$SESSION_SET"
	echo '\o /dev/null'
	echo '\timing on'
	for ((r = 0; r <= BENCH_RUNS; r++)); do
		for w in $BENCH_WORKERS; do
			echo "SET max_parallel_workers_per_gather = $w;"
			for name in "${names[@]}"; do
				# the backend's own CPU time and run-queue wait (ns) from
				# /proc/self/schedstat around the query: robust to other load
				echo "SELECT split_part(s, ' ', 1) AS cpu0, split_part(s, ' ', 2) AS wait0 FROM pg_read_file('/proc/self/schedstat') AS s \\gset"
				echo "\\echo @@ $w $name $r"
				echo "${sql[$name]};"
				echo "SELECT split_part(s, ' ', 1) AS cpu1, split_part(s, ' ', 2) AS wait1 FROM pg_read_file('/proc/self/schedstat') AS s \\gset"
				echo "\\echo @@sched $w $name $r :cpu0 :wait0 :cpu1 :wait1"
			done
		done
	done
} >"$script"

{
	echo "rows	$ROWS"
	echo "table	$TBL"
	echo "runs	$BENCH_RUNS"
	echo "workers	$BENCH_WORKERS"
	echo "cores	$(nproc)"
	echo "cpu	$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
	echo "memory	$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
	echo "server	$(psql_bench -tAc 'SHOW server_version')"
	echo "jit	$(psql_bench -tAc "$SESSION_SET SHOW jit" | tail -1)"
	echo "shared_buffers	$(psql_bench -tAc 'SHOW shared_buffers')"
	echo "huge_pages	$(psql_bench -tAc 'SHOW huge_pages') ($(awk '/HugePages_Total/ {print $2}' /proc/meminfo) reserved)"
	echo "table_size	$(psql_bench -tAc "SELECT pg_size_pretty(pg_relation_size('$TBL'))")"
	echo "commit	$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted changes in src/')"
	echo "load_before	$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/meta.tsv"

log "timing ${#names[@]} queries: warm-up + $BENCH_RUNS runs each, workers: $BENCH_WORKERS"
t0=$SECONDS
psql_bench -f "$script" >"$OUT/timing.log"
log "timed in $((SECONDS - t0)) s"
echo "load_after	$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/meta.tsv"

# ---- state size per group ---------------------------------------------------
log "measuring the transition state size"
psql_bench -tA -F $'\t' >"$OUT/memory.tsv" <<-EOF
	SET max_parallel_workers_per_gather = 0;
	SELECT 'gender (4 groups), first 1 % of rows', count(*), fairness.group_count(fairness.confusion(gender, actual, predicted)),
	       pg_column_size(bench_util.state(gender, actual, predicted)), pg_column_size(fairness.confusion(gender, actual, predicted))
	FROM $TBL WHERE id <= greatest($ROWS / 100, 1);
	SELECT 'gender (4 groups), all rows', count(*), fairness.group_count(fairness.confusion(gender, actual, predicted)),
	       pg_column_size(bench_util.state(gender, actual, predicted)), pg_column_size(fairness.confusion(gender, actual, predicted))
	FROM $TBL;
	SELECT 'gender, weighted, all rows', count(*), fairness.group_count(fairness.confusion(gender, actual, predicted, weight)),
	       pg_column_size(bench_util.state(gender, actual, predicted, weight)), pg_column_size(fairness.confusion(gender, actual, predicted, weight))
	FROM $TBL;
	SELECT 'ARRAY[gender, age_band], all rows', count(*), fairness.group_count(fairness.confusion(ARRAY[gender, age_band], actual, predicted)),
	       pg_column_size(bench_util.state(ARRAY[gender, age_band], actual, predicted)), pg_column_size(fairness.confusion(ARRAY[gender, age_band], actual, predicted))
	FROM $TBL;
	SELECT '(id % 10000)::text (10 000 groups), first 10 % of rows', count(*), fairness.group_count(fairness.confusion((id % 10000)::text, actual, predicted)),
	       pg_column_size(bench_util.state((id % 10000)::text, actual, predicted)), pg_column_size(fairness.confusion((id % 10000)::text, actual, predicted))
	FROM $TBL WHERE id <= greatest($ROWS / 10, 1);
	SELECT '(id % 10000)::text (10 000 groups), all rows', count(*), fairness.group_count(fairness.confusion((id % 10000)::text, actual, predicted)),
	       pg_column_size(bench_util.state((id % 10000)::text, actual, predicted)), pg_column_size(fairness.confusion((id % 10000)::text, actual, predicted))
	FROM $TBL;
EOF

# ---- 6. export path ----------------------------------------------------------
if [ "$BENCH_PANDAS" = 1 ] && { [ -z "$BENCH_ONLY" ] || [[ pandas =~ $BENCH_ONLY ]]; }; then
	if /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
		log "timing the export path (COPY TO STDOUT into pandas)"
		/usr/bin/python3 test/bench/pandas_export.py --host "$SOCK" --port "$BENCH_PORT" \
			--table "$TBL" --runs "$BENCH_RUNS" >"$OUT/pandas.log"
	else
		printf 'pandas\tpandas is not installed for /usr/bin/python3\n' >>"$OUT/skipped.tsv"
	fi
fi

# ---- 7. report -----------------------------------------------------------------
stamp=$(date -u +%Y%m%dT%H%M%SZ)
/usr/bin/python3 test/bench/report.py "$OUT" | tee "$BENCH_DIR/results/$stamp-$ROWS.md"
