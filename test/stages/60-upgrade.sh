#!/bin/bash
# Versioned upgrades, in a throwaway cluster.  For every release the
# installed scripts offer (fairness--X.Y.sql, fairness--X.Y--X.Z.sql):
#  * there is a chain of update scripts to the default version;
#  * installing that release, storing the fixtures of every summary type it
#    has (test/fixtures/<type>.sql, "-- requires: X.Y"), then running
#    ALTER EXTENSION fairness UPDATE keeps every stored byte and every probe
#    (test/fixtures/<type>.probe.sql) identical, and the probes also equal
#    those of a fresh installation of the default version;
#  * the updated extension's objects are exactly a fresh installation's
#    (test/lib/catalog.sql: signatures, properties, comments...).
# Also: the releases offered are those of the repository (extension/).
source "$(dirname "$0")/lib.sh"
in_cluster "$@"
fx=test/fixtures

default=$(q -c "SELECT default_version FROM pg_available_extensions WHERE name = 'fairness'")
available=$(q -c "SELECT string_agg(version, ' ' ORDER BY string_to_array(version, '.')::int[]) FROM pg_available_extension_versions WHERE name = 'fairness'")
repo=$(ls extension | sed -n 's/^fairness--\([0-9.]*\)\.sql$/\1/p; s/^\([0-9][0-9.]*\)$/\1/p' | sort -t. -k1,1n -k2,2n -u | tr '\n' ' ' | sed 's/ $//')
echo "  releases: $available (default $default)"
same "installed releases are the repository's (extension/)" "$available" "$repo"

vle() {	# version $1 <= version $2
	[ "$(printf '%s\n%s\n' "$1" "$2" | sort -t. -k1,1n -k2,2n | head -1)" = "$1" ]
}
fixtures_for() {	# fixture files whose "-- requires:" version is <= $1
	local f r
	for f in $fx/*.sql; do
		case $f in *.probe.sql) continue ;; esac
		r=$(sed -n '1s/^-- requires: *//p' "$f")
		[ -n "$r" ] && vle "$r" "$1" && echo "$f"
	done
}
fixture_tables() {	# version -> the tables its fixtures create, as a regex
	local f
	for f in $(fixtures_for "$1"); do
		sed -nE 's/^CREATE (TABLE|MATERIALIZED VIEW) (fixture_[a-z0-9_]+) .*/\2/p' "$f"
	done | paste -sd'|'
}
load() {	# database version
	local f
	for f in $(fixtures_for "$2"); do q -d "$1" -f "$f" >/dev/null || return 1; done
}
snapshot() {	# database version -> fingerprint and probes of its fixtures
	local f
	# the user's stored values; the extension's own tables (history tables a
	# later version adds) are compared with a fresh install's below.  Only
	# the fixtures of version $2: a fresh install also holds those of the
	# types added since.
	q -d "$1" -f test/lib/fingerprint.sql | grep -v '^fairness\.' |
		grep -E "^public\.($(fixture_tables "$2"))\."
	for f in $(fixtures_for "$2"); do
		psql -X -q -d "$1" -v ON_ERROR_STOP=1 -f "${f%.sql}.probe.sql"
	done
}

createdb fresh && q -d fresh -c "CREATE EXTENSION fairness" && load fresh "$default" || exit 1
q -d fresh -f test/lib/catalog.sql >/tmp/fairness-upgrade-catalog.$$
trap 'rm -f /tmp/fairness-upgrade-catalog.$$' EXIT
same "a fresh install is the default version" "$(q -d fresh -c "SELECT extversion FROM pg_extension WHERE extname = 'fairness'")" "$default"

for v in $available; do
	[ "$v" = "$default" ] && continue
	path=$(q -c "SELECT path FROM pg_extension_update_paths('fairness') WHERE source = '$v' AND target = '$default'")
	check "update path from $v to $default (${path:-none})" test -n "$path"
	db="from_${v//./_}"
	createdb "$db" && q -d "$db" -c "CREATE EXTENSION fairness VERSION '$v'" && load "$db" "$v" || { nfail=$((nfail + 1)); continue; }
	echo "  $db: fairness $v with fixtures: $(fixtures_for "$v" | xargs -n1 basename | tr '\n' ' ')"
	before=$(snapshot "$db" "$v" 2>&1)
	check "$v: the stored fixtures read back without error before the update" \
		bash -c '! grep -q ERROR <<<"$1" && grep -qE "^public\.fixture_[a-z_]+\.[a-z_]+\|[1-9]" <<<"$1"' _ "$before"
	q -d "$db" -c "ALTER EXTENSION fairness UPDATE"
	same "$v -> $default: ALTER EXTENSION UPDATE reaches $default" \
		"$(q -d "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'fairness'")" "$default"
	after=$(snapshot "$db" "$v" 2>&1)
	same "$v -> $default: stored bytes and probes unchanged by the update" "$after" "$before"
	same "$v -> $default: probes equal a fresh $default install's" "$after" "$(snapshot fresh "$v" 2>&1)"
	same "$v -> $default: extension objects equal a fresh install's" \
		"$(q -d "$db" -f test/lib/catalog.sql)" "$(cat /tmp/fairness-upgrade-catalog.$$)"
	# and a dump of the upgraded database restores into the default version
	createdb "${db}_restored" && pg_dump -Fc -d "$db" | pg_restore -d "${db}_restored" --exit-on-error
	same "$v -> $default: the upgraded database dumps and restores" "$(snapshot "${db}_restored" "$v" 2>&1)" "$after"
done
check_no_crash
finish upgrade
