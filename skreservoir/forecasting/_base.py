"""Shared machinery of the reservoir forecasters: closed loop, guard, sample paths."""

import copy
import functools
import math
import numbers
import uuid
import warnings
import weakref
from contextlib import contextmanager

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import DataConversionWarning
from sklearn.utils import check_random_state
from sktime.datatypes import convert_to
from sktime.forecasting.base import BaseForecaster, ForecastingHorizon

from skreservoir._autotune import lag_columns
from skreservoir._backend import ConfigCarrierMixin, to_host
from skreservoir._base import (
    BaseReadout,
    ReservoirPyNamesMixin,
    auto_washout,
    linear_readout,
)
from skreservoir._dask import parallel_map
from skreservoir._preprocessing import standardizer
from skreservoir._threads import blas_threads_for_features
from skreservoir._validation import (
    check_int,
    clock_change_hint,
    is_float_column,
    replay_warnings,
    user_stacklevel,
)
from skreservoir.exceptions import (
    DIVERGENCE_MARGIN,
    SHORT_SERIES_LENGTH,
    ForecastDivergenceWarning,
    ForecastSkillWarning,
    InSampleStartWarning,
    ReadoutSolveWarning,
    ReservoirStateWarning,
    ShortSeriesWarning,
)
from skreservoir.forecasting._numeric import ALPHA_GRID, select_alpha
from skreservoir.forecasting._transform import (
    TargetTransform,
    central_bounds,
    warn_level_shifts,
    warn_outlying_values,
    warn_random_walk,
    warn_stopped_series,
    warn_wandering_season,
)
from skreservoir.readout import RidgeReadout

#: Sample paths behind predict_interval, predict_quantiles and predict_var.
N_SAMPLE_PATHS = 200

#: Simulated paths that left the divergence bounds are warned about only when
#: more of them than this fraction did, or than the outer tail of the
#: quantiles asked for where that is smaller (``predict_quantiles``,
#: ``predict_interval``: 0.5 % for a 99 % interval). Each such path moves an
#: empirical quantile by up to one order statistic, so a few of them shift
#: the bounds of an interval by a few of its 200 paths; one path in 200
#: warned on every call of sktime's probabilistic tutorial.
PATHS_TAIL = 0.05


def quantile_tail(alpha):
    """The share of paths whose leaving the bounds is warned about, for quantile levels
    ``alpha``: the outer tail beyond the outermost level, at most :data:`PATHS_TAIL`."""
    alpha = np.atleast_1d(np.asarray(alpha, dtype=float))
    return float(min(alpha.min(), 1.0 - alpha.max(), PATHS_TAIL))

#: A point forecast out of the training levels' range by more than this share of
#: its width warns (:meth:`_ReservoirForecaster._warn_runaway`), for a variable with
#: no trend removed: a differenced one where it is that far from the line of the
#: series' own drift too (the closed loop extrapolates the increments' momentum),
#: one modelled by its levels wherever (the loop settles where the series never
#: went, while a stationary series' forecast returns toward its mean).
RUNAWAY_SHARE = 0.1

#: Parts of the runaway warning (:meth:`_ReservoirForecaster._warn_runaway` and
#: its kin) that AutoESNForecaster says otherwise of its members: it chose their
#: settings by validation, and it is the tool the hint names.
RUNAWAY_INCREMENTS_REASON = (
    "its Dickey-Fuller test did not reject a unit root: difference_ is True")
RUNAWAY_LEVELS_REASON = (
    "its Dickey-Fuller test rejected a unit root, or difference=False: difference_ is False")
RUNAWAY_AUTO_HINT = (
    ", or try AutoESNForecaster(), which validates the model's settings on the end of the "
    "series")

#: A horizon beyond this many times the series' length (and :data:`FAR_HORIZON_MIN`
#: steps) warns that the closed loop runs it all
#: (:meth:`_ReservoirForecaster._warn_far_horizon`).
FAR_HORIZON_RATIO = 10
FAR_HORIZON_MIN = 1000

#: At most this many rolling origins inside the training series calibrate
#: the spread of the sample paths (:meth:`_ReservoirForecaster._calibration`).
CALIBRATION_ORIGINS = 10

#: Sample paths simulated at each calibration origin.
CALIBRATION_PATHS = 50

#: A calibration origin's paths whose standard deviation is below this
#: fraction of the series' range have no spread (the paths coincide, held
#: at a divergence bound): that step is left out of the calibration.
SPREAD_RTOL = 1e-8


def around_point(quantiles, alpha, point):
    """``quantiles`` (n_alpha, n_steps, n_vars) of levels ``alpha``, each below 0.5 no higher
    than ``point`` (n_steps, n_vars) and each above 0.5 no lower: every interval they
    bound holds the point forecast, which the closed loop without noise can leave outside
    the simulated paths' quantiles (NVAR on 16 points of lynx: a 90 % interval of
    [-48, 2885] about a point of -742). The quantiles stay ordered."""
    levels = np.asarray(alpha, dtype=float).reshape(-1, 1, 1)
    point = np.asarray(point, dtype=float)[None]
    held = np.where(levels < 0.5, np.minimum(quantiles, point), quantiles)
    return np.where(levels > 0.5, np.maximum(held, point), held)


def member_centre(paths):
    """The point forecast of an ensemble: the per-step median of its members' paths.

    ``paths`` has shape (n_members, n_steps, n_vars). The median rather than
    the mean: on chaotic series a member that has lost the trajectory but
    stayed in range pulls the mean away from the others, and the mean of
    decorrelated paths shrinks toward the series' centre, which sMAPE
    punishes. Of five members (``python benchmarks/forecasting_auto_variants.py
    ... --model ESNForecaster``, ``forecasting_esn_variants.json``), the
    median's geometric-mean sMAPE ratio to one member was lower than the
    mean's on five of the seven sets (0.67 against 0.74 on the main systems,
    1.03 against 1.15 on their held-out origins). With one or two members it
    is their mean.
    """
    return np.median(paths, axis=0)


#: ``standardize="auto"`` standardises where the standard deviation of a
#: column the model reads lies outside this range (see :class:`NVARForecaster`).
AUTO_STANDARDIZE_RANGE = (1e-3, 1e3)

#: ... and where the mean of a column lies further from zero than this many
#: of its standard deviations: the constant, the column and its square are
#: then nearly collinear (a noisy monthly season about -1e4, standard
#: deviation 0.7, took NVARForecaster's MASE from 0.41 about -100 to 0.65).
AUTO_STANDARDIZE_LEVEL = 1e3


def auto_standardize(values):
    """Whether ``standardize="auto"`` standardises these rows (y's or X's).

    True where the standard deviation of a column lies outside
    :data:`AUTO_STANDARDIZE_RANGE`, or its mean lies further from zero than
    :data:`AUTO_STANDARDIZE_LEVEL` standard deviations; a constant column
    (nothing to scale) does not count.
    """
    low, high = AUTO_STANDARDIZE_RANGE
    # by standardizer, whose scaling first keeps the squares of values near the
    # float64 limits from overflowing (1e155) or underflowing
    levels, spreads = standardizer(values)
    levels = np.abs(levels)
    spreads = np.where(np.ptp(values, axis=0) > 0, spreads, 0.0)
    varying = spreads > 0
    spreads, levels = spreads[varying], levels[varying]
    return bool(
        np.any((spreads < low) | (spreads > high) | (levels > AUTO_STANDARDIZE_LEVEL * spreads))
    )


def check_lags_fit(n_lags, n_points, owner):
    """Refuse ``n_lags`` of at least the series' length by name (the lags before the
    first value repeat it: 10**6 of them ran out of memory, in numpy's words)."""
    if n_lags >= n_points:
        raise ValueError(
            f"{owner}: n_lags={n_lags} reads the last {n_lags} values, as many as or more "
            f"than the {n_points} time points of y; pass n_lags below {n_points} (a few: "
            "1 to 5)."
        )


def check_alpha(alpha):
    """Refuse a ridge penalty ``alpha`` other than "auto" or a finite real >= 0, by name.

    Any real number counts (a NumPy float32 from a search grid was refused as
    "not a float"); a bool, NaN or infinity does not.
    """
    if isinstance(alpha, str) and alpha == "auto":
        return
    if (isinstance(alpha, (bool, np.bool_)) or not isinstance(alpha, numbers.Real)
            or not math.isfinite(float(alpha)) or alpha < 0):
        raise ValueError(f"alpha must be 'auto' or a float >= 0, got {alpha!r}.")


def float_values(frame, name, owner):
    """The values of a pandas ``frame`` as float64, refusing infinite ones and text columns.

    sktime refuses NaN before ``_fit``/``_update`` but lets inf through,
    which then broke the least-squares solve with an SVD error. (NaN is
    left alone: the rows of a future ``X`` that the horizon skips are NaN
    until filled.)
    """
    try:
        values = frame.to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as exc:  # numpy's message names neither y/X nor the column
        bad = [c for c in frame.columns if not is_float_column(frame[c])]
        raise ValueError(
            f"{name} passed to {owner} has columns that are not numbers: "
            f"{ {c: str(frame[c].dtype) for c in bad} }; encode them as numbers (one "
            "column per category: pandas.get_dummies, or scikit-learn's OneHotEncoder) or "
            f"drop them from {name}."
        ) from exc
    if np.isinf(values).any():
        raise ValueError(
            f"{name} passed to {owner} contains infinity or a value too large for "
            "float64; replace those values (with NaN and an imputer such as sktime's "
            "Imputer) or drop them."
        )
    return values


def columns_like_fit(frame, columns, method, owner, name="X"):
    """``frame`` (``X``, or ``y``) with the columns of the one given to fit, in that order.

    A different set of columns raises a ValueError naming the missing and
    the unexpected ones (instead of numpy's shape error deep in the closed
    loop, or for ``y`` an SVD that did not converge on the NaN of columns
    that never were); the same columns in another order are reordered. A
    ``y`` of one column stands for the one column of fit whatever its name
    (a Series renamed, or without a name).
    """
    if name == "y" and len(columns) == 1 and len(frame.columns) == 1:
        return frame.set_axis(list(columns), axis=1)
    missing = [c for c in columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in columns]
    if missing or extra:
        # a numpy array reaches here with columns 0, 1, ...: it has no names to match
        unnamed = (isinstance(frame.columns, pd.RangeIndex)
                   and list(columns) != list(range(len(columns))))
        hint = (
            f" A numpy {name} has no column names (sktime names them 0, 1, ...): pass a "
            f"DataFrame with fit's columns, indexed by the time points"
            + (" of the horizon (fh.to_absolute_index(forecaster.cutoff))"
               if name == "X" and method == "predict" else "")
            + "." if unnamed else "")
        raise ValueError(
            f"{name} passed to {owner}.{method} must have the columns of the {name} given "
            f"to fit ({list(columns)}); missing {missing}, unexpected {extra}.{hint}"
        )
    return frame[list(columns)]


def next_time(index, freq=None):
    """The time point after the last of ``index``; None where no step is known.

    Period indices step by one; integer indices by their constant step
    (years every 5: 5; None where the steps differ); a datetime index by
    its frequency (``freq`` when the index lost it, as a concatenation
    does).
    """
    last = index[-1]
    if isinstance(index, pd.PeriodIndex):
        return last + 1
    if pd.api.types.is_integer_dtype(index):
        steps = np.diff(np.asarray(index))
        if not len(steps):
            return last + 1
        return last + steps[0] if np.all(steps == steps[0]) else None
    freq = getattr(index, "freq", None) or freq
    return None if freq is None else last + freq


def keep_cutoff(forecaster, seen_index):
    """Set the cutoff of ``forecaster`` back to the end of ``seen_index``, the series seen.

    sktime moves the cutoff to the end of the ``y`` given to ``update``
    before ``_update`` runs: an update refused, or one of past time points
    only, would leave forecasts labelled from there while the model runs on
    from the end of the series.
    """
    freq = getattr(forecaster.cutoff, "freq", None)
    cutoff = seen_index[-1:]
    if freq is not None and isinstance(cutoff, pd.DatetimeIndex):
        cutoff = pd.DatetimeIndex(cutoff, freq=freq)
    forecaster._set_cutoff(cutoff)


@contextmanager
def cutoff_kept_on_error(forecaster, seen_index):
    """The checks of an update: where one raises, the cutoff goes back (:func:`keep_cutoff`)."""
    try:
        yield
    except Exception:
        keep_cutoff(forecaster, seen_index)
        raise


def _index_kind(index):
    """What kind of time points ``index`` holds, in words."""
    if isinstance(index, pd.PeriodIndex):
        return f"period ({index.freqstr})"
    if isinstance(index, pd.DatetimeIndex):
        return "datetime" if index.tz is None else f"datetime ({index.tz})"
    if pd.api.types.is_integer_dtype(index):
        return "integer"
    return f"{index.dtype}"


def new_time_points(forecaster, y, seen_index):
    """The rows of ``y`` after ``seen_index`` (the series seen), which must follow it.

    sktime passes the data it has (evaluate's "update" strategies and
    update_predict pass the whole expanding window): only the time points
    after those seen are new. Where ``y`` holds none, the cutoff goes back
    to the end of the series seen (:func:`keep_cutoff`); where the new
    points do not start at the next time point (a gap), a ValueError says
    so (the model would read them as consecutive).
    """
    seen = seen_index[-1]
    kinds = [_index_kind(index) for index in (y.index, seen_index)]
    if kinds[0] != kinds[1]:  # they compared with a TypeError ('<' between Period and int)
        raise ValueError(
            f"y passed to {type(forecaster).__name__}.update has an index of {kinds[0]} "
            f"time points, but the series seen has one of {kinds[1]} time points (ending "
            f"at {seen}): give the new "
            "values the time index of the series given to fit."
        )
    y = y[y.index > seen]
    if not len(y):
        keep_cutoff(forecaster, seen_index)
        return y
    expected = next_time(seen_index, getattr(forecaster.cutoff, "freq", None))
    step = index_step(seen_index)
    if expected is not None and y.index[0] < expected and step > 1:
        # before the next time point of a stepped grid: off the grid, not a gap
        raise ValueError(
            f"y passed to {type(forecaster).__name__}.update starts at {y.index[0]}, "
            f"between the time points of the series seen, whose integer index steps by "
            f"{step} (its last {seen}, the next {expected}): pass the new values at "
            f"the time points of that grid ({expected}, {expected + step}, ...)."
        )
    if expected is not None and y.index[0] != expected:
        raise ValueError(
            f"y passed to {type(forecaster).__name__}.update starts at {y.index[0]}, "
            f"but the series seen ends at {seen}, so its next time point is "
            f"{expected}: the model would read the new values as following on at once. "
            "Pass the time points in order without a gap (fill the missing ones first, "
            "for example with sktime's Imputer)."
        )
    return y


def _replace_rows(kept, given):
    """``kept`` with its rows at the time points of ``given`` replaced by those (index kept)."""
    common = kept.index.intersection(given.index)
    if not len(common):
        return kept
    kept = kept.astype(np.float64)  # as fit reads it (an int y takes revised floats)
    kept.loc[common] = given.loc[common].to_numpy(dtype=np.float64)
    return kept


#: What the interval methods keep per fit or update of a forecaster, outside it:
#: sktime's contract forbids them to change the forecaster (its ``__dict__``).
#: id -> (weak reference, fit serial, value); see :func:`per_fit`.
_PATHS_WARNED = {}  # value: [True] once warn_paths_held has said it
_CALIBRATIONS = {}  # value: {horizon: the calibration factor}

def warn_tail_quantiles(forecaster, alpha, n_paths):
    """UserWarning for quantiles further in the tails than ``n_paths`` paths resolve: below
    1 / n_paths (or above 1 - 1 / n_paths), a quantile is the paths' extreme."""
    alpha = np.atleast_1d(np.asarray(alpha, dtype=float))
    if np.any(alpha < 1.0 / n_paths) or np.any(alpha > 1.0 - 1.0 / n_paths):
        warnings.warn(
            f"{type(forecaster).__name__}: quantiles come from {n_paths} simulated paths, "
            f"so a level below {1 / n_paths:g} or above {1 - 1 / n_paths:g} (asked: "
            f"{alpha.min():g} to {alpha.max():g}; a coverage above "
            f"{1 - 2 / n_paths:g}) is the paths' lowest or highest value, not that "
            "quantile: such intervals are narrower than asked.",
            UserWarning, stacklevel=user_stacklevel(),
        )


