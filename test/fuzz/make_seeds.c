/*-------------------------------------------------------------------------
 *
 * make_seeds.c
 *	  Derives the binary, merge and stored seed corpora of a type from its
 *	  text seeds (corpus/<type>-text/): every text seed the input function
 *	  accepts gives its send bytes (<type>-binary), its stored bytes
 *	  (<type>-stored) and, paired with the next accepted seeds, merge inputs
 *	  (<type>-merge).  Run through `test/fuzz/run.sh seeds`.
 *
 *	  make_seeds TEXT_DIR OUT_PREFIX FILE...
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_type.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SEEDS 256

static void
write_file(const char *dir, const char *name, const void *p, size_t n)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0)
	{
		perror(path);
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	static uint8_t *bins[MAX_SEEDS];
	static size_t binlens[MAX_SEEDS];
	static char *names[MAX_SEEDS];
	int			nseeds = 0;
	char		dir[4096];
	int			i;

	if (argc < 3)
	{
		fprintf(stderr, "usage: make_seeds OUT_PREFIX TEXT_FILE...\n");
		return 2;
	}
	for (i = 2; i < argc && nseeds < MAX_SEEDS; i++)
	{
		FILE	   *f = fopen(argv[i], "rb");
		char	   *buf = malloc(1 << 20);
		size_t		n;
		FuzzValue	v;
		const char *base = strrchr(argv[i], '/');

		base = base ? base + 1 : argv[i];
		if (f == NULL)
		{
			perror(argv[i]);
			return 1;
		}
		n = fread(buf, 1, (1 << 20) - 1, f);
		fclose(f);
		buf[n] = '\0';
		if (!fuzz_type.parse_text(buf, strlen(buf), &v))
		{
			free(buf);
			continue;
		}
		free(buf);
		bins[nseeds] = fuzz_type.encode_binary(v, &binlens[nseeds]);
		names[nseeds] = strdup(base);
		snprintf(dir, sizeof(dir), "%s-binary", argv[1]);
		write_file(dir, base, bins[nseeds], binlens[nseeds]);
		snprintf(dir, sizeof(dir), "%s-stored", argv[1]);
		write_file(dir, base, v.p, v.size);
		nseeds++;
	}
	snprintf(dir, sizeof(dir), "%s-merge", argv[1]);
	for (i = 0; i < nseeds; i++)
	{
		int			k;

		for (k = 0; k < 3; k++)
		{
			int			j = (i + k) % nseeds;
			size_t		n = 2 + binlens[i] + binlens[j];
			uint8_t    *m = malloc(n);
			char		name[512];

			if (binlens[i] > 0xFFFF)
				continue;
			m[0] = (uint8_t) (binlens[i] >> 8);
			m[1] = (uint8_t) binlens[i];
			memcpy(m + 2, bins[i], binlens[i]);
			memcpy(m + 2 + binlens[i], bins[j], binlens[j]);
			snprintf(name, sizeof(name), "%s+%s", names[i], names[j]);
			write_file(dir, name, m, n);
			free(m);
		}
	}
	printf("%d accepted text seeds\n", nseeds);
	return 0;
}
