"""
The data sets at parity with ReservoirPy
=========================================

Six benchmark series of :mod:`skreservoir.datasets` that ReservoirPy 0.4.2
also provides: the Lorenz-96 ring, the Kuramoto-Sivashinsky equation, the
Rabinovich-Fabrikant attractor, multiple superimposed oscillators (MSO), the
Santa Fe laser (shipped with the package) and the Japanese vowels (through
sktime's bundled copy). Everything here runs offline in a few seconds.
"""

# %%
# Generate and load
# -----------------
# Lorenz-96 with 36 variables at forcing F = 8 (the chaotic regime) and
# Kuramoto-Sivashinsky on Kassam and Trefethen's domain L = 32 pi, both after the transient from
# their initial state; Rabinovich-Fabrikant at alpha = 1.1, gamma = 0.87;
# MSO-2 and MSO-8 (sums of 2 and 8 sines scaled onto [-1, 1]).
import matplotlib.pyplot as plt
import numpy as np

from skreservoir.datasets import (
    japanese_vowels,
    kuramoto_sivashinsky,
    lorenz96,
    mso,
    rabinovich_fabrikant,
    santafe_laser,
)

ring = lorenz96(400, h=0.05, n_warmup=200, rtol=1e-6, atol=1e-6)
field = kuramoto_sivashinsky(1000, n_warmup=400)
orbit = rabinovich_fabrikant(4000)
mso2, mso8 = mso(300), mso(300, frequencies=8)
laser = santafe_laser()
X_train, X_test, y_train, y_test = japanese_vowels()
for name, series in [
    ("lorenz96", ring),
    ("kuramoto_sivashinsky", field),
    ("rabinovich_fabrikant", orbit),
    ("santafe_laser", laser),
]:
    print(f"{name:22s} shape {series.shape}, range [{series.min():.2f}, {series.max():.2f}]")
print(
    f"japanese_vowels        {len(X_train)} training and {len(X_test)} test series, "
    f"{X_train[0].shape[1]} coefficients, {np.unique(y_train).size} speakers"
)

# %%
# Plot
# ----
# The travelling waves of Lorenz-96 around its ring and the merging cells of
# Kuramoto-Sivashinsky in space-time, the Rabinovich-Fabrikant orbit on
# (x, y), the two MSO sums, the laser's pulsations and collapses, and the
# first cepstrum coefficient of one utterance from three speakers.
fig, axes = plt.subplots(3, 2, figsize=(10, 9), layout="constrained")
image = axes[0, 0].imshow(ring.T, aspect="auto", cmap="RdBu_r", extent=[10, 30, 36, 0])
axes[0, 0].set(title="lorenz96 (N=36, F=8)", xlabel="time", ylabel="variable $i$")
fig.colorbar(image, ax=axes[0, 0])
image = axes[0, 1].imshow(field.T, aspect="auto", cmap="RdBu_r", extent=[100, 350, 32 * np.pi, 0])
axes[0, 1].set(title="kuramoto_sivashinsky (L=32$\\pi$)", xlabel="time", ylabel="$x$")
fig.colorbar(image, ax=axes[0, 1])
axes[1, 0].plot(orbit[500:, 0], orbit[500:, 1], linewidth=0.4)
axes[1, 0].set(title="rabinovich_fabrikant", xlabel="$x$", ylabel="$y$")
axes[1, 1].plot(mso2, label="MSO-2")
axes[1, 1].plot(mso8, label="MSO-8", alpha=0.8)
axes[1, 1].set(title="mso", xlabel="time step")
axes[1, 1].legend(loc="lower right")
axes[2, 0].plot(laser[:2000, 0], linewidth=0.6)
axes[2, 0].set(title=f"santafe_laser (first 2000 of {laser.shape[0]} steps)", xlabel="time step")
for speaker in (1, 5, 9):
    series = X_train[int(np.flatnonzero(y_train == speaker)[0])]
    axes[2, 1].plot(series[:, 0], label=f"speaker {speaker}")
axes[2, 1].set(title="japanese_vowels (coefficient 1)", xlabel="frame")
axes[2, 1].legend()
plt.show()
