"""
Online learning: Mackey-Glass one step ahead, chunk by chunk
============================================================

An ESN with a FORCE readout (recursive least squares) learns while the data
stream in: every chunk is first predicted (before the model has seen its
targets), then used to train with ``partial_fit``. The reservoir state is
carried from one chunk to the next. The error falls as the stream goes on.
(An ``LMSReadout`` can stand in for the FORCE readout; on correlated
reservoir states its single gradient pass converges far more slowly.)
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

from skreservoir import ESNRegressor, ForceReadout, Reservoir
from skreservoir.datasets import mackey_glass, to_forecasting

X, y = to_forecasting(mackey_glass(4001), forecast=1)
chunk = 100


def stream(readout):
    """Predict each chunk from the carried state, then learn from it."""
    esn = ESNRegressor(
        Reservoir(n_units=200, spectral_radius=1.25, leak_rate=0.3, random_state=0),
        readout, washout=100, include_input=True)
    errors = []
    for start in range(0, len(X), chunk):
        X_chunk, y_chunk = X[start:start + chunk], y[start:start + chunk]
        if start >= 200:  # the readout has seen some data: score before learning
            # continue from the carried state, as the stream does
            y_pred = esn.generate(len(X_chunk), inputs=X_chunk)
            errors.append(np.sqrt(np.mean((y_pred - y_chunk) ** 2)) / y.std())
        esn.partial_fit(X_chunk, y_chunk)
    return np.array(errors)


force_errors = stream(ForceReadout(alpha=1e-6))
print(f"FORCE NRMSE on the first scored chunk {force_errors[0]:.2e}, "
      f"on the last {force_errors[-1]:.2e}")

# %%
steps = np.arange(200, len(X), chunk)[: len(force_errors)] + chunk
fig, ax = plt.subplots(figsize=(8, 3), layout="constrained")
ax.semilogy(steps, force_errors)
ax.set_xlabel("time steps streamed")
ax.set_ylabel("NRMSE of the next chunk\n(FORCE readout)")
plt.show()
