# groomstats: PGXS build. `make demo` and `make test` also install what they
# need from Debian's packages first (test/install-deps), so they work on a
# fresh Debian 12 or 13 machine run as root.  They build against the
# distribution's PostgreSQL (15 on Debian 12, 17 on Debian 13), or the one
# PG_CONFIG names: `make test PG_CONFIG=/usr/lib/postgresql/17/bin/pg_config`.

EXTENSION  = groomstats
EXTVERSION = 1.1

MODULE_big = groomstats
OBJS       = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

# The install script is assembled from sql/install/*.sql, one file per
# concern, in name order.
INSTALL_PARTS = $(sort $(wildcard sql/install/*.sql))
# Released scripts (sql/groomstats--A--B.sql upgrades, and from 1.1 on the
# frozen sql/groomstats--1.0.sql) install as they are; the current version's
# script is built from the parts.
DATA          = $(wildcard sql/$(EXTENSION)--*.sql)
DATA_built    = $(EXTENSION)--$(EXTVERSION).sql $(EXTENSION)--1.0--1.1.sql

# The upgrade from 1.0 is assembled the same way, from
# sql/upgrade/1.0--1.1/*.sql (frozen into sql/ when 1.1 is released).
UPGRADE_1_1_PARTS = $(sort $(wildcard sql/upgrade/1.0--1.1/*.sql))

# pg_regress inputs are sql/*.sql (but not the install or upgrade scripts).
REGRESS      = $(sort $(patsubst sql/%.sql,%,$(filter-out sql/$(EXTENSION)--%,$(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=. --load-extension=$(EXTENSION)

# PostgreSQL's own headers are treated as system headers, so that -Wextra
# judges our code, not theirs (they trip -Wunused-parameter).
PG_CPPFLAGS = -I$(srcdir)/src -isystem $(shell $(PG_CONFIG) --includedir-server 2>/dev/null)
PG_CFLAGS   = -Wall -Wextra -Werror
SHLIB_LINK  = -lRmath -lm

# `make SANITIZE=1`: build with AddressSanitizer and UndefinedBehaviorSanitizer
# (the server is not instrumented: its processes need libasan preloaded, as
# `make test-sanitize` does).
ifeq ($(SANITIZE),1)
# -fno-wrapv (after PostgreSQL's -fwrapv) lets UBSan see signed overflow.
SANITIZE_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
                 -fno-wrapv
PG_CFLAGS     += $(SANITIZE_FLAGS)
SHLIB_LINK    += $(SANITIZE_FLAGS)
endif

# Debian's server is built with LLVM; we ship no JIT bitcode (and need no clang).
override with_llvm = no

# test/pg-env.sh chooses, so the build and every test script agree; the
# scripts run by the targets below read the same choice from the environment.
ifeq ($(origin PG_CONFIG),undefined)
PG_CONFIG := $(shell bash -c '. $(dir $(lastword $(MAKEFILE_LIST)))test/pg-env.sh && echo "$$PG_CONFIG"' 2>/dev/null)
ifeq ($(PG_CONFIG),)
PG_CONFIG := pg_config
endif
endif
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(PGXS),)
include $(PGXS)
else ifeq ($(filter deps demo test bench fuzz test-sanitize format,$(MAKECMDGOALS)),)
# (Those targets install the packages first, then build in a sub-make.)
$(error $(PG_CONFIG) not found: install postgresql-server-dev-NN (`make deps` as root), or name one with PG_CONFIG=)
endif

# Every object depends on every header: a changed struct must rebuild all.
$(OBJS): $(wildcard src/*.h)

$(EXTENSION)--$(EXTVERSION).sql: $(INSTALL_PARTS)
	cat $^ > $@

$(EXTENSION)--1.0--1.1.sql: $(UPGRADE_1_1_PARTS)
	cat $^ > $@

.PHONY: deps demo test bench fuzz test-sanitize format

deps:
	bash test/install-deps

demo: deps
	$(MAKE) all install
	bash test/demo.sh

# Every test: the suite against this build, then again under the sanitizers.
test: deps
	$(MAKE) all install
	bash test/run-all

# Benchmarks (not part of `make test`): N rows, default 10 million.
bench: deps
	$(MAKE) all install
	bash test/bench/run.sh

# The long fuzz run (the short one is part of `make test`).
fuzz: deps
	$(MAKE) all install
	bash test/fuzz/run.sh

# The whole suite (pg_regress, test/scripts, the short fuzz run) under
# AddressSanitizer and UndefinedBehaviorSanitizer: a SANITIZE=1 build made in a
# scratch copy and installed under a scratch DESTDIR, so this tree's build and
# the installed extension are left as they are.
test-sanitize: deps
	bash test/sanitize/run.sh

format:
	clang-format -i src/*.c src/*.h
