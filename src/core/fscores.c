/*-------------------------------------------------------------------------
 *
 * fscores.c
 *	  The fairness.scores summary: bins, rows, merge, canonical form, text
 *	  and binary forms (the statistics derived from its histograms are in
 *	  fscores_metrics.c).  No PostgreSQL header: see fscores.h for the
 *	  value format.
 *
 * Every function that can fail reports through FcError and leaves its
 * inputs untouched (or, for in-place updates, valid).
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fscores.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TN FS_TYPE_NAME

/* relative tolerance of the plausibility checks of sums on input */
#define FS_SUM_TOL 1e-9

static const char *const fs_label_names[FS_NLABELS] = {"true", "false", "unlabeled"};

/* ------------------------------------------------------------------------
 * Parameters and bins
 * ------------------------------------------------------------------------
 */

/* edge j of nbins bins over [lower, upper]; see fscores.h */
double
fs_edge_p(uint32_t nbins, double lower, double upper, uint32_t j)
{
	if (j == 0)
		return lower;
	if (j >= nbins)
		return upper;
	return lower + ((upper - lower) * (double) j) / (double) nbins;
}

double
fs_edge(const FsHeader *h, uint32_t j)
{
	return fs_edge_p(h->nbins, h->lower, h->upper, j);
}

/*
 * fs_check_params
 *		bins in 1..FS_MAX_BINS, finite lower < upper with a finite width, and
 *		every edge strictly above the previous one (bins too narrow for
 *		double precision are refused rather than silently merged).
 */
bool
fs_check_params(int64_t nbins, double lower, double upper, FcError *err)
{
	uint32_t	j;
	double		prev;

	if (nbins < 1 || nbins > FS_MAX_BINS)
	{
		fk_error(err, FC_ERR_VALUE, "number of bins must be between 1 and %d",
				 FS_MAX_BINS);
		fk_detail(err, "It is %lld.", (long long) nbins);
		return false;
	}
	if (!isfinite(lower) || !isfinite(upper) || !(lower < upper) ||
		!isfinite(upper - lower))
	{
		fk_error(err, FC_ERR_VALUE, "score range must be finite, with lower < upper");
		fk_detail(err, "The range is [%g, %g].", lower, upper);
		return false;
	}
	prev = lower;
	for (j = 1; j <= (uint32_t) nbins; j++)
	{
		double		e = fs_edge_p((uint32_t) nbins, lower, upper, j);

		if (!(e > prev))
		{
			fk_error(err, FC_ERR_VALUE, "bins are too narrow for the score range");
			fk_detail(err, "%lld bins on [%.17g, %.17g] give two equal bin edges in double precision.",
					  (long long) nbins, lower, upper);
			fk_hint(err, "Use fewer bins.");
			return false;
		}
		prev = e;
	}
	return true;
}

/* fs_bin: the bin of a score in [lower, upper] (estimate, then exact fix) */
uint32_t
fs_bin(const FsHeader *h, double s)
{
	double		pos = (s - h->lower) / (h->upper - h->lower) * (double) h->nbins;
	uint32_t	j;

	if (!(pos > 0.0))
		j = 0;
	else if (pos >= (double) h->nbins)
		j = h->nbins - 1;
	else
		j = (uint32_t) pos;
	while (j > 0 && s < fs_edge(h, j))
		j--;
	while (j + 1 < h->nbins && s >= fs_edge(h, j + 1))
		j++;
	return j;
}

/*
 * fs_check_score
 *		Scores must be finite and in [lower, upper]: never clamped, so an
 *		out-of-range score is an error whose hint names the overload with a
 *		range.
 */
bool
fs_check_score(const FsHeader *h, double s, FcError *err)
{
	if (isnan(s))
	{
		fk_error(err, FC_ERR_VALUE, "score must not be NaN");
		fk_hint(err, "Filter or repair rows with a NaN score: no range holds NaN, and fairness.scores never guesses a score (fairness.scores(grp, actual, score, bins, lower, upper) sets the range of finite scores).");
		return false;
	}
	if (isinf(s))
	{
		fk_error(err, FC_ERR_RANGE, "score must be finite");
		fk_detail(err, "The score is %s; scores are never clamped.", s > 0 ? "Infinity" : "-Infinity");
		fk_hint(err, "Map scores to a finite range (e.g. probabilities from logits), then give that range to fairness.scores(grp, actual, score, bins, lower, upper).");
		return false;
	}
	if (s < h->lower || s > h->upper)
	{
		fk_error(err, FC_ERR_RANGE, "score %.17g is outside the score range [%.17g, %.17g]",
				 s, h->lower, h->upper);
		fk_detail(err, "The summary has %u bins on [%.17g, %.17g]; scores are never clamped.",
				  h->nbins, h->lower, h->upper);
		fk_hint(err, "Give the range of your scores to the aggregate: fairness.scores(grp, actual, score, bins, lower, upper) or fairness.scores(grp, actual, score, weight, bins, lower, upper), e.g. fairness.scores(grp, actual, score, 1000, 0, 100) for scores from 0 to 100.");
		return false;
	}
	return true;
}

/* fs_threshold_bin: smallest j in [0, nbins] with edge(j) >= t */
uint32_t
fs_threshold_bin(const FsHeader *h, double t)
{
	uint32_t	j;

	if (t <= h->lower)
		return 0;
	if (t > h->upper)
		return h->nbins;
	j = fs_bin(h, t);
	return fs_edge(h, j) == t ? j : j + 1;
}

/* ------------------------------------------------------------------------
 * Layout
 * ------------------------------------------------------------------------
 */
bool
fs_is_weighted(const FsHeader *h)
{
	return (h->k.flags & FK_F_WEIGHTED) != 0;
}

FsEntry *
fs_entry(const FsHeader *h, uint32_t g)
{
	return (FsEntry *) fk_entry(&h->k, g);
}

uint32_t
fs_dense_size(uint32_t nbins, bool weighted)
{
	return nbins * (uint32_t) ((3 + 2 + (weighted ? 6 : 0)) * 8);
}

/* dense slot arrays of group g (scratch) */
static int64_t *
fs_dn(const FsHeader *h, uint32_t g, int label)
{
	return (int64_t *) fk_dense(&h->k, g) + (size_t) label * h->nbins;
}

static double *
fs_dssum(const FsHeader *h, uint32_t g)
{
	return (double *) fk_dense(&h->k, g) + (size_t) 3 * h->nbins;
}

static double *
fs_dssum_c(const FsHeader *h, uint32_t g)
{
	return (double *) fk_dense(&h->k, g) + (size_t) 4 * h->nbins;
}

static double *
fs_dw(const FsHeader *h, uint32_t g, int label)
{
	return (double *) fk_dense(&h->k, g) + (size_t) (5 + label) * h->nbins;
}

static double *
fs_dwc(const FsHeader *h, uint32_t g, int label)
{
	return (double *) fk_dense(&h->k, g) + (size_t) (8 + label) * h->nbins;
}

bool
fs_check_header(const FsHeader *h, size_t size, FcError *err)
{
	uint32_t	dense;

	if (size < sizeof(FsHeader))
		return fk_error(err, FC_ERR_CORRUPT, "%s value is truncated", TN);
	if (h->k.version == FS_FORMAT_VERSION &&
		(h->nbins < 1 || h->nbins > FS_MAX_BINS || h->pad != 0 ||
		 !isfinite(h->lower) || !isfinite(h->upper) || !(h->lower < h->upper)))
		return fk_error(err, FC_ERR_CORRUPT, "%s value is corrupted", TN);
	dense = (h->k.flags & FK_F_SCRATCH) ?
		fs_dense_size(h->nbins, (h->k.flags & FK_F_WEIGHTED) != 0) : 0;
	return fk_check_header(&h->k, size, TN, FS_FORMAT_VERSION,
						   sizeof(FsHeader), sizeof(FsEntry), dense, err);
}

int64_t
fs_group_rows(const FsHeader *h, uint32_t g)
{
	const FsEntry *e = fs_entry(h, g);

	return e->n[0] + e->n[1] + e->n[2];
}

/* ------------------------------------------------------------------------
 * Building
 * ------------------------------------------------------------------------
 */
