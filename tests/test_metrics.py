"""Tests for skreservoir.metrics."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import KFold, cross_val_score
from sklearn.preprocessing import FunctionTransformer

from skreservoir.metrics import (
    get_scorer,
    memory_capacity,
    neg_nrmse_scorer,
    nrmse,
)


@pytest.fixture
def targets():
    rng = np.random.default_rng(0)
    y_true = rng.normal(size=(50, 3)) * [1.0, 5.0, 0.1] + [0.0, 2.0, -1.0]
    y_pred = y_true + 0.3 * rng.normal(size=(50, 3))
    return y_true, y_pred


def _formula(y_true, y_pred, normalization):
    """NRMSE of each column, written out with numpy."""
    rmse = np.sqrt(np.mean((y_true - y_pred) ** 2, axis=0))
    centred = y_true - y_true.mean(axis=0)
    variance = np.mean(centred**2, axis=0)
    scale = {
        "std": np.sqrt(variance),
        "range": y_true.max(axis=0) - y_true.min(axis=0),
        "var": variance,
    }[normalization]
    return rmse / scale


@pytest.mark.parametrize("normalization", ["std", "range", "var"])
def test_nrmse_matches_formula(targets, normalization):
    """Check that nrmse equals RMSE over the normaliser, per output and averaged."""
    y_true, y_pred = targets
    expected = _formula(y_true, y_pred, normalization)
    raw = nrmse(y_true, y_pred, normalization=normalization, multioutput="raw_values")
    assert raw.shape == (3,)
    assert_allclose(raw, expected, rtol=1e-12)
    assert_allclose(nrmse(y_true, y_pred, normalization=normalization), expected.mean(), rtol=1e-12)
    weights = np.array([1.0, 2.0, 3.0])
    assert_allclose(
        nrmse(y_true, y_pred, normalization=normalization, multioutput=weights),
        np.sum(weights * expected) / weights.sum(),
        rtol=1e-12,
    )


def test_nrmse_default_is_std(targets):
    """Check that the default normalisation is the standard deviation of y_true."""
    y_true, y_pred = targets
    assert nrmse(y_true, y_pred) == nrmse(y_true, y_pred, normalization="std")


def test_nrmse_1d_equals_single_column(targets):
    """Check that 1D inputs give a float equal to the single-column 2D result."""
    y_true, y_pred = targets[0][:, 0], targets[1][:, 0]
    score = nrmse(y_true, y_pred)
    assert isinstance(score, float)
    assert_allclose(score, nrmse(y_true[:, None], y_pred[:, None]), rtol=1e-12)
    assert_allclose(score, _formula(y_true[:, None], y_pred[:, None], "std")[0], rtol=1e-12)


def test_nrmse_perfect_prediction_is_zero(targets):
    """Check that predicting y_true exactly gives an NRMSE of 0."""
    assert nrmse(targets[0], targets[0]) == 0.0


@pytest.mark.parametrize("normalization", ["std", "range", "var"])
def test_nrmse_constant_target_raises(normalization):
    """Check that a constant output of y_true raises an error naming the output and the normaliser."""
    y_true = np.c_[np.arange(5.0), np.full(5, 2.0)]
    with pytest.raises(ValueError, match=rf"constant in output\(s\) \[1\].*'{normalization}'"):
        nrmse(y_true, y_true + 0.1, normalization=normalization)


def test_nrmse_bad_arguments(targets):
    """Check that unknown options, wrong weights and mismatched shapes raise ValueErrors."""
    y_true, y_pred = targets
    with pytest.raises(ValueError, match="Unknown normalization 'minmax'"):
        nrmse(y_true, y_pred, normalization="minmax")
    with pytest.raises(ValueError, match="Unknown multioutput 'mean'"):
        nrmse(y_true, y_pred, multioutput="mean")
    with pytest.raises(ValueError, match=r"multioutput weights must have shape \(3,\)"):
        nrmse(y_true, y_pred, multioutput=[1.0, 2.0])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        nrmse(y_true, y_pred[:-1])


@pytest.mark.parametrize("ours, theirs", [("range", "minmax"), ("var", "var")])
def test_nrmse_matches_reservoirpy(targets, ours, theirs):
    """Check that on one output nrmse equals ReservoirPy's nrmse with the same normaliser."""
    observables = pytest.importorskip("reservoirpy.observables")
    y_true, y_pred = targets[0][:, :1], targets[1][:, :1]
    # Same formula on the same numbers: equal up to round-off.
    assert_allclose(
        nrmse(y_true, y_pred, normalization=ours),
        observables.nrmse(y_true, y_pred, norm=theirs),
        rtol=1e-12,
    )


# --- memory capacity ----------------------------------------------------------


def delay_line(u, n_delays):
    """Columns u(t-1), ..., u(t-n_delays), zeros before the series starts."""
    padded = np.vstack([np.zeros((n_delays, u.shape[1])), u])
    return np.hstack([padded[n_delays - k : len(padded) - k] for k in range(1, n_delays + 1)])


class LinearReservoir(TransformerMixin, BaseEstimator):
    """x(t) = W x(t-1) + W_in u(t), the linear network of Jaeger's bound."""

    def __init__(self, n_units=10, spectral_radius=0.9, random_state=0):
        self.n_units = n_units
        self.spectral_radius = spectral_radius
        self.random_state = random_state

    def fit(self, X, y=None):
        rng = np.random.default_rng(self.random_state)
        W = rng.normal(size=(self.n_units, self.n_units))
        self.W_ = W * self.spectral_radius / np.max(np.abs(np.linalg.eigvals(W)))
        self.W_in_ = rng.uniform(-1, 1, size=(self.n_units, X.shape[1]))
        return self

    def transform(self, X):
        state, states = np.zeros(self.n_units), np.empty((len(X), self.n_units))
        for t, x in enumerate(X):
            state = self.W_ @ state + self.W_in_ @ x
            states[t] = state
        return states


