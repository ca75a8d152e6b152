"""
Mackey-Glass 10 and 50 steps ahead
==================================

The reservoir computing course exercise: predict the Mackey-Glass series
(tau = 17, sampled every time unit) 10 and 50 steps ahead from its current
value with one echo state network per horizon, and compare with the
persistence baseline (the current value as the forecast).
"""

# %%
import matplotlib.pyplot as plt

from skreservoir import ESNRegressor, Reservoir, RidgeReadout
from skreservoir.datasets import mackey_glass, to_forecasting
from skreservoir.metrics import nrmse

series = mackey_glass(6000, random_state=0)
n_train = 4000
results = {}
for horizon in (10, 50):
    X, y = to_forecasting(series, forecast=horizon)
    esn = ESNRegressor(
        Reservoir(n_units=500, spectral_radius=1.0, leak_rate=0.3, input_scaling=1.0,
                  random_state=0),
        RidgeReadout(alpha=1e-7), washout=200,
    ).fit(X[:n_train], y[:n_train])
    y_pred = esn.predict(X)[n_train:]
    results[horizon] = (y[n_train:], y_pred)
    print(f"t+{horizon}: test NRMSE ESN {nrmse(y[n_train:], y_pred):.3f}, "
          f"persistence {nrmse(y[n_train:], X[n_train:]):.3f}")

# %%
fig, axes = plt.subplots(2, 1, figsize=(9, 4.5), sharex=True)
for ax, (horizon, (truth, pred)) in zip(axes, results.items()):
    ax.plot(truth[:600], label=f"x(t+{horizon})")
    ax.plot(pred[:600], "--", label="ESN")
    ax.legend(loc="upper right")
axes[-1].set_xlabel("test step")
plt.show()
