"""Tests of the Reservoir transformer, its weights and its recurrence kernel."""

import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import expit

from skreservoir import Reservoir, config_context, get_config
from skreservoir._weights import spectral_radius

ACTIVATION_FUNCTIONS = {
    "tanh": np.tanh,
    "identity": lambda z: z,
    "relu": lambda z: np.maximum(z, 0.0),
    "sigmoid": expit,
}


def reference_states(X, W, W_in, bias, leak_rate, activation="tanh", x0=None):
    """The update equation written out in plain numpy, one step at a time."""
    W = W.toarray() if sp.issparse(W) else W
    f = ACTIVATION_FUNCTIONS[activation]
    x = np.zeros(W.shape[0]) if x0 is None else x0
    states = []
    for u in X:
        x = (1 - leak_rate) * x + leak_rate * f(W_in @ u + W @ x + bias)
        states.append(x)
    return np.array(states)


@pytest.fixture
def series():
    rng = np.random.default_rng(42)
    return rng.uniform(-1, 1, size=(150, 3))


@pytest.mark.parametrize("activation", ["tanh", "identity", "relu", "sigmoid"])
@pytest.mark.parametrize("leak_rate", [1.0, 0.3])
@pytest.mark.parametrize("density", [0.1, 1.0])
def test_states_equal_written_out_equation(series, activation, leak_rate, density):
    """Check that transform equals the update equation written out in numpy."""
    reservoir = Reservoir(n_units=40, leak_rate=leak_rate, density=density,
                          activation=activation, spectral_radius=0.5,
                          input_scaling=0.5, random_state=0).fit(series)
    expected = reference_states(series, reservoir.W_, reservoir.W_in_,
                                reservoir.bias_, leak_rate, activation)
    assert_allclose(reservoir.transform(series), expected, rtol=1e-12, atol=1e-14)


def test_states_equal_reservoirpy_with_same_matrices(series):
    """Check that states equal ReservoirPy 0.4.2's given the same W, W_in, bias, lr."""
    rpy_nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
    ours = Reservoir(n_units=80, leak_rate=0.3, spectral_radius=1.1,
                     random_state=1).fit(series)
    theirs = rpy_nodes.Reservoir(W=ours.W_, Win=ours.W_in_, bias=ours.bias_, lr=0.3)
    assert_allclose(ours.transform(series), theirs.run(series), rtol=0, atol=1e-10)


def test_panel_equals_series_one_by_one(series):
    """Check that a panel (3D or list of unequal lengths) equals each series run alone."""
    rng = np.random.default_rng(0)
    panel = [rng.uniform(-1, 1, size=(n, 3)) for n in (40, 7, 40, 1, 25)]
    reservoir = Reservoir(n_units=30, leak_rate=0.5, random_state=0).fit(series)
    states = reservoir.transform(panel)
    assert isinstance(states, list)
    for x, s in zip(panel, states):
        assert s.shape == (len(x), 30)
        assert_allclose(s, reservoir.transform(x), rtol=1e-12, atol=1e-14)

    cube = rng.uniform(-1, 1, size=(12, 20, 3))  # above the dense-batch threshold
    states = reservoir.transform(cube)
    assert states.shape == (12, 20, 30)
    for x, s in zip(cube, states):
        assert_allclose(s, reservoir.transform(x), rtol=1e-12, atol=1e-14)


def test_sparse_small_batch_path_equals_dense(series):
    """Check that the sparse batch product (few series) equals the dense GEMM one."""
    rng = np.random.default_rng(3)
    panel = rng.uniform(-1, 1, size=(get_config()["dense_panel_min_series"] - 1, 30, 3))
    sparse = Reservoir(n_units=50, density=0.1, random_state=0).fit(series)
    dense = Reservoir(W=sparse.W_.toarray(), W_in=sparse.W_in_, bias=sparse.bias_).fit(series)
    assert sp.issparse(sparse.W_) and not sp.issparse(dense.W_)
    assert_allclose(sparse.transform(panel), dense.transform(panel), rtol=1e-12, atol=1e-14)


