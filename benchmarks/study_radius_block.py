"""Would a block Arnoldi find a big reservoir's spectral radius in fewer passes over W?

Issue 19 asks for ``Reservoir(n_units=10_000).fit`` in < 2 s; about half of
it is the ~400 sparse products of :func:`skreservoir._weights._unrestarted_radius`,
each a memory-bound pass over the 10 million nonzeros of W. A block Krylov
method multiplies b vectors per pass. This study counts, on the matrices
``Reservoir`` draws (``random_matrix``, normal values), how many passes and
vectors each method needs before its largest Ritz value meets ARPACK's
criterion (residual <= 1e-3 of its modulus), and the error of that value
against a reference radius (ARPACK in float64 to 1e-10 with 300 vectors).

* ``b = 1``: the library's own :func:`~skreservoir._weights._unrestarted_radius`
  (its products counted).
* ``b >= 2``: a block Arnoldi (block classical Gram-Schmidt twice, a QR of
  each new block) from b normal start vectors, checked every 10 vectors;
  the residual of the Ritz pair ``(theta, y)`` of the block Hessenberg
  matrix ``H`` is ``|H[K:K+b, K-b:K] y[K-b:]| / |theta|``.

``python benchmarks/study_radius_block.py`` (10,000 units, density 0.1,
seeds 0-2, b in 1, 2, 4; about 15 minutes, mostly the references);
``--quick``: 3000 units, one seed.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy.sparse.linalg import eigs

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import load_average, machine_info  # noqa: E402


def block_arnoldi(W, b, rtol, max_vectors):
    """(passes, vectors, |theta|) where a block Arnoldi of ``b`` vectors meets ``rtol``, or None."""
    n = W.shape[0]
    steps = max_vectors // b
    basis = np.empty((n, (steps + 1) * b), np.float32)
    hessenberg = np.zeros(((steps + 1) * b, steps * b))
    start = np.random.default_rng(0).standard_normal((n, b)).astype(np.float32)
    basis[:, :b] = np.linalg.qr(start)[0]
    for j in range(steps):
        block, size = slice(j * b, (j + 1) * b), (j + 1) * b
        product = W @ basis[:, block]
        for _ in range(2):
            h = basis[:, :size].T @ product
            product -= basis[:, :size] @ h
            hessenberg[:size, block] += h
        basis[:, size:size + b], hessenberg[size:size + b, block] = np.linalg.qr(product)
        if size >= 30 and size % 10 < b:
            square = hessenberg[:size, :size]
            ritz = np.linalg.eigvals(square)
            theta = ritz[np.argmax(np.abs(ritz))]
            y = np.linalg.solve(square - theta * (1 + 1e-10) * np.eye(size), np.ones(size))
            y /= np.linalg.norm(y)
            residual = np.linalg.norm(hessenberg[size:size + b, size - b:size] @ y[size - b:])
            if residual <= rtol * abs(theta):
                return j + 1, size, float(abs(theta))
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--blocks", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--max-vectors", type=int, default=640)
    parser.add_argument("--output", default=None)
    args = parser.parse_args(argv)
    from skreservoir import _weights

    n_units, seeds = (3000, [0]) if args.quick else (10_000, [0, 1, 2])
    density, rtol = 0.1, _weights.SPECTRAL_RADIUS_RTOL
    records = []
    for seed in seeds:
        W = _weights.random_matrix(np.random.default_rng(seed), (n_units, n_units),
                                   density=density, distribution="normal", sparse=True,
                                   dtype=np.float64)
        start = time.perf_counter()
        reference = eigs(W, k=6, which="LM", tol=1e-10, ncv=300, v0=np.ones(n_units),
                         return_eigenvectors=False)
        moduli = np.sort(np.abs(reference))[::-1]
        print(f"seed {seed}: reference radius {moduli[0]:.6f} ({time.perf_counter() - start:.0f} s),"
              f" next moduli {np.round(moduli[1:4], 6).tolist()}", flush=True)
        W32 = W.astype(np.float32)
        for b in args.blocks:
            if b == 1:
                operator, passes = _weights._float32_operator(W), [0]

                def matvec(x, operator=operator, passes=passes):
                    passes[0] += 1
                    return operator.matvec(x)

                v0 = np.random.default_rng(0).standard_normal(n_units).astype(np.float32)
                radius = _weights._unrestarted_radius(matvec, v0, rtol, args.max_vectors)
                hit = None if radius is None else (passes[0], passes[0], radius)
            else:
                hit = block_arnoldi(W32, b, rtol, args.max_vectors)
            record = {"seed": seed, "block": b, "reference": float(moduli[0]),
                      "passes": None if hit is None else hit[0],
                      "vectors": None if hit is None else hit[1],
                      "relative_error": None if hit is None else hit[2] / moduli[0] - 1}
            print(f"  b={b}: " + ("criterion not met within "
                                  f"{args.max_vectors} vectors" if hit is None else
                                  f"{hit[0]} passes, {hit[1]} vectors, relative error "
                                  f"{record['relative_error']:+.1e}"), flush=True)
            records.append(record)
    output = Path(args.output) if args.output else HERE / (
        "study_radius_block_quick.json" if args.quick else "study_radius_block.json")
    report = {"machine": machine_info(["skreservoir", "numpy", "scipy", "numba"]),
              "n_units": n_units, "density": density, "rtol": rtol,
              "max_vectors": args.max_vectors, "load_average_1min_end": load_average(),
              "records": records}
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
