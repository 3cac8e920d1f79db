#!/bin/bash
# Unit tests of the PostgreSQL-free C code (src/core/, no PostgreSQL header),
# built with -Werror, then again under AddressSanitizer and
# UndefinedBehaviorSanitizer (clang; any report fails); each program prints
# "name: N passed, N failed" ("name-asan: ..." for the sanitized run).
set -u
shopt -s nullglob
cd "${FAIRNESS_ROOT:-$(dirname "$0")/../..}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
rc=0
for src in test/unit/test_*.c; do
	name=$(basename "$src" .c)
	if ! make -s "test/unit/$name.bin"; then
		echo "$name: 0 passed, 1 failed"
		rc=1
		continue
	fi
	"./test/unit/$name.bin" || rc=1
	if ! make -s "test/unit/$name.san"; then
		echo "$name-asan: 0 passed, 1 failed"
		rc=1
		continue
	fi
	# relabel the summary line; a sanitizer report aborts without one
	out=$("./test/unit/$name.san" 2>&1)
	st=$?
	printf '%s\n' "$out" | sed -E 's/^([A-Za-z0-9_.-]+): ([0-9]+ passed, [0-9]+ failed)$/\1-asan: \2/' | grep -E -- '-asan: |ERROR|runtime error|SUMMARY|FAIL'
	if [ "$st" != 0 ]; then
		# aborted by a sanitizer: count it
		grep -qE '^[A-Za-z0-9_.-]+: [0-9]+ passed, [1-9][0-9]* failed$' <<<"$out" ||
			echo "$name-asan: 0 passed, 1 failed"
		rc=1
	fi
done
exit $rc
