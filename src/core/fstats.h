/*-------------------------------------------------------------------------
 *
 * fstats.h
 *	  Self-contained statistics library of the fairness extension: special
 *	  functions, binomial confidence intervals, two-group comparisons,
 *	  Fisher's exact test, Pearson's chi-square test and Holm's adjustment.
 *
 * This file and fstats.c use no PostgreSQL header (only <math.h>,
 * <stdint.h>, <stddef.h> and <float.h>), so that they can be
 * unit tested without a server (test/unit/test_fstats.c).  Nothing here
 * allocates memory, and there is no mutable global or static state: every
 * function is thread-safe and reentrant.
 *
 * Accuracy target: relative error <= 1e-9 (and in practice ~1e-13 or
 * better) against scipy/statsmodels/mpmath reference values, including the
 * extreme tails and counts up to ~1e9; see test/unit/fstats_reference.py.
 * Results that underflow the double range are returned as 0 (or a denormal).
 *
 * Conventions for invalid input
 * -----------------------------
 *	- Functions returning a double return NaN when an argument is outside
 *	  the documented domain (including any NaN argument).  They never
 *	  return an unflagged garbage value.
 *	- Functions with output pointers return an int status (FST_OK,
 *	  FST_EDOMAIN, FST_EUNDEFINED).  On any non-FST_OK status every double
 *	  output is set to NaN (and integer outputs to 0), so a caller that
 *	  ignores the status still sees NaN, never a stale value.  Output
 *	  pointers may be NULL when the caller does not want that output.
 *	- "conf" is a two-sided confidence level and must lie strictly inside
 *	  (0, 1).  As in statsmodels, alpha = 1 - conf and the normal critical
 *	  value is z = Phi^-1(1 - alpha / 2).
 *	- Counts are doubles so that weighted (effective) counts work; they
 *	  need not be integers unless stated.  "x of n" requires n > 0 and
 *	  0 <= x <= n, all finite.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_FSTATS_H
#define FAIRNESS_FSTATS_H

#include <stdint.h>

/* status codes of the functions that return int */
#define FST_OK			0		/* success */
#define FST_EDOMAIN		1		/* an argument is outside its domain */
#define FST_EUNDEFINED	2		/* arguments valid, statistic undefined */

/*
 * Largest count accepted by the integer (int64_t) functions: 2^53, so that
 * every count and every sum of counts is exact in a double.
 */
#define FST_MAX_EXACT_COUNT	INT64_C(9007199254740992)

/* ---------------------------------------------------------------------
 * Special functions and distributions
 * --------------------------------------------------------------------- */

/*
 * log|Gamma(x)|.  Own implementation (libm lgamma writes the global signgam
 * and is therefore not reentrant).  Domain: any x; returns +Inf at the
 * poles x = 0, -1, -2, ... and for |x| = Inf, NaN for NaN.  Relative error
 * ~1e-15 for x > 0 (including near the roots x = 1 and x = 2); for x < 0
 * (reflection formula) the absolute error is ~1e-15 but the relative error
 * grows near the negative roots of log|Gamma|.
 */
extern double fst_lgamma(double x);

/*
 * log B(a, b) = log Gamma(a) + log Gamma(b) - log Gamma(a + b), computed
 * without cancellation for large a, b.  Domain a > 0, b > 0 (finite);
 * otherwise NaN.
 */
extern double fst_lbeta(double a, double b);

/* Standard normal CDF Phi(z) and upper tail 1 - Phi(z), via erfc, accurate
 * far into the tails (fst_norm_sf(37) = 5.7e-300).  NaN -> NaN. */
extern double fst_norm_cdf(double z);
extern double fst_norm_sf(double z);

/*
 * Standard normal quantiles: fst_norm_ppf(p) = Phi^-1(p) (Wichura 1988,
 * AS 241 PPND16, ~1e-16 relative), fst_norm_isf(p) = Phi^-1(1 - p) computed
 * as -Phi^-1(p) so that tiny upper-tail probabilities are exact.
 * p = 0 and p = 1 give -Inf/+Inf (+Inf/-Inf for isf); p outside [0, 1] or
 * NaN gives NaN.
 */
extern double fst_norm_ppf(double p);
extern double fst_norm_isf(double p);

