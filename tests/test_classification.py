"""Tests of the sktime classifier ESNTimeSeriesClassifier."""

import importlib
import sys
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

pytest.importorskip("sktime")

from sklearn.base import clone, is_classifier  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score  # noqa: E402
from sklearn.utils import get_tags  # noqa: E402
from sktime.datasets import load_basic_motions, load_japanese_vowels  # noqa: E402
from sktime.utils.estimator_checks import check_estimator  # noqa: E402

from skreservoir import Reservoir, RidgeReadoutClassifier  # noqa: E402
from skreservoir.classification import (  # noqa: E402
    INPUT_CHOICES,
    ESNTimeSeriesClassifier,
    _as_sktime_panel,
)


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


def test_skreservoir_list_panels_are_sktime_df_lists():
    """Check that skreservoir's list of (time, channels) arrays is classified as the same df-list."""
    import pandas as pd

    X, y = load_japanese_vowels(split="train", return_type="df-list")
    arrays = [x.to_numpy() for x in X[:120]]  # skreservoir's panel: time along axis 0
    ours = small(random_state=0).fit(arrays, y[:120])
    theirs = small(random_state=0).fit(X[:120], y[:120])
    test = [x.to_numpy() for x in X[120:150]]
    assert_allclose(ours.predict_proba(test), theirs.predict_proba(X[120:150]))
    assert ours.score(test, y[120:150]) == theirs.score(X[120:150], y[120:150])
    # 1-D series are univariate ones; an sktime mtype passes through unchanged
    univariate = [x.to_numpy()[:, 0] for x in X[:120]]
    frames = [pd.DataFrame(x) for x in univariate]
    assert_allclose(
        small(random_state=0).fit(univariate, y[:120]).predict_proba(univariate[:5]),
        small(random_state=0).fit(frames, y[:120]).predict_proba(frames[:5]),
    )
    assert _as_sktime_panel(X) is X


def test_predict_proba_is_the_tempered_softmax_of_decision_values(motions):
    """Check that predict_proba is softmax(decision values / temperature_)."""
    X_train, y_train, X_test, _ = motions
    clf = small().fit(X_train, y_train)
    scores = clf.classifier_.decision_function(clf._features(X_test)) / clf.temperature_
    expected = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    assert_allclose(clf.predict_proba(X_test), expected, rtol=1e-10)
    readout = small(classifier=RidgeReadoutClassifier(alpha=1.0)).fit(X_train, y_train)
    assert readout.temperature_ is None
    assert_allclose(readout.predict_proba(X_test).sum(axis=1), 1.0, rtol=1e-12)


def test_predict_proba_is_confident_where_the_task_is_easy():
    """Check that calibrated probabilities are near 1 on a task scored at 100 %."""
    from sktime.datasets import load_gunpoint

    X_train, y_train = load_gunpoint(split="train", return_type="numpy3D")
    X_test, y_test = load_gunpoint(split="test", return_type="numpy3D")
    clf = ESNTimeSeriesClassifier(random_state=0).fit(X_train, y_train)
    proba = clf.predict_proba(X_test)
    right = clf.classes_[proba.argmax(axis=1)] == y_test
    assert right.mean() >= 0.95
    # the mean top probability is close to the accuracy, not stuck near 1/2
    assert abs(proba.max(axis=1).mean() - right.mean()) < 0.1


def test_temperature_fit_recovers_a_known_temperature():
    """Check that fit_temperature recovers T from labels drawn at softmax(s / T)."""
    from skreservoir._calibration import fit_temperature

    rng = np.random.default_rng(0)
    scores = rng.normal(size=(4000, 3)) * 3
    proba = np.exp(scores / 2.0) / np.exp(scores / 2.0).sum(axis=1, keepdims=True)
    y_index = np.array([rng.choice(3, p=p) for p in proba])
    assert_allclose(fit_temperature(scores, y_index), 2.0, rtol=0.1)


def test_temperature_of_separating_held_out_scores_stays_finite():
    """Check that held-out scores that separate every sample do not give probabilities of
    1.0: the temperature went to its lower bound, 0.01, and UnitTest's test series,
    9 % of them misclassified, all got a probability of 1.0 (log loss 3.14)."""
    from skreservoir._calibration import calibrated_proba, fit_temperature

    y_index = np.repeat([0, 1], 10)
    scores = np.where(y_index == 1, 1.0, -1.0)  # the second class's score: +-1
    temperature = fit_temperature(scores, y_index)
    assert temperature > 0.3
    top = calibrated_proba(scores, temperature).max(axis=1)
    assert_allclose(top, 1 - 1 / 40, rtol=1e-3)


def test_fixed_random_state_gives_identical_fits(motions):
    """Check that two fits with the same random_state give identical probabilities."""
    X_train, y_train, X_test, _ = motions
    make = lambda: ESNTimeSeriesClassifier(n_components=8, random_state=7)  # noqa: E731
    first = make().fit(X_train, y_train).predict_proba(X_test)
    assert_allclose(make().fit(X_train, y_train).predict_proba(X_test), first,
                    rtol=0, atol=0)


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


