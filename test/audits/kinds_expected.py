#!/usr/bin/python3
# Independent computation of the numbers sql/audits_kinds.sql checks
# (scipy, not the extension): per group ROC AUC (Mann-Whitney), DeLong's
# variance and the z-test of two independent AUCs, base and scoring rates
# with the pooled two-proportion z-test, Holm's adjustment, and for the
# outcomes means, pay gap and Welch's t-test (scipy.stats.ttest_ind,
# equal_var=False).  Run: /usr/bin/python3 test/audits/kinds_expected.py
import numpy as np
from scipy import stats

REP = 10  # every row of the tables below appears REP times
scores = {
    'a': [(1, 0.9), (1, 0.8), (1, 0.4), (0, 0.7), (0, 0.3), (0, 0.2), (0, 0.25)],
    'b': [(1, 0.6), (1, 0.35), (0, 0.45), (0, 0.15), (0, 0.1), (0, 0.05)],
}
pay = {
    'm': [100, 120, 110, 130, 125, 115],
    'f': [90, 95, 100, 85, 105],
}


def delong(pos, neg):
    pos, neg = np.asarray(pos), np.asarray(neg)
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    auc = psi.mean()
    v10 = psi.mean(axis=1)
    v01 = psi.mean(axis=0)
    var = v10.var(ddof=1) / len(pos) + v01.var(ddof=1) / len(neg)
    return auc, var


def twoprop(x1, n1, x2, n2):
    p = (x1 + x2) / (n1 + n2)
    z = (x1 / n1 - x2 / n2) / np.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return 2 * stats.norm.sf(abs(z))


def holm(ps):
    order = np.argsort(ps)
    m = len(ps)
    adj = np.empty(m)
    run = 0.0
    for rank, i in enumerate(order):
        run = max(run, min(1.0, (m - rank) * ps[i]))
        adj[i] = run
    return adj


rows = {g: [r for r in v for _ in range(REP)] for g, v in scores.items()}
allscores = sorted(s for v in rows.values() for _, s in v)
median = np.median(allscores)
res = {}
for g, v in rows.items():
    pos = [s for y, s in v if y]
    neg = [s for y, s in v if not y]
    auc, var = delong(pos, neg)
    res[g] = dict(n=len(v), auc=auc, var=var, pos=len(pos),
                  above=sum(1 for _, s in v if s > median))
ref, g = 'a', 'b'
z = (res[g]['auc'] - res[ref]['auc']) / np.sqrt(res[g]['var'] + res[ref]['var'])
p_auc = 2 * stats.norm.sf(abs(z))
p_base = twoprop(res[g]['pos'], res[g]['n'], res[ref]['pos'], res[ref]['n'])
p_sr = twoprop(res[g]['above'], res[g]['n'], res[ref]['above'], res[ref]['n'])
adj = holm([p_auc, p_base, p_sr])
print('median of all scores', median)
for k in ('a', 'b'):
    r = res[k]
    print(k, 'n', r['n'], 'auc %.6f' % r['auc'], 'se %.6f' % np.sqrt(r['var']),
          'base_rate %.6f' % (r['pos'] / r['n']), 'scoring_rate %.6f' % (r['above'] / r['n']))
print('auc ratio %.6f p %.6g holm %.6g' % (res[g]['auc'] / res[ref]['auc'], p_auc, adj[0]))
print('base_rate ratio %.6f p %.6g holm %.6g' % ((res[g]['pos'] / res[g]['n']) / (res[ref]['pos'] / res[ref]['n']), p_base, adj[1]))
print('scoring_rate ratio %.6f p %.6g holm %.6g' % ((res[g]['above'] / res[g]['n']) / (res[ref]['above'] / res[ref]['n']), p_sr, adj[2]))

m, f = np.array(pay['m'] * 2, float), np.array(pay['f'] * 2, float)
t = stats.ttest_ind(f, m, equal_var=False)
print('pay: n m %d f %d, mean m %.6f f %.6f, sd m %.6f f %.6f' % (len(m), len(f), m.mean(), f.mean(), m.std(ddof=1), f.std(ddof=1)))
print('pay: mean ratio %.6f, pay gap %.6f, welch t %.6f p %.6g' % (f.mean() / m.mean(), (m.mean() - f.mean()) / m.mean(), t.statistic, t.pvalue))
