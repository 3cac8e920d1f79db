/*-------------------------------------------------------------------------
 *
 * fairness.c
 *	  SQL-callable glue for the fairness.confusion type: I/O, aggregates,
 *	  accessors and metric set-returning functions.
 *
 * Everything that defines the value format or a number lives in fcore.c,
 * fcore_io.c and fmetrics.c (no PostgreSQL headers); this file converts arguments, turns
 * FcError into ereport() with a SQLSTATE, and allocates through palloc.
 *
 * Aggregate states are fairness.confusion values themselves (not internal),
 * so that Citus can push partial aggregation to its workers.  They are
 * updated in place when called as an aggregate; when a state must grow, a
 * larger copy is made in the per-call memory context and returned, and the
 * executor moves it into the aggregate context and frees the old one (the
 * rule nodeAgg.c applies to any by-reference transition value).
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
#include "miscadmin.h"
#include "nodes/nodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/tuplestore.h"

#include "fcore.h"
#include "fkeyed.h"
#include "fguc.h"
#include "fmetrics.h"
#include "fairness_pg.h"
#include "fsql.h"

PG_MODULE_MAGIC;

#define FAIRNESS_DEFAULT_MAX_GROUPS 10000

int			fairness_max_groups = FAIRNESS_DEFAULT_MAX_GROUPS;
int			fairness_min_group_size = 10;
double		fairness_impact_ratio_threshold = 0.8;

void		_PG_init(void);

/*
 * _PG_init
 *		Define the fairness.* settings.
 */
void
_PG_init(void)
{
	DefineCustomIntVariable("fairness.max_groups",
							"Maximum number of groups in one fairness summary (confusion, scores, outcomes).",
							"Protects against grouping by an identifier by mistake.",
							&fairness_max_groups,
							FAIRNESS_DEFAULT_MAX_GROUPS,
							1, FC_MAX_GROUPS_HARD,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
	DefineCustomIntVariable("fairness.min_group_size",
							"Groups with fewer rows are suppressed in fairness reports.",
							"Small-cell suppression for privacy: a suppressed group shows no value from which its counts could be recomputed.",
							&fairness_min_group_size,
							10, 0, INT_MAX,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
	DefineCustomRealVariable("fairness.impact_ratio_threshold",
							 "Ratio to the reference group below which a rate is flagged (four-fifths rule).",
							 "A ratio r crosses the threshold t when r < t or r > 1/t.",
							 &fairness_impact_ratio_threshold,
							 0.8, 0.0001, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	fairness_audit_init();
#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("fairness");
#else
	EmitWarningsOnPlaceholders("fairness");
#endif
}

/* ------------------------------------------------------------------------
 * Allocation and errors
 * ------------------------------------------------------------------------
 */
static void *
fpg_palloc(void *ctx, size_t size)
{
	(void) ctx;
	return palloc0(size);
}

static void
fpg_pfree(void *ctx, void *ptr)
{
	(void) ctx;
	pfree(ptr);
}

const FcAlloc fpg_alloc = {fpg_palloc, fpg_pfree, NULL};

/*
 * fpg_report
 *		Raise the error described by err with the SQLSTATE of its class.
 */
void
fpg_report(const FcError *err)
{
	int			code;

	switch (err->code)
	{
		case FC_ERR_SYNTAX:
			code = ERRCODE_INVALID_TEXT_REPRESENTATION;
			break;
		case FC_ERR_BINARY:
			code = ERRCODE_INVALID_BINARY_REPRESENTATION;
			break;
		case FC_ERR_RANGE:
			code = ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
			break;
		case FC_ERR_LIMIT:
		case FC_ERR_TOO_MANY_GROUPS:
			code = ERRCODE_PROGRAM_LIMIT_EXCEEDED;
			break;
		case FC_ERR_MISMATCH:
			code = ERRCODE_DATA_EXCEPTION;
			break;
		case FC_ERR_CORRUPT:
			code = ERRCODE_DATA_CORRUPTED;
			break;
		case FC_ERR_NOMEM:
			code = ERRCODE_OUT_OF_MEMORY;
			break;
		case FC_ERR_VALUE:
		default:
			code = ERRCODE_INVALID_PARAMETER_VALUE;
			break;
	}
	ereport(ERROR,
			(errcode(code),
			 errmsg_internal("%s", err->msg),
			 err->detail[0] ? errdetail_internal("%s", err->detail) : 0,
			 err->hint[0] ? errhint("%s", err->hint) : 0));
	pg_unreachable();
}

/* fpg_set_size: stamp the varlena header of a value built by fcore */
static FcHeader *
fpg_finish(FcHeader *h, const FcError *err)
{
	if (h == NULL)
		fpg_report(err);
	SET_VARSIZE(h, fc_size(h));
	return h;
}

/*
 * fpg_getarg
 *		Detoast argument n and check its header (O(1)), so that a value from
 *		an unknown format version is refused before anything reads it.
 */
FcHeader *
fpg_getarg(FunctionCallInfo fcinfo, int n)
{
	FcHeader   *h;
	FcError		err;

	if (PG_ARGISNULL(n))
		fpg_null_argument(fcinfo, n);
	h = (FcHeader *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n));
	if (!fc_check_header(h, VARSIZE(h), &err))
		fpg_report(&err);
	return h;
}

/*
 * fpg_null_result
 *		The result of a function called with a NULL summary: NULL, or the
 *		empty set for a set-returning function (the value-per-call protocol's
 *		end of set, which is what the executor does for a STRICT set-returning
 *		function with a NULL argument).
 */
Datum
fpg_null_result(FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsi = (ReturnSetInfo *) fcinfo->resultinfo;

	if (rsi != NULL && IsA(rsi, ReturnSetInfo))
		rsi->isDone = ExprEndResult;
	PG_RETURN_NULL();
}

/*
 * fpg_null_argument
 *		A getter was asked for a NULL argument: the function is neither
 *		STRICT nor guarded (fairness_pg.h).  Refuse cleanly.
 */
void
fpg_null_argument(FunctionCallInfo fcinfo, int n)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("argument %d of %s must not be null", n + 1,
					fcinfo->flinfo ? format_procedure(fcinfo->flinfo->fn_oid) : "this function")));
	pg_unreachable();
}

/* fpg_check_max_groups: see fairness_pg.h */
void
fpg_check_max_groups(const char *type, int64 ngroups)
{
	if (ngroups > fairness_max_groups)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many groups in %s", type),
				 errdetail("The combined summary has " INT64_FORMAT " groups; the limit fairness.max_groups is %d.",
						   ngroups, fairness_max_groups),
				 errhint("The group column looks like an identifier: group by a protected attribute such as gender, or raise fairness.max_groups.")));
}

