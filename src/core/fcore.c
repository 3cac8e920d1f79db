/*-------------------------------------------------------------------------
 *
 * fcore.c
 *	  The fairness.confusion summary: layout, keys, growth, merge, canonical
 *	  form (its text (JSON) and binary forms are in fcore_io.c).  No
 *	  PostgreSQL header: see fcore.h.
 *
 * Every function that can fail reports through FcError and leaves its
 * inputs untouched (or, for in-place updates, in a valid state).
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fcore.h"
#include "fkindex.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const fc_cell_names[FC_NCELLS] = {
	"tp",						/* FC_TP */
	"fn",						/* FC_FN */
	"label_true_pred_null",		/* FC_TU */
	"fp",						/* FC_FP */
	"tn",						/* FC_TN */
	"label_false_pred_null",	/* FC_FU */
	"label_null_pred_true",		/* FC_UP */
	"label_null_pred_false",	/* FC_UN */
	"label_null_pred_null"		/* FC_UU */
};


/* ------------------------------------------------------------------------
 * Layout
 * ------------------------------------------------------------------------
 */

/* bytes of the compensation array: present only in weighted scratch values */
static bool
fc_has_comp(const FcHeader *h)
{
	return (h->flags & FC_F_WEIGHTED) && (h->flags & FC_F_SCRATCH);
}

/*
 * fc_layout_size
 *		Total bytes for a given shape, computed in 64 bits; returns 0 when it
 *		would exceed FC_MAX_BYTES (callers report FC_ERR_LIMIT).
 */
static uint64_t
fc_layout_size(uint64_t capacity, bool weighted, bool comp,
			   uint64_t nbuckets, uint64_t keys_cap)
{
	uint64_t	sz = sizeof(FcHeader);

	if (capacity > FC_MAX_BYTES || nbuckets > FC_MAX_BYTES ||
		keys_cap > FC_MAX_BYTES)
		return 0;
	sz += capacity * sizeof(FcEntry);
	if (weighted)
		sz += capacity * FC_NCELLS * sizeof(double);
	if (comp)
		sz += capacity * FC_NCELLS * sizeof(double);
	sz += nbuckets * sizeof(uint32_t);
	sz += keys_cap;
	if (sz > FC_MAX_BYTES)
		return 0;
	return sz;
}

static size_t
fc_off_weights(const FcHeader *h)
{
	return sizeof(FcHeader) + (size_t) h->capacity * sizeof(FcEntry);
}

static size_t
fc_off_comp(const FcHeader *h)
{
	return fc_off_weights(h) +
		((h->flags & FC_F_WEIGHTED) ?
		 (size_t) h->capacity * FC_NCELLS * sizeof(double) : 0);
}

static size_t
fc_off_buckets(const FcHeader *h)
{
	return fc_off_comp(h) +
		(fc_has_comp(h) ? (size_t) h->capacity * FC_NCELLS * sizeof(double) : 0);
}

static size_t
fc_off_keys(const FcHeader *h)
{
	return fc_off_buckets(h) + (size_t) h->nbuckets * sizeof(uint32_t);
}

/*
 * fc_ent, fc_wts
 *		Inline versions of fc_entries and fc_weights for the per-row paths of
 *		this file: the exported functions are called through the PLT when
 *		built as position-independent code, even from this file.
 */
static inline FcEntry *
fc_ent(const FcHeader *h)
{
	return (FcEntry *) ((char *) h + sizeof(FcHeader));
}

static inline double *
fc_wts(const FcHeader *h)
{
	return (h->flags & FC_F_WEIGHTED) ?
		(double *) ((char *) h + fc_off_weights(h)) : NULL;
}

/* fc_size: total bytes of a value (what VARSIZE must say). */
size_t
fc_size(const FcHeader *h)
{
	return fc_off_keys(h) + h->keys_cap;
}

FcEntry *
fc_entries(const FcHeader *h)
{
	return fc_ent(h);
}

double *
fc_weights(const FcHeader *h)
{
	return fc_wts(h);
}

