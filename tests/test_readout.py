"""Tests for skreservoir.readout (RidgeReadout, RidgeReadoutClassifier)."""

import pickle

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import Ridge, RidgeClassifier

from skreservoir import RidgeReadout, RidgeReadoutClassifier
from skreservoir.exceptions import ReadoutSolveWarning, WarmupWarning
from skreservoir.readout import ForceReadout, ForceReadoutClassifier, LMSReadout

LABELS = np.array(["cat", "dog", "eel", "fox"])


def _regression(n_samples=200, n_features=5, n_outputs=None, offset=0.0, seed=0):
    """Correlated features (optionally with a large mean) and noisy linear targets."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, n_features)) @ rng.normal(size=(n_features, n_features))
    coef = rng.normal(size=(n_features, n_outputs or 1))
    y = X @ coef + 0.5 + 0.1 * rng.normal(size=(n_samples, n_outputs or 1))
    return X + offset, (y[:, 0] if n_outputs is None else y)


def _classification(n_samples=200, n_features=5, n_classes=3, seed=0):
    """Features and string labels that depend on them (every class present)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, n_features))
    scores = X @ rng.normal(size=(n_features, n_classes)) + rng.normal(size=(n_samples, n_classes))
    y = LABELS[np.argmax(scores, axis=1)]
    y[:n_classes] = LABELS[:n_classes]
    return X, y


def _targets_for(Estimator, y):
    """String labels for the classifier, +1/-1 floats for the regressor."""
    return y if Estimator is RidgeReadoutClassifier else np.where(y == "dog", 1.0, -1.0)


def _split(array, sizes):
    """Consecutive chunks of ``array`` with the given numbers of rows."""
    return np.split(array, np.cumsum(sizes)[:-1])


def _panel_lists(n_features=4, n_outputs=2, lengths=(30, 17, 45), seed=1):
    """A list panel of unequal-length series with matching target series."""
    rng = np.random.default_rng(seed)
    Xs = [rng.normal(size=(n, n_features)) for n in lengths]
    W = rng.normal(size=(n_features, n_outputs))
    ys = [x @ W + 0.1 * rng.normal(size=(len(x), n_outputs)) for x in Xs]
    return Xs, ys


