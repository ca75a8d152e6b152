"""Timings of a few workloads with the skreservoir on PYTHONPATH, as one JSON line."""

import json
import time
import warnings

import numpy as np

from skreservoir import ESNRegressor, Reservoir, RidgeReadout
from skreservoir.datasets import mackey_glass

warnings.simplefilter("ignore")


def median_time(run, repeats=5):
    run()  # warm-up (compilation)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


series = mackey_glass(2001)
out = {}
for n_units in (100, 500, 1000):
    reservoir = Reservoir(n_units, leak_rate=0.3, spectral_radius=1.25, random_state=0)
    reservoir.fit(series)
    out[f"series_N{n_units}"] = median_time(lambda: reservoir.transform(series))
panel = np.random.default_rng(0).normal(size=(200, 100, 12))
reservoir = Reservoir(500, random_state=0).fit(panel)
out["panel_200x100x12_N500"] = median_time(lambda: reservoir.transform(panel), 3)
esn = ESNRegressor(Reservoir(500, leak_rate=0.3, spectral_radius=1.25, random_state=0),
                   RidgeReadout(1e-7), washout=100)
out["esn_fit_predict_N500"] = median_time(
    lambda: esn.fit(series[:-1], series[1:]).predict(series[:-1]), 3)
print(json.dumps(out))
