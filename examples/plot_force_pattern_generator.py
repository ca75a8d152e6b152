"""
FORCE learning of an autonomous pattern generator
=================================================

After Sussillo & Abbott (2009): a reservoir whose output is fed back into
it learns, online with recursive least squares, to produce a sum of sines
with no input at all. Once trained it keeps generating the pattern on its
own for 1000 steps.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

from skreservoir import ESNRegressor, ForceReadout, Reservoir
from skreservoir.metrics import nrmse

t = np.arange(4000)
pattern = 0.5 * (np.sin(2 * np.pi * t / 50) + 0.5 * np.sin(2 * np.pi * t / 20))[:, None]
no_input = np.zeros((4000, 1))

esn = ESNRegressor(
    Reservoir(n_units=200, spectral_radius=1.0, leak_rate=0.3, noise=1e-5,
              random_state=0),
    ForceReadout(alpha=1e-6),
    feedback=True, feedback_scaling=0.5, washout=100, random_state=0,
)
# online: 3000 steps in chunks of 500, the target fed back (teacher forcing)
for start in range(0, 3000, 500):
    esn.partial_fit(no_input[start:start + 500], pattern[start:start + 500])

# %%
# Free run: no input, the model's own output fed back.
generated = esn.generate(1000, inputs=no_input[3000:])
print(f"NRMSE over 1000 generated steps: {nrmse(pattern[3000:], generated):.2e}")

fig, ax = plt.subplots(figsize=(9, 3))
ax.plot(np.arange(2800, 4000), pattern[2800:], label="target pattern")
ax.plot(np.arange(3000, 4000), generated, "--", label="generated, no input")
ax.axvline(3000, color="grey", lw=0.5)
ax.legend(loc="upper right")
plt.show()
