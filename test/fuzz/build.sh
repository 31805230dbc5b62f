#!/bin/bash
# Build the fuzzer (test/fuzz/fuzz.c, a libpq client) into the directory
# given as $1.  Needs only what `make test` installs: a C compiler and libpq
# (libpq-dev, pulled in by postgresql-server-dev-15).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUTDIR}
pg_config=${PG_CONFIG:-pg_config}
${CC:-cc} -O2 -g -Wall -Wextra \
	-I"$($pg_config --includedir)" \
	-o "$out/fuzz" "$here/fuzz.c" \
	-L"$($pg_config --libdir)" -lpq
