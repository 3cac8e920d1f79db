/*
 * test_freport.c
 *	  Unit tests of the four-fifths rule and the ratio band of src/core/freport.c
 *	  against exact integer arithmetic: every table with group sizes up to
 *	  60 (adverse impact, shortfall, flip-flop, crossing of [0.8, 1.25]),
 *	  and shortfalls with counts near 1e9 and 2^53.  Ends with
 *	  "freport: N passed, N failed".
 */
#include "freport.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

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

/* (x1/n1) / (x2/n2) < 4/5, exactly */
static int
below45(int64_t x1, int64_t n1, int64_t x2, int64_t n2)
{
	return 5 * x1 * n2 < 4 * x2 * n1;
}

/* ceil(n1 x2 / n2 - x1), at least 0, exactly */
static int64_t
exact_shortfall(int64_t x1, int64_t n1, int64_t x2, int64_t n2)
{
	int64_t		q = (n1 * x2 + n2 - 1) / n2 - x1;

	return q > 0 ? q : 0;
}

int
main(void)
{
	int64_t		x1,
				n1,
				x2,
				n2;
	int			boundary = 0,
				tables = 0,
				bad = 0;

	/* every small table: the verdicts of exact rational arithmetic */
	for (n1 = 1; n1 <= 60; n1++)
		for (n2 = 1; n2 <= 60; n2++)
			for (x2 = 1; x2 <= n2; x2++)
				for (x1 = 0; x1 <= n1; x1++)
				{
					bool		adverse,
								flip;
					double		shortfall;
					int			want_adverse = below45(x1, n1, x2, n2);
					int			want_flip;
					int			want_cross;
					bool		ok;

					if (5 * x1 * n2 == 4 * x2 * n1 || 4 * x1 * n2 == 5 * x2 * n1)
						boundary++;
					ok = fr_four_fifths((double) x1, (double) n1, (double) x2,
										(double) n2, 0.8, &adverse,
										&shortfall, &flip);
					if (want_adverse)
						want_flip = x1 + 1 <= n1 &&
							(x2 == 1 || !below45(x1 + 1, n1, x2 - 1, n2));
					else
						want_flip = x1 >= 1 && x2 + 1 <= n2 &&
							below45(x1 - 1, n1, x2 + 1, n2);
					/* outside [4/5, 5/4]: r < 4/5 or 1/r < 4/5 */
					want_cross = want_adverse || (x1 > 0 && below45(x2, n2, x1, n1));
					if (!ok || adverse != want_adverse ||
						shortfall != (double) exact_shortfall(x1, n1, x2, n2) ||
						flip != want_flip ||
						fr_crosses((double) x1 / n1, (double) x2 / n2, 0.8) != want_cross)
					{
						if (++bad <= 10)
							printf("  %lld/%lld vs %lld/%lld: adverse %d (want %d), "
								   "shortfall %g (want %lld), flip %d (want %d), "
								   "cross %d (want %d)\n",
								   (long long) x1, (long long) n1, (long long) x2,
								   (long long) n2, adverse, want_adverse, shortfall,
								   (long long) exact_shortfall(x1, n1, x2, n2),
								   flip, want_flip,
								   fr_crosses((double) x1 / n1, (double) x2 / n2, 0.8),
								   want_cross);
					}
					tables++;
				}
	CHECK(bad == 0, "%d of %d tables with sizes up to 60 disagree with exact arithmetic", bad, tables);
	CHECK(boundary > 1000, "only %d tables on the boundary", boundary);

	/* the boundary cases of the README: exactly 4/5 is not adverse */
	{
		bool		adverse,
					flip;
		double		shortfall;

		fr_four_fifths(40, 60, 50, 60, 0.8, &adverse, &shortfall, &flip);
		CHECK(!adverse && shortfall == 10 && flip, "40/60 vs 50/60");
		CHECK(!fr_crosses(50.0 / 60, 40.0 / 60, 0.8), "50/60 vs 40/60 is 5/4");
		CHECK(fr_crosses(51.0 / 60, 40.0 / 60, 0.8), "51/60 vs 40/60");
		CHECK(fr_crosses(3.0 / 10, 0.0, 0.8), "reference rate 0");
		CHECK(!fr_crosses(0.0, 0.0, 0.8), "both rates 0");
		CHECK(fr_crosses(0.0, 0.5, 0.8), "rate 0");
	}

	/* shortfalls that need more than doubles: n2 = 1e9 */
	{
		static const int64_t cases[][4] = {
			{0, 7, 142857143, 1000000000},	/* ceil(1.000000001) = 2 */
			{0, 3, 666666667, 1000000000},	/* ceil(2.000000001) = 3 */
			{1, 3, 666666667, 1000000000},
			{0, 3, 333333333, 999999999},	/* exactly 1 */
			{0, 999999999, 1, 1000000000},	/* ceil(0.999999999) = 1 */
			{5, 999999937, 999999929, 999999937},
			{0, INT64_C(4503599627370497), INT64_C(4503599627370495),
			INT64_C(9007199254740991)},
			{0, INT64_C(9007199254740991), 1, INT64_C(9007199254740991)},
		};
		int			i;

		for (i = 0; i < (int) (sizeof(cases) / sizeof(cases[0])); i++)
		{
			bool		adverse,
						flip;
			double		shortfall;
			const int64_t *c = cases[i];
			/* exact with 128-bit arithmetic where products exceed 2^63 */
			unsigned __int128 num = (unsigned __int128) c[1] * (uint64_t) c[2];
			int64_t		want = (int64_t) ((num + (uint64_t) c[3] - 1) / (uint64_t) c[3]) - c[0];

			if (want < 0)
				want = 0;
			fr_four_fifths((double) c[0], (double) c[1], (double) c[2],
						   (double) c[3], 0.8, &adverse, &shortfall, &flip);
			CHECK(shortfall == (double) want, "shortfall %lld/%lld vs %lld/%lld: %.17g, want %lld",
				  (long long) c[0], (long long) c[1], (long long) c[2],
				  (long long) c[3], shortfall, (long long) want);
		}
	}

	printf("freport: %d passed, %d failed\n", npassed, nfailed);
	return nfailed != 0;
}
