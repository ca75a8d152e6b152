"""The array backend: every estimator on numpy, array_api_strict and (with a GPU) cupy.

The ``xp`` fixture runs each test in every namespace available here:
numpy, ``array_api_strict`` (a strict namespace that rejects numpy-only
calls, so CI proves the array API code paths without a GPU) and cupy, which
is marked ``gpu`` and runs only when ``cupy.cuda.is_available()``.
"""

import pickle
import sys
import types

import array_api_strict  # in the test extra: the array API checks need it
import numpy as np
import pytest
from array_api_compat import array_namespace
from numpy.testing import assert_allclose
from sklearn.base import clone

from skreservoir import (
    NVAR,
    ES2NReservoir,
    ESNClassifier,
    ESNRegressor,
    ESNTransformer,
    ForceReadout,
    ForceReadoutClassifier,
    IPReservoir,
    LIFReservoir,
    LMSReadout,
    LocalPlasticityReservoir,
    Reservoir,
    ReservoirStack,
    RidgeReadout,
    RidgeReadoutClassifier,
    config_context,
)
from skreservoir._backend import cupy_available, to_host


def _namespaces():
    yield pytest.param("numpy", id="numpy")
    yield pytest.param("array_api_strict", id="array_api_strict")
    yield pytest.param("cupy", id="cupy", marks=[
        pytest.mark.gpu,
        pytest.mark.skipif(not cupy_available(), reason="needs cupy and a CUDA device"),
    ])


@pytest.fixture(params=list(_namespaces()))
def xp(request):
    """The array namespace a test runs in."""
    if request.param == "numpy":
        return np
    if request.param == "cupy":
        import cupy

        return cupy
    return array_api_strict


def _to(xp, data):
    """``data`` (an array, a list of arrays or None) as arrays of ``xp``."""
    if data is None:
        return None
    if isinstance(data, list):
        return [xp.asarray(d) for d in data]
    return xp.asarray(data)


def _assert_namespace(result, xp):
    """Check that ``result`` (or each array of a list) is an array of ``xp``."""
    for array in result if isinstance(result, list) else [result]:
        assert array_namespace(array).__name__.endswith(xp.__name__.split(".")[-1])


def _assert_close(result, expected, atol):
    if isinstance(expected, list):
        assert len(result) == len(expected)
        for r, e in zip(result, expected):
            assert_allclose(to_host(r), e, rtol=0, atol=atol)
    else:
        assert_allclose(to_host(result), expected, rtol=0, atol=atol)


rng = np.random.default_rng(0)
SERIES = rng.normal(size=(80, 3))
NEXT = np.roll(SERIES, -1, axis=0)
PANEL = rng.normal(size=(4, 30, 3))
PANEL_NEXT = np.roll(PANEL, -1, axis=1)
RAGGED = [rng.normal(size=(n, 3)) for n in (25, 40, 12)]
STATES = rng.normal(size=(120, 10))
TARGETS = STATES @ rng.normal(size=(10, 2)) + 0.1 * rng.normal(size=(120, 2))
LABELS = (TARGETS[:, 0] > 0).astype(int) + (TARGETS[:, 1] > 0)


def _reservoir(**params):
    return Reservoir(n_units=40, random_state=0, **params)


