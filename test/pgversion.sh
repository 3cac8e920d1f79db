#!/bin/sh
# Prints the PostgreSQL major version that test/setup.sh, test/deps.sh,
# test/run.sh and every test stage use, decided in one place:
#   1. $PG_MAJOR when set (e.g. PG_MAJOR=17 sh test/run.sh on a machine
#      with several servers installed);
#   2. otherwise the newest major whose server is installed
#      (/usr/lib/postgresql/N/bin/postgres, Debian's layout);
#   3. otherwise (nothing installed yet) the major that Debian's `postgresql`
#      package depends on in the configured apt sources: 15 on Debian 12,
#      17 on Debian 13, 18 with sid.
# Exits 1 (printing nothing) when it cannot tell, e.g. before the first
# `apt-get update` of a fresh machine; test/deps.sh then updates and asks again.
set -u
case "${PG_MAJOR:-}" in
	'') ;;
	*[!0-9]*)
		echo "test/pgversion.sh: PG_MAJOR=$PG_MAJOR is not a major version number" >&2
		exit 1 ;;
	*) echo "$PG_MAJOR"; exit 0 ;;
esac
v=$(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sed -n 's|^/usr/lib/postgresql/\([0-9][0-9]*\)/bin/postgres$|\1|p' | sort -n | tail -n 1)
if [ -z "$v" ]; then
	v=$(apt-cache depends postgresql 2>/dev/null | sed -n 's/^ *Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | sort -n | tail -n 1)
fi
[ -n "$v" ] || exit 1
echo "$v"
