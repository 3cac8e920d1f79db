/*-------------------------------------------------------------------------
 *
 * foutcomes.c
 *	  The fairness.outcomes summary: rows, merge, canonical form, text and
 *	  binary forms, group statistics and comparisons.  No PostgreSQL
 *	  header: see foutcomes.h for the value format and conventions.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "foutcomes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fstats.h"

#define TN FO_TYPE_NAME

/* relative tolerance of the plausibility checks of sums on input */
#define FO_TOL 1e-9

/*
 * The largest sum of squared deviations a group of total weight W with this
 * sum, minimum and maximum can have, with the tolerance of the checks on
 * input (Bhatia-Davis: m2 <= W (max - mean) (mean - min)).  The checks
 * refuse a larger one; the arithmetic clamps to it, because merging values
 * that the checks accept (a mean just outside [min, max] within the
 * tolerance) can give a between-group term just over the bound.
 */
static double
fo_m2_limit(double W, double sum, double min, double max)
{
	double		spread = max - min;
	double		mean;

	if (!(W > 0.0) || !(spread > 0.0))
		return 0.0;
	mean = sum / W;
	return W * (max - mean) * (mean - min) + W * spread * spread / 4.0 * FO_TOL;
}

/* m2 as stored: >= 0, 0 for a single value, at most fo_m2_limit */
static double
fo_feasible_m2(double m2, double W, double sum, double min, double max)
{
	double		limit;

	if (!(m2 > 0.0) || min == max)
		return 0.0;
	limit = fo_m2_limit(W, sum, min, max);
	if (m2 > limit)
		return limit > 0.0 ? limit : 0.0;
	return m2;
}

/* ------------------------------------------------------------------------
 * Layout
 * ------------------------------------------------------------------------
 */
bool
fo_is_weighted(const FoHeader *h)
{
	return (h->k.flags & FK_F_WEIGHTED) != 0;
}

FoEntry *
fo_entry(const FoHeader *h, uint32_t g)
{
	return (FoEntry *) fk_entry(&h->k, g);
}

bool
fo_check_header(const FoHeader *h, size_t size, FcError *err)
{
	return fk_check_header(&h->k, size, TN, FO_FORMAT_VERSION,
						   sizeof(FoHeader), sizeof(FoEntry), 0, err);
}

/* W of an entry: the weight sum, or the row count when unweighted */
static double
fo_W(const FoHeader *h, const FoEntry *e)
{
	return fo_is_weighted(h) ? e->w + e->wc : (double) e->n;
}

/* ------------------------------------------------------------------------
 * Building
 * ------------------------------------------------------------------------
 */
FoHeader *
fo_new_scratch(const FcAlloc *a, int ndims, bool weighted, FcError *err)
{
	FoHeader	proto;

	memset(&proto, 0, sizeof(proto));
	proto.k.version = FO_FORMAT_VERSION;
	proto.k.flags = weighted ? FK_F_WEIGHTED : 0;
	proto.k.ndims = (uint16_t) ndims;
	proto.k.header_size = sizeof(FoHeader);
	proto.k.entry_size = sizeof(FoEntry);
	return (FoHeader *) fk_new(a, &proto.k, 4, err, TN);
}

FoHeader *
fo_to_scratch(const FcAlloc *a, const FoHeader *src, FcError *err)
{
	uint64_t	cap = src->k.ngroups < 4 ? 4 : src->k.ngroups;

	return (FoHeader *) fk_relayout(a, &src->k, cap,
									src->k.keys_used < 64 ? 64 : src->k.keys_used,
									0, 0, err, TN);
}

int64_t
fo_lookup_insert(FoHeader **ph, const FcAlloc *a, const FcPart *parts,
				 int nparts, int64_t max_groups, FcError *err)
{
	return fk_lookup_insert((FkHeader **) ph, a, parts, nparts, max_groups,
							TN, err);
}

bool
fo_check_value(double x, FcError *err)
{
	if (isnan(x))
	{
		fk_error(err, FC_ERR_VALUE, "outcome value must not be NaN");
		fk_hint(err, "Filter or repair rows with a NaN value; fairness.outcomes never guesses a value.");
		return false;
	}
	if (isinf(x))
	{
		fk_error(err, FC_ERR_RANGE, "outcome value must be finite");
		fk_detail(err, "The value is %s.", x > 0 ? "Infinity" : "-Infinity");
		return false;
	}
	return true;
}

static bool
fo_overflow(FcError *err)
{
	fk_error(err, FC_ERR_RANGE, "sum of outcome values or weights out of range");
	fk_detail(err, "A sum exceeds the range of double precision.");
	return false;
}

/*
 * fo_add_row
 *		Welford's update with the weight w: with W' = W + w and the means
 *		before and after, M2 += w (x - mean) (x - mean').  Rows of weight 0
 *		count (n, min, max) but move no moment.
 */
