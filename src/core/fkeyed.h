/*-------------------------------------------------------------------------
 *
 * fkeyed.h
 *	  The keyed-summary core of every summary type (fairness.confusion,
 *	  fairness.scores, fairness.outcomes): group keys (encoding, order, the
 *	  one validation), the error functions, allocation, the JSON reader, the
 *	  output buffer and the binary helpers of their text and binary forms;
 *	  the group index is in fkindex.h.  Also the per-group container that
 *	  fairness.scores (fscores.c) and fairness.outcomes (foutcomes.c) store;
 *	  fairness.confusion (fcore.h) keeps the older layout of format version
 *	  1 and uses everything else.
 *
 * No PostgreSQL header: everything here is unit tested without a server.
 * A group key is, for each attribute, a native uint32 length (FC_NULL_LEN
 * for SQL NULL) then the bytes; keys are sorted with fk_key_cmp, and errors
 * and allocation go through FcError and FcAlloc, so that every summary type
 * names, orders and reports groups the same way.
 *
 * Container memory layout (one contiguous buffer, a PostgreSQL varlena):
 *
 *	type header			header_size bytes; starts with FkHeader
 *	entries				capacity x entry_size bytes; each starts with FkEntry
 *	dense				capacity x dense_size bytes (per-group working data)
 *	buckets				nbuckets x uint32 (hash index; scratch values only)
 *	keys				keys_cap bytes of encoded group keys
 *	blob				blob_cap bytes (per-group packed data; canonical only)
 *
 * Sizes of the type header, entries and dense slots are multiples of 8, so
 * every entry and dense slot is 8-byte aligned.  As in fcore.h a value is
 * either "scratch" (aggregate state: arrival order, slack, hash index) or
 * "canonical" (stored form: sorted by key, no slack, no index, equal
 * summaries have equal bytes); the type decides what its entries, dense
 * slots and blob hold in each form.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_FKEYED_H
#define FAIRNESS_FKEYED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Limits shared by every summary type (the FC_ names are the first type's,
 * fairness.confusion, kept for every type).
 */
#define FC_MAX_DIMS			16
#define FC_MAX_VALUE_BYTES	1024	/* per attribute value of a group key */
#define FC_MAX_BYTES		0x3FFFFFFFu /* PostgreSQL's varlena limit */
#define FC_MAX_GROUPS_HARD	10000000	/* absolute limit, whatever the GUC */
#define FC_NULL_LEN			0xFFFFFFFFu
#define FC_LINEAR_MAX		16		/* up to this many slots: no hash index */

#if defined(__GNUC__) || defined(__clang__)
#define FK_LIKELY(x)	__builtin_expect((x) != 0, 1)
#define FK_UNLIKELY(x)	__builtin_expect((x) != 0, 0)
#define FK_ALWAYS_INLINE inline __attribute__((always_inline))
#define FK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FK_LIKELY(x)	(x)
#define FK_UNLIKELY(x)	(x)
#define FK_ALWAYS_INLINE inline
#define FK_PRINTF(f, a)
#endif

/* One attribute value of a group key, as handed in by a caller. */
typedef struct FcPart
{
	const char *data;
	uint32_t	len;
	bool		isnull;
} FcPart;

/*
 * Allocation is delegated: palloc in the server, malloc in tests and fuzzers.
 * alloc returns zeroed memory, or NULL (reported as FC_ERR_NOMEM).
 */
typedef struct FcAlloc
{
	void	   *(*alloc) (void *ctx, size_t size);
	void		(*release) (void *ctx, void *ptr);
	void	   *ctx;
} FcAlloc;

typedef enum FcErrCode
{
	FC_OK = 0,
	FC_ERR_SYNTAX,				/* malformed text representation */
	FC_ERR_BINARY,				/* malformed binary representation */
	FC_ERR_VALUE,				/* well-formed but invalid value */
	FC_ERR_RANGE,				/* count or weight out of range */
	FC_ERR_LIMIT,				/* size limits (name length, bytes) */
	FC_ERR_TOO_MANY_GROUPS,		/* max_groups exceeded */
	FC_ERR_MISMATCH,			/* summaries of different shapes */
	FC_ERR_CORRUPT,				/* internal invariant broken */
	FC_ERR_NOMEM
} FcErrCode;