@pytest.mark.parametrize("n_delays", [1, 5])
def test_memory_capacity_delay_line(n_delays):
    """Check that a delay line of m taps has MC = m: MC_k = 1 up to m and about 0 beyond."""
    line = FunctionTransformer(delay_line, kw_args={"n_delays": n_delays})
    mc, curve = memory_capacity(line, k_max=n_delays, random_state=0, return_curve=True)
    # The targets are exact linear functions of the state (least squares).
    assert_allclose(curve, 1.0, rtol=1e-6)
    assert_allclose(mc, n_delays, rtol=1e-6)

    mc, curve = memory_capacity(line, random_state=0, return_curve=True)
    assert curve.shape == (2 * n_delays,)  # default k_max = 2 * n_features_out
    assert_allclose(curve[:n_delays], 1.0, rtol=1e-6)
    # Beyond m the target is independent of the state: the squared sample
    # correlation over ~950 test steps is ~1/950 on average, well below 0.02.
    assert np.all(curve[n_delays:] < 0.02)
    assert_allclose(mc, n_delays, atol=0.02 * n_delays, rtol=0)


def test_memory_capacity_memoryless():
    """Check that a transformer holding only u(t) remembers no past input."""
    mc, curve = memory_capacity(FunctionTransformer(), k_max=5, random_state=0, return_curve=True)
    assert np.all(curve < 0.02)  # sampling noise only, as above
    assert mc < 0.05


def test_memory_capacity_linear_bound():
    """Check that a linear reservoir of N units has MC <= N (Jaeger's bound)."""
    n_units = 10
    mc = memory_capacity(LinearReservoir(n_units=n_units), random_state=0)
    # 2N delays can each add ~1e-3 of sampling noise on top of the true MC.
    assert 0 < mc <= n_units + 0.05


def test_memory_capacity_of_a_linear_reservoir_is_near_n_at_any_input_scale():
    """The least-squares readout (the default; its cutoff of the singular values is
    relative to the largest) on a linear reservoir's states, whose condition number
    reaches 1e15: MC near N, the same at any input scaling and amplitude. A ridge
    penalty fixed in absolute terms (1e-8, the default before) cut it to 27-33 of 50,
    lower the smaller the input."""
    from skreservoir import Reservoir

    def linear(scaling):
        return Reservoir(n_units=50, spectral_radius=0.99, input_scaling=scaling,
                         input_density=1.0, bias_scaling=0.0, density=1.0,
                         activation="identity", random_state=0)

    exact = [memory_capacity(linear(scaling), n_timesteps=6000, random_state=0)
             for scaling in (1.0, 0.1, 0.01)]
    assert 42 < exact[0] <= 50.5  # 45.3 (the oldest delays below the rounding: 48.3 by QR)
    assert_allclose(exact, exact[0], rtol=1e-3)
    assert_allclose(memory_capacity(linear(1.0), n_timesteps=6000, amplitude=0.5,
                                    random_state=0), exact[0], rtol=1e-3)
    ridge = [memory_capacity(linear(scaling), n_timesteps=6000, alpha=1e-8, random_state=0)
             for scaling in (1.0, 0.01)]
    assert ridge[0] < exact[0] - 10 and ridge[1] < ridge[0]


def test_memory_capacity_lengthens_the_default_series_for_wide_states():
    """The least-squares readout needs twice as many training rows as weights: the
    default length (2000) is lengthened for wide states (800 features here; a
    600-unit reservoir raised scipy's "expected square matrix"), a given length that
    is too short raises, naming the length needed."""
    def wide(u):
        return np.hstack([delay_line(u, n_delays=3), np.cos(np.arange(1, 800) * u)])

    mc, curve = memory_capacity(FunctionTransformer(wide), k_max=5, random_state=0,
                                return_curve=True)
    assert_allclose(curve[:3], 1.0, rtol=1e-6)
    assert np.all(curve[3:] < 0.05)
    with pytest.raises(ValueError, match=r"least-squares readout of 803 weights.*"
                                         r"n_timesteps >= 3312"):
        memory_capacity(FunctionTransformer(wide), k_max=5, n_timesteps=2000)


def test_memory_capacity_of_a_slow_linear_reservoir():
    """A leaky linear reservoir's states reach condition numbers of 1e18, beyond
    float64: the least-squares readout leaves out the directions below the rounding
    (a readout that kept them, QR, fitted rounding noise: MC 1.4, against 17.0 on a
    five times longer series)."""
    from skreservoir import Reservoir

    slow = Reservoir(n_units=100, leak_rate=0.1, spectral_radius=0.95, input_scaling=0.1,
                     bias_scaling=0.0, activation="identity", random_state=0)
    assert memory_capacity(slow, random_state=0) > 12


def test_memory_capacity_lengthens_the_default_series_for_slow_states():
    """A leaky reservoir's states repeat themselves from step to step: 2000 steps hold
    few independent rows, and the least-squares readout overfits them (100 tanh units
    at leak rate 0.1: MC 0.7, 9.4 on 20,000 steps). The default length grows with the
    states' lag-one autocorrelation; a given length is used as it is; where the
    default would pass its cap, a warning says to give n_timesteps."""
    from scipy.signal import lfilter

    from skreservoir import Reservoir

    slow = Reservoir(n_units=100, leak_rate=0.1, random_state=0)
    assert memory_capacity(slow, random_state=0) > 7
    assert memory_capacity(slow, n_timesteps=2000, random_state=0) < 2

    def integrators(u):  # twenty leaky integrators of time constants 5,000 to 100,000
        return np.hstack([lfilter([1.0], [1.0, -(1 - 1e-5 * k)], u[:, 0])[:, None]
                          for k in range(1, 21)])

    with pytest.warns(UserWarning, match=r"change slowly.*Pass n_timesteps"):
        memory_capacity(FunctionTransformer(integrators), k_max=3, random_state=0)


def test_memory_capacity_amplitude():
    """``amplitude`` is the half-width of the uniform input: a tanh reservoir remembers
    more of smaller inputs (its units saturate less); a bad value names the parameter."""
    from skreservoir import Reservoir

    reservoir = Reservoir(n_units=30, spectral_radius=0.95, random_state=0)
    small, large = (memory_capacity(reservoir, amplitude=a, random_state=0) for a in (0.5, 2.0))
    assert small > large
    for bad in (0, -1.0, np.inf, "1", True):
        with pytest.raises(ValueError, match="amplitude must be a finite number > 0"):
            memory_capacity(reservoir, amplitude=bad)


