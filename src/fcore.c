/*-------------------------------------------------------------------------
 *
 * fcore.c
 *	  The fairness.confusion summary: layout, growth, merge, canonical form,
 *	  text (JSON) and binary forms.  No PostgreSQL header: see fcore.h.
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

/* order in which cells are written in the text form */
static const int fc_text_order[FC_NCELLS] = {
	FC_TP, FC_FP, FC_TN, FC_FN, FC_TU, FC_FU, FC_UP, FC_UN, FC_UU
};

#if defined(__GNUC__) || defined(__clang__)
#define FC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define FC_LIKELY(x)	__builtin_expect((x) != 0, 1)
#define FC_UNLIKELY(x)	__builtin_expect((x) != 0, 0)
#define FC_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define FC_PRINTF(f, a)
#define FC_ALWAYS_INLINE inline
#define FC_LIKELY(x)	(x)
#define FC_UNLIKELY(x)	(x)
#endif

static bool fc_error(FcError *err, FcErrCode code, const char *fmt,...) FC_PRINTF(3, 4);
static void fc_detail(FcError *err, const char *fmt,...) FC_PRINTF(2, 3);
static void fc_hint(FcError *err, const char *fmt,...) FC_PRINTF(2, 3);

/*
 * fc_error
 *		Fill *err (if given) with a code and printf-style primary message.
 *		Always returns false so callers can write "return fc_error(...)".
 */
static bool
fc_error(FcError *err, FcErrCode code, const char *fmt,...)
{
	va_list		ap;

	if (err == NULL)
		return false;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->detail[0] = '\0';
	err->hint[0] = '\0';
	return false;
}

/* fc_detail: add an errdetail-like sentence to the last error. */
static void
fc_detail(FcError *err, const char *fmt,...)
{
	va_list		ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
}

