#!/usr/bin/env bash
# Open-loop load at a fixed rate with evenly spaced requests, driven by h2load's timing scripts.
#
# usage: kairos-bench/bin/paced-h2load.sh RATE SECONDS LOGDIR URL [h2load options such as -H, -d]
#   Sends RATE requests/s for about SECONDS. Prints the achieved rate (req/s) and the number of
#   failed or errored requests on stdout ("ACHIEVED ERRORS"), and leaves
#   one h2load request log per process in LOGDIR/paced-*.log (start, status, microseconds).
#
# Why not `h2load --rps`: h2load 1.52 wakes its --rps timer at most every 10 ms, so --rps 500 on
# 4 clients releases 20 requests at once every 10 ms: a burst test, whose latency is mostly the
# burst queueing behind itself. Here every request has its own send time, and a request is sent at
# its time whether or not earlier ones were answered (up to 64 in flight per process), so a slow
# answer cannot hold back the load (no coordinated omission).
#
# How the pacing works: a timing script gives each request an offset; h2load sends one request per
# timer wake-up and arms the next timer from the moment it woke. libev sleeps whole milliseconds, so
# a gap of k ms really takes k ms + o, where o is the wake-up overshoot (a few tenths of a ms here)
# and accumulates. So the script uses whole-ms gaps mixing floor and ceiling of (w - o), with w the
# wanted interval per process; o is measured by two short trial runs of the whole set (which also
# warm the server). P = ceil(RATE / 400) one-connection processes share the rate, started at
# staggered phases, so the server sees P independent, evenly paced streams.
set -euo pipefail
(($# >= 4)) || { sed -n '4,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
RATE=$1 SECONDS_=$2 LOGDIR=$3 URL=$4
shift 4
[[ "$RATE" =~ ^[0-9]+$ && "$RATE" -gt 0 ]] || { echo "RATE must be a positive integer, got '$RATE'" >&2; exit 2; }
mkdir -p "$LOGDIR"
P=$(((RATE + 399) / 400))
W=$(awk -v r="$RATE" -v p="$P" 'BEGIN { printf "%.6f", 1000 * p / r }') # ms between one process's requests

script() { # overshoot_ms seconds file: offsets in whole ms, mean gap w - o (at least 1 ms)
  awk -v w="$W" -v o="$1" -v s="$2" -v u="$URL" 'BEGIN {
    x = w - o; if (x < 1) x = 1; n = int(1000 * s / w)
    for (i = 0; i < n; i++) printf "%.3f\t%s\n", int(i * x), u }' > "$3"
}

run_set() { # overshoot_ms seconds -> "achieved-req/s errors" of all processes together
  local o=$1 s=$2 pids=() i total=0 errors=0 a
  script "$o" "$s" "$LOGDIR/paced.script"
  rm -f "$LOGDIR"/paced-*.log "$LOGDIR"/paced-*.out # an earlier run may have had more processes
  for ((i = 1; i <= P; i++)); do
    h2load -t 1 -c 1 -m 64 --timing-script-file "$LOGDIR/paced.script" --log-file "$LOGDIR/paced-$i.log" \
      "$@" > "$LOGDIR/paced-$i.out" 2>&1 &
    pids+=($!)
    sleep "$(awk -v w="$W" -v p="$P" 'BEGIN { printf "%.6f", w / p / 1000 }')"
  done
  wait "${pids[@]}"
  for ((i = 1; i <= P; i++)); do
    a=$(grep -oE 'finished in [0-9.]+m?s, [0-9.]+ req/s' "$LOGDIR/paced-$i.out" | grep -oE '[0-9.]+ req/s' | cut -d' ' -f1)
    [[ -n "$a" ]] || { echo "h2load failed:" >&2; cat "$LOGDIR/paced-$i.out" >&2; exit 1; }
    total=$(awk -v t="$total" -v a="$a" 'BEGIN { print t + a }')
    errors=$((errors + $(grep -oE '[0-9]+ failed, [0-9]+ errored' "$LOGDIR/paced-$i.out" | awk '{ print $1 + $3 }')))
  done
  echo "$total $errors"
}

o=0.2
for _ in 1 2; do # measured interval per process = P / achieved; move o by the difference from W
  read -r achieved _ < <(run_set "$o" 3 "$@")
  o=$(awk -v o="$o" -v w="$W" -v p="$P" -v a="$achieved" 'BEGIN {
    o += 1000 * p / a - w; if (o < 0) o = 0; if (o > w - 1) o = w - 1; printf "%.4f", o }')
done
run_set "$o" "$SECONDS_" "$@" | awk '{ printf "%.0f %d\n", $1, $2 }'
