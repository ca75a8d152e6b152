"""The forecasters' automatic target transformation: log, linear trend, seasonal profile."""

import math
import numbers
import warnings

import numpy as np
import pandas as pd

from skreservoir._validation import check_int, user_stacklevel
from skreservoir.exceptions import ForecastSkillWarning, LevelShiftWarning, OutlierWarning

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
    # minutes: the daily cycle (48 steps of 30 minutes, 96 of 15)
    "T": 1440,
    "min": 1440,
}

#: A linear trend is removed when it explains at least this share of the
#: training series' variance (R^2 of the least-squares line).
TREND_R2 = 0.5

#: A strictly positive series is log-transformed when its local spread grows
#: at least this fast with its local level: the slope b of log(std) on
#: log(mean) over consecutive windows, the spread about each window's own
#: line (b = 1: spread proportional to level, the log's case; b = 0:
#: constant spread, the identity's).
LOG_SLOPE = 0.5

#: ... and when that slope is at least this many standard errors above 0 (its
#: t-statistic over the windows): on a stationary series the windows' levels
#: barely move, their logs span a few hundredths, and the slope of the spread on
#: them is noise (white noise, an AR(1) at 0.5 and an additive season about 10,
#: 150 monthly points: the slope reached 0.5 in 35 to 40 % of 40 draws, and the
#: log made the intervals follow the season's level: 90 % intervals covered 0.6 at
#: its troughs). ``python benchmarks/forecasting_log_rule.py``.
LOG_T = 2.0


#: The length in steps of the calendar year that a season of whole steps stands
#: for, where it is not a whole number: the weekly season's 52 weeks are
#: 365.2425 / 7 = 52.18 weeks of the calendar, so that a phase counted
#: ``t % 52`` drifts a week in 5.6 years and half a season in 147 (see
#: :func:`season_phases`).
YEAR_OF_FREQUENCY = {"W": 365.2425 / 7}


def index_frequency(index):
    """The calendar frequency of an index (given or inferred), or None."""
    freq = getattr(index, "freq", None)
    if freq is None and isinstance(index, pd.DatetimeIndex) and len(index) > 2:
        freq = pd.infer_freq(index)
        freq = None if freq is None else pd.tseries.frequencies.to_offset(freq)
    return freq


#: The longer calendar season of a sub-daily frequency, the week, that holds the
#: daily one: taken instead of it where the days of the week differ (see
#: :func:`prefers_longer_season`).
WEEK_OF_FREQUENCY = {"H": 168, "h": 168, "T": 10080, "min": 10080}

#: :func:`prefers_longer_season` takes the week where its phase means explain at
#: least this share of the variance the daily profile leaves, beyond what as
#: many phase means of noise would (``python
#: benchmarks/forecasting_hourly_seasons.py``).
LONGER_SEASON_GAIN = 0.1


def _calendar_season(index, table):
    """The season ``table`` gives a calendar index's frequency, divided by its step."""
    freq = index_frequency(index)
    if freq is None:
        return 1
    name = getattr(freq, "name", str(freq)).split("-")[0]
    prefix = name.lstrip("0123456789")
    season = table.get(prefix, 1)
    step = abs(int(getattr(freq, "n", 1)))
    return season // step if step and season % step == 0 else 1


def season_of_index(index):
    """Season length implied by a calendar index's frequency, 1 when none.

    A step of several units (``"2h"``, ``"6h"``, ``"2MS"``) divides the
    season of one unit: the daily cycle of a 6-hourly series is 4 steps
    long, not 24 (which is 6 days); a multiple that does not divide it
    (``"3D"`` and the week) implies none.
    """
    return _calendar_season(index, SEASON_OF_FREQUENCY)


def season_period_of_index(index, length):
    """The calendar period, in steps, of the season ``length`` of a calendar index:
    ``length`` itself, but for the year of a weekly index (52.18 weeks of one,
    26.09 of two), :data:`YEAR_OF_FREQUENCY`."""
    freq = index_frequency(index)
    if freq is None or length <= 1:
        return float(length)
    name = getattr(freq, "name", str(freq)).split("-")[0].lstrip("0123456789")
    year = YEAR_OF_FREQUENCY.get(name)
    step = abs(int(getattr(freq, "n", 1))) or 1
    if year is None or round(year / step) != length:
        return float(length)
    return year / step


def unit_scales(Y):
    """Per column, the power of two that brings its largest magnitude into [0.5, 1).

    The tests of :class:`TargetTransform` sum squares of the values: about
    1e-200 they underflowed to 0 and from 1e155 overflowed, and the trend
    and the season were dropped as if absent (a bad-input battery: the
    forecast of a monthly series moved by 1.5 %, silently). A power of two
    divides exactly, so the tests on the scaled values decide as on values
    near 1. Columns of zeros or of non-finite values get 1.
    """
    peak = np.max(np.abs(np.where(np.isfinite(Y), Y, 0.0)), axis=0)
    exponents = np.frexp(np.where(peak > 0, peak, 1.0))[1]
    return np.ldexp(1.0, exponents)


def season_phases(positions, length, period=None):
    """The phase (0 to ``length - 1``) of each time position in a season of ``length``.

    ``t % length`` where the season's calendar ``period`` is ``length`` (or
    None); else the phase that the calendar gives, ``length`` equal parts of
    the period: ``floor(length * frac(t / period))``. A weekly series' year
    is 52.18 weeks: counted ``t % 52`` its phases drift a week every 5.6
    years, so that the profile of a long weekly series averages seasons out
    of phase (weekly Mauna Loa CO2, 43 years: its yearly swing of +-3 ppm
    drifted 7.6 weeks); counted in the calendar's 52 parts of the year, a
    phase stays at its weeks of the year (one in 5.6 years spans two steps).
    """
    positions = np.asarray(positions)
    if period is None or period == length:
        return positions % length
    phases = np.floor(np.mod(positions * (length / period), length)).astype(np.intp)
    return np.minimum(phases, length - 1)


def week_of_index(index):
    """The week's length in steps of a sub-daily calendar index (168 hourly), 1 otherwise."""
    return _calendar_season(index, WEEK_OF_FREQUENCY)


def less_line(values):
    """``values`` (one column) less their least-squares line in time."""
    positions = np.arange(len(values))
    return values - np.polyval(np.polyfit(positions, values, 1), positions)


def phase_means(values, length, period=None):
    """The mean of ``values`` at each phase of a season of ``length`` steps, and each
    step's phase (:func:`season_phases`; ``t % length`` for a ``period`` of None)."""
    phases = season_phases(np.arange(len(values)), length, period)
    return np.bincount(phases, values, length) / np.bincount(phases, minlength=length), phases


def prefers_longer_season(values, short, long):
    """Whether the season ``long`` (a multiple of ``short``) describes ``values`` better.

    On the series less its line, the phase means of ``long`` are compared
    with those of ``short`` (nested: a week's 168 hours hold the day's 24):
    taken where they explain at least :data:`LONGER_SEASON_GAIN` of the
    variance the short profile leaves, beyond the share ``(long - short) /
    (n - short)`` that as many more means of noise would explain, and the
    series holds three long seasons, and ``long`` passes :func:`is_seasonal`
    (which keeps a season).
    """
    n = len(values)
    if long <= short or long % short or n < 3 * long:
        return False
    rest = less_line(values)

    def left(length):
        means, phases = phase_means(rest, length)
        return float(np.sum((rest - means[phases]) ** 2))

    short_left = left(short)
    if short_left <= 0:
        return False
    gain = (short_left - left(long)) / short_left
    # and the long season passes the test that keeps a season (else none would be)
    return gain - (long - short) / (n - short) >= LONGER_SEASON_GAIN and is_seasonal(
        rest, long)


#: Season lengths :func:`estimate_season` tries on a series whose index has no
#: calendar frequency: those a calendar frequency of one unit implies (the
#: minutes' 1440 left out: a day of minutes, beyond a bare series' reach).
SEASON_CANDIDATES = tuple(sorted(set(SEASON_OF_FREQUENCY.values()) - {1440}))

#: :func:`estimate_season` finds a season where a seasonal profile explains at
#: least this share of the variance left by a moving-average trend (adjusted
#: for chance: noise gives about 0). ``python benchmarks/forecasting.py
#: --season-threshold``: at 0.3 a monthly profile as strong as the noise is
#: found in 30 of 30 draws of 12 years (8 of 30 at 0.6), no 500-point white
#: noise or benchmark chaotic window (168) gets a season, 3 of 100 random walks
#: do, and 1 of 801 windows of subsampled chaotic systems (26 without the drift
#: test, :data:`SEASON_DRIFT_RATIO`; mostly the phase-coherent Rossler's); at 0.2
#: the daily counts start to (9 of 30), at 0.15 the subsampled windows (3).
SEASON_STRENGTH = 0.3

#: :func:`estimate_season` also asks the profile to be significant: the
#: means of white noise explain as much with this probability (per
#: candidate). On short series it decides: 50 points of white noise get a
#: season in 23 of 1000 draws with it, 41 without (``--season-threshold``);
#: longer series are decided by :data:`SEASON_STRENGTH`.
SEASON_FALSE_ALARM = 1e-3


def _season_cycles(values, season):
    """The moving-average remainder of ``values`` as whole seasons, shape (cycles,
    season), each row starting at position 0 of the season; None for fewer than
    three."""
    n = len(values)
    if season < 2 or n < 4 * season:  # three seasons and a moving average
        return None
    if season % 2:
        kernel = np.full(season, 1.0 / season)
    else:
        kernel = np.r_[0.5, np.ones(season - 1), 0.5] / season
    half = len(kernel) // 2
    remainder = values[half : n - half] - np.convolve(values, kernel, mode="valid")
    # whole seasons, starting at position 0 of the season (time `start`)
    start = -half % season
    cycles = (len(remainder) - start) // season
    if cycles < 3:
        return None
    return remainder[start : start + cycles * season].reshape(cycles, season)


def _phase_share(values, season):
    """``(share, m)``: the share of the moving-average remainder's variance that
    its mean at each position of the season explains, and the remainder's
    length; None for fewer than three seasons of remainder."""
    cycles = _season_cycles(values, season)
    if cycles is None:
        return None
    variance = cycles.var()
    if variance <= 0:
        return None
    explained = cycles.mean(axis=0).var() / variance
    return float(explained), cycles.size


