"""Tests for the online readouts: ForceReadout, ForceReadoutClassifier, LMSReadout."""

import pickle
import re
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression, Ridge

from skreservoir.readout import (
    ForceReadout,
    ForceReadoutClassifier,
    LMSReadout,
    RidgeReadoutClassifier,
)

LABELS = np.array(["cat", "dog", "eel", "fox"])
ONLINE = [ForceReadout, ForceReadoutClassifier, LMSReadout]


def _regression(n_samples=200, n_features=5, n_outputs=None, noise=0.1, seed=0):
    """Correlated features and noisy linear targets with an offset."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, n_features)) @ rng.normal(size=(n_features, n_features))
    coef = rng.normal(size=(n_features, n_outputs or 1))
    y = X @ coef + 0.5 + noise * rng.normal(size=(n_samples, n_outputs or 1))
    return X, (y[:, 0] if n_outputs is None else y)


def _classification(n_samples=200, n_features=5, n_classes=3, seed=0):
    """Features and string labels that depend on them (every class present)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, n_features))
    scores = X @ rng.normal(size=(n_features, n_classes)) + rng.normal(size=(n_samples, n_classes))
    y = LABELS[np.argmax(scores, axis=1)]
    y[:n_classes] = LABELS[:n_classes]
    return X, y


def _separable(n_samples=300, n_classes=3, seed=0):
    """Tight clusters around distant centres, one string label per cluster."""
    rng = np.random.default_rng(seed)
    centres = 4.0 * rng.normal(size=(n_classes, 3))
    index = np.arange(n_samples) % n_classes
    return centres[index] + 0.1 * rng.normal(size=(n_samples, 3)), LABELS[index]


def _data_for(Estimator, **kwargs):
    """Classification data for the classifier, regression data otherwise."""
    if Estimator is ForceReadoutClassifier:
        return _classification(**kwargs)
    return _regression(**kwargs)


def _split(array, sizes):
    """Consecutive chunks of ``array`` with the given numbers of rows."""
    return np.split(array, np.cumsum(sizes)[:-1])


def _check_symmetric_positive_definite(P):
    """Assert that P is finite, exactly symmetric and positive definite."""
    assert np.all(np.isfinite(P))
    assert_array_equal(P, P.T)
    assert np.linalg.eigvalsh(P).min() > 0


def _footprint(estimator):
    """Attribute names with the shape (arrays) or type (others) of each value."""
    return {name: np.shape(value) if isinstance(value, np.ndarray) else type(value).__name__
            for name, value in vars(estimator).items()}


# -- oracle: recursive least squares with forgetting factor 1 is ridge ----------
@pytest.mark.parametrize("alpha", [1e-3, 1.0, 100.0])
@pytest.mark.parametrize("n_outputs", [None, 1, 3])
def test_force_readout_matches_ridge_without_intercept(alpha, n_outputs):
    """Check that ForceReadout(fit_intercept=False) equals Ridge(fit_intercept=False)."""
    X, y = _regression(n_outputs=n_outputs)
    ours = ForceReadout(alpha, fit_intercept=False).fit(X, y)
    ref = Ridge(alpha, fit_intercept=False, solver="svd").fit(X, y)
    shape = (5,) if n_outputs is None else (n_outputs, 5)
    assert np.shape(ours.coef_) == shape
    assert_allclose(ours.coef_, np.reshape(ref.coef_, shape), rtol=1e-8, atol=1e-12)
    assert_allclose(ours.intercept_, 0.0, rtol=0, atol=0)
    assert_allclose(np.ravel(ours.predict(X)), np.ravel(ref.predict(X)), rtol=1e-8, atol=1e-10)
    assert_allclose(ours.P_, np.linalg.inv(X.T @ X + alpha * np.eye(5)), rtol=1e-8, atol=1e-14)
    assert ours.n_samples_seen_ == len(X)
    assert ours.n_features_in_ == 5


@pytest.mark.parametrize("alpha", [1e-3, 1.0, 100.0])
@pytest.mark.parametrize("n_outputs", [None, 3])
def test_force_readout_intercept_is_a_regularised_constant_feature(alpha, n_outputs):
    """Check that with fit_intercept the intercept is the ridge weight of a constant 1 column."""
    X, y = _regression(n_outputs=n_outputs)
    ours = ForceReadout(alpha).fit(X, y)
    Z = np.hstack([X, np.ones((len(X), 1))])
    ref = Ridge(alpha, fit_intercept=False, solver="svd").fit(Z, y)
    ref_coef = np.atleast_2d(ref.coef_)
    assert np.shape(ours.intercept_) == (() if n_outputs is None else (n_outputs,))
    assert_allclose(np.atleast_2d(ours.coef_), ref_coef[:, :-1], rtol=1e-8, atol=1e-12)
    assert_allclose(np.atleast_1d(ours.intercept_), ref_coef[:, -1], rtol=1e-8, atol=1e-12)
    assert_allclose(np.ravel(ours.predict(X)), np.ravel(ref.predict(Z)), rtol=1e-8, atol=1e-10)
    assert ours.P_.shape == (6, 6)


# -- streaming ----------------------------------------------------------------
CHUNKINGS = [[100, 100], [1, 199], [1, 1, 1, 197], [13, 57, 1, 129], [1] * 200]


@pytest.mark.parametrize("sizes", CHUNKINGS)
@pytest.mark.parametrize("Estimator", [ForceReadout, LMSReadout])
@pytest.mark.parametrize("n_outputs", [None, 3])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_partial_fit_chunks_equal_fit(sizes, Estimator, n_outputs, fit_intercept):
    """Check that partial_fit over chunks of any sizes (1-row chunks too) equals one fit."""
    X, y = _regression(n_outputs=n_outputs)
    full = Estimator(fit_intercept=fit_intercept).fit(X, y)
    streamed = Estimator(fit_intercept=fit_intercept)
    for seen, (Xc, yc) in enumerate(zip(_split(X, sizes), _split(y, sizes))):
        assert streamed.partial_fit(Xc, yc) is streamed
        assert streamed.n_samples_seen_ == sum(sizes[: seen + 1])
    assert_allclose(streamed.coef_, full.coef_, rtol=1e-10, atol=1e-14)
    assert_allclose(streamed.intercept_, full.intercept_, rtol=1e-10, atol=1e-14)
    assert_allclose(streamed.predict(X), full.predict(X), rtol=1e-10, atol=1e-12)
    if Estimator is ForceReadout:
        assert_allclose(streamed.P_, full.P_, rtol=1e-10, atol=1e-16)
        _check_symmetric_positive_definite(streamed.P_)


@pytest.mark.parametrize("forgetting_factor", [1.0, 0.95])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_force_readout_P_is_symmetric_positive_definite(forgetting_factor, fit_intercept):
    """Check that P_ is exactly symmetric and positive definite after fit and partial_fit."""
    X, y = _regression(n_outputs=2)
    readout = ForceReadout(1e-2, forgetting_factor=forgetting_factor,
                           fit_intercept=fit_intercept).fit(X[:50], y[:50])
    _check_symmetric_positive_definite(readout.P_)
    for Xc, yc in zip(_split(X[50:], [1, 2, 47, 100]), _split(y[50:], [1, 2, 47, 100])):
        _check_symmetric_positive_definite(readout.partial_fit(Xc, yc).P_)


@pytest.mark.parametrize("Estimator", ONLINE)
def test_partial_fit_keeps_no_history(Estimator):
    """Check that the fitted state has the same attributes and sizes after 1 and 50 calls."""
    X, y = _data_for(Estimator, n_samples=500)
    extra = {"classes": LABELS[:3]} if Estimator is ForceReadoutClassifier else {}
    readout = Estimator().partial_fit(X[:10], y[:10], **extra)
    after_one, bytes_one = _footprint(readout), len(pickle.dumps(readout))
    for start in range(10, 500, 10):
        readout.partial_fit(X[start:start + 10], y[start:start + 10])
    assert readout.n_samples_seen_ == 500
    assert _footprint(readout) == after_one
    # The pickle differs only by the encoding of a larger n_samples_seen_.
    assert abs(len(pickle.dumps(readout)) - bytes_one) <= 8


@pytest.mark.parametrize("forgetting_factor", [1.0, 0.999])
def test_force_readout_a_million_steps_without_drift(forgetting_factor):
    """Check that 1e6 streamed steps keep P_ symmetric positive definite and coef_ at the truth."""
    rng = np.random.default_rng(0)
    true_coef = np.array([1.5, -2.0, 0.25, 3.0])
    readout = ForceReadout(1e-6, forgetting_factor=forgetting_factor, fit_intercept=False)
    for _ in range(20):
        X = rng.normal(size=(50_000, 4))
        readout.partial_fit(X, X @ true_coef)
        _check_symmetric_positive_definite(readout.P_)
        assert np.all(np.isfinite(readout.coef_))
        assert_allclose(readout.coef_, true_coef, rtol=1e-6)
    assert readout.n_samples_seen_ == 1_000_000


