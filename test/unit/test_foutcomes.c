/*
 * test_foutcomes.c
 *	  Unit tests of the fairness.outcomes core (src/core/foutcomes.c) without a
 *	  server.  Random rows are summarised by foutcomes and kept as a list;
 *	  counts, weight sums, sums, minima and maxima must match one pass over
 *	  the list exactly, mean and variance a two-pass computation to 1e-12;
 *	  merge, subtract and row removal must agree with one pass; text and
 *	  binary forms round-trip exactly and refuse malformed input; Welch's
 *	  test and Cohen's d match their textbook formulas evaluated from
 *	  two-pass moments.  Ends with "foutcomes: N passed, N failed".
 */
#include "foutcomes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fstats.h"

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

static uint64_t rng_state = 0x853C49E6748FEA9Bull;

static uint32_t
rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t) (rng_state % n);
}

#define NVALS 4
static const char *vals[NVALS] = {NULL, "female", "male", "x"};

typedef struct Row
{
	int			v;
	double		x;
	double		w;
} Row;

static void
part_of(int v, FcPart *p)
{
	p->isnull = (v == 0);
	p->data = vals[v];
	p->len = v ? (uint32_t) strlen(vals[v]) : 0;
}

static bool
same_bytes(const FoHeader *a, const FoHeader *b)
{
	size_t		sa = fk_size(&a->k),
				sb = fk_size(&b->k);

	return sa == sb && memcmp((const char *) a + 4, (const char *) b + 4, sa - 4) == 0;
}

static FoHeader *
canon(const FoHeader *s)
{
	FcError		err;
	FoHeader   *c = fo_canonical(&A, s, &err);

	if (c)
		c->k.vl_len_ = (uint32_t) fk_size(&c->k);
	return c;
}

static bool
add_rows(FoHeader **ps, const Row *rows, int n)
{
	FcError		err;
	int			i;

	for (i = 0; i < n; i++)
	{
		FcPart		p;
		FoHeader   *old = *ps;
		int64_t		g;

		part_of(rows[i].v, &p);
		g = fo_lookup_insert(ps, &A, &p, 1, 1000000, &err);
		if (old != *ps)
			free(old);
		if (g < 0 || !fo_add_row(*ps, (uint32_t) g, rows[i].x, rows[i].w, &err))
			return false;
	}
	return true;
}

static FoHeader *
build(const Row *rows, int n, bool weighted)
{
	FcError		err;
	FoHeader   *s = fo_new_scratch(&A, 1, weighted, &err);
	FoHeader   *c;

	if (!add_rows(&s, rows, n))
		return NULL;
	c = canon(s);
	free(s);
	return c;
}

static int64_t
find(const FoHeader *h, int v)
{
	char		key[16];
	uint32_t	l = v ? (uint32_t) strlen(vals[v]) : FC_NULL_LEN;

	memcpy(key, &l, 4);
	if (v)
		memcpy(key + 4, vals[v], l);
	return fk_find_key(&h->k, key, 4 + (v ? l : 0));
}

/* two-pass moments of the rows of value v (v < 0: all) */
static void
two_pass(const Row *rows, int n, int v, FoStats *s)
{
	int			i;
	long double W = 0,
				S = 0,
				M2 = 0,
				W2 = 0,
				mean;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < n; i++)
		if (v < 0 || rows[i].v == v)
		{
			if (s->n == 0 || rows[i].x < s->min)
				s->min = rows[i].x;
			if (s->n == 0 || rows[i].x > s->max)
				s->max = rows[i].x;
			s->n++;
			W += rows[i].w;
			W2 += (long double) rows[i].w * rows[i].w;
			S += (long double) rows[i].w * rows[i].x;
		}
	mean = W > 0 ? S / W : 0;
	s->w = (double) W;
	s->w2 = (double) W2;
	s->sum = (double) S;
	s->has_mean = W > 0;
	s->mean = (double) mean;
	for (i = 0; i < n; i++)
		if (v < 0 || rows[i].v == v)
			M2 += rows[i].w * (rows[i].x - mean) * (rows[i].x - mean);
	s->m2 = (double) M2;
	s->has_var = W > 1;
	s->var = W > 1 ? (double) (M2 / (W - 1)) : 0;
}

static bool
close_to(double a, double b, double tol)
{
	return fabs(a - b) <= tol * (fabs(b) > 1e-300 ? fabs(b) : 1.0) || a == b;
}

