"""The sktime forecasters ESNForecaster and NVARForecaster, and ForecastingObjective."""

from numbers import Integral

import numpy as np
from sklearn.base import clone
from sklearn.utils import check_random_state
from sktime.forecasting.model_evaluation import evaluate

from skreservoir._base import (
    BaseReservoir,
    DefaultPartsMixin,
    gated_reservoir_advice,
    refuse_nested_of_none,
    reservoir_seed,
    seed_reservoir,
)
from skreservoir._sklearn_compat import InvalidParameterError
from skreservoir._validation import check_int, check_params_dict, refuse_class
from skreservoir.esn import ESNRegressor
from skreservoir.forecasting._base import _ReservoirForecaster, check_alpha
from skreservoir.nvar import NVAR
from skreservoir.readout import RidgeReadout
from skreservoir.reservoir import Reservoir

#: The reservoir of ``ESNForecaster(reservoir=None)``: the setting of least
#: median rank over all series of ``benchmarks/forecasting.py --defaults``
#: (see benchmarks/forecasting_defaults.json and the ESNForecaster docstring).
DEFAULT_RESERVOIR = {
    "n_units": 300,
    "spectral_radius": 0.5,
    "leak_rate": 0.1,
    "input_scaling": 0.5,
    "bias_scaling": 1.0,
    "density": 0.1,
}


def default_reservoir(random_state=None):
    """The reservoir ``ESNForecaster`` uses when none is given."""
    return Reservoir(**DEFAULT_RESERVOIR, random_state=random_state)


def ensemble_seeds(random_state, n_ensemble):
    """The seeds of the ``n_ensemble`` reservoirs ``ESNForecaster`` draws from ``random_state``."""
    return check_random_state(random_state).randint(np.iinfo(np.int32).max, size=n_ensemble)