FsHeader *
fs_new_scratch(const FcAlloc *a, int ndims, bool weighted, uint32_t nbins,
			   double lower, double upper, FcError *err)
{
	FsHeader	proto;

	if (!fs_check_params(nbins, lower, upper, err))
		return NULL;
	memset(&proto, 0, sizeof(proto));
	proto.k.version = FS_FORMAT_VERSION;
	proto.k.flags = weighted ? FK_F_WEIGHTED : 0;
	proto.k.ndims = (uint16_t) ndims;
	proto.k.header_size = sizeof(FsHeader);
	proto.k.entry_size = sizeof(FsEntry);
	proto.k.dense_size = fs_dense_size(nbins, weighted);
	proto.nbins = nbins;
	proto.lower = lower + 0.0;		/* -0 is 0: one stored form */
	proto.upper = upper + 0.0;
	return (FsHeader *) fk_new(a, &proto.k, 1, err, TN);
}

/*
 * fs_to_scratch
 *		A scratch copy of any value, ready for in-place updates: packed bins
 *		of a canonical value are unpacked into dense slots.
 */
FsHeader *
fs_to_scratch(const FcAlloc *a, const FsHeader *src, FcError *err)
{
	bool		weighted = fs_is_weighted(src);
	uint64_t	cap = src->k.ngroups < 1 ? 1 : src->k.ngroups;
	FsHeader   *n;
	uint32_t	g;

	if (src->k.flags & FK_F_SCRATCH)
		return (FsHeader *) fk_relayout(a, &src->k, cap, src->k.keys_cap, 0,
										src->k.dense_size, err, TN);
	n = (FsHeader *) fk_relayout(a, &src->k, cap,
								 src->k.keys_used < 64 ? 64 : src->k.keys_used,
								 0, fs_dense_size(src->nbins, weighted), err, TN);
	if (n == NULL)
		return NULL;
	for (g = 0; g < n->k.ngroups; g++)
	{
		FsEntry    *e = fs_entry(n, g);
		FsBinIter	it;
		FsBin		b;
		int			r,
					l;

		e->blob_off = e->blob_len = e->nnz = 0;
		fs_iter_init(&it, src, g);
		while ((r = fs_iter_next(&it, &b, err)) > 0)
		{
			for (l = 0; l < FS_NLABELS; l++)
			{
				fs_dn(n, g, l)[b.j] = b.n[l];
				if (weighted)
					fs_dw(n, g, l)[b.j] = b.w[l];
			}
			fs_dssum(n, g)[b.j] = b.ssum;
		}
		if (r < 0)
		{
			a->release(a->ctx, n);
			return NULL;
		}
	}
	return n;
}

int64_t
fs_lookup_insert(FsHeader **ph, const FcAlloc *a, const FcPart *parts,
				 int nparts, int64_t max_groups, FcError *err)
{
	return fk_lookup_insert((FkHeader **) ph, a, parts, nparts, max_groups,
							TN, err);
}

static bool
fs_sum_overflow(FcError *err)
{
	fk_error(err, FC_ERR_RANGE, "sum of scores or weights out of range");
	fk_detail(err, "A sum exceeds the range of double precision.");
	return false;
}

/* fs_add_row: count one row (label, score s, weight w) in group g */
bool
fs_add_row(FsHeader *h, uint32_t g, int label, double s, double w,
		   FcError *err)
{
	FsEntry    *e = fs_entry(h, g);
	uint32_t	j = fs_bin(h, s);
	bool		weighted = fs_is_weighted(h);
	double		ws = weighted ? w * s : s;

	if (h->k.total == INT64_MAX)
		return fk_error(err, FC_ERR_RANGE, "%s row count out of range", TN);
	h->k.total++;
	e->n[label]++;
	fs_dn(h, g, label)[j]++;
	if (weighted)
	{
		fk_add(&e->w[label], &e->wc[label], w);
		fk_add(&fs_dw(h, g, label)[j], &fs_dwc(h, g, label)[j], w);
		if (!isfinite(e->w[label]))
			return fs_sum_overflow(err);
	}
	if (label == FS_UNLABELED)
	{
		fk_add(&e->unl_sum, &e->unl_sum_c, ws);
		if (!isfinite(e->unl_sum))
			return fs_sum_overflow(err);
	}
	else
	{
		double		d = label == FS_TRUE ? 1.0 - s : s;
		double		sq = weighted ? w * (d * d) : d * d;

		fk_add(&fs_dssum(h, g)[j], &fs_dssum_c(h, g)[j], ws);
		fk_add(&e->sqerr[label], &e->sqerr_c[label], sq);
		if (!isfinite(fs_dssum(h, g)[j]) || !isfinite(e->sqerr[label]))
			return fs_sum_overflow(err);
	}
	return true;
}

/*
 * fs_remove_row
 *		Inverse of fs_add_row (moving windows).  A sum whose rows are all
 *		gone is reset to exactly zero, so rounding leaves no ghost behind.
 */
bool
fs_remove_row(FsHeader *h, uint32_t g, int label, double s, double w,
			  FcError *err)
{
	FsEntry    *e = fs_entry(h, g);
	uint32_t	j = fs_bin(h, s);
	bool		weighted = fs_is_weighted(h);
	double		ws = weighted ? w * s : s;
	int64_t    *dn = fs_dn(h, g, label);

	if (dn[j] <= 0 || e->n[label] <= 0)
		return fk_error(err, FC_ERR_CORRUPT,
						"cannot remove a row that was not added to %s", TN);
	h->k.total--;
	e->n[label]--;
	dn[j]--;
	if (weighted)
	{
		if (e->n[label] == 0)
			e->w[label] = e->wc[label] = 0.0;
		else
			fk_add(&e->w[label], &e->wc[label], -w);
		if (dn[j] == 0)
			fs_dw(h, g, label)[j] = fs_dwc(h, g, label)[j] = 0.0;
		else
			fk_add(&fs_dw(h, g, label)[j], &fs_dwc(h, g, label)[j], -w);
	}
	if (label == FS_UNLABELED)
	{
		if (e->n[label] == 0)
			e->unl_sum = e->unl_sum_c = 0.0;
		else
			fk_add(&e->unl_sum, &e->unl_sum_c, -ws);
	}
	else
	{
		double		d = label == FS_TRUE ? 1.0 - s : s;
		double		sq = weighted ? w * (d * d) : d * d;

		if (fs_dn(h, g, FS_TRUE)[j] + fs_dn(h, g, FS_FALSE)[j] == 0)
			fs_dssum(h, g)[j] = fs_dssum_c(h, g)[j] = 0.0;
		else
			fk_add(&fs_dssum(h, g)[j], &fs_dssum_c(h, g)[j], -ws);
		if (e->n[label] == 0)
			e->sqerr[label] = e->sqerr_c[label] = 0.0;
		else
			fk_add(&e->sqerr[label], &e->sqerr_c[label], -sq);
	}
	return true;
}

/* ------------------------------------------------------------------------
 * Iteration over the non-empty bins of a group
 * ------------------------------------------------------------------------
 */
void
fs_iter_init(FsBinIter *it, const FsHeader *h, uint32_t g)
{
	memset(it, 0, sizeof(*it));
	it->h = h;
	it->g = g;
	it->prev = -1;
	if (!(h->k.flags & FK_F_SCRATCH))
	{
		const FsEntry *e = fs_entry(h, g);

		it->left = e->nnz;
		it->p = fk_blob(&h->k) + e->blob_off;
		it->end = it->p + e->blob_len;
		if (e->blob_off > h->k.blob_used ||
			e->blob_len > h->k.blob_used - e->blob_off)
			it->p = it->end = NULL;		/* reported by fs_iter_next */
	}
}

static bool
fs_rd_varint(FsBinIter *it, uint64_t *v)
{
	int			shift = 0;

	*v = 0;
	for (;;)
	{
		unsigned char b;

		if (it->p == NULL || it->p >= it->end || shift > 63)
			return false;
		b = *it->p++;
		if (shift == 63 && (b & 0x7E) != 0)
			return false;
		*v |= (uint64_t) (b & 0x7F) << shift;
		if (!(b & 0x80))
			return true;
		shift += 7;
	}
}

static bool
fs_rd_raw_double(FsBinIter *it, double *v)
{
	if (it->p == NULL || it->end - it->p < 8)
		return false;
	memcpy(v, it->p, 8);
	it->p += 8;
	return isfinite(*v);
}

