"""Tests of ESNRegressor and ESNClassifier."""

import pickle
import warnings

import numpy as np
import pytest
from array_api_compat import array_namespace
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skreservoir import (
    ESNClassifier,
    ESNRegressor,
    ESNTransformer,
    ForceReadout,
    LMSReadout,
    Reservoir,
    RidgeReadout,
    RidgeReadoutClassifier,
)
from skreservoir.datasets import mackey_glass, to_forecasting
from skreservoir.exceptions import WarmupWarning
from skreservoir.metrics import nrmse


@pytest.fixture(scope="module")
def mg():
    """Mackey-Glass one-step forecasting data: (X, y), 2500 steps."""
    return to_forecasting(mackey_glass(2501), forecast=1)


def small_esn(alpha=1e-6, **params):
    reservoir = Reservoir(n_units=60, leak_rate=0.3, spectral_radius=1.0, random_state=0)
    return ESNRegressor(reservoir, RidgeReadout(alpha=alpha), **params)


def test_fit_equals_reservoir_plus_sklearn_ridge(mg):
    """Check that the ESN equals Reservoir states + sklearn Ridge after washout."""
    X, y = mg[0][:500], mg[1][:500, 0]
    esn = small_esn(washout=50).fit(X, y)
    states = esn.reservoir_.transform(X)
    ridge = Ridge(alpha=1e-6).fit(states[50:], y[50:])
    assert_allclose(esn.readout_.coef_, ridge.coef_, rtol=1e-6, atol=1e-8)
    assert_allclose(esn.predict(X), ridge.predict(states), rtol=1e-7, atol=1e-9)


def test_include_input_extends_the_state(mg):
    """Check that include_input gives the readout [u, x]."""
    X, y = mg[0][:400], mg[1][:400, 0]
    esn = small_esn(include_input=True).fit(X, y)
    features = np.hstack([X, esn.reservoir_.transform(X)])
    ridge = Ridge(alpha=1e-6).fit(features[esn.washout_:], y[esn.washout_:])
    assert esn.readout_.coef_.shape == (61,)
    assert_allclose(esn.predict(X), ridge.predict(features), rtol=1e-7, atol=1e-9)


def test_mackey_glass_one_step_and_closed_loop(mg):
    """Check that an N=500 ESN reaches one-step NRMSE < 1e-2 and generates boundedly."""
    X, y = mg
    esn = ESNRegressor(
        Reservoir(n_units=500, spectral_radius=1.25, leak_rate=0.3, random_state=0),
        RidgeReadout(alpha=1e-7), washout=100,
    ).fit(X[:2000], y[:2000])
    y_pred = esn.predict(X)  # the test part is scored after the training part
    score = nrmse(y[2000:], y_pred[2000:])
    assert score < 1e-2
    generated = esn.generate(100)
    assert generated.shape == (100, 1)
    assert np.all(np.isfinite(generated))
    low, high = X.min(), X.max()
    span = high - low
    assert np.all((generated > low - 0.5 * span) & (generated < high + 0.5 * span))
    # row 0 forecasts the value after the last training input, y[1999]; the
    # closed loop follows the true continuation over the 100 steps
    assert nrmse(y[1999:2099], generated) < 0.1


def test_generate_equals_manual_closed_loop(mg):
    """Check generate against a loop of reservoir steps and readout predictions."""
    X, y = mg[0][:300], mg[1][:300, 0]
    esn = small_esn(include_input=True).fit(X, y)
    reservoir, readout = esn.reservoir_, esn.readout_
    x, u = reservoir.transform(X)[-1], X[-1]
    expected = []
    for _ in range(30):
        out = readout.predict(np.concatenate([u, x])[None])[0]
        expected.append(out)
        u = np.array([out])
        x = np.tanh(reservoir.W_in_ @ u + reservoir.W_ @ x + reservoir.bias_) * 0.3 + 0.7 * x
    assert_allclose(esn.generate(30)[:, 0], expected, rtol=1e-10)
    # row 0 is the forecast of the value after the last input: predict's last row
    assert_allclose(esn.generate(1)[0, 0], esn.predict(X)[-1], rtol=1e-12)


def test_generate_with_any_readout_and_warmup(mg):
    """Check that a sklearn Ridge readout generates like RidgeReadout, and warmup works."""
    X, y = mg[0][:300], mg[1][:300]
    ours = small_esn().fit(X, y)
    theirs = ESNRegressor(Reservoir(n_units=60, leak_rate=0.3, spectral_radius=1.0,
                                    random_state=0), Ridge(alpha=1e-6)).fit(X, y)
    assert_allclose(ours.generate(20), theirs.generate(20), rtol=1e-6)
    assert_allclose(ours.generate(20, warmup=X), ours.generate(20), rtol=1e-12)
    assert not np.allclose(ours.generate(20, warmup=X[:150]), ours.generate(20))


def test_generate_errors(mg):
    """Check the errors of generate: outputs != inputs, bad n_steps, no start."""
    X, y = mg[0][:100], mg[1][:100]
    esn = small_esn().fit(X, np.hstack([y, y]))
    with pytest.raises(ValueError, match="as many outputs as inputs"):
        esn.generate(5)
    esn = small_esn().fit(X, y)
    with pytest.raises(ValueError, match="n_steps"):
        esn.generate(0)
    with pytest.raises(ValueError, match="warmup"):
        esn.reset_state().generate(5)
    with pytest.raises(ValueError, match="not a panel"):
        esn.generate(5, warmup=X[None])


def test_reset_state_then_continue_is_reservoirpys_reset_and_run(mg):
    """Check the port of ReservoirPy's ``reset(); run(X_warm); run(X_next)`` that the
    docs give: reset_state() then predict(..., initial_state="continue") twice equals
    one prediction of both from rest; "rest" leaves the state where it was; and the
    recipe generate's error gives for a warm-up with inputs drives the model from the
    end of the warm-up."""
    X, y = mg[0][:400], mg[1][:400]
    esn = small_esn().fit(X[:300], y[:300])
    whole = esn.predict(X[300:400], initial_state="rest")
    trained_end = np.array(esn.state_)
    esn.predict(X[300:350], initial_state="rest")
    assert_array_equal(esn.state_, trained_end)  # "rest" moves nothing
    esn.reset_state()
    warm = esn.predict(X[300:350], initial_state="continue")
    after = esn.predict(X[350:400], initial_state="continue")
    assert_allclose(np.concatenate([warm, after]), whole, rtol=1e-10, atol=1e-12)
    with pytest.raises(ValueError, match="reset_state.*initial_state='continue'.*inputs="):
        esn.generate(50, warmup=X[300:350], inputs=X[350:400])
    esn.reset_state()
    esn.predict(X[300:350], initial_state="continue")
    driven = esn.generate(50, inputs=X[350:400])
    assert_allclose(driven.reshape(after.shape), after, rtol=1e-10, atol=1e-12)


def test_partial_fit_chunks_equal_one_call(mg):
    """Check that streaming chunks equals one partial_fit and fit, washout across chunks."""
    # a well-conditioned alpha, so that rounding differences between the two
    # summation orders stay at machine precision in the coefficients
    X, y = mg[0][:600], mg[1][:600]
    whole = small_esn(alpha=1e-2, washout=70).fit(X, y)
    streamed = small_esn(alpha=1e-2, washout=70)
    for start, stop in [(0, 30), (30, 100), (100, 101), (101, 600)]:
        streamed.partial_fit(X[start:stop], y[start:stop])
    assert streamed.n_steps_seen_ == 600
    assert_allclose(streamed.readout_.coef_, whole.readout_.coef_, rtol=1e-9, atol=1e-12)
    assert_allclose(streamed.state_, whole.state_, rtol=1e-12)
    assert_allclose(streamed.predict(X), whole.predict(X), rtol=1e-10)


def test_partial_fit_panel_and_reset_state(mg):
    """Check that a panel in partial_fit equals fit, and reset_state starts a new stream."""
    X, y = mg
    panel_X, panel_y = [X[:200], X[300:450]], [y[:200], y[300:450]]
    fitted = small_esn(alpha=1e-2, washout=20).fit(panel_X, panel_y)
    streamed = small_esn(alpha=1e-2, washout=20).partial_fit(panel_X, panel_y)
    assert_allclose(streamed.readout_.coef_, fitted.readout_.coef_, rtol=1e-9, atol=1e-12)

    two_series = small_esn(alpha=1e-2, washout=20)
    two_series.partial_fit(X[:200], y[:200]).reset_state().partial_fit(X[300:450], y[300:450])
    assert_allclose(two_series.readout_.coef_, fitted.readout_.coef_, rtol=1e-9, atol=1e-12)