/*
 * fpg_check_encoding
 *		Group names must be valid in the database encoding; a malformed key
 *		is corruption (fsql_check_key_encoding, as for every summary type).
 */
static void
fpg_check_encoding(const FcHeader *h)
{
	uint32		i;
	const FcEntry *e = fc_entries(h);

	for (i = 0; i < h->ngroups; i++)
		fsql_check_key_encoding(fc_key(h, i), e[i].k.key_len, h->ndims);
}

/* an input path's value: fpg_finish, then the group names' encoding */
static FcHeader *
fpg_input(FcHeader *h, const FcError *err)
{
	fpg_finish(h, err);
	fpg_check_encoding(h);
	return h;
}

/* ------------------------------------------------------------------------
 * Type I/O
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(confusion_in);
PG_FUNCTION_INFO_V1(confusion_out);
PG_FUNCTION_INFO_V1(confusion_recv);
PG_FUNCTION_INFO_V1(confusion_send);
PG_FUNCTION_INFO_V1(confusion_to_jsonb);
PG_FUNCTION_INFO_V1(confusion_from_jsonb);

/*
 * confusion_in
 *		Parse the JSON text form; every check of fc_parse_text applies.
 */
Datum
confusion_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	FcError		err;

	PG_RETURN_POINTER(fpg_input(fc_parse_text(&fpg_alloc, s, strlen(s),
											  fsql_ascii_escapes_only(), &err), &err));
}

/* confusion_out: the canonical JSON text form */
Datum
confusion_out(PG_FUNCTION_ARGS)
{
	FcError		err;
	size_t		len;

	PG_RETURN_CSTRING(fsql_text_out(fc_format_text(&fpg_alloc, fpg_getarg(fcinfo, 0),
												   &len, &err), &err));
}

/*
 * confusion_recv
 *		Binary input: the whole remaining message is the value; every check
 *		of the text form applies too.
 */
Datum
confusion_recv(PG_FUNCTION_ARGS)
{
	FcError		err;
	size_t		len;
	const uint8_t *b = fsql_recv_bytes((StringInfo) PG_GETARG_POINTER(0), &len);

	PG_RETURN_POINTER(fpg_input(fc_decode_binary(&fpg_alloc, b, len, &err), &err));
}

/* confusion_send: binary output (network byte order, see fcore_io.c) */
Datum
confusion_send(PG_FUNCTION_ARGS)
{
	FcError		err;
	size_t		len;
	uint8_t    *b = fc_encode_binary(&fpg_alloc, fpg_getarg(fcinfo, 0), &len, &err);

	PG_RETURN_BYTEA_P(fsql_bytea_out(b, len, &err));
}

/* confusion_to_jsonb: the text form as jsonb (for the cast) */
Datum
confusion_to_jsonb(PG_FUNCTION_ARGS)
{
	FcError		err;
	size_t		len;

	return fsql_jsonb_out(fc_format_text(&fpg_alloc, fpg_getarg(fcinfo, 0), &len, &err), &err);
}

/* confusion_from_jsonb: a jsonb document in the text form's schema */
Datum
confusion_from_jsonb(PG_FUNCTION_ARGS)
{
	char	   *s = fsql_jsonb_text(PG_GETARG_JSONB_P(0));
	FcError		err;

	PG_RETURN_POINTER(fpg_input(fc_parse_text(&fpg_alloc, s, strlen(s),
											  fsql_ascii_escapes_only(), &err), &err));
}

/* ------------------------------------------------------------------------
 * Aggregates
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(confusion_trans);
PG_FUNCTION_INFO_V1(confusion_trans_w);
PG_FUNCTION_INFO_V1(confusion_trans_arr);
PG_FUNCTION_INFO_V1(confusion_trans_arr_w);
PG_FUNCTION_INFO_V1(confusion_inv);
PG_FUNCTION_INFO_V1(confusion_inv_w);
PG_FUNCTION_INFO_V1(confusion_inv_arr);
PG_FUNCTION_INFO_V1(confusion_inv_arr_w);
PG_FUNCTION_INFO_V1(confusion_combine);
PG_FUNCTION_INFO_V1(confusion_subtract_trans);
PG_FUNCTION_INFO_V1(confusion_final);

/* the hint of every refusal outside an aggregate (fsql_require_agg) */
#define FPG_AGG_HINT "Use the aggregates fairness.confusion and fairness.merge."

/*
 * FC_IN_AGG_CONTEXT
 *		The test AggCheckCallContext makes (called from an aggregate or a
 *		window aggregate), inline: the transition functions run it for every
 *		row and only call fsql_require_agg, for its error, when it fails.
 */
#define FC_IN_AGG_CONTEXT(fcinfo) \
	((fcinfo)->context != NULL && \
	 (IsA((fcinfo)->context, AggState) || \
	  IsA((fcinfo)->context, WindowAggState)))

/*
 * fpg_text_part
 *		Group attribute argument argno as a key part: NULL is the unknown
 *		value.  PG_GETARG_TEXT_PP without its out-of-line call for the usual
 *		short, plain value: only a compressed or external one needs
 *		detoasting.
 */
static pg_attribute_always_inline void
fpg_text_part(FunctionCallInfo fcinfo, int argno, FcPart *part)
{
	struct varlena *t;

	if (PG_ARGISNULL(argno))
	{
		part->isnull = true;
		part->data = NULL;
		part->len = 0;
		return;
	}
	t = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	if (unlikely(VARATT_IS_EXTERNAL(t) || VARATT_IS_COMPRESSED(t)))
		t = pg_detoast_datum_packed(t);
	part->isnull = false;
	part->data = VARDATA_ANY(t);
	part->len = VARSIZE_ANY_EXHDR(t);
}

/*
 * fpg_transition
 *		One row into (or, inverse = true, out of) the state.  Arguments:
 *		state, group, actual, predicted [, weight], where the group is
 *		nattr text arguments (1 to FC_MAX_MULTI) or, nattr = 0, one text[].
 *		The attributes given as separate arguments make exactly the key the
 *		same values make as ARRAY[...] (issue #15), without the array.
 *
 * This is the per-row path of every aggregate (see doc/benchmark.md): it
 * allocates nothing and copies nothing unless the state must grow or a
 * group value is compressed or stored out of line, and it is inlined into
 * each SQL-callable wrapper so that the constant flags fold away.
 */
