#!/usr/bin/env bash
# Point-in-time retrieval benchmark (issue 3): Kairos historical retrieval on DuckDB and PostgreSQL
# against a hand-written DuckDB ASOF JOIN, 1M entity rows x 3 views over 10M generated rows, and
# DuckDB's floor for the join (plain ASOF JOINs on the event time alone, an aggregate out).
# Usage: kairos-bench/bin/point-in-time.sh [--source-rows 10000000] [--entity-rows 1000000]
#          [--backends duckdb,postgres] [--runs 1] [--work DIR] [--pg-url URL] [--output FILE]
# Needs PostgreSQL at 127.0.0.1:5432 (user postgres) for the postgres backend; uses a schema of
# its own and drops it. Writes kairos-bench/results/point-in-time.md unless --output is given.
# JAVA_OPTS passes JVM options, e.g. JAVA_OPTS=-XX:StartFlightRecording=filename=pit.jfr
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
[[ -f "$here/target/benchmarks.jar" ]] || "$here/bin/build.sh"
args=("$@")
[[ " $* " == *" --output "* ]] || args+=(--output "$here/results/point-in-time.md")
# shellcheck disable=SC2086
exec java -Xmx6g ${JAVA_OPTS:-} -cp "$here/target/benchmarks.jar" \
  dev.kairos.bench.offline.PointInTimeBench "${args[@]}"
