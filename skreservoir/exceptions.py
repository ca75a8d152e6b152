"""Warning classes of skreservoir."""

from sklearn.exceptions import ConvergenceWarning

__all__ = [
    "ClosedLoopDivergenceWarning",
    "DataLayoutWarning",
    "DivergenceError",
    "ForecastDivergenceWarning",
    "ForecastHorizonWarning",
    "ForecastSkillWarning",
    "IgnoredParameterWarning",
    "InSampleStartWarning",
    "LMSConvergenceWarning",
    "LMSStabilityWarning",
    "LevelShiftWarning",
    "OutlierWarning",
    "ReadoutSolveWarning",
    "ReservoirStateWarning",
    "SeriesLengthWarning",
    "ShortSeriesWarning",
    "StateDivergenceWarning",
    "WarmupWarning",
]

#: The closed-loop guards' rule (ClosedLoopDivergenceWarning of the ESN,
#: ForecastDivergenceWarning of the forecasters): an output further than this
#: many training ranges outside the training range has diverged.
DIVERGENCE_MARGIN = 1.0


class ReadoutSolveWarning(UserWarning):
    """Warning raised when a readout's linear system is badly conditioned.

    The Cholesky factorisation of the regularised normal equations failed and
    a slower eigendecomposition solve was used instead. Increasing ``alpha``
    usually removes the cause.
    """


class DivergenceError(ValueError):
    """A run whose states or outputs became non-finite or ran away.

    Raised by ``transform``/``predict`` when the reservoir states reach inf,
    NaN or a magnitude above 1e100 (their squares would overflow in the
    readout) or NVAR's features overflow, and by closed-loop generation at
    the first step whose output does. The message names the parameters to
    change. ``ESNRegressor.predict`` and ``score`` add to it (and to
    scikit-learn's "Input X contains infinity" or NaN) what it means when X
    was fed back from the model's predictions by hand: the loop diverged.
    """


class StateDivergenceWarning(UserWarning):
    """Warning raised when unbounded reservoir states grow very large.

    With an unbounded activation (``"identity"``, ``"relu"``) states above
    1e10 in magnitude mean that the reservoir amplifies its input: lower
    ``spectral_radius`` or ``input_scaling``, or use ``"tanh"``.
    """


class ReservoirStateWarning(UserWarning):
    """Warning raised when the training states carry little information.

    ``fit`` of the ESN composites warns when most of the states of a tanh
    (or sigmoid) reservoir are saturated (more than half of them within 0.01
    of the activation's bounds: the units act as switches, and the readout
    sees little of the input), or, whatever the activation (relu, a callable
    of one's own), when the states die out (all below 1e-8 while the input
    is not zero) or stand still while the input varies (every unit's
    standard deviation over the second half of the steps checked below 1e-6
    of the states' scale: tanh held at fixed points by a positive series at
    ``input_scaling=100``, relu under a bias of -5), hardly move with an input far below unit
    scale, or (``ESNRegressor``) keep little of an input far above it (an
    input whose standard deviation is 3 or more, moving the units' sums by
    1.5 or more: Lorenz x in its own units, one step ahead, R^2 0.87 to 0.97
    by machine, an ill-conditioned readout's rounding, against 0.99996
    standardised). The message names the parameters to change:
    ``input_scaling``, ``bias_scaling`` or ``spectral_radius``, or says to
    standardise the input.
    :class:`~skreservoir.LocalPlasticityReservoir` ``fit`` also warns when
    its rule grew the spectral radius of ``W`` beyond twice its start and
    1.5, naming ``eta``, ``keep_spectral_radius``, ``epochs`` and
    ``local_rule``. ``partial_fit`` of the ESN composites warns when its
    first call gives an :class:`~skreservoir.IPReservoir` or a
    :class:`~skreservoir.LocalPlasticityReservoir` too few steps to adapt
    on (its learning rate times the steps and epochs under 0.02): the
    reservoir adapts on the stream's first chunk only. ``ESNClassifier``'s
    ``fit`` warns when a readout of one's own (not the package's) predicts
    one class for every training series (or step) checked while their
    labels hold several: a classifier sensitive to the scale of its input
    (``SVC``) given the states unscaled; the message names
    ``make_pipeline(StandardScaler(), ...)``.
    """