# -- oracles: scikit-learn's Ridge and RidgeClassifier ------------------------
@pytest.mark.parametrize("alpha", [0.0, 1e-6, 1.0, 100.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("n_outputs", [None, 1, 3])
@pytest.mark.parametrize("offset", [0.0, 1e3])
def test_ridge_readout_matches_sklearn_ridge(alpha, fit_intercept, n_outputs, offset):
    """Check that RidgeReadout equals sklearn's Ridge, also for features with a large mean."""
    X, y = _regression(n_outputs=n_outputs, offset=offset)
    ours = RidgeReadout(alpha, fit_intercept=fit_intercept).fit(X, y)
    ref = Ridge(alpha, fit_intercept=fit_intercept, solver="svd").fit(X, y)
    # Without an intercept, features with a mean of 1e3 cannot be centred and
    # cond(X.T @ X) ~ 1e8 bounds how well any normal-equation solve agrees.
    rtol, atol = (1e-6, 1e-7) if offset and not fit_intercept else (1e-8, 1e-10)
    # Ridge ravels coef_ and predictions for a (n, 1) target; we keep the 2D shapes.
    shape = (5,) if n_outputs is None else (n_outputs, 5)
    assert np.shape(ours.coef_) == shape
    assert np.shape(ours.intercept_) == shape[:-1]
    assert_allclose(ours.coef_, np.reshape(ref.coef_, shape), rtol=rtol, atol=atol)
    assert_allclose(ours.intercept_, ref.intercept_, rtol=rtol, atol=atol)
    assert_allclose(np.ravel(ours.predict(X)), np.ravel(ref.predict(X)), rtol=rtol, atol=atol)
    assert ours.n_samples_seen_ == len(X)
    assert ours.n_features_in_ == X.shape[1]


@pytest.mark.parametrize("offset", [1e4, 1e6])
def test_ridge_readout_is_invariant_to_feature_shift(offset):
    """Check that shifting every feature by a large constant changes only the intercept."""
    X, y = _regression(n_outputs=2)
    plain = RidgeReadout(alpha=1e-8).fit(X, y)
    shifted = RidgeReadout(alpha=1e-8).fit(X + offset, y)
    assert_allclose(shifted.coef_, plain.coef_, rtol=1e-7)
    assert_allclose(shifted.predict(X + offset), plain.predict(X), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("n_classes", [2, 3, 4])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("alpha", [1e-6, 1.0, 30.0])
def test_classifier_matches_sklearn_ridge_classifier(n_classes, fit_intercept, alpha):
    """Check that RidgeReadoutClassifier equals sklearn's RidgeClassifier with string labels."""
    X, y = _classification(n_classes=n_classes)
    ours = RidgeReadoutClassifier(alpha, fit_intercept=fit_intercept).fit(X, y)
    ref = RidgeClassifier(alpha, fit_intercept=fit_intercept, solver="svd").fit(X, y)
    assert_array_equal(ours.classes_, ref.classes_)
    # RidgeClassifier ravels coef_ for two classes; ours keeps (1, n_features).
    assert ours.coef_.shape == (1 if n_classes == 2 else n_classes, 5)
    assert_allclose(ours.coef_, np.reshape(ref.coef_, ours.coef_.shape), rtol=1e-8, atol=1e-12)
    assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-8, atol=1e-12)
    assert_allclose(ours.decision_function(X), ref.decision_function(X), rtol=1e-8, atol=1e-10)
    assert_array_equal(ours.predict(X), ref.predict(X))
    assert ours.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-12)


# -- streaming ----------------------------------------------------------------
CHUNKINGS = [[100, 100], [1, 199], [1, 1, 1, 197], [13, 57, 1, 129], [1] * 200]


@pytest.mark.parametrize("sizes", CHUNKINGS)
@pytest.mark.parametrize("n_outputs", [None, 3])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("offset", [0.0, 1e3])
def test_partial_fit_chunks_equal_fit(sizes, n_outputs, fit_intercept, offset):
    """Check that partial_fit over chunks of any sizes gives the coefficients of one fit."""
    X, y = _regression(n_outputs=n_outputs, offset=offset)
    # Uncentred features with a mean of 1e3: cond(X.T @ X) ~ 1e8 amplifies rounding.
    rtol, atol = (1e-7, 1e-7) if offset and not fit_intercept else (1e-10, 1e-12)
    full = RidgeReadout(1e-3, fit_intercept=fit_intercept).fit(X, y)
    streamed = RidgeReadout(1e-3, fit_intercept=fit_intercept)
    for seen, (Xc, yc) in enumerate(zip(_split(X, sizes), _split(y, sizes))):
        assert streamed.partial_fit(Xc, yc) is streamed
        assert streamed.n_samples_seen_ == sum(sizes[: seen + 1])
    assert_allclose(streamed.coef_, full.coef_, rtol=rtol, atol=atol)
    assert_allclose(streamed.intercept_, full.intercept_, rtol=rtol, atol=atol)
    assert_allclose(streamed.predict(X), full.predict(X), rtol=rtol, atol=atol)


def test_fit_discards_earlier_partial_fits():
    """Check that fit after partial_fit starts from scratch."""
    X, y = _regression()
    readout = RidgeReadout(alpha=1e-3).partial_fit(X[::-1] * 3.0, -y)
    readout.fit(X, y)
    fresh = RidgeReadout(alpha=1e-3).fit(X, y)
    assert readout.n_samples_seen_ == len(X)
    assert_allclose(readout.coef_, fresh.coef_, rtol=1e-12)


@pytest.mark.parametrize("sizes", CHUNKINGS)
@pytest.mark.parametrize("n_classes", [2, 4])
def test_classifier_partial_fit_chunks_equal_fit(sizes, n_classes):
    """Check that classifier partial_fit over chunks (with classes) gives the result of one fit."""
    X, y = _classification(n_classes=n_classes)
    full = RidgeReadoutClassifier(alpha=1e-2).fit(X, y)
    streamed = RidgeReadoutClassifier(alpha=1e-2)
    classes = LABELS[:n_classes][::-1]  # order given by the user does not matter
    for Xc, yc in zip(_split(X, sizes), _split(y, sizes)):
        streamed.partial_fit(Xc, yc, classes=classes)
    assert streamed.n_samples_seen_ == len(X)
    assert_array_equal(streamed.classes_, full.classes_)
    assert_allclose(streamed.coef_, full.coef_, rtol=1e-10, atol=1e-13)
    assert_allclose(streamed.intercept_, full.intercept_, rtol=1e-10, atol=1e-13)
    assert_array_equal(streamed.predict(X), full.predict(X))


def test_classifier_partial_fit_requires_classes_on_first_call():
    """Check that the first classifier partial_fit call without classes raises."""
    X, y = _classification()
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        RidgeReadoutClassifier().partial_fit(X, y)


def test_classifier_partial_fit_rejects_unknown_labels():
    """Check that labels outside the declared classes are rejected, naming them."""
    X, y = _classification(n_classes=3)
    clf = RidgeReadoutClassifier().partial_fit(X[:50], y[:50], classes=LABELS[:3])
    y_new = y[50:100].copy()
    y_new[0] = "gnu"
    with pytest.raises(ValueError, match=r"\['gnu'\] that are not in classes"):
        clf.partial_fit(X[50:100], y_new)
    with pytest.raises(ValueError, match="not in classes"):
        RidgeReadoutClassifier().partial_fit(X, y, classes=LABELS[:2])


# -- panels ---------------------------------------------------------------------
def _rows_after(arrays, washout):
    """The rows of every series after its first ``washout`` rows, concatenated."""
    return np.concatenate([a[washout:] for a in arrays])


@pytest.mark.parametrize("washout", [0, 5])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("as_array", [False, True])
def test_panel_fit_equals_fit_on_concatenated_rows(washout, fit_intercept, as_array):
    """Check that a list panel or a 3D panel gives the fit on its rows after washout."""
    Xs, ys = _panel_lists()
    if as_array:
        Xs, ys = np.stack([x[:17] for x in Xs]), np.stack([y[:17] for y in ys])
    params = dict(alpha=1e-2, fit_intercept=fit_intercept)
    ref = RidgeReadout(**params).fit(_rows_after(Xs, washout), _rows_after(ys, washout))
    readout = RidgeReadout(**params, washout=washout).fit(Xs, ys)
    assert readout.n_samples_seen_ == ref.n_samples_seen_
    assert_allclose(readout.coef_, ref.coef_, rtol=1e-10)
    assert_allclose(readout.intercept_, ref.intercept_, rtol=1e-10, atol=1e-13)


def test_panel_with_scalar_targets_per_step():
    """Check that 1D targets per series (list or 2D array) give 1D coefficients and outputs."""
    Xs, ys = _panel_lists(n_outputs=1)
    ys = [y[:, 0] for y in ys]
    readout = RidgeReadout(alpha=1e-2, washout=3).fit(Xs, ys)
    ref = RidgeReadout(alpha=1e-2).fit(_rows_after(Xs, 3), _rows_after(ys, 3))
    assert readout.coef_.shape == (4,)
    assert_allclose(readout.coef_, ref.coef_, rtol=1e-10)
    assert [p.shape for p in readout.predict(Xs)] == [(len(x),) for x in Xs]
    X3, y2 = np.stack([x[:17] for x in Xs]), np.stack([y[:17] for y in ys])
    readout3 = RidgeReadout(alpha=1e-2).fit(X3, y2)
    assert_allclose(readout3.coef_, RidgeReadout(alpha=1e-2).fit(X3, list(y2)).coef_, rtol=1e-12)
    assert readout3.predict(X3).shape == (3, 17)


def test_panel_predictions_keep_structure():
    """Check that predictions on a panel keep its structure and equal per-series predictions."""
    Xs, ys = _panel_lists(n_outputs=2)
    readout = RidgeReadout(alpha=1e-2).fit(Xs, ys)
    from_list = readout.predict(Xs)
    assert isinstance(from_list, list) and len(from_list) == len(Xs)
    for x, p in zip(Xs, from_list):
        assert p.shape == (len(x), 2)
        assert_allclose(p, readout.predict(x), rtol=1e-12)
    X3 = np.stack([x[:17] for x in Xs])
    from_3d = readout.predict(X3)
    assert isinstance(from_3d, np.ndarray) and from_3d.shape == (3, 17, 2)
    assert_allclose(from_3d[1], readout.predict(X3[1]), rtol=1e-12)


@pytest.mark.parametrize("washout", [0, 4])
def test_classifier_on_panels(washout):
    """Check that the classifier fits a panel like its rows after washout, keeping structure."""
    rng = np.random.default_rng(3)
    Xs = [rng.normal(size=(n, 3)) for n in (25, 40, 12)]
    ys = [LABELS[(x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5)] for x in Xs]
    clf = RidgeReadoutClassifier(alpha=1e-2, washout=washout).fit(Xs, ys)
    ref = RidgeReadoutClassifier(alpha=1e-2)
    ref.fit(_rows_after(Xs, washout), _rows_after(ys, washout))
    assert_allclose(clf.coef_, ref.coef_, rtol=1e-10)
    labels, scores = clf.predict(Xs), clf.decision_function(Xs)
    assert [len(p) for p in labels] == [25, 40, 12]
    assert [s.shape for s in scores] == [(n, 3) for n in (25, 40, 12)]
    assert_array_equal(np.concatenate(labels), ref.predict(np.concatenate(Xs)))
    X3 = np.stack([x[:12] for x in Xs])
    assert clf.predict(X3).shape == (3, 12)
    assert clf.decision_function(X3).shape == (3, 12, 3)


@pytest.mark.parametrize("Estimator", [RidgeReadout, RidgeReadoutClassifier])
@pytest.mark.parametrize("washout", [12, 13, 50])
def test_washout_not_shorter_than_every_series_raises(Estimator, washout):
    """Check that a washout as long as the shortest series raises an error naming washout."""
    rng = np.random.default_rng(0)
    Xs = [rng.normal(size=(n, 2)) for n in (20, 12, 30)]
    ys = [np.where(x[:, 0] > 0, 1.0, -1.0) for x in Xs]
    with pytest.raises(ValueError, match=f"washout={washout} must be smaller"):
        Estimator(washout=washout).fit(Xs, ys)
    with pytest.raises(ValueError, match="washout"):
        Estimator(washout=washout).fit(Xs[1], ys[1])


# -- solver fallback ------------------------------------------------------------
def _check_fallback(X, y, fit_intercept):
    with pytest.warns(ReadoutSolveWarning, match="alpha=0"):
        readout = RidgeReadout(alpha=0.0, fit_intercept=fit_intercept).fit(X, y)
    assert np.all(np.isfinite(readout.coef_))
    A = np.hstack([X, np.ones((len(X), 1))]) if fit_intercept else X
    minimum_norm = np.linalg.lstsq(A, y, rcond=None)[0]
    assert_allclose(readout.predict(X), A @ minimum_norm, rtol=1e-8, atol=1e-10)
    return readout


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_rank_deficient_zero_column_warns_and_solves(fit_intercept):
    """Check that a zero feature with alpha=0 warns and gives least-squares predictions."""
    X, y = _regression(n_outputs=2)
    X[:, 2] = 0.0
    _check_fallback(X, y, fit_intercept)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_rank_deficient_duplicated_columns_warn_and_solve(seed, fit_intercept):
    """Check that duplicated features with alpha=0 warn and give least-squares predictions."""
    X, y = _regression(n_samples=50, n_features=3, seed=seed)
    readout = _check_fallback(np.hstack([X, X[:, :1]]), y, fit_intercept)
    # The minimum-norm solution shares the weight equally between the copies.
    assert_allclose(readout.coef_[0], readout.coef_[-1], rtol=1e-8)


# -- bad input ------------------------------------------------------------------
@pytest.mark.parametrize(
    "Estimator, where, value",
    [(RidgeReadout, "X", np.nan), (RidgeReadout, "X", np.inf), (RidgeReadout, "y", np.inf),
     (RidgeReadoutClassifier, "X", np.nan), (RidgeReadoutClassifier, "X", np.inf)],
)
@pytest.mark.parametrize("layout", ["series", "array", "list"])
def test_non_finite_input_raises(Estimator, where, value, layout):
    """Check that NaN or inf in X, or inf in regression targets, raises a ValueError (a
    NaN target is a sparse label, left out: test_readout_leaves_rows_of_nan_targets_out)."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(3, 10, 2)), np.where(rng.normal(size=(3, 10)) > 0, 1.0, -1.0)
    (X if where == "X" else y)[1, 4] = value
    if layout == "series":
        X, y = X[1], y[1]
    elif layout == "list":
        X, y = list(X), list(y)
    with pytest.raises(ValueError, match="NaN|infinity"):
        Estimator().fit(X, y)


@pytest.mark.parametrize("Estimator", [RidgeReadout, RidgeReadoutClassifier])
def test_wrong_number_of_features_at_predict_raises(Estimator):
    """Check that predicting with another number of features raises an error naming features."""
    X, y = _classification(n_classes=2)
    model = Estimator().fit(X, _targets_for(Estimator, y))
    for X_bad in (X[:, :3], X[None, :, :3], [X[:, :3], X[:9, :3]]):
        with pytest.raises(ValueError, match="X has 3 features, but .* is expecting 5 features"):
            model.predict(X_bad)
    with pytest.raises(ValueError, match="same number of features"):
        model.predict([X, X[:, :3]])


@pytest.mark.parametrize("Estimator", [RidgeReadout, RidgeReadoutClassifier])
@pytest.mark.parametrize(
    "X, match",
    [
        (np.ones(10), "Expected 2D array|2-dimensional"),
        (np.ones((2, 5, 3, 2)), "got an array with 4 dimensions"),
        (np.ones((0, 3)), "0 sample"),
        (np.ones((0, 5, 3)), "0 sample"),
        (np.ones((2, 0, 3)), "no time steps or no features"),
        (np.ones((2, 5, 0)), "no time steps or no features"),
        ([np.ones((5, 3)), np.ones((0, 3))], r"X\[1\] has no time step"),
    ],
)
def test_malformed_X_raises(Estimator, X, match):
    """Check that 1D, 4D and empty X raise a ValueError that says what is wrong."""
    y = np.ones(len(X)) if not isinstance(X, list) else [np.ones(len(x)) for x in X]
    with pytest.raises(ValueError, match=match):
        Estimator().fit(X, y)


@pytest.mark.parametrize("Estimator", [RidgeReadout, RidgeReadoutClassifier])
@pytest.mark.parametrize("method", ["fit", "partial_fit"])
@pytest.mark.parametrize("params, match", [
    ({"alpha": -1.0}, "alpha"),
    ({"washout": -2}, "washout"),
])
def test_invalid_parameters_raise(Estimator, method, params, match):
    """Check that a negative alpha or washout raises an error naming the parameter."""
    X, y = _classification(n_classes=2)
    extra = {"classes": LABELS[:2]} if Estimator is RidgeReadoutClassifier else {}
    if method == "fit":
        extra = {}
    with pytest.raises(ValueError, match=f"'{match}' parameter"):
        getattr(Estimator(**params), method)(X, _targets_for(Estimator, y), **extra)


@pytest.mark.parametrize("Estimator", [RidgeReadout, RidgeReadoutClassifier])
def test_missing_y_raises(Estimator):
    """Check that fitting without targets raises an error saying y is required."""
    X, _ = _regression()
    with pytest.raises(ValueError, match="requires y to be passed"):
        Estimator().fit(X, None)
    with pytest.raises(ValueError, match="requires y to be passed"):
        Estimator().fit([X, X], None)


@pytest.mark.parametrize(
    "X, y, match",
    [
        (np.ones((3, 10, 2)), np.ones((3, 9)), r"series 0 have shape \(9,\)"),
        (np.ones((3, 10, 2)), np.ones((2, 10)), "For a panel of 3 series"),
        ([np.ones((10, 2)), np.ones((7, 2))], [np.ones(10), np.ones(8)], "series 1 have shape"),
        ([np.ones((10, 2)), np.ones((7, 2))], [np.ones(10)], "y has 1 series but X has 2"),
        ([np.ones((10, 2)), np.ones((7, 2))], [np.ones(10), np.ones((7, 2))],
         "same number of outputs"),
        (np.ones((10, 2)), np.ones(9), "inconsistent numbers of samples"),
    ],
)
def test_mismatched_targets_raise(X, y, match):
    """Check that targets whose lengths or series count differ from X raise a ValueError."""
    with pytest.raises(ValueError, match=match):
        RidgeReadout().fit(X, y)


def test_changing_outputs_between_partial_fits_raises():
    """Check that partial_fit rejects targets with another number of outputs than before."""
    X, y = _regression(n_outputs=2)
    readout = RidgeReadout().partial_fit(X[:100], y[:100])
    coef = readout.coef_.copy()
    with pytest.raises(ValueError, match="y has 3 outputs but earlier calls to partial_fit had 2"):
        readout.partial_fit(X[100:], np.hstack([y[100:], y[100:, :1]]))
    with pytest.raises(ValueError, match="same number of dimensions"):
        readout.partial_fit(X[100:], y[100:, 0])
    with pytest.raises(ValueError, match="X has 4 features"):
        readout.partial_fit(X[100:, :4], y[100:])
    assert readout.n_samples_seen_ == 100
    assert_array_equal(readout.coef_, coef)


@pytest.mark.parametrize("Estimator", [RidgeReadout, RidgeReadoutClassifier])
def test_predict_before_fit_raises(Estimator):
    """Check that predicting with an unfitted readout raises NotFittedError."""
    with pytest.raises(NotFittedError, match="not fitted yet"):
        Estimator().predict(np.ones((4, 2)))


# -- persistence and cloning ----------------------------------------------------
@pytest.mark.parametrize("Estimator", [RidgeReadout, RidgeReadoutClassifier])
def test_pickle_round_trip_keeps_predictions_and_stream(Estimator):
    """Check that a pickled readout predicts the same and can go on streaming exactly."""
    X, y = _classification(n_classes=3)
    y = _targets_for(Estimator, y)
    extra = {"classes": LABELS[:3]} if Estimator is RidgeReadoutClassifier else {}
    model = Estimator(alpha=1e-2).partial_fit(X[:80], y[:80], **extra)
    restored = pickle.loads(pickle.dumps(model))
    assert_array_equal(restored.predict(X), model.predict(X))
    restored.partial_fit(X[80:], y[80:])
    full = Estimator(alpha=1e-2).fit(X, y)
    assert_allclose(restored.coef_, full.coef_, rtol=1e-10, atol=1e-13)
    assert_allclose(restored.intercept_, full.intercept_, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("Estimator", [RidgeReadout, RidgeReadoutClassifier])
def test_clone_and_refit_is_deterministic(Estimator):
    """Check that a clone is unfitted, keeps the parameters and refits to the same model."""
    X, y = _classification(n_classes=3)
    y = _targets_for(Estimator, y)
    model = Estimator(alpha=0.3, fit_intercept=False, washout=2).fit(X, y)
    twin = clone(model)
    assert twin.get_params() == model.get_params()
    assert not hasattr(twin, "coef_")
    twin.fit(X, y)
    assert_array_equal(twin.coef_, model.coef_)
    assert_array_equal(twin.intercept_, model.intercept_)
    assert_array_equal(twin.predict(X), model.predict(X))


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_sample_weight_equals_sklearn(fit_intercept):
    """Weighted ridge readouts equal scikit-learn's Ridge/RidgeClassifier with the same
    weights; zero weights drop rows; a weighted ESN passes them to its readout."""
    from sklearn.linear_model import Ridge, RidgeClassifier

    from skreservoir import ESNClassifier, ESNRegressor, Reservoir, RidgeReadoutClassifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 5)) + 3
    y = X @ rng.normal(size=5) + rng.normal(size=200)
    w = rng.uniform(0, 3, 200)
    ours = RidgeReadout(1e-2, fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
    ref = Ridge(1e-2, fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
    assert_allclose(ours.coef_, ref.coef_, atol=1e-10)
    assert_allclose(ours.intercept_, ref.intercept_, atol=1e-10)
    labels = np.digitize(y, np.quantile(y, [0.4, 0.8]))
    ours = RidgeReadoutClassifier(1e-2, fit_intercept=fit_intercept).fit(X, labels,
                                                                         sample_weight=w)
    ref = RidgeClassifier(1e-2, fit_intercept=fit_intercept).fit(X, labels, sample_weight=w)
    assert_allclose(ours.coef_, ref.coef_, atol=1e-10)
    mask = w > 1.0
    zeroed = RidgeReadout(1e-2).fit(X, y, sample_weight=np.where(mask, 1.0, 0.0))
    assert_allclose(zeroed.coef_, RidgeReadout(1e-2).fit(X[mask], y[mask]).coef_, atol=1e-10)
    series = rng.normal(size=(300, 1))
    target = np.roll(series[:, 0], 1)
    weights = rng.uniform(0.5, 2, 300)
    esn = ESNRegressor(Reservoir(30, random_state=0), washout=20).fit(series, target,
                                                                      sample_weight=weights)
    states = esn.reservoir_.transform(series)[20:]
    direct = RidgeReadout().fit(states, target[20:], sample_weight=weights[20:])
    assert_allclose(esn.readout_.coef_, direct.coef_, atol=1e-10)
    with pytest.raises(ValueError, match="sample_weight must hold one weight per time step"):
        RidgeReadout().fit(X, y, sample_weight=w[:10])
    # one number weighs every row (a user battery: refused, where Ridge takes it)
    ours = RidgeReadout(1.0, fit_intercept=fit_intercept).fit(X, y, sample_weight=2.0)
    ref = Ridge(1.0, fit_intercept=fit_intercept).fit(X, y, sample_weight=2.0)
    assert_allclose(ours.coef_, ref.coef_, atol=1e-10)
    assert_allclose(esn.fit(series, target, sample_weight=np.float32(3.0)).readout_.coef_,
                    RidgeReadout().fit(states, target[20:], sample_weight=3.0).coef_,
                    atol=1e-10)
    with pytest.raises(ValueError, match="sample_weight must be finite and >= 0"):
        RidgeReadout().fit(X, y, sample_weight=-1.0)
    # ESNClassifier's score takes one number too, as its fit does (a review)
    classifier = ESNClassifier(Reservoir(30, random_state=0)).fit(series, target > 0,
                                                                   sample_weight=2.0)
    assert classifier.score(series, target > 0, sample_weight=2.0) == classifier.score(
        series, target > 0)
    # its weights are checked as fit's are (a user battery: scikit-learn's words)
    for bad, message in (([2.0], "one weight per time step"), (np.nan, "finite and >= 0"),
                         ("a", "must hold numbers")):
        with pytest.raises(ValueError, match=message):
            classifier.score(series, target > 0, sample_weight=bad)


def test_scalar_sample_weight_on_dask_equals_numpy():
    """Check that one number as sample_weight with dask input weighs every step, as with
    numpy (a review: refused with "got shape (1,) ... one weight per series")."""
    da = pytest.importorskip(
        "dask.array", reason='dask is an optional extra (pip install "skreservoir[dask]")')
    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 2))
    y = X.sum(axis=1) + rng.standard_normal(300)
    esn = ESNRegressor(Reservoir(20, random_state=0), washout=10)
    lazy = esn.fit(da.from_array(X, chunks=100), da.from_array(y, chunks=100),
                   sample_weight=2.0).readout_.coef_
    assert_allclose(lazy, esn.fit(X, y, sample_weight=2.0).readout_.coef_, atol=1e-10)


@pytest.mark.parametrize("readout", [RidgeReadoutClassifier, ForceReadoutClassifier],
                         ids=lambda c: c.__name__)
def test_classifier_refuses_a_single_class(readout):
    """Check that fit on one class (a series or a panel) and a first partial_fit with
    classes of one raise a ValueError naming the class; the readout stays unfitted."""
    X, _ = _classification()
    clf = readout()
    match = rf"{readout.__name__} needs samples of at least 2 classes.*only one class: \['cat'\]"
    with pytest.raises(ValueError, match=match):
        clf.fit(X, np.full(len(X), "cat"))
    with pytest.raises(ValueError, match=match):
        clf.fit([X[:50], X[50:]], [np.full(50, "cat"), np.full(len(X) - 50, "cat")])
    with pytest.raises(ValueError, match=r"classes passed to the first partial_fit hold 1"):
        clf.partial_fit(X, np.full(len(X), "cat"), classes=["cat"])
    assert not hasattr(clf, "classes_") and not hasattr(clf, "coef_")


@pytest.mark.parametrize("classes", [[0, 1], [3, 7, 9], ["a", "b"], ["x", "y", "z", "w"],
                                     [False, True], [-1, 1], [2.0, 5.0, 6.0]])
def test_encode_labels_equals_the_label_binarizer(classes):
    """Check the classifier readouts' label encoding, written out for speed (the
    binarizer's transform validated the labels again: 1.5 ms of a one-row partial_fit's
    1.8), against LabelBinarizer(neg_label=-1, pos_label=1) itself, split by series."""
    from sklearn.preprocessing import LabelBinarizer

    from skreservoir.readout._base import encode_labels

    rng = np.random.default_rng(0)
    binarizer = LabelBinarizer(neg_label=-1, pos_label=1).fit(classes)
    values = np.array(classes, dtype=object if isinstance(classes[0], str) else None)
    ys = [rng.choice(values, size=n) for n in (5, 1, 7)]
    expected = np.split(binarizer.transform(np.concatenate(ys)).astype(float), [5, 6])
    for got, want in zip(encode_labels(binarizer, ys), expected):
        np.testing.assert_array_equal(got, want)


def test_readout_score_leaves_its_washout_out_as_the_esn_does():
    """Check that a readout's score leaves out the first washout rows of each series, as
    it leaves them out of training and as ESNRegressor.score does, so that a Pipeline
    (Reservoir, RidgeReadout(washout=...)) scores what the ESN scores, by its score and
    by skreservoir.metrics.get_scorer (a user battery: the pipeline scored R^2 -1.95
    where the same ESN scored 0.996, its transient's predictions counted); the rows of
    a panel's series are scored together, with or without a washout (a review: the
    time steps of a 3D panel were scored as outputs at washout=0), and a series of at
    most washout rows is refused, as fit refuses it."""
    from sklearn.metrics import r2_score
    from sklearn.pipeline import make_pipeline

    from skreservoir import ESNRegressor, Reservoir, RidgeReadout
    from skreservoir.datasets import mackey_glass, to_forecasting
    from skreservoir.metrics import get_scorer

    X, y = to_forecasting(mackey_glass(900), forecast=1)
    y = y[:, 0]
    pipe = make_pipeline(Reservoir(50, random_state=0), RidgeReadout(washout=50))
    esn = ESNRegressor(Reservoir(50, random_state=0), RidgeReadout(), washout=50)
    pipe.fit(X[:600], y[:600])
    esn.fit(X[:600], y[:600])
    with pytest.warns(WarmupWarning):
        expected = esn.score(X[600:], y[600:])
    assert pipe.score(X[600:], y[600:]) == pytest.approx(expected, rel=1e-12)
    assert get_scorer("r2")(pipe, X[600:], y[600:]) == pytest.approx(expected, rel=1e-12)
    assert expected > 0.99

    rng = np.random.default_rng(0)
    for washout in (0, 5):
        readout = RidgeReadout(washout=washout).fit(rng.normal(size=(40, 3)),
                                                    rng.normal(size=40))
        Z = [rng.normal(size=(30, 3)), rng.normal(size=(12, 3))]
        t = [z @ [1.0, 0.5, 0.0] + 0.1 * rng.normal(size=len(z)) for z in Z]
        w = [rng.uniform(size=30), rng.uniform(size=12)]
        p = readout.predict(Z)
        rows = r2_score(np.r_[t[0][washout:], t[1][washout:]],
                        np.r_[p[0][washout:], p[1][washout:]],
                        sample_weight=np.r_[w[0][washout:], w[1][washout:]])
        assert readout.score(Z, t, sample_weight=w) == pytest.approx(rows, rel=1e-12)
        panel = np.stack([Z[0][:12], Z[1]])
        targets = np.stack([t[0][:12], t[1]])
        predicted = readout.predict(panel)
        assert readout.score(panel, targets) == pytest.approx(r2_score(
            targets[:, washout:].ravel(), predicted[:, washout:].ravel()), rel=1e-12)
    with pytest.raises(ValueError, match=r"washout=5 must be smaller.*4 time steps"):
        readout.score([Z[0], Z[1][:4]], [t[0], t[1][:4]])


@pytest.mark.parametrize("name", ["RidgeReadoutClassifier", "ForceReadoutClassifier"])
def test_classifier_readout_refuses_columns_of_labels_naming_what_to_pass(name):
    """Check that one-hot rows or multilabel indicators given to a classifier readout name
    argmax, ESNClassifier and MultiOutputClassifier (scikit-learn's bare 'y should be a
    1d array' before: a user battery), while one column of labels and a panel's
    (n_series, n_timesteps) labels are taken."""
    import skreservoir

    cls = getattr(skreservoir, name)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(60, 2)), rng.integers(0, 2, size=(60, 3))
    with pytest.raises(ValueError, match=rf"{name} takes one label per row.*shape \(60, 3\).*"
                                         rf"y.argmax\(axis=-1\).*MultiOutputClassifier"):
        cls().fit(X, Y)
    with pytest.raises(ValueError, match="takes one label per row"):
        cls().partial_fit(X, Y, classes=[0, 1])
    assert_array_equal(cls().fit(X.reshape(3, 20, 2), Y[:, 0].reshape(3, 20)).classes_, [0, 1])


def test_readout_checks_of_a_battery():
    """Check a battery's cases: one-hot labels of a list of series (classes_ [0., 1.] and
    24 % accuracy, silently) and one-hot labels at score are refused as in fit; a
    regression readout's score without y names it, and rows of NaN targets are left
    out of its score (as ESNRegressor.score leaves them out) rather than refused."""
    from sklearn.metrics import r2_score

    rng = np.random.default_rng(0)
    Z = [rng.normal(size=(8, 2)), rng.normal(size=(12, 2))]
    onehot = [np.eye(2)[rng.integers(0, 2, len(z))] for z in Z]
    with pytest.raises(ValueError, match="takes one label per row"):
        RidgeReadoutClassifier().fit(Z, onehot)
    labels = [o.argmax(axis=1) for o in onehot]
    clf = RidgeReadoutClassifier().fit(Z, labels)
    with pytest.raises(ValueError, match="takes one label per row"):
        clf.score(Z[0], onehot[0])
    assert 0.0 <= clf.score(Z[0], labels[0]) <= 1.0

    X = rng.normal(size=(50, 2))
    y = X @ [1.0, -1.0] + 0.1 * rng.normal(size=50)
    readout = RidgeReadout().fit(X, y)
    with pytest.raises(ValueError, match=r"RidgeReadout.score needs the true targets y"):
        readout.score(X, None)
    gaps = y.copy()
    gaps[[3, 30]] = np.nan
    kept = ~np.isnan(gaps)
    assert readout.score(X, gaps) == pytest.approx(
        r2_score(y[kept], readout.predict(X)[kept]), rel=1e-12)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_classifier_readout_scores_a_panels_rows_together(n_classes):
    """Check that a classifier readout's score on a panel pools the labels of every row
    of every series, by score, a Pipeline's score and get_scorer('accuracy') alike (a
    review: scikit-learn's ClassifierMixin.score read a (n_series, n_timesteps) panel
    of two classes as multilabel rows, accuracy 0.0 for 0.94, and raised for three),
    counting the washout rows as ESNClassifier.score does."""
    from sklearn.metrics import accuracy_score
    from sklearn.pipeline import make_pipeline

    from skreservoir import Reservoir
    from skreservoir.metrics import get_scorer

    rng = np.random.default_rng(0)
    X = rng.normal(size=(6, 40, 1))
    labels = np.digitize(X[..., 0], np.quantile(X, np.linspace(0, 1, n_classes + 1)[1:-1]))
    pipe = make_pipeline(Reservoir(20, random_state=0),
                         RidgeReadoutClassifier(washout=5)).fit(X, labels)
    predicted = pipe.predict(X)
    expected = accuracy_score(labels.ravel(), predicted.ravel())
    assert expected > 0.5
    assert pipe.score(X, labels) == pytest.approx(expected, rel=1e-12)
    assert get_scorer("accuracy")(pipe, X, labels) == pytest.approx(expected, rel=1e-12)
    assert pipe.score(list(X), list(labels)) == pytest.approx(expected, rel=1e-12)


def test_one_series_as_lists_with_a_missing_target():
    """Check that one series typed as lists (X.tolist(), y.tolist()) with a NaN target
    fits an ESN and scores a readout, its row left out (a review: IndexError 'tuple
    index out of range', the list of numbers read as a list of series)."""
    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    y = X @ [1.0, -1.0]
    gaps = y.copy()
    gaps[3] = np.nan
    readout = RidgeReadout().fit(X, y)
    assert readout.score(X.tolist(), gaps.tolist()) == pytest.approx(1.0, abs=1e-9)
    ESNRegressor(Reservoir(10, random_state=0), washout=0).fit(X.tolist(), gaps.tolist())


@pytest.mark.parametrize("Readout", [RidgeReadout, ForceReadout, LMSReadout])
def test_readout_leaves_rows_of_nan_targets_out(Readout):
    """Check that a regression readout fitted on sparse labels (NaN targets) equals the
    readout fitted on the other rows, in fit and in a one-row stream, as ESNRegressor
    leaves them out (before: scikit-learn's 'Input y contains NaN')."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 6))
    y = X @ rng.normal(size=6) + 0.1 * rng.normal(size=90)
    gaps = y.copy()
    gaps[::3] = np.nan  # the first row too
    kept = ~np.isnan(gaps)
    np.testing.assert_allclose(Readout().fit(X, gaps).coef_, Readout().fit(X[kept], y[kept]).coef_,
                               rtol=1e-10, atol=1e-12)
    # with a washout: the first rows go whatever their targets, then the NaN rows
    weighted = Readout(washout=10).fit(X, np.nan_to_num(gaps), sample_weight=kept * 1.0)
    np.testing.assert_allclose(Readout(washout=10).fit(X, gaps).coef_, weighted.coef_,
                               rtol=1e-10, atol=1e-12)
    stream, reference = Readout(), Readout()
    stream.partial_fit(X[:1], gaps[:1])  # no target yet: nothing learnt
    assert not hasattr(stream, "coef_")
    for i in range(1, 90):
        stream.partial_fit(X[i : i + 1], gaps[i : i + 1])
        if kept[i]:
            reference.partial_fit(X[i : i + 1], y[i : i + 1])
    np.testing.assert_allclose(stream.coef_, reference.coef_, rtol=1e-10, atol=1e-12)
    assert stream.n_samples_seen_ == reference.n_samples_seen_ == kept.sum()


def test_pipeline_with_sparse_labels_equals_the_esn():
    """Check that make_pipeline(Reservoir, RidgeReadout) fitted on NaN targets equals
    ESNRegressor with the same reservoir and washout (both leave the NaN rows out), on
    numpy and on dask."""
    from sklearn.pipeline import make_pipeline

    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 2))
    y = np.convolve(X[:, 0], np.ones(3), mode="same")
    y[rng.random(200) < 0.4] = np.nan
    pipe = make_pipeline(Reservoir(n_units=30, random_state=0), RidgeReadout(washout=20))
    pipe.fit(X, y)
    esn = ESNRegressor(Reservoir(n_units=30, random_state=0), RidgeReadout(), washout=20)
    esn.fit(X, y)
    np.testing.assert_allclose(pipe[-1].coef_, esn.readout_.coef_, rtol=1e-9, atol=1e-12)
    da = pytest.importorskip("dask.array", reason='dask is an optional extra (pip install "skreservoir[dask]")')
    states = pipe[0].transform(X)
    lazy = RidgeReadout(washout=20).fit(da.from_array(states, chunks=(50, 30)),
                                        da.from_array(y, chunks=50))
    np.testing.assert_allclose(lazy.coef_, pipe[-1].coef_, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("Readout", [RidgeReadout, ForceReadout, LMSReadout])
def test_stream_rows_of_weight_zero_are_left_out_as_missing_targets(Readout):
    """Check that one-row partial_fit calls of weight 0 learn nothing, as rows of NaN
    targets do, in an ESN stream and for a readout alone (before: 'sample_weight is all
    zero' raised at the first masked step); fit with only weights 0 still raises."""
    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 1))
    y = np.sin(np.cumsum(X[:, 0]))
    weighted = ESNRegressor(Reservoir(20, random_state=0), Readout(), washout=0)
    missing = ESNRegressor(Reservoir(20, random_state=0), Readout(), washout=0)
    for t in range(60):
        w = 0.0 if t % 4 == 0 else 1.0  # the first row too
        weighted.partial_fit(X[t : t + 1], y[t : t + 1], sample_weight=[w])
        missing.partial_fit(X[t : t + 1], y[t : t + 1] if w else [np.nan])
    assert_allclose(weighted.readout_.coef_, missing.readout_.coef_, rtol=1e-12, atol=1e-15)
    readout = Readout().partial_fit(np.ones((1, 3)), [1.0], sample_weight=[0.0])
    assert not hasattr(readout, "coef_")
    with pytest.raises(ValueError, match="sample_weight is all zero"):
        Readout().fit(np.ones((3, 3)), [1.0, 2.0, 3.0], sample_weight=[0.0, 0.0, 0.0])


