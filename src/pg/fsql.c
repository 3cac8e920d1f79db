/*-------------------------------------------------------------------------
 *
 * fsql.c
 *	  SQL glue shared by the keyed summary types (fairness.confusion,
 *	  fairness.scores, fairness.outcomes); see fsql.h.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/tuplestore.h"

#include "fairness_pg.h"
#include "fsql.h"

bool
fsql_ascii_escapes_only(void)
{
	return GetDatabaseEncoding() != PG_UTF8;
}

const uint8_t *
fsql_recv_bytes(StringInfo buf, size_t *len)
{
	const uint8_t *b = (const uint8_t *) buf->data + buf->cursor;

	*len = (size_t) (buf->len - buf->cursor);
	buf->cursor = buf->len;
	return b;
}

char *
fsql_jsonb_text(Jsonb *j)
{
	return JsonbToCString(NULL, &j->root, VARSIZE(j));
}

char *
fsql_text_out(char *s, const FcError *err)
{
	if (s == NULL)
		fpg_report(err);
	return s;
}

bytea *
fsql_bytea_out(uint8_t *b, size_t len, const FcError *err)
{
	bytea	   *out;

	if (b == NULL)
		fpg_report(err);
	out = (bytea *) palloc(VARHDRSZ + len);
	SET_VARSIZE(out, VARHDRSZ + len);
	memcpy(VARDATA(out), b, len);
	return out;
}

Datum
fsql_jsonb_out(char *s, const FcError *err)
{
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(fsql_text_out(s, err)));
}

void
fsql_require_agg(FunctionCallInfo fcinfo, const char *fname, const char *hint)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", fname),
				 errhint("%s", hint)));
}

/* fsql_array_parts: see fsql.h */
int
fsql_array_parts(ArrayType *arr, FcPart *parts)
{
	int			nitems;
	bits8	   *bitmap;
	char	   *p;
	int			i;

	if (ARR_NDIM(arr) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("group array must not be empty"),
				 errhint("Pass the protected attributes as ARRAY[attr1, attr2, ...].")));
	if (ARR_NDIM(arr) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("group array must be one-dimensional"),
				 errhint("Pass the protected attributes as ARRAY[attr1, attr2, ...].")));
	nitems = ARR_DIMS(arr)[0];
	if (nitems < 1 || nitems > FC_MAX_DIMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("group array must have between 1 and %d elements",
						FC_MAX_DIMS),
				 errdetail("It has %d.", nitems)));
	bitmap = ARR_NULLBITMAP(arr);
	p = ARR_DATA_PTR(arr);
	for (i = 0; i < nitems; i++)
	{
		if (bitmap && !(bitmap[i / 8] & (1 << (i % 8))))
		{
			parts[i].isnull = true;
			parts[i].data = NULL;
			parts[i].len = 0;
			continue;
		}
		if (VARATT_IS_EXTERNAL(p) || VARATT_IS_COMPRESSED(p))
		{
			struct varlena *v = pg_detoast_datum_packed((struct varlena *) p);

			parts[i].data = VARDATA_ANY(v);
			parts[i].len = VARSIZE_ANY_EXHDR(v);
		}
		else
		{
			parts[i].data = VARDATA_ANY(p);
			parts[i].len = VARSIZE_ANY_EXHDR(p);
		}
		parts[i].isnull = false;
		p = att_addlength_pointer(p, -1, p);
		p = (char *) att_align_nominal(p, TYPALIGN_INT);
	}
	return nitems;
}

/*
 * fsql_group_parts
 *		The group as key parts: nattr = 0, one text[] argument (argno); else
 *		nattr text arguments from argno on (NULL: the unknown value), which
 *		make the key the same values make as ARRAY[...].
 */
