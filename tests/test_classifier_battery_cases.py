"""Tests of ESNClassifier's sequence-level cases found by a new-user battery.

Series shorter than the washout at predict, the steps that vote with
``decision="vote"``, lists of 1D univariate series at predict, and a readout
that learns one class.
"""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.dummy import DummyClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from test_esn import sine_panel  # tests/ is on the path, as pytest imports it

from skreservoir import ESNClassifier, Reservoir
from skreservoir.exceptions import DataLayoutWarning, ReservoirStateWarning


def _classifier(**params):
    return ESNClassifier(Reservoir(n_units=30, random_state=0), **params)


# -- 1. series no longer than the washout at predict ----------------------------------
@pytest.mark.parametrize("decision", ["mean", "vote"])
@pytest.mark.parametrize("method", ["predict", "predict_proba", "decision_function"])
def test_predict_refuses_series_within_the_washout(decision, method):
    """Check that a series of at most washout steps gets fit's washout error, not "NaN".

    The mean over no step after the washout was NaN, reported as "Input X
    contains NaN" of an X without NaN; the vote counted the washout steps.
    """
    X, labels = sine_panel(40, 40)
    clf = _classifier(washout=10, decision=decision).fit(X, labels)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # "Mean of empty slice"
        for n_steps in (5, 10):
            with pytest.raises(ValueError, match=(
                    rf"washout=10 must be smaller than the length of every series, but "
                    rf"the shortest series has {n_steps} time steps.*Pass series of more "
                    r"than 10 time steps, or refit with a lower washout")):
                getattr(clf, method)(X[:3, :n_steps])
        panel = [X[0], X[1], X[2, :7]]
        with pytest.raises(ValueError, match=r"has 7 time steps \(too short: 1 series, at "
                                              r"position 2\)"):
            getattr(clf, method)(panel)
    assert getattr(clf, method)(X[:3, :11]).shape[0] == 3


def test_short_series_still_classified_where_no_washout_applies():
    """Check that decision='last', and washout='auto' (cut to the series), still
    classify series shorter than the training washout."""
    X, labels = sine_panel(40, 40)
    assert _classifier(washout=10, decision="last").fit(X, labels).predict(
        X[:3, :5]).shape == (3,)
    auto = _classifier(decision="vote").fit(X, labels)
    assert auto.washout_ >= 5
    assert auto.predict(X[:3, :5]).shape == (3,)


# -- 2. decision="vote" votes with the steps it was trained on --------------------------
def test_vote_counts_the_steps_after_the_washout():
    """Check that decision='vote' votes over the steps after the washout, the steps
    the readout was trained on, in predict, predict_proba and decision_function (the
    votes: what predict reads)."""
    X, labels = sine_panel(40, 40)
    clf = _classifier(washout=15, decision="vote").fit(X, labels)
    series = [X[0], X[1][:30]]
    steps = [clf.readout_.predict(clf.reservoir_.transform(x)[15:]) for x in series]
    expected = np.array([[np.mean(s == c) for c in clf.classes_] for s in steps])
    assert_allclose(clf.predict_proba(series), expected, rtol=1e-12)
    assert_array_equal(clf.predict(series), clf.classes_[np.argmax(expected, axis=1)])
    scores = clf.decision_function(series)
    assert_allclose(scores, expected[:, 1] - expected[:, 0] if len(clf.classes_) == 2
                    else expected, atol=1e-12)


# -- 3. a list of 1D univariate series at predict ---------------------------------------
@pytest.mark.parametrize("fitted_on", ["unequal 1D list", "3D array"])
def test_list_of_1d_series_of_equal_lengths_at_predict(fitted_on):
    """Check that a model of one label per univariate series reads a list of 1D arrays
    of one length as series, as it reads them of unequal lengths.

    It read them as the rows of one series ("X has 40 features, but
    ESNClassifier is expecting 1 features as input").
    """
    X, labels = sine_panel(40, 60)
    if fitted_on == "3D array":
        train = X
    else:
        train = [x[: 40 + i % 7, 0] for i, x in enumerate(X)]
    clf = _classifier(washout=5).fit(train, labels)
    assert clf.mode_ == "sequence"
    new = [x[:40, 0] for x in X[:6]]
    expected = clf.predict([x.reshape(-1, 1) for x in new])
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        assert_array_equal(clf.predict(new), expected)
        assert_array_equal(clf.predict(new[:1]), expected[:1])
        assert_array_equal(clf.predict(tuple(new)), expected)
        assert_allclose(clf.predict_proba(new),
                        clf.predict_proba([x.reshape(-1, 1) for x in new]), rtol=1e-12)
        assert clf.score(new, labels[:6]) == np.mean(expected == labels[:6])


# -- 4. a readout that learns one class -------------------------------------------------
@pytest.mark.parametrize("labels_per", ["series (mean)", "series (vote)", "step"])
def test_warns_when_the_readout_predicts_one_class(labels_per):
    """Check that fit warns, naming the StandardScaler pipeline, where the fitted readout
    predicts one class for every training series or step while y holds two."""
    X, labels = sine_panel(40, 40)
    readout = DummyClassifier(strategy="most_frequent")
    if labels_per == "step":
        y = [np.where(x[:, 0] > 0, "up", "down") for x in X]
        clf = _classifier(readout=readout, washout=5)
    else:
        y = labels
        clf = _classifier(readout=readout, washout=5, decision=labels_per[8:-1])
    with pytest.warns(ReservoirStateWarning, match=(
            r"fitted readout DummyClassifier predicts the one class '\w+' for all \d+ "
            r"training (series|steps) checked, though their labels hold 2 classes.*"
            r"make_pipeline\(StandardScaler\(\), DummyClassifier\(...\)\)")):
        clf.fit(X, y)
    assert "_one_class_rows" not in vars(clf)