static double *
fc_comp(const FcHeader *h)
{
	return fc_has_comp(h) ? (double *) ((char *) h + fc_off_comp(h)) : NULL;
}

static uint32_t *
fc_buckets(const FcHeader *h)
{
	return (uint32_t *) ((char *) h + fc_off_buckets(h));
}

static char *
fc_keys(const FcHeader *h)
{
	return (char *) h + fc_off_keys(h);
}

/* fc_key: the encoded key of group i. */
const char *
fc_key(const FcHeader *h, uint32_t i)
{
	return fc_keys(h) + fc_entries(h)[i].k.key_off;
}

bool
fc_is_weighted(const FcHeader *h)
{
	return (h->flags & FC_F_WEIGHTED) != 0;
}

/*
 * fc_check_header
 *		O(1) sanity check of a value of `size` bytes: known version and flags,
 *		consistent section sizes.  Run on every value read from storage so a
 *		value written by a future release (or damaged) is refused cleanly.
 */
bool
fc_check_header(const FcHeader *h, size_t size, FcError *err)
{
	uint64_t	expect;

	if (size < sizeof(FcHeader))
		return fk_error(err, FC_ERR_CORRUPT,
						"fairness.confusion value is truncated");
	if (h->version != FC_FORMAT_VERSION)
	{
		fk_error(err, FC_ERR_CORRUPT,
				 "unsupported fairness.confusion format version %u",
				 (unsigned) h->version);
		fk_detail(err, "This release reads format version %d.",
				  FC_FORMAT_VERSION);
		fk_hint(err, "The value was written by a newer release of the fairness extension: update the extension.");
		return false;
	}
	if ((h->flags & ~FC_F_KNOWN) != 0 || h->ndims < 1 ||
		h->ndims > FC_MAX_DIMS || h->ngroups > h->capacity ||
		h->keys_used > h->keys_cap ||
		(h->nbuckets & (h->nbuckets - 1)) != 0)
		return fk_error(err, FC_ERR_CORRUPT,
						"fairness.confusion value is corrupted");
	expect = fc_layout_size(h->capacity, h->flags & FC_F_WEIGHTED,
							fc_has_comp(h), h->nbuckets, h->keys_cap);
	if (expect == 0 || expect != size)
		return fk_error(err, FC_ERR_CORRUPT,
						"fairness.confusion value is corrupted");
	return true;
}

/* ------------------------------------------------------------------------
 * Keys
 * ------------------------------------------------------------------------
 */

/* ------------------------------------------------------------------------
 * Building and growth
 * ------------------------------------------------------------------------
 */

static FcHeader *
fc_alloc_value(const FcAlloc *a, uint64_t size, FcError *err)
{
	FcHeader   *h;

	if (size == 0 || size > FC_MAX_BYTES)
	{
		fk_error(err, FC_ERR_LIMIT, "fairness.confusion value would exceed 1 GB");
		fk_hint(err, "Use fewer groups or shorter group names.");
		return NULL;
	}
	h = a->alloc(a->ctx, (size_t) size);
	if (h == NULL)
		fk_error(err, FC_ERR_NOMEM, "out of memory");
	return h;
}

/*
 * fc_relayout
 *		Copy h into a new scratch buffer with at least the given capacity and
 *		key bytes; rebuild the hash index.  Compensation terms are kept (or
 *		started at zero when h was canonical).
 */
