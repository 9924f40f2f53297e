#!/usr/bin/env python3
"""LeNet-5 on Fashion-MNIST in PyTorch: the same work as `benchmarks.jar train --model lenet-5`.

Same network as the benchmark's DL4J definition (benchmarks/src/main/java/io/github/dl4jpruning/bench/Models.java):
conv 5x5, 20 filters, stride 1, no padding, ReLU -> max pool 2x2 stride 2 -> conv 5x5, 50 filters, ReLU -> max pool
2x2 stride 2 -> dense 800 -> 500 ReLU -> dense 500 -> 10, softmax with cross-entropy (DL4J's MCXENT on a softmax
output), float32, Xavier-normal weights (DL4J's XAVIER: N(0, 2 / (fanIn + fanOut)), with fanIn = in channels x 5 x 5
and fanOut = out channels x 5 x 5 for a convolution), zero biases, Adam(lr 1e-3, betas 0.9/0.999, eps 1e-8), minibatch
128, the loss averaged over the minibatch. Same data: the first --train-examples images of the Fashion-MNIST training
file (pixels / 255, no augmentation), shuffled every epoch, and the full 10,000-image test set for accuracy, read from
the gzip IDX files directly (no torchvision, no download).

Each epoch is timed as wall time around the training loop only (the data are in memory as tensors beforehand, as in
the DL4J command). Prints one JSON object on stdout:
  {"framework": "pytorch", "torch": "1.13.0a0", "model": "lenet-5", "trainExamples": 10000, "epochs": 2,
   "batch": 128, "threads": 1, "seed": 42, "mkldnn": true, "cpu": "...", "date": "...",
   "epochSeconds": [..], "lastEpochSeconds": 4.1, "epochCpuSeconds": [..], "lastEpochCpuSeconds": 4.0,
   "accuracy": 0.79}
(epochCpuSeconds: process CPU time during the epoch, steadier than wall time on a shared machine.)

Run (Debian's python3-torch lives in /usr/bin/python3):
  /usr/bin/python3 benchmarks/pytorch/lenet5.py --train-examples 10000 --epochs 2 --threads 1
"""
import argparse
import datetime
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"


def read_idx(path, magic):
    """An IDX file (gzip): images (magic 2051) as uint8 [n, rows, cols], labels (2049) as uint8 [n]."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    found = int.from_bytes(data[0:4], "big")
    if found != magic:
        raise ValueError(f"{path}: magic number {found} must be {magic}")
    n = int.from_bytes(data[4:8], "big")
    if magic == 2051:
        rows, cols = int.from_bytes(data[8:12], "big"), int.from_bytes(data[12:16], "big")
        return np.frombuffer(data, dtype=np.uint8, count=n * rows * cols, offset=16).reshape(n, rows, cols)
    return np.frombuffer(data, dtype=np.uint8, count=n, offset=8)


def load(directory, train_examples):
    def images(name, count=None):
        x = read_idx(os.path.join(directory, name), 2051)
        x = x[:count] if count else x
        return torch.from_numpy(x.astype(np.float32) / 255.0).unsqueeze(1)   # [n, 1, 28, 28]

    def labels(name, count=None):
        y = read_idx(os.path.join(directory, name), 2049)
        y = y[:count] if count else y
        return torch.from_numpy(y.astype(np.int64))

    n = train_examples if train_examples > 0 else None
    return (images("train-images-idx3-ubyte.gz", n), labels("train-labels-idx1-ubyte.gz", n),
            images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz"))


def lenet5():
    net = nn.Sequential(
        nn.Conv2d(1, 20, kernel_size=5, stride=1), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(20, 50, kernel_size=5, stride=1), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(),
        nn.Linear(50 * 4 * 4, 500), nn.ReLU(),
        nn.Linear(500, 10))          # softmax is inside CrossEntropyLoss (log-softmax + NLL = MCXENT on softmax)
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_normal_(m.weight)   # std = sqrt(2 / (fan_in + fan_out)), as DL4J's XAVIER
            nn.init.zeros_(m.bias)
    return net


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=os.environ.get("FMNIST_DIR", DEFAULT_DIR))
    p.add_argument("--train-examples", type=int, default=10000)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json", help="also write the JSON to this file")
    a = p.parse_args()
    if a.epochs < 1 or a.batch < 1 or a.threads < 1 or a.train_examples < 0:
        p.error("epochs, batch and threads must be >= 1, train-examples >= 0")

    torch.set_num_threads(a.threads)
    try:
        torch.set_num_interop_threads(a.threads)
    except RuntimeError:
        pass
    torch.manual_seed(a.seed)
    x_train, y_train, x_test, y_test = load(a.data, a.train_examples)
    net = lenet5()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(a.seed)

    seconds, cpu_seconds = [], []
    for epoch in range(a.epochs):
        net.train()
        t0, c0 = time.perf_counter(), time.process_time()
        perm = torch.randperm(x_train.shape[0], generator=order)
        for s in range(0, x_train.shape[0], a.batch):
            idx = perm[s:s + a.batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(net(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - t0)
        cpu_seconds.append(time.process_time() - c0)
        print(f"epoch {epoch + 1}: {seconds[-1]:.3f} s (process CPU {cpu_seconds[-1]:.3f} s)", file=sys.stderr)

    net.eval()
    correct = 0
    with torch.no_grad():
        for s in range(0, x_test.shape[0], 1000):
            correct += (net(x_test[s:s + 1000]).argmax(1) == y_test[s:s + 1000]).sum().item()
    result = {
        "framework": "pytorch", "torch": torch.__version__, "model": "lenet-5",
        "trainExamples": int(x_train.shape[0]), "epochs": a.epochs, "batch": a.batch, "threads": torch.get_num_threads(),
        "seed": a.seed, "mkldnn": bool(torch.backends.mkldnn.is_available()), "cpu": cpu_model(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "epochSeconds": [round(s, 4) for s in seconds], "lastEpochSeconds": round(seconds[-1], 4),
        "epochCpuSeconds": [round(s, 4) for s in cpu_seconds], "lastEpochCpuSeconds": round(cpu_seconds[-1], 4),
        "accuracy": correct / x_test.shape[0],
    }
    text = json.dumps(result)
    print(text)
    if a.json:
        with open(a.json, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