bool
fo_add_row(FoHeader *h, uint32_t g, double x, double w, FcError *err)
{
	FoEntry    *e = fo_entry(h, g);
	bool		weighted = fo_is_weighted(h);
	double		W_old = fo_W(h, e);

	if (h->k.total == INT64_MAX)
		return fk_error(err, FC_ERR_RANGE, "%s row count out of range", TN);
	h->k.total++;
	if (e->n == 0 || x < e->min)
		e->min = x;
	if (e->n == 0 || x > e->max)
		e->max = x;
	e->n++;
	if (!weighted)
		w = 1.0;
	else
		fk_add(&e->w2, &e->w2c, w * w);
	if (w > 0.0)
	{
		double		mean_old = W_old > 0.0 ? (e->sum + e->sumc) / W_old : 0.0;
		double		W_new,
					mean_new;

		fk_add(&e->sum, &e->sumc, w * x);
		if (weighted)
			fk_add(&e->w, &e->wc, w);
		W_new = weighted ? e->w + e->wc : (double) e->n;
		mean_new = (e->sum + e->sumc) / W_new;
		if (W_old > 0.0 && e->min != e->max)
			fk_add(&e->m2, &e->m2c, w * (x - mean_old) * (x - mean_new));
		if (!isfinite(e->sum) || !isfinite(e->w) || !isfinite(e->w2) ||
			!isfinite(e->m2) || !isfinite(mean_new))
			return fo_overflow(err);
	}
	return true;
}

static void
fo_reset(FoEntry *e)
{
	e->n = 0;
	e->w = e->wc = e->w2 = e->w2c = 0.0;
	e->sum = e->sumc = e->m2 = e->m2c = 0.0;
	e->min = e->max = 0.0;
}

/*
 * fo_remove_row
 *		Welford's update backwards.  The minimum and maximum cannot be
 *		recomputed without the rows: removing a row that is one of them
 *		(from a group keeping other rows) returns -1 and changes nothing.
 */
int
fo_remove_row(FoHeader *h, uint32_t g, double x, double w, FcError *err)
{
	FoEntry    *e = fo_entry(h, g);
	bool		weighted = fo_is_weighted(h);
	double		W_old = fo_W(h, e);

	if (e->n <= 0)
		return fk_error(err, FC_ERR_CORRUPT,
						"cannot remove a row that was not added to %s", TN), 0;
	if (e->n == 1)
	{
		h->k.total--;
		fo_reset(e);
		return 1;
	}
	if (x <= e->min || x >= e->max)
		return -1;
	h->k.total--;
	e->n--;
	if (!weighted)
		w = 1.0;
	else
		fk_add(&e->w2, &e->w2c, -(w * w));
	if (w > 0.0)
	{
		double		mean_old = (e->sum + e->sumc) / W_old;
		double		W_new;

		if (weighted)
			fk_add(&e->w, &e->wc, -w);
		W_new = fo_W(h, e);
		fk_add(&e->sum, &e->sumc, -(w * x));
		if (!(W_new > 1e-12 * W_old))
		{
			/* what is left weighs nothing */
			e->w = e->wc = e->sum = e->sumc = e->m2 = e->m2c = 0.0;
		}
		else
		{
			double		mean_new = (e->sum + e->sumc) / W_new;

			fk_add(&e->m2, &e->m2c, -(w * (x - mean_new) * (x - mean_old)));
			if (e->m2 + e->m2c < 0.0)
				e->m2 = e->m2c = 0.0;
		}
	}
	return 1;
}

/* the moments of an entry as FoStats */
static void
fo_entry_stats(const FoHeader *h, const FoEntry *e, FoStats *s)
{
	memset(s, 0, sizeof(*s));
	s->n = e->n;
	s->w = fo_W(h, e);
	s->w2 = fo_is_weighted(h) ? e->w2 + e->w2c : (double) e->n;
	s->sum = e->sum + e->sumc;
	s->m2 = fo_feasible_m2(e->m2 + e->m2c, s->w, s->sum, e->min, e->max);
	s->min = e->min;
	s->max = e->max;
	if (s->w > 0.0)
	{
		s->has_mean = true;
		s->mean = s->sum / s->w;
	}
	if (s->w > 1.0)
	{
		s->has_var = true;
		s->var = s->m2 / (s->w - 1.0);
	}
}

/*
 * fo_merge
 *		*ph += sign * src.  Adding uses Chan's formula; subtracting inverts
 *		it, and returns -1 (nothing changed) when the minimum or maximum of
 *		a group would have to be recomputed.  An unweighted summary counts
 *		as one where every row weighs 1.
 */
