"""One online step: ESNRegressor.partial_fit on one row against ReservoirPy's model.partial_fit.

The FORCE loop of the natural-path issue: a reservoir of N units and an RLS
readout (our ``ForceReadout``, ReservoirPy's ``RLS`` node), trained one time
step per call on Mackey-Glass, with the output before each update asked for
(``return_predictions=True`` here; ReservoirPy's ``partial_fit`` computes
it). Both run in this process, alternated, median of the repeats; the
figure is microseconds per call and the ratio ReservoirPy / ours (> 1: ours
is faster). The bound is the arithmetic of one step: the sparse product
and the RLS update of an N x N matrix.

Usage::

    python benchmarks/bench_online_step.py            # N = 100, 500; 400 steps
    python benchmarks/bench_online_step.py --quick    # N = 100; 50 steps
"""

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np


def _ours(N, X, y):
    from skreservoir import ESNRegressor, ForceReadout, Reservoir

    esn = ESNRegressor(Reservoir(N, leak_rate=0.3, spectral_radius=1.25, random_state=0),
                       ForceReadout(1e-2), washout=0)
    esn.partial_fit(X[:2], y[:2])  # first call: build and compile outside the timing

    def run():
        for t in range(2, len(X)):
            esn.partial_fit(X[t:t + 1], y[t:t + 1], return_predictions=True)
    return run


def _reservoirpy(N, X, y):
    from reservoirpy.nodes import RLS, Reservoir

    model = Reservoir(N, lr=0.3, sr=1.25, seed=0) >> RLS(alpha=1e-2)
    model.partial_fit(X[:2], y[:2])

    def run():
        for t in range(2, len(X)):
            model.partial_fit(X[t:t + 1], y[t:t + 1])
    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    from skreservoir.datasets import mackey_glass

    sizes, steps, repeats = ([100], 50, 2) if args.quick else ([100, 500], 400, 5)
    series = mackey_glass(steps + 3)
    X, y = series[:-1], series[1:]
    results = []
    print(f"{'N':>5} {'ours us/step':>13} {'ReservoirPy us/step':>20} {'RPy/ours':>9}")
    for N in sizes:
        times = {"ours": [], "reservoirpy": []}
        for _ in range(repeats):
            for name, make in (("ours", _ours), ("reservoirpy", _reservoirpy)):
                run = make(N, X, y)
                start = time.perf_counter()
                run()
                times[name].append((time.perf_counter() - start) / (len(X) - 2) * 1e6)
        ours, rpy = np.median(times["ours"]), np.median(times["reservoirpy"])
        results.append({"n_units": N, "ours_us_per_step": ours, "reservoirpy_us_per_step": rpy,
                        "ratio": rpy / ours})
        print(f"{N:>5} {ours:>13.1f} {rpy:>20.1f} {rpy / ours:>9.2f}")
    output = args.output or Path(__file__).with_name(
        "online_step_quick.json" if args.quick else "online_step.json")
    output.write_text(json.dumps(results, indent=2))
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
