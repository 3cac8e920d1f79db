#!/bin/bash
# The other supported PostgreSQL majors, each in a fresh Debian root made by
# test/fresh-root.sh (debootstrap, cached): PostgreSQL 17 on Debian 13
# (trixie) and PostgreSQL 18 on Debian 13 with sid's packages.  In each: the
# build with -Werror and no warning at all (also none from clang's bitcode),
# the unit tests, then `make installcheck` (the pg_regress suite and the
# isolation specs) in a throwaway cluster.  PostgreSQL 15 is the machine's
# own, tested by the other stages.  Needs root; about 5 minutes per major
# once the roots are cached.
#
# Run when FAIRNESS_PLATFORMS=1 (as CI, .ci/run, does); skipped otherwise.
# FAIRNESS_VERSIONS="trixie:17" picks the roots (SUITE[+sid]:MAJOR ...).
cd "${FAIRNESS_ROOT:-$(dirname "$0")/../..}"
if [ "${FAIRNESS_PLATFORMS:-0}" != 1 ]; then
	echo "skipped (FAIRNESS_PLATFORMS=1 bash test/run.sh runs it; needs root)"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "versions: needs root (debootstrap, chroot)"
	echo "versions: 0 passed, 1 failed"
	exit 1
fi
rc=0
for spec in ${FAIRNESS_VERSIONS:-trixie:17 trixie+sid:18}; do
	suite=${spec%%:*}
	v=${spec##*:}
	t0=$SECONDS
	echo "-- PostgreSQL $v on $suite"
	# inside the root: one line "pgNN-LABEL: N passed, N failed" per check
	bash test/fresh-root.sh run "$suite" "postgresql-$v postgresql-server-dev-$v build-essential" '
		set -u
		v='"$v"'
		cd src
		export PG_CONFIG=/usr/lib/postgresql/$v/bin/pg_config PG_MAJOR=$v
		echo "$($PG_CONFIG --version) on Debian $(cat /etc/debian_version)"
		ok() { if [ "$2" = 0 ]; then echo "pg$v-$1: 1 passed, 0 failed"; else echo "pg$v-$1: 0 passed, 1 failed"; fi; }
		make COPT=-Werror >build.log 2>&1
		st=$?
		ok build-werror $st
		if [ "$st" != 0 ]; then tail -40 build.log; exit 1; fi
		grep -E "warning" build.log
		! grep -qE "warning" build.log
		ok no-warnings $?
		make -s install >/dev/null 2>&1
		ok install $?
		# unit tests: each program prints "name: N passed, N failed"
		make -s unittest 2>&1 | sed -E "s/^([A-Za-z0-9_.-]+: [0-9]+ passed)/pg$v-\1/"
		ok unittest-exit "${PIPESTATUS[0]}"
		pg_virtualenv -t -v $v make -s installcheck >regress.out 2>&1
		st=$?
		# pg_regress: "test x ... ok" up to PostgreSQL 15, "ok 1 - x" from 16
		p=$(grep -cE "^((test| ) .* \.\.\. +ok|ok [0-9]+ +[-+] )" regress.out)
		f=$(grep -cE "^((test| ) .* \.\.\. +FAILED|not ok [0-9]+ +[-+] )" regress.out)
		[ "$st" != 0 ] && [ "$f" = 0 ] && { tail -60 regress.out; f=1; }
		grep -E "FAILED|^not ok" regress.out
		[ -f regression.diffs ] && head -200 regression.diffs
		[ -f output_iso/regression.diffs ] && head -200 output_iso/regression.diffs
		echo "pg$v-regress: $p passed, $f failed"
	' 2>&1
	st=$?
	[ "$st" = 0 ] || rc=1
	echo "(PostgreSQL $v on $suite took $((SECONDS - t0)) s)"
done
exit $rc
