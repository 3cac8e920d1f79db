#!/usr/bin/python3
"""The export path of test/bench/run.sh: the columns an audit needs copied
out of PostgreSQL with COPY ... TO STDOUT (through psql, CSV) into pandas,
and the per-group confusion counts computed there, as a data scientist
would.  Prints one warm-up and --runs timed runs in the format of psql's
\\timing ("@@ client pandas ROUND" then "Time: MS ms"), end to end: query,
transfer, parsing and grouping.
"""
import argparse
import io
import subprocess
import sys
import time

import pandas as pd


def one_run(args):
    cmd = ["psql", "-X", "-q", "-h", args.host, "-p", str(args.port),
           "-U", "postgres", "-d", "bench", "-c",
           "COPY (SELECT gender, actual, predicted FROM %s) TO STDOUT (FORMAT csv)"
           % args.table]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    df = pd.read_csv(proc.stdout, names=["gender", "actual", "predicted"],
                     dtype={"gender": "category", "actual": "category",
                            "predicted": "category"},
                     keep_default_na=False, na_values=[""])
    if proc.wait() != 0:
        sys.exit("psql failed")
    a_t = df["actual"] == "t"
    a_f = df["actual"] == "f"
    p_t = df["predicted"] == "t"
    p_f = df["predicted"] == "f"
    cells = pd.DataFrame({"gender": df["gender"],
                          "tp": a_t & p_t, "fp": a_f & p_t,
                          "tn": a_f & p_f, "fn": a_t & p_f})
    out = cells.groupby("gender", dropna=False, observed=True).sum()
    elapsed = time.perf_counter() - t0
    return elapsed, out, len(df)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", required=True)
    p.add_argument("--port", required=True)
    p.add_argument("--table", required=True)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    for r in range(args.runs + 1):
        elapsed, out, n = one_run(args)
        print("@@ client pandas %d" % r)
        print("Time: %.3f ms" % (elapsed * 1000.0))
        sys.stdout.flush()
    print("# pandas %s, %d rows, result:" % (pd.__version__, n))
    buf = io.StringIO()
    out.to_string(buf)
    for line in buf.getvalue().splitlines():
        print("# " + line)


if __name__ == "__main__":
    main()
