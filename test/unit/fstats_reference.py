#!/usr/bin/python3
"""
Reference values for test/unit/test_fstats.c (unit tests of src/core/fstats.c).

    /usr/bin/python3 test/unit/fstats_reference.py > /tmp/fstats_ref.inc

prints C tables; paste them between the "BEGIN GENERATED" and "END GENERATED"
markers of test/unit/test_fstats.c (the C test never needs python).  Needs
scipy, statsmodels and mpmath (Debian 12: python3-scipy, python3-statsmodels,
python3-mpmath); use /usr/bin/python3.  Takes about a minute.

How the values are obtained
---------------------------
Every value is computed twice:
  * with the library the extension is meant to agree with (scipy.stats /
    scipy.special / statsmodels), and
  * independently, from the same definition, in 50-digit arithmetic with
    mpmath (exact rational arithmetic for Fisher's test on small tables).
The table holds the high-precision value.  When the library value differs
from it by more than 1e-12 (relative), the library value is printed in a
comment next to the entry, and a summary of those differences is printed at
the end.  They are all library inaccuracies, not definition differences:
  - scipy 1.10 special.betainc / gammaincc (cephes) for parameters above ~1e5
    (e.g. betainc(5e8, 5e8+1, 0.5) = 0.84 instead of 0.500013), hence
    stats.beta.ppf/isf (~1e-8, so statsmodels' Clopper-Pearson bounds at
    n = 1e9) and chi2.sf at df ~ 1e7..1e9 (~1e-6);
  - stats.hypergeom.logpmf at N = 1e9 (differences of log-gamma, ~1e-6) and
    stats.fisher_exact for margins >= 1e6 (~1e-10 .. 1e-8);
  - python's math.lgamma near its roots x = 1 and x = 2 (~1e-8);
  - scipy 1.10 stats.t.ppf (cephes stdtrit), 1e-12 .. 4e-8 for ordinary
    arguments (t.ppf(0.75, 1) = 1.0000000000134 instead of tan(pi/4) = 1),
    and clipped to -1e100 in the far tail; hence also statsmodels'
    _tconfint_generic and the Welch intervals built on it.
The Student t references (t.sf and t.ppf, including the grid of the former
test_fspecial.c with fractional df and df up to 1e9) are 50-digit values of
I_x(df/2, 1/2) / 2 and its inverse (Newton's method on the log tail).
stats.fisher_exact sums its tails with a 1+1e-14 tie tolerance (R and fstats
use 1+1e-7); no table below is affected (the comparison would show it).
The script aborts if a library value differs by more than 1e-2 without being
one of the documented cases, i.e. when the definitions would not match.
"""

import math
import sys
from fractions import Fraction
from math import comb

import mpmath as mp
import numpy as np
from scipy import special, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (confint_proportions_2indep,
                                          proportion_confint,
                                          proportions_ztest)

mp.mp.dps = 50
MPF = mp.mpf

out = []              # lines of C
diffs = []            # (what, library value, reference, relative difference)


def emit(s=""):
    out.append(s)


def c(v):
    """C literal of a double."""
    v = float(v)
    if math.isnan(v):
        return "NAN"
    if math.isinf(v):
        return "INFINITY" if v > 0 else "-INFINITY"
    return repr(v)


def ci64(v):
    return "INT64_C(%d)" % int(v)


def relerr(a, b):
    a = float(a)
    b = float(b)
    if a == b or (math.isnan(a) and math.isnan(b)):
        return 0.0
    if abs(b) < 1e-300:
        return 0.0 if abs(a) < 1e-300 else abs(a)    # absolute near 0
    return abs(a - b) / abs(b)


def cross(what, lib, ref, known_bad=False):
    """Record library-vs-reference differences; returns a comment string."""
    e = relerr(lib, ref)
    if e > 1e-12:
        diffs.append((what, float(lib), float(ref), e))
        if e > 1e-2 and not known_bad:
            sys.exit("definition mismatch? %s: library %r, reference %r"
                     % (what, float(lib), float(ref)))
        return " /* library: %s (rel. diff %.1e) */" % (c(lib), e)
    return ""


# ---------------------------------------------------------------------------
# high-precision building blocks
# ---------------------------------------------------------------------------

def mp_norm_sf(z):
    return mp.erfc(MPF(z) / mp.sqrt(2)) / 2


def mp_norm_ppf(p):
    """Phi^-1(p) for a double p, by Newton on log Phi (exact for any p)."""
    p = MPF(p)
    if p == 0:
        return -mp.inf
    if p == 1:
        return mp.inf
    if p > 0.5:
        return -mp_norm_ppf(1 - p)
    z = MPF(special.ndtri(float(p)))
    for _ in range(100):
        cdf = mp.erfc(-z / mp.sqrt(2)) / 2
        pdf = mp.exp(-z * z / 2) / mp.sqrt(2 * mp.pi)
        step = (mp.log(cdf) - mp.log(p)) * cdf / pdf
        z -= step
        if abs(step) < MPF(10) ** -45 * (1 + abs(z)):
            return z
    raise RuntimeError("norm ppf")


def mp_gamma_q(s, y):
    """regularized upper incomplete gamma Q(s, y): series / continued fraction."""
    s = MPF(s)
    y = MPF(y)
    pre = mp.exp(-y + s * mp.log(y) - mp.loggamma(s))
    eps = MPF(10) ** -(mp.mp.dps - 5)
    if y < s + 1:
        term = 1 / s
        tot = term
        k = 1
        while True:
            term *= y / (s + k)
            tot += term
            k += 1
            if term < tot * eps:
                return 1 - pre * tot
    tiny = MPF(10) ** -300
    b = y + 1 - s
    cc = 1 / tiny
    d = 1 / b
    h = d
    i = 1
    while True:
        an = -i * (i - s)
        b += 2
        d = an * d + b
        if abs(d) < tiny:
            d = tiny
        cc = b + an / cc
        if abs(cc) < tiny:
            cc = tiny
        d = 1 / d
        de = d * cc
        h *= de
        i += 1
        if abs(de - 1) < eps:
            return pre * h


