#!/usr/bin/env bash
# Windowed aggregation benchmark (issue 15): a training set with 21 aggregations over three entities
# through Kairos (DuckDB, optionally PostgreSQL) against a hand-written DuckDB window query, then
# materialization of the aggregation state against a plain view of the same events (RocksDB).
# Usage: kairos-bench/bin/aggregations.sh [--source-rows 10000000] [--entity-rows 1000000]
#          [--backends duckdb[,postgres]] [--runs 1] [--work DIR] [--pg-url URL] [--output FILE]
# Writes kairos-bench/results/aggregations.md unless --output is given.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
[[ -f "$here/target/benchmarks.jar" ]] || "$here/bin/build.sh"
args=("$@")
[[ " $* " == *" --output "* ]] || args+=(--output "$here/results/aggregations.md")
# shellcheck disable=SC2086
exec java -Xmx6g ${JAVA_OPTS:-} -cp "$here/target/benchmarks.jar" \
  dev.kairos.bench.offline.AggregationBench "${args[@]}"
