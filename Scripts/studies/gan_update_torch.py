"""Issue 20: the check beside Scripts/studies/gan_update.adv that the collapse of Algorithm 1 as
written belongs to the recipe, not to adv. The paper's MNIST pair as goodfeli/adversarial's
mnist.yaml builds it (G 100 -> ReLU 1200 -> ReLU 1200 -> sigmoid 784, weights in +-.05, output
biases the training pixels' log-odds clipped at 1e-7; D maxout 240x5 -> maxout 240x5 -> one logit,
weights in +-.005, dropout keep .8 on the input and .5 on the hidden layers; SGD lr .1, momentum
.5, batch 100) trained in PyTorch on train[0:50000] under either update:
  alternating   a D step on fresh samples, then a G step on fresh noise against the updated D;
  simultaneous  one sample G(z), one pass of D, both networks' gradients from it, both updated at once.
Prints, per epoch, mean D(x) and D(G(z)) and the share of generated pixels strictly between .1 and .9
(2,000 samples; 8.7% of the pixels of 2,000 training digits).

usage: python3 Scripts/studies/gan_update_torch.py alternating|simultaneous [EPOCHS]   (default 4;
       about 20 s an epoch here, 2 threads; MNIST from adv's cache, ~/.cache/adv/mnist)
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

UNITS, PIECES = 240, 5


class Maxout(torch.nn.Module):
    def __init__(self, inputs):
        super().__init__()
        self.linear = torch.nn.Linear(inputs, UNITS * PIECES)
        torch.nn.init.uniform_(self.linear.weight, -0.005, 0.005)
        torch.nn.init.zeros_(self.linear.bias)

    def forward(self, x):
        return self.linear(x).view(-1, UNITS, PIECES).max(2).values


class Discriminator(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.h1, self.h2, self.out = Maxout(784), Maxout(UNITS), torch.nn.Linear(UNITS, 1)
        torch.nn.init.uniform_(self.out.weight, -0.005, 0.005)
        torch.nn.init.zeros_(self.out.bias)

    def forward(self, x):
        return self.out(F.dropout(self.h2(F.dropout(self.h1(F.dropout(x, 0.2)), 0.5)), 0.5))


def generator(pixel_means):
    """The generator's pre-sigmoid layers (the sigmoid is applied by the caller)."""
    g = torch.nn.Sequential(
        torch.nn.Linear(100, 1200), torch.nn.ReLU(), torch.nn.Linear(1200, 1200), torch.nn.ReLU(),
        torch.nn.Linear(1200, 784))
    for layer in g:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.uniform_(layer.weight, -0.05, 0.05)
            torch.nn.init.zeros_(layer.bias)
    p = pixel_means.clamp(1e-7, 1 - 1e-7)
    with torch.no_grad():
        g[4].bias.copy_(torch.log(p / (1 - p)))
    return g


def main():
    update = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    if update not in ("alternating", "simultaneous"):
        raise SystemExit("gan_update_torch.py: the update must be alternating or simultaneous")
    torch.set_num_threads(2)
    torch.manual_seed(1)
    raw = open(os.path.expanduser("~/.cache/adv/mnist/train-images-idx3-ubyte"), "rb").read()
    digits = np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 784)[:50000]
    x_all = torch.tensor(digits.astype(np.float32) / 255)
    g, d = generator(x_all.mean(0)), Discriminator()
    g_opt = torch.optim.SGD(g.parameters(), lr=0.1, momentum=0.5)
    d_opt = torch.optim.SGD(d.parameters(), lr=0.1, momentum=0.5)
    batches = x_all.shape[0] // 100
    for epoch in range(epochs):
        order = torch.randperm(x_all.shape[0])
        real_sum = fake_sum = 0.0
        for b in range(batches):
            x = x_all[order[b * 100:(b + 1) * 100]]
            if update == "alternating":
                with torch.no_grad():
                    fake = torch.sigmoid(g(torch.randn(100, 100)))
                logits = d(torch.cat([x, fake]))
                d_loss = 0.5 * (F.softplus(-logits[:100]).mean() + F.softplus(logits[100:]).mean())
                d_opt.zero_grad()
                d_loss.backward()
                d_opt.step()
                g_opt.zero_grad()
                F.softplus(-d(torch.sigmoid(g(torch.randn(100, 100))))).mean().backward()
                g_opt.step()
            else:
                fake = torch.sigmoid(g(torch.randn(100, 100)))
                real_logits, fake_logits = d(x), d(fake)
                d_loss = 0.5 * (F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean())
                g_loss = F.softplus(-fake_logits).mean()
                d_grads = torch.autograd.grad(d_loss, list(d.parameters()), retain_graph=True)
                g_grads = torch.autograd.grad(g_loss, list(g.parameters()))
                for p, grad in zip(list(d.parameters()) + list(g.parameters()), d_grads + g_grads):
                    p.grad = grad
                d_opt.step()
                g_opt.step()
                logits = torch.cat([real_logits, fake_logits])
            real_sum += torch.sigmoid(logits[:100]).mean().item()
            fake_sum += torch.sigmoid(logits[100:]).mean().item()
        with torch.no_grad():
            s = torch.sigmoid(g(torch.randn(2000, 100)))
        gray = ((s > 0.1) & (s < 0.9)).float().mean().item()
        print(f"{update} epoch {epoch + 1}: D(x) {real_sum / batches:.3f}, D(G(z)) {fake_sum / batches:.3f}, "
              f"gray share {gray:.4f}", flush=True)


if __name__ == "__main__":
    main()
