"""Random walks: how far the reservoir forecasters fall behind the naive forecast.

The naive forecast (the last value) is the best forecast of a random walk
without drift, so on one a forecaster can at best tie with it. Per walk
(Gaussian increments, seeds 1000, 1001, ...; fit on ``--length`` points,
forecast ``--horizon``), this records the MASE (in-sample naive scale) of
``AutoESNForecaster(random_state=0)``, ``ESNForecaster(random_state=0)`` and
sktime's ``NaiveForecaster()``, whether AutoESNForecaster fell back to the
naive forecast (``fallback_``), and the ratio of its validation score to
the naive forecast's on its own windows (``ensemble_score_`` over
``baseline_scores_["last value"]``; below 1: the windows rate the
reservoirs better). The summary gives the geometric mean of each
forecaster's MASE ratio to the naive forecast's and how many walks it lost.

    python benchmarks/forecasting_random_walks.py
    python benchmarks/forecasting_random_walks.py --summary

Records go to ``forecasting_random_walks.json``.
"""

import argparse
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

PATH = Path(__file__).parent / "forecasting_random_walks.json"


def mase(truth, forecast, train):
    return float(np.mean(np.abs(truth - forecast)) / np.mean(np.abs(np.diff(train))))


def run(n_walks, length, horizon):
    from sktime.forecasting.naive import NaiveForecaster

    from skreservoir.forecasting import AutoESNForecaster, ESNForecaster

    records = []
    fh = np.arange(1, horizon + 1)
    for seed in range(1000, 1000 + n_walks):
        walk = pd.Series(50 + np.cumsum(np.random.default_rng(seed).normal(size=length + horizon)))
        train, truth = walk[:length], walk[length:].to_numpy()
        record = {"seed": seed, "length": length, "horizon": horizon}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            auto = AutoESNForecaster(random_state=0).fit(train, fh=fh)
            forecasts = {
                "auto": auto.predict(fh),
                "esn": ESNForecaster(random_state=0).fit(train, fh=fh).predict(fh),
                "naive": NaiveForecaster().fit(train, fh=fh).predict(fh),
            }
        for name, forecast in forecasts.items():
            record[name] = mase(truth, np.asarray(forecast, dtype=float).ravel(), train.to_numpy())
        record["auto_fallback"] = auto.fallback_ is not None
        record["auto_validation_ratio"] = auto.ensemble_score_ / auto.baseline_scores_["last value"]
        print(record, flush=True)
        records.append(record)
    return records


def summary(records):
    frame = pd.DataFrame(records)
    for name in ("auto", "esn"):
        ratio = frame[name] / frame["naive"]
        print(f"{name}: geometric mean of MASE / naive's {np.exp(np.log(ratio).mean()):.3f}, "
              f"worse than naive on {int((ratio > 1).sum())} of {len(frame)} walks")
    print(f"auto fell back to the naive forecast on {int(frame['auto_fallback'].sum())}; "
          "geometric mean of its validation score / the naive's "
          f"{np.exp(np.log(frame['auto_validation_ratio']).mean()):.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walks", type=int, default=16)
    parser.add_argument("--length", type=int, default=280)
    parser.add_argument("--horizon", type=int, default=20)
    parser.add_argument("--summary", action="store_true", help="summarise the JSON only")
    args = parser.parse_args()
    if not args.summary:
        PATH.write_text(json.dumps(run(args.walks, args.length, args.horizon), indent=1))
    summary(json.loads(PATH.read_text()))


if __name__ == "__main__":
    main()