typedef struct FcError
{
	FcErrCode	code;
	char		msg[256];
	char		detail[512];
	char		hint[512];
} FcError;

/* ---- group keys ---- */

/* Locate attribute d (0-based) of an encoded key; false if malformed. */
extern bool fk_key_part(const char *key, uint32_t key_len, int d,
						const char **data, uint32_t *len, bool *isnull);

/*
 * Order of group keys: attribute by attribute, values compared bytewise
 * (the "C" collation of their encoding), a shorter prefix first, NULL after
 * every value.  Keys must be well formed with ndims parts.
 */
extern int	fk_key_cmp(const char *a, uint32_t alen, const char *b,
					   uint32_t blen, int ndims);

/*
 * The one key validation: true if key is exactly ndims parts inside
 * key_len bytes; with names, also every value at most FC_MAX_VALUE_BYTES
 * and without a zero byte (what an input function accepts).
 */
extern bool fk_key_valid(const char *key, uint32_t key_len, int ndims,
						 bool names);

/*
 * The same checks for key parts handed in by a caller (a row, a text or
 * binary value): false with err filled (FC_ERR_LIMIT) for a value over
 * FC_MAX_VALUE_BYTES.
 */
extern bool fk_check_parts(const FcPart *parts, int nparts, FcError *err);

/* Shortest text that reads back as exactly the same double (finite). */
extern int	fk_format_double(char *buf, size_t buflen, double v);


#define FK_F_WEIGHTED		0x01
#define FK_F_SCRATCH		0x02
#define FK_F_KNOWN			(FK_F_WEIGHTED | FK_F_SCRATCH)

typedef struct FkHeader
{
	uint32_t	vl_len_;		/* reserved: PostgreSQL's varlena header */
	uint8_t		version;		/* format version of the type */
	uint8_t		flags;			/* FK_F_* */
	uint16_t	ndims;			/* attributes per group key, 1..FC_MAX_DIMS */
	uint32_t	ngroups;		/* groups in use */
	uint32_t	capacity;		/* entry (and dense) slots allocated */
	uint32_t	nbuckets;		/* hash buckets (power of two) or 0 */
	uint32_t	keys_used;		/* bytes of key area in use */
	uint32_t	keys_cap;		/* bytes of key area allocated */
	uint32_t	last;			/* scratch: index of the last group hit */
	uint32_t	header_size;	/* bytes of the type header */
	uint32_t	entry_size;		/* bytes per entry */
	uint32_t	dense_size;		/* bytes per dense slot (0: none) */
	uint32_t	blob_used;		/* bytes of blob in use */
	uint32_t	blob_cap;		/* bytes of blob allocated */
	uint32_t	pad;			/* always 0 */
	int64_t		total;			/* rows counted */
} FkHeader;

typedef struct FkEntry
{
	uint32_t	key_off;		/* offset of the key in the key area */
	uint32_t	key_len;		/* bytes of the encoded key */
	uint32_t	hash;			/* hash of the key (scratch), 0 if canonical */
	uint32_t	pad;			/* always 0 */
} FkEntry;

/* ---- layout ---- */
extern uint64_t fk_layout_size(uint64_t header_size, uint64_t capacity,
							   uint64_t entry_size, uint64_t dense_size,
							   uint64_t nbuckets, uint64_t keys_cap,
							   uint64_t blob_cap);
extern size_t fk_size(const FkHeader *h);
extern void *fk_entry(const FkHeader *h, uint32_t i);
extern void *fk_dense(const FkHeader *h, uint32_t i);
extern const char *fk_key(const FkHeader *h, uint32_t i);
extern uint32_t fk_key_len(const FkHeader *h, uint32_t i);
extern unsigned char *fk_blob(const FkHeader *h);

/*
 * Check of a value of `size` bytes: known version and flags, the type's
 * header and entry sizes, the dense slot size the type expects for this
 * value, consistent section sizes (O(1)), every group key inside the key
 * area (O(groups)).  tname names the type in messages.
 */
extern bool fk_check_header(const FkHeader *h, size_t size, const char *tname,
							uint8_t version, uint32_t header_size,
							uint32_t entry_size, uint32_t dense_size,
							FcError *err);

