#!/usr/bin/python3
"""Writes the ONNX fixtures for dev.re3.onnx tests: small PyTorch models exported with torch.onnx.export.

Run from the repository root with Debian's torch (apt-get install -y python3-torch):

    /usr/bin/python3 src/test/resources/dev/re3/onnx/make_fixtures.py

For each model NAME it writes NAME.onnx and NAME.json beside this script. The JSON holds the inputs
(without the batch axis, flattened row-major), the model's outputs on them as computed by PyTorch
(probabilities when the model ends in a softmax), the dtype and the opset, and "outputs64": the file's
graph evaluated in float64 with torch.nn.functional on the file's own (float32) weights, which an exact
import must match to float64 rounding, and from the same float64 evaluation "logits64" (the graph's output
before a final Softmax) and "jacobians64": for each input the Jacobian of the logits with respect to the
input, [outputs][input elements] row-major, by torch.autograd. On the input's linear region the network is
logits = W x + b with W that Jacobian, so Re3's local maps must equal it to float64 rounding. The tests read
these files only, so they need no Python.

    make_fixtures.py --verify FILE.onnx INPUTS.json

instead evaluates an ONNX file written by OnnxExport with PyTorch's own operators (torch.nn.functional)
on the inputs in INPUTS.json (a JSON object with "inputs" and "outputs") and checks that the outputs agree:
an independent check that the exported graph means what Re3 thinks it means. It reads the protobuf wire
format directly, so it needs neither the onnx nor the protobuf Python package.
"""
import json
import os
import struct
import sys

import torch
from torch import nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


class Block(nn.Module):
    """y = x + W2 relu(W1 x + b1) + b2: a residual MLP block."""

    def __init__(self, d, h):
        super().__init__()
        self.fc1 = nn.Linear(d, h)
        self.fc2 = nn.Linear(h, d)

    def forward(self, x):
        return x + self.fc2(torch.relu(self.fc1(x)))


class ConvBlock(nn.Module):
    """y = relu(x + bn(conv(x))): a residual convolution block."""

    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)
        self.bn = nn.BatchNorm2d(c)

    def forward(self, x):
        return torch.relu(x + self.bn(self.conv(x)))


class MatMulAdd(nn.Module):
    """x @ W + b written out, which PyTorch exports as MatMul followed by Add."""

    def __init__(self, d, out):
        super().__init__()
        self.w = nn.Parameter(torch.randn(d, out) * 0.5)
        self.b = nn.Parameter(torch.randn(out) * 0.1)

    def forward(self, x):
        return torch.matmul(x, self.w) + self.b


class ExcludePadCnn(nn.Module):
    """Average pools with padding that count only real inputs (count_include_pad=False), which PyTorch exports
    as AveragePool with pads and count_include_pad=0, between convolutions and a max pool."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 3, 3, padding=1)
        self.avg1 = nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)
        self.conv2 = nn.Conv2d(3, 4, 3, padding=1)
        self.pool = nn.MaxPool2d(2, stride=1)
        self.avg2 = nn.AvgPool2d((2, 3), stride=1, padding=(1, 1), count_include_pad=False)
        self.fc = nn.Linear(4 * 4 * 3, 3)

    def forward(self, x):
        x = self.avg1(torch.relu(self.conv1(x)))
        x = self.avg2(self.pool(torch.relu(self.conv2(x))))
        return self.fc(torch.flatten(x, 1))


class ViewCnn(nn.Module):
    """Conv, BatchNorm, ReLU, MaxPool, padded AvgPool (count_include_pad either way), global average pool,
    and x.view(x.size(0), -1) before the classifier."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)  # right after a Conv: folded by the exporter
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(4, 5, 3, stride=1, padding=1)
        self.bn2 = nn.BatchNorm2d(5)  # after the ReLU: a BatchNormalization node
        self.avg1 = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=True)
        self.avg2 = nn.AvgPool2d(2, stride=1, padding=0, count_include_pad=False)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(5, 3)

    def forward(self, x):
        x = self.pool1(torch.relu(self.bn1(self.conv1(x))))
        x = self.bn2(torch.relu(self.conv2(x)))
        x = self.avg2(self.avg1(x))
        x = self.gap(x)
        x = x.view(x.size(0), -1)
        return self.fc(x)