def test_partial_fit_needs_an_online_readout(mg):
    """Check that partial_fit is unavailable with a readout lacking partial_fit (hasattr
    False, as scikit-learn's available_if: MultiOutputRegressor probes it), before and
    after fit (a battery: after fit, "'Ridge' object has no attribute 'partial_fit'"),
    the AttributeError saying what to use."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.multioutput import MultiOutputRegressor

    X, y = mg[0][:50], mg[1][:50]
    esn = ESNRegressor(Reservoir(n_units=20, random_state=0), Ridge())
    assert not hasattr(esn, "partial_fit")
    assert not hasattr(MultiOutputRegressor(esn), "partial_fit")
    message = "partial_fit needs a readout with partial_fit; Ridge has none. Use RidgeReadout"
    with pytest.raises(AttributeError, match=message):
        esn.partial_fit(X, y)
    with pytest.raises(AttributeError, match=message):
        esn.fit(X, y).partial_fit(X, y)
    clf = ESNClassifier(Reservoir(n_units=20, random_state=0), LogisticRegression())
    with pytest.raises(AttributeError, match="LogisticRegression has none. Use "
                                             "RidgeReadoutClassifier"):
        clf.fit(X, y[:, 0] > np.median(y)).partial_fit(X, y[:, 0] > np.median(y))
    assert hasattr(ESNRegressor(), "partial_fit") and hasattr(ESNClassifier(), "partial_fit")
    assert ESNRegressor.partial_fit.__doc__.startswith("Stream a chunk")


@pytest.mark.parametrize(
    "method, labels", [("fit", "per series"), ("fit", "per step"), ("partial_fit", "per step")]
)
def test_classifier_needs_a_classifier_readout(method, labels):
    """Check that ESNClassifier with a regressor as readout raises a TypeError naming
    readout and the classifiers to use (it used to fail with an AttributeError on
    classes_ after training)."""
    X = np.random.default_rng(0).normal(size=(6, 10, 2))
    y = [0, 1] * 3 if labels == "per series" else np.tile(np.arange(10) % 2, (6, 1))
    esn = ESNClassifier(Reservoir(n_units=20, random_state=0), RidgeReadout())
    kwargs = {"classes": [0, 1]} if method == "partial_fit" else {}
    message = r"readout must be a classifier for ESNClassifier \(RidgeReadoutClassifier"
    with pytest.raises(TypeError, match=message + r".*got RidgeReadout\(\)"):
        getattr(esn, method)(X, y, **kwargs)
    # a scikit-learn classifier is a classifier
    ESNClassifier(Reservoir(n_units=20, random_state=0), LogisticRegression()).fit(X, y)


def test_panels_keep_their_structure(mg):
    """Check that 3D in gives 3D out, a list gives a list, and a generic readout works."""
    X, y = mg
    cube_X = np.stack([X[:100], X[100:200], X[200:300]])
    cube_y = np.stack([y[:100], y[100:200], y[200:300]])
    esn = small_esn(washout=10).fit(cube_X, cube_y)
    assert esn.predict(cube_X).shape == (3, 100, 1)
    lists = esn.predict([X[:50], X[:70]])
    assert [p.shape for p in lists] == [(50, 1), (70, 1)]
    esn_1d = small_esn().fit([X[:100], X[100:180]], [y[:100, 0], y[100:180, 0]])
    assert [p.shape for p in esn_1d.predict([X[:5], X[:9]])] == [(5,), (9,)]
    # a readout that takes only 2D rows gets the rows concatenated
    generic = ESNRegressor(Reservoir(n_units=60, leak_rate=0.3, spectral_radius=1.0,
                                     random_state=0), Ridge(alpha=1e-6), washout=10)
    generic.fit(cube_X, cube_y)
    assert_allclose(generic.predict(cube_X), esn.predict(cube_X), rtol=1e-5, atol=1e-7)


def test_random_state_seeds_the_default_reservoir(mg):
    """Check that ESNRegressor(random_state=s) is reproducible and seeds its reservoir."""
    X, y = mg[0][:200], mg[1][:200]
    a = ESNRegressor(random_state=3).fit(X, y)
    b = ESNRegressor(random_state=3).fit(X, y)
    assert_array_equal(a.predict(X), b.predict(X))
    assert a.reservoir_.random_state == 3
    seeded = ESNRegressor(Reservoir(random_state=5), random_state=3).fit(X, y)
    assert seeded.reservoir_.random_state == 5


def test_pickle_and_sklearn_tools(mg):
    """Check pickling, a Pipeline, cross_val_score and GridSearchCV over nested params."""
    X, y = mg[0][:600], mg[1][:600, 0]
    esn = small_esn(washout=20).fit(X, y)
    restored = pickle.loads(pickle.dumps(esn))
    assert_array_equal(restored.predict(X), esn.predict(X))
    assert_array_equal(restored.generate(10), esn.generate(10))

    # each test fold starts from the initial state: a short-memory reservoir
    # keeps that transient to a few steps
    short_memory = ESNRegressor(Reservoir(n_units=60, spectral_radius=0.5, random_state=0),
                                RidgeReadout(alpha=1e-6), washout=20)
    pipe = make_pipeline(StandardScaler(), short_memory)
    scores = cross_val_score(pipe, X, y, cv=TimeSeriesSplit(3))
    assert np.all(scores > 0.8)
    search = GridSearchCV(short_memory,
                          {"reservoir__spectral_radius": [0.3, 0.5],
                           "readout__alpha": [1e-8, 1e-4]},
                          cv=TimeSeriesSplit(3)).fit(X, y)
    assert set(search.best_params_) == {"reservoir__spectral_radius", "readout__alpha"}
    assert search.best_score_ > 0.8


@pytest.mark.parametrize(
    "kwargs, X, y, match",
    [
        ({}, np.ones((5, 1)), None, "requires y"),
        ({"washout": 10}, np.ones((5, 1)), np.ones(5), "washout=10"),
        ({"washout": -1}, np.ones((5, 1)), np.ones(5), "washout"),
        ({}, np.full((5, 1), np.nan), np.ones(5), "NaN"),
        ({}, np.ones(5), np.ones(5), "2D"),
        ({}, np.ones((2, 5, 1)), np.ones((3, 5)), "y must be"),
        ({}, [np.ones((5, 1)), np.ones((4, 1))], [np.ones(5), np.ones(5)],
         "series 1"),
    ],
)
def test_regressor_bad_input(kwargs, X, y, match):
    """Check that bad input to ESNRegressor.fit raises a ValueError saying what is wrong."""
    with pytest.raises(ValueError, match=match):
        ESNRegressor(Reservoir(n_units=20, random_state=0), **kwargs).fit(X, y)


def test_reservoir_must_be_a_skreservoir_reservoir():
    """Check that another transformer as reservoir raises a TypeError saying what to do."""
    with pytest.raises(TypeError, match="Pipeline"):
        ESNRegressor(StandardScaler()).fit(np.ones((5, 1)), np.ones(5))


# -- classifier ---------------------------------------------------------------
def sine_panel(n_series=60, n_steps=50, seed=0):
    """Noisy sines of two frequencies; label = frequency class."""
    rng = np.random.default_rng(seed)
    t = np.arange(n_steps) * 0.3
    labels = np.array(["slow", "fast"] * (n_series // 2))
    X = np.stack([
        np.sin((1.0 if lab == "slow" else 2.0) * t + rng.uniform(0, 2 * np.pi))[:, None]
        + 0.05 * rng.normal(size=(n_steps, 1)) for lab in labels
    ])
    return X, labels


@pytest.mark.parametrize("decision", ["last", "mean", "vote"])
def test_sequence_classification(decision):
    """Check that each sequence-level decision separates two sine frequencies."""
    X, labels = sine_panel()
    clf = ESNClassifier(Reservoir(n_units=80, leak_rate=0.5, random_state=0),
                        washout=10, decision=decision).fit(X[:40], labels[:40])
    assert clf.mode_ == "sequence"
    assert clf.score(X[40:], labels[40:]) >= 0.9
    proba = clf.predict_proba(X[40:])
    assert proba.shape == (20, 2)
    assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    assert_array_equal(clf.classes_[np.argmax(proba, axis=1)], clf.predict(X[40:]))
    unequal = [x[: 30 + i] for i, x in enumerate(X[40:])]
    assert clf.predict(unequal).shape == (20,)


def test_sequence_last_equals_readout_on_last_states():
    """Check that decision='last' trains the readout on the last state of each series."""
    X, labels = sine_panel(20)
    clf = ESNClassifier(Reservoir(n_units=30, random_state=0), decision="last").fit(X, labels)
    last = clf.reservoir_.transform(X)[:, -1]
    readout = RidgeReadoutClassifier().fit(last, labels)
    assert_allclose(clf.decision_function(X), readout.decision_function(last), rtol=1e-10)


def test_vote_counts_frame_predictions():
    """Check that decision='vote' returns vote fractions of the frame-wise predictions
    after the washout (the steps the readout was trained on)."""
    X, labels = sine_panel(20)
    clf = ESNClassifier(Reservoir(n_units=30, random_state=0), decision="vote",
                        washout=5).fit(X, labels)
    frames = clf.readout_.predict(clf.reservoir_.transform(X[0])[5:])
    assert_allclose(clf.predict_proba(X[:1])[0],
                    [np.mean(frames == c) for c in clf.classes_], rtol=1e-12)



@pytest.mark.parametrize("n_classes", [2, 3])
def test_vote_decision_function_agrees_with_predict(n_classes):
    """Check that with decision='vote' the argmax (two classes: the sign) of
    decision_function is predict's class, as scikit-learn's tools reading it expect
    (a user battery: the mean of the step scores disagreed with the vote on 4 of 120
    series)."""
    rng = np.random.RandomState(0)
    freqs = [0.6, 1.0, 1.5][:n_classes]
    labels = rng.randint(0, n_classes, 120)
    X = np.stack([np.sin(freqs[k] * np.arange(50) * 0.25 + rng.uniform(0, 6))[:, None]
                  + 0.2 * rng.randn(50, 1) for k in labels])
    clf = ESNClassifier(Reservoir(n_units=30, leak_rate=0.5, random_state=0), washout=5,
                        decision="vote").fit(X, labels)
    scores, votes = clf.decision_function(X), clf.predict_proba(X)
    if n_classes == 2:
        assert scores.shape == (120,)
        assert_allclose(scores, votes[:, 1] - votes[:, 0], atol=1e-12)
        chosen = clf.classes_[(scores > 0).astype(int)]
    else:
        assert_allclose(scores, votes, atol=1e-12)
        chosen = clf.classes_[np.argmax(scores, axis=1)]
    assert_array_equal(chosen, clf.predict(X))

def test_frame_wise_classification_and_streaming():
    """Check frame-wise labels on a series and that partial_fit chunks equal fit."""
    X, labels = sine_panel(2, 400)
    series = X[0]
    frame_labels = np.where(series[:, 0] > 0, "pos", "neg")
    clf = ESNClassifier(Reservoir(n_units=40, random_state=0), washout=5)
    clf.fit(series, frame_labels)
    assert clf.mode_ == "frame"
    assert clf.predict(series).shape == (400,)
    assert clf.score(series, frame_labels) > 0.9
    streamed = ESNClassifier(Reservoir(n_units=40, random_state=0), washout=5)
    streamed.partial_fit(series[:100], frame_labels[:100], classes=["neg", "pos"])
    streamed.partial_fit(series[100:], frame_labels[100:])
    assert_allclose(streamed.decision_function(series), clf.decision_function(series),
                    rtol=1e-6, atol=1e-8)
    # frame-wise on a panel keeps the structure
    assert clf.predict(X).shape == (2, 400)


def test_partial_fit_refuses_one_label_per_series_by_name():
    """Check that partial_fit, which streams per-step labels, says so for labels per series.

    The error was "For a panel of 10 series, y must be a list of target
    series, a 2D array ...": it did not say that partial_fit takes no labels
    per series, nor how to pass them.
    """
    X, labels = sine_panel(10)
    clf = ESNClassifier(Reservoir(n_units=10, random_state=0), washout=5)
    with pytest.raises(ValueError, match=r"one label per time step.*one label per series "
                                         r"\(shape \(10,\)\).*np\.full\(len\(x\), label\)"):
        clf.partial_fit(X, labels, classes=np.unique(labels))
    steps = [np.full(len(x), label) for x, label in zip(X, labels)]
    assert clf.partial_fit(X, steps, classes=np.unique(labels)).mode_ == "frame"
    # one series (2D) with one label, as a sequence-by-sequence port would pass it: it
    # said "Found input variables with inconsistent numbers of samples: [400, 1]"
    clf = ESNClassifier(Reservoir(n_units=10, random_state=0), washout=5)
    for y_one in ([labels[0]], labels[0]):
        with pytest.raises(ValueError, match=r"one series of 50 steps and y holds one "
                                             r"label.*np\.full\(len\(x\), label\)"):
            clf.partial_fit(X[0], y_one, classes=np.unique(labels))
    assert not hasattr(clf, "mode_")
    # one row with its label is a stream's step
    assert clf.partial_fit(X[0][:1], [labels[0]], classes=np.unique(labels)).mode_ == "frame"


def test_classifier_proba_from_the_readout():
    """Check that a readout with predict_proba is used as is; softmax otherwise."""
    X, labels = sine_panel()
    clf = ESNClassifier(Reservoir(n_units=40, random_state=0),
                        LogisticRegression(), decision="mean").fit(X, labels)
    features = clf.reservoir_.transform(X)[:, clf.washout_:].mean(axis=1)
    assert_allclose(clf.predict_proba(X), clf.readout_.predict_proba(features), rtol=1e-12)
    assert clf.temperature_ is None  # not the package's ridge readout: as it is
    ridge = ESNClassifier(Reservoir(n_units=40, random_state=0)).fit(X, labels)
    d = ridge.decision_function(X)
    T = ridge.temperature_
    assert_allclose(ridge.predict_proba(X)[:, 1], 1 / (1 + np.exp(-2 * d / T)), rtol=1e-10)
    assert_allclose(ridge.predict_log_proba(X), np.log(ridge.predict_proba(X)), rtol=1e-10)
    # without a temperature (a frame-wise model): the softmax of the decision values
    steps = [np.full(len(x), label) for x, label in zip(X, labels)]
    frame = ESNClassifier(Reservoir(n_units=40, random_state=0)).fit(X, steps)
    assert frame.temperature_ is None
    d = np.concatenate(frame.decision_function(X)) if isinstance(X, list) else \
        frame.decision_function(X).reshape(-1)
    proba = frame.predict_proba(X)
    proba = np.concatenate(proba) if isinstance(X, list) else proba.reshape(-1, 2)
    assert_allclose(proba[:, 1], 1 / (1 + np.exp(-2 * d)), rtol=1e-10)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("decision", ["mean", "last"])
def test_classifier_proba_calibrated_on_leave_one_out_values(decision, weighted):
    """Check the temperature of labels per series: fitted to the ridge readout's exact
    leave-one-out values of the pooled states (weighted as the readout), predict_proba
    softmax(scores / T); with decision="vote" none."""
    from skreservoir._calibration import fit_temperature, leave_one_out_scores

    rng = np.random.default_rng(3)
    X = rng.normal(size=(45, 30, 2))
    labels = np.array(["a", "b", "c"])[(X[:, :, 0].mean(axis=1) > 0).astype(int)
                                       + (X[:, 10:, 1].mean(axis=1) > 0.15)]
    weights = rng.uniform(0.5, 2.0, size=45) if weighted else None
    if weighted:
        weights[7] = 0.0
    clf = ESNClassifier(Reservoir(n_units=25, random_state=0), decision=decision,
                        washout=5).fit(X, labels, sample_weight=weights)
    states = clf.reservoir_.transform(X)
    features = states[:, 5:].mean(axis=1) if decision == "mean" else states[:, -1]
    y_index = np.searchsorted(clf.classes_, labels)
    held_out = leave_one_out_scores(features, y_index, 3, clf.readout_.alpha,
                                    sample_weight=weights)
    assert_allclose(clf.temperature_, fit_temperature(held_out, y_index, weights), rtol=1e-6)
    assert 0.01 < clf.temperature_ < 100 and clf.temperature_ != 1.0
    scores = clf.decision_function(X)
    expected = np.exp(scores / clf.temperature_)
    assert_allclose(clf.predict_proba(X), expected / expected.sum(axis=1, keepdims=True),
                    rtol=1e-10)
    assert_array_equal(clf.classes_[clf.predict_proba(X).argmax(axis=1)], clf.predict(X))
    vote = ESNClassifier(Reservoir(n_units=25, random_state=0), decision="vote",
                         washout=5).fit(X, labels)
    assert vote.temperature_ is None


def test_classifier_calibration_lowers_held_out_log_loss():
    """Check that the calibrated probabilities of labels per series score a lower log loss
    on new series than the softmax of the raw decision values, whose +-1 targets make
    every probability near uniform (JapaneseVowels: top probability 0.42 on average at an
    accuracy of 0.98)."""
    from sklearn.metrics import log_loss

    rng = np.random.default_rng(0)
    t = np.linspace(0, 6 * np.pi, 60)

    def panel(n):
        k = rng.integers(0, 4, size=n)
        X = np.stack([np.sin((1 + 0.5 * c) * t + rng.uniform(0, 6))[:, None]
                      + 0.3 * rng.normal(size=(60, 1)) for c in k])
        return X, k

    X, y = panel(120)
    X_test, y_test = panel(200)
    clf = ESNClassifier(Reservoir(n_units=50, random_state=0)).fit(X, y)
    raw = clf.decision_function(X_test)
    uncalibrated = np.exp(raw) / np.exp(raw).sum(axis=1, keepdims=True)
    assert log_loss(y_test, clf.predict_proba(X_test)) < log_loss(y_test, uncalibrated)


def test_sequence_mode_errors():
    """Check the errors of a sequence-level model given one series or partial_fit."""
    X, labels = sine_panel(10)
    clf = ESNClassifier(Reservoir(n_units=20, random_state=0)).fit(X, labels)
    with pytest.raises(ValueError, match="pass a panel"):
        clf.predict(X[0])
    with pytest.raises(ValueError, match="Refit it with fit"):
        clf.partial_fit(X[0], np.repeat(labels[0], len(X[0])))
    with pytest.raises(ValueError, match="classes must be passed"):
        ESNClassifier(Reservoir(n_units=20, random_state=0)).partial_fit(
            X[0], np.repeat(labels[0], len(X[0])))
    with pytest.raises(ValueError, match="Found input variables with inconsistent"):
        ESNClassifier(Reservoir(n_units=20, random_state=0)).fit(X, labels[:5])


def test_score_leaves_out_the_washout(mg):
    """Check that score is the R² of the rows after washout of every series."""
    from sklearn.metrics import r2_score

    X, y = mg[0][:600], mg[1][:600, 0]
    esn = small_esn(washout=50).fit(X[:400], y[:400])
    assert_allclose(esn.score(X[400:], y[400:]),
                    r2_score(y[450:], esn.predict(X[400:])[50:]), rtol=1e-12)
    panel_X, panel_y = [X[400:500], X[500:600]], [y[400:500], y[500:600]]
    expected = r2_score(np.concatenate([y[450:500], y[550:600]]),
                        np.concatenate([p[50:] for p in esn.predict(panel_X)]))
    assert_allclose(esn.score(panel_X, panel_y), expected, rtol=1e-12)


# -- output feedback ------------------------------------------------------------
def sine_pattern(n_steps):
    t = np.arange(n_steps)
    return 0.5 * (np.sin(2 * np.pi * t / 50) + 0.5 * np.sin(2 * np.pi * t / 20))[:, None]


def feedback_esn(readout=None, noise=1e-5, **params):
    reservoir = Reservoir(n_units=200, spectral_radius=1.0, leak_rate=0.3, noise=noise,
                          random_state=0)
    return ESNRegressor(reservoir, readout or RidgeReadout(alpha=1e-8), feedback=True,
                        feedback_scaling=0.5, washout=100, random_state=0, **params)


def test_teacher_forcing_equals_feedback_as_extra_input():
    """Check that training feeds back the previous target through W_fb."""
    rng = np.random.default_rng(0)
    X, y = rng.uniform(-1, 1, (300, 2)), rng.uniform(-1, 1, (300, 1))
    esn = ESNRegressor(Reservoir(n_units=40, random_state=0), RidgeReadout(alpha=1e-6),
                       feedback=True, feedback_noise=0.0, random_state=1).fit(X, y)
    r = esn.reservoir_
    assert esn.W_fb_.shape == (40, 1)
    assert_array_equal(np.unique(esn.W_fb_), [-1.0, 0.0, 1.0])
    assert np.count_nonzero(esn.W_fb_) == 4  # feedback_density=0.1 of 40 entries
    # the same reservoir with [u(t), y(t-1)] as input and [W_in, W_fb] as input weights
    y_previous = np.vstack([[0.0], y[:-1]])
    twin = Reservoir(W=r.W_, W_in=np.hstack([r.W_in_, esn.W_fb_]), bias=r.bias_).fit(
        np.hstack([X, y_previous]))
    states = twin.transform(np.hstack([X, y_previous]))
    ridge = Ridge(alpha=1e-6).fit(states[esn.washout_:], y[esn.washout_:])
    assert_allclose(esn.readout_.coef_, ridge.coef_.reshape(1, -1), rtol=1e-6, atol=1e-9)
    assert_allclose(esn.last_output_, y[-1], rtol=0)


def test_predict_feeds_back_its_own_predictions():
    """Check predict against a loop that feeds each prediction back."""
    rng = np.random.default_rng(0)
    X, y = rng.uniform(-1, 1, (200, 1)), rng.uniform(-1, 1, 200)
    esn = ESNRegressor(Reservoir(n_units=30, random_state=0), feedback=True,
                       feedback_scaling=0.3, random_state=0).fit(X, y)
    r, coef, intercept = esn.reservoir_, esn.readout_.coef_, esn.readout_.intercept_
    x, out, expected = np.zeros(30), np.zeros(1), []
    for u in X[:50]:
        x = np.tanh(r.W_in_ @ u + r.W_ @ x + esn.W_fb_ @ out + r.bias_)
        out = np.array([coef @ x + intercept])
        expected.append(out[0])
    prediction = esn.predict(X[:50])
    assert prediction.shape == (50,)
    assert_allclose(prediction, expected, rtol=1e-10)


def test_feedback_pattern_generator_runs_on_for_1000_steps():
    """Check that a feedback ESN trained on zero input generates the pattern on its own."""
    pattern, zeros = sine_pattern(4000), np.zeros((4000, 1))
    esn = feedback_esn().fit(zeros[:3000], pattern[:3000])
    generated = esn.generate(1000, inputs=zeros[3000:])
    assert nrmse(pattern[3000:], generated) < 0.05


def test_generator_trained_on_a_constant_input_holds_it_in_generate():
    """A model trained on one constant input row (echoes' ESNGenerator: zeros and
    feedback) was not trained to predict its input: generate(n) without inputs
    is driven by that row, by fit and by a stream of one-row partial_fit calls;
    an input that varies once keeps the closed loop."""
    pattern, zeros = sine_pattern(4000), np.zeros((4000, 1))
    esn = feedback_esn().fit(zeros[:3000], pattern[:3000])
    held = esn.generate(1000)
    assert_array_equal(held, esn.generate(1000, inputs=zeros[3000:]))
    assert nrmse(pattern[3000:], held) < 0.05
    stream = feedback_esn(ForceReadout(alpha=1e-2), noise=0.0)
    for t in range(300):
        stream.partial_fit(zeros[t:t + 1], pattern[t:t + 1])
    assert_array_equal(stream.generate(50), stream.generate(50, inputs=zeros[:50]))
    varied = zeros[:300].copy()
    varied[150] = 0.1
    stream = feedback_esn(ForceReadout(alpha=1e-2), noise=0.0)
    for t in range(300):
        stream.partial_fit(varied[t:t + 1], pattern[t:t + 1])
    assert not np.array_equal(stream.generate(50), stream.generate(50, inputs=zeros[:50]))


def _pattern_generator_fit(X, pattern):
    return feedback_esn(noise=0.0).fit(X, pattern)


def test_generator_warmup_is_a_piece_of_its_outputs():
    """A pattern generator's warmup is a piece of the series it generates, fed back as
    the teacher outputs were in training while the held row drives it (Jaeger's
    teacher-forced start of a free run on a held-out segment): a warmup of the
    training targets reaches the state fit ended in, so the free run equals
    generate(n) without warmup; a held-out segment continues it. It fed the outputs
    back as inputs before (NRMSE 72 on Jaeger's Mackey-Glass task)."""
    pattern, zeros = sine_pattern(4000), np.zeros((4000, 1))
    # without the training's feedback noise, which the warmup does not draw
    esn = feedback_esn(noise=0.0, feedback_noise=0.0).fit(zeros[:3000], pattern[:3000])
    assert_allclose(esn.generate(200, warmup=pattern[:3000]), esn.generate(200),
                    rtol=1e-12, atol=1e-12)
    assert_allclose(esn.generate(50, warmup=pattern[:3000, 0]), esn.generate(50),
                    rtol=1e-12, atol=1e-12)  # one output: (n_timesteps,) too
    resumed = esn.generate(300, warmup=pattern[3200:3700])
    assert nrmse(pattern[3700:], resumed) < 0.05
    with pytest.warns(WarmupWarning, match="fewer than washout_"):
        esn.generate(10, warmup=pattern[:esn.washout_ - 1])
    with pytest.raises(ValueError, match=r"piece of the series it generates, shape \(n_timesteps, 1\)"):
        esn.generate(10, warmup=np.zeros((500, 2)))
    silent = ESNRegressor(Reservoir(n_units=30, random_state=0), washout=10).fit(
        zeros[:300], pattern[:300])
    with pytest.raises(ValueError, match="without feedback: its outputs follow no series"):
        silent.generate(10, warmup=pattern[:100])


def test_held_input_after_a_dataframe_fit():
    """The held row drives generate without a feature-name warning after a DataFrame fit
    (the row is not validated again), as inputs=zeros does."""
    import pandas as pd

    pattern, zeros = sine_pattern(600), np.zeros((600, 1))
    esn = _pattern_generator_fit(pd.DataFrame(zeros, columns=["u"]), pattern)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        held = esn.generate(20)
    assert_array_equal(held, esn.generate(20, inputs=pd.DataFrame(zeros[:20], columns=["u"])))


def test_held_input_in_the_fit_namespace():
    """A model fitted on array API arrays generates in their namespace from the held row
    (a numpy row raised there)."""
    xp = pytest.importorskip(
        "array_api_strict", reason="array-api-strict is a test dependency "
        "(pip install \"skreservoir[test]\"): the array API namespace to check against")
    pattern, zeros = sine_pattern(600), np.zeros((600, 1))
    held = _pattern_generator_fit(zeros, pattern).generate(20)
    strict = _pattern_generator_fit(xp.asarray(zeros), xp.asarray(pattern))
    generated = strict.generate(20)
    assert array_namespace(generated) is array_namespace(xp.asarray(zeros))
    assert_allclose(np.asarray(generated), held, rtol=1e-6, atol=1e-9)  # another solver
    # a warmup of the pattern, in the namespace (it raised an IndexError there)
    warmed = strict.generate(20, warmup=xp.asarray(pattern[:300]))
    assert array_namespace(warmed) is array_namespace(xp.asarray(zeros))
    assert_allclose(np.asarray(warmed), _pattern_generator_fit(zeros, pattern).generate(
        20, warmup=pattern[:300]), rtol=1e-6, atol=1e-9)


def test_a_dask_refit_forgets_the_held_input():
    """A refit on varying inputs given as dask blocks (where the row is not tracked)
    forgets the row of the fit before, so generate runs the closed loop again."""
    da = pytest.importorskip(
        "dask.array", reason="dask is an optional extra (pip install \"skreservoir[dask]\")")
    pattern, zeros = sine_pattern(600), np.zeros((600, 1))
    esn = _pattern_generator_fit(zeros, pattern)
    varying = np.sin(np.arange(600.0))[:, None]
    esn.fit(da.from_array(varying, chunks=(300, 1)), da.from_array(pattern, chunks=(300, 1)))
    assert getattr(esn, "_constant_input", None) is None


def test_feedback_streaming_equals_fit():
    """Check that partial_fit chunks carry the fed-back target across calls."""
    pattern, zeros = sine_pattern(1200), np.zeros((1200, 1))
    whole = feedback_esn(RidgeReadout(alpha=1e-4), noise=0.0).fit(zeros, pattern)
    streamed = feedback_esn(RidgeReadout(alpha=1e-4), noise=0.0)
    for start in range(0, 1200, 300):
        streamed.partial_fit(zeros[start:start + 300], pattern[start:start + 300])
    assert_allclose(streamed.state_, whole.state_, rtol=1e-10, atol=1e-12)
    # the two sum the normal equations in different orders: compare to the
    # coefficients' scale (small entries carry absolute rounding, 1.6e-9 of
    # 0.14 was seen with BLAS on two threads)
    scale = np.abs(whole.readout_.coef_).max()
    assert_allclose(streamed.readout_.coef_, whole.readout_.coef_, rtol=1e-6, atol=1e-6 * scale)


def test_feedback_closed_loop_generate_and_errors(mg):
    """Check closed-loop generate with feedback, and the errors of the feedback API."""
    X, y = mg[0][:1500], mg[1][:1500]
    y_future = mg[1][1499:1549]
    # feedback_noise=0: the warm-up replays X with exact feedback, as fit then did
    esn = ESNRegressor(Reservoir(n_units=200, spectral_radius=1.25, leak_rate=0.3,
                                 random_state=0), RidgeReadout(alpha=1e-7), washout=100,
                       feedback=True, feedback_scaling=0.1, feedback_noise=0.0,
                       random_state=0).fit(X, y)
    generated = esn.generate(50)
    assert nrmse(y_future, generated) < 0.1
    assert_allclose(esn.generate(20, warmup=X), esn.generate(20), rtol=1e-10)
    with pytest.raises(ValueError, match="not both"):
        esn.generate(5, warmup=X, inputs=X[:5])
    with pytest.raises(ValueError, match="n_steps=5 rows"):
        esn.generate(5, inputs=X[:4])
    from skreservoir import NVAR

    with pytest.raises(TypeError, match="feedback=True needs"):
        ESNRegressor(NVAR(), feedback=True).fit(X, y)


def test_given_w_fb_reproduces_reservoirpys_feedback_model():
    """Check that W_fb given (ReservoirPy's Win after the input's columns) makes the model
    ReservoirPy 0.4.2's reservoir << (reservoir >> Ridge) given its matrices: the same
    readout and the same continued predictions; bad shapes and W_fb without feedback are
    named."""
    rpy_nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
    series = mackey_glass(900, random_state=0)
    series = 2 * (series - series.min()) / np.ptp(series) - 1
    x_train, y_train, x_test = series[:600], series[10:610], series[600:-10]
    node = rpy_nodes.Reservoir(60, lr=0.3, sr=1.0, seed=0)
    readout = rpy_nodes.Ridge(ridge=1e-6)
    theirs = node << (node >> readout)
    theirs.fit(x_train, y_train, warmup=100)
    expected = theirs.run(x_test)
    Win = node.Win.toarray()
    esn = ESNRegressor(Reservoir(W=node.W, W_in=Win[:, :1], bias=np.zeros(60), leak_rate=0.3),
                       RidgeReadout(alpha=1e-6), feedback=True, feedback_noise=0.0,
                       W_fb=Win[:, 1:], washout=100).fit(x_train, y_train)
    assert_allclose(esn.W_fb_, Win[:, 1:])
    assert_allclose(esn.readout_.coef_.T, readout.Wout, rtol=0, atol=1e-5)
    assert_allclose(esn.predict(x_test, initial_state="fit"), expected, rtol=0, atol=1e-5)
    with pytest.raises(ValueError, match=r"W_fb must have shape \(60, 1\).*got \(60, 2\)"
                                         r".*Win\[:, n_features_in:\]"):
        esn.set_params(W_fb=Win).fit(x_train, y_train)
    with pytest.raises(ValueError, match="W_fb was given with feedback=False"):
        esn.set_params(W_fb=Win[:, 1:], feedback=False).fit(x_train, y_train)


@pytest.mark.parametrize("density, n_nonzero", [(0.1, 12), (0.5, 60), (1.0, 120)])
def test_feedback_density_sets_the_nonzeros_of_w_fb(density, n_nonzero):
    """Check that W_fb_ has round(feedback_density * size) entries, all +-feedback_scaling."""
    rng = np.random.default_rng(0)
    X, y = rng.uniform(-1, 1, (100, 1)), rng.uniform(-1, 1, (100, 2))
    esn = ESNRegressor(Reservoir(n_units=60, random_state=0), feedback=True,
                       feedback_scaling=0.3, feedback_density=density).fit(X, y)
    assert esn.W_fb_.shape == (60, 2)
    assert np.count_nonzero(esn.W_fb_) == n_nonzero
    assert_array_equal(np.unique(np.abs(esn.W_fb_[esn.W_fb_ != 0])), [0.3])


def test_feedback_noise_trains_on_noisy_fed_back_targets():
    """Check that feedback_noise perturbs the teacher-forced feedback, reproducibly and
    to its scale: the readout moves away from the exact-feedback one as the noise grows."""
    rng = np.random.default_rng(0)
    X, y = rng.uniform(-1, 1, (300, 1)), rng.uniform(-1, 1, (300, 1))

    def coef(noise):
        return ESNRegressor(Reservoir(n_units=40, random_state=0), RidgeReadout(alpha=1e-6),
                            feedback=True, feedback_noise=noise).fit(X, y).readout_.coef_

    exact = coef(0.0)
    assert_array_equal(coef(0.01), coef(0.01))
    distances = [np.abs(coef(noise) - exact).max() for noise in (1e-4, 1e-2)]
    assert 0 < distances[0] < distances[1] / 10


def test_force_feedback_pattern_generator_trained_online():
    """Check FORCE (RLS) trained online in chunks generates the pattern for 1000 steps."""
    from skreservoir import ForceReadout

    pattern, zeros = sine_pattern(4000), np.zeros((4000, 1))
    esn = feedback_esn(ForceReadout(alpha=1e-6))
    for start in range(0, 3000, 500):
        esn.partial_fit(zeros[start:start + 500], pattern[start:start + 500])
    assert esn.n_steps_seen_ == 3000
    generated = esn.generate(1000, inputs=zeros[3000:])
    assert nrmse(pattern[3000:], generated) < 0.05


def test_force_readout_streaming_equals_one_call(mg):
    """Check that an ESN with a FORCE readout streamed in chunks equals one partial_fit."""
    from skreservoir import ForceReadout

    X, y = mg[0][:400], mg[1][:400]
    once = small_esn(washout=30)
    once.set_params(readout=ForceReadout(alpha=1e-2)).partial_fit(X, y)
    chunked = small_esn(washout=30).set_params(readout=ForceReadout(alpha=1e-2))
    for start, stop in [(0, 10), (10, 35), (35, 36), (36, 400)]:
        chunked.partial_fit(X[start:stop], y[start:stop])
    assert_allclose(chunked.readout_.coef_, once.readout_.coef_, rtol=1e-9, atol=1e-12)
    assert_allclose(chunked.readout_.P_, once.readout_.P_, rtol=1e-9, atol=1e-14)
    assert_allclose(chunked.predict(X), once.predict(X), rtol=1e-9)


def test_predict_continues_from_the_end_of_training():
    """predict(X_rest, initial_state="fit") continues the training series: it equals
    predicting the whole series and keeping the rest (ReservoirPy's esn.run(X_test))."""
    from skreservoir.datasets import mackey_glass

    series = mackey_glass(1200)
    X, y = series[:-10], series[10:]
    n = 800
    esn = ESNRegressor(Reservoir(100, leak_rate=0.3, random_state=0), washout=50)
    esn.fit(X[:n], y[:n])
    continued = esn.predict(X[n:], initial_state="fit")
    assert_allclose(continued, esn.predict(X)[n:], rtol=1e-9, atol=1e-12)
    from_rest = esn.predict(X[n:])
    assert not np.allclose(from_rest[:20], continued[:20])
    assert_allclose(esn.predict(X[n:], initial_state=esn.state_), continued)
    with pytest.raises(ValueError, match="initial_state must be None, 'rest', 'fit', 'continue'"):
        esn.predict(X[n:], initial_state="end")
    with pytest.raises(ValueError, match=r"initial_state must have shape \(100,\)"):
        esn.predict(X[n:], initial_state=np.zeros(3))
    # a NaN state is named, not reported as diverging states (lower spectral_radius...)
    with pytest.raises(ValueError, match="initial_state contains NaN or inf; pass a finite"):
        esn.predict(X[n:], initial_state=np.full(100, np.nan))


def test_score_from_rest_after_fitting_one_series_warns_and_names_fit():
    """Check that scoring the rest of the training series from rest, as ReservoirPy's
    tutorial does with esn.run(x_test), warns naming initial_state='fit' (R^2 was -43.9
    without a word when the given washout is shorter than the reservoir's memory), and that
    initial_state='fit' gives the tutorial's score."""
    from skreservoir.exceptions import WarmupWarning

    x_train, x_test, y_train, y_test = to_forecasting(mackey_glass(2000), forecast=10,
                                                      test_size=0.2)
    esn = ESNRegressor(Reservoir(100, leak_rate=0.3, spectral_radius=1.25, random_state=0),
                       RidgeReadout(alpha=1e-6), washout=100).fit(x_train, y_train)
    with pytest.warns(WarmupWarning, match=r"scores one series.*initial_state='fit'.*"
                                           r"initial_state='rest'") as caught:
        from_rest = esn.score(x_test, y_test)
    assert all(w.filename == __file__ for w in caught if w.category is WarmupWarning)
    assert from_rest < 0.9 < esn.score(x_test, y_test, initial_state="fit")


def test_predict_from_rest_after_fitting_one_series_warns():
    """One series predicted from rest right after fitting one series raises a
    WarmupWarning naming both fixes; "rest", "fit", an array, a panel, and a model
    without washout rows do not warn, and "rest" predicts what None predicts."""
    import warnings

    from skreservoir.exceptions import WarmupWarning

    series = mackey_glass(700)
    X, y = series[:-10], series[10:]
    esn = ESNRegressor(Reservoir(60, random_state=0), washout=30).fit(X[:500], y[:500])
    with pytest.warns(WarmupWarning, match=r"first washout_ predictions.*initial_state='fit'.*"
                                           r"initial_state='rest'"):
        from_rest = esn.predict(X[500:])
    # one text whatever the data (Python's default filter shows it once per line)
    other = ESNRegressor(Reservoir(60, random_state=1), washout=7).fit(X[:300], y[:300])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        esn.predict(X[500:])
        other.predict(X[300:])
    texts = {str(w.message) for w in caught if w.category is WarmupWarning}
    assert len(texts) == 1 and len([w for w in caught if w.category is WarmupWarning]) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_array_equal(esn.predict(X[500:], initial_state="rest"), from_rest)
        esn.predict(X[500:], initial_state="fit")
        esn.predict(X[500:], initial_state=esn.state_)
        esn.predict(np.stack([X[500:600], X[550:650]]))  # a panel starts from rest
        esn.score(X[500:], y[500:], initial_state="rest")  # a new series, scored from rest
        esn.score(X, y)  # the training series itself, from its start
        # the training series itself, from its start (in-sample, or whole-series
        # predictions sliced after the training part)
        esn.predict(X)
        esn.predict(X[:500])
        ESNRegressor(Reservoir(60, random_state=0), washout=0).fit(
            X[:500], y[:500]).predict(X[500:])
        # fitted on a panel: the series predicted is not the rest of one
        ESNRegressor(Reservoir(60, random_state=0), washout=30).fit(
            [X[:250], X[250:500]], [y[:250], y[250:500]]).predict(X[500:])
    labels = (X[:, 0] > np.median(X[:, 0])).astype(int)
    classifier = ESNClassifier(Reservoir(60, random_state=0), washout=30).fit(
        X[:500], labels[:500])
    with pytest.warns(WarmupWarning):
        classifier.predict(X[500:])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        classifier.predict_proba(X[500:], initial_state="rest")


def test_predict_continues_after_partial_fit_and_in_the_classifier():
    """initial_state="fit" follows the end of a partial_fit stream, and works frame-wise
    in ESNClassifier."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 2))
    y = np.roll(X[:, 0], -1)
    esn = ESNRegressor(Reservoir(50, random_state=0))
    esn.partial_fit(X[:150], y[:150]).partial_fit(X[150:300], y[150:300])
    assert_allclose(esn.predict(X[300:], initial_state="fit"), esn.predict(X)[300:],
                    rtol=1e-9, atol=1e-12)
    labels = (X[:, 0] > 0).astype(int)
    clf = ESNClassifier(Reservoir(50, random_state=0)).fit(X[:300], labels[:300])
    assert_allclose(clf.decision_function(X[300:], initial_state="fit"),
                    clf.decision_function(X)[300:], rtol=1e-9, atol=1e-12)


def test_classifier_score_continues_from_fit():
    """ESNClassifier.score(X, y, initial_state="fit") scores the continued series, as
    predict continues it (ESNRegressor.score has it; the classifier's took no
    initial_state)."""
    from sklearn.metrics import accuracy_score

    rng = np.random.default_rng(1)
    X = rng.normal(size=(400, 2))
    labels = (np.convolve(X[:, 0], np.ones(3), "same") > 0).astype(int)
    clf = ESNClassifier(Reservoir(50, random_state=0)).fit(X[:300], labels[:300])
    continued = clf.predict(X[300:], initial_state="fit")
    assert clf.score(X[300:], labels[300:], initial_state="fit") == accuracy_score(
        labels[300:], continued)
    assert clf.score(X[300:], labels[300:]) == accuracy_score(labels[300:],
                                                              clf.predict(X[300:]))


def test_nested_parameters_of_a_default_built_transformer():
    """reservoir__ parameters work on ESNTransformer() as on ESNRegressor() (a
    classification port's pipeline grid said AttributeError of None.set_params); the
    default reservoir set so is the one reservoir=None stands for."""
    from sklearn.linear_model import RidgeClassifierCV

    assert ESNTransformer().get_params()["reservoir__leak_rate"] == Reservoir().leak_rate
    rng = np.random.default_rng(0)
    X = rng.normal(size=(24, 30, 1))
    y = np.repeat([0, 1], 12)
    X[y == 1] += 0.5
    # the default's own value leaves reservoir=None (set_params(**get_params()) is exact);
    # another value builds the default reservoir with it
    same = ESNTransformer(random_state=0).set_params(reservoir__leak_rate=Reservoir().leak_rate)
    assert same.reservoir is None
    assert_array_equal(same.fit_transform(X), ESNTransformer(random_state=0).fit_transform(X))
    other = ESNTransformer(random_state=0).set_params(reservoir__leak_rate=0.5)
    assert isinstance(other.reservoir, Reservoir) and other.reservoir.leak_rate == 0.5
    assert other.reservoir.get_params() == {**Reservoir().get_params(), "leak_rate": 0.5}
    pipe = make_pipeline(ESNTransformer(random_state=0), RidgeClassifierCV())
    search = GridSearchCV(pipe, {"esntransformer__reservoir__leak_rate": [0.3, 1.0]},
                          cv=2).fit(X, y)
    assert search.best_params_["esntransformer__reservoir__leak_rate"] in (0.3, 1.0)


def test_nested_parameters_of_a_default_built_esn():
    """readout__/reservoir__ parameters work on ESNRegressor(): set_params, a grid
    search and the documented reservoir_space (the default parts are materialised)."""
    esn = ESNRegressor()
    params = esn.get_params()
    assert params["readout__alpha"] == RidgeReadout().alpha
    assert params["reservoir__n_units"] is None
    esn.set_params(readout__alpha=1e-3, reservoir__n_units=30)
    assert esn.readout.alpha == 1e-3 and esn.reservoir.n_units == 30
    assert ESNRegressor().get_params(deep=False)["readout"] is None
    X = np.random.default_rng(0).normal(size=(120, 1))
    y = np.roll(X[:, 0], 1)
    search = GridSearchCV(ESNRegressor(random_state=0, washout=10),
                          {"readout__alpha": [1e-6, 1e-2], "reservoir__n_units": [20, 40]},
                          cv=TimeSeriesSplit(2)).fit(X, y)
    assert set(search.best_params_) == {"readout__alpha", "reservoir__n_units"}


def test_classifier_takes_reservoirpy_one_hot_targets_and_scores_panels():
    """One-hot targets per step or per series (ReservoirPy's shapes) train the same
    model as labels; score works on panels in both modes; other 2D targets say
    which shapes are accepted."""
    rng = np.random.default_rng(0)
    X = [rng.normal(size=(30, 2)) + k for k in (0, 1, 2, 0, 1, 2)]
    series_labels = np.array([0, 1, 2, 0, 1, 2])
    step_labels = [np.full(30, k) for k in series_labels]
    eye = np.eye(3)
    res = Reservoir(40, random_state=0)
    by_label = ESNClassifier(res).fit(X, step_labels)
    by_one_hot = ESNClassifier(res).fit(X, [eye[y] for y in step_labels])
    assert_array_equal(by_one_hot.classes_, [0, 1, 2])
    assert_allclose(by_one_hot.decision_function(X), by_label.decision_function(X))
    assert 0.0 <= by_label.score(X, step_labels) <= 1.0
    assert by_label.score(X, step_labels) == by_one_hot.score(X, [eye[y] for y in step_labels])
    per_series = ESNClassifier(res).fit(X, [eye[[k]] for k in series_labels])
    assert per_series.mode_ == "sequence"
    assert per_series.score(X, series_labels) == ESNClassifier(res).fit(
        X, series_labels).score(X, series_labels)
    with pytest.raises(ValueError, match="one-hot rows"):
        ESNClassifier(res).fit(X, [rng.normal(size=(30, 3)) for _ in X])
    # a ragged list of series with one one-hot row per series (JapaneseVowels' shape)
    ragged = [x[: 10 + 3 * i] for i, x in enumerate(X)]
    ragged_one_hot = ESNClassifier(res).fit(ragged, eye[series_labels])
    assert ragged_one_hot.mode_ == "sequence"
    assert_allclose(ragged_one_hot.decision_function(ragged),
                    ESNClassifier(res).fit(ragged, series_labels).decision_function(ragged))
    assert ragged_one_hot.score(ragged, eye[series_labels]) == ragged_one_hot.score(
        ragged, series_labels)
    # one 1D one-hot vector per series (np.eye(3)[label]; a user battery: read as
    # targets per step and refused), as its (1, 3) row
    vectors = ESNClassifier(res).fit(ragged, [eye[k] for k in series_labels])
    assert vectors.mode_ == "sequence"
    assert_allclose(vectors.decision_function(ragged), ragged_one_hot.decision_function(ragged))
    # ReservoirPy's sparse labels (NaN rows on the unlabelled steps) are named as missing
    sparse = [np.vstack([np.full((29, 3), np.nan), eye[[k]]]) for k in series_labels]
    with pytest.raises(ValueError, match=r"y has 174 one-hot row\(s\) with missing values "
                                         r"\(NaN.*one label per series"):
        ESNClassifier(res).fit(X, sparse)


def test_automatic_washout():
    """washout="auto" (the default) leaves out the steps until two starts agree: about
    the reservoir's memory, more for a leaky reservoir, capped at a quarter of the
    shortest series; an int is used as given; NVAR skips its own warm-up rows."""
    from skreservoir import NVAR

    series = mackey_glass(2000)
    X, y = series[:-1], series[1:]
    fast = ESNRegressor(Reservoir(100, random_state=0)).fit(X, y)
    slow = ESNRegressor(Reservoir(100, leak_rate=0.1, random_state=0)).fit(X, y)
    assert 0 < fast.washout_ < slow.washout_ <= len(X) // 4
    assert ESNRegressor(Reservoir(100, random_state=0), washout=7).fit(X, y).washout_ == 7
    short = ESNRegressor(Reservoir(100, leak_rate=0.01, random_state=0)).fit(X[:40], y[:40])
    assert short.washout_ == 10
    assert ESNRegressor(NVAR(delay=3)).fit(X, y).washout_ == 0


def test_partial_fit_returns_the_predictions_before_each_update():
    """partial_fit(..., return_predictions=True) gives, at every step, the output of the
    readout before it learns that step (FORCE's error signal), and learns as one call."""
    from skreservoir import ForceReadout

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 1))
    y = np.roll(X[:, 0], 1)
    online = ESNRegressor(Reservoir(30, random_state=0), ForceReadout(1e-2), washout=5)
    predictions = np.concatenate([online.partial_fit(X[i:i + 1], y[i:i + 1],
                                                     return_predictions=True)
                                  for i in range(200)])
    batch = ESNRegressor(Reservoir(30, random_state=0), ForceReadout(1e-2),
                         washout=5).partial_fit(X, y)
    assert_allclose(online.readout_.coef_, batch.readout_.coef_, rtol=1e-8, atol=1e-10)
    assert predictions.shape == (200,)
    assert np.all(predictions[:6] == 0.0)  # nothing learnt before the washout ends
    # the prediction at step t is the readout after steps < t applied to x(t)
    replay = ESNRegressor(Reservoir(30, random_state=0), ForceReadout(1e-2), washout=5)
    replay.partial_fit(X[:150], y[:150])
    state_150 = replay.reservoir_.transform(X)[150]
    assert_allclose(predictions[150], replay.readout_.predict(state_150[None])[0], rtol=1e-8)
    assert np.mean(np.abs(predictions[-50:] - y[-50:])) < 0.1


def _stream_labels(n_steps, seed=0):
    """A stream of one input with three string labels (the sign of a 3-step sum, or
    "middle" near 0), one causal function of the inputs."""
    u = np.random.default_rng(seed).normal(size=(n_steps, 1))
    total = np.convolve(u[:, 0], np.ones(3))[:n_steps]
    return u, np.where(total > 0.5, "high", np.where(total < -0.5, "low", "middle"))


def _online_classifier(washout):
    from skreservoir import ForceReadoutClassifier

    return ESNClassifier(Reservoir(n_units=30, random_state=0),
                         ForceReadoutClassifier(alpha=1e-2), washout=washout)


def _label_before_update(reference, x_row, n_rows_learnt, classes):
    """The label ``reference`` (an ESNClassifier learning by plain partial_fit) predicts
    for ``x_row`` from where its stream is, computed by predict; the first of the
    sorted ``classes`` before its readout has learnt a row."""
    if n_rows_learnt == 0:
        return sorted(classes)[0]
    start = "rest" if reference.n_steps_seen_ == 0 else reference.state_
    return reference.predict(x_row, initial_state=start)[0]


def test_classifier_partial_fit_returns_the_labels_before_each_update():
    """Check that ESNClassifier.partial_fit(..., return_predictions=True) gives, at every
    step of one-row and many-row calls, the label predict gives with the readout and
    the state as they were before that step, classes_[0] before the first update, and
    learns what plain partial_fit learns, the state advanced once per step."""
    u, labels = _stream_labels(150)
    classes = ["middle", "low", "high"]  # classes_[0] is "high"
    online, reference = _online_classifier(washout=3), _online_classifier(washout=3)
    chunks = [(0, 5), *((t, t + 1) for t in range(5, 40)), (40, 100), (100, 101), (101, 150)]
    returned, expected, learnt = [], [], 0
    for start, stop in chunks:
        result = online.partial_fit(u[start:stop], labels[start:stop], classes=classes,
                                    return_predictions=True)
        assert isinstance(result, np.ndarray) and result.shape == (stop - start,)
        assert result.dtype == online.classes_.dtype
        returned.append(result)
        for t in range(start, stop):  # the reference: one row at a time, predict then learn
            expected.append(_label_before_update(reference, u[t:t + 1], learnt, classes))
            reference.partial_fit(u[t:t + 1], labels[t:t + 1], classes=classes)
            learnt += t >= 3
    returned = np.concatenate(returned)
    assert_array_equal(returned[:4], ["high"] * 4)  # rows 0-2: the washout; row 3: first update
    assert_array_equal(returned, expected)
    assert np.mean(returned[-50:] == labels[-50:]) > np.mean(returned[:50] == labels[:50])
    assert_allclose(online.readout_.coef_, reference.readout_.coef_, rtol=1e-10, atol=1e-12)
    assert_allclose(online.state_, reference.state_, rtol=1e-12, atol=1e-14)
    assert online.n_steps_seen_ == reference.n_steps_seen_ == 150
    assert_array_equal(online.classes_, ["high", "low", "middle"])


def test_classifier_partial_fit_returns_the_labels_of_a_panel():
    """Check that return_predictions on a panel gives the labels with the structure of
    y (3D: an array per series; list: a list), each series from the initial state and
    its washout, the readout learning the series in order."""
    u, labels = _stream_labels(90, seed=1)
    X, y = u.reshape(3, 30, 1), labels.reshape(3, 30)
    classes = list(np.array(["low", "middle", "high"]))  # numpy scalars in a list
    online, reference = _online_classifier(washout=2), _online_classifier(washout=2)
    returned = online.partial_fit(X, y, classes=classes, return_predictions=True)
    assert returned.shape == (3, 30)
    expected, learnt = [], 0
    for x_series, y_series in zip(X, y):
        if learnt:
            reference.reset_state()  # a panel's series each start from the initial state
        for t in range(30):
            expected.append(_label_before_update(reference, x_series[t:t + 1], learnt,
                                                 classes))
            reference.partial_fit(x_series[t:t + 1], y_series[t:t + 1], classes=classes)
            learnt += t >= 2
    assert_array_equal(returned.reshape(-1), expected)
    assert_allclose(online.readout_.coef_, reference.readout_.coef_, rtol=1e-10, atol=1e-12)
    as_list = _online_classifier(washout=2).partial_fit(list(X), list(y), classes=classes,
                                                        return_predictions=True)
    assert isinstance(as_list, list) and len(as_list) == 3
    assert_array_equal(np.stack(as_list), returned)


def test_classifier_partial_fit_return_value_and_per_series_labels():
    """Check that partial_fit returns the estimator by default and with
    return_predictions=False, and that return_predictions=True refuses labels per
    series (fit's sequence-level mode) as partial_fit does."""
    X, labels = sine_panel(10)
    clf = ESNClassifier(Reservoir(n_units=20, random_state=0))
    steps = np.repeat(labels[0], len(X[0]))
    assert clf.partial_fit(X[0], steps, classes=["fast", "slow"]) is clf
    assert clf.partial_fit(X[1], steps, return_predictions=False) is clf
    with pytest.raises(ValueError, match="one label per series"):
        ESNClassifier(Reservoir(n_units=20, random_state=0)).partial_fit(
            X, labels, classes=["fast", "slow"], return_predictions=True)
    sequence = ESNClassifier(Reservoir(n_units=20, random_state=0)).fit(X, labels)
    with pytest.raises(ValueError, match="Refit it with fit"):
        sequence.partial_fit(X[0], steps, return_predictions=True)


def test_classifier_partial_fit_one_row_calls_through_the_washout():
    """Check that ESNClassifier.partial_fit one row at a time with washout > 0 (classes
    given to the first call only, whose row the readout does not learn) learns what one
    call on the rows learns; it raised AttributeError (no classes_) on the first call."""
    u, labels = _stream_labels(40)
    rows = _online_classifier(washout=5)
    rows.partial_fit(u[:1], labels[:1], classes=["low", "middle", "high"])
    assert_array_equal(rows.classes_, ["high", "low", "middle"])
    for t in range(1, 40):
        rows.partial_fit(u[t:t + 1], labels[t:t + 1])
    whole = _online_classifier(washout=5).partial_fit(u, labels,
                                                      classes=["low", "middle", "high"])
    assert_allclose(rows.readout_.coef_, whole.readout_.coef_, rtol=1e-10, atol=1e-12)
    assert rows.readout_.n_samples_seen_ == 35
    with pytest.raises(ValueError, match="classes must be passed"):
        _online_classifier(washout=5).partial_fit(u[:1], labels[:1])


def _sparse_label_fit(seed, missing):
    """A one-step delay task with a fraction ``missing`` of NaN targets, fitted (washout
    20); returns the generator, X, the full and sparse targets, the model and the rows
    that train it."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(300, 1))
    y = np.roll(X[:, 0], 1)
    sparse = y.copy()
    sparse[rng.random(300) < missing] = np.nan
    esn = ESNRegressor(Reservoir(30, random_state=0), washout=20).fit(X, sparse)
    kept = ~np.isnan(sparse)
    kept[:20] = False
    return rng, X, y, sparse, esn, kept


def test_nan_targets_are_left_out_of_training():
    """NaN targets (sparse labels) are skipped: the model equals one trained with those
    rows at weight 0, and equals training the readout on the kept rows' states."""
    rng, X, y, sparse, esn, kept = _sparse_label_fit(0, 0.5)
    states = esn.reservoir_.transform(X)
    direct = RidgeReadout().fit(states[kept], y[kept])
    assert_allclose(esn.readout_.coef_, direct.coef_, atol=1e-9)
    assert np.all(np.isfinite(esn.predict(X)))
    panel = [X[:150], X[150:]]
    targets = [sparse[:150], sparse[150:]]
    assert np.all(np.isfinite(ESNRegressor(Reservoir(30, random_state=0)).fit(
        panel, targets).predict(panel)[0]))
    with pytest.raises(ValueError, match="NaN targets.*feedback"):
        ESNRegressor(Reservoir(30, random_state=0), feedback=True).fit(X, sparse)


@pytest.mark.parametrize("readout", [ForceReadout(1e-2), LMSReadout(1e-2), RidgeReadout()])
def test_partial_fit_leaves_out_nan_targets_as_fit_does(readout):
    """Check that partial_fit skips the steps whose target is NaN (sparse labels, as
    ReservoirPy's online nodes skip them): a stream of one-row calls (the FORCE loop,
    with the predictions before each update asked for), one call on the whole series
    and the readout's partial_fit on the kept rows' states give the same weights; a
    call whose every target is missing leaves the readout as it was and still returns
    its predictions; feedback refuses missing targets."""
    rng, X, y, sparse, _, kept = _sparse_label_fit(2, 0.4)
    model = ESNRegressor(Reservoir(30, random_state=0), readout, washout=20)
    whole = clone(model).partial_fit(X, sparse)
    rows = clone(model)
    predictions = np.concatenate([rows.partial_fit(X[t:t + 1], sparse[t:t + 1],
                                                   return_predictions=True)
                                  for t in range(300)])
    assert np.all(np.isfinite(predictions))
    direct = clone(readout).partial_fit(whole.reservoir_.transform(X)[kept], y[kept])
    for fitted in (whole, rows):
        assert_allclose(fitted.readout_.coef_, direct.coef_, rtol=1e-9, atol=1e-12)
        assert_allclose(fitted.readout_.intercept_, direct.intercept_, rtol=1e-9, atol=1e-12)
    # the range of the targets seen leaves the missing ones out (not their 0 fill)
    assert_allclose(rows._target_range[0], np.nanmin(sparse[:300]))
    coef = rows.readout_.coef_.copy()
    missing = np.full(3, np.nan)
    assert rows.partial_fit(X[:3], missing, return_predictions=True).shape == (3,)
    rows.partial_fit(X[:3], missing)
    assert_array_equal(rows.readout_.coef_, coef)
    with pytest.raises(ValueError, match="NaN targets.*feedback"):
        ESNRegressor(Reservoir(30, random_state=0), ForceReadout(), feedback=True,
                     washout=0).partial_fit(X, sparse)
    # targets as a plain list (one series, a 2D X): the same rows skipped
    listed = clone(model).partial_fit(X, sparse.tolist())
    assert_allclose(listed.readout_.coef_, direct.coef_, rtol=1e-9, atol=1e-12)
    columns = clone(model).partial_fit(X, [[v] for v in sparse])
    assert_allclose(columns.readout_.coef_.ravel(), direct.coef_.ravel(), rtol=1e-9,
                    atol=1e-12)


def test_score_leaves_out_nan_targets_as_fit_does():
    """score skips the steps whose target is NaN (fit leaves them out of training), so a
    search on sparse labels scores its folds; weights multiply; all missing is refused."""
    from sklearn.metrics import r2_score

    rng, X, y, sparse, esn, kept = _sparse_label_fit(1, 0.3)
    predictions = esn.predict(X)
    assert_allclose(esn.score(X, sparse), r2_score(y[kept], predictions[kept]))
    w = rng.uniform(0.5, 2.0, 300)
    assert_allclose(esn.score(X, sparse, sample_weight=w),
                    r2_score(y[kept], predictions[kept], sample_weight=w[kept]))
    assert_allclose(esn.score(X, sparse, initial_state="rest"), esn.score(X, sparse))
    everything_missing = np.full(300, np.nan)
    everything_missing[:10] = 1.0  # only washout rows have targets
    with pytest.raises(ValueError, match="every target after the washout is NaN"):
        esn.score(X, everything_missing)


def test_classifier_sample_weight_reaches_the_readout():
    """ESNClassifier passes sample_weight to its readout: per step (frame-wise) and per
    series (sequence-level), equal to fitting the readout on the same features."""
    from skreservoir import RidgeReadoutClassifier

    X, labels = sine_panel()
    w = np.linspace(0.5, 2.0, len(labels))
    clf = ESNClassifier(Reservoir(n_units=40, random_state=0), decision="mean",
                        washout=0).fit(X, labels, sample_weight=w)
    features = clf.reservoir_.transform(X).mean(axis=1)
    direct = RidgeReadoutClassifier().fit(features, labels, sample_weight=w)
    assert_allclose(clf.readout_.coef_, direct.coef_, atol=1e-9)
    rng = np.random.default_rng(0)
    series = rng.normal(size=(200, 2))
    steps = (series[:, 0] > 0).astype(int)
    step_w = rng.uniform(0.5, 2.0, 200)
    frame = ESNClassifier(Reservoir(n_units=30, random_state=0), washout=0).fit(
        series, steps, sample_weight=step_w)
    direct = RidgeReadoutClassifier().fit(frame.reservoir_.transform(series), steps,
                                          sample_weight=step_w)
    assert_allclose(frame.readout_.coef_, direct.coef_, atol=1e-9)
    with pytest.raises(ValueError, match="one finite weight >= 0 per series"):
        ESNClassifier(Reservoir(n_units=20, random_state=0), decision="mean").fit(
            X, labels, sample_weight=w[:3])


def test_auto_washout_scores_folds_shorter_than_training():
    """With washout="auto", the quarter-of-the-series cap holds on the scored data too:
    a test fold shorter than the training series is scored (not an error), and a search
    on the default model scores every candidate."""
    from skreservoir.model_selection import HyperoptSearchCV, reservoir_space

    series = mackey_glass(1001)
    X, y = series[:-1], series[1:]
    esn = ESNRegressor(Reservoir(100, leak_rate=0.05, random_state=0)).fit(X[:800], y[:800])
    assert esn.washout_ == 200
    assert np.isfinite(esn.score(X[800:], y[800:]))
    search = HyperoptSearchCV(ESNRegressor(), reservoir_space(), max_evals=5,
                              random_state=0).fit(X, y)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))


