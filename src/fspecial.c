/*-------------------------------------------------------------------------
 *
 * fspecial.c
 *	  Normal and Student's t distribution functions for the score and
 *	  outcome summaries (see fspecial.h).  No PostgreSQL header.
 *
 * The regularized incomplete beta function is evaluated with its continued
 * fraction (modified Lentz method; Numerical Recipes, 3rd ed., section
 * 6.4), using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) so that the
 * fraction always converges quickly, and with 1 - x passed in exactly so
 * that tails keep their relative accuracy.  log B(a, b) for a large
 * argument uses the Stirling series for the difference of log-gammas, so
 * that the huge degrees of freedom Welch's test gives for large (or
 * weighted) samples lose no accuracy to cancellation.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fspecial.h"

#include <math.h>

#define FSP_SQRT2	1.41421356237309504880
#define FSP_SQRT2PI 2.50662827463100050242
#define FSP_LNPI	1.14472988584940017414

double
fsp_norm_cdf(double x)
{
	return 0.5 * erfc(-x / FSP_SQRT2);
}

double
fsp_norm_sf(double x)
{
	return 0.5 * erfc(x / FSP_SQRT2);
}

/*
 * fsp_norm_lower_quantile
 *		Quantile for 0 < p <= 0.5: Acklam's rational approximation (relative
 *		error below 1.2e-9), then one Halley step on erfc, which brings it to
 *		full double precision.
 */
