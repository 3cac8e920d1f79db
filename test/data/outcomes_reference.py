#!/usr/bin/python3
"""Reference values for sql/outcomes_reference.sql, computed from
test/data/outcomes_fixture.csv with pandas, scipy and statsmodels only
(nothing here uses the fairness extension):

  * group statistics: pandas count/mean/var(ddof=1)/min/max/sum; weighted:
    statsmodels DescrStatsW(x, weights=w, ddof=1) mean and var (frequency
    weights), Kish's effective size (sum w)^2 / sum w^2;
  * Welch's t-test against the reference group M: scipy.stats.ttest_ind(g,
    ref, equal_var=False) for t and the two-sided p-value, statsmodels
    CompareMeans(...).dof_satt() for the degrees of freedom and
    tconfint_diff(alpha=0.05, usevar="unequal") for the 95% interval;
    weighted: statsmodels CompareMeans(DescrStatsW(g, weights=wg),
    DescrStatsW(ref, weights=wr)).ttest_ind(usevar="unequal") and
    tconfint_diff;
    scipy's t quantiles (used by tconfint_diff) are only accurate to about
    1e-9 for some degrees of freedom, so the interval is also recomputed as
    difference -/+ q * se with q the t quantile from mpmath at 40 digits
    (ci_low_exact, ci_high_exact);
  * Cohen's d: (mean_g - mean_ref) / pooled sd with ddof 1;
  * pay gap (mean_ref - mean_g) / mean_ref (EU Pay Transparency Directive);
  * medians: pandas median (linear interpolation, as percentile_cont);
  * quartile pay bands: pandas quantile([.25, .5, .75]) (linear), band k =
    (Q(k-1), Q(k)], and per band and group the count and shares.

    /usr/bin/python3 test/data/outcomes_reference.py

prints SQL INSERT statements pasted into sql/outcomes_reference.sql between
"-- BEGIN reference values" and "-- END reference values".
"""
import math
import os

import mpmath as mp
import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

HERE = os.path.dirname(os.path.abspath(__file__))
df = pd.read_csv(os.path.join(HERE, "outcomes_fixture.csv"), keep_default_na=False,
                 dtype={"gender": str})
out = []
mp.mp.dps = 40


def t_quantile(p, df):
    """t quantile from the regularized incomplete beta function (mpmath)"""
    def sf(t):
        x = df / (df + t * t)
        return mp.betainc(df / 2, mp.mpf(1) / 2, 0, x, regularized=True) / 2
    return float(mp.findroot(lambda t: sf(t) - (1 - mp.mpf(p)), stats.t.ppf(p, float(df))))


