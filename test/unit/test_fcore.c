/*
 * test_fcore.c
 *	  Unit tests of the fairness.confusion core (src/core/fcore.c) without a
 *	  server: random rows are counted both by fcore and by a naive model, and
 *	  every operation (canonical form, text and binary round trips, merge,
 *	  subtract, marginal, growth of the hash index) must agree with the model
 *	  and keep every invariant.  Ends with "fcore: N passed, N failed".
 */
#include "fcore.h"

#include <math.h>
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

/* xorshift PRNG, fixed seed: reproducible */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t
rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t) (rng_state % n);
}

/* naive model: groups identified by small integers per attribute */
#define NVALS 6					/* value 0 = NULL, 1..5 = names */
#define MAXD 3
static const char *vals[NVALS] = {NULL, "female", "male", "non-binary", "é\"\\x", ""};

typedef struct Model
{
	int			ndims;
	int64_t		n[216][9];		/* NVALS^MAXD */
	double		w[216][9];
} Model;

static int
model_key(const int *v, int ndims)
{
	int			k = 0,
				d;

	for (d = 0; d < ndims; d++)
		k = k * NVALS + v[d];
	return k;
}

static void
parts_of(const int *v, int ndims, FcPart *parts)
{
	int			d;

	for (d = 0; d < ndims; d++)
	{
		parts[d].isnull = (v[d] == 0);
		parts[d].data = vals[v[d]];
		parts[d].len = v[d] ? (uint32_t) strlen(vals[v[d]]) : 0;
	}
}

/* compare a canonical value with the model */
static bool
matches_model(const FcHeader *h, const Model *m, bool weighted, int nvals)
{
	int			k,
				total = 0,
				c;
	int64_t		seen = 0;

	for (k = 0; k < 216; k++)
	{
		int			v[MAXD],
					d,
					kk = k;
		FcPart		parts[MAXD];
		char		key[64 * MAXD];
		uint32_t	klen = 0;
		int64_t		g;
		int64_t		rowsum = 0;

		for (d = m->ndims - 1; d >= 0; d--)
		{
			v[d] = kk % NVALS;
			kk /= NVALS;
		}
		if (kk != 0 || k >= (int) pow(NVALS, m->ndims))
			break;
		for (d = 0; d < m->ndims; d++)
			if (v[d] >= nvals)
				break;
		if (d < m->ndims)
			continue;
		parts_of(v, m->ndims, parts);
		for (d = 0; d < m->ndims; d++)
		{
			uint32_t	l = parts[d].isnull ? FC_NULL_LEN : parts[d].len;

			memcpy(key + klen, &l, 4);
			klen += 4;
			if (!parts[d].isnull)
			{
				memcpy(key + klen, parts[d].data, parts[d].len);
				klen += parts[d].len;
			}
		}
		for (c = 0; c < 9; c++)
			rowsum += m->n[k][c];
		g = fc_find_key(h, key, klen);
		if (rowsum == 0)
		{
			if (g >= 0)
				return false;
			continue;
		}
		if (g < 0)
			return false;
		total++;
		for (c = 0; c < 9; c++)
		{
			if (fc_entries(h)[g].n[c] != m->n[k][c])
				return false;
			if (weighted && fabs(fc_weights(h)[g * 9 + c] - m->w[k][c]) > 1e-9 * (1 + m->w[k][c]))
				return false;
			seen += m->n[k][c];
		}
	}
	return (uint32_t) total == h->ngroups && seen == h->total;
}

static FcHeader *
canon(const FcHeader *s)
{
	FcError		err;
	FcHeader   *c = fc_canonical(&A, s, &err);

	if (c == NULL)
		printf("canonical failed: %s\n", err.msg);
	else
		c->vl_len_ = (uint32_t) fc_size(c);
	return c;
}

static bool
same_bytes(const FcHeader *a, const FcHeader *b)
{
	size_t		sa = fc_size(a),
				sb = fc_size(b);

	/* vl_len_ is the caller's business; compare from the version on */
	return sa == sb && memcmp((const char *) a + 4, (const char *) b + 4, sa - 4) == 0;
}

