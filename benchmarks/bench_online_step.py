"""One online step: ESNRegressor.partial_fit on one row against ReservoirPy's model.partial_fit.

The FORCE loop of the natural-path issue: a reservoir of N units and an
online readout, trained one time step per call on Mackey-Glass, with the
output before each update asked for (``return_predictions=True`` here;
ReservoirPy's ``partial_fit`` computes it). Two readouts: recursive least
squares (our ``ForceReadout``, ReservoirPy's ``RLS``) and least mean squares
(``LMSReadout``, ``LMS``). Both libraries run in this process, alternated;
per call, the median over the repeats of (loop time / steps), in
microseconds, and the ratio ReservoirPy / ours (> 1: ours is faster). The
same with the process's CPU time (``time.process_time``, every thread): on
a machine shared with other processes the wall clock also counts the time
spent waiting for a core, the CPU time only the work.

The bound is the arithmetic of one step in compiled loops, with none of
either library's Python around it: the sparse reservoir step
(skreservoir's compiled kernel, on preallocated arrays) and the readout's
update, RLS (the product P x and the rank-1 update of the upper triangle of
P, in one pass over P: each row's update is written by the next row's pass)
or LMS (a dot product and an axpy), in the compiled row kernels that
``partial_fit`` calls.

Targets (issue 14, item 2): ours / ReservoirPy per call at most 1 at 100
units and at most 1/5 at 500 units (ratio RPy/ours >= 1 and >= 5). A
target is marked "bound above target" when the compiled arithmetic alone
(CPU time) costs more than the target allows: LMS at 500 units, where the
sparse reservoir step (25,000 nonzeros, 16 us in our kernel against 22 us
for scipy's product inside ReservoirPy) is most of ReservoirPy's step, so no
implementation of the same step can be 5x cheaper.

Usage::

    python benchmarks/bench_online_step.py            # N = 100, 500; 1000 steps, 3 repeats
    python benchmarks/bench_online_step.py --sizes 100 500 1000
    python benchmarks/bench_online_step.py --quick    # N = 100; 200 steps
"""

import argparse
import json
import os
import time
import warnings
from pathlib import Path

import numpy as np

RESERVOIR = dict(leak_rate=0.3, spectral_radius=1.25, random_state=0)
ALPHA, LEARNING_RATE = 1e-2, 1e-3
#: The target ratio ReservoirPy / ours per number of units (issue 14).
TARGETS = {100: 1.0, 500: 5.0}


def _ours(readout, N, X, y):
    from skreservoir import ESNRegressor, ForceReadout, LMSReadout, Reservoir

    online = ForceReadout(ALPHA) if readout == "rls" else LMSReadout(LEARNING_RATE)
    esn = ESNRegressor(Reservoir(N, **RESERVOIR), online, washout=0)
    esn.partial_fit(X[:2], y[:2])  # the first call builds the stream
    esn.partial_fit(X[2:3], y[2:3], return_predictions=True)  # and one step: compiled

    def run():
        for t in range(3, len(X)):
            esn.partial_fit(X[t:t + 1], y[t:t + 1], return_predictions=True)
    return run


def _reservoirpy(readout, N, X, y):
    from reservoirpy.nodes import LMS, RLS, Reservoir

    node = RLS(alpha=ALPHA) if readout == "rls" else LMS(learning_rate=LEARNING_RATE)
    model = Reservoir(N, lr=RESERVOIR["leak_rate"], sr=RESERVOIR["spectral_radius"],
                      seed=0) >> node
    model.partial_fit(X[:2], y[:2])
    model.partial_fit(X[2:3], y[2:3])

    def run():
        for t in range(3, len(X)):
            model.partial_fit(X[t:t + 1], y[t:t + 1])
    return run


