"""Tests of the sktime forecasters on time-zone-aware indexes."""

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("sktime")

from sktime.forecasting.base import ForecastingHorizon  # noqa: E402
from sktime.forecasting.naive import NaiveForecaster  # noqa: E402

from skreservoir.forecasting import (  # noqa: E402
    AutoESNForecaster,
    ESNForecaster,
    NVARForecaster,
)


def hourly_series(start, end=None, periods=None, tz="Europe/Berlin", seed=0):
    """A noisy daily cycle with a slow wander, on an hourly index in ``tz``."""
    index = pd.date_range(start, end, periods=periods, freq="h", tz=tz)
    rng = np.random.default_rng(seed)
    t = np.arange(len(index))
    values = (10 + np.sin(2 * np.pi * t / 24) + 0.1 * rng.standard_normal(len(t)).cumsum()
              + 0.2 * rng.standard_normal(len(t)))
    return pd.Series(values, index=index)


def _strict():
    """Warnings as errors, but sktime's own notice about its ``remember_data`` default."""
    warnings.simplefilter("error")
    warnings.filterwarnings("ignore", message=".*remember_data.*", category=FutureWarning)


# each case its own dates: sktime caches fh.to_relative per horizon and cutoff, and
# warned only the first time a horizon was counted
@pytest.mark.parametrize(
    "make, tz, start",
    [
        (lambda: ESNForecaster(random_state=0), "Europe/Berlin", "2024-01-01"),
        (lambda: ESNForecaster(random_state=0), "UTC", "2024-02-01"),
        (lambda: NVARForecaster(), "Europe/Berlin", "2024-03-01"),
        (lambda: NVARForecaster(), "UTC", "2024-04-01"),
        (lambda: AutoESNForecaster(budget=4, random_state=0), "Europe/Berlin", "2024-05-01"),
    ],
)
def test_time_zone_aware_index_is_silent_and_kept(make, tz, start):
    """Check that a time-zone-aware index goes through fit, predict (steps and dates),
    predict_interval and update without a warning, the forecasts indexed in its zone
    as NaiveForecaster's."""
    y = hourly_series(start, periods=500, tz=tz)
    train, new = y.iloc[:464], y.iloc[464:476]
    dates = ForecastingHorizon(y.index[464:488], is_relative=False)
    reference = NaiveForecaster().fit(train, fh=list(range(1, 25))).predict()
    forecaster = make()
    with warnings.catch_warnings():
        _strict()
        forecaster.fit(train, fh=dates)  # the furthest step read from the dates
        by_dates = forecaster.predict()
        by_steps = forecaster.predict(fh=list(range(1, 25)))
        interval = forecaster.predict_interval(coverage=0.9)
        forecaster.update(new, update_params=False)
        updated = forecaster.predict(fh=list(range(1, 13)))
    pd.testing.assert_index_equal(by_steps.index, reference.index)
    assert str(by_steps.index.tz) == tz
    pd.testing.assert_index_equal(by_dates.index, reference.index)
    assert_allclose(by_dates.to_numpy(), by_steps.to_numpy(), rtol=1e-12)
    pd.testing.assert_index_equal(interval.index, reference.index)
    pd.testing.assert_index_equal(updated.index, y.index[476:488])