#: :func:`estimate_season` refuses a candidate whose profile drifts: the profiles
#: of the first and last thirds of the series match better shifted than in place,
#: their misfit (one minus their correlation) at the best shift below this share of
#: the misfit in place. ReservoirPy's Mackey-Glass series (tau=17, a cycle of
#: about 52 steps whose length varies) got a season of 52 from 1000 and 1901
#: points (thirds best shifted by 1 and 8 steps: misfits 0.2 and 0.006 of those in
#: place), which ``ESNForecaster`` then removed (NRMSE 1.58 over 50 steps against
#: 0.035 without); a season repeats in place. ``python benchmarks/forecasting.py
#: --season-threshold``: without the test 26 of 801 windows of subsampled chaotic
#: systems got a season, with it 1; the seasonal sets kept theirs (30, 25 and 0 of
#: 30 as before; quarterly 20 years 26 of 30, 27 without).
SEASON_DRIFT_RATIO = 0.5


def profile_drifts(values, season):
    """Whether the seasonal profile of ``values`` at ``season`` moves along the
    series: a quasi-periodic cycle, not a season (see :data:`SEASON_DRIFT_RATIO`)."""
    cycles = _season_cycles(values, season)
    if cycles is None:
        return False
    third = max(1, len(cycles) // 3)
    first = cycles[:third].mean(axis=0)
    last = cycles[-third:].mean(axis=0)
    first, last = first - first.mean(), last - last.mean()
    scale = np.sqrt(np.dot(first, first) * np.dot(last, last))
    if not scale > 0:
        return False
    # circular cross-correlation at every shift of the last third's profile
    match = np.array([np.dot(first, np.roll(last, k)) for k in range(season)]) / scale
    best = int(np.argmax(match))
    return best != 0 and 1.0 - match[best] < SEASON_DRIFT_RATIO * (1.0 - match[0])


def seasonal_strength(values, season):
    """Share of a series' variance about its trend that a seasonal profile explains.

    The classical decomposition's: the trend is the centred moving average
    over one season (a ``2 x season`` average for an even season), which
    removes a profile of that period exactly; the profile is the mean of
    the remainder at each position of the season. The share is adjusted
    for chance as R^2 is (``season - 1`` means fitted to the remainder's
    ``m`` values explain ``(season - 1) / (m - 1)`` of white noise): about 0
    without a season, 1 for an exact one. ``-inf`` for fewer than three
    seasons of remainder.
    """
    return _adjusted(_phase_share(values, season), season)


def _adjusted(share, season):
    """:func:`seasonal_strength` from :func:`_phase_share`'s ``(share, m)`` (-inf for None)."""
    if share is None:
        return -np.inf
    explained, m = share
    chance = (season - 1) / (m - 1)
    return float((explained - chance) / (1.0 - chance))


def _season_series(values):
    """``values`` of :func:`estimate_season` as a float 1D array, or a ValueError."""
    try:
        series = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            "values must be one series of numbers (n_timepoints,); got values numpy "
            "cannot read as floats."
        ) from None
    if series.ndim == 2 and series.shape[1] == 1:
        series = series[:, 0]
    if series.ndim != 1:
        raise ValueError(
            f"values must be one series (n_timepoints,), got shape {series.shape}; pass "
            "the columns one at a time."
        )
    return series


def estimate_season(values, candidates=SEASON_CANDIDATES):
    """Season length of a series without a calendar index, 1 when none is clear.

    A candidate length ``s`` is a season when a seasonal profile of length
    ``s`` explains at least :data:`SEASON_STRENGTH` (0.3) of the series'
    variance about its moving-average trend, adjusted for chance (the
    classical decomposition's seasonal strength), and more than profiles of
    length ``s - 1`` and ``s + 1`` do, and more than white noise's profile
    explains once in a thousand (:data:`SEASON_FALSE_ALARM`, which decides
    on short series). The neighbours' condition asks for an exact period:
    a quasi-periodic cycle (the lynx's ten years, a chaotic oscillation),
    whose period is not a whole number of steps and whose phase drifts,
    gives a broad peak instead; and where such a cycle's peak falls on a
    candidate, its profile moves along the series: the profiles of the
    first and last thirds must match best in place, not shifted
    (:data:`SEASON_DRIFT_RATIO`). Of the candidates found, the
    strongest, or a divisor of it within 5% of its strength (a season also
    repeats at its multiples). Each candidate needs four seasons of data.

    The forecasters use it with ``sp="auto"`` on an index without a
    calendar frequency (a numpy array, a ``RangeIndex``):
    :class:`ESNForecaster` and :class:`NVARForecaster` take the season
    found as a calendar index's (kept when the series passes the Theta
    method's autocorrelation test at that lag), :class:`AutoESNForecaster`
    validates it against none.

    Parameters
    ----------
    values : array-like of shape (n_timepoints,)
        The series, in time order.
    candidates : sequence of int, default=(4, 5, 7, 12, 24, 52)
        The season lengths tried: by default those a calendar frequency
        implies (quarterly, business-daily, daily, monthly, hourly, weekly).

    Returns
    -------
    season : int
        The season length found, 1 when none.

    Examples
    --------
    >>> import numpy as np
    >>> from sktime.datasets import load_airline
    >>> from skreservoir.forecasting import estimate_season
    >>> estimate_season(load_airline().to_numpy())
    12
    >>> estimate_season(np.random.default_rng(0).standard_normal(500))
    1
    """
    values = _season_series(values)
    if candidates is None:
        candidates = SEASON_CANDIDATES
    if isinstance(candidates, numbers.Integral):  # one length: candidates=12
        candidates = [candidates]
    if isinstance(candidates, str) or not hasattr(candidates, "__iter__"):
        raise TypeError(f"candidates must be season lengths (ints >= 2), got {candidates!r}.")
    candidates = [check_int(season, "each of candidates", 2) for season in candidates]
    # one NaN or inf made every candidate's share NaN: "no season" (1) for a series of
    # an obvious one, silently (a battery)
    refuse_non_finite(values, "estimate_season")
    # the shares of variance do not depend on the units: brought to unit scale first
    # (a monthly season times 1e160 overflowed the squares, times 1e-200 underflowed
    # them, and was found in neither)
    peak = np.max(np.abs(values)) if len(values) else 0.0
    if peak > 0:
        values = values / peak
        spread = np.std(values)
        if spread > 0:
            values = (values - np.mean(values)) / spread
    from scipy.stats import beta

    found = {}
    for season in candidates:
        share = _phase_share(values, season)
        if share is None:
            continue
        # significant: above what white noise's means reach once in
        # SEASON_FALSE_ALARM (a short series' means vary by chance:
        # the share of m independent values' is Beta((s-1)/2, (m-s)/2))
        explained, m = share
        if explained < beta.isf(SEASON_FALSE_ALARM, (season - 1) / 2, (m - season) / 2):
            continue
        strength = _adjusted(share, season)
        if strength >= SEASON_STRENGTH and strength > max(
            seasonal_strength(values, season - 1), seasonal_strength(values, season + 1)
        ) and not profile_drifts(values, season):
            found[season] = strength
    if not found:
        return 1
    best = max(found, key=found.get)
    divisors = [s for s in found if best % s == 0 and found[s] >= 0.95 * found[best]]
    return min(divisors)


def autocorrelations(values, lags):
    """The autocorrelations r_1, ..., r_lags of ``values`` (one column) about their
    mean, or None for a constant."""
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    centred = values - values.mean()
    denominator = np.sum(centred**2)
    if denominator == 0:
        return None
    return np.array(
        [np.sum(centred[k:] * centred[: n - k]) / denominator for k in range(1, lags + 1)]
    )


def is_seasonal(values, season):
    """Theta's 90% autocorrelation test at lag ``season`` (one column).

    Seasonal when ``|r_s| > 1.645 sqrt((1 + 2 sum_{k<s} r_k^2) / n)``, the
    test of Assimakopoulos and Nikolopoulos's Theta method (sktime's
    ``ThetaForecaster``, R's ``thetaf``).
    """
    n = len(values)
    if season < 2 or n < 3 * season:
        return False
    acf = autocorrelations(values, season)
    if acf is None:
        return False
    limit = 1.645 * np.sqrt((1 + 2 * np.sum(acf[:-1] ** 2)) / n)
    return bool(abs(acf[-1]) > limit)


def phase_means_differ(z, length, rounding):
    """The F test, at :data:`SEASON_F_LEVEL`, that the phases' means of a season of
    ``length`` steps differ in ``z`` (one column) less its line.

    ``rounding`` is the spread of ``z`` that is rounding noise: a straight line
    leaves only that, in which phases' means differ by chance as in any noise
    (21 of 300 exact lines of 24 to 35 months got a season).
    """
    from scipy.stats import f as f_distribution

    n = len(z)
    rest = less_line(z)
    if np.ptp(rest) <= rounding:
        return False
    means, phases = phase_means(rest, length)
    within = np.sum((rest - means[phases]) ** 2)
    between = np.sum((means[phases] - rest.mean()) ** 2)
    # the line's two coefficients and the phases' means: n - length - 1 left
    dof = n - length - 1
    if within <= 0 or dof < 1:
        return False
    statistic = (between / (length - 1)) / (within / dof)
    return bool(f_distribution.sf(statistic, length - 1, dof) < SEASON_F_LEVEL)


#: Which test keeps a season of the index's calendar under ``sp="auto"`` from
#: three seasons of data on (:meth:`TargetTransform._seasonal`): ``"either"``,
#: the F test of the phases' means or Theta's autocorrelation test (a season
#: :func:`estimate_season` found on a bare index: Theta's test alone), and
#: none where the series' last two seasons are constant (it stopped);
#: ``"theta"``, Theta's test alone and no such check (the rule before, which
#: ``benchmarks/forecasting_season_tests.py`` sets for the comparison).
SEASON_RULE = "either"

#: From this many seasons of data on, a season of the index's calendar is kept
#: only where the F test of its phases' means finds it: Theta's
#: autocorrelation test took a smooth non-seasonal oscillation (a chaotic
#: system on a half-hourly index, a random walk with drift) for the
#: calendar's season, whose phases' means do not differ
#: (``benchmarks/forecasting_long_season.py``). See
#: :meth:`TargetTransform._seasonal`.
F_DECIDES_FROM = 8

#: Whether ``nonnegative="auto"`` holds the forecasts of a count column (whole
#: numbers that reach 0 and never go below it, :func:`is_count_column`) at 0 or
#: above (``TargetTransform.nonnegative_``); ``benchmarks/forecasting_counts.py``
#: sets it False for the comparison.
FLOOR_COUNTS = True


