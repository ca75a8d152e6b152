"""Tests of the warnings of ESNRegressor that a first call gets: diverged feedback, dead states."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

from skreservoir import (
    ESNClassifier,
    ESNRegressor,
    ESNTransformer,
    ForceReadout,
    LMSReadout,
    Reservoir,
    RidgeReadout,
)
from skreservoir.datasets import mackey_glass, to_forecasting
from skreservoir.exceptions import (
    ClosedLoopDivergenceWarning,
    DataLayoutWarning,
    ReservoirStateWarning,
    WarmupWarning,
)
from skreservoir.metrics import nrmse


def _feedback_esn(feedback_scaling, alpha, random_state=0, **params):
    return ESNRegressor(
        Reservoir(n_units=200, leak_rate=0.3, spectral_radius=1.0, random_state=random_state),
        RidgeReadout(alpha=alpha),
        feedback=True,
        feedback_scaling=feedback_scaling,
        washout=100,
        **params,
    )


@pytest.fixture(scope="module")
def mg_10_ahead():
    return to_forecasting(mackey_glass(2000, random_state=42), forecast=10, test_size=400)


def test_predict_with_feedback_warns_when_the_loop_leaves_the_range(mg_10_ahead):
    """Check that predict with feedback warns as generate does when the fed-back loop
    diverges, from one training range outside that range (the forecasters' rule)."""
    x_train, x_test, y_train, _ = mg_10_ahead
    # exact teacher forcing (ReservoirPy's): the loop runs away to a few ranges out
    esn = _feedback_esn(1.0, 1e-6, feedback_noise=0.0).fit(x_train, y_train)
    with pytest.warns(ClosedLoopDivergenceWarning, match=r"predict \(with feedback\) left"):
        predictions = esn.predict(x_test, initial_state="fit")
    low, high = y_train.min(), y_train.max()
    excess = max(predictions.max() - high, low - predictions.min()) / (high - low)
    assert 1 < excess < 10  # ten ranges out, the rule before, let this run pass silently


def test_generate_of_a_good_closed_loop_does_not_warn():
    """Check that a closed loop that follows the attractor generates without the warning
    at the one-range rule (its outputs stay near the training range)."""
    X, y = to_forecasting(mackey_glass(2000, random_state=42), forecast=1)
    esn = ESNRegressor(
        Reservoir(n_units=200, leak_rate=0.3, spectral_radius=1.25, random_state=0),
        RidgeReadout(alpha=1e-7), washout=100).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClosedLoopDivergenceWarning)
        generated = esn.generate(1000)
    assert y.min() - 0.1 < generated.min() and generated.max() < y.max() + 0.1


def test_default_feedback_noise_keeps_that_loop_in_range(mg_10_ahead):
    """Check that the default feedback_noise turns the loops that diverge with exact
    teacher forcing into good predictors, without the warning."""
    x_train, x_test, y_train, y_test = mg_10_ahead
    errors = {}
    for noise in (0.0, None):
        params = {} if noise is None else {"feedback_noise": noise}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore" if noise == 0.0 else "error",
                                  ClosedLoopDivergenceWarning)
            errors[noise] = [
                nrmse(y_test, _feedback_esn(1.0, 1e-6, seed, **params).fit(x_train, y_train)
                      .predict(x_test, initial_state="fit"))
                for seed in range(3)
            ]
    assert min(errors[0.0]) > 5
    assert max(errors[None]) < 0.2


def test_predict_with_feedback_in_range_does_not_warn(mg_10_ahead):
    """Check that a stable feedback loop predicts without the warning."""
    x_train, x_test, y_train, _ = mg_10_ahead
    esn = _feedback_esn(0.01, 1e-2).fit(x_train, y_train)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClosedLoopDivergenceWarning)
        esn.predict(x_test, initial_state="fit")