@pytest.mark.parametrize("readout", [None, make_pipeline(StandardScaler(), SVC())])
@pytest.mark.parametrize("decision", ["mean", "vote"])
def test_no_one_class_warning_for_readouts_that_learn(readout, decision):
    """Check that the default readout and a standardised SVC do not warn."""
    X, labels = sine_panel(40, 40)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        _classifier(readout=readout, washout=5, decision=decision).fit(X, labels)


def test_no_one_class_warning_for_the_package_readouts():
    """Check that the default readout on states that carry nothing (inputs of 1e-20)
    gets the states' warning alone, not the one-class warning, whose fix (a scaler) is
    not theirs."""
    X, labels = sine_panel(40, 40)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _classifier(washout=5).fit(1e-20 * X, labels)
    messages = [str(w.message) for w in caught if w.category is ReservoirStateWarning]
    assert messages and not any("fitted readout" in m for m in messages)


def test_unscaled_svc_on_gunpoint_warns():
    """Check the battery's case: SVC() on GunPoint's mean states predicts one class
    (test accuracy 0.493, a DummyClassifier's) and warns; the pipeline does not."""
    datasets = pytest.importorskip("sktime.datasets")
    X, y = datasets.load_gunpoint(split="train", return_type="numpy3D")
    X = X.transpose(0, 2, 1)
    with pytest.warns(ReservoirStateWarning, match=r"SVC predicts the one class '2' for "
                                                   r"all 50 training series"):
        ESNClassifier(readout=SVC(), random_state=0).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        ESNClassifier(readout=make_pipeline(StandardScaler(), SVC()), random_state=0).fit(X, y)


def test_a_list_of_series_in_time_last_orientation_warns():
    """Check that list(X) of sktime's (n_channels, n_timepoints) series warns as the same
    3D array does (a classification battery: BasicMotions as a list scored 0.575 instead
    of 1.0, silently), naming [x.T for x in X], and that series of more steps than
    features do not warn."""
    rng = np.random.default_rng(0)
    X = [rng.normal(size=(6, 100)) for _ in range(5)]
    with pytest.warns(DataLayoutWarning, match=r"each of the 5 series of X as rows of time "
                      r"steps: 6 time step\(s\) of 100 features.*\[x\.T for x in X\]"):
        _classifier().fit(X, [0, 1, 0, 1, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        _classifier().fit([x.T for x in X], [0, 1, 0, 1, 0])
        # short windows of a few more features than steps (as a list or as a 3D array:
        # the same rule, a review), a stream's chunk of one series and DataFrames
        # (sktime's df-list) are not a layout question
        _classifier().fit([rng.normal(size=(5, 8)) for _ in range(6)], [0, 1] * 3)
        _classifier().fit(rng.normal(size=(6, 5, 8)), [0, 1] * 3)
        _classifier(washout=0).partial_fit(rng.normal(size=(1, 3)), [0], classes=[0, 1])
        pd = pytest.importorskip("pandas", reason="pandas is not a core dependency (it comes with the sktime extra)")
        _classifier().fit([pd.DataFrame(rng.normal(size=(2, 6))) for _ in range(4)],
                          [0, 1, 0, 1])
    # a panel's chunk given to partial_fit, as a list or as a 3D array, warns as in fit
    # (a review: a list of time-last series trained silently, a 3D chunk warned)
    for chunk in (X[:4], np.stack(X[:4])):
        with pytest.warns(DataLayoutWarning, match="6 time step"):
            _classifier(washout=0).partial_fit(chunk, [np.zeros(6, int)] * 2
                                               + [np.ones(6, int)] * 2, classes=[0, 1])
    # of unequal lengths, time last: the orientation named in the refusal
    with pytest.raises(ValueError, match=r"same number of features; got \[80, 100\]\. They "
                                         r"look like sktime's.*\[x\.T for x in X\]"):
        _classifier().fit(X[:4] + [rng.normal(size=(6, 80))], [0, 1, 0, 1, 0])


def test_score_takes_weights_with_the_structure_of_x():
    """Check that a frame-wise ESNClassifier's score takes per-step weights as fit takes
    them, one array per series of a list (a battery: refused, its message asking for the
    structure of X it was given), equal to the same weights flattened."""
    rng = np.random.default_rng(0)
    X = [rng.normal(size=(n, 1)) for n in (120, 90)]
    y = [(x[:, 0] > 0).astype(int) for x in X]
    weights = [rng.uniform(0.5, 2.0, size=len(x)) for x in X]
    model = _classifier(washout=0).fit(X, y, sample_weight=weights)
    assert model.score(X, y, sample_weight=weights) == pytest.approx(
        model.score(X, y, sample_weight=np.concatenate(weights)))


def test_stacked_one_hot_rows_per_series_are_labels_per_series():
    """Check that ReservoirPy's (1, n_classes) one-hot row per series, stacked into an
    array (n_series, 1, n_classes), trains one label per series as the list of rows does
    (a battery: refused as targets of shape (1,) with a multilabel hint)."""
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 12)
    X = [rng.normal(size=(30, 2)) + k for k in labels]
    rows = [np.eye(3)[[k]] for k in labels]
    stacked = _classifier().fit(X, np.stack(rows))
    listed = _classifier().fit(X, rows)
    assert stacked.mode_ == listed.mode_ == "sequence"
    assert_array_equal(stacked.predict(X), listed.predict(X))