static pg_attribute_always_inline Datum
fpg_transition(FunctionCallInfo fcinfo, int nattr, bool weighted,
			  bool inverse)
{
	/* argument number of actual: after the group argument(s) */
	const int	A = 1 + (nattr > 1 ? nattr : 1);
	FcHeader   *h;
	FcHeader   *orig;
	FcPart		parts[FC_MAX_DIMS];
	int			nparts;
	int			actual,
				predicted;
	double		w = 1.0;
	FcError		err;
	int64		g;

	if (unlikely(!FC_IN_AGG_CONTEXT(fcinfo)))
		fsql_require_agg(fcinfo, "fairness.confusion transition function", FPG_AGG_HINT);

	if (weighted)
	{
		if (PG_ARGISNULL(A + 2))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("weight must not be NULL"),
					 errhint("Use coalesce(weight, 1) to give rows without a weight the weight 1.")));
		w = PG_GETARG_FLOAT8(A + 2);
		if (isnan(w) || isinf(w) || w < 0.0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weight must be a finite number >= 0"),
					 errdetail("The weight is %g.", w)));
	}
	actual = PG_ARGISNULL(A) ? FC_VAL_NULL :
		(PG_GETARG_BOOL(A) ? FC_VAL_TRUE : FC_VAL_FALSE);
	predicted = PG_ARGISNULL(A + 1) ? FC_VAL_NULL :
		(PG_GETARG_BOOL(A + 1) ? FC_VAL_TRUE : FC_VAL_FALSE);

	if (nattr == 0)
	{
		if (PG_ARGISNULL(1))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("group array must not be NULL"),
					 errhint("Pass the attributes as ARRAY[attr1, attr2]: its elements may be NULL (unknown), the array itself may not.")));
		nparts = fsql_array_parts(PG_GETARG_ARRAYTYPE_P(1), parts);
	}
	else
	{
		int			k;

		nparts = nattr;
		for (k = 0; k < nattr; k++)
			fpg_text_part(fcinfo, 1 + k, &parts[k]);
	}

	if (PG_ARGISNULL(0))
	{
		if (inverse)
			elog(ERROR, "fairness.confusion inverse transition with no state");
		h = fpg_finish(fc_new_scratch(&fpg_alloc, nparts, weighted, &err), &err);
	}
	else
	{
		h = (FcHeader *) PG_GETARG_POINTER(0);
		if (h->version != FC_FORMAT_VERSION || !(h->flags & FC_F_SCRATCH))
			h = fpg_finish(fc_to_scratch(&fpg_alloc, fpg_getarg(fcinfo, 0), &err), &err);
	}
	orig = h;
	if (!inverse)
	{
		/* lookup and count in one call into fcore.c */
		if (unlikely(!fc_count_row(&h, &fpg_alloc, parts, nparts,
								   FC_CELL(actual, predicted), w,
								   fairness_max_groups, &err)))
			fpg_report(&err);
		if (unlikely(h != orig))
			SET_VARSIZE(h, fc_size(h));
		PG_RETURN_POINTER(h);
	}
	g = fc_lookup_insert(&h, &fpg_alloc, parts, nparts,
						 fairness_max_groups, &err);
	if (g < 0)
		fpg_report(&err);
	if (h != orig)
		SET_VARSIZE(h, fc_size(h));
	if (!fc_remove_row(h, (uint32) g, FC_CELL(actual, predicted), w, &err))
		fpg_report(&err);
	PG_RETURN_POINTER(h);
}

Datum
confusion_trans(PG_FUNCTION_ARGS)
{
	return fpg_transition(fcinfo, 1, false, false);
}

Datum
confusion_trans_w(PG_FUNCTION_ARGS)
{
	return fpg_transition(fcinfo, 1, true, false);
}

Datum
confusion_trans_arr(PG_FUNCTION_ARGS)
{
	return fpg_transition(fcinfo, 0, false, false);
}

Datum
confusion_trans_arr_w(PG_FUNCTION_ARGS)
{
	return fpg_transition(fcinfo, 0, true, false);
}

Datum
confusion_inv(PG_FUNCTION_ARGS)
{
	return fpg_transition(fcinfo, 1, false, true);
}

Datum
confusion_inv_w(PG_FUNCTION_ARGS)
{
	return fpg_transition(fcinfo, 1, true, true);
}

Datum
confusion_inv_arr(PG_FUNCTION_ARGS)
{
	return fpg_transition(fcinfo, 0, false, true);
}

Datum
confusion_inv_arr_w(PG_FUNCTION_ARGS)
{
	return fpg_transition(fcinfo, 0, true, true);
}

/*
 * The multi-attribute forms, fairness.confusion(a1, a2 [, a3 [, a4]],
 * actual, predicted [, weight]): one C function per number of attributes
 * so that the argument positions are constants in each.
 */