#: The least share of a column's values at exactly 0 (none below it) for which
#: ``nonnegative="auto"`` holds its forecasts at 0 or above though they are not
#: whole numbers: a quantity that rests at 0 (solar power at night, rainfall,
#: demand in kilograms; sktime's ``load_solar``, 38 % zeros, was forecast down to
#: -0.030, ``benchmarks/forecasting_user_cases.py``). A series scaled to [0, 1]
#: reaches 0 at its minimum only.
REST_SHARE = 0.1


def rests_at_zero(values):
    """Whether ``values`` (one column) never go below 0 and are exactly 0 at least
    :data:`REST_SHARE` of the time (at least twice): a quantity that cannot be
    negative, such as solar power or rainfall."""
    values = np.asarray(values, dtype=np.float64)
    if not len(values) or not np.all(np.isfinite(values)) or np.any(values < 0):
        return False
    zeros = int(np.count_nonzero(values == 0.0))
    return zeros >= 2 and zeros >= REST_SHARE * len(values)


def whole_and_nonnegative(values, axis=None):
    """Whether ``values`` are whole numbers, none negative (per column with ``axis=0``)."""
    values = np.asarray(values, dtype=np.float64)
    return np.all((values >= 0) & (values == np.round(values)), axis=axis)


def is_count_column(values):
    """Whether ``values`` (one column) are counts: whole numbers, none negative, some 0.

    Such a series measures something that cannot be negative (demand, events,
    sales of an item), and a forecast below 0 is wrong whatever the model:
    held at 0, its absolute error can only fall. A series that never reaches
    0 is not taken for counts (a profit in whole dollars that has not yet
    been negative may be), nor one of fractions (a series min-max scaled to
    [0, 1] goes below its training minimum where the original does).
    """
    values = np.asarray(values, dtype=np.float64)
    if not len(values) or not np.all(np.isfinite(values)):
        return False
    return bool(values.min() == 0.0 and whole_and_nonnegative(values))


#: The transformed series is differenced when the augmented Dickey-Fuller
#: t-statistic (constant, no trend) is above this value: MacKinnon's
#: asymptotic 5% critical value, so a unit root is not rejected.
ADF_CRITICAL = -2.86

#: MacKinnon's asymptotic 1% and 10% critical values (constant, no trend):
#: a statistic between them, or a series too short for the test, leaves the
#: unit root undecided (AutoESNForecaster then validates both choices).
ADF_UNDECIDED = (-3.43, -2.57)

#: The same three of the test about a line (constant and trend: 5 %, then 1 % and
#: 10 %), for a column the transform removed a least-squares line from: the line
#: fitted to a random walk takes some of its wander, and its residual tested at the
#: values of no line looks stationary (a user battery: random walks of 60 points
#: with a line removed were left undifferenced in 13 of 40 draws, statistics of
#: -3.2 to -4.7, and their 90 % intervals covered 0.42 to 0.50 twenty steps ahead).
#: ``python benchmarks/forecasting_unit_root_rules.py`` (``rule`` against
#: ``plain_no_trend``, the rule before: with the AIC's lags about a line too,
#: :data:`AIC_LAGS_FOR`).
ADF_CRITICAL_TREND = -3.41
ADF_UNDECIDED_TREND = (-3.96, -3.12)

#: MacKinnon's (2010) asymptotic 5% critical values of the Engle-Granger test (a
#: constant) by the number of exogenous regressors, 1 to 5: the Dickey-Fuller test
#: of the residual of y's column regressed on [1, X] (:meth:`TargetTransform._unit_root`),
#: which least squares makes look more stationary than y itself, so the values are
#: lower than :data:`ADF_CRITICAL`.
ENGLE_GRANGER_CRITICAL = {1: -3.34, 2: -3.74, 3: -4.10, 4: -4.42, 5: -4.71}

#: The same about a line (a constant and a time trend in the regression: where the
#: transform removed a line from the column), MacKinnon's "ct" values: with the
#: constant's values, two independent random walks of 150 points passed for
#: cointegrated 19 % of the time (a review's check).
ENGLE_GRANGER_CRITICAL_TREND = {1: -3.78, 2: -4.12, 3: -4.43, 4: -4.72, 5: -4.98}

#: The exogenous regressors enter the unit-root test only where y has at least this
#: many points per coefficient of the regression on [1, X] and
#: :data:`EXOGENOUS_MIN_POINTS` in all (the critical values are asymptotic), X has at
#: most 5 varying columns (:data:`ENGLE_GRANGER_CRITICAL`) and none trends
#: (:func:`exogenous_design`);
#: otherwise y's column is tested alone. The test with X can only keep a column from
#: being differenced: on sktime's macroeconomic series given trending columns (GDP,
#: prices), and on a random walk plus a stationary x, deciding by the residual alone
#: (both ways, every X) made ``ESNForecaster()``'s forecasts worse, not better.
EXOGENOUS_POINTS_PER_COEFFICIENT = 20

#: See :data:`EXOGENOUS_POINTS_PER_COEFFICIENT`.
EXOGENOUS_MIN_POINTS = 100

#: Where the Dickey-Fuller statistic is undecided (:data:`ADF_UNDECIDED`), a series
#: whose lag-1 autocorrelation is below this value is not differenced under
#: ``difference="auto"`` (:meth:`TargetTransform._unit_root`): the levels of a
#: series with a unit root are autocorrelated near 1 (a random walk of 100 points at
#: 0.71 or more in 99 % of 200 draws, ``benchmarks/forecasting_unit_root_rules.py``).
#: A series that is already the increments of one was differenced a second time:
#: ``Differencer() * ESNForecaster()`` on airline, whose monthly increments less
#: their season (lag-1 autocorrelation about 0.2) got statistics of -2.85 and -2.78
#: at the 120- and 132-month origins, 12-month MASE 5.15 and 1.56 against 1.66 and
#: 1.44 undifferenced (seeds 0-2, ``benchmarks/forecasting_user_cases.py``). In
#: ``benchmarks/forecasting_unit_root_rules.py`` (``rule`` against
#: ``no_band_veto``) none of its 51 real forecasts changed, and 7 of its 200
#: synthetic series (3 better, 4 worse; geometric mean MAE ratio 1.002);
#: ``AutoESNForecaster`` validates both choices there anyway.
UNDECIDED_AUTOCORRELATION = 0.5


def exogenous_design(X, n):
    """``[1, X]`` with X's columns scaled to unit spread (constant ones left out), for
    the unit-root test's regression, or None where X is absent, is not of ``n`` finite
    rows, has more than 5 varying columns or one that trends (a line explains
    :data:`TREND_R2` of its variance: its future leaves the range the model saw, and
    y's levels with it), or too few points (:data:`EXOGENOUS_POINTS_PER_COEFFICIENT`)."""
    if X is None:
        return None
    X = np.asarray(X, dtype=np.float64)
    X = X.reshape(len(X), -1)
    if len(X) != n or not np.all(np.isfinite(X)):  # not the time points of y
        return None
    spread = X.std(axis=0)
    X = X[:, spread > 0] / spread[spread > 0]
    k = X.shape[1]
    if (not 1 <= k <= max(ENGLE_GRANGER_CRITICAL)
            or n < max(EXOGENOUS_MIN_POINTS, EXOGENOUS_POINTS_PER_COEFFICIENT * (k + 1))):
        return None
    for column in X.T:  # a trending X's future leaves the range the model saw
        if trend_r2(column)[1] >= TREND_R2:
            return None
    design = np.column_stack([np.ones(n), X - X.mean(axis=0)])
    if np.linalg.matrix_rank(design) < k + 1:
        return None
    return design


def lag_one_autocorrelation(values):
    """The lag-1 autocorrelation of ``values`` (one column) about their mean, 0 for a
    constant (:func:`autocorrelations`)."""
    acf = autocorrelations(values, 1)
    return 0.0 if acf is None else float(acf[0])


def adf_design(values, lags, start):
    """The Dickey-Fuller regression's design [1, z(t-1), dz(t-1), ..., dz(t-lags)] and
    target dz(t), from increment ``start`` on (``start >= lags``)."""
    dz = np.diff(values)
    columns = [np.ones(len(dz) - start), values[start:-1]]
    columns += [dz[start - i : len(dz) - i] for i in range(1, lags + 1)]
    return np.column_stack(columns), dz[start:]


#: Below this many points ``adf_statistic`` takes the number of lags of least
#: AIC, from 0 to Schwert's (statsmodels' ``adfuller(autolag="AIC")``), and
#: Schwert's from there (``benchmarks/forecasting_unit_root_rules.py``,
#: ``aic_short``; 0 restores Schwert's everywhere, the rule before).
AIC_LAGS_BELOW = 100

#: Which columns take the AIC's number of lags at every length (:func:`adf_statistic`'s
#: ``aic``), not Schwert's from :data:`AIC_LAGS_BELOW` points on: ``"plain"``, a
#: column tested as it is, no line nor season removed; ``"seasonless"``, no season
#: removed; ``"short"``, none. Schwert's 13 lags on 150 points left the test without
#: power on stationary series: AR(1) at 0.5 got statistics from -1.9 to -3.4 (the
#: AIC's lags: -4.0 to -7.6), was differenced, and its forecasts held the last level
#: or drifted (``NVARForecaster()`` at 2 to 6 times the optimal squared error on half
#: of 12 draws of 150 points). The AIC's fewer lags were worse where a line and a
#: season are removed (airline's residual found stationary). About a line alone they
#: were worse on random walks with drift while the residual was tested at the
#: critical value of no line; tested at the value about a line
#: (:data:`ADF_CRITICAL_TREND`), they are taken there too ("seasonless"): Schwert's
#: lags there differenced a line plus an AR(1) at 0.5 of 150 points 22 % of the
#: time, the AIC's 2 % (``python benchmarks/forecasting_unit_root_rules.py``,
#: ``rule`` against ``plain_no_trend``, the rule before).
AIC_LAGS_FOR = "seasonless"


