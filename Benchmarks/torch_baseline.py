"""PyTorch baseline for adv-bench: the maxout workload of PAPERS.md, measured the same way.

784 -> maxout 240x5 -> maxout 240x5 -> softmax 10, dropout (input keep .8 unscaled, hidden keep .5
scaled x2), max-norm 1.9365, SGD with momentum .5, batch 100, on random data of MNIST's shape (speed
does not depend on the pixel values). adv-bench runs this between its own measurements and reads
the one JSON line it prints. A baseline, never a dependency: adv does not need torch to build or run.

usage: python3 torch_baseline.py WORKLOAD SECONDS THREADS
  WORKLOAD: train | adversarial | fgsm | pgd
    train: one SGD step per minibatch; adversarial: Goodfellow 2015 eq. 6 (eps .25, alpha .5), the
    FGSM direction taken from the clean term's training-mode pass as adv does; fgsm: FGSM examples
    in evaluation mode, then their error; pgd: Madry et al.'s PGD (40 steps of .01 at eps .3 from a
    uniform random start, projected onto the ball and [0, 1]) in evaluation mode, then the error.
"""
import sys

import baseline_timing

import torch
import torch.nn.functional as F

UNITS, PIECES, EPS, MAX_NORM = 240, 5, 0.25, 1.9365
PGD_EPS, PGD_STEP, PGD_STEPS = 0.3, 0.01, 40


class Maxout(torch.nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.linear = torch.nn.Linear(n_in, UNITS * PIECES)
        torch.nn.init.uniform_(self.linear.weight, -0.005, 0.005)
        torch.nn.init.zeros_(self.linear.bias)

    def forward(self, x):
        return self.linear(x).view(-1, UNITS, PIECES).max(dim=2).values


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.h1, self.h2 = Maxout(784), Maxout(UNITS)
        self.out = torch.nn.Linear(UNITS, 10)

    def forward(self, x):
        if self.training:
            x = x * (torch.rand_like(x) < 0.8)
        h = self.h1(x)
        if self.training:
            h = F.dropout(h, 0.5)
        h = self.h2(h)
        if self.training:
            h = F.dropout(h, 0.5)
        return self.out(h)

    @torch.no_grad()
    def clip_norms(self):
        for layer in (self.h1.linear, self.h2.linear, self.out):
            # pylearn2's max-norm: each unit's incoming weight vector (a row here).
            w = layer.weight
            norms = w.norm(dim=1, keepdim=True).clamp(min=1e-7)
            w.mul_(torch.clamp(MAX_NORM / norms, max=1.0))


def fgsm(net, x, y):
    x = x.clone().requires_grad_(True)
    loss = F.cross_entropy(net(x), y)
    (g,) = torch.autograd.grad(loss, x)
    return (x + EPS * g.sign()).clamp(0, 1).detach()


def pgd(net, x, y):
    xa = (x + torch.empty_like(x).uniform_(-PGD_EPS, PGD_EPS)).clamp(0, 1)
    low, high = (x - PGD_EPS).clamp(min=0), (x + PGD_EPS).clamp(max=1)
    for _ in range(PGD_STEPS):
        xa.requires_grad_(True)
        loss = F.cross_entropy(net(xa), y)
        (g,) = torch.autograd.grad(loss, xa)
        xa = torch.max(torch.min(xa.detach() + PGD_STEP * g.sign(), high), low)
    return xa


def main():
    workload, seconds, threads = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    n = 10_000
    data = torch.rand(n, 784)
    labels = torch.randint(0, 10, (n,))
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.5)

    def train_step(x, y, adversarial):
        net.train()
        opt.zero_grad(set_to_none=True)
        if adversarial:
            # Eq. 6 as adv's train computes it: the FGSM direction is the sign of the clean term's
            # own input gradient (same training-mode forward pass, same dropout masks), so one
            # backward pass gives it and the clean parameter gradients; then the adversarial term.
            # Two forward and two backward passes, 12.9 MFLOP/example.
            x = x.clone().requires_grad_(True)
            (0.5 * F.cross_entropy(net(x), y)).backward()
            xa = (x + EPS * x.grad.sign()).clamp(0, 1).detach()
            (0.5 * F.cross_entropy(net(xa), y)).backward()
        else:
            F.cross_entropy(net(x), y).backward()
        opt.step()
        net.clip_norms()

    def fgsm_eval(x, y):
        net.eval()
        xa = fgsm(net, x, y)
        with torch.no_grad():
            return (net(xa).argmax(1) != y).sum().item()

    def pgd_eval(x, y):
        net.eval()
        xa = pgd(net, x, y)
        with torch.no_grad():
            return (net(xa).argmax(1) != y).sum().item()

    baseline_timing.measure(
        workload, seconds, threads, data, labels, train_step, fgsm_eval, {"torch": torch.__version__}, pgd_eval)

if __name__ == "__main__":
    main()