class ESNForecaster(DefaultPartsMixin, _ReservoirForecaster):
    r"""Echo state network forecaster for sktime, with simulated prediction intervals.

    A one-step model is trained on the history: its input at time t is
    u(t) = [y(t), X(t+1)] (the exogenous X of the next step, when given) and
    its target y(t+1), or the increment y(t+1) - y(t) with
    ``target="difference"``. Forecasts are closed loop (recursive) from the
    reservoir state at the cutoff: each forecast is fed back as the next
    input. In-sample predictions are one-step-ahead predictions.

    Parameters
    ----------
    reservoir : Reservoir, default=None
        The reservoir, cloned for every ensemble member. When None:
        ``Reservoir(n_units=300, spectral_radius=0.5, leak_rate=0.1,
        input_scaling=0.5, bias_scaling=1.0)`` (the bias scaling is not
        :class:`~skreservoir.Reservoir`'s default of 0.2: copy all five to
        start from it), chosen from ``python benchmarks/forecasting.py
        --defaults`` (see ``benchmarks/forecasting_defaults.json``): of 18
        settings (spectral radius 0.5, 0.9, 1.25; leak rate 0.1, 0.3, 1;
        input scaling 0.5, 1), the one of least median rank over 11 series
        (Mackey-Glass, Lorenz, Rössler and the double scroll, clean and with
        5% noise, ranked by NRMSE over two Lyapunov times; airline, lynx
        and shampoo sales, by MASE), with no blow-up (since ``alpha="auto"``
        chooses by h-block cross-validation on long series and by blocks on
        short ones: median rank 7, alone, with the least median relative
        score of the grid, 1.42). The previous default (spectral radius 1.25,
        leak rate 0.3, input scaling 1) has median rank 12.
    readout : regressor, default=None
        The readout; a :class:`~skreservoir.RidgeReadout` with penalty
        ``alpha`` when None. A ``RidgeReadout`` passed here keeps its own
        ``alpha`` (tuned as ``readout__alpha``); ``alpha`` is then left at
        ``"auto"``, another value raises a ValueError.
    alpha : float or "auto", default="auto"
        Ridge penalty of the default readout (ReservoirPy: ``ridge``).
        ``"auto"`` takes, among 23 values from 1e-9 to 100, the one of least
        exact h-block cross-validated one-step error on the collected states
        (each row predicted by the fit without it and its two neighbours
        either side, all from one decomposition of the states, as
        scikit-learn's ``RidgeCV`` gets leave-one-out), or, where the rows
        do not outnumber the features by more than one (a short series), of
        least error over five contiguous blocks of rows, each predicted by
        the fit on the others. Rows in time order are not independent: a
        row's neighbours carry nearly its features and its target, so that
        leaving one row out rewards small penalties (on the quarterly US
        consumption growth, 134 rows and 300 units, an error one step ahead
        more than 200 times what it estimated; on two years of a daily
        series with a yearly cycle, a penalty of 1e-9 whose closed loop
        drifted; see the user guide). We chose these over multi-step
        validation because they cost one decomposition and their residuals
        are what the prediction intervals resample; multi-step selection is
        what :class:`AutoESNForecaster` does.
    washout : int or "auto", default="auto"
        Number of first time steps left out of training. ``"auto"`` runs the
        series from the initial state and from a second start and takes the
        first step from which the two state paths differ by less than 1e-4
        (at most a quarter of the series): the transient of a series that
        starts from rest never trains the readout.
    include_input : bool, default=True
        Give the readout the input next to the state ([u; x]).
    n_lags : int, default=1
        Number of last values of the series, y(t), ..., y(t - n_lags + 1)
        (transformed and standardised, as the model sees them), that the
        readout reads as a linear term next to the state and X(t+1): it
        reads [y(t), X(t+1), y(t-1), ..., y(t-n_lags+1); x]. 1: the input
        alone. More lags give the readout the linear extrapolation a
        classical autoregression makes from the last values, which is most
        of the next step of a finely sampled smooth series (``python
        benchmarks/forecasting.py --one-step``). The closed loop feeds its
        own forecasts into the lags; the reservoir sees the input alone.
        Needs ``include_input=True`` when above 1. The default is 1: of
        n_lags 1, 2, 3, 5, 10 and 20 with the default reservoir,
        ``--defaults`` ranks 2 first (median rank 5, then 3 and 5 at 6,
        against 7 for 1, within the noise of two origins, with worse median
        relative scores: 1.98, 1.81, 1.64 against 1.42), but with 5 the closed loop is worse on
        the clean series over two Lyapunov times and over 200 steps
        (median NRMSE 0.47 against 0.26, ``--origins 3``), while one step
        ahead it is 3 to 18 times better than the best classical
        forecaster on the clean Mackey-Glass, Lorenz and double scroll
        series (2.8 on Rössler): use it for short horizons, or let
        :class:`AutoESNForecaster` choose it at the horizon asked for.
    target : {"next", "difference"}, default="next"
        Train on the next value or on the increment.
    log : "auto" or bool, default="auto"
        Model the logarithm of y. ``"auto"``: when y is strictly positive
        and its spread grows with its level (see Notes).
    detrend : "auto" or bool, default="auto"
        Remove a least-squares line in time (after the log) and continue it
        in the forecast. ``"auto"``: when the line explains at least half
        the variance of the training series (see Notes).
    sp : "auto" or int, default="auto"
        Season length (sktime's name); a seasonal profile is removed and
        added back to the forecast. ``"auto"``: the length a calendar index
        implies (monthly 12, quarterly 4, weekly 52 (the year's 52 parts by
        the calendar, as the year is 52.18 weeks), daily 7, hourly 24, by
        the minute the daily cycle (48 for 30 minutes); none for a yearly
        one; divided by the step's multiple: 4 for a 6-hourly index, none for
        a 3-day one); for an index without a calendar frequency (a
        numpy array, a ``RangeIndex``), the length
        :func:`~skreservoir.forecasting.estimate_season` finds, if any; kept
        when an F test of the means of the season's phases (the series
        less its line) rejects equal means at 1 % or, on three seasons of
        data or more, the series passes the Theta method's 90%
        autocorrelation test at that lag (a season found on an index without
        a calendar frequency: that test alone; none where the last two seasons of
        y are constant, a series that stopped); from eight seasons of data on,
        a calendar's season by the F test alone, on the series or, where it is
        differenced, on its increments (the autocorrelation test took smooth
        non-seasonal swings, a chaotic system on an hourly index, for seasons:
        ``python benchmarks/forecasting_long_season.py``). 1: no season.
        An int is modelled from two seasons of y on (fewer warn and model
        none). The length used is ``sp_``. Below three seasons these rules
        lowered the median sMAPE of 128 forecasts of 24 to 33 months from
        9.39 (no season) to 4.72 with ``"auto"`` and 4.91 with ``sp=12``, and
        ``"auto"`` gave a season to at most 1.7 % of 30-month white noise,
        random walks, AR(1) series and trends (``python
        benchmarks/forecasting_short_season.py``). On three to five seasons
        the autocorrelation test alone (the rule before) dropped strong
        seasons, its bound growing with the season's own autocorrelation:
        with the F test as well, 192 windows of 36 to 60 months of the same
        four series forecast with a geometric mean sMAPE 24 % lower
        (``NVARForecaster()``: 32 %), a monthly sine in noise 17 % lower
        (NVAR 64 %), and 3 of 120 non-seasonal windows changed (``python
        benchmarks/forecasting_season_tests.py``). One season is modelled;
        on a sub-daily index (hourly, by the minute) ``"auto"`` takes the
        week instead of the day (168 hours, which hold the day) where the
        days of the week differ: where the week's phase means explain at
        least 10 % of the variance the daily profile leaves, beyond chance,
        on three weeks or more, and pass the test above. On synthetic hourly
        series forecast 48 hours ahead from 3 to 6 weeks, the MASE of
        ``"auto"`` against the day alone: weekends 8 lower 0.53 against
        1.56, a daily cycle whose amplitude changes with the weekday 0.71
        against 1.20, no weekly effect unchanged (the week taken in at most
        4 % of 100 draws; ``python benchmarks/forecasting_hourly_seasons.py``).
        One season serves every column of a multivariate y: the week where
        any column's days differ.
    difference : "auto" or bool, default="auto"
        Model the increments of the transformed series, summed back in the
        forecast. ``"auto"``: when the augmented Dickey-Fuller test does not
        reject a unit root at 5% (see Notes).
    nonnegative : "auto" or bool, default="auto"
        Hold the forecasts, sample paths and intervals (in-sample predictions
        too) at 0 or above. ``"auto"``: for a variable of counts, whole
        numbers that reach 0 in ``fit`` and never go below it (see Notes,
        *Counts*), and for one that rests at 0, never below it and at 0 for
        at least a tenth of its values (solar power at night, rainfall:
        sktime's ``load_solar``, 38 % zeros, was forecast down to -0.030,
        48-step MAE 0.051, now 0.046: ``python
        benchmarks/forecasting_user_cases.py``); True: every variable (a quantity that cannot
        be negative; y must have no negative value); False: none (a
        series of whole numbers that can go negative, such as temperatures
        in whole degrees). ``transform_.nonnegative_`` holds what was decided.
    n_ensemble : int, default=5
        Number of reservoirs drawn with different seeds. The point forecast
        is the per-step median of the members that stay in range (see
        Notes). The default was 1 until the ensemble was measured (``python
        benchmarks/forecasting_auto_variants.py NAME --model ESNForecaster
        --params '{"n_ensemble": 5}' --json ...``, seven sets of 24 to 51
        series, ``benchmarks/forecasting_esn_variants.json``): against one
        reservoir, the median of five had a lower geometric-mean sMAPE on
        five of the seven sets (ratios 0.67 to 0.99) and a slightly higher
        one on two (1.01 on the flows sampled 30 points per period, 1.03 on
        the held-out origins of the main systems); it made more series
        better than worse on every chaotic set (111 against 53 in all), and
        on the real series 22 better, 26 worse (median MASE 1.03 to 0.97).
        The median sMAPE of the 64 chaotic-flow tasks went from 74 to 70,
        with no blow-up. Three reservoirs gained less. It costs five fits:
        about 0.7 s in all for 1000 points. Pass 1 for a single reservoir.
    standardize : bool or "auto", default=True
        Scale y (and X) to zero mean and unit variance with the training
        statistics before the reservoir sees them. ``"auto"``: y, and X,
        each only where one of its columns' standard deviation lies
        outside [1e-3, 1e3] or its mean lies more than 1e3 standard
        deviations from zero (as :class:`NVARForecaster`'s default; the
        reservoir's input scaling assumes standardised inputs, so keep True
        unless the data's own scale is meant).
    random_state : int, RandomState instance or None, default=None
        Seeds the ensemble (member i gets its own seed drawn from it) and
        the simulated paths of the intervals; when None, the reservoir's
        ``random_state`` seeds both (a seeded reservoir alone gives the same
        forecasts and intervals at every fit).
    n_jobs : int, default=None
        joblib's ``n_jobs`` over the ensemble members: their fits and their
        closed loops (point forecasts and the sample paths of the
        intervals) run in joblib jobs, in the active backend
        (``joblib.parallel_config``: loky processes by default, dask or
        Spark when configured). None runs them one after another; the
        results do not depend on it (bit for bit).

    Attributes
    ----------
    estimators_ : list of ESNRegressor
        The fitted one-step models, one per ensemble member. With
        ``n_lags > 1`` each one's ``readout_`` reads [u, y(t-1), ...,
        y(t-n_lags+1), x] (refitted on those features), so call the
        forecaster rather than the member's ``predict``.
    washout_ : list of int
        The washout of every member.
    alpha_ : list of float
        The ridge penalty of every member (None for a readout other than
        ``RidgeReadout``).
    standardize_ : bool
        Whether y was standardised.
    sp_ : int
        The season length modelled (1: none), from ``sp``.

    See Also
    --------
    AutoESNForecaster : Chooses the reservoir per series.
    skreservoir.ESNRegressor : The one-step model.

    Notes
    -----
    **Transformation.** The model sees z(t) = g(y(t)) - a - b t - s(t mod
    sp), standardised, and the forecast is mapped back through the
    inverse, path by path, so the intervals are transformed too. With the
    ``"auto"`` defaults each part is decided from the training series,
    column by column:

    - g = log when y > 0 throughout and the slope of log(std) on log(mean)
      over consecutive windows (of one season, or a tenth of the series) is
      at least 0.5, and 2 standard errors above 0 (on a stationary series the
      windows' levels barely move and the slope alone is noise: it logged 30
      to 50 % of white-noise and additive-season series), the std taken about
      each window's least-squares line:
      the fluctuations grow with the level, as in a multiplicative season
      (Box and Cox's range-mean rule, between b = 0 for the identity and
      b = 1 for the log; about the window's mean, a smooth geometric trend's
      own slope made every growing series look multiplicative);
    - a + b t is the least-squares line of g(y), removed when its R^2 is at
      least 0.5: a trend that dominates the series, which a reservoir fed
      with levels it never saw could not continue (an effect-size rule
      rather than a significance test: the slow swings of a chaotic series
      make a small trend "significant" without mattering). Where the season
      below is kept, the line is fitted jointly with the season's phase
      means and its R^2 is taken on the series less them: a season hides a
      trend from a line fitted alone (two years rising by 2 a month under a
      swing of +-20: R^2 0.29 alone, 1.0 jointly; the trend was left in and
      the forecast sat a year's growth low) and tilts its slope on part
      seasons;
    - s is the centred mean of the detrended series at each position of
      the season, removed when the autocorrelation at the season's lag
      passes the Theta method's 90% test, that of the increments where the
      series is differenced (below: the levels of a wandering series are
      autocorrelated at every lag and pass it at any; PBS, whose sales
      stop, kept a stale profile). The season's length comes from the
      index's calendar frequency; an index without one (a numpy array, a
      ``RangeIndex``) gets the length
      :func:`~skreservoir.forecasting.estimate_season` finds among 4, 5, 7,
      12, 24 and 52: a profile that explains at least 0.3 of the variance
      about a moving-average trend, with a sharp peak at that length (an
      exact period; the quasi-periodic cycles of the chaotic systems and of
      the lynx give broad ones). Airline as a bare array, 12 months ahead
      (``python benchmarks/forecasting.py --bare-index``): median MASE
      0.81 as with its monthly index, 2.99 without a season.

    - the model sees the increments z(t) - z(t-1) when the augmented
      Dickey-Fuller statistic of z (a constant; the number of lags up to
      Schwert's 12 (n/100)^(1/4) of least AIC, as statsmodels'
      ``adfuller(autolag="AIC")``, where no season was removed from z or it
      has fewer than 100 points, Schwert's where a season was removed from
      100 points on: with Schwert's everywhere, 9 of 10 series of 42 points
      of white noise were differenced, and 5 of 12 AR(1) at 0.5 of 150
      points) is above -2.86, MacKinnon's 5% critical value (-3.41, the
      value about a line, where a line was removed: the residual of a line
      fitted to a random walk looked stationary at -2.86): a unit root is
      not rejected, so z wanders and its next level is best read from the
      last one (airline after log, trend and season: -1.7 to -2.3); the
      forecast sums the increments from the last level, under a guard on
      the levels as on the values fed back. Where the statistic lies
      between -3.43 and -2.57 (the 1% and 10% values, where the test
      barely decides; -3.96 and -3.12 about a line), a z whose lag-1
      autocorrelation is below 0.5 is not
      differenced: it does not wander, it is increments already (sktime's
      ``Differencer() * ESNForecaster()`` on airline differenced it again,
      12-month MASE 5.15 and 1.56 against 1.66 and 1.44 at two origins, seeds
      0-2: ``python benchmarks/forecasting_user_cases.py``). Given an X
      whose columns (at most 5) do not trend, a z that the test would
      difference is not where its residual on [1, X] rejects a unit root at
      Engle and Granger's 5% value (``transform_.exogenous_statistic_``): a
      z that follows a stationary X wanders only as X does (z = 5 + 2 x + u,
      x an AR(1) at 0.9, u one at 0.5, 150 points, was differenced 5 times
      in 12, forecast at up to 9 times the optimal squared error given the
      future x: ``python benchmarks/forecasting_exogenous_unit_root.py``).

    A stationary series with an integer index is left as it is when the
    test rejects a unit root (the chaotic systems of the benchmark:
    Dickey-Fuller -3.8 to -10.8); a short window of a slow chaotic signal may
    not reject it (Lorenz's y over 500 steps of 0.025: -2.76): pass
    ``difference=False`` for a series known to be stationary. ``fit``
    decides the transformation; ``update`` keeps it or decides it again
    (below).

    **Update.** ``update(y, X)`` takes the time points of ``y`` (and ``X``)
    after the cutoff: sktime's ``evaluate`` and ``update_predict`` pass the
    whole expanding window, and the rows already seen are not counted again.
    With ``update_params=True`` (sktime's default) the forecaster is
    refitted on the whole series seen, as sktime's default ``update`` and
    ``AutoETS`` do: its forecasts equal those of a fresh ``fit`` with the
    same parameters on all of ``y`` and ``X`` so far, the transformation,
    the standardisation, the washout and ``alpha="auto"``'s penalty
    included (keeping the first fit's transformation cost airline, fitted on
    72 months and updated yearly, a 12-month MAE of 22.0 against 15.4 after
    five updates); a row of ``y`` (or ``X``) at a time point already seen
    replaces the one kept (a revised value, as sktime's ``update_data``).
    With ``update_params=False`` the transformation and the readouts are
    kept and the reservoir state runs on through the new values (fast, for
    a stream between refits; revised values of past time points are not
    read).

    **In-sample predictions.** A negative or zero ``fh`` gives the one-step
    prediction of that time point from the values before it. The first time
    point of the series has no value before it (nor the second where the
    model sees increments, ``difference``), and the time points of the
    washout (``washout_``) are predicted from states the readout did not
    learn from (the reservoir's start from rest; on a logged, differenced
    series of sales they reached 2e11 against values near 200, and sktime's
    MinT reconciliation, which reads the in-sample residuals, made the
    forecast of the total negative): their predictions are NaN, as in
    sktime's other forecasters where a point has none, with an
    :class:`~skreservoir.exceptions.InSampleStartWarning` that names the
    steps of ``fh`` concerned and the first one that has a prediction
    (none when ``fh`` covers the whole series, as ``predict_residuals``
    asks).

    **Divergence guard.** A closed-loop forecast that leaves the training
    range by more than its width (below ``min - (max - min)`` or above
    ``max + (max - min)``, per variable, on the scale the model sees; for a
    log-transformed variable at most log 2 outside, so that in units of y
    it never more than doubles the largest value seen or halves the
    smallest, relative to trend and season) or stops being finite has left the region the model was trained on: that
    value is replaced, variable by variable, by the forecast of no model,
    the series' mean (a variable the model sees differenced: its mean
    increment), which the variable keeps for the rest of the horizon; with
    exogenous X only the value out is replaced and the loop goes on from
    it (X can bring the model back). A differenced variable whose summed
    level leaves its bounds takes, from there, the series' last level (the
    forecast of a random walk). The diverging members are dropped from the
    median when others stay inside, and a
    :class:`~skreservoir.exceptions.ForecastDivergenceWarning` says what to
    change. Over the 64 chaotic-flow tasks of
    ``benchmarks/forecasting_flows.py`` this fallback changed the 22
    forecasts of ``ESNForecaster()`` whose members all left the bounds
    (they had been held at the bound): 18 for the better by sMAPE (median
    142 to 121), all 22 by MASE; lynx's worst ``NVARForecaster()`` window
    went from MASE 12.7 to 7.4 (``benchmarks/forecasting_checkouts.py``,
    see the user guide).

    **Counts.** A variable of whole numbers that reaches 0 and never goes
    below it in ``fit`` (demand, events) cannot be negative, and with
    ``nonnegative="auto"`` its forecasts, sample paths and intervals
    (in-sample predictions too) are held at 0 or above
    (``transform_.nonnegative_``): against a count, the absolute
    error can only fall. Counts ending in a run of zeros had been forecast
    at -0.4 to -0.8; over 44 count series (``python
    benchmarks/forecasting_counts.py``) the floor changed 7 forecasts of
    ``ESNForecaster()`` (48 steps below 0) and 2 of ``NVARForecaster()``.
    Fractions (a series min-max scaled to [0, 1]) and whole numbers that
    never reach 0 (a profit in whole dollars) are not taken for counts. A
    variable of any values that never goes below 0 and rests at 0 for at
    least a tenth of them (solar power at night, rainfall) is held too: a
    series scaled to [0, 1] is at 0 once. ``nonnegative=False`` turns the
    floor off (temperatures in whole degrees), True holds every variable.
    An update without a refit whose values are negative (or, for counts,
    fractional) ends the floor of ``"auto"``.

    **Intervals.** ``predict_interval``, ``predict_quantiles`` and
    ``predict_var`` come from 200 simulated paths: each runs the closed loop
    with, at every step, a one-step residual drawn at random from the
    member's exact h-block (or out-of-block, see ``alpha``)
    residuals (the in-sample residuals for a
    readout other than ``RidgeReadout``), so the noise of the series and
    its propagation through the dynamics both count; with ``n_ensemble > 1``
    the paths are spread over the members, which adds the spread of the
    reservoir draw. Quantiles are those of the paths, moved to the point
    forecast where it lies beyond them (one below the median no higher than
    the point, one above no lower), so that every interval holds the point
    forecast: the closed loop without noise can leave the paths'
    quantiles, mostly on short series (a user battery: ``NVARForecaster()``
    on 16 points of lynx forecast -742 with a 90 % interval of [-48, 2885];
    11 of 124 fits on 5 to 36 points, none on 24 to 100).

    **Calibration of the intervals.** Simulating with the model's own
    residuals assumes the model is the process: it does not count the
    error of the fitted dynamics, which the closed loop compounds step
    after step (on lynx, the errors ten years ahead were 1.4 times the
    paths' spread, the one-step residuals matching the one-step errors).
    So the spread is measured against closed-loop errors first: at up to
    10 rolling origins inside the training series, half a horizon apart,
    from the last whose horizon lies in the series back to its middle (the
    horizon: the furthest step of the ``fh`` given at ``fit``, or of the
    ``fh`` asked where that is further; the paths are simulated over all its
    steps, so that an interval at a step is the same asked alone or with
    other steps; fitted for another horizon, a step's interval differs, as
    the origins and the factor are the horizon's), the members are refitted
    on the series
    before the origin (same parameters and transformation, and each
    member's washout and ridge penalty as chosen on the whole series, as
    a rolling-origin evaluation refits the coefficients of a model whose
    specification is fixed) and simulate 50 paths; with e the error of the paths' mean and s their standard
    deviation at each origin and step (on the transformed series), the
    paths of the forecast are widened about their mean, per variable, by
    the factor sqrt(max(1, mean(e^2 / s^2))), and held within the
    divergence guard's bounds (a path held there counts in the warning of
    the paths out of bounds: on a short noisy series a factor of 7.6 took
    90 % intervals to tens of times the series' range). The factor only widens: a
    ratio under 1 from a few origins is as likely noise as too wide a
    simulation (in a development run, letting it narrow lowered the mean
    coverage of 90 % intervals on 11 real series from 0.84 to 0.82, against
    0.86 with the floor). A
    series with no such origin keeps the simulated spread. It costs one fit
    per origin, once per fit (or update) and horizon: the first
    ``predict_interval``, ``predict_quantiles`` or ``predict_var`` call
    computes the factor, the others reuse it (a series of 5000 points
    forecast 50 steps: 6 s for the first call, 0.2 s for the next, where
    the choices of washout and penalty made anew at every origin took 11 s
    a call). ``python benchmarks/forecasting_coverage.py`` measures
    the coverage on 11 real series shipped with sktime (see the user
    guide).

    Examples
    --------
    >>> from sktime.datasets import load_airline
    >>> from skreservoir import Reservoir
    >>> from skreservoir.forecasting import ESNForecaster
    >>> y = load_airline()
    >>> forecaster = ESNForecaster(Reservoir(n_units=50, random_state=0),
    ...                            target="difference")
    >>> forecaster.fit(y[:-12], fh=range(1, 13))
    ESNForecaster(...)
    >>> forecaster.predict().shape
    (12,)
    >>> forecaster.predict_interval(coverage=0.9).shape
    (12, 2)
    """

    _tags = {
        "capability:random_state": True,
        "property:randomness": "derandomized",
    }

    def __init__(
        self,
        reservoir=None,
        readout=None,
        *,
        alpha="auto",
        washout="auto",
        include_input=True,
        n_lags=1,
        target="next",
        log="auto",
        detrend="auto",
        sp="auto",
        difference="auto",
        nonnegative="auto",
        n_ensemble=5,
        standardize=True,
        random_state=None,
        n_jobs=None,
    ):
        self.reservoir = reservoir
        self.readout = readout
        self.alpha = alpha
        self.washout = washout
        self.include_input = include_input
        self.n_lags = n_lags
        self.target = target
        self.log = log
        self.detrend = detrend
        self.sp = sp
        self.difference = difference
        self.nonnegative = nonnegative
        self.n_ensemble = n_ensemble
        self.standardize = standardize
        self.random_state = random_state
        self.n_jobs = n_jobs
        super().__init__()
        self._y, self._X = None, None  # filled by sktime if remember_data is set

    # reservoir__... parameters also on ESNForecaster(): they set the default
    # reservoir. The default readout's penalty is the forecaster's alpha.
    _default_parts = ("reservoir",)

    def _default_part(self, name):
        return default_reservoir()

    def set_params(self, **params):
        """Set parameters; ``reservoir__...`` also when ``reservoir`` is None.

        A nested parameter of the reservoir left at None sets it to the
        default reservoir first (``Reservoir(n_units=300, spectral_radius=0.5,
        leak_rate=0.1, input_scaling=0.5, bias_scaling=1.0, density=0.1)``),
        then sets the parameter on it. A ``readout__...`` parameter with
        ``readout`` left at None is refused: tune ``alpha``.

        Returns
        -------
        self : ESNForecaster
            The forecaster.
        """
        refuse_nested_of_none(
            self,
            params,
            "readout",
            "the default RidgeReadout takes the forecaster's own alpha; tune 'alpha' "
            "instead (values or 'auto'), or pass readout=RidgeReadout(...) to tune its "
            "readout__ parameters",
        )
        return super().set_params(**params)

    def _readout_alpha(self):
        if self.readout is None:
            return self.alpha
        # a readout of the user's keeps its own penalty: an alpha set beside it
        # went unused without a word (a grid over alpha scored one model)
        if not (isinstance(self.alpha, str) and self.alpha == "auto"):
            raise ValueError(
                f"alpha={self.alpha!r} is the penalty of the default readout, but "
                f"readout={self.readout!r} was given, which keeps its own. Set the "
                "readout's penalty (readout__alpha in a grid), or leave readout=None "
                "to use alpha."
            )
        return None

    def _n_jobs(self):
        if self.n_jobs is not None and (
            isinstance(self.n_jobs, bool) or not isinstance(self.n_jobs, Integral)
            or self.n_jobs == 0  # joblib's "n_jobs == 0 in Parallel has no meaning"
        ):
            raise ValueError(
                f"n_jobs must be an int other than 0 (the number of jobs; -1: one per "
                f"core) or None (one job), got {self.n_jobs!r}.")
        return self.n_jobs

    def _seed(self):
        # as the members' seeds: the reservoir's random_state when ours is None
        # (a seeded Reservoir alone gave the same point forecasts every fit but
        # intervals that changed from one fit to the next)
        if self.random_state is not None or self.reservoir is None:
            return self.random_state
        return reservoir_seed(self.reservoir)

    def _n_lags(self):
        n_lags = self.n_lags
        check_int(n_lags, "n_lags")
        if not isinstance(self.include_input, (bool, np.bool_)):  # not ESNRegressor's words
            raise ValueError(
                f"include_input must be True or False, got {self.include_input!r}.")
        if n_lags > 1 and not self.include_input:
            raise ValueError(
                f"n_lags={n_lags} needs include_input=True (the lags are read next "
                "to the input); set include_input=True or n_lags=1."
            )
        return int(n_lags)

    def _member_models(self, washout, alpha):
        check_int(self.n_ensemble, "n_ensemble")
        if self.readout is None:
            check_alpha(self.alpha)
        refuse_class(self.reservoir, "reservoir")
        refuse_class(self.readout, "readout")
        if self.reservoir is not None and not isinstance(self.reservoir, BaseReservoir):
            if type(self.reservoir).__name__ == "GatedReservoir":
                raise TypeError(gated_reservoir_advice(type(self).__name__))
            raise TypeError(
                "reservoir must be a skreservoir reservoir such as "
                f"skreservoir.Reservoir(...) or None, got {self.reservoir!r}."
            )
        if self.readout is not None and not (
            hasattr(self.readout, "fit") and hasattr(self.readout, "predict")
        ):
            raise TypeError(
                "readout must be a regressor with fit and predict (such as "
                f"skreservoir.RidgeReadout(...)) or None, got {self.readout!r}."
            )
        reservoir = default_reservoir() if self.reservoir is None else self.reservoir
        readout = RidgeReadout(alpha=alpha) if self.readout is None else self.readout
        seed_source = (
            self.random_state
            if self.random_state is not None
            else reservoir_seed(reservoir)
        )
        seeds = ensemble_seeds(seed_source, self.n_ensemble)
        members = []
        for seed in seeds:
            member = clone(reservoir)
            seed_reservoir(member, int(seed), overwrite=True)  # a stack: every layer
            members.append(
                ESNRegressor(
                    member, clone(readout), washout=washout, include_input=self.include_input
                )
            )
        return members

    @classmethod
    def get_test_params(cls, parameter_set="default"):
        """Return small parameter sets for sktime's estimator tests.

        Parameters
        ----------
        parameter_set : str, default="default"
            Name of the set; only "default" exists.

        Returns
        -------
        params : list of dict
            Parameters of test instances.
        """
        # one reservoir where the set does not test the ensemble: sktime runs
        # every check on every set, and five fits each cost five times as long
        return [
            {"reservoir": Reservoir(n_units=20, random_state=0), "n_ensemble": 1},
            {
                "reservoir": Reservoir(n_units=15, leak_rate=0.5, random_state=1),
                "target": "difference",
                "n_lags": 3,
                "n_ensemble": 3,
                "random_state": 0,
                "alpha": 1e-3,
            },
            {
                "reservoir": Reservoir(n_units=10, density=0.5, random_state=2),
                "washout": 2,
                "include_input": False,
                "standardize": False,
                "n_ensemble": 1,
            },
        ]