int
fo_merge(FoHeader **ph, const FcAlloc *a, const FoHeader *src, int sign,
		 int64_t max_groups, FcError *err)
{
	FoHeader   *h = *ph;
	uint32_t	i;

	if (h->k.ndims != src->k.ndims)
	{
		fk_error(err, FC_ERR_MISMATCH,
				 "cannot merge %s summaries with different numbers of attributes", TN);
		fk_detail(err, "One summary has %d attributes per group, the other %d.",
				  (int) h->k.ndims, (int) src->k.ndims);
		return 0;
	}
	if (sign > 0 && src->k.total > INT64_MAX - h->k.total)
		return fk_error(err, FC_ERR_RANGE, "%s row count out of range", TN), 0;
	if (fo_is_weighted(src) && !fo_is_weighted(h))
	{
		uint32_t	g;

		if (sign < 0)
			return fk_error(err, FC_ERR_MISMATCH,
							"cannot subtract a weighted summary from an unweighted one"), 0;
		/* same layout: the weight sums of an unweighted summary are its counts */
		for (g = 0; g < h->k.ngroups; g++)
		{
			FoEntry    *e = fo_entry(h, g);

			e->w = e->w2 = (double) e->n;
			e->wc = e->w2c = 0.0;
		}
		h->k.flags |= FK_F_WEIGHTED;
	}

	if (sign < 0)
	{
		for (i = 0; i < src->k.ngroups; i++)
		{
			const FoEntry *se = fo_entry(src, i);
			int64_t		g = fk_find_key(&h->k, fk_key(&src->k, i),
										fk_key_len(&src->k, i));
			const FoEntry *e;

			if (g < 0)
				return fk_error(err, FC_ERR_VALUE,
								"cannot subtract a group that is not in the summary"), 0;
			e = fo_entry(h, (uint32_t) g);
			if (e->n < se->n)
				return fk_error(err, FC_ERR_VALUE,
								"cannot subtract more rows than the summary has"), 0;
			if (e->n > se->n && (se->min <= e->min || se->max >= e->max))
				return -1;
		}
	}

	for (i = 0; i < src->k.ngroups; i++)
	{
		const FoEntry *se = fo_entry(src, i);
		FcPart		parts[FC_MAX_DIMS];
		int64_t		g;
		FoEntry    *e;
		FoStats		A,
					B;

		if (se->n == 0)
			continue;
		if (!fk_parts(&src->k, i, parts))
			return fk_error(err, FC_ERR_CORRUPT, "%s value is corrupted", TN), 0;
		g = fk_lookup_insert((FkHeader **) ph, a, parts, src->k.ndims,
							 max_groups, TN, err);
		if (g < 0)
			return 0;
		h = *ph;
		e = fo_entry(h, (uint32_t) g);
		fo_entry_stats(h, e, &A);
		fo_entry_stats(src, se, &B);
		if (sign > 0)
		{
			double		W = A.w + B.w;

			if (e->n == 0)
			{
				e->min = se->min;
				e->max = se->max;
			}
			else
			{
				if (se->min < e->min)
					e->min = se->min;
				if (se->max > e->max)
					e->max = se->max;
			}
			e->n += se->n;
			if (fo_is_weighted(h))
			{
				fk_add(&e->w, &e->wc, B.w);
				fk_add(&e->w2, &e->w2c, B.w2);
			}
			fk_add(&e->sum, &e->sumc, se->sum);
			fk_add(&e->sum, &e->sumc, se->sumc);
			fk_add(&e->m2, &e->m2c, B.m2);
			if (A.w > 0.0 && B.w > 0.0)
			{
				double		delta = B.mean - A.mean;

				fk_add(&e->m2, &e->m2c, delta * delta * (A.w * B.w / W));
			}
			if (!isfinite(e->sum) || !isfinite(e->w) || !isfinite(e->w2) ||
				!isfinite(e->m2))
				return fo_overflow(err), 0;
		}
		else
		{
			double		W_new = A.w - B.w;

			e->n -= se->n;
			if (e->n == 0)
			{
				fo_reset(e);
				continue;
			}
			if (fo_is_weighted(h))
			{
				fk_add(&e->w, &e->wc, -B.w);
				fk_add(&e->w2, &e->w2c, -B.w2);
			}
			fk_add(&e->sum, &e->sumc, -se->sum);
			fk_add(&e->sum, &e->sumc, -se->sumc);
			if (!(W_new > 1e-12 * A.w))
			{
				e->w = e->wc = e->sum = e->sumc = e->m2 = e->m2c = 0.0;
				continue;
			}
			fk_add(&e->m2, &e->m2c, -B.m2);
			if (B.w > 0.0)
			{
				double		mean_new = (e->sum + e->sumc) / W_new;
				double		delta = B.mean - mean_new;

				fk_add(&e->m2, &e->m2c, -(delta * delta * (W_new * B.w / A.w)));
			}
			if (e->m2 + e->m2c < 0.0)
				e->m2 = e->m2c = 0.0;
		}
	}
	h->k.total += sign * src->k.total;
	return 1;
}

/* ------------------------------------------------------------------------
 * Canonical form
 * ------------------------------------------------------------------------
 */
static bool
fo_keep_nonempty(const FkHeader *k, uint32_t i, void *ctx)
{
	(void) ctx;
	return fo_entry((const FoHeader *) k, i)->n > 0;
}

static double
fo_fold(double v, double c)
{
	double		x = v + c;

	return x == 0.0 ? 0.0 : x;
}

