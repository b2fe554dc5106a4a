"""Evaluates models exported by adv's export_npz in numpy, from the archives alone, and compares
the logits with adv's own (ExportNumpyTests runs it; Model+Export.swift describes the archive).

Usage: python3 Tests/numpy/check_export.py CASES.npz MODEL.npz...
CASES.npz holds x (the inputs, [n, d]) and, for the i-th model given, logits<i> (adv's logits of
x). Prints each model's largest difference; exits 1 if one is over 1e-5 or if the model ignoring
its input_scale arrays would still be within 1e-3 of adv (then the check could not tell).
"""

import sys

import numpy as np


def logits(archive, x, scaled=True):
    """The model's logits of x, layer after layer, in float64."""
    h = x.astype(np.float64)
    for k, kind in enumerate(archive["layers"]):
        def array(name):
            return archive[f"layer{k}.{name}"].astype(np.float64)
        if scaled:
            h = h * array("input_scale")
        if kind == "linear":
            h = h @ array("W") + array("b")
        elif kind == "maxout":
            z = h @ array("W") + array("b")
            h = z.reshape(len(z), -1, int(array("pieces"))).max(axis=2)
        elif kind == "dropout":
            pass
        elif kind == "sigmoid":
            h = 1 / (1 + np.exp(-h))
        elif kind == "relu":
            h = np.maximum(h, 0)
        elif kind == "rbf":
            beta = array("gamma") ** 2
            h = -(h**2 @ beta - 2 * h @ (beta * array("mu")) + (beta * array("mu") ** 2).sum(axis=0))
        elif kind == "binaryLogits":
            h = np.concatenate([np.zeros_like(h), h], axis=1)
        else:
            sys.exit(f"layer {k}: unknown kind {kind}")
    return h


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cases = np.load(sys.argv[1])
    failed = False
    for i, path in enumerate(sys.argv[2:]):
        archive = np.load(path)
        expected = cases[f"logits{i}"].astype(np.float64)
        difference = np.abs(logits(archive, cases["x"]) - expected).max()
        unscaled = np.abs(logits(archive, cases["x"], scaled=False) - expected).max()
        scales = [float(archive[f"layer{k}.input_scale"]) for k in range(len(archive["layers"]))]
        print(f"{path}: layers {[str(kind) for kind in archive['layers']]}, input scales {scales}: "
              f"largest difference {difference:.3g} (ignoring the scales: {unscaled:.3g})")
        uses_scales = any(s != 1 for s in scales)
        if not difference <= 1e-5 or (uses_scales and not unscaled > 1e-3):
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
