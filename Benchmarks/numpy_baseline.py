"""numpy + OpenBLAS baseline for adv-bench: torch_baseline.py's maxout workload, written in numpy.

784 -> maxout 240x5 -> maxout 240x5 -> softmax 10, dropout (input keep .8 unscaled, hidden keep .5
scaled x2), max-norm 1.9365 per unit, SGD with momentum .5 and learning rate .1, batch 100, on random
data of MNIST's shape. The forward and backward passes are written by hand the way a competent numpy
user would: float32 throughout, `@` (numpy's bundled OpenBLAS sgemm) for every product, in-place
ops where natural. adv-bench runs this between its own measurements and reads the one JSON line it
prints. A baseline, never a dependency: adv does not need numpy to build or run.

usage: python3 numpy_baseline.py WORKLOAD SECONDS THREADS
  WORKLOAD: train | adversarial | fgsm | pgd, as in torch_baseline.py.
"""
import os
import sys

import baseline_timing

# NOTE: numpy's bundled OpenBLAS reads its thread count once, when numpy loads it.
if __name__ == "__main__" and len(sys.argv) > 3:
    os.environ["OPENBLAS_NUM_THREADS"] = sys.argv[3]

import numpy as np

UNITS, PIECES, EPS, MAX_NORM, LR, MOMENTUM = 240, 5, 0.25, 1.9365, 0.1, 0.5
PGD_EPS, PGD_STEP, PGD_STEPS = 0.3, 0.01, 40
F32 = np.float32


class Net:
    """Weights W [inputs, outputs] (rows are examples: Z = X @ W + b), so a unit's incoming weight
    vector, the one max-norm bounds, is a column. Unit u of a maxout layer owns the PIECES adjacent
    outputs u*PIECES ..< (u+1)*PIECES, as in torch's view(-1, UNITS, PIECES)."""

    def __init__(self, rng):
        def uniform(shape, bound):
            return rng.uniform(-bound, bound, shape).astype(F32)

        bound = 1 / np.sqrt(UNITS)  # torch.nn.Linear's default for the softmax layer
        self.params = [
            uniform((784, UNITS * PIECES), 0.005), np.zeros(UNITS * PIECES, F32),
            uniform((UNITS, UNITS * PIECES), 0.005), np.zeros(UNITS * PIECES, F32),
            uniform((UNITS, 10), bound), uniform(10, bound),
        ]
        self.velocity = [np.zeros_like(p) for p in self.params]
        self.grads = [np.zeros_like(p) for p in self.params]

    def forward(self, x, rng=None):
        """Logits [b, 10] of x [b, 784] and what backward needs; training mode when rng is given."""
        w1, b1, w2, b2, w3, b3 = self.params
        masks = [None, None, None]
        if rng is not None:
            masks[0] = rng.random(x.shape, dtype=F32) < 0.8
            x = x * masks[0]
        inputs, pieces = [x], []
        h = x
        for layer, (w, b) in enumerate(((w1, b1), (w2, b2))):
            z = h @ w
            z += b
            z = z.reshape(-1, UNITS, PIECES)
            winner = z.argmax(axis=2)[:, :, None]
            h = np.take_along_axis(z, winner, axis=2)[:, :, 0]
            pieces.append(winner)
            if rng is not None:
                masks[layer + 1] = rng.random(h.shape, dtype=F32) < 0.5
                h *= masks[layer + 1]
                h *= 2
            inputs.append(h)
        logits = h @ w3
        logits += b3
        return logits, (inputs, pieces, masks)

    def backward(self, dlogits, cache, scale, parameters=True, input_gradient=False):
        """Adds scale x the parameter gradients of dlogits to self.grads (if parameters) and
        returns the input gradient [b, 784] (if input_gradient)."""
        (x, h1, h2), pieces, masks = cache
        w1, _, w2, _, w3, _ = self.params
        g = self.grads
        dlogits *= scale
        if parameters:
            g[4] += h2.T @ dlogits
            g[5] += dlogits.sum(axis=0)
        dh = dlogits @ w3.T
        for layer, h_in, w in ((1, h1, w2), (0, x, w1)):
            if masks[layer + 1] is not None:
                dh *= masks[layer + 1]
                dh *= 2
            # NOTE: a maxout unit's gradient flows to its winning piece only.
            dz = np.zeros((dh.shape[0], UNITS, PIECES), F32)
            np.put_along_axis(dz, pieces[layer], dh[:, :, None], axis=2)
            dz = dz.reshape(-1, UNITS * PIECES)
            if parameters:
                g[2 * layer] += h_in.T @ dz
                g[2 * layer + 1] += dz.sum(axis=0)
            if layer == 1 or input_gradient:
                dh = dz @ w.T
        if not input_gradient:
            return None
        if masks[0] is not None:
            dh *= masks[0]
        return dh

    def step(self):
        """torch.optim.SGD with momentum (v = .5 v + g; p -= lr v), then pylearn2's max-norm."""
        for p, v, g in zip(self.params, self.velocity, self.grads):
            v *= MOMENTUM
            v += g
            p -= LR * v
            g.fill(0)
        for w in self.params[0::2]:
            norms = np.sqrt(np.einsum("ij,ij->j", w, w))
            w *= np.minimum(MAX_NORM / np.maximum(norms, 1e-7), 1).astype(F32)


