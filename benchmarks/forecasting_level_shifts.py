"""Which series the level-shift rule flags (LevelShiftWarning's false alarms).

The rule of ``skreservoir.forecasting.level_shifts`` applied, as the
forecasters apply it, to each column of the series as the model sees it
(``TargetTransform``'s log, line and season decided): the chaotic tasks of
``forecasting.py`` (4 systems, clean and noisy, 10 origins), its real
series, the numeric columns of sktime's forecasting datasets, and 300 each
of random walks, white noise, smoothed noise and noisy lines of 200 points.
Prints every series flagged and the count::

    python benchmarks/forecasting_level_shifts.py
"""

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
warnings.simplefilter("ignore")
import forecasting as fb  # noqa: E402

from skreservoir.forecasting._transform import TargetTransform, level_shifts  # noqa: E402


def flagged(y):
    """``[(column, positions)]`` of the columns of ``y`` with level shifts."""
    y = pd.DataFrame(y)
    Y = y.to_numpy(dtype=float)
    transform = TargetTransform().fit(Y, y.index)
    Z = transform.transform(Y, np.arange(len(Y)))
    found = [(j, level_shifts(Z[:, j]).tolist()) for j in range(Y.shape[1])]
    return [(j, p) for j, p in found if p]


def series():
    """``(kind, name, series)`` of every series scanned."""
    for task, origin, train, _, _ in fb.chaotic_tasks(list(fb.SYSTEMS), 10, True):
        yield "chaotic", f"{task}#o{origin}", train
    for name, loader, _, _ in fb.real_series():
        yield "real", name, loader()
    from sktime import datasets

    for loader in ("load_airline", "load_lynx", "load_shampoo_sales", "load_uschange",
                   "load_longley", "load_macroeconomic", "load_PBS_dataset"):
        data = getattr(datasets, loader)()
        data = data[0] if isinstance(data, tuple) else data
        data = data.select_dtypes("number") if isinstance(data, pd.DataFrame) else data.to_frame()
        for column in data.columns:
            yield "sktime", f"{loader}:{column}", data[column].dropna()
    rng = np.random.default_rng(1)
    for kind in ("random walk", "white noise", "smoothed noise", "noisy line"):
        for i in range(300):
            e = rng.standard_normal(200)
            values = {"random walk": e.cumsum(), "white noise": e,
                      "smoothed noise": pd.Series(e).ewm(alpha=0.2).mean().to_numpy(),
                      "noisy line": 0.1 * np.arange(200) + e}[kind]
            yield kind, f"{kind} {i}", pd.Series(values)


def main():
    counts = {}
    for kind, name, y in series():
        found = flagged(y)
        total, hits = counts.get(kind, (0, 0))
        counts[kind] = (total + 1, hits + bool(found))
        if found:
            print(f"{kind:15s} {name}: {found} (of {len(y)} points)")
    for kind, (total, hits) in counts.items():
        print(f"{kind:15s} {hits} of {total} flagged")
    print("all", sum(h for _, h in counts.values()), "of", sum(t for t, _ in counts.values()))


if __name__ == "__main__":
    main()