static FcHeader *
fc_relayout(const FcAlloc *a, const FcHeader *h, uint64_t capacity,
			uint64_t keys_cap, FcError *err)
{
	bool		weighted = (h->flags & FC_F_WEIGHTED) != 0;
	uint32_t	nb;
	uint64_t	size;
	FcHeader   *n;

	if (capacity > FC_MAX_GROUPS_HARD)
		capacity = FC_MAX_GROUPS_HARD;
	if (capacity < h->ngroups)
		capacity = h->ngroups;
	nb = fk_nbuckets_for((uint32_t) capacity);
	size = fc_layout_size(capacity, weighted, weighted, nb, keys_cap);
	n = fc_alloc_value(a, size, err);
	if (n == NULL)
		return NULL;
	memcpy(n, h, sizeof(FcHeader));
	n->flags = h->flags | FC_F_SCRATCH;
	n->capacity = (uint32_t) capacity;
	n->nbuckets = nb;
	n->keys_cap = (uint32_t) keys_cap;
	memcpy(fc_entries(n), fc_entries(h), (size_t) h->ngroups * sizeof(FcEntry));
	if (weighted)
	{
		memcpy(fc_weights(n), fc_weights(h),
			   (size_t) h->ngroups * FC_NCELLS * sizeof(double));
		if (fc_has_comp(h))
			memcpy(fc_comp(n), fc_comp(h),
				   (size_t) h->ngroups * FC_NCELLS * sizeof(double));
	}
	memcpy(fc_keys(n), fc_keys(h), h->keys_used);
	fk_index_rebuild(&fc_ent(n)->k, sizeof(FcEntry), fc_keys(n), n->ngroups,
					 fc_buckets(n), nb);
	if (n->last >= n->ngroups)
		n->last = 0;
	return n;
}

/* fc_new_scratch: an empty aggregate state. */
FcHeader *
fc_new_scratch(const FcAlloc *a, int ndims, bool weighted, FcError *err)
{
	FcHeader	proto;

	if (ndims < 1 || ndims > FC_MAX_DIMS)
	{
		fk_error(err, FC_ERR_LIMIT,
				 "a group key must have between 1 and %d attributes",
				 FC_MAX_DIMS);
		fk_detail(err, "It has %d.", ndims);
		return NULL;
	}
	memset(&proto, 0, sizeof(proto));
	proto.version = FC_FORMAT_VERSION;
	proto.flags = FC_F_SCRATCH | (weighted ? FC_F_WEIGHTED : 0);
	proto.ndims = (uint16_t) ndims;
	return fc_relayout(a, &proto, 4, 64, err);
}

/* fc_to_scratch: a scratch copy of any value, ready for in-place updates. */
FcHeader *
fc_to_scratch(const FcAlloc *a, const FcHeader *src, FcError *err)
{
	uint64_t	cap = src->ngroups < 4 ? 4 : src->ngroups;

	return fc_relayout(a, src, cap, src->keys_used < 64 ? 64 : src->keys_used,
					   err);
}

/* fc_find_parts: the group with these parts, or -1 (fk_index_find) */
static FK_ALWAYS_INLINE int64_t
fc_find_parts(const FcHeader *h, const FcPart *parts, int nparts)
{
	return fk_index_find(&fc_ent(h)->k, sizeof(FcEntry), fc_keys(h),
						 fc_buckets(h), h->nbuckets, h->ngroups, parts, nparts);
}

/*
 * fc_find_key
 *		Index of the group whose encoded key is exactly `key`, or -1.  Binary
 *		search on canonical values, hash or scan on scratch ones.
 */
int64_t
fc_find_key(const FcHeader *h, const char *key, uint32_t key_len)
{
	return fk_index_find_key(&fc_ent(h)->k, sizeof(FcEntry), fc_keys(h),
							 fc_buckets(h), h->nbuckets, h->ngroups,
							 (h->flags & FC_F_SCRATCH) != 0, h->ndims, key,
							 key_len);
}

/*
 * fc_insert_group
 *		The slow half of fc_lookup_insert: append a group that is not there
 *		yet, growing the value when needed.  Kept out of line so that the
 *		per-row half stays small enough to inline.
 */
