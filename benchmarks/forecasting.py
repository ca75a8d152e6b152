"""Forecasting benchmark: skreservoir forecasters against sktime's and ReservoirPy's.

Chaotic systems from ``skreservoir.datasets`` (first coordinate, univariate),
clean and with 5% observation noise, forecast closed loop from rolling
origins (fit 1000 points, forecast 200; scores over the first 1, 10, 100 and
200 steps), and real series shipped with sktime (airline, lynx, shampoo
sales) from their last origins. Scores: sMAPE (%), MASE (in-sample naive
scale, no season) and NRMSE (RMSE over the training standard deviation); a
forecast is a blow-up when it is not finite or leaves the training range by
more than 10 times its width.

    python benchmarks/forecasting.py            # everything, writes forecasting.json
    python benchmarks/forecasting.py --quick    # CI smoke run, about a minute
    python benchmarks/forecasting.py --defaults # the ESNForecaster default grid

Each run prints a table of medians and writes JSON next to the script
(``forecasting.json``, ``forecasting_quick.json``, ``forecasting_defaults.json``)
and an RST table for the docs (full run only).
"""

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import skreservoir
from skreservoir import Reservoir
from skreservoir.datasets import double_scroll, lorenz, mackey_glass, rossler

HERE = Path(__file__).parent

#: system -> (generator, sampling step h, largest Lyapunov exponent per time
#: unit (literature values), steps discarded as the attractor transient)
SYSTEMS = {
    "mackey_glass": (lambda n: mackey_glass(n, tau=17, h=1.0)[:, 0], 1.0, 0.006, 300),
    "lorenz": (lambda n: lorenz(n, h=0.03)[:, 0], 0.03, 0.906, 300),
    "rossler": (lambda n: rossler(n, h=0.1)[:, 0], 0.1, 0.0714, 300),
    "double_scroll": (lambda n: double_scroll(n, h=0.25)[:, 0], 0.25, 0.097, 300),
}
N_FIT, N_FORECAST = 1000, 200
HORIZONS = (1, 10, 100, 200)
NOISE = 0.05


def lyapunov_steps(system):
    _, h, exponent, _ = SYSTEMS[system]
    return 1.0 / (exponent * h)


# -- scores -------------------------------------------------------------------
def smape(y, f):
    return float(100 * np.mean(2 * np.abs(f - y) / (np.abs(y) + np.abs(f) + 1e-12)))


def mase(y, f, train):
    scale = np.mean(np.abs(np.diff(train)))
    return float(np.mean(np.abs(f - y)) / max(scale, 1e-12))


def nrmse(y, f, train):
    return float(np.sqrt(np.mean((f - y) ** 2)) / max(np.std(train), 1e-12))


def blew_up(f, train):
    span = np.ptp(train)
    return bool(not np.all(np.isfinite(f))
                or np.any(f > train.max() + 10 * span) or np.any(f < train.min() - 10 * span))


# -- models -------------------------------------------------------------------
def sktime_models(sp=1, quick=False):
    from sklearn.linear_model import Ridge
    from sktime.forecasting.compose import make_reduction
    from sktime.forecasting.ets import AutoETS
    from sktime.forecasting.naive import NaiveForecaster
    from sktime.forecasting.theta import ThetaForecaster

    models = {
        "naive": lambda: NaiveForecaster(strategy="last"),
        "naive_drift": lambda: NaiveForecaster(strategy="drift"),
        "theta": lambda: ThetaForecaster(sp=sp, deseasonalize=sp > 1),
        "reduction_ridge": lambda: make_reduction(Ridge(alpha=1e-3), window_length=20,
                                                  strategy="recursive"),
    }
    if not quick:
        models["auto_ets"] = lambda: AutoETS(auto=True, sp=sp, n_jobs=1)
    return models


def our_models(quick=False):
    from skreservoir.forecasting import AutoESNForecaster, ESNForecaster, NVARForecaster

    return {
        "ESNForecaster()": lambda: ESNForecaster(random_state=0),
        "NVARForecaster()": lambda: NVARForecaster(),
        "AutoESNForecaster()": lambda: AutoESNForecaster(
            random_state=0, **({"budget": 8} if quick else {})),
    }


