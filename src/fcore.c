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

#if defined(__GNUC__) || defined(__clang__)
#define FC_LIKELY(x)	__builtin_expect((x) != 0, 1)
#define FC_UNLIKELY(x)	__builtin_expect((x) != 0, 0)
#define FC_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define FC_ALWAYS_INLINE inline
#define FC_LIKELY(x)	(x)
#define FC_UNLIKELY(x)	(x)
#endif

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

static uint32_t
fc_read_u32(const char *p)
{
	uint32_t	v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Hash of a group key, for the hash index of scratch values.  Only scratch
 * values (aggregate states, never stored: the final function returns the
 * canonical form, whose hash fields are 0) carry hashes, and fc_relayout
 * recomputes them whenever it copies a value, so this function is free to
 * change between releases.
 *
 * Each attribute contributes its length word (FC_NULL_LEN for NULL), then
 * its bytes eight at a time (a multiply-xorshift step per word, as in
 * MurmurHash's 64-bit mixer), so that parts (fc_hash_parts) and encoded keys
 * (fc_hash_key) hash alike.  This is several times faster than hashing
 * byte by byte, which mattered for keys of several attributes (profile of
 * confusion(ARRAY[gender, age_band], ...), see doc/benchmark.md).
 */
#define FC_HASH_SEED	UINT64_C(0x9E3779B97F4A7C15)
#define FC_HASH_MUL1	UINT64_C(0xFF51AFD7ED558CCD)
#define FC_HASH_MUL2	UINT64_C(0xC4CEB9FE1A85EC53)

static inline uint64_t
fc_hash_step(uint64_t h, uint64_t v)
{
	h ^= v;
	h *= FC_HASH_MUL1;
	return h ^ (h >> 32);
}

/* fc_hash_value: the bytes of one attribute value */
static inline uint64_t
fc_hash_value(uint64_t h, const char *p, uint32_t n)
{
	uint64_t	v;

	while (n >= 8)
	{
		memcpy(&v, p, 8);
		h = fc_hash_step(h, v);
		p += 8;
		n -= 8;
	}
	if (n > 0)
	{
		/* the last 1 to 7 bytes, in at most three loads */
		uint32_t	t4;
		uint16_t	t2;
		int			shift = 0;

		v = 0;
		if (n & 4)
		{
			memcpy(&t4, p, 4);
			v = t4;
			p += 4;
			shift = 32;
		}
		if (n & 2)
		{
			memcpy(&t2, p, 2);
			v |= (uint64_t) t2 << shift;
			p += 2;
			shift += 16;
		}
		if (n & 1)
			v |= (uint64_t) (unsigned char) *p << shift;
		h = fc_hash_step(h, v);
	}
	return h;
}

static inline uint32_t
fc_hash_finish(uint64_t h)
{
	h ^= h >> 29;
	h *= FC_HASH_MUL2;
	h ^= h >> 32;
	return (uint32_t) h;
}

static uint32_t
fc_hash_parts(const FcPart *parts, int nparts)
{
	uint64_t	h = FC_HASH_SEED;
	int			d;

	for (d = 0; d < nparts; d++)
	{
		if (parts[d].isnull)
			h = fc_hash_step(h, FC_NULL_LEN);
		else
		{
			h = fc_hash_step(h, parts[d].len);
			h = fc_hash_value(h, parts[d].data, parts[d].len);
		}
	}
	return fc_hash_finish(h);
}

/*
 * fc_hash_key
 *		The hash of an encoded key, equal to fc_hash_parts of its parts.
 *		Never reads past key_len, even in a malformed key.
 */
static uint32_t
fc_hash_key(const char *key, uint32_t key_len)
{
	uint64_t	h = FC_HASH_SEED;
	uint32_t	off = 0;

	while (key_len - off >= 4)
	{
		uint32_t	l = fc_read_u32(key + off);

		off += 4;
		h = fc_hash_step(h, l);
		if (l == FC_NULL_LEN)
			continue;
		if (l > key_len - off)
			break;
		h = fc_hash_value(h, key + off, l);
		off += l;
	}
	return fc_hash_finish(h);
}

static uint32_t
fc_key_len_parts(const FcPart *parts, int nparts)
{
	uint32_t	n = 0;
	int			d;

	for (d = 0; d < nparts; d++)
		n += 4 + (parts[d].isnull ? 0 : parts[d].len);
	return n;
}

static void
fc_key_encode(char *dst, const FcPart *parts, int nparts)
{
	int			d;

	for (d = 0; d < nparts; d++)
	{
		uint32_t	l = parts[d].isnull ? FC_NULL_LEN : parts[d].len;

		memcpy(dst, &l, 4);
		dst += 4;
		if (!parts[d].isnull && parts[d].len > 0)
		{
			memcpy(dst, parts[d].data, parts[d].len);
			dst += parts[d].len;
		}
	}
}

/*
 * fc_bytes_equal
 *		memcmp(a, b, n) == 0 for the short strings group values are: inline,
 *		a word at a time, without the call into the C library that showed in
 *		profiles of the transition function.
 */
static FC_ALWAYS_INLINE bool
fc_bytes_equal(const char *a, const char *b, uint32_t n)
{
	uint64_t	x,
				y;
	uint32_t	x4,
				y4;
	uint16_t	x2,
				y2;

	while (n >= 8)
	{
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return false;
		a += 8;
		b += 8;
		n -= 8;
	}
	if (n >= 4)
	{
		memcpy(&x4, a, 4);
		memcpy(&y4, b, 4);
		if (x4 != y4)
			return false;
		a += 4;
		b += 4;
		n -= 4;
	}
	if (n >= 2)
	{
		memcpy(&x2, a, 2);
		memcpy(&y2, b, 2);
		if (x2 != y2)
			return false;
		a += 2;
		b += 2;
		n -= 2;
	}
	return n == 0 || *a == *b;
}

/*
 * fc_key_equals_parts
 *		Does the encoded key equal the given parts?  Called for every row by
 *		the transition function, hence inline and compare-as-you-go: the
 *		first differing length or byte ends it.
 */
static FC_ALWAYS_INLINE bool
fc_key_equals_parts(const char *key, uint32_t key_len,
					const FcPart *parts, int nparts)
{
	uint32_t	off = 0;
	int			d;

	if (nparts == 1)
	{
		/* the common case: one attribute */
		if (parts[0].isnull)
			return key_len == 4 && fc_read_u32(key) == FC_NULL_LEN;
		return key_len == 4 + parts[0].len &&
			fc_read_u32(key) == parts[0].len &&
			fc_bytes_equal(key + 4, parts[0].data, parts[0].len);
	}
	for (d = 0; d < nparts; d++)
	{
		uint32_t	l;

		if (key_len - off < 4)
			return false;
		l = fc_read_u32(key + off);
		off += 4;
		if (parts[d].isnull)
		{
			if (l != FC_NULL_LEN)
				return false;
			continue;
		}
		if (l != parts[d].len || l > key_len - off ||
			!fc_bytes_equal(key + off, parts[d].data, l))
			return false;
		off += l;
	}
	return off == key_len;
}

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

static uint32_t
fc_nbuckets_for(uint32_t capacity)
{
	uint32_t	nb = 1;

	if (capacity <= FC_LINEAR_MAX)
		return 0;
	while (nb < 2 * (uint64_t) capacity)
		nb <<= 1;
	return nb;
}

/* fc_bucket_insert: index group i in the hash table (scratch only) */
static void
fc_bucket_insert(FcHeader *h, uint32_t i)
{
	uint32_t   *b = fc_buckets(h);
	uint32_t	mask = h->nbuckets - 1;
	uint32_t	pos = fc_ent(h)[i].k.hash & mask;

	while (b[pos] != 0)
		pos = (pos + 1) & mask;
	b[pos] = i + 1;
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
	uint32_t	i;

	if (capacity > FC_MAX_GROUPS_HARD)
		capacity = FC_MAX_GROUPS_HARD;
	if (capacity < h->ngroups)
		capacity = h->ngroups;
	nb = fc_nbuckets_for((uint32_t) capacity);
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
	for (i = 0; i < n->ngroups; i++)
	{
		FcEntry    *e = &fc_entries(n)[i];

		/* always recomputed: see fc_hash_key */
		e->k.hash = fc_hash_key(fc_keys(n) + e->k.key_off, e->k.key_len);
		if (nb)
			fc_bucket_insert(n, i);
	}
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

/*
 * fc_find_parts
 *		Index of the group with these parts, or -1: a scan of at most
 *		FC_LINEAR_MAX groups (comparing lengths first, which usually tells
 *		short category names apart), else the hash index.
 */
static FC_ALWAYS_INLINE int64_t
fc_find_parts(const FcHeader *h, const FcPart *parts, int nparts)
{
	const FcEntry *e = fc_ent(h);
	const char *keys = fc_keys(h);
	uint32_t	i;

	if (h->nbuckets == 0)
	{
		if (nparts == 1)
		{
			/* specialised copy of the loop for the usual single attribute */
			for (i = 0; i < h->ngroups; i++)
				if (fc_key_equals_parts(keys + e[i].k.key_off, e[i].k.key_len,
										parts, 1))
					return i;
			return -1;
		}
		for (i = 0; i < h->ngroups; i++)
			if (fc_key_equals_parts(keys + e[i].k.key_off, e[i].k.key_len,
									parts, nparts))
				return i;
		return -1;
	}
	else
	{
		uint32_t	hash = fc_hash_parts(parts, nparts);
		const uint32_t *b = fc_buckets(h);
		uint32_t	mask = h->nbuckets - 1;
		uint32_t	pos = hash & mask;

		while (b[pos] != 0)
		{
			i = b[pos] - 1;
			if (e[i].k.hash == hash &&
				fc_key_equals_parts(keys + e[i].k.key_off, e[i].k.key_len,
									parts, nparts))
				return i;
			pos = (pos + 1) & mask;
		}
		return -1;
	}
}

/*
 * fc_find_key
 *		Index of the group whose encoded key is exactly `key`, or -1.  Binary
 *		search on canonical values, hash or scan on scratch ones.
 */
int64_t
fc_find_key(const FcHeader *h, const char *key, uint32_t key_len)
{
	const FcEntry *e = fc_entries(h);

	if (!(h->flags & FC_F_SCRATCH))
	{
		int64_t		lo = 0,
					hi = (int64_t) h->ngroups - 1;

		while (lo <= hi)
		{
			int64_t		mid = lo + (hi - lo) / 2;
			int			c = fk_key_cmp(fc_key(h, (uint32_t) mid), e[mid].k.key_len,
									   key, key_len, h->ndims);

			if (c == 0)
				return mid;
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid - 1;
		}
		return -1;
	}
	else
	{
		FcPart		parts[FC_MAX_DIMS];
		int			d;

		for (d = 0; d < h->ndims; d++)
			if (!fk_key_part(key, key_len, d, &parts[d].data, &parts[d].len,
							 &parts[d].isnull))
				return -1;
		return fc_find_parts(h, parts, h->ndims);
	}
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
	klen = fc_key_len_parts(parts, nparts);
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
	fc_key_encode(fc_keys(h) + e->k.key_off, parts, nparts);
	h->keys_used += klen;
	e->k.hash = fc_hash_parts(parts, nparts);
	if (h->nbuckets)
		fc_bucket_insert(h, i);
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
static FC_ALWAYS_INLINE int64_t
fc_lookup_group(FcHeader **ph, const FcAlloc *a, const FcPart *parts,
				int nparts, int64_t max_groups, FcError *err)
{
	FcHeader   *h = *ph;
	FcEntry    *e;
	int64_t		found;

	if (FC_UNLIKELY(!(h->flags & FC_F_SCRATCH)))
	{
		fk_error(err, FC_ERR_CORRUPT,
				 "fairness.confusion value is not an aggregate state");
		return -1;
	}
	if (FC_UNLIKELY(nparts != h->ndims))
	{
		fk_error(err, FC_ERR_MISMATCH,
				 "group keys of one summary must all have the same number of attributes");
		fk_detail(err, "The summary has %d attributes per group; this row has %d.",
				  (int) h->ndims, nparts);
		return -1;
	}
	if (FC_LIKELY(h->ngroups > 0))
	{
		e = &fc_ent(h)[h->last];
		if (fc_key_equals_parts(fc_keys(h) + e->k.key_off, e->k.key_len,
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
static FC_ALWAYS_INLINE bool
fc_add_one(FcHeader *h, uint32_t g, int cell, double w, FcError *err)
{
	FcEntry    *e = &fc_ent(h)[g];

	if (FC_UNLIKELY(h->total == INT64_MAX))
		return fk_error(err, FC_ERR_RANGE,
						"fairness.confusion row count out of range");
	e->n[cell]++;
	h->total++;
	if (h->flags & FC_F_WEIGHTED)
	{
		size_t		k = (size_t) g * FC_NCELLS + cell;
		double	   *ws = fc_wts(h);

		fc_add_weight(&ws[k], &fc_comp(h)[k], w);
		if (FC_UNLIKELY(!isfinite(ws[k])))
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

	if (FC_UNLIKELY(g < 0))
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
		{
			FcEntry    *e = &fc_entries(n)[g];

			e->k.hash = fc_hash_key(fc_keys(n) + e->k.key_off, e->k.key_len);
			for (c = 0; c < FC_NCELLS; c++)
				fc_weights(n)[(size_t) g * FC_NCELLS + c] = (double) e->n[c];
			if (n->nbuckets)
				fc_bucket_insert(n, g);
		}
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

/* bottom-up merge sort of group indices by key (qsort has no context) */
static void
fc_sort_groups(const FcHeader *h, uint32_t *idx, uint32_t *tmp, uint32_t n)
{
	uint32_t	width;
	const FcEntry *e = fc_entries(h);

	for (width = 1; width < n; width *= 2)
	{
		uint32_t	lo;

		for (lo = 0; lo < n; lo += 2 * width)
		{
			uint32_t	mid = lo + width < n ? lo + width : n;
			uint32_t	hi = lo + 2 * width < n ? lo + 2 * width : n;
			uint32_t	i = lo,
						j = mid,
						k = lo;

			while (i < mid && j < hi)
			{
				if (fk_key_cmp(fc_key(h, idx[i]), e[idx[i]].k.key_len,
							   fc_key(h, idx[j]), e[idx[j]].k.key_len,
							   h->ndims) <= 0)
					tmp[k++] = idx[i++];
				else
					tmp[k++] = idx[j++];
			}
			while (i < mid)
				tmp[k++] = idx[i++];
			while (j < hi)
				tmp[k++] = idx[j++];
		}
		memcpy(idx, tmp, (size_t) n * sizeof(uint32_t));
	}
}

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
		fc_sort_groups(h, idx, tmp, n);

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
