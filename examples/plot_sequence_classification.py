"""
Classifying whole series with an echo state network
===================================================

Each series is a noisy oscillation whose frequency is the class. The
``ESNClassifier`` runs every series of the panel through the reservoir
together and classifies it from the mean state (``decision="mean"``), the
last state or a vote over the steps.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import cross_val_score

from skreservoir import ESNClassifier, Reservoir

rng = np.random.default_rng(0)
frequencies = {"low": 0.6, "mid": 1.0, "high": 1.5}
labels = rng.choice(list(frequencies), size=300)
# series of unequal lengths: a list of 2D arrays
X = []
for label in labels:
    t = np.arange(rng.integers(40, 80)) * 0.25
    phase = rng.uniform(0, 2 * np.pi)
    X.append((np.sin(frequencies[label] * t + phase) + 0.2 * rng.normal(size=t.size))[:, None])

# %%
for decision in ["last", "mean", "vote"]:
    clf = ESNClassifier(Reservoir(n_units=100, leak_rate=0.5, random_state=0),
                        washout=10, decision=decision)
    scores = cross_val_score(clf, X, labels, cv=5)
    print(f"decision={decision!r:7} accuracy {scores.mean():.3f} +- {scores.std():.3f}")

# %%
clf = ESNClassifier(Reservoir(n_units=100, leak_rate=0.5, random_state=0),
                    washout=10, decision="mean").fit(X[:200], labels[:200])
# the probabilities: softmax of the ridge scores divided by a temperature fitted to
# their leave-one-out values at fit (temperature_), so that they reflect held-out
# confidence
proba = clf.predict_proba(X[200:])
print(f"temperature {clf.temperature_:.3f}, accuracy {clf.score(X[200:], labels[200:]):.3f}, "
      f"mean largest probability {proba.max(axis=1).mean():.3f}")
fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
ax.hist(proba.max(axis=1), bins=20)
ax.set_xlabel("largest class probability (calibrated softmax of ridge scores)")
plt.show()
