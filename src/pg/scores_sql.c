/*-------------------------------------------------------------------------
 *
 * scores_sql.c
 *	  SQL-callable glue for the fairness.scores type: I/O, aggregates,
 *	  accessors and the score statistics.
 *
 * Everything that defines the value format or a number lives in fscores.c
 * and fscores_metrics.c (no PostgreSQL headers); this file converts
 * arguments, reports errors with a SQLSTATE and allocates through palloc.
 *
 * Aggregate states are fairness.scores values themselves (not internal),
 * so that Citus can push partial aggregation to its workers; they are
 * updated in place when called as an aggregate, and when a state must grow
 * a larger copy is returned in the current memory context, which the
 * executor moves into the aggregate context (as for fairness.confusion).
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/jsonb.h"
#include "utils/tuplestore.h"

#include "fcore.h"
#include "fguc.h"
#include "fscores.h"
#include "fsql.h"
#include "fstats.h"

/* ------------------------------------------------------------------------
 * Values in and out
 * ------------------------------------------------------------------------
 */

/* stamp the varlena header of a value built by fscores (or report) */
static FsHeader *
ss_finish(FsHeader *h, const FcError *err)
{
	if (h == NULL)
		fsql_report(err);
	SET_VARSIZE(h, fk_size(&h->k));
	return h;
}

/* detoast argument n and check its header (O(1)) */
/* an input path's value: ss_finish, then the group names' encoding */
static FsHeader *
ss_input(FsHeader *h, const FcError *err)
{
	ss_finish(h, err);
	fsql_check_encoding(&h->k);
	return h;
}

static FsHeader *
ss_getarg(FunctionCallInfo fcinfo, int n)
{
	FsHeader   *h;
	FcError		err;

	if (PG_ARGISNULL(n))
		fpg_null_argument(fcinfo, n);	/* never dereferenced (fairness_pg.h) */
	h = (FsHeader *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n));
	if (!fs_check_header(h, VARSIZE(h), &err))
		fsql_report(&err);
	return h;
}

PG_FUNCTION_INFO_V1(scores_in);
PG_FUNCTION_INFO_V1(scores_out);
PG_FUNCTION_INFO_V1(scores_recv);
PG_FUNCTION_INFO_V1(scores_send);
PG_FUNCTION_INFO_V1(scores_to_jsonb);
PG_FUNCTION_INFO_V1(scores_from_jsonb);

/* scores_in: the JSON text form, with every check of fs_parse_text */
Datum
scores_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	FcError		err;

	PG_RETURN_POINTER(ss_input(fs_parse_text(&fsql_alloc, s, strlen(s),
											 fsql_ascii_escapes_only(), &err), &err));
}

/* scores_out: the canonical JSON text form */
Datum
scores_out(PG_FUNCTION_ARGS)
{
	FcError		err;
	size_t		len;

	PG_RETURN_CSTRING(fsql_text_out(fs_format_text(&fsql_alloc, ss_getarg(fcinfo, 0),
												   &len, &err), &err));
}

/* scores_recv: binary input; every check of the text form applies too */
Datum
scores_recv(PG_FUNCTION_ARGS)
{
	FcError		err;
	size_t		len;
	const uint8_t *b = fsql_recv_bytes((StringInfo) PG_GETARG_POINTER(0), &len);

	PG_RETURN_POINTER(ss_input(fs_decode_binary(&fsql_alloc, b, len, &err), &err));
}

/* scores_send: binary output (network byte order, see fscores.c) */
Datum
scores_send(PG_FUNCTION_ARGS)
{
	FcError		err;
	size_t		len;
	uint8_t    *b = fs_encode_binary(&fsql_alloc, ss_getarg(fcinfo, 0), &len, &err);

	PG_RETURN_BYTEA_P(fsql_bytea_out(b, len, &err));
}

Datum
scores_to_jsonb(PG_FUNCTION_ARGS)
{
	FcError		err;
	size_t		len;

	return fsql_jsonb_out(fs_format_text(&fsql_alloc, ss_getarg(fcinfo, 0), &len, &err), &err);
}

Datum
scores_from_jsonb(PG_FUNCTION_ARGS)
{
	char	   *s = fsql_jsonb_text(PG_GETARG_JSONB_P(0));
	FcError		err;

	PG_RETURN_POINTER(ss_input(fs_parse_text(&fsql_alloc, s, strlen(s),
											 fsql_ascii_escapes_only(), &err), &err));
}

/* ------------------------------------------------------------------------
 * Aggregates
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(scores_trans);
PG_FUNCTION_INFO_V1(scores_trans_arr);
PG_FUNCTION_INFO_V1(scores_inv);
PG_FUNCTION_INFO_V1(scores_inv_arr);
PG_FUNCTION_INFO_V1(scores_combine);
PG_FUNCTION_INFO_V1(scores_subtract);
PG_FUNCTION_INFO_V1(scores_final);

#define SS_AGG_HINT "Use the aggregates fairness.scores and fairness.merge."

/*
 * ss_transition
 *		One row into (or, inverse, out of) the state.  Arguments: state,
 *		group, actual, score, then by overload [weight] and
 *		[bins, lower, upper]: 4 args plain, 5 weighted, 7 with a range,
 *		8 weighted with a range.
 */
