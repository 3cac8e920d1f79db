/*-------------------------------------------------------------------------
 *
 * fstats.c
 *	  Statistics library of the fairness extension (see fstats.h).
 *
 * No PostgreSQL headers, no allocation, no mutable global state.  Only
 * immutable tables of coefficients are static.
 *
 * Main sources:
 *	- C. Loader (2000), "Fast and accurate computation of binomial
 *	  probabilities" (Stirling error term and deviance bd0, as used by R's
 *	  dbinom/dhyper/dpois): basis of the accurate log densities below.
 *	- Numerical Recipes, 3rd ed. (Press et al. 2007), sections 6.2 and 6.14:
 *	  series and continued fraction (modified Lentz) for the incomplete
 *	  gamma function, initial guess for the inverse beta.
 *	- A. R. Didonato, A. H. Morris (1992), ACM TOMS 18:360-373, algorithm
 *	  708: continued fraction BFRAC and power series BPSER of the incomplete
 *	  beta function.  N. M. Temme (1979) / DLMF 8.12: uniform asymptotic
 *	  expansion of the incomplete gamma function for huge df.
 *	- M. J. Wichura (1988), Algorithm AS 241, Applied Statistics 37:477-484
 *	  (normal quantile).
 *	- E. B. Wilson (1927) JASA 22:209-212; R. G. Newcombe (1998a) Stat Med
 *	  17:857-872 and (1998b) Stat Med 17:873-890; D. Katz et al. (1978)
 *	  Biometrics 34:469-474; C. J. Clopper, E. S. Pearson (1934)
 *	  Biometrika 26:404-413; S. Holm (1979) Scand J Stat 6:65-70;
 *	  H. O. Lancaster (1961) JASA 56:223-234 (mid-p).
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fstats.h"

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#define FST_PI			3.141592653589793238462643383279502884
#define FST_LN_2PI		1.837877066409345483560659472811235280
#define FST_LN_SQRT_2PI	0.918938533204672741780329736405617640
#define FST_SQRT1_2		0.707106781186547524400844362104849039

/* relative tolerance for "as likely as the observed table" (R fisher.test) */
#define FST_FISHER_RELERR	1e-7

/* tail sums stop when the remaining terms are below this fraction */
#define FST_TAIL_EPS	1e-17

/* size of the stack buffer of fst_chisq_independence */
#define FST_CHISQ_BUF	512


/* ---------------------------------------------------------------------
 * Log-gamma, Stirling error, deviance
 * --------------------------------------------------------------------- */

/*
 * Asymptotic (Stirling) series of the Stirling error
 *	delta(z) = log Gamma(z) - (z - 1/2) log z + z - log sqrt(2 pi)
 *			 = sum_k B_2k / (2k (2k-1) z^(2k-1)),
 * ten terms; for z >= 7 the truncation error is below 3e-17 (absolute).
 */
static double
stirlerr_series(double z)
{
	static const double c[10] = {
		1.0 / 12.0, -1.0 / 360.0, 1.0 / 1260.0, -1.0 / 1680.0,
		1.0 / 1188.0, -691.0 / 360360.0, 1.0 / 156.0, -3617.0 / 122400.0,
		43867.0 / 244188.0, -174611.0 / 125400.0
	};
	double		zi = 1.0 / z;
	double		z2 = zi * zi;
	double		s = c[9];
	int			i;

	for (i = 8; i >= 0; i--)
		s = s * z2 + c[i];
	return s * zi;
}

/*
 * log Gamma(2 + t) for |t| <= 1/2 by its Taylor series at 2,
 *	log Gamma(2 + t) = (1 - gamma) t + sum_{k>=2} (-1)^k (zeta(k) - 1) t^k / k
 * (Abramowitz & Stegun 6.1.33 shifted by log(1 + t)); coefficients computed
 * with mpmath to 22 digits.  31 terms give ~1e-20 absolute error, and full
 * relative accuracy near the root t = 0.
 */
static double
lgamma2p(double t)
{
	static const double c[31] = {
		4.227843350984671393935e-1,
		3.224670334241132182362e-1,
		-6.735230105319809513325e-2,
		2.058080842778454787900e-2,
		-7.385551028673985266273e-3,
		2.890510330741523285753e-3,
		-1.192753911703260977114e-3,
		5.096695247430424223357e-4,
		-2.231547584535793797614e-4,
		9.945751278180853371460e-5,
		-4.492623673813314170021e-5,
		2.050721277567069155317e-5,
		-9.439488275268395903987e-6,
		4.374866789907487804182e-6,
		-2.039215753801366236782e-6,
		9.551412130407419832857e-7,
		-4.492469198764566043294e-7,
		2.120718480555466586923e-7,
		-1.004322482396809960872e-7,
		4.769810169363980565760e-8,
		-2.271109460894316491032e-8,
		1.083865921489695409107e-8,
		-5.183475041970046655121e-9,
		2.483674543802478317185e-9,
		-1.192140140586091207443e-9,
		5.731367241678862013330e-10,
		-2.759522885124233145178e-10,
		1.330476437424448948150e-10,
		-6.422964563838100022082e-11,
		3.104424774732227276239e-11,
		-1.502138408075414217093e-11
	};
	double		s = c[30];
	int			i;

	for (i = 29; i >= 0; i--)
		s = s * t + c[i];
	return s * t;
}

/*
 * fst_lgamma: log|Gamma(x)|.
 * x >= 15: Stirling's formula with the series above; 2.5 < x < 15:
 * downward recurrence to [1.5, 2.5]; 0 < x <= 2.5: Taylor series at 2
 * combined with log Gamma(x) = log Gamma(x + k) - log(x (x+1) ...);
 * x < 0: reflection log|Gamma(x)| = log(pi / |sin(pi x)|) - log Gamma(1-x).
 */
double
fst_lgamma(double x)
{
	double		y;
	double		prod;
	double		s;

	if (isnan(x))
		return x;
	if (isinf(x))
		return INFINITY;
	if (x <= 0.0)
	{
		if (x == floor(x))
			return INFINITY;	/* pole */
		/* |sin(pi x)| = sin(pi s), s = distance of x to nearest integer */
		s = fmod(-x, 1.0);
		if (s > 0.5)
			s = 1.0 - s;
		return log(FST_PI / sin(FST_PI * s)) - fst_lgamma(1.0 - x);
	}
	if (x < 0.5)
		return lgamma2p(x) - log(x) - log1p(x);
	if (x < 1.5)
		return lgamma2p(x - 1.0) - log(x);
	if (x <= 2.5)
		return lgamma2p(x - 2.0);
	if (x < 15.0)
	{
		y = x;
		prod = 1.0;
		while (y > 2.5)
		{
			y -= 1.0;
			prod *= y;
		}
		return lgamma2p(y - 2.0) + log(prod);
	}
	return (x - 0.5) * log(x) - x + FST_LN_SQRT_2PI + stirlerr_series(x);
}

/*
 * Stirling error delta(z) = log Gamma(z) - (z - 1/2) log z + z
 * - log sqrt(2 pi) for z > 0 (Loader 2000, "stirlerr").  Series for
 * z >= 7, definition (absolute error ~3e-15) below.
 */
static double
stirlerr(double z)
{
	if (z >= 7.0)
		return stirlerr_series(z);
	return fst_lgamma(z) - (z - 0.5) * log(z) + z - FST_LN_SQRT_2PI;
}

/*
 * Deviance term of Loader (2000):
 *	bd0(x, np) = x log(x / np) + np - x  (>= 0),
 * given np and also D = x - np (which the caller may know more accurately
 * than the difference of the rounded values).  For |D| < 0.1 (x + np) the
 * series in v = D / (x + np) avoids the cancellation.  x >= 0, np > 0.
 */