def test_forgetting_factor_tracks_a_change_of_weights():
    """Check that forgetting_factor < 1 follows weights that switch halfway; 1 averages them."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4000, 4))
    w1, w2 = np.array([1.0, -1.0, 2.0, 0.0]), np.array([-1.0, 0.5, 0.0, 2.0])
    y = np.concatenate([X[:2000] @ w1, X[2000:] @ w2])
    tracking = ForceReadout(1e-3, forgetting_factor=0.99, fit_intercept=False).fit(X, y)
    # to the ridge penalty alpha, which forgetting keeps (about alpha / (100 rows))
    assert_allclose(tracking.coef_, w2, rtol=0, atol=1e-4)
    remembering = ForceReadout(1e-3, forgetting_factor=1.0, fit_intercept=False).fit(X, y)
    gap = np.linalg.norm(w2 - w1)
    assert np.linalg.norm(remembering.coef_ - w1) > 0.25 * gap
    assert np.linalg.norm(remembering.coef_ - w2) > 0.25 * gap


def test_force_readout_blow_up_raises_and_keeps_state():
    """Check that a non-finite RLS update (overflowing inputs) raises, naming the fix,
    and leaves the readout as it was."""
    X, y = _regression(n_samples=50)
    readout = ForceReadout(forgetting_factor=0.5).fit(X, y)
    before = {name: np.copy(value) for name, value in vars(readout).items()}
    huge = np.full((10, 5), 1e200)  # x^T P x overflows
    with pytest.raises(ValueError, match="forgetting_factor=0.5.*scale the inputs"):
        readout.partial_fit(huge, np.zeros(10))
    assert vars(readout).keys() == before.keys()
    for name, value in before.items():
        assert_array_equal(getattr(readout, name), value)


def test_force_readout_rejects_a_change_of_fit_intercept_while_streaming():
    """Check that partial_fit after set_params(fit_intercept=...) asks to call fit."""
    X, y = _regression()
    readout = ForceReadout().partial_fit(X[:100], y[:100])
    with pytest.raises(ValueError, match="fit_intercept=False differs .* call fit"):
        readout.set_params(fit_intercept=False).partial_fit(X[100:], y[100:])
    assert readout.n_samples_seen_ == 100


def test_pickle_mid_stream_continues_the_same_stream():
    """Check that a pickled ForceReadout continues streaming exactly like the original."""
    X, y = _regression(n_outputs=2)
    readout = ForceReadout(forgetting_factor=0.99).partial_fit(X[:80], y[:80])
    restored = pickle.loads(pickle.dumps(readout))
    readout.partial_fit(X[80:], y[80:])
    restored.partial_fit(X[80:], y[80:])
    assert_allclose(restored.coef_, readout.coef_, rtol=1e-15)
    assert_allclose(restored.P_, readout.P_, rtol=1e-15)


# -- LMS ------------------------------------------------------------------------
def test_lms_converges_to_least_squares():
    """Check that LMS with a stable learning rate ends near the least-squares solution."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20_000, 5))
    y = X @ np.array([0.5, -1.0, 2.0, 0.0, 1.0]) + 0.3 + 0.01 * rng.normal(size=20_000)
    readout = LMSReadout(learning_rate=0.005).fit(X, y)
    least_squares = LinearRegression().fit(X, y)
    assert_allclose(readout.coef_, least_squares.coef_, rtol=0, atol=5e-3)
    assert_allclose(readout.intercept_, least_squares.intercept_, rtol=0, atol=5e-3)
    assert readout.score(X, y) == pytest.approx(least_squares.score(X, y), rel=1e-5)


def test_lms_divergence_raises_and_keeps_state():
    """Check that a too large learning rate raises naming it and the step, leaving the state."""
    X, y = _regression(n_samples=400, n_outputs=2)
    readout = LMSReadout(learning_rate=1e-3).fit(X[:200], y[:200])
    before = {name: np.copy(value) for name, value in vars(readout).items() if name.endswith("_")}
    with pytest.raises(ValueError, match=r"step (\d+) .*learning_rate=10.0") as info:
        readout.set_params(learning_rate=10.0).partial_fit(X[200:], y[200:])
    assert int(re.search(r"step (\d+)", str(info.value)).group(1)) > 200
    for name, value in before.items():
        assert_array_equal(getattr(readout, name), value)
    # fit on other data fails the same way and keeps the earlier fit, n_features_in_ too.
    with pytest.raises(ValueError, match="learning_rate"):
        readout.fit(X[:, :3] * 100, y)
    assert readout.n_features_in_ == 5
    assert_array_equal(readout.coef_, before["coef_"])


def test_lms_divergence_leaves_an_unfitted_readout_unfitted():
    """Check that a first fit that diverges leaves the readout unfitted."""
    X, y = _regression()
    readout = LMSReadout(learning_rate=100.0)
    with pytest.raises(ValueError, match="learning_rate=100.0"):
        readout.fit(X, y)
    with pytest.raises(NotFittedError):
        readout.predict(X)
    assert vars(readout) == vars(LMSReadout(learning_rate=100.0))


def test_lms_suggested_learning_rate_is_stable():
    """Check that the bound suggested by the divergence error trains without diverging."""
    X, y = _regression(n_samples=2000)
    with pytest.raises(ValueError, match="learning_rate <") as info:
        LMSReadout(learning_rate=1.0).fit(X, y)
    bound = float(re.search(r"learning_rate < ([0-9.e+-]+)", str(info.value)).group(1))
    readout = LMSReadout(learning_rate=0.9 * bound).fit(X, y)
    assert np.all(np.isfinite(readout.coef_))
    assert readout.score(X, y) > 0.9



