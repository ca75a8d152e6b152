"""ESGPRegressor on the adding problem: the defaults' test MSE, and time per epoch against PyTorch.

Two measurements on the adding problem (``skreservoir.datasets.adding_problem``:
sequences of 100 steps, the target is the sum of the two marked values;
predicting the mean scores 0.167):

score
    ``ESGPRegressor(random_state=0)`` with its defaults, fitted on 2000
    sequences and scored on 500 others: the test MSE (target: <= 0.05, the
    figure the ESGP package reports after 30 epochs), the epochs run, and the
    wall-clock and CPU seconds of the fit.
time per epoch
    One epoch of Adam over the 2000 training sequences at equal hidden size,
    batch size and learning rate: ``ESGPRegressor.partial_fit`` (one pass,
    the backward pass written out in numpy) against the PyTorch ``esgp``
    package (its ``ESGP`` layer and a linear output, trained by autograd;
    torch's default threads, and one thread),
    run by ``_esgp_torch_child.py`` with the interpreter of a separate
    virtual environment (``--torch-python``; torch is never a dependency of
    skreservoir). The runs alternate, ``--repeats`` times; medians of wall
    and CPU seconds per epoch, and the ratio torch / skreservoir (above 1:
    skreservoir is faster). On a busy machine wall-clock times mostly
    measure the load; CPU seconds of the process are steadier (torch's may
    sum over its threads). Without the torch environment the comparison is
    left out and said so.

Usage::

    python benchmarks/bench_esgp.py                  # full run, several minutes
    python benchmarks/bench_esgp.py --quick          # 400 / 100 sequences
    python benchmarks/bench_esgp.py --torch-python /path/to/venv/bin/python
"""

import argparse
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from _common import load_average, machine_info
from sklearn.exceptions import ConvergenceWarning

from skreservoir import ESGPRegressor
from skreservoir.datasets import adding_problem

HERE = Path(__file__).resolve().parent


def score_defaults(X_train, y_train, X_test, y_test):
    """Fit ``ESGPRegressor(random_state=0)``: test MSE, epochs, wall and CPU seconds."""
    began, began_cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = ESGPRegressor(random_state=0).fit(X_train, y_train)
    wall, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    mse = float(np.mean((model.predict(X_test) - y_test) ** 2))
    return model, {
        "test_mse": mse,
        "mean_predictor_mse": float(np.mean((y_test - y_train.mean()) ** 2)),
        "epochs": model.n_iter_,
        "fit_wall_s": wall,
        "fit_cpu_s": cpu,
        "wall_s_per_epoch": wall / model.n_iter_,
        "cpu_s_per_epoch": cpu / model.n_iter_,
        "loss_curve": [float(v) for v in model.loss_curve_],
    }


def our_epochs(X_train, y_train, defaults, n_epochs):
    """Wall and CPU seconds of each of ``n_epochs`` ``partial_fit`` passes."""
    model = ESGPRegressor(random_state=0)
    wall, cpu = [], []
    for _ in range(n_epochs):
        began, began_cpu = time.perf_counter(), time.process_time()
        model.partial_fit(X_train, y_train)
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return {"wall_s": wall, "cpu_s": cpu}


def torch_epochs(python, config):
    """The child's JSON, or None with the reason when the torch environment is missing."""
    if not Path(python).exists():
        return None, f"no interpreter at {python}"
    result = subprocess.run(
        [python, str(HERE / "_esgp_torch_child.py"), json.dumps(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return None, result.stderr.strip().splitlines()[-1]
    return json.loads(result.stdout.strip().splitlines()[-1]), None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--torch-python", default="/work/venv-torch/bin/python")
    parser.add_argument("--output", default=str(HERE / "bench_esgp.json"))
    args = parser.parse_args()
    n_train, n_test = (400, 100) if args.quick else (2000, 500)
    X, y = adding_problem(n_train + n_test, n_timesteps=100, random_state=0)
    X_train, y_train, X_test, y_test = X[:n_train], y[:n_train], X[n_train:], y[n_train:]
    defaults = ESGPRegressor().get_params()
    print(
        f"adding problem, 100 steps, {n_train} train / {n_test} test; load "
        f"{load_average()} on {os.cpu_count()} cores"
    )

    model, score = score_defaults(X_train, y_train, X_test, y_test)
    print(
        f"ESGPRegressor(random_state=0): test MSE {score['test_mse']:.4f} "
        f"(mean predictor {score['mean_predictor_mse']:.3f}; target <= 0.05) after "
        f"{score['epochs']} epochs, {score['wall_s_per_epoch']:.2f} s wall / "
        f"{score['cpu_s_per_epoch']:.2f} s CPU per epoch"
    )

    config = {
        "n_train": n_train,
        "n_test": n_test,
        "n_timesteps": 100,
        "n_units": defaults["n_units"],
        "density": defaults["density"],
        "batch_size": defaults["batch_size"],
        "learning_rate": defaults["learning_rate_init"],
        "dtype": "float64",
        "n_epochs": 1,
    }
    ours = {"wall_s": [], "cpu_s": []}
    theirs = {threads: {"wall_s": [], "cpu_s": []} for threads in (None, 1)}
    reason = None
    for _ in range(args.repeats):
        run = our_epochs(X_train, y_train, defaults, 1)
        for key in ours:
            ours[key] += run[key]
        for threads, timings in theirs.items():
            if reason is not None:
                break
            child, reason = torch_epochs(args.torch_python, {**config, "threads": threads})
            if child is not None:
                for key in ("wall_s", "cpu_s"):
                    timings[key] += child[key]
                timings["torch"], timings["threads"] = child["torch"], child["threads"]
    comparison = {"skreservoir": ours, "config": config}
    print(
        f"\nper epoch at {config['n_units']} units, batch {config['batch_size']} (median "
        f"of {args.repeats}):"
    )
    print(
        f"  skreservoir          {np.median(ours['wall_s']):7.2f} s wall  "
        f"{np.median(ours['cpu_s']):7.2f} s CPU"
    )
    if reason is None:
        comparison["torch_esgp"] = {}
        comparison["ratio_torch_over_skreservoir"] = {}
        for timings in theirs.values():
            label = f"{timings['threads']} thread" + ("s" if timings["threads"] > 1 else "")
            wall_ratio = np.median(timings["wall_s"]) / np.median(ours["wall_s"])
            cpu_ratio = np.median(timings["cpu_s"]) / np.median(ours["cpu_s"])
            comparison["torch_esgp"][label] = timings
            comparison["ratio_torch_over_skreservoir"][label] = {
                "wall": wall_ratio,
                "cpu": cpu_ratio,
            }
            print(
                f"  torch esgp, {label:9s}{np.median(timings['wall_s']):7.2f} s wall  "
                f"{np.median(timings['cpu_s']):7.2f} s CPU  (torch {timings['torch']}); "
                f"ratio torch / skreservoir: wall {wall_ratio:.2f}, CPU {cpu_ratio:.2f}"
            )
    else:
        comparison["torch_esgp"] = f"not run: {reason}"
        print(f"  torch esgp   not run: {reason}")

    report = {
        "machine": machine_info(["numpy", "scipy", "scikit-learn"]),
        "load_average_end": load_average(),
        "n_train": n_train,
        "n_test": n_test,
        "score_with_defaults": score,
        "per_epoch": comparison,
    }
    Path(args.output).write_text(json.dumps(report, indent=2, default=float))
    print(f"\nwritten to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
