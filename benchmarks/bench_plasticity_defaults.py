"""``LocalPlasticityReservoir``'s defaults (rule, eta, normalisation, scale), chosen on three tasks.

Every candidate is a ``LocalPlasticityReservoir(200, ...)`` left at its
other parameters, put in ``ESNRegressor`` / ``ESNClassifier`` with their
default readout and washout, side by side with a plain ``Reservoir`` drawn
from the same seed with the same ``spectral_radius``, ``input_scaling`` and
``bias_scaling`` (the same initial ``W``, ``W_in`` and bias: only the
learning differs). Tasks, each on held-out data:

- ``narma``: NARMA-10 from its input (``narma(3000, random_state=seed)``),
  trained on 2000 steps, the next 1000 predicted from the end of training
  (``initial_state="fit"``); NRMSE (lower is better).
- ``mg10``: Mackey-Glass 10 steps ahead (``to_forecasting(mackey_glass(3010,
  random_state=seed), forecast=10)``), the same split; NRMSE.
- ``vowels``: JapaneseVowels (``japanese_vowels()``, the standard split),
  ``ESNClassifier`` with its default decision; accuracy (higher is better).
  Needs sktime; left out without it.

Candidates: every ``local_rule`` (``"oja"``, ``"anti-oja"``, ``"hebbian"``,
``"anti-hebbian"``, ``"bcm"`` with ``bcm_theta=0``) times ``eta`` in {1e-3,
1e-4, 1e-5} times ``synapse_normalization`` off/on times
``keep_spectral_radius`` off/on (the learned ``W`` scaled back to
``spectral_radius``: the rule sets the structure, ``spectral_radius`` the
scale), with ``epochs=1``, under two sets of scales: ``before``
(``spectral_radius=0.9, input_scaling=1, bias_scaling=1``: the class's
defaults before this benchmark, which were ``Reservoir``'s before
``bench_reservoir_defaults.py``) and ``Reservoir`` (``Reservoir``'s
benchmarked defaults, ``spectral_radius=1, input_scaling=0.5,
bias_scaling=0.2``). Then ``epochs=5`` (as much learning as a series five
times longer) for ``eta`` in {1e-3, 1e-4} with and without
``keep_spectral_radius`` under ``Reservoir``'s scales, and for the
anti-rules with ``eta=1e-4`` and ``synapse_normalization`` under the
``before`` scales, and ReservoirPy's docstring setting (``"hebbian"``,
``eta=1e-3``, ``epochs=5``, ``synapse_normalization=True``) under both.
Last, the two best candidates (``SHORTLIST``) again at 100 units.

Reported per candidate (mean over the seeds 0, 1, 2): the spectral radius
of ``W`` as the rule left it (``learned_spectral_radius_``, median), how
far the rule moved ``W``'s structure (``dW``: the Frobenius distance of the
learned and the initial ``W``, each divided by its Frobenius norm, so a
scaling alone is 0; on the NARMA input), the three scores, the ratio of
each NRMSE to the plain reservoir's (``xRes``), the accuracy's difference
(``dAcc``), and ``warn``: the share of fits that gave the growth warning
(``ReservoirStateWarning`` from the reservoir's fit). ``ok`` marks a
candidate within the margin of the plain reservoir on every task: both
NRMSE at most 1.25 times its, accuracy at most 0.03 below.

Usage::

    python benchmarks/bench_plasticity_defaults.py           # about 4 minutes on 2 cores;
                                                            # bench_plasticity_defaults.json
    python benchmarks/bench_plasticity_defaults.py --quick   # smoke run: 1 seed, 100 units,
                                                            # no JSON unless --output
"""

import argparse
import itertools
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _common import load_average, machine_info  # noqa: E402

from skreservoir import (  # noqa: E402
    ESNClassifier,
    ESNRegressor,
    LocalPlasticityReservoir,
    Reservoir,
)
from skreservoir.datasets import mackey_glass, narma, to_forecasting  # noqa: E402
from skreservoir.exceptions import ReservoirStateWarning  # noqa: E402
from skreservoir.metrics import nrmse  # noqa: E402

RULES = ("oja", "anti-oja", "hebbian", "anti-hebbian", "bcm")
ETAS = (1e-3, 1e-4, 1e-5)
SCALES = {
    "before": {"spectral_radius": 0.9, "input_scaling": 1.0, "bias_scaling": 1.0},
    "Reservoir": {"spectral_radius": 1.0, "input_scaling": 0.5, "bias_scaling": 0.2},
}
#: The margin of ``ok``: NRMSE at most this times the plain reservoir's ...
NRMSE_MARGIN = 1.25
#: ... and accuracy at most this below it.
ACCURACY_MARGIN = 0.03
N_TRAIN, N_TEST = 2000, 1000