def test_predict_with_feedback_from_rest_skips_the_washout_in_its_check():
    """Check that a good feedback model's start-up transient from rest, which training
    and score leave out, does not warn (step 0 left the range: a false alarm), while a
    loop that leaves the range after the washout still does."""
    X, y = to_forecasting(mackey_glass(500), forecast=1)
    esn = ESNRegressor(Reservoir(n_units=50, random_state=0), washout=20, feedback=True,
                       random_state=0).fit(X, y)
    output = esn.predict(X)  # its first steps from rest
    low, high = y.min(), y.max()
    assert np.any((output[:20] < 2 * low - high) | (output[:20] > 2 * high - low))
    assert esn.score(X, y) > 0.99
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClosedLoopDivergenceWarning)
        esn.predict(X)
        esn.predict(X, initial_state="rest")
    # from a state given as an array (its truth value raised numpy's "ambiguous"): every
    # step is checked, as from the training state
    esn.predict(X[:50], initial_state=np.zeros(esn.reservoir_.output_size_))
    # checked from the washout on: a loop out of range there warns
    esn.set_params(washout=0)
    esn.washout_ = 0
    with pytest.warns(ClosedLoopDivergenceWarning, match=r"from step 0 on"):
        esn.predict(X)


@pytest.mark.parametrize("kind", ["int", "bool"])
def test_feedback_with_integer_or_boolean_targets_equals_float_targets(kind):
    """Check that integer and boolean targets train a feedback model as their floats do
    (the feedback weights were cast to the targets' dtype: 0.5 became 0 for integers,
    so training ran without feedback and predict with it; booleans raised numpy's
    subtract error), by fit, chunked partial_fit and one-row partial_fit."""
    t = np.arange(800)
    X = np.sin(t / 15)[:, None]
    y = np.round(2 * np.sin((t + 1) / 15)).astype(int) if kind == "int" else np.sin(
        (t + 1) / 15) > 0
    results = []
    for target in (y, y.astype(float)):
        def make():
            return ESNRegressor(Reservoir(n_units=30, random_state=0), feedback=True,
                                feedback_scaling=0.5, random_state=0, washout=20)
        fitted = make().fit(X[:600], target[:600])
        streamed = make()
        for k in range(0, 600, 100):
            streamed.partial_fit(X[k:k + 100], target[k:k + 100])
        rows = make().set_params(readout=LMSReadout(1e-3), washout=0)
        last = [rows.partial_fit(X[k:k + 1], target[k:k + 1], return_predictions=True)
                for k in range(100)][-1]
        results.append((fitted.predict(X[600:], initial_state="rest"),
                        streamed.predict(X[600:], initial_state="rest"), last))
    for integer, floating in zip(*results):
        assert_allclose(integer, floating, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("offset", [3.0, 300.0])
def test_inputs_far_from_unit_scale_warn_that_states_do_not_follow(mg_10_ahead, offset):
    """Check that inputs in raw units, which pin the driven units, warn (R² was 0 silently)."""
    x_train, _, y_train, _ = mg_10_ahead
    with pytest.warns(ReservoirStateWarning, match="do not follow the input.*Standardise"):
        esn = ESNRegressor(random_state=0).fit(50 * x_train + offset, y_train)
    states = esn.reservoir_.transform(50 * x_train + offset)[esn.washout_ :]
    assert np.max(np.std(states, axis=0)) < 1e-4



@pytest.mark.parametrize("decision", ["mean", "last", "vote"])
def test_classifier_on_counts_warns_that_states_do_not_follow(decision):
    """Check that ESNClassifier fitted on series in raw units (counts in the hundreds, as
    sktime's Chinatown) warns in every decision mode (mean and last fitted silently, and
    predicted one class), and fits unit-scale series of the same shape without it."""
    rng = np.random.default_rng(0)
    t = np.arange(24)
    counts = np.stack([400 + 300 * np.sin(2 * np.pi * (t + shift) / 24) + 20 * rng.normal(size=24)
                       for shift in rng.integers(0, 24, size=20)])[:, :, None]
    labels = np.repeat(["a", "b"], 10)
    with pytest.warns(ReservoirStateWarning, match="do not follow the input.*Standardise"):
        ESNClassifier(decision=decision, random_state=0).fit(counts, labels)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        ESNClassifier(decision=decision, random_state=0).fit(
            (counts - counts.mean()) / counts.std(), labels)


@pytest.mark.parametrize("method", ["fit", "fit_transform"])
def test_transformer_on_counts_warns_that_states_do_not_follow(method):
    """Check that ESNTransformer fitted on series in raw units warns as the ESNs do (its
    representations were silently those of pinned units), at the caller's line, and
    fits unit-scale series of the same shape without it."""
    rng = np.random.default_rng(0)
    t = np.arange(24)
    counts = np.stack([400 + 300 * np.sin(2 * np.pi * (t + shift) / 24) + 20 * rng.normal(size=24)
                       for shift in rng.integers(0, 24, size=20)])[:, :, None]
    with pytest.warns(ReservoirStateWarning, match="do not follow the input.*Standardise") as rec:
        getattr(ESNTransformer(random_state=0), method)(counts)
    assert any(w.filename == __file__ for w in rec if w.category is ReservoirStateWarning)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        getattr(ESNTransformer(random_state=0), method)((counts - counts.mean()) / counts.std())


def test_transformer_state_check_runs_a_bounded_part_of_the_panel(monkeypatch):
    """Check that ESNTransformer's fit checks its states on at most 32 series cut to a
    bounded number of steps (it ran 32 whole series: 5.5 s and +605 MB on 4000-step
    series of 500 units), and runs nothing for a reservoir it does not check."""
    from skreservoir.esn._base import STATE_CHECK_VALUES

    runs = []
    original = Reservoir.run_batch

    def recording(self, Xs, *args, **kwargs):
        runs.append([x.shape[0] for x in Xs])
        return original(self, Xs, *args, **kwargs)

    monkeypatch.setattr(Reservoir, "run_batch", recording)
    panel = np.random.default_rng(0).standard_normal((40, 2000, 1))
    ESNTransformer(Reservoir(n_units=500, random_state=0), washout=10).fit(panel)
    assert len(runs) == 1 and len(runs[0]) == 32
    assert max(runs[0]) <= 10 + STATE_CHECK_VALUES // (32 * 500)
    runs.clear()
    ESNTransformer(Reservoir(n_units=50, activation="identity", spectral_radius=0.5,
                             random_state=0)).fit(panel)
    assert runs == []


def test_time_series_classifier_says_its_members_state_warning_once():
    """Check that ESNTimeSeriesClassifier on raw-unit series with standardize=False warns
    once, at the caller's line, naming standardize (each of its 8 members warned, inside
    sktime), and not at all with its default standardisation."""
    from skreservoir.classification import ESNTimeSeriesClassifier

    rng = np.random.default_rng(0)
    X = np.abs(rng.standard_normal((20, 1, 100))) * 500 + 100
    y = np.repeat([0, 1], 10)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ESNTimeSeriesClassifier(standardize=False, random_state=0).fit(X, y)
    states = [w for w in caught if w.category is ReservoirStateWarning]
    assert len(states) == 1 and states[0].filename == __file__
    assert "leave standardize='auto'" in str(states[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        ESNTimeSeriesClassifier(random_state=0).fit(X, y)


def test_time_series_classifier_keeps_a_minority_of_its_default_members_quiet():
    """Check that ESNTimeSeriesClassifier with its default reservoirs does not pass on the
    state warning of fewer than half its members (one of eight saturated on padded
    JapaneseVowels, accuracy 0.992; its advice needs a reservoir given, another
    ensemble), and does where half warn or the reservoir is the user's."""
    from skreservoir.classification import ESNTimeSeriesClassifier

    def said(reservoir, n_warned):
        clf = ESNTimeSeriesClassifier(reservoir)
        clf.transformers_ = [None] * 8
        with warnings.catch_warnings(record=True) as member:
            warnings.simplefilter("always")
            for _ in range(n_warned):
                warnings.warn("saturated", ReservoirStateWarning)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            clf._warn_member_states(member)
        return [w for w in caught if w.category is ReservoirStateWarning]

    assert said(None, 3) == []
    assert len(said(None, 4)) == 1
    assert "4 of its 8 reservoirs" in str(said(None, 4)[0].message)
    assert len(said(Reservoir(n_units=10), 1)) == 1


def test_standardised_heavy_tailed_inputs_are_not_blamed_for_pinned_units():
    """Check that standardised inputs with a few outliers above 10 (Student t, df 1.5)
    are not told to standardise when units are pinned by the bias and the spectral
    radius: the input's scale is judged on its 99th percentile, not its maximum."""
    rng = np.random.default_rng(0)
    x = rng.standard_t(1.5, size=(2000, 1))
    x = (x - x.mean()) / x.std()
    assert np.abs(x).max() > 10
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ESNRegressor(Reservoir(n_units=100, bias_scaling=1.0, spectral_radius=1.2,
                               random_state=0), washout=20).fit(x[:-1], x[1:, 0])
    assert not [w for w in caught if "do not follow the input" in str(w.message)]


@pytest.mark.parametrize("input_scaling", [0.5, 1e-4])
def test_unit_scale_or_small_signal_inputs_do_not_warn(mg_10_ahead, input_scaling):
    """Check that inputs of unit scale, even with a tiny input_scaling, fit without the warning."""
    x_train, _, y_train, _ = mg_10_ahead
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        ESNRegressor(Reservoir(input_scaling=input_scaling, random_state=0)).fit(x_train, y_train)


@pytest.mark.parametrize("scale", [1e-6, 1e-20, 1e-200, 1e-300])
def test_inputs_far_below_unit_scale_warn_that_the_reservoir_hardly_feels_them(scale):
    """Check that inputs in tiny units (the states then hardly move with them, and the
    readout learns nothing) warn, naming the fix, on the regressor and the classifier
    (from 1e-200 on, the inputs' variance underflowed to 0, taken for no variation)."""
    from skreservoir import ESNClassifier

    x = np.sin(0.1 * np.arange(1000))[:, None]
    with pytest.warns(ReservoirStateWarning, match=r"hardly feels the input.*Standardise "
                                                   r"the input.*raise the reservoir's "
                                                   r"input_scaling"):
        esn = ESNRegressor(random_state=0).fit(scale * x[:-5], x[5:, 0])
    assert esn.score(scale * x[:-5], x[5:, 0]) < 0.1  # the warning is right
    rng = np.random.default_rng(0)
    panel = [np.sin(np.arange(50) * f)[:, None] + 0.1 * rng.normal(size=(50, 1))
             for f in np.repeat([0.2, 0.6], 20)]
    with pytest.warns(ReservoirStateWarning, match="hardly feels the input"):
        ESNClassifier(washout=5, random_state=0).fit([scale * p for p in panel],
                                                     np.repeat([0, 1], 20))
    with warnings.catch_warnings():  # the same data at unit scale: no warning
        warnings.simplefilter("error", ReservoirStateWarning)
        assert ESNRegressor(random_state=0).fit(x[:-5], x[5:, 0]).score(x[:-5], x[5:, 0]) > 0.99


def test_inputs_in_raw_units_far_above_unit_scale_warn_with_the_fix():
    """Check that Lorenz x in its own units (standard deviation 7.7), which the default
    ESN predicts one step ahead to R^2 0.87 to 0.97 against 0.99996 standardised, warns that the
    input is far from unit scale, naming the standardisation and input_scaling; the
    same series standardised, or with input_scaling lowered to match, stays quiet, as
    does a large input_scaling chosen on standardised inputs."""
    from sklearn.metrics import r2_score

    from skreservoir.datasets import lorenz

    x = lorenz(1501, h=0.03)[:, :1]
    z = (x - x[:1200].mean()) / x[:1200].std()
    with pytest.warns(ReservoirStateWarning, match=r"far from unit scale \(standard "
                                                   r"deviation up to 7\.[0-9]+\).*Standardise "
                                                   r"the input.*lower the reservoir's "
                                                   r"input_scaling"):
        raw = ESNRegressor(random_state=0).fit(x[:1199], x[1:1200, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        standard = ESNRegressor(random_state=0).fit(z[:1199], x[1:1200, 0])
        ESNRegressor(Reservoir(input_scaling=0.05), random_state=0).fit(x[:1199], x[1:1200, 0])
        ESNRegressor(Reservoir(input_scaling=3.0), random_state=0).fit(z[:1199], x[1:1200, 0])
    with warnings.catch_warnings():  # a classifier may gain from saturation: not told
        warnings.simplefilter("error", ReservoirStateWarning)
        from skreservoir import ESNClassifier

        ESNClassifier(random_state=0).fit(x[:1200], (x[1:1201, 0] > 0).astype(int))
    y_test = x[1201:1501, 0]
    raw_r2 = r2_score(y_test, raw.predict(x[1200:1500], initial_state="fit"))
    standard_r2 = r2_score(y_test, standard.predict(z[1200:1500], initial_state="fit"))
    # the warning is right: the raw input's error variance hundreds of times the
    # standardised one's (R^2 0.87 on one machine, 0.97 on another: the raw states'
    # readout is ill-conditioned, its coefficients up to 2500, and rounds differently)
    assert standard_r2 > 0.9999 and 1 - raw_r2 > 100 * (1 - standard_r2)


def _force_esn(**params):
    return ESNRegressor(
        Reservoir(n_units=100, leak_rate=0.3, spectral_radius=1.25, random_state=0),
        ForceReadout(alpha=1e-6),
        **params,
    )


def test_one_step_stream_with_auto_washout_warns_once(mg_10_ahead):
    """Check that a FORCE loop of one-row partial_fit calls says washout='auto' came out 0."""
    x_train, _, y_train, _ = mg_10_ahead
    esn = _force_esn()
    with pytest.warns(WarmupWarning, match=r"first partial_fit chunk.*leave it 0") as record:
        for t in range(5):
            esn.partial_fit(x_train[t : t + 1], y_train[t : t + 1])
    assert esn.washout_ == 0
    assert sum(issubclass(w.category, WarmupWarning) for w in record) == 1


@pytest.mark.parametrize(("washout", "chunk"), [(0, 1), (5, 1), ("auto", 500)])
def test_streams_with_a_washout_do_not_warn(mg_10_ahead, washout, chunk):
    """Check that an int washout, or a first chunk long enough to measure it, stays silent."""
    x_train, _, y_train, _ = mg_10_ahead
    esn = _force_esn(washout=washout)
    with warnings.catch_warnings():
        warnings.simplefilter("error", WarmupWarning)
        for start in range(0, 3 * chunk, chunk):
            esn.partial_fit(x_train[start : start + chunk], y_train[start : start + chunk])
    if washout == "auto":  # not capped at a quarter of the chunk: the stream goes on
        assert chunk // 4 < esn.washout_ < chunk


def test_stream_washout_shorter_than_the_transient_warns(mg_10_ahead):
    """Check that a first chunk shorter than the reservoir's transient warns (capped at a
    quarter, 100 rows gave 25 where the transient lasts over 300 steps, silently), and
    that the next chunk trains every row."""
    x_train, _, y_train, _ = mg_10_ahead
    esn = _force_esn()
    with pytest.warns(WarmupWarning, match=r"had not forgotten its start by the end of its "
                                           r"100 rows: washout_ is 25 \(a quarter of the "
                                           r"chunk.*Pass washout=<int>"):
        esn.partial_fit(x_train[:100], y_train[:100])
    assert esn.washout_ == 25 and esn.readout_.n_samples_seen_ == 75
    with warnings.catch_warnings():
        warnings.simplefilter("error", WarmupWarning)
        esn.partial_fit(x_train[100:200], y_train[100:200])
    assert esn.readout_.n_samples_seen_ == 175


def test_generate_of_a_model_trained_on_increments_names_the_target():
    """Check that the closed loop of a model trained on increments (ReservoirPy's NVAR
    tutorial), which cannot run on its own outputs, says that the targets must be the
    next inputs, in the warning and in the divergence error."""
    from skreservoir import NVAR
    from skreservoir.datasets import lorenz
    from skreservoir.exceptions import DivergenceError

    series = lorenz(700, x0=(17.677, 12.931, 43.914), h=0.025)  # on the attractor
    model = ESNRegressor(NVAR(delay=2, order=2), RidgeReadout(alpha=2.5e-6, fit_intercept=False),
                         washout=200).fit(series[:600], series[1:601] - series[:600])
    with pytest.warns(ClosedLoopDivergenceWarning, match=r"targets y = X\[t \+ 1\]"):
        model.generate(3)
    with pytest.raises(DivergenceError, match=r"not trained to predict its next input.*"
                                              r"u = u \+ predict"):
        model.generate(100)
    # trained on the next value, the same model runs closed loop without either
    model.fit(series[:600], series[1:601])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.generate(20)


def test_transformer_warns_a_2d_array_of_one_or_two_columns_is_many_short_series():
    """Check that ESNTransformer says it reads X of shape (599, 1) as 599 series of one
    step (sktime's numpy2D; ESNRegressor reads it as one series), naming X[None], and is
    silent on a panel of long rows."""
    from skreservoir.exceptions import DataLayoutWarning

    X = np.sin(np.arange(599) / 10)[:, None]
    transformer = ESNTransformer(Reservoir(n_units=20, random_state=0))
    with pytest.warns(DataLayoutWarning, match=r"shape \(599, 1\).*599 univariate series "
                                               r"of 1 time point.*X\[None\]"):
        assert transformer.fit_transform(X).shape[0] == 599
    assert transformer.fit_transform(X[None]).shape[0] == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        transformer.fit_transform(np.random.default_rng(0).normal(size=(30, 50)))



def test_score_on_a_fold_shorter_than_the_washout_says_so():
    """Check that score on a series no longer than washout_ says that every prediction
    it scores is the reservoir's transient (a user battery: with washout='auto' a
    3-row fold left 0 rows out and scored R^2 -70641 under a warning that said the
    first washout_ steps were left out), and that the warning for longer series says
    how 'auto' caps what it leaves out."""
    X, y = to_forecasting(mackey_glass(800), forecast=1)
    esn = ESNRegressor(random_state=0).fit(X[:700], y[:700])
    assert esn.washout_ > 3
    with pytest.warns(WarmupWarning, match=r"at most washout_ time steps long.*predictions "
                      r"of this call \(and the score.*warm-up transient"):
        esn.score(X[700:703], y[700:703])
    with pytest.warns(WarmupWarning, match=r"leaves out at most a quarter of the series "
                      r"scored.*shorter than 4 x washout_"):
        esn.score(X[700:760], y[700:760])


def test_predict_on_series_shorter_than_the_washout_says_so(monkeypatch):
    """A lag table predicted a row at a time (skforecast's recursive forecaster) gets
    the reservoir's transient from rest for every row: the WarmupWarning names the
    reading of rows as time steps, ESNForecaster and initial_state='fit'. Not for a
    series longer than the washout, nor with initial_state given."""
    X, y = to_forecasting(mackey_glass(1001), forecast=1)
    esn = ESNRegressor(Reservoir(n_units=50, random_state=0), washout=20).fit(X[:800], y[:800])
    for short in (X[800:801], X[800:820], np.stack([X[800:810], X[810:820]])):
        with pytest.warns(WarmupWarning, match="consecutive time steps.*ESNForecaster"):
            esn.predict(short)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        esn.predict(X[800:801], initial_state="fit")
        esn.predict(X[800:801], initial_state="rest")
    with pytest.warns(WarmupWarning) as record:
        esn.predict(X[800:900])
    assert not any("consecutive time steps" in str(w.message) for w in record)
    # scikit-learn's scoring code is told once (20 warnings in a 4-candidate search)
    from sklearn.model_selection import TimeSeriesSplit, cross_val_score

    from skreservoir.esn import _base

    monkeypatch.setattr(_base, "_WARMUP_WARNED_TO_SKLEARN", [])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(2):
            cross_val_score(ESNRegressor(Reservoir(n_units=30, random_state=0), washout=20),
                            X[:400], y[:400], cv=TimeSeriesSplit(4, test_size=15),
                            scoring="r2")
    assert sum("consecutive time steps" in str(w.message) for w in caught) == 1


def test_classifier_warns_when_a_series_looks_like_the_rows_of_a_panel():
    """Check that a 2D (n_series, n_timesteps) panel given to ESNClassifier, read as one
    series labelled step by step (accuracy 0.62 against 1.00 as X[:, :, None]), warns
    naming X[:, :, None], and that a labelled sequence (labels in runs) does not."""
    from skreservoir import ESNClassifier
    from skreservoir.exceptions import DataLayoutWarning

    rng = np.random.default_rng(0)
    y = np.arange(200) % 2
    t = np.arange(100)
    X = np.sin(2 * np.pi * np.where(y == 1, 0.1, 0.05)[:, None] * t
               + rng.uniform(0, 6.3, (200, 1))) + 0.3 * rng.normal(size=(200, 100))
    with pytest.warns(DataLayoutWarning, match=r"one series of 200 time steps with 100 "
                                               r"features.*change at 100% of the steps.*"
                                               r"pass X\[:, :, None\]"):
        ESNClassifier(random_state=0).fit(X, y)
    runs = np.repeat(np.arange(10) % 2, 20)  # a sequence's labels, in runs of 20 steps
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        ESNClassifier(random_state=0).fit(X, runs)


def test_one_short_series_cutting_the_automatic_washout_warns():
    """washout="auto" is capped at a quarter of the shortest series; where one series far
    shorter than the others makes that cap cut the measured transient, every series
    trains on its start: WarmupWarning names the short series and the fix. Equal
    lengths, a short series that does not halve it, or a panel of mostly short series
    say nothing; nor does the order of the series."""
    rng = np.random.default_rng(0)
    labels = np.array([0, 1] * 5)
    long = [rng.normal(size=(400, 2)) for _ in range(9)]
    with pytest.warns(WarmupWarning, match=r"washout_ is 1: .*shortest series \(5 steps.*"
                                           r"1 series, at position 9\).*washout=<int>"):
        cut = ESNClassifier(Reservoir(50, random_state=0)).fit(
            long + [rng.normal(size=(5, 2))], labels)
    assert cut.washout_ == 1
    # the short series first (washout_ measured on it), or among few series: the same
    for panel in ([rng.normal(size=(5, 2))] + long, long[:4] + [rng.normal(size=(5, 2))]):
        with pytest.warns(WarmupWarning, match=r"washout_ is 1: .*shortest series \(5 steps"):
            ESNClassifier(Reservoir(50, random_state=0)).fit(panel, labels[:len(panel)])
    with warnings.catch_warnings():
        warnings.simplefilter("error", WarmupWarning)
        whole = ESNClassifier(Reservoir(50, random_state=0)).fit(
            long + [rng.normal(size=(400, 2))], labels)
        ESNClassifier(Reservoir(50, random_state=0)).fit(
            long + [rng.normal(size=(4 * whole.washout_, 2))], labels)
        ESNRegressor(Reservoir(50, random_state=0)).fit(long[:3], [x[:, 0] for x in long[:3]])
        # a panel of short series (JapaneseVowels' lengths, 7 to 26): most are short
        lengths = [7, 9, 10, 12, 14, 15, 15, 16, 20, 26]
        ESNClassifier(Reservoir(50, random_state=0)).fit(
            [rng.normal(size=(n, 2)) for n in lengths], labels)
    with pytest.warns(WarmupWarning, match="shortest series"):
        ESNRegressor(Reservoir(50, random_state=0)).fit(
            long + [long[0][:8]], [x[:, 0] for x in long] + [long[0][:8, 0]])


def test_an_int_washout_too_long_for_some_series_names_them():
    """An int washout at least as long as some series of a panel: the error names
    which series (their positions), not only the shortest length."""
    rng = np.random.default_rng(0)
    X = [rng.normal(size=(n, 2)) for n in (100, 8, 100, 20, 5)]
    y = [x[:, 0] for x in X]
    with pytest.raises(ValueError, match=r"washout=20 must be smaller.*shortest series "
                                         r"has 5 time steps \(too short: 3 series, at "
                                         r"positions 1, 3, 4\)"):
        ESNRegressor(Reservoir(20, random_state=0), washout=20).fit(X, y)
    with pytest.raises(ValueError, match=r"has 5 time steps\. Lower washout"):
        ESNRegressor(Reservoir(20, random_state=0), washout=20).fit(X[4], y[4])

def test_classifier_column_vector_and_ambiguous_one_hot_labels():
    """A column of one label per series is taken as labels with scikit-learn's
    DataConversionWarning (a list of one-element labels already was, silently); labels
    of shape (n_series, n_steps) whose rows are one-hot are labels per step, with a
    DataLayoutWarning saying how to pass them as one-hot labels per series."""
    from sklearn.exceptions import DataConversionWarning

    rng = np.random.default_rng(0)
    X = rng.normal(size=(12, 20, 2))
    labels = np.array(["a", "b", "c"] * 4)
    as_labels = ESNClassifier(Reservoir(30, random_state=0)).fit(X, labels)
    with pytest.warns(DataConversionWarning, match=r"shape \(12, 1\).*y.ravel\(\)"):
        as_column = ESNClassifier(Reservoir(30, random_state=0)).fit(X, labels[:, None])
    assert as_column.mode_ == "sequence"
    assert_allclose(as_column.decision_function(X), as_labels.decision_function(X))
    short = rng.normal(size=(12, 3, 2))
    one_hot = np.eye(3)[np.arange(12) % 3]
    with pytest.warns(DataLayoutWarning, match=r"np.argmax\(y, axis=1\)"):
        per_step = ESNClassifier(Reservoir(30, random_state=0), washout=0).fit(short, one_hot)
    assert per_step.mode_ == "frame"
    with warnings.catch_warnings():  # fit said it; score and partial_fit do not again
        warnings.simplefilter("error", DataLayoutWarning)
        per_step.score(short, one_hot)
        per_step.partial_fit(short, one_hot)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        per_series = ESNClassifier(Reservoir(30, random_state=0)).fit(
            short, np.argmax(one_hot, axis=1))
    assert per_series.mode_ == "sequence"


def test_the_training_series_in_the_other_float_dtype_is_recognised():
    """A model fitted on a series in float32 and scoring the same series in float64 (or
    the other way) predicts the training series from its start: no WarmupWarning (the
    first rows were compared exactly, across the rounding); another series warns."""
    X, y = to_forecasting(mackey_glass(401), forecast=1)
    for fitted, scored in (("float32", "float64"), ("float64", "float32")):
        esn = ESNRegressor(Reservoir(50, random_state=0), washout=20).fit(
            X.astype(fitted), y[:, 0])
        with warnings.catch_warnings():
            warnings.simplefilter("error", WarmupWarning)
            esn.score(X.astype(scored), y[:, 0])
        with pytest.warns(WarmupWarning, match="initial_state='fit'"):
            esn.predict((X[1:] + 1e-3).astype(scored))


def test_a_one_row_stream_of_several_features_says_nothing_of_layouts():
    """The documented FORCE loop, one row of 3 features per partial_fit call: its first
    call warned that X of shape (1, 3) might be sktime's numpy2D layout. A stream's
    chunk of one series is not a layout question; fit on such an array, or a panel
    chunk, still warns."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    esn = ESNRegressor(Reservoir(20, random_state=0), ForceReadout(), washout=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        for t in range(40):
            esn.partial_fit(X[t : t + 1], X[t : t + 1].sum(axis=1))
    with pytest.warns(DataLayoutWarning, match=r"shape \(2, 1, 3\)"):
        ESNRegressor(Reservoir(20, random_state=0), ForceReadout(), washout=0).partial_fit(
            X[:2, None, :], X[:2, None, 0])
    with pytest.warns(DataLayoutWarning, match=r"shape \(1, 3\)"):
        ESNRegressor(Reservoir(20, random_state=0), washout=0).fit(X[:1], X[:1, 0])


def test_state_noise_that_dominates_the_states_is_named():
    """noise=2.0 (added after tanh) put 64% of the states beyond [-1, 1]: the warning
    called them saturated and advised input_scaling, bias and spectral_radius. It now
    names the noise; a small noise says nothing."""
    X = np.random.default_rng(0).normal(size=(500, 1))
    with pytest.warns(ReservoirStateWarning, match=r"lie beyond the range of 'tanh' .*the "
                                                   r"state noise \(noise=2.0, added after "
                                                   r"the activation\) dominates"):
        ESNRegressor(Reservoir(50, noise=2.0, random_state=0)).fit(X, X[:, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        ESNRegressor(Reservoir(50, noise=0.1, random_state=0)).fit(X, X[:, 0])


def test_a_reservoir_alone_checks_its_states_at_fit_transform():
    """A reservoir fitted alone (a scikit-learn Pipeline before a Ridge) warns of
    inputs in raw units that pin its units, as ESNRegressor does; fit_transform's
    outputs are fit(X).transform(X)'s; a standardised input, transform alone, and a
    panel of standardised series say nothing."""
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline

    from skreservoir import Reservoir

    raw = 100 * np.sin(np.arange(1000) / 10)[:, None]
    with pytest.warns(ReservoirStateWarning, match="do not follow the input"):
        make_pipeline(Reservoir(random_state=0), Ridge()).fit(raw, np.roll(raw[:, 0], -1))
    with pytest.warns(ReservoirStateWarning, match="do not follow the input"):
        states = Reservoir(random_state=0).fit_transform(raw)
    assert_allclose(states, Reservoir(random_state=0).fit(raw).transform(raw))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        Reservoir(random_state=0).fit(raw).transform(raw)  # the check is fit's
        Reservoir(random_state=0).fit_transform(raw / 100)
        panel = np.stack([np.sin(np.arange(200) / 10 + k)[:, None] for k in range(40)])
        assert Reservoir(random_state=0).fit_transform(panel).shape == (40, 200, 100)
    with pytest.warns(ReservoirStateWarning, match="do not follow the input"):
        Reservoir(random_state=0).fit_transform([100 * panel[0], 100 * panel[1]])