def mp_betacf(a, b, x):
    """Numerical Recipes' continued fraction, in 50 digits."""
    tiny = MPF(10) ** -300
    eps = MPF(10) ** -(mp.mp.dps - 5)
    qab = a + b
    qap = a + 1
    qam = a - 1
    cc = MPF(1)
    d = 1 - qab * x / qap
    if abs(d) < tiny:
        d = tiny
    d = 1 / d
    h = d
    m = 1
    while True:
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = tiny if abs(d) < tiny else d
        cc = 1 + aa / cc
        cc = tiny if abs(cc) < tiny else cc
        d = 1 / d
        h *= d * cc
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = tiny if abs(d) < tiny else d
        cc = 1 + aa / cc
        cc = tiny if abs(cc) < tiny else cc
        d = 1 / d
        de = d * cc
        h *= de
        m += 1
        if abs(de - 1) < eps:
            return h


def mp_beta_both(a, b, x):
    """(I_x(a,b), 1 - I_x(a,b)) for exact a, b, x (mpf), 50 digits."""
    a = MPF(a)
    b = MPF(b)
    x = MPF(x)
    y = 1 - x
    if x == 0:
        return MPF(0), MPF(1)
    if y == 0:
        return MPF(1), MPF(0)
    if max(a, b) < 1e4:
        I = mp.betainc(a, b, 0, x, regularized=True)
        if I < 0.5 or x < 1e-30:
            return I, 1 - I             # no cancellation in 1 - I
        # here 1 - x is exact in 50 digits
        return I, mp.betainc(b, a, 0, y, regularized=True)
    lf = a * mp.log(x) + b * mp.log(y) - \
        (mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b))
    if x < (a + 1) / (a + b + 2):
        I = mp.exp(lf) * mp_betacf(a, b, x) / a
        return I, 1 - I
    Ic = mp.exp(lf) * mp_betacf(b, a, y) / b
    return 1 - Ic, Ic


def mp_beta_solve(a, b, t, upper, x0):
    """x with I_x(a,b) = t (upper False) or 1 - I_x(a,b) = t (upper True):
    Newton's method on log T(x) - log t in 50 digits, started at x0."""
    a = MPF(a)
    b = MPF(b)
    t = MPF(t)
    x = MPF(x0) if 0 < x0 < 1 else a / (a + b)
    lb = mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)
    for _ in range(100):
        I, Ic = mp_beta_both(a, b, x)
        T = Ic if upper else I
        f = mp.exp((a - 1) * mp.log(x) + (b - 1) * mp.log(1 - x) - lb)
        step = (mp.log(T) - mp.log(t)) * T / f
        xn = x + step if upper else x - step
        if xn <= 0:
            xn = x / 16
        if xn >= 1:
            xn = 1 - (1 - x) / 16
        if abs(xn - x) < x * MPF(10) ** -40:
            return xn
        x = xn
    raise RuntimeError("beta solve %r %r %r" % (a, b, t))


def mp_t_sf(t, df):
    """P(T > t) in 50 digits (A&S 26.7.1: I_x(df/2, 1/2) / 2)."""
    T = MPF(t)
    DF = MPF(df)
    if t == 0:
        return MPF(1) / 2
    I, _ = mp_beta_both(DF / 2, MPF(1) / 2, DF / (DF + T * T))
    return I / 2 if t > 0 else 1 - I / 2


def mp_t_isf(p, df):
    """t with P(T > t) = p (0 < p < 1/2, df finite) in 50 digits: Newton's
    method on log P(T > t), from scipy's value, with the t density."""
    P = MPF(p)
    DF = MPF(df)
    lc = mp.loggamma((DF + 1) / 2) - mp.loggamma(DF / 2) - \
        (mp.log(DF) + mp.log(mp.pi)) / 2
    t = MPF(float(stats.t.isf(float(p), float(df))))
    if not (t > 0) or mp.isinf(t):
        t = MPF(1)
    for _ in range(200):
        sf = mp_t_sf(t, DF)
        pdf = mp.exp(lc - (DF + 1) / 2 * mp.log(1 + t * t / DF))
        step = (mp.log(sf) - mp.log(P)) * sf / pdf
        tn = t + step
        if tn <= 0:
            tn = t / 2
        if abs(tn - t) < abs(t) * MPF(10) ** -32:
            return tn
        t = tn
    raise RuntimeError("t isf %r %r" % (p, df))


def mp_t_ppf(p, df):
    if p == 0.5:
        return MPF(0)
    if p < 0.5:
        return -mp_t_isf(p, df)
    return mp_t_isf(MPF(1) - MPF(p), df)


def mp_hyp_lpmf(k, N, K, n):
    def lc(m, j):
        m = MPF(m)
        return mp.loggamma(m + 1) - mp.loggamma(j + 1) - mp.loggamma(m - j + 1)
    return lc(K, k) + lc(N - K, n - k) - lc(N, n)


def hyp_support(N, K, n):
    return max(0, n - (N - K)), min(n, K)


def mp_hyp_tail(j0, N, K, n, direction):
    """sum of pmf over j0, j0+direction, ... (decreasing terms) in 50 digits."""
    lo, hi = hyp_support(N, K, n)
    j = j0
    w = mp.exp(mp_hyp_lpmf(j, N, K, n))
    tot = MPF(0)
    while True:
        tot += w
        if (direction > 0 and j >= hi) or (direction < 0 and j <= lo):
            return tot
        if direction > 0:
            r = MPF(K - j) * (n - j) / ((j + 1) * MPF(N - K - n + j + 1))
        else:
            r = MPF(j) * (N - K - n + j) / (MPF(K - j + 1) * (n - j + 1))
        j += direction
        w *= r
        if w < tot * MPF(10) ** -45:
            return tot


