"""Forecasting benchmark on classic chaotic flows that chose none of our defaults.

About thirty chaotic ordinary differential equations written from their
textbook definitions with their standard chaotic parameters (the equations
and the sources are in :data:`FLOWS`), none of them among the systems of
``skreservoir.datasets`` on which the forecasters' defaults were chosen
(Lorenz and Rossler are kept as anchors). Each is integrated with scipy's
``solve_ivp`` (DOP853, rtol 1e-10, atol 1e-12) from a fixed initial
condition.

Sampling rule (it does not look at any forecaster): after a transient of
``2000 * dt`` time units, a run of ``2**16`` steps of the system's fine step
``dt`` gives the power spectrum (Welch, segments of 8192 steps) of every
coordinate, each standardised; the dominant period is the inverse of the
frequency of the highest peak of their sum (the zero frequency left out).
The benchmark series is then sampled ``granularity`` points per dominant
period (30 and 100), starting where the spectral run ended.

Tasks: for each system and granularity, the first coordinate (and, for a
few systems, one other coordinate with an offset or spikes), fit on 1000
points, forecast the next 200 closed loop (``--origins 2``: a second origin
300 points later; the full run has one, to stay under 15 minutes).
Models: ``ESNForecaster()``, ``AutoESNForecaster()``, ``NVARForecaster()``
and sktime's ``NaiveForecaster(strategy="last")`` and ``ThetaForecaster()``.
Scores (the definitions of ``forecasting.py``): sMAPE (%) and NRMSE over
200 steps, blow-up (a forecast not finite or beyond 10 training ranges from
the training range); every warning's class, any exception, seconds.

    python benchmarks/forecasting_flows.py            # everything, writes forecasting_flows.json
    python benchmarks/forecasting_flows.py --quick    # 4 systems, granularity 30, 1 origin
    python benchmarks/forecasting_flows.py --only chen thomas   # some systems (printed only)
    python benchmarks/forecasting_flows.py --tables   # rewrite the table from the JSON
    python benchmarks/forecasting_flows.py --models "ESNForecaster()"  # rerun one, keep the rest
"""

import argparse
import functools
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.integrate import solve_ivp
from scipy.signal import welch

sys.path.insert(0, str(Path(__file__).parent))

from forecasting import (  # noqa: E402
    blew_up,
    nrmse,
    our_models,
    rerun_merged,
    rst_table,
    sktime_models,
    smape,
)

import skreservoir  # noqa: E402

HERE = Path(__file__).parent
N_FIT, N_FORECAST = 1000, 200
GRANULARITIES = (30, 100)
N_ORIGINS, SPACING = 1, 300
SPECTRAL_STEPS, WELCH_SEGMENT, TRANSIENT_STEPS = 2**16, 8192, 2000
DISPLAY = ("display.width", 200, "display.max_rows", 500, "display.max_columns", 20)
TOLERANCES = {"method": "DOP853", "rtol": 1e-10, "atol": 1e-12}


# -- the flows ----------------------------------------------------------------
def _chua_diode(x, m0=-8 / 7, m1=-5 / 7):
    return m1 * x + 0.5 * (m0 - m1) * (abs(x + 1) - abs(x - 1))


#: Lotka-Volterra competition of four species (Vano, Wildenberg, Anderson,
#: Noel and Sprott 2006): growth rates and interaction matrix
_LV_RATES = np.array([1.0, 0.72, 1.53, 1.27])
_LV_MATRIX = np.array(
    [
        [1.0, 1.09, 1.52, 0.0],
        [0.0, 1.0, 0.44, 1.36],
        [2.33, 0.0, 1.0, 0.47],
        [1.21, 0.51, 0.35, 1.0],
    ]
)


def _rossler_pair(t, s, omega1=0.99, omega2=0.95, a=0.15, f=0.2, c=10.0, coupling=0.02):
    x1, y1, z1, x2, y2, z2 = s
    return [
        -omega1 * y1 - z1 + coupling * (x2 - x1),
        omega1 * x1 + a * y1,
        f + z1 * (x1 - c),
        -omega2 * y2 - z2 + coupling * (x1 - x2),
        omega2 * x2 + a * y2,
        f + z2 * (x2 - c),
    ]


