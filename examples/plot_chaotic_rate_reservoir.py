"""
A chaotic continuous-time reservoir, its sensitivity, and a timed response
==========================================================================

The network of ANNarchy's echo state network notebook, after Sussillo and
Abbott (2009): rate units with time constant tau = 30 ms integrated in steps
of dt = 1 ms, all-to-all recurrent weights with gain g = 1.5 (chaotic
spontaneous activity), no bias, and uniform noise of amplitude 0.01 on the
state and on the input. ``Reservoir(dt=1, tau=30)`` is this network: the
leak rate is dt / tau.

1. Two trials of the same network and the same stimulus differ only by
   their noise; the chaotic dynamics amplify the difference.
2. A Lasso readout learns to output a step 2 s after a 50 ms stimulus on
   a trial; on new trials the amplified noise degrades the timing.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import Lasso

from skreservoir import ESNRegressor, Reservoir

DT, TAU, G, NOISE = 1.0, 30.0, 1.5, 0.01
duration, onset, width, delay = 3000, 200, 50, 2000  # milliseconds

reservoir = Reservoir(n_units=400, dt=DT, tau=TAU, spectral_radius=G, density=1.0,
                      input_scaling=1.0, bias_scaling=0.0, input_density=1.0, noise=NOISE,
                      input_noise=NOISE, noise_distribution="uniform", random_state=0)
stimulus = np.zeros((duration, 1))
stimulus[onset:onset + width] = 1.0

# %%
# Two trials: a panel of two copies of the stimulus; every series of a panel
# draws its own noise.
trials = reservoir.fit(stimulus).transform(np.stack([stimulus, stimulus]))
gap = np.abs(trials[0] - trials[1]).mean(axis=1)
for t in (5, 20, 100, onset, 500, 1000, 2000, duration - 1):
    print(f"t = {t:>4} ms: mean |trial 1 - trial 2| = {gap[t]:.3f}")

fig, axes = plt.subplots(2, 1, figsize=(9, 5), sharex=True, layout="constrained")
for unit, ax in zip((0, 1), axes):
    ax.plot(trials[0][:, unit], label="trial 1")
    ax.plot(trials[1][:, unit], "--", label="trial 2")
    ax.set_ylabel(f"unit {unit}")
axes[0].legend(loc="upper right")
axes[-1].set_xlabel("time (ms)")

# %%
# A step 2 s after the stimulus onset, read out linearly with a sparse
# (Lasso) readout. Trained on one trial (one noise realisation, fixed by the
# seed: ``predict`` on the same stimulus replays it), the readout produces
# the step on that trial. On new trials the noise, amplified by the chaotic
# dynamics, moves the trajectory away, and the timed response degrades: this
# is why Sussillo and Abbott tame the chaos with FORCE-trained feedback
# (see the FORCE example).
target = np.zeros((duration, 1))
target[onset + delay:] = 1.0
model = ESNRegressor(reservoir, readout=Lasso(alpha=1e-4, max_iter=5000, tol=1e-3))
model.fit(stimulus, target)
replay = model.predict(stimulus)
new_trials = model.predict(np.stack([stimulus] * 3))[1:]  # other noise realisations


def rmse(prediction):
    return float(np.sqrt(np.mean((prediction - target) ** 2)))


used = np.count_nonzero(model.readout_.coef_)
print(f"Lasso readout: {used} of {reservoir.n_units} units used")
print(f"training trial: RMSE {rmse(replay):.3f}; new trials: "
      + ", ".join(f"{rmse(p):.3f}" for p in new_trials))

fig, ax = plt.subplots(figsize=(9, 2.5), layout="constrained")
ax.plot(target, "k", label="target")
ax.plot(replay, label="training trial")
for p in new_trials:
    ax.plot(p, alpha=0.6, label="new trial")
ax.axvspan(onset, onset + width, color="0.85", label="stimulus")
ax.set_xlabel("time (ms)")
ax.legend(loc="upper left", fontsize="small")
plt.show()
