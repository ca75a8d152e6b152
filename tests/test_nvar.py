"""Tests of the NVAR transformer and of NVAR as the reservoir of an ESN."""

import pickle
from itertools import combinations_with_replacement
from math import comb

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.linear_model import Ridge

from skreservoir import ESNRegressor, RidgeReadout
from skreservoir.nvar import NVAR


def reference_features(X, delay, order, stride, include_constant=True,
                       include_linear=True, include_lower_orders=True):
    """The NVAR features written out one time step at a time."""
    n_timesteps = X.shape[0]
    first = (delay - 1) * stride
    rows = []
    for t in range(n_timesteps):
        if t < first:
            rows.append(None)
            continue
        L = np.concatenate([X[t - j * stride] for j in range(delay)])
        row = [1.0] if include_constant else []
        if include_linear:
            row.extend(L)
        for p in range(2 if include_lower_orders else order, order + 1):
            if p < 2:
                continue
            for combo in combinations_with_replacement(range(len(L)), p):
                product = 1.0
                for i in combo:
                    product *= L[i]
                row.append(product)
        rows.append(row)
    n_out = len(rows[-1]) if rows[-1] is not None else 0
    return np.array([r if r is not None else [0.0] * n_out for r in rows])


def feature_count(n_features, delay, order, include_constant=True,
                  include_linear=True, include_lower_orders=True):
    """1 + D + sum_{p=2..order} C(D + p - 1, p), with D = n_features * delay."""
    D = n_features * delay
    lowest = 2 if include_lower_orders else max(order, 2)
    return (int(include_constant) + D * int(include_linear)
            + sum(comb(D + p - 1, p) for p in range(lowest, order + 1)))


@pytest.fixture
def series():
    return np.random.default_rng(0).uniform(-1, 1, size=(40, 3))


@pytest.mark.parametrize("delay, stride", [(1, 1), (2, 1), (3, 2), (2, 5)])
@pytest.mark.parametrize("order", [1, 2, 3])
@pytest.mark.parametrize("flags", [
    {},
    {"include_constant": False},
    {"include_linear": False},
    {"include_lower_orders": False},
    {"include_constant": False, "include_lower_orders": False},
])
def test_features_equal_written_out_loop(series, delay, stride, order, flags):
    """Check that transform equals the features written out step by step."""
    if order == 1 and flags.get("include_linear") is False:
        flags = {**flags, "include_constant": True}
    nvar = NVAR(delay, order, stride, **flags).fit(series)
    expected = reference_features(series, delay, order, stride, **flags)
    assert_allclose(nvar.transform(series), expected, rtol=1e-13, atol=1e-15)


def test_small_case_by_hand():
    """Check the features of a short univariate series against values worked out by hand."""
    X = np.array([[1.0], [2.0], [3.0], [4.0], [5.0]])
    nvar = NVAR(delay=2, order=2, stride=2).fit(X)
    # rows t = 2, 3, 4: [1, u(t), u(t-2), u(t)^2, u(t) u(t-2), u(t-2)^2]
    expected = np.array([
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [1, 3, 1, 9, 3, 1],
        [1, 4, 2, 16, 8, 4],
        [1, 5, 3, 25, 15, 9],
    ], dtype=float)
    assert_array_equal(nvar.transform(X), expected)
    assert nvar.get_feature_names_out().tolist() == [
        "1", "x0(t)", "x0(t-2)", "x0(t)^2", "x0(t)*x0(t-2)", "x0(t-2)^2"]


@pytest.mark.parametrize("n_features, delay, order", [(1, 1, 1), (3, 2, 2), (2, 3, 3), (3, 2, 4)])
@pytest.mark.parametrize("flags", [
    {}, {"include_constant": False}, {"include_linear": False},
    {"include_lower_orders": False},
])
def test_feature_count_formula(n_features, delay, order, flags):
    """Check n_features_out_ against 1 + D + sum_p C(D+p-1, p) and the monomials' degrees."""
    if order == 1 and flags.get("include_linear") is False:
        return  # only the constant: covered by the other cases
    X = np.random.default_rng(1).normal(size=(12, n_features))
    nvar = NVAR(delay, order, **flags).fit(X)
    n_out = feature_count(n_features, delay, order, **flags)
    assert nvar.n_features_out_ == n_out
    assert nvar.transform(X).shape == (12, n_out)
    assert nvar.get_feature_names_out().shape == (n_out,)
    assert nvar.powers_.shape == (n_out, n_features * delay)
    assert len({tuple(p) for p in nvar.powers_}) == n_out  # no monomial twice
    degrees = nvar.powers_.sum(axis=1)
    assert np.all(np.diff(degrees) >= 0)  # constant, linear, then rising degrees
    if not flags.get("include_lower_orders", True) and order >= 2:
        assert set(degrees) <= {0, 1, order}


