/*-------------------------------------------------------------------------
 *
 * freport.c
 *	  Comparison of a group's rate with the reference group's: see
 *	  freport.h and README.md "Uncertainty and verdicts".
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "freport.h"

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "fstats.h"

const char *const fr_test_names[3] = {NULL, "z-test", "fisher-exact"};

/* fr_interval: Wilson or Clopper-Pearson bounds of x / n (NaN if n = 0) */
void
fr_interval(double x, double n, double conf, FrInterval method,
			double *lo, double *hi)
{
	if (!(n > 0.0))
	{
		*lo = *hi = NAN;
		return;
	}
	if (method == FR_CLOPPER_PEARSON)
		fst_clopper_pearson(x, n, conf, lo, hi);
	else
		fst_wilson(x, n, conf, lo, hi);
}

/*
 * fr_small_expected
 *		Smallest expected count of the 2x2 table [[x1, n1-x1], [x2, n2-x2]]
 *		under independence is below 5: the normal approximation is poor.
 */
static bool
fr_small_expected(double x1, double n1, double x2, double n2)
{
	double		N = n1 + n2;
	double		c1 = x1 + x2;
	double		c2 = N - c1;
	double		emin = fmin(fmin(n1 * c1, n1 * c2), fmin(n2 * c1, n2 * c2)) / N;

	return emin < 5.0;
}

void
fr_compare(double x1, double n1, double x2, double n2, bool integer_counts,
		   double conf, FrInterval method, FrCompare *o)
{
	o->value = n1 > 0 ? x1 / n1 : NAN;
	o->ref_value = n2 > 0 ? x2 / n2 : NAN;
	fr_interval(x1, n1, conf, method, &o->ci_lo, &o->ci_hi);
	o->diff = o->diff_lo = o->diff_hi = NAN;
	o->ratio = o->ratio_lo = o->ratio_hi = NAN;
	o->test = FR_TEST_NONE;
	o->p = o->p_mid = NAN;
	if (!(n1 > 0) || !(n2 > 0))
		return;

	o->diff = o->value - o->ref_value;
	fst_newcombe_diff(x1, n1, x2, n2, conf, &o->diff_lo, &o->diff_hi);
	if (o->ref_value > 0)
	{
		o->ratio = o->value / o->ref_value;
		/* Katz is undefined when either count is 0: bounds stay NaN */
		fst_katz_ratio(x1, n1, x2, n2, conf, &o->ratio_lo, &o->ratio_hi);
	}

	if (integer_counts && fr_small_expected(x1, n1, x2, n2) &&
		n1 + n2 <= (double) FST_MAX_EXACT_COUNT)
	{
		o->test = FR_TEST_FISHER;
		fst_fisher_exact((int64_t) x1, (int64_t) (n1 - x1), (int64_t) x2,
						 (int64_t) (n2 - x2), &o->p, &o->p_mid);
	}
	else
	{
		o->test = FR_TEST_Z;
		o->p = fst_ztest_2prop(x1, n1, x2, n2);
		/* all successes or all failures in both groups: no evidence */
		if (isnan(o->p) && (x1 + x2 == 0 || x1 + x2 == n1 + n2))
			o->p = 1.0;
	}
}

/*
 * fr_below
 *		Is the ratio of two rates r below the threshold t?  r is computed
 *		with a few roundings and t is the double nearest to a decimal such as
 *		0.8, so a ratio that equals t exactly (40/60 against 50/60 is 4/5)
 *		can come out as 0.7999999999999999: ratios within 4 DBL_EPSILON of t
 *		(relative) count as equal to it, i.e. not below.  The four-fifths
 *		rule flags a rate "less than four-fifths" of the reference rate
 *		(29 CFR 1607.4(D)); a ratio of exactly 4/5 is not flagged.
 */
static bool
fr_below(double r, double t)
{
	return r < t && t - r > 4.0 * DBL_EPSILON * t;
}

/*
 * fr_shortfall
 *		ceil(n1 * x2 / n2 - x1), at least 0: the selections group 1 needs
 *		to reach the reference rate x2 / n2.  With integer counts the
 *		result is exact (in 128-bit integer arithmetic where the compiler
 *		has it): n1 * x2 / n2 may be an integer plus 1e-9 or less when n2 is
 *		1e9, which no tolerance on doubles can tell from rounding.
 */
static double
fr_shortfall(double x1, double n1, double x2, double n2)
{
	double		s;

#ifdef __SIZEOF_INT128__
	const double two63 = 9223372036854775808.0;

	if (x1 == floor(x1) && n1 == floor(n1) && x2 == floor(x2) &&
		n2 == floor(n2) && x1 >= 0 && x2 >= 0 && n1 < two63 && n2 < two63 &&
		n2 > 0)
	{
		unsigned __int128 num = (unsigned __int128) (uint64_t) n1 * (uint64_t) x2;
		unsigned __int128 q = num / (uint64_t) n2 + (num % (uint64_t) n2 != 0);

		/* q <= n1 < 2^63 since x2 <= n2 */
		s = (double) (int64_t) q - x1;
		return s > 0 ? s : 0.0;
	}
#endif
	/*
	 * weighted summaries (x = p_w * n is not an integer), or no 128-bit
	 * integers: the tolerance absorbs the rounding of a quotient that is
	 * an integer in exact arithmetic
	 */
	s = ceil(n1 * x2 / n2 - x1 - 1e-9);
	return s > 0 ? s : 0.0;
}

bool
fr_four_fifths(double x1, double n1, double x2, double n2, double t,
			   bool *adverse, double *shortfall, bool *flip_flop)
{
	double		r,
				r2;

	if (!(n1 > 0) || !(n2 > 0) || !(x2 > 0))
		return false;
	r = (x1 / n1) / (x2 / n2);
	*adverse = fr_below(r, t);
	*shortfall = fr_shortfall(x1, n1, x2, n2);
	if (*adverse)
	{
		/* one selection moved from the reference group to the group */
		if (x1 + 1 > n1 || x2 - 1 <= 0)
			*flip_flop = x1 + 1 <= n1 && x2 - 1 == 0;
		else
		{
			r2 = ((x1 + 1) / n1) / ((x2 - 1) / n2);
			*flip_flop = !fr_below(r2, t);
		}
	}
	else
	{
		/* one selection moved from the group to the reference group */
		if (x1 - 1 < 0 || x2 + 1 > n2)
			*flip_flop = false;
		else
		{
			r2 = ((x1 - 1) / n1) / ((x2 + 1) / n2);
			*flip_flop = fr_below(r2, t);
		}
	}
	return true;
}

bool
fr_crosses(double v, double rv, double t)
{
	if (isnan(v) || isnan(rv))
		return false;
	if (rv == 0.0)
		return v > 0.0;			/* infinite ratio */
	if (v == 0.0)
		return true;			/* ratio 0 */
	/* v / rv < t or v / rv > 1 / t, i.e. rv / v < t */
	return fr_below(v / rv, t) || fr_below(rv / v, t);
}
