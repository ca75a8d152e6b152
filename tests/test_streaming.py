"""Streams: large panels in chunks of series, and one-row partial_fit calls.

Both give the same results as the general path (all at once, or the general
partial_fit).
"""

import pickle
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone

from skreservoir import (
    ESNClassifier,
    ESNRegressor,
    ESNTransformer,
    ForceReadout,
    ForceReadoutClassifier,
    LMSReadout,
    Reservoir,
    RidgeReadout,
    config_context,
)
from skreservoir._panel import series_chunks

rng = np.random.default_rng(0)
PANEL = [rng.normal(size=(n, 2)) for n in (30, 45, 25, 40, 35, 50)]
TARGETS = [np.roll(x, -1, axis=0) for x in PANEL]
SEQUENCE_LABELS = np.array([0, 1, 0, 1, 1, 0])


def _reservoir():
    return Reservoir(n_units=40, leak_rate=0.5, random_state=0)


@pytest.fixture
def tiny_chunks(monkeypatch):
    """Chunks of about two series: every panel below runs in several chunks."""
    with config_context(state_chunk_bytes=2 * 45 * 40 * 8):
        yield


def test_series_chunks_cover_every_series_once():
    """Check that chunks are consecutive, cover all series, respect the budget."""
    lengths = [10, 30, 5, 50, 20]
    chunks = series_chunks(lengths, width=4, itemsize=8, budget=40 * 4 * 8)
    assert [i for chunk in chunks for i in chunk] == list(range(5))
    for chunk in chunks:
        size = sum(lengths[i] for i in chunk) * 4 * 8
        assert size <= 40 * 4 * 8 or len(chunk) == 1  # an oversized series stands alone
    assert series_chunks([10], 4, 8, budget=1) == [range(0, 1)]


@pytest.mark.parametrize("initial_state", [None, "fit"])
def test_chunked_predict_equals_one_chunk(initial_state):
    """Check that ESNRegressor.predict in chunks of series gives the all-at-once predictions.

    A panel's states (and their concatenation) were once all held at once in
    predict, while fit ran in chunks; the states at the end of training
    start every chunk's series with ``initial_state="fit"``.
    """
    model = ESNRegressor(_reservoir(), RidgeReadout(alpha=1e-4), washout=3).fit(PANEL, TARGETS)
    with config_context(state_chunk_bytes=2**40):
        assert len(model._chunks(PANEL)) == 1
        expected = model.predict(PANEL, initial_state=initial_state)
    with config_context(state_chunk_bytes=2 * 45 * 40 * 8):
        assert len(model._chunks(PANEL)) > 2
        runs = []
        features = model._features
        model._features = lambda Xs, *args, **kwargs: (runs.append(len(Xs))
                                                      or features(Xs, *args, **kwargs))
        result = model.predict(PANEL, initial_state=initial_state)
        del model._features
        assert runs == [len(chunk) for chunk in model._chunks(PANEL)]
        array = model.predict(np.stack([x[:25] for x in PANEL]), initial_state=initial_state)
    for r, e in zip(result, expected):
        assert_allclose(r, e, rtol=0, atol=1e-12)
    assert array.shape == (6, 25, 2)
    assert_allclose(array[1], expected[1][:25], rtol=0, atol=1e-12)


@pytest.mark.parametrize("estimator, y, method", [
    (ESNRegressor(_reservoir(), RidgeReadout(alpha=1e-4), washout=3), TARGETS, "predict"),
    (ESNRegressor(_reservoir(), ForceReadout(), include_input=True), TARGETS, "predict"),
    (ESNRegressor(_reservoir(), RidgeReadout(alpha=1e-4), feedback=True, random_state=0),
     TARGETS, "predict"),
    (ESNClassifier(_reservoir(), decision="mean"), SEQUENCE_LABELS, "predict_proba"),
    (ESNClassifier(_reservoir(), decision="vote"), SEQUENCE_LABELS, "predict_proba"),
    (ESNClassifier(_reservoir()), [(x[:, 0] > 0).astype(int) for x in PANEL],
     "decision_function"),
])
def test_chunked_training_equals_one_chunk(tiny_chunks, monkeypatch, estimator, y, method):
    """Check that training chunk by chunk gives the model trained on all rows at once."""
    chunked = estimator.fit(PANEL, y)
    assert len(chunked._chunks(PANEL)) > 2
    result = getattr(chunked, method)(PANEL)
    with config_context(state_chunk_bytes=2**40):
        whole = clone(estimator).fit(PANEL, y)
        assert len(whole._chunks(PANEL)) == 1
        expected = getattr(whole, method)(PANEL)
    if isinstance(expected, list):
        for r, e in zip(result, expected):
            assert_allclose(r, e, rtol=0, atol=1e-8)
    else:
        assert_allclose(result, expected, rtol=0, atol=1e-8)


