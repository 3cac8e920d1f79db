#!/bin/bash
# No function crashes on NULL (issue #10): test/null_safety.sql calls every
# function of the extension, found in the catalog, with NULL in each
# argument in turn, with the summary of zero rows and with an empty summary.
# Prints the functions called (coverage) and fails on a crash, an internal
# error (SQLSTATE class XX) or an error raised for a NULL summary.
source "$(dirname "$0")/lib.sh"
in_cluster "$@"

q -c "CREATE DATABASE null_safety" >/dev/null || exit 1
out=$(q -d null_safety -c "CREATE EXTENSION fairness" -f test/null_safety.sql 2>&1)
rc=$?
printf '%s\n' "$out" | sed -n '/^functions called/,$p' | sed 's/^/  /' | cut -c1-400
[ "$rc" = 0 ] || printf '%s\n' "$out" | tail -5
check "the catalog-driven calls ran to the end (the backend survived every call)" test "$rc" = 0
same "no internal error, no error for a NULL summary" \
	"$(printf '%s\n' "$out" | sed -n 's/.*failures: \([0-9]*\)$/\1/p')" 0
n=$(printf '%s\n' "$out" | sed -n 's/^functions: \([0-9]*\),.*/\1/p')
check "every function of the extension was called (${n:-0} functions)" test "${n:-0}" -gt 100
check_no_crash
finish null-safety