def test_memory_capacity_rank_deficient_states():
    """A constant or repeated state feature (rank-deficient states) falls back to the
    minimum-norm least squares: the delay line's MC with a copy of its taps."""
    def doubled(u):
        taps = delay_line(u, n_delays=3)
        return np.hstack([taps, taps, np.ones((len(u), 1))])

    mc = memory_capacity(FunctionTransformer(doubled), k_max=3, random_state=0)
    assert_allclose(mc, 3.0, rtol=1e-6)


def test_memory_capacity_does_not_grow_with_k_max():
    """On s scored rows a delay that the states do not hold still scores about 1/s by
    chance: the default series grows with k_max so that the k_max delays add at most
    1% of N. A 10-unit reservoir whose memory ends within 50 delays has about the same
    MC at k_max=2000 as at 50 (before: about 100, the 2000 steps leaving no scored rows,
    with numpy's "Mean of empty slice" and "invalid value" RuntimeWarnings)."""
    import warnings

    from skreservoir import Reservoir

    reservoir = Reservoir(10, spectral_radius=0.9, density=1.0, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        short = memory_capacity(reservoir, k_max=50, random_state=0)  # 5.02
        mc, curve = memory_capacity(reservoir, k_max=2000, random_state=0, return_curve=True)
    assert abs(mc - short) < 0.2 and mc < 10  # 5.07
    # 20,000 scored rows: the 1800 delays beyond 200 add about 1800 / 20,000 by chance
    assert curve[200:].sum() < 0.15


def test_memory_capacity_warns_where_the_default_length_caps_k_max(monkeypatch):
    """Where the default length stops (MAX_CAPACITY_STEPS, lowered here) short of the
    scored rows k_max needs, a warning says by about how much the delays' chance scores
    can overestimate MC. The delays are fitted a block at a time (a delay line's taps
    still recalled exactly), no RuntimeWarning."""
    import warnings

    import skreservoir.metrics as metrics

    monkeypatch.setattr(metrics, "MAX_CAPACITY_STEPS", 4000)
    line = FunctionTransformer(delay_line, kw_args={"n_delays": 3})
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.warns(UserWarning, match=r"k_max=500 delays need about 33834 steps.*"
                                             r"stops at 4000: on its 1750 scored rows they "
                                             r"can add up to about 0\.29.*Pass n_timesteps"):
            mc, curve = memory_capacity(line, k_max=500, random_state=0, return_curve=True)
    assert_allclose(curve[:3], 1.0, rtol=1e-6)
    assert 3 < mc < 3 + 2 * 497 / 1750  # the chance scores of the 497 other delays


def test_memory_capacity_given_length_too_short_for_k_max():
    """A given length that leaves fewer scored rows than k_max / N raises (the chance
    scores alone could reach the bound N; Reservoir(10, random_state=0) at k_max=1900
    on 2000 steps reported MC 40), naming k_max, the length and one on whose scored
    rows the chance scores add at most 1% of N."""
    from skreservoir import Reservoir

    reservoir = Reservoir(10, spectral_radius=0.9, density=1.0, random_state=0)
    for alpha in (0.0, 1e-6):  # a ridge readout does not help: not suggested
        with pytest.raises(ValueError, match=r"n_timesteps=2000 leaves 100 steps after "
                                             r"max\(washout, k_max\)=1900, 50 of them to "
                                             r"score k_max=1900 delays.*190 scored rows.*"
                                             r"19000 keep them under 1%.*"
                                             r"use n_timesteps >= 39900 .*or k_max\.$"):
            memory_capacity(reservoir, k_max=1900, n_timesteps=2000, alpha=alpha)
    short = memory_capacity(reservoir, k_max=50, random_state=0)
    mc = memory_capacity(reservoir, k_max=1900, n_timesteps=39900, random_state=0)
    assert abs(mc - short) < 0.2  # 5.07 and 5.02


def test_memory_capacity_deterministic_and_clones():
    """Check that the same random_state gives the same MC and the reservoir is not fitted in place."""
    reservoir = LinearReservoir(n_units=5)
    first = memory_capacity(reservoir, random_state=3, return_curve=True)
    second = memory_capacity(reservoir, random_state=3, return_curve=True)
    assert first[0] == second[0]
    assert_array_equal(first[1], second[1])
    assert not hasattr(reservoir, "W_")


def test_memory_capacity_bad_arguments():
    """Check that invalid arguments raise ValueErrors naming the parameter and the fix."""
    line = FunctionTransformer(delay_line, kw_args={"n_delays": 2})
    with pytest.raises(ValueError, match="k_max must be an int >= 1"):
        memory_capacity(line, k_max=0)
    with pytest.raises(ValueError, match="washout must be an int >= 0"):
        memory_capacity(line, washout=-1)
    with pytest.raises(ValueError, match="n_timesteps must be an int >= 1"):
        memory_capacity(line, n_timesteps=10.5)
    with pytest.raises(ValueError, match=r"n_timesteps=50 leaves 0 steps.*use n_timesteps >= 62"):
        memory_capacity(line, n_timesteps=50, washout=50)
    with pytest.raises(ValueError, match=r"n_timesteps=50 leaves 0 steps.*use n_timesteps >= 54"):
        memory_capacity(line, n_timesteps=50, washout=50, alpha=1e-8)
    dropping = FunctionTransformer(lambda u: u[1:])
    with pytest.raises(ValueError, match="must return one row per time step"):
        memory_capacity(dropping)


# --- scorers ------------------------------------------------------------------


@pytest.fixture
def regression():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 4))
    y = X @ np.array([1.0, -2.0, 0.5, 0.0]) + 0.2 * rng.normal(size=90)
    return X, y


def test_neg_nrmse_scorer_in_cross_val_score(regression):
    """Check that get_scorer('neg_nrmse') in cross_val_score gives minus the NRMSE of each fold."""
    X, y = regression
    cv = KFold(n_splits=3)
    scores = cross_val_score(Ridge(alpha=1.0), X, y, scoring=get_scorer("neg_nrmse"), cv=cv)
    expected = [
        -nrmse(y[test], Ridge(alpha=1.0).fit(X[train], y[train]).predict(X[test]))
        for train, test in cv.split(X)
    ]
    assert_allclose(scores, expected, rtol=1e-12)
    assert np.all(scores < 0)


