/*-------------------------------------------------------------------------
 *
 * fcore.h
 *	  The fairness.confusion summary: representation and operations.
 *
 * This file, fcore.c and fcore_io.c use no PostgreSQL header, so that the
 * whole value format (text and binary parsing, merging, canonical form) can
 * be unit tested and fuzzed without a server; they build on the keyed core
 * (fkeyed.h: keys, errors, JSON reader, output buffer, binary helpers;
 * fkindex.h: the group index).  src/pg/fairness.c is the thin glue that
 * turns FcError into ereport() and allocates through palloc.
 *
 * A summary holds, for every group, the 3x3 table of counts
 * actual in {true, false, NULL} x predicted in {true, false, NULL}, and for
 * weighted summaries the matching sums of weights.
 *
 * Memory layout (one contiguous buffer, a PostgreSQL varlena):
 *
 *	FcHeader								40 bytes
 *	FcEntry		entries[capacity]			88 bytes each
 *	double		weights[capacity][9]		if FC_F_WEIGHTED
 *	double		comp[capacity][9]			if FC_F_WEIGHTED and FC_F_SCRATCH
 *	uint32		buckets[nbuckets]			hash index, scratch only
 *	char		keys[keys_cap]				encoded group keys
 *
 * Two forms share that layout:
 *
 *	canonical	what is stored in tables and returned to users: groups sorted
 *				by key, no slack (capacity = ngroups, keys_cap = keys_used),
 *				no hash index, no compensation terms, every group with at
 *				least one row.  Equal summaries have equal bytes.
 *	scratch		the working state of an aggregate: groups in arrival order,
 *				slack for amortised growth, an open-addressing hash index
 *				once there are more than FC_LINEAR_MAX groups, Neumaier
 *				compensation terms for weight sums.  Finalisation turns it
 *				into the canonical form.
 *
 * A group key is the concatenation, for each attribute, of a uint32 length
 * (native byte order; FC_NULL_LEN for SQL NULL) followed by that many bytes.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_FCORE_H
#define FAIRNESS_FCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fkeyed.h"

#define FC_FORMAT_VERSION	1
#define FC_NCELLS			9

/* header flags */
#define FC_F_WEIGHTED		0x01
#define FC_F_SCRATCH		0x02
#define FC_F_KNOWN			(FC_F_WEIGHTED | FC_F_SCRATCH)

/*
 * Cells: index = actual * 3 + predicted, with true = 0, false = 1, NULL = 2.
 */
#define FC_VAL_TRUE		0
#define FC_VAL_FALSE	1
#define FC_VAL_NULL		2
#define FC_CELL(actual, predicted) ((actual) * 3 + (predicted))

#define FC_TP	0				/* actual true,  predicted true */
#define FC_FN	1				/* actual true,  predicted false */
#define FC_TU	2				/* actual true,  predicted NULL */
#define FC_FP	3				/* actual false, predicted true */
#define FC_TN	4				/* actual false, predicted false */
#define FC_FU	5				/* actual false, predicted NULL */
#define FC_UP	6				/* actual NULL,  predicted true */
#define FC_UN	7				/* actual NULL,  predicted false */
#define FC_UU	8				/* actual NULL,  predicted NULL */

typedef struct FcHeader
{
	uint32_t	vl_len_;		/* reserved: PostgreSQL's varlena header */
	uint8_t		version;		/* FC_FORMAT_VERSION */
	uint8_t		flags;			/* FC_F_* */
	uint16_t	ndims;			/* attributes per group key, 1..FC_MAX_DIMS */
	uint32_t	ngroups;		/* groups in use */
	uint32_t	capacity;		/* entry slots allocated */
	uint32_t	nbuckets;		/* hash buckets (power of two) or 0 */
	uint32_t	keys_used;		/* bytes of key area in use */
	uint32_t	keys_cap;		/* bytes of key area allocated */
	uint32_t	last;			/* scratch: index of the last group hit */
	int64_t		total;			/* sum of every count of every group */
} FcHeader;

