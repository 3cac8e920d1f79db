/*-------------------------------------------------------------------------
 *
 * driver_merge.c
 *	  Fuzz the combine function / pairwise merge of two decoded values.
 *
 * Input: a 2-byte big-endian length n, then n bytes of the first value's
 * binary form, then the second value's binary form.  Both are decoded with
 * the receive function (inputs it refuses are skipped: driver_binary covers
 * them); a merge is refused cleanly or gives a value with every round-trip
 * property, plus the type's own merge properties.
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
	size_t		n;
	uint8_t    *a_bytes,
			   *b_bytes;
	FuzzValue	a,
				b,
				ab;

	if (size < 2)
		return 0;
	n = ((size_t) data[0] << 8) | data[1];
	if (n > size - 2)
		n = size - 2;
	a_bytes = malloc(n ? n : 1);
	b_bytes = malloc(size - 2 - n ? size - 2 - n : 1);
	memcpy(a_bytes, data + 2, n);
	memcpy(b_bytes, data + 2 + n, size - 2 - n);
	if (fuzz_type.decode_binary(a_bytes, n, &a) &&
		fuzz_type.decode_binary(b_bytes, size - 2 - n, &b) &&
		fuzz_type.merge(a, b, &ab))
	{
		fuzz_roundtrips(ab);
		if (fuzz_type.merge_properties)
			fuzz_type.merge_properties(a, b, ab);
	}
	free(a_bytes);
	free(b_bytes);
	fuzz_arena_reset();
	return 0;
}
