"""Every skreservoir benchmark, side by side in one process: one table of ratios.

Runs, one after the other in this process, each comparing skreservoir with
ReservoirPy 0.4.2 and with the bound (the same arithmetic done by bare
compiled products and tanh, timed in the same run, alternated with the
others within each repeat):

reservoirpy
    ``bench_vs_reservoirpy``: states of one series (N in {100, 500, 1000}),
    of a panel of 2000 x 100 x 12 (N = 500) in float64 and float32, a whole
    ESN fit + predict, NG-RC fit and closed loops.
force
    ``bench_force``: FORCE / RLS per training step, N in {100, 500, 1000}.
ridge
    ``RidgeReadout.fit`` on 100,000 x 1000 states against ``X.T @ X`` plus
    ``scipy.linalg.cho_factor``/``cho_solve`` on the same rows.
stream
    ``ESNTransformer(representation="mean")`` on 10,000 series x 500 steps
    with N = 500 (the states would take 20 GB) in a fresh process, which
    reports its peak resident memory (``ru_maxrss``).
scale
    ``bench_scale_load``: ``Reservoir(n_units=10_000).fit`` and
    ``Reservoir(n_units=100_000, density=1e-4).fit`` (the draw of W and its
    spectral radius).
load
    ``bench_scale_load``: ESN fit + predict at N in {100, 500, 1000} with the
    defaults against ``compiled=False``, while a process started by the
    benchmark keeps every core busy.
jit
    The first ``transform`` in a fresh process, with an empty numba cache
    (the compiled kernel is built) and then with the cache.
gpu
    ``bench_gpu`` (the cupy backend against the numpy one), only where cupy
    sees a CUDA device.

It prints every suite's own table, then one summary table: per case the
median times, the ratio ReservoirPy / skreservoir (> 1: skreservoir is
faster), skreservoir / bound (< 1.5 is the target) and the issue's target,
and writes everything to ``benchmarks/results.json``.

``--quick`` runs small sizes (under 2 minutes, for CI): it checks that every
benchmark runs, and asserts nothing about speed; it writes
``results_quick.json``.

Usage::

    python benchmarks/run.py                 # full run, about 15 minutes
    python benchmarks/run.py --quick         # CI smoke run
    python benchmarks/run.py --only ridge stream
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import scipy.linalg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import (  # noqa: E402
    blas_threads,
    load_average,
    machine_info,
    summarize,
    time_alternated,
)

SUITES = ("reservoirpy", "force", "ridge", "stream", "scale", "load", "jit", "gpu")
TARGET_FIRST_CALL_S = 2.0  # issue 19: first-call compilation under 2 s
RIDGE_SIZES = {"full": (100_000, 1000), "quick": (5000, 200)}
STREAM_SIZES = {"full": (10_000, 500, 500), "quick": (500, 100, 100)}
TARGET_RIDGE_BOUND = 1.3
TARGET_STREAM_BYTES = 2**30


# -- ridge ---------------------------------------------------------------------
def bench_ridge(n_rows, n_features, repeats, alpha=1e-6):
    """``RidgeReadout.fit`` against the bare normal equations on the same rows."""
    from skreservoir import RidgeReadout

    rng = np.random.default_rng(0)
    X = rng.normal(size=(n_rows, n_features))
    y = X[:, :5] @ rng.normal(size=5) + 0.1 * rng.normal(size=n_rows)

    def bound():
        gram = X.T @ X
        gram[np.diag_indices_from(gram)] += alpha
        return scipy.linalg.cho_solve(scipy.linalg.cho_factor(gram), X.T @ y)

    def ours():
        return RidgeReadout(alpha=alpha, fit_intercept=False).fit(X, y).coef_

    times, results = time_alternated({"skreservoir": (lambda: None, ours),
                                      "bound": (lambda: None, bound)}, repeats)
    timings = {name: summarize(t) for name, t in times.items()}
    ratio = timings["skreservoir"]["median_s"] / timings["bound"]["median_s"]
    record = {
        "case": "ridge_fit",
        "params": {"n_rows": n_rows, "n_features": n_features, "alpha": alpha},
        "timings": timings,
        "bound": {"name": "X.T @ X + cho_factor/cho_solve", "ours_over_bound": round(ratio, 4),
                  "ratio_max": TARGET_RIDGE_BOUND, "met": ratio <= TARGET_RIDGE_BOUND},
        "max_abs_diff": float(np.max(np.abs(results["skreservoir"] - results["bound"]))),
    }
    print(f"ridge_fit {n_rows} x {n_features}: ours {timings['skreservoir']['median_s']:.3f} s, "
          f"bound {timings['bound']['median_s']:.3f} s, ours / bound {ratio:.2f}, "
          f"max|coef diff| {record['max_abs_diff']:.1e}", flush=True)
    return [record]


# -- fresh processes -------------------------------------------------------------
def _run_child(args, **env):
    """Run this script with ``args`` in a fresh process; return the JSON it prints last.

    The child imports skreservoir from this checkout; ``env`` adds variables.
    """
    path = os.pathsep.join([str(HERE.parent)] + [p for p in [os.environ.get("PYTHONPATH")] if p])
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args],
                         capture_output=True, text=True, check=True,
                         env=dict(os.environ, PYTHONPATH=path, **env))
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- streamed representations --------------------------------------------------
def _peak_rss_bytes():
    """This process's peak resident memory.

    ``VmHWM`` of /proc/self/status on Linux: the high-water mark of this
    process's own memory. ``getrusage``'s ``ru_maxrss`` is not used there: Linux
    carries it across ``fork`` + ``exec``, so a child started by a large parent
    would report the parent's size.
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB elsewhere


