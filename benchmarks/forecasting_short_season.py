"""Seasons on short series: ESNForecaster on 24 to 33 months, with and without a season.

What decides the seasonal rules of ``TargetTransform`` below three seasons
(``MIN_SEASONS``, ``MIN_SEASONS_GIVEN``, ``SEASON_F_LEVEL`` in
``skreservoir/forecasting/_transform.py``):

- **seasonal**: four monthly series (sktime's airline and PBS, statsmodels'
  Mauna Loa CO2 and El Nino), windows of 24, 27, 30 and 33 months at 8
  origins each (128 forecasts), 12 months ahead;
- **non-seasonal**: 60 synthetic monthly series of 42 points (random walk,
  AR(1) 0.7, linear trend with noise, random walk with drift; 15 each),
  fitted on 30, 12 ahead; and the share of 300 draws of 30 months of each
  kind (white noise, random walk, AR(1), trend) to which ``sp="auto"`` gives
  a season (false seasons).

Models: ``ESNForecaster()`` (``sp="auto"``), ``ESNForecaster(sp=1)`` (no
season: what ``sp="auto"`` gave below three seasons before), and
``ESNForecaster(sp=12)``, against sktime's ``NaiveForecaster(sp=12)`` and
``ThetaForecaster(sp=12)`` on the seasonal set. Score: sMAPE (%) over the
12 steps (``forecasting.py``'s); medians, and geometric means of the ratio
to ``sp=1``. Writes ``forecasting_short_season.json``.

    python benchmarks/forecasting_short_season.py     # about 2 minutes on 2 cores
"""

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_study  # noqa: E402
from forecasting import smape, statsmodels_series  # noqa: E402

HERE = Path(__file__).resolve().parent
LENGTHS = (24, 27, 30, 33)
N_ORIGINS = 8
STEPS = 12


def seasonal_series():
    from sktime.datasets import load_airline, load_PBS_dataset

    series = {"airline": load_airline(), "PBS": load_PBS_dataset()}
    for name, load, _, _ in statsmodels_series():
        if name in ("co2_monthly", "elnino"):
            series[name] = load()
    return series


def seasonal_windows(lengths):
    """(name, length, start, train, test) of the seasonal series' windows of each length
    in ``lengths``, at ``N_ORIGINS`` starts each, ``STEPS`` held out after each."""
    for name, y in seasonal_series().items():
        y = y.astype(float)
        for length in lengths:
            for start in np.linspace(0, len(y) - length - STEPS, N_ORIGINS).astype(int):
                yield (name, length, int(start), y.iloc[start : start + length],
                       y.iloc[start + length : start + length + STEPS].to_numpy())


def synthetic(kind, n, rng):
    e = rng.standard_normal(n)
    if kind == "white_noise":
        return 10 + e
    if kind == "random_walk":
        return 100 + np.cumsum(e)
    if kind == "rw_drift":
        return 100 + np.cumsum(0.5 + e)
    if kind == "trend_noise":
        return 50 + 0.5 * np.arange(n) + 2 * e
    v = np.zeros(n)
    for t in range(1, n):
        v[t] = 0.7 * v[t - 1] + e[t]
    return v + 50  # ar1


#: The non-seasonal kinds of :func:`synthetic`.
PLAIN_KINDS = ("white_noise", "random_walk", "ar1", "trend_noise", "rw_drift")


def false_season_rates(lengths, n_draws, rules, under, seed=1):
    """Share of ``n_draws`` monthly draws of every non-seasonal kind given a season by
    ``TargetTransform(log=False)``, per length and rule: ``{"kind@length/rule": share}``,
    each rule applied by ``under(rule, function)``."""
    from skreservoir.forecasting._transform import TargetTransform

    rng = np.random.default_rng(seed)
    rates = {}
    for length in lengths:
        index = pd.period_range("2000-01", periods=length, freq="M")
        for kind in PLAIN_KINDS:
            draws = [synthetic(kind, length, rng)[:, None] for _ in range(n_draws)]
            for rule in rules:
                kept = under(rule, lambda: [
                    TargetTransform(log=False).fit(v, index).season_length_ > 1 for v in draws])
                rates[f"{kind}@{length}/{rule}"] = float(np.mean(kept))
    return rates


def ours(train, sp):
    from skreservoir.forecasting import ESNForecaster

    model = ESNForecaster(sp=sp, random_state=0).fit(train, fh=range(1, STEPS + 1))
    return model.predict().to_numpy(), model.sp_


def main():
    from sktime.forecasting.naive import NaiveForecaster
    from sktime.forecasting.theta import ThetaForecaster

    records = []
    warnings.simplefilter("ignore")
    for name, length, start, train, test in seasonal_windows(LENGTHS):
        row = {"set": "seasonal", "series": name, "length": length, "start": start}
        for label, sp in (("auto", "auto"), ("sp1", 1), ("sp12", 12)):
            values, row[f"sp_{label}"] = ours(train, sp)
            row[label] = smape(test, values)
        for label, model in (("naive_sp12", NaiveForecaster(sp=12)),
                             ("theta_sp12", ThetaForecaster(sp=12))):
            try:
                row[label] = smape(test, model.fit(train).predict(range(1, STEPS + 1))
                                   .to_numpy())
            except ValueError:  # Theta's multiplicative season on PBS's zeros
                row[label] = np.nan
        records.append(row)
    rng = np.random.default_rng(0)
    for kind in ("random_walk", "ar1", "trend_noise", "rw_drift"):
        for _ in range(15):
            y = pd.Series(synthetic(kind, 30 + STEPS, rng),
                          index=pd.period_range("2000-01", periods=30 + STEPS, freq="M"))
            row = {"set": "non-seasonal", "series": kind, "length": 30}
            for label, sp in (("auto", "auto"), ("sp1", 1), ("sp12", 12)):
                values, row[f"sp_{label}"] = ours(y[:30], sp)
                row[label] = smape(y[30:].to_numpy(), values)
            records.append(row)
    from skreservoir.forecasting._transform import TargetTransform

    false_seasons = {}
    rng = np.random.default_rng(1)
    index = pd.period_range("2000-01", periods=30, freq="M")
    for kind in ("white_noise", "random_walk", "ar1", "trend_noise"):
        found = [TargetTransform(log=False).fit(synthetic(kind, 30, rng)[:, None], index)
                 .season_length_ > 1 for _ in range(300)]
        false_seasons[kind] = float(np.mean(found))
    frame = pd.DataFrame(records)
    summary = {}
    for name, part in frame.groupby("set"):
        models = [c for c in ("auto", "sp1", "sp12", "naive_sp12", "theta_sp12") if c in part]
        summary[name] = {
            "median": part[models].median().round(3).to_dict(),
            "median_per_series": part.groupby("series")[models].median().round(3).to_dict(),
            "seasons_kept_by_auto": float((part.sp_auto > 1).mean()),
        }
        for model in ("auto", "sp12"):
            ratio = np.log(part[model] / part.sp1)
            ratio = ratio[np.isfinite(ratio)]  # PBS's all-zero windows: sMAPE 0 / 0
            summary[name][f"{model}_over_sp1"] = {
                "geometric_mean": float(np.exp(ratio.mean())),
                "better": int((part[model] < part.sp1 - 1e-9).sum()),
                "worse": int((part[model] > part.sp1 + 1e-9).sum()),
            }
    summary["false_season_rate_at_30_months"] = false_seasons
    write_study("forecasting_short_season", summary, frame)


if __name__ == "__main__":
    main()
