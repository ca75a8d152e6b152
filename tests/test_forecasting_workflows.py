"""Tests of the forecasters inside sktime's workflows: tuning, exogenous data, warnings."""

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("sktime", reason="sktime is an optional extra (pip install \"skreservoir[sktime]\")")

from sktime.datasets import load_airline, load_longley, load_uschange  # noqa: E402
from sktime.forecasting.model_selection import ForecastingGridSearchCV  # noqa: E402
from sktime.split import ExpandingWindowSplitter  # noqa: E402

from skreservoir import Reservoir  # noqa: E402
from skreservoir.classification import ESNTimeSeriesClassifier  # noqa: E402
from skreservoir.datasets import lorenz  # noqa: E402
from skreservoir.exceptions import ForecastDivergenceWarning, InSampleStartWarning  # noqa: E402
from skreservoir.forecasting import (  # noqa: E402
    AutoESNForecaster,
    ESNForecaster,
    NVARForecaster,
)
from skreservoir.forecasting._base import (  # noqa: E402
    RUNAWAY_AUTO_HINT,
    RUNAWAY_INCREMENTS_REASON,
    RUNAWAY_LEVELS_REASON,
)
from skreservoir.forecasting._models import DEFAULT_RESERVOIR  # noqa: E402


def test_nested_reservoir_params_on_the_default_reservoir():
    """Check that reservoir__... sets the default reservoir of ESNForecaster()."""
    forecaster = ESNForecaster(random_state=0)
    params = forecaster.get_params()
    assert params["reservoir__spectral_radius"] == DEFAULT_RESERVOIR["spectral_radius"]
    forecaster.set_params(reservoir__spectral_radius=0.9)
    assert isinstance(forecaster.reservoir, Reservoir)
    reservoir_params = forecaster.reservoir.get_params()
    assert reservoir_params["spectral_radius"] == 0.9
    for name in ("n_units", "leak_rate", "input_scaling", "density"):
        assert reservoir_params[name] == DEFAULT_RESERVOIR[name]

    # the default value set explicitly gives the forecast of the default
    y = load_airline()[:60]
    default = ESNForecaster(random_state=0).fit(y, fh=[1, 2, 3]).predict()
    explicit = ESNForecaster(random_state=0).set_params(reservoir__spectral_radius=0.5)
    assert_allclose(explicit.fit(y, fh=[1, 2, 3]).predict(), default, rtol=1e-12)


def test_get_params_fed_back_to_set_params_leaves_the_default_parts_none():
    """Check that set_params(**get_params()) of ESNForecaster(), ESNRegressor() and
    ESNTransformer() leaves their parameters as they were (sktime's test_set_params on
    the default instance failed: the default reservoir's listed parameters, fed back,
    turned reservoir=None into a Reservoir), while a nested value other than the
    default's still builds the part."""
    from sktime.utils.estimator_checks import check_estimator

    from skreservoir import ESNRegressor, ESNTransformer

    for estimator in (ESNForecaster(random_state=0), ESNRegressor(), ESNTransformer()):
        params = estimator.get_params()
        estimator.set_params(**params)
        assert estimator.reservoir is None
        assert estimator.get_params().keys() == params.keys()
        estimator.set_params(**{**params, "reservoir__leak_rate": 0.9})
        assert estimator.reservoir.leak_rate == 0.9
    results = check_estimator(ESNForecaster(random_state=0), raise_exceptions=False,
                              tests_to_run=["test_set_params"])
    assert results and all(value == "PASSED" for value in results.values()), results


def _two_sines(seed, n=1000, noise=0.02):
    t = np.arange(n)
    rng = np.random.default_rng(seed)
    return pd.Series(np.sin(2 * np.pi * t / 100) + 0.5 * np.sin(2 * np.pi * t / 37 + 1)
                     + noise * rng.standard_normal(n))


def _runaway_warnings(forecaster, y, horizon=200):
    from skreservoir.exceptions import ForecastSkillWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        forecast = forecaster.fit(y, fh=np.arange(1, horizon + 1)).predict()
    return forecast, [w for w in caught if issubclass(w.category, ForecastSkillWarning)
                      and "runs away" in str(w.message)]


def test_a_differenced_forecast_that_runs_away_from_a_bounded_series_warns():
    """Check that a bounded series modelled by its increments whose forecast runs out of
    its range on a drift it does not have warns, naming difference=False (a
    chaotic-systems battery's finely sampled flows: differenced by the Dickey-Fuller
    rule, forecast as straight lines off the attractor, with no warning), and that
    the same series not differenced, or a trended series, does not."""
    y = _two_sines(0)
    forecast, said = _runaway_warnings(NVARForecaster(difference=True), y)
    assert forecast.max() > y.max() + 0.1 * (y.max() - y.min())  # the ramp, as found
    assert len(said) == 1
    message = str(said[0].message)
    assert "modelled by its increments" in message and "difference=False" in message
    # the text AutoESNForecaster rewrites for its members (a review: unchecked)
    assert RUNAWAY_INCREMENTS_REASON in message
    assert said[0].filename == __file__
    _, said = _runaway_warnings(NVARForecaster(difference=False), y)
    assert said == []
    # a trended series' curvature goes on past its detrended range in good forecasts
    trended = pd.Series(np.cumsum(np.linspace(0.5, 1.5, 200)))
    _, said = _runaway_warnings(NVARForecaster(difference=True), trended, horizon=40)
    assert said == []
    # a column named by its name
    frame = pd.DataFrame({"flow": y, "other": _two_sines(1, noise=0.5)})
    _, said = _runaway_warnings(NVARForecaster(difference=True), frame)
    assert said and "column 'flow' of y" in str(said[0].message)


def _ar1(n, phi, seed, burn=300):
    rng = np.random.default_rng(seed)
    e = rng.standard_normal(n + burn)
    y = np.zeros(n + burn)
    for t in range(n + burn):
        y[t] = e[t] + (phi * y[t - 1] if t else 0.0)
    return pd.Series(10 + y[burn:])


