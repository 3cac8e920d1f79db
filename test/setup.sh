#!/bin/sh
# First command of the README: install dependencies (Debian 12 or 13, as root
# or as a user with sudo), build with warnings as errors, install the
# extension, and run a demo audit on the bundled sample data in a throwaway
# cluster of the PostgreSQL major Debian ships (test/pgversion.sh).
set -eu
cd "$(dirname "$0")/.."
sh test/deps.sh
V=$(sh test/pgversion.sh)
export PG_CONFIG=/usr/lib/postgresql/$V/bin/pg_config
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
make -s COPT=-Werror
$SUDO make -s install PG_CONFIG="$PG_CONFIG"
pg_virtualenv -t -v "$V" psql -X -q -v ON_ERROR_STOP=1 -f test/demo.sql