def _panel(n_series=4, n_timesteps=50, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_series, n_timesteps, 1))
    return X, np.roll(X[..., 0], -1, axis=1)


@pytest.mark.parametrize("normalization", ["std", "range", "var"])
def test_nrmse_scorers_pool_a_panels_series_after_the_washout(normalization):
    """Check that the NRMSE scorers score a panel of series as ESNRegressor.score does: the
    steps after every series' washout, all series pooled (they normalised each time step
    across the series: -1.49 where the pooled NRMSE is -0.90, and one series in a 3-D array
    raised 'y_true is constant')."""
    from skreservoir import ESNRegressor, Reservoir

    X, y = _panel()
    model = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5).fit(X, y)
    name = "neg_nrmse" + ("" if normalization == "std" else f"_{normalization}")
    pooled = -nrmse(y[:, 5:].ravel(), model.predict(X)[:, 5:].ravel(),
                    normalization=normalization)
    assert_allclose(get_scorer(name)(model, X, y), pooled, rtol=1e-12)
    one = -nrmse(y[0, 5:], model.predict(X[:1])[0, 5:], normalization=normalization)
    assert_allclose(get_scorer(name)(model, X[:1], y[:1]), one, rtol=1e-12)


def test_nrmse_scorer_on_series_of_unequal_lengths_in_a_pipeline_and_with_nan_targets():
    """Check the scorer on a list of series of unequal lengths (a raw numpy error before), an
    ESNRegressor ending a Pipeline, and NaN targets left out, as score leaves them."""
    from sklearn.pipeline import make_pipeline

    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(1)
    X = [rng.normal(size=(n, 1)) for n in (30, 45, 60)]
    y = [np.roll(x[:, 0], -1) for x in X]
    model = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5).fit(X, y)
    predictions = model.predict(X)
    pooled = -nrmse(np.concatenate([t[5:] for t in y]),
                    np.concatenate([p[5:] for p in predictions]))
    assert_allclose(neg_nrmse_scorer(model, X, y), pooled, rtol=1e-12)
    pipeline = make_pipeline(FunctionTransformer(lambda Z: Z), ESNRegressor(
        Reservoir(n_units=20, random_state=0), washout=5)).fit(X, y)
    assert_allclose(neg_nrmse_scorer(pipeline, X, y), pooled, rtol=1e-12)
    y_missing = [t.copy() for t in y]
    y_missing[1][20] = np.nan
    kept = [np.ones(len(t), dtype=bool) for t in y]
    kept[1][20] = False
    expected = -nrmse(np.concatenate([t[5:][k[5:]] for t, k in zip(y, kept)]),
                      np.concatenate([p[5:][k[5:]] for p, k in zip(predictions, kept)]))
    assert_allclose(neg_nrmse_scorer(model, X, y_missing), expected, rtol=1e-12)
    with pytest.raises(ValueError, match="sample_weight other than 0"):
        neg_nrmse_scorer(model, X, y, sample_weight=[np.full(len(t), 0.5) for t in y])


def test_esgp_regressor_scores_targets_per_step_pooled_over_the_series():
    """Check that ESGPRegressor's score and the NRMSE scorer pool a panel's targets per time
    step over the series (score was R² time step by time step across the series: 0.47 where
    the pooled R² is 0.34), and that targets per series are scored as they are."""
    from skreservoir import ESGPRegressor

    rng = np.random.default_rng(0)
    X = rng.normal(size=(6, 30, 1))
    y = 0.1 * np.cumsum(X[..., 0], axis=1)
    model = ESGPRegressor(n_units=10, max_iter=5, random_state=0).fit(X, y)
    pred = model.predict(X)
    assert_allclose(model.score(X, y), r2_score(y.ravel(), pred.ravel()), rtol=1e-12)
    assert_allclose(neg_nrmse_scorer(model, X, y), -nrmse(y.ravel(), pred.ravel()), rtol=1e-12)
    weights = rng.uniform(0.5, 1.0, size=y.shape)
    assert_allclose(model.score(X, y, sample_weight=weights),
                    r2_score(y.ravel(), pred.ravel(), sample_weight=weights.ravel()), rtol=1e-12)
    per_series = ESGPRegressor(n_units=10, max_iter=5, random_state=0).fit(X, y[:, -1])
    assert_allclose(per_series.score(X, y[:, -1]),
                    r2_score(y[:, -1], per_series.predict(X)), rtol=1e-12)


def test_nrmse_scorer_in_a_grid_search_over_series():
    """Check that scikit-learn's GridSearchCV over a list of series scored by
    get_scorer('neg_nrmse') finds finite scores (the scorer raised numpy's inhomogeneous
    shape error on unequal series, so every candidate scored NaN). Without optional
    dependencies, unlike the HyperoptSearchCV case below."""
    from sklearn.model_selection import GridSearchCV

    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(2)
    X = [rng.normal(size=(n, 1)) for n in (40, 50, 60, 70)]
    y = [np.roll(x[:, 0], -1) for x in X]
    search = GridSearchCV(
        ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5),
        {"readout__alpha": [1e-6, 1e-3, 1.0]}, cv=2, scoring=get_scorer("neg_nrmse"),
    ).fit(X, y)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    assert np.isfinite(search.best_score_) and search.best_score_ < 0