static int64_t
fc_insert_group(FcHeader **ph, const FcAlloc *a, const FcPart *parts,
				int nparts, int64_t max_groups, FcError *err)
{
	FcHeader   *h = *ph;
	FcEntry    *e;
	uint32_t	klen;
	uint32_t	i;

	if (!fk_check_parts(parts, nparts, err))
		return -1;
	if ((int64_t) h->ngroups >= max_groups ||
		h->ngroups >= FC_MAX_GROUPS_HARD)
	{
		fk_error(err, FC_ERR_TOO_MANY_GROUPS,
				 "too many groups in fairness.confusion");
		fk_detail(err, "The summary already has %u groups; the limit fairness.max_groups is %lld.",
				  h->ngroups, (long long) max_groups);
		fk_hint(err, "The group column looks like an identifier: group by a protected attribute such as gender, or raise fairness.max_groups.");
		return -1;
	}
	klen = fk_key_len_parts(parts, nparts);
	if (h->ngroups == h->capacity || h->keys_cap - h->keys_used < klen)
	{
		uint64_t	cap = h->capacity;
		uint64_t	kcap = h->keys_cap;
		FcHeader   *n;

		if (h->ngroups == h->capacity)
			cap = cap * 2;
		while (kcap - h->keys_used < klen)
			kcap = kcap * 2;
		n = fc_relayout(a, h, cap, kcap, err);
		if (n == NULL)
			return -1;
		*ph = h = n;
	}
	i = h->ngroups++;
	e = &fc_entries(h)[i];
	memset(e, 0, sizeof(FcEntry));
	e->k.key_off = h->keys_used;
	e->k.key_len = klen;
	fk_key_encode(fc_keys(h) + e->k.key_off, parts, nparts);
	h->keys_used += klen;
	e->k.hash = fk_hash_parts(parts, nparts);
	if (h->nbuckets)
		fk_bucket_put(fc_buckets(h), h->nbuckets, fc_ent(h)[i].k.hash, i);
	h->last = i;
	return i;
}

/*
 * fc_lookup_group
 *		Group index for the key parts, appending a new group when absent
 *		(fc_lookup_insert, inlined into it and into fc_count_row).
 *		The last group hit is tried first: decision logs often arrive in runs
 *		of the same group, and with few groups this makes the lookup one
 *		comparison.
 */
static FK_ALWAYS_INLINE int64_t
fc_lookup_group(FcHeader **ph, const FcAlloc *a, const FcPart *parts,
				int nparts, int64_t max_groups, FcError *err)
{
	FcHeader   *h = *ph;
	FcEntry    *e;
	int64_t		found;

	if (FK_UNLIKELY(!(h->flags & FC_F_SCRATCH)))
	{
		fk_error(err, FC_ERR_CORRUPT,
				 "fairness.confusion value is not an aggregate state");
		return -1;
	}
	if (FK_UNLIKELY(nparts != h->ndims))
	{
		fk_error(err, FC_ERR_MISMATCH,
				 "group keys of one summary must all have the same number of attributes");
		fk_detail(err, "The summary has %d attributes per group; this row has %d.",
				  (int) h->ndims, nparts);
		return -1;
	}
	if (FK_LIKELY(h->ngroups > 0))
	{
		e = &fc_ent(h)[h->last];
		if (fk_key_equals_parts(fc_keys(h) + e->k.key_off, e->k.key_len,
								parts, nparts))
			return h->last;
		found = fc_find_parts(h, parts, nparts);
		if (found >= 0)
		{
			h->last = (uint32_t) found;
			return found;
		}
	}
	return fc_insert_group(ph, a, parts, nparts, max_groups, err);
}

/* fc_lookup_insert: see fcore.h and fc_lookup_group */
int64_t
fc_lookup_insert(FcHeader **ph, const FcAlloc *a, const FcPart *parts,
				 int nparts, int64_t max_groups, FcError *err)
{
	return fc_lookup_group(ph, a, parts, nparts, max_groups, err);
}

/*
 * fc_add_weight
 *		Neumaier-compensated addition of x to the weight sum of a cell, so
 *		that long sums (and sums with rows removed again by a moving window)
 *		stay correct to the last bit in ordinary data.
 */
static void
fc_add_weight(double *sum, double *comp, double x)
{
	double		s = *sum;
	double		t = s + x;

	if (fabs(s) >= fabs(x))
		*comp += (s - t) + x;
	else
		*comp += (x - t) + s;
	*sum = t;
}

/*
 * fc_add_one
 *		Count one row of weight w in cell `cell` of group g (fc_add_row,
 *		inlined into it and into fc_count_row).
 */
