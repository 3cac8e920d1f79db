#!/usr/bin/python3
"""Reference values for sql/report_reference.sql, computed with scipy and
statsmodels (and exact arithmetic where a definition calls for it); the
extension is never called.

What is computed, for every case (a summary, a reference group, a
confidence level, a minimum group size and an interval method):

  fairness.report, per group and rate
    value            x / n (weighted summaries: the weighted rate p_w)
    ci_low, ci_high  statsmodels proportion_confint(x, n, alpha,
                     method='wilson') (Wilson 1927), or method='beta'
                     (Clopper-Pearson) when the case asks for it
    difference and its interval
                     confint_proportions_2indep(x1, n1, x2, n2,
                     compare='diff', method='newcomb')  (Newcombe 1998 #10)
    ratio and its interval
                     confint_proportions_2indep(..., compare='ratio',
                     method='log')  (Katz et al. 1978); undefined (NULL) when
                     x1 = 0 or x2 = 0 (statsmodels returns 0/NaN/inf there)
    test             'fisher-exact' when the smallest expected count of
                     [[x1, n1-x1], [x2, n2-x2]] under independence is < 5
                     and the counts are counts (unweighted summary), else
                     'z-test'
    p_value          Fisher: the sum over the whole support of the
                     hypergeometric P(t) <= P0 (1 + 1e-7), exact binomial
                     coefficients at 50 digits (mpmath), which must equal
                     scipy.stats.fisher_exact(...)[1] to 1e-12 (to 1e-6
                     above 1e7 rows, where scipy 1.10's hypergeom.pmf is
                     only good to ~1e-8: see fisher()); z-test: statsmodels
                     proportions_ztest([x1, x2], [n1, n2])[1] (pooled)
    p_value_midp     Lancaster's mid-p by the definition of src/core/fstats.h:
                     sum of P(t) over the tables less likely than the
                     observed one plus half the sum over the tables tied
                     with it (|P(t) - P0| <= 1e-7 P0); the same from
                     scipy.stats.hypergeom.pmf must agree to 1e-12 up to
                     1e7 rows
    p_value_adjusted statsmodels multipletests(all p-values of the report,
                     method='holm')
    adverse_impact, shortfall, flip_flop (selection_rate only), in exact
                     rational arithmetic (fractions.Fraction), threshold 4/5
    status           src/pg/report_sql.c rules, with the ratio compared to the
                     band [4/5, 5/4] in exact rational arithmetic

  fairness.group_intervals: numerator, denominator, value, Wilson or
  Clopper-Pearson interval, per group and overall.

  fairness.chi_square_test: scipy.stats.chi2_contingency(table,
  correction=False) on the known groups x (predicted true, predicted false)
  table, after dropping all-zero rows and columns.

Weighted summaries: the extension's documented method is x = p_w * n, with
p_w the weighted rate and n the number of rows in the denominator (design
effect 1), and always the z-test; the same x and n are given to statsmodels
here, with p_w and n recomputed with pandas from the rows.

Published worked examples (Newcombe 1998a Table I, Newcombe 1998b example
(a), Fisher's tea tasting) are printed as a separate table, checked here
against statsmodels/scipy to their printed precision.

Run with the system interpreter (scipy 1.10, statsmodels 0.13, pandas):

    /usr/bin/python3 test/data/report_reference.py

It prints SQL statements (17 significant digits, NULL for an undefined
value) that are pasted verbatim between the lines "-- BEGIN reference
values" and "-- END reference values" of sql/report_reference.sql.  The
output is deterministic.
"""
import json
import math
import os
import sys
import warnings
from fractions import Fraction

import mpmath as mp
import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (confint_proportions_2indep,
                                          proportion_confint,
                                          proportions_ztest)

HERE = os.path.dirname(os.path.abspath(__file__))
NAN = math.nan

# The rates of a report, in the extension's order.
METRICS = ["selection_rate", "base_rate", "tpr", "fpr", "tnr", "fnr", "ppv",
           "npv", "fdr", "false_omission_rate", "accuracy"]
CELLS = ["tp", "fp", "tn", "fn", "label_true_pred_null",
         "label_false_pred_null", "label_null_pred_true",
         "label_null_pred_false", "label_null_pred_null"]
THRESHOLD = Fraction(4, 5)      # fairness.impact_ratio_threshold = 0.8
UNKNOWN = "(unknown)"           # how the NULL group is named in the tables


