"""
Classifying series with a spiking (LIF) reservoir
=================================================

A pool of leaky integrate-and-fire units (:class:`skreservoir.LIFReservoir`)
turns each series into spike trains; the firing rates of the units over a
series (the mean of its spikes) are the features of a ridge classifier.
Each series is a noisy oscillation whose frequency is the class, as in the
rate-reservoir example of sequence classification; the spiking pool
classifies less well than the tanh reservoir here, but far above chance
(1/3). The input is shifted to
be nonnegative, since the units integrate positive drive towards their
threshold.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import cross_val_score

from skreservoir import ESNClassifier, LIFReservoir, Reservoir

rng = np.random.default_rng(0)
frequencies = {"low": 0.6, "mid": 1.0, "high": 1.5}
labels = rng.choice(list(frequencies), size=300)
X = []
for label in labels:
    t = np.arange(rng.integers(40, 80)) * 0.25
    phase = rng.uniform(0, 2 * np.pi)
    wave = np.sin(frequencies[label] * t + phase) + 0.2 * rng.normal(size=t.size)
    X.append((1.0 + wave)[:, None] / 2)  # in about [0, 1]

# leak_rate and input_scaling from a small grid (leak 0.05, 0.2, 0.5; input
# scaling 0.5, 2): 0.2 and 0.5 classify best.
pool = dict(
    leak_rate=0.2,
    threshold=1.0,
    inhibitory=0.2,
    input_scaling=0.5,
    input_density=0.5,
    random_state=0,
)
models = {
    "LIF spikes": ESNClassifier(LIFReservoir(300, **pool), washout=5, decision="mean"),
    "LIF potentials": ESNClassifier(
        LIFReservoir(300, output="potential", **pool), washout=5, decision="mean"
    ),
    "tanh reservoir": ESNClassifier(
        Reservoir(300, leak_rate=0.5, random_state=0), washout=5, decision="mean"
    ),
}
for name, model in models.items():
    scores = cross_val_score(model, X, labels, cv=5)
    print(f"{name:>15}: accuracy {scores.mean():.3f} +- {scores.std():.3f}")

# %%
# The spike trains of a few units on one series of each class.
spiking = LIFReservoir(300, **pool).fit(X)
fig, axes = plt.subplots(1, 3, figsize=(10, 3), sharey=True, layout="constrained")
for ax, label in zip(axes, frequencies):
    series = X[int(np.flatnonzero(labels == label)[0])]
    spikes = spiking.transform(series)[:, :40]
    steps, units = np.nonzero(spikes)
    ax.plot(steps, units, "|", markersize=4)
    ax.set_xlim(0, len(series))  # the whole series, not just the span of the spikes
    ax.set_title(f"{label} frequency: rate {spikes.mean():.2f}")
    ax.set_xlabel("step")
axes[0].set_ylabel("unit")
plt.show()
