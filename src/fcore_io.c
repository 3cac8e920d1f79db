/*-------------------------------------------------------------------------
 *
 * fcore_io.c
 *	  The text (JSON) and binary (send/recv) forms of the
 *	  fairness.confusion summary: writer, reader and the builder they share.
 *	  No PostgreSQL header: see fcore.h.  (Layout, keys, growth, merge and
 *	  canonical form are in fcore.c.)
 *
 * Every function that can fail reports through FcError and leaves its
 * inputs untouched.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fcore.h"
#include "fcore_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* order in which cells are written in the text form */
static const int fc_text_order[FC_NCELLS] = {
	FC_TP, FC_FP, FC_TN, FC_FN, FC_TU, FC_FU, FC_UP, FC_UN, FC_UU
};

/* ------------------------------------------------------------------------
 * Growable byte buffer for output
 * ------------------------------------------------------------------------
 */
typedef struct FcBuf
{
	const FcAlloc *a;
	char	   *data;
	size_t		len;
	size_t		cap;
	bool		failed;
} FcBuf;

static void
fc_buf_reserve(FcBuf *b, size_t more)
{
	char	   *n;
	size_t		cap;

	if (b->failed)
		return;
	if (b->cap - b->len > more)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap - b->len <= more)
	{
		if (cap > FC_MAX_BYTES)
		{
			b->failed = true;
			return;
		}
		cap *= 2;
	}
	n = b->a->alloc(b->a->ctx, cap);
	if (n == NULL)
	{
		b->failed = true;
		return;
	}
	if (b->len)
		memcpy(n, b->data, b->len);
	if (b->data)
		b->a->release(b->a->ctx, b->data);
	b->data = n;
	b->cap = cap;
}

