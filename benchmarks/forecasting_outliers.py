"""Outlying values: what they cost the forecasters, and how often the warning is wrong.

A new-user battery found that one spike of 1e6 in airline left
``ESNForecaster()`` and ``NVARForecaster()`` with poor forecasts and no
word. :class:`~skreservoir.exceptions.OutlierWarning` now names such
values; the rule (:func:`skreservoir.forecasting.outlying_values`) parts
them from the series by a gap of ``OUTLIER_GAP`` (2) central ranges. This
script chose the gap:

- ``harm``: airline (24 months held out) and lynx (14 years) with one
  value, in the middle of the training series, set to the top of the
  central range of the values given plus ``c`` central ranges, ``c`` in 0
  .. 100; the MASE of ``ESNForecaster()`` and ``NVARForecaster()`` (mean
  absolute error over the in-sample mean absolute one-step change) and
  whether each fit warns. The rule reads the series as the model sees it
  (airline and lynx: their logs, airline's detrended and deseasonalised),
  where a value can be outlying at ``c`` = 0 (airline: 491 in 1955, twice
  the level of its year) or not at ``c`` = 100 (lynx, whose logs spread
  over two orders of magnitude).
- ``false alarms``: the share of series that warn among the real series
  shipped with sktime (every column), the chaotic systems of
  ``skreservoir.datasets`` (3000 steps and every fifth of them), every
  coordinate of the flows of ``benchmarks/forecasting_flows.py`` (1200
  points at 30 and 100 per period), sktime's test hierarchy
  (``_make_hierarchical``, 1600 series), and iid samples (200 draws each
  of 20, 50, 300 and 3000 values) of the normal, exponential, lognormal,
  Student's t (3 and 2 degrees of freedom), Pareto and Poisson (rates 0.1
  and 1) laws, at gaps of 1, 2, 3 and 5 central ranges, each series read
  as the forecasters read it (``TargetTransform``).

    python benchmarks/forecasting_outliers.py        # about 2 min on 2 cores
"""

import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import machine_info  # noqa: E402

GAPS = (1.0, 2.0, 3.0, 5.0)
EXCESS = (0.0, 0.5, 1.0, 2.0, 2.5, 3.0, 5.0, 10.0, 100.0)


def widest_gap(y, index=None):
    """The widest gap of :func:`outlying_values`'s walk outward, in central ranges, on
    the series as the forecasters see it (after the log, trend and season that
    ``TargetTransform`` decides); 0 where the central values are all equal. And whether
    the library's rule (whose gap grows on series shorter than 30) finds a value."""
    from skreservoir.forecasting import outlying_values
    from skreservoir.forecasting._transform import (
        TargetTransform,
        central_range,
        outward_steps,
    )

    y = np.asarray(y, dtype=float)
    transform = TargetTransform().fit(y[:, None], index)
    z = transform.transform(y[:, None], np.arange(len(y)))[:, 0]
    _, low, high = central_range(z)
    if high - low <= max(1e-9 * max(abs(low), abs(high)), transform.rounding_[0]):
        return 0.0, False
    rule = bool(len(outlying_values(z)))
    widest = max((steps.max() for _, _, steps in outward_steps(z, low, high) if len(steps)),
                 default=0.0) / (high - low)
    return widest, rule


