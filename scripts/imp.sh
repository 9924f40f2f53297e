#!/usr/bin/env bash
# The main job: builds the project, finds (or installs) Fashion-MNIST, and runs the IMP protocol of
# docs/BENCHMARK.md on LeNet-300-100 with its defaults, printing the per-round table and writing imp.json and
# the HTML report (report/index.html).
# Extra arguments go to the imp command, e.g. scripts/imp.sh --scope local --target-density 0.05
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-data.sh
mvn -B -q -DskipTests package
java -jar benchmarks/target/benchmarks.jar imp --json imp.json --report report "$@"