/* one randomized scenario: ndims attributes, rows rows, maybe weighted */
static void
scenario(int ndims, int rows, bool weighted, int nvals)
{
	Model	   *m = calloc(1, sizeof(Model));
	Model	   *m2 = calloc(1, sizeof(Model));
	FcHeader   *s1,
			   *s2;
	FcError		err;
	int			i;

	m->ndims = m2->ndims = ndims;
	s1 = fc_new_scratch(&A, ndims, weighted, &err);
	s2 = fc_new_scratch(&A, ndims, weighted, &err);
	for (i = 0; i < rows; i++)
	{
		int			v[MAXD],
					d,
					cell = rnd(9);
		FcPart		parts[MAXD];
		double		w = weighted ? rnd(1000) / 64.0 : 1.0;
		bool		second = rnd(3) == 0;
		FcHeader  **ps = second ? &s2 : &s1;
		Model	   *mm = second ? m2 : m;
		FcHeader   *old = *ps;
		int64_t		g;

		for (d = 0; d < ndims; d++)
			v[d] = rnd(nvals);
		parts_of(v, ndims, parts);
		if (i % 2 == 0)
		{
			/* the aggregates' one-call path must do exactly the same */
			bool		ok = fc_count_row(ps, &A, parts, ndims, cell, w,
										  1000000, &err);

			if (old != *ps)
				free(old);
			if (!ok)
			{
				CHECK(false, "count failed: %s", err.msg);
				return;
			}
		}
		else
		{
			g = fc_lookup_insert(ps, &A, parts, ndims, 1000000, &err);
			if (old != *ps)
				free(old);
			if (g < 0 || !fc_add_row(*ps, (uint32_t) g, cell, w, &err))
			{
				CHECK(false, "add failed: %s", err.msg);
				return;
			}
		}
		mm->n[model_key(v, ndims)][cell]++;
		mm->w[model_key(v, ndims)][cell] += w;
	}

	{
		FcHeader   *c1 = canon(s1);
		FcHeader   *c2 = canon(s2);
		FcHeader   *merged,
				   *sub,
				   *parsed,
				   *decoded,
				   *cm,
				   *back;
		FcHeader   *scratch;
		char	   *txt;
		uint8_t    *bin;
		size_t		len;
		int			k,
					c;

		CHECK(c1 && fc_check_canonical(c1, fc_size(c1), &err), "canonical invariants: %s", err.msg);
		CHECK(c1 && matches_model(c1, m, weighted, nvals), "canonical matches model (ndims %d weighted %d)", ndims, weighted);

		/* text round trip: same bytes */
		txt = fc_format_text(&A, c1, &len, &err);
		parsed = txt ? fc_parse_text(&A, txt, len, false, &err) : NULL;
		CHECK(parsed && same_bytes(parsed, c1), "text round trip (%s)", parsed ? "differs" : err.msg);
		/* formatting the scratch value gives the same text */
		{
			size_t		len2;
			char	   *txt2 = fc_format_text(&A, s1, &len2, &err);

			CHECK(txt2 && len2 == len && memcmp(txt, txt2, len) == 0, "scratch and canonical format alike");
			free(txt2);
		}
		free(txt);

		/* binary round trip: same bytes */
		bin = fc_encode_binary(&A, c1, &len, &err);
		decoded = bin ? fc_decode_binary(&A, bin, len, &err) : NULL;
		CHECK(decoded && same_bytes(decoded, c1), "binary round trip (%s)", decoded ? "differs" : err.msg);
		/* every truncation of the binary form is refused, never read past */
		if (bin && len < 4000)
		{
			size_t		cut;
			int			refused = 0;

			for (cut = 0; cut < len; cut++)
			{
				uint8_t    *t = malloc(cut + 1);
				FcHeader   *x;

				memcpy(t, bin, cut);
				x = fc_decode_binary(&A, t, cut, &err);
				if (x == NULL)
					refused++;
				free(x);
				free(t);
			}
			CHECK((size_t) refused == len, "all %zu truncations refused (%d)", len, refused);
		}
		free(bin);

		/* merge s2 into a scratch copy of c1 = model of all rows */
		for (k = 0; k < 216; k++)
			for (c = 0; c < 9; c++)
			{
				m2->n[k][c] += m->n[k][c];
				m2->w[k][c] += m->w[k][c];
			}
		scratch = fc_to_scratch(&A, c1, &err);
		{
			FcHeader   *old = scratch;

			CHECK(fc_merge(&scratch, &A, c2, 1, 1000000, &err), "merge: %s", err.msg);
			if (old != scratch)
				free(old);
		}
		merged = canon(scratch);
		CHECK(merged && fc_check_canonical(merged, fc_size(merged), &err) && matches_model(merged, m2, weighted, nvals),
			  "merge matches model of all rows");
		/* merging the other way round gives the same bytes */
		{
			FcHeader   *s = fc_to_scratch(&A, c2, &err);
			FcHeader   *old = s;
			FcHeader   *other;

			fc_merge(&s, &A, c1, 1, 1000000, &err);
			if (old != s)
				free(old);
			other = canon(s);
			CHECK(other && merged && (weighted || same_bytes(other, merged)), "merge is commutative");
			free(other);
			free(s);
		}
		/* subtract c2 again: back to c1 (counts exact; weights up to rounding) */
		{
			FcHeader   *old = scratch;

			CHECK(fc_merge(&scratch, &A, c2, -1, 1000000, &err), "subtract: %s", err.msg);
			if (old != scratch)
				free(old);
		}
		sub = canon(scratch);
		CHECK(sub && matches_model(sub, m, weighted, nvals), "subtract restores the model");
		/* subtracting more than there is fails and changes nothing */
		{
			FcHeader   *before = canon(scratch);
			FcHeader   *old = scratch;
			bool		ok = fc_merge(&scratch, &A, c2, -1, 1000000, &err) ||
				fc_merge(&scratch, &A, c2, -1, 1000000, &err);
			FcHeader   *after;

			if (old != scratch)
				free(old);
			after = canon(scratch);
			CHECK(!ok || c2->ngroups == 0, "over-subtraction refused");
			CHECK(before && after && same_bytes(before, after), "refused subtraction changes nothing");
			free(before);
			free(after);
		}

		/* marginal onto the first attribute = model summed over the others */
		if (ndims > 1)
		{
			int			dims[1] = {0};
			Model	   *mm = calloc(1, sizeof(Model));

			mm->ndims = 1;
			for (k = 0; k < 216; k++)
			{
				int			first = k;

				for (i = 1; i < ndims; i++)
					first /= NVALS;
				if (first >= NVALS)
					continue;
				for (c = 0; c < 9; c++)
				{
					mm->n[first][c] += m->n[k][c];
					mm->w[first][c] += m->w[k][c];
				}
			}
			cm = fc_marginal(&A, c1, dims, 1, &err);
			if (cm)
				cm->vl_len_ = (uint32_t) fc_size(cm);
			CHECK(cm && fc_check_canonical(cm, fc_size(cm), &err) && matches_model(cm, mm, weighted, nvals),
				  "marginal matches summed model");
			free(cm);
			free(mm);
		}

		/* canonical of canonical is the identity */
		back = canon(c1);
		CHECK(back && same_bytes(back, c1), "canonical is idempotent");
		free(back);

		free(c1);
		free(c2);
		free(merged);
		free(sub);
		free(parsed);
		free(decoded);
		free(scratch);
	}
	free(s1);
	free(s2);
	free(m);
	free(m2);
}

