#!/usr/bin/python3
"""Generates the synthetic fixtures of the score and outcome tests, with a
fixed seed (numpy's PCG64, seed 20260415), so that the files are
reproducible byte for byte:

    /usr/bin/python3 test/data/make_fixtures.py

scores_fixture.csv (2400 rows): id, grp (A/B/C, empty = unknown), sex (F/M),
  label (1/0, empty = not known yet), score (a probability, full double
  precision), score_r (the score rounded to 2 decimals), weight (>= 0, some
  exactly 0).  Scores follow label- and group-dependent beta distributions,
  so AUC, calibration and score distributions differ between groups.

outcomes_fixture.csv (1800 rows): id, gender (F/M/X, empty = unknown), dept
  (ops/eng/sales), pay (hourly pay, 2 decimals), bonus (0 for most rows),
  weight (FTE, 0.2 to 1).  Pay is log-normal with a group gap.
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20260415)


def scores():
    n = 2400
    grp = rng.choice(["A", "B", "C", ""], size=n, p=[0.45, 0.35, 0.17, 0.03])
    sex = rng.choice(["F", "M"], size=n)
    # label: depends on the group (different base rates)
    base = {"A": 0.35, "B": 0.45, "C": 0.3, "": 0.4}
    label = np.array([rng.random() < base[g] for g in grp])
    # scores: positives higher; group C less separated, B miscalibrated
    a = np.where(label, 4.0, 2.0)
    b = np.where(label, 2.5, 4.0)
    a = np.where(grp == "C", np.where(label, 3.0, 2.5), a)
    score = rng.beta(a, b)
    score = np.where(grp == "B", score ** 0.7, score)
    labelled = rng.random(n) >= 0.05
    weight = np.round(rng.gamma(2.0, 0.5, size=n), 3)
    weight[rng.random(n) < 0.02] = 0.0
    with open(os.path.join(HERE, "scores_fixture.csv"), "w") as f:
        f.write("id,grp,sex,label,score,score_r,weight\n")
        for i in range(n):
            lab = ("1" if label[i] else "0") if labelled[i] else ""
            f.write("%d,%s,%s,%s,%r,%.2f,%r\n" % (i + 1, grp[i], sex[i], lab,
                                                 float(score[i]), score[i],
                                                 float(weight[i])))


def outcomes():
    n = 1800
    gender = rng.choice(["F", "M", "X", ""], size=n, p=[0.46, 0.48, 0.03, 0.03])
    dept = rng.choice(["ops", "eng", "sales"], size=n, p=[0.4, 0.35, 0.25])
    mu = {"ops": np.log(22.0), "eng": np.log(38.0), "sales": np.log(28.0)}
    gap = {"F": -0.08, "M": 0.0, "X": -0.04, "": -0.02}
    logpay = np.array([mu[d] + gap[g] for d, g in zip(dept, gender)])
    pay = np.round(np.exp(logpay + rng.normal(0, 0.25, size=n)), 2)
    bonus = np.where(rng.random(n) < 0.3, np.round(rng.gamma(2.0, 400.0, size=n), 2), 0.0)
    weight = np.round(rng.choice([1.0, 0.8, 0.5, 0.2], size=n, p=[0.7, 0.15, 0.1, 0.05]), 1)
    with open(os.path.join(HERE, "outcomes_fixture.csv"), "w") as f:
        f.write("id,gender,dept,pay,bonus,weight\n")
        for i in range(n):
            f.write("%d,%s,%s,%.2f,%.2f,%.1f\n" % (i + 1, gender[i], dept[i], pay[i],
                                                 bonus[i], weight[i]))


scores()
outcomes()
