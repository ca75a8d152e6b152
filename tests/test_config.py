"""Tests of get_config, set_config and config_context."""

import pickle
import threading

import numpy as np
import pytest
from hyperopt import Trials, hp
from numpy.testing import assert_array_equal
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.model_selection import KFold, cross_val_score

from skreservoir import Reservoir, config_context, get_config, set_config
from skreservoir._backend import ConfigCarrierMixin
from skreservoir.model_selection import HyperoptSearchCV, SearchObjective


def test_default_backend_is_numpy():
    """Check that the default backend is numpy and get_config returns a copy."""
    config = get_config()
    assert config["backend"] == "numpy"
    config["backend"] = "cupy"
    assert get_config()["backend"] == "numpy"


def test_unknown_backend_raises_and_changes_nothing():
    """Check that an unknown backend raises a ValueError listing the choices."""
    with pytest.raises(ValueError, match="Unknown backend 'torch'.*'numpy', 'cupy'"):
        set_config(backend="torch")
    assert get_config()["backend"] == "numpy"
    with pytest.raises(ValueError, match="Unknown backend"):
        with config_context(backend="jax"):
            pass  # pragma: no cover
    assert get_config()["backend"] == "numpy"


def test_context_restores_on_error():
    """Check that config_context restores the configuration when the block raises."""
    with pytest.raises(RuntimeError, match="boom"):
        with config_context(backend="cupy"):
            assert get_config()["backend"] == "cupy"
            raise RuntimeError("boom")
    assert get_config()["backend"] == "numpy"


def test_config_is_thread_local():
    """Check that a change in one thread does not leak into another."""
    seen = {}

    def worker():
        with config_context(backend="cupy"):
            seen["inside"] = get_config()["backend"]

    with config_context(backend="numpy"):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert get_config()["backend"] == "numpy"
    assert seen["inside"] == "cupy"


def test_estimators_follow_the_configured_backend():
    """Check that backend=None takes the configured backend, and numpy works."""
    X = np.random.default_rng(0).normal(size=(20, 2))
    with config_context(backend="numpy"):
        Reservoir(n_units=20, random_state=0).fit(X)
    try:
        import cupy  # noqa: F401
    except ImportError:
        with config_context(backend="cupy"):
            with pytest.raises(ImportError, match="skreservoir\\[gpu\\]"):
                Reservoir(n_units=20, random_state=0).fit(X)


def test_compiled_switch_validates_and_restores():
    """Check that compiled takes booleans only and config_context restores it."""
    assert get_config()["compiled"] is True
    with pytest.raises(ValueError, match="compiled must be True or False"):
        set_config(compiled="yes")
    with config_context(compiled=False):
        assert get_config()["compiled"] is False
    assert get_config()["compiled"] is True


@pytest.mark.parametrize("min_series", [1, 10**9])
def test_dense_panel_heuristic_is_overridable_and_exact(min_series):
    """Check that dense and sparse panel products give the same states, and bad values raise."""
    X = np.random.default_rng(0).normal(size=(12, 30, 2))
    reservoir = Reservoir(n_units=60, random_state=0).fit(X)
    default = reservoir.transform(X)
    with config_context(dense_panel_min_series=min_series):
        forced = reservoir.transform(X)
    np.testing.assert_allclose(forced, default, rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="dense_panel_min_series must be an int >= 1"):
        set_config(dense_panel_min_series=0)


# --- the configuration in joblib workers -------------------------------------


class ConfigScoredRegressor(ConfigCarrierMixin, RegressorMixin, BaseEstimator):
    """Predicts 0; its score is the dense_panel_min_series the scoring process sees.

    It pickles as skreservoir's estimators do, carrying the configuration.
    """

    def fit(self, X, y):
        self.n_features_in_ = np.asarray(X).shape[1]
        return self

    def predict(self, X):
        return np.zeros(len(X))

    def score(self, X, y, sample_weight=None):
        return float(get_config()["dense_panel_min_series"])


def _data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(40, 2)), rng.normal(size=40)


class _LocalTrials(Trials):
    """A Trials subclass: HyperoptSearchCV runs it through the picklable objective."""


def test_search_objective_carries_config_to_loky_workers():
    """Check that a search objective's folds see the config of its creator, in 2 processes."""
    X, y = _data()
    splits = list(KFold(4).split(X))
    with config_context(dense_panel_min_series=3):
        objective = SearchObjective(ConfigScoredRegressor(), X, y, splits, None, n_jobs=2)
    # run later, outside the context, as a SparkTrials executor would
    result = pickle.loads(pickle.dumps(objective))({})
    assert result["test_scores"]["score"] == [3.0] * 4
    assert get_config()["dense_panel_min_series"] == 8
    fresh = SearchObjective(ConfigScoredRegressor(), X, y, splits, None, n_jobs=2)
    assert fresh({})["test_scores"]["score"] == [8.0] * 4


