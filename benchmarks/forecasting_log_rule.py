"""``log="auto"``: the slope of spread on level, with and without its t-statistic.

The forecasters take the log of a strictly positive series when its local
spread grows with its local level: the slope of log(std) on log(mean) over
consecutive windows (a season, or a tenth of the series) of at least
``LOG_SLOPE`` = 0.5. On a stationary series the windows' levels barely
move, and that slope is noise: a user battery found the log taken on an
additive monthly season about 10 with constant noise in about half the
draws, and its 90 % intervals then following the season's level (covering
0.6 at the troughs). The rule now also asks the slope's t-statistic over
the windows to be at least ``LOG_T`` = 2.

This compares the two rules (``slope``: the slope alone; ``slope_t``: the
slope and its t-statistic):

- **decisions** on synthetic series of 60, 150 and 500 monthly points, 40
  draws each: white noise, an AR(1) at 0.5 and an additive season, all about
  10, and an additive trend (none of them should be logged); a geometric
  random walk, a trend with proportional noise and a multiplicative season on
  a trend (all should be);
- **forecasts** of ``ESNForecaster()`` on the synthetic draws of 150 points
  whose decision the rules differ on: mean squared error of the 20-step
  forecast against the noiseless continuation, and the exact coverage of
  the 90 % intervals (the noise is known);
- **real series** (those of ``forecasting.py``, its ``--more-real`` ones
  and statsmodels' four), at the last four origins of each: the decisions,
  and MASE of ``ESNForecaster()`` where they differ.

Writes ``forecasting_log_rule.json``::

    python benchmarks/forecasting_log_rule.py           # about 5 minutes
    python benchmarks/forecasting_log_rule.py --quick   # decisions only
"""

import argparse
import json
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

sys.path.insert(0, str(Path(__file__).parent))
from forecasting import (  # noqa: E402
    mase,
    more_real_series,
    real_series,
    real_tasks,
    statsmodels_series,  # noqa: E402
)

from skreservoir.forecasting import (
    ESNForecaster,  # noqa: E402
    _transform,  # noqa: E402
)

RULES = {"slope": -np.inf, "slope_t": 2.0}  # the LOG_T of each rule
HORIZON = 20
NOISE = {"white_noise": 1.0, "ar1": 1.0, "additive_season": 1.0, "additive_trend": 2.0}


def synthetic(kind, n, seed):
    """``(y, noiseless continuation of HORIZON steps or None)`` of one draw."""
    rng = np.random.default_rng(seed)
    t = np.arange(n + HORIZON)
    if kind == "white_noise":
        clean = np.full(n + HORIZON, 10.0)
        return clean[:n] + rng.normal(0, 1, n), clean[n:]
    if kind == "ar1":
        x = np.zeros(n)
        for i in range(1, n):
            x[i] = 0.5 * x[i - 1] + rng.normal()
        return 10 + x, None
    if kind == "additive_season":
        clean = 10 + 3 * np.sin(2 * np.pi * t / 12) + 2 * np.cos(4 * np.pi * t / 12)
        return clean[:n] + rng.normal(0, 1, n), clean[n:]
    if kind == "additive_trend":
        clean = 10 + 0.5 * t
        return clean[:n] + rng.normal(0, 2, n), clean[n:]
    if kind == "geometric_walk":
        return np.exp(3 + np.cumsum(rng.normal(0.01, 0.05, n))), None
    if kind == "proportional_noise_trend":
        return (10 + 0.5 * t[:n]) * np.exp(rng.normal(0, 0.1, n)), None
    if kind == "multiplicative_season_trend":
        return ((10 + 0.5 * t[:n]) * (1 + 0.3 * np.sin(2 * np.pi * t[:n] / 12))
                * np.exp(rng.normal(0, 0.05, n))), None
    raise ValueError(kind)


KINDS = {"white_noise": False, "ar1": False, "additive_season": False,
         "additive_trend": False, "geometric_walk": True, "proportional_noise_trend": True,
         "multiplicative_season_trend": True}


