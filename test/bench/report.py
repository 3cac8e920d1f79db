#!/usr/bin/python3
"""Report of test/bench/run.sh: reads the files the run left in its output
directory and prints a Markdown report (tables of timings, ratios measured
in the same run, state size per group, targets of issue #7).

Usage: report.py OUTDIR
"""
import os
import re
import statistics
import sys


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def read_timings(path, sched=None):
    """{(workers, name): [seconds of rounds 1..n]} from psql \\timing output;
    fills sched[(workers, name)] with [(cpu s, run-queue wait s)] from the
    backend's /proc/self/schedstat read around each query."""
    times = {}
    pending = None
    if not os.path.exists(path):
        return times
    with open(path) as f:
        for line in f:
            m = re.match(r"^@@sched (\S+) (\S+) (\d+) (\d+) (\d+) (\d+) (\d+)$", line.strip())
            if m:
                if sched is not None and int(m.group(3)) > 0:
                    c0, w0, c1, w1 = (int(m.group(i)) for i in range(4, 8))
                    sched.setdefault((m.group(1), m.group(2)), []).append(
                        ((c1 - c0) / 1e9, (w1 - w0) / 1e9))
                continue
            m = re.match(r"^@@ (\S+) (\S+) (\d+)$", line.strip())
            if m:
                pending = (m.group(1), m.group(2), int(m.group(3)))
                continue
            m = re.match(r"^Time: ([0-9.]+) ms", line.strip())
            if m and pending is not None:
                w, name, rnd = pending
                if rnd > 0:             # round 0 is the warm-up
                    times.setdefault((w, name), []).append(float(m.group(1)) / 1000.0)
                pending = None
    return times


def fmt_s(x):
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    if x >= 1:
        return "%.2f" % x
    if x >= 0.1:
        return "%.3f" % x
    return "%.4f" % x


def fmt_rate(x):
    if x >= 1e6:
        return "%.1f M" % (x / 1e6)
    if x >= 1e3:
        return "%.1f k" % (x / 1e3)
    return "%.0f" % x


def fmt_int(n):
    return "{:,}".format(int(n)).replace(",", "\u202f")