def check_logged_update(transform, Y, columns, owner):
    """Refuse new values ``Y`` <= 0 of the columns ``transform`` (fitted) models by their log.

    The log of fit cannot take them: their NaN ran into the reservoir and was
    reported as diverged states.
    """
    logged = transform.log_ & (Y <= 0).any(axis=0)
    if logged.any():
        raise ValueError(
            f"y passed to {owner}.update has values <= 0 in columns "
            f"{[c for c, bad in zip(columns, logged) if bad]}, which fit models by their "
            "log (decided on a positive series: transform_.log_). Update with "
            "update_params=True (the refit decides the log again on the whole series), or "
            "fit with log=False."
        )


def _off_grid(fh, cutoff):
    """The first time of an absolute date ``fh`` that is not a time point of the grid of
    ``cutoff``'s frequency (a daily index asked for 06:00), or None."""
    if fh.is_relative:
        return None
    times = fh.to_pandas()
    freq = getattr(cutoff, "freq", None)
    if not isinstance(times, pd.DatetimeIndex) or freq is None or not len(cutoff):
        return None
    last = cutoff[-1]
    if (times.tz is None) != (last.tz is None):
        return None  # naive against aware: as sktime reads them, unchecked here
    if times.tz is not None:
        times = times.tz_convert(last.tz)
    if isinstance(freq, pd.offsets.Tick):  # a fixed step: arithmetic, O(len(fh))
        off = times[((times - last) % pd.Timedelta(freq)) != pd.Timedelta(0)]
        return off[0] if len(off) else None
    # calendar steps (months, business days): the grid's time points from the earliest
    # asked to the latest, anchored at the cutoff
    ahead = pd.date_range(start=last, end=max(times.max(), last), freq=freq)
    back = pd.date_range(end=last, periods=len(pd.date_range(
        start=min(times.min(), last), end=last, freq=freq)) + 1, freq=freq)
    off = times[~times.isin(ahead.append(back))]
    return off[0] if len(off) else None


def _check_fh_kind(fh, cutoff, owner):
    """A ValueError where an absolute ``fh`` counts time otherwise than the series'
    index (dates for periods, other periods): sktime raised a bare AssertionError,
    and our grid check "'Period' object has no attribute 'tz'". Dates of another time
    zone are left to sktime, as before."""
    if fh.is_relative or not len(cutoff):
        return
    times = fh.to_pandas()
    theirs, ours = _index_kind(times), _index_kind(cutoff)
    family = [k.split(" (")[0] for k in (theirs, ours)]
    if (theirs == ours or family[0] == family[1] == "datetime"
            or not all(f in ("datetime", "period", "integer") for f in family)):
        return
    if isinstance(cutoff, pd.PeriodIndex):
        example = (f"pd.period_range({str(cutoff[-1] + 1)!r}, periods=3, "
                   f"freq={cutoff.freqstr!r})")
    elif isinstance(cutoff, pd.DatetimeIndex):
        freq = getattr(cutoff, "freqstr", None)
        example = (f"pd.date_range({str(cutoff[-1])!r}, periods=4, freq={freq!r})[1:]"
                   if freq else "dates of the series' index")
    else:  # a list of ints is read as steps ahead: absolute ones say so
        example = (f"ForecastingHorizon([{cutoff[-1] + 1}, {cutoff[-1] + 2}], "
                   "is_relative=False)")
    raise ValueError(
        f"fh holds {theirs} time points ({times[0]}, ...), and the series' index "
        f"{ours} time points (the last {cutoff[-1]}): {owner} labels its forecasts with "
        f"the series' time points. Pass fh as {ours} time points, for example {example}, "
        "or steps ahead as ints (fh=[1, 2, ...])."
    )


def _to_relative(fh, cutoff):
    """``fh.to_relative(cutoff)``; absolute dates of a time-zone-aware index counted
    without the time zone, in UTC for a fixed step (hours, minutes: a pandas ``Tick``,
    which pandas adds in UTC) and on the clock of the index for a calendar one (days,
    months), as the forecasts' time points are labelled.

    sktime counts dates as periods, to which pandas converts with a UserWarning
    ("Converting to PeriodArray/Index representation will drop timezone
    information") at every predict with dates, and on the clock: across a change of
    daylight saving time the hours were a step off (Europe/Berlin's 03:00 after
    01:00 on 2024-03-31 is one hour on, two on the clock: it got the forecast two
    steps ahead).
    """
    if fh.is_relative or not isinstance(cutoff, pd.DatetimeIndex) or cutoff.tz is None:
        return fh.to_relative(cutoff)
    times = fh.to_pandas()
    freq = getattr(cutoff, "freq", None) or fh.freq
    if not isinstance(times, pd.DatetimeIndex) or times.tz is None or freq is None:
        return fh.to_relative(cutoff)  # naive against aware, or no step: sktime's
    freq = pd.tseries.frequencies.to_offset(freq)
    # pandas < 3 counts Day among the fixed steps (Tick): a day is on the clock too
    fixed = isinstance(freq, pd.offsets.Tick) and not isinstance(freq, pd.offsets.Day)
    zone = "UTC" if fixed else cutoff.tz
    times, cutoff = (index.tz_convert(zone).tz_localize(None) for index in (times, cutoff))
    return ForecastingHorizon(times, is_relative=False, freq=freq).to_relative(
        pd.DatetimeIndex(cutoff, freq=freq))


def index_step(index):
    """The step of an integer ``index`` where it is even and above 1, else 1."""
    if index is None or not pd.api.types.is_integer_dtype(index) or len(index) < 2:
        return 1
    gaps = np.diff(np.asarray(index))
    return int(gaps[0]) if gaps[0] > 1 and np.all(gaps == gaps[0]) else 1


def _in_values(steps, step, owner, cutoff):
    """Steps of an integer index stepping by ``step`` as steps in values of the series
    (sktime counts fh in units of the index: on years every 5, fh=[5] is the next value,
    labelled cutoff + 5); a ValueError for a step between two time points."""
    if step == 1:
        return steps
    off = steps[steps % step != 0]
    if len(off):
        raise ValueError(
            f"fh holds {(off + cutoff).tolist()[:3]} ({off.tolist()[:3]} from the cutoff "
            f"{cutoff}), between the time points of y's integer index, which steps by "
            f"{step}: {owner} forecasts one value per time point. Pass fh in multiples of "
            f"{step} (fh=[{step}, {2 * step}, ...]: the next values), or y with "
            "consecutive integers (y.reset_index(drop=True)) or a PeriodIndex of that "
            "step; for sktime's evaluate and its splitters, which count an integer fh in "
            "positions, the latter two."
        )
    return steps // step


def relative_steps(fh, cutoff, owner, step=1):
    """The steps ahead of ``fh`` from ``cutoff``, as ints; a ValueError for time deltas,
    and for absolute dates between the time points of the index's frequency (sktime
    rounded them to a step: the next day's forecast labelled 06:00, or "duplicates").

    ``step``: the step of y's integer index (:func:`index_step`), in whose units sktime
    counts ``fh``; the steps returned are in values of the series (on an index stepping
    by 5, fh=[5, 10] are the next two values, labelled as sktime labels them). They
    were read as values, labelled in index units: the 5th and 10th values ahead,
    labelled as the next two.
    """
    _check_fh_kind(fh, cutoff, owner)
    off = _off_grid(fh, cutoff)
    if off is not None:
        freq = cutoff.freq.freqstr
        raise ValueError(
            f"fh holds {off}, which is not a time point of the series' index (frequency "
            f"{freq!r}, last time point {cutoff[-1]}): {owner} forecasts one value per "
            "time point. Pass dates on that grid, or steps ahead as ints (fh=[1, 2, "
            "...])."
        )
    relative = _to_relative(fh, cutoff)
    steps = _whole_steps(relative, cutoff)
    if steps is None:
        raise ValueError(
            f"{owner} reads fh as whole steps of the series' index (time deltas on an index "
            "of a fixed frequency, weeks, days or hours, where they are whole steps of "
            "it); "
            f"got {list(relative)[:3]} (time deltas). Pass the steps ahead as ints "
            "(fh=[1, 2, ...]) or the time points as an absolute index."
        )
    return _in_values(steps, step, owner, cutoff[-1] if len(cutoff) else None)


def _whole_steps(relative, cutoff):
    """The relative ``fh`` as ints: its steps, or time deltas as whole steps of the
    index (:func:`_timedelta_steps`, which sktime keeps as they are); None where they
    are not."""
    try:
        return np.asarray(relative, dtype=int).ravel()
    except TypeError:
        return _timedelta_steps(relative, cutoff)


def _timedelta_steps(relative, cutoff):
    """Time deltas as whole steps of the fixed frequency of a dated ``cutoff`` (``"1D"``
    on a daily index: 1), as sktime's NaiveForecaster and AutoETS take them; None where
    the index has no fixed frequency (months) or a delta is not a whole number of
    steps."""
    freq = getattr(cutoff, "freq", None)
    try:
        # (a fixed frequency has nanos: days, hours; weeks anchored on a day are n
        # weeks; months raise ValueError)
        offset = pd.tseries.frequencies.to_offset(freq)
        unit = (pd.Timedelta(weeks=offset.n) if isinstance(offset, pd.offsets.Week)
                else pd.Timedelta(offset.nanos, unit="ns"))
        ratios = pd.TimedeltaIndex(list(relative)) / unit
    except (TypeError, ValueError, AttributeError):  # no frequency, or not a fixed one
        return None
    steps = np.rint(np.asarray(ratios, dtype=float)).astype(int)
    return steps if np.allclose(ratios, steps) else None


def refuse_empty_series(y, owner, least):
    """A ValueError for an empty ``y`` (fit's first check: the horizon read from its
    cutoff said "object of type 'int' has no len()")."""
    if len(y) == 0:
        raise ValueError(
            f"y is empty (0 time points); {owner} needs at least {least} time points. "
            "Check the filter or slice that made it.")


def steps_ahead(fh, cutoff, step=1, owner="The forecaster"):
    """The furthest step ahead of ``fh`` (given at ``fit``) from ``cutoff``, in values of
    the series (``step``, time deltas and the error of a time between two time points of
    a stepped integer index: as :func:`relative_steps`); 0 without."""
    if fh is None:
        return 0
    try:
        steps = _whole_steps(_to_relative(fh, cutoff), cutoff)
    except (TypeError, ValueError):
        return 0
    if steps is None:
        return 0
    steps = _in_values(steps, step, owner, cutoff[-1] if len(cutoff) else None)
    return int(max(steps.max(initial=0), 0))


def new_fit_serial(forecaster):
    """Mark a fit or update of ``forecaster`` (what :func:`per_fit` keeps values per).

    A random token, not a count: a forecaster pickled in one process and
    updated in another got there the serial of a fit of the first, and
    its interval calls took that fit's calibration (a count starts at 0 in
    every process).
    """
    forecaster._fit_serial = uuid.uuid4().hex


def _forget(registry, key, reference):
    """Drop a dead forecaster's entry of ``registry`` (not a later one at its id)."""
    held = registry.get(key)
    if held is not None and held[0] is reference:
        del registry[key]


def per_fit(registry, forecaster, new):
    """The value ``registry`` keeps for the last fit or update of ``forecaster``.

    ``new()`` the first time it is asked for after a fit or an update
    (:func:`new_fit_serial`); None for a forecaster never marked. Keyed by
    the forecaster (a weak reference: a dead one's entry is dropped, and a
    later object at its id is not taken for it) and the serial.
    """
    serial = forecaster.__dict__.get("_fit_serial")
    if serial is None:
        return None
    held = registry.get(id(forecaster))
    if held is None or held[0]() is not forecaster or held[1] != serial:
        reference = weakref.ref(forecaster,
                                functools.partial(_forget, registry, id(forecaster)))
        held = registry[id(forecaster)] = (reference, serial, new())
    return held[2]


def first_in_fit(registry, forecaster):
    """Whether this is the first time ``registry`` is asked about the last fit or update
    of ``forecaster`` (what the once-per-fit warnings say once per); always True for a
    forecaster never marked (:func:`per_fit`)."""
    said = per_fit(registry, forecaster, lambda: [False])
    if said is None:
        return True
    first, said[0] = not said[0], True
    return first


def shares_apart(share, threshold):
    """``share`` and ``threshold`` as percentages with the decimals that tell them apart
    ("5.0%, above the 5.0%" was said of 5.04 % against 5 %) and show the threshold
    to two significant digits (the 0.05 % tail of a 99.9 % interval was "0.0%")."""
    digits = int(np.ceil(-np.log10(threshold * 100))) + 1 if 0 < threshold < 0.1 else 1
    for decimals in range(max(1, digits), max(1, digits) + 3):
        shown = f"{share:.{decimals}%}", f"{threshold:.{decimals}%}"
        if shown[0] != shown[1]:
            return shown
    return shown


def paths_beyond(n_held, n_paths, tail):
    """Whether ``n_held`` of ``n_paths`` is more than the share ``tail`` (beyond the
    rounding of a tail computed from quantile levels, such as 1 - 0.95)."""
    return n_held > tail * n_paths + 1e-9 * n_paths


def _forward_filled(values):
    """``values`` (n_paths, n_steps, n_vars) with every NaN replaced by the last value
    before it on its path (NaN where there is none)."""
    steps = np.arange(values.shape[1])[None, :, None]
    last = np.maximum.accumulate(np.where(np.isnan(values), -1, steps), axis=1)
    filled = np.take_along_axis(values, np.maximum(last, 0), axis=1)
    return np.where(last >= 0, filled, np.nan)


def _as_modelled(forecaster):
    """" (of the series as modelled: after its log, trend and season)", naming those the
    forecaster's transformation takes out (the range the bounds are of), or ""."""
    transform = getattr(forecaster, "transform_", None)
    if transform is None:
        members = getattr(forecaster, "forecasters_", None) or [None]
        transform = getattr(members[0], "transform_", None)
    if transform is None:
        return ""
    taken = [name for name, present in (
        ("log", np.any(getattr(transform, "log_", False))),
        ("trend", np.any(getattr(transform, "trend_", 0) != 0)),
        ("season", getattr(transform, "season_length_", 1) > 1)) if present]
    if not taken:
        return ""
    named = taken[0] if len(taken) == 1 else f"{', '.join(taken[:-1])} and {taken[-1]}"
    return f" (of the series as modelled: after its {named})"


