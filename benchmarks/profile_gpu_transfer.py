"""Where the cupy backend's time goes on bench_gpu's panel (2048 x 200 x 3, float32).

Times, for N in {500, 2000}: ``transform`` numpy in / numpy out (bench_gpu's
row), the same with cupy in / cupy out (the recurrence alone), and the
pieces of moving the states to the host: a pageable ``get()`` into fresh
memory, into memory already touched, into pinned memory, and skreservoir's
own copy (``_cupy_to_host``: a host buffer prefaulted on every core; the
numpy-out ``transform`` with and without it). Needs cupy and
a GPU; prints medians of 3 calls after one warm-up. Figures of one run:
``bench_gpu_h200.txt``.

Usage::

    python benchmarks/profile_gpu_transfer.py
"""
import time

import cupy
import numpy as np

from skreservoir import Reservoir, _backend


def timed(label, fn, repeats=3):
    fn()
    cupy.cuda.Device().synchronize()
    best = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        cupy.cuda.Device().synchronize()
        best.append(time.perf_counter() - t0)
    print(f"{label:<58} median {np.median(best):8.4f} s", flush=True)
    return out


rng = np.random.default_rng(0)
panel = rng.uniform(-1, 1, (2048, 200, 3)).astype(np.float32)


def profile(n):
    """Print the pieces of one size's ``transform``; the arrays go when it returns."""
    print(f"--- N={n}")
    res = Reservoir(n_units=n, density=0.1, random_state=0, dtype="float32",
                    backend="cupy").fit(panel)
    dev_in = cupy.asarray(panel)
    timed("transform, numpy in -> numpy out (bench_gpu)", lambda: res.transform(panel))
    out = timed("transform, cupy in -> cupy out (compute only)", lambda: res.transform(dev_in))
    print("   out flags c_contiguous", out.flags.c_contiguous, out.shape, out.nbytes / 1e9, "GB")
    contiguous = cupy.ascontiguousarray(out)
    timed("ascontiguousarray on device", lambda: cupy.ascontiguousarray(out))
    timed("get() of contiguous states (pageable)", lambda: contiguous.get())
    timed("np.empty + get(out=) (pageable, preallocated each time)",
          lambda: contiguous.get(out=np.empty(contiguous.shape, contiguous.dtype)))
    host = np.empty(contiguous.shape, contiguous.dtype)
    host.fill(0)
    timed("get(out=) into a touched host array", lambda: contiguous.get(out=host))
    t0 = time.perf_counter()
    pinned_mem = cupy.cuda.alloc_pinned_memory(contiguous.nbytes)
    pinned = np.frombuffer(pinned_mem, contiguous.dtype, contiguous.size).reshape(contiguous.shape)
    print(f"{'alloc_pinned_memory':<58} once   {time.perf_counter() - t0:8.4f} s")
    timed("get(out=pinned)", lambda: contiguous.get(out=pinned))
    timed("skreservoir's copy: prefaulted buffer (_cupy_to_host)",
          lambda: _backend._cupy_to_host(out))
    threshold = _backend.PREFAULT_MIN_BYTES
    _backend.PREFAULT_MIN_BYTES = 1 << 62
    timed("transform, numpy in -> numpy out, without the prefault", lambda: res.transform(panel))
    _backend.PREFAULT_MIN_BYTES = threshold
    try:
        W = res._recurrence(cupy, None)
        print("   recurrence sparse", W._sparse, type(W.W))
        from skreservoir._recurrence import use_dense_product
        print("   dense product?", use_dense_product(n, 2048, 4, W.dense_panel_min_series))
    except Exception as exc:
        print("   recurrence inspection failed:", exc)


for n_units in (500, 2000):
    profile(n_units)
    cupy.get_default_memory_pool().free_all_blocks()
    res_np = Reservoir(n_units=n_units, density=0.1, random_state=0, dtype="float32").fit(panel)
    timed("numpy backend transform (all cores)", lambda r=res_np: r.transform(panel))
