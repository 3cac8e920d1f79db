/*
 * test_fscores.c
 *	  Unit tests of the fairness.scores core (src/core/fscores.c) without a
 *	  server.  Random rows are counted by fscores and kept as a plain list;
 *	  every operation (canonical form, text and binary round trips, merge,
 *	  subtract, removal of rows, weighted/unweighted merge) must agree with
 *	  one pass over the list, and every statistic with a brute-force
 *	  computation over the rows (AUC over all pairs, Brier, KS, ...).
 *	  Scores are multiples of 2^-10 and weights of 2^-6 so that every sum
 *	  is exact and equal summaries must have equal bytes.
 *	  Ends with "fscores: N passed, N failed".
 */
#include "fscores.h"

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

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint32_t
rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t) (rng_state % n);
}

#define NVALS 5
static const char *vals[NVALS] = {NULL, "female", "male", "x\"y", ""};

typedef struct Row
{
	int			v[2];			/* group value indices per attribute */
	int			label;
	double		s;
	double		w;
} Row;

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

static FsHeader *
canon(const FsHeader *s)
{
	FcError		err;
	FsHeader   *c = fs_canonical(&A, s, &err);

	if (c == NULL)
		printf("canonical failed: %s\n", err.msg);
	else
		c->k.vl_len_ = (uint32_t) fk_size(&c->k);
	return c;
}

static bool
same_bytes(const FsHeader *a, const FsHeader *b)
{
	size_t		sa = fk_size(&a->k),
				sb = fk_size(&b->k);

	return sa == sb && memcmp((const char *) a + 4, (const char *) b + 4, sa - 4) == 0;
}

static bool
add_rows(FsHeader **ps, const Row *rows, int nrows, int ndims, bool remove)
{
	FcError		err;
	int			i;

	for (i = 0; i < nrows; i++)
	{
		FcPart		parts[2];
		FsHeader   *old = *ps;
		int64_t		g;

		parts_of(rows[i].v, ndims, parts);
		if (!fs_check_score(*ps, rows[i].s, &err))
		{
			printf("score refused: %s\n", err.msg);
			return false;
		}
		g = fs_lookup_insert(ps, &A, parts, ndims, 1000000, &err);
		if (old != *ps)
			free(old);
		if (g < 0 ||
			!(remove ? fs_remove_row : fs_add_row) (*ps, (uint32_t) g, rows[i].label,
													rows[i].s, rows[i].w, &err))
		{
			printf("add/remove failed: %s\n", err.msg);
			return false;
		}
	}
	return true;
}

static FsHeader *
build(const Row *rows, int nrows, int ndims, bool weighted, uint32_t nbins,
	  double lo, double hi)
{
	FcError		err;
	FsHeader   *s = fs_new_scratch(&A, ndims, weighted, nbins, lo, hi, &err);
	FsHeader   *c;

	if (s == NULL || !add_rows(&s, rows, nrows, ndims, false))
		return NULL;
	c = canon(s);
	free(s);
	return c;
}

static double
rnd_score(double lo, double hi)
{
	/* multiples of 2^-10 in [lo, hi]; ends and bin edges are frequent */
	double		span = hi - lo;
	uint32_t	k = rnd(8) == 0 ? (rnd(2) ? 0 : 1024) : rnd(1025);

	return lo + span * k / 1024.0;
}

static void
gen_rows(Row *rows, int n, int ndims, bool weighted, double lo, double hi,
		 int nvals)
{
	int			i,
				d;

	for (i = 0; i < n; i++)
	{
		for (d = 0; d < ndims; d++)
			rows[i].v[d] = rnd(nvals);
		rows[i].label = rnd(7) == 0 ? FS_UNLABELED : (rnd(3) == 0 ? FS_TRUE : FS_FALSE);
		rows[i].s = rnd_score(lo, hi);
		/* correlate label and score a little */
		if (rows[i].label == FS_TRUE && rnd(2))
			rows[i].s = rnd_score((lo + hi) / 2, hi);
		rows[i].w = weighted ? (rnd(5) == 0 ? 0.0 : rnd(200) / 64.0) : 1.0;
	}
}