def test_paper_feature_counts():
    """Check the feature counts of the paper's three NG-RC models."""
    lorenz = NVAR(2, 2).fit(np.zeros((3, 3)))
    infer_z = NVAR(4, 2, 5).fit(np.zeros((16, 2)))
    scroll = NVAR(2, 3, include_constant=False, include_lower_orders=False).fit(np.zeros((3, 3)))
    assert (lorenz.n_features_out_, infer_z.n_features_out_, scroll.n_features_out_) == (28, 45, 62)
    assert (lorenz.n_warmup_, infer_z.n_warmup_, scroll.n_warmup_) == (1, 15, 1)


def test_feature_names(series):
    """Check names with the default x{i}, given input_features and DataFrame columns."""
    nvar = NVAR(delay=2, order=2, stride=3).fit(series)
    names = nvar.get_feature_names_out()
    assert names.dtype == object
    assert names[:7].tolist() == ["1", "x0(t)", "x1(t)", "x2(t)", "x0(t-3)", "x1(t-3)", "x2(t-3)"]
    assert "x2(t)*x0(t-3)" in names and "x1(t-3)^2" in names
    assert len(set(names)) == nvar.n_features_out_

    custom = nvar.get_feature_names_out(["a", "b", "c"])
    assert custom[1] == "a(t)" and custom[-1] == "c(t-3)^2"
    with pytest.raises(ValueError, match="input_features should have length"):
        nvar.get_feature_names_out(["a", "b"])

    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(series, columns=["u", "v", "w"])
    nvar = NVAR(delay=1, order=3).fit(frame)
    names = nvar.get_feature_names_out()
    assert names[1] == "u(t)" and "u(t)^2*w(t)" in names
    with pytest.raises(ValueError, match="not equal to feature_names_in_"):
        nvar.get_feature_names_out(["a", "b", "c"])
    out = NVAR(delay=2).set_output(transform="pandas").fit_transform(frame)
    assert list(out.columns) == list(NVAR(delay=2).fit(frame).get_feature_names_out())


def test_warmup_rows_are_zero_and_row_count_kept(series):
    """Check that the n_warmup_ first rows are zeros, the next not, and no row is dropped."""
    nvar = NVAR(delay=3, order=2, stride=4).fit(series)
    assert nvar.n_warmup_ == 8
    out = nvar.transform(series)
    assert out.shape[0] == series.shape[0]
    assert_array_equal(out[:8], 0.0)
    assert np.all(out[8:, 0] == 1.0)
    short = nvar.transform(series[:5])  # no complete window at all
    assert_array_equal(short, np.zeros((5, nvar.n_features_out_)))


def test_panel_series_do_not_leak(series):
    """Check that a panel equals each series alone: no series reads another's past.

    ReservoirPy 0.4.2's NVAR keeps its delay buffer from one series to the
    next, so the first rows of a series there depend on the previous one.
    """
    rng = np.random.default_rng(2)
    panel = [rng.normal(size=(n, 3)) for n in (30, 4, 1, 17)]
    nvar = NVAR(delay=3, order=2, stride=2).fit(series)
    out = nvar.transform(panel)
    assert isinstance(out, list)
    for x, o in zip(panel, out):
        assert_array_equal(o, nvar.transform(x))
        assert_array_equal(o[:4], 0.0)

    cube = rng.normal(size=(5, 20, 3))
    out = nvar.transform(cube)
    assert out.shape == (5, 20, nvar.n_features_out_)
    for x, o in zip(cube, out):
        assert_array_equal(o, nvar.transform(x))


def test_float32_is_preserved(series):
    """Check that float32 input gives float32 features, close to the float64 ones."""
    nvar = NVAR(delay=2, order=3).fit(series)
    out32 = nvar.transform(series.astype(np.float32))
    assert out32.dtype == np.float32
    assert_allclose(out32, nvar.transform(series), rtol=1e-5, atol=1e-6)
    assert nvar.transform([series.astype(np.float32)])[0].dtype == np.float32


@pytest.mark.parametrize("name", ["delay", "order", "stride"])
@pytest.mark.parametrize("value", [0, -1, 1.5])
def test_bad_parameters_name_the_parameter(series, name, value):
    """Check that delay, order or stride below 1 (or not an int) is refused by name."""
    with pytest.raises(ValueError, match=f"'{name}' parameter"):
        NVAR(**{name: value}).fit(series)


def test_no_features_is_refused(series):
    """Check that switching every part off raises an error that says what to do."""
    with pytest.raises(ValueError, match="has no features"):
        NVAR(order=1, include_constant=False, include_linear=False).fit(series)