def test_a_forecast_of_levels_that_settles_out_of_the_range_warns():
    """Check that a series modelled by its levels whose forecast leaves the training
    range warns (a user battery: ESNForecaster() on an AR(1) at 0.9 of 300 points,
    range 5.8 to 15.3, forecast down to 0.7 at 24 steps, at 20 times the optimal
    squared error, silently; the stationary model's forecast returns toward the
    mean), that the forecast is left as it was, and that a forecast that stays in
    the range does not warn."""
    y = _ar1(324, 0.9, 31346)[:300]
    forecaster = ESNForecaster(random_state=0)
    forecast, said = _runaway_warnings(forecaster, y, horizon=24)
    assert not forecaster.transform_.difference_.any()
    assert forecast.min() < y.min() - 0.1 * (y.max() - y.min())
    assert len(said) == 1
    message = str(said[0].message)
    assert "modelled by its levels" in message and "difference_ is False" in message
    assert RUNAWAY_LEVELS_REASON in message and RUNAWAY_AUTO_HINT in message
    assert "below it" in message and "AutoESNForecaster()" in message
    assert said[0].filename == __file__
    # warned, not changed
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = ESNForecaster(random_state=0).fit(y, fh=np.arange(1, 25)).predict()
    pd.testing.assert_series_equal(again, forecast)
    for seed in (31341, 31342):
        forecast, said = _runaway_warnings(ESNForecaster(random_state=0),
                                           _ar1(300, 0.9, seed), horizon=24)
        assert said == []
    # given X, the levels follow X's future out of its range: not warned (a review's
    # case: y = 5 + 2 x + u, x a random walk, forecast at 1.23 times the optimal)
    rng = np.random.default_rng(101)
    x = np.cumsum(rng.standard_normal(174))
    u = np.zeros(174)
    for t in range(1, 174):
        u[t] = 0.5 * u[t - 1] + rng.standard_normal()
    index = pd.period_range("2000-01", periods=174, freq="M")
    y = pd.Series(5 + 2 * x + u, index=index)
    X = pd.DataFrame({"x": x}, index=index)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        forecaster = ESNForecaster(random_state=0).fit(y[:150], X=X[:150], fh=range(1, 25))
        forecast = forecaster.predict(X=X[150:])
    assert not forecaster.transform_.difference_.any()
    low, high = y[:150].min(), y[:150].max()
    assert forecast.max() > high + 0.1 * (high - low) or forecast.min() < low - 0.1 * (high - low)
    assert not [w for w in caught if "modelled by its levels" in str(w.message)]


def test_the_runaway_warning_is_not_given_where_the_divergence_guard_replaced_all():
    """Check that a forecast the divergence guard replaced in every member (each
    variable that left takes the series' mean) gives its ForecastDivergenceWarning
    alone, not the runaway warning too, whose advice and numbers contradicted it (a
    review: macroeconomic's unemp 'ending below' a range it had left above)."""
    from sktime.datasets import load_macroeconomic

    from skreservoir.exceptions import ForecastDivergenceWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        NVARForecaster().fit(load_macroeconomic()).predict(np.arange(1, 49))
    assert any(issubclass(w.category, ForecastDivergenceWarning) for w in caught)
    assert not [w for w in caught if "runs away" in str(w.message)]


def _seasonal_walk(seed, n=160):
    rng = np.random.default_rng(seed)
    e, y = rng.standard_normal(n + 100), np.zeros(n + 100)
    for t in range(12, n + 100):
        y[t] = y[t - 12] + e[t]
    return pd.Series(y[100:], index=pd.period_range("2000-01", periods=n, freq="M"))


@pytest.mark.parametrize("model", [ESNForecaster, NVARForecaster])
def test_a_season_that_wanders_warns_with_the_seasonal_differencer(model):
    """Check that a seasonal random walk warns at fit (ForecastSkillWarning), naming
    sktime's Differencer(lags=[12]) and NaiveForecaster(sp=12): its fixed profile goes
    out of date and the forecast was several times worse than the last season repeated,
    silently (a sktime workflow battery); a fixed season on a random walk, and
    airline, do not warn."""
    from skreservoir.exceptions import ForecastSkillWarning

    with pytest.warns(ForecastSkillWarning, match=r"the season wanders: y's .* are "
                      r"autocorrelated at the season's lag \(0\.\d+ at lag 12.*"
                      r"Differencer\(lags=\[12\]\) \* " + model.__name__
                      + r"\(\).*NaiveForecaster\(sp=12\)") as caught:
        model().fit(_seasonal_walk(0), fh=[1, 2, 3])
    assert caught[0].filename == __file__
    rng = np.random.default_rng(0)
    fixed = pd.Series(np.tile(rng.normal(0, 3, 12), 14)[:160]
                      + np.cumsum(rng.standard_normal(160)),
                      index=pd.period_range("2000-01", periods=160, freq="M"))
    for y in (fixed, load_airline()):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model().fit(y, fh=[1, 2, 3])
        assert not [w for w in caught if "season wanders" in str(w.message)]


def test_auto_says_a_season_wanders_unless_it_falls_back():
    """Check that AutoESNForecaster says a season wanders where it keeps its reservoirs'
    forecast (its members' warning was swallowed: seasonal walks forecast at 2 to 9
    times the seasonal naive's error, silently), and not where it falls back on the
    naive forecast, which repeats the last season."""
    from skreservoir.exceptions import ForecastSkillWarning

    for seed, falls_back in ((0, False), (1, True)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            auto = AutoESNForecaster(random_state=0).fit(_seasonal_walk(seed),
                                                         fh=list(range(1, 13)))
        said = [w for w in caught if issubclass(w.category, ForecastSkillWarning)
                and "season wanders" in str(w.message)]
        assert (auto.fallback_ is not None) == falls_back
        assert len(said) == (0 if falls_back else 1)
        if said:
            assert "AutoESNForecaster: the season wanders" in str(said[0].message)


def test_grid_search_over_the_default_reservoir():
    """Check that ForecastingGridSearchCV tunes reservoir__ of ESNForecaster()."""
    y = load_airline()[:72]
    search = ForecastingGridSearchCV(
        ESNForecaster(random_state=0),
        cv=ExpandingWindowSplitter(initial_window=48, step_length=12, fh=[1, 2, 3]),
        param_grid={"reservoir__spectral_radius": [0.3, 0.9]},
    )
    search.fit(y, fh=[1, 2, 3])
    assert search.best_params_["reservoir__spectral_radius"] in (0.3, 0.9)
    assert search.predict().shape == (3,)


def test_nested_params_of_a_none_part_that_cannot_be_defaulted():
    """Check that readout__/reservoir__ on a None part that stands for more raise a clear error."""
    with pytest.raises(ValueError, match="readout is None.*tune 'alpha'"):
        ESNForecaster().set_params(readout__alpha=1.0)
    with pytest.raises(ValueError, match="reservoir is None.*n_reservoirs"):
        ESNTimeSeriesClassifier().set_params(reservoir__spectral_radius=0.9)
    # a classification port: classifier__alphas said AttributeError of None.set_params
    with pytest.raises(ValueError, match=r"classifier__alphas but classifier is None.*"
                                         r"classifier=RidgeClassifierCV"):
        ESNTimeSeriesClassifier().set_params(classifier__alphas=[1.0])


def test_nvar_advice_says_order_first_where_features_outnumber_rows():
    """Check NVARForecaster's divergence advice where its monomials outnumber the rows
    (longley with its X: 91 features on 12 rows; a port was told to raise an alpha already
    at the top of alpha='auto''s grid, or to standardise, neither of which helped)."""
    y, X = load_longley()
    advice = NVARForecaster().fit(y[:-4], X=X[:-4], fh=[1])._advice()
    assert advice.startswith("Lower order or delay first: its 91 features outnumber the 12 "
                             "rows it learns from")
    last = NVARForecaster._LAST_RESORT
    assert advice.endswith("or set standardize=True (standardize='auto' left the series "
                           "unscaled)." + last)
    alone = NVARForecaster().fit(y[:-4], fh=[1])._advice()  # 6 features: as before
    assert alone.endswith(", or lower order or delay." + last) and "first" not in alone


def test_alpha_beside_a_readout_of_ones_own_is_refused():
    """Check that ESNForecaster's alpha set beside a readout (which keeps its own penalty)
    raises naming both and the fix; it was ignored without a word, so that a grid over
    alpha scored one and the same model."""
    from skreservoir import RidgeReadout

    y = load_airline()[:60]
    forecaster = ESNForecaster(Reservoir(n_units=20, random_state=0), RidgeReadout(alpha=5.0),
                               alpha=1e-3)
    with pytest.raises(ValueError, match=r"alpha=0.001 is the penalty of the default readout"
                                         r".*RidgeReadout\(alpha=5.0\).*readout__alpha"):
        forecaster.fit(y, fh=[1])
    forecaster.set_params(alpha="auto").fit(y, fh=[1])
    assert forecaster.alpha_ == [5.0] * forecaster.n_ensemble


@pytest.mark.parametrize("forecaster", [ESNForecaster, NVARForecaster], ids=lambda c: c.__name__)
def test_exogenous_columns_must_match_fit(forecaster):
    """Check that X of other columns than fit's raises an error naming them; reordered is equal."""
    y, X = load_longley()
    model = forecaster().fit(y[:-3], X=X[:-3], fh=[1, 2, 3])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ForecastDivergenceWarning)
        expected = model.predict(X=X[-3:])
        reordered = model.predict(X=X[-3:][X.columns[::-1]])
    assert_allclose(reordered, expected, rtol=1e-12)
    with pytest.raises(
        ValueError, match=r"columns of the X given to fit.*missing \['ARMED', 'POP'\]"
    ):
        model.predict(X=X[-3:].iloc[:, :3])
    with pytest.raises(ValueError, match="update needs X"):
        model.update(y[-3:], update_params=False)
    with pytest.raises(ValueError, match=r"update must have the columns.*unexpected \['pop'\]"):
        model.update(y[-3:], X=X[-3:].rename(columns={"POP": "pop"}), update_params=False)