def warn_paths_held(forecaster, n_held, n_paths, tail, advice, n_widened=0, factor=1.0):
    """Warn that more simulated paths than ``tail`` of them left the divergence bounds
    (their spread from there is the series', not the model's), once per fit or
    update of ``forecaster`` (its interval methods draw the same paths again);
    ``advice``: what to change. ``n_widened`` of the ``n_held`` left them only once
    the calibration widened the paths ``factor``-fold: where the model's own are not
    beyond ``tail``, the warning says that (an interval wider than the series' range,
    which a change to the model's settings does not cure) instead."""
    if not first_in_fit(_PATHS_WARNED, forecaster):
        return
    owner = type(forecaster).__name__
    own = n_held - n_widened
    modelled = _as_modelled(forecaster)
    if not paths_beyond(own, n_paths, tail):
        in_all, tail_shown = shares_apart(n_held / n_paths, tail)
        warnings.warn(
            f"{owner}: the calibration widened the simulated paths (the draws of "
            f"predict_interval, predict_quantiles and predict_var) {factor:.3g}-fold, as "
            "the closed-loop errors at origins inside the series were that much larger "
            "than the paths' spread, which took "
            f"{n_widened} of {n_paths} beyond the training range{modelled} by more than "
            f"{DIVERGENCE_MARGIN:g} times its width ({own} more left it of themselves: "
            f"{in_all} in all, above the {tail_shown} this warns from, and "
            f"{own / n_paths:.1%} without the widening). They were held at "
            "its bounds, so there the interval is the bounds: at these horizons the "
            f"forecast is uncertain over more than the series' range{modelled}. A shorter "
            "horizon narrows it. (Said once per fit.)",
            ForecastDivergenceWarning,
            stacklevel=user_stacklevel(),
        )
        return
    own_shown, tail_shown = shares_apart(own / n_paths, tail)
    widened = (f", and {n_widened} more that the calibration's widening took out of it "
               "were held at its bounds" if n_widened else "")
    warnings.warn(
        f"{owner}: {own} of {n_paths} simulated paths (the draws of predict_interval, "
        "predict_quantiles and predict_var) left the training range by more than "
        f"{DIVERGENCE_MARGIN:g} times its width ({own_shown}, above the "
        f"{tail_shown} this warns from); values out of it were replaced (from there, without "
        "exogenous X) by values of the series drawn at random (a level out of the bounds "
        f"of a differenced series: the path's last level inside them){widened}: there the "
        "interval is the "
        f"series' spread, or the bounds, not the model's. {advice} (Said once per fit.)",
        ForecastDivergenceWarning,
        stacklevel=user_stacklevel(),
    )


def divergence_bounds(Y, log_columns, scale, floor=0.0):
    """Bounds of the divergence guard on the model's scale, per variable.

    ``Y`` (n, n_vars) is the series as the model sees it (transformed and
    standardised by ``scale``). The bounds lie one training range outside
    the training range; for a log-transformed variable at most log(2) /
    scale outside, so that back in units of y a forecast never more than
    doubles the largest value seen (relative to trend and season) nor
    halves the smallest. ``floor``: a spread (in units before ``scale``)
    that is rounding noise (``TargetTransform.rounding_``); the margin is at
    least that, so that a variable left constant by its transformation is
    not out of bounds by its last roundings.
    """
    low, high = Y.min(axis=0), Y.max(axis=0)
    margin = DIVERGENCE_MARGIN * np.maximum(high - low, np.maximum(floor / scale, 1e-12))
    margin = np.where(log_columns, np.minimum(margin, np.log(2.0) / scale), margin)
    return low - margin, high + margin


def _fit_ignores_series(reservoir):
    """Whether a fitted ``reservoir`` of skreservoir drew its weights from its
    parameters alone, not from the series it was fitted on: the ``Reservoir``
    family without an ``_adapt`` of its own (not ``IPReservoir`` nor
    ``LocalPlasticityReservoir``), ``NVAR``, and stacks of them; any other
    (a reservoir of one's own, whose ``fit`` may read the series) is not taken
    to (:meth:`_ReservoirForecaster._origin_refits`)."""
    from skreservoir.nvar import NVAR
    from skreservoir.reservoir import ReservoirStack
    from skreservoir.reservoir._leaky import Reservoir
    from skreservoir.reservoir._stack import _learns

    cls = type(reservoir)
    if cls is ReservoirStack:
        return all(_fit_ignores_series(layer) for layer in reservoir.reservoirs_)
    if isinstance(reservoir, Reservoir):
        return not _learns(reservoir) and cls.fit is Reservoir.fit
    return cls is NVAR


def _read_rows(est, U, lags):
    """The readout's features ``[u, lags, x]`` of a fitted member over ``U`` from rest."""
    states = to_host(est.reservoir_.run_batch([U])[0][0])
    return np.hstack([U, lags, states])


def _planned_warmup(reservoir):
    """The incomplete rows a reservoir's delay window will have, from its parameters,
    before its fit (NVAR's ``_warmup_steps``); 0 for others."""
    steps = getattr(reservoir, "_warmup_steps", None)
    params = reservoir.get_params(deep=False)
    # bad values are left to the reservoir's own validation, which names them
    valid = all(isinstance(params.get(name), numbers.Integral) and params.get(name) >= 1
                for name in ("delay", "stride"))
    return max(int(steps()), 0) if callable(steps) and valid else 0


def _too_short(U, washout, warmup, first, automatic, owner, offset):
    """The ValueError of :func:`_fit_member` for a series too short for its washout and
    delay window, counted in time points of y (a differenced series has one model row
    fewer: 93 points, washout 90, "needs at least 93 time points, got 92")."""
    first = max(first, warmup)
    increments = ", plus one for the increments" if offset else ""
    if first == 0:
        skipped, fix = "three", "pass a longer series"
    elif warmup >= washout:
        skipped = f"the {warmup} incomplete rows of its delay window, plus three"
        fix = "pass a longer series or a shorter delay window"
    else:
        skipped = (f"washout {first}" + (", chosen by washout='auto'" if automatic else "")
                   + ", plus three")
        enough = len(U) - warmup >= 2  # without the washout the series would do
        fix = (("pass washout=0 (train on every point) or a longer series" if automatic
                else "pass a longer series or a smaller washout") if enough
               else f"pass a longer series (at least {warmup + 3 + offset} time points "
               "with washout=0)")
    raise ValueError(
        f"{owner} needs at least {first + 3 + offset} time points "
        f"({skipped}{increments}), got {len(U) + 1 + offset}: {fix}."
    )


def _fit_member(model, U, T, washout, alpha, owner, lags=None, offset=0):
    """Fit one ensemble member on inputs ``U`` and targets ``T``.

    ``washout`` is the forecaster's (``"auto"`` or an int); ``alpha`` its
    ridge penalty (``"auto"``: chosen by cross-validation on the grid);
    ``lags`` (or None) the earlier values the readout reads after ``U``
    (:func:`lag_columns`): the member's readout is then refitted on
    ``[u, lags, x]``; ``offset`` the time points of y before the first
    model row (1 where the model reads increments), so that a series too
    short is counted in time points of y. Returns the fitted model, its
    washout, its penalty (None for a readout other than ``RidgeReadout``)
    and its one-step residuals.
    """
    automatic = washout == "auto"
    planned = _planned_warmup(model.reservoir)
    if planned and len(U) - planned < 2:
        # said before the fit: NVAR(delay=1000) built its feature table of 500,000
        # columns (35 s, 8 GB) on 60 points before this message
        _too_short(U, planned, planned, 0, False, owner, offset)
    reservoir = clone(model.reservoir).fit(U)
    warmup = reservoir.n_warmup_
    states = None  # the reservoir's outputs over U, when a washout rule ran it
    if automatic:
        if warmup:
            washout = 0
        else:
            washout, states = auto_washout(reservoir, U, return_states=True)
    first = max(washout, warmup)
    if len(U) - first < 2:
        _too_short(U, washout, warmup, first, automatic, owner, offset)
    model.set_params(washout=washout)
    chosen, residuals = None, None
    if isinstance(model.readout, RidgeReadout):
        if states is None:
            states = reservoir.run_batch([U])[0][0]
        states = to_host(states)[first:]
        inputs = U if lags is None else np.hstack([U, lags])
        features = np.hstack([inputs[first:], states]) if model.include_input else states
        candidates = (ALPHA_GRID if alpha == "auto"
                      else [model.readout.alpha if alpha is None else alpha])
        chosen, residuals, _ = select_alpha(
            features,
            T[first:],
            alphas=candidates,
            fit_intercept=model.readout.fit_intercept,
        )
        model.set_params(readout__alpha=chosen)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReadoutSolveWarning)
        # the series reaches the reservoir transformed and scaled: inputs that barely
        # move are what the transformation left, rounding noise of an exact trend and
        # season (1e-17), not a series in tiny units
        warnings.filterwarnings("ignore", "The reservoir hardly feels the input",
                                ReservoirStateWarning)
        if not isinstance(model.readout, BaseReadout):
            # a scikit-learn regressor of one output (RandomForestRegressor,
            # SVR) warns DataConversionWarning at every fit for the target's
            # column, which multi-output wrappers (MultiOutputRegressor,
            # RegressorChain) need as it is: kept 2D, the warning silenced
            warnings.simplefilter("ignore", DataConversionWarning)
        model.fit(U, T)
        if lags is not None:  # the readout reads [u, lags, x]: refitted on those rows
            features = _read_rows(model, U, lags)
            model.readout_ = clone(model.readout).fit(features[first:], T[first:])
    for w in caught:
        if issubclass(w.category, ReadoutSolveWarning) and alpha == "auto" and chosen is not None:
            # "increase alpha" of a penalty the user never set (a longley port)
            w.message = ReadoutSolveWarning(
                f"{w.message} ({owner}'s alpha='auto' chose {chosen:.3g} by "
                f"cross-validation: pass a larger alpha to {owner}, such as "
                f"alpha={1000 * chosen:.3g}.)")
    replay_warnings(caught)
    if residuals is None:  # any other readout: its in-sample residuals
        predicted = (
            model.predict(U, initial_state="rest")
            if lags is None
            else model.readout_.predict(features)
        )
        residuals = T[first:] - np.reshape(predicted, T.shape)[first:]
    return model, washout, chosen, np.asarray(residuals, dtype=np.float64)


def _check_long_format(values, name, owner):
    """Refuse a ``y`` with a column of dates: a long-format table (statsforecast's
    unique_id / ds / y columns), which sktime refuses as "categorical features"."""
    if name != "y" or not isinstance(values, pd.DataFrame):
        return  # an X may have a column of dates among its features
    dates = [c for c in values.columns if pd.api.types.is_datetime64_any_dtype(values[c])]
    if not dates:
        return
    time = dates[0]
    keys = (["unique_id", time] if "unique_id" in map(str, values.columns) else [time])
    value = next((c for c in values.columns if c not in keys and str(c) == "y"), None)
    value = value if value is not None else next(
        (c for c in values.columns if c not in keys), "y")
    raise ValueError(
        f"{name} has the time in a column ({time!r}{', and series ids' if len(keys) > 1 else ''}"
        f"): it looks like a long-format table (statsforecast's unique_id, ds, y). "
        f"{owner}, as every sktime forecaster, reads the time from the index: pass "
        f"{name}.set_index({keys if len(keys) > 1 else keys[0]!r})[{value!r}]"
        + (" (a panel: one series per id, each forecast on its own)." if len(keys) > 1
           else ".")
    )


#: Calendar frequencies tried for a date index with missing points, besides those
#: pandas infers on stretches of it (:func:`_calendar_freq`).
_CALENDAR_FREQS = ("B", "D", "MS", "ME", "QS", "QE", "YS", "YE", "h", "min", "s")


def _calendar_freq(index, windows=50, width=3):
    """The frequency of a date ``index`` with missing points: of those pandas infers on
    short windows of it (a window across a gap infers none) and the common calendar
    ones, the coarsest on whose grid every date lies (business days before days);
    None where none does. The steps of a monthly index differ (28 to 31 days): its
    shortest step, 28 days, put the dates off the months."""
    starts = (np.unique(np.linspace(0, len(index) - width,
                                    min(windows, len(index) - width + 1)).astype(int))
              if len(index) >= width else [])
    candidates = {pd.infer_freq(index[k:k + width]) for k in starts} | set(_CALENDAR_FREQS)
    candidates.add(f"W-{index[0].day_name()[:3].upper()}")
    best = None
    for freq in candidates - {None}:
        try:
            grid = pd.date_range(index[0], index[-1], freq=freq)
        except (ValueError, OverflowError):
            continue
        if len(grid) <= 4 * len(index) and index.isin(grid).all() and (
                best is None or len(grid) < best[0]):
            best = (len(grid), freq)
    return None if best is None else best[1]


#: Calendar periods whose dates on any day (the 15th of each month, the last
#: Friday of a quarter) are one observation per period (:func:`_refuse_one_date_per_period`).
_PERIODS = {"M": "month", "Q": "quarter", "Y": "year"}


def _refuse_one_date_per_period(index, name, owner):
    """Refuse, with the fix, a date index of one date in each month (quarter, year)
    not on a grid pandas knows (the 15th of each month: steps of 28 to 31 days). The
    general advice, ``asfreq`` of its shortest step, kept 2 of 60 such values. The
    periods of a time-zone-aware index are those of its dates on its clock: pandas
    warns that its conversion drops the time zone, and the advice drops it first."""
    zoned = getattr(index, "tz", None) is not None
    index = index.tz_localize(None) if zoned else index
    to_period = f"{name}.index.tz_localize(None).to_period" if zoned else (
        f"{name}.index.to_period")
    fits = []  # (periods without a date, code) of each period with one date in each
    for code in _PERIODS:
        steps = np.diff(index.to_period(code).asi8)
        if (steps > 0).all():
            fits.append((int((steps - 1).sum()), code))
    if not fits or min(fits)[0] >= len(index):  # mostly gaps: not one date per period
        return
    missing, code = min(fits)
    period = _PERIODS[code]
    days = np.diff(index.values).astype("timedelta64[D]").astype(int)
    regular = (f"{name}.index = {to_period}({code!r})" if not missing else
               f"{name}.index = {to_period}({code!r}), then {name} = "
               f"{name}.reindex(pd.period_range({name}.index[0], {name}.index[-1])) "
               "to put NaN at the missing ones and fill them (sktime's Imputer in a "
               f"pipeline, or {name}.interpolate())")
    raise ValueError(
        f"{name}'s time index holds one date in each {period} on different days "
        f"(from {index[0].date()}; steps of {days.min()} to {days.max()} days"
        + (f", {missing} {period}(s) without a date" if missing else "")
        + f"), which no regular date frequency fits: {owner} reads one value per "
        f"step. Give it a period index, {regular}; its forecasts are then indexed "
        f"by {period}s."
    )


def _check_evenly_spaced(index, name, owner):
    """Refuse a date or integer index with missing time points (its steps not all
    equal; an integer index with gaps was fitted as consecutive, its in-sample
    forecasts labelled with times not in y)."""
    integer = pd.api.types.is_integer_dtype(index) and not isinstance(
        index, (pd.DatetimeIndex, pd.PeriodIndex))
    if isinstance(index, pd.DatetimeIndex):
        if index.freq is not None or len(index) < 3 or pd.infer_freq(index) is not None:
            return
    elif not (isinstance(index, pd.PeriodIndex) or integer) or len(index) < 3:
        return
    steps = np.diff(index.to_numpy().astype(np.int64) if integer else index.asi8)
    if (steps == steps[0]).all():
        return
    step = np.min(steps[steps > 0]) if (steps > 0).any() else steps[0]
    gaps = np.flatnonzero(steps != step)
    whole = (steps % step == 0).all() and (steps > 0).all()
    unit = (pd.Timedelta(int(step), getattr(index, "unit", "ns"))
            if isinstance(index, pd.DatetimeIndex) else f"{step}" if integer
            else f"{step} period(s)")
    missing = (f"{int((steps[gaps] // step - 1).sum())} time point(s) missing, the first "
               f"after {index[gaps[0]]}" if whole else
               f"steps of {len(np.unique(steps))} different lengths, the first change after "
               f"{index[gaps[0]]}")
    calendar = None
    if isinstance(index, pd.DatetimeIndex):
        found = _calendar_freq(index)
        if found is None:  # the 15th of each month: no calendar grid, but periods
            _refuse_one_date_per_period(index, name, owner)
        freq = found or pd.tseries.frequencies.to_offset(unit).freqstr
        # said by the calendar where it is not the shortest step's (months; business
        # days, whose weekends are no missing points)
        plain = pd.date_range(index[0], index[-1], freq=unit)
        calendar = found if found is not None and (
            not whole or len(pd.date_range(index[0], index[-1], freq=found)) < len(plain)
        ) else None
        if calendar is not None:  # months, quarters, business days: steps of many lengths
            absent = pd.date_range(index[0], index[-1], freq=calendar).difference(index)
            missing = (f"{len(absent)} time point(s) of its frequency {calendar!r} missing, "
                       f"the first {absent[0]}")
    fill = (f"{name} = {name}.asfreq({freq!r})" if isinstance(index, pd.DatetimeIndex)
            else f"{name} = {name}.reindex(range({name}.index[0], {name}.index[-1] + 1"
                 + (f", {step}" if step != 1 else "") + "))" if integer
            else f"{name} = {name}.reindex(pd.period_range({name}.index[0], "
                 f"{name}.index[-1]))")
    consecutive = ("a period index (monthly dates on any day: "
                   f"{name}.index = {name}.index.to_period('M')) or "
                   if isinstance(index, pd.DatetimeIndex) else "")
    clocks = ""
    if isinstance(index, pd.DatetimeIndex) and whole and calendar is None:
        absent = pd.date_range(index[0], index[-1], freq=unit).difference(index)
        clocks = clock_change_hint(index, absent, name, "missing")
    raise ValueError(
        f"{name}'s time index is not evenly spaced ({missing}"
        + (f"; the shortest step is {unit}" if calendar is None else "")
        + f"): {owner} reads one value per step and would take the points on either "
        "side of a gap for neighbours. If time points are missing, make the index "
        f"regular, {fill}, which puts NaN at them, then fill them (sktime's Imputer in a "
        f"pipeline, or {name}.interpolate()). If the points are consecutive "
        "observations of an irregular calendar (trading days with holidays, dates "
        f"within a month), give {consecutive}a plain one, "
        f"{name} = {name}.reset_index(drop=True)." + clocks
    )