def test_impossible_feature_count_is_refused_at_once(monkeypatch):
    """Check that an NVAR whose set-up needs more than the machine's memory raises a
    MemoryError naming delay, order and the feature count before building anything
    (NVAR(delay=200, order=3) on 5 features built index tuples for minutes, then
    exhausted the machine). The machine is made small here: 1 MiB."""
    import skreservoir.nvar

    X = np.random.default_rng(0).normal(size=(30, 5))
    monkeypatch.setattr(skreservoir.nvar, "physical_memory", lambda: 2**20)
    # 50 linear terms: 1 + 50 + 1,275 + 22,100 columns, about 9 MiB of powers_
    message = r"NVAR\(delay=10, order=3\) on 5 input feature\(s\) has 23,426 output features"
    with pytest.raises(MemoryError, match=message + ".*Lower delay"):
        NVAR(delay=10, order=3).fit(X)
    # a set-up that fits is unaffected: 1 + 4 + 10 columns
    assert NVAR(delay=2, order=2).fit(X[:, :2]).n_features_out_ == 15


def test_feature_count_above_the_limit_is_refused_by_counting():
    """Check that NVAR counts its monomials before building them and refuses a
    set-up above MAX_MONOMIALS by name, the same through the composites and
    NVARForecaster (NVAR(delay=5, order=20) on 2 features built 30 million
    monomials in Python for minutes, below the memory guard)."""
    import time

    from skreservoir.nvar import MAX_MONOMIALS

    X = np.random.default_rng(0).normal(size=(80, 2))
    n_monomials = sum(comb(10 + p - 1, p) for p in range(2, 21))
    assert n_monomials > MAX_MONOMIALS
    message = (rf"NVAR\(delay=5, order=20\) on 2 input feature\(s\) computes "
               rf"{n_monomials:,} monomials per time step.*Lower delay or order")
    start = time.perf_counter()
    with pytest.raises(ValueError, match=message):
        NVAR(delay=5, order=20).fit(X)
    with pytest.raises(ValueError, match=message):
        ESNRegressor(NVAR(delay=5, order=20)).fit(X[:-1], X[1:])
    assert time.perf_counter() - start < 5  # counted, not built
    pytest.importorskip("sktime", reason='NVARForecaster needs sktime, an optional extra '
                        '(pip install "skreservoir[sktime]")')
    from skreservoir.forecasting import NVARForecaster

    with pytest.raises(ValueError, match=r"NVAR\(delay=10, order=20\) on 1 input "
                       r"feature\(s\) computes [\d,]+ monomials per time step"):
        NVARForecaster(delay=10, order=20, difference=False).fit(X[:, 0])


def test_monomial_plan_matches_combinations_with_replacement():
    """Check that the array-built plan gives the monomials of
    itertools.combinations_with_replacement, in its order, one product each."""

    from skreservoir.nvar import monomial_plan, monomial_powers

    for n_linear, order in [(1, 4), (3, 3), (5, 4)]:
        plan = monomial_plan(n_linear, order)
        powers = monomial_powers(plan, n_linear, range(2, order + 1))
        for degree, rows in enumerate(powers, start=2):
            expected = np.zeros_like(rows)
            for row, c in enumerate(combinations_with_replacement(range(n_linear), degree)):
                np.add.at(expected[row], list(c), 1)
            assert np.array_equal(rows, expected)




def test_wrong_number_of_features_and_not_fitted(series):
    """Check the errors of transform before fit and with other features."""
    with pytest.raises(Exception, match="not fitted"):
        NVAR().transform(series)
    nvar = NVAR().fit(series)
    with pytest.raises(ValueError, match="X has 2 features, but NVAR is expecting 3"):
        nvar.transform(series[:, :2])


@pytest.mark.parametrize("delay, stride", [(1, 1), (2, 1), (3, 2)])
@pytest.mark.parametrize("cut", [0, 1, 3, 25])
def test_transform_continues_from_past_inputs(series, delay, stride, cut):
    """Check that transform from the inputs before X gives the rows of one run."""
    nvar = NVAR(delay=delay, order=2, stride=stride).fit(series)
    whole = nvar.transform(series)
    assert_allclose(nvar.transform(series[cut:], initial_state=series[:cut]),
                    whole[cut:], rtol=1e-13, atol=1e-15)
    _, final_states = nvar.run_batch([series[:cut]])  # the internal state, as a 1D array
    assert_allclose(nvar.transform(series[cut:], initial_state=final_states[0]),
                    whole[cut:], rtol=1e-13, atol=1e-15)
    panel = nvar.transform([series[cut:], series[cut:]], initial_state=series[:cut])
    for features in panel:
        assert_allclose(features, whole[cut:], rtol=1e-13, atol=1e-15)