int
fs_iter_next(FsBinIter *it, FsBin *b, FcError *err)
{
	const FsHeader *h = it->h;
	bool		weighted = fs_is_weighted(h);
	int			l;

	if (h->k.flags & FK_F_SCRATCH)
	{
		uint32_t	g = it->g;

		for (; it->j < h->nbins; it->j++)
		{
			uint32_t	j = it->j;

			if (fs_dn(h, g, 0)[j] == 0 && fs_dn(h, g, 1)[j] == 0 &&
				fs_dn(h, g, 2)[j] == 0)
				continue;
			b->j = j;
			for (l = 0; l < FS_NLABELS; l++)
			{
				b->n[l] = fs_dn(h, g, l)[j];
				if (b->n[l] == 0)
					b->w[l] = 0.0;
				else if (weighted)
				{
					b->w[l] = fs_dw(h, g, l)[j] + fs_dwc(h, g, l)[j];
					if (b->w[l] < 0.0)
						b->w[l] = 0.0;
				}
				else
					b->w[l] = (double) b->n[l];
			}
			b->ssum = (b->n[0] + b->n[1] == 0) ? 0.0 :
				fs_dssum(h, g)[j] + fs_dssum_c(h, g)[j];
			if (b->ssum == 0.0)
				b->ssum = 0.0;
			it->j++;
			return 1;
		}
		return 0;
	}
	else
	{
		uint64_t	v;

		if (it->left == 0)
			return it->p == it->end ? 0 :
				(fk_error(err, FC_ERR_CORRUPT, "%s value is corrupted", TN), -1);
		if (!fs_rd_varint(it, &v) || v >= (uint64_t) h->nbins ||
			(int64_t) v + it->prev + 1 >= (int64_t) h->nbins)
			return fk_error(err, FC_ERR_CORRUPT, "%s value is corrupted", TN), -1;
		b->j = (uint32_t) (it->prev + 1 + (int64_t) v);
		it->prev = b->j;
		for (l = 0; l < FS_NLABELS; l++)
		{
			if (!fs_rd_varint(it, &v) || v > (uint64_t) INT64_MAX)
				return fk_error(err, FC_ERR_CORRUPT, "%s value is corrupted", TN), -1;
			b->n[l] = (int64_t) v;
			b->w[l] = (double) v;
		}
		b->ssum = 0.0;
		if (b->n[0] + b->n[1] > 0 && !fs_rd_raw_double(it, &b->ssum))
			return fk_error(err, FC_ERR_CORRUPT, "%s value is corrupted", TN), -1;
		if (weighted)
			for (l = 0; l < FS_NLABELS; l++)
				if (b->n[l] > 0 && (!fs_rd_raw_double(it, &b->w[l]) || b->w[l] < 0.0))
					return fk_error(err, FC_ERR_CORRUPT, "%s value is corrupted", TN), -1;
		it->left--;
		return 1;
	}
}

/* ------------------------------------------------------------------------
 * Merge
 * ------------------------------------------------------------------------
 */
static bool
fs_same_params(const FsHeader *a, const FsHeader *b, FcError *err)
{
	if (a->nbins == b->nbins && a->lower == b->lower && a->upper == b->upper)
		return true;
	fk_error(err, FC_ERR_MISMATCH,
			 "cannot merge %s summaries with different bins", TN);
	fk_detail(err, "One summary has %u bins on [%.17g, %.17g], the other %u bins on [%.17g, %.17g].",
			  a->nbins, a->lower, a->upper, b->nbins, b->lower, b->upper);
	fk_hint(err, "Build the summaries with the same bins, lower and upper arguments of fairness.scores.");
	return false;
}

/* make the scratch value *ph weighted, every row of it weighing 1 */
static bool
fs_make_weighted(FsHeader **ph, const FcAlloc *a, FcError *err)
{
	FsHeader   *h = *ph;
	FsHeader   *n;
	uint32_t	g,
				j;
	int			l;

	n = (FsHeader *) fk_relayout(a, &h->k, h->k.capacity, h->k.keys_cap, 0,
								 fs_dense_size(h->nbins, true), err, TN);
	if (n == NULL)
		return false;
	n->k.flags |= FK_F_WEIGHTED;
	for (g = 0; g < n->k.ngroups; g++)
	{
		FsEntry    *e = fs_entry(n, g);

		for (l = 0; l < FS_NLABELS; l++)
		{
			e->w[l] = (double) e->n[l];
			e->wc[l] = 0.0;
			for (j = 0; j < n->nbins; j++)
				fs_dw(n, g, l)[j] = (double) fs_dn(n, g, l)[j];
		}
	}
	*ph = n;
	return true;
}

/*
 * fs_merge
 *		*ph += sign * src.  Same bins required; an unweighted summary counts
 *		as one in which every row weighs 1.  Every check is made before
 *		anything changes (except the growth of *ph).
 */
bool
fs_merge(FsHeader **ph, const FcAlloc *a, const FsHeader *src, int sign,
		 int64_t max_groups, FcError *err)
{
	FsHeader   *h = *ph;
	FsHeader   *orig = *ph;		/* left to the caller if the value moves */
	uint32_t	i;
	bool		weighted;

	if (!fs_same_params(h, src, err))
		return false;
	if (h->k.ndims != src->k.ndims)
	{
		fk_error(err, FC_ERR_MISMATCH,
				 "cannot merge %s summaries with different numbers of attributes", TN);
		fk_detail(err, "One summary has %d attributes per group, the other %d.",
				  (int) h->k.ndims, (int) src->k.ndims);
		return false;
	}
	if (sign > 0 && src->k.total > INT64_MAX - h->k.total)
		return fk_error(err, FC_ERR_RANGE, "%s row count out of range", TN);
	if (fs_is_weighted(src) && !fs_is_weighted(h))
	{
		if (sign < 0)
			return fk_error(err, FC_ERR_MISMATCH,
							"cannot subtract a weighted summary from an unweighted one");
		if (!fs_make_weighted(ph, a, err))
			return false;
		h = *ph;
	}
	weighted = fs_is_weighted(h);

	if (sign < 0)
	{
		for (i = 0; i < src->k.ngroups; i++)
		{
			int64_t		g = fk_find_key(&h->k, fk_key(&src->k, i),
										fk_key_len(&src->k, i));
			FsBinIter	it;
			FsBin		b;
			int			r,
						l;

			if (g < 0)
				return fk_error(err, FC_ERR_VALUE,
								"cannot subtract a group that is not in the summary");
			fs_iter_init(&it, src, i);
			while ((r = fs_iter_next(&it, &b, err)) > 0)
				for (l = 0; l < FS_NLABELS; l++)
					if (fs_dn(h, (uint32_t) g, l)[b.j] < b.n[l])
						return fk_error(err, FC_ERR_VALUE,
										"cannot subtract more rows than the summary has");
			if (r < 0)
				return false;
		}
	}

	for (i = 0; i < src->k.ngroups; i++)
	{
		const FsEntry *se = fs_entry(src, i);
		FcPart		parts[FC_MAX_DIMS];
		int64_t		g;
		FsEntry    *e;
		FsBinIter	it;
		FsBin		b;
		int			r,
					l;
		double		x;

		if (!fk_parts(&src->k, i, parts))
			return fk_error(err, FC_ERR_CORRUPT, "%s value is corrupted", TN);
		g = fk_lookup_insert((FkHeader **) ph, a, parts, src->k.ndims,
							 max_groups, TN, err);
		/* a copy made earlier in this call and now superseded is ours */
		if (*ph != h && h != orig)
			a->release(a->ctx, h);
		if (g < 0)
			return false;
		h = *ph;
		e = fs_entry(h, (uint32_t) g);
		fs_iter_init(&it, src, i);
		while ((r = fs_iter_next(&it, &b, err)) > 0)
		{
			uint32_t	j = b.j;

			for (l = 0; l < FS_NLABELS; l++)
			{
				int64_t    *dn = fs_dn(h, (uint32_t) g, l);

				if (b.n[l] == 0)
					continue;
				dn[j] += sign * b.n[l];
				if (weighted)
				{
					if (dn[j] == 0)
						fs_dw(h, (uint32_t) g, l)[j] = fs_dwc(h, (uint32_t) g, l)[j] = 0.0;
					else
						fk_add(&fs_dw(h, (uint32_t) g, l)[j],
							   &fs_dwc(h, (uint32_t) g, l)[j], sign * b.w[l]);
				}
			}
			if (fs_dn(h, (uint32_t) g, 0)[j] + fs_dn(h, (uint32_t) g, 1)[j] == 0)
				fs_dssum(h, (uint32_t) g)[j] = fs_dssum_c(h, (uint32_t) g)[j] = 0.0;
			else if (b.n[0] + b.n[1] > 0)
				fk_add(&fs_dssum(h, (uint32_t) g)[j],
					   &fs_dssum_c(h, (uint32_t) g)[j], sign * b.ssum);
			if (!isfinite(fs_dssum(h, (uint32_t) g)[j]))
				return fs_sum_overflow(err);
		}
		if (r < 0)
			return false;
		for (l = 0; l < FS_NLABELS; l++)
		{
			e->n[l] += sign * se->n[l];
			if (weighted)
			{
				x = fs_is_weighted(src) ? se->w[l] + se->wc[l] : (double) se->n[l];
				if (e->n[l] == 0)
					e->w[l] = e->wc[l] = 0.0;
				else
					fk_add(&e->w[l], &e->wc[l], sign * x);
				if (!isfinite(e->w[l]))
					return fs_sum_overflow(err);
			}
		}
		if (e->n[FS_UNLABELED] == 0)
			e->unl_sum = e->unl_sum_c = 0.0;
		else
			fk_add(&e->unl_sum, &e->unl_sum_c,
				   sign * (se->unl_sum + se->unl_sum_c));
		for (l = 0; l < 2; l++)
		{
			if (e->n[l] == 0)
				e->sqerr[l] = e->sqerr_c[l] = 0.0;
			else
				fk_add(&e->sqerr[l], &e->sqerr_c[l],
					   sign * (se->sqerr[l] + se->sqerr_c[l]));
			if (!isfinite(e->sqerr[l]))
				return fs_sum_overflow(err);
		}
		if (!isfinite(e->unl_sum))
			return fs_sum_overflow(err);
	}
	h->k.total += sign * src->k.total;
	return true;
}