/* many distinct groups: hash index, growth, max_groups */
static void
many_groups(void)
{
	FcError		err;
	FcHeader   *s = fc_new_scratch(&A, 1, false, &err);
	FcHeader   *c;
	int			i;
	char		name[32];
	bool		ok = true;

	for (i = 0; i < 100000 && ok; i++)
	{
		FcPart		p;
		FcHeader   *old = s;
		int64_t		g;

		snprintf(name, sizeof(name), "g%d", (i * 7919) % 100000);
		p.data = name;
		p.len = (uint32_t) strlen(name);
		p.isnull = false;
		g = fc_lookup_insert(&s, &A, &p, 1, 100000, &err);
		if (old != s)
			free(old);
		ok = g >= 0 && fc_add_row(s, (uint32_t) g, FC_TP, 1, &err);
		/* look it up again: same index */
		ok = ok && fc_lookup_insert(&s, &A, &p, 1, 100000, &err) == g;
	}
	CHECK(ok && s->ngroups == 100000, "100000 groups inserted (%u)", s->ngroups);
	{
		FcPart		p = {"x", 1, false};
		FcHeader   *old = s;

		CHECK(fc_lookup_insert(&s, &A, &p, 1, 100000, &err) < 0 && err.code == FC_ERR_TOO_MANY_GROUPS,
			  "max_groups enforced");
		CHECK(old == s, "refused insert leaves the value in place");
	}
	c = canon(s);
	CHECK(c && fc_check_canonical(c, fc_size(c), &err) && c->total == 100000, "canonical of 100000 groups");
	printf("bytes per group, canonical, 1 attribute, ~6-byte names: %.1f\n",
		   c ? (double) fc_size(c) / c->ngroups : 0.0);
	free(c);
	free(s);
}