@pytest.mark.parametrize("name, metric", [
    ("r2", r2_score),
    ("neg_mean_squared_error", lambda t, p, **kw: -mean_squared_error(t, p, **kw)),
    ("neg_mean_absolute_error", lambda t, p, **kw: -mean_absolute_error(t, p, **kw)),
])
def test_scikit_learn_scorer_names_score_series_as_score_does(name, metric):
    """Check that get_scorer of a scikit-learn name scores an ESN on the rows its score
    scores: every series after its washout, a panel's series pooled (scikit-learn's own
    scorer raised on a 3D panel and a list of series, and a search recorded NaN), with
    sample weights; and that a plain regressor is scored as scikit-learn scores it."""
    from sklearn.linear_model import Ridge
    from sklearn.metrics import get_scorer as sklearn_scorer
    from sklearn.model_selection import GridSearchCV, KFold

    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(0)
    X = rng.normal(size=(9, 60, 1))
    y = np.cumsum(X[:, :, 0], axis=1) * 0.1
    esn = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=10).fit(X[:6], y[:6])
    scorer = get_scorer(name)
    expected = metric(y[6:, 10:].ravel(), esn.predict(X[6:])[:, 10:].ravel())
    assert_allclose(scorer(esn, X[6:], y[6:]), expected, rtol=1e-12)
    assert_allclose(scorer(esn, list(X[6:]), list(y[6:])), expected, rtol=1e-12)
    weights = rng.uniform(0.5, 1.0, size=y[6:].shape)
    assert_allclose(scorer(esn, X[6:], y[6:], sample_weight=weights),
                    metric(y[6:, 10:].ravel(), esn.predict(X[6:])[:, 10:].ravel(),
                           sample_weight=weights[:, 10:].ravel()), rtol=1e-12)
    if name == "r2":
        assert_allclose(scorer(esn, X[6:], y[6:]), esn.score(X[6:], y[6:]), rtol=1e-12)
    # scikit-learn's own reads the panel's time steps as outputs, the washout included
    assert not np.isclose(sklearn_scorer(name)(esn, X[6:], y[6:]), expected)
    search = GridSearchCV(esn, {"readout__alpha": [1e-6, 1.0]}, cv=KFold(3),
                          scoring=scorer).fit(X, y)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    flat = rng.normal(size=(40, 2))
    ridge = Ridge().fit(flat, flat[:, 0])
    assert_allclose(scorer(ridge, flat, flat[:, 0]),
                    sklearn_scorer(name)(ridge, flat, flat[:, 0]), rtol=1e-12)
    assert repr(scorer) == f"skreservoir.metrics.get_scorer({name!r})"


def test_series_scorers_leave_nan_targets_out_and_route_like_scikit_learn():
    """Check the scorers of scikit-learn names on an ESN: rows of NaN targets are left out
    (a metric without sample_weight, such as max_error, raised on the weights of 0 that
    stood for them), several of them with sample_weight in cross_validate (scikit-learn's
    multimetric scorer asks _accept_sample_weight), and metadata routing's
    set_score_request."""
    import sklearn
    from sklearn.metrics import max_error
    from sklearn.model_selection import KFold, cross_validate

    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(3)
    X = rng.normal(size=(6, 40, 1))
    y = np.cumsum(X[:, :, 0], axis=1) * 0.1
    esn = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5).fit(X, y)
    missing = y.copy()
    missing[1, 20] = np.nan
    kept = np.ones(y.shape, dtype=bool)
    kept[:, :5] = False
    kept[1, 20] = False
    predicted = esn.predict(X)
    assert_allclose(get_scorer("neg_max_error")(esn, X, missing),
                    -max_error(y[kept], predicted[kept]), rtol=1e-12)
    assert_allclose(get_scorer("r2")(esn, X, missing), r2_score(y[kept], predicted[kept]),
                    rtol=1e-12)
    scores = cross_validate(esn, X, y, cv=KFold(3), params={"sample_weight": np.ones(y.shape)},
                            scoring={"r2": get_scorer("r2"),
                                     "mse": get_scorer("neg_mean_squared_error")})
    assert np.all(np.isfinite(scores["test_r2"])) and np.all(np.isfinite(scores["test_mse"]))
    with sklearn.config_context(enable_metadata_routing=True):
        scorer = get_scorer("r2").set_score_request(sample_weight=True)
        assert scorer.get_metadata_routing().score.requests["sample_weight"] is True


