/*-------------------------------------------------------------------------
 *
 * fuzz_common.c
 *	  Arena allocator (a stand-in for a PostgreSQL memory context) and
 *	  failure reporting for the fuzz drivers.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_type.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* every live block, so that a reset frees what fcore left behind */
typedef struct Block
{
	struct Block *prev;
	struct Block *next;
} Block;

/* 16 bytes of header keep the payload 16-byte aligned, as palloc's MAXALIGN */
typedef union BlockHeader
{
	Block		b;
	long double align;
} BlockHeader;

static Block arena = {&arena, &arena};

/* fuzz_arena_alloc: zeroed memory, like palloc0; NULL beyond 1 GB */
void *
fuzz_arena_alloc(void *ctx, size_t size)
{
	BlockHeader *h;

	(void) ctx;
	if (size > 0x3FFFFFFF)		/* MaxAllocSize */
		return NULL;
	h = calloc(1, sizeof(BlockHeader) + size);
	if (h == NULL)
		return NULL;
	h->b.next = arena.next;
	h->b.prev = &arena;
	arena.next->prev = &h->b;
	arena.next = &h->b;
	return (char *) h + sizeof(BlockHeader);
}

/* fuzz_arena_release: like pfree */
void
fuzz_arena_release(void *ctx, void *ptr)
{
	Block	   *b;

	(void) ctx;
	if (ptr == NULL)
		fuzz_fail("release of a NULL pointer");
	b = &((BlockHeader *) ((char *) ptr - sizeof(BlockHeader)))->b;
	b->prev->next = b->next;
	b->next->prev = b->prev;
	free(b);
}

/* fuzz_arena_reset: like MemoryContextReset, after every input */
void
fuzz_arena_reset(void)
{
	while (arena.next != &arena)
	{
		Block	   *b = arena.next;

		arena.next = b->next;
		free(b);
	}
	arena.prev = &arena;
}

void
fuzz_fail(const char *fmt,...)
{
	va_list		ap;

	fprintf(stderr, "fuzz property violated (%s): ", fuzz_type.name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

/*
 * fuzz_same
 *		Bit-for-bit equality of two stored values, ignoring the 4-byte
 *		varlena header (the server's business, not the adapters').
 */
bool
fuzz_same(FuzzValue a, FuzzValue b)
{
	return a.size == b.size && a.size >= 4 &&
		memcmp((const char *) a.p + 4, (const char *) b.p + 4, a.size - 4) == 0;
}