/* corner cases of the text parser that SQL tests do not reach */
static void
parser_corners(void)
{
	static const char *bad[] = {
		"{", "{\"version\":1,", "\"x\"", "{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"tp\":1}",
		"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"\\ud800\\u0041\",\"tp\":1}]}",
		"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"\\u00e9\",\"tp\":1}]}",	/* ascii-only mode */
		"{\"version\":-0,\"attributes\":1,\"groups\":[]}",
		"{\"version\":1,\"attributes\":1,\"groups\":[],}", "{\"version\":01,\"attributes\":1,\"groups\":[]}",
		"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"tp\":1,\"weights\":{}}]}",
	};
	size_t		i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		FcError		err;
		FcHeader   *h = fc_parse_text(&A, bad[i], strlen(bad[i]), true, &err);

		CHECK(h == NULL && err.code != FC_OK && err.msg[0], "refused: %s", bad[i]);
		free(h);
	}
	{
		const char *ok = "{\"version\":1,\"attributes\":1,\"weighted\":true,\"groups\":[{\"group\":\"\\u00e9\\ud83d\\ude00\",\"tp\":2,\"weights\":{\"tp\":-0}}]}";
		FcError		err;
		FcHeader   *h = fc_parse_text(&A, ok, strlen(ok), false, &err);
		size_t		len;
		char	   *out = h ? fc_format_text(&A, h, &len, &err) : NULL;

		CHECK(out && strstr(out, "\"group\":\"\xc3\xa9\xf0\x9f\x98\x80\"") && strstr(out, "\"tp\":0"),
			  "escapes decode to UTF-8, -0 weight is 0: %s", out ? out : err.msg);
		free(out);
		free(h);
	}
	{
		char		buf[40];
		double		v[] = {0.1, 1.0 / 3, 1e-300, 5e-324, 1.7976931348623157e308, 123456789012345678.0};
		size_t		k;

		for (k = 0; k < sizeof(v) / sizeof(v[0]); k++)
		{
			fk_format_double(buf, sizeof(buf), v[k]);
			CHECK(strtod(buf, NULL) == v[k], "shortest double %s round-trips", buf);
		}
		fk_format_double(buf, sizeof(buf), 0.1);
		CHECK(strcmp(buf, "0.1") == 0, "0.1 prints as 0.1 (%s)", buf);
	}
}

int
main(void)
{
	int			rep;

	for (rep = 0; rep < 20; rep++)
	{
		scenario(1, 50 + rep * 37, rep % 2 == 1, 3 + rep % 4);
		scenario(2, 200 + rep * 11, rep % 3 == 0, NVALS);
		scenario(3, 2000, rep % 2 == 0, NVALS);
	}
	scenario(1, 0, false, NVALS);
	many_groups();
	parser_corners();
	printf("fcore: %d passed, %d failed\n", npassed, nfailed);
	return nfailed ? 1 : 0;
}
