#!/bin/bash
# Executable documentation: every ```sql example of README.md and doc/*.md
# runs, and shows the output it produces; every relative link resolves.
#
# Conventions (also in the README's testing section):
#  * all ```sql blocks of one file run in order in ONE `psql -X -q` session
#    (stdout and stderr together, CONTEXT lines off) on a fresh database
#    named "decisions" (messages that name the database are stable) in
#    which CREATE EXTENSION fairness has been run, with the repository root
#    as working directory (so `\copy t FROM 'test/data/x.csv'` works);
#    TimeZone UTC, messages in English;
#  * a ```sql block followed, after optional blank lines, by a plain ```
#    block (no language) must print exactly that text: psql's aligned
#    output, "(N rows)" footers, ERROR/DETAIL/HINT/NOTICE lines where they
#    happen (lines compared without trailing blanks); an example meant to
#    fail shows its ERROR line(s);
#  * a ```sql block without such a block must run without an ERROR;
#  * a ```sql block preceded by the HTML comment <!-- not run: REASON -->
#    is not run (pg_cron, a superuser-only set-up, another database...);
#  * ```sh, ```text, ```json, ```python, ... blocks are shown, not run;
#  * anything else fails loudly: an unterminated fence, a plain ``` block
#    that does not follow a ```sql block, an unknown language, a "not run"
#    comment that is not followed by a ```sql block, a ```sql block whose
#    last statement has no semicolon.
# Each block is reported with FILE:LINE; a mismatch prints a diff.
#
#   bash test/stages/25-docs.sh                    # every page
#   bash test/stages/25-docs.sh doc/scores.md      # some pages
#   DOCS_UPDATE=1 bash test/stages/25-docs.sh FILE # rewrite the shown output
#                                                  # with what is produced
#                                                  # (review the diff!)
# The parser and the comparison: test/lib/docs_check.py.
source "$(dirname "$0")/lib.sh"
in_cluster "$@"

if [ $# -gt 0 ]; then
	files=("$@")
else
	files=(README.md CHANGELOG.md doc/*.md)
fi
update=()
[ "${DOCS_UPDATE:-}" = 1 ] && update=(--update)

# the parser itself, on hand-made pages (no server needed)
python3 test/lib/docs_check.py --self-test
prc=$?

export PGTZ=UTC PGOPTIONS="-c lc_messages=C -c statement_timeout=120s"
total_p=0
total_f=0
# every file gets a fresh database named "decisions", copied from a template
# with the extension (a used one is renamed, not dropped: faster)
q -d postgres -c "CREATE DATABASE docs_template" >/dev/null &&
	q -d docs_template -c "CREATE EXTENSION fairness" >/dev/null ||
	{ echo "  FAIL  could not create a database with the extension"; total_f=1; }
n=0
for f in "${files[@]}"; do
	if grep -qE '^[[:space:]]*(```|~~~)[[:space:]]*sql' "$f"; then
		n=$((n + 1))
		q -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'decisions'" | grep -q 1 &&
			q -d postgres -c "ALTER DATABASE decisions RENAME TO docs_used_$n" >/dev/null
		q -d postgres -c "CREATE DATABASE decisions TEMPLATE docs_template" >/dev/null
	fi
	out=$(PGDATABASE=decisions python3 test/lib/docs_check.py "${update[@]}" "$f")
	echo "$out" | grep -v '^docs: '
	read -r p fl < <(echo "$out" | sed -nE 's/^docs: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p')
	total_p=$((total_p + ${p:-0}))
	total_f=$((total_f + ${fl:-1}))
done
echo "docs: $total_p passed, $total_f failed"

python3 test/lib/docs_check.py --links "${files[@]}"
lrc=$?

# the README's table of functions names every public function: every
# function of the schema except type, aggregate and cast support functions
# and those whose comment starts with "Internal:"
missing=$(q -d docs_template -c "
	SELECT string_agg(DISTINCT p.proname, ' ' ORDER BY p.proname)
	FROM pg_proc p
	WHERE p.pronamespace = 'fairness'::regnamespace
	  AND coalesce(obj_description(p.oid, 'pg_proc'), '') NOT LIKE 'Internal:%'
	  AND NOT EXISTS (SELECT FROM pg_type t WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend))
	  AND NOT EXISTS (SELECT FROM pg_aggregate a WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
	                  a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn, a.aggserialfn, a.aggdeserialfn))
	  AND NOT EXISTS (SELECT FROM pg_cast c WHERE c.castfunc = p.oid)" | tr ' ' '\n' |
	while read -r fn; do
		[ -n "$fn" ] && ! grep -q "\b$fn\b" README.md && echo "$fn"
	done | tr '\n' ' ')
same "README.md: the table of functions names every public function" "$missing" ""

finish docs-functions
frc=$?
[ "$total_f" = 0 ] && [ "$lrc" = 0 ] && [ "$prc" = 0 ] && [ "$frc" = 0 ]
