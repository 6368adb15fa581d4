#!/usr/bin/env bash
# A/B of two builds of the feature server on this machine: runs server-load.sh's evenly paced rows
# (the /healthz floor and 1 entity x 50 features over gRPC and HTTP) with build A, then build B, and
# again for ROUNDS rounds, so that both builds see the same phases of the machine (its speed drifts
# by up to 2x within a session: compare builds alternated, never runs far apart).
# usage: kairos-bench/bin/server-ab.sh A.jar B.jar [ROUNDS]   (jars: kairos-cli/target/kairos.jar
#        copies of each build, or the same jar twice; default 2 rounds)
# env: SERVER_OPTS_A / SERVER_OPTS_B (JVM options of each side's server, default server-load.sh's
#      SERVER_OPTS: compare garbage collectors or heap sizes on one build), SERVER_PREFIX_A /
#      SERVER_PREFIX_B (a command each side's server runs under, e.g. "nice -n -10"; default
#      server-load.sh's SERVER_PREFIX), STORES (default "redis"),
#      ROWS (default "1"), MODES (default "paced"), and server-load.sh's.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
[[ $# -ge 2 ]] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
A=$(realpath "$1"); B=$(realpath "$2"); ROUNDS=${3:-2}
for jar in "$A" "$B"; do [[ -f "$jar" ]] || { echo "no such jar: $jar" >&2; exit 2; }; done
export STORES=${STORES:-redis} ROWS=${ROWS:-1} MODES=${MODES:-paced}
OUT=$(mktemp -d /tmp/kairos-server-ab.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
for round in $(seq 1 "$ROUNDS"); do
  for build in A B; do
    jar=$A; opts=${SERVER_OPTS_A:-${SERVER_OPTS:-}}; prefix=${SERVER_PREFIX_A-${SERVER_PREFIX:-}}
    [[ $build == B ]] && jar=$B && opts=${SERVER_OPTS_B:-${SERVER_OPTS:-}} \
      && prefix=${SERVER_PREFIX_B-${SERVER_PREFIX:-}}
    echo "== round $round, build $build ($jar${opts:+, $opts}${prefix:+, under $prefix})" >&2
    env KAIROS_JAR="$jar" REPORT_TO="$OUT/$round-$build.md" ${opts:+"SERVER_OPTS=$opts"} SERVER_PREFIX="$prefix" \
      bash "$ROOT/kairos-bench/bin/server-load.sh" --skip-build >/dev/null
    awk -v b="$build" -v r="$round" -F' [|] ' '/^\| (rocksdb|redis) \|/ {
      steal = $14; sub(/ *[|] *$/, "", steal)
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r, b, substr($1, 3), $2, $3, $5, $8, $9, $10, steal }' \
      "$OUT/$round-$build.md" >> "$OUT/rows"
  done
done
echo "A = $A${SERVER_OPTS_A:+ ($SERVER_OPTS_A)}${SERVER_PREFIX_A:+ under $SERVER_PREFIX_A}"
echo "B = $B${SERVER_OPTS_B:+ ($SERVER_OPTS_B)}${SERVER_PREFIX_B:+ under $SERVER_PREFIX_B}"
echo
echo "| round | build | store | entities x features | protocol | mode | p50 ms | p99 ms | p99.9 ms | steal % |"
echo "|---|---|---|---|---|---|---|---|---|---|"
cat "$OUT/rows"
