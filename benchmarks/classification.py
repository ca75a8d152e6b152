"""Sequence classification: ESNTimeSeriesClassifier against sktime's ROCKET and MiniRocket.

Every classification set that sktime ships with its package (read from its
own files, no network), standard train/test splits, seed 0, all models side
by side in one process. Writes ``classification.json`` (or ``--out``) next
to this script and prints an RST table (``--table`` writes it).

    python benchmarks/classification.py             # all sets, ours + MiniRocket + ROCKET
    python benchmarks/classification.py --quick     # 3 small sets, about a minute
    python benchmarks/classification.py --study     # which setting moves accuracy
    python benchmarks/classification.py --datasets Coffee --ucr-dir DIR  # a set of the
        # UCR archive that sktime does not bundle, from DIR/Coffee_TRAIN.txt (or .ts, .tsv)
    python benchmarks/classification.py --from-json benchmarks/classification.json \
        --table benchmarks/classification_table.rst # the docs table of saved results
"""

import argparse
import json
import shlex
import sys
import time
import warnings
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import load_average, machine_info  # noqa: E402

#: sktime loader name of every bundled classification set.
DATASETS = {
    "UnitTest": "load_unit_test",
    "ItalyPowerDemand": "load_italy_power_demand",
    "ArrowHead": "load_arrow_head",
    "BasicMotions": "load_basic_motions",
    "GunPoint": "load_gunpoint",
    "ACSF1": "load_acsf1",
    "OSULeaf": "load_osuleaf",
    "JapaneseVowels": "load_japanese_vowels",
    "PLAID": "load_plaid",
}
QUICK = ["UnitTest", "ItalyPowerDemand", "BasicMotions"]


def load(name, split, ucr_dir=None):
    """(X, y): numpy3D for equal lengths, else sktime's df-list (unequal lengths).

    A ``name`` that sktime does not bundle is read from ``ucr_dir``, in the
    UCR/UEA archive's formats: ``NAME_TRAIN.ts`` (sktime's reader) or
    ``NAME_TRAIN.txt``/``.tsv`` (the label, then the values, on every row).
    """
    from sktime import datasets

    if name in DATASETS:
        X, y = getattr(datasets, DATASETS[name])(split=split, return_type="nested_univ")
    elif ucr_dir is None:
        raise ValueError(f"{name!r} is not bundled with sktime ({', '.join(DATASETS)}); "
                         "pass --ucr-dir with its NAME_TRAIN/NAME_TEST files.")
    else:
        stem = Path(ucr_dir) / f"{name}_{split.upper()}"
        if stem.with_suffix(".ts").exists():
            X, y = datasets.load_from_tsfile(str(stem.with_suffix(".ts")),
                                             return_data_type="nested_univ")
        else:
            path = next(stem.with_suffix(s) for s in (".txt", ".tsv")
                        if stem.with_suffix(s).exists())
            rows = np.loadtxt(path, delimiter="\t" if path.suffix == ".tsv" else None)
            y = np.array([f"{label:g}" for label in rows[:, 0]])
            return rows[:, None, 1:], y
    lengths = {len(X.iloc[i, 0]) for i in range(len(X))}
    frames = [np.column_stack([np.asarray(X.iloc[i, j], dtype=np.float64)
                               for j in range(X.shape[1])]) for i in range(len(X))]
    if len(lengths) == 1:
        return np.stack(frames).transpose(0, 2, 1), np.asarray(y)
    import pandas as pd

    return [pd.DataFrame(f) for f in frames], np.asarray(y)


def padded(clf, length):
    """``clf`` behind sktime's ``PaddingTransformer`` (zeros to ``length``, the longest
    series of the set: a test series longer than every training one is refused with
    the default's length): sktime's own route to its ROCKET classifiers, which need
    equal lengths.

    Padded with each series' last value instead (this benchmark's route before a
    classification port compared), MiniRocket scored 0.877 on PLAID, whose series'
    lengths tell the classes apart in part; with the zeros, 0.944.
    """
    from sktime.transformations.panel.padder import PaddingTransformer

    return PaddingTransformer(pad_length=length) * clf