class ReservoirPyESN:
    """ReservoirPy's ESN with its tutorial settings, run closed loop (sktime-like calls)."""

    def fit(self, y, fh):
        from reservoirpy import verbosity
        from reservoirpy.nodes import Reservoir as RPyReservoir
        from reservoirpy.nodes import Ridge as RPyRidge

        verbosity(0)
        values = y.to_numpy(dtype=np.float64)
        self.mean, self.std = values.mean(), values.std() + 1e-12
        series = ((values - self.mean) / self.std)[:, None]
        self.reservoir = RPyReservoir(100, lr=0.3, sr=1.25, seed=0)
        self.readout = RPyRidge(ridge=1e-6)
        self.model = self.reservoir >> self.readout
        self.model.fit(series[:-1], series[1:], warmup=100)
        self.last = series[-1:]
        self.steps = np.asarray(fh)
        return self

    def predict(self):
        out, u = [], self.last
        for _ in range(int(self.steps.max())):
            u = self.model(u)
            out.append(float(np.ravel(u)[0]))
        return np.asarray(out)[self.steps - 1] * self.std + self.mean


def forecast(make, train, steps):
    """Forecast ``steps`` ahead with a fresh model; returns (values, seconds, warnings)."""
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = make()
        try:
            if isinstance(model, ReservoirPyESN):
                values = model.fit(train, np.arange(1, steps + 1)).predict()
            else:
                model.fit(train, fh=np.arange(1, steps + 1))
                values = model.predict().to_numpy(dtype=np.float64).ravel()
        except Exception as exc:  # a failed baseline is recorded, not fatal
            print(f"    {type(model).__name__} failed: {exc!r}")
            values = np.full(steps, np.nan)
    ours = [str(w.category.__name__) for w in caught
            if w.category.__module__.startswith("skreservoir")]
    return values, time.perf_counter() - start, ours


# -- tasks --------------------------------------------------------------------
def chaotic_tasks(systems, n_origins, noisy, spacing=250):
    """(name, train Series, test array) for rolling origins of every system."""
    rng = np.random.default_rng(0)
    for system in systems:
        generate, _, _, transient = SYSTEMS[system]
        total = transient + N_FIT + N_FORECAST + spacing * (n_origins - 1)
        values = generate(total)[transient:]
        variants = [("clean", values)]
        if noisy:
            variants.append(("noisy", values + NOISE * values.std()
                             * rng.standard_normal(len(values))))
        for variant, series in variants:
            for origin in range(n_origins):
                start = origin * spacing
                train = pd.Series(series[start:start + N_FIT])
                test = values[start + N_FIT:start + N_FIT + N_FORECAST]  # clean truth
                yield f"{system}/{variant}", origin, train, test


def real_tasks(n_origins):
    from sktime.datasets import load_airline, load_lynx, load_shampoo_sales

    for name, load, steps, sp in (("airline", load_airline, 12, 12),
                                  ("lynx", load_lynx, 10, 1),
                                  ("shampoo_sales", load_shampoo_sales, 6, 1)):
        y = load().astype(float)
        for origin in range(n_origins):
            cut = len(y) - steps - origin * steps
            if cut < 24:
                continue
            yield name, origin, y[:cut], y[cut:cut + steps].to_numpy(), steps, sp


def run(models, quick, systems, n_origins, noisy, real=True):
    records = []
    for task, origin, train, test in chaotic_tasks(systems, n_origins, noisy):
        for name, make in models(1).items():
            values, seconds, caught = forecast(make, train, N_FORECAST)
            row = {"task": task, "kind": "chaotic", "origin": origin, "model": name,
                   "seconds": seconds, "warnings": caught,
                   "blow_up": blew_up(values, train.to_numpy())}
            for h in HORIZONS:
                y, f = test[:h], values[:h]
                row[f"smape@{h}"] = smape(y, f)
                row[f"nrmse@{h}"] = nrmse(y, f, train.to_numpy())
            system = task.split("/")[0]
            lt = int(round(2 * lyapunov_steps(system)))
            row["nrmse@2LT"] = nrmse(test[:lt], values[:lt], train.to_numpy())
            row["steps_2LT"] = lt
            records.append(row)
            print(f"  {task} o{origin} {name:22s} nrmse@100={row['nrmse@100']:.3g} "
                  f"smape@200={row['smape@200']:.3g} {seconds:.1f}s", flush=True)
    if real:
        for task, origin, train, test, steps, sp in real_tasks(2 if quick else 4):
            for name, make in models(sp).items():
                values, seconds, caught = forecast(make, train, steps)
                records.append({
                    "task": task, "kind": "real", "origin": origin, "model": name,
                    "seconds": seconds, "warnings": caught,
                    "blow_up": blew_up(values, train.to_numpy()),
                    "smape": smape(test, values),
                    "mase": mase(test, values, train.to_numpy()),
                    "nrmse": nrmse(test, values, train.to_numpy())})
    return records