@pytest.mark.parametrize("loader, expected", [(load_japanese_vowels, 0.985),
                                              (load_basic_motions, 0.95)],
                         ids=["JapaneseVowels", "BasicMotions"])
def test_default_configuration_on_standard_splits(loader, expected):
    """Check the documented defaults on two standard splits of the benchmark."""
    X_train, y_train = loader(split="train")
    X_test, y_test = loader(split="test")
    clf = ESNTimeSeriesClassifier(random_state=0).fit(X_train, y_train)
    assert clf.score(X_test, y_test) >= expected


def test_n_reservoirs_beside_a_given_reservoir_warns(motions):
    """Check that n_reservoirs set beside a given reservoir (one member per input panel)
    warns naming the ways to an ensemble; it was ignored without a word (a port)."""
    import warnings

    from skreservoir.exceptions import IgnoredParameterWarning

    X_train, y_train, _, _ = motions
    with pytest.warns(IgnoredParameterWarning, match=r"n_reservoirs=8 is ignored beside a "
                                                     r"given reservoir.*leak_rates=\[\.\.\.\]"):
        clf = small(n_reservoirs=8, random_state=0).fit(X_train, y_train)
    assert len(clf.transformers_) == len(INPUT_CHOICES[clf.inputs_])  # one member a panel
    with warnings.catch_warnings():
        warnings.simplefilter("error", IgnoredParameterWarning)
        small(random_state=0).fit(X_train, y_train)  # the default n_reservoirs: no word
        small(n_reservoirs=1, random_state=0).fit(X_train, y_train)  # one: as it is
        listed = small(dilations=[1, 2, 4], random_state=0).fit(X_train, y_train)
    assert listed.dilations_[:3] == [1, 2, 4]


def test_lists_in_sktime_orientation_are_named(motions):
    """Check that a list of (n_channels, n_timepoints) arrays (sktime's orientation, as
    list(X_numpy3D) gives) is answered: unequal lengths raise naming the transpose (it
    was numpy's concatenate error), equal ones warn as the transposed 3D array does."""
    from skreservoir.exceptions import DataLayoutWarning

    X_train, y_train, _, _ = motions
    with pytest.warns(DataLayoutWarning, match=r"shape \(6, 100\).*\[x.T for x in X\]"):
        small(random_state=0).fit(list(X_train), y_train)
    rng = np.random.default_rng(0)
    unequal = [rng.normal(size=(3, n)) for n in (20, 25, 20, 30)]
    with pytest.raises(ValueError, match=r"same number of channels.*got series with 20 to 30 "
                                         r"columns.*every series has 3 row\(s\).*x.T"):
        small().fit(unequal, np.array([0, 1, 0, 1]))
    small(random_state=0).fit([x.T for x in unequal], np.array([0, 1, 0, 1]))
    mixed = [rng.normal(size=20), rng.normal(size=(25, 3)), rng.normal(size=20),
             rng.normal(size=(30, 3))]  # a 1D series has one channel
    with pytest.raises(ValueError, match=r"got series with 1 to 3 columns"):
        small().fit(mixed, np.array([0, 1, 0, 1]))


def test_bianchi_configuration_reproduces_japanese_vowels():
    """Check that Bianchi et al.'s model space, spelled out, still scores >= 0.975."""
    from skreservoir.classification import bianchi_reservoir

    X_train, y_train = load_japanese_vowels(split="train")
    X_test, y_test = load_japanese_vowels(split="test")
    clf = ESNTimeSeriesClassifier(bianchi_reservoir(), representation="reservoir_model_space",
                                  bidirectional=True, n_components=75, washout=5,
                                  standardize="global", difference=False, n_taps=1,
                                  random_state=0)
    assert clf.fit(X_train, y_train).score(X_test, y_test) >= 0.975


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("n_classes, n_features", [(2, 5), (3, 5), (3, 40)])
def test_leave_one_out_scores_equal_refits(n_classes, n_features, fit_intercept, weighted):
    """Check the hat-matrix leave-one-out scores against refits without each sample.

    With weights (one of them 0) and without an intercept too, against
    scikit-learn's RidgeClassifier fitted with the same weights; a sample of
    weight 0 is not in the fit and its value is the fit's.
    """
    from sklearn.linear_model import RidgeClassifier

    from skreservoir._calibration import leave_one_out_scores

    rng = np.random.default_rng(1)
    X = rng.normal(size=(20, n_features)) + 0.5
    y = np.arange(20) % n_classes
    weights = rng.uniform(0.2, 3.0, size=20) if weighted else None
    if weighted:
        weights[4] = 0.0
    scores, leverage = leave_one_out_scores(X, y, n_classes, alpha=0.7,
                                            fit_intercept=fit_intercept,
                                            sample_weight=weights, return_leverage=True)
    assert np.all((leverage >= 0) & (leverage < 1))
    for i in range(20):
        keep = np.arange(20) != i
        if weighted and weights[i] == 0:
            keep = np.ones(20, dtype=bool)
        ridge = RidgeClassifier(alpha=0.7, fit_intercept=fit_intercept).fit(
            X[keep], y[keep], sample_weight=None if weights is None else weights[keep])
        assert_allclose(scores[i], ridge.decision_function(X[i:i + 1])[0], rtol=1e-8)