def models(study=False, seed=0):
    """name -> factory of an unfitted classifier (ours seeded with ``seed``)."""
    from sktime.classification.kernel_based import RocketClassifier

    from skreservoir.classification import ESNTimeSeriesClassifier

    ours = {"ESN (defaults)": partial(ESNTimeSeriesClassifier, random_state=seed)}
    if study:
        variants = {
            "difference='auto'": {"difference": "auto"},
            "difference=False": {"difference": False},
            "n_taps=1": {"n_taps": 1},
            "n_taps=5": {"n_taps": 5},
            "ppv_quantiles=None": {"ppv_quantiles": None},
            "ppv_quantiles=quartiles": {"ppv_quantiles": (0.25, 0.5, 0.75)},
            "n_reservoirs=8": {"n_reservoirs": 8},
        }
        return {**ours, **{name: partial(ESNTimeSeriesClassifier, random_state=seed, **params)
                           for name, params in variants.items()}}
    return {
        **ours,
        "MiniRocket": lambda: RocketClassifier(rocket_transform="minirocket",
                                               random_state=0),
        "ROCKET": lambda: RocketClassifier(random_state=0),
    }


def warm_up(factories):
    """Fit every model once on UnitTest and on BasicMotions: numba compilation (of the
    univariate and of the multivariate kernels) is not counted as fit time."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in ("UnitTest", "BasicMotions"):
            X, y = load(name, "train")
            for factory in factories.values():
                factory().fit(X, y).predict(X)


def run(names, factories, skip=(), save=None, ucr_dir=None):
    """Fit and score every model on every set; ``save(results)`` after each one."""
    warm_up(factories)
    results = []
    for name in names:
        X_train, y_train = load(name, "train", ucr_dir)
        X_test, y_test = load(name, "test", ucr_dir)
        length = max(len(x) for x in (list(X_train) + list(X_test))) \
            if not isinstance(X_train, np.ndarray) else None
        for model, factory in factories.items():
            if (name, model) in skip:
                continue
            clf = factory()
            rocket = "ROCKET" in model or "Rocket" in model
            if rocket and length:
                clf = padded(clf, length)
            Xtr, Xte = X_train, X_test
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                start = time.perf_counter()
                clf.fit(Xtr, y_train)
                fit_s = time.perf_counter() - start
                start = time.perf_counter()
                predicted = clf.predict(Xte)
                predict_s = time.perf_counter() - start
            accuracy = float(np.mean(predicted == y_test))
            results.append({"dataset": name, "model": model, "accuracy": accuracy,
                            "fit_s": fit_s, "predict_s": predict_s})
            print(f"{name:18s} {model:36s} acc {accuracy:.3f}  fit {fit_s:7.2f} s  "
                  f"predict {predict_s:6.2f} s  (load {load_average():.1f})", flush=True)
            if save is not None:
                save(results)
    return results


def median_ranks(results):
    """model -> median over datasets of its accuracy rank (1 = best, ties averaged)."""
    from scipy.stats import rankdata

    model_names = list(dict.fromkeys(r["model"] for r in results))
    ranks = {m: [] for m in model_names}
    for name in dict.fromkeys(r["dataset"] for r in results):
        rows = [r for r in results if r["dataset"] == name]
        for r, rank in zip(rows, rankdata([-r["accuracy"] for r in rows])):
            ranks[r["model"]].append(rank)
    return {m: float(np.median(v)) for m, v in ranks.items()}


def table(results):
    """RST list-table: accuracy (fit seconds) per dataset and model, mean and total, rank."""
    model_names = list(dict.fromkeys(r["model"] for r in results))
    sets = list(dict.fromkeys(r["dataset"] for r in results))
    cell = {(r["dataset"], r["model"]): r for r in results}
    lines = [".. list-table::", "   :header-rows: 1", "", "   * - dataset"]
    lines += [f"     - {m}" for m in model_names]
    for name in sets:
        lines.append(f"   * - {name}")
        for m in model_names:
            r = cell.get((name, m))
            lines.append(f"     - {r['accuracy']:.3f} ({r['fit_s']:.1f} s)" if r else "     - ")
    lines.append("   * - mean accuracy (total fit s)")
    for m in model_names:
        rows = [cell[(n, m)] for n in sets if (n, m) in cell]
        lines.append(f"     - {np.mean([r['accuracy'] for r in rows]):.3f} "
                     f"({sum(r['fit_s'] for r in rows):.1f} s)")
    lines.append("   * - median rank over datasets")
    lines += [f"     - {rank:g}" for rank in median_ranks(results).values()]
    return "\n".join(lines) + "\n"


def show_table(text, path=None):
    """Print an RST table and, given a path, write it there."""
    print(text)
    if path:
        Path(path).write_text(text)


def memory(n_series, n_steps, n_units, n_components=20):
    """Peak traced memory (GB) of ESNTransformer.fit_transform with a PCA, per representation."""
    import tracemalloc

    from skreservoir import ESNTransformer, Reservoir

    X = np.random.default_rng(0).normal(size=(n_series, n_steps, 1))
    peaks = {}
    for representation in ["last", "mean", "pooled", "output_model_space",
                           "reservoir_model_space"]:
        esn = ESNTransformer(Reservoir(n_units=n_units, random_state=0),
                             representation=representation, n_components=n_components)
        tracemalloc.start()
        esn.fit_transform(X)
        peaks[representation] = tracemalloc.get_traced_memory()[1] / 2**30
        tracemalloc.stop()
        print(f"{representation:24s} peak {peaks[representation]:.3f} GB "
              f"({n_series} series x {n_steps} steps x {n_units} units, "
              f"n_components={n_components})", flush=True)
    return peaks


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"only {', '.join(QUICK)}")
    parser.add_argument("--study", action="store_true",
                        help="our settings one at a time instead of ROCKET/MiniRocket")
    parser.add_argument("--memory", nargs=3, type=int, metavar=("SERIES", "STEPS", "UNITS"),
                        help="only the peak memory of ESNTransformer's PCA path")
    parser.add_argument("--datasets", help="comma-separated names (default: all)")
    parser.add_argument("--ucr-dir", help="folder of NAME_TRAIN/NAME_TEST files (.ts, .txt "
                        "or .tsv) of --datasets that sktime does not bundle")
    parser.add_argument("--models", help="comma-separated model names (default: all)")
    parser.add_argument("--seed", type=int, default=0,
                        help="random_state of our classifiers (default 0)")
    parser.add_argument("--out", help="JSON path (default: next to this script)")
    parser.add_argument("--table", help="write the RST table to this path")
    parser.add_argument("--from-json", help="no fits: the table of the results in this JSON")
    args = parser.parse_args(argv)
    if args.from_json:
        show_table(table(json.loads(Path(args.from_json).read_text())["results"]), args.table)
        return
    if args.memory:
        memory(*args.memory)
        return
    names = QUICK if args.quick else list(DATASETS)
    if args.datasets:
        names = args.datasets.split(",")
    factories = models(study=args.study, seed=args.seed)
    if args.models:
        factories = {k: v for k, v in factories.items() if k in args.models.split(",")}
    default = "classification_study.json" if args.study else "classification.json"
    out = Path(args.out) if args.out else Path(__file__).with_name(default)
    info = {"machine": machine_info(["skreservoir", "sktime", "numpy", "scikit-learn"]),
            "command": shlex.join(sys.argv)}

    def save(results):
        out.write_text(json.dumps({**info, "results": results}, indent=1))

    show_table(table(run(names, factories, save=save, ucr_dir=args.ucr_dir)), args.table)


if __name__ == "__main__":
    main()
