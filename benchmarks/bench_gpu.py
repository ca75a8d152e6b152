"""GPU (cupy) backend against the CPU (numpy) backend, side by side in one process.

Times ``Reservoir.transform`` on the same inputs with ``backend="numpy"`` and
``backend="cupy"`` (the same seed, so the same weights), float32:

- batched panel: 2048 series x 200 steps x 3 features, N in {500, 2000};
- single series: 2000 steps x 3 features, N = 2000.

The cupy timings include moving the inputs to the GPU and the states back to
the host (numpy in, numpy out: what a user of the numpy API pays), and
synchronise the device before the clock stops. Three more rows say where
that time goes and what an estimator gains:

- the same panel at N = 2000 with cupy arrays in and out (the states stay
  on the GPU: the recurrence alone, against the numpy backend);
- ``ESNRegressor`` fit + predict and ``ESNClassifier`` fit + predict on the
  panel, numpy in and out: the states never leave the GPU, only the
  predictions do.

A numpy-out ``transform`` of the 2048 x 200 x 2000 panel returns 3.3 GB of
states: moving them into freshly allocated host memory bounds that row (on
the H200 machine this was measured on, 1.0 s of its 1.4 s: the host's page
faults, not the copy), whatever the recurrence costs. Each row prints the median of
``--repeats`` alternated runs (after one warm-up run of each, which also
compiles cupy's kernels), the ratio CPU / GPU and the largest difference
between the two results. Target: >= 20x on the batched panel at N = 2000.
The results go to ``bench_gpu.json`` next to this script.

Without cupy or a CUDA device it says so and exits 0 without timing
anything: there is nothing to compare.

Usage::

    python benchmarks/bench_gpu.py             # full run (needs a GPU)
    python benchmarks/bench_gpu.py --quick     # smaller sizes, a smoke run
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import machine_info, max_abs_diff, summarize, time_alternated  # noqa: E402

from skreservoir import ESNClassifier, ESNRegressor, Reservoir, RidgeReadout  # noqa: E402
from skreservoir._backend import cupy_available, to_host  # noqa: E402

TARGET_PANEL_N2000 = 20.0

#: The rows, by the names ``--cases`` takes.
CASES = ("panel", "device", "series", "regressor", "classifier")


def _gpu_name():
    import cupy

    props = cupy.cuda.runtime.getDeviceProperties(cupy.cuda.Device().id)
    name = props["name"]
    return name.decode() if isinstance(name, bytes) else str(name)


def _reservoir(backend, n_units, density):
    return Reservoir(n_units=n_units, density=density, random_state=0, dtype="float32",
                     backend=backend)


def _transform(X, n_units, density, device_io=False):
    """Per backend, a function that transforms ``X`` (cupy in and out with ``device_io``)."""
    import cupy

    inputs = {"numpy": X, "cupy": cupy.asarray(X) if device_io else X}
    reservoirs = {backend: _reservoir(backend, n_units, density).fit(inputs[backend])
                  for backend in inputs}
    return {backend: (lambda b=backend: reservoirs[b].transform(inputs[b]))
            for backend in inputs}


def _estimator(make, X, y, n_units, density):
    """Per backend, a function that fits ``make(reservoir)`` on ``(X, y)`` and predicts ``X``."""
    return {backend: (lambda b=backend: make(_reservoir(b, n_units, density)).fit(X, y)
                      .predict(X))
            for backend in ("numpy", "cupy")}


def _case(name, calls, n_units, repeats, density, shape):
    """Time ``calls`` (backend -> function) side by side; return the result row."""
    import cupy

    def runner(backend):
        def run():
            result = calls[backend]()
            cupy.cuda.Device().synchronize()
            return result
        return (lambda: None), run

    times, outputs = time_alternated({b: runner(b) for b in calls}, repeats)
    cpu = {"median": summarize(times["numpy"])["median_s"]}
    gpu = {"median": summarize(times["cupy"])["median_s"]}
    row = {
        "case": name,
        "shape": list(shape),
        "n_units": n_units,
        "density": density,
        "cpu_median_s": cpu["median"],
        "gpu_median_s": gpu["median"],
        "speedup": cpu["median"] / gpu["median"],
        "max_abs_diff": max_abs_diff(to_host(outputs["numpy"]), to_host(outputs["cupy"])),
    }
    print(f"{name:<58} N={n_units:<5} cpu {cpu['median']:9.4f} s   "
          f"gpu {gpu['median']:9.4f} s   speedup {row['speedup']:7.1f}x   "
          f"max|diff| {row['max_abs_diff']:.1e}", flush=True)
    return row


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output", default=str(Path(__file__).with_name("bench_gpu.json")))
    parser.add_argument("--cases", default=",".join(CASES),
                        help=f"comma-separated rows to run, of {', '.join(CASES)} (default: all)")
    args = parser.parse_args(argv)
    cases = set(args.cases.split(","))
    unknown = cases - set(CASES)
    if unknown:
        parser.error(f"unknown --cases {sorted(unknown)}; choose from {', '.join(CASES)}")
    if not cupy_available():
        print("bench_gpu: no cupy or no CUDA device on this machine; nothing to "
              "compare. Run it where a GPU is available (pip install "
              '"skreservoir[gpu]").')
        return 0
    rng = np.random.default_rng(0)
    n_series, n_steps, sizes = (2048, 200, (500, 2000)) if not args.quick else (64, 50, (100,))
    panel = rng.uniform(-1, 1, (n_series, n_steps, 3)).astype(np.float32)
    series = rng.uniform(-1, 1, (2000 if not args.quick else 200, 3)).astype(np.float32)
    rows = []
    result = {"machine": machine_info(["numpy", "scipy", "cupy", "skreservoir"]),
              "gpu": _gpu_name(), "quick": args.quick, "repeats": args.repeats,
              "rows": rows}

    def add(row):  # written after every row: a run stopped early keeps what it measured
        rows.append(row)
        Path(args.output).write_text(json.dumps(result, indent=2))

    print(f"GPU: {result['gpu']}")
    n_big = sizes[-1]
    name = f"panel {n_series}x{n_steps}x3 float32"
    if "panel" in cases:
        for n_units in sizes:
            add(_case(name, _transform(panel, n_units, 0.1), n_units, args.repeats,
                      0.1, panel.shape))
    if "device" in cases:
        add(_case(f"{name}, cupy in and out", _transform(panel, n_big, 0.1, True),
                  n_big, args.repeats, 0.1, panel.shape))
    if "series" in cases:
        add(_case(f"series {series.shape[0]}x3 float32", _transform(series, n_big, 0.1),
                  n_big, args.repeats, 0.1, series.shape))
    if "regressor" in cases:
        target = panel[:, :, :1] ** 2  # any target per step: the timing is what counts
        add(_case(f"ESNRegressor fit+predict {name}", _estimator(
            lambda r: ESNRegressor(r, RidgeReadout(alpha=1e-6), washout=10), panel, target,
            n_big, 0.1), n_big, args.repeats, 0.1, panel.shape))
    if "classifier" in cases:
        labels = rng.integers(0, 4, n_series)
        add(_case(f"ESNClassifier fit+predict {name}", _estimator(
            lambda r: ESNClassifier(r), panel, labels, n_big, 0.1), n_big, args.repeats, 0.1,
            panel.shape))
    target_row = next((r for r in rows if r["case"] == name and r["n_units"] == 2000), None)
    if target_row is not None:
        met = target_row["speedup"] >= TARGET_PANEL_N2000
        print(f"target: panel N=2000 >= {TARGET_PANEL_N2000:.0f}x the CPU backend: "
              f"{target_row['speedup']:.1f}x -> {'met' if met else 'NOT met'}")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
