/*-------------------------------------------------------------------------
 *
 * fscores.h
 *	  The fairness.scores summary: per group, a fixed histogram of scores
 *	  split by label, plus exact sums for the mean score and Brier score;
 *	  and the statistics derived from it (AUC with DeLong's standard error,
 *	  ROC, threshold sweeps, calibration, Kolmogorov-Smirnov distance,
 *	  scoring rates).  No PostgreSQL header: see fkeyed.h.
 *
 * Bins.  A summary has `nbins` bins over [lower, upper].  Edge j is
 *		edge(0) = lower, edge(nbins) = upper,
 *		edge(j) = lower + ((upper - lower) * j) / nbins   otherwise,
 * evaluated in double precision exactly as written (so edge(300) of 1000
 * bins on [0, 1] is the double 0.3).  Bin j holds the scores s with
 * edge(j) <= s < edge(j + 1); the last bin also holds s = upper.  The
 * parameters are refused unless every edge is strictly above the previous.
 *
 * Labels: true (0), false (1), and unlabeled (2, a NULL label: scored
 * rows whose outcome is not known yet, which still count in selection and
 * scoring rates and score distributions).
 *
 * Per group the summary keeps, for every bin, the row count per label
 * (and the weight sum per label when weighted) and the sum of the scores
 * of its labelled rows (weighted: of weight x score); and for the group,
 * the sum of squared errors per label, sum (1 - s)^2 over label true and
 * sum s^2 over label false (weighted: times the weight), and the sum of
 * the scores of unlabelled rows.  All sums use Neumaier compensation.
 *
 * Layout (fkeyed.h): type header FsHeader, entries FsEntry.
 *	scratch:	a dense slot per group:
 *					int64	n[3][nbins]		counts per label
 *					double	ssum[nbins], ssum_c[nbins]
 *					double	w[3][nbins], wc[3][nbins]	(weighted only)
 *	canonical:	no dense slots; each group's non-empty bins packed in the
 *				blob, in bin order, one record per bin:
 *					varint	bin - previous bin - 1 (previous = -1 at first)
 *					varint	count true, count false, count unlabeled
 *					double	score sum		if count true + false > 0
 *					double	weight sum		per label with a count (weighted)
 *				(varint: unsigned LEB128; doubles in native byte order, as
 *				stored values are read on the machine that wrote them).
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_FSCORES_H
#define FAIRNESS_FSCORES_H

#include "fkeyed.h"

#define FS_TYPE_NAME		"fairness.scores"
#define FS_FORMAT_VERSION	1
#define FS_DEFAULT_BINS		1000
#define FS_DEFAULT_LOWER	0.0
#define FS_DEFAULT_UPPER	1.0
#define FS_MAX_BINS			100000

#define FS_TRUE			0
#define FS_FALSE		1
#define FS_UNLABELED	2
#define FS_NLABELS		3

typedef struct FsHeader
{
	FkHeader	k;
	uint32_t	nbins;
	uint32_t	pad;			/* always 0 */
	double		lower;
	double		upper;
} FsHeader;

typedef struct FsEntry
{
	FkEntry		k;
	int64_t		n[FS_NLABELS];	/* rows per label */
	double		w[FS_NLABELS];	/* weight sums per label (weighted only) */
	double		wc[FS_NLABELS]; /* compensation (scratch only) */
	double		unl_sum;		/* sum of (weight x) score, unlabelled rows */
	double		unl_sum_c;
	double		sqerr[2];		/* sum (w) (1-s)^2 label true, (w) s^2 false */
	double		sqerr_c[2];
	uint32_t	blob_off;		/* canonical: packed bins of this group */
	uint32_t	blob_len;
	uint32_t	nnz;			/* canonical: number of packed bins */
	uint32_t	pad;
} FsEntry;

/* One non-empty bin of a group, as iterated. */
typedef struct FsBin
{
	uint32_t	j;
	int64_t		n[FS_NLABELS];
	double		w[FS_NLABELS];	/* weight sums; counts if unweighted */
	double		ssum;			/* score sum of the labelled rows */
} FsBin;

typedef struct FsBinIter
{
	const FsHeader *h;
	uint32_t	g;
	uint32_t	j;				/* scratch: next bin to look at */
	uint32_t	left;			/* canonical: records left */
	int64_t		prev;
	const unsigned char *p;
	const unsigned char *end;
} FsBinIter;

/* ---- parameters and bins ---- */
extern bool fs_check_params(int64_t nbins, double lower, double upper,
							FcError *err);
extern double fs_edge(const FsHeader *h, uint32_t j);
/* edge j of nbins equal bins over [lower, upper] (fs_edge of a summary's
 * own bins; calibration bins coarser than the summary's) */
extern double fs_edge_p(uint32_t nbins, double lower, double upper,
						uint32_t j);
/* bin of a score known to lie in [lower, upper] */
extern uint32_t fs_bin(const FsHeader *h, double s);
/* error (with the hint about the range overload) unless s is in range */
extern bool fs_check_score(const FsHeader *h, double s, FcError *err);
/* smallest j in [0, nbins] with edge(j) >= t (the threshold rule) */
extern uint32_t fs_threshold_bin(const FsHeader *h, double t);

/* ---- layout ---- */
extern bool fs_is_weighted(const FsHeader *h);
extern FsEntry *fs_entry(const FsHeader *h, uint32_t g);
extern uint32_t fs_dense_size(uint32_t nbins, bool weighted);
extern bool fs_check_header(const FsHeader *h, size_t size, FcError *err);
extern int64_t fs_group_rows(const FsHeader *h, uint32_t g);

