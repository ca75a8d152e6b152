"""
Lorenz 1, 10 and 100 steps ahead, and inferring z from x and y
===============================================================

The workflow of BrainPy's reservoir computing tutorial: one echo state
network per horizon predicts the Lorenz state 1, 10 and 100 integration
steps ahead (h = 0.01) from the current state, with the test mean squared
error printed per horizon; then next generation reservoir computing (NVAR
features and a ridge readout, Gauthier et al. 2021) infers the unobserved
z(t) from x and y alone.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import mean_squared_error

from skreservoir import NVAR, ESNRegressor, Reservoir, RidgeReadout
from skreservoir.datasets import lorenz, to_forecasting

series = lorenz(8000, h=0.01)  # x, y, z every 0.01 time units
series = (series - series.mean(axis=0)) / series.std(axis=0)
n_train = 5000

# One ridge penalty per horizon: 100 steps (about one Lyapunov time) is far
# harder, and an unregularised readout overfits the training window there.
horizons = {1: 1e-6, 10: 1e-6, 100: 1.0}
predictions = {}
for horizon, alpha in horizons.items():
    X, y = to_forecasting(series, forecast=horizon)
    esn = ESNRegressor(
        Reservoir(n_units=500, spectral_radius=0.9, leak_rate=0.5, input_scaling=1.0,
                  input_density=1.0, random_state=0),
        RidgeReadout(alpha=alpha), washout=100, include_input=True,
    ).fit(X[:n_train], y[:n_train])
    y_pred = esn.predict(X)[n_train:]
    predictions[horizon] = (y[n_train:], y_pred)
    print(f"{horizon:>3} steps ahead: test MSE {mean_squared_error(y[n_train:], y_pred):.2e}")

# %%
fig, axes = plt.subplots(len(horizons), 1, figsize=(9, 6), sharex=True, layout="constrained")
for ax, horizon in zip(axes, horizons):
    truth, pred = predictions[horizon]
    ax.plot(truth[:800, 0], label="x(t + h)")
    ax.plot(pred[:800, 0], "--", label="ESN")
    ax.set_ylabel(f"h = {horizon}")
axes[0].legend(loc="upper right")
axes[-1].set_xlabel("test step")

# %%
# Inferring z from x and y, as Gauthier et al. (2021): NVAR features of (x, y)
# at 4 delays 0.25 time units apart (their k = 4, s = 5 at dt = 0.05: stride
# 25 at h = 0.01), constant, linear and quadratic terms, ridge readout. They
# report a test NRMSE of 1.75e-2.
xy, z = series[:, :2], series[:, 2]
ngrc = ESNRegressor(NVAR(delay=4, order=2, stride=25), RidgeReadout(alpha=1e-5)).fit(
    xy[:n_train], z[:n_train])
z_pred = ngrc.predict(xy)[n_train:]
error = np.sqrt(np.mean((z[n_train:] - z_pred) ** 2)) / np.std(z[n_train:])
print(f"NG-RC inference of z from x, y: test NRMSE {error:.3f}")

fig, ax = plt.subplots(figsize=(9, 2.5), layout="constrained")
ax.plot(z[n_train:n_train + 1500], label="z")
ax.plot(z_pred[:1500], "--", label="NG-RC from x, y")
ax.legend(loc="upper right")
ax.set_xlabel("test step")
plt.show()