/*
 * A new scratch value with room for `capacity` groups: the type header
 * (header_size bytes, whose FkHeader part is filled here) is copied from
 * proto, everything else zeroed.
 */
extern FkHeader *fk_new(const FcAlloc *a, const FkHeader *proto,
						uint32_t capacity, FcError *err, const char *tname);

/*
 * Copy h into a new scratch buffer with at least the given capacity and key
 * bytes, blob_cap bytes of blob (the blob is copied if it fits, else
 * dropped: blob_used = 0), and dense slots of dense_size bytes (the first
 * min(old, new) bytes of each slot are copied, the rest zeroed); rebuild
 * the hash index.
 */
extern FkHeader *fk_relayout(const FcAlloc *a, const FkHeader *h,
							 uint64_t capacity, uint64_t keys_cap,
							 uint64_t blob_cap, uint32_t dense_size,
							 FcError *err, const char *tname);

/*
 * Group index for the key parts, appending a new zeroed group when absent
 * (scratch values only).  May move the value to a larger buffer: *ph is
 * updated and the old buffer left to the caller.  -1 on error.
 */
extern int64_t fk_lookup_insert(FkHeader **ph, const FcAlloc *a,
								const FcPart *parts, int nparts,
								int64_t max_groups, const char *tname,
								FcError *err);

/* Index of the group with this encoded key, or -1. */
extern int64_t fk_find_key(const FkHeader *h, const char *key,
						   uint32_t key_len);

/* Key parts of group i (false if the key is malformed). */
extern bool fk_parts(const FkHeader *h, uint32_t i, FcPart *parts);

/*
 * True if the key of group i holds names that an input function accepts:
 * at most FC_MAX_VALUE_BYTES each, no zero byte (full checks of stored
 * values).
 */
extern bool fk_names_ok(const FkHeader *h, uint32_t i);

/*
 * Indices of the groups for which keep(h, i, ctx) is true, sorted by key;
 * *n receives their number.  NULL on allocation failure.
 */
extern uint32_t *fk_sorted(const FcAlloc *a, const FkHeader *h,
						   bool (*keep) (const FkHeader *h, uint32_t i,
										 void *ctx),
						   void *ctx, uint32_t *n, FcError *err);

/* Neumaier-compensated addition of x to *sum (compensation in *comp). */
extern void fk_add(double *sum, double *comp, double x);

/* ---- errors (printf-style; return false) ---- */
extern bool fk_error(FcError *err, FcErrCode code, const char *fmt,...)
#if defined(__GNUC__) || defined(__clang__)
			__attribute__((format(printf, 3, 4)))
#endif
			;
extern void fk_detail(FcError *err, const char *fmt,...)
#if defined(__GNUC__) || defined(__clang__)
			__attribute__((format(printf, 2, 3)))
#endif
			;
extern void fk_hint(FcError *err, const char *fmt,...)
#if defined(__GNUC__) || defined(__clang__)
			__attribute__((format(printf, 2, 3)))
#endif
			;

/* ---- output buffer ---- */
typedef struct FkBuf
{
	const FcAlloc *a;
	char	   *data;
	size_t		len;
	size_t		cap;
	bool		failed;
} FkBuf;

extern void fk_buf_put(FkBuf *b, const void *p, size_t n);
extern void fk_buf_puts(FkBuf *b, const char *s);
extern void fk_buf_printf(FkBuf *b, const char *fmt,...)
#if defined(__GNUC__) || defined(__clang__)
			__attribute__((format(printf, 2, 3)))
#endif
			;
extern void fk_buf_double(FkBuf *b, double v);	/* shortest exact text */
extern void fk_buf_json_string(FkBuf *b, const char *s, uint32_t n);
/* the group key as JSON: a string or null, or an array for several */
extern bool fk_buf_json_key(FkBuf *b, const char *key, uint32_t key_len,
							int ndims);
/* network byte order */
extern void fk_buf_be(FkBuf *b, uint64_t v, int nbytes);
extern void fk_buf_be_double(FkBuf *b, double v);
extern void fk_buf_release(FkBuf *b);

/* ---- reading the binary form ---- */
typedef struct FkReader
{
	const uint8_t *buf;
	size_t		len;
	size_t		pos;
} FkReader;

