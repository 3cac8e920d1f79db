#!/usr/bin/python3
"""Fixtures and reference values for sql/compliance_ll144.sql.

The data reproduce the worked examples of the NYC DCWP final rule on
automated employment decision tools (Notice of Adoption, April 2023; 6 RCNY
5-301, example "resume screening" under (b) and example "culture fit" under
(d)); see test/data/README.md.  This script never uses the extension: it
writes the row-level CSV files and recomputes every table with exact
fractions (Python's fractions module), following the rule's definitions:

  selection rate = selected / applicants of the category;
  scoring rate   = share of the category whose score is strictly above the
                   median score of the full sample (every assessed row, the
                   unknown categories included; median of an even count =
                   mean of the two middle scores);
  impact ratio   = rate / highest rate of the same table;
  unknown        = rows whose attribute of that table is unknown (for the
                   intersection: either), left out of the rates;
  below 2 %      = applicants < 2 % of the table's known applicants.

It also checks the computed tables against the values DCWP printed (rounded
as printed) and reports the published figures that the published counts do
not reproduce.

Run:  /usr/bin/python3 test/data/ll144_reference.py
It rewrites test/data/ll144_selection.csv, ll144_race_only.csv and
ll144_scoring.csv and prints SQL INSERT statements that are pasted into
sql/compliance_ll144.sql between "-- BEGIN reference values" and
"-- END reference values".
"""
import csv
import os
from fractions import Fraction as F

HERE = os.path.dirname(os.path.abspath(__file__))

HL = "Hispanic or Latino"
RACES = ["White", "Black or African American", "Native Hawaiian or Pacific Islander",
         "Asian", "Native American or Alaska Native", "Two or More Races"]

# Example under 5-301(b): intersectional table (applicants, selected).
SEL_INTER = {
    ("Male", HL): (205, 90), ("Female", HL): (190, 82),
    ("Male", "White"): (412, 215), ("Male", "Black or African American"): (226, 95),
    ("Male", "Native Hawaiian or Pacific Islander"): (87, 37), ("Male", "Asian"): (321, 167),
    ("Male", "Native American or Alaska Native"): (24, 11), ("Male", "Two or More Races"): (115, 52),
    ("Female", "White"): (385, 197), ("Female", "Black or African American"): (164, 75),
    ("Female", "Native Hawaiian or Pacific Islander"): (32, 15), ("Female", "Asian"): (295, 135),
    ("Female", "Native American or Alaska Native"): (17, 7), ("Female", "Two or More Races"): (98, 44),
}
# Same example: race/ethnicity table as published.
SEL_RACE = {HL: (408, 204), "White": (797, 412), "Black or African American": (390, 170),
            "Native Hawaiian or Pacific Islander": (119, 52), "Asian": (616, 302),
            "Native American or Alaska Native": (41, 18), "Two or More Races": (213, 96)}
# published rates (%) and impact ratios, as printed
PUB_SEL_SEX = {"Male": (48, "1.00"), "Female": (47, "0.979")}
PUB_SEL_RACE = {HL: (50, "0.97"), "White": (52, "1.00"), "Black or African American": (44, "0.84"),
                "Native Hawaiian or Pacific Islander": (44, "0.85"), "Asian": (49, "0.95"),
                "Native American or Alaska Native": (44, "0.85"), "Two or More Races": (45, "0.87")}
PUB_SEL_INTER = {
    ("Male", HL): ("43.9", "0.841"), ("Female", HL): ("43.2", "0.827"),
    ("Male", "White"): ("52.2", "1.000"), ("Male", "Black or African American"): ("42.0", "0.806"),
    ("Male", "Native Hawaiian or Pacific Islander"): ("42.5", "0.815"), ("Male", "Asian"): ("52.0", "0.997"),
    ("Male", "Native American or Alaska Native"): ("45.8", "0.878"), ("Male", "Two or More Races"): ("45.2", "0.866"),
    ("Female", "White"): ("51.2", "0.981"), ("Female", "Black or African American"): ("45.7", "0.876"),
    ("Female", "Native Hawaiian or Pacific Islander"): ("46.9", "0.898"), ("Female", "Asian"): ("45.8", "0.877"),
    ("Female", "Native American or Alaska Native"): ("41.2", "0.789"), ("Female", "Two or More Races"): ("44.9", "0.860"),
}
SEL_UNKNOWN = 250

