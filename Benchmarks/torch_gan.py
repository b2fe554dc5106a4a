"""PyTorch baseline for `adv-bench gan`: one GAN training step of Goodfellow et al. 2014's MNIST pair,
measured as torch_baseline.py measures the maxout workload (baseline_timing.measure).

G: 100 -> ReLU 1200 -> ReLU 1200 -> sigmoid 784. D: 784 -> maxout 240x5 -> maxout 240x5 -> one logit,
dropout on D's inputs (keep .8 scaled 1.25; hidden keep .5 scaled 2). One step on a minibatch of 100
real images, as adv's `train PAIR` takes it (SGD lr .1, momentum .5):
  gan               a discriminator update on them and 100 samples of fresh Gaussian noise (half
                    the sum of the two cross-entropies), then a generator update on 100 fresh
                    samples (the non-saturating loss, -log D(G(z)), through D in training mode);
  gan-simultaneous  the authors' update (`simultaneous`): one sample of 100, D on the samples and
                    on the real rows, both networks' gradients from that pass, both updated at once.

usage: python3 torch_gan.py gan|gan-simultaneous SECONDS THREADS
"""
import sys

import baseline_timing

import torch
import torch.nn.functional as F

from torch_baseline import UNITS, Maxout

NOISE = 100


class Discriminator(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.h1, self.h2 = Maxout(784), Maxout(UNITS)
        self.out = torch.nn.Linear(UNITS, 1)

    def forward(self, x):
        h = self.h1(F.dropout(x, 0.2))
        h = self.h2(F.dropout(h, 0.5))
        return self.out(F.dropout(h, 0.5))


def generator():
    g = torch.nn.Sequential(
        torch.nn.Linear(NOISE, 1200), torch.nn.ReLU(), torch.nn.Linear(1200, 1200), torch.nn.ReLU(),
        torch.nn.Linear(1200, 784), torch.nn.Sigmoid())
    for layer in g:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.uniform_(layer.weight, -0.05, 0.05)
            torch.nn.init.zeros_(layer.bias)
    return g


def main():
    workload, seconds, threads = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    if workload not in ("gan", "gan-simultaneous"):
        raise SystemExit(f"torch_gan.py: workload must be gan or gan-simultaneous, got {workload}")
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    n = 10_000
    data = torch.rand(n, 784)
    labels = torch.zeros(n, dtype=torch.long)
    g, d = generator(), Discriminator()
    g_opt = torch.optim.SGD(g.parameters(), lr=0.1, momentum=0.5)
    d_opt = torch.optim.SGD(d.parameters(), lr=0.1, momentum=0.5)

    def train_step(x, _y, _adversarial):
        m = x.shape[0]
        d_opt.zero_grad(set_to_none=True)
        with torch.no_grad():
            fake = g(torch.randn(m, NOISE))
        logits = d(torch.cat([x, fake]))
        targets = torch.cat([torch.ones(m, 1), torch.zeros(m, 1)])
        (0.5 * 2 * F.binary_cross_entropy_with_logits(logits, targets)).backward()
        d_opt.step()
        g_opt.zero_grad(set_to_none=True)
        F.softplus(-d(g(torch.randn(m, NOISE)))).mean().backward()
        g_opt.step()

    d_params, g_params = list(d.parameters()), list(g.parameters())

    def simultaneous_step(x, _y, _adversarial):
        m = x.shape[0]
        fake = g(torch.randn(m, NOISE))
        real_logits, fake_logits = d(x), d(fake)
        d_loss = 0.5 * (F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean())
        g_loss = F.softplus(-fake_logits).mean()
        d_grads = torch.autograd.grad(d_loss, d_params, retain_graph=True)
        g_grads = torch.autograd.grad(g_loss, g_params)
        for p, grad in zip(d_params + g_params, d_grads + g_grads):
            p.grad = grad
        d_opt.step()
        g_opt.step()

    step = train_step if workload == "gan" else simultaneous_step
    # baseline_timing runs a train step for any workload but fgsm and pgd.
    baseline_timing.measure(workload, seconds, threads, data, labels, step, None, {"torch": torch.__version__})


if __name__ == "__main__":
    main()
