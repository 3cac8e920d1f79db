/*-------------------------------------------------------------------------
 *
 * fcore_io.c
 *	  The text (JSON) and binary (send/recv) forms of the
 *	  fairness.confusion summary: what they hold, read and written with the
 *	  keyed core's JSON reader, output buffer and binary helpers (fkeyed.h),
 *	  like every summary type.  No PostgreSQL header: see fcore.h.  (Layout,
 *	  growth, merge and canonical form are in fcore.c.)
 *
 * Every function that can fail reports through FcError and leaves its
 * inputs untouched.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fcore.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* order in which cells are written in the text form */
static const int fc_text_order[FC_NCELLS] = {
	FC_TP, FC_FP, FC_TN, FC_FN, FC_TU, FC_FU, FC_UP, FC_UN, FC_UU
};

/*
 * fc_output_form
 *		What the text and binary forms are written from: h itself when it
 *		is canonical, else a canonical copy (*canon, released by the
 *		caller), so that output never depends on arrival order.  NULL on
 *		error.
 */
static const FcHeader *
fc_output_form(const FcAlloc *a, const FcHeader *h, FcHeader **canon,
			   FcError *err)
{
	*canon = NULL;
	if (!(h->flags & FC_F_SCRATCH))
		return h;
	*canon = fc_canonical(a, h, err);
	return *canon;
}

/*
 * fc_format_text
 *		The JSON text form (of the canonical form: fc_output_form).
 */
char *
fc_format_text(const FcAlloc *a, const FcHeader *h, size_t *len, FcError *err)
{
	FkBuf		b;
	FcHeader   *canon;
	const FcHeader *c = fc_output_form(a, h, &canon, err);
	uint32_t	i;

	if (c == NULL)
		return NULL;
	memset(&b, 0, sizeof(b));
	b.a = a;
	fk_buf_printf(&b, "{\"version\":%d,\"attributes\":%d,\"weighted\":%s,\"groups\":[",
				  FC_FORMAT_VERSION, (int) c->ndims,
				  (c->flags & FC_F_WEIGHTED) ? "true" : "false");
	for (i = 0; i < c->ngroups && !b.failed; i++)
	{
		const FcEntry *e = &fc_entries(c)[i];
		int			k;

		fk_buf_puts(&b, i ? ",{\"group\":" : "{\"group\":");
		if (!fk_buf_json_key(&b, fc_key(c, i), e->k.key_len, c->ndims))
		{
			fk_buf_release(&b);
			if (canon)
				a->release(a->ctx, canon);
			fk_error(err, FC_ERR_CORRUPT, "fairness.confusion value is corrupted");
			return NULL;
		}
		for (k = 0; k < FC_NCELLS; k++)
		{
			int			cell = fc_text_order[k];

			if (k >= 4 && e->n[cell] == 0)
				continue;
			fk_buf_printf(&b, ",\"%s\":%lld", fc_cell_names[cell],
						  (long long) e->n[cell]);
		}
		if (c->flags & FC_F_WEIGHTED)
		{
			bool		first = true;

			fk_buf_puts(&b, ",\"weights\":{");
			for (k = 0; k < FC_NCELLS; k++)
			{
				int			cell = fc_text_order[k];
				char		dbl[40];

				if (k >= 4 && e->n[cell] == 0)
					continue;
				/* always the %g form: 10 is written 1e+01 (format version 1) */
				fk_format_double(dbl, sizeof(dbl),
								 fc_weights(c)[(size_t) i * FC_NCELLS + cell]);
				fk_buf_printf(&b, "%s\"%s\":%s", first ? "" : ",",
							  fc_cell_names[cell], dbl);
				first = false;
			}
			fk_buf_puts(&b, "}");
		}
		fk_buf_puts(&b, "}");
	}
	fk_buf_puts(&b, "]}");
	if (canon)
		a->release(a->ctx, canon);
	if (b.failed)
	{
		fk_buf_release(&b);
		fk_error(err, FC_ERR_LIMIT, "fairness.confusion text form would exceed 1 GB");
		return NULL;
	}
	*len = b.len;
	return b.data;
}

