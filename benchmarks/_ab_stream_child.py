"""Streaming representations' times with the skreservoir on PYTHONPATH, as one JSON line.

``ESNTransformer(Reservoir(500), representation=...)``'s ``fit_transform`` of
3000 series x 500 steps x 3 features ('last' and 'mean'): a smaller form of
``run.py``'s streaming rows, for ``ab_checkouts.py``.
"""

import json
import time

import numpy as np

from skreservoir import ESNTransformer, Reservoir

X = np.random.default_rng(0).uniform(-1, 1, (3000, 500, 3))
out = {}
for representation in ("last", "mean"):
    model = ESNTransformer(Reservoir(n_units=500, random_state=0), representation=representation)
    start = time.perf_counter()
    model.fit_transform(X)
    out[f"stream_{representation}"] = time.perf_counter() - start
print(json.dumps(out))
