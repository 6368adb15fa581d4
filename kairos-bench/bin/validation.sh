#!/usr/bin/env bash
# Validation benchmark (issue 6): the shipped fraud suite over generated transactions.
# Usage: kairos-bench/bin/validation.sh [--rows 1000000] [--runs 5] [--work DIR] [--output FILE]
# Writes kairos-bench/results/validation.md unless --output is given.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
[[ -f "$here/target/benchmarks.jar" ]] || "$here/bin/build.sh"
args=("$@")
[[ " $* " == *" --output "* ]] || args+=(--output "$here/results/validation.md")
# shellcheck disable=SC2086
exec java -Xmx4g ${JAVA_OPTS:-} -cp "$here/target/benchmarks.jar" dev.kairos.bench.quality.ValidationBench "${args[@]}"