#: name -> (right-hand side f(t, s), initial condition, fine step dt, extra
#: coordinates to forecast besides the first {label: index}, source).
#: Parameters are the standard chaotic ones of the source.
FLOWS = {
    "lorenz": (
        lambda t, s: [10 * (s[1] - s[0]), s[0] * (28 - s[2]) - s[1], s[0] * s[1] - 8 / 3 * s[2]],
        [1.0, 1.0, 1.0], 0.01, {"z (offset)": 2}, "Lorenz 1963, sigma=10, rho=28, beta=8/3",
    ),
    "rossler": (
        lambda t, s: [-s[1] - s[2], s[0] + 0.2 * s[1], 0.2 + s[2] * (s[0] - 5.7)],
        [1.0, 1.0, 0.0], 0.05, {"z (spiky, positive)": 2}, "Rossler 1976, a=b=0.2, c=5.7",
    ),
    "chen": (
        lambda t, s: [35 * (s[1] - s[0]), -7 * s[0] - s[0] * s[2] + 28 * s[1],
                      s[0] * s[1] - 3 * s[2]],
        [-10.0, 0.0, 37.0], 0.002, {}, "Chen and Ueta 1999, a=35, b=3, c=28",
    ),
    "lu": (
        lambda t, s: [36 * (s[1] - s[0]), -s[0] * s[2] + 20 * s[1], s[0] * s[1] - 3 * s[2]],
        [1.0, 1.0, 1.0], 0.005, {}, "Lu and Chen 2002, a=36, b=3, c=20",
    ),
    "chua": (
        lambda t, s: [15.6 * (s[1] - s[0] - _chua_diode(s[0])), s[0] - s[1] + s[2], -28 * s[1]],
        [0.7, 0.0, 0.0], 0.01, {}, "Chua's circuit (Matsumoto 1984), alpha=15.6, beta=28, "
        "m0=-8/7, m1=-5/7",
    ),
    "thomas": (
        lambda t, s: [np.sin(s[1]) - 0.208186 * s[0], np.sin(s[2]) - 0.208186 * s[1],
                      np.sin(s[0]) - 0.208186 * s[2]],
        [0.1, 0.0, 0.0], 0.1, {}, "Thomas 1999, b=0.208186",
    ),
    "halvorsen": (
        lambda t, s: [-1.89 * s[0] - 4 * s[1] - 4 * s[2] - s[1] ** 2,
                      -1.89 * s[1] - 4 * s[2] - 4 * s[0] - s[2] ** 2,
                      -1.89 * s[2] - 4 * s[0] - 4 * s[1] - s[0] ** 2],
        [-5.0, 0.0, 0.0], 0.005, {}, "Halvorsen (Sprott 2010), a=1.89",
    ),
    "aizawa": (
        lambda t, s: [(s[2] - 0.7) * s[0] - 3.5 * s[1], 3.5 * s[0] + (s[2] - 0.7) * s[1],
                      0.6 + 0.95 * s[2] - s[2] ** 3 / 3 - (s[0] ** 2 + s[1] ** 2)
                      * (1 + 0.25 * s[2]) + 0.1 * s[2] * s[0] ** 3],
        [0.1, 0.0, 0.0], 0.01, {}, "Aizawa 1982, a=0.95, b=0.7, c=0.6, d=3.5, e=0.25, f=0.1",
    ),
    "arneodo": (
        lambda t, s: [s[1], s[2], 5.5 * s[0] - 3.5 * s[1] - s[2] - s[0] ** 3],
        [0.2, 0.2, 0.2], 0.02, {}, "Arneodo, Coullet and Tresser 1981, a=-5.5, b=3.5, c=1, d=-1",
    ),
    "genesio_tesi": (
        lambda t, s: [s[1], s[2], -s[0] - 1.1 * s[1] - 0.44 * s[2] + s[0] ** 2],
        [0.1, 0.1, 0.1], 0.05, {}, "Genesio and Tesi 1992, a=0.44, b=1.1, c=1",
    ),
    "nose_hoover": (
        lambda t, s: [s[1], -s[0] + s[1] * s[2], 1 - s[1] ** 2],
        [0.0, 5.0, 0.0], 0.02, {}, "Nose-Hoover oscillator (Sprott A, Posch, Hoover and "
        "Vesely 1986)",
    ),
    "rucklidge": (
        lambda t, s: [-2 * s[0] + 6.7 * s[1] - s[1] * s[2], s[0], -s[2] + s[1] ** 2],
        [1.0, 0.0, 4.5], 0.02, {}, "Rucklidge 1992, kappa=2, lambda=6.7",
    ),
    "sprott_b": (
        lambda t, s: [s[1] * s[2], s[0] - s[1], 1 - s[0] * s[1]],
        [0.1, 0.1, 0.1], 0.05, {}, "Sprott 1994, case B",
    ),
    "sprott_c": (
        lambda t, s: [s[1] * s[2], s[0] - s[1], 1 - s[0] ** 2],
        [0.1, 0.1, 0.1], 0.05, {}, "Sprott 1994, case C",
    ),
    "sprott_d": (
        lambda t, s: [-s[1], s[0] + s[2], s[0] * s[2] + 3 * s[1] ** 2],
        [0.1, 0.1, 0.1], 0.05, {}, "Sprott 1994, case D",
    ),
    "sprott_e": (
        lambda t, s: [s[1] * s[2], s[0] ** 2 - s[1], 1 - 4 * s[0]],
        [0.1, 0.1, 0.1], 0.05, {}, "Sprott 1994, case E",
    ),
    "sprott_f": (
        lambda t, s: [s[1] + s[2], -s[0] + 0.5 * s[1], s[0] ** 2 - s[2]],
        [0.1, 0.1, 0.1], 0.05, {}, "Sprott 1994, case F",
    ),
    "sprott_g": (
        lambda t, s: [0.4 * s[0] + s[2], s[0] * s[2] - s[1], -s[0] + s[1]],
        [0.1, 0.1, 0.1], 0.05, {}, "Sprott 1994, case G",
    ),
    "sprott_h": (
        lambda t, s: [-s[1] + s[2] ** 2, s[0] + 0.5 * s[1], s[0] - s[2]],
        [0.1, 0.1, 0.1], 0.05, {}, "Sprott 1994, case H",
    ),
    "sprott_m": (
        lambda t, s: [-s[2], -s[0] ** 2 - s[1], 1.7 + 1.7 * s[0] + s[1]],
        [0.1, 0.1, 0.1], 0.05, {}, "Sprott 1994, case M",
    ),
    "rikitake": (
        lambda t, s: [-2 * s[0] + s[2] * s[1], -2 * s[1] + (s[2] - 5) * s[0], 1 - s[0] * s[1]],
        [1.0, 0.0, 2.0], 0.02, {}, "Rikitake two-disk dynamo (Cook and Roberts 1970), mu=2, a=5",
    ),
    "shimizu_morioka": (
        lambda t, s: [s[1], s[0] - 0.75 * s[1] - s[0] * s[2], -0.45 * s[2] + s[0] ** 2],
        [0.1, 0.0, 0.0], 0.05, {}, "Shimizu and Morioka 1980, lambda=0.75, alpha=0.45",
    ),
    "hindmarsh_rose": (
        lambda t, s: [s[1] - s[0] ** 3 + 3 * s[0] ** 2 - s[2] + 3.25,
                      1 - 5 * s[0] ** 2 - s[1],
                      0.005 * (4 * (s[0] + 1.6) - s[2])],
        [-1.6, -10.0, 2.0], 0.05, {}, "Hindmarsh and Rose 1984, a=1, b=3, c=1, d=5, s=4, "
        "x_R=-1.6, r=0.005, I=3.25 (chaotic bursting; spiky)",
    ),
    "duffing": (
        lambda t, s: [s[1], -0.3 * s[1] + s[0] - s[0] ** 3 + 0.5 * np.cos(s[2]), 1.2],
        [1.0, 0.0, 0.0], 0.02, {}, "Forced Duffing (Guckenheimer and Holmes 1983), "
        "x'' + 0.3x' - x + x^3 = 0.5cos(1.2t), phase as a third variable",
    ),
    "lorenz84": (
        lambda t, s: [-s[1] ** 2 - s[2] ** 2 - 0.25 * s[0] + 0.25 * 8,
                      s[0] * s[1] - 4 * s[0] * s[2] - s[1] + 1,
                      4 * s[0] * s[1] + s[0] * s[2] - s[2]],
        [1.0, 1.0, 1.0], 0.02, {}, "Lorenz 1984, a=0.25, b=4, F=8, G=1",
    ),
    "burke_shaw": (
        lambda t, s: [-10 * (s[0] + s[1]), -s[1] - 10 * s[0] * s[2], 10 * s[0] * s[1] + 4.272],
        [1.0, 0.0, 0.0], 0.005, {}, "Burke-Shaw (Shaw 1981), s=10, v=4.272",
    ),
    "moore_spiegel": (
        lambda t, s: [s[1], s[2], -s[2] - (6 - 20 + 20 * s[0] ** 2) * s[1] - 6 * s[0]],
        [0.1, 0.0, 0.0], 0.02, {}, "Moore and Spiegel 1966, T=6, R=20",
    ),
    "rossler_hyperchaos": (
        lambda t, s: [-s[1] - s[2], s[0] + 0.25 * s[1] + s[3], 3 + s[0] * s[2],
                      -0.5 * s[2] + 0.05 * s[3]],
        [-10.0, -6.0, 0.0, 10.0], 0.05, {}, "Rossler 1979 hyperchaos, a=0.25, b=3, c=0.5, d=0.05",
    ),
    "coupled_rossler": (
        _rossler_pair, [1.0, 0.0, 0.0, 0.0, 1.0, 0.0], 0.05, {},
        "two coupled Rossler oscillators (Rosenblum, Pikovsky and Kurths 1996), "
        "omega=0.99, 0.95, a=0.15, f=0.2, c=10, coupling 0.02",
    ),
    "lotka_volterra4": (
        lambda t, s: _LV_RATES * s * (1 - _LV_MATRIX @ s),
        [0.3, 0.4, 0.3, 0.4], 0.5, {}, "four competing species (Vano et al. 2006; "
        "positive, offset)",
    ),
}