# (estimator, X, y, method, input to the method)
CASES = [
    (_reservoir(), SERIES, None, "transform", SERIES),
    (_reservoir(leak_rate=0.3, noise=0.01), PANEL, None, "transform", PANEL),
    (_reservoir(density=0.8, activation="sigmoid"), SERIES, None, "transform", RAGGED),
    (_reservoir(activation="relu", spectral_radius=0.5), SERIES, None, "transform", PANEL),
    (NVAR(delay=3, order=2, stride=2), SERIES, None, "transform", RAGGED),
    (ReservoirStack([_reservoir(), _reservoir(leak_rate=0.5)], input_to_all=True), SERIES,
     None, "transform", RAGGED),
    (IPReservoir(n_units=40, sigma=0.3, random_state=0), SERIES, None, "transform", PANEL),
    (ES2NReservoir(n_units=40, proximity=0.3, random_state=0), SERIES, None, "transform",
     RAGGED),
    (LIFReservoir(n_units=40, input_density=1.0, random_state=0), SERIES, None, "transform",
     RAGGED),
    (LocalPlasticityReservoir(n_units=40, local_rule="anti-oja", random_state=0), SERIES,
     None, "transform", PANEL),
    (ESNRegressor(ReservoirStack([_reservoir(), _reservoir()]), RidgeReadout(alpha=1e-3)),
     SERIES, NEXT, "predict", SERIES),
    (RidgeReadout(alpha=1e-3), STATES, TARGETS, "predict", STATES),
    (RidgeReadout(fit_intercept=False, washout=5), STATES, TARGETS[:, 0], "predict", STATES),
    (RidgeReadoutClassifier(), STATES, LABELS, "decision_function", STATES),
    # alpha=1: the namespaces are compared on a well-conditioned problem (with the
    # default 1e-6, 80 rows of 50 states amplify rounding beyond atol)
    (ForceReadout(alpha=1.0), STATES, TARGETS, "predict", STATES),
    (ForceReadoutClassifier(alpha=1.0), STATES, LABELS, "predict", STATES),
    (LMSReadout(learning_rate=1e-3), STATES, TARGETS, "predict", STATES),
    (ESNRegressor(_reservoir(leak_rate=0.5), RidgeReadout(alpha=1e-3), washout=5),
     SERIES, NEXT, "predict", SERIES),
    (ESNRegressor(_reservoir(), RidgeReadout(alpha=1e-3), include_input=True),
     PANEL, PANEL_NEXT, "predict", RAGGED),
    (ESNRegressor(_reservoir(), RidgeReadout(alpha=1.0), feedback=True,
                  feedback_scaling=0.1, random_state=0), SERIES, NEXT, "predict", SERIES),
    (ESNRegressor(_reservoir(), ForceReadout(alpha=1.0)), SERIES, NEXT, "predict", SERIES),
    (ESNRegressor(NVAR(delay=2, order=2)), SERIES, NEXT, "predict", SERIES),
    (ESNClassifier(_reservoir()), SERIES, (SERIES[:, 0] > 0).astype(int), "predict_proba",
     SERIES),
    (ESNClassifier(_reservoir(), decision="mean"), PANEL, np.arange(4) % 2,
     "decision_function", PANEL),
    (ESNClassifier(_reservoir(), decision="vote"), PANEL, np.arange(4) % 2, "predict", PANEL),
    (ESNTransformer(_reservoir(), representation="mean", bidirectional=True), PANEL, None,
     "transform", PANEL),
    (ESNTransformer(_reservoir(), representation="reservoir_model_space", n_components=5),
     PANEL, None, "transform", RAGGED),
]


def _case_id(case):
    return f"{type(case[0]).__name__}-{case[3]}-{np.shape(case[4]) if not isinstance(case[4], list) else 'list'}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_fit_and_predict_equal_numpy(xp, case):
    """Check that fit and predict in ``xp`` equal numpy to 1e-10, in ``xp``."""
    estimator, X, y, method, X_new = case
    expected = getattr(clone(estimator).fit(X, y), method)(X_new)
    fitted = clone(estimator).fit(_to(xp, X), _to(xp, y))
    result = getattr(fitted, method)(_to(xp, X_new))
    _assert_namespace(result, xp)
    _assert_close(result, expected, atol=1e-10)


@pytest.mark.parametrize("estimator, X, y", [
    (ESNRegressor(_reservoir(), RidgeReadout(alpha=1e-3)), SERIES, NEXT),
    (ESNRegressor(_reservoir(), RidgeReadout(alpha=1.0), feedback=True,
                  feedback_scaling=0.1, random_state=0), SERIES, NEXT),
    (ESNRegressor(NVAR(delay=2, order=2), RidgeReadout(alpha=1e-3)), SERIES, NEXT),
    (ESNRegressor(ReservoirStack([_reservoir(), _reservoir()]), RidgeReadout(alpha=1.0)),
     SERIES, NEXT),
])
def test_generate_equals_numpy(xp, estimator, X, y):
    """Check that closed-loop generation in ``xp`` equals numpy and stays in ``xp``."""
    expected = clone(estimator).fit(X, y).generate(15)
    fitted = clone(estimator).fit(_to(xp, X), _to(xp, y))
    result = fitted.generate(15)
    _assert_namespace(result, xp)
    _assert_close(result, expected, atol=1e-10)
    warm = fitted.generate(5, warmup=_to(xp, SERIES[:20]))
    _assert_close(warm, clone(estimator).fit(X, y).generate(5, warmup=SERIES[:20]), 1e-10)


