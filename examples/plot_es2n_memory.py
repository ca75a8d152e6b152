"""
Edge of stability: memory capacity and multiple superimposed oscillators
=========================================================================

The edge-of-stability echo state network (ES2N, Ceni and Gallicchio, IEEE
TNNLS 2024) mixes a random orthogonal map into the update,
``x(t) = (1 - beta) O x(t-1) + beta tanh(W x(t-1) + W_in u(t))``, which keeps
the reservoir close to the edge of stability. The paper compares its
short-term memory capacity with that of other reservoirs of the same size;
this example does the same at 100 units, then trains ES2N and a leaky ESN on
the multiple superimposed oscillators (MSO) task and lets both run free.
"""

# %%
# Memory capacity
# ---------------
# Every reservoir has 100 units and an input scaling of 0.1; the memory
# capacity (Jaeger 2001) sums the squared correlations of linear recalls of
# the input 1 to 200 steps back.
import matplotlib.pyplot as plt
import numpy as np

from skreservoir import ES2NReservoir, ESNRegressor, Reservoir, RidgeReadout
from skreservoir.metrics import memory_capacity, nrmse
from skreservoir.weights import orthogonal, ring

common = dict(n_units=100, input_scaling=0.1, random_state=0)
reservoirs = {
    "ES2N (beta=0.03)": ES2NReservoir(proximity=0.03, spectral_radius=0.9, **common),
    "ES2N (beta=0.1)": ES2NReservoir(proximity=0.1, spectral_radius=0.9, **common),
    "leaky ESN (a=0.3)": Reservoir(leak_rate=0.3, spectral_radius=0.9, bias_scaling=0, **common),
    "linear ESN": Reservoir(activation="identity", spectral_radius=0.9, bias_scaling=0, **common),
    "orthogonal ESN": Reservoir(W=orthogonal, spectral_radius=1.0, bias_scaling=0, **common),
    "simple cycle (SCR)": Reservoir(W=ring, spectral_radius=0.9, bias_scaling=0, **common),
}
curves = {}
for name, reservoir in reservoirs.items():
    mc, curves[name] = memory_capacity(
        reservoir, k_max=200, n_timesteps=3000, random_state=0, return_curve=True
    )
    print(f"{name:>20}: MC = {mc:5.1f}")

fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
for name, curve in curves.items():
    ax.plot(np.arange(1, 201), curve, label=name)
ax.set_xlabel("delay k")
ax.set_ylabel("MC_k")
ax.legend()
ax.set_title("Forgetting curves, 100 units")
plt.show()

# %%
# Multiple superimposed oscillators, free-running
# -----------------------------------------------
# The MSO task (here MSO5: five sines of incommensurate frequencies) is
# learned as a one-step-ahead forecast, then each model runs on its own
# outputs for 300 steps.
frequencies = [0.2, 0.311, 0.42, 0.51, 0.63]
t = np.arange(1300)
mso = sum(np.sin(f * t) for f in frequencies).reshape(-1, 1)
mso /= np.abs(mso).max()
n_train = 1000
X_train, y_train = mso[: n_train - 1], mso[1:n_train]
truth = mso[n_train - 1 : n_train + 299]  # generate starts after the last input seen

small = dict(spectral_radius=0.9, input_scaling=0.1, random_state=0)
models = {
    "ES2N (beta=0.03)": ES2NReservoir(200, proximity=0.03, **small),
    "leaky ESN (a=0.3)": Reservoir(200, leak_rate=0.3, **small),
}
generated = {}
for name, reservoir in models.items():
    esn = ESNRegressor(reservoir, RidgeReadout(alpha=1e-9), washout=100)
    generated[name] = esn.fit(X_train, y_train).generate(300)
    print(f"{name:>20}: free-running NRMSE over 300 steps = {nrmse(truth, generated[name]):.3g}")

fig, ax = plt.subplots(figsize=(8, 3), layout="constrained")
ax.plot(truth, "k", label="MSO5")
for name, values in generated.items():
    ax.plot(values, "--", label=name)
ax.set_xlabel("step after training")
ax.legend(loc="upper right")
plt.show()