def test_held_out_temperature_refuses_interpolated_samples():
    """Check that no temperature is fitted where the fit interpolates a sample (alpha=0 with
    fewer samples than features), nor from fewer than two weighted samples."""
    from skreservoir._calibration import held_out_temperature

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(10, 30)), np.arange(10) % 2
    assert held_out_temperature(X, y, 2, alpha=0.0) is None
    assert held_out_temperature(X, y, 2, alpha=1.0) is not None
    weights = np.zeros(10)
    weights[3] = 1.0
    assert held_out_temperature(X, y, 2, alpha=1.0, sample_weight=weights) is None


def test_difference_inputs_are_standardised_first_differences():
    """Check the differences panel: x(t) - x(t-1) (0 first), z-scored per univariate series."""
    from sktime.datasets import load_unit_test

    X, y = load_unit_test(split="train", return_type="numpy3D")
    clf = small(difference=True, random_state=0).fit(X, y)
    series = X[3, 0]
    steps = np.array([0.0] + [series[t] - series[t - 1] for t in range(1, len(series))])
    expected = (steps - steps.mean()) / steps.std()
    assert_allclose(clf._inputs([series[:, None]])[1][0][:, 0], expected, rtol=1e-10)
    assert clf.inputs_ == "both" and sorted(set(clf._input_index)) == [0, 1]


def test_difference_auto_keeps_the_best_leave_one_out_inputs():
    """Check that difference='auto' keeps the inputs of best leave-one-out accuracy."""
    from sktime.datasets import load_unit_test

    from skreservoir.classification import INPUT_CHOICES, ridge_with_held_out_scores

    X, y = load_unit_test(split="train", return_type="numpy3D")
    both = small(difference=True, random_state=0).fit(X, y)
    features = both._features(X)
    # the level and scale features (UnitTest is not z-normalised) go with every choice
    summary = int(both.level_scale_columns_.sum())
    assert summary == 2
    blocks = np.repeat(both._input_index + [-1],
                       [t.n_features_out_ for t in both.transformers_] + [summary])
    accuracy = {name: ridge_with_held_out_scores(
        features[:, np.isin(blocks, list(used) + [-1])], y)[2]
        for name, used in INPUT_CHOICES.items()}
    auto = small(difference="auto", random_state=0).fit(X, y)
    assert accuracy[auto.inputs_] == max(accuracy.values())
    assert auto.inputs_ == next(n for n, a in accuracy.items() if a == max(accuracy.values()))
    assert all(k in INPUT_CHOICES[auto.inputs_] for k in auto._input_index)
    width = sum(t.n_features_out_ for t in auto.transformers_)
    assert auto._feature_mean.shape == (width + summary,)
    series_only = small(difference=False, random_state=0).fit(X, y)
    assert series_only.inputs_ == "series" and set(series_only._input_index) == {0}


def test_difference_rejects_other_values():
    """Check that difference other than 'auto', True or False names the options."""
    from sktime.datasets import load_unit_test

    X, y = load_unit_test(split="train", return_type="numpy3D")
    with pytest.raises(ValueError, match="difference must be 'auto', True or False"):
        small(difference="yes").fit(X, y)


def test_delay_taps_are_the_dilated_lags():
    """Check delay_taps against the lags written out: x(t - j d), the first value before t=0."""
    from skreservoir.classification import delay_taps

    x = np.random.default_rng(0).normal(size=(11, 2))
    taps = delay_taps(x, 3, 4)
    for t in range(11):
        expected = np.concatenate([x[max(t - 3 * j, 0)] for j in range(4)]) / 2.0
        assert_allclose(taps[t], expected, rtol=1e-12)
    assert_allclose(delay_taps(x, 5, 1), x, rtol=1e-12)


def test_auto_dilations_span_the_series():
    """Check that 'auto' dilations go from 1 to (T - 1) / (n_taps - 1) geometrically."""
    from skreservoir.classification import auto_dilations

    assert auto_dilations(251, 3, 4) == [1, 5, 25, 125]
    assert auto_dilations(101, 5, 3) == [1, 5, 25]
    assert auto_dilations(300, 1, 4) == [1, 1, 1, 1]
    assert auto_dilations(3, 3, 2) == [1, 1]


def test_members_read_their_delay_taps():
    """Check that every member's features are its transformer on the tapped inputs."""
    from sktime.datasets import load_unit_test

    from skreservoir.classification import delay_taps

    X, y = load_unit_test(split="train", return_type="numpy3D")
    clf = small(difference=True, dilations=[1, 4], random_state=0).fit(X, y)
    assert clf.dilations_ == [1, 4, 1, 4] and clf._input_index == [0, 0, 1, 1]
    inputs = clf._inputs(clf._series(X))
    member = clf.transformers_[3]
    expected = member.transform([delay_taps(x, 4, 3) for x in inputs[1]])
    start = sum(t.n_features_out_ for t in clf.transformers_[:3])
    features = clf._features(X) * clf._feature_scale + clf._feature_mean
    assert_allclose(features[:, start:start + member.n_features_out_], expected, rtol=1e-10)


