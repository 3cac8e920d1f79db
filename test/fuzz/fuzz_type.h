/*-------------------------------------------------------------------------
 *
 * fuzz_type.h
 *	  What a fuzz driver needs to know about one summary type.
 *
 * The fuzzers are the product of drivers (driver_*.c: one input path each,
 * written once) and types (type_*.c: one small adapter per summary type).
 * test/fuzz/run.sh builds every driver against every type; adding a summary
 * type to the fuzzing is one more file type_<name>.c defining
 * `fuzz_type` (plus seeds, see run.sh).
 *
 * Adapters use the pure C code of src/core/ (no server) and allocate through
 * fuzz_arena_alloc, which behaves like a PostgreSQL memory context: drivers
 * reset it after every input, so buffers left behind on purpose (as fcore
 * does when a value grows) are not leaks, while AddressSanitizer still sees
 * every block on its own (overflows, use after release).
 *
 * A property that does not hold is reported with fuzz_fail(), which aborts:
 * libFuzzer then keeps the input as a crash artifact.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_FUZZ_TYPE_H
#define FAIRNESS_FUZZ_TYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* a decoded value: its bytes as the server stores them (varlena) */
typedef struct FuzzValue
{
	void	   *p;
	size_t		size;
} FuzzValue;

typedef struct FuzzType
{
	const char *name;			/* SQL name, for messages */

	/* the input function: false when the text is refused */
	bool		(*parse_text) (const char *s, size_t len, FuzzValue *out);
	/* the output function */
	char	   *(*format_text) (FuzzValue v, size_t *len);
	/* the receive function: false when the bytes are refused */
	bool		(*decode_binary) (const uint8_t *b, size_t len, FuzzValue *out);
	/* the send function */
	uint8_t    *(*encode_binary) (FuzzValue v, size_t *len);

	/*
	 * Every invariant of a value produced by an input function; false (with
	 * a message in *why) when one is broken.
	 */
	bool		(*check) (FuzzValue v, const char **why);

	/*
	 * What the server does with bytes read from a table before using them
	 * (the cheap check of version and sizes): true when it would use them.
	 * The driver then requires check() to hold or the value to be refused
	 * by check() cleanly.
	 */
	bool		(*accept_stored) (FuzzValue v);

	/*
	 * The combine function / pairwise merge of two values: false when
	 * refused (limits, shapes, overflow); *out is the final value.
	 */
	bool		(*merge) (FuzzValue a, FuzzValue b, FuzzValue *out);

	/*
	 * Optional: type-specific properties of a merge that succeeded (e.g.
	 * totals add up, commutativity, subtracting b gives a back); calls
	 * fuzz_fail() when one does not hold.  May be NULL.
	 */
	void		(*merge_properties) (FuzzValue a, FuzzValue b, FuzzValue ab);
} FuzzType;

extern const FuzzType fuzz_type;

/* ---- helpers shared by drivers and adapters (fuzz_common.c) ---- */
extern void *fuzz_arena_alloc(void *ctx, size_t size);
extern void fuzz_arena_release(void *ctx, void *ptr);
extern void fuzz_arena_reset(void);
extern void fuzz_fail(const char *fmt,...) __attribute__((noreturn, format(printf, 1, 2)));
extern bool fuzz_same(FuzzValue a, FuzzValue b);

#endif							/* FAIRNESS_FUZZ_TYPE_H */