static Datum
ss_transition(FunctionCallInfo fcinfo, int nattr, bool inverse)
{
	/* arguments after the group come sh later with several attributes */
	const int	sh = nattr > 1 ? nattr - 1 : 0;
	int			nargs = PG_NARGS() - sh;
	bool		weighted = (nargs == 5 || nargs == 8);
	bool		ranged = (nargs >= 7);
	int32		nbins = FS_DEFAULT_BINS;
	double		lower = FS_DEFAULT_LOWER,
				upper = FS_DEFAULT_UPPER;
	double		w = 1.0,
				s;
	FcPart		parts[FC_MAX_DIMS];
	int			nparts,
				label;
	FsHeader   *h;
	FsHeader   *orig;
	FcError		err;
	int64		g;

	fsql_require_agg(fcinfo, "fairness.scores transition function", SS_AGG_HINT);
	if (weighted)
		w = fsql_weight_arg(fcinfo, 4 + sh);
	if (ranged)
	{
		int			p = (weighted ? 5 : 4) + sh;

		if (PG_ARGISNULL(p) || PG_ARGISNULL(p + 1) || PG_ARGISNULL(p + 2))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("bins, lower and upper must not be NULL")));
		nbins = PG_GETARG_INT32(p);
		lower = PG_GETARG_FLOAT8(p + 1);
		upper = PG_GETARG_FLOAT8(p + 2);
	}
	if (PG_ARGISNULL(3 + sh))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("score must not be NULL"),
				 errhint("Filter rows without a score (WHERE score IS NOT NULL), or count them with fairness.confusion: fairness.scores never guesses a score.")));
	s = PG_GETARG_FLOAT8(3 + sh);
	label = PG_ARGISNULL(2 + sh) ? FS_UNLABELED :
		(PG_GETARG_BOOL(2 + sh) ? FS_TRUE : FS_FALSE);
	nparts = fsql_group_parts(fcinfo, 1, nattr, parts);

	if (PG_ARGISNULL(0))
	{
		if (inverse)
			elog(ERROR, "fairness.scores inverse transition with no state");
		if (nbins < 1 || nbins > FS_MAX_BINS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("number of bins must be between 1 and %d", FS_MAX_BINS),
					 errdetail("It is %d.", nbins)));
		h = ss_finish(fs_new_scratch(&fsql_alloc, nparts, weighted,
									 (uint32_t) nbins, lower, upper, &err), &err);
	}
	else
	{
		h = (FsHeader *) PG_GETARG_POINTER(0);
		if (h->k.version != FS_FORMAT_VERSION || !(h->k.flags & FK_F_SCRATCH))
			h = ss_finish(fs_to_scratch(&fsql_alloc, ss_getarg(fcinfo, 0), &err), &err);
		if (ranged && (h->nbins != (uint32) nbins || h->lower != lower ||
					   h->upper != upper))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("bins, lower and upper must be the same in every row"),
					 errdetail("The summary has %u bins on [%g, %g]; this row asks for %d bins on [%g, %g].",
							   h->nbins, h->lower, h->upper, nbins, lower, upper)));
	}
	if (!fs_check_score(h, s, &err))
		fsql_report(&err);
	orig = h;
	g = fs_lookup_insert(&h, &fsql_alloc, parts, nparts, fairness_max_groups, &err);
	if (g < 0)
		fsql_report(&err);
	if (h != orig)
		SET_VARSIZE(h, fk_size(&h->k));
	if (!(inverse ? fs_remove_row : fs_add_row) (h, (uint32) g, label, s, w, &err))
		fsql_report(&err);
	PG_RETURN_POINTER(h);
}

Datum
scores_trans(PG_FUNCTION_ARGS)
{
	return ss_transition(fcinfo, 1, false);
}

Datum
scores_trans_arr(PG_FUNCTION_ARGS)
{
	return ss_transition(fcinfo, 0, false);
}

Datum
scores_inv(PG_FUNCTION_ARGS)
{
	return ss_transition(fcinfo, 1, true);
}

Datum
scores_inv_arr(PG_FUNCTION_ARGS)
{
	return ss_transition(fcinfo, 0, true);
}

/* the multi-attribute forms: fairness.scores(a1, a2 [, a3 [, a4]], ...) */
#define SS_MULTI_TRANSITIONS(n) \
PG_FUNCTION_INFO_V1(scores_trans##n); \
PG_FUNCTION_INFO_V1(scores_inv##n); \
Datum scores_trans##n(PG_FUNCTION_ARGS) { return ss_transition(fcinfo, n, false); } \
Datum scores_inv##n(PG_FUNCTION_ARGS) { return ss_transition(fcinfo, n, true); }

SS_MULTI_TRANSITIONS(2)
SS_MULTI_TRANSITIONS(3)
SS_MULTI_TRANSITIONS(4)

/*
 * ss_merge_step
 *		state := state + sign * value (combine function, fairness.merge and
 *		its inverse).  A NULL value is no data; the right-hand value is never
 *		modified; a state that is not in scratch form (Citus ships partial
 *		states as text) is copied into scratch form first.
 */
static Datum
ss_merge_step(FunctionCallInfo fcinfo, int sign)
{
	FsHeader   *h;
	FsHeader   *orig;
	FsHeader   *src;
	FcError		err;

	fsql_require_agg(fcinfo, sign > 0 ? "fairness.scores combine function" :
					 "fairness.scores inverse merge function", SS_AGG_HINT);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	src = ss_getarg(fcinfo, 1);
	if (PG_ARGISNULL(0))
	{
		if (sign < 0)
			elog(ERROR, "fairness.merge inverse transition with no state");
		fpg_check_max_groups("fairness.scores", src->k.ngroups);
		PG_RETURN_POINTER(ss_finish(fs_to_scratch(&fsql_alloc, src, &err), &err));
	}
	h = (FsHeader *) PG_GETARG_POINTER(0);
	if (h->k.version != FS_FORMAT_VERSION || !(h->k.flags & FK_F_SCRATCH))
		h = ss_finish(fs_to_scratch(&fsql_alloc, ss_getarg(fcinfo, 0), &err), &err);
	orig = h;
	if (!fs_merge(&h, &fsql_alloc, src, sign, fairness_max_groups, &err))
		fsql_report(&err);
	if (sign > 0)
		fpg_check_max_groups("fairness.scores", h->k.ngroups);
	if (h != orig)
		SET_VARSIZE(h, fk_size(&h->k));
	PG_RETURN_POINTER(h);
}

Datum
scores_combine(PG_FUNCTION_ARGS)
{
	return ss_merge_step(fcinfo, 1);
}

Datum
scores_subtract(PG_FUNCTION_ARGS)
{
	return ss_merge_step(fcinfo, -1);
}

/* scores_final: the canonical form of a state (the state is not changed) */
Datum
scores_final(PG_FUNCTION_ARGS)
{
	FsHeader   *h = (FsHeader *) PG_GETARG_POINTER(0);
	FcError		err;

	if (!fs_check_header(h, VARSIZE(h), &err))
		fsql_report(&err);
	PG_RETURN_POINTER(ss_finish(fs_canonical(&fsql_alloc, h, &err), &err));
}

/* ------------------------------------------------------------------------
 * Functions on values
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(scores_merge2);
PG_FUNCTION_INFO_V1(scores_total);
PG_FUNCTION_INFO_V1(scores_group_count);
PG_FUNCTION_INFO_V1(scores_attributes);
PG_FUNCTION_INFO_V1(scores_is_weighted);
PG_FUNCTION_INFO_V1(scores_bins);
PG_FUNCTION_INFO_V1(scores_lower);
PG_FUNCTION_INFO_V1(scores_upper);

/* scores_merge2: union of two summaries; NULL is no data */
Datum
scores_merge2(PG_FUNCTION_ARGS)
{
	FsHeader   *s;
	FcError		err;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(ss_getarg(fcinfo, 1));
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(ss_getarg(fcinfo, 0));
	s = fs_to_scratch(&fsql_alloc, ss_getarg(fcinfo, 0), &err);
	if (s == NULL ||
		!fs_merge(&s, &fsql_alloc, ss_getarg(fcinfo, 1), 1, fairness_max_groups, &err))
		fsql_report(&err);
	PG_RETURN_POINTER(ss_finish(fs_canonical(&fsql_alloc, s, &err), &err));
}

Datum
scores_total(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(ss_getarg(fcinfo, 0)->k.total);
}

Datum
scores_group_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) ss_getarg(fcinfo, 0)->k.ngroups);
}