def test_one_tap_keeps_the_leak_rate_ensemble():
    """Check that n_taps=1 gives dilation 1 and the geometric leak rates of auto_leak_rates."""
    from sktime.datasets import load_unit_test

    from skreservoir.classification import auto_leak_rates

    X, y = load_unit_test(split="train", return_type="numpy3D")
    clf = ESNTimeSeriesClassifier(n_taps=1, difference=False, random_state=0).fit(X, y)
    assert clf.dilations_ == [1, 1, 1, 1]
    assert_allclose([t.reservoir.leak_rate for t in clf.transformers_],
                    auto_leak_rates(X.shape[2], 4), rtol=1e-12)
    tapped = ESNTimeSeriesClassifier(difference=False, random_state=0).fit(X, y)
    assert [t.reservoir.leak_rate for t in tapped.transformers_] == [1.0] * 4
    assert tapped.dilations_ == [1, 2, 5, 12]


@pytest.mark.parametrize("params, match", [
    ({"n_taps": 0}, "n_taps must be an int >= 1"),
    ({"dilations": [1, 0]}, "dilations must be 'auto' or a list of ints >= 1"),
    ({"dilations": [1, 2], "leak_rates": [1.0]}, "the same length"),
    ({"leak_rates": "fast"}, r"leak_rates must be 'auto' or a list of floats in \(0, 1\], "
                             "got 'fast'"),
    ({"leak_rates": [0.5, "x"]}, "leak_rates must be 'auto' or a list of floats"),
    ({"leak_rates": [np.nan]}, "leak_rates must be 'auto' or a list of floats"),
    ({"washout": -1}, "The 'washout' parameter of ESNTimeSeriesClassifier must be an int"),
    ({"ridge_alpha": -1.0}, "The 'ridge_alpha' parameter of ESNTimeSeriesClassifier"),
    ({"representation": "foo"}, "The 'representation' parameter of ESNTimeSeriesClassifier"),
])
def test_delay_tap_parameters_are_checked(params, match):
    """Check that bad n_taps/dilations/leak_rates (and the parameters passed on to the
    members' ESNTransformer) raise errors that name the parameter and this estimator
    (a string leak_rates used to fail in a float conversion that named nothing; washout=-1
    was reported as a parameter of ESNTransformer)."""
    from sktime.datasets import load_unit_test

    X, y = load_unit_test(split="train", return_type="numpy3D")
    with pytest.raises(ValueError, match=match):
        small(**params).fit(X, y)


def test_pooled_statistics_of_equal_and_unequal_lengths_are_the_written_out_statistics():
    """Check both paths of pooled_statistics (one array, series by series) against the formula."""
    from skreservoir.esn._representation import pooled_statistics

    rng = np.random.default_rng(0)
    thresholds = rng.normal(size=(2, 4))

    def written_out(s, washout):
        kept = s[washout:]
        return np.concatenate([kept.mean(axis=0), kept.std(axis=0), s[-1], (kept > 0).mean(axis=0),
                               (kept > thresholds[0]).mean(axis=0),
                               (kept > thresholds[1]).mean(axis=0)])

    for lengths in ([9, 9, 9], [9, 5, 12]):
        states = [rng.normal(size=(n, 4)) for n in lengths]
        pooled = pooled_statistics(states, 2, thresholds)
        assert_allclose(pooled, [written_out(s, 2) for s in states], rtol=1e-12)
    # one length, in blocks of series (here one, then two, per block): the same rows
    from skreservoir.esn import _representation

    states = [rng.normal(size=(9, 4)) for _ in range(5)]
    whole = pooled_statistics(states, 2, thresholds)
    for block_bytes in (1, 2 * 9 * 4 * 8):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_representation, "POOLED_BLOCK_BYTES", block_bytes)
            assert_array_equal(pooled_statistics(states, 2, thresholds), whole)
    assert_allclose(whole, [written_out(s, 2) for s in states], rtol=1e-12)


def test_features_of_an_array_panel_equal_those_of_its_series_in_a_list():
    """Check that a panel of one length (stacked for the members) gives the features of a list."""
    import pandas as pd
    from sktime.datasets import load_unit_test

    X, y = load_unit_test(split="train", return_type="numpy3D")
    clf = small(dilations=[1, 4], random_state=0).fit(X, y)
    # a shorter first series keeps the list path (series by series) for all
    unequal = [pd.DataFrame(X[0, :, :-3].T)] + [pd.DataFrame(x.T) for x in X[1:]]
    assert_allclose(clf._features(unequal)[1:], clf._features(X[1:]), rtol=1e-10)


def test_default_proportions_are_above_the_seven_octiles():
    """Check that every member pools the proportions above 0 and above the octiles i / 8."""
    from sktime.datasets import load_unit_test

    X, y = load_unit_test(split="train", return_type="numpy3D")
    clf = ESNTimeSeriesClassifier(Reservoir(n_units=12, random_state=0), random_state=0).fit(X, y)
    member = clf.transformers_[0]
    assert_allclose(member.ppv_quantiles, np.arange(1, 8) / 8, rtol=0)
    # mean, std, last, above 0, above each of the seven octiles: 11 blocks of 12 units
    assert member.n_features_out_ == 11 * 12
    states = np.concatenate(member._states(list(clf._tapped(clf._inputs(clf._series(X))[0], 1))))
    assert_allclose(member._ppv_thresholds, np.quantile(states, np.arange(1, 8) / 8, axis=0),
                    rtol=1e-10)