static double
bd0nd(double x, double np, double D)
{
	double		v;
	double		s;
	double		s1;
	double		ej;
	double		r;
	double		sum = x + np;
	int			j;

	if (x == 0.0)
		return np;
	if (fabs(D) < 0.1 * sum)
	{
		v = D / sum;
		s = D * v;
		ej = 2.0 * x * v;
		v = v * v;
		for (j = 1; j < 200; j++)
		{
			ej *= v;
			s1 = s + ej / (double) (2 * j + 1);
			if (s1 == s)
				return s1;
			s = s1;
		}
		return s;
	}
	r = x / np;
	if (r >= DBL_MIN && r <= DBL_MAX)
		return x * log(r) + np - x;
	return x * (log(x) - log(np)) + np - x;	/* x / np over/underflows */
}

/* bd0(x, np) of Loader (2000), see bd0nd */
static double
bd0(double x, double np)
{
	return bd0nd(x, np, x - np);
}

/*
 * log of the binomial probability C(n, x) p^x q^(n-x), q = 1 - p, for real
 * 0 <= x <= n (Loader 2000, dbinom_raw; as R's dbinom_raw with log = TRUE).
 */
static double
ldbinom_raw(double x, double n, double p, double q)
{
	double		lc;
	double		lf;

	if (p == 0.0)
		return (x == 0.0) ? 0.0 : -INFINITY;
	if (q == 0.0)
		return (x == n) ? 0.0 : -INFINITY;
	if (x == 0.0)
	{
		if (n == 0.0)
			return 0.0;
		return (p < 0.1) ? -bd0(n, n * q) - n * p : n * log(q);
	}
	if (x == n)
		return (q < 0.1) ? -bd0(n, n * p) - n * q : n * log(p);
	if (x < 0.0 || x > n)
		return -INFINITY;
	lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x)
		- bd0(x, n * p) - bd0(n - x, n * q);
	lf = FST_LN_2PI + log(x) + log((n - x) / n);	/* n - x is exact */
	return lc - 0.5 * lf;
}

/*
 * fst_lbeta: log B(a, b).  For max(a, b) < 7 directly from fst_lgamma;
 * otherwise from Stirling's formula with exact error terms,
 *	log B(a,b) = lo log(lo/n) - hi log1p(lo/hi) + (log n - log lo - log hi)/2
 *				 + log sqrt(2 pi) + delta(lo) + delta(hi) - delta(n),
 * lo = min(a,b), hi = max(a,b), n = a + b, which has no cancellation.
 */
double
fst_lbeta(double a, double b)
{
	double		lo;
	double		hi;
	double		n;

	if (!(a > 0.0 && b > 0.0) || isinf(a) || isinf(b))
		return NAN;
	lo = (a < b) ? a : b;
	hi = (a < b) ? b : a;
	if (hi < 7.0)
		return fst_lgamma(a) + fst_lgamma(b) - fst_lgamma(a + b);
	n = a + b;
	return lo * log(lo / n) - hi * log1p(lo / hi)
		+ 0.5 * (log(n) - log(lo) - log(hi)) + FST_LN_SQRT_2PI
		+ stirlerr(lo) + stirlerr(hi) - stirlerr(n);
}


/* ---------------------------------------------------------------------
 * Normal distribution
 * --------------------------------------------------------------------- */

/* fst_norm_cdf: Phi(z) = erfc(-z / sqrt 2) / 2. */
double
fst_norm_cdf(double z)
{
	if (isnan(z))
		return z;
	return 0.5 * erfc(-z * FST_SQRT1_2);
}

/* fst_norm_sf: 1 - Phi(z) = erfc(z / sqrt 2) / 2, full relative accuracy in
 * the upper tail (to ~z^2 * 1e-16 because of the rounding of z / sqrt 2). */
double
fst_norm_sf(double z)
{
	if (isnan(z))
		return z;
	return 0.5 * erfc(z * FST_SQRT1_2);
}

/*
 * fst_norm_ppf: Phi^-1(p), algorithm AS 241 (PPND16) of Wichura (1988),
 * rational approximations accurate to about 1e-16.
 */
double
fst_norm_ppf(double p)
{
	double		q;
	double		r;
	double		val;

	if (isnan(p) || p < 0.0 || p > 1.0)
		return NAN;
	if (p == 0.0)
		return -INFINITY;
	if (p == 1.0)
		return INFINITY;

	q = p - 0.5;
	if (fabs(q) <= 0.425)
	{
		r = 0.180625 - q * q;
		return q * (((((((2.5090809287301226727e+3 * r +
						  3.3430575583588128105e+4) * r +
						 6.7265770927008700853e+4) * r +
						4.5921953931549871457e+4) * r +
					   1.3731693765509461125e+4) * r +
					  1.9715909503065514427e+3) * r +
					 1.3314166789178437745e+2) * r +
					3.3871328727963666080e+0) /
			(((((((5.2264952788528545610e+3 * r +
				   2.8729085735721942674e+4) * r +
				  3.9307895800092710610e+4) * r +
				 2.1213794301586595867e+4) * r +
				5.3941960214247511077e+3) * r +
			   6.8718700749205790830e+2) * r +
			  4.2313330701600911252e+1) * r + 1.0);
	}

	r = (q < 0.0) ? p : 1.0 - p;	/* 1 - p is exact for p >= 0.5 */
	r = sqrt(-log(r));
	if (r <= 5.0)
	{
		r -= 1.6;
		val = (((((((7.74545014278341407640e-4 * r +
					 2.27238449892691845833e-2) * r +
					2.41780725177450611770e-1) * r +
				   1.27045825245236838258e+0) * r +
				  3.64784832476320460504e+0) * r +
				 5.76949722146069140550e+0) * r +
				4.63033784615654529590e+0) * r +
			   1.42343711074968357734e+0) /
			(((((((1.05075007164441684324e-9 * r +
				   5.47593808499534494600e-4) * r +
				  1.51986665636164571966e-2) * r +
				 1.48103976427480074590e-1) * r +
				6.89767334985100004550e-1) * r +
			   1.67638483018380384940e+0) * r +
			  2.05319162663775882187e+0) * r + 1.0);
	}
	else
	{
		r -= 5.0;
		val = (((((((2.01033439929228813265e-7 * r +
					 2.71155556874348757815e-5) * r +
					1.24266094738807843860e-3) * r +
				   2.65321895265761230930e-2) * r +
				  2.96560571828504891230e-1) * r +
				 1.78482653991729133580e+0) * r +
				5.46378491116411436990e+0) * r +
			   6.65790464350110377720e+0) /
			(((((((2.04426310338993978564e-15 * r +
				   1.42151175831644588870e-7) * r +
				  1.84631831751005468180e-5) * r +
				 7.86869131145613259100e-4) * r +
				1.48753612908506148525e-2) * r +
			   1.36929880922735805310e-1) * r +
			  5.99832206555887937690e-1) * r + 1.0);
	}
	return (q < 0.0) ? -val : val;
}

/* fst_norm_isf: Phi^-1(1 - p) = -Phi^-1(p) (symmetry, exact). */
double
fst_norm_isf(double p)
{
	return -fst_norm_ppf(p);
}


/* ---------------------------------------------------------------------
 * Incomplete gamma (chi-square)
 * --------------------------------------------------------------------- */

/*
 * Q(s, y) for large s (used for s >= 1e8) by the first term of Temme's
 * uniform asymptotic expansion (N. M. Temme 1979; DLMF 8.12.3, 8.12.8):
 *	Q(s, y) = erfc(eta sqrt(s/2)) / 2 + exp(-s eta^2 / 2) / sqrt(2 pi s) c0(eta),
 *	s eta^2 / 2 = s (lambda - 1 - log lambda) = bd0(s, y), lambda = y / s,
 *	sign(eta) = sign(lambda - 1), c0 = 1/(lambda - 1) - 1/eta
 *	(c0 = -1/3 + eta/12 - 2 eta^2/135 + ... near eta = 0, DLMF 8.12.9).
 * The neglected terms are O(s^-2) relative to the correction: checked
 * against 30-digit values, relative error 4e-15 (center) to 2e-13 (far
 * tail) already at s = 5e7.
 */