def test_without_compiled_csr_kernel(series):
    """Check that the scipy product (compiled=False) gives the compiled kernel's states."""
    reservoir = Reservoir(n_units=50, random_state=0).fit(series)
    expected = reservoir.transform(series)
    with config_context(compiled=False):
        assert_allclose(reservoir.transform(series), expected, rtol=1e-12, atol=1e-14)


def test_transform_is_stateless_and_seeded(series):
    """Check that transform gives the same result twice, and the seed fixes the weights."""
    a = Reservoir(n_units=30, noise=0.1, random_state=5).fit(series)
    b = Reservoir(n_units=30, noise=0.1, random_state=5).fit(series)
    assert_array_equal(a.transform(series), a.transform(series))
    assert_array_equal(a.transform(series), b.transform(series))
    c = Reservoir(n_units=30, noise=0.1, random_state=6).fit(series)
    assert not np.allclose(a.transform(series), c.transform(series))


def test_noise_is_added_to_the_state(series):
    """Check that noise > 0 perturbs the states by about its standard deviation."""
    noiseless = Reservoir(n_units=200, leak_rate=1.0, random_state=0).fit(series)
    noisy = Reservoir(n_units=200, leak_rate=1.0, noise=1e-6, random_state=0).fit(series)
    diff = noisy.transform(series) - noiseless.transform(series)
    assert 0.5e-6 < diff.std() < 5e-6


@pytest.mark.parametrize("n_units,density", [(50, 0.2), (300, 0.1), (300, 0.6)])
def test_spectral_radius_is_scaled(series, n_units, density):
    """Check that the drawn W has the requested spectral radius (dense and ARPACK)."""
    reservoir = Reservoir(n_units=n_units, density=density, spectral_radius=1.3,
                          random_state=0).fit(series)
    assert sp.issparse(reservoir.W_) == (density < 0.5)
    dense_radius = np.max(np.abs(np.linalg.eigvals(
        reservoir.W_.toarray() if sp.issparse(reservoir.W_) else reservoir.W_)))
    assert_allclose(dense_radius, 1.3, rtol=1e-8)
    assert_allclose(spectral_radius(reservoir.W_), 1.3, rtol=1e-8)


@pytest.mark.parametrize("distribution", ["normal", "uniform", "bernoulli"])
def test_weight_densities_and_distributions(series, distribution):
    """Check the number of nonzeros of W and W_in and the values' distribution."""
    reservoir = Reservoir(n_units=100, density=0.2, input_density=0.5,
                          distribution=distribution, input_distribution=distribution,
                          input_scaling=2.0, bias_scaling=0.5, random_state=0).fit(series)
    assert reservoir.W_.nnz == 2000
    assert np.count_nonzero(reservoir.W_in_) == 150
    if distribution == "bernoulli":
        assert_array_equal(np.unique(reservoir.W_in_[reservoir.W_in_ != 0]), [-2.0, 2.0])
        assert_array_equal(np.unique(reservoir.bias_), [-0.5, 0.5])
    elif distribution == "uniform":
        assert np.abs(reservoir.W_in_).max() <= 2.0
        assert np.abs(reservoir.bias_).max() <= 0.5


def test_per_feature_input_scaling(series):
    """Check that an array input_scaling scales each input column of W_in."""
    base = Reservoir(n_units=20, input_density=1.0, input_scaling=1.0, random_state=0).fit(series)
    scaled = Reservoir(n_units=20, input_density=1.0, input_scaling=[1.0, 2.0, 0.5],
                       random_state=0).fit(series)
    assert_allclose(scaled.W_in_, base.W_in_ * [1.0, 2.0, 0.5], rtol=1e-15)