def test_lms_divergence_that_stays_finite_is_caught():
    """Above the stable rates the weights grow geometrically and may stay finite
    (1.9e214 from unit rows at learning_rate=10): fit succeeded with "may diverge",
    predictions of 1e214 and a score of -inf. The errors before the updates say it: the
    divergence error, with the readout as it was before the call."""
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(200, 4))
    y = Z @ np.arange(4.0) + 1
    readout = LMSReadout(learning_rate=10.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # LMSStabilityWarning, before
        with pytest.raises(ValueError, match=r"LMSReadout diverged: .*error grew 1e\+08 "
                                             r"times beyond the targets\) at training step"):
            readout.fit(Z, y)
    with pytest.raises(NotFittedError):
        readout.predict(Z)
    # a rate above the bound over a few rows, which do not run away, is left to its
    # warning; so is a one-row stream of targets 0
    rate = 2.2 / float(np.max(np.sum(Z[:12] ** 2, axis=1) + 1))
    with pytest.warns(UserWarning, match="may diverge"):
        fitted = LMSReadout(learning_rate=rate).fit(Z[:12], y[:12])
    assert np.all(np.isfinite(fitted.coef_))
    stream = LMSReadout(learning_rate=rate)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for t in range(12):
            stream.partial_fit(Z[t : t + 1], np.zeros(1))
    assert np.all(np.isfinite(stream.coef_))

# -- classifier -----------------------------------------------------------------
@pytest.mark.parametrize("n_classes", [2, 3, 4])
def test_force_classifier_separates_separable_data(n_classes):
    """Check that ForceReadoutClassifier classifies separable string-labelled data perfectly."""
    X, y = _separable(n_classes=n_classes)
    clf = ForceReadoutClassifier().fit(X, y)
    assert_array_equal(clf.classes_, LABELS[:n_classes])
    assert clf.coef_.shape == (1 if n_classes == 2 else n_classes, 3)
    assert clf.predict(X).dtype == LABELS.dtype
    assert clf.score(X, y) == 1.0
    scores = clf.decision_function(X)
    assert scores.shape == ((300,) if n_classes == 2 else (300, n_classes))


@pytest.mark.parametrize("n_classes", [2, 3, 4])
@pytest.mark.parametrize("alpha", [1e-3, 1.0, 30.0])
def test_force_classifier_equals_ridge_classifier_without_intercept(n_classes, alpha):
    """Check that ForceReadoutClassifier(fit_intercept=False) equals RidgeReadoutClassifier."""
    X, y = _classification(n_classes=n_classes)
    ours = ForceReadoutClassifier(alpha, fit_intercept=False).fit(X, y)
    ref = RidgeReadoutClassifier(alpha, fit_intercept=False).fit(X, y)
    assert_array_equal(ours.classes_, ref.classes_)
    assert_allclose(ours.coef_, ref.coef_, rtol=1e-8, atol=1e-12)
    assert_allclose(ours.decision_function(X), ref.decision_function(X), rtol=1e-8, atol=1e-10)
    assert_array_equal(ours.predict(X), ref.predict(X))


@pytest.mark.parametrize("sizes", CHUNKINGS)
@pytest.mark.parametrize("n_classes", [2, 4])
def test_force_classifier_partial_fit_chunks_equal_fit(sizes, n_classes):
    """Check that classifier partial_fit over chunks (with classes) equals one fit."""
    X, y = _classification(n_classes=n_classes)
    full = ForceReadoutClassifier(alpha=1e-2).fit(X, y)
    streamed = ForceReadoutClassifier(alpha=1e-2)
    classes = LABELS[:n_classes][::-1]  # the order given by the user does not matter
    for Xc, yc in zip(_split(X, sizes), _split(y, sizes)):
        streamed.partial_fit(Xc, yc, classes=classes)
    assert streamed.n_samples_seen_ == len(X)
    assert_array_equal(streamed.classes_, full.classes_)
    assert_allclose(streamed.coef_, full.coef_, rtol=1e-10, atol=1e-14)
    assert_allclose(streamed.intercept_, full.intercept_, rtol=1e-10, atol=1e-14)
    assert_array_equal(streamed.predict(X), full.predict(X))


def test_force_classifier_partial_fit_requires_classes_on_first_call():
    """Check that the first classifier partial_fit call without classes raises."""
    X, y = _classification()
    clf = ForceReadoutClassifier()
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        clf.partial_fit(X, y)
    assert not hasattr(clf, "coef_")


def test_force_classifier_rejects_labels_outside_classes():
    """Check that labels missing from the first call's classes are rejected, naming them."""
    X, y = _classification(n_classes=3)
    clf = ForceReadoutClassifier().partial_fit(X[:50], y[:50], classes=LABELS[:3])
    coef = clf.coef_.copy()
    y_new = y[50:100].copy()
    y_new[0] = "gnu"
    with pytest.raises(ValueError, match=r"\['gnu'\] that are not in classes"):
        clf.partial_fit(X[50:100], y_new)
    assert clf.n_samples_seen_ == 50
    assert_array_equal(clf.coef_, coef)


# -- panels and washout -------------------------------------------------------------
@pytest.mark.parametrize("Estimator", ONLINE)
@pytest.mark.parametrize("washout", [0, 5])
@pytest.mark.parametrize("as_array", [False, True])
def test_panel_fit_equals_fit_on_rows_after_washout(Estimator, washout, as_array):
    """Check that a panel trains on each series' rows after washout, series after series."""
    X, y = _data_for(Estimator, n_samples=120)
    lengths = [40, 40, 40] if as_array else [30, 17, 73]
    Xs, ys = _split(X, lengths), _split(y, lengths)
    panel_X, panel_y = (np.stack(Xs), np.stack(ys)) if as_array else (Xs, ys)
    panel = Estimator(washout=washout).fit(panel_X, panel_y)
    rows = Estimator().fit(np.concatenate([x[washout:] for x in Xs]),
                           np.concatenate([t[washout:] for t in ys]))
    assert panel.n_samples_seen_ == 120 - 3 * washout
    assert_allclose(panel.coef_, rows.coef_, rtol=1e-10, atol=1e-14)
    assert_allclose(panel.intercept_, rows.intercept_, rtol=1e-10, atol=1e-14)
    predictions = panel.predict(panel_X)
    assert [len(p) for p in predictions] == lengths  # washout rows are predicted too
    assert_array_equal(predictions[1], panel.predict(Xs[1]))


@pytest.mark.parametrize("Estimator", ONLINE)
def test_washout_not_shorter_than_every_series_raises(Estimator):
    """Check that a washout as long as the shortest series raises, naming washout."""
    X, y = _data_for(Estimator, n_samples=60)
    with pytest.raises(ValueError, match="washout=20 must be smaller"):
        Estimator(washout=20).fit(_split(X, [40, 20]), _split(y, [40, 20]))


# -- parameters and input errors ---------------------------------------------------
@pytest.mark.parametrize("Estimator, params, name", [
    (ForceReadout, {"alpha": 0.0}, "alpha"),
    (ForceReadout, {"alpha": -1.0}, "alpha"),
    (ForceReadout, {"forgetting_factor": 0.0}, "forgetting_factor"),
    (ForceReadout, {"forgetting_factor": 1.5}, "forgetting_factor"),
    (ForceReadout, {"washout": -1}, "washout"),
    (ForceReadoutClassifier, {"alpha": 0.0}, "alpha"),
    (ForceReadoutClassifier, {"forgetting_factor": 0.0}, "forgetting_factor"),
    (ForceReadoutClassifier, {"forgetting_factor": 1.01}, "forgetting_factor"),
    (LMSReadout, {"learning_rate": -1e-3}, "learning_rate"),
    (LMSReadout, {"learning_rate": 0.0}, "learning_rate"),
    (LMSReadout, {"washout": 2.5}, "washout"),
])
@pytest.mark.parametrize("method", ["fit", "partial_fit"])
def test_invalid_parameters_raise(Estimator, params, name, method):
    """Check that an out-of-range parameter raises an error naming it, in fit and partial_fit."""
    X, y = _data_for(Estimator)
    is_first_partial_fit = Estimator is ForceReadoutClassifier and method == "partial_fit"
    extra = {"classes": LABELS[:3]} if is_first_partial_fit else {}
    with pytest.raises(ValueError, match=f"'{name}' parameter"):
        getattr(Estimator(**params), method)(X, y, **extra)


@pytest.mark.parametrize("Estimator", ONLINE)
def test_wrong_number_of_features_raises(Estimator):
    """Check that predict and partial_fit reject another number of features than fit's."""
    X, y = _data_for(Estimator)
    readout = Estimator().fit(X, y)
    name = Estimator.__name__
    with pytest.raises(ValueError, match=f"X has 3 features, but {name} is expecting 5"):
        readout.predict(X[:, :3])
    with pytest.raises(ValueError, match=f"X has 3 features, but {name} is expecting 5"):
        readout.partial_fit(X[:, :3], y)
    assert readout.n_samples_seen_ == len(X)


@pytest.mark.parametrize("Estimator", ONLINE)
def test_predict_before_fit_raises(Estimator):
    """Check that predicting with an unfitted readout raises NotFittedError."""
    X, _ = _data_for(Estimator)
    with pytest.raises(NotFittedError):
        Estimator().predict(X)


@pytest.mark.parametrize("Estimator", ONLINE)
def test_fit_restarts_and_clone_refits_identically(Estimator):
    """Check that fit after partial_fit starts from scratch, like a fresh clone."""
    X, y = _data_for(Estimator)
    extra = {"classes": LABELS[:3]} if Estimator is ForceReadoutClassifier else {}
    readout = Estimator().partial_fit(X[::-1], y[::-1], **extra)
    readout.fit(X, y)
    fresh = clone(readout).fit(X, y)
    assert readout.n_samples_seen_ == len(X)
    assert_array_equal(readout.coef_, fresh.coef_)
    assert_array_equal(readout.intercept_, fresh.intercept_)



def test_lms_warns_above_the_stable_step_size():
    """Check that a learning_rate above 2 / max ||x||^2 warns before any divergence."""
    from skreservoir.exceptions import LMSStabilityWarning

    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3))
    y = X @ np.array([1.0, -1.0, 0.5])
    bound = 2.0 / np.max(np.sum(np.hstack([X, np.ones((20, 1))]) ** 2, axis=1))
    with pytest.warns(LMSStabilityWarning, match="learning_rate"):
        try:
            LMSReadout(learning_rate=1.5 * bound).fit(X, y)
        except ValueError:  # it may also diverge outright on these rows
            pass
    with warnings.catch_warnings():
        warnings.simplefilter("error", LMSStabilityWarning)
        LMSReadout(learning_rate=0.5 * bound).fit(X, y)


def test_forgetting_does_not_wind_up_unexcited_directions():
    """Check that with forgetting_factor < 1, a direction the inputs never excite does
    not wind P up: P stays symmetric positive definite and within the trace of P_0 (the
    penalty rows), and the weights stay right (textbook forgetting: P would grow by 1/0.9
    per row and overflow after about 6700 rows)."""
    from skreservoir.readout._force import FORGETTING_TRACE_BOUND

    rng = np.random.default_rng(0)
    X = rng.normal(size=(10000, 5))
    X[:, 4] = 0.0  # never excited
    w = np.array([1.0, -2.0, 0.5, 3.0, 0.0])
    readout = ForceReadout(1e-2, forgetting_factor=0.9, fit_intercept=False).fit(X, X @ w)
    eigenvalues = np.linalg.eigvalsh(readout.P_)
    assert np.all(np.isfinite(readout.P_))
    assert eigenvalues.min() > 0
    # the penalty rows keep the unexcited direction's P within a few times P_0's,
    # far below the safety bound
    assert eigenvalues.max() <= 5 / 1e-2
    assert eigenvalues.max() < FORGETTING_TRACE_BOUND * 5 / 1e-2
    # to the ridge penalty, kept over a memory of about 10 rows (0.2 % here)
    assert_allclose(readout.coef_, w, rtol=5e-3, atol=1e-12)