def test_hyperopt_search_with_trials_object_carries_config():
    """Check that HyperoptSearchCV through a trials object scores under config_context, n_jobs=2."""
    X, y = _data()
    space = {"alpha": hp.uniform("alpha", 0.0, 1.0)}
    search = HyperoptSearchCV(ConfigAlphaRegressor(), space, max_evals=2, cv=3, n_jobs=2,
                              trials=_LocalTrials(), random_state=0)
    with config_context(dense_panel_min_series=5):
        search.fit(X, y)
    assert search.best_score_ == 5.0
    assert get_config()["dense_panel_min_series"] == 8


class ConfigAlphaRegressor(ConfigScoredRegressor):
    """ConfigScoredRegressor with a parameter to search over."""

    def __init__(self, alpha=0.5):
        self.alpha = alpha


def test_cross_val_score_carries_config_to_loky_workers():
    """Check that cross_val_score(n_jobs=2) scores under the caller's config_context."""
    X, y = _data()
    with config_context(dense_panel_min_series=3):
        scores = cross_val_score(ConfigScoredRegressor(), X, y, cv=4, n_jobs=2)
    assert_array_equal(scores, 3.0)


def test_in_process_hyperopt_search_carries_config_to_loky_workers():
    """Check that HyperoptSearchCV(n_jobs=2) scores under the caller's config_context."""
    X, y = _data()
    search = HyperoptSearchCV(ConfigAlphaRegressor(), {"alpha": hp.uniform("alpha", 0, 1)},
                              max_evals=2, cv=3, n_jobs=2, random_state=0)
    with config_context(dense_panel_min_series=5):
        search.fit(X, y)
    assert search.best_score_ == 5.0


def test_more_folds_than_pre_dispatched_carry_config():
    """Check the folds that joblib dispatches from its manager thread (cv=8, n_jobs=2)."""
    X, y = _data()
    with config_context(dense_panel_min_series=4):
        scores = cross_val_score(ConfigScoredRegressor(), X, y, cv=8, n_jobs=2)
    assert_array_equal(scores, 4.0)
    assert get_config()["dense_panel_min_series"] == 8


def test_threads_without_their_own_config_follow_the_main_thread():
    """Check that a helper thread sees the main thread's context, and its own change stays its."""
    seen = {}

    def worker():
        seen["followed"] = get_config()["dense_panel_min_series"]
        with config_context(dense_panel_min_series=6):
            seen["own"] = get_config()["dense_panel_min_series"]
        seen["after"] = get_config()["dense_panel_min_series"]

    with config_context(dense_panel_min_series=5):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert get_config()["dense_panel_min_series"] == 5
    assert seen == {"followed": 5, "own": 6, "after": 5}


def test_threading_backend_search_sees_the_context():
    """Check cross_val_score on joblib's threading backend under config_context."""
    from joblib import parallel_backend

    X, y = _data()
    with config_context(dense_panel_min_series=7), parallel_backend("threading", n_jobs=2):
        scores = cross_val_score(ConfigScoredRegressor(), X, y, cv=4)
    assert_array_equal(scores, 7.0)


def test_unpickling_in_the_same_or_a_new_program_keeps_the_live_config(tmp_path):
    """Check that a carried configuration is adopted by worker processes only."""
    with config_context(dense_panel_min_series=3):
        blob = pickle.dumps(Reservoir(n_units=5, random_state=0))
    pickle.loads(blob)
    assert get_config()["dense_panel_min_series"] == 8
    path = tmp_path / "model.pkl"
    path.write_bytes(blob)
    import subprocess
    import sys

    code = ("import pickle, sys; from skreservoir import get_config; "
            f"pickle.loads(open({str(path)!r}, 'rb').read()); "
            "print(get_config()['dense_panel_min_series'])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "8"


def test_reused_workers_go_back_to_the_defaults():
    """Check that a search under the defaults after one under a context sees the defaults."""
    X, y = _data()
    with config_context(dense_panel_min_series=2):
        assert_array_equal(cross_val_score(ConfigScoredRegressor(), X, y, cv=4, n_jobs=2), 2.0)
    assert_array_equal(cross_val_score(ConfigScoredRegressor(), X, y, cv=4, n_jobs=2), 8.0)


def test_default_configuration_pickles_as_before():
    """Check that under the defaults the pickle holds no configuration (stable hashes)."""
    import joblib

    reservoir = Reservoir(n_units=5, random_state=0)
    assert "_skreservoir_config" not in reservoir.__getstate__()
    digest = joblib.hash(reservoir)
    with config_context(compiled=False):
        assert "_skreservoir_config" in reservoir.__getstate__()
    assert joblib.hash(reservoir) == digest
