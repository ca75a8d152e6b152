"""ESNTransformer and ESNRegressor on a dask panel: 2 worker processes vs one process.

The panel (n_series, n_steps, n_features) is made block by block where it is
used (a seeded AR(1) process per block of series, as files read by the
workers would be), so it never exists whole on the client. Measured:

- ``ESNTransformer(representation="mean").transform``: one process on the
  in-memory panel (a fresh subprocess, BLAS on one thread) against a
  ``LocalCluster`` of 2 worker processes with one thread each; wall time and
  each process's peak resident memory (``ru_maxrss``);
- ``ESNRegressor.fit`` on the dask panel (normal equations summed over
  blocks): wall time and peak memory per worker, and on a subset of series
  the relative difference of the readout from the in-memory fit.

Run (defaults sized for a shared 2-core machine; the issue's size is
``--series 20000``)::

    PYTHONPATH=. python benchmarks/bench_dask.py --series 2000 --steps 500 \\
        --features 12 --units 500 --block 100

Prints the figures (with the load average of each phase) and writes
``bench_dask.json`` (``--output``) next to this script; ``--phases fit``
runs the fit alone.
"""

import os

# One thread per process (BLAS and numba's kernels), so that the one process
# uses one core and the 2 workers two: the runs of the docs before this line
# left numba at its default (a thread per core).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy.signal import lfilter  # noqa: E402

MiB = 2.0**20


def make_block(index, n_series, n_steps, n_features):
    """Block ``index`` of the panel: AR(1) series (coefficient 0.9), seeded by the index."""
    rng = np.random.default_rng([index, 18])
    noise = rng.normal(scale=0.3, size=(n_series, n_steps, n_features))
    return lfilter([1.0], [1.0, -0.9], noise, axis=1)


def make_target(index, n_series, n_steps, n_features):
    """The target of block ``index``: the next value of the first channel."""
    X = make_block(index, n_series, n_steps, n_features)
    return np.concatenate([X[:, 1:, 0], X[:, -1:, 0]], axis=1)


def peak_mib():
    """Peak resident memory of this process since the last :func:`reset_peak`, in MiB (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak():
    """Start the peak resident memory (VmHWM) again from the current one (Linux)."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def transformer(args):
    from skreservoir import ESNTransformer, Reservoir

    return ESNTransformer(Reservoir(n_units=args.units, random_state=0), representation="mean")


