"""Random walks and their neighbours: AutoESNForecaster against the naive forecast.

The naive forecast (the last value) is the best forecast of a random walk
without drift, so on one a forecaster can at best tie with it.
``AutoESNForecaster`` takes a series as a random walk where the BIC leaves
no lag of its increments and the Dickey-Fuller test does not reject a unit
root at 10 % (``random_walk_``; ``skreservoir.forecasting._transform.
random_walk_test``) and then, by default, forecasts with sktime's
``NaiveForecaster`` (``fallback_``). This script measures what that rule
gains on random walks and costs on the series beside them, where the
naive forecast is not the best: stationary AR(1) processes near a unit
root (the test cannot reject one on a few hundred points) and
ARIMA(1,1,0) processes (their increments correlated).

Families (``--families``; each ``--series`` draws, Gaussian innovations,
seeds 1000, 1001, ...; fit on the length, forecast ``--horizon`` steps):

- ``walk150``, ``walk400``: random walks of 150 and 400 points;
- ``drift300``: random walks of 300 points drifting by 0.15 a step (0.15
  of the steps' standard deviation);
- ``ar0.95``: AR(1) at 0.95 of 200 points (after a burn-in of 200);
- ``ari0.3``, ``ari-0.3``: ARIMA(1,1,0) at +-0.3 of 200 points.

Per series it records the MASE (in-sample naive scale) of
``AutoESNForecaster(random_state=0)`` as a user gets it (``auto``), of its
reservoirs' forecast (``auto_reservoirs``: the same fit with
``fallback=None``, refitted only where the default fell back),
``ESNForecaster(random_state=0)`` and sktime's ``NaiveForecaster()``;
whether it was taken as a random walk (``random_walk``) and whether it fell
back (``fallback``). The summary gives, per family, the geometric mean of
each forecaster's MASE ratio to the naive forecast's and on how many series
it lost to it.

    python benchmarks/forecasting_random_walks.py          # all families
    python benchmarks/forecasting_random_walks.py --families walk150 --series 8
    python benchmarks/forecasting_random_walks.py --summary

Records go to ``forecasting_random_walks.json`` (the families run are
replaced, the others kept). The first version of this script (16 walks of
280 points, seeds 1000 to 1015, before the random-walk rule) and its
records are at commit 4eb7b90.
"""

import argparse
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

PATH = Path(__file__).parent / "forecasting_random_walks.json"
FAMILIES = {  # name: (kind, coefficient, length)
    "walk150": ("walk", 0.0, 150),
    "walk400": ("walk", 0.0, 400),
    "drift300": ("walk", 0.15, 300),
    "ar0.95": ("ar", 0.95, 200),
    "ari0.3": ("ari", 0.3, 200),
    "ari-0.3": ("ari", -0.3, 200),
}
BURN_IN = 200


def draw(family, seed, horizon):
    """One series of ``family``: ``length + horizon`` values about 50."""
    kind, coefficient, length = FAMILIES[family]
    rng = np.random.default_rng(seed)
    if kind == "walk":  # the coefficient: the drift per step
        return 50 + np.cumsum(coefficient + rng.normal(size=length + horizon))
    shocks = rng.normal(size=BURN_IN + length + horizon)
    values = np.zeros_like(shocks)
    for t in range(1, len(shocks)):
        if kind == "ar":
            values[t] = coefficient * values[t - 1] + shocks[t]
        else:
            step = values[t - 1] - values[t - 2] if t > 1 else 0.0
            values[t] = values[t - 1] + coefficient * step + shocks[t]
    return 50 + values[BURN_IN:]


def mase(truth, forecast, train):
    return float(np.mean(np.abs(truth - forecast)) / np.mean(np.abs(np.diff(train))))


def run(families, n_series, horizon):
    from sktime.forecasting.naive import NaiveForecaster

    from skreservoir.forecasting import AutoESNForecaster, ESNForecaster

    records = []
    fh = np.arange(1, horizon + 1)
    for family in families:
        length = FAMILIES[family][2]
        for seed in range(1000, 1000 + n_series):
            values = draw(family, seed, horizon)
            train, truth = pd.Series(values[:length]), values[length:]
            record = {"family": family, "seed": seed, "length": length, "horizon": horizon}
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                auto = AutoESNForecaster(random_state=0).fit(train, fh=fh)
                forecasts = {
                    "auto": auto.predict(fh),
                    "esn": ESNForecaster(random_state=0).fit(train, fh=fh).predict(fh),
                    "naive": NaiveForecaster().fit(train, fh=fh).predict(fh),
                }
                forecasts["auto_reservoirs"] = (
                    forecasts["auto"] if auto.fallback_ is None
                    else AutoESNForecaster(random_state=0, fallback=None).fit(
                        train, fh=fh).predict(fh))
            for name, forecast in forecasts.items():
                record[name] = mase(truth, np.asarray(forecast, dtype=float).ravel(),
                                    train.to_numpy())
            record["random_walk"] = bool(auto.random_walk_)
            record["fallback"] = auto.fallback_ is not None
            record["auto_validation_ratio"] = (
                auto.ensemble_score_ / auto.baseline_scores_["last value"])
            print(record, flush=True)
            records.append(record)
    return records


def summary(records):
    frame = pd.DataFrame(records)
    if "family" not in frame:  # the records of the first version: walk280 only
        frame["family"] = "walk280"
        frame["auto_reservoirs"] = frame["auto"]
        frame["random_walk"] = False
        frame["fallback"] = frame["auto_fallback"]
    print(f"{'family':10s} {'n':>3s} {'taken as walk':>13s} {'fell back':>9s} "
          + " ".join(f"{name + ' geo (lost)':>24s}" for name in ("auto", "auto_reservoirs", "esn")))
    for family, part in frame.groupby("family", sort=False):
        cells = []
        for name in ("auto", "auto_reservoirs", "esn"):
            ratio = part[name] / part["naive"]
            cells.append(f"{np.exp(np.log(ratio).mean()):17.3f} ({int((ratio > 1).sum()):2d})")
        print(f"{family:10s} {len(part):3d} {int(part['random_walk'].sum()):13d} "
              f"{int(part['fallback'].sum()):9d} " + " ".join(f"{c:>24s}" for c in cells))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", nargs="+", choices=list(FAMILIES), default=list(FAMILIES))
    parser.add_argument("--series", type=int, default=30)
    parser.add_argument("--horizon", type=int, default=20)
    parser.add_argument("--output", type=Path, default=PATH)
    parser.add_argument("--summary", action="store_true", help="summarise the JSON only")
    args = parser.parse_args()
    if not args.summary:
        new = run(args.families, args.series, args.horizon)
        old = json.loads(args.output.read_text()) if args.output.exists() else []
        kept = [r for r in old if r.get("family") not in args.families and "family" in r]
        args.output.write_text(json.dumps(kept + new, indent=1))
    summary(json.loads(args.output.read_text()))


if __name__ == "__main__":
    main()