Datum
scores_attributes(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) ss_getarg(fcinfo, 0)->k.ndims);
}

Datum
scores_is_weighted(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(fs_is_weighted(ss_getarg(fcinfo, 0)));
}

Datum
scores_bins(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) ss_getarg(fcinfo, 0)->nbins);
}

Datum
scores_lower(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(ss_getarg(fcinfo, 0)->lower);
}

Datum
scores_upper(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(ss_getarg(fcinfo, 0)->upper);
}

/* ------------------------------------------------------------------------
 * Per-group views: labels and keys once; histograms one group at a time,
 * so that memory stays O(bins) whatever the number of groups.
 * ------------------------------------------------------------------------
 */
typedef struct SsView
{
	FsHeader   *h;
	uint32		n;
	text	  **label;
	Datum	   *key;
	bool	   *unknown;
	FsHist		work;			/* one group, loaded by ss_load */
	FsHist		all;			/* every row */
} SsView;

static void
ss_hist_zero(FsHist *hist)
{
	int			l;

	for (l = 0; l < FS_NLABELS; l++)
	{
		memset(hist->m[l], 0, sizeof(double) * hist->nbins);
		memset(hist->n[l], 0, sizeof(int64_t) * hist->nbins);
		hist->mass[l] = 0.0;
		hist->count[l] = 0;
	}
	memset(hist->ssum, 0, sizeof(double) * hist->nbins);
	hist->unl_sum = hist->sqerr[0] = hist->sqerr[1] = 0.0;
}

static void
ss_view(FsHeader *h, SsView *v)
{
	FcError		err;
	uint32		i;

	v->h = h;
	v->n = h->k.ngroups;
	v->label = palloc0(sizeof(text *) * (v->n + 1));
	v->key = palloc0(sizeof(Datum) * (v->n + 1));
	v->unknown = palloc0(sizeof(bool) * (v->n + 1));
	for (i = 0; i < v->n; i++)
	{
		v->label[i] = fsql_group_label(&h->k, i, &v->unknown[i]);
		v->key[i] = fsql_group_key(&h->k, i);
	}
	if (!fs_hist_init(&v->work, &fsql_alloc, h, &err) ||
		!fs_hist_init(&v->all, &fsql_alloc, h, &err) ||
		!fs_hist_add(&v->all, h, -1, &err))
		fsql_report(&err);

	/*
	 * Every stored sum is finite, but sums over groups can overflow: refuse
	 * rather than give Infinity or NaN (a group's sums are at most these).
	 */
	if (!isfinite(v->all.mass[0] + v->all.mass[1] + v->all.mass[2]) ||
		!isfinite(v->all.unl_sum) || !isfinite(v->all.sqerr[0]) ||
		!isfinite(v->all.sqerr[1]))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sum of scores or weights out of range"),
				 errdetail("The weights or scores of this summary add up to more than the largest double precision value (%g).",
						   DBL_MAX),
				 errhint("Scale the weights down, for example divide them by their mean.")));
}

/* the histogram of group g (g < 0: every row) */
static const FsHist *
ss_load(SsView *v, int64 g)
{
	FcError		err;

	if (g < 0)
		return &v->all;
	ss_hist_zero(&v->work);
	if (!fs_hist_add(&v->work, v->h, g, &err))
		fsql_report(&err);
	return &v->work;
}

/* the first three columns: group_name, group_key, is_overall */
static void
ss_prefix(const SsView *v, int64 g, Datum *values, bool *nulls)
{
	if (g >= 0 && v->label[g] != NULL)
		values[0] = PointerGetDatum(v->label[g]);
	else
		nulls[0] = true;
	if (g >= 0)
		values[1] = v->key[g];
	else
		nulls[1] = true;
	values[2] = BoolGetDatum(g < 0);
}

static double
ss_level(FunctionCallInfo fcinfo, int argno)
{
	double		level = PG_ARGISNULL(argno) ? 0.95 : PG_GETARG_FLOAT8(argno);

	if (!(level > 0.0 && level < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level must be between 0 and 1"),
				 errdetail("It is %g.", level),
				 errhint("Use e.g. 0.95 for 95%% intervals.")));
	return level;
}

/* probability scores only: the summary's range must lie within [0, 1] */
static void
ss_require_probabilities(const FsHeader *h, const char *what)
{
	if (h->lower < 0.0 || h->upper > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs probability scores", what),
				 errdetail("The summary's score range is [%g, %g]; it must lie within [0, 1].",
						   h->lower, h->upper),
				 errhint("Build the summary from predicted probabilities, e.g. fairness.scores(grp, actual, probability).")));
}

