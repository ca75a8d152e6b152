"""ESNClassifier on GunPoint: readouts of one's own, and the vote over the washout.

- ``readouts``: ``ESNClassifier(readout=R, random_state=0)`` (one label per
  series, the mean state after the washout) for R the default
  (``RidgeReadoutClassifier``), scikit-learn's ``SVC()`` and
  ``LogisticRegression()`` as they are and after a ``StandardScaler`` in a
  pipeline: the states reach the readout unscaled, and ``fit`` warns where a
  readout of one's own predicts one class for every training series.
- ``vote``: ``ESNClassifier(decision="vote", washout=W, random_state=0)``,
  W in (50, "auto"): the test accuracy of its ``predict``, which votes over the
  steps after the washout (those the readout was trained on), and of a vote
  over every step (the rule before), computed from the same fitted readout.

Time along the rows (sktime's numpy3D transposed). GunPoint's 50 training
and 150 test series, as sktime bundles them.

    python benchmarks/classification_readouts.py     # well under a minute

Writes ``classification_readouts.json``.
"""

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_study  # noqa: E402


def gunpoint():
    from sktime.datasets import load_gunpoint

    def panel(split):
        X, y = load_gunpoint(split=split, return_type="numpy3D")
        return np.ascontiguousarray(np.transpose(X, (0, 2, 1))), np.asarray(y)

    return panel("train") + panel("test")


def main():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    from skreservoir import ESNClassifier
    from skreservoir.exceptions import ReservoirStateWarning

    X, y, X_test, y_test = gunpoint()
    rows = []
    readouts = {"default": None, "SVC()": SVC(),
                "StandardScaler + SVC()": make_pipeline(StandardScaler(), SVC()),
                "LogisticRegression()": LogisticRegression(max_iter=1000),
                "StandardScaler + LogisticRegression()": make_pipeline(
                    StandardScaler(), LogisticRegression(max_iter=1000))}
    for name, readout in readouts.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            clf = ESNClassifier(readout=readout, random_state=0).fit(X, y)
        warned = any(issubclass(w.category, ReservoirStateWarning)
                     and "predicts the one class" in str(w.message) for w in caught)
        rows.append({"study": "readouts", "setting": name,
                     "accuracy": float(np.mean(clf.predict(X_test) == y_test)),
                     "one_class_warning": warned})
    for washout in (50, "auto"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf = ESNClassifier(decision="vote", washout=washout, random_state=0).fit(X, y)
            after = clf.predict(X_test)
            skip = clf._skip([x.shape[0] for x in X_test])
            every = []
            for series in X_test:  # the vote over every step, the washout's too
                steps = clf.readout_.predict(clf.reservoir_.transform(series))
                labels, counts = np.unique(steps, return_counts=True)
                every.append(labels[np.argmax(counts)])
        rows.append({"study": "vote", "setting": f"washout={washout!r} ({skip} steps)",
                     "accuracy": float(np.mean(after == y_test)),
                     "accuracy_every_step": float(np.mean(np.asarray(every) == y_test))})
    frame = pd.DataFrame(rows)
    summary = {f"{r.study}: {r.setting}": round(r.accuracy, 3) for r in frame.itertuples()}
    summary.update({f"vote over every step: {r.setting}": round(r.accuracy_every_step, 3)
                    for r in frame[frame.study == "vote"].itertuples()})
    summary["one_class_warning"] = frame.loc[frame.study == "readouts"].set_index(
        "setting")["one_class_warning"].to_dict()
    write_study("classification_readouts", summary, frame)


if __name__ == "__main__":
    main()
