"""sktime ``update`` of the reservoir forecasters against a fresh fit, on airline.

Each forecaster is fitted on the first 72 months and updated yearly with
``update(update_params=True)`` on the expanding window (as sktime passes
it); after each update its 12-month forecast is compared with that of a
fresh ``fit`` on the same history (MAE of both, and their largest
difference). Then sktime's ``evaluate`` with the ``"update"``,
``"no-update_params"`` and ``"refit"`` strategies over the same yearly folds,
and ``update_predict`` one step ahead over the last 36 months (MAPE).

Run: ``python benchmarks/forecasting_update.py`` (a few seconds).
"""

import warnings

import numpy as np
from sktime.datasets import load_airline
from sktime.forecasting.model_evaluation import evaluate
from sktime.performance_metrics.forecasting import mean_absolute_error
from sktime.split import ExpandingWindowSplitter

from skreservoir.forecasting import ESNForecaster, NVARForecaster

FORECASTERS = {"ESN": lambda: ESNForecaster(random_state=0), "NVAR": NVARForecaster}
FIRST, STEP = 72, 12


def updates_against_fresh_fits(make, y):
    """Rows (cutoff, MAE updated, MAE fresh, max |updated - fresh|) of the yearly updates."""
    fh = list(range(1, STEP + 1))
    forecaster = make().fit(y[:FIRST], fh=fh)
    rows = []
    for end in range(FIRST + STEP, len(y) + 1, STEP):
        forecaster.update(y[:end], update_params=True)
        updated = forecaster.predict().to_numpy()
        fresh = make().fit(y[:end], fh=fh).predict().to_numpy()
        truth = y[end : end + STEP].to_numpy()
        mae = (
            (np.mean(np.abs(updated - truth)), np.mean(np.abs(fresh - truth)))
            if len(truth) == STEP
            else (np.nan, np.nan)
        )
        rows.append((end, *mae, np.max(np.abs(updated - fresh))))
    return rows


def one_step_mape(make, y, update_params):
    """MAPE of ``update_predict`` one step ahead over the last 36 months."""
    cv = ExpandingWindowSplitter(initial_window=len(y) - 36, step_length=1, fh=[1])
    forecaster = make().fit(y[: cv.initial_window], fh=[1])
    predicted = forecaster.update_predict(y, cv=cv, update_params=update_params)
    predicted = predicted.squeeze() if predicted.ndim > 1 else predicted
    return float(np.mean(np.abs(predicted - y[predicted.index]) / y[predicted.index]))


def main():
    warnings.simplefilter("ignore")
    y = load_airline()
    cv = ExpandingWindowSplitter(initial_window=FIRST, step_length=STEP, fh=range(1, STEP + 1))
    for name, make in FORECASTERS.items():
        print(f"{name}: cutoff, 12-month MAE updated, fresh fit, max |updated - fresh|")
        for end, updated, fresh, gap in updates_against_fresh_fits(make, y):
            print(f"  {end:4d}  {updated:7.2f}  {fresh:7.2f}  {gap:.3g}")
        for strategy in ("update", "no-update_params", "refit"):
            scores = evaluate(make(), cv, y, strategy=strategy, scoring=mean_absolute_error)
            folds = scores.iloc[:, 0].to_numpy()
            print(f"  evaluate({strategy!r}): mean MAE {folds.mean():.2f}, "
                  f"folds {np.round(folds, 1).tolist()}")
        for update_params in (True, False):
            mape = one_step_mape(make, y, update_params)
            print(f"  update_predict one step, last 36 months, "
                  f"update_params={update_params}: MAPE {mape:.4f}")


if __name__ == "__main__":
    main()
