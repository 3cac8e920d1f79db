/*-------------------------------------------------------------------------
 *
 * fairness_pg.h
 *	  Declarations shared by the SQL-callable glue files (fairness.c,
 *	  report_sql.c, ...).  Includes PostgreSQL headers: not for pure code.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_PG_H
#define FAIRNESS_PG_H

#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/tuplestore.h"

#include "fcore.h"
#include "fmetrics.h"

/* settings (defined in fairness.c, _PG_init) */
extern int	fairness_max_groups;
extern int	fairness_min_group_size;
extern double fairness_impact_ratio_threshold;
extern int	fairness_max_slices;

/* audit_exec.c: settings of the audits, called from _PG_init */
extern void fairness_audit_init(void);

/*
 * fairness.max_groups for a combined or merged summary: the combine
 * functions take partial states that were built elsewhere (parallel
 * workers, Citus workers with their own settings, text): their result is
 * checked like any summary being built.  type: "fairness.confusion" ...
 */
extern void fpg_check_max_groups(const char *type, int64 ngroups);

/*
 * Functions that do not return: PostgreSQL 18 replaced the attribute
 * pg_attribute_noreturn(), written after the declarator, by the specifier
 * pg_noreturn, written before it.
 */
#ifdef pg_noreturn
#define FC_NORETURN pg_noreturn
#define FC_NORETURN_ATTR
#else
#define FC_NORETURN
#define FC_NORETURN_ATTR pg_attribute_noreturn()
#endif

/* allocation through palloc for the pure code */
extern const FcAlloc fpg_alloc;

/* raise the error described by err, with the SQLSTATE of its class */
FC_NORETURN extern void fpg_report(const FcError *err) FC_NORETURN_ATTR;

/* detoasted fairness.confusion argument n, header checked */
extern FcHeader *fpg_getarg(FunctionCallInfo fcinfo, int n);

/*
 * NULL summaries.  A NULL summary is what every aggregate returns over zero
 * rows, so every function taking one must accept it.  Functions whose
 * arguments are all required are STRICT in the catalog and never see it.
 * The others (optional arguments whose NULL means "default") begin with
 * FC_RETURN_IF_NULL_SUMMARY(n), or are defined with
 * FC_NULL_SUMMARY_FUNCTION(name) instead of `Datum name(PG_FUNCTION_ARGS)`
 * (argument 0 is the summary): NULL for a scalar function, no rows for a
 * set-returning one, like a STRICT function.  Last line of defence: the
 * argument getters (fpg_getarg, ss_getarg, os_getarg) never dereference a
 * NULL argument; they raise 22004 (null_value_not_allowed) instead, so a
 * function that forgot both fails cleanly instead of crashing the server.
 * test/null_safety.sql checks every function of the catalog.
 */
extern Datum fpg_null_result(FunctionCallInfo fcinfo);
FC_NORETURN extern void fpg_null_argument(FunctionCallInfo fcinfo, int n) FC_NORETURN_ATTR;

#define FC_RETURN_IF_NULL_SUMMARY(n) \
	do { \
		if (PG_ARGISNULL(n)) \
			return fpg_null_result(fcinfo); \
	} while (0)

#define FC_NULL_SUMMARY_FUNCTION(name) \
	static Datum name##_summary(FunctionCallInfo fcinfo); \
	Datum \
	name(PG_FUNCTION_ARGS) \
	{ \
		FC_RETURN_IF_NULL_SUMMARY(0); \
		return name##_summary(fcinfo); \
	} \
	static Datum \
	name##_summary(FunctionCallInfo fcinfo)

/* Per-group data gathered once for the metric functions. */
typedef struct FcGroupView
{
	text	   *label;			/* display label, NULL for the unknown group */
	Datum		key;			/* text[] */
	bool		unknown;		/* every attribute NULL */
	double		cells[FC_NCELLS];	/* weight sums if weighted, else counts */
	double		ncells[FC_NCELLS];	/* counts, always */
	const int64_t *counts;
	FmGroupRates rates;			/* from cells */
	FmGroupRates nrates;		/* from counts */
} FcGroupView;

typedef struct FcView
{
	const FcHeader *h;
	int			n;
	FcGroupView *g;
	double		all_cells[FC_NCELLS];
	FmGroupRates all_rates;
	int64		all_counts[FC_NCELLS];
} FcView;

extern void fpg_view(const FcHeader *h, FcView *v);
extern int	fpg_find_reference(const FcView *v, text *reference);

/* readable label of a key: "Female × White" (one attribute: its value) */
extern text *fpg_label_from_parts(const FcPart *parts, int ndims, bool *unknown);
/* s as a JSON array of ndims values ('["Female", "White"]'), or false */
extern bool fpg_parse_key_json(const char *s, int ndims, FcPart *parts);
/* index of the known group named want (label or JSON key), else an error */
extern int	fpg_match_group(const char *want, int ndims, int ngroups,
						   const FcPart *parts, text *const *labels,
						   const bool *unknown, const char *role);
extern Tuplestorestate *fpg_srf_init(FunctionCallInfo fcinfo, TupleDesc *tupdesc,
									 int natts);

#endif							/* FAIRNESS_PG_H */
