/*-------------------------------------------------------------------------
 *
 * fsql.h
 *	  SQL glue shared by the keyed summary types (fairness.c,
 *	  scores_sql.c, outcomes_sql.c): allocation through palloc, FcError to
 *	  ereport, group arguments, group labels and keys, the encoding check of
 *	  group names, the steps of type I/O, the aggregate call-context check.
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
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/jsonb.h"
#include "utils/tuplestore.h"

#include "fairness_pg.h"
#include "fkeyed.h"

/* allocation and errors are fairness.c's (fairness_pg.h) */
#define fsql_alloc fpg_alloc

/* raise the error described by err, with the SQLSTATE of its class */
#define fsql_report	fpg_report

/*
 * Type I/O: the steps that the input, output, receive, send and jsonb cast
 * functions of the three summary types share.  A type's function calls its
 * core parser or writer between them, e.g. for fairness.outcomes
 *
 *	 h = fo_parse_text(&fsql_alloc, s, strlen(s), fsql_ascii_escapes_only(), &err);
 *	 PG_RETURN_CSTRING(fsql_text_out(fo_format_text(&fsql_alloc, h, &len, &err), &err));
 */
/* \u escapes above U+007F are refused (the database encoding is not UTF8) */
extern bool fsql_ascii_escapes_only(void);
/* the receive function's value: all that is left of the message */
extern const uint8_t *fsql_recv_bytes(StringInfo buf, size_t *len);
/* a jsonb document as the text that the input function reads */
extern char *fsql_jsonb_text(Jsonb *j);
/* the output, send and to-jsonb results; NULL: the core's error is raised */
extern char *fsql_text_out(char *s, const FcError *err);
extern bytea *fsql_bytea_out(uint8_t *b, size_t len, const FcError *err);
extern Datum fsql_jsonb_out(char *s, const FcError *err);

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