# ---------------------------------------------------------------------------
# Groups: for every rate, the successes and trials (and weighted rate)
# ---------------------------------------------------------------------------

def metric_counts(c):
    """(numerator, denominator) of every rate, from the 9 cells c (a dict
    of counts or of weight sums)."""
    tp, fp, tn, fn = c["tp"], c["fp"], c["tn"], c["fn"]
    lt, lf = c["label_true_pred_null"], c["label_false_pred_null"]
    up, un = c["label_null_pred_true"], c["label_null_pred_false"]
    return {
        "selection_rate": (tp + fp + up, tp + fp + tn + fn + up + un),
        "base_rate": (tp + fn + lt, tp + fp + tn + fn + lt + lf),
        "tpr": (tp, tp + fn),
        "fpr": (fp, fp + tn),
        "tnr": (tn, fp + tn),
        "fnr": (fn, tp + fn),
        "ppv": (tp, tp + fp),
        "npv": (tn, tn + fn),
        "fdr": (fp, tp + fp),
        "false_omission_rate": (fn, tn + fn),
        "accuracy": (tp + tn, tp + fp + tn + fn),
    }


class Group:
    """One group of a summary: its 9 cell counts and, for a weighted
    summary, its 9 cell weight sums."""

    def __init__(self, name, counts, weights=None):
        self.name = name                # None: the unknown group
        self.counts = {k: int(counts.get(k, 0)) for k in CELLS}
        self.weights = None if weights is None else \
            {k: float(weights.get(k, 0.0)) for k in CELLS}

    @property
    def rows(self):
        return sum(self.counts.values())

    def label(self):
        return UNKNOWN if self.name is None else self.name

    def rate(self, m):
        """(x, n, value, num, den): successes and trials given to the
        interval and test functions, the point estimate, and the numerator
        and denominator that group_intervals shows."""
        cnum, cden = metric_counts(self.counts)[m]
        if self.weights is None:
            value = cnum / cden if cden > 0 else NAN
            return float(cnum), float(cden), value, float(cnum), float(cden)
        wnum, wden = metric_counts(self.weights)[m]
        if not wden > 0:
            # no weight in the denominator: the weighted rate is undefined
            return NAN, float(cden), NAN, wnum, wden
        pw = wnum / wden
        return pw * cden, float(cden), pw, wnum, wden


def groups_from_rows(df, col, weight=None):
    """Groups of a DataFrame with boolean-or-NaN columns pred and act."""
    out = []
    for name, g in df.groupby(df[col], dropna=False, sort=False):
        p, a = g["pred"], g["act"]
        pk, ak = p.notna(), a.notna()
        pt = pk & (p == True)           # noqa: E712
        pf = pk & (p == False)          # noqa: E712
        at = ak & (a == True)           # noqa: E712
        af = ak & (a == False)          # noqa: E712
        masks = {"tp": at & pt, "fp": af & pt, "tn": af & pf, "fn": at & pf,
                 "label_true_pred_null": at & ~pk,
                 "label_false_pred_null": af & ~pk,
                 "label_null_pred_true": ~ak & pt,
                 "label_null_pred_false": ~ak & pf,
                 "label_null_pred_null": ~ak & ~pk}
        counts = {k: int(v.sum()) for k, v in masks.items()}
        weights = None
        if weight is not None:
            w = g[weight]
            weights = {k: float(w[v].sum()) for k, v in masks.items()}
        nm = None if (isinstance(name, float) and math.isnan(name)) else name
        out.append(Group(nm, counts, weights))
    # the extension's order: bytes of the name ("C" collation), unknown last
    out.sort(key=lambda g: (g.name is None, (g.name or "").encode()))
    return out


# ---------------------------------------------------------------------------
# Statistics (scipy / statsmodels)
# ---------------------------------------------------------------------------

def interval(x, n, conf, method):
    if not n > 0 or math.isnan(x):
        return NAN, NAN
    lo, hi = proportion_confint(x, n, alpha=1 - conf,
                                method="beta" if method == "clopper-pearson"
                                else "wilson")
    return float(lo), float(hi)


def newcombe(x1, n1, x2, n2, conf):
    lo, hi = confint_proportions_2indep(x1, n1, x2, n2, compare="diff",
                                        method="newcomb", alpha=1 - conf)
    return float(lo), float(hi)


def katz(x1, n1, x2, n2, conf):
    if x1 == 0 or x2 == 0:
        return NAN, NAN
    lo, hi = confint_proportions_2indep(x1, n1, x2, n2, compare="ratio",
                                        method="log", alpha=1 - conf)
    return float(lo), float(hi)