#define FC_MULTI_TRANSITIONS(n) \
PG_FUNCTION_INFO_V1(confusion_trans##n); \
PG_FUNCTION_INFO_V1(confusion_trans##n##_w); \
PG_FUNCTION_INFO_V1(confusion_inv##n); \
PG_FUNCTION_INFO_V1(confusion_inv##n##_w); \
Datum confusion_trans##n(PG_FUNCTION_ARGS) { return fpg_transition(fcinfo, n, false, false); } \
Datum confusion_trans##n##_w(PG_FUNCTION_ARGS) { return fpg_transition(fcinfo, n, true, false); } \
Datum confusion_inv##n(PG_FUNCTION_ARGS) { return fpg_transition(fcinfo, n, false, true); } \
Datum confusion_inv##n##_w(PG_FUNCTION_ARGS) { return fpg_transition(fcinfo, n, true, true); }

FC_MULTI_TRANSITIONS(2)
FC_MULTI_TRANSITIONS(3)
FC_MULTI_TRANSITIONS(4)

/*
 * fpg_merge_step
 *		state := state + sign * value, for the combine function, the merge
 *		aggregate and its inverse.  A NULL value is no data.  The right-hand
 *		value is never modified; the state is copied into scratch form first
 *		if it is not already (a state may come from the input function, as
 *		Citus ships partial states as text).
 */
static Datum
fpg_merge_step(FunctionCallInfo fcinfo, int sign)
{
	FcHeader   *h;
	FcHeader   *orig;
	FcHeader   *src;
	FcError		err;

	fsql_require_agg(fcinfo, sign > 0 ? "fairness.confusion combine function" :
					"fairness.confusion inverse merge function", FPG_AGG_HINT);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	src = fpg_getarg(fcinfo, 1);
	if (PG_ARGISNULL(0))
	{
		if (sign < 0)
			elog(ERROR, "fairness.merge inverse transition with no state");
		fpg_check_max_groups("fairness.confusion", src->ngroups);
		PG_RETURN_POINTER(fpg_finish(fc_to_scratch(&fpg_alloc, src, &err), &err));
	}
	h = (FcHeader *) PG_GETARG_POINTER(0);
	if (h->version != FC_FORMAT_VERSION || !(h->flags & FC_F_SCRATCH))
		h = fpg_finish(fc_to_scratch(&fpg_alloc, fpg_getarg(fcinfo, 0), &err), &err);
	orig = h;
	if (!fc_merge(&h, &fpg_alloc, src, sign, fairness_max_groups, &err))
		fpg_report(&err);
	if (sign > 0)
		fpg_check_max_groups("fairness.confusion", h->ngroups);
	if (h != orig)
		SET_VARSIZE(h, fc_size(h));
	PG_RETURN_POINTER(h);
}

Datum
confusion_combine(PG_FUNCTION_ARGS)
{
	return fpg_merge_step(fcinfo, 1);
}

Datum
confusion_subtract_trans(PG_FUNCTION_ARGS)
{
	return fpg_merge_step(fcinfo, -1);
}

/* confusion_final: the canonical form of a state (read-only on the state) */
Datum
confusion_final(PG_FUNCTION_ARGS)
{
	FcHeader   *h = (FcHeader *) PG_GETARG_POINTER(0);
	FcError		err;

	if (!fc_check_header(h, VARSIZE(h), &err))
		fpg_report(&err);
	PG_RETURN_POINTER(fpg_finish(fc_canonical(&fpg_alloc, h, &err), &err));
}

/* ------------------------------------------------------------------------
 * Functions on values
 * ------------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(confusion_merge2);
PG_FUNCTION_INFO_V1(confusion_marginal);
PG_FUNCTION_INFO_V1(confusion_total);
PG_FUNCTION_INFO_V1(confusion_group_count);
PG_FUNCTION_INFO_V1(confusion_attributes);
PG_FUNCTION_INFO_V1(confusion_is_weighted);

/*
 * confusion_merge2
 *		Pairwise union of two summaries.  NULL is no data: merge(a, NULL) = a,
 *		as for the fairness.merge aggregate.
 */
Datum
confusion_merge2(PG_FUNCTION_ARGS)
{
	FcHeader   *a;
	FcHeader   *b;
	FcHeader   *s;
	FcError		err;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(fpg_getarg(fcinfo, 1));
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(fpg_getarg(fcinfo, 0));
	a = fpg_getarg(fcinfo, 0);
	b = fpg_getarg(fcinfo, 1);
	s = fc_to_scratch(&fpg_alloc, a, &err);
	if (s == NULL || !fc_merge(&s, &fpg_alloc, b, 1, fairness_max_groups, &err))
		fpg_report(&err);
	PG_RETURN_POINTER(fpg_finish(fc_canonical(&fpg_alloc, s, &err), &err));
}

/*
 * confusion_marginal
 *		Collapse a multi-attribute summary onto the listed attributes
 *		(1-based, distinct, in the order given).
 */
Datum
confusion_marginal(PG_FUNCTION_ARGS)
{
	FcHeader   *h = fpg_getarg(fcinfo, 0);
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(1);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			dims[FC_MAX_DIMS];
	int			i,
				j;
	FcError		err;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("attribute list must be one-dimensional")));
	deconstruct_array(arr, INT4OID, 4, true, TYPALIGN_INT, &elems, &nulls, &n);
	if (n < 1 || n > h->ndims)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fairness.marginal needs between 1 and %d attributes",
						(int) h->ndims),
				 errdetail("The summary has %d attributes; %d were listed.",
						   (int) h->ndims, n)));
	for (i = 0; i < n; i++)
	{
		int			d;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("attribute numbers must not be NULL")));
		d = DatumGetInt32(elems[i]);
		if (d < 1 || d > h->ndims)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("attribute number %d is out of range", d),
					 errdetail("The summary has attributes 1 to %d.", (int) h->ndims),
					 errhint("Attributes are numbered by their position in the ARRAY[...] given to fairness.confusion.")));
		for (j = 0; j < i; j++)
			if (dims[j] == d - 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("attribute number %d is listed twice", d)));
		dims[i] = d - 1;
	}
	PG_RETURN_POINTER(fpg_finish(fc_marginal(&fpg_alloc, h, dims, n, &err), &err));
}

/* confusion_total: rows counted in the summary */
Datum
confusion_total(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(fpg_getarg(fcinfo, 0)->total);
}

/* confusion_group_count: number of groups (the unknown group included) */
Datum
confusion_group_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) fpg_getarg(fcinfo, 0)->ngroups);
}

/* confusion_attributes: number of attributes per group key */
Datum
confusion_attributes(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) fpg_getarg(fcinfo, 0)->ndims);
}

/* confusion_is_weighted: whether the summary carries weight sums */
Datum
confusion_is_weighted(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(fc_is_weighted(fpg_getarg(fcinfo, 0)));
}

/* ------------------------------------------------------------------------
 * Metrics
 * ------------------------------------------------------------------------
 */

/*
 * fpg_label_from_parts
 *		The readable label of a group key: its value for one attribute (NULL
 *		when unknown); for several, the values joined by " × " with
 *		"(unknown)" for a NULL attribute, e.g. "Female × African-American"
 *		(the multiplication sign U+00D7 in a UTF-8 database, " x " in others).
 *		The label is for reading; the key (group_key, a text[]) is exact.
 *		*unknown is set when every attribute is NULL.
 */
text *
fpg_label_from_parts(const FcPart *parts, int ndims, bool *unknown)
{
	StringInfoData buf;
	int			d;
	bool		all_null = true;

	if (ndims == 1)
	{
		*unknown = parts[0].isnull;
		return parts[0].isnull ? NULL :
			cstring_to_text_with_len(parts[0].data, (int) parts[0].len);
	}
	initStringInfo(&buf);
	for (d = 0; d < ndims; d++)
	{
		if (d > 0)
			appendStringInfoString(&buf, GetDatabaseEncoding() == PG_UTF8 ?
								   " \xc3\x97 " : " x ");
		if (parts[d].isnull)
			appendStringInfoString(&buf, "(unknown)");
		else
		{
			appendBinaryStringInfo(&buf, parts[d].data, (int) parts[d].len);
			all_null = false;
		}
	}
	*unknown = all_null;
	return cstring_to_text_with_len(buf.data, buf.len);
}

