"""CPU seconds of 1000 one-row ESNRegressor.partial_fit calls (FORCE / LMS), as one JSON line.

The loop of ``bench_online_step.py`` (``return_predictions=True``, Mackey-Glass,
RLS and LMS readouts at 100 and 500 units), for ``ab_checkouts.py``: the
median over 5 repeats of the loop's CPU time (``time.process_time``).
"""

import json
import time
import warnings

import numpy as np

from skreservoir import ESNRegressor, ForceReadout, LMSReadout, Reservoir
from skreservoir.datasets import mackey_glass

warnings.simplefilter("ignore")
series = mackey_glass(1004)
X, y = series[:-1], series[1:]
out = {}
for n_units in (100, 500):
    for name, readout in (("rls", ForceReadout(1e-2)), ("lms", LMSReadout(1e-3))):
        esn = ESNRegressor(Reservoir(n_units, leak_rate=0.3, spectral_radius=1.25,
                                     random_state=0), readout, washout=0)
        esn.partial_fit(X[:2], y[:2])
        esn.partial_fit(X[2:3], y[2:3], return_predictions=True)
        times = []
        for _ in range(5):
            start = time.process_time()
            for t in range(3, len(X)):
                esn.partial_fit(X[t:t + 1], y[t:t + 1], return_predictions=True)
            times.append(time.process_time() - start)
        out[f"{name}_N{n_units}_1000_steps"] = float(np.median(times))
print(json.dumps(out))