static void
scenario(int n, bool weighted, double offset, double scale)
{
	Row		   *rows = calloc(n, sizeof(Row));
	FoHeader   *one,
			   *a,
			   *b,
			   *s,
			   *m;
	FcError		err;
	int			i,
				v,
				split = n / 3;
	char	   *txt;
	size_t		len;
	uint8_t    *bin;

	for (i = 0; i < n; i++)
	{
		rows[i].v = rnd(NVALS);
		/* values with many significant digits on a large offset */
		rows[i].x = offset + scale * (rnd(1000000) / 1000000.0 + rows[i].v * 0.1);
		rows[i].w = weighted ? (rnd(6) == 0 ? 0.0 : (1 + rnd(300)) / 7.0) : 1.0;
	}
	one = build(rows, n, weighted);
	CHECK(one != NULL && fo_check_canonical(one, fk_size(&one->k), &err),
		  "canonical check: %s", err.msg);
	for (v = -1; v < NVALS; v++)
	{
		FoStats		got,
					want;
		int64_t		g = v < 0 ? -1 : find(one, v);

		if (v >= 0 && g < 0)
			continue;
		fo_stats(one, g, &got);
		two_pass(rows, n, v, &want);
		CHECK(got.n == want.n && got.min == want.min && got.max == want.max,
			  "n/min/max of group %d", v);
		CHECK(close_to(got.w, want.w, 1e-14) && close_to(got.sum, want.sum, 1e-13),
			  "W/S of group %d: %.17g vs %.17g", v, got.sum, want.sum);
		CHECK(close_to(got.mean, want.mean, 1e-13), "mean of group %d: %.17g vs %.17g",
			  v, got.mean, want.mean);
		CHECK(close_to(got.var, want.var, 1e-9), "variance of group %d: %.17g vs %.17g (offset %g)",
			  v, got.var, want.var, offset);
	}

	/* merge of parts == one pass (M2 to rounding); subtract gives the part */
	a = build(rows, split, weighted);
	b = build(rows + split, n - split, weighted);
	s = fo_to_scratch(&A, a, &err);
	CHECK(fo_merge(&s, &A, b, 1, 1000000, &err) == 1, "merge");
	m = canon(s);
	for (v = 0; v < NVALS; v++)
	{
		int64_t		g1 = find(one, v),
					g2 = find(m, v);
		FoStats		x,
					y;

		if (g1 < 0 || g2 < 0)
		{
			CHECK(g1 == g2, "same groups");
			continue;
		}
		fo_stats(one, g1, &x);
		fo_stats(m, g2, &y);
		CHECK(x.n == y.n && x.min == y.min && x.max == y.max &&
			  close_to(x.sum, y.sum, 1e-15) && close_to(x.w, y.w, 1e-15) &&
			  close_to(x.m2, y.m2, 1e-9), "merge equals one pass (group %d): n %lld/%lld min %g/%g max %g/%g sum %.17g/%.17g w %.17g/%.17g m2 %.17g/%.17g", v,
			  (long long) x.n, (long long) y.n, x.min, y.min, x.max, y.max, x.sum, y.sum, x.w, y.w, x.m2, y.m2);
	}
	free(m);
	{
		int			r = fo_merge(&s, &A, b, -1, 1000000, &err);

		CHECK(r == 1 || r == -1, "subtract: %s", err.msg);
		if (r == 1)
		{
			m = canon(s);
			CHECK(m->k.total == a->k.total, "subtract gives the part's rows back");
			free(m);
		}
	}
	free(s);

	/* removing rows (moving window): -1 exactly when a min/max leaves */
	s = fo_to_scratch(&A, one, &err);
	{
		int			restarts = 0,
					removed = 0;

		for (i = split; i < n; i++)
		{
			FcPart		p;
			int64_t		g;
			int			r;

			part_of(rows[i].v, &p);
			g = fo_lookup_insert(&s, &A, &p, 1, 1000000, &err);
			r = fo_remove_row(s, (uint32_t) g, rows[i].x, rows[i].w, &err);
			if (r == -1)
			{
				restarts++;
				break;
			}
			removed++;
		}
		CHECK(restarts <= 1 && removed + restarts > 0, "remove rows");
	}
	free(s);

	/* text and binary round trips */
	txt = fo_format_text(&A, one, &len, &err);
	m = fo_parse_text(&A, txt, len, false, &err);
	CHECK(m != NULL, "parse back: %s %s", err.msg, err.detail);
	if (m)
	{
		m->k.vl_len_ = (uint32_t) fk_size(&m->k);
		CHECK(same_bytes(m, one), "text round trip exact");
		free(m);
	}
	free(txt);
	bin = fo_encode_binary(&A, one, &len, &err);
	m = fo_decode_binary(&A, bin, len, &err);
	CHECK(m != NULL, "decode: %s %s", err.msg, err.detail);
	if (m)
	{
		m->k.vl_len_ = (uint32_t) fk_size(&m->k);
		CHECK(same_bytes(m, one), "binary round trip exact");
		free(m);
	}
	{
		size_t		cut;
		int			tried = 0,
					refused = 0;

		for (cut = 0; cut < len; cut += 1 + len / 50)
		{
			m = fo_decode_binary(&A, bin, cut, &err);
			tried++;
			refused += (m == NULL);
			free(m);
		}
		CHECK(refused == tried, "every truncation refused");
	}
	free(bin);

	/* Welch and Cohen's d from the summary == from two-pass moments */
	{
		FoStats		f,
					mm;
		FoCompare	c;
		int64_t		gf = find(one, 1),
					gm = find(one, 2);

		if (gf >= 0 && gm >= 0)
		{
			FoStats		wf,
						wm;
			double		vf,
						vm,
						se,
						t,
						df,
						p,
						q,
						d;

			fo_stats(one, gf, &f);
			fo_stats(one, gm, &mm);
			fo_compare(&f, &mm, 0.95, &c);
			two_pass(rows, n, 1, &wf);
			two_pass(rows, n, 2, &wm);
			vf = wf.var / wf.w;
			vm = wm.var / wm.w;
			se = sqrt(vf + vm);
			t = (wf.mean - wm.mean) / se;
			df = (vf + vm) * (vf + vm) / (vf * vf / (wf.w - 1) + vm * vm / (wm.w - 1));
			p = 2 * fst_t_sf(fabs(t), df);
			q = fst_t_ppf(0.975, df);
			d = (wf.mean - wm.mean) / sqrt((wf.m2 + wm.m2) / (wf.w + wm.w - 2));
			/*
			 * differences of large means carry the rounding of the means:
			 * allow eps * |mean / difference| (times a margin)
			 */
			double		tol = 1e-10 + 1e-14 * fabs(wm.mean / (wf.mean - wm.mean));

			CHECK(c.has_test && close_to(c.t, t, tol) && close_to(c.df, df, 1e-9) &&
				  close_to(c.p, p, 10 * tol * (1 + fabs(t) * fabs(t))) &&
				  close_to(c.ci_low, wf.mean - wm.mean - q * se, tol) &&
				  close_to(c.cohens_d, d, tol) &&
				  close_to(c.pay_gap, (wm.mean - wf.mean) / wm.mean, tol),
				  "welch t %.12g vs %.12g, df %.12g vs %.12g, p %.12g vs %.12g, ci %.12g vs %.12g, d %.12g vs %.12g, gap %.12g vs %.12g (tol %g)",
				  c.t, t, c.df, df, c.p, p, c.ci_low, wf.mean - wm.mean - q * se, c.cohens_d, d,
				  c.pay_gap, (wm.mean - wf.mean) / wm.mean, tol);
		}
	}
	free(a);
	free(b);
	free(one);
	free(rows);
}

