/*-------------------------------------------------------------------------
 *
 * outcomes_sql.c
 *	  SQL-callable glue for the fairness.outcomes type: I/O, aggregates,
 *	  accessors, group statistics and gaps.
 *
 * Everything that defines the value format or a number lives in
 * foutcomes.c (no PostgreSQL headers).  Aggregate states are
 * fairness.outcomes values themselves (not internal: Citus can push
 * partial aggregation down), updated in place when called as an aggregate.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/tuplestore.h"

#include "fguc.h"
#include "foutcomes.h"
#include "fsql.h"
#include "fstats.h"

static FoHeader *
os_finish(FoHeader *h, const FcError *err)
{
	if (h == NULL)
		fsql_report(err);
	SET_VARSIZE(h, fk_size(&h->k));
	return h;
}

/* an input path's value: os_finish, then the group names' encoding */
static FoHeader *
os_input(FoHeader *h, const FcError *err)
{
	os_finish(h, err);
	fsql_check_encoding(&h->k);
	return h;
}

static FoHeader *
os_getarg(FunctionCallInfo fcinfo, int n)
{
	FoHeader   *h;
	FcError		err;

	if (PG_ARGISNULL(n))
		fpg_null_argument(fcinfo, n);	/* never dereferenced (fairness_pg.h) */
	h = (FoHeader *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n));
	if (!fo_check_header(h, VARSIZE(h), &err))
		fsql_report(&err);
	return h;
}

/* ------------------------------------------------------------------------
 * Type I/O
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(outcomes_in);
PG_FUNCTION_INFO_V1(outcomes_out);
PG_FUNCTION_INFO_V1(outcomes_recv);
PG_FUNCTION_INFO_V1(outcomes_send);
PG_FUNCTION_INFO_V1(outcomes_to_jsonb);
PG_FUNCTION_INFO_V1(outcomes_from_jsonb);

Datum
outcomes_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	FcError		err;

	PG_RETURN_POINTER(os_input(fo_parse_text(&fsql_alloc, s, strlen(s),
											 fsql_ascii_escapes_only(), &err), &err));
}

Datum
outcomes_out(PG_FUNCTION_ARGS)
{
	FcError		err;
	size_t		len;

	PG_RETURN_CSTRING(fsql_text_out(fo_format_text(&fsql_alloc, os_getarg(fcinfo, 0),
												   &len, &err), &err));
}

Datum
outcomes_recv(PG_FUNCTION_ARGS)
{
	FcError		err;
	size_t		len;
	const uint8_t *b = fsql_recv_bytes((StringInfo) PG_GETARG_POINTER(0), &len);

	PG_RETURN_POINTER(os_input(fo_decode_binary(&fsql_alloc, b, len, &err), &err));
}

Datum
outcomes_send(PG_FUNCTION_ARGS)
{
	FcError		err;
	size_t		len;
	uint8_t    *b = fo_encode_binary(&fsql_alloc, os_getarg(fcinfo, 0), &len, &err);

	PG_RETURN_BYTEA_P(fsql_bytea_out(b, len, &err));
}

Datum
outcomes_to_jsonb(PG_FUNCTION_ARGS)
{
	FcError		err;
	size_t		len;

	return fsql_jsonb_out(fo_format_text(&fsql_alloc, os_getarg(fcinfo, 0), &len, &err), &err);
}

Datum
outcomes_from_jsonb(PG_FUNCTION_ARGS)
{
	char	   *s = fsql_jsonb_text(PG_GETARG_JSONB_P(0));
	FcError		err;

	PG_RETURN_POINTER(os_input(fo_parse_text(&fsql_alloc, s, strlen(s),
											 fsql_ascii_escapes_only(), &err), &err));
}

/* ------------------------------------------------------------------------
 * Aggregates
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(outcomes_trans);
PG_FUNCTION_INFO_V1(outcomes_trans_arr);
PG_FUNCTION_INFO_V1(outcomes_inv);
PG_FUNCTION_INFO_V1(outcomes_inv_arr);
PG_FUNCTION_INFO_V1(outcomes_combine);
PG_FUNCTION_INFO_V1(outcomes_subtract);
PG_FUNCTION_INFO_V1(outcomes_final);

#define OS_AGG_HINT "Use the aggregates fairness.outcomes and fairness.merge."

/*
 * os_transition
 *		One row into (or out of) the state: state, group, value [, weight].
 *		The inverse returns NULL when the row is its group's minimum or
 *		maximum: PostgreSQL then recomputes the window frame from its rows.
 */