static uint32
ss_cal_bins(FunctionCallInfo fcinfo, int argno, const FsHeader *h)
{
	int32		b = PG_ARGISNULL(argno) ? 10 : PG_GETARG_INT32(argno);

	if (b < 1 || (uint32) b > h->nbins)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of calibration bins must be between 1 and %u", h->nbins),
				 errdetail("It is %d; the summary has %u bins.", b, h->nbins)));
	return (uint32) b;
}

#define SET_F8(col, ok, x) \
	do { \
		if (ok) \
			values[col] = Float8GetDatum(x); \
		else \
			nulls[col] = true; \
	} while (0)

/* ------------------------------------------------------------------------
 * AUC
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(scores_auc);

/* auc columns after the prefix: n_positive, n_negative, auc, error_bound,
 * std_error, ci_low, ci_high */
/*
 * Wald interval of an AUC with DeLong's standard error, clipped to [0, 1];
 * false when there is no standard error
 */
static bool
ss_auc_ci(const FsAuc *a, double level, double *lo, double *hi)
{
	if (!a->se_defined ||
		fst_z_confint(a->auc, a->se, level, lo, hi) != FST_OK)
		return false;
	*lo = Max(0.0, *lo);
	*hi = Min(1.0, *hi);
	return true;
}

static void
ss_auc_row(Tuplestorestate *ts, TupleDesc td, SsView *v, int64 g, double level)
{
	Datum		values[10];
	bool		nulls[10];
	const FsHist *hist = ss_load(v, g);
	FsAuc		a;
	double		lo = 0.0,
				hi = 0.0;
	bool		has_ci;

	memset(nulls, 0, sizeof(nulls));
	ss_prefix(v, g, values, nulls);
	fs_auc(hist, &a);
	has_ci = ss_auc_ci(&a, level, &lo, &hi);
	values[3] = Int64GetDatum(hist->count[FS_TRUE]);
	values[4] = Int64GetDatum(hist->count[FS_FALSE]);
	SET_F8(5, a.defined, a.auc);
	SET_F8(6, a.defined, a.bound);
	SET_F8(7, a.se_defined, a.se);
	SET_F8(8, has_ci, lo);
	SET_F8(9, has_ci, hi);
	tuplestore_putvalues(ts, td, values, nulls);
}

Datum
scores_auc(PG_FUNCTION_ARGS)
{
	FsHeader   *h = ss_getarg(fcinfo, 0);
	double		level = ss_level(fcinfo, 1);
	TupleDesc	td;
	Tuplestorestate *ts = fpg_srf_init(fcinfo, &td, 10);
	SsView		v;
	uint32		i;

	ss_view(h, &v);
	for (i = 0; i < v.n; i++)
		ss_auc_row(ts, td, &v, i, level);
	ss_auc_row(ts, td, &v, -1, level);
	return (Datum) 0;
}