@pytest.mark.parametrize("Readout", [RidgeReadoutClassifier, ForceReadoutClassifier])
def test_classifier_stream_rows_of_weight_zero_learn_nothing(Readout):
    """Check that ESNClassifier's one-row partial_fit calls of weight 0 learn nothing (the
    stream equals the one without those rows' updates; before: 'sample_weight is all
    zero'), that a first such call leaves the readout unfitted and says why (not 'within
    the washout' at washout=0), and that fit with only weights 0 still raises."""
    from skreservoir import ESNClassifier, Reservoir

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] > 0).astype(int)
    weights = np.where(np.arange(60) % 4 == 0, 0.0, 1.0)  # the first row too
    weighted = ESNClassifier(Reservoir(20, random_state=0), Readout(), washout=0)
    for t in range(60):
        weighted.partial_fit(X[t : t + 1], y[t : t + 1], classes=[0, 1],
                             sample_weight=weights[t : t + 1])
    fitted = ESNClassifier(Reservoir(20, random_state=0), Readout(), washout=0)
    fitted.fit(X, y, sample_weight=weights)
    assert_allclose(weighted.readout_.coef_, fitted.readout_.coef_, rtol=1e-9, atol=1e-9)
    assert_allclose(weighted.state_, fitted.state_)
    first = ESNClassifier(Reservoir(20, random_state=0), Readout(), washout=0)
    first.partial_fit(X[:3], y[:3], classes=[0, 1], sample_weight=np.zeros(3))
    with pytest.raises(NotFittedError, match="carry no target.*sample_weight 0"):
        first.predict(X[:3])
    first.partial_fit(X[3:20], y[3:20])  # the classes of the first call stand
    assert_array_equal(first.classes_, [0, 1])
    readout = Readout().partial_fit(np.ones((1, 3)), [1], classes=[0, 1], sample_weight=[0.0])
    assert not hasattr(readout, "coef_")
    with pytest.raises(NotFittedError):
        readout.predict(np.ones((1, 3)))
    # the classes given stand for the next call (a review: "classes must be passed on the
    # first call"), as ESNClassifier's do
    readout.partial_fit(np.eye(3), [0, 1, 0])
    assert_array_equal(readout.classes_, [0, 1])
    reference = Readout().partial_fit(np.eye(3), [0, 1, 0], classes=[0, 1])
    assert_allclose(readout.coef_, reference.coef_)
    with pytest.raises(ValueError, match="sample_weight is all zero"):
        Readout().fit(np.ones((3, 3)), [0, 1, 0], sample_weight=[0.0, 0.0, 0.0])


