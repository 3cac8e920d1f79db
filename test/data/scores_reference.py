#!/usr/bin/python3
"""Reference values for sql/scores_reference.sql, computed from
test/data/scores_fixture.csv with numpy, pandas and scipy only (nothing here
uses the fairness extension; scikit-learn is not installed, so its
definitions are re-implemented from its source, as cited):

  * ROC AUC, exact: the Mann-Whitney statistic with ties counted 1/2 (what
    sklearn.metrics.roc_auc_score computes; with sample_weight, pairs weigh
    w_i w_j);
  * binned AUC and DeLong's standard error: DeLong, DeLong & Clarke-Pearson
    (1988), placement values V10/V01 computed pair by pair (searchsorted
    counts) on the bin numbers of the scores, bin j = [j/1000, (j+1)/1000);
    weighted: frequency weights;
  * Brier score: mean((label - score)^2) (sklearn.metrics.brier_score_loss);
  * calibration: sklearn.calibration.calibration_curve(strategy="uniform"):
    bins = linspace(0, 1, n_bins + 1), binids = searchsorted(bins[1:-1],
    score) (no fixture score lies on an inner edge, asserted below), mean
    score and fraction of positives per non-empty bin; ECE = sum over bins
    of n_bin / n * |fraction - mean score|, MCE = the largest |...|;
  * KS: scipy.stats.ks_2samp(...).statistic;
  * scoring rate (NYC Local Law 144): share of each group with a score above
    the median score of all rows (pandas median), impact ratio = rate / the
    highest rate of a known group;
  * threshold sweep and confusion tables: pandas comparisons score >= t;
  * score_report: Wilson intervals (statsmodels proportion_confint,
    method="wilson") and two-proportion z-tests (statsmodels
    proportions_ztest) of base and scoring rates against the largest group
    A, and the z-test of two independent AUCs from the DeLong standard
    errors above (scipy.stats.norm).

    /usr/bin/python3 test/data/scores_reference.py

prints SQL INSERT statements pasted into sql/scores_reference.sql between
"-- BEGIN reference values" and "-- END reference values".
"""
import math
import os

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

HERE = os.path.dirname(os.path.abspath(__file__))
df = pd.read_csv(os.path.join(HERE, "scores_fixture.csv"), keep_default_na=False,
                 dtype={"grp": str, "label": str})
df["label"] = df["label"].map({"1": 1.0, "0": 0.0, "": math.nan})
NBINS = 1000
EDGES = np.array([0.0] + [(1.0 * j) / NBINS for j in range(1, NBINS)] + [1.0])
GROUPS = ["A", "B", "C", "", None]      # "" = unknown group, None = all rows
out = []


def name(g):
    return "(overall)" if g is None else ("(unknown)" if g == "" else g)


