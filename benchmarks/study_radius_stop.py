"""Could the big-reservoir spectral radius stop its Arnoldi iteration sooner?

Issue 19 asks for ``Reservoir(n_units=10_000).fit`` in < 2 s; most of it is
the ~400 products of :func:`skreservoir._weights._unrestarted_radius`, which
stops where the relative residual of its largest Ritz value meets ARPACK's
criterion (``<= 1e-3``), while the radius is documented to 1e-3 relative
accuracy only. This study records, for many matrices that take that path
(>= 256 nonzeros per row), the largest Ritz value and its relative residual
every 10 products (:func:`skreservoir._weights.arnoldi` and
:func:`~skreservoir._weights.ritz_pair`, up to
``--max-vectors``), and reads off what a looser rule, ``residual <= c *
1e-3``, would have given: the products at its stop and the relative error
of its radius against the exact one; and (``library``) the products and
error of :func:`~skreservoir._weights._unrestarted_radius` itself (its
criterion is ``c = 1``, checked where its followed Ritz pair meets it).

Families (``family``), each at a few sizes and seeds:

* ``random-normal``, ``random-uniform``, ``random-bernoulli``: the matrices
  ``Reservoir`` draws (:func:`~skreservoir._weights.random_matrix`);
  reference: the iteration's own last Ritz value where its residual is
  below 1e-6 (the residual is recorded), else dense ``eigvals`` up to 3000
  units.
* ``orthogonal``: a dense random orthogonal matrix (radius 1, every
  eigenvalue on the unit circle).
* ``normal-disk``: ``Q D Q^T``, ``D`` real 2 x 2 blocks of eigenvalues
  uniform in the unit disk (a normal matrix of radius known exactly).
* ``schur-mild``, ``schur-strong``: ``Q (D + s N) Q^T``, ``N`` Gaussian
  strictly above ``D``'s 2 x 2 blocks, ``s`` = 0.2 / sqrt(n) or 1 / sqrt(n):
  non-normal, the radius that of ``D``.
* ``dominant``: a random reservoir plus a rank-one term, an outlier
  eigenvalue 1.2 times the circle's radius (reference as the random ones).
* ``triangular-mild``, ``triangular-strong``: ``diag(d) + s N`` itself,
  dense upper triangular (eigenvalues ``d``, uniform in [-1, 1]).

``python benchmarks/study_radius_stop.py`` (about 15 minutes on 2 cores);
``--quick``: one seed of the smaller sizes. Writes JSON next to the script.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import load_average, machine_info  # noqa: E402

#: The looser rules read off: ``residual <= factor * rtol``.
FACTORS = (1, 2, 3, 5, 10)
#: (n_units, density) of the random reservoirs (>= 256 nonzeros per row).
RANDOM_SIZES = {"full": [(3000, 0.1), (5000, 0.06), (10_000, 0.1), (20_000, 0.0128)],
                "quick": [(3000, 0.1)]}
STRUCTURED_UNITS = {"full": 3000, "quick": 2000}


def _orthogonal(rng, n):
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))


def _disk_blocks(rng, n):
    """A block-diagonal real matrix of eigenvalues uniform in the unit disk, and its radius."""
    radius = np.sqrt(rng.uniform(0, 1, n // 2))
    angle = rng.uniform(0, np.pi, n // 2)
    D = np.zeros((n, n))
    for i, (r, a) in enumerate(zip(radius, angle)):  # a +- i b: [[a, b], [-b, a]]
        re, im = r * np.cos(a), r * np.sin(a)
        D[2 * i:2 * i + 2, 2 * i:2 * i + 2] = [[re, im], [-im, re]]
    return D, float(radius.max())


def matrices(size, seeds):
    """Yield (family, n_units, seed, matrix, exact radius or None)."""
    from skreservoir._weights import random_matrix

    for n_units, density in RANDOM_SIZES[size]:
        for distribution in ("normal", "uniform", "bernoulli"):
            for seed in seeds:
                W = random_matrix(np.random.default_rng(seed), (n_units, n_units),
                                  density=density, distribution=distribution, sparse=True,
                                  dtype=np.float64)
                yield f"random-{distribution}", n_units, seed, W, None
    n = STRUCTURED_UNITS[size]
    for seed in seeds:
        rng = np.random.default_rng(100 + seed)
        yield "orthogonal", n, seed, _orthogonal(rng, n), 1.0
        Q = _orthogonal(rng, n)
        D, radius = _disk_blocks(rng, n)
        yield "normal-disk", n, seed, Q @ D @ Q.T, radius
        N = np.triu(rng.standard_normal((n, n)), 1) / np.sqrt(n)
        N[np.arange(0, n - 1, 2), np.arange(1, n, 2)] = 0.0  # above the blocks only
        diagonal = rng.uniform(-1, 1, n)
        for name, scale in (("mild", 0.2), ("strong", 1.0)):
            yield f"schur-{name}", n, seed, Q @ (D + scale * N) @ Q.T, radius
            yield (f"triangular-{name}", n, seed, np.diag(diagonal) + scale * N,
                   float(np.abs(diagonal).max()))
        G = rng.standard_normal((n, n)) * (0.1 < rng.uniform(0, 1, (n, n)))
        u = rng.standard_normal(n)
        G += 1.2 * np.sqrt(0.1 * n) * np.outer(u, u) / (u @ u)  # outlier near 1.2 x circle
        yield "dominant", n, seed, G, None


def trajectory(W, max_vectors):
    """(products, |theta|, residual) every 10 products of the library's Arnoldi iteration.

    To ``max_vectors`` products, or until the residual is below 1e-8.
    """
    from skreservoir._threads import one_blas_thread
    from skreservoir._weights import _float32_operator, arnoldi, ritz_pair

    v0 = np.random.default_rng(0).standard_normal(W.shape[0]).astype(np.float32)
    operator = _float32_operator(W)
    points = []
    with one_blas_thread():  # as the library runs it
        for k, square, beta, exact in arnoldi(operator.matvec, v0, max_vectors):
            if k % 10 and not exact and k != max_vectors:
                continue
            theta, _, residual = ritz_pair(square, beta)
            points.append((k, float(abs(theta)), 0.0 if exact else float(residual)))
            if residual <= 1e-8:  # converged: the last point is a reference
                break
        return points


def _library_stop(W, max_vectors, reference):
    """Products and relative error of :func:`skreservoir._weights._unrestarted_radius` itself."""
    from skreservoir._weights import SPECTRAL_RADIUS_RTOL, _float32_operator, _unrestarted_radius

    operator, products = _float32_operator(W), [0]

    def matvec(x):
        products[0] += 1
        return operator.matvec(x)

    v0 = np.random.default_rng(0).standard_normal(W.shape[0]).astype(np.float32)
    radius = _unrestarted_radius(matvec, v0, SPECTRAL_RADIUS_RTOL, max_vectors)
    return None if radius is None else {"products": products[0],
                                        "relative_error": radius / reference - 1}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--max-vectors", type=int, default=640)
    parser.add_argument("--output", default=None)
    args = parser.parse_args(argv)
    from skreservoir import _weights

    size = "quick" if args.quick else "full"
    seeds = [0] if args.quick else [0, 1]
    rtol = _weights.SPECTRAL_RADIUS_RTOL
    records = []
    for family, n_units, seed, W, exact in matrices(size, seeds):
        start = time.perf_counter()
        points = trajectory(W, args.max_vectors)
        seconds = time.perf_counter() - start
        reference, how = exact, "exact"
        if reference is None and points[-1][2] > 1e-6 and n_units <= 3000:
            reference, how = _weights._dense_radius(W), "eigvals"
        if reference is None:
            reference, how = points[-1][1], f"last Ritz value (residual {points[-1][2]:.1e})"
        stops = {"library": _library_stop(W, args.max_vectors, reference)}
        for factor in FACTORS:
            hit = next(((k, radius) for k, radius, residual in points
                        if residual <= factor * rtol), None)
            stops[str(factor)] = None if hit is None else {
                "products": hit[0], "relative_error": hit[1] / reference - 1}
        record = {"family": family, "n_units": n_units, "seed": seed, "reference": reference,
                  "reference_from": how, "seconds": seconds, "stops": stops,
                  "trajectory": points}
        records.append(record)
        print(f"{family:17s} {n_units:6d} seed {seed}  ({seconds:4.0f} s, reference {how}): "
              + "  ".join(f"{c}: " + ("-" if s is None else
                                        f"{s['products']} {s['relative_error']:+.1e}")
                          for c, s in stops.items()), flush=True)
    print("\nlargest |relative error| and products at the stop, per family and rule")
    summary = {}
    for family in dict.fromkeys(r["family"] for r in records):
        rows = [r for r in records if r["family"] == family]
        summary[family] = {}
        for factor in ["library", *map(str, FACTORS)]:
            hits = [r["stops"][factor] for r in rows if r["stops"][factor] is not None]
            summary[family][factor] = {
                "met": f"{len(hits)}/{len(rows)}",
                "max_abs_relative_error": max((abs(h["relative_error"]) for h in hits),
                                              default=None),
                "products": [h["products"] for h in hits]}
        print(f"{family:17s} " + "  ".join(
            f"{c}: {s['met']} {s['max_abs_relative_error'] or 0:.1e}"
            for c, s in summary[family].items()))
    output = Path(args.output) if args.output else HERE / (
        "study_radius_stop_quick.json" if args.quick else "study_radius_stop.json")
    report = {"machine": machine_info(["skreservoir", "numpy", "scipy", "numba"]),
              "rtol": rtol, "factors": FACTORS, "max_vectors": args.max_vectors,
              "load_average_1min_end": load_average(), "summary": summary,
              "records": records}
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
