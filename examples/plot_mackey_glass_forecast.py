"""
Forecasting Mackey-Glass with an echo state network
====================================================

Train an ESN to predict the next value of the chaotic Mackey-Glass series,
then let it run in closed loop, each prediction fed back as the next input.
Also shows how to tune it with ``GridSearchCV`` and ``TimeSeriesSplit``.
"""

# %%
# Data: one series, rows are time steps.
import matplotlib.pyplot as plt
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from skreservoir import ESNRegressor, Reservoir, RidgeReadout
from skreservoir.datasets import mackey_glass, to_forecasting
from skreservoir.metrics import nrmse

X, y = to_forecasting(mackey_glass(2501), forecast=1)
X_train, y_train = X[:2000], y[:2000]

# %%
# A reservoir of 500 units, a ridge readout, 100 warm-up steps left out of
# training.
esn = ESNRegressor(
    Reservoir(n_units=500, spectral_radius=1.25, leak_rate=0.3, random_state=0),
    RidgeReadout(alpha=1e-7),
    washout=100,
).fit(X_train, y_train)

y_pred = esn.predict(X)[2000:]  # run over the training part first: a warm start
print(f"one-step NRMSE on the test part: {nrmse(y[2000:], y_pred):.2e}")

# %%
# Closed loop: row 0 forecasts the value after the last training input.
generated = esn.generate(300)
truth = y[1999:2299]
print(f"closed-loop NRMSE over 100 steps: {nrmse(truth[:100], generated[:100]):.2e}")

fig, ax = plt.subplots(figsize=(9, 3), layout="constrained")
ax.plot(truth, label="Mackey-Glass")
ax.plot(generated, "--", label="ESN, closed loop")
ax.set_xlabel("steps after the training data")
ax.legend()

# %%
# Tuning: nested parameters reach the reservoir and the readout; the folds
# are time-ordered, so each test fold continues its training fold. The
# scorer says so with ``initial_state="fit"``: every test step is scored
# from the state where the training fold ended. (The ESN's own ``score``
# without it starts each test fold from rest, leaves out its first
# ``washout`` steps, and warns with a ``WarmupWarning`` that names this
# scorer.)


def continued(estimator, X, y):
    """R² of a test fold that continues the training fold."""
    return estimator.score(X, y, initial_state="fit")


search = GridSearchCV(
    ESNRegressor(Reservoir(n_units=200, leak_rate=0.3, random_state=0),
                 RidgeReadout(), washout=100),
    {"reservoir__spectral_radius": [0.9, 1.25], "readout__alpha": [1e-8, 1e-5]},
    cv=TimeSeriesSplit(n_splits=3, test_size=400),
    scoring=continued,
).fit(X_train, y_train)
print("best parameters:", search.best_params_)
print(f"best cross-validated R2 (continued): {search.best_score_:.5f}")
plt.show()
