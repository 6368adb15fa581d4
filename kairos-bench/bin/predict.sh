#!/usr/bin/env bash
# Online prediction benchmark (issue 17): the feature server scoring a transaction with the fraud
# model (POST /v1/predict/fraud: fetch the service's 30 features, encode, walk the trees, SHAP
# values, top 5 reasons) against fetching the same features alone (POST /get-online-features for
# fraud_detection_v1 with the same keys and request_context), at the same evenly paced rate
# (paced-h2load.sh), alternated ROUNDS times on one server over RocksDB. Then the same for a batch
# of 100 transactions in one request at a hundredth of the rate. Reports p50/p99 per run, the p99
# difference predict - features for one transaction and the p99 ratio for the batch.
#
# usage: kairos-bench/bin/predict.sh [--quick] [--skip-build]
#   --quick       1,000 users, 5 s per run; default 5,000 users (≈ 330k transactions), 20 s
# env: RATE (offered req/s for one transaction, default 1000), ROUNDS (3),
#      SERVER_OPTS (-Xms256m -Xmx256m), REPORT_TO (kairos-bench/results/predict.md)
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
if ((QUICK)); then USERS=1000; DUR=5; WARM=5; else USERS=5000; DUR=20; WARM=10; fi
RATE=${RATE:-1000}; ROUNDS=${ROUNDS:-3}
BATCH_RATE=$(( RATE / 100 > 0 ? RATE / 100 : 1 ))
SERVER_OPTS=${SERVER_OPTS:--Xms256m -Xmx256m}
REPORT_TO=${REPORT_TO:-kairos-bench/results/predict.md}

bash kairos-bench/bin/ensure-tools.sh
((BUILD)) && bash kairos-bench/bin/build.sh
CLI="$ROOT/kairos-cli/target/kairos.jar"
WORK=$(mktemp -d /tmp/kairos-predict.XXXXXX)
SERVER_PID=""
stop_server() { [[ -n "$SERVER_PID" ]] && { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }; return 0; }
trap 'stop_server; rm -rf "$WORK"' EXIT
kairos() { java -jar "$CLI" "$@"; }
log() { printf '\n== %s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

REPO="$WORK/repo"
log "repo: the fraud template, $USERS users x 30 days, trained and promoted"
kairos init "$REPO" >/dev/null
kairos generate --users "$USERS" --days 30 --seed 42 --output "$WORK/tx.csv" >/dev/null
EVENTS=$(($(wc -l < "$WORK/tx.csv") - 1))
(cd "$REPO" && kairos apply >/dev/null && kairos ingest transactions "$WORK/tx.csv" >/dev/null)
TRAIN_START=$(date +%s.%N)
(cd "$REPO" && kairos train --service fraud_detection_v1 --labels "$WORK/tx.csv" --label is_fraud --model fraud --baseline none > "$WORK/train.txt")
TRAIN_S=$(awk -v s="$TRAIN_START" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
(cd "$REPO" && kairos models promote fraud 1 --alias champion >/dev/null \
  && kairos materialize 2000-01-01T00:00:00Z 2100-01-01T00:00:00Z >/dev/null)

# Request bodies: the last BATCH transactions of the file (keys + request fields).
python3 - "$WORK/tx.csv" "$WORK" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))[-100:]
def bodies(rs, name):
    ent = {"user_id": [int(r["user_id"]) for r in rs], "merchant_id": [int(r["merchant_id"]) for r in rs],
           "device_id": [r["device_id"] for r in rs]}
    req = {"amount": [float(r["amount"]) for r in rs], "country": [r["country"] for r in rs],
           "merchant_category": [r["merchant_category"] for r in rs]}
    json.dump({"entities": ent, "request_data": req, "top": 5}, open(f"{sys.argv[2]}/predict-{name}.json", "w"))
    json.dump({"feature_service": "fraud_detection_v1", "full_feature_names": True, "entities": ent,
               "request_context": req}, open(f"{sys.argv[2]}/features-{name}.json", "w"))
bodies(rows[-1:], "1")
bodies(rows, "100")
PY