def test_transform_initial_state_errors(series):
    """Check that a wrong initial_state names the past inputs as the way to continue."""
    nvar = NVAR(delay=2).fit(series)
    with pytest.raises(ValueError, match=r"shape \(n_past, 3\).*got \(40, 2\)"):
        nvar.transform(series, initial_state=series[:, :2])
    with pytest.raises(ValueError, match="initial_state=X_before"):
        nvar.transform(series, initial_state="fit")
    with pytest.raises(ValueError, match="NaN"):
        nvar.transform(series, initial_state=np.full((2, 3), np.nan))


@pytest.mark.parametrize("delay, order, stride", [(2, 2, 1), (3, 3, 2), (1, 2, 1)])
def test_matches_reservoirpy(series, delay, order, stride):
    """Check the features equal ReservoirPy 0.4.2's NVAR after the warm-up.

    ReservoirPy's NVAR has no constant and only the monomials of degree
    ``order``: ours with include_constant=False, include_lower_orders=False.
    Both order the linear terms [u(t), u(t-s), ...] and the monomials as
    combinations_with_replacement over them, so the columns match one to one.
    ReservoirPy computes its warm-up rows from a zero-filled buffer, ours are
    zeros: the comparison starts at n_warmup_.
    """
    rpy_nodes = pytest.importorskip(
        "reservoirpy.nodes", reason="the reference ReservoirPy 0.4.2 is a test-only comparison "
        "(pip install reservoirpy==0.4.2)")
    ours = NVAR(delay, order, stride, include_constant=False,
                include_lower_orders=False).fit(series)
    theirs = rpy_nodes.NVAR(delay=delay, order=order, strides=stride).run(series)
    assert theirs.shape == (series.shape[0], ours.n_features_out_)
    start = ours.n_warmup_
    assert_allclose(ours.transform(series)[start:], theirs[start:], rtol=1e-12, atol=1e-14)


def test_clone_and_pickle(series):
    """Check that get_params/clone round-trip and a fitted NVAR pickles."""
    nvar = NVAR(3, 2, 2, include_constant=False)
    assert clone(nvar).get_params() == nvar.get_params()
    nvar.fit(series)
    restored = pickle.loads(pickle.dumps(nvar))
    assert_array_equal(restored.transform(series), nvar.transform(series))


# -- NVAR as the reservoir of an ESN -----------------------------------------
def lorenz_like(n, seed=0):
    """A smooth multivariate series for the readout tests."""
    t = np.linspace(0, 20, n)
    phase = np.random.default_rng(seed).uniform(0, 2 * np.pi, 3)
    return np.column_stack([np.sin(t + phase[0]), np.cos(1.3 * t + phase[1]),
                            np.sin(0.7 * t + phase[2]) ** 2])


def test_esn_fit_predict_equals_ridge_on_features():
    """Check that ESNRegressor(NVAR, ridge) equals sklearn Ridge on the features after warm-up."""
    X = lorenz_like(200)
    y = np.roll(X, -1, axis=0)[:-1]
    X = X[:-1]
    nvar = NVAR(delay=3, order=2, stride=2)
    esn = ESNRegressor(nvar, RidgeReadout(alpha=1e-3, fit_intercept=False)).fit(X, y)
    features = NVAR(delay=3, order=2, stride=2).fit_transform(X)
    ridge = Ridge(alpha=1e-3, fit_intercept=False).fit(features[4:], y[4:])
    assert_allclose(esn.readout_.coef_, ridge.coef_, rtol=1e-8, atol=1e-10)
    assert_allclose(esn.predict(X), ridge.predict(features), rtol=1e-8, atol=1e-10)

    # washout larger than the warm-up wins
    esn = ESNRegressor(nvar, RidgeReadout(alpha=1e-3, fit_intercept=False), washout=10).fit(X, y)
    ridge = Ridge(alpha=1e-3, fit_intercept=False).fit(features[10:], y[10:])
    assert_allclose(esn.readout_.coef_, ridge.coef_, rtol=1e-8, atol=1e-10)


def test_esn_panel_drops_the_warmup_of_every_series():
    """Check that a panel fit leaves out each series' warm-up rows, and predict is per series."""
    panel = [lorenz_like(n, seed) for n, seed in ((60, 0), (35, 1), (80, 2))]
    targets = [x[:, 0] ** 2 - x[:, 1] for x in panel]
    esn = ESNRegressor(NVAR(delay=2, order=2, stride=3),
                       RidgeReadout(alpha=1e-4, fit_intercept=False)).fit(panel, targets)
    nvar = NVAR(delay=2, order=2, stride=3).fit(panel)
    features = np.concatenate([f[3:] for f in nvar.transform(panel)])
    ridge = Ridge(alpha=1e-4, fit_intercept=False).fit(
        features, np.concatenate([t[3:] for t in targets]))
    assert_allclose(esn.readout_.coef_, ridge.coef_, rtol=1e-8, atol=1e-10)
    predictions = esn.predict(panel)
    for x, p in zip(panel, predictions):
        assert_allclose(p, esn.predict(x), rtol=1e-12)
    assert esn.score(panel, targets) > 0.99


