/*-------------------------------------------------------------------------
 *
 * fscores_metrics.c
 *	  The statistics of a fairness.scores summary, from the histograms of
 *	  its groups: AUC with DeLong's standard error, calibration and ECE,
 *	  Brier score, mean score, base rate, KS statistic, median bin and
 *	  scoring rate.  No PostgreSQL header: see fscores.h.  (The summary
 *	  itself, its bins, merge, canonical, text and binary forms are in
 *	  fscores.c.)
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fscores.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Analysis
 * ------------------------------------------------------------------------
 */
bool
fs_hist_init(FsHist *hist, const FcAlloc *a, const FsHeader *h, FcError *err)
{
	int			l;
	size_t		nb = h->nbins;

	memset(hist, 0, sizeof(*hist));
	hist->nbins = h->nbins;
	hist->lower = h->lower;
	hist->upper = h->upper;
	for (l = 0; l < FS_NLABELS; l++)
	{
		hist->m[l] = a->alloc(a->ctx, nb * sizeof(double));
		hist->n[l] = a->alloc(a->ctx, nb * sizeof(int64_t));
	}
	hist->ssum = a->alloc(a->ctx, nb * sizeof(double));
	for (l = 0; l < FS_NLABELS; l++)
		if (hist->m[l] == NULL || hist->n[l] == NULL)
			break;
	if (l < FS_NLABELS || hist->ssum == NULL)
	{
		fs_hist_free(hist, a);
		return fk_error(err, FC_ERR_NOMEM, "out of memory");
	}
	return true;
}

void
fs_hist_free(FsHist *hist, const FcAlloc *a)
{
	int			l;

	for (l = 0; l < FS_NLABELS; l++)
	{
		if (hist->m[l])
			a->release(a->ctx, hist->m[l]);
		if (hist->n[l])
			a->release(a->ctx, hist->n[l]);
		hist->m[l] = NULL;
		hist->n[l] = NULL;
	}
	if (hist->ssum)
		a->release(a->ctx, hist->ssum);
	hist->ssum = NULL;
}

bool
fs_hist_add(FsHist *hist, const FsHeader *h, int64_t g, FcError *err)
{
	uint32_t	i,
				from = g < 0 ? 0 : (uint32_t) g,
				to = g < 0 ? h->k.ngroups : (uint32_t) g + 1;

	for (i = from; i < to; i++)
	{
		const FsEntry *e = fs_entry(h, i);
		FsBinIter	it;
		FsBin		b;
		int			r,
					l;

		fs_iter_init(&it, h, i);
		while ((r = fs_iter_next(&it, &b, err)) > 0)
		{
			for (l = 0; l < FS_NLABELS; l++)
			{
				hist->m[l][b.j] += b.w[l];
				hist->n[l][b.j] += b.n[l];
				hist->mass[l] += b.w[l];
				hist->count[l] += b.n[l];
			}
			hist->ssum[b.j] += b.ssum;
		}
		if (r < 0)
			return false;
		hist->unl_sum += e->unl_sum + e->unl_sum_c;
		hist->sqerr[0] += e->sqerr[0] + e->sqerr_c[0];
		hist->sqerr[1] += e->sqerr[1] + e->sqerr_c[1];
	}
	return true;
}

/*
 * fs_auc
 *		ROC AUC of the binned scores: a positive and a negative in different
 *		bins are ordered by their bins, in the same bin they count 1/2 (the
 *		Mann-Whitney statistic with ties).  Exact AUC counts such a pair as
 *		0, 1/2 or 1, so |auc - exact| <= (1/2) sum_j P_j N_j / (P N).
 *		Standard error: DeLong, DeLong & Clarke-Pearson (1988) on the binned
 *		scores, with placement values
 *			V10 (positive in bin j) = (N below j + N_j / 2) / N,
 *			V01 (negative in bin j) = (P above j + P_j / 2) / P,
 *		S10 = sum P_j (V10_j - auc)^2 / (P - 1), S01 likewise with N,
 *		var = S10 / P + S01 / N.  Masses are weights for weighted summaries
 *		(frequency weights: a row of weight 2 counts as two rows).
 */
