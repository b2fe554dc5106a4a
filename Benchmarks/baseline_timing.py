"""The timing loop both Python baselines share (torch_baseline.py, numpy_baseline.py).

`measure` runs one workload over consecutive blocks of a fixed random set for a warm-up, then for
SECONDS, and prints the one JSON line adv-bench reads.
"""
import json
import time

# Training takes minibatches of 100; FGSM + evaluation runs in blocks of adv's attack chunk
# (Attacks.defaultChunkSize), so every side multiplies matrices of the same shapes.
BATCH, ATTACK_BATCH = 100, 1000


def measure(workload, seconds, threads, data, labels, train_step, fgsm_eval, version, pgd_eval=None):
    """train_step(x, y, adversarial), fgsm_eval(x, y) and pgd_eval(x, y) run one block; version: {"torch": "2.13"}."""
    if workload == "pgd" and pgd_eval is None:
        raise SystemExit("this baseline has no pgd workload")
    batch = ATTACK_BATCH if workload in ("fgsm", "pgd") else BATCH
    n = len(labels)

    def run_batches(limit_s):
        done, start, i = 0, time.perf_counter(), 0
        while time.perf_counter() - start < limit_s:
            lo = (i * batch) % n
            x, y = data[lo:lo + batch], labels[lo:lo + batch]
            if workload == "fgsm":
                fgsm_eval(x, y)
            elif workload == "pgd":
                pgd_eval(x, y)
            else:
                train_step(x, y, workload == "adversarial")
            done += batch
            i += 1
        return done, time.perf_counter() - start

    run_batches(min(1.0, seconds / 4))  # warm-up
    done, elapsed = run_batches(seconds)
    print(json.dumps({"workload": workload, "threads": threads, "examples": done,
                      "seconds": elapsed, "examples_per_s": done / elapsed, **version}))
