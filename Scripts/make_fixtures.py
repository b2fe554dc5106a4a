#!/usr/bin/env python3
"""Writes Tests/AdvTensorTests/Fixtures/ops.json: numpy's answers for AdvTensor's ops.

Each entry is {name: {"shape": [...], "data": [...]}}. Inputs are Float32 draws from fixed seeds;
outputs are computed by numpy in Float64 from those Float32 inputs and rounded to Float32 once,
so they are the best Float32 answers. AdvTensorTests/FixtureTests.swift replays the same recipes
by name. The tests read the JSON, not numpy: run this by hand and commit the JSON.

Usage: python3 Scripts/make_fixtures.py
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "AdvTensorTests", "Fixtures", "ops.json")
fixtures = {}


def put(name, array):
    array = np.asarray(array, dtype=np.float64).astype(np.float32)
    fixtures[name] = {"shape": list(array.shape), "data": [float(v) for v in array.reshape(-1)]}


def draw(seed, shape, low=-2.0, high=2.0):
    return np.random.default_rng(seed).uniform(low, high, size=shape).astype(np.float32)


def logsumexp(x, axis):
    m = np.max(x, axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(x - m), axis=axis))


# Broadcasting arithmetic: [4, 1, 3] with [5, 1] -> [4, 5, 3]; a row vector; a column.
a = draw(1, (4, 1, 3))
b = draw(2, (5, 1), 0.5, 2.0)
put("broadcast/a", a)
put("broadcast/b", b)
a64, b64 = a.astype(np.float64), b.astype(np.float64)
put("broadcast/add", a64 + b64)
put("broadcast/subtract", a64 - b64)
put("broadcast/multiply", a64 * b64)
put("broadcast/divide", a64 / b64)
put("broadcast/minimum", np.minimum(a64, b64))
put("broadcast/maximum", np.maximum(a64, b64))
put("broadcast/pow", np.abs(a64) ** b64)
m = draw(3, (6, 4))
row = draw(4, (4,))
column = draw(5, (6, 1))
put("rows/m", m)
put("rows/row", row)
put("rows/column", column)
put("rows/m+row", m.astype(np.float64) + row)
put("rows/column*row", column.astype(np.float64) * row)

# Unary functions, comparisons and select (numpy's where) on [5, 4] against a broadcast row.
u = draw(13, (5, 4), -6.0, 6.0)
u64 = u.astype(np.float64)
put("unary/u", u)
put("unary/exp", np.exp(u64))
put("unary/log|u|", np.log(np.abs(u64)))
put("unary/sqrt|u|", np.sqrt(np.abs(u64)))
put("unary/tanh", np.tanh(u64))
put("unary/sigmoid", 1 / (1 + np.exp(-u64)))
put("unary/sign", np.sign(u64))
put("unary/clip", np.clip(u64, -1, 1))
threshold = draw(14, (4,), -3.0, 3.0)
put("compare/threshold", threshold)
put("compare/less", u < threshold)
put("compare/greaterEqual", u >= threshold)
put("compare/select", np.where(u < threshold, u, threshold))

# Reductions over each axis of [3, 4, 5].
x = draw(6, (3, 4, 5), -3.0, 3.0)
x64 = x.astype(np.float64)
put("reduce/x", x)
for axis in (0, 1, 2):
    put(f"reduce/sum{axis}", np.sum(x64, axis=axis))
    put(f"reduce/mean{axis}", np.mean(x64, axis=axis))
    put(f"reduce/max{axis}", np.max(x64, axis=axis))
    put(f"reduce/min{axis}", np.min(x64, axis=axis))
    put(f"reduce/argmax{axis}", np.argmax(x64, axis=axis))
    put(f"reduce/logsumexp{axis}", logsumexp(x64, axis))
    put(f"reduce/softmax{axis}", np.exp(x64 - logsumexp(x64, axis)[(slice(None),) * axis + (None,)]))
    put(f"reduce/logsoftmax{axis}", x64 - np.expand_dims(logsumexp(x64, axis), axis))
put("reduce/sum", np.sum(x64))
put("reduce/logsumexp", logsumexp(x64.reshape(-1), 0))

# Matrix products, including numpy's rank-1 rules and transposed operands.
p = draw(7, (7, 5))
q = draw(8, (5, 3))
v = draw(9, (5,))
w = draw(10, (7,))
put("matmul/p", p)
put("matmul/q", q)
put("matmul/v", v)
put("matmul/w", w)
p64, q64 = p.astype(np.float64), q.astype(np.float64)
put("matmul/p@q", p64 @ q64)
put("matmul/p@v", p64 @ v)
put("matmul/w@p", w.astype(np.float64) @ p64)
put("matmul/v@v", v.astype(np.float64) @ v)
put("matmul/pT@p", p64.T @ p64)
put("matmul/p@pT", p64 @ p64.T)

# Transposes.
put("transpose/x.T(2,0,1)", np.transpose(x, (2, 0, 1)))
put("transpose/x.T(1,0,2)", np.transpose(x, (1, 0, 2)))
big = draw(11, (37, 70))
put("transpose/big", big)
put("transpose/big.T", big.T)

# Slices of [8, 6] along each axis: (axis, start, end, step); None is numpy's default.
s = draw(12, (8, 6))
put("slice/s", s)
SLICES = [
    (0, 1, 5, 1), (0, -3, None, 1), (0, None, None, -1), (0, 6, 1, -2), (0, -100, 100, 3),
    (1, None, -1, 2), (1, 4, None, -1), (1, -1, -7, -1), (1, 3, 3, 1), (1, 10, None, -2),
]
for i, (axis, start, end, step) in enumerate(SLICES):
    index = [slice(None)] * 2
    index[axis] = slice(start, end, step)
    put(f"slice/{i}", s[tuple(index)])

# The Parzen window of Goodfellow et al. 2014 (AdvNNTests/GANTests.swift reads these): the
# log-mean-exp of Gaussian kernels of width sigma on 7 centres, for 5 rows, direct differences in
# Float64 (adv uses |a|^2 + |b|^2 - 2ab through GEMM).
px = draw(41, (5, 6), 0.0, 1.0)
pc = draw(42, (7, 6), 0.0, 1.0)
put("parzen/x", px)
put("parzen/centres", pc)
d2 = ((px.astype(np.float64)[:, None, :] - pc.astype(np.float64)[None, :, :]) ** 2).sum(axis=2)
for sigma in (0.2, 0.5):
    ll = logsumexp(-d2 / (2 * sigma**2), axis=1) - np.log(7) - 6 * np.log(sigma * np.sqrt(2 * np.pi))
    put(f"parzen/sigma{sigma}", ll)

os.makedirs(os.path.dirname(OUT), exist_ok=True)
# One fixture per line, so a regenerated file diffs by fixture.
with open(OUT, "w") as f:
    lines = [json.dumps(name) + ": " + json.dumps(fixtures[name], separators=(",", ":")) for name in sorted(fixtures)]
    f.write("{\n" + ",\n".join(lines) + "\n}\n")
print(f"wrote {len(fixtures)} fixtures to {os.path.normpath(OUT)}")