/* brute force over rows of one group value (v0 < 0: all rows) */
static void
brute(const Row *rows, int n, int v0, double *auc, double *brier,
	  double *mean, bool *defined)
{
	double		num = 0,
				P = 0,
				N = 0,
				sq = 0,
				W = 0,
				ss = 0,
				Wl = 0;
	int			i,
				k;

	for (i = 0; i < n; i++)
	{
		if (v0 >= 0 && rows[i].v[0] != v0)
			continue;
		W += rows[i].w;
		ss += rows[i].w * rows[i].s;
		if (rows[i].label == FS_UNLABELED)
			continue;
		Wl += rows[i].w;
		sq += rows[i].w * ((rows[i].label == FS_TRUE ? 1.0 : 0.0) - rows[i].s) *
			((rows[i].label == FS_TRUE ? 1.0 : 0.0) - rows[i].s);
		if (rows[i].label == FS_TRUE)
			P += rows[i].w;
		else
			N += rows[i].w;
	}
	for (i = 0; i < n; i++)
	{
		if ((v0 >= 0 && rows[i].v[0] != v0) || rows[i].label != FS_TRUE)
			continue;
		for (k = 0; k < n; k++)
		{
			if ((v0 >= 0 && rows[k].v[0] != v0) || rows[k].label != FS_FALSE)
				continue;
			if (rows[i].s > rows[k].s)
				num += rows[i].w * rows[k].w;
			else if (rows[i].s == rows[k].s)
				num += 0.5 * rows[i].w * rows[k].w;
		}
	}
	*defined = P > 0 && N > 0;
	*auc = *defined ? num / (P * N) : 0;
	*brier = Wl > 0 ? sq / Wl : 0;
	*mean = W > 0 ? ss / W : 0;
}

static int64_t
find_group(const FsHeader *h, int v0)
{
	FcPart		parts[1];
	char		key[64];
	uint32_t	l;
	int			vv[1] = {v0};

	parts_of(vv, 1, parts);
	l = parts[0].isnull ? FC_NULL_LEN : parts[0].len;
	memcpy(key, &l, 4);
	if (!parts[0].isnull)
		memcpy(key + 4, parts[0].data, parts[0].len);
	return fk_find_key(&h->k, key, 4 + (parts[0].isnull ? 0 : parts[0].len));
}

