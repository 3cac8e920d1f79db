#!/bin/bash
# Stored values frozen byte for byte: the fixtures of every summary type
# (test/fixtures/<type>.sql) are built by this code and compared with
# test/fixtures/frozen/values.txt, written by the code of 0.3 before its
# keyed-core rewrite: the same stored bytes, the same text form, the same
# binary (send) form.  The values of that file small enough to carry their
# bytes are also read back from those bytes, as if stored by the earlier
# code, and must give the same text and binary forms.
# The stored bytes are those of a little-endian machine (x86-64, arm64).
# FAIRNESS_FROZEN_WRITE=1 rewrites the file (only when the format changes
# on purpose, with a new format version).
source "$(dirname "$0")/lib.sh"
in_cluster "$@"
frozen=test/fixtures/frozen/values.txt
q -c "CREATE EXTENSION fairness"
for f in test/fixtures/*.sql; do
	case $f in *.probe.sql) continue ;; esac
	q -f "$f" >/dev/null
done
if [ "${FAIRNESS_FROZEN_WRITE:-0}" = 1 ]; then
	q -f test/lib/frozen.sql >"$frozen"
	echo "  wrote $frozen ($(wc -l <"$frozen") values)"
	exit 0
fi
out=$(q -v old="$PWD/$frozen" -f test/lib/frozen.sql)
now=$(grep -v '^readback|' <<<"$out")
back=$(sed -n 's/^readback|//p' <<<"$out" | sort)
want_back=$(awk -F'|' '$5 != ""' "$frozen" | sort)
check "the frozen file lists values ($(wc -l <"$frozen") lines, $(wc -l <<<"$want_back") with their bytes)" \
	test "$(wc -l <<<"$want_back")" -ge 10
same "fixtures built now: the same stored bytes, text and binary forms as frozen" "$now" "$(cat "$frozen")"
same "frozen bytes read back: the same text and binary forms" "$back" "$want_back"
if [ "$now" != "$(cat "$frozen")" ]; then
	diff <(cat "$frozen") <(echo "$now") | cut -c1-200 | head -20
fi
finish frozen-values