def test_partial_fit_streams_in_namespace(xp):
    """Check that partial_fit chunks in ``xp`` give the numpy model, state in ``xp``."""
    estimator = ESNRegressor(_reservoir(), RidgeReadout(alpha=1e-3), washout=3)
    expected = clone(estimator)
    streamed = clone(estimator)
    for start in (0, 30, 60):
        chunk = slice(start, start + 30)
        expected.partial_fit(SERIES[chunk], NEXT[chunk])
        streamed.partial_fit(_to(xp, SERIES[chunk]), _to(xp, NEXT[chunk]))
    _assert_namespace(streamed.state_, xp)
    _assert_close(streamed.predict(_to(xp, PANEL)), expected.predict(PANEL), 1e-10)


def test_same_seed_same_weights_on_every_backend(xp):
    """Check that weights are drawn on the host: one seed, one reservoir everywhere."""
    numpy_fit = _reservoir().fit(SERIES)
    xp_fit = _reservoir().fit(_to(xp, SERIES))
    _assert_namespace(xp_fit.W_in_, xp)
    for name in ("W_in_", "bias_", "initial_state_"):
        assert_allclose(to_host(getattr(xp_fit, name)), getattr(numpy_fit, name))
    W = xp_fit.W_
    W = W.toarray() if hasattr(W, "toarray") else W
    assert_allclose(to_host(W), numpy_fit.W_.toarray())


@pytest.mark.parametrize("estimator, method", [
    (ESNRegressor(_reservoir(), RidgeReadout(alpha=1e-3)), "predict"),
    (_reservoir(), "transform"),
])
def test_float32_close_to_float64(xp, estimator, method):
    """Check that float32 states and predictions stay within 1e-4 of float64."""
    X, y = SERIES[:60], NEXT[:60]
    y = y if method == "predict" else None
    double = getattr(clone(estimator).fit(_to(xp, X), _to(xp, y)), method)(_to(xp, X))
    single = clone(estimator).set_params(**{
        ("reservoir__dtype" if method == "predict" else "dtype"): "float32"})
    single_out = getattr(single.fit(_to(xp, X.astype(np.float32)), _to(xp, y)), method)(
        _to(xp, X.astype(np.float32)))
    _assert_namespace(single_out, xp)
    if method == "transform":
        assert to_host(single_out).dtype == np.float32
    _assert_close(single_out, to_host(double), atol=1e-4)


@pytest.mark.parametrize("estimator, X, y, method", [
    (ESNRegressor(_reservoir(), RidgeReadout(alpha=1e-3)), SERIES, NEXT, "predict"),
    (ESNClassifier(_reservoir()), PANEL, np.arange(4) % 2, "predict_proba"),
    (_reservoir(), SERIES, None, "transform"),
    (ESNTransformer(_reservoir()), PANEL, None, "transform"),
])
def test_model_fitted_in_namespace_pickles_to_host(xp, estimator, X, y, method):
    """Check that a model fitted in ``xp`` unpickles with numpy arrays and predicts on CPU.

    Nothing is faked: the model is pickled, loaded with the numpy backend
    set, and used on numpy input.
    """
    fitted = clone(estimator).fit(_to(xp, X), _to(xp, y))
    expected = to_host(getattr(fitted, method)(_to(xp, X)))
    with config_context(backend="numpy"):
        loaded = pickle.loads(pickle.dumps(fitted))
        arrays = [v for v in vars(loaded).values() if hasattr(v, "__array_namespace__")]
        assert all(isinstance(v, np.ndarray) for v in arrays)
        result = getattr(loaded, method)(X)
    assert isinstance(result, np.ndarray)
    assert_allclose(result, expected, rtol=0, atol=1e-12)


def test_other_namespace_after_fit_raises():
    """Check that a model fitted on array_api_strict refuses numpy input, naming both."""
    fitted = ESNRegressor(_reservoir()).fit(_to(array_api_strict, SERIES),
                                            _to(array_api_strict, NEXT))
    with pytest.raises(ValueError, match=r"ESNRegressor.predict\(\) must use the same "
                                         r"namespace.*array_api_strict"):
        fitted.predict(SERIES)


