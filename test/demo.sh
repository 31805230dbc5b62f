#!/bin/bash
# The main job (`make demo`): in a throwaway cluster, load the built-in
# synthetic sample, store per-force monthly summaries, and print the reports.
set -euo pipefail
cd "$(dirname "$0")/.."
exec pg_virtualenv -t psql -X -q -v ON_ERROR_STOP=1 -f test/demo.sql
