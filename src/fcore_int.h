/*-------------------------------------------------------------------------
 *
 * fcore_int.h
 *	  Declarations shared by the two files that implement the
 *	  fairness.confusion summary, fcore.c and fcore_io.c; not part of its
 *	  interface (fcore.h).  No PostgreSQL header.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_FCORE_INT_H
#define FAIRNESS_FCORE_INT_H

#include "fcore.h"

#if defined(__GNUC__) || defined(__clang__)
#define FC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FC_PRINTF(f, a)
#endif

/*
 * Fill *err (if not NULL) with a code and a printf-style primary message;
 * always false, so that callers can write "return fc_error(...)".
 */
extern bool fc_error(FcError *err, FcErrCode code, const char *fmt,...) FC_PRINTF(3, 4);
/* add an errdetail-like, an errhint-like sentence to the last error */
extern void fc_detail(FcError *err, const char *fmt,...) FC_PRINTF(2, 3);
extern void fc_hint(FcError *err, const char *fmt,...) FC_PRINTF(2, 3);

#endif							/* FAIRNESS_FCORE_INT_H */
