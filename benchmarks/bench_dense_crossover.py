"""The density of W from which a panel's dense product beats the blocked sparse kernel.

``Reservoir.transform`` of the 2000 x 100 x 12 panel (N = 500), float64 and
float32, at several densities of ``W``: the blocked sparse kernel
(``dense_panel_min_density`` above every density) against the dense copy of
``W`` multiplied step by step (``dense_panel_min_density=0``), alternated in
one process; median wall and CPU seconds of ``--repeats`` runs. The rule
``skreservoir._recurrence.DENSE_PANEL_MIN_DENSITY`` is the crossover.

Usage::

    PYTHONPATH=. python benchmarks/bench_dense_crossover.py --repeats 3
"""

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import numpy as np

import skreservoir
from skreservoir import Reservoir

DENSITIES = (0.1, 0.2, 0.3, 0.45)  # W is stored sparse below 0.5


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--series", type=int, default=2000)
    parser.add_argument("--output", default="bench_dense_crossover.json")
    args = parser.parse_args()
    records = []
    for dtype in ("float64", "float32"):
        X = np.random.default_rng(0).uniform(-1, 1, (args.series, 100, 12)).astype(dtype)
        for density in DENSITIES:
            reservoir = Reservoir(
                n_units=500,
                density=density,
                spectral_radius=1.25,
                leak_rate=0.3,
                random_state=0,
                dtype=dtype,
            ).fit(X[:1])
            paths = {"blocked sparse": 1.01, "dense product": 0.0}
            wall = {name: [] for name in paths}
            cpu = {name: [] for name in paths}
            for repeat in range(args.repeats + 1):  # the first is a warm-up
                for name, min_density in paths.items():
                    with skreservoir.config_context(dense_panel_min_density=min_density):
                        start, began = time.perf_counter(), time.process_time()
                        states = reservoir.transform(X)
                        if repeat:
                            wall[name].append(time.perf_counter() - start)
                            cpu[name].append(time.process_time() - began)
                        del states
            record = {
                "dtype": dtype,
                "density": density,
                "load_average": os.getloadavg(),
                **{f"{name} wall_s": statistics.median(t) for name, t in wall.items()},
                **{f"{name} cpu_s": statistics.median(t) for name, t in cpu.items()},
            }
            records.append(record)
            print(
                f"{dtype} density {density}: blocked {record['blocked sparse wall_s']:.2f} s "
                f"(CPU {record['blocked sparse cpu_s']:.2f}), dense "
                f"{record['dense product wall_s']:.2f} s "
                f"(CPU {record['dense product cpu_s']:.2f}); load "
                f"{record['load_average'][0]:.1f}",
                flush=True,
            )
    path = Path(__file__).parent / args.output
    path.write_text(json.dumps({"repeats": args.repeats, "records": records}, indent=2) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