def test_reservoirpy_run_points_to_ours():
    """esn.run(X), ReservoirPy's call, raises naming predict(X, initial_state='fit')."""
    with pytest.raises(AttributeError, match=r"predict\(X, initial_state='fit'\)"):
        ESNRegressor().run
    with pytest.raises(AttributeError, match=r"transform\(X\)"):
        Reservoir().run
    with pytest.raises(AttributeError, match="has no attribute 'missing'"):
        ESNRegressor().missing


def test_reservoirpy_fit_warmup_points_to_washout():
    """fit(X, y, warmup=n), ReservoirPy's call, raises naming washout=n; fit's signature stays."""
    import inspect

    from skreservoir import RidgeReadout

    X = np.random.default_rng(0).normal(size=(50, 1))
    with pytest.raises(TypeError, match=r"washout=10 \(the default washout='auto'"):
        ESNRegressor().fit(X, X[:, 0], warmup=10)
    with pytest.raises(TypeError, match=r"in the constructor: washout=5\.$"):
        RidgeReadout().fit(X, X[:, 0], warmup=5)
    with pytest.raises(TypeError, match="has no washout.*or washout=5 to the ESN estimator"):
        Reservoir().fit(X, warmup=5)
    assert list(inspect.signature(ESNRegressor.fit).parameters) == [
        "self", "X", "y", "sample_weight"]


