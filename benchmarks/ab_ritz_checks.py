"""A/B of the big-reservoir radius's Ritz checks: this checkout against another, in one process.

The products of :func:`skreservoir._weights._unrestarted_radius` are the
same work in both versions (same kernels, same stop); what a change of its
Ritz checks (:func:`~skreservoir._weights.ritz_pair`,
:func:`~skreservoir._weights.tracked_ritz_pair`, the Hessenberg solve) saves
is a few percent of a fit, below the noise of whole fits on a shared
machine. So this records, once, the Arnoldi iteration of
``Reservoir(n_units=10_000, random_state=seed)``'s ``W`` (this checkout's
:func:`~skreservoir._weights.arnoldi`, to ``--max-vectors`` products), then
replays it to both versions' ``_unrestarted_radius`` (the other checkout's
package is loaded under another name), alternated, and reports per seed the
stop (products) and radius of each and the median CPU seconds of the
calling thread (BLAS runs on one thread there); then every 10 products
both versions' ``ritz_pair``: the largest relative difference of the Ritz
value, and how many residuals fall on opposite sides of 1e-3.

``PYTHONPATH=. python benchmarks/ab_ritz_checks.py BEFORE [--seeds 8] [--repeats 3]``
(``BEFORE``: a checkout, e.g. ``git worktree add /tmp/before main``).
"""

import argparse
import importlib
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def load_renamed(checkout, name="skreservoir_before"):
    """The package of ``checkout`` imported as ``name`` (its own imports renamed)."""
    folder = Path(tempfile.mkdtemp())
    shutil.copytree(Path(checkout) / "skreservoir", folder / name,
                    ignore=shutil.ignore_patterns("__pycache__"))
    for path in (folder / name).rglob("*.py"):
        text = path.read_text()
        path.write_text(re.sub(r"\bskreservoir(?=\.|\s+import)", name, text))
    sys.path.insert(0, str(folder))
    return importlib.import_module(f"{name}._weights")


def record(seed, max_vectors):
    """``H`` ((max_vectors + 1) x max_vectors) of the Arnoldi iteration of a drawn ``W``."""
    from skreservoir import Reservoir, _weights
    from skreservoir._threads import one_blas_thread

    W = Reservoir(n_units=10_000, random_state=seed).fit(np.zeros((5, 1))).W_
    v0 = np.random.default_rng(0).standard_normal(W.shape[0]).astype(np.float32)
    with one_blas_thread():
        for products, square, beta, _ in _weights.arnoldi(
                _weights._float32_operator(W).matvec, v0, max_vectors):
            pass
    H = np.zeros((products + 1, products))
    H[:products, :products], H[products, products - 1] = square, beta
    return H


def replay(module, H):
    """``(thread CPU seconds, radius, products)`` of ``module``'s radius on the recorded ``H``."""
    stop = [0]

    def arnoldi(matvec, v0, max_vectors):
        for k in range(max_vectors):
            stop[0] = k + 1
            yield k + 1, H[:k + 1, :k + 1], H[k + 1, k], False

    original, module.arnoldi = module.arnoldi, arnoldi
    try:
        start = time.thread_time()
        radius = module._unrestarted_radius(None, None, module.SPECTRAL_RADIUS_RTOL, H.shape[1])
        return time.thread_time() - start, radius, stop[0]
    finally:
        module.arnoldi = original


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("before")
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--max-vectors", type=int, default=560)
    args = parser.parse_args(argv)
    from skreservoir import _weights as after
    from skreservoir._threads import one_blas_thread

    before = load_renamed(args.before)
    versions = {"before": before, "after": after}
    totals = {"before": [0.0] * args.repeats, "after": [0.0] * args.repeats}
    worst, flips, checks = 0.0, 0, 0
    for seed in range(args.seeds):
        H = record(seed, args.max_vectors)
        runs = {"before": [], "after": []}
        for repeat in range(args.repeats + 1):  # the first: compilation, not counted
            order = ("before", "after") if (repeat + seed) % 2 == 0 else ("after", "before")
            for name in order:
                runs[name].append(replay(versions[name], H))
                if repeat:
                    totals[name][repeat - 1] += runs[name][-1][0]
        b, a = runs["before"][1], runs["after"][1]
        print(f"seed {seed}: stop {b[2]} / {a[2]} products, radius relative difference "
              f"{abs(a[1] / b[1] - 1):.1e}, CPU s {np.median([r[0] for r in runs['before'][1:]]):.3f}"
              f" / {np.median([r[0] for r in runs['after'][1:]]):.3f} (before / after)", flush=True)
        with one_blas_thread():
            for k in range(30, H.shape[1] + 1, 10):
                pairs = [v.ritz_pair(H[:k, :k], H[k, k - 1]) for v in (before, after)]
                worst = max(worst, abs(abs(pairs[1][0]) / abs(pairs[0][0]) - 1))
                flips += (pairs[0][2] <= 1e-3) != (pairs[1][2] <= 1e-3)
                checks += 1
    b, a = np.median(totals["before"]), np.median(totals["after"])
    print(f"\nCPU s per fit's Ritz checks (median over repeats, mean over seeds): before "
          f"{b / args.seeds:.4f}, after {a / args.seeds:.4f}, after / before {a / b:.3f}")
    print(f"ritz_pair every 10 products ({checks} checks): largest relative difference of the "
          f"Ritz value {worst:.1e}, residuals on opposite sides of 1e-3: {flips}; "
          f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
