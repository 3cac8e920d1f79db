#!/bin/bash
# The Debian package (debian/): `dpkg-buildpackage -us -uc -b` in a copy of
# the working tree builds postgresql-NN-fairness for the machine's
# PostgreSQL major(s) with pg_buildext; its files are checked; then, in a
# fresh Debian root of the machine's release (test/fresh-root.sh) that has
# neither PostgreSQL nor the sources' build, `apt-get install` of the .deb
# pulls the server, and CREATE EXTENSION fairness, the demo (test/demo.sql)
# and the package's autopkgtest (debian/tests/installcheck: the pg_regress
# suite against the installed package) run there.  Needs root.
#
# Run when FAIRNESS_PLATFORMS=1 (as CI, .ci/run, does); skipped otherwise.
cd "${FAIRNESS_ROOT:-$(dirname "$0")/../..}"
if [ "${FAIRNESS_PLATFORMS:-0}" != 1 ]; then
	echo "skipped (FAIRNESS_PLATFORMS=1 bash test/run.sh runs it; needs root)"
	exit 0
fi
source test/stages/lib.sh
if [ "$(id -u)" != 0 ]; then
	echo "package: needs root (chroot)"
	echo "package: 0 passed, 1 failed"
	exit 1
fi
V=$PG_MAJOR
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
ver=$(dpkg-parsechangelog -S Version)
work=$(mktemp -d /tmp/fairness-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
# pg_virtualenv's server (user postgres) reads the package tree below it
chmod 755 "$work"
src=$work/fairness-${ver%-*}
mkdir "$src"
git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -cf - | tar -C "$src" -xf -

# the pg_regress suite runs once, against the installed package, below
t0=$SECONDS
(cd "$src" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1
st=$?
[ "$st" = 0 ] || tail -40 "$work/build.log"
check "dpkg-buildpackage -us -uc -b ($((SECONDS - t0)) s)" test "$st" = 0
deb=$work/postgresql-$V-fairness_${ver}_$(dpkg --print-architecture).deb
check "built $(basename "$deb")" test -f "$deb"
check "no compiler warning in the package build" bash -c "! grep -E 'warning:' '$work/build.log'"
if [ -f "$deb" ]; then
	files=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
	for f in lib/postgresql/$V/lib/fairness.so share/postgresql/$V/extension/fairness.control \
		"share/postgresql/$V/extension/fairness--$(sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" fairness.control).sql" \
		share/postgresql/$V/extension/fairness--0.1.sql share/postgresql/$V/extension/fairness--0.1--0.2.sql \
		share/doc/postgresql-$V-fairness/copyright; do
		check "the package has /usr/$f" grep -qx "./usr/$f" <<<"$files"
	done
	same "the package depends on postgresql-$V" \
		"$(dpkg-deb -f "$deb" Depends | grep -oE "postgresql-$V( |,|$)" | head -n 1 | tr -d ' ,')" "postgresql-$V"
	same "upgrade scripts shipped = those built" \
		"$(grep -oE "fairness--[0-9.]+--[0-9.]+\.sql$" <<<"$files" | sort | tr '\n' ' ')" \
		"$(cd build && ls fairness--*--*.sql 2>/dev/null | sort | tr '\n' ' ')"
fi

# a machine that never saw the sources: install, create, demo, autopkgtest
t0=$SECONDS
out=$(bash test/fresh-root.sh run "$suite" "" '
	set -u
	export DEBIAN_FRONTEND=noninteractive
	ok() { if [ "$2" = 0 ]; then echo "  ok    $1"; echo "R 1 0"; else echo "  FAIL  $1"; echo "R 0 1"; fi; }
	apt-get update -qq && apt-get install -y -qq --no-install-recommends ./in/*.deb >apt.log 2>&1
	st=$?; [ "$st" = 0 ] || tail -20 apt.log
	ok "apt-get install ./'"$(basename "$deb")"' (pulls the server)" $st
	dpkg -s postgresql-'"$V"' >/dev/null 2>&1
	ok "postgresql-'"$V"' came with it" $?
	cd src
	# the build products of the sources are not there: the package is used
	[ ! -e fairness.so ] && [ ! -d build ]
	ok "the sources in the root are not built" $?
	pg_virtualenv -t -v '"$V"' bash -c "
		psql -X -q -A -t -v ON_ERROR_STOP=1 -c \"CREATE EXTENSION fairness\" -c \"SELECT extversion FROM pg_extension WHERE extname = '"'"'fairness'"'"'\" >v.out 2>&1 &&
		psql -X -q -v ON_ERROR_STOP=1 -f test/demo.sql >demo.out 2>&1"
	st=$?; [ "$st" = 0 ] || cat v.out demo.out | tail -20
	ok "CREATE EXTENSION fairness (version $(cat v.out 2>/dev/null)), then the demo" $st
	grep -q "fairness demo" demo.out && grep -q "African-American" demo.out
	ok "the demo printed its audit" $?
	apt-get install -y -qq --no-install-recommends make >/dev/null 2>&1
	sh debian/tests/installcheck >installcheck.out 2>&1
	st=$?
	p=$(grep -cE "^((test| ) .* \.\.\. +ok|ok [0-9]+ +[-+] )" installcheck.out)
	f=$(grep -cE "^((test| ) .* \.\.\. +FAILED|not ok [0-9]+ +[-+] )" installcheck.out)
	[ "$st" = 0 ] || { grep -E "FAILED|^not ok" installcheck.out; tail -30 installcheck.out; }
	ok "debian/tests/installcheck (autopkgtest): $p tests passed, $f failed" $st
' "$deb" 2>&1)
st=$?
grep -v '^R ' <<<"$out"
while read -r _ p f; do
	npass=$((npass + p))
	nfail=$((nfail + f))
done < <(grep '^R ' <<<"$out")
grep -q '^R ' <<<"$out" || check "the fresh root ran (status $st)" false
echo "(fresh root: $((SECONDS - t0)) s)"
finish package