def candidates():
    """Every candidate: a dict of LocalPlasticityReservoir parameters and its scales' name."""
    grid = []
    for scales, rule, eta, normalize, keep in itertools.product(
            SCALES, RULES, ETAS, (False, True), (False, True)):
        grid.append({"scales": scales, "local_rule": rule, "eta": eta, "epochs": 1,
                     "synapse_normalization": normalize, "keep_spectral_radius": keep})
    for rule, eta, keep in itertools.product(RULES, (1e-3, 1e-4), (False, True)):
        grid.append({"scales": "Reservoir", "local_rule": rule, "eta": eta, "epochs": 5,
                     "synapse_normalization": False, "keep_spectral_radius": keep})
    for rule, keep in itertools.product(("anti-oja", "anti-hebbian"), (False, True)):
        grid.append({"scales": "before", "local_rule": rule, "eta": 1e-4, "epochs": 5,
                     "synapse_normalization": True, "keep_spectral_radius": keep})
    for scales in SCALES:  # ReservoirPy's docstring example
        grid.append({"scales": scales, "local_rule": "hebbian", "eta": 1e-3, "epochs": 5,
                     "synapse_normalization": True, "keep_spectral_radius": False})
    return grid


#: The two best candidates of the grid (by the geometric mean of the three
#: scores' ratios to the plain reservoir), run again at SHORTLIST_UNITS units.
SHORTLIST = [
    {"scales": "Reservoir", "local_rule": "anti-oja", "eta": 1e-4, "epochs": 1,
     "synapse_normalization": False, "keep_spectral_radius": True},
    {"scales": "before", "local_rule": "anti-oja", "eta": 1e-4, "epochs": 1,
     "synapse_normalization": True, "keep_spectral_radius": False},
]
SHORTLIST_UNITS = 100


def make_data(seed):
    """The series of the seed's regression tasks."""
    u, y = narma(N_TRAIN + N_TEST, random_state=seed)
    X, Y = to_forecasting(mackey_glass(N_TRAIN + N_TEST + 10, random_state=seed), forecast=10)
    return {"narma": (u, y), "mg10": (X, Y)}


def load_vowels():
    try:
        from skreservoir.datasets import japanese_vowels
    except ImportError:
        return None
    try:
        return japanese_vowels()
    except ImportError:  # sktime missing
        return None


def _structure_change(W, W0):
    """Frobenius distance of ``W`` and ``W0``, each divided by its Frobenius norm."""
    W = W.toarray() if hasattr(W, "toarray") else np.asarray(W)
    W0 = W0.toarray() if hasattr(W0, "toarray") else np.asarray(W0)
    return float(np.linalg.norm(W / np.linalg.norm(W) - W0 / np.linalg.norm(W0)))


def run_one(make_reservoir, data, vowels):
    """Scores of one reservoir on every task, its learned radius and the warnings it gave."""
    record = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        u, y = data["narma"]
        esn = ESNRegressor(make_reservoir()).fit(u[:N_TRAIN], y[:N_TRAIN])
        record["narma"] = float(nrmse(y[N_TRAIN:], esn.predict(u[N_TRAIN:],
                                                               initial_state="fit")))
        fitted = esn.reservoir_
        X, Y = data["mg10"]
        esn = ESNRegressor(make_reservoir()).fit(X[:N_TRAIN], Y[:N_TRAIN])
        record["mg10"] = float(nrmse(Y[N_TRAIN:], esn.predict(X[N_TRAIN:],
                                                              initial_state="fit")))
        if vowels is not None:
            X_train, X_test, y_train, y_test = vowels
            clf = ESNClassifier(make_reservoir()).fit(X_train, y_train)
            record["vowels"] = float(clf.score(X_test, y_test))
    messages = [str(w.message) for w in caught if issubclass(w.category, ReservoirStateWarning)]
    record["growth_warnings"] = sum("grew the spectral radius" in m for m in messages)
    record["saturation_warnings"] = sum("saturated" in m for m in messages)
    record["fits"] = 3 if vowels is not None else 2
    return record, fitted


def evaluate(grid, seeds, n_units, vowels, log):
    """Run the baselines and every candidate over the seeds; per-seed records."""
    results = {"baselines": {}, "candidates": []}
    datas = {seed: make_data(seed) for seed in seeds}
    initial_W = {}
    for scales, params in SCALES.items():
        runs = []
        for seed in seeds:
            record, fitted = run_one(
                lambda: Reservoir(n_units, random_state=seed, **params), datas[seed], vowels)
            initial_W[scales, seed] = fitted.W_
            runs.append({"seed": seed, **record})
        results["baselines"][scales] = runs
        log(f"  Reservoir ({scales} scales) done")
    for n, candidate in enumerate(grid):
        params = {k: v for k, v in candidate.items() if k != "scales"}
        runs = []
        for seed in seeds:
            record, fitted = run_one(
                lambda: LocalPlasticityReservoir(n_units, random_state=seed,
                                                 **SCALES[candidate["scales"]], **params),
                datas[seed], vowels)
            record["learned_radius"] = fitted.learned_spectral_radius_
            record["structure_change"] = _structure_change(
                fitted.W_, initial_W[candidate["scales"], seed])
            runs.append({"seed": seed, **record})
        results["candidates"].append({**candidate, "runs": runs})
        if (n + 1) % 20 == 0:
            log(f"  {n + 1}/{len(grid)} candidates done")
    return results


