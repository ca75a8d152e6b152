"""
Decoding a song syllable by syllable
====================================

A synthetic "song" is a sequence of syllables, each a sum of chirps (tones
whose frequency glides) plus noise. ``ESNClassifier`` fitted with one label
per time step (frame-wise mode) decodes which syllable is being sung at
every step of a new song.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

from skreservoir import ESNClassifier, Reservoir

rng = np.random.default_rng(0)
# syllable -> (start, end) frequencies of its two chirps, in cycles per step
SYLLABLES = {"a": [(0.02, 0.06), (0.10, 0.08)], "b": [(0.08, 0.03), (0.15, 0.15)],
             "c": [(0.05, 0.05), (0.12, 0.20)], "silence": []}


def song(n_syllables):
    """A noisy song and its per-step labels."""
    signal, labels = [], []
    for name in rng.choice(list(SYLLABLES), size=n_syllables):
        n = rng.integers(40, 80)
        frac = np.arange(n) / n
        piece = np.zeros(n)
        for f0, f1 in SYLLABLES[name]:
            piece += np.sin(2 * np.pi * np.cumsum(f0 + (f1 - f0) * frac))
        signal.append(piece * np.hanning(n) ** 0.2)
        labels += [name] * n
    signal = np.concatenate(signal) + 0.2 * rng.normal(size=len(labels))
    return signal[:, None], np.array(labels)


X_train, y_train = song(120)
X_test, y_test = song(30)

# %%
clf = ESNClassifier(Reservoir(n_units=800, leak_rate=0.3, spectral_radius=0.9,
                              input_scaling=1.0, bias_scaling=1.0, random_state=0), washout=20)
clf.fit(X_train, y_train)
y_pred = clf.predict(X_test, initial_state="rest")  # a new song: from rest
print(f"frame accuracy on a new song: {np.mean(y_pred == y_test):.3f}")
# the reservoir needs a few steps to notice a new syllable: most errors sit
# just after a boundary
boundary = np.flatnonzero(y_test[1:] != y_test[:-1]) + 1
near = np.zeros(len(y_test), dtype=bool)
for b in boundary:
    near[b:b + 15] = True
print(f"frame accuracy 15+ steps after a boundary: {np.mean((y_pred == y_test)[~near]):.3f}")

# %%
codes = {name: i for i, name in enumerate(SYLLABLES)}
fig, (ax0, ax1) = plt.subplots(2, 1, figsize=(8, 4), sharex=True)
ax0.plot(X_test[:800, 0], lw=0.6)
ax0.set_ylabel("song")
ax1.plot([codes[v] for v in y_test[:800]], label="true")
ax1.plot([codes[v] for v in y_pred[:800]], lw=0.8, label="decoded")
ax1.set_yticks(list(codes.values()), list(codes))
ax1.set_xlabel("time step")
ax1.legend(loc="upper right")
fig.tight_layout()
plt.show()
