/*-------------------------------------------------------------------------
 *
 * type_outcomes.c
 *	  Fuzz adapter for fairness.outcomes (src/core/foutcomes.c): the same calls the
 *	  SQL functions of src/pg/outcomes_sql.c make, without a server.
 *
 *	  parse_text     outcomes_in, outcomes_from_jsonb (fo_parse_text)
 *	  decode_binary  outcomes_recv (fo_decode_binary)
 *	  merge          outcomes_combine, fairness.merge(a, b) (fo_to_scratch,
 *	                 fo_merge into the scratch state, fo_canonical)
 *	  accept_stored  os_getarg: the header check run on every stored value
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_type.h"
#include "foutcomes.h"

#include <math.h>
#include <string.h>

static const FcAlloc A = {fuzz_arena_alloc, fuzz_arena_release, NULL};

/* the default of fairness.max_groups, as in the server */
#define MAX_GROUPS 10000

static FuzzValue
wrap(FoHeader *h)
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
o_parse_text(const char *s, size_t len, FuzzValue *out)
{
	FcError		err;
	FoHeader   *h;

	memset(&err, 0, sizeof(err));
	/* UTF-8 databases, and (input starting with a space) the others */
	h = fo_parse_text(&A, s, len, len > 0 && s[0] == ' ', &err);
	if (h == NULL)
	{
		check_error(&err);
		return false;
	}
	*out = wrap(h);
	return true;
}

static char *
o_format_text(FuzzValue v, size_t *len)
{
	FcError		err;

	return fo_format_text(&A, v.p, len, &err);
}

static bool
o_decode_binary(const uint8_t *b, size_t len, FuzzValue *out)
{
	FcError		err;
	FoHeader   *h;

	memset(&err, 0, sizeof(err));
	h = fo_decode_binary(&A, b, len, &err);
	if (h == NULL)
	{
		check_error(&err);
		return false;
	}
	*out = wrap(h);
	return true;
}

static uint8_t *
o_encode_binary(FuzzValue v, size_t *len)
{
	FcError		err;

	return fo_encode_binary(&A, v.p, len, &err);
}

static bool
o_check(FuzzValue v, const char **why)
{
	static FcError err;

	if (!fo_check_canonical(v.p, v.size, &err))
	{
		*why = err.msg;
		return false;
	}
	return true;
}

static bool
o_accept_stored(FuzzValue v)
{
	FcError		err;
	const FoHeader *h = v.p;

	memset(&err, 0, sizeof(err));
	if (!fo_check_header(h, v.size, &err))
	{
		check_error(&err);
		if (err.code != FC_ERR_CORRUPT)
			fuzz_fail("a bad stored value is not reported as corrupt/unsupported");
		if (v.size >= sizeof(FoHeader) && h->k.version != FO_FORMAT_VERSION &&
			strstr(err.msg, "version") == NULL)
			fuzz_fail("an unknown version is not named in the error");
		return false;
	}
	if (v.size < sizeof(FoHeader))
		fuzz_fail("a value shorter than its header is accepted");
	if (h->k.version != FO_FORMAT_VERSION)
		fuzz_fail("a value of unknown version %u is accepted", h->k.version);
	return true;
}

/*
 * a + sign * b through a scratch state, as the combine function does; NULL
 * with *invertible false when a subtraction cannot be done (a group's
 * minimum or maximum would have to be recomputed: the server then
 * recomputes the window frame)
 */
static FoHeader *
combine_inv(const FoHeader *a, const FoHeader *b, int sign,
			int64_t max_groups, FcError *err, bool *invertible)
{
	FoHeader   *s = fo_to_scratch(&A, a, err);
	int			r;

	*invertible = true;
	if (s == NULL)
		return NULL;
	r = fo_merge(&s, &A, b, sign, max_groups, err);
	if (r < 0 && sign > 0)
		fuzz_fail("an addition reported as not invertible");
	if (r != 1)
	{
		*invertible = r == 0;
		return NULL;
	}
	return fo_canonical(&A, s, err);
}

static FoHeader *
combine(const FoHeader *a, const FoHeader *b, int sign, int64_t max_groups,
		FcError *err)
{
	bool		inv;

	return combine_inv(a, b, sign, max_groups, err, &inv);
}

static bool
o_merge(FuzzValue a, FuzzValue b, FuzzValue *out)
{
	FcError		err;
	FoHeader   *h;

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
 * The merge pools groups (Chan's formula): totals add up and never wrap;
 * row counts per group are exact, so an unweighted (a + b) - b has a's
 * counts where it can be done; a scratch right-hand side gives the same
 * result as its canonical form; fairness.max_groups is enforced exactly.
 */
static void
o_merge_properties(FuzzValue av, FuzzValue bv, FuzzValue abv)
{
	const FoHeader *a = av.p;
	const FoHeader *b = bv.p;
	const FoHeader *ab = abv.p;
	FcError		err;
	FoHeader   *x;
	FoHeader   *bs;
	uint32_t	g;
	bool		inv;

	if (a->k.total > INT64_MAX - b->k.total ||
		ab->k.total != a->k.total + b->k.total)
		fuzz_fail("merged total %lld is not %lld + %lld",
				  (long long) ab->k.total, (long long) a->k.total,
				  (long long) b->k.total);
	if (ab->k.ngroups < a->k.ngroups || ab->k.ngroups < b->k.ngroups ||
		ab->k.ngroups > a->k.ngroups + b->k.ngroups)
		fuzz_fail("merged group count out of bounds");
	if (fo_is_weighted(ab) != (fo_is_weighted(a) || fo_is_weighted(b)))
		fuzz_fail("merged weightedness is wrong");

	/* commutative in its counts */
	memset(&err, 0, sizeof(err));
	x = combine(b, a, 1, MAX_GROUPS, &err);
	if (x == NULL)
		fuzz_fail("merge(b, a) refused where merge(a, b) succeeded: %s", err.msg);
	if (x->k.total != ab->k.total || x->k.ngroups != ab->k.ngroups)
		fuzz_fail("merge is not commutative");

	/* a scratch right-hand side gives the same value */
	bs = fo_to_scratch(&A, b, &err);
	if (bs == NULL)
		fuzz_fail("to_scratch failed: %s", err.msg);
	bs->k.vl_len_ = (uint32_t) fk_size(&bs->k);
	x = combine(a, bs, 1, MAX_GROUPS, &err);
	if (x == NULL || !fuzz_same(wrap(x), abv))
		fuzz_fail("merging a scratch state differs from merging its canonical form");

	/* subtracting b again gives a's counts back */
	if (!fo_is_weighted(ab))
	{
		memset(&err, 0, sizeof(err));
		x = combine_inv(ab, b, -1, MAX_GROUPS, &err, &inv);
		if (x == NULL && inv)
			fuzz_fail("(a + b) - b refused: %s", err.msg);
		if (x != NULL && x->k.total != a->k.total)
			fuzz_fail("(a + b) - b does not have a's total");
		for (g = 0; x != NULL && g < a->k.ngroups; g++)
		{
			int64_t		i = fk_find_key(&x->k, fk_key(&a->k, g),
										fk_key_len(&a->k, g));

			if (i < 0 || fo_entry(x, (uint32_t) i)->n != fo_entry(a, g)->n)
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
	.name = "fairness.outcomes",
	.parse_text = o_parse_text,
	.format_text = o_format_text,
	.decode_binary = o_decode_binary,
	.encode_binary = o_encode_binary,
	.check = o_check,
	.accept_stored = o_accept_stored,
	.merge = o_merge,
	.merge_properties = o_merge_properties,
};