# Example under 5-301(d) ("culture fit" scores): (applicants, scoring rate as printed).
SCO_INTER = {
    ("Male", HL): (16, "75"), ("Female", HL): (12, "50"),
    ("Male", "White"): (20, "35"), ("Male", "Black or African American"): (20, "50"),
    ("Male", "Native Hawaiian or Pacific Islander"): (4, "75"), ("Male", "Asian"): (12, "58.3"),
    ("Male", "Native American or Alaska Native"): (8, "62.5"), ("Male", "Two or More Races"): (12, "50"),
    ("Female", "White"): (20, "40"), ("Female", "Black or African American"): (12, "50"),
    ("Female", "Native Hawaiian or Pacific Islander"): (4, "50"), ("Female", "Asian"): (12, "25"),
    ("Female", "Native American or Alaska Native"): (8, "62.5"), ("Female", "Two or More Races"): (8, "50"),
}
PUB_SCO_INTER_RATIO = {
    ("Male", HL): "1.00", ("Female", HL): "0.67", ("Male", "White"): "0.47",
    ("Male", "Black or African American"): "0.67", ("Male", "Native Hawaiian or Pacific Islander"): "1.00",
    ("Male", "Asian"): "0.78", ("Male", "Native American or Alaska Native"): "0.83",
    ("Male", "Two or More Races"): "0.67", ("Female", "White"): "0.53",
    ("Female", "Black or African American"): "0.67", ("Female", "Native Hawaiian or Pacific Islander"): "0.67",
    ("Female", "Asian"): "0.33", ("Female", "Native American or Alaska Native"): "0.83",
    ("Female", "Two or More Races"): "0.67",
}
PUB_SCO_SEX = {"Male": (92, "54.3", "1.00"), "Female": (76, "44.7", "0.82")}
PUB_SCO_RACE = {HL: (28, "64.2", "1.00"), "White": (40, "37.5", "0.58"),
                "Black or African American": (32, "50.0", "0.78"),
                "Native Hawaiian or Pacific Islander": (8, "62.5", "0.97"), "Asian": (24, "41.7", "0.65"),
                "Native American or Alaska Native": (16, "62.5", "0.97"),
                "Two or More Races": (20, "50.0", "0.78")}
SCO_UNKNOWN = 15


def rows_selection():
    rows = []
    for (sx, re), (n, k) in SEL_INTER.items():
        rows += [(sx, re, "t" if i < k else "f") for i in range(n)]
    # the 250 unknown: sex and race/ethnicity unknown, some selected
    rows += [(None, None, "t" if i % 3 == 0 else "f") for i in range(SEL_UNKNOWN)]
    return rows


def rows_race_only():
    rows = []
    for re, (n, k) in SEL_RACE.items():
        rows += [(None, re, "t" if i < k else "f") for i in range(n)]
    return rows


def rows_scoring():
    """Scores 0-100: the published number above the median get 50..99, the
    others 1..40; the 15 unknown are 7 above (95) and 8 below (10), so the
    full sample of 183 has its median (rank 92) at the top of the low group
    and exactly the published counts lie strictly above it."""
    rows = []
    for (sx, re), (n, pct) in SCO_INTER.items():
        k = int(F(pct) * n / 100 + F(1, 2))      # 58.3 % of 12 = 7, 62.5 % of 8 = 5
        for i in range(n):
            score = 50 + (i * 7) % 50 if i < k else 1 + (i * 3) % 40
            rows.append((sx, re, score))
    unk = [(None, None)]
    for i in range(SCO_UNKNOWN):
        sx, re = unk[0]
        rows.append((sx, re, 95 if i < 7 else 10))
    return rows