def main():
    out = sys.argv[1]
    meta = dict((r[0], r[1] if len(r) > 1 else "") for r in read_tsv(os.path.join(out, "meta.tsv")))
    queries = read_tsv(os.path.join(out, "queries.tsv"))
    skipped = read_tsv(os.path.join(out, "skipped.tsv"))
    plans = dict(((r[0], r[1]), r[2]) for r in read_tsv(os.path.join(out, "plans.tsv")))
    memory = read_tsv(os.path.join(out, "memory.tsv"))
    sched = {}
    times = read_timings(os.path.join(out, "timing.log"), sched)
    cpu = {k: statistics.median(c for c, _ in v) for k, v in sched.items() if v}
    wait = {k: statistics.median(w for _, w in v) for k, v in sched.items() if v}
    times.update(read_timings(os.path.join(out, "pandas.log")))
    rows = int(meta.get("rows", "0"))
    workers = meta.get("workers", "0 2").split()
    nrows = {"merge": 10000, "report": 1}

    med = {k: statistics.median(v) for k, v in times.items() if v}
    p = print
    p("## Benchmark: %s rows, %s runs per query (after one warm-up)" % (fmt_int(rows), meta.get("runs")))
    p()
    p("* command: `test/bench/run.sh %d`" % rows)
    p("* machine: %s cores (%s), %s; PostgreSQL %s; jit %s; shared_buffers %s; huge_pages %s; table %s, cached"
      % (meta.get("cores"), meta.get("cpu"), meta.get("memory"), meta.get("server"),
         meta.get("jit"), meta.get("shared_buffers"), meta.get("huge_pages"), meta.get("table_size")))
    p("* build: commit %s" % meta.get("commit"))
    p("* load average (1, 5, 15 min) before: %s, after: %s (other work on the machine adds noise)"
      % (meta.get("load_before"), meta.get("load_after")))
    p("* every round runs every query under every setting; ratios are of medians of the same run")
    p("* CPU s: the serial backend's own CPU time (/proc/self/schedstat), unaffected by waiting for a core;"
      " waited s: its time runnable but waiting for a core (other load)")
    p()
    names = [q[0] for q in queries]
    descs = dict((q[0], q[1]) for q in queries)

    for w in workers:
        base_c = med.get((w, "count"))
        base_h = med.get((w, "handwritten"))
        if w == "0":
            p("### Serial (max_parallel_workers_per_gather = 0)")
            p()
            p("| query | median s | min–max s | rows/s | × count(*) | × hand-written | CPU s | CPU × count(*) | CPU × hand-written | waited s |")
            p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        else:
            p("### max_parallel_workers_per_gather = %s" % w)
            p()
            p("| query | workers | median s | min–max s | rows/s | × count(*) | × hand-written | speed-up vs serial |")
            p("|---|---:|---:|---:|---:|---:|---:|---:|")
        for n in names:
            t = times.get((w, n))
            if not t:
                continue
            m = med[(w, n)]
            cells = ["%s" % descs[n]]
            if w != "0":
                cells.append(plans.get((n, w), "?"))
            cells += [fmt_s(m), "%s–%s" % (fmt_s(min(t)), fmt_s(max(t))),
                      fmt_rate(nrows.get(n, rows) / m) if m > 0 else "-",
                      "%.2f" % (m / base_c) if base_c else "-",
                      "%.2f" % (m / base_h) if base_h else "-"]
            if w != "0":
                s = med.get(("0", n))
                cells.append("%.2f" % (s / m) if s else "-")
            else:
                c, cc, ch = cpu.get((w, n)), cpu.get((w, "count")), cpu.get((w, "handwritten"))
                cells += [fmt_s(c) if c else "-",
                          "%.2f" % (c / cc) if c and cc else "-",
                          "%.2f" % (c / ch) if c and ch else "-",
                          fmt_s(wait[(w, n)]) if (w, n) in wait else "-"]
            p("| " + " | ".join(cells) + " |")
        p()

    t = times.get(("client", "pandas"))
    if t:
        m = statistics.median(t)
        c0 = med.get(("0", "count"))
        h0 = med.get(("0", "handwritten"))
        f0 = med.get(("0", "confusion"))
        p("### Export path (client side, end to end)")
        p()
        p("| path | median s | min–max s | rows/s | × count(*) | × hand-written | × fairness.confusion |")
        p("|---|---:|---:|---:|---:|---:|---:|")
        p("| COPY (gender, actual, predicted) TO STDOUT (csv) → pandas read_csv + groupby | %s | %s–%s | %s | %s | %s | %s |"
          % (fmt_s(m), fmt_s(min(t)), fmt_s(max(t)), fmt_rate(rows / m),
             "%.1f" % (m / c0) if c0 else "-", "%.1f" % (m / h0) if h0 else "-",
             "%.1f" % (m / f0) if f0 else "-"))
        p()

    if memory:
        p("### Transition state size")
        p()
        p("| state of | rows | groups | state bytes | bytes per group | final value bytes |")
        p("|---|---:|---:|---:|---:|---:|")
        for r in memory:
            if len(r) < 5:
                continue
            label, nr, g, sb, cb = r[:5]
            p("| %s | %s | %s | %s | %.0f | %s |" % (label, fmt_int(nr), fmt_int(g), fmt_int(sb),
                                                   int(sb) / max(int(g), 1), fmt_int(cb)))
        p()

    # targets of issue #7 (stated for serial, 10 M rows, cached)
    p("### Targets (issue #7)")
    p()
    p("| target | measured (wall clock) | met | by backend CPU time |")
    p("|---|---:|:---:|---:|")

    def target(label, value, limit, le=True, by_cpu=None):
        if value is None:
            p("| %s | not measured | – | |" % label)
            return
        ok = value <= limit if le else value >= limit
        p("| %s | %.2f | %s | %s |" % (label, value, "yes" if ok else "**no**",
                                      "%.2f" % by_cpu if by_cpu is not None else ""))

    def ratio(a, b, w="0"):
        if (w, a) in med and (w, b) in med:
            return med[(w, a)] / med[(w, b)]
        return None

    def cpu_ratio(a, b, w="0"):
        if cpu.get((w, a)) and cpu.get((w, b)):
            return cpu[(w, a)] / cpu[(w, b)]
        return None

    target("fairness.confusion ≤ 0.4 × hand-written SQL (serial)", ratio("confusion", "handwritten"), 0.4,
           by_cpu=cpu_ratio("confusion", "handwritten"))
    target("fairness.confusion ≤ 2.0 × count(*) (serial)", ratio("confusion", "count"), 2.0,
           by_cpu=cpu_ratio("confusion", "count"))
    target("weighted ≤ 1.3 × fairness.confusion (serial)", ratio("weighted", "confusion"), 1.3,
           by_cpu=cpu_ratio("weighted", "confusion"))
    target("ARRAY[gender, age_band] ≤ 1.3 × fairness.confusion (serial)", ratio("array", "confusion"), 1.3,
           by_cpu=cpu_ratio("array", "confusion"))
    target("fairness.scores ≤ 2 × fairness.confusion (serial)", ratio("scores", "confusion"), 2.0,
           by_cpu=cpu_ratio("scores", "confusion"))
    target("fairness.outcomes ≤ 1.5 × fairness.confusion (serial)", ratio("outcomes", "confusion"), 1.5,
           by_cpu=cpu_ratio("outcomes", "confusion"))
    for w in workers:
        if w == "0":
            continue
        for n in ["confusion", "weighted", "array", "sliced", "scores", "outcomes", "merge"]:
            if plans.get((n, w)) == "0":
                p("| %s workers ≥ 1.7 × faster than serial: %s | no parallel plan (planner's choice) | – | |" % (w, n))
            elif ("0", n) in med and (w, n) in med:
                target("%s workers ≥ 1.7 × faster than serial: %s" % (w, n),
                       med[("0", n)] / med[(w, n)], 1.7, le=False)
    if memory:
        by = {}
        for r in memory:
            if len(r) >= 5:
                key = r[0].rsplit(",", 1)[0]
                by.setdefault(key, set()).add(r[3])
        same = all(len(v) == 1 for v in by.values())
        p("| state size independent of rows (same groups, more rows) | %s | %s | |"
          % ("equal" if same else "differs", "yes" if same else "**no**"))
    p()
    # targets of issue #15 (serial, cached): intersections
    p("### Targets (issue #15: intersections)")
    p()
    p("| target | measured (wall clock) | met | by backend CPU time |")
    p("|---|---:|:---:|---:|")
    target("fairness.confusion(gender, race, ...) ≤ 1.3 × fairness.confusion(gender, ...) (serial)",
           ratio("confusion2", "confusion"), 1.3, by_cpu=cpu_ratio("confusion2", "confusion"))
    target("fairness.confusion(gender, race, ...) ≤ 0.5 × hand-written GROUP BY gender, race (serial)",
           ratio("confusion2", "handwritten2"), 0.5, by_cpu=cpu_ratio("confusion2", "handwritten2"))
    for n, a, h in [("3", "confusion3", "handwritten3"), ("4", "confusion4", "handwritten4")]:
        for w in workers:
            if (w, a) in med:
                p("| %s attributes, %s workers (reported, no target) | %.2f × one attribute, %.2f × hand-written | | |"
                  % (n, w, ratio(a, "confusion", w) or float("nan"), ratio(a, h, w) or float("nan")))
    if ("0", "array2") in med and ("0", "confusion2") in med:
        p("| ARRAY[gender, race] form, for comparison (serial) | %.2f × the two-argument form | | |"
          % ratio("array2", "confusion2"))
    # parallel speed-up of the aggregate against count(*)'s, same run
    for w in workers:
        if w == "0":
            continue
        if all(k in med for k in [("0", "count"), (w, "count"), ("0", "confusion"), (w, "confusion")]):
            su_count = med[("0", "count")] / med[(w, "count")]
            su_conf = med[("0", "confusion")] / med[(w, "confusion")]
            target("%s workers: speed-up of fairness.confusion ≥ 0.9 × that of count(*) (%.2f vs %.2f)"
                   % (w, su_conf, su_count), su_conf / su_count, 0.9, le=False)
    p()
    if rows != 10000000:
        p("(The targets are stated for 10 000 000 rows; this run has %s.)" % fmt_int(rows))
        p()
    if skipped:
        p("### Skipped")
        p()
        for r in skipped:
            p("* %s: %s" % (r[0], r[1] if len(r) > 1 else ""))
        p()


if __name__ == "__main__":
    main()