def test_esn_short_series_is_a_clear_error():
    """Check that ESN fit on a series no longer than the warm-up says so."""
    X = lorenz_like(30)
    esn = ESNRegressor(NVAR(delay=3, stride=2), RidgeReadout())
    with pytest.raises(ValueError, match="4 time steps"):
        esn.fit(X[:4], X[:4, 0])
    esn.fit(X[:5], X[:5, 0])  # one complete window: fine
    with pytest.raises(ValueError, match=r"shortest series has 3 time steps .*too short: "
                                         r"1 series, at position 1\)"):
        esn.fit([X[:20], X[:3]], [X[:20, 0], X[:3, 0]])


def test_generate_equals_manual_loop():
    """Check that ESN generate equals a loop that feeds each prediction back by hand."""
    X = lorenz_like(300)
    esn = ESNRegressor(NVAR(delay=3, order=2, stride=2),
                       RidgeReadout(alpha=1e-6, fit_intercept=False)).fit(X[:-1], X[1:])
    generated = esn.generate(25)

    nvar, coef = esn.reservoir_, esn.readout_.coef_
    window = X[-2 - nvar.n_warmup_:-1]  # the last complete window of the training inputs
    expected = []
    for _ in range(25):
        nxt = coef @ nvar.transform(window)[-1]
        expected.append(nxt)
        window = np.vstack([window[1:], nxt])
    assert_allclose(generated, np.array(expected), rtol=1e-10, atol=1e-12)
    # the state holds the whole window: a warmup series ending the same way agrees
    assert_allclose(esn.generate(25, warmup=X[:-1]), generated, rtol=1e-12)
    assert_allclose(esn.generate(25, warmup=X[-6:-1]), generated, rtol=1e-12)


def test_generate_needs_a_complete_window():
    """Check that closed loop from fewer inputs than a delay window is refused."""
    X = lorenz_like(100)
    esn = ESNRegressor(NVAR(delay=3, stride=2), RidgeReadout()).fit(X[:-1], X[1:])
    with pytest.raises(ValueError, match="at least n_warmup_ \\+ 1 = 5 inputs"):
        esn.generate(5, warmup=X[:4])


@pytest.mark.parametrize("chunks", [[1, 1, 2, 50, 3, 1, 142], [5, 195], [100, 100]])
def test_streaming_partial_fit_equals_one_call(chunks):
    """Check that partial_fit in chunks equals one partial_fit on the concatenation.

    The delay buffer and the count of inputs seen travel in the state, so a
    chunk's first rows are complete windows as soon as the stream has enough
    inputs: the chunked features equal the unchunked ones exactly.
    """
    X = np.random.default_rng(3).uniform(-1, 1, size=(201, 3))
    inputs, targets = X[:-1], X[1:]
    nvar = NVAR(delay=3, order=2, stride=2)
    whole = ESNRegressor(nvar, RidgeReadout(alpha=1e-1, fit_intercept=False))
    whole.partial_fit(inputs, targets)
    streamed = ESNRegressor(nvar, RidgeReadout(alpha=1e-1, fit_intercept=False))
    bounds = np.cumsum([0] + chunks)
    for a, b in zip(bounds[:-1], bounds[1:]):
        streamed.partial_fit(inputs[a:b], targets[a:b])
    assert streamed.readout_.n_samples_seen_ == whole.readout_.n_samples_seen_ == 196
    assert_allclose(streamed.readout_.coef_, whole.readout_.coef_, rtol=1e-9, atol=1e-12)
    assert_allclose(streamed.state_, whole.state_, rtol=0, atol=0)
    assert_allclose(streamed.generate(10), whole.generate(10), rtol=1e-9)

    # the reservoir's own outputs, run chunk by chunk from the carried state
    fitted = whole.reservoir_
    reference, _ = fitted.run_batch([inputs])
    state, pieces = fitted.initial_state_[None], []
    for a, b in zip(bounds[:-1], bounds[1:]):
        (out,), state = fitted.run_batch([inputs[a:b]], state)
        pieces.append(out)
    assert_array_equal(np.concatenate(pieces), reference[0])


