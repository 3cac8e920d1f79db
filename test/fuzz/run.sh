#!/bin/bash
# Fuzzing of every input path of every summary type, without a server.
#
#   bash test/fuzz/run.sh [all|build|regress|fuzz|seeds]      (default: all)
#
# Harnesses are the product of drivers (driver_<path>.c: text = input
# function, binary = receive function, merge = combine / pairwise merge of
# two decoded values, stored = bytes read back from a table) and types
# (type_<name>.c, one adapter per summary type, see fuzz_type.h).  Each is
# built with clang's libFuzzer, AddressSanitizer and UndefinedBehavior-
# Sanitizer (any report aborts) into test/fuzz/build/<type>-<driver>.
#
#   build    compile every harness
#   regress  replay the seed corpus (corpus/<type>-<driver>/) and every kept
#            crasher (regressions/<type>-<driver>/): each must run clean
#   fuzz     fuzz every harness from its seed corpus; FUZZ_SECONDS (default
#            60) is the wall-clock budget for all of them together, shared
#            over FUZZ_JOBS (default: number of CPUs) parallel jobs, libFuzzer
#            seed FUZZ_SEED (default 1: CI explores a reproducible sequence).  New
#            corpus entries go to a scratch directory (FUZZ_KEEP_CORPUS=1
#            merges the interesting ones back into corpus/); a crash leaves
#            its input in build/crashes/ and fails the run: fix the bug, then
#            copy the input into regressions/<type>-<driver>/.
#   seeds    regenerate the binary, merge and stored seeds of every type
#            from its text seeds (corpus/<type>-text/)
#
# Adding a summary type: write type_<name>.c (see type_confusion.c), put a
# few text values in corpus/<name>-text/ (valid and invalid ones), optionally
# a dictionary <name>.dict, run `bash test/fuzz/run.sh seeds`, commit.
#
# `all` also checks that every base type created in extension/ has an
# adapter.  Prints "fuzz-types:", "fuzz-build:", "fuzz-regress:" and "fuzz:"
# lines "N passed, N failed".
set -u
shopt -s nullglob
cd "$(dirname "$0")"
FUZZ_CC=${FUZZ_CC:-clang}
CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -I../../src/core -I. -Wall -Wextra -Wno-unused-parameter"
ROOT=../..
# the pure C code: src/core (no PostgreSQL header)
PURE_SRCS=$(cd "$ROOT" && for f in src/core/*.c; do echo "$ROOT/$f"; done)
mode=${1:-all}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

types=()
for t in type_*.c; do t=${t#type_}; types+=("${t%.c}"); done
drivers=()
for d in driver_*.c; do d=${d#driver_}; drivers+=("${d%.c}"); done
harnesses=()
for t in "${types[@]}"; do for d in "${drivers[@]}"; do harnesses+=("$t-$d"); done; done

# compile each source once (instrumented for libFuzzer), then link pairs
obj() {
	local src=$1 o
	o=build/obj/$(basename "${src%.c}").o
	if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find ../../src/core -name '*.h' -newer "$o")" ]; then
		$FUZZ_CC $CFLAGS -fsanitize=fuzzer-no-link -c -o "$o" "$src" || return 1
	fi
	echo "$o"
}

build() {
	local ok=0 bad=0 t d common f
	mkdir -p build/obj
	common=""
	for f in fuzz_common.c $PURE_SRCS; do
		common="$common $(obj "$f")" || { echo "fuzz-build: 0 passed, 1 failed"; return 1; }
	done
	for t in "${types[@]}"; do
		for d in "${drivers[@]}"; do
			if $FUZZ_CC $CFLAGS -fsanitize=fuzzer -o "build/$t-$d" "$(obj "driver_$d.c")" "$(obj "type_$t.c")" $common -lm; then
				ok=$((ok + 1))
			else
				echo "could not build harness $t-$d"
				bad=$((bad + 1))
			fi
		done
	done
	echo "fuzz-build: $ok passed, $bad failed"
	[ "$bad" = 0 ]
}

# regress: every seed and kept crasher, run once through its harness
regress() {
	local ok=0 bad=0 h files
	for h in "${harnesses[@]}"; do
		files=(corpus/"$h"/* regressions/"$h"/*)
		[ ${#files[@]} = 0 ] && continue
		if "build/$h" -runs=1 "${files[@]}" >"build/$h.regress.log" 2>&1; then
			ok=$((ok + 1))
		else
			tail -40 "build/$h.regress.log"
			echo "harness $h fails on its corpus or regressions"
			bad=$((bad + 1))
		fi
	done
	echo "fuzz-regress: $ok passed, $bad failed"
	[ "$bad" = 0 ]
}

fuzz_one() {
	local h=$1 secs=$2 t=${1%%-*} dict=() work
	work=$(mktemp -d)
	[ -f "$t.dict" ] && dict=(-dict="$t.dict")
	mkdir -p build/crashes
	"build/$h" "$work" "corpus/$h" "${dict[@]}" -seed="${FUZZ_SEED:-1}" -max_total_time="$secs" -max_len=65536 \
		-timeout=20 -rss_limit_mb=4096 -malloc_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="build/crashes/$h-" >"build/$h.fuzz.log" 2>&1
	local rc=$?
	if [ "${FUZZ_KEEP_CORPUS:-0}" = 1 ] && [ "$rc" = 0 ]; then
		"build/$h" -merge=1 "corpus/$h" "$work" >/dev/null 2>&1
	fi
	rm -rf "$work"
	local runs
	runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "build/$h.fuzz.log" | tail -1)
	if [ "$rc" = 0 ]; then
		echo "  $h: ${runs:-?} inputs in $secs s, no crash"
	else
		grep -E 'ERROR|SUMMARY|fuzz property|runtime error|Test unit written' "build/$h.fuzz.log" | head -20
		echo "  $h: CRASH (log: test/fuzz/build/$h.fuzz.log)"
	fi
	return $rc
}

fuzz() {
	local total=${FUZZ_SECONDS:-60} jobs=${FUZZ_JOBS:-$(nproc)} n=${#harnesses[@]} ok=0 bad=0 i h
	[ "$jobs" -gt "$n" ] && jobs=$n
	[ "$jobs" -lt 1 ] && jobs=1
	local each=$(( total * jobs / n ))
	[ "$each" -lt 1 ] && each=1
	echo "fuzzing $n harnesses, $each s each, $jobs at a time"
	rm -f build/*.status
	i=0
	for h in "${harnesses[@]}"; do
		( fuzz_one "$h" "$each"; echo $? >"build/$h.status" ) &
		i=$((i + 1))
		if [ $((i % jobs)) = 0 ]; then wait; fi
	done
	wait
	for h in "${harnesses[@]}"; do
		if [ "$(cat "build/$h.status" 2>/dev/null)" = 0 ]; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
	done
	echo "fuzz: $ok passed, $bad failed"
	[ "$bad" = 0 ]
}

seeds() {
	local t
	mkdir -p build
	for t in "${types[@]}"; do
		$FUZZ_CC $CFLAGS -o "build/make_seeds-$t" make_seeds.c "type_$t.c" fuzz_common.c $PURE_SRCS -lm || return 1
		rm -rf "corpus/$t-binary" "corpus/$t-merge"
		mkdir -p "corpus/$t-binary" "corpus/$t-merge" "corpus/$t-stored"
		# hand-made stored seeds (names starting with "raw-") are kept
		find "corpus/$t-stored" -type f ! -name 'raw-*' -delete
		"build/make_seeds-$t" "corpus/$t" corpus/"$t"-text/* || return 1
	done
}

# every base type the extension creates needs an adapter type_<name>.c
coverage() {
	local ok=0 bad=0 t
	for t in $(cat ../../extension/*.sql ../../extension/*/*.sql 2>/dev/null |
		sed -nE 's/^CREATE TYPE fairness\.([a-z0-9_]+) \($/\1/p' | sort -u); do
		if [ -f "type_$t.c" ]; then
			ok=$((ok + 1))
		else
			echo "type fairness.$t has no fuzz adapter: add test/fuzz/type_$t.c (see fuzz_type.h)"
			bad=$((bad + 1))
		fi
	done
	echo "fuzz-types: $ok passed, $bad failed"
	[ "$bad" = 0 ]
}

rc=0
case $mode in
	build) build || rc=1 ;;
	regress) regress || rc=1 ;;
	fuzz) fuzz || rc=1 ;;
	seeds) seeds || rc=1 ;;
	all)
		coverage || rc=1
		if build; then
			regress || rc=1
			fuzz || rc=1
		else
			rc=1
		fi
		;;
	*) echo "usage: $0 [all|build|regress|fuzz|seeds]" >&2; exit 2 ;;
esac
exit $rc
