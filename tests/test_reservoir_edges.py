"""Edge cases of Reservoir's documented draw: small n_units at the default density."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone

from skreservoir import Reservoir

X = np.random.default_rng(0).normal(size=(30, 1))


def dense(W):
    return W.toarray() if sp.issparse(W) else np.asarray(W)


@pytest.mark.parametrize("n_units", [1, 2])
def test_one_or_two_units_at_the_default_density_are_refused(n_units):
    """Check the docstring of n_units: 1 or 2 units at density 0.1 draw no nonzero, and fit
    always refuses the zero W naming the fix."""
    assert int(round(0.1 * n_units**2)) == 0
    for seed in range(5):
        with pytest.raises(ValueError, match="nilpotent.*Increase density or n_units"):
            Reservoir(n_units, random_state=seed).fit(X)


@pytest.mark.parametrize("n_units, density", [(1, 1.0), (2, 1.0), (2, 0.25)])
def test_small_reservoirs_fit_at_the_documented_density(n_units, density):
    """Check the docstring of n_units: density=1.0 (or at least 1 / n_units**2) fits."""
    for seed in range(20):
        reservoir = Reservoir(n_units, density=density, random_state=seed).fit(X)
        assert np.count_nonzero(dense(reservoir.W_)) >= 1


@pytest.mark.parametrize("n_units, n_nonzero", [(3, 1), (4, 2), (5, 2)])
def test_small_reservoirs_draw_round_density_times_size_nonzeros(n_units, n_nonzero):
    """Check the docstring of n_units and density: round(density * n_units**2) nonzeros, and
    at 3 units the one nonzero is kept on the diagonal."""
    for seed in range(20):
        W = dense(Reservoir(n_units, random_state=seed).fit(X).W_)
        assert np.count_nonzero(W) == n_nonzero
        if n_units == 3:
            assert np.count_nonzero(np.diag(W)) == 1


def test_a_reservoir_too_large_for_memory_names_n_units():
    """Check that n_units far beyond memory says which parameter to lower (numpy's
    "Unable to allocate 711. PiB" named neither)."""
    with pytest.raises(MemoryError, match=r"Reservoir\(n_units=1000000000\) could not draw "
                                          r"its weights.*Lower n_units \(or density\)"):
        Reservoir(n_units=10**9, random_state=0).fit(np.zeros((5, 1)))


@pytest.mark.parametrize("n_units, n_features", [(3, 1), (4, 1), (4, 3), (9, 2)])
def test_every_input_feature_feeds_a_unit_at_small_sizes(n_units, n_features):
    """Check the docstring of input_density: round(input_density * size) nonzeros leave a
    small W_in with unconnected features (4 units, one feature: none at all, so the
    ESN saw no input); each such column gets one nonzero of the input distribution."""
    Z = np.random.default_rng(1).normal(size=(30, n_features))
    for seed in range(10):
        W_in = Reservoir(n_units, density=1.0, random_state=seed).fit(Z).W_in_
        assert np.all(np.count_nonzero(W_in, axis=0) >= 1)
        assert set(np.abs(W_in[W_in != 0])) <= {Reservoir().input_scaling}  # +-1, scaled


def test_a_connected_input_draw_is_unchanged():
    """Check that a W_in whose every column has a nonzero is the plain draw: the columns
    are connected after it, from the same generator, and only where empty."""
    from skreservoir._weights import connect_every_column, random_matrix

    rng = np.random.default_rng(0)
    W = random_matrix(rng, (100, 1), density=0.1, distribution="bernoulli", sparse=False,
                      dtype=np.float64)
    assert_equal = np.testing.assert_array_equal
    assert_equal(connect_every_column(rng, W.copy(), "bernoulli"), W)
    W[:, 0] = 0
    assert np.count_nonzero(connect_every_column(rng, W, "bernoulli")) == 1


def test_dtype_given_as_a_numpy_dtype():
    """Check that dtype=np.dtype("float32") is taken as "float32" and np.float32 are (a user
    battery: refused by the parameter check), and that another dtype is refused by name."""
    X = np.random.default_rng(0).standard_normal((30, 2))
    for dtype in (np.dtype("float32"), np.float32, "float32"):
        states = Reservoir(10, dtype=dtype, random_state=0).fit_transform(X)
        assert states.dtype == np.float32
    clone(Reservoir(10, dtype=np.dtype("float32")))
    with pytest.raises(ValueError, match=r"dtype must be 'float64' or 'float32', got "
                                         r"dtype\('int64'\)"):
        Reservoir(10, dtype=np.dtype("int64")).fit(X)


def test_intrinsic_plasticity_that_runs_away_warns():
    """Check that IPReservoir warns, naming learning_rate, where its rule drove a gain to
    0 or below (a user battery: learning_rate=10 gave gains from -80 to 18 and 90 % of
    the states saturated, silently); the default rate does not warn."""
    import warnings

    from skreservoir import IPReservoir
    from skreservoir.exceptions import ReservoirStateWarning

    X = np.random.default_rng(0).standard_normal((300, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.all(IPReservoir(10, random_state=0).fit(X).gain_ > 0)
    with pytest.warns(ReservoirStateWarning, match=r"intrinsic plasticity ran away with "
                                                   r"learning_rate=10.*Lower learning_rate"):
        reservoir = IPReservoir(10, random_state=0, learning_rate=10.0).fit(X)
    assert np.any(reservoir.gain_ <= 0)


def test_an_initializer_returning_no_numbers_is_named():
    """Check that a callable W returning something that is not numbers names the
    initializer and what it must return (a user battery: numpy's "could not convert
    string to float" alone)."""
    with pytest.raises(ValueError, match=r"The W initializer returned str 'abc', not an "
                                         r"array of numbers.*must return a numpy array"):
        Reservoir(10, W=lambda shape, rng: "abc", random_state=0).fit(np.zeros((20, 1)))


def test_overflow_on_huge_inputs_is_said_in_the_package_words_only():
    """Check that IPReservoir and RidgeReadout on inputs near 1e200 say what happened in
    their own warning or error, without numpy's RuntimeWarnings (a user battery: 100
    overflow warnings from the plasticity rule, three from the readout's sums)."""
    import warnings

    from skreservoir import IPReservoir, RidgeReadout
    from skreservoir.exceptions import ReservoirStateWarning

    X = np.random.default_rng(0).standard_normal((100, 2)) * 1e200
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        IPReservoir(10, random_state=0).fit(X)
        with pytest.raises(ValueError, match=r"normal equations overflowed"):
            RidgeReadout().fit(X, X[:, 0])
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert [w for w in caught if issubclass(w.category, ReservoirStateWarning)]