def test_default_bias_lets_the_readout_learn_an_even_function():
    """Check that the default bias breaks the odd symmetry that hides u(t)**2 from the readout.

    Without a bias, x(-u) = -x(u) for tanh units from a zero state, so a
    linear readout of x(t) is odd in the inputs and its best fit of the even
    target u(t)**2 is about the mean (NRMSE near 1).
    """
    from skreservoir import ESNRegressor
    from skreservoir.metrics import nrmse

    u = np.random.default_rng(0).uniform(-1, 1, size=(2000, 1))
    unbiased = Reservoir(bias_scaling=0, random_state=0).fit(u)
    assert_allclose(unbiased.transform(-u), -unbiased.transform(u), rtol=1e-12, atol=1e-15)
    scores = {}
    for name, reservoir in [("default", Reservoir(random_state=0)), ("unbiased", unbiased)]:
        esn = ESNRegressor(reservoir).fit(u[:1500], u[:1500] ** 2)
        scores[name] = nrmse(u[1500:] ** 2, esn.predict(u[1500:], initial_state="fit"))
    assert scores["unbiased"] > 0.9
    assert scores["default"] < 0.5


def test_user_matrices_are_used_as_given(series):
    """Check that W, W_in, bias and initial_state given by the user are not rescaled."""
    rng = np.random.default_rng(0)
    W = rng.normal(size=(10, 10)) * 3.0  # spectral radius far from 0.9
    W_in = rng.normal(size=(10, 3))
    bias = rng.normal(size=10)
    x0 = rng.normal(size=10)
    reservoir = Reservoir(W=W, W_in=W_in, bias=bias, initial_state=x0,
                          activation="tanh", leak_rate=0.2).fit(series)
    assert reservoir.n_units_ == 10
    assert_array_equal(reservoir.W_, W)
    assert_array_equal(reservoir.W_in_, W_in)
    assert_array_equal(reservoir.bias_, bias)
    expected = reference_states(series, W, W_in, bias, 0.2, x0=x0)
    # W is far from contracting here, so rounding differences grow a little
    assert_allclose(reservoir.transform(series), expected, rtol=1e-10, atol=1e-12)
    sparse_W = sp.csr_array(W)
    reservoir = Reservoir(W=sparse_W, W_in=W_in, bias=bias).fit(series)
    assert sp.issparse(reservoir.W_)
    assert_allclose(reservoir.W_.toarray(), W, rtol=0)


def test_float32_states_close_to_float64(series):
    """Check that dtype='float32' gives float32 states within 1e-4 of float64."""
    r64 = Reservoir(n_units=50, random_state=0).fit(series)
    r32 = Reservoir(n_units=50, random_state=0, dtype="float32").fit(series)
    s32 = r32.transform(series)
    assert s32.dtype == np.float32 and r32.W_.dtype == np.float32
    assert_allclose(s32, r64.transform(series), atol=1e-4)
    assert r32.transform(series[None]).dtype == np.float32


def test_feature_names_out(series):
    """Check that get_feature_names_out gives one name per unit."""
    reservoir = Reservoir(n_units=4, random_state=0).fit(series)
    assert_array_equal(reservoir.get_feature_names_out(),
                       ["reservoir0", "reservoir1", "reservoir2", "reservoir3"])


def test_pickle_round_trip(series):
    """Check that a pickled reservoir gives the same states."""
    reservoir = Reservoir(n_units=30, noise=0.01, random_state=0).fit(series)
    clone = pickle.loads(pickle.dumps(reservoir))
    assert_array_equal(clone.transform(series), reservoir.transform(series))


def test_divergence_raises_with_the_knobs_named(series):
    """Check that non-finite states raise a ValueError naming the parameters to lower."""
    reservoir = Reservoir(n_units=30, activation="identity", spectral_radius=50.0,
                          density=1.0, random_state=0).fit(series)
    with pytest.raises(ValueError, match="spectral_radius.*input_scaling.*leak_rate"):
        reservoir.transform(np.tile(series, (10, 1)))


