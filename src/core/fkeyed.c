/*-------------------------------------------------------------------------
 *
 * fkeyed.c
 *	  The keyed-summary core (see fkeyed.h): group keys and their one
 *	  validation, errors, the out-of-line half of the group index
 *	  (fkindex.h), the container of fairness.scores and fairness.outcomes
 *	  (layout, growth), the output buffer, the binary helpers and the JSON
 *	  reader of every type.  No PostgreSQL header.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fkeyed.h"
#include "fkindex.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FK_JSON_MAX_DEPTH	8

/* ------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------
 */

/* fk_error: fill *err with a code and message; always returns false */
bool
fk_error(FcError *err, FcErrCode code, const char *fmt,...)
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

/* fk_detail: an errdetail-like sentence for the last error */
void
fk_detail(FcError *err, const char *fmt,...)
{
	va_list		ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
}

/* fk_hint: an errhint-like sentence for the last error */
void
fk_hint(FcError *err, const char *fmt,...)
{
	va_list		ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------------
 * Group keys: encoding, order, the one validation
 * ------------------------------------------------------------------------
 */
/* fk_key_part: see fkeyed.h */
bool
fk_key_part(const char *key, uint32_t key_len, int d,
			const char **data, uint32_t *len, bool *isnull)
{
	uint32_t	off = 0;
	int			i;

	for (i = 0;; i++)
	{
		uint32_t	l;

		if (key_len - off < 4 || off > key_len)
			return false;
		l = fk_u32(key + off);
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

/* fk_key_cmp: see fkeyed.h */
int
fk_key_cmp(const char *a, uint32_t alen, const char *b, uint32_t blen,
		   int ndims)
{
	uint32_t	ao = 0,
				bo = 0;
	int			d;

	(void) alen;
	(void) blen;
	for (d = 0; d < ndims; d++)
	{
		uint32_t	al = fk_u32(a + ao);
		uint32_t	bl = fk_u32(b + bo);

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

/* fk_key_valid: see fkeyed.h */
bool
fk_key_valid(const char *key, uint32_t key_len, int ndims, bool names)
{
	uint32_t	off = 0;
	int			d;

	for (d = 0; d < ndims; d++)
	{
		uint32_t	l;

		if (key_len - off < 4)
			return false;
		l = fk_u32(key + off);
		off += 4;
		if (l == FC_NULL_LEN)
			continue;
		if (l > key_len - off)
			return false;
		/* no input path accepts a zero byte in a name (text cannot hold one) */
		if (names && (l > FC_MAX_VALUE_BYTES ||
					  (l > 0 && memchr(key + off, '\0', l) != NULL)))
			return false;
		off += l;
	}
	return off == key_len;
}

/* fk_check_parts: see fkeyed.h */
bool
fk_check_parts(const FcPart *parts, int nparts, FcError *err)
{
	int			d;

	for (d = 0; d < nparts; d++)
		if (!parts[d].isnull && parts[d].len > FC_MAX_VALUE_BYTES)
		{
			fk_error(err, FC_ERR_LIMIT, "group value is too long");
			fk_detail(err, "A group value is %u bytes; the maximum is %d bytes.",
					  parts[d].len, FC_MAX_VALUE_BYTES);
			fk_hint(err, "Group by a protected attribute (a short category such as gender), not by free text.");
			return false;
		}
	return true;
}

/*
 * fk_format_double
 *		Shortest %g text (up to 17 significant digits) that strtod reads back
 *		as exactly v.  v must be finite.
 */
int
fk_format_double(char *buf, size_t buflen, double v)
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

/* ------------------------------------------------------------------------
 * Layout
 * ------------------------------------------------------------------------
 */

#define FK_ALIGN8(x) (((x) + 7) & ~(uint64_t) 7)

/*
 * fk_layout_size
 *		Total bytes for a shape, computed in 64 bits; 0 when it would exceed
 *		FC_MAX_BYTES (callers report FC_ERR_LIMIT).
 */
uint64_t
fk_layout_size(uint64_t header_size, uint64_t capacity, uint64_t entry_size,
			   uint64_t dense_size, uint64_t nbuckets, uint64_t keys_cap,
			   uint64_t blob_cap)
{
	uint64_t	sz;

	if (capacity > FC_MAX_BYTES || entry_size > FC_MAX_BYTES ||
		dense_size > FC_MAX_BYTES || nbuckets > FC_MAX_BYTES ||
		keys_cap > FC_MAX_BYTES || blob_cap > FC_MAX_BYTES ||
		header_size > FC_MAX_BYTES)
		return 0;
	sz = header_size + capacity * entry_size;
	if (dense_size != 0 && capacity > (FC_MAX_BYTES - sz) / dense_size)
		return 0;
	sz += capacity * dense_size;
	sz += FK_ALIGN8(nbuckets * sizeof(uint32_t));
	sz += FK_ALIGN8(keys_cap);
	sz += blob_cap;
	if (sz > FC_MAX_BYTES)
		return 0;
	return sz;
}

static size_t
fk_off_dense(const FkHeader *h)
{
	return h->header_size + (size_t) h->capacity * h->entry_size;
}

static size_t
fk_off_buckets(const FkHeader *h)
{
	return fk_off_dense(h) + (size_t) h->capacity * h->dense_size;
}

static size_t
fk_off_keys(const FkHeader *h)
{
	return fk_off_buckets(h) + FK_ALIGN8((size_t) h->nbuckets * sizeof(uint32_t));
}

static size_t
fk_off_blob(const FkHeader *h)
{
	return fk_off_keys(h) + FK_ALIGN8(h->keys_cap);
}

/* fk_size: total bytes of a value (what VARSIZE must say) */
size_t
fk_size(const FkHeader *h)
{
	return fk_off_blob(h) + h->blob_cap;
}

void *
fk_entry(const FkHeader *h, uint32_t i)
{
	return (char *) h + h->header_size + (size_t) i * h->entry_size;
}

void *
fk_dense(const FkHeader *h, uint32_t i)
{
	return (char *) h + fk_off_dense(h) + (size_t) i * h->dense_size;
}

static uint32_t *
fk_buckets(const FkHeader *h)
{
	return (uint32_t *) ((char *) h + fk_off_buckets(h));
}

static char *
fk_keys(const FkHeader *h)
{
	return (char *) h + fk_off_keys(h);
}

const char *
fk_key(const FkHeader *h, uint32_t i)
{
	return fk_keys(h) + ((const FkEntry *) fk_entry(h, i))->key_off;
}

uint32_t
fk_key_len(const FkHeader *h, uint32_t i)
{
	return ((const FkEntry *) fk_entry(h, i))->key_len;
}

unsigned char *
fk_blob(const FkHeader *h)
{
	return (unsigned char *) h + fk_off_blob(h);
}

/*
 * fk_check_header
 *		Sanity check of a value read from storage, so that a value of a
 *		future format version (or a damaged one) is refused cleanly: O(1)
 *		for the header, O(groups) for the key offsets.
 */
bool
fk_check_header(const FkHeader *h, size_t size, const char *tname,
				uint8_t version, uint32_t header_size, uint32_t entry_size,
				uint32_t dense_size, FcError *err)
{
	uint64_t	expect;
	uint32_t	i;

	if (size < sizeof(FkHeader) || size < header_size)
		return fk_error(err, FC_ERR_CORRUPT, "%s value is truncated", tname);
	if (h->version != version)
	{
		fk_error(err, FC_ERR_CORRUPT, "unsupported %s format version %u",
				 tname, (unsigned) h->version);
		fk_detail(err, "This release reads format version %u.",
				  (unsigned) version);
		fk_hint(err, "The value was written by a newer release of the fairness extension: update the extension.");
		return false;
	}
	if ((h->flags & ~FK_F_KNOWN) != 0 || h->ndims < 1 ||
		h->ndims > FC_MAX_DIMS || h->ngroups > h->capacity ||
		h->keys_used > h->keys_cap || h->blob_used > h->blob_cap ||
		(h->nbuckets & (h->nbuckets - 1)) != 0 ||
		h->header_size != header_size || h->entry_size != entry_size ||
		h->dense_size != dense_size || h->pad != 0 || h->total < 0)
		return fk_error(err, FC_ERR_CORRUPT, "%s value is corrupted", tname);
	expect = fk_layout_size(h->header_size, h->capacity, h->entry_size,
							h->dense_size, h->nbuckets, h->keys_cap,
							h->blob_cap);
	if (expect == 0 || expect != size)
		return fk_error(err, FC_ERR_CORRUPT, "%s value is corrupted", tname);
	/* every key well formed and inside the key area: readers never leave
	 * the value (fk_key_cmp trusts keys to be well formed) */
	for (i = 0; i < h->ngroups; i++)
	{
		const FkEntry *e = (const FkEntry *) fk_entry(h, i);

		if (e->key_off > h->keys_used || e->key_len > h->keys_used - e->key_off)
			return fk_error(err, FC_ERR_CORRUPT, "%s value is corrupted", tname);
		if (!fk_key_valid((const char *) h + fk_off_keys(h) + e->key_off,
						  e->key_len, h->ndims, false))
			return fk_error(err, FC_ERR_CORRUPT, "%s value is corrupted", tname);
	}
	return true;
}

/* ------------------------------------------------------------------------
 * Keys and the hash index
 * ------------------------------------------------------------------------
 */
/* fk_names_ok: see fkeyed.h */
bool
fk_names_ok(const FkHeader *h, uint32_t i)
{
	return fk_key_valid(fk_key(h, i), fk_key_len(h, i), h->ndims, true);
}

/* fk_parts: the key parts of group i */
bool
fk_parts(const FkHeader *h, uint32_t i, FcPart *parts)
{
	int			d;

	for (d = 0; d < h->ndims; d++)
		if (!fk_key_part(fk_key(h, i), fk_key_len(h, i), d, &parts[d].data,
						 &parts[d].len, &parts[d].isnull))
			return false;
	return true;
}

/* fk_nbuckets_for: see fkindex.h */
uint32_t
fk_nbuckets_for(uint32_t capacity)
{
	uint32_t	nb = 1;

	if (capacity <= FC_LINEAR_MAX)
		return 0;
	while (nb < 2 * (uint64_t) capacity)
		nb <<= 1;
	return nb;
}

/* fk_index_rebuild: see fkindex.h */
void
fk_index_rebuild(FkEntry *first, size_t stride, const char *keys,
				 uint32_t ngroups, uint32_t *buckets, uint32_t nbuckets)
{
	uint32_t	i;

	for (i = 0; i < ngroups; i++)
	{
		FkEntry    *e = (FkEntry *) fk_ref(first, stride, i);

		/* always recomputed: see fk_hash_key */
		e->hash = fk_hash_key(keys + e->key_off, e->key_len);
		if (nbuckets)
			fk_bucket_put(buckets, nbuckets, e->hash, i);
	}
}

/* fk_sort_keys: see fkindex.h (a bottom-up merge sort: qsort has no context) */
void
fk_sort_keys(const FkEntry *first, size_t stride, const char *keys, int ndims,
			 uint32_t *idx, uint32_t *tmp, uint32_t n)
{
	uint32_t	width;

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
				const FkEntry *a = fk_ref(first, stride, idx[i]);
				const FkEntry *b = fk_ref(first, stride, idx[j]);

				if (fk_key_cmp(keys + a->key_off, a->key_len,
							   keys + b->key_off, b->key_len, ndims) <= 0)
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

/* fk_index_find_key: see fkindex.h */
int64_t
fk_index_find_key(const FkEntry *first, size_t stride, const char *keys,
				  const uint32_t *buckets, uint32_t nbuckets,
				  uint32_t ngroups, bool scratch, int ndims,
				  const char *key, uint32_t key_len)
{
	if (!scratch)
	{
		int64_t		lo = 0,
					hi = (int64_t) ngroups - 1;

		while (lo <= hi)
		{
			int64_t		mid = lo + (hi - lo) / 2;
			const FkEntry *e = fk_ref(first, stride, (uint32_t) mid);
			int			c = fk_key_cmp(keys + e->key_off, e->key_len,
									   key, key_len, ndims);

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

		for (d = 0; d < ndims; d++)
			if (!fk_key_part(key, key_len, d, &parts[d].data, &parts[d].len,
							 &parts[d].isnull))
				return -1;
		return fk_index_find(first, stride, keys, buckets, nbuckets, ngroups,
							 parts, ndims);
	}
}

static FkHeader *
fk_alloc(const FcAlloc *a, uint64_t size, FcError *err, const char *tname)
{
	FkHeader   *h;

	if (size == 0 || size > FC_MAX_BYTES)
	{
		fk_error(err, FC_ERR_LIMIT, "%s value would exceed 1 GB", tname);
		fk_hint(err, "Use fewer groups, fewer bins or shorter group names.");
		return NULL;
	}
	h = a->alloc(a->ctx, (size_t) size);
	if (h == NULL)
		fk_error(err, FC_ERR_NOMEM, "out of memory");
	return h;
}

/*
 * fk_relayout
 *		A scratch copy of h with the given room; see fkeyed.h.
 */
FkHeader *
fk_relayout(const FcAlloc *a, const FkHeader *h, uint64_t capacity,
			uint64_t keys_cap, uint64_t blob_cap, uint32_t dense_size,
			FcError *err, const char *tname)
{
	uint32_t	nb;
	uint64_t	size;
	FkHeader   *n;
	uint32_t	i;
	uint32_t	keep_dense = dense_size < h->dense_size ? dense_size : h->dense_size;

	if (capacity > FC_MAX_GROUPS_HARD)
		capacity = FC_MAX_GROUPS_HARD;
	if (capacity < h->ngroups)
		capacity = h->ngroups;
	if (keys_cap < h->keys_used)
		keys_cap = h->keys_used;
	nb = fk_nbuckets_for((uint32_t) capacity);
	size = fk_layout_size(h->header_size, capacity, h->entry_size,
						  dense_size, nb, keys_cap, blob_cap);
	n = fk_alloc(a, size, err, tname);
	if (n == NULL)
		return NULL;
	memcpy(n, h, h->header_size);
	n->flags = h->flags | FK_F_SCRATCH;
	n->capacity = (uint32_t) capacity;
	n->nbuckets = nb;
	n->keys_cap = (uint32_t) keys_cap;
	n->blob_cap = (uint32_t) blob_cap;
	n->dense_size = dense_size;
	memcpy(fk_entry(n, 0), fk_entry(h, 0), (size_t) h->ngroups * h->entry_size);
	if (keep_dense > 0)
		for (i = 0; i < h->ngroups; i++)
			memcpy(fk_dense(n, i), fk_dense(h, i), keep_dense);
	memcpy(fk_keys(n), fk_keys(h), h->keys_used);
	if (blob_cap >= h->blob_used)
	{
		if (h->blob_used)
			memcpy(fk_blob(n), fk_blob(h), h->blob_used);
	}
	else
		n->blob_used = 0;		/* blob dropped */
	fk_index_rebuild((FkEntry *) fk_entry(n, 0), n->entry_size, fk_keys(n),
					 n->ngroups, fk_buckets(n), nb);
	if (n->last >= n->ngroups)
		n->last = 0;
	return n;
}

/* fk_new: an empty scratch value; see fkeyed.h */
FkHeader *
fk_new(const FcAlloc *a, const FkHeader *proto, uint32_t capacity,
	   FcError *err, const char *tname)
{
	FkHeader   *n;
	uint32_t	nb = fk_nbuckets_for(capacity);
	uint64_t	size;

	if (proto->ndims < 1 || proto->ndims > FC_MAX_DIMS)
	{
		fk_error(err, FC_ERR_LIMIT,
				 "a group key must have between 1 and %d attributes",
				 FC_MAX_DIMS);
		fk_detail(err, "It has %d.", (int) proto->ndims);
		return NULL;
	}
	size = fk_layout_size(proto->header_size, capacity, proto->entry_size,
						  proto->dense_size, nb, 64, 0);
	n = fk_alloc(a, size, err, tname);
	if (n == NULL)
		return NULL;
	memcpy(n, proto, proto->header_size);
	n->flags = (uint8_t) (proto->flags | FK_F_SCRATCH);
	n->ngroups = 0;
	n->capacity = capacity;
	n->nbuckets = nb;
	n->keys_used = 0;
	n->keys_cap = 64;
	n->last = 0;
	n->blob_used = 0;
	n->blob_cap = 0;
	n->pad = 0;
	n->total = 0;
	return n;
}

static int64_t
fk_find_parts(const FkHeader *h, const FcPart *parts, int nparts)
{
	return fk_index_find((const FkEntry *) fk_entry(h, 0), h->entry_size,
						 fk_keys(h), fk_buckets(h), h->nbuckets, h->ngroups,
						 parts, nparts);
}

/*
 * fk_find_key
 *		Index of the group whose encoded key is `key`, or -1: binary search
 *		on canonical values, hash or scan on scratch ones.
 */
int64_t
fk_find_key(const FkHeader *h, const char *key, uint32_t key_len)
{
	return fk_index_find_key((const FkEntry *) fk_entry(h, 0), h->entry_size,
							 fk_keys(h), fk_buckets(h), h->nbuckets,
							 h->ngroups, (h->flags & FK_F_SCRATCH) != 0,
							 h->ndims, key, key_len);
}

/*
 * fk_lookup_insert
 *		Group index for key parts, appending a new (zeroed) group if absent.
 *		The last group hit is tried first: rows often come in runs.
 */
int64_t
fk_lookup_insert(FkHeader **ph, const FcAlloc *a, const FcPart *parts,
				 int nparts, int64_t max_groups, const char *tname,
				 FcError *err)
{
	FkHeader   *h = *ph;
	FkEntry    *e;
	int64_t		found;
	uint32_t	klen;
	uint32_t	i;

	if (!(h->flags & FK_F_SCRATCH))
	{
		fk_error(err, FC_ERR_CORRUPT, "%s value is not an aggregate state",
				 tname);
		return -1;
	}
	if (nparts != h->ndims)
	{
		fk_error(err, FC_ERR_MISMATCH,
				 "group keys of one summary must all have the same number of attributes");
		fk_detail(err, "The summary has %d attributes per group; this row has %d.",
				  (int) h->ndims, nparts);
		return -1;
	}
	if (h->ngroups > 0)
	{
		if (fk_key_equals_parts(fk_key(h, h->last), fk_key_len(h, h->last),
								parts, nparts))
			return h->last;
		found = fk_find_parts(h, parts, nparts);
		if (found >= 0)
		{
			h->last = (uint32_t) found;
			return found;
		}
	}
	if (!fk_check_parts(parts, nparts, err))
		return -1;
	if ((int64_t) h->ngroups >= max_groups || h->ngroups >= FC_MAX_GROUPS_HARD)
	{
		fk_error(err, FC_ERR_TOO_MANY_GROUPS, "too many groups in %s", tname);
		fk_detail(err, "The summary already has %u groups; the limit fairness.max_groups is %lld.",
				  h->ngroups, (long long) max_groups);
		fk_hint(err, "The group column looks like an identifier: group by a protected attribute such as gender, or raise fairness.max_groups.");
		return -1;
	}
	klen = fk_key_len_parts(parts, nparts);
	if (h->ngroups == h->capacity || h->keys_cap - h->keys_used < klen)
	{
		uint64_t	cap = h->capacity ? h->capacity : 1;
		uint64_t	kcap = h->keys_cap ? h->keys_cap : 64;
		FkHeader   *n;

		if (h->ngroups == h->capacity)
			cap = cap * 2;
		while (kcap - h->keys_used < klen)
			kcap = kcap * 2;
		n = fk_relayout(a, h, cap, kcap, h->blob_cap, h->dense_size, err,
						tname);
		if (n == NULL)
			return -1;
		*ph = h = n;
	}
	i = h->ngroups++;
	e = (FkEntry *) fk_entry(h, i);
	memset(e, 0, h->entry_size);
	if (h->dense_size)
		memset(fk_dense(h, i), 0, h->dense_size);
	e->key_off = h->keys_used;
	e->key_len = klen;
	fk_key_encode(fk_keys(h) + e->key_off, parts, nparts);
	h->keys_used += klen;
	e->hash = fk_hash_parts(parts, nparts);
	if (h->nbuckets)
		fk_bucket_put(fk_buckets(h), h->nbuckets, e->hash, i);
	h->last = i;
	return i;
}

/* fk_sorted: see fkeyed.h */
uint32_t *
fk_sorted(const FcAlloc *a, const FkHeader *h,
		  bool (*keep) (const FkHeader *h, uint32_t i, void *ctx), void *ctx,
		  uint32_t *n, FcError *err)
{
	uint32_t   *idx = a->alloc(a->ctx, ((size_t) h->ngroups + 1) * sizeof(uint32_t));
	uint32_t   *tmp = a->alloc(a->ctx, ((size_t) h->ngroups + 1) * sizeof(uint32_t));
	uint32_t	i,
				k = 0;

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
		if (keep == NULL || keep(h, i, ctx))
			idx[k++] = i;
	if (h->flags & FK_F_SCRATCH)
		fk_sort_keys((const FkEntry *) fk_entry(h, 0), h->entry_size, fk_keys(h),
					 h->ndims, idx, tmp, k);
	a->release(a->ctx, tmp);
	*n = k;
	return idx;
}

/*
 * fk_add
 *		Neumaier-compensated addition: long sums, and sums from which a
 *		moving window removes rows again, stay correct to the last bit in
 *		ordinary data.
 */
void
fk_add(double *sum, double *comp, double x)
{
	double		s = *sum;
	double		t = s + x;

	if (fabs(s) >= fabs(x))
		*comp += (s - t) + x;
	else
		*comp += (x - t) + s;
	*sum = t;
}

/* ------------------------------------------------------------------------
 * Output buffer
 * ------------------------------------------------------------------------
 */
static void
fk_buf_reserve(FkBuf *b, size_t more)
{
	char	   *n;
	size_t		cap;

	if (b->failed || b->cap - b->len > more)
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

void
fk_buf_put(FkBuf *b, const void *p, size_t n)
{
	fk_buf_reserve(b, n + 1);
	if (b->failed)
		return;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
fk_buf_puts(FkBuf *b, const char *s)
{
	fk_buf_put(b, s, strlen(s));
}

void
fk_buf_printf(FkBuf *b, const char *fmt,...)
{
	char		tmp[512];
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t) n >= sizeof(tmp))
	{
		b->failed = true;
		return;
	}
	fk_buf_put(b, tmp, (size_t) n);
}

/*
 * fk_buf_double
 *		Shortest text that reads back as exactly v (finite); whole numbers
 *		without an exponent.
 */
void
fk_buf_double(FkBuf *b, double v)
{
	char		tmp[40];

	if (v == 0.0)
		v = 0.0;				/* never "-0" */
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(tmp, sizeof(tmp), "%.0f", v);	/* 10, not 1e+01 */
	else
		fk_format_double(tmp, sizeof(tmp), v);
	fk_buf_puts(b, tmp);
}

void
fk_buf_json_string(FkBuf *b, const char *s, uint32_t n)
{
	uint32_t	i;

	fk_buf_put(b, "\"", 1);
	for (i = 0; i < n; i++)
	{
		unsigned char ch = (unsigned char) s[i];

		if (ch == '"')
			fk_buf_put(b, "\\\"", 2);
		else if (ch == '\\')
			fk_buf_put(b, "\\\\", 2);
		else if (ch == '\n')
			fk_buf_put(b, "\\n", 2);
		else if (ch == '\t')
			fk_buf_put(b, "\\t", 2);
		else if (ch == '\r')
			fk_buf_put(b, "\\r", 2);
		else if (ch < 0x20 || ch == 0x7f)
			fk_buf_printf(b, "\\u%04x", ch);
		else
			fk_buf_put(b, s + i, 1);
	}
	fk_buf_put(b, "\"", 1);
}

bool
fk_buf_json_key(FkBuf *b, const char *key, uint32_t key_len, int ndims)
{
	int			d;

	if (ndims > 1)
		fk_buf_put(b, "[", 1);
	for (d = 0; d < ndims; d++)
	{
		const char *p;
		uint32_t	l;
		bool		isnull;

		if (d > 0)
			fk_buf_put(b, ",", 1);
		if (!fk_key_part(key, key_len, d, &p, &l, &isnull))
			return false;
		if (isnull)
			fk_buf_puts(b, "null");
		else
			fk_buf_json_string(b, p, l);
	}
	if (ndims > 1)
		fk_buf_put(b, "]", 1);
	return true;
}

void
fk_buf_be(FkBuf *b, uint64_t v, int nbytes)
{
	unsigned char tmp[8];
	int			i;

	for (i = 0; i < nbytes; i++)
		tmp[i] = (unsigned char) (v >> (8 * (nbytes - 1 - i)));
	fk_buf_put(b, tmp, (size_t) nbytes);
}

void
fk_buf_be_double(FkBuf *b, double v)
{
	uint64_t	bits;

	if (v == 0.0)
		v = 0.0;
	memcpy(&bits, &v, 8);
	fk_buf_be(b, bits, 8);
}

void
fk_buf_be_key(FkBuf *b, const char *key, uint32_t key_len, int ndims)
{
	int			d;

	for (d = 0; d < ndims; d++)
	{
		const char *p;
		uint32_t	l;
		bool		isnull;

		if (!fk_key_part(key, key_len, d, &p, &l, &isnull))
		{
			b->failed = true;
			return;
		}
		if (isnull)
			fk_buf_be(b, 0xFFFFFFFFu, 4);
		else
		{
			fk_buf_be(b, l, 4);
			fk_buf_put(b, p, l);
		}
	}
}

void
fk_buf_release(FkBuf *b)
{
	if (b->data)
		b->a->release(b->a->ctx, b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* ------------------------------------------------------------------------
 * Binary reader
 * ------------------------------------------------------------------------
 */
bool
fk_rd_be(FkReader *r, int nbytes, uint64_t *v)
{
	int			i;

	if (r->pos > r->len || r->len - r->pos < (size_t) nbytes)
		return false;
	*v = 0;
	for (i = 0; i < nbytes; i++)
		*v = (*v << 8) | r->buf[r->pos + i];
	r->pos += nbytes;
	return true;
}

bool
fk_rd_double(FkReader *r, double *v)
{
	uint64_t	bits;

	if (!fk_rd_be(r, 8, &bits))
		return false;
	memcpy(v, &bits, 8);
	return true;
}

bool
fk_rd_key(FkReader *r, int ndims, FcPart *parts, const char *tname,
		  FcError *err)
{
	int			d;

	for (d = 0; d < ndims; d++)
	{
		uint64_t	v;

		if (!fk_rd_be(r, 4, &v))
		{
			fk_error(err, FC_ERR_BINARY, "invalid binary representation of %s", tname);
			fk_detail(err, "Truncated group key at byte %zu.", r->pos);
			return false;
		}
		if (v == 0xFFFFFFFFu)
		{
			parts[d].isnull = true;
			parts[d].data = NULL;
			parts[d].len = 0;
			continue;
		}
		if (v > FC_MAX_VALUE_BYTES)
		{
			fk_error(err, FC_ERR_LIMIT, "group value is too long");
			fk_detail(err, "A group value is %llu bytes; the maximum is %d bytes.",
					  (unsigned long long) v, FC_MAX_VALUE_BYTES);
			return false;
		}
		if (r->len - r->pos < v)
		{
			fk_error(err, FC_ERR_BINARY, "invalid binary representation of %s", tname);
			fk_detail(err, "Truncated group key at byte %zu.", r->pos);
			return false;
		}
		parts[d].isnull = false;
		parts[d].data = (const char *) r->buf + r->pos;
		parts[d].len = (uint32_t) v;
		if (v > 0 && memchr(parts[d].data, '\0', v) != NULL)
		{
			fk_error(err, FC_ERR_BINARY, "invalid binary representation of %s", tname);
			fk_detail(err, "Zero byte in a group name at byte %zu.", r->pos);
			return false;
		}
		r->pos += v;
	}
	return true;
}

/* ------------------------------------------------------------------------
 * JSON reader: the whole document into a tree of nodes, then the type
 * interprets it (keys may come in any order, as jsonb reorders them).
 * ------------------------------------------------------------------------
 */
static bool
fkj_fail_at(FkJson *j, const char *what)
{
	fk_error(j->err, FC_ERR_SYNTAX, "invalid input syntax for type %s", j->tname);
	fk_detail(j->err, "%s at character %zu.", what, j->pos + 1);
	return false;
}

/* fkj_fail: a syntax error about the document's content */
bool
fkj_fail(FkJson *j, const char *detail)
{
	fk_error(j->err, FC_ERR_SYNTAX, "invalid input syntax for type %s", j->tname);
	if (detail)
		fk_detail(j->err, "%s", detail);
	return false;
}

static void
fkj_skip_ws(FkJson *j)
{
	while (j->pos < j->len &&
		   (j->s[j->pos] == ' ' || j->s[j->pos] == '\t' ||
			j->s[j->pos] == '\n' || j->s[j->pos] == '\r'))
		j->pos++;
}

static int64_t
fkj_new_node(FkJson *j, FkJsonKind kind)
{
	if (j->nnodes == j->cap)
	{
		uint32_t	ncap = j->cap ? j->cap * 2 : 64;
		FkJsonNode *n;

		if (ncap > FC_MAX_BYTES / sizeof(FkJsonNode))
		{
			j->oom = true;
			return -1;
		}
		n = j->a->alloc(j->a->ctx, (size_t) ncap * sizeof(FkJsonNode));
		if (n == NULL)
		{
			j->oom = true;
			return -1;
		}
		if (j->nodes)
		{
			memcpy(n, j->nodes, (size_t) j->nnodes * sizeof(FkJsonNode));
			j->a->release(j->a->ctx, j->nodes);
		}
		j->nodes = n;
		j->cap = ncap;
	}
	memset(&j->nodes[j->nnodes], 0, sizeof(FkJsonNode));
	j->nodes[j->nnodes].kind = kind;
	return j->nnodes++;
}

static bool
fkj_put_str(FkJson *j, const char *p, size_t n)
{
	if (j->scap - j->slen < n + 1)
	{
		size_t		ncap = j->scap ? j->scap : 256;
		char	   *ns;

		while (ncap - j->slen < n + 1)
			ncap *= 2;
		if (ncap > FC_MAX_BYTES)
		{
			j->oom = true;
			return false;
		}
		ns = j->a->alloc(j->a->ctx, ncap);
		if (ns == NULL)
		{
			j->oom = true;
			return false;
		}
		if (j->strs)
		{
			memcpy(ns, j->strs, j->slen);
			j->a->release(j->a->ctx, j->strs);
		}
		j->strs = ns;
		j->scap = ncap;
	}
	memcpy(j->strs + j->slen, p, n);
	j->slen += n;
	return true;
}

static int
fkj_hex(char c)
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
fkj_read_u4(FkJson *j, uint32_t *cp)
{
	int			i;

	*cp = 0;
	if (j->len - j->pos < 4)
		return fkj_fail_at(j, "Truncated \\u escape");
	for (i = 0; i < 4; i++)
	{
		int			v = fkj_hex(j->s[j->pos + i]);

		if (v < 0)
			return fkj_fail_at(j, "Invalid \\u escape");
		*cp = *cp * 16 + (uint32_t) v;
	}
	j->pos += 4;
	return true;
}

static bool
fkj_put_utf8(FkJson *j, uint32_t cp)
{
	char		utf[4];
	size_t		n;

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
	return fkj_put_str(j, utf, n);
}

static int64_t
fkj_string(FkJson *j)
{
	int64_t		id = fkj_new_node(j, FKJ_STRING);
	size_t		start;

	if (id < 0)
		return -1;
	j->pos++;					/* opening quote */
	start = j->slen;
	j->nodes[id].str_off = (uint32_t) start;
	for (;;)
	{
		unsigned char ch;

		if (j->pos >= j->len)
			return fkj_fail_at(j, "Unterminated string"), -1;
		ch = (unsigned char) j->s[j->pos];
		if (ch == '"')
		{
			j->pos++;
			break;
		}
		if (ch < 0x20)
			return fkj_fail_at(j, "Control character in string"), -1;
		if (ch != '\\')
		{
			size_t		run = j->pos;

			while (run < j->len && j->s[run] != '"' && j->s[run] != '\\' &&
				   (unsigned char) j->s[run] >= 0x20)
				run++;
			if (!fkj_put_str(j, j->s + j->pos, run - j->pos))
				return -1;
			j->pos = run;
			continue;
		}
		j->pos++;
		if (j->pos >= j->len)
			return fkj_fail_at(j, "Unterminated string"), -1;
		ch = (unsigned char) j->s[j->pos++];
		switch (ch)
		{
			case '"':
			case '\\':
			case '/':
			case 'b':
			case 'f':
			case 'n':
			case 'r':
			case 't':
				{
					char		c = ch == 'b' ? '\b' : ch == 'f' ? '\f' :
						ch == 'n' ? '\n' : ch == 'r' ? '\r' :
						ch == 't' ? '\t' : (char) ch;

					if (!fkj_put_str(j, &c, 1))
						return -1;
				}
				break;
			case 'u':
				{
					uint32_t	cp;

					if (!fkj_read_u4(j, &cp))
						return -1;
					if (cp >= 0xD800 && cp <= 0xDBFF)
					{
						uint32_t	lo;

						if (j->len - j->pos < 2 || j->s[j->pos] != '\\' ||
							j->s[j->pos + 1] != 'u')
							return fkj_fail_at(j, "Unpaired Unicode surrogate"), -1;
						j->pos += 2;
						if (!fkj_read_u4(j, &lo))
							return -1;
						if (lo < 0xDC00 || lo > 0xDFFF)
							return fkj_fail_at(j, "Unpaired Unicode surrogate"), -1;
						cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					}
					else if (cp >= 0xDC00 && cp <= 0xDFFF)
						return fkj_fail_at(j, "Unpaired Unicode surrogate"), -1;
					if (cp == 0)
						return fkj_fail_at(j, "\\u0000 cannot be stored in a group name"), -1;
					if (cp > 0x7F && j->ascii_escapes_only)
						return fkj_fail_at(j, "Unicode escape above U+007F in a database whose encoding is not UTF8"), -1;
					if (!fkj_put_utf8(j, cp))
						return -1;
				}
				break;
			default:
				j->pos--;
				return fkj_fail_at(j, "Invalid escape in string"), -1;
		}
	}
	if (j->slen - start > FC_MAX_BYTES)
		return fkj_fail_at(j, "String too long"), -1;
	j->nodes[id].str_len = (uint32_t) (j->slen - start);
	return id;
}

static int64_t
fkj_number(FkJson *j)
{
	size_t		p = j->pos;
	int64_t		id;

	if (p < j->len && j->s[p] == '-')
		p++;
	if (p >= j->len || j->s[p] < '0' || j->s[p] > '9')
		return fkj_fail_at(j, "Invalid number"), -1;
	if (j->s[p] == '0')
		p++;
	else
		while (p < j->len && j->s[p] >= '0' && j->s[p] <= '9')
			p++;
	if (p < j->len && j->s[p] == '.')
	{
		p++;
		if (p >= j->len || j->s[p] < '0' || j->s[p] > '9')
			return fkj_fail_at(j, "Invalid number"), -1;
		while (p < j->len && j->s[p] >= '0' && j->s[p] <= '9')
			p++;
	}
	if (p < j->len && (j->s[p] == 'e' || j->s[p] == 'E'))
	{
		p++;
		if (p < j->len && (j->s[p] == '+' || j->s[p] == '-'))
			p++;
		if (p >= j->len || j->s[p] < '0' || j->s[p] > '9')
			return fkj_fail_at(j, "Invalid number"), -1;
		while (p < j->len && j->s[p] >= '0' && j->s[p] <= '9')
			p++;
	}
	id = fkj_new_node(j, FKJ_NUMBER);
	if (id < 0)
		return -1;
	j->nodes[id].str_off = (uint32_t) j->slen;
	j->nodes[id].str_len = (uint32_t) (p - j->pos);
	if (!fkj_put_str(j, j->s + j->pos, p - j->pos))
		return -1;
	j->pos = p;
	return id;
}

static int64_t fkj_value(FkJson *j, int depth);

static bool
fkj_literal(FkJson *j, const char *word)
{
	size_t		n = strlen(word);

	if (j->len - j->pos < n || memcmp(j->s + j->pos, word, n) != 0)
		return fkj_fail_at(j, "Unexpected token");
	j->pos += n;
	return true;
}

static int64_t
fkj_container(FkJson *j, int depth, bool object)
{
	int64_t		id;
	int64_t		prev = -1;
	char		close = object ? '}' : ']';

	if (depth > FK_JSON_MAX_DEPTH)
		return fkj_fail_at(j, "Nesting too deep"), -1;
	id = fkj_new_node(j, object ? FKJ_OBJECT : FKJ_ARRAY);
	if (id < 0)
		return -1;
	j->pos++;
	fkj_skip_ws(j);
	if (j->pos < j->len && j->s[j->pos] == close)
	{
		j->pos++;
		return id;
	}
	for (;;)
	{
		int			k;

		for (k = 0; k < (object ? 2 : 1); k++)
		{
			int64_t		child;

			fkj_skip_ws(j);
			if (object && k == 0)
			{
				if (j->pos >= j->len || j->s[j->pos] != '"')
					return fkj_fail_at(j, "Expected a key string"), -1;
				child = fkj_string(j);
			}
			else
				child = fkj_value(j, depth + 1);
			if (child < 0)
				return -1;
			if (prev < 0)
				j->nodes[id].first = (uint32_t) child;
			else
				j->nodes[prev].next = (uint32_t) child;
			prev = child;
			j->nodes[id].count++;
			fkj_skip_ws(j);
			if (object && k == 0)
			{
				if (j->pos >= j->len || j->s[j->pos] != ':')
					return fkj_fail_at(j, "Expected \":\""), -1;
				j->pos++;
			}
		}
		if (j->pos < j->len && j->s[j->pos] == ',')
		{
			j->pos++;
			continue;
		}
		if (j->pos < j->len && j->s[j->pos] == close)
		{
			j->pos++;
			return id;
		}
		return fkj_fail_at(j, object ? "Expected \",\" or \"}\"" :
						   "Expected \",\" or \"]\""), -1;
	}
}

static int64_t
fkj_value(FkJson *j, int depth)
{
	char		ch;

	fkj_skip_ws(j);
	if (j->pos >= j->len)
		return fkj_fail_at(j, "Unexpected end of input"), -1;
	ch = j->s[j->pos];
	if (ch == '{')
		return fkj_container(j, depth, true);
	if (ch == '[')
		return fkj_container(j, depth, false);
	if (ch == '"')
		return fkj_string(j);
	if (ch == '-' || (ch >= '0' && ch <= '9'))
		return fkj_number(j);
	if (ch == 't')
		return fkj_literal(j, "true") ? fkj_new_node(j, FKJ_TRUE) : -1;
	if (ch == 'f')
		return fkj_literal(j, "false") ? fkj_new_node(j, FKJ_FALSE) : -1;
	if (ch == 'n')
		return fkj_literal(j, "null") ? fkj_new_node(j, FKJ_NULL) : -1;
	return fkj_fail_at(j, "Unexpected token"), -1;
}

bool
fkj_parse(FkJson *j, const FcAlloc *a, const char *s, size_t len,
		  bool ascii_escapes_only, const char *tname, FcError *err)
{
	int64_t		root;

	memset(j, 0, sizeof(*j));
	j->a = a;
	j->s = s;
	j->len = len;
	j->err = err;
	j->tname = tname;
	j->ascii_escapes_only = ascii_escapes_only;
	/* the string buffer always exists, so an empty first string is not NULL + 0 */
	if (!fkj_put_str(j, "", 0))
	{
		fk_error(err, FC_ERR_LIMIT, "%s text value is too large", tname);
		return false;
	}
	root = fkj_value(j, 0);
	if (root >= 0)
	{
		fkj_skip_ws(j);
		if (j->pos != j->len)
		{
			fkj_fail_at(j, "Unexpected text after the value");
			root = -1;
		}
	}
	if (root < 0 && j->oom)
		fk_error(err, FC_ERR_LIMIT, "%s text value is too large", tname);
	return root >= 0;
}

void
fkj_release(FkJson *j)
{
	if (j->nodes)
		j->a->release(j->a->ctx, j->nodes);
	if (j->strs)
		j->a->release(j->a->ctx, j->strs);
	j->nodes = NULL;
	j->strs = NULL;
}

const FkJsonNode *
fkj_first(const FkJson *j, const FkJsonNode *n)
{
	return n->count ? &j->nodes[n->first] : NULL;
}

const FkJsonNode *
fkj_next(const FkJson *j, const FkJsonNode *c)
{
	return c->next ? &j->nodes[c->next] : NULL;
}

static bool
fkj_is(const FkJson *j, const FkJsonNode *k, const char *name)
{
	size_t		n = strlen(name);

	return k->str_len == n && memcmp(j->strs + k->str_off, name, n) == 0;
}

bool
fkj_fields(FkJson *j, const FkJsonNode *obj, const char *const *names, int n,
		   const FkJsonNode **out, const char *where)
{
	const FkJsonNode *k;
	int			i;

	for (i = 0; i < n; i++)
		out[i] = NULL;
	if (obj->kind != FKJ_OBJECT)
	{
		fkj_fail(j, NULL);
		fk_detail(j->err, "%c%s must be a JSON object.",
				  where[0] >= 'a' && where[0] <= 'z' ? where[0] - 'a' + 'A' : where[0],
				  where + 1);
		return false;
	}
	for (k = fkj_first(j, obj); k != NULL; k = fkj_next(j, fkj_next(j, k)))
	{
		const FkJsonNode *v = fkj_next(j, k);

		for (i = 0; i < n; i++)
			if (fkj_is(j, k, names[i]))
				break;
		if (i == n)
		{
			char		known[400];
			size_t		used = 0;
			int			m;

			known[0] = '\0';
			for (m = 0; m < n && used < sizeof(known) - 1; m++)
				used += snprintf(known + used, sizeof(known) - used, "%s\"%s\"",
								 m == 0 ? "" : (m == n - 1 ? " and " : ", "),
								 names[m]);
			fkj_fail(j, NULL);
			fk_detail(j->err, "Unknown key \"%.*s\" in %s.",
					  (int) (k->str_len > 64 ? 64 : k->str_len),
					  j->strs + k->str_off, where);
			fk_hint(j->err, "Known keys are %s.", known);
			return false;
		}
		if (out[i] != NULL)
		{
			fkj_fail(j, NULL);
			fk_detail(j->err, "Key \"%s\" appears twice in %s.", names[i], where);
			return false;
		}
		out[i] = v;
	}
	return true;
}

/* fkj_read_count: see fkeyed.h */
FkjNum
fkj_read_count(const FkJson *j, const FkJsonNode *n, int64_t *out)
{
	const char *p = j->strs + n->str_off;
	uint32_t	i;
	uint64_t	v = 0;

	if (n->kind != FKJ_NUMBER)
		return FKJ_NUM_NOT_NUMBER;
	if (p[0] == '-')
	{
		/* "-0" is zero; anything else negative is out of range */
		for (i = 1; i < n->str_len && p[i] == '0'; i++)
			;
		if (i == n->str_len)
		{
			*out = 0;
			return FKJ_NUM_OK;
		}
		return FKJ_NUM_NEGATIVE;
	}
	for (i = 0; i < n->str_len; i++)
	{
		if (p[i] < '0' || p[i] > '9')
			return FKJ_NUM_NOT_WHOLE;
		if (v > (uint64_t) (INT64_MAX - (p[i] - '0')) / 10)
			return FKJ_NUM_RANGE;
		v = v * 10 + (uint64_t) (p[i] - '0');
	}
	*out = (int64_t) v;
	return FKJ_NUM_OK;
}

/* fkj_read_double: see fkeyed.h */
FkjNum
fkj_read_double(const FkJson *j, const FkJsonNode *n, double *out)
{
	char		tmp[400];
	char	   *end;

	if (n->kind != FKJ_NUMBER)
		return FKJ_NUM_NOT_NUMBER;
	if (n->str_len >= sizeof(tmp))
		return FKJ_NUM_TOO_LONG;
	memcpy(tmp, j->strs + n->str_off, n->str_len);
	tmp[n->str_len] = '\0';
	errno = 0;
	*out = strtod(tmp, &end);
	if (*end != '\0' || !isfinite(*out) ||
		(errno == ERANGE && fabs(*out) > 1.0))
		return FKJ_NUM_RANGE;
	if (*out == 0.0)
		*out = 0.0;				/* no negative zero */
	return FKJ_NUM_OK;
}

bool
fkj_count(FkJson *j, const FkJsonNode *n, const char *what, int64_t *out)
{
	switch (fkj_read_count(j, n, out))
	{
		case FKJ_NUM_OK:
			return true;
		case FKJ_NUM_NOT_NUMBER:
			fkj_fail(j, NULL);
			fk_detail(j->err, "\"%s\" must be a number.", what);
			return false;
		case FKJ_NUM_NEGATIVE:
			return fk_error(j->err, FC_ERR_RANGE, "\"%s\" must not be negative",
							what);
		case FKJ_NUM_NOT_WHOLE:
			fkj_fail(j, NULL);
			fk_detail(j->err, "\"%s\" must be a whole number, not %.*s.", what,
					  (int) (n->str_len > 40 ? 40 : n->str_len),
					  j->strs + n->str_off);
			return false;
		default:
			return fk_error(j->err, FC_ERR_RANGE,
							"\"%s\" is out of range for type bigint", what);
	}
}

bool
fkj_double(FkJson *j, const FkJsonNode *n, const char *what, double *out)
{
	switch (fkj_read_double(j, n, out))
	{
		case FKJ_NUM_OK:
			return true;
		case FKJ_NUM_NOT_NUMBER:
			fkj_fail(j, NULL);
			fk_detail(j->err, "\"%s\" must be a number.", what);
			return false;
		case FKJ_NUM_TOO_LONG:
			return fk_error(j->err, FC_ERR_RANGE, "\"%s\" is out of range", what);
		default:
			fk_error(j->err, FC_ERR_RANGE, "\"%s\" is out of range", what);
			fk_detail(j->err, "Numbers must be finite double precision values.");
			return false;
	}
}

bool
fkj_key(FkJson *j, const FkJsonNode *n, int ndims, FcPart *parts)
{
	const FkJsonNode *el;
	int			i = 0;

	if (ndims == 1 && (n->kind == FKJ_NULL || n->kind == FKJ_STRING))
	{
		parts[0].isnull = (n->kind == FKJ_NULL);
		parts[0].data = j->strs + n->str_off;
		parts[0].len = n->str_len;
		return true;
	}
	if (ndims == 1 || n->kind != FKJ_ARRAY)
	{
		fkj_fail(j, ndims == 1 ?
				 "\"group\" must be a string or null when \"attributes\" is 1." :
				 "\"group\" must be an array of strings or nulls when \"attributes\" is more than 1.");
		return false;
	}
	if (n->count != (uint32_t) ndims)
	{
		fk_error(j->err, FC_ERR_VALUE, "group key does not match \"attributes\"");
		fk_detail(j->err, "\"attributes\" is %d but a group has %u.", ndims,
				  n->count);
		return false;
	}
	for (el = fkj_first(j, n); el != NULL; el = fkj_next(j, el), i++)
	{
		if (el->kind != FKJ_NULL && el->kind != FKJ_STRING)
			return fkj_fail(j, "Elements of \"group\" must be strings or nulls.");
		parts[i].isnull = (el->kind == FKJ_NULL);
		parts[i].data = j->strs + el->str_off;
		parts[i].len = el->str_len;
	}
	return true;
}