/* ------------------------------------------------------------------------
 * ROC curve and threshold sweep
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(scores_roc);

static void
ss_roc_rows(Tuplestorestate *ts, TupleDesc td, SsView *v, int64 g)
{
	const FsHist *hist = ss_load(v, g);
	double		P = hist->mass[FS_TRUE],
				N = hist->mass[FS_FALSE],
				tp = 0.0,
				fp = 0.0;
	Datum		values[6];
	bool		nulls[6];
	int64		j;

	if (!(P > 0.0) || !(N > 0.0))
		return;
	memset(nulls, 0, sizeof(nulls));
	ss_prefix(v, g, values, nulls);
	values[3] = Float8GetDatum(get_float8_infinity());
	values[4] = Float8GetDatum(0.0);
	values[5] = Float8GetDatum(0.0);
	tuplestore_putvalues(ts, td, values, nulls);
	for (j = (int64) hist->nbins - 1; j >= 0; j--)
	{
		if (hist->n[FS_TRUE][j] + hist->n[FS_FALSE][j] == 0)
			continue;
		tp += hist->m[FS_TRUE][j];
		fp += hist->m[FS_FALSE][j];
		values[3] = Float8GetDatum(fs_edge(v->h, (uint32) j));
		values[4] = Float8GetDatum(fp / N);
		values[5] = Float8GetDatum(tp / P);
		tuplestore_putvalues(ts, td, values, nulls);
	}
}

Datum
scores_roc(PG_FUNCTION_ARGS)
{
	FsHeader   *h = ss_getarg(fcinfo, 0);
	TupleDesc	td;
	Tuplestorestate *ts = fpg_srf_init(fcinfo, &td, 6);
	SsView		v;
	uint32		i;

	ss_view(h, &v);
	for (i = 0; i < v.n; i++)
		ss_roc_rows(ts, td, &v, i);
	ss_roc_rows(ts, td, &v, -1);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(scores_threshold_sweep);

#define SWEEP_NCOLS 14

static void
ss_sweep_rows(Tuplestorestate *ts, TupleDesc td, SsView *v, int64 g,
			  int32 steps)
{
	const FsHist *hist = ss_load(v, g);
	uint32		nbins = v->h->nbins;
	int32		k;

	if (hist->count[0] + hist->count[1] + hist->count[2] == 0)
		return;
	for (k = 0; k <= steps; k++)
	{
		uint32		J = (uint32) (((uint64) k * nbins * 2 + (uint64) steps) / (2 * (uint64) steps));
		Datum		values[SWEEP_NCOLS];
		bool		nulls[SWEEP_NCOLS];
		FsAt		at;
		double		all,
					sel;

		fs_at(hist, J, &at);
		memset(nulls, 0, sizeof(nulls));
		ss_prefix(v, g, values, nulls);
		all = at.tp + at.fp + at.up + at.fn + at.tn + at.un;
		sel = at.tp + at.fp + at.up;
		values[3] = Float8GetDatum(fs_edge(v->h, J));
		SET_F8(4, all > 0.0, sel / all);
		SET_F8(5, at.tp + at.fn > 0.0, at.tp / (at.tp + at.fn));
		SET_F8(6, at.fp + at.tn > 0.0, at.fp / (at.fp + at.tn));
		SET_F8(7, at.tp + at.fp > 0.0, at.tp / (at.tp + at.fp));
		values[8] = Int64GetDatum(at.ntp + at.nfp + at.nup);
		values[9] = Int64GetDatum(at.ntp);
		values[10] = Int64GetDatum(at.nfp);
		values[11] = Int64GetDatum(at.ntn);
		values[12] = Int64GetDatum(at.nfn);
		values[13] = Int64GetDatum(at.ntp + at.nfp + at.ntn + at.nfn + at.nup + at.nun);
		tuplestore_putvalues(ts, td, values, nulls);
	}
}

Datum
scores_threshold_sweep(PG_FUNCTION_ARGS)
{
	FsHeader   *h = ss_getarg(fcinfo, 0);
	int32		steps = PG_ARGISNULL(1) ? 100 : PG_GETARG_INT32(1);
	TupleDesc	td;
	Tuplestorestate *ts;
	SsView		v;
	uint32		i;

	if (steps < 1 || (uint32) steps > h->nbins)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("steps must be between 1 and the number of bins, %u", h->nbins),
				 errdetail("It is %d.", steps),
				 errhint("Thresholds are bin edges; a summary with more bins allows finer sweeps.")));
	ts = fpg_srf_init(fcinfo, &td, SWEEP_NCOLS);
	ss_view(h, &v);
	for (i = 0; i < v.n; i++)
		ss_sweep_rows(ts, td, &v, i, steps);
	ss_sweep_rows(ts, td, &v, -1, steps);
	return (Datum) 0;
}

/* ------------------------------------------------------------------------
 * at_threshold: a fairness.confusion summary of the decisions score >= t
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(scores_at_threshold);

Datum
scores_at_threshold(PG_FUNCTION_ARGS)
{
	FsHeader   *h = ss_getarg(fcinfo, 0);
	double		t = PG_GETARG_FLOAT8(1);
	bool		weighted = fs_is_weighted(h);
	uint32		J;
	FcHeader   *c;
	FcHeader   *out;
	FcError		err;
	FsHist		hist;
	uint32		i;

	if (isnan(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("threshold must not be NaN")));
	J = fs_threshold_bin(h, t);
	c = fc_new_scratch(&fsql_alloc, h->k.ndims, weighted, &err);
	if (c == NULL || !fs_hist_init(&hist, &fsql_alloc, h, &err))
		fsql_report(&err);
	for (i = 0; i < h->k.ngroups; i++)
	{
		FcPart		parts[FC_MAX_DIMS];
		FsAt		at;
		int64		gi;
		FcEntry    *e;
		FcHeader   *old = c;

		ss_hist_zero(&hist);
		if (!fs_hist_add(&hist, h, i, &err))
			fsql_report(&err);
		fs_at(&hist, J, &at);
		if (!fk_parts(&h->k, i, parts))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("fairness summary value is corrupted"),
					 errdetail("A group key is malformed.")));
		gi = fc_lookup_insert(&c, &fsql_alloc, parts, h->k.ndims,
							  FC_MAX_GROUPS_HARD, &err);
		if (gi < 0)
			fsql_report(&err);
		if (old != c)
			pfree(old);
		e = &fc_entries(c)[gi];
		e->n[FC_TP] = at.ntp;
		e->n[FC_FN] = at.nfn;
		e->n[FC_FP] = at.nfp;
		e->n[FC_TN] = at.ntn;
		e->n[FC_UP] = at.nup;
		e->n[FC_UN] = at.nun;
		c->total += at.ntp + at.nfn + at.nfp + at.ntn + at.nup + at.nun;
		if (weighted)
		{
			double	   *w = &fc_weights(c)[(size_t) gi * FC_NCELLS];

			w[FC_TP] = at.tp;
			w[FC_FN] = at.fn;
			w[FC_FP] = at.fp;
			w[FC_TN] = at.tn;
			w[FC_UP] = at.up;
			w[FC_UN] = at.un;
		}
	}
	out = fc_canonical(&fsql_alloc, c, &err);
	if (out == NULL)
		fsql_report(&err);
	SET_VARSIZE(out, fc_size(out));
	PG_RETURN_POINTER(out);
}

/* ------------------------------------------------------------------------
 * Calibration, ECE, Brier
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(scores_calibration);

#define CAL_NCOLS 10

Datum
scores_calibration(PG_FUNCTION_ARGS)
{
	FsHeader   *h = ss_getarg(fcinfo, 0);
	uint32		cbins;
	TupleDesc	td;
	Tuplestorestate *ts;
	SsView		v;
	int64		g;
	FsCalBin   *cal;

	ss_require_probabilities(h, "fairness.calibration");
	cbins = ss_cal_bins(fcinfo, 1, h);
	ts = fpg_srf_init(fcinfo, &td, CAL_NCOLS);
	ss_view(h, &v);
	cal = palloc(sizeof(FsCalBin) * cbins);
	for (g = 0; g <= (int64) v.n; g++)
	{
		int64		gg = g < (int64) v.n ? g : -1;
		uint32		k = fs_calibration(ss_load(&v, gg), cbins, cal),
					c;

		for (c = 0; c < k; c++)
		{
			Datum		values[CAL_NCOLS];
			bool		nulls[CAL_NCOLS];

			memset(nulls, 0, sizeof(nulls));
			ss_prefix(&v, gg, values, nulls);
			values[3] = Int32GetDatum((int32) cal[c].bin + 1);
			values[4] = Float8GetDatum(cal[c].lower);
			values[5] = Float8GetDatum(cal[c].upper);
			values[6] = Int64GetDatum(cal[c].n);
			SET_F8(7, fs_is_weighted(h), cal[c].mass);
			values[8] = Float8GetDatum(cal[c].mean_score);
			values[9] = Float8GetDatum(cal[c].observed_rate);
			tuplestore_putvalues(ts, td, values, nulls);
		}
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(scores_ece);

Datum
scores_ece(PG_FUNCTION_ARGS)
{
	FsHeader   *h = ss_getarg(fcinfo, 0);
	uint32		cbins;
	TupleDesc	td;
	Tuplestorestate *ts;
	SsView		v;
	int64		g;
	FsCalBin   *cal;

	ss_require_probabilities(h, "fairness.expected_calibration_error");
	cbins = ss_cal_bins(fcinfo, 1, h);
	ts = fpg_srf_init(fcinfo, &td, 6);
	ss_view(h, &v);
	cal = palloc(sizeof(FsCalBin) * cbins);
	for (g = 0; g <= (int64) v.n; g++)
	{
		int64		gg = g < (int64) v.n ? g : -1;
		const FsHist *hist = ss_load(&v, gg);
		Datum		values[6];
		bool		nulls[6];
		double		ece,
					mce;
		bool		ok = fs_ece(hist, cbins, cal, &ece, &mce);

		memset(nulls, 0, sizeof(nulls));
		ss_prefix(&v, gg, values, nulls);
		values[3] = Int64GetDatum(hist->count[FS_TRUE] + hist->count[FS_FALSE]);
		SET_F8(4, ok, ece);
		SET_F8(5, ok, mce);
		tuplestore_putvalues(ts, td, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(scores_brier);

Datum
scores_brier(PG_FUNCTION_ARGS)
{
	FsHeader   *h = ss_getarg(fcinfo, 0);
	TupleDesc	td;
	Tuplestorestate *ts;
	SsView		v;
	int64		g;

	ss_require_probabilities(h, "fairness.brier_score");
	ts = fpg_srf_init(fcinfo, &td, 5);
	ss_view(h, &v);
	for (g = 0; g <= (int64) v.n; g++)
	{
		int64		gg = g < (int64) v.n ? g : -1;
		const FsHist *hist = ss_load(&v, gg);
		Datum		values[5];
		bool		nulls[5];
		double		b;
		bool		ok = fs_brier(hist, &b);

		memset(nulls, 0, sizeof(nulls));
		ss_prefix(&v, gg, values, nulls);
		values[3] = Int64GetDatum(hist->count[FS_TRUE] + hist->count[FS_FALSE]);
		SET_F8(4, ok, b);
		tuplestore_putvalues(ts, td, values, nulls);
	}
	return (Datum) 0;
}

/* ------------------------------------------------------------------------
 * Kolmogorov-Smirnov distance between two groups
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(scores_ks);
PG_FUNCTION_INFO_V1(scores_ks_bound);

static Datum
ss_ks(FunctionCallInfo fcinfo, bool bound)
{
	FsHeader   *h = ss_getarg(fcinfo, 0);
	uint32		a = fsql_find_group(&h->k, PG_GETARG_TEXT_PP(1), "group");
	uint32		b = fsql_find_group(&h->k, PG_GETARG_TEXT_PP(2), "group");
	FsHist		ha,
				hb;
	FcError		err;
	double		d,
				up;

	if (!fs_hist_init(&ha, &fsql_alloc, h, &err) ||
		!fs_hist_init(&hb, &fsql_alloc, h, &err) ||
		!fs_hist_add(&ha, h, a, &err) || !fs_hist_add(&hb, h, b, &err))
		fsql_report(&err);
	if (!fs_ks(&ha, &hb, &d, &up))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(bound ? up : d);
}

Datum
scores_ks(PG_FUNCTION_ARGS)
{
	return ss_ks(fcinfo, false);
}

Datum
scores_ks_bound(PG_FUNCTION_ARGS)
{
	return ss_ks(fcinfo, true);
}

/* ------------------------------------------------------------------------
 * Scoring rates (NYC Local Law 144)
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(scores_scoring_rates);

#define SR_NCOLS 10

Datum
scores_scoring_rates(PG_FUNCTION_ARGS)
{
	FsHeader   *h = ss_getarg(fcinfo, 0);
	TupleDesc	td;
	Tuplestorestate *ts = fpg_srf_init(fcinfo, &td, SR_NCOLS);
	SsView		v;
	uint32		m;
	int64		g;
	double	   *rate;
	bool	   *has;
	double		best = 0.0;

	ss_view(h, &v);
	if (!fs_median_bin(&v.all, &m))
		return (Datum) 0;
	rate = palloc0(sizeof(double) * (v.n + 1));
	has = palloc0(sizeof(bool) * (v.n + 1));
	for (g = 0; g < (int64) v.n; g++)
	{
		const FsHist *hist = ss_load(&v, g);
		double		mass = hist->mass[0] + hist->mass[1] + hist->mass[2],
					above;
		int64		nabove;

		fs_above(hist, m, &above, &nabove);
		if (mass > 0.0)
		{
			rate[g] = above / mass;
			has[g] = true;
			if (!v.unknown[g] && rate[g] > best)
				best = rate[g];
		}
	}
	for (g = 0; g <= (int64) v.n; g++)
	{
		int64		gg = g < (int64) v.n ? g : -1;
		const FsHist *hist = ss_load(&v, gg);
		Datum		values[SR_NCOLS];
		bool		nulls[SR_NCOLS];
		double		mass = hist->mass[0] + hist->mass[1] + hist->mass[2],
					above;
		int64		nabove;

		fs_above(hist, m, &above, &nabove);
		memset(nulls, 0, sizeof(nulls));
		ss_prefix(&v, gg, values, nulls);
		values[3] = Int64GetDatum(hist->count[0] + hist->count[1] + hist->count[2]);
		SET_F8(4, fs_is_weighted(h), mass);
		values[5] = Int64GetDatum(nabove);
		SET_F8(6, mass > 0.0, above / mass);
		SET_F8(7, gg >= 0 && has[gg] && !v.unknown[gg] && best > 0.0, rate[gg >= 0 ? gg : 0] / best);
		values[8] = Float8GetDatum(fs_edge(h, m));
		values[9] = Float8GetDatum(fs_edge(h, m + 1));
		tuplestore_putvalues(ts, td, values, nulls);
	}
	return (Datum) 0;
}

/* ------------------------------------------------------------------------
 * Gaps between groups
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(scores_auc_gap);
PG_FUNCTION_INFO_V1(scores_calibration_gap);

Datum
scores_auc_gap(PG_FUNCTION_ARGS)
{
	FsHeader   *h = ss_getarg(fcinfo, 0);
	SsView		v;
	uint32		g;
	double		lo = 0.0,
				hi = 0.0;
	int			k = 0;

	ss_view(h, &v);
	for (g = 0; g < v.n; g++)
	{
		FsAuc		a;

		if (v.unknown[g])
			continue;
		fs_auc(ss_load(&v, g), &a);
		if (!a.defined)
			continue;
		if (k == 0 || a.auc < lo)
			lo = a.auc;
		if (k == 0 || a.auc > hi)
			hi = a.auc;
		k++;
	}
	if (k < 2)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(hi - lo);
}

Datum
scores_calibration_gap(PG_FUNCTION_ARGS)
{
	FsHeader   *h = ss_getarg(fcinfo, 0);
	uint32		cbins;
	SsView		v;
	uint32		g;
	double		lo = 0.0,
				hi = 0.0;
	int			k = 0;
	FsCalBin   *cal;

	ss_require_probabilities(h, "fairness.calibration_gap");
	cbins = ss_cal_bins(fcinfo, 1, h);
	cal = palloc(sizeof(FsCalBin) * cbins);
	ss_view(h, &v);
	for (g = 0; g < v.n; g++)
	{
		double		ece,
					mce;

		if (v.unknown[g] || !fs_ece(ss_load(&v, g), cbins, cal, &ece, &mce))
			continue;
		if (k == 0 || ece < lo)
			lo = ece;
		if (k == 0 || ece > hi)
			hi = ece;
		k++;
	}
	if (k < 2)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(hi - lo);
}

/* ------------------------------------------------------------------------
 * The raw histogram
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(scores_histogram);

#define HIST_NCOLS 12

Datum
scores_histogram(PG_FUNCTION_ARGS)
{
	FsHeader   *h = ss_getarg(fcinfo, 0);
	TupleDesc	td;
	Tuplestorestate *ts = fpg_srf_init(fcinfo, &td, HIST_NCOLS);
	bool		weighted = fs_is_weighted(h);
	uint32		g;
	FcError		err;

	for (g = 0; g < h->k.ngroups; g++)
	{
		bool		unknown;
		text	   *label = fsql_group_label(&h->k, g, &unknown);
		Datum		key = fsql_group_key(&h->k, g);
		FsBinIter	it;
		FsBin		b;
		int			r;

		fs_iter_init(&it, h, g);
		while ((r = fs_iter_next(&it, &b, &err)) > 0)
		{
			Datum		values[HIST_NCOLS];
			bool		nulls[HIST_NCOLS];

			memset(nulls, 0, sizeof(nulls));
			if (label)
				values[0] = PointerGetDatum(label);
			else
				nulls[0] = true;
			values[1] = key;
			values[2] = Int32GetDatum((int32) b.j);
			values[3] = Float8GetDatum(fs_edge(h, b.j));
			values[4] = Float8GetDatum(fs_edge(h, b.j + 1));
			values[5] = Int64GetDatum(b.n[FS_TRUE]);
			values[6] = Int64GetDatum(b.n[FS_FALSE]);
			values[7] = Int64GetDatum(b.n[FS_UNLABELED]);
			SET_F8(8, weighted, b.w[FS_TRUE]);
			SET_F8(9, weighted, b.w[FS_FALSE]);
			SET_F8(10, weighted, b.w[FS_UNLABELED]);
			SET_F8(11, b.n[0] + b.n[1] > 0, b.ssum);
			tuplestore_putvalues(ts, td, values, nulls);
		}
		if (r < 0)
			fsql_report(&err);
	}
	return (Datum) 0;
}

/* ------------------------------------------------------------------------
 * score_report: long format, one row per group x metric, plain SQL types
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(scores_report);

#define SR_METRICS 7
#define REPORT_NCOLS 11

typedef enum SsMetric
{
	SSM_N, SSM_AUC, SSM_MEAN_SCORE, SSM_BASE_RATE, SSM_SCORING_RATE,
	SSM_BRIER, SSM_ECE
} SsMetric;

static const char *const ss_metric_names[SR_METRICS] = {
	"n", "auc", "mean_score", "base_rate", "scoring_rate", "brier_score",
	"expected_calibration_error"
};

/* one group's values: value, interval, and what tests need */
typedef struct SsGroupReport
{
	bool		has[SR_METRICS];
	double		value[SR_METRICS];
	bool		has_ci[SR_METRICS];
	double		lo[SR_METRICS];
	double		hi[SR_METRICS];
	double		se_auc;			/* DeLong, for the AUC test */
	double		trials[SR_METRICS]; /* masses behind the rates */
	double		successes[SR_METRICS];
} SsGroupReport;