def cross_entropy_gradient(logits, y):
    """d(mean cross-entropy of softmax(logits) against labels y)/d logits, [b, 10], in place."""
    logits -= logits.max(axis=1, keepdims=True)
    np.exp(logits, out=logits)
    logits /= logits.sum(axis=1, keepdims=True)
    logits[np.arange(len(y)), y] -= 1
    logits /= len(y)
    return logits


def main():
    workload, seconds, threads = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    rng = np.random.default_rng(0)
    n = 10_000
    data = rng.random((n, 784), dtype=F32)
    labels = rng.integers(0, 10, n)
    net = Net(rng)

    def train_step(x, y, adversarial):
        if adversarial:
            # Eq. 6 as torch_baseline.py computes it: the FGSM direction is the sign of the clean
            # term's own input gradient (same training-mode pass, same dropout masks); then the
            # adversarial term. Two forward and two backward passes.
            logits, cache = net.forward(x, rng)
            dx = net.backward(cross_entropy_gradient(logits, y), cache, 0.5, input_gradient=True)
            xa = np.sign(dx)
            xa *= EPS
            xa += x
            np.clip(xa, 0, 1, out=xa)
            logits, cache = net.forward(xa, rng)
            net.backward(cross_entropy_gradient(logits, y), cache, 0.5)
        else:
            logits, cache = net.forward(x, rng)
            net.backward(cross_entropy_gradient(logits, y), cache, 1.0)
        net.step()

    def fgsm_eval(x, y):
        logits, cache = net.forward(x)
        dx = net.backward(cross_entropy_gradient(logits, y), cache, 1.0, parameters=False, input_gradient=True)
        xa = np.sign(dx)
        xa *= EPS
        xa += x
        np.clip(xa, 0, 1, out=xa)
        logits, _ = net.forward(xa)
        return int((logits.argmax(axis=1) != y).sum())

    def pgd_eval(x, y):
        xa = np.clip(x + rng.uniform(-PGD_EPS, PGD_EPS, x.shape).astype(F32), 0, 1)
        low, high = np.maximum(x - PGD_EPS, 0), np.minimum(x + PGD_EPS, 1)
        for _ in range(PGD_STEPS):
            logits, cache = net.forward(xa)
            dx = net.backward(cross_entropy_gradient(logits, y), cache, 1.0, parameters=False, input_gradient=True)
            xa += PGD_STEP * np.sign(dx)
            np.clip(xa, low, high, out=xa)
        logits, _ = net.forward(xa)
        return int((logits.argmax(axis=1) != y).sum())

    baseline_timing.measure(
        workload, seconds, threads, data, labels, train_step, fgsm_eval, {"numpy": np.__version__}, pgd_eval)

if __name__ == "__main__":
    main()