/* ------------------------------------------------------------------------
 * Builder shared by the text and binary parsers: a scratch value that the
 * parsers fill group by group, then validate and canonicalise.
 * ------------------------------------------------------------------------
 */
typedef struct FcBuilder
{
	const FcAlloc *a;
	FcHeader   *h;
	FcError    *err;
	FcErrCode	code;			/* FC_ERR_SYNTAX or FC_ERR_BINARY */
} FcBuilder;

/*
 * fc_builder_group
 *		Add a new group with its counts (and weights, or NULL).  Duplicate
 *		groups are an error, as are negative counts, empty groups, weights
 *		that are not finite and >= 0, and weights on empty cells.
 */
static bool
fc_builder_group(FcBuilder *bld, const FcPart *parts, int nparts,
				 const int64_t *n, const double *w)
{
	uint32_t	before = bld->h->ngroups;
	FcHeader   *old = bld->h;
	int64_t		g;
	int64_t		gt = 0;
	int			c;

	if (!fk_check_parts(parts, nparts, bld->err))
		return false;
	for (c = 0; c < FC_NCELLS; c++)
	{
		if (n[c] < 0)
		{
			fk_error(bld->err, FC_ERR_RANGE, "count \"%s\" must not be negative",
					 fc_cell_names[c]);
			return false;
		}
		if (n[c] > INT64_MAX - gt)
			return fk_error(bld->err, FC_ERR_RANGE,
							"fairness.confusion row count out of range");
		gt += n[c];
		if (w != NULL && (!isfinite(w[c]) || w[c] < 0.0))
		{
			fk_error(bld->err, FC_ERR_RANGE,
					 "weight \"%s\" must be a finite number >= 0", fc_cell_names[c]);
			return false;
		}
		if (w != NULL && n[c] == 0 && w[c] != 0.0)
		{
			fk_error(bld->err, FC_ERR_VALUE,
					 "weight \"%s\" is not zero but its count is zero", fc_cell_names[c]);
			return false;
		}
	}
	if (gt == 0)
	{
		fk_error(bld->err, FC_ERR_VALUE, "a group must have at least one row");
		fk_detail(bld->err, "Every count of group number %u is zero.", before + 1);
		return false;
	}
	if (gt > INT64_MAX - bld->h->total)
		return fk_error(bld->err, FC_ERR_RANGE,
						"fairness.confusion row count out of range");
	g = fc_lookup_insert(&bld->h, bld->a, parts, nparts, FC_MAX_GROUPS_HARD,
						 bld->err);
	if (old != bld->h)
		bld->a->release(bld->a->ctx, old);
	if (g < 0)
		return false;
	if ((uint32_t) g < before)
	{
		fk_error(bld->err, FC_ERR_VALUE, "duplicate group in fairness.confusion value");
		fk_detail(bld->err, "Group number %u repeats an earlier group.", before + 1);
		return false;
	}
	memcpy(fc_entries(bld->h)[g].n, n, sizeof(int64_t) * FC_NCELLS);
	if (w != NULL)
		memcpy(&fc_weights(bld->h)[(size_t) g * FC_NCELLS], w,
			   sizeof(double) * FC_NCELLS);
	bld->h->total += gt;
	return true;
}

static FcHeader *
fc_builder_finish(FcBuilder *bld)
{
	FcHeader   *out = fc_canonical(bld->a, bld->h, bld->err);

	bld->a->release(bld->a->ctx, bld->h);
	bld->h = NULL;
	return out;
}

static void
fc_builder_abort(FcBuilder *bld)
{
	if (bld->h)
		bld->a->release(bld->a->ctx, bld->h);
	bld->h = NULL;
}

/* ------------------------------------------------------------------------
 * Text form: the keyed core's JSON reader (fkj_parse) reads the document
 * into a tree; this part interprets it for exactly this schema
 *
 * {"version":1,"attributes":N,"weighted":BOOL,"groups":[GROUP,...]}
 * GROUP = {"group":KEY,"tp":INT,...,"weights":{"tp":NUM,...}}
 * KEY   = string | null            when attributes = 1
 *       = [string|null, ...]       with exactly N elements otherwise
 *
 * Keys may come in any order (jsonb reorders them).  The messages are this
 * type's own (format version 1's, kept word for word).
 * ------------------------------------------------------------------------
 */