/* the key parts of group i of a confusion summary */
static void
fpg_group_parts(const FcHeader *h, uint32 i, FcPart *parts)
{
	const FcEntry *e = &fc_entries(h)[i];
	int			d;

	for (d = 0; d < h->ndims; d++)
		if (!fk_key_part(fc_key(h, i), e->k.key_len, d, &parts[d].data,
						 &parts[d].len, &parts[d].isnull))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("fairness summary value is corrupted"),
					 errdetail("A group key is malformed.")));
}

/* fpg_group_label: the readable label of group i (see fpg_label_from_parts) */
static text *
fpg_group_label(const FcHeader *h, uint32 i, bool *unknown)
{
	FcPart		parts[FC_MAX_DIMS];

	fpg_group_parts(h, i, parts);
	return fpg_label_from_parts(parts, h->ndims, unknown);
}

/*
 * fpg_parse_key_json
 *		Whether s is a JSON array of exactly ndims strings or nulls (numbers
 *		and booleans are taken as written), e.g. '["Male", "Caucasian"]';
 *		if so its elements are stored in parts (palloc'd strings).  Never
 *		raises an error for text that is not such an array.  The project's
 *		one JSON reader (fkj_parse, fkeyed.c) reads it, the same on every
 *		PostgreSQL version.
 */
bool
fpg_parse_key_json(const char *s, int ndims, FcPart *parts)
{
	FkJson		j;
	FcError		err;
	const FkJsonNode *el;
	const char *p = s;
	int			n = 0;
	bool		ok;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p != '[')
		return false;
	memset(&err, 0, sizeof(err));
	if (!fkj_parse(&j, &fpg_alloc, s, strlen(s),
				   GetDatabaseEncoding() != PG_UTF8, "group name", &err))
	{
		fkj_release(&j);
		return false;
	}
	ok = j.nodes[0].kind == FKJ_ARRAY && j.nodes[0].count == (uint32_t) ndims;
	for (el = ok ? fkj_first(&j, &j.nodes[0]) : NULL; el != NULL && ok;
		 el = fkj_next(&j, el), n++)
	{
		switch (el->kind)
		{
			case FKJ_NULL:
				parts[n].data = NULL;
				parts[n].len = 0;
				parts[n].isnull = true;
				break;
			case FKJ_STRING:
			case FKJ_NUMBER:
				parts[n].data = pnstrdup(j.strs + el->str_off, el->str_len);
				parts[n].len = el->str_len;
				parts[n].isnull = false;
				break;
			case FKJ_TRUE:
			case FKJ_FALSE:
				parts[n].data = pstrdup(el->kind == FKJ_TRUE ? "true" : "false");
				parts[n].len = (uint32) strlen(parts[n].data);
				parts[n].isnull = false;
				break;
			default:
				ok = false;		/* a nested array or object */
		}
	}
	fkj_release(&j);
	return ok && n == ndims;
}

static bool
fpg_parts_equal(const FcPart *a, const FcPart *b, int ndims)
{
	int			d;

	for (d = 0; d < ndims; d++)
	{
		if (a[d].isnull != b[d].isnull)
			return false;
		if (!a[d].isnull &&
			(a[d].len != b[d].len || memcmp(a[d].data, b[d].data, a[d].len) != 0))
			return false;
	}
	return true;
}

/*
 * fpg_match_group
 *		Index of the known group named `want`, among ngroups groups given by
 *		their key parts (ngroups * ndims), readable labels and unknown flags.
 *		A name matches a group's label exactly (one attribute: its value;
 *		several: "Female × White") or, written as a JSON array of the
 *		attribute values ('["Female", "White"]', any spacing), its key.  With
 *		one attribute the exact value is tried first.  An error listing the
 *		known groups when none matches, or when a label matches several
 *		groups.  role names the argument in the message ("reference group").
 */
int
fpg_match_group(const char *want, int ndims, int ngroups, const FcPart *parts,
			   text *const *labels, const bool *unknown, const char *role)
{
	FcPart		wparts[FC_MAX_DIMS];
	bool		as_key = false;
	int			found = -1;
	int			nfound = 0;
	int			pass;
	int			i;
	StringInfoData known;

	for (pass = 0; pass < 2 && nfound == 0; pass++)
	{
		/* pass 0: the readable label (skipped for a key of several) */
		if (pass == 0 && ndims > 1 && fpg_parse_key_json(want, ndims, wparts))
			continue;
		if (pass == 1)
		{
			if (!fpg_parse_key_json(want, ndims, wparts))
				break;
			as_key = true;
		}
		for (i = 0; i < ngroups; i++)
		{
			bool		hit;

			if (unknown[i] || labels[i] == NULL)
				continue;
			if (as_key)
				hit = fpg_parts_equal(&parts[(size_t) i * ndims], wparts, ndims);
			else
				hit = strcmp(text_to_cstring(labels[i]), want) == 0;
			if (hit)
			{
				if (nfound == 0)
					found = i;
				nfound++;
			}
		}
	}
	if (nfound == 1)
		return found;
	initStringInfo(&known);
	for (i = 0; i < ngroups && i < 20; i++)
		if (labels[i] != NULL && !unknown[i])
			appendStringInfo(&known, "%s%s", known.len ? ", " : "",
							 quote_literal_cstr(text_to_cstring(labels[i])));
	if (nfound > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %s names %d groups", role,
						quote_literal_cstr(want), nfound),
				 errdetail("Several groups have this label."),
				 errhint("Name the group by its key as a JSON array, e.g. '[\"Female\", \"White\"]'.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s %s is not in the summary", role, quote_literal_cstr(want)),
			 known.len ? errdetail("Known groups: %s.", known.data) :
			 errdetail("The summary has no known group."),
			 ndims > 1 ?
			 errhint("For several attributes, name the group by its group_name or by its key as a JSON array, e.g. '[\"Female\", \"White\"]'.") : 0));
	pg_unreachable();
}