@contextmanager
def rule_of(rule):
    """The log rule ``rule`` (its ``LOG_T``) for the ``with`` block."""
    _transform.LOG_T = RULES[rule]
    try:
        yield
    finally:
        _transform.LOG_T = RULES["slope_t"]


def decision(y, rule):
    with rule_of(rule):
        return bool(_transform.TargetTransform().fit(y.to_numpy()[:, None], y.index).log_[0])


def forecast(y, rule, coverage=False):
    with rule_of(rule):
        forecaster = ESNForecaster(random_state=0).fit(y, fh=range(1, HORIZON + 1))
        point = forecaster.predict().to_numpy()
        interval = forecaster.predict_interval(coverage=0.9).to_numpy() if coverage else None
        return point, interval


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--draws", type=int, default=40)
    parser.add_argument("--output", type=Path,
                        default=Path(__file__).with_name("forecasting_log_rule.json"))
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    out = {"decisions": [], "synthetic_forecasts": [], "real": []}
    print("share of draws logged, per rule")
    print(f"{'kind':>28} {'n':>4} {'should':>6} " + " ".join(f"{r:>8}" for r in RULES))
    for kind, should in KINDS.items():
        for n in (60, 150, 500):
            logged = {rule: 0 for rule in RULES}
            for seed in range(args.draws):
                values, clean = synthetic(kind, n, seed)
                y = pd.Series(values, index=pd.period_range("2000-01", periods=n, freq="M"))
                found = {rule: decision(y, rule) for rule in RULES}
                for rule in RULES:
                    logged[rule] += found[rule]
                if (not args.quick and n == 150 and clean is not None
                        and len(set(found.values())) > 1):
                    row = {"kind": kind, "seed": seed}
                    for rule in RULES:
                        point, interval = forecast(y, rule, coverage=True)
                        sd = NOISE[kind]
                        row[f"mse {rule}"] = float(np.mean((point - clean) ** 2))
                        row[f"coverage {rule}"] = float(np.mean(
                            stats.norm.cdf(interval[:, 1], clean, sd)
                            - stats.norm.cdf(interval[:, 0], clean, sd)))
                        row[f"min coverage {rule}"] = float(np.min(
                            stats.norm.cdf(interval[:, 1], clean, sd)
                            - stats.norm.cdf(interval[:, 0], clean, sd)))
                    out["synthetic_forecasts"].append(row)
            shares = {rule: logged[rule] / args.draws for rule in RULES}
            out["decisions"].append({"kind": kind, "n": n, "should_log": should, **shares})
            print(f"{kind:>28} {n:>4} {str(should):>6} "
                  + " ".join(f"{shares[r]:8.2f}" for r in RULES))
    if out["synthetic_forecasts"]:
        print("\nESNForecaster() where the rules differ (150 points; mean over draws)")
        frame = pd.DataFrame(out["synthetic_forecasts"])
        print(frame.groupby("kind").agg(["mean", "count"]).iloc[:, 2:].round(3).to_string())
    series = real_series() + more_real_series() + statsmodels_series()
    print("\nreal series: origins where the rules differ")
    for name, origin, train, test, steps, _ in real_tasks(4, series):
        train = train.dropna()
        if not np.all(train.to_numpy() > 0):
            continue
        found = {rule: decision(train, rule) for rule in RULES}
        row = {"task": name, "origin": origin, **{f"log {r}": found[r] for r in RULES}}
        if not args.quick and len(set(found.values())) > 1:
            for rule in RULES:
                with rule_of(rule):
                    made = ESNForecaster(random_state=0).fit(train, fh=range(1, steps + 1))
                    row[f"mase {rule}"] = mase(test, made.predict().to_numpy(), train.to_numpy())
            print(row)
        out["real"].append(row)
    differ = [r for r in out["real"] if r["log slope"] != r["log slope_t"]]
    print(f"{len(differ)} of {len(out['real'])} real origins decided differently")
    args.output.write_text(json.dumps(out, indent=1))
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