static void
fc_buf_put(FcBuf *b, const void *p, size_t n)
{
	fc_buf_reserve(b, n + 1);
	if (b->failed)
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
fc_buf_puts(FcBuf *b, const char *s)
{
	fc_buf_put(b, s, strlen(s));
}

/* JSON string with the escapes RFC 8259 requires; other bytes as they are */
static void
fc_buf_json_string(FcBuf *b, const char *s, uint32_t n)
{
	uint32_t	i;

	fc_buf_put(b, "\"", 1);
	for (i = 0; i < n; i++)
	{
		unsigned char ch = (unsigned char) s[i];

		if (ch == '"')
			fc_buf_put(b, "\\\"", 2);
		else if (ch == '\\')
			fc_buf_put(b, "\\\\", 2);
		else if (ch == '\n')
			fc_buf_put(b, "\\n", 2);
		else if (ch == '\t')
			fc_buf_put(b, "\\t", 2);
		else if (ch == '\r')
			fc_buf_put(b, "\\r", 2);
		else if (ch < 0x20 || ch == 0x7f)
		{
			char		esc[8];

			snprintf(esc, sizeof(esc), "\\u%04x", ch);
			fc_buf_put(b, esc, 6);
		}
		else
			fc_buf_put(b, s + i, 1);
	}
	fc_buf_put(b, "\"", 1);
}

/*
 * fc_format_double
 *		Shortest %g text (up to 17 significant digits) that strtod reads back
 *		as exactly v.  v must be finite.
 */
int
fc_format_double(char *buf, size_t buflen, double v)
{
	int			prec;
	int			n = 0;

	for (prec = 1; prec <= 17; prec++)
	{
		n = snprintf(buf, buflen, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return n;
}

/*
 * fc_format_text
 *		The JSON text form.  Scratch values are formatted through their
 *		canonical form so that output never depends on arrival order.
 */
char *
fc_format_text(const FcAlloc *a, const FcHeader *h, size_t *len, FcError *err)
{
	FcBuf		b;
	const FcHeader *c = h;
	FcHeader   *canon = NULL;
	uint32_t	i;
	char		num[64];

	if (h->flags & FC_F_SCRATCH)
	{
		canon = fc_canonical(a, h, err);
		if (canon == NULL)
			return NULL;
		c = canon;
	}
	memset(&b, 0, sizeof(b));
	b.a = a;
	snprintf(num, sizeof(num), "{\"version\":%d,\"attributes\":%d,\"weighted\":%s,\"groups\":[",
			 FC_FORMAT_VERSION, (int) c->ndims,
			 (c->flags & FC_F_WEIGHTED) ? "true" : "false");
	fc_buf_puts(&b, num);
	for (i = 0; i < c->ngroups && !b.failed; i++)
	{
		const FcEntry *e = &fc_entries(c)[i];
		const char *key = fc_key(c, i);
		int			d,
					k;

		fc_buf_puts(&b, i ? ",{\"group\":" : "{\"group\":");
		if (c->ndims > 1)
			fc_buf_put(&b, "[", 1);
		for (d = 0; d < c->ndims; d++)
		{
			const char *p;
			uint32_t	l;
			bool		isnull;

			if (d > 0)
				fc_buf_put(&b, ",", 1);
			if (!fc_key_part(key, e->key_len, d, &p, &l, &isnull))
			{
				if (b.data)
					a->release(a->ctx, b.data);
				if (canon)
					a->release(a->ctx, canon);
				fc_error(err, FC_ERR_CORRUPT, "fairness.confusion value is corrupted");
				return NULL;
			}
			if (isnull)
				fc_buf_puts(&b, "null");
			else
				fc_buf_json_string(&b, p, l);
		}
		if (c->ndims > 1)
			fc_buf_put(&b, "]", 1);
		for (k = 0; k < FC_NCELLS; k++)
		{
			int			cell = fc_text_order[k];

			if (k >= 4 && e->n[cell] == 0)
				continue;
			snprintf(num, sizeof(num), ",\"%s\":%lld", fc_cell_names[cell],
					 (long long) e->n[cell]);
			fc_buf_puts(&b, num);
		}
		if (c->flags & FC_F_WEIGHTED)
		{
			bool		first = true;

			fc_buf_puts(&b, ",\"weights\":{");
			for (k = 0; k < FC_NCELLS; k++)
			{
				int			cell = fc_text_order[k];
				char		dbl[40];

				if (k >= 4 && e->n[cell] == 0)
					continue;
				fc_format_double(dbl, sizeof(dbl),
								 fc_weights(c)[(size_t) i * FC_NCELLS + cell]);
				snprintf(num, sizeof(num), "%s\"%s\":%s", first ? "" : ",",
						 fc_cell_names[cell], dbl);
				fc_buf_puts(&b, num);
				first = false;
			}
			fc_buf_puts(&b, "}");
		}
		fc_buf_puts(&b, "}");
	}
	fc_buf_puts(&b, "]}");
	if (canon)
		a->release(a->ctx, canon);
	if (b.failed)
	{
		if (b.data)
			a->release(a->ctx, b.data);
		fc_error(err, FC_ERR_LIMIT, "fairness.confusion text form would exceed 1 GB");
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
	int			c,
				d;

	for (d = 0; d < nparts; d++)
		if (!parts[d].isnull && parts[d].len > FC_MAX_VALUE_BYTES)
		{
			fc_error(bld->err, FC_ERR_LIMIT, "group value is too long");
			fc_detail(bld->err, "A group value is %u bytes; the maximum is %d bytes.",
					  parts[d].len, FC_MAX_VALUE_BYTES);
			return false;
		}
	for (c = 0; c < FC_NCELLS; c++)
	{
		if (n[c] < 0)
		{
			fc_error(bld->err, FC_ERR_RANGE, "count \"%s\" must not be negative",
					 fc_cell_names[c]);
			return false;
		}
		if (n[c] > INT64_MAX - gt)
			return fc_error(bld->err, FC_ERR_RANGE,
							"fairness.confusion row count out of range");
		gt += n[c];
		if (w != NULL && (!isfinite(w[c]) || w[c] < 0.0))
		{
			fc_error(bld->err, FC_ERR_RANGE,
					 "weight \"%s\" must be a finite number >= 0", fc_cell_names[c]);
			return false;
		}
		if (w != NULL && n[c] == 0 && w[c] != 0.0)
		{
			fc_error(bld->err, FC_ERR_VALUE,
					 "weight \"%s\" is not zero but its count is zero", fc_cell_names[c]);
			return false;
		}
	}
	if (gt == 0)
	{
		fc_error(bld->err, FC_ERR_VALUE, "a group must have at least one row");
		fc_detail(bld->err, "Every count of group number %u is zero.", before + 1);
		return false;
	}
	if (gt > INT64_MAX - bld->h->total)
		return fc_error(bld->err, FC_ERR_RANGE,
						"fairness.confusion row count out of range");
	g = fc_lookup_insert(&bld->h, bld->a, parts, nparts, FC_MAX_GROUPS_HARD,
						 bld->err);
	if (old != bld->h)
		bld->a->release(bld->a->ctx, old);
	if (g < 0)
		return false;
	if ((uint32_t) g < before)
	{
		fc_error(bld->err, FC_ERR_VALUE, "duplicate group in fairness.confusion value");
		fc_detail(bld->err, "Group number %u repeats an earlier group.", before + 1);
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
 * Text form: a small JSON reader for exactly this schema
 *
 * {"version":1,"attributes":N,"weighted":BOOL,"groups":[GROUP,...]}
 * GROUP = {"group":KEY,"tp":INT,...,"weights":{"tp":NUM,...}}
 * KEY   = string | null            when attributes = 1
 *       = [string|null, ...]       with exactly N elements otherwise
 *
 * Keys may come in any order (jsonb reorders them), so the reader keeps a
 * small tree and interprets it afterwards.
 * ------------------------------------------------------------------------
 */
typedef enum
{
	JN_NULL, JN_TRUE, JN_FALSE, JN_NUMBER, JN_STRING, JN_ARRAY, JN_OBJECT
} JsonKind;

typedef struct JsonNode
{
	JsonKind	kind;
	uint32_t	str_off;		/* strings: decoded bytes; numbers: text */
	uint32_t	str_len;
	uint32_t	first;			/* arrays/objects: first child, 0 = none */
	uint32_t	count;			/* children (objects: key,value pairs * 2) */
	uint32_t	next;			/* next sibling, 0 = none */
} JsonNode;

typedef struct JsonReader
{
	const FcAlloc *a;
	const char *s;
	size_t		len;
	size_t		pos;
	bool		ascii_escapes_only;
	JsonNode   *nodes;
	uint32_t	nnodes;
	uint32_t	cap;
	char	   *strs;
	size_t		slen;
	size_t		scap;
	FcError    *err;
	bool		oom;
} JsonReader;

#define JSON_MAX_DEPTH 8

static bool
jr_fail(JsonReader *r, const char *what)
{
	fc_error(r->err, FC_ERR_SYNTAX,
			 "invalid input syntax for type fairness.confusion");
	fc_detail(r->err, "%s at character %zu.", what, r->pos + 1);
	return false;
}

static void
jr_skip_ws(JsonReader *r)
{
	while (r->pos < r->len &&
		   (r->s[r->pos] == ' ' || r->s[r->pos] == '\t' ||
			r->s[r->pos] == '\n' || r->s[r->pos] == '\r'))
		r->pos++;
}

static int64_t
jr_new_node(JsonReader *r, JsonKind kind)
{
	if (r->nnodes == r->cap)
	{
		uint32_t	ncap = r->cap ? r->cap * 2 : 64;
		JsonNode   *n;

		if (ncap > FC_MAX_BYTES / sizeof(JsonNode))
		{
			r->oom = true;
			return -1;
		}
		n = r->a->alloc(r->a->ctx, (size_t) ncap * sizeof(JsonNode));
		if (n == NULL)
		{
			r->oom = true;
			return -1;
		}
		if (r->nodes)
		{
			memcpy(n, r->nodes, (size_t) r->nnodes * sizeof(JsonNode));
			r->a->release(r->a->ctx, r->nodes);
		}
		r->nodes = n;
		r->cap = ncap;
	}
	memset(&r->nodes[r->nnodes], 0, sizeof(JsonNode));
	r->nodes[r->nnodes].kind = kind;
	return r->nnodes++;
}

static bool
jr_put_str(JsonReader *r, const char *p, size_t n)
{
	if (r->scap - r->slen < n + 1)
	{
		size_t		ncap = r->scap ? r->scap : 256;
		char	   *ns;

		while (ncap - r->slen < n + 1)
			ncap *= 2;
		if (ncap > FC_MAX_BYTES)
		{
			r->oom = true;
			return false;
		}
		ns = r->a->alloc(r->a->ctx, ncap);
		if (ns == NULL)
		{
			r->oom = true;
			return false;
		}
		if (r->strs)
		{
			memcpy(ns, r->strs, r->slen);
			r->a->release(r->a->ctx, r->strs);
		}
		r->strs = ns;
		r->scap = ncap;
	}
	memcpy(r->strs + r->slen, p, n);
	r->slen += n;
	return true;
}

static int
jr_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
jr_read_u4(JsonReader *r, uint32_t *cp)
{
	int			i;

	*cp = 0;
	if (r->len - r->pos < 4)
		return jr_fail(r, "Truncated \\u escape");
	for (i = 0; i < 4; i++)
	{
		int			v = jr_hex(r->s[r->pos + i]);

		if (v < 0)
			return jr_fail(r, "Invalid \\u escape");
		*cp = *cp * 16 + (uint32_t) v;
	}
	r->pos += 4;
	return true;
}

/* jr_string: parse a JSON string at r->pos (on the quote) into a node */
static int64_t
jr_string(JsonReader *r)
{
	int64_t		id = jr_new_node(r, JN_STRING);
	size_t		start;

	if (id < 0)
		return -1;
	r->pos++;					/* opening quote */
	/* make sure strs exists: an empty first string must not point at NULL */
	if (!jr_put_str(r, "", 0))
		return -1;
	start = r->slen;
	r->nodes[id].str_off = (uint32_t) start;
	for (;;)
	{
		unsigned char ch;

		if (r->pos >= r->len)
			return jr_fail(r, "Unterminated string"), -1;
		ch = (unsigned char) r->s[r->pos];
		if (ch == '"')
		{
			r->pos++;
			break;
		}
		if (ch < 0x20)
			return jr_fail(r, "Control character in string"), -1;
		if (ch != '\\')
		{
			size_t		run = r->pos;

			while (run < r->len && r->s[run] != '"' && r->s[run] != '\\' &&
				   (unsigned char) r->s[run] >= 0x20)
				run++;
			if (!jr_put_str(r, r->s + r->pos, run - r->pos))
				return -1;
			r->pos = run;
			continue;
		}
		r->pos++;
		if (r->pos >= r->len)
			return jr_fail(r, "Unterminated string"), -1;
		ch = (unsigned char) r->s[r->pos++];
		if (ch != 'u')
		{
			static const char from[] = "\"\\/bfnrt";
			static const char to[] = "\"\\/\b\f\n\r\t";
			const char *e = ch ? strchr(from, ch) : NULL;

			if (e == NULL)
			{
				r->pos--;
				return jr_fail(r, "Invalid escape in string"), -1;
			}
			if (!jr_put_str(r, &to[e - from], 1))
				return -1;
			continue;
		}
		/* \uXXXX, possibly a surrogate pair */
		{
			uint32_t	cp;
			char		utf[4];
			size_t		n;

			if (!jr_read_u4(r, &cp))
				return -1;
			if (cp >= 0xD800 && cp <= 0xDBFF)
			{
				uint32_t	lo;

				if (r->len - r->pos < 2 || r->s[r->pos] != '\\' ||
					r->s[r->pos + 1] != 'u')
					return jr_fail(r, "Unpaired Unicode surrogate"), -1;
				r->pos += 2;
				if (!jr_read_u4(r, &lo))
					return -1;
				if (lo < 0xDC00 || lo > 0xDFFF)
					return jr_fail(r, "Unpaired Unicode surrogate"), -1;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			else if (cp >= 0xDC00 && cp <= 0xDFFF)
				return jr_fail(r, "Unpaired Unicode surrogate"), -1;
			if (cp == 0)
				return jr_fail(r, "\\u0000 cannot be stored in a group name"), -1;
			if (cp > 0x7F && r->ascii_escapes_only)
				return jr_fail(r, "Unicode escape above U+007F in a database whose encoding is not UTF8"), -1;
			if (cp < 0x80)
			{
				utf[0] = (char) cp;
				n = 1;
			}
			else if (cp < 0x800)
			{
				utf[0] = (char) (0xC0 | (cp >> 6));
				utf[1] = (char) (0x80 | (cp & 0x3F));
				n = 2;
			}
			else if (cp < 0x10000)
			{
				utf[0] = (char) (0xE0 | (cp >> 12));
				utf[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
				utf[2] = (char) (0x80 | (cp & 0x3F));
				n = 3;
			}
			else
			{
				utf[0] = (char) (0xF0 | (cp >> 18));
				utf[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
				utf[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
				utf[3] = (char) (0x80 | (cp & 0x3F));
				n = 4;
			}
			if (!jr_put_str(r, utf, n))
				return -1;
		}
	}
	if (r->slen - start > FC_MAX_BYTES)
		return jr_fail(r, "String too long"), -1;
	r->nodes[id].str_len = (uint32_t) (r->slen - start);
	return id;
}

/* jr_number: JSON number grammar; the node keeps its text */
static int64_t
jr_number(JsonReader *r)
{
	size_t		p = r->pos;
	int64_t		id;

	if (p < r->len && r->s[p] == '-')
		p++;
	if (p >= r->len || r->s[p] < '0' || r->s[p] > '9')
		return jr_fail(r, "Invalid number"), -1;
	if (r->s[p] == '0')
		p++;
	else
		while (p < r->len && r->s[p] >= '0' && r->s[p] <= '9')
			p++;
	if (p < r->len && r->s[p] == '.')
	{
		p++;
		if (p >= r->len || r->s[p] < '0' || r->s[p] > '9')
			return jr_fail(r, "Invalid number"), -1;
		while (p < r->len && r->s[p] >= '0' && r->s[p] <= '9')
			p++;
	}
	if (p < r->len && (r->s[p] == 'e' || r->s[p] == 'E'))
	{
		p++;
		if (p < r->len && (r->s[p] == '+' || r->s[p] == '-'))
			p++;
		if (p >= r->len || r->s[p] < '0' || r->s[p] > '9')
			return jr_fail(r, "Invalid number"), -1;
		while (p < r->len && r->s[p] >= '0' && r->s[p] <= '9')
			p++;
	}
	id = jr_new_node(r, JN_NUMBER);
	if (id < 0)
		return -1;
	r->nodes[id].str_off = (uint32_t) r->slen;
	r->nodes[id].str_len = (uint32_t) (p - r->pos);
	if (!jr_put_str(r, r->s + r->pos, p - r->pos))
		return -1;
	r->pos = p;
	return id;
}

static int64_t jr_value(JsonReader *r, int depth);

static bool
jr_literal(JsonReader *r, const char *word)
{
	size_t		n = strlen(word);

	if (r->len - r->pos < n || memcmp(r->s + r->pos, word, n) != 0)
		return jr_fail(r, "Unexpected token");
	r->pos += n;
	return true;
}

/* jr_container: array or object; children linked through `next` */
static int64_t
jr_container(JsonReader *r, int depth, bool object)
{
	int64_t		id = jr_new_node(r, object ? JN_OBJECT : JN_ARRAY);
	int64_t		prev = -1;
	char		close = object ? '}' : ']';

	if (id < 0)
		return -1;
	if (depth > JSON_MAX_DEPTH)
		return jr_fail(r, "Nesting too deep"), -1;
	r->pos++;
	jr_skip_ws(r);
	if (r->pos < r->len && r->s[r->pos] == close)
	{
		r->pos++;
		return id;
	}
	for (;;)
	{
		int64_t		child;
		int			k;

		for (k = 0; k < (object ? 2 : 1); k++)
		{
			jr_skip_ws(r);
			if (object && k == 0)
			{
				if (r->pos >= r->len || r->s[r->pos] != '"')
					return jr_fail(r, "Expected a key string"), -1;
				child = jr_string(r);
			}
			else
				child = jr_value(r, depth + 1);
			if (child < 0)
				return -1;
			if (prev < 0)
				r->nodes[id].first = (uint32_t) child;
			else
				r->nodes[prev].next = (uint32_t) child;
			prev = child;
			r->nodes[id].count++;
			jr_skip_ws(r);
			if (object && k == 0)
			{
				if (r->pos >= r->len || r->s[r->pos] != ':')
					return jr_fail(r, "Expected \":\""), -1;
				r->pos++;
			}
		}
		if (r->pos < r->len && r->s[r->pos] == ',')
		{
			r->pos++;
			continue;
		}
		if (r->pos < r->len && r->s[r->pos] == close)
		{
			r->pos++;
			return id;
		}
		return jr_fail(r, object ? "Expected \",\" or \"}\"" :
					   "Expected \",\" or \"]\""), -1;
	}
}

static int64_t
jr_value(JsonReader *r, int depth)
{
	char		ch;

	jr_skip_ws(r);
	if (r->pos >= r->len)
		return jr_fail(r, "Unexpected end of input"), -1;
	ch = r->s[r->pos];
	if (ch == '{')
		return jr_container(r, depth, true);
	if (ch == '[')
		return jr_container(r, depth, false);
	if (ch == '"')
		return jr_string(r);
	if (ch == '-' || (ch >= '0' && ch <= '9'))
		return jr_number(r);
	if (ch == 't')
		return jr_literal(r, "true") ? jr_new_node(r, JN_TRUE) : -1;
	if (ch == 'f')
		return jr_literal(r, "false") ? jr_new_node(r, JN_FALSE) : -1;
	if (ch == 'n')
		return jr_literal(r, "null") ? jr_new_node(r, JN_NULL) : -1;
	return jr_fail(r, "Unexpected token"), -1;
}

/* ---- interpretation ---- */

static bool
jn_is_key(const JsonReader *r, const JsonNode *k, const char *name)
{
	size_t		n = strlen(name);

	return k->str_len == n && memcmp(r->strs + k->str_off, name, n) == 0;
}

static bool
ji_fail(JsonReader *r, FcErrCode code, const char *msg, const char *detail)
{
	fc_error(r->err, code, "%s", msg);
	if (detail)
		fc_detail(r->err, "%s", detail);
	return false;
}

/* ji_int64: a JSON integer (no fraction, no exponent) in [0, INT64_MAX] */
static bool
ji_int64(JsonReader *r, const JsonNode *n, const char *what, int64_t *out)
{
	const char *p = r->strs + n->str_off;
	uint32_t	i;
	uint64_t	v = 0;

	if (n->kind != JN_NUMBER)
	{
		fc_error(r->err, FC_ERR_SYNTAX,
				 "invalid input syntax for type fairness.confusion");
		fc_detail(r->err, "\"%s\" must be a number.", what);
		return false;
	}
	if (p[0] == '-')
	{
		/* "-0" is zero; anything else negative is out of range */
		for (i = 1; i < n->str_len && (p[i] == '0'); i++)
			;
		if (i == n->str_len)
		{
			*out = 0;
			return true;
		}
		fc_error(r->err, FC_ERR_RANGE, "count \"%s\" must not be negative", what);
		return false;
	}
	for (i = 0; i < n->str_len; i++)
	{
		if (p[i] < '0' || p[i] > '9')
		{
			fc_error(r->err, FC_ERR_SYNTAX,
					 "invalid input syntax for type fairness.confusion");
			fc_detail(r->err, "\"%s\" must be a whole number, not %.*s.", what,
					  (int) (n->str_len > 40 ? 40 : n->str_len), p);
			return false;
		}
		if (v > (uint64_t) (INT64_MAX - (p[i] - '0')) / 10)
		{
			fc_error(r->err, FC_ERR_RANGE,
					 "count \"%s\" is out of range for type bigint", what);
			return false;
		}
		v = v * 10 + (uint64_t) (p[i] - '0');
	}
	*out = (int64_t) v;
	return true;
}

/* ji_double: a JSON number as a finite double */
static bool
ji_double(JsonReader *r, const JsonNode *n, const char *what, double *out)
{
	char		tmp[400];
	char	   *end;

	if (n->kind != JN_NUMBER)
	{
		fc_error(r->err, FC_ERR_SYNTAX,
				 "invalid input syntax for type fairness.confusion");
		fc_detail(r->err, "Weight \"%s\" must be a number.", what);
		return false;
	}
	if (n->str_len >= sizeof(tmp))
	{
		fc_error(r->err, FC_ERR_RANGE, "weight \"%s\" is out of range", what);
		return false;
	}
	memcpy(tmp, r->strs + n->str_off, n->str_len);
	tmp[n->str_len] = '\0';
	errno = 0;
	*out = strtod(tmp, &end);
	if (*end != '\0' || !isfinite(*out) || (errno == ERANGE && fabs(*out) > 1.0))
	{
		fc_error(r->err, FC_ERR_RANGE, "weight \"%s\" is out of range", what);
		return false;
	}
	if (*out < 0.0)
	{
		fc_error(r->err, FC_ERR_RANGE, "weight \"%s\" must be a finite number >= 0",
				 what);
		return false;
	}
	if (*out == 0.0)
		*out = 0.0;				/* no negative zero */
	return true;
}

static int
ji_cell(const JsonReader *r, const JsonNode *k)
{
	int			c;

	for (c = 0; c < FC_NCELLS; c++)
		if (jn_is_key(r, k, fc_cell_names[c]))
			return c;
	return -1;
}

/* ji_key: a group key node into parts; sets *ndims_out on first use */
static bool
ji_key(JsonReader *r, const JsonNode *kn, FcPart *parts, int *nparts)
{
	const JsonNode *el;
	uint32_t	i;

	if (kn->kind == JN_NULL || kn->kind == JN_STRING)
	{
		*nparts = 1;
		parts[0].isnull = (kn->kind == JN_NULL);
		parts[0].data = r->strs + kn->str_off;
		parts[0].len = kn->str_len;
		return true;
	}
	if (kn->kind != JN_ARRAY || kn->count < 1 || kn->count > FC_MAX_DIMS)
		return ji_fail(r, FC_ERR_SYNTAX,
					   "invalid input syntax for type fairness.confusion",
					   "\"group\" must be a string, null, or an array of 1 to 16 strings or nulls.");
	el = &r->nodes[kn->first];
	for (i = 0; i < kn->count; i++)
	{
		if (el->kind != JN_NULL && el->kind != JN_STRING)
			return ji_fail(r, FC_ERR_SYNTAX,
						   "invalid input syntax for type fairness.confusion",
						   "Elements of \"group\" must be strings or nulls.");
		parts[i].isnull = (el->kind == JN_NULL);
		parts[i].data = r->strs + el->str_off;
		parts[i].len = el->str_len;
		el = &r->nodes[el->next];
	}
	*nparts = (int) kn->count;
	return true;
}

static FcHeader *
ji_interpret(JsonReader *r)
{
	const JsonNode *root = &r->nodes[0];
	const JsonNode *k;
	const JsonNode *groups = NULL;
	const JsonNode *g;
	int64_t		version = -1,
				attributes = -1;
	int			weighted = -1;
	uint32_t	i;
	FcBuilder	bld;

	if (root->kind != JN_OBJECT)
		return ji_fail(r, FC_ERR_SYNTAX,
					   "invalid input syntax for type fairness.confusion",
					   "The value must be a JSON object."), NULL;
	k = root->count ? &r->nodes[root->first] : NULL;
	for (i = 0; i < root->count; i += 2)
	{
		const JsonNode *v = &r->nodes[k->next];

		if (jn_is_key(r, k, "version"))
		{
			if (version >= 0 || !ji_int64(r, v, "version", &version))
				return version >= 0 ? ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
											  "Key \"version\" appears twice."), NULL : NULL;
		}
		else if (jn_is_key(r, k, "attributes"))
		{
			if (attributes >= 0 || !ji_int64(r, v, "attributes", &attributes))
				return attributes >= 0 ? ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
												 "Key \"attributes\" appears twice."), NULL : NULL;
		}
		else if (jn_is_key(r, k, "weighted"))
		{
			if (weighted >= 0)
				return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
							   "Key \"weighted\" appears twice."), NULL;
			if (v->kind != JN_TRUE && v->kind != JN_FALSE)
				return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
							   "\"weighted\" must be true or false."), NULL;
			weighted = (v->kind == JN_TRUE);
		}
		else if (jn_is_key(r, k, "groups"))
		{
			if (groups != NULL)
				return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
							   "Key \"groups\" appears twice."), NULL;
			if (v->kind != JN_ARRAY)
				return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
							   "\"groups\" must be an array."), NULL;
			groups = v;
		}
		else
		{
			fc_error(r->err, FC_ERR_SYNTAX,
					 "invalid input syntax for type fairness.confusion");
			fc_detail(r->err, "Unknown key \"%.*s\".",
					  (int) (k->str_len > 64 ? 64 : k->str_len),
					  r->strs + k->str_off);
			fc_hint(r->err, "Known keys are \"version\", \"attributes\", \"weighted\" and \"groups\".");
			return NULL;
		}
		k = v->next ? &r->nodes[v->next] : NULL;
	}
	if (version < 0 || attributes < 0 || groups == NULL)
		return ji_fail(r, FC_ERR_SYNTAX,
					   "invalid input syntax for type fairness.confusion",
					   "The keys \"version\", \"attributes\" and \"groups\" are required."), NULL;
	if (version != FC_FORMAT_VERSION)
	{
		fc_error(r->err, FC_ERR_VALUE,
				 "unsupported fairness.confusion format version %lld",
				 (long long) version);
		fc_detail(r->err, "This release reads format version %d.", FC_FORMAT_VERSION);
		return NULL;
	}
	if (attributes < 1 || attributes > FC_MAX_DIMS)
	{
		fc_error(r->err, FC_ERR_VALUE,
				 "\"attributes\" must be between 1 and %d", FC_MAX_DIMS);
		return NULL;
	}
	if (weighted < 0)
		weighted = 0;

	memset(&bld, 0, sizeof(bld));
	bld.a = r->a;
	bld.err = r->err;
	bld.code = FC_ERR_SYNTAX;
	bld.h = fc_new_scratch(r->a, (int) attributes, weighted, r->err);
	if (bld.h == NULL)
		return NULL;

	g = groups->count ? &r->nodes[groups->first] : NULL;
	for (i = 0; i < groups->count; i++, g = g->next ? &r->nodes[g->next] : NULL)
	{
		const JsonNode *gk;
		const JsonNode *keynode = NULL;
		const JsonNode *wnode = NULL;
		int64_t		n[FC_NCELLS];
		double		w[FC_NCELLS];
		bool		seen[FC_NCELLS];
		FcPart		parts[FC_MAX_DIMS];
		int			nparts = 0;
		uint32_t	j;

		memset(n, 0, sizeof(n));
		memset(w, 0, sizeof(w));
		memset(seen, 0, sizeof(seen));
		if (g->kind != JN_OBJECT)
		{
			fc_builder_abort(&bld);
			return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
						   "Each element of \"groups\" must be an object."), NULL;
		}
		gk = g->count ? &r->nodes[g->first] : NULL;
		for (j = 0; j < g->count; j += 2)
		{
			const JsonNode *v = &r->nodes[gk->next];
			int			c;

			if (jn_is_key(r, gk, "group"))
			{
				if (keynode != NULL)
				{
					fc_builder_abort(&bld);
					return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
								   "Key \"group\" appears twice in a group."), NULL;
				}
				keynode = v;
			}
			else if (jn_is_key(r, gk, "weights"))
			{
				if (wnode != NULL || v->kind != JN_OBJECT)
				{
					fc_builder_abort(&bld);
					return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
								   "\"weights\" must be one object per group."), NULL;
				}
				wnode = v;
			}
			else if ((c = ji_cell(r, gk)) >= 0)
			{
				if (seen[c])
				{
					fc_builder_abort(&bld);
					fc_error(r->err, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion");
					fc_detail(r->err, "Key \"%s\" appears twice in a group.", fc_cell_names[c]);
					return NULL;
				}
				seen[c] = true;
				if (!ji_int64(r, v, fc_cell_names[c], &n[c]))
				{
					fc_builder_abort(&bld);
					return NULL;
				}
			}
			else
			{
				fc_builder_abort(&bld);
				fc_error(r->err, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion");
				fc_detail(r->err, "Unknown key \"%.*s\" in a group.",
						  (int) (gk->str_len > 64 ? 64 : gk->str_len),
						  r->strs + gk->str_off);
				fc_hint(r->err, "Known keys are \"group\", \"weights\", \"tp\", \"fp\", \"tn\", \"fn\", \"label_true_pred_null\", \"label_false_pred_null\", \"label_null_pred_true\", \"label_null_pred_false\" and \"label_null_pred_null\".");
				return NULL;
			}
			gk = v->next ? &r->nodes[v->next] : NULL;
		}
		if (keynode == NULL)
		{
			fc_builder_abort(&bld);
			return ji_fail(r, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion",
						   "Every group needs a \"group\" key."), NULL;
		}
		if (!ji_key(r, keynode, parts, &nparts))
		{
			fc_builder_abort(&bld);
			return NULL;
		}
		if (nparts != attributes || (attributes > 1) != (keynode->kind == JN_ARRAY))
		{
			fc_builder_abort(&bld);
			fc_error(r->err, FC_ERR_VALUE,
					 "group key does not match \"attributes\"");
			fc_detail(r->err, "\"attributes\" is %lld but group number %u has %d.",
					  (long long) attributes, i + 1, nparts);
			return NULL;
		}
		if ((wnode != NULL) != (weighted != 0))
		{
			fc_builder_abort(&bld);
			return ji_fail(r, FC_ERR_VALUE,
						   weighted ? "every group of a weighted summary needs \"weights\"" :
						   "\"weights\" given in a summary that is not weighted",
						   NULL), NULL;
		}
		if (wnode != NULL)
		{
			const JsonNode *wk = wnode->count ? &r->nodes[wnode->first] : NULL;
			bool		wseen[FC_NCELLS];

			memset(wseen, 0, sizeof(wseen));
			for (j = 0; j < wnode->count; j += 2)
			{
				const JsonNode *v = &r->nodes[wk->next];
				int			c = ji_cell(r, wk);

				if (c < 0 || wseen[c])
				{
					fc_builder_abort(&bld);
					fc_error(r->err, FC_ERR_SYNTAX, "invalid input syntax for type fairness.confusion");
					fc_detail(r->err, c < 0 ? "Unknown key \"%.*s\" in \"weights\"." :
							  "Key \"%.*s\" appears twice in \"weights\".",
							  (int) (wk->str_len > 64 ? 64 : wk->str_len),
							  r->strs + wk->str_off);
					return NULL;
				}
				wseen[c] = true;
				if (!ji_double(r, v, fc_cell_names[c], &w[c]))
				{
					fc_builder_abort(&bld);
					return NULL;
				}
				wk = v->next ? &r->nodes[v->next] : NULL;
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

static void
jr_release(JsonReader *r)
{
	if (r->nodes)
		r->a->release(r->a->ctx, r->nodes);
	if (r->strs)
		r->a->release(r->a->ctx, r->strs);
}

FcHeader *
fc_parse_text(const FcAlloc *a, const char *s, size_t len,
			  bool ascii_escapes_only, FcError *err)
{
	JsonReader	r;
	int64_t		root;
	FcHeader   *out = NULL;

	memset(&r, 0, sizeof(r));
	r.a = a;
	r.s = s;
	r.len = len;
	r.err = err;
	r.ascii_escapes_only = ascii_escapes_only;
	root = jr_value(&r, 0);
	if (root >= 0)
	{
		jr_skip_ws(&r);
		if (r.pos != r.len)
			jr_fail(&r, "Unexpected text after the value");
		else
			out = ji_interpret(&r);
	}
	if (r.oom && out == NULL)
		fc_error(err, FC_ERR_LIMIT, "fairness.confusion text value is too large");
	jr_release(&r);
	return out;
}

/* ------------------------------------------------------------------------
 * Binary form (send/recv), network byte order:
 *
 *	uint8 version, uint8 flags (bit 0: weighted), uint16 attributes,
 *	uint32 groups, then per group:
 *		per attribute: int32 length (-1 = NULL) and the bytes,
 *		9 x int64 counts (cell order of FC_CELL), 9 x float8 weights if
 *		weighted.
 * ------------------------------------------------------------------------
 */
static void
fc_put_be(FcBuf *b, uint64_t v, int n)
{
	unsigned char tmp[8];
	int			i;

	for (i = 0; i < n; i++)
		tmp[i] = (unsigned char) (v >> (8 * (n - 1 - i)));
	fc_buf_put(b, tmp, (size_t) n);
}

uint8_t *
fc_encode_binary(const FcAlloc *a, const FcHeader *h, size_t *len,
				 FcError *err)
{
	FcBuf		b;
	const FcHeader *c = h;
	FcHeader   *canon = NULL;
	uint32_t	i;

	if (h->flags & FC_F_SCRATCH)
	{
		canon = fc_canonical(a, h, err);
		if (canon == NULL)
			return NULL;
		c = canon;
	}
	memset(&b, 0, sizeof(b));
	b.a = a;
	fc_put_be(&b, FC_FORMAT_VERSION, 1);
	fc_put_be(&b, (c->flags & FC_F_WEIGHTED) ? 1 : 0, 1);
	fc_put_be(&b, c->ndims, 2);
	fc_put_be(&b, c->ngroups, 4);
	for (i = 0; i < c->ngroups && !b.failed; i++)
	{
		const FcEntry *e = &fc_entries(c)[i];
		int			d,
					k;

		for (d = 0; d < c->ndims; d++)
		{
			const char *p;
			uint32_t	l;
			bool		isnull;

			if (!fc_key_part(fc_key(c, i), e->key_len, d, &p, &l, &isnull))
				b.failed = true;
			else if (isnull)
				fc_put_be(&b, 0xFFFFFFFFu, 4);
			else
			{
				fc_put_be(&b, l, 4);
				fc_buf_put(&b, p, l);
			}
		}
		for (k = 0; k < FC_NCELLS; k++)
			fc_put_be(&b, (uint64_t) e->n[k], 8);
		if (c->flags & FC_F_WEIGHTED)
			for (k = 0; k < FC_NCELLS; k++)
			{
				uint64_t	bits;
				double		w = fc_weights(c)[(size_t) i * FC_NCELLS + k];

				memcpy(&bits, &w, 8);
				fc_put_be(&b, bits, 8);
			}
	}
	if (canon)
		a->release(a->ctx, canon);
	if (b.failed)
	{
		if (b.data)
			a->release(a->ctx, b.data);
		fc_error(err, FC_ERR_LIMIT, "fairness.confusion binary form would exceed 1 GB");
		return NULL;
	}
	*len = b.len;
	return (uint8_t *) b.data;
}

static bool
fc_get_be(const uint8_t *buf, size_t len, size_t *pos, int n, uint64_t *v)
{
	int			i;

	if (len - *pos < (size_t) n || *pos > len)
		return false;
	*v = 0;
	for (i = 0; i < n; i++)
		*v = (*v << 8) | buf[*pos + i];
	*pos += n;
	return true;
}

static FcHeader *
fc_binary_fail(FcBuilder *bld, const char *detail, size_t pos)
{
	fc_builder_abort(bld);
	fc_error(bld->err, FC_ERR_BINARY,
			 "invalid binary representation of fairness.confusion");
	fc_detail(bld->err, "%s at byte %zu.", detail, pos);
	return NULL;
}

FcHeader *
fc_decode_binary(const FcAlloc *a, const uint8_t *buf, size_t len,
				 FcError *err)
{
	size_t		pos = 0;
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
	if (!fc_get_be(buf, len, &pos, 1, &version) ||
		!fc_get_be(buf, len, &pos, 1, &flags) ||
		!fc_get_be(buf, len, &pos, 2, &ndims) ||
		!fc_get_be(buf, len, &pos, 4, &ngroups))
		return fc_binary_fail(&bld, "Truncated header", pos);
	if (version != FC_FORMAT_VERSION)
	{
		fc_error(err, FC_ERR_BINARY,
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
		ngroups > (len - pos) / (4 * ndims + 72))
		return fc_binary_fail(&bld, "Number of groups does not fit the data", 4);
	bld.h = fc_new_scratch(a, (int) ndims, (flags & 1) != 0, err);
	if (bld.h == NULL)
		return NULL;
	for (i = 0; i < ngroups; i++)
	{
		FcPart		parts[FC_MAX_DIMS];
		int64_t		n[FC_NCELLS];
		double		w[FC_NCELLS];
		uint64_t	d;
		int			c;

		for (d = 0; d < ndims; d++)
		{
			if (!fc_get_be(buf, len, &pos, 4, &v))
				return fc_binary_fail(&bld, "Truncated group key", pos);
			if (v == 0xFFFFFFFFu)
			{
				parts[d].isnull = true;
				parts[d].data = NULL;
				parts[d].len = 0;
				continue;
			}
			if (v > FC_MAX_VALUE_BYTES)
			{
				fc_builder_abort(&bld);
				fc_error(err, FC_ERR_LIMIT, "group value is too long");
				fc_detail(err, "A group value is %llu bytes; the maximum is %d bytes.",
						  (unsigned long long) v, FC_MAX_VALUE_BYTES);
				return NULL;
			}
			if (len - pos < v)
				return fc_binary_fail(&bld, "Truncated group key", pos);
			parts[d].isnull = false;
			parts[d].data = (const char *) buf + pos;
			parts[d].len = (uint32_t) v;
			if (memchr(parts[d].data, '\0', v) != NULL)
				return fc_binary_fail(&bld, "Zero byte in a group name", pos);
			pos += v;
		}
		for (c = 0; c < FC_NCELLS; c++)
		{
			if (!fc_get_be(buf, len, &pos, 8, &v))
				return fc_binary_fail(&bld, "Truncated counts", pos);
			n[c] = (int64_t) v;
		}
		if (flags & 1)
			for (c = 0; c < FC_NCELLS; c++)
			{
				if (!fc_get_be(buf, len, &pos, 8, &v))
					return fc_binary_fail(&bld, "Truncated weights", pos);
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
	if (pos != len)
		return fc_binary_fail(&bld, "Trailing bytes", pos);
	return fc_builder_finish(&bld);
}
