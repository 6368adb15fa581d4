#!/usr/bin/env bash
# Builds target/benchmarks.jar (JMH + load programs) and the kairos CLI jar, skipping tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -DskipTests -Dspotless.apply.skip=true -pl kairos-bench,kairos-cli -am package