def min_expected(x1, n1, x2, n2):
    N = n1 + n2
    c1 = x1 + x2
    c2 = N - c1
    return min(n1 * c1, n1 * c2, n2 * c1, n2 * c2) / N


SCIPY_FISHER_NOTES = []


def fisher(x1, n1, x2, n2):
    """Two-sided p-value and mid-p of Fisher's exact test.

    Both are computed from the definition, summing the hypergeometric
    probabilities P(t) of every table of the support, evaluated with exact
    binomial coefficients at 50 digits (mpmath, which scipy depends on):
    p = sum of P(t) <= P0 (1 + 1e-7); p_mid = that sum minus half the
    probability of the tables tied with the observed one, |P(t) - P0| <=
    1e-7 P0 (src/core/fstats.h).  scipy.stats.fisher_exact must give the same
    p-value to 1e-12; only for a population above 1e7 is a larger
    difference accepted (scipy 1.10's hypergeom.pmf loses about log10(N)
    digits there), and then recorded in SCIPY_FISHER_NOTES.
    """
    a, b, c, d = int(x1), int(n1 - x1), int(x2), int(n2 - x2)
    N, K, n = a + b + c + d, a + b, a + c
    if K in (0, N) or n in (0, N):
        pe, pm = mp.mpf(1), mp.mpf(1) / 2     # a single possible table
    else:
        lo, hi = max(0, n - (N - K)), min(n, K)
        den = mp.binomial(N, n)
        P = [mp.binomial(K, t) * mp.binomial(N - K, n - t) / den
             for t in range(lo, hi + 1)]
        p0 = P[a - lo]
        tol = mp.mpf("1e-7") * p0
        tied = sum(q for q in P if abs(q - p0) <= tol)
        less = sum(q for q in P if q < p0 - tol)
        pe, pm = less + tied, less + tied / 2
    p, p_mid = min(float(pe), 1.0), min(float(pm), 1.0)
    ps = float(stats.fisher_exact([[a, b], [c, d]])[1])
    if abs(ps - p) > 1e-12 * p:
        assert N > 10**7 and abs(ps - p) <= 1e-6 * p, (a, b, c, d, ps, p)
        SCIPY_FISHER_NOTES.append(((a, b, c, d), ps, p))
    # the mid-p also from scipy's pmf, where scipy is accurate
    if N <= 10**7 and 0 < K < N and 0 < n < N:
        t = np.arange(max(0, n - (N - K)), min(n, K) + 1)
        P = stats.hypergeom.pmf(t, N, K, n)
        p0 = stats.hypergeom.pmf(a, N, K, n)
        tie = np.abs(P - p0) <= 1e-7 * p0
        sm = float(P[(P < p0) & ~tie].sum() + 0.5 * P[tie].sum())
        assert abs(sm - p_mid) <= 1e-12 * p_mid, (a, b, c, d, sm, p_mid)
    return p, p_mid


def ztest(x1, n1, x2, n2):
    if x1 + x2 == 0 or x1 + x2 == n1 + n2:
        return 1.0                      # the extension: no evidence
    # The statistic is symmetric in successes and failures; give statsmodels
    # the orientation whose pooled proportion is <= 1/2, where its
    # 1 - p_pooled does not cancel (matters only for huge n).
    if (x1 + x2) / (n1 + n2) > 0.5:
        x1, x2 = n1 - x1, n2 - x2
    return float(proportions_ztest([x1, x2], [n1, n2])[1])


def frac(v):
    return Fraction(v) if isinstance(v, float) else Fraction(int(v))


def four_fifths(x1, n1, x2, n2):
    """adverse, shortfall, flip_flop as documented in src/core/freport.h, in
    exact arithmetic; None when the ratio is undefined."""
    if not (n1 > 0 and n2 > 0 and x2 > 0):
        return None
    X1, N1, X2, N2 = frac(x1), frac(n1), frac(x2), frac(n2)
    r = (X1 / N1) / (X2 / N2)
    adverse = r < THRESHOLD
    shortfall = max(0, math.ceil(N1 * X2 / N2 - X1))
    if adverse:
        # one selection moved from the reference group to the group
        if X1 + 1 > N1 or X2 - 1 < 0:
            flip = False
        elif X2 - 1 == 0:
            flip = True                 # reference rate 0: ratio infinite
        else:
            flip = not ((X1 + 1) / N1) / ((X2 - 1) / N2) < THRESHOLD
    else:
        # one selection moved from the group to the reference group
        if X1 - 1 < 0 or X2 + 1 > N2:
            flip = False
        else:
            flip = ((X1 - 1) / N1) / ((X2 + 1) / N2) < THRESHOLD
    return adverse, float(shortfall), flip


