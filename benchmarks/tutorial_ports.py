"""sktime's and scikit-learn's tutorial workflows with our estimators, next to their baselines.

What a new user porting those tutorials gets on the first natural try:

- sktime's forecasting tutorial: airline, the last 36 months held out
  (``temporal_train_test_split(y, test_size=36)``), MAPE of the naive and
  Theta forecasters against ``ESNForecaster()``, ``NVARForecaster()`` and
  ``AutoESNForecaster()``; a ``TransformedTargetForecaster`` (log,
  deseasonalize, detrend) before ``ESNForecaster`` with its own log, trend
  and season off, its differencing left automatic or off; sktime's
  ``make_reduction`` (15 lags, recursive) with k-nearest neighbours and
  with ``ESNRegressor()``;
- sktime's classification tutorial: ``load_unit_test`` (Chinatown counts),
  the accuracy of ``ESNClassifier()`` on the counts as loaded and
  standardised with the training panel's mean and standard deviation, of
  ``ESNTimeSeriesClassifier()`` and of the majority class;
- scikit-learn's ``cross_val_score`` with ``TimeSeriesSplit(5)`` on
  Mackey-Glass 10 steps ahead in raw units (x 100 + 500), for
  ``make_pipeline(StandardScaler(), ESNRegressor())``: the estimator's own
  score (R² after the washout) against ``scoring="r2"`` (every step of the
  fold, the warm-up from rest included).

Writes ``tutorial_ports.json`` next to this script and prints the table.

    python benchmarks/tutorial_ports.py
"""

import json
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine_info  # noqa: E402


def _pipeline(difference):
    """sktime's transformations, then ESNForecaster with its own log, trend and season off."""
    from sktime.forecasting.compose import TransformedTargetForecaster
    from sktime.forecasting.trend import PolynomialTrendForecaster
    from sktime.transformations.series.boxcox import LogTransformer
    from sktime.transformations.series.detrend import Deseasonalizer, Detrender

    from skreservoir.forecasting import ESNForecaster

    return TransformedTargetForecaster([
        ("log", LogTransformer()),
        ("deseasonalize", Deseasonalizer(sp=12)),
        ("detrend", Detrender(forecaster=PolynomialTrendForecaster(degree=1))),
        ("forecast", ESNForecaster(log=False, detrend=False, sp=1, difference=difference,
                                   random_state=0)),
    ])


def forecasting():
    """MAPE over the airline's last 36 months."""
    from sklearn.neighbors import KNeighborsRegressor
    from sktime.datasets import load_airline
    from sktime.forecasting.base import ForecastingHorizon
    from sktime.forecasting.compose import make_reduction
    from sktime.forecasting.naive import NaiveForecaster
    from sktime.forecasting.theta import ThetaForecaster
    from sktime.performance_metrics.forecasting import mean_absolute_percentage_error
    from sktime.split import temporal_train_test_split

    from skreservoir import ESNRegressor
    from skreservoir.forecasting import AutoESNForecaster, ESNForecaster, NVARForecaster

    y = load_airline()
    y_train, y_test = temporal_train_test_split(y, test_size=36)
    fh = ForecastingHorizon(y_test.index, is_relative=False)
    models = {
        "NaiveForecaster()": NaiveForecaster(),
        "NaiveForecaster(sp=12)": NaiveForecaster(sp=12),
        "ThetaForecaster(sp=12)": ThetaForecaster(sp=12),
        "ESNForecaster()": ESNForecaster(random_state=0),
        "NVARForecaster()": NVARForecaster(),
        "AutoESNForecaster()": AutoESNForecaster(random_state=0),
        "log, deseasonalize, detrend, ESNForecaster(...)": _pipeline(difference="auto"),
        "the same, ESNForecaster(..., difference=False)": _pipeline(difference=False),
        "make_reduction(KNeighborsRegressor(1))":
            make_reduction(KNeighborsRegressor(n_neighbors=1), window_length=15),
        "make_reduction(ESNRegressor())":
            make_reduction(ESNRegressor(random_state=0), window_length=15),
    }
    return {name: float(mean_absolute_percentage_error(
        y_test, model.fit(y_train, fh=fh).predict(), symmetric=False))
        for name, model in models.items()}


def classification():
    """Accuracy on load_unit_test's test split."""
    from sktime.datasets import load_unit_test

    from skreservoir import ESNClassifier
    from skreservoir.classification import ESNTimeSeriesClassifier

    X_train, y_train = load_unit_test(split="train", return_type="numpy3D")
    X_test, y_test = load_unit_test(split="test", return_type="numpy3D")
    tsc = ESNTimeSeriesClassifier(random_state=0).fit(X_train, y_train)
    X_train, X_test = X_train.transpose(0, 2, 1), X_test.transpose(0, 2, 1)
    mean, std = X_train.mean(axis=(0, 1)), X_train.std(axis=(0, 1))
    labels, counts = np.unique(y_train, return_counts=True)
    return {
        "majority class": float(np.mean(y_test == labels[np.argmax(counts)])),
        "ESNClassifier() on the counts": ESNClassifier(random_state=0).fit(
            X_train, y_train).score(X_test, y_test),
        "ESNClassifier() standardised": ESNClassifier(random_state=0).fit(
            (X_train - mean) / std, y_train).score((X_test - mean) / std, y_test),
        "ESNTimeSeriesClassifier()": tsc.score(X_test.transpose(0, 2, 1), y_test),
    }


def cross_validation():
    """Mean R² over TimeSeriesSplit(5) folds, two scorings."""
    from sklearn.model_selection import TimeSeriesSplit, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from skreservoir import ESNRegressor
    from skreservoir.datasets import mackey_glass, to_forecasting

    X, y = to_forecasting(mackey_glass(2000, random_state=0), forecast=10)
    X, y = 100 * X + 500, (100 * y + 500).ravel()
    pipe = make_pipeline(StandardScaler(), ESNRegressor(random_state=0))
    return {
        f"cross_val_score, {label}": float(np.mean(cross_val_score(
            pipe, X, y, cv=TimeSeriesSplit(n_splits=5), scoring=scoring)))
        for label, scoring in [("default scoring (score)", None), ('scoring="r2"', "r2")]
    }


def main():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = {"forecasting MAPE, airline 36 months": forecasting(),
                   "classification accuracy, load_unit_test": classification(),
                   "ESNRegressor R2, Mackey-Glass in raw units": cross_validation()}
    for section, rows in results.items():
        print(section)
        for name, value in rows.items():
            print(f"  {name:48s} {value:8.3f}")
    results["machine"] = machine_info(["skreservoir", "sktime", "scikit-learn"])
    path = Path(__file__).with_suffix(".json")
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {path.name}")


if __name__ == "__main__":
    main()
