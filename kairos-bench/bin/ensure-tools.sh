#!/usr/bin/env bash
# Installs the load generators the benchmarks use (Debian packages) when they are missing.
set -euo pipefail
need=()
command -v h2load >/dev/null || need+=(nghttp2-client)
command -v nghttpd >/dev/null || need+=(nghttp2-server) # the C reference server of the load test's floor
command -v wrk >/dev/null || need+=(wrk)
command -v redis-benchmark >/dev/null || need+=(redis-tools)
command -v gcc >/dev/null || need+=(gcc libc6-dev) # builds paced-redis, the raw-Redis paced client
if ((${#need[@]})); then
  echo "installing ${need[*]}"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
