"""One inference step in a hand-written loop, against ReservoirPy's one-step calls.

A ReservoirPy user steps a trained model by hand (control, interactive use,
a custom closed loop): ``y = model(x_t)`` and ``s = reservoir(x_t)``. Their
ports here: ``esn.predict(x_t, initial_state="continue")`` (the state moves
on, as ReservoirPy's does), ``esn.predict(x_t, initial_state="fit")`` (from
where training ended, the model unchanged) and ``reservoir.step(s, x_t)``.
Both libraries run in this process on a Mackey-Glass series, alternated,
one call per step over ``--steps`` steps; per call, the median over the
repeats of (loop time / steps) in microseconds, wall clock and CPU time,
and the ratio ReservoirPy / ours (> 1: ours is faster). Without
ReservoirPy installed, only ours.

There is no target in an issue for this; the figures show where a port's
loop stands (a ReservoirPy tutorial port measured ``predict`` of one row 6
to 10 times slower than ``model(x_t)`` before the recurrence stopped
converting its input weights at every call).

Run of 2026-12-05 (load average 2.4 on 2 cores, ``bench_step_inference.json``):
per call at 100 / 500 units, ``predict continue`` 41.9 / 54.2 us against
ReservoirPy's ``model(x_t)`` 18.6 / 30.9 (ratio 0.44 / 0.57), ``reservoir
step`` 15.1 / 27.3 against 10.2 / 23.6 (0.67 / 0.86); before the fix the
port measured ``predict`` at 182 / 196 us and ``step`` at 64 / 77. Rerun at
the session's last commit (``bench_step_inference.json``; a slower moment of
the shared machine, ReservoirPy's calls too): ``predict continue`` 73.6 /
91.3 against 27.3 / 46.2 (0.37 / 0.51), ``reservoir step`` 23.7 / 41.4
against 15.7 / 31.3 (0.66 / 0.76). What is
left of ``predict``'s call is its checks and dispatch (the validation of the
row, the update rule built per call, about 10 us, the readout's product,
the state's bookkeeping); caching the update rule across calls would save
that 10 us at the cost of an identity check of every fitted attribute, as
``partial_fit``'s row plan does, and was not done.

Usage::

    python benchmarks/bench_step_inference.py               # N = 100, 500
    python benchmarks/bench_step_inference.py --sizes 100 --steps 200 --repeats 2

Writes ``bench_step_inference.json`` (``--output`` another file).
"""

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_online_step import _timed  # noqa: E402  (alternated repeats, wall and CPU)

RESERVOIR = dict(leak_rate=0.3, spectral_radius=1.25, random_state=0)
ALPHA = 1e-6


def _ours(N, X, y, n_train):
    from skreservoir import ESNRegressor, Reservoir, RidgeReadout

    esn = ESNRegressor(Reservoir(N, **RESERVOIR), RidgeReadout(ALPHA), washout=100)
    esn.fit(X[:n_train], y[:n_train])
    reservoir = esn.reservoir_

    def predict(mode):
        def run():
            for t in range(n_train, len(X)):
                esn.predict(X[t:t + 1], initial_state=mode)
        return run

    def step():
        state = np.array(esn.state_)
        for t in range(n_train, len(X)):
            state = reservoir.step(state, X[t])
    return {"predict continue": predict("continue"), "predict fit": predict("fit"),
            "reservoir step": step}


def _reservoirpy(N, X, y, n_train):
    from reservoirpy.nodes import Reservoir, Ridge

    reservoir = Reservoir(N, lr=RESERVOIR["leak_rate"], sr=RESERVOIR["spectral_radius"],
                          seed=0)
    model = reservoir >> Ridge(ridge=ALPHA)
    model.fit(X[:n_train], y[:n_train], warmup=100)

    def call():
        for t in range(n_train, len(X)):
            model(X[t])

    def step():
        for t in range(n_train, len(X)):
            reservoir(X[t])
    return {"predict continue": call, "reservoir step": step}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--output", default=str(Path(__file__).with_name(
        "bench_step_inference.json")))
    args = parser.parse_args(argv)

    from skreservoir.datasets import mackey_glass

    n_train = 1000
    series = np.asarray(mackey_glass(n_train + args.steps + 1)).reshape(-1, 1)
    X, y = series[:-1], series[1:]
    try:
        import reservoirpy  # noqa: F401
        have_rpy = True
    except ImportError:
        have_rpy = False
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print(f"{'call':>17} {'N':>5} {'ours us':>9} {'RPy us':>9} {'RPy/ours':>9}   cpu: ours, RPy us")
    results = []
    for N in args.sizes:
        runs = {("ours", k): v for k, v in _ours(N, X, y, n_train).items()}
        if have_rpy:
            runs.update({("reservoirpy", k): v
                         for k, v in _reservoirpy(N, X, y, n_train).items()})
        for run in runs.values():  # warm-up: compilation, caches
            run()
        times, cpu = _timed(runs, args.repeats, args.steps)
        for call in ("predict continue", "predict fit", "reservoir step"):
            ours = float(np.median(times["ours", call]))
            ours_cpu = float(np.median(cpu["ours", call]))
            row = {"call": call, "n_units": N, "steps": args.steps,
                   "ours_us_per_call": ours, "cpu_ours_us_per_call": ours_cpu}
            line = f"{call:>17} {N:>5} {ours:>9.1f}"
            if ("reservoirpy", call) in times:
                rpy = float(np.median(times["reservoirpy", call]))
                rpy_cpu = float(np.median(cpu["reservoirpy", call]))
                row.update(reservoirpy_us_per_call=rpy, cpu_reservoirpy_us_per_call=rpy_cpu,
                           ratio=rpy / ours, cpu_ratio=rpy_cpu / ours_cpu)
                line += f" {rpy:>9.1f} {rpy / ours:>9.2f}   cpu: {ours_cpu:.1f}, {rpy_cpu:.1f}"
            else:
                line += f" {'-':>9} {'-':>9}   cpu: {ours_cpu:.1f}"
            print(line)
            results.append(row)
    print("(ReservoirPy: model(x_t) for 'predict continue', reservoir(x_t) for "
          "'reservoir step'; 'predict fit' has no counterpart there)")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    payload = {"benchmark": "step_inference",
               "command": "python benchmarks/bench_step_inference.py "
                          + " ".join(sys.argv[1:] if argv is None else argv),
               "results": results}
    Path(args.output).write_text(json.dumps(payload, indent=1) + "\n")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
