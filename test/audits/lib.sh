# Helpers for the audit stages (sourced).  Each check prints "ok - ..." or
# "not ok - ..." and counts; finish prints "<label>: N passed, N failed".
passed=0
failed=0

# check DESCRIPTION EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then
		echo "ok - $1"
		passed=$((passed + 1))
	else
		echo "not ok - $1"
		echo "   expected: $2"
		echo "   got:      $3"
		failed=$((failed + 1))
	fi
}

# q [psql options...] SQL: one value (or rows, '|'-separated), errors on stderr
q() {
	psql -X -A -t -q -v ON_ERROR_STOP=1 "$@"
}

finish() {
	echo "$1: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}