static double
gamma_q_temme(double s, double y)
{
	double		b = bd0(s, y);
	double		eta = sqrt(2.0 * b / s);
	double		c0;

	if (y < s)
		eta = -eta;
	if (fabs(eta) < 1e-3)
		c0 = -1.0 / 3.0 + eta * (1.0 / 12.0 - eta * (2.0 / 135.0));
	else
		c0 = s / (y - s) - 1.0 / eta;
	return 0.5 * erfc(eta * sqrt(0.5 * s)) +
		exp(-b) / sqrt(2.0 * FST_PI * s) * c0;
}

/*
 * Regularized upper incomplete gamma Q(s, y) for s > 0, 0 < y < Inf.
 * The prefactor y^s e^-y / Gamma(s+1) is Loader's dpois_raw(s, y) =
 * exp(-delta(s) - bd0(s, y)) / sqrt(2 pi s), accurate for huge s and y.
 * y < s + 1: series P(s,y) = dpois_raw * sum_k y^k / ((s+1)...(s+k)),
 * Q = 1 - P (then Q is not small).  Otherwise the continued fraction for
 * Q (Numerical Recipes 6.2.7, modified Lentz).  Both need O(sqrt(s))
 * terms at worst (y near s), so s >= 1e8 goes to gamma_q_temme (at most
 * ~1e5 terms here).  NaN if the iteration fails to converge.
 */
static double
gamma_q(double s, double y)
{
	double		lpois;
	double		sum;
	double		term;
	double		r;
	double		b;
	double		c;
	double		d;
	double		h;
	double		an;
	double		del;
	double		k;
	double		maxit;
	const double tiny = 1e-300;

	if (s >= 1e8)
		return gamma_q_temme(s, y);
	lpois = -stirlerr(s) - bd0(s, y) - 0.5 * (FST_LN_2PI + log(s));
	maxit = 10000.0 + 50.0 * sqrt(s);

	if (y < s + 1.0)
	{
		sum = 1.0;
		term = 1.0;
		for (k = 1.0; k < maxit; k += 1.0)
		{
			term *= y / (s + k);
			sum += term;
			r = y / (s + k + 1.0);
			/* remaining terms < term * r / (1 - r) */
			if (term * r <= (1.0 - r) * sum * FST_TAIL_EPS)
				return 1.0 - exp(lpois) * sum;
		}
		return NAN;
	}

	b = y + 1.0 - s;
	c = 1.0 / tiny;
	d = 1.0 / b;
	h = d;
	for (k = 1.0; k < maxit; k += 1.0)
	{
		an = -k * (k - s);
		b += 2.0;
		d = an * d + b;
		if (fabs(d) < tiny)
			d = tiny;
		c = b + an / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) <= 2.0 * DBL_EPSILON)
			return exp(lpois + log(s)) * h;
	}
	return NAN;
}

/* fst_chisq_sf: P(chi2(df) > x) = Q(df/2, x/2). */
double
fst_chisq_sf(double x, double df)
{
	if (isnan(x) || isnan(df) || !(df > 0.0) || isinf(df))
		return NAN;
	if (x <= 0.0)
		return 1.0;
	if (isinf(x))
		return 0.0;
	return gamma_q(0.5 * df, 0.5 * x);
}


/* ---------------------------------------------------------------------
 * Incomplete beta
 * --------------------------------------------------------------------- */

/*
 * Continued fraction for I_x(a, b) / (x^a y^b / B(a, b)), y = 1 - x, in
 * the form of Didonato & Morris (1992, ACM TOMS 18:360-373, algorithm
 * 708, subroutine BFRAC): the classical continued fraction (Abramowitz &
 * Stegun 26.5.8) rewritten in terms of y and lambda = a - (a+b) x =
 * (a+b) y - b >= 0, so that no 1 - (a+b)x/(a+1) cancellation occurs when
 * a + b is huge or x is close to 1 (the form of Numerical Recipes' betacf
 * loses ~1e-11 relative at a = 4e5, x = 1 - 7e-6).  Converges in
 * O(sqrt(max(a, b))) iterations at worst (about 4000 at a = b = 5e8).
 * NaN if it does not converge.
 */
static double
bfrac(double a, double b, double x, double y, double lambda)
{
	double		c = lambda + 1.0;
	double		c0 = b / a;
	double		c1 = 1.0 / a + 1.0;
	double		yp1 = y + 1.0;
	double		n = 0.0;
	double		p = 1.0;
	double		s = a + 1.0;
	double		an = 0.0;
	double		bn = 1.0;
	double		anp1 = 1.0;
	double		bnp1 = c / c1;
	double		r = c1 / c;
	double		r0;
	double		t;
	double		w;
	double		e;
	double		alpha;
	double		beta;
	double		maxit = 10000.0 + 50.0 * sqrt(a > b ? a : b);

	if (maxit > 1e8)
		maxit = 1e8;			/* ~1 s; reached only for a, b ~ 1e30 */
	while (n < maxit)
	{
		n += 1.0;
		t = n / a;
		w = n * (b - n) * x;
		e = a / s;
		alpha = p * (p + c0) * e * e * (w * x);
		e = (t + 1.0) / (c1 + t + t);
		beta = n + w / s + e * (c + n * yp1);
		p = t + 1.0;
		s += 2.0;

		t = alpha * an + beta * anp1;
		an = anp1;
		anp1 = t;
		t = alpha * bn + beta * bnp1;
		bn = bnp1;
		bnp1 = t;

		r0 = r;
		r = anp1 / bnp1;
		if (fabs(r - r0) <= DBL_EPSILON * r)
			return r;

		/* rescale */
		an /= bnp1;
		bn /= bnp1;
		anp1 = r;
		bnp1 = 1.0;
	}
	return NAN;
}

/*
 * Power series for I_x(a, b) (Abramowitz & Stegun 26.5.4, as BPSER of
 * Didonato & Morris 1992):
 *	I_x(a,b) = x^a / (a B(a,b)) [1 + a sum_{j>=1} (1-b)(2-b)...(j-b)/j! x^j/(a+j)],
 * used for min(a, b) <= 1 with x <= 1/2 and b x <= 0.7 (or b <= 1), where
 * the terms decrease geometrically from the start (ratio < 0.85) and there
 * is no significant cancellation; this is the regime where the continued
 * fraction converges only logarithmically (e.g. b = 1e-4, a = 7e7).
 * NaN if it does not converge.
 */
static double
bpser(double a, double b, double x)
{
	double		c = 1.0;
	double		sum = 0.0;
	double		term;
	double		j;

	for (j = 1.0; j < 2000.0; j += 1.0)
	{
		c *= (j - b) / j * x;
		term = c / (a + j);
		sum += term;
		if (a * fabs(term) <= 1e-17 * fabs(1.0 + a * sum))
			return exp(a * log(x) - log(a) - fst_lbeta(a, b)) * (1.0 + a * sum);
	}
	return NAN;
}

/*
 * I_x(a, b) and 1 - I_x(a, b).  One of them is computed directly, the other
 * by subtraction: with min(a, b) <= 1 the power series bpser in the
 * orientation x0 <= 1/2 when it converges fast (b0 x0 <= 0.7 or b0 <= 1),
 * else the continued fraction bfrac for the tail on the near side of the
 * mean (lambda >= 0), which is the smaller tail (TOMS 708 uses the same
 * selection for these two methods).
 *
 * x and y = 1 - x are both passed; xexact tells which of them is the
 * intended argument exactly (the other may carry a rounding error).  The
 * prefactor x^a y^b / B(a,b) is evaluated without cancellation for huge
 * a, b by Loader's method:
 *	log(x^a y^b / B(a,b)) = -bd0(a, n x) - bd0(b, n y)
 *		+ (log a + log b - log n - log 2pi) / 2 + delta(n) - delta(a) - delta(b)
 * with n = a + b and the deviation D = a - n x = n y - b (which is also
 * the lambda of the continued fraction) formed accurately with fma.
 * *lfront receives that log.
 * Returns 0, or -1 if the continued fraction failed (outputs NaN).
 */
