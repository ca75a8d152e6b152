"""Where ESNRegressor's and ESNClassifier's time goes on cupy (bench_gpu's panel, N=2000, float32).

Times ``ESNRegressor`` fit and predict (and fit with larger state chunks)
and ``ESNClassifier`` fit + predict on 2048 series x 200 steps x 3 features,
numpy in and out, then prints cProfile tables (cumulative and own time) of
each. Needs cupy and a GPU. Figures of one run: ``bench_gpu_h200.txt``.

Usage::

    python benchmarks/profile_gpu_estimators.py
"""
import cProfile
import pstats
import sys
import time

import cupy
import numpy as np

from skreservoir import ESNClassifier, ESNRegressor, Reservoir, RidgeReadout, config_context

rng = np.random.default_rng(0)
panel = rng.uniform(-1, 1, (2048, 200, 3)).astype(np.float32)
target = panel[:, :, :1] ** 2
labels = rng.integers(0, 4, 2048)


def sync():
    cupy.cuda.Device().synchronize()


def reservoir():
    return Reservoir(n_units=2000, density=0.1, random_state=0, dtype="float32",
                     backend="cupy")


def timed(label, fn, repeats=2):
    """Print the times of ``repeats`` calls after one warm-up."""
    fn()
    sync()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        sync()
        times.append(time.perf_counter() - t0)
    print(f"{label:<60} min {min(times):8.3f} s  all {['%.3f' % t for t in times]}",
          flush=True)


def profile(label, fn, n_lines=30):
    """Print cProfile's tables of one call after a warm-up."""
    fn()
    sync()
    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    sync()
    profiler.disable()
    for order in ("cumulative", "tottime"):
        print(f"==== cProfile {label} ({order})")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(order).print_stats(n_lines)


def regressor():
    return ESNRegressor(reservoir(), RidgeReadout(alpha=1e-6), washout=10)


timed("ESNRegressor fit", lambda: regressor().fit(panel, target))
fitted = regressor().fit(panel, target)
timed("ESNRegressor predict", lambda: fitted.predict(panel))
for mib in (512, 2048):
    with config_context(state_chunk_bytes=mib * 2**20):
        timed(f"ESNRegressor fit, state_chunk_bytes={mib} MiB",
              lambda: regressor().fit(panel, target))
timed("ESNClassifier fit+predict",
      lambda: ESNClassifier(reservoir()).fit(panel, labels).predict(panel))
profile("ESNRegressor fit", lambda: regressor().fit(panel, target))
profile("ESNRegressor predict", lambda: fitted.predict(panel), 20)
profile("ESNClassifier fit+predict",
        lambda: ESNClassifier(reservoir()).fit(panel, labels).predict(panel))
