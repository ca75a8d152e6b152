"""Tests of the sktime classifier ESNTimeSeriesClassifier."""

import importlib
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("sktime")

from sklearn.base import clone, is_classifier  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score  # noqa: E402
from sklearn.utils import get_tags  # noqa: E402
from sktime.datasets import load_basic_motions, load_japanese_vowels  # noqa: E402
from sktime.utils.estimator_checks import check_estimator  # noqa: E402

from skreservoir import Reservoir, RidgeReadoutClassifier  # noqa: E402
from skreservoir.classification import ESNTimeSeriesClassifier  # noqa: E402


def small(**params):
    return ESNTimeSeriesClassifier(Reservoir(n_units=30, random_state=0),
                                   n_components=10, **params)


@pytest.fixture(scope="module")
def motions():
    X_train, y_train = load_basic_motions(split="train", return_type="numpy3D")
    X_test, y_test = load_basic_motions(split="test", return_type="numpy3D")
    return X_train, y_train, X_test, y_test


def test_sktime_check_estimator():
    """Check that sktime's check_estimator passes in full."""
    results = check_estimator(ESNTimeSeriesClassifier, raise_exceptions=False,
                              verbose=False)
    failed = {name: result for name, result in results.items() if result != "PASSED"}
    assert len(results) > 100
    assert failed == {}


def test_sklearn_tags_and_model_selection(motions):
    """Check that sklearn sees a classifier and cross_val_score/GridSearchCV work."""
    X, y = motions[0], motions[1]
    clf = small()
    assert is_classifier(clf)
    assert get_tags(clf).input_tags.three_d_array
    scores = cross_val_score(clf, X, y, cv=3)
    assert scores.mean() >= 0.9
    search = GridSearchCV(clf, {"representation": ["mean", "reservoir_model_space"]},
                          cv=3).fit(X, y)
    assert search.best_score_ >= 0.9
    assert isinstance(clone(clf), ESNTimeSeriesClassifier)


def test_unequal_length_lists():
    """Check that a df-list panel of unequal lengths is classified."""
    import pandas as pd

    X, y = load_japanese_vowels(split="train", return_type="df-list")
    assert len({len(x) for x in X}) > 1
    clf = small(random_state=0).fit(X[:120], y[:120])
    assert clf.predict(X[120:150]).shape == (30,)
    assert isinstance(X[0], pd.DataFrame)


def test_predict_proba_is_softmax_of_decision_values(motions):
    """Check that predict_proba is the softmax of the ridge decision values."""
    X_train, y_train, X_test, _ = motions
    clf = small().fit(X_train, y_train)
    scores = clf.classifier_.decision_function(clf._features(X_test))
    expected = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    assert_allclose(clf.predict_proba(X_test), expected, rtol=1e-10)
    readout = small(classifier=RidgeReadoutClassifier(alpha=1.0)).fit(X_train, y_train)
    assert_allclose(readout.predict_proba(X_test).sum(axis=1), 1.0, rtol=1e-12)


def test_random_state_seeds_the_reservoir(motions):
    """Check that random_state makes fits repeatable for an unseeded reservoir."""
    X_train, y_train, X_test, _ = motions
    make = lambda: ESNTimeSeriesClassifier(Reservoir(n_units=20), n_components=5,  # noqa: E731
                                           random_state=3)
    first = make().fit(X_train, y_train).predict_proba(X_test)
    assert_allclose(make().fit(X_train, y_train).predict_proba(X_test), first, rtol=1e-12)


def test_missing_sktime_names_the_extra(monkeypatch):
    """Check that importing without sktime raises an ImportError naming the extra."""
    monkeypatch.setitem(sys.modules, "sktime.classification.base", None)
    monkeypatch.delitem(sys.modules, "skreservoir.classification", raising=False)
    with pytest.raises(ImportError, match=r"skreservoir\[sktime\]"):
        importlib.import_module("skreservoir.classification")
    monkeypatch.delitem(sys.modules, "skreservoir.classification", raising=False)


@pytest.mark.parametrize("loader, expected", [(load_japanese_vowels, 0.975),
                                              (load_basic_motions, 0.95)],
                         ids=["JapaneseVowels", "BasicMotions"])
def test_default_configuration_reproduces_bianchi(loader, expected):
    """Check the documented defaults (reservoir model space) on the standard split."""
    X_train, y_train = loader(split="train")
    X_test, y_test = loader(split="test")
    clf = ESNTimeSeriesClassifier(random_state=0).fit(X_train, y_train)
    assert clf.score(X_test, y_test) >= expected