static int
beta_core(double a, double b, double x, double y, int xexact,
		  double *I, double *Ic, double *lfront)
{
	double		n = a + b;
	double		D;
	double		lf;
	double		cf;
	double		a0;
	double		b0;
	double		x0;

	if (x <= 0.0)
	{
		*I = 0.0;
		*Ic = 1.0;
		*lfront = -INFINITY;
		return 0;
	}
	if (y <= 0.0)
	{
		*I = 1.0;
		*Ic = 0.0;
		*lfront = -INFINITY;
		return 0;
	}
	/*
	 * D = a - (a+b) x = a y - b x, formed from a and b separately (a + b
	 * itself may be rounded, e.g. a = 7e8, b = 0.001) and from the exact
	 * one of x, y (for x > 1/2 the caller's y = 1 - x is exact anyway).
	 */
	if (xexact && x <= 0.5)
		D = fma(-b, x, fma(-a, x, a));
	else
		D = fma(a, y, -b * x);
	if (x < 1e-280 || y < 1e-280)
	{
		/* n x or n y may be subnormal: the plain formula is accurate here */
		lf = a * (xexact ? log(x) : log1p(-y)) +
			b * (xexact ? log1p(-x) : log(y)) - fst_lbeta(a, b);
	}
	else
		lf = -bd0nd(a, n * x, D) - bd0nd(b, n * y, -D)
			+ 0.5 * (log(a) + log(b) - log(n) - FST_LN_2PI)
			+ stirlerr(n) - stirlerr(a) - stirlerr(b);
	*lfront = lf;

	/* orientation with x0 <= 1/2 for the power series */
	if (x <= 0.5)
	{
		a0 = a;
		b0 = b;
		x0 = x;
	}
	else
	{
		a0 = b;
		b0 = a;
		x0 = y;
	}
	if ((a <= 1.0 || b <= 1.0) && (b0 <= 1.0 || b0 * x0 <= 0.7))
	{
		cf = bpser(a0, b0, x0);
		if (x <= 0.5)
		{
			*I = cf;
			*Ic = 1.0 - cf;
		}
		else
		{
			*Ic = cf;
			*I = 1.0 - cf;
		}
	}
	else if (D >= 0.0)
	{
		/* x at or below the mean a / (a+b): lower tail directly */
		cf = bfrac(a, b, x, y, D);
		*I = exp(lf) * cf;
		*Ic = 1.0 - *I;
	}
	else
	{
		cf = bfrac(b, a, y, x, -D);
		*Ic = exp(lf) * cf;
		*I = 1.0 - *Ic;
	}
	if (isnan(cf))
	{
		*I = *Ic = NAN;
		return -1;
	}
	return 0;
}

/* valid shape parameters: finite and > 0 */
static int
beta_args_ok(double a, double b)
{
	return a > 0.0 && b > 0.0 && !isinf(a) && !isinf(b);
}

/* fst_beta_inc: I_x(a, b) = P(Beta(a, b) <= x). */
double
fst_beta_inc(double a, double b, double x)
{
	double		I;
	double		Ic;
	double		lf;

	if (!beta_args_ok(a, b) || !(x >= 0.0 && x <= 1.0))
		return NAN;
	beta_core(a, b, x, 1.0 - x, 1, &I, &Ic, &lf);
	return I;
}

/* fst_beta_incc: 1 - I_x(a, b) = P(Beta(a, b) > x). */
double
fst_beta_incc(double a, double b, double x)
{
	double		I;
	double		Ic;
	double		lf;

	if (!beta_args_ok(a, b) || !(x >= 0.0 && x <= 1.0))
		return NAN;
	beta_core(a, b, x, 1.0 - x, 1, &I, &Ic, &lf);
	return Ic;
}

/*
 * Initial guess for the x with I_x(a, b) = p (Numerical Recipes 6.14.2
 * "invbetai": Abramowitz & Stegun 26.5.22 for a, b >= 1, a power-law
 * tail approximation otherwise).
 */
static double
beta_guess(double a, double b, double p)
{
	double		pp;
	double		t;
	double		u;
	double		x;
	double		al;
	double		h;
	double		w;

	if (a >= 1.0 && b >= 1.0)
	{
		pp = (p < 0.5) ? p : 1.0 - p;
		t = sqrt(-2.0 * log(pp));
		x = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t;
		if (p < 0.5)
			x = -x;
		al = (x * x - 3.0) / 6.0;
		h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0));
		w = (x * sqrt(al + h) / h) -
			(1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) *
			(al + 5.0 / 6.0 - 2.0 / (3.0 * h));
		return a / (a + b * exp(2.0 * w));
	}
	t = exp(a * log(a / (a + b))) / a;
	u = exp(b * log(b / (a + b))) / b;
	w = t + u;
	if (p < t / w)
		return pow(a * w * p, 1.0 / a);
	return 1.0 - pow(b * w * (1.0 - p), 1.0 / b);
}

/*
 * Bisection point of the bracket [lo, hi] in (0, 1): geometric when the
 * bracket spans several orders of magnitude near 0 or near 1, so that
 * roots like 1e-200 are reached in a few dozen steps.
 */
static double
beta_bisect(double lo, double hi)
{
	if (lo <= 0.0)
		return hi * 0.0625;
	if (hi >= 1.0 && lo >= 0.5)
		return 1.0 - (1.0 - lo) * 0.0625;
	if (hi <= 0.5 && hi > 4.0 * lo)
		return sqrt(lo) * sqrt(hi);	/* lo * hi may underflow */
	if (lo >= 0.5 && (1.0 - lo) > 4.0 * (1.0 - hi))
		return 1.0 - sqrt((1.0 - lo) * (1.0 - hi));
	return 0.5 * (lo + hi);
}

/*
 * Solve T(x) = t for x, with T(x) = I_x(a,b) (upper = 0) or
 * 1 - I_x(a,b) (upper = 1), 0 < t <= 1/2.  Newton's method on
 * log T(x) - log t (nearly linear in the tails) inside a bracket that is
 * maintained from the sign of T(x) - t; steps leaving the bracket are
 * replaced by (geometric) bisection.  Stops when the Newton correction is
 * below 64 eps relative, after which the quadratic convergence leaves an
 * error of a few ulp.  NaN on failure.
 */
static double
beta_solve(double a, double b, double t, int upper)
{
	double		lo = 0.0;
	double		hi = 1.0;
	double		lt = log(t);
	double		x;
	double		xn;
	double		I;
	double		Ic;
	double		lf;
	double		T;
	double		f;
	int			it;

	x = beta_guess(a, b, upper ? 1.0 - t : t);
	if (!(x > 0.0 && x < 1.0))
		x = a / (a + b);
	for (it = 0; it < 2000; it++)
	{
		if (beta_core(a, b, x, 1.0 - x, 1, &I, &Ic, &lf) != 0)
			return NAN;
		T = upper ? Ic : I;
		if (T == t)
			return x;
		if (upper ? (T > t) : (T < t))
			lo = x;
		else
			hi = x;

		xn = NAN;
		if (T > 0.0)
		{
			/* density f(x) = x^(a-1) (1-x)^(b-1) / B(a,b) */
			f = exp(lf - log(x) - log1p(-x));
			if (f > 0.0 && !isinf(f))
			{
				double		step = (log(T) - lt) * T / f;

				xn = upper ? x + step : x - step;
			}
		}
		/* converged (the step may be below one ulp: xn == x) */
		if (xn >= lo && xn <= hi && fabs(xn - x) <= 64.0 * DBL_EPSILON * x)
			return xn;
		if (!(xn > lo && xn < hi))
		{
			xn = beta_bisect(lo, hi);
			if (!(xn > lo && xn < hi))
				return x;		/* bracket exhausted at double precision */
		}
		x = xn;
	}
	return NAN;
}

/* fst_beta_ppf: x with I_x(a, b) = p. */
double
fst_beta_ppf(double p, double a, double b)
{
	if (!beta_args_ok(a, b) || !(p >= 0.0 && p <= 1.0))
		return NAN;
	if (p == 0.0)
		return 0.0;
	if (p == 1.0)
		return 1.0;
	if (p <= 0.5)
		return beta_solve(a, b, p, 0);
	return beta_solve(a, b, 1.0 - p, 1);	/* 1 - p exact for p >= 0.5 */
}

