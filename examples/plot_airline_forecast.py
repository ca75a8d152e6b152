"""
Forecasting airline passengers with sktime
==========================================

An ``ESNForecaster`` inside sktime's ``TransformedTargetForecaster`` (log,
then seasonal differencing), scored with ``evaluate`` on expanding windows
against sktime's seasonal naive and Theta forecasters on the same splits.
"""

# %%
import warnings

import matplotlib.pyplot as plt
from sktime.datasets import load_airline
from sktime.forecasting.compose import TransformedTargetForecaster
from sktime.forecasting.model_evaluation import evaluate
from sktime.forecasting.naive import NaiveForecaster
from sktime.forecasting.theta import ThetaForecaster
from sktime.performance_metrics.forecasting import MeanAbsolutePercentageError
from sktime.split import ExpandingWindowSplitter
from sktime.transformations.series.boxcox import LogTransformer
from sktime.transformations.series.difference import Differencer

from skreservoir import Reservoir, RidgeReadout
from skreservoir.forecasting import ESNForecaster

warnings.filterwarnings("ignore", category=FutureWarning)  # sktime's own notices
warnings.filterwarnings("ignore", module="statsmodels")  # Theta's optimiser notes

y = load_airline()
cv = ExpandingWindowSplitter(initial_window=84, step_length=12, fh=range(1, 13))
mape = MeanAbsolutePercentageError()

esn = TransformedTargetForecaster([
    ("log", LogTransformer()),
    ("seasonal_difference", Differencer(lags=12)),
    ("esn", ESNForecaster(
        Reservoir(n_units=200, spectral_radius=0.9, leak_rate=0.3, random_state=0),
        RidgeReadout(alpha=1e-4), washout=12, n_ensemble=5)),
])
forecasters = {
    "ESNForecaster (log, seasonal difference)": esn,
    "NaiveForecaster (seasonal last, sp=12)": NaiveForecaster(strategy="last", sp=12),
    "ThetaForecaster (sp=12)": ThetaForecaster(sp=12),
}

# %%
print(f"{'forecaster':44s} MAPE over {cv.get_n_splits(y)} yearly splits")
for name, forecaster in forecasters.items():
    results = evaluate(forecaster=forecaster, y=y, cv=cv, scoring=mape)
    print(f"{name:44s} {results.iloc[:, 0].mean():.4f}")

# %%
# The last year: the ESN forecast (mean of 5 reservoirs) against the data.
esn.fit(y[:-12], fh=range(1, 13))
prediction = esn.predict()
fig, ax = plt.subplots(figsize=(9, 3))
ax.plot(y.to_timestamp()[-48:], label="passengers")
ax.plot(prediction.to_timestamp(), "--", label="ESN forecast")
ax.legend()
plt.show()