@pytest.mark.parametrize("feedback", [False, True])
def test_predict_continue_chunk_by_chunk_equals_one_call(feedback):
    """Check initial_state="continue": chunks predicted one after the other give the
    predictions of one call from the end of training (ReservoirPy's stateful run),
    and the model's state moves to the end of each chunk; "fit" alone leaves it."""
    series = mackey_glass(700)
    U, Y = series[:-1], series[1:]
    esn = ESNRegressor(Reservoir(n_units=60, random_state=0), RidgeReadout(alpha=1e-6),
                       feedback=feedback, random_state=0).fit(U[:400], Y[:400])
    state = esn.state_.copy()
    whole = esn.predict(U[400:], initial_state="fit")
    assert np.array_equal(esn.state_, state)  # "fit" does not move the state
    chunks = [esn.predict(U[i:i + 70], initial_state="continue") for i in range(400, 699, 70)]
    np.testing.assert_allclose(np.concatenate(chunks), whole, rtol=0, atol=1e-12)
    assert np.array_equal(esn.last_input_, U[-1])
    assert esn.n_steps_seen_ == 699  # 400 trained, 299 continued: one stream
    # the state is where one call on the whole ends: the next step agrees
    following = esn.predict(U[-1:], initial_state="fit")
    assert np.isfinite(following).all()
    if feedback:
        np.testing.assert_allclose(esn.last_output_, whole[-1], rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="one series"):
        esn.predict(np.stack([U[:50], U[50:100]]), initial_state="continue")


