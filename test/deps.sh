#!/bin/sh
# Installs, from Debian's own repository (12 or 13; sid for PostgreSQL 18),
# everything the build, the demo and the test suite need, for the PostgreSQL
# major that test/pgversion.sh picks ($V below: 15 on Debian 12, 17 on 13).
# Idempotent: does nothing when all is installed.  Runs as root, or as a user
# with sudo (apt-get then runs through sudo).
set -eu
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1; then
	SUDO=sudo
else
	SUDO=none
fi
updated=0
apt_update() {
	[ "$updated" = 1 ] && return 0
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
	updated=1
}

# a fresh machine has no package lists yet: the version comes from them
if ! V=$(sh test/pgversion.sh); then
	[ "$SUDO" = none ] || apt_update
	V=$(sh test/pgversion.sh) || {
		echo "test/deps.sh: cannot tell which PostgreSQL major to use (no postgresql package in the apt sources?)" >&2
		exit 1
	}
fi

# one a line; $V is the PostgreSQL major
PACKAGES="
postgresql-$V
postgresql-server-dev-$V
postgresql-$V-cron
build-essential
clang
libclang-rt-dev
libipc-run-perl
valgrind
python3
jq
chromium
odbc-postgresql
unixodbc
unixodbc-dev
libpostgresql-jdbc-java
default-jdk-headless
"
# the CI stages 91-package and 92-versions (FAIRNESS_PLATFORMS=1): the
# Debian package's build dependencies and debootstrap for fresh roots
if [ "${FAIRNESS_PLATFORMS:-0}" = 1 ]; then
	PACKAGES="$PACKAGES
debhelper
postgresql-all
debootstrap
"
fi

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$SUDO" = none ]; then
	echo "test/deps.sh: missing packages:$missing (run as root, or install sudo, to install them)" >&2
	exit 1
fi
apt_update
# the postgresql package starts a default cluster; we never use it
log=$(mktemp)
# shellcheck disable=SC2086
if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
	install -y -qq --no-install-recommends $missing >"$log" 2>&1; then
	tail -n 30 "$log" >&2
	rm -f "$log"
	echo "test/deps.sh: apt-get install failed:$missing" >&2
	exit 1
fi
rm -f "$log"
