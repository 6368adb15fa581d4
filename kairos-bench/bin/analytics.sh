#!/usr/bin/env bash
# Analytics refresh benchmark (issue 18): Analytics.refresh (all three views: daily_risk_summary,
# weekly_growth, top_fraud_merchants) against the plain GROUP BY GROUPING SETS for the daily figures
# run directly over the same connection access, alternated ROUNDS times, on DuckDB (embedded) and
# PostgreSQL (127.0.0.1:5432, user postgres; a schema of its own, dropped at the end). Also times one
# dailyRisk read of a week for one category and country. Ingest is setup, not timed.
# See dev.kairos.bench.analytics.AnalyticsBench.
#
# usage: kairos-bench/bin/analytics.sh [--quick] [--skip-build]
#   --quick   1M transactions (15,152 users x 30 days); default 10M (151,515 users x 30 days)
# env: ROUNDS (3), STORES (duckdb,postgres), PG_URL (jdbc:postgresql://127.0.0.1:5432/postgres),
#      REPORT_TO (kairos-bench/results/analytics.md), JAVA_OPTS
# Keeps the CSV and the DuckDB file in a fresh /tmp folder (about 0.2 GB per million rows) and deletes it;
# the PostgreSQL table and views live in the server and are dropped with their schema.
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
ROUNDS=${ROUNDS:-3}
STORES=${STORES:-duckdb,postgres}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
REPORT_TO=${REPORT_TO:-kairos-bench/results/analytics.md}
if ((QUICK)); then ROWS=1000000; FLAG=" --quick"; else ROWS=10000000; FLAG=""; fi
((BUILD)) && bash kairos-bench/bin/build.sh
WORK=$(mktemp -d /tmp/kairos-analytics-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
COMMAND="kairos-bench/bin/analytics.sh$FLAG (ROUNDS=$ROUNDS STORES=$STORES)"
mkdir -p "$(dirname "$REPORT_TO")"
# shellcheck disable=SC2086
java -Xmx4g ${JAVA_OPTS:-} -cp kairos-bench/target/benchmarks.jar \
  dev.kairos.bench.analytics.AnalyticsBench --rows "$ROWS" --rounds "$ROUNDS" --stores "$STORES" \
  --pg-url "$PG_URL" --work "$WORK" --command "$COMMAND" | tee "$REPORT_TO"
