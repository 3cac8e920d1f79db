/*-------------------------------------------------------------------------
 *
 * fkindex.h
 *	  The group index of every keyed summary (fairness.confusion,
 *	  fairness.scores, fairness.outcomes): the hash of a group key, key
 *	  comparison against a row's key parts, and the lookup in a scratch
 *	  value (a scan of at most FC_LINEAR_MAX groups, else an open-addressing
 *	  hash index).  Inline because it is the aggregates' per-row path; the
 *	  out-of-line half (rebuild, sort, search by key) is in fkeyed.c.
 *
 * A type hands in its entries as the address of the first entry's FkEntry
 * and the distance between entries (stride), so that each type keeps its
 * own stored layout: fairness.confusion's entries end with their FkEntry,
 * the keyed container's begin with it.
 *
 * No PostgreSQL header.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_FKINDEX_H
#define FAIRNESS_FKINDEX_H

#include <string.h>

#include "fkeyed.h"

static inline uint32_t
fk_u32(const char *p)
{
	uint32_t	v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Hash of a group key, for the hash index of scratch values.  Only scratch
 * values (aggregate states, never stored: the final function returns the
 * canonical form, whose hash fields are 0) carry hashes, and every relayout
 * (fk_index_rebuild) recomputes them whenever it copies a value, so this function is free to
 * change between releases.
 *
 * Each attribute contributes its length word (FC_NULL_LEN for NULL), then
 * its bytes eight at a time (a multiply-xorshift step per word, as in
 * MurmurHash's 64-bit mixer), so that parts (fk_hash_parts) and encoded keys
 * (fk_hash_key) hash alike.  This is several times faster than hashing
 * byte by byte, which mattered for keys of several attributes (profile of
 * confusion(ARRAY[gender, age_band], ...), see doc/performance.md).
 */
#define FK_HASH_SEED	UINT64_C(0x9E3779B97F4A7C15)
#define FK_HASH_MUL1	UINT64_C(0xFF51AFD7ED558CCD)
#define FK_HASH_MUL2	UINT64_C(0xC4CEB9FE1A85EC53)

static inline uint64_t
fk_hash_step(uint64_t h, uint64_t v)
{
	h ^= v;
	h *= FK_HASH_MUL1;
	return h ^ (h >> 32);
}

/* fk_hash_value: the bytes of one attribute value */
static inline uint64_t
fk_hash_value(uint64_t h, const char *p, uint32_t n)
{
	uint64_t	v;

	while (n >= 8)
	{
		memcpy(&v, p, 8);
		h = fk_hash_step(h, v);
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
		h = fk_hash_step(h, v);
	}
	return h;
}

static inline uint32_t
fk_hash_finish(uint64_t h)
{
	h ^= h >> 29;
	h *= FK_HASH_MUL2;
	h ^= h >> 32;
	return (uint32_t) h;
}

static inline uint32_t
fk_hash_parts(const FcPart *parts, int nparts)
{
	uint64_t	h = FK_HASH_SEED;
	int			d;

	for (d = 0; d < nparts; d++)
	{
		if (parts[d].isnull)
			h = fk_hash_step(h, FC_NULL_LEN);
		else
		{
			h = fk_hash_step(h, parts[d].len);
			h = fk_hash_value(h, parts[d].data, parts[d].len);
		}
	}
	return fk_hash_finish(h);
}

/*
 * fk_hash_key
 *		The hash of an encoded key, equal to fk_hash_parts of its parts.
 *		Never reads past key_len, even in a malformed key.
 */
static inline uint32_t
fk_hash_key(const char *key, uint32_t key_len)
{
	uint64_t	h = FK_HASH_SEED;
	uint32_t	off = 0;

	while (key_len - off >= 4)
	{
		uint32_t	l = fk_u32(key + off);

		off += 4;
		h = fk_hash_step(h, l);
		if (l == FC_NULL_LEN)
			continue;
		if (l > key_len - off)
			break;
		h = fk_hash_value(h, key + off, l);
		off += l;
	}
	return fk_hash_finish(h);
}

static inline uint32_t
fk_key_len_parts(const FcPart *parts, int nparts)
{
	uint32_t	n = 0;
	int			d;

	for (d = 0; d < nparts; d++)
		n += 4 + (parts[d].isnull ? 0 : parts[d].len);
	return n;
}

static inline void
fk_key_encode(char *dst, const FcPart *parts, int nparts)
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
 * fk_bytes_equal
 *		memcmp(a, b, n) == 0 for the short strings group values are: inline,
 *		a word at a time, without the call into the C library that showed in
 *		profiles of the transition function.
 */
