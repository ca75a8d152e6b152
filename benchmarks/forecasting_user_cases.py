"""Two forecasting cases new users brought, with the rule that changed each and without it.

- ``solar``: sktime's ``load_solar`` (half-hourly, 289 points, 38 % zeros
  at night), the last 48 points forecast from the rest. ``nonnegative="auto"``
  holds a series that rests at 0 (never below it, at 0 for at least a tenth
  of its values) at 0 or above; ``nonnegative=False`` is the forecast before
  that rule. ``ESNForecaster(random_state=0)``, ``NVARForecaster()`` and
  ``AutoESNForecaster(random_state=0)`` (whose forecast here is its naive
  fallback's either way); MAE and the least value forecast.
- ``differenced_airline``: sktime's ``Differencer() * ESNForecaster()`` on
  airline, 12 months ahead from the 120- and 132-month origins, seeds 0-2.
  With ``difference="auto"`` the forecaster's unit-root rule leaves a series
  of low lag-1 autocorrelation undifferenced where the Dickey-Fuller
  statistic is undecided (``UNDECIDED_AUTOCORRELATION``); patched to -inf,
  the rule before, which differenced the user's increments again. MASE
  (sktime's, sp=1: scaled by the training series' mean absolute step).

    python benchmarks/forecasting_user_cases.py     # about a minute

Writes ``forecasting_user_cases.json``.
"""

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_study  # noqa: E402


def solar(rows):
    from sktime.datasets import load_solar

    from skreservoir.forecasting import AutoESNForecaster, ESNForecaster, NVARForecaster

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = load_solar()
    train, test = y.iloc[:-48], y.iloc[-48:].to_numpy()
    makers = {"ESNForecaster": lambda **k: ESNForecaster(random_state=0, **k),
              "NVARForecaster": lambda **k: NVARForecaster(**k),
              "AutoESNForecaster": lambda **k: AutoESNForecaster(random_state=0, **k)}
    for name, make in makers.items():
        for nonnegative in ("auto", False):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                forecast = make(nonnegative=nonnegative).fit(
                    train, fh=np.arange(1, 49)).predict().to_numpy()
            rows.append({"case": "solar", "model": name, "setting": f"nonnegative={nonnegative!r}",
                         "score": float(np.mean(np.abs(forecast - test))),
                         "least_forecast": float(forecast.min())})


def differenced_airline(rows):
    from sktime.datasets import load_airline
    from sktime.transformations.series.difference import Differencer

    from skreservoir.forecasting import ESNForecaster, _transform

    y = load_airline()
    saved = _transform.UNDECIDED_AUTOCORRELATION
    try:
        for origin in (120, 132):
            train, test = y.iloc[:origin], y.iloc[origin:origin + 12].to_numpy()
            scale = np.mean(np.abs(np.diff(train.to_numpy())))  # sktime's MASE, sp=1
            for rule, value in (("rule", saved), ("before", -np.inf)):
                _transform.UNDECIDED_AUTOCORRELATION = value
                for seed in range(3):
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        model = Differencer() * ESNForecaster(random_state=seed)
                        forecast = model.fit(train, fh=np.arange(1, 13)).predict().to_numpy()
                    rows.append({"case": "differenced_airline", "model": "ESNForecaster",
                                 "setting": rule, "origin": origin, "seed": seed,
                                 "score": float(np.mean(np.abs(forecast - test)) / scale)})
    finally:
        _transform.UNDECIDED_AUTOCORRELATION = saved


def main():
    rows = []
    solar(rows)
    differenced_airline(rows)
    frame = pd.DataFrame(rows)
    solar_rows = frame[frame.case == "solar"]
    airline = frame[frame.case == "differenced_airline"]
    summary = {
        "solar_mae": {f"{r.model} {r.setting}": round(r.score, 4)
                      for r in solar_rows.itertuples()},
        "solar_least_forecast": {f"{r.model} {r.setting}": round(r.least_forecast, 4)
                                 for r in solar_rows.itertuples()},
        "differenced_airline_mase_mean_of_seeds": {
            f"{setting} origin {origin}": round(part.score.mean(), 3)
            for (setting, origin), part in airline.groupby(["setting", "origin"])},
    }
    write_study("forecasting_user_cases", summary, frame)


if __name__ == "__main__":
    main()