def harm():
    from sktime.datasets import load_airline, load_lynx

    from skreservoir.exceptions import OutlierWarning
    from skreservoir.forecasting import ESNForecaster, NVARForecaster
    from skreservoir.forecasting._transform import central_range

    rows = []
    for name, load, horizon in (("airline", load_airline, 24), ("lynx", load_lynx, 14)):
        y = load().astype(float)
        train, test = y[:-horizon], y[-horizon:].to_numpy()
        scale = np.mean(np.abs(np.diff(train.to_numpy())))
        _, low, top = central_range(train.to_numpy())
        width = top - low
        for c in EXCESS:
            spiked = train.copy()
            spiked.iloc[len(spiked) // 2] = top + c * width
            row = {"series": name, "excess": c, "value": float(top + c * width)}
            for model in (ESNForecaster, NVARForecaster):
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    forecast = model().fit(spiked, fh=np.arange(1, horizon + 1)).predict()
                row[f"{model.__name__} MASE"] = float(
                    np.mean(np.abs(forecast.to_numpy() - test)) / scale)
                row[f"{model.__name__} warns"] = any(
                    issubclass(w.category, OutlierWarning) for w in caught)
            rows.append(row)
            print(f"{name:8s} excess {c:6.1f}  ESN {row['ESNForecaster MASE']:6.2f} "
                  f"(warns {row['ESNForecaster warns']})  NVAR "
                  f"{row['NVARForecaster MASE']:6.2f} (warns {row['NVARForecaster warns']})",
                  flush=True)
    return rows


def shipped_series():
    from forecasting_flows import FLOWS, flow_series
    from sktime import datasets

    from skreservoir import datasets as ours

    series = {}
    for loader in ("load_airline", "load_lynx", "load_shampoo_sales", "load_longley",
                   "load_uschange", "load_macroeconomic", "load_PBS_dataset", "load_solar"):
        data = getattr(datasets, loader)()
        data = data[0] if isinstance(data, tuple) else data
        data = data.to_frame() if hasattr(data, "to_frame") else data
        for column in data.columns:
            values = data[column].dropna()
            series[f"{loader[5:]}:{column}"] = (values.to_numpy(dtype=float), values.index)
    for name in ("mackey_glass", "lorenz", "rossler", "double_scroll"):
        values = np.asarray(getattr(ours, name)(3000))
        values = values.reshape(len(values), -1)
        for j in range(values.shape[1]):
            series[f"{name}:{j}"] = (values[:, j], None)
            series[f"{name}:{j}:every fifth"] = (values[::5, j], None)
    for name in FLOWS:
        for granularity in (30, 100):
            values = flow_series(name, granularity, 1200)[0]
            for j in range(values.shape[1]):
                series[f"{name} g{granularity}:{j}"] = (values[:, j], None)
    from sktime.utils._testing.hierarchical import _make_hierarchical

    # sktime's own test series (a hierarchy of 1600)
    frame = _make_hierarchical((40, 40), min_timepoints=24, max_timepoints=120,
                               random_state=0)
    for key, group in frame.groupby(level=[0, 1]):
        series[f"_make_hierarchical:{key}"] = (group.iloc[:, 0].to_numpy(dtype=float),
                                               group.index.get_level_values(-1))
    return series


def false_alarms():
    rng = np.random.default_rng(0)
    laws = {
        "normal": lambda n: rng.normal(size=n),
        "exponential": lambda n: rng.exponential(size=n),
        "lognormal": lambda n: np.exp(rng.normal(size=n)),
        "student t3": lambda n: rng.standard_t(3, size=n),
        "student t2": lambda n: rng.standard_t(2, size=n),
        "pareto 3": lambda n: rng.pareto(3, size=n),
        "poisson 0.1 (intermittent)": lambda n: rng.poisson(0.1, size=n).astype(float),
        "poisson 1": lambda n: rng.poisson(1.0, size=n).astype(float),
    }
    rows = []
    gaps = {k: widest_gap(*v) for k, v in shipped_series().items()}
    widest = {k: g for k, (g, _) in gaps.items()}
    for kind, keys in (("benchmarks' series", [k for k in widest if "_make_hier" not in k]),
                       ("sktime's _make_hierarchical", [k for k in widest
                                                        if "_make_hier" in k])):
        row = {"series": f"{kind} ({len(keys)})"}
        row.update({f"gap {g:g}": float(np.mean([widest[k] > g for k in keys])) for g in GAPS})
        row["the rule"] = float(np.mean([gaps[k][1] for k in keys]))
        row["warn"] = sorted(k for k in keys if gaps[k][1])
        rows.append(row)
        print(row, flush=True)
    # windows of the real series, as sktime's SlidingWindowSplitter hands them on
    from sktime.datasets import load_airline, load_lynx, load_shampoo_sales

    for length in (8, 10, 12, 16, 24):
        found = []
        for load in (load_airline, load_lynx, load_shampoo_sales):
            y = load().astype(float)
            for start in range(0, len(y) - length + 1, 4):
                window = y.iloc[start:start + length]
                found.append(widest_gap(window.to_numpy(), window.index)[1])
        row = {"series": f"windows of {length} (airline, lynx, shampoo; {len(found)})",
               "the rule": float(np.mean(found))}
        rows.append(row)
        print(row, flush=True)
    for law, draw in laws.items():
        for n in (8, 12, 20, 50, 300, 3000):
            found = [widest_gap(draw(n)) for _ in range(200)]
            widest = np.array([g for g, _ in found])
            row = {"series": f"{law}, n={n}"}
            row.update({f"gap {g:g}": float(np.mean(widest > g)) for g in GAPS})
            row["the rule"] = float(np.mean([rule for _, rule in found]))
            rows.append(row)
            print(row, flush=True)
    return rows


def main():
    warnings.simplefilter("ignore", FutureWarning)
    start = time.perf_counter()
    result = {"machine": machine_info(["numpy", "scipy", "sktime", "skreservoir"]), "harm": harm(), "false_alarms": false_alarms()}
    result["seconds"] = time.perf_counter() - start
    out = HERE / "forecasting_outliers.json"
    out.write_text(json.dumps(result, indent=1))
    print(f"wrote {out} in {result['seconds']:.0f} s")


if __name__ == "__main__":
    main()
