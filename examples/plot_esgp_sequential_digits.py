"""
Sequential digits: classifying images read row by row
=====================================================

scikit-learn's 8 x 8 handwritten digits, each read as a sequence of 8 steps
of 8 features (one image row per step): an offline stand-in for sequential
MNIST. A sequence model sees one row at a time and must carry what it saw to
the end, where its last state gives the class.

- ``ESGPClassifier``: a gated reservoir whose input and gate weights are
  trained by backpropagation through time (softmax cross-entropy);
- ``ESNClassifier``: a fixed reservoir, its last state read by a ridge
  classifier;
- scikit-learn's ``MLPClassifier`` on the 64 pixels at once (not a sequence
  model: it sees the whole image at once, a reference rather than a bound:
  on three other splits the ESN scored above it, 0.974 to 0.987 against
  0.957 to 0.980).
"""

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import ConfusionMatrixDisplay
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from skreservoir import ESGPClassifier, ESNClassifier, Reservoir

warnings.filterwarnings("ignore", category=ConvergenceWarning)  # short training on purpose

digits = load_digits()
X = digits.images / 16.0  # (1797, 8, 8): 8 steps of 8 features
y = digits.target
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)

# %%
esgp = ESGPClassifier(n_units=64, max_iter=15, random_state=0).fit(X_train, y_train)
esn = ESNClassifier(Reservoir(n_units=300, leak_rate=0.5, random_state=0), washout=0)
esn.fit(X_train, y_train)
mlp = MLPClassifier(hidden_layer_sizes=(64,), max_iter=200, random_state=0)
mlp.fit(X_train.reshape(len(X_train), -1), y_train)

scores = {
    "ESGPClassifier (rows)": esgp.score(X_test, y_test),
    "ESNClassifier (rows)": esn.score(X_test, y_test),
    "MLPClassifier (all pixels)": mlp.score(X_test.reshape(len(X_test), -1), y_test),
}
for name, accuracy in scores.items():
    print(f"{name:28s} test accuracy {accuracy:.3f}")

# %%
# Eight steps are a short memory: a fixed reservoir with a ridge readout
# already holds them, and trains in a fraction of the time. Gated training
# pays where a value must be held over long spans (the adding problem
# example).
#
# ESGP's confusions on the test images, and its training loss per epoch.
fig, (ax_matrix, ax_loss) = plt.subplots(1, 2, figsize=(10, 4))
ConfusionMatrixDisplay.from_predictions(y_test, esgp.predict(X_test), ax=ax_matrix, colorbar=False)
ax_matrix.set_title("ESGPClassifier")
ax_loss.plot(np.arange(1, len(esgp.loss_curve_) + 1), esgp.loss_curve_, marker="o")
ax_loss.set(title="training loss (cross-entropy)", xlabel="epoch", yscale="log")
fig.tight_layout()
plt.show()