static void
test_text_errors(void)
{
	static const struct
	{
		const char *in;
		bool		ok;
	}			cases[] = {
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":2,\"sum\":3,\"m2\":0.5,\"min\":1,\"max\":2}]}", true},
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":2,\"sum\":3,\"m2\":0.6,\"min\":1,\"max\":2}]}", false},
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":2,\"sum\":5,\"m2\":0.5,\"min\":1,\"max\":2}]}", false},
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":2,\"sum\":3,\"m2\":0.5,\"min\":2,\"max\":1}]}", false},
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":1,\"sum\":1,\"m2\":0,\"min\":1,\"max\":2}]}", false},
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":0,\"sum\":0,\"m2\":0,\"min\":0,\"max\":0}]}", false},
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":2,\"sum\":3,\"m2\":-0.1,\"min\":1,\"max\":2}]}", false},
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":2,\"sum\":2,\"m2\":0.1,\"min\":1,\"max\":1}]}", false},
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":2,\"weight\":1,\"weight_sq\":1,\"sum\":3,\"m2\":0.5,\"min\":1,\"max\":2}]}", false},
		{"{\"version\":1,\"attributes\":1,\"weighted\":true,\"groups\":[{\"group\":\"a\",\"n\":2,\"weight\":3,\"weight_sq\":5,\"sum\":4,\"m2\":0.6,\"min\":1,\"max\":2}]}", true},
		{"{\"version\":1,\"attributes\":1,\"weighted\":true,\"groups\":[{\"group\":\"a\",\"n\":2,\"weight\":3,\"weight_sq\":10,\"sum\":4,\"m2\":0.6,\"min\":1,\"max\":2}]}", false},
		{"{\"version\":1,\"attributes\":1,\"weighted\":true,\"groups\":[{\"group\":\"a\",\"n\":2,\"weight\":3,\"weight_sq\":4,\"sum\":4,\"m2\":0.6,\"min\":1,\"max\":2}]}", false},
		{"{\"version\":1,\"attributes\":1,\"weighted\":true,\"groups\":[{\"group\":\"a\",\"n\":2,\"weight\":0,\"weight_sq\":0,\"sum\":0,\"m2\":0,\"min\":1,\"max\":2}]}", true},
		{"{\"version\":1,\"attributes\":1,\"weighted\":true,\"groups\":[{\"group\":\"a\",\"n\":2,\"weight\":0,\"weight_sq\":0,\"sum\":1,\"m2\":0,\"min\":1,\"max\":2}]}", false},
		{"{\"version\":1,\"attributes\":1,\"weighted\":true,\"groups\":[{\"group\":\"a\",\"n\":2,\"sum\":3,\"m2\":0.5,\"min\":1,\"max\":2}]}", false},
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":2,\"sum\":3,\"m2\":0.5,\"min\":1,\"max\":2},{\"group\":\"a\",\"n\":2,\"sum\":3,\"m2\":0.5,\"min\":1,\"max\":2}]}", false},
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":2,\"sum\":3,\"m2\":0.5,\"min\":1}]}", false},
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":2.5,\"sum\":3,\"m2\":0.5,\"min\":1,\"max\":2}]}", false},
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":2,\"sum\":3,\"m2\":0.5,\"min\":1,\"max\":1e400}]}", false},
		{"{\"version\":1,\"attributes\":1,\"groups\":[{\"group\":\"a\",\"n\":2,\"sum\":0,\"m2\":0,\"min\":-1e308,\"max\":1e308}]}", false},
		{"{\"version\":1,\"attributes\":1,\"groups\":[]}", true},
		{"{\"version\":3,\"attributes\":1,\"groups\":[]}", false},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		FcError		err;
		FoHeader   *h = fo_parse_text(&A, cases[i].in, strlen(cases[i].in), false, &err);

		CHECK((h != NULL) == cases[i].ok, "text case %zu: %s (%s / %s)", i,
			  h ? "accepted" : "refused", h ? "" : err.msg, h ? "" : err.detail);
		free(h);
	}
}