static Datum
fpg_group_key_array(const FcHeader *h, uint32 i)
{
	const FcEntry *e = &fc_entries(h)[i];
	Datum		elems[FC_MAX_DIMS];
	bool		nulls[FC_MAX_DIMS];
	int			dims[1];
	int			lbs[1] = {1};
	int			d;

	for (d = 0; d < h->ndims; d++)
	{
		const char *p;
		uint32_t	len;

		fk_key_part(fc_key(h, i), e->k.key_len, d, &p, &len, &nulls[d]);
		elems[d] = nulls[d] ? (Datum) 0 :
			PointerGetDatum(cstring_to_text_with_len(p, (int) len));
	}
	dims[0] = h->ndims;
	return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs,
											  TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * fpg_view
 *		Gather labels, keys, cell values (weight sums for weighted summaries)
 *		and every rate for each group and for all rows together.
 */
void
fpg_view(const FcHeader *h, FcView *v)
{
	const FcEntry *e = fc_entries(h);
	const double *ws = fc_weights(h);
	double		all_n,
				all_pos;
	uint32		i;
	int			c;

	v->h = h;
	v->n = (int) h->ngroups;
	v->g = palloc0(sizeof(FcGroupView) * (h->ngroups + 1));
	memset(v->all_cells, 0, sizeof(v->all_cells));
	memset(v->all_counts, 0, sizeof(v->all_counts));
	for (i = 0; i < h->ngroups; i++)
	{
		FcGroupView *g = &v->g[i];

		g->label = fpg_group_label(h, i, &g->unknown);
		g->key = fpg_group_key_array(h, i);
		g->counts = e[i].n;
		for (c = 0; c < FC_NCELLS; c++)
		{
			g->cells[c] = ws ? ws[(size_t) i * FC_NCELLS + c] : (double) e[i].n[c];
			g->ncells[c] = (double) e[i].n[c];
			v->all_cells[c] += g->cells[c];
			v->all_counts[c] += e[i].n[c];
		}
	}
	all_n = fm_cells_total(v->all_cells);
	all_pos = fm_cells_predicted_true(v->all_cells);

	/*
	 * Each weight sum of a stored cell is finite (checked when it is built),
	 * but their total can overflow: refuse rather than give Infinity or NaN
	 * rates.  A finite total keeps every sum the metrics form finite (F1 is
	 * computed without doubling, fmetrics.c).
	 */
	if (!isfinite(all_n))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sum of weights out of range"),
				 errdetail("The weights of this summary add up to more than the largest double precision value (%g).",
						   DBL_MAX),
				 errhint("Scale the weights down, for example divide them by their mean.")));
	for (i = 0; i < h->ngroups; i++)
	{
		double		count_n = 0,
					count_pos = 0;

		fm_group_rates(v->g[i].cells, all_n, all_pos, &v->g[i].rates);
		/* count-based rates (denominators for intervals and tests) */
		for (c = 0; c < FC_NCELLS; c++)
			count_n += (double) v->all_counts[c];
		count_pos = (double) (v->all_counts[FC_TP] + v->all_counts[FC_FP] +
							  v->all_counts[FC_UP]);
		fm_group_rates(v->g[i].ncells, count_n, count_pos, &v->g[i].nrates);
	}
	fm_group_rates(v->all_cells, all_n, all_pos, &v->all_rates);
}

/*
 * fpg_find_reference
 *		Index of the reference group: the named one, or by default the
 *		largest known group (by weight for weighted summaries; the first in
 *		key order on ties).  Returns -1 when there is no known group.
 */
int
fpg_find_reference(const FcView *v, text *reference)
{
	int			i;
	int			best = -1;

	if (reference != NULL)
	{
		int			nd = v->h->ndims;
		FcPart	   *parts = palloc(sizeof(FcPart) * (Max(v->n, 1) * nd));
		text	  **labels = palloc(sizeof(text *) * Max(v->n, 1));
		bool	   *unknown = palloc(sizeof(bool) * Max(v->n, 1));

		for (i = 0; i < v->n; i++)
		{
			fpg_group_parts(v->h, (uint32) i, &parts[(size_t) i * nd]);
			labels[i] = v->g[i].label;
			unknown[i] = v->g[i].unknown;
		}
		return fpg_match_group(text_to_cstring(reference), nd, v->n, parts,
							  labels, unknown, "reference group");
	}
	for (i = 0; i < v->n; i++)
	{
		if (v->g[i].unknown)
			continue;
		if (best < 0 ||
			fm_cells_total(v->g[i].cells) > fm_cells_total(v->g[best].cells))
			best = i;
	}
	return best;
}

/*
 * materialised set-returning function set-up, portable to PostgreSQL 13+;
 * natts: the number of result columns the caller fills (0: the caller
 * adapts to the definition, e.g. one that differs between 0.2 and 0.3)
 */
Tuplestorestate *
fpg_srf_init(FunctionCallInfo fcinfo, TupleDesc *tupdesc, int natts)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext oldcxt;
	Tuplestorestate *ts;
	TupleDesc	td;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	if (natts > 0 && td->natts != natts)
		elog(ERROR, "unexpected number of result columns: %d, not %d",
			 td->natts, natts);
	oldcxt = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	*tupdesc = CreateTupleDescCopy(td);
	ts = tuplestore_begin_heap(rsinfo->allowedModes & SFRM_Materialize_Random,
							   false, work_mem);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = ts;
	rsinfo->setDesc = *tupdesc;
	MemoryContextSwitchTo(oldcxt);
	return ts;
}

#define SET_RATE(col, rates, m) \
	do { \
		if ((rates)->defined[m]) \
			values[col] = Float8GetDatum((rates)->value[m]); \
		else \
			nulls[col] = true; \
	} while (0)

#define GM_NCOLS 27