/* fst_beta_isf: x with 1 - I_x(a, b) = p. */
double
fst_beta_isf(double p, double a, double b)
{
	if (!beta_args_ok(a, b) || !(p >= 0.0 && p <= 1.0))
		return NAN;
	if (p == 0.0)
		return 1.0;
	if (p == 1.0)
		return 0.0;
	if (p <= 0.5)
		return beta_solve(a, b, p, 1);
	return beta_solve(a, b, 1.0 - p, 0);
}


/* ---------------------------------------------------------------------
 * Student t
 * --------------------------------------------------------------------- */

/*
 * fst_t_sf: P(T > t) = I_x(df/2, 1/2) / 2 for t > 0, with
 * x = df / (df + t^2); 1 - I_x(df/2, 1/2) / 2 for t < 0 (Abramowitz &
 * Stegun 26.7.1/26.5.27).  x and 1 - x are both formed from
 * r = df / t^2 (or its inverse) without overflow, and the smaller one is
 * treated as exact.
 */
double
fst_t_sf(double t, double df)
{
	double		r;
	double		x;
	double		y;
	double		I;
	double		Ic;
	double		lf;

	if (isnan(t) || isnan(df) || !(df > 0.0))
		return NAN;
	if (isinf(df))
		return fst_norm_sf(t);
	if (t == 0.0)
		return 0.5;
	if (isinf(t))
		return (t > 0.0) ? 0.0 : 1.0;

	r = sqrt(df) / fabs(t);
	if (r < 1.0)
	{
		r = r * r;
		x = r / (1.0 + r);
		y = 1.0 / (1.0 + r);
	}
	else
	{
		r = fabs(t) / sqrt(df);
		r = r * r;
		x = 1.0 / (1.0 + r);
		y = r / (1.0 + r);
	}
	if (beta_core(0.5 * df, 0.5, x, y, x <= y, &I, &Ic, &lf) != 0)
		return NAN;
	return (t > 0.0) ? 0.5 * I : 0.5 + 0.5 * Ic;
}

/*
 * fst_t_isf: the t > 0 with P(T > t) = p for 0 < p < 1/2.  As
 * P(T > t) = I_x(df/2, 1/2) / 2 with x = df / (df + t^2), the root is
 * found by the inverse incomplete beta function, in whichever of
 * y = t^2 / (df + t^2) = 1 - x and x is below 1/2, so that
 * t = sqrt(df y / (1 - y)) never divides by a difference that cancels:
 *	1 - I_x(df/2, 1/2) = I_y(1/2, df/2), so y = fst_beta_isf(2p, 1/2, df/2);
 *	when that y exceeds 1/2 (t^2 > df: few degrees of freedom, small p),
 *	x = fst_beta_ppf(2p, df/2, 1/2) and t = sqrt(df (1 - x) / x).
 * 2p is exact.  The inverse beta is accurate to a few ulp in y (or x),
 * hence t to a few ulp.
 */
static double
t_isf_upper(double p, double df)
{
	double		y;
	double		x;

	double		lx;

	/*
	 * Far tail (x below 1e-250, so x itself may underflow although t is
	 * representable, e.g. t = 3.2e299 for p = 1e-300, df = 1):
	 * I_x(a, 1/2) = x^a / (a B(a, 1/2)) (1 + O(x)), hence
	 * log x = (log(2p) + log a + log B(a, 1/2)) / a and t = sqrt(df / x)
	 * to a relative O(x).
	 */
	lx = (log(2.0 * p) + log(0.5 * df) + fst_lbeta(0.5 * df, 0.5)) / (0.5 * df);
	if (lx < -575.0)
		return exp(0.5 * (log(df) - lx));	/* may overflow to Inf */

	y = fst_beta_isf(2.0 * p, 0.5, 0.5 * df);
	if (isnan(y))
		return NAN;
	if (y <= 0.5)
		return sqrt(df * (y / (1.0 - y)));
	x = fst_beta_ppf(2.0 * p, 0.5 * df, 0.5);
	if (isnan(x))
		return NAN;
	return sqrt(df * ((1.0 - x) / x));
}

/* fst_t_isf: t with P(T > t) = p (scipy t.isf). */
double
fst_t_isf(double p, double df)
{
	if (isnan(p) || isnan(df) || !(df > 0.0) || !(p >= 0.0 && p <= 1.0))
		return NAN;
	if (isinf(df))
		return fst_norm_isf(p);
	if (p == 0.0)
		return INFINITY;
	if (p == 1.0)
		return -INFINITY;
	if (p == 0.5)
		return 0.0;
	if (p > 0.5)
		return -t_isf_upper(1.0 - p, df);	/* 1 - p exact for p >= 1/2 */
	return t_isf_upper(p, df);
}

/* fst_t_ppf: t with P(T <= t) = p (scipy t.ppf), by symmetry. */
double
fst_t_ppf(double p, double df)
{
	double		t = fst_t_isf(p, df);

	return (t == 0.0) ? 0.0 : -t;	/* no -0 */
}


/* ---------------------------------------------------------------------
 * Hypergeometric distribution
 * --------------------------------------------------------------------- */

/* valid hypergeometric parameters: 0 <= K, n <= N <= 2^53 */
static int
hyp_args_ok(int64_t N, int64_t K, int64_t n)
{
	return N >= 0 && N <= FST_MAX_EXACT_COUNT &&
		K >= 0 && K <= N && n >= 0 && n <= N;
}

/*
 * log pmf of the hypergeometric distribution at k inside the support,
 * as R's dhyper (Loader 2000): with p = n/N,
 *	log P(k) = log b(k; K, p) + log b(n-k; N-K, p) - log b(n; N, p),
 * b the binomial probability, each from ldbinom_raw.
 */
static double
hyp_lpmf(double k, double N, double K, double n)
{
	double		p;
	double		q;

	if (n == 0.0 || n == N || K == 0.0 || K == N)
		return 0.0;				/* single possible value */
	p = n / N;
	q = (N - n) / N;
	return ldbinom_raw(k, K, p, q) + ldbinom_raw(n - k, N - K, p, q)
		- ldbinom_raw(n, N, p, q);
}

/* P(k + 1) / P(k) */
static double
hyp_ratio_up(double k, double N, double K, double n)
{
	return ((K - k) * (n - k)) / ((k + 1.0) * (N - K - n + k + 1.0));
}

/* P(k - 1) / P(k) */
static double
hyp_ratio_down(double k, double N, double K, double n)
{
	return (k * (N - K - n + k)) / ((K - k + 1.0) * (n - k + 1.0));
}

/* a mode of the distribution with support [lo, hi] */
static double
hyp_mode(double N, double K, double n, double lo, double hi)
{
	double		m = floor((n + 1.0) * (K + 1.0) / (N + 2.0));

	if (m < lo)
		m = lo;
	if (m > hi)
		m = hi;
	while (m < hi && hyp_ratio_up(m, N, K, n) > 1.0)
		m += 1.0;
	while (m > lo && hyp_ratio_up(m - 1.0, N, K, n) < 1.0)
		m -= 1.0;
	return m;
}

/*
 * Sum of P(j) / P(start) * w0 over j = start, start + dir, ... up to the
 * end of the support, where start is on the far side of a mode so that the
 * terms decrease (log-concavity also makes the ratios decrease, so the
 * remainder after a term w with ratio r < 1 is below w r / (1 - r)).
 * If tied is not NULL, the terms >= tie_lo are also added to *tied.
 */
static double
hyp_tail(double start, int dir, double w0, double N, double K, double n,
		 double lo, double hi, double tie_lo, double *tied)
{
	double		sum = 0.0;
	double		w = w0;
	double		j = start;
	double		r;

	for (;;)
	{
		sum += w;
		if (tied != NULL && w >= tie_lo)
			*tied += w;
		if ((dir > 0) ? (j >= hi) : (j <= lo))
			break;
		r = (dir > 0) ? hyp_ratio_up(j, N, K, n) : hyp_ratio_down(j, N, K, n);
		w *= r;
		j += (double) dir;
		if (w == 0.0)
			break;
		if (r < 1.0 && w <= (1.0 - r) * sum * FST_TAIL_EPS)
		{
			sum += w;
			break;
		}
	}
	return sum;
}

