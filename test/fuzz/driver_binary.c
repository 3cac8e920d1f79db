/*-------------------------------------------------------------------------
 *
 * driver_binary.c
 *	  Fuzz the receive function (binary form, as COPY BINARY and binary
 *	  protocol clients send it): any bytes are refused cleanly or give a
 *	  value with every round-trip property (driver_roundtrip.h).
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
	/* an exact-size copy, so reading one byte too far is caught */
	uint8_t    *b = malloc(size ? size : 1);
	FuzzValue	v;

	memcpy(b, data, size);
	if (fuzz_type.decode_binary(b, size, &v))
		fuzz_roundtrips(v);
	free(b);
	fuzz_arena_reset();
	return 0;
}