def test_ragged_panel_weights_in_another_order_are_named():
    """Check that per-series weights of a ragged panel given in another order get the
    structure message and the fix (before: numpy's 'inhomogeneous shape' from the
    message's own np.ndim)."""
    rng = np.random.default_rng(0)
    X = [rng.normal(size=(50, 2)), rng.normal(size=(20, 2))]
    y = [rng.normal(size=50), rng.normal(size=20)]
    with pytest.raises(ValueError, match="lengths in another order: give them in the order"):
        RidgeReadout().fit(X, y, sample_weight=[np.ones(20), np.ones(50)])


@pytest.mark.parametrize("Readout", [RidgeReadout, ForceReadout, LMSReadout])
def test_fit_with_weight_only_on_nan_targets_is_refused_by_name(Readout):
    """Check that fit whose positive weights all fall on rows of NaN targets says that no
    target is left (a review: zero coefficients from ForceReadout, numpy's 'zero-size
    array' from LMSReadout, 'normal equations overflowed' from RidgeReadout), and that
    a first partial_fit chunk without target leaves the readout unfitted (NotFittedError,
    not an AttributeError on coef_)."""
    X = np.random.default_rng(0).normal(size=(20, 3))
    y = X[:, 0].copy()
    y[:10] = np.nan
    with pytest.raises(ValueError, match="no target left to train on.*NaN target or a weight of 0"):
        Readout().fit(X, y, sample_weight=np.r_[np.ones(10), np.zeros(10)])
    readout = Readout().partial_fit(X[:2], [np.nan, np.nan])
    with pytest.raises(NotFittedError):
        readout.predict(X[:2])