static void
scenario(int ndims, int nrows, bool weighted, uint32_t nbins, double lo,
		 double hi)
{
	Row		   *rows = calloc(nrows, sizeof(Row));
	FsHeader   *one,
			   *a,
			   *b,
			   *s,
			   *m,
			   *t;
	FcError		err;
	int			split = nrows / 3;
	char	   *txt;
	size_t		len;
	uint8_t    *bin;

	gen_rows(rows, nrows, ndims, weighted, lo, hi, NVALS);
	one = build(rows, nrows, ndims, weighted, nbins, lo, hi);
	CHECK(one != NULL, "build");
	if (one == NULL)
		return;
	CHECK(fs_check_canonical(one, fk_size(&one->k), &err), "canonical check: %s", err.msg);
	CHECK(one->k.total == nrows, "total %lld", (long long) one->k.total);

	/* merge of two parts == one pass; subtract gives the part back */
	a = build(rows, split, ndims, weighted, nbins, lo, hi);
	b = build(rows + split, nrows - split, ndims, weighted, nbins, lo, hi);
	s = fs_to_scratch(&A, a, &err);
	CHECK(s && fs_merge(&s, &A, b, 1, 1000000, &err), "merge: %s", err.msg);
	m = canon(s);
	CHECK(m && same_bytes(m, one), "merge equals one pass (ndims %d, weighted %d, bins %u)",
		  ndims, weighted, nbins);
	CHECK(fs_merge(&s, &A, b, -1, 1000000, &err), "subtract: %s", err.msg);
	t = canon(s);
	CHECK(t && same_bytes(t, a), "subtract gives the part back");
	free(s);
	free(m);
	free(t);

	/* merging a scratch value (as parallel workers send them) */
	s = fs_new_scratch(&A, ndims, weighted, nbins, lo, hi, &err);
	add_rows(&s, rows + split, nrows - split, ndims, false);
	{
		FsHeader   *s2 = fs_to_scratch(&A, a, &err);

		CHECK(fs_merge(&s2, &A, s, 1, 1000000, &err), "merge scratch: %s", err.msg);
		m = canon(s2);
		CHECK(m && same_bytes(m, one), "merge of a scratch source equals one pass");
		free(m);
		free(s2);
	}
	free(s);

	/* removing rows (moving window) == never adding them */
	s = fs_to_scratch(&A, one, &err);
	CHECK(add_rows(&s, rows + split, nrows - split, ndims, true), "remove rows");
	m = canon(s);
	CHECK(m && same_bytes(m, a), "removing rows equals the other part");
	free(m);
	free(s);

	/* text round trip */
	txt = fs_format_text(&A, one, &len, &err);
	CHECK(txt != NULL, "format: %s", err.msg);
	if (txt)
	{
		t = fs_parse_text(&A, txt, len, false, &err);
		CHECK(t != NULL, "parse back: %s / %.200s", err.msg, err.detail);
		if (t)
		{
			t->k.vl_len_ = (uint32_t) fk_size(&t->k);
			CHECK(same_bytes(t, one), "text round trip exact");
			free(t);
		}
		free(txt);
	}
	/* binary round trip */
	bin = fs_encode_binary(&A, one, &len, &err);
	CHECK(bin != NULL, "encode: %s", err.msg);
	if (bin)
	{
		t = fs_decode_binary(&A, bin, len, &err);
		CHECK(t != NULL, "decode: %s %s", err.msg, err.detail);
		if (t)
		{
			t->k.vl_len_ = (uint32_t) fk_size(&t->k);
			CHECK(same_bytes(t, one), "binary round trip exact");
			free(t);
		}
		/* every truncation is refused */
		{
			size_t		cut;
			int			tried = 0,
						refused = 0;

			for (cut = 0; cut < len; cut += 1 + len / 97)
			{
				t = fs_decode_binary(&A, bin, cut, &err);
				tried++;
				if (t == NULL)
					refused++;
				free(t);
			}
			CHECK(refused == tried, "every truncation refused (%d of %d)", refused, tried);
		}
		free(bin);
	}

	/* statistics against brute force, per group and overall (1 attribute) */
	if (ndims == 1)
	{
		int			v0;

		for (v0 = -1; v0 < NVALS; v0++)
		{
			FsHist		hist;
			FsAuc		au;
			double		bauc,
						bbrier,
						bmean,
						x;
			bool		bdef;
			int64_t		g = v0 < 0 ? -1 : find_group(one, v0);

			if (v0 >= 0 && g < 0)
				continue;
			fs_hist_init(&hist, &A, one, &err);
			fs_hist_add(&hist, one, g, &err);
			brute(rows, nrows, v0, &bauc, &bbrier, &bmean, &bdef);
			fs_auc(&hist, &au);
			CHECK(au.defined == bdef, "auc defined");
			if (bdef)
				CHECK(fabs(au.auc - bauc) <= au.bound + 1e-12,
					  "|binned auc %.12f - exact %.12f| <= bound %.3g", au.auc, bauc, au.bound);
			if (bdef && nbins >= 1024 && lo == 0.0 && hi == 1.0)
				CHECK(fabs(au.auc - bauc) < 1e-12 || au.bound > 0,
					  "fine bins: exact auc");
			if (fs_brier(&hist, &x) && lo >= 0 && hi <= 1)
				CHECK(fabs(x - bbrier) < 1e-12, "brier %.15f vs %.15f", x, bbrier);
			if (fs_mean_score(&hist, &x))
				CHECK(fabs(x - bmean) < 1e-12 * (1 + fabs(bmean)), "mean %.15f vs %.15f", x, bmean);
			fs_hist_free(&hist, &A);
		}
	}
	free(a);
	free(b);
	free(one);
	free(rows);
}