def hyp_cdf_sf(k, N, K, n):
    """(P(X <= k), P(X > k)): exact fractions for small N, mp tails else."""
    lo, hi = hyp_support(N, K, n)
    if k < lo:
        return MPF(0), MPF(1)
    if k >= hi:
        return MPF(1), MPF(0)
    if N <= 5000:
        tot = comb(N, n)
        cdf = Fraction(sum(comb(K, j) * comb(N - K, n - j)
                           for j in range(lo, k + 1)), tot)
        return (MPF(cdf.numerator) / cdf.denominator,
                MPF((1 - cdf).numerator) / (1 - cdf).denominator)
    mode = (n + 1) * (K + 1) // (N + 2)
    if k < mode:
        low = mp_hyp_tail(k, N, K, n, -1)
        return low, 1 - low
    up = mp_hyp_tail(k + 1, N, K, n, +1)
    return 1 - up, up


def fisher_exact_ref(a, b, c_, d):
    """(p_two_sided, p_mid) with the 1e-7 relative tie tolerance: exact
    rational arithmetic when feasible, else 50-digit log-gamma + ratios."""
    r1, r2, c1 = a + b, c_ + d, a + c_
    N = r1 + r2
    if r1 == 0 or r2 == 0 or c1 == 0 or b + d == 0:
        return MPF(1), MPF(1) / 2
    lo, hi = max(0, c1 - r2), min(r1, c1)
    if N <= 20000:
        w = {k: comb(r1, k) * comb(r2, c1 - k) for k in range(lo, hi + 1)}
        tot = sum(w.values())
        w0 = w[a]
        S = T = 0
        for v in w.values():
            if v * 10 ** 7 <= w0 * (10 ** 7 + 1):
                S += v
                if v * 10 ** 7 >= w0 * (10 ** 7 - 1):
                    T += v
        p = Fraction(S, tot)
        pm = Fraction(2 * S - T, 2 * tot)
        return (MPF(p.numerator) / p.denominator,
                MPF(pm.numerator) / pm.denominator)
    K, n = r1, c1
    l0 = mp_hyp_lpmf(a, N, K, n)
    mode = (n + 1) * (K + 1) // (N + 2)
    up_tol = 1 + MPF("1e-7")
    lo_tol = 1 - MPF("1e-7")
    S = T = tot = MPF(0)
    for direction in (1, -1):
        k = mode if direction == 1 else mode - 1
        if k < lo or k > hi:
            continue
        w = mp.exp(mp_hyp_lpmf(k, N, K, n) - l0)
        while True:
            tot += w
            if w <= up_tol:
                S += w
                if w >= lo_tol:
                    T += w
            if direction == 1:
                if k >= hi:
                    break
                r = MPF(K - k) * (n - k) / ((k + 1) * MPF(N - K - n + k + 1))
                k += 1
            else:
                if k <= lo:
                    break
                r = MPF(k) * (N - K - n + k) / (MPF(K - k + 1) * (n - k + 1))
                k -= 1
            w *= r
            if r < 1 and w < MPF(10) ** -45 * S:
                break
    p0 = mp.exp(l0)
    if abs(tot * p0 - 1) > MPF(10) ** -30:
        raise RuntimeError("fisher normalisation")
    return S * p0, (S - T / 2) * p0


def mp_wilson(x, n, conf):
    alpha = 1 - conf                      # in double, as statsmodels
    z = -mp_norm_ppf(alpha / 2)
    x = MPF(x)
    n = MPF(n)
    q = x / n
    z2 = z * z
    denom = 1 + z2 / n
    center = (q + z2 / (2 * n)) / denom
    dist = z * mp.sqrt(q * (1 - q) / n + z2 / (4 * n * n)) / denom
    return center - dist, center + dist


# ---------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------

def t_lgamma():
    xs = [1e-300, 1e-10, 0.1, 0.5, 0.9999999, 1.0, 1.0000001, 1.5, 2.0,
          2.0000001, 2.5, 3.0, 7.25, 14.999, 15.0, 15.001, 100.5, 171.5,
          12345.678, 1e9, 1e15, 1e300, -0.5, -2.5, -10.3, -1e-10]
    emit("static const struct lgamma_case lgamma_cases[] = {")
    for x in xs:
        if x > 0:
            r = mp.loggamma(MPF(x))
        else:
            r = mp.log(abs(mp.gamma(MPF(x))))
        lib = math.lgamma(x)
        emit("\t{%s, %s},%s" % (c(x), c(r), cross("lgamma(%r)" % x, lib, r)))
    emit("};")


def t_lbeta():
    cases = [(1, 1), (0.5, 0.5), (2, 3), (0.001, 1000), (1e-8, 0.3), (10, 10),
             (7.5, 1e6), (1e9, 1e9), (5e8, 3), (123.25, 456.75), (1e12, 0.5)]
    emit("static const struct lbeta_case lbeta_cases[] = {")
    for a, b in cases:
        r = mp.loggamma(MPF(a)) + mp.loggamma(MPF(b)) - mp.loggamma(MPF(a) + b)
        lib = special.betaln(a, b)
        emit("\t{%s, %s, %s},%s" % (c(a), c(b), c(r),
                                    cross("lbeta(%r,%r)" % (a, b), lib, r,
                                          known_bad=True)))
    emit("};")