def adf_statistic(values, lags=None, aic=False):
    """Augmented Dickey-Fuller t-statistic with a constant, or None when too short.

    The regression dz(t) = c + rho z(t-1) + sum_i g_i dz(t-i) with ``lags``
    lags, by default Schwert's 12 (n / 100)^(1/4) on :data:`AIC_LAGS_BELOW`
    points or more, and below that (or at every length with ``aic``) the
    number from 0 to Schwert's of least AIC, compared on the rows of the
    longest regression (statsmodels' ``adfuller(autolag="AIC")``): Schwert's
    9 lags on 42 points left the test with little power, and it differenced 9 of 10 series of white noise
    (an AIC's choice: none), whose forecasts then drifted; the statistic is
    rho over its standard error. None where the regression with Schwert's
    lags has fewer than twice as many rows as coefficients (below 29
    points: see ``benchmarks/forecasting_very_short.py`` for what else was
    tried there).
    The series is centred first, which leaves the statistic as it is (the
    constant takes the mean): about a level far from zero, the constant
    column and z(t-1) were nearly collinear in floating point (a noisy
    season about -1e6 gave -2.74 against -3.66 about 0, the other side of
    the critical value; a random walk about 1e9, none at all: not
    differenced; ``python benchmarks/forecasting_input_cases.py``).
    """
    values = np.asarray(values, dtype=np.float64)
    values = values - values.mean()
    n = len(values)
    given = lags is not None
    lags = lags if given else schwert_lags(n)
    if too_short_for_adf(n, lags):
        return None
    if not given and (aic or n < AIC_LAGS_BELOW):
        lags = aic_lags(values, lags)
    rows = n - 1 - lags
    design, target = adf_design(values, lags, lags)
    coef, _, rank, _ = np.linalg.lstsq(design, target, rcond=None)
    residual = target - design @ coef
    if rank < design.shape[1]:
        return None
    sigma2 = residual @ residual / (rows - design.shape[1])
    covariance = sigma2 * np.linalg.inv(design.T @ design)
    return float(coef[1] / np.sqrt(covariance[1, 1])) if covariance[1, 1] > 0 else None


def schwert_lags(n):
    """Schwert's number of Dickey-Fuller lags for ``n`` points, 12 (n / 100)^(1/4)."""
    return int(12 * (n / 100) ** 0.25)


def too_short_for_adf(n, lags):
    """Whether the Dickey-Fuller regression with ``lags`` lags on ``n`` points has fewer
    than twice as many rows as coefficients (:func:`adf_statistic` is then None)."""
    return n - 1 - lags < 2 * (lags + 2)


def random_walk_test(values, line):
    """``(statistic, lags, drift_t)`` of one column, and whether it is taken as a random walk.

    A random walk (with or without a drift) is what no model of the past
    values forecasts better than its last value (plus the mean increment):
    AutoARIMA picks ARIMA(0,1,0) for one by an information criterion. The
    same two questions here: the BIC chooses no lagged increment in the
    augmented Dickey-Fuller regression (0 to Schwert's number; about a
    least-squares ``line`` where one is modelled), so the increments look
    uncorrelated, and the test's statistic with no lag does not reject a
    unit root at 10 % (above the upper end of :data:`ADF_UNDECIDED`, or of
    :data:`ADF_UNDECIDED_TREND` about a line). The BIC, not the AIC: the
    AIC chose some lag of 35 % of 200 Gaussian random walks of 150 points
    (30 % at 400), the BIC of 5 % (3 %); with it the test took 1 of 30
    ARIMA(1,1,0) at -0.3 of 200 points for a walk, and none of 30 at 0.3.
    ``drift_t``: the mean increment over its standard error. Returns
    ``(statistic, lags, drift_t, walk)``; ``walk`` is False where the
    series is too short for the test (:func:`adf_statistic` None) or its
    increments are all equal. How often it holds, and what falling back
    on the naive forecast then does: ``python
    benchmarks/forecasting_random_walks.py`` (see
    :class:`~skreservoir.forecasting.AutoESNForecaster`'s Random walks).
    """
    values = np.asarray(values, dtype=np.float64)
    size = np.max(np.abs(values)) if len(values) else 0.0
    if np.isfinite(size) and size > 0:  # scale-free statistics, in range (1e250 overflowed)
        values = values / size
    steps = np.diff(values)
    spread = steps.std(ddof=1) if len(steps) > 1 else 0.0
    if len(steps) and spread <= 1e-9 * np.max(np.abs(steps)):
        spread = 0.0  # equal increments, to rounding: a line
    drift_t = float(steps.mean() / (spread / np.sqrt(len(steps)))) if spread > 0 else 0.0
    if line:
        values = values - np.polyval(trend_r2(values)[0], np.arange(len(values)))
    most = schwert_lags(len(values))
    if too_short_for_adf(len(values), most):
        return None, most, drift_t, False
    lags = aic_lags(values - values.mean(), most, bic=True)
    statistic = adf_statistic(values, lags=lags)
    upper = (ADF_UNDECIDED_TREND if line else ADF_UNDECIDED)[1]
    walk = bool(spread > 0 and statistic is not None and statistic > upper and lags == 0)
    return statistic, lags, drift_t, walk


#: The mean increment's t-statistic (its ratio to its standard error) beyond which
#: the naive forecast of a series taken as a random walk carries the drift
#: (sktime's ``NaiveForecaster(strategy="drift")``): a two-sided test at 5 %.
DRIFT_T = 1.96


#: The last values of a series that :func:`random_walk_tests` tests: what the
#: forecast follows on from (the test of 100,000 points took 9 s of a fit: a review).
WALK_TEST_POINTS = 5000


def random_walk_tests(Y, transform, before_stopped=False):
    """:func:`random_walk_test` of every column of ``Y`` (its last
    :data:`WALK_TEST_POINTS` values) as ``transform`` models it (about a line where it
    fits one); None where it models a season (a seasonal series is no plain random walk)
    or takes the log of a column (the naive forecast of y in its own units forecast a
    geometric walk's drift as a line and its spread as constant: a review's 14 such
    walks, 90 % intervals covering 58 %, the reservoirs' 89 %). A column that ends in a run of one value
    (:func:`stopped_tail`: its increments mostly 0) is tested on the values before the
    run with ``before_stopped`` (the run's value is then the naive forecast), else the
    result is None (:func:`warn_stopped_series` says what to do)."""
    if int(getattr(transform, "season_length_", 1)) > 1 or np.any(transform.log_):
        return None
    tests = []
    for j in range(Y.shape[1]):
        column = Y[:, j]
        run = stopped_tail(column)
        if run and not before_stopped:
            return None
        column = column[:len(column) - run][-WALK_TEST_POINTS:]
        tests.append(random_walk_test(column, bool(np.any(transform.trend_[j]))))
    return tests


def random_walk_strategy(tests):
    """The naive forecast of a series whose every column ``tests`` take as a random walk:
    ``"drift"`` where a column's mean increment is beyond :data:`DRIFT_T` standard
    errors, else ``"last"``; None where some column is not taken (or ``tests`` is None)."""
    if not tests or not all(walk for *_, walk in tests):
        return None
    return "drift" if any(abs(t) > DRIFT_T for _, _, t, _ in tests) else "last"


def random_walk_reason(tests, strategy, owner):
    """The first sentences of the random-walk warnings: why y is taken as a walk and
    what forecasts one best."""
    statistic = max(s for s, *_ in tests)
    forecast = ("its last value" if strategy == "last"
                else "its last value plus its mean increment per step")
    return (f"{owner}: y looks like a random walk: the BIC keeps no lag of its increments "
            "(they look uncorrelated) and the Dickey-Fuller test does not reject a unit "
            f"root (statistic {statistic:.2f}, above the 10 % critical value). The best "
            f"forecast of a random walk is {forecast}")


#: The fewest points on which the ESN and NVAR forecasters say y looks like a random
#: walk (:func:`warn_random_walk`): on shorter series the test took noisy cycles for
#: walks (sines of period 20 with noise of 0.3 of their amplitude: 37 % of 100 at 30
#: points, 17 % at 45, 2 % at 60, none from 80; AutoESNForecaster, whose windows
#: rate the reservoirs too, needs no such bound).
WALK_MIN_POINTS = 80


def warn_random_walk(Y, transform, owner):
    """Warn (:class:`~skreservoir.exceptions.ForecastSkillWarning`) where ``Y`` (every
    column, as ``transform`` models it) is taken as a random walk
    (:func:`random_walk_tests`): a reservoir forecasts it no better than its last
    value on average, and worse on many (``python
    benchmarks/forecasting_random_walks.py``). The ESN and NVAR forecasters fitted
    without an exogenous X say it, on :data:`WALK_MIN_POINTS` points or more;
    AutoESNForecaster falls back on the naive forecast."""
    if len(Y) < WALK_MIN_POINTS:
        return
    tests = random_walk_tests(Y, transform)
    strategy = random_walk_strategy(tests)
    if strategy is None:
        return
    warnings.warn(
        random_walk_reason(tests, strategy, owner) + f", which {owner}'s forecast does "
        "not beat on average: its closed loop carries on what the last steps did (on "
        "the 60 random walks of benchmarks/forecasting_random_walks.py, ESNForecaster() "
        "lost to it on 28). Compare with sktime's "
        f"NaiveForecaster(strategy='{strategy}'), or use AutoESNForecaster, which "
        "forecasts with it where y is taken as a random walk.",
        ForecastSkillWarning,
        stacklevel=user_stacklevel(),
    )


def aic_lags(values, most, bic=False):
    """The number of Dickey-Fuller lags from 0 to ``most`` of least AIC (``bic``: of
    least BIC), each regression on the rows of the longest (``values`` centred)."""
    criteria = []
    for k in range(most + 1):
        design, target = adf_design(values, k, most)
        residual = target - design @ np.linalg.lstsq(design, target, rcond=None)[0]
        sse = max(float(residual @ residual), np.finfo(np.float64).tiny)
        rows = len(target)
        penalty = np.log(rows) if bic else 2.0
        criteria.append(rows * np.log(sse / rows) + penalty * (k + 2))
    return int(np.argmin(criteria))


def level_spread_slope(values, window, with_t=False):
    """Slope of log(spread) on log(mean) over consecutive windows (one positive column).

    The spread of a window is the standard deviation of its values about
    the window's own least-squares line: the fluctuations about the local
    level, as Box and Cox's range-mean rule asks. About the window's mean
    instead, a trending series' spread is its local slope, which grows with
    the level wherever the growth is geometric, whatever the noise does (the
    quarterly US real GDP and consumption of sktime's macroeconomic data,
    windows of 4: 0.84 and 0.87 about the mean, 0.53 and 0.34 about the
    line; airline's multiplicative season, windows of 12: 1.31 either way).
    With ``with_t``, ``(slope, t)``: also the slope's t-statistic, its ratio to
    its standard error over the windows (:data:`LOG_T`).
    """
    n_windows = len(values) // window
    none = (0.0, 0.0) if with_t else 0.0
    if n_windows < 3 or window < 3:
        return none
    blocks = values[: n_windows * window].reshape(n_windows, window)
    positions = np.arange(window) - (window - 1) / 2
    slopes = blocks @ positions / (positions @ positions)
    means = blocks.mean(axis=1)
    spread = (blocks - means[:, None] - slopes[:, None] * positions).std(axis=1)
    if np.any(spread <= 0) or np.any(means <= 0):
        return none
    # least-squares slope; where the windows' levels are all equal (a periodic
    # series cut at whole periods) spread cannot grow with a level that does not
    # move: no evidence for the log (np.polyfit warned RankWarning there)
    level = np.log(means) - np.log(means).mean()
    if level @ level <= 1e-20 * len(level):
        return none
    log_spread = np.log(spread)
    slope = float(level @ log_spread / (level @ level))
    if not with_t:
        return slope
    residual = log_spread - log_spread.mean() - slope * level
    scale = np.sqrt(residual @ residual / (n_windows - 2) / (level @ level))
    return slope, (slope / scale if scale > 0 else np.inf)