def test_cupy_without_cupy_says_what_to_install(monkeypatch):
    """Check that backend='cupy' without cupy raises an ImportError naming the extra."""
    monkeypatch.setitem(sys.modules, "cupy", None)  # import cupy -> ImportError
    with pytest.raises(ImportError, match=r'pip install "skreservoir\[gpu\]"'):
        Reservoir(backend="cupy").fit(SERIES)
    with config_context(backend="cupy"):
        with pytest.raises(ImportError, match=r"skreservoir\[gpu\]"):
            ESNRegressor().fit(SERIES, NEXT)


def test_cupy_without_a_device_says_so(monkeypatch):
    """Check that cupy without a CUDA device raises a RuntimeError, no CUDA trace.

    A stand-in cupy module whose runtime reports no device (or raises, as a
    broken driver does) replaces the real one.
    """
    for is_available in (lambda: False, lambda: 1 / 0):
        fake = types.ModuleType("cupy")
        fake.cuda = types.SimpleNamespace(is_available=is_available)
        monkeypatch.setitem(sys.modules, "cupy", fake)
        with pytest.raises(RuntimeError, match="no CUDA device was found"):
            Reservoir(backend="cupy").fit(SERIES)


@pytest.mark.gpu
@pytest.mark.skipif(not cupy_available(), reason="needs cupy and a CUDA device")
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_cupy_backend_numpy_in_numpy_out(dtype):
    """Check that backend='cupy' on numpy input computes on the GPU, gives numpy back."""
    import cupy

    estimator = ESNRegressor(Reservoir(n_units=200, random_state=0, dtype=dtype,
                                       backend="cupy"), RidgeReadout(alpha=1e-3))
    fitted = estimator.fit(PANEL, PANEL_NEXT)
    assert isinstance(fitted.reservoir_.W_in_, cupy.ndarray)
    result = fitted.predict(PANEL)
    assert isinstance(result, np.ndarray)
    expected = clone(estimator).set_params(reservoir__backend="numpy").fit(
        PANEL, PANEL_NEXT).predict(PANEL)
    assert_allclose(result, expected, atol=1e-10 if dtype == "float64" else 1e-4)


@pytest.mark.skipif(cupy_available(), reason=(
    "checks the fallback of a machine without cupy or a CUDA device; on this machine "
    "a backend='cupy' model rightly keeps its backend"))
def test_cupy_model_unpickled_without_gpu_runs_on_the_host():
    """Check that a backend='cupy' model loads on a machine without cupy or a GPU.

    The model is fitted on this (GPU-less) machine with the numpy backend,
    then its backend parameters are set to "cupy" as a GPU user's would be;
    once unpickled here, it warns, takes the configured backend and predicts
    on numpy.
    """
    estimator = ESNRegressor(_reservoir(), RidgeReadout(alpha=1e-3)).fit(SERIES, NEXT)
    expected = estimator.predict(SERIES)
    for obj in (estimator.reservoir, estimator.reservoir_, estimator.readout_):
        vars(obj)["backend"] = "cupy"  # as built on a GPU machine
    blob = pickle.dumps(estimator)
    with config_context(backend="numpy"):
        with pytest.warns(UserWarning, match="backend='cupy'.*no cupy or no CUDA device"):
            loaded = pickle.loads(blob)
        assert loaded.reservoir.backend is None and loaded.reservoir_.backend is None
        assert_allclose(loaded.predict(SERIES), expected, rtol=0, atol=0)


class _FakeCupyxCSR:
    """Stands in for a ``cupyx.scipy.sparse`` matrix: what a reservoir fitted on cupy holds."""

    __module__ = "cupyx.scipy.sparse._csr"

    def __init__(self, host):
        self.host = host

    def get(self):
        return self.host


def test_move_matrix_keeps_a_device_sparse_matrix():
    """Check that a W fitted on cupy (a cupyx matrix) is used as it is on cupy.

    It is moved to the host for numpy and made dense for another namespace;
    it was once sent through ``asarray``, an object array (found on a GPU).
    """
    import scipy.sparse as sp

    from skreservoir._backend import move_matrix

    host = sp.random(6, 6, density=0.5, random_state=0, format="csr")
    W = _FakeCupyxCSR(host)
    fake_cupy = types.ModuleType("cupy")
    assert move_matrix(W, fake_cupy) is W
    assert move_matrix(W, np) is host
    dense = move_matrix(W, array_api_strict)
    assert_allclose(np.asarray(dense), host.toarray())


