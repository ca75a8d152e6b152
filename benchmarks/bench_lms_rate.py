"""LMSReadout's default ``learning_rate``, chosen on online tasks.

One-row ``partial_fit`` calls with ``return_predictions=True`` (the output
before each update), as a user trains an online readout one step at a time,
for 1200 steps; then ``predict(X_next, initial_state="fit")`` on the next 300
steps with the weights frozen. Per task, reservoir size, seed and step: the
NRMSE of the online predictions over the last 200 training steps, and the
R^2 of the frozen weights on the next 300. Tasks: Mackey-Glass 10 steps
ahead, Lorenz (x, 1 step at h=0.03), Rossler (x, 5 steps at h=0.1), as in
``bench_force_alpha.py``; reservoirs ``Reservoir(n_units)`` at 100, 300 and
1000 units, seeds 0 to 2. Steps: fixed ones (1e-2 to 3e-4; the former
default was 1e-3, ReservoirPy's is 1e-6) and the automatic step
``mu / max ||z||^2`` over the rows learnt so far, for three ``mu``.

A fixed step is stable below ``2 / max ||z||^2``, which falls as the
reservoir grows (``||z||^2`` grows with the number of units): the step that
is best at 100 units diverges at 1000, so that no fixed default serves every
size. The default is the ``mu`` of the automatic step with the best median
rank over the frozen R^2 and the online NRMSE together.

Usage::

    python benchmarks/bench_lms_rate.py   # writes bench_lms_rate.json
"""

import json
import warnings
from pathlib import Path

import numpy as np
from bench_force_alpha import tasks

STEPS, SCORED, FROZEN = 1200, 200, 300
FIXED = (1e-2, 3e-3, 1e-3, 3e-4)
MUS = (0.03, 0.1, 0.3)
UNITS = (100, 300, 1000)
SEEDS = (0, 1, 2)


def run(X, y, n_units, seed, step):
    """(online NRMSE, frozen R^2) of one loop; NaN where the weights diverged."""
    from sklearn.metrics import r2_score

    import skreservoir.readout._lms as lms
    from skreservoir import ESNRegressor, LMSReadout, Reservoir

    if isinstance(step, str):  # "auto:mu"
        lms.AUTO_STEP, rate = float(step.split(":")[1]), "auto"
    else:
        rate = step
    esn = ESNRegressor(Reservoir(n_units, random_state=seed), LMSReadout(rate), washout=0)
    try:
        pred = np.array([esn.partial_fit(X[t:t + 1], y[t:t + 1], return_predictions=True)[0]
                         for t in range(STEPS)]).reshape(STEPS, -1)
        frozen = esn.predict(X[STEPS:STEPS + FROZEN], initial_state="fit")
    except ValueError:  # diverged
        return float("nan"), float("nan")
    truth = y[:STEPS].reshape(STEPS, -1)
    with np.errstate(all="ignore"):
        online = np.sqrt(np.mean((pred[-SCORED:] - truth[-SCORED:]) ** 2)) / truth.std()
        r2 = r2_score(y[STEPS:STEPS + FROZEN], frozen) if np.all(np.isfinite(frozen)) else -np.inf
    if not online < 1e3:  # weights grown without bound (above the stable step)
        return float("nan"), float("nan")
    return float(online), float(r2)


def main():
    import skreservoir.readout._lms as lms

    default_mu = lms.AUTO_STEP
    warnings.simplefilter("ignore")
    steps = list(FIXED) + [f"auto:{mu:g}" for mu in MUS]
    rows = []
    for task, (X, y) in tasks().items():
        for n_units in UNITS:
            for seed in SEEDS:
                scores = {str(s): run(X, y, n_units, seed, s) for s in steps}
                lms.AUTO_STEP = default_mu
                online = {k: np.nan_to_num(v[0], nan=np.inf) for k, v in scores.items()}
                frozen = {k: np.nan_to_num(v[1], nan=-np.inf) for k, v in scores.items()}
                rank_online = {k: r for r, k in enumerate(sorted(online, key=online.get), 1)}
                rank_frozen = {k: r for r, k in enumerate(
                    sorted(frozen, key=lambda k: -frozen[k]), 1)}
                rows.append({"task": task, "n_units": n_units, "seed": seed,
                             "online_nrmse": {k: v[0] for k, v in scores.items()},
                             "frozen_r2": {k: v[1] for k, v in scores.items()},
                             "rank": {k: rank_online[k] + rank_frozen[k] for k in scores}})
                print(f"{task:16s} {n_units:5d} {seed}  " + "  ".join(
                    f"{k}: {v[0]:.3f}/{v[1]:.2f}" for k, v in scores.items()), flush=True)
    keys = [str(s) for s in steps]
    # a diverged loop counts as the worst (NaN: inf error, -inf R^2) in the medians
    def worst(values, sign):
        return [sign * np.inf if np.isnan(v) else v for v in values]

    summary = {k: {"median_rank": float(np.median([r["rank"][k] for r in rows])),
                   "median_online_nrmse": float(np.median(worst(
                       [r["online_nrmse"][k] for r in rows], 1))),
                   "median_frozen_r2": float(np.median(worst(
                       [r["frozen_r2"][k] for r in rows], -1))),
                   "diverged": int(sum(not np.isfinite(r["online_nrmse"][k]) for r in rows))}
               for k in keys}
    for n_units in UNITS:
        for k in keys:
            summary[k][f"median_frozen_r2_{n_units}"] = float(np.median(worst(
                [r["frozen_r2"][k] for r in rows if r["n_units"] == n_units], -1)))
    print(f"{'step':10s} {'rank':>5s} {'online':>7s} {'frozen':>7s} {'diverged':>8s}  "
          + "  ".join(f"R2@{u}" for u in UNITS))
    for k, v in summary.items():
        print(f"{k:10s} {v['median_rank']:5.1f} {v['median_online_nrmse']:7.3f} "
              f"{v['median_frozen_r2']:7.2f} {v['diverged']:8d}  " + "  ".join(
                  f"{v[f'median_frozen_r2_{u}']:6.2f}" for u in UNITS))
    out = Path(__file__).with_name("bench_lms_rate.json")
    out.write_text(json.dumps({"rows": rows, "summary": summary}, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
