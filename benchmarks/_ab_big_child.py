"""Fit time of the two big reservoirs with the skreservoir on PYTHONPATH, as one JSON line.

Wall and CPU seconds of ``Reservoir(n_units=10_000).fit`` (density 0.1)
and ``Reservoir(n_units=100_000, density=1e-4).fit``, and the 1-minute load
average before each: on a shared machine the wall time mostly measures the
other processes, the CPU time this one. For ``ab_checkouts.py``.
"""

import json
import os
import time

import numpy as np

from skreservoir import Reservoir

X = np.zeros((50, 1))
Reservoir(n_units=300, random_state=0).fit(X)  # imports and compiled kernels, not timed
out = {}
for n_units, density in [(10_000, 0.1), (100_000, 1e-4)]:
    out[f"load_before_{n_units}"] = os.getloadavg()[0]
    start, cpu_start = time.perf_counter(), time.process_time()
    Reservoir(n_units=n_units, density=density, random_state=0).fit(X)
    out[f"fit_{n_units}_wall_s"] = time.perf_counter() - start
    out[f"fit_{n_units}_cpu_s"] = time.process_time() - cpu_start
print(json.dumps(out))