void
fs_auc(const FsHist *hist, FsAuc *out)
{
	const double *pt = hist->m[FS_TRUE];
	const double *pf = hist->m[FS_FALSE];
	double		P = 0.0,
				N = 0.0,
				num = 0.0,
				ties = 0.0,
				below = 0.0,
				above,
				s10 = 0.0,
				s01 = 0.0;
	uint32_t	j;

	memset(out, 0, sizeof(*out));
	for (j = 0; j < hist->nbins; j++)
	{
		P += pt[j];
		N += pf[j];
	}
	out->positives = P;
	out->negatives = N;
	if (!(P > 0.0) || !(N > 0.0))
		return;
	for (j = 0; j < hist->nbins; j++)
	{
		num += pt[j] * (below + 0.5 * pf[j]);
		ties += pt[j] * pf[j];
		below += pf[j];
	}
	out->defined = true;
	out->auc = num / P / N;
	out->bound = 0.5 * ties / P / N;
	if (!(P > 1.0) || !(N > 1.0))
		return;
	below = 0.0;
	above = P;
	for (j = 0; j < hist->nbins; j++)
	{
		double		v10,
					v01;

		above -= pt[j];
		if (pt[j] > 0.0)
		{
			v10 = (below + 0.5 * pf[j]) / N - out->auc;
			s10 += pt[j] * v10 * v10;
		}
		if (pf[j] > 0.0)
		{
			v01 = (above + 0.5 * pt[j]) / P - out->auc;
			s01 += pf[j] * v01 * v01;
		}
		below += pf[j];
	}
	s10 /= (P - 1.0);
	s01 /= (N - 1.0);
	out->se = sqrt(s10 / P + s01 / N);
	out->se_defined = true;
}

/* fs_at: the confusion table at threshold bin J (bins >= J predicted true) */
void
fs_at(const FsHist *hist, uint32_t J, FsAt *out)
{
	uint32_t	j;

	memset(out, 0, sizeof(*out));
	for (j = 0; j < hist->nbins; j++)
	{
		if (j >= J)
		{
			out->tp += hist->m[FS_TRUE][j];
			out->fp += hist->m[FS_FALSE][j];
			out->up += hist->m[FS_UNLABELED][j];
			out->ntp += hist->n[FS_TRUE][j];
			out->nfp += hist->n[FS_FALSE][j];
			out->nup += hist->n[FS_UNLABELED][j];
		}
		else
		{
			out->fn += hist->m[FS_TRUE][j];
			out->tn += hist->m[FS_FALSE][j];
			out->un += hist->m[FS_UNLABELED][j];
			out->nfn += hist->n[FS_TRUE][j];
			out->ntn += hist->n[FS_FALSE][j];
			out->nun += hist->n[FS_UNLABELED][j];
		}
	}
}

uint32_t
fs_calibration(const FsHist *hist, uint32_t cbins, FsCalBin *out)
{
	uint32_t	j,
				c,
				k = 0;

	for (c = 0; c < cbins; c++)
	{
		memset(&out[c], 0, sizeof(FsCalBin));
		out[c].bin = c;
	}
	for (j = 0; j < hist->nbins; j++)
	{
		c = (uint32_t) (((uint64_t) j * cbins) / hist->nbins);
		out[c].n += hist->n[FS_TRUE][j] + hist->n[FS_FALSE][j];
		out[c].mass += hist->m[FS_TRUE][j] + hist->m[FS_FALSE][j];
		out[c].observed_rate += hist->m[FS_TRUE][j];	/* positives for now */
		out[c].mean_score += hist->ssum[j];		/* score sum for now */
	}
	for (c = 0; c < cbins; c++)
	{
		FsCalBin	b = out[c];

		if (!(b.mass > 0.0))
			continue;
		b.lower = fs_edge_p(cbins, hist->lower, hist->upper, c);
		b.upper = fs_edge_p(cbins, hist->lower, hist->upper, c + 1);
		b.mean_score = b.mean_score / b.mass;
		b.observed_rate = b.observed_rate / b.mass;
		out[k++] = b;
	}
	return k;
}

/*
 * fs_ece
 *		Expected calibration error sum_c (W_c / W) |observed_c - mean_c| over
 *		the non-empty calibration bins (Naeini, Cooper & Hauskrecht 2015;
 *		Guo et al. 2017), and the maximum calibration error max_c |...|.
 */
