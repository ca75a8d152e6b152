"""Seasons that wander: the statistic behind the forecasters' wandering-season warning.

A seasonal random walk, ``y(t) = y(t - 12) + e(t)``, has a season that
changes from year to year; the forecasters model a seasonal profile fixed
over the whole series (and difference the series where the Dickey-Fuller
test finds a unit root), so its forecast is built on an average season long
out of date (a sktime workflow battery: ``ESNForecaster()`` at 3 to 5 times
the optimal squared error). ``warn_wandering_season`` says so where the
model rows (the increments where differenced, the values otherwise; the
profile removed) are autocorrelated at the season's lag above
``WANDERING_SEASON_ACF`` and above every shorter lag by
``WANDERING_SEASON_EXCESS``.

For each series this prints the autocorrelation at the season's lag, the
largest at the shorter lags, whether the warning fires, and on the
synthetic ones the mean squared error of the 12 months after the training
series: ``ESNForecaster(random_state=0)``, ``Differencer(lags=[12]) *
ESNForecaster(random_state=0)`` (what the warning advises) and the last
season repeated (``NaiveForecaster(sp=12)``).

- ``srw``: seasonal random walks, eight draws (seeds 0-7), 160 months fitted
  after 100 dropped;
- ``fixed_walk``: a fixed season (12 values of standard deviation 3) plus a
  random walk, the model's own assumption, eight draws;
- ``fixed_noise``: the fixed season plus white noise, eight draws;
- real series of sktime: airline, solar, and the seasonal and non-seasonal
  columns of macroeconomic (quarterly): whether the warning fires on them.

``AutoESNForecaster(random_state=0)`` on the walks and the real series:
whether it says the season wanders (it does where it does not fall back on
the naive forecast, which repeats the last season), falls back, and on the
walks its mean squared error.

    python benchmarks/forecasting_wandering_season.py     # about three minutes

Writes ``forecasting_wandering_season.json``.
"""

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_study  # noqa: E402

FITTED, AHEAD = 160, 12