def crosses(v, rv):
    """Does v / rv fall outside [4/5, 5/4]?  Exact rational arithmetic on
    the rates (Fractions of the counts, or of the weighted rates)."""
    if v is None or rv is None:
        return False
    if rv == 0:
        return v > 0
    r = v / rv
    return r < THRESHOLD or r > 1 / THRESHOLD


# ---------------------------------------------------------------------------
# fairness.report
# ---------------------------------------------------------------------------

FIELDS_NUM = ["n", "value", "ci_low", "ci_high", "reference_value",
              "difference", "difference_ci_low", "difference_ci_high",
              "ratio", "ratio_ci_low", "ratio_ci_high", "p_value",
              "p_value_midp", "p_value_adjusted", "shortfall"]
FIELDS_TXT = ["reference_group", "test", "adverse_impact", "flip_flop",
              "status"]


def exact_rate(g, m):
    """The rate as an exact Fraction (None if undefined): counts, or the
    weighted rate as the double the pandas sums give."""
    x, n, value, _, _ = g.rate(m)
    if math.isnan(value):
        return None
    if g.weights is None:
        cnum, cden = metric_counts(g.counts)[m]
        return Fraction(cnum, cden)
    return Fraction(value)


def report(groups, reference, conf, min_size, method):
    weighted = groups[0].weights is not None
    alpha = 1 - conf
    ref = next(g for g in groups if g.name == reference)
    ref_supp = ref.rows < min_size
    rows = []
    for g in groups:
        supp = g.name is not None and g.rows < min_size
        for m in METRICS:
            x1, n1, v1, _, _ = g.rate(m)
            x2, n2, v2, _, _ = ref.rate(m)
            r = dict.fromkeys(FIELDS_NUM + FIELDS_TXT)
            r.update(group=g.label(), metric=m, reference_group=reference)
            if g.name is None:
                status = "unknown_group"
            elif supp:
                status = "suppressed"
            elif g is ref:
                status = "reference"
            elif ref_supp:
                status = "reference_suppressed"
            elif math.isnan(v1) or math.isnan(v2):
                status = "insufficient_data"
            else:
                status = None           # decided after Holm
            r["status"] = status
            if status == "suppressed":
                rows.append(r)
                continue
            r["n"] = n1
            r["value"] = v1
            r["ci_low"], r["ci_high"] = interval(x1, n1, conf, method)
            if not ref_supp:
                r["reference_value"] = v2
            if status == "reference" and not math.isnan(v1):
                r["difference"] = 0.0
                if v1 > 0:
                    r["ratio"] = 1.0
            if status is None:
                r["difference"] = v1 - v2
                r["difference_ci_low"], r["difference_ci_high"] = \
                    newcombe(x1, n1, x2, n2, conf)
                if v2 > 0:
                    r["ratio"] = v1 / v2
                    r["ratio_ci_low"], r["ratio_ci_high"] = \
                        katz(x1, n1, x2, n2, conf)
                if not weighted and min_expected(x1, n1, x2, n2) < 5:
                    r["test"] = "fisher-exact"
                    r["p_value"], r["p_value_midp"] = fisher(x1, n1, x2, n2)
                else:
                    r["test"] = "z-test"
                    r["p_value"] = ztest(x1, n1, x2, n2)
                if m == "selection_rate":
                    ff = four_fifths(x1, n1, x2, n2)
                    if ff is not None:
                        r["adverse_impact"], r["shortfall"], r["flip_flop"] = ff
                r["_crossed"] = crosses(exact_rate(g, m), exact_rate(ref, m))
            rows.append(r)
    tested = [r for r in rows if r["status"] is None]
    # Holm over distinct hypotheses: a complementary rate (fnr = 1 - tpr,
    # tnr = 1 - fpr, fdr = 1 - ppv, false_omission_rate = 1 - npv) is the
    # same 2x2 test as its partner and counts once, sharing its adjustment.
    partner = {"fnr": "tpr", "tnr": "fpr", "fdr": "ppv", "false_omission_rate": "npv"}
    family = [r for r in tested if r["metric"] not in partner]
    if family:
        adj = multipletests([r["p_value"] for r in family], method="holm")[1]
        for r, a in zip(family, adj):
            r["p_value_adjusted"] = float(a)
        by_key = {(r["group"], r["metric"]): r for r in family}
        for r in tested:
            if r["metric"] in partner:
                p = by_key[(r["group"], partner[r["metric"]])]
                assert p["p_value"] == r["p_value"] or abs(p["p_value"] - r["p_value"]) <= 1e-12 * max(p["p_value"], 1e-300)
                r["p_value_adjusted"] = p["p_value_adjusted"]
    for r in tested:
        if not r.pop("_crossed"):
            r["status"] = "ok"
        elif r["p_value_adjusted"] < alpha:
            r["status"] = "disparity"
        else:
            r["status"] = "possible_disparity"
    return rows