@pytest.fixture(params=[p for p in _namespaces() if p.values[0] != "numpy"])
def device_xp(request):
    """A namespace other than numpy (array_api_strict here, cupy with a GPU)."""
    if request.param == "cupy":
        import cupy

        return cupy
    return array_api_strict


@pytest.mark.parametrize("layout", ["series", "array", "list"])
def test_readout_checks_device_features_where_they_are(device_xp, layout, monkeypatch):
    """Check that a readout fits and predicts device features without moving them to the host.

    The features were once copied to the host to be validated and copied
    back (2.4 s of a 2.6 s ``ESNRegressor.predict`` on a GPU). Only the
    targets (2 columns) may travel; the result equals numpy's.
    """
    import skreservoir.readout._base as readout_base

    moved = []
    real_to_host = readout_base.to_host

    def recording_to_host(x):
        for a in x if isinstance(x, list) else [x]:
            if a is not None and not isinstance(a, np.ndarray) and a.shape[-1] == 10:
                moved.append(a.shape)
        return real_to_host(x)

    monkeypatch.setattr(readout_base, "to_host", recording_to_host)
    X = {"series": STATES, "array": STATES.reshape(4, 30, 10),
         "list": [STATES[:50], STATES[50:]]}[layout]
    y = {"series": TARGETS, "array": TARGETS.reshape(4, 30, 2),
         "list": [TARGETS[:50], TARGETS[50:]]}[layout]
    readout = RidgeReadout(alpha=1e-3, washout=2)
    expected = clone(readout).fit(X, y).predict(X)
    result = readout.fit(_to(device_xp, X), y).predict(_to(device_xp, X))
    _assert_namespace(result, device_xp)
    _assert_close(result, expected, atol=1e-10)
    assert readout.n_features_in_ == 10
    assert moved == []


def test_readout_device_features_fail_as_on_the_host(device_xp):
    """Check that bad device features raise the host's errors (NaN, width, an empty series)."""
    fitted = RidgeReadout().fit(_to(device_xp, STATES), TARGETS)
    bad = STATES.copy()
    bad[3, 4] = np.nan
    with pytest.raises(ValueError, match="Input X contains NaN"):
        RidgeReadout().fit(_to(device_xp, bad), TARGETS)
    with pytest.raises(ValueError, match="X has 9 features, but RidgeReadout is expecting 10"):
        fitted.predict(_to(device_xp, STATES[:, :9]))
    with pytest.raises(ValueError, match="targets of series 1 have shape"):
        RidgeReadout().fit(_to(device_xp, [STATES[:50], STATES[50:]]),
                           [TARGETS[:50], TARGETS[:10]])
    labels = RidgeReadoutClassifier().fit(_to(device_xp, STATES), LABELS)
    assert_allclose(to_host(labels.predict(_to(device_xp, STATES))),
                    RidgeReadoutClassifier().fit(STATES, LABELS).predict(STATES))


class _FakeCupyArray:
    """The part of a cupy array that ``_cupy_to_host`` uses, over a host array."""

    def __init__(self, host, outs):
        self.host, self.shape, self.dtype, self.nbytes = host, host.shape, host.dtype, host.nbytes
        self.flags = host.flags
        self.outs = outs

    def copy(self, order):
        return _FakeCupyArray(self.host.copy(order=order), self.outs)

    def get(self, out=None):
        self.outs.append(out)
        if out is None:
            return self.host.copy()
        out[...] = self.host
        return out


@pytest.mark.parametrize("order", ["C", "F"])
def test_large_device_array_is_copied_into_touched_pages(order, monkeypatch):
    """Check that a large cupy array lands in a prefaulted C-ordered buffer, values intact.

    A strided one (a panel's time-major states) is made contiguous first;
    a small one takes cupy's own ``get()``.
    """
    from skreservoir import _backend
    from skreservoir._kernels import touch_pages_kernel

    monkeypatch.setattr(_backend, "PREFAULT_MIN_BYTES", 1000)
    host = np.asarray(rng.normal(size=(300, 7)), order=order)
    outs = []
    result = _backend._cupy_to_host(_FakeCupyArray(host, outs))
    assert_allclose(result, host, rtol=0, atol=0)
    if touch_pages_kernel is not None:
        assert len(outs) == 1 and outs[0] is result and result.flags.c_contiguous
    small = []
    assert_allclose(_backend._cupy_to_host(_FakeCupyArray(host[:10], small)), host[:10])
    assert small == [None]