# Every representation of ESNTransformer, and the PCA of the states. The
# reservoir model space of N = 500 units is 500 x 501 numbers per series (20 GB
# for 10,000 series: the output itself), so it is measured after a PCA to 75
# components, as Bianchi et al. (2021) use it.
STREAM_CASES = [("mean", 0), ("last", 0), ("pooled", 0), ("mean", 75),
                ("output_model_space", 0), ("reservoir_model_space", 75)]


def _stream_child(n_series, n_steps, n_units, representation="mean", n_components=0):
    """In a fresh process: represent the panel, report peak memory as JSON."""
    from skreservoir import ESNTransformer, Reservoir

    X = np.random.default_rng(0).uniform(-1, 1, (n_series, n_steps, 1))
    start = time.perf_counter()
    features = ESNTransformer(Reservoir(n_units=n_units, random_state=0),
                              representation=representation,
                              n_components=n_components or None).fit_transform(X)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_rss_bytes": _peak_rss_bytes(),
                      "output_shape": list(features.shape),
                      "finite": bool(np.all(np.isfinite(features)))}))


def bench_stream(n_series, n_steps, n_units):
    """Peak memory of every streamed representation, each in a fresh process."""
    return [_bench_stream_case(n_series, n_steps, n_units, representation, n_components)
            for representation, n_components in STREAM_CASES]


def _bench_stream_case(n_series, n_steps, n_units, representation, n_components):
    child = _run_child(["--stream-child", str(n_series), str(n_steps), str(n_units),
                        representation, str(n_components)])
    states_bytes = n_series * n_steps * n_units * 8
    pca = f"_pca{n_components}" if n_components else ""
    record = {
        "case": f"stream_{representation}{pca}",
        "params": {"n_series": n_series, "n_steps": n_steps, "n_units": n_units,
                   "representation": representation, "n_components": n_components or None},
        "seconds": round(child["seconds"], 3),
        "peak_rss_bytes": child["peak_rss_bytes"],
        "states_would_take_bytes": states_bytes,
        "target": {"peak_rss_max_bytes": TARGET_STREAM_BYTES,
                   "met": child["peak_rss_bytes"] < TARGET_STREAM_BYTES},
        "output_finite": child["finite"],
    }
    print(f"stream: ESNTransformer({representation!r}, n_components={n_components or None}) "
          f"on {n_series} x {n_steps}, N={n_units}: "
          f"{child['seconds']:.1f} s, peak RSS {child['peak_rss_bytes'] / 2**20:.0f} MiB "
          f"(the states would take {states_bytes / 2**30:.2f} GiB)", flush=True)
    return record


