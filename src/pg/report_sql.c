/*-------------------------------------------------------------------------
 *
 * report_sql.c
 *	  SQL-callable uncertainty and verdicts on fairness.confusion summaries:
 *	  fairness.report, fairness.group_intervals, fairness.chi_square_test.
 *
 * The statistics are in freport.c and fstats.c (no PostgreSQL headers);
 * this file picks the counts out of a summary and formats rows.
 *
 * Weighted summaries: intervals and tests need counts of independent
 * observations, which weight sums are not.  For a weighted summary the
 * point estimate is the weighted rate p_w, and intervals and tests use
 * x = p_w * n with n the number of rows in the denominator (a design effect
 * of 1: the weights are assumed to add no variance); Fisher's test, which
 * needs integer counts, is not used.  README "Uncertainty and verdicts".
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fairness_pg.h"

#include <math.h>

#include "utils/builtins.h"

#include "freport.h"
#include "fstats.h"

/* the rates a report compares: every proportion of group_metrics */
static const FmMetric report_metrics[] = {
	FM_SELECTION_RATE, FM_BASE_RATE, FM_TPR, FM_FPR, FM_TNR, FM_FNR,
	FM_PPV, FM_NPV, FM_FDR, FM_FOR, FM_ACCURACY
};

#define NRM lengthof(report_metrics)

/*
 * complement_of
 *		The rate whose test is the same hypothesis (the 2x2 table with
 *		successes and failures swapped gives the same p-value): FNR = 1 - TPR,
 *		TNR = 1 - FPR, FDR = 1 - PPV, FOR = 1 - NPV.  Such a pair counts once
 *		in the Holm family; -1 for a rate that is its own hypothesis.
 */
static int
complement_of(FmMetric m)
{
	switch (m)
	{
		case FM_FNR:
			return FM_TPR;
		case FM_TNR:
			return FM_FPR;
		case FM_FDR:
			return FM_PPV;
		case FM_FOR:
			return FM_NPV;
		default:
			return -1;
	}
}

/* position of metric m in report_metrics */
static int
report_metric_pos(int m)
{
	size_t		k;

	for (k = 0; k < NRM; k++)
		if ((int) report_metrics[k] == m)
			return (int) k;
	return -1;
}

static double
arg_confidence(FunctionCallInfo fcinfo, int argno)
{
	double		conf = PG_ARGISNULL(argno) ? 0.95 : PG_GETARG_FLOAT8(argno);

	if (!(conf > 0.0 && conf < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence must be between 0 and 1 (exclusive)"),
				 errdetail("The confidence is %g.", conf),
				 errhint("Use for example 0.95 for 95%% intervals.")));
	return conf;
}

/*
 * The impact ratio threshold t of fairness.report's verdicts: the argument
 * when given (0.3), else the setting fairness.impact_ratio_threshold.
 */
static double
arg_threshold(FunctionCallInfo fcinfo, int argno)
{
	double		t;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return fairness_impact_ratio_threshold;
	t = PG_GETARG_FLOAT8(argno);
	if (!(t >= 0.0001 && t <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("impact_ratio_threshold must be between 0.0001 and 1"),
				 errdetail("It is %g.", t),
				 errhint("A ratio r is a disparity when r < t or r > 1/t; 0.8 is the four-fifths rule.")));
	return t;
}

static FrInterval
arg_interval(FunctionCallInfo fcinfo, int argno)
{
	char	   *m;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return FR_WILSON;
	m = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	if (strcmp(m, "wilson") == 0)
		return FR_WILSON;
	if (strcmp(m, "clopper-pearson") == 0 || strcmp(m, "exact") == 0)
		return FR_CLOPPER_PEARSON;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown interval method \"%s\"", m),
			 errhint("Use 'wilson' or 'clopper-pearson'.")));
	pg_unreachable();
}

static double
group_rows(const FcGroupView *g)
{
	double		t = 0;
	int			c;

	for (c = 0; c < FC_NCELLS; c++)
		t += g->ncells[c];
	return t;
}

/*
 * successes_trials
 *		x of n for metric m of a group: counts, or for a weighted summary
 *		the weighted rate times the row count of the denominator.  When the
 *		weighted rate is undefined (rows in the denominator, but all of
 *		weight 0) there is nothing to estimate: n = 0, as for no rows.
 */
static void
successes_trials(const FcGroupView *g, FmMetric m, bool weighted,
				 double *x, double *n)
{
	*n = g->nrates.ratio[m].den;
	if (!weighted)
		*x = g->nrates.ratio[m].num;
	else if (g->rates.defined[m])
		*x = g->rates.value[m] * *n;
	else
		*x = *n = 0.0;
}

