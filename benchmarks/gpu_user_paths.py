"""The public paths a GPU user takes, on backend='cupy' against numpy (one process).

Each case runs once with ``backend="numpy"`` and once with ``"cupy"`` and
prints OK with the largest difference of the results (or FAIL with the
traceback): ESNRegressor predict (float64, float32, dense W), generate,
score, ESNClassifier and ESNTransformer on a panel of unequal lengths, a
panel transform, ``config_context(backend=...)``, ESGPRegressor, cupy arrays
in and out, a partial_fit stream. A check for a machine with a GPU (the
tests' ``gpu`` cases are the assertions); figures of one run:
``bench_gpu_h200.txt``. The differences include the first steps from rest
(inside the washout), where the two readouts' small differences are largest.

Usage::

    python benchmarks/gpu_user_paths.py
"""
import time
import traceback

import numpy as np

from skreservoir import (
    ESGPRegressor,
    ESNClassifier,
    ESNRegressor,
    ESNTransformer,
    Reservoir,
    RidgeReadout,
    config_context,
)
from skreservoir._backend import to_host
from skreservoir.datasets import mackey_glass

rng = np.random.default_rng(0)
mg = mackey_glass(3001).reshape(-1, 1)
X, y = mg[:-1], mg[1:]
panel = [rng.standard_normal((int(n), 3)) for n in rng.integers(20, 60, 40)]
labels = np.arange(40) % 3


def diff(a, b):
    if isinstance(a, list):
        return max(diff(x, z) for x, z in zip(a, b))
    return float(np.max(np.abs(np.asarray(to_host(a), dtype=float) - np.asarray(b, dtype=float))))


def case(name, make, run):
    try:
        t0 = time.perf_counter()
        expected = run(make("numpy"))
        t1 = time.perf_counter()
        got = run(make("cupy"))
        t2 = time.perf_counter()
        host = not isinstance(got, list) and isinstance(got, np.ndarray)
        print(f"OK   {name:<44} max|diff| {diff(got, expected):.1e}  numpy-out {host}  "
              f"cpu {t1 - t0:.2f}s gpu {t2 - t1:.2f}s", flush=True)
    except Exception:
        print(f"FAIL {name}\n{traceback.format_exc()[-1500:]}", flush=True)


def esn(backend, dtype="float64", **kw):
    return ESNRegressor(Reservoir(n_units=500, leak_rate=0.3, spectral_radius=1.25,
                                  random_state=0, backend=backend, dtype=dtype, **kw),
                        RidgeReadout(alpha=1e-7), washout=100)


case("ESNRegressor predict float64", esn, lambda m: m.fit(X, y).predict(X))
case("ESNRegressor predict float32", lambda b: esn(b, "float32"),
     lambda m: m.fit(X, y).predict(X))
case("ESNRegressor generate 200", esn, lambda m: m.fit(X, y).generate(200))
case("ESNRegressor score", esn, lambda m: np.array(m.fit(X, y).score(X, y)))
case("ESNRegressor dense W (density=1)", lambda b: esn(b, density=1.0),
     lambda m: m.fit(X, y).predict(X))
case("ESNClassifier unequal panel", lambda b: ESNClassifier(
    Reservoir(n_units=200, random_state=0, backend=b)), lambda m: m.fit(panel, labels)
    .predict_proba(panel))
case("ESNTransformer unequal panel", lambda b: ESNTransformer(
    Reservoir(n_units=200, random_state=0, backend=b)), lambda m: m.fit(panel).transform(panel))
case("Reservoir transform panel 256x200 N=1000", lambda b: Reservoir(
    n_units=1000, random_state=0, backend=b), lambda m: m.fit_transform(
    np.random.default_rng(1).standard_normal((256, 200, 3))))


def backend_name(backend):
    """``make`` of the cases whose ``run`` builds the model itself: the backend's name."""
    return backend


def run_configured(backend):
    with config_context(backend=backend):
        return ESNRegressor().fit(X, y).predict(X)


case("config_context(backend) ESNRegressor()", backend_name, run_configured)
case("ESGPRegressor 5 epochs", lambda b: ESGPRegressor(
    n_units=100, max_iter=5, random_state=0, backend=b, early_stopping=False),
    lambda m: m.fit(panel[:20], [p[:, :1] for p in panel[:20]]).predict(panel[:5]))


def run_cupy_input(backend):
    model = ESNRegressor(Reservoir(n_units=300, random_state=0), RidgeReadout(alpha=1e-6))
    if backend == "numpy":
        return model.fit(X, y).predict(X)
    import cupy
    out = model.fit(cupy.asarray(X), cupy.asarray(y)).predict(cupy.asarray(X))
    assert isinstance(out, cupy.ndarray), type(out)
    return out


case("cupy arrays in, cupy out", backend_name, run_cupy_input)
case("partial_fit stream", lambda b: ESNRegressor(Reservoir(n_units=200, random_state=0,
                                                            backend=b), RidgeReadout(alpha=1e-6)),
     lambda m: [m.partial_fit(X[i:i + 500], y[i:i + 500]) for i in range(0, 3000, 500)][-1]
     .predict(X))
