"""ForceReadout's default ``alpha`` (P0 = I / alpha), chosen on online tasks.

One-row ``partial_fit`` calls with ``return_predictions=True`` (the output
before each update, FORCE's error signal), as a user trains FORCE one step
at a time; per task, reservoir and ``alpha``, the NRMSE of those predictions
over the last 200 of 1500 steps. Tasks: Mackey-Glass 10 steps ahead, Lorenz
(x, 1 step at h=0.03), Rossler (x, 5 steps at h=0.1); reservoirs: the
default ``Reservoir(100)`` and ReservoirPy's tutorial one (leak 0.3,
spectral radius 1.25). The default is the ``alpha`` with the best median
rank; ReservoirPy's ``RLS`` defaults to 1e-6.

Usage::

    python benchmarks/bench_force_alpha.py   # writes bench_force_alpha.json
"""

import json
import warnings
from pathlib import Path

import numpy as np

ALPHAS = (1.0, 1e-2, 1e-4, 1e-6, 1e-8)
STEPS, SCORED = 1500, 200


def tasks():
    from skreservoir.datasets import lorenz, mackey_glass, rossler

    mg = mackey_glass(STEPS + 10)
    lz = lorenz(STEPS + 1, h=0.03)[:, :1]
    rs = rossler(STEPS + 5, h=0.1)[:, :1]
    return {"mackey_glass_10": (mg[:-10], mg[10:]), "lorenz_1": (lz[:-1], lz[1:]),
            "rossler_5": (rs[:-5], rs[5:])}


def online_nrmse(reservoir, alpha, X, y):
    from skreservoir import ESNRegressor, ForceReadout

    esn = ESNRegressor(reservoir, ForceReadout(alpha), washout=0)
    pred = np.array([esn.partial_fit(X[t:t + 1], y[t:t + 1], return_predictions=True)[0]
                     for t in range(STEPS)]).reshape(STEPS, -1)
    truth = y[:STEPS].reshape(STEPS, -1)
    err = pred[-SCORED:] - truth[-SCORED:]
    return float(np.sqrt(np.mean(err**2)) / truth.std())


def main():
    from skreservoir import Reservoir

    warnings.simplefilter("ignore")
    reservoirs = {"default": dict(), "reservoirpy_tutorial": dict(leak_rate=0.3,
                                                                 spectral_radius=1.25)}
    rows = []
    for task, (X, y) in tasks().items():
        for rname, params in reservoirs.items():
            scores = {a: online_nrmse(Reservoir(100, random_state=0, **params), a, X, y)
                      for a in ALPHAS}
            ranks = {a: r for r, a in enumerate(sorted(scores, key=scores.get), 1)}
            rows.append({"task": task, "reservoir": rname, "nrmse": scores, "rank": ranks})
            print(f"{task:16s} {rname:22s} " + "  ".join(
                f"{a:g}: {scores[a]:.4f}" for a in ALPHAS))
    median_rank = {a: float(np.median([r["rank"][a] for r in rows])) for a in ALPHAS}
    print("median rank:", "  ".join(f"{a:g}: {median_rank[a]}" for a in ALPHAS))
    out = Path(__file__).with_name("bench_force_alpha.json")
    out.write_text(json.dumps({"rows": [{**r, "nrmse": {str(k): v for k, v in r["nrmse"].items()},
                                        "rank": {str(k): v for k, v in r["rank"].items()}}
                                       for r in rows],
                               "median_rank": {str(k): v for k, v in median_rank.items()}},
                              indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
