#!/usr/bin/env bash
# DL4J (benchmarks.jar train, oneDNN on by default) against PyTorch (benchmarks/pytorch/lenet5.py) on the same work:
# LeNet-5, the first N Fashion-MNIST training images, minibatch 128, Adam 1e-3, one thread each, alternating the two
# runs so that both see the same machine load. Prints both epoch times, the ratio DL4J / PyTorch per run and the
# medians, labelled with CPU model, threads, date and load. Also the process CPU time of each epoch (steadier than
# wall time when other work shares the machine) and its ratio.
#
#   benchmarks/compare-pytorch.sh                      # 3 runs of each, 10,000 images, 2 epochs, 1 thread
#   benchmarks/compare-pytorch.sh --runs 5 --train-examples 10000 --epochs 2 --threads 1 -- --no-onednn
#
# Needs benchmarks/target/benchmarks.jar (mvn -B -o package -pl benchmarks -am -DskipTests) and Debian's
# python3-torch (apt-get install -y python3-torch; it installs into /usr/bin/python3, PYTHON overrides).
# Arguments after "--" go to the DL4J command. JSON of every run goes to --out DIR (default compare-pytorch/).
# The compared figure is the last epoch of each run (the first includes JIT / allocator warm-up on both sides).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
python="${PYTHON:-/usr/bin/python3}"
runs=3; examples=10000; epochs=2; threads=1; out="compare-pytorch"; data="${FMNIST_DIR:-/usr/share/datasets/fashion-mnist}"
dl4j_extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --train-examples) examples="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --) shift; dl4j_extra=("$@"); break ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "compare-pytorch.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ -f "$jar" ]] || { echo "compare-pytorch.sh: $jar missing: mvn -B -o package -pl benchmarks -am -DskipTests" >&2; exit 2; }
"$python" -c 'import torch' 2>/dev/null || { echo "compare-pytorch.sh: $python has no torch: apt-get install -y python3-torch" >&2; exit 2; }
mkdir -p "$out"

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
torch_version="$("$python" -c 'import torch; print(torch.__version__)')"
java_version="$(java -version 2>&1 | head -1)"
echo "# DL4J vs PyTorch, LeNet-5, $examples training images, $epochs epochs per run, $runs runs each, alternating"
echo "# date: $(date -Is)"
echo "# CPU: $cpu ($(getconf _NPROCESSORS_ONLN) cores visible); threads: $threads (DL4J --threads $threads, torch.set_num_threads($threads), OMP_NUM_THREADS=$threads)"
echo "# DL4J: $java_version, benchmarks.jar train ${dl4j_extra[*]:-}; PyTorch: $torch_version ($python)"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"

export OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
last() { "$python" -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print(json.dumps(v) if isinstance(v, bool) else v)' "$1" "$2"; }
run_dl4j() {
  java -jar "$jar" train --model lenet-5 --train-examples "$examples" --epochs "$epochs" --threads "$threads" \
       --data "$data" --quiet --json "$out/dl4j-$1.json" "${dl4j_extra[@]}"
}
run_torch() {
  "$python" "$here/pytorch/lenet5.py" --train-examples "$examples" --epochs "$epochs" --threads "$threads" \
       --data "$data" --json "$out/pytorch-$1.json" > /dev/null 2>&1
}

printf '%-4s %-8s %9s %9s %8s %9s %9s %8s %9s %9s %7s\n' run first "DL4J s" "PT s" "DL4J/PT" \
    "DL4J cpu" "PT cpu" "cpu r" "DL4J acc" "PT acc" oneDNN
d_all=(); p_all=(); r_all=(); dc_all=(); pc_all=()
for ((i = 1; i <= runs; i++)); do
  if (( i % 2 == 1 )); then first=DL4J; run_dl4j "$i"; run_torch "$i"; else first=PyTorch; run_torch "$i"; run_dl4j "$i"; fi
  d="$(last "$out/dl4j-$i.json" lastEpochSeconds)"; p="$(last "$out/pytorch-$i.json" lastEpochSeconds)"
  dc="$(last "$out/dl4j-$i.json" lastEpochCpuSeconds)"; pc="$(last "$out/pytorch-$i.json" lastEpochCpuSeconds)"
  r="$("$python" -c "print(f'{$d / $p:.3f}')")"; rc="$("$python" -c "print(f'{$dc / $pc:.3f}')")"
  printf '%-4s %-8s %9.3f %9.3f %8s %9.3f %9.3f %8s %9.4f %9.4f %7s\n' "$i" "$first" "$d" "$p" "$r" "$dc" "$pc" "$rc" \
      "$(last "$out/dl4j-$i.json" accuracy)" "$(last "$out/pytorch-$i.json" accuracy)" "$(last "$out/dl4j-$i.json" oneDnnEngaged)"
  d_all+=("$d"); p_all+=("$p"); r_all+=("$r"); dc_all+=("$dc"); pc_all+=("$pc")
done
"$python" - "${d_all[*]}" "${p_all[*]}" "${r_all[*]}" "${dc_all[*]}" "${pc_all[*]}" <<'PY'
import statistics, sys
d, p, r, dc, pc = ([float(v) for v in a.split()] for a in sys.argv[1:6])
m = statistics.median
print(f"median last-epoch wall time: DL4J {m(d):.3f} s, PyTorch {m(p):.3f} s; ratio DL4J/PyTorch: median of runs "
      f"{m(r):.3f}, of medians {m(d) / m(p):.3f} (target <= 0.5)")
print(f"median last-epoch process CPU time: DL4J {m(dc):.3f} s, PyTorch {m(pc):.3f} s; ratio {m(dc) / m(pc):.3f}")
PY
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min); JSON in $out/"
