/*-------------------------------------------------------------------------
 *
 * fsql.h
 *	  SQL glue shared by the fairness.scores and fairness.outcomes types
 *	  (scores_sql.c, outcomes_sql.c): allocation through palloc, FcError to
 *	  ereport, group arguments, group labels and keys, set-returning
 *	  function set-up, the aggregate call-context check.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_FSQL_H
#define FAIRNESS_FSQL_H

#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/tuplestore.h"

#include "fairness_pg.h"
#include "fkeyed.h"

/* allocation and errors are fairness.c's (fairness_pg.h) */
#define fsql_alloc fpg_alloc

/* raise the error described by err, with the SQLSTATE of its class */
#define fsql_report	fpg_report

/* error unless called as an aggregate support function */
extern void fsql_require_agg(FunctionCallInfo fcinfo, const char *fname,
							 const char *hint);

/*
 * The group argument(s) from argno (nattr text arguments, or nattr = 0, one
 * text[]) as key parts, pointing into the arguments.  Returns the number
 * of parts.
 */
extern int	fsql_group_parts(FunctionCallInfo fcinfo, int argno, int nattr,
							 FcPart *parts);

/* weight argument: not NULL, finite, >= 0 */
extern double fsql_weight_arg(FunctionCallInfo fcinfo, int argno);

/* materialised set-returning function */
extern Tuplestorestate *fsql_srf_init(FunctionCallInfo fcinfo,
									  TupleDesc *tupdesc, int natts);

/*
 * Group i's display label: its value for one attribute (NULL for the
 * unknown group), a JSON array such as ["Female","White"] for several;
 * *unknown is set when every attribute is NULL.
 */
extern text *fsql_group_label(const FkHeader *h, uint32 i, bool *unknown);
/* the exact key as text[] */
extern Datum fsql_group_key(const FkHeader *h, uint32 i);

/*
 * Index of the known group named `name` (label as above); an error that
 * lists the known groups if there is none.  role names the argument in the
 * message ("reference group").
 */
extern uint32 fsql_find_group(const FkHeader *h, text *name,
							  const char *role);

/* check the encoding of every group name (values from recv) */
extern void fsql_check_encoding(const FkHeader *h);

#endif							/* FAIRNESS_FSQL_H */