def t_norm():
    zs = [0.0, 1e-8, -1e-8, 0.5, -1.0, 1.959963984540054, -1.959963984540054,
          3.0, -5.0, 8.3, 10.0, 20.0, 30.0, 37.0, 37.5, -37.0, -38.5]
    emit("static const struct norm_case norm_cases[] = {")
    for z in zs:
        sf = mp_norm_sf(z)
        cdf = mp.erfc(-MPF(z) / mp.sqrt(2)) / 2
        cm = cross("norm.sf(%r)" % z, stats.norm.sf(z), sf) + \
            cross("norm.cdf(%r)" % z, stats.norm.cdf(z), cdf)
        emit("\t{%s, %s, %s},%s" % (c(z), c(cdf), c(sf), cm))
    emit("};")
    ps = [0.0, 1e-300, 1e-100, 1e-20, 1e-10, 0.001, 0.005, 0.025, 0.05, 0.075,
          0.2, 0.3, 0.5, 0.5 + 1e-9, 0.7, 0.925, 0.95, 0.975, 0.995, 0.999999,
          1 - 1e-10, 1 - 2 ** -53, 1.0]
    emit("static const struct ppf_case norm_ppf_cases[] = {")
    for p in ps:
        r = mp_norm_ppf(p)
        emit("\t{%s, %s},%s" % (c(p), c(r),
                                cross("norm.ppf(%r)" % p, stats.norm.ppf(p), r)))
    emit("};")


def t_chisq():
    cases = [(1e4, 10), (0.001, 100), (1000, 10), (3.841458820694124, 1),
             (1e-10, 1), (50, 1), (150, 100), (0.5, 0.5), (2000, 1500),
             (40, 2.5), (7.5, 3), (1e6 + 3000, 1e6), (1e6 - 3000, 1e6),
             (62566623.54975356, 62617087.7492761), (1e9 + 1e5, 1e9),
             (1e9, 1e9), (1.2e9, 1e9), (0.0, 5), (-1.0, 5), (700, 1)]
    emit("static const struct chisq_case chisq_cases[] = {")
    for x, df in cases:
        r = mp_gamma_q(MPF(df) / 2, MPF(x) / 2) if x > 0 else MPF(1)
        lib = stats.chi2.sf(x, df)
        emit("\t{%s, %s, %s},%s" % (c(x), c(df), c(r),
                                    cross("chi2.sf(%r,%r)" % (x, df), lib, r,
                                          known_bad=df > 1e5)))
    emit("};")


def t_beta():
    cases = [(1, 1, 0.3), (0.5, 0.5, 0.1), (2, 3, 0.4), (2, 3, 1e-5),
             (0.3, 1.7, 0.99), (10, 20, 0.9), (0.01, 16.5, 1e-100),
             (1000, 1e9, 1e-6), (5e8, 5e8 + 1, 0.5), (5e8, 5e8 + 1, 0.49999),
             (3e8, 7e8, 0.3), (1e6, 1e9, 0.000999100999000999),
             (424802.66562272, 0.5, 0.9999929627684607), (50, 60, 0.1),
             (1, 1e9, 1e-9), (1e9, 1, 1 - 1e-9), (587.25, 4524.2, 0.289),
             (7858.2, 37462.2, 0.126),
             # from the former test_fspecial.c
             (0.5, 0.5, 0.3), (2.5, 3.5, 0.4), (10, 0.5, 0.99),
             (100, 200, 0.3), (5000, 0.5, 0.9999), (0.1, 7, 0.01),
             (30, 30, 0.5)]
    emit("static const struct beta_case beta_cases[] = {")
    for a, b, x in cases:
        I, Ic = mp_beta_both(a, b, x)
        big = max(a, b) > 1e5
        cm = cross("betainc(%r,%r,%r)" % (a, b, x), special.betainc(a, b, x),
                   I, known_bad=big) + \
            cross("betaincc(%r,%r,%r)" % (a, b, x),
                  special.betainc(b, a, 1 - x), Ic, known_bad=True)
        emit("\t{%s, %s, %s, %s, %s},%s" % (c(a), c(b), c(x), c(I), c(Ic), cm))
    emit("};")
    pcases = [(0.025, 1, 1), (0.025, 2, 9), (0.975, 2, 9), (0.005, 81, 183),
              (1e-10, 0.5, 5.5), (0.3, 0.3, 3.5), (0.05, 1, 1e9),
              (0.025, 5e8, 5e8 + 1), (1e-100, 2, 3), (0.5, 10, 10),
              (0.9, 3, 1e6), (0.025, 1e9, 1)]
    emit("static const struct beta_ppf_case beta_ppf_cases[] = {")
    for p, a, b in pcases:
        sp_ppf = stats.beta.ppf(p, a, b)
        sp_isf = stats.beta.isf(p, a, b)
        ppf = mp_beta_solve(a, b, p, False, sp_ppf) if p <= 0.5 else \
            mp_beta_solve(a, b, 1 - p, True, sp_ppf)
        isf = mp_beta_solve(a, b, p, True, sp_isf) if p <= 0.5 else \
            mp_beta_solve(a, b, 1 - p, False, sp_isf)
        big = max(a, b) > 1e5
        cm = cross("beta.ppf(%r,%r,%r)" % (p, a, b), sp_ppf, ppf,
                   known_bad=big) + \
            cross("beta.isf(%r,%r,%r)" % (p, a, b), sp_isf, isf,
                  known_bad=big)
        emit("\t{%s, %s, %s, %s, %s},%s" % (c(p), c(a), c(b), c(ppf), c(isf),
                                            cm))
    emit("};")


