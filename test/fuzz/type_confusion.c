/*-------------------------------------------------------------------------
 *
 * type_confusion.c
 *	  Fuzz adapter for fairness.confusion (src/core/fcore.c): the same calls the
 *	  SQL functions of src/pg/fairness.c make, without a server.
 *
 *	  parse_text     confusion_in, confusion_from_jsonb (fc_parse_text)
 *	  decode_binary  confusion_recv (fc_decode_binary)
 *	  merge          confusion_combine, fairness.merge(a, b) (fc_to_scratch,
 *	                 fc_merge into the scratch state, fc_canonical)
 *	  accept_stored  fpg_getarg: the header check run on every stored value
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_type.h"
#include "fcore.h"

#include <math.h>
#include <string.h>

static const FcAlloc A = {fuzz_arena_alloc, fuzz_arena_release, NULL};

/* the default of fairness.max_groups, as in the server */
#define MAX_GROUPS 10000

static FuzzValue
wrap(FcHeader *h)
{
	FuzzValue	v;

	v.p = h;
	v.size = h ? fc_size(h) : 0;
	if (h)
		h->vl_len_ = (uint32_t) v.size;
	return v;
}

/* an error must say what happened: a code and a primary message */
static void
check_error(const FcError *err)
{
	if (err->code == FC_OK || err->msg[0] == '\0' ||
		strlen(err->msg) >= sizeof(err->msg))
		fuzz_fail("refusal without an error code and message");
}

static bool
c_parse_text(const char *s, size_t len, FuzzValue *out)
{
	FcError		err;
	FcHeader   *h;

	memset(&err, 0, sizeof(err));
	/*
	 * UTF-8 databases, and (input starting with a space) the others, where
	 * only ASCII \u escapes are allowed
	 */
	h = fc_parse_text(&A, s, len, len > 0 && s[0] == ' ', &err);
	if (h == NULL)
	{
		check_error(&err);
		return false;
	}
	*out = wrap(h);
	return true;
}

static char *
c_format_text(FuzzValue v, size_t *len)
{
	FcError		err;

	return fc_format_text(&A, v.p, len, &err);
}

static bool
c_decode_binary(const uint8_t *b, size_t len, FuzzValue *out)
{
	FcError		err;
	FcHeader   *h;

	memset(&err, 0, sizeof(err));
	h = fc_decode_binary(&A, b, len, &err);
	if (h == NULL)
	{
		check_error(&err);
		return false;
	}
	*out = wrap(h);
	return true;
}

static uint8_t *
c_encode_binary(FuzzValue v, size_t *len)
{
	FcError		err;

	return fc_encode_binary(&A, v.p, len, &err);
}

static bool
c_check(FuzzValue v, const char **why)
{
	static FcError err;

	if (!fc_check_canonical(v.p, v.size, &err))
	{
		*why = err.msg;
		return false;
	}
	return true;
}

static bool
c_accept_stored(FuzzValue v)
{
	FcError		err;
	const FcHeader *h = v.p;

	if (v.size < sizeof(FcHeader))
	{
		if (fc_check_header(h, v.size, &err))
			fuzz_fail("a value shorter than its header is accepted");
		return false;
	}
	if (!fc_check_header(h, v.size, &err))
	{
		check_error(&err);
		if (err.code != FC_ERR_CORRUPT)
			fuzz_fail("a bad stored value is not reported as corrupt/unsupported");
		if (h->version != FC_FORMAT_VERSION && strstr(err.msg, "version") == NULL)
			fuzz_fail("an unknown version is not named in the error");
		return false;
	}
	if (h->version != FC_FORMAT_VERSION)
		fuzz_fail("a value of unknown version %u is accepted", h->version);
	return true;
}

/* a + sign * b through a scratch state, as the combine function does */
static FcHeader *
combine(const FcHeader *a, const FcHeader *b, int sign, int64_t max_groups,
		FcError *err)
{
	FcHeader   *s = fc_to_scratch(&A, a, err);

	if (s == NULL || !fc_merge(&s, &A, b, sign, max_groups, err))
		return NULL;
	return fc_canonical(&A, s, err);
}

