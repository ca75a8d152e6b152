"""The spectral radius's sparse product against the bare gathers it cannot avoid.

Each product of :func:`skreservoir._weights.spectral_radius` on a
10,000-unit reservoir (density 0.1) reads 10 million values and column
indices and gathers as many entries of the vector. This times, on one
thread, in CPU seconds of the calling thread (``time.thread_time``: on a
shared machine the wall time mostly measures the other processes),
alternated, medians:

``library``
    the product (:data:`skreservoir._kernels.csr_matvec_serial_kernel` on
    the column blocks :func:`skreservoir._weights._float32_operator` builds);
``gathers``
    one loop over the same values and indices, summing ``value * x[index]``
    (no rows, no blocks): the gathers and the reads alone;
``reads``
    the same loop without the gather (``value * index``): the 60 MB read
    alone.

``library / gathers`` near 1 says the product is at the bound its gathers
set; ``gathers / reads`` how much the gathers cost beyond the reads.

``PYTHONPATH=. python benchmarks/bench_gather_bound.py [--repeats 40]``
"""

import os
import sys
import time
from pathlib import Path

import numba
import numpy as np

from skreservoir import _kernels, _weights

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import big_reservoir_arguments  # noqa: E402

_OPTIONS = dict(nogil=True, error_model="numpy", fastmath=True)


@numba.njit(**_OPTIONS)
def _gathers(indices, values, x):
    total = np.float32(0.0)
    for k in range(indices.shape[0]):
        total += values[k] * x[indices[k]]
    return total


@numba.njit(**_OPTIONS)
def _reads(indices, values, x):
    total = np.float32(0.0)
    for k in range(indices.shape[0]):
        total += values[k] * np.float32(indices[k])
    return total


def main(argv=None):
    args = big_reservoir_arguments(__doc__.split("\n", 1)[0], 40, argv)
    n = args.n_units
    W = _weights.random_matrix(np.random.default_rng(0), (n, n), density=args.density,
                               distribution="normal", sparse=True, dtype=np.float64)
    shift = _weights.column_block_shift(W.shape, W.nnz)
    blocks = (np.empty((-(-n >> shift), n + 1), np.uint32),
              np.empty(W.nnz, _weights.column_index_dtype(n)), np.empty(W.nnz, np.float32))
    _kernels.column_blocks_kernel(W.indptr, W.indices, W.data, shift, *blocks)
    _, indices, values = blocks
    x = np.random.default_rng(1).standard_normal(n).astype(np.float32)
    out = np.empty(n, np.float32)
    kernel = _kernels.csr_matvec_serial_kernel or _kernels.csr_matvec_kernel
    cases = {"library": lambda: kernel(*blocks, x, out),
             "gathers": lambda: _gathers(indices, values, x),
             "reads": lambda: _reads(indices, values, x)}
    for run in cases.values():
        run()  # compiled, warm
    times = {name: [] for name in cases}
    for _ in range(args.repeats):
        for name, run in cases.items():
            start = time.thread_time()
            run()
            times[name].append(time.thread_time() - start)
    medians = {name: float(np.median(t)) for name, t in times.items()}
    print(f"{n} units, density {args.density:g} ({W.nnz} nonzeros), one thread, CPU ms, "
          f"median of {args.repeats} (load {os.getloadavg()[0]:.2f}):")
    for name, seconds in medians.items():
        print(f"  {name:8s} {1e3 * seconds:6.2f} ms")
    print(f"  library / gathers {medians['library'] / medians['gathers']:.2f}, "
          f"gathers / reads {medians['gathers'] / medians['reads']:.2f}")


if __name__ == "__main__":
    main()