class NVARForecaster(_ReservoirForecaster):
    r"""Next generation reservoir computing (NVAR) forecaster for sktime.

    The one-step model is a ridge regression on NVAR features (a constant,
    the current and delayed inputs, and their monomials) of
    u(t) = [y(t), X(t+1)]; by default it predicts the increment
    y(t+1) - y(t), as Gauthier et al. do. Forecasts are closed loop from the
    delay buffer at the cutoff, under the divergence guard of
    :class:`ESNForecaster`; its intervals come from simulated paths with
    resampled h-block (out-of-block) residuals, widened by the closed-loop
    errors at rolling origins inside the series, as there (see the Notes of
    :class:`ESNForecaster`; with a fixed seed).

    Parameters
    ----------
    delay : int, default=2
        Number of time steps in the linear part, k (ReservoirPy: ``delay``).
        Of 12 settings (delay 2, 4, 8; stride 1, 3; both targets) in
        ``python benchmarks/forecasting.py --defaults`` (see
        ``benchmarks/forecasting_defaults.json``), ``delay=2, stride=1``
        ranks first with ``target="next"`` (median rank 5, tied with
        ``delay=4, stride=1``) and within one rank with ``"difference"``
        (6; median relative scores 1.30 and 1.28): the two targets give the
        same model up to the penalty on the linear term, and the default
        keeps the paper's increments. Three values are a short memory for
        a slow cycle in noise, which no season takes out (its length not
        one of :func:`~skreservoir.forecasting.estimate_season`'s): a sine
        of period 60 under noise of 2 % of its amplitude, on a
        ``RangeIndex``, is forecast 60 steps ahead as a line that fades to
        the mean (MAE 3.3; ``delay=8``: 0.2; ``ESNForecaster()``: 0.08).
        Raise ``delay`` (or ``stride``) to span a good part of the cycle,
        or pass ``sp``.
    order : int, default=2
        Largest degree of the monomials (ReservoirPy: ``order``).
    stride : int, default=1
        Steps between the delayed inputs, s (ReservoirPy: ``strides``).
    include_constant : bool, default=True
        Include the constant feature (penalised by the ridge like the
        others, as in the paper).
    include_linear : bool, default=True
        Include the linear part.
    include_lower_orders : bool, default=True
        Include the monomials of degrees 2 to ``order - 1``.
    alpha : float or "auto", default="auto"
        Ridge regularisation (ReservoirPy: ``ridge``). ``"auto"`` takes the
        value of least exact h-block cross-validated one-step error among 23
        values from 1e-9 to 100 (out-of-block error where the rows do not
        outnumber the features by more than one), as in :class:`ESNForecaster`.
        The variables of a multivariate ``y`` share one model and one
        penalty, chosen on their errors summed: series that do not drive
        one another are better forecast apart (sktime's
        ``ColumnEnsembleForecaster``), as one noisy variable can take the
        penalty up for all (airline beside an unrelated random walk, one
        draw: ``alpha_`` 0.003 -> 3.2, airline's 12-month MAE 15.5 -> 43.7,
        and 16.9 to 69.8 over three other draws; apart, 15.5).
    fit_intercept : bool, default=False
        Fit an unpenalised intercept besides the constant feature.
    washout : int or "auto", default="auto"
        Extra time steps left out of training; the incomplete delay windows
        always are, and they are the whole transient of an NVAR, so
        ``"auto"`` leaves out nothing more.
    target : {"next", "difference"}, default="difference"
        Train on the next value or on the increment.
    log, detrend, sp, difference : "auto", bool or int, default="auto"
        The transformation of the series (log, linear trend, season,
        increments), as in
        :class:`ESNForecaster` (see its Notes).
    nonnegative : "auto" or bool, default="auto"
        Hold the forecasts at 0 or above, as in :class:`ESNForecaster`
        (``"auto"``: for counts, and a series that rests at 0).
    standardize : bool or "auto", default="auto"
        Scale y (and X) to zero mean and unit variance before the features
        are built. ``"auto"``: y where the standard deviation of one of its
        columns, as the model reads them (after the transformation), lies
        outside [1e-3, 1e3] or whose mean lies more than 1e3 standard
        deviations from zero, and X where one of its columns' does (constant
        columns do not count). The ridge penalty acts on the raw monomials, whose size
        goes with the data's (the squares with its square), so the penalties
        ``alpha="auto"`` tries (1e-9 to 100) suit rows of moderate spread
        and miss far outside: 2 + sin(t / 5) times 1e6 or 1e-6 took a
        penalty at an end of that range and missed the wave (MASE 2.6 and
        6.4, against 2e-8 at its own scale and 5e-9 standardised;
        ``python benchmarks/forecasting.py --nvar-standardize``). Inside the
        range the raw rows are kept, as in the paper: every chaotic and
        real series of that benchmark (spreads 0.007 to 8) lies inside, and
        standardising them all (``True``) scored alike on the chaotic
        systems (median sMAPE over 200 steps 129.7 against 129.3) and, on
        the 11 real series, worse on 8 and better on 3 (median MASE over
        the series 1.39 against 1.54: the medians fall on different
        series), so the default leaves them as they are. Far from zero
        relative to its spread, a column, its square and the constant are
        nearly collinear: a noisy monthly season (standard deviation 0.73)
        about -1e4 had MASE 0.65 raw against 0.42 standardised (0.41 about
        -100); the benchmark's series lie within 16.9 standard deviations
        of zero (``python benchmarks/forecasting_input_cases.py``).

    Attributes
    ----------
    estimators_ : list of ESNRegressor
        The fitted one-step model (one element).
    alpha_ : list of float
        The ridge penalty used (one element).
    standardize_ : bool
        Whether y was standardised.
    sp_ : int
        The season length modelled (1: none), from ``sp`` (as
        :class:`ESNForecaster`'s).

    See Also
    --------
    skreservoir.NVAR : The feature transformer.
    ESNForecaster : The echo state network forecaster.

    Notes
    -----
    ``update`` with ``update_params=True`` (sktime's default) refits on the
    whole series seen, as a fresh ``fit`` on it would, the transformation
    included; with ``update_params=False`` the model is kept and the delay
    buffer runs on through the new values (see :class:`ESNForecaster`,
    Notes, *Update*). An in-sample ``fh`` at the first time point (the
    first two where the model sees increments), or inside the incomplete
    delay window, gives NaN with a warning, as for :class:`ESNForecaster`
    (Notes, *In-sample predictions*).

    References
    ----------
    .. [1] D. J. Gauthier, E. Bollt, A. Griffith and W. A. S. Barbosa, "Next
       generation reservoir computing", Nat. Commun. 12, 5564, 2021.

    Examples
    --------
    >>> import pandas as pd
    >>> from skreservoir.datasets import lorenz
    >>> from skreservoir.forecasting import NVARForecaster
    >>> y = pd.DataFrame(lorenz(700, h=0.025), columns=["x", "y", "z"])
    >>> forecaster = NVARForecaster(
    ...     delay=2, order=2, alpha=1e-2, standardize=True, difference=False
    ... )  # stationary, though y's 500 steps do not reject a unit root
    >>> forecaster.fit(y[100:600], fh=range(1, 45))  # 44 steps: one Lyapunov time
    NVARForecaster(alpha=0.01, difference=False, standardize=True)
    >>> error = forecaster.predict() - y[600:644]
    >>> nrmse = ((error**2).sum(axis=1).mean() / y.var().sum()) ** 0.5
    >>> print(bool(nrmse < 2e-3))
    True
    """

    _divergence_advice = (
        "Increase alpha, set standardize=True (and difference=False for a stationary "
        "series), or lower order or delay."
    )
    _ORDER_ADVICE = ", or lower order or delay."

    def _advice(self):
        """The forecasters' advice, with "lower order or delay" first where the features
        outnumber the rows they are learnt from: no penalty or scaling makes up for the
        rows (longley with its X: 91 features on 12 rows, alpha='auto' at its grid's top)."""
        advice = super()._advice()
        readout = getattr(self.__dict__.get("estimators_", [None])[0], "readout_", None)
        n_features = np.shape(getattr(readout, "coef_", ()))[-1] if readout is not None else 0
        n_rows = len(getattr(self, "_Y", ()))
        if advice.endswith(self._ORDER_ADVICE) and n_features > n_rows > 0:
            rest = advice[: -len(self._ORDER_ADVICE)]
            last = rest.rfind(", ")
            if last >= 0:  # the last of what is left joined by "or"
                rest = rest[:last] + ", or " + rest[last + 2:]
            advice = (f"Lower order or delay first: its {n_features} features outnumber "
                      f"the {n_rows} rows it learns from (order=1 is linear). Else "
                      f"{rest[0].lower()}{rest[1:]}.")
        return advice + self._LAST_RESORT

    #: The advice's last sentence: none of the settings above removed the paths'
    #: warning of NVARForecaster() on airline 36 months ahead (12 % of the paths
    #: left; a port of sktime's tutorial), where ESNForecaster() kept every one.
    _LAST_RESORT = (" If the warning stays, ESNForecaster() (whose reservoir keeps the "
                    "closed loop bounded) may serve better.")

    _tags = {
        "capability:random_state": False,
        "property:randomness": "deterministic",
    }

    def __init__(
        self,
        delay=2,
        order=2,
        stride=1,
        *,
        include_constant=True,
        include_linear=True,
        include_lower_orders=True,
        alpha="auto",
        fit_intercept=False,
        washout="auto",
        target="difference",
        log="auto",
        detrend="auto",
        sp="auto",
        difference="auto",
        nonnegative="auto",
        standardize="auto",
    ):
        self.delay = delay
        self.order = order
        self.stride = stride
        self.include_constant = include_constant
        self.include_linear = include_linear
        self.include_lower_orders = include_lower_orders
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.washout = washout
        self.target = target
        self.log = log
        self.detrend = detrend
        self.sp = sp
        self.difference = difference
        self.nonnegative = nonnegative
        self.standardize = standardize
        super().__init__()
        self._y, self._X = None, None  # filled by sktime if remember_data is set

    def _seed(self):
        return 0

    def _member_models(self, washout, alpha):
        nvar = NVAR(
            self.delay,
            self.order,
            self.stride,
            include_constant=self.include_constant,
            include_linear=self.include_linear,
            include_lower_orders=self.include_lower_orders,
        )
        try:  # by the name the user called (it said "parameter of NVAR")
            nvar._validate_params()
        except InvalidParameterError as error:
            raise InvalidParameterError(
                str(error).replace("parameter of NVAR ", "parameter of NVARForecaster ", 1)
            ) from None
        check_alpha(alpha)
        readout = RidgeReadout(alpha=alpha, fit_intercept=self.fit_intercept)
        return [ESNRegressor(nvar, readout, washout=washout)]

    @classmethod
    def get_test_params(cls, parameter_set="default"):
        """Return small parameter sets for sktime's estimator tests.

        Parameters
        ----------
        parameter_set : str, default="default"
            Name of the set; only "default" exists.

        Returns
        -------
        params : list of dict
            Parameters of test instances.
        """
        return [
            {},
            {
                "delay": 3,
                "stride": 2,
                "order": 3,
                "alpha": 1e-3,
                "target": "next",
                "standardize": True,
            },
            {
                "delay": 1,
                "order": 2,
                "include_constant": False,
                "fit_intercept": True,
                "washout": 3,
            },
        ]