@pytest.mark.parametrize("feedback", [False, True])
@pytest.mark.parametrize("fast", [True, False])
def test_predict_fit_starts_where_training_ended_after_continue_calls(feedback, fast,
                                                                       monkeypatch):
    """Check that initial_state="fit" starts where training ended whatever
    "continue" predictions and reset_state() did since (a rolling loop scored
    from the chunks' end after it: a review port of ReservoirPy's state
    handling), while "continue" and generate go on from the moved state and the
    next partial_fit makes its end the training's end."""
    monkeypatch.setattr(ESNRegressor, "_predict_fast_path", fast)
    series = mackey_glass(700)
    U, Y = series[:-1], series[1:]
    esn = ESNRegressor(Reservoir(n_units=60, random_state=0), RidgeReadout(alpha=1e-6),
                       feedback=feedback, random_state=0).fit(U[:400], Y[:400])
    trained = esn.predict(U[400:], initial_state="fit")
    first = esn.predict(U[400:450], initial_state="continue")
    assert_allclose(esn.predict(U[400:], initial_state="fit"), trained, rtol=0, atol=1e-12)
    assert_allclose(esn.score(U[400:], Y[400:], initial_state="fit"),
                    ESNRegressor.score(esn, U[400:], Y[400:], initial_state="fit"))
    rest = esn.predict(U[450:], initial_state="continue")  # from the moved state
    assert_allclose(np.concatenate([first, rest]), trained, rtol=0, atol=1e-12)
    esn.reset_state()
    assert_allclose(esn.predict(U[400:], initial_state="fit"), trained, rtol=0, atol=1e-12)
    if not feedback:  # a new stream from rest: its end is where "fit" starts now
        esn.partial_fit(U[400:500], Y[400:500])
        after = esn.predict(U[500:], initial_state="fit")
        assert_allclose(esn.predict(U[500:], initial_state="continue"), after,
                        rtol=0, atol=1e-12)
        assert not np.allclose(after, trained[100:])


