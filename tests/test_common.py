"""scikit-learn's estimator checks on every public skreservoir estimator."""

import inspect
import warnings

import numpy as np
import pytest
from sklearn.base import BaseEstimator
from sklearn.utils.estimator_checks import parametrize_with_checks

import skreservoir
from skreservoir import Reservoir
from skreservoir.estimator_checks import expected_failed_checks


def all_estimators():
    """Every estimator class exported by ``skreservoir`` (the discovery helper)."""
    found = []
    for name in skreservoir.__all__:
        obj = getattr(skreservoir, name)
        if inspect.isclass(obj) and issubclass(obj, BaseEstimator):
            found.append(obj)
    return sorted(found, key=lambda cls: cls.__name__)


def _instance(cls):
    """A small, seeded instance of ``cls`` for the checks."""
    params = {}
    signature = inspect.signature(cls.__init__).parameters
    if "reservoir" in signature:
        params["reservoir"] = Reservoir(n_units=50, random_state=0)
    if "reservoirs" in signature:
        params["reservoirs"] = [Reservoir(n_units=30, random_state=0),
                                Reservoir(n_units=20, density=0.3, random_state=1)]
    if cls is Reservoir or {"mu", "proximity", "threshold", "eta"} & set(signature):
        params["n_units"] = 30
    return cls(**params)


def test_discovery_finds_every_estimator():
    """Check that the discovery helper finds the public estimators."""
    names = {cls.__name__ for cls in all_estimators()}
    assert {"Reservoir", "ReservoirStack", "IPReservoir", "NVAR", "RidgeReadout", "RidgeReadoutClassifier",
            "ForceReadout", "ForceReadoutClassifier", "LMSReadout", "ESNRegressor",
            "ESNClassifier", "ESNTransformer"} <= names


@parametrize_with_checks(
    [_instance(cls) for cls in all_estimators()],
    expected_failed_checks=expected_failed_checks,
)
def test_sklearn_compatible_estimator(estimator, check):
    """Check that the estimator passes scikit-learn's estimator checks."""
    check(estimator)


@pytest.mark.parametrize("cls", all_estimators(), ids=lambda cls: cls.__name__)
def test_dir_lists_attributes(cls):
    """Check that dir() works on every estimator, unfitted and fitted (it calls hasattr
    on each attribute; a property raising NotImplementedError used to break it)."""
    estimator = _instance(cls)
    assert "get_params" in dir(estimator)
    X, y = _small_data(estimator)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator.fit(X, y)
    assert "n_features_in_" in dir(estimator)


def _small_data(estimator):
    """A small X, y that ``estimator`` fits (its max_iter lowered where it has one)."""
    rng = np.random.default_rng(0)
    name = type(estimator).__name__
    if "ESGP" in name:
        estimator.set_params(max_iter=1)
        return rng.normal(size=(6, 10, 2)), np.arange(6) % 2
    X, y = rng.normal(size=(40, 2)), np.arange(40) % 2
    return (X.reshape(4, 10, 2) if name == "ESNTransformer" else X), y


@pytest.mark.parametrize("cls", all_estimators(), ids=lambda cls: cls.__name__)
def test_string_inputs_are_named(cls):
    """Check that X of strings raises a ValueError naming X and the estimator (numpy's
    'could not convert string to float' named neither)."""
    estimator = _instance(cls)
    X, y = _small_data(estimator)
    # GatedReservoir given y trains an ESGPRegressor, which names itself
    name = "ESGPRegressor" if cls.__name__ == "GatedReservoir" else cls.__name__
    message = f"X must hold numbers for {name}, got values of dtype <U1; convert X to floats"
    with pytest.raises(ValueError, match=message):
        estimator.fit(np.full(X.shape, "a"), y)


def test_expected_failed_checks_of_a_subclass_and_of_other_estimators():
    """Check that a user's subclass gets its skreservoir base's expected failures, and an
    estimator of another library none."""
    from sklearn.linear_model import Ridge

    class MyReservoir(Reservoir):
        pass

    assert expected_failed_checks(MyReservoir()) == expected_failed_checks(Reservoir())
    assert set(expected_failed_checks(Reservoir())) == {
        "check_methods_sample_order_invariance", "check_methods_subset_invariance"}
    assert "check_sample_weight_equivalence_on_dense_data" in expected_failed_checks(
        skreservoir.ESNRegressor())
    assert expected_failed_checks(Ridge()) == {}
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    # a Pipeline of an ESN fails what the ESN fails, and the NaN-target check, whose message
    # scikit-learn asks of its own Pipeline (a battery)
    in_pipeline = expected_failed_checks(make_pipeline(StandardScaler(),
                                                       skreservoir.ESNRegressor()))
    assert set(in_pipeline) == set(expected_failed_checks(skreservoir.ESNRegressor())) | {
        "check_supervised_y_no_nan"}
    # an ESN on an LMS readout fails the training check LMS alone passes (one pass of
    # bounded steps over the reservoir states)
    assert "check_regressors_train" in expected_failed_checks(
        skreservoir.ESNRegressor(readout=skreservoir.LMSReadout()))
    assert "check_regressors_train" not in expected_failed_checks(skreservoir.LMSReadout())
    assert "check_regressors_train" not in expected_failed_checks(skreservoir.ESNRegressor())


def test_non_default_configurations_pass_check_estimator():
    """Check configurations a battery found failing with expected_failed_checks: an int
    washout (the one-sample check's message), a readout without partial_fit (the method
    offered), an LMS readout and a Pipeline (the checks they fail by design listed)."""
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.utils.estimator_checks import check_estimator

    def reservoir():
        return Reservoir(n_units=20, random_state=0)

    for estimator in (skreservoir.ESNRegressor(reservoir(), washout=5),
                      skreservoir.ESNRegressor(reservoir(), Ridge(), washout=0),
                      skreservoir.ESNClassifier(reservoir(), LogisticRegression(), washout=0),
                      skreservoir.ESNRegressor(reservoir(), skreservoir.LMSReadout(),
                                               washout=0)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results = check_estimator(estimator, on_fail=None,
                                      expected_failed_checks=expected_failed_checks(estimator))
        failed = [r["check_name"] for r in results if r["status"] == "failed"]
        assert failed == [], (estimator, failed)
    pipeline = make_pipeline(StandardScaler(), skreservoir.ESNRegressor(reservoir(), washout=0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(pipeline, on_fail=None,
                                  expected_failed_checks=expected_failed_checks(pipeline))
    failed = {r["check_name"] for r in results if r["status"] == "failed"}
    # scikit-learn's own Pipeline fails these two (its steps are a public attribute)
    assert failed <= {"check_estimators_overwrite_params", "check_dont_overwrite_parameters"}