def warn_X_beyond_training(seen, future, columns, owner):
    """:class:`~skreservoir.exceptions.ForecastSkillWarning` for the columns of the
    exogenous ``future`` rows beyond the values of ``seen`` (the training X) by more
    than their range's width, or other than a column's one training value: the model
    never saw what such values do (a price of 30 where training saw 9 to 11 took the
    forecast to the series' mean, a promotion column all 0 in training had no effect,
    and only the closed loop's divergence warning spoke, of alpha)."""
    low, high = np.nanmin(seen, axis=0), np.nanmax(seen, axis=0)
    width = high - low
    said = []
    for j, column in enumerate(columns):
        values = future[:, j]
        if width[j] == 0:
            if np.any(values != low[j]):
                said.append(f"{column!r} was {low[j]:.6g} at every training time point and "
                            f"takes {_values_seen(values[values != low[j]])} over the "
                            "horizon: the model cannot have learnt its effect")
            continue
        beyond = (values < low[j] - width[j]) | (values > high[j] + width[j])
        if beyond.any():
            said.append(f"{column!r} takes {_values_seen(values[beyond])} over the "
                        f"horizon, beyond its training range [{low[j]:.6g}, {high[j]:.6g}] "
                        "by more than its width")
    if said:
        warnings.warn(
            f"{owner}: X's " + "; ".join(said) + ". The model learnt the response to X "
            "from the training values only: beyond them its forecast is a guess (and a "
            "closed loop that leaves the training range is held there). Fit on data "
            "whose X covers such values, or leave the column out.",
            ForecastSkillWarning, stacklevel=user_stacklevel(),
        )


def _values_seen(values):
    """``"30"`` or ``"values from 20 to 30"``: the values of an X column a warning names."""
    low, high = np.min(values), np.max(values)
    return f"{low:.6g}" if low == high else f"values from {low:.6g} to {high:.6g}"


def variance_frame(paths, index, columns, cov=False):
    """``predict_var``'s frame from simulated ``paths`` (n_paths, n_fh, n_vars).

    The variance of every variable at every time point (index ``index``,
    columns ``columns``); with ``cov``, the covariance of each variable
    between the time points: a square frame (index and columns ``index``) for
    one variable, as sktime's NaiveForecaster, and for several the columns
    ``(variable, time)`` (sktime's format: none between variables).
    """
    if not cov:
        return pd.DataFrame(paths.var(axis=0), index=index, columns=columns)
    centred = paths - paths.mean(axis=0)
    # (n_vars, n_fh, n_fh): the same divisor as the variances (the paths' count)
    blocks = np.einsum("pik,pjk->kij", centred, centred) / paths.shape[0]
    if paths.shape[2] == 1:
        return pd.DataFrame(blocks[0], index=index, columns=index)
    return pd.DataFrame(np.concatenate(list(blocks), axis=1), index=index,
                        columns=pd.MultiIndex.from_product([list(columns), index]))


def check_complete_series(values, name, owner):
    """Refuse a pandas ``values`` (y or X) with a NaN or with a repeated time point.

    sktime refuses a NaN with "cannot handle missing data" and no fix, and
    takes a repeated integer time point as one more step; both are said here
    with where they are and what to do. Other types are left to sktime.
    """
    if not isinstance(values, (pd.Series, pd.DataFrame)):
        return
    _check_long_format(values, name, owner)
    if isinstance(values, pd.DataFrame) and values.shape[1] == 0:
        # it failed deep inside: "Found array with 0 feature(s) ... required by Reservoir"
        raise ValueError(
            f"{name} is a DataFrame with no columns ({len(values)} rows): {owner} needs "
            f"the values of the series. Pass a Series, or a DataFrame with a column per "
            "variable.")
    if isinstance(values, pd.DataFrame) and values.columns.has_duplicates:
        # sktime's words were "Unsupported input data type ... must be in an sktime
        # compatible format", naming neither the columns nor the fix
        repeated = list(values.columns[values.columns.duplicated()].unique())
        raise ValueError(
            f"{name} has repeated column names ({', '.join(map(repr, repeated))}): {owner} "
            "tells its variables apart by name. Rename them, for example "
            f"{name}.columns = [f'{{c}}_{{i}}' for i, c in enumerate({name}.columns)], or "
            f"keep one of each: {name}.loc[:, ~{name}.columns.duplicated()]."
        )
    index = values.index
    if (index.nlevels == 1 and getattr(index.dtype, "kind", "") == "O" and len(index)
            and isinstance(index[0], str)):
        # the order check advised sort_index, after which sktime refused the index as
        # "Unsupported input data type"
        raise TypeError(
            f"{name}'s index holds strings (the first {index[0]!r}): sktime reads a time "
            "index of integers, periods or dates. Convert it: "
            f"{name}.index = pd.to_datetime({name}.index) for dates written as text (or "
            f"pd.PeriodIndex({name}.index, freq=...)), else "
            f"{name} = {name}.reset_index(drop=True) (steps 0, 1, 2, ... in the present "
            "order)."
        )
    if isinstance(index, pd.TimedeltaIndex):
        # sktime reads it as a time index, then fails at the forecast's time points
        # ("Addition/subtraction of integers ... with TimedeltaArray is no longer
        # supported", raised from inside pandas)
        raise TypeError(
            f"{name}'s index is a TimedeltaIndex (time since a start: the first "
            f"{index[0]}): sktime cannot compute the forecast's time points from it. "
            f"Make it dates, {name}.index = pd.Timestamp(0) + {name}.index (or the real "
            f"start), or steps 0, 1, 2, ...: {name} = {name}.reset_index(drop=True)."
        )
    if index.nlevels == 1 and getattr(index.dtype, "kind", "") == "f":
        # sktime's own words were "Unsupported input data type ... must be in an
        # sktime compatible format", naming neither the index nor the fix
        raise TypeError(
            f"{name}'s index holds floats (such as the times t of scipy's solve_ivp): "
            "sktime reads a time index of integers, periods or dates. Pass "
            f"{name}.reset_index(drop=True) (steps 0, 1, 2, ...; evenly spaced times "
            "keep their order), or a pandas DatetimeIndex or PeriodIndex."
        )
    if index.has_duplicates:
        repeated = index[index.duplicated()].unique()
        clocks = clock_change_hint(index, repeated, name, "repeated")
        raise ValueError(
            f"{name} has repeated time points ({len(repeated)}, the first {repeated[0]}): "
            f"{owner} reads one value per time point, in order. Keep one row per time "
            f"point, for example {name}.groupby(level="
            f"{0 if index.nlevels == 1 else list(range(index.nlevels))}).mean() "
            f"or {name}[~{name}.index.duplicated()]." + clocks
        )
    if index.nlevels == 1 and len(index) > 1 and not index.is_monotonic_increasing:
        # the evenly-spaced check read the disorder as missing time points, and its
        # advice (reset_index) would have fitted the shuffled order
        back = np.flatnonzero(index[1:] < index[:-1])
        raise ValueError(
            f"{name}'s time index is not in increasing order (the first step back is "
            f"after {index[back[0]]}): {owner} reads the values in the order of the "
            f"index. Sort it first: {name} = {name}.sort_index()."
        )
    if name == "y":  # an X may be given at the forecast's steps alone
        _check_evenly_spaced(index, name, owner)
    numeric = values.select_dtypes("number") if isinstance(values, pd.DataFrame) else values
    if isinstance(numeric, pd.Series) and not pd.api.types.is_numeric_dtype(numeric):
        return  # strings: sktime's message
    missing = numeric.isna()
    if isinstance(missing, pd.DataFrame):
        missing = missing.any(axis=1)
    if missing.any():
        first = missing.index[np.argmax(missing.to_numpy())]
        pipeline = ("TransformedTargetForecaster([('impute', Imputer(method='linear')), "
                    f"('forecast', {owner}())])" if name == "y" else
                    f"ForecastingPipeline([('impute', Imputer(method='linear')), "
                    f"('forecast', {owner}())]) (its transformers fill X)")
        flags = missing.to_numpy()
        n_missing, n_tail = int(flags.sum()), int(np.argmin(flags[::-1])) if not flags.all() else 0
        n_head = int(np.argmin(flags)) if not flags.all() else 0
        ends = ""
        if name == "y" and index.nlevels == 1 and n_missing == n_tail and n_tail:
            # values not yet published: a filled tail (flat from the last value) would be
            # forecast from (airline, 3 months: MAE 85.5 against 23.1 without them)
            ends = (
                f" They are the last {n_tail}: values not known yet are better left out "
                f"than filled. Fit on {name}.iloc[:-{n_tail}] and ask for {n_tail} more "
                f"steps ahead (fh=[h + {n_tail} for h in fh]) to forecast the same time "
                "points.")
        elif name == "y" and index.nlevels == 1 and n_missing == n_head and n_head:
            ends = (f" They are the first {n_head}: fit on {name}.iloc[{n_head}:] to leave "
                    "them out.")
        raise ValueError(
            f"{name} has {n_missing} time point(s) with missing values (NaN), the "
            f"first at {first}: {owner} runs a recurrent model through the series in "
            "order and needs every value."
            + (ends if ends else
               " Fill them first, for example with sktime's "
               f"Imputer in a pipeline, {pipeline}, or with "
               f"{name}.interpolate(limit_direction='both').")
        )


def check_X_covers_y(X, y, owner):
    """Refuse pandas ``X`` and ``y`` (one time index each) where ``X`` lacks some of
    ``y``'s time points.

    sktime's words were "(time) indices of series 0 are not contained in
    index of series 0, extra indices are: ...", naming neither X nor the fix.
    """
    if not (isinstance(X, (pd.Series, pd.DataFrame)) and isinstance(y, (pd.Series, pd.DataFrame))
            and X.index.nlevels == 1 and y.index.nlevels == 1):
        return
    kinds = [_index_kind(index) for index in (X.index, y.index)]
    if kinds[0] != kinds[1]:
        raise ValueError(
            f"X's index holds {kinds[0]} time points and y's {kinds[1]} time points: "
            f"{owner} reads X at every time point of y. Give X the index of y (X = "
            "X.set_axis(y.index) if its rows are y's times, in order)."
        )
    try:
        missing = y.index.difference(X.index)
    except TypeError:  # indices of kinds that cannot be compared: sktime's message
        return
    if len(missing):
        inside = (missing > X.index[0]) & (missing < X.index[-1]) if len(X) else []
        fix = ("fill them, for example X = X.reindex(y.index).interpolate("
               "limit_direction='both')" if np.any(inside) else
               "fit on the times X covers: y.loc[y.index.intersection(X.index)]")
        raise ValueError(
            f"X lacks {len(missing)} of y's {len(y)} time points (the first {missing[0]}; "
            f"X's index runs from {X.index[0]} to {X.index[-1]}, y's from {y.index[0]} to "
            f"{y.index[-1]}): {owner} reads X at every time point of y. Pass X with a row "
            "for each of them (X.index must include y.index; an X shifted by a reset "
            f"index is X.set_axis(y.index) if its rows are y's times), or {fix}."
        )


def _check_probabilities(value, name, example):
    """``value`` as sktime takes it (a Python float, or a list of them), or a ValueError
    naming ``name`` unless it is a float in (0, 1) or a list of them (sktime's check
    raised TypeErrors for an int or a str: "'int' object is not iterable", "'<' not
    supported between instances of 'int' and 'str'"; for numpy's float32 too)."""
    values = ([value] if isinstance(value, str) or np.ndim(value) == 0
              else list(np.ravel(np.asarray(value, dtype=object))))
    if not values or not all(
            isinstance(v, numbers.Real) and not isinstance(v, bool) and 0 < v < 1
            for v in values):
        raise ValueError(
            f"{name} must be a float in the open interval (0, 1) or a list of them "
            f"({example}), got {name}={value!r}."
        )
    if isinstance(value, str) or np.ndim(value) == 0:
        return _as_float(value)
    return [_as_float(v) for v in values]


def _as_float(value):
    """A Python float; numpy's float32 0.9 as 0.9 (its shortest repr), not
    0.8999999761581421: the columns of an interval's frame are labelled with it."""
    return float(str(value)) if isinstance(value, np.floating) else float(value)



class NotNumbersError(TypeError, ValueError):
    """A ``y`` that does not hold real numbers: a TypeError for sktime, a ValueError as
    the package's other refusals of values."""


def check_numeric_y(y, owner):
    """An error naming the fix for a pandas ``y`` of text, categories or complex numbers,
    or a numpy ``y`` of complex numbers (sktime's "Forecasters do not support
    categorical features in endogeneous y", or its list of dtypes, gave none).

    The error is both a TypeError and a ValueError (sktime's ``check_estimator``
    asks text and categories for a TypeError that says "categorical", as sktime's
    own check raises). Missing values (None in an object column) are left to the
    missing-values check.
    """
    if isinstance(y, np.ndarray):
        if y.dtype.kind == "c":
            raise ValueError(
                f"y must hold real numbers for {owner}; it holds complex numbers (dtype "
                f"{y.dtype}): forecast the real and imaginary parts as two columns, "
                "np.column_stack([y.real, y.imag])."
            )
        return  # numpy text of numbers: sktime converts it
    if isinstance(y, pd.Series):
        columns, frame = [(y.name, y)], False
    elif isinstance(y, pd.DataFrame):
        columns, frame = [(name, y.iloc[:, k]) for k, name in enumerate(y.columns)], True
    else:
        return
    for name, column in columns:
        dtype = column.dtype
        kind = getattr(dtype, "kind", "O")
        label = f"its column {name!r}" if frame or name is not None else "it"
        convert = "y.apply(pd.to_numeric)" if frame else "pd.to_numeric(y)"
        if isinstance(dtype, pd.CategoricalDtype):
            raise NotNumbersError(
                f"y must hold real numbers for {owner}; {label} holds categorical values "
                f"(dtype category): convert it to numbers, {convert} (categories "
                "written as numbers) or y.astype(float)."
            )
        if not (kind in "OSUc" or pd.api.types.is_string_dtype(dtype)):
            continue
        present = column.dropna()
        if kind == "O" and len(present) < len(column):
            continue  # None among objects: the missing-values check says it
        if kind == "c":
            what = "complex numbers"
            fix = ("forecast the real and imaginary parts as two columns "
                   "(pd.DataFrame({'re': y.real, 'im': y.imag}))")
        else:
            stored = kind == "O" and bool(
                present.map(lambda v: isinstance(v, numbers.Number)).all())
            what = ("numbers stored as objects" if stored
                    else "text or objects, categorical values to a forecaster")
            fix = f"convert it to numbers: {convert} (numbers written as text), y.astype(float)"
        raise NotNumbersError(
            f"y must hold real numbers for {owner}; {label} holds {what} (dtype {dtype}): "
            f"{fix}."
        )


