"""The default forecasters' forecasts from two checkouts, compared task by task.

Usage::

    git worktree add /tmp/before 90c3f1e
    python benchmarks/forecasting_checkouts.py /tmp/before .
    python benchmarks/forecasting_checkouts.py /tmp/before . \
        --json benchmarks/forecasting_guard_fallback.json

Each checkout runs in its own process (its code on ``PYTHONPATH``, numpy
recurrence) ``ESNForecaster(random_state=0)`` and ``NVARForecaster()``
on: the 64 chaotic-flow tasks of ``forecasting_flows.py`` (one origin;
sMAPE over 200 steps), the main chaotic systems of ``forecasting.py``
(clean and noisy, 3 origins), the real series of ``forecasting.py``,
``--more-real`` and ``--statsmodels-series`` (4 origins each; MASE) and
lynx in ``evaluate``-like expanding windows (38, 57 and 76 years fitted,
12 and 24 ahead; MASE). Per set and model the table gives the forecasts
that changed (not equal to 1e-8), how many of those the second checkout
made better and worse, and the medians before and after, of all and of
the changed. Written for the divergence guard's fallback (a path that
leaves the bounds takes the series' mean from there, where it was held at
the bound): ``forecasting_guard_fallback.json``.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
LYNX_WINDOWS = ((38, 24), (57, 24), (76, 24), (38, 12), (57, 12))


def child(out):
    """Forecast every task with the code on PYTHONPATH; write the records to ``out``."""
    sys.path.insert(0, str(HERE))
    import forecasting as F
    import forecasting_flows as FF
    from sktime.datasets import load_lynx
    from sktime.split import ExpandingWindowSplitter

    import skreservoir
    from skreservoir.forecasting import ESNForecaster, NVARForecaster

    skreservoir.set_config(compiled=False)
    warnings.simplefilter("ignore")
    makers = {"ESN": lambda: ESNForecaster(random_state=0), "NVAR": lambda: NVARForecaster()}
    records = []

    def forecast(kind, task, train, test, steps):
        for model, make in makers.items():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                values = make().fit(train, fh=np.arange(1, steps + 1)).predict()
            values = values.to_numpy(dtype=float).ravel()
            records.append({
                "kind": kind, "task": task, "model": model,
                "diverged": any("Divergence" in w.category.__name__ for w in caught),
                "smape": F.smape(test, values), "mase": F.mase(test, values, train.to_numpy()),
                "values": values.tolist(),
            })

    for name, label, granularity, _, train, test, _ in FF.tasks(FF.FLOWS, FF.GRANULARITIES, 1):
        forecast(f"flows{granularity}", f"{name}/{label}", train, test, FF.N_FORECAST)
    for task, origin, train, test, _ in F.chaotic_tasks(F.SYSTEMS, 3, True):
        forecast("main", f"{task}/o{origin}", train, test, F.N_FORECAST)
    series = F.real_series() + F.more_real_series() + F.statsmodels_series()
    for task, origin, train, test, steps, _ in F.real_tasks(4, series):
        forecast("real", f"{task}/o{origin}", train, test, steps)
    y = load_lynx()
    for window, steps in LYNX_WINDOWS:
        cv = ExpandingWindowSplitter(fh=list(range(1, steps + 1)), initial_window=window,
                                     step_length=max(1, (len(y) - window - steps) // 6))
        for k, (train, test) in enumerate(cv.split(y)):
            forecast("lynx_windows", f"{window}/{steps}/{k}", y.iloc[train],
                     y.iloc[test].to_numpy(), steps)
    Path(out).write_text(json.dumps(records))


def compare(before, after):
    """Per set and model: forecasts changed, better, worse, and the medians."""
    merged = pd.DataFrame(before).merge(pd.DataFrame(after), on=["kind", "task", "model"],
                                        suffixes=("_before", "_after"))
    merged["changed"] = [not np.allclose(a, b, rtol=1e-8, atol=0, equal_nan=True)
                         for a, b in zip(merged.values_before, merged.values_after)]
    rows = []
    for (kind, model), group in merged.groupby(["kind", "model"], sort=False):
        score = "smape" if kind.startswith(("flows", "main")) else "mase"
        changed = group[group.changed]
        b, a = changed[f"{score}_before"], changed[f"{score}_after"]
        rows.append({
            "set": kind, "model": model, "score": score, "forecasts": len(group),
            "diverged before": int(group.diverged_before.sum()),
            "changed": len(changed), "better": int((a < b).sum()), "worse": int((a > b).sum()),
            "median before": group[f"{score}_before"].median(),
            "median after": group[f"{score}_after"].median(),
            "changed median before": b.median(), "changed median after": a.median(),
            "worst before": group[f"{score}_before"].max(),
            "worst after": group[f"{score}_after"].max(),
        })
    return pd.DataFrame(rows), merged[merged.changed]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--json", help="write the records and the table here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    runs = {}
    with tempfile.TemporaryDirectory() as folder:
        for name in ("before", "after"):
            tree = str(Path(getattr(args, name)).resolve())
            out = Path(folder) / f"{name}.json"
            env = dict(os.environ, PYTHONPATH=tree)
            subprocess.run([sys.executable, __file__, tree, tree, "--child", str(out)],
                           cwd=tree, env=env, check=True)
            runs[name] = json.loads(out.read_text())
    table, changed = compare(runs["before"], runs["after"])
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.round(3).to_string(index=False))
        print(changed[["kind", "task", "model", "smape_before", "smape_after", "mase_before",
                       "mase_after"]].round(2).to_string(index=False))
    if args.json:
        commits = {}
        for name in ("before", "after"):
            tree = getattr(args, name)
            commits[name] = subprocess.run(["git", "-C", tree, "rev-parse", "--short", "HEAD"],
                                           capture_output=True, text=True).stdout.strip()
        payload = {
            "command": f"python benchmarks/forecasting_checkouts.py {args.before} {args.after}",
            "commits": commits, "table": table.to_dict("records"),
            "changed": changed.drop(columns=["values_before", "values_after"]).to_dict(
                "records"),
        }
        Path(args.json).write_text(json.dumps(payload, indent=1, default=float))


if __name__ == "__main__":
    main()