class ClosedLoopDivergenceWarning(UserWarning):
    """Warning raised when a closed loop leaves the range it was trained on.

    ``ESNRegressor.generate`` (and ``predict`` with ``feedback=True``, whose
    fed-back output closes the same loop) warns when an output lies further
    than the training targets' range from that range (below
    ``min - (max - min)`` or above ``max + (max - min)``, per output: the
    forecasters' rule, :class:`ForecastDivergenceWarning`): the loop is
    extrapolating, usually because it is unstable. Raise the readout's
    ``alpha``, lower ``spectral_radius``, or train on more data.
    """


class LMSStabilityWarning(UserWarning):
    """Warning raised when an LMS step size exceeds the stable bound of the data.

    Least-mean-squares is stable at every step when
    ``learning_rate < 2 / ||x||^2`` for every row x; above it the weights
    may grow without bound. Lower ``learning_rate``.
    """


class LMSConvergenceWarning(ConvergenceWarning):
    """Warning raised when an LMS readout's online training has clearly not converged.

    A subclass of scikit-learn's
    :class:`~sklearn.exceptions.ConvergenceWarning` (so that filters of the
    latter apply). :class:`~skreservoir.LMSReadout` counts the rows it learns
    in blocks of 200 and, for each block, compares the squared errors of the
    weights it had when the block began with the variance of the block's
    targets. ``predict`` (and ``score``, and ``ESNRegressor.predict``,
    ``score`` and ``generate``) warns when, over the last complete block
    after the first, those weights explained less than 10 % of that
    variance (predictions with the current weights are then little better
    than the mean of the targets, or worse), or less than half while the
    weights before each update explained at least 0.25 more (the weights
    follow the latest rows; converged readouts on reservoir states score
    0.7 to 0.8 on chaotic series), or at least 0.1 less than repeating the
    previous target did (worse than persistence, on a series one step
    ahead). The message says which cause
    the errors made before each update point to: the weights follow the
    latest rows (``learning_rate`` too large for correlated features),
    ``learning_rate`` is above the stable bound, or the weights move too
    slowly (``learning_rate`` too small); where one block of a stream
    said too large and another too small, that no ``learning_rate``
    suits. On reservoir states the usual
    remedy is :class:`~skreservoir.ForceReadout`. Targets
    that the features cannot predict (noise) give it too. See the Notes of
    :class:`~skreservoir.LMSReadout`.
    """


class ForecastDivergenceWarning(UserWarning):
    """Warning raised when a closed-loop forecast leaves the range of the training data.

    A forecaster runs its one-step model closed loop, feeding each forecast
    back as the next input. When a forecast leaves the training range by
    more than the range itself (below ``min - (max - min)`` or above
    ``max + (max - min)`` of the series the model was fitted on), the loop
    has left the region where the model was trained and its output is not
    to be trusted. The forecasters replace that value by the series' mean (a
    differenced series: its mean increment; a level out of its bounds: the
    last level) and go on, and drop the diverging ensemble members when
    others stay inside (see the forecasting user guide). Use
    :class:`~skreservoir.forecasting.AutoESNForecaster`, or increase the ridge
    penalty (``alpha``) a thousandfold or more; a lower ``spectral_radius`` or
    ``input_scaling`` helps less often (``benchmarks/forecasting_flows.py
    --advice``: on 25 chaotic-flow forecasts held at the bound, AutoESN held
    none, a thousandfold ``alpha`` left 7, halving either of the others 19 and
    23).
    """