def trend_r2(values, season=1, period=None):
    """Coefficients (slope, intercept) of the least-squares line and its R^2.

    With a ``season`` of more than one step, the line is fitted jointly with
    the season's phase means (least squares on the line and one indicator per
    phase) and its R^2 is the share it explains of the series less those
    means: a season hides a trend from a line fitted alone (24 months rising
    by 2 a month under a swing of +-20 gave R^2 0.29 alone, 1.0 jointly).
    The joint least squares in closed form, O(n): the slope of the values
    less their phase means on the positions less theirs, each phase's level
    its values' mean less the slope times its positions' mean. The phases
    are those of :func:`season_phases` (``period``: the season's calendar
    period).
    """
    n = len(values)
    positions = np.arange(n, dtype=np.float64)
    if season <= 1 or n < season + 2:
        coef = np.polyfit(positions, values, 1)
        rest = values
    else:
        position_means, phases = phase_means(positions, season, period)
        value_means, _ = phase_means(values, season, period)
        centred = positions - position_means[phases]
        slope = float(centred @ (values - value_means[phases]) / (centred @ centred))
        levels = value_means - slope * position_means
        coef = np.array([slope, levels.mean()])
        rest = values - (levels - levels.mean())[phases]
    residual = rest - np.polyval(coef, positions)
    variance = rest.var()
    return coef, (1.0 - residual.var() / variance) if variance > 0 else 0.0


#: Whole seasons a series needs for its seasonal profile to be estimated,
#: whether ``sp`` is given or found (below three seasons, ``sp="auto"``
#: keeps a season by the F test of :meth:`TargetTransform._seasonal`). On 128
#: windows of 24 to 33 months of four monthly series (airline, Mauna Loa CO2,
#: El Nino, PBS), 12 ahead, ESNForecaster()'s median sMAPE went from 9.39
#: with no season (three seasons were needed) to 4.72 with ``sp="auto"`` and
#: 4.91 with ``sp=12`` given (airline 13.1 to 4.7, CO2 0.47 to 0.14, El Nino
#: 6.0 to 5.8; the intermittent PBS counts 109 to 111; rerun with the AIC's lags), against 6.18 for
#: NaiveForecaster(sp=12) and 3.06 for ThetaForecaster(sp=12) (``python
#: benchmarks/forecasting_short_season.py``; 4.98 and 5.35 before the line
#: was fitted with the season, see :func:`trend_r2`).
MIN_SEASONS = 2

#: A variable's spread below this many float64 roundings of its largest
#: magnitude is rounding noise (``TargetTransform.rounding_``): a
#: transformation that removes all of a series' variation (the trend of a
#: straight line) leaves a few roundings (4e-16 for 1..5, 1e-10 for
#: 1e6 + 0.1 k), while a real signal on a level of 1e14 with an amplitude of
#: 3000 is 1e5 roundings.
ROUNDINGS = 1e3

#: Level of the F test of the phases' means that keeps a season under
#: ``sp="auto"`` (:func:`phase_means_differ`, :meth:`TargetTransform._seasonal`).
SEASON_F_LEVEL = 0.01


#: How many central ranges of empty space part an outlying value from the rest
#: of the series (:func:`outlying_values`), chosen by ``python
#: benchmarks/forecasting_outliers.py``: a spike in airline took
#: ESNForecaster()'s MASE from 0.76 to 4.0 (NVARForecaster()'s from 0.93 to 5.2
#: and beyond), and was flagged at every height tried. At 2, none of the real,
#: chaotic and flow series of the benchmarks warns (229, read as the forecasters
#: read them), nor any of sktime's test hierarchy (1600), nor an iid normal,
#: exponential or Poisson sample; iid samples of heavy-tailed laws do, where their
#: largest values do lie far out (Student's t with 3 degrees of freedom: 5 to 20 %
#: of 20 to 3000 values, 2 degrees: 13 to 52 %; lognormal, logged: at most 1 %).
#: At 1 the benchmarks' series stay silent too, and iid samples warn about twice
#: as often.
OUTLIER_GAP = 2.0

#: Below this many values the central range, of few values, understates the
#: series' spread: the gap asked for grows as ``OUTLIER_GAP * SHORT_SERIES / n``
#: (7.5 central ranges at 8 values). At 2 throughout, iid normal samples of 8
#: values warned 21 % of the time and 14 of 73 eight-point windows of real series
#: did (a verification run); scaled, 1 % of the normal samples and 1 of 70
#: windows of 8 of airline, lynx and shampoo, none of the windows of 10 to 24
#: (``python benchmarks/forecasting_outliers.py``, read as the forecasters read them).
SHORT_SERIES = 30


def outlier_gap(n):
    """The gap, in central ranges, that parts an outlying value from the rest of a
    series of ``n`` values (:data:`OUTLIER_GAP`, more on a short series)."""
    return OUTLIER_GAP * max(1.0, SHORT_SERIES / n)


def central_range(values):
    """``(m, low, high)``: the series' central values are all but its ``m`` largest
    and ``m`` smallest (``m`` is 2 or 1 % of the time points, whichever is more),
    between ``low`` and ``high``."""
    ordered = np.sort(np.asarray(values, dtype=np.float64).ravel())
    m = max(2, math.ceil(len(ordered) / 100))
    return m, ordered[m], ordered[len(ordered) - 1 - m]


def rounding_noise(values):
    """The spread that is rounding noise of ``values``: :data:`ROUNDINGS` float64
    roundings of their largest magnitude."""
    return ROUNDINGS * np.finfo(np.float64).eps * float(np.max(np.abs(values)))


def one_series(values, name):
    """``values`` as a 1D float64 array without NaN, or a ValueError naming ``name``."""
    try:
        y = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} takes a series of numbers ({error}).") from None
    if y.ndim != 1:
        raise ValueError(
            f"{name} takes one series (a 1D array), got shape {y.shape}: apply it to each "
            "column (and, in a panel, to each series) on its own."
        )
    if np.isnan(y).any():
        raise ValueError(f"{name} needs values without NaN: fill or drop them first.")
    return y


def refuse_non_finite(values, name):
    """A ValueError naming ``name`` and the positions where ``values`` (1D) is NaN or inf."""
    bad = np.flatnonzero(~np.isfinite(values))
    if len(bad):
        raise ValueError(
            f"{name} needs finite values; got NaN or inf at position(s) "
            f"{bad[:5].tolist()}{' ...' if len(bad) > 5 else ''} of {len(values)}: fill or "
            "drop them first.")


def outlying_values(values):
    """Positions of the values far outside the range of the rest of a series.

    The central values are the series less its ``m`` largest and ``m``
    smallest (``m`` is 2 or 1 % of the time points, whichever is more), and
    ``R`` their range. Going outward from the central range on each side,
    the first gap between neighbouring values (in sorted order) wider than
    ``2 R`` (:data:`OUTLIER_GAP`; ``2 R * 30 / n`` on a series of ``n`` < 30
    values, whose few central values understate its spread) parts the
    outlying values from the rest: those beyond it. So a value is outlying
    only when it lies beyond the central range by more than that gap and no
    value fills the space between: one spike or a few errors are found, while the recurring
    spikes of a series (whose heights spread over a continuum) are not. A
    series of fewer than 8 values, or whose central values are all equal
    (to rounding: a constant series, mostly zero counts), has none. The
    forecasters apply it to the series as their model sees it (after the
    log, trend and season they decide), so that growth is not outlying.

    Parameters
    ----------
    values : array-like of shape (n_timepoints,)
        One series, finite (NaN is refused: fill or drop it first).

    Returns
    -------
    positions : ndarray of int
        The positions of the outlying values, in increasing order.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir.forecasting import outlying_values
    >>> y = np.sin(np.arange(100) / 5)
    >>> outlying_values(y)
    array([], dtype=int64)
    >>> y[40] = 1e6
    >>> outlying_values(y)
    array([40])
    """
    y = one_series(values, "outlying_values")
    none = np.zeros(0, dtype=np.int64)
    if len(y) < 8:
        return none
    _, low, high = central_range(y)
    width = high - low
    if width <= 1e-9 * max(abs(low), abs(high)):  # all equal, to rounding
        return none
    found = []
    for side, beyond, steps in outward_steps(y, low, high):
        wide = np.flatnonzero(steps > outlier_gap(len(y)) * width)
        if len(wide):
            found.append(np.flatnonzero(side * y >= beyond[wide[0]]))
    return np.sort(np.concatenate(found)) if found else none


def outward_steps(y, low, high):
    """The walk of :func:`outlying_values` on each side of the central range
    ``[low, high]``: ``(side, beyond, steps)``, ``side`` 1 above and -1 below,
    ``beyond`` the values past the edge times ``side``, sorted outward, and
    ``steps`` the gaps between neighbours, from the edge on."""
    for side, edge in ((1.0, high), (-1.0, low)):
        beyond = np.sort(side * y[side * y > side * edge])
        yield side, beyond, np.diff(np.concatenate(([side * edge], beyond)))


def central_bounds(Z):
    """Per column of ``Z``, the values beyond which a new value may be outlying: the
    central range widened by the gap (:func:`outlier_gap`) either side."""
    bounds = []
    for column in np.asarray(Z, dtype=np.float64).T:
        _, low, high = central_range(column)
        gap = outlier_gap(len(column)) * (high - low)
        bounds.append((low - gap, high + gap))
    return np.asarray(bounds).reshape(-1, 2)


