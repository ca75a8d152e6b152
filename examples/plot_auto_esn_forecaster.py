"""
Choosing the reservoir per series with AutoESNForecaster
=========================================================

``AutoESNForecaster`` scores candidate reservoirs (spectral radius, leak
rate, input scaling, target), each with and without a linear term of the
five last values (``n_lags``), by closed-loop forecasts over the horizon
asked for, from windows spread over the training series (blocked
cross-validation), as sktime's ``AutoETS`` chooses an exponential smoothing
model, then averages the forecasts of the best few whose mean validates
better.
Here on the chaotic Mackey-Glass series (sampling step 1, about 170 steps
per Lyapunov time): the forecast with its 90 % interval, and the validation
score of every candidate.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from skreservoir.datasets import mackey_glass
from skreservoir.forecasting import AutoESNForecaster, ESNForecaster

values = mackey_glass(1500, tau=17)[300:, 0]
y_train, y_test = pd.Series(values[:1000]), values[1000:1200]
fh = np.arange(1, 201)

auto = AutoESNForecaster(random_state=0)
auto.fit(y_train, fh=fh)
default = ESNForecaster(random_state=0).fit(y_train, fh=fh)


def nrmse(forecast):
    return np.sqrt(np.mean((forecast - y_test) ** 2)) / y_train.std()


print(
    f"NRMSE over 200 steps: AutoESNForecaster {nrmse(auto.predict().to_numpy()):.3f}, "
    f"ESNForecaster() {nrmse(default.predict().to_numpy()):.3f}"
)
print("best candidate:", auto.best_params_)

# %%
# The forecast (the mean of the candidates the ensemble selection kept,
# ``auto.ensemble_``, at most ``n_best=3``), and the 90 % interval of their
# simulated paths (closed loop with resampled one-step residuals). The
# defaults, as a new user calls it: 24 candidate reservoirs of 300 units, the
# first ``ESNForecaster()`` itself.
band = auto.predict_interval(coverage=0.9)
steps = np.arange(-100, 200)
fig, ax = plt.subplots(figsize=(9, 3), layout="constrained")
ax.plot(steps[:100], values[900:1000], color="0.5", label="history (training)")
ax.plot(fh - 1, y_test, color="k", label="held out")
ax.plot(fh - 1, auto.predict(), color="tab:red", label="AutoESNForecaster")
ax.fill_between(
    fh - 1, band.iloc[:, 0], band.iloc[:, 1], color="tab:red", alpha=0.2, label="90 % interval"
)
ax.set(xlabel="steps after the training data")
ax.legend(loc="lower left", fontsize="small")

# %%
# Validation curve: the closed-loop error (on the standardised series) of
# every candidate against its spectral radius; the marker says the target,
# the colour the number of lags, the ringed points are the candidates that
# were averaged.
results = auto.cv_results_
fig, ax = plt.subplots(figsize=(6, 3), layout="constrained")
for (target, n_lags), part in results.groupby(["target", "n_lags"]):
    ax.scatter(
        part["spectral_radius"],
        part["mean_test_score"],
        marker="o" if target == "next" else "s",
        color="tab:blue" if n_lags == 1 else "tab:orange",
        label=f"target={target!r}, n_lags={n_lags}",
    )
best = results.loc[auto.ensemble_]
ax.scatter(
    best["spectral_radius"],
    best["mean_test_score"],
    s=150,
    facecolors="none",
    edgecolors="k",
    label="averaged",
)
ax.set(
    xscale="log", yscale="log", xlabel="spectral radius", ylabel="validation error (closed loop)"
)
ax.legend(fontsize="small")
plt.show()
