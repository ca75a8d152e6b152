"""The forecasters' automatic target transformation: log, linear trend, seasonal profile."""

import numpy as np
import pandas as pd

#: Season length of a calendar frequency (the pandas offset's prefix), as
#: R's ``ts`` frequency: months 12, quarters 4, weeks 52, days 7, hours 24.
SEASON_OF_FREQUENCY = {
    "M": 12,
    "MS": 12,
    "ME": 12,
    "Q": 4,
    "QS": 4,
    "QE": 4,
    "W": 52,
    "D": 7,
    "B": 5,
    "H": 24,
    "h": 24,
}

#: A linear trend is removed when it explains at least this share of the
#: training series' variance (R^2 of the least-squares line).
TREND_R2 = 0.5

#: A strictly positive series is log-transformed when its local spread grows
#: at least this fast with its local level: the slope b of log(std) on
#: log(mean) over consecutive windows (b = 1: spread proportional to level,
#: the log's case; b = 0: constant spread, the identity's).
LOG_SLOPE = 0.5


def season_of_index(index):
    """Season length implied by a calendar index's frequency, 1 when none."""
    freq = getattr(index, "freq", None)
    if freq is None and isinstance(index, pd.DatetimeIndex) and len(index) > 2:
        freq = pd.infer_freq(index)
        freq = None if freq is None else pd.tseries.frequencies.to_offset(freq)
    if freq is None:
        return 1
    name = getattr(freq, "name", str(freq)).split("-")[0]
    prefix = name.lstrip("0123456789")
    return SEASON_OF_FREQUENCY.get(prefix, 1)


def is_seasonal(values, season):
    """Theta's 90% autocorrelation test at lag ``season`` (one column).

    Seasonal when ``|r_s| > 1.645 sqrt((1 + 2 sum_{k<s} r_k^2) / n)``, the
    test of Assimakopoulos and Nikolopoulos's Theta method (sktime's
    ``ThetaForecaster``, R's ``thetaf``).
    """
    n = len(values)
    if season < 2 or n < 3 * season:
        return False
    centred = values - values.mean()
    denominator = np.sum(centred**2)
    if denominator == 0:
        return False
    acf = np.array(
        [np.sum(centred[k:] * centred[: n - k]) / denominator for k in range(1, season + 1)]
    )
    limit = 1.645 * np.sqrt((1 + 2 * np.sum(acf[:-1] ** 2)) / n)
    return bool(abs(acf[-1]) > limit)


#: The transformed series is differenced when the augmented Dickey-Fuller
#: t-statistic (constant, no trend) is above this value: MacKinnon's
#: asymptotic 5% critical value, so a unit root is not rejected.
ADF_CRITICAL = -2.86

#: MacKinnon's asymptotic 1% and 10% critical values (constant, no trend):
#: a statistic between them, or a series too short for the test, leaves the
#: unit root undecided (AutoESNForecaster then validates both choices).
ADF_UNDECIDED = (-3.43, -2.57)


def adf_statistic(values):
    """Augmented Dickey-Fuller t-statistic with a constant, or None when too short.

    The regression dz(t) = c + rho z(t-1) + sum_i g_i dz(t-i) with Schwert's
    12 (n / 100)^(1/4) lags; the statistic is rho over its standard error.
    """
    n = len(values)
    lags = int(12 * (n / 100) ** 0.25)
    dz = np.diff(values)
    rows = len(dz) - lags
    if rows < 2 * (lags + 2):
        return None
    columns = [np.ones(rows), values[lags:-1]]
    columns += [dz[lags - i : len(dz) - i] for i in range(1, lags + 1)]
    design, target = np.column_stack(columns), dz[lags:]
    coef, _, rank, _ = np.linalg.lstsq(design, target, rcond=None)
    residual = target - design @ coef
    if rank < design.shape[1]:
        return None
    sigma2 = residual @ residual / (rows - design.shape[1])
    covariance = sigma2 * np.linalg.inv(design.T @ design)
    return float(coef[1] / np.sqrt(covariance[1, 1])) if covariance[1, 1] > 0 else None


def level_spread_slope(values, window):
    """Slope of log(std) on log(mean) over consecutive windows (one positive column)."""
    n_windows = len(values) // window
    if n_windows < 3:
        return 0.0
    blocks = values[: n_windows * window].reshape(n_windows, window)
    spread = blocks.std(axis=1)
    if np.any(spread <= 0):
        return 0.0
    return float(np.polyfit(np.log(blocks.mean(axis=1)), np.log(spread), 1)[0])


