/*-------------------------------------------------------------------------
 *
 * freport.h
 *	  Uncertainty and verdicts for one rate of one group against the
 *	  reference group: interval, difference and ratio with their intervals,
 *	  significance test, four-fifths rule extras, report status.  No
 *	  PostgreSQL header; built on fstats.
 *
 * Undefined quantities are NaN (the SQL layer returns NULL for NaN).
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_FREPORT_H
#define FAIRNESS_FREPORT_H

#include <stdbool.h>

typedef enum FrInterval
{
	FR_WILSON = 0,				/* Wilson score interval */
	FR_CLOPPER_PEARSON			/* exact (beta) interval */
} FrInterval;

typedef enum FrTest
{
	FR_TEST_NONE = 0,
	FR_TEST_Z,					/* pooled two-proportion z-test */
	FR_TEST_FISHER				/* Fisher's exact test (small expected counts) */
} FrTest;

extern const char *const fr_test_names[3];

typedef struct FrCompare
{
	double		value;			/* x1 / n1 */
	double		ci_lo,
				ci_hi;
	double		ref_value;		/* x2 / n2 */
	double		diff,			/* value - ref_value, Newcombe interval */
				diff_lo,
				diff_hi;
	double		ratio,			/* value / ref_value, Katz log interval */
				ratio_lo,
				ratio_hi;
	FrTest		test;
	double		p;				/* two-sided p-value of `test` */
	double		p_mid;			/* Fisher mid-p (NaN for the z-test) */
} FrCompare;

/* interval for x of n; NaN bounds when n = 0 */
extern void fr_interval(double x, double n, double conf, FrInterval method,
						double *lo, double *hi);

/*
 * Compare group 1 (x1 of n1) with the reference group 2 (x2 of n2).
 * integer_counts: x and n are row counts, so Fisher's exact test may be
 * used; it is used when a cell of the 2x2 table has an expected count
 * below 5.  Otherwise (and always for weighted summaries) the z-test.
 */
extern void fr_compare(double x1, double n1, double x2, double n2,
					   bool integer_counts, double conf, FrInterval method,
					   FrCompare *out);

/*
 * Four-fifths rule on selection rates (x selected of n): adverse impact
 * when ratio < threshold; shortfall = selections the group would have
 * needed to match the reference rate, ceil(n1 * x2 / n2 - x1), at least 0;
 * flip_flop = moving a single selection between the group and the
 * reference group (towards the group when flagged, away from it otherwise)
 * reverses the verdict.  Returns false when the ratio is undefined.
 * A ratio equal to the threshold (to within 4 DBL_EPSILON, relative: the
 * rounding of the ratio and of the threshold) is not below it, so 40/60
 * against 50/60 is not adverse at 0.8.  With integer counts the shortfall
 * is exact (128-bit integer arithmetic).
 */
extern bool fr_four_fifths(double x1, double n1, double x2, double n2,
						   double threshold, bool *adverse,
						   double *shortfall, bool *flip_flop);

/*
 * Does the ratio v / rv (value v vs reference rv) fall outside [t, 1/t]?
 * An infinite ratio (rv = 0 < v) does; 0/0 does not; ratios equal to t
 * or 1/t up to rounding do not (see fr_four_fifths).
 */
extern bool fr_crosses(double v, double rv, double t);

#endif							/* FAIRNESS_FREPORT_H */