#define FC_SYNTAX_MSG "invalid input syntax for type fairness.confusion"

static bool
fc_json_is(const FkJson *j, const FkJsonNode *k, const char *name)
{
	size_t		n = strlen(name);

	return k->str_len == n && memcmp(j->strs + k->str_off, name, n) == 0;
}

static bool
fc_json_fail(FkJson *j, FcErrCode code, const char *msg, const char *detail)
{
	fk_error(j->err, code, "%s", msg);
	if (detail)
		fk_detail(j->err, "%s", detail);
	return false;
}

/* fc_json_count: a count, read by fkj_read_count, with this type's messages */
static bool
fc_json_count(FkJson *j, const FkJsonNode *n, const char *what, int64_t *out)
{
	switch (fkj_read_count(j, n, out))
	{
		case FKJ_NUM_OK:
			return true;
		case FKJ_NUM_NOT_NUMBER:
			fk_error(j->err, FC_ERR_SYNTAX, FC_SYNTAX_MSG);
			fk_detail(j->err, "\"%s\" must be a number.", what);
			return false;
		case FKJ_NUM_NEGATIVE:
			return fk_error(j->err, FC_ERR_RANGE,
							"count \"%s\" must not be negative", what);
		case FKJ_NUM_NOT_WHOLE:
			fk_error(j->err, FC_ERR_SYNTAX, FC_SYNTAX_MSG);
			fk_detail(j->err, "\"%s\" must be a whole number, not %.*s.", what,
					  (int) (n->str_len > 40 ? 40 : n->str_len),
					  j->strs + n->str_off);
			return false;
		default:
			return fk_error(j->err, FC_ERR_RANGE,
							"count \"%s\" is out of range for type bigint", what);
	}
}

/* fc_json_weight: a weight, read by fkj_read_double: finite and >= 0 */
static bool
fc_json_weight(FkJson *j, const FkJsonNode *n, const char *what, double *out)
{
	switch (fkj_read_double(j, n, out))
	{
		case FKJ_NUM_OK:
			break;
		case FKJ_NUM_NOT_NUMBER:
			fk_error(j->err, FC_ERR_SYNTAX, FC_SYNTAX_MSG);
			fk_detail(j->err, "Weight \"%s\" must be a number.", what);
			return false;
		default:
			return fk_error(j->err, FC_ERR_RANGE,
							"weight \"%s\" is out of range", what);
	}
	if (*out < 0.0)
		return fk_error(j->err, FC_ERR_RANGE,
						"weight \"%s\" must be a finite number >= 0", what);
	return true;
}

static int
fc_json_cell(const FkJson *j, const FkJsonNode *k)
{
	int			c;

	for (c = 0; c < FC_NCELLS; c++)
		if (fc_json_is(j, k, fc_cell_names[c]))
			return c;
	return -1;
}

/* ji_key: a group key node into parts; sets *ndims_out on first use */
static bool
fc_json_key(FkJson *j, const FkJsonNode *kn, FcPart *parts, int *nparts)
{
	const FkJsonNode *el;
	uint32_t	i;

	if (kn->kind == FKJ_NULL || kn->kind == FKJ_STRING)
	{
		*nparts = 1;
		parts[0].isnull = (kn->kind == FKJ_NULL);
		parts[0].data = j->strs + kn->str_off;
		parts[0].len = kn->str_len;
		return true;
	}
	if (kn->kind != FKJ_ARRAY || kn->count < 1 || kn->count > FC_MAX_DIMS)
		return fc_json_fail(j, FC_ERR_SYNTAX,
					   FC_SYNTAX_MSG,
					   "\"group\" must be a string, null, or an array of 1 to 16 strings or nulls.");
	el = &j->nodes[kn->first];
	for (i = 0; i < kn->count; i++)
	{
		if (el->kind != FKJ_NULL && el->kind != FKJ_STRING)
			return fc_json_fail(j, FC_ERR_SYNTAX,
						   FC_SYNTAX_MSG,
						   "Elements of \"group\" must be strings or nulls.");
		parts[i].isnull = (el->kind == FKJ_NULL);
		parts[i].data = j->strs + el->str_off;
		parts[i].len = el->str_len;
		el = &j->nodes[el->next];
	}
	*nparts = (int) kn->count;
	return true;
}

