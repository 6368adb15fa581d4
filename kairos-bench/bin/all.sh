#!/usr/bin/env bash
# Runs every benchmark once, one after another on an otherwise idle machine, and rewrites
# kairos-bench/results/*.md; BENCHMARKS.md at the repository root summarises them.
# Takes about 60 minutes the first time (generating and loading 10M rows) and 50 after; the
# generated files are reused from /tmp/kairos-bench on later runs.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/bin/build.sh"
"$here/bin/ensure-tools.sh"
"$here/bin/validation.sh" --rows 1000000 --runs 7
"$here/bin/server-load.sh" --skip-build
KAIROS_BENCH_NO_BUILD=1 "$here/bin/materialize.sh"
"$here/bin/point-in-time.sh" --source-rows 10000000 --entity-rows 1000000 --runs 1
"$here/bin/aggregations.sh" --source-rows 10000000 --entity-rows 1000000 --backends duckdb,postgres --runs 2
"$here/bin/server-agg.sh" --skip-build
