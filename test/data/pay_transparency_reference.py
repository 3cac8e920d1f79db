#!/usr/bin/python3
"""Fixture and reference values for sql/compliance_eu.sql.

Writes test/data/pay_transparency.csv (a synthetic workforce of 213 rows,
deterministic, see make_rows) and recomputes the indicators of Directive (EU)
2023/970 Art. 9(1) (a)-(g) and the Art. 10 flag with exact fractions
(Python's fractions and statistics modules; no use of the extension):

  gap        = (men - women) / men * 100, None when a side is empty or men = 0;
  a, c       = mean and median gap of total pay (base + variable), all workers;
  b, d       = the same for variable pay, over the workers receiving it (> 0);
  e          = receiving variable pay / all workers of the sex * 100;
  f          = quartile bands: the workers of known sex ranked by pay, worker i
               (0-based) occupying [i, i + 1); band q is [(q-1)N/4, qN/4); a
               worker counts by its overlap with the band, and the workers
               sharing one pay value pool their overlaps and split them in
               their women/men proportion (UK SI 2017/172 reg. 13);
  f_threshold = the highest pay with a positive overlap with bands 1-3;
  g, g_base, g_variable = mean gaps per category over all its workers;
  flagged    = |g| >= 5;
  unknown    = rows of neither sex (n_women/n_men: workers of each sex left
               out because their base pay, or on the hourly basis their
               hours, is missing).

Hourly basis: every amount divided by the worker's hours (rows without hours
are left out of it).

Run: /usr/bin/python3 test/data/pay_transparency_reference.py
and paste the printed INSERT lines into sql/compliance_eu.sql between
"-- BEGIN reference values" and "-- END reference values".
"""
import csv
import os
import statistics
from fractions import Fraction as F

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = ["engineering", "operations", "sales"]


