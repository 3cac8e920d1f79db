/*-------------------------------------------------------------------------
 *
 * foutcomes.h
 *	  The fairness.outcomes summary: per group, the moments of a continuous
 *	  outcome (pay, amounts): rows, weight sums, sum, sum of squared
 *	  deviations from the mean, minimum and maximum; and the comparisons
 *	  derived from it (mean gaps and ratios, Welch's t-test, confidence
 *	  interval of the difference, Cohen's d).  No PostgreSQL header: see
 *	  fkeyed.h.
 *
 * Moments.  Per group the summary keeps n (rows), W = sum of weights (n
 * when unweighted), W2 = sum of squared weights (weighted only), S = sum of
 * w x, M2 = sum of w (x - mean)^2 with mean = S / W, min and max of x (over
 * every row counted, whatever its weight).  Rows are added with Welford's
 * update and summaries merged with Chan, Golub & LeVeque's formula,
 *		M2 = M2_a + M2_b + (mean_b - mean_a)^2 W_a W_b / W,
 * which stay accurate where the textbook sum of squares cancels; sums use
 * Neumaier compensation.  Merging in a different order can change the last
 * bits of M2 (not of n, W, S, min, max).
 *
 * Weights are frequency weights, as in statsmodels' DescrStatsW: the
 * variance is M2 / (W - 1), and tests use W as the number of observations.
 * Kish's effective sample size W^2 / W2 is reported beside them.
 *
 * Layout (fkeyed.h): type header FoHeader (just FkHeader), entries FoEntry;
 * no dense slots, no blob.  Scratch and canonical forms differ only in
 * order, slack, the hash index and the compensation terms (zero when
 * canonical).
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_FOUTCOMES_H
#define FAIRNESS_FOUTCOMES_H

#include "fkeyed.h"

#define FO_TYPE_NAME		"fairness.outcomes"
#define FO_FORMAT_VERSION	1

typedef struct FoHeader
{
	FkHeader	k;
} FoHeader;

typedef struct FoEntry
{
	FkEntry		k;
	int64_t		n;				/* rows */
	double		w;				/* sum of weights (weighted only) */
	double		wc;
	double		w2;				/* sum of squared weights (weighted only) */
	double		w2c;
	double		sum;			/* sum of (w) x */
	double		sumc;
	double		m2;				/* sum of (w) (x - mean)^2 */
	double		m2c;
	double		min;
	double		max;
} FoEntry;

/* ---- layout ---- */
extern bool fo_is_weighted(const FoHeader *h);
extern FoEntry *fo_entry(const FoHeader *h, uint32_t g);
extern bool fo_check_header(const FoHeader *h, size_t size, FcError *err);

/* ---- building ---- */
extern FoHeader *fo_new_scratch(const FcAlloc *a, int ndims, bool weighted,
								FcError *err);
extern FoHeader *fo_to_scratch(const FcAlloc *a, const FoHeader *src,
							   FcError *err);
extern int64_t fo_lookup_insert(FoHeader **ph, const FcAlloc *a,
								const FcPart *parts, int nparts,
								int64_t max_groups, FcError *err);
/* x must be finite (checked by fo_check_value) */
extern bool fo_check_value(double x, FcError *err);
extern bool fo_add_row(FoHeader *h, uint32_t g, double x, double w,
					   FcError *err);

/*
 * Remove a row (moving windows): 1 done, 0 error (err filled), -1 not
 * invertible (the row is the group's minimum or maximum, which the summary
 * cannot recompute): the caller must recompute from the rows.
 */
extern int	fo_remove_row(FoHeader *h, uint32_t g, double x, double w,
						  FcError *err);

/* *ph += sign * src; for sign -1 the same tri-state result as above */
extern int	fo_merge(FoHeader **ph, const FcAlloc *a, const FoHeader *src,
					 int sign, int64_t max_groups, FcError *err);
extern FoHeader *fo_canonical(const FcAlloc *a, const FoHeader *h,
							  FcError *err);
extern bool fo_check_canonical(const FoHeader *h, size_t size, FcError *err);

/* ---- text and binary forms ---- */
extern FoHeader *fo_parse_text(const FcAlloc *a, const char *s, size_t len,
							   bool ascii_escapes_only, FcError *err);
extern char *fo_format_text(const FcAlloc *a, const FoHeader *h, size_t *len,
							FcError *err);
extern uint8_t *fo_encode_binary(const FcAlloc *a, const FoHeader *h,
								 size_t *len, FcError *err);
extern FoHeader *fo_decode_binary(const FcAlloc *a, const uint8_t *buf,
								  size_t len, FcError *err);

/* ---- statistics ---- */
typedef struct FoStats
{
	int64_t		n;
	double		w;				/* W (n when unweighted) */
	double		w2;				/* W2 (n when unweighted) */
	double		sum;
	double		m2;
	double		min;
	double		max;
	bool		has_mean;		/* W > 0 */
	double		mean;
	bool		has_var;		/* W > 1 */
	double		var;			/* M2 / (W - 1) */
} FoStats;

/* stats of group g, or of every row when g < 0 (Chan merge of the groups) */
extern void fo_stats(const FoHeader *h, int64_t g, FoStats *out);
/* Chan merge of two groups' moments */
extern void fo_stats_merge(FoStats *a, const FoStats *b);

typedef struct FoCompare
{
	bool		has_diff;
	double		diff;			/* mean_g - mean_ref */
	bool		has_ratio;
	double		ratio;			/* mean_g / mean_ref */
	double		pay_gap;		/* (mean_ref - mean_g) / mean_ref */
	bool		has_test;		/* Welch: both W > 1, se > 0 */
	double		se;
	double		t;
	double		df;
	double		p;				/* two-sided */
	double		ci_low;
	double		ci_high;
	bool		has_d;
	double		cohens_d;		/* diff / pooled sd */
} FoCompare;

extern void fo_compare(const FoStats *g, const FoStats *ref, double level,
					   FoCompare *out);

#endif							/* FAIRNESS_FOUTCOMES_H */
