"""ESNClassifier's ``decision`` (how a series gets one label): accuracy per dataset.

The scikit-learn classifier with its defaults but ``decision`` ("last": the
readout on the last state; "mean": on the mean state after the washout;
"vote": every step votes), on the classification sets that sktime bundles
(read offline by ``classification.load``, time along the rows), seeds 0-2.
Writes ``classification_decision.json`` next to this script and prints the
mean accuracy per dataset and decision.

    python benchmarks/classification_decision.py
    python benchmarks/classification_decision.py --quick   # 2 sets, 1 seed
"""

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine_info  # noqa: E402
from classification import load  # noqa: E402

DATASETS = ["UnitTest", "ItalyPowerDemand", "ArrowHead", "BasicMotions", "GunPoint",
            "OSULeaf", "JapaneseVowels"]
DECISIONS = ["last", "mean", "vote"]


def as_panel(X):
    """Time along the rows: ``load``'s numpy3D (sktime's, time last) transposed,
    a df-list as a list of 2D arrays."""
    if isinstance(X, np.ndarray):
        return X.transpose(0, 2, 1)
    return [frame.to_numpy(dtype=np.float64) for frame in X]


def main():
    from skreservoir import ESNClassifier

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    datasets = DATASETS[:2] if args.quick else DATASETS
    seeds = [0] if args.quick else [0, 1, 2]
    results = []
    for name in datasets:
        (X, y), (X_test, y_test) = (load(name, split) for split in ("train", "test"))
        X, X_test = as_panel(X), as_panel(X_test)
        row = {"dataset": name}
        for decision in DECISIONS:
            scores, seconds = [], []
            for seed in seeds:
                began = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # convergence of the readout
                    model = ESNClassifier(decision=decision, random_state=seed).fit(X, y)
                    scores.append(float(model.score(X_test, y_test)))
                seconds.append(time.perf_counter() - began)
            row[decision] = float(np.mean(scores))
            row[f"{decision}_seconds"] = float(np.mean(seconds))
        results.append(row)
        print(f"{name:18s} " + "  ".join(f"{d} {row[d]:.3f}" for d in DECISIONS), flush=True)
    means = {d: float(np.mean([r[d] for r in results])) for d in DECISIONS}
    print(f"{'mean':18s} " + "  ".join(f"{d} {means[d]:.3f}" for d in DECISIONS))
    out = Path(__file__).with_name("classification_decision_quick.json" if args.quick
                                   else "classification_decision.json")
    out.write_text(json.dumps({"machine": machine_info(["skreservoir", "sktime"]), "seeds": seeds, "results": results,
                               "mean": means}, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