def test_reservoir_transform_continues_from_a_given_state():
    """Check transform's initial_state: the states of a series in two calls, the second
    from the first's last state, equal one call's; bad starts are refused by name."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (300, 2))
    reservoir = Reservoir(n_units=40, leak_rate=0.5, random_state=0).fit(X)
    first = reservoir.transform(X[:120])
    rest = reservoir.transform(X[120:], initial_state=first[-1])
    np.testing.assert_allclose(np.vstack([first, rest]), reservoir.transform(X), rtol=0,
                               atol=1e-12)
    np.testing.assert_array_equal(reservoir.transform(X, initial_state="rest"),
                                  reservoir.transform(X))
    panel = reservoir.transform(np.stack([X[120:], X[120:]]), initial_state=first[-1])
    np.testing.assert_allclose(panel[1], rest, rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match=r"initial_state must have shape \(40,\)"):
        reservoir.transform(X, initial_state=np.zeros(3))
    with pytest.raises(ValueError, match="NaN"):
        reservoir.transform(X, initial_state=np.full(40, np.nan))
    with pytest.raises(ValueError, match=r"initial_state must be None.*initial_state=S\[-1\]"):
        reservoir.transform(X, initial_state="fit")  # names how to continue


def test_warmup_warning_once_for_scikit_learn_scorers(monkeypatch):
    """Check that scikit-learn's scorers (a search's folds) get the WarmupWarning once per
    process, while a user's own calls always get it."""
    import warnings

    from sklearn.metrics import get_scorer

    from skreservoir.esn import _base
    from skreservoir.exceptions import WarmupWarning

    monkeypatch.setattr(_base, "_WARMUP_WARNED_TO_SKLEARN", [])
    series = mackey_glass(600)
    X, y = series[:-10], series[10:]
    esn = ESNRegressor(Reservoir(40, random_state=0), washout=20).fit(X[:400], y[:400])
    scorer = get_scorer("neg_mean_squared_error")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            scorer(esn, X[400:], y[400:])
            esn.predict(X[400:])
    from_rest = [w for w in caught if w.category is WarmupWarning]
    assert len(from_rest) == 1 + 3  # the scorer's first call, and each direct call


def test_a_string_scorer_after_the_default_scoring_is_told(monkeypatch):
    """cross_val_score with scoring="r2" after one with the default scoring: the
    first warned about score (it leaves the washout out), the second predicts from
    rest and counts the transient (R^2 about -300 on Mackey-Glass 5 ahead where
    score gives 0.998). Each is told once: the second's warning names get_scorer."""
    from skreservoir.esn import _base
    from skreservoir.exceptions import WarmupWarning

    monkeypatch.setattr(_base, "_WARMUP_WARNED_TO_SKLEARN", [])
    X, y = to_forecasting(mackey_glass(801), forecast=5)
    esn = ESNRegressor(Reservoir(40, random_state=0), washout=20)
    with pytest.warns(WarmupWarning, match="scores one series"):
        cross_val_score(esn, X, y, cv=TimeSeriesSplit(3))
    with pytest.warns(WarmupWarning, match=r"predicts one series.*get_scorer\(name\)"):
        cross_val_score(esn, X, y, cv=TimeSeriesSplit(3), scoring="r2")
    with warnings.catch_warnings():
        warnings.simplefilter("error", WarmupWarning)
        cross_val_score(esn, X, y, cv=TimeSeriesSplit(3), scoring="r2")
        cross_val_score(esn, X, y, cv=TimeSeriesSplit(3))


def test_warmup_warning_of_a_search_names_a_scorer_it_can_take(monkeypatch):
    """Check that the score's WarmupWarning given to a search or cross-validation names the
    continuing scorer (it named score's initial_state='fit', which a search cannot pass),
    that this scorer runs without the warning, and that a user's own score call is told
    only about initial_state."""
    import warnings

    from skreservoir.esn import _base
    from skreservoir.exceptions import WarmupWarning

    monkeypatch.setattr(_base, "_WARMUP_WARNED_TO_SKLEARN", [])
    series = mackey_glass(600)
    X, y = series[:-10], series[10:]
    esn = ESNRegressor(Reservoir(40, random_state=0), washout=20)
    with pytest.warns(WarmupWarning, match=r"A search or cross-validation calls score "
                                           r"without it.*scoring=continued.*initial_state='fit'"):
        cross_val_score(esn, X, y, cv=TimeSeriesSplit(3))

    def continued(estimator, X, y):
        return estimator.score(X, y, initial_state="fit")

    with warnings.catch_warnings():
        warnings.simplefilter("error", WarmupWarning)
        scores = cross_val_score(esn, X, y, cv=TimeSeriesSplit(3), scoring=continued)
    assert np.all(scores > 0.9)
    fitted = esn.fit(X[:400], y[:400])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fitted.score(X[400:], y[400:])
    (warning,) = [w for w in caught if w.category is WarmupWarning]
    assert "initial_state='fit'" in str(warning.message)
    assert "A search" not in str(warning.message)


def test_warmup_warning_of_a_search_over_a_pipeline_names_a_scorer_that_continues(monkeypatch):
    """Check that the score's WarmupWarning given to a cross-validation of a Pipeline names a
    scorer through predict: a Pipeline's score passes no initial_state on (it dropped the
    named score(X, y, initial_state='fit') silently, which scored from rest and warned
    again), its predict does; the scorer named runs without the warning and gives the
    continued score."""
    import warnings

    from sklearn.metrics import r2_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from skreservoir.esn import _base
    from skreservoir.exceptions import WarmupWarning

    monkeypatch.setattr(_base, "_WARMUP_WARNED_TO_SKLEARN", [])
    series = mackey_glass(600)
    X, y = series[:-10], series[10:]
    pipeline = make_pipeline(StandardScaler(), ESNRegressor(Reservoir(40, random_state=0),
                                                            washout=20))
    with pytest.warns(WarmupWarning, match=r"scoring=continued.*return r2_score\(y, "
                                           r"estimator.predict\(X, initial_state='fit'\)\)"):
        cross_val_score(pipeline, X, y, cv=TimeSeriesSplit(3))

    def continued(estimator, X, y):
        return r2_score(y, estimator.predict(X, initial_state="fit"))

    with warnings.catch_warnings():
        warnings.simplefilter("error", WarmupWarning)
        scores = cross_val_score(pipeline, X, y, cv=TimeSeriesSplit(3), scoring=continued)
    assert np.all(scores > 0.9)
    # the step's own continued score
    fitted = pipeline.fit(X[:400], y[:400])
    assert continued(fitted, X[400:], y[400:]) == pytest.approx(fitted[-1].score(
        fitted[:-1].transform(X[400:]), y[400:], initial_state="fit"), rel=1e-12)