/* ------------------------------------------------------------------------
 * Canonical form
 * ------------------------------------------------------------------------
 */
static size_t
fs_put_varint(unsigned char *dst, uint64_t v)
{
	size_t		n = 0;

	do
	{
		unsigned char b = v & 0x7F;

		v >>= 7;
		if (v)
			b |= 0x80;
		if (dst)
			dst[n] = b;
		n++;
	} while (v);
	return n;
}

static size_t
fs_put_raw_double(unsigned char *dst, double v)
{
	if (v == 0.0)
		v = 0.0;
	if (dst)
		memcpy(dst, &v, 8);
	return 8;
}

/*
 * fs_encode_group
 *		Pack the non-empty bins of group g of h into dst (or only count the
 *		bytes when dst is NULL).  Returns the bytes, or -1 on error.
 */
static int64_t
fs_encode_group(const FsHeader *h, uint32_t g, unsigned char *dst,
				uint32_t *nnz, FcError *err)
{
	FsBinIter	it;
	FsBin		b;
	int64_t		prev = -1;
	uint64_t	n = 0;
	int			r,
				l;

	*nnz = 0;
	fs_iter_init(&it, h, g);
	while ((r = fs_iter_next(&it, &b, err)) > 0)
	{
		n += fs_put_varint(dst ? dst + n : NULL, (uint64_t) ((int64_t) b.j - prev - 1));
		prev = b.j;
		for (l = 0; l < FS_NLABELS; l++)
			n += fs_put_varint(dst ? dst + n : NULL, (uint64_t) b.n[l]);
		if (b.n[0] + b.n[1] > 0)
			n += fs_put_raw_double(dst ? dst + n : NULL, b.ssum);
		if (fs_is_weighted(h))
			for (l = 0; l < FS_NLABELS; l++)
				if (b.n[l] > 0)
					n += fs_put_raw_double(dst ? dst + n : NULL, b.w[l]);
		(*nnz)++;
		if (n > FC_MAX_BYTES)
		{
			fk_error(err, FC_ERR_LIMIT, "%s value would exceed 1 GB", TN);
			return -1;
		}
	}
	if (r < 0)
		return -1;
	return (int64_t) n;
}

static bool
fs_keep_nonempty(const FkHeader *k, uint32_t i, void *ctx)
{
	(void) ctx;
	return fs_group_rows((const FsHeader *) k, i) > 0;
}

static double
fs_fold(double v, double c)
{
	double		x = v + c;

	return x == 0.0 ? 0.0 : x;
}

/*
 * fs_canonical
 *		A new canonical copy of h: groups without rows dropped (a moving
 *		window may empty them), sorted by key, bins packed, compensation
 *		folded into the sums.
 */
/*
 * The weight totals of group g of a canonical value, summed from its bins
 * exactly as the input functions sum them: one stored form for one value,
 * whatever the order its rows were added in (dump and restore keep every
 * byte).
 */
static bool
fs_sum_bin_weights(const FsHeader *h, uint32_t g, double *w, FcError *err)
{
	double		ws[FS_NLABELS] = {0, 0, 0},
				wc[FS_NLABELS] = {0, 0, 0};
	FsBinIter	it;
	FsBin		b;
	int			r,
				l;

	fs_iter_init(&it, h, g);
	while ((r = fs_iter_next(&it, &b, err)) > 0)
		for (l = 0; l < FS_NLABELS; l++)
			fk_add(&ws[l], &wc[l], b.w[l]);
	if (r < 0)
		return false;
	for (l = 0; l < FS_NLABELS; l++)
	{
		w[l] = fs_fold(ws[l], wc[l]);
		if (w[l] < 0.0)
			w[l] = 0.0;
	}
	return true;
}

