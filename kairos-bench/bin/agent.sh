#!/usr/bin/env bash
# Risk agent benchmark (issue 20): Kairos' overhead per question with inference excluded (a fake Ollama
# server on loopback answers at once: a score_transaction call, then an answer quoting the score),
# against Predictor.predict with the same transaction and explanation, alternated in one run.
# See dev.kairos.bench.agent.AgentBench.
#
# usage: kairos-bench/bin/agent.sh [--quick] [--skip-build]
#   --quick   300 users x 14 days, 100 questions; default 1,000 users x 14 days, 300 questions
# env: REPORT_TO (kairos-bench/results/agent.txt)
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
REPORT_TO=${REPORT_TO:-kairos-bench/results/agent.txt}
((BUILD)) && bash kairos-bench/bin/build.sh
WORK=$(mktemp -d /tmp/kairos-agent-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
if ((QUICK)); then ARGS=(--users 300 --days 14 --questions 100); else ARGS=(--users 1000 --days 14 --questions 300); fi
mkdir -p "$(dirname "$REPORT_TO")"
export OPT_OUT_TRACKING=true DJL_OFFLINE=true
java -Xmx2g -cp kairos-bench/target/benchmarks.jar dev.kairos.bench.agent.AgentBench "${ARGS[@]}" --work "$WORK" | tee "$REPORT_TO"
