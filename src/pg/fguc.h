/*-------------------------------------------------------------------------
 *
 * fguc.h
 *	  Settings of the fairness extension shared between its C files.
 *
 * The variables are defined (and registered with DefineCustom*Variable) in
 * fairness.c's _PG_init; the summary types of scores_sql.c and
 * outcomes_sql.c read them.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_FGUC_H
#define FAIRNESS_FGUC_H

/* fairness.max_groups: most groups one summary may hold */
extern int	fairness_max_groups;

#endif							/* FAIRNESS_FGUC_H */
