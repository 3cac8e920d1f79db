/*-------------------------------------------------------------------------
 *
 * driver_text.c
 *	  Fuzz the input function (text form): any bytes are refused cleanly or
 *	  give a value with every round-trip property (driver_roundtrip.h).
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
	/* the server hands the input function a NUL-terminated C string */
	char	   *s = malloc(size + 1);
	size_t		len;
	FuzzValue	v;

	memcpy(s, data, size);
	s[size] = '\0';
	len = strlen(s);
	if (fuzz_type.parse_text(s, len, &v))
		fuzz_roundtrips(v);
	free(s);
	fuzz_arena_reset();
	return 0;
}