def emit(section, g, item, value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        v = "NULL"
    else:
        v = repr(float(value))
    out.append("('%s', '%s', '%s', %s)" % (section, g, item, v))


def label(g):
    return "(unknown)" if g == "" else g


groups = {label(g): r for g, r in df.groupby("gender")}
groups["(overall)"] = df
for col in ("pay", "bonus"):
    for g, r in groups.items():
        x, w = r[col], r["weight"]
        emit(col, g, "n", len(x))
        emit(col, g, "mean", x.mean())
        emit(col, g, "variance", x.var(ddof=1))
        emit(col, g, "min", x.min())
        emit(col, g, "max", x.max())
        emit(col, g, "sum", x.sum())
        d = DescrStatsW(x.to_numpy(), weights=w.to_numpy(), ddof=1)
        emit(col + "_w", g, "mean", d.mean)
        emit(col + "_w", g, "variance", d.var)
        emit(col + "_w", g, "weight", w.sum())
        emit(col + "_w", g, "effective_n", w.sum() ** 2 / (w ** 2).sum())
    ref = groups["M"]
    for g in ("F", "X", "M"):
        r = groups[g]
        a, b = r[col].to_numpy(), ref[col].to_numpy()
        t, p = stats.ttest_ind(a, b, equal_var=False)
        cm = CompareMeans(DescrStatsW(a), DescrStatsW(b))
        lo, hi = cm.tconfint_diff(alpha=0.05, usevar="unequal")
        sp = math.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2))
        s = col + "_gap"
        emit(s, g, "difference", a.mean() - b.mean())
        emit(s, g, "ratio", a.mean() / b.mean())
        emit(s, g, "pay_gap", (b.mean() - a.mean()) / b.mean())
        emit(s, g, "t", t)
        emit(s, g, "df", cm.dof_satt())
        emit(s, g, "p_value", p)
        emit(s, g, "ci_low", lo)
        emit(s, g, "ci_high", hi)
        q = t_quantile(0.975, mp.mpf(cm.dof_satt()))
        emit(s, g, "ci_low_exact", a.mean() - b.mean() - q * cm.std_meandiff_separatevar)
        emit(s, g, "ci_high_exact", a.mean() - b.mean() + q * cm.std_meandiff_separatevar)
        emit(s, g, "cohens_d", (a.mean() - b.mean()) / sp)
        # weighted (frequency weights)
        wa, wb = r["weight"].to_numpy(), ref["weight"].to_numpy()
        cmw = CompareMeans(DescrStatsW(a, weights=wa), DescrStatsW(b, weights=wb))
        tw, pw, dfw = cmw.ttest_ind(usevar="unequal")
        low, highw = cmw.tconfint_diff(alpha=0.05, usevar="unequal")
        s = col + "_gap_w"
        emit(s, g, "difference", np.average(a, weights=wa) - np.average(b, weights=wb))
        emit(s, g, "t", tw)
        emit(s, g, "df", dfw)
        emit(s, g, "p_value", pw)
        emit(s, g, "ci_low", low)
        emit(s, g, "ci_high", highw)
        q = t_quantile(0.975, mp.mpf(dfw))
        dw = np.average(a, weights=wa) - np.average(b, weights=wb)
        emit(s, g, "ci_low_exact", dw - q * cmw.std_meandiff_separatevar)
        emit(s, g, "ci_high_exact", dw + q * cmw.std_meandiff_separatevar)
    # medians and median gaps against M
    mref = groups["M"][col].median()
    for g, r in groups.items():
        if g == "(overall)":
            continue
        m = r[col].median()
        emit(col + "_median", g, "n", len(r))
        emit(col + "_median", g, "median", m)
        if g != "(unknown)":
            emit(col + "_median", g, "median_gap", (mref - m) / mref if mref != 0 else None)

# outcome_report: the t interval of each group's mean, mean -/+ q sd / sqrt(n)
# with q the mpmath t quantile (statsmodels' DescrStatsW.tconfint_mean uses
# scipy's less accurate quantile), and Welch's p-values (above)
for g, r in groups.items():
    if g == "(overall)":
        continue
    x = r["pay"].to_numpy()
    q = t_quantile(0.975, mp.mpf(len(x) - 1))
    se = x.std(ddof=1) / math.sqrt(len(x))
    emit("report", g, "mean_ci_low", x.mean() - q * se)
    emit("report", g, "mean_ci_high", x.mean() + q * se)
    lo, hi = DescrStatsW(x).tconfint_mean(alpha=0.05)
    emit("report", g, "mean_ci_low_statsmodels", lo)
    emit("report", g, "mean_ci_high_statsmodels", hi)

# multi-attribute groups: gender x dept means (unweighted)
for (g, d), r in df.groupby(["gender", "dept"]):
    emit("pay_multi", '["%s","%s"]' % (g, d) if g != "" else '[null,"%s"]' % d, "mean", r["pay"].mean())
    emit("pay_multi", '["%s","%s"]' % (g, d) if g != "" else '[null,"%s"]' % d, "variance",
         r["pay"].var(ddof=1) if len(r) > 1 else None)

# quartile pay bands of pay
q = df["pay"].quantile([0.25, 0.5, 0.75]).to_numpy()
band = np.where(df["pay"] <= q[0], 1, np.where(df["pay"] <= q[1], 2, np.where(df["pay"] <= q[2], 3, 4)))
df["band"] = band
for k in range(1, 5):
    inband = df[df["band"] == k]
    for g in ["F", "M", "X", ""]:
        n = int((inband["gender"] == g).sum())
        emit("quartiles", "%d:%s" % (k, label(g)), "n", n)
        emit("quartiles", "%d:%s" % (k, label(g)), "share_of_band", n / len(inband))
        emit("quartiles", "%d:%s" % (k, label(g)), "share_of_group", n / int((df["gender"] == g).sum()))
    emit("quartiles", "%d" % k, "band_lower", inband["pay"].min())
    emit("quartiles", "%d" % k, "band_upper", inband["pay"].max())

print("INSERT INTO expected VALUES")
print(",\n".join(out) + ";")