def t_student():
    cases = [(2.0, 10), (-2.0, 10), (40, 3), (1e10, 1), (1.96, 1e6),
             (0.5, 2.5), (5, 1e8), (-30, 4.5), (3, 1e12), (1.0, 1),
             (0.0, 7), (2.445181283260005, 849605.3312454602), (25.6, 610708.6),
             (-1e-5, 3.3), (8, 0.7)]
    # the grid of the former test_fspecial.c: fractional df as Welch's test
    # gives, and df up to 1e9 (where the tail loses digits to cancellation
    # if computed naively)
    for df in [1, 2.5, 7.3, 30, 123.4, 999.5, 1e4, 99999, 3e5, 1e6, 1e7, 1e9]:
        for t in [0, 0.01, 0.5, 1.96, 2.2, 3.3, 5, 10, -2.5]:
            if (float(t), float(df)) not in cases:
                cases.append((float(t), float(df)))
    emit("static const struct t_case t_cases[] = {")
    for t, df in cases:
        r = mp_t_sf(t, df)
        emit("\t{%s, %s, %s},%s" % (c(t), c(df), c(r),
                                    cross("t.sf(%r,%r)" % (t, df),
                                          stats.t.sf(t, df), r,
                                          known_bad=df > 1e5)))
    emit("};")


def t_student_ppf():
    cases = []
    # the grid of the former test_fspecial.c
    for df in [1, 2.5, 7.3, 30, 123.4, 1e4, 1e6, 1e9]:
        for p in [0.975, 0.995, 0.9, 0.025]:
            cases.append((p, float(df)))
    cases += [(0.5, 5.0), (0.5 + 1e-9, 10.0), (0.75, 1.0), (0.3, 2.0),
              (1e-300, 1.0), (1e-300, 3.0), (1e-20, 0.7), (0.1, 0.05),
              (1 - 1e-12, 2.0), (0.999, 1e12), (1e-10, 849605.3312454602),
              (0.975, 52.966062896515744), (0.995, 1.5), (0.6, 1e15),
              (2.5e-7, 4.5)]
    emit("static const struct t_ppf_case t_ppf_cases[] = {")
    for p, df in cases:
        r = mp_t_ppf(p, df)
        emit("\t{%s, %s, %s},%s" % (c(p), c(df), c(r),
                                    cross("t.ppf(%r,%r)" % (p, df),
                                          stats.t.ppf(p, df), r,
                                          known_bad=df > 1e5 or p < 1e-100)))
    emit("};")


def t_hypergeom():
    cases = [(2, 10, 4, 5), (0, 10, 4, 5), (4, 10, 4, 5), (5, 10, 4, 5),
             (-1, 10, 4, 5), (36, 2000, 1296, 410), (528, 2000, 612, 712),
             (0, 5, 0, 3), (3, 5, 5, 3), (500, 10 ** 9, 10 ** 6, 5 * 10 ** 5),
             (400, 10 ** 9, 10 ** 6, 5 * 10 ** 5),
             (600, 10 ** 9, 10 ** 6, 5 * 10 ** 5),
             (500060000, 2 * 10 ** 9, 10 ** 9, 10 ** 9),
             (1000, 5900, 3000, 2500), (1200, 5900, 3000, 2500),
             (1500, 5900, 3000, 2500)]
    emit("static const struct hyp_case hyp_cases[] = {")
    for k, N, K, n in cases:
        lo, hi = hyp_support(N, K, n)
        lp = mp_hyp_lpmf(k, N, K, n) if lo <= k <= hi else -mp.inf
        cdf, sf = hyp_cdf_sf(k, N, K, n)
        cm = cross("hypergeom.logpmf(%d,%d,%d,%d)" % (k, N, K, n),
                   stats.hypergeom.logpmf(k, N, K, n), lp,
                   known_bad=N > 10 ** 6)
        if N <= 10 ** 6:
            cm += cross("hypergeom.cdf", stats.hypergeom.cdf(k, N, K, n), cdf)
            cm += cross("hypergeom.sf", stats.hypergeom.sf(k, N, K, n), sf)
        emit("\t{%s, %s, %s, %s, %s, %s, %s},%s" %
             (ci64(k), ci64(N), ci64(K), ci64(n), c(lp), c(cdf), c(sf), cm))
    emit("};")


CONFS = (0.9, 0.95, 0.99)


def t_intervals():
    xn = [(0, 1), (1, 1), (0, 20), (20, 20), (1, 29), (15, 148), (81, 263),
          (56, 70), (48, 80), (3.5, 10.25), (0.3, 1.7), (999, 1000),
          (0, 1e9), (1, 1e9), (2, 1e9), (1e6, 1e9), (5e8, 1e9),
          (1e9 - 1, 1e9), (1e9, 1e9)]
    emit("static const struct ci_case wilson_cases[] = {")
    for x, n in xn:
        for conf in CONFS:
            lo, hi = mp_wilson(x, n, conf)
            if x == 0:
                lo = MPF(0)
            if x == n:
                hi = MPF(1)
            sl, sh = proportion_confint(x, n, alpha=1 - conf, method="wilson")
            cm = cross("wilson lo %r/%r" % (x, n), sl, lo, known_bad=x < n / 100) \
                + cross("wilson hi %r/%r" % (x, n), sh, hi)
            emit("\t{%s, %s, %s, %s, %s},%s" % (c(x), c(n), c(conf), c(lo),
                                                c(hi), cm))
    emit("};")
    emit("static const struct ci_case cp_cases[] = {")
    for x, n in xn:
        for conf in CONFS:
            a2 = (1 - conf) / 2
            sl, sh = proportion_confint(x, n, alpha=1 - conf, method="beta")
            lo = MPF(0) if x == 0 else \
                mp_beta_solve(x, n - x + 1, a2, False, sl)
            hi = MPF(1) if x == n else \
                mp_beta_solve(x + 1, n - x, a2, True, sh)
            cm = cross("cp lo %r/%r" % (x, n), sl, lo, known_bad=n > 1e5) + \
                cross("cp hi %r/%r" % (x, n), sh, hi, known_bad=n > 1e5)
            emit("\t{%s, %s, %s, %s, %s},%s" % (c(x), c(n), c(conf), c(lo),
                                                c(hi), cm))
    emit("};")


