/*-------------------------------------------------------------------------
 *
 * fsql.h
 *	  SQL glue shared by the keyed summary types (fairness.c,
 *	  scores_sql.c, outcomes_sql.c): allocation through palloc, FcError to
 *	  ereport, group arguments, group labels and keys, the encoding check of
 *	  group names, set-returning function set-up, the aggregate
 *	  call-context check.
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
#include "utils/array.h"
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
 * unknown group), "Female × White" for several (fpg_label_from_parts);
 * *unknown is set when every attribute is NULL.
 */
extern text *fsql_group_label(const FkHeader *h, uint32 i, bool *unknown);
/* the exact key as text[] */
extern Datum fsql_group_key(const FkHeader *h, uint32 i);

/*
 * Index of the known group named `name` (its label as above, or its key as
 * a JSON array, see fpg_match_group); an error that lists the known groups
 * if there is none.  role names the argument in the
 * message ("reference group").
 */
extern uint32 fsql_find_group(const FkHeader *h, text *name,
							  const char *role);

/* the elements of a one-dimensional text[] as key parts, without copying */
extern int	fsql_array_parts(ArrayType *arr, FcPart *parts);

/*
 * Check the encoding of every group name of a value from recv or text
 * input; a malformed key raises data_corrupted (XX001).
 */
extern void fsql_check_key_encoding(const char *key, uint32 key_len,
									int ndims);
extern void fsql_check_encoding(const FkHeader *h);

#endif							/* FAIRNESS_FSQL_H */
