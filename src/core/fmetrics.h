/*-------------------------------------------------------------------------
 *
 * fmetrics.h
 *	  Definitions of the per-group rates and between-group parity measures
 *	  computed from a confusion summary.  No PostgreSQL header.
 *
 * Every rate is a ratio whose denominator may be zero: then the rate is
 * undefined (the SQL layer returns NULL), never NaN and never 0.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_FMETRICS_H
#define FAIRNESS_FMETRICS_H

#include <stdbool.h>

typedef enum FmMetric
{
	FM_REPRESENTATION = 0,		/* n_g / n_all */
	FM_SELECTION_RATE,			/* predicted true / rows with a prediction */
	FM_BASE_RATE,				/* actual true / rows with a label */
	FM_TPR,						/* TP / (TP + FN) */
	FM_FPR,						/* FP / (FP + TN) */
	FM_TNR,						/* TN / (FP + TN) */
	FM_FNR,						/* FN / (TP + FN) */
	FM_PPV,						/* TP / (TP + FP) */
	FM_NPV,						/* TN / (TN + FN) */
	FM_FDR,						/* FP / (TP + FP) */
	FM_FOR,						/* FN / (TN + FN) */
	FM_ACCURACY,				/* (TP + TN) / (TP + FP + TN + FN) */
	FM_F1,						/* 2 TP / (2 TP + FP + FN) */
	FM_POSITIVE_SHARE,			/* predicted true_g / predicted true_all */
	FM_NMETRICS
} FmMetric;

extern const char *const fm_metric_names[FM_NMETRICS];

/* A rate as numerator / denominator; defined only when den > 0. */
typedef struct FmRatio
{
	double		num;
	double		den;
} FmRatio;

typedef struct FmGroupRates
{
	double		value[FM_NMETRICS];
	bool		defined[FM_NMETRICS];
	FmRatio		ratio[FM_NMETRICS];
} FmGroupRates;

/*
 * cells: the 9 cells (counts or weight sums) in fcore's FC_CELL order;
 * all_n: the same total over every group; all_pos: predicted true over
 * every group.
 */
extern void fm_group_rates(const double cells[9], double all_n,
						   double all_pos, FmGroupRates *out);

extern double fm_cells_total(const double cells[9]);
extern double fm_cells_predicted_true(const double cells[9]);
extern double fm_cells_labeled(const double cells[9]);
extern double fm_cells_label_true(const double cells[9]);

/* Fairlearn-style aggregation of one rate over groups. */
typedef enum FmParityMethod
{
	FM_BETWEEN_GROUPS,			/* difference max - min, ratio min / max */
	FM_TO_OVERALL				/* max |r_g - r_all|, min of r_g/r_all, r_all/r_g */
} FmParityMethod;

/*
 * fm_parity
 *		values[i] for groups with defined[i]; overall is used by
 *		FM_TO_OVERALL.  Returns false (undefined) with fewer than two defined
 *		groups (between_groups), or no defined group / undefined overall
 *		(to_overall), or, for ratios, a zero denominator.
 */
extern bool fm_parity_difference(const double *values, const bool *defined,
								 int n, double overall, bool overall_defined,
								 FmParityMethod method, double *out);
extern bool fm_parity_ratio(const double *values, const bool *defined,
							int n, double overall, bool overall_defined,
							FmParityMethod method, double *out);

#endif							/* FAIRNESS_FMETRICS_H */
