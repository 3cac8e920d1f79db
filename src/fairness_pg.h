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

/* allocation through palloc for the pure code */
extern const FcAlloc fc_pg_alloc;

/* raise the error described by err, with the SQLSTATE of its class */
extern void fc_report(const FcError *err) pg_attribute_noreturn();

/* detoasted fairness.confusion argument n, header checked */
extern FcHeader *fc_getarg(FunctionCallInfo fcinfo, int n);

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

extern void fc_view(const FcHeader *h, FcView *v);
extern int	fc_find_reference(const FcView *v, text *reference);
extern Tuplestorestate *fc_srf_init(FunctionCallInfo fcinfo, TupleDesc *tupdesc);

#endif							/* FAIRNESS_PG_H */
