/*-------------------------------------------------------------------------
 *
 * driver_stored.c
 *	  Fuzz the bytes of a stored value: what a later (or earlier) release,
 *	  or a damaged page, could hand to this release.  The stored-value check
 *	  the server runs on every value it reads must never read out of bounds;
 *	  a value whose version is not this release's must be refused; a value
 *	  that passes the full invariant check must behave like any accepted
 *	  value (driver_roundtrip.h).
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_type.h"
#include "driver_roundtrip.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzValue	v;
	const char *why;

	/* an exact-size, aligned copy with the varlena length stamped in */
	v.size = size < 4 ? 4 : size;
	v.p = fuzz_arena_alloc(NULL, v.size);
	memcpy(v.p, data, size);
	memcpy(v.p, &(uint32_t) {(uint32_t) v.size}, 4);
	if (fuzz_type.accept_stored(v) && fuzz_type.check(v, &why))
		fuzz_roundtrips(v);
	fuzz_arena_reset();
	return 0;
}