static FcHeader *
fc_json_interpret(FkJson *j)
{
	const FkJsonNode *root = &j->nodes[0];
	const FkJsonNode *k;
	const FkJsonNode *groups = NULL;
	const FkJsonNode *g;
	int64_t		version = -1,
				attributes = -1;
	int			weighted = -1;
	uint32_t	i;
	FcBuilder	bld;

	if (root->kind != FKJ_OBJECT)
		return fc_json_fail(j, FC_ERR_SYNTAX,
					   FC_SYNTAX_MSG,
					   "The value must be a JSON object."), NULL;
	k = root->count ? &j->nodes[root->first] : NULL;
	for (i = 0; i < root->count; i += 2)
	{
		const FkJsonNode *v = &j->nodes[k->next];

		if (fc_json_is(j, k, "version"))
		{
			if (version >= 0 || !fc_json_count(j, v, "version", &version))
				return version >= 0 ? fc_json_fail(j, FC_ERR_SYNTAX, FC_SYNTAX_MSG,
											  "Key \"version\" appears twice."), NULL : NULL;
		}
		else if (fc_json_is(j, k, "attributes"))
		{
			if (attributes >= 0 || !fc_json_count(j, v, "attributes", &attributes))
				return attributes >= 0 ? fc_json_fail(j, FC_ERR_SYNTAX, FC_SYNTAX_MSG,
												 "Key \"attributes\" appears twice."), NULL : NULL;
		}
		else if (fc_json_is(j, k, "weighted"))
		{
			if (weighted >= 0)
				return fc_json_fail(j, FC_ERR_SYNTAX, FC_SYNTAX_MSG,
							   "Key \"weighted\" appears twice."), NULL;
			if (v->kind != FKJ_TRUE && v->kind != FKJ_FALSE)
				return fc_json_fail(j, FC_ERR_SYNTAX, FC_SYNTAX_MSG,
							   "\"weighted\" must be true or false."), NULL;
			weighted = (v->kind == FKJ_TRUE);
		}
		else if (fc_json_is(j, k, "groups"))
		{
			if (groups != NULL)
				return fc_json_fail(j, FC_ERR_SYNTAX, FC_SYNTAX_MSG,
							   "Key \"groups\" appears twice."), NULL;
			if (v->kind != FKJ_ARRAY)
				return fc_json_fail(j, FC_ERR_SYNTAX, FC_SYNTAX_MSG,
							   "\"groups\" must be an array."), NULL;
			groups = v;
		}
		else
		{
			fk_error(j->err, FC_ERR_SYNTAX,
					 FC_SYNTAX_MSG);
			fk_detail(j->err, "Unknown key \"%.*s\".",
					  (int) (k->str_len > 64 ? 64 : k->str_len),
					  j->strs + k->str_off);
			fk_hint(j->err, "Known keys are \"version\", \"attributes\", \"weighted\" and \"groups\".");
			return NULL;
		}
		k = v->next ? &j->nodes[v->next] : NULL;
	}
	if (version < 0 || attributes < 0 || groups == NULL)
		return fc_json_fail(j, FC_ERR_SYNTAX,
					   FC_SYNTAX_MSG,
					   "The keys \"version\", \"attributes\" and \"groups\" are required."), NULL;
	if (version != FC_FORMAT_VERSION)
	{
		fk_error(j->err, FC_ERR_VALUE,
				 "unsupported fairness.confusion format version %lld",
				 (long long) version);
		fk_detail(j->err, "This release reads format version %d.", FC_FORMAT_VERSION);
		return NULL;
	}
	if (attributes < 1 || attributes > FC_MAX_DIMS)
	{
		fk_error(j->err, FC_ERR_VALUE,
				 "\"attributes\" must be between 1 and %d", FC_MAX_DIMS);
		return NULL;
	}
	if (weighted < 0)
		weighted = 0;

	memset(&bld, 0, sizeof(bld));
	bld.a = j->a;
	bld.err = j->err;
	bld.code = FC_ERR_SYNTAX;
	bld.h = fc_new_scratch(j->a, (int) attributes, weighted, j->err);
	if (bld.h == NULL)
		return NULL;

	g = groups->count ? &j->nodes[groups->first] : NULL;
	for (i = 0; i < groups->count; i++, g = g->next ? &j->nodes[g->next] : NULL)
	{
		const FkJsonNode *gk;
		const FkJsonNode *keynode = NULL;
		const FkJsonNode *wnode = NULL;
		int64_t		n[FC_NCELLS];
		double		w[FC_NCELLS];
		bool		seen[FC_NCELLS];
		FcPart		parts[FC_MAX_DIMS];
		int			nparts = 0;
		uint32_t	m;

		memset(n, 0, sizeof(n));
		memset(w, 0, sizeof(w));
		memset(seen, 0, sizeof(seen));
		if (g->kind != FKJ_OBJECT)
		{
			fc_builder_abort(&bld);
			return fc_json_fail(j, FC_ERR_SYNTAX, FC_SYNTAX_MSG,
						   "Each element of \"groups\" must be an object."), NULL;
		}
		gk = g->count ? &j->nodes[g->first] : NULL;
		for (m = 0; m < g->count; m += 2)
		{
			const FkJsonNode *v = &j->nodes[gk->next];
			int			c;

			if (fc_json_is(j, gk, "group"))
			{
				if (keynode != NULL)
				{
					fc_builder_abort(&bld);
					return fc_json_fail(j, FC_ERR_SYNTAX, FC_SYNTAX_MSG,
								   "Key \"group\" appears twice in a group."), NULL;
				}
				keynode = v;
			}
			else if (fc_json_is(j, gk, "weights"))
			{
				if (wnode != NULL || v->kind != FKJ_OBJECT)
				{
					fc_builder_abort(&bld);
					return fc_json_fail(j, FC_ERR_SYNTAX, FC_SYNTAX_MSG,
								   "\"weights\" must be one object per group."), NULL;
				}
				wnode = v;
			}
			else if ((c = fc_json_cell(j, gk)) >= 0)
			{
				if (seen[c])
				{
					fc_builder_abort(&bld);
					fk_error(j->err, FC_ERR_SYNTAX, FC_SYNTAX_MSG);
					fk_detail(j->err, "Key \"%s\" appears twice in a group.", fc_cell_names[c]);
					return NULL;
				}
				seen[c] = true;
				if (!fc_json_count(j, v, fc_cell_names[c], &n[c]))
				{
					fc_builder_abort(&bld);
					return NULL;
				}
			}
			else
			{
				fc_builder_abort(&bld);
				fk_error(j->err, FC_ERR_SYNTAX, FC_SYNTAX_MSG);
				fk_detail(j->err, "Unknown key \"%.*s\" in a group.",
						  (int) (gk->str_len > 64 ? 64 : gk->str_len),
						  j->strs + gk->str_off);
				fk_hint(j->err, "Known keys are \"group\", \"weights\", \"tp\", \"fp\", \"tn\", \"fn\", \"label_true_pred_null\", \"label_false_pred_null\", \"label_null_pred_true\", \"label_null_pred_false\" and \"label_null_pred_null\".");
				return NULL;
			}
			gk = v->next ? &j->nodes[v->next] : NULL;
		}
		if (keynode == NULL)
		{
			fc_builder_abort(&bld);
			return fc_json_fail(j, FC_ERR_SYNTAX, FC_SYNTAX_MSG,
						   "Every group needs a \"group\" key."), NULL;
		}
		if (!fc_json_key(j, keynode, parts, &nparts))
		{
			fc_builder_abort(&bld);
			return NULL;
		}
		if (nparts != attributes || (attributes > 1) != (keynode->kind == FKJ_ARRAY))
		{
			fc_builder_abort(&bld);
			fk_error(j->err, FC_ERR_VALUE,
					 "group key does not match \"attributes\"");
			fk_detail(j->err, "\"attributes\" is %lld but group number %u has %d.",
					  (long long) attributes, i + 1, nparts);
			return NULL;
		}
		if ((wnode != NULL) != (weighted != 0))
		{
			fc_builder_abort(&bld);
			return fc_json_fail(j, FC_ERR_VALUE,
						   weighted ? "every group of a weighted summary needs \"weights\"" :
						   "\"weights\" given in a summary that is not weighted",
						   NULL), NULL;
		}
		if (wnode != NULL)
		{
			const FkJsonNode *wk = wnode->count ? &j->nodes[wnode->first] : NULL;
			bool		wseen[FC_NCELLS];

			memset(wseen, 0, sizeof(wseen));
			for (m = 0; m < wnode->count; m += 2)
			{
				const FkJsonNode *v = &j->nodes[wk->next];
				int			c = fc_json_cell(j, wk);

				if (c < 0 || wseen[c])
				{
					fc_builder_abort(&bld);
					fk_error(j->err, FC_ERR_SYNTAX, FC_SYNTAX_MSG);
					fk_detail(j->err, c < 0 ? "Unknown key \"%.*s\" in \"weights\"." :
							  "Key \"%.*s\" appears twice in \"weights\".",
							  (int) (wk->str_len > 64 ? 64 : wk->str_len),
							  j->strs + wk->str_off);
					return NULL;
				}
				wseen[c] = true;
				if (!fc_json_weight(j, v, fc_cell_names[c], &w[c]))
				{
					fc_builder_abort(&bld);
					return NULL;
				}
				wk = v->next ? &j->nodes[v->next] : NULL;
			}
		}
		if (!fc_builder_group(&bld, parts, nparts, n, weighted ? w : NULL))
		{
			fc_builder_abort(&bld);
			return NULL;
		}
	}
	return fc_builder_finish(&bld);
}