def test_dask_readout_without_targets():
    """Check that a dask RidgeReadout whose targets are all NaN says so at fit and learns
    nothing at a first partial_fit, as in memory (a review: 0/0 warnings and 'normal
    equations overflowed')."""
    da = pytest.importorskip("dask.array", reason='dask is an optional extra (pip install "skreservoir[dask]")')
    X = da.from_array(np.random.default_rng(0).normal(size=(100, 3)), chunks=50)
    y = da.from_array(np.full(100, np.nan), chunks=50)
    with pytest.raises(ValueError, match="no target left to train on"):
        RidgeReadout().fit(X, y)
    readout = RidgeReadout().partial_fit(X, y)
    with pytest.raises(NotFittedError):
        readout.predict(X)


def test_dask_no_target_fit_leaves_readout_and_esn_as_in_memory():
    """Check that a dask RidgeReadout.fit refused for want of targets leaves a fitted
    readout as it was (a review: n_features_in_ of the new X, coef_ of the old fit), and
    that a dask ESNRegressor panel without targets says so at fit (not 'normal equations
    overflowed') and learns nothing at a first partial_fit, as in memory."""
    da = pytest.importorskip("dask.array", reason='dask is an optional extra (pip install "skreservoir[dask]")')
    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(0)
    readout = RidgeReadout().fit(rng.normal(size=(50, 3)), rng.normal(size=50))
    coef = readout.coef_.copy()
    X = da.from_array(rng.normal(size=(100, 5)), chunks=50)
    with pytest.raises(ValueError, match="no target left to train on: .* NaN target, and"):
        readout.fit(X, da.from_array(np.full(100, np.nan), chunks=50))
    assert readout.n_features_in_ == 3
    assert_array_equal(readout.coef_, coef)
    readout.predict(rng.normal(size=(4, 3)))
    panel = da.from_array(rng.normal(size=(4, 30, 2)), chunks=(2, 30, 2))
    targets = da.from_array(np.full((4, 30), np.nan), chunks=(2, 30))
    with pytest.raises(ValueError, match="no target left to train on"):
        ESNRegressor(Reservoir(10, random_state=0), washout=2).fit(panel, targets)
    esn = ESNRegressor(Reservoir(10, random_state=0), washout=2).partial_fit(panel, targets)
    with pytest.raises(NotFittedError, match="carry no target"):
        esn.predict(panel[0].compute())


