"""
The adding problem: a gated reservoir trained by backpropagation through time
=============================================================================

Each sequence carries a value in [0, 1] and a marker at every step; two steps
are marked (one in each half) and the target, given at the end, is the sum of
the two marked values. Predicting the mean scores a mean squared error of
1/6 (0.167). The task needs a memory that holds a value for tens of steps
and ignores everything else: the ESGP model's learned gates give it one.

Three models on the same 1000 training and 300 test sequences of 100 steps:

- ``ESGPRegressor``: a gated reservoir whose input and gate weights are
  trained by backpropagation through time (a few epochs of Adam);
- a plain echo state network: a leaky ``Reservoir`` (fixed weights), its last
  state read by a ridge regression (``ESNTransformer`` then ``RidgeCV``);
- scikit-learn's ``MLPRegressor`` on the flattened sequences.
"""

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import RidgeCV
from sklearn.metrics import mean_squared_error
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline

from skreservoir import ESGPRegressor, ESNTransformer, Reservoir
from skreservoir.datasets import adding_problem

warnings.filterwarnings("ignore", category=ConvergenceWarning)  # short training on purpose

X, y = adding_problem(1300, n_timesteps=100, random_state=0)
X_train, y_train, X_test, y_test = X[:1000], y[:1000], X[1000:], y[1000:]
print(f"predicting the mean: MSE {mean_squared_error(y_test, np.full_like(y_test, 1.0)):.3f}")

# %%
# The three models. The ESN's leak rate of 0.1 lets it integrate over the
# sequence (with leak rate 1 it forgets the first marked value).
esgp = ESGPRegressor(n_units=32, max_iter=6, random_state=0).fit(X_train, y_train)
esn = make_pipeline(
    ESNTransformer(Reservoir(n_units=200, leak_rate=0.1, spectral_radius=0.9, input_scaling=1.0,
                             bias_scaling=1.0, random_state=0),
                   representation="last"),
    RidgeCV(alphas=np.logspace(-6, 2, 9)),
).fit(X_train, y_train)
mlp = MLPRegressor(hidden_layer_sizes=(64,), max_iter=50, random_state=0)
mlp.fit(X_train.reshape(len(X_train), -1), y_train)

predictions = {
    "ESGPRegressor": esgp.predict(X_test),
    "ESN (ridge on last state)": esn.predict(X_test),
    "MLPRegressor (flattened)": mlp.predict(X_test.reshape(len(X_test), -1)),
}
for name, predicted in predictions.items():
    print(f"{name:28s} test MSE {mean_squared_error(y_test, predicted):.4f}")

# %%
# Predicted against true sums on the test sequences, and ESGP's training loss
# (half the mean squared error) per epoch.
fig, axes = plt.subplots(1, 4, figsize=(14, 3.5))
for ax, (name, predicted) in zip(axes, predictions.items()):
    ax.scatter(y_test, predicted, s=4)
    ax.plot([0, 2], [0, 2], color="k", lw=0.8)
    ax.set(title=name, xlabel="true sum", ylabel="predicted")
axes[3].plot(np.arange(1, len(esgp.loss_curve_) + 1), esgp.loss_curve_, marker="o")
axes[3].set(title="ESGP training loss", xlabel="epoch", yscale="log")
fig.tight_layout()
plt.show()
