"""The cost of the first ``predict_interval``: the calibration's origins from one run.

The first ``predict_interval`` (or ``predict_quantiles``, ``predict_var``)
of a fitted forecaster computes the calibration factor of its sample
paths (see the Notes of ``ESNForecaster``): at up to 10 origins inside the
history, every member is refitted on the history before the origin and
simulates paths from there. Each member's reservoir used to run over the
history before every origin, twice (once for the ridge penalty's
cross-validation, once in the ESN's own ``fit``); it now runs once over
the whole history, stopping at every origin for its state
(``_ReservoirForecaster._origin_refits``), and only the readouts are solved
at every origin.

Per series and forecaster, in one process: the fit, the first
``predict_interval`` the new way and the old way (the one-run refits
turned off, the factor computed afresh), alternated, the median of
``--repeats``; the ratio old / new (> 1: faster now), and the largest
difference between the two intervals (relative to the interval's width;
the two ways compute the same factor, to rounding). Writes
``forecasting_interval_cost.json``::

    python benchmarks/forecasting_interval_cost.py            # about 3 minutes
    python benchmarks/forecasting_interval_cost.py --quick    # AR(1) of 500 points only
"""

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from skreservoir.datasets import mackey_glass
from skreservoir.forecasting import AutoESNForecaster, ESNForecaster, NVARForecaster, _base

HORIZON = 20


def _ar1(n, seed=0):
    rng = np.random.default_rng(seed)
    y = np.zeros(n)
    noise = rng.standard_normal(n)
    for t in range(1, n):
        y[t] = 0.7 * y[t - 1] + noise[t]
    return pd.Series(y)


def _series(quick):
    from sktime.datasets import load_airline

    yield "ar1_500", _ar1(500)
    if quick:
        return
    yield "ar1_150", _ar1(150)
    yield "ar1_1000", _ar1(1000)
    yield "airline", load_airline()
    yield "mackey_glass_1000", pd.Series(mackey_glass(1000)[:, 0])


def _forecasters(name, quick):
    yield "ESNForecaster()", lambda: ESNForecaster(random_state=0)
    yield "NVARForecaster()", lambda: NVARForecaster()
    if not quick and name in ("ar1_500", "airline"):
        yield "AutoESNForecaster()", lambda: AutoESNForecaster(random_state=0)


def _first_interval(make, y, one_run):
    """Seconds of the first predict_interval of the forecaster ``make()`` fitted on ``y``,
    and the interval; ``one_run``: the calibration's origins from one run of each
    reservoir, else refitted at every origin (the old way)."""
    original = _base._ReservoirForecaster._origin_refits
    if not one_run:
        _base._ReservoirForecaster._origin_refits = lambda self, cuts: None
    try:
        fresh = make().fit(y, fh=range(1, HORIZON + 1))
        start = time.perf_counter()
        interval = fresh.predict_interval(coverage=0.9)
        return time.perf_counter() - start, interval.to_numpy()
    finally:
        _base._ReservoirForecaster._origin_refits = original


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--output", type=Path,
                        default=Path(__file__).with_name("forecasting_interval_cost.json"))
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    rows = []
    print(f"{'series':>18} {'forecaster':>20} {'fit s':>7} {'new s':>7} {'old s':>7} "
          f"{'old/new':>8} {'max diff / width':>17}")
    for name, y in _series(args.quick):
        for label, make in _forecasters(name, args.quick):
            start = time.perf_counter()
            make().fit(y, fh=range(1, HORIZON + 1))
            fit_seconds = time.perf_counter() - start
            new, old, intervals = [], [], {}
            for _ in range(args.repeats):
                for one_run, times in ((True, new), (False, old)):
                    seconds, intervals[one_run] = _first_interval(make, y, one_run)
                    times.append(seconds)
            width = np.abs(intervals[True][:, 1] - intervals[True][:, 0]).max()
            diff = float(np.abs(intervals[True] - intervals[False]).max() / width)
            row = dict(series=name, forecaster=label, fit_seconds=fit_seconds,
                       first_interval_new=float(np.median(new)),
                       first_interval_old=float(np.median(old)), max_diff_over_width=diff)
            row["ratio_old_new"] = row["first_interval_old"] / row["first_interval_new"]
            rows.append(row)
            print(f"{name:>18} {label:>20} {fit_seconds:7.2f} {row['first_interval_new']:7.2f} "
                  f"{row['first_interval_old']:7.2f} {row['ratio_old_new']:8.2f} {diff:17.1e}")
            args.output.write_text(json.dumps({"horizon": HORIZON, "rows": rows}, indent=1))
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