typedef struct FcEntry
{
	int64_t		n[FC_NCELLS];	/* row counts per cell */
	FkEntry		k;				/* the keyed core's key reference (hash 0
								 * if canonical): the same 16 bytes at the
								 * same offset as in format version 1 */
} FcEntry;

/* ---- layout helpers ---- */
extern size_t fc_size(const FcHeader *h);
extern FcEntry *fc_entries(const FcHeader *h);
extern double *fc_weights(const FcHeader *h);
extern const char *fc_key(const FcHeader *h, uint32_t i);
extern bool fc_is_weighted(const FcHeader *h);

/* Cheap O(1) check of a value read from storage: version and sizes. */
extern bool fc_check_header(const FcHeader *h, size_t size, FcError *err);

/* Full O(n) check of a canonical value (used by tests and fuzzers). */
extern bool fc_check_canonical(const FcHeader *h, size_t size, FcError *err);

/* ---- building ---- */
extern FcHeader *fc_new_scratch(const FcAlloc *a, int ndims, bool weighted,
								FcError *err);
extern FcHeader *fc_to_scratch(const FcAlloc *a, const FcHeader *src,
							   FcError *err);

/*
 * Find the group for key parts, inserting it if absent.  May move the value
 * to a larger buffer: *ph is updated, the old buffer is left alone (the
 * caller owns it).  Returns the group index or -1 on error.
 */
extern int64_t fc_lookup_insert(FcHeader **ph, const FcAlloc *a,
								const FcPart *parts, int nparts,
								int64_t max_groups, FcError *err);

/* Add / remove one row (with weight, ignored if unweighted) to a cell. */
extern bool fc_add_row(FcHeader *h, uint32_t g, int cell, double w,
					   FcError *err);

/*
 * fc_lookup_insert then fc_add_row, in one call (the aggregates' per-row
 * path).  *ph may move as for fc_lookup_insert; false on error.
 */
extern bool fc_count_row(FcHeader **ph, const FcAlloc *a, const FcPart *parts,
						 int nparts, int cell, double w, int64_t max_groups,
						 FcError *err);
extern bool fc_remove_row(FcHeader *h, uint32_t g, int cell, double w,
						  FcError *err);

/*
 * Add (sign = +1) or subtract (sign = -1) every group of src into the scratch
 * value *ph (which may move, as for fc_lookup_insert).
 */
extern bool fc_merge(FcHeader **ph, const FcAlloc *a, const FcHeader *src,
					 int sign, int64_t max_groups, FcError *err);

/* A new canonical value equal to h (which is left untouched). */
extern FcHeader *fc_canonical(const FcAlloc *a, const FcHeader *h,
							  FcError *err);

/* Collapse onto attributes dims[0..ndims-1] (0-based); canonical result. */
extern FcHeader *fc_marginal(const FcAlloc *a, const FcHeader *h,
							 const int *dims, int ndims, FcError *err);

/* ---- keys ---- */
extern int64_t fc_find_key(const FcHeader *h, const char *key,
						   uint32_t key_len);

/* ---- text and binary forms ---- */

/*
 * Parse the JSON text form.  ascii_escapes_only: reject \u escapes above
 * U+007F (for databases whose encoding is not UTF-8).
 */
extern FcHeader *fc_parse_text(const FcAlloc *a, const char *s, size_t len,
							   bool ascii_escapes_only, FcError *err);

/* Format as JSON; returns a NUL-terminated buffer from a, length in *len. */
extern char *fc_format_text(const FcAlloc *a, const FcHeader *h, size_t *len,
							FcError *err);

/* Binary (network byte order) form used by send/recv. */
extern uint8_t *fc_encode_binary(const FcAlloc *a, const FcHeader *h,
								 size_t *len, FcError *err);
extern FcHeader *fc_decode_binary(const FcAlloc *a, const uint8_t *buf,
								  size_t len, FcError *err);

/* Names of the cells in the text form, indexed by cell. */
extern const char *const fc_cell_names[FC_NCELLS];

#endif							/* FAIRNESS_FCORE_H */
