"""Series to (input, target) pairs for forecasting."""

import math
import numbers

import numpy as np

from skreservoir._validation import _univariate_list, check_int


def _split_one(series, forecast, test_size, name="series"):
    series = np.asarray(series)
    if not (np.issubdtype(series.dtype, np.number) or series.dtype == np.bool_):
        raise ValueError(
            f"{name} must hold numbers, got an array of dtype {series.dtype}; pass "
            "a numeric array (n_timesteps,) or (n_timesteps, n_features)."
        )
    if not np.all(np.isfinite(series)):
        raise ValueError(
            f"{name} holds NaN or inf; fill or drop the missing values before "
            "pairing it with to_forecasting."
        )
    if series.ndim == 1:
        series = series.reshape(-1, 1)
    if series.ndim != 2:
        raise ValueError(
            "series must be 1D, 2D (n_timesteps, n_features), 3D (n_series, "
            f"n_timesteps, n_features) or a list of 2D arrays, got {series.ndim}D."
        )
    n_pairs = series.shape[0] - forecast
    if n_pairs < 1:
        raise ValueError(
            f"forecast={forecast} leaves no (X, y) pair in a series of "
            f"{series.shape[0]} time steps; use a smaller forecast or a longer series."
        )
    X, y = series[:-forecast].copy(), series[forecast:].copy()
    if test_size is None:
        return X, y
    if isinstance(test_size, numbers.Integral) and not isinstance(test_size, bool):
        n_test = int(test_size)
    elif isinstance(test_size, numbers.Real) and 0 < test_size < 1:
        n_test = math.ceil(test_size * n_pairs)
    else:
        raise ValueError(
            "test_size must be an int (number of steps) or a float in (0, 1) "
            f"(fraction), got {test_size!r}."
        )
    if not 1 <= n_test < n_pairs:
        raise ValueError(
            f"test_size={test_size!r} gives {n_test} test steps out of {n_pairs} "
            "(X, y) pairs; it must leave at least one step for training and one for testing."
        )
    n_train = n_pairs - n_test
    return X[:n_train], X[n_train:], y[:n_train], y[n_train:]


def to_forecasting(series, forecast=1, test_size=None):
    """Pair a series with itself ``forecast`` steps ahead, optionally split in time.

    ``y[t] = series[t + forecast]`` and ``X[t] = series[t]``, for the
    ``n_timesteps - forecast`` steps where both exist.

    Parameters
    ----------
    series : array-like of shape (n_timesteps,) or (n_timesteps, n_features)
        The series; a panel, 3D array (n_series, n_timesteps, n_features) or
        list of 2D arrays, is handled series by series, and so is a list of
        1D arrays (numpy or pandas) of unequal lengths (univariate series).
        A list of 1D arrays of equal lengths is read as scikit-learn reads
        it, the rows of one series (a trajectory built step by step), with
        a :class:`~skreservoir.exceptions.DataLayoutWarning` when there are
        fewer arrays than values in each.
    forecast : int, default=1
        Forecast horizon in steps, >= 1.
    test_size : int, float or None, default=None
        If given, the last steps go to a test set: an int is a number of
        steps, a float in (0, 1) a fraction of the ``n_timesteps - forecast``
        pairs (rounded up, as ``sklearn.model_selection.train_test_split``
        does; ReservoirPy rounds a fraction of ``n_timesteps``).

    Returns
    -------
    X, y : ndarray of shape (n_timesteps - forecast, n_features)
        Without ``test_size``. 1D input gives ``n_features = 1``.
    X_train, X_test, y_train, y_test : ndarray
        With ``test_size``, in time order: the test steps follow the training
        steps. A 3D array gives 3D arrays and a list gives lists.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir.datasets import to_forecasting
    >>> X, y = to_forecasting(np.arange(6.0), forecast=2)
    >>> print(X.ravel(), y.ravel())
    [0. 1. 2. 3.] [2. 3. 4. 5.]
    >>> X_train, X_test, y_train, y_test = to_forecasting(np.arange(10.0), test_size=0.2)
    >>> X_train.shape, X_test.shape
    ((7, 1), (2, 1))
    """
    forecast = check_int(forecast, "forecast")
    series = _univariate_list(series, "to_forecasting", "series")  # ragged: (n_i, 1) series
    if isinstance(series, (list, tuple)) and len(series) and np.ndim(series[0]) == 2:
        parts = [_split_one(s, forecast, test_size, f"series[{i}]")
                 for i, s in enumerate(series)]
        return tuple(list(p) for p in zip(*parts))
    series = np.asarray(series)
    if series.ndim == 3:
        parts = [_split_one(s, forecast, test_size, f"series[{i}]")
                 for i, s in enumerate(series)]
        return tuple(np.stack(p) for p in zip(*parts))
    return _split_one(series, forecast, test_size)

