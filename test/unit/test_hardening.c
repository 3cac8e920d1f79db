/*
 * test_hardening.c
 *	  Hostile and extreme values at the level of the pure C code (no
 *	  server): stored values of an unknown format version or with damaged
 *	  headers are refused with a clear error; the bytes of format version 1
 *	  are frozen (a golden copy: a layout change without a version bump
 *	  fails here); counters near INT64_MAX and weight sums near DBL_MAX give
 *	  range errors, never wrap-around, and a refused merge changes nothing;
 *	  max_groups and the name length limit are exact in every path; inputs
 *	  the fuzzers found stay fixed.
 *	  Ends with "hardening: N passed, N failed".
 */
#include "fcore.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	npassed,
			nfailed;

#define CHECK(cond, ...) \
	do { \
		if (cond) \
			npassed++; \
		else \
		{ \
			nfailed++; \
			printf("FAIL %s:%d: ", __FILE__, __LINE__); \
			printf(__VA_ARGS__); \
			printf("\n"); \
		} \
	} while (0)

static void *
t_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return calloc(1, size);
}

static void
t_release(void *ctx, void *p)
{
	(void) ctx;
	free(p);
}

static const FcAlloc A = {t_alloc, t_release, NULL};

static FcHeader *
parse(const char *t)
{
	FcError		err;
	FcHeader   *h = fc_parse_text(&A, t, strlen(t), false, &err);

	if (h == NULL)
		printf("parse failed: %s (%s)\n", err.msg, t);
	else
		h->vl_len_ = (uint32_t) fc_size(h);
	return h;
}