class SeenSeriesMixin:
    """sktime's conveniences for a forecaster that keeps the series seen itself.

    The forecasters keep the series of ``fit`` and ``update`` themselves
    (sktime's ``remember_data`` config is off: its copy is not needed), so
    sktime's ``predict_residuals`` would ask for ``y``; this reads the kept
    series, as sktime's classical forecasters do. And
    ``update_predict_single`` updates with the inner data as it is.
    """

    def _index_step(self):
        """The step of the integer index of the series seen (:func:`index_step`)."""
        try:
            seen = self._seen_series()[0]
        except AttributeError:  # not fitted
            return 1
        return index_step(getattr(seen, "index", None))

    # sktime's methods, coverage and alpha checked first (sktime's check raised "'int'
    # object is not iterable" for coverage=2); their docstrings are sktime's (below)
    def predict_interval(self, fh=None, X=None, coverage=0.90):
        coverage = _check_probabilities(coverage, "coverage", "0.9 for a 90% interval")
        return super().predict_interval(fh=fh, X=X, coverage=coverage)

    def predict_quantiles(self, fh=None, X=None, alpha=None):
        if alpha is not None:
            alpha = _check_probabilities(alpha, "alpha",
                                         "[0.05, 0.95] for the 5% and 95% quantiles")
        return super().predict_quantiles(fh=fh, X=X, alpha=alpha)

    def _check_X_y(self, X=None, y=None, **kwargs):
        """sktime's checks, after ours of what sktime says without a fix: a NaN in
        ``y`` or ``X`` and a repeated time point (:func:`check_complete_series`)."""
        for name, values in (("y", y), ("X", X)):
            check_complete_series(values, name, type(self).__name__)
        check_numeric_y(y, type(self).__name__)
        check_X_covers_y(X, y, type(self).__name__)
        return super()._check_X_y(X=X, y=y, **kwargs)

    def _update_predict_single(self, y, fh, X=None, update_params=True):
        # sktime's default calls the public update with y already converted
        # to the inner DataFrame, which becomes the type of every output from
        # then on: a Series y came back as a DataFrame (as did later predicts).
        # update_predict_single has checked y and X and moved the cutoff.
        self._update(y, X, update_params=update_params)
        return self._predict(fh, X)

    def _seen_series(self):
        """The ``(y, X)`` seen in ``fit`` and ``update``, in the inner mtypes."""
        raise NotImplementedError

    def _get_varnames(self):
        # sktime names the columns of every output after the last y given, an
        # update's too, while the models hold the columns in the order of fit's
        # y (an update's are reordered to it): a y of the same columns in
        # another order labelled each forecast with another column's name. One
        # column keeps sktime's name (that of the last y, as predict's Series)
        names = super()._get_varnames()
        if getattr(self, "_is_vectorized", False) or len(names) < 2:
            return names
        return list(self._seen_series()[0].columns)

    def predict_residuals(self, y=None, X=None):
        """Return the residuals of the in-sample forecasts of ``y``.

        Parameters
        ----------
        y : sktime time series, default=None
            The observations to compute residuals against, at their time
            points (one step ahead from the series before each point: the
            forecaster's in-sample forecasts). None: the series seen in
            ``fit`` and ``update``.
        X : sktime time series, default=None
            Exogenous data at those time points; None with ``y`` None: the
            ``X`` seen in ``fit`` and ``update``, if any.

        Returns
        -------
        y_res : sktime time series
            ``y`` minus its in-sample forecasts, of the type of the ``y``
            given to ``fit`` (a point too early to forecast from the series
            before it is NaN, without the
            :class:`~skreservoir.exceptions.InSampleStartWarning` that ``predict``
            gives there: the residuals of a whole series always start so).

        Examples
        --------
        >>> from sktime.datasets import load_airline
        >>> from skreservoir.forecasting import NVARForecaster
        >>> forecaster = NVARForecaster().fit(load_airline())
        >>> forecaster.predict_residuals().shape
        (144,)
        """
        if (y is None and X is None and not self.get_config()["remember_data"]
                and getattr(self, "_is_vectorized", False)):
            # a panel's or hierarchy's series are kept by sktime's per-series clones:
            # each gives its own (sktime's asked for y, then failed on its MultiIndex
            # fh, as its NaiveForecaster does)
            self.check_is_fitted()
            clones = self.forecasters_
            parts = [row.iloc[0].predict_residuals() for _, row in clones.iterrows()]
            vectorized = getattr(getattr(self, "_yvec", None), "X", None)
            names = (list(vectorized.index.names) if vectorized is not None
                     else list(clones.index.names) + [parts[0].index.name])
            return pd.concat(parts, keys=list(clones.index), names=names)
        if (y is None and not self.get_config()["remember_data"]
                and not getattr(self, "_is_vectorized", False)):
            self.check_is_fitted()
            y, seen_X = self._seen_series()
            X = seen_X if X is None else X
            if self._y_metadata["mtype"] == "pd.Series":
                # a Series with the name of fit's y, as predict's output (a
                # numpy y stays the indexed frame: its time points are the
                # index; sktime converts the residuals back)
                y = convert_to(y, "pd.Series", store=self._converter_store_y,
                               store_behaviour="freeze")
        with warnings.catch_warnings():
            # the first points of a series have no forecast from before them;
            # asked for the residuals of the whole series, that is expected, not
            # something to change (predict's warning says to pass a later fh)
            warnings.simplefilter("ignore", InSampleStartWarning)
            return super().predict_residuals(y=y, X=X)


SeenSeriesMixin.predict_interval.__doc__ = BaseForecaster.predict_interval.__doc__
SeenSeriesMixin.predict_quantiles.__doc__ = BaseForecaster.predict_quantiles.__doc__