def test_run_reports_the_state():
    """Check that the final state is the last n_warmup_ + 1 inputs and the capped count."""
    X = lorenz_like(10)
    nvar = NVAR(delay=2, stride=2).fit(X)
    _, states = nvar.run_batch([X, X[:1]])
    assert states.shape == (2, 3 * 3 + 1) == (2, nvar.initial_state_.shape[0])
    assert_array_equal(states[0, :-1], X[-3:].ravel())
    assert states[0, -1] == 3
    assert_array_equal(states[1, :-1], np.concatenate([np.zeros(6), X[0]]))
    assert states[1, -1] == 1


# -- the compiled window kernel (a closed loop's short windows) ------------------
def _states_to_start_from(nvar, rng):
    """The rest state and states after 1, 2, ... past inputs (up to a full buffer and beyond)."""
    states = [nvar.initial_state_]
    for n_past in range(1, nvar.n_warmup_ + 3):
        states.append(nvar._transform_starts(rng.normal(size=(n_past, nvar.n_features_in_))))
    return states


@pytest.mark.parametrize("delay, stride", [(1, 1), (2, 1), (3, 1), (2, 3)])
@pytest.mark.parametrize("order", [1, 2, 3])
@pytest.mark.parametrize("flags", [
    {},
    {"include_constant": False},
    {"include_linear": False},
    {"include_lower_orders": False},
    {"include_constant": False, "include_lower_orders": False},
])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_window_kernel_equals_the_numpy_run_bit_for_bit(delay, stride, order, flags, dtype,
                                                        monkeypatch):
    """Check that the run function's compiled windows (features and final state) are
    numpy's (_run_one) bit for bit, from rest and from states of every fill, for windows
    shorter and longer than the delay buffer, in float64 and float32, and that the numpy
    path did not run."""
    from skreservoir import nvar as nvar_module

    if order == 1 and flags.get("include_linear") is False:
        flags = {**flags, "include_constant": True}
    rng = np.random.default_rng(delay * 100 + stride * 10 + order)
    nvar = NVAR(delay, order, stride, **flags).fit(rng.normal(size=(20, 2)))
    assert nvar_module.window_kernel() is not None  # conftest: compiled in the foreground
    run = nvar.run_function(np.zeros((1, 2)))
    cases = []
    for state in _states_to_start_from(nvar, rng):
        for rows in (1, 2, 3, 7):
            X = rng.normal(size=(rows, 2)).astype(dtype)
            cases.append((X, state, nvar._run_one(X, state)))

    def refuse(*args):
        raise AssertionError("the numpy path ran")

    monkeypatch.setattr(NVAR, "_run_one", refuse)
    for X, state, (features, final) in cases:
        starts = None if state is nvar.initial_state_ else state[None, :]
        (got,), got_final = run([X], starts)
        assert got.dtype == features.dtype == dtype
        assert got.tobytes() == features.tobytes()  # bit for bit, signed zeros included
        assert got_final.shape == (1,) + final.shape
        assert got_final[0].tobytes() == final.tobytes()


def test_window_kernel_leaves_overflow_and_odd_states_to_numpy():
    """Check that a window whose monomials overflow runs numpy's path again (NVAR's
    DivergenceError, with predict's closed-loop hint, as the general path gives), and
    that a state whose count of inputs is not one run_batch leaves runs numpy."""
    from skreservoir.exceptions import DivergenceError

    X = np.random.default_rng(0).normal(size=(50, 2))
    esn = ESNRegressor(NVAR(delay=2, order=3), RidgeReadout(1e-6)).fit(X, X)
    big = np.full((3, 2), 1e150)
    errors = {}
    for short in (True, False):
        esn._predict_fast_path = short
        with pytest.raises(DivergenceError, match="NVAR features overflowed") as caught:
            esn.predict(big)
        errors[short] = str(caught.value)
    assert errors[True] == errors[False]
    nvar = esn.reservoir_
    run = nvar.run_function(big)
    for count in (-1.0, np.nan, 1e30):
        state = nvar.initial_state_.copy()
        state[-1] = count
        if np.isnan(count):
            with pytest.raises(ValueError):
                nvar._run_one(X[:3], state)
            with pytest.raises(ValueError):
                run([X[:3]], state[None, :])
            continue
        features, final = nvar._run_one(X[:3], state)
        (got,), got_final = run([X[:3]], state[None, :])
        assert_array_equal(got, features)
        assert_array_equal(got_final[0], final)


