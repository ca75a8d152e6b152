"""``Reservoir``'s default ``input_density``, chosen on the tasks of the defaults' benchmark.

With ``input_density=0.1`` (ReservoirPy's ``input_connectivity``) a reservoir
fed one feature drives 10 % of its units directly; the rest see the input
only through ``W``. Ports of PyRCN's, echoes' and Bianchi's
reservoir-computing tutorials, whose input weights are dense, lost accuracy
to it (JapaneseVowels with the mean state 0.943 -> 0.859, Mackey-Glass one
step NRMSE 0.011 -> 0.027). This script scores ``Reservoir()`` with its
other defaults and each ``input_density`` in ``DENSITIES`` on every task of
``bench_reservoir_defaults.py`` (the workflows a user first runs with the
defaults, and ReservoirPy tutorial ports where the user sets the leak rate
and spectral radius and leaves ``input_density`` to us): the median over
seeds per task, the ranks per task, and each density's score relative to
0.1 (below 1: better).

Usage::

    python benchmarks/bench_input_density.py            # bench_input_density.json
    python benchmarks/bench_input_density.py --quick    # smoke run
"""

import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from scipy.stats import rankdata

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import machine_info  # noqa: E402
from bench_reservoir_defaults import make_data, tasks  # noqa: E402

#: (input_density, input_scaling): None keeps the default scaling; the last two keep
#: each unit's expected input drive (input_scaling^2 * input_density) at the default's.
DENSITIES = ((0.1, None), (0.25, None), (0.5, None), (1.0, None), (0.5, 0.22), (1.0, 0.16))


def candidate(base, density, scaling):
    return {**base, "input_density": density,
            **({} if scaling is None else {"input_scaling": scaling})}


def label(density, scaling):
    return f"{density:g}" + ("" if scaling is None else f" (in={scaling:g})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seeds", type=int, default=None, help="seeds per task (5; quick: 1)")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    from skreservoir import Reservoir

    defaults = Reservoir().get_params()
    base = {k: defaults[k] for k in ("spectral_radius", "bias_scaling", "input_scaling")}
    seeds = range(args.seeds or (1 if args.quick else 5))
    load_before, start = os.getloadavg(), time.perf_counter()
    task_fns = tasks(make_data(args.quick))
    scores = {}
    for task, fn in task_fns.items():
        t0 = time.perf_counter()
        scores[task] = [
            float(np.median([fn(candidate(base, d, scaling), s) for s in seeds]))
            for d, scaling in DENSITIES
        ]
        row = "  ".join(f"{v:10.4g}" for v in scores[task])
        print(f"{task:18s} {row}   ({time.perf_counter() - t0:.0f} s)", flush=True)
    names = list(scores)
    ranks = {t: rankdata(scores[t]).tolist() for t in names}
    summary = []
    for i, (d, scaling) in enumerate(DENSITIES):
        # relative to 0.1 per task; a score of 0 (a perfect classification) counts as equal
        ratios = [
            (scores[t][i] + 1e-12) / (scores[t][0] + 1e-12) if scores[t][0] > 0 else 1.0
            for t in names if t != "memory"
        ]
        better = sum(scores[t][i] < scores[t][0] for t in names)
        worse = sum(scores[t][i] > scores[t][0] for t in names)
        summary.append({
            "input_density": d,
            "input_scaling": base["input_scaling"] if scaling is None else scaling,
            "median_rank": float(np.median([ranks[t][i] for t in names])),
            "mean_rank": float(np.mean([ranks[t][i] for t in names])),
            "geometric_mean_ratio_to_0.1": float(np.exp(np.mean(np.log(ratios)))),
            "tasks_better_than_0.1": better,
            "tasks_worse_than_0.1": worse,
        })
    print(f"\n{'input_density':>18s} {'median rank':>12s} {'mean rank':>10s} "
          f"{'geo. mean ratio':>16s} {'better':>7s} {'worse':>6s}")
    for row in summary:
        name = label(row["input_density"], None if row["input_scaling"] == base["input_scaling"]
                     else row["input_scaling"])
        print(f"{name:>18s} {row['median_rank']:12.1f} {row['mean_rank']:10.2f} "
              f"{row['geometric_mean_ratio_to_0.1']:16.3f} {row['tasks_better_than_0.1']:7d} "
              f"{row['tasks_worse_than_0.1']:6d}")
    output = args.output or HERE / ("bench_input_density_quick.json" if args.quick
                                    else "bench_input_density.json")
    output.write_text(json.dumps({
        "machine": machine_info(["numpy", "scipy", "scikit-learn", "skreservoir"]),
        "load_average": [load_before, os.getloadavg()],
        "seconds": time.perf_counter() - start,
        "defaults": base,
        "candidates": [list(c) for c in DENSITIES],
        "scores": scores,
        "ranks": ranks,
        "summary": summary,
    }, indent=1))
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
