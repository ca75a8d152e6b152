"""Coverage of the forecasters' prediction intervals on real series, from rolling origins.

For every series shipped with sktime that ``benchmarks/forecasting.py``
scores (airline, lynx, shampoo sales, monthly drug sales, US consumption
growth and six quarterly macroeconomic columns), the forecasters are
fitted at rolling origins at the end of the series (each origin one
horizon earlier than the next) and their 50 % and 90 % intervals
(``predict_interval``) are checked against the held-out values: the
empirical coverage is the share of held-out values inside, pooled over
origins and steps, and the width is the mean interval width relative to
AutoETS's at the same origins and steps. Controls with a known answer: an
AR(1) process and the noisy Mackey-Glass series (5 % observation noise, fit
500 points, forecast 50) of the main benchmark.

    python benchmarks/forecasting_coverage.py           # writes forecasting_coverage.json
    python benchmarks/forecasting_coverage.py --quick   # fewer series and origins
    python benchmarks/forecasting_coverage.py --tables  # rewrite the tables from the JSON
    python benchmarks/forecasting_coverage.py --only "ESNForecaster()"  # rerun one, keep the rest

``forecasting_coverage_uncalibrated.json`` (and its table) holds the same
run made before the intervals were calibrated by the closed-loop errors at
origins inside the series (its ``command`` names the commit).

Coverage pooled over a few origins of one series is noisy (6 origins of 8
steps: a binomial standard error of about 0.035 at 90 %, more since the
steps of one origin are correlated); read the medians over series.
"""

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from forecasting import NOISE, SYSTEMS, more_real_series, real_series, rerun_merged, rst_table

import skreservoir

HERE = Path(__file__).parent
COVERAGES = (0.5, 0.9)


def models(sp, quick, positive=True):
    from sktime.forecasting.ets import AutoETS
    from sktime.forecasting.theta import ThetaForecaster

    from skreservoir.forecasting import AutoESNForecaster, ESNForecaster, NVARForecaster

    return {
        "ESNForecaster()": lambda: ESNForecaster(random_state=0),
        "NVARForecaster()": lambda: NVARForecaster(),
        "AutoESNForecaster()": lambda: AutoESNForecaster(
            random_state=0, **({"budget": 8} if quick else {})
        ),
        # additive models only: with this sktime and statsmodels the simulated
        # intervals of a multiplicative-error ETS raise (ETSResults.simulate()
        # got an unexpected keyword argument 'simulate_kwargs')
        "AutoETS": lambda: AutoETS(auto=True, additive_only=True, sp=sp, n_jobs=1),
        # Theta's deseasonalisation is multiplicative: only for positive series
        "Theta": lambda: ThetaForecaster(sp=sp, deseasonalize=sp > 1 and positive),
    }


#: models fitted at fewer origins (the slow ones): name -> number of origins
FEWER_ORIGINS = {"AutoESNForecaster()": 3}


def _ar1(n, seed, phi=0.8):
    rng = np.random.default_rng(seed)
    y = np.zeros(n)
    for t in range(1, n):
        y[t] = phi * y[t - 1] + rng.normal()
    return pd.Series(y)


def _noisy_mackey_glass():
    generate, _, _, transient = SYSTEMS["mackey_glass"]
    values = generate(transient + 900)[transient:]
    rng = np.random.default_rng(0)
    return pd.Series(values + NOISE * values.std() * rng.standard_normal(len(values)))


def series_list(quick):
    """(name, y, steps, sp, kind) of every series of the study."""
    out = []
    for name, load, steps, sp in real_series() + more_real_series():
        y = load().astype(float)
        if isinstance(y, pd.DataFrame):
            y = y.iloc[:, 0]
        out.append((name, y, steps, sp, "real"))
    out.append(("ar1 (control)", _ar1(400, 0), 5, 1, "control"))
    out.append(("mackey_glass/noisy (control)", _noisy_mackey_glass(), 50, 1, "control"))
    if quick:
        keep = ("airline", "lynx", "shampoo_sales", "uschange", "ar1 (control)")
        out = [s for s in out if s[0] in keep]
    return out


def origins(y, steps, n_origins):
    """Cut points: the last ``n_origins`` origins, one horizon apart (at least 24 points fitted)."""
    cuts = [len(y) - steps * (k + 1) for k in range(n_origins)]
    return [c for c in cuts if c >= 24]


