"""How far could AutoESNForecaster's choice go? Its candidates scored in hindsight.

Issue 13 asks ``AutoESNForecaster()`` for a median sMAPE at least 30 % below
``ESNForecaster()``'s on the chaotic systems (fit 1000 points, forecast
200). This study asks whether that is in reach of *choosing* from the
candidates AutoESNForecaster validates, or whether the choice is already
near what its candidates can give.

For each series of a set of ``forecasting_auto_variants.py`` (``main``:
the main benchmark's systems, clean and noisy, origins 0-2), it fits
``AutoESNForecaster(random_state=K)``, then fits *every* candidate it
validated on the whole training series, as AutoESNForecaster fits its
members, and scores each candidate's 200-step forecast against the
clean test values. Per series it records:

- ``esn``: ``ESNForecaster(random_state=K)``, the default;
- ``auto``: AutoESNForecaster's forecast;
- ``oracle``: the candidate whose forecast scores best on the test, chosen
  in hindsight (no method that sees only the training series can do
  better by picking one candidate);
- ``validation_best``: the candidate that validated best (what a plain
  search picks);
- ``candidate_median``: the median of the candidates' test scores (what a
  candidate drawn at random gives, typically);
- ``rank_correlation``: Spearman's correlation between the candidates'
  validation scores and their test scores (1: the validation ranks
  them as the test does; 0: no better than chance).

    python benchmarks/forecasting_auto_oracle.py --sets main
    python benchmarks/forecasting_auto_oracle.py --summary

On the 32 flows at 30 points per period (``--sets flows30``, seed 0) the
medians were: ESNForecaster() 72.2, AutoESNForecaster 72.6, the candidate
that validated best 82.1, the best in hindsight 25.6, the median candidate
117.0, with a median rank correlation of 0.68: the validation ranks the
candidates as the test does, but not finely enough to find the few that
track the flow for 200 steps.

Records go to ``forecasting_auto_oracle.json`` (written after every
series).
"""

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from forecasting import smape
from forecasting_auto_variants import environment, print_table, tasks

import skreservoir
from skreservoir.forecasting import AutoESNForecaster, ESNForecaster

HERE = Path(__file__).parent
PATH = HERE / "forecasting_auto_oracle.json"


class _Recording(AutoESNForecaster):
    """AutoESNForecaster that keeps the candidates it validated (for this study only)."""

    def _fit_members(self, y, fh, candidates, scores, seed, horizon, said=None):
        self.study_candidates_ = list(candidates)
        self.study_seed_ = seed
        return super()._fit_members(y, fh, candidates, scores, seed, horizon, said)


def _spearman(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    keep = np.isfinite(a) & np.isfinite(b)
    if keep.sum() < 3:
        return float("nan")
    ra = pd.Series(a[keep]).rank().to_numpy()
    rb = pd.Series(b[keep]).rank().to_numpy()
    return float(np.corrcoef(ra, rb)[0, 1])


def forecast(model, train, n):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(train, fh=np.arange(1, n + 1))
        return model.predict().to_numpy(dtype=np.float64).ravel()


def study(which, random_state):
    here = environment()
    for task, train, test in tasks(which):
        start = time.perf_counter()
        n = len(test)
        esn = smape(test, forecast(ESNForecaster(random_state=random_state), train, n))
        auto = _Recording(random_state=random_state)
        auto_score = smape(test, forecast(auto, train, n))
        results = auto.cv_results_
        candidates = auto.study_candidates_
        test_scores = []
        for params in candidates:
            try:
                member = auto._forecaster(params, auto.study_seed_)
                test_scores.append(smape(test, forecast(member, train, n)))
            except Exception:  # noqa: BLE001 - a candidate that cannot be fitted scores nan
                test_scores.append(float("nan"))
        test_scores = np.asarray(test_scores)
        validation = results["mean_test_score"].to_numpy()
        record = {
            "set": which,
            "task": task,
            "random_state": random_state,
            "environment": here,
            "n_candidates": len(candidates),
            "esn": esn,
            "auto": auto_score,
            "oracle": float(np.nanmin(test_scores)),
            "validation_best": float(test_scores[int(np.nanargmin(validation))]),
            "candidate_median": float(np.nanmedian(test_scores)),
            "rank_correlation": _spearman(validation, test_scores),
            "chosen": [int(i) for i in auto.ensemble_],
            "test_scores": test_scores.tolist(),
            "validation_scores": validation.tolist(),
            "seconds": time.perf_counter() - start,
        }
        print(
            f"  {which} {task:40s} esn {esn:6.1f} auto {auto_score:6.1f} "
            f"oracle {record['oracle']:6.1f} val-best {record['validation_best']:6.1f} "
            f"median {record['candidate_median']:6.1f} rho {record['rank_correlation']:+.2f} "
            f"({record['seconds']:.0f} s)",
            flush=True,
        )
        save(record)


def save(record):
    previous = json.loads(PATH.read_text())["records"] if PATH.exists() else []

    def key(r):
        return r["set"], r["task"], r["random_state"]

    keep = [r for r in previous if key(r) != key(record)]
    PATH.write_text(json.dumps({"records": keep + [record]}, indent=1))


def summary():
    frame = pd.DataFrame(json.loads(PATH.read_text())["records"])
    frame["noise"] = frame.task.str.extract(r"/(clean|noisy)", expand=False).fillna("")
    rows = []
    for (which, noise), part in list(frame.groupby(["set", "noise"])) + [
        ((which, "all"), part) for which, part in frame.groupby("set")
    ]:
        row = {"set": which, "series": noise, "n": len(part)}
        for column in ("esn", "auto", "validation_best", "oracle", "candidate_median"):
            row[column] = part[column].median()
        row["oracle vs esn"] = row["oracle"] / row["esn"] - 1
        row["auto vs esn"] = row["auto"] / row["esn"] - 1
        row["rank corr."] = part["rank_correlation"].median()
        rows.append(row)
    return print_table(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["main"])
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--summary", action="store_true", help="only print the table")
    args = parser.parse_args()
    if not args.summary:
        skreservoir.set_config(compiled=False)  # as forecasting.py
        for which in args.sets:
            study(which, args.random_state)
    summary()


if __name__ == "__main__":
    main()