/*
 * Upper tail of the chi-square distribution, P(X > x) for X ~ chi2(df),
 * i.e. the regularized upper incomplete gamma function Q(df/2, x/2).
 * df > 0 (need not be an integer); x <= 0 gives 1, x = +Inf gives 0.
 * df <= 0, df = Inf or any NaN gives NaN.  Series / continued fraction
 * with Loader's Poisson prefactor (O(sqrt(df)) terms at worst) for
 * df < 2e8, Temme's uniform asymptotic expansion above: ~1e-13 relative
 * for any df (scipy 1.10's chi2.sf is off by up to 1e-6 at df ~ 1e8).
 */
extern double fst_chisq_sf(double x, double df);

/*
 * Regularized incomplete beta function I_x(a, b) = P(X <= x) for
 * X ~ Beta(a, b), and its complement 1 - I_x(a, b) computed directly (so it
 * keeps full relative accuracy when it is tiny).  Domain a > 0, b > 0
 * (finite), 0 <= x <= 1; otherwise NaN.  Continued fraction in the form of
 * TOMS 708 (BFRAC) with a Loader-style prefactor, power series (BPSER)
 * when min(a, b) <= 1.  Relative error ~1e-13 up to a, b ~ 1e9 (the
 * smaller tail), ~1e-11 at 1e18; ~1e-11 when a parameter is as small as
 * 1e-4 (1 - I cancellation).  Cost O(sqrt(max(a, b))) at worst (~4000
 * iterations at a = b = 5e8); the iteration limit (1e8, ~1 s) is reached
 * only for parameters around 1e30 and beyond, and then NaN is returned.
 */
extern double fst_beta_inc(double a, double b, double x);
extern double fst_beta_incc(double a, double b, double x);

/*
 * Inverses of the above: fst_beta_ppf(p, a, b) is the x with I_x(a, b) = p,
 * fst_beta_isf(p, a, b) the x with 1 - I_x(a, b) = p (scipy beta.ppf and
 * beta.isf).  Safeguarded Newton iteration to ~4 ulp relative in x.
 * Domain 0 <= p <= 1, a > 0, b > 0; ppf(0) = 0, ppf(1) = 1, isf(0) = 1,
 * isf(1) = 0; otherwise NaN.
 */
extern double fst_beta_ppf(double p, double a, double b);
extern double fst_beta_isf(double p, double a, double b);

/*
 * Upper tail P(T > t) of Student's t distribution with df > 0 degrees of
 * freedom (df need not be an integer, df = +Inf gives the normal tail),
 * via the incomplete beta function.  t = +-Inf allowed.  df <= 0 or any
 * NaN gives NaN.
 */
extern double fst_t_sf(double t, double df);

/*
 * Student's t quantiles: fst_t_ppf(p, df) is the t with P(T <= t) = p,
 * fst_t_isf(p, df) the t with P(T > t) = p (scipy t.ppf and t.isf; the
 * symmetry is exact, so tiny tail probabilities keep full accuracy on
 * either side).  df > 0, need not be an integer, df = +Inf gives the
 * normal quantile.  p = 0 and p = 1 give -Inf/+Inf (+Inf/-Inf for isf);
 * p outside [0, 1], df <= 0 or any NaN gives NaN.  Computed from the
 * inverse incomplete beta function (fst_beta_isf / fst_beta_ppf), so a few
 * ulp relative to the exact quantile; cost that of fst_beta_isf (a few
 * dozen incomplete beta evaluations at most).
 */
extern double fst_t_ppf(double p, double df);
extern double fst_t_isf(double p, double df);

/*
 * Hypergeometric distribution: k successes in a sample of n drawn without
 * replacement from a population of N containing K successes (scipy
 * hypergeom(M=N, n=K, N=n)).  Requires 0 <= K <= N, 0 <= n <= N,
 * N <= FST_MAX_EXACT_COUNT; otherwise NaN.  Any k is accepted: outside the
 * support logpmf is -Inf and pmf is 0.
 *
 * log pmf = log C(K,k) + log C(N-K,n-k) - log C(N,n) is evaluated with
 * Loader's (2000) saddle-point form of the log-gamma differences (Stirling
 * error terms plus deviances, as R's dhyper) rather than by subtracting
 * log-gamma values, which would lose ~log10(N) digits (1e-6 relative at
 * N = 1e9).  Absolute error of the log ~1e-13 at N = 1e6, ~1e-10 at 1e9.
 *
 * cdf(k) = P(X <= k), sf(k) = P(X > k) (scipy conventions); both are sums
 * of pmf ratios over the tail away from the mode, so each tail keeps full
 * relative accuracy.  Cost O(sd(X) * 9) at most.
 */
