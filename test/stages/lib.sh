# The one helper library of the shell tests: sourced by the stage scripts
# (test/stages/NN-*.sh) and by the scripts they run in a cluster
# (test/audits/*.sh).
#
#   source "$(dirname "$0")/lib.sh"        # or .../stages/lib.sh
#   in_cluster "$@"          # re-runs the script inside a throwaway
#                            # cluster of PostgreSQL $PG_MAJOR (pg_virtualenv): PGHOST,
#                            # PGPORT, PGUSER (a superuser) are set
#   check LABEL CMD...       # one test: passes if CMD succeeds
#   same LABEL GOT WANT      # one test: passes if the two strings are equal
#   check_no_crash           # one test: the server log shows no crash
#   finish NAME              # prints "NAME: N passed, N failed", sets status
set -u
cd "${FAIRNESS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export FAIRNESS_ROOT=$PWD
# the PostgreSQL major of every stage (set by test/run.sh; test/pgversion.sh
# decides when a stage runs on its own); stages write pg_virtualenv -t -v "$PG_MAJOR"
if [ -z "${PG_MAJOR:-}" ]; then
	PG_MAJOR=$(sh test/pgversion.sh) || PG_MAJOR=15
fi
export PG_MAJOR
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/$PG_MAJOR/bin/pg_config}
npass=0
nfail=0

in_cluster() {
	if [ "${FAIRNESS_STAGE_CLUSTER:-}" != "$0" ]; then
		FAIRNESS_STAGE_CLUSTER=$0 exec pg_virtualenv -t -v "$PG_MAJOR" bash "$0" "$@"
	fi
	export PGDATABASE=postgres
}

check() {
	local label=$1
	shift
	if "$@"; then
		npass=$((npass + 1))
		echo "  ok    $label"
	else
		nfail=$((nfail + 1))
		echo "  FAIL  $label"
	fi
}

same() {
	if [ "$2" = "$3" ]; then
		npass=$((npass + 1))
		echo "  ok    $1"
	else
		nfail=$((nfail + 1))
		echo "  FAIL  $1"
		echo "        got:  $(printf '%s' "$2" | head -c 2000)"
		echo "        want: $(printf '%s' "$3" | head -c 2000)"
	fi
}

# psql, unaligned, tuples only, stop at the first error
q() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"
}

# the log file of pg_virtualenv's cluster: /var/log/postgresql/... as root,
# in pg_virtualenv's private directory otherwise
cluster_log() {
	pg_lsclusters -h "$PG_MAJOR" regress 2>/dev/null | awk '{ print $NF }'
}

# the cluster's log (private to pg_virtualenv) shows no crashed backend
check_no_crash() {
	local log
	log=$(cluster_log)
	check "no server process crashed (server log)" bash -c \
		"[ -r '$log' ] && ! grep -hE 'terminated by signal|was terminated by exception|server process .* crashed' '$log'"
}

finish() {
	echo "$1: $npass passed, $nfail failed"
	[ "$nfail" = 0 ]
}