/* the textbook sum of squares cancels; Welford/Chan must not */
static void
test_stability(void)
{
	Row			rows[3] = {{1, 1e9 + 4, 1}, {1, 1e9 + 7, 1}, {1, 1e9 + 13, 1}};
	FoHeader   *h = build(rows, 3, false);
	FoStats		s;

	fo_stats(h, 0, &s);
	CHECK(s.var == 21.0 && s.mean == 1e9 + 8, "variance of 1e9+{4,7,13} is exactly 21 (got %.17g)", s.var);
	free(h);
}

/*
 * Two values the checks accept, each with a mean just outside [min, max]
 * (within the tolerance of the checks): their merge used to carry a
 * between-group term just over the Bhatia-Davis bound, and be refused by
 * the same checks (found by the outcomes-merge fuzzer).  The merge is
 * accepted, and its m2 is the bound: W (max - mean) (mean - min) with
 * W = 6, min = -1.0000000000023874, max = -1, sum = -6.0000000000073896,
 * i.e. 8.541e-24 (under 6 * (2.4e-12)^2 / 4 = 8.6e-24, the loosest bound).
 */
static void
test_merge_at_tolerance(void)
{
	const char *ta = "{\"version\":1,\"attributes\":1,\"weighted\":true,\"groups\":[{\"group\":\"a\",\"n\":2,\"weight\":3,\"weight_sq\":5,\"sum\":-3,\"m2\":0,\"min\":-1.0000000000023874,\"max\":-1}]}";
	const char *tb = "{\"version\":1,\"attributes\":1,\"weighted\":true,\"groups\":[{\"group\":\"a\",\"n\":2,\"weight\":3,\"weight_sq\":5,\"sum\":-3.0000000000073896,\"m2\":0,\"min\":-1,\"max\":-1}]}";
	FcError		err;
	FoHeader   *a = fo_parse_text(&A, ta, strlen(ta), false, &err);
	FoHeader   *b = fo_parse_text(&A, tb, strlen(tb), false, &err);
	FoHeader   *s,
			   *m;
	FoStats		st;

	CHECK(a != NULL && b != NULL, "both values at the tolerance are accepted");
	if (a == NULL || b == NULL)
		return;
	s = fo_to_scratch(&A, a, &err);
	CHECK(s != NULL && fo_merge(&s, &A, b, 1, 1000000, &err) == 1, "merge at the tolerance");
	m = s ? fo_canonical(&A, s, &err) : NULL;
	CHECK(m != NULL && fo_check_canonical(m, fk_size(&m->k), &err),
		  "the merge passes the checks (%s)", m ? err.msg : "no value");
	if (m != NULL)
	{
		fo_stats(m, 0, &st);
		CHECK(st.n == 4 && st.w == 6.0 && st.m2 > 8.5e-24 && st.m2 < 8.6e-24,
			  "m2 is the Bhatia-Davis bound (got %.17g)", st.m2);
	}
	free(a);
	free(b);
	free(s);
	free(m);
}