class OutlierWarning(UserWarning):
    """Warning raised when a series to forecast has values far outside the range of the rest.

    Judged on the series as the forecaster's model sees it (after the log,
    trend and season it decides, so that growth is not outlying): a value
    is outlying when it lies beyond the range of the series' central values
    (all but the ``m`` largest and ``m`` smallest, ``m`` 2 or 1 % of the
    time points, whichever is more) and a gap twice that central range
    (more on a series shorter than 30 points) parts it (and any other
    outlying value beyond it) from the rest of the series
    (:func:`~skreservoir.forecasting.outlying_values`). Such a value
    sets the scale the forecaster standardises the series by and trains the
    readout on two jumps that happen nowhere else: one spike of 10,000 in
    airline took ``ESNForecaster()``'s 24-month MAPE from 0.05 to 0.17, and
    ``NVARForecaster()``'s from 0.06 to 0.82 (``python
    benchmarks/forecasting_outliers.py``). Recurring spikes of a chaotic
    series (the spiking coordinate of the Rossler hyperchaos) are not parted
    from the rest by such a gap, and a series whose central values are all
    equal (mostly zero counts) has none. An error (a typo, a unit, a sensor
    fault) is best set to NaN and filled before the forecaster, for example
    with sktime's ``Imputer`` in a ``TransformedTargetForecaster``; a value
    that is real may still need a model told about it (an exogenous ``X``).
    """


class LevelShiftWarning(OutlierWarning):
    """Warning raised when a series to forecast shifts its level for good.

    Judged on the series as the forecaster's model sees it (after the log,
    trend and season it decides): an increment outlying among the series'
    increments (:func:`~skreservoir.forecasting.outlying_values` applied
    to them) after which the level stays moved, the median of up to ten
    values after it at least half the jump away from the median of as many
    before, in the jump's direction (a spike, which comes back, is an
    :class:`OutlierWarning`'s case). A forecaster fitted across the shift
    takes it for part of the series' dynamics, and its trend, drift or mean
    carry the jump on: a monthly series flat at 1 that steps to 5 for its
    last 20 months was forecast at 13 two years on by ``ESNForecaster()``
    (log, line and increments all decided on the jump), and at 5 when fitted
    on the months since the shift. A subclass of :class:`OutlierWarning`:
    a filter set for it covers this one.
    """


class ShortSeriesWarning(UserWarning):
    """Warning raised when a series to forecast is too short for a reservoir to learn from.

    :class:`~skreservoir.forecasting.ESNForecaster` and
    :class:`~skreservoir.forecasting.NVARForecaster` fit on a series of
    fewer than :data:`SHORT_SERIES_LENGTH` (12) time points warn: their readout has
    a handful of rows to learn from, and a simple forecaster does better.
    On 168 synthetic series of 5, 6, 8 and 10 points (random walks with and
    without drift, AR(1) processes, a noisy level and a noisy line; 6
    steps ahead), ``ESNForecaster()``'s MASE was 16 % above
    ``NaiveForecaster()``'s and 14 % above ``ThetaForecaster()``'s
    (geometric means; standard errors 5 % and 3.5 %; worse on about two
    series in three), ``NVARForecaster()``'s 14 % and 13 % above; on 210
    series of 12 to 28 points ``ESNForecaster()`` was 2 % below the naive
    forecast and 6 % above Theta (``python
    benchmarks/forecasting_very_short.py --lengths 5 6 8 10 12`` and the
    same without ``--lengths``). :class:`~skreservoir.forecasting.AutoESNForecaster`
    refuses such a series (it validates on windows of it). Use sktime's
    ``ThetaForecaster`` or ``NaiveForecaster`` for it, or a longer series;
    filter this class where a short series is expected (the first folds of
    an expanding-window evaluation).
    """


#: :class:`ShortSeriesWarning`'s rule: a series to forecast with fewer time
#: points than this warns.
SHORT_SERIES_LENGTH = 12


class ForecastHorizonWarning(UserWarning):
    """Warning raised when a forecaster chosen for some horizon forecasts further.

    :class:`~skreservoir.forecasting.AutoESNForecaster` chooses its
    candidates by closed-loop forecasts over the horizon asked for in
    ``fit`` (the largest step of its ``fh``, at least 10; 50 without one;
    or ``validation_horizon``). A candidate that tracks a series for that
    many steps need not track it further, and one that validates well over
    a long horizon may be beaten closer in: predicting further than the
    validation looked is a choice made for another task (on airline, chosen
    for 1 step and forecast 36 ahead: MAPE 0.130, against 0.081 chosen for
    36; a sktime tutorial port). ``predict`` (and the interval methods)
    warn once per fit; pass the ``fh`` to ``fit``, or set
    ``validation_horizon``. ``fit`` warns where the series is too short
    for the validation asked (a window is at most a quarter of it, and
    ``n_origins`` windows need as many distinct origins).
    """


