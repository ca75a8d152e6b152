"""Edge cases of ESGP early stopping: validation splits that leave nothing to train or score."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from skreservoir import ESGPClassifier, ESGPRegressor
from skreservoir.datasets import adding_problem


@pytest.fixture
def data():
    X, y = adding_problem(40, n_timesteps=15, random_state=0)
    return X, y


@pytest.mark.parametrize("Estimator", [ESGPRegressor, ESGPClassifier])
def test_validation_fraction_leaving_no_training_series_is_refused(data, Estimator):
    """Check that a validation split taking every series raises an error naming
    validation_fraction, the counts and the fix (it was "range() arg 3 must not be zero")."""
    X, y = data
    target = y if Estimator is ESGPRegressor else (y > 1).astype(int)
    model = Estimator(n_units=10, early_stopping=True, validation_fraction=0.99, random_state=0)
    with pytest.raises(
        ValueError,
        match=r"validation_fraction=0.99 of 40 series holds out 40, leaving none to train on; "
        r"lower validation_fraction .* at most 39.*early_stopping=False",
    ):
        model.fit(X, target)


def test_validation_fraction_leaving_one_training_series_fits(data):
    """Check that the largest fraction that leaves one series to train on still fits."""
    X, y = data
    model = ESGPRegressor(
        n_units=10, max_iter=2, early_stopping=True, validation_fraction=0.97, random_state=0
    )
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y)  # round(0.97 * 40) = 39 held out, 1 trained on
    assert len(model.validation_scores_) == 2
    assert np.all(np.isfinite(model.validation_scores_))


def test_regressor_early_stopping_on_one_validation_series_is_refused(data):
    """Check that a regressor's early stopping on one validation series (R^2 undefined:
    only scikit-learn's UndefinedMetricWarning appeared, every score NaN) raises an
    error that says it needs 2 validation series and what to change."""
    X, y = data
    model = ESGPRegressor(n_units=10, early_stopping=True, validation_fraction=0.5,
                          random_state=0)
    with pytest.raises(
        ValueError,
        match=r"R\^2, which needs at least 2 validation series, and validation_fraction=0.5 "
        r"of 2 series holds out 1; pass a panel of at least 3 series",
    ):
        model.fit(X[:2], y[:2])
    model.set_params(validation_fraction=0.1)
    with pytest.raises(ValueError, match=r"raise validation_fraction to at least 0.2,"):
        model.fit(X[:10], y[:10])


def test_suggested_validation_fraction_gives_a_defined_score(data):
    """Check that the fraction the error suggests holds out 2 series: the scores are finite
    and no UndefinedMetricWarning is raised."""
    X, y = data
    model = ESGPRegressor(n_units=10, max_iter=2, early_stopping=True,
                          validation_fraction=0.143, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X[:14], y[:14])
    assert np.all(np.isfinite(model.validation_scores_))


def test_classifier_early_stopping_on_one_validation_series_fits(data):
    """Check that the classifier (accuracy is defined on one series) keeps early stopping
    on one validation series."""
    X, y = data
    model = ESGPClassifier(n_units=10, max_iter=2, early_stopping=True,
                           validation_fraction=0.5, random_state=0)
    with pytest.warns(ConvergenceWarning):
        model.fit(X[:2], [0, 1])
    assert model.validation_scores_[0] in (0.0, 1.0)


def test_regressor_targets_per_step_score_one_validation_series(data):
    """Check that with targets per time step one validation series is enough (R^2 over
    its steps is defined)."""
    X, _ = data
    model = ESGPRegressor(n_units=10, max_iter=2, early_stopping=True,
                          validation_fraction=0.5, random_state=0)
    with pytest.warns(ConvergenceWarning):
        model.fit(X[:2], X[:2, :, 0])
    assert np.all(np.isfinite(model.validation_scores_))


def test_regressor_targets_per_step_of_one_step_are_refused():
    """Check that targets per time step on series of one step (a validation R^2 of one
    value) are refused naming the time steps."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4, 1, 2))
    model = ESGPRegressor(n_units=10, early_stopping=True, validation_fraction=0.25,
                          random_state=0)
    with pytest.raises(ValueError, match=r"hold 1 time step\(s\); pass longer series"):
        model.fit(X, X[:, :, 0])


@pytest.mark.parametrize("cls", ["ESGPRegressor", "ESGPClassifier"])
@pytest.mark.parametrize("name, ours, value", [("units", "n_units", 10),
                                               ("sr", "spectral_radius", 0.9),
                                               ("seed", "random_state", 0)])
def test_esgp_reservoirpy_names_are_translated(cls, name, ours, value):
    """Check that the ESGP estimators name ours for ReservoirPy's keywords, as every other
    estimator does (a user battery: a bare TypeError naming ESGPRegressor.__init__, for
    ESGPClassifier too), in the constructor and in set_params."""
    import skreservoir

    estimator = getattr(skreservoir, cls)
    with pytest.raises(TypeError, match=rf"{cls} got '{name}', ReservoirPy's name of its "
                                        rf"'{ours}': pass {cls}\({ours}={value}\)"):
        estimator(**{name: value})
    with pytest.raises(ValueError, match=rf"{cls}.set_params got '{name}'.*'{ours}'"):
        estimator().set_params(**{name: value})
