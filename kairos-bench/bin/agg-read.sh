#!/usr/bin/env bash
# Aggregation-state read benchmark (issue 15): decode + evaluate per request for the template's
# per-user view (18 aggregations, windows 1m to 30d and lifetime) at states of 150 to 100,000
# events, format version 2 (tiles) against the version-1 linear path in the same run, alternated.
# It lives in kairos-core's test scope (AggregationReadBenchmark) because the version-1 baseline
# and the tiles are package-private there. Prints Markdown tables for reads and one-event writes
# (about 4 minutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -o -q -pl kairos-core -am test -Dtest=AggregationReadBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dkairos.bench=true