def emit(section, g, item, value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        v = "NULL"
    else:
        v = repr(float(value))
    out.append("('%s', '%s', '%s', %s)" % (section, name(g), item, v))


def rows(g):
    return df if g is None else df[df["grp"] == g]


def bins_of(s):
    return np.minimum(np.searchsorted(EDGES, s, side="right") - 1, NBINS - 1)


def mann_whitney(pos, neg, wp=None, wn=None):
    """sum over pairs of w_i w_j [p > n] + 1/2 [p == n], / (W_pos W_neg)"""
    if wp is None:
        wp = np.ones(len(pos))
        wn = np.ones(len(neg))
    order = np.argsort(neg, kind="stable")
    ns, nw = neg[order], wn[order]
    cw = np.concatenate([[0.0], np.cumsum(nw)])
    lo = np.searchsorted(ns, pos, side="left")
    hi = np.searchsorted(ns, pos, side="right")
    below = cw[lo]
    ties = cw[hi] - cw[lo]
    num = np.sum(wp * (below + 0.5 * ties))
    return num / (wp.sum() * wn.sum())


def delong(pos, neg, wp=None, wn=None):
    """DeLong's variance with placement values, frequency weights"""
    if wp is None:
        wp = np.ones(len(pos))
        wn = np.ones(len(neg))
    P, N = wp.sum(), wn.sum()
    o = np.argsort(neg, kind="stable")
    ns, nw = neg[o], wn[o]
    cn = np.concatenate([[0.0], np.cumsum(nw)])
    v10 = (cn[np.searchsorted(ns, pos, "left")] +
           0.5 * (cn[np.searchsorted(ns, pos, "right")] - cn[np.searchsorted(ns, pos, "left")])) / N
    o = np.argsort(pos, kind="stable")
    ps, pw = pos[o], wp[o]
    cp = np.concatenate([[0.0], np.cumsum(pw)])
    above = P - cp[np.searchsorted(ps, neg, "right")]
    tie = cp[np.searchsorted(ps, neg, "right")] - cp[np.searchsorted(ps, neg, "left")]
    v01 = (above + 0.5 * tie) / P
    auc = np.sum(wp * v10) / P
    s10 = np.sum(wp * (v10 - auc) ** 2) / (P - 1)
    s01 = np.sum(wn * (v01 - auc) ** 2) / (N - 1)
    return auc, math.sqrt(s10 / P + s01 / N)


# --- AUC, exact and binned, unweighted and weighted; Brier -------------------
for g in GROUPS:
    r = rows(g)
    lab = r[r["label"].notna()]
    pos, neg = lab[lab["label"] == 1], lab[lab["label"] == 0]
    emit("auc", g, "n_positive", len(pos))
    emit("auc", g, "n_negative", len(neg))
    if len(pos) and len(neg):
        s_p, s_n = pos["score"].to_numpy(), neg["score"].to_numpy()
        b_p, b_n = bins_of(s_p).astype(float), bins_of(s_n).astype(float)
        emit("auc", g, "auc_exact", mann_whitney(s_p, s_n))
        auc_b, se_b = delong(b_p, b_n)
        emit("auc", g, "auc_binned", auc_b)
        emit("auc", g, "std_error", se_b)
        # tie bound: 1/2 sum_j P_j N_j / (P N)
        cp = np.bincount(bins_of(s_p), minlength=NBINS)
        cn = np.bincount(bins_of(s_n), minlength=NBINS)
        emit("auc", g, "error_bound", 0.5 * np.sum(cp * cn) / (len(pos) * len(neg)))
        # rounded scores: each bin holds one value, so binned = exact
        emit("auc_r", g, "auc_exact", mann_whitney(pos["score_r"].to_numpy(), neg["score_r"].to_numpy()))
        w_p, w_n = pos["weight"].to_numpy(), neg["weight"].to_numpy()
        emit("auc_w", g, "auc_exact", mann_whitney(s_p, s_n, w_p, w_n))
        auc_bw, se_bw = delong(b_p, b_n, w_p, w_n)
        emit("auc_w", g, "auc_binned", auc_bw)
        emit("auc_w", g, "std_error", se_bw)
    y, p, w = lab["label"].to_numpy(), lab["score"].to_numpy(), lab["weight"].to_numpy()
    emit("brier", g, "brier_score", np.mean((y - p) ** 2))
    emit("brier", g, "n", len(lab))
    emit("brier_w", g, "brier_score", np.sum(w * (y - p) ** 2) / np.sum(w))

# --- calibration and ECE (sklearn calibration_curve, uniform) ----------------
cal_edges = np.linspace(0.0, 1.0, 11)
assert not np.isin(df["score"].to_numpy(), cal_edges).any()
for g in GROUPS:
    lab = rows(g)[rows(g)["label"].notna()]
    for nb in (10, 4):
        bins = np.linspace(0.0, 1.0, nb + 1)
        y, p, w = lab["label"].to_numpy(), lab["score"].to_numpy(), lab["weight"].to_numpy()
        ids = np.searchsorted(bins[1:-1], p)
        sums = np.bincount(ids, weights=p, minlength=len(bins))
        true = np.bincount(ids, weights=y, minlength=len(bins))
        total = np.bincount(ids, minlength=len(bins))
        nz = total != 0
        frac, mean = true[nz] / total[nz], sums[nz] / total[nz]
        if nb == 10:
            for k in np.nonzero(nz)[0]:
                emit("calibration", g, "bin%d_n" % (k + 1), total[k])
                emit("calibration", g, "bin%d_mean_score" % (k + 1), sums[k] / total[k])
                emit("calibration", g, "bin%d_observed_rate" % (k + 1), true[k] / total[k])
        d = np.abs(frac - mean)
        emit("ece", g, "ece_%d" % nb, np.sum(total[nz] / total.sum() * d))
        emit("ece", g, "mce_%d" % nb, d.max())
        # weighted: the same with weights
        ws = np.bincount(ids, weights=w * p, minlength=len(bins))
        wt = np.bincount(ids, weights=w * y, minlength=len(bins))
        ww = np.bincount(ids, weights=w, minlength=len(bins))
        nzw = ww > 0
        dw = np.abs(wt[nzw] / ww[nzw] - ws[nzw] / ww[nzw])
        emit("ece_w", g, "ece_%d" % nb, np.sum(ww[nzw] / ww.sum() * dw))

# --- KS between groups (all rows, labelled or not) ----------------------------
for a, b in (("A", "B"), ("A", "C"), ("B", "C")):
    ra, rb = rows(a), rows(b)
    emit("ks", a + "-" + b, "ks_exact", stats.ks_2samp(ra["score"], rb["score"]).statistic)
    emit("ks", a + "-" + b, "ks_r", stats.ks_2samp(ra["score_r"], rb["score_r"]).statistic)

# --- scoring rates (LL144) on the rounded scores -------------------------------
med = df["score_r"].median()
rates = {}
for g in GROUPS:
    r = rows(g)
    rates[name(g)] = (r["score_r"] > med).mean()
    emit("scoring", g, "n_above", int((r["score_r"] > med).sum()))
    emit("scoring", g, "scoring_rate", rates[name(g)])
best = max(rates[name(g)] for g in ("A", "B", "C"))
for g in ("A", "B", "C"):
    emit("scoring", g, "impact_ratio", rates[name(g)] / best)

# --- threshold sweep (steps 10: thresholds j/1000, j = 0, 100, ..., 1000) ---
for g in GROUPS:
    r = rows(g)
    lab = r[r["label"].notna()]
    for k in range(11):
        t = (1.0 * (100 * k)) / NBINS if 0 < k < 10 else float(k // 10)
        sel = r["score"] >= t
        tp = ((lab["score"] >= t) & (lab["label"] == 1)).sum()
        fp = ((lab["score"] >= t) & (lab["label"] == 0)).sum()
        P, N = (lab["label"] == 1).sum(), (lab["label"] == 0).sum()
        emit("sweep", g, "t%d_selection_rate" % k, sel.mean())
        emit("sweep", g, "t%d_tpr" % k, tp / P if P else None)
        emit("sweep", g, "t%d_fpr" % k, fp / N if N else None)
        emit("sweep", g, "t%d_ppv" % k, tp / (tp + fp) if tp + fp else None)

# --- the confusion table of score >= 0.5 -------------------------------------
for g in GROUPS[:-1]:
    r = rows(g)
    pred = r["score"] >= 0.5
    lab = r["label"]
    emit("at_threshold", g, "tp", int((pred & (lab == 1)).sum()))
    emit("at_threshold", g, "fp", int((pred & (lab == 0)).sum()))
    emit("at_threshold", g, "tn", int((~pred & (lab == 0)).sum()))
    emit("at_threshold", g, "fn", int((~pred & (lab == 1)).sum()))
    emit("at_threshold", g, "label_null", int(lab.isna().sum()))

# --- score_report: intervals and tests against the largest group, A -------
def delong_of(g):
    lab = rows(g)[rows(g)["label"].notna()]
    pos, neg = lab[lab["label"] == 1], lab[lab["label"] == 0]
    return delong(bins_of(pos["score"].to_numpy()).astype(float),
                  bins_of(neg["score"].to_numpy()).astype(float))


auc_a, se_a = delong_of("A")
for g in ("A", "B", "C", ""):
    r = rows(g)
    lab = r[r["label"].notna()]
    k, n = int((lab["label"] == 1).sum()), len(lab)
    lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
    emit("report", g, "base_rate_ci_low", lo)
    emit("report", g, "base_rate_ci_high", hi)
    if g in ("B", "C"):
        la = rows("A")[rows("A")["label"].notna()]
        ka, na = int((la["label"] == 1).sum()), len(la)
        emit("report", g, "base_rate_p", proportions_ztest([k, ka], [n, na])[1])
        auc_g, se_g = delong_of(g)
        emit("report", g, "auc_p", 2 * stats.norm.sf(abs(auc_g - auc_a) / math.sqrt(se_g ** 2 + se_a ** 2)))
        # scoring rate: above the median of all rows, whose bin is that of
        # the median score (the scores are continuous: one value per bin)
        mbin = bins_of(np.array([np.sort(df["score"].to_numpy())[(len(df) - 1) // 2]]))[0]
        ra = rows("A")
        kg = int((bins_of(r["score"].to_numpy()) > mbin).sum())
        kA = int((bins_of(ra["score"].to_numpy()) > mbin).sum())
        emit("report", g, "scoring_rate_p", proportions_ztest([kg, kA], [len(r), len(ra)])[1])

print("INSERT INTO expected VALUES")
print(",\n".join(out) + ";")
