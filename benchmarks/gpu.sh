#!/usr/bin/env bash
# GPU benchmarks: builds the benchmark jar with ND4J's CUDA backend (-Pcuda; needs CUDA 11.6 and an NVIDIA
# driver on this machine, and downloads nd4j-cuda-11.6, about 600 MB, once), runs the OVERHEAD and IMP
# protocols of docs/BENCHMARK.md and writes gpu-overhead.json and gpu-imp.json ("backend": "CUDA", the device name,
# "maskKernels": "cuda"). Run from anywhere: benchmarks/gpu.sh [extra imp flags]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-data.sh
mvn -B -q -Pcuda -DskipTests -pl benchmarks -am package
java -jar benchmarks/target/benchmarks.jar overhead --model lenet-300-100 --epochs 3 --json gpu-overhead.json
java -jar benchmarks/target/benchmarks.jar imp --json gpu-imp.json --report gpu-report "$@"
grep -q '"backend" : "CUDA"' gpu-imp.json || { echo "gpu.sh: the run did not use the CUDA backend" >&2; exit 1; }
