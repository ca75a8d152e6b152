"""skreservoir against ReservoirPy 0.4, side by side in one process.

Every case builds one skreservoir model, gives ReservoirPy the very same
matrices (``W``, ``W_in``, ``bias``), and times the same computation in both
libraries, alternated within each repeat. It prints, per case, the median
times, the ratio ReservoirPy / skreservoir (above 1: skreservoir is faster)
and the largest absolute difference between the two libraries' outputs, then
the performance targets and whether they hold. The results go to a JSON file
next to this script.

Cases
-----
mackey_glass_series
    States of one Mackey-Glass series of 10,000 steps, N in {100, 500, 1000}:
    ``Reservoir.transform(X)`` against ``reservoirpy.nodes.Reservoir.run(X)``.
panel
    States of 2,000 series of 100 steps and 12 features, N = 500:
    ``transform(X3d)`` against ReservoirPy's ``run`` in two forms, its
    default call (3D array, ``workers=1``) and its fastest on a multi-core
    machine (list of 2D arrays, ``workers=-1``: joblib processes).
esn_fit_predict
    A whole echo state network (reservoir + ridge readout, ridge 1e-6,
    washout 100) fitted on, then run over, the Mackey-Glass series, N = 500:
    ``ESNRegressor.fit`` + ``predict`` against ``(Reservoir >> Ridge).fit`` +
    ``run``.

Usage::

    python benchmarks/bench_vs_reservoirpy.py              # full run, a few minutes
    python benchmarks/bench_vs_reservoirpy.py --quick      # small sizes, < 30 s
    python benchmarks/bench_vs_reservoirpy.py --repeats 9 --output results.json
"""

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np
from _common import machine_info, max_abs_diff, summarize, time_alternated

from skreservoir import ESNRegressor, Reservoir, RidgeReadout
from skreservoir.datasets import mackey_glass

try:
    from reservoirpy.nodes import Reservoir as RPyReservoir
    from reservoirpy.nodes import Ridge as RPyRidge
except ImportError:  # pragma: no cover - depends on the environment
    sys.exit('This benchmark needs ReservoirPy: pip install "reservoirpy==0.4.2"')

HERE = Path(__file__).resolve().parent
PACKAGES = ["skreservoir", "reservoirpy", "numpy", "scipy", "scikit-learn", "joblib",
            "threadpoolctl"]

SPECTRAL_RADIUS = 1.25
LEAK_RATE = 0.3
DENSITY = 0.1
RIDGE = 1e-6
WASHOUT = 100

#: Minimum ratio ReservoirPy / skreservoir each case should reach (the issue's targets).
TARGETS = {
    "mackey_glass_series": (1.0, "single series: not slower"),
    "panel": (3.0, "panel: at least 3x faster"),
    "esn_fit_predict": (1.0, "single series: not slower"),
}

FULL = {
    "series_length": 10_000,
    "series_units": [100, 500, 1000],
    "panel_shape": (2000, 100, 12),
    "panel_units": 500,
    "esn_units": 500,
}
QUICK = {
    "series_length": 1000,
    "series_units": [100, 300],
    "panel_shape": (100, 50, 12),
    "panel_units": 200,
    "esn_units": 200,
}


def _reservoir(n_units, **weights):
    """Our reservoir with the benchmark's hyperparameters."""
    return Reservoir(n_units=n_units, spectral_radius=SPECTRAL_RADIUS,
                     leak_rate=LEAK_RATE, density=DENSITY, random_state=0, **weights)


def _rpy_reservoir(ours):
    """A ReservoirPy reservoir with exactly the weights of our fitted one.

    ``ours.W_`` is a scipy CSR array, the type ReservoirPy's own ``normal``
    initializer returns, so it is passed as it is.
    """
    return RPyReservoir(W=ours.W_, Win=ours.W_in_, bias=ours.bias_, lr=LEAK_RATE)


def _node_runner(node, X, **run_kwargs):
    """(setup, run) for ReservoirPy's ``node.run``: setup resets the state to zero."""

    def setup():
        if getattr(node, "initialized", False):
            node.reset()

    return setup, lambda: node.run(X, **run_kwargs)


def _no_setup():
    pass