/*
 * Record a rate successes / trials (trials > 0) with its Wilson interval.
 * The masses are sums of weights in different orders: successes is
 * clipped to trials against a rounding excess.
 */
static void
ss_rate(SsGroupReport *r, SsMetric m, double successes, double trials,
		double level)
{
	successes = Min(successes, trials);
	r->has[m] = true;
	r->value[m] = successes / trials;
	r->trials[m] = trials;
	r->successes[m] = successes;
	r->has_ci[m] = fst_wilson(successes, trials, level,
							  &r->lo[m], &r->hi[m]) == FST_OK;
}

static void
ss_group_report(SsView *v, int64 g, uint32 median_bin, uint32 cbins,
				FsCalBin *cal, bool probabilities, double level,
				SsGroupReport *r)
{
	const FsHist *hist = ss_load(v, g);
	double		all = hist->mass[0] + hist->mass[1] + hist->mass[2];
	double		lab = hist->mass[FS_TRUE] + hist->mass[FS_FALSE];
	FsAuc		a;
	double		x,
				mce,
				above;
	int64		nabove;

	memset(r, 0, sizeof(*r));
	r->has[SSM_N] = true;
	r->value[SSM_N] = (double) (hist->count[0] + hist->count[1] + hist->count[2]);
	fs_auc(hist, &a);
	if (a.defined)
	{
		r->has[SSM_AUC] = true;
		r->value[SSM_AUC] = a.auc;
		r->has_ci[SSM_AUC] = ss_auc_ci(&a, level, &r->lo[SSM_AUC],
									   &r->hi[SSM_AUC]);
		r->se_auc = a.se;
	}
	if (fs_mean_score(hist, &x))
	{
		r->has[SSM_MEAN_SCORE] = true;
		r->value[SSM_MEAN_SCORE] = x;
	}
	if (lab > 0.0)
		ss_rate(r, SSM_BASE_RATE, hist->mass[FS_TRUE], lab, level);
	if (all > 0.0)
	{
		fs_above(hist, median_bin, &above, &nabove);
		ss_rate(r, SSM_SCORING_RATE, above, all, level);
	}
	if (probabilities && fs_brier(hist, &x))
	{
		r->has[SSM_BRIER] = true;
		r->value[SSM_BRIER] = x;
	}
	if (probabilities && fs_ece(hist, cbins, cal, &x, &mce))
	{
		r->has[SSM_ECE] = true;
		r->value[SSM_ECE] = x;
	}
}

