"""Tests of the forecasters' automatic settings, divergence guard, intervals and AutoESNForecaster."""

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy.stats import norm

pytest.importorskip("sktime")

from sklearn.linear_model import Ridge, RidgeCV  # noqa: E402
from sktime.utils.estimator_checks import check_estimator  # noqa: E402

from skreservoir import Reservoir  # noqa: E402
from skreservoir._base import auto_washout  # noqa: E402
from skreservoir.datasets import mackey_glass  # noqa: E402
from skreservoir.exceptions import ForecastDivergenceWarning  # noqa: E402
from skreservoir.forecasting import (  # noqa: E402
    AutoESNForecaster,
    ESNForecaster,
    NVARForecaster,
)
from skreservoir.forecasting._numeric import ridge_loo  # noqa: E402


@pytest.fixture(scope="module")
def mg_series():
    return pd.Series(mackey_glass(500)[:, 0], name="mg")


def test_ridge_loo_equals_refits_and_ridgecv():
    """Check that the leave-one-out residuals equal refits without the row, alpha RidgeCV's."""
    rng = np.random.default_rng(0)
    F = rng.normal(size=(120, 15))
    T = F @ rng.normal(size=(15, 1)) + rng.normal(size=(120, 1))
    alphas = np.logspace(-3, 3, 13)
    alpha, residuals, _ = ridge_loo(F, T, fit_intercept=True, alphas=alphas)
    assert alpha == RidgeCV(alphas=alphas).fit(F, T[:, 0]).alpha_
    for i in (0, 57, 119):
        model = Ridge(alpha=alpha).fit(np.delete(F, i, 0), np.delete(T, i, 0))
        assert_allclose(residuals[i], T[i] - model.predict(F[i : i + 1])[0], rtol=1e-8)


def test_auto_washout_is_where_the_states_forget_the_start(mg_series):
    """Check that two starts agree to 1e-4 after the automatic washout, not before."""
    U = mg_series.to_numpy()[:300, None]
    # a reservoir that forgets within a quarter of the 300 steps (40 to 60 steps
    # over seeds; with Reservoir's defaults, radius 1.0 and a weaker drive, about 90)
    params = dict(
        n_units=50,
        leak_rate=0.3,
        spectral_radius=0.9,
        input_scaling=1.0,
        bias_scaling=1.0,
        random_state=0,
    )
    reservoir = Reservoir(**params).fit(U)
    washout = auto_washout(reservoir, U)
    assert 1 < washout < 75
    forecaster = ESNForecaster(Reservoir(**params))
    forecaster.fit(mg_series[:300])
    assert forecaster.washout_[0] > 0 and forecaster.alpha_[0] > 0


def test_divergence_guard_holds_and_warns():
    """Check that a forecast leaving the training range is held at the bound and warns."""
    y = pd.Series(np.arange(60.0))  # a ramp: the increment model walks out of range
    forecaster = ESNForecaster(
        Reservoir(n_units=20, random_state=0),
        target="difference",
        alpha=1e-6,
        detrend=False,
        difference=False,
    )
    forecaster.fit(y, fh=range(1, 201))
    with pytest.warns(ForecastDivergenceWarning, match="Increase alpha"):
        pred = forecaster.predict()
    assert pred.max() <= 59 + 59 + 1e-9
    assert np.all(np.isfinite(pred))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ForecastDivergenceWarning)
        forecaster.predict(fh=range(1, 11))  # inside the range: silent


def test_divergence_guard_drops_diverging_members(mg_series):
    """Check that members that leave the range are dropped from the ensemble mean."""
    forecaster = ESNForecaster(
        # inputs and bias scaled by 1: every member stays in range before the push
        Reservoir(
            n_units=30, spectral_radius=0.5, input_scaling=1.0, bias_scaling=1.0, random_state=0
        ),
        n_ensemble=3,
        alpha=1e-4,
        random_state=0,
    )
    forecaster.fit(mg_series[:300], fh=range(1, 51))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ForecastDivergenceWarning)
        expected = forecaster.predict().to_numpy()
    # make member 0 diverge: a huge constant output
    forecaster.estimators_[0].readout_.intercept_ = (
        forecaster.estimators_[0].readout_.intercept_ + 1e3
    )
    with pytest.warns(ForecastDivergenceWarning, match="1 of 3"):
        pred = forecaster.predict().to_numpy()
    others = forecaster._point_paths(forecaster.fh)[:, :, 0]
    assert others.shape[0] == 2
    assert_allclose(pred, others.mean(axis=0), rtol=1e-10)
    assert not np.allclose(pred, expected)


