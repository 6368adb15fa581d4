#!/usr/bin/env bash
# Streaming ingestion benchmark (issue 16) on a single-node KRaft broker in the process:
# events/s of `kairos stream` (template views; RocksDB and Redis online, DuckDB offline) against a
# bare consumer loop that only deserialises the same events, alternated; then freshness at paced
# rates (produce -> servable as the stream records it, and read-through probes).
# Usage: kairos-bench/bin/stream.sh [--events 100000] [--online rocksdb,redis] [--rounds 2]
#          [--rates 10000,2000] [--seconds 15]      (about 5 minutes with the defaults shown)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
[[ -f "$here/target/benchmarks.jar" ]] || "$here/bin/build.sh"
args=("$@")
[[ $# -gt 0 ]] || args=(--events 100000 --rounds 2 --rates 10000,2000 --seconds 15)
# shellcheck disable=SC2086
java -Xmx4g ${JAVA_OPTS:-} -cp "$here/target/benchmarks.jar" dev.kairos.bench.stream.StreamBench "${args[@]}" \
  | grep -v '^SLF4J' | tee "$here/results/stream.md"
