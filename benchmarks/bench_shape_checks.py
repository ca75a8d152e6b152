"""What the shape checks of run_batch and step cost per call, side by side.

``run_batch`` and ``step`` check the shapes of their series, states and
input row once per call (``BaseReservoir._check_batch`` / ``_check_step``),
never per step. This times, in one process and alternated, each call with
the checks and the same call with them switched off on the instance (a
no-op in their place): one-row ``run_batch`` from a state, ``step``, and
``ESNRegressor.partial_fit`` on one row (the online path, which reaches
``run_batch`` for every reservoir but ``Reservoir`` and its subclasses,
whose one-row fast path skips it). Per call, the median over the repeats
of (loop time / calls), in microseconds, and the ratio checked / unchecked;
and the checks alone (the same calls of ``_check_batch`` / ``_check_step``),
whose share of the unchecked call is steadier on a shared machine than the
ratio of two noisy timings.

Usage::

    python benchmarks/bench_shape_checks.py            # 2000 calls, 7 repeats
    python benchmarks/bench_shape_checks.py --quick    # 200 calls, 3 repeats
"""

import argparse
import json
import statistics
import warnings
from pathlib import Path

import numpy as np
from _common import machine_info, time_alternated

from skreservoir import NVAR, ESNRegressor, ForceReadout
from skreservoir.reservoir import LIFReservoir, Reservoir, ReservoirStack


def _reservoirs():
    return {
        "Reservoir(100)": Reservoir(n_units=100, random_state=0),
        "ReservoirStack(2x50)": ReservoirStack([Reservoir(n_units=50, random_state=0),
                                                Reservoir(n_units=50, random_state=1)]),
        "LIFReservoir(100)": LIFReservoir(n_units=100, random_state=0),
        "NVAR(2, 2)": NVAR(delay=2, order=2),
    }


def _unchecked(estimator):
    """The checks replaced by no-ops on this instance (and its reservoir)."""
    target = getattr(estimator, "reservoir_", estimator)
    target._check_batch = lambda Xs, initial_states=None: None
    target._check_step = lambda state, u: None
    return estimator


def _calls(n_calls):
    """name -> (make(checked) -> call) for every timed call."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(max(n_calls, 50), 3))
    y = X[:, :1]
    cases = {}
    for name, reservoir in _reservoirs().items():
        def run_batch(checked, reservoir=reservoir):
            r = reservoir.__class__(**reservoir.get_params(deep=False)).fit(X)
            r = r if checked else _unchecked(r)
            state = r.initial_state_[None]
            rows = [X[i:i + 1] for i in range(n_calls)]
            return lambda: [r.run_batch([row], state) for row in rows]

        def step(checked, reservoir=reservoir):
            r = reservoir.__class__(**reservoir.get_params(deep=False)).fit(X)
            r = r if checked else _unchecked(r)
            state = r.initial_state_
            return lambda: [r.step(state, X[i]) for i in range(n_calls)]

        def partial_fit(checked, reservoir=reservoir):
            esn = ESNRegressor(reservoir, ForceReadout(), washout=0)
            esn.partial_fit(X[:1], y[:1])
            esn = esn if checked else _unchecked(esn)
            return lambda: [esn.partial_fit(X[i:i + 1], y[i:i + 1]) for i in range(n_calls)]

        def checks(kind, reservoir=reservoir):
            r = reservoir.__class__(**reservoir.get_params(deep=False)).fit(X)
            if kind == "step":
                return lambda: [r._check_step(r.initial_state_, X[i]) for i in range(n_calls)]
            state = r.initial_state_[None]
            rows = [X[i:i + 1] for i in range(n_calls)]
            return lambda: [r._check_batch([row], state) for row in rows]

        for kind, make in [("run_batch", run_batch), ("step", step),
                           ("partial_fit", partial_fit)]:
            cases[f"{name} {kind}"] = (make, lambda kind=kind, checks=checks: checks(
                "step" if kind == "step" else "run_batch"))
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n_calls, repeats = (200, 3) if args.quick else (2000, 7)
    report = {"machine": machine_info(["numpy", "numba"]), "n_calls": n_calls,
              "repeats": repeats, "cases": {}}
    warnings.simplefilter("ignore")  # one-row partial_fit layouts: not what is timed
    for name, (make, make_checks) in _calls(n_calls).items():
        runners = {variant: (lambda: None, make(variant == "checked"))
                   for variant in ("checked", "unchecked")}
        runners["checks"] = (lambda: None, make_checks())
        times, _ = time_alternated(runners, repeats)
        per_call = {v: 1e6 * statistics.median(t) / n_calls for v, t in times.items()}
        ratio = per_call["checked"] / per_call["unchecked"]
        share = per_call["checks"] / per_call["unchecked"]
        report["cases"][name] = {"checked_us": round(per_call["checked"], 2),
                                 "unchecked_us": round(per_call["unchecked"], 2),
                                 "ratio": round(ratio, 3),
                                 "checks_us": round(per_call["checks"], 2),
                                 "checks_share": round(share, 4)}
        print(f"{name:34s} checked {per_call['checked']:8.2f} us  unchecked "
              f"{per_call['unchecked']:8.2f} us  ratio {ratio:.3f}  checks alone "
              f"{per_call['checks']:6.2f} us ({100 * share:.1f}%)")
    out = Path(__file__).with_name("bench_shape_checks_quick.json" if args.quick
                                   else "bench_shape_checks.json")
    out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