int
fsql_group_parts(FunctionCallInfo fcinfo, int argno, int nattr,
				 FcPart *parts)
{
	int			k;

	if (nattr == 0)
	{
		if (PG_ARGISNULL(argno))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("group array must not be NULL"),
					 errhint("Pass the attributes as ARRAY[attr1, attr2]: its elements may be NULL (unknown), the array itself may not.")));
		return fsql_array_parts(PG_GETARG_ARRAYTYPE_P(argno), parts);
	}
	for (k = 0; k < nattr; k++)
	{
		if (PG_ARGISNULL(argno + k))
		{
			parts[k].isnull = true;
			parts[k].data = NULL;
			parts[k].len = 0;
		}
		else
		{
			text	   *t = PG_GETARG_TEXT_PP(argno + k);

			parts[k].isnull = false;
			parts[k].data = VARDATA_ANY(t);
			parts[k].len = VARSIZE_ANY_EXHDR(t);
		}
	}
	return nattr;
}

double
fsql_weight_arg(FunctionCallInfo fcinfo, int argno)
{
	double		w;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("weight must not be NULL"),
				 errhint("Use coalesce(weight, 1) to give rows without a weight the weight 1.")));
	w = PG_GETARG_FLOAT8(argno);
	if (isnan(w) || isinf(w) || w < 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight must be a finite number >= 0"),
				 errdetail("The weight is %g.", w)));
	return w;
}

text *
fsql_group_label(const FkHeader *h, uint32 i, bool *unknown)
{
	FcPart		parts[FC_MAX_DIMS];

	if (!fk_parts(h, i, parts))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("fairness summary value is corrupted"),
				 errdetail("A group key is malformed.")));
	return fpg_label_from_parts(parts, h->ndims, unknown);
}

Datum
fsql_group_key(const FkHeader *h, uint32 i)
{
	Datum		elems[FC_MAX_DIMS];
	bool		nulls[FC_MAX_DIMS];
	int			dims[1];
	int			lbs[1] = {1};
	int			d;
	FcPart		parts[FC_MAX_DIMS];

	if (!fk_parts(h, i, parts))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("fairness summary value is corrupted"),
				 errdetail("A group key is malformed.")));
	for (d = 0; d < h->ndims; d++)
	{
		nulls[d] = parts[d].isnull;
		elems[d] = nulls[d] ? (Datum) 0 :
			PointerGetDatum(cstring_to_text_with_len(parts[d].data, (int) parts[d].len));
	}
	dims[0] = h->ndims;
	return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs,
											  TEXTOID, -1, false, TYPALIGN_INT));
}

uint32
fsql_find_group(const FkHeader *h, text *name, const char *role)
{
	int			nd = h->ndims;
	uint32		n = h->ngroups;
	FcPart	   *parts = palloc(sizeof(FcPart) * (Max(n, 1) * nd));
	text	  **labels = palloc(sizeof(text *) * Max(n, 1));
	bool	   *unknown = palloc(sizeof(bool) * Max(n, 1));
	uint32		i;

	for (i = 0; i < n; i++)
	{
		if (!fk_parts(h, i, &parts[(size_t) i * nd]))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("fairness summary value is corrupted"),
					 errdetail("A group key is malformed.")));
		labels[i] = fpg_label_from_parts(&parts[(size_t) i * nd], nd, &unknown[i]);
	}
	return (uint32) fpg_match_group(text_to_cstring(name), nd, (int) n, parts,
								   labels, unknown, role);
}

/* fsql_check_key_encoding: see fsql.h */
void
fsql_check_key_encoding(const char *key, uint32 key_len, int ndims)
{
	int			d;

	for (d = 0; d < ndims; d++)
	{
		const char *p;
		uint32_t	len;
		bool		isnull;

		if (!fk_key_part(key, key_len, d, &p, &len, &isnull))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("fairness summary value is corrupted"),
					 errdetail("A group key is malformed.")));
		if (!isnull)
			pg_verifymbstr(p, (int) len, false);
	}
}

void
fsql_check_encoding(const FkHeader *h)
{
	uint32		i;

	for (i = 0; i < h->ngroups; i++)
		fsql_check_key_encoding(fk_key(h, i), fk_key_len(h, i), h->ndims);
}