FsHeader *
fs_canonical(const FcAlloc *a, const FsHeader *h, FcError *err)
{
	uint32_t	n,
				i;
	uint32_t   *idx;
	uint64_t	keybytes = 0,
				blobbytes = 0;
	uint64_t	size;
	FsHeader   *out;
	uint32_t	koff = 0,
				boff = 0;
	bool		weighted = fs_is_weighted(h);

	idx = fk_sorted(a, &h->k, fs_keep_nonempty, NULL, &n, err);
	if (idx == NULL)
		return NULL;
	for (i = 0; i < n; i++)
	{
		uint32_t	nnz;
		int64_t		bytes = fs_encode_group(h, idx[i], NULL, &nnz, err);

		if (bytes < 0)
		{
			a->release(a->ctx, idx);
			return NULL;
		}
		blobbytes += (uint64_t) bytes;
		keybytes += fk_key_len(&h->k, idx[i]);
	}
	size = fk_layout_size(sizeof(FsHeader), n, sizeof(FsEntry), 0, 0,
						  keybytes, blobbytes);
	if (size == 0)
	{
		a->release(a->ctx, idx);
		fk_error(err, FC_ERR_LIMIT, "%s value would exceed 1 GB", TN);
		fk_hint(err, "Use fewer groups or fewer bins.");
		return NULL;
	}
	out = a->alloc(a->ctx, (size_t) size);
	if (out == NULL)
	{
		a->release(a->ctx, idx);
		fk_error(err, FC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	out->k.version = FS_FORMAT_VERSION;
	out->k.flags = weighted ? FK_F_WEIGHTED : 0;
	out->k.ndims = h->k.ndims;
	out->k.ngroups = out->k.capacity = n;
	out->k.keys_used = out->k.keys_cap = (uint32_t) keybytes;
	out->k.header_size = sizeof(FsHeader);
	out->k.entry_size = sizeof(FsEntry);
	out->k.blob_used = out->k.blob_cap = (uint32_t) blobbytes;
	out->k.total = h->k.total;
	out->nbins = h->nbins;
	out->lower = h->lower;
	out->upper = h->upper;
	for (i = 0; i < n; i++)
	{
		const FsEntry *se = fs_entry(h, idx[i]);
		FsEntry    *de = fs_entry(out, i);
		uint32_t	klen = fk_key_len(&h->k, idx[i]);
		uint32_t	nnz;
		int64_t		bytes;
		int			l;

		de->k.key_off = koff;
		de->k.key_len = klen;
		memcpy((char *) fk_key(&out->k, i), fk_key(&h->k, idx[i]), klen);
		koff += klen;
		for (l = 0; l < FS_NLABELS; l++)
		{
			de->n[l] = se->n[l];
			if (weighted && se->n[l] > 0)
			{
				de->w[l] = fs_fold(se->w[l], se->wc[l]);
				if (de->w[l] < 0.0)
					de->w[l] = 0.0;
			}
		}
		de->unl_sum = se->n[FS_UNLABELED] ? fs_fold(se->unl_sum, se->unl_sum_c) : 0.0;
		for (l = 0; l < 2; l++)
		{
			de->sqerr[l] = se->n[l] ? fs_fold(se->sqerr[l], se->sqerr_c[l]) : 0.0;
			if (de->sqerr[l] < 0.0)
				de->sqerr[l] = 0.0;
		}
		bytes = fs_encode_group(h, idx[i], fk_blob(&out->k) + boff, &nnz, err);
		if (bytes < 0)
		{
			a->release(a->ctx, idx);
			a->release(a->ctx, out);
			return NULL;
		}
		de->blob_off = boff;
		de->blob_len = (uint32_t) bytes;
		de->nnz = nnz;
		boff += (uint32_t) bytes;
		if (weighted && !fs_sum_bin_weights(out, i, de->w, err))
		{
			a->release(a->ctx, idx);
			a->release(a->ctx, out);
			return NULL;
		}
	}
	a->release(a->ctx, idx);
	return out;
}

/* ------------------------------------------------------------------------
 * Building a value from its text or binary form, with every check
 * ------------------------------------------------------------------------
 */
typedef struct FsBounds
{
	double		lo;
	double		hi;
	double		mag;			/* scale of the rounding error */
} FsBounds;

typedef struct FsBuild
{
	const FcAlloc *a;
	FcError    *err;
	FsHeader   *h;
	int64_t		g;				/* current group */
	uint32_t	before;			/* groups before the current one */
	int64_t		prev_bin;
	FsBounds	sq[2];			/* possible squared-error sums */
	FsBounds	unl;			/* possible unlabelled score sum */
} FsBuild;

static bool
fs_within(double v, const FsBounds *b)
{
	double		tol = FS_SUM_TOL * b->mag;

	return v >= b->lo - tol && v <= b->hi + tol;
}

static void
fs_bounds_add(FsBounds *b, double w, double lo, double hi)
{
	b->lo += w * lo;
	b->hi += w * hi;
	b->mag += w * (fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi));
}

/* min and max of (c - s)^2 for s in [lo, hi] */
static void
fs_sq_range(double c, double lo, double hi, double *mn, double *mx)
{
	double		a = (c - lo) * (c - lo);
	double		b = (c - hi) * (c - hi);

	*mx = a > b ? a : b;
	*mn = (lo <= c && c <= hi) ? 0.0 : (a < b ? a : b);
}

static bool
fs_build_start(FsBuild *bld, const FcAlloc *a, int ndims, bool weighted,
			   int64_t nbins, double lower, double upper, FcError *err)
{
	memset(bld, 0, sizeof(*bld));
	bld->a = a;
	bld->err = err;
	if (!fs_check_params(nbins, lower, upper, err))
		return false;
	bld->h = fs_new_scratch(a, ndims, weighted, (uint32_t) nbins, lower,
							upper, err);
	return bld->h != NULL;
}

static void
fs_build_abort(FsBuild *bld)
{
	if (bld->h)
		bld->a->release(bld->a->ctx, bld->h);
	bld->h = NULL;
}

static bool
fs_build_group(FsBuild *bld, const FcPart *parts, int nparts)
{
	FsHeader   *old = bld->h;
	int64_t		g;

	bld->before = bld->h->k.ngroups;
	g = fs_lookup_insert(&bld->h, bld->a, parts, nparts, FC_MAX_GROUPS_HARD,
						 bld->err);
	if (old != bld->h)
		bld->a->release(bld->a->ctx, old);
	if (g < 0)
		return false;
	if ((uint32_t) g < bld->before)
	{
		fk_error(bld->err, FC_ERR_VALUE, "duplicate group in %s value", TN);
		fk_detail(bld->err, "Group number %u repeats an earlier group.",
				  bld->before + 1);
		return false;
	}
	bld->g = g;
	bld->prev_bin = -1;
	memset(bld->sq, 0, sizeof(bld->sq));
	memset(&bld->unl, 0, sizeof(bld->unl));
	return true;
}

/*
 * fs_build_bin
 *		One histogram record of the current group: bin j with counts n,
 *		weights w (NULL if unweighted) and labelled score sum ssum.  Bins in
 *		increasing order, at least one row, weights finite, >= 0 and zero on
 *		empty cells, the score sum possible for scores of this bin.
 */
static bool
fs_build_bin(FsBuild *bld, int64_t j, const int64_t *n, const double *w,
			 double ssum)
{
	FsHeader   *h = bld->h;
	uint32_t	g = (uint32_t) bld->g;
	FsEntry    *e = fs_entry(h, g);
	double		lo,
				hi,
				mass[FS_NLABELS];
	FsBounds	sb;
	int			l;

	if (j < 0 || j >= (int64_t) h->nbins)
	{
		fk_error(bld->err, FC_ERR_VALUE, "bin number %lld is out of range",
				 (long long) j);
		fk_detail(bld->err, "Bins are numbered 0 to %u.", h->nbins - 1);
		return false;
	}
	if (j <= bld->prev_bin)
	{
		fk_error(bld->err, FC_ERR_VALUE,
				 "histogram bins must be listed in increasing order, each once");
		fk_detail(bld->err, "Bin %lld follows bin %lld in group number %u.",
				  (long long) j, (long long) bld->prev_bin, bld->before + 1);
		return false;
	}
	bld->prev_bin = j;
	if (n[0] < 0 || n[1] < 0 || n[2] < 0)
		return fk_error(bld->err, FC_ERR_RANGE, "count must not be negative");
	if (n[0] + (uint64_t) n[1] + (uint64_t) n[2] == 0)
	{
		fk_error(bld->err, FC_ERR_VALUE, "a histogram bin must have at least one row");
		fk_detail(bld->err, "Bin %lld of group number %u has none.", (long long) j,
				  bld->before + 1);
		return false;
	}
	for (l = 0; l < FS_NLABELS; l++)
	{
		if (n[l] > INT64_MAX - e->n[l])
			return fk_error(bld->err, FC_ERR_RANGE, "%s row count out of range", TN);
		mass[l] = (double) n[l];
		if (w != NULL)
		{
			if (!isfinite(w[l]) || w[l] < 0.0)
			{
				fk_error(bld->err, FC_ERR_RANGE,
						 "weight sum must be a finite number >= 0");
				fk_detail(bld->err, "Bin %lld of group number %u has weight %g for label %s.",
						  (long long) j, bld->before + 1, w[l], fs_label_names[l]);
				return false;
			}
			if (n[l] == 0 && w[l] != 0.0)
			{
				fk_error(bld->err, FC_ERR_VALUE,
						 "weight sum is not zero but its count is zero");
				fk_detail(bld->err, "Bin %lld of group number %u, label %s.",
						  (long long) j, bld->before + 1, fs_label_names[l]);
				return false;
			}
			mass[l] = w[l];
		}
	}
	lo = fs_edge(h, (uint32_t) j);
	hi = fs_edge(h, (uint32_t) j + 1);
	memset(&sb, 0, sizeof(sb));
	fs_bounds_add(&sb, mass[FS_TRUE] + mass[FS_FALSE], lo, hi);
	if (!isfinite(ssum) || (n[0] == 0 && n[1] == 0 && ssum != 0.0) ||
		!fs_within(ssum, &sb))
	{
		fk_error(bld->err, FC_ERR_VALUE, "score sum of a histogram bin is not possible");
		fk_detail(bld->err, "Bin %lld of group number %u covers scores in [%.17g, %.17g]; its labelled rows weigh %.17g, so their score sum must lie in [%.17g, %.17g], not %.17g.",
				  (long long) j, bld->before + 1, lo, hi,
				  mass[FS_TRUE] + mass[FS_FALSE], sb.lo, sb.hi, ssum);
		return false;
	}
	for (l = 0; l < 2; l++)
	{
		double		mn,
					mx;

		fs_sq_range(l == FS_TRUE ? 1.0 : 0.0, lo, hi, &mn, &mx);
		fs_bounds_add(&bld->sq[l], mass[l], mn, mx);
	}
	fs_bounds_add(&bld->unl, mass[FS_UNLABELED], lo, hi);
	for (l = 0; l < FS_NLABELS; l++)
	{
		fs_dn(h, g, l)[j] = n[l];
		e->n[l] += n[l];
		if (w != NULL)
		{
			fs_dw(h, g, l)[j] = w[l] == 0.0 ? 0.0 : w[l];	/* never -0 */
			fk_add(&e->w[l], &e->wc[l], w[l]);
			if (!isfinite(e->w[l]))
				return fs_sum_overflow(bld->err);
		}
	}
	fs_dssum(h, g)[j] = ssum == 0.0 ? 0.0 : ssum;
	return true;
}

/* fs_build_group_end: the group-level sums, checked against its bins */
static bool
fs_build_group_end(FsBuild *bld, const double *sqerr, double unl_sum)
{
	FsHeader   *h = bld->h;
	FsEntry    *e = fs_entry(h, (uint32_t) bld->g);
	int64_t		rows;
	int			l;

	if ((uint64_t) e->n[0] + (uint64_t) e->n[1] > (uint64_t) INT64_MAX ||
		(uint64_t) e->n[0] + (uint64_t) e->n[1] + (uint64_t) e->n[2] > (uint64_t) INT64_MAX)
		return fk_error(bld->err, FC_ERR_RANGE, "%s row count out of range", TN);
	rows = e->n[0] + e->n[1] + e->n[2];
	if (rows == 0)
	{
		fk_error(bld->err, FC_ERR_VALUE, "a group must have at least one row");
		fk_detail(bld->err, "The histogram of group number %u is empty.",
				  bld->before + 1);
		return false;
	}
	if (rows > INT64_MAX - h->k.total)
		return fk_error(bld->err, FC_ERR_RANGE, "%s row count out of range", TN);
	for (l = 0; l < 2; l++)
		if (!isfinite(sqerr[l]) || !fs_within(sqerr[l], &bld->sq[l]) ||
			(e->n[l] == 0 && sqerr[l] != 0.0))
		{
			fk_error(bld->err, FC_ERR_VALUE, "squared error sum is not possible");
			fk_detail(bld->err, "For the rows labelled %s of group number %u, whose scores lie in their bins, the sum of %s must lie in [%.17g, %.17g], not %.17g.",
					  fs_label_names[l], bld->before + 1,
					  l == FS_TRUE ? "(1 - score)^2" : "score^2",
					  bld->sq[l].lo, bld->sq[l].hi, sqerr[l]);
			return false;
		}
	if (!isfinite(unl_sum) || !fs_within(unl_sum, &bld->unl) ||
		(e->n[FS_UNLABELED] == 0 && unl_sum != 0.0))
	{
		fk_error(bld->err, FC_ERR_VALUE, "unlabeled score sum is not possible");
		fk_detail(bld->err, "The unlabeled rows of group number %u have scores whose sum must lie in [%.17g, %.17g], not %.17g.",
				  bld->before + 1, bld->unl.lo, bld->unl.hi, unl_sum);
		return false;
	}
	e->sqerr[0] = sqerr[0] == 0.0 ? 0.0 : sqerr[0];
	e->sqerr[1] = sqerr[1] == 0.0 ? 0.0 : sqerr[1];
	e->unl_sum = unl_sum == 0.0 ? 0.0 : unl_sum;
	h->k.total += rows;
	return true;
}

static FsHeader *
fs_build_finish(FsBuild *bld)
{
	FsHeader   *out = fs_canonical(bld->a, bld->h, bld->err);

	fs_build_abort(bld);
	return out;
}

/* ------------------------------------------------------------------------
 * Full check of a canonical value (unit tests, fuzzers)
 * ------------------------------------------------------------------------
 */
bool
fs_check_canonical(const FsHeader *h, size_t size, FcError *err)
{
	uint32_t	i,
				koff = 0,
				boff = 0;
	int64_t		total = 0;
	bool		weighted = fs_is_weighted(h);

	if (!fs_check_header(h, size, err))
		return false;
	if ((h->k.flags & FK_F_SCRATCH) || h->k.capacity != h->k.ngroups ||
		h->k.nbuckets != 0 || h->k.keys_used != h->k.keys_cap ||
		h->k.blob_used != h->k.blob_cap || h->k.last != 0 ||
		!fs_check_params(h->nbins, h->lower, h->upper, err) ||
		(h->lower == 0.0 && signbit(h->lower)) || (h->upper == 0.0 && signbit(h->upper)))
		return fk_error(err, FC_ERR_CORRUPT, "%s value is not in canonical form", TN);
	for (i = 0; i < h->k.ngroups; i++)
	{
		const FsEntry *e = fs_entry(h, i);
		FsBinIter	it;
		FsBin		b;
		int64_t		n[FS_NLABELS] = {0, 0, 0};
		double		w[FS_NLABELS] = {0, 0, 0};
		FsBounds	sq[2],
					unl;
		int			r,
					l;
		uint32_t	nnz = 0;

		if (e->k.key_off != koff || e->k.key_len > h->k.keys_used - koff ||
			e->k.hash != 0 || e->k.pad != 0 || e->pad != 0 ||
			e->blob_off != boff || e->blob_len > h->k.blob_used - boff ||
			e->unl_sum_c != 0.0 || e->sqerr_c[0] != 0.0 || e->sqerr_c[1] != 0.0 ||
			e->wc[0] != 0.0 || e->wc[1] != 0.0 || e->wc[2] != 0.0 ||
			/* +0 bit for bit: they are not in the text */
			signbit(e->unl_sum_c) || signbit(e->sqerr_c[0]) || signbit(e->sqerr_c[1]) ||
			signbit(e->wc[0]) || signbit(e->wc[1]) || signbit(e->wc[2]))
			return fk_error(err, FC_ERR_CORRUPT, "%s entry is malformed", TN);
		if (i > 0 && fk_key_cmp(fk_key(&h->k, i - 1), fk_key_len(&h->k, i - 1),
								fk_key(&h->k, i), e->k.key_len, h->k.ndims) >= 0)
			return fk_error(err, FC_ERR_CORRUPT, "%s groups are not strictly ordered", TN);
		if (!fk_names_ok(&h->k, i))
			return fk_error(err, FC_ERR_CORRUPT, "%s group name is malformed", TN);
		koff += e->k.key_len;
		boff += e->blob_len;
		memset(sq, 0, sizeof(sq));
		memset(&unl, 0, sizeof(unl));
		fs_iter_init(&it, h, i);
		while ((r = fs_iter_next(&it, &b, err)) > 0)
		{
			FsBounds	sb;
			double		lo = fs_edge(h, b.j),
						hi = fs_edge(h, b.j + 1),
						mn,
						mx;

			nnz++;
			if (b.n[0] == 0 && b.n[1] == 0 && b.n[2] == 0)
				return fk_error(err, FC_ERR_CORRUPT, "%s has an empty bin", TN);
			for (l = 0; l < FS_NLABELS; l++)
			{
				if (b.n[l] > INT64_MAX - n[l])
					return fk_error(err, FC_ERR_CORRUPT, "%s label totals mismatch", TN);
				n[l] += b.n[l];
				w[l] += b.w[l];
				if ((b.n[l] == 0 && b.w[l] != 0.0) || signbit(b.w[l]))
					return fk_error(err, FC_ERR_CORRUPT, "%s weight on an empty cell", TN);
			}
			/* the sums the input functions accept (fs_build_bin) */
			memset(&sb, 0, sizeof(sb));
			fs_bounds_add(&sb, b.w[FS_TRUE] + b.w[FS_FALSE], lo, hi);
			if (!isfinite(b.ssum) || (b.ssum == 0.0 && signbit(b.ssum)) ||
				(b.n[0] == 0 && b.n[1] == 0 && b.ssum != 0.0) ||
				!fs_within(b.ssum, &sb))
				return fk_error(err, FC_ERR_CORRUPT, "%s score sum of a bin is not possible", TN);
			for (l = 0; l < 2; l++)
			{
				fs_sq_range(l == FS_TRUE ? 1.0 : 0.0, lo, hi, &mn, &mx);
				fs_bounds_add(&sq[l], b.w[l], mn, mx);
			}
			fs_bounds_add(&unl, b.w[FS_UNLABELED], lo, hi);
		}
		if (r < 0)
			return false;
		/* the group sums the input functions accept (fs_build_group_end) */
		for (l = 0; l < 2; l++)
			if (!isfinite(e->sqerr[l]) || signbit(e->sqerr[l]) ||
				!fs_within(e->sqerr[l], &sq[l]) || (e->n[l] == 0 && e->sqerr[l] != 0.0))
				return fk_error(err, FC_ERR_CORRUPT, "%s squared error sum is not possible", TN);
		if (!isfinite(e->unl_sum) || (e->unl_sum == 0.0 && signbit(e->unl_sum)) ||
			!fs_within(e->unl_sum, &unl) || (e->n[FS_UNLABELED] == 0 && e->unl_sum != 0.0))
			return fk_error(err, FC_ERR_CORRUPT, "%s unlabeled score sum is not possible", TN);
		if (nnz != e->nnz)
			return fk_error(err, FC_ERR_CORRUPT, "%s bin count mismatch", TN);
		for (l = 0; l < FS_NLABELS; l++)
		{
			if (n[l] != e->n[l])
				return fk_error(err, FC_ERR_CORRUPT, "%s label totals mismatch", TN);
			if (!weighted && (e->w[l] != 0.0 || signbit(e->w[l])))
				return fk_error(err, FC_ERR_CORRUPT, "%s has weights but is unweighted", TN);
		}
		if (weighted)
		{
			double		ws[FS_NLABELS];

			if (!fs_sum_bin_weights(h, i, ws, err))
				return false;
			for (l = 0; l < FS_NLABELS; l++)
				if (ws[l] != e->w[l] || (e->w[l] == 0.0 && signbit(e->w[l])))
					return fk_error(err, FC_ERR_CORRUPT, "%s weight totals mismatch", TN);
		}
		if (n[0] == 0 && n[1] == 0 && n[2] == 0)
			return fk_error(err, FC_ERR_CORRUPT, "%s has an empty group", TN);
		if ((uint64_t) n[0] + (uint64_t) n[1] + (uint64_t) n[2] > (uint64_t) (INT64_MAX - total))
			return fk_error(err, FC_ERR_CORRUPT, "%s totals are inconsistent", TN);
		total += n[0] + n[1] + n[2];
	}
	if (koff != h->k.keys_used || boff != h->k.blob_used || total != h->k.total)
		return fk_error(err, FC_ERR_CORRUPT, "%s totals are inconsistent", TN);
	/* the padding after the keys and after the blob is zero */
	{
		const unsigned char *p = h->k.ngroups == 0 ? fk_blob(&h->k) :
			(const unsigned char *) fk_key(&h->k, h->k.ngroups - 1) +
			fk_key_len(&h->k, h->k.ngroups - 1);

		for (; p < fk_blob(&h->k); p++)
			if (*p != 0)
				return fk_error(err, FC_ERR_CORRUPT, "%s padding is not zero", TN);
		for (p = fk_blob(&h->k) + h->k.blob_used; p < (const unsigned char *) h + size; p++)
			if (*p != 0)
				return fk_error(err, FC_ERR_CORRUPT, "%s padding is not zero", TN);
	}
	return true;
}

/* ------------------------------------------------------------------------
 * Text form (JSON)
 *
 * {"version":1,"attributes":1,"weighted":false,"bins":1000,"lower":0,
 *  "upper":1,"groups":[{"group":"a","squared_error":[ET,EF],
 *  "unlabeled_score_sum":U,"histogram":[[BIN,T,F,U,SSUM],...]}]}
 *
 * weighted histogram records: [BIN,T,F,U,WT,WF,WU,SSUM]
 * ------------------------------------------------------------------------
 */
char *
fs_format_text(const FcAlloc *a, const FsHeader *h, size_t *len, FcError *err)
{
	FkBuf		b;
	const FsHeader *c = h;
	FsHeader   *canon = NULL;
	bool		weighted = fs_is_weighted(h);
	uint32_t	i;

	if (h->k.flags & FK_F_SCRATCH)
	{
		canon = fs_canonical(a, h, err);
		if (canon == NULL)
			return NULL;
		c = canon;
	}
	memset(&b, 0, sizeof(b));
	b.a = a;
	fk_buf_printf(&b, "{\"version\":%d,\"attributes\":%d,\"weighted\":%s,\"bins\":%u,\"lower\":",
				  FS_FORMAT_VERSION, (int) c->k.ndims,
				  weighted ? "true" : "false", c->nbins);
	fk_buf_double(&b, c->lower);
	fk_buf_puts(&b, ",\"upper\":");
	fk_buf_double(&b, c->upper);
	fk_buf_puts(&b, ",\"groups\":[");
	for (i = 0; i < c->k.ngroups && !b.failed; i++)
	{
		const FsEntry *e = fs_entry(c, i);
		FsBinIter	it;
		FsBin		bin;
		int			r,
					l;
		bool		first = true;

		fk_buf_puts(&b, i ? ",{\"group\":" : "{\"group\":");
		if (!fk_buf_json_key(&b, fk_key(&c->k, i), e->k.key_len, c->k.ndims))
			b.failed = true;
		fk_buf_puts(&b, ",\"squared_error\":[");
		fk_buf_double(&b, e->sqerr[0]);
		fk_buf_puts(&b, ",");
		fk_buf_double(&b, e->sqerr[1]);
		fk_buf_puts(&b, "],\"unlabeled_score_sum\":");
		fk_buf_double(&b, e->unl_sum);
		fk_buf_puts(&b, ",\"histogram\":[");
		fs_iter_init(&it, c, i);
		while ((r = fs_iter_next(&it, &bin, err)) > 0)
		{
			fk_buf_printf(&b, "%s[%u,%lld,%lld,%lld,", first ? "" : ",", bin.j,
						  (long long) bin.n[0], (long long) bin.n[1],
						  (long long) bin.n[2]);
			if (weighted)
				for (l = 0; l < FS_NLABELS; l++)
				{
					fk_buf_double(&b, bin.w[l]);
					fk_buf_puts(&b, ",");
				}
			fk_buf_double(&b, bin.ssum);
			fk_buf_puts(&b, "]");
			first = false;
		}
		if (r < 0)
		{
			fk_buf_release(&b);
			if (canon)
				a->release(a->ctx, canon);
			return NULL;
		}
		fk_buf_puts(&b, "]}");
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

static const char *const fs_root_keys[] = {
	"version", "attributes", "weighted", "bins", "lower", "upper", "groups"
};
static const char *const fs_group_keys[] = {
	"group", "squared_error", "unlabeled_score_sum", "histogram"
};

/* fs_json_group: one element of "groups" into the builder */
static bool
fs_json_group(FkJson *j, FsBuild *bld, const FkJsonNode *gn, uint32_t gno)
{
	const FkJsonNode *f[4];
	FcPart		parts[FC_MAX_DIMS];
	double		sq[2] = {0.0, 0.0};
	double		unl = 0.0;
	bool		weighted = fs_is_weighted(bld->h);
	const FkJsonNode *rec;

	if (!fkj_fields(j, gn, fs_group_keys, 4, f, "a group"))
		return false;
	if (f[0] == NULL)
		return fkj_fail(j, "Every group needs a \"group\" key.");
	if (f[3] == NULL)
		return fkj_fail(j, "Every group needs a \"histogram\" key.");
	if (!fkj_key(j, f[0], bld->h->k.ndims, parts))
		return false;
	if (!fs_build_group(bld, parts, bld->h->k.ndims))
		return false;
	if (f[1] != NULL)
	{
		const FkJsonNode *x;

		if (f[1]->kind != FKJ_ARRAY || f[1]->count != 2)
			return fkj_fail(j, "\"squared_error\" must be an array of two numbers.");
		x = fkj_first(j, f[1]);
		if (!fkj_double(j, x, "squared_error", &sq[0]) ||
			!fkj_double(j, fkj_next(j, x), "squared_error", &sq[1]))
			return false;
	}
	if (f[2] != NULL && !fkj_double(j, f[2], "unlabeled_score_sum", &unl))
		return false;
	if (f[3]->kind != FKJ_ARRAY)
		return fkj_fail(j, "\"histogram\" must be an array of bins.");
	for (rec = fkj_first(j, f[3]); rec != NULL; rec = fkj_next(j, rec))
	{
		const FkJsonNode *x;
		int64_t		bin,
					n[FS_NLABELS];
		double		w[FS_NLABELS],
					ssum;
		int			l;

		if (rec->kind != FKJ_ARRAY || rec->count != (weighted ? 8u : 5u))
		{
			fkj_fail(j, NULL);
			fk_detail(bld->err, weighted ?
					  "Each histogram bin of a weighted summary is [bin, count true, count false, count unlabeled, weight true, weight false, weight unlabeled, score sum] (group number %u)." :
					  "Each histogram bin is [bin, count true, count false, count unlabeled, score sum] (group number %u).",
					  gno);
			return false;
		}
		x = fkj_first(j, rec);
		if (!fkj_count(j, x, "bin", &bin))
			return false;
		for (l = 0; l < FS_NLABELS; l++)
		{
			x = fkj_next(j, x);
			if (!fkj_count(j, x, "count", &n[l]))
				return false;
		}
		if (weighted)
			for (l = 0; l < FS_NLABELS; l++)
			{
				x = fkj_next(j, x);
				if (!fkj_double(j, x, "weight", &w[l]))
					return false;
			}
		x = fkj_next(j, x);
		if (!fkj_double(j, x, "score sum", &ssum))
			return false;
		if (!fs_build_bin(bld, bin, n, weighted ? w : NULL, ssum))
			return false;
	}
	return fs_build_group_end(bld, sq, unl);
}

FsHeader *
fs_parse_text(const FcAlloc *a, const char *s, size_t len,
			  bool ascii_escapes_only, FcError *err)
{
	FkJson		j;
	const FkJsonNode *f[7];
	const FkJsonNode *gn;
	int64_t		version,
				attributes,
				nbins;
	double		lower,
				upper;
	FsBuild		bld;
	FsHeader   *out = NULL;
	uint32_t	gno = 0;

	memset(&bld, 0, sizeof(bld));
	if (!fkj_parse(&j, a, s, len, ascii_escapes_only, TN, err))
	{
		fkj_release(&j);
		return NULL;
	}
	if (!fkj_fields(&j, &j.nodes[0], fs_root_keys, 7, f, "the summary"))
		goto done;
	if (f[0] == NULL || f[1] == NULL || f[3] == NULL || f[4] == NULL ||
		f[5] == NULL || f[6] == NULL)
	{
		fkj_fail(&j, "The keys \"version\", \"attributes\", \"bins\", \"lower\", \"upper\" and \"groups\" are required.");
		goto done;
	}
	if (!fkj_count(&j, f[0], "version", &version))
		goto done;
	if (version != FS_FORMAT_VERSION)
	{
		fk_error(err, FC_ERR_VALUE, "unsupported %s format version %lld", TN,
				 (long long) version);
		fk_detail(err, "This release reads format version %d.", FS_FORMAT_VERSION);
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
	if (!fkj_count(&j, f[3], "bins", &nbins) ||
		!fkj_double(&j, f[4], "lower", &lower) ||
		!fkj_double(&j, f[5], "upper", &upper))
		goto done;
	if (f[6]->kind != FKJ_ARRAY)
	{
		fkj_fail(&j, "\"groups\" must be an array.");
		goto done;
	}
	if (!fs_build_start(&bld, a, (int) attributes,
						f[2] != NULL && f[2]->kind == FKJ_TRUE, nbins, lower,
						upper, err))
		goto done;
	for (gn = fkj_first(&j, f[6]); gn != NULL; gn = fkj_next(&j, gn))
		if (!fs_json_group(&j, &bld, gn, ++gno))
		{
			fs_build_abort(&bld);
			goto done;
		}
	out = fs_build_finish(&bld);
done:
	fkj_release(&j);
	return out;
}

/* ------------------------------------------------------------------------
 * Binary form (send/recv), network byte order:
 *
 *	uint8 version, uint8 flags (bit 0: weighted), uint16 attributes,
 *	uint32 bins, float8 lower, float8 upper, uint32 groups; per group:
 *		per attribute an int32 length (-1 = NULL) and the bytes,
 *		float8 squared error (true), float8 squared error (false),
 *		float8 unlabeled score sum, uint32 number of bins listed; per bin:
 *			uint32 bin, int64 counts true, false, unlabeled,
 *			[float8 weights true, false, unlabeled, if weighted],
 *			float8 score sum.
 * ------------------------------------------------------------------------
 */
uint8_t *
fs_encode_binary(const FcAlloc *a, const FsHeader *h, size_t *len,
				 FcError *err)
{
	FkBuf		b;
	const FsHeader *c = h;
	FsHeader   *canon = NULL;
	bool		weighted = fs_is_weighted(h);
	uint32_t	i;

	if (h->k.flags & FK_F_SCRATCH)
	{
		canon = fs_canonical(a, h, err);
		if (canon == NULL)
			return NULL;
		c = canon;
	}
	memset(&b, 0, sizeof(b));
	b.a = a;
	fk_buf_be(&b, FS_FORMAT_VERSION, 1);
	fk_buf_be(&b, weighted ? 1 : 0, 1);
	fk_buf_be(&b, c->k.ndims, 2);
	fk_buf_be(&b, c->nbins, 4);
	fk_buf_be_double(&b, c->lower);
	fk_buf_be_double(&b, c->upper);
	fk_buf_be(&b, c->k.ngroups, 4);
	for (i = 0; i < c->k.ngroups && !b.failed; i++)
	{
		const FsEntry *e = fs_entry(c, i);
		FsBinIter	it;
		FsBin		bin;
		int			r,
					l;

		fk_buf_be_key(&b, fk_key(&c->k, i), e->k.key_len, c->k.ndims);
		fk_buf_be_double(&b, e->sqerr[0]);
		fk_buf_be_double(&b, e->sqerr[1]);
		fk_buf_be_double(&b, e->unl_sum);
		fk_buf_be(&b, e->nnz, 4);
		fs_iter_init(&it, c, i);
		while ((r = fs_iter_next(&it, &bin, err)) > 0)
		{
			fk_buf_be(&b, bin.j, 4);
			for (l = 0; l < FS_NLABELS; l++)
				fk_buf_be(&b, (uint64_t) bin.n[l], 8);
			if (weighted)
				for (l = 0; l < FS_NLABELS; l++)
					fk_buf_be_double(&b, bin.w[l]);
			fk_buf_be_double(&b, bin.ssum);
		}
		if (r < 0)
			b.failed = true;
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

static FsHeader *
fs_binary_fail(FsBuild *bld, FcError *err, const char *what, size_t pos)
{
	fs_build_abort(bld);
	fk_error(err, FC_ERR_BINARY, "invalid binary representation of %s", TN);
	fk_detail(err, "%s at byte %zu.", what, pos);
	return NULL;
}

FsHeader *
fs_decode_binary(const FcAlloc *a, const uint8_t *buf, size_t len,
				 FcError *err)
{
	FkReader	r = {buf, len, 0};
	uint64_t	version,
				flags,
				ndims,
				nbins,
				ngroups,
				i;
	double		lower,
				upper;
	FsBuild		bld;
	bool		weighted;

	memset(&bld, 0, sizeof(bld));
	if (!fk_rd_be(&r, 1, &version) || !fk_rd_be(&r, 1, &flags) ||
		!fk_rd_be(&r, 2, &ndims) || !fk_rd_be(&r, 4, &nbins) ||
		!fk_rd_double(&r, &lower) || !fk_rd_double(&r, &upper) ||
		!fk_rd_be(&r, 4, &ngroups))
		return fs_binary_fail(&bld, err, "Truncated header", r.pos);
	if (version != FS_FORMAT_VERSION)
	{
		fk_error(err, FC_ERR_BINARY, "unsupported %s format version %u", TN,
				 (unsigned) version);
		return NULL;
	}
	if ((flags & ~1u) != 0)
		return fs_binary_fail(&bld, err, "Unknown flags", 1);
	if (ndims < 1 || ndims > FC_MAX_DIMS)
		return fs_binary_fail(&bld, err, "Number of attributes out of range", 2);
	weighted = (flags & 1) != 0;
	/* each group takes at least 4 * ndims + 28 bytes: bound before allocating */
	if (ngroups > FC_MAX_GROUPS_HARD ||
		ngroups > (len - r.pos) / (4 * ndims + 28))
		return fs_binary_fail(&bld, err, "Number of groups does not fit the data", 24);
	if (!fs_build_start(&bld, a, (int) ndims, weighted, (int64_t) nbins, lower,
						upper, err))
		return NULL;
	for (i = 0; i < ngroups; i++)
	{
		FcPart		parts[FC_MAX_DIMS];
		double		sq[2],
					unl;
		uint64_t	nnz,
					k;

		if (!fk_rd_key(&r, (int) ndims, parts, TN, err))
		{
			fs_build_abort(&bld);
			return NULL;
		}
		if (!fk_rd_double(&r, &sq[0]) || !fk_rd_double(&r, &sq[1]) ||
			!fk_rd_double(&r, &unl) || !fk_rd_be(&r, 4, &nnz))
			return fs_binary_fail(&bld, err, "Truncated group", r.pos);
		if (nnz > (len - r.pos) / 36)
			return fs_binary_fail(&bld, err, "Number of bins does not fit the data", r.pos - 4);
		if (!fs_build_group(&bld, parts, (int) ndims))
		{
			fs_build_abort(&bld);
			return NULL;
		}
		for (k = 0; k < nnz; k++)
		{
			uint64_t	bin,
						v;
			int64_t		n[FS_NLABELS];
			double		w[FS_NLABELS],
						ssum;
			int			l;

			if (!fk_rd_be(&r, 4, &bin))
				return fs_binary_fail(&bld, err, "Truncated bin", r.pos);
			for (l = 0; l < FS_NLABELS; l++)
			{
				if (!fk_rd_be(&r, 8, &v))
					return fs_binary_fail(&bld, err, "Truncated bin", r.pos);
				n[l] = (int64_t) v;
			}
			if (weighted)
				for (l = 0; l < FS_NLABELS; l++)
					if (!fk_rd_double(&r, &w[l]))
						return fs_binary_fail(&bld, err, "Truncated bin", r.pos);
			if (!fk_rd_double(&r, &ssum))
				return fs_binary_fail(&bld, err, "Truncated bin", r.pos);
			if (!fs_build_bin(&bld, (int64_t) bin, n, weighted ? w : NULL, ssum))
			{
				fs_build_abort(&bld);
				return NULL;
			}
		}
		if (!fs_build_group_end(&bld, sq, unl))
		{
			fs_build_abort(&bld);
			return NULL;
		}
	}
	if (r.pos != len)
		return fs_binary_fail(&bld, err, "Trailing bytes", r.pos);
	return fs_build_finish(&bld);
}
