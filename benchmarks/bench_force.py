"""FORCE / RLS per-step cost: ForceReadout against ReservoirPy's RLS node and the bound.

Recursive least squares costs O(N^2) per training row for N features: the
product P x and the rank-1 update of the N x N matrix P. This script times
one RLS update per row, for N in {100, 500, 1000}, three ways, on the same
rows and targets:

skreservoir
    ``ForceReadout(alpha, fit_intercept=False).partial_fit(X_chunk, y_chunk)``
    over the rows, in chunks of a given number of rows per call (all rows in
    one call, 100, and 1: one call per time step, as in a FORCE loop that
    updates the readout at every step).
reservoirpy
    ReservoirPy's ``RLS(alpha, forgetting=1, fit_bias=False)`` node trained
    by ``partial_fit`` on the same chunks (its ``partial_fit`` runs one RLS
    step per row; ``fit`` only re-initialises the node and calls it).
bound
    The O(N^2) work alone: per row one BLAS ``dsymv`` (P x, reading the upper
    triangle of P), one dot (x^T P x) and one BLAS ``dsyr`` (P -= k (P x)^T,
    in place on the upper triangle of a Fortran-ordered P), in a plain Python
    loop over the rows. It keeps no weights.

The rows are reservoir states: a ``skreservoir.Reservoir`` (N units, spectral
radius 1.25, leak rate 0.3, density 0.1, seed 0) driven by the Mackey-Glass
series, the first 100 states left out; the target is the next value of the
series. Every contender starts from nothing (P(0) = I / alpha, zero weights),
and every timed call trains on all the rows.

Printed per N and chunk size: microseconds per step (median over the timed
calls of total time / number of rows), the ratios ReservoirPy / skreservoir
and skreservoir / bound, the largest absolute difference between the final
weights of skreservoir and ReservoirPy and between skreservoir and
``sklearn.linear_model.Ridge(alpha, fit_intercept=False)`` on the same rows
(with forgetting 1, RLS from P(0) = I / alpha is that ridge regression), then
the targets: at least 10x ReservoirPy at N = 500, within 1.5x of the bound at
every N. The results go to a JSON file next to this script.

Usage::

    python benchmarks/bench_force.py                # full run, a few minutes
    python benchmarks/bench_force.py --quick        # fewer rows, under a minute
    python benchmarks/bench_force.py --repeats 9 --output results.json
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from _common import (
    blas_threads,
    load_average,
    machine_info,
    max_abs_diff,
    summarize,
    time_alternated,
    wait_for_idle,
)
from scipy.linalg.blas import dsymv, dsyr
from sklearn.linear_model import Ridge

from skreservoir import ForceReadout, Reservoir
from skreservoir.datasets import mackey_glass

try:
    from reservoirpy.nodes import RLS as RPyRLS
except ImportError:  # pragma: no cover - depends on the environment
    sys.exit('This benchmark needs ReservoirPy: pip install "reservoirpy==0.4.2"')

HERE = Path(__file__).resolve().parent
PACKAGES = ["skreservoir", "reservoirpy", "numpy", "scipy", "scikit-learn",
            "threadpoolctl"]

ALPHA = 1.0  # P(0) = I / alpha, as in Sussillo and Abbott (2009)
WASHOUT = 100  # first reservoir states (the transient from the zero state) left out
RESERVOIR = {"spectral_radius": 1.25, "leak_rate": 0.3, "density": 0.1, "random_state": 0}

#: Rows (time steps) per timed call, per N.
FULL = {100: 2000, 500: 2000, 1000: 1000}
QUICK = {100: 300, 500: 200, 1000: 100}
#: Rows per partial_fit call; 0: all rows in one call.
CHUNK_SIZES = (0, 100, 1)

#: The issue's targets.
TARGET_RESERVOIRPY_N = 500
TARGET_RESERVOIRPY_MIN = 10.0  # ReservoirPy / skreservoir at N = 500
TARGET_BOUND_MAX = 1.5  # skreservoir / bound at every N


def reservoir_rows(n_units, n_steps):
    """``n_steps`` reservoir states of ``n_units`` units and the next Mackey-Glass values."""
    series = mackey_glass(WASHOUT + n_steps + 1)
    inputs = series[:-1]
    states = Reservoir(n_units=n_units, **RESERVOIR).fit(inputs).transform(inputs)
    return np.ascontiguousarray(states[WASHOUT:]), series[WASHOUT + 1:, 0].copy()


def bound_rls(X, alpha):
    """The O(N^2) part of RLS, alone: ``dsymv`` + dot + ``dsyr`` per row, P in place.

    Only the upper triangle of P is read and written (``dsymv`` and ``dsyr``
    default to it). Returns P; no weights are kept.
    """
    P = np.eye(X.shape[1], order="F") / alpha
    for x in X:
        Px = dsymv(1.0, P, x)
        dsyr(-1.0 / (1.0 + x.dot(Px)), Px, a=P, overwrite_a=True)
    return P


def _chunks(n_rows, chunk):
    step = chunk or n_rows
    return [slice(start, start + step) for start in range(0, n_rows, step)]


def _chunk_label(chunk, n_rows):
    return f"all ({n_rows})" if chunk == 0 else str(chunk)


def _ours_runner(X, y, alpha, chunk):
    """(setup, run): a new ForceReadout, then partial_fit over the chunks."""
    slices = _chunks(len(X), chunk)
    model = {}

    def setup():
        model["readout"] = ForceReadout(alpha=alpha, fit_intercept=False)

    def run():
        readout = model["readout"]
        for rows in slices:
            readout.partial_fit(X[rows], y[rows])
        return readout

    return setup, run


def _rpy_runner(X, Y, alpha, chunk):
    """(setup, run): a new ReservoirPy RLS node, then partial_fit over the chunks."""
    slices = _chunks(len(X), chunk)
    model = {}

    def setup():
        model["node"] = RPyRLS(alpha=alpha, forgetting=1.0, fit_bias=False)

    def run():
        node = model["node"]
        for rows in slices:
            node.partial_fit(X[rows], Y[rows])
        return node

    return setup, run


def _us_per_step(seconds, n_steps):
    return round(seconds / n_steps * 1e6, 3)


def bench_size(n_units, n_steps, chunk_sizes, alpha, repeats):
    """Time the bound and both libraries at every chunk size; one record per chunk size."""
    X, y = reservoir_rows(n_units, n_steps)
    Y = y[:, None]  # ReservoirPy wants 2D targets
    runners = {"bound": (lambda: None, lambda: bound_rls(X, alpha))}
    for chunk in chunk_sizes:
        runners[f"skreservoir: {chunk}"] = _ours_runner(X, y, alpha, chunk)
        runners[f"reservoirpy: {chunk}"] = _rpy_runner(X, Y, alpha, chunk)
    times, results = time_alternated(runners, repeats)

    ridge = Ridge(alpha=alpha, fit_intercept=False).fit(X, y).coef_
    P_bound = np.triu(results["bound"])
    bound_median = summarize(times["bound"])["median_s"]
    records = []
    for chunk in chunk_sizes:
        ours, theirs = f"skreservoir: {chunk}", f"reservoirpy: {chunk}"
        timings = {name: summarize(times[name]) for name in ("bound", ours, theirs)}
        for timing in timings.values():
            timing["median_us_per_step"] = _us_per_step(timing["median_s"], n_steps)
        ours_median = timings[ours]["median_s"]
        readout, node = results[ours], results[theirs]
        records.append({
            "n_units": n_units,
            "n_steps": n_steps,
            "chunk_size": chunk,  # 0: all rows in one call
            "rows_per_partial_fit": chunk or n_steps,
            "partial_fit_calls": len(_chunks(n_steps, chunk)),
            "alpha": alpha,
            "timings": {"bound": timings["bound"], "skreservoir": timings[ours],
                        "reservoirpy": timings[theirs]},
            "ratio_reservoirpy_over_skreservoir": round(
                timings[theirs]["median_s"] / ours_median, 4),
            "ratio_skreservoir_over_bound": round(ours_median / bound_median, 4),
            "max_abs_diff_weights_vs_reservoirpy": max_abs_diff(readout.coef_,
                                                                node.Wout[:, 0]),
            "max_abs_diff_weights_vs_sklearn_ridge": max_abs_diff(readout.coef_, ridge),
            "max_abs_diff_P_upper_vs_bound": max_abs_diff(np.triu(readout.P_), P_bound),
            "max_abs_weight": float(np.max(np.abs(ridge))),
        })
        print_row(records[-1])
    return records


# -- output ------------------------------------------------------------------
HEADER = (f"{'N':>5} {'steps':>6} {'rows/call':>11} {'bound':>9} {'skreservoir':>12} "
          f"{'ReservoirPy':>12} {'RPy/ours':>9} {'ours/bound':>10} {'|ours-RPy|':>11} "
          f"{'|ours-Ridge|':>12}")


def print_row(record):
    us = {name: t["median_us_per_step"] for name, t in record["timings"].items()}
    label = _chunk_label(record["chunk_size"], record["n_steps"])
    print(f"{record['n_units']:>5} {record['n_steps']:>6} {label:>11} "
          f"{us['bound']:>6.1f} us {us['skreservoir']:>9.1f} us {us['reservoirpy']:>9.1f} us "
          f"{record['ratio_reservoirpy_over_skreservoir']:>9.2f} "
          f"{record['ratio_skreservoir_over_bound']:>10.2f} "
          f"{record['max_abs_diff_weights_vs_reservoirpy']:>11.1e} "
          f"{record['max_abs_diff_weights_vs_sklearn_ridge']:>12.1e}", flush=True)


def check_targets(records):
    """The issue's targets, per chunk size; returns them as JSON-ready dicts."""
    targets = []
    for chunk in dict.fromkeys(r["chunk_size"] for r in records):
        same = [r for r in records if r["chunk_size"] == chunk]
        label = ("all rows in one call" if chunk == 0
                 else f"{chunk} row{'s' if chunk > 1 else ''} per call")
        at_n = [r for r in same if r["n_units"] == TARGET_RESERVOIRPY_N]
        if at_n:
            ratio = at_n[0]["ratio_reservoirpy_over_skreservoir"]
            targets.append({
                "chunk": label, "target": f">= {TARGET_RESERVOIRPY_MIN:g}x ReservoirPy at "
                                          f"N = {TARGET_RESERVOIRPY_N}",
                "values": {TARGET_RESERVOIRPY_N: ratio},
                "met": ratio >= TARGET_RESERVOIRPY_MIN})
        ratios = {r["n_units"]: r["ratio_skreservoir_over_bound"] for r in same}
        targets.append({
            "chunk": label, "target": f"within {TARGET_BOUND_MAX:g}x of the bound at every N",
            "values": ratios, "met": all(v <= TARGET_BOUND_MAX for v in ratios.values())})
    return targets


