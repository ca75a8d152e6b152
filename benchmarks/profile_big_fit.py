"""Where the time of ``Reservoir(n_units=10_000).fit`` goes, in one process.

The fit draws ``W`` (10 million nonzeros at density 0.1) and scales it to
its spectral radius (:func:`skreservoir._weights.spectral_radius`: an
Arnoldi iteration of a few hundred float32 products). Each fit, after one
not timed (imports, compiled kernels, first page faults), runs under
``cProfile`` with the radius cache emptied; the table gives the median over
``--repeats`` of the wall seconds of each phase:

``draw``
    :func:`~skreservoir._weights.random_matrix` (positions and values of
    ``W``, then of ``W_in``).
``operator``
    :func:`~skreservoir._weights._float32_operator` (``W`` in float32
    column blocks for the product).
``products``
    the compiled sparse products (:func:`skreservoir._kernels._matvec`,
    threaded or on one thread) and their count.
``orthogonalisation``
    the Arnoldi iteration's own time (:func:`~skreservoir._weights.arnoldi`
    without the products: Gram-Schmidt against the basis, norms).
``ritz``
    the Ritz values: dense ``eigvals`` of the Hessenberg matrix
    (:func:`~skreservoir._weights.ritz_pair`) and the followed pair's
    inverse iteration (:func:`~skreservoir._weights.tracked_ritz_pair`).
``fingerprint``
    the hash of ``W``'s arrays that keyed the radius cache
    (:func:`~skreservoir._weights._fingerprint`; a drawn ``W`` is keyed by
    its draw since, and this reads 0).
``other``
    the rest of the fit (validation, ``W_in``, bias, the scaling of ``W``).

and the fit's CPU seconds (both threads) and the 1-minute load average: on
a shared machine the wall time mostly measures the other processes.

Usage::

    PYTHONPATH=. python benchmarks/profile_big_fit.py [--repeats 5] [--n-units 10000]

With another checkout's package on ``PYTHONPATH`` (``PYTHONPATH=BEFORE
python benchmarks/profile_big_fit.py``) it profiles that version.
"""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

import numpy as np

from skreservoir import Reservoir, _weights

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import big_reservoir_arguments  # noqa: E402

#: (phase, file name suffix, function name, cumulative or own time) read from the profile.
PHASES = [
    ("draw", "_weights.py", "random_matrix", "cumulative"),
    ("operator", "_weights.py", "_float32_operator", "cumulative"),
    ("products", "_kernels.py", "_matvec", "own"),
    ("arnoldi", "_weights.py", "arnoldi", "cumulative"),
    ("ritz_pair", "_weights.py", "ritz_pair", "cumulative"),
    ("tracked_ritz_pair", "_weights.py", "tracked_ritz_pair", "cumulative"),
    ("fingerprint", "_weights.py", "_fingerprint", "cumulative"),
]


def profile_fit(n_units, density, seed):
    """Phase seconds, the product count, wall and CPU seconds of one fit."""
    X = np.zeros((50, 1))
    _weights._RADIUS_CACHE.clear()
    profile = cProfile.Profile()
    start, cpu_start = time.perf_counter(), time.process_time()
    profile.enable()
    Reservoir(n_units=n_units, density=density, random_state=seed).fit(X)
    profile.disable()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    stats = pstats.Stats(profile).stats
    found = {}
    for (filename, _, name), (_, calls, own, cumulative, _) in stats.items():
        for phase, suffix, function, kind in PHASES:
            if filename.endswith(suffix) and name == function:
                seconds = cumulative if kind == "cumulative" else own
                found[phase] = found.get(phase, 0.0) + seconds
                if phase == "products":
                    found["n_products"] = found.get("n_products", 0) + calls
    arnoldi = found.get("arnoldi", 0.0)
    phases = {
        "draw": found.get("draw", 0.0),
        "operator": found.get("operator", 0.0),
        "products": found.get("products", 0.0),
        # the generator's cumulative time holds the products it asked for
        "orthogonalisation": max(0.0, arnoldi - found.get("products", 0.0)),
        "ritz": found.get("ritz_pair", 0.0) + found.get("tracked_ritz_pair", 0.0),
        "fingerprint": found.get("fingerprint", 0.0),
    }
    phases["other"] = max(0.0, wall - sum(phases.values()))
    return phases, found.get("n_products", 0), wall, cpu


def main(argv=None):
    args = big_reservoir_arguments(__doc__.split("\n", 1)[0], 5, argv)
    Reservoir(n_units=args.n_units, density=args.density, random_state=99).fit(np.zeros((5, 1)))
    runs = []
    for repeat in range(args.repeats):
        load = os.getloadavg()[0]
        phases, n_products, wall, cpu = profile_fit(args.n_units, args.density, repeat)
        runs.append((phases, wall, cpu))
        print(f"fit {repeat}: wall {wall:.2f} s, CPU {cpu:.2f} s, {n_products} products, "
              f"load {load:.2f}: " + ", ".join(f"{k} {v:.3f}" for k, v in phases.items()),
              flush=True)
    print(f"\nReservoir(n_units={args.n_units}, density={args.density:g}).fit, median of "
          f"{args.repeats} (cProfile on):")
    wall = float(np.median([r[1] for r in runs]))
    for phase in runs[0][0]:
        seconds = float(np.median([r[0][phase] for r in runs]))
        print(f"  {phase:18s} {seconds:6.3f} s  {seconds / wall:5.1%}")
    print(f"  {'wall':18s} {wall:6.3f} s\n  {'CPU':18s} "
          f"{float(np.median([r[2] for r in runs])):6.3f} s")


if __name__ == "__main__":
    main()