/* one row of fairness.group_metrics */
static void
fpg_group_metrics_row(Tuplestorestate *ts, TupleDesc td, const FcView *v,
					  const FcGroupView *g)
{
	Datum		values[GM_NCOLS];
	bool		nulls[GM_NCOLS];
	const int64 *n = g ? g->counts : v->all_counts;
	const double *cells = g ? g->cells : v->all_cells;
	const FmGroupRates *r = g ? &g->rates : &v->all_rates;
	int64		total = 0;
	int			c;

	memset(nulls, 0, sizeof(nulls));
	for (c = 0; c < FC_NCELLS; c++)
		total += n[c];
	if (g && g->label)
		values[0] = PointerGetDatum(g->label);
	else
		nulls[0] = true;
	if (g)
		values[1] = g->key;
	else
		nulls[1] = true;
	values[2] = BoolGetDatum(g == NULL);
	values[3] = Int64GetDatum(total);
	if (fc_is_weighted(v->h))
		values[4] = Float8GetDatum(fm_cells_total(cells));
	else
		nulls[4] = true;
	values[5] = Int64GetDatum(n[FC_TP]);
	values[6] = Int64GetDatum(n[FC_FP]);
	values[7] = Int64GetDatum(n[FC_TN]);
	values[8] = Int64GetDatum(n[FC_FN]);
	values[9] = Int64GetDatum(n[FC_UP] + n[FC_UN] + n[FC_UU]);
	values[10] = Int64GetDatum(n[FC_TU] + n[FC_FU] + n[FC_UU]);
	SET_RATE(11, r, FM_REPRESENTATION);
	SET_RATE(12, r, FM_SELECTION_RATE);
	SET_RATE(13, r, FM_BASE_RATE);
	SET_RATE(14, r, FM_TPR);
	SET_RATE(15, r, FM_FPR);
	SET_RATE(16, r, FM_TNR);
	SET_RATE(17, r, FM_FNR);
	SET_RATE(18, r, FM_PPV);
	SET_RATE(19, r, FM_NPV);
	SET_RATE(20, r, FM_FDR);
	SET_RATE(21, r, FM_FOR);
	SET_RATE(22, r, FM_ACCURACY);
	SET_RATE(23, r, FM_F1);
	SET_RATE(24, r, FM_POSITIVE_SHARE);
	/* predicted positives, and rows with both label and prediction */
	values[25] = Int64GetDatum(n[FC_TP] + n[FC_FP] + n[FC_UP]);
	values[26] = Int64GetDatum(n[FC_TP] + n[FC_FP] + n[FC_TN] + n[FC_FN]);
	tuplestore_putvalues(ts, td, values, nulls);
}

PG_FUNCTION_INFO_V1(confusion_group_metrics);

/*
 * confusion_group_metrics
 *		One row per group in key order, then the overall row.
 */
Datum
confusion_group_metrics(PG_FUNCTION_ARGS)
{
	FcHeader   *h = fpg_getarg(fcinfo, 0);
	TupleDesc	td;
	Tuplestorestate *ts = fpg_srf_init(fcinfo, &td, GM_NCOLS);
	FcView		v;
	int			i;

	fpg_view(h, &v);
	for (i = 0; i < v.n; i++)
		fpg_group_metrics_row(ts, td, &v, &v.g[i]);
	fpg_group_metrics_row(ts, td, &v, NULL);
	return (Datum) 0;
}

/* the metrics Aequitas computes disparities for, in its order */
static const FmMetric fpg_disparity_metrics[] = {
	FM_POSITIVE_SHARE, FM_SELECTION_RATE, FM_PPV, FM_FDR, FM_FOR, FM_FPR,
	FM_FNR, FM_TPR, FM_TNR, FM_NPV
};

/*
 * A row built with group_key as its second column, for a declaration that
 * has it (with_key, fairness 0.3) or not (0.1 and 0.2: the column is
 * removed), so that the library serves every installed version.
 */
static void
fpg_drop_key_column(int with_key, Datum *values, bool *nulls, int n)
{
	if (with_key)
		return;
	memmove(&values[1], &values[2], sizeof(Datum) * (n - 2));
	memmove(&nulls[1], &nulls[2], sizeof(bool) * (n - 2));
}

PG_FUNCTION_INFO_V1(confusion_disparities);

/*
 * confusion_disparities
 *		Aequitas-style disparities against a reference group, long format:
 *		ratio = value / reference value, difference = value - reference value.
 *		The unknown group gets its values but no comparison.
 */