static bool
c_merge(FuzzValue a, FuzzValue b, FuzzValue *out)
{
	FcError		err;
	FcHeader   *h;

	memset(&err, 0, sizeof(err));
	h = combine(a.p, b.p, 1, MAX_GROUPS, &err);
	if (h == NULL)
	{
		check_error(&err);
		if (err.code == FC_ERR_CORRUPT || err.code == FC_ERR_NOMEM)
			fuzz_fail("merge of two valid values: %s", err.msg);
		return false;
	}
	*out = wrap(h);
	return true;
}

/*
 * The merge is a sum: totals add up and never wrap; unweighted merges are
 * commutative to the bit and undone exactly by subtraction; a scratch
 * right-hand side (a partial state from a parallel worker) gives the same
 * result as its canonical form; fairness.max_groups is enforced exactly.
 */
static void
c_merge_properties(FuzzValue av, FuzzValue bv, FuzzValue abv)
{
	const FcHeader *a = av.p;
	const FcHeader *b = bv.p;
	const FcHeader *ab = abv.p;
	FcError		err;
	FcHeader   *x;
	FcHeader   *bs;

	if (a->total > INT64_MAX - b->total || ab->total != a->total + b->total)
		fuzz_fail("merged total %lld is not %lld + %lld", (long long) ab->total,
				  (long long) a->total, (long long) b->total);
	if (ab->ngroups < a->ngroups || ab->ngroups < b->ngroups ||
		ab->ngroups > a->ngroups + b->ngroups)
		fuzz_fail("merged group count out of bounds");
	if (fc_is_weighted(ab) != (fc_is_weighted(a) || fc_is_weighted(b)))
		fuzz_fail("merged weightedness is wrong");

	/* commutative (weight sums may differ in the last bit: not compared) */
	x = combine(b, a, 1, MAX_GROUPS, &err);
	if (x == NULL)
		fuzz_fail("merge(b, a) refused where merge(a, b) succeeded: %s", err.msg);
	if (!fc_is_weighted(ab) && !fuzz_same(wrap(x), abv))
		fuzz_fail("merge is not commutative");

	/* a scratch right-hand side gives the same bytes */
	bs = fc_to_scratch(&A, b, &err);
	if (bs == NULL)
		fuzz_fail("to_scratch failed: %s", err.msg);
	bs->vl_len_ = (uint32_t) fc_size(bs);
	x = combine(a, bs, 1, MAX_GROUPS, &err);
	if (x == NULL || (!fc_is_weighted(ab) && !fuzz_same(wrap(x), abv)))
		fuzz_fail("merging a scratch state differs from merging its canonical form");

	/* subtracting b again gives a back (counts exact) */
	if (!fc_is_weighted(ab))
	{
		x = combine(ab, b, -1, MAX_GROUPS, &err);
		if (x == NULL || !fuzz_same(wrap(x), av))
			fuzz_fail("(a + b) - b is not a: %s", x ? "differs" : err.msg);
	}

	/* max_groups: exactly the merged group count is allowed, one less not */
	if (ab->ngroups > 0 && ab->ngroups > a->ngroups)
	{
		memset(&err, 0, sizeof(err));
		x = combine(a, b, 1, ab->ngroups - 1, &err);
		if (x != NULL || err.code != FC_ERR_TOO_MANY_GROUPS)
			fuzz_fail("fairness.max_groups not enforced by merge");
		x = combine(a, b, 1, ab->ngroups, &err);
		if (x == NULL)
			fuzz_fail("merge refused at exactly fairness.max_groups");
	}

	/* a value merged with itself twice: counts double, or a range error */
	memset(&err, 0, sizeof(err));
	x = combine(ab, ab, 1, MAX_GROUPS, &err);
	if (x == NULL ? (err.code != FC_ERR_RANGE ||
					 (ab->total <= INT64_MAX / 2 && !fc_is_weighted(ab)))
		: (x->total != 2 * ab->total))
		fuzz_fail("self-merge: overflow not reported as a range error, or wrong total");
}

const FuzzType fuzz_type = {
	.name = "fairness.confusion",
	.parse_text = c_parse_text,
	.format_text = c_format_text,
	.decode_binary = c_decode_binary,
	.encode_binary = c_encode_binary,
	.check = c_check,
	.accept_stored = c_accept_stored,
	.merge = c_merge,
	.merge_properties = c_merge_properties,
};