@pytest.mark.parametrize(
    "params, match",
    [
        ({"spectral_radius": -1.0}, "spectral_radius"),
        ({"n_units": 0}, "n_units"),
        ({"leak_rate": 0.0}, "leak_rate"),
        ({"leak_rate": 1.5}, "leak_rate"),
        ({"density": 0.0}, "density"),
        ({"activation": "softplus"}, "activation"),
        ({"distribution": "cauchy"}, "distribution"),
        ({"noise": -0.1}, "noise"),
        ({"backend": "torch"}, "backend"),
        ({"dtype": "float16"}, "dtype"),
        ({"W": np.ones((5, 4))}, "W must be a square matrix"),
        ({"W": np.ones((5, 5)), "n_units": 6}, "n_units"),
        ({"W_in": np.ones((100, 2))}, "W_in must have shape"),
        ({"bias": np.ones(3)}, "bias must have shape"),
        ({"initial_state": np.ones(3)}, "initial_state must have shape"),
        ({"input_scaling": [1.0, 2.0]}, "input_scaling"),
        ({"input_scaling": [1.0, -2.0, 1.0]}, "input_scaling"),
    ],
)
def test_bad_parameters_raise_naming_the_parameter(series, params, match):
    """Check that each invalid parameter raises an error that names it."""
    with pytest.raises((ValueError, TypeError), match=match):
        Reservoir(**params).fit(series)


@pytest.mark.parametrize("panel", [False, True])
def test_callable_activation_must_keep_the_shape(series, panel):
    """Check that a callable activation runs elementwise (np.sin: the written-out sine of
    the pre-activations) and that one returning another shape raises naming activation
    (x[:1] used to be broadcast to every unit without a word)."""
    X = np.stack([series, series[::-1]]) if panel else series
    reservoir = Reservoir(n_units=20, activation=np.sin, random_state=0).fit(X)
    states = reservoir.transform(X)
    first = np.sin(reservoir.W_in_ @ (X[0] if panel else X)[0] + reservoir.bias_)
    assert_allclose(states[0, 0] if panel else states[0], first, rtol=1e-12)
    bad = Reservoir(n_units=20, activation=lambda z: z[..., :1], random_state=0)
    message = r"activation must be elementwise: given pre-activations of shape .*returned"
    with pytest.raises(ValueError, match=message):
        bad.fit(X).transform(X)


def test_cupy_backend_error_is_clear(series):
    """Check that backend='cupy' without cupy or a GPU says what to install or lacks."""
    try:
        import cupy  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match=r'pip install "skreservoir\[gpu\]"'):
            Reservoir(backend="cupy").fit(series)
    else:  # pragma: no cover - only on machines with cupy
        from skreservoir._backend import cupy_available

        if cupy_available():
            Reservoir(backend="cupy").fit(series)
        else:
            with pytest.raises(RuntimeError, match="no CUDA device"):
                Reservoir(backend="cupy").fit(series)


@pytest.mark.parametrize(
    "X, match",
    [
        (np.array([[np.nan, 1.0]]), "NaN"),
        (np.array([[np.inf, 1.0]]), "infinity"),
        (np.ones(5), "2D"),
        (np.ones((2, 3, 4, 1)), "4 dimensions"),
        (np.ones((0, 2)), "0 sample"),
        (np.ones((3, 0, 2)), "no time steps"),
    ],
)
def test_bad_input_raises(X, match):
    """Check that NaN, inf, 1D, 4D and empty inputs raise a ValueError."""
    with pytest.raises(ValueError, match=match):
        Reservoir(n_units=5, random_state=0).fit(X)


