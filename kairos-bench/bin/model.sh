#!/usr/bin/env bash
# Model benchmark (issue 17): `kairos train` (Trainer.train, without the JVM start) against XGBoost4J
# called directly on the same matrices with the same parameters, alternated; then scoring one row
# with the server's Java tree walk (TreeEnsemble) against the native inplace_predict and
# predictContrib. See dev.kairos.bench.ml.ModelBench.
#
# usage: kairos-bench/bin/model.sh [--quick] [--skip-build]
#   --quick   1,000 users x 30 days, 1 round; default 5,000 users x 30 days (≈ 330k rows), 3 rounds
# env: REPORT_TO (kairos-bench/results/model.txt)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
QUICK=0; BUILD=1
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --skip-build) BUILD=0 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "unknown option '$arg'; valid: --quick --skip-build --help" >&2; exit 2 ;;
  esac
done
REPORT_TO=${REPORT_TO:-kairos-bench/results/model.txt}
((BUILD)) && bash kairos-bench/bin/build.sh
WORK=$(mktemp -d /tmp/kairos-model-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
if ((QUICK)); then ARGS=(--users 1000 --days 30 --rounds 1); else ARGS=(--users 5000 --days 30 --rounds 3); fi
mkdir -p "$(dirname "$REPORT_TO")"
java -Xmx4g -cp kairos-bench/target/benchmarks.jar dev.kairos.bench.ml.ModelBench "${ARGS[@]}" --work "$WORK" | tee "$REPORT_TO"
