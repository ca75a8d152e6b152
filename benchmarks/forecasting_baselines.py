"""When does AutoESNForecaster validate worse than a naive forecast, and is it then worse?

``AutoESNForecaster`` scores the naive forecasts (the last value repeated;
the last season repeated where a season is modelled) on its validation
windows (``baseline_scores_``) and gives a ``ForecastSkillWarning`` where
its ensemble validates worse than one of them beyond the noise of the
windows (and then, by default, forecasts with that naive forecast:
``fallback="naive"``). This script fits
``AutoESNForecaster(fallback=None, random_state=0)`` once per series and
records whether it warned, its validation score against the naive ones,
and its test MAE against the naive forecasts' (sktime's
``NaiveForecaster``, last value and, with a season, seasonal last), so
that the warning's false alarms (warned, but better than naive on the
test) and misses (silent, but worse than every naive forecast on the
test) can be counted; then with the defaults,
``AutoESNForecaster(random_state=0)``: whether it fell back, and its test
MAE (``default_test_mae``).

Series: the real series of ``benchmarks/forecasting.py`` (its main table,
``--more-real`` and ``--statsmodels-series``; the last origin), its daily
synthetic series (seed 0), its chaotic systems (clean and noisy, first
origin, 200 steps) and synthetic series a user may bring: random walks
(with and without noise, heavy-tailed steps), a logistic curve that
levels off, a trend that breaks, an AR(1), a noisy sine, a level that
holds between rare jumps, piecewise-constant levels.

Usage::

    python benchmarks/forecasting_baselines.py     # writes forecasting_baselines.json
"""

import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import write_study  # noqa: E402
from forecasting import (  # noqa: E402
    SYSTEMS,
    chaotic_tasks,
    daily_tasks,
    more_real_series,
    real_series,
    real_tasks,
    statsmodels_series,
)


def synthetic_tasks(n=300, steps=20):
    """(name, seed, train, test, steps, sp) of the synthetic series a user may bring."""
    t = np.arange(n + steps)
    for seed in range(2):
        rng = np.random.default_rng(seed)
        e = rng.normal(size=len(t))
        kinds = {
            "random_walk": np.cumsum(e) + 50,
            "random_walk_noise": 0.5 * np.cumsum(e) + rng.normal(size=len(t)) + 50,
            "random_walk_t2": np.cumsum(rng.standard_t(2, size=len(t))) + 100,
            "logistic_plateau": 100 / (1 + np.exp(-(t - 150) / 25)) + e,
            "slope_break": np.where(t < 200, 0.5 * t, 100 - 0.3 * (t - 200)) + 2 * e,
            "ar1": np.convolve(e, 0.7 ** np.arange(30))[: len(t)],
            "sine_noise": np.sin(t / 5) + 0.2 * e,
            "rare_jumps": np.cumsum(np.where(rng.random(len(t)) < 0.1, 3 * e, 0.0)) + 10,
            "levels": np.repeat(5 * rng.normal(size=len(t) // 20 + 1), 20)[: len(t)]
            + 0.01 * e,
        }
        for name, values in kinds.items():
            y = pd.Series(values)
            yield name, seed, y[:n], values[n:], steps, 1


def tasks():
    series = real_series() + more_real_series() + statsmodels_series()
    yield from (("real",) + task for task in real_tasks(1, series))
    yield from (("daily",) + task for task in daily_tasks(n_seeds=1))
    for name, origin, train, test, _ in chaotic_tasks(list(SYSTEMS), 1, noisy=True):
        yield "chaotic", name, origin, train, test, len(test), 1
    yield from (("synthetic",) + task for task in synthetic_tasks())


def main():
    from sktime.forecasting.naive import NaiveForecaster

    from skreservoir.exceptions import ForecastSkillWarning
    from skreservoir.forecasting import AutoESNForecaster

    rows = []
    for group, name, origin, train, test, steps, sp in tasks():
        fh = list(range(1, steps + 1))
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            # the reservoirs' forecast, warned or not: what the warning is judged on
            forecaster = AutoESNForecaster(fallback=None, random_state=0).fit(train, fh=fh)
            forecast = forecaster.predict().to_numpy()
        seconds = time.perf_counter() - start
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            default = AutoESNForecaster(random_state=0).fit(train, fh=fh)
            default_forecast = default.predict().to_numpy()
        # the validation's warning (a series that ends in a run of one value, PBS's
        # zeros, gets a ForecastSkillWarning of its own, which has no fallback)
        warned = any(issubclass(w.category, ForecastSkillWarning)
                     and "validated worse than the naive" in str(w.message) for w in caught)
        naive = {"last value": NaiveForecaster().fit(train, fh=fh).predict().to_numpy()}
        if sp > 1:
            naive[f"last season (sp={sp})"] = (
                NaiveForecaster(sp=sp).fit(train, fh=fh).predict().to_numpy())
        mae = float(np.mean(np.abs(forecast - test)))
        default_mae = float(np.mean(np.abs(default_forecast - test)))
        naive_mae = {k: float(np.mean(np.abs(v - test))) for k, v in naive.items()}
        best_naive = min(naive_mae.values())
        rows.append({
            "group": group, "series": name, "origin": int(origin), "steps": steps,
            "warned": warned, "ensemble_score": forecaster.ensemble_score_,
            "baseline_scores": forecaster.baseline_scores_,
            "validation_ratio": forecaster.ensemble_score_ / min(
                forecaster.baseline_scores_.values()),
            "test_mae": mae, "naive_test_mae": naive_mae,
            "test_ratio": mae / best_naive if best_naive > 0 else float("inf"),
            "fell_back": default.fallback_ is not None,
            "default_test_mae": default_mae,
            "default_test_ratio": default_mae / best_naive if best_naive > 0 else float("inf"),
            "seconds": seconds,
        })
        print(f"{group:>9} {name:>24} {origin} warned={warned!s:5} validation ratio "
              f"{rows[-1]['validation_ratio']:.2f} test ratio {rows[-1]['test_ratio']:.2f} "
              f"({seconds:.1f} s)", flush=True)
    frame = pd.DataFrame(rows)
    worse = frame["test_ratio"] > 1.0
    summary = {
        "forecasts": len(frame),
        "warned": int(frame["warned"].sum()),
        "warned_and_worse_than_naive_on_test": int((frame["warned"] & worse).sum()),
        "warned_but_better_than_naive_on_test": int((frame["warned"] & ~worse).sum()),
        "silent_but_worse_than_naive_on_test": int((~frame["warned"] & worse).sum()),
        "silent_and_worse_by_25pct": int((~frame["warned"] & (frame["test_ratio"] > 1.25)).sum()),
        "worse_than_naive_on_test_by_group": frame[worse].groupby("group").size().to_dict(),
        "warned_series": frame.loc[frame["warned"], "series"].tolist(),
        "fell_back": int(frame["fell_back"].sum()),
        # the default (fallback="naive") against the reservoirs' forecast, where it fell back
        "fallback_test_ratios": (frame.loc[frame["fell_back"], "default_test_mae"]
                                 / frame.loc[frame["fell_back"], "test_mae"]).round(3).tolist(),
        "default_worse_than_naive_on_test": int((frame["default_test_ratio"] > 1.0).sum()),
    }
    write_study("forecasting_baselines", summary, frame)


if __name__ == "__main__":
    main()