def columns_found(Z, columns, rounding, find):
    """``(j, name, positions)`` for each column ``j`` of ``Z`` whose spread is more than
    rounding noise (``rounding``, per column) and where ``find(Z[:, j])`` finds
    positions; ``name`` prefixes a message about it ("column 'x' of ", empty for one
    column)."""
    for j, column in enumerate(columns):
        if np.ptp(Z[:, j]) <= rounding[j]:
            continue
        positions = find(Z[:, j])
        if len(positions):
            yield j, "" if len(columns) == 1 else f"column {column!r} of ", positions


def warn_outlying_values(Z, Y, index, columns, owner, rounding, first=0):
    """Warn (:class:`~skreservoir.exceptions.OutlierWarning`) of the outlying values of
    each column of ``Z`` (the series as the model sees it, :func:`outlying_values`) at
    positions ``first`` or later, shown as the values of ``Y`` (the series given); not
    in a column whose spread is rounding noise (``rounding``, per column: a straight
    line detrended)."""
    said = []

    def found(z):
        positions = outlying_values(z)
        return positions[positions >= first]

    for j, name, positions in columns_found(Z, columns, rounding, found):
        shown = ", ".join(f"{Y[t, j]:.6g} at {index[t]}" for t in positions[:5])
        more = f" and {len(positions) - 5} more" if len(positions) > 5 else ""
        said.append(f"{name}y has {len(positions)} value(s) far outside the range of the "
                    f"rest ({shown}{more})")
    if said:
        warnings.warn(
            f"{owner}: " + "; ".join(said) + ". Such values set the scale the series is "
            "standardised by and train the model on jumps seen nowhere else: the forecast "
            "can be poor. If they are errors, set them to NaN and fill them before the "
            "forecaster (sktime's Imputer in a TransformedTargetForecaster); if they are "
            "real, an exogenous X that explains them helps.",
            OutlierWarning,
            stacklevel=user_stacklevel(),
        )


#: :func:`level_shifts` compares the medians of up to this many values either
#: side of an outlying increment, and at least ``MIN_SHIFT_SIDE``.
SHIFT_WINDOW = 10
MIN_SHIFT_SIDE = 3


def level_shifts(values):
    """Positions where a series' level shifts for good (the first value at the new level).

    An increment outlying among the series' increments (:func:`outlying_values`
    applied to them) is a shift where the level stays moved after it: the
    median of the ``w`` values from it on lies at least half the increment
    away from the median of the ``w`` values before it, in the increment's
    direction (``w`` is :data:`SHIFT_WINDOW` or as many as the series has
    on its shorter side, at least :data:`MIN_SHIFT_SIDE`). A spike, whose
    level comes back, is not a shift. Where the central increments are all
    equal (to rounding: a step on a flat or straight series without noise),
    the few increments that differ from them (at most as many as
    :func:`outlying_values` leaves out of the central range) are the
    candidates. A jump spread over two steps is two shifts. The forecasters
    apply it (in ``fit``; ``update`` does not test the new values) to the series
    as their model sees it (after the log, trend and season they decide) and
    say what they find (:class:`~skreservoir.exceptions.LevelShiftWarning`).

    Parameters
    ----------
    values : array-like of shape (n_timepoints,)
        One series, finite.

    Returns
    -------
    positions : ndarray of int
        The positions of the first values at each new level, in increasing order.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir.forecasting import level_shifts
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.ones(40), 5 * np.ones(20)] + rng.normal(0, 0.05, 60)
    >>> level_shifts(y)
    array([40])
    >>> y[40:] = 1 + rng.normal(0, 0.05, 20)  # no shift
    >>> y[45] = 9.0  # a spike: the level comes back
    >>> level_shifts(y)
    array([], dtype=int64)
    """
    z = one_series(values, "level_shifts")
    refuse_non_finite(z, "level_shifts")  # an inf hid a real shift (a battery)
    n = len(z)
    shifts = []
    if n < 8:
        return np.zeros(0, dtype=np.int64)
    increments = np.diff(z)
    m, low, high = central_range(increments)
    rounding = rounding_noise(z)
    if high - low <= rounding:
        # the central increments are all equal (a step on a flat or straight series,
        # without noise): outlying are the few (at most m) that differ from them
        apart = np.flatnonzero(np.abs(increments - np.median(increments)) > rounding)
        candidates = apart if len(apart) <= m else ()
    else:
        candidates = outlying_values(increments)
    for p in candidates:
        t = int(p) + 1
        w = min(t, n - t, SHIFT_WINDOW)
        if w < MIN_SHIFT_SIDE:
            continue
        moved = np.median(z[t:t + w]) - np.median(z[t - w:t])
        # signs compared, not their product (values of 1e250 overflowed it)
        if np.sign(moved) * np.sign(increments[p]) > 0 and abs(moved) >= 0.5 * abs(
                increments[p]):
            shifts.append(t)
    return np.asarray(shifts, dtype=np.int64)


def warn_level_shifts(Z, Y, index, columns, owner, rounding, exogenous=True):
    """Warn (:class:`~skreservoir.exceptions.LevelShiftWarning`) of the level shifts of
    each column of ``Z`` (the series as the model sees it, :func:`level_shifts`), shown
    as the values of ``Y`` (the series given) either side; not in a column whose spread
    is rounding noise (``rounding``, per column). ``exogenous``: whether the forecaster
    takes an exogenous X (the message then offers one that marks the shift)."""
    said, since = [], None
    for j, name, positions in columns_found(Z, columns, rounding, level_shifts):
        shown = ", ".join(f"at {index[t]} (from {Y[t - 1, j]:.6g} to {Y[t, j]:.6g})"
                          for t in positions[:3])
        more = f" and {len(positions) - 3} more" if len(positions) > 3 else ""
        said.append(f"{name}y shifts its level {shown}{more}")
        last = index[positions[-1]]
        since = last if since is None else max(since, last)
    if said:
        since = repr(int(since)) if isinstance(since, numbers.Integral) else repr(str(since))
        warnings.warn(
            f"{owner}: " + "; ".join(said) + ". A model fitted across a shift takes it "
            "for part of the series' dynamics: its trend, drift or mean carry the jump "
            "on into the forecast. Fit on the data since the shift "
            f"(y.loc[{since}:] for a pandas y)"
            + (", or give it an exogenous X that marks the shift (0 before, 1 from it "
               "on, and 1 over the horizon)." if exogenous else "."),
            LevelShiftWarning,
            stacklevel=user_stacklevel(),
        )


#: A series ending in at least this many copies of one value, and at least
#: STOPPED_RATIO times its longest earlier run of that value, has stopped
#: (:func:`warn_stopped_series`).
STOPPED_MIN_RUN = 10
STOPPED_RATIO = 2


def stopped_tail(values):
    """The length of the run of one value that ends ``values`` (one column) where the
    series stopped there: at least :data:`STOPPED_MIN_RUN` values and
    :data:`STOPPED_RATIO` times the longest earlier run of any value (a count series
    of many zeros ends in runs of zeros by chance, a policy rate holds each level for
    months: not stopped); 0 otherwise, and for a series that is that value throughout."""
    values = np.asarray(values)
    changed = np.flatnonzero(values[1:] != values[:-1])  # the last step of each run
    if not len(changed):
        return 0
    tail = len(values) - 1 - changed[-1]
    if tail < STOPPED_MIN_RUN:
        return 0
    # the runs before the last: between consecutive changes (the first from the start)
    longest = int(np.max(np.diff(np.r_[-1, changed])))
    return int(tail) if tail >= STOPPED_RATIO * longest else 0


def warn_stopped_series(Y, index, columns, owner, first=None):
    """Warn (:class:`~skreservoir.exceptions.ForecastSkillWarning`) of the columns of
    ``Y`` (the series given) that end in a run of one value where they stopped
    (:func:`stopped_tail`): a discontinued product's zeros, a stuck sensor. The model
    learns the dynamics before the run, and its closed loop moves away from the value
    (sktime's PBS dataset, 32 final zeros: ESNForecaster() 0.22 to 0.79 over six
    months, NaiveForecaster 0).

    With ``first`` (an update's new rows start there), only of the columns that the
    new rows made stopped: said once as a stream stops, not at every update after."""
    said = []
    for j, column in enumerate(columns):
        run = stopped_tail(Y[:, j])
        if run and first is not None and len(Y) - run < first and stopped_tail(Y[:first, j]):
            run = 0  # the run began before the new rows and was said before them
        if run:
            name = "y" if len(columns) == 1 else f"column {column!r} of y"
            said.append(f"{name} holds {Y[-1, j]:.6g} at its last {run} of {len(Y)} "
                        f"points (since {index[len(Y) - run]})")
    if said:
        warnings.warn(
            f"{owner}: " + "; ".join(said) + ", twice as long as any run of one value "
            "before: "
            "the series may have stopped (a discontinued product, a stuck sensor). The "
            "model learns the dynamics before the run, and its forecast moves away "
            "from that value: if the series stays there, sktime's NaiveForecaster() "
            "forecasts it; if it stopped and restarts, fit on the data before the run.",
            ForecastSkillWarning,
            stacklevel=user_stacklevel(),
        )


#: The least autocorrelation at the season's lag of a seasonal column's model rows
#: (its increments where differenced, its values otherwise; the seasonal profile
#: removed), and its least excess over the largest at the shorter lags, for which
#: :func:`warn_wandering_season` says the season wanders. Monthly seasonal random
#: walks of 160 points: 0.53 to 0.71 at lag 12, at least 0.23 above the shorter
#: lags; a fixed season plus a random walk or noise at most 0.10; airline 0.19;
#: macroeconomic pop (smooth: 0.77 to 0.88 at every lag) 0.09 above
#: (``python benchmarks/forecasting_wandering_season.py``: 8 of 8 walks warned,
#: none of 16 fixed seasons nor of 10 real series).
WANDERING_SEASON_ACF = 0.5
WANDERING_SEASON_EXCESS = 0.2


def season_autocorrelations(transform, Z, j):
    """``(r_s, largest r_k, k < s, or 0)`` of column ``j``'s model rows (its increments
    where differenced, its values otherwise; the seasonal profile removed) at the
    season's lag ``s``, or None where it has no season, too few rows or no variation;
    ``Z``: the transformed series (:meth:`TargetTransform.transform`)."""
    length = transform.season_length_
    if length <= 1 or not transform.season_[:, j].any():
        return None
    # in the units its tests ran in (a series at 1e200 overflowed the squares)
    rows = transform.model_rows(Z)[:, j] / transform.units_[j]
    if len(rows) < 3 * length:
        return None
    r = autocorrelations(rows, length)
    if r is None:
        return None
    return float(r[-1]), max(float(r[:-1].max()), 0.0)


