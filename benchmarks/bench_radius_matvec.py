"""The spectral radius's float32 sparse product in column blocks against one block.

:func:`skreservoir._kernels._matvec` sums each row block of columns after
block of columns (:data:`skreservoir._weights.MATVEC_BLOCK_COLUMNS`), so
that the gathered part of the vector stays in a core's L1 cache. This
times, side by side and alternated, the product in one block, in two
(halves of a power of 2) and in the blocks
:func:`skreservoir._weights.column_block_shift` picks,
in CPU seconds of the calling thread (``time.thread_time``: on a shared
machine the wall time mostly measures the other processes), on one thread
and (wall time) threaded.

``python benchmarks/bench_radius_matvec.py`` (a minute); writes JSON next
to the script.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import load_average, machine_info  # noqa: E402

CASES = [(10_000, 0.1), (5000, 0.06), (20_000, 0.0128), (100_000, 1e-4)]


def layouts(W):
    """The product's arrays in one column block and in the blocks the library picks."""
    from skreservoir import _kernels, _weights

    n_rows, n_columns = W.shape
    out = {}
    for name, block_shift in (("one_block", max(12, (n_columns - 1).bit_length())),
                              ("two_blocks", max(12, (n_columns - 1).bit_length() - 1)),
                              ("library", _weights.column_block_shift(W.shape, W.nnz))):
        arrays = (np.empty((-(-n_columns >> block_shift), n_rows + 1), np.uint32),
                  np.empty(W.nnz, _weights.column_index_dtype(n_columns)),
                  np.empty(W.nnz, np.float32))
        _kernels.column_blocks_kernel(W.indptr, W.indices, W.data, block_shift, *arrays)
        out[name] = arrays
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args(argv)
    from skreservoir import _kernels
    from skreservoir._weights import random_matrix

    records = []
    for n_units, density in CASES:
        W = random_matrix(np.random.default_rng(0), (n_units, n_units), density=density,
                          distribution="normal", sparse=True, dtype=np.float64)
        arrays = layouts(W)
        x = np.random.default_rng(1).standard_normal(n_units).astype(np.float32)
        out = np.empty(n_units, np.float32)
        record = {"n_units": n_units, "density": density,
                  "blocks": int(arrays["library"][0].shape[0])}
        for label, kernel, clock in (
                ("serial_cpu", _kernels.csr_matvec_serial_kernel, time.thread_time),
                ("threaded_wall", _kernels.csr_matvec_kernel, time.perf_counter)):
            if kernel is None:
                continue
            times = {name: [] for name in arrays}
            for name in arrays:
                kernel(*arrays[name], x, out)  # compiled, warm
            for _ in range(args.repeats):
                for name in arrays:
                    start = clock()
                    kernel(*arrays[name], x, out)
                    times[name].append(clock() - start)
            medians = {name: float(np.median(t)) for name, t in times.items()}
            record[label] = {f"{name}_ms": 1e3 * m for name, m in medians.items()}
            record[label].update({f"{name}_ratio": m / medians["one_block"]
                                  for name, m in medians.items()})
            print(f"{n_units:6d} units, density {density:g} ({record['blocks']} in the "
                  f"library) {label}: one block {1e3 * medians['one_block']:.2f} ms, "
                  + ", ".join(f"{name} x{m / medians['one_block']:.2f}"
                              for name, m in medians.items() if name != "one_block"),
                  flush=True)
        records.append(record)
    output = HERE / "bench_radius_matvec.json"
    output.write_text(json.dumps({"machine": machine_info(["skreservoir", "numpy", "numba"]),
                                  "load_average_1min_end": load_average(),
                                  "records": records}, indent=2) + "\n")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
