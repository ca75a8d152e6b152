"""Lists of 1D arrays as X: univariate series where they cannot be rows, a warning where
they are read as rows but look like series."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from skreservoir import ESGPRegressor, ESNClassifier, ESNRegressor, Reservoir
from skreservoir.datasets import to_forecasting
from skreservoir.exceptions import DataLayoutWarning


def _reservoir():
    return Reservoir(n_units=20, random_state=0)


def _ragged(seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=n) for n in (20, 30, 40)]


def test_a_list_of_1d_arrays_of_unequal_lengths_is_a_panel_of_univariate_series():
    """Check that a ragged list of 1D arrays is read as univariate series, as the same
    series given as (n_timesteps, 1) arrays (it raised numpy's inhomogeneous-shape error)."""
    X = _ragged()
    columns = [x[:, None] for x in X]
    y = [np.roll(x, -1) for x in X]
    regressor = ESNRegressor(_reservoir()).fit(X, y)
    expected = ESNRegressor(_reservoir()).fit(columns, y)
    for got, want in zip(regressor.predict(X), expected.predict(columns)):
        assert_allclose(got, want, rtol=1e-12)
    labels = [0, 1, 0]
    assert_array_equal(ESNClassifier(_reservoir()).fit(X, labels).predict(X),
                       ESNClassifier(_reservoir()).fit(columns, labels).predict(columns))
    states = _reservoir().fit(X).transform(X)
    assert [s.shape for s in states] == [(20, 20), (30, 20), (40, 20)]
    gated = ESGPRegressor(n_units=8, max_iter=2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # too few epochs to converge
        assert gated.fit(X, [1.0, 2.0, 3.0]).predict(X).shape == (3,)


def test_a_list_of_equal_1d_arrays_that_looks_like_series_warns():
    """Check that 6 arrays of 30 values (read as scikit-learn reads rows: 6 time steps of 30
    features) warn that they look like series and say how to pass them, while a list of
    rows built step by step (more steps than features) does not."""
    rng = np.random.default_rng(1)
    series = [rng.normal(size=30) for _ in range(6)]
    with pytest.warns(DataLayoutWarning, match=r"list of 6 1D arrays of 30 values.*"
                      r"\[x.reshape\(-1, 1\) for x in X\]"):
        model = ESNClassifier(_reservoir()).fit(series, np.arange(6) % 2)
    assert model.n_features_in_ == 30
    rows = [rng.normal(size=3) for _ in range(50)]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        assert ESNRegressor(_reservoir()).fit(rows, rng.normal(size=50)).n_features_in_ == 3


def test_to_forecasting_pairs_a_list_of_1d_series_series_by_series():
    """Check that to_forecasting reads a ragged list of 1D arrays as univariate series, an
    equal list as the rows of one series (a trajectory built step by step) with a warning
    when the rows look like series (two equal series gave X = the first, y = the second,
    silently)."""
    a, b = np.arange(5.0), np.arange(7.0) + 10
    X, y = to_forecasting([a, b], forecast=2)
    assert [x.shape for x in X] == [(3, 1), (5, 1)]
    assert_array_equal(X[1].ravel(), b[:-2])
    assert_array_equal(y[1].ravel(), b[2:])
    with pytest.warns(DataLayoutWarning, match=r"to_forecasting reads series, a list of 2 1D"):
        X, y = to_forecasting([a, a + 100])
    assert X.shape == (1, 5)
    trajectory = [np.array([0.1 * t, np.sin(t), np.cos(t)]) for t in range(100)]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        X, y = to_forecasting(trajectory)
    assert X.shape == (99, 3)
    assert_array_equal(y, np.asarray(trajectory)[1:])
