"""``Reservoir``'s defaults (spectral radius, bias and input scaling), chosen on first tries.

Every candidate default is scored on the workflows a user first runs with
``Reservoir()`` (and ``ESNRegressor()`` / ``ESNClassifier()``, which build
``Reservoir()``) left at its defaults, and on ports of ReservoirPy's
tutorials, where the user sets the leak rate and spectral radius and the
rest (bias, input scaling) comes from our defaults. Tasks, each scored on
held-out data (lower is better):

- ``mg1_raw``, ``mg10_raw``, ``mg1_norm``, ``mg10_norm``: Mackey-Glass one
  and 10 steps ahead, raw or rescaled to [-1, 1], ``ESNRegressor(Reservoir())``
  with its default ridge readout and washout, trained on 1500 steps, the
  next 500 predicted from the end of training (``initial_state="fit"``, the
  port of ReservoirPy's ``esn.run``); NRMSE.
- ``mg1_score``: the scikit-learn habit, ``ESNRegressor(Reservoir()).fit(X_train,
  y_train).score(X_test, y_test)`` on Mackey-Glass one step ahead (raw):
  the test series predicted from rest, the first ``washout_`` steps (the
  default ``washout="auto"``) left out; 1 - R^2. It favours reservoirs that
  forget their initial state fast.
- ``mg10_force``: the online FORCE loop on Mackey-Glass 10 steps ahead,
  ``ESNRegressor(Reservoir(), ForceReadout(), washout=0)``: the prediction
  before each update (``partial_fit(..., return_predictions=True)``, the
  same numbers as one-row calls, in one call); NRMSE over the last 200 of
  1500 steps.
- ``lorenz1``: the raw Lorenz system (x, y, z), one step ahead; NRMSE.
- ``mg_generate``, ``lorenz_generate``: the closed loop, ``generate`` after a
  one-step fit on the raw series: NRMSE (by the series' standard deviation)
  of the first 100 (Mackey-Glass) or 50 (Lorenz, about 1.4 Lyapunov times)
  generated steps.
- ``narma10``: NARMA-10 from its input; NRMSE.
- ``square``: the even function y(t) = u(t)^2 of i.i.d. u in [-1, 1]; NRMSE.
- ``memory``: minus the memory capacity (``skreservoir.metrics.memory_capacity``).
- ``vowels``: JapaneseVowels with ``ESNClassifier(Reservoir())`` (the last
  state of each utterance); error rate.
- ``tutorial_mg10``: ReservoirPy's first tutorial, ``Reservoir(100, lr=0.3,
  sr=1.25)`` and ``Ridge(1e-7)``, Mackey-Glass in [-1, 1] 10 steps ahead;
  ported as ``Reservoir(100, leak_rate=0.3, spectral_radius=1.25)``, so
  only the candidate's bias and input scaling apply; NRMSE.
- ``tutorial_force``: the same reservoir in the FORCE loop; NRMSE.
- ``tutorial_generate``: the same reservoir in the tutorial's generative
  mode (one step ahead in [-1, 1], then 100 steps of ``generate``).
- ``tutorial_vowels``: ReservoirPy's classification tutorial,
  ``Reservoir(500, sr=0.9, lr=0.1)``, ``Ridge(1e-6)``, last state; error rate.
- ``search`` (with ``--search``, slow): the example of ``HyperoptSearchCV``,
  a random search of 20 points of ``reservoir_space()`` (spectral radius,
  leak rate, input scaling, ridge) over ``Reservoir(100)``, Mackey-Glass one
  step ahead, 3 time-series folds; the best cross-validated NRMSE. Only the
  candidate's bias applies.

Each task's score is the median over seeds (the seed of the reservoir
draw); candidates are ranked per task (ties share their mean rank) and
ordered by their median rank over tasks, then by mean rank. Also reported
(">=RPy"): the number of tasks where a candidate scores at least as well as
ReservoirPy 0.4.2's defaults (spectral radius 1, no bias, input scaling 1,
drawn by our generator: the same distributions as ReservoirPy's draws).

Usage::

    python benchmarks/bench_reservoir_defaults.py           # bench_reservoir_defaults.json
    python benchmarks/bench_reservoir_defaults.py --quick   # CI smoke run, < 1 minute
    python benchmarks/bench_reservoir_defaults.py --search  # + the search task: _search.json
    python benchmarks/bench_reservoir_defaults.py --search --tasks search   # that task alone
"""