class _ReservoirForecaster(SeenSeriesMixin, ReservoirPyNamesMixin, ConfigCarrierMixin,
                           BaseForecaster):
    """Shared machinery: one-step models run closed loop from the cutoff.

    The model reads u(t) = [y(t), X(t+1)] and predicts y(t+1) (or the
    increment y(t+1) - y(t)). The state at the cutoff c is the state after
    u(c-1); forecasting feeds u(c) = [y(c), X(c+1)], then its own forecasts.
    """

    # ReservoirPy names in the constructor (sr=, ridge=) raise naming ours;
    # ``run`` points to sktime's forecast
    _reservoirpy_run_hint = ("predict(fh) forecasts the steps fh after the end of the "
                             "series given to fit (or update)")

    _tags = {
        # packaging info
        # --------------
        "authors": ["skreservoir developers"],
        "maintainers": ["skreservoir developers"],
        # estimator type
        # --------------
        "y_inner_mtype": "pd.DataFrame",
        "X_inner_mtype": "pd.DataFrame",
        "capability:multivariate": True,
        "capability:exogenous": True,
        # True (sktime's default) though categorical columns are refused: with False,
        # sktime refuses them first, for y too, with "does not support categorical
        # features in exogenous X", where fit says what to pass (a long-format table's
        # set_index, pandas.get_dummies for a category column)
        "capability:categorical_in_X": True,
        "capability:insample": True,
        "capability:missing_values": False,
        "capability:update": True,
        "capability:pred_int": True,
        "capability:pred_int:insample": True,
        "requires-fh-in-fit": False,
        "X-y-must-have-same-index": True,
        # CI and test flags
        # -----------------
        "tests:core": False,
    }
    # The history the models need is kept here (scaled, as numpy arrays, and
    # as given, for the refit of update), so sktime's own copy of y and X is
    # not needed.
    _config = {"remember_data": False}

    def _seen_series(self):
        return self._y_seen, self._X_seen

    # -- subclass hooks ---------------------------------------------------
    def _member_models(self, washout, alpha):
        """The unfitted ESNRegressor of every ensemble member."""
        raise NotImplementedError

    def _readout_alpha(self):
        """The ridge penalty asked for: a float, "auto", or None (the readout's own)."""
        return self.alpha

    def _seed(self):
        """Seed of the sample paths."""
        return None

    def _n_lags(self):
        """Number of last values y(t), ..., y(t-k+1) the readout reads (1: the input)."""
        return 1

    def _lags(self, start, stop):
        """The readout's earlier values for positions start..stop-1 (None without lags)."""
        n_lags = self._n_lags()
        return None if n_lags == 1 else lag_columns(self._Y, start, stop, n_lags)

    # -- helpers ----------------------------------------------------------
    def _check_target(self):
        if self.target not in ("next", "difference"):
            raise ValueError(f"target must be 'next' or 'difference', got {self.target!r}.")

    def _check_transform(self):
        for name in ("log", "detrend", "difference", "nonnegative"):
            value = getattr(self, name)
            if not (isinstance(value, (bool, np.bool_)) or value == "auto"):
                raise ValueError(f"{name} must be 'auto', True or False, got {value!r}.")
        sp = self.sp
        if not (
            sp == "auto"
            or (isinstance(sp, (int, np.integer)) and not isinstance(sp, bool) and sp >= 1)
        ):
            raise ValueError(f"sp must be 'auto' or an int >= 1, got {sp!r}.")

    def _check_washout(self):
        washout = self.washout
        if not (
            washout == "auto"
            or (
                isinstance(washout, (int, np.integer))
                and not isinstance(washout, bool)
                and washout >= 0
            )
        ):
            raise ValueError(f"washout must be 'auto' or an int >= 0, got {washout!r}.")

    def _scale(self, values, which):
        mean, scale = self._scalers[which]
        return (values - mean) / scale

    def _inputs(self, Y, XX, start, stop):
        """Model inputs u(t) = [y(t), X(t+1)] for positions start..stop-1 (scaled)."""
        U = Y[start:stop]
        if XX is not None:
            U = np.hstack([U, XX[start + 1 : stop + 1]])
        return U

    def _targets(self, Y, start, stop):
        """Targets of u(start..stop-1): y(t+1) or y(t+1) - y(t) (scaled)."""
        nxt = Y[start + 1 : stop + 1]
        return nxt - Y[start:stop] if self.target == "difference" else nxt

    # -- fitting ----------------------------------------------------------
    def _n_jobs(self):
        """joblib's ``n_jobs`` over the ensemble members (None: one after another)."""
        return None

    def _fit_members(self):
        """Fit every member on the history: washout, ridge penalty, residuals.

        The members are independent: with ``n_jobs`` they are fitted in
        joblib jobs (:func:`skreservoir._dask.parallel_map`), with the same
        results as one after another.
        """
        # the readouts' products and solves are small: on one BLAS thread (a
        # 301-feature fit stalled for seconds on two threads of a busy machine)
        n_units = getattr(getattr(self, "reservoir", None), "n_units", None) or 300
        with blas_threads_for_features(n_units):
            self._fit_members_on_one_thread()

    def _fit_members_on_one_thread(self):
        n = len(self._Y)
        U = self._inputs(self._Y, self._XX, 0, n - 1)
        T = self._targets(self._Y, 0, n - 1)
        alpha = self._readout_alpha()
        # a first draw of every member, with a placeholder penalty where "auto"
        members = self._member_models(0, 1.0 if alpha == "auto" else alpha)
        # a refit at a calibration origin keeps each member's washout and penalty
        washouts, alphas = getattr(self, "_refit_choices", (None, None))
        washouts = washouts or [self.washout] * len(members)
        alphas = [alpha if a is None else a for a in (alphas or [None] * len(members))]
        fitted = parallel_map(
            _fit_member,
            [
                (model, U, T, member_washout, member_alpha, type(self).__name__,
                 self._lags(0, n - 1), self._offset)
                for model, member_washout, member_alpha in zip(members, washouts, alphas)
            ],
            self._n_jobs(),
        )
        self.estimators_, self.washout_, self.alpha_, self._residuals = map(list, zip(*fitted))
        self._states = [est.state_ for est in self.estimators_]
        self._set_bounds()

    def _set_bounds(self):
        """The divergence guard's bounds of the history ``_Y`` (and of ``_Z``'s levels)."""
        rounding = self.transform_.rounding_
        self._bounds = divergence_bounds(self._Y, self.transform_.log_, self._scalers["y"][1],
                                         rounding)
        self._level_bounds = divergence_bounds(self._Z, self.transform_.log_, 1.0, rounding)

    def _fit(self, y, X, fh):
        new_fit_serial(self)  # warn_paths_held: once per fit
        refuse_empty_series(y, type(self).__name__, 3)
        # the intervals' horizon: sktime's fit resets it, an update's refit keeps it
        self._fit_horizon = max(getattr(self, "_fit_horizon", 0),
                                steps_ahead(fh, self.cutoff, index_step(y.index),
                                            type(self).__name__))
        self._check_target()
        self._check_washout()
        self._check_transform()
        if not (
            isinstance(self.standardize, (bool, np.bool_))
            or (isinstance(self.standardize, str) and self.standardize == "auto")
        ):
            raise ValueError(
                f"standardize must be True, False or 'auto', got {self.standardize!r}."
            )
        owner = type(self).__name__
        if X is not None:
            # sktime hands X on as given: it may cover more time points than y (a
            # whole table, the future included); read by position, a table
            # starting earlier fed the X of other time points, and rows beyond y
            # entered the standardisation (sktime checks that y's are there)
            X = X.loc[y.index]
        Y = float_values(y, "y", owner)
        n_points = len(Y)
        XX = None if X is None else float_values(X, "X", owner)
        self._X_columns = None if X is None else list(X.columns)
        self._y_columns = list(y.columns)
        if len(Y) < 3:
            raise ValueError(
                f"{type(self).__name__} needs at least 3 time points (more where a washout "
                f"or a delay window leaves some out), got {len(Y)}: pass a longer series.")
        check_lags_fit(self._n_lags(), n_points, owner)
        self.transform_ = TargetTransform(self.log, self.detrend, self.sp, self.difference,
                                          self.nonnegative)
        self.transform_.fit(Y, y.index, XX)
        self.sp_ = self.transform_.season_length_
        # the series seen, for the refit of update(update_params=True)
        self._y_seen, self._X_seen = y, X
        self._seen_until = y.index[-1]  # update takes only later time points
        self._Z = self.transform_.transform(Y, np.arange(len(Y)))
        # judged on the series as the model sees it: growth the log and trend take out
        # is not outlying
        warn_outlying_values(self._Z, Y, y.index, list(y.columns), owner,
                             self.transform_.rounding_)
        warn_level_shifts(self._Z, Y, y.index, list(y.columns), owner,
                          self.transform_.rounding_)
        warn_stopped_series(Y, y.index, list(y.columns), owner)
        warn_wandering_season(self.transform_, self._Z, list(y.columns), owner)
        if XX is None:  # (an X may drive what y alone shows as a walk)
            warn_random_walk(Y, self.transform_, owner)
        # an update's new values are checked in full only beyond these (the sort of
        # the whole series seen at every update doubled its cost at 200,000 points)
        self._outlier_bounds = central_bounds(self._Z)
        # a differenced model's row k is time k + 1: D(k) = Z(k+1) - Z(k)
        self._offset = int(self.transform_.difference_.any())
        Y = self.transform_.model_rows(self._Z)
        if XX is not None:
            XX = XX[self._offset :]
        self._scalers = {"y": (np.zeros(Y.shape[1]), np.ones(Y.shape[1]))}
        if XX is not None:
            self._scalers["X"] = (np.zeros(XX.shape[1]), np.ones(XX.shape[1]))
        for which, values in (("y", Y), ("X", XX)):
            scaled = values is not None and (
                auto_standardize(values)
                if isinstance(self.standardize, str)
                else bool(self.standardize)
            )
            if which == "y":
                self.standardize_ = scaled
            if scaled:
                self._scalers[which] = standardizer(values)
        # a variable the transformation leaves as rounding noise (a straight line
        # detrended: spread 4e-16 for 1..5) is constant to the model: divided by that
        # spread, its noise became values of order 1, and a closed loop of them "left
        # the range" and warned about an exact forecast
        # Its scale is then the power of two of the series' magnitude (units_), not 1:
        # at 1e100 the noise of an exact line and season stayed at 1e85, and NVAR's
        # squares of it overflowed (any scale keeps it constant; this one keeps the
        # forecaster equivariant to the scale of y)
        mean, scale = self._scalers["y"]
        if self.standardize_:  # standardize=False keeps y as it is, whatever its scale
            self._scalers["y"] = (mean, np.where(scale > self.transform_.rounding_, scale,
                                                 self.transform_.units_))
        self._Y = self._scale(Y, "y")
        self._XX = None if XX is None else self._scale(XX, "X")
        self._fit_members()
        if n_points < SHORT_SERIES_LENGTH:  # said once the fit has succeeded
            warnings.warn(
                f"{owner}: y has {n_points} time points, fewer than {SHORT_SERIES_LENGTH}: too few "
                "for the readout to learn from, where a simple forecaster does better "
                "(on series of 5 to 10 points the default forecasts' MASE was about 15 % "
                "above sktime's NaiveForecaster's and ThetaForecaster's; see "
                "ShortSeriesWarning). Use one of those, or a longer series.",
                ShortSeriesWarning, stacklevel=user_stacklevel())
        seed = self._seed()
        self._path_seed = check_random_state(seed).randint(np.iinfo(np.int32).max)
        return self

    def _new_rows(self, y, X):
        """The rows of ``y`` and ``X`` after the time points seen, checked.

        Only the time points after those seen are new (:func:`new_time_points`);
        the rows already seen were counted twice (airline, update_predict with
        update_params=False: MAPE 66 against 0.038). ``y`` and ``X`` are
        checked before anything changes; without an ``X`` in fit, an ``X``
        given here is not used (None is returned).
        Returns ``(y, X, y values, X values)``, the values as float arrays.
        """
        owner = type(self).__name__
        y = columns_like_fit(y, self._y_columns, "update", owner, name="y")
        y = new_time_points(self, y, self._y_seen.index)
        Y = float_values(y, "y", owner)
        if self._XX is None:
            return y, None, Y, None
        if len(y) and X is None:
            raise ValueError(
                f"{owner} was fitted with exogenous X, so update needs X for the new "
                "time points of y."
            )
        XX = None
        if X is not None:
            X = columns_like_fit(X, self._X_columns, "update", owner)
            X = X.loc[y.index]  # the new time points' rows only (see _fit)
            XX = float_values(X, "X", owner)
        return y, X, Y, XX

    def _revise_seen(self, y, X):
        """Take the values ``y`` and ``X`` give at time points already seen.

        As sktime's ``update_data`` (and :class:`AutoESNForecaster`'s update):
        a row of a time point seen replaces the one kept, so that the refit of
        ``update(update_params=True)`` reads revised values (they were ignored:
        the refit read the values of ``fit``).
        """
        owner = type(self).__name__
        self._y_seen = _replace_rows(
            self._y_seen, columns_like_fit(y, self._y_columns, "update", owner, name="y")
        )
        if X is not None and self._X_seen is not None:
            self._X_seen = _replace_rows(
                self._X_seen, columns_like_fit(X, self._X_columns, "update", owner)
            )

    def _update(self, y, X=None, update_params=True):
        new_fit_serial(self)
        given = y, X
        with cutoff_kept_on_error(self, self._y_seen.index):
            y, X, Y, XX = self._new_rows(y, X)
            if not update_params:
                check_logged_update(self.transform_, Y, self._y_columns, type(self).__name__)
                self.transform_.update_floor(Y)
        if len(y):  # the series seen grows (after the checks: a refused update saw nothing)
            self._y_seen = pd.concat([self._y_seen, y])
            if X is not None:
                self._X_seen = pd.concat([self._X_seen, X])
        if update_params:
            self._revise_seen(*given)
            # a fresh fit on the whole series seen: the transformation (log,
            # trend, season, differencing, scalers) is decided again, as sktime's
            # default update and its AutoETS do (airline, five yearly updates
            # from 72 months: 12-month MAE 22.0 against 15.4 for a fresh fit
            # while the first fit's transformation was kept)
            return self._fit(self._y_seen, self._X_seen, None)
        if len(y) == 0:
            return self
        n_old, n_time = len(self._Y), len(self._Z)
        Z_new = self.transform_.transform(Y, np.arange(n_time, n_time + len(y)))
        Y_new = self.transform_.model_rows(
            np.vstack([self._Z[-1:], Z_new]) if self._offset else Z_new
        )
        if self._XX is not None:
            self._XX = np.vstack([self._XX, self._scale(XX, "X")])
        self._Z = np.vstack([self._Z, Z_new])
        # the new values against the whole series seen (a refit checks it all), where
        # one lies beyond the bounds an outlying value must cross
        bounds = getattr(self, "_outlier_bounds", None)  # a forecaster pickled before
        if bounds is None or np.any((Z_new < bounds[:, 0]) | (Z_new > bounds[:, 1])):
            warn_outlying_values(self._Z, self._y_seen.to_numpy(), self._y_seen.index,
                                 self._y_columns, type(self).__name__,
                                 self.transform_.rounding_, first=n_time)
        # a stream that stops now (the refit of update_params=True checks at fit)
        last = self._y_seen.iloc[-2:].to_numpy(dtype=float)
        if len(last) == 2 and np.any(last[0] == last[1]):  # a repeat (most updates: not)
            warn_stopped_series(self._y_seen.to_numpy(dtype=float), self._y_seen.index,
                                self._y_columns, type(self).__name__,
                                first=len(self._y_seen) - len(y))
        self._Y = np.vstack([self._Y, self._scale(Y_new, "y")])
        self._seen_until = y.index[-1]
        # advance every member's state through the new inputs u(n_old-1 .. n-2)
        U = self._inputs(self._Y, self._XX, n_old - 1, len(self._Y) - 1)
        self._states = [
            est.reservoir_.run_batch([U], state[None])[1][0]
            for est, state in zip(self.estimators_, self._states)
        ]
        return self

    # -- closed loop ------------------------------------------------------
    def _future_X(self, X, horizon, fh):
        """Scaled exogenous rows for times cutoff+1 .. cutoff+horizon.

        Times without a row in ``X`` (a horizon that skips steps) take the
        last earlier known value, the last training row if none, with a
        UserWarning (the closed loop reads them). A time of
        ``fh`` itself without a row in ``X`` raises a ValueError (it was
        filled likewise, so that a short ``X`` went unnoticed).
        """
        if self._XX is None:
            if X is not None:  # a forecast the same with X of 1e6 or none, silently
                warnings.warn(
                    f"{type(self).__name__} was fitted without exogenous X, so the X "
                    "given to predict is ignored: pass X to fit as well (its values "
                    "over the training time points) to use it.",
                    UserWarning, stacklevel=user_stacklevel(),
                )
            return None
        if X is None:
            raise ValueError(
                f"{type(self).__name__} was fitted with exogenous X, so predict "
                "needs X for the forecasting horizon."
            )
        index = ForecastingHorizon(  # (fh counts units of an integer index)
            np.arange(1, horizon + 1) * self._index_step(), is_relative=True, freq=fh.freq
        ).to_absolute_index(self.cutoff)
        X = columns_like_fit(X, self._X_columns, "predict", type(self).__name__)
        asked = fh.to_absolute_index(self.cutoff)
        kinds = [_index_kind(i) for i in (X.index, asked)]
        if kinds[0] != kinds[1]:  # compared, they raised a TypeError (Period <= int)
            numpy = (" (sktime indexes a numpy X 0, 1, ...)"
                     if isinstance(X.index, pd.RangeIndex) else "")
            raise ValueError(
                f"X passed to {type(self).__name__}.predict has an index of {kinds[0]} time "
                f"points{numpy}, but the forecast's are {kinds[1]} (from "
                f"{asked[0]}): pass X as a DataFrame with fit's columns, indexed by the "
                "time points of the horizon (fh.to_absolute_index(forecaster.cutoff)), as "
                "y was in fit.")
        asked = asked[asked > self.cutoff[0]]
        lacking = asked[~asked.isin(X.index)]
        if len(lacking):
            hint = ""
            if len(X) and X.index.max() <= self.cutoff[0]:
                hint = (
                    f" The rows of X are at {X.index[0]} to {X.index[-1]}, none after the "
                    f"cutoff {self.cutoff[0]}"
                    + (
                        ": sktime indexes a numpy X 0, 1, ..., so pass the rows of fit's X "
                        "followed by the horizon's (np.vstack([X_train, X_future])), or a "
                        "pandas X indexed by the horizon's time points."
                        if isinstance(X.index, pd.RangeIndex) and X.index[0] == 0
                        else "."
                    )
                )
            raise ValueError(
                f"X passed to {type(self).__name__}.predict has no row for the time points "
                f"{list(map(str, lacking[:5]))}"
                + (f" and {len(lacking) - 5} more" if len(lacking) > 5 else "")
                + f" of fh; give X for every time point forecast.{hint}"
            )
        skipped = index[~index.isin(X.index)]
        if len(skipped):
            # the closed loop reads X at every step up to the last of fh: a step
            # the rows of X skip takes a guess
            warnings.warn(
                f"{type(self).__name__}: X has no row for the time points "
                f"{list(map(str, skipped[:5]))}"
                + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
                + ", which the closed loop reads up to the last step of fh (each step "
                "feeds the next): they take the last earlier value of X. Pass X for "
                f"every time point from {index[0]} to {index[-1]}. sktime's evaluate and "
                "its search CVs pass X at the steps of fh only: there, forecast a "
                "contiguous fh (fh=range(1, h + 1)) and score the steps you need.",
                UserWarning,
                stacklevel=user_stacklevel(),
            )
        known = float_values(X.reindex(index), "X", type(self).__name__)
        mean, scale = self._scalers["X"]
        future = np.vstack([self._XX[-1:] * scale + mean, known])
        future = pd.DataFrame(future).ffill().to_numpy()[1:]
        warn_X_beyond_training(self._XX * scale + mean, future[:len(index)],
                               self._X_columns, type(self).__name__)
        return self._scale(future, "X")

    def _closed_loop(self, member, horizon, XX_future, noise=None):
        """Paths of one member for steps 1..horizon (scaled), guarded.

        Returns ``(paths, diverged)``: paths of shape (n_paths, horizon,
        n_vars), one without ``noise``; ``noise`` (n_paths, horizon, n_vars)
        is added to every forecast before it is fed back. A forecast outside
        ``self._bounds`` (or not finite) marks its path diverged and is
        replaced, variable by variable, by the forecast of no model: the mean
        of the rows the model reads without ``noise`` (the constant of least
        squared error for a series of no known state; a differenced
        variable's mean increment), a row drawn at random with it (the
        series' own spread). Without exogenous X the variable keeps that
        for the rest of the horizon; with X only the value out is replaced,
        and the loop goes on from it (X can bring the model back).
        """
        est, state0 = self.estimators_[member], self._states[member]
        n_vars = self._Y.shape[1]
        reservoir = est.reservoir_
        u_last = self._Y[-1]
        if XX_future is not None:
            u_last = np.concatenate([u_last, XX_future[0]])
        # the earlier values y(c-1), ..., y(c-k+1) the readout reads after u
        past0 = self._lags(len(self._Y) - 1, len(self._Y))
        past0 = np.zeros((0, n_vars)) if past0 is None else past0.reshape(-1, n_vars)
        readout = linear_readout(
            est.readout_,
            est.n_features_in_ + past0.size,
            est.include_input,
            like=reservoir.initial_state_,
        )
        advance = reservoir.step_function(reservoir.initial_state_)
        difference = self.target == "difference"
        low, high = self._bounds
        n_paths = 1 if noise is None else len(noise)
        paths = np.empty((n_paths, horizon, n_vars))
        diverged = np.zeros(n_paths, dtype=bool)
        # what a value out of the bounds is replaced by, variable by variable:
        # the mean of the rows the model reads (for a differenced variable its
        # mean increment); simulated paths draw a row, from a generator apart
        # from the residuals' (a path inside the bounds is the same with or
        # without). Without exogenous X nothing can bring the loop back (its
        # input is its own output): the variable keeps the fallback for the
        # rest of the horizon (going on, a trending model climbs back out and
        # is reset again and again); driven by X, only the value out is
        # replaced and the loop goes on, to come back when X does
        fallback = self._Y.mean(axis=0)
        draws = None if noise is None else np.random.default_rng([self._path_seed, member])
        autonomous = XX_future is None
        with reservoir.step_context():
            start = advance(state0, u_last)  # consume the pending input u(cutoff)
            for p in range(n_paths):
                state, u, past = start, u_last, past0
                lost = np.zeros(n_vars, dtype=bool)
                for i in range(horizon):
                    read = u if not past.size else np.concatenate([u, past.ravel()])
                    y_next = np.ravel(to_host(readout(reservoir.state_output(state), read)))
                    if difference:
                        y_next = y_next + u[:n_vars]
                    if noise is not None:
                        y_next = y_next + noise[p, i]
                    out = ~((y_next >= low) & (y_next <= high))  # NaN is out too
                    if autonomous:
                        lost |= out
                        out = lost
                    if out.any():
                        diverged[p] = True
                        y_next = np.where(out, fallback if draws is None
                                          else self._Y[draws.integers(len(self._Y))], y_next)
                    paths[p, i] = y_next
                    if i + 1 < horizon:
                        if past.size:  # y(t) becomes the first earlier value
                            past = np.vstack([u[None, :n_vars], past[:-1]])
                        u = (
                            y_next
                            if XX_future is None
                            else np.concatenate([y_next, XX_future[i + 1]])
                        )
                        state = advance(state, u)
        return paths, diverged

    def _first_predicted_row(self, member):
        """The first model row a member's in-sample prediction is given at.

        The prediction of row p is read from the state after row p - 1; the
        readout was fitted on the states after the washout (and an NVAR's
        incomplete delay window), so the earlier ones are the reservoir's
        transient from rest, which the model never learnt from: on a
        logged, differenced series of sales their predictions reached 2e11
        (against values near 200), and sktime's MinT reconciliation,
        which reads the in-sample residuals, turned the forecast of the
        total negative. Those rows are NaN, as the first is.
        """
        est = self.estimators_[member]
        warmup = getattr(getattr(est, "reservoir_", None), "n_warmup_", 0) or 0
        return max(int(self.washout_[member]), int(warmup)) + 1

    def _first_predicted_time(self):
        """How many time points of y, from the first, have no in-sample prediction of
        the ensemble (:meth:`_first_predicted_row` of its latest member, in time points)."""
        rows = max(self._first_predicted_row(m) for m in range(len(self.estimators_)))
        return rows + self._offset

    def _in_sample(self, member, positions):
        """One-step predictions of one member at history positions (NaN where none)."""
        U = self._inputs(self._Y, self._XX, 0, len(self._Y) - 1)
        out = np.full((len(positions), self._Y.shape[1]), np.nan)
        valid = positions >= self._first_predicted_row(member)
        est, lags = self.estimators_[member], self._lags(0, len(U))
        pred = (
            est.predict(U, initial_state="rest")
            if lags is None
            else est.readout_.predict(_read_rows(est, U, lags))
        ).reshape(len(U), -1)
        if self.target == "difference":
            pred = pred + self._Y[:-1]
        out[valid] = pred[positions[valid] - 1]
        return out

    def _steps(self, fh):
        return relative_steps(fh, self.cutoff, type(self).__name__, self._index_step())

    #: What the divergence warning tells the user to change, most effective first: on
    #: the 25 of 64 chaotic-flow forecasts that ESNForecaster() held at the bound
    #: (with one reservoir, the default then, and the guard holding at the bound),
    #: AutoESNForecaster's median sMAPE was 79 (none held), a thousandfold alpha left
    #: 7 held, halving spectral_radius 19 and input_scaling 23
    #: (``python benchmarks/forecasting_flows.py --advice``).
    _divergence_advice = (
        "Use AutoESNForecaster (it validates its settings on the end of the series), or "
        "increase alpha a thousandfold or more; a lower spectral_radius or input_scaling "
        "of the reservoir helps less often."
    )

    def _warn_diverged(self, n_diverged, n_members, n_kept):
        transform = getattr(self, "transform_", None)
        # the mean is the model's: a trend and season removed go on from there (airline
        # 2000 months ahead was 3e11, said to be "the series' mean")
        seen_as = (
            ", as the model sees it: the trend, season and log removed in fit go on "
            "from there"
            if transform is not None and (transform.log_.any() or transform.trend_.any()
                                          or transform.season_.any())
            else " from there"
        )
        what = (
            f"each variable that left it takes the series' mean{seen_as} (with "
            "exogenous X: where it is out; a differenced series' level out of its bounds: "
            "its last level)"
            if n_kept == 0
            else f"the forecast is the median of the {n_kept} members that stayed inside"
        )
        warnings.warn(
            f"{type(self).__name__}: {n_diverged} of {n_members} closed-loop "
            f"forecasts left the training range by more than {DIVERGENCE_MARGIN:g} "
            f"times its width; {what}. {self._advice()}",
            ForecastDivergenceWarning,
            stacklevel=user_stacklevel(),
        )

    def _advice(self):
        """What to change when closed loops diverge, with the penalty this forecaster has."""
        advice = self._divergence_advice
        asked = self._readout_alpha()
        if asked is None:
            # a readout of the user's: its own penalty, not the forecaster's alpha
            # (which it ignores); it may have none (alpha_ holds None, which
            # raised a TypeError here)
            readout = type(self.readout).__name__
            advice = advice.replace(
                "increase alpha a thousandfold or more",
                f"increase the penalty of the readout passed ({readout}) a thousandfold or "
                "more, or pass a penalised one", 1).replace(
                "Increase alpha",
                f"Increase the penalty of the readout passed ({readout}), or pass a penalised "
                "one", 1)
        elif isinstance(asked, str):
            # the user set no alpha: name the one the rule chose, to pass above it
            chosen = f"{float(np.max(self.alpha_)):.3g}"
            advice = advice.replace(
                "increase alpha a thousandfold or more",
                f"pass an alpha a thousandfold or more above the {chosen} that alpha='auto' "
                "chose", 1).replace(
                "Increase alpha", f"Pass an alpha above the {chosen} that alpha='auto' chose", 1)
        if len(getattr(self, "_Z", ())) < SHORT_SERIES_LENGTH:
            # AutoESNForecaster refuses a series this short (a 4-point series was told
            # to use it)
            advice = advice.replace(
                "Use AutoESNForecaster (it validates its settings on the end of the series), "
                "or ", "On a series this short, a simpler forecaster (see "
                "ShortSeriesWarning) may serve better; or ", 1)
        # advice already in effect is left out (it told a forecaster with
        # standardize=True to set it)
        if self.get_params().get("standardize") is True or getattr(self, "standardize_", False):
            advice = advice.replace("set standardize=True (and difference=False for a "
                                    "stationary series)", "set difference=False for a "
                                    "stationary series", 1)
        transform = getattr(self, "transform_", None)
        if self.get_params().get("difference") is False or (
                transform is not None and not transform.difference_.any()):
            advice = advice.replace(", set difference=False for a stationary series", "", 1)
            advice = advice.replace(" (and difference=False for a stationary series)", "", 1)
        if self.get_params().get("standardize") == "auto" and not getattr(
                self, "standardize_", True):
            # the user left it to the rule, which did not scale: say it was the rule's
            rule = "standardize='auto' left the series unscaled"
            if "set standardize=True (" in advice:
                advice = advice.replace("set standardize=True (",
                                        f"set standardize=True ({rule}; ", 1)
            else:
                advice = advice.replace("set standardize=True",
                                        f"set standardize=True ({rule})", 1)
        season = getattr(self, "sp_", 1)
        if (self.get_params().get("sp") == "auto" and np.ndim(season) == 0 and season > 1
                and getattr(transform, "season_estimate_", 1) > 1):
            # a season sp="auto" took for one (a chaotic cycle near a candidate's length)
            # was removed from the series: the warning named everything else. Not a
            # season of the index's calendar (airline's months: a user battery)
            advice += (f" sp='auto' removed a season of {season} steps: if the series has "
                       "no such season (a cycle whose length varies), pass sp=1.")
        return advice

    def _warn_far_horizon(self, horizon):
        """Warn where the closed loop is asked for more than :data:`FAR_HORIZON_RATIO` times
        the series' length (and over :data:`FAR_HORIZON_MIN` steps): a mistaken fh (a
        time given as a step: ``fh=[10**8]`` ran for an hour, step by step, without
        a word)."""
        n = len(self._Z)
        if horizon > max(FAR_HORIZON_MIN, FAR_HORIZON_RATIO * n):
            warnings.warn(
                f"{type(self).__name__}: fh reaches {horizon} steps ahead, "
                f"{horizon / n:.1f} times the {n} time points of y: the closed loop runs "
                f"every one of those {horizon} steps, one after another (it can take minutes "
                "or hours), and that far beyond the data a forecast is the model's own "
                "dynamics, not the series'. If a time was meant, not a number of steps: "
                "sktime reads integers in fh as steps ahead of the cutoff; pass "
                "ForecastingHorizon(times, is_relative=False).",
                UserWarning,
                stacklevel=user_stacklevel(),
            )

    def _warn_no_past(self, steps):
        """Warn that the in-sample steps at the series' first time points are NaN.

        A one-step prediction of time t needs the input of time t - 1 (and,
        differenced, the increment before it), and a state the readout learnt
        from: the first ``1 + _offset`` time points have no input, the
        washout's (and an NVAR's delay window's) no such state (see
        :meth:`_first_predicted_row`); sktime's convention for such points is
        NaN.
        """
        n_first = self._first_predicted_time()  # time points of y without a prediction
        first = n_first - (len(self._Z) - 1)  # first step with a prediction
        early = steps[steps < first]
        # every time point seen asked for is the residuals' request (sktime's
        # reconcilers ask predict so, a clone per series, each of which warned):
        # their first points are NaN, as predict_residuals' are, without a word
        whole = np.setdiff1d(np.arange(1 - len(self._Z), 1), steps).size == 0
        if early.size and not whole:
            no_input = 1 + self._offset
            why = (
                "which have no earlier value to predict from (a one-step prediction reads "
                "the value before" + (", and the model sees increments" if self._offset
                                      else "") + ")"
            )
            if n_first > no_input:
                washout = max(int(w) for w in self.washout_)
                why += (
                    ", or lie in the washout, where the reservoir still starts from rest "
                    "and the readout learnt nothing (washout_)" if washout + 1 + self._offset
                    >= n_first else
                    ", or lie in the first, incomplete delay window, which the readout did "
                    "not learn from")
            shown = early.tolist() if early.size <= 10 else (
                f"{early[:5].tolist()} and {early.size - 5} more")
            warnings.warn(
                f"{type(self).__name__}: fh={shown} asks for in-sample predictions "
                f"among the first {n_first} time point(s) of the series, {why}; "
                f"{'it is' if early.size == 1 else f'these {early.size} are'} NaN. "
                f"Pass fh >= {first} relative to the cutoff for in-sample predictions "
                "that exist.",
                InSampleStartWarning,
                stacklevel=user_stacklevel(),
            )

    def _member_paths(self, fh, X, noise_draws=0, XX_future=None, held_paths=None,
                      own_levels=True):
        """Paths for fh, shape (n_paths, len(fh), n_vars), in units of the transformed series.

        With ``noise_draws=0`` one noise-free path per member that did not
        diverge (all members if every one did); otherwise ``noise_draws``
        paths in all, spread over the members, each with one-step residuals
        resampled from that member's cross-validated residuals. With a list
        ``held_paths``, the mask of the paths that left the divergence bounds
        is appended to it (:meth:`_simulated` counts and warns of them).
        ``own_levels``: a simulated path that leaves a differenced level holds
        its own last level (:meth:`_levels_ahead`); False, the series' last
        (the calibration's origins: a path that left carries none of the
        model's spread, and an origin whose paths all left is not used).
        """
        steps = self._steps(fh)
        n_members = len(self.estimators_)
        rng = np.random.default_rng(self._path_seed)
        per_member = (
            [1] * n_members
            if noise_draws == 0
            else np.diff(np.linspace(0, noise_draws, n_members + 1).astype(int))
        )
        insample = steps <= 0
        if np.any(steps < 1 - len(self._Z)):
            raise ValueError(
                f"fh reaches {-int(steps.min())} steps before the cutoff, before the first "
                f"time point of the series seen ({len(self._Z)} time points): in-sample "
                f"forecasts are for its time points, so pass fh >= {1 - len(self._Z)} "
                "relative to the cutoff."
            )
        self._warn_no_past(steps)
        horizon = int(steps.max()) if np.any(~insample) else 0
        self._warn_far_horizon(horizon)
        if XX_future is None and horizon:
            XX_future = self._future_X(X, horizon, fh)
        n_vars = self._Y.shape[1]
        # the random draws of every member, in the order of one member after another
        picks, noises = [], []
        # the in-sample picks from a stream of their own: the future draws are then
        # the same whether in-sample steps are asked or not
        insample_rng = np.random.default_rng([self._path_seed, 1])
        for member, count in enumerate(per_member):
            residuals = self._residuals[member]
            picks.append(
                insample_rng.integers(len(residuals), size=(count, int(insample.sum())))
                if noise_draws and np.any(insample)
                else None
            )
            noises.append(
                residuals[rng.integers(len(residuals), size=(count, horizon))]
                if noise_draws and horizon
                else None
            )
        # the closed loops, the costly part, in joblib jobs with n_jobs
        loops = parallel_map(
            self._closed_loop,
            [(member, horizon, XX_future, noises[member]) for member in range(n_members)]
            if horizon
            else [],
            self._n_jobs(),
        )
        blocks, kept = [], []
        n_diverged = 0
        for member, count in enumerate(per_member):
            block = np.full((count, len(steps), n_vars), np.nan)
            if np.any(insample):
                times = len(self._Z) - 1 + steps[insample]
                fitted = np.broadcast_to(
                    self._in_sample(member, times - self._offset), (count, len(times), n_vars)
                )
                if noise_draws:
                    fitted = fitted + self._residuals[member][picks[member]]
                block[:, insample] = self._levels_in_sample(fitted, times)
            ok = np.ones(count, dtype=bool)
            if horizon:
                closed, diverged = loops[member]
                levels, held = self._levels_ahead(closed, noisy=own_levels and noise_draws > 0)
                diverged = diverged | held
                block[:, ~insample] = levels[:, steps[~insample] - 1]
                ok = ~diverged
                n_diverged += int(diverged.sum())
            blocks.append(block)
            kept.append(ok)
        paths, kept = np.concatenate(blocks), np.concatenate(kept)
        if held_paths is not None:
            held_paths.append(~kept)
        if noise_draws == 0:
            if n_diverged:
                self._warn_diverged(n_diverged, n_members, int(kept.sum()))
            if kept.any():
                paths = paths[kept]
                if horizon:  # the forecast of the members kept
                    self._warn_runaway(np.median(paths[:, ~insample], axis=0),
                                       steps[~insample])
        return paths

    def _warn_runaway(self, levels, steps):
        """:class:`~skreservoir.exceptions.ForecastSkillWarning` where a variable's point
        forecast (transformed ``levels`` at ``steps`` ahead) runs away: out of the
        training levels' range by more than :data:`RUNAWAY_SHARE` of its width, for a
        variable with no trend removed (a line explains little of the series); a
        differenced one where it is that far from the line of the training series'
        own drift too.

        A series modelled by its increments is a random walk to the model, whose
        forecast stays about the last level plus the drift; a closed loop that
        extrapolates the increments' momentum draws a straight line instead. A
        bounded series that the Dickey-Fuller test could not tell from a random
        walk (a chaotic flow sampled finely: ten oscillations in 1000 points) was
        forecast so, off its attractor, with no warning, since the divergence guard
        waits for a whole width beyond the range (a chaotic-systems battery's
        ports: Chua's double scroll up to 3.19, never above 2.3). A series modelled
        by its levels is stationary to the model, whose forecast returns toward the
        mean; a closed loop that settles on a state of the reservoir the training
        never visited goes on out of the range instead (an AR(1) at 0.9 of 300
        points, range 5.8 to 15.3, forecast down to -2.3 a hundred steps ahead by
        every member, silently: a user battery); not warned where X was given (the
        levels follow X's future, which may leave its own range). A series with a
        trend removed is left out: its curvature (a population's growth slowing,
        prices' inflation) goes on past the range of its detrended levels in good
        forecasts (``macroeconomic``'s pop, cpi), as in poor ones.
        """
        Z = self._Z
        n = len(Z)
        low, high = Z.min(axis=0), Z.max(axis=0)
        width = high - low
        drift = (Z[-1] - Z[0]) / max(n - 1, 1)
        line = Z[-1] + np.asarray(steps, dtype=float)[:, None] * drift
        margin = RUNAWAY_SHARE * width
        differenced = self.transform_.difference_
        # given X, the levels follow X's future, which may leave its range: not warned
        levels_alone = ~differenced & (getattr(self, "_X_columns", None) is None)
        away = (((levels > high + margin) | (levels < low - margin))
                & (((np.abs(levels - line) > margin) & differenced) | levels_alone)
                & ~self.transform_.trend_.any(axis=1) & (width > 0))
        if not away.any():
            return
        column = int(np.flatnonzero(away.any(axis=0))[0])
        first = int(np.flatnonzero(away[:, column])[0])
        above = levels[:, column] - high[column]
        below = low[column] - levels[:, column]
        side = "above" if above.max() >= below.max() else "below"
        beyond = max(above.max(), below.max()) / width[column]
        columns = getattr(self, "_y_columns", None) or list(range(Z.shape[1]))
        name = "y" if Z.shape[1] == 1 else f"column {columns[column]!r} of y"
        where = (f"the forecast runs away from the training range from step "
                 f"{int(steps[first])} on, up to {beyond:.2g} of its width {side} it")
        if differenced[column]:
            fix = ("pass difference=False" if Z.shape[1] == 1 else
                   "forecast it with difference=False (which sets every column)")
            message = (
                f"{type(self).__name__}: {name} is modelled by its increments "
                f"({RUNAWAY_INCREMENTS_REASON}), and {where}, on a drift the training "
                "series does not have: the closed loop "
                "extrapolates the increments' momentum. If the series is bounded (an "
                f"oscillation, a chaotic system sampled finely), {fix}; otherwise compare "
                "with sktime's NaiveForecaster().")
        else:
            message = (
                f"{type(self).__name__}: {name} is modelled by its levels "
                f"({RUNAWAY_LEVELS_REASON}), and {where}: the closed loop settled where the "
                "training series never went, while a stationary series' forecast returns "
                "toward its mean. Compare with sktime's NaiveForecaster(strategy='mean')"
                f"{RUNAWAY_AUTO_HINT}; if the series does wander, pass difference=True"
                + ("." if Z.shape[1] == 1 else " (which sets every column)."))
        warnings.warn(message, ForecastSkillWarning, stacklevel=user_stacklevel())

    # -- outputs ----------------------------------------------------------
    def _to_frame(self, values, fh, columns):
        index = fh.to_absolute_index(self.cutoff)
        return pd.DataFrame(values, index=index, columns=columns)

    def _levels_in_sample(self, fitted, times):
        """One-step predictions (scaled model rows) at ``times`` as transformed levels."""
        mean, scale = self._scalers["y"]
        values = fitted * scale + mean
        if self._offset:
            previous = np.where(times[:, None] >= 1, self._Z[np.maximum(times - 1, 0)], np.nan)
            values = values + np.where(self.transform_.difference_, previous, 0.0)
        return values

    def _levels_ahead(self, closed, noisy=False):
        """Closed-loop paths (scaled model rows, all steps) as transformed levels.

        Increments are summed from the last level; a level outside the
        divergence bounds of the levels marks its path: that variable, from
        that step on, takes the last level of the series (the forecast of a
        random walk, which a differenced variable is to the model); on a
        simulated path (``noisy``), the path's own last level inside the
        bounds (the last level of the series where it left at the first
        step), so that paths which leave at different steps keep the spread
        they had there: all held at the series' last level, a 90 % interval
        had zero width from the step most had left (NVARForecaster(alpha=10)
        on airline, 36 months: from month 18 on, the point forecast outside
        it, while predict_var said a standard deviation of 20 to 39).
        """
        mean, scale = self._scalers["y"]
        values = closed * scale + mean
        if not self._offset:
            return values, np.zeros(len(values), dtype=bool)
        summed = self._Z[-1] + np.cumsum(values, axis=1)
        values = np.where(self.transform_.difference_, summed, values)
        low, high = self._level_bounds
        outside = (values < low) | (values > high)
        # a variable's level from its first step outside on: its increments no
        # longer sum to a level the model stands for. A differenced variable is
        # a random walk to the model, whose forecast without a state is the
        # last level seen (a drift, extrapolated in log, can run further off
        # than the path did); the others (never outside here: the loop keeps
        # them inside) would take their mean level
        lost = np.cumsum(outside, axis=1) > 0
        if lost.any():
            fallback = np.where(self.transform_.difference_, self._Z[-1],
                                self._Z.mean(axis=0))
            if noisy:  # each path's last level inside the bounds, held from there
                inside = np.where(lost, np.nan, values)
                last = _forward_filled(inside)
                fallback = np.where(np.isnan(last), fallback, last)
                fallback = np.where(self.transform_.difference_, fallback,
                                    self._Z.mean(axis=0))
            values = np.where(lost, fallback, values)
        return values, outside.any(axis=(1, 2))

    def _unscale(self, values, fh):
        """Values (..., len(fh), n_vars) of the transformed series, in units of y."""
        positions = len(self._Z) - 1 + self._steps(fh)
        return self.transform_.inverse(values, positions)

    def sample_paths(self, fh, X=None, n_paths=N_SAMPLE_PATHS):
        """Simulated future paths: the closed loop with resampled one-step residuals.

        The draws behind ``predict_interval``, ``predict_quantiles`` and
        ``predict_var`` (spread over the ensemble members when there are
        several). Their spread about their mean is widened, per variable,
        by the closed-loop errors at rolling origins inside the training
        series (see the Notes of :class:`ESNForecaster`).

        Parameters
        ----------
        fh : int, list, pd.Index or sktime ForecastingHorizon
            The horizon, as ``predict`` takes it (an int or a list: steps
            relative to the cutoff).
        X : pandas.DataFrame, default=None
            Exogenous data for the horizon, when the forecaster was fitted
            with some.
        n_paths : int, default=200
            Number of paths, at least 1.

        Returns
        -------
        paths : ndarray of shape (n_paths, len(fh), n_variables)
            In the units of ``y``.
        """
        self.check_is_fitted()
        n_paths = check_int(n_paths, "n_paths", 1)
        if not isinstance(fh, ForecastingHorizon):  # coerced as sktime's predict coerces it
            from sktime.utils.validation.forecasting import check_fh

            fh = check_fh(fh, freq=self._cutoff)
        self._check_paths_memory(n_paths, fh)
        return self._simulated(fh, X, n_paths)

    def _check_paths_memory(self, n_paths, fh):
        """A MemoryError, before any work, where ``n_paths`` paths over ``fh`` need more
        than this machine's memory (10**9 paths were accepted and ran for hours)."""
        from skreservoir._validation import physical_memory

        memory = physical_memory()
        members = self.__dict__.get("estimators_") or [None]
        reservoir = getattr(members[0], "reservoir_", None)
        width = int(getattr(reservoir, "n_units_", None)
                    or getattr(reservoir, "n_features_out_", 0) or 0)
        n_variables = max(1, len(getattr(self, "_y_columns", ())) or 1)
        steps = max(1, int(np.max(np.abs(self._steps(fh)))))
        # the paths returned and the states each path carries while it is simulated
        size = 8.0 * n_paths * (len(fh) * n_variables + width + n_variables * steps)
        if memory is not None and size > memory:
            raise MemoryError(
                f"n_paths={n_paths} paths over {len(fh)} step(s) need about "
                f"{size / 2**30:.3g} GiB (the paths and each path's state), more than this "
                f"machine's {memory / 2**30:.3g} GiB: draw fewer paths (the default is "
                f"{N_SAMPLE_PATHS}), or several calls of fewer."
            )

    def _interval_horizon(self, fh, X, horizon=None):
        """``(steps, columns)``: the relative steps the paths are simulated for, and the
        columns of those of ``fh`` among them.

        Every step from 1 to ``horizon`` (None: the furthest of ``fh`` and of the
        horizon given at ``fit``), and ``fh``'s in-sample steps: the paths, their
        noise draws and the calibration's factor are then those of that horizon,
        whatever steps are asked, and an interval at a step is the same asked
        alone or with others (asked alone it was narrower: on lynx, NVAR's 90 %
        interval one step ahead was 2435 wide asked alone and 1734 asked with 12
        steps). With exogenous ``X`` (its future values cover ``fh`` only), the
        steps of ``fh``.
        """
        steps = self._steps(fh)
        if X is not None or self._XX is not None or not np.any(steps > 0):
            return steps, np.arange(len(steps))
        if horizon is None:
            horizon = max(int(steps.max()), getattr(self, "_fit_horizon", 0))
        every = np.union1d(steps[steps <= 0], np.arange(1, max(horizon, steps.max()) + 1))
        return every, np.searchsorted(every, steps)

    def _simulated(self, fh, X, n_paths, tail=PATHS_TAIL, held_counts=None, horizon=None):
        """:meth:`sample_paths`, warning of paths out of bounds beyond ``tail``, or
        appending their number to the list ``held_counts`` (a caller that sums up
        several forecasters' paths). The paths are simulated and calibrated over
        :meth:`_interval_horizon` (``horizon``: its horizon, where the caller's
        fit horizon decides), then those of ``fh`` kept."""
        held = []
        steps, columns = self._interval_horizon(fh, X, horizon)
        # (an integer index's units, in which fh counts: _steps reads them back as values)
        full = ForecastingHorizon(steps * self._index_step(), is_relative=True)
        paths = self._member_paths(full, X, noise_draws=n_paths, held_paths=held)
        held = own = held[0]
        ahead = steps > 0
        factor = 1.0
        if np.any(ahead):
            factor = self._calibration(int(steps.max()))
            centre = paths[:, ahead].mean(axis=0)
            widened = centre + factor * (paths[:, ahead] - centre)
            # the widening stays within the divergence guard's bounds: a large factor
            # (a short, noisy series) took 90 % intervals to 30 to 60 times the range
            # of the series, silently; paths held at the bounds count as held
            low, high = self._level_bounds
            paths[:, ahead] = np.clip(widened, low, high)
            held = held | np.any((widened < low) | (widened > high), axis=(1, 2))
        n_held, n_widened = int(held.sum()), int(held.sum() - own.sum())
        factor = float(np.max(factor))
        if held_counts is not None:
            held_counts.append((n_held, n_widened, factor))
        elif paths_beyond(n_held, len(paths), tail):
            warn_paths_held(self, n_held, len(paths), tail, self._advice(), n_widened, factor)
        return self._unscale(paths[:, columns], fh)

    def _calibration(self, horizon):
        """Factor on the spread of the sample paths, per variable (see Notes of ESNForecaster).

        The root mean square, over the rolling origins inside the history
        and the steps 1..horizon (:meth:`_origin_errors`), of the
        closed-loop error over the standard deviation of the paths
        simulated there; at least 1 (the calibration widens, never
        narrows). 1 where no origin fits in the history.

        Computed once per fitted state and horizon: the refits at the
        origins cost several fits (11 s on 5000 points with the default
        ensemble), and ``predict_interval`` then ``predict_quantiles`` or
        several coverages ask for the same factor. Kept outside the
        forecaster (:func:`per_fit`): sktime's contract forbids the interval
        methods to change it.
        """
        factors = per_fit(_CALIBRATIONS, self, dict)
        if factors is None:
            return self._calibration_factor(horizon)
        if horizon not in factors:
            factors[horizon] = self._calibration_factor(horizon)
        return factors[horizon].copy()

    def _calibration_factor(self, horizon):
        """:meth:`_calibration`, computed."""
        errors, variances = self._origin_errors(horizon)
        # paths that all left a differenced level take the same last level: their
        # variance is rounding (1e-27 on a 12-point series), not a spread, and its
        # ratio to the error would widen every interval by 1e13
        with np.errstate(over="ignore"):  # a series near 1e250 (its squares: inf)
            usable = variances > (SPREAD_RTOL * np.ptp(self._Z, axis=0)) ** 2
            ratio = np.where(usable, errors**2 / np.where(usable, variances, 1.0), 0.0)
        mean = ratio.sum(axis=(0, 1)) / np.maximum(usable.sum(axis=(0, 1)), 1)
        return np.sqrt(np.maximum(mean, 1.0))

    def _origin_errors(self, horizon):
        """Closed-loop errors and path variances at rolling origins inside the history.

        At up to :data:`CALIBRATION_ORIGINS` origins, half a horizon apart,
        from the last one whose ``horizon`` steps lie in the history back to
        the middle of the history, the members are refitted on the history
        before the origin (same parameters and transformation, each member
        with the washout and ridge penalty it chose on the whole history) and
        :data:`CALIBRATION_PATHS` paths are simulated from it. Returns the
        errors of the paths' mean against the history and the paths'
        variances, both of shape (n_origins, horizon, n_vars), in units of
        the transformed series.
        """
        n = len(self._Y)
        cuts = list(range(n - horizon, n // 2 - 1, -max(1, horizon // 2)))[:CALIBRATION_ORIGINS]
        fh = ForecastingHorizon(np.arange(1, horizon + 1) * self._index_step(), is_relative=True)
        errors, variances = [], []
        n_units = getattr(getattr(self, "reservoir", None), "n_units", None) or 300
        # on one BLAS thread, as _fit_members
        with warnings.catch_warnings(), blas_threads_for_features(n_units):
            warnings.simplefilter("ignore")
            refits = self._origin_refits(cuts)
        for cut in cuts:
            past = copy.copy(self)
            # the members' washouts and penalties as fitted on the whole series
            past._refit_choices = (list(self.washout_), list(self.alpha_))
            past._Y, past._Z = self._Y[:cut], self._Z[: cut + self._offset]
            past._XX = None if self._XX is None else self._XX[:cut]
            future = None if self._XX is None else self._XX[cut : cut + horizon]
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    if refits is None:
                        past._fit_members()
                    else:
                        past.estimators_, past._states, past._residuals = refits[cut]
                        past._set_bounds()
                    paths = past._member_paths(
                        fh, None, noise_draws=CALIBRATION_PATHS, XX_future=future,
                        own_levels=False,
                    )
            except ValueError:  # a history too short for the model: no origin there
                continue
            truth = self._Z[cut + self._offset : cut + self._offset + horizon]
            with np.errstate(over="ignore"):  # paths near 1e250: squares overflow
                errors.append(truth - paths.mean(axis=0))
                variances.append(paths.var(axis=0))
        shape = (0, horizon, self._Y.shape[1])
        if not errors:
            return np.zeros(shape), np.zeros(shape)
        return np.asarray(errors), np.asarray(variances)

    def _origin_refits(self, cuts):
        """The members refitted at every origin of ``cuts`` from one run of each reservoir.

        What :meth:`_fit_members` gives on the history before each origin
        (the members' washouts and penalties kept), ``{cut: (estimators,
        states, residuals)}``, without running a reservoir at every origin:
        the states over the history before an origin are the first rows of
        the states over the whole history (a reservoir's state depends only
        on the inputs before it, and the members' reservoirs are drawn from
        their parameters, not from the series), so each member's reservoir
        runs once over the history, stopping at every origin for its state
        there, and at every origin only the ridge readout is solved again
        (with its cross-validated residuals, on the rows before the origin).
        The same errors and variances as those refits, to rounding, at a
        fraction of the cost (``python benchmarks/forecasting_interval_cost.py``).

        None where that does not hold, and every origin is refitted as a new
        fit: a readout other than :class:`~skreservoir.readout.RidgeReadout`,
        output feedback, a reservoir whose fit may read the series (one that
        learns from it, ``IPReservoir`` or ``LocalPlasticityReservoir``, in a
        :class:`~skreservoir.ReservoirStack` too, and any reservoir but
        skreservoir's ``Reservoir`` family, stacks of them and ``NVAR``), or one
        whose run does not end where the fit's did (state noise, drawn anew at
        every run). With ``random_state=None`` the refits drew new reservoirs
        at every origin; this path keeps the members' own, as the forecast does.
        The members run one after another (``n_jobs`` is not used here).
        """
        n = len(self._Y)
        if not cuts or self._XX is not None and len(self._XX) != n:
            return None
        for est in self.estimators_:
            if (not isinstance(est.readout, RidgeReadout) or getattr(est, "feedback", False)
                    or not _fit_ignores_series(est.reservoir_)):
                return None
        U = self._inputs(self._Y, self._XX, 0, n - 1)
        T = self._targets(self._Y, 0, n - 1)
        lags = self._lags(0, n - 1)
        inputs = U if lags is None else np.hstack([U, lags])
        # model rows before each origin (rows 0..cut-2 read y(0..cut-2)), increasing
        ends = sorted({cut - 1 for cut in cuts}) + [len(U)]
        refits = {cut: ([], [], []) for cut in cuts}
        for est, washout, last in zip(self.estimators_, self.washout_, self._states):
            reservoir = est.reservoir_
            first = max(washout, getattr(reservoir, "n_warmup_", 0))
            outputs, state, start, at = [], None, 0, {}
            for end in ends:
                if end > start:
                    out, final = reservoir.run_batch([U[start:end]], state)
                    outputs.append(to_host(out[0]))
                    state, start = final, end
                at[end] = None if state is None else to_host(state)[0]
            if at[len(U)] is None or not np.allclose(at[len(U)], to_host(last),
                                                      rtol=1e-9, atol=1e-12):
                return None  # not the fit's run: state noise, or another rule
            states = np.concatenate(outputs)
            features = np.hstack([inputs, states]) if est.include_input else states
            read = features if lags is None else np.hstack([U, lags, states])
            for cut in cuts:
                m = cut - 1
                if m - first < 2 or at[m] is None:
                    return None
                _, residuals, _ = select_alpha(features[first:m], T[first:m],
                                               alphas=[est.readout.alpha],
                                               fit_intercept=est.readout.fit_intercept)
                past = copy.copy(est)
                target = T[first:m] if np.ndim(est.readout_.coef_) > 1 else T[first:m, 0]
                past.readout_ = clone(est.readout_).fit(read[first:m], target)
                past.state_ = at[m]
                for kept, value in zip(refits[cut], (past, at[m], residuals)):
                    kept.append(value)
        return refits

    def _point_paths(self, fh, X=None):
        """Noise-free forecast of every kept member, in units of y."""
        return self._unscale(self._member_paths(fh, X), fh)

    def _predict(self, fh, X):
        return self._to_frame(member_centre(self._point_paths(fh, X)), fh, self._get_varnames())

    def _predict_var(self, fh, X=None, cov=False):
        paths = self.sample_paths(fh, X)
        return variance_frame(paths, fh.to_absolute_index(self.cutoff),
                              self._get_varnames(), cov)

    def _predict_quantiles(self, fh, X, alpha):
        warn_tail_quantiles(self, alpha, N_SAMPLE_PATHS)
        paths = self._simulated(fh, X, N_SAMPLE_PATHS, tail=quantile_tail(alpha))
        columns = self._get_columns(method="predict_quantiles", alpha=alpha)
        quantiles = np.quantile(paths, alpha, axis=0)  # (n_alpha, n_fh, n_vars)
        with warnings.catch_warnings():  # the point forecast's, said by predict
            warnings.simplefilter("ignore")
            point = member_centre(self._point_paths(fh, X))
        quantiles = around_point(quantiles, alpha, point)
        values = np.concatenate([quantiles[:, :, j].T for j in range(paths.shape[2])], axis=1)
        return self._to_frame(values, fh, columns)