static FK_ALWAYS_INLINE bool
fc_add_one(FcHeader *h, uint32_t g, int cell, double w, FcError *err)
{
	FcEntry    *e = &fc_ent(h)[g];

	if (FK_UNLIKELY(h->total == INT64_MAX))
		return fk_error(err, FC_ERR_RANGE,
						"fairness.confusion row count out of range");
	e->n[cell]++;
	h->total++;
	if (h->flags & FC_F_WEIGHTED)
	{
		size_t		k = (size_t) g * FC_NCELLS + cell;
		double	   *ws = fc_wts(h);

		fc_add_weight(&ws[k], &fc_comp(h)[k], w);
		if (FK_UNLIKELY(!isfinite(ws[k])))
		{
			fk_error(err, FC_ERR_RANGE, "sum of weights out of range");
			fk_detail(err, "A weight sum exceeds the range of double precision.");
			return false;
		}
	}
	return true;
}

/* fc_add_row: count one row of weight w in cell `cell` of group g. */
bool
fc_add_row(FcHeader *h, uint32_t g, int cell, double w, FcError *err)
{
	return fc_add_one(h, g, cell, w, err);
}

/*
 * fc_count_row
 *		fc_lookup_insert then fc_add_row in one call: the per-row path of
 *		the aggregates, with both inlined (one call per row from the glue
 *		instead of two; see doc/benchmark.md).
 */
bool
fc_count_row(FcHeader **ph, const FcAlloc *a, const FcPart *parts,
			 int nparts, int cell, double w, int64_t max_groups, FcError *err)
{
	int64_t		g = fc_lookup_group(ph, a, parts, nparts, max_groups, err);

	if (FK_UNLIKELY(g < 0))
		return false;
	return fc_add_one(*ph, (uint32_t) g, cell, w, err);
}

/*
 * fc_remove_row
 *		Inverse of fc_add_row, for moving-window aggregates.  When a cell's
 *		count drops to zero its weight sum is reset to exactly zero, so
 *		rounding cannot leave a ghost weight behind.
 */
bool
fc_remove_row(FcHeader *h, uint32_t g, int cell, double w, FcError *err)
{
	FcEntry    *e = &fc_entries(h)[g];

	if (e->n[cell] <= 0)
		return fk_error(err, FC_ERR_CORRUPT,
						"cannot remove a row that was not added to fairness.confusion");
	e->n[cell]--;
	h->total--;
	if (h->flags & FC_F_WEIGHTED)
	{
		size_t		k = (size_t) g * FC_NCELLS + cell;
		double	   *ws = fc_weights(h);
		double	   *cs = fc_comp(h);

		if (e->n[cell] == 0)
			ws[k] = cs[k] = 0.0;
		else
			fc_add_weight(&ws[k], &cs[k], -w);
	}
	return true;
}

/*
 * fc_merge
 *		Add (sign +1) or subtract (sign -1) src into the scratch value *ph.
 *		Summaries must have the same number of attributes.  An unweighted
 *		summary counts as one with every weight 1: merging it with a
 *		weighted one adds its counts as weights (documented).  Every check
 *		is made before anything is changed, except the growth of *ph.
 */
