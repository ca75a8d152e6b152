"""
Lorenz attractor, 10 steps ahead, with an echo state network
============================================================

As in the ReservoirPy poster: from x, y, z at time t, predict x, y, z at
t + 10 steps, then let the trained model run on its own outputs.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

from skreservoir import ESNRegressor, Reservoir, RidgeReadout
from skreservoir.datasets import lorenz, to_forecasting
from skreservoir.metrics import nrmse

series = lorenz(6000)  # (6000, 3), step h=0.03
series = (series - series.mean(axis=0)) / series.std(axis=0)
X, y = to_forecasting(series, forecast=10)
n_train = 4000

# Every unit sees all three inputs (input_density=1): with only 3 inputs, the
# default density of 0.1 would leave most units without input.
reservoir = Reservoir(n_units=500, spectral_radius=0.9, leak_rate=1.0,
                      input_scaling=2.0, input_density=1.0,
                      input_distribution="uniform", random_state=0)
esn = ESNRegressor(reservoir, RidgeReadout(alpha=1e-6), washout=200,
                   include_input=True).fit(X[:n_train], y[:n_train])

y_pred = esn.predict(X)[n_train:]
scores = nrmse(y[n_train:], y_pred, multioutput="raw_values")
print("10-step-ahead test NRMSE  x: {:.3f}  y: {:.3f}  z: {:.3f}".format(*scores))

# %%
fig, axes = plt.subplots(3, 1, figsize=(9, 6), sharex=True)
for ax, name, true, pred in zip(axes, "xyz", y[n_train:n_train + 500].T,
                                y_pred[:500].T):
    ax.plot(true, label="Lorenz")
    ax.plot(pred, "--", label="ESN, t+10")
    ax.set_ylabel(name)
axes[0].legend(loc="upper right")
axes[-1].set_xlabel("test step")
plt.show()

# %%
# One-step model run in closed loop: trained on t -> t+1, it generates the
# attractor on its own.
X1, y1 = to_forecasting(series, forecast=1)
generator = ESNRegressor(
    Reservoir(n_units=500, spectral_radius=1.0, leak_rate=0.3, input_scaling=0.5,
              bias_scaling=1.0, random_state=0),
    RidgeReadout(alpha=1e-7), washout=200, include_input=True,
).fit(X1[:n_train], y1[:n_train])
generated = generator.generate(2000)
print("closed loop: generated range", np.round(generated.min(axis=0), 2),
      np.round(generated.max(axis=0), 2), "data range",
      np.round(series.min(axis=0), 2), np.round(series.max(axis=0), 2))
print(f"closed-loop NRMSE over the first 50 steps: "
      f"{nrmse(y1[n_train - 1:n_train + 49], generated[:50]):.2e}")

# %%
# Output feedback, the third model of the poster: the readout's output enters
# the reservoir through fixed random weights ``W_fb`` (the true previous
# target during training, teacher forcing; the model's own output when it
# predicts or generates).
feedback = ESNRegressor(
    Reservoir(n_units=500, spectral_radius=1.0, leak_rate=0.3, input_scaling=0.5,
              bias_scaling=1.0, random_state=0),
    RidgeReadout(alpha=1e-7), washout=200, include_input=True, feedback=True,
    feedback_scaling=0.1, random_state=0,
).fit(X1[:n_train], y1[:n_train])
with_feedback = feedback.generate(500)
print(f"with output feedback: one-step test NRMSE "
      f"{nrmse(y1[n_train:], feedback.predict(X1)[n_train:]):.2e}, closed-loop NRMSE "
      f"over the first 50 steps {nrmse(y1[n_train - 1:n_train + 49], with_feedback[:50]):.2e}")

fig = plt.figure(figsize=(5, 4))
ax = fig.add_subplot(projection="3d")
ax.plot(*series[:2000].T, linewidth=0.5, label="Lorenz")
ax.plot(*generated.T, linewidth=0.5, label="generated (2000 steps)")
ax.legend(loc="upper left")
plt.show()