def group_intervals(groups, conf, method):
    weighted = groups[0].weights is not None
    allc = {k: sum(g.counts[k] for g in groups) for k in CELLS}
    allw = None if not weighted else \
        {k: math.fsum(g.weights[k] for g in groups) for k in CELLS}
    out = []
    for g in groups + [Group("(overall)", allc, allw)]:
        for m in METRICS:
            x, n, value, num, den = g.rate(m)
            lo, hi = interval(x, n, conf, method)
            out.append((g.label(), m, num, den, value, lo, hi))
    return out


def chi_square(groups):
    tab = []
    for g in groups:
        if g.name is None:
            continue
        c = g.counts
        tab.append([c["tp"] + c["fp"] + c["label_null_pred_true"],
                    c["tn"] + c["fn"] + c["label_null_pred_false"]])
    t = np.array(tab, dtype=float)
    n = float(t.sum())
    t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0] if t.size else t
    if t.shape[0] < 2 or t.shape[1] < 2:
        return NAN, NAN, NAN, n
    stat, p, dof, _ = stats.chi2_contingency(t, correction=False)
    return float(stat), float(dof), float(p), n


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

def load_compas():
    df = pd.read_csv(os.path.join(HERE, "compas.csv"))
    assert df.notna().all().all()
    df["pred"] = (df["score"] == 1).astype(object)
    df["act"] = (df["label_value"] == 1).astype(object)
    # the weight of the weighted case: 1, 1.25, 1.5 or 1.75 (exact in
    # binary, so every weight sum is exact whatever the summation order)
    df["w"] = 1 + (df["entity_id"] % 4) * 0.25
    return df


def synth(groups, weighted=False):
    """Groups from {name: {cell: count}} (and {"weights": {...}})."""
    out = []
    for name, cells in groups.items():
        counts = {k: v for k, v in cells.items() if k != "weights"}
        out.append(Group(name, counts, cells.get("weights") if weighted
                         else None))
    out.sort(key=lambda g: (g.name is None, (g.name or "").encode()))
    return out


def sel(x, n):
    """A group with x of n selected and no ground truth."""
    return {"label_null_pred_true": x, "label_null_pred_false": n - x}


def summary_json(groups):
    weighted = groups[0].weights is not None
    gs = []
    for g in groups:
        o = {"group": g.name}
        o.update({k: v for k, v in g.counts.items() if v})
        if weighted:
            o["weights"] = {k: v for k, v in g.weights.items() if v}
        gs.append(o)
    return json.dumps({"version": 1, "attributes": 1, "weighted": weighted,
                       "groups": gs}, separators=(",", ":"))


COMPAS_SQL = "(SELECT fairness.confusion(race, label_value = 1, score = 1) FROM compas)"
COMPAS_W_SQL = ("(SELECT fairness.confusion(race, label_value = 1, score = 1, "
                "1 + (entity_id % 4) * 0.25) FROM compas)")

