#!/bin/bash
# Fuzzing of every input path of every summary type (test/fuzz/run.sh):
# build the harnesses (libFuzzer + ASan + UBSan), replay the seed corpus and
# every kept crasher, then fuzz for FUZZ_SECONDS (default 60) in total.
cd "${FAIRNESS_ROOT:-$(dirname "$0")/../..}"
exec bash test/fuzz/run.sh all