static Datum
os_transition(FunctionCallInfo fcinfo, int nattr, bool inverse)
{
	/* arguments after the group come sh later with several attributes */
	const int	sh = nattr > 1 ? nattr - 1 : 0;
	bool		weighted = (PG_NARGS() - sh == 4);
	double		w = 1.0,
				x;
	FcPart		parts[FC_MAX_DIMS];
	int			nparts;
	FoHeader   *h;
	FoHeader   *orig;
	FcError		err;
	int64		g;

	fsql_require_agg(fcinfo, "fairness.outcomes transition function", OS_AGG_HINT);
	if (weighted)
		w = fsql_weight_arg(fcinfo, 3 + sh);
	if (PG_ARGISNULL(2 + sh))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("outcome value must not be NULL"),
				 errhint("Filter rows without a value (WHERE value IS NOT NULL): fairness.outcomes never guesses a value.")));
	x = PG_GETARG_FLOAT8(2 + sh);
	if (!fo_check_value(x, &err))
		fsql_report(&err);
	nparts = fsql_group_parts(fcinfo, 1, nattr, parts);

	if (PG_ARGISNULL(0))
	{
		if (inverse)
			elog(ERROR, "fairness.outcomes inverse transition with no state");
		h = os_finish(fo_new_scratch(&fsql_alloc, nparts, weighted, &err), &err);
	}
	else
	{
		h = (FoHeader *) PG_GETARG_POINTER(0);
		if (h->k.version != FO_FORMAT_VERSION || !(h->k.flags & FK_F_SCRATCH))
			h = os_finish(fo_to_scratch(&fsql_alloc, os_getarg(fcinfo, 0), &err), &err);
	}
	orig = h;
	g = fo_lookup_insert(&h, &fsql_alloc, parts, nparts, fairness_max_groups, &err);
	if (g < 0)
		fsql_report(&err);
	if (h != orig)
		SET_VARSIZE(h, fk_size(&h->k));
	if (inverse)
	{
		int			r = fo_remove_row(h, (uint32) g, x, w, &err);

		if (r == 0)
			fsql_report(&err);
		if (r < 0)
			PG_RETURN_NULL();
	}
	else if (!fo_add_row(h, (uint32) g, x, w, &err))
		fsql_report(&err);
	PG_RETURN_POINTER(h);
}

Datum
outcomes_trans(PG_FUNCTION_ARGS)
{
	return os_transition(fcinfo, 1, false);
}

Datum
outcomes_trans_arr(PG_FUNCTION_ARGS)
{
	return os_transition(fcinfo, 0, false);
}

Datum
outcomes_inv(PG_FUNCTION_ARGS)
{
	return os_transition(fcinfo, 1, true);
}

Datum
outcomes_inv_arr(PG_FUNCTION_ARGS)
{
	return os_transition(fcinfo, 0, true);
}