def test_scikit_learn_classification_scorer_names_score_panels():
    """Check that get_scorer("accuracy"), ("f1_macro") score a frame-wise ESNClassifier on
    a list of series as its score pools the labels (scikit-learn's scorer raised on the
    list), and that a scorer reading probabilities is scikit-learn's own."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.metrics import get_scorer as sklearn_scorer

    from skreservoir import ESNClassifier, Reservoir

    rng = np.random.default_rng(1)
    X = [rng.normal(size=(30 + i, 1)) for i in range(8)]
    y = [(x[:, 0] > 0).astype(int) for x in X]
    clf = ESNClassifier(Reservoir(n_units=20, random_state=0)).fit(X[:5], y[:5])
    labels = np.concatenate(y[5:])
    predicted = np.concatenate(clf.predict(X[5:]))
    assert_allclose(get_scorer("accuracy")(clf, X[5:], y[5:]), clf.score(X[5:], y[5:]))
    assert_allclose(get_scorer("accuracy")(clf, X[5:], y[5:]),
                    accuracy_score(labels, predicted))
    assert_allclose(get_scorer("f1_macro")(clf, X[5:], y[5:]),
                    f1_score(labels, predicted, average="macro"))
    with pytest.raises((ValueError, TypeError)):
        sklearn_scorer("accuracy")(clf, X[5:], y[5:])
    series = rng.normal(size=(40, 30, 1))
    labels = (series[:, :, 0].mean(axis=1) > 0).astype(int)
    whole = ESNClassifier(Reservoir(n_units=20, random_state=0)).fit(series[:30], labels[:30])
    assert_allclose(get_scorer("roc_auc")(whole, series[30:], labels[30:]),
                    sklearn_scorer("roc_auc")(whole, series[30:], labels[30:]))


def test_hyperopt_search_takes_skreservoir_and_scikit_learn_names_on_panels():
    """Check that HyperoptSearchCV reads scorer names through skreservoir.metrics.get_scorer:
    skreservoir's names (refused before) and scikit-learn's on a panel (NaN scores before),
    alone, in a list and in a dict."""
    pytest.importorskip("hyperopt", reason='needs pip install "skreservoir[hyperopt]"')
    from hyperopt import hp

    from skreservoir import ESNRegressor, Reservoir
    from skreservoir.model_selection import HyperoptSearchCV

    rng = np.random.default_rng(2)
    X = rng.normal(size=(8, 50, 1))
    y = np.roll(X[:, :, 0], -1, axis=1)
    esn = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5)
    space = {"readout__alpha": hp.loguniform("readout__alpha", -10, 0)}
    for scoring, refit in (("neg_nrmse", True), ("r2", True),
                           (["r2", "neg_nrmse"], "neg_nrmse"),
                           ({"fit": "neg_mean_squared_error", "nrmse": "neg_nrmse_range"},
                            "fit")):
        search = HyperoptSearchCV(esn, space, max_evals=2, cv=2, scoring=scoring, refit=refit,
                                  random_state=0).fit(X, y)
        scores = [v for k, v in search.cv_results_.items() if k.startswith("mean_test_")]
        assert scores and all(np.all(np.isfinite(v)) for v in scores)
        assert search.scoring == scoring  # the parameter as given


def test_nrmse_scorer_in_a_search_over_series():
    """Check that a search over a list of series scored by get_scorer('neg_nrmse') finds
    finite scores (every trial scored NaN and best_params_ was arbitrary)."""
    # HyperoptSearchCV is the package's own search, on the optional hyperopt; the
    # grid search above checks the scorer without it
    pytest.importorskip("hyperopt", reason='needs pip install "skreservoir[hyperopt]"')
    from hyperopt import hp

    from skreservoir import ESNRegressor, Reservoir
    from skreservoir.model_selection import HyperoptSearchCV

    rng = np.random.default_rng(2)
    X = [rng.normal(size=(n, 1)) for n in (40, 50, 60, 70)]
    y = [np.roll(x[:, 0], -1) for x in X]
    search = HyperoptSearchCV(
        ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5),
        {"readout__alpha": hp.loguniform("readout__alpha", -10, 0)},
        max_evals=3, cv=2, scoring=get_scorer("neg_nrmse"), random_state=0,
    ).fit(X, y)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    assert np.isfinite(search.best_score_) and search.best_score_ < 0


@pytest.mark.parametrize(
    "name, normalization", [("neg_nrmse", "std"), ("neg_nrmse_range", "range"), ("neg_nrmse_var", "var")]
)
def test_get_scorer_our_names(regression, name, normalization):
    """Check that each of our scorer names scores minus nrmse with its normalisation."""
    X, y = regression
    model = Ridge().fit(X, y)
    expected = -nrmse(y, model.predict(X), normalization=normalization)
    assert_allclose(get_scorer(name)(model, X, y), expected, rtol=1e-12)


def test_get_scorer_returns_a_copy():
    """Check that get_scorer hands out a copy, so editing it leaves the module scorer intact."""
    assert get_scorer("neg_nrmse") is not neg_nrmse_scorer


def test_get_scorer_falls_through_to_sklearn(regression):
    """Check that other names, such as 'r2', are scikit-learn's scorers."""
    X, y = regression
    model = Ridge().fit(X, y)
    assert_allclose(get_scorer("r2")(model, X, y), r2_score(y, model.predict(X)), rtol=1e-12)
    with pytest.raises(ValueError, match=r"get_scorer\('neg_nrmse_minmax'\): 'neg_nrmse_minmax' "
                                         r"is neither a scikit-learn scorer name"):
        get_scorer("neg_nrmse_minmax")


@pytest.mark.parametrize("typo, meant", [
    ("neg_mean_squred_error", "'neg_mean_squared_error'"),
    ("nrmse", "'neg_nrmse'"),
    ("accuray", "'accuracy'"),
    ("rmse", "'neg_root_mean_squared_error'\\?"),  # not the normalised neg_nrmse
    ("mse", "'neg_mean_squared_error'\\?"),
])
def test_a_mistyped_scorer_name_gets_the_closest_names(typo, meant):
    """Check that a scorer name nobody knows is answered with the names it is close to
    (scikit-learn's own error listed none); 'nrmse' points to 'neg_nrmse'."""
    with pytest.raises(ValueError, match=f"Did you mean {meant}"):
        get_scorer(typo)
    with pytest.raises(ValueError, match="a scorer callable.$"):
        get_scorer("zzzzzz")


def test_spectral_radius_functions_equal_reservoirpy():
    """spectral_radius and effective_spectral_radius equal ReservoirPy's observables
    given the same matrix, dense and sparse."""
    observables = pytest.importorskip("reservoirpy.observables")
    import scipy.sparse as sp

    from skreservoir.metrics import effective_spectral_radius, spectral_radius

    rng = np.random.default_rng(0)
    dense = rng.normal(size=(60, 60)) / 8
    sparse = sp.random(400, 400, density=0.05, random_state=0, format="csr")
    for W in (dense, sparse):
        assert np.isclose(spectral_radius(W), observables.spectral_radius(W), rtol=1e-6)
        assert np.isclose(effective_spectral_radius(W, leak_rate=0.3),
                          observables.effective_spectral_radius(
                              W.toarray() if sp.issparse(W) else W, lr=0.3), rtol=1e-6)
    with pytest.raises(ValueError, match="square"):
        spectral_radius(np.ones((2, 3)))
    with pytest.raises(ValueError, match="leak_rate"):
        effective_spectral_radius(dense, leak_rate=0.0)


# --- parity with reservoirpy.observables (0.4.2) ---------------------------------


def test_effective_spectral_radius_is_the_eigenvalue_equation():
    """Check effective_spectral_radius = max |(1 - a) + a lambda_i(W)|, not the largest singular value."""
    from skreservoir.metrics import effective_spectral_radius

    rng = np.random.default_rng(1)
    W = np.triu(rng.normal(size=(30, 30)), k=1) + np.diag(rng.uniform(-0.5, 0.5, 30))
    leak_rate = 0.4
    eigenvalues = np.linalg.eigvals(W)
    expected = np.max(np.abs((1 - leak_rate) + leak_rate * eigenvalues))
    assert_allclose(effective_spectral_radius(W, leak_rate=leak_rate), expected, rtol=1e-10)
    # W is far from normal, so the largest singular value (ReservoirPy's
    # docstring wording) is a different number; both libraries compute the above.
    largest_singular = np.linalg.norm((1 - leak_rate) * np.eye(30) + leak_rate * W, ord=2)
    assert largest_singular > 1.5 * expected


@pytest.fixture
def observables():
    return pytest.importorskip("reservoirpy.observables")