@pytest.mark.parametrize(
    "make", [lambda: ESNForecaster(random_state=0), NVARForecaster], ids=["ESN", "NVAR"]
)
def test_exogenous_table_longer_than_y_is_read_at_the_time_points_of_y(make):
    """Check that an X covering more time points than y (sktime passes it as given) is read
    at y's time points, in fit and in update, so the forecasts equal those of X cut to y.

    Read by position, an X starting earlier fed every step the X of another year, and one
    reaching into the future entered its standardisation (and the refit of update).
    """
    y = load_airline()
    t = np.arange(len(y))
    X = pd.DataFrame({"x": np.cos(2 * np.pi * t / 12), "trend": t / 10.0}, index=y.index)
    fh = [1, 2, 3]
    cut = make().fit(y[12:96], X=X[12:96], fh=fh)
    whole = make().fit(y[12:96], X=X, fh=fh)
    assert_allclose(whole.predict(X=X[96:99]), cut.predict(X=X[96:99]), rtol=1e-10)
    for update_params in (False, True):
        cut.update(y[96:108], X=X[96:108], update_params=update_params)
        whole.update(y[96:108], X=X, update_params=update_params)
        assert_allclose(whole.predict(X=X[108:111]), cut.predict(X=X[108:111]), rtol=1e-10)
        cut = make().fit(y[12:96], X=X[12:96], fh=fh)
        whole = make().fit(y[12:96], X=X, fh=fh)


@pytest.mark.parametrize("forecaster", [ESNForecaster, NVARForecaster], ids=lambda c: c.__name__)
def test_exogenous_columns_that_are_not_numbers_are_named(forecaster):
    """Check that an X column of strings is refused naming X, the column and the fix.

    numpy's "could not convert string to float: 'North'" named neither.
    """
    y, X = load_longley()
    X = X.assign(region=np.where(np.arange(len(X)) % 2, "North", "South"))
    with pytest.raises(ValueError, match=r"X passed to .* not numbers: \{'region': .*get_dummies"):
        forecaster().fit(y[:-3], X=X[:-3], fh=[1, 2, 3])


def test_auto_forecaster_says_it_ignores_exogenous_X():
    """Check that AutoESNForecaster.fit given X warns that X is not used."""
    y, X = load_longley()
    with pytest.warns(UserWarning, match="does not use exogenous X"):
        AutoESNForecaster(budget=2, n_best=1, random_state=0).fit(y[:-3], X=X[:-3], fh=[1])


def test_nvar_divergence_warning_names_nvar_parameters():
    """Check that NVARForecaster's divergence warning names its own parameters."""
    values = pd.DataFrame(lorenz(1000, h=0.02)[200:], columns=["x", "y", "z"])
    model = NVARForecaster().fit(values, fh=range(1, 51))
    with pytest.warns(ForecastDivergenceWarning) as record:
        model.predict()
    message = str(record[0].message)
    assert "order or delay" in message
    assert "spectral_radius" not in message
    assert np.isfinite(model.predict().to_numpy()).all()
    # alpha left at "auto": the warning names the penalty the rule chose, to pass above it
    # (it said "Increase alpha" to a user who never set one)
    chosen = float(np.max(model.alpha_))
    assert f"Pass an alpha above the {chosen:.3g} that alpha='auto' chose" in message
    fixed = NVARForecaster(alpha=1e-6).fit(values, fh=range(1, 51))
    with pytest.warns(ForecastDivergenceWarning, match="Increase alpha"):
        fixed.predict()