# Synthetic summaries (the text form takes counts directly: no rows needed)
EDGE = {
    # 0 of n and n of n against a middling reference; the reference 30/60
    "zero_and_all": {"none": sel(0, 50), "all": sel(50, 50),
                     "ref": {"tp": 20, "fp": 10, "tn": 20, "fn": 10}},
    # n = 1 (selected, and not selected), tiny Fisher tables:
    # 1 of 2 against 3 of 3, the reference
    "tiny": {"one_yes": sel(1, 1), "one_no": sel(0, 1), "half": sel(1, 2),
             "ref": sel(3, 3)},
    # 0 of n against a reference with 0 selected: everything 0/0 or 1
    "zero_reference": {"a": sel(0, 5), "b": sel(3, 10), "ref": sel(0, 8)},
    # Fisher's tea tasting: 3 of 4 against 1 of 4 (p = 34/70, mid-p 18/70)
    "tea": {"milk_first": {"tp": 3, "fn": 1}, "tea_first": {"fp": 1, "tn": 3}},
    # Newcombe (1998b) example (a): 56/70 - 48/80
    "newcombe": {"a": sel(56, 70), "b": sel(48, 80)},
    # the four-fifths boundary: 40/60 against 50/60 is exactly 4/5, not
    # below it (in doubles 0.7999999999999999); 39/60 is below; 50/60
    # against 40/60 is exactly 5/4, not above 1/0.8 (1.2500000000000002)
    "four_fifths_boundary": {"exact": sel(40, 60), "below": sel(39, 60),
                             "ref": sel(50, 60)},
    "ratio_five_quarters": {"above": sel(50, 60), "ref": sel(40, 60)},
    # huge n: counts in the hundreds of millions (about 1e9 rows); rates
    # near 0 and 1, a tiny difference, and a 3-row group (Fisher with
    # N = 1e9)
    "huge": {
        "big": {"tp": 123456789, "fp": 23456789, "tn": 300000000,
                "fn": 76543211},
        "close": {"tp": 200000000, "fp": 50000000, "tn": 150000000,
                  "fn": 100000001},
        "rare": {"tp": 5, "fp": 2, "tn": 199999990, "fn": 3},
        "small": {"tp": 1, "tn": 2},
        "ref": {"tp": 200000000, "fp": 50000000, "tn": 150000000,
                "fn": 100000000},
    },
    # shortfall exactly: 7 rows against 142857143 of 1e9 selected needs
    # ceil(7 * 0.142857143) = ceil(1.000000001) = 2 selections; 3 rows
    # against 666666667 of 1e9: ceil(2.000000001) = 3
    "shortfall_huge": {"seven": sel(0, 7), "three": sel(0, 3),
                       "ref": sel(142857143, 1000000000)},
    "shortfall_huge2": {"three": sel(0, 3),
                        "ref": sel(666666667, 1000000000)},
    # small groups (suppressed at the default 10), the unknown group, and
    # a group without ground truth (insufficient_data for the error rates)
    "suppression": {"A": {"tp": 5, "fp": 5, "tn": 15, "fn": 15},
                    "B": {"tp": 15, "fp": 15, "tn": 15, "fn": 15},
                    "C": {"tp": 1, "fp": 1, "tn": 2, "fn": 1},
                    "D": sel(6, 20),
                    None: {"tp": 3, "fp": 1, "tn": 4, "fn": 4}},
}

# weighted synthetic: group z has rows in tpr's denominator but no weight
# there, so its weighted tpr is undefined; group y's weights are uneven
EDGE_WEIGHTED = {
    "weighted_zero_weight": {
        "y": {"tp": 10, "fp": 5, "tn": 20, "fn": 5,
              "weights": {"tp": 25.5, "fp": 4.0, "tn": 30.25, "fn": 12.0}},
        "z": {"tp": 2, "fp": 3, "tn": 10, "fn": 2,
              "weights": {"fp": 3.0, "tn": 12.5}},
        "ref": {"tp": 12, "fp": 8, "tn": 20, "fn": 10,
                "weights": {"tp": 12.0, "fp": 8.0, "tn": 20.0, "fn": 10.0}},
    },
}

# (case, summary SQL or literal, groups, reference, confidence,
#  min_group_size, interval method)
CASES = []


def build_cases():
    df = load_compas()
    compas = groups_from_rows(df, "race")
    compas_w = groups_from_rows(df, "race", weight="w")
    CASES.extend([
        ("compas_race", COMPAS_SQL, compas, "Caucasian", 0.95, 10, "wilson"),
        ("compas_race_99_cp", COMPAS_SQL, compas, "Caucasian", 0.99, 10,
         "clopper-pearson"),
        ("compas_race_min20", COMPAS_SQL, compas, "Caucasian", 0.95, 20,
         "wilson"),
        ("compas_race_weighted", COMPAS_W_SQL, compas_w, "Caucasian", 0.95,
         10, "wilson"),
    ])
    for name, spec in EDGE.items():
        gs = synth(spec)
        ref = {"tea": "tea_first", "newcombe": "b", "suppression": "B"}.get(
            name, "ref")
        CASES.append((name, summary_json(gs), gs, ref, 0.95,
                      10 if name == "suppression" else 0, "wilson"))
    gs = synth(EDGE["suppression"])
    CASES.append(("suppressed_reference", summary_json(gs), gs, "C", 0.95,
                  10, "wilson"))
    for conf in (0.90, 0.99):
        gs = synth(EDGE["zero_and_all"])
        CASES.append(("zero_and_all_%d" % round(conf * 100),
                      summary_json(gs), gs, "ref", conf, 0, "clopper-pearson"))
    for name, spec in EDGE_WEIGHTED.items():
        gs = synth(spec, weighted=True)
        CASES.append((name, summary_json(gs), gs, "ref", 0.95, 0, "wilson"))


