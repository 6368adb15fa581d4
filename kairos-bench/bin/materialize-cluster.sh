#!/usr/bin/env bash
# Materialization into a Redis Cluster against the same rows into standalone Redis, alternated.
# Starts a three-primary cluster of redis-server processes on free ports in a temporary folder
# (no replicas, no persistence), builds two repositories of USERS users x 50 features (one with
# `cluster: true` and a node of that cluster as url, one on the standalone Redis of
# KAIROS_REDIS_URL), and runs `kairos materialize` into each in turn, ROUNDS times, from empty
# stores. Prints one markdown row per run and the cluster/standalone ratio of the medians.
# usage: kairos-bench/bin/materialize-cluster.sh [--skip-build]
# env: USERS (100000), ROUNDS (3), KAIROS_REDIS_URL (redis://127.0.0.1:6379/0)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
[[ "${1:-}" == "--skip-build" ]] || bash kairos-bench/bin/build.sh
USERS=${USERS:-100000}; ROUNDS=${ROUNDS:-3}
REDIS_URL=${KAIROS_REDIS_URL:-redis://127.0.0.1:6379/0}
BENCH="$ROOT/kairos-bench/target/benchmarks.jar"; CLI="$ROOT/kairos-cli/target/kairos.jar"
WORK=$(mktemp -d /tmp/kairos-materialize-cluster.XXXXXX)
PREFIX="kbmc$$"; PORTS=()
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cleanup() {
  for p in "${PORTS[@]}"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
  redis-cli -u "$REDIS_URL" --scan --pattern "{$PREFIX:*" | xargs -r -n 500 redis-cli -u "$REDIS_URL" unlink >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

nodes=()
for _ in 1 2 3; do
  p=$(free_port); bus=$(free_port); PORTS+=("$p"); mkdir -p "$WORK/n$p"
  redis-server --port "$p" --bind 127.0.0.1 --cluster-enabled yes --cluster-port "$bus" \
    --cluster-config-file "$WORK/n$p/nodes.conf" --dir "$WORK/n$p" --save "" --appendonly no \
    --daemonize yes --logfile "$WORK/n$p/log"
  nodes+=("127.0.0.1:$p")
done
for p in "${PORTS[@]}"; do until redis-cli -p "$p" ping 2>/dev/null | grep -q PONG; do sleep 0.1; done; done
redis-cli --cluster create "${nodes[@]}" --cluster-yes >/dev/null
for p in "${PORTS[@]}"; do until redis-cli -p "$p" cluster info | grep -q cluster_state:ok; do sleep 0.1; done; done

prepare() { # dir url cluster
  java -cp "$BENCH" dev.kairos.bench.server.BenchRepo "$1" "$USERS" 50 redis "$2" "$PREFIX" >/dev/null
  [[ $3 == true ]] && sed -i "s/^  key_prefix: $PREFIX\$/  key_prefix: $PREFIX\n  cluster: true/" "$1/kairos.yaml"
  (cd "$1" && java -jar "$CLI" apply >/dev/null && java -jar "$CLI" ingest user_stats data/users.csv >/dev/null)
}
prepare "$WORK/standalone" "$REDIS_URL" false
prepare "$WORK/cluster" "redis://${nodes[0]}" true
grep -q '^  cluster: true$' "$WORK/cluster/kairos.yaml" || { echo "cluster repository not configured" >&2; exit 1; }

echo "| round | store | rows | seconds | rows/s |"
echo "|---|---|---|---|---|"
: > "$WORK/rates"
for round in $(seq 1 "$ROUNDS"); do
  for store in standalone cluster; do
    redis-cli -u "$REDIS_URL" --scan --pattern "{$PREFIX:*" | xargs -r -n 500 redis-cli -u "$REDIS_URL" unlink >/dev/null
    for p in "${PORTS[@]}"; do redis-cli -p "$p" flushall >/dev/null; done
    line=$(cd "$WORK/$store" && java -jar "$CLI" materialize 2000-01-01T00:00:00Z 2100-01-01T00:00:00Z | tail -1)
    secs=$(grep -oE 'in [0-9.]+ s' <<<"$line" | cut -d' ' -f2)
    rate=$(grep -oE '\(([0-9,]+) rows/s\)' <<<"$line" | tr -d '(),' | cut -d' ' -f1)
    echo "| $round | $store | $USERS | $secs | $rate |"
    echo "$store $rate" >> "$WORK/rates"
  done
done
median() { grep "^$1 " "$WORK/rates" | cut -d' ' -f2 | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo
echo "median rows/s: standalone $(median standalone), cluster $(median cluster);" \
  "cluster/standalone $(awk -v c="$(median cluster)" -v s="$(median standalone)" 'BEGIN { printf "%.2f", c / s }')"