def test_window_kernel_only_for_the_fitted_parameters_and_when_compiled(monkeypatch):
    """Check that the run function computes on numpy under set_config(compiled=False), for
    parameters changed after fit and for an NVAR fitted without the kernel's arguments (an
    older version's pickle), and compiled otherwise."""
    import skreservoir

    X = np.random.default_rng(1).normal(size=(30, 3))
    nvar = NVAR(delay=2, order=2).fit(X)
    calls = []
    original = NVAR._run_one

    def counted(self, *args):
        calls.append(1)
        return original(self, *args)

    monkeypatch.setattr(NVAR, "_run_one", counted)
    nvar.run_function(X[:3])([X[:3]])
    assert calls == []
    with skreservoir.config_context(compiled=False):
        nvar.run_function(X[:3])([X[:3]])
    assert calls == [1]
    changed = clone(nvar).set_params(stride=1).fit(X)
    changed.stride = 2  # by hand, after fit
    changed.run_function(X[:3])([X[:3]])
    assert calls == [1, 1]
    older = pickle.loads(pickle.dumps(nvar))
    del older._window_args
    expected = nvar.run_function(X[:4])([X[:4]])
    got = older.run_function(X[:4])([X[:4]])
    assert calls == [1, 1, 1]
    assert_array_equal(got[0][0], expected[0][0])
    assert_array_equal(got[1], expected[1])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("initial_state", [None, "rest", "fit", "continue"])
def test_esn_short_predict_with_the_window_kernel_equals_the_general_path(dtype,
                                                                          initial_state):
    """Check that NG-RC's per-step predict (short path, compiled windows) equals the
    general path bit for bit in float64 and float32, from rest and from the end of
    training, and that a closed loop written by hand gives the same forecasts."""
    t = np.arange(200)[:, None] * 0.1
    X = np.hstack([np.sin(t), np.cos(0.7 * t), np.sin(0.3 * t) ** 2]).astype(dtype)
    models = {}
    for short in (True, False):
        esn = ESNRegressor(NVAR(delay=3, order=2, stride=2),
                           RidgeReadout(1e-6, fit_intercept=False)).fit(X[:-1], np.diff(X, axis=0))
        esn._predict_fast_path = short
        window = np.ascontiguousarray(X[-5:])
        forecasts = []
        for _ in range(30):
            step = esn.predict(window, initial_state=initial_state)
            forecasts.append(window[-1] + step[-1])
            window = np.vstack([window[1:], forecasts[-1]]).astype(dtype)  # float32 windows
        models[short] = (np.array(forecasts), esn.state_.copy())
    assert np.all(np.isfinite(models[True][0]))
    assert models[True][0].dtype == models[False][0].dtype
    assert models[True][0].tobytes() == models[False][0].tobytes()
    assert models[True][1].tobytes() == models[False][1].tobytes()


def test_esn_short_predict_of_nvar_keeps_the_general_errors():
    """Check that NG-RC's per-step predict still refuses what the general path refuses:
    an unfitted model, NaN or inf, a wrong width; and predicts a non-contiguous window as
    its contiguous copy."""
    from sklearn.exceptions import NotFittedError

    X = np.random.default_rng(3).normal(size=(60, 2))
    with pytest.raises(NotFittedError):
        ESNRegressor(NVAR()).predict(X[:3])
    esn = ESNRegressor(NVAR(delay=2, order=2), RidgeReadout(1e-6)).fit(X, X)
    for value in (np.nan, np.inf):
        bad = X[:3].copy()
        bad[1, 0] = value
        with pytest.raises(ValueError, match="NaN|infinity"):
            esn.predict(bad)
    with pytest.raises(ValueError, match="features"):
        esn.predict(np.hstack([X[:3], X[:3]]))
    strided = np.asfortranarray(np.hstack([X[:5], X[:5]]))[:, ::2]
    assert not strided.flags.c_contiguous
    assert_array_equal(esn.predict(strided), esn.predict(np.ascontiguousarray(strided)))


def test_window_kernel_waits_for_a_loop_and_loads_in_the_background(monkeypatch):
    """Check that the first windows of a process compute on numpy without asking for the
    kernel (one prediction never imports numba), and that the kernel then loads in a
    background thread while numpy serves."""
    from skreservoir import _threads
    from skreservoir import nvar as nvar_module

    monkeypatch.setattr(_threads, "BACKGROUND_COMPILATION", True)  # conftest: foreground
    monkeypatch.setattr(_threads, "_LOADED", {})
    monkeypatch.setattr(_threads, "_COMPILING", {})
    monkeypatch.setattr(nvar_module, "_window_calls", 0)
    for _ in range(nvar_module.WINDOW_KERNEL_AFTER):
        assert nvar_module.window_kernel() is None
    assert not _threads._COMPILING  # not asked for yet
    kernel = nvar_module.window_kernel()
    if kernel is None:  # loading in the background
        assert [t.name for t in _threads._COMPILING.values()] == [_threads.COMPILE_THREAD_NAME]
        _threads._join_compilations()
        kernel = nvar_module.window_kernel()
    from skreservoir._kernels import nvar_window_kernel

    assert kernel is nvar_window_kernel


