/*-------------------------------------------------------------------------
 *
 * fmetrics.c
 *	  Per-group rates (Aequitas/Fairlearn definitions) and parity measures
 *	  (Fairlearn definitions).  See fmetrics.h and README.md "Definitions".
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fmetrics.h"

#include <math.h>
#include <stddef.h>

/* cell indices, as in fcore.h (kept local: this file needs no other part) */
#define C_TP 0
#define C_FN 1
#define C_TU 2
#define C_FP 3
#define C_TN 4
#define C_FU 5
#define C_UP 6
#define C_UN 7
#define C_UU 8

const char *const fm_metric_names[FM_NMETRICS] = {
	"representation", "selection_rate", "base_rate", "tpr", "fpr", "tnr",
	"fnr", "ppv", "npv", "fdr", "false_omission_rate", "accuracy", "f1",
	"positive_share"
};

double
fm_cells_total(const double c[9])
{
	return c[C_TP] + c[C_FN] + c[C_TU] + c[C_FP] + c[C_TN] + c[C_FU] +
		c[C_UP] + c[C_UN] + c[C_UU];
}

/* rows predicted true, whatever their label */
double
fm_cells_predicted_true(const double c[9])
{
	return c[C_TP] + c[C_FP] + c[C_UP];
}

/* rows whose label is not NULL */
double
fm_cells_labeled(const double c[9])
{
	return c[C_TP] + c[C_FN] + c[C_TU] + c[C_FP] + c[C_TN] + c[C_FU];
}

/* rows whose label is true */
double
fm_cells_label_true(const double c[9])
{
	return c[C_TP] + c[C_FN] + c[C_TU];
}

static void
fm_set(FmGroupRates *out, FmMetric m, double num, double den)
{
	out->ratio[m].num = num;
	out->ratio[m].den = den;
	out->defined[m] = den > 0.0;
	out->value[m] = den > 0.0 ? num / den : 0.0;
}

/*
 * fm_group_rates
 *		Every rate of one group.  Rows with a NULL prediction are left out of
 *		the selection rate; rows with a NULL label are left out of the base
 *		rate; the confusion-matrix rates use only rows with both.
 */
void
fm_group_rates(const double c[9], double all_n, double all_pos,
			   FmGroupRates *out)
{
	double		predicted = c[C_TP] + c[C_FN] + c[C_FP] + c[C_TN] +
		c[C_UP] + c[C_UN];

	fm_set(out, FM_REPRESENTATION, fm_cells_total(c), all_n);
	fm_set(out, FM_SELECTION_RATE, fm_cells_predicted_true(c), predicted);
	fm_set(out, FM_BASE_RATE, fm_cells_label_true(c), fm_cells_labeled(c));
	fm_set(out, FM_TPR, c[C_TP], c[C_TP] + c[C_FN]);
	fm_set(out, FM_FPR, c[C_FP], c[C_FP] + c[C_TN]);
	fm_set(out, FM_TNR, c[C_TN], c[C_FP] + c[C_TN]);
	fm_set(out, FM_FNR, c[C_FN], c[C_TP] + c[C_FN]);
	fm_set(out, FM_PPV, c[C_TP], c[C_TP] + c[C_FP]);
	fm_set(out, FM_NPV, c[C_TN], c[C_TN] + c[C_FN]);
	fm_set(out, FM_FDR, c[C_FP], c[C_TP] + c[C_FP]);
	fm_set(out, FM_FOR, c[C_FN], c[C_TN] + c[C_FN]);
	fm_set(out, FM_ACCURACY, c[C_TP] + c[C_TN],
		   c[C_TP] + c[C_FP] + c[C_TN] + c[C_FN]);
	/*
	 * F1 = 2 TP / (2 TP + FP + FN), computed halved: the same quotient
	 * (halving is exact), without overflow for weight sums near DBL_MAX.
	 */
	fm_set(out, FM_F1, c[C_TP], c[C_TP] + 0.5 * (c[C_FP] + c[C_FN]));
	fm_set(out, FM_POSITIVE_SHARE, fm_cells_predicted_true(c), all_pos);
}

bool
fm_parity_difference(const double *v, const bool *defined, int n,
					 double overall, bool overall_defined,
					 FmParityMethod method, double *out)
{
	int			i,
				k = 0;
	double		lo = INFINITY,
				hi = -INFINITY,
				worst = 0.0;

	for (i = 0; i < n; i++)
	{
		if (!defined[i])
			continue;
		k++;
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
		if (method == FM_TO_OVERALL && fabs(v[i] - overall) > worst)
			worst = fabs(v[i] - overall);
	}
	if (method == FM_BETWEEN_GROUPS)
	{
		if (k < 2)
			return false;
		*out = hi - lo;
		return true;
	}
	if (k < 1 || !overall_defined)
		return false;
	*out = worst;
	return true;
}

bool
fm_parity_ratio(const double *v, const bool *defined, int n,
				double overall, bool overall_defined,
				FmParityMethod method, double *out)
{
	int			i,
				k = 0;
	double		lo = INFINITY,
				hi = -INFINITY,
				worst = INFINITY;

	for (i = 0; i < n; i++)
	{
		if (!defined[i])
			continue;
		k++;
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
	}
	if (method == FM_BETWEEN_GROUPS)
	{
		if (k < 2 || hi <= 0.0)
			return false;
		*out = lo / hi;
		return true;
	}
	if (k < 1 || !overall_defined)
		return false;
	for (i = 0; i < n; i++)
	{
		double		r;

		if (!defined[i])
			continue;
		/* Fairlearn: min over groups of min(r_g / r_all, r_all / r_g) */
		if (v[i] <= 0.0 || overall <= 0.0)
		{
			if (v[i] == overall)
				continue;		/* 0 vs 0: no group lies below overall */
			r = 0.0;
		}
		else
			r = v[i] < overall ? v[i] / overall : overall / v[i];
		if (r < worst)
			worst = r;
	}
	if (worst == INFINITY)
		return false;
	*out = worst;
	return true;
}