# group_intervals cases: (case, summary SQL, groups, confidence, method)
def interval_cases():
    by = {c[0]: c for c in CASES}
    out = []
    for case, conf, method in [("compas_race", 0.95, "wilson"),
                               ("compas_race", 0.95, "clopper-pearson"),
                               ("compas_race", 0.99, "clopper-pearson"),
                               ("compas_race_weighted", 0.95, "wilson"),
                               ("zero_and_all", 0.90, "wilson"),
                               ("tiny", 0.95, "clopper-pearson"),
                               ("huge", 0.95, "wilson"),
                               ("huge", 0.95, "clopper-pearson"),
                               ("weighted_zero_weight", 0.95, "wilson")]:
        c = by[case]
        out.append(("%s/%s/%s" % (case, conf, method), c[1], c[2], conf,
                    method))
    return out


def chi_cases(df):
    by = {c[0]: c for c in CASES}
    sex = groups_from_rows(df, "sex")
    df2 = df.copy()
    df2["sex_race"] = df2["sex"] + "/" + df2["race"]
    out = [("compas_race", by["compas_race"][1], by["compas_race"][2]),
           ("compas_sex", "(SELECT fairness.confusion(sex, label_value = 1, "
            "score = 1) FROM compas)", sex),
           ("compas_sex_race", "(SELECT fairness.confusion(ARRAY[sex, race], "
            "label_value = 1, score = 1) FROM compas)",
            groups_from_rows(df2, "sex_race")),
           ("compas_race_weighted", by["compas_race_weighted"][1],
            by["compas_race_weighted"][2])]
    for case in ("zero_and_all", "tiny", "huge", "suppression",
                 "zero_reference"):
        out.append((case, by[case][1], by[case][2]))
    # every prediction true: one non-empty column, no test
    gs = synth({"a": sel(5, 5), "b": sel(7, 7)})
    out.append(("one_column", summary_json(gs), gs))
    return out


# Published worked examples: (source, what, expected, tolerance)
PUBLISHED = [
    # Newcombe RG (1998a) Two-sided confidence intervals for the single
    # proportion, Stat Med 17:857-872, Table I, method 3 (Wilson) and
    # method 5 (Clopper-Pearson), 95%
    ("Newcombe 1998a", "wilson 81/263", 81, 263, "wilson", 0.2553, 0.3662),
    ("Newcombe 1998a", "wilson 15/148", 15, 148, "wilson", 0.0624, 0.1605),
    ("Newcombe 1998a", "wilson 0/20", 0, 20, "wilson", 0.0, 0.1611),
    ("Newcombe 1998a", "wilson 1/29", 1, 29, "wilson", 0.0061, 0.1718),
    ("Newcombe 1998a", "clopper-pearson 81/263", 81, 263, "clopper-pearson",
     0.2527, 0.3676),
    ("Newcombe 1998a", "clopper-pearson 15/148", 15, 148, "clopper-pearson",
     0.0578, 0.1617),
    ("Newcombe 1998a", "clopper-pearson 0/20", 0, 20, "clopper-pearson",
     0.0, 0.1684),
    ("Newcombe 1998a", "clopper-pearson 1/29", 1, 29, "clopper-pearson",
     0.0009, 0.1776),
]
# Newcombe RG (1998b) Interval estimation for the difference between
# independent proportions, Stat Med 17:873-890, example (a), method 10
NEWCOMBE_B = (56, 70, 48, 80, 0.0524, 0.3339)


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

class Raw(str):
    """SQL text to print as it is."""


def summary_sql(c):
    return Raw(c if c.startswith("(") else
               "'%s'::fairness.confusion" % c.replace("'", "''"))


def lit(x):
    if isinstance(x, Raw):
        return str(x)
    if x is None:
        return "NULL"
    if isinstance(x, bool):
        return "'true'" if x else "'false'"
    if isinstance(x, str):
        return "'" + x.replace("'", "''") + "'"
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    x = float(x)
    if math.isnan(x):
        return "NULL"
    assert not math.isinf(x)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return "%.17g" % x