import argparse
import itertools
import json
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from scipy.stats import rankdata

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine_info  # noqa: E402

BIAS_SCALINGS = (0.0, 0.1, 0.2, 0.5, 1.0)
SPECTRAL_RADII = (0.9, 1.0, 1.25)
INPUT_SCALINGS = (0.5, 1.0)
#: The defaults before this benchmark, and ReservoirPy 0.4.2's.
BEFORE = {"spectral_radius": 0.9, "bias_scaling": 1.0, "input_scaling": 1.0}
RESERVOIRPY = {"spectral_radius": 1.0, "bias_scaling": 0.0, "input_scaling": 1.0}


def _nrmse(y_true, y_pred):
    from skreservoir.metrics import nrmse

    return float(nrmse(y_true, y_pred))


def _to_unit_range(series):
    return 2 * (series - series.min()) / (series.max() - series.min()) - 1


def make_data(quick):
    """The series of every task, drawn once (they do not depend on the seed)."""
    from skreservoir.datasets import lorenz, mackey_glass, narma

    n_train, n_test = (600, 200) if quick else (1500, 500)
    mg = mackey_glass(n_train + n_test + 10)
    data = {"n_train": n_train, "n_test": n_test, "mg_raw": mg, "mg_norm": _to_unit_range(mg)}
    data["lorenz"] = lorenz(n_train + n_test + 501)[500:]
    data["narma"] = narma(n_train + n_test, random_state=0)
    u = np.random.default_rng(0).uniform(-1, 1, (n_train + n_test, 1))
    data["square"] = (u, u**2)
    data["force_steps"] = 600 if quick else 1500
    try:
        from skreservoir.datasets import japanese_vowels

        X_train, X_test, y_train, y_test = japanese_vowels()
        if quick:
            X_train, y_train, X_test, y_test = X_train[::3], y_train[::3], X_test[::3], y_test[::3]
        data["vowels"] = (X_train, X_test, y_train, y_test)
    except ImportError:  # sktime missing: the classification tasks are left out
        data["vowels"] = None
    return data


def _fit_predict(reservoir, X, y, n_train, readout=None):
    """Train on the first ``n_train`` steps, predict the rest from the end of training."""
    from skreservoir import ESNRegressor

    esn = ESNRegressor(reservoir, readout).fit(X[:n_train], y[:n_train])
    return _nrmse(y[n_train:], esn.predict(X[n_train:], initial_state="fit"))


def _ridge_forecast(reservoir, series, horizon, n_train, n_test, readout=None):
    """``horizon`` steps ahead: train on ``n_train`` steps, predict the next ``n_test``."""
    X, y = series[:-horizon], series[horizon:]
    return _fit_predict(reservoir, X[: n_train + n_test], y[: n_train + n_test], n_train, readout)


def _score_from_rest(reservoir, series, n_train, n_test):
    """1 - R^2 of ``ESNRegressor.score`` on the test part, predicted from rest."""
    from skreservoir import ESNRegressor

    X, y = series[:-1], series[1:]
    esn = ESNRegressor(reservoir).fit(X[:n_train], y[:n_train])
    return 1.0 - esn.score(X[n_train : n_train + n_test], y[n_train : n_train + n_test])


def _generate(reservoir, series, n_train, n_steps, readout=None):
    """NRMSE of ``n_steps`` of ``generate`` after a one-step fit on ``n_train`` steps."""
    from skreservoir import ESNRegressor

    X, y = series[:-1], series[1:]
    esn = ESNRegressor(reservoir, readout).fit(X[:n_train], y[:n_train])
    error = esn.generate(n_steps) - y[n_train - 1 : n_train - 1 + n_steps]  # row 0: y[n_train-1]
    score = float(np.mean(np.sqrt(np.mean(error**2, axis=0)) / series.std(axis=0)))
    return score if np.isfinite(score) else float("inf")


def _force(reservoir, series, horizon, steps, scored=200):
    from skreservoir import ESNRegressor, ForceReadout

    X, y = series[:-horizon][:steps], series[horizon:][:steps]
    esn = ESNRegressor(reservoir, ForceReadout(), washout=0)
    pred = esn.partial_fit(X, y, return_predictions=True)
    return _nrmse(y[-scored:], pred[-scored:])


def _vowels(reservoir, data, readout=None):
    from skreservoir import ESNClassifier

    X_train, X_test, y_train, y_test = data
    clf = ESNClassifier(reservoir, readout).fit(X_train, y_train)
    return 1.0 - float(clf.score(X_test, y_test))