QUICK_FLOWS = ("chen", "thomas", "hindmarsh_rose", "lotka_volterra4")


# -- integration and sampling -------------------------------------------------
def integrate(rhs, state, step, n_steps):
    """``n_steps`` samples ``step`` apart from ``state`` (the first sample is ``state``)."""
    times = step * np.arange(n_steps)
    solution = solve_ivp(rhs, (0.0, times[-1]), state, t_eval=times, **TOLERANCES)
    if not solution.success:
        raise RuntimeError(f"solve_ivp failed: {solution.message}")
    return solution.y.T


def dominant_period(run, dt):
    """The period at the peak of f S(f), S the summed spectra of the standardised coordinates.

    ``f S(f)`` is the variance per logarithmic frequency band: its peak is the
    oscillation of the attractor, where the peak of ``S`` alone can fall on
    the broadband low frequencies of irregular switching (Sprott C's lobes,
    Hindmarsh-Rose's bursts). Each Welch segment is detrended linearly (the
    forced Duffing oscillator's phase grows linearly).
    """
    scaled = (run - run.mean(axis=0)) / (run.std(axis=0) + 1e-300)
    frequencies, power = welch(
        scaled, fs=1 / dt, nperseg=WELCH_SEGMENT, detrend="linear", axis=0
    )
    weighted = frequencies * power.sum(axis=1)
    return 1.0 / frequencies[np.argmax(weighted)]


