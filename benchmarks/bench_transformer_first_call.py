"""ESNTransformer's first fit and transform in a fresh process, per representation.

A user's first ``fit_transform`` runs in a process where nothing was
allocated yet: every page of a large temporary is a page fault. The
``"pooled"`` representation (the default since the representation study)
materialises the states and computes its statistics; before its statistics
were computed in blocks of series (``POOLED_BLOCK_BYTES`` in
``skreservoir/esn/_representation.py``) its standard deviation alone made
temporaries the size of the whole panel's states. Each representation runs
in a child process of its own: ``fit`` then ``transform`` of a panel of
500 series x 300 steps x 3 features (the default reservoir, 100 units;
120 MB of states), twice, and the second pair shows the warm cost. Writes
``bench_transformer_first_call.json``.

    python benchmarks/bench_transformer_first_call.py
    python benchmarks/bench_transformer_first_call.py --series 200   # a smaller panel
    python benchmarks/bench_transformer_first_call.py --cold-cache --repeats 2   # compiling

``--cold-cache`` gives each child an empty numba cache of its own
(``NUMBA_CACHE_DIR``): its first fit then compiles every kernel it runs, as
on a fresh install; ``process_s`` is the child's whole run, including the
threaded kernel compiled in the background, which the interpreter waits
for at exit. ``--units`` sets the reservoir's size, ``--output`` the JSON.

On this 2-core machine, shared (load 2.6-3.1), 2026-12-03, the default
``"pooled"``: first transform 2.1 and 5.2 s before the blocks (the script
run from a worktree of the commit before them), 0.54 and 0.83 s after;
``"last"`` 0.07 s (pooled in the kernel, no states stored). The second
transform, 0.2-0.4 s either way, is the statistics' and the states' cost.
Since "pooled" is pooled inside the compiled kernel (no states stored),
``--series 100 --representations pooled last --cold-cache`` from a checkout
of the commit before and of the one after, alternated, twice each (same
machine, load 2.2-2.4): first "pooled" transform 0.17-0.24 s -> 0.06-0.08
s; first fit with every kernel compiled 9.26, 9.30 s -> 8.35, 7.90 s
("last" 6.17, 8.76 -> 8.76, 7.62 s: noise), in
``bench_transformer_first_call_cold.json``.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import load_average, machine_info

HERE = Path(__file__).parent

CHILD = """
import json, sys, time
import numpy as np
from skreservoir import ESNTransformer, Reservoir
representation, n_series, n_units = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
X = np.random.default_rng(0).standard_normal((n_series, 300, 3))
times = []
for _ in range(2):
    transformer = ESNTransformer(Reservoir(n_units=n_units), representation=representation,
                                 random_state=0)
    start = time.perf_counter()
    transformer.fit(X)
    fitted = time.perf_counter()
    transformer.transform(X)
    times.append((fitted - start, time.perf_counter() - fitted))
print(json.dumps(times))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=500, help="series in the panel")
    parser.add_argument("--units", type=int, default=100, help="reservoir units")
    parser.add_argument("--representations", nargs="+",
                        default=["last", "mean", "pooled"])
    parser.add_argument("--cold-cache", action="store_true",
                        help="each child with an empty numba cache of its own (the first "
                        "fit then compiles every kernel it runs)")
    parser.add_argument("--repeats", type=int, default=1,
                        help="children per representation (alternated)")
    parser.add_argument("--output", default=str(HERE / "bench_transformer_first_call.json"))
    args = parser.parse_args()
    records = []
    for _ in range(args.repeats):
        for representation in args.representations:
            with tempfile.TemporaryDirectory() as cache:
                env = dict(os.environ, **({"NUMBA_CACHE_DIR": cache} if args.cold_cache
                                          else {}))
                start = time.perf_counter()
                out = subprocess.run([sys.executable, "-c", CHILD, representation,
                                      str(args.series), str(args.units)],
                                     capture_output=True, text=True, check=True, env=env)
                process = time.perf_counter() - start
            (fit1, transform1), (fit2, transform2) = json.loads(
                out.stdout.strip().splitlines()[-1])
            records.append({"representation": representation, "first_fit_s": fit1,
                            "first_transform_s": transform1, "second_fit_s": fit2,
                            "second_transform_s": transform2, "process_s": process,
                            "load_average": load_average()})
            print(f"{representation:8s} first fit {fit1:.2f} s, transform {transform1:.2f} s; "
                  f"second fit {fit2:.2f} s, transform {transform2:.2f} s; process "
                  f"{process:.2f} s (load {records[-1]['load_average']:.1f})", flush=True)
    payload = {"machine": machine_info(["skreservoir", "numpy", "numba"]),
               "command": " ".join(["python", "benchmarks/bench_transformer_first_call.py",
                                    *sys.argv[1:]]),
               "n_series": args.series, "n_units": args.units,
               "cold_cache": args.cold_cache, "records": records}
    Path(args.output).write_text(json.dumps(payload, indent=1))


if __name__ == "__main__":
    main()
