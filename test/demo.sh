#!/bin/bash
# The main job (`make demo`): in a throwaway cluster, load the built-in
# synthetic sample, store per-force monthly summaries, and print the reports.
set -euo pipefail
cd "$(dirname "$0")/.."
source test/pg-env.sh # the PostgreSQL major the extension was built for
exec pg_virtualenv -t -v "$PG_MAJOR" psql -X -q -v ON_ERROR_STOP=1 -f test/demo.sql
