"""How often the runaway warning of a series modelled by its levels fires, and on what.

``_ReservoirForecaster._warn_runaway`` warns where the point forecast of a
variable with no trend removed leaves the training range by more than
``RUNAWAY_SHARE`` (0.1) of its width: a differenced one where it is that
far from the line of its own drift too (session 37), one modelled by its
levels (``difference_`` False) wherever. A user battery found the second
kind silent: ``ESNForecaster()`` on an AR(1) at 0.9 of 300 points (range
5.8 to 15.3) forecast down to 0.7 at 24 steps, -2.3 at 100, at 20 times
the optimal squared error.

Sets, each forecast by ``ESNForecaster(random_state=0)`` and
``NVARForecaster()``, counting the warnings about levels:

- ``synthetic``: stationary processes whose optimal forecast is known
  (white noise, AR(1) at 0.5 and 0.9, an oscillating AR(2), ARMA(1,1), a
  noisy sine of period 20), 150 and 300 points about 10, 16 draws each, 24
  steps; the score is the squared error over the optimal forecast's;
- ``real``: the real series of ``forecasting_auto_variants.py`` (four
  origins each, and its synthetic daily series), MASE;
- ``main``: the chaotic windows of ``forecasting.py`` (three origins, noisy
  variants), sMAPE.

A warning is worth its noise where the forecasts it fires on are worse
than the others of their set: the script prints the counts and the
geometric mean score of the warned and of the others.

    python benchmarks/forecasting_runaway_levels.py    # ~6 minutes on 2 cores

Writes ``forecasting_runaway_levels.json``.
"""

import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
KINDS = ("white_noise", "ar0.5", "ar0.9", "ar2", "arma11", "sine")
STEPS = 24
MARK = "is modelled by its levels"


def process(kind, n, draw):
    """A stationary series of ``n + STEPS`` points about 10 and its optimal forecast."""
    rng = np.random.default_rng([n, draw, KINDS.index(kind)])
    burn = 300
    e = rng.standard_normal(n + STEPS + burn)
    y = np.zeros_like(e)
    ahead = np.arange(1, STEPS + 1)
    if kind == "white_noise":
        y = e
    elif kind in ("ar0.5", "ar0.9"):
        phi = float(kind[2:])
        for t in range(1, len(e)):
            y[t] = phi * y[t - 1] + e[t]
    elif kind == "ar2":  # complex roots: a damped oscillation of period about 9
        a1, a2 = 1.2, -0.6
        for t in range(2, len(e)):
            y[t] = a1 * y[t - 1] + a2 * y[t - 2] + e[t]
    elif kind == "arma11":
        for t in range(1, len(e)):
            y[t] = 0.7 * y[t - 1] + e[t] + 0.4 * e[t - 1]
    else:
        y = 2 * np.sin(2 * np.pi * np.arange(len(e)) / 20) + 0.5 * e
    y = 10 + y[burn:]
    t = n - 1
    if kind == "white_noise":
        best = np.full(STEPS, 10.0)
    elif kind in ("ar0.5", "ar0.9"):
        best = 10 + (y[t] - 10) * float(kind[2:]) ** ahead
    elif kind == "ar2":
        z = [y[t - 1] - 10, y[t] - 10]
        for _ in ahead:
            z.append(1.2 * z[-1] - 0.6 * z[-2])
        best = 10 + np.array(z[2:])
    elif kind == "arma11":
        shock = e[burn + t]  # the last innovation, known to the optimal forecast
        best = 10 + (0.7 * (y[t] - 10) + 0.4 * shock) * 0.7 ** (ahead - 1)
    else:
        best = 10 + 2 * np.sin(2 * np.pi * (burn + t + ahead) / 20)
    return y[:n], y[n:], best


def fit_predict(model, train, steps):
    from skreservoir.forecasting import ESNForecaster, NVARForecaster

    make = (lambda: ESNForecaster(random_state=0)) if model == "esn" else NVARForecaster
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f = make().fit(train, fh=np.arange(1, steps + 1))
        values = f.predict().to_numpy(dtype=np.float64).ravel()
    said = [str(w.message) for w in caught if MARK in str(w.message)]
    return values, said, bool(f.transform_.difference_.any())


def records():
    from forecasting import mase, smape
    from forecasting_auto_variants import tasks

    out = []
    for n in (150, 300):
        for kind in KINDS:
            for draw in range(16):
                train, test, best = process(kind, n, draw)
                for model in ("esn", "nvar"):
                    values, said, differenced = fit_predict(model, pd.Series(train), STEPS)
                    score = np.mean((values - test) ** 2) / np.mean((best - test) ** 2)
                    out.append({"set": "synthetic", "task": f"{kind}/{n}/{draw}",
                                "model": model, "score": float(score), "warned": bool(said),
                                "differenced": differenced, "message": said[:1]})
    for which, metric in (("real", "mase"), ("main", "smape")):
        for task, train, test in tasks(which):
            for model in ("esn", "nvar"):
                values, said, differenced = fit_predict(model, train, len(test))
                test_values = np.asarray(test, dtype=np.float64).ravel()
                score = (mase(test_values, values, train.to_numpy()) if metric == "mase"
                         else smape(test_values, values))
                out.append({"set": which, "task": task, "model": model,
                            "score": float(score), "warned": bool(said),
                            "differenced": differenced, "message": said[:1]})
    return out


def gm(scores):
    """Geometric mean (nan of none)."""
    return float(np.exp(np.log(np.maximum(scores, 1e-12)).mean())) if len(scores) else np.nan


def main():
    out = records()
    frame = pd.DataFrame(out)
    for (name, model), part in frame.groupby(["set", "model"]):
        warned = part[part.warned]
        others = part[~part.warned]
        print(f"{name:9s} {model:4s}: warned {len(warned):3d} of {len(part):3d}; geometric "
              f"mean score warned {gm(warned.score):.3f}, others {gm(others.score):.3f}; "
              f"warned: " + ", ".join(f"{t} {v:.2f}" for t, v in
                                       zip(warned.task[:12], warned.score[:12])))
    synthetic = frame[frame.set == "synthetic"]
    bad = synthetic[synthetic.score > 2]
    print(f"synthetic forecasts over 2x the optimal squared error: {len(bad)}, warned "
          f"{int(bad.warned.sum())} (differenced {int(bad.differenced.sum())})")
    payload = {"command": "python benchmarks/forecasting_runaway_levels.py", "records": out}
    (HERE / "forecasting_runaway_levels.json").write_text(json.dumps(payload, indent=1))


if __name__ == "__main__":
    main()