def _case_record(case, params, times, results, reference="skreservoir", skip=0):
    """Timings and, for every ReservoirPy variant, the ratio and the difference.

    ``skip`` leaves the first rows of the outputs out of ``max_abs_diff`` (the
    washout of a trained model); the difference over all rows is then kept
    too, as ``max_abs_diff_all_steps``.
    """
    timings = {name: summarize(t) for name, t in times.items()}
    ours = timings[reference]["median_s"]
    comparisons = []
    for name in times:
        if name == reference:
            continue
        comparison = {
            "reservoirpy": name,
            "ratio_of_medians": round(timings[name]["median_s"] / ours, 4),
            "max_abs_diff": max_abs_diff(results[reference][skip:], results[name][skip:]),
        }
        if skip:
            comparison["max_abs_diff_all_steps"] = max_abs_diff(results[reference],
                                                                results[name])
            comparison["max_abs_diff_rows_skipped"] = skip
        comparisons.append(comparison)
    minimum, meaning = TARGETS[case]
    best = min(comparisons, key=lambda c: timings[c["reservoirpy"]]["median_s"])
    return {
        "case": case,
        "params": params,
        "timings": timings,
        "comparisons": comparisons,
        "target": {
            "ratio_min": minimum,
            "meaning": meaning,
            "against": best["reservoirpy"] + " (ReservoirPy's fastest form here)",
            "ratio": best["ratio_of_medians"],
            "met": best["ratio_of_medians"] >= minimum,
        },
    }


# -- cases -------------------------------------------------------------------
def bench_series(sizes, repeats):
    X = mackey_glass(sizes["series_length"])
    records = []
    for n_units in sizes["series_units"]:
        ours = _reservoir(n_units).fit(X)
        theirs = _rpy_reservoir(ours)
        runners = {
            "skreservoir": (_no_setup, lambda: ours.transform(X)),
            "reservoirpy": _node_runner(theirs, X),
        }
        times, results = time_alternated(runners, repeats)
        params = {"n_units": n_units, "n_timesteps": len(X), "n_features": X.shape[1],
                  "spectral_radius": SPECTRAL_RADIUS, "leak_rate": LEAK_RATE,
                  "density": DENSITY}
        records.append(_case_record("mackey_glass_series", params, times, results))
        print_row(records[-1])
    return records


def bench_panel(sizes, repeats):
    n_series, n_timesteps, n_features = sizes["panel_shape"]
    n_units = sizes["panel_units"]
    X = np.random.default_rng(0).uniform(-1.0, 1.0, size=(n_series, n_timesteps, n_features))
    X_list = list(X)  # views: building the list is not part of the work
    ours = _reservoir(n_units).fit(X)
    theirs = _rpy_reservoir(ours)
    runners = {
        "skreservoir": (_no_setup, lambda: ours.transform(X)),
        "reservoirpy: 3D array, workers=1": _node_runner(theirs, X),
        "reservoirpy: list, workers=-1": _node_runner(theirs, X_list, workers=-1),
    }
    times, results = time_alternated(runners, repeats)
    params = {"n_units": n_units, "n_series": n_series, "n_timesteps": n_timesteps,
              "n_features": n_features, "spectral_radius": SPECTRAL_RADIUS,
              "leak_rate": LEAK_RATE, "density": DENSITY}
    record = _case_record("panel", params, times, results)
    print_row(record)
    return [record]


def bench_esn(sizes, repeats):
    series = mackey_glass(sizes["series_length"])
    X, y = series[:-1], series[1:]
    n_units = sizes["esn_units"]
    drawn = _reservoir(n_units).fit(X)
    weights = {"W": drawn.W_, "W_in": drawn.W_in_, "bias": drawn.bias_}

    def run_ours():
        # Explicit matrices: neither library draws or rescales weights in the timed region.
        esn = ESNRegressor(_reservoir(n_units, **weights), RidgeReadout(alpha=RIDGE),
                           washout=WASHOUT)
        return esn.fit(X, y).predict(X).reshape(-1, 1)

    model = {}

    def setup_theirs():  # a fresh, untrained model for every call
        model["esn"] = _rpy_reservoir(drawn) >> RPyRidge(ridge=RIDGE)

    def run_theirs():
        esn = model["esn"]
        esn.fit(X, y, warmup=WASHOUT)
        esn.reset()  # predict from the zero state, as skreservoir's predict does
        return esn.run(X)

    runners = {"skreservoir": (_no_setup, run_ours),
               "reservoirpy": (setup_theirs, run_theirs)}
    times, results = time_alternated(runners, repeats)
    params = {"n_units": n_units, "n_timesteps": len(X), "ridge": RIDGE,
              "washout": WASHOUT, "spectral_radius": SPECTRAL_RADIUS,
              "leak_rate": LEAK_RATE, "density": DENSITY}
    record = _case_record("esn_fit_predict", params, times, results, skip=WASHOUT)
    print_row(record)
    print(f"{'':<20} (max |diff| after the {WASHOUT}-step washout; over all steps: "
          f"{record['comparisons'][0]['max_abs_diff_all_steps']:.1e})", flush=True)
    return [record]