FoHeader *
fo_canonical(const FcAlloc *a, const FoHeader *h, FcError *err)
{
	uint32_t	n,
				i;
	uint32_t   *idx;
	uint64_t	keybytes = 0,
				size;
	FoHeader   *out;
	uint32_t	koff = 0;
	bool		weighted = fo_is_weighted(h);

	idx = fk_sorted(a, &h->k, fo_keep_nonempty, NULL, &n, err);
	if (idx == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		keybytes += fk_key_len(&h->k, idx[i]);
	size = fk_layout_size(sizeof(FoHeader), n, sizeof(FoEntry), 0, 0,
						  keybytes, 0);
	out = size ? a->alloc(a->ctx, (size_t) size) : NULL;
	if (out == NULL)
	{
		a->release(a->ctx, idx);
		if (size == 0)
			fk_error(err, FC_ERR_LIMIT, "%s value would exceed 1 GB", TN);
		else
			fk_error(err, FC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	out->k.version = FO_FORMAT_VERSION;
	out->k.flags = weighted ? FK_F_WEIGHTED : 0;
	out->k.ndims = h->k.ndims;
	out->k.ngroups = out->k.capacity = n;
	out->k.keys_used = out->k.keys_cap = (uint32_t) keybytes;
	out->k.header_size = sizeof(FoHeader);
	out->k.entry_size = sizeof(FoEntry);
	out->k.total = h->k.total;
	for (i = 0; i < n; i++)
	{
		const FoEntry *se = fo_entry(h, idx[i]);
		FoEntry    *de = fo_entry(out, i);
		uint32_t	klen = fk_key_len(&h->k, idx[i]);

		de->k.key_off = koff;
		de->k.key_len = klen;
		memcpy((char *) fk_key(&out->k, i), fk_key(&h->k, idx[i]), klen);
		koff += klen;
		de->n = se->n;
		de->min = se->min == 0.0 ? 0.0 : se->min;
		de->max = se->max == 0.0 ? 0.0 : se->max;
		if (weighted)
		{
			de->w = fo_fold(se->w, se->wc);
			de->w2 = fo_fold(se->w2, se->w2c);
			if (de->w < 0.0)
				de->w = 0.0;
			if (de->w2 < 0.0)
				de->w2 = 0.0;
		}
		de->sum = fo_fold(se->sum, se->sumc);
		if (weighted && de->w == 0.0)
			de->sum = de->w2 = 0.0;
		de->m2 = fo_feasible_m2(fo_fold(se->m2, se->m2c),
								weighted ? de->w : (double) de->n,
								de->sum, de->min, de->max);
	}
	a->release(a->ctx, idx);
	return out;
}

/* ------------------------------------------------------------------------
 * Checks of a group read from the text or binary form
 * ------------------------------------------------------------------------
 */
static bool
fo_bad(FcError *err, uint32_t gno, const char *what)
{
	fk_error(err, FC_ERR_VALUE, "%s is not possible", what);
	fk_detail(err, "In group number %u.", gno);
	return false;
}

/*
 * fo_check_group
 *		Every invariant a group of rows can produce: n >= 1; finite values;
 *		min <= max (equal for one row); weights >= 0 with
 *		W^2 / n <= W2 <= W^2 (Cauchy-Schwarz), both zero together; the sum
 *		of w x within [min W, max W]; 0 <= M2 <= W (max - min)^2 / 4
 *		(Popoviciu), and 0 when min = max or W = 0.  Sums are allowed a
 *		relative rounding error of 1e-9.
 */
static bool
fo_check_group(const FoEntry *e, bool weighted, uint32_t gno, FcError *err)
{
	double		W = weighted ? e->w : (double) e->n;
	double		scale = fabs(e->min) > fabs(e->max) ? fabs(e->min) : fabs(e->max);
	double		spread = e->max - e->min;

	if (e->n < 1)
	{
		fk_error(err, FC_ERR_VALUE, "a group must have at least one row");
		fk_detail(err, "Group number %u has n = %lld.", gno, (long long) e->n);
		return false;
	}
	if (!isfinite(e->min) || !isfinite(e->max) || !isfinite(e->sum) ||
		!isfinite(e->m2) || !isfinite(e->w) || !isfinite(e->w2) ||
		!isfinite(spread))
	{
		fk_error(err, FC_ERR_RANGE, "%s values must be finite", TN);
		fk_detail(err, "In group number %u.", gno);
		return false;
	}
	if (e->min > e->max || (e->n == 1 && e->min != e->max))
		return fo_bad(err, gno, "minimum and maximum");
	if (weighted)
	{
		if (e->w < 0.0 || e->w2 < 0.0)
		{
			fk_error(err, FC_ERR_RANGE, "weight sums must be >= 0");
			fk_detail(err, "In group number %u.", gno);
			return false;
		}
		if ((e->w == 0.0) != (e->w2 == 0.0) ||
			e->w2 > e->w * e->w * (1.0 + FO_TOL) ||
			e->w2 < e->w * e->w / (double) e->n * (1.0 - FO_TOL))
			return fo_bad(err, gno, "sum of squared weights");
	}
	if (e->sum < e->min * W - FO_TOL * scale * W ||
		e->sum > e->max * W + FO_TOL * scale * W ||
		(W == 0.0 && e->sum != 0.0))
		return fo_bad(err, gno, "sum");
	if (e->m2 < 0.0 ||
		e->m2 > W * spread * spread / 4.0 * (1.0 + FO_TOL) ||
		(spread == 0.0 && e->m2 != 0.0) || (W == 0.0 && e->m2 != 0.0))
		return fo_bad(err, gno, "sum of squared deviations");

	/*
	 * Bhatia-Davis: values in [min, max] with this mean have m2 <= W (max -
	 * mean) (mean - min).  The bound above is its maximum over the mean; a
	 * value between the two cannot come from any rows, and merging it
	 * gives one that breaks even the bound above.
	 */
	if (W > 0.0 && spread > 0.0 && e->m2 > fo_m2_limit(W, e->sum, e->min, e->max))
		return fo_bad(err, gno, "sum of squared deviations");
	return true;
}

/* add a parsed group to the scratch value *ph (duplicates refused) */
static bool
fo_build_group(FoHeader **ph, const FcAlloc *a, const FcPart *parts,
			   int nparts, const FoEntry *v, uint32_t gno, FcError *err)
{
	FoHeader   *old = *ph;
	uint32_t	before = (*ph)->k.ngroups;
	int64_t		g;
	FoEntry    *e;

	if (!fo_check_group(v, fo_is_weighted(*ph), gno, err))
		return false;
	if (v->n > INT64_MAX - (*ph)->k.total)
		return fk_error(err, FC_ERR_RANGE, "%s row count out of range", TN);
	g = fo_lookup_insert(ph, a, parts, nparts, FC_MAX_GROUPS_HARD, err);
	if (old != *ph)
		a->release(a->ctx, old);
	if (g < 0)
		return false;
	if ((uint32_t) g < before)
	{
		fk_error(err, FC_ERR_VALUE, "duplicate group in %s value", TN);
		fk_detail(err, "Group number %u repeats an earlier group.", gno);
		return false;
	}
	e = fo_entry(*ph, (uint32_t) g);
	e->n = v->n;
	e->w = v->w;
	e->w2 = v->w2;
	e->sum = v->sum;
	e->m2 = v->m2;
	e->min = v->min;
	e->max = v->max;
	(*ph)->k.total += v->n;
	return true;
}

static FoHeader *
fo_finish(const FcAlloc *a, FoHeader *h, FcError *err)
{
	FoHeader   *out = fo_canonical(a, h, err);

	a->release(a->ctx, h);
	return out;
}

bool
fo_check_canonical(const FoHeader *h, size_t size, FcError *err)
{
	uint32_t	i,
				koff = 0;
	int64_t		total = 0;

	if (!fo_check_header(h, size, err))
		return false;
	if ((h->k.flags & FK_F_SCRATCH) || h->k.capacity != h->k.ngroups ||
		h->k.nbuckets != 0 || h->k.keys_used != h->k.keys_cap ||
		h->k.blob_cap != 0 || h->k.last != 0)
		return fk_error(err, FC_ERR_CORRUPT, "%s value is not in canonical form", TN);
	for (i = 0; i < h->k.ngroups; i++)
	{
		const FoEntry *e = fo_entry(h, i);

		if (e->k.key_off != koff || e->k.key_len > h->k.keys_used - koff ||
			e->k.hash != 0 || e->k.pad != 0 ||
			/* compensations are +0 (bit for bit: they are not in the text) */
			e->wc != 0.0 || e->w2c != 0.0 || e->sumc != 0.0 || e->m2c != 0.0 ||
			signbit(e->wc) || signbit(e->w2c) || signbit(e->sumc) || signbit(e->m2c) ||
			(!fo_is_weighted(h) && (e->w != 0.0 || e->w2 != 0.0)))
			return fk_error(err, FC_ERR_CORRUPT, "%s entry is malformed", TN);
		if (i > 0 && fk_key_cmp(fk_key(&h->k, i - 1), fk_key_len(&h->k, i - 1),
								fk_key(&h->k, i), e->k.key_len, h->k.ndims) >= 0)
			return fk_error(err, FC_ERR_CORRUPT, "%s groups are not strictly ordered", TN);
		if (!fo_check_group(e, fo_is_weighted(h), i + 1, err))
			return false;
		/* fo_canonical writes no -0 */
		if ((e->w == 0.0 && signbit(e->w)) || (e->w2 == 0.0 && signbit(e->w2)) ||
			(e->sum == 0.0 && signbit(e->sum)) || (e->m2 == 0.0 && signbit(e->m2)) ||
			(e->min == 0.0 && signbit(e->min)) || (e->max == 0.0 && signbit(e->max)))
			return fk_error(err, FC_ERR_CORRUPT, "%s entry is malformed", TN);
		if (!fk_names_ok(&h->k, i))
			return fk_error(err, FC_ERR_CORRUPT, "%s group name is malformed", TN);
		koff += e->k.key_len;
		if (e->n > INT64_MAX - total)
			return fk_error(err, FC_ERR_CORRUPT, "%s totals are inconsistent", TN);
		total += e->n;
	}
	if (koff != h->k.keys_used || total != h->k.total)
		return fk_error(err, FC_ERR_CORRUPT, "%s totals are inconsistent", TN);
	/* the padding after the keys is zero, as every builder leaves it */
	{
		const unsigned char *p = h->k.ngroups == 0 ? fk_blob(&h->k) :
			(const unsigned char *) fk_key(&h->k, h->k.ngroups - 1) +
			fk_key_len(&h->k, h->k.ngroups - 1);

		for (; p < (const unsigned char *) h + size; p++)
			if (*p != 0)
				return fk_error(err, FC_ERR_CORRUPT, "%s padding is not zero", TN);
	}
	return true;
}

/* ------------------------------------------------------------------------
 * Text form (JSON)
 *
 * {"version":1,"attributes":1,"weighted":false,"groups":[
 *   {"group":"f","n":3,"sum":12.5,"m2":3.25,"min":1,"max":7}]}
 * weighted groups also have "weight" (W) and "weight_sq" (W2).
 * ------------------------------------------------------------------------
 */
char *
fo_format_text(const FcAlloc *a, const FoHeader *h, size_t *len, FcError *err)
{
	FkBuf		b;
	const FoHeader *c = h;
	FoHeader   *canon = NULL;
	bool		weighted = fo_is_weighted(h);
	uint32_t	i;

	if (h->k.flags & FK_F_SCRATCH)
	{
		canon = fo_canonical(a, h, err);
		if (canon == NULL)
			return NULL;
		c = canon;
	}
	memset(&b, 0, sizeof(b));
	b.a = a;
	fk_buf_printf(&b, "{\"version\":%d,\"attributes\":%d,\"weighted\":%s,\"groups\":[",
				  FO_FORMAT_VERSION, (int) c->k.ndims, weighted ? "true" : "false");
	for (i = 0; i < c->k.ngroups && !b.failed; i++)
	{
		const FoEntry *e = fo_entry(c, i);

		fk_buf_puts(&b, i ? ",{\"group\":" : "{\"group\":");
		if (!fk_buf_json_key(&b, fk_key(&c->k, i), e->k.key_len, c->k.ndims))
			b.failed = true;
		fk_buf_printf(&b, ",\"n\":%lld", (long long) e->n);
		if (weighted)
		{
			fk_buf_puts(&b, ",\"weight\":");
			fk_buf_double(&b, e->w);
			fk_buf_puts(&b, ",\"weight_sq\":");
			fk_buf_double(&b, e->w2);
		}
		fk_buf_puts(&b, ",\"sum\":");
		fk_buf_double(&b, e->sum);
		fk_buf_puts(&b, ",\"m2\":");
		fk_buf_double(&b, e->m2);
		fk_buf_puts(&b, ",\"min\":");
		fk_buf_double(&b, e->min);
		fk_buf_puts(&b, ",\"max\":");
		fk_buf_double(&b, e->max);
		fk_buf_puts(&b, "}");
	}
	fk_buf_puts(&b, "]}");
	if (canon)
		a->release(a->ctx, canon);
	if (b.failed)
	{
		fk_buf_release(&b);
		fk_error(err, FC_ERR_LIMIT, "%s text form would exceed 1 GB", TN);
		return NULL;
	}
	*len = b.len;
	return b.data;
}

static const char *const fo_root_keys[] = {"version", "attributes", "weighted", "groups"};
static const char *const fo_group_keys[] = {"group", "n", "weight", "weight_sq", "sum", "m2", "min", "max"};

FoHeader *
fo_parse_text(const FcAlloc *a, const char *s, size_t len,
			  bool ascii_escapes_only, FcError *err)
{
	FkJson		j;
	const FkJsonNode *f[4];
	const FkJsonNode *gn;
	int64_t		version,
				attributes;
	bool		weighted;
	FoHeader   *h = NULL;
	FoHeader   *out = NULL;
	uint32_t	gno = 0;

	if (!fkj_parse(&j, a, s, len, ascii_escapes_only, TN, err))
	{
		fkj_release(&j);
		return NULL;
	}
	if (!fkj_fields(&j, &j.nodes[0], fo_root_keys, 4, f, "the summary"))
		goto done;
	if (f[0] == NULL || f[1] == NULL || f[3] == NULL)
	{
		fkj_fail(&j, "The keys \"version\", \"attributes\" and \"groups\" are required.");
		goto done;
	}
	if (!fkj_count(&j, f[0], "version", &version))
		goto done;
	if (version != FO_FORMAT_VERSION)
	{
		fk_error(err, FC_ERR_VALUE, "unsupported %s format version %lld", TN,
				 (long long) version);
		fk_detail(err, "This release reads format version %d.", FO_FORMAT_VERSION);
		goto done;
	}
	if (!fkj_count(&j, f[1], "attributes", &attributes))
		goto done;
	if (attributes < 1 || attributes > FC_MAX_DIMS)
	{
		fk_error(err, FC_ERR_VALUE, "\"attributes\" must be between 1 and %d",
				 FC_MAX_DIMS);
		goto done;
	}
	if (f[2] != NULL && f[2]->kind != FKJ_TRUE && f[2]->kind != FKJ_FALSE)
	{
		fkj_fail(&j, "\"weighted\" must be true or false.");
		goto done;
	}
	weighted = f[2] != NULL && f[2]->kind == FKJ_TRUE;
	if (f[3]->kind != FKJ_ARRAY)
	{
		fkj_fail(&j, "\"groups\" must be an array.");
		goto done;
	}
	h = fo_new_scratch(a, (int) attributes, weighted, err);
	if (h == NULL)
		goto done;
	for (gn = fkj_first(&j, f[3]); gn != NULL; gn = fkj_next(&j, gn))
	{
		const FkJsonNode *g[8];
		FcPart		parts[FC_MAX_DIMS];
		FoEntry		v;

		gno++;
		memset(&v, 0, sizeof(v));
		if (!fkj_fields(&j, gn, fo_group_keys, 8, g, "a group"))
			goto fail;
		if (g[0] == NULL || g[1] == NULL || g[4] == NULL || g[5] == NULL ||
			g[6] == NULL || g[7] == NULL)
		{
			fkj_fail(&j, "Every group needs \"group\", \"n\", \"sum\", \"m2\", \"min\" and \"max\".");
			goto fail;
		}
		if ((g[2] != NULL || g[3] != NULL) != weighted ||
			(weighted && (g[2] == NULL || g[3] == NULL)))
		{
			fk_error(err, FC_ERR_VALUE, weighted ?
					 "every group of a weighted summary needs \"weight\" and \"weight_sq\"" :
					 "\"weight\" given in a summary that is not weighted");
			goto fail;
		}
		if (!fkj_key(&j, g[0], (int) attributes, parts) ||
			!fkj_count(&j, g[1], "n", &v.n) ||
			(weighted && (!fkj_double(&j, g[2], "weight", &v.w) ||
						  !fkj_double(&j, g[3], "weight_sq", &v.w2))) ||
			!fkj_double(&j, g[4], "sum", &v.sum) ||
			!fkj_double(&j, g[5], "m2", &v.m2) ||
			!fkj_double(&j, g[6], "min", &v.min) ||
			!fkj_double(&j, g[7], "max", &v.max))
			goto fail;
		if (!fo_build_group(&h, a, parts, (int) attributes, &v, gno, err))
			goto fail;
	}
	out = fo_finish(a, h, err);
	h = NULL;
	goto done;
fail:
	if (h)
		a->release(a->ctx, h);
done:
	fkj_release(&j);
	return out;
}

/* ------------------------------------------------------------------------
 * Binary form (send/recv), network byte order:
 *
 *	uint8 version, uint8 flags (bit 0: weighted), uint16 attributes,
 *	uint32 groups; per group: per attribute an int32 length (-1 = NULL)
 *	and the bytes, int64 n, [float8 weight, float8 weight_sq if weighted],
 *	float8 sum, float8 m2, float8 min, float8 max.
 * ------------------------------------------------------------------------
 */
uint8_t *
fo_encode_binary(const FcAlloc *a, const FoHeader *h, size_t *len,
				 FcError *err)
{
	FkBuf		b;
	const FoHeader *c = h;
	FoHeader   *canon = NULL;
	bool		weighted = fo_is_weighted(h);
	uint32_t	i;

	if (h->k.flags & FK_F_SCRATCH)
	{
		canon = fo_canonical(a, h, err);
		if (canon == NULL)
			return NULL;
		c = canon;
	}
	memset(&b, 0, sizeof(b));
	b.a = a;
	fk_buf_be(&b, FO_FORMAT_VERSION, 1);
	fk_buf_be(&b, weighted ? 1 : 0, 1);
	fk_buf_be(&b, c->k.ndims, 2);
	fk_buf_be(&b, c->k.ngroups, 4);
	for (i = 0; i < c->k.ngroups && !b.failed; i++)
	{
		const FoEntry *e = fo_entry(c, i);

		fk_buf_be_key(&b, fk_key(&c->k, i), e->k.key_len, c->k.ndims);
		fk_buf_be(&b, (uint64_t) e->n, 8);
		if (weighted)
		{
			fk_buf_be_double(&b, e->w);
			fk_buf_be_double(&b, e->w2);
		}
		fk_buf_be_double(&b, e->sum);
		fk_buf_be_double(&b, e->m2);
		fk_buf_be_double(&b, e->min);
		fk_buf_be_double(&b, e->max);
	}
	if (canon)
		a->release(a->ctx, canon);
	if (b.failed)
	{
		fk_buf_release(&b);
		fk_error(err, FC_ERR_LIMIT, "%s binary form would exceed 1 GB", TN);
		return NULL;
	}
	*len = b.len;
	return (uint8_t *) b.data;
}

FoHeader *
fo_decode_binary(const FcAlloc *a, const uint8_t *buf, size_t len,
				 FcError *err)
{
	FkReader	r = {buf, len, 0};
	uint64_t	version,
				flags,
				ndims,
				ngroups,
				i;
	FoHeader   *h;
	bool		weighted;

	if (!fk_rd_be(&r, 1, &version) || !fk_rd_be(&r, 1, &flags) ||
		!fk_rd_be(&r, 2, &ndims) || !fk_rd_be(&r, 4, &ngroups))
	{
		fk_error(err, FC_ERR_BINARY, "invalid binary representation of %s", TN);
		fk_detail(err, "Truncated header at byte %zu.", r.pos);
		return NULL;
	}
	if (version != FO_FORMAT_VERSION)
	{
		fk_error(err, FC_ERR_BINARY, "unsupported %s format version %u", TN,
				 (unsigned) version);
		return NULL;
	}
	if ((flags & ~1u) != 0 || ndims < 1 || ndims > FC_MAX_DIMS ||
		ngroups > FC_MAX_GROUPS_HARD || ngroups > (len - r.pos) / (4 * ndims + 40))
	{
		fk_error(err, FC_ERR_BINARY, "invalid binary representation of %s", TN);
		fk_detail(err, (flags & ~1u) ? "Unknown flags at byte 1." :
				  (ndims < 1 || ndims > FC_MAX_DIMS) ?
				  "Number of attributes out of range at byte 2." :
				  "Number of groups does not fit the data at byte 4.");
		return NULL;
	}
	weighted = (flags & 1) != 0;
	h = fo_new_scratch(a, (int) ndims, weighted, err);
	if (h == NULL)
		return NULL;
	for (i = 0; i < ngroups; i++)
	{
		FcPart		parts[FC_MAX_DIMS];
		FoEntry		v;
		uint64_t	n;

		memset(&v, 0, sizeof(v));
		if (!fk_rd_key(&r, (int) ndims, parts, TN, err))
			goto fail;
		if (!fk_rd_be(&r, 8, &n) ||
			(weighted && (!fk_rd_double(&r, &v.w) || !fk_rd_double(&r, &v.w2))) ||
			!fk_rd_double(&r, &v.sum) || !fk_rd_double(&r, &v.m2) ||
			!fk_rd_double(&r, &v.min) || !fk_rd_double(&r, &v.max))
		{
			fk_error(err, FC_ERR_BINARY, "invalid binary representation of %s", TN);
			fk_detail(err, "Truncated group at byte %zu.", r.pos);
			goto fail;
		}
		if (n > (uint64_t) INT64_MAX)
		{
			fk_error(err, FC_ERR_RANGE, "\"n\" is out of range for type bigint");
			goto fail;
		}
		v.n = (int64_t) n;
		if (v.w == 0.0)
			v.w = 0.0;
		if (!fo_build_group(&h, a, parts, (int) ndims, &v, (uint32_t) i + 1, err))
			goto fail;
	}
	if (r.pos != len)
	{
		fk_error(err, FC_ERR_BINARY, "invalid binary representation of %s", TN);
		fk_detail(err, "Trailing bytes at byte %zu.", r.pos);
		goto fail;
	}
	return fo_finish(a, h, err);
fail:
	a->release(a->ctx, h);
	return NULL;
}

/* ------------------------------------------------------------------------
 * Statistics
 * ------------------------------------------------------------------------
 */

/* Chan, Golub & LeVeque: the moments of a and b together, into a */
void
fo_stats_merge(FoStats *a, const FoStats *b)
{
	double		W = a->w + b->w;

	if (b->n == 0)
		return;
	if (a->n == 0)
	{
		*a = *b;
		return;
	}
	if (a->w > 0.0 && b->w > 0.0)
		a->m2 = a->m2 + b->m2 + (b->mean - a->mean) * (b->mean - a->mean) * (a->w * b->w / W);
	else
		a->m2 = a->m2 + b->m2;
	a->n += b->n;
	a->w = W;
	a->w2 += b->w2;
	a->sum += b->sum;
	if (b->min < a->min)
		a->min = b->min;
	if (b->max > a->max)
		a->max = b->max;
	a->has_mean = a->w > 0.0;
	a->mean = a->has_mean ? a->sum / a->w : 0.0;
	a->has_var = a->w > 1.0;
	a->var = a->has_var ? a->m2 / (a->w - 1.0) : 0.0;
}

void
fo_stats(const FoHeader *h, int64_t g, FoStats *out)
{
	uint32_t	i;

	if (g >= 0)
	{
		fo_entry_stats(h, fo_entry(h, (uint32_t) g), out);
		return;
	}
	memset(out, 0, sizeof(*out));
	for (i = 0; i < h->k.ngroups; i++)
	{
		FoStats		s;

		fo_entry_stats(h, fo_entry(h, i), &s);
		fo_stats_merge(out, &s);
	}
}

/*
 * fo_compare
 *		Group g against the reference group:
 *		  diff = mean_g - mean_ref, ratio = mean_g / mean_ref,
 *		  pay gap = (mean_ref - mean_g) / mean_ref (the EU Pay Transparency
 *		  Directive's gender pay gap with the reference as men);
 *		  Welch's t-test (fst_welch_ttest in fstats.c, with W as the number
 *		  of observations, as statsmodels' weighted CompareMeans does):
 *		  se = sqrt(v_g / W_g + v_ref / W_ref), t = diff / se,
 *		  df = se^4 / ((v_g/W_g)^2 / (W_g - 1) + (v_ref/W_ref)^2 / (W_ref - 1))
 *		  (Welch-Satterthwaite), two-sided p = 2 P(T_df > |t|), interval
 *		  diff -/+ t_{df, 1 - (1 - level)/2} se; no test when both variances
 *		  are 0;
 *		  Cohen's d = diff / s_pooled, s_pooled^2 = (M2_g + M2_ref) /
 *		  (W_g + W_ref - 2).
 */
void
fo_compare(const FoStats *g, const FoStats *ref, double level, FoCompare *out)
{
	memset(out, 0, sizeof(*out));
	if (!g->has_mean || !ref->has_mean)
		return;
	out->has_diff = true;
	out->diff = g->mean - ref->mean;
	if (ref->mean != 0.0)
	{
		out->has_ratio = true;
		out->ratio = g->mean / ref->mean;
		out->pay_gap = (ref->mean - g->mean) / ref->mean;
	}
	if (g->has_var && ref->has_var)
	{
		FstWelch	w;

		if (fst_welch_ttest(g->mean, g->var, g->w, ref->mean, ref->var, ref->w,
							level, &w) == FST_OK)
		{
			out->has_test = true;
			out->se = w.se;
			out->t = w.t;
			out->df = w.df;
			out->p = w.p;
			out->ci_low = w.lo;
			out->ci_high = w.hi;
		}
	}
	if (g->w + ref->w > 2.0)
	{
		double		sp2 = (g->m2 + ref->m2) / (g->w + ref->w - 2.0);

		if (sp2 > 0.0)
		{
			out->has_d = true;
			out->cohens_d = out->diff / sqrt(sp2);
		}
	}
}