def emit(table, columns, rows):
    print("INSERT INTO %s (%s) VALUES" % (table, ", ".join(columns)))
    print(",\n".join("(" + ", ".join(lit(v) for v in r) + ")" for r in rows)
          + ";")


def main():
    mp.mp.dps = 50
    warnings.simplefilter("error")      # a NaN or 0/0 must not slip by
    build_cases()
    df = load_compas()

    print("-- fairness.report cases: %d" % len(CASES))
    emit("rr_cases", ["name", "c", "reference", "confidence",
                      "min_group_size", "interval_method"],
         [(c[0], summary_sql(c[1]), c[3], Raw(repr(c[4])), c[5], c[6])
          for c in CASES])
    cols = ["group_name", "metric"] + FIELDS_NUM[:11] + ["test"] + \
        FIELDS_NUM[11:14] + ["adverse_impact", "shortfall", "flip_flop",
                             "status", "reference_group"]
    rows = []
    for case, _, groups, ref, conf, min_size, method in CASES:
        for r in report(groups, ref, conf, min_size, method):
            r["group_name"] = r["group"]
            rows.append([case] + [r[c] for c in cols])
    print("-- fairness.report: %d rows" % len(rows))
    emit("exp_report", ["name"] + cols, rows)

    icases = interval_cases()
    print("-- fairness.group_intervals cases: %d" % len(icases))
    emit("rr_interval_cases", ["name", "c", "confidence", "interval_method"],
         [(c[0], summary_sql(c[1]), Raw(repr(c[3])), c[4]) for c in icases])
    rows = []
    for case, _, groups, conf, method in icases:
        for r in group_intervals(groups, conf, method):
            rows.append((case,) + r)
    print("-- fairness.group_intervals: %d rows" % len(rows))
    emit("exp_intervals", ["name", "group_name", "metric", "numerator",
                           "denominator", "value", "ci_low", "ci_high"], rows)

    ccases = chi_cases(df)
    print("-- fairness.chi_square_test cases: %d" % len(ccases))
    emit("rr_chi_cases", ["name", "c"],
         [(c[0], summary_sql(c[1])) for c in ccases])
    rows = [(case,) + chi_square(groups) for case, _, groups in ccases]
    print("-- fairness.chi_square_test: %d rows" % len(rows))
    emit("exp_chi_square", ["name", "statistic", "df", "p_value", "n"], rows)

    # published worked examples, checked against statsmodels/scipy here
    rows = []
    for src, what, x, n, method, lo, hi in PUBLISHED:
        slo, shi = interval(x, n, 0.95, method)
        assert abs(slo - lo) <= 5e-5 and abs(shi - hi) <= 5e-5, (what, slo, shi)
        rows.append((src, what, "interval", x, n, None, None, method,
                     "ci_low", lo, 5e-5))
        rows.append((src, what, "interval", x, n, None, None, method,
                     "ci_high", hi, 5e-5))
    x1, n1, x2, n2, lo, hi = NEWCOMBE_B
    slo, shi = newcombe(x1, n1, x2, n2, 0.95)
    assert abs(slo - lo) <= 5e-5 and abs(shi - hi) <= 5e-5
    for f, v in (("difference_ci_low", lo), ("difference_ci_high", hi)):
        rows.append(("Newcombe 1998b", "method 10, 56/70 - 48/80", "report",
                     x1, n1, x2, n2, "wilson", f, v, 5e-5))
    p, pm = fisher(3, 4, 1, 4)
    assert abs(p - 34 / 70) < 1e-15 and abs(pm - 18 / 70) < 1e-15
    for f, v in (("p_value", 34 / 70), ("p_value_midp", 18 / 70)):
        rows.append(("Fisher 1935 tea tasting (Agresti 2002 sec. 3.5)",
                     "3/4 vs 1/4, two-sided", "report", 3, 4, 1, 4, "wilson",
                     f, v, 1e-12))
    print("-- published worked examples: %d values" % len(rows))
    emit("published", ["source", "item", "kind", "x1", "n1", "x2", "n2",
                       "interval_method", "field", "expected", "tolerance"],
         rows)
    for t, ps, p in SCIPY_FISHER_NOTES:
        print("-- note: Fisher %s: scipy 1.10 fisher_exact %.17g, exact %.17g"
              % (list(t), ps, p))


if __name__ == "__main__":
    sys.exit(main())