def test_wrong_number_of_features_at_transform(series):
    """Check that transform rejects a series or a panel with other features."""
    reservoir = Reservoir(n_units=30, random_state=0).fit(series)
    with pytest.raises(ValueError, match="X has 2 features.*expecting 3"):
        reservoir.transform(series[:, :2])
    with pytest.raises(ValueError, match="X has 2 features.*expecting 3"):
        reservoir.transform(series[None, :, :2])
    with pytest.raises(ValueError, match="same number of features"):
        reservoir.transform([series, series[:, :2]])


@pytest.mark.parametrize("activation", ["tanh", "identity", "relu", "sigmoid"])
@pytest.mark.parametrize("leak_rate, noise", [(1.0, 0.0), (0.3, 0.0), (0.5, 0.05)])
@pytest.mark.parametrize("dtype, atol", [("float64", 1e-12), ("float32", 1e-5)])
@pytest.mark.parametrize("n_units", [150, 400])  # one thread; all threads (>= 300 units)
def test_compiled_kernel_equals_reference_loop(activation, leak_rate, noise, dtype, atol,
                                               n_units):
    """Check that the compiled time loop equals the numpy/scipy reference loop.

    ``config_context(compiled=False)`` runs the reference: one scipy CSR
    product and numpy calls per step.
    """
    from skreservoir import config_context

    U = np.random.default_rng(1).normal(size=(300, 2))
    reservoir = Reservoir(n_units=n_units, activation=activation, leak_rate=leak_rate,
                          noise=noise, spectral_radius=0.9 if activation != "identity"
                          else 0.5, dtype=dtype, random_state=0).fit(U)
    compiled = reservoir.transform(U)
    with config_context(compiled=False):
        reference = reservoir.transform(U)
    assert compiled.dtype == reference.dtype == np.dtype(dtype)
    np.testing.assert_allclose(compiled, reference, rtol=0, atol=atol)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
@pytest.mark.parametrize("n_units", [80, 400])
def test_small_panel_threads_equal_reference_loop(activation, n_units):
    """Check the blocked sparse panel kernel against the reference loop.

    A panel of a sparse, noiseless reservoir below the dense crossover runs
    the compiled blocked kernel (series in blocks, time inside); it must give
    the step-by-step reference states, lists (unequal lengths) and 3D arrays
    alike, and an ESN's teacher-forced feedback drive.
    """
    from skreservoir import ESNRegressor, RidgeReadout, config_context

    rng = np.random.default_rng(2)
    ragged = [rng.normal(size=(n, 2)) for n in (120, 80, 120, 40)]
    cube = rng.normal(size=(3, 90, 2))
    reservoir = Reservoir(n_units=n_units, activation=activation, leak_rate=0.4,
                          random_state=0).fit(cube)
    esn = ESNRegressor(Reservoir(n_units=n_units, random_state=0), RidgeReadout(alpha=1.0),
                       feedback=True, feedback_scaling=0.1, random_state=0)
    targets = [np.roll(x, -1, axis=0) for x in ragged]
    threaded = (reservoir.transform(ragged), reservoir.transform(cube),
                esn.fit(ragged, targets).predict(ragged))
    with config_context(compiled=False):
        reference = (reservoir.transform(ragged), reservoir.transform(cube),
                     esn.fit(ragged, targets).predict(ragged))
    for got, expected, atol in zip(threaded, reference, (1e-12, 1e-12, 1e-8)):
        for g, e in zip(got, expected):
            assert_allclose(g, e, rtol=0, atol=atol)


def test_per_step_products_use_one_blas_thread_when_small():
    """Check the BLAS thread rule: one thread for small per-step products, else untouched."""
    from threadpoolctl import threadpool_info

    from skreservoir._threads import BLAS_SINGLE_THREAD_MAX_FLOPS, blas_threads_for

    def blas_threads():
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}

    before = blas_threads()
    with blas_threads_for(BLAS_SINGLE_THREAD_MAX_FLOPS / 10):
        assert blas_threads() <= {1}
    assert blas_threads() == before
    with blas_threads_for(BLAS_SINGLE_THREAD_MAX_FLOPS * 10):
        assert blas_threads() == before
