#!/usr/bin/python3
"""Trains the small digits CNN of notebooks/08-onnx.ipynb in PyTorch and exports it with torch.onnx.export.

Run from the repository root with Debian's torch (apt-get install -y python3-torch):

    /usr/bin/python3 notebooks/models/make_digits_cnn.py

Data: datasets/digits/digits.csv.gz (1797 8x8 images, 64 pixel values 0..16 then the label), pixels divided
by 16 as Re3's Datasets.digits() does. Rows whose index is a multiple of 5 are the test set (360 images), the
others train (1437). Model (float32): Conv2d(1, 8, 3, padding=1) - BatchNorm2d - ReLU - MaxPool2d(2) -
Conv2d(8, 16, 3, padding=1) - ReLU - AvgPool2d(3, stride=1, padding=1, count_include_pad=False) - Flatten -
Dropout(0.2) - Linear(256, 10); Adam, learning rate 0.005, 40 epochs of batches of 64, seed 0, one thread.

Writes digits_cnn.onnx (opset 14, input "input" [batch, 1, 8, 8], output "logits" [batch, 10]) and
digits_cnn.json beside this script: the split rule, PyTorch's test accuracy, its predictions on the test
images and its logits on the first five, for the notebook to compare with.
"""
import csv
import gzip
import json
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "datasets", "digits", "digits.csv.gz")


def load():
    with gzip.open(DATA, "rt") as f:
        rows = [[float(v) for v in r] for r in csv.reader(f) if r]
    x = torch.tensor([r[:64] for r in rows], dtype=torch.float32).reshape(-1, 1, 8, 8) / 16
    y = torch.tensor([int(r[64]) for r in rows])
    test = torch.arange(len(rows)) % 5 == 0
    return x[~test], y[~test], x[test], y[test]


def model():
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False),
        nn.Flatten(), nn.Dropout(0.2), nn.Linear(16 * 4 * 4, 10))


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    x, y, xt, yt = load()
    net = model()
    opt = torch.optim.Adam(net.parameters(), lr=0.005)
    gen = torch.Generator().manual_seed(0)
    for epoch in range(40):
        net.train()
        for idx in torch.randperm(len(x), generator=gen).split(64):
            opt.zero_grad()
            nn.functional.cross_entropy(net(x[idx]), y[idx]).backward()
            opt.step()
    net.eval()
    with torch.no_grad():
        logits = net(xt)
        train_acc = (net(x).argmax(1) == y).double().mean().item()
    acc = (logits.argmax(1) == yt).double().mean().item()
    path = os.path.join(HERE, "digits_cnn.onnx")
    torch.onnx.export(net, xt[:1], path, opset_version=14, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    with open(os.path.join(HERE, "digits_cnn.json"), "w") as f:
        json.dump({"model": "digits_cnn.onnx", "torch": torch.__version__, "opset": 14,
                   "data": "datasets/digits/digits.csv.gz, pixels / 16; test = rows whose index is a multiple of 5",
                   "trainImages": len(x), "testImages": len(xt),
                   "trainAccuracy": train_acc, "testAccuracy": acc,
                   "firstTestLogits": logits[:5].double().tolist(),
                   "testPredictions": logits.argmax(1).tolist()}, f, indent=1)
    print(f"train accuracy {train_acc:.4f}, test accuracy {acc:.4f}, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
