/*-------------------------------------------------------------------------
 *
 * fspecial.h
 *	  The few distribution functions the score and outcome summaries need:
 *	  standard normal tails and quantile, Student's t tails and quantile
 *	  (through the regularized incomplete beta function).  No PostgreSQL
 *	  header.
 *
 * Interim: a general src/fstats.c (special functions, tests, intervals) is
 * being written on the main branch; once it lands these functions should be
 * replaced by its own.  Accuracy: every function agrees with scipy.special /
 * scipy.stats to a relative 1e-12 or better (absolute 1e-300 for tiny
 * tails) over the ranges tested in test/unit/test_fspecial.c.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_FSPECIAL_H
#define FAIRNESS_FSPECIAL_H

/* P(Z <= x) and P(Z > x) for a standard normal Z */
extern double fsp_norm_cdf(double x);
extern double fsp_norm_sf(double x);

/* x with P(Z <= x) = p, 0 < p < 1 (NaN otherwise) */
extern double fsp_norm_quantile(double p);

/* regularized incomplete beta I_x(a, b), a > 0, b > 0, 0 <= x <= 1 */
extern double fsp_incbeta(double a, double b, double x);

/* P(T > t) for Student's t with df > 0 degrees of freedom (df may be
 * fractional, as Welch's test makes it) */
extern double fsp_t_sf(double t, double df);

/* t with P(T <= t) = p, 0 < p < 1 */
extern double fsp_t_quantile(double p, double df);

#endif							/* FAIRNESS_FSPECIAL_H */