def t_two_group():
    pairs = [(56, 70, 48, 80), (9, 10, 3, 10), (6, 7, 2, 7), (5, 56, 0, 29),
             (0, 10, 0, 20), (0, 10, 0, 10), (10, 10, 0, 20), (10, 10, 0, 10),
             (1e6, 1e9, 999000, 1e9), (1, 1e9, 0, 1e9), (500, 1000, 500, 1000),
             (3.5, 10.2, 7.25, 20.5)]
    emit("static const struct two_case newcombe_cases[] = {")
    for x1, n1, x2, n2 in pairs:
        for conf in CONFS:
            l1, u1 = mp_wilson(x1, n1, conf)
            l2, u2 = mp_wilson(x2, n2, conf)
            if x1 == 0:
                l1 = MPF(0)
            if x2 == 0:
                l2 = MPF(0)
            if x1 == n1:
                u1 = MPF(1)
            if x2 == n2:
                u2 = MPF(1)
            p1 = MPF(x1) / n1
            p2 = MPF(x2) / n2
            lo = p1 - p2 - mp.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
            hi = p1 - p2 + mp.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
            sl, sh = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb",
                                                compare="diff", alpha=1 - conf)
            cm = cross("newcombe lo", sl, lo, known_bad=True) + \
                cross("newcombe hi", sh, hi, known_bad=True)
            emit("\t{%s, %s, %s, %s, %s, FST_OK, %s, %s},%s" %
                 (c(x1), c(n1), c(x2), c(n2), c(conf), c(lo), c(hi), cm))
    emit("};")

    kpairs = [(10, 100, 20, 100), (1, 1e9, 3, 1e9), (100, 100, 50, 100),
              (50, 100, 100, 100), (999999, 1e6, 1, 1e6), (56, 70, 48, 80),
              (3.5, 10.2, 7.25, 20.5), (1e8, 1e9, 1.0001e8, 1e9),
              (0, 10, 5, 10), (5, 10, 0, 10), (0, 10, 0, 10)]
    emit("static const struct two_case katz_cases[] = {")
    for x1, n1, x2, n2 in kpairs:
        for conf in CONFS:
            if x1 == 0 or x2 == 0:
                emit("\t{%s, %s, %s, %s, %s, FST_EUNDEFINED, NAN, NAN},"
                     % (c(x1), c(n1), c(x2), c(n2), c(conf)))
                continue
            z = -mp_norm_ppf((1 - conf) / 2)
            X1, N1, X2, N2 = MPF(x1), MPF(n1), MPF(x2), MPF(n2)
            lr = mp.log((X1 / N1) / (X2 / N2))
            d = z * mp.sqrt(1 / X1 - 1 / N1 + 1 / X2 - 1 / N2)
            lo, hi = mp.exp(lr - d), mp.exp(lr + d)
            sl, sh = confint_proportions_2indep(x1, n1, x2, n2, method="log",
                                                compare="ratio", alpha=1 - conf)
            cm = cross("katz lo", sl, lo, known_bad=True) + \
                cross("katz hi", sh, hi, known_bad=True)
            emit("\t{%s, %s, %s, %s, %s, FST_OK, %s, %s},%s" %
                 (c(x1), c(n1), c(x2), c(n2), c(conf), c(lo), c(hi), cm))
    emit("};")

    zpairs = [(10, 100, 20, 100), (0, 100, 20, 100), (1e8, 1e9, 1.0001e8, 1e9),
              (300, 1000, 100, 1000), (5000, 10000, 4000, 10000),
              (56, 70, 48, 80), (3.5, 10.2, 7.25, 20.5), (1, 1, 0, 1),
              (5, 10, 5, 10), (0, 10, 0, 20), (10, 10, 20, 20)]
    emit("static const struct z_case ztest_cases[] = {")
    for x1, n1, x2, n2 in zpairs:
        X1, N1, X2, N2 = MPF(x1), MPF(n1), MPF(x2), MPF(n2)
        pp = (X1 + X2) / (N1 + N2)
        if pp == 0 or pp == 1:
            r = mp.nan
            lib = float("nan")
        else:
            z = (X1 / N1 - X2 / N2) / mp.sqrt(pp * (1 - pp) * (1 / N1 + 1 / N2))
            r = mp.erfc(abs(z) / mp.sqrt(2))
            with np.errstate(all="ignore"):
                lib = proportions_ztest([x1, x2], [n1, n2])[1]
        emit("\t{%s, %s, %s, %s, %s},%s" %
             (c(x1), c(n1), c(x2), c(n2), c(r),
              "" if mp.isnan(r) else cross("ztest", lib, r)))
    emit("};")