@pytest.mark.parametrize("where", ["fit", "predict"])
def test_infinite_values_are_named(where):
    """Check that inf in a series raises naming the series and inf, at fit and predict
    (it used to surface as 'Input X contains NaN' after the differences)."""
    from sktime.datasets import load_unit_test

    X, y = load_unit_test(split="train", return_type="numpy3D")
    bad = X.copy()
    bad[3, 0, 5] = np.inf
    with pytest.raises(ValueError, match=r"X\[3\] \(series 3\) contains infinity"):
        if where == "fit":
            small().fit(bad, y)
        else:
            small().fit(X, y).predict(bad)


def test_y_as_a_list_is_taken_and_a_list_of_arrays_refused_by_name():
    """Check that y as a list of labels fits (sktime 1.2's check failed on it with
    "Calling nonzero on 0d arrays is not allowed"), and that a list of arrays
    (ReservoirPy's one-hot targets per series, or japanese_vowels() unpacked in
    ReservoirPy's order) names y and the fix."""
    rng = np.random.default_rng(0)
    X = [rng.normal(size=(20, 2)) for _ in range(6)]
    one_hot = [np.tile(np.eye(2)[k % 2], (20, 1)) for k in range(6)]
    with pytest.raises(ValueError, match=r"y must hold one label per series.*argmax"):
        ESNTimeSeriesClassifier(random_state=0).fit(X, one_hot)
    with pytest.raises(ValueError, match=r"X_train, X_test, y_train, y_test"):
        ESNTimeSeriesClassifier(random_state=0).fit(X, X)  # X_test as y_train
    labels = [int(np.argmax(y_i[0])) for y_i in one_hot]  # a list, as scikit-learn takes
    clf = ESNTimeSeriesClassifier(n_reservoirs=1, random_state=0).fit(X, labels)
    assert clf.predict(X).shape == (6,)
    assert list(clf.classes_) == [0, 1]
    assert 0 <= clf.score(X, labels) <= 1


def test_series_much_shorter_or_longer_than_the_training_ones_warn(motions):
    """Check the SeriesLengthWarning of series beyond 1.5 times the training lengths.

    BasicMotions' 100-step series cut to 10 steps scored 0.45 (1.00 whole)
    without a word.
    """
    import warnings

    from skreservoir.exceptions import SeriesLengthWarning

    X, y, X_test, _ = motions
    clf = small(n_reservoirs=1).fit(X[:, :, :60], y)
    with pytest.warns(SeriesLengthWarning, match=r"ESNTimeSeriesClassifier: 4 of the 4 "
                      r"series lie outside the training series' lengths \(60 to 60 steps\)"
                      r".*these have 10 to 10 steps"):
        clf.predict(X_test[:4, :, :10])
    with pytest.warns(SeriesLengthWarning, match=r"4 of the 4 series.*100 to 100 steps"):
        clf.predict_proba(X_test[:4])
    with warnings.catch_warnings():
        warnings.simplefilter("error", SeriesLengthWarning)
        clf.predict(X_test[:4, :, :41])  # within the factor 1.5: 41 * 1.5 >= 60
        clf.predict(X_test[:4, :, :90])


def test_predict_proba_of_a_classifier_with_predict_only(motions):
    """Check that a classifier with neither predict_proba nor decision_function gives
    one-hot probabilities (sktime's default) instead of an AttributeError
    ("... has no attribute 'decision_function'")."""
    from sklearn.base import BaseEstimator, ClassifierMixin

    class NearestMean(ClassifierMixin, BaseEstimator):
        def fit(self, X, y):
            self.classes_ = np.unique(y)
            self.means_ = np.stack([X[y == c].mean(axis=0) for c in self.classes_])
            return self

        def predict(self, X):
            distances = ((X[:, None] - self.means_[None]) ** 2).sum(axis=2)
            return self.classes_[distances.argmin(axis=1)]

    X, y, X_test, _ = motions
    clf = small(n_reservoirs=1, classifier=NearestMean()).fit(X[:20], y[:20])
    proba = clf.predict_proba(X_test[:6])
    assert proba.shape == (6, len(clf.classes_))
    assert_allclose(proba.sum(axis=1), 1.0)
    assert list(clf.classes_[proba.argmax(axis=1)]) == list(clf.predict(X_test[:6]))


def test_missing_values_are_refused_with_the_fix(motions):
    """Check that NaN in X (fit and predict) names the remedy, an imputer; sktime's
    message ("... may result in error or unreliable results") named none."""
    X, y, X_test, _ = motions
    X_nan = X[:20].copy()
    X_nan[3, 1, 7] = np.nan
    match = r"cannot handle missing values, and X has NaN\. Impute them first.*Imputer"
    with pytest.raises(ValueError, match=match):
        small(n_reservoirs=1).fit(X_nan, y[:20])
    clf = small(n_reservoirs=1).fit(X[:20], y[:20])
    with pytest.raises(ValueError, match=match):
        clf.predict(X_nan[:4])


