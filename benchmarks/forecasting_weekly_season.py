"""Weekly series with a yearly cycle: the season's phases by the calendar or ``t % 52``.

A port of sktime's and skforecast's workflows found weekly Mauna Loa CO2
(statsmodels' ``co2``, 1958-2001, 2284 weeks) forecast a year ahead with a
mean absolute error of 4.1 ppm by ``ESNForecaster()``, against 1.5 for the
seasonal naive forecast. The year is 365.2425 / 7 = 52.18 weeks: a seasonal
profile counted ``t % 52`` drifts a week every 5.6 years, 7.6 weeks over the
43 years, and averaged the yearly swing of +-3 ppm out of phase. With
``sp="auto"`` a weekly index's season now has the calendar's phases (52
equal parts of the year, :func:`skreservoir.forecasting._transform.season_phases`).

This script forecasts 52 weeks ahead, MAE:

- ``co2``: the weekly CO2 series (interpolated), from five origins a year
  apart (the last 1 to 5 years held out, one year forecast each);
- ``synthetic``: 30 years of a weekly yearly cycle (amplitude 3, phase by
  the day of the year) with a trend and white noise (sd 0.3), three draws,
  the last year held out;

by ``ESNForecaster()`` and ``NVARForecaster()`` with ``sp="auto"`` (the
calendar's phases) and with ``sp=52`` given (``t % 52``, what
``sp="auto"`` gave before), and sktime's ``NaiveForecaster(sp=52)``.

    python benchmarks/forecasting_weekly_season.py      # about 20 s on 2 cores
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

HORIZON = 52


def tasks():
    """``(name, train, test)`` of every forecast."""
    import statsmodels.api as sm

    co2 = sm.datasets.co2.load_pandas().data["co2"].interpolate().asfreq("W-SAT")
    for years in range(1, 6):
        end = len(co2) - HORIZON * years
        yield f"co2/-{years}y", co2[:end], co2[end:end + HORIZON]
    for draw in range(3):
        rng = np.random.default_rng(draw)
        n = 31 * 52
        index = pd.date_range("1970-01-04", periods=n, freq="W-SUN")
        t = np.arange(n)
        cycle = 3.0 * np.sin(2 * np.pi * (index.dayofyear.to_numpy() / 365.25 + rng.uniform()))
        y = pd.Series(50 + 0.02 * t + cycle + 0.3 * rng.normal(size=n), index=index)
        yield f"synthetic/{draw}", y[:-HORIZON], y[-HORIZON:]


def forecasters():
    from sktime.forecasting.naive import NaiveForecaster

    from skreservoir.forecasting import ESNForecaster, NVARForecaster

    return {
        'ESNForecaster(sp="auto")': lambda: ESNForecaster(random_state=0),
        "ESNForecaster(sp=52)": lambda: ESNForecaster(sp=52, random_state=0),
        'NVARForecaster(sp="auto")': lambda: NVARForecaster(),
        "NVARForecaster(sp=52)": lambda: NVARForecaster(sp=52),
        "NaiveForecaster(sp=52)": lambda: NaiveForecaster(strategy="last", sp=52),
    }


def main():
    warnings.simplefilter("ignore")
    records = []
    for task, train, test in tasks():
        for name, make in forecasters().items():
            start = time.perf_counter()
            forecast = make().fit(train, fh=np.arange(1, HORIZON + 1)).predict()
            error = float(np.mean(np.abs(forecast.to_numpy().ravel() - test.to_numpy())))
            records.append({"task": task, "forecaster": name, "mae": error,
                            "seconds": time.perf_counter() - start})
            print(f"{task:14s} {name:28s} MAE {error:6.3f}", flush=True)
    summary = {}
    for series in ("co2", "synthetic"):
        for name in forecasters():
            errors = [r["mae"] for r in records
                      if r["forecaster"] == name and r["task"].startswith(series)]
            summary.setdefault(series, {})[name] = {"median_mae": float(np.median(errors)),
                                                   "maes": errors}
    print(json.dumps({s: {k: round(v["median_mae"], 3) for k, v in d.items()}
                      for s, d in summary.items()}, indent=1))
    output = HERE / "forecasting_weekly_season.json"
    output.write_text(json.dumps({"machine": machine_info(["numpy", "scipy", "scikit-learn", "sktime", "statsmodels", "skreservoir"]), "horizon": HORIZON,
                                  "summary": summary, "records": records}, indent=1) + "\n")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
