"""Inputs far from unit scale: what they cost, and when the ESN says so.

``ESNRegressor()`` (its default reservoir) fitted on 1200 steps and scored
one or more steps ahead on the next 300 (``predict(..., initial_state="fit")``,
median R^2 over seeds 0, 1, 2), with the input standardised and then scaled
by a factor ``c`` (the standard deviation of the input), and the
:class:`~skreservoir.exceptions.ReservoirStateWarning` of ``fit``: does it
fire? Then the series of :mod:`skreservoir.datasets` in their own units,
against the same series standardised.

The rule (``skreservoir/esn/_base.py``, ``LOUD_DRIVE`` and ``FAR_SPREAD``):
warn where the input's part of the units' sums (``W_in @ u``) has a standard
deviation of 1.5 or more over time and the input's own of 3 or more. A large
``input_scaling`` chosen on standardised inputs stays quiet (a search's
candidates reach 3).

With ``--classifier``, instead: ``ESNClassifier(Reservoir(random_state=seed))``
on sktime's BasicMotions (six accelerometer and gyroscope channels, standard
deviations up to 7) in its own units and standardised per channel (the
training panel's means and standard deviations), test accuracy for seeds
0, 1, 2: saturated units may serve a classifier, which is why the
classifier is not told to standardise (``_BaseESN._warns_far_inputs``).

Usage::

    python benchmarks/bench_input_scale_warning.py   # writes bench_input_scale_warning.json
    python benchmarks/bench_input_scale_warning.py --classifier   # ..._classifier.json
"""

import json
import sys
import warnings
from pathlib import Path

import numpy as np

FIT, TEST = 1200, 300
SCALES = (0.3, 1, 2, 3, 5, 10, 30)
SEEDS = (0, 1, 2)


def score(X, y, seed):
    """(R^2 on the test steps, whether fit issued a ReservoirStateWarning)."""
    from sklearn.metrics import r2_score

    from skreservoir import ESNRegressor
    from skreservoir.exceptions import ReservoirStateWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        esn = ESNRegressor(random_state=seed).fit(X[:FIT], y[:FIT])
    warned = any(issubclass(w.category, ReservoirStateWarning) for w in caught)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prediction = esn.predict(X[FIT:FIT + TEST], initial_state="fit")
    return float(r2_score(y[FIT:FIT + TEST], prediction)), warned


def median_over_seeds(X, y):
    runs = [score(X, y, seed) for seed in SEEDS]
    return float(np.median([r for r, _ in runs])), int(sum(w for _, w in runs))


def main():
    from skreservoir.datasets import (
        double_scroll,
        henon_map,
        lorenz,
        lorenz96,
        mackey_glass,
        multiscroll,
        rossler,
        santafe_laser,
    )

    n = FIT + TEST + 10
    tasks = {"lorenz_1": (lorenz(n, h=0.03)[:, 0], 1),
             "mackey_glass_1": (mackey_glass(n)[:, 0], 1),
             "mackey_glass_10": (mackey_glass(n)[:, 0], 10),
             "rossler_5": (rossler(n, h=0.1)[:, 0], 5)}
    sweep = {}
    for name, (series, h) in tasks.items():
        z = (series - series[:FIT].mean()) / series[:FIT].std()
        sweep[name] = {}
        for c in SCALES:
            r2, warned = median_over_seeds(c * z[:-h, None], series[h:])
            sweep[name][str(c)] = {"median_r2": r2, "warned_seeds": warned}
        print(name, "  ".join(f"c={c}: {v['median_r2']:.5f}{' W' * v['warned_seeds']}"
                              for c, v in sweep[name].items()), flush=True)
    own = {"lorenz_x": lorenz(n, h=0.03)[:, 0],
           "lorenz_z": lorenz(n, h=0.03)[:, 2],
           "rossler_x": rossler(n, h=0.1)[:, 0],
           "double_scroll": double_scroll(n, h=0.25)[:, 0],
           "multiscroll": multiscroll(n, h=0.02)[:, 0],
           "lorenz96": lorenz96(n, h=0.05)[:, 0],
           "henon": henon_map(n)[:, 0],
           "santafe": santafe_laser()[:n].astype(float).ravel()}
    units = {}
    for name, series in own.items():
        series = np.asarray(series, dtype=float).ravel()[:n]
        z = (series - series[:FIT].mean()) / series[:FIT].std()
        raw, warned = median_over_seeds(series[:-1, None], series[1:])
        standard, warned_standard = median_over_seeds(z[:-1, None], series[1:])
        units[name] = {"input_std": float(series[:FIT].std()), "raw_r2": raw,
                       "raw_warned_seeds": warned, "standardised_r2": standard,
                       "standardised_warned_seeds": warned_standard}
        print(f"{name:14s} std {series[:FIT].std():8.3g}  raw R^2 {raw:.5f} (warned "
              f"{warned}/3)  standardised {standard:.5f} (warned {warned_standard}/3)",
              flush=True)
    out = Path(__file__).with_name("bench_input_scale_warning.json")
    out.write_text(json.dumps({"scale_sweep": sweep, "own_units": units}, indent=1))
    print(f"wrote {out}")


def classifier():
    from sktime.datasets import load_basic_motions

    from skreservoir import ESNClassifier, Reservoir

    warnings.simplefilter("ignore")
    X_train, y_train = load_basic_motions(split="train", return_type="numpy3D")
    X_test, y_test = load_basic_motions(split="test", return_type="numpy3D")
    X_train, X_test = X_train.transpose(0, 2, 1), X_test.transpose(0, 2, 1)
    mean = X_train.reshape(-1, X_train.shape[2]).mean(axis=0)
    std = X_train.reshape(-1, X_train.shape[2]).std(axis=0)
    rows = {}
    for seed in SEEDS:
        rows[seed] = {
            name: float(ESNClassifier(Reservoir(random_state=seed)).fit(train, y_train)
                        .score(test, y_test))
            for name, train, test in (("raw", X_train, X_test),
                                      ("standardised", (X_train - mean) / std,
                                       (X_test - mean) / std))}
        print(seed, rows[seed], flush=True)
    out = Path(__file__).with_name("bench_input_scale_warning_classifier.json")
    out.write_text(json.dumps({"input_std": std.tolist(), "accuracy": rows}, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    classifier() if "--classifier" in sys.argv else main()