bool
fs_ece(const FsHist *hist, uint32_t cbins, FsCalBin *scratch, double *ece,
	   double *mce)
{
	uint32_t	k = fs_calibration(hist, cbins, scratch),
				c;
	double		W = 0.0,
				e = 0.0,
				m = 0.0;

	for (c = 0; c < k; c++)
		W += scratch[c].mass;
	if (!(W > 0.0))
		return false;
	for (c = 0; c < k; c++)
	{
		double		d = fabs(scratch[c].observed_rate - scratch[c].mean_score);

		e += scratch[c].mass / W * d;
		if (d > m)
			m = d;
	}
	*ece = e;
	*mce = m;
	return true;
}

bool
fs_brier(const FsHist *hist, double *brier)
{
	double		W = hist->mass[FS_TRUE] + hist->mass[FS_FALSE];

	if (!(W > 0.0))
		return false;
	*brier = (hist->sqerr[0] + hist->sqerr[1]) / W;
	return true;
}

bool
fs_mean_score(const FsHist *hist, double *mean)
{
	double		W = hist->mass[0] + hist->mass[1] + hist->mass[2];
	double		s = hist->unl_sum;
	uint32_t	j;

	if (!(W > 0.0))
		return false;
	for (j = 0; j < hist->nbins; j++)
		s += hist->ssum[j];
	*mean = s / W;
	return true;
}

bool
fs_base_rate(const FsHist *hist, double *rate)
{
	double		W = hist->mass[FS_TRUE] + hist->mass[FS_FALSE];

	if (!(W > 0.0))
		return false;
	*rate = hist->mass[FS_TRUE] / W;
	return true;
}

/*
 * fs_ks
 *		Two-sample Kolmogorov-Smirnov distance between the score
 *		distributions of all rows of a and b, evaluated at the bin edges:
 *		d = max_j |F_a(edge(j+1)-) - F_b(edge(j+1)-)|.  The exact statistic
 *		(over every score) lies in [d, upper_bound]: inside bin j each
 *		distribution function lies between its values at the bin's ends.
 */
bool
fs_ks(const FsHist *a, const FsHist *b, double *d, double *upper_bound)
{
	double		Ma = a->mass[0] + a->mass[1] + a->mass[2];
	double		Mb = b->mass[0] + b->mass[1] + b->mass[2];
	double		ca = 0.0,
				cb = 0.0,
				fa_prev = 0.0,
				fb_prev = 0.0,
				best = 0.0,
				up = 0.0;
	uint32_t	j;

	if (!(Ma > 0.0) || !(Mb > 0.0))
		return false;
	for (j = 0; j < a->nbins; j++)
	{
		double		fa,
					fb,
					x;

		ca += a->m[0][j] + a->m[1][j] + a->m[2][j];
		cb += b->m[0][j] + b->m[1][j] + b->m[2][j];
		fa = ca / Ma;
		fb = cb / Mb;
		x = fabs(fa - fb);
		if (x > best)
			best = x;
		if (x > up)
			up = x;
		if (fa - fb_prev > up)
			up = fa - fb_prev;
		if (fb - fa_prev > up)
			up = fb - fa_prev;
		fa_prev = fa;
		fb_prev = fb;
	}
	*d = best;
	*upper_bound = up > 1.0 ? 1.0 : up;
	return true;
}

bool
fs_median_bin(const FsHist *hist, uint32_t *m)
{
	double		M = hist->mass[0] + hist->mass[1] + hist->mass[2];
	double		cum = 0.0;
	uint32_t	j;

	if (!(M > 0.0))
		return false;
	for (j = 0; j < hist->nbins; j++)
	{
		cum += hist->m[0][j] + hist->m[1][j] + hist->m[2][j];
		if (cum >= M / 2.0 && (hist->m[0][j] + hist->m[1][j] + hist->m[2][j]) > 0.0)
		{
			*m = j;
			return true;
		}
	}
	*m = hist->nbins - 1;
	return true;
}

void
fs_above(const FsHist *hist, uint32_t m, double *mass, int64_t *count)
{
	uint32_t	j;

	*mass = 0.0;
	*count = 0;
	for (j = m + 1; j < hist->nbins; j++)
	{
		*mass += hist->m[0][j] + hist->m[1][j] + hist->m[2][j];
		*count += hist->n[0][j] + hist->n[1][j] + hist->n[2][j];
	}
}