/* bins, edges and the threshold rule */
static void
test_bins(void)
{
	FcError		err;
	FsHeader   *h = fs_new_scratch(&A, 1, false, 1000, 0.0, 1.0, &err);
	FsHeader   *h2 = fs_new_scratch(&A, 1, false, 7, -3.5, 11.25, &err);
	uint32_t	j;
	int			bad = 0;

	CHECK(fs_edge(h, 300) == 0.3 && fs_edge(h, 1000) == 1.0 && fs_edge(h, 0) == 0.0,
		  "edges of 1000 bins on [0,1] are the decimals");
	for (j = 0; j < 1000; j++)
	{
		double		e = fs_edge(h, j);

		if (fs_bin(h, e) != j || (j > 0 && fs_bin(h, nextafter(e, -1.0)) != j - 1) ||
			fs_threshold_bin(h, e) != j || (j > 0 && fs_threshold_bin(h, nextafter(e, -1.0)) != j))
			bad++;
	}
	CHECK(bad == 0, "every edge starts its bin (%d bad)", bad);
	CHECK(fs_bin(h, 1.0) == 999 && fs_threshold_bin(h, 1.0) == 1000 &&
		  fs_threshold_bin(h, -5) == 0 && fs_threshold_bin(h, 2) == 1000,
		  "upper end in the last bin; thresholds at the ends");
	for (j = 0; j < 7; j++)
		if (fs_bin(h2, fs_edge(h2, j)) != j)
			bad++;
	CHECK(bad == 0 && fs_bin(h2, 11.25) == 6 && fs_bin(h2, -3.5) == 0, "odd range");
	CHECK(!fs_check_score(h, 1.0000000000000002, &err) && err.code == FC_ERR_RANGE &&
		  strstr(err.hint, "bins, lower, upper") != NULL, "out of range: error with the overload in the hint");
	CHECK(!fs_check_score(h, -0.1, &err), "below range");
	CHECK(!fs_check_score(h, NAN, &err) && err.code == FC_ERR_VALUE, "NaN refused");
	CHECK(!fs_check_score(h, INFINITY, &err), "infinity refused");
	CHECK(fs_check_score(h, 0.0, &err) && fs_check_score(h, 1.0, &err), "ends accepted");
	CHECK(!fs_check_params(0, 0, 1, &err) && !fs_check_params(100001, 0, 1, &err) &&
		  !fs_check_params(10, 1, 1, &err) && !fs_check_params(10, 0, INFINITY, &err) &&
		  !fs_check_params(10, -1e308, 1e308, &err) &&
		  !fs_check_params(100000, 1.0, 1.0 + 1e-12, &err) &&
		  fs_check_params(100000, 0, 1, &err), "parameter checks");
	free(h);
	free(h2);
}