# -- first call: JIT compilation and its cache across processes ---------------
#: Reservoir sizes of the first-call case: the one-thread kernel, and the
#: threaded loop (from 300 units), whose first call runs the one-thread
#: kernel while the threaded one compiles in a background thread
JIT_SIZES = (100, 500)


def _jit_child(n_units):
    """In a fresh process: time the first transform of ``n_units`` units (with any compilation)."""
    from skreservoir import Reservoir

    X = np.random.default_rng(0).uniform(-1, 1, (1000, 1))
    reservoir = Reservoir(n_units=n_units, random_state=0).fit(X)
    start = time.perf_counter()
    reservoir.transform(X)
    first = time.perf_counter() - start
    start = time.perf_counter()
    reservoir.transform(X)
    print(json.dumps({"first_call_s": first, "second_call_s": time.perf_counter() - start}))


def bench_jit():
    """First call of each size in a new process with an empty numba cache, then with the cache.

    Each size runs in processes of its own, with a cache of its own: a
    500-unit reservoir's first call pays for every kernel it needs, none
    compiled by an earlier size.
    """
    import tempfile

    runs = {}
    for n_units in JIT_SIZES:
        with tempfile.TemporaryDirectory() as cache:
            # cold cache, then warm cache
            runs[n_units] = [_run_child(["--jit-child", str(n_units)], NUMBA_CACHE_DIR=cache)
                             for _ in range(2)]
    cold = {f"first_call_n{n}_s": runs[n][0]["first_call_s"] for n in JIT_SIZES}
    warm = {f"first_call_n{n}_s": runs[n][1]["first_call_s"] for n in JIT_SIZES}
    for timings in (cold, warm):
        timings["first_call_s"] = max(timings.values())
    record = {"case": "first_call", "cold_cache": cold, "warm_cache": warm,
              "target": {"first_call_max_s": TARGET_FIRST_CALL_S,
                         "met": cold["first_call_s"] < TARGET_FIRST_CALL_S}}
    for n in JIT_SIZES:
        print(f"N={n}: first transform in a new process {runs[n][0]['first_call_s']:.2f} s "
              f"with an empty numba cache (compiling), {runs[n][1]['first_call_s']:.2f} s "
              f"from the cache; later calls {runs[n][1]['second_call_s'] * 1e3:.1f} ms",
              flush=True)
    return [record]


# -- the other suites ----------------------------------------------------------
def run_reservoirpy(quick, repeats):
    import bench_vs_reservoirpy as bench

    sizes = bench.QUICK if quick else bench.FULL
    print(bench.HEADER)
    records = []
    records += bench.bench_series(sizes, repeats)
    records += bench.bench_panel(sizes, repeats)
    records += bench.bench_panel(sizes, repeats, dtype="float32")
    records += bench.bench_esn(sizes, repeats)
    records += bench.bench_nvar(sizes, repeats)
    bench.print_targets(records, quick=quick)
    return records


def run_force(quick, repeats):
    import bench_force as bench

    print(bench.HEADER)
    records = []
    for n_units, n_steps in (bench.QUICK if quick else bench.FULL).items():
        records += bench.bench_size(n_units, n_steps, list(bench.CHUNK_SIZES), bench.ALPHA,
                                    repeats)
    targets = bench.check_targets(records)
    bench.print_targets(targets, quick=quick)
    return [{"case": "force", "records": records, "targets": targets}]


def run_gpu(quick, repeats):
    import bench_gpu

    from skreservoir._backend import cupy_available

    if not cupy_available():
        print("gpu: no cupy or no CUDA device here; skipped")
        return [{"case": "gpu", "skipped": "no cupy or no CUDA device"}]
    output = HERE / ("bench_gpu_quick.json" if quick else "bench_gpu.json")
    bench_gpu.main((["--quick"] if quick else []) + ["--repeats", str(repeats),
                                                     "--output", str(output)])
    return [{"case": "gpu", **json.loads(output.read_text())}]


