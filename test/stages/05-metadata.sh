#!/bin/bash
# Release metadata agree: the extension version of fairness.control
# (default_version X.Y), the PGXN distribution (META.json: X.Y.0, a SemVer,
# for the distribution and for the extension it provides) and the Debian
# package (debian/changelog: upstream version X.Y.0); the oldest PostgreSQL
# major of META.json's prerequisites is the first of debian/pgversions; the
# files META.json names exist.  No server needed.
set -u
cd "${FAIRNESS_ROOT:-$(dirname "$0")/../..}"
source test/stages/lib.sh
jqok() { jq -e "$@" >/dev/null; }

control=$(sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" fairness.control)
check "fairness.control has a default_version X.Y" bash -c "[[ '$control' =~ ^[0-9]+\.[0-9]+$ ]]"
want="$control.0"

check "META.json is valid JSON" jqok . META.json
for key in name abstract version maintainer license provides meta-spec.version; do
	check "META.json has $key (PGXN meta-spec 1.0.0)" jqok --arg k "$key" 'getpath($k | split(".")) // empty' META.json
done
same "META.json: name" "$(jq -r .name META.json)" fairness
same "META.json: meta-spec 1.0.0" "$(jq -r '."meta-spec".version' META.json)" 1.0.0
same "META.json: version = control's default_version .0" "$(jq -r .version META.json)" "$want"
same "META.json: provides fairness at the same version" "$(jq -r .provides.fairness.version META.json)" "$want"
for f in $(jq -r '.provides[] | .file, .docfile' META.json); do
	check "META.json names an existing file: $f" test -f "$f"
done

deb=$(dpkg-parsechangelog -S Version 2>/dev/null)
same "debian/changelog: upstream version = control's default_version .0" "${deb%-*}" "$want"
same "debian/changelog: source package" "$(dpkg-parsechangelog -S Source 2>/dev/null)" fairness
check "debian/control.in builds postgresql-PGVERSION-fairness" grep -qx 'Package: postgresql-PGVERSION-fairness' debian/control.in

min=$(jq -r '.prereqs.runtime.requires.PostgreSQL' META.json)
same "oldest PostgreSQL: META.json = debian/pgversions" "${min%%.*}" "$(grep -E '^[0-9]+$' debian/pgversions | sort -n | head -n 1)"
check "fairness.control's comment names the supported majors of debian/pgversions" \
	grep -qF "# PostgreSQL: $(grep -E '^[0-9]+$' debian/pgversions | sort -n | paste -sd, | sed 's/,/, /g')" fairness.control

# every call of pg_virtualenv in the set-up and the stages (comments, and
# this check, aside)
unprivate=$(grep -nwE 'pg_virtualenv' test/setup.sh test/stages/*.sh | grep -v '^test/stages/05-metadata.sh:' |
	grep -vE ':[0-9]+:[[:space:]]*#' | grep -v 'pg_virtualenv -t ')
same "every pg_virtualenv call of the tests has -t" "$unprivate" ""

finish metadata
