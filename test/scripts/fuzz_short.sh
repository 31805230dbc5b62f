#!/bin/bash
# The short fuzz run (part of `make test`): a few thousand mutated text and
# binary summaries through offence_summary_in, offence_summary_recv and
# COPY BINARY, in the test cluster (PG* set by pg_virtualenv).  Fails on a
# crash, an error outside SQLSTATE classes 22/54, or an accepted value that
# does not round-trip and roll up.  The long run is `make fuzz`.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=groomstats_fuzz
inputs=${FUZZ_SHORT_INPUTS:-6000}
seed=${FUZZ_SEED:-1000} # fixed, so that `make test` is repeatable; FUZZ_SEED explores

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash test/fuzz/build.sh "$work"

export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -X -q -v ON_ERROR_STOP=1 -d $db -c "CREATE EXTENSION groomstats"
status=0
"$work/fuzz" -n "$inputs" -s "$seed" -f test/fuzz/seeds.txt -o "$work/failures" -d "dbname=$db" || status=$?
if [ $status -ne 0 ] && [ -d "$work/failures" ]; then
	# Keep the failing inputs where a developer can find them.
	keep=$(mktemp -d "${TMPDIR:-/tmp}/groomstats-fuzz-failures.XXXXXX")
	cp "$work/failures"/* "$keep"/ 2>/dev/null || true
	echo "fuzz_short: failing inputs saved in $keep (reproduce: FUZZ_SEED=$seed)"
fi
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db"
exit $status