/* the multi-attribute forms: fairness.outcomes(a1, a2 [, a3 [, a4]], ...) */
#define OS_MULTI_TRANSITIONS(n) \
PG_FUNCTION_INFO_V1(outcomes_trans##n); \
PG_FUNCTION_INFO_V1(outcomes_inv##n); \
Datum outcomes_trans##n(PG_FUNCTION_ARGS) { return os_transition(fcinfo, n, false); } \
Datum outcomes_inv##n(PG_FUNCTION_ARGS) { return os_transition(fcinfo, n, true); }

OS_MULTI_TRANSITIONS(2)
OS_MULTI_TRANSITIONS(3)
OS_MULTI_TRANSITIONS(4)

static Datum
os_merge_step(FunctionCallInfo fcinfo, int sign)
{
	FoHeader   *h;
	FoHeader   *orig;
	FoHeader   *src;
	FcError		err;
	int			r;

	fsql_require_agg(fcinfo, sign > 0 ? "fairness.outcomes combine function" :
					 "fairness.outcomes inverse merge function", OS_AGG_HINT);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	src = os_getarg(fcinfo, 1);
	if (PG_ARGISNULL(0))
	{
		if (sign < 0)
			elog(ERROR, "fairness.merge inverse transition with no state");
		fpg_check_max_groups("fairness.outcomes", src->k.ngroups);
		PG_RETURN_POINTER(os_finish(fo_to_scratch(&fsql_alloc, src, &err), &err));
	}
	h = (FoHeader *) PG_GETARG_POINTER(0);
	if (h->k.version != FO_FORMAT_VERSION || !(h->k.flags & FK_F_SCRATCH))
		h = os_finish(fo_to_scratch(&fsql_alloc, os_getarg(fcinfo, 0), &err), &err);
	orig = h;
	r = fo_merge(&h, &fsql_alloc, src, sign, fairness_max_groups, &err);
	if (r == 0)
		fsql_report(&err);
	if (r < 0)
		PG_RETURN_NULL();		/* not invertible: recompute the frame */
	if (sign > 0)
		fpg_check_max_groups("fairness.outcomes", h->k.ngroups);
	if (h != orig)
		SET_VARSIZE(h, fk_size(&h->k));
	PG_RETURN_POINTER(h);
}

Datum
outcomes_combine(PG_FUNCTION_ARGS)
{
	return os_merge_step(fcinfo, 1);
}

Datum
outcomes_subtract(PG_FUNCTION_ARGS)
{
	return os_merge_step(fcinfo, -1);
}

Datum
outcomes_final(PG_FUNCTION_ARGS)
{
	FoHeader   *h = (FoHeader *) PG_GETARG_POINTER(0);
	FcError		err;

	if (!fo_check_header(h, VARSIZE(h), &err))
		fsql_report(&err);
	PG_RETURN_POINTER(os_finish(fo_canonical(&fsql_alloc, h, &err), &err));
}

/* ------------------------------------------------------------------------
 * Functions on values
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(outcomes_merge2);
PG_FUNCTION_INFO_V1(outcomes_total);
PG_FUNCTION_INFO_V1(outcomes_group_count);
PG_FUNCTION_INFO_V1(outcomes_attributes);
PG_FUNCTION_INFO_V1(outcomes_is_weighted);

Datum
outcomes_merge2(PG_FUNCTION_ARGS)
{
	FoHeader   *s;
	FcError		err;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(os_getarg(fcinfo, 1));
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(os_getarg(fcinfo, 0));
	s = fo_to_scratch(&fsql_alloc, os_getarg(fcinfo, 0), &err);
	if (s == NULL ||
		fo_merge(&s, &fsql_alloc, os_getarg(fcinfo, 1), 1, fairness_max_groups, &err) != 1)
		fsql_report(&err);
	PG_RETURN_POINTER(os_finish(fo_canonical(&fsql_alloc, s, &err), &err));
}

Datum
outcomes_total(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(os_getarg(fcinfo, 0)->k.total);
}

Datum
outcomes_group_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) os_getarg(fcinfo, 0)->k.ngroups);
}

Datum
outcomes_attributes(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) os_getarg(fcinfo, 0)->k.ndims);
}

Datum
outcomes_is_weighted(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(fo_is_weighted(os_getarg(fcinfo, 0)));
}

/* ------------------------------------------------------------------------
 * Statistics
 * ------------------------------------------------------------------------
 */
#define SET_F8(col, ok, x) \
	do { \
		if (ok) \
			values[col] = Float8GetDatum(x); \
		else \
			nulls[col] = true; \
	} while (0)

PG_FUNCTION_INFO_V1(outcomes_stats);

#define STATS_NCOLS 14

static void
os_stats_row(Tuplestorestate *ts, TupleDesc td, const FoHeader *h, int64 g)
{
	Datum		values[STATS_NCOLS];
	bool		nulls[STATS_NCOLS];
	FoStats		s;
	bool		weighted = fo_is_weighted(h);

	memset(nulls, 0, sizeof(nulls));
	fo_stats(h, g, &s);
	if (g >= 0)
	{
		bool		unknown;
		text	   *label = fsql_group_label(&h->k, (uint32) g, &unknown);

		if (label)
			values[0] = PointerGetDatum(label);
		else
			nulls[0] = true;
		values[1] = fsql_group_key(&h->k, (uint32) g);
	}
	else
		nulls[0] = nulls[1] = true;
	values[2] = BoolGetDatum(g < 0);
	values[3] = Int64GetDatum(s.n);
	SET_F8(4, weighted, s.w);
	SET_F8(5, weighted && s.w2 > 0.0, s.w * s.w / s.w2);
	SET_F8(6, s.has_mean, s.mean);
	SET_F8(7, s.has_var, s.var);
	SET_F8(8, s.has_var, sqrt(s.var));
	SET_F8(9, s.has_var, sqrt(s.var / s.w));
	values[10] = Float8GetDatum(s.min);
	values[11] = Float8GetDatum(s.max);
	values[12] = Float8GetDatum(s.sum);
	values[13] = Float8GetDatum(s.m2);
	tuplestore_putvalues(ts, td, values, nulls);
}

/* outcome_stats: one row per group in key order, then the overall row */
Datum
outcomes_stats(PG_FUNCTION_ARGS)
{
	FoHeader   *h = os_getarg(fcinfo, 0);
	TupleDesc	td;
	Tuplestorestate *ts = fpg_srf_init(fcinfo, &td, STATS_NCOLS);
	uint32		i;

	for (i = 0; i < h->k.ngroups; i++)
		os_stats_row(ts, td, h, i);
	if (h->k.ngroups > 0)
		os_stats_row(ts, td, h, -1);
	return (Datum) 0;
}

/*
 * os_reference
 *		The reference group: the named one, or by default the largest known
 *		group (by weight when weighted; the first in key order on ties);
 *		-1 when there is no known group.
 */
static int64
os_reference(const FoHeader *h, text *reference)
{
	uint32		i;
	int64		best = -1;
	double		bw = 0.0;

	if (reference != NULL)
		return fsql_find_group(&h->k, reference, "reference group");
	for (i = 0; i < h->k.ngroups; i++)
	{
		bool		unknown;
		FoStats		s;

		(void) fsql_group_label(&h->k, i, &unknown);
		if (unknown)
			continue;
		fo_stats(h, i, &s);
		if (best < 0 || s.w > bw)
		{
			best = i;
			bw = s.w;
		}
	}
	return best;
}

static double
os_level(FunctionCallInfo fcinfo, int argno)
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

PG_FUNCTION_INFO_V1(outcomes_gaps);

#define GAPS_NCOLS 17

/*
 * outcomes_gaps
 *		Each group against the reference group: mean gap, ratio, pay gap,
 *		Welch's test and interval, Cohen's d.  The unknown group gets its
 *		own values but no comparison; the reference is compared with itself
 *		(difference 0) so that every group has a row.
 */
FC_NULL_SUMMARY_FUNCTION(outcomes_gaps)
{
	FoHeader   *h = os_getarg(fcinfo, 0);
	text	   *reference = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	double		level = os_level(fcinfo, 2);
	TupleDesc	td;
	Tuplestorestate *ts = fpg_srf_init(fcinfo, &td, GAPS_NCOLS);
	int64		ref = os_reference(h, reference);
	FoStats		rs;
	text	   *rlabel = NULL;
	uint32		i;

	if (ref < 0)
		return (Datum) 0;
	fo_stats(h, ref, &rs);
	{
		bool		unknown;

		rlabel = fsql_group_label(&h->k, (uint32) ref, &unknown);
	}
	for (i = 0; i < h->k.ngroups; i++)
	{
		Datum		values[GAPS_NCOLS];
		bool		nulls[GAPS_NCOLS];
		bool		unknown;
		text	   *label = fsql_group_label(&h->k, i, &unknown);
		FoStats		s;
		FoCompare	c;
		bool		cmp;

		memset(nulls, 0, sizeof(nulls));
		fo_stats(h, i, &s);
		memset(&c, 0, sizeof(c));
		cmp = !unknown;
		if (cmp)
			fo_compare(&s, &rs, level, &c);
		if (label)
			values[0] = PointerGetDatum(label);
		else
			nulls[0] = true;
		values[1] = fsql_group_key(&h->k, i);
		values[2] = PointerGetDatum(rlabel);
		values[3] = Int64GetDatum(s.n);
		SET_F8(4, s.has_mean, s.mean);
		SET_F8(5, rs.has_mean, rs.mean);
		SET_F8(6, cmp && c.has_diff, c.diff);
		SET_F8(7, cmp && c.has_ratio, c.ratio);
		SET_F8(8, cmp && c.has_ratio, c.pay_gap);
		SET_F8(9, cmp && c.has_test, c.ci_low);
		SET_F8(10, cmp && c.has_test, c.ci_high);
		SET_F8(11, cmp && c.has_test, c.t);
		SET_F8(12, cmp && c.has_test, c.df);
		SET_F8(13, cmp && c.has_test, c.p);
		SET_F8(14, cmp && c.has_d, c.cohens_d);
		SET_F8(15, cmp && c.has_test, c.se);
		values[16] = BoolGetDatum((int64) i == ref);
		tuplestore_putvalues(ts, td, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(outcomes_pay_gap);
PG_FUNCTION_INFO_V1(outcomes_mean_gap);
PG_FUNCTION_INFO_V1(outcomes_mean_ratio);

/* the two named groups' statistics */
static void
os_pair(FunctionCallInfo fcinfo, FoStats *g, FoStats *r)
{
	FoHeader   *h = os_getarg(fcinfo, 0);
	uint32		gi = fsql_find_group(&h->k, PG_GETARG_TEXT_PP(1), "group");
	uint32		ri = fsql_find_group(&h->k, PG_GETARG_TEXT_PP(2), "reference group");

	fo_stats(h, gi, g);
	fo_stats(h, ri, r);
}

/* pay_gap(o, group, reference) = (mean_ref - mean_g) / mean_ref */
Datum
outcomes_pay_gap(PG_FUNCTION_ARGS)
{
	FoStats		g,
				r;

	os_pair(fcinfo, &g, &r);
	if (!g.has_mean || !r.has_mean || r.mean == 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((r.mean - g.mean) / r.mean);
}

Datum
outcomes_mean_gap(PG_FUNCTION_ARGS)
{
	FoStats		g,
				r;

	os_pair(fcinfo, &g, &r);
	if (!g.has_mean || !r.has_mean)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(g.mean - r.mean);
}

Datum
outcomes_mean_ratio(PG_FUNCTION_ARGS)
{
	FoStats		g,
				r;

	os_pair(fcinfo, &g, &r);
	if (!g.has_mean || !r.has_mean || r.mean == 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(g.mean / r.mean);
}

/* ------------------------------------------------------------------------
 * outcome_report: long format, one row per group x metric
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(outcomes_report);

#define OR_NCOLS 11

/*
 * outcomes_report
 *		Per group (key order, unknown last) the metrics n, mean (with its
 *		t interval, mean -/+ t_{W-1} sd / sqrt(W)), sd and pay_gap
 *		((mean_ref - mean) / mean_ref); against the reference group
 *		(default: the largest known group) the difference and ratio, and for
 *		mean and pay_gap Welch's two-sided p-value.
 */
FC_NULL_SUMMARY_FUNCTION(outcomes_report)
{
	static const char *const metrics[] = {"n", "mean", "sd", "pay_gap"};
	FoHeader   *h = os_getarg(fcinfo, 0);
	text	   *reference = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	double		level = os_level(fcinfo, 2);
	TupleDesc	td;
	Tuplestorestate *ts = fpg_srf_init(fcinfo, &td, OR_NCOLS);
	int64		ref = os_reference(h, reference);
	FoStats		rs;
	text	   *rlabel = NULL;
	uint32		i;

	if (ref >= 0)
	{
		bool		unknown;

		fo_stats(h, ref, &rs);
		rlabel = fsql_group_label(&h->k, (uint32) ref, &unknown);
	}
	for (i = 0; i < h->k.ngroups; i++)
	{
		bool		unknown;
		text	   *label = fsql_group_label(&h->k, i, &unknown);
		FoStats		s;
		FoCompare	c;
		int			m;

		fo_stats(h, i, &s);
		memset(&c, 0, sizeof(c));
		if (ref >= 0 && !unknown)
			fo_compare(&s, &rs, level, &c);
		for (m = 0; m < 4; m++)
		{
			Datum		values[OR_NCOLS];
			bool		nulls[OR_NCOLS];
			bool		has = false,
						has_ref = false,
						has_ci = false,
						compare;
			double		val = 0.0,
						rval = 0.0,
						lo = 0.0,
						hi = 0.0,
						p = -1.0;
			const char *status;

			memset(nulls, 0, sizeof(nulls));
			switch (m)
			{
				case 0:
					has = true;
					val = (double) s.n;
					has_ref = ref >= 0;
					rval = ref >= 0 ? (double) rs.n : 0.0;
					break;
				case 1:
					has = s.has_mean;
					val = s.mean;
					has_ref = ref >= 0 && rs.has_mean;
					rval = rs.mean;
					/* mean -/+ t_{W-1} sd / sqrt(W) */
					has_ci = s.has_var &&
						fst_t_confint(s.mean, sqrt(s.var / s.w), s.w - 1.0, level,
									  &lo, &hi) == FST_OK;
					if (c.has_test)
						p = c.p;
					break;
				case 2:
					has = s.has_var;
					val = sqrt(s.var);
					has_ref = ref >= 0 && rs.has_var;
					rval = sqrt(rs.var);
					break;
				case 3:
					has = ref >= 0 && !unknown && c.has_ratio;
					val = c.pay_gap;
					has_ref = ref >= 0 && rs.has_mean && rs.mean != 0.0;
					rval = 0.0;
					if (c.has_test)
						p = c.p;
					break;
			}
			if (label)
				values[0] = PointerGetDatum(label);
			else
				nulls[0] = true;
			values[1] = CStringGetTextDatum(metrics[m]);
			SET_F8(2, has, val);
			SET_F8(3, has_ci, lo);
			SET_F8(4, has_ci, hi);
			if (rlabel)
				values[5] = PointerGetDatum(rlabel);
			else
				nulls[5] = true;
			SET_F8(6, has_ref, rval);
			compare = has && has_ref && !unknown && m != 0 && m != 3;
			SET_F8(7, compare, val - rval);
			SET_F8(8, compare && rval != 0.0, val / rval);
			if ((int64) i == ref)
				p = -1.0;
			SET_F8(9, p >= 0.0, p);
			if (!has)
				status = "undefined";
			else if ((int64) i == ref)
				status = "reference";
			else if (unknown || ref < 0)
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