/* fc_hint: add an errhint-like sentence to the last error. */
static void
fc_hint(FcError *err, const char *fmt,...)
{
	va_list		ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
	va_end(ap);
}

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
	return fc_keys(h) + fc_entries(h)[i].key_off;
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
		return fc_error(err, FC_ERR_CORRUPT,
						"fairness.confusion value is truncated");
	if (h->version != FC_FORMAT_VERSION)
	{
		fc_error(err, FC_ERR_CORRUPT,
				 "unsupported fairness.confusion format version %u",
				 (unsigned) h->version);
		fc_detail(err, "This release reads format version %d.",
				  FC_FORMAT_VERSION);
		fc_hint(err, "The value was written by a newer release of the fairness extension: update the extension.");
		return false;
	}
	if ((h->flags & ~FC_F_KNOWN) != 0 || h->ndims < 1 ||
		h->ndims > FC_MAX_DIMS || h->ngroups > h->capacity ||
		h->keys_used > h->keys_cap ||
		(h->nbuckets & (h->nbuckets - 1)) != 0)
		return fc_error(err, FC_ERR_CORRUPT,
						"fairness.confusion value is corrupted");
	expect = fc_layout_size(h->capacity, h->flags & FC_F_WEIGHTED,
							fc_has_comp(h), h->nbuckets, h->keys_cap);
	if (expect == 0 || expect != size)
		return fc_error(err, FC_ERR_CORRUPT,
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
 * fc_key_part
 *		Locate attribute d (0-based) of an encoded key.  Returns false if the
 *		key is malformed.
 */
bool
fc_key_part(const char *key, uint32_t key_len, int d,
			const char **data, uint32_t *len, bool *isnull)
{
	uint32_t	off = 0;
	int			i;

	for (i = 0;; i++)
	{
		uint32_t	l;

		if (key_len - off < 4 || off > key_len)
			return false;
		l = fc_read_u32(key + off);
		off += 4;
		if (l != FC_NULL_LEN && l > key_len - off)
			return false;
		if (i == d)
		{
			*isnull = (l == FC_NULL_LEN);
			*len = *isnull ? 0 : l;
			*data = key + off;
			return true;
		}
		if (l != FC_NULL_LEN)
			off += l;
	}
}

/*
 * fc_key_cmp
 *		Order of group keys: attribute by attribute, values compared bytewise
 *		(the "C" collation of their encoding), a shorter prefix first, NULL
 *		after every value.  Keys must be well formed with ndims parts.
 */
int
fc_key_cmp(const char *a, uint32_t alen, const char *b, uint32_t blen,
		   int ndims)
{
	uint32_t	ao = 0,
				bo = 0;
	int			d;

	(void) alen;
	(void) blen;
	for (d = 0; d < ndims; d++)
	{
		uint32_t	al = fc_read_u32(a + ao);
		uint32_t	bl = fc_read_u32(b + bo);

		ao += 4;
		bo += 4;
		if (al == FC_NULL_LEN || bl == FC_NULL_LEN)
		{
			if (al != bl)
				return (al == FC_NULL_LEN) ? 1 : -1;
			continue;
		}
		else
		{
			uint32_t	m = al < bl ? al : bl;
			int			c = m ? memcmp(a + ao, b + bo, m) : 0;

			if (c != 0)
				return c < 0 ? -1 : 1;
			if (al != bl)
				return al < bl ? -1 : 1;
			ao += al;
			bo += bl;
		}
	}
	return 0;
}

/*
 * fc_key_wellformed
 *		True if key is exactly ndims parts, each at most FC_MAX_VALUE_BYTES
 *		and without a zero byte.
 */
static bool
fc_key_wellformed(const char *key, uint32_t key_len, int ndims)
{
	uint32_t	off = 0;
	int			d;

	for (d = 0; d < ndims; d++)
	{
		uint32_t	l;

		if (key_len - off < 4)
			return false;
		l = fc_read_u32(key + off);
		off += 4;
		if (l == FC_NULL_LEN)
			continue;
		if (l > FC_MAX_VALUE_BYTES || l > key_len - off)
			return false;
		/* no input path accepts a zero byte in a name (text cannot hold one) */
		if (l > 0 && memchr(key + off, '\0', l) != NULL)
			return false;
		off += l;
	}
	return off == key_len;
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
		fc_error(err, FC_ERR_LIMIT, "fairness.confusion value would exceed 1 GB");
		fc_hint(err, "Use fewer groups or shorter group names.");
		return NULL;
	}
	h = a->alloc(a->ctx, (size_t) size);
	if (h == NULL)
		fc_error(err, FC_ERR_NOMEM, "out of memory");
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
	uint32_t	pos = fc_ent(h)[i].hash & mask;

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
		e->hash = fc_hash_key(fc_keys(n) + e->key_off, e->key_len);
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
		fc_error(err, FC_ERR_LIMIT,
				 "a group key must have between 1 and %d attributes",
				 FC_MAX_DIMS);
		fc_detail(err, "It has %d.", ndims);
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
				if (fc_key_equals_parts(keys + e[i].key_off, e[i].key_len,
										parts, 1))
					return i;
			return -1;
		}
		for (i = 0; i < h->ngroups; i++)
			if (fc_key_equals_parts(keys + e[i].key_off, e[i].key_len,
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
			if (e[i].hash == hash &&
				fc_key_equals_parts(keys + e[i].key_off, e[i].key_len,
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
			int			c = fc_key_cmp(fc_key(h, (uint32_t) mid), e[mid].key_len,
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
			if (!fc_key_part(key, key_len, d, &parts[d].data, &parts[d].len,
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
	int			d;

	for (d = 0; d < nparts; d++)
		if (!parts[d].isnull && parts[d].len > FC_MAX_VALUE_BYTES)
		{
			fc_error(err, FC_ERR_LIMIT, "group value is too long");
			fc_detail(err, "A group value is %u bytes; the maximum is %d bytes.",
					  parts[d].len, FC_MAX_VALUE_BYTES);
			fc_hint(err, "Group by a protected attribute (a short category such as gender), not by free text.");
			return -1;
		}
	if ((int64_t) h->ngroups >= max_groups ||
		h->ngroups >= FC_MAX_GROUPS_HARD)
	{
		fc_error(err, FC_ERR_TOO_MANY_GROUPS,
				 "too many groups in fairness.confusion");
		fc_detail(err, "The summary already has %u groups; the limit fairness.max_groups is %lld.",
				  h->ngroups, (long long) max_groups);
		fc_hint(err, "The group column looks like an identifier: group by a protected attribute such as gender, or raise fairness.max_groups.");
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
	e->key_off = h->keys_used;
	e->key_len = klen;
	fc_key_encode(fc_keys(h) + e->key_off, parts, nparts);
	h->keys_used += klen;
	e->hash = fc_hash_parts(parts, nparts);
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
		fc_error(err, FC_ERR_CORRUPT,
				 "fairness.confusion value is not an aggregate state");
		return -1;
	}
	if (FC_UNLIKELY(nparts != h->ndims))
	{
		fc_error(err, FC_ERR_MISMATCH,
				 "group keys of one summary must all have the same number of attributes");
		fc_detail(err, "The summary has %d attributes per group; this row has %d.",
				  (int) h->ndims, nparts);
		return -1;
	}
	if (FC_LIKELY(h->ngroups > 0))
	{
		e = &fc_ent(h)[h->last];
		if (fc_key_equals_parts(fc_keys(h) + e->key_off, e->key_len,
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
		return fc_error(err, FC_ERR_RANGE,
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
			fc_error(err, FC_ERR_RANGE, "sum of weights out of range");
			fc_detail(err, "A weight sum exceeds the range of double precision.");
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
		return fc_error(err, FC_ERR_CORRUPT,
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
		fc_error(err, FC_ERR_MISMATCH,
				 "cannot merge fairness.confusion summaries with different numbers of attributes");
		fc_detail(err, "One summary has %d attributes per group, the other %d.",
				  (int) h->ndims, (int) src->ndims);
		return false;
	}
	if (sign > 0 && src->total > INT64_MAX - h->total)
		return fc_error(err, FC_ERR_RANGE,
						"fairness.confusion row count out of range");

	/* weighted target needed if src is weighted: convert (counts as weights) */
	if ((src->flags & FC_F_WEIGHTED) && !(h->flags & FC_F_WEIGHTED))
	{
		FcHeader	proto = *h;
		FcHeader   *n;
		uint32_t	g;

		if (sign < 0)
			return fc_error(err, FC_ERR_MISMATCH,
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

			e->hash = fc_hash_key(fc_keys(n) + e->key_off, e->key_len);
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
			int64_t		g = fc_find_key(h, fc_key(src, i), se[i].key_len);

			if (g < 0)
				return fc_error(err, FC_ERR_VALUE,
								"cannot subtract a group that is not in the summary");
			for (c = 0; c < FC_NCELLS; c++)
				if (fc_entries(h)[g].n[c] < se[i].n[c])
					return fc_error(err, FC_ERR_VALUE,
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
			if (!fc_key_part(key, se[i].key_len, d, &parts[d].data,
							 &parts[d].len, &parts[d].isnull))
				return fc_error(err, FC_ERR_CORRUPT,
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
					return fc_error(err, FC_ERR_RANGE,
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
				if (fc_key_cmp(fc_key(h, idx[i]), e[idx[i]].key_len,
							   fc_key(h, idx[j]), e[idx[j]].key_len,
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
		fc_error(err, FC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < h->ngroups; i++)
		if (fc_group_total(&fc_entries(h)[i]) > 0)
		{
			idx[n++] = i;
			keybytes += fc_entries(h)[i].key_len;
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
		de->key_off = koff;
		de->key_len = se->key_len;
		memcpy(fc_keys(out) + koff, fc_key(h, idx[i]), se->key_len);
		koff += se->key_len;
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
		return fc_error(err, FC_ERR_CORRUPT,
						"fairness.confusion value is not in canonical form");
	e = fc_entries(h);
	ws = fc_weights(h);
	for (i = 0; i < h->ngroups; i++)
	{
		int64_t		gt = 0;
		int			c;

		if (e[i].key_off != koff || e[i].key_len > h->keys_used - koff ||
			e[i].hash != 0 || e[i].pad != 0 ||
			!fc_key_wellformed(fc_key(h, i), e[i].key_len, h->ndims))
			return fc_error(err, FC_ERR_CORRUPT,
							"fairness.confusion value has a malformed group key");
		koff += e[i].key_len;
		if (i > 0 && fc_key_cmp(fc_key(h, i - 1), e[i - 1].key_len,
								fc_key(h, i), e[i].key_len, h->ndims) >= 0)
			return fc_error(err, FC_ERR_CORRUPT,
							"fairness.confusion groups are not strictly ordered");
		for (c = 0; c < FC_NCELLS; c++)
		{
			if (e[i].n[c] < 0 || e[i].n[c] > INT64_MAX - gt)
				return fc_error(err, FC_ERR_CORRUPT,
								"fairness.confusion count out of range");
			gt += e[i].n[c];
			if (ws)
			{
				double		w = ws[(size_t) i * FC_NCELLS + c];

				if (!isfinite(w) || w < 0.0 || signbit(w) ||
					(e[i].n[c] == 0 && w != 0.0))
					return fc_error(err, FC_ERR_CORRUPT,
									"fairness.confusion weight out of range");
			}
		}
		if (gt == 0 || gt > INT64_MAX - total)
			return fc_error(err, FC_ERR_CORRUPT,
							"fairness.confusion group count out of range");
		total += gt;
	}
	if (koff != h->keys_used || total != h->total)
		return fc_error(err, FC_ERR_CORRUPT,
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
				!fc_key_part(fc_key(h, i), e->key_len, dims[d],
							 &parts[d].data, &parts[d].len, &parts[d].isnull))
			{
				a->release(a->ctx, s);
				return fc_error(err, FC_ERR_CORRUPT,
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

/* ------------------------------------------------------------------------
 * Growable byte buffer for output
 * ------------------------------------------------------------------------
 */
typedef struct FcBuf
{
	const FcAlloc *a;
	char	   *data;
	size_t		len;
	size_t		cap;
	bool		failed;
} FcBuf;

static void
fc_buf_reserve(FcBuf *b, size_t more)
{
	char	   *n;
	size_t		cap;

	if (b->failed)
		return;
	if (b->cap - b->len > more)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap - b->len <= more)
	{
		if (cap > FC_MAX_BYTES)
		{
			b->failed = true;
			return;
		}
		cap *= 2;
	}
	n = b->a->alloc(b->a->ctx, cap);
	if (n == NULL)
	{
		b->failed = true;
		return;
	}
	if (b->len)
		memcpy(n, b->data, b->len);
	if (b->data)
		b->a->release(b->a->ctx, b->data);
	b->data = n;
	b->cap = cap;
}

static void
fc_buf_put(FcBuf *b, const void *p, size_t n)
{
	fc_buf_reserve(b, n + 1);
	if (b->failed)
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
fc_buf_puts(FcBuf *b, const char *s)
{
	fc_buf_put(b, s, strlen(s));
}

/* JSON string with the escapes RFC 8259 requires; other bytes as they are */
static void
fc_buf_json_string(FcBuf *b, const char *s, uint32_t n)
{
	uint32_t	i;

	fc_buf_put(b, "\"", 1);
	for (i = 0; i < n; i++)
	{
		unsigned char ch = (unsigned char) s[i];

		if (ch == '"')
			fc_buf_put(b, "\\\"", 2);
		else if (ch == '\\')
			fc_buf_put(b, "\\\\", 2);
		else if (ch == '\n')
			fc_buf_put(b, "\\n", 2);
		else if (ch == '\t')
			fc_buf_put(b, "\\t", 2);
		else if (ch == '\r')
			fc_buf_put(b, "\\r", 2);
		else if (ch < 0x20 || ch == 0x7f)
		{
			char		esc[8];

			snprintf(esc, sizeof(esc), "\\u%04x", ch);
			fc_buf_put(b, esc, 6);
		}
		else
			fc_buf_put(b, s + i, 1);
	}
	fc_buf_put(b, "\"", 1);
}

/*
 * fc_format_double
 *		Shortest %g text (up to 17 significant digits) that strtod reads back
 *		as exactly v.  v must be finite.
 */
int
fc_format_double(char *buf, size_t buflen, double v)
{
	int			prec;
	int			n = 0;

	for (prec = 1; prec <= 17; prec++)
	{
		n = snprintf(buf, buflen, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return n;
}

/*
 * fc_format_text
 *		The JSON text form.  Scratch values are formatted through their
 *		canonical form so that output never depends on arrival order.
 */
char *
fc_format_text(const FcAlloc *a, const FcHeader *h, size_t *len, FcError *err)
{
	FcBuf		b;
	const FcHeader *c = h;
	FcHeader   *canon = NULL;
	uint32_t	i;
	char		num[64];

	if (h->flags & FC_F_SCRATCH)
	{
		canon = fc_canonical(a, h, err);
		if (canon == NULL)
			return NULL;
		c = canon;
	}
	memset(&b, 0, sizeof(b));
	b.a = a;
	snprintf(num, sizeof(num), "{\"version\":%d,\"attributes\":%d,\"weighted\":%s,\"groups\":[",
			 FC_FORMAT_VERSION, (int) c->ndims,
			 (c->flags & FC_F_WEIGHTED) ? "true" : "false");
	fc_buf_puts(&b, num);
	for (i = 0; i < c->ngroups && !b.failed; i++)
	{
		const FcEntry *e = &fc_entries(c)[i];
		const char *key = fc_key(c, i);
		int			d,
					k;

		fc_buf_puts(&b, i ? ",{\"group\":" : "{\"group\":");
		if (c->ndims > 1)
			fc_buf_put(&b, "[", 1);
		for (d = 0; d < c->ndims; d++)
		{
			const char *p;
			uint32_t	l;
			bool		isnull;

			if (d > 0)
				fc_buf_put(&b, ",", 1);
			if (!fc_key_part(key, e->key_len, d, &p, &l, &isnull))
			{
				if (b.data)
					a->release(a->ctx, b.data);
				if (canon)
					a->release(a->ctx, canon);
				fc_error(err, FC_ERR_CORRUPT, "fairness.confusion value is corrupted");
				return NULL;
			}
			if (isnull)
				fc_buf_puts(&b, "null");
			else
				fc_buf_json_string(&b, p, l);
		}
		if (c->ndims > 1)
			fc_buf_put(&b, "]", 1);
		for (k = 0; k < FC_NCELLS; k++)
		{
			int			cell = fc_text_order[k];

			if (k >= 4 && e->n[cell] == 0)
				continue;
			snprintf(num, sizeof(num), ",\"%s\":%lld", fc_cell_names[cell],
					 (long long) e->n[cell]);
			fc_buf_puts(&b, num);
		}
		if (c->flags & FC_F_WEIGHTED)
		{
			bool		first = true;

			fc_buf_puts(&b, ",\"weights\":{");
			for (k = 0; k < FC_NCELLS; k++)
			{
				int			cell = fc_text_order[k];
				char		dbl[40];

				if (k >= 4 && e->n[cell] == 0)
					continue;
				fc_format_double(dbl, sizeof(dbl),
								 fc_weights(c)[(size_t) i * FC_NCELLS + cell]);
				snprintf(num, sizeof(num), "%s\"%s\":%s", first ? "" : ",",
						 fc_cell_names[cell], dbl);
				fc_buf_puts(&b, num);
				first = false;
			}
			fc_buf_puts(&b, "}");
		}
		fc_buf_puts(&b, "}");
	}
	fc_buf_puts(&b, "]}");
	if (canon)
		a->release(a->ctx, canon);
	if (b.failed)
	{
		if (b.data)
			a->release(a->ctx, b.data);
		fc_error(err, FC_ERR_LIMIT, "fairness.confusion text form would exceed 1 GB");
		return NULL;
	}
	*len = b.len;
	return b.data;
}

/* ------------------------------------------------------------------------
 * Builder shared by the text and binary parsers: a scratch value that the
 * parsers fill group by group, then validate and canonicalise.
 * ------------------------------------------------------------------------
 */
typedef struct FcBuilder
{
	const FcAlloc *a;
	FcHeader   *h;
	FcError    *err;
	FcErrCode	code;			/* FC_ERR_SYNTAX or FC_ERR_BINARY */
} FcBuilder;

/*
 * fc_builder_group
 *		Add a new group with its counts (and weights, or NULL).  Duplicate
 *		groups are an error, as are negative counts, empty groups, weights
 *		that are not finite and >= 0, and weights on empty cells.
 */
static bool
fc_builder_group(FcBuilder *bld, const FcPart *parts, int nparts,
				 const int64_t *n, const double *w)
{
	uint32_t	before = bld->h->ngroups;
	FcHeader   *old = bld->h;
	int64_t		g;
	int64_t		gt = 0;
	int			c,
				d;

	for (d = 0; d < nparts; d++)
		if (!parts[d].isnull && parts[d].len > FC_MAX_VALUE_BYTES)
		{
			fc_error(bld->err, FC_ERR_LIMIT, "group value is too long");
			fc_detail(bld->err, "A group value is %u bytes; the maximum is %d bytes.",
					  parts[d].len, FC_MAX_VALUE_BYTES);
			return false;
		}
	for (c = 0; c < FC_NCELLS; c++)
	{
		if (n[c] < 0)
		{
			fc_error(bld->err, FC_ERR_RANGE, "count \"%s\" must not be negative",
					 fc_cell_names[c]);
			return false;
		}
		if (n[c] > INT64_MAX - gt)
			return fc_error(bld->err, FC_ERR_RANGE,
							"fairness.confusion row count out of range");
		gt += n[c];
		if (w != NULL && (!isfinite(w[c]) || w[c] < 0.0))
		{
			fc_error(bld->err, FC_ERR_RANGE,
					 "weight \"%s\" must be a finite number >= 0", fc_cell_names[c]);
			return false;
		}
		if (w != NULL && n[c] == 0 && w[c] != 0.0)
		{
			fc_error(bld->err, FC_ERR_VALUE,
					 "weight \"%s\" is not zero but its count is zero", fc_cell_names[c]);
			return false;
		}
	}
	if (gt == 0)
	{
		fc_error(bld->err, FC_ERR_VALUE, "a group must have at least one row");
		fc_detail(bld->err, "Every count of group number %u is zero.", before + 1);
		return false;
	}
	if (gt > INT64_MAX - bld->h->total)
		return fc_error(bld->err, FC_ERR_RANGE,
						"fairness.confusion row count out of range");
	g = fc_lookup_insert(&bld->h, bld->a, parts, nparts, FC_MAX_GROUPS_HARD,
						 bld->err);
	if (old != bld->h)
		bld->a->release(bld->a->ctx, old);
	if (g < 0)
		return false;
	if ((uint32_t) g < before)
	{
		fc_error(bld->err, FC_ERR_VALUE, "duplicate group in fairness.confusion value");
		fc_detail(bld->err, "Group number %u repeats an earlier group.", before + 1);
		return false;
	}
	memcpy(fc_entries(bld->h)[g].n, n, sizeof(int64_t) * FC_NCELLS);
	if (w != NULL)
		memcpy(&fc_weights(bld->h)[(size_t) g * FC_NCELLS], w,
			   sizeof(double) * FC_NCELLS);
	bld->h->total += gt;
	return true;
}

static FcHeader *
fc_builder_finish(FcBuilder *bld)
{
	FcHeader   *out = fc_canonical(bld->a, bld->h, bld->err);

	bld->a->release(bld->a->ctx, bld->h);
	bld->h = NULL;
	return out;
}

static void
fc_builder_abort(FcBuilder *bld)
{
	if (bld->h)
		bld->a->release(bld->a->ctx, bld->h);
	bld->h = NULL;
}

/* ------------------------------------------------------------------------
 * Text form: a small JSON reader for exactly this schema
 *
 * {"version":1,"attributes":N,"weighted":BOOL,"groups":[GROUP,...]}
 * GROUP = {"group":KEY,"tp":INT,...,"weights":{"tp":NUM,...}}
 * KEY   = string | null            when attributes = 1
 *       = [string|null, ...]       with exactly N elements otherwise
 *
 * Keys may come in any order (jsonb reorders them), so the reader keeps a
 * small tree and interprets it afterwards.
 * ------------------------------------------------------------------------
 */
typedef enum
{
	JN_NULL, JN_TRUE, JN_FALSE, JN_NUMBER, JN_STRING, JN_ARRAY, JN_OBJECT
} JsonKind;

typedef struct JsonNode
{
	JsonKind	kind;
	uint32_t	str_off;		/* strings: decoded bytes; numbers: text */
	uint32_t	str_len;
	uint32_t	first;			/* arrays/objects: first child, 0 = none */
	uint32_t	count;			/* children (objects: key,value pairs * 2) */
	uint32_t	next;			/* next sibling, 0 = none */
} JsonNode;

typedef struct JsonReader
{
	const FcAlloc *a;
	const char *s;
	size_t		len;
	size_t		pos;
	bool		ascii_escapes_only;
	JsonNode   *nodes;
	uint32_t	nnodes;
	uint32_t	cap;
	char	   *strs;
	size_t		slen;
	size_t		scap;
	FcError    *err;
	bool		oom;
} JsonReader;

#define JSON_MAX_DEPTH 8

static bool
jr_fail(JsonReader *r, const char *what)
{
	fc_error(r->err, FC_ERR_SYNTAX,
			 "invalid input syntax for type fairness.confusion");
	fc_detail(r->err, "%s at character %zu.", what, r->pos + 1);
	return false;
}

static void
jr_skip_ws(JsonReader *r)
{
	while (r->pos < r->len &&
		   (r->s[r->pos] == ' ' || r->s[r->pos] == '\t' ||
			r->s[r->pos] == '\n' || r->s[r->pos] == '\r'))
		r->pos++;
}

static int64_t
jr_new_node(JsonReader *r, JsonKind kind)
{
	if (r->nnodes == r->cap)
	{
		uint32_t	ncap = r->cap ? r->cap * 2 : 64;
		JsonNode   *n;

		if (ncap > FC_MAX_BYTES / sizeof(JsonNode))
		{
			r->oom = true;
			return -1;
		}
		n = r->a->alloc(r->a->ctx, (size_t) ncap * sizeof(JsonNode));
		if (n == NULL)
		{
			r->oom = true;
			return -1;
		}
		if (r->nodes)
		{
			memcpy(n, r->nodes, (size_t) r->nnodes * sizeof(JsonNode));
			r->a->release(r->a->ctx, r->nodes);
		}
		r->nodes = n;
		r->cap = ncap;
	}
	memset(&r->nodes[r->nnodes], 0, sizeof(JsonNode));
	r->nodes[r->nnodes].kind = kind;
	return r->nnodes++;
}

static bool
jr_put_str(JsonReader *r, const char *p, size_t n)
{
	if (r->scap - r->slen < n + 1)
	{
		size_t		ncap = r->scap ? r->scap : 256;
		char	   *ns;

		while (ncap - r->slen < n + 1)
			ncap *= 2;
		if (ncap > FC_MAX_BYTES)
		{
			r->oom = true;
			return false;
		}
		ns = r->a->alloc(r->a->ctx, ncap);
		if (ns == NULL)
		{
			r->oom = true;
			return false;
		}
		if (r->strs)
		{
			memcpy(ns, r->strs, r->slen);
			r->a->release(r->a->ctx, r->strs);
		}
		r->strs = ns;
		r->scap = ncap;
	}
	memcpy(r->strs + r->slen, p, n);
	r->slen += n;
	return true;
}

static int
jr_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
jr_read_u4(JsonReader *r, uint32_t *cp)
{
	int			i;

	*cp = 0;
	if (r->len - r->pos < 4)
		return jr_fail(r, "Truncated \\u escape");
	for (i = 0; i < 4; i++)
	{
		int			v = jr_hex(r->s[r->pos + i]);

		if (v < 0)
			return jr_fail(r, "Invalid \\u escape");
		*cp = *cp * 16 + (uint32_t) v;
	}
	r->pos += 4;
	return true;
}

/* jr_string: parse a JSON string at r->pos (on the quote) into a node */
static int64_t
jr_string(JsonReader *r)
{
	int64_t		id = jr_new_node(r, JN_STRING);
	size_t		start;

	if (id < 0)
		return -1;
	r->pos++;					/* opening quote */
	/* make sure strs exists: an empty first string must not point at NULL */
	if (!jr_put_str(r, "", 0))
		return -1;
	start = r->slen;
	r->nodes[id].str_off = (uint32_t) start;
	for (;;)
	{
		unsigned char ch;

		if (r->pos >= r->len)
			return jr_fail(r, "Unterminated string"), -1;
		ch = (unsigned char) r->s[r->pos];
		if (ch == '"')
		{
			r->pos++;
			break;
		}
		if (ch < 0x20)
			return jr_fail(r, "Control character in string"), -1;
		if (ch != '\\')
		{
			size_t		run = r->pos;

			while (run < r->len && r->s[run] != '"' && r->s[run] != '\\' &&
				   (unsigned char) r->s[run] >= 0x20)
				run++;
			if (!jr_put_str(r, r->s + r->pos, run - r->pos))
				return -1;
			r->pos = run;
			continue;
		}
		r->pos++;
		if (r->pos >= r->len)
			return jr_fail(r, "Unterminated string"), -1;
		ch = (unsigned char) r->s[r->pos++];
		if (ch != 'u')
		{
			static const char from[] = "\"\\/bfnrt";
			static const char to[] = "\"\\/\b\f\n\r\t";
			const char *e = ch ? strchr(from, ch) : NULL;

			if (e == NULL)
			{
				r->pos--;
				return jr_fail(r, "Invalid escape in string"), -1;
			}
			if (!jr_put_str(r, &to[e - from], 1))
				return -1;
			continue;
		}
		/* \uXXXX, possibly a surrogate pair */
		{
			uint32_t	cp;
			char		utf[4];
			size_t		n;

			if (!jr_read_u4(r, &cp))
				return -1;
			if (cp >= 0xD800 && cp <= 0xDBFF)
			{
				uint32_t	lo;

				if (r->len - r->pos < 2 || r->s[r->pos] != '\\' ||
					r->s[r->pos + 1] != 'u')
					return jr_fail(r, "Unpaired Unicode surrogate"), -1;
				r->pos += 2;
				if (!jr_read_u4(r, &lo))
					return -1;
				if (lo < 0xDC00 || lo > 0xDFFF)
					return jr_fail(r, "Unpaired Unicode surrogate"), -1;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			else if (cp >= 0xDC00 && cp <= 0xDFFF)
				return jr_fail(r, "Unpaired Unicode surrogate"), -1;
			if (cp == 0)
				return jr_fail(r, "\\u0000 cannot be stored in a group name"), -1;
			if (cp > 0x7F && r->ascii_escapes_only)
				return jr_fail(r, "Unicode escape above U+007F in a database whose encoding is not UTF8"), -1;
			if (cp < 0x80)
			{
				utf[0] = (char) cp;
				n = 1;
			}
			else if (cp < 0x800)
			{
				utf[0] = (char) (0xC0 | (cp >> 6));
				utf[1] = (char) (0x80 | (cp & 0x3F));
				n = 2;
			}
			else if (cp < 0x10000)
			{
				utf[0] = (char) (0xE0 | (cp >> 12));
				utf[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
				utf[2] = (char) (0x80 | (cp & 0x3F));
				n = 3;
			}
			else
			{
				utf[0] = (char) (0xF0 | (cp >> 18));
				utf[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
				utf[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
				utf[3] = (char) (0x80 | (cp & 0x3F));
				n = 4;
			}
			if (!jr_put_str(r, utf, n))
				return -1;
		}
	}
	if (r->slen - start > FC_MAX_BYTES)
		return jr_fail(r, "String too long"), -1;
	r->nodes[id].str_len = (uint32_t) (r->slen - start);
	return id;
}

/* jr_number: JSON number grammar; the node keeps its text */
static int64_t
jr_number(JsonReader *r)
{
	size_t		p = r->pos;
	int64_t		id;

	if (p < r->len && r->s[p] == '-')
		p++;
	if (p >= r->len || r->s[p] < '0' || r->s[p] > '9')
		return jr_fail(r, "Invalid number"), -1;
	if (r->s[p] == '0')
		p++;
	else
		while (p < r->len && r->s[p] >= '0' && r->s[p] <= '9')
			p++;
	if (p < r->len && r->s[p] == '.')
	{
		p++;
		if (p >= r->len || r->s[p] < '0' || r->s[p] > '9')
			return jr_fail(r, "Invalid number"), -1;
		while (p < r->len && r->s[p] >= '0' && r->s[p] <= '9')
			p++;
	}
	if (p < r->len && (r->s[p] == 'e' || r->s[p] == 'E'))
	{
		p++;
		if (p < r->len && (r->s[p] == '+' || r->s[p] == '-'))
			p++;
		if (p >= r->len || r->s[p] < '0' || r->s[p] > '9')
			return jr_fail(r, "Invalid number"), -1;
		while (p < r->len && r->s[p] >= '0' && r->s[p] <= '9')
			p++;
	}
	id = jr_new_node(r, JN_NUMBER);
	if (id < 0)
		return -1;
	r->nodes[id].str_off = (uint32_t) r->slen;
	r->nodes[id].str_len = (uint32_t) (p - r->pos);
	if (!jr_put_str(r, r->s + r->pos, p - r->pos))
		return -1;
	r->pos = p;
	return id;
}

static int64_t jr_value(JsonReader *r, int depth);

static bool
jr_literal(JsonReader *r, const char *word)
{
	size_t		n = strlen(word);

	if (r->len - r->pos < n || memcmp(r->s + r->pos, word, n) != 0)
		return jr_fail(r, "Unexpected token");
	r->pos += n;
	return true;
}

/* jr_container: array or object; children linked through `next` */
static int64_t
jr_container(JsonReader *r, int depth, bool object)
{
	int64_t		id = jr_new_node(r, object ? JN_OBJECT : JN_ARRAY);
	int64_t		prev = -1;
	char		close = object ? '}' : ']';

	if (id < 0)
		return -1;
	if (depth > JSON_MAX_DEPTH)
		return jr_fail(r, "Nesting too deep"), -1;
	r->pos++;
	jr_skip_ws(r);
	if (r->pos < r->len && r->s[r->pos] == close)
	{
		r->pos++;
		return id;
	}
	for (;;)
	{
		int64_t		child;
		int			k;

		for (k = 0; k < (object ? 2 : 1); k++)
		{
			jr_skip_ws(r);
			if (object && k == 0)
			{
				if (r->pos >= r->len || r->s[r->pos] != '"')
					return jr_fail(r, "Expected a key string"), -1;
				child = jr_string(r);
			}
			else
				child = jr_value(r, depth + 1);
			if (child < 0)
				return -1;
			if (prev < 0)
				r->nodes[id].first = (uint32_t) child;
			else
				r->nodes[prev].next = (uint32_t) child;
			prev = child;
			r->nodes[id].count++;
			jr_skip_ws(r);
			if (object && k == 0)
			{
				if (r->pos >= r->len || r->s[r->pos] != ':')
					return jr_fail(r, "Expected \":\""), -1;
				r->pos++;
			}
		}
		if (r->pos < r->len && r->s[r->pos] == ',')
		{
			r->pos++;
			continue;
		}
		if (r->pos < r->len && r->s[r->pos] == close)
		{
			r->pos++;
			return id;
		}
		return jr_fail(r, object ? "Expected \",\" or \"}\"" :
					   "Expected \",\" or \"]\""), -1;
	}
}

static int64_t
jr_value(JsonReader *r, int depth)
{
	char		ch;

	jr_skip_ws(r);
	if (r->pos >= r->len)
		return jr_fail(r, "Unexpected end of input"), -1;
	ch = r->s[r->pos];
	if (ch == '{')
		return jr_container(r, depth, true);
	if (ch == '[')
		return jr_container(r, depth, false);
	if (ch == '"')
		return jr_string(r);
	if (ch == '-' || (ch >= '0' && ch <= '9'))
		return jr_number(r);
	if (ch == 't')
		return jr_literal(r, "true") ? jr_new_node(r, JN_TRUE) : -1;
	if (ch == 'f')
		return jr_literal(r, "false") ? jr_new_node(r, JN_FALSE) : -1;
	if (ch == 'n')
		return jr_literal(r, "null") ? jr_new_node(r, JN_NULL) : -1;
	return jr_fail(r, "Unexpected token"), -1;
}

/* ---- interpretation ---- */

static bool
jn_is_key(const JsonReader *r, const JsonNode *k, const char *name)
{
	size_t		n = strlen(name);

	return k->str_len == n && memcmp(r->strs + k->str_off, name, n) == 0;
}

static bool
ji_fail(JsonReader *r, FcErrCode code, const char *msg, const char *detail)
{
	fc_error(r->err, code, "%s", msg);
	if (detail)
		fc_detail(r->err, "%s", detail);
	return false;
}

/* ji_int64: a JSON integer (no fraction, no exponent) in [0, INT64_MAX] */
static bool
ji_int64(JsonReader *r, const JsonNode *n, const char *what, int64_t *out)
{
	const char *p = r->strs + n->str_off;
	uint32_t	i;
	uint64_t	v = 0;

	if (n->kind != JN_NUMBER)
	{
		fc_error(r->err, FC_ERR_SYNTAX,
				 "invalid input syntax for type fairness.confusion");
		fc_detail(r->err, "\"%s\" must be a number.", what);
		return false;
	}
	if (p[0] == '-')
	{
		/* "-0" is zero; anything else negative is out of range */
		for (i = 1; i < n->str_len && (p[i] == '0'); i++)
			;
		if (i == n->str_len)
		{
			*out = 0;
			return true;
		}
		fc_error(r->err, FC_ERR_RANGE, "count \"%s\" must not be negative", what);
		return false;
	}
	for (i = 0; i < n->str_len; i++)
	{
		if (p[i] < '0' || p[i] > '9')
		{
			fc_error(r->err, FC_ERR_SYNTAX,
					 "invalid input syntax for type fairness.confusion");
			fc_detail(r->err, "\"%s\" must be a whole number, not %.*s.", what,
					  (int) (n->str_len > 40 ? 40 : n->str_len), p);
			return false;
		}
		if (v > (uint64_t) (INT64_MAX - (p[i] - '0')) / 10)
		{
			fc_error(r->err, FC_ERR_RANGE,
					 "count \"%s\" is out of range for type bigint", what);
			return false;
		}
		v = v * 10 + (uint64_t) (p[i] - '0');
	}
	*out = (int64_t) v;
	return true;
}

/* ji_double: a JSON number as a finite double */
static bool
ji_double(JsonReader *r, const JsonNode *n, const char *what, double *out)
{
	char		tmp[400];
	char	   *end;

	if (n->kind != JN_NUMBER)
	{
		fc_error(r->err, FC_ERR_SYNTAX,
				 "invalid input syntax for type fairness.confusion");
		fc_detail(r->err, "Weight \"%s\" must be a number.", what);
		return false;
	}
	if (n->str_len >= sizeof(tmp))
	{
		fc_error(r->err, FC_ERR_RANGE, "weight \"%s\" is out of range", what);
		return false;
	}
	memcpy(tmp, r->strs + n->str_off, n->str_len);
	tmp[n->str_len] = '\0';
	errno = 0;
	*out = strtod(tmp, &end);
	if (*end != '\0' || !isfinite(*out) || (errno == ERANGE && fabs(*out) > 1.0))
	{
		fc_error(r->err, FC_ERR_RANGE, "weight \"%s\" is out of range", what);
		return false;
	}
	if (*out < 0.0)
	{
		fc_error(r->err, FC_ERR_RANGE, "weight \"%s\" must be a finite number >= 0",
				 what);
		return false;
	}
	if (*out == 0.0)
		*out = 0.0;				/* no negative zero */
	return true;
}

static int
ji_cell(const JsonReader *r, const JsonNode *k)
{
	int			c;

	for (c = 0; c < FC_NCELLS; c++)
		if (jn_is_key(r, k, fc_cell_names[c]))
			return c;
	return -1;
}

/* ji_key: a group key node into parts; sets *ndims_out on first use */
static bool
ji_key(JsonReader *r, const JsonNode *kn, FcPart *parts, int *nparts)
{
	const JsonNode *el;
	uint32_t	i;

	if (kn->kind == JN_NULL || kn->kind == JN_STRING)
	{
		*nparts = 1;
		parts[0].isnull = (kn->kind == JN_NULL);
		parts[0].data = r->strs + kn->str_off;
		parts[0].len = kn->str_len;
		return true;
	}
	if (kn->kind != JN_ARRAY || kn->count < 1 || kn->count > FC_MAX_DIMS)
		return ji_fail(r, FC_ERR_SYNTAX,
					   "invalid input syntax for type fairness.confusion",
					   "\"group\" must be a string, null, or an array of 1 to 16 strings or nulls.");
	el = &r->nodes[kn->first];
	for (i = 0; i < kn->count; i++)
	{
		if (el->kind != JN_NULL && el->kind != JN_STRING)
			return ji_fail(r, FC_ERR_SYNTAX,
						   "invalid input syntax for type fairness.confusion",
						   "Elements of \"group\" must be strings or nulls.");
		parts[i].isnull = (el->kind == JN_NULL);
		parts[i].data = r->strs + el->str_off;
		parts[i].len = el->str_len;
		el = &r->nodes[el->next];
	}
	*nparts = (int) kn->count;
	return true;
}

static FcHeader *
ji_interpret(JsonReader *r)
{
	const JsonNode *root = &r->nodes[0];
	const JsonNode *k;
	const JsonNode *groups = NULL;
	const JsonNode *g;
	int64_t		version = -1,
				attributes = -1;
	int			weighted = -1;
	uint32_t	i;
	FcBuilder	bld;

	if (root->kind != JN_OBJECT)
		return ji_fail(r, FC_ERR_SYNTAX,
					   "invalid input syntax for type fairness.confusion",
					   "The value must be a JSON object."), NULL;
	k = root->count ? &r->nodes[root->first] : NULL;
	for (i = 0; i < root->count; i += 2)
	{
		const JsonNode *v = &r->nodes[k->next];

		if (jn_is_key(r, k, "version"))
		{
			if (version >= 0 || !ji_int64(r, v, "version", &version))
				return version >= 0 ? ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
											  "Key \"version\" appears twice."), NULL : NULL;
		}
		else if (jn_is_key(r, k, "attributes"))
		{
			if (attributes >= 0 || !ji_int64(r, v, "attributes", &attributes))
				return attributes >= 0 ? ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
												 "Key \"attributes\" appears twice."), NULL : NULL;
		}
		else if (jn_is_key(r, k, "weighted"))
		{
			if (weighted >= 0)
				return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
							   "Key \"weighted\" appears twice."), NULL;
			if (v->kind != JN_TRUE && v->kind != JN_FALSE)
				return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
							   "\"weighted\" must be true or false."), NULL;
			weighted = (v->kind == JN_TRUE);
		}
		else if (jn_is_key(r, k, "groups"))
		{
			if (groups != NULL)
				return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
							   "Key \"groups\" appears twice."), NULL;
			if (v->kind != JN_ARRAY)
				return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
							   "\"groups\" must be an array."), NULL;
			groups = v;
		}
		else
		{
			fc_error(r->err, FC_ERR_SYNTAX,
					 "invalid input syntax for type fairness.confusion");
			fc_detail(r->err, "Unknown key \"%.*s\".",
					  (int) (k->str_len > 64 ? 64 : k->str_len),
					  r->strs + k->str_off);
			fc_hint(r->err, "Known keys are \"version\", \"attributes\", \"weighted\" and \"groups\".");
			return NULL;
		}
		k = v->next ? &r->nodes[v->next] : NULL;
	}
	if (version < 0 || attributes < 0 || groups == NULL)
		return ji_fail(r, FC_ERR_SYNTAX,
					   "invalid input syntax for type fairness.confusion",
					   "The keys \"version\", \"attributes\" and \"groups\" are required."), NULL;
	if (version != FC_FORMAT_VERSION)
	{
		fc_error(r->err, FC_ERR_VALUE,
				 "unsupported fairness.confusion format version %lld",
				 (long long) version);
		fc_detail(r->err, "This release reads format version %d.", FC_FORMAT_VERSION);
		return NULL;
	}
	if (attributes < 1 || attributes > FC_MAX_DIMS)
	{
		fc_error(r->err, FC_ERR_VALUE,
				 "\"attributes\" must be between 1 and %d", FC_MAX_DIMS);
		return NULL;
	}
	if (weighted < 0)
		weighted = 0;

	memset(&bld, 0, sizeof(bld));
	bld.a = r->a;
	bld.err = r->err;
	bld.code = FC_ERR_SYNTAX;
	bld.h = fc_new_scratch(r->a, (int) attributes, weighted, r->err);
	if (bld.h == NULL)
		return NULL;

	g = groups->count ? &r->nodes[groups->first] : NULL;
	for (i = 0; i < groups->count; i++, g = g->next ? &r->nodes[g->next] : NULL)
	{
		const JsonNode *gk;
		const JsonNode *keynode = NULL;
		const JsonNode *wnode = NULL;
		int64_t		n[FC_NCELLS];
		double		w[FC_NCELLS];
		bool		seen[FC_NCELLS];
		FcPart		parts[FC_MAX_DIMS];
		int			nparts = 0;
		uint32_t	j;

		memset(n, 0, sizeof(n));
		memset(w, 0, sizeof(w));
		memset(seen, 0, sizeof(seen));
		if (g->kind != JN_OBJECT)
		{
			fc_builder_abort(&bld);
			return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
						   "Each element of \"groups\" must be an object."), NULL;
		}
		gk = g->count ? &r->nodes[g->first] : NULL;
		for (j = 0; j < g->count; j += 2)
		{
			const JsonNode *v = &r->nodes[gk->next];
			int			c;

			if (jn_is_key(r, gk, "group"))
			{
				if (keynode != NULL)
				{
					fc_builder_abort(&bld);
					return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
								   "Key \"group\" appears twice in a group."), NULL;
				}
				keynode = v;
			}
			else if (jn_is_key(r, gk, "weights"))
			{
				if (wnode != NULL || v->kind != JN_OBJECT)
				{
					fc_builder_abort(&bld);
					return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
								   "\"weights\" must be one object per group."), NULL;
				}
				wnode = v;
			}
			else if ((c = ji_cell(r, gk)) >= 0)
			{
				if (seen[c])
				{
					fc_builder_abort(&bld);
					fc_error(r->err, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion");
					fc_detail(r->err, "Key \"%s\" appears twice in a group.", fc_cell_names[c]);
					return NULL;
				}
				seen[c] = true;
				if (!ji_int64(r, v, fc_cell_names[c], &n[c]))
				{
					fc_builder_abort(&bld);
					return NULL;
				}
			}
			else
			{
				fc_builder_abort(&bld);
				fc_error(r->err, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion");
				fc_detail(r->err, "Unknown key \"%.*s\" in a group.",
						  (int) (gk->str_len > 64 ? 64 : gk->str_len),
						  r->strs + gk->str_off);
				fc_hint(r->err, "Known keys are \"group\", \"weights\", \"tp\", \"fp\", \"tn\", \"fn\", \"label_true_pred_null\", \"label_false_pred_null\", \"label_null_pred_true\", \"label_null_pred_false\" and \"label_null_pred_null\".");
				return NULL;
			}
			gk = v->next ? &r->nodes[v->next] : NULL;
		}
		if (keynode == NULL)
		{
			fc_builder_abort(&bld);
			return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
						   "Every group needs a \"group\" key."), NULL;
		}
		if (!ji_key(r, keynode, parts, &nparts))
		{
			fc_builder_abort(&bld);
			return NULL;
		}
		if (nparts != attributes || (attributes > 1) != (keynode->kind == JN_ARRAY))
		{
			fc_builder_abort(&bld);
			fc_error(r->err, FC_ERR_VALUE,
					 "group key does not match \"attributes\"");
			fc_detail(r->err, "\"attributes\" is %lld but group number %u has %d.",
					  (long long) attributes, i + 1, nparts);
			return NULL;
		}
		if ((wnode != NULL) != (weighted != 0))
		{
			fc_builder_abort(&bld);
			return ji_fail(r, FC_ERR_VALUE,
						   weighted ? "every group of a weighted summary needs \"weights\"" :
						   "\"weights\" given in a summary that is not weighted",
						   NULL), NULL;
		}
		if (wnode != NULL)
		{
			const JsonNode *wk = wnode->count ? &r->nodes[wnode->first] : NULL;
			bool		wseen[FC_NCELLS];

			memset(wseen, 0, sizeof(wseen));
			for (j = 0; j < wnode->count; j += 2)
			{
				const JsonNode *v = &r->nodes[wk->next];
				int			c = ji_cell(r, wk);

				if (c < 0 || wseen[c])
				{
					fc_builder_abort(&bld);
					fc_error(r->err, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion");
					fc_detail(r->err, c < 0 ? "Unknown key \"%.*s\" in \"weights\"." :
							  "Key \"%.*s\" appears twice in \"weights\".",
							  (int) (wk->str_len > 64 ? 64 : wk->str_len),
							  r->strs + wk->str_off);
					return NULL;
				}
				wseen[c] = true;
				if (!ji_double(r, v, fc_cell_names[c], &w[c]))
				{
					fc_builder_abort(&bld);
					return NULL;
				}
				wk = v->next ? &r->nodes[v->next] : NULL;
			}
		}
		if (!fc_builder_group(&bld, parts, nparts, n, weighted ? w : NULL))
		{
			fc_builder_abort(&bld);
			return NULL;
		}
	}
	return fc_builder_finish(&bld);
}

static void
jr_release(JsonReader *r)
{
	if (r->nodes)
		r->a->release(r->a->ctx, r->nodes);
	if (r->strs)
		r->a->release(r->a->ctx, r->strs);
}

FcHeader *
fc_parse_text(const FcAlloc *a, const char *s, size_t len,
			  bool ascii_escapes_only, FcError *err)
{
	JsonReader	r;
	int64_t		root;
	FcHeader   *out = NULL;

	memset(&r, 0, sizeof(r));
	r.a = a;
	r.s = s;
	r.len = len;
	r.err = err;
	r.ascii_escapes_only = ascii_escapes_only;
	root = jr_value(&r, 0);
	if (root >= 0)
	{
		jr_skip_ws(&r);
		if (r.pos != r.len)
			jr_fail(&r, "Unexpected text after the value");
		else
			out = ji_interpret(&r);
	}
	if (r.oom && out == NULL)
		fc_error(err, FC_ERR_LIMIT, "fairness.confusion text value is too large");
	jr_release(&r);
	return out;
}

/* ------------------------------------------------------------------------
 * Binary form (send/recv), network byte order:
 *
 *	uint8 version, uint8 flags (bit 0: weighted), uint16 attributes,
 *	uint32 groups, then per group:
 *		per attribute: int32 length (-1 = NULL) and the bytes,
 *		9 x int64 counts (cell order of FC_CELL), 9 x float8 weights if
 *		weighted.
 * ------------------------------------------------------------------------
 */
static void
fc_put_be(FcBuf *b, uint64_t v, int n)
{
	unsigned char tmp[8];
	int			i;

	for (i = 0; i < n; i++)
		tmp[i] = (unsigned char) (v >> (8 * (n - 1 - i)));
	fc_buf_put(b, tmp, (size_t) n);
}

uint8_t *
fc_encode_binary(const FcAlloc *a, const FcHeader *h, size_t *len,
				 FcError *err)
{
	FcBuf		b;
	const FcHeader *c = h;
	FcHeader   *canon = NULL;
	uint32_t	i;

	if (h->flags & FC_F_SCRATCH)
	{
		canon = fc_canonical(a, h, err);
		if (canon == NULL)
			return NULL;
		c = canon;
	}
	memset(&b, 0, sizeof(b));
	b.a = a;
	fc_put_be(&b, FC_FORMAT_VERSION, 1);
	fc_put_be(&b, (c->flags & FC_F_WEIGHTED) ? 1 : 0, 1);
	fc_put_be(&b, c->ndims, 2);
	fc_put_be(&b, c->ngroups, 4);
	for (i = 0; i < c->ngroups && !b.failed; i++)
	{
		const FcEntry *e = &fc_entries(c)[i];
		int			d,
					k;

		for (d = 0; d < c->ndims; d++)
		{
			const char *p;
			uint32_t	l;
			bool		isnull;

			if (!fc_key_part(fc_key(c, i), e->key_len, d, &p, &l, &isnull))
				b.failed = true;
			else if (isnull)
				fc_put_be(&b, 0xFFFFFFFFu, 4);
			else
			{
				fc_put_be(&b, l, 4);
				fc_buf_put(&b, p, l);
			}
		}
		for (k = 0; k < FC_NCELLS; k++)
			fc_put_be(&b, (uint64_t) e->n[k], 8);
		if (c->flags & FC_F_WEIGHTED)
			for (k = 0; k < FC_NCELLS; k++)
			{
				uint64_t	bits;
				double		w = fc_weights(c)[(size_t) i * FC_NCELLS + k];

				memcpy(&bits, &w, 8);
				fc_put_be(&b, bits, 8);
			}
	}
	if (canon)
		a->release(a->ctx, canon);
	if (b.failed)
	{
		if (b.data)
			a->release(a->ctx, b.data);
		fc_error(err, FC_ERR_LIMIT, "fairness.confusion binary form would exceed 1 GB");
		return NULL;
	}
	*len = b.len;
	return (uint8_t *) b.data;
}

static bool
fc_get_be(const uint8_t *buf, size_t len, size_t *pos, int n, uint64_t *v)
{
	int			i;

	if (len - *pos < (size_t) n || *pos > len)
		return false;
	*v = 0;
	for (i = 0; i < n; i++)
		*v = (*v << 8) | buf[*pos + i];
	*pos += n;
	return true;
}

static FcHeader *
fc_binary_fail(FcBuilder *bld, const char *detail, size_t pos)
{
	fc_builder_abort(bld);
	fc_error(bld->err, FC_ERR_BINARY,
			 "invalid binary representation of fairness.confusion");
	fc_detail(bld->err, "%s at byte %zu.", detail, pos);
	return NULL;
}

FcHeader *
fc_decode_binary(const FcAlloc *a, const uint8_t *buf, size_t len,
				 FcError *err)
{
	size_t		pos = 0;
	uint64_t	version,
				flags,
				ndims,
				ngroups,
				v;
	uint64_t	i;
	FcBuilder	bld;

	memset(&bld, 0, sizeof(bld));
	bld.a = a;
	bld.err = err;
	bld.code = FC_ERR_BINARY;
	if (!fc_get_be(buf, len, &pos, 1, &version) ||
		!fc_get_be(buf, len, &pos, 1, &flags) ||
		!fc_get_be(buf, len, &pos, 2, &ndims) ||
		!fc_get_be(buf, len, &pos, 4, &ngroups))
		return fc_binary_fail(&bld, "Truncated header", pos);
	if (version != FC_FORMAT_VERSION)
	{
		fc_error(err, FC_ERR_BINARY,
				 "unsupported fairness.confusion format version %u",
				 (unsigned) version);
		return NULL;
	}
	if ((flags & ~1u) != 0)
		return fc_binary_fail(&bld, "Unknown flags", 1);
	if (ndims < 1 || ndims > FC_MAX_DIMS)
		return fc_binary_fail(&bld, "Number of attributes out of range", 2);
	/* each group needs at least 4*ndims + 72 bytes: bound before allocating */
	if (ngroups > FC_MAX_GROUPS_HARD ||
		ngroups > (len - pos) / (4 * ndims + 72))
		return fc_binary_fail(&bld, "Number of groups does not fit the data", 4);
	bld.h = fc_new_scratch(a, (int) ndims, (flags & 1) != 0, err);
	if (bld.h == NULL)
		return NULL;
	for (i = 0; i < ngroups; i++)
	{
		FcPart		parts[FC_MAX_DIMS];
		int64_t		n[FC_NCELLS];
		double		w[FC_NCELLS];
		uint64_t	d;
		int			c;

		for (d = 0; d < ndims; d++)
		{
			if (!fc_get_be(buf, len, &pos, 4, &v))
				return fc_binary_fail(&bld, "Truncated group key", pos);
			if (v == 0xFFFFFFFFu)
			{
				parts[d].isnull = true;
				parts[d].data = NULL;
				parts[d].len = 0;
				continue;
			}
			if (v > FC_MAX_VALUE_BYTES)
			{
				fc_builder_abort(&bld);
				fc_error(err, FC_ERR_LIMIT, "group value is too long");
				fc_detail(err, "A group value is %llu bytes; the maximum is %d bytes.",
						  (unsigned long long) v, FC_MAX_VALUE_BYTES);
				return NULL;
			}
			if (len - pos < v)
				return fc_binary_fail(&bld, "Truncated group key", pos);
			parts[d].isnull = false;
			parts[d].data = (const char *) buf + pos;
			parts[d].len = (uint32_t) v;
			if (memchr(parts[d].data, '\0', v) != NULL)
				return fc_binary_fail(&bld, "Zero byte in a group name", pos);
			pos += v;
		}
		for (c = 0; c < FC_NCELLS; c++)
		{
			if (!fc_get_be(buf, len, &pos, 8, &v))
				return fc_binary_fail(&bld, "Truncated counts", pos);
			n[c] = (int64_t) v;
		}
		if (flags & 1)
			for (c = 0; c < FC_NCELLS; c++)
			{
				if (!fc_get_be(buf, len, &pos, 8, &v))
					return fc_binary_fail(&bld, "Truncated weights", pos);
				memcpy(&w[c], &v, 8);
				if (w[c] == 0.0)
					w[c] = 0.0;
			}
		if (!fc_builder_group(&bld, parts, (int) ndims, n, (flags & 1) ? w : NULL))
		{
			fc_builder_abort(&bld);
			return NULL;
		}
	}
	if (pos != len)
		return fc_binary_fail(&bld, "Trailing bytes", pos);
	return fc_builder_finish(&bld);
}