def trend_r2(values):
    """Coefficients (slope, intercept) of the least-squares line and its R^2."""
    positions = np.arange(len(values), dtype=np.float64)
    coef = np.polyfit(positions, values, 1)
    residual = values - np.polyval(coef, positions)
    variance = values.var()
    return coef, (1.0 - residual.var() / variance) if variance > 0 else 0.0


class TargetTransform:
    """Invertible transformation of a training series, column by column.

    ``z = log(y)`` (or ``y``), minus a least-squares line in the time
    position, minus a seasonal profile (the mean of the detrended series at
    each position of the season, centred). ``"auto"`` decides each part from
    the training series (see ``ESNForecaster``'s Notes); ``True``/``False``
    force it.

    Parameters
    ----------
    log, detrend : "auto" or bool
    sp : "auto" or int
        Season length; 1 for none.
    difference : "auto" or bool
        Whether the forecaster models the increments of the result
        (``difference_``, decided here, applied by the forecaster).
    """

    def __init__(self, log="auto", detrend="auto", sp="auto", difference="auto"):
        self.log = log
        self.detrend = detrend
        self.sp = sp
        self.difference = difference

    def fit(self, Y, index=None):
        """Decide and fit the parts on the training values ``Y`` (n, n_vars)."""
        n, n_vars = Y.shape
        season = season_of_index(index) if self.sp == "auto" else int(self.sp)
        self.log_ = np.zeros(n_vars, dtype=bool)
        self.trend_ = np.zeros((n_vars, 2))
        self.season_length_ = season if season > 1 and n >= 3 * season else 1
        self.season_ = np.zeros((max(self.season_length_, 1), n_vars))
        self.n_fit_ = n
        self.difference_ = np.zeros(n_vars, dtype=bool)
        self.adf_statistic_ = [None] * n_vars
        positions = np.arange(n)
        for j in range(n_vars):
            column = Y[:, j]
            if self.log == "auto":
                window = self.season_length_ if self.season_length_ > 1 else max(4, n // 10)
                self.log_[j] = bool(
                    np.all(column > 0) and level_spread_slope(column, window) >= LOG_SLOPE
                )
            else:
                self.log_[j] = bool(self.log)
                if self.log_[j] and not np.all(column > 0):
                    raise ValueError(
                        "log=True needs a strictly positive series; set log='auto' or False."
                    )
            z = np.log(column) if self.log_[j] else column
            coef, r2 = trend_r2(z)
            if self.detrend is True or (self.detrend == "auto" and r2 >= TREND_R2):
                self.trend_[j] = coef
            z = z - np.polyval(self.trend_[j], positions)
            if self.season_length_ > 1 and (
                self.sp != "auto" or is_seasonal(z, self.season_length_)
            ):
                profile = np.array(
                    [z[k :: self.season_length_].mean() for k in range(self.season_length_)]
                )
                self.season_[:, j] = profile - profile.mean()
            statistic = adf_statistic(z - self.season_[positions % len(self.season_), j])
            self.adf_statistic_[j] = statistic
            if self.difference == "auto":
                self.difference_[j] = statistic is not None and statistic > ADF_CRITICAL
            else:
                self.difference_[j] = bool(self.difference)
        return self

    @property
    def unit_root_undecided(self):
        """Whether the Dickey-Fuller test leaves differencing undecided for some column.

        True when a column's statistic lies between the 1% and 10% critical
        values (:data:`ADF_UNDECIDED`) or the series is too short for the test.
        """
        low, high = ADF_UNDECIDED
        return any(s is None or low < s < high for s in self.adf_statistic_)

    @property
    def is_identity(self):
        return not (
            self.log_.any() or self.trend_.any() or self.season_.any() or self.difference_.any()
        )

    def model_rows(self, Z):
        """Rows a forecaster models: ``Z``, or Z(t+1) - Z(t) in differenced columns.

        With any column differenced the rows start one step later (row k is
        time k + 1) in every column.
        """
        if not self.difference_.any():
            return Z
        return Z[1:] - np.where(self.difference_, Z[:-1], 0.0)

    def _offset(self, positions):
        """Trend plus season at time positions (0 = first training point)."""
        positions = np.asarray(positions)
        trend = positions[:, None] * self.trend_[:, 0] + self.trend_[:, 1]
        return trend + self.season_[positions % len(self.season_)]

    def transform(self, Y, positions):
        """Transformed values of ``Y`` (n, n_vars) at ``positions``."""
        Z = np.where(self.log_, np.log(np.where(self.log_, Y, 1.0)), Y)
        return Z - self._offset(positions)

    def inverse(self, Z, positions):
        """Values in units of y of ``Z`` (..., len(positions), n_vars)."""
        Y = Z + self._offset(positions)
        return np.where(self.log_, np.exp(np.where(self.log_, Y, 0.0)), Y)