class WarmupWarning(UserWarning):
    """Warning raised when a prediction starts from rest where it may continue a series.

    ``predict`` is stateless by default (scikit-learn's convention): every
    series starts from the reservoir's initial state, and its first steps are
    the reservoir's warm-up transient, which ``fit`` left out of training
    (``washout_``). When the model was last fitted on a single series and
    ``predict`` gets a single series, that series may well be the rest of the
    training one (ReservoirPy's ``esn.fit(X_train, y_train)`` then
    ``esn.run(X_test)``): the warning says so, unless the series starts
    with the training series' first row (the training series itself,
    predicted from its start as it was trained). Pass ``initial_state="fit"``
    to continue from where training ended, or ``initial_state="rest"`` to
    start from rest without the warning.

    ``partial_fit`` raises it too when ``washout="auto"``, measured on a
    first chunk of fewer than four rows (a FORCE loop), comes out 0 and the
    stream's first steps would train the readout on the transient: pass an
    int ``washout``. ``fit`` raises it where ``washout="auto"`` is cut to a
    quarter of a few series far shorter than the rest (at most a tenth of
    them, under half the median length): every series then trains the
    readout on its transient; leave the short series out or pass an int
    ``washout``.
    """


class DataLayoutWarning(UserWarning):
    """Warning raised when an array given to an ESN looks transposed.

    A reservoir reads the rows of a series as its time steps and the columns
    as its features: a series of shape (n_timesteps, n_features), a panel of
    shape (n_series, n_timesteps, n_features). sktime's arrays put time
    last: numpy3D is (n_instances, n_channels, n_timepoints) and numpy2D
    (n_instances, n_timepoints). Given as they are, a panel of 50 univariate
    series of 150 points becomes 50 series of one step with 150 features,
    and fits without an error. ``fit`` warns when an array's series have
    fewer time steps than features; pass ``X.transpose(0, 2, 1)`` for
    numpy3D, ``X[:, :, None]`` for numpy2D, or use
    :class:`~skreservoir.classification.ESNTimeSeriesClassifier`, which
    takes sktime's layouts.

    :class:`~skreservoir.ESNClassifier` raises it too where its labels are
    laid out against what it learns: labels per time step that give every
    step of each series one label (trained and predicted step by step; one
    label per series classifies whole series), and classes that occur only
    in the washout, which the readout never sees; and labels of shape
    (n_series, n_timesteps) whose rows are one-hot, which it takes as
    labels per step (pass ``np.argmax(y, axis=1)`` for one label per series).
    :class:`~skreservoir.model_selection.HyperoptSearchCV` raises it where its
    ``cv`` cuts one series into folds of scattered rows (shuffled or
    stratified), which the reservoir would run as sequences with gaps.
    """


class IgnoredParameterWarning(UserWarning):
    """Warning raised when a parameter set to other than its default has no effect.

    A reservoir given its weights as arrays uses them exactly as given:
    ``spectral_radius``, ``density`` and ``distribution`` shape only a
    drawn ``W`` (or one made by an initializer), ``input_scaling``,
    ``input_density`` and ``input_distribution`` only a drawn ``W_in``,
    and ``bias_scaling`` only a drawn bias. Setting one of them with an
    array would otherwise do nothing, silently (ReservoirPy ignores ``sr``
    with an array ``W`` too). To have the array scaled, pass it through an
    initializer, ``W=lambda shape, rng: my_W``: its matrix is scaled to
    ``spectral_radius`` like a draw (``W_in`` by ``input_scaling``,
    ``bias`` by ``bias_scaling``); or leave the parameter at its default.

    Also raised where a ReservoirPy initializer given as ``W``, ``W_in`` or
    ``bias`` carries its own ``sr`` or ``input_scaling``
    (``W=reservoirpy.mat_gen.normal(sr=0.5)``): in ReservoirPy that value
    replaces the ``Reservoir``'s, here the reservoir's ``spectral_radius``,
    ``input_scaling`` or ``bias_scaling`` scales the matrix; the warning
    names the parameter to pass instead.
    """