#define PUT_F8(col, v) \
	do { \
		if (isnan(v)) \
			nulls[col] = true; \
		else \
			values[col] = Float8GetDatum(v); \
	} while (0)

typedef struct ReportRow
{
	int			group;
	FmMetric	metric;
	double		n;
	FrCompare	cmp;
	bool		compared;		/* comparison values are meaningful */
	bool		ff_defined;
	bool		adverse;
	bool		flip_flop;
	double		shortfall;
	double		p_adj;
	const char *status;
} ReportRow;

#define REPORT_NCOLS 23

PG_FUNCTION_INFO_V1(confusion_report);

/*
 * confusion_report
 *		fairness.report(c, reference, confidence, min_group_size, interval):
 *		one row per group x rate, long format, plain SQL types.
 */
FC_NULL_SUMMARY_FUNCTION(confusion_report)
{
	FcHeader   *h = fpg_getarg(fcinfo, 0);
	text	   *reference = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	double		conf = arg_confidence(fcinfo, 2);
	int			min_size = PG_ARGISNULL(3) ? fairness_min_group_size : PG_GETARG_INT32(3);
	FrInterval	method = arg_interval(fcinfo, 4);
	double		threshold = arg_threshold(fcinfo, 5);
	double		alpha = 1.0 - conf;
	bool		weighted = fc_is_weighted(h);
	TupleDesc	td;
	Tuplestorestate *ts;
	FcView		v;
	int			ref;
	bool		ref_suppressed;
	ReportRow  *rows;
	double	   *pv;
	double	   *adj;
	int		   *idx;
	int			nrows = 0,
				np = 0;
	int			i,
				k;
	size_t		m;

	if (min_size < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_group_size must not be negative")));
	ts = fpg_srf_init(fcinfo, &td, REPORT_NCOLS);
	fpg_view(h, &v);
	ref = fpg_find_reference(&v, reference);
	ref_suppressed = ref >= 0 && group_rows(&v.g[ref]) < min_size;

	rows = palloc0(sizeof(ReportRow) * (v.n * NRM + 1));
	for (i = 0; i < v.n; i++)
	{
		const FcGroupView *g = &v.g[i];
		bool		suppressed = !g->unknown && group_rows(g) < min_size;

		for (m = 0; m < NRM; m++)
		{
			ReportRow  *r = &rows[nrows++];
			FmMetric	mt = report_metrics[m];
			double		x1,
						n1,
						x2 = 0,
						n2 = 0;

			r->group = i;
			r->metric = mt;
			r->p_adj = NAN;
			successes_trials(g, mt, weighted, &x1, &n1);
			r->n = g->nrates.ratio[mt].den;	/* rows, even without weight */
			if (ref >= 0 && !g->unknown && i != ref && !ref_suppressed)
			{
				successes_trials(&v.g[ref], mt, weighted, &x2, &n2);
				r->compared = true;
			}
			fr_compare(x1, n1, x2, r->compared ? n2 : 0, !weighted, conf,
					   method, &r->cmp);
			if (weighted && g->rates.defined[mt])
				r->cmp.value = g->rates.value[mt];
			if (ref >= 0 && !ref_suppressed)
			{
				double		rx,
							rn;

				successes_trials(&v.g[ref], mt, weighted, &rx, &rn);
				r->cmp.ref_value = rn > 0 ? (weighted ? v.g[ref].rates.value[mt] : rx / rn) : NAN;
			}
			if (r->compared && mt == FM_SELECTION_RATE)
				r->ff_defined = fr_four_fifths(x1, n1, x2, n2, threshold,
											   &r->adverse, &r->shortfall,
											   &r->flip_flop);

			/* status, except the significance part (after Holm) */
			if (g->unknown)
				r->status = "unknown_group";
			else if (suppressed)
				r->status = "suppressed";
			else if (i == ref)
				r->status = "reference";
			else if (ref_suppressed)
				r->status = "reference_suppressed";
			else if (isnan(r->cmp.value) || isnan(r->cmp.ref_value))
				r->status = "insufficient_data";
			else
				r->status = NULL;	/* decided below */
			if (r->status == NULL && !isnan(r->cmp.p) && complement_of(mt) < 0)
				np++;
		}
	}

	/*
	 * Holm adjustment over the distinct hypotheses of the report: every
	 * tested group x rate, a complementary rate sharing its partner's test.
	 */
	pv = palloc(sizeof(double) * (np + 1));
	adj = palloc(sizeof(double) * (np + 1));
	idx = palloc(sizeof(int) * (np + 1));
	for (k = 0, i = 0; i < nrows; i++)
		if (rows[i].status == NULL && !isnan(rows[i].cmp.p) &&
			complement_of(rows[i].metric) < 0)
		{
			idx[k] = i;
			pv[k++] = rows[i].cmp.p;
		}
	if (np > 0)
		fst_holm(pv, np, adj);
	for (k = 0; k < np; k++)
		rows[idx[k]].p_adj = adj[k];
	for (i = 0; i < nrows; i++)
	{
		int			partner = complement_of(rows[i].metric);

		if (partner >= 0 && rows[i].status == NULL && !isnan(rows[i].cmp.p))
		{
			/* rows of a group are consecutive, in report_metrics order */
			int			j = i - report_metric_pos(rows[i].metric) +
				report_metric_pos(partner);

			rows[i].p_adj = rows[j].p_adj;
		}
	}

	for (i = 0; i < nrows; i++)
	{
		ReportRow  *r = &rows[i];
		const FcGroupView *g = &v.g[r->group];
		Datum		values[REPORT_NCOLS];
		bool		nulls[REPORT_NCOLS];
		bool		hide = strcmp(r->status ? r->status : "", "suppressed") == 0;
		bool		show_cmp;

		if (r->status == NULL)
		{
			bool		crossed = fr_crosses(r->cmp.value, r->cmp.ref_value, threshold);

			if (!crossed)
				r->status = "ok";
			else if (!isnan(r->p_adj) && r->p_adj < alpha)
				r->status = "disparity";
			else
				r->status = "possible_disparity";
		}
		show_cmp = !hide && (r->status[0] != 'u' && r->status[0] != 'r' &&
							 strcmp(r->status, "insufficient_data") != 0);

		memset(nulls, 0, sizeof(nulls));
		if (g->label)
			values[0] = PointerGetDatum(g->label);
		else
			nulls[0] = true;
		values[1] = g->key;
		values[2] = CStringGetTextDatum(fm_metric_names[r->metric]);
		if (hide)
			nulls[3] = true;
		else
			values[3] = Int64GetDatum((int64) r->n);
		if (hide)
			nulls[4] = nulls[5] = nulls[6] = true;
		else
		{
			PUT_F8(4, r->cmp.value);
			PUT_F8(5, r->cmp.ci_lo);
			PUT_F8(6, r->cmp.ci_hi);
		}
		if (ref >= 0)
			values[7] = PointerGetDatum(v.g[ref].label);
		else
			nulls[7] = true;
		if (hide || ref_suppressed || ref < 0)
			nulls[8] = true;
		else
			PUT_F8(8, r->cmp.ref_value);
		for (k = 9; k < REPORT_NCOLS - 1; k++)
			nulls[k] = true;
		if (strcmp(r->status, "reference") == 0 && !isnan(r->cmp.value))
		{
			values[9] = Float8GetDatum(0.0);
			nulls[9] = false;
			if (r->cmp.value > 0)
			{
				values[12] = Float8GetDatum(1.0);
				nulls[12] = false;
			}
		}
		if (show_cmp)
		{
			nulls[9] = nulls[10] = nulls[11] = nulls[12] = nulls[13] = nulls[14] = false;
			PUT_F8(9, r->cmp.diff);
			PUT_F8(10, r->cmp.diff_lo);
			PUT_F8(11, r->cmp.diff_hi);
			nulls[12] = nulls[13] = nulls[14] = false;
			PUT_F8(12, r->cmp.ratio);
			PUT_F8(13, r->cmp.ratio_lo);
			PUT_F8(14, r->cmp.ratio_hi);
			if (r->cmp.test != FR_TEST_NONE)
			{
				values[15] = CStringGetTextDatum(fr_test_names[r->cmp.test]);
				nulls[15] = false;
				nulls[16] = nulls[17] = nulls[18] = false;
				PUT_F8(16, r->cmp.p);
				PUT_F8(17, r->cmp.p_mid);
				PUT_F8(18, r->p_adj);
			}
			if (r->ff_defined)
			{
				values[19] = BoolGetDatum(r->adverse);
				values[20] = Float8GetDatum(r->shortfall);
				values[21] = BoolGetDatum(r->flip_flop);
				nulls[19] = nulls[20] = nulls[21] = false;
			}
		}
		values[22] = CStringGetTextDatum(r->status);
		tuplestore_putvalues(ts, td, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(confusion_group_intervals);

/*
 * confusion_group_intervals
 *		Every rate of every group (and overall) with its numerator,
 *		denominator and confidence interval, long format.
 */
FC_NULL_SUMMARY_FUNCTION(confusion_group_intervals)
{
	FcHeader   *h = fpg_getarg(fcinfo, 0);
	double		conf = arg_confidence(fcinfo, 1);
	FrInterval	method = arg_interval(fcinfo, 2);
	bool		weighted = fc_is_weighted(h);
	TupleDesc	td;
	Tuplestorestate *ts = fpg_srf_init(fcinfo, &td, 9);
	FcView		v;
	FcGroupView overall;
	int			i;
	size_t		m;

	fpg_view(h, &v);
	/* the overall row as one more group */
	memset(&overall, 0, sizeof(overall));
	for (i = 0; i < FC_NCELLS; i++)
	{
		overall.cells[i] = v.all_cells[i];
		overall.ncells[i] = (double) v.all_counts[i];
	}
	overall.rates = v.all_rates;
	fm_group_rates(overall.ncells, 0, 0, &overall.nrates);
	for (i = 0; i <= v.n; i++)
	{
		const FcGroupView *g = i < v.n ? &v.g[i] : &overall;

		for (m = 0; m < NRM; m++)
		{
			FmMetric	mt = report_metrics[m];
			Datum		values[9];
			bool		nulls[9];
			double		x,
						n,
						lo,
						hi;

			memset(nulls, 0, sizeof(nulls));
			successes_trials(g, mt, weighted, &x, &n);
			fr_interval(x, n, conf, method, &lo, &hi);
			if (i < v.n && g->label)
				values[0] = PointerGetDatum(g->label);
			else
				nulls[0] = true;
			if (i < v.n)
				values[1] = g->key;
			else
				nulls[1] = true;
			values[2] = BoolGetDatum(i == v.n);
			values[3] = CStringGetTextDatum(fm_metric_names[mt]);
			values[4] = Float8GetDatum(weighted ? g->rates.ratio[mt].num : g->nrates.ratio[mt].num);
			values[5] = Float8GetDatum(weighted ? g->rates.ratio[mt].den : g->nrates.ratio[mt].den);
			if (g->rates.defined[mt])
				values[6] = Float8GetDatum(g->rates.value[mt]);
			else
				nulls[6] = true;
			PUT_F8(7, lo);
			PUT_F8(8, hi);
			tuplestore_putvalues(ts, td, values, nulls);
		}
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(confusion_chi_square);

/*
 * confusion_chi_square
 *		Pearson's chi-square test of independence (no continuity correction)
 *		of the prediction (true/false) and the group, over the known groups'
 *		rows that have a prediction.  Counts, also for weighted summaries.
 */
Datum
confusion_chi_square(PG_FUNCTION_ARGS)
{
	FcHeader   *h = fpg_getarg(fcinfo, 0);
	TupleDesc	td;
	Tuplestorestate *ts = fpg_srf_init(fcinfo, &td, 4);
	FcView		v;
	double	   *tab;
	int			rowsn = 0;
	int			i;
	double		stat,
				p;
	int128		total = 0;		/* exact: counts, not their double images */
	int			df;
	Datum		values[4];
	bool		nulls[4];

	fpg_view(h, &v);
	tab = palloc0(sizeof(double) * 2 * (v.n + 1));
	for (i = 0; i < v.n; i++)
	{
		const double *c = v.g[i].ncells;

		if (v.g[i].unknown)
			continue;
		tab[2 * rowsn] = c[FC_TP] + c[FC_FP] + c[FC_UP];
		tab[2 * rowsn + 1] = c[FC_FN] + c[FC_TN] + c[FC_UN];
		total += (int128) v.g[i].counts[FC_TP] + v.g[i].counts[FC_FP] +
			v.g[i].counts[FC_UP] + v.g[i].counts[FC_FN] +
			v.g[i].counts[FC_TN] + v.g[i].counts[FC_UN];
		rowsn++;
	}
	memset(nulls, 0, sizeof(nulls));
	if (rowsn == 0 ||
		fst_chisq_independence(tab, rowsn, 2, &stat, &df, &p) != FST_OK)
	{
		nulls[0] = nulls[1] = nulls[2] = true;
	}
	else
	{
		values[0] = Float8GetDatum(stat);
		values[1] = Int32GetDatum(df);
		values[2] = Float8GetDatum(p);
	}
	if (total > PG_INT64_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("row count out of range for type bigint")));
	values[3] = Int64GetDatum((int64) total);
	tuplestore_putvalues(ts, td, values, nulls);
	return (Datum) 0;
}