@functools.lru_cache(maxsize=None)
def attractor(name):
    """A state on the flow's attractor (after the transient and the spectral run), its period."""
    rhs, initial, dt, _, _ = FLOWS[name]
    start = integrate(rhs, np.asarray(initial, dtype=float), dt, TRANSIENT_STEPS)[-1]
    spectral = integrate(rhs, start, dt, SPECTRAL_STEPS)
    return spectral[-1], dominant_period(spectral, dt)


def flow_series(name, granularity, n_points):
    """The sampled series of a flow (all coordinates), its step and dominant period."""
    state, period = attractor(name)
    step = period / granularity
    return integrate(FLOWS[name][0], state, step, n_points), step, period


def largest_lyapunov(name, n_periods=50, distance=1e-8):
    """A crude largest Lyapunov exponent (per time unit): two nearby trajectories.

    The separation is renormalised to ``distance`` after every dominant
    period (Benettin's method); a check that the parameters are chaotic
    (a value near 0 is a periodic or quasi-periodic orbit), not a
    published figure.
    """
    rhs = FLOWS[name][0]
    state, period = attractor(name)
    other = state + distance / np.sqrt(len(state))
    total = 0.0
    for _ in range(n_periods):
        state = solve_ivp(rhs, (0.0, period), state, **TOLERANCES).y[:, -1]
        other = solve_ivp(rhs, (0.0, period), other, **TOLERANCES).y[:, -1]
        separation = np.linalg.norm(other - state)
        total += np.log(separation / distance)
        other = state + (other - state) * distance / separation
    return total / (n_periods * period)


