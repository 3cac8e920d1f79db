#!/bin/sh
# Installs, from Debian 12's own repository, everything the build, the demo
# and the test suite need.  Idempotent: does nothing when all is installed.
# Must run as root (it is a no-op with a warning otherwise).
set -eu

PACKAGES="
postgresql-15
postgresql-server-dev-15
postgresql-15-cron
build-essential
clang
libclang-rt-14-dev
libipc-run-perl
valgrind
python3
"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "test/deps.sh: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# the postgresql package starts a default cluster; we never use it
apt-get install -y -qq --no-install-recommends $missing >/dev/null