@pytest.mark.parametrize("Readout", [RidgeReadout, ForceReadout, LMSReadout,
                                     RidgeReadoutClassifier, ForceReadoutClassifier])
def test_fit_with_weights_only_in_the_washout_is_refused(Readout):
    """Check that fit whose positive weights all fall in the washout raises, naming the
    weights (a review: fit returned without fitting, a fitted readout keeping the
    coefficients of its earlier fit), and leaves a fitted readout as it was."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3))
    y = (X[:, 0] > 0).astype(int) if "Classifier" in Readout.__name__ else X[:, 0]
    weights = np.r_[np.ones(5), np.zeros(15)]
    readout = Readout(washout=5).fit(X, y)
    coef = readout.coef_.copy()
    with pytest.raises(ValueError, match="sample_weight leaves nothing to train on: .*weight of 0"):
        readout.fit(X, y, sample_weight=weights)
    assert_array_equal(readout.coef_, coef)


def test_stream_chunk_checks_hold_where_it_learns_nothing():
    """Check that a partial_fit chunk with nothing to learn (NaN targets) is still checked
    for its length against the washout and for its outputs (a review: accepted silently
    with a NaN, refused without), and that n_samples_seen_ counts the rows used (of a
    target and a positive weight) on every path."""
    rng = np.random.default_rng(0)
    readout = RidgeReadout(washout=5).partial_fit(rng.normal(size=(20, 3)),
                                                  rng.normal(size=(20, 2)))
    with pytest.raises(ValueError, match="washout=5 must be smaller"):
        readout.partial_fit(rng.normal(size=(3, 3)), np.full((3, 2), np.nan))
    with pytest.raises(ValueError, match="y has 3 outputs but earlier calls"):
        readout.partial_fit(rng.normal(size=(10, 3)), np.full((10, 3), np.nan))
    X, y = rng.normal(size=(40, 3)), rng.normal(size=40)
    y[::4] = np.nan
    weights = np.where(np.arange(40) % 5 == 0, 0.0, 1.0)
    used = int(np.count_nonzero(~np.isnan(y[5:]) & (weights[5:] > 0)))
    for Readout in (RidgeReadout, ForceReadout, LMSReadout):
        assert Readout(washout=5).fit(X, y, sample_weight=weights).n_samples_seen_ == used
    da = pytest.importorskip("dask.array", reason='dask is an optional extra (pip install "skreservoir[dask]")')
    fitted = RidgeReadout(washout=5).fit(da.from_array(X, chunks=20), da.from_array(y, chunks=20),
                                         sample_weight=da.from_array(weights, chunks=20))
    assert fitted.n_samples_seen_ == used


@pytest.mark.parametrize("Readout", [RidgeReadoutClassifier, ForceReadoutClassifier])
def test_classifier_chunk_checks_hold_where_it_learns_nothing(Readout):
    """Check that a classifier's partial_fit chunk of weights 0 is still checked for its
    labels and its length against the washout (a review: a label outside classes_ and a
    chunk shorter than the washout were accepted with weights 0), and that fit on a
    series shorter than the washout names the washout, not the weights."""
    rng = np.random.default_rng(0)
    readout = Readout(washout=5).partial_fit(rng.normal(size=(20, 3)), np.arange(20) % 2,
                                             classes=[0, 1])
    with pytest.raises(ValueError, match=r"labels \[7\] that are not in classes"):
        readout.partial_fit(rng.normal(size=(10, 3)), np.full(10, 7), sample_weight=np.zeros(10))
    with pytest.raises(ValueError, match="washout=5 must be smaller"):
        readout.partial_fit(rng.normal(size=(3, 3)), [0, 1, 0], sample_weight=np.zeros(3))
    with pytest.raises(ValueError, match="washout=5 must be smaller"):
        Readout(washout=5).fit(rng.normal(size=(3, 3)), [0, 1, 0], sample_weight=np.ones(3))


@pytest.mark.parametrize("dask", [False, True])
def test_a_failed_esn_refit_leaves_the_fitted_model_as_it_was(dask):
    """Check that an ESN fit that raises (here no target left) leaves a fitted model
    predicting as before, on numpy and dask (a review: n_features_in_ of the new X and
    an unfitted readout, so that it predicted neither X)."""
    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 2)), np.sin(np.arange(60) / 4)
    panel, targets = rng.normal(size=(4, 30, 3)), np.full((4, 30), np.nan)
    if dask:
        da = pytest.importorskip("dask.array", reason='dask is an optional extra (pip install "skreservoir[dask]")')
        panel, targets = da.from_array(panel, chunks=(2, 30, 3)), da.from_array(targets, chunks=(2, 30))
    esn = ESNRegressor(Reservoir(20, random_state=0), washout=6).fit(X, y)
    before = esn.predict(X[:5])
    with pytest.raises(ValueError, match="no target left"):
        esn.fit(panel, targets)
    assert esn.n_features_in_ == 2
    assert_allclose(esn.predict(X[:5]), before)