# -- runs ---------------------------------------------------------------------
def models():
    """The compared forecasters: ours at their defaults, sktime's two references."""
    ours = our_models()
    theirs = sktime_models(1, quick=True)
    return {
        "ESNForecaster()": ours["ESNForecaster()"],
        "AutoESNForecaster()": ours["AutoESNForecaster()"],
        "NVARForecaster()": ours["NVARForecaster()"],
        "Naive(last)": theirs["naive"],
        "Theta": theirs["theta"],
    }


def forecast_record(make, train, steps):
    """Fit a fresh model and forecast ``steps``: values, seconds, warning classes, exception."""
    start = time.perf_counter()
    error = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = make()
            model.fit(train, fh=np.arange(1, steps + 1))
            values = model.predict().to_numpy(dtype=np.float64).ravel()
        except Exception as exc:  # recorded: an exception is a finding
            error = f"{type(exc).__name__}: {exc}"
            values = np.full(steps, np.nan)
    names = sorted({f"{w.category.__module__}.{w.category.__name__}" for w in caught})
    return values, time.perf_counter() - start, names, error


def tasks(flows, granularities, n_origins):
    """(system, coordinate, granularity, origin, train Series, test array, meta) of every task."""
    for name in flows:
        coordinates = {"x (first)": 0, **FLOWS[name][3]}
        for granularity in granularities:
            total = N_FIT + N_FORECAST + SPACING * (n_origins - 1)
            series, step, period = flow_series(name, granularity, total)
            meta = {"step": step, "period": period}
            for label, index in coordinates.items():
                values = series[:, index]
                for origin in range(n_origins):
                    begin = origin * SPACING
                    train = pd.Series(values[begin : begin + N_FIT])
                    test = values[begin + N_FIT : begin + N_FIT + N_FORECAST]
                    yield name, label, granularity, origin, train, test, meta


def describe(train):
    """What a series looks like: offset and spikiness, in units of its spread."""
    values = train.to_numpy()
    spread = values.std()
    centred = values - values.mean()
    return {
        "mean_over_std": float(values.mean() / spread),
        "min": float(values.min()),
        "max": float(values.max()),
        "positive_only": bool(values.min() > 0),
        "kurtosis": float(np.mean(centred**4) / spread**4),
        # fraction of the range covered by one step, 99th percentile
        "step_over_range": float(np.quantile(np.abs(np.diff(values)), 0.99) / np.ptp(values)),
    }


