#!/usr/bin/env bash
# Materialization benchmark: 10M entity rows from DuckDB into RocksDB and Redis through Kairos,
# next to each store's raw write ceiling measured in the same run. Writes results/materialize.md.
# Options pass through: --rows N (quick checks), --versions V, --stores rocksdb,redis,
# --redis-url URL, --dir DIR (kept), --output FILE. KAIROS_BENCH_NO_BUILD=1 skips the build.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/bin/ensure-tools.sh"
[[ -n "${KAIROS_BENCH_NO_BUILD:-}" ]] || "$here/bin/build.sh"
output="$here/results/materialize.md"
for arg in "$@"; do [[ "$arg" == --output ]] && output=""; done
exec java -Xmx8g -XX:+UseParallelGC -cp "$here/target/benchmarks.jar" \
  dev.kairos.bench.materialize.MaterializeBenchmark ${output:+--output "$output"} "$@"