def wandering_season(transform, Z, j):
    """:func:`season_autocorrelations` where column ``j``'s season wanders (a seasonal
    unit root: autocorrelated at the season's lag above :data:`WANDERING_SEASON_ACF`
    and well above the shorter lags), else None."""
    found = season_autocorrelations(transform, Z, j)
    if (found is not None and found[0] > WANDERING_SEASON_ACF
            and found[0] - found[1] > WANDERING_SEASON_EXCESS):
        return found
    return None


def warn_wandering_season(transform, Z, columns, owner):
    """Warn (:class:`~skreservoir.exceptions.ForecastSkillWarning`) of the seasonal
    columns whose season wanders (:func:`wandering_season`): the profile, fixed over
    the whole series, goes out of date, and a seasonal random walk was forecast with
    5.7 times the squared error of the last season repeated (``ESNForecaster()``,
    eight monthly draws, 12 months ahead: 4.70 against 0.82; ``Differencer(lags=[12])
    * ESNForecaster()``: 0.78)."""
    said = []
    for j, column in enumerate(columns):
        found = wandering_season(transform, Z, j)
        if found is None:
            continue
        name = "y" if len(columns) == 1 else f"column {column!r} of y"
        rows = "increments" if transform.difference_[j] else "values"
        said.append(f"{name}'s {rows}, less the seasonal profile, are autocorrelated "
                    f"at the season's lag ({found[0]:.2f} at lag "
                    f"{transform.season_length_}, at most {found[1]:.2f} at the shorter "
                    "ones)")
    if said:
        length = transform.season_length_
        how = (f"sktime's Differencer(lags=[{length}]) * {owner}()" if len(columns) == 1
               else f"sktime's Differencer(lags=[{length}]) on those columns alone (a "
                    "ColumnEnsembleForecaster forecasting them apart; on every column it "
                    "hurts those whose season is fixed)")
        warnings.warn(
            f"{owner}: the season wanders: " + "; ".join(said) + ", as a seasonal "
            "random walk's are. The seasonal profile modelled is fixed over the whole "
            "series and goes out of date, and the forecast can be several times worse "
            f"than the last season repeated. Model the seasonal differences with {how}, "
            f"or compare with NaiveForecaster(sp={length}).",
            ForecastSkillWarning,
            stacklevel=user_stacklevel(),
        )


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

    Attributes
    ----------
    season_estimate_ : int
        With ``sp="auto"`` and an index without a calendar frequency: the
        season length :func:`estimate_season` finds in the columns (the one
        found in most, the shortest of a tie), 1 when none; it is then the
        season tried (as a calendar index's would be). 1 otherwise.
    season_length_ : int
        The season length modelled (1: none).
    exogenous_statistic_ : list of float or None
        Per column, with exogenous ``X`` given to :meth:`fit` (untrended, at
        most 5 columns): the Dickey-Fuller statistic of the column's residual on
        ``[1, X]`` where the column alone was to be differenced under
        ``difference="auto"``; below the Engle-Granger 5% value
        (:data:`ENGLE_GRANGER_CRITICAL`, or :data:`ENGLE_GRANGER_CRITICAL_TREND`
        where a line was removed) it is not (what looked like a unit
        root is X's slow swings). None elsewhere.
    season_period_ : float
        The season's calendar period in steps (:func:`season_phases`):
        ``season_length_`` but for the year of a weekly index under
        ``sp="auto"`` (365.2425 / 7 = 52.18 weeks).
    rounding_ : ndarray of shape (n_vars,)
        Per column, the spread that is rounding noise: :data:`ROUNDINGS`
        float64 roundings of its largest magnitude (of its log, where it is
        taken). A transformed column whose spread is below it has no
        variation left (the forecasters take it as constant).
    units_ : ndarray of shape (n_vars,)
        Per column, the power of two its tests ran in (:func:`unit_scales`; 1
        for a logged column), the scale of the transformed column where its
        spread is rounding noise.
    nonnegative_ : ndarray of shape (n_vars,)
        Per column, whether its values in units of y (:meth:`inverse`) are
        held at 0 or above: with ``nonnegative="auto"``, where it holds
        counts (whole numbers that reach 0 and never go below it,
        :func:`is_count_column`) or rests at 0 (never below it, and at 0 for
        at least a tenth of its values, :func:`rests_at_zero`); every column
        with True; none with False.
    """

    def __init__(self, log="auto", detrend="auto", sp="auto", difference="auto",
                 nonnegative="auto"):
        self.log = log
        self.detrend = detrend
        self.sp = sp
        self.difference = difference
        self.nonnegative = nonnegative

    def fit(self, Y, index=None, X=None):
        """Decide and fit the parts on the training values ``Y`` (n, n_vars), with the
        exogenous values ``X`` (n, n_exogenous) of the same time points, if any, for
        the unit-root test (:meth:`_unit_root`)."""
        n, n_vars = Y.shape
        self._exogenous = exogenous_design(X, n)
        self.exogenous_statistic_ = [None] * n_vars
        # the series' tests on values near 1 (unit_scales): the fitted parts are
        # scaled back to the units of Y
        units = unit_scales(Y)
        unit_Y = Y / units
        self.units_ = units.copy()  # per column, in the transformed series' units
        season = season_of_index(index) if self.sp == "auto" else int(self.sp)
        week = week_of_index(index) if self.sp == "auto" else 1
        if week > 1 and season > 1 and any(
                prefers_longer_season(unit_Y[:, j], season, week) for j in range(n_vars)):
            season = week  # the days of the week differ: the week holds the day
        self.season_estimate_ = 1
        if self.sp == "auto" and index_frequency(index) is None:
            found = [s for s in (estimate_season(unit_Y[:, j]) for j in range(n_vars))
                     if s > 1]
            if found:
                self.season_estimate_ = season = min(found, key=lambda s: (-found.count(s), s))
        self.log_ = np.zeros(n_vars, dtype=bool)
        self.trend_ = np.zeros((n_vars, 2))
        length = season if season > 1 and n >= MIN_SEASONS * season else 1
        # the calendar's period of the season (52.18 for the weeks of a year)
        self.season_period_ = (season_period_of_index(index, length)
                               if self.sp == "auto" and self.season_estimate_ == 1
                               else float(length))
        phases = season_phases(np.arange(n), length, self.season_period_)
        if self.sp != "auto" and length < season:
            warnings.warn(
                f"sp={season} needs at least two seasons ({MIN_SEASONS * season} time points) "
                f"to estimate the seasonal profile, and y has {n}: no season is modelled "
                "(sp_ is 1). Pass a longer y, or sp=1 to say so; on less than two "
                f"seasons, sktime's NaiveForecaster(sp={season}) repeats the last one.",
                UserWarning,
                stacklevel=user_stacklevel(),
            )
        self.season_ = np.zeros((length, n_vars))
        self.n_fit_ = n
        self.difference_ = np.zeros(n_vars, dtype=bool)
        self.adf_statistic_ = [None] * n_vars
        self.rounding_ = np.zeros(n_vars)
        if isinstance(self.nonnegative, str):  # "auto": counts, or a quantity resting at 0
            counts = np.array([FLOOR_COUNTS and is_count_column(Y[:, j])
                               for j in range(n_vars)], dtype=bool)
            rests = np.array([FLOOR_COUNTS and rests_at_zero(Y[:, j]) for j in range(n_vars)],
                             dtype=bool)
            self.nonnegative_ = counts | rests
            # the floor an update's fractional value ends: counts only (one that rests at
            # 0 keeps it, as a refit would)
            self._floor_counts = counts & ~rests
        else:
            self.nonnegative_ = np.full(n_vars, bool(self.nonnegative))
            self._refuse_negative(Y, "y has negative values (the least {})")
        positions = np.arange(n)
        for j in range(n_vars):
            column = Y[:, j]
            if self.log == "auto":
                # windows of a season (on two to three seasons: too few to decide,
                # so no log; on 24 to 33 months that helped the seasonal and the
                # non-seasonal series of forecasting_short_season.py alike)
                window = length if length > 1 else max(4, n // 10)
                slope, t = (level_spread_slope(unit_Y[:, j], window, with_t=True)
                            if np.all(column > 0) else (0.0, 0.0))
                self.log_[j] = bool(slope >= LOG_SLOPE and t >= LOG_T)
            else:
                self.log_[j] = bool(self.log)
                if self.log_[j] and not np.all(column > 0):
                    raise ValueError(
                        "log=True needs a strictly positive series; set log='auto' or False."
                    )
            # the log's values are moderate (|log| < 745); the others are tested
            # in units of their power of two, and the parts fitted scaled back
            unit = self.units_[j] = 1.0 if self.log_[j] else units[j]
            z = np.log(column) if self.log_[j] else unit_Y[:, j]
            raw = z
            coef, r2 = trend_r2(raw)
            if self.detrend is True or (self.detrend == "auto" and r2 >= TREND_R2):
                self.trend_[j] = coef
            line = self.trend_[j].copy()  # the line fitted alone, kept if the season is not
            z = raw - np.polyval(line, positions)
            profile = np.zeros(length)
            # the spread that is rounding noise of this column (of its log)
            self.rounding_[j] = rounding_noise(np.log(column) if self.log_[j] else column)
            rounding = self.rounding_[j] / unit
            calendar = self.season_estimate_ == 1
            # a series whose last two seasons are constant has stopped (PBS's sales
            # end in zeros): its old profile, forecast on, missed by its amplitude at
            # every step, which the tests of the whole series did not see (one
            # constant season can be chance: a week without orders)
            stopped = (length > 1 and SEASON_RULE == "either" and n >= 3 * length
                       and np.ptp(raw[-2 * length:]) <= rounding)

            def kept_season(z):
                """The values less the line fitted with the season, and its profile."""
                if self.detrend is not False:
                    # the season kept: the line fitted with it (a season hides a
                    # trend from a line alone, and tilts its slope on part seasons)
                    coef, r2 = trend_r2(raw, length, self.season_period_)
                    keep = self.detrend is True or r2 >= TREND_R2
                    self.trend_[j] = coef if keep else 0.0
                    z = raw - np.polyval(self.trend_[j], positions)
                profile = phase_means(z, length, self.season_period_)[0]
                return z, profile - profile.mean()

            found = length > 1 and (self.sp != "auto" or (
                not stopped and self._seasonal(z, length, rounding, calendar)))
            if found:
                z, profile = kept_season(z)
            statistic, differenced, exogenous = self._unit_root(
                z - profile[phases], self.trend_[j].any(), profile.any())
            if (not found and differenced and length > 1 and self.sp == "auto"
                    and not stopped and self._f_decides(n, length, calendar)
                    and phase_means_differ(np.diff(z), length, rounding)):
                # where the F test of the values alone decides, a season of a
                # wandering series (a seasonal random walk) hides in the spread of the
                # values within each phase: a series modelled by its increments keeps
                # the season its increments show (on 120-month walks with a season of
                # amplitude 2, NVARForecaster() kept it on 66 % of 200 by the values'
                # test alone, 85 % by the rule before, 99 % now; a review's check)
                z, profile = kept_season(z)
                statistic, differenced, exogenous = self._unit_root(
                    z - profile[phases], self.trend_[j].any(), profile.any())
            # the levels of a wandering series are autocorrelated at every lag,
            # so they pass the test at any season's: a series modelled by its
            # increments keeps a season only where its increments show it
            if (
                differenced
                and self.sp == "auto"
                and profile.any()
                and not self._seasonal(np.diff(z), length, rounding, calendar)
            ):
                # (the season is in these values: Schwert's lags, which span it)
                levels_statistic, levels_differenced, levels_exogenous = self._unit_root(
                    raw - np.polyval(line, positions), line.any(), True)
                if levels_differenced:
                    # the reason to drop the season holds without it: dropped (with
                    # the line fitted without it); else the season stays with the
                    # levels it was found on
                    profile, statistic = np.zeros(length), levels_statistic
                    exogenous = levels_exogenous
                    self.trend_[j] = line
            self.trend_[j] = self.trend_[j] * unit
            self.season_[:, j] = profile * unit
            self.adf_statistic_[j] = statistic
            self.exogenous_statistic_[j] = exogenous
            self.difference_[j] = differenced
        self.season_length_ = len(self.season_) if self.season_.any() else 1
        if self.season_length_ == 1:  # no column kept a season
            self.season_, self.season_period_ = np.zeros((1, n_vars)), 1.0
        return self

    def __repr__(self):
        # what get_fitted_params() shows: the parts decided per column once fitted
        # (it showed "<...TargetTransform object at 0x...>"). season_length_ is set
        # last: a fit that raised part-way (log=True on a non-positive series) leaves
        # log_ and the others on the forecaster's transform_, shown as unfitted
        if not hasattr(self, "season_length_"):
            return (f"TargetTransform(log={self.log!r}, detrend={self.detrend!r}, "
                    f"sp={self.sp!r}, difference={self.difference!r})")
        detrended = self.trend_.any(axis=1).tolist()
        return (f"TargetTransform(log={self.log_.tolist()}, detrend={detrended}, "
                f"sp={self.season_length_}, difference={self.difference_.tolist()})")

    @staticmethod
    def _seasonal(z, length, rounding, calendar=True):
        """Whether ``sp="auto"`` keeps the season ``length`` of ``z`` (one column, the
        transformed series or its increments; ``rounding``: the column's spread that is
        rounding noise, ``rounding_``; ``calendar``: whether the index named the
        season, rather than :func:`estimate_season` finding it in the series).

        Kept where the F test of the phases' means (:func:`phase_means_differ`)
        or, on three seasons or more, Theta's autocorrelation test
        (:func:`is_seasonal`) finds it; on three seasons or more, a season that
        :func:`estimate_season` found (the length whose phases' means differ
        most, among the candidates) by Theta's test alone, since the F test of
        the length chosen for the differences of its means is no test (AR(1)
        series on a bare index got seasons). The autocorrelation test alone missed
        strong seasons on three to four seasons of data, since its bound grows
        with the season's own autocorrelation at the shorter lags: a monthly
        sine of amplitude 10 in unit noise was kept on none of 100 draws of
        36 and 42 months and on all of 47 (the F test: all of them), and
        ``NVARForecaster()`` forecast it with a MAE of 6.5, seasonal naive 1.1
        (a sktime workflow port; ``python benchmarks/forecasting_season_tests.py``).
        From :data:`F_DECIDES_FROM` seasons of a calendar's season on, the F test
        alone (and, in :meth:`fit`, on the increments of a series that is
        differenced where the values show none): there it has the power, and Theta's test took smooth oscillations
        that are not seasonal for the season (``ESNForecaster()`` on the Rossler
        system: sMAPE 8.0 on a RangeIndex, 48.3 on a half-hourly index, a port of
        a chaotic-systems tutorial; ``python benchmarks/forecasting_long_season.py``:
        random walks with drift over 480 months got a season 30 % of the time,
        now none).
        """
        if TargetTransform._f_decides(len(z), length, calendar):
            return phase_means_differ(z, length, rounding)
        if len(z) >= 3 * length:
            if is_seasonal(z, length):
                return True
            if not calendar or SEASON_RULE == "theta":
                return False
        return phase_means_differ(z, length, rounding)

    @staticmethod
    def _f_decides(n, length, calendar):
        """Whether the F test of the phases' means alone decides a season of ``length``
        on ``n`` values (:data:`F_DECIDES_FROM` seasons of a calendar's season or more)."""
        return calendar and SEASON_RULE == "either" and n >= F_DECIDES_FROM * length

    def _differenced(self, statistic, line=False):
        """Whether a column with this Dickey-Fuller statistic is differenced (``line``:
        tested less a line, against :data:`ADF_CRITICAL_TREND`)."""
        if self.difference == "auto":
            critical = ADF_CRITICAL_TREND if line else ADF_CRITICAL
            return statistic is not None and statistic > critical
        return bool(self.difference)

    def _unit_root(self, values, line, season):
        """``(statistic, differenced, exogenous)`` of one transformed column's
        ``values``, less a ``line`` and a ``season`` where those are true
        (:data:`AIC_LAGS_FOR`), ``exogenous`` the statistic of its residual on X
        where that was tested (``exogenous_statistic_``), else None: its
        Dickey-Fuller statistic and whether it is differenced (:meth:`_differenced`),
        but not under ``difference="auto"`` where the statistic is undecided and the
        values' lag-1 autocorrelation is below :data:`UNDECIDED_AUTOCORRELATION`
        (increments already: a user's Differencer before the forecaster)."""
        aic = not season and (AIC_LAGS_FOR == "seasonless"
                              or (AIC_LAGS_FOR == "plain" and not line))
        statistic = adf_statistic(values, aic=aic)
        differenced = self._differenced(statistic, line)
        exogenous = None
        low, high = ADF_UNDECIDED_TREND if line else ADF_UNDECIDED
        if (differenced and self.difference == "auto" and low < statistic < high
                and lag_one_autocorrelation(values) < UNDECIDED_AUTOCORRELATION):
            differenced = False
        if differenced and self.difference == "auto" and self._exogenous is not None:
            # what an untrended X does not explain: a y that follows it plus stationary
            # noise is stationary, however it wanders alone (with the time where a
            # line was removed: y's line less X's part of it is not a unit root)
            design = self._exogenous
            if line:
                time = np.arange(len(values)) / len(values)
                design = np.column_stack([design, time - time.mean()])
            residual = values - design @ np.linalg.lstsq(design, values, rcond=None)[0]
            # about a line, Schwert's lags, as before the AIC's were taken there for
            # the test of y alone: with theirs 10 of 177 unrelated walks passed
            # Engle and Granger's test (its 5 % is for the regression's own lags)
            exogenous = adf_statistic(residual, aic=aic and not line)
            k = self._exogenous.shape[1] - 1
            critical = (ENGLE_GRANGER_CRITICAL_TREND if line else ENGLE_GRANGER_CRITICAL)[k]
            if exogenous is not None and exogenous < critical:
                differenced = False
        return statistic, differenced, exogenous

    @property
    def unit_root_undecided(self):
        """Whether the Dickey-Fuller test leaves differencing undecided for some column.

        True when a column's statistic lies between the 1% and 10% critical
        values (:data:`ADF_UNDECIDED`, or :data:`ADF_UNDECIDED_TREND` for a column
        tested less a line) or the series is too short for the test.
        """
        bands = [ADF_UNDECIDED_TREND if np.any(trend) else ADF_UNDECIDED
                 for trend in self.trend_]
        return any(s is None or low < s < high
                   for s, (low, high) in zip(self.adf_statistic_, bands))

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
        return trend + self.season_[season_phases(positions, len(self.season_),
                                                  getattr(self, "season_period_", None))]

    def transform(self, Y, positions):
        """Transformed values of ``Y`` (n, n_vars) at ``positions``."""
        Z = np.where(self.log_, np.log(np.where(self.log_, Y, 1.0)), Y)
        return Z - self._offset(positions)

    def _refuse_negative(self, Y, what):
        """A ValueError where ``nonnegative=True`` meets a negative value of ``Y``
        (``what``: the values, with ``{}`` for the least)."""
        if self.nonnegative is True and np.any(Y < 0):
            raise ValueError(
                "nonnegative=True holds the forecasts at 0 or above, but "
                + what.format(f"{np.min(Y):.6g}")
                + ": pass nonnegative='auto' or False for a series that can be negative.")

    def update_floor(self, Y):
        """Take the new values ``Y`` (n, n_vars) of an update without a refit into the floor.

        ``nonnegative=True`` refuses a negative one; with ``"auto"``, a column taken
        for counts in :meth:`fit` that gets a negative or fractional value is not
        held at 0 any more (a refit would not take it for counts), nor a column
        that rests at 0 (:func:`rests_at_zero`) that gets a negative one.
        """
        floor = getattr(self, "nonnegative_", None)  # None: fitted before it existed
        if floor is None or not len(Y):
            return
        self._refuse_negative(Y, "the values passed to update include {}")
        if isinstance(self.nonnegative, str):
            counts = getattr(self, "_floor_counts", floor)  # fitted before rests_at_zero
            whole = whole_and_nonnegative(Y, axis=0)
            with np.errstate(invalid="ignore"):
                nonnegative = np.all(Y >= 0, axis=0)
            taken = np.where(counts, whole, nonnegative)
            self.nonnegative_ = floor & taken

    def inverse(self, Z, positions):
        """Values in units of y of ``Z`` (..., len(positions), n_vars)."""
        Y = Z + self._offset(positions)
        Y = np.where(self.log_, np.exp(np.where(self.log_, Y, 0.0)), Y)
        floor = getattr(self, "nonnegative_", None)  # None: fitted before it existed
        if floor is not None and floor.any():
            with np.errstate(invalid="ignore"):  # NaN (no prediction) stays NaN
                Y = np.where(floor & (Y < 0), 0.0, Y)
        return Y
