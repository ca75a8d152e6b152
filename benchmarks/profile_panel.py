"""Where the time of the 2000 x 100 x 12 panel (N = 500) goes, in one process.

Median wall and CPU seconds (``--repeats``, alternated) of: the whole
``Reservoir.transform``; the blocked kernel alone with its output allocated
before (threaded and one-thread variants: the transform's time outside
the kernel is the difference); the mean pooled inside the kernel
(``run_pooled``). Then, for a few more ``transform`` calls, which kernel
(P: threaded, S: one thread) :func:`skreservoir._threads.run_adaptive` ran
each piece on, and the rates it measured.

Usage::

    PYTHONPATH=. python benchmarks/profile_panel.py float64
"""

import os
import sys
import time

import numpy as np

from skreservoir import Reservoir, _threads
from skreservoir import _kernels as kernels


def main(dtype="float64", repeats=3, n_series=2000):
    X = np.random.default_rng(0).uniform(-1, 1, size=(n_series, 100, 12)).astype(dtype)
    reservoir = Reservoir(
        n_units=500, spectral_radius=1.25, leak_rate=0.3, density=0.1, random_state=0, dtype=dtype
    ).fit(X)
    recurrence = reservoir._recurrence()
    x0s = np.zeros((n_series, 500), dtype)
    lengths = np.full(n_series, 100, np.int64)
    order = np.arange(n_series, dtype=np.int64)
    block = kernels.panel_block_size(500, n_series, np.dtype(dtype).itemsize, kernels.N_THREADS)
    out = np.zeros((n_series, 100, 500), dtype)

    def kernel_only(kernel):
        kernel(
            *recurrence._csr_unsigned,
            *recurrence._csr_in,
            recurrence.bias,
            X,
            x0s,
            lengths,
            order,
            block,
            0,
            0,
            np.zeros((0, 500)),
            0.3,
            0,
            out,
        )

    parts = {
        "transform": lambda: reservoir.transform(X),
        "kernel threaded (output allocated before)": lambda: kernel_only(
            kernels.csr_blocks_kernel or kernels.csr_blocks_serial_kernel
        ),
        "kernel one thread (output allocated before)": lambda: kernel_only(
            kernels.csr_blocks_serial_kernel
        ),
        "mean pooled in the kernel (run_pooled)": lambda: reservoir.run_pooled(list(X), "mean"),
    }
    for run in parts.values():
        run()
    times = {name: ([], []) for name in parts}
    for _ in range(repeats):
        for name, run in parts.items():
            began, start = time.process_time(), time.perf_counter()
            result = run()
            times[name][0].append(time.perf_counter() - start)
            times[name][1].append(time.process_time() - began)
            del result
    print(f"{dtype}, block {block}, numba threads {kernels.N_THREADS}, load {os.getloadavg()}")
    for name, (wall, cpu) in times.items():
        print(f"  {name:<45} wall {np.median(wall):.3f} s  CPU {np.median(cpu):.3f} s")

    used, original = [], _threads.run_adaptive

    def spy(kind, run, parallel, serial, *args, **kwargs):
        def tagged(kernel, start, stop):
            used.append("P" if kernel is parallel else "S")
            run(kernel, start, stop)

        return original(kind, tagged, parallel, serial, *args, **kwargs)

    _threads.run_adaptive = spy
    for _ in range(repeats):
        used.clear()
        start = time.perf_counter()
        reservoir.transform(X)
        rates = _threads._SECONDS_PER_WORK["panel"]
        print(
            f"  transform {time.perf_counter() - start:.2f} s, pieces {''.join(used)}, "
            f"seconds per step threaded {rates['parallel']:.2e}, one thread "
            f"{rates['serial']:.2e}, load {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main(*sys.argv[1:2])
