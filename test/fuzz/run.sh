#!/bin/bash
# The long fuzz run (`make fuzz`, after the extension is installed): at least
# 100,000 mutated text and binary summaries against a throwaway cluster.
#   FUZZ_INPUTS  number of inputs (default 200000)
#   FUZZ_SEED    PRNG seed (default 1); the same seed gives the same inputs
# Prints totals (inputs, accepted, rejected per SQLSTATE, crashes) and exits
# non-zero on a crash, an error outside classes 22/54 or a failed check,
# keeping the failing inputs.
set -euo pipefail
cd "$(dirname "$0")/../.."
inputs=${FUZZ_INPUTS:-200000}
seed=${FUZZ_SEED:-1}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash test/fuzz/build.sh "$work"
failures=$(mktemp -d "${TMPDIR:-/tmp}/groomstats-fuzz-failures.XXXXXX")

status=0
pg_virtualenv -t bash -c '
	set -euo pipefail
	psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "CREATE EXTENSION groomstats"
	"$1" -n "$2" -s "$3" -f test/fuzz/seeds.txt -o "$4" -v
' fuzz "$work/fuzz" "$inputs" "$seed" "$failures" || status=$?

if [ -n "$(ls -A "$failures")" ]; then
	echo "fuzz: failing inputs saved in $failures"
else
	rmdir "$failures"
fi
exit $status