bool
fc_merge(FcHeader **ph, const FcAlloc *a, const FcHeader *src, int sign,
		 int64_t max_groups, FcError *err)
{
	FcHeader   *h = *ph;
	const FcEntry *se = fc_entries(src);
	const double *sw = fc_weights(src);
	const double *sc = fc_comp(src);
	uint32_t	i;
	int			c;

	if (h->ndims != src->ndims)
	{
		fk_error(err, FC_ERR_MISMATCH,
				 "cannot merge fairness.confusion summaries with different numbers of attributes");
		fk_detail(err, "One summary has %d attributes per group, the other %d.",
				  (int) h->ndims, (int) src->ndims);
		return false;
	}
	if (sign > 0 && src->total > INT64_MAX - h->total)
		return fk_error(err, FC_ERR_RANGE,
						"fairness.confusion row count out of range");

	/* weighted target needed if src is weighted: convert (counts as weights) */
	if ((src->flags & FC_F_WEIGHTED) && !(h->flags & FC_F_WEIGHTED))
	{
		FcHeader	proto = *h;
		FcHeader   *n;
		uint32_t	g;

		if (sign < 0)
			return fk_error(err, FC_ERR_MISMATCH,
							"cannot subtract a weighted summary from an unweighted one");
		proto.flags |= FC_F_WEIGHTED;
		proto.capacity = 0;		/* relayout copies only headers this way */
		proto.ngroups = 0;
		proto.keys_used = 0;
		n = fc_relayout(a, &proto, h->capacity, h->keys_cap, err);
		if (n == NULL)
			return false;
		n->ngroups = h->ngroups;
		n->keys_used = h->keys_used;
		n->last = h->last;
		memcpy(fc_entries(n), fc_entries(h), (size_t) h->ngroups * sizeof(FcEntry));
		memcpy(fc_keys(n), fc_keys(h), h->keys_used);
		for (g = 0; g < n->ngroups; g++)
			for (c = 0; c < FC_NCELLS; c++)
				fc_weights(n)[(size_t) g * FC_NCELLS + c] =
					(double) fc_entries(n)[g].n[c];
		fk_index_rebuild(&fc_ent(n)->k, sizeof(FcEntry), fc_keys(n),
						 n->ngroups, fc_buckets(n), n->nbuckets);
		*ph = h = n;
	}

	if (sign < 0)
	{
		/* check everything first: a failed subtraction must change nothing */
		for (i = 0; i < src->ngroups; i++)
		{
			int64_t		g = fc_find_key(h, fc_key(src, i), se[i].k.key_len);

			if (g < 0)
				return fk_error(err, FC_ERR_VALUE,
								"cannot subtract a group that is not in the summary");
			for (c = 0; c < FC_NCELLS; c++)
				if (fc_entries(h)[g].n[c] < se[i].n[c])
					return fk_error(err, FC_ERR_VALUE,
									"cannot subtract more rows than the summary has");
		}
	}

	for (i = 0; i < src->ngroups; i++)
	{
		const char *key = fc_key(src, i);
		FcPart		parts[FC_MAX_DIMS];
		int64_t		g;
		FcEntry    *e;
		int			d;

		for (d = 0; d < src->ndims; d++)
			if (!fk_key_part(key, se[i].k.key_len, d, &parts[d].data,
							 &parts[d].len, &parts[d].isnull))
				return fk_error(err, FC_ERR_CORRUPT,
								"fairness.confusion value is corrupted");
		g = fc_lookup_insert(ph, a, parts, src->ndims, max_groups, err);
		if (g < 0)
			return false;
		h = *ph;
		e = &fc_entries(h)[g];
		for (c = 0; c < FC_NCELLS; c++)
			e->n[c] += sign * se[i].n[c];
		if (h->flags & FC_F_WEIGHTED)
		{
			double	   *ws = fc_weights(h);
			double	   *cs = fc_comp(h);

			for (c = 0; c < FC_NCELLS; c++)
			{
				size_t		k = (size_t) g * FC_NCELLS + c;
				double		x = sw ? sw[(size_t) i * FC_NCELLS + c] :
					(double) se[i].n[c];

				if (e->n[c] == 0)
				{
					ws[k] = cs[k] = 0.0;
					continue;
				}
				fc_add_weight(&ws[k], &cs[k], sign * x);
				if (sc)
					fc_add_weight(&ws[k], &cs[k],
								  sign * sc[(size_t) i * FC_NCELLS + c]);
				if (!isfinite(ws[k]))
					return fk_error(err, FC_ERR_RANGE,
									"sum of weights out of range");
			}
		}
	}
	h->total += sign * src->total;
	return true;
}

/* ------------------------------------------------------------------------
 * Canonical form
 * ------------------------------------------------------------------------
 */

static int64_t
fc_group_total(const FcEntry *e)
{
	int64_t		t = 0;
	int			c;

	for (c = 0; c < FC_NCELLS; c++)
		t += e->n[c];
	return t;
}