extern double fst_hypergeom_logpmf(int64_t k, int64_t N, int64_t K, int64_t n);
extern double fst_hypergeom_pmf(int64_t k, int64_t N, int64_t K, int64_t n);
extern double fst_hypergeom_cdf(int64_t k, int64_t N, int64_t K, int64_t n);
extern double fst_hypergeom_sf(int64_t k, int64_t N, int64_t K, int64_t n);

/* ---------------------------------------------------------------------
 * Binomial confidence intervals for x successes out of n
 * (0 <= x <= n, n > 0, finite; 0 < conf < 1).  Status FST_OK or FST_EDOMAIN.
 * --------------------------------------------------------------------- */

/*
 * Wilson score interval without continuity correction (Wilson 1927;
 * Newcombe 1998a method 3), identical to statsmodels
 * proportion_confint(method='wilson').  The lower bound is computed from
 * the product of the roots (q^2 / (denom * hi)) to avoid cancellation when
 * x << n; lo = 0 exactly when x = 0 and hi = 1 exactly when x = n.
 */
extern int	fst_wilson(double x, double n, double conf, double *lo, double *hi);

/*
 * Clopper-Pearson "exact" interval (statsmodels method='beta'):
 * lo = Beta(x, n - x + 1).ppf(alpha/2), hi = Beta(x + 1, n - x).isf(alpha/2),
 * with lo = 0 when x = 0 and hi = 1 when x = n.
 */
extern int	fst_clopper_pearson(double x, double n, double conf,
								double *lo, double *hi);

/* ---------------------------------------------------------------------
 * Two-group comparisons: group 1 = (x1, n1), reference group 2 = (x2, n2).
 * --------------------------------------------------------------------- */

/*
 * Newcombe (1998b) hybrid score interval (method 10) for p1 - p2, built
 * from the two Wilson intervals (l_i, u_i):
 *	lo = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)
 *	hi = d + sqrt((u1 - p1)^2 + (p2 - l2)^2),  d = p1 - p2,
 * as statsmodels confint_proportions_2indep(compare='diff',
 * method='newcomb').  Status FST_OK or FST_EDOMAIN.
 */
extern int	fst_newcombe_diff(double x1, double n1, double x2, double n2,
							  double conf, double *lo, double *hi);

/*
 * Katz et al. (1978) log interval for the risk ratio p1 / p2:
 *	exp(log(r) +- z * sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2)),
 * as statsmodels confint_proportions_2indep(compare='ratio', method='log').
 * No 0.5 correction is ever added: when x1 = 0 or x2 = 0 the log ratio or
 * its variance is infinite and the function returns FST_EUNDEFINED with
 * NaN bounds (the caller may choose another method, e.g. add 0.5 itself).
 * Status FST_OK, FST_EDOMAIN or FST_EUNDEFINED.
 */
extern int	fst_katz_ratio(double x1, double n1, double x2, double n2,
						   double conf, double *lo, double *hi);

/*
 * Two-sided p-value of the pooled two-proportion z-test (statsmodels
 * proportions_ztest([x1, x2], [n1, n2]) with its default pooled variance):
 *	z = (p1 - p2) / sqrt(pp (1 - pp) (1/n1 + 1/n2)),  pp = (x1+x2)/(n1+n2),
 *	p = 2 * (1 - Phi(|z|)).
 * Returns NaN for invalid input and when pp is 0 or 1 (all failures or all
 * successes: the statistic is 0/0).
 */
extern double fst_ztest_2prop(double x1, double n1, double x2, double n2);

/* ---------------------------------------------------------------------
 * Estimates with a standard error (est, se finite, se >= 0).
 * --------------------------------------------------------------------- */