/* malformed text inputs are refused with the right class of error */
static void
test_text_errors(void)
{
	static const struct
	{
		const char *in;
		FcErrCode	code;
	}			cases[] = {
		{"", FC_ERR_SYNTAX},
		{"{}", FC_ERR_SYNTAX},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1}", FC_ERR_SYNTAX},
		{"{\"version\":2,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[]}", FC_ERR_VALUE},
		{"{\"version\":1,\"attributes\":1,\"bins\":0,\"lower\":0,\"upper\":1,\"groups\":[]}", FC_ERR_VALUE},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":1,\"upper\":0,\"groups\":[]}", FC_ERR_VALUE},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[],\"x\":1}", FC_ERR_SYNTAX},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"histogram\":[]}]}", FC_ERR_VALUE},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"histogram\":[[10,1,0,0,0.5]]}]}", FC_ERR_VALUE},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"histogram\":[[3,1,0,0,0.5]]}]}", FC_ERR_VALUE},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"squared_error\":[0.4225,0],\"histogram\":[[3,1,0,0,0.35]]}]}", FC_OK},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"squared_error\":[0.5,0],\"histogram\":[[3,1,0,0,0.35],[3,1,0,0,0.35]]}]}", FC_ERR_VALUE},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"squared_error\":[0.1,0],\"histogram\":[[3,1,0,0,0.35]]}]}", FC_ERR_VALUE},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"histogram\":[[3,0,0,0,0]]}]}", FC_ERR_VALUE},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"histogram\":[[3,0,0,2,0]]}]}", FC_ERR_VALUE},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"unlabeled_score_sum\":0.7,\"histogram\":[[3,0,0,2,0]]}]}", FC_OK},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"unlabeled_score_sum\":0.7,\"histogram\":[[3,0,0,2,0]]},{\"group\":\"a\",\"unlabeled_score_sum\":0.7,\"histogram\":[[3,0,0,2,0]]}]}", FC_ERR_VALUE},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"unlabeled_score_sum\":0.7,\"histogram\":[[3,0,0,2,0,1]]}]}", FC_ERR_SYNTAX},
		{"{\"version\":1,\"attributes\":1,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"unlabeled_score_sum\":0.7,\"histogram\":[[3,0,0,-2,0]]}]}", FC_ERR_RANGE},
		{"{\"version\":1,\"attributes\":1,\"weighted\":true,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"unlabeled_score_sum\":0.35,\"histogram\":[[3,0,0,2,0,0,1,0]]}]}", FC_OK},
		{"{\"version\":1,\"attributes\":1,\"weighted\":true,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"unlabeled_score_sum\":0.35,\"histogram\":[[3,0,0,2,1,0,1,0]]}]}", FC_ERR_VALUE},
		{"{\"version\":1,\"attributes\":1,\"weighted\":true,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"unlabeled_score_sum\":0.35,\"histogram\":[[3,0,0,2,0,0,-1,0]]}]}", FC_ERR_RANGE},
		{"{\"version\":1,\"attributes\":2,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":\"a\",\"histogram\":[[3,0,0,2,0]]}]}", FC_ERR_SYNTAX},
		{"{\"version\":1,\"attributes\":2,\"bins\":10,\"lower\":0,\"upper\":1,\"groups\":[{\"group\":[\"a\",null,null],\"histogram\":[[3,0,0,2,0]]}]}", FC_ERR_VALUE},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		FcError		err;
		FsHeader   *h;

		memset(&err, 0, sizeof(err));
		h = fs_parse_text(&A, cases[i].in, strlen(cases[i].in), false, &err);
		CHECK((h != NULL) == (cases[i].code == FC_OK) &&
			  (h != NULL || err.code == cases[i].code),
			  "text case %zu: got %s (code %d: %s / %s)", i, h ? "ok" : "error",
			  (int) err.code, err.msg, err.detail);
		free(h);
	}
}

/* a weighted and an unweighted summary merge as if every unweighted row weighed 1 */
static void
test_mixed_weights(void)
{
	Row		   *rows = calloc(300, sizeof(Row));
	FsHeader   *u,
			   *w,
			   *all,
			   *m;
	FsHeader   *s,
			   *orig;
	FcError		err;
	int			i;

	gen_rows(rows, 300, 1, true, 0.0, 1.0, NVALS);
	for (i = 0; i < 100; i++)
		rows[i].w = 1.0;
	u = build(rows, 100, 1, false, 1000, 0.0, 1.0);
	w = build(rows + 100, 200, 1, true, 1000, 0.0, 1.0);
	all = build(rows, 300, 1, true, 1000, 0.0, 1.0);
	s = fs_to_scratch(&A, u, &err);
	orig = s;
	CHECK(fs_merge(&s, &A, w, 1, 1000000, &err), "mixed merge: %s", err.msg);
	m = canon(s);
	CHECK(m && same_bytes(m, all), "unweighted + weighted = weighted with weight 1");
	if (s != orig)
		free(orig);			/* fs_merge leaves a moved-from value to its caller */
	free(s);
	free(m);
	s = fs_to_scratch(&A, u, &err);
	CHECK(!fs_merge(&s, &A, w, -1, 1000000, &err) && err.code == FC_ERR_MISMATCH,
		  "cannot subtract weighted from unweighted");
	free(s);
	/* different bins refuse to merge */
	m = build(rows, 10, 1, false, 100, 0.0, 1.0);
	s = fs_to_scratch(&A, u, &err);
	CHECK(!fs_merge(&s, &A, m, 1, 1000000, &err) && err.code == FC_ERR_MISMATCH &&
		  strstr(err.detail, "100 bins") != NULL, "different bins refused: %s", err.detail);
	free(s);
	free(m);
	/* max groups */
	s = fs_new_scratch(&A, 1, false, 1000, 0.0, 1.0, &err);
	orig = s;
	CHECK(!fs_merge(&s, &A, w, 1, 2, &err) && err.code == FC_ERR_TOO_MANY_GROUPS,
		  "max_groups applies to merges");
	if (s != orig)
		free(orig);
	free(s);
	free(u);
	free(w);
	free(all);
	free(rows);
}

