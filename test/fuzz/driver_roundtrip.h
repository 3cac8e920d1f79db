/*-------------------------------------------------------------------------
 *
 * driver_roundtrip.h
 *	  The properties every accepted value must have, whatever input path it
 *	  came through: its invariants hold, the output function's text reads
 *	  back to the same bytes, the send function's bytes read back to the
 *	  same bytes, and the stored-value check accepts it.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#ifndef FAIRNESS_DRIVER_ROUNDTRIP_H
#define FAIRNESS_DRIVER_ROUNDTRIP_H

#include "fuzz_type.h"

#include <string.h>

static void
fuzz_roundtrips(FuzzValue v)
{
	const char *why = "";
	char	   *txt,
			   *txt2;
	uint8_t    *bin;
	size_t		len,
				len2;
	FuzzValue	back;

	if (!fuzz_type.check(v, &why))
		fuzz_fail("an accepted value breaks an invariant: %s", why);
	if (!fuzz_type.accept_stored(v))
		fuzz_fail("an accepted value is refused by the stored-value check");

	txt = fuzz_type.format_text(v, &len);
	if (txt == NULL)
		fuzz_fail("output function failed on an accepted value");
	if (strlen(txt) != len)
		fuzz_fail("output text has an embedded NUL or a wrong length");
	if (!fuzz_type.parse_text(txt, len, &back))
		fuzz_fail("output text is refused by the input function: %.200s", txt);
	if (!fuzz_same(v, back))
		fuzz_fail("text round trip changes the value: %.200s", txt);
	txt2 = fuzz_type.format_text(back, &len2);
	if (txt2 == NULL || len2 != len || memcmp(txt, txt2, len) != 0)
		fuzz_fail("output text is not stable: %.200s", txt);

	bin = fuzz_type.encode_binary(v, &len);
	if (bin == NULL)
		fuzz_fail("send function failed on an accepted value");
	if (!fuzz_type.decode_binary(bin, len, &back))
		fuzz_fail("send output is refused by the receive function");
	if (!fuzz_same(v, back))
		fuzz_fail("binary round trip changes the value");
}

#endif							/* FAIRNESS_DRIVER_ROUNDTRIP_H */