extern bool fk_rd_be(FkReader *r, int nbytes, uint64_t *v);
extern bool fk_rd_double(FkReader *r, double *v);

/*
 * A group key of ndims parts (int32 length, -1 = NULL, then the bytes):
 * parts point into the buffer.  Returns false with err filled (FC_ERR_BINARY
 * or FC_ERR_LIMIT) on truncation, over-long values or zero bytes.
 */
extern bool fk_rd_key(FkReader *r, int ndims, FcPart *parts,
					  const char *tname, FcError *err);
extern void fk_buf_be_key(FkBuf *b, const char *key, uint32_t key_len,
						  int ndims);

/* ---- a small JSON reader (whole document into a tree) ---- */
typedef enum FkJsonKind
{
	FKJ_NULL, FKJ_TRUE, FKJ_FALSE, FKJ_NUMBER, FKJ_STRING, FKJ_ARRAY,
	FKJ_OBJECT
} FkJsonKind;

typedef struct FkJsonNode
{
	FkJsonKind	kind;
	uint32_t	str_off;		/* strings: decoded bytes; numbers: text */
	uint32_t	str_len;
	uint32_t	first;			/* arrays/objects: first child, 0 = none */
	uint32_t	count;			/* children (objects: keys and values) */
	uint32_t	next;			/* next sibling, 0 = none */
} FkJsonNode;

typedef struct FkJson
{
	const FcAlloc *a;
	const char *tname;			/* type name for messages */
	FcError    *err;
	const char *s;
	size_t		len;
	size_t		pos;
	bool		ascii_escapes_only;
	bool		oom;
	FkJsonNode *nodes;
	uint32_t	nnodes;
	uint32_t	cap;
	char	   *strs;
	size_t		slen;
	size_t		scap;
} FkJson;

/* Parse a whole document; node 0 is the root.  false (err filled) on error. */
extern bool fkj_parse(FkJson *j, const FcAlloc *a, const char *s, size_t len,
					  bool ascii_escapes_only, const char *tname,
					  FcError *err);
extern void fkj_release(FkJson *j);

/* child iteration: fkj_first(j, n) / fkj_next(j, c), NULL at the end */
extern const FkJsonNode *fkj_first(const FkJson *j, const FkJsonNode *n);
extern const FkJsonNode *fkj_next(const FkJson *j, const FkJsonNode *c);

/*
 * The members of object obj named in names[0..n-1]: out[i] is the value or
 * NULL when absent.  Unknown and repeated keys are errors; `where` names
 * the object in messages ("the summary", "a group").
 */
extern bool fkj_fields(FkJson *j, const FkJsonNode *obj,
					   const char *const *names, int n,
					   const FkJsonNode **out, const char *where);

/* a syntax error (FC_ERR_SYNTAX) with a detail sentence */
extern bool fkj_fail(FkJson *j, const char *detail);

/*
 * The number readers every type's messages are built on: a count is an
 * integer in [0, INT64_MAX] without fraction or exponent ("-0" is 0); a
 * double is finite (negative zero read as zero).
 */
typedef enum FkjNum
{
	FKJ_NUM_OK,
	FKJ_NUM_NOT_NUMBER,			/* not a JSON number */
	FKJ_NUM_NEGATIVE,			/* counts: below zero */
	FKJ_NUM_NOT_WHOLE,			/* counts: a fraction or an exponent */
	FKJ_NUM_TOO_LONG,			/* doubles: over 399 characters */
	FKJ_NUM_RANGE				/* out of range */
} FkjNum;
extern FkjNum fkj_read_count(const FkJson *j, const FkJsonNode *n,
							 int64_t *out);
extern FkjNum fkj_read_double(const FkJson *j, const FkJsonNode *n,
							  double *out);

/* An integer in [0, INT64_MAX] (no fraction, no exponent). */
extern bool fkj_count(FkJson *j, const FkJsonNode *n, const char *what,
					  int64_t *out);

/* A finite number (negative zero read as zero). */
extern bool fkj_double(FkJson *j, const FkJsonNode *n, const char *what,
					   double *out);

/* A group key: string or null for ndims = 1, else an array of ndims. */
extern bool fkj_key(FkJson *j, const FkJsonNode *n, int ndims,
					FcPart *parts);

#endif							/* FAIRNESS_FKEYED_H */