/* fst_hypergeom_logpmf: log P(X = k), -Inf outside the support. */
double
fst_hypergeom_logpmf(int64_t k, int64_t N, int64_t K, int64_t n)
{
	int64_t		lo;
	int64_t		hi;

	if (!hyp_args_ok(N, K, n))
		return NAN;
	lo = n - (N - K);
	if (lo < 0)
		lo = 0;
	hi = (n < K) ? n : K;
	if (k < lo || k > hi)
		return -INFINITY;
	return hyp_lpmf((double) k, (double) N, (double) K, (double) n);
}

/* fst_hypergeom_pmf: P(X = k). */
double
fst_hypergeom_pmf(int64_t k, int64_t N, int64_t K, int64_t n)
{
	return exp(fst_hypergeom_logpmf(k, N, K, n));
}

/*
 * Shared body of fst_hypergeom_cdf / fst_hypergeom_sf: P(X <= k) if
 * upper = 0, P(X > k) if upper = 1.  The tail not containing the mode is
 * summed directly; the other one is 1 minus it.
 */
static double
hyp_cdf_sf(int64_t k, int64_t N, int64_t K, int64_t n, int upper)
{
	double		dN = (double) N;
	double		dK = (double) K;
	double		dn = (double) n;
	double		lo;
	double		hi;
	double		m;
	double		lowtail;
	double		j;

	if (!hyp_args_ok(N, K, n))
		return NAN;
	lo = dn - (dN - dK);
	if (lo < 0.0)
		lo = 0.0;
	hi = (dn < dK) ? dn : dK;
	if ((double) k < lo)
		return upper ? 1.0 : 0.0;
	if ((double) k >= hi)
		return upper ? 0.0 : 1.0;
	m = hyp_mode(dN, dK, dn, lo, hi);
	if ((double) k < m)
	{
		j = (double) k;
		lowtail = hyp_tail(j, -1, exp(hyp_lpmf(j, dN, dK, dn)),
						   dN, dK, dn, lo, hi, 2.0, NULL);
		return upper ? 1.0 - lowtail : lowtail;
	}
	j = (double) k + 1.0;
	lowtail = hyp_tail(j, +1, exp(hyp_lpmf(j, dN, dK, dn)),
					   dN, dK, dn, lo, hi, 2.0, NULL);
	return upper ? lowtail : 1.0 - lowtail;
}

/* fst_hypergeom_cdf: P(X <= k). */
double
fst_hypergeom_cdf(int64_t k, int64_t N, int64_t K, int64_t n)
{
	return hyp_cdf_sf(k, N, K, n, 0);
}

/* fst_hypergeom_sf: P(X > k). */
double
fst_hypergeom_sf(int64_t k, int64_t N, int64_t K, int64_t n)
{
	return hyp_cdf_sf(k, N, K, n, 1);
}


/* ---------------------------------------------------------------------
 * Binomial intervals
 * --------------------------------------------------------------------- */

/* "x of n": finite, n > 0, 0 <= x <= n */
static int
xn_ok(double x, double n)
{
	return isfinite(x) && isfinite(n) && n > 0.0 && x >= 0.0 && x <= n;
}

/* confidence level strictly inside (0, 1) (false for NaN) */
static int
conf_ok(double conf)
{
	return conf > 0.0 && conf < 1.0;
}

/* store two results through optional (possibly NULL) pointers */
static void
set_out2(double *lo, double *hi, double vlo, double vhi)
{
	if (lo != NULL)
		*lo = vlo;
	if (hi != NULL)
		*hi = vhi;
}

/*
 * Wilson score interval for critical value z (see fst_wilson):
 * center (q + z^2/2n) / (1 + z^2/n) +- z sqrt(q(1-q)/n + z^2/4n^2) /
 * (1 + z^2/n), the lower bound from the product of the roots.
 */
static void
wilson_core(double x, double n, double z, double *lo, double *hi)
{
	double		q = x / n;
	double		z2 = z * z;
	double		denom = 1.0 + z2 / n;
	double		center = (q + z2 / (2.0 * n)) / denom;
	double		dist;
	double		h;

	dist = z * sqrt(q * ((n - x) / n) / n + z2 / (4.0 * n * n)) / denom;
	h = (x == n) ? 1.0 : center + dist;
	*hi = h;
	/* roots of (1 + z^2/n) P^2 - (2q + z^2/n) P + q^2: lo * hi = q^2/denom */
	*lo = (x == 0.0) ? 0.0 : (q * q / denom) / h;
}

/* fst_wilson: Wilson score interval (statsmodels method='wilson'). */
int
fst_wilson(double x, double n, double conf, double *lo, double *hi)
{
	double		l;
	double		h;

	if (!xn_ok(x, n) || !conf_ok(conf))
	{
		set_out2(lo, hi, NAN, NAN);
		return FST_EDOMAIN;
	}
	wilson_core(x, n, fst_norm_isf((1.0 - conf) / 2.0), &l, &h);
	set_out2(lo, hi, l, h);
	return FST_OK;
}

/* fst_clopper_pearson: exact beta interval (statsmodels method='beta'). */
int
fst_clopper_pearson(double x, double n, double conf, double *lo, double *hi)
{
	double		a2;
	double		l;
	double		h;

	if (!xn_ok(x, n) || !conf_ok(conf))
	{
		set_out2(lo, hi, NAN, NAN);
		return FST_EDOMAIN;
	}
	a2 = (1.0 - conf) / 2.0;
	l = (x == 0.0) ? 0.0 : fst_beta_ppf(a2, x, n - x + 1.0);
	h = (x == n) ? 1.0 : fst_beta_isf(a2, x + 1.0, n - x);
	set_out2(lo, hi, l, h);
	return FST_OK;
}


/* ---------------------------------------------------------------------
 * Two-group comparisons
 * --------------------------------------------------------------------- */

/* fst_newcombe_diff: Newcombe hybrid score interval for p1 - p2. */
int
fst_newcombe_diff(double x1, double n1, double x2, double n2,
				  double conf, double *lo, double *hi)
{
	double		z;
	double		p1;
	double		p2;
	double		l1;
	double		u1;
	double		l2;
	double		u2;
	double		a;
	double		b;

	if (!xn_ok(x1, n1) || !xn_ok(x2, n2) || !conf_ok(conf))
	{
		set_out2(lo, hi, NAN, NAN);
		return FST_EDOMAIN;
	}
	z = fst_norm_isf((1.0 - conf) / 2.0);
	wilson_core(x1, n1, z, &l1, &u1);
	wilson_core(x2, n2, z, &l2, &u2);
	p1 = x1 / n1;
	p2 = x2 / n2;
	a = p1 - l1;
	b = u2 - p2;
	l1 = (p1 - p2) - sqrt(a * a + b * b);
	a = p2 - l2;
	b = u1 - p1;
	u1 = (p1 - p2) + sqrt(a * a + b * b);
	set_out2(lo, hi, l1, u1);
	return FST_OK;
}

/* fst_katz_ratio: Katz log interval for p1 / p2 (no zero-cell correction). */
int
fst_katz_ratio(double x1, double n1, double x2, double n2,
			   double conf, double *lo, double *hi)
{
	double		lr;
	double		d;

	if (!xn_ok(x1, n1) || !xn_ok(x2, n2) || !conf_ok(conf))
	{
		set_out2(lo, hi, NAN, NAN);
		return FST_EDOMAIN;
	}
	if (x1 == 0.0 || x2 == 0.0)
	{
		set_out2(lo, hi, NAN, NAN);
		return FST_EUNDEFINED;
	}
	lr = log((x1 / n1) / (x2 / n2));
	/* 1/x - 1/n written as (n - x) / (x n) to avoid cancellation */
	d = fst_norm_isf((1.0 - conf) / 2.0) *
		sqrt((n1 - x1) / (x1 * n1) + (n2 - x2) / (x2 * n2));
	set_out2(lo, hi, exp(lr - d), exp(lr + d));
	return FST_OK;
}