def test_rmse_and_rsquare_match_reservoirpy_per_output(targets, observables):
    """Check that ReservoirPy's rmse and rsquare are scikit-learn's, output by output."""
    from sklearn.metrics import root_mean_squared_error

    y_true, y_pred = targets
    assert_allclose(
        observables.rmse(y_true, y_pred, dimensionwise=True),
        root_mean_squared_error(y_true, y_pred, multioutput="raw_values"),
        rtol=1e-12,
    )
    assert_allclose(
        observables.rsquare(y_true, y_pred, dimensionwise=True),
        r2_score(y_true, y_pred, multioutput="raw_values"),
        rtol=1e-12,
    )
    one_true, one_pred = y_true[:, 1], y_pred[:, 1]
    assert_allclose(
        observables.rsquare(one_true, one_pred), r2_score(one_true, one_pred), rtol=1e-12
    )
    assert_allclose(
        observables.rmse(one_true, one_pred),
        root_mean_squared_error(one_true, one_pred),
        rtol=1e-12,
    )


def test_reservoirpy_pools_outputs_where_we_average(targets, observables):
    """Check the documented difference on several outputs: ReservoirPy pools all values, we average per output."""
    y_true, y_pred = targets
    pooled_rmse = np.sqrt(np.mean((y_true - y_pred) ** 2))
    assert_allclose(observables.rmse(y_true, y_pred), pooled_rmse, rtol=1e-12)
    pooled_r2 = 1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_true.mean()) ** 2)
    assert_allclose(observables.rsquare(y_true, y_pred), pooled_r2, rtol=1e-12)
    assert not np.isclose(pooled_r2, r2_score(y_true, y_pred), rtol=1e-3)
    pooled_nrmse = pooled_rmse / np.ptp(y_true)
    assert_allclose(observables.nrmse(y_true, y_pred, norm="minmax"), pooled_nrmse, rtol=1e-12)
    ours = nrmse(y_true, y_pred, normalization="range")
    assert_allclose(ours, np.mean(_formula(y_true, y_pred, "range")), rtol=1e-12)
    assert not np.isclose(ours, pooled_nrmse, rtol=1e-3)


@pytest.mark.parametrize("ours, theirs", [("range", "minmax"), ("var", "var")])
def test_nrmse_raw_values_match_reservoirpy_dimensionwise(targets, observables, ours, theirs):
    """Check that nrmse per output equals ReservoirPy's dimensionwise nrmse."""
    y_true, y_pred = targets
    assert_allclose(
        nrmse(y_true, y_pred, normalization=ours, multioutput="raw_values"),
        observables.nrmse(y_true, y_pred, norm=theirs, dimensionwise=True),
        rtol=1e-12,
    )


@pytest.mark.parametrize("activation", ["identity", "tanh"])
def test_memory_capacity_close_to_reservoirpy(observables, activation):
    """Check that memory_capacity agrees with ReservoirPy's on the same reservoir and protocol sizes."""
    # Same definition (sum of squared correlations between u(t-k) and its
    # ridge recall). The protocols differ: ReservoirPy feeds the series from
    # step k_max on, drops k_max training states and scores its last
    # test_size; we feed all of it, drop max(washout, k_max) steps and
    # score the second half. The input draws differ too, so the values
    # agree to sampling error (observed 0.4% and 0.5%), not to round-off.
    from reservoirpy.nodes import Reservoir as RpyReservoir
    from reservoirpy.nodes import Ridge as RpyRidge

    from skreservoir import Reservoir

    rng = np.random.default_rng(0)
    n_units, k_max, n_timesteps = 50, 100, 4000
    W = rng.normal(size=(n_units, n_units))
    W *= 0.9 / np.max(np.abs(np.linalg.eigvals(W)))
    W_in = rng.uniform(-1, 1, size=(n_units, 1))
    ours = memory_capacity(
        Reservoir(W=W, W_in=W_in, bias=np.zeros(n_units), activation=activation),
        k_max=k_max,
        n_timesteps=n_timesteps,
        alpha=1e-8,  # ReservoirPy's ridge (ours defaults to least squares)
        random_state=0,
    )
    model = RpyReservoir(W=W, Win=W_in, bias=np.zeros(n_units), activation=activation)
    model = model >> RpyRidge(ridge=1e-8)
    series = np.random.default_rng(1).uniform(-1, 1, size=(n_timesteps, 1))
    theirs = observables.memory_capacity(model, k_max=k_max, series=series, test_size=0.5)
    assert_allclose(ours, theirs, rtol=0.03)


def test_nrmse_scores_a_panel_on_its_rows():
    """Check that nrmse takes a panel, a list of series of other lengths (what an ESN's
    predict returns for one) or a 3D array, as the rows of its series one after another
    (numpy's "inhomogeneous shape" and "Found array with dim 3" before), and says what
    is wrong where y_true and y_pred differ in layout."""
    rng = np.random.default_rng(0)
    truth = [rng.normal(size=(50, 2)), rng.normal(size=(70, 2))]
    predicted = [t + 0.1 * rng.normal(size=t.shape) for t in truth]
    expected = nrmse(np.concatenate(truth), np.concatenate(predicted))
    assert nrmse(truth, predicted) == pytest.approx(expected, rel=1e-15)
    cube, noisy = rng.normal(size=(4, 30, 1)), rng.normal(size=(4, 30, 1))
    assert nrmse(cube, noisy) == pytest.approx(nrmse(cube.reshape(-1, 1), noisy.reshape(-1, 1)))
    # a list of rows is still rows
    assert nrmse([[0.0, 1.0], [1.0, 3.0], [2.0, 5.0]],
                 [[0.0, 1.5], [1.5, 3.0], [2.0, 4.5]]) == pytest.approx(0.3018, abs=1e-4)
    with pytest.raises(ValueError, match="panels of the same series.*y_pred: not a panel"):
        nrmse(truth, np.concatenate(predicted))
    with pytest.raises(ValueError, match=r"y_true: series of \[50, 70\] steps; y_pred: "
                                         r"series of \[70, 50\] steps"):
        nrmse(truth, predicted[::-1])