def t_estimates():
    """Intervals and tests from an estimate and its standard error, and
    Welch's t-test; each reference in 50 digits, cross-checked with
    statsmodels' generic helpers and scipy's ttest_ind_from_stats."""
    from statsmodels.stats.weightstats import (_tconfint_generic,
                                               _zconfint_generic,
                                               _zstat_generic)
    zc = [(0.5, 0.1), (0.73, 0.041), (-12.5, 3.25), (1e6, 1e-3), (2.0, 0.0),
          (0.9999, 2.5e-5)]
    emit("static const struct est_case zci_cases[] = {")
    for est, se in zc:
        for conf in CONFS:
            z = -mp_norm_ppf((1 - conf) / 2)
            lo = MPF(est) - z * MPF(se)
            hi = MPF(est) + z * MPF(se)
            sl, sh = _zconfint_generic(est, se, 1 - conf, "two-sided")
            emit("\t{%s, %s, 0.0, %s, %s, %s},%s" %
                 (c(est), c(se), c(conf), c(lo), c(hi),
                  cross("zconfint lo", sl, lo) + cross("zconfint hi", sh, hi)))
    emit("};")
    tc = [(10.5, 1.25, 9.0), (-3.0, 0.5, 2.5), (1000.0, 12.0, 1e6),
          (0.2, 0.01, 1.0), (7.0, 0.0, 4.0), (55.25, 3.5, 52.966062896515744)]
    emit("static const struct est_case tci_cases[] = {")
    for est, se, df in tc:
        for conf in CONFS:
            q = mp_t_isf((1 - conf) / 2, df)
            lo = MPF(est) - q * MPF(se)
            hi = MPF(est) + q * MPF(se)
            sl, sh = _tconfint_generic(est, se, df, 1 - conf, "two-sided")
            emit("\t{%s, %s, %s, %s, %s, %s},%s" %
                 (c(est), c(se), c(df), c(conf), c(lo), c(hi),
                  cross("tconfint lo", sl, lo) + cross("tconfint hi", sh, hi)))
    emit("};")
    zi = [(0.81, 0.03, 0.74, 0.035), (0.5, 0.0, 0.5, 0.0),
          (0.62, 0.02, 0.62, 0.04), (0.95, 0.001, 0.9, 0.002),
          (12.0, 3.0, -4.0, 4.0), (0.7, 0.05, 0.71, 0.0)]
    emit("static const struct zi_case zind_cases[] = {")
    for e1, s1, e2, s2 in zi:
        se = mp.sqrt(MPF(s1) ** 2 + MPF(s2) ** 2)
        if se == 0:
            r = mp.nan
            cm = ""
        else:
            r = mp.erfc(abs(MPF(e1) - MPF(e2)) / se / mp.sqrt(2))
            cm = cross("zstat_generic", _zstat_generic(
                e1, e2, float(se), "two-sided", 0)[1], r)
        emit("\t{%s, %s, %s, %s, %s},%s" % (c(e1), c(s1), c(e2), c(s2), c(r),
                                            cm))
    emit("};")

    # Welch: (mean1, var1, n1, mean2, var2, n2)
    a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1,
          19.6, 19.0, 21.7, 21.4]
    a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9,
          22.1, 22.9, 20.5, 24.4]
    wc = [(float(np.mean(a1)), float(np.var(a1, ddof=1)), 15.0,
           float(np.mean(a2)), float(np.var(a2, ddof=1)), 15.0),
          (4.2, 1.8 ** 2, 35.0, 5.1, 2.0 ** 2, 35.0),
          (245.0, 32.0 ** 2, 30.0, 268.0, 38.0 ** 2, 28.0),
          (52000.0, 4.0e7, 1200.0, 55000.0, 9.0e7, 800.0),
          (3.0, 2.0, 2.0, 1.0, 0.5, 3.5),            # weighted, W = 3.5
          (1.0, 0.0, 5.0, 2.0, 3.0, 4.0),            # one variance 0
          (10.0, 4.0, 1e7, 10.001, 4.0, 1e7),        # large n
          (1e9 + 1.0, 0.25, 50.0, 1e9, 0.25, 60.0),  # large means
          (5.0, 1.0, 10.0, 5.0, 1.0, 10.0),          # t = 0, p = 1
          (2.0, 0.0, 3.0, 1.0, 0.0, 3.0)]            # undefined
    emit("static const struct welch_case welch_cases[] = {")
    for m1, v1, n1, m2, v2, n2 in wc:
        for conf in CONFS:
            M1, V1, N1, M2, V2, N2 = (MPF(m1), MPF(v1), MPF(n1), MPF(m2),
                                      MPF(v2), MPF(n2))
            d = M1 - M2
            se2 = V1 / N1 + V2 / N2
            if se2 == 0:
                emit("\t{%s, %s, %s, %s, %s, %s, %s, FST_EUNDEFINED, %s, "
                     "NAN, NAN, NAN, NAN, NAN, NAN}," %
                     (c(m1), c(v1), c(n1), c(m2), c(v2), c(n2), c(conf),
                      c(d)))
                continue
            se = mp.sqrt(se2)
            t = d / se
            df = se2 ** 2 / ((V1 / N1) ** 2 / (N1 - 1) +
                             (V2 / N2) ** 2 / (N2 - 1))
            p = 2 * mp_t_sf(abs(t), df) if t != 0 else MPF(1)
            q = mp_t_isf((1 - conf) / 2, df)
            lo = d - q * se
            hi = d + q * se
            st, sp = stats.ttest_ind_from_stats(m1, math.sqrt(v1), n1, m2,
                                                math.sqrt(v2), n2,
                                                equal_var=False)
            sq = stats.t.ppf(1 - (1 - conf) / 2, float(df))
            cm = cross("welch t", st, t, known_bad=abs(m1) > 1e6) + \
                cross("welch p", sp, p, known_bad=abs(m1) > 1e6) + \
                cross("welch lo", float(d) - sq * float(se), lo,
                      known_bad=True) + \
                cross("welch hi", float(d) + sq * float(se), hi,
                      known_bad=True)
            emit("\t{%s, %s, %s, %s, %s, %s, %s, FST_OK, %s, %s, %s, %s, %s, "
                 "%s, %s},%s" %
                 (c(m1), c(v1), c(n1), c(m2), c(v2), c(n2), c(conf), c(d),
                  c(se), c(t), c(df), c(p), c(lo), c(hi), cm))
    emit("};")


