"""
Forecasting airline passengers with sktime
==========================================

``ESNForecaster()`` with its defaults on a trending, seasonal series: the
automatic transformation (``log="auto"``, ``detrend="auto"``,
``sp="auto"``) finds that the spread of the series grows with its level
(so it models the log), that a line explains most of it (so it removes the
trend and continues it) and, from the monthly index, a season of 12 that
passes Theta's autocorrelation test (so it removes the seasonal profile),
and that what is left has a unit root by the Dickey-Fuller test (so it
models the increments). The reservoir models those; the forecast and its 90 % interval are
mapped back. Scored with ``evaluate`` on expanding windows against
sktime's seasonal naive and Theta forecasters on the same splits.
"""

# %%
import warnings

import matplotlib.pyplot as plt
from sktime.datasets import load_airline
from sktime.forecasting.model_evaluation import evaluate
from sktime.forecasting.naive import NaiveForecaster
from sktime.forecasting.theta import ThetaForecaster
from sktime.performance_metrics.forecasting import MeanAbsolutePercentageError
from sktime.split import ExpandingWindowSplitter
from statsmodels.tools.sm_exceptions import ConvergenceWarning as StatsmodelsConvergenceWarning

from skreservoir.forecasting import ESNForecaster

# Theta's optimiser notes: statsmodels sets its ConvergenceWarning to "always" when
# it is imported, so the filter must come after that import to hold
warnings.filterwarnings("ignore", category=StatsmodelsConvergenceWarning)
# sktime's notice of a change of its remember_data default, given when its own
# forecasters (NaiveForecaster, ThetaForecaster) are built: sktime's forecasting
# horizon code sets FutureWarning back to "default" as it runs, so this filter
# holds them back only until then, and some are printed below (not skreservoir's)
warnings.filterwarnings("ignore", category=FutureWarning)

y = load_airline()
cv = ExpandingWindowSplitter(initial_window=84, step_length=12, fh=range(1, 13))
mape = MeanAbsolutePercentageError()

forecasters = {
    "ESNForecaster() (defaults)": ESNForecaster(random_state=0),
    "NaiveForecaster (seasonal last, sp=12)": NaiveForecaster(strategy="last", sp=12),
    "ThetaForecaster (sp=12)": ThetaForecaster(sp=12),
}

# %%
print(f"{'forecaster':40s} MAPE over {cv.get_n_splits(y)} yearly splits")
for name, forecaster in forecasters.items():
    results = evaluate(forecaster=forecaster, y=y, cv=cv, scoring=mape)
    print(f"{name:40s} {results.iloc[:, 0].mean():.4f}")

# %%
# What the automatic transformation decided on the training series:
esn = ESNForecaster(random_state=0).fit(y[:-24], fh=range(1, 25))
transform = esn.transform_
print(
    f"log: {transform.log_[0]}, trend slope per month: {transform.trend_[0, 0]:.4f}, "
    f"season: {transform.season_length_}, differenced: {transform.difference_[0]}"
)

# %%
# Two years ahead: the forecast and its 90 % interval (simulated paths with
# resampled one-step residuals, mapped back through the transformation).
prediction = esn.predict()
band = esn.predict_interval(coverage=0.9)
months = y.index.to_timestamp()
fig, ax = plt.subplots(figsize=(9, 3), layout="constrained")
ax.plot(months[-72:-24], y[-72:-24], color="0.5", label="history (training)")
ax.plot(months[-24:], y[-24:], color="k", label="held out")
ax.plot(months[-24:], prediction, color="tab:red", label="ESNForecaster()")
ax.fill_between(
    months[-24:],
    band.iloc[:, 0],
    band.iloc[:, 1],
    color="tab:red",
    alpha=0.2,
    label="90 % interval",
)
ax.set(ylabel="passengers (thousands)")
ax.legend(loc="upper left", fontsize="small")
plt.show()
