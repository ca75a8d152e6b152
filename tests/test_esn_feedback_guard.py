"""Tests of the closed-loop guard of ESNRegressor.predict with output feedback."""

import warnings

import numpy as np
import pytest

from skreservoir import ESNRegressor, Reservoir, RidgeReadout
from skreservoir.datasets import mackey_glass, to_forecasting
from skreservoir.exceptions import ClosedLoopDivergenceWarning


def _feedback_esn(feedback_scaling, alpha):
    return ESNRegressor(
        Reservoir(n_units=200, leak_rate=0.3, spectral_radius=1.0, random_state=0),
        RidgeReadout(alpha=alpha),
        feedback=True,
        feedback_scaling=feedback_scaling,
        washout=100,
    )


@pytest.fixture(scope="module")
def mg_10_ahead():
    return to_forecasting(mackey_glass(2000, random_state=42), forecast=10, test_size=400)


def test_predict_with_feedback_warns_when_the_loop_leaves_the_range(mg_10_ahead):
    """Check that predict with feedback warns as generate does when the fed-back loop diverges."""
    x_train, _, y_train, _ = mg_10_ahead
    esn = _feedback_esn(0.01, 1e-6).fit(x_train, y_train)
    with pytest.warns(ClosedLoopDivergenceWarning, match=r"predict \(with feedback\) left"):
        predictions = esn.predict(x_train)
    low, high = y_train.min(), y_train.max()
    assert np.max(np.abs(predictions)) > high + 10 * (high - low)


def test_predict_with_feedback_in_range_does_not_warn(mg_10_ahead):
    """Check that a stable feedback loop predicts without the warning."""
    x_train, x_test, y_train, _ = mg_10_ahead
    esn = _feedback_esn(0.01, 1e-2).fit(x_train, y_train)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClosedLoopDivergenceWarning)
        esn.predict(x_test, initial_state="fit")