FcHeader *
fc_parse_text(const FcAlloc *a, const char *s, size_t len,
			  bool ascii_escapes_only, FcError *err)
{
	FkJson		j;
	FcHeader   *out = NULL;

	if (fkj_parse(&j, a, s, len, ascii_escapes_only, "fairness.confusion",
				  err))
		out = fc_json_interpret(&j);
	fkj_release(&j);
	return out;
}

/* ------------------------------------------------------------------------
 * Binary form (send/recv), network byte order, written and read with the
 * keyed core's helpers (fk_buf_be*, fk_rd_*):
 *
 *	uint8 version, uint8 flags (bit 0: weighted), uint16 attributes,
 *	uint32 groups, then per group:
 *		per attribute: int32 length (-1 = NULL) and the bytes,
 *		9 x int64 counts (cell order of FC_CELL), 9 x float8 weights if
 *		weighted.
 * ------------------------------------------------------------------------
 */
uint8_t *
fc_encode_binary(const FcAlloc *a, const FcHeader *h, size_t *len,
				 FcError *err)
{
	FkBuf		b;
	FcHeader   *canon;
	const FcHeader *c = fc_output_form(a, h, &canon, err);
	uint32_t	i;

	if (c == NULL)
		return NULL;
	memset(&b, 0, sizeof(b));
	b.a = a;
	fk_buf_be(&b, FC_FORMAT_VERSION, 1);
	fk_buf_be(&b, (c->flags & FC_F_WEIGHTED) ? 1 : 0, 1);
	fk_buf_be(&b, c->ndims, 2);
	fk_buf_be(&b, c->ngroups, 4);
	for (i = 0; i < c->ngroups && !b.failed; i++)
	{
		const FcEntry *e = &fc_entries(c)[i];
		int			k;

		fk_buf_be_key(&b, fc_key(c, i), e->k.key_len, c->ndims);
		for (k = 0; k < FC_NCELLS; k++)
			fk_buf_be(&b, (uint64_t) e->n[k], 8);
		if (c->flags & FC_F_WEIGHTED)
			for (k = 0; k < FC_NCELLS; k++)
			{
				uint64_t	bits;
				double		w = fc_weights(c)[(size_t) i * FC_NCELLS + k];

				/* the stored bits as they are */
				memcpy(&bits, &w, 8);
				fk_buf_be(&b, bits, 8);
			}
	}
	if (canon)
		a->release(a->ctx, canon);
	if (b.failed)
	{
		fk_buf_release(&b);
		fk_error(err, FC_ERR_LIMIT, "fairness.confusion binary form would exceed 1 GB");
		return NULL;
	}
	*len = b.len;
	return (uint8_t *) b.data;
}

