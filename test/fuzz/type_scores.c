/*-------------------------------------------------------------------------
 *
 * type_scores.c
 *	  Fuzz adapter for fairness.scores (src/core/fscores.c): the same calls the
 *	  SQL functions of src/pg/scores_sql.c make, without a server.
 *
 *	  parse_text     scores_in, scores_from_jsonb (fs_parse_text)
 *	  decode_binary  scores_recv (fs_decode_binary)
 *	  merge          scores_combine, fairness.merge(a, b) (fs_to_scratch,
 *	                 fs_merge into the scratch state, fs_canonical)
 *	  accept_stored  ss_getarg: the header check run on every stored value
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_type.h"
#include "fscores.h"

#include <math.h>
#include <string.h>

static const FcAlloc A = {fuzz_arena_alloc, fuzz_arena_release, NULL};

/* the default of fairness.max_groups, as in the server */
#define MAX_GROUPS 10000

static FuzzValue
wrap(FsHeader *h)
{
	FuzzValue	v;

	v.p = h;
	v.size = h ? fk_size(&h->k) : 0;
	if (h)
		h->k.vl_len_ = (uint32_t) v.size;
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
s_parse_text(const char *s, size_t len, FuzzValue *out)
{
	FcError		err;
	FsHeader   *h;

	memset(&err, 0, sizeof(err));
	/* UTF-8 databases, and (input starting with a space) the others */
	h = fs_parse_text(&A, s, len, len > 0 && s[0] == ' ', &err);
	if (h == NULL)
	{
		check_error(&err);
		return false;
	}
	*out = wrap(h);
	return true;
}

static char *
s_format_text(FuzzValue v, size_t *len)
{
	FcError		err;

	return fs_format_text(&A, v.p, len, &err);
}

static bool
s_decode_binary(const uint8_t *b, size_t len, FuzzValue *out)
{
	FcError		err;
	FsHeader   *h;

	memset(&err, 0, sizeof(err));
	h = fs_decode_binary(&A, b, len, &err);
	if (h == NULL)
	{
		check_error(&err);
		return false;
	}
	*out = wrap(h);
	return true;
}

static uint8_t *
s_encode_binary(FuzzValue v, size_t *len)
{
	FcError		err;

	return fs_encode_binary(&A, v.p, len, &err);
}

static bool
s_check(FuzzValue v, const char **why)
{
	static FcError err;

	if (!fs_check_canonical(v.p, v.size, &err))
	{
		*why = err.msg;
		return false;
	}
	return true;
}

static bool
s_accept_stored(FuzzValue v)
{
	FcError		err;
	const FsHeader *h = v.p;

	memset(&err, 0, sizeof(err));
	if (!fs_check_header(h, v.size, &err))
	{
		check_error(&err);
		if (err.code != FC_ERR_CORRUPT)
			fuzz_fail("a bad stored value is not reported as corrupt/unsupported");
		if (v.size >= sizeof(FsHeader) && h->k.version != FS_FORMAT_VERSION &&
			strstr(err.msg, "version") == NULL)
			fuzz_fail("an unknown version is not named in the error");
		return false;
	}
	if (v.size < sizeof(FsHeader))
		fuzz_fail("a value shorter than its header is accepted");
	if (h->k.version != FS_FORMAT_VERSION)
		fuzz_fail("a value of unknown version %u is accepted", h->k.version);
	return true;
}

/* a + sign * b through a scratch state, as the combine function does */
static FsHeader *
combine(const FsHeader *a, const FsHeader *b, int sign, int64_t max_groups,
		FcError *err)
{
	FsHeader   *s = fs_to_scratch(&A, a, err);

	if (s == NULL || !fs_merge(&s, &A, b, sign, max_groups, err))
		return NULL;
	return fs_canonical(&A, s, err);
}

static bool
s_merge(FuzzValue a, FuzzValue b, FuzzValue *out)
{
	FcError		err;
	FsHeader   *h;

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
 * The merge is a sum of histograms over the same bins: totals add up and
 * never wrap; row counts per group are exact, so an unweighted (a + b) - b
 * has a's counts; a scratch right-hand side gives the same result as its
 * canonical form; fairness.max_groups is enforced exactly.
 */
static void
s_merge_properties(FuzzValue av, FuzzValue bv, FuzzValue abv)
{
	const FsHeader *a = av.p;
	const FsHeader *b = bv.p;
	const FsHeader *ab = abv.p;
	FcError		err;
	FsHeader   *x;
	FsHeader   *bs;
	uint32_t	g;

	if (a->nbins != b->nbins || a->lower != b->lower || a->upper != b->upper)
		fuzz_fail("summaries with different bins were merged");
	if (ab->nbins != a->nbins || ab->lower != a->lower || ab->upper != a->upper)
		fuzz_fail("merged bins differ from the inputs'");
	if (a->k.total > INT64_MAX - b->k.total ||
		ab->k.total != a->k.total + b->k.total)
		fuzz_fail("merged total %lld is not %lld + %lld",
				  (long long) ab->k.total, (long long) a->k.total,
				  (long long) b->k.total);
	if (ab->k.ngroups < a->k.ngroups || ab->k.ngroups < b->k.ngroups ||
		ab->k.ngroups > a->k.ngroups + b->k.ngroups)
		fuzz_fail("merged group count out of bounds");
	if (fs_is_weighted(ab) != (fs_is_weighted(a) || fs_is_weighted(b)))
		fuzz_fail("merged weightedness is wrong");

	/* commutative in its counts */
	memset(&err, 0, sizeof(err));
	x = combine(b, a, 1, MAX_GROUPS, &err);
	if (x == NULL)
		fuzz_fail("merge(b, a) refused where merge(a, b) succeeded: %s", err.msg);
	if (x->k.total != ab->k.total || x->k.ngroups != ab->k.ngroups)
		fuzz_fail("merge is not commutative");

	/* a scratch right-hand side gives the same value */
	bs = fs_to_scratch(&A, b, &err);
	if (bs == NULL)
		fuzz_fail("to_scratch failed: %s", err.msg);
	bs->k.vl_len_ = (uint32_t) fk_size(&bs->k);
	x = combine(a, bs, 1, MAX_GROUPS, &err);
	if (x == NULL || !fuzz_same(wrap(x), abv))
		fuzz_fail("merging a scratch state differs from merging its canonical form");

	/* subtracting b again gives a's counts back */
	if (!fs_is_weighted(ab))
	{
		memset(&err, 0, sizeof(err));
		x = combine(ab, b, -1, MAX_GROUPS, &err);
		if (x == NULL)
			fuzz_fail("(a + b) - b refused: %s", err.msg);
		if (x->k.total != a->k.total)
			fuzz_fail("(a + b) - b does not have a's total");
		for (g = 0; g < a->k.ngroups; g++)
		{
			int64_t		i = fk_find_key(&x->k, fk_key(&a->k, g),
										fk_key_len(&a->k, g));

			if (i < 0 || fs_group_rows(x, (uint32_t) i) != fs_group_rows(a, g))
				fuzz_fail("(a + b) - b does not have a's rows in group %u", g);
		}
	}

	/* max_groups: exactly the merged group count is allowed, one less not */
	if (ab->k.ngroups > 0 && ab->k.ngroups > a->k.ngroups)
	{
		memset(&err, 0, sizeof(err));
		x = combine(a, b, 1, ab->k.ngroups - 1, &err);
		if (x != NULL || err.code != FC_ERR_TOO_MANY_GROUPS)
			fuzz_fail("fairness.max_groups not enforced by merge");
		x = combine(a, b, 1, ab->k.ngroups, &err);
		if (x == NULL)
			fuzz_fail("merge refused at exactly fairness.max_groups");
	}

	/* a value merged with itself: counts double, or a range error */
	memset(&err, 0, sizeof(err));
	x = combine(ab, ab, 1, MAX_GROUPS, &err);
	if (x == NULL ? (err.code != FC_ERR_RANGE ||
					 (ab->k.total <= INT64_MAX / 2 &&
					  strstr(err.msg, "row count") != NULL))
		: (x->k.total != 2 * ab->k.total))
		fuzz_fail("self-merge: overflow not reported as a range error, or wrong total");
}

const FuzzType fuzz_type = {
	.name = "fairness.scores",
	.parse_text = s_parse_text,
	.format_text = s_format_text,
	.decode_binary = s_decode_binary,
	.encode_binary = s_encode_binary,
	.check = s_check,
	.accept_stored = s_accept_stored,
	.merge = s_merge,
	.merge_properties = s_merge_properties,
};
