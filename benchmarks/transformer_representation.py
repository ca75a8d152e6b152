"""The default ``representation`` of ESNTransformer: every representation in a user's pipeline.

Each representation r as a user writes it,
``make_pipeline(ESNTransformer(representation=r, random_state=seed),
StandardScaler(), RidgeClassifierCV(alphas=np.logspace(-3, 3, 13)))``, and
the same without the ``StandardScaler`` (what a user gets who leaves it
out), and ``RidgeClassifierCV()`` alone, with its default alphas (a user's
first pipeline). The transformer's default reservoir and every other
default; the raw series, as loaded. ``ESNTransformer`` ignores ``y`` and
gives identical vectors for a fixed ``random_state``, so the vectors are
computed once per (set, representation, seed) and the three classifiers
are fitted on them: the same predictions as the three pipelines.

Sets: every classification set that sktime ships with its package (no
download) except PLAID (large and unequal; cut to keep the run short),
with their standard train/test splits (JapaneseVowels, of unequal
lengths, as a list of arrays); ItalyPowerDemand's 1029 test series are
subsampled to 500 (``--max-test``, a random subset, not stratified,
seed 0). Plus three synthetic panels (``synthetic``; 60 training and 300 test
series of 100 steps, 3 classes): ``sines3``, sinusoids of 3 frequencies
with random phases and noise (where "last" is near chance); ``early``, the class set
by the sign of a bump in the first tenth of the series, noise after it;
``amplitude``, sinusoids of random frequencies and phases whose class is
their amplitude. Reservoir seeds 0, 1, 2. Reported: test accuracy (mean
over the seeds) per set and representation, the mean rank over the sets
(1 = best, ties averaged, on the seed-mean accuracy), the worst accuracy
relative to the best representation of each set (a collapse shows
there), fit + transform seconds (train fit_transform + test transform,
summed over the sets, seed-mean) and the output width.

Writes ``transformer_representation.json`` next to this script (or
``--out``) and ``transformer_representation_table.rst`` (or ``--table``).

    python benchmarks/transformer_representation.py            # all: 259 s on 2 shared cores
    python benchmarks/transformer_representation.py --quick    # 3 small sets, 1 seed
    python benchmarks/transformer_representation.py --from-json \
        benchmarks/transformer_representation.json             # the table of saved results

Conclusion (the committed run, ``transformer_representation.json`` and
``transformer_representation_table.rst``, 259 s on 2 shared cores, load
2-3; the model spaces' times vary most under that load): "last", the
default when this ran, ranks worst, and the default became "pooled" (as
ESNTimeSeriesClassifier's): as accurate as "last" or better on every set
but ItalyPowerDemand (0.002 behind), second in mean rank at an eighth of the
best one's time and 4 * n_units features. No representation is best
everywhere. Mean rank over the 11
sets (scaled / unscaled / ``RidgeClassifierCV()``): "last" 4.23 / 4.32 /
4.32, "mean" 2.77 / 3.09 / 3.77, "pooled" 2.68 / 2.41 / 2.41,
"output_model_space" 3.18 / 2.91 / 2.50, "reservoir_model_space" 2.14 /
2.27 / 2.00. The reservoir model space ranks best and is (scaled) within 0.032 of
the best on every set but UnitTest, but its per-seed ranks overlap
"pooled"'s without the scaler (2.18-2.41 against 2.18-2.50), its width is
n_units * (n_units + 1) (10100 against 400 for "pooled" with the default
100 units) and it took 30.9 s against 3.8 s. Every representation
collapses somewhere: "last" on ``sines3`` (0.466, 3 classes), ``early``
(0.313), GunPoint (0.538); "mean" and "pooled" on ArrowHead (0.423,
0.463 against 0.743) and OSULeaf; "output_model_space" on ACSF1 (0.577
against 0.837); all but "output_model_space" on UnitTest (0.591 with
every seed and classifier: its raw values, far from unit scale, saturate
the units; the fit says so with a ReservoirStateWarning). The scaler matters most for
"mean" (GunPoint 0.929 against 0.702, OSULeaf 0.745 against 0.468) and
for the reservoir model space on ACSF1 (0.837 against 0.700).
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
from _common import load_average, machine_info  # noqa: E402
from classification import DATASETS as CLASSIFICATION_SETS  # noqa: E402
from classification import show_table  # noqa: E402

#: sktime loader of every bundled classification set run here: all but PLAID.
DATASETS = {name: loader for name, loader in CLASSIFICATION_SETS.items() if name != "PLAID"}
SYNTHETIC = ["sines3", "early", "amplitude"]
REPRESENTATIONS = ["last", "mean", "pooled", "output_model_space", "reservoir_model_space"]
QUICK = ["UnitTest", "BasicMotions", "sines3"]
ALPHAS = np.logspace(-3, 3, 13)


def load_sktime(name, split):
    """(X, y): a 3D array (n_series, n_timesteps, n_channels), or a list of 2D arrays."""
    from sktime import datasets

    X, y = getattr(datasets, DATASETS[name])(split=split, return_type="nested_univ")
    frames = [np.column_stack([np.asarray(X.iloc[i, j], dtype=np.float64)
                               for j in range(X.shape[1])]) for i in range(len(X))]
    if len({len(f) for f in frames}) == 1:
        return np.stack(frames), np.asarray(y)
    return frames, np.asarray(y)


def synthetic(name, n_series, seed, length=100):
    """(X, y) of a synthetic panel of univariate series (see the module docstring)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n_series)
    t = np.arange(length)
    noise = 0.1 * rng.normal(size=(n_series, length))
    if name == "sines3":  # 1, 2 or 3 cycles over the series, random phase
        X = np.sin(2 * np.pi * (1 + y)[:, None] * t / length
                   + rng.uniform(0, 2 * np.pi, (n_series, 1)))
    elif name == "early":  # a bump of sign -1, 0 or +1 in the first tenth, noise after
        bump = np.where(t < length // 10, np.sin(np.pi * t / (length // 10)), 0.0)
        X = (y - 1)[:, None] * bump + 0.2 * rng.normal(size=(n_series, length))
    elif name == "amplitude":  # amplitude 0.5, 1 or 2; frequency and phase random
        cycles = rng.uniform(2, 6, (n_series, 1))
        X = (0.5 * 2.0 ** y)[:, None] * np.sin(
            2 * np.pi * cycles * t / length + rng.uniform(0, 2 * np.pi, (n_series, 1)))
    else:
        raise ValueError(f"unknown synthetic panel {name!r}; one of {SYNTHETIC}")
    return (X + noise)[:, :, None], y


def load(name, max_test):
    """Train and test panels of a set; the test set subsampled to ``max_test`` series."""
    if name in SYNTHETIC:
        return (*synthetic(name, 60, 0), *synthetic(name, 300, 1))
    X_train, y_train = load_sktime(name, "train")
    X_test, y_test = load_sktime(name, "test")
    if max_test and len(y_test) > max_test:
        keep = np.sort(np.random.default_rng(0).choice(len(y_test), max_test, replace=False))
        X_test = X_test[keep] if isinstance(X_test, np.ndarray) else [X_test[i] for i in keep]
        y_test = y_test[keep]
    return X_train, y_train, X_test, y_test


def classifiers():
    """name -> unfitted classifier on the vectors: with and without the scaler."""
    from sklearn.linear_model import RidgeClassifierCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return {"scaled": make_pipeline(StandardScaler(), RidgeClassifierCV(alphas=ALPHAS)),
            "unscaled": RidgeClassifierCV(alphas=ALPHAS),
            "plain": RidgeClassifierCV()}


def run(names, seeds, max_test, save=None):
    """Every set x representation x seed; ``save(results)`` after each set."""
    from sklearn.base import clone

    from skreservoir import ESNTransformer

    with warnings.catch_warnings():  # numba compilation is not counted
        warnings.simplefilter("ignore")
        X, _ = synthetic("sines3", 4, 0, length=10)
        for r in REPRESENTATIONS:
            ESNTransformer(representation=r, random_state=0).fit_transform(X)
    results = []
    for name in names:
        X_train, y_train, X_test, y_test = load(name, max_test)
        for r in REPRESENTATIONS:
            for seed in seeds:
                esn = ESNTransformer(representation=r, random_state=seed)
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    start = time.perf_counter()
                    train = esn.fit_transform(X_train)
                    test = esn.transform(X_test)
                    seconds = time.perf_counter() - start
                row = {"dataset": name, "representation": r, "seed": seed,
                       "fit_transform_s": seconds, "width": int(train.shape[1]),
                       "warnings": sorted({type(w.message).__name__ for w in caught})}
                for kind, clf in classifiers().items():
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        fitted = clone(clf).fit(train, y_train)
                    row[kind] = float(np.mean(fitted.predict(test) == y_test))
                results.append(row)
                print(f"{name:17s} {r:22s} seed {seed}  scaled {row['scaled']:.3f}  "
                      f"unscaled {row['unscaled']:.3f}  plain {row['plain']:.3f}  "
                      f"{seconds:6.2f} s  width "
                      f"{row['width']:5d}  (load {load_average()})", flush=True)
        if save is not None:
            save(results)
    return results


def summary(results, kind="scaled"):
    """Seed-mean accuracy per (set, representation), mean ranks, worst gap, seconds, widths."""
    from scipy.stats import rankdata

    sets = list(dict.fromkeys(r["dataset"] for r in results))
    reps = [r for r in REPRESENTATIONS if any(x["representation"] == r for x in results)]
    acc = {(d, r): float(np.mean([x[kind] for x in results
                                  if x["dataset"] == d and x["representation"] == r]))
           for d in sets for r in reps}
    ranks = {r: [] for r in reps}
    gaps = {r: [] for r in reps}
    for d in sets:
        scores = [acc[(d, r)] for r in reps]
        for r, rank in zip(reps, rankdata([-s for s in scores])):
            ranks[r].append(float(rank))
            gaps[r].append(acc[(d, r)] - max(scores))
    seconds = {r: float(np.sum([np.mean([x["fit_transform_s"] for x in results
                                         if x["dataset"] == d and x["representation"] == r])
                                for d in sets])) for r in reps}
    seeds = sorted({x["seed"] for x in results})
    seed_ranks = {r: [] for r in reps}  # the mean rank of every seed's accuracies
    for seed in seeds:
        per_set = []
        for d in sets:
            scores = [next(x[kind] for x in results if x["dataset"] == d
                           and x["representation"] == r and x["seed"] == seed) for r in reps]
            per_set.append(rankdata([-v for v in scores]))
        for r, mean_rank in zip(reps, np.mean(per_set, axis=0)):
            seed_ranks[r].append(float(mean_rank))
    widths = {(d, r): next(x["width"] for x in results
                           if x["dataset"] == d and x["representation"] == r)
              for d in sets for r in reps}
    return {"sets": sets, "representations": reps, "accuracy": acc,
            "mean_rank": {r: float(np.mean(v)) for r, v in ranks.items()},
            "seed_rank_range": {r: (min(v), max(v)) for r, v in seed_ranks.items()},
            "worst_gap": {r: float(min(v)) for r, v in gaps.items()},
            "mean_accuracy": {r: float(np.mean([acc[(d, r)] for d in sets])) for r in reps},
            "seconds": seconds, "widths": widths}


def table(results):
    """RST list-table: seed-mean accuracy of the three classifiers, width; ranks, times."""
    kinds = [k for k in ("scaled", "unscaled", "plain") if k in results[0]]
    s = {k: summary(results, k) for k in kinds}
    first = s["scaled"]
    reps = first["representations"]

    def cell(key, r, fmt, d=None):
        return " / ".join(f"{(s[k][key][(d, r)] if d else s[k][key][r]):{fmt}}" for k in kinds)

    lines = [".. list-table::", "   :header-rows: 1", "", "   * - dataset"]
    lines += [f"     - {r}" for r in reps]
    for d in first["sets"]:
        lines.append(f"   * - {d}")
        lines += [f"     - {cell('accuracy', r, '.3f', d)}" for r in reps]
    for label, key, fmt in [("mean accuracy", "mean_accuracy", ".3f"),
                            ("mean rank over sets", "mean_rank", ".2f"),
                            ("worst gap to the best of a set", "worst_gap", "+.3f")]:
        lines.append(f"   * - {label}")
        lines += [f"     - {cell(key, r, fmt)}" for r in reps]
    lines.append("   * - mean rank, lowest-highest over the seeds")
    lines += ["     - " + " / ".join("{:.2f}-{:.2f}".format(*s[k]["seed_rank_range"][r])
                                     for k in kinds) for r in reps]
    lines.append("   * - fit + transform s (all sets)")
    lines += [f"     - {first['seconds'][r]:.1f}" for r in reps]
    lines.append("   * - output width (univariate sets)")
    lines += [f"     - {first['widths'][(first['sets'][0], r)]}" for r in reps]
    names = {"scaled": "``StandardScaler`` + ``RidgeClassifierCV(alphas=np.logspace(-3, 3, 13))``",
             "unscaled": "the same ridge without the scaler",
             "plain": "``RidgeClassifierCV()`` (its default alphas 0.1, 1, 10), no scaler"}
    note = ("\nTest accuracy after ``ESNTransformer(representation=..., random_state=seed)``, "
            "mean over the reservoir seeds " + ", ".join(str(x) for x in sorted(
                {x["seed"] for x in results})) + "; in each cell: "
            + " / ".join(names[k] for k in kinds) + ". The ranks and gaps are computed "
            "per classifier.\n")
    return "\n".join(lines) + "\n" + note


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"only {', '.join(QUICK)}, seed 0")
    parser.add_argument("--datasets", help="comma-separated names (default: all)")
    parser.add_argument("--seeds", default="0,1,2", help="reservoir seeds (default 0,1,2)")
    parser.add_argument("--max-test", type=int, default=500,
                        help="subsample larger test sets to this many series (0: all)")
    for flag, text in [("--out", "JSON path (default: next to this script)"),
                       ("--table", "RST table path (default: next to the JSON)"),
                       ("--from-json", "no fits: the table of the results in this JSON")]:
        parser.add_argument(flag, help=text)
    args = parser.parse_args(argv)
    if args.from_json:  # the saved run's table, printed (and written with --table)
        saved = json.loads(Path(args.from_json).read_text())
        return show_table(table(saved["results"]), args.table)
    names = QUICK if args.quick else list(DATASETS) + SYNTHETIC
    if args.datasets:
        names = args.datasets.split(",")
    seeds = [0] if args.quick else [int(s) for s in args.seeds.split(",")]
    stem = "transformer_representation_quick" if args.quick else "transformer_representation"
    out = Path(args.out) if args.out else Path(__file__).with_name(f"{stem}.json")
    table_path = args.table or str(out.with_name(f"{out.stem}_table.rst"))
    info = {"machine": machine_info(["skreservoir", "sktime", "numpy", "scikit-learn"]),
            "command": shlex.join(sys.argv), "seeds": seeds, "max_test": args.max_test}

    def save(results):
        out.write_text(json.dumps({**info, "results": results}, indent=1))

    start = time.perf_counter()
    results = run(names, seeds, args.max_test, save=save)
    info["total_s"] = time.perf_counter() - start
    save(results)
    show_table(table(results), table_path)


if __name__ == "__main__":
    main()
