"""The demo: ``python -m skreservoir`` forecasts Mackey-Glass with an ESN."""

import argparse
import os
import sys
import time

from skreservoir import ESNRegressor, Reservoir, RidgeReadout
from skreservoir.datasets import mackey_glass, to_forecasting
from skreservoir.metrics import nrmse


def run_demo(n_units=500, n_train=2000, n_test=500, n_generate=100, seed=0):
    """Fit an ESN on Mackey-Glass; return its scores, timings and series.

    Returns
    -------
    result : dict
        ``one_step_nrmse``, ``closed_loop_nrmse``, ``fit_seconds``,
        ``predict_seconds``, ``generate_seconds`` and the arrays ``y_test``,
        ``y_pred``, ``y_true_generated``, ``y_generated``.
    """
    series = mackey_glass(n_train + n_test + 1)
    X, y = to_forecasting(series, forecast=1)
    esn = ESNRegressor(
        Reservoir(n_units=n_units, spectral_radius=1.25, leak_rate=0.3,
                  random_state=seed),
        RidgeReadout(alpha=1e-7),
        washout=100,
    )
    start = time.perf_counter()
    esn.fit(X[:n_train], y[:n_train])
    fit_seconds = time.perf_counter() - start

    start = time.perf_counter()
    y_pred = esn.predict(X)[n_train:]  # warmed up on the training part
    predict_seconds = time.perf_counter() - start

    start = time.perf_counter()
    generated = esn.generate(n_generate)  # row 0 forecasts y[n_train - 1]
    generate_seconds = time.perf_counter() - start
    y_true_generated = y[n_train - 1: n_train - 1 + n_generate]
    return {
        "one_step_nrmse": nrmse(y[n_train:], y_pred),
        "closed_loop_nrmse": nrmse(y_true_generated, generated),
        "fit_seconds": fit_seconds,
        "predict_seconds": predict_seconds,
        "generate_seconds": generate_seconds,
        "y_test": y[n_train:],
        "y_pred": y_pred,
        "y_true_generated": y_true_generated,
        "y_generated": generated,
    }


def plot_demo(result, path):
    """Write a figure of the one-step and closed-loop forecasts to ``path``."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            '--plot needs matplotlib: pip install "skreservoir[plot]"'
        ) from exc
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6), constrained_layout=True)
    top.plot(result["y_test"][:300], label="Mackey-Glass")
    top.plot(result["y_pred"][:300], "--", label="ESN, one step ahead")
    top.set_title(f"One-step forecast, NRMSE {result['one_step_nrmse']:.2e}")
    top.legend(loc="upper right")
    bottom.plot(result["y_true_generated"], label="Mackey-Glass")
    bottom.plot(result["y_generated"], "--", label="ESN, closed loop")
    bottom.set_title(
        f"Closed-loop generation, NRMSE {result['closed_loop_nrmse']:.2e}")
    bottom.set_xlabel("time step")
    bottom.legend(loc="upper right")
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _n_units(text):
    """``--n-units``: an int of at least 10 (a reservoir of a few units is refused by
    its own checks, with a traceback: too sparse to scale at 1, an error at 0)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 10:
        raise argparse.ArgumentTypeError(
            f"{value} is too few units for the demo; pass at least 10 (default 500)")
    return value


def main(argv=None):
    """Run the demo from the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m skreservoir",
        description="Forecast the Mackey-Glass series with an echo state network.",
    )
    parser.add_argument("--n-units", type=_n_units, default=500,
                        help="reservoir size (at least 10)")
    parser.add_argument("--plot", metavar="FILE", help="write a figure to FILE (PNG)")
    args = parser.parse_args(argv)
    if args.plot:
        # said before the demo runs, not after it
        folder = os.path.dirname(os.path.abspath(args.plot))
        if not os.path.isdir(folder):
            parser.error(f"--plot: the folder {folder!r} does not exist; create it or "
                         "write the figure elsewhere")

    print(f"skreservoir demo: echo state network with {args.n_units} units on "
          "Mackey-Glass (tau=17)")
    result = run_demo(n_units=args.n_units)
    print(f"  training (2000 steps)         {result['fit_seconds']:.3f} s")
    print(f"  one-step test NRMSE (500)     {result['one_step_nrmse']:.2e}   "
          f"({result['predict_seconds']:.3f} s)")
    print(f"  closed-loop NRMSE (100 steps) {result['closed_loop_nrmse']:.2e}   "
          f"({result['generate_seconds']:.3f} s)")
    if args.plot:
        plot_demo(result, args.plot)
        print(f"  figure written to {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
