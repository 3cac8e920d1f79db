#!/bin/sh
# First command of the README: install dependencies (Debian 12, as root),
# build with warnings as errors, install the extension, and run a demo
# audit on the bundled sample data in a throwaway PostgreSQL 15 cluster.
set -eu
cd "$(dirname "$0")/.."
sh test/deps.sh
make -s COPT=-Werror
make -s install
pg_virtualenv -v 15 psql -X -q -v ON_ERROR_STOP=1 -f test/demo.sql