/*
 * fc_canonical
 *		A new canonical copy: groups with no row dropped (a moving window may
 *		empty them), sorted by key, compensation folded into the sums.
 */
FcHeader *
fc_canonical(const FcAlloc *a, const FcHeader *h, FcError *err)
{
	uint32_t   *idx;
	uint32_t   *tmp;
	uint32_t	n = 0,
				i;
	uint64_t	keybytes = 0;
	bool		weighted = (h->flags & FC_F_WEIGHTED) != 0;
	const double *ws = fc_weights(h);
	const double *cs = fc_comp(h);
	FcHeader   *out;
	uint32_t	koff = 0;

	idx = a->alloc(a->ctx, ((size_t) h->ngroups + 1) * sizeof(uint32_t));
	tmp = a->alloc(a->ctx, ((size_t) h->ngroups + 1) * sizeof(uint32_t));
	if (idx == NULL || tmp == NULL)
	{
		if (idx)
			a->release(a->ctx, idx);
		if (tmp)
			a->release(a->ctx, tmp);
		fk_error(err, FC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < h->ngroups; i++)
		if (fc_group_total(&fc_entries(h)[i]) > 0)
		{
			idx[n++] = i;
			keybytes += fc_entries(h)[i].k.key_len;
		}
	if (h->flags & FC_F_SCRATCH)
		fk_sort_keys(&fc_ent(h)->k, sizeof(FcEntry), fc_keys(h), h->ndims,
					 idx, tmp, n);

	out = fc_alloc_value(a, fc_layout_size(n, weighted, false, 0, keybytes), err);
	if (out == NULL)
	{
		a->release(a->ctx, idx);
		a->release(a->ctx, tmp);
		return NULL;
	}
	out->version = FC_FORMAT_VERSION;
	out->flags = weighted ? FC_F_WEIGHTED : 0;
	out->ndims = h->ndims;
	out->ngroups = out->capacity = n;
	out->keys_used = out->keys_cap = (uint32_t) keybytes;
	out->total = h->total;
	for (i = 0; i < n; i++)
	{
		const FcEntry *se = &fc_entries(h)[idx[i]];
		FcEntry    *de = &fc_entries(out)[i];
		int			c;

		memcpy(de->n, se->n, sizeof(de->n));
		de->k.key_off = koff;
		de->k.key_len = se->k.key_len;
		memcpy(fc_keys(out) + koff, fc_key(h, idx[i]), se->k.key_len);
		koff += se->k.key_len;
		if (weighted)
			for (c = 0; c < FC_NCELLS; c++)
			{
				size_t		k = (size_t) idx[i] * FC_NCELLS + c;
				double		w = ws[k] + (cs ? cs[k] : 0.0);

				/* a cell without rows weighs nothing; rounding never < 0; no -0 */
				if (se->n[c] == 0 || w <= 0.0)
					w = 0.0;
				fc_weights(out)[(size_t) i * FC_NCELLS + c] = w;
			}
	}
	a->release(a->ctx, idx);
	a->release(a->ctx, tmp);
	return out;
}

/*
 * fc_check_canonical
 *		Every invariant of a canonical value of `size` bytes: the header, the
 *		keys (packed, well formed, strictly increasing), counts (>= 0, each
 *		group non-empty, total exact and without overflow), weights (finite,
 *		>= 0, never -0, zero where the count is zero).
 */
bool
fc_check_canonical(const FcHeader *h, size_t size, FcError *err)
{
	const FcEntry *e;
	const double *ws;
	uint32_t	i;
	uint32_t	koff = 0;
	int64_t		total = 0;

	if (!fc_check_header(h, size, err))
		return false;
	if ((h->flags & FC_F_SCRATCH) || h->capacity != h->ngroups ||
		h->nbuckets != 0 || h->keys_used != h->keys_cap || h->last != 0)
		return fk_error(err, FC_ERR_CORRUPT,
						"fairness.confusion value is not in canonical form");
	e = fc_entries(h);
	ws = fc_weights(h);
	for (i = 0; i < h->ngroups; i++)
	{
		int64_t		gt = 0;
		int			c;

		if (e[i].k.key_off != koff || e[i].k.key_len > h->keys_used - koff ||
			e[i].k.hash != 0 || e[i].k.pad != 0 ||
			!fk_key_valid(fc_key(h, i), e[i].k.key_len, h->ndims, true))
			return fk_error(err, FC_ERR_CORRUPT,
							"fairness.confusion value has a malformed group key");
		koff += e[i].k.key_len;
		if (i > 0 && fk_key_cmp(fc_key(h, i - 1), e[i - 1].k.key_len,
								fc_key(h, i), e[i].k.key_len, h->ndims) >= 0)
			return fk_error(err, FC_ERR_CORRUPT,
							"fairness.confusion groups are not strictly ordered");
		for (c = 0; c < FC_NCELLS; c++)
		{
			if (e[i].n[c] < 0 || e[i].n[c] > INT64_MAX - gt)
				return fk_error(err, FC_ERR_CORRUPT,
								"fairness.confusion count out of range");
			gt += e[i].n[c];
			if (ws)
			{
				double		w = ws[(size_t) i * FC_NCELLS + c];

				if (!isfinite(w) || w < 0.0 || signbit(w) ||
					(e[i].n[c] == 0 && w != 0.0))
					return fk_error(err, FC_ERR_CORRUPT,
									"fairness.confusion weight out of range");
			}
		}
		if (gt == 0 || gt > INT64_MAX - total)
			return fk_error(err, FC_ERR_CORRUPT,
							"fairness.confusion group count out of range");
		total += gt;
	}
	if (koff != h->keys_used || total != h->total)
		return fk_error(err, FC_ERR_CORRUPT,
						"fairness.confusion totals are inconsistent");
	return true;
}

/*
 * fc_marginal
 *		Sum the groups of h over the attributes not listed in dims, keeping
 *		the listed ones in the listed order.  dims are 0-based, distinct and
 *		in range (the caller checks and reports in SQL terms).
 */
FcHeader *
fc_marginal(const FcAlloc *a, const FcHeader *h, const int *dims, int ndims,
			FcError *err)
{
	FcHeader   *s;
	FcHeader   *orig;
	FcHeader   *out;
	uint32_t	i;
	const double *ws = fc_weights(h);
	const double *cs = fc_comp(h);

	s = orig = fc_new_scratch(a, ndims, (h->flags & FC_F_WEIGHTED) != 0, err);
	if (s == NULL)
		return NULL;
	for (i = 0; i < h->ngroups; i++)
	{
		const FcEntry *e = &fc_entries(h)[i];
		FcPart		parts[FC_MAX_DIMS];
		int64_t		g;
		int			d,
					c;
		FcHeader   *before = s;

		for (d = 0; d < ndims; d++)
			if (dims[d] < 0 || dims[d] >= h->ndims ||
				!fk_key_part(fc_key(h, i), e->k.key_len, dims[d],
							 &parts[d].data, &parts[d].len, &parts[d].isnull))
			{
				a->release(a->ctx, s);
				return fk_error(err, FC_ERR_CORRUPT,
								"fairness.confusion value is corrupted"), NULL;
			}
		g = fc_lookup_insert(&s, a, parts, ndims, FC_MAX_GROUPS_HARD, err);
		if (before != s)
			a->release(a->ctx, before);
		if (g < 0)
		{
			a->release(a->ctx, s);
			return NULL;
		}
		for (c = 0; c < FC_NCELLS; c++)
		{
			fc_entries(s)[g].n[c] += e->n[c];
			if (ws)
			{
				size_t		k = (size_t) g * FC_NCELLS + c;
				size_t		j = (size_t) i * FC_NCELLS + c;

				fc_add_weight(&fc_weights(s)[k], &fc_comp(s)[k], ws[j]);
				if (cs)
					fc_add_weight(&fc_weights(s)[k], &fc_comp(s)[k], cs[j]);
			}
		}
	}
	s->total = h->total;
	(void) orig;
	out = fc_canonical(a, s, err);
	a->release(a->ctx, s);
	return out;
}