def test_the_imputer_pipeline_the_message_names_classifies():
    """Check that the pipeline the NaN message names, FitInTransform(Imputer(...)) *
    classifier, fits on a panel with NaN and predicts a test panel of another size
    (a bare Imputer in front refused it: it fits one imputer per training instance)."""
    from sktime.transformations.compose import FitInTransform
    from sktime.transformations.series.impute import Imputer

    X, y, X_test, y_test = _unit_test()
    X_nan = X.copy()
    X_nan[3, 0, 7] = np.nan
    with pytest.raises(ValueError, match=r"FitInTransform\(Imputer\(method='linear'\)\) \*"):
        small(n_reservoirs=1).fit(X_nan, y)
    pipeline = FitInTransform(Imputer(method="linear")) * small(n_reservoirs=1)
    assert len(X_test) != len(X_nan)
    assert pipeline.fit(X_nan, y).predict(X_test).shape == (len(X_test),)


def _unit_test():
    from sktime.datasets import load_unit_test

    X, y = load_unit_test(split="train", return_type="numpy3D")
    X_test, y_test = load_unit_test(split="test", return_type="numpy3D")
    return X, y, X_test, y_test


def test_misread_layouts_and_too_short_series_warn():
    """Check the DataLayoutWarning of a numpy3D array with more channels than time points
    (skreservoir's own (n_series, n_timesteps, n_features) array given as it is: read as
    series of one time point, silently, with a lower accuracy) and of series of one or
    two time points (every one alike after standardisation: one class predicted); the
    right layout does not warn."""
    import warnings

    from skreservoir.exceptions import DataLayoutWarning

    X, y, _, _ = _unit_test()
    with pytest.warns(DataLayoutWarning, match=r"reads X of shape \(20, 24, 1\) as sktime's "
                      r"numpy3D layout: 20 series of 1 time point\(s\) with 24 channels.*"
                      r"X.transpose\(0, 2, 1\)") as caught:
        small(n_reservoirs=1).fit(X.transpose(0, 2, 1), y)
    assert caught[0].filename == __file__
    with pytest.warns(DataLayoutWarning, match=r"series of 2 time point\(s\): too short"):
        small(n_reservoirs=1).fit(X[:, :, :2], y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        small(n_reservoirs=1).fit(X, y)


def test_sktime_tutorial_input_formats_give_one_model():
    """Check that one panel given as nested_univ, numpy3D, pd-multiindex and numpy2D (the
    formats of sktime's classification tutorial) gives the same probabilities."""
    from sktime.datasets import load_unit_test
    from sktime.datatypes import convert_to

    def make():
        return ESNTimeSeriesClassifier(random_state=0, n_reservoirs=2)

    X_train, y_train = load_unit_test(split="train", return_X_y=True)
    X_test, _ = load_unit_test(split="test", return_X_y=True)
    expected = make().fit(X_train, y_train).predict_proba(X_test)
    for mtype in ("numpy3D", "pd-multiindex"):
        model = make().fit(convert_to(X_train, mtype), y_train)
        assert_allclose(model.predict_proba(convert_to(X_test, mtype)), expected, rtol=1e-10)
    flat = make().fit(
        convert_to(X_train, "numpy3D")[:, 0, :], y_train
    )
    assert_allclose(flat.predict_proba(convert_to(X_test, "numpy3D")[:, 0, :]), expected,
                    rtol=1e-10)


def test_column_concatenator_pipeline_equals_the_channels_laid_end_to_end():
    """Check that the classifier behind sktime's ColumnConcatenator equals it fitted on the
    channels laid end to end (the multivariate flow of sktime's tutorial)."""
    from sktime.transformations.colconcat import ColumnConcatenator

    def make():
        return ESNTimeSeriesClassifier(random_state=0, n_reservoirs=2)

    motions_train, labels = load_basic_motions(split="train", return_type="numpy3D")
    motions_train, labels = motions_train[::4], labels[::4]
    pipeline = (ColumnConcatenator() * make()).fit(
        motions_train, labels
    )
    laid_end_to_end = motions_train.reshape(len(motions_train), 1, -1)
    alone = make().fit(laid_end_to_end, labels)
    assert_allclose(pipeline.predict_proba(motions_train),
                    alone.predict_proba(laid_end_to_end), rtol=1e-10)


def test_a_regressor_as_classifier_is_refused_naming_the_fix():
    """Check that classifier=Ridge() (predictions that are not labels; score failed on
    "a mix of binary and continuous targets") is refused at fit."""
    from sklearn.linear_model import Ridge

    X = np.random.default_rng(0).normal(size=(10, 1, 30))
    with pytest.raises(TypeError, match=r"classifier must be a classifier.*got Ridge\(\), a "
                                        r"regressor.*ESNTransformer before a regressor"):
        ESNTimeSeriesClassifier(classifier=Ridge()).fit(X, np.repeat([0, 1], 5))


@pytest.mark.parametrize("scale", [1e155, 1e-200])
def test_per_series_standardisation_survives_extreme_magnitudes(scale):
    """Check that series near 1e155 (squares overflowing) or 1e-200 (squares underflowing
    to 0) are standardised as at unit scale: they fell to chance, silently."""
    rng = np.random.default_rng(0)
    X = np.stack([np.sin(np.arange(50) * f + rng.uniform(0, 6))[None]
                  + 0.1 * rng.normal(size=(1, 50)) for f in np.repeat([0.2, 0.6], 20)])
    y = np.repeat([0, 1], 20)
    reference = ESNTimeSeriesClassifier(random_state=0).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        scaled = ESNTimeSeriesClassifier(random_state=0).fit(X * scale, y)
        # the standardised series agree to rounding, amplified a little by the fit
        assert_allclose(scaled.predict_proba(X * scale), reference.predict_proba(X),
                        atol=1e-4)
        assert_array_equal(scaled.predict(X * scale), y)


@pytest.mark.parametrize("as_list", [False, True])
def test_real_valued_targets_are_refused_naming_a_regressor(as_list):
    """Check that real-valued targets (sklearn's "Unknown label type" printed the whole
    array) say to use a regressor, and that labels stored as floats are accepted."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(10, 1, 30))
    y = rng.normal(size=10)
    with pytest.raises(ValueError, match=r"y holds real values \(such as -?[0-9.]+\), not "
                                         r"class labels.*ESNTransformer before a regressor"):
        ESNTimeSeriesClassifier(random_state=0).fit(X, y.tolist() if as_list else y)
    fitted = ESNTimeSeriesClassifier(random_state=0).fit(X, np.repeat([0.0, 1.0], 5))
    assert set(fitted.classes_) == {0.0, 1.0}


@pytest.mark.parametrize("params", [{"dilations": [1000]}, {"n_taps": 100}])
def test_delay_taps_beyond_the_series_warn(params):
    """Check that delay taps reaching back beyond every training series (they only repeat
    the first value) warn, and that the default dilations do not."""
    from skreservoir.exceptions import SeriesLengthWarning

    rng = np.random.default_rng(0)
    X = rng.normal(size=(10, 1, 50))
    y = np.repeat([0, 1], 5)
    with pytest.warns(SeriesLengthWarning, match=r"delay taps reach back .* beyond the "
                                                 r"longest training series \(50 steps\)"):
        ESNTimeSeriesClassifier(n_reservoirs=1, random_state=0, **params).fit(X, y)
    for length in (50, 51, 52, 53):
        with warnings.catch_warnings():
            warnings.simplefilter("error", SeriesLengthWarning)
            ESNTimeSeriesClassifier(n_reservoirs=3, random_state=0).fit(
                rng.normal(size=(10, 1, length)), y)


@pytest.mark.parametrize("kind", ["variance", "level"])
def test_per_series_standardisation_keeps_level_and_scale_as_features(kind):
    """Check that classes differing only in variance or in level, which per-series
    standardisation takes away (the defaults scored 0.48 and 0.50), are told apart, and
    that z-normalised series add no feature."""
    rng = np.random.default_rng(0)

    def panel(n):
        y = np.arange(n) % 2
        scale = np.where(y == 1, 1.5, 1.0)[:, None] if kind == "variance" else 1.0
        level = np.where(y == 1, 0.5, 0.0)[:, None] if kind == "level" else 0.0
        return (level + scale * rng.normal(size=(n, 100)))[:, None, :], y

    X, y = panel(100)
    X_test, y_test = panel(300)
    clf = ESNTimeSeriesClassifier(random_state=0).fit(X, y)
    assert clf.level_scale_columns_.tolist() == [True, True]
    assert clf.score(X_test, y_test) > 0.9
    z = (X - X.mean(axis=2, keepdims=True)) / X.std(axis=2, keepdims=True)
    plain = ESNTimeSeriesClassifier(random_state=0).fit(z, y)
    assert not plain.level_scale_columns_.any()
    assert plain.predict_proba(z[:5]).shape == (5, 2)


def test_labels_and_panels_refused_by_name_with_the_fix():
    """Check what a bad-input battery found raised numpy's or sktime's words, or worked
    silently otherwise: series with no time points ("zero-size array to reduction
    operation maximum"), labels of mixed types ("'<' not supported"), a missing label
    (sklearn's "Input contains NaN"; ESNClassifier said "mixes labels of types", whose fix
    made NaN a class); and what is taken now: one int as dilations (it crashed with
    "'int' object is not iterable", though one leak rate was taken) and pandas
    Categorical labels (refused by sktime's format check)."""
    import pandas as pd

    from skreservoir import ESNClassifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(12, 2, 30))  # sktime's layout: (n_instances, n_channels, n_timepoints)
    y = np.array(["slow", "fast"] * 6)

    def small(**params):
        return ESNTimeSeriesClassifier(reservoir=Reservoir(n_units=15), random_state=0,
                                       **params)

    with pytest.raises(ValueError, match=r"X has 12 series with no time points or no channels "
                       r"\(the first, series 0: 0 time points, 2 channels\).*\(n_instances, "
                       r"n_channels, n_timepoints\)"):
        small().fit(X[:, :, :0], y)
    with pytest.raises(ValueError, match=r"y passed to ESNTimeSeriesClassifier mixes labels of "
                       r"types \['int', 'str'\]"):
        small().fit(X, np.array(["a", 1] * 6, dtype=object))
    for labels in (np.r_[np.nan, np.arange(11) % 2], np.r_[[None], y[1:]].astype(object)):
        with pytest.raises(ValueError, match=r"y passed to ESNTimeSeriesClassifier has 1 "
                           r"missing label\(s\) \(NaN or None; the first at position 0"):
            small().fit(X, labels)
    missing = y.astype(object)
    missing[3] = np.nan
    with pytest.raises(ValueError, match=r"y passed to ESNClassifier has 1 missing label\(s\) "
                       r".*position 3.*'unknown'"):
        ESNClassifier(Reservoir(n_units=15, random_state=0)).fit(X.transpose(0, 2, 1), missing)
    assert set(small(dilations=2).fit(X, y).dilations_) == {2}  # a member per input panel
    fitted = small().fit(X, pd.Categorical(y))
    assert set(fitted.predict(X)) <= set(y)
    with pytest.raises(TypeError, match=r"predict got 'reset'.*runs every series from the "
                       r"reservoirs' initial state.*nothing to reset"):
        fitted.predict(X, reset=True)


def test_parameters_without_effect_warn():
    """Check that a parameter the chosen representation does not read (ppv_quantiles
    without "pooled", ridge_alpha without a model space) and dilations with one tap warn
    (IgnoredParameterWarning; they were ignored silently), and that the defaults and the
    parameters that act do not."""
    from skreservoir import ESNTransformer
    from skreservoir.exceptions import IgnoredParameterWarning

    rng = np.random.default_rng(0)
    X = rng.normal(size=(8, 30, 2))
    y = np.array([0, 1] * 4)
    reservoir = Reservoir(n_units=15, random_state=0)
    with pytest.warns(IgnoredParameterWarning, match=r"ESNTransformer: ppv_quantiles \(read by "
                      r"representation='pooled' only\) and ridge_alpha .* have no effect with "
                      r"representation='last'"):
        ESNTransformer(reservoir, representation="last", ppv_quantiles=[0.5],
                       ridge_alpha=5.0).fit(X)
    with pytest.warns(IgnoredParameterWarning, match=r"ESNTimeSeriesClassifier: with n_taps=1, "
                      r"dilations=\[1, 4\] sets only the number of members"):
        ESNTimeSeriesClassifier(reservoir=reservoir, n_taps=1, dilations=[1, 4],
                                random_state=0).fit(X.transpose(0, 2, 1), y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", IgnoredParameterWarning)
        ESNTransformer(reservoir).fit(X)
        ESNTransformer(reservoir, ppv_quantiles=[0.5]).fit(X)
        ESNTransformer(reservoir, representation="output_model_space", ridge_alpha=5.0).fit(X)
        ESNTimeSeriesClassifier(reservoir=reservoir, random_state=0).fit(
            X.transpose(0, 2, 1), y)
        # the classifier's own default ppv_quantiles (the octiles) is not "set"
        for representation in ("last", "mean", "output_model_space"):
            ESNTimeSeriesClassifier(reservoir=reservoir, representation=representation,
                                    random_state=0).fit(X.transpose(0, 2, 1), y)
    with pytest.warns(IgnoredParameterWarning, match=r"ESNTimeSeriesClassifier: ppv_quantiles"):
        ESNTimeSeriesClassifier(reservoir=reservoir, representation="last",
                                ppv_quantiles=[0.5], random_state=0).fit(
            X.transpose(0, 2, 1), y)


def test_a_channel_constant_in_every_series_leaks_no_numpy_warning():
    """Check that standardize="series" with a channel constant in every series fits
    without numpy's "All-NaN slice encountered" RuntimeWarning (the NaN is handled)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(8, 2, 30))
    X[:, 1, :] = 3.0
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        ESNTimeSeriesClassifier(reservoir=Reservoir(n_units=15), standardize="series",
                                random_state=0).fit(X, np.array([0, 1] * 4))


def test_time_series_classifier_names_an_empty_series_of_a_list():
    """Check that a list of 1D series with an empty one is refused by name (a battery:
    numpy's 'cannot reshape array of size 0')."""
    rng = np.random.default_rng(0)
    X = [rng.normal(size=40) for _ in range(5)] + [np.zeros(0)]
    with pytest.raises(ValueError, match=r"X\[5\] has no time step \(shape \(0,\)\).*drop "
                                         r"the empty series"):
        ESNTimeSeriesClassifier(random_state=0).fit(X, list("ababab"))


def test_a_reservoirpy_size_names_what_a_given_reservoir_replaces():
    """Check that ESNTimeSeriesClassifier(units=50) says a given reservoir replaces the
    default ensemble by one member (a battery: the advice alone cost ArrowHead 15 points
    of accuracy, silently)."""
    with pytest.raises(TypeError, match=r"reservoir=Reservoir\(n_units=50\)\) \(a given "
                                        r"reservoir replaces the default ensemble"):
        ESNTimeSeriesClassifier(units=50)