def run(flows, granularities, n_origins, only=None):
    records = []
    compared = {k: v for k, v in models().items() if not only or k in only}
    for name, label, granularity, origin, train, test, meta in tasks(
        flows, granularities, n_origins
    ):
        shape = describe(train)
        for model, make in compared.items():
            values, seconds, caught, error = forecast_record(make, train, N_FORECAST)
            record = {
                "system": name,
                "coordinate": label,
                "granularity": granularity,
                "origin": origin,
                "model": model,
                "smape@200": smape(test, values),
                "nrmse@200": nrmse(test, values, train.to_numpy()),
                "blow_up": blew_up(values, train.to_numpy()),
                "non_finite": bool(not np.all(np.isfinite(values))),
                "max_abs_over_range": float(
                    np.nanmax(np.abs(values - np.median(train))) / np.ptp(train)
                )
                if np.any(np.isfinite(values))
                else None,
                "warnings": caught,
                "error": error,
                "seconds": seconds,
                **meta,
                **shape,
            }
            records.append(record)
            print(
                f"  {name:18s} {label:20s} g{granularity:<3d} o{origin} {model:20s} "
                f"smape={record['smape@200']:7.2f} blow_up={record['blow_up']!s:5s} "
                f"{seconds:5.2f}s {','.join(w.rsplit('.', 1)[1] for w in caught)}"
                + (f" ERROR {error}" if error else ""),
                flush=True,
            )
    return records


def advice_study():
    """The remedies ForecastDivergenceWarning names, on the tasks where ESNForecaster() diverged.

    For every task of ``forecasting_flows.json`` whose ``ESNForecaster()``
    loop was held at the guard's bounds, ``ESNForecaster`` again with each
    remedy the warning names: a larger ``alpha`` (1e-6, 1e-3, 1), the
    default reservoir with half its ``spectral_radius`` or half its
    ``input_scaling``. Writes ``forecasting_flows_advice.json``: per remedy,
    how many loops still diverged and the median sMAPE.
    """
    from skreservoir.forecasting import ESNForecaster
    from skreservoir.forecasting._models import DEFAULT_RESERVOIR

    def esn(**changes):
        reservoir = {k: v for k, v in changes.items() if k != "alpha"}
        alpha = changes.get("alpha", "auto")
        return lambda: ESNForecaster(
            skreservoir.Reservoir(**{**DEFAULT_RESERVOIR, **reservoir}, random_state=0)
            if reservoir
            else None,
            alpha=alpha,
            random_state=0,
        )

    remedies = {
        "default": esn(),
        "alpha=1e-6": esn(alpha=1e-6),
        "alpha=1e-3": esn(alpha=1e-3),
        "alpha=1": esn(alpha=1.0),
        "spectral_radius/2": esn(spectral_radius=DEFAULT_RESERVOIR["spectral_radius"] / 2),
        "input_scaling/2": esn(input_scaling=DEFAULT_RESERVOIR["input_scaling"] / 2),
    }
    records = json.loads((HERE / "forecasting_flows.json").read_text())["records"]
    held = {
        (r["system"], r["coordinate"], r["granularity"], r["origin"])
        for r in records
        if r["model"] == "ESNForecaster()"
        and any(w.endswith("ForecastDivergenceWarning") for w in r["warnings"])
    }
    systems = sorted({key[0] for key in held})
    out = []
    for name, label, granularity, origin, train, test, _ in tasks(systems, GRANULARITIES, 1):
        if (name, label, granularity, origin) not in held:
            continue
        for remedy, make in remedies.items():
            values, seconds, caught, error = forecast_record(make, train, N_FORECAST)
            out.append(
                {
                    "task": f"{name} {label.split()[0]} g{granularity}",
                    "remedy": remedy,
                    "smape@200": smape(test, values),
                    "held": any(w.endswith("ForecastDivergenceWarning") for w in caught),
                    "blow_up": blew_up(values, train.to_numpy()),
                    "error": error,
                }
            )
            print(f"  {out[-1]['task']:24s} {remedy:18s} smape={out[-1]['smape@200']:7.2f} "
                  f"held={out[-1]['held']}", flush=True)
    frame = pd.DataFrame(out)
    summary = frame.groupby("remedy", sort=False).agg(
        held=("held", "sum"), median_smape=("smape@200", "median"), tasks=("held", "size")
    )
    print(summary)
    (HERE / "forecasting_flows_advice.json").write_text(
        json.dumps(
            {
                "command": "python benchmarks/forecasting_flows.py --advice",
                "summary": summary.reset_index().to_dict(orient="records"),
                "records": out,
            },
            indent=1,
        )
    )