def print_targets(targets, quick=False):
    print("\nTargets:")
    if quick:
        print("  (--quick sizes: the targets are set for the full sizes; indicative only)")
    for target in targets:
        values = ", ".join(f"N={n}: {v:.2f}" for n, v in target["values"].items())
        print(f"  {target['chunk']:<22} {target['target']:<40} {values} -> "
              f"{'MET' if target['met'] else 'NOT MET'}")


def _parse_chunk(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"chunk sizes are >= 0 (0: all rows), got {value}")
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=5,
                        help="timed runs per contender and N (default: 5)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer rows, for a smoke test (under a minute)")
    parser.add_argument("--chunk-sizes", type=_parse_chunk, nargs="+", default=CHUNK_SIZES,
                        help="rows per partial_fit call, 0 for all rows in one call "
                             "(default: 0 100 1)")
    parser.add_argument("--alpha", type=float, default=ALPHA,
                        help=f"P(0) = I / alpha, for every contender (default: {ALPHA:g})")
    parser.add_argument("--blas-threads", type=int, default=None,
                        help="limit the BLAS thread pools (threadpoolctl) of this "
                             "process, for every contender (default: leave as is)")
    parser.add_argument("--max-load", type=float, default=1.0,
                        help="wait (60 s at a time, 5 times at most) while the 1-minute "
                             "load average is above this (default: 1; inf: never wait)")
    parser.add_argument("--output", type=Path, default=None,
                        help="JSON file to write (default: bench_force.json next to "
                             "this script; bench_force_quick.json with --quick)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error(f"--repeats must be >= 1, got {args.repeats}")
    if not args.alpha > 0:
        parser.error(f"--alpha must be > 0, got {args.alpha}")
    output = args.output or HERE / ("bench_force_quick.json" if args.quick
                                    else "bench_force.json")
    steps = QUICK if args.quick else FULL
    chunk_sizes = list(dict.fromkeys(args.chunk_sizes))

    if args.blas_threads is not None:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.blas_threads, user_api="blas")
    machine = machine_info(PACKAGES)
    print(f"{machine['cpu_model']}, {machine['usable_cores']} usable cores, "
          f"Python {machine['python']}, numpy {machine['packages']['numpy']}, "
          f"scipy {machine['packages']['scipy']}, "
          f"reservoirpy {machine['packages']['reservoirpy']}")
    print(f"BLAS threads: {blas_threads()}")
    loads_before = wait_for_idle(args.max_load)
    print(f"1-minute load average at the start: {loads_before[-1]}")
    print(f"median of {args.repeats} runs after one warm-up, per step (time / rows); "
          f"alpha = {args.alpha:g}, forgetting 1, no intercept\n")
    print(HEADER)
    records = []
    for n_units, n_steps in steps.items():
        records += bench_size(n_units, n_steps, chunk_sizes, args.alpha, args.repeats)
    load_end = load_average()
    print("(bound: dsymv + dot + dsyr per row, no weights; RPy/ours: ReservoirPy / "
          "skreservoir, > 1: skreservoir faster;\n |ours-RPy|, |ours-Ridge|: largest "
          "difference of the final weights)")
    targets = check_targets(records)
    print_targets(targets, quick=args.quick)
    print(f"\n1-minute load average at the end: {load_end} (includes this benchmark)")

    report = {
        "benchmark": "bench_force",
        "quick": args.quick,
        "repeats": args.repeats,
        "alpha": args.alpha,
        "blas_threads_limit": args.blas_threads,
        "load_average_1min": {"start": loads_before[-1], "end": load_end,
                              "readings_before_start": loads_before},
        "rows": (f"states of skreservoir.Reservoir(n_units=N, "
                 f"{', '.join(f'{k}={v}' for k, v in RESERVOIR.items())}) driven by "
                 f"mackey_glass, first {WASHOUT} left out; target: the next value"),
        "bound": "per row: scipy.linalg.blas dsymv (P x) + dot + dsyr (P -= k (Px)^T), "
                 "in place on the upper triangle of a Fortran-ordered P; no weights",
        "per_step": "median over timed calls of (call time / rows), microseconds",
        "machine": machine,
        "cases": records,
        "targets": targets,
    }
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {output}")


if __name__ == "__main__":
    main()
