"""sktime's LogTransformer in front of our forecasters: does ``log="auto"`` log the log again?

``TransformedTargetForecaster([LogTransformer(), ESNForecaster()])`` hands
the forecaster log(y). On the positive real series shipped with sktime
(those of ``benchmarks/forecasting.py``: airline, lynx, shampoo sales, and
its ``--more-real`` series), from the last two origins (the last 2 x steps
points held out, ``real_tasks``), this records

- the ``log="auto"`` decision (``TargetTransform().log_``) on y and on
  log(y), with the slope of :func:`level_spread_slope` and the ratio of the
  largest to the smallest window mean (the windows the rule reads);
- MASE and sMAPE of ESNForecaster() and AutoESNForecaster() on y, behind a
  LogTransformer, and behind a LogTransformer with ``log=False`` (what the
  forecaster gives when it does not log the log again).

    python benchmarks/forecasting_double_log.py            # writes forecasting_double_log.json
    python benchmarks/forecasting_double_log.py --no-auto  # ESNForecaster only (a minute)
"""

import argparse
import json
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from forecasting import mase, more_real_series, real_series, real_tasks, smape  # noqa: E402

HERE = Path(__file__).parent
N_ORIGINS = 2


def log_decision(values, index):
    """``(log_, slope, ratio)``: the rule's decision on one series, and what it read
    (None where the series is not positive)."""
    from skreservoir.forecasting._transform import (
        TargetTransform,
        level_spread_slope,
        season_of_index,
    )

    transform = TargetTransform().fit(values[:, None], index)
    if not np.all(values > 0):  # the rule reads positive series only
        return bool(transform.log_[0]), None, None
    season = max(season_of_index(index), transform.season_estimate_)
    n = len(values)
    window = season if season > 1 and n >= 3 * season else max(4, n // 10)
    means = values[: n // window * window].reshape(-1, window).mean(axis=1)
    return bool(transform.log_[0]), level_spread_slope(values, window), float(
        means.max() / means.min())


def models(with_auto):
    from sktime.forecasting.compose import TransformedTargetForecaster
    from sktime.transformations.series.boxcox import LogTransformer

    from skreservoir.forecasting import AutoESNForecaster, ESNForecaster

    kinds = {"ESNForecaster()": ESNForecaster}
    if with_auto:
        kinds["AutoESNForecaster()"] = AutoESNForecaster
    made = {}
    for name, kind in kinds.items():
        made[name] = lambda k=kind: k(random_state=0)
        made[f"Log >> {name}"] = lambda k=kind: TransformedTargetForecaster(
            [LogTransformer(), k(random_state=0)])
        made[f"Log >> {name[:-1]}log=False)"] = lambda k=kind: TransformedTargetForecaster(
            [LogTransformer(), k(random_state=0, log=False)])
    return made


def double_log_effect(fired, made):
    """Per forecaster, on the tasks where log(y) was logged again: MASE behind the
    LogTransformer over MASE with ``log=False`` (geometric mean, and how many tasks
    it was above and below 1)."""
    effect = {}
    for name in (k for k in made if not k.startswith("Log")):
        ratios = np.array([r[f"mase Log >> {name}"] / r[f"mase Log >> {name[:-1]}log=False)"]
                           for r in fired])
        effect[name] = {
            "geometric_mean_ratio": float(np.exp(np.mean(np.log(ratios)))) if len(ratios)
            else None,
            "worse": int(np.sum(ratios > 1 + 1e-9)),
            "better": int(np.sum(ratios < 1 - 1e-9)),
            "ratios": [round(float(x), 3) for x in ratios],
        }
    return effect


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-auto", action="store_true", help="ESNForecaster only")
    parser.add_argument("--out", default="forecasting_double_log.json")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    records = []
    for name, origin, train, test, steps, sp in real_tasks(N_ORIGINS, real_series()
                                                            + more_real_series()):
        values = train.to_numpy(dtype=np.float64)
        if not np.all(values > 0):
            continue  # LogTransformer needs a positive series
        record = {"task": name, "origin": origin, "n_train": len(values), "steps": steps}
        for label, series in (("y", values), ("log(y)", np.log(values))):
            decided, slope, ratio = log_decision(series, train.index)
            record[f"log_ on {label}"] = decided
            record[f"slope on {label}"] = None if slope is None else round(slope, 3)
            record[f"level ratio on {label}"] = None if ratio is None else round(ratio, 3)
        for model, make in models(not args.no_auto).items():
            forecaster = make().fit(train, fh=np.arange(1, steps + 1))
            forecast = forecaster.predict().to_numpy(dtype=np.float64).ravel()
            record[f"mase {model}"] = mase(test, forecast, values)
            record[f"smape {model}"] = smape(test, forecast)
        records.append(record)
        print({k: v for k, v in record.items() if not k.startswith("smape")})
    columns = [k for k in records[0] if k.startswith("mase")]
    medians = {k: float(np.median([r[k] for r in records])) for k in columns}
    fired = [r for r in records if r["log_ on log(y)"]]
    print("median MASE:", medians)
    print("log_ on log(y):", [f"{r['task']}/{r['origin']}" for r in fired])
    payload = {
        "command": "python benchmarks/forecasting_double_log.py"
        + (" --no-auto" if args.no_auto else ""),
        "skreservoir_commit": _commit(),
        "median_mase": medians,
        "log_on_log_y": [f"{r['task']}/{r['origin']}" for r in fired],
        "double_log_effect": double_log_effect(fired, models(not args.no_auto)),
        "records": records,
    }
    print("double log / not:", payload["double_log_effect"])
    (HERE / args.out).write_text(json.dumps(payload, indent=1))


def _commit():
    import subprocess

    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], cwd=HERE,
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


if __name__ == "__main__":
    main()
