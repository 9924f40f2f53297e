#!/usr/bin/env bash
# Makes sure the real Fashion-MNIST IDX files are present: $FMNIST_DIR if set, else the Debian package
# dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), installed here when missing.
set -euo pipefail
dir="${FMNIST_DIR:-/usr/share/datasets/fashion-mnist}"
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
missing=0
for f in "${files[@]}"; do [ -s "$dir/$f" ] || missing=1; done
if [ "$missing" = 0 ]; then
  echo "Fashion-MNIST found in $dir"
  exit 0
fi
if [ -n "${FMNIST_DIR:-}" ]; then
  echo "FMNIST_DIR=$FMNIST_DIR lacks one of: ${files[*]}" >&2
  exit 1
fi
echo "Fashion-MNIST missing: installing the Debian package dataset-fashion-mnist"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq dataset-fashion-mnist
for f in "${files[@]}"; do [ -s "$dir/$f" ] || { echo "still missing after install: $dir/$f" >&2; exit 1; }; done
echo "Fashion-MNIST installed in $dir"