# -- summary -------------------------------------------------------------------
def summary_rows(results):
    """One line per case: (case, size, ours s, RPy s, RPy/ours, ours/bound, target, met)."""
    rows = []
    for record in results.get("reservoirpy", []):
        ours = record["timings"]["skreservoir"]["median_s"]
        best = record["target"]["against"].split(" (")[0]
        theirs = record["timings"][best]["median_s"]
        params = record["params"]
        size = params.get("n_units", params.get("n_features_out"))
        bound = record.get("bound") or {}
        target = record["target"]
        rows.append((record["case"], size, ours, theirs, theirs / ours,
                     bound.get("ours_over_bound"),
                     "" if target["ratio_min"] is None else f"RPy/ours >= {target['ratio_min']:g}",
                     target["met"]))
    for force in results.get("force", []):
        for record in force["records"]:
            if record["chunk_size"] != 0:  # all rows in one call
                continue
            n_units = record["n_units"]
            ratio = record["ratio_reservoirpy_over_skreservoir"]
            rows.append(("force_rls_all_rows", n_units,
                         record["timings"]["skreservoir"]["median_s"],
                         record["timings"]["reservoirpy"]["median_s"], ratio,
                         record["ratio_skreservoir_over_bound"],
                         "RPy/ours >= 10" if n_units == 500 else "",
                         ratio >= 10 if n_units == 500 else None))
    for record in results.get("ridge", []):
        rows.append((record["case"], record["params"]["n_features"],
                     record["timings"]["skreservoir"]["median_s"], None, None,
                     record["bound"]["ours_over_bound"],
                     f"ours/bound <= {TARGET_RIDGE_BOUND:g}", record["bound"]["met"]))
    for record in results.get("scale", []):
        target = record["target"]
        rows.append((record["case"], record["params"]["n_units"],
                     record["timings"]["skreservoir"]["median_s"], None, None, None,
                     "" if target["max_s"] is None else f"< {target['max_s']:g} s",
                     target["met"]))
    for record in results.get("load", []):
        rows.append((record["case"], record["params"]["n_units"],
                     record["timings"]["default"]["median_s"], None, None, None,
                     f"<= compiled=False ({record['timings']['compiled=False']['median_s']:.4f}"
                     f" s; ratio {record['default_over_reference']:.2f})",
                     record["target"]["met"]))
    for record in results.get("jit", []):
        rows.append(("first_call_cold_cache", "100, 500 (each alone)", record["cold_cache"]["first_call_s"],
                     None,
                     None, None, f"< {TARGET_FIRST_CALL_S:g} s (from cache: "
                     f"{record['warm_cache']['first_call_s']:.2f} s)", record["target"]["met"]))
    for record in results.get("stream", []):
        rows.append((record["case"], record["params"]["n_units"], record["seconds"], None, None,
                     None, f"peak RSS {record['peak_rss_bytes'] / 2**20:.0f} MiB < 1 GiB",
                     record["target"]["met"]))
    return rows


def print_summary(rows, quick):
    print("\nSummary (RPy/ours > 1: skreservoir faster; ours/bound: 1 is the bare arithmetic)")
    if quick:
        print("(--quick sizes: a smoke run; the targets are set for the full sizes)")
    print(f"{'case':<28} {'N':>5} {'ours s':>9} {'RPy s':>9} {'RPy/ours':>8} "
          f"{'ours/bnd':>8}  target")
    for case, size, ours, theirs, ratio, bound, target, met in rows:
        fmt = lambda v, f: " " * len(format(0.0, f)) if v is None else format(v, f)  # noqa: E731
        status = "" if met is None else ("met" if met else "NOT met")
        print(f"{case:<28} {str(size):>5} {fmt(ours, '9.4f')} {fmt(theirs, '9.4f')} "
              f"{fmt(ratio, '8.2f')} {fmt(bound, '8.2f')}  {target} {status}")