/* mutation fuzzing of the binary and text forms */
static void
test_fuzz(void)
{
	Row		   *rows = calloc(100, sizeof(Row));
	FoHeader   *one;
	FcError		err;
	size_t		blen,
				tlen;
	uint8_t    *bin;
	char	   *txt;
	int			i,
				k,
				accepted = 0,
				bad = 0;

	for (i = 0; i < 100; i++)
	{
		rows[i].v = rnd(NVALS);
		rows[i].x = rnd(100000) / 100.0;
		rows[i].w = rnd(5) / 2.0;
	}
	one = build(rows, 100, true);
	bin = fo_encode_binary(&A, one, &blen, &err);
	txt = fo_format_text(&A, one, &tlen, &err);
	for (k = 0; k < 3000; k++)
	{
		uint8_t    *b = malloc(blen);
		char	   *t = malloc(tlen + 1);
		FoHeader   *h;
		int			m,
					nm = 1 + rnd(4);

		memcpy(b, bin, blen);
		memcpy(t, txt, tlen + 1);
		for (m = 0; m < nm; m++)
		{
			b[rnd((uint32_t) blen)] = (uint8_t) rnd(256);
			t[rnd((uint32_t) tlen)] = "0123456789[]{},.:\"e-9"[rnd(22)];
		}
		h = fo_decode_binary(&A, b, blen, &err);
		if (h)
		{
			accepted++;
			if (!fo_check_canonical(h, fk_size(&h->k), &err))
				bad++;
			free(h);
		}
		h = fo_parse_text(&A, t, tlen, false, &err);
		if (h)
		{
			accepted++;
			if (!fo_check_canonical(h, fk_size(&h->k), &err))
				bad++;
			free(h);
		}
		free(b);
		free(t);
	}
	CHECK(bad == 0, "mutated inputs accepted only when valid (%d accepted, %d bad)", accepted, bad);
	free(bin);
	free(txt);
	free(one);
	free(rows);
}

int
main(void)
{
	test_fuzz();
	test_stability();
	test_merge_at_tolerance();
	test_text_errors();
	scenario(500, false, 0.0, 10.0);
	scenario(500, true, 0.0, 10.0);
	scenario(2000, false, 1e6, 1.0);
	scenario(2000, true, -5e4, 100.0);
	scenario(50, false, 3.0, 1e-3);
	printf("foutcomes: %d passed, %d failed\n", npassed, nfailed);
	return nfailed ? 1 : 0;
}