FC_NULL_SUMMARY_FUNCTION(confusion_disparities)
{
	FcHeader   *h = fpg_getarg(fcinfo, 0);
	text	   *reference = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	TupleDesc	td;
	Tuplestorestate *ts = fpg_srf_init(fcinfo, &td, 0);
	FcView		v;
	int			ref;
	int			i;
	size_t		m;
	/* 0.3 added group_key as the second column; 0.1/0.2 declarations lack it */
	int			with_key = td->natts >= 9;

	fpg_view(h, &v);
	ref = fpg_find_reference(&v, reference);
	if (ref < 0)
		return (Datum) 0;
	for (i = 0; i < v.n; i++)
	{
		const FcGroupView *g = &v.g[i];
		const FcGroupView *rg = &v.g[ref];

		for (m = 0; m < lengthof(fpg_disparity_metrics); m++)
		{
			FmMetric	mk = fpg_disparity_metrics[m];
			Datum		values[9];
			bool		nulls[9];

			memset(nulls, 0, sizeof(nulls));
			if (g->label)
				values[0] = PointerGetDatum(g->label);
			else
				nulls[0] = true;
			values[1] = g->key;
			values[2] = CStringGetTextDatum(fm_metric_names[mk]);
			SET_RATE(3, &g->rates, mk);
			values[4] = PointerGetDatum(rg->label);
			SET_RATE(5, &rg->rates, mk);
			nulls[6] = nulls[7] = true;
			if (!g->unknown && g->rates.defined[mk] && rg->rates.defined[mk])
			{
				if (rg->rates.value[mk] != 0.0)
				{
					values[6] = Float8GetDatum(g->rates.value[mk] / rg->rates.value[mk]);
					nulls[6] = false;
				}
				values[7] = Float8GetDatum(g->rates.value[mk] - rg->rates.value[mk]);
				nulls[7] = false;
			}
			values[8] = BoolGetDatum(i == ref);
			fpg_drop_key_column(with_key, values, nulls, 9);
			tuplestore_putvalues(ts, td, values, nulls);
		}
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(confusion_pretraining_bias);

/*
 * confusion_pretraining_bias
 *		SageMaker Clarify's pre-training measures with each group as facet d
 *		and, as facet a, the reference group or (by default) all other known
 *		groups:
 *		  class imbalance CI = (n_a - n_d) / (n_a + n_d)
 *		  difference in proportions of labels DPL = q_a - q_d,
 *		  q = rows labelled true / rows with a label.
 */
FC_NULL_SUMMARY_FUNCTION(confusion_pretraining_bias)
{
	FcHeader   *h = fpg_getarg(fcinfo, 0);
	text	   *reference = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	TupleDesc	td;
	Tuplestorestate *ts = fpg_srf_init(fcinfo, &td, 0);
	FcView		v;
	int			ref = -1;
	int			i;
	int			with_key = td->natts >= 8;	/* group_key: 0.3 */
	double		known_n = 0.0,
				known_lab = 0.0,
				known_pos = 0.0;

	fpg_view(h, &v);
	if (reference != NULL)
		ref = fpg_find_reference(&v, reference);
	for (i = 0; i < v.n; i++)
		if (!v.g[i].unknown)
		{
			known_n += fm_cells_total(v.g[i].cells);
			known_lab += fm_cells_labeled(v.g[i].cells);
			known_pos += fm_cells_label_true(v.g[i].cells);
		}
	for (i = 0; i < v.n; i++)
	{
		const FcGroupView *g = &v.g[i];
		Datum		values[8];
		bool		nulls[8];
		double		nd = fm_cells_total(g->cells);
		double		ld = fm_cells_labeled(g->cells);
		double		pd = fm_cells_label_true(g->cells);
		double		na,
					la,
					pa;

		memset(nulls, 0, sizeof(nulls));
		if (g->label)
			values[0] = PointerGetDatum(g->label);
		else
			nulls[0] = true;
		values[1] = g->key;
		if (ref >= 0)
		{
			na = fm_cells_total(v.g[ref].cells);
			la = fm_cells_labeled(v.g[ref].cells);
			pa = fm_cells_label_true(v.g[ref].cells);
			values[2] = PointerGetDatum(v.g[ref].label);
		}
		else
		{
			na = known_n - nd;
			la = known_lab - ld;
			pa = known_pos - pd;
			values[2] = CStringGetTextDatum("(rest)");
		}
		values[3] = Float8GetDatum(nd);
		values[4] = Float8GetDatum(na);
		nulls[5] = nulls[6] = true;
		if (g->unknown || i == ref)
			nulls[2] = nulls[4] = true;
		else
		{
			if (na + nd > 0.0)
			{
				values[5] = Float8GetDatum((na - nd) / (na + nd));
				nulls[5] = false;
			}
			if (la > 0.0 && ld > 0.0)
			{
				values[6] = Float8GetDatum(pa / la - pd / ld);
				nulls[6] = false;
			}
		}
		if (ld > 0.0)
			values[7] = Float8GetDatum(pd / ld);
		else
			nulls[7] = true;
		fpg_drop_key_column(with_key, values, nulls, 8);
		tuplestore_putvalues(ts, td, values, nulls);
	}
	return (Datum) 0;
}

/*
 * Parity functions (Fairlearn): demographic parity uses the selection rate,
 * equal opportunity the true positive rate, equalized odds the worse of the
 * true and false positive rates.
 */
typedef enum FcParityKind
{
	FCP_DEMOGRAPHIC, FCP_OPPORTUNITY, FCP_ODDS
} FcParityKind;

static FmParityMethod
fpg_parity_method(FunctionCallInfo fcinfo, int argno)
{
	char	   *m;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return FM_BETWEEN_GROUPS;
	m = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	if (strcmp(m, "between_groups") == 0)
		return FM_BETWEEN_GROUPS;
	if (strcmp(m, "to_overall") == 0)
		return FM_TO_OVERALL;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown method \"%s\"", m),
			 errhint("Use 'between_groups' or 'to_overall', as in Fairlearn.")));
	pg_unreachable();
}

/* one metric's parity over the known groups */
static bool
fpg_parity_one(const FcView *v, FmMetric m, FmParityMethod method, bool ratio,
			   double *out)
{
	double	   *vals = palloc(sizeof(double) * (v->n + 1));
	bool	   *def = palloc(sizeof(bool) * (v->n + 1));
	int			i;

	for (i = 0; i < v->n; i++)
	{
		vals[i] = v->g[i].rates.value[m];
		def[i] = v->g[i].rates.defined[m] && !v->g[i].unknown;
	}
	return ratio ?
		fm_parity_ratio(vals, def, v->n, v->all_rates.value[m],
						v->all_rates.defined[m], method, out) :
		fm_parity_difference(vals, def, v->n, v->all_rates.value[m],
							 v->all_rates.defined[m], method, out);
}

static Datum
fpg_parity(FunctionCallInfo fcinfo, FcParityKind kind, bool ratio)
{
	FcHeader   *h;
	FmParityMethod method;
	FcView		v;
	double		a,
				b;
	bool		ok;

	/* the six parity functions: a NULL summary gives NULL */
	FC_RETURN_IF_NULL_SUMMARY(0);
	h = fpg_getarg(fcinfo, 0);
	method = fpg_parity_method(fcinfo, 1);
	fpg_view(h, &v);
	switch (kind)
	{
		case FCP_DEMOGRAPHIC:
			ok = fpg_parity_one(&v, FM_SELECTION_RATE, method, ratio, &a);
			break;
		case FCP_OPPORTUNITY:
			ok = fpg_parity_one(&v, FM_TPR, method, ratio, &a);
			break;
		case FCP_ODDS:
		default:
			/* worst case of TPR and FPR: max of differences, min of ratios */
			ok = fpg_parity_one(&v, FM_TPR, method, ratio, &a) &&
				fpg_parity_one(&v, FM_FPR, method, ratio, &b);
			if (ok)
				a = ratio ? Min(a, b) : Max(a, b);
			break;
	}
	if (!ok)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(a);
}

PG_FUNCTION_INFO_V1(confusion_dp_difference);
PG_FUNCTION_INFO_V1(confusion_dp_ratio);
PG_FUNCTION_INFO_V1(confusion_eop_difference);
PG_FUNCTION_INFO_V1(confusion_eop_ratio);
PG_FUNCTION_INFO_V1(confusion_eod_difference);
PG_FUNCTION_INFO_V1(confusion_eod_ratio);

Datum
confusion_dp_difference(PG_FUNCTION_ARGS)
{
	return fpg_parity(fcinfo, FCP_DEMOGRAPHIC, false);
}

Datum
confusion_dp_ratio(PG_FUNCTION_ARGS)
{
	return fpg_parity(fcinfo, FCP_DEMOGRAPHIC, true);
}

Datum
confusion_eop_difference(PG_FUNCTION_ARGS)
{
	return fpg_parity(fcinfo, FCP_OPPORTUNITY, false);
}

Datum
confusion_eop_ratio(PG_FUNCTION_ARGS)
{
	return fpg_parity(fcinfo, FCP_OPPORTUNITY, true);
}

Datum
confusion_eod_difference(PG_FUNCTION_ARGS)
{
	return fpg_parity(fcinfo, FCP_ODDS, false);
}

Datum
confusion_eod_ratio(PG_FUNCTION_ARGS)
{
	return fpg_parity(fcinfo, FCP_ODDS, true);
}