static FcHeader *
fc_binary_fail(FcBuilder *bld, const char *detail, size_t pos)
{
	fc_builder_abort(bld);
	fk_error(bld->err, FC_ERR_BINARY,
			 "invalid binary representation of fairness.confusion");
	fk_detail(bld->err, "%s at byte %zu.", detail, pos);
	return NULL;
}

FcHeader *
fc_decode_binary(const FcAlloc *a, const uint8_t *buf, size_t len,
				 FcError *err)
{
	FkReader	r = {buf, len, 0};
	uint64_t	version,
				flags,
				ndims,
				ngroups,
				v;
	uint64_t	i;
	FcBuilder	bld;

	memset(&bld, 0, sizeof(bld));
	bld.a = a;
	bld.err = err;
	bld.code = FC_ERR_BINARY;
	if (!fk_rd_be(&r, 1, &version) || !fk_rd_be(&r, 1, &flags) ||
		!fk_rd_be(&r, 2, &ndims) || !fk_rd_be(&r, 4, &ngroups))
		return fc_binary_fail(&bld, "Truncated header", r.pos);
	if (version != FC_FORMAT_VERSION)
	{
		fk_error(err, FC_ERR_BINARY,
				 "unsupported fairness.confusion format version %u",
				 (unsigned) version);
		return NULL;
	}
	if ((flags & ~1u) != 0)
		return fc_binary_fail(&bld, "Unknown flags", 1);
	if (ndims < 1 || ndims > FC_MAX_DIMS)
		return fc_binary_fail(&bld, "Number of attributes out of range", 2);
	/* each group needs at least 4*ndims + 72 bytes: bound before allocating */
	if (ngroups > FC_MAX_GROUPS_HARD ||
		ngroups > (len - r.pos) / (4 * ndims + 72))
		return fc_binary_fail(&bld, "Number of groups does not fit the data", 4);
	bld.h = fc_new_scratch(a, (int) ndims, (flags & 1) != 0, err);
	if (bld.h == NULL)
		return NULL;
	for (i = 0; i < ngroups; i++)
	{
		FcPart		parts[FC_MAX_DIMS];
		int64_t		n[FC_NCELLS];
		double		w[FC_NCELLS];
		int			c;

		if (!fk_rd_key(&r, (int) ndims, parts, "fairness.confusion", err))
		{
			fc_builder_abort(&bld);
			return NULL;
		}
		for (c = 0; c < FC_NCELLS; c++)
		{
			if (!fk_rd_be(&r, 8, &v))
				return fc_binary_fail(&bld, "Truncated counts", r.pos);
			n[c] = (int64_t) v;
		}
		if (flags & 1)
			for (c = 0; c < FC_NCELLS; c++)
			{
				if (!fk_rd_be(&r, 8, &v))
					return fc_binary_fail(&bld, "Truncated weights", r.pos);
				memcpy(&w[c], &v, 8);
				if (w[c] == 0.0)
					w[c] = 0.0;
			}
		if (!fc_builder_group(&bld, parts, (int) ndims, n, (flags & 1) ? w : NULL))
		{
			fc_builder_abort(&bld);
			return NULL;
		}
	}
	if (r.pos != len)
		return fc_binary_fail(&bld, "Trailing bytes", r.pos);
	return fc_builder_finish(&bld);
}