/*
 * Normal (Wald) interval est -+ z se, z = Phi^-1(1 - alpha/2), as
 * statsmodels' _zconfint_generic(est, se, alpha, 'two-sided').  No
 * clamping: a caller whose parameter is bounded (an AUC, a rate) clamps
 * the bounds itself.  Status FST_OK or FST_EDOMAIN.
 */
extern int	fst_z_confint(double est, double se, double conf,
						  double *lo, double *hi);

/*
 * Student's t interval est -+ t_{df, 1 - alpha/2} se, as statsmodels'
 * _tconfint_generic(est, se, df, alpha, 'two-sided'); e.g. the interval of
 * a mean, mean -+ t_{n-1} s / sqrt(n), is fst_t_confint(mean, s / sqrt(n),
 * n - 1, ...) (statsmodels DescrStatsW.tconfint_mean).  df > 0 (need not
 * be an integer).  se = 0 gives lo = hi = est.  Status FST_OK or FST_EDOMAIN.
 */
extern int	fst_t_confint(double est, double se, double df, double conf,
						  double *lo, double *hi);

/*
 * Two-sided p-value of the z-test that two independent estimates are
 * equal: z = (est1 - est2) / sqrt(se1^2 + se2^2), p = 2 (1 - Phi(|z|)), as
 * statsmodels' _zstat_generic(est1, est2, sqrt(se1^2 + se2^2),
 * 'two-sided', 0) (e.g. two AUCs from independent samples, Hanley &
 * McNeil 1983).  NaN for invalid input and when se1 = se2 = 0.
 */
extern double fst_ztest_indep(double est1, double se1, double est2,
							  double se2);

/*
 * Welch's (1947) unequal-variance t-test of mean1 - mean2, from each
 * group's mean, unbiased variance var_i (divisor n_i - 1) and size n_i:
 *	se = sqrt(var1/n1 + var2/n2), t = (mean1 - mean2) / se,
 *	df = se^4 / ((var1/n1)^2 / (n1 - 1) + (var2/n2)^2 / (n2 - 1))
 *	(Welch-Satterthwaite), p = 2 P(T_df > |t|) (at most 1), and the
 *	interval diff -+ t_{df, 1 - alpha/2} se,
 * as scipy.stats.ttest_ind_from_stats(..., equal_var=False) and
 * statsmodels CompareMeans(...).tconfint_diff(usevar='unequal').  n_i
 * need not be integers (a weighted group passes its total weight).
 * Status FST_OK; FST_EDOMAIN (non-finite input, negative variance, n_i <= 1,
 * conf outside (0, 1)): every output NaN; FST_EUNDEFINED (both variances 0,
 * or se or the difference overflowing): diff is set, the rest NaN.
 */
typedef struct FstWelch
{
	double		diff;			/* mean1 - mean2 */
	double		se;
	double		t;
	double		df;
	double		p;				/* two-sided */
	double		lo;				/* interval of mean1 - mean2 */
	double		hi;
} FstWelch;

extern int	fst_welch_ttest(double mean1, double var1, double n1,
							double mean2, double var2, double n2,
							double conf, FstWelch *out);