def t_fisher():
    tabs = [(3, 1, 1, 3), (8, 2, 1, 5), (3, 0, 0, 3), (0, 5, 5, 0),
            (1000, 2000, 1500, 1400), (1, 1, 1, 1), (10, 10, 10, 10),
            (0, 0, 0, 0), (5, 0, 0, 0), (0, 3, 0, 7), (2, 7, 8, 2),
            (255, 634, 844, 2), (968, 375, 453, 341), (12, 5, 29, 2),
            (1000000, 1001000, 1002000, 999000),
            (500000, 500000, 500000, 500000), (1, 1000000, 10, 1000000),
            (0, 1000000, 20, 1000000), (123456, 7654321, 130000, 7600000),
            (3, 1000000, 3, 1000000), (1000000, 3, 1000000, 3),
            (100000000, 100010000, 100020000, 99990000)]
    emit("static const struct fisher_case fisher_cases[] = {")
    for t in tabs:
        p, pm = fisher_exact_ref(*t)
        lib = stats.fisher_exact([[t[0], t[1]], [t[2], t[3]]])[1]
        emit("\t{%s, %s, %s, %s, %s, %s},%s" %
             (ci64(t[0]), ci64(t[1]), ci64(t[2]), ci64(t[3]), c(p), c(pm),
              cross("fisher_exact%r" % (t,), lib, p)))
    emit("};")


def t_chisq_ind():
    tables = [
        [[10, 10, 20], [20, 20, 20]],
        [[1000, 2000], [1500, 1400]],
        [[12, 5, 7, 7], [5, 12, 3, 9], [2, 4, 10, 11]],
        [[0, 0, 0], [3, 0, 9], [8, 0, 1], [0, 0, 0]],      # empty rows/cols
        [[1e6, 1.001e6], [2e6, 1.995e6]],
        [[0.5, 2.25], [3.75, 1.5]],
        [[500, 100, 20], [10, 400, 300], [700, 20, 900], [5, 5, 5]],
        [[0, 0], [0, 5]],                                   # undefined
        [[1, 2, 3]],                                        # undefined
        [[0, 0], [0, 0]],                                   # undefined
    ]
    for i, tab in enumerate(tables):
        emit("static const double chi_tab%d[] = {%s};" %
             (i, ", ".join(c(v) for row in tab for v in row)))
    emit("static const struct chi_case chi_cases[] = {")
    for i, tab in enumerate(tables):
        rows, cols = len(tab), len(tab[0])
        a = np.array(tab, dtype=float)
        a = a[a.sum(axis=1) > 0][:, a.sum(axis=0) > 0] if a.sum() > 0 else a
        if a.shape[0] < 2 or a.shape[1] < 2 or a.sum() == 0:
            emit("\t{chi_tab%d, %d, %d, FST_EUNDEFINED, NAN, 0, NAN}," %
                 (i, rows, cols))
            continue
        A = [[MPF(v) for v in row] for row in a.tolist()]
        R = [sum(row) for row in A]
        C = [sum(A[r][j] for r in range(len(A))) for j in range(len(A[0]))]
        T = sum(R)
        stat = MPF(0)
        for r in range(len(A)):
            for j in range(len(A[0])):
                e = R[r] * C[j] / T
                stat += (A[r][j] - e) ** 2 / e
        df = (len(A) - 1) * (len(A[0]) - 1)
        p = mp_gamma_q(MPF(df) / 2, stat / 2)
        s_stat, s_p, s_df, _ = stats.chi2_contingency(a, correction=False)
        assert s_df == df
        emit("\t{chi_tab%d, %d, %d, FST_OK, %s, %d, %s},%s" %
             (i, rows, cols, c(stat), df, c(p),
              cross("chi2_contingency stat", s_stat, stat) +
              cross("chi2_contingency p", s_p, p)))
    emit("};")


def t_holm():
    nan = float("nan")
    sets = [[0.01, 0.02, 0.03, 0.04, 0.05],
            [0.001, nan, 0.04, 0.03, nan, 0.5],
            [0.01, 0.01, 0.02, 0.2, 0.01],
            [0.5, 0.6, 0.9],
            [0.0, 1.0, 0.3, 0.0],
            [0.04],
            [nan, nan],
            [3e-300, 1e-10, 0.02, nan, 0.011, 0.0125, 0.5, 0.04, 0.03, 0.049],
            []]
    for i, ps in enumerate(sets):
        arr = np.array(ps, dtype=float)
        adj = np.full(len(ps), nan)
        ok = ~np.isnan(arr)
        if ok.any():
            adj[ok] = multipletests(arr[ok], method="holm")[1]
        emit("static const double holm_p%d[] = {%s};" %
             (i, ", ".join(c(v) for v in ps) if ps else "0"))
        emit("static const double holm_adj%d[] = {%s};" %
             (i, ", ".join(c(v) for v in adj) if ps else "0"))
    emit("static const struct holm_case holm_cases[] = {")
    for i, ps in enumerate(sets):
        emit("\t{%d, holm_p%d, holm_adj%d}," % (len(ps), i, i))
    emit("};")


def main():
    emit("/* generated by test/unit/fstats_reference.py with scipy %s, "
         "statsmodels %s, mpmath %s */" %
         (__import__("scipy").__version__,
          __import__("statsmodels").__version__, mp.__version__))
    for f in (t_lgamma, t_lbeta, t_norm, t_chisq, t_beta, t_student,
              t_student_ppf, t_hypergeom, t_intervals, t_two_group,
              t_estimates, t_fisher, t_chisq_ind, t_holm):
        f()
        emit()
    emit("/*")
    emit(" * library values that differ from the 50-digit reference by more "
         "than 1e-12:")
    for what, lib, ref, e in diffs:
        emit(" *   %-40s %-24s vs %-24s %.1e" % (what[:40], c(lib), c(ref), e))
    emit(" */")
    print("\n".join(out))


if __name__ == "__main__":
    main()
