"""Why ESNForecaster() trails the drift on trending macro series: its parts, one at a time.

``ESNForecaster()`` on every real series of ``forecasting.py`` (the main
table's three and ``--more-real``'s eight, 4 origins each), as it is and
with one decision changed: no log, no season, its forecast increments
damped toward their training mean (``phi`` per step: 0.8; 0, the pure
drift of the transformed series), or the transformed series differenced
twice (an ``ESNForecaster`` on its increments, summed back). Prints the
median MASE per series and writes ``forecasting_trend_study.json``; also
lists the chaotic training windows of ``forecasting.py`` (5 origins,
clean and noisy) and of ``forecasting_auto_variants.py`` (its four sets)
whose automatic transformation is not the identity, and what it is.

    python benchmarks/forecasting_trend_study.py
"""

import json
import warnings
from pathlib import Path

import forecasting as bench
import numpy as np
import pandas as pd

from skreservoir.forecasting import ESNForecaster, _base
from skreservoir.forecasting._transform import TargetTransform

HERE = Path(__file__).parent
VARIANTS = {"default": {}, "log=False": {"log": False}, "sp=1": {"sp": 1}}
DAMPING = (0.8, 0.0)


def damped_levels(forecaster, fh, phi):
    """Point forecast with the closed loop's increments damped toward their training mean.

    The model rows are standardised increments (mean 0 is the training
    mean, the drift of the transformed series); step h keeps phi^h of the
    forecast's departure from it.
    """
    original = _base._ReservoirForecaster._levels_ahead

    def levels_ahead(self, closed):
        steps = np.arange(1, closed.shape[1] + 1)[None, :, None]
        return original(self, closed * phi**steps if self._offset else closed)

    _base._ReservoirForecaster._levels_ahead = levels_ahead
    try:
        return forecaster.predict(fh).to_numpy().ravel()
    finally:
        _base._ReservoirForecaster._levels_ahead = original


def twice_differenced(forecaster, steps):
    """Forecast of an ESNForecaster fitted on the increments of the transformed series."""
    transform = forecaster.transform_
    levels = forecaster._Z[:, 0]
    inner = ESNForecaster(random_state=0, log=False, detrend=False, sp=1, difference=True)
    inner.fit(pd.Series(np.diff(levels)), fh=np.arange(1, steps + 1))
    path = levels[-1] + np.cumsum(inner.predict().to_numpy().ravel())
    return transform.inverse(path[:, None], len(levels) - 1 + np.arange(1, steps + 1))[:, 0]


def main():
    records = []
    tasks = [*bench.real_tasks(4), *bench.real_tasks(4, bench.more_real_series())]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for task, origin, train, test, steps, _ in tasks:
            fh = np.arange(1, steps + 1)
            forecasts = {}
            for name, params in VARIANTS.items():
                fitted = ESNForecaster(random_state=0, **params).fit(train, fh=fh)
                forecasts[name] = fitted.predict().to_numpy().ravel()
                if name == "default":
                    default = fitted
            differenced = bool(default.transform_.difference_[0])
            for phi in DAMPING:
                forecasts[f"damped {phi:g}"] = (
                    damped_levels(default, fh, phi) if differenced else forecasts["default"]
                )
            forecasts["differenced twice"] = (
                twice_differenced(default, steps) if differenced else forecasts["default"]
            )
            for name, values in forecasts.items():
                records.append(
                    {
                        "task": task,
                        "origin": origin,
                        "model": name,
                        "mase": bench.mase(test, values, train.to_numpy()),
                        "log": bool(default.transform_.log_[0]),
                        "sp": int(default.sp_),
                        "difference": differenced,
                    }
                )
    frame = pd.DataFrame(records)
    table = frame.pivot_table(
        index="task", columns="model", values="mase", aggfunc="median", sort=False
    )
    table = table[[*VARIANTS, *(f"damped {phi:g}" for phi in DAMPING), "differenced twice"]]
    table.loc["median over all"] = table.median()
    print(table.round(3).to_string())
    # the chaotic windows of forecasting.py (5 origins) and of
    # forecasting_auto_variants.py's four sets (main, main2, wide, wide2)
    import forecasting_auto_variants as variants

    windows = [(f"{t} o{o}", train) for t, o, train, _, _ in bench.chaotic_tasks(
        list(bench.SYSTEMS), 5, noisy=True
    )]
    for which in ("main", "main2", "wide", "wide2"):
        windows += [(f"{which}:{t}", train) for t, train, _ in variants.tasks(which)]
    transformed = {}
    for name, train in windows:
        fitted = TargetTransform().fit(train.to_numpy()[:, None], train.index)
        if not fitted.is_identity:
            transformed[name] = {
                "log": bool(fitted.log_[0]),
                "trend": bool(fitted.trend_.any()),
                "sp": int(fitted.season_length_),
                "difference": bool(fitted.difference_[0]),
            }
    print(f"chaotic windows transformed: {len(transformed)} of {len(windows)} {transformed}")
    payload = {
        "command": "python benchmarks/forecasting_trend_study.py",
        "records": records,
        "chaotic_windows": len(windows),
        "chaotic_windows_transformed": transformed,
    }
    (HERE / "forecasting_trend_study.json").write_text(json.dumps(payload, indent=1))


if __name__ == "__main__":
    main()