def one_process(args):
    """The in-memory transform of the whole panel in this process: time and peak memory."""
    blocks = range(args.series // args.block)
    making, making_cpu = time.perf_counter(), time.process_time()
    X = np.concatenate([make_block(i, args.block, args.steps, args.features) for i in blocks])
    making, making_cpu = time.perf_counter() - making, time.process_time() - making_cpu
    model = transformer(args).fit(X[:1])
    model.transform(X[:1])  # compile and warm up outside the timing
    reset_peak()
    start, cpu = time.perf_counter(), time.process_time()
    out = model.transform(X)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    result = {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "making_seconds": making,  # the panel made in memory, before the timed transform
        "making_cpu_seconds": making_cpu,
        "peak_mib": peak_mib(),
        "checksum": float(out.sum()),
        "load_average": os.getloadavg(),
    }
    print(json.dumps(result))


def per_series_costs(args):
    """CPU milliseconds per series, in this process: making blocks, and transforming them.

    The transform in calls of one block (as a worker gets) and of four
    blocks; with the numba threads of this process (``NUMBA_NUM_THREADS``).
    """
    import numba

    shape = (args.block, args.steps, args.features)
    cpu = time.process_time()
    X = np.concatenate([make_block(i, *shape) for i in range(4)])
    costs = {"make_block": (time.process_time() - cpu) / len(X) * 1e3}
    model = transformer(args).fit(X[:1])
    model.transform(X[:10])  # compile and warm up outside the timing
    for size in (4 * args.block, args.block):
        cpu = time.process_time()
        for start in range(0, len(X), size):
            model.transform(X[start : start + size])
        costs[f"transform_calls_of_{size}"] = (time.process_time() - cpu) / len(X) * 1e3
    costs["numba_threads"] = numba.config.NUMBA_NUM_THREADS
    costs["load_average"] = os.getloadavg()
    print(f"CPU ms per series: {json.dumps(costs)}")
    return costs


def dask_panel(args, make):
    import dask
    import dask.array as da

    shape = (args.block, args.steps, args.features)
    parts = [
        da.from_delayed(
            dask.delayed(make)(i, *shape),
            shape if make is make_block else shape[:2],
            dtype=np.float64,
        )
        for i in range(args.series // args.block)
    ]
    return da.concatenate(parts)


def worker_peaks(client):
    return sorted(client.run(peak_mib).values())


def worker_cpu(client):
    """CPU seconds of every worker process so far."""
    return np.array([v for _, v in sorted(client.run(time.process_time).items())])


def on_workers(client, compute):
    """``compute()``: its value, wall seconds, and per worker CPU seconds and peak memory."""
    client.run(reset_peak)
    start, cpu = time.perf_counter(), worker_cpu(client)
    value = compute()
    seconds, cpu = time.perf_counter() - start, worker_cpu(client) - cpu
    return value, {
        "seconds": seconds,
        "worker_cpu_seconds": cpu.tolist(),
        "worker_peak_mib": worker_peaks(client),
        "load_average": os.getloadavg(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=2000)
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--features", type=int, default=12)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--block", type=int, default=100, help="series per dask block")
    parser.add_argument("--subset", type=int, default=200, help="series of the readout check")
    parser.add_argument(
        "--phases",
        default="transform,fit",
        help="comma-separated: transform (one process, then 2 workers), fit (2 workers), "
        "costs (CPU per series in this process, in blocks)",
    )
    parser.add_argument(
        "--output", default="bench_dask.json", help="JSON file (relative: next to this script)"
    )
    parser.add_argument("--one-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_process:
        return one_process(args)

    from distributed import Client, LocalCluster

    states_gib = args.series * args.steps * args.units * 8 / 2**30
    print(
        f"panel {args.series} x {args.steps} x {args.features}, {args.units} units: "
        f"the states would take {states_gib:.1f} GiB"
    )
    phases = set(args.phases.split(","))
    results = {
        "args": vars(args),
        "states_gib": states_gib,
        "load_average_before": os.getloadavg(),
    }
    if "transform" in phases:
        single = subprocess.run(
            [sys.executable, __file__, "--one-process", *sys.argv[1:]],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        single = json.loads(single.stdout.strip().splitlines()[-1])
        print(
            f"one process: transform {single['seconds']:.1f} s wall, {single['cpu_seconds']:.1f} "
            f"s CPU, peak {single['peak_mib']:.0f} MiB, load average {single['load_average']}"
        )
        results["one_process"] = single
    if "costs" in phases:
        results["per_series_costs"] = per_series_costs(args)
    if not phases & {"transform", "fit"}:
        return write_results(args, results)
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            memory_limit="2GiB",
        ) as cluster,
        Client(cluster) as client,
    ):
        dX = dask_panel(args, make_block)
        if "transform" in phases:
            transform_on_workers(args, client, dX, single, results)
        if "fit" in phases:
            fit_on_workers(args, client, dX, results)
    write_results(args, results)


def write_results(args, results):
    results["load_average_after"] = os.getloadavg()
    out_path = Path(__file__).parent / args.output
    out_path.write_text(json.dumps(results, indent=2))
    print(f"wrote {out_path}")


def timed_transform(client, model, panel, single):
    """``model.transform(panel)`` on the workers: timing, speed-ups and the vectors' check.

    On a machine shared with other work the wall time depends on the load;
    the CPU seconds of the busiest worker bound the wall time on 2 idle cores.
    """
    out, timing = on_workers(client, lambda: model.transform(panel).compute())
    timing["wall_speedup"] = single["seconds"] / timing["seconds"]
    timing["cpu_speedup"] = single["cpu_seconds"] / max(timing["worker_cpu_seconds"])
    timing["same_vectors"] = bool(np.isclose(out.sum(), single["checksum"], rtol=1e-9))
    return timing


def transform_on_workers(args, client, dX, single, results):
    """The 2-worker transform of the dask panel, against the one process's ``single``."""
    model = transformer(args).fit(dX)
    model.transform(dX[: 2 * args.block]).compute()  # imports and compiling on both workers
    timing = timed_transform(client, model, dX, single)
    results["dask_transform"] = timing
    print(
        "2 workers: transform {seconds:.1f} s wall ({wall_speedup:.2f}x one process), "
        "CPU per worker {worker_cpu_seconds} s ({cpu_speedup:.2f}x one process's CPU "
        "time), peak per worker {worker_peak_mib} MiB, same vectors: {same_vectors}, load "
        "average {load_average}".format(**timing)
    )
    # the workers above also make their blocks (as they would read files), which
    # the one process did before its timer: the same comparison both ways
    timing["wall_speedup_from_source"] = (single["seconds"] + single["making_seconds"]) / (
        timing["seconds"]
    )
    print(
        "  with the one process's making of its panel counted too: {:.2f}x".format(
            timing["wall_speedup_from_source"]
        )
    )
    # and the transform alone: the panel made and kept on the workers first
    from distributed import wait

    kept = dX.persist()
    wait(kept)
    alone = timed_transform(client, model, kept, single)
    results["dask_transform_kept_panel"] = alone
    print(
        "2 workers, panel kept on the workers first: transform {seconds:.1f} s wall "
        "({wall_speedup:.2f}x one process), CPU per worker {worker_cpu_seconds} s, peak per "
        "worker {worker_peak_mib} MiB (with their part of the panel), same vectors: "
        "{same_vectors}".format(**alone)
    )


def fit_on_workers(args, client, dX, results):
    """ESNRegressor.fit on the dask panel, and the readout of a subset against the in-memory fit."""
    from skreservoir import ESNRegressor, Reservoir, RidgeReadout

    def esn():
        return ESNRegressor(
            Reservoir(n_units=args.units, random_state=0), RidgeReadout(alpha=1e-2), washout=50
        )

    dy = dask_panel(args, make_target)
    fitted, timing = on_workers(client, lambda: esn().fit(dX, dy))
    timing["rows"] = int(fitted.readout_.n_samples_seen_)
    results["dask_fit"] = timing
    print(
        "2 workers: ESNRegressor.fit {seconds:.1f} s wall, CPU per worker "
        "{worker_cpu_seconds} s, peak per worker {worker_peak_mib} MiB, {rows} rows, load "
        "average {load_average}".format(**timing)
    )

    subset = slice(0, args.subset)
    on_dask = esn().fit(dX[subset], dy[subset])
    in_memory = esn().fit(dX[subset].compute(), dy[subset].compute())
    coef, reference = on_dask.readout_.coef_, in_memory.readout_.coef_
    difference = float(np.max(np.abs(coef - reference)) / np.max(np.abs(reference)))
    print(
        f"readout on {args.subset} series: dask vs in-memory, relative difference {difference:.1e}"
    )
    results["readout_relative_difference"] = difference


if __name__ == "__main__":
    main()