PORT=$(free_port)
# shellcheck disable=SC2086
java $SERVER_OPTS -jar "$CLI" serve --repo "$REPO" --host 127.0.0.1 --port "$PORT" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" | grep -q 'fraud@champion' && break; sleep 0.1; done
url() { [[ $1 == predict ]] && echo "http://127.0.0.1:$PORT/v1/predict/fraud" || echo "http://127.0.0.1:$PORT/get-online-features"; }
for kind in predict features; do
  for n in 1 100; do
    out=$(curl -s -X POST -H 'content-type: application/json' --data-binary "@$WORK/$kind-$n.json" "$(url $kind)")
    grep -q '"PRESENT"' <<<"$out" || { echo "check of $kind-$n failed: ${out:0:400}" >&2; exit 1; }
    c=4; [[ $n == 100 ]] && c=1 # a closed loop of 100-row batches would only queue
    h2load -c "$c" -m 1 -D "$WARM" -t 1 -H 'content-type: application/json' -d "$WORK/$kind-$n.json" "$(url $kind)" >/dev/null 2>&1
  done
done

RESULTS="$WORK/results.tsv"; : > "$RESULTS"
percentiles() { # h2load log -> "p50 p99" in ms
  awk -F'\t' '$2 == 0 { next } { print $3 }' "$1" | sort -n | awk '{ v[NR] = $1 }
    function q(p,  i) { i = int(p * NR); if (i < p * NR) i++; if (i < 1) i = 1; return v[i] / 1000 }
    END { printf "%.3f %.3f\n", q(0.50), q(0.99) }'
}
paced() { # kind rows rate round
  local req=(-H 'content-type: application/json' -d "$WORK/$1-$2.json")
  bash kairos-bench/bin/paced-h2load.sh "$3" "$WARM" "$WORK/paced" "$(url "$1")" "${req[@]}" >/dev/null
  read -r achieved errs < <(bash kairos-bench/bin/paced-h2load.sh "$3" "$DUR" "$WORK/paced" "$(url "$1")" "${req[@]}")
  cat "$WORK"/paced/paced-*.log > "$WORK/log-$1-$2-$4"
  read -r p50 p99 < <(percentiles "$WORK/log-$1-$2-$4")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$4" "$achieved" "$errs" "$p50" "$p99" | tee -a "$RESULTS" >&2
}
for round in $(seq 1 "$ROUNDS"); do
  paced predict 1 "$RATE" "$round"; paced features 1 "$RATE" "$round"
  paced predict 100 "$BATCH_RATE" "$round"; paced features 100 "$BATCH_RATE" "$round"
done
stop_server

{
  echo "# Online prediction benchmark (issue 17)"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) vCPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "- command: \`kairos-bench/bin/predict.sh$( ((QUICK)) && echo ' --quick')\` (RATE=$RATE ROUNDS=$ROUNDS)"
  echo "- data: $USERS users, $EVENTS transactions; model: $(grep -oE '[0-9]+ trees' "$WORK/train.txt" | head -1) on 30 inputs, trained by \`kairos train\` in ${TRAIN_S} s (whole command, JVM start included); RocksDB online store"
  echo "- predict: POST /v1/predict/fraud with explanations (SHAP, top 5); features: POST /get-online-features for fraud_detection_v1 with the same keys and request fields; 1 transaction at $RATE req/s, a batch of 100 at $BATCH_RATE req/s, ${DUR} s per run, alternated"
  echo
  echo "| endpoint | rows | round | achieved req/s | errors | p50 ms | p99 ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$RESULTS"
  echo
  awk -F'\t' '{ p[$1 "," $2 "," $3] = $7; if ($3 > n) n = $3 }
    END {
      for (r = 1; r <= n; r++) { d[r] = p["predict,1," r] - p["features,1," r]; x[r] = p["predict,100," r] / p["features,100," r]
        dl = dl (r > 1 ? ", " : "") sprintf("%+.3f", d[r]); xl = xl (r > 1 ? ", " : "") sprintf("%.2f", x[r]) }
      asort(d); asort(x)
      md = (n % 2) ? d[(n + 1) / 2] : (d[n / 2] + d[n / 2 + 1]) / 2
      mx = (n % 2) ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2
      printf "| measure | per round | median |\n|---|---|---:|\n"
      printf "| p99 predict - features, 1 transaction (ms) | %s | %+.3f |\n", dl, md
      printf "| p99 ratio predict / features, batch of 100 | %s | %.2f |\n", xl, mx }' "$RESULTS"
} | tee "$REPORT_TO"
