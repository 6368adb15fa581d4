#!/usr/bin/env bash
# Skew monitor benchmark (issue 21): serving p99 with feature logging at rate 1.0 against logging off,
# at the same paced rate, alternated ROUNDS times; then the skew check over every logged row against
# the plain point-in-time retrieval of the same rows. In process: DuckDB offline, RocksDB online, the
# load client in the same JVM. See dev.kairos.bench.monitor.SkewBench.
#
# usage: kairos-bench/bin/skew.sh [--skip-build]
# env: USERS (2000), DAYS (7), RATE (300 req/s), ROUND_SECONDS (15), ROUNDS (2), LINGER_MS (the
#      logger's default),
#      REPORT_TO (kairos-bench/results/skew.md), JAVA_OPTS
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BUILD=1
for arg in "$@"; do
  case "$arg" in
    --skip-build) BUILD=0 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "unknown option '$arg'; valid: --skip-build --help" >&2; exit 2 ;;
  esac
done
USERS=${USERS:-2000}; DAYS=${DAYS:-7}; RATE=${RATE:-300}; SECONDS_PER_ROUND=${ROUND_SECONDS:-15}; ROUNDS=${ROUNDS:-2}
REPORT_TO=${REPORT_TO:-kairos-bench/results/skew.md}
((BUILD)) && bash kairos-bench/bin/build.sh
WORK=$(mktemp -d /tmp/kairos-skew-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
COMMAND="kairos-bench/bin/skew.sh (USERS=$USERS DAYS=$DAYS RATE=$RATE ROUND_SECONDS=$SECONDS_PER_ROUND ROUNDS=$ROUNDS${LINGER_MS:+ LINGER_MS=$LINGER_MS})"
mkdir -p "$(dirname "$REPORT_TO")"
# shellcheck disable=SC2086
java -Xmx2g ${JAVA_OPTS:-} -cp kairos-bench/target/benchmarks.jar dev.kairos.bench.monitor.SkewBench \
  --users "$USERS" --days "$DAYS" --rate "$RATE" --seconds "$SECONDS_PER_ROUND" --rounds "$ROUNDS" \
  ${LINGER_MS:+--linger-ms "$LINGER_MS"} \
  --work "$WORK" --command "$COMMAND" | tee "$REPORT_TO"