#: The candidate's parameters that a tutorial port keeps (it sets the others).
TUTORIAL_KEYS = ("bias_scaling", "input_scaling")


def _search(candidate, seed, n_evals):
    from sklearn.metrics import make_scorer
    from sklearn.model_selection import TimeSeriesSplit

    from skreservoir import ESNRegressor, Reservoir, RidgeReadout
    from skreservoir.datasets import mackey_glass, to_forecasting
    from skreservoir.model_selection import HyperoptSearchCV, reservoir_space

    X, y = to_forecasting(mackey_glass(2000), forecast=1)
    esn = ESNRegressor(
        Reservoir(n_units=100, bias_scaling=candidate["bias_scaling"], random_state=seed),
        RidgeReadout(),
        washout=100,
    )
    scorer = make_scorer(lambda t, p: _nrmse(t[100:], p[100:]), greater_is_better=False)
    search = HyperoptSearchCV(
        esn,
        reservoir_space(),
        max_evals=n_evals,
        algo="random",
        scoring=scorer,
        cv=TimeSeriesSplit(3),
        random_state=seed,
    )
    return -search.fit(X, y).best_score_


#: The candidate's parameters that each task reads (others: all of ``BEFORE``'s).
TASK_KEYS = {"search": ("bias_scaling",)}


def tasks(data, search=False):
    """Task name -> function(candidate, seed) -> score (lower is better).

    A ``tutorial_...`` task only reads the candidate's ``TUTORIAL_KEYS``.
    """
    from skreservoir import Reservoir, RidgeReadout, RidgeReadoutClassifier
    from skreservoir.metrics import memory_capacity

    n_train, n_test = data["n_train"], data["n_test"]

    def default(candidate, seed, **params):
        return Reservoir(**{**candidate, **params}, random_state=seed)

    def tutorial(candidate, seed, **params):  # the user sets leak rate and spectral radius
        return Reservoir(
            **{**candidate, "leak_rate": 0.3, "spectral_radius": 1.25, **params}, random_state=seed
        )

    def regression(X, y):
        return lambda c, s: _fit_predict(default(c, s), X, y, n_train)

    out = {}
    for norm in ("raw", "norm"):
        for horizon in (1, 10):
            out[f"mg{horizon}_{norm}"] = lambda c, s, h=horizon, key=f"mg_{norm}": _ridge_forecast(
                default(c, s), data[key], h, n_train, n_test
            )
    out["mg1_score"] = lambda c, s: _score_from_rest(default(c, s), data["mg_raw"], n_train, n_test)
    out["mg10_force"] = lambda c, s: _force(default(c, s), data["mg_raw"], 10, data["force_steps"])
    lz = data["lorenz"]
    out["lorenz1"] = regression(lz[:-1], lz[1:])
    out["mg_generate"] = lambda c, s: _generate(default(c, s), data["mg_raw"], n_train, 100)
    out["lorenz_generate"] = lambda c, s: _generate(default(c, s), lz, n_train, 50)
    out["narma10"] = regression(*data["narma"])
    out["square"] = regression(*data["square"])
    out["memory"] = lambda c, s: -memory_capacity(default(c, s), random_state=s)
    if data["vowels"] is not None:
        out["vowels"] = lambda c, s: _vowels(default(c, s), data["vowels"])
    out["tutorial_mg10"] = lambda c, s: _ridge_forecast(
        tutorial(c, s), data["mg_norm"], 10, n_train, n_test, RidgeReadout(alpha=1e-7)
    )
    out["tutorial_generate"] = lambda c, s: _generate(
        tutorial(c, s), data["mg_norm"], n_train, 100, RidgeReadout(alpha=1e-7)
    )
    out["tutorial_force"] = lambda c, s: _force(
        tutorial(c, s), data["mg_raw"], 10, data["force_steps"]
    )
    if data["vowels"] is not None:
        out["tutorial_vowels"] = lambda c, s: _vowels(
            tutorial(c, s, n_units=500, leak_rate=0.1, spectral_radius=0.9),
            data["vowels"],
            RidgeReadoutClassifier(alpha=1e-6),
        )
    if search:
        out["search"] = lambda c, s: _search(c, s, 5 if data["n_train"] < 1000 else 20)
    return out