def test_generate_warns_for_a_warmup_shorter_than_the_washout():
    """Check that generate's warmup shorter than washout_ (a state still in its transient)
    warns with the fix, and a long enough one does not."""
    import warnings

    from skreservoir.exceptions import WarmupWarning

    series = mackey_glass(700)
    X, y = series[:-1], series[1:]
    esn = ESNRegressor(Reservoir(50, random_state=0), washout=40).fit(X[:500], y[:500])
    with pytest.warns(WarmupWarning, match="warmup has 10 steps, fewer than washout_=40"):
        esn.generate(5, warmup=X[500:510])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        esn.generate(5, warmup=X[500:540])
        esn.generate(5)


def test_auto_washout_on_an_array_api_series():
    """Check that washout="auto" measures an array-API series as it does the numpy one."""
    xps = pytest.importorskip("array_api_strict")
    from skreservoir._base import auto_washout

    X = mackey_glass(400)
    reservoir = Reservoir(n_units=30, random_state=0).fit(X)
    assert auto_washout(reservoir, xps.asarray(X)) == auto_washout(reservoir, X)


def test_warmup_warning_of_a_users_pipeline_is_not_the_scorers(monkeypatch):
    """Check that a user's own Pipeline.predict (a scikit-learn frame, not a scorer's) does
    not use up the one warning given to scikit-learn's scorers, and always warns."""
    import warnings

    from skreservoir.esn import _base
    from skreservoir.exceptions import WarmupWarning

    monkeypatch.setattr(_base, "_WARMUP_WARNED_TO_SKLEARN", [])
    series = mackey_glass(600)
    X, y = series[:-10], series[10:]
    pipe = make_pipeline(StandardScaler(), ESNRegressor(Reservoir(40, random_state=0),
                                                        washout=20)).fit(X[:400], y[:400])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pipe.predict(X[400:])
        pipe.predict(X[450:])
        cross_val_score(ESNRegressor(Reservoir(40, random_state=0), washout=20), X, y,
                        cv=TimeSeriesSplit(3), scoring="neg_mean_squared_error")
    assert sum(w.category is WarmupWarning for w in caught) == 2 + 1


def test_predict_continue_is_refused_clearly_outside_the_regressors_predict():
    """Check that ESNClassifier's frame-wise predict names 'fit' for initial_state='continue'."""
    X = np.random.default_rng(0).normal(size=(200, 1))
    classifier = ESNClassifier(Reservoir(30, random_state=0)).fit(X, (X[:, 0] > 0).astype(int))
    with pytest.raises(ValueError, match="ESNRegressor.predict only.*pass 'fit'"):
        classifier.predict(X, initial_state="continue")


def test_transform_start_of_a_reservoir_whose_output_is_not_its_state():
    """Check that LIFReservoir (spikes out, a larger internal state) continues a series from
    run_batch's final state, as the error for its transform's last row says."""
    from skreservoir.reservoir._lif import LIFReservoir

    X = mackey_glass(300)
    reservoir = LIFReservoir(n_units=30, random_state=0).fit(X)
    first = reservoir.transform(X[:200])
    with pytest.raises(ValueError, match=r"final_states of run_batch"):
        reservoir.transform(X[200:], initial_state=first[-1])
    _, final_states = reservoir.run_batch([X[:200]])
    rest = reservoir.transform(X[200:], initial_state=final_states[-1])
    assert_array_equal(np.vstack([first, rest]), reservoir.transform(X))


def test_fit_warns_for_an_array_in_a_time_last_layout():
    """Check the DataLayoutWarning: sktime's numpy3D (n, channels, time) and numpy2D
    (n, time) arrays read as series with fewer time steps than features warn with the
    fix, and so do lists of such series (list(X) of sktime's numpy3D, a battery); the
    right layout, as an array or a list, does not."""
    import warnings

    from skreservoir.exceptions import DataLayoutWarning

    rng = np.random.default_rng(0)
    panel = rng.normal(size=(20, 1, 60))  # sktime's numpy3D: 20 series of 60 points
    labels = rng.integers(0, 2, 20)
    with pytest.warns(DataLayoutWarning, match=r"transpose\(0, 2, 1\)") as caught:
        ESNClassifier(Reservoir(20, random_state=0)).fit(panel, labels)
    assert caught[0].filename == __file__  # points at the user's line
    with pytest.warns(DataLayoutWarning, match=r"X\[:, :, None\]"):
        ESNClassifier(Reservoir(20, random_state=0)).fit(panel[:, 0, :], labels)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        ESNClassifier(Reservoir(20, random_state=0)).fit(panel.transpose(0, 2, 1), labels)
        ESNClassifier(Reservoir(20, random_state=0)).fit(list(panel.transpose(0, 2, 1)), labels)
        series = rng.normal(size=(100, 3))
        ESNRegressor(Reservoir(20, random_state=0)).fit(series, series[:, 0])
    with pytest.warns(DataLayoutWarning, match=r"\[x\.T for x in X\]"):
        ESNClassifier(Reservoir(20, random_state=0)).fit(list(panel[:, :, :3]), labels)


@pytest.mark.parametrize("name", ["Reservoir", "ReservoirStack", "NVAR", "ESGPRegressor",
                                  "ESGPClassifier", "ESGPClassifier 2D", "GatedReservoir"])