class Standardized(nn.Module):
    """(x - mean) / std per feature in front of a network, which PyTorch exports as Sub and Div by constants."""

    def __init__(self, mean, std, net):
        super().__init__()
        self.register_buffer("mean", mean)
        self.register_buffer("std", std)
        self.net = net

    def forward(self, x):
        return self.net((x - self.mean) / self.std)


def randomize_bn(model, gen):
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            with torch.no_grad():
                m.weight.copy_(1 + 0.3 * torch.randn(m.weight.shape, generator=gen))
                m.bias.copy_(0.2 * torch.randn(m.bias.shape, generator=gen))
                m.running_mean.copy_(0.3 * torch.randn(m.running_mean.shape, generator=gen))
                m.running_var.copy_(0.5 + torch.rand(m.running_var.shape, generator=gen))


def models():
    """(name, module, input shape without batch, opset, dtype)"""
    yield "mlp_opset11", nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)), (4,), 11, torch.float32
    yield "mlp_opset17", nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.3), nn.Linear(8, 3)), (4,), 17, torch.float32
    yield "mlp_float64", nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 2)), (4,), 14, torch.float64
    yield "matmul_add", nn.Sequential(MatMulAdd(3, 5), nn.ReLU(), nn.Linear(5, 2, bias=False)), (3,), 13, torch.float32
    yield "cnn_view", ViewCnn(), (1, 8, 8), 14, torch.float32
    yield "cnn_flatten_opset11", nn.Sequential(
        nn.Conv2d(2, 3, 3, stride=2, padding=1), nn.ReLU(), nn.MaxPool2d(2, stride=1, padding=1),
        nn.AvgPool2d(2, padding=1), nn.Flatten(), nn.Linear(3 * 3 * 3, 2)), (2, 6, 6), 11, torch.float32
    yield "cnn_flatten_opset17", nn.Sequential(
        nn.Conv2d(2, 3, 3, stride=2, padding=1), nn.ReLU(), nn.MaxPool2d(2, stride=1, padding=1),
        nn.AvgPool2d(2, padding=1), nn.Flatten(), nn.Linear(3 * 3 * 3, 2)), (2, 6, 6), 17, torch.float32
    yield "residual_mlp", nn.Sequential(nn.Linear(4, 6), nn.ReLU(), Block(6, 5), nn.ReLU(), Block(6, 4),
                                        nn.Linear(6, 3)), (4,), 14, torch.float32
    yield "residual_cnn", nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.ReLU(), ConvBlock(3),
                                        nn.Flatten(), nn.Linear(3 * 5 * 5, 2)), (1, 5, 5), 13, torch.float32
    yield "leaky_softmax", nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.LeakyReLU(0.1), nn.Linear(8, 3),
                                         nn.Softmax(dim=1)), (5,), 15, torch.float32
    yield "cnn_view_opset11", ViewCnn(), (1, 8, 8), 11, torch.float32
    yield "cnn_exclude_pad", ExcludePadCnn(), (1, 7, 7), 13, torch.float32
    yield "standardized_mlp", Standardized(torch.tensor([5.8, 3.0, 3.8, 1.2]), torch.tensor([0.8, 0.4, 1.7, 0.75]),
                                           nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 3))), (4,), 14, torch.float32