def write_rst_table(rows, path, machine, repeats):
    """The summary as an reStructuredText list-table (the docs' performance page)."""
    def cell(value, fmt):
        return "" if value is None else format(value, fmt)

    lines = [f"Machine: {machine['cpu_model']}, {machine['usable_cores']} cores; "
             f"median of {repeats} alternated runs in one process.", "",
             ".. list-table::", "   :header-rows: 1", "",
             "   * - case", "     - N", "     - skreservoir (s)", "     - ReservoirPy (s)",
             "     - ReservoirPy / skreservoir", "     - skreservoir / bound",
             "     - target"]
    for case, size, ours, theirs, ratio, bound, target, met in rows:
        status = "" if met is None else (" (met)" if met else " (not met)")
        lines += [f"   * - {case}", f"     - {size}", f"     - {cell(ours, '.4f')}",
                  f"     - {cell(theirs, '.4f')}", f"     - {cell(ratio, '.2f')}",
                  f"     - {cell(bound, '.2f')}", f"     - {target}{status}"]
    path.write_text("\n".join(lines) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true",
                        help="small sizes: a CI smoke run (< 2 minutes), no speed claims")
    parser.add_argument("--repeats", type=int, default=None,
                        help="timed runs per contender (default: 5; 2 with --quick)")
    parser.add_argument("--only", nargs="+", choices=SUITES, default=list(SUITES),
                        help="run only these suites")
    parser.add_argument("--output", type=Path, default=None,
                        help="JSON file (default: results.json next to this script; "
                             "results_quick.json with --quick)")
    parser.add_argument("--stream-child", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--jit-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stream_child:
        *sizes, representation, n_components = args.stream_child
        _stream_child(*map(int, sizes), representation, int(n_components))
        return 0
    if args.jit_child:
        _jit_child(args.jit_child)
        return 0
    repeats = args.repeats or (2 if args.quick else 5)
    if repeats < 1:
        parser.error(f"--repeats must be >= 1, got {repeats}")
    size = "quick" if args.quick else "full"
    output = args.output or HERE / ("results_quick.json" if args.quick else "results.json")
    machine = machine_info(["skreservoir", "reservoirpy", "numpy", "scipy", "scikit-learn",
                            "numba", "threadpoolctl"])
    print(f"{machine['cpu_model']}, {machine['usable_cores']} usable cores, Python "
          f"{machine['python']}; BLAS threads: {blas_threads()}; median of {repeats} runs\n")
    start, load_start = time.perf_counter(), load_average()
    results = {}
    for suite in args.only:
        print(f"\n== {suite} ==", flush=True)
        if suite == "reservoirpy":
            results[suite] = run_reservoirpy(args.quick, repeats)
        elif suite == "force":
            results[suite] = run_force(args.quick, repeats)
        elif suite == "ridge":
            results[suite] = bench_ridge(*RIDGE_SIZES[size], repeats)
        elif suite == "stream":
            results[suite] = bench_stream(*STREAM_SIZES[size])
        elif suite in ("scale", "load"):
            import bench_scale_load

            bench = bench_scale_load.bench_scale if suite == "scale" else bench_scale_load.bench_load
            results[suite] = bench(args.quick, repeats)
        elif suite == "jit":
            results[suite] = bench_jit()
        else:
            results[suite] = run_gpu(args.quick, repeats)
    rows = summary_rows(results)
    print_summary(rows, args.quick)
    report = {"benchmark": "run", "quick": args.quick, "repeats": repeats,
              "seconds": round(time.perf_counter() - start, 1),
              "load_average_1min": {"start": load_start, "end": load_average()},
              "machine": machine, "suites": results,
              "summary": [dict(zip(("case", "size", "ours_s", "reservoirpy_s",
                                    "reservoirpy_over_ours", "ours_over_bound", "target",
                                    "met"), row)) for row in rows]}
    output.write_text(json.dumps(report, indent=2, default=float) + "\n")
    if not args.quick and args.output is None and set(args.only) == set(SUITES):
        write_rst_table(rows, HERE / "results_table.rst", machine, repeats)
    print(f"\nwrote {output} ({report['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