def _ar1(n, phi, sigma, seed):
    rng = np.random.default_rng(seed)
    y = np.zeros(n)
    for t in range(1, n):
        y[t] = phi * y[t - 1] + sigma * rng.normal()
    return y


def test_intervals_are_calibrated_on_ar1():
    """Check that 90% intervals of a single ESN cover an AR(1)'s true distribution 85-95%.

    The coverage of every interval is computed exactly from the true
    predictive distribution N(phi^h y_c, sigma^2 (1 - phi^2h) / (1 - phi^2)),
    so it is not a count of a few hits; an interval of the reservoir draw
    alone (the old ensemble spread) would cover nearly nothing.
    """
    phi, sigma, horizon = 0.8, 1.0, 5
    y = _ar1(900, phi, sigma, seed=0)
    steps = np.arange(1, horizon + 1)
    true_sd = sigma * np.sqrt((1 - phi ** (2 * steps)) / (1 - phi**2))
    coverages, ratios = [], []
    for cut in range(500, 900, 50):
        forecaster = ESNForecaster(Reservoir(n_units=30, random_state=0), random_state=0)
        forecaster.fit(pd.Series(y[:cut]), fh=steps)
        interval = forecaster.predict_interval(coverage=0.9).to_numpy()
        mean = phi**steps * y[cut - 1]
        lower, upper = interval[:, 0], interval[:, 1]
        coverages.append(norm.cdf((upper - mean) / true_sd) - norm.cdf((lower - mean) / true_sd))
        ratios.append((upper - lower) / (2 * norm.ppf(0.95) * true_sd))
    coverage, ratio = np.mean(coverages), np.median(ratios)
    assert 0.85 <= coverage <= 0.95, coverage
    assert 0.8 <= ratio <= 1.25, ratio


def test_nvar_forecaster_gives_intervals(mg_series):
    """Check that NVARForecaster gives ordered, reproducible quantiles around its forecast."""
    forecaster = NVARForecaster(standardize=True).fit(mg_series[:400], fh=range(1, 21))
    quantiles = forecaster.predict_quantiles(alpha=[0.05, 0.5, 0.95]).to_numpy()
    assert np.all(np.diff(quantiles, axis=1) >= 0)
    point = forecaster.predict().to_numpy()
    assert np.all((quantiles[:, 0] <= point + 1e-6) & (point <= quantiles[:, 2] + 1e-6))
    assert_allclose(forecaster.predict_quantiles(alpha=[0.05, 0.5, 0.95]), quantiles, rtol=0)
    assert forecaster.alpha_[0] > 0


def test_auto_esn_forecaster_fits_and_reports(mg_series, capsys):
    """Check AutoESNForecaster: cv_results_, best_params_, verbose, and a sound forecast."""
    forecaster = AutoESNForecaster(budget=4, n_best=2, n_units=40, verbose=1, random_state=0)
    forecaster.fit(mg_series[:400], fh=range(1, 11))
    assert "candidate 4/4" in capsys.readouterr().out
    results = forecaster.cv_results_
    assert len(results) == 4 and set(results["rank_test_score"]) == {1, 2, 3, 4}
    best = results.loc[results["rank_test_score"] == 1].iloc[0]
    assert forecaster.best_params_["spectral_radius"] == best["spectral_radius"]
    assert forecaster.ensemble_[0] == best.name
    assert len(forecaster.forecasters_) == len(forecaster.ensemble_) <= 2
    error = forecaster.predict() - mg_series[400:410]
    assert np.sqrt(np.mean(error**2)) / mg_series.std() < 0.1
    assert forecaster.predict_interval(coverage=0.9).shape == (10, 2)