/*
 * Fisher's exact test on the 2x2 table [[a, b], [c, d]] of non-negative
 * integer counts (a + b + c + d <= FST_MAX_EXACT_COUNT).  With all margins
 * fixed, a is hypergeometric; let P(t) be the probability of the table with
 * top-left cell t and P0 = P(a).
 *
 * *p_two_sided: sum of P(t) over the tables with P(t) <= P0 * (1 + 1e-7)
 * (the "minimum likelihood" two-sided p-value of Fisher/Irwin; the
 * 1 + 1e-7 tolerance for rounding is R fisher.test's).  scipy 1.10
 * fisher_exact computes the same sum with a 1 + 1e-14 tolerance (applied
 * to the tail opposite the observed table), so the two can differ only
 * when another table's probability is within a relative 1e-7 of P0
 * without being equal to it; the reference script compares them.  For
 * margins >= 1e6 scipy's own value is off by 1e-10 .. 1e-8 (hypergeom
 * cdf), fst_fisher_exact agrees with 50-digit values to ~1e-13.
 *
 * *p_mid: the two-sided mid-p value.  Lancaster's (1961) mid-p gives half
 * weight to the observed value of the test statistic:
 *	p_mid = Pr[T more extreme than observed] + 1/2 Pr[T = observed]
 * (general form as in M. P. Fay, R package exact2x2, vignette "Mid-p
 * adjustment"; see also K. F. Hirji, Exact Analysis of Discrete Data, 2006).
 * Applied to the statistic of the two-sided test above, T = P(table)
 * (smaller is more extreme), with the same 1e-7 tie tolerance:
 *	p_mid = sum_{P(t) < P0 (1 - 1e-7)} P(t)
 *		  + 1/2 sum_{|P(t) - P0| <= 1e-7 P0} P(t)
 *		  = p_two_sided - 1/2 * (total probability of the tables that are
 *			as likely as the observed one, the observed table included).
 * Without ties this is p_two_sided - P0/2; with a symmetric null
 * distribution (e.g. equal row or column totals) it equals twice the
 * one-sided mid-p.  Example: [[3,1],[1,3]] has table probabilities
 * 1,16,36,16,1 / 70, so p = 34/70 and p_mid = 2/70 + (16+16)/140 = 18/70
 * (not 34/70 - 8/70: the mirror table is exactly as extreme).  When a
 * margin is zero there is a single possible table: p = 1, p_mid = 1/2.
 *
 * Algorithm: log P(t) by fst_hypergeom_logpmf (O(1)); binary searches
 * (O(log N)) locate, on each side of the mode, the first table not more
 * likely than the observed one; each tail is then summed from there
 * outwards with the exact pmf ratio recurrence, in units of P0, until the
 * terms are below 1e-17 of the running sum.  Cost O(log N + w), where
 * w <= ~9 sd is the number of non-negligible terms (sd <= sqrt(N)/4), e.g.
 * a few thousand steps for counts of 1e6.
 *
 * Status FST_OK or FST_EDOMAIN (negative count, total too large).
 */
extern int	fst_fisher_exact(int64_t a, int64_t b, int64_t c, int64_t d,
							 double *p_two_sided, double *p_mid);

/*
 * Pearson chi-square test of independence on the rows x cols table of
 * non-negative finite counts (row-major), without continuity correction,
 * as scipy.stats.chi2_contingency(table, correction=False): expected
 * e_ij = R_i C_j / T, stat = sum (o_ij - e_ij)^2 / e_ij, df = (r-1)(c-1),
 * p = fst_chisq_sf(stat, df).
 *
 * Rows and columns whose total is zero are dropped first (scipy raises an
 * error for them); r and c above count the remaining ones.  If fewer than
 * 2 non-empty rows or columns remain, returns FST_EUNDEFINED (stat, p NaN,
 * df 0).  FST_EDOMAIN for rows < 1, cols < 1, a negative or non-finite
 * count, or df overflowing int.  No allocation: column totals are kept in
 * a 512-entry stack buffer; O(rows * cols) time when min(rows, cols)
 * <= 512, O(rows * cols * min(rows, cols)) otherwise.
 */
extern int	fst_chisq_independence(const double *counts, int rows, int cols,
								   double *stat, int *df, double *p);

/*
 * Holm (1979) step-down adjusted p-values, as statsmodels
 * multipletests(p, method='holm')[1]: with the m non-NaN p-values sorted
 * ascending, p_(1) <= ... <= p_(m),
 *	adj_(i) = min(1, max_{j <= i} (m - j + 1) p_(j)).
 * NaN inputs are skipped: they are not counted in m and their adj is NaN.
 * adj may not alias p.  Status FST_OK, or FST_EDOMAIN (n < 0, NULL pointer
 * with n > 0, or a non-NaN p outside [0, 1]; all adj set to NaN).
 *
 * fst_holm needs no workspace and runs in O(n^2) time (fine up to a few
 * thousand p-values); fst_holm_ws does the same in O(n log n) using a
 * caller-supplied workspace of n ints.
 */
extern int	fst_holm(const double *p, int n, double *adj);
extern int	fst_holm_ws(const double *p, int n, double *adj, int *work);

#endif							/* FAIRNESS_FSTATS_H */
