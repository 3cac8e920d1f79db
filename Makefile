# fairness: PGXS build.  `make && make install`, then `make installcheck`
# against a running server (test/run.sh does all of it in a throwaway
# cluster).  The version comes from fairness.control only.

EXTENSION = fairness
EXTVERSION = $(shell sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" fairness.control)

MODULE_big = fairness
PURE_SRCS = src/fcore.c src/fmetrics.c $(wildcard src/fstats.c)
OBJS = src/fairness.o $(PURE_SRCS:.c=.o)

# install and upgrade scripts live in extension/ (sql/ holds the tests)
DATA = $(wildcard extension/fairness--*.sql)

TESTS = $(sort $(wildcard sql/*.sql))
REGRESS = $(patsubst sql/%.sql,%,$(TESTS))
REGRESS_OPTS = --load-extension=$(EXTENSION)

PG_CONFIG ?= pg_config
PG_CFLAGS += -Wextra -Wno-unused-parameter -Wno-sign-compare \
	-Wno-missing-field-initializers

EXTRA_CLEAN = test/unit/*.bin

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# ---- tests that need no server: the pure C code on its own ----
UNIT_CC ?= gcc
UNIT_CFLAGS = -std=c99 -O2 -g -Wall -Wextra -Werror -Isrc
UNIT_TESTS = $(patsubst test/unit/%.c,test/unit/%.bin,$(wildcard test/unit/test_*.c))

test/unit/%.bin: test/unit/%.c $(PURE_SRCS) src/*.h
	$(UNIT_CC) $(UNIT_CFLAGS) -o $@ $< $(PURE_SRCS) -lm

unittest: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do ./$$t; done

.PHONY: unittest
