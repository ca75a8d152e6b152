"""When LMSReadout's convergence warning fires, and whether it should have.

A user trains ``ESNRegressor(Reservoir(n_units), LMSReadout(), washout=0)``
one row per ``partial_fit`` call for 1200 steps, then predicts the next
300 with the weights frozen (``predict(..., initial_state="fit")``).
Per task, size and seed: the frozen R^2 of LMS, of ``ForceReadout`` (the
remedy the warning names) in the same loop, and of persistence (the
previous target repeated), and whether ``predict`` warned
(:class:`~skreservoir.exceptions.LMSConvergenceWarning`) under the rule
before the persistence check (R^2 of the block below 0.1, or below 0.5
where the a-priori errors were 0.25 better) and with it (also where
repeating the previous target explained ``PERSISTENCE_GAP`` = 0.1 more).

A loop's result is *poor* where LMS's frozen R^2 is 0.1 or more below
the better of FORCE and persistence: a result the user should be told
about. The table counts, per rule, the poor results that warned (hits),
the poor ones that did not (misses) and the good ones that warned (false
alarms).

Tasks: series one step ahead (Mackey-Glass, Lorenz x at h=0.03, a sine,
a noisy AR(1)), further ahead (Mackey-Glass 10 steps, Rossler x 5
steps), and rows with no order (a linear target of i.i.d. features,
``LMSReadout`` alone, where persistence explains nothing; and LMS on five
lags of an AR(2) series, where it converges).

Usage::

    python benchmarks/bench_lms_warning.py   # writes bench_lms_warning.json
"""

import json
import warnings
from pathlib import Path

import numpy as np

STEPS, FROZEN = 1200, 300
UNITS = (100, 300)
SEEDS = (0, 1, 2)


def tasks(seed):
    from skreservoir.datasets import lorenz, mackey_glass, rossler

    rng = np.random.default_rng(seed)
    n = STEPS + FROZEN
    mg = mackey_glass(n + 10)
    lz = lorenz(n + 1, h=0.03)[:, :1]
    rs = rossler(n + 5, h=0.1)[:, :1]
    sine = np.sin(np.arange(n + 1) * 0.1)[:, None]
    ar = np.zeros(n + 1)
    for t in range(1, n + 1):
        ar[t] = 0.9 * ar[t - 1] + rng.standard_normal()
    ar = (ar + 0.3 * rng.standard_normal(n + 1))[:, None]
    ar2 = np.zeros(n + 6)
    for t in range(2, n + 6):
        ar2[t] = 1.6 * ar2[t - 1] - 0.8 * ar2[t - 2] + rng.standard_normal()
    lags = np.column_stack([ar2[k:k + n] for k in range(5)])
    X = rng.standard_normal((n, 5))
    return {
        "mackey_glass_1": ("esn", mg[:n], mg[1:n + 1]),
        "mackey_glass_10": ("esn", mg[:n], mg[10:n + 10]),
        "lorenz_1": ("esn", lz[:-1], lz[1:]),
        "rossler_5": ("esn", rs[:-5], rs[5:]),
        "sine_1": ("esn", sine[:-1], sine[1:]),
        "noisy_ar1_1": ("esn", ar[:-1], ar[1:]),
        "iid_linear": ("readout", X, X @ [1.0, -2.0, 0.5, 0.0, 3.0]
                       + 0.1 * rng.standard_normal(n)),
        "ar2_lags": ("readout", lags, ar2[5:n + 5]),
    }


def loop(kind, readout, X, y, n_units, seed):
    """(frozen R^2, LMSConvergenceWarning issued by predict)."""
    from sklearn.metrics import r2_score

    from skreservoir import ESNRegressor, Reservoir
    from skreservoir.exceptions import LMSConvergenceWarning

    model = (ESNRegressor(Reservoir(n_units, random_state=seed), readout, washout=0)
             if kind == "esn" else readout)
    for t in range(STEPS):
        model.partial_fit(X[t:t + 1], y[t:t + 1])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pred = (model.predict(X[STEPS:], initial_state="fit") if kind == "esn"
                else model.predict(X[STEPS:]))
    warned = any(issubclass(w.category, LMSConvergenceWarning) for w in caught)
    return float(r2_score(y[STEPS:], pred)), warned


def main():
    from sklearn.metrics import r2_score

    import skreservoir.readout._lms as lms
    from skreservoir import ForceReadout, LMSReadout

    gap = lms.PERSISTENCE_GAP
    rows = []
    for seed in SEEDS:
        for task, (kind, X, y) in tasks(seed).items():
            for n_units in (UNITS if kind == "esn" else (0,)):
                warnings.simplefilter("ignore")
                force, _ = loop(kind, ForceReadout(), X, y, n_units, seed)
                lms.PERSISTENCE_GAP = np.inf  # the rule before the persistence check
                r2, warned_before = loop(kind, LMSReadout(), X, y, n_units, seed)
                lms.PERSISTENCE_GAP = gap
                r2_again, warned = loop(kind, LMSReadout(), X, y, n_units, seed)
                assert r2_again == r2
                persistence = float(r2_score(y[STEPS:], y[STEPS - 1:-1]))
                poor = r2 < max(force, persistence) - 0.1
                rows.append({"task": task, "n_units": n_units, "seed": seed,
                             "lms_r2": r2, "force_r2": force, "persistence_r2": persistence,
                             "poor": bool(poor), "warned_before": warned_before,
                             "warned": warned})
                print(f"{task:16s} {n_units:4d} {seed}  LMS {r2:7.3f}  FORCE {force:7.3f}  "
                      f"persistence {persistence:7.3f}  poor {poor!s:5s}  warned "
                      f"before {warned_before!s:5s} now {warned!s:5s}", flush=True)
    summary = {}
    for rule in ("warned_before", "warned"):
        summary[rule] = {
            "hits": sum(r["poor"] and r[rule] for r in rows),
            "misses": sum(r["poor"] and not r[rule] for r in rows),
            "false_alarms": sum(r[rule] and not r["poor"] for r in rows),
            "quiet_and_good": sum(not r["poor"] and not r[rule] for r in rows),
        }
        print(rule, summary[rule])
    out = Path(__file__).with_name("bench_lms_warning.json")
    out.write_text(json.dumps({"persistence_gap": gap, "rows": rows, "summary": summary},
                              indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
