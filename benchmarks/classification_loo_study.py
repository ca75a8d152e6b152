"""Study: would ESNTimeSeriesClassifier gain from choosing more by leave-one-out?

Candidate settings beyond the defaults' choice of inputs: every series
averaged over non-overlapping windows of ``f`` steps (f = 1, the defaults,
2 and 4) before the reservoirs; the features of f = 1 and f = 2
concatenated (one ridge readout on both, penalty by leave-one-out); and
``standardize="global"`` in place of per-series scaling, on the
sktime-bundled sets of ``classification.py``. For every setting: the leave-one-out
accuracy on the training set (what a selection by leave-one-out would see),
the test accuracy and the fit time. Writes JSON and prints an RST table.

    python benchmarks/classification_loo_study.py --seeds 0,1,2 \
        --out benchmarks/classification_loo_study.json \
        --table benchmarks/classification_loo_study_table.rst
"""

import argparse
import json
import shlex
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine_info  # noqa: E402
from classification import DATASETS, load, show_table  # noqa: E402


def window_mean(x, f):
    """Means of a (T, c) series over windows of ``f`` steps (the last one may be shorter)."""
    n = -(-len(x) // f)
    return np.stack([x[i * f : (i + 1) * f].mean(axis=0) for i in range(n)])


def coarse_classifier(f, seed, **params):
    """ESNTimeSeriesClassifier on series averaged over windows of ``f`` steps."""
    from skreservoir.classification import ESNTimeSeriesClassifier

    class Coarse(ESNTimeSeriesClassifier):
        @staticmethod
        def _series(X):
            return [window_mean(x, f) for x in ESNTimeSeriesClassifier._series(X)]

    return Coarse(random_state=seed, **params)


def study(name, seed):
    """Rows of every setting on one set and seed."""
    from skreservoir.classification import ridge_with_held_out_scores

    X_train, y_train = load(name, "train")
    X_test, y_test = load(name, "test")
    rows, features = [], {}
    for f in (1, 2, 4):
        start = time.perf_counter()
        clf = coarse_classifier(f, seed + f - 1).fit(X_train, y_train)
        fit_s = time.perf_counter() - start
        F_train, F_test = clf._features(X_train), clf._features(X_test)
        features[f] = (F_train, F_test, fit_s)
        loo = ridge_with_held_out_scores(F_train, y_train)[2]
        rows.append(
            {
                "setting": f"window {f}",
                "loo": loo,
                "fit_s": fit_s,
                "accuracy": float(np.mean(clf.predict(X_test) == y_test)),
            }
        )
    start = time.perf_counter()
    readout, _, loo, _ = ridge_with_held_out_scores(
        np.hstack([features[1][0], features[2][0]]), y_train
    )
    fit_s = features[1][2] + features[2][2] + time.perf_counter() - start
    predicted = readout.predict(np.hstack([features[1][1], features[2][1]]))
    rows.append(
        {
            "setting": "windows 1+2",
            "loo": loo,
            "fit_s": fit_s,
            "accuracy": float(np.mean(predicted == y_test)),
        }
    )
    start = time.perf_counter()
    clf = coarse_classifier(1, seed, standardize="global").fit(X_train, y_train)
    fit_s = time.perf_counter() - start
    rows.append(
        {
            "setting": "standardize='global'",
            "fit_s": fit_s,
            "loo": ridge_with_held_out_scores(clf._features(X_train), y_train)[2],
            "accuracy": float(np.mean(clf.predict(X_test) == y_test)),
        }
    )
    for row in rows:
        row.update(dataset=name, seed=seed)
        print(
            f"{name:18s} seed {seed} {row['setting']:20s} loo {row['loo']:.3f} "
            f"acc {row['accuracy']:.3f} fit {row['fit_s']:6.1f} s",
            flush=True,
        )
    return rows


def table(results):
    """RST list-table: test accuracy (leave-one-out) per set/seed and setting.

    The column "best leave-one-out" is the test accuracy of the setting of
    best leave-one-out accuracy (ties to the first, the defaults): what a
    selection among all these settings would score. Last row: the means.
    """
    settings = list(dict.fromkeys(r["setting"] for r in results))
    keys = list(dict.fromkeys((r["dataset"], r["seed"]) for r in results))
    cell = {(r["dataset"], r["seed"], r["setting"]): r for r in results}
    lines = [".. list-table::", "   :header-rows: 1", "", "   * - dataset (seed)"]
    lines += [f"     - {s}" for s in settings] + ["     - best leave-one-out"]
    chosen = []
    for name, seed in keys:
        rows = [cell[(name, seed, s)] for s in settings]
        lines.append(f"   * - {name} ({seed})")
        lines += [f"     - {r['accuracy']:.3f} ({r['loo']:.3f})" for r in rows]
        best = max(rows, key=lambda r: r["loo"])  # first of the best on ties
        chosen.append(best["accuracy"])
        lines.append(f"     - {best['accuracy']:.3f} ({best['setting']})")
    lines.append("   * - mean test accuracy")
    lines += [f"     - {np.mean([cell[(*k, s)]['accuracy'] for k in keys]):.3f}" for s in settings]
    lines.append(f"     - {np.mean(chosen):.3f}")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--seeds", default="0")
    parser.add_argument(
        "--out", default=str(Path(__file__).with_name("classification_loo_study.json"))
    )
    parser.add_argument("--from-json", nargs="+", help="no fits: the table of these JSONs")
    parser.add_argument("--table", help="write the RST table to this path")
    args = parser.parse_args(argv)
    if args.from_json:
        results = [r for p in args.from_json for r in json.loads(Path(p).read_text())["results"]]
    else:
        info = {
            "machine": machine_info(["skreservoir", "sktime", "numpy", "scikit-learn"]),
            "command": shlex.join(sys.argv),
        }
        results = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name in args.datasets.split(","):
                for seed in map(int, args.seeds.split(",")):
                    results += study(name, seed)
                    Path(args.out).write_text(json.dumps({**info, "results": results}, indent=1))
    show_table(table(results), args.table)


if __name__ == "__main__":
    main()