def make():
    gen = torch.Generator().manual_seed(12)
    torch.manual_seed(12)
    for name, model, shape, opset, dtype in models():
        randomize_bn(model, gen)
        model = model.to(dtype).eval()
        x = torch.randn((4,) + shape, generator=gen).to(dtype)
        with torch.no_grad():
            y = model(x)
        path = os.path.join(HERE, name + ".onnx")
        torch.onnx.export(model, x[:1], path, opset_version=opset, input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
        graph = read_model(path)
        x64 = [xi.double().reshape((1,) + shape) for xi in x]
        y64 = torch.cat([run(*graph, xi) for xi in x64])
        logits = lambda xi: run(*graph, xi, logits=True).reshape(-1)
        z64 = torch.stack([logits(xi) for xi in x64])
        jac64 = [torch.autograd.functional.jacobian(logits, xi).reshape(len(z64[0]), -1) for xi in x64]
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump({"model": name + ".onnx", "opset": opset, "dtype": str(dtype).replace("torch.", ""),
                       "torch": torch.__version__, "inputShape": list(shape),
                       "inputs": x.reshape(len(x), -1).double().tolist(),
                       "outputs": y.double().tolist(),
                       "outputs64": y64.tolist(),
                       "logits64": z64.tolist(),
                       "jacobians64": [j.tolist() for j in jac64]}, f, indent=1)
        print(name, os.path.getsize(path), "bytes")


# ---- verification of an exported file, with a minimal protobuf reader ----

def varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def fields(buf):
    """(field number, wire type, value) for each field of one message; length-delimited values are bytes."""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(buf, i)
        elif wt == 1:
            v, i = buf[i:i + 8], i + 8
        elif wt == 2:
            n, i = varint(buf, i)
            v, i = buf[i:i + n], i + n
        elif wt == 5:
            v, i = buf[i:i + 4], i + 4
        else:
            raise SystemExit(f"unsupported wire type {wt}")
        yield num, wt, v


def signed(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def packed_ints(wt, v):
    if wt == 0:
        return [signed(v)]
    out, i = [], 0
    while i < len(v):
        x, i = varint(v, i)
        out.append(signed(x))
    return out


def tensor(buf):
    dims, dtype, raw, name, floats, doubles = [], 1, None, "", [], []
    for num, wt, v in fields(buf):
        if num == 1:
            dims += packed_ints(wt, v)
        elif num == 2:
            dtype = v
        elif num == 8:
            name = v.decode()
        elif num == 9:
            raw = v
        elif num == 4:
            floats += list(struct.unpack("<%df" % (len(v) // 4), v)) if wt == 2 else list(struct.unpack("<f", v))
        elif num == 10:
            doubles += list(struct.unpack("<%dd" % (len(v) // 8), v)) if wt == 2 else list(struct.unpack("<d", v))
    if raw is not None:
        fmt = {1: "f", 11: "d", 7: "q"}[dtype]
        values = list(struct.unpack("<%d%s" % (len(raw) // struct.calcsize(fmt), fmt), raw))
    else:
        values = floats or doubles
    t = torch.tensor(values, dtype=torch.float64 if dtype in (1, 11) else torch.int64)
    return name, t.reshape(dims)


def attribute(buf):
    a = {"ints": []}
    for num, wt, v in fields(buf):
        if num == 1:
            a["name"] = v.decode()
        elif num == 2:
            a["f"] = struct.unpack("<f", v)[0]
        elif num == 3:
            a["i"] = signed(v)
        elif num == 5:
            a["t"] = tensor(v)[1]
        elif num == 8:
            a["ints"] += packed_ints(wt, v)
    return a["name"], a


def node(buf):
    n = {"input": [], "output": [], "attrs": {}}
    for num, wt, v in fields(buf):
        if num == 1:
            n["input"].append(v.decode())
        elif num == 2:
            n["output"].append(v.decode())
        elif num == 4:
            n["op"] = v.decode()
        elif num == 5:
            k, a = attribute(v)
            n["attrs"][k] = a
    return n


def value_name(buf):
    for num, wt, v in fields(buf):
        if num == 1:
            return v.decode()


def read_model(path):
    with open(path, "rb") as f:
        buf = f.read()
    graph = next(v for num, wt, v in fields(buf) if num == 7)
    nodes, inits, inputs, outputs = [], {}, [], []
    for num, wt, v in fields(graph):
        if num == 1:
            nodes.append(node(v))
        elif num == 5:
            k, t = tensor(v)
            inits[k] = t
        elif num == 11:
            inputs.append(value_name(v))
        elif num == 12:
            outputs.append(value_name(v))
    return nodes, inits, inputs, outputs


def run(nodes, inits, inputs, outputs, x, logits=False):
    """The graph on x; with logits=True, the value before a final Softmax."""
    env = dict(inits)
    env[inputs[0]] = x
    for n in nodes:
        a, op, args = n["attrs"], n["op"], [env[i] for i in n["input"] if i]
        ints = lambda k, d: a[k]["ints"] if k in a else d
        if op == "Constant":
            y = a["value"]["t"]
        elif op == "MatMul":
            y = args[0] @ args[1]
        elif op == "Pad":
            p = args[1].tolist()
            y = F.pad(args[0], (p[3], p[7], p[2], p[6]))
        elif op == "Shape":
            y = torch.tensor(list(args[0].shape), dtype=torch.int64)
        elif op == "Gather":
            y = args[0][args[1]]
        elif op == "Unsqueeze":
            axes = args[1].tolist() if len(args) > 1 else a["axes"]["ints"]
            y = args[0]
            for ax in axes:
                y = y.unsqueeze(ax)
        elif op == "Concat":
            y = torch.cat(args, a["axis"]["i"])
        elif op == "Reshape":
            y = args[0].reshape([int(v) for v in args[1].tolist()])
        elif op == "GlobalAveragePool":
            y = args[0].mean(dim=(2, 3), keepdim=True)
        elif op == "Gemm":
            w = args[1].T if a.get("transB", {}).get("i", 0) else args[1]
            y = a.get("alpha", {}).get("f", 1.0) * args[0] @ w
            if len(args) > 2:
                y = y + a.get("beta", {}).get("f", 1.0) * args[2]
        elif op == "Conv":
            p = ints("pads", [0, 0, 0, 0])
            y = F.conv2d(args[0], args[1], args[2] if len(args) > 2 else None, stride=ints("strides", [1, 1]),
                         padding=(p[0], p[1]))
        elif op == "BatchNormalization":
            y = F.batch_norm(args[0], args[3], args[4], args[1], args[2], False, 0.0, a["epsilon"]["f"])
        elif op == "Relu":
            y = torch.relu(args[0])
        elif op == "LeakyRelu":
            y = F.leaky_relu(args[0], a["alpha"]["f"])
        elif op == "MaxPool":
            p = ints("pads", [0, 0, 0, 0])
            y = F.max_pool2d(args[0], ints("kernel_shape", None), ints("strides", [1, 1]), (p[0], p[1]))
        elif op == "AveragePool":
            p = ints("pads", [0, 0, 0, 0])
            y = F.avg_pool2d(args[0], ints("kernel_shape", None), ints("strides", [1, 1]), (p[0], p[1]),
                             count_include_pad=bool(a.get("count_include_pad", {}).get("i", 0)))
        elif op == "Flatten":
            y = torch.flatten(args[0], 1)
        elif op in ("Dropout", "Identity"):
            y = args[0]
        elif op in ("Add", "Sum"):
            y = sum(args[1:], args[0])
        elif op == "Sub":
            y = args[0] - args[1]
        elif op == "Div":
            y = args[0] / args[1]
        elif op == "Softmax":
            if logits and n["output"][0] == outputs[0]:
                return args[0]
            y = torch.softmax(args[0], -1)
        else:
            raise SystemExit(f"verify: operator {op} not known to the checker")
        env[n["output"][0]] = y
    return env[outputs[0]]


def verify(path, data_path):
    with open(data_path) as f:
        data = json.load(f)
    model = read_model(path)
    worst = 0.0
    for x, want in zip(data["inputs"], data.get("outputs64", data["outputs"])):
        shape = [1] + list(data["inputShape"])
        got = run(*model, torch.tensor(x, dtype=torch.float64).reshape(shape)).reshape(-1)
        worst = max(worst, (got - torch.tensor(want, dtype=torch.float64)).abs().max().item())
    print(f"{path}: largest difference from the expected outputs {worst:.3g}")
    if worst > 1e-9:
        raise SystemExit(1)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--verify":
        verify(sys.argv[2], sys.argv[3])
    else:
        make()