# -- output ------------------------------------------------------------------
HEADER = (f"{'case':<20} {'N':>5} {'ReservoirPy form':<22} {'skreservoir':>12} "
          f"{'ReservoirPy':>12} {'ratio':>7} {'max |diff|':>10}")


def _load_average():
    """The 1-minute load average (a busy shared machine shows here), or None."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def _blas_threads():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl not installed)"
    return ", ".join(f"{lib['internal_api']} {lib['num_threads']}"
                     for lib in threadpool_info() if lib["user_api"] == "blas")


def print_row(record):
    ours = record["timings"]["skreservoir"]["median_s"]
    for comparison in record["comparisons"]:
        name = comparison["reservoirpy"]
        form = name.split(": ", 1)[1] if ": " in name else "run(X)"
        theirs = record["timings"][name]["median_s"]
        print(f"{record['case']:<20} {record['params']['n_units']:>5} {form:<22} "
              f"{ours:>11.4f}s {theirs:>11.4f}s {comparison['ratio_of_medians']:>7.2f} "
              f"{comparison['max_abs_diff']:>10.1e}", flush=True)


def print_targets(records, quick=False):
    print("\nTargets (ratio = ReservoirPy median / skreservoir median):")
    if quick:
        print("  (--quick sizes: the targets are set for the full sizes; indicative only)")
    for record in records:
        target = record["target"]
        status = "MET" if target["met"] else "NOT MET"
        print(f"  {record['case']:<20} N={record['params']['n_units']:<5} "
              f"{target['meaning']} (ratio >= {target['ratio_min']:g}): "
              f"{target['ratio']:.2f} vs {target['against'].split(' (')[0]} -> {status}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=5,
                        help="timed runs per library and case (default: 5)")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes, for a smoke test (under 30 s)")
    parser.add_argument("--blas-threads", type=int, default=None,
                        help="limit the BLAS thread pools (threadpoolctl) of this "
                             "process, for both libraries (default: leave as is)")
    parser.add_argument("--output", type=Path, default=None,
                        help="JSON file to write (default: bench_vs_reservoirpy.json "
                             "next to this script; bench_vs_reservoirpy_quick.json "
                             "with --quick)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error(f"--repeats must be >= 1, got {args.repeats}")
    output = args.output or HERE / (
        "bench_vs_reservoirpy_quick.json" if args.quick else "bench_vs_reservoirpy.json")
    sizes = QUICK if args.quick else FULL

    if args.blas_threads is not None:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.blas_threads, user_api="blas")
    machine = machine_info(PACKAGES)
    print(f"{machine['cpu_model']}, {machine['usable_cores']} usable cores, "
          f"Python {machine['python']}, numpy {machine['packages']['numpy']}, "
          f"scipy {machine['packages']['scipy']}, "
          f"reservoirpy {machine['packages']['reservoirpy']}")
    print(f"median of {args.repeats} runs after one warm-up; ratio = ReservoirPy / "
          "skreservoir (> 1: skreservoir is faster)\n")
    print(f"BLAS threads: {_blas_threads()}\n")
    print(HEADER)
    load_start = _load_average()
    records = []
    records += bench_series(sizes, args.repeats)
    records += bench_panel(sizes, args.repeats)
    records += bench_esn(sizes, args.repeats)
    print_targets(records, quick=args.quick)

    report = {
        "benchmark": "bench_vs_reservoirpy",
        "quick": args.quick,
        "repeats": args.repeats,
        "blas_threads_limit": args.blas_threads,
        "load_average_1min": {"start": load_start, "end": _load_average()},
        "ratio": "ReservoirPy median time / skreservoir median time (> 1: skreservoir faster)",
        "machine": machine,
        "cases": records,
    }
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {output}")


if __name__ == "__main__":
    main()
