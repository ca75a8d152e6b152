"""ESNForecaster with one reservoir and with five, over reservoir draws: the spread a new user meets.

A user's first ``ESNForecaster().fit(y).predict(fh)`` gets one draw of the
reservoir. This runs both settings over 12 seeds (``random_state`` 0-11) on
three chaotic series of ``skreservoir.datasets`` (Mackey-Glass tau=17 with
h=1, Lorenz x with h=0.03, Rössler x with h=0.1; 300 transient steps
dropped), fit on 800 points, forecast 100 closed loop, and reports per
setting the median and worst NRMSE over the 100 steps (RMSE over the
training standard deviation), the share of draws below 0.2, and how many
draws gave a ``ForecastDivergenceWarning`` (with five members: any member
dropped).

    python benchmarks/forecasting_ensemble_seeds.py     # writes forecasting_ensemble_seeds.json
"""

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from skreservoir.datasets import lorenz, mackey_glass, rossler
from skreservoir.forecasting import ESNForecaster

HERE = Path(__file__).parent
SEEDS, N_FIT, STEPS, TRANSIENT = range(12), 800, 100, 300
SERIES = {
    "mackey_glass": lambda n: mackey_glass(n, tau=17, h=1.0)[:, 0],
    "lorenz": lambda n: lorenz(n, h=0.03)[:, 0],
    "rossler": lambda n: rossler(n, h=0.1)[:, 0],
}


def main():
    records = []
    for name, generate in SERIES.items():
        y = pd.Series(generate(TRANSIENT + N_FIT + STEPS)[TRANSIENT:])
        train, test = y[:N_FIT], y[N_FIT:].to_numpy()
        for n_ensemble in (1, 5):
            for seed in SEEDS:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    forecaster = ESNForecaster(n_ensemble=n_ensemble, random_state=seed)
                    forecaster.fit(train, fh=list(range(1, STEPS + 1)))
                    values = forecaster.predict().to_numpy()
                records.append({
                    "series": name,
                    "n_ensemble": n_ensemble,
                    "seed": seed,
                    "nrmse": float(np.sqrt(np.mean((values - test) ** 2)) / train.std()),
                    "diverged": any(
                        w.category.__name__ == "ForecastDivergenceWarning" for w in caught
                    ),
                })
    frame = pd.DataFrame(records)
    summary = frame.groupby(["series", "n_ensemble"]).agg(
        median_nrmse=("nrmse", "median"),
        worst_nrmse=("nrmse", "max"),
        share_below_0_2=("nrmse", lambda e: float(np.mean(e < 0.2))),
        warned=("diverged", "sum"),
    )
    print(summary.round(3).to_string())
    payload = {
        "command": "python benchmarks/forecasting_ensemble_seeds.py",
        "records": records,
        "summary": summary.reset_index().to_dict(orient="records"),
    }
    (HERE / "forecasting_ensemble_seeds.json").write_text(json.dumps(payload, indent=1))


if __name__ == "__main__":
    main()