def _bound(readout, N, X, y):
    """The compiled arithmetic of every step alone, on the same reservoir and rows."""
    from skreservoir import Reservoir
    from skreservoir._activations import ACTIVATION_CODES
    from skreservoir._kernels import csr_series_kernel
    from skreservoir._learning import lms_row_update, rls_pending, rls_row_update

    reservoir = Reservoir(N, **RESERVOIR).fit(X[:2])
    W = reservoir.W_.tocsr()
    csr = (W.indptr.astype(np.uint32), W.indices.astype(np.uint32), W.data)
    W_in, bias = reservoir.W_in_[:, 0].copy(), reservoir.bias_
    drive = np.outer(X[:, 0], W_in) + bias  # (n_steps, N): made before the loop
    state = np.zeros(N)
    noise = np.zeros((1, 1))
    P = np.eye(N + 1, order="F") / ALPHA
    pending = rls_pending(N + 1)  # each row's update of P written by the next row's pass
    weights = [np.zeros((1, N)), np.zeros(1)]
    tanh = ACTIVATION_CODES["tanh"]

    def step(t, prev):
        row = drive[t:t + 1].copy()
        csr_series_kernel(*csr, row, prev, RESERVOIR["leak_rate"], tanh, noise, 0.0)
        if readout == "rls":
            weights[:] = rls_row_update(P, *weights, row[0], y[t], 1.0, (N + 1) / ALPHA,
                                        pending=pending)
        else:
            weights[:] = lms_row_update(*weights, row[0], y[t], LEARNING_RATE)
        return row[0]

    step(2, state)  # compiled (or loaded from numba's cache) outside the timing

    def run():
        prev = state
        for t in range(3, len(X)):
            prev = step(t, prev)
    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--steps", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    from skreservoir.datasets import mackey_glass

    sizes = args.sizes or ([100] if args.quick else [100, 500])
    steps = args.steps or (200 if args.quick else 1000)
    series = mackey_glass(steps + 4)
    X, y = series[:-1], series[1:]
    contenders = (("ours", _ours), ("reservoirpy", _reservoirpy), ("bound", _bound))
    results = []
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print(f"{'readout':>7} {'N':>5} {'ours us':>9} {'RPy us':>9} {'bound us':>9} "
          f"{'RPy/ours':>9} {'ours/bound':>10} {'target':>7}")
    for N in sizes:
        for readout in ("rls", "lms"):
            runs = {name: make(readout, N, X, y) for name, make in contenders}
            times = {name: [] for name in runs}
            cpu = {name: [] for name in runs}
            for repeat in range(args.repeats):
                order = list(runs)[repeat % 3:] + list(runs)[:repeat % 3]
                for name in order:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    runs[name]()
                    steps_done = len(X) - 3
                    times[name].append((time.perf_counter() - start) / steps_done * 1e6)
                    cpu[name].append((time.process_time() - start_cpu) / steps_done * 1e6)
            ours, rpy, bound = (float(np.median(times[name])) for name in runs)
            ours_cpu, rpy_cpu, bound_cpu = (float(np.median(cpu[name])) for name in runs)
            target = TARGETS.get(N)
            met = None if target is None else bool(rpy / ours >= target)
            met_cpu = None if target is None else bool(rpy_cpu / ours_cpu >= target)
            results.append({"readout": readout, "n_units": N, "steps": len(X) - 3,
                            "ours_us_per_step": ours, "reservoirpy_us_per_step": rpy,
                            "bound_us_per_step": bound, "ratio": rpy / ours,
                            "ours_over_bound": ours / bound, "target_ratio": target,
                            "target_met": met, "cpu_ours_us_per_step": ours_cpu,
                            "cpu_reservoirpy_us_per_step": rpy_cpu,
                            "cpu_bound_us_per_step": bound_cpu, "cpu_ratio": rpy_cpu / ours_cpu,
                            "cpu_target_met": met_cpu, "timings_us": times,
                            "cpu_timings_us": cpu})
            # the target is out of reach of any implementation of these updates
            # when the compiled arithmetic alone costs more than it allows
            attainable = None if target is None else bool(rpy_cpu / bound_cpu >= target)
            results[-1]["target_attainable_by_bound"] = attainable
            verdict = "-" if met is None else ("met" if met else "NOT met")
            if attainable is False:
                verdict += " (bound above target)"
            verdict_cpu = "-" if met_cpu is None else ("met" if met_cpu else "NOT met")
            print(f"{readout:>7} {N:>5} {ours:>9.1f} {rpy:>9.1f} {bound:>9.1f} "
                  f"{rpy / ours:>9.2f} {ours / bound:>10.2f} {verdict:>7}   cpu: "
                  f"{ours_cpu:.1f} {rpy_cpu:.1f} {bound_cpu:.1f} us, "
                  f"RPy/ours {rpy_cpu / ours_cpu:.2f} {verdict_cpu}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    output = args.output or Path(__file__).with_name(
        "online_step_quick.json" if args.quick else "online_step.json")
    output.write_text(json.dumps(results, indent=2))
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