def test_quick_finite_test_of_a_window_of_features():
    """Check the finiteness test of a short window's features (the readout's check in a
    closed loop's step): exact for every size it tests value by value, an inf or a NaN
    anywhere refused, finite values whose sum overflows accepted without a warning."""
    import warnings

    from skreservoir._validation import _ELEMENTWISE_FINITE_MAX, _all_finite

    for size in (17, 56, _ELEMENTWISE_FINITE_MAX):
        values = np.random.default_rng(size).normal(size=size)
        assert _all_finite(values)
        for bad in (np.inf, -np.inf, np.nan):
            for where in (0, size // 2, size - 1):
                broken = values.copy()
                broken[where] = bad
                assert not _all_finite(broken.reshape(1, -1))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert _all_finite(np.full(size, 1e308))


def test_readout_does_not_test_again_what_the_window_kernel_tested(monkeypatch):
    """Check that NG-RC's per-step predict tests the window's values (X) once and the
    features not again when the compiled kernel made them (it tested each), and that
    the readout tests them when numpy made them (compiled=False)."""
    import skreservoir
    from skreservoir import _validation

    X = np.random.default_rng(4).normal(size=(60, 2))
    esn = ESNRegressor(NVAR(delay=2, order=2), RidgeReadout(1e-6),
                       include_input=True).fit(X, X)
    window = np.ascontiguousarray(X[:4])
    expected = esn.predict(window)
    tested = []
    original = _validation._all_finite

    def counted(array):
        tested.append(array.shape)
        return original(array)

    monkeypatch.setattr(_validation, "_all_finite", counted)
    assert_array_equal(esn.predict(window), expected)
    assert tested == [window.shape]
    tested.clear()
    with skreservoir.config_context(compiled=False):
        assert_array_equal(esn.predict(window), expected)
    assert tested == [window.shape, (4, 2 + esn.reservoir_.n_features_out_)]


@pytest.mark.parametrize("include_input", [False, True])
def test_generate_by_the_window_kernel_equals_numpy_bit_for_bit(monkeypatch, include_input):
    """Check that NG-RC's generate, whose steps run the compiled window kernel, gives
    numpy's outputs bit for bit (with and without the input in the readout), that the
    kernel served the steps, and that a diverging loop stops with the same error at the
    same step."""
    from skreservoir import config_context
    from skreservoir import nvar as nvar_module
    from skreservoir.exceptions import DivergenceError

    calls = []
    kernel = nvar_module.window_kernel

    def counted():
        calls.append(1)
        return kernel()

    monkeypatch.setattr(nvar_module, "window_kernel", counted)
    t = np.arange(300)[:, None] * 0.1
    X = np.hstack([np.sin(t), np.cos(0.7 * t)])
    esn = ESNRegressor(NVAR(delay=3, order=2, stride=2), RidgeReadout(1e-6),
                       include_input=include_input).fit(X[:-1], X[1:])
    fast = esn.generate(80, warmup=X[-40:])
    assert len(calls) >= 79
    with config_context(compiled=False):
        slow = esn.generate(80, warmup=X[-40:])
    assert np.all(np.isfinite(fast)) and fast.tobytes() == slow.tobytes()
    esn.readout_.coef_ = esn.readout_.coef_ * 50.0  # a loop that amplifies its output
    errors = []
    for compiled in (True, False):
        with config_context(compiled=compiled), pytest.raises(DivergenceError) as error:
            esn.generate(400, warmup=X[-40:])
        errors.append(str(error.value))
    assert errors[0] == errors[1] and "diverged at step" in errors[0]


def test_nvar_messages_say_what_nvar_does():
    """A NaN input to NVAR was said to make the rest of its series NaN (a reservoir's
    words): it reaches (delay - 1) * stride + 1 rows. Its initial_state error asked for
    an opaque "(k,) internal state": it names the 2D array of past inputs."""
    X = np.random.default_rng(0).normal(size=(50, 2))
    holed = X.copy()
    holed[10, 0] = np.nan
    with pytest.raises(ValueError, match=r"NaN is at time step 10\. NVAR reads every input "
                                         r"into its row and the 2 after it \(delay=2, "
                                         r"stride=2\), so one missing input makes 3 rows NaN"):
        NVAR(delay=2, stride=2).fit(holed)
    nvar = NVAR(delay=2, stride=2).fit(X)
    with pytest.raises(ValueError, match=r"the inputs that came before X, a 2D array of "
                                         r"shape \(n_past, 2\)"):
        nvar.transform(X[25:], initial_state=X[24])
    assert_allclose(nvar.transform(X[25:], initial_state=X[:25]), nvar.transform(X)[25:])
