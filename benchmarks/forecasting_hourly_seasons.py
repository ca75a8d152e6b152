"""Hourly series with a daily and a weekly cycle: when ``sp="auto"`` takes the week.

A port of darts' and statsforecast's tutorials found hourly data whose
weekend differs from the weekdays forecast with the daily season alone
(``sp="auto"`` took 24): MAE 6.87 against 2.06 with ``sp=168``. The rule
now (:func:`skreservoir.forecasting._transform.prefers_longer_season`):
on a sub-daily calendar index, the week is taken instead of the day where
its phase means explain at least ``LONGER_SEASON_GAIN`` of the variance
the daily profile leaves, beyond chance, on three weeks or more.

This script draws synthetic hourly series of five kinds, trains on 3, 4
and 6 weeks and forecasts the next 48 hours:

- ``weekend``: a daily cycle, weekends 8 lower, white noise (sd 2);
- ``weekday_shape``: the daily cycle's amplitude differs per weekday, AR(1)
  noise;
- ``weak_week``: weekends 1 lower under white noise of sd 2;
- ``daily_white``: the daily cycle and white noise, no weekly effect;
- ``daily_ar``: the daily cycle and AR(1) noise (0.8), no weekly effect.

For each: MASE (scaled by the training series' mean absolute change over a
day) of ``ESNForecaster()`` (``sp="auto"``, the rule), ``sp=24`` (the
rule before) and ``sp=168``, and of ``NaiveForecaster(sp=24)`` and
``(sp=168)``; and, over 100 draws per kind and length, how often the rule
takes the week.

    python benchmarks/forecasting_hourly_seasons.py     # a few minutes on 2 cores
"""

import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import machine_info  # noqa: E402

KINDS = ("weekend", "weekday_shape", "weak_week", "daily_white", "daily_ar")
WEEKS = (3, 4, 6)
HORIZON = 48
DRAWS = 3
RATE_DRAWS = 100


def ar_noise(rng, n, phi, sd):
    noise = np.empty(n)
    noise[0] = rng.normal(0, sd / np.sqrt(1 - phi**2))
    shocks = rng.normal(0, sd, n)
    for t in range(1, n):
        noise[t] = phi * noise[t - 1] + shocks[t]
    return noise


def series(kind, n, rng):
    t = np.arange(n)
    day = 10 * np.sin(2 * np.pi * t / 24)
    weekday = (t // 24) % 7
    if kind == "weekend":
        y = 50 + day + np.where(weekday >= 5, -8.0, 0.0) + rng.normal(0, 2, n)
    elif kind == "weekday_shape":
        y = 50 + day * (0.6 + 0.15 * weekday) + ar_noise(rng, n, 0.5, 1.5)
    elif kind == "weak_week":
        y = 50 + day + np.where(weekday >= 5, -1.0, 0.0) + rng.normal(0, 2, n)
    elif kind == "daily_white":
        y = 50 + day + rng.normal(0, 2, n)
    else:
        y = 50 + day + ar_noise(rng, n, 0.8, 1.5)
    return pd.Series(y, index=pd.date_range("2021-01-04", periods=n, freq="h"))


def mase(train, test, forecast):
    scale = np.mean(np.abs(train.to_numpy()[24:] - train.to_numpy()[:-24]))
    return float(np.mean(np.abs(test - forecast)) / scale)


def main():
    warnings.simplefilter("ignore")
    from sktime.forecasting.naive import NaiveForecaster

    from skreservoir.forecasting import ESNForecaster
    from skreservoir.forecasting._transform import TargetTransform

    start = time.perf_counter()
    records = []
    for kind in KINDS:
        for weeks in WEEKS:
            for draw in range(DRAWS):
                rng = np.random.default_rng(1000 * draw + 7 * weeks + KINDS.index(kind))
                y = series(kind, weeks * 168 + HORIZON, rng)
                train, test = y[:-HORIZON], y[-HORIZON:].to_numpy()
                fh = list(range(1, HORIZON + 1))
                row = {"kind": kind, "weeks": weeks, "draw": draw}
                for name, model in (
                    ("auto", ESNForecaster(random_state=0)),
                    ("sp24", ESNForecaster(sp=24, random_state=0)),
                    ("sp168", ESNForecaster(sp=168, random_state=0)),
                    ("naive24", NaiveForecaster(sp=24)),
                    ("naive168", NaiveForecaster(sp=168)),
                ):
                    forecast = model.fit(train, fh=fh).predict().to_numpy()
                    row[name] = mase(train, test, forecast)
                    if name == "auto":
                        row["auto_sp"] = int(model.sp_)
                records.append(row)
                print(kind, weeks, draw, {k: round(v, 3) for k, v in row.items()
                                          if isinstance(v, float)}, row["auto_sp"], flush=True)
    rates = {}
    for kind in KINDS:
        for weeks in WEEKS:
            taken = 0
            for draw in range(RATE_DRAWS):
                rng = np.random.default_rng(10**6 + 1000 * draw + 7 * weeks + KINDS.index(kind))
                y = series(kind, weeks * 168, rng)
                transform = TargetTransform().fit(y.to_numpy()[:, None], y.index)
                taken += transform.season_.shape[0] == 168
            rates[f"{kind}/{weeks}w"] = taken / RATE_DRAWS
    frame = pd.DataFrame(records)
    summary = {
        "median_mase": frame.groupby("kind")[["auto", "sp24", "sp168", "naive24",
                                              "naive168"]].median().round(3).to_dict(),
        "week_taken_rate": rates,
        "auto_over_sp24_geometric_mean": {
            kind: float(np.exp(np.mean(np.log(g["auto"] / g["sp24"]))))
            for kind, g in frame.groupby("kind")
        },
    }
    print(json.dumps(summary, indent=1))
    output = HERE / "forecasting_hourly_seasons.json"
    output.write_text(json.dumps({
        "machine": machine_info(["numpy", "scipy", "scikit-learn", "sktime", "skreservoir"]),
        "seconds": time.perf_counter() - start,
        "summary": summary,
        "records": records,
    }, indent=1))
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
