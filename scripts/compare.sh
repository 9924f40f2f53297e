#!/usr/bin/env bash
# Criteria x schedules on LeNet-300-100 / real Fashion-MNIST at target densities 0.1, 0.05 and 0.02:
# one `imp` run per cell (JSON in compare/), then the Markdown table of final accuracies.
#   scripts/compare.sh                 # all cells (about 30 runs of 45-90 s on one thread)
#   JAR=/path/benchmarks.jar OUT=dir scripts/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${JAR:-benchmarks/target/benchmarks.jar}"
OUT="${OUT:-compare}"
if [ "$JAR" = "benchmarks/target/benchmarks.jar" ]; then
  bash scripts/ensure-data.sh
  mvn -B -q -DskipTests package
fi
mkdir -p "$OUT"
CELLS="magnitude:imp taylor:imp random:imp magnitude:oneshot magnitude:gradual magnitude:lottery snip:init magnitude:init random:init"
for target in 0.02 0.1 0.05; do
  for cell in $CELLS; do
    criterion="${cell%%:*}"; schedule="${cell##*:}"
    json="$OUT/${criterion}-${schedule}-${target}.json"
    [ -s "$json" ] && continue
    echo "== $criterion / $schedule / target $target" >&2
    OMP_NUM_THREADS=1 java -jar "$JAR" imp --quiet --criterion "$criterion" --schedule "$schedule" \
      --target-density "$target" --json "$json"
  done
done
java -jar "$JAR" report "$OUT"/*-0.02.json --out "$OUT/compare-0.02.html" \
  --title "Criteria x schedules to density 0.02" >&2
java -jar "$JAR" table "$OUT"/*.json