def candidates(quick):
    if quick:
        grid = [
            dict(zip(("spectral_radius", "bias_scaling"), p))
            for p in itertools.product((0.9, 1.0), (0.0, 0.2, 1.0))
        ]
        return [{**c, "input_scaling": 1.0} for c in grid]
    return [
        {"spectral_radius": sr, "bias_scaling": b, "input_scaling": i}
        for sr, b, i in itertools.product(SPECTRAL_RADII, BIAS_SCALINGS, INPUT_SCALINGS)
    ]


def label(candidate):
    return "sr={spectral_radius:g} bias={bias_scaling:g} in={input_scaling:g}".format(**candidate)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small grid and data: CI smoke run")
    parser.add_argument("--seeds", type=int, default=None, help="seeds per task (5; quick: 1)")
    parser.add_argument("--search", action="store_true", help="add the HyperoptSearchCV task")
    parser.add_argument("--tasks", default=None, help="comma-separated tasks to run (all)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    seeds = range(args.seeds or (1 if args.quick else 5))
    load_before = os.getloadavg()
    start = time.perf_counter()
    data = make_data(args.quick)
    task_fns = tasks(data, args.search)
    if args.tasks:
        task_fns = {name: task_fns[name] for name in args.tasks.split(",")}
    cands = candidates(args.quick)
    scores = {}  # task -> [median score per candidate]
    per_seed = {}
    for task, fn in task_fns.items():
        t0 = time.perf_counter()
        keys = TASK_KEYS.get(task, TUTORIAL_KEYS if task.startswith("tutorial_") else tuple(BEFORE))
        memo = {}  # candidates the task cannot tell apart share their runs
        runs = []
        for c in cands:
            key = tuple(c[k] for k in keys)
            if key not in memo:
                memo[key] = [float(fn(c, s)) for s in seeds]
            runs.append(memo[key])
        per_seed[task] = runs
        scores[task] = [float(np.median(r)) for r in runs]
        print(f"{task:16s} {time.perf_counter() - t0:6.1f} s", flush=True)
    ranks = {task: rankdata(values).tolist() for task, values in scores.items()}
    names = list(task_fns)
    rpy = next(i for i, c in enumerate(cands) if c == RESERVOIRPY)
    rows = []
    for i, c in enumerate(cands):
        r = [ranks[t][i] for t in names]
        rows.append(
            {
                **c,
                "median_rank": float(np.median(r)),
                "mean_rank": float(np.mean(r)),
                "as_good_as_reservoirpy": sum(scores[t][i] <= scores[t][rpy] for t in names),
                "scores": {t: scores[t][i] for t in names},
                "per_seed": {t: per_seed[t][i] for t in names},
                "ranks": dict(zip(names, r)),
            }
        )
    order = sorted(range(len(cands)), key=lambda i: (rows[i]["median_rank"], rows[i]["mean_rank"]))
    short = {t: t.replace("tutorial_", "tut_") for t in names}
    print(
        f"\n{'candidate':26s} {'med':>5s} {'mean':>5s} {'>=RPy':>5s} "
        + " ".join(f"{short[t]:>10s}" for t in names)
    )
    for i in order:
        row = rows[i]
        mark = (
            " (before)"
            if all(row[k] == v for k, v in BEFORE.items())
            else (" (RPy)" if all(row[k] == v for k, v in RESERVOIRPY.items()) else "")
        )
        print(
            f"{label(row):26s} {row['median_rank']:5.1f} {row['mean_rank']:5.1f} "
            f"{row['as_good_as_reservoirpy']:5d} "
            + " ".join(f"{row['scores'][t]:10.3g}" for t in names)
            + mark
        )
    load_after = os.getloadavg()
    elapsed = time.perf_counter() - start
    print(
        f"\n{len(seeds)} seed(s), {elapsed:.0f} s; load average before "
        f"{load_before[0]:.2f}, after {load_after[0]:.2f} (1 min)"
    )
    name = "bench_reservoir_defaults" + ("_search" if args.search else "")
    name += "_quick.json" if args.quick else ".json"
    out = Path(__file__).with_name(name)
    out.write_text(
        json.dumps(
            {
                "machine": machine_info(["numpy", "scipy", "scikit-learn", "skreservoir"]),
                "load_average_before": load_before,
                "load_average_after": load_after,
                "seconds": elapsed,
                "seeds": list(seeds),
                "tasks": names,
                "ranking": [label(rows[i]) for i in order],
                "candidates": [rows[i] for i in order],
            },
            indent=1,
        )
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