/* fst_ztest_2prop: two-sided p-value of the pooled two-proportion z-test. */
double
fst_ztest_2prop(double x1, double n1, double x2, double n2)
{
	double		nn;
	double		pp;
	double		qq;
	double		z;

	if (!xn_ok(x1, n1) || !xn_ok(x2, n2))
		return NAN;
	nn = n1 + n2;
	pp = (x1 + x2) / nn;
	qq = ((n1 - x1) + (n2 - x2)) / nn;
	if (!(pp > 0.0) || !(qq > 0.0))
		return NAN;
	z = (x1 / n1 - x2 / n2) / sqrt(pp * qq * (1.0 / n1 + 1.0 / n2));
	return 2.0 * fst_norm_sf(fabs(z));
}


/* ---------------------------------------------------------------------
 * Estimates with a standard error; Welch's t-test
 * --------------------------------------------------------------------- */

/* finite estimate, finite standard error >= 0 */
static int
est_se_ok(double est, double se)
{
	return isfinite(est) && isfinite(se) && se >= 0.0;
}

/* fst_z_confint: est -+ z se (statsmodels _zconfint_generic). */
int
fst_z_confint(double est, double se, double conf, double *lo, double *hi)
{
	double		d;

	if (!est_se_ok(est, se) || !conf_ok(conf))
	{
		set_out2(lo, hi, NAN, NAN);
		return FST_EDOMAIN;
	}
	d = fst_norm_isf((1.0 - conf) / 2.0) * se;
	set_out2(lo, hi, est - d, est + d);
	return FST_OK;
}

/* fst_t_confint: est -+ t_df se (statsmodels _tconfint_generic). */
int
fst_t_confint(double est, double se, double df, double conf,
			  double *lo, double *hi)
{
	double		d;

	if (!est_se_ok(est, se) || !conf_ok(conf) || isnan(df) || !(df > 0.0))
	{
		set_out2(lo, hi, NAN, NAN);
		return FST_EDOMAIN;
	}
	/* se = 0: a single point, even if the quantile overflowed */
	d = (se == 0.0) ? 0.0 : fst_t_isf((1.0 - conf) / 2.0, df) * se;
	set_out2(lo, hi, est - d, est + d);
	return FST_OK;
}

/* fst_ztest_indep: z-test of the difference of two independent estimates. */
double
fst_ztest_indep(double est1, double se1, double est2, double se2)
{
	double		se;

	if (!est_se_ok(est1, se1) || !est_se_ok(est2, se2))
		return NAN;
	se = hypot(se1, se2);
	if (!(se > 0.0))
		return NAN;
	return 2.0 * fst_norm_sf(fabs((est1 - est2) / se));
}

/* fst_welch_ttest: Welch's unequal-variance t-test and interval. */
int
fst_welch_ttest(double mean1, double var1, double n1,
				double mean2, double var2, double n2,
				double conf, FstWelch *out)
{
	double		v1;
	double		v2;
	double		se2;
	double		p;
	int			status = FST_OK;

	out->diff = out->se = out->t = out->df = out->p = NAN;
	out->lo = out->hi = NAN;
	if (!isfinite(mean1) || !isfinite(mean2) ||
		!isfinite(var1) || !(var1 >= 0.0) ||
		!isfinite(var2) || !(var2 >= 0.0) ||
		!isfinite(n1) || !(n1 > 1.0) || !isfinite(n2) || !(n2 > 1.0) ||
		!conf_ok(conf))
		return FST_EDOMAIN;
	out->diff = mean1 - mean2;
	v1 = var1 / n1;
	v2 = var2 / n2;
	se2 = v1 + v2;
	if (!(se2 > 0.0) || !isfinite(se2) || !isfinite(out->diff))
		status = FST_EUNDEFINED;
	else
	{
		out->se = sqrt(se2);
		out->t = out->diff / out->se;
		/* Welch-Satterthwaite, the terms scaled by se2 against overflow */
		v1 /= se2;
		v2 /= se2;
		out->df = 1.0 / (v1 * v1 / (n1 - 1.0) + v2 * v2 / (n2 - 1.0));
		p = 2.0 * fst_t_sf(fabs(out->t), out->df);
		out->p = (p > 1.0) ? 1.0 : p;
		fst_t_confint(out->diff, out->se, out->df, conf, &out->lo, &out->hi);
	}
	return status;
}


/* ---------------------------------------------------------------------
 * Fisher's exact test
 * --------------------------------------------------------------------- */

/*
 * fst_fisher_exact: two-sided (minimum likelihood) and mid-p values of
 * Fisher's exact test; see fstats.h for the definitions and the cost.
 * a ~ hypergeometric with population N, K = a + b (row 1) successes and
 * n = a + c (column 1) draws; support [lo, hi].
 */
int
fst_fisher_exact(int64_t a, int64_t b, int64_t c, int64_t d,
				 double *p_two_sided, double *p_mid)
{
	double		N;
	double		K;
	double		n;
	double		lo;
	double		hi;
	double		m;
	double		lp0;
	double		thr;
	double		L;
	double		R;
	double		mid;
	double		S = 0.0;
	double		T = 0.0;
	double		tie_lo = 1.0 - FST_FISHER_RELERR;
	double		p;
	double		pm;

	set_out2(p_two_sided, p_mid, NAN, NAN);
	if (a < 0 || b < 0 || c < 0 || d < 0 ||
		a > FST_MAX_EXACT_COUNT || b > FST_MAX_EXACT_COUNT - a ||
		c > FST_MAX_EXACT_COUNT - a - b || d > FST_MAX_EXACT_COUNT - a - b - c)
		return FST_EDOMAIN;

	if (a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0)
	{
		/* only one table has these margins */
		set_out2(p_two_sided, p_mid, 1.0, 0.5);
		return FST_OK;
	}

	N = (double) (a + b + c + d);
	K = (double) (a + b);
	n = (double) (a + c);
	lo = n - (N - K);
	if (lo < 0.0)
		lo = 0.0;
	hi = (n < K) ? n : K;
	m = hyp_mode(N, K, n, lo, hi);
	lp0 = hyp_lpmf((double) a, N, K, n);
	thr = lp0 + log1p(FST_FISHER_RELERR);

	/* left of the mode, [lo, m]: P non-decreasing */
	if (hyp_lpmf(lo, N, K, n) <= thr)
	{
		/* largest kL in [lo, m] with log P(kL) <= thr */
		L = ((double) a <= m) ? (double) a : lo;
		R = m;
		while (L < R)
		{
			mid = L + floor((R - L + 1.0) / 2.0);
			if (hyp_lpmf(mid, N, K, n) <= thr)
				L = mid;
			else
				R = mid - 1.0;
		}
		S += hyp_tail(L, -1, exp(hyp_lpmf(L, N, K, n) - lp0),
					  N, K, n, lo, hi, tie_lo, &T);
	}
	/* right of the mode, [m + 1, hi]: P non-increasing */
	if (m < hi && hyp_lpmf(hi, N, K, n) <= thr)
	{
		/* smallest kR in [m + 1, hi] with log P(kR) <= thr */
		L = m + 1.0;
		R = ((double) a > m) ? (double) a : hi;
		while (L < R)
		{
			mid = L + floor((R - L) / 2.0);
			if (hyp_lpmf(mid, N, K, n) <= thr)
				R = mid;
			else
				L = mid + 1.0;
		}
		S += hyp_tail(R, +1, exp(hyp_lpmf(R, N, K, n) - lp0),
					  N, K, n, lo, hi, tie_lo, &T);
	}

	/* S >= T >= 1: the observed table is in one of the tails */
	p = exp(lp0 + log(S));
	pm = exp(lp0 + log(S - 0.5 * T));
	set_out2(p_two_sided, p_mid, p < 1.0 ? p : 1.0, pm < 1.0 ? pm : 1.0);
	return FST_OK;
}


