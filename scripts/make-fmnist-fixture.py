#!/usr/bin/env python3
"""Cut a small Fashion-MNIST fixture for unit tests out of the full gzip IDX files.

Reads the four files of the Debian package ``dataset-fashion-mnist`` (or any directory holding
the same four files) and writes the first TRAIN_COUNT training and first TEST_COUNT test
examples, in the same gzip IDX format and under the same file names, to DEST_DIR.
The headers are rewritten with the new counts; gzip headers carry mtime 0 and no file name, so
running the script twice gives byte-identical files.

Python 3 standard library only (argparse, gzip, struct).

Usage (the defaults reproduce the committed fixture; run from the repository root):
    python3 scripts/make-fmnist-fixture.py \\
        /usr/share/datasets/fashion-mnist \\
        dl4j-pruning-data/src/test/resources/fashion-mnist-fixture \\
        1000 200
"""
import argparse
import gzip
import os
import struct
import sys

IMAGE_MAGIC = 2051
LABEL_MAGIC = 2049
ROWS = 28
COLS = 28


def read_images(path, count):
    with gzip.open(path, "rb") as f:
        magic, n, rows, cols = struct.unpack(">iiii", f.read(16))
        if magic != IMAGE_MAGIC:
            sys.exit(f"{path}: magic number ({magic}) must be {IMAGE_MAGIC}")
        if (rows, cols) != (ROWS, COLS):
            sys.exit(f"{path}: image size ({rows}x{cols}) must be {ROWS}x{COLS}")
        if count > n:
            sys.exit(f"{path}: count ({count}) must be <= {n}, the number of images in the file")
        data = f.read(count * ROWS * COLS)
        if len(data) != count * ROWS * COLS:
            sys.exit(f"{path}: expected {count * ROWS * COLS} pixel bytes, got {len(data)}")
        return data


def read_labels(path, count):
    with gzip.open(path, "rb") as f:
        magic, n = struct.unpack(">ii", f.read(8))
        if magic != LABEL_MAGIC:
            sys.exit(f"{path}: magic number ({magic}) must be {LABEL_MAGIC}")
        if count > n:
            sys.exit(f"{path}: count ({count}) must be <= {n}, the number of labels in the file")
        data = f.read(count)
        if len(data) != count:
            sys.exit(f"{path}: expected {count} label bytes, got {len(data)}")
        return data


def write_gz(path, payload):
    # mtime=0 and an anonymous GzipFile name keep the output byte-for-byte reproducible
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(payload)


def cut(src, dest, prefix, count):
    images = read_images(os.path.join(src, f"{prefix}-images-idx3-ubyte.gz"), count)
    labels = read_labels(os.path.join(src, f"{prefix}-labels-idx1-ubyte.gz"), count)
    write_gz(os.path.join(dest, f"{prefix}-images-idx3-ubyte.gz"),
             struct.pack(">iiii", IMAGE_MAGIC, count, ROWS, COLS) + images)
    write_gz(os.path.join(dest, f"{prefix}-labels-idx1-ubyte.gz"),
             struct.pack(">ii", LABEL_MAGIC, count) + labels)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default="/usr/share/datasets/fashion-mnist",
                        help="directory with the four full gzip IDX files")
    parser.add_argument("dest", nargs="?",
                        default="dl4j-pruning-data/src/test/resources/fashion-mnist-fixture",
                        help="directory to write the fixture to (created if missing)")
    parser.add_argument("train_count", nargs="?", type=int, default=1000,
                        help="how many leading training examples to keep")
    parser.add_argument("test_count", nargs="?", type=int, default=200,
                        help="how many leading test examples to keep")
    args = parser.parse_args()
    if args.train_count < 1 or args.test_count < 1:
        sys.exit(f"train_count ({args.train_count}) and test_count ({args.test_count}) must be >= 1")
    os.makedirs(args.dest, exist_ok=True)
    cut(args.source, args.dest, "train", args.train_count)
    cut(args.source, args.dest, "t10k", args.test_count)
    print(f"wrote {args.train_count} train and {args.test_count} test examples to {args.dest}")


if __name__ == "__main__":
    main()