@pytest.mark.parametrize("representation", ["last", "mean", "output_model_space",
                                            "reservoir_model_space"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_chunked_representations_equal_one_chunk(tiny_chunks, monkeypatch, representation,
                                                  bidirectional):
    """Check that representations computed chunk by chunk equal those of all at once.

    "last" and "mean" are pooled by the reservoir: in chunks where it stores
    the states (here without the compiled kernels), in one piece by the
    compiled kernel, which stores none.
    """
    transformer = ESNTransformer(_reservoir(), representation=representation, washout=2,
                                 bidirectional=bidirectional)
    calls = []
    pooled = representation in ("last", "mean")
    owner, name = (Reservoir, "run_batch") if pooled else (ESNTransformer, "_represent_states")
    original = getattr(owner, name)

    def counting(self, Xs, *args, **kwargs):
        calls.append(len(Xs))
        return original(self, Xs, *args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    with config_context(compiled=not pooled):
        chunked = transformer.fit_transform(PANEL)
    if pooled:  # the first run is fit's check of the training states (up to 32 series,
        # each cut to a bounded number of steps)
        assert calls[0] == min(len(PANEL), 32)
        calls = calls[1:]
    directions = 2 if pooled and bidirectional else 1
    assert len(calls) > 2 * directions and sum(calls) == directions * len(PANEL)
    with config_context(state_chunk_bytes=2**40):  # "last", "mean": the compiled kernel
        expected = clone(transformer).fit_transform(PANEL)
    assert_allclose(chunked, expected, rtol=0, atol=1e-10)


# -- one-row partial_fit: the per-step loop of FORCE / LMS training ----------------
STREAM = np.column_stack([np.sin(np.arange(400) / 7.0), np.cos(np.arange(400) / 11.0)])
STREAM_TARGETS = np.roll(STREAM, -1, axis=0)


def _targets(n_outputs):
    """1D targets, or ``n_outputs`` columns."""
    return STREAM_TARGETS[:, 0] if n_outputs is None else STREAM_TARGETS[:, :n_outputs]


def _general_path_fails(monkeypatch, esn):
    """Make the general path of ``esn.partial_fit`` fail: every call must take the fast one."""
    def fail(*args, **kwargs):
        raise AssertionError("partial_fit took the general path")

    monkeypatch.setattr(esn, "_validated", fail)


def _stream_pair(esn, first=5, n_outputs=None):
    """Two clones of ``esn`` after one partial_fit on the first rows; the second one
    takes the general path of partial_fit on every call."""
    fast, general = clone(esn), clone(esn)
    general._row_fast_path = False
    for model in (fast, general):
        model.partial_fit(STREAM[:first], _targets(n_outputs)[:first])
    return fast, general


def _step_both(fast, general, t, y, return_predictions=True):
    """One one-row partial_fit call on both; their outputs."""
    return [model.partial_fit(STREAM[t:t + 1], y[t:t + 1],
                              return_predictions=return_predictions)
            for model in (fast, general)]


def _same(a, b, exact=True):
    """Assert ``a == b``, bit for bit or (not ``exact``) to 1e-12."""
    if exact:
        assert_array_equal(a, b)
    else:
        assert_allclose(a, b, rtol=1e-12, atol=1e-12 * max(1.0, np.abs(b).max()))


def _assert_same_stream(fast, general, exact=True):
    """Assert that two ESNs are at the same point of the same stream (the states bit
    for bit, the readout bit for bit or to 1e-12)."""
    def same(a, b):
        _same(a, b, exact)

    for name in ("state_", "last_input_", "n_steps_seen_") + (
            ("last_output_",) if fast.feedback else ()):
        assert_array_equal(getattr(fast, name), getattr(general, name))
    for a, b in zip(fast._target_range, general._target_range):
        assert_array_equal(a, b)
    readout, expected = fast.readout_, general.readout_
    assert readout.n_samples_seen_ == expected.n_samples_seen_
    same(readout.coef_, expected.coef_)
    same(readout.intercept_, expected.intercept_)
    if isinstance(readout, ForceReadout):
        same(readout.P_, expected.P_)


@pytest.mark.parametrize("readout", [
    ForceReadout(1e-2), ForceReadout(1e-2, forgetting_factor=0.98),
    ForceReadout(1e-2, fit_intercept=False), LMSReadout(1e-2)])
@pytest.mark.parametrize("include_input", [False, True])
@pytest.mark.parametrize("feedback", [False, True])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("n_outputs", [None, 2])
def test_one_row_partial_fit_equals_the_general_path(monkeypatch, readout, include_input,
                                                     feedback, dtype, n_outputs):
    """Check that one-row partial_fit calls, which take the fast path, give the
    predictions, states, weights and P of the general path, step after step: bit for
    bit with RLS (the same compiled arithmetic below 250 features), to 1e-12 with LMS
    (compiled here, BLAS products there); the states bit for bit."""
    esn = ESNRegressor(Reservoir(30, leak_rate=0.5, dtype=dtype, random_state=0), readout,
                       washout=0, include_input=include_input, feedback=feedback,
                       random_state=0)
    fast, general = _stream_pair(esn, n_outputs=n_outputs)
    if getattr(readout, "forgetting_factor", 1.0) == 1.0:
        # forgetting's penalty rows run on the general path (ForceReadout._row_kernel_args)
        _general_path_fails(monkeypatch, fast)
    y = _targets(n_outputs)
    exact = isinstance(readout, ForceReadout)
    for t in range(5, 160):
        with_predictions = t % 3 != 0
        result, expected = _step_both(fast, general, t, y, with_predictions)
        if with_predictions:
            assert result.shape == expected.shape == y[t:t + 1].shape
            _same(result, expected, exact)
        else:
            assert result is fast and expected is general
    _assert_same_stream(fast, general, exact)


STREAM_LABELS = {  # causal functions of the stream: three string classes, two integers
    "three strings": np.where(STREAM[:, 0] > 0.5, "high",
                              np.where(STREAM[:, 0] < -0.5, "low", "middle")),
    "two integers": (STREAM[:, 0] + STREAM[:, 1] > 0).astype(int),
}


def _classifier_pair(readout, labels, dtype="float64", washout=0, first=5):
    """An ESNClassifier and its clone that takes the general path of partial_fit, after
    one partial_fit on the first rows (the classes given); the labels, the classes."""
    esn = ESNClassifier(Reservoir(30, leak_rate=0.5, dtype=dtype, random_state=0), readout,
                        washout=washout)
    fast, general = clone(esn), clone(esn)
    general._row_fast_path = False
    y = STREAM_LABELS[labels]
    classes = np.unique(y)[::-1].tolist()
    for model in (fast, general):
        model.partial_fit(STREAM[:first], y[:first], classes=classes)
    return fast, general, y, classes


def _assert_same_classifier_stream(fast, general):
    """Assert that two ESNClassifiers are at the same point of the same stream, bit for bit."""
    for name in ("state_", "last_input_", "n_steps_seen_", "classes_"):
        assert_array_equal(getattr(fast, name), getattr(general, name))
    readout, expected = fast.readout_, general.readout_
    assert readout.n_samples_seen_ == expected.n_samples_seen_
    for name in ("coef_", "intercept_", "P_"):
        assert_array_equal(getattr(readout, name), getattr(expected, name))


@pytest.mark.parametrize("readout", [
    ForceReadoutClassifier(1e-2), ForceReadoutClassifier(1e-2, forgetting_factor=0.98),
    ForceReadoutClassifier(1e-2, fit_intercept=False)])
@pytest.mark.parametrize("labels", ["three strings", "two integers"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_one_row_classifier_partial_fit_equals_the_general_path(monkeypatch, readout, labels,
                                                                dtype):
    """Check that one-row ESNClassifier.partial_fit calls take the fast path (classes
    given again or not) and give the labels before each update, the states, the
    weights and P of the general path, bit for bit, step after step."""
    fast, general, y, classes = _classifier_pair(readout, labels, dtype)
    if readout.forgetting_factor == 1.0:  # forgetting: the general path (penalty rows)
        _general_path_fails(monkeypatch, fast)
    for t in range(5, 160):
        kwargs = {"return_predictions": t % 3 != 0, "classes": classes if t % 2 else None}
        result, expected = (model.partial_fit(STREAM[t:t + 1], y[t:t + 1], **kwargs)
                            for model in (fast, general))
        if kwargs["return_predictions"]:
            assert result.shape == (1,) and result.dtype == expected.dtype
            assert_array_equal(result, expected)
        else:
            assert result is fast and expected is general
    _assert_same_classifier_stream(fast, general)


def test_one_row_classifier_partial_fit_washout_errors_and_declines(monkeypatch):
    """Check the classifier's fast path against the general one through reset_state (the
    washout again: predictions without updates, on the fast path), an unknown label and other classes
    (the same errors, nothing changed), and rows it leaves to the general path (a
    label in a list, in an object array): the same results."""
    fast, general, y, classes = _classifier_pair(ForceReadoutClassifier(1e-2),
                                                 "three strings", washout=3, first=10)

    def step_both(t, label=None, **kwargs):
        label = y[t:t + 1] if label is None else label
        return [model.partial_fit(STREAM[t:t + 1], label, return_predictions=True, **kwargs)
                for model in (fast, general)]

    with monkeypatch.context() as patch:
        _general_path_fails(patch, fast)
        for t in range(10, 30):
            assert_array_equal(*step_both(t))
        for model in (fast, general):
            model.reset_state()
        for t in range(30, 40):  # three predictions without update, then updates
            assert_array_equal(*step_both(t))
    for label, kwargs, match in ((np.array(["other"]), {}, "not in classes"),
                                 (y[40:41], {"classes": ["low", "high"]}, "classes")):
        errors = []
        for model in (fast, general):
            before = (model.state_.copy(), model.readout_.coef_.copy(), model.n_steps_seen_)
            with pytest.raises(ValueError, match=match) as error:
                model.partial_fit(STREAM[40:41], label, **kwargs)
            errors.append(str(error.value))
            assert_array_equal(model.state_, before[0])
            assert_array_equal(model.readout_.coef_, before[1])
            assert model.n_steps_seen_ == before[2]
        assert errors[0] == errors[1]
    assert_array_equal(*step_both(40, list(y[40:41])))
    assert_array_equal(*step_both(41, y[41:42].astype(object)))
    for t in range(42, 60):
        assert_array_equal(*step_both(t))
    _assert_same_classifier_stream(fast, general)


def test_one_row_partial_fit_of_a_large_readout_agrees_to_rounding(monkeypatch):
    """Check that from 250 features on (the vectorised RLS row against BLAS), the fast
    path agrees with the general one to 1e-12."""
    esn = ESNRegressor(Reservoir(260, leak_rate=0.3, spectral_radius=1.25, random_state=0),
                       ForceReadout(1e-2), washout=0)
    fast, general = _stream_pair(esn)
    _general_path_fails(monkeypatch, fast)
    y = _targets(None)
    for t in range(5, 120):
        result, expected = _step_both(fast, general, t, y)
        assert_allclose(result, expected, rtol=1e-12, atol=1e-12)
    _assert_same_stream(fast, general, exact=False)


def test_one_row_partial_fit_washout_reset_and_changed_parameters(monkeypatch):
    """Check the fast path against the general one through a washout (no update yet, then
    the readout's first update), reset_state (the washout again, predictions only), and
    parameters of the fitted reservoir and readout changed mid-stream, which take effect
    as in the general path; and that a pickled stream continues the same."""
    esn = ESNRegressor(Reservoir(30, leak_rate=0.5, random_state=0),
                       ForceReadout(1e-2), washout=4)
    fast, general = _stream_pair(esn, first=2)
    y = _targets(None)
    for t in range(2, 6):  # in the washout, then the readout's first update
        assert_array_equal(*_step_both(fast, general, t, y))
    with monkeypatch.context() as patch:
        _general_path_fails(patch, fast)
        for t in range(6, 40):
            assert_array_equal(*_step_both(fast, general, t, y))
        for model in (fast, general):
            model.reset_state()
        for t in range(40, 60):  # four predictions without update, then updates
            assert_array_equal(*_step_both(fast, general, t, y))
        for model in (fast, general):
            model.reservoir_.set_params(leak_rate=0.2)
        for t in range(60, 75):
            assert_array_equal(*_step_both(fast, general, t, y))
    for model in (fast, general):  # forgetting: the general path, with its penalty rows
        model.readout_.set_params(forgetting_factor=0.95)
    for t in range(75, 90):
        assert_array_equal(*_step_both(fast, general, t, y))
    assert fast.readout_.n_samples_seen_ == 2 + 34 + 16 + 30
    for model in (fast, general):  # and back: the fast path again
        model.readout_.set_params(forgetting_factor=1.0)
    restored = pickle.loads(pickle.dumps(fast))
    _general_path_fails(monkeypatch, restored)
    for t in range(90, 120):
        assert_array_equal(*_step_both(restored, general, t, y))
    _assert_same_stream(restored, general)


def test_one_row_partial_fit_with_noise_equals_the_general_path(monkeypatch):
    """Check that a noisy reservoir (run by its run_batch on every call) gives the same
    stream on the fast path as on the general one."""
    esn = ESNRegressor(Reservoir(30, noise=1e-2, input_noise=1e-2, random_state=0),
                       LMSReadout(1e-2), washout=0)
    fast, general = _stream_pair(esn)
    _general_path_fails(monkeypatch, fast)
    y = _targets(None)
    for t in range(5, 60):
        _same(*_step_both(fast, general, t, y), exact=False)
    _assert_same_stream(fast, general, exact=False)


def _snapshot(esn):
    """Copies of the arrays that a partial_fit call changes."""
    return [np.copy(esn.state_), np.copy(esn.readout_.coef_), np.copy(esn.readout_.P_),
            esn.n_steps_seen_, esn.readout_.n_samples_seen_]


@pytest.mark.parametrize("change", [
    "NaN in X", "inf in y", "n_features", "n_outputs", "include_input",
    "washout=-1", "readout alpha=-1", "diverging reservoir"])
def test_one_row_partial_fit_errors_are_those_of_the_general_path(change):
    """Check that a bad one-row call raises what the general path raises, with the same
    message, and leaves the stream as it was."""
    from skreservoir.exceptions import DivergenceError

    activation = "identity" if change == "diverging reservoir" else "tanh"
    esn = ESNRegressor(Reservoir(20, activation=activation, spectral_radius=60.0,
                                 leak_rate=1.0, random_state=0), ForceReadout(1e-2),
                       washout=0)
    fast, general = _stream_pair(esn, first=2)
    y = _targets(None)
    for t in (2, 3):  # one-row calls: the fast path, then the stream's plan
        for model in (fast, general):
            model.partial_fit(STREAM[t:t + 1], y[t:t + 1])
    assert fast._row_plan is not None
    X_row, y_row = STREAM[10:11].copy(), y[10:11].copy()
    if change == "NaN in X":
        X_row[0, 0] = np.nan
    elif change == "inf in y":  # (a NaN target is a missing one, skipped)
        y_row[0] = np.inf
    elif change == "n_features":
        X_row = np.c_[X_row, X_row]
    elif change == "n_outputs":
        y_row = np.c_[y_row, y_row]
    errors = []
    for model in (fast, general):
        if change == "include_input":
            model.set_params(include_input=True)
        elif change == "washout=-1":
            model.set_params(washout=-1)
        elif change == "readout alpha=-1":
            model.readout_.set_params(alpha=-1.0)
        before = _snapshot(model)
        with pytest.raises((ValueError, DivergenceError)) as error:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the identity reservoir's large states
                for t in range(4, 200):  # the diverging reservoir fails after a few steps
                    model.partial_fit(X_row if change != "diverging reservoir"
                                      else STREAM[t:t + 1],
                                      y_row if change != "diverging reservoir"
                                      else y[t:t + 1])
                    before = _snapshot(model)
        for a, b in zip(_snapshot(model), before):
            assert_array_equal(a, b)
        errors.append((type(error.value), str(error.value), model.n_steps_seen_))
    assert errors[0] == errors[1]


@pytest.mark.parametrize("readout", [ForceReadout(1e-2), LMSReadout()])
def test_one_row_partial_fit_warns_of_large_states_as_the_general_path(monkeypatch, readout):
    """Check that one-row calls of an unbounded reservoir whose states grow past 1e10 warn
    (StateDivergenceWarning) on the same steps as the general path, the fast path's
    check of the state's norm included (and the LMS plan's, whose one compiled call
    leaves such a step to the plan's own path)."""
    from skreservoir.exceptions import StateDivergenceWarning

    esn = ESNRegressor(Reservoir(20, activation="identity", spectral_radius=1.5,
                                 leak_rate=1.0, random_state=0), readout, washout=0)
    fast, general = _stream_pair(esn, first=2)
    _general_path_fails(monkeypatch, fast)
    y = _targets(None)
    warned = {"fast": [], "general": []}
    for t in range(2, 90):
        for name, model in (("fast", fast), ("general", general)):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                model.partial_fit(STREAM[t:t + 1], y[t:t + 1])
            if any(issubclass(w.category, StateDivergenceWarning) for w in caught):
                warned[name].append(t)
    assert warned["fast"] == warned["general"]
    assert len(warned["fast"]) > 10 and warned["fast"][-1] == 89
    assert_array_equal(fast.state_, general.state_)


def test_one_row_partial_fit_without_compiled_kernels_takes_the_general_path(monkeypatch):
    """Check that with config compiled=False one-row calls take the general path (the
    reference), and give what the fast path gives."""
    esn = ESNRegressor(Reservoir(30, random_state=0), ForceReadout(1e-2), washout=0)
    fast, reference = _stream_pair(esn)
    reference._row_fast_path = True
    y = _targets(None)
    monkeypatch.setattr(reference.readout_, "_learn_row", None)
    for t in range(5, 40):
        result = fast.partial_fit(STREAM[t:t + 1], y[t:t + 1], return_predictions=True)
        with config_context(compiled=False):
            expected = reference.partial_fit(STREAM[t:t + 1], y[t:t + 1],
                                             return_predictions=True)
        assert_allclose(result, expected, rtol=1e-13, atol=1e-14)


def _each_change_seen(changes, models, steps):
    """Apply each change to both ``models``; the next call runs the fast path (the
    change is seen: a new plan), the ten after it are served by the plan."""
    for change in changes:
        for model in models:
            change(model)
        steps(1, served=False)
        steps(10)


def _plan_serves(monkeypatch):
    """Make the fast path's validation fail: only the stream's plan may serve a call."""
    import skreservoir.esn._regressor as regressor

    def fail(*args, **kwargs):
        raise AssertionError("a call that the plan should serve took the fast path")

    monkeypatch.setattr(regressor, "fast_series", fail)


@pytest.mark.parametrize("readout", [ForceReadout(1e-2), LMSReadout(1e-2)])
@pytest.mark.parametrize("feedback", [False, True])
def test_one_row_partial_fit_plan_serves_the_stream_and_sees_every_change(monkeypatch,
                                                                          readout, feedback):
    """Check that after one call of the fast path the stream's plan serves the next
    one-row calls (without the fast path's validation) with the general path's
    results, and that whatever it was made from, changed by hand between calls (a
    readout's parameter or weights assigned directly, the fitted reservoir's leak
    rate, the configuration, the input's dtype, reset_state; with output feedback,
    the fed-back output, the feedback weights, the noise's generator), takes effect as
    in the general path. With feedback the plan draws the teacher-forcing noise from
    the same generator in the same order (the states stay equal bit for bit)."""
    esn = ESNRegressor(Reservoir(30, leak_rate=0.5, random_state=0), readout, washout=0,
                       feedback=feedback, feedback_noise=0.01)
    fast, general = _stream_pair(esn)
    y = _targets(None)
    exact = isinstance(readout, ForceReadout)
    assert_array_equal(*_step_both(fast, general, 5, y))  # the fast path makes the plan
    assert fast._row_plan is not None
    t = 6

    def steps(n, served=True):
        nonlocal t
        with monkeypatch.context() as patch:
            if served:
                _plan_serves(patch)
            for _ in range(n):
                result, expected = _step_both(fast, general, t, y, t % 2 == 0)
                if t % 2 == 0:
                    _same(result, expected, exact)
                else:
                    assert result is fast and expected is general
                t += 1
        _assert_same_stream(fast, general, exact)

    steps(20)
    changes = [
        lambda m: setattr(m.readout_, "alpha" if exact else "learning_rate", 0.5e-2),
        lambda m: setattr(m.readout_, "coef_", m.readout_.coef_ * 0.5),
        lambda m: setattr(m.reservoir_, "leak_rate", 0.25),
        lambda m: setattr(m, "state_", m.state_ * 0.5),
        lambda m: m.reset_state(),
    ]
    if feedback:
        changes += [
            lambda m: setattr(m, "last_output_", m.last_output_ - 0.5),
            lambda m: setattr(m, "W_fb_", m.W_fb_ * 0.5),
            lambda m: m.W_fb_.__imul__(0.5),  # in place: the plan reads the same array
            lambda m: setattr(m, "_feedback_rng", np.random.default_rng(5)),
        ]
    _each_change_seen(changes, (fast, general), steps)
    with config_context(compiled=False):  # the general path (the reference) on both
        _same(*_step_both(fast, general, t, y), exact=False)
        t += 1
    _assert_same_stream(fast, general, exact=False)
    for model in (fast, general):  # float32 rows: not the plan's dtype
        model.partial_fit(STREAM[t:t + 1].astype(np.float32), y[t:t + 1])
    _assert_same_stream(fast, general, exact=False)


def test_one_row_classifier_partial_fit_plan_serves_the_stream_and_sees_changes(monkeypatch):
    """Check that ESNClassifier's one-row stream is served by its plan after the first
    call of the fast path (labels before each update, states, weights and P of the
    general path, bit for bit, with labels of other string lengths), that a change by
    hand (the readout's alpha, its weights, classes_, reset_state) takes
    effect as on the general path, and that a general-path call drops the plan."""
    import skreservoir.esn._classifier as classifier

    fast, general, y, classes = _classifier_pair(ForceReadoutClassifier(1e-2), "three strings")
    assert_array_equal(*(m.partial_fit(STREAM[5:6], y[5:6], return_predictions=True)
                         for m in (fast, general)))
    assert fast._row_plan is not None
    t = 6

    def steps(n, served=True):
        nonlocal t
        with monkeypatch.context() as patch:
            if served:  # the fast path's validation fails: only the plan may serve
                patch.setattr(classifier, "fast_series", _fail_validation)
            for _ in range(n):
                label = y[t:t + 1].astype(f"<U{len(y[t]) + t % 3}")  # other string lengths
                result, expected = (m.partial_fit(STREAM[t:t + 1], label,
                                                  return_predictions=t % 2 == 0)
                                    for m in (fast, general))
                if t % 2 == 0:
                    assert_array_equal(result, expected)
                else:
                    assert result is fast and expected is general
                t += 1
        _assert_same_classifier_stream(fast, general)

    steps(20)
    changes = [
        lambda m: setattr(m.readout_, "alpha", 0.5e-2),
        lambda m: setattr(m.readout_, "coef_", m.readout_.coef_ * 0.5),
        lambda m: setattr(m, "classes_", m.classes_.copy()),
        lambda m: m.reset_state(),
    ]
    _each_change_seen(changes, (fast, general), steps)
    for model in (fast, general):  # the general path (several rows) drops the plan
        model.partial_fit(STREAM[t:t + 5], y[t:t + 5])
    assert "_row_plan" not in vars(fast)
    t += 5
    steps(1, served=False)
    steps(5)


def _fail_validation(*args, **kwargs):
    raise AssertionError("a call that the plan should serve took the fast path")


@pytest.mark.parametrize("readout", [ForceReadout(1e-2), LMSReadout(1e-2)])
@pytest.mark.parametrize("served_by", ["plan", "fast path"])
def test_one_row_declined_update_with_feedback_draws_the_noise_once(readout, served_by):
    """Check that a row the readout declines to learn in place (a target of 1e160,
    whose update might not stay finite) leaves a stream with output feedback where the
    general path leaves it: the declining step's teacher-forcing noise is drawn once
    (the plan or the fast path puts the generator back before the general path draws
    it), so that the states, the fed-back output and the noise stream stay equal."""
    esn = ESNRegressor(Reservoir(30, leak_rate=0.5, random_state=0), readout, washout=0,
                       feedback=True, feedback_noise=0.01)
    fast, general = _stream_pair(esn)
    y = _targets(None).copy()
    y[12] = 1e160
    # LMS: the weights of the row kernel and of lms_update agree to rounding (RLS bit for
    # bit below 250 features), and so do the predictions made with them
    exact = isinstance(readout, ForceReadout)
    for t in range(5, 20):
        if served_by == "fast path":
            fast.__dict__.pop("_row_plan", None)
        _same(*_step_both(fast, general, t, y), exact=exact)
    _assert_same_stream(fast, general, exact=False)
    assert_array_equal(fast._feedback_rng.standard_normal(3),
                       general._feedback_rng.standard_normal(3))


@pytest.mark.parametrize("readout", [ForceReadout(1e-2), LMSReadout(1e-2)])
@pytest.mark.parametrize("n_outputs", [None, 2])
def test_one_row_plan_skips_missing_targets_as_the_general_path(monkeypatch, readout,
                                                                n_outputs):
    """Check that a stream of one-row calls with sparse labels (NaN targets on most rows)
    is served by the plan, which moves the state through a NaN row and learns nothing
    from it, with the general path's predictions, states and weights; an inf target is
    still refused by the general path."""
    esn = ESNRegressor(Reservoir(30, leak_rate=0.5, random_state=0), readout, washout=0)
    fast, general = _stream_pair(esn, n_outputs=n_outputs)
    y = _targets(n_outputs).copy()
    y[np.arange(len(y)) % 4 != 0] = np.nan
    exact = isinstance(readout, ForceReadout)
    for t in range(5, 9):  # the fast path makes the plan on a labelled row
        _same(*_step_both(fast, general, t, y), exact)
    with monkeypatch.context() as patch:
        _plan_serves(patch)
        for t in range(9, 120):
            result, expected = _step_both(fast, general, t, y, t % 2 == 0)
            if t % 2 == 0:
                _same(result, expected, exact)
    _assert_same_stream(fast, general, exact)
    bad = y[120:121].copy()
    bad[0] = np.inf
    for model in (fast, general):
        with pytest.raises(ValueError, match="infinity"):
            model.partial_fit(STREAM[120:121], bad)


def test_one_row_partial_fit_plan_is_dropped_by_fit():
    """Check that fit, and a partial_fit call that takes the general path, drop a stream's
    plan (which holds the previous fitted reservoir, the readout's previous P) and that
    a new stream after fit makes its own."""
    esn = ESNRegressor(Reservoir(30, random_state=0), LMSReadout(1e-2), washout=0)
    esn.partial_fit(STREAM[:5], STREAM_TARGETS[:5, 0])
    for t in range(5, 8):
        esn.partial_fit(STREAM[t:t + 1], STREAM_TARGETS[t:t + 1, 0])
    assert esn._row_plan is not None and esn._row_plan.reservoir is esn.reservoir_
    esn.partial_fit(STREAM[8:20], STREAM_TARGETS[8:20, 0])  # the general path: no plan kept
    assert "_row_plan" not in vars(esn)
    esn.partial_fit(STREAM[20:21], STREAM_TARGETS[20:21, 0])
    assert esn._row_plan is not None
    esn.fit(STREAM[:50], STREAM_TARGETS[:50, 0])
    assert "_row_plan" not in vars(esn)
    for t in range(50, 53):
        esn.partial_fit(STREAM[t:t + 1], STREAM_TARGETS[t:t + 1, 0])
    assert esn._row_plan.reservoir is esn.reservoir_


def test_one_row_partial_fit_plan_sees_a_washout_set_by_hand():
    """Check that ``washout_`` raised by hand mid-stream holds back the readout's updates
    on the stream's plan as on the general path."""
    esn = ESNRegressor(Reservoir(30, random_state=0), LMSReadout(1e-2), washout=0)
    fast, general = _stream_pair(esn)
    y = _targets(None)
    for t in range(5, 10):
        _step_both(fast, general, t, y)
    assert fast._row_plan is not None
    for model in (fast, general):
        model.washout_ = model.n_steps_seen_ + 5
    for t in range(10, 30):
        _same(*_step_both(fast, general, t, y), exact=False)
    assert fast.readout_.n_samples_seen_ == general.readout_.n_samples_seen_ == 5 + 5 + 15
    _assert_same_stream(fast, general, exact=False)


class _FrozenForceReadout(ForceReadout):
    """A FORCE readout that stops learning after its first call."""

    def partial_fit(self, X, y, sample_weight=None):
        if not hasattr(self, "coef_"):
            return super().partial_fit(X, y, sample_weight=sample_weight)
        self.n_samples_seen_ += X.shape[0]
        return self

    def _row_update(self, x, coef, intercept, y):
        return coef.copy(), None if intercept is None else intercept.copy()


class _HalfTargetLMSReadout(LMSReadout):
    """An LMS readout that learns half the targets, in its own partial_fit only."""

    def partial_fit(self, X, y, sample_weight=None):
        return super().partial_fit(X, np.asarray(y) * 0.5, sample_weight=sample_weight)


class _DoubledForceReadout(ForceReadout):
    """A FORCE readout whose own predict doubles the outputs."""

    def predict(self, X):
        return 2.0 * np.asarray(super().predict(X))


class _SquaredStatesESN(ESNRegressor):
    """An ESN whose readout sees the states and their squares."""

    def _features(self, Xs, initial_states=None, extra_drive=None, run=None):
        outputs, final_states = super()._features(Xs, initial_states, extra_drive, run)
        return [np.concatenate([s, s**2], axis=1) for s in outputs], final_states


@pytest.mark.parametrize("esn", [
    ESNRegressor(Reservoir(30, random_state=0), _FrozenForceReadout(1e-2), washout=0),
    ESNRegressor(Reservoir(30, random_state=0), _HalfTargetLMSReadout(1e-2), washout=0),
    ESNRegressor(Reservoir(30, random_state=0), _DoubledForceReadout(1e-2), washout=0),
    _SquaredStatesESN(Reservoir(30, random_state=0), LMSReadout(1e-2), washout=0)])
def test_one_row_partial_fit_of_subclasses_equals_the_general_path(esn):
    """Check that a readout subclass's own row update, partial_fit or predict and an ESN
    subclass's own features are used by every one-row call, as by the general path (the
    fast path and the stream's plan, which run the library's, are not taken for them)."""
    fast, general = _stream_pair(esn)
    y = _targets(None)
    for t in range(5, 30):
        _same(*_step_both(fast, general, t, y), exact=False)
    _assert_same_stream(fast, general, exact=False)


def _outcome(model, call):
    """What ``call(model)`` gives: its result (the model itself as "self") or its error,
    and the warnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = call(model)
        except (ValueError, AttributeError) as error:
            result = (type(error), str(error))
    return ("self" if result is model else result,
            [(w.category, str(w.message)) for w in caught])


@pytest.mark.parametrize("change", [
    lambda m: setattr(m, "n_features_in_", 3),
    lambda m: setattr(m, "feature_names_in_", np.array(["a", "b"], dtype=object)),
    lambda m: setattr(m.readout_, "n_features_in_", m.readout_.n_features_in_ + 1),
    lambda m: setattr(m.readout_, "feature_names_in_",
                      np.array(["f"] * m.readout_.n_features_in_, dtype=object)),
])
@pytest.mark.parametrize("classifier", [False, True])
def test_one_row_plan_sees_the_fitted_attributes_the_fast_path_checks(change, classifier):
    """Check that a one-row stream's plan sees a change by hand of what the fast path
    checks on every call (n_features_in_ and feature_names_in_ of the estimator and of
    the readout, an ESNClassifier's mode_): the next call raises or warns as on the
    general path, instead of the plan serving it."""
    if classifier:
        fast, general, y, _ = _classifier_pair(ForceReadoutClassifier(1e-2), "two integers")
    else:
        fast, general = _stream_pair(ESNRegressor(_reservoir(), ForceReadout()))
        y = _targets(None)
    for t in range(5, 15):
        _step_both(fast, general, t, y, return_predictions=False)
    assert fast.__dict__.get("_row_plan") is not None
    for model in (fast, general):
        change(model)
    assert _outcome(fast, lambda m: m.partial_fit(STREAM[15:16], y[15:16])) == _outcome(
        general, lambda m: m.partial_fit(STREAM[15:16], y[15:16]))


@pytest.mark.parametrize("change", [lambda m: setattr(m, "mode_", "sequence"),
                                    lambda m: m.__dict__.pop("mode_")])
def test_one_row_classifier_plan_sees_its_mode(change):
    """Check that an ESNClassifier's one-row plan sees mode_ replaced or removed by hand
    (the fast path checks it on every call): the general path's error."""
    test_one_row_plan_sees_the_fitted_attributes_the_fast_path_checks(change, True)


def test_classifier_one_row_partial_fit_fast_path_equals_the_general_path():
    """Check that one-row ESNClassifier.partial_fit calls with integer labels (validated
    directly, as the regressor's rows are: 1.38 -> 0.90 ms a call) train the readout the
    general validation does (labels given as lists take it)."""
    from skreservoir import ESNClassifier, Reservoir

    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 2))
    labels = (X[:, 0] + 0.3 * X[:, 1] > 0).astype(int) + (X[:, 1] > 1)
    fast = ESNClassifier(Reservoir(n_units=20, random_state=0))
    general = ESNClassifier(Reservoir(n_units=20, random_state=0))
    for k in range(len(X)):
        fast.partial_fit(X[k:k + 1], labels[k:k + 1], classes=[0, 1, 2])
        general.partial_fit(X[k:k + 1], labels[k:k + 1].tolist(), classes=[0, 1, 2])
    np.testing.assert_array_equal(fast.readout_.coef_, general.readout_.coef_)
    np.testing.assert_array_equal(fast.predict(X), general.predict(X))
    with pytest.raises(ValueError, match=r"labels \[7\] that are not in classes"):
        fast.partial_fit(X[:1], np.array([7]))


def test_predict_before_any_step_after_the_washout_names_the_washout():
    """Check that a stream whose partial_fit calls all fell within the washout gets a
    NotFittedError naming the washout and the fix at predict, score and generate, and
    that the next call past the washout trains the readout."""
    from sklearn.exceptions import NotFittedError

    from skreservoir import ESNRegressor, Reservoir

    X = np.sin(0.1 * np.arange(300))[:, None]
    y = np.roll(X, -1, axis=0)
    esn = ESNRegressor(Reservoir(n_units=30, random_state=0), washout=50)
    esn.partial_fit(X[:10], y[:10])
    message = (r"has not trained its readout yet: the 10 time step\(s\) given to partial_fit "
               r"so far all fall within the washout \(the first 50 steps.*pass a smaller "
               r"washout")
    for call in (lambda: esn.predict(X), lambda: esn.score(X, y), lambda: esn.generate(5)):
        with pytest.raises(NotFittedError, match=message):
            call()
    esn.partial_fit(X[10:200], y[10:200])
    assert esn.score(X[200:], y[200:], initial_state="rest") > 0.9


def test_a_stream_washout_past_a_quarter_does_not_empty_a_later_panel():
    """Check that a washout measured on a stream's first chunk beyond a quarter of it
    leaves rows to train in a later panel of shorter series (a quarter of those, as the
    length check counts), and that a first call with a panel of one series keeps fit's
    quarter."""
    from skreservoir import ESNRegressor, ForceReadout, Reservoir

    X = np.sin(0.05 * np.arange(900))[:, None]
    y = np.roll(X, -1, axis=0)
    esn = ESNRegressor(Reservoir(n_units=50, leak_rate=0.3, spectral_radius=1.25,
                                 random_state=0), ForceReadout())
    esn.partial_fit(X[:500], y[:500])
    assert esn.washout_ > 125  # beyond a quarter of the chunk
    seen = esn.readout_.n_samples_seen_
    esn.partial_fit(np.stack([X[500:700], X[700:900]]), np.stack([y[500:700], y[700:900]]))
    assert esn.readout_.n_samples_seen_ == seen + 2 * (200 - 50)
    panel = ESNRegressor(Reservoir(n_units=50, leak_rate=0.3, spectral_radius=1.25,
                                   random_state=0), ForceReadout())
    panel.partial_fit(X[None, :500], y[None, :500])
    assert panel.washout_ <= 125


@pytest.mark.parametrize("n_units", [30, 300])  # the exact and the reassociated LMS kernels
@pytest.mark.parametrize("include_input", [False, True])
def test_one_row_lms_plan_runs_the_step_in_one_call_as_the_general_path(monkeypatch, n_units,
                                                                        include_input):
    """Check that an LMS stream's plan runs each step in one compiled call (the reservoir's
    step, the prediction and the update: ``fused``) and that the stream stays that of the
    general path (to rounding), through a missing target (the plan's other branch)."""
    from skreservoir.esn._row_plan import RowPlan

    esn = ESNRegressor(Reservoir(n_units, leak_rate=0.5, random_state=0), LMSReadout(1e-2),
                       washout=0, include_input=include_input)
    fast, general = _stream_pair(esn)
    y = _targets(None).copy()
    y[40] = np.nan  # skipped: the state moves on
    fused = []  # the steps the one compiled call served
    step = RowPlan._fused_step

    def counted(plan, *args):
        result = step(plan, *args)
        fused.append(result is not None)
        return result

    monkeypatch.setattr(RowPlan, "_fused_step", counted)
    for t in range(5, 100):
        _same(*_step_both(fast, general, t, y), exact=False)
        assert_allclose(fast.state_, general.state_, rtol=1e-12, atol=1e-12)
    _assert_same_stream(fast, general, exact=False)
    # every call but the first (which makes the plan) and the missing target's
    assert fused == [True] * 93


def test_a_stream_keeps_the_outputs_of_its_first_call_through_the_washout():
    """Check that partial_fit refuses targets with other columns than the stream's first
    call also where that call fell in the washout (no row trained, so the readout did
    not check): predict then reshaped one output's weights to two, or flattened two
    outputs into one, silently."""
    s = np.sin(0.1 * np.arange(201))
    X, y = s[:-1, None], s[1:]
    for first, then in ((np.c_[y[:10], -y[:10]], y[10:100]),
                        (y[:10], np.c_[y[10:100], y[10:100]])):
        model = ESNRegressor(Reservoir(n_units=20, random_state=0), ForceReadout(), washout=10)
        model.partial_fit(X[:10], first)
        with pytest.raises(ValueError, match=r"y passed to partial_fit has \d output\(s\) per "
                           r"time step, but the stream started with \d \(the first call's y\)"):
            model.partial_fit(X[10:100], then)
    model = ESNRegressor(Reservoir(n_units=20, random_state=0), ForceReadout(), washout=10)
    model.partial_fit(X[:10], np.c_[y[:10], -y[:10]]).partial_fit(
        X[10:100], np.c_[y[10:100], -y[10:100]])
    assert model.predict(X[100:102], initial_state="continue").shape == (2, 2)


def test_partial_fit_takes_sample_weight_as_fit_does():
    """ESNRegressor.partial_fit(sample_weight=...): the weights reach the readout's
    partial_fit without the washout rows (RidgeReadout: the weighted solve of fit);
    a weight of 0 is a row left out, as a missing target is (RLS, with and without
    return_predictions, and with the model's own output fed back)."""
    from skreservoir import ForceReadout

    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 1))
    y = np.roll(X[:, 0], 1) + 0.1 * rng.normal(size=300)
    w = rng.uniform(0.5, 2.0, 300)
    esn = ESNRegressor(Reservoir(30, random_state=0), washout=20).partial_fit(
        X, y, sample_weight=w)
    states = esn.reservoir_.transform(X)[20:]
    direct = RidgeReadout().fit(states, y[20:], sample_weight=w[20:])
    assert_allclose(esn.readout_.coef_, direct.coef_, rtol=1e-8, atol=1e-10)

    zero = w.copy()
    zero[100:150] = 0.0
    gaps = y.copy()
    gaps[100:150] = np.nan
    for extra in ({}, {"return_predictions": True}):
        weighted = ESNRegressor(Reservoir(30, random_state=0), ForceReadout(), washout=20)
        missing = ESNRegressor(Reservoir(30, random_state=0), ForceReadout(), washout=20)
        weighted.partial_fit(X, y, sample_weight=(zero > 0).astype(float), **extra)
        missing.partial_fit(X, gaps, **extra)
        assert_allclose(weighted.readout_.coef_, missing.readout_.coef_, rtol=1e-10)
    own = dict(feedback=True, partial_fit_feedback="output", washout=20)
    ones = ESNRegressor(Reservoir(30, random_state=0), ForceReadout(), **own).partial_fit(
        X, y, sample_weight=np.ones(300))
    plain = ESNRegressor(Reservoir(30, random_state=0), ForceReadout(), **own).partial_fit(X, y)
    assert_allclose(ones.readout_.coef_, plain.readout_.coef_, rtol=1e-8, atol=1e-12)
    with pytest.raises(ValueError, match=r"structure of X: shape \(300,\), got shape \(299,\)"):
        ESNRegressor(Reservoir(30, random_state=0), washout=20).partial_fit(
            X, y, sample_weight=w[:-1])


def test_classifier_partial_fit_takes_sample_weight():
    """ESNClassifier.partial_fit(sample_weight=...): the weights reach the readout's
    partial_fit without the washout rows (the weighted solve of a ridge readout's fit),
    also with return_predictions (row by row)."""
    from skreservoir import ESNClassifier, RidgeReadoutClassifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 1))
    labels = (np.roll(X[:, 0], 2) > 0).astype(int)
    w = rng.uniform(0.5, 2.0, 300)
    for extra in ({}, {"return_predictions": True}):
        clf = ESNClassifier(Reservoir(30, random_state=0), washout=20)
        clf.partial_fit(X, labels, classes=[0, 1], sample_weight=w, **extra)
        states = clf.reservoir_.transform(X)[20:]
        direct = RidgeReadoutClassifier().fit(states, labels[20:], sample_weight=w[20:])
        assert_allclose(clf.readout_.coef_, direct.coef_, rtol=1e-6, atol=1e-9)