/* ---- building ---- */
extern FsHeader *fs_new_scratch(const FcAlloc *a, int ndims, bool weighted,
								uint32_t nbins, double lower, double upper,
								FcError *err);
extern FsHeader *fs_to_scratch(const FcAlloc *a, const FsHeader *src,
							   FcError *err);
extern int64_t fs_lookup_insert(FsHeader **ph, const FcAlloc *a,
								const FcPart *parts, int nparts,
								int64_t max_groups, FcError *err);
/* add / remove one row (score already checked with fs_check_score) */
extern bool fs_add_row(FsHeader *h, uint32_t g, int label, double s,
					   double w, FcError *err);
extern bool fs_remove_row(FsHeader *h, uint32_t g, int label, double s,
						  double w, FcError *err);
/* *ph += sign * src (scratch *ph; may move: the original buffer is then
 * left to the caller, any intermediate copy is released) */
extern bool fs_merge(FsHeader **ph, const FcAlloc *a, const FsHeader *src,
					 int sign, int64_t max_groups, FcError *err);
extern FsHeader *fs_canonical(const FcAlloc *a, const FsHeader *h,
							  FcError *err);
/* full O(size) check of a canonical value (tests and fuzzers) */
extern bool fs_check_canonical(const FsHeader *h, size_t size, FcError *err);

/* ---- iteration over the non-empty bins of a group ---- */
extern void fs_iter_init(FsBinIter *it, const FsHeader *h, uint32_t g);
/* 1: a bin in *b; 0: done; -1: corrupted value (err filled) */
extern int	fs_iter_next(FsBinIter *it, FsBin *b, FcError *err);

/* ---- text and binary forms ---- */
extern FsHeader *fs_parse_text(const FcAlloc *a, const char *s, size_t len,
							   bool ascii_escapes_only, FcError *err);
extern char *fs_format_text(const FcAlloc *a, const FsHeader *h, size_t *len,
							FcError *err);
extern uint8_t *fs_encode_binary(const FcAlloc *a, const FsHeader *h,
								 size_t *len, FcError *err);
extern FsHeader *fs_decode_binary(const FcAlloc *a, const uint8_t *buf,
								  size_t len, FcError *err);

/* ---- analysis: a group's (or several groups') histogram, dense ---- */
typedef struct FsHist
{
	uint32_t	nbins;
	double		lower;
	double		upper;
	double	   *m[FS_NLABELS];	/* mass per bin: weight sums, else counts */
	int64_t    *n[FS_NLABELS];	/* counts per bin */
	double	   *ssum;			/* labelled score sum per bin */
	double		mass[FS_NLABELS];
	int64_t		count[FS_NLABELS];
	double		unl_sum;
	double		sqerr[2];
} FsHist;

extern bool fs_hist_init(FsHist *hist, const FcAlloc *a, const FsHeader *h,
						 FcError *err);
extern void fs_hist_free(FsHist *hist, const FcAlloc *a);
/* add group g (or every group when g < 0) of h */
extern bool fs_hist_add(FsHist *hist, const FsHeader *h, int64_t g,
						FcError *err);

typedef struct FsAuc
{
	bool		defined;		/* positives and negatives present */
	double		auc;			/* ties within a bin counted as 1/2 */
	double		bound;			/* |auc - exact AUC| <= bound */
	bool		se_defined;		/* positive mass > 1 and negative mass > 1 */
	double		se;				/* DeLong on the binned scores */
	double		positives;
	double		negatives;
} FsAuc;

extern void fs_auc(const FsHist *hist, FsAuc *out);

/* masses at or above bin J (predicted positive at threshold bin J) */
typedef struct FsAt
{
	double		tp,
				fn,
				fp,
				tn,
				up,
				un;				/* unlabelled, predicted positive/negative */
	int64_t		ntp,
				nfn,
				nfp,
				ntn,
				nup,
				nun;
} FsAt;

extern void fs_at(const FsHist *hist, uint32_t J, FsAt *out);

typedef struct FsCalBin
{
	uint32_t	bin;			/* calibration bin, 0-based */
	double		lower;
	double		upper;
	int64_t		n;				/* labelled rows */
	double		mass;			/* their weight (or count) */
	double		mean_score;
	double		observed_rate;
} FsCalBin;

/*
 * Calibration table with cbins uniform bins over [lower, upper]: fine bin
 * j goes to calibration bin floor(j * cbins / nbins).  out must hold cbins
 * entries; returns the number of non-empty bins written.
 */
extern uint32_t fs_calibration(const FsHist *hist, uint32_t cbins,
							   FsCalBin *out);
/* ECE and maximum calibration error; false if no labelled mass */
extern bool fs_ece(const FsHist *hist, uint32_t cbins, FsCalBin *scratch,
				   double *ece, double *mce);
/* Brier score and mean scores; false when undefined */
extern bool fs_brier(const FsHist *hist, double *brier);
extern bool fs_mean_score(const FsHist *hist, double *mean);
extern bool fs_base_rate(const FsHist *hist, double *rate);

/* two-sample KS distance of all rows' scores; false if a side is empty */
extern bool fs_ks(const FsHist *a, const FsHist *b, double *d,
				  double *upper_bound);

/*
 * Median bin of a histogram (all rows): the smallest m whose cumulative
 * mass reaches half the total.  false if the histogram is empty.
 */
extern bool fs_median_bin(const FsHist *hist, uint32_t *m);
/* mass and count strictly above bin m */
extern void fs_above(const FsHist *hist, uint32_t m, double *mass,
					 int64_t *count);

#endif							/* FAIRNESS_FSCORES_H */
