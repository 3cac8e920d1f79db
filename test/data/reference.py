#!/usr/bin/python3
"""Reference values for sql/real_data.sql, computed with pandas only.

Nothing here uses the fairness extension (nor fairlearn/aequitas, which are
not installed here): every count and rate is recomputed from the CSV rows
with pandas, following the published definitions

  * per-group rates (Aequitas / Fairlearn): selection rate = mean of the
    prediction, base rate = mean of the label, TPR = mean prediction among
    actual positives, FPR = mean prediction among actual negatives, PPV =
    mean label among predicted positives, ... (see rates() below);
  * Fairlearn between-groups aggregation: difference = max - min, ratio =
    min / max; to_overall: max |r_g - r_all|, min of min(r_g/r_all,
    r_all/r_g); equalized odds (agg worst_case) = the worse of TPR and FPR;
  * Aequitas disparities: group rate / reference group rate (and the
    difference group rate - reference rate);
  * SageMaker Clarify pre-training bias of each group d against the rest a of
    the groups: CI = (n_a - n_d) / (n_a + n_d), DPL = q_a - q_d with q the mean
    label.

Run from anywhere with the system interpreter:

    /usr/bin/python3 test/data/reference.py

It prints SQL INSERT ... VALUES statements (15 significant digits, NULL for
an undefined rate), which are pasted verbatim into sql/real_data.sql between
the lines "-- BEGIN reference values" and "-- END reference values".
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))

COUNT_METRICS = ["n", "tp", "fp", "tn", "fn", "label_null", "prediction_null",
                 "predicted_positive", "labeled_and_predicted"]
RATE_METRICS = ["representation", "selection_rate", "base_rate", "tpr", "fpr",
                "tnr", "fnr", "ppv", "npv", "fdr", "false_omission_rate",
                "accuracy", "f1", "positive_share"]
# the rates Aequitas computes disparities for (ppr, pprev, precision, fdr,
# for, fpr, fnr, tpr, tnr, npv), under the extension's names
DISPARITY_METRICS = ["positive_share", "selection_rate", "ppv", "fdr",
                     "false_omission_rate", "fpr", "fnr", "tpr", "tnr", "npv"]


def load(name):
    df = pd.read_csv(os.path.join(HERE, name))
    assert df.notna().all().all(), name + " has missing values"
    assert set(df["score"].unique()) <= {0, 1}
    assert set(df["label_value"].unique()) <= {0, 1}
    df["pred"] = df["score"] == 1
    df["act"] = df["label_value"] == 1
    return df


def mean(s):
    """Mean of a boolean series; NaN (undefined) when it is empty."""
    return float(s.mean()) if len(s) else math.nan


def rates(g, n_all, pos_all):
    """Counts and rates of the rows g (a group, or all rows)."""
    p, a = g["pred"], g["act"]
    tp = int((p & a).sum())
    fp = int((p & ~a).sum())
    tn = int((~p & ~a).sum())
    fn = int((~p & a).sum())
    r = {
        "n": len(g), "tp": tp, "fp": fp, "tn": tn, "fn": fn,
        "label_null": int(g["label_value"].isna().sum()),
        "prediction_null": int(g["score"].isna().sum()),
        "predicted_positive": int(p.sum()),
        "labeled_and_predicted": int((g["label_value"].notna() &
                                      g["score"].notna()).sum()),
        "representation": len(g) / n_all,
        "selection_rate": mean(p),
        "base_rate": mean(a),
        "tpr": mean(p[a]),
        "fpr": mean(p[~a]),
        "tnr": mean(~p[~a]),
        "fnr": mean(~p[a]),
        "ppv": mean(a[p]),
        "npv": mean(~a[~p]),
        "fdr": mean(~a[p]),
        "false_omission_rate": mean(a[~p]),
        "accuracy": mean(p == a),
        "f1": (2 * tp / (2 * tp + fp + fn)) if (2 * tp + fp + fn) else math.nan,
        "positive_share": int(p.sum()) / pos_all if pos_all else math.nan,
    }
    return r


def group_names(df, cols):
    if len(cols) == 1:
        return df[cols[0]].astype(str)
    # a multi-attribute group is named by the JSON array of its values
    return df[cols].apply(
        lambda row: json.dumps(list(row), separators=(",", ":")), axis=1)


def per_group(df, cols):
    """DataFrame indexed by group name, plus the overall row (None key)."""
    names = group_names(df, cols)
    n_all, pos_all = len(df), int(df["pred"].sum())
    rows = {name: rates(g, n_all, pos_all) for name, g in df.groupby(names)}
    table = pd.DataFrame.from_dict(rows, orient="index")
    overall = rates(df, n_all, pos_all)
    return table, overall


def between(v):
    v = v.dropna()
    diff = v.max() - v.min() if len(v) >= 2 else math.nan
    ratio = v.min() / v.max() if len(v) >= 2 and v.max() > 0 else math.nan
    return diff, ratio


def to_overall(v, overall):
    v = v.dropna()
    diff = (v - overall).abs().max()
    if overall > 0:
        r = v / overall
        r = r.where(r <= 1, 1 / r)      # Fairlearn: min(r_g/r_all, r_all/r_g)
        ratio = r.min()
    else:
        ratio = math.nan
    return diff, ratio


def parity(table, overall):
    out = {}
    for method in ("between_groups", "to_overall"):
        def agg(m):
            if method == "between_groups":
                return between(table[m])
            return to_overall(table[m], overall[m])
        dp_d, dp_r = agg("selection_rate")
        tpr_d, tpr_r = agg("tpr")
        fpr_d, fpr_r = agg("fpr")
        out[(method, "demographic_parity_difference")] = dp_d
        out[(method, "demographic_parity_ratio")] = dp_r
        out[(method, "equal_opportunity_difference")] = tpr_d
        out[(method, "equal_opportunity_ratio")] = tpr_r
        out[(method, "equalized_odds_difference")] = max(tpr_d, fpr_d)
        out[(method, "equalized_odds_ratio")] = min(tpr_r, fpr_r)
    return out


def clarify(df, cols):
    names = group_names(df, cols)
    out = {}
    for d in sorted(names.unique()):
        in_d = names == d
        nd, na = int(in_d.sum()), int((~in_d).sum())
        qd = df.loc[in_d, "label_value"].mean()
        qa = df.loc[~in_d, "label_value"].mean()
        out[d] = {"n": nd, "n_compared": na,
                  "class_imbalance": (na - nd) / (na + nd),
                  "label_proportion_difference": qa - qd,
                  "label_proportion": qd}
    return out


def lit(x):
    if isinstance(x, str):
        return "'" + x.replace("'", "''") + "'"
    if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
        return str(int(x))
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "NULL"
    if isinstance(x, float) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return "%.15g" % x


def emit(table, columns, rows):
    print("INSERT INTO %s (%s) VALUES" % (table, ", ".join(columns)))
    print(",\n".join("(" + ", ".join(lit(v) for v in r) + ")" for r in rows)
          + ";")


SUMMARIES = [
    ("compas_race", "compas.csv", ["race"]),
    ("compas_sex", "compas.csv", ["sex"]),
    ("compas_sex_race", "compas.csv", ["sex", "race"]),
    ("adult_gender", "adult.csv", ["gender"]),
    ("adult_race", "adult.csv", ["race"]),
]
DISPARITIES = [
    ("compas_race", "Caucasian"),
    ("compas_sex", "Male"),
]


def main():
    data = {f: load(f) for f in ("compas.csv", "adult.csv")}
    gm_rows, par_rows, dis_rows, pb_rows = [], [], [], []
    for summary, f, cols in SUMMARIES:
        table, overall = per_group(data[f], cols)
        for name in sorted(table.index):
            for m in COUNT_METRICS + RATE_METRICS:
                gm_rows.append((summary, name, m, table.loc[name, m]))
        for m in COUNT_METRICS + RATE_METRICS:
            gm_rows.append((summary, "(overall)", m, overall[m]))
        for (method, fn), v in parity(table, overall).items():
            par_rows.append((summary, fn, method, v))
        for name, vals in clarify(data[f], cols).items():
            for m, v in vals.items():
                pb_rows.append((summary, name, m, v))
        for s, ref in DISPARITIES:
            if s != summary:
                continue
            for name in sorted(table.index):
                for m in DISPARITY_METRICS:
                    v, rv = table.loc[name, m], table.loc[ref, m]
                    ratio = v / rv if rv != 0 else math.nan
                    dis_rows.append((summary, name, m, "value", v))
                    dis_rows.append((summary, name, m, "reference_value", rv))
                    dis_rows.append((summary, name, m, "ratio", ratio))
                    dis_rows.append((summary, name, m, "difference", v - rv))

    print("-- group_metrics: %d values" % len(gm_rows))
    emit("exp_group_metrics", ["summary", "group_name", "metric", "value"],
         gm_rows)
    print("-- parity: %d values" % len(par_rows))
    emit("exp_parity", ["summary", "fn", "method", "value"], par_rows)
    print("-- disparities: %d values" % len(dis_rows))
    emit("exp_disparities", ["summary", "group_name", "metric", "field",
                             "value"], dis_rows)
    print("-- pretraining_bias: %d values" % len(pb_rows))
    emit("exp_pretraining_bias", ["summary", "group_name", "field", "value"],
         pb_rows)


if __name__ == "__main__":
    sys.exit(main())