@pytest.mark.parametrize(
    "forecaster",
    [
        ESNForecaster(Reservoir(n_units=30, random_state=0), random_state=0),
        NVARForecaster(),
        AutoESNForecaster(budget=2, n_best=1, n_units=15, random_state=0),
    ],
    ids=lambda f: type(f).__name__,
)
def test_predict_residuals_without_y_reads_the_series_seen(forecaster):
    """Check that predict_residuals() without y (sktime's tutorial habit) gives the residuals on
    the series of fit and update, equal to passing it, as a Series (sktime raised: the
    forecasters keep the series themselves, not in sktime's remember_data copy)."""
    y = load_airline()
    forecaster.fit(y[:-24]).update(y[-24:-12], update_params=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        implicit = forecaster.predict_residuals()
        explicit = forecaster.predict_residuals(y[:-12])
    assert isinstance(implicit, pd.Series)
    pd.testing.assert_series_equal(implicit, explicit)
    assert implicit.index.equals(y[:-12].index)
    assert implicit.notna().sum() > 100


@pytest.mark.parametrize("forecaster", [ESNForecaster(Reservoir(n_units=30, random_state=0),
                                                       random_state=0), NVARForecaster()],
                         ids=lambda f: type(f).__name__)
def test_predict_residuals_of_the_whole_series_does_not_warn_of_its_first_points(forecaster):
    """Check that the residuals of the whole series (NaN at the first points, which have no
    value before them) come without InSampleStartWarning, whose advice (a later fh) does
    not apply there, also asked of predict over every time point seen (sktime's
    ReconcilerForecaster asks so, of a clone per series, each of which warned); predict
    at those points alone still warns."""
    y = load_airline()
    forecaster.fit(y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", InSampleStartWarning)
        residuals = forecaster.predict_residuals()
        whole = forecaster.predict(fh=-np.arange(len(y))[::-1])
    # none where the readout learnt nothing: the washout's rows and the NVAR's
    # incomplete delay window, one time point later for the increments
    warmup = forecaster.estimators_[0].reservoir_.n_warmup_
    n_none = max(forecaster.washout_[0], warmup) + 1 + int(forecaster.transform_.difference_.any())
    assert n_none == (37 if isinstance(forecaster, ESNForecaster) else 3)
    assert residuals.iloc[:n_none].isna().all() and residuals.iloc[n_none:].notna().all()
    assert whole.iloc[:n_none].isna().all() and whole.iloc[n_none:].notna().all()
    with pytest.warns(InSampleStartWarning, match="fh >="):
        forecaster.predict(fh=[1 - len(y), 2 - len(y), 1])


def test_predict_residuals_without_y_uses_the_exogenous_X_seen():
    """Check that an ESN with exogenous X gets the X seen in fit for predict_residuals()."""
    y, X = load_longley()
    forecaster = ESNForecaster(Reservoir(n_units=30, random_state=0), random_state=0).fit(y, X=X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pd.testing.assert_series_equal(forecaster.predict_residuals(),
                                       forecaster.predict_residuals(y, X=X))


def test_auto_forecaster_ignores_an_exogenous_X_with_missing_values():
    """Check that an X that AutoESNForecaster ignores (with a warning) is not checked either:
    one NaN in it refused the fit (sktime's missing-data error) though X is not used."""
    y = load_airline()
    X = pd.DataFrame({"x": np.arange(len(y), dtype=float)}, index=y.index)
    X.iloc[[3, -12, -10], 0] = np.nan  # in fit's X, in predict's and in update's
    forecaster = AutoESNForecaster(budget=2, n_best=1, n_units=15, random_state=0)
    with pytest.warns(UserWarning, match="does not use exogenous X"):
        forecaster.fit(y[:-12], X=X[:-12], fh=[1, 2])
    assert forecaster.predict(X=X[-12:-10]).notna().all()
    forecaster.update(y[-12:-8], X=X[-12:-8])
    assert forecaster.predict(X=X[-8:-6]).notna().all()
    # what is no time series at all is still refused, as sktime refuses it
    with pytest.raises(TypeError, match="X passed to AutoESNForecaster has an unsupported type"):
        AutoESNForecaster(budget=2, n_best=1, n_units=15).fit(y[:-12], X=list("foo"), fh=1)


def test_auto_forecaster_on_a_too_short_series_names_y_and_the_alternatives():
    """Check that a series under 12 points is refused naming y, its length and what to use,
    and, for a panel, that one short instance stops the fit and what to do (a user
    battery: the message named no instance and no way out)."""
    with pytest.raises(ValueError, match=r"y has 8 time points.*at least 12.*ESNForecaster.*"
                                         r"In a panel or hierarchy.*leave it out"):
        AutoESNForecaster(random_state=0).fit(load_airline()[:8], fh=[1, 2])


def test_predict_residuals_without_y_after_a_numpy_fit_is_one_step_ahead():
    """Check that a forecaster fitted on a numpy array gets the in-sample residuals at the
    series' own time points (the kept series as a bare array was read as forecasts 0 to
    143 steps ahead: residuals of -309.6 to -1180.1 on airline, ESNForecaster; python
    benchmarks/forecasting_input_cases.py), and that a panel's predict_residuals() gives
    the residuals of its series (it asked for y, sktime's message; the hierarchy's case:
    test_predict_residuals_of_a_hierarchy_gathers_each_series)."""
    from sktime.utils._testing.hierarchical import _make_hierarchical

    y = load_airline()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from_array = NVARForecaster().fit(y.to_numpy()).predict_residuals()
        from_series = NVARForecaster().fit(y).predict_residuals()
        with_fh = NVARForecaster().fit(y.to_numpy(), fh=[1, 2, 3]).predict_residuals()
    assert isinstance(from_array, np.ndarray)
    assert_allclose(from_array.ravel(), from_series.to_numpy(), equal_nan=True)
    assert_allclose(with_fh.ravel(), from_series.to_numpy(), equal_nan=True)
    y_panel = _make_hierarchical((2,), 30, 30)
    residuals = NVARForecaster().fit(y_panel).predict_residuals()
    assert residuals.index.equals(y_panel.index)


@pytest.mark.parametrize(
    "make",
    [NVARForecaster, lambda: ESNForecaster(random_state=0),
     lambda: AutoESNForecaster(budget=3, n_units=15, random_state=0)],
    ids=["NVAR", "ESN", "Auto"],
)
@pytest.mark.parametrize("update_params", [False, True])
def test_update_with_reordered_columns_labels_every_forecast_by_its_column(make, update_params):
    """Check that an update whose multivariate y has fit's columns in another order gives the
    forecasts of the update in fit's order, each under its own column's name.

    sktime names the output columns after the last y given while the models hold fit's
    order: every output (predict, predict_var, intervals, quantiles) put the forecast of one
    column under the name of another (NVAR: Income's forecast labelled Unemployment).
    """
    _, table = load_uschange()
    reversed_columns = list(table.columns[::-1])
    expected = make().fit(table[:-8], fh=[1, 2]).update(table[-8:-4], update_params=update_params)
    reordered = make().fit(table[:-8], fh=[1, 2]).update(
        table[-8:-4][reversed_columns], update_params=update_params
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ForecastDivergenceWarning)
        for method in ("predict", "predict_var", "predict_interval", "predict_quantiles"):
            want, got = getattr(expected, method)(), getattr(reordered, method)()
            assert set(got.columns) == set(want.columns)
            assert_allclose(got[want.columns].to_numpy(), want.to_numpy(), rtol=1e-10)


# -- sktime tutorial flows, with an oracle each --------------------------------------------


def _airline_panel(n_series=3, n_train=None):
    """Scaled copies of airline as one pd-multiindex frame (series, time)."""
    y = load_airline()
    frames = []
    for i, key in enumerate("abc"[:n_series]):
        frame = (y * (1 + 0.1 * i)).to_frame("passengers")
        frame.index = pd.MultiIndex.from_product([[key], y.index], names=["series", "time"])
        frames.append(frame if n_train is None else frame.iloc[:n_train])
    return pd.concat(frames)


@pytest.mark.parametrize(
    "make", [NVARForecaster, lambda: ESNForecaster(Reservoir(n_units=30, random_state=0),
                                                   random_state=0)],
    ids=["NVAR", "ESN"],
)
def test_panel_forecasts_equal_a_fit_per_series(make):
    """Check that several series in one MultiIndex frame (sktime vectorises) forecast, with
    intervals, each as the forecaster fitted on that series alone, at its own time points."""
    y = load_airline()
    panel = _airline_panel(n_train=132)
    forecaster = make().fit(panel, fh=[1, 2, 3])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ForecastDivergenceWarning)
        forecast = forecaster.predict()
        intervals = forecaster.predict_interval(coverage=0.9)
    assert list(forecast.index.get_level_values(0).unique()) == ["a", "b", "c"]
    for i, key in enumerate("abc"):
        alone = make().fit(y[:132] * (1 + 0.1 * i), fh=[1, 2, 3])
        assert forecast.loc[key].index.equals(y.index[132:135])
        assert_allclose(forecast.loc[key].iloc[:, 0], alone.predict(), rtol=1e-10)
        assert_allclose(intervals.loc[key].to_numpy(), alone.predict_interval(coverage=0.9),
                        rtol=1e-10)


@pytest.mark.parametrize(
    "make", [NVARForecaster, lambda: ESNForecaster(Reservoir(n_units=30, random_state=0),
                                                   random_state=0)],
    ids=["NVAR", "ESN"],
)
def test_evaluate_strategies_match_their_written_out_loops(make):
    """Check sktime's evaluate on an expanding window: "update" equals "refit" (update with
    update_params=True refits on the whole series seen), and "no-update_params" equals one
    fit followed by updates that only advance the state."""
    from sktime.forecasting.model_evaluation import evaluate

    y = load_airline()
    cv = ExpandingWindowSplitter(initial_window=96, step_length=12, fh=np.arange(1, 13))
    runs = {
        strategy: evaluate(make(), cv, y, strategy=strategy, return_data=True)
        for strategy in ("refit", "update", "no-update_params")
    }
    for refit, update in zip(runs["refit"]["y_pred"], runs["update"]["y_pred"]):
        assert_allclose(update, refit, rtol=1e-10)
    fixed = make().fit(y[:96], fh=np.arange(1, 13))
    for k, forecast in enumerate(runs["no-update_params"]["y_pred"]):
        if k:
            fixed.update(y[96 + 12 * (k - 1): 96 + 12 * k], update_params=False)
        assert forecast.index.equals(y.index[96 + 12 * k: 108 + 12 * k])
        assert_allclose(forecast, fixed.predict(), rtol=1e-10)


def test_composites_equal_their_parts():
    """Check MultiplexForecaster, EnsembleForecaster and
    ColumnEnsembleForecaster around the forecasters against the parts fitted alone."""
    from sktime.forecasting.compose import (
        ColumnEnsembleForecaster,
        EnsembleForecaster,
        MultiplexForecaster,
    )
    from sktime.forecasting.naive import NaiveForecaster

    y = load_airline()[:120]
    fh = np.arange(1, 13)
    nvar = NVARForecaster().fit(y, fh=fh).predict()
    naive = NaiveForecaster(sp=12).fit(y, fh=fh).predict()
    parts = [("nvar", NVARForecaster()), ("naive", NaiveForecaster(sp=12))]
    multiplex = MultiplexForecaster(parts, selected_forecaster="nvar").fit(y, fh=fh)
    assert_allclose(multiplex.predict(), nvar, rtol=1e-12)
    ensemble = EnsembleForecaster(parts).fit(y, fh=fh)
    assert_allclose(ensemble.predict(), (nvar + naive) / 2, rtol=1e-12)

    _, table = load_uschange()
    columns = ColumnEnsembleForecaster(
        [(name, NVARForecaster(), name) for name in table.columns]
    ).fit(table[:-4], fh=[1, 2])
    forecast = columns.predict()
    assert list(forecast.columns) == list(table.columns)
    for name in table.columns:
        alone = NVARForecaster().fit(table[name][:-4], fh=[1, 2]).predict()
        assert_allclose(forecast[name], alone, rtol=1e-12)


@pytest.mark.parametrize(
    "make", [NVARForecaster, lambda: ESNForecaster(Reservoir(n_units=30, random_state=0),
                                                   random_state=0),
             lambda: AutoESNForecaster(budget=3, n_units=15, random_state=0)],
    ids=["NVAR", "ESN", "Auto"],
)
def test_pickle_and_clone_of_a_fitted_forecaster(make):
    """Check that a fitted forecaster pickles to the same forecasts and intervals, after an
    update too, and that its clone is unfitted and refits to the same forecasts."""
    import pickle

    from sklearn.base import clone

    y = load_airline()
    forecaster = make().fit(y[:-24], fh=[1, 2, 3]).update(y[-24:-12], update_params=False)
    again = pickle.loads(pickle.dumps(forecaster))
    copy = clone(forecaster)
    assert not copy.is_fitted
    copy.fit(y[:-24], fh=[1, 2, 3]).update(y[-24:-12], update_params=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ForecastDivergenceWarning)
        assert_allclose(again.predict(), forecaster.predict(), rtol=0)
        assert_allclose(again.predict_interval(), forecaster.predict_interval(), rtol=0)
        assert_allclose(copy.predict(), forecaster.predict(), rtol=1e-12)


def test_fitted_transform_shows_the_parts_decided_per_column():
    """Check that get_fitted_params()["transform"] shows the log, trend, season and
    differencing decided for each column (it showed the object's address)."""
    y = load_airline()
    table = pd.DataFrame({"passengers": y, "steps": np.arange(len(y)) % 5 + 1.0}, index=y.index)
    for log in ("auto", False):
        transform = NVARForecaster(log=log).fit(table, fh=[1]).get_fitted_params()["transform"]
        expected = (
            f"TargetTransform(log={transform.log_.tolist()}, "
            f"detrend={[bool(b) for b in transform.trend_.any(axis=1)]}, "
            f"sp={transform.season_length_}, difference={transform.difference_.tolist()})"
        )
        assert repr(transform) == expected
    assert repr(transform).startswith("TargetTransform(log=[False, False]")


def test_transform_of_a_fit_that_raised_has_a_repr():
    """Check that the transform_ a fit left when it raised part-way (log=True on a
    non-positive series) shows its parameters (its repr raised an AttributeError)."""
    forecaster = ESNForecaster(Reservoir(n_units=10, random_state=0), log=True)
    with pytest.raises(ValueError, match="log=True needs a strictly positive series"):
        forecaster.fit(pd.Series(np.sin(np.arange(60) / 5.0)))
    assert repr(forecaster.transform_) == (
        "TargetTransform(log=True, detrend='auto', sp='auto', difference='auto')")


def test_outlying_values_rule():
    """Check outlying_values: a spike or a few errors are found, growth and spikes that
    recur at heights spread over a continuum are not, on either side."""
    from skreservoir.forecasting import outlying_values

    y = np.sin(np.arange(200) / 5)
    assert len(outlying_values(y)) == 0
    y[[30, 120]] = [40.0, -25.0]  # one each side
    assert outlying_values(y).tolist() == [30, 120]
    y[[30, 120]] = [0.0, 0.0]
    y[[50, 150]] = [9.0, 9.5]  # a few errors of one size, far out
    assert outlying_values(y).tolist() == [50, 150]
    y[151] = 9.2  # more than m = 2 (1 % of 200): they are the series' own values
    assert len(outlying_values(y)) == 0
    longer = np.sin(np.arange(400) / 5)  # m = 4
    longer[[50, 51, 150]] = [9.0, 9.5, 9.2]
    assert outlying_values(longer).tolist() == [50, 51, 150]
    # the central range R is about 2 (from -1 to 1): a value 3.4 R beyond it is parted
    # from the rest by a gap of 1.9 R from one 1.5 R beyond, so neither is outlying; on
    # its own, by a gap of 3.4 R > 2 R, it is
    z = np.sin(np.arange(200) / 5)
    z[[20, 60]] = [1 + 1.5 * 2, 1 + 3.4 * 2]
    assert len(outlying_values(z)) == 0
    z[20] = 0.0
    assert outlying_values(z).tolist() == [60]
    assert len(outlying_values(np.exp(np.arange(300) / 30))) == 0  # growth
    # recurring spikes at heights spread from 2 to 8
    spikes = np.zeros(400)
    spikes[::40] = np.linspace(2, 8, 10)
    spikes += 0.01 * np.sin(np.arange(400))
    assert len(outlying_values(spikes)) == 0
    assert len(outlying_values([1.0, 1e6, 1.0])) == 0  # too short to say
    # central values all equal (to rounding): nothing to measure a gap by
    blip = np.full(100, 5.0)
    blip[50] = 5.01
    assert len(outlying_values(blip)) == 0
    sales = np.zeros(100)
    sales[[20, 70]] = [3.0, 1.0]  # two sales among zeros (intermittent counts)
    assert len(outlying_values(sales)) == 0
    # a short series' few central values understate its spread: the gap grows (airline's
    # first 8 months warned, and 7 of 34 sliding windows of 8 in an evaluate)
    from skreservoir.forecasting._transform import outlier_gap

    assert outlier_gap(8) == pytest.approx(7.5) and outlier_gap(30) == outlier_gap(3000) == 2
    assert len(outlying_values([112.0, 118, 132, 129, 121, 135, 148, 148])) == 0
    assert outlying_values([1.0, 2, 3, 4, 5, 6, 7, 100]).tolist() == [7]
    with pytest.raises(ValueError, match="one series.*each column"):
        outlying_values(np.zeros((20, 2)))
    with pytest.raises(ValueError, match="without NaN"):
        outlying_values(np.r_[np.zeros(19), np.nan])


@pytest.mark.parametrize("make", [ESNForecaster, NVARForecaster])
def test_outlier_warning_names_the_value_and_the_fix(make):
    """Check that a spike in the training series (or in an update) warns, naming it."""
    from skreservoir.exceptions import OutlierWarning

    y = load_airline()[:96].copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error", OutlierWarning)
        forecaster = make().fit(y, fh=[1, 2])  # the series as shipped: no word
        make().fit(y[:8], fh=[1])  # nor its first 8 months (they warned)
        forecaster.update(load_airline()[96:99], update_params=False)  # nor an update
        forecaster = make().fit(y, fh=[1, 2])
    spiked = y.copy()
    spiked.iloc[48] = 1e6
    with pytest.warns(OutlierWarning, match=rf"{make.__name__}: y has 1 value\(s\) far outside"
                                            r".*1e\+06 at 1953-01.*NaN"):
        make().fit(spiked, fh=[1, 2])
    # judged as the model sees the series: doubling at every step is growth, not outliers
    doubling = pd.Series(2.0 ** np.arange(40), index=pd.period_range("1990", periods=40,
                                                                         freq="Y"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", OutlierWarning)
        make().fit(doubling, fh=[1])
    # an update without a refit checks the new values against the series seen
    new = load_airline()[96:99].copy()
    new.iloc[1] = 1e5
    with pytest.warns(OutlierWarning, match=r"100000 at 1957-02"):
        forecaster.update(new, update_params=False)


@pytest.mark.parametrize("make", [ESNForecaster, AutoESNForecaster])
def test_update_without_refit_refuses_values_its_log_cannot_take(make):
    """Check update(update_params=False) of a series modelled by its log refuses values
    <= 0 by name (their NaN was reported as diverged reservoir states; AutoESNForecaster's
    members refused them as ESNForecaster after its cutoff had moved) and leaves the
    forecaster as it was; a refit decides the log again."""
    y = load_airline()[:96]
    kwargs = {"budget": 4} if make is AutoESNForecaster else {}
    forecaster = make(random_state=0, **kwargs).fit(y, fh=[1, 2])
    transforms = ([f.transform_ for f in forecaster.forecasters_]
                  if make is AutoESNForecaster else [forecaster.transform_])
    assert any(t.log_.all() for t in transforms)
    before = forecaster.predict()
    new = load_airline()[96:99].copy()
    new.iloc[1] = -5.0
    with pytest.raises(ValueError, match=rf"{make.__name__}.update has values <= 0.*log.*"
                                         r"update_params=True"):
        forecaster.update(new, update_params=False)
    assert forecaster.cutoff[0] == y.index[-1]
    assert_allclose(forecaster.predict(), before)
    if make is AutoESNForecaster:
        return
    forecaster.update(new, update_params=True)  # the refit: no log
    assert not forecaster.transform_.log_.any()
    assert np.isfinite(forecaster.predict().to_numpy()).all()


def test_level_shifts_rule():
    """Check level_shifts: an outlying increment after which the level stays moved."""
    from skreservoir.forecasting._transform import level_shifts

    rng = np.random.default_rng(0)
    noise = rng.normal(0, 0.05, 60)
    step = np.r_[np.ones(40), 5 * np.ones(20)] + noise
    assert level_shifts(step).tolist() == [40]
    assert level_shifts(-step).tolist() == [40]  # downward alike
    spike = 1 + noise
    spike[30] = 9.0  # up and back: an outlier, not a shift
    assert len(level_shifts(spike)) == 0
    late = np.r_[np.ones(58), 5, 5] + noise  # two values after it: cannot tell a spike
    clean = np.r_[np.ones(40), 5 * np.ones(20)]  # no noise: the other increments all 0
    assert level_shifts(clean).tolist() == [40]
    assert level_shifts(0.1 * np.arange(60) + clean).tolist() == [40]  # on a line
    assert len(level_shifts(np.repeat(np.arange(10.0), 6))) == 0  # a staircase: no few
    with pytest.raises(ValueError, match="level_shifts takes one series"):
        level_shifts(np.zeros((20, 2)))
    with pytest.raises(ValueError, match="level_shifts needs values without NaN"):
        level_shifts(np.r_[clean, np.nan])
    assert len(level_shifts(late)) == 0
    # growth, walks and noise have none
    assert len(level_shifts(0.1 * np.arange(200) + rng.standard_normal(200))) == 0
    assert len(level_shifts(rng.standard_normal(200).cumsum())) == 0
    assert len(level_shifts(step[:7])) == 0  # too short to judge


@pytest.mark.parametrize("make", [ESNForecaster, NVARForecaster, AutoESNForecaster])
def test_level_shift_warning_names_the_time_and_the_fix(make):
    """Check that a series stepping to a new level warns, naming when, and that the fix
    it gives (fitting on the data since the shift) forecasts the new level.

    A helper's sktime port: flat at 1, then 5 for the last 20 months; fitted on all of
    it, ESNForecaster() forecast 13.2 two years on and NVARForecaster() 21.4 a year on,
    silently (the log, the line and the increments were all decided on the jump).
    """
    from skreservoir.exceptions import LevelShiftWarning, OutlierWarning

    rng = np.random.default_rng(0)
    index = pd.period_range("2000-01", periods=60, freq="M")
    y = pd.Series(np.r_[np.ones(40), 5 * np.ones(20)] + rng.normal(0, 0.05, 60), index=index)
    kwargs = {"budget": 4, "random_state": 0} if make is AutoESNForecaster else {}
    exogenous = "exogenous X that marks the shift" if make is not AutoESNForecaster else ""
    with pytest.warns(LevelShiftWarning, match=rf"{make.__name__}: y shifts its level at "
                                               rf"2003-05 \(from 1.07.* to 4.93.*\).*"
                                               rf"y.loc\['2003-05':\].*{exogenous}") as said:
        make(**kwargs).fit(y, fh=range(1, 13))
    if make is AutoESNForecaster:  # it takes no X: none offered
        assert all("exogenous X" not in str(w.message) for w in said)
    # a step without noise (its other increments all equal) is a shift too
    clean = pd.Series(np.r_[np.ones(40), 5 * np.ones(20)], index=index)
    with pytest.warns(LevelShiftWarning, match="at 2003-05"):
        make(**kwargs).fit(clean, fh=[1])
    assert issubclass(LevelShiftWarning, OutlierWarning)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LevelShiftWarning)
        since = make(**kwargs).fit(y.loc["2003-05":], fh=range(1, 13)).predict()
    assert np.all(np.abs(since.to_numpy() - 5.0) < 0.5)
    # on a bare index the advice slices by position
    with pytest.warns(LevelShiftWarning, match=r"at 40 \(from .*y.loc\[40:\]"):
        make(**kwargs).fit(y.reset_index(drop=True), fh=[1])


def test_auto_forecaster_says_an_outlier_once():
    """Check AutoESNForecaster warns of an outlier once, not once per candidate or member."""
    from skreservoir.exceptions import OutlierWarning

    y = load_airline()[:96].copy()
    y.iloc[30] = 1e5
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        AutoESNForecaster(budget=4, random_state=0).fit(y, fh=[1, 2])
    said = [w for w in caught if issubclass(w.category, OutlierWarning)]
    assert len(said) == 1 and "100000 at 1951-07" in str(said[0].message)


@pytest.mark.parametrize("make", [ESNForecaster, AutoESNForecaster])
def test_messy_input_messages_name_the_fix(make):
    """Check the errors of a battery of messy inputs: an index out of order (it was read
    as missing time points, with advice that would fit the shuffled order), a finite value
    whose square overflows (a warned outlier; garbage forecasts before, silently), time-delta steps, an update of
    another index type (a TypeError comparing Period and int) or with infinity (named
    ESNForecaster from AutoESNForecaster)."""
    from skreservoir.exceptions import OutlierWarning

    name = make.__name__
    y = pd.Series(np.sin(np.arange(120) / 5) + 2,
                  index=pd.period_range("2000-01", periods=120, freq="M"))
    swapped = y.iloc[[0, 1, 3, 2] + list(range(4, 120))]
    with pytest.raises(ValueError, match=r"not in increasing order.*after 2000-04.*sort_index"):
        make().fit(swapped, fh=[1])
    huge = y.copy()
    huge.iloc[60] = 1e200  # said as the outlier it is (garbage forecasts before, silently)
    with pytest.warns(OutlierWarning, match=r"1e\+200 at 2005-01"):
        make().fit(huge, fh=[1])
    daily = pd.Series(y.to_numpy(), index=pd.date_range("2020", periods=120, freq="D"))
    with pytest.raises(ValueError, match=rf"{name} reads fh as whole steps"):
        # (whole days on a daily index are steps: half days are refused)
        make().fit(daily, fh=pd.to_timedelta([12, 36], unit="h")).predict()
    kwargs = {"budget": 4} if make is AutoESNForecaster else {}
    forecaster = make(random_state=0, **kwargs).fit(y[:100], fh=[1])
    ints = pd.Series(y[100:103].to_numpy(), index=pd.RangeIndex(100, 103))
    with pytest.raises(ValueError, match=r"index of integer time points.*period \(M\)"):
        forecaster.update(ints, update_params=False)
    infinite = y[100:103].copy()
    infinite.iloc[1] = np.inf
    with pytest.raises(ValueError, match=rf"y passed to {name} contains infinity"):
        forecaster.update(infinite, update_params=False)
    assert forecaster.cutoff[0] == y.index[99]


def test_divergence_warning_says_the_fallback_is_the_models_mean():
    """Check that the divergence warning of a trended, logged series says the fallback is
    the mean as the model sees it, the trend going on (airline 2000 months ahead was
    3e11, said to be "the series' mean")."""
    y = load_airline()
    with pytest.warns(ForecastDivergenceWarning,
                      match=r"takes the series' mean, as the model sees it: the trend, "
                            r"season and log removed in fit go on"):
        forecast = NVARForecaster().fit(y, fh=[2000]).predict()
    assert forecast.iloc[0] > 1e10  # the trend of the logs, 2000 months on


def test_nvar_forecaster_parameter_errors_name_it():
    """Check an invalid NVARForecaster parameter is named as NVARForecaster's (it said
    'parameter of NVAR', a class the user never called)."""
    from sklearn.utils._param_validation import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="'delay' parameter of NVARForecaster"):
        NVARForecaster(delay=0).fit(load_airline(), fh=[1])


def test_missing_exogenous_rows_are_counted():
    """Check predict's error for an X without rows at the horizon's time points says how
    many there are beyond the five it names."""
    y, X = load_longley()
    forecaster = ESNForecaster(Reservoir(n_units=20, random_state=0), random_state=0)
    forecaster.fit(y[:8], X=X[:8], fh=range(1, 9))
    with pytest.raises(ValueError, match=r"no row for the time points \[.*\] and 3 more of fh"):
        forecaster.predict(X=X[:8])


@pytest.mark.parametrize("make", [ESNForecaster, NVARForecaster])
def test_predict_residuals_of_a_hierarchy_gathers_each_series(make):
    """Check predict_residuals() on a hierarchy gives each series' residuals under the
    hierarchy's index and names (sktime's asked for y, then failed on its MultiIndex fh,
    as for its NaiveForecaster: an sktime workflow port)."""
    from sktime.utils._testing.hierarchical import _make_hierarchical

    y = _make_hierarchical((2, 2), min_timepoints=30, max_timepoints=30, random_state=0)
    y.index = y.index.set_names(["store", "item", "date"])
    forecaster = make().fit(y, fh=[1])
    residuals = forecaster.predict_residuals()
    assert residuals.index.equals(y.index) and list(residuals.columns) == list(y.columns)
    for key, row in forecaster.forecasters_.iterrows():
        own = row.iloc[0].predict_residuals()
        pd.testing.assert_frame_equal(residuals.loc[key], own, check_names=False)


def test_readout_solve_warning_names_the_penalty_auto_chose():
    """Check a badly conditioned solve under alpha='auto' says the penalty was the rule's
    choice and what to pass (it said "Increase alpha" of a penalty never set: a longley
    port, 11 years with X)."""
    from skreservoir.exceptions import ReadoutSolveWarning

    y, X = load_longley()
    with pytest.warns(ReadoutSolveWarning, match=r"NVARForecaster's alpha='auto' chose 1e-08 "
                                                 r".*alpha=1e-05"):
        NVARForecaster().fit(y[:11], X=X[:11], fh=[1])


@pytest.mark.parametrize("make", [lambda: ESNForecaster(random_state=0, n_ensemble=1),
                                  NVARForecaster], ids=["ESNForecaster", "NVARForecaster"])
def test_predict_X_of_another_index_kind_or_without_names_says_what_to_pass(make):
    """Check that predict's X indexed by other time points than y's (integers, datetimes
    against a yearly PeriodIndex) raises a ValueError naming both kinds and what to pass
    (it raised TypeError: '<=' not supported between 'int' and 'Period', from the line
    meant to explain a missing row), and that a numpy X, without column names, is told to
    pass a DataFrame with fit's columns (a sktime panel-workflow port)."""
    y, X = load_longley()
    forecaster = make().fit(y[:-3], X=X[:-3], fh=[1, 2, 3])
    future = X[-3:]
    for other, kind in [(future.reset_index(drop=True), "integer"),
                        (future.set_axis(future.index.to_timestamp()), "datetime"),
                        (future.set_axis(future.index.year), "integer")]:
        with pytest.raises(ValueError, match=rf"has an index of {kind} time points.*but the "
                           r"forecast's are period \(Y-DEC\) \(from 1960\): pass X as a "
                           r"DataFrame with fit's columns, indexed by the time points of the "
                           r"horizon"):
            forecaster.predict(X=other)
    with pytest.raises(ValueError, match=r"unexpected \[0, 1, 2, 3, 4\]\. A numpy X has no "
                       r"column names .*pass a DataFrame with fit's columns"):
        forecaster.predict(X=future.to_numpy())
    assert np.isfinite(forecaster.predict(X=future)).all().all()


def test_auto_forecaster_with_members_of_other_washouts_says_its_first_prediction_once():
    """Check that AutoESNForecaster whose members have other washouts warns once of its
    in-sample start, naming the first step where its mean has a prediction (each member
    warned with its own: "fh >= -65" and "fh >= -58", while the mean was NaN to -58)."""
    y = load_airline()[:80]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        forecaster = AutoESNForecaster(budget=8, n_best=3, n_units=50, random_state=0).fit(
            y, fh=range(1, 7))
    firsts = {m.washout_[0] for m in forecaster.forecasters_}
    assert len(firsts) > 1  # members of other washouts
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        predicted = forecaster.predict(fh=list(range(-79, -40)))
    said = [str(w.message) for w in caught if issubclass(w.category, InSampleStartWarning)]
    first = -79 + int(np.argmax(predicted.notna().to_numpy().ravel()))
    assert len(said) == 1 and f"Pass fh >= {first} " in said[0]


def test_counts_floor_ends_where_an_update_brings_values_that_are_not_counts():
    """Check that an update without a refit whose values are negative (or fractional)
    ends the floor at 0 of a column fitted as counts (forecasts stayed 0 after values of
    -10 to -29), while an update of counts keeps it."""
    rng = np.random.default_rng(0)
    y = pd.Series(rng.poisson(2, 60).astype(float),
                  index=pd.period_range("2000-01", periods=60, freq="M"))
    # differenced: the forecast goes on from the last level, which the update takes below 0
    forecaster = ESNForecaster(random_state=0, difference=True).fit(y, fh=[1, 2, 3])
    assert forecaster.transform_.nonnegative_.tolist() == [True]
    more = pd.Series([3.0, 0.0], index=pd.period_range("2005-01", periods=2, freq="M"))
    forecaster.update(more, update_params=False)
    assert forecaster.transform_.nonnegative_.tolist() == [True]
    negative = pd.Series(-10.0 - np.arange(20.0),
                         index=pd.period_range("2005-03", periods=20, freq="M"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        forecaster.update(negative, update_params=False)
        assert forecaster.transform_.nonnegative_.tolist() == [False]
        assert (forecaster.predict() < 0).any().any()


def test_in_sample_start_of_an_nvar_names_its_delay_window_and_unnamed_X_of_fit_gets_no_hint():
    """Check that NVARForecaster's in-sample start warning names its incomplete delay
    window, not a washout it does not have (washout_ is 0), and that an X of fit without
    column names (numpy) given one column too many at predict is not told it has no names."""
    y = pd.Series(np.sin(np.arange(80) / 4.0) + 3.0)
    forecaster = NVARForecaster(delay=4, difference=False).fit(y)
    with pytest.warns(InSampleStartWarning, match="incomplete delay window") as caught:
        forecaster.predict(fh=[-79, -78])
    assert "washout_" not in str(caught[0].message)
    X = np.cos(np.arange(83) / 5.0)[:, None]
    esn = ESNForecaster(random_state=0, n_ensemble=1).fit(y, X=X[:80], fh=[1])
    with pytest.raises(ValueError, match=r"unexpected \[1\]\.$"):
        esn.predict(X=np.hstack([X, X])[:81])