@pytest.mark.parametrize(
    "end",
    [
        "2024-03-31 01:00",  # the clock jumps from 02:00 to 03:00 next
        "2024-10-27 01:00",  # the clock shows 02:00 twice next
    ],
)
@pytest.mark.parametrize("make", [lambda: NVARForecaster(), lambda: ESNForecaster(random_state=0)])
def test_dates_across_daylight_saving_change_are_counted_in_hours(end, make):
    """Check that the forecast for dates after a change of daylight saving time is that
    of the hours ahead they are, as for steps (sktime counts on the clock: one step off
    in spring, "duplicates" in autumn)."""
    y = hourly_series("2024-03-10" if end.startswith("2024-03") else "2024-10-06", end)
    forecaster = make().fit(y)
    by_steps = forecaster.predict(fh=[1, 2, 3])
    with warnings.catch_warnings():
        _strict()
        by_dates = forecaster.predict(fh=ForecastingHorizon(by_steps.index, is_relative=False))
        # the same dates written in UTC: the same hours ahead
        in_utc = forecaster.predict(
            fh=ForecastingHorizon(by_steps.index.tz_convert("UTC"), is_relative=False))
    pd.testing.assert_index_equal(by_dates.index, by_steps.index)
    assert_allclose(by_dates.to_numpy(), by_steps.to_numpy(), rtol=1e-12)
    assert_allclose(in_utc.to_numpy(), by_steps.to_numpy(), rtol=1e-12)


@pytest.mark.parametrize("tz", ["Europe/Berlin", "Europe/London"])
def test_time_zone_aware_daily_dates_are_counted_in_days(tz):
    """Check that dates of a time-zone-aware daily index across a change of daylight
    saving time (days of 23 hours) are counted in days, without a warning (in London,
    at UTC+0 in winter, pandas < 3, which takes a day for a fixed step, counted them in
    UTC: steps [1, 2, 2, 3], a review found)."""
    index = pd.date_range("2024-01-01", "2024-03-29", freq="D", tz=tz)
    rng = np.random.default_rng(1)
    y = pd.Series(5 + np.sin(np.arange(len(index)) / 2) + 0.1 * rng.standard_normal(
        len(index)), index=index)
    forecaster = NVARForecaster().fit(y)
    by_steps = forecaster.predict(fh=[1, 2, 3, 4])
    with warnings.catch_warnings():
        _strict()
        by_dates = forecaster.predict(fh=ForecastingHorizon(by_steps.index, is_relative=False))
    assert_allclose(by_dates.to_numpy(), by_steps.to_numpy(), rtol=1e-12)


def test_one_date_per_month_with_time_zone_refused_without_warning():
    """Check that a time-zone-aware index of one date per month on the 15th is refused
    with advice that works on it (its time zone dropped before to_period), and pandas'
    warning about dropping the time zone does not come out of the check."""
    index = pd.DatetimeIndex(
        [pd.Timestamp(2020 + m // 12, m % 12 + 1, 15) for m in range(48)]
    ).tz_localize("Europe/Berlin")
    y = pd.Series(np.random.default_rng(0).standard_normal(48), index=index)
    with warnings.catch_warnings():
        _strict()
        with pytest.raises(ValueError, match=r"y\.index\.tz_localize\(None\)\.to_period\('M'\)"):
            ESNForecaster().fit(y)
        y.index = y.index.tz_localize(None).to_period("M")  # the advice, silent
    assert len(NVARForecaster().fit(y).predict(fh=[1, 2])) == 2


@pytest.mark.parametrize("make", [lambda: ESNForecaster(random_state=0), lambda: NVARForecaster()])
def test_series_differenced_by_the_user_is_not_differenced_again(make):
    """Check that the forecaster after sktime's Differencer does not difference airline's
    increments again where the Dickey-Fuller test is undecided (12-month MASE 3.87
    against 1.28 for ESNForecaster at the 120-month origin), while a random walk
    whose statistic is as undecided still is."""
    from sktime.datasets import load_airline
    from sktime.transformations.series.difference import Differencer

    from skreservoir.forecasting._transform import ADF_UNDECIDED, TargetTransform

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pipeline = (Differencer() * make()).fit(load_airline().iloc[:120], fh=list(range(1, 13)))
    transform = pipeline.steps_[-1][1].transform_
    low, high = ADF_UNDECIDED
    assert low < transform.adf_statistic_[0] < high
    assert not transform.difference_.any()
    walk = 50 + np.random.default_rng(20).standard_normal(200).cumsum()
    transform = TargetTransform().fit(walk[:, None])
    assert low < transform.adf_statistic_[0] < high
    assert transform.difference_.all()
