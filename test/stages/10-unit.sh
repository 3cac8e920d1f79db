#!/bin/bash
# Unit tests of the PostgreSQL-free C code (src/ files without postgres.h),
# built with -Werror; each program prints "name: N passed, N failed".
set -u
shopt -s nullglob
cd "${FAIRNESS_ROOT:-$(dirname "$0")/../..}"
rc=0
for src in test/unit/test_*.c; do
	name=$(basename "$src" .c)
	if ! make -s "test/unit/$name.bin"; then
		echo "$name: 0 passed, 1 failed"
		rc=1
		continue
	fi
	"./test/unit/$name.bin" || rc=1
done
exit $rc
