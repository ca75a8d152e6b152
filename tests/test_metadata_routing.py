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


def test_pipeline_readout_takes_sample_weight_without_routing():
    """A Pipeline readout gets the weights as ``<step>__sample_weight`` for every step
    whose fit takes them (without metadata routing): equal to fitting the steps on the
    same states by hand; a Pipeline's own fit takes no ``sample_weight``."""
    from sklearn.pipeline import Pipeline

    from skreservoir import RidgeReadout

    readout = Pipeline([("scale", StandardScaler()), ("ridge", RidgeReadout(alpha=1e-4))])
    esn = ESNRegressor(Reservoir(n_units=30, random_state=0), readout, washout=10,
                       include_input=False).fit(X, Y, sample_weight=W)
    states = esn.reservoir_.transform(X)[10:]
    scaler = StandardScaler().fit(states, sample_weight=W[10:])
    ridge = RidgeReadout(alpha=1e-4).fit(scaler.transform(states), Y[10:],
                                         sample_weight=W[10:])
    fitted = esn.readout_.named_steps
    assert_allclose(fitted["scale"].mean_, scaler.mean_, rtol=1e-12)
    assert_allclose(fitted["ridge"].coef_, ridge.coef_, rtol=1e-8, atol=1e-10)
    unweighted = ESNRegressor(Reservoir(n_units=30, random_state=0), readout, washout=10,
                              include_input=False).fit(X, Y)
    assert not np.allclose(unweighted.readout_.named_steps["ridge"].coef_, ridge.coef_)


def test_pipeline_readout_with_missing_targets():
    """NaN targets leave their rows out of a Pipeline readout's fit (they were passed as
    weights a Pipeline refuses): the same readout as without those rows' targets."""
    from sklearn.linear_model import Ridge

    y = Y.copy()
    y[50:60] = np.nan
    for last in (Ridge(alpha=1e-3), make_pipeline(StandardScaler(), Ridge(alpha=1e-3))):
        esn = ESNRegressor(Reservoir(n_units=30, random_state=0),
                           make_pipeline(StandardScaler(), last), washout=10,
                           include_input=False).fit(X, y)
        states = esn.reservoir_.transform(X)
        kept = np.isfinite(y) & (np.arange(len(y)) >= 10)
        direct = make_pipeline(StandardScaler(), last).fit(states[kept], y[kept])
        assert_allclose(esn.readout_.predict(states), direct.predict(states), rtol=1e-9,
                        atol=1e-12)


def test_pipeline_readout_whose_last_step_takes_no_weights():
    """A Pipeline readout whose last step's fit takes no sample_weight: weights other
    than 0 and 1 are refused, naming the readout."""
    from sklearn.base import BaseEstimator, RegressorMixin

    class NoWeights(RegressorMixin, BaseEstimator):
        def fit(self, X, y):
            self.mean_ = np.mean(y)
            return self

        def predict(self, X):
            return np.full(len(X), self.mean_)

    esn = ESNRegressor(Reservoir(n_units=20, random_state=0),
                       make_pipeline(StandardScaler(), NoWeights()), washout=10)
    with pytest.raises(ValueError, match="takes no sample_weight"):
        esn.fit(X, Y, sample_weight=W)
    y = Y.copy()
    y[50:60] = np.nan
    esn.fit(X, y)
    assert esn.readout_[-1].mean_ == pytest.approx(np.mean(np.r_[Y[10:50], Y[60:]]))


def test_pipeline_readout_with_missing_targets_under_routing(routing):
    """Under metadata routing, NaN targets leave their rows out of a Pipeline readout
    (whose steps requested no weights: the user passed none), as without routing."""
    from sklearn.linear_model import Ridge

    y = Y.copy()
    y[50:60] = np.nan
    esn = ESNRegressor(Reservoir(n_units=30, random_state=0),
                       make_pipeline(StandardScaler(), Ridge(alpha=1e-3)), washout=10,
                       include_input=False).fit(X, y)
    states = esn.reservoir_.transform(X)
    kept = np.isfinite(y) & (np.arange(len(y)) >= 10)
    direct = make_pipeline(StandardScaler(), Ridge(alpha=1e-3)).fit(states[kept], y[kept])
    assert_allclose(esn.readout_.predict(states), direct.predict(states), rtol=1e-9,
                    atol=1e-12)


def test_pooled_classifier_with_a_pipeline_readout_takes_sample_weight():
    """ESNClassifier's default pooled decision passes series weights to a Pipeline
    readout's steps (it called the Pipeline's fit with sample_weight, which raised)."""
    from sklearn.linear_model import RidgeClassifier

    rng = np.random.default_rng(0)
    panel = rng.normal(size=(20, 30, 2))
    labels = np.array([0, 1] * 10)
    weights = np.linspace(0.5, 2.0, 20)
    clf = ESNClassifier(Reservoir(n_units=20, random_state=0),
                        make_pipeline(StandardScaler(), RidgeClassifier()),
                        decision="last").fit(panel, labels, sample_weight=weights)
    pooled = clf.reservoir_.transform(panel)[:, -1, :]
    pooled = np.hstack([panel[:, -1, :], pooled]) if clf.include_input else pooled
    direct = make_pipeline(StandardScaler(), RidgeClassifier())
    direct.fit(pooled, labels, standardscaler__sample_weight=weights,
               ridgeclassifier__sample_weight=weights)
    assert_allclose(clf.readout_[-1].coef_, direct[-1].coef_, rtol=1e-8, atol=1e-10)


def test_weights_of_another_structure_than_a_panel_say_how_to_fix_them():
    """Check that a flat sample_weight (one per step of all series) or one per series,
    given with a panel, names the shape expected and the fix ("got shapes [(), ()]")."""
    panel, targets = X.reshape(4, 60, 1), Y.reshape(4, 60)
    esn = _esn()
    with pytest.raises(ValueError, match=r"shape \(4, 60\) \(n_series, n_timesteps\).*got "
                                         r"shape \(240,\)\. .*np\.split"):
        esn.fit(panel, targets, sample_weight=W)
    with pytest.raises(ValueError, match=r"got shape \(4,\)\. It holds one weight per "
                                         r"series: .*np\.full"):
        esn.fit(panel, targets, sample_weight=W[:4])
