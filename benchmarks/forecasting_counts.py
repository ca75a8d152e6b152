"""Count series: the forecasters with and without the floor at 0.

A series of whole numbers that reaches 0 and never goes below it (demand,
events, sales of an item) cannot be negative, and the forecasters held
nothing there: on counts ending in a run of zeros, ``ESNForecaster()``
forecast -0.4 to -0.8, and ``AutoESNForecaster()`` negative counts of
intermittent demand (two user ports). ``TargetTransform.nonnegative_`` marks such
a column (:func:`~skreservoir.forecasting._transform.is_count_column`) and
its forecasts, sample paths and intervals are held at 0 or above. Held at
0, a forecast's absolute error against a count can only fall; this study
says how often and by how much it falls, and that the interval's lower
bounds are what moves.

Kinds (monthly index, 12 steps ahead, 8 draws each): intermittent demand
(an order in a month with probability 0.1, 0.3 or 0.6, of 1 + Poisson(2)
items), Poisson counts with a rate falling from 6 to 0.5, Poisson(3)
counts followed by a run of 20 to 40 zeros; and sktime's PBS series at 4
origins. ``ESNForecaster(random_state=0)`` and ``NVARForecaster()``, each with
``FLOOR_COUNTS`` True (the library) and False. Mean absolute error per
forecast; the forecasts changed (none can be worse), the ratio of their
summed errors, and against ``NaiveForecaster(strategy="mean")``.

    python benchmarks/forecasting_counts.py     # about 3 minutes on 2 cores

Writes ``forecasting_counts.json``.
"""

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_study  # noqa: E402

STEPS = 12
DRAWS = 8
LENGTH = 120


def series(kind, rng):
    n = LENGTH + STEPS
    if kind.startswith("intermittent"):
        p = float(kind.split("_")[1])
        values = (rng.random(n) < p) * (1 + rng.poisson(2, n))
    elif kind == "declining":
        values = rng.poisson(np.linspace(6, 0.5, n))
    else:  # counts, then a run of zeros into the test window
        zeros = int(rng.integers(20, 41))
        values = np.r_[rng.poisson(3, n - zeros), np.zeros(zeros)]
    return pd.Series(values.astype(float), index=pd.period_range("2000-01", periods=n, freq="M"))


def tasks():
    from sktime.datasets import load_PBS_dataset

    rng = np.random.default_rng(0)
    for kind in ("intermittent_0.1", "intermittent_0.3", "intermittent_0.6", "declining",
                 "then_zeros"):
        for draw in range(DRAWS):
            y = series(kind, rng)
            yield kind, draw, y[:-STEPS], y[-STEPS:].to_numpy()
    y = load_PBS_dataset().astype(float)
    for origin in range(4):
        cut = len(y) - STEPS * (origin + 1)
        yield "PBS", origin, y[:cut], y[cut:cut + STEPS].to_numpy()


def main():
    from sktime.forecasting.naive import NaiveForecaster

    from skreservoir.forecasting import ESNForecaster, NVARForecaster, _transform

    warnings.simplefilter("ignore")
    makers = {"ESN": lambda: ESNForecaster(random_state=0), "NVAR": NVARForecaster}
    records = []
    for kind, draw, train, test in tasks():
        row = {"kind": kind, "draw": draw, "counts": bool(_transform.is_count_column(train))}
        fh = range(1, STEPS + 1)
        for model, make in makers.items():
            for floor in (True, False):
                _transform.FLOOR_COUNTS = floor
                try:
                    forecast = make().fit(train, fh=fh).predict().to_numpy().ravel()
                finally:
                    _transform.FLOOR_COUNTS = True
                label = f"{model}_{'floor' if floor else 'none'}"
                row[label] = float(np.mean(np.abs(forecast - test)))
                row[f"{label}_below_0"] = int((forecast < 0).sum())
        naive = NaiveForecaster(strategy="mean").fit(train, fh=fh).predict().to_numpy().ravel()
        row["naive_mean"] = float(np.mean(np.abs(naive - test)))
        records.append(row)
    frame = pd.DataFrame(records)
    summary = {"forecasts": len(frame), "count_series": int(frame.counts.sum())}
    for model in makers:
        floor, none = frame[f"{model}_floor"], frame[f"{model}_none"]
        changed = (floor != none)
        summary[model] = {
            "changed": int(changed.sum()),
            "worse": int((floor > none).sum()),
            "steps_below_0_without_floor": int(frame[f"{model}_none_below_0"].sum()),
            "steps_below_0_with_floor": int(frame[f"{model}_floor_below_0"].sum()),
            # a floored forecast of zeros scores 0: the ratio of the summed errors
            "mae_ratio_where_changed": float(floor[changed].sum() / none[changed].sum())
            if changed.any() else 1.0,
            "largest_gain": float((none - floor).max()),
            "median_mae_none": float(none.median()),
            "median_mae_floor": float(floor.median()),
            "median_mae_naive_mean": float(frame.naive_mean.median()),
            "per_kind_mae": frame.groupby("kind")[[f"{model}_none", f"{model}_floor",
                                                   "naive_mean"]].median().round(3).to_dict(),
        }
    write_study("forecasting_counts", summary, frame)


if __name__ == "__main__":
    main()