# -- tables -------------------------------------------------------------------
def tables(records):
    """Median sMAPE per system (granularity, coordinate) and model; medians and counts."""
    frame = pd.DataFrame(records)
    frame["task"] = (
        frame.system + " " + frame.coordinate.str.split().str[0] + " g" + frame.granularity.astype(str)
    )
    seen = list(dict.fromkeys(frame.model))
    # the columns in models()'s order, whatever order --models reruns left the records in
    order = [m for m in models() if m in seen] + [m for m in seen if m not in models()]
    table = frame.pivot_table(
        index="task", columns="model", values="smape@200", aggfunc="median", sort=False
    )[order]
    rows = {"median over all": frame.groupby("model")["smape@200"].median()}
    for granularity in sorted(set(frame.granularity)):
        part = frame[frame.granularity == granularity]
        rows[f"median, granularity {granularity}"] = part.groupby("model")["smape@200"].median()
    first = frame[frame.coordinate.str.startswith("x")]
    rows["median, first coordinate"] = first.groupby("model")["smape@200"].median()
    rows["blow-ups"] = frame.groupby("model")["blow_up"].sum()
    rows["errors"] = frame.groupby("model")["error"].count()
    rows["forecasts with a warning"] = frame.groupby("model")["warnings"].apply(
        lambda w: sum(bool(x) for x in w)
    )
    rows["median seconds"] = frame.groupby("model")["seconds"].median()
    for label, row in rows.items():
        table.loc[label] = row[order]
    return table


def analysis(frame):
    """Per model: how often each warning class came, and sMAPE with and without a diverged loop.

    ``held``: the closed loop left the divergence guard's bounds (a
    ``ForecastDivergenceWarning``) and was held there; ``offset``: series
    whose mean is more than 2 standard deviations from 0 (sMAPE divides by
    the level: it scores them lower); ``kurtosis > 6``: spiky series.
    """
    frame = frame.copy()
    frame["held"] = frame.warnings.apply(
        lambda w: any(n.endswith("ForecastDivergenceWarning") for n in w)
    )
    frame["offset"] = frame.mean_over_std.abs() > 2
    frame["spiky"] = frame["kurtosis"] > 6
    exponents = HERE / "forecasting_flows_lyapunov.json"
    frame["lyapunov_times"] = np.nan
    if exponents.exists():  # the horizon's length in Lyapunov times (--lyapunov)
        flows = json.loads(exponents.read_text())["flows"]
        frame["lyapunov_times"] = [
            N_FORECAST * r.step * flows[r.system]["largest_lyapunov"] if r.system in flows
            else np.nan
            for r in frame.itertuples()
        ]
    out = {}
    for model, part in frame.groupby("model", sort=False):
        counts = pd.Series([n for w in part.warnings for n in w]).value_counts()
        out[model] = {
            "warnings": {k: int(v) for k, v in counts.items()},
            "n_tasks": int(len(part)),
            "n_held": int(part.held.sum()),
            "median_smape_held": float(part[part.held]["smape@200"].median()),
            "median_smape_not_held": float(part[~part.held]["smape@200"].median()),
            "median_smape_offset": float(part[part.offset]["smape@200"].median()),
            "median_smape_not_offset": float(part[~part.offset]["smape@200"].median()),
            "median_smape_spiky": float(part[part.spiky]["smape@200"].median()),
            "median_smape_horizon_le_3_lyapunov_times": float(
                part[part.lyapunov_times <= 3]["smape@200"].median()
            ),
            "median_smape_horizon_gt_3_lyapunov_times": float(
                part[part.lyapunov_times > 3]["smape@200"].median()
            ),
            "max_abs_over_range": float(part.max_abs_over_range.max()),
            "systems_held": sorted(
                {f"{r.system} {r.coordinate.split()[0]} g{r.granularity}"
                 for r in part[part.held].itertuples()}
            ),
        }
    out["n_tasks_horizon_le_3_lyapunov_times"] = int((frame.lyapunov_times <= 3).sum() / len(
        set(frame.model)
    ))
    out["offset_tasks"] = sorted(
        {f"{r.system} {r.coordinate.split()[0]}" for r in frame[frame.offset].itertuples()}
    )
    out["spiky_tasks"] = sorted(
        {f"{r.system} {r.coordinate.split()[0]}" for r in frame[frame.spiky].itertuples()}
    )
    return out