/*
 * Mutation fuzzing: random byte changes of valid binary and text forms must
 * be refused or give a value that passes the full canonical check; random
 * changes of a stored (canonical) value must never make the readers
 * (iteration, text output) read out of bounds -- they report corruption.
 */
static void
test_fuzz(void)
{
	Row		   *rows = calloc(200, sizeof(Row));
	FsHeader   *one;
	FcError		err;
	size_t		blen,
				tlen;
	uint8_t    *bin;
	char	   *txt;
	int			k,
				accepted = 0,
				bad = 0;

	gen_rows(rows, 200, 2, true, 0.0, 1.0, NVALS);
	one = build(rows, 200, 2, true, 50, 0.0, 1.0);
	bin = fs_encode_binary(&A, one, &blen, &err);
	txt = fs_format_text(&A, one, &tlen, &err);
	for (k = 0; k < 3000; k++)
	{
		uint8_t    *b = malloc(blen);
		char	   *t = malloc(tlen + 1);
		FsHeader   *h;
		int			m,
					nm = 1 + rnd(4);

		memcpy(b, bin, blen);
		memcpy(t, txt, tlen + 1);
		for (m = 0; m < nm; m++)
		{
			b[rnd((uint32_t) blen)] = (uint8_t) rnd(256);
			t[rnd((uint32_t) tlen)] = "0123456789[]{},.:\"e-9"[rnd(22)];
		}
		h = fs_decode_binary(&A, b, blen, &err);
		if (h)
		{
			accepted++;
			if (!fs_check_canonical(h, fk_size(&h->k), &err))
				bad++;
			free(h);
		}
		h = fs_parse_text(&A, t, tlen, false, &err);
		if (h)
		{
			accepted++;
			if (!fs_check_canonical(h, fk_size(&h->k), &err))
				bad++;
			free(h);
		}
		free(b);
		free(t);
	}
	CHECK(bad == 0, "mutated inputs accepted only when valid (%d accepted, %d bad)", accepted, bad);
	/* corrupt the stored bytes after the header: readers must stay in bounds */
	{
		size_t		sz = fk_size(&one->k);
		int			reported = 0;

		for (k = 0; k < 3000; k++)
		{
			FsHeader   *c = malloc(sz);
			size_t		from = sizeof(FsHeader);
			char	   *o;
			size_t		olen;

			memcpy(c, one, sz);
			c->k.vl_len_ = (uint32_t) sz;
			((uint8_t *) c)[from + rnd((uint32_t) (sz - from))] = (uint8_t) rnd(256);
			if (fs_check_header(c, sz, &err))
			{
				o = fs_format_text(&A, c, &olen, &err);
				if (o == NULL)
					reported++;
				free(o);
				(void) fs_check_canonical(c, sz, &err);
			}
			free(c);
		}
		CHECK(reported > 0, "corrupted stored values reported (%d), never read out of bounds", reported);
	}
	free(bin);
	free(txt);
	free(one);
	free(rows);
}

int
main(void)
{
	test_fuzz();
	test_mixed_weights();
	test_bins();
	test_text_errors();
	scenario(1, 400, false, 1000, 0.0, 1.0);
	scenario(1, 400, true, 1000, 0.0, 1.0);
	scenario(1, 300, false, 2048, 0.0, 1.0);
	scenario(1, 300, true, 10, 0.0, 1.0);
	scenario(2, 500, false, 100, 0.0, 1.0);
	scenario(2, 500, true, 100, 0.0, 1.0);
	scenario(1, 300, false, 37, -4.0, 12.0);
	scenario(1, 2000, true, 1000, 0.0, 1.0);
	printf("fscores: %d passed, %d failed\n", npassed, nfailed);
	return nfailed ? 1 : 0;
}