def median(values):
    v = sorted(values)
    n = len(v)
    return F(v[n // 2]) if n % 2 else F(v[n // 2 - 1] + v[n // 2], 2)


def tables(rows, hit, exclude_small=False):
    """rows: (sex, race, x); hit(x) -> bool.  Returns the report rows."""
    out = []
    specs = [("sex", lambda r: (r[0],) if r[0] is not None else None),
             ("race_ethnicity", lambda r: (r[1],) if r[1] is not None else None),
             ("intersectional", lambda r: (r[0], r[1]) if r[0] is not None and r[1] is not None else None)]
    for name, key in specs:
        cnt, sel, unknown_n, unknown_k = {}, {}, 0, 0
        for r in rows:
            kk = key(r)
            if kk is None:
                unknown_n += 1
                unknown_k += hit(r[2])
            else:
                cnt[kk] = cnt.get(kk, 0) + 1
                sel[kk] = sel.get(kk, 0) + hit(r[2])
        known = sum(cnt.values())
        rate = {kk: F(sel[kk], cnt[kk]) for kk in cnt}
        small = {kk: cnt[kk] * 50 < known for kk in cnt}
        cand = [rate[kk] for kk in cnt if not (exclude_small and small[kk])]
        top = max(cand) if cand else None
        for kk in sorted(cnt):
            ratio = None if (exclude_small and small[kk]) or not top else rate[kk] / top
            out.append((name, kk, cnt[kk], sel[kk], rate[kk], ratio, small[kk]))
        out.append((name, None, unknown_n, unknown_k, None, None, None))
    return out


def sqlnum(x):
    return "NULL" if x is None else repr(float(x))


def emit(label, report):
    for name, kk, n, k, rate, ratio, small in report:
        sx = kk[0] if kk and name != "race_ethnicity" else None
        re = kk[-1] if kk and name != "sex" else None
        q = lambda s: "NULL" if s is None else "'" + s.replace("'", "''") + "'"
        print(f"INSERT INTO ll144_expected VALUES ({q(label)}, {q(name)}, {q(sx)}, {q(re)}, {n}, {k}, "
              f"{sqlnum(rate)}, {sqlnum(ratio)}, {'NULL' if small is None else str(small).lower()});")


def check_published(report, pub, fmt_rate, fmt_ratio, what):
    bad = []
    for name, kk, n, k, rate, ratio, small in report:
        if kk is None or kk not in pub:
            continue
        want_rate, want_ratio = pub[kk]
        got_rate = fmt_rate(rate, want_rate)
        got_ratio = fmt_ratio(ratio, want_ratio)
        if got_rate != str(want_rate) or got_ratio != want_ratio:
            bad.append(f"{what} {kk}: published {want_rate} % / {want_ratio}, "
                       f"the published counts give {got_rate} % / {got_ratio}")
    return bad


def rnd(x, places):
    q = F(10) ** places
    v = (x * q + F(1, 2)).__floor__() / q
    return f"{float(v):.{places}f}"


def decimals(s):
    return len(s.split(".")[1]) if "." in str(s) else 0


def main():
    sel = rows_selection()
    race_only = rows_race_only()
    sco = rows_scoring()
    with open(os.path.join(HERE, "ll144_selection.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sex", "race_ethnicity", "selected"])
        w.writerows([("" if a is None else a, "" if b is None else b, c) for a, b, c in sel])
    with open(os.path.join(HERE, "ll144_race_only.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sex", "race_ethnicity", "selected"])
        w.writerows([("" if a is None else a, "" if b is None else b, c) for a, b, c in race_only])
    with open(os.path.join(HERE, "ll144_scoring.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sex", "race_ethnicity", "score"])
        w.writerows([("" if a is None else a, "" if b is None else b, c) for a, b, c in sco])

    m = median([r[2] for r in sco])
    rep_sel = tables(sel, lambda x: x == "t")
    rep_race = tables(race_only, lambda x: x == "t")
    rep_sco = tables(sco, lambda x: x > m)
    rep_sel_x = tables(sel, lambda x: x == "t", exclude_small=True)

    print("-- BEGIN reference values (test/data/ll144_reference.py)")
    print(f"-- median score of the full sample: {float(m)!r}")
    emit("selection", rep_sel)
    emit("race_only", rep_race)
    emit("scoring", rep_sco)
    emit("selection_excl", rep_sel_x)
    print("-- END reference values")

    # against the printed tables
    fr = lambda r, w: rnd(r * 100, decimals(w))
    fi = lambda r, w: rnd(r, decimals(w))
    notes = []
    notes += check_published([x for x in rep_sel if x[0] == "sex"], {(k,): v for k, v in PUB_SEL_SEX.items()},
                             fr, fi, "selection/sex")
    notes += check_published([x for x in rep_race if x[0] == "race_ethnicity"],
                             {(k,): v for k, v in PUB_SEL_RACE.items()}, fr, fi, "selection/race (race_only data)")
    notes += check_published([x for x in rep_sel if x[0] == "intersectional"], PUB_SEL_INTER, fr, fi,
                             "selection/intersectional")
    notes += check_published([x for x in rep_sco if x[0] == "sex"],
                             {(k,): (v[1], v[2]) for k, v in PUB_SCO_SEX.items()}, fr, fi, "scoring/sex")
    notes += check_published([x for x in rep_sco if x[0] == "race_ethnicity"],
                             {(k,): (v[1], v[2]) for k, v in PUB_SCO_RACE.items()}, fr, fi, "scoring/race")
    notes += check_published([x for x in rep_sco if x[0] == "intersectional"],
                             {k: (SCO_INTER[k][1], v) for k, v in PUB_SCO_INTER_RATIO.items()}, fr, fi,
                             "scoring/intersectional")
    race_sel_from_inter = {x[1][0]: (x[2], x[3]) for x in rep_sel if x[0] == "race_ethnicity" and x[1]}
    for re, v in SEL_RACE.items():
        if race_sel_from_inter[re] != v:
            notes.append(f"selection/race {re}: published {v[0]} applicants, {v[1]} selected; "
                         f"the published intersectional table sums to {race_sel_from_inter[re]}")
    print("-- differences from the printed example tables:")
    for n in notes:
        print("--   " + n)


if __name__ == "__main__":
    main()
