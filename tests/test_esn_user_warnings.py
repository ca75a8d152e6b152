"""Tests of the warnings of ESNRegressor that a first call gets: diverged feedback, dead states."""

import warnings

import numpy as np
import pytest

from skreservoir import ESNRegressor, Reservoir, RidgeReadout
from skreservoir.datasets import mackey_glass, to_forecasting
from skreservoir.exceptions import ClosedLoopDivergenceWarning, ReservoirStateWarning


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


@pytest.mark.parametrize("offset", [3.0, 300.0])
def test_inputs_far_from_unit_scale_warn_that_states_do_not_follow(mg_10_ahead, offset):
    """Check that inputs in raw units, which pin the driven units, warn (R² was 0 silently)."""
    x_train, _, y_train, _ = mg_10_ahead
    with pytest.warns(ReservoirStateWarning, match="do not follow the input.*Standardise"):
        esn = ESNRegressor(random_state=0).fit(50 * x_train + offset, y_train)
    states = esn.reservoir_.transform(50 * x_train + offset)[esn.washout_ :]
    assert np.max(np.std(states, axis=0)) < 1e-4


@pytest.mark.parametrize("input_scaling", [0.5, 1e-4])
def test_unit_scale_or_small_signal_inputs_do_not_warn(mg_10_ahead, input_scaling):
    """Check that inputs of unit scale, even with a tiny input_scaling, fit without the warning."""
    x_train, _, y_train, _ = mg_10_ahead
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        ESNRegressor(Reservoir(input_scaling=input_scaling, random_state=0)).fit(x_train, y_train)