def synthetic(kind, seed):
    rng = np.random.default_rng(seed)
    n = 100 + FITTED + AHEAD
    if kind == "srw":
        e, y = rng.standard_normal(n), np.zeros(n)
        for t in range(12, n):
            y[t] = y[t - 12] + e[t]
    else:
        season = np.tile(rng.normal(0, 3, 12), n // 12 + 1)[:n]
        noise = rng.standard_normal(n)
        y = season + (np.cumsum(noise) if kind == "fixed_walk" else noise)
    return pd.Series(y[100:], index=pd.period_range("2000-01", periods=FITTED + AHEAD,
                                                     freq="M"))


def statistic(forecaster):
    from skreservoir.forecasting._transform import season_autocorrelations

    transform = forecaster.transform_
    found = season_autocorrelations(transform, forecaster._Z, 0)
    return (transform.season_length_, *(found if found is not None else (None, None)))


def fitted(y, fh, model=None):
    from skreservoir.exceptions import ForecastSkillWarning
    from skreservoir.forecasting import ESNForecaster

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        forecaster = (model or ESNForecaster(random_state=0)).fit(y, fh=fh)
    said = any(issubclass(w.category, ForecastSkillWarning) and "season wanders"
               in str(w.message) for w in caught)
    return forecaster, said


def auto_said(y, fh, test=None):
    """AutoESNForecaster's: whether it said the season wanders, fell back on the naive
    forecast, and its mean squared error on ``test``."""
    from skreservoir.forecasting import AutoESNForecaster

    forecaster, said = fitted(y, fh, AutoESNForecaster(random_state=0))
    error = (None if test is None
             else float(np.mean((forecaster.predict().to_numpy() - test) ** 2)))
    return said, forecaster.fallback_ is not None, error


def main():
    from sktime.datasets import load_airline, load_macroeconomic, load_solar
    from sktime.forecasting.naive import NaiveForecaster
    from sktime.transformations.series.difference import Differencer

    from skreservoir.forecasting import ESNForecaster

    rows = []
    fh = list(range(1, AHEAD + 1))
    for kind in ("srw", "fixed_walk", "fixed_noise"):
        for seed in range(8):
            y = synthetic(kind, seed)
            train, test = y[:FITTED], y[FITTED:].to_numpy()
            forecaster, said = fitted(train, fh)
            length, at_season, shorter = statistic(forecaster)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                seasonal = (Differencer(lags=[12]) * ESNForecaster(random_state=0)).fit(
                    train, fh=fh).predict().to_numpy()
                naive = NaiveForecaster(sp=12).fit(train, fh=fh).predict().to_numpy()
            auto = auto_said(train, fh, test) if kind == "srw" else (None, None, None)
            rows.append({
                "series": f"{kind}{seed}", "kind": kind, "sp": length,
                "auto_warns": auto[0], "auto_fell_back": auto[1], "mse_auto": auto[2],
                "differenced": bool(forecaster.transform_.difference_[0]),
                "r_season": at_season, "r_shorter": shorter, "warns": said,
                "mse_esn": float(np.mean((forecaster.predict().to_numpy() - test) ** 2)),
                "mse_seasonal_differencer": float(np.mean((seasonal - test) ** 2)),
                "mse_seasonal_naive": float(np.mean((naive - test) ** 2)),
            })
    solar = load_solar()
    solar.index = pd.DatetimeIndex(solar.index)
    macro = load_macroeconomic()
    real = {"airline": load_airline(), "solar": solar,
            **{f"macro_{c}": macro[c] for c in ("realgdp", "realcons", "realinv", "pop",
                                                 "cpi", "unemp", "m1", "tbilrate")}}
    for name, y in real.items():
        forecaster, said = fitted(y.astype(float), [1])
        length, at_season, shorter = statistic(forecaster)
        auto = auto_said(y.astype(float), list(range(1, 13)))
        rows.append({"series": name, "kind": "real", "sp": length,
                     "auto_warns": auto[0], "auto_fell_back": auto[1],
                     "differenced": bool(forecaster.transform_.difference_[0]),
                     "r_season": at_season, "r_shorter": shorter, "warns": said})
    frame = pd.DataFrame(rows)
    print(frame.round(3).to_string(index=False))
    summary = {}
    for kind, part in frame.groupby("kind", sort=False):
        entry = {"warned": f"{int(part.warns.sum())} of {len(part)}"}
        seasonal = part.dropna(subset=["r_season"])
        if len(seasonal):
            entry["r_season_range"] = [round(seasonal.r_season.min(), 2),
                                       round(seasonal.r_season.max(), 2)]
            entry["least_excess"] = round(float((seasonal.r_season
                                                 - seasonal.r_shorter).min()), 2)
        if kind != "real":
            entry["mse_mean"] = {k: round(float(part[f"mse_{k}"].mean()), 2) for k in
                                 ("esn", "seasonal_differencer", "seasonal_naive")}
        if part.auto_warns.notna().any():
            said = part.auto_warns.fillna(False).astype(bool)
            fell = part.auto_fell_back.fillna(False).astype(bool)
            entry["auto"] = {"warned": int(said.sum()), "fell_back": int(fell.sum()),
                             "neither": int((~said & ~fell).sum())}
            if part.mse_auto.notna().any():
                entry["auto"]["mse_mean"] = round(float(part.mse_auto.mean()), 2)
                entry["auto"]["mse_mean_silent"] = (
                    round(float(part.mse_auto[~said].mean()), 2) if (~said).any() else None)
        summary[kind] = entry
    summary["real_warned"] = frame[(frame.kind == "real") & frame.warns].series.tolist()
    write_study("forecasting_wandering_season", summary, frame)


if __name__ == "__main__":
    main()