/* ---------------------------------------------------------------------
 * Chi-square test of independence
 * --------------------------------------------------------------------- */

/* sum of row i of a row-major table with cols columns */
static double
row_sum(const double *t, int cols, int i)
{
	double		s = 0.0;
	int			j;

	for (j = 0; j < cols; j++)
		s += t[(size_t) i * (size_t) cols + (size_t) j];
	return s;
}

/* sum of column j of a rows x cols row-major table */
static double
col_sum(const double *t, int rows, int cols, int j)
{
	double		s = 0.0;
	int			i;

	for (i = 0; i < rows; i++)
		s += t[(size_t) i * (size_t) cols + (size_t) j];
	return s;
}

/* fst_chisq_independence: Pearson chi-square test, see fstats.h. */
int
fst_chisq_independence(const double *counts, int rows, int cols,
					   double *stat, int *df, double *p)
{
	double		buf[FST_CHISQ_BUF];
	double		total = 0.0;
	double		s = 0.0;
	double		ri;
	double		cj;
	double		e;
	double		dd;
	int64_t		dfl;
	int			nr = 0;
	int			nc = 0;
	int			i;
	int			j;
	int			colmajor;

	if (stat != NULL)
		*stat = NAN;
	if (p != NULL)
		*p = NAN;
	if (df != NULL)
		*df = 0;
	if (counts == NULL || rows < 1 || cols < 1)
		return FST_EDOMAIN;
	for (i = 0; i < rows; i++)
		for (j = 0; j < cols; j++)
		{
			double		v = counts[(size_t) i * (size_t) cols + (size_t) j];

			if (!(v >= 0.0) || isinf(v))
				return FST_EDOMAIN;
		}

	/*
	 * Cache the sums of the dimension iterated in the inner loop: column
	 * sums for a row-major sweep, else row sums for a column-major sweep,
	 * else recompute them on the fly.
	 */
	colmajor = (cols > FST_CHISQ_BUF && rows <= FST_CHISQ_BUF);
	for (i = 0; i < rows; i++)
	{
		ri = row_sum(counts, cols, i);
		if (ri > 0.0)
			nr++;
		total += ri;
		if (colmajor)
			buf[i] = ri;
	}
	for (j = 0; j < cols; j++)
	{
		cj = col_sum(counts, rows, cols, j);
		if (cj > 0.0)
			nc++;
		if (cols <= FST_CHISQ_BUF)
			buf[j] = cj;
	}
	if (nr < 2 || nc < 2)
		return FST_EUNDEFINED;
	dfl = (int64_t) (nr - 1) * (int64_t) (nc - 1);
	if (dfl > INT32_MAX)
		return FST_EDOMAIN;

	if (colmajor)
	{
		for (j = 0; j < cols; j++)
		{
			cj = col_sum(counts, rows, cols, j);
			if (cj == 0.0)
				continue;
			for (i = 0; i < rows; i++)
			{
				if (buf[i] == 0.0)
					continue;
				e = buf[i] * cj / total;
				dd = counts[(size_t) i * (size_t) cols + (size_t) j] - e;
				s += dd * dd / e;
			}
		}
	}
	else
	{
		for (i = 0; i < rows; i++)
		{
			ri = row_sum(counts, cols, i);
			if (ri == 0.0)
				continue;
			for (j = 0; j < cols; j++)
			{
				cj = (cols <= FST_CHISQ_BUF) ? buf[j]
					: col_sum(counts, rows, cols, j);
				if (cj == 0.0)
					continue;
				e = ri * cj / total;
				dd = counts[(size_t) i * (size_t) cols + (size_t) j] - e;
				s += dd * dd / e;
			}
		}
	}
	if (stat != NULL)
		*stat = s;
	if (df != NULL)
		*df = (int) dfl;
	if (p != NULL)
		*p = fst_chisq_sf(s, (double) dfl);
	return FST_OK;
}


/* ---------------------------------------------------------------------
 * Holm adjustment
 * --------------------------------------------------------------------- */

/*
 * Validate p for fst_holm*: returns the number m of non-NaN values, or -1
 * (after filling adj with NaN) if the arguments are invalid.
 */
static int
holm_check(const double *p, int n, double *adj)
{
	int			i;
	int			m = 0;

	if (n < 0)
		return -1;
	if (n > 0 && (p == NULL || adj == NULL))
	{
		if (adj != NULL)
			for (i = 0; i < n; i++)
				adj[i] = NAN;
		return -1;
	}
	for (i = 0; i < n; i++)
	{
		if (isnan(p[i]))
			continue;
		if (!(p[i] >= 0.0 && p[i] <= 1.0))
		{
			for (i = 0; i < n; i++)
				adj[i] = NAN;
			return -1;
		}
		m++;
	}
	return m;
}

/*
 * fst_holm: Holm adjusted p-values in O(n^2) time, no workspace.
 * With r_i = #{j : p_j < p_i} (ties get the rank of their first
 * occurrence, which gives the same result as any sort order),
 * g_i = (m - r_i) p_i and adj_i = min(1, max_{j : p_j <= p_i} g_j).
 * The second pass may overwrite adj in place: an already final adj_j is a
 * maximum over a subset of the same set, so the result is unchanged.
 */
int
fst_holm(const double *p, int n, double *adj)
{
	int			m = holm_check(p, n, adj);
	int			i;
	int			j;
	int			r;
	double		mx;

	if (m < 0)
		return FST_EDOMAIN;
	for (i = 0; i < n; i++)
	{
		if (isnan(p[i]))
		{
			adj[i] = NAN;
			continue;
		}
		r = 0;
		for (j = 0; j < n; j++)
			if (p[j] < p[i])	/* false for NaN */
				r++;
		adj[i] = (double) (m - r) * p[i];
	}
	for (i = 0; i < n; i++)
	{
		if (isnan(p[i]))
			continue;
		mx = adj[i];
		for (j = 0; j < n; j++)
			if (p[j] <= p[i] && adj[j] > mx)
				mx = adj[j];
		adj[i] = (mx < 1.0) ? mx : 1.0;
	}
	return FST_OK;
}

/* sift-down step of heapsort of the indices idx[0..len) by p[idx] */
static void
holm_sift(const double *p, int *idx, int root, int len)
{
	int			child;
	int			tmp;

	while ((child = 2 * root + 1) < len)
	{
		if (child + 1 < len && p[idx[child + 1]] > p[idx[child]])
			child++;
		if (!(p[idx[child]] > p[idx[root]]))
			return;
		tmp = idx[root];
		idx[root] = idx[child];
		idx[child] = tmp;
		root = child;
	}
}

/*
 * fst_holm_ws: same result as fst_holm in O(n log n): heapsort of the
 * indices of the non-NaN p-values in work[0..m), then the running maximum
 * of (m - k) p_(k) in sorted order (statsmodels' algorithm).
 */
int
fst_holm_ws(const double *p, int n, double *adj, int *work)
{
	int			m;
	int			i;
	int			k;
	int			tmp;
	double		c = 0.0;
	double		v;

	if (n > 0 && work == NULL)
	{
		if (adj != NULL)
			for (i = 0; i < n; i++)
				adj[i] = NAN;
		return FST_EDOMAIN;
	}
	m = holm_check(p, n, adj);
	if (m < 0)
		return FST_EDOMAIN;
	k = 0;
	for (i = 0; i < n; i++)
	{
		if (isnan(p[i]))
			adj[i] = NAN;
		else
			work[k++] = i;
	}
	for (i = m / 2 - 1; i >= 0; i--)
		holm_sift(p, work, i, m);
	for (i = m - 1; i > 0; i--)
	{
		tmp = work[0];
		work[0] = work[i];
		work[i] = tmp;
		holm_sift(p, work, 0, i);
	}
	for (k = 0; k < m; k++)
	{
		v = (double) (m - k) * p[work[k]];
		if (v > c)
			c = v;
		adj[work[k]] = (c < 1.0) ? c : 1.0;
	}
	return FST_OK;
}