class ForecastingObjective:
    """Picklable hyperopt objective for sktime forecasters, via sktime's ``evaluate``.

    Calling it with a candidate ``params`` clones ``forecaster``, sets the
    parameters and backtests it with
    :func:`sktime.forecasting.model_evaluation.evaluate` over the splitter
    ``cv``. The loss hyperopt minimises is the mean over the windows of
    the metric ``scoring`` when lower is better (sktime's error metrics),
    and minus that mean when greater is better (the metric's
    ``lower_is_better`` tag is False, as for
    ``make_forecasting_scorer(r2_score, greater_is_better=True)``), as
    sktime's ``ForecastingGridSearchCV`` ranks its candidates. The object
    is self-contained, so it works with ``SparkTrials`` and ``MongoTrials``
    as well as with a plain ``fmin``.

    Parameters
    ----------
    forecaster : sktime forecaster
        For example :class:`~skreservoir.forecasting.ESNForecaster`; pass an
        explicit ``reservoir`` and ``readout`` to tune their nested
        parameters (``reservoir__spectral_radius``).
    y : pandas Series or DataFrame
        The series.
    cv : sktime splitter
        For example ``ExpandingWindowSplitter(fh=range(1, 13),
        initial_window=96, step_length=12)``.
    X : pandas DataFrame, default=None
        Exogenous data.
    scoring : sktime metric, str or callable, default=None
        The metric, read by sktime's ``check_scoring``: sktime's default
        (MAPE) when None; a plain callable ``(y_true, y_pred) -> float`` is
        taken as lower is better, as sktime's searches take it (wrap a
        greater-is-better one in
        ``make_forecasting_scorer(function, greater_is_better=True)``).
    error_score : "raise" or float, default=np.nan
        Score of a failed fit; a non-finite loss marks the trial failed.

    Notes
    -----
    Calling the objective returns hyperopt's result dict: ``loss``,
    ``status`` (``"ok"``, or ``"fail"`` for a non-finite loss),
    ``test_scores`` (the metric of each window, as the metric gives it),
    ``mean_test_score`` (their mean, as the metric gives it) and
    ``lower_is_better`` (the metric's direction, which gives the sign of
    ``loss``). ``Trials.results`` keeps them for every trial.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperopt import fmin, hp, tpe
    >>> from sktime.datasets import load_airline
    >>> from sktime.split import ExpandingWindowSplitter
    >>> from skreservoir import Reservoir, RidgeReadout
    >>> from skreservoir.forecasting import ESNForecaster
    >>> from skreservoir.forecasting import ForecastingObjective
    >>> forecaster = ESNForecaster(Reservoir(n_units=30, random_state=0), RidgeReadout(),
    ...                            target="difference")
    >>> cv = ExpandingWindowSplitter(fh=range(1, 13), initial_window=108, step_length=12)
    >>> objective = ForecastingObjective(forecaster, load_airline(), cv)
    >>> space = {"readout__alpha": hp.loguniform("readout__alpha", -14, 0)}
    >>> best = fmin(objective, space, algo=tpe.suggest, max_evals=4,
    ...             rstate=np.random.default_rng(0), show_progressbar=False)
    >>> sorted(best)
    ['readout__alpha']
    """

    def __init__(self, forecaster, y, cv, *, X=None, scoring=None, error_score=np.nan):
        if not (hasattr(cv, "split") and hasattr(cv, "get_fh")):
            # a number or None, as scikit-learn's searches take, failed in evaluate with
            # "'int' object has no attribute 'split'"
            raise TypeError(
                f"cv must be an sktime splitter (its windows of the series), for example "
                f"ExpandingWindowSplitter(fh=[1, 2, 3], initial_window=100, step_length=20) "
                f"from sktime.split; got {cv!r}."
            )
        from skreservoir._validation import refuse_class

        refuse_class(forecaster, "forecaster")
        self.forecaster = forecaster
        self.y = y
        self.cv = cv
        self.X = X
        self.scoring = scoring
        self.error_score = error_score

    def __call__(self, params):
        # sktime's own reading of scoring (its searches'): a metric object as it is, None
        # as MAPE, a plain callable as a lower-is-better metric
        from sktime.utils.validation.forecasting import check_scoring

        metric = check_scoring(self.scoring)
        lower_is_better = bool(metric.get_tag("lower_is_better", True))
        params = check_params_dict(params, type(self).__name__)
        forecaster = clone(self.forecaster).set_params(**clone(params, safe=False))
        raising = isinstance(self.error_score, str) and self.error_score == "raise"
        try:
            # every fit that fails raises here: sktime's own handling of a failed
            # window (error_score a number) crashed on pandas 3 with "int() argument
            # must be ... not 'NAType'", which ended the whole fmin run
            results = evaluate(forecaster, self.cv, self.y, X=self.X, scoring=metric,
                               error_score="raise")
            column = next(c for c in results.columns if c.startswith("test_"))
            scores = [float(v) for v in results[column]]
        except Exception:
            if raising:
                raise
            scores = self._scores_by_window(forecaster, metric)
        mean = float(np.mean(scores))
        report = {"test_scores": scores, "mean_test_score": mean,
                  "lower_is_better": lower_is_better}
        # "ok" and "fail" are hyperopt's STATUS_OK and STATUS_FAIL (hyperopt is
        # imported only in skreservoir.model_selection)
        if not np.isfinite(mean):
            return {"loss": None, "status": "fail", **report}
        return {"loss": mean if lower_is_better else -mean, "status": "ok", **report}

    def _scores_by_window(self, forecaster, metric):
        """The metric of every window of ``cv``, ``error_score`` where the fit or the
        forecast fails (with a FitFailedWarning naming the first failure): what sktime's
        ``evaluate`` (its default strategy, a new fit per window) gives with a numeric
        ``error_score``, computed window by window where ``evaluate`` raised."""
        import warnings

        from sklearn.exceptions import FitFailedWarning
        from sktime.forecasting.base import ForecastingHorizon

        scores, failures = [], []
        y, X = self.y, self.X
        for train, test in self.cv.split(y):
            y_train, y_test = y.iloc[train], y.iloc[test]
            try:
                fh = ForecastingHorizon(y_test.index, is_relative=False)
                fitted = clone(forecaster).fit(
                    y_train, X=None if X is None else X.loc[y_train.index], fh=fh)
                y_pred = fitted.predict(fh, X=None if X is None else X.loc[y_test.index])
                scores.append(float(metric(y_test, y_pred, y_train=y_train)))
            except Exception as error:
                failures.append(f"{type(error).__name__}: {error}")
                scores.append(float(self.error_score))
        if failures:
            try:  # hyperopt's quantized floats for an int parameter: say the fix
                from skreservoir.model_selection._objective import scope_int_hint
            except ImportError:  # no hyperopt (the objective called by hand)
                def scope_int_hint(text):
                    return ""
            warnings.warn(
                f"{len(failures)} of the {len(scores)} windows of cv failed and were scored "
                f"error_score={self.error_score!r} (pass error_score='raise' to see the "
                f"traceback). The first failure: {failures[0]}"
                f"{scope_int_hint(failures[0])}",
                FitFailedWarning, stacklevel=2)
        return scores
