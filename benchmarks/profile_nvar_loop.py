"""Where a step of NG-RC's closed loop written by hand goes (issue 19).

The loop of ``bench_vs_reservoirpy.py --cases nvar`` (``u = window[-1] +
esn.predict(window)[-1]`` on the Lorenz model of Gauthier et al., a 2-row
window per step), after its warm-up and the background load of NVAR's
window kernel: the CPU time per step of the loop (``time.thread_time``,
which a shared machine's other processes disturb less than the wall
clock), of one ``predict`` and of each piece of its short path, each
called alone in a loop (best of ``--repeats`` rounds; the pieces do not
add up exactly to the whole: calls alone keep their data in cache). With
``--compiled-off``, the same under ``set_config(compiled=False)``.

Usage::

    PYTHONPATH=. python benchmarks/profile_nvar_loop.py
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

import bench_vs_reservoirpy as bench  # noqa: E402

import skreservoir  # noqa: E402
from skreservoir import _threads  # noqa: E402
from skreservoir._validation import clean_series, fast_series  # noqa: E402


def cpu_us(function, calls, repeats):
    """Best CPU microseconds per call of ``function`` over ``repeats`` rounds of ``calls``."""
    for _ in range(max(1, calls // 20)):
        function()
    best = np.inf
    for _ in range(repeats):
        start = time.thread_time()
        for _ in range(calls):
            function()
        best = min(best, (time.thread_time() - start) / calls)
    return best * 1e6


def main(repeats=9):
    data, start, end = bench._lorenz_ngrc()
    X, history = data[:end - 1], data[:end]
    esn = bench._ngrc_esn(start - 1).fit(X, data[1:end] - X)
    n_steps = round(bench.NGRC["lyapunov_time"] / bench.NGRC["dt"])
    for _ in range(30):  # from the 17th window on, the kernel loads in the background
        bench.closed_loop_increments(esn, history, n_steps)
    _threads._join_compilations()
    nvar, readout = esn.reservoir_, esn.readout_
    window = np.ascontiguousarray(history[-(nvar.n_warmup_ + 1):])
    run = nvar.run_function(window)
    features = run([window])[0][0]
    finite = run.outputs_finite
    kernel = _threads._LOADED.get("nvar_window_kernel")
    state = nvar.initial_state_
    out, final = np.empty_like(features), np.empty_like(state)
    coef = readout.coef_
    forecasts = np.empty((n_steps, window.shape[1]))
    prediction = esn.predict(window, initial_state="rest")

    def own_step():  # the loop's own arithmetic around predict
        forecasts[0] = window[-1] + prediction[-1]
        return np.vstack([window[1:], forecasts[0]])

    many, few = 20000, 200
    rows = [
        ("loop, per step", cpu_us(lambda: bench.closed_loop_increments(
            esn, history, n_steps), few, repeats) / n_steps),
        ("  the loop's own: add, vstack", cpu_us(own_step, many, repeats)),
        ("  predict(window)", cpu_us(lambda: esn.predict(window, initial_state="rest"), many,
                                    repeats)),
        ("    fast_series (the window's checks)", cpu_us(
            lambda: fast_series(esn, window, None), many, repeats)),
        ("    _on_host", cpu_us(esn._on_host, many, repeats)),
        ("    NVAR.run_function (made per call)", cpu_us(
            lambda: nvar.run_function(window), many, repeats)),
        ("    run: NVAR's features and state", cpu_us(lambda: run([window]), many, repeats)),
    ]
    if kernel is not None:
        args = nvar._window_args[1]
        rows.append(("      the compiled kernel alone", cpu_us(
            lambda: kernel(window, state, 0, *args, out, final), many, repeats)))
    rows += [
        ("    readout._predict_rows", cpu_us(
            lambda: readout._predict_rows(features, finite=finite), many, repeats)),
        ("      clean_series (shape checks)", cpu_us(
            lambda: clean_series(readout, features, values=not finite), many, repeats)),
        ("      readout._linear", cpu_us(lambda: readout._linear(features), many, repeats)),
        ("        F @ coef.T + 0.0 alone", cpu_us(lambda: features @ coef.T + 0.0, many,
                                                  repeats)),
    ]
    print(f"NVAR window kernel: {'compiled' if kernel is not None else 'numpy'}; "
          f"features tested by the kernel: {finite}")
    for name, us in rows:
        print(f"{name:<44} {us:7.2f} us")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--compiled-off", action="store_true",
                        help="run under set_config(compiled=False)")
    args = parser.parse_args()
    if args.compiled_off:
        with skreservoir.config_context(compiled=False):
            main(args.repeats)
    else:
        main(args.repeats)