def _mean(runs, key):
    values = [r[key] for r in runs if key in r]
    return float(np.mean(values)) if values else float("nan")


def summarize(results):
    """Per-candidate means, ratios to the plain reservoir of the same scales, and ``ok``."""
    base = {scales: {task: _mean(runs, task) for task in ("narma", "mg10", "vowels")}
            for scales, runs in results["baselines"].items()}
    rows = []
    for candidate in results["candidates"]:
        runs = candidate["runs"]
        ref = base[candidate["scales"]]
        row = {k: v for k, v in candidate.items() if k != "runs"}
        row.update({task: _mean(runs, task) for task in ("narma", "mg10", "vowels")})
        row["learned_radius"] = float(np.median([r["learned_radius"] for r in runs]))
        row["structure_change"] = _mean(runs, "structure_change")
        row["narma_ratio"] = row["narma"] / ref["narma"]
        row["mg10_ratio"] = row["mg10"] / ref["mg10"]
        row["vowels_diff"] = row["vowels"] - ref["vowels"]
        row["growth_warned"] = (sum(r["growth_warnings"] for r in runs)
                                / sum(r["fits"] for r in runs))
        row["ok"] = bool(row["narma_ratio"] <= NRMSE_MARGIN and row["mg10_ratio"] <= NRMSE_MARGIN
                         and not row["vowels_diff"] < -ACCURACY_MARGIN)
        rows.append(row)
    return base, rows


def print_table(base, rows):
    print(f"\n{'plain Reservoir':<44} {'NARMA':>6} {'MG10':>6} {'vowels':>6}")
    for scales, scores in base.items():
        print(f"{scales + ' scales':<44} {scores['narma']:6.3f} {scores['mg10']:6.3f} "
              f"{scores['vowels']:6.3f}")
    print(f"\n{'scales':<9} {'rule':<12} {'eta':>6} {'norm':>4} {'keep':>4} {'ep':>2} "
          f"{'radius':>7} {'dW':>5} {'NARMA':>6} {'xRes':>5} {'MG10':>6} {'xRes':>5} "
          f"{'vowels':>6} {'dAcc':>6} {'warn':>4} ok")
    for r in rows:
        print(f"{r['scales']:<9} {r['local_rule']:<12} {r['eta']:6.0e} "
              f"{'on' if r['synapse_normalization'] else 'off':>4} "
              f"{'on' if r['keep_spectral_radius'] else 'off':>4} {r['epochs']:>2} "
              f"{r['learned_radius']:7.2f} {r['structure_change']:5.2f} "
              f"{r['narma']:6.3f} {r['narma_ratio']:5.2f} {r['mg10']:6.3f} "
              f"{r['mg10_ratio']:5.2f} {r['vowels']:6.3f} {r['vowels_diff']:+6.3f} "
              f"{r['growth_warned']:4.0%} {'yes' if r['ok'] else ''}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true",
                        help="1 seed, 100 units (a smoke run); writes no JSON unless --output")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    seeds, n_units = ((0,), 100) if args.quick else ((0, 1, 2), 200)
    output = args.output or (None if args.quick else HERE / "bench_plasticity_defaults.json")
    machine = machine_info(["numpy", "scipy", "scikit-learn", "numba"])
    load_start, start = load_average(), time.perf_counter()
    print(f"{machine['cpu_model']}, {machine['usable_cores']} usable cores; load {load_start}")
    print(f"seeds {seeds}, n_units {n_units}")
    vowels = load_vowels()
    if vowels is None:
        print("sktime missing: the vowels task is left out")
    grid = candidates()
    results = evaluate(grid, seeds, n_units, vowels,
                       lambda line: print(f"{line} ({time.perf_counter() - start:.0f} s)",
                                          flush=True))
    base, rows = summarize(results)
    print_table(base, rows)
    shortlist = None
    if not args.quick:
        print(f"\nshortlist at {SHORTLIST_UNITS} units:")
        shortlist = evaluate(SHORTLIST, seeds, SHORTLIST_UNITS, vowels, lambda line: None)
        print_table(*summarize(shortlist))
    elapsed = time.perf_counter() - start
    print(f"\n{elapsed:.0f} s")
    if output is not None:
        report = {
            "benchmark": "bench_plasticity_defaults",
            "quick": args.quick,
            "seeds": list(seeds),
            "n_units": n_units,
            "n_train": N_TRAIN,
            "n_test": N_TEST,
            "margins": {"nrmse_ratio": NRMSE_MARGIN, "accuracy_drop": ACCURACY_MARGIN},
            "scales": SCALES,
            "seconds": round(elapsed, 1),
            "load_average_1min": {"start": load_start, "end": load_average()},
            "machine": machine,
            "baselines": base,
            "summary": rows,
            "results": results,
            "shortlist_units": SHORTLIST_UNITS,
            "shortlist": None if shortlist is None else dict(zip(
                ("baselines", "summary"), summarize(shortlist))),
        }
        output.write_text(json.dumps(report, indent=1) + "\n")
        print(f"wrote {output}")


if __name__ == "__main__":
    main()