class InSampleStartWarning(UserWarning):
    """Warning raised when in-sample forecasts are asked for at a series' first time points.

    A forecaster's in-sample prediction of time t is a one-step prediction
    from the value before it (and, on a differenced series, from the
    increment before that), read from a state the readout learnt from: the
    first time point (the first two when differenced) has no value before
    it, and the time points of the washout (an NVAR's incomplete delay
    window) have states from the reservoir's start from rest, which the
    readout never saw. Those predictions are NaN, sktime's convention
    (``predict_residuals`` then has NaN there too). Filter this class to
    silence it where that is expected.
    """


class ForecastSkillWarning(UserWarning):
    """Warning raised when a tuned forecaster validates worse than a naive forecast.

    :class:`~skreservoir.forecasting.AutoESNForecaster` scores its
    candidates on validation windows spread over the training series; it
    scores on the same windows the naive forecasts that repeat the last
    value before each window (and, where a season is modelled, the last
    season), in ``baseline_scores_``. When the ensemble it chose validates
    worse than one of them, beyond the noise of the windows (their paired
    log-errors, the one-standard-error rule of its other choices), by at
    least 25% and on the windows' plain mean absolute error too, its forecast is likely no better than sktime's
    ``NaiveForecaster``: the series may be mostly a random walk, or its trend
    or level may have changed within it. The warning says which naive
    forecast won and by how much; with its default ``fallback="naive"``, the
    forecaster then forecasts with that naive forecast (``fallback_``).
    Otherwise (``fallback=None``), compare with ``NaiveForecaster``, try
    ``difference=True`` (the increments modelled) or ``detrend=False``, or a
    larger ``budget``. It raises it too where the series looks like a random
    walk (``random_walk_``: no lag of its increments kept by the BIC and a
    unit root not rejected), whose best forecast is its last value (plus
    its mean increment where that is significant), and then, by default,
    forecasts with ``NaiveForecaster`` as well; ``ESNForecaster`` and
    ``NVARForecaster`` say it too (of 80 points or more, without X), with no
    fallback.

    Every forecaster of :mod:`skreservoir.forecasting` raises it at ``fit``
    too where the series ends in a run of one value at least ten long and
    twice any earlier run of that value (a discontinued product's zeros, a
    stuck sensor): the model learns the dynamics before the run, and its
    forecast moves away from that value, where ``NaiveForecaster`` keeps it;
    and at ``predict`` where an exogenous ``X`` column lies beyond its
    training range by more than the range's width, or changes where it was
    constant in training: the model never saw what such values do.
    """


class SeriesLengthWarning(UserWarning):
    """Warning raised when series to classify are much shorter or longer than the training ones.

    A reservoir's vector of a series (its pooled states, mean or last state)
    depends on the series' length: a series of another length, even of the
    same shape, lands elsewhere than the training series did, and a readout
    trained on those scores it poorly, silently. ``transform``, ``predict``,
    ``predict_proba`` and ``decision_function`` of
    :class:`~skreservoir.ESNTransformer`,
    :class:`~skreservoir.classification.ESNTimeSeriesClassifier` and
    :class:`~skreservoir.ESNClassifier` (labels per series) warn when a series
    is shorter than the shortest training series divided by
    :data:`LENGTH_RATIO` (1.5) or longer than the longest times it. The
    ratio is measured (``python benchmarks/classification_length_study.py``):
    the test series of GunPoint, ArrowHead, ItalyPowerDemand and
    BasicMotions resampled to other lengths (same shape) lost at most 0.01
    accuracy at 0.75 times the training length, up to 0.16 at 0.67 and
    0.47 at 0.5; 0.09 at 1.25, 0.20 at 1.5 and 0.47 at 2
    (ESNTimeSeriesClassifier with 50 units; the largest loss over the four
    sets at each ratio). The ratio is a compromise: it warns at no ratio
    whose largest loss was 0.01 or less (though at 0.6, where it warns, two
    of the sets lost 0.01 or less), and the losses at 0.67 and 1.5 pass
    without a warning. Train on series of the
    lengths to classify (cut, pad or resample them alike), or silence this
    warning where the length carries no class information.
    """


#: :class:`SeriesLengthWarning`'s rule: a series shorter than the shortest
#: training series divided by this, or longer than the longest times this.
LENGTH_RATIO = 1.5