def write(records, command):
    table = tables(records)
    with pd.option_context(*DISPLAY):
        print(table.round(2))
    frame = pd.DataFrame(records)
    meta = {
        "command": command,
        "n_fit": N_FIT,
        "n_forecast": N_FORECAST,
        "origins_apart": SPACING,
        "sampling_rule": f"granularity points per dominant period; spectrum of {SPECTRAL_STEPS} "
        f"steps of dt after {TRANSIENT_STEPS} transient steps, Welch segments {WELCH_SEGMENT}",
        "tolerances": TOLERANCES,
        "skreservoir_config": {"compiled": skreservoir.get_config()["compiled"]},
        "flows": {
            name: {"dt": spec[2], "initial": spec[1], "source": spec[4]}
            for name, spec in FLOWS.items()
            if name in set(frame.system)
        },
        "summary": {
            "median_smape": frame.groupby("model")["smape@200"].median().to_dict(),
            "blow_ups": frame.groupby("model")["blow_up"].sum().astype(int).to_dict(),
            "errors": frame.groupby("model")["error"].count().astype(int).to_dict(),
        },
        "analysis": analysis(frame),
    }
    (HERE / "forecasting_flows.json").write_text(
        json.dumps({"meta": meta, "records": records}, indent=1)
    )
    title = (
        "Chaotic flows (fit 1000, forecast 200, median over origins): sMAPE (%) over 200 steps"
    )
    (HERE / "forecasting_flows_table.rst").write_text(rst_table(table.round(1), title))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="4 systems, granularity 30, 1 origin")
    parser.add_argument("--only", nargs="+", choices=sorted(FLOWS), help="these systems only")
    parser.add_argument("--tables", action="store_true", help="rewrite the table from the JSON")
    parser.add_argument(
        "--models", nargs="+", choices=list(models()),
        help="rerun these models on every task, keep the others' records of the JSON",
    )
    parser.add_argument("--origins", type=int, default=N_ORIGINS, help="origins per series")
    parser.add_argument(
        "--lyapunov",
        action="store_true",
        help="crude largest Lyapunov exponents and periods (forecasting_flows_lyapunov.json)",
    )
    parser.add_argument(
        "--advice",
        action="store_true",
        help="the remedies ForecastDivergenceWarning names, on ESNForecaster()'s held "
        "loops (forecasting_flows_advice.json)",
    )
    args = parser.parse_args()
    if args.advice:
        skreservoir.set_config(compiled=False)
        advice_study()
        return
    if args.lyapunov:
        exponents = {}
        for name in args.only or FLOWS:
            exponent, period = largest_lyapunov(name), attractor(name)[1]
            exponents[name] = {
                "largest_lyapunov": exponent,
                "period": period,
                "lyapunov_times_per_period": exponent * period,
            }
            print(f"  {name:20s} period={period:8.3f} lyapunov={exponent:.4f}", flush=True)
        (HERE / "forecasting_flows_lyapunov.json").write_text(
            json.dumps({"command": " ".join(["python", *sys.argv]), "flows": exponents}, indent=1)
        )
        return
    if args.tables:
        payload = json.loads((HERE / "forecasting_flows.json").read_text())
        write(payload["records"], payload["meta"]["command"])
        return
    # numba's threaded kernels compete badly on a shared 2-core machine; the
    # numpy recurrence is what the other forecasting benchmarks time too
    skreservoir.set_config(compiled=False)
    flows = args.only or (QUICK_FLOWS if args.quick else list(FLOWS))
    granularities = GRANULARITIES[:1] if args.quick else GRANULARITIES
    records = run(flows, granularities, 1 if args.quick else args.origins, args.models)
    if args.quick or args.only:  # printed, the full run's JSON kept
        with pd.option_context(*DISPLAY):
            print(tables(records).round(2))
        return
    command = " ".join(["python benchmarks/forecasting_flows.py", *sys.argv[1:]])
    if args.models:
        previous = json.loads((HERE / "forecasting_flows.json").read_text())
        command, records = rerun_merged(
            previous["meta"]["command"], previous["records"], command, records, args.models
        )
    write(records, command)


if __name__ == "__main__":
    main()
