"""
Random search of echo state network hyperparameters with hyperopt
=================================================================

Explore the hyperparameter landscape of an echo state network on the
Mackey-Glass series, as in Hinaut & Trouvain, "Which hype for my new task?"
(ICANN 2021): a random search over log-uniform ranges of spectral radius,
leak rate, input scaling and ridge parameter, then the report of loss
against every hyperparameter with the best trials highlighted.

The poster drew 125 trials; this script draws 20 by default so that it runs
in seconds. ``python plot_hyperopt_search.py --trials 125 --save report.png``
draws the full landscape and saves the figure.
"""

# %%
# Data and model: one series, rows are time steps; a 100-unit reservoir and a
# ridge readout, the first 100 steps of every series left out of training.
import argparse

import matplotlib.pyplot as plt
from sklearn.model_selection import TimeSeriesSplit

from skreservoir import ESNRegressor, Reservoir, RidgeReadout
from skreservoir.datasets import mackey_glass, to_forecasting
from skreservoir.model_selection import HyperoptSearchCV, reservoir_space
from skreservoir.plotting import plot_search

parser = argparse.ArgumentParser(
    description="Random search of echo state network hyperparameters with hyperopt")
parser.add_argument("--trials", type=int, default=20, help="number of trials (poster: 125)")
parser.add_argument("--save", default=None, help="file to save the report to")
args, _ = parser.parse_known_args()

X, y = to_forecasting(mackey_glass(2000), forecast=1)
esn = ESNRegressor(Reservoir(n_units=100, random_state=0), RidgeReadout(), washout=100)

# %%
# The search: the default space of :func:`~skreservoir.model_selection.reservoir_space`
# (spectral radius in [1e-2, 10], leak rate in [1e-3, 1], input scaling in
# [1e-2, 10], ridge in [1e-9, 1e-2], all log-uniform), drawn at random
# (``algo="random"``; ``"tpe"`` would concentrate on the good region). Each
# trial is cross-validated on time-ordered folds. Each test fold continues
# its training fold (``TimeSeriesSplit`` without a gap), so it is scored by
# the ESN's R² run on from the end of that training (``initial_state="fit"``)
# rather than from rest, where the first ``washout`` steps would be left out
# and the ESN would warn (``WarmupWarning``) that they start from rest. Some
# trials drive their reservoir into saturation (input scaling up to 10): their
# fits warn (``ReservoirStateWarning``, naming the parameter) and they score
# worse; the search keeps them as trials.
def continued(estimator, X, y):
    return estimator.score(X, y, initial_state="fit")


space = reservoir_space()
search = HyperoptSearchCV(esn, space, max_evals=args.trials, algo="random",
                          scoring=continued,
                          cv=TimeSeriesSplit(n_splits=3, test_size=400), random_state=0,
                          verbose=1)
search.fit(X, y)
print("best parameters:")
for name, value in search.best_params_.items():
    print(f"  {name} = {value:.3g}")
print(f"best cross-validated R2: {search.best_score_:.5f}")

# %%
# The report: loss (minus R², or 1 - R² on a logarithmic axis where a few
# trials diverge: the colour bar's label says which) against each hyperparameter
# on the diagonal, pairs of hyperparameters below it, coloured by loss; the
# best 10 % of trials in red, the best as a star. Good models need a leak
# rate and spectral radius that match the time scale of the series; the
# ridge parameter matters least within this range.
fig = plot_search(search)
if args.save:
    fig.savefig(args.save, dpi=120)
    print(f"report saved to {args.save}")
plt.show()
