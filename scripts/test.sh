#!/usr/bin/env bash
# Runs every test: unit tests (surefire) and the integration tests on real Fashion-MNIST (failsafe).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-data.sh
mvn -B verify "$@"