static FK_ALWAYS_INLINE bool
fk_bytes_equal(const char *a, const char *b, uint32_t n)
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
 * fk_key_equals_parts
 *		Does the encoded key equal the given parts?  Called for every row by
 *		the transition function, hence inline and compare-as-you-go: the
 *		first differing length or byte ends it.
 */
static FK_ALWAYS_INLINE bool
fk_key_equals_parts(const char *key, uint32_t key_len,
					const FcPart *parts, int nparts)
{
	uint32_t	off = 0;
	int			d;

	if (nparts == 1)
	{
		/* the common case: one attribute */
		if (parts[0].isnull)
			return key_len == 4 && fk_u32(key) == FC_NULL_LEN;
		return key_len == 4 + parts[0].len &&
			fk_u32(key) == parts[0].len &&
			fk_bytes_equal(key + 4, parts[0].data, parts[0].len);
	}
	for (d = 0; d < nparts; d++)
	{
		uint32_t	l;

		if (key_len - off < 4)
			return false;
		l = fk_u32(key + off);
		off += 4;
		if (parts[d].isnull)
		{
			if (l != FC_NULL_LEN)
				return false;
			continue;
		}
		if (l != parts[d].len || l > key_len - off ||
			!fk_bytes_equal(key + off, parts[d].data, l))
			return false;
		off += l;
	}
	return off == key_len;
}

/* the FkEntry of entry i */
static FK_ALWAYS_INLINE const FkEntry *
fk_ref(const FkEntry *first, size_t stride, uint32_t i)
{
	return (const FkEntry *) ((const char *) first + (size_t) i * stride);
}

/*
 * fk_index_find
 *		Index of the group with these parts, or -1: a scan of at most
 *		FC_LINEAR_MAX groups (nbuckets = 0; comparing lengths first, which
 *		usually tells short category names apart), else the hash index.
 */
static FK_ALWAYS_INLINE int64_t
fk_index_find(const FkEntry *first, size_t stride, const char *keys,
			  const uint32_t *buckets, uint32_t nbuckets, uint32_t ngroups,
			  const FcPart *parts, int nparts)
{
	uint32_t	i;

	if (nbuckets == 0)
	{
		if (nparts == 1)
		{
			/* specialised copy of the loop for the usual single attribute */
			for (i = 0; i < ngroups; i++)
			{
				const FkEntry *e = fk_ref(first, stride, i);

				if (fk_key_equals_parts(keys + e->key_off, e->key_len, parts, 1))
					return i;
			}
			return -1;
		}
		for (i = 0; i < ngroups; i++)
		{
			const FkEntry *e = fk_ref(first, stride, i);

			if (fk_key_equals_parts(keys + e->key_off, e->key_len, parts, nparts))
				return i;
		}
		return -1;
	}
	else
	{
		uint32_t	hash = fk_hash_parts(parts, nparts);
		uint32_t	mask = nbuckets - 1;
		uint32_t	pos = hash & mask;

		while (buckets[pos] != 0)
		{
			const FkEntry *e;

			i = buckets[pos] - 1;
			e = fk_ref(first, stride, i);
			if (e->hash == hash &&
				fk_key_equals_parts(keys + e->key_off, e->key_len, parts, nparts))
				return i;
			pos = (pos + 1) & mask;
		}
		return -1;
	}
}

/* fk_bucket_put: index group i, of this hash, in the hash table */
static inline void
fk_bucket_put(uint32_t *buckets, uint32_t nbuckets, uint32_t hash, uint32_t i)
{
	uint32_t	mask = nbuckets - 1;
	uint32_t	pos = hash & mask;

	while (buckets[pos] != 0)
		pos = (pos + 1) & mask;
	buckets[pos] = i + 1;
}

/* ---- out of line (fkeyed.c) ---- */

/* hash buckets for a capacity: 0 (scan) up to FC_LINEAR_MAX, else a power of two */
extern uint32_t fk_nbuckets_for(uint32_t capacity);

/* recompute every hash from the keys and fill the (zeroed) buckets */
extern void fk_index_rebuild(FkEntry *first, size_t stride, const char *keys,
							 uint32_t ngroups, uint32_t *buckets,
							 uint32_t nbuckets);

/* sort group indices idx[0..n-1] by key (tmp: room for n) */
extern void fk_sort_keys(const FkEntry *first, size_t stride,
						 const char *keys, int ndims, uint32_t *idx,
						 uint32_t *tmp, uint32_t n);

/*
 * Index of the group whose encoded key is `key`, or -1: binary search in a
 * canonical value (sorted), the index in a scratch one.
 */
extern int64_t fk_index_find_key(const FkEntry *first, size_t stride,
								 const char *keys, const uint32_t *buckets,
								 uint32_t nbuckets, uint32_t ngroups,
								 bool scratch, int ndims, const char *key,
								 uint32_t key_len);

#endif							/* FAIRNESS_FKINDEX_H */
