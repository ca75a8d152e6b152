"""ESNTransformer's warm "pooled" transform: the compiled kernel against numpy, and "last".

``representation="pooled"`` (the default) is pooled inside the compiled
blocked kernel (``POOLING_CODES["pooled"]`` in ``skreservoir/_kernels.py``):
per unit and series the kernel keeps Welford's running mean and sum of
squared deviations, the count of positive states and the counts above the
``ppv_quantiles`` thresholds, never the states. Before, every state of a
chunk of series was stored (``state_chunk_bytes``, 128 MiB) and pooled by
numpy (``pooled_statistics``); that path is still the one of a PCA, of an
unbounded activation, of noise, of a dense product and of other backends,
and it is timed here as it runs there: chunk by chunk, the states by
``run_batch``, the statistics by ``ESNTransformer._represent``.

Per panel, on one fitted transformer each, three transforms alternated in
one process (:func:`_common.time_alternated`, one warm-up call each, the
median of ``--repeats``): ``"pooled"`` (the kernel), the numpy path of
``"pooled"`` on the same transformer, and ``"last"`` (pooled in the kernel
before). The peak memory of each transform is measured in a call of its
own: the peak of the memory numpy allocates (``tracemalloc``; what numba
allocates inside a kernel, a few MiB of per-block accumulators, is not
traced) and the growth of the resident set (``VmHWM`` reset before the
call, Linux). Writes ``bench_pooled_transform.json``.

    python benchmarks/bench_pooled_transform.py
    python benchmarks/bench_pooled_transform.py --quantiles 0.25 0.5 0.75
    python benchmarks/bench_pooled_transform.py --panels 200x100x3 --repeats 3   # quick
"""

import argparse
import gc
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from _common import load_average, machine_info, max_abs_diff, time_alternated

HERE = Path(__file__).parent


def numpy_pooled(transformer, X):
    """``transformer.transform(X)`` by the numpy path of "pooled": states chunk by chunk.

    What ``ESNTransformer._represent_chunked`` does where the reservoir does
    not pool (a PCA, or ``run_pooled`` declining the kernel): each chunk's
    states (``state_chunk_bytes``), then their statistics.
    """
    Xs = transformer._validate_panel(X, reset=False)
    out = None
    for chunk in transformer._chunks(Xs):
        part = [Xs[i] for i in chunk]
        rows = transformer._represent(part, transformer._states(part))
        if out is None:
            out = np.empty((len(Xs), rows.shape[1]), dtype=rows.dtype)
        out[chunk.start:chunk.stop] = rows
    return out


def _rss_peak_growth(run):
    """Growth of the resident set's high-water mark over ``run()``, in MiB (None off Linux)."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # VmHWM from the current resident set on
        with open("/proc/self/status") as status:
            fields = dict(line.split(":", 1) for line in status)
        before = int(fields["VmRSS"].split()[0])
        run()
        with open("/proc/self/status") as status:
            fields = dict(line.split(":", 1) for line in status)
        return (int(fields["VmHWM"].split()[0]) - before) / 1024
    except OSError:
        return None


def peak_memory(run):
    """``run()``'s peak numpy allocation (tracemalloc) and resident-set growth, in MiB."""
    gc.collect()
    rss = _rss_peak_growth(run)
    gc.collect()
    tracemalloc.start()
    run()
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {"tracemalloc_peak_mib": round(traced, 1),
            "rss_peak_growth_mib": None if rss is None else round(rss, 1)}


def main():
    from skreservoir import ESNTransformer, Reservoir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--panels", nargs="+", default=["500x300x3", "2000x100x12"],
                        help="n_series x n_timesteps x n_features")
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    parser.add_argument("--quantiles", type=float, nargs="*", default=None,
                        help="ppv_quantiles of both pooled transforms")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output", default=str(HERE / "bench_pooled_transform.json"))
    args = parser.parse_args()
    records = []
    for panel in args.panels:
        n_series, n_steps, n_features = map(int, panel.split("x"))
        X = np.random.default_rng(0).standard_normal((n_series, n_steps, n_features))

        def fitted(representation):
            reservoir = Reservoir(n_units=args.units, random_state=0, dtype=args.dtype)
            return ESNTransformer(reservoir, representation=representation,
                                  ppv_quantiles=args.quantiles or None).fit(X)

        pooled, last = fitted("pooled"), fitted("last")
        runs = {"pooled_kernel": lambda: pooled.transform(X),
                "pooled_numpy": lambda: numpy_pooled(pooled, X),
                "last_kernel": lambda: last.transform(X)}
        memory = {name: peak_memory(run) for name, run in runs.items()}
        load_before = load_average()
        start = time.perf_counter()
        times, results = time_alternated(
            {name: (lambda: None, run) for name, run in runs.items()}, args.repeats)
        record = {
            "panel": panel, "n_units": args.units, "dtype": args.dtype,
            "ppv_quantiles": args.quantiles or None,
            "median_s": {name: statistics.median(t) for name, t in times.items()},
            "times_s": times, "memory": memory,
            "max_abs_diff_kernel_numpy": max_abs_diff(results["pooled_kernel"],
                                                      results["pooled_numpy"]),
            "output_dtype": str(results["pooled_kernel"].dtype),
            "states_mib": n_series * n_steps * args.units * np.dtype(args.dtype).itemsize
            / 2**20,
            "load_average": [load_before, load_average()],
            "wall_s": time.perf_counter() - start,
        }
        median = record["median_s"]
        record["numpy_over_kernel"] = median["pooled_numpy"] / median["pooled_kernel"]
        record["kernel_over_last"] = median["pooled_kernel"] / median["last_kernel"]
        records.append(record)
        print(f"{panel} x {args.units} units ({args.dtype}): pooled kernel "
              f"{median['pooled_kernel']:.3f} s, numpy {median['pooled_numpy']:.3f} s "
              f"({record['numpy_over_kernel']:.2f}x), last {median['last_kernel']:.3f} s "
              f"(kernel/last {record['kernel_over_last']:.2f}); peak MiB (tracemalloc / RSS "
              "growth): " + ", ".join(
                  f"{name} {m['tracemalloc_peak_mib']:.0f} / {m['rss_peak_growth_mib']}"
                  for name, m in memory.items())
              + f"; max |kernel - numpy| {record['max_abs_diff_kernel_numpy']:.1e}; load "
              f"{load_before:.1f}-{record['load_average'][1]:.1f}", flush=True)
    payload = {"machine": machine_info(["skreservoir", "numpy", "numba"]),
               "command": " ".join(["python", "benchmarks/bench_pooled_transform.py",
                                    *sys.argv[1:]]),
               "repeats": args.repeats, "records": records}
    Path(args.output).write_text(json.dumps(payload, indent=1))


if __name__ == "__main__":
    main()