def intervals(make, train, steps):
    """Lower and upper bounds (len(COVERAGES), steps) of a fresh model; NaN on failure."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model = make().fit(train, fh=np.arange(1, steps + 1))
            frame = model.predict_interval(coverage=list(COVERAGES)).to_numpy(dtype=float)
        except Exception as exc:  # a failed baseline is recorded, not fatal
            print(f"    {make().__class__.__name__} failed: {exc!r}")
            return np.full((len(COVERAGES), steps), np.nan), np.full((len(COVERAGES), steps), np.nan)
    # sktime's columns: (variable, coverage, lower/upper)
    frame = frame.reshape(steps, len(COVERAGES), 2)
    return frame[:, :, 0].T, frame[:, :, 1].T


def run(quick, n_origins, only=None):
    records = []
    for name, y, steps, sp, kind in series_list(quick):
        for model_name, make in models(sp, quick, bool((y > 0).all())).items():
            if only and model_name not in only:
                continue
            count = min(n_origins, FEWER_ORIGINS.get(model_name, n_origins))
            start = time.perf_counter()
            for origin, cut in enumerate(origins(y, steps, count)):
                lower, upper = intervals(make, y[:cut], steps)
                truth = y[cut : cut + steps].to_numpy(dtype=float)
                for k, coverage in enumerate(COVERAGES):
                    records.append(
                        {
                            "series": name,
                            "kind": kind,
                            "model": model_name,
                            "origin": origin,
                            "coverage": coverage,
                            "step": list(range(1, steps + 1)),
                            # NaN where the model failed (left out of the means)
                            "inside": np.where(
                                np.isnan(lower[k]), np.nan, (truth >= lower[k]) & (truth <= upper[k])
                            ).tolist(),
                            "width": (upper[k] - lower[k]).tolist(),
                        }
                    )
            print(f"{name:30s} {model_name:22s} {time.perf_counter() - start:6.1f} s", flush=True)
    return records


def table(records):
    """Coverage per series and model at each nominal level, width relative to AutoETS's."""
    rows = []
    for r in records:
        for step, inside, width in zip(r["step"], r["inside"], r["width"]):
            rows.append({**{k: r[k] for k in ("series", "kind", "model", "origin", "coverage")},
                         "step": step, "inside": inside, "width": width})
    frame = pd.DataFrame(rows).astype({"inside": float, "width": float})
    ets = frame[frame["model"] == "AutoETS"].set_index(["series", "origin", "coverage", "step"])
    frame = frame.join(ets["width"].rename("ets_width"), on=["series", "origin", "coverage", "step"])
    frame["relative_width"] = frame["width"] / frame["ets_width"]
    out = {}
    for coverage in COVERAGES:
        part = frame[frame["coverage"] == coverage]
        cov = part.pivot_table(index="series", columns="model", values="inside", aggfunc="mean",
                               sort=False)
        real = cov.loc[[s for s in cov.index if "(control)" not in s]]
        cov.loc["median over real series"] = real.median()
        cov.loc["mean over real series"] = real.mean()
        cov.loc["mean abs(coverage - nominal) (real)"] = (real - coverage).abs().mean()
        width = part.pivot_table(index="series", columns="model", values="relative_width",
                                 aggfunc="median", sort=False)
        real_w = width.loc[[s for s in width.index if "(control)" not in s]]
        cov.loc["median width / AutoETS (real)"] = real_w.median()
        out[coverage] = cov
    return out


def write(records, command):
    payload = {"command": command, "version": skreservoir.__version__, "records": records}
    (HERE / "forecasting_coverage.json").write_text(json.dumps(payload, indent=1))


def write_tables(records, name="forecasting_coverage"):
    tables = table(records)
    text = []
    for coverage, frame in tables.items():
        print(f"\nnominal {coverage:.0%}:\n{frame.round(3).to_string()}")
        title = (f"Empirical coverage of {coverage:.0%} intervals over rolling origins "
                 "(last row: median width relative to AutoETS's)")
        text.append(rst_table(frame.round(3), title))
    (HERE / f"{name}_table.rst").write_text("\n".join(text))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="five series, 3 origins, budget 8")
    parser.add_argument("--origins", type=int, default=6, help="rolling origins per series")
    parser.add_argument("--tables", action="store_true", help="rewrite the table from the JSON")
    parser.add_argument(
        "--only", nargs="+", help="rerun these models (names as in the table), keep the others' "
        "records of forecasting_coverage.json",
    )
    args = parser.parse_args()
    if args.tables:
        # forecasting_coverage_uncalibrated.json: the same run before the
        # intervals were calibrated (its command says which commit)
        for name in ("forecasting_coverage", "forecasting_coverage_uncalibrated"):
            if (HERE / f"{name}.json").exists():
                records = json.loads((HERE / f"{name}.json").read_text())["records"]
                write_tables(records, name)
        return
    n_origins = 3 if args.quick else args.origins
    records = run(args.quick, n_origins, args.only)
    command = "python benchmarks/forecasting_coverage.py" + (
        " --quick" if args.quick else f" --origins {args.origins}")
    if args.only and not args.quick:
        previous = json.loads((HERE / "forecasting_coverage.json").read_text())
        command, records = rerun_merged(
            previous["command"], previous["records"],
            command + " --only " + " ".join(repr(m) for m in args.only), records, args.only,
        )
    if args.quick:  # printed, not written
        for coverage, frame in table(records).items():
            print(f"\nnominal {coverage:.0%}:\n{frame.round(3).to_string()}")
        return
    write(records, command)
    write_tables(records)


if __name__ == "__main__":
    main()