def make_rows():
    """213 rows: 200 workers of known sex, 6 of another or no recorded sex,
    4 women and 3 men with a missing base pay or missing hours.  Pay values
    repeat (salary grids), so ties straddle the quartile boundaries."""
    rows = []
    grid = [28000, 31000, 34000, 36500, 39000, 42000, 45500, 51000, 58000, 66000]
    for i in range(200):
        sex = "F" if (i * 7) % 10 < 5 - (i % 3 == 0) else "M"
        cat = CATS[(i * 5) % 3]
        step = (i * 3 + (i // 7)) % 10
        if sex == "F" and step > 6 and i % 4 == 0:
            step -= 3                       # fewer women at the top of the grid
        base = grid[step] + (1000 if cat == "engineering" else 0) + (5000 if cat == "sales" and sex == "F" else 0)
        variable = 0 if i % 3 else ((i * 37) % 9) * 500 + (1500 if sex == "M" else 0)
        hours = [1607, 1607, 1400, 1200, 800][i % 5]
        rows.append((i + 1, sex, cat, base, variable, hours))
    extra = [("X", "sales", 40000, 0, 1607), (None, "operations", 31000, 500, 1607),
             ("", "engineering", 52000, 2000, 1607), ("X", "sales", 36500, 0, None),
             (None, None, 45500, 0, 1607), ("U", "operations", 28000, 0, 1400),
             ("F", "sales", None, 1000, 1607), ("F", "operations", None, None, None),
             ("F", "engineering", 47000, 0, None), ("F", "sales", 34000, 300, None),
             ("M", "operations", None, 0, 1607), ("M", "sales", 39000, None, None),
             ("M", None, 42000, 2500, 1607)]
    for j, (sex, cat, base, variable, hours) in enumerate(extra):
        rows.append((201 + j, sex, cat, base, variable, hours))
    return rows


def gap(m, w):
    if m is None or w is None or m == 0:
        return None
    return (m - w) / m * 100


def mean(xs):
    return sum(xs, F(0)) / len(xs) if xs else None


def med(xs):
    return statistics.median(sorted(xs)) if xs else None


def report(rows, female="F", male="M", positive_only=False):
    out = []
    for basis in ("annual", "hourly"):
        workers, unknown, left_f, left_m = [], 0, 0, 0
        for (_id, sex, cat, base, variable, hours) in rows:
            g = "F" if sex == female else "M" if sex == male else None
            missing = base is None or (basis == "hourly" and hours is None)
            if missing:
                left_f += g == "F"
                left_m += g == "M"
                continue
            v = F(variable or 0)
            b = F(base)
            if basis == "hourly":
                b, v = b / hours, v / hours
            if g is None:
                unknown += 1
                continue
            workers.append((g, cat, b, v, b + v))
        W = [x for x in workers if x[0] == "F"]
        M = [x for x in workers if x[0] == "M"]
        Wv = [x[3] for x in W if x[3] > 0]
        Mv = [x[3] for x in M if x[3] > 0]
        out.append(("a", basis, None, None, None, gap(mean([x[4] for x in M]), mean([x[4] for x in W])), len(W), len(M), None))
        out.append(("b", basis, None, None, None, gap(mean(Mv), mean(Wv)), len(Wv), len(Mv), None))
        out.append(("c", basis, None, None, None, gap(med([x[4] for x in M]), med([x[4] for x in W])), len(W), len(M), None))
        out.append(("d", basis, None, None, None, gap(med(Mv), med(Wv)), len(Wv), len(Mv), None))
        out.append(("e", basis, None, None, female, F(len(Wv) * 100, len(W)) if W else None, len(Wv), None, None))
        out.append(("e", basis, None, None, male, F(len(Mv) * 100, len(M)) if M else None, None, len(Mv), None))
        # quartile bands, worker by worker, then pooled per pay value
        ranked = sorted(workers, key=lambda x: x[4])
        n = len(ranked)
        for q in range(1, 5):
            lo, hi = F(n * (q - 1), 4), F(n * q, 4)
            pooled = {}
            for i, x in enumerate(ranked):
                ov = max(F(0), min(F(i + 1), hi) - max(F(i), lo))
                p = pooled.setdefault(x[4], [F(0), 0, 0])
                p[0] += ov
                p[1 if x[0] == "F" else 2] += 1
            nw = sum((ov * w / (w + m) for ov, w, m in pooled.values()), F(0))
            nm = sum((ov * m / (w + m) for ov, w, m in pooled.values()), F(0))
            tot = nw + nm
            out.append(("f", basis, None, q, female, nw * 100 / tot if tot else None, nw, nm, None))
            out.append(("f", basis, None, q, male, nm * 100 / tot if tot else None, nw, nm, None))
            if q < 4:
                tops = [pay for pay, (ov, w, m) in pooled.items() if ov > 0]
                out.append(("f_threshold", basis, None, q, None, max(tops) if tops else None, None, None, None))
        cats = sorted({x[1] for x in workers}, key=lambda c: (c is None, c or ""))
        for c in cats:
            cw = [x for x in W if x[1] == c]
            cm = [x for x in M if x[1] == c]
            gg = gap(mean([x[4] for x in cm]), mean([x[4] for x in cw]))
            flag = None if gg is None else (gg >= 5 if positive_only else abs(gg) >= 5)
            out.append(("g", basis, c, None, None, gg, len(cw), len(cm), flag))
            out.append(("g_base", basis, c, None, None, gap(mean([x[2] for x in cm]), mean([x[2] for x in cw])),
                        len(cw), len(cm), None))
            out.append(("g_variable", basis, c, None, None, gap(mean([x[3] for x in cm]), mean([x[3] for x in cw])),
                        len(cw), len(cm), None))
        out.append(("unknown", basis, None, None, None, F(unknown), left_f, left_m, None))
    return out


def sql(x):
    if x is None:
        return "NULL"
    if isinstance(x, bool):
        return str(x).lower()
    if isinstance(x, str):
        return "'" + x.replace("'", "''") + "'"
    if isinstance(x, F) and x.denominator != 1:
        return repr(float(x))
    return str(int(x))


def main():
    rows = make_rows()
    with open(os.path.join(HERE, "pay_transparency.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "sex", "category", "base_pay", "variable_pay", "hours"])
        for r in rows:
            w.writerow(["" if v is None else v for v in r])
    print("-- BEGIN reference values (test/data/pay_transparency_reference.py)")
    for label, positive_only in (("both", False), ("positive", True)):
        for r in report(rows, positive_only=positive_only):
            if label == "positive" and r[0] != "g":
                continue
            print(f"INSERT INTO eu_expected VALUES ({sql(label)}, " + ", ".join(sql(v) for v in r) + ");")
    print("-- END reference values")


if __name__ == "__main__":
    main()