def test_auto_esn_forecaster_with_lags(mg_series):
    """Check n_lags: validated and fitted with the lags, a sound forecast, bad values raise."""
    forecaster = AutoESNForecaster(budget=3, n_best=2, n_units=40, n_lags=3, random_state=0)
    forecaster.fit(mg_series[:400], fh=range(1, 11))
    assert all(member.n_lags == 3 for member in forecaster.forecasters_)
    assert np.all(np.isfinite(forecaster.cv_results_["mean_test_score"]))
    plain = AutoESNForecaster(budget=3, n_best=2, n_units=40, random_state=0)
    plain.fit(mg_series[:400], fh=range(1, 11))
    assert not np.allclose(
        plain.cv_results_["mean_test_score"], forecaster.cv_results_["mean_test_score"]
    )
    error = forecaster.predict() - mg_series[400:410]
    assert np.sqrt(np.mean(error**2)) / mg_series.std() < 0.1
    with pytest.raises(ValueError, match="n_lags must be an int >= 1"):
        AutoESNForecaster(budget=2, n_best=1, n_lags=0).fit(mg_series[:100])


def test_auto_esn_forecaster_check_estimator():
    """Check that sktime's check_estimator passes in full on AutoESNForecaster."""
    results = check_estimator(AutoESNForecaster, raise_exceptions=False, verbose=False)
    failed = {name: result for name, result in results.items() if result != "PASSED"}
    assert len(results) > 50
    assert failed == {}


def test_auto_esn_forecaster_drops_diverging_candidates(mg_series):
    """Check that a best candidate whose forecast diverges is left out of the mean."""
    import copy

    forecaster = AutoESNForecaster(budget=2, n_best=1, n_units=30, random_state=0)
    forecaster.fit(mg_series[:300], fh=range(1, 21))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ForecastDivergenceWarning)
        expected = forecaster.predict().to_numpy()
    broken = copy.deepcopy(forecaster.forecasters_[0])
    readout = broken.estimators_[0].readout_
    readout.intercept_ = readout.intercept_ + 1e3
    forecaster.forecasters_ = [forecaster.forecasters_[0], broken]
    with pytest.warns(ForecastDivergenceWarning, match="1 of 2 best candidates"):
        pred = forecaster.predict().to_numpy()
    assert_allclose(pred, expected, rtol=1e-12)


def test_ridge_path_equals_sklearn_ridge():
    """Check that every penalty of ridge_path gives scikit-learn's Ridge fit."""
    from skreservoir._autotune import ridge_path

    rng = np.random.default_rng(1)
    F = rng.normal(size=(80, 6))
    T = F @ rng.normal(size=(6, 2)) + 0.1 * rng.normal(size=(80, 2)) + 3.0
    alphas = [1e-6, 0.1, 10.0]
    coefs, intercepts = ridge_path(F, T, alphas)
    for alpha, coef, intercept in zip(alphas, coefs, intercepts):
        expected = Ridge(alpha=alpha).fit(F, T)
        assert_allclose(coef, expected.coef_.T, atol=1e-10)
        assert_allclose(intercept, expected.intercept_, atol=1e-10)


@pytest.mark.parametrize("target, n_lags", [("next", 1), ("difference", 1), ("next", 3)])
def test_closed_loop_errors_equal_a_loop_written_out(mg_series, target, n_lags):
    """Check the side-by-side closed loops against one loop per path, step by step.

    x(t+1) = (1 - a) x(t) + a tanh(W_in u + b + W x(t)), y = [u; lags; x] w + c
    (lags: y(t-1), ..., y(t-n_lags+1), the first value before the start), fed
    back as the next u (and into the lags), the readout fitted by ridge on the
    rows before the first origin.
    """
    from skreservoir._autotune import closed_loop_errors

    Y = ((mg_series - mg_series.mean()) / mg_series.std()).to_numpy()[:300, None]
    reservoir = Reservoir(n_units=30, leak_rate=0.4, random_state=0).fit(Y[:-1])
    origins, horizon, alphas, washout = [220, 250, 280], 15, [1e-6, 1e-2], 20
    bounds = (np.array([-5.0]), np.array([5.0]))
    errors, _ = closed_loop_errors(
        reservoir,
        Y,
        washout=washout,
        origins=origins,
        horizon=horizon,
        target=target,
        alphas=alphas,
        bounds=bounds,
        n_lags=n_lags,
    )
    W, W_in, b, a = reservoir.W_.toarray(), reservoir.W_in_, reservoir.bias_, 0.4
    states, x = [], np.zeros(30)
    for u in Y[:-1]:
        x = (1 - a) * x + a * np.tanh(W_in @ u + b + W @ x)
        states.append(x)
    states = np.array(states)
    T = Y[1:] - Y[:-1] if target == "difference" else Y[1:]
    lags = [[Y[max(t - j, 0), 0] for j in range(1, n_lags)] for t in range(len(Y) - 1)]
    F = np.hstack([Y[:-1], np.reshape(lags, (len(Y) - 1, n_lags - 1)), states])
    for i, alpha in enumerate(alphas):
        ridge = Ridge(alpha=alpha).fit(F[washout : origins[0] - 1], T[washout : origins[0] - 1])
        for j, origin in enumerate(origins):
            x, u, path = states[origin - 2], Y[origin - 1], []
            history = list(Y[: origin - 1, 0])  # y before u
            for _ in range(horizon):
                x = (1 - a) * x + a * np.tanh(W_in @ u + b + W @ x)
                earlier = [history[max(len(history) - j, 0)] for j in range(1, n_lags)]
                y = np.ravel(ridge.predict(np.concatenate([u, earlier, x])[None]))
                history.append(u[0])
                u = np.clip(y + u if target == "difference" else y, -5.0, 5.0)
                path.append(u)
            expected = np.mean(np.abs(np.array(path) - Y[origin : origin + horizon]))
            assert_allclose(errors[i, j], expected, rtol=1e-8)