/*
 * two-sided p-value of a metric of g against the reference (AUC: z-test
 * of two independent DeLong AUCs; rates: pooled two-proportion z-test), or
 * -1 when there is no test (no standard error, or a pooled rate of 0 or 1)
 */
static double
ss_report_p(const SsGroupReport *g, const SsGroupReport *ref, SsMetric m)
{
	double		p = NAN;

	if (m == SSM_AUC)
	{
		if (g->has_ci[m] && ref->has_ci[m])
			p = fst_ztest_indep(g->value[m], g->se_auc,
								ref->value[m], ref->se_auc);
	}
	else if (m == SSM_BASE_RATE || m == SSM_SCORING_RATE)
		p = fst_ztest_2prop(g->successes[m], g->trials[m],
							ref->successes[m], ref->trials[m]);
	return isnan(p) ? -1.0 : p;
}

/*
 * scores_report
 *		For each group (key order, unknown last) and metric: value and
 *		interval, and against the reference group (default: the largest
 *		known group) its value, difference, ratio, a two-sided p-value where
 *		a test exists (AUC: z-test of two independent DeLong AUCs; rates:
 *		two-proportion z-test), and a status.
 */
FC_NULL_SUMMARY_FUNCTION(scores_report)
{
	FsHeader   *h = ss_getarg(fcinfo, 0);
	text	   *reference = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	bool		probabilities = !(h->lower < 0.0 || h->upper > 1.0);
	uint32		cbins;
	double		level = ss_level(fcinfo, 3);
	TupleDesc	td;
	Tuplestorestate *ts;
	SsView		v;
	SsGroupReport *rep;
	FsCalBin   *cal;
	uint32		median_bin = 0;
	int64		ref = -1;
	uint32		g;
	double		best = -1.0;

	cbins = ss_cal_bins(fcinfo, 2, h);
	ts = fpg_srf_init(fcinfo, &td, REPORT_NCOLS);
	ss_view(h, &v);
	if (!fs_median_bin(&v.all, &median_bin))
		return (Datum) 0;
	cal = palloc(sizeof(FsCalBin) * cbins);
	rep = palloc0(sizeof(SsGroupReport) * (v.n + 1));
	for (g = 0; g < v.n; g++)
	{
		const FsHist *hist;

		ss_group_report(&v, g, median_bin, cbins, cal, probabilities, level,
						&rep[g]);
		hist = ss_load(&v, g);
		if (!v.unknown[g] && reference == NULL)
		{
			double		mass = hist->mass[0] + hist->mass[1] + hist->mass[2];

			if (mass > best)
			{
				best = mass;
				ref = g;
			}
		}
	}
	if (reference != NULL)
		ref = fsql_find_group(&h->k, reference, "reference group");
	for (g = 0; g < v.n; g++)
	{
		int			m;

		for (m = 0; m < SR_METRICS; m++)
		{
			Datum		values[REPORT_NCOLS];
			bool		nulls[REPORT_NCOLS];
			const SsGroupReport *r = &rep[g];
			const SsGroupReport *rr = ref >= 0 ? &rep[ref] : NULL;
			bool		compare;
			double		p = -1.0;
			const char *status;

			if ((m == SSM_BRIER || m == SSM_ECE) && !probabilities)
				continue;
			memset(nulls, 0, sizeof(nulls));
			if (v.label[g])
				values[0] = PointerGetDatum(v.label[g]);
			else
				nulls[0] = true;
			values[1] = CStringGetTextDatum(ss_metric_names[m]);
			SET_F8(2, r->has[m], r->value[m]);
			SET_F8(3, r->has_ci[m], r->lo[m]);
			SET_F8(4, r->has_ci[m], r->hi[m]);
			if (rr)
				values[5] = PointerGetDatum(v.label[ref]);
			else
				nulls[5] = true;
			SET_F8(6, rr && rr->has[m], rr ? rr->value[m] : 0.0);
			compare = rr && !v.unknown[g] && m != SSM_N && r->has[m] && rr->has[m];
			SET_F8(7, compare, r->value[m] - rr->value[m]);
			SET_F8(8, compare && rr->value[m] != 0.0, r->value[m] / rr->value[m]);
			if (compare && (int64) g != ref)
				p = ss_report_p(r, rr, (SsMetric) m);
			SET_F8(9, p >= 0.0, p);
			if (!r->has[m])
				status = "undefined";
			else if ((int64) g == ref)
				status = "reference";
			else if (v.unknown[g] || rr == NULL)
				status = "not_compared";
			else if (p >= 0.0)
				status = p < 1.0 - level ? "significant" : "not_significant";
			else
				status = "ok";
			values[10] = CStringGetTextDatum(status);
			tuplestore_putvalues(ts, td, values, nulls);
		}
	}
	return (Datum) 0;
}