static char *
hex(const void *p, size_t n)
{
	char	   *s = malloc(2 * n + 1);
	size_t		i;

	for (i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", ((const unsigned char *) p)[i]);
	s[2 * n] = '\0';
	return s;
}

/* a + sign * b through a scratch state, as the combine function does */
static FcHeader *
combine(const FcHeader *a, const FcHeader *b, int sign, int64_t max_groups,
		FcError *err)
{
	FcHeader   *s = fc_to_scratch(&A, a, err);
	FcHeader   *orig = s;
	FcHeader   *c;

	if (s == NULL)
		return NULL;
	if (!fc_merge(&s, &A, b, sign, max_groups, err))
	{
		if (s != orig)
			free(orig);
		free(s);
		return NULL;
	}
	if (s != orig)
		free(orig);
	c = fc_canonical(&A, s, err);
	free(s);
	if (c)
		c->vl_len_ = (uint32_t) fc_size(c);
	return c;
}

/*
 * The on-disk bytes of format version 1 (little-endian machines), after the
 * 4-byte varlena header.  Stored values are read back by every later
 * release: if this test fails, the layout changed, and FC_FORMAT_VERSION
 * must be bumped with code to read version 1 values.
 */
static const char *golden_text_1 =
"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"tp\":2},{\"group\":null,\"fp\":1}]}";
static const char *golden_bytes_1 =
"0100010002000000020000000000000009000000090000000000000003000000000000000200"
"0000000000000000000000000000000000000000000000000000000000000000000000000000"
"0000000000000000000000000000000000000000000000000000000000000000000000000500"
"0000000000000000000000000000000000000000000000000000000000000000000001000000"
"0000000000000000000000000000000000000000000000000000000000000000000000000000"
"000000000000050000000400000000000000000000000100000061ffffffff";
static const char *golden_text_2 =
"{\"version\":1,\"attributes\":2,\"weighted\":true,\"groups\":["
"{\"group\":[\"F\",null],\"tp\":3,\"fn\":1,\"label_null_pred_null\":2,\"weights\":{\"tp\":1.5,\"fn\":0.25,\"label_null_pred_null\":2}},"
"{\"group\":[\"M\",\"x\"],\"tn\":9223372036854775000,\"weights\":{\"tn\":1e300}}]}";
static const char *golden_bytes_2 =
"01010200020000000200000000000000130000001300000000000000defcffffffffff7f0300"
"0000000000000100000000000000000000000000000000000000000000000000000000000000"
"0000000000000000000000000000000000000000000000000200000000000000000000000900"
"0000000000000000000000000000000000000000000000000000000000000000000000000000"
"00000000d8fcffffffffff7f0000000000000000000000000000000000000000000000000000"
"000000000000090000000a0000000000000000000000000000000000f83f000000000000d03f"
"0000000000000000000000000000000000000000000000000000000000000000000000000000"
"0000000000000000000000000000000000400000000000000000000000000000000000000000"
"0000000000000000000000009c7500883ce4377e000000000000000000000000000000000000"
"00000000000000000000000000000100000046ffffffff010000004d0100000078";

static void
golden(void)
{
	const uint16_t probe = 1;
	const char *texts[] = {golden_text_1, golden_text_2};
	const char *bytes[] = {golden_bytes_1, golden_bytes_2};
	int			i;

	if (*(const uint8_t *) &probe != 1)
	{
		printf("(big-endian machine: golden on-disk bytes not compared)\n");
		return;
	}
	for (i = 0; i < 2; i++)
	{
		FcHeader   *h = parse(texts[i]);
		char	   *got = h ? hex((char *) h + 4, fc_size(h) - 4) : NULL;

		CHECK(got && strcmp(got, bytes[i]) == 0,
			  "on-disk bytes of format version 1 changed (value %d): %s", i + 1,
			  got ? got : "(parse failed)");
		free(got);
		free(h);
	}
}

/* stored values from another format version, or damaged, are refused */
static void
stored_headers(void)
{
	FcHeader   *h = parse("{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"tp\":2}]}");
	size_t		size = fc_size(h);
	FcHeader   *x = malloc(size + 8);
	FcError		err;
	int			v;

	CHECK(fc_check_header(h, size, &err), "a valid value passes the header check");
	for (v = 0; v < 256; v++)
	{
		if (v == FC_FORMAT_VERSION)
			continue;
		memcpy(x, h, size);
		x->version = (uint8_t) v;
		memset(&err, 0, sizeof(err));
		if (fc_check_header(x, size, &err) || err.code != FC_ERR_CORRUPT ||
			strstr(err.msg, "unsupported fairness.confusion format version") == NULL ||
			strstr(err.hint, "update the extension") == NULL)
		{
			CHECK(false, "version %d is refused with its hint (%s / %s)", v, err.msg, err.hint);
			break;
		}
	}
	CHECK(v == 256, "every unknown version byte (0, 2..255) refused with a hint to update");

	memcpy(x, h, size);
	x->flags |= 0x80;
	CHECK(!fc_check_header(x, size, &err) && err.code == FC_ERR_CORRUPT, "unknown flag refused");
	memcpy(x, h, size);
	x->ndims = 0;
	CHECK(!fc_check_header(x, size, &err), "0 attributes refused");
	x->ndims = 17;
	CHECK(!fc_check_header(x, size, &err), "17 attributes refused");
	memcpy(x, h, size);
	x->ngroups = 2;
	CHECK(!fc_check_header(x, size, &err), "more groups than slots refused");
	memcpy(x, h, size);
	x->capacity = 0x7FFFFFFF;
	CHECK(!fc_check_header(x, size, &err), "capacity beyond the size refused");
	memcpy(x, h, size);
	x->nbuckets = 3;
	CHECK(!fc_check_header(x, size, &err), "bucket count not a power of two refused");
	memcpy(x, h, size);
	CHECK(!fc_check_header(x, size - 1, &err) && !fc_check_header(x, size + 8, &err),
		  "size not matching the header refused");
	CHECK(!fc_check_header(x, 4, &err) && !fc_check_header(x, sizeof(FcHeader) - 1, &err),
		  "value shorter than its header refused");
	/* the full check refuses what no input function produces */
	memcpy(x, h, size);
	fc_entries(x)[0].n[FC_TP] = 3;
	CHECK(fc_check_header(x, size, &err) && !fc_check_canonical(x, size, &err),
		  "total not matching the counts refused by the full check");
	memcpy(x, h, size);
	((char *) x)[size - 1] = '\0';
	CHECK(!fc_check_canonical(x, size, &err), "zero byte in a name refused by the full check");
	free(x);
	free(h);
	{
		FcHeader   *w = parse("{\"version\":1,\"attributes\":1,\"weighted\":true,\"groups\":[{\"group\":\"a\",\"tp\":2,\"weights\":{\"tp\":1}}]}");
		double		negzero = -0.0;

		memcpy(&fc_weights(w)[FC_FN], &negzero, sizeof(double));
		CHECK(!fc_check_canonical(w, fc_size(w), &err), "-0 weight refused by the full check");
		free(w);
	}
}

/* counts and weight sums near their limits: errors, never wrap-around */
static void
overflow(void)
{
	FcError		err;
	FcHeader   *big = parse("{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"tp\":9223372036854775800}]}");
	FcHeader   *seven = parse("{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"tp\":7}]}");
	FcHeader   *eight = parse("{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"b\",\"fn\":8}]}");
	FcHeader   *wbig = parse("{\"version\":1,\"attributes\":1,\"weighted\":true,\"groups\":[{\"group\":\"a\",\"tp\":1,\"weights\":{\"tp\":1.7976931348623157e308}}]}");
	FcHeader   *c,
			   *s;
	int64_t		g;
	FcPart		p = {"a", 1, false};

	c = combine(big, seven, 1, 10000, &err);
	CHECK(c && c->total == INT64_MAX && fc_entries(c)[0].n[FC_TP] == INT64_MAX,
		  "merge up to exactly INT64_MAX is allowed");
	free(c);
	memset(&err, 0, sizeof(err));
	c = combine(big, eight, 1, 10000, &err);
	CHECK(c == NULL && err.code == FC_ERR_RANGE, "merge past INT64_MAX (other group) is a range error");
	free(c);
	c = combine(big, big, 1, 10000, &err);
	CHECK(c == NULL && err.code == FC_ERR_RANGE, "merge past INT64_MAX (same group) is a range error");
	free(c);

	/* a refused merge leaves the state as it was */
	s = fc_to_scratch(&A, big, &err);
	{
		FcHeader   *orig = s;
		int64_t		before = s->total;

		CHECK(!fc_merge(&s, &A, eight, 1, 10000, &err) && s == orig && s->total == before &&
			  s->ngroups == 1, "refused merge changes nothing");
	}
	/* one row more than INT64_MAX through the transition path */
	CHECK(fc_merge(&s, &A, seven, 1, 10000, &err) && s->total == INT64_MAX, "state at INT64_MAX");
	g = fc_lookup_insert(&s, &A, &p, 1, 10000, &err);
	CHECK(g == 0 && !fc_add_row(s, (uint32_t) g, FC_TP, 1.0, &err) && err.code == FC_ERR_RANGE &&
		  s->total == INT64_MAX, "adding a row at INT64_MAX is a range error and changes nothing");
	CHECK(fc_remove_row(s, (uint32_t) g, FC_TP, 1.0, &err) && s->total == INT64_MAX - 1,
		  "removing a row below INT64_MAX works");
	/* subtracting more than there is */
	memset(&err, 0, sizeof(err));
	CHECK(!fc_merge(&s, &A, eight, -1, 10000, &err) && err.code == FC_ERR_VALUE,
		  "subtracting a group that is not there is refused");
	free(s);

	/* weight sums beyond DBL_MAX */
	c = combine(wbig, wbig, 1, 10000, &err);
	CHECK(c == NULL && err.code == FC_ERR_RANGE, "weight sum beyond DBL_MAX is a range error");
	free(c);
	s = fc_to_scratch(&A, wbig, &err);
	CHECK(!fc_add_row(s, 0, FC_TP, DBL_MAX, &err) && err.code == FC_ERR_RANGE,
		  "a row whose weight overflows the sum is a range error");
	free(s);

	/* text and binary inputs: the total of all groups must fit */
	{
		const char *t = "{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"tp\":9223372036854775807},{\"group\":\"b\",\"tp\":1}]}";
		FcHeader   *h = fc_parse_text(&A, t, strlen(t), false, &err);

		CHECK(h == NULL && err.code == FC_ERR_RANGE, "text input whose total overflows refused (%s)", err.msg);
		free(h);
	}
	free(big);
	free(seven);
	free(eight);
	free(wbig);
}

/* max_groups and the name length limit, exact in every path */
static void
limits(void)
{
	FcError		err;
	char		name[2048];
	FcPart		p;
	FcHeader   *s = fc_new_scratch(&A, 1, false, &err);
	FcHeader   *a,
			   *b,
			   *c;
	int			i;

	memset(name, 'x', sizeof(name));
	p.data = name;
	p.isnull = false;
	p.len = FC_MAX_VALUE_BYTES;
	{
		FcHeader   *old = s;

		CHECK(fc_lookup_insert(&s, &A, &p, 1, 10, &err) == 0, "a name of %d bytes is accepted", FC_MAX_VALUE_BYTES);
		if (old != s)
			free(old);
	}
	p.len = FC_MAX_VALUE_BYTES + 1;
	memset(&err, 0, sizeof(err));
	CHECK(fc_lookup_insert(&s, &A, &p, 1, 10, &err) < 0 && err.code == FC_ERR_LIMIT,
		  "a name of %d bytes is refused", FC_MAX_VALUE_BYTES + 1);
	p.len = 0x7FFFFFFF;
	CHECK(fc_lookup_insert(&s, &A, &p, 1, 10, &err) < 0 && err.code == FC_ERR_LIMIT,
		  "a name of 2 GB is refused before anything reads it");
	free(s);

	/* max_groups: a (3 groups) + b (3 others) under limits 5 and 6 */
	a = parse("{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"tp\":1},{\"group\":\"b\",\"tp\":1},{\"group\":\"c\",\"tp\":1}]}");
	b = parse("{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"d\",\"tp\":1},{\"group\":\"e\",\"tp\":1},{\"group\":\"f\",\"tp\":1}]}");
	memset(&err, 0, sizeof(err));
	c = combine(a, b, 1, 5, &err);
	CHECK(c == NULL && err.code == FC_ERR_TOO_MANY_GROUPS && err.hint[0], "merge: max_groups 5 refuses 6 groups, with a hint");
	free(c);
	c = combine(a, b, 1, 6, &err);
	CHECK(c && c->ngroups == 6, "merge: max_groups 6 allows 6 groups");
	free(c);
	c = combine(a, a, 1, 3, &err);
	CHECK(c && c->ngroups == 3 && c->total == 6, "merge of the same groups needs no new slot");
	free(c);
	/* transition: exactly max_groups groups */
	s = fc_new_scratch(&A, 1, false, &err);
	for (i = 0; i < 100; i++)
	{
		FcHeader   *old = s;
		char		nm[16];

		snprintf(nm, sizeof(nm), "g%d", i);
		p.data = nm;
		p.len = (uint32_t) strlen(nm);
		if (fc_lookup_insert(&s, &A, &p, 1, 100, &err) < 0)
			break;
		if (old != s)
			free(old);
	}
	CHECK(i == 100, "transition: 100 groups under max_groups 100");
	p.data = "one more";
	p.len = 8;
	CHECK(fc_lookup_insert(&s, &A, &p, 1, 100, &err) < 0 && err.code == FC_ERR_TOO_MANY_GROUPS,
		  "transition: group 101 refused under max_groups 100");
	free(s);
	free(a);
	free(b);
}

/* inputs the fuzzers found (test/fuzz/regressions/), as unit cases */
static void
fuzz_findings(void)
{
	FcError		err;
	const char *empty_key = "{\"\":[]}";
	FcHeader   *h = fc_parse_text(&A, empty_key, strlen(empty_key), false, &err);

	/* an empty first string once made the parser compute NULL + 0 (UBSan) */
	CHECK(h == NULL && err.code == FC_ERR_SYNTAX && strstr(err.detail, "Unknown key \"\"") != NULL,
		  "an empty first key is refused cleanly (%s)", err.detail);
	free(h);
	h = parse("{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"\",\"tp\":1}]}");
	CHECK(h != NULL && fc_check_canonical(h, fc_size(h), &err), "an empty group name is a name");
	free(h);
}

int
main(void)
{
	golden();
	stored_headers();
	overflow();
	limits();
	fuzz_findings();
	printf("hardening: %d passed, %d failed\n", npassed, nfailed);
	return nfailed ? 1 : 0;
}