def test_autocorrelation_time_of_known_series():
    """Check the lag where the autocorrelation falls below 1/e: AR(1) and a sine."""
    from skreservoir._autotune import autocorrelation_time

    # a sine of period 50: cos(2 pi k / 50) < 1/e from k = 10 (0.309; k = 9: 0.426)
    t = np.arange(5000)
    assert autocorrelation_time(np.sin(2 * np.pi * t / 50)[:, None]) == 10
    # AR(1) with phi = 0.5: 0.5 at lag 1, 0.25 at lag 2
    rng = np.random.default_rng(0)
    y = np.zeros(20000)
    for i in range(1, len(y)):
        y[i] = 0.5 * y[i - 1] + rng.normal()
    assert autocorrelation_time(y[:, None]) == 2


def test_select_ensemble_adds_members_only_while_the_mean_improves():
    """Check the greedy selection on paths whose best mean is known.

    Truth 0; candidate 2 (+0.9) is the best alone; averaged with candidate 1
    (-1) it gives -0.05 (better: joins); adding candidate 0 (+1) then gives
    +0.3 (worse: stops).
    """
    from skreservoir._autotune import select_ensemble

    truth = np.zeros((3, 4, 1))
    paths = np.stack([np.full((3, 4, 1), v) for v in (1.0, -1.0, 0.9)])
    members, score = select_ensemble(paths, truth, 2, 3, 1e-3)
    assert members == [2, 1]
    assert_allclose(score, 0.05)
    assert select_ensemble(paths, truth, 2, 1, 1e-3) == ([2], pytest.approx(0.9))


def test_auto_esn_forecaster_replaces_a_member_that_diverges_once_refitted(mg_series):
    """Check that a chosen candidate whose whole-series fit diverges gives way to the next best."""
    plain = AutoESNForecaster(budget=4, n_best=1, n_units=30, random_state=0)
    plain.fit(mg_series[:300], fh=range(1, 21))
    best = plain.ensemble_[0]
    params = plain.cv_results_.loc[best, ["spectral_radius", "leak_rate", "input_scaling"]]

    class BrokenESN(ESNForecaster):
        def _fit(self, y, X, fh):
            super()._fit(y, X, fh)
            readout = self.estimators_[0].readout_
            readout.intercept_ = readout.intercept_ + 1e3
            return self

    class Auto(AutoESNForecaster):
        def _forecaster(self, candidate, seed):
            forecaster = super()._forecaster(candidate, seed)
            if all(candidate.get(k) == v for k, v in params.items()):
                return BrokenESN(**forecaster.get_params(deep=False))
            return forecaster

    forecaster = Auto(budget=4, n_best=1, n_units=30, random_state=0)
    forecaster.fit(mg_series[:300], fh=range(1, 21))
    scores = forecaster.cv_results_["mean_test_score"].to_numpy()
    assert forecaster.ensemble_ == [int(np.argsort(scores, kind="stable")[1])]
    with warnings.catch_warnings():
        warnings.simplefilter("error", ForecastDivergenceWarning)
        forecaster.predict()