def test_memory_capacity_at_extreme_amplitudes():
    """Check that the capacity does not depend on the input's units where the states are
    the same (a user battery: amplitude 1e100 gave NaN, the sums of squares of the
    targets overflowing), and that an input too small for float64 to resolve in the
    states warns (amplitude 1e-20: MC 0.007 of about 10, silently)."""
    import warnings

    from skreservoir import Reservoir
    from skreservoir.metrics import memory_capacity

    reservoir = Reservoir(n_units=30, random_state=0)
    kwargs = dict(k_max=10, n_timesteps=500, random_state=0)
    # a tanh reservoir saturated the same way by 1e10 and by 1e200
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        large = [memory_capacity(reservoir, amplitude=a, **kwargs) for a in (1e10, 1e200)]
        small = memory_capacity(reservoir, amplitude=1e-10, **kwargs)
    assert np.isfinite(large).all()
    assert large[1] == pytest.approx(large[0], rel=1e-9)
    assert small == pytest.approx(10.0, abs=0.01)
    with pytest.warns(UserWarning, match=r"the states move over time by at most .* below "
                                         r"what float64 resolves.*amplitude=1e-20"):
        memory_capacity(reservoir, amplitude=1e-20, **kwargs)


def test_memory_capacity_warns_at_the_resolution_of_float32():
    """Check that the unresolved-input warning reads the states' own precision: a float32
    reservoir at amplitude 1e-8 read MC 0.006 without a word (a review)."""
    from skreservoir import Reservoir
    from skreservoir.metrics import memory_capacity

    with pytest.warns(UserWarning, match=r"below what float32 resolves"):
        memory_capacity(Reservoir(n_units=30, random_state=0, dtype="float32"),
                        amplitude=1e-8, k_max=10, n_timesteps=500, random_state=0)


def test_metrics_refuse_complex_values_by_name():
    """Check that complex targets are refused in one line naming them (a user battery:
    scikit-learn's "Complex data not supported" followed by the whole array)."""
    from skreservoir.metrics import nrmse

    y = np.random.default_rng(0).random((10, 1)) + 1j
    with pytest.raises(ValueError, match=r"^y_true holds complex numbers") as info:
        nrmse(y, y.real)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("call, match", [
    (lambda m, y: m.nrmse(y, y + 0.1, norm="minmax"),
     r"nrmse\(\) got 'norm', ReservoirPy's keyword: pass normalization= \('range'"),
    (lambda m, y: m.nrmse(y, y + 0.1, normalization="minmax"),
     r"'minmax' is ReservoirPy's name of 'range'"),
    (lambda m, y: m.nrmse(y, y + 0.1, normalization="q1q3"),
     r"'q1q3'.*has no name here: compute .*scipy\.stats\.iqr"),
    (lambda m, y: m.nrmse(y, y + 0.1, dimensionwise=True), r"multioutput='raw_values'"),
    (lambda m, y: m.effective_spectral_radius(np.eye(3), lr=0.3), r"pass leak_rate"),
    (lambda m, y: m.spectral_radius(np.eye(3), maxiter=10), r"sets its own iterations"),
    (lambda m, y: m.memory_capacity(None, 20),
     r"takes 1 positional argument\(s\) but 2 were given: pass ReservoirPy's k_max by name"),
    (lambda m, y: m.memory_capacity(None, as_list=True), r"pass return_curve=True"),
    (lambda m, y: m.memory_capacity(None, seed=0), r"pass random_state"),
])
def test_reservoirpy_observables_names_say_ours(call, match):
    """Check that ReservoirPy's keywords of its observables name ours (a ReservoirPy
    battery: Python's bare 'unexpected keyword argument' and 'takes 1 positional
    argument'), as the datasets' and the estimators' do."""
    import skreservoir.metrics as metrics

    with pytest.raises((TypeError, ValueError), match=match):
        call(metrics, np.arange(10.0))


def test_reservoirpy_observable_names_point_to_scikit_learn():
    """Check that rsquare, rmse and mse (ReservoirPy's) name scikit-learn's functions, and
    datasets.one_hot_encode scikit-learn's encoder."""
    import skreservoir.datasets as datasets
    import skreservoir.metrics as metrics

    with pytest.raises(AttributeError, match=r"'rsquare' \(ReservoirPy's name\): use "
                                             r"sklearn\.metrics\.r2_score"):
        metrics.rsquare  # noqa: B018
    with pytest.raises(AttributeError, match=r"root_mean_squared_error"):
        metrics.rmse  # noqa: B018
    with pytest.raises(AttributeError, match=r"OneHotEncoder"):
        datasets.one_hot_encode  # noqa: B018
    with pytest.raises(AttributeError, match=r"no attribute 'nothing'$"):
        metrics.nothing  # noqa: B018


def test_metrics_name_none_and_non_finite_rows():
    """Check that a metric given None says so (a battery: "Input y_true contains NaN"), and
    that NaN or inf in either array is named with its first row and the fix."""
    y = np.sin(np.arange(50) / 3)
    with pytest.raises(TypeError, match="y_true is None; pass the targets"):
        nrmse(None, y)
    with pytest.raises(TypeError, match="y_pred is None; pass the predictions"):
        nrmse(y, None)
    bad = y.copy()
    bad[[3, 9]] = [np.nan, np.inf]
    with pytest.raises(ValueError, match=r"y_pred contains NaN or inf, in 2 row\(s\) \(the first "
                                         r"at row 3\).*y_true\[keep\]"):
        nrmse(y, bad)
    with pytest.raises(ValueError, match=r"y_true contains NaN or inf, in 2 row"):
        nrmse(bad, y)


def test_a_list_of_equal_length_series_is_scored_as_their_rows():
    """Check that a list of 1D series of one length (predict's output for a panel of 1D
    targets) is scored as the series' rows one after another, as a ragged list is (a
    review: read as a 2D array, the series were samples and the steps outputs: NRMSE
    0.477 against 0.102), while a list of rows stays rows."""
    rng = np.random.default_rng(0)
    truth = [np.sin(np.arange(30) / 3 + k) for k in range(3)]
    predicted = [t + 0.1 * rng.normal(size=30) for t in truth]
    assert nrmse(truth, predicted) == pytest.approx(
        nrmse(np.concatenate(truth), np.concatenate(predicted)), rel=1e-12)
    rows = [np.array([1.0, 2.0]), np.array([2.0, 3.0]), np.array([3.0, 5.0])]
    assert nrmse(rows, rows) == 0.0
    assert nrmse([[1.0, 2.0], [2.0, 3.0], [3.0, 5.0]], np.vstack(rows)) == 0.0