static double
fsp_norm_lower_quantile(double p)
{
	static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
		-2.759285104469687e+02, 1.383577518672690e+02,
	-3.066479806614716e+01, 2.506628277459239e+00};
	static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
		-1.556989798598866e+02, 6.680131188771972e+01,
	-1.328068155288572e+01};
	static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
		-2.400758277161838e+00, -2.549732539343734e+00,
	4.374664141464968e+00, 2.938163982698783e+00};
	static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
	2.445134137142996e+00, 3.754408661907416e+00};
	double		x,
				q,
				r,
				e,
				u;

	if (p < 0.02425)
	{
		q = sqrt(-2.0 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
			((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
	}
	else
	{
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
			(((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
	}
	/* Halley refinement */
	e = fsp_norm_cdf(x) - p;
	u = e * FSP_SQRT2PI * exp(x * x / 2.0);
	x = x - u / (1.0 + x * u / 2.0);
	return x;
}

double
fsp_norm_quantile(double p)
{
	if (!(p > 0.0 && p < 1.0))
		return NAN;
	if (p <= 0.5)
		return fsp_norm_lower_quantile(p);
	return -fsp_norm_lower_quantile(1.0 - p);	/* 1 - p is exact here */
}

/* Stirling series of log Gamma beyond (z - 1/2) log z - z + log(2 pi)/2 */
static double
fsp_stirling(double z)
{
	double		z2 = z * z;

	return (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - 1.0 / (1680.0 * z2)) / z2) / z2) / z;
}

/* log Gamma(a + b) - log Gamma(a), for a >= 50 and b >= 0, without cancellation */
static double
fsp_lgamma_diff(double a, double b)
{
	return (a - 0.5) * log1p(b / a) + b * log(a + b) - b +
		fsp_stirling(a + b) - fsp_stirling(a);
}

/* log B(a, b) */
static double
fsp_lbeta(double a, double b)
{
	double		big = a > b ? a : b;
	double		small = a > b ? b : a;

	if (big < 50.0)
		return lgamma(a) + lgamma(b) - lgamma(a + b);
	return lgamma(small) - fsp_lgamma_diff(big, small);
}

/*
 * continued fraction of I_x(a, b) (modified Lentz); y = 1 - x.  The first
 * term 1 - (a + b) x / (a + 1) is written ((1 - b) + (a + b) y) / (a + 1):
 * for large a and x near 1 the plain form cancels catastrophically.
 */
static double
fsp_betacf(double a, double b, double x, double y)
{
	const double tiny = 1e-300;
	double		qab = a + b,
				qap = a + 1.0,
				qam = a - 1.0;
	double		c = 1.0,
				d = ((1.0 - b) + qab * y) / qap,
				h;
	int			m;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1.0 / d;
	h = d;
	for (m = 1; m <= 2000000; m++)
	{
		double		m2 = 2.0 * m;
		double		aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		double		del;

		d = 1.0 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1.0 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) <= 2.3e-16)
			break;
	}
	return h;
}

/*
 * I_x(a, b) with y = 1 - x, and log x and log y, given accurately: for
 * large a, a * log(x) must not inherit the rounding of x near 1.
 */
static double
fsp_incbeta_xy(double a, double b, double x, double y, double lx, double ly)
{
	double		lfront;

	if (x <= 0.0)
		return 0.0;
	if (y <= 0.0)
		return 1.0;
	lfront = a * lx + b * ly - fsp_lbeta(a, b);
	if (x < (a + 1.0) / (a + b + 2.0))
		return exp(lfront) * fsp_betacf(a, b, x, y) / a;
	return 1.0 - exp(lfront) * fsp_betacf(b, a, y, x) / b;
}

double
fsp_incbeta(double a, double b, double x)
{
	if (!(a > 0.0 && b > 0.0 && x >= 0.0 && x <= 1.0))
		return NAN;
	return fsp_incbeta_xy(a, b, x, 1.0 - x, log(x), log1p(-x));
}

/*
 * fsp_t_sf_large_df
 *		Upper tail for large df by the expansion in 1/df around the normal:
 *		P(T > t) = P(Z > t) + phi(t) (g1(t)/df + g2(t)/df^2 + g3(t)/df^3),
 *		g1 = (t^3 + t)/4, g2 = (3t^7 - 7t^5 - 5t^3 - 3t)/96,
 *		g3 = (t^11 - 11t^9 + 14t^7 + 6t^5 - 3t^3 - 15t)/384
 *		(coefficients derived from, and checked against, 50-digit values of
 *		the incomplete beta function).  The omitted term is below 1e-14 of
 *		the tail when t^4 <= 3e-3 df, where the caller uses it: there the
 *		continued fraction would lose digits to cancellation.
 */
static double
fsp_t_sf_large_df(double t, double df)
{
	double		t2 = t * t;
	double		g1 = (t2 + 1.0) * t / 4.0;
	double		g2 = (((3.0 * t2 - 7.0) * t2 - 5.0) * t2 - 3.0) * t / 96.0;
	double		g3 = (((((t2 - 11.0) * t2 + 14.0) * t2 + 6.0) * t2 - 3.0) * t2 - 15.0) * t / 384.0;
	double		phi = exp(-t2 / 2.0) / FSP_SQRT2PI;

	return fsp_norm_sf(t) + phi * ((g3 / df + g2) / df + g1) / df;
}

double
fsp_t_sf(double t, double df)
{
	double		t2,
				x,
				y,
				tail;

	if (isnan(t) || !(df > 0.0))
		return NAN;
	if (isinf(t))
		return t > 0 ? 0.0 : 1.0;
	if (df > 1e15)
		return fsp_norm_sf(t);
	t2 = t * t;
	if (isinf(t2))
		return t > 0 ? 0.0 : 1.0;
	if (df >= 1e5 && t2 * t2 <= 3e-3 * df)
		return fsp_t_sf_large_df(t, df);
	x = df / (df + t2);
	y = t2 / (df + t2);
	/* P(|T| > |t|) / 2 = I_x(df/2, 1/2) / 2 */
	tail = 0.5 * fsp_incbeta_xy(df / 2.0, 0.5, x, y, -log1p(t2 / df),
								log(y));
	return t >= 0 ? tail : 1.0 - tail;
}

/* density of Student's t */
static double
fsp_t_pdf(double t, double df)
{
	double		lg;

	if (df / 2.0 >= 50.0)
		lg = fsp_lgamma_diff(df / 2.0, 0.5);
	else
		lg = lgamma((df + 1.0) / 2.0) - lgamma(df / 2.0);
	return exp(lg - 0.5 * (log(df) + FSP_LNPI) -
			   (df + 1.0) / 2.0 * log1p(t * t / df));
}

/*
 * fsp_t_quantile
 *		Newton's method on the upper tail, kept inside a bracket (bisection
 *		when a step leaves it), from the normal quantile.
 */
double
fsp_t_quantile(double p, double df)
{
	double		q,
				lo = 0.0,
				hi,
				t;
	int			i;

	if (!(p > 0.0 && p < 1.0) || !(df > 0.0))
		return NAN;
	if (p == 0.5)
		return 0.0;
	if (p < 0.5)
		return -fsp_t_quantile(1.0 - p, df);
	q = 1.0 - p;				/* wanted upper tail, < 0.5 */
	if (df > 1e15)
		return fsp_norm_quantile(p);
	hi = fsp_norm_quantile(p);
	if (hi < 1.0)
		hi = 1.0;
	while (fsp_t_sf(hi, df) > q)
	{
		lo = hi;
		hi *= 2.0;
		if (isinf(hi))
			return INFINITY;
	}
	t = fsp_norm_quantile(p);
	if (!(t > lo && t < hi))
		t = (lo + hi) / 2.0;
	for (i = 0; i < 400; i++)
	{
		double		f = fsp_t_sf(t, df) - q;
		double		step,
					next;

		if (f == 0.0)
			break;
		if (f > 0.0)
			lo = t;				/* tail too big: t too small */
		else
			hi = t;
		step = f / fsp_t_pdf(t, df);
		next = t + step;
		if (!(next > lo && next < hi))
			next = (lo + hi) / 2.0;
		if (fabs(next - t) <= 1e-15 * fabs(t) || hi - lo <= 1e-15 * hi)
		{
			t = next;
			break;
		}
		t = next;
	}
	return t;
}
