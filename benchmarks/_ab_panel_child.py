"""Timing of the benchmark's panel (2000 x 100 x 12, N=500) in float64 and float32, as one JSON line."""

import json
import time

import numpy as np

from skreservoir import Reservoir

X = np.random.default_rng(0).uniform(-1.0, 1.0, size=(2000, 100, 12))
out = {}
for dtype in ("float64", "float32"):
    reservoir = Reservoir(500, leak_rate=0.3, spectral_radius=1.25, dtype=dtype,
                          random_state=0).fit(X[:1])
    Xd = X.astype(dtype)
    reservoir.transform(Xd[:50])
    times = []
    for _ in range(3):
        start = time.perf_counter()
        reservoir.transform(Xd)
        times.append(time.perf_counter() - start)
    out[f"panel_{dtype}"] = float(np.median(times))
print(json.dumps(out))
