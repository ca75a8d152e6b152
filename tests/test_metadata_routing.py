"""sample_weight through scikit-learn's metadata routing: searches, cross-validation, pipelines."""

import numpy as np
import pytest
import sklearn
from numpy.testing import assert_allclose
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.metrics import r2_score
from sklearn.model_selection import GridSearchCV, KFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skreservoir import ESNClassifier, ESNRegressor, Reservoir

RNG = np.random.default_rng(0)
X = np.sin(np.linspace(0, 30, 240))[:, None] + 0.1 * RNG.normal(size=(240, 1))
Y = np.roll(X[:, 0], -3)
W = RNG.uniform(0, 2, size=240)
W[::7] = 0.0


def _esn(**kwargs):
    return ESNRegressor(Reservoir(n_units=30, random_state=0), washout=10, **kwargs)


@pytest.fixture
def routing():
    with sklearn.config_context(enable_metadata_routing=True):
        yield


def test_score_weights_have_the_structure_of_X():
    """Check that score drops the washout rows' weights with the rows (series and panel)."""
    esn = _esn().fit(X, Y)
    y_pred = esn.predict(X)
    expected = r2_score(Y[10:], y_pred[10:], sample_weight=W[10:])
    assert esn.score(X, Y, sample_weight=W) == pytest.approx(expected)
    assert esn.score(X, Y, sample_weight=W) != pytest.approx(esn.score(X, Y))
    panel, targets, weights = X.reshape(4, 60, 1), Y.reshape(4, 60), W.reshape(4, 60)
    pred = esn.predict(panel)
    expected = r2_score(targets[:, 10:].ravel(), pred[:, 10:].ravel(),
                        sample_weight=weights[:, 10:].ravel())
    assert esn.score(panel, targets, sample_weight=weights) == pytest.approx(expected)
    with pytest.raises(ValueError, match="one weight per time step, with the structure of X"):
        esn.score(X, Y, sample_weight=W[:-1])


def test_cross_validate_routes_sample_weight_to_fit_and_score(routing):
    """Check routed weights against fitting and scoring each fold by hand."""
    esn = _esn().set_fit_request(sample_weight=True).set_score_request(sample_weight=True)
    cv = KFold(3)
    scores = cross_validate(esn, X, Y, cv=cv, params={"sample_weight": W})["test_score"]
    by_hand = []
    for train, test in cv.split(X):
        model = _esn().fit(X[train], Y[train], sample_weight=W[train])
        by_hand.append(model.score(X[test], Y[test], sample_weight=W[test]))
    assert_allclose(scores, by_hand, rtol=1e-12)
    unweighted = cross_validate(_esn(), X, Y, cv=cv)["test_score"]
    assert not np.allclose(scores, unweighted)


def test_unrequested_weights_are_refused(routing):
    """Check scikit-learn's own error when the ESN has not requested sample_weight."""
    with pytest.raises(UnsetMetadataPassedError, match="set_fit_request"):
        cross_validate(_esn(), X, Y, cv=KFold(2), params={"sample_weight": W})


def test_grid_search_and_pipeline_route_weights(routing):
    """Check GridSearchCV and a Pipeline passing sample_weight to the ESN's fit."""
    esn = _esn().set_fit_request(sample_weight=True).set_score_request(sample_weight=True)
    search = GridSearchCV(esn, {"readout__alpha": [1e-8, 1e-2]}, cv=KFold(2)).fit(
        X, Y, sample_weight=W)
    by_hand = {}
    for alpha in (1e-8, 1e-2):
        folds = []
        for train, test in KFold(2).split(X):
            model = _esn().set_params(readout__alpha=alpha).fit(X[train], Y[train],
                                                                sample_weight=W[train])
            folds.append(model.score(X[test], Y[test], sample_weight=W[test]))
        by_hand[alpha] = np.mean(folds)
    assert search.best_params_["readout__alpha"] == max(by_hand, key=by_hand.get)
    pipe = make_pipeline(StandardScaler().set_fit_request(sample_weight=False), esn)
    pipe.fit(X, Y, sample_weight=W)
    alone = _esn().fit(StandardScaler().fit_transform(X), Y, sample_weight=W)
    assert_allclose(pipe[-1].readout_.coef_, alone.readout_.coef_, rtol=1e-10)


def test_classifier_routes_sample_weight(routing):
    """Check ESNClassifier's fit through cross_validate with routed weights."""
    labels = (Y > 0).astype(int)
    clf = ESNClassifier(Reservoir(n_units=30, random_state=0)).set_fit_request(
        sample_weight=True).set_score_request(sample_weight=False)
    cv = KFold(2)
    scores = cross_validate(clf, X, labels, cv=cv, params={"sample_weight": W})["test_score"]
    by_hand = [ESNClassifier(Reservoir(n_units=30, random_state=0))
               .fit(X[train], labels[train], sample_weight=W[train]).score(X[test], labels[test])
               for train, test in cv.split(X)]
    assert_allclose(scores, by_hand)