def test_other_estimators_warn_for_a_time_last_layout_too(name):
    """Check that the reservoirs, NVAR and the ESGP estimators give the DataLayoutWarning
    of ESNClassifier for sktime's numpy3D (n, channels, time) given as it is, and
    ESGPClassifier for numpy2D rows labelled one per row (a user battery: each read
    them silently as a few time steps of many features); the right layout does not."""
    import warnings

    from skreservoir import NVAR, ESGPClassifier, ESGPRegressor, GatedReservoir, ReservoirStack
    from skreservoir.exceptions import DataLayoutWarning

    rng = np.random.default_rng(0)
    panel = rng.normal(size=(40, 2, 30))  # sktime's numpy3D: 40 series, 2 channels
    labels = np.arange(40) % 2
    fits = {
        "Reservoir": lambda X: Reservoir(20, random_state=0).fit(X),
        "ReservoirStack": lambda X: ReservoirStack([Reservoir(10), Reservoir(10)]).fit(X),
        "NVAR": lambda X: NVAR().fit(X),
        "ESGPRegressor": lambda X: ESGPRegressor(n_units=10, max_iter=2,
                                                 random_state=0).fit(X, labels * 1.0),
        "ESGPClassifier": lambda X: ESGPClassifier(n_units=10, max_iter=2,
                                                   random_state=0).fit(X, labels),
        "ESGPClassifier 2D": lambda X: ESGPClassifier(n_units=10, max_iter=2,
                                                      random_state=0).fit(X, labels),
        "GatedReservoir": lambda X: GatedReservoir(random_state=0).fit(X),
    }
    wrong, right, fix = panel, panel.transpose(0, 2, 1), r"transpose\(0, 2, 1\)"
    if name.endswith("2D"):  # 40 univariate series of 30 points, a label each
        wrong, right, fix = panel[:, 0, :], panel[:, 0, :, None], r"X\[:, :, None\]"
    with pytest.warns(DataLayoutWarning, match=fix) as caught:
        fits[name](wrong)
    assert caught[0].filename == __file__ and name.split()[0] in str(caught[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        fits[name](right)


def test_feedback_model_given_its_own_state_as_an_array_warns():
    """Check that predict(X, initial_state=esn.state_) of a feedback model, which starts
    the fed-back output from zeros where "fit" feeds back the last target (a user
    battery: predictions 0.13 apart without a word), warns naming "fit", and that
    another array does not."""
    import warnings

    from skreservoir.datasets import mackey_glass, to_forecasting
    from skreservoir.exceptions import WarmupWarning

    X, y = to_forecasting(mackey_glass(700, random_state=0), forecast=1)
    esn = ESNRegressor(Reservoir(50, random_state=0), washout=50, feedback=True)
    esn.fit(X[:600], y[:600])
    with pytest.warns(WarmupWarning, match=r"fed-back output from zeros.*initial_state='fit'"):
        from_array = esn.predict(X[600:], initial_state=esn.state_)
    assert np.abs(from_array - esn.predict(X[600:], initial_state="fit")).max() > 1e-3
    with warnings.catch_warnings():
        warnings.simplefilter("error", WarmupWarning)
        esn.predict(X[600:], initial_state=0.5 * esn.state_)


def test_sktime_dataframe_panels_are_refused_by_name():
    """Check that sktime's nested_univ and pd-multiindex DataFrames get an error naming
    the format and the conversions (they failed in pandas, or were read as one series)."""
    import pandas as pd

    rng = np.random.default_rng(0)
    nested = pd.DataFrame({"dim_0": [pd.Series(rng.normal(size=30)) for _ in range(6)]})
    multi = pd.DataFrame({"dim_0": rng.normal(size=6 * 30)},
                         index=pd.MultiIndex.from_product([range(6), range(30)]))
    labels = np.array([0, 1] * 3)
    for frame, kind in ((nested, "nested_univ"), (multi, "pd-multiindex")):
        with pytest.raises(TypeError, match=f"sktime {kind} DataFrame.*ESNTimeSeriesClassifier"):
            ESNClassifier(Reservoir(20, random_state=0)).fit(frame, labels)
    # a plain DataFrame is one series, as before
    frame = pd.DataFrame(rng.normal(size=(50, 2)))
    ESNRegressor(Reservoir(20, random_state=0)).fit(frame, frame[0].to_numpy())


@pytest.mark.parametrize("decision", ["mean", "vote"])
def test_classifier_refuses_a_single_class(decision):
    """Check that ESNClassifier.fit on one class (per series, per step, one series, one-hot)
    raises a ValueError naming it, as scikit-learn's classifiers do, before the reservoir
    is built; a first partial_fit with classes of one raises alike."""
    X = np.random.default_rng(0).uniform(size=(6, 20, 2))
    clf = ESNClassifier(Reservoir(n_units=10, random_state=0), decision=decision)
    match = r"ESNClassifier needs samples of at least 2 classes.*only one class: \['a'\]"
    for X_fit, y_fit in [
        (X, np.full(6, "a")),  # one label per series
        (X, np.full((6, 20), "a")),  # one label per step of a panel
        (list(X), [np.full(20, "a")] * 6),  # per step, a list panel
        (X[0], np.full(20, "a")),  # one series
    ]:
        with pytest.raises(ValueError, match=match):
            clf.fit(X_fit, y_fit)
    with pytest.raises(ValueError, match=r"only one class: \[0\]"):
        clf.fit(X[0], np.tile([1, 0], (20, 1)))  # one-hot rows, one column ever set
    assert not hasattr(clf, "reservoir_")
    with pytest.raises(ValueError, match=r"classes passed to the first partial_fit hold 1"):
        clf.partial_fit(X[0], np.full(20, "a"), classes=["a"])
    assert clf.fit(X, np.array(["a", "b"] * 3)).classes_.tolist() == ["a", "b"]


@pytest.mark.parametrize("feedback", [False, True])
def test_score_from_the_training_state_scores_every_step(feedback):
    """Check that score(X, y, initial_state="fit") is the R² of predict(X,
    initial_state="fit") on every step (ReservoirPy's rsquare of run after fit), and that
    'continue', which would move the model's state, is refused."""
    from sklearn.metrics import r2_score

    series = mackey_glass(900, random_state=0)
    esn = ESNRegressor(Reservoir(n_units=40, random_state=0), washout=50,
                       feedback=feedback).fit(series[:600], series[10:610])
    X_test, y_test = series[600:890], series[610:900]
    expected = r2_score(y_test, esn.predict(X_test, initial_state="fit"))
    assert_allclose(esn.score(X_test, y_test, initial_state="fit"), expected, rtol=1e-12)
    state = esn.state_.copy()
    with pytest.raises(ValueError, match="'continue' is taken by ESNRegressor.predict only"):
        esn.score(X_test, y_test, initial_state="continue")
    assert_array_equal(esn.state_, state)
    assert esn.score(X_test, y_test) == esn.score(X_test, y_test, initial_state="rest")


def test_a_list_of_dataframes_keeps_and_checks_feature_names():
    """Check that a panel given as a list of DataFrames (sktime's df-list) sets
    feature_names_in_ as one DataFrame does, and that a panel with its columns reordered
    is refused at predict/transform (it was read silently in the wrong order); series
    of one panel with different columns are refused by name."""
    import pandas as pd

    from skreservoir import ESNTransformer

    rng = np.random.default_rng(0)
    panel = [pd.DataFrame(rng.normal(size=(30, 2)), columns=["x", "z"]) for _ in range(6)]
    swapped = [series[["z", "x"]] for series in panel]
    labels = np.array([0, 1] * 3)
    models = [
        (ESNClassifier(Reservoir(20, random_state=0)).fit(panel, labels), "predict"),
        (ESNRegressor(Reservoir(20, random_state=0)).fit(
            panel, [series["x"].to_numpy() for series in panel]), "predict"),
        (ESNTransformer(Reservoir(20, random_state=0)).fit(panel), "transform"),
    ]
    for model, method in models:
        assert list(model.feature_names_in_) == ["x", "z"]
        getattr(model, method)(panel)
        with pytest.raises(ValueError, match="same order as they were in fit"):
            getattr(model, method)(swapped)
    with pytest.raises(ValueError, match=r"same columns in the same order.*series 1"):
        ESNClassifier(Reservoir(20, random_state=0)).fit([panel[0], swapped[1]], [0, 1])
    refit = models[0][0].fit([series.to_numpy() for series in panel], labels)
    assert not hasattr(refit, "feature_names_in_")


def test_classifier_per_series_warns_for_series_far_from_the_training_lengths():
    """Check ESNClassifier's SeriesLengthWarning (labels per series): 8-step series
    after a fit on 50 steps scored 0.37 (1.0 at 50) without a word; frame-wise
    labels (a stream of any length) do not warn."""
    import warnings

    from skreservoir.exceptions import SeriesLengthWarning

    X, labels = sine_panel(10)
    clf = ESNClassifier(Reservoir(n_units=10, random_state=0), washout=5).fit(X, labels)
    with pytest.warns(SeriesLengthWarning, match=r"ESNClassifier: 10 of the 10 series.*"
                                                 r"\(50 to 50 steps\).*8 to 8 steps"):
        clf.score(X[:, :8], labels)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SeriesLengthWarning)
        clf.predict(X[:, :40])
        steps = np.where(X[0, :, 0] > 0, "pos", "neg")
        ESNClassifier(Reservoir(n_units=10, random_state=0)).fit(X[0], steps).predict(X[:2, :8])


def test_classifier_partial_fit_retry_with_every_class_after_an_unknown_label():
    """Check that a first partial_fit refused for a label outside classes leaves
    nothing in the way of the retry the error asks for (every class passed): the
    classes of the failed call used to stay, and the retry was refused as passing
    other classes than the last call."""
    u, labels = _stream_labels(40)
    clf = _online_classifier(washout=0)
    with pytest.raises(ValueError, match=r"not in classes .*pass every class"):
        clf.partial_fit(u, labels, classes=["low", "middle"])
    clf.partial_fit(u, labels, classes=["low", "middle", "high"])
    assert_array_equal(clf.classes_, ["high", "low", "middle"])
    reference = _online_classifier(washout=0).partial_fit(
        u, labels, classes=["low", "middle", "high"])
    assert_allclose(clf.readout_.coef_, reference.readout_.coef_, rtol=1e-12)


@pytest.mark.parametrize("return_predictions", [False, True])
def test_classifier_partial_fit_unknown_label_mid_chunk_changes_nothing(return_predictions):
    """Check that a chunk whose sixth label is unknown raises before anything learns:
    with return_predictions the readout used to learn the five rows before it (its
    rows seen moved on while the state did not)."""
    u, labels = _stream_labels(40)
    clf = _online_classifier(washout=0)
    clf.partial_fit(u[:10], labels[:10], classes=["low", "middle", "high"])
    coef, seen = clf.readout_.coef_.copy(), clf.readout_.n_samples_seen_
    state, steps = clf.state_.copy(), clf.n_steps_seen_
    bad = labels[10:20].copy()
    bad[5] = "zzz"
    with pytest.raises(ValueError, match=r"\['zzz'\] that are not in classes"):
        clf.partial_fit(u[10:20], bad, return_predictions=return_predictions)
    assert_array_equal(clf.readout_.coef_, coef)
    assert clf.readout_.n_samples_seen_ == seen
    assert_array_equal(clf.state_, state)
    assert clf.n_steps_seen_ == steps


def test_classifier_one_row_in_the_washout_checks_its_label():
    """Check that a one-row call in the washout (after reset_state) refuses a label
    outside classes, as the general path does: the short path did not learn the row,
    so it never checked its label, and the stream went on."""
    u, labels = _stream_labels(40)
    clf = _online_classifier(washout=3)
    clf.partial_fit(u[:20], labels[:20], classes=["low", "middle", "high"])
    clf.reset_state()
    steps = clf.n_steps_seen_
    with pytest.raises(ValueError, match=r"\['zzz'\] that are not in classes"):
        clf.partial_fit(u[20:21], np.array(["zzz"]), return_predictions=True)
    assert clf.n_steps_seen_ == steps


def _closed_loop_models():
    """ESNRegressors of the short-predict path: NG-RC (with and without its constant),
    leaky reservoirs in float64 and float32, with the input, an online readout."""
    from skreservoir import NVAR
    from skreservoir.readout import ForceReadout

    return [
        ESNRegressor(NVAR(delay=2, order=2), RidgeReadout(2.5e-6, fit_intercept=False),
                     washout=10),
        ESNRegressor(NVAR(delay=3, order=2, include_constant=False), RidgeReadout(1e-6)),
        ESNRegressor(Reservoir(n_units=40, random_state=0), RidgeReadout(1e-6)),
        ESNRegressor(Reservoir(n_units=40, random_state=0, dtype="float32"),
                     RidgeReadout(1e-6), include_input=True),
        ESNRegressor(Reservoir(n_units=30, random_state=1), ForceReadout(), washout=5),
    ]


@pytest.mark.parametrize("model", range(5))
@pytest.mark.parametrize("initial_state", [None, "rest", "fit"])
@pytest.mark.parametrize("rows", [1, 3, 50])
def test_predict_short_path_equals_the_general_one(model, initial_state, rows):
    """Check that predict of one numpy series (a closed loop's step) by its short path
    gives the general path's predictions, dtype and warnings (attributed to the
    caller's line), bit for bit."""
    X, y = to_forecasting(mackey_glass(400), forecast=1)
    X = np.hstack([X, np.cos(np.arange(len(X)))[:, None]])
    Y = np.hstack([y, y ** 2])
    esn = _closed_loop_models()[model]
    esn.fit(X[:300], Y[:300] if model % 2 else y[:300])
    window = np.ascontiguousarray(X[310:310 + rows])
    outputs = {}
    for short in (True, False):
        esn._predict_fast_path = short
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            outputs[short] = esn.predict(window, initial_state=initial_state)
        outputs[short, "warnings"] = [(w.category, str(w.message), w.filename, w.lineno)
                                      for w in caught]
    assert outputs[True].dtype == outputs[False].dtype
    assert outputs[True].shape == outputs[False].shape
    assert_array_equal(outputs[True], outputs[False])
    assert outputs[True, "warnings"] == outputs[False, "warnings"]
    from skreservoir.exceptions import WarmupWarning

    if model == 2 and initial_state is None:  # a leaky reservoir predicted from rest
        assert outputs[True, "warnings"][0][0] is WarmupWarning


@pytest.mark.parametrize("model", range(5))
@pytest.mark.parametrize("rows", [1, 4])
def test_predict_continue_short_path_equals_the_general_one(model, rows):
    """Check that predict(..., initial_state="continue") of one numpy series by its
    short path (a hand-written loop's step, ReservoirPy's ``model(x)``) gives the
    general path's predictions and moves the model's state (state_, last_input_,
    n_steps_seen_) as it does, chunk after chunk, bit for bit."""
    X, y = to_forecasting(mackey_glass(400), forecast=1)
    X = np.hstack([X, np.cos(np.arange(len(X)))[:, None]])
    Y = np.hstack([y, y ** 2])
    fitted = {}
    for short in (True, False):
        esn = _closed_loop_models()[model]
        esn.fit(X[:300], Y[:300] if model % 2 else y[:300])
        esn._predict_fast_path = short
        outputs, states = [], []
        for start in range(300, 340, rows):
            outputs.append(esn.predict(np.ascontiguousarray(X[start:start + rows]),
                                       initial_state="continue"))
            states.append((np.array(esn.state_), np.array(esn.last_input_),
                           esn.n_steps_seen_))
        fitted[short] = outputs, states
    for (a, b), (sa, sb) in zip(zip(*(fitted[s][0] for s in (True, False))),
                                zip(*(fitted[s][1] for s in (True, False)))):
        assert a.dtype == b.dtype
        assert_array_equal(a, b)
        assert_array_equal(sa[0], sb[0])
        assert sa[0].dtype == sb[0].dtype
        assert_array_equal(sa[1], sb[1])
        assert sa[2] == sb[2]
    # chunk by chunk equals one call on the whole, from the end of training
    esn = _closed_loop_models()[model].fit(X[:300], Y[:300] if model % 2 else y[:300])
    whole = esn.predict(X[300:340], initial_state="fit")
    # float32 (model 3): the rows' drives are summed in another order than one GEMM's
    tol = 1e-4 if whole.dtype == np.float32 else 1e-10
    assert_allclose(np.concatenate(fitted[True][0]), whole, rtol=tol, atol=tol / 100)


def test_predict_of_a_short_window_skips_the_general_dispatch(monkeypatch):
    """Check that NG-RC's closed loop (one predict per step on a 3-row window) neither
    validates its own features again through the readout's predict nor runs the NVAR's
    batch dispatch: that cost 2 to 4 times the arithmetic per step."""
    from skreservoir import NVAR
    from skreservoir.readout._base import _ReadoutRegressor

    X, y = to_forecasting(mackey_glass(400), forecast=1)
    esn = ESNRegressor(NVAR(delay=3, order=2), RidgeReadout(1e-6)).fit(X, y)
    expected = esn.predict(X[100:103])

    def refuse(*args, **kwargs):
        raise AssertionError("the general path ran")

    monkeypatch.setattr(_ReadoutRegressor, "predict", refuse)
    monkeypatch.setattr(NVAR, "run_batch", refuse)
    esn._predict_fast_path = True
    before = dict(vars(esn))
    assert_array_equal(esn.predict(X[100:103]), expected)
    assert vars(esn) == before  # predict keeps nothing (scikit-learn's check_dict_unchanged)


def test_predict_short_path_keeps_the_general_errors():
    """Check that predict of a numpy series the short path cannot take (NaN, wrong
    width, unfitted, an initial state array, a non-contiguous window) still raises or
    predicts as the general path does."""
    X, y = to_forecasting(mackey_glass(300), forecast=1)
    with pytest.raises(NotFittedError):
        ESNRegressor().predict(X[:5])
    esn = ESNRegressor(Reservoir(n_units=30, random_state=0)).fit(X, y)
    bad = X[:5].copy()
    bad[2, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        esn.predict(bad)
    with pytest.raises(ValueError, match="features"):
        esn.predict(np.hstack([X[:5], X[:5]]))
    strided = np.asfortranarray(np.hstack([X[:40], X[:40]]))[:, :1]
    esn._predict_fast_path = False
    reference = esn.predict(np.ascontiguousarray(strided), initial_state=esn.state_)
    esn._predict_fast_path = True
    assert_array_equal(esn.predict(strided, initial_state=esn.state_), reference)


@pytest.mark.parametrize("short", [True, False])
def test_predict_of_finite_values_whose_sum_overflows_warns_nothing_extra(short):
    """Check that predict of a finite series whose values' sum overflows (the quick
    finiteness test of a clean numpy series) gives no RuntimeWarning of its own, on the
    short path as on the general one (the short path's failed quick test ran it twice)."""
    X, y = to_forecasting(mackey_glass(300), forecast=1)
    esn = ESNRegressor(Reservoir(n_units=20, random_state=0), RidgeReadout(1e-6)).fit(X, y)
    esn._predict_fast_path = short
    big = np.full((20, 1), 1e307)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        esn.predict(big, initial_state="rest")
    assert [w for w in caught if issubclass(w.category, RuntimeWarning)] == []


def test_closed_loop_warning_of_predict_with_feedback_points_at_the_user():
    """Check that the ClosedLoopDivergenceWarning of predict with feedback (the loop fed
    by its own outputs leaving the targets' range) points at the user's line, as
    generate's does (it pointed inside the library)."""
    from skreservoir.exceptions import ClosedLoopDivergenceWarning

    X = mackey_glass(2000, random_state=42)
    X = 2 * (X - X.min()) / (X.max() - X.min()) - 1
    x_train, x_test, y_train, _ = to_forecasting(X, forecast=10, test_size=400)
    for seed in range(10):  # a draw whose fed-back loop leaves the range
        esn = ESNRegressor(Reservoir(200, leak_rate=0.3, spectral_radius=1.0, bias_scaling=0,
                                     random_state=seed),
                           RidgeReadout(alpha=1e-6), washout=100, feedback=True,
                           feedback_noise=0).fit(x_train, y_train)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            esn.predict(x_test, initial_state="fit")
        said = [w for w in caught if w.category is ClosedLoopDivergenceWarning]
        if said:
            assert all(w.filename == __file__ for w in said)
            assert "predict (with feedback)" in str(said[0].message)
            return
    pytest.fail("no draw's fed-back loop left the range: the test needs another setting")


@pytest.mark.parametrize("decision", ["mean", "vote"])
def test_classifier_predict_log_proba_is_the_log_of_predict_proba(decision):
    """predict_log_proba, which scikit-learn's probabilistic classifiers pair with
    predict_proba: its log in every mode and structure (-inf where a vote fraction
    is 0)."""
    rng = np.random.default_rng(0)
    panel, labels = rng.normal(size=(12, 20, 2)), np.arange(12) % 3
    clf = ESNClassifier(Reservoir(20, random_state=0), decision=decision).fit(panel, labels)
    with np.errstate(divide="ignore"):
        assert_array_equal(clf.predict_log_proba(panel), np.log(clf.predict_proba(panel)))
    ragged = [rng.normal(size=(n, 2)) for n in (10, 15, 20)]
    frames = ESNClassifier(Reservoir(20, random_state=0), washout=2).fit(
        ragged, [np.arange(len(x)) % 2 for x in ragged])
    for log_p, p in zip(frames.predict_log_proba(ragged), frames.predict_proba(ragged)):
        assert_allclose(np.exp(log_p), p)