def test_forgetting_tracks_a_changing_target_on_reservoir_states():
    """Check that ForceReadout(forgetting_factor=0.98), one row at a time on reservoir
    states, follows a target that changes sign every 1000 rows as textbook RLS does
    (a battery: the old bound, the trace of P_0, stopped the forgetting on most rows and
    the error after the change was 1.22, worse than predicting 0)."""
    from skreservoir import Reservoir
    from skreservoir.datasets import mackey_glass

    series = np.ravel(mackey_glass(3101))
    series = (series - series.mean()) / series.std()
    states = Reservoir(n_units=30, leak_rate=0.3, random_state=0).fit_transform(
        series[:-1].reshape(-1, 1))[100:]
    y = series[101:] * np.where((np.arange(3000) // 1000) % 2 == 0, 1.0, -1.0)
    readout, before = ForceReadout(forgetting_factor=0.98), []
    for t in range(3000):
        before.append(readout.predict(states[t : t + 1])[0] if t else 0.0)
        readout.partial_fit(states[t : t + 1], y[t : t + 1])
    # textbook RLS (symmetric P), the same rows
    Z = np.hstack([states, np.ones((3000, 1))])
    P, W, textbook = np.eye(31) / 1e-6, np.zeros(31), []
    for z, target in zip(Z, y):
        textbook.append(W @ z)
        Pz = P @ z
        k = Pz / (0.98 + z @ Pz)
        W = W + k * (target - W @ z)
        P = (P - np.outer(k, Pz)) / 0.98
        P = (P + P.T) / 2
    after = np.r_[1100:2000, 2100:3000]  # 100 rows after each change
    error = np.sqrt(np.mean((np.array(before)[after] - y[after]) ** 2))
    reference = np.sqrt(np.mean((np.array(textbook)[after] - y[after]) ** 2))
    assert error < 0.2 * y.std()
    assert error < 1.1 * reference  # 0.062 against textbook's 0.061 here


def test_forgetting_stays_positive_definite_on_a_long_stream():
    """Check that ForceReadout(forgetting_factor=0.99) on 8000 rows of states of a sine
    (few directions excited) keeps P positive definite and bounded and predicts well
    (a review: textbook forgetting, which the penalty rows replace, wound P up until it
    lost positive definiteness within 4000 rows, RMSE 77 at 6000)."""
    from skreservoir import Reservoir

    u = np.sin(0.1 * np.arange(8001)).reshape(-1, 1)
    states = Reservoir(n_units=100, leak_rate=0.3, random_state=0).fit_transform(u[:-1])
    readout = ForceReadout(forgetting_factor=0.99).fit(states, u[1:, 0])
    eigenvalues = np.linalg.eigvalsh(readout.P_)
    assert eigenvalues.min() > 0
    assert eigenvalues.max() <= 2 / readout.alpha
    error = np.sqrt(np.mean((readout.predict(states[-500:]) - u[-500:, 0]) ** 2))
    assert error < 1e-3


# -- one row of a stream: the per-step loop of ESNRegressor.partial_fit ----------
def _reservoir_rows(n_samples, n_features, n_outputs, seed=0):
    """Rows like reservoir states (tanh of a random drive) and targets that depend on them."""
    rng = np.random.default_rng(seed)
    X = np.tanh(rng.normal(size=(n_samples, n_features)) @ rng.normal(
        size=(n_features, n_features)) / np.sqrt(n_features))
    Y = X @ rng.normal(size=(n_features, n_outputs)) + 0.1 * rng.normal(size=(n_samples, n_outputs))
    return X, Y


@pytest.mark.parametrize("n_features", [7, 300])
@pytest.mark.parametrize("forgetting_factor", [1.0, 0.95])
@pytest.mark.parametrize("n_outputs", [1, 3])
def test_rls_row_update_equals_rls_update(n_features, forgetting_factor, n_outputs):
    """Check that the in-place update of one row equals rls_update row after row: bit for
    bit below 250 features (the same compiled arithmetic), to rounding from 250 on (where
    rls_update's rows are one pass each, writing P at once where the row update leaves it
    pending)."""
    from skreservoir._learning import rls_row_update, rls_update

    X, Y = _reservoir_rows(150, n_features, n_outputs)
    X[:, -1] = 1.0  # the constant feature of the intercept
    alpha = 1e-2
    P_rows, W_rows = np.eye(n_features, order="F") / alpha, np.zeros((n_features, n_outputs))
    P_one = P_rows.copy(order="F")
    coef, intercept = np.zeros((n_outputs, n_features - 1)), np.zeros(n_outputs)
    for x, y in zip(X, Y):
        assert rls_update(P_rows, W_rows, x[None, :], y[None, :], forgetting_factor,
                          max_trace=n_features / alpha) == -1
        coef, intercept = rls_row_update(P_one, coef, intercept, x[:-1], y, forgetting_factor,
                                         max_trace=n_features / alpha)
    W_one = np.vstack([coef.T, intercept[None, :]])
    if n_features < 250:
        assert_array_equal(np.triu(P_one), np.triu(P_rows))
        assert_array_equal(W_one, W_rows)
    else:
        scale = np.abs(np.triu(P_rows)).max()
        assert_allclose(np.triu(P_one), np.triu(P_rows), rtol=1e-12, atol=1e-12 * scale)
        assert_allclose(W_one, W_rows, rtol=1e-11, atol=1e-12 * np.abs(W_rows).max())


@pytest.mark.parametrize("forgetting_factor", [1.0, 0.95])
def test_rls_update_one_pass_equals_blas(forgetting_factor, monkeypatch):
    """Check that rls_update's one pass over P per row (from 250 features) equals BLAS's
    symv + syr to rounding, the trace bound of a forgetting factor included."""
    from skreservoir import _learning

    X, Y = _reservoir_rows(200, 300, 2)
    X[:, -1] = 1.0
    alpha = 1e-2
    results = []
    for single_thread_flops in (_learning.BLAS_SINGLE_THREAD_MAX_FLOPS, 0.0):
        monkeypatch.setattr(_learning, "BLAS_SINGLE_THREAD_MAX_FLOPS", single_thread_flops)
        P, W = np.eye(300, order="F") / alpha, np.zeros((300, 2))
        assert _learning.rls_update(P, W, X, Y, forgetting_factor, max_trace=300 / alpha) == -1
        results.append((np.triu(P), W))
    (P_one, W_one), (P_blas, W_blas) = results
    assert_allclose(P_one, P_blas, rtol=1e-12, atol=1e-12 * np.abs(P_blas).max())
    assert_allclose(W_one, W_blas, rtol=1e-11, atol=1e-12 * np.abs(W_blas).max())
    assert not np.array_equal(W_one, W_blas)  # two computations, not one path twice


@pytest.mark.parametrize("n_features, case", [
    (4, "overflowing x"), (260, "overflowing x"), (4, "P overflows"),
    (260, "P might overflow")])
def test_rls_row_update_declines_an_update_that_might_overflow(n_features, case):
    """Check that rls_row_update leaves P and W untouched and says so when x^T P x is not
    finite or P overflows, and, from 250 features (in place, no copy), when P is so large
    that the update could overflow (rls_update on copies then decides)."""
    from skreservoir._learning import rls_row_update

    magnitude = {"P overflows": 1.5e308, "P might overflow": 1e300}.get(case, 1.0)
    P = np.eye(n_features, order="F") * magnitude
    coef = np.arange(2.0 * n_features).reshape(2, n_features)
    x = np.full(n_features, 1e200 if case == "overflowing x" else 1.0 / n_features)
    P_before, coef_before = P.copy(order="F"), coef.copy()
    assert rls_row_update(P, coef, None, x, np.ones(2), 0.5, max_trace=None) is None
    assert_array_equal(P, P_before)
    assert_array_equal(coef, coef_before)


def _learnt(readout, X, y):
    """``readout`` cloned and fitted on the first 20 rows."""
    return clone(readout).fit(X[:20], y[:20])

def _rls_equations(Z, Y, alpha, forgetting_factor):
    """RLS written out on full matrices, row after row: (W, P) after each row.

    From P = I / alpha and W = 0: k = P z / (lambda + z^T P z), W += k (y - W^T z)^T,
    P -= k (P z)^T (written (P z) (P z)^T / (lambda + z^T P z), which keeps P
    symmetric to the last bit), then P /= lambda while trace(P) stays at or
    below lambda FORGETTING_TRACE_BOUND n / alpha (ForceReadout's bound on the trace).
    """
    from skreservoir.readout._force import FORGETTING_TRACE_BOUND

    n = Z.shape[1]
    P, W = np.eye(n) / alpha, np.zeros((n, Y.shape[1]))
    for z, y in zip(Z, Y):
        Pz = P @ z
        denominator = forgetting_factor + z @ Pz
        W = W + np.outer(Pz / denominator, y - W.T @ z)
        P = P - np.outer(Pz, Pz) / denominator
        if (forgetting_factor != 1.0
                and np.trace(P) <= forgetting_factor * FORGETTING_TRACE_BOUND * n / alpha):
            P = P / forgetting_factor
        yield W, P


def _forgetting_equations(Z, Y, alpha, forgetting_factor):
    """RLS with forgetting and penalty rows written out (ForceReadout._forgetting_update):
    after each row (P divided by lambda), m = ceil(d / G) penalty rows sqrt(alpha (1 -
    lambda^g)) e_i with target 0 and no forgetting, i cycling over the d weights, g the
    rows since weight i's last one, G the most rows with lambda^(G - 1) >= 1/2; (W, P)
    after each row."""
    n = Z.shape[1]
    P, W = np.eye(n) / alpha, np.zeros((n, Y.shape[1]))
    gap = 1 + int(np.floor(np.log(0.5) / np.log(forgetting_factor)))
    m = min(n, -(-n // gap))
    last, index = np.zeros(n, dtype=int), 0
    for t, (z, y) in enumerate(zip(Z, Y), start=1):
        rows = [(z, y, forgetting_factor)]
        for _ in range(m):
            size = np.sqrt(alpha * (1 - forgetting_factor ** (t - last[index])))
            rows.append((size * np.eye(n)[index], np.zeros(Y.shape[1]), 1.0))
            last[index], index = t, (index + 1) % n
        for row, target, lam in rows:
            Pz = P @ row
            denominator = lam + row @ Pz
            W = W + np.outer(Pz / denominator, target - W.T @ row)
            P = (P - np.outer(Pz, Pz) / denominator) / lam
        yield W, P


@pytest.mark.parametrize("forgetting_factor", [0.97, 0.3])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_forgetting_rows_equal_the_penalised_equations(fit_intercept, forgetting_factor):
    """Check that ForceReadout with forgetting_factor < 1, row after row, gives the
    weights and P of the forgetting RLS with penalty rows written out (to 1e-10), and
    that the one-row kernel declines it (partial_fit runs the penalty rows)."""
    X, Y = _reservoir_rows(200, 6, 1, seed=1)
    Z = np.column_stack([X, np.ones(len(X))]) if fit_intercept else X
    readout = ForceReadout(1e-2, forgetting_factor=forgetting_factor,
                           fit_intercept=fit_intercept)
    readout.fit(X[:1], Y[:1, 0])
    equations = _forgetting_equations(Z, Y, 1e-2, forgetting_factor)
    next(equations)
    for t, (W, P) in enumerate(equations, start=1):
        assert not readout._learn_row(X[t:t + 1], Y[t:t + 1, 0])
        readout.partial_fit(X[t:t + 1], Y[t:t + 1, 0])
        scale = np.abs(W).max()
        assert_allclose(readout.coef_, W[:6, 0], rtol=1e-10, atol=1e-10 * scale)
        assert_allclose(readout.P_, P, rtol=1e-10, atol=1e-10 * np.abs(P).max())
    chunked = ForceReadout(1e-2, forgetting_factor=forgetting_factor,
                           fit_intercept=fit_intercept)
    chunked.fit(X[:1], Y[:1, 0]).partial_fit(X[1:120], Y[1:120, 0]).partial_fit(
        X[120:], Y[120:, 0])
    assert_allclose(chunked.coef_, readout.coef_, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("n_x", [6, 300])
@pytest.mark.parametrize("forgetting_factor", [1.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("n_outputs", [None, 3])
def test_learn_row_with_pending_updates_equals_the_rls_equations(n_x, forgetting_factor,
                                                                 fit_intercept, n_outputs):
    """Check that ForceReadout learning row after row, each row's update of P left
    pending and written by the next row's pass over P, gives the weights and P of the
    RLS equations written out (the weights to 1e-12, P to 1e-11), with P_ read (the pending update written)
    every 37 rows and not in between."""
    X, Y = _reservoir_rows(400, n_x, n_outputs or 1, seed=1)
    y = Y[:, 0] if n_outputs is None else Y
    Z = np.column_stack([X, np.ones(len(X))]) if fit_intercept else X
    readout = ForceReadout(1e-2, forgetting_factor=forgetting_factor,
                           fit_intercept=fit_intercept).fit(X[:1], y[:1])
    equations = _rls_equations(Z, Y, 1e-2, forgetting_factor)
    next(equations)  # the first row, learnt by fit
    for t, (W, P) in enumerate(equations, start=1):
        assert readout._learn_row(X[t:t + 1], y[t:t + 1])
        if t % 37 and t != len(X) - 1:
            continue
        assert readout._P_pending[-1] != 0.0  # P's update of row t is pending
        coef = np.atleast_2d(readout.coef_)
        intercept = np.atleast_1d(readout.intercept_)
        scale = np.abs(W).max()
        # 301 features forgotten at 0.97 over 400 rows: P grows in the directions the
        # rows barely excite, and the rounding of two orders of the same sums with it
        # (5e-10 at most here)
        wound_up = n_x == 300 and forgetting_factor != 1.0
        rtol = 1e-9 if wound_up else 1e-12
        assert_allclose(coef, W[:n_x].T, rtol=rtol, atol=rtol * scale)
        assert_allclose(intercept, W[n_x] if fit_intercept else 0.0, rtol=rtol,
                        atol=rtol * scale)
        # P to 1e-11 of its largest value: rows of 301 features are ill-conditioned
        # (the BLAS path of partial_fit is 1.4e-12 from these equations here too)
        # (wound up: to 1e-10 of it, 8e-9 against P's largest value 6e2 here)
        atol = (1e-10 if wound_up else 1e-11) * np.abs(P).max()
        assert_allclose(readout.P_, P, rtol=100 * rtol if wound_up else 1e-11, atol=atol)
        assert readout._P_pending[-1] == 0.0  # reading P_ wrote it


@pytest.mark.parametrize("n_features", [7, 300])
def test_rls_row_update_with_pending_equals_the_written_update(n_features):
    """Check that rls_row_update leaving each row's update of P pending (one pass over P
    per row) gives the weights and, once written, the P of the calls that write P: bit
    for bit below 250 features, to 1e-12 from 250 on; and that a declined row writes the
    pending update and leaves nothing pending."""
    from skreservoir._learning import rls_pending, rls_row_update, settle_rls_update

    X, Y = _reservoir_rows(200, n_features - 1, 2)
    P_written = np.eye(n_features, order="F") * 100.0
    P_pending, pending = P_written.copy(order="F"), rls_pending(n_features)
    written = pended = (np.zeros((2, n_features - 1)), np.zeros(2))
    for x, y in zip(X, Y):
        written = rls_row_update(P_written, *written, x, y, 0.98, max_trace=n_features * 100.0)
        pended = rls_row_update(P_pending, *pended, x, y, 0.98, max_trace=n_features * 100.0,
                                pending=pending)
        assert pending[-1] != 0.0
    assert rls_row_update(P_pending, *pended, np.full(n_features - 1, 1e200), Y[0], 0.98,
                          pending=pending) is None
    assert pending[-1] == 0.0
    if n_features < 250:
        assert_array_equal(np.triu(P_pending), np.triu(P_written))
        for a, b in zip(pended, written):
            assert_array_equal(a, b)
    else:
        scale = np.abs(np.triu(P_written)).max()
        assert_allclose(np.triu(P_pending), np.triu(P_written), rtol=1e-12, atol=1e-12 * scale)
        for a, b in zip(pended, written):
            assert_allclose(a, b, rtol=1e-12, atol=1e-12 * np.abs(b).max())
    settle_rls_update(P_pending, pending)  # nothing pending: nothing written
    assert_array_equal(np.triu(P_pending), np.triu(P_written)) if n_features < 250 else None
    with pytest.raises(ValueError, match="pending must have shape"):
        rls_row_update(P_pending, *pended, X[0], Y[0], pending=rls_pending(3))


def test_pending_update_survives_pickle_and_partial_fit():
    """Check that a readout with an update of P pending gives, pickled and restored, and
    after a partial_fit of several rows (which writes the pending update first), what a
    readout that never left an update pending gives."""
    X, y = _regression(n_samples=80)
    fast, general = _learnt(ForceReadout(1e-2), X, y), _learnt(ForceReadout(1e-2), X, y)
    for t in range(20, 50):
        assert fast._learn_row(X[t:t + 1], y[t:t + 1])
        general.partial_fit(X[t:t + 1], y[t:t + 1])
    assert fast._P_pending[-1] != 0.0
    restored = pickle.loads(pickle.dumps(fast))
    for model in (restored, general):
        model.partial_fit(X[50:80], y[50:80])
    for name in ("coef_", "intercept_", "P_"):
        assert_array_equal(getattr(restored, name), getattr(general, name))



@pytest.mark.parametrize("readout", [
    ForceReadout(1e-2), ForceReadout(1e-2, fit_intercept=False), LMSReadout(1e-3),
    LMSReadout(1e-3, fit_intercept=False)])
@pytest.mark.parametrize("n_outputs", [None, 2])
def test_learn_row_equals_partial_fit(readout, n_outputs):
    """Check that learning row by row with _learn_row gives what partial_fit gives on
    the same rows: weights, P, counts and attributes; bit for bit with RLS, to 1e-12
    with LMS (compiled here, BLAS products in partial_fit)."""
    X, y = _regression(n_samples=120, n_outputs=n_outputs)
    fast, general = _learnt(readout, X, y), _learnt(readout, X, y)
    for t in range(20, 120):
        assert fast._learn_row(X[t:t + 1], y[t:t + 1])
        general.partial_fit(X[t:t + 1], y[t:t + 1])
    assert _footprint(fast) == _footprint(general)
    assert fast.n_samples_seen_ == general.n_samples_seen_
    if isinstance(readout, ForceReadout):
        for name in ("coef_", "intercept_", "P_"):
            assert_array_equal(getattr(fast, name), getattr(general, name))
    else:
        assert_allclose(fast.coef_, general.coef_, rtol=1e-12, atol=1e-14)
        assert_allclose(fast.intercept_, general.intercept_, rtol=1e-12, atol=1e-14)


def _declined(readout, row, target):
    """Assert that ``_learn_row`` declines ``row`` and leaves ``readout`` as it was."""
    before = {name: np.copy(value) for name, value in vars(readout).items()
              if isinstance(value, (np.ndarray, float, int))}
    assert not readout._learn_row(row, target)
    for name, value in before.items():
        assert_array_equal(getattr(readout, name), value)


def test_learn_row_declines_what_partial_fit_must_handle():
    """Check that _learn_row declines, changing nothing, every row that partial_fit
    handles otherwise (first call, washout, new shapes, a changed fit_intercept, an
    update that might overflow, an unstable LMS step), and that partial_fit then raises
    or warns as it does on its own."""
    from skreservoir.exceptions import LMSStabilityWarning

    X, y = _regression(n_samples=40)
    row, target = X[30:31], y[30:31]
    assert not ForceReadout()._learn_row(row, target)  # not fitted: partial_fit sets up
    _declined(_learnt(ForceReadout(washout=1), X, y), row, target)
    _declined(_learnt(ForceReadout(), X, y), row, np.c_[target, target])
    changed = _learnt(ForceReadout(), X, y).set_params(fit_intercept=False)
    _declined(changed, row, target)
    with pytest.raises(ValueError, match="fit_intercept=False differs"):
        changed.partial_fit(row, target)
    force = _learnt(ForceReadout(forgetting_factor=0.5), X, y)
    _declined(force, np.full((1, 5), 1e200), np.zeros(1))
    with pytest.raises(ValueError, match="scale the inputs"):
        force.partial_fit(np.full((1, 5), 1e200), np.zeros(1))
    lms = _learnt(LMSReadout(1e-3), X, y).set_params(learning_rate=10.0)
    _declined(lms, row, target)
    with pytest.warns(LMSStabilityWarning, match="learning_rate=10.0"):
        lms.partial_fit(row, target)


@pytest.mark.parametrize("Estimator", [ForceReadout, LMSReadout])
def test_learn_row_validates_changed_parameters(Estimator):
    """Check that _learn_row validates parameters changed by set_params, as partial_fit."""
    from sklearn.utils._param_validation import InvalidParameterError

    X, y = _regression(n_samples=40)
    readout = _learnt(Estimator(), X, y)
    assert readout._learn_row(X[20:21], y[20:21])
    name = "alpha" if Estimator is ForceReadout else "learning_rate"
    readout.set_params(**{name: -1.0})
    with pytest.raises(InvalidParameterError, match=name):
        readout._learn_row(X[21:22], y[21:22])
    assert readout.n_samples_seen_ == 21


def test_lms_row_update_equals_lms_update_and_declines_unstable_steps():
    """Check that the compiled LMS row equals lms_update to rounding, and declines,
    changing nothing, a step at or above 2 / ||z||^2 (where LMSReadout warns) or one
    whose weights could overflow."""
    from skreservoir._learning import lms_row_update, lms_update

    X, Y = _reservoir_rows(300, 12, 2)
    X[:, -1] = 1.0  # the constant feature of the intercept
    W_rows = np.zeros((12, 2))
    coef, intercept = np.zeros((2, 11)), np.zeros(2)
    for x, y in zip(X, Y):
        assert lms_update(W_rows, x[None, :], y[None, :], 0.05) == -1
        coef, intercept = lms_row_update(coef, intercept, x[:-1], y, 0.05)
    assert_allclose(np.vstack([coef.T, intercept[None, :]]), W_rows, rtol=1e-12, atol=1e-15)
    z = X[0]
    for learning_rate in (2.0 / (z @ z), 3.0 / (z @ z)):
        assert lms_row_update(coef, intercept, z[:-1], Y[0], learning_rate) is None
    assert lms_row_update(np.full((2, 11), 1e300), intercept, z[:-1], Y[0], 1e-3) is None


# -- LMS convergence warning ------------------------------------------------------
def _mackey_glass_lms_loop(readout, n_train=1000, fast=True):
    """The new-user loop: one-row partial_fit calls on Mackey-Glass 10 steps ahead.

    Returns the model and the next 300 steps; checks that the loop itself issued
    LMSConvergenceWarning at its checkpoints only (never once per row): rows 400 and
    800, where the weights have not converged, each pointing at the loop's line.
    """
    from skreservoir import ESNRegressor, Reservoir
    from skreservoir.datasets import mackey_glass, to_forecasting
    from skreservoir.exceptions import LMSConvergenceWarning

    X, y = to_forecasting(mackey_glass(n_train + 310), forecast=10)
    esn = ESNRegressor(Reservoir(random_state=0), readout, washout=0)
    esn._row_fast_path = fast
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for t in range(n_train):
            esn.partial_fit(X[t:t + 1], y[t:t + 1])
    said = [w for w in caught if issubclass(w.category, LMSConvergenceWarning)]
    assert len(said) <= 2 and all(w.filename == __file__ for w in said)
    assert len(said) == len({str(w.message) for w in said})  # a new block each time
    return esn, X[n_train:n_train + 300], y[n_train:n_train + 300]


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("learning_rate, advice", [
    (1e-2, "Pass a lower learning_rate"),  # the weights follow the latest rows
    (1e-3, "Pass a larger learning_rate"),  # the weights move too slowly
    ("auto", r"the automatic step 0.1 / max \|\|x\|\|\^2 = [0-9.e-]+ is too large"),
])
def test_lms_that_has_not_converged_warns_at_predict(fast, learning_rate, advice):
    """Check that an LMS loop whose predictions are poor warns once, at predict and score,
    naming learning_rate and the fix, on the one-row fast path and the general path."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import r2_score

    from skreservoir.exceptions import LMSConvergenceWarning

    esn, X_test, y_test = _mackey_glass_lms_loop(LMSReadout(learning_rate), fast=fast)
    with pytest.warns(LMSConvergenceWarning, match=advice) as caught:
        y_pred = esn.predict(X_test, initial_state="fit")
    assert len(caught) == 1 and caught[0].filename == __file__  # points at the caller
    assert issubclass(LMSConvergenceWarning, ConvergenceWarning)
    assert "ForceReadout" in str(caught[0].message)
    assert r2_score(y_test, y_pred) < 0.15  # the warning is right: the result is poor
    with pytest.warns(LMSConvergenceWarning, match="has not converged"):
        esn.score(X_test, y_test)
    with pytest.warns(LMSConvergenceWarning, match="has not converged"):
        esn.generate(10)


@pytest.mark.parametrize("fast", [True, False])
def test_lms_worse_than_persistence_one_step_ahead_warns(fast):
    """Check that the default LMSReadout one step ahead on Mackey-Glass, whose frozen
    weights score R^2 about 0.5 to 0.75 where repeating the previous target scores 0.98
    (and ForceReadout 1.0), warns by the persistence check (silent before it: R^2 above
    0.5 with no gap to the a-priori errors), on the compiled one-row path and the general
    one alike; a sine, which LMS learns to 0.98, stays quiet."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import r2_score

    from skreservoir import ESNRegressor, Reservoir
    from skreservoir.datasets import mackey_glass
    from skreservoir.exceptions import LMSConvergenceWarning

    def loop(series):
        X, y = series[:-1, None], series[1:]
        esn = ESNRegressor(Reservoir(random_state=0), LMSReadout(), washout=0)
        esn._row_fast_path = fast
        for t in range(1200):
            esn.partial_fit(X[t:t + 1], y[t:t + 1])
        return esn, X[1200:1500], y[1200:1500]

    esn, X_test, y_test = loop(mackey_glass(1501)[:, 0])
    with pytest.warns(LMSConvergenceWarning, match=r"while repeating the previous row's "
                                                   r"target scored R\^2 = 0.9[0-9]*: worse "
                                                   r"than that persistence.*ForceReadout"):
        prediction = esn.predict(X_test, initial_state="fit")
    assert r2_score(y_test, prediction) < r2_score(y_test, X_test[:, 0]) - 0.1
    esn, X_test, y_test = loop(np.sin(0.1 * np.arange(1501)))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        assert r2_score(y_test, esn.predict(X_test, initial_state="fit")) > 0.95


def test_converged_online_readouts_do_not_warn():
    """Check that no LMSConvergenceWarning comes from FORCE on the same loop, from LMS
    with a suitable step on uncorrelated features, or before two blocks of updates."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import r2_score

    esn, X_test, y_test = _mackey_glass_lms_loop(ForceReadout())
    early, _, _ = _mackey_glass_lms_loop(LMSReadout(1e-2), n_train=350)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1300, 5))
    y = X @ np.arange(5.0) + 1.0 + 0.1 * rng.normal(size=1300)
    lms = LMSReadout(learning_rate=0.05)
    for t in range(1000):
        lms.partial_fit(X[t:t + 1], y[t:t + 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        assert r2_score(y_test, esn.predict(X_test, initial_state="fit")) > 0.9
        assert lms.score(X[1000:], y[1000:]) > 0.99
        early.predict(X_test, initial_state="fit")
        LMSReadout(learning_rate=0.05).fit(X[:1000], y[:1000]).predict(X[1000:])


@pytest.mark.parametrize("path", ["row", "general", "predictions", "chunks", "readout"])
def test_lms_stream_that_never_predicts_hears_that_it_has_not_converged(path):
    """Check that a stream of partial_fit calls that never calls predict gets the
    LMSConvergenceWarning predict gives, at rows 400, 800 and 1600 of its updates (not
    once per row), on every path of ESNRegressor.partial_fit and on the readout alone,
    and that a stream whose weights converge gets none."""
    from skreservoir import ESNRegressor, Reservoir
    from skreservoir.datasets import mackey_glass, to_forecasting
    from skreservoir.exceptions import LMSConvergenceWarning

    X, y = to_forecasting(mackey_glass(2000), forecast=10)
    esn = ESNRegressor(Reservoir(random_state=0), LMSReadout(1e-2), washout=0)
    esn._row_fast_path = path != "general"
    states = Reservoir(random_state=0).fit_transform(X)
    step = 50 if path == "chunks" else 1

    def stream(n_rows, estimator=esn, features=X, targets=y):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for t in range(0, n_rows, step):
                kwargs = ({"return_predictions": True} if path == "predictions"
                          and estimator is esn else {})
                estimator.partial_fit(features[t:t + step], targets[t:t + step], **kwargs)
        return [w for w in caught if issubclass(w.category, LMSConvergenceWarning)]

    if path == "readout":
        said = stream(1700, LMSReadout(1e-2), states)
    else:
        said = stream(1700)
    assert len(said) == 3, [str(w.message) for w in said]
    assert all(w.filename == __file__ and "has not converged" in str(w.message)
               for w in said)
    # a linear target that one pass of LMS learns: nothing to say
    rng = np.random.default_rng(0)
    Z = rng.uniform(-1, 1, size=(1700, 5))
    readout = LMSReadout(0.1)
    assert not stream(1700, readout, Z, Z @ np.array([1.0, -2.0, 0.5, 0.0, 3.0]))
    assert readout._monitor[4] == 8


def test_chunked_partial_fit_leaves_the_users_warning_record_alone():
    """Check that a loop of partial_fit calls in chunks does not reset Python's record of
    the warnings shown (a review: a warnings.catch_warnings in every call brought a
    warning repeated in the user's loop back at every call, under the default filter)."""
    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(0)
    X = rng.standard_normal((1000, 1))
    y = np.roll(X[:, 0], -1)
    for return_predictions in (False, True):
        esn = ESNRegressor(Reservoir(20, random_state=0), LMSReadout(1e-2), washout=0)
        esn.partial_fit(X[:100], y[:100])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            for t in range(100, 1000, 100):
                esn.partial_fit(X[t:t + 100], y[t:t + 100],
                                return_predictions=return_predictions)
                warnings.warn("the user's own warning", UserWarning)
        assert sum("the user's own warning" in str(w.message) for w in caught) == 1


@pytest.mark.parametrize("feedback", [False, True])
def test_lms_chunks_warn_at_the_checkpoints_only(feedback):
    """Check that chunked partial_fit of an LMS stream, FORCE's own-output loop included
    (which predicts every row), says LMSConvergenceWarning at its checkpoints only (a
    review: 5204 warnings in six chunks of 500 rows with the output fed back)."""
    from skreservoir import ESNRegressor, Reservoir
    from skreservoir.exceptions import LMSConvergenceWarning

    rng = np.random.default_rng(0)
    X = rng.standard_normal((3000, 1))
    y = np.roll(X[:, 0], -1)
    own = {"feedback": True, "partial_fit_feedback": "output"} if feedback else {}
    for return_predictions in (False, True):
        esn = ESNRegressor(Reservoir(20, random_state=0), LMSReadout(1e-3), washout=0, **own)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for t in range(0, 3000, 500):
                esn.partial_fit(X[t:t + 500], y[t:t + 500],
                                return_predictions=return_predictions)
        said = [w for w in caught if issubclass(w.category, LMSConvergenceWarning)]
        assert 1 <= len(said) <= 3  # blocks 2, 4 and 8 of the 15 learnt


def test_lms_convergence_record_is_the_same_on_every_path():
    """Check that one-row calls (fast and general path), chunks of 30 rows and one fit
    keep the same convergence record (to rounding) and the same warning."""
    readouts = [_mackey_glass_lms_loop(LMSReadout(1e-2), fast=fast)[0].readout_
                for fast in (True, False)]
    from skreservoir import ESNRegressor, Reservoir
    from skreservoir.datasets import mackey_glass, to_forecasting

    X, y = to_forecasting(mackey_glass(1310), forecast=10)
    chunked = ESNRegressor(Reservoir(random_state=0), LMSReadout(1e-2), washout=0)
    for start in range(0, 1000, 30):
        chunked.partial_fit(X[start:min(start + 30, 1000)], y[start:min(start + 30, 1000)])
    whole = ESNRegressor(Reservoir(random_state=0), LMSReadout(1e-2), washout=0)
    readouts += [chunked.readout_, whole.fit(X[:1000], y[:1000]).readout_]
    first = readouts[0]
    assert first._monitor[4] == 5  # five blocks of 200 rows
    for readout in readouts[1:]:
        assert_allclose(readout._monitor, first._monitor, rtol=1e-9)
        assert_allclose(readout._monitor_weights, first._monitor_weights, rtol=1e-9,
                        atol=1e-12)


def test_lms_stability_warning_comes_once_per_stream():
    """Check that a loop of one-row partial_fit calls above the stable step warns once,
    not at every row above the bound, and again after set_params or a new fit."""
    from skreservoir.exceptions import LMSStabilityWarning

    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(300, 4))
    y = X @ np.array([1.0, -1.0, 0.5, 2.0])
    norms = np.sum(np.c_[X, np.ones(300)] ** 2, axis=1)
    learning_rate = 2.0 / np.quantile(norms, 0.9)  # above the bound on 30 rows
    readout = LMSReadout(learning_rate)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for t in range(300):
            readout.partial_fit(X[t:t + 1], y[t:t + 1])
        assert readout.score(X, y) > 0.99
        readout.set_params(learning_rate=1.01 * learning_rate).partial_fit(X, y)
        readout.fit(X, y)
    assert [w.category for w in caught] == [LMSStabilityWarning] * 3


def test_lms_convergence_record_restarts_when_fit_intercept_changes():
    """Check that a stream whose fit_intercept changes between calls is refused, as
    ForceReadout refuses it (it went on learning with the learnt intercept dropped,
    silently): the one-row path declines and partial_fit raises, leaving the readout as
    it was; fit starts a record of the new size, which the one-row path then takes."""
    X, y = _regression(n_samples=60)
    readout = _learnt(LMSReadout(0.01), X, y)
    assert readout._monitor_weights.shape == (6, 1)
    readout.set_params(fit_intercept=False)
    _declined(readout, X[30:31], y[30:31])
    coef = readout.coef_.copy()
    with pytest.raises(ValueError, match=r"fit_intercept=False differs from the value of the "
                       r"first partial_fit call"):
        readout.partial_fit(X[30:31], y[30:31])
    assert_array_equal(readout.coef_, coef)
    readout.fit(X[:30], y[:30])
    assert readout._monitor_weights.shape == (5, 1)
    count = readout._monitor[0]
    assert readout._learn_row(X[31:32], y[31:32])
    assert readout._monitor[0] == count + 1


def _force_esn(**params):
    from skreservoir import ESNRegressor, ForceReadout, Reservoir

    params = {"partial_fit_feedback": "output", "feedback": True, **params}
    return ESNRegressor(Reservoir(n_units=40, spectral_radius=1.2, leak_rate=0.3,
                                  random_state=0),
                        ForceReadout(alpha=1.0), washout=0, random_state=0, **params)


def _sines(n):
    t = np.arange(n)
    return (np.sin(2 * np.pi * t / 40) + 0.5 * np.sin(2 * np.pi * t / 17))[:, None]


def test_own_output_feedback_is_force_written_out():
    """partial_fit_feedback="output" (FORCE learning): at each step the readout gives
    its output, learns the step, and its output after the update is fed back to the
    next step (as ReservoirPy's partial_fit feeds back). Equal to the loop written with
    the reservoir's run_batch and the readout's own predict and partial_fit; its
    return_predictions are the outputs before each update."""
    target, zeros = _sines(200), np.zeros((200, 1))
    esn = _force_esn()
    fed_back = esn.partial_fit(zeros, target, return_predictions=True)
    reservoir, W_fb = esn.reservoir_, esn.W_fb_
    readout = clone(esn.readout)
    state, previous, outputs = reservoir.initial_state_, np.zeros(1), []
    for t in range(200):
        states, finals = reservoir.run_batch([zeros[t:t + 1]], state[None, :],
                                             drive=[(W_fb @ previous)[None, :]])
        state, features = finals[0], states[0]
        output = (readout.predict(features).reshape(-1) if hasattr(readout, "coef_")
                  else np.zeros(1))
        readout.partial_fit(features, target[t])
        outputs.append(output)
        previous = readout.predict(features).reshape(-1)  # after the update: fed back
    assert_allclose(fed_back, np.concatenate(outputs).reshape(fed_back.shape), rtol=1e-10,
                    atol=1e-12)
    assert_allclose(esn.readout_.coef_.ravel(), readout.coef_.ravel(), rtol=1e-10, atol=1e-12)
    assert_allclose(esn.last_output_, previous, rtol=1e-12)


def test_own_output_feedback_in_chunks_equals_one_call_and_learns_the_pattern():
    """A FORCE stream in chunks equals one call (the last output is fed back across
    calls); trained on a pattern, the model free-runs it, where teacher forcing of the
    same reservoir (chaotic, spectral radius 1.5) fails."""
    from skreservoir.metrics import nrmse

    target, zeros = _sines(300), np.zeros((300, 1))
    whole = _force_esn().partial_fit(zeros[:300], target[:300], return_predictions=True)
    chunked = _force_esn()
    parts = [chunked.partial_fit(zeros[s:s + 100], target[s:s + 100],
                                 return_predictions=True) for s in range(0, 300, 100)]
    assert_allclose(np.concatenate(parts), whole, rtol=1e-10, atol=1e-12)
    errors = {}
    long, silent = _sines(2000), np.zeros((2000, 1))
    for mode in ("output", "target"):
        esn = _force_esn(partial_fit_feedback=mode, feedback_density=1.0).set_params(
            reservoir__spectral_radius=1.5, reservoir__leak_rate=0.1, reservoir__n_units=100)
        for s in range(0, 1500, 100):
            esn.partial_fit(silent[s:s + 100], long[s:s + 100])
        errors[mode] = nrmse(long[1500:], esn.generate(500, inputs=silent[1500:]))
    assert errors["output"] < 0.6 and errors["output"] < errors["target"] / 2, errors


def test_partial_fit_feedback_may_change_between_calls_and_names_its_choices():
    """fit teacher-forces whatever partial_fit_feedback says, so a stream may go on
    with the other feedback (fine-tuning by FORCE after a fit); a bad value names the
    choices; a dask array, whose blocks are summed teacher-forced, is refused."""
    target, zeros = _sines(50), np.zeros((50, 1))
    esn = _force_esn(partial_fit_feedback="target").partial_fit(zeros[:20], target[:20])
    esn.set_params(partial_fit_feedback="output").partial_fit(zeros[20:], target[20:])
    assert esn.n_steps_seen_ == 50
    with pytest.raises(ValueError, match=r"partial_fit_feedback.*'output'"):
        _force_esn(partial_fit_feedback="own").partial_fit(zeros, target)
    with pytest.raises(ValueError, match=r"feedback=False feeds nothing back.*feedback=True"):
        _force_esn(feedback=False).partial_fit(zeros, target)
    da = pytest.importorskip(
        "dask.array", reason='dask is an optional extra (pip install "skreservoir[dask]")')
    with pytest.raises(ValueError, match=r"FORCE.*X\.compute\(\)"):
        _force_esn().partial_fit(da.from_array(zeros), da.from_array(target))


@pytest.mark.parametrize("readout", ["rls", "lms"])
def test_own_output_one_row_calls_equal_one_call(readout):
    """FORCE one row at a time (the one-row path and its plan, the loop of the FORCE
    tutorials) equals one call over the rows (the general path): the same outputs
    before each update, weights and last output fed back."""
    from skreservoir import LMSReadout

    target, zeros = _sines(150), np.zeros((150, 1))

    def make():
        esn = _force_esn()
        if readout == "lms":
            esn.set_params(readout=LMSReadout(learning_rate=1e-2))
        return esn

    whole = make()
    expected = whole.partial_fit(zeros, target, return_predictions=True)
    rows = make()
    got = np.concatenate([rows.partial_fit(zeros[t:t + 1], target[t:t + 1],
                                           return_predictions=True) for t in range(150)])
    assert rows.__dict__.get("_row_plan") is not None  # the plan served the stream
    assert_allclose(got, expected, rtol=1e-9, atol=1e-12)
    assert_allclose(rows.readout_.coef_, whole.readout_.coef_, rtol=1e-9, atol=1e-12)
    assert_allclose(rows.last_output_, whole.last_output_, rtol=1e-9, atol=1e-12)


def test_lms_automatic_step_is_the_same_on_every_path():
    """Check the automatic step's value (0.1 / max ||z||^2 over the rows so far) on the
    first rows, and that fit, one-row partial_fit (the compiled row kernel, through an
    ESN too) and chunks of 7 rows learn the same weights."""
    from skreservoir import ESNRegressor, Reservoir
    from skreservoir.datasets import mackey_glass, to_forecasting

    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 4)) * [1.0, 3.0, 0.1, 1.0]
    y = X @ [1.0, -0.5, 2.0, 0.0] + 0.3
    first = LMSReadout().partial_fit(X[:1], y[:1])
    z = np.append(X[0], 1.0)
    assert_allclose(np.append(first.coef_, first.intercept_), 0.1 / (z @ z) * z * y[0],
                    rtol=1e-12)
    second = LMSReadout().partial_fit(X[:2], y[:2])
    z2 = np.append(X[1], 1.0)
    w = 0.1 / (z @ z) * z * y[0]
    w = w + 0.1 / max(z @ z, z2 @ z2) * z2 * (y[1] - z2 @ w)
    assert_allclose(np.append(second.coef_, second.intercept_), w, rtol=1e-12)
    whole = LMSReadout().fit(X, y)
    rows, chunks = LMSReadout(), LMSReadout()
    for t in range(len(X)):
        rows.partial_fit(X[t:t + 1], y[t:t + 1])
    for t in range(0, len(X), 7):
        chunks.partial_fit(X[t:t + 7], y[t:t + 7])
    for other in (rows, chunks):
        assert_allclose(other.coef_, whole.coef_, rtol=1e-10, atol=1e-12)
        assert_allclose(other.intercept_, whole.intercept_, rtol=1e-10, atol=1e-12)
    # through an ESN: its one-row fast path against one call
    Xm, ym = to_forecasting(mackey_glass(700), forecast=1)
    streamed = ESNRegressor(Reservoir(50, random_state=0), LMSReadout(), washout=0)
    for t in range(600):
        streamed.partial_fit(Xm[t:t + 1], ym[t:t + 1])
    once = ESNRegressor(Reservoir(50, random_state=0), LMSReadout(), washout=0)
    once.partial_fit(Xm[:600], ym[:600])
    assert_allclose(streamed.readout_.coef_, once.readout_.coef_, rtol=1e-9, atol=1e-12)


def test_lms_converged_on_a_noisy_target_does_not_warn():
    """Check that an LMS readout close to least squares on a noisy target (R^2 about
    0.4, which the a-priori errors do not beat) stays quiet (the loops whose weights
    follow the latest rows warn: test_lms_that_has_not_converged_warns_at_predict)."""
    from sklearn.exceptions import ConvergenceWarning

    rng = np.random.default_rng(1)
    X = rng.normal(size=(3000, 5))
    y = X @ np.full(5, 0.3) + rng.normal(size=3000)
    lms = LMSReadout().fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        assert 0.2 < lms.score(X, y) < 0.5


def test_lms_refuses_fit_intercept_changed_mid_stream():
    """Check that LMSReadout refuses a partial_fit after fit_intercept changed since the
    stream began, as ForceReadout does (it dropped the learnt intercept, 4.27 -> 0,
    silently), and that fit starts again with the new setting."""
    from skreservoir import LMSReadout

    rng = np.random.default_rng(0)
    Z = rng.standard_normal((400, 3))
    Y = Z @ [1.0, 2.0, 3.0] + 5
    readout = LMSReadout().partial_fit(Z[:200], Y[:200])
    readout.set_params(fit_intercept=False)
    with pytest.raises(ValueError, match=r"fit_intercept=False differs from the value of the "
                       r"first partial_fit call; call fit to start again"):
        readout.partial_fit(Z[200:], Y[200:])
    with pytest.raises(ValueError, match=r"fit_intercept=False differs"):
        readout.partial_fit(Z[200:201], Y[200:201])  # one row: the compiled path
    assert readout.fit(Z, Y).intercept_ == 0.0


@pytest.mark.parametrize("mode", ["rows", "predictions", "own_output"])
def test_lms_divergence_of_a_stream_of_short_calls_is_caught(mode):
    """Check that an LMS stream above the stable step raises its divergence error however
    it is fed: one row per call, chunks with return_predictions (one readout call per
    row) and FORCE's own-output loop (a user battery: no error there, and predictions of
    4.7e84 after), measured against the largest target of the stream so far."""
    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(0)
    u = rng.standard_normal((600, 1))
    y = 50 * rng.standard_normal(600) + np.cumsum(rng.standard_normal(600))
    own = {"feedback": True, "partial_fit_feedback": "output"} if mode == "own_output" else {}
    esn = ESNRegressor(Reservoir(n_units=20), LMSReadout(learning_rate=0.5), random_state=0,
                       **own)
    step = 1 if mode == "rows" else 200
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match=r"LMSReadout diverged.*at training step \d+"):
            for start in range(0, 600, step):
                esn.partial_fit(u[start:start + step], y[start:start + step],
                                return_predictions=mode == "predictions")


def test_lms_warnings_do_not_give_opposite_advice():
    """Check that a stream whose blocks first say the automatic step is too large and
    then too small says, the second time, that no learning_rate suits and names
    ForceReadout (a ReservoirPy port was told 'pass a lower learning_rate', then 'pass a
    larger learning_rate' in one loop)."""
    from skreservoir import ESNRegressor, Reservoir
    from skreservoir.datasets import mackey_glass
    from skreservoir.exceptions import LMSConvergenceWarning

    series = mackey_glass(2100)
    series = 2 * (series - series.min()) / (series.max() - series.min()) - 1
    X, y = series[:1590], series[10:1600]
    esn = ESNRegressor(Reservoir(n_units=100, leak_rate=0.3, spectral_radius=1.25,
                                 random_state=1000), LMSReadout(learning_rate="auto"), washout=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for t in range(len(X)):
            esn.partial_fit(X[t : t + 1], y[t : t + 1])
    said = [str(w.message) for w in caught if issubclass(w.category, LMSConvergenceWarning)]
    lower = [i for i, m in enumerate(said) if "Pass a lower learning_rate" in m]
    assert lower, said  # the first direction said
    later = said[lower[0] + 1 :]
    assert later, said
    assert not any("Pass a larger learning_rate" in m for m in later), later
    assert all("a single learning_rate may suit no" in m and "ForceReadout" in m
               for m in later if "move too slowly" in m)
    assert any("move too slowly" in m for m in later), later


def test_forgetting_leaves_missing_targets_out_on_every_path():
    """Check that with forgetting_factor < 1 the rows of NaN targets are left out alike
    by ESNRegressor.fit (weight 0), a pipeline's readout and partial_fit (dropped): the
    same weights (a review: the forgetting counted them on one path, not on the others,
    and the weights differed by up to 125)."""
    from sklearn.pipeline import make_pipeline

    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 1))
    y = np.convolve(X[:, 0], np.ones(3), "same")
    y[rng.random(300) < 0.3] = np.nan
    fitted = ESNRegressor(Reservoir(30, random_state=0), ForceReadout(forgetting_factor=0.98),
                          washout=20).fit(X, y)
    piped = make_pipeline(Reservoir(30, random_state=0),
                          ForceReadout(forgetting_factor=0.98, washout=20)).fit(X, y)
    streamed = ESNRegressor(Reservoir(30, random_state=0), ForceReadout(forgetting_factor=0.98),
                            washout=20).partial_fit(X, y)
    assert_allclose(piped[-1].coef_, fitted.readout_.coef_, rtol=1e-12, atol=1e-12)
    assert_allclose(streamed.readout_.coef_, fitted.readout_.coef_, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("n_units, forgetting_factor", [(100, 0.99), (300, 0.9), (20, 0.1)])
def test_forgetting_keeps_P_below_twice_P0_when_many_weights_forget_fast(n_units,
                                                                         forgetting_factor):
    """Check that P stays below about 2 P_0 and positive definite, without the trace
    safety net, where d (1 - lambda) is well above 1 (a review: one penalty row per row
    topped each weight up too rarely, and P reached 1.9e7 P_0 at 500 units and 0.95,
    held only by the trace bound on 20 % of the rows)."""
    from skreservoir import Reservoir
    from skreservoir.readout._force import FORGETTING_TRACE_BOUND

    u = np.sin(0.1 * np.arange(1501)).reshape(-1, 1)
    states = Reservoir(n_units=n_units, leak_rate=0.3, random_state=0).fit_transform(u[:-1])
    readout = ForceReadout(1e-2, forgetting_factor=forgetting_factor).fit(states, u[1:, 0])
    eigenvalues = np.linalg.eigvalsh(readout.P_)
    assert eigenvalues.min() > 0
    assert eigenvalues.max() * readout.alpha < 2.0
    assert np.trace(readout.P_) < 1e-3 * FORGETTING_TRACE_BOUND * (n_units + 1) / readout.alpha