def summary(records):
    frame = pd.DataFrame(records)
    out = {}
    chaotic = frame[frame.kind == "chaotic"]
    if len(chaotic):
        cols = ["nrmse@2LT"] + [f"nrmse@{h}" for h in HORIZONS] + ["smape@200"]
        table = chaotic.groupby(["task", "model"])[cols].median()
        table["blow_ups"] = chaotic.groupby(["task", "model"])["blow_up"].sum()
        out["chaotic"] = table
        overall = chaotic.groupby("model")[cols].median()
        overall["blow_ups"] = chaotic.groupby("model")["blow_up"].sum()
        overall["seconds"] = chaotic.groupby("model")["seconds"].median()
        out["chaotic_overall"] = overall
    real = frame[frame.kind == "real"] if "kind" in frame else frame[:0]
    if len(real):
        table = real.groupby(["task", "model"])[["smape", "mase", "nrmse"]].median()
        table["blow_ups"] = real.groupby(["task", "model"])["blow_up"].sum()
        out["real"] = table
        overall = real.groupby("model")[["smape", "mase"]].median()
        out["real_overall"] = overall
    return out


def rst_table(frame, title):
    frame = frame.reset_index()
    header = list(frame.columns)
    rows = [[f"{v:.3g}" if isinstance(v, float) else str(v) for v in r]
            for r in frame.itertuples(index=False)]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = "  ".join("=" * w for w in widths)
    body = [line, "  ".join(h.ljust(w) for h, w in zip(header, widths)), line]
    body += ["  ".join(v.ljust(w) for v, w in zip(r, widths)) for r in rows]
    return f"{title}\n{'-' * len(title)}\n\n" + "\n".join(body + [line]) + "\n"


def defaults_grid():
    """ESNForecaster settings compared to choose the defaults."""
    from skreservoir.forecasting import ESNForecaster

    grid = {}
    for n_units in (300,):
        for spectral_radius in (0.9, 1.25):
            for leak_rate in (0.3, 1.0):
                for input_scaling in (0.5, 1.0):
                    name = f"N{n_units}_sr{spectral_radius}_lr{leak_rate}_is{input_scaling}"
                    grid[name] = (lambda n=n_units, s=spectral_radius, lr=leak_rate,
                                  i=input_scaling: ESNForecaster(Reservoir(
                                      n_units=n, spectral_radius=s, leak_rate=lr,
                                      input_scaling=i, random_state=0)))
    return lambda sp: grid


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--defaults", action="store_true")
    parser.add_argument("--no-auto", action="store_true", help="leave AutoESNForecaster out")
    args = parser.parse_args()
    # numba's threaded kernels compete badly on a shared 2-core machine; the
    # numpy recurrence is what these runs time
    skreservoir.set_config(compiled=False)
    if args.defaults:
        records = run(defaults_grid(), False, list(SYSTEMS), 2, True, real=False)
        name = "forecasting_defaults"
    else:
        def models(sp):
            ours = our_models(args.quick)
            if args.no_auto:
                ours.pop("AutoESNForecaster()")
            both = {**ours, **sktime_models(sp, args.quick)}
            if not args.quick:
                both["reservoirpy_tutorial"] = ReservoirPyESN
            return both

        systems = ["mackey_glass", "lorenz"] if args.quick else list(SYSTEMS)
        records = run(models, args.quick, systems, 1 if args.quick else 5,
                      not args.quick, real=True)
        name = "forecasting_quick" if args.quick else "forecasting"
    tables = summary(records)
    with pd.option_context("display.width", 200, "display.max_rows", 500):
        for key, table in tables.items():
            print(f"\n== {key} ==\n{table.round(4)}")
    meta = {"command": "python benchmarks/forecasting.py"
            + (" --quick" if args.quick else "") + (" --defaults" if args.defaults else ""),
            "lyapunov_steps": {s: lyapunov_steps(s) for s in SYSTEMS},
            "sampling_step": {s: SYSTEMS[s][1] for s in SYSTEMS}}
    payload = {"meta": meta, "records": records,
               "summary": {k: v.reset_index().to_dict(orient="records")
                           for k, v in tables.items()}}
    (HERE / f"{name}.json").write_text(json.dumps(payload, indent=1))
    if name == "forecasting":
        text = "".join(rst_table(tables[k].round(4), k) + "\n" for k in tables)
        (HERE / "forecasting_table.rst").write_text(text)


if __name__ == "__main__":
    main()
