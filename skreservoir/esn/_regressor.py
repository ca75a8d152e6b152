"""Echo state network regressor: a reservoir and a trained readout."""

import functools
import warnings
from numbers import Real

import numpy as np
import scipy.sparse as sp
from array_api_compat import array_namespace
from sklearn.base import RegressorMixin
from sklearn.metrics import r2_score
from sklearn.utils import check_array, check_random_state

from skreservoir._backend import (
    device_of,
    output_for,
    to_host,
    to_namespace,
)
from skreservoir._base import as_state_dtype, linear_readout
from skreservoir._base import reservoir_seeds as reservoir_seeds_of
from skreservoir._dask import computed, fit_esn, is_dask_collection, map_series_blocks
from skreservoir._panel import concat_rows, split_rows
from skreservoir._recurrence import closed_loop_remedy
from skreservoir._sklearn_compat import (
    Interval,
    StrOptions,
    _fit_context,
    available_if_explained,
    check_is_fitted,
)
from skreservoir._validation import (
    check_int,
    fast_series,
    fill_missing_targets,
    kept_rows,
    missing_target_weights,
    overflowed,
    restore_layout,
    scored_weights,
    series_weights,
    user_stacklevel,
)
from skreservoir._weights import random_matrix
from skreservoir.esn._base import (
    _BaseESN,
    names_untrained_readout,
    target_range,
    warn_if_fold_scattered,
)
from skreservoir.esn._row_plan import RowPlan
from skreservoir.exceptions import (
    DIVERGENCE_MARGIN,
    ClosedLoopDivergenceWarning,
    DivergenceError,
    ReservoirStateWarning,
    WarmupWarning,
)
from skreservoir.readout import RidgeReadout
from skreservoir.readout._base import checkpoints_held, unchanged_on_error_method

#: What a closed loop that runs away may also mean: the targets are not the next inputs.
_NEXT_INPUT_HINT = (
    " Or the model was not trained to predict its next input: generate feeds each "
    "prediction back as the next input, so it needs targets y = X[t + 1]; a model "
    "trained on increments (y = X[t + 1] - X[t], ReservoirPy's NVAR tutorial) or on "
    "another variable runs the loop u = u + predict(...) by hand (the ReservoirPy "
    "page, NG-RC) or is trained on X[t + 1]."
)


def _fed_back_hint(reservoir):
    """What an input with inf or NaN most likely is in ``predict`` or ``score``: the
    output of a closed loop written by hand, which diverged; the remedies for ``reservoir``."""
    return (
        " If X was fed back from this model's predictions (a closed loop written by hand, "
        "such as u = u + predict(window)[-1]), the loop diverged: its outputs grew step "
        f"after step until they overflowed. {closed_loop_remedy(reservoir)} A model trained "
        "on its next input (y = X[t + 1]) runs the loop with generate(n_steps), which stops "
        "at the first output that runs away and warns (ClosedLoopDivergenceWarning) when "
        "outputs lie further than the training targets' range outside that range."
    )


#: How scikit-learn's validation says that X holds inf or NaN.
_NON_FINITE_X = ("Input X contains NaN", "Input X contains infinity")


def _says_when_fed_back(method):
    """``method`` (``predict``, ``score``) with :func:`_fed_back_hint` after the errors
    of a diverged hand-written loop.

    Those are scikit-learn's "Input X contains infinity" (or NaN), kept as
    they are (scikit-learn's checks match them), and a
    :class:`~skreservoir.exceptions.DivergenceError` of the reservoir (its
    states, or NVAR's features, overflowed); the error's class is kept.
    """
    @functools.wraps(method)
    def checked(self, X, *args, **kwargs):
        try:
            return method(self, X, *args, **kwargs)
        except ValueError as error:
            if not (isinstance(error, DivergenceError) or str(error).startswith(_NON_FINITE_X)):
                raise
            if str(error).startswith(_NON_FINITE_X[0]) and not overflowed(X):
                raise  # NaN among ordinary values: a missing input, said as such
            reservoir = self.__dict__.get("reservoir_", self.reservoir)
            raise type(error)(f"{error}{_fed_back_hint(reservoir)}") from None

    return checked


_MISSING_WITH_FEEDBACK = (
    "y has NaN targets, but feedback=True feeds every target back to the reservoir; "
    "fill the missing targets or use feedback=False.")


def given_feedback_weights(W_fb, shape):
    """``W_fb`` as a dense float64 array of ``shape`` (units driven, outputs), checked."""
    W_fb = W_fb.toarray() if sp.issparse(W_fb) else W_fb
    W_fb = np.asarray(W_fb, dtype=np.float64)
    if W_fb.ndim == 1 and shape[1] == 1:
        W_fb = W_fb[:, None]
    if W_fb.shape != shape:
        raise ValueError(
            f"W_fb must have shape {shape} (the reservoir's units driven by the "
            f"feedback, n_outputs), got {W_fb.shape}. ReservoirPy's feedback weights "
            "are the columns of its Win after the input's: Win[:, n_features_in:].")
    if not np.all(np.isfinite(W_fb)):
        raise ValueError("W_fb contains NaN or infinite values; pass finite weights.")
    return W_fb


class ESNRegressor(RegressorMixin, _BaseESN):
    r"""Echo state network regressor: a reservoir and a trained readout.

    The reservoir maps the input series u(t) to states x(t); the readout
    maps x(t) (or the extended state [u(t); x(t)] with ``include_input``) to
    the target y(t). Only the readout is trained.

    Parameters
    ----------
    reservoir : Reservoir, default=None
        The reservoir, cloned at fit; ``Reservoir()`` when None. Its ``backend`` is where the
        estimator computes for numpy input (``Reservoir(backend="cupy")``:
        the states, and a ridge readout, on the GPU); array API input
        computes in its own namespace. Outputs follow the input's namespace.
    readout : regressor, default=None
        The readout, cloned at fit; ``RidgeReadout()`` when None. Any
        scikit-learn regressor works for ``fit``/``predict``; ``partial_fit``
        needs a readout with ``partial_fit``.
    washout : int or "auto", default="auto"
        Number of first time steps of every series left out of training
        (ReservoirPy: ``warmup``); ``"auto"``: the steps the reservoir needs
        to forget its initial state, measured on the first training series
        (two starts run until they agree to 1e-4; at most a quarter of the
        shortest series; a stream measures it on its first ``partial_fit``
        chunk, beyond a quarter of it where the starts agree within it,
        since the next calls continue the series; a
        :class:`~skreservoir.exceptions.WarmupWarning` says when they do not,
        and for one-step streams, where it would be 0: pass an int there).
        The value used
        is ``washout_``.
        In streaming ``partial_fit`` it drops the first steps of the stream.
        The zero-padded warm-up rows of a reservoir
        that has them (``NVAR.n_warmup_``) are always left out.
    include_input : bool, default=False
        Give the readout [u(t); x(t)] instead of x(t) (the intercept comes
        from the readout).
    feedback : bool, default=False
        Feed the previous output y(t-1) back into the reservoir through a
        random matrix ``W_fb_``: the drive becomes
        W_in u(t) + W x(t-1) + W_fb y(t-1) + b. During training the target
        is fed back (teacher forcing, with ``feedback_noise``); in
        ``predict`` and ``generate`` the model's own prediction is
        (ReservoirPy: ``reservoir <<= readout``).
        Needs a :class:`Reservoir`.
    feedback_scaling : float, default=1.0
        Scale of ``W_fb_``, whose nonzero entries are +-feedback_scaling
        (ReservoirPy: ``fb_scaling``; in 0.4.2 the fed-back output enters
        through ``Win``, scaled by ``input_scaling``).
    feedback_density : float in (0, 1], default=0.1
        Fraction of the entries of ``W_fb_`` that are nonzero (ReservoirPy:
        ``fb_connectivity``; in 0.4.2, ``input_connectivity``: 0.1 in both).
    feedback_noise : float, default=0.005
        Standard deviation of the Gaussian noise added to the fed-back target
        in training (teacher forcing), as a fraction of the training
        targets' range (per output; in a stream, the range seen so far);
        0 feeds back the target as it is, as ReservoirPy 0.4.2 does.
        Trained on exact targets, the readout never sees the errors its own
        predictions will feed back, and the loop of ``predict`` and
        ``generate`` often diverges; a little noise teaches it to damp them
        (see the user guide's ReservoirPy page, Defaults). ``state_`` is the
        state reached with the noisy feedback: ``generate(n, warmup=X)``,
        which replays ``X`` with exact feedback, equals ``generate(n)`` only
        with ``feedback_noise=0``. A ``fit`` on a dask panel (3D) feeds back
        the exact targets; one series as a 2D dask array is fitted in memory,
        noise included. In a stream the scale is the range seen so far, so
        that ``partial_fit`` one row at a time and in one call draw noises of
        other scales and give slightly different models (2.9e-3 apart on
        Mackey-Glass predictions, where ReservoirPy's are equal);
        ``feedback_noise=0`` makes them equal.
    partial_fit_feedback : {"target", "output"}, default="target"
        With ``feedback``, what :meth:`partial_fit` feeds back while it
        learns: the target of the step before (``"target"``: teacher forcing,
        with ``feedback_noise``, as ``fit`` does), or the model's own output
        of each step after that step's update (``"output"``: FORCE learning,
        Sussillo and Abbott's, as ReservoirPy's ``partial_fit`` feeds back; no
        noise is added; ``return_predictions`` gives the outputs before each
        update, the error signal). ``fit``
        teacher-forces either way. A stream of one-row calls takes the
        one-row path and its plan as teacher forcing does: against
        ReservoirPy's FORCE loop (``reservoir << (reservoir >> RLS)``),
        2.7 times faster per call at 100 units and 13 times at 500 (LMS:
        1.7 and 1.6 times; ``python benchmarks/bench_online_step.py
        --feedback``). A longer call learns its rows one at a time through
        the readout's ``predict`` and ``partial_fit``: about 0.15 ms a step at
        300 units.
        Sussillo and Abbott's sum of four sines (spectral radius 1.5, leak
        0.1, 1000 units, exact feedback, 12000 steps in chunks of 500):
        free-run NRMSE 0.0039 with ``"output"``, 0.12 with ``"target"``
        (``python benchmarks/force_sussillo_abbott.py``).
    W_fb : array-like of shape (n_units, n_outputs), default=None
        Feedback weights (for a :class:`ReservoirStack`, ``n_units`` of its
        first layer, which the feedback drives) used as they are (``feedback_scaling`` and
        ``feedback_density`` then do not apply), as :class:`Reservoir`
        takes ``W``: ReservoirPy 0.4.2's feedback enters through ``Win``,
        whose columns after the input's are this matrix. None draws them.
    random_state : int, RandomState instance or None, default=None
        Seeds the default reservoir, or a given reservoir whose own
        ``random_state`` is None, and ``W_fb_`` and the feedback noise. When
        None and the reservoir has an int ``random_state``, these are drawn
        from a seed derived from it, so a seeded reservoir gives a
        reproducible model.

    Attributes
    ----------
    reservoir_ : Reservoir
        The fitted reservoir.
    washout_ : int
        The washout used: ``washout``, or the value of ``"auto"``.
    readout_ : regressor
        The fitted readout.
    state_ : ndarray of shape (n_units,)
        The reservoir state after the last input seen in ``fit`` or
        ``partial_fit`` (or, since, in ``predict(X, initial_state="continue")``;
        ``reset_state`` puts it back to rest); ``generate``, streaming
        ``partial_fit`` and ``"continue"`` start from it, ``"fit"`` from
        where training ended.
    last_input_ : ndarray of shape (``n_features_in_``,)
        That last input.
    n_steps_seen_ : int
        Time steps of the current stream (since the last fit, panel or
        ``reset_state``).
    n_outputs_ : int
        Number of targets.
    W_fb_ : ndarray of shape (n_units, ``n_outputs_``)
        Feedback weights, ``round(feedback_density * n_units * n_outputs_)``
        of them nonzero (only with ``feedback=True``).
    last_output_ : ndarray of shape (``n_outputs_``,)
        The last target seen in training: the value fed back at the next
        step of the stream (only with ``feedback=True``).
    n_features_in_ : int
        Number of input features.

    See Also
    --------
    Reservoir : The reservoir alone.
    RidgeReadout : The default readout.
    ESNClassifier : The classifier version.

    Notes
    -----
    ``X`` is one series (n_timesteps, n_features) or a panel (3D array or
    list of 2D arrays), ``y`` has the same structure; every series of
    ``fit`` and ``predict`` starts from the reservoir's initial state, so
    ``predict`` is stateless. ``partial_fit`` with one series continues the
    stream from ``state_``; with a panel, each series starts afresh.

    Examples
    --------
    >>> from skreservoir import ESNRegressor, Reservoir
    >>> from skreservoir.datasets import mackey_glass, to_forecasting
    >>> from skreservoir.metrics import nrmse
    >>> series = mackey_glass(2000)
    >>> X, y = to_forecasting(series, forecast=1)
    >>> esn = ESNRegressor(Reservoir(n_units=200, leak_rate=0.3, random_state=0),
    ...                    washout=100)
    >>> _ = esn.fit(X[:1500], y[:1500])
    >>> y_pred = esn.predict(X)  # from the initial state: score after a warm-up
    >>> print(round(nrmse(y[1500:], y_pred[1500:]), 4))
    0.0082
    >>> esn.generate(50).shape  # closed loop from the end of the training data
    (50, 1)
    """

    _parameter_constraints: dict = {
        **_BaseESN._parameter_constraints,
        "feedback": ["boolean"],
        "feedback_scaling": [Interval(Real, 0, None, closed="neither")],
        "feedback_density": [Interval(Real, 0, 1, closed="right")],
        "feedback_noise": [Interval(Real, 0, None, closed="left")],
        "W_fb": ["array-like", "sparse matrix", None],
        "partial_fit_feedback": [StrOptions({"target", "output"})],
    }

    def __init__(self, reservoir=None, readout=None, *, washout="auto",
                 include_input=False, feedback=False, feedback_scaling=1.0,
                 feedback_density=0.1, feedback_noise=0.005,
                 partial_fit_feedback="target", W_fb=None, random_state=None):
        self.reservoir = reservoir
        self.readout = readout
        self.washout = washout
        self.include_input = include_input
        self.feedback = feedback
        self.feedback_scaling = feedback_scaling
        self.feedback_density = feedback_density
        self.feedback_noise = feedback_noise
        self.partial_fit_feedback = partial_fit_feedback
        self.W_fb = W_fb
        self.random_state = random_state

    _stream_params = _BaseESN._stream_params + (
        "feedback", "feedback_scaling", "feedback_density", "feedback_noise", "W_fb")
    _built_with_params = _BaseESN._built_with_params + ("feedback",)
    _tracks_constant_input = True  # generate holds a pattern generator's input row

    def _default_readout(self):
        return RidgeReadout()

    @_fit_context(prefer_skip_nested_validation=False)
    @unchanged_on_error_method  # a failed refit leaves the fitted model as it was
    def fit(self, X, y, sample_weight=None):
        """Run the reservoir over ``X`` and train the readout on ``y``.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Input series.
        y : array-like with the structure of ``X``
            Targets, (n_timesteps,) or (n_timesteps, n_outputs) per series.
            A time step whose target has a NaN (a sparse label, as
            ReservoirPy allows) is left out of training: the reservoir still
            runs through it, the readout gets it with weight 0 (a readout
            whose ``fit`` takes no ``sample_weight``, such as
            :class:`~sklearn.neighbors.KNeighborsRegressor`, gets the other
            rows only). With ``feedback``, targets may not be missing.
        sample_weight : array-like of shape (n_timesteps,) per series, or float, default=None
            Weight of every time step, with the structure of ``X``, passed
            to the readout's ``fit`` (``sample_weight``) without the washout
            rows; the readout must take ``sample_weight`` (weights of 0 and 1
            only leave rows out, which any readout can). A
            :class:`~sklearn.pipeline.Pipeline` readout gets them as
            ``<step>__sample_weight`` for each step whose ``fit`` takes
            ``sample_weight`` (its scaler's too), or, with scikit-learn's
            metadata routing enabled, routes them to the steps that
            request them.

        Returns
        -------
        self : ESNRegressor
            The fitted estimator.
        """
        warn_if_fold_scattered(X)  # a scikit-learn fold of scattered rows
        if is_dask_collection(X):  # normal equations summed over blocks: skreservoir._dask
            self._constant_input = None  # not tracked on dask's blocks
            return fit_esn(self, X, y, sample_weight)
        y, missing = fill_missing_targets(y, X)
        if missing is not None and self.feedback:
            raise ValueError(_MISSING_WITH_FEEDBACK)
        Xs, ys, layout = self._validated(X, y, reset=True, y_required=True)
        self._build(Xs)
        self._check_lengths(layout.lengths)
        self._check_readout_washout(layout.lengths)
        self._target_1d = ys[0].ndim == 1
        self.n_outputs_ = 1 if self._target_1d else ys[0].shape[1]
        self._build_feedback()
        weights = None if sample_weight is None else series_weights(to_host(sample_weight), layout)
        if missing is not None:  # weights left only in the washout: _train_chunked says so
            weights = missing_target_weights(weights, missing, layout, self._skip())
        states = self._train_chunked(Xs, ys, [self._skip()] * len(Xs), weights=weights,
                                     extra_drive=self._teacher_drive(ys, None, noisy=True))
        self._end_of_data(Xs, states, layout, ys)
        self._target_range = target_range(ys)
        return self

    # -- output feedback --------------------------------------------------
    def _build_feedback(self):
        """Draw ``W_fb_`` (or take ``W_fb``) when ``feedback`` is on, and seed the
        teacher-forcing noise."""
        if not self.feedback:
            if self.W_fb is not None:
                raise ValueError(
                    "W_fb was given with feedback=False, which feeds nothing back: pass "
                    "feedback=True to use it, or leave W_fb=None.")
            if self.partial_fit_feedback != "target":
                raise ValueError(
                    f"partial_fit_feedback={self.partial_fit_feedback!r} says what partial_fit "
                    "feeds back, and feedback=False feeds nothing back: pass feedback=True "
                    "for FORCE learning, or leave partial_fit_feedback='target'.")
            return
        if not self.reservoir_.supports_feedback:
            raise TypeError(
                "feedback=True needs a reservoir with output feedback "
                "(skreservoir.Reservoir or ReservoirStack); "
                f"{type(self.reservoir_).__name__} has none."
            )
        reservoir_seeds = reservoir_seeds_of(self.reservoir_)
        if self.random_state is None and reservoir_seeds is not None:
            # a seeded reservoir (a stack of seeded layers) makes the whole model
            # reproducible
            rng = np.random.default_rng([*reservoir_seeds, 1])
        else:
            seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
            rng = np.random.default_rng(seed)
        shape = (self.reservoir_.drive_size_, self.n_outputs_)
        like = self.reservoir_.initial_state_
        if self.W_fb is not None:
            W_fb = given_feedback_weights(self.W_fb, shape).astype(to_host(like[:1]).dtype)
        else:
            signs = random_matrix(rng, shape, density=self.feedback_density,
                                  distribution="bernoulli", sparse=False, dtype=np.float64)
            W_fb = (self.feedback_scaling * signs).astype(to_host(like[:1]).dtype)
        self.W_fb_ = to_namespace(W_fb, array_namespace(like), device_of(like))
        self._feedback_rng = rng  # the noise of the fed-back targets: drawn on from here

    def _learn_own_output(self, Xs, ys, initial_states, skips, first_outputs, weights=None):
        """FORCE: every series run with the model's own output fed back, the readout
        learning each row after the output it gave (``partial_fit_feedback="output"``).

        At step t the drive gets ``W_fb y(t-1)``, ``y(t-1)`` the output of
        step t-1 after that step's update (as ReservoirPy's ``partial_fit``
        feeds back; zeros at the start of a series, the last output of the
        stream where it goes on), then the readout gives its output for step t
        and learns the row of step t (after the series' first ``skips`` rows).
        Returns the outputs before each update (n_i, n_outputs) and the
        outputs fed back, per series, and the final states, (n_series,
        state_size). ``weights``: one array per series (a row of weight 0 is
        not learnt), or None.
        """
        readout = self.readout_
        xp = array_namespace(self.reservoir_.initial_state_)
        device = device_of(self.reservoir_.initial_state_)
        outputs, finals = [], []
        for i, (x, y) in enumerate(zip(Xs, ys)):
            start = (self.reservoir_.initial_state_ if initial_states is None
                     else initial_states[i])
            last = (xp.zeros(self.n_outputs_, dtype=xp.float64, device=device)
                    if first_outputs is None else first_outputs[i])
            targets = np.asarray(to_host(y), dtype=np.float64)
            step = _OwnOutputStep(readout, targets, skips[i], self.include_input,
                                  None if weights is None else weights[i])
            _, fed, final = self.reservoir_.run_feedback(x, start, last, self.W_fb_, step,
                                                         advance=self._stream_advance(x))
            outputs.append((np.stack(step.before), fed))
            finals.append(final)
        return [before for before, _ in outputs], [fed for _, fed in outputs], xp.stack(finals)

    def _stream_advance(self, x):
        """The reservoir's step function for the calls of a FORCE stream, kept while the
        reservoir, the configuration and the input's type hold (its set-up costs about
        150 us, most of a one-row call; a reservoir's state noise then runs on as one
        stream, which a pickled or copied model, or another configuration, starts
        again)."""
        return self._kept_for_stream("_kept_step_function",
                                     lambda: self.reservoir_.step_function(x),
                                     key=(type(x), str(getattr(x, "dtype", ""))))

    def _teacher_drive(self, ys, first_outputs, noisy=False, seen_range=None):
        """Teacher-forced feedback drive W_fb y(t-1) of every series (or None).

        ``first_outputs`` is the value fed back at the first step of every
        series (zeros when None). With ``noisy`` (training) the fed-back
        targets get Gaussian noise of standard deviation ``feedback_noise``
        times the range of ``ys`` (widened by ``seen_range``, the range of a
        stream's earlier targets).
        """
        if not self.feedback:
            return None
        scale = None
        if noisy and self.feedback_noise > 0:
            lo, hi = target_range(ys, seen_range)
            scale = self.feedback_noise * (np.asarray(hi) - np.asarray(lo))
        drives = []
        for i, y in enumerate(ys):
            xp = array_namespace(y)
            y = xp.reshape(y, (y.shape[0], -1))
            first = (xp.zeros(y.shape[1], dtype=y.dtype, device=device_of(y))
                     if first_outputs is None else first_outputs[i])
            previous = xp.concat([first[None, :], y[:-1, :]], axis=0)
            if scale is not None:
                noise = to_namespace(scale * self._feedback_rng.standard_normal(
                    tuple(previous.shape)), xp, device_of(y))
                previous = previous + xp.astype(noise, previous.dtype)
            drives.append(previous @ xp.astype(self.W_fb_, y.dtype).T)
        return drives

    @available_if_explained(_BaseESN._readout_has_partial_fit)
    def partial_fit(self, X, y, *, sample_weight=None, return_predictions=False):
        """Stream a chunk of a series (or a panel) into the readout.

        A 2D ``X`` continues the series seen so far from ``state_``; a panel
        is a set of new series, each from the initial state. The readout
        must have ``partial_fit``: with another (scikit-learn's ``Ridge``)
        the method is unavailable, as scikit-learn's ``available_if`` makes
        it (``hasattr(esn, "partial_fit")`` is False, and a call raises an
        AttributeError that names the readout and the fix).

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Input chunk.
        y : array-like with the structure of ``X``
            Targets. A time step whose target has a NaN (a sparse label) is
            not learnt: the reservoir runs through it, the readout's
            ``partial_fit`` does not get it (as ReservoirPy's online nodes
            skip it; a call whose every target is missing leaves the readout
            as it was); with
            ``return_predictions`` its prediction is still returned. With
            ``feedback``, targets may not be missing.
        sample_weight : array-like of shape (n_timesteps,) per series, or float, default=None
            One weight per time step, with the structure of ``X``, passed to
            the readout's ``partial_fit`` without the washout rows, as
            :meth:`fit` passes them (a weight of 0 leaves the row out, as a
            missing target does); the readout's ``partial_fit`` must take
            ``sample_weight`` (every readout of the package does). Not with
            a dask ``X``.
        return_predictions : bool, default=False
            Return, instead of the estimator, the prediction made at every
            step before the readout learns from that step (FORCE's error
            signal is ``y - prediction``). ReservoirPy 0.4.2's ``RLS`` and
            ``LMS`` nodes return the output after each update instead
            (``x @ Wout`` with the updated weights); the weights learnt are
            the same. The readout then learns row by row; before its first
            update its prediction is 0 (RLS and LMS start from zero
            weights).

        Returns
        -------
        self : ESNRegressor
            The updated estimator; with ``return_predictions``, the
            predictions before each update instead, with the structure of
            ``y``.

        Notes
        -----
        A loop of one-row calls (FORCE learning at every step) is served by
        a shorter path when the readout is a :class:`ForceReadout` or
        :class:`LMSReadout` and the inputs are numpy arrays: the same checks,
        errors and results (bit for bit with RLS below 250 features, to
        rounding otherwise), with the reservoir's update rule built once per
        stream and RLS's ``P`` updated in place, in one pass over ``P`` per
        step. What the first such call found out (the update rules, the
        shapes, that the washout is over) is kept for the next calls of the
        stream, which then check only that nothing it was made from changed
        (by identity: parameters, fitted arrays, the configuration; a change
        made by hand between calls is seen) and that the row is finite,
        then compute: 15 to 30 us per call at 100 units against
        ReservoirPy's 35 to 60 (``benchmarks/bench_online_step.py``). With
        an :class:`LMSReadout`, a float64 reservoir of the compiled kernels
        and no feedback, the step (the reservoir's update, the prediction
        and the update of the weights) is one compiled call: 41.5 us per
        call at 500 units against ReservoirPy's 88.9 (56 us before the step
        was fused), where that call alone costs about 19 us. With
        output feedback as well (the target fed back, with its noise drawn
        from the same generator in the same order): 26 us with LMS against
        46 for ReservoirPy's ``reservoir << (reservoir >> LMS(...))``
        (``bench_online_step.py --feedback --quick``, load average 3 on 2
        cores).

        With an :class:`LMSReadout`, a stream that never calls ``predict``
        gets the :class:`~skreservoir.exceptions.LMSConvergenceWarning` of
        ``predict`` when its updates complete rows 400, 800, 1600, ... and the
        weights have not converged (see :class:`LMSReadout`), from the loop's
        line, not once per call.

        With a :class:`RidgeReadout` (the default), every call solves the
        normal equations of all the rows so far, a Cholesky factorisation of
        O(d^3) for d features, whatever the number of rows in the call: a
        call of one row costs about 1 ms at 100 units and 6 ms at 500. Pass
        the rows in chunks, or use :class:`ForceReadout` (exact recursive
        least squares, O(d^2) per row) for a stream of one-row calls.

        The first call fits the reservoir on its ``X`` (draws the weights),
        and the reservoir stays as it is for the rest of the stream: only the
        readout learns from the later calls. A reservoir that learns from its
        input, :class:`IPReservoir` or :class:`LocalPlasticityReservoir`,
        adapts on the first chunk only (its weights changing mid-stream
        would no longer match what the readout learnt; ReservoirPy 0.4.2
        refuses ``partial_fit`` of a model holding one). A first chunk too
        short for it to adapt (its learning rate times the steps and epochs
        under 0.02: 40 steps for ``IPReservoir()``, 200 for
        ``LocalPlasticityReservoir()``) warns
        (:class:`~skreservoir.exceptions.ReservoirStateWarning`): pass a
        longer first chunk, or fit the reservoir on a longer stretch first
        and stream with its weights in a plain :class:`Reservoir`
        (``Reservoir(W=r.W_, W_in=r.W_in_, bias=r.bias_, leak_rate=r.leak_rate,
        activation=r.activation)``, the same states).
        """
        readout = self.__dict__.get("readout_")
        before = getattr(readout, "_blocks_learnt", int)()
        if (sample_weight is None and type(X) is np.ndarray and X.ndim == 2
                and X.shape[0] == 1):
            result = self._partial_fit_row(X, y, return_predictions)
            if result is not None:
                self.readout_._stream_checkpoint(before)
                return result
        with checkpoints_held():  # the stream's convergence is said once, below
            result = self._partial_fit_chunk(X, y, sample_weight, return_predictions)
        getattr(self.readout_, "_stream_checkpoint", id)(
            before if self.readout_ is readout else 0)
        return result

    def _partial_fit_chunk(self, X, y, sample_weight, return_predictions):
        """The general path of :meth:`partial_fit`."""
        own_output = self._own_output()
        if is_dask_collection(X):
            if own_output:  # the dask path sums teacher-forced blocks: not FORCE
                raise ValueError(
                    "partial_fit_feedback='output' (FORCE) learns one step after "
                    "another from the model's own output; a dask array's blocks are "
                    "summed with the targets fed back. Pass X.compute() and "
                    "y.compute(), or the default partial_fit_feedback='target'."
                )
            return self._partial_fit_dask(X, y, return_predictions,
                                          sample_weight=sample_weight)
        # a one-row stream's plan holds the readout's arrays this call may replace
        self.__dict__.pop("_row_plan", None)
        y, missing = fill_missing_targets(y, X)
        if missing is not None and self.feedback:
            raise ValueError(_MISSING_WITH_FEEDBACK)
        first_call = self._start_or_continue_stream()
        Xs, ys, layout = self._validated(X, y, method="partial_fit", reset=first_call,
                                         y_required=True)
        kept = None if missing is None else kept_rows(missing, layout)
        weights = (None if sample_weight is None
                   else series_weights(to_host(sample_weight), layout, all_zero=True))
        if weights is not None and kept is not None:  # a missing target: weight 0
            weights = [w * k for w, k in zip(weights, kept)]
        if weights is not None:
            kept = [(w > 0).astype(np.float64) for w in weights]
        if first_call:
            self._build_online(Xs, layout)
            self._target_1d = ys[0].ndim == 1
            self.n_outputs_ = 1 if self._target_1d else ys[0].shape[1]
            self._build_feedback()
            self.reset_state()
        else:
            # the readout refuses other targets only where the call trains a row: a
            # first call all in the washout left the stream's outputs unchecked (predict
            # then reshaped one output's weights to two, or flattened two into one)
            n_outputs = {1 if t.ndim == 1 else t.shape[1] for t in ys}
            if n_outputs != {self.n_outputs_}:
                raise ValueError(
                    f"y passed to partial_fit has {sorted(n_outputs)[-1]} output(s) per "
                    f"time step, but the stream started with {self.n_outputs_} (the first "
                    "call's y): give every call targets of the same columns, or start a "
                    "new stream with fit (or a fresh estimator)."
                )
        initial_states, skips = self._stream_start(layout)
        first_outputs = None if layout.is_panel else [getattr(self, "last_output_", None)]
        if first_outputs is not None and first_outputs[0] is None:
            first_outputs = None
        if own_output:  # FORCE: the output after each update is fed back
            predictions, fed, states = self._learn_own_output(Xs, ys, initial_states, skips,
                                                              first_outputs, weights)
            self._end_of_data(Xs, states, layout, fed, streaming=True)
            self._target_range = target_range(ys, getattr(self, "_target_range", None))
            if return_predictions:
                return output_for(X, restore_layout(
                    [self._shape_output(to_host(p)) for p in predictions], layout))
            return self
        features, states = self._features(
            Xs, initial_states, extra_drive=self._teacher_drive(
                ys, first_outputs, noisy=True,
                seen_range=None if first_call else getattr(self, "_target_range", None)))
        if return_predictions:
            predictions = [self._shape_output(self._predict_then_learn(
                f, t, k, np.zeros((f.shape[0], self.n_outputs_)),
                learn=None if kept is None else kept[i] > 0,
                weights=None if weights is None else weights[i]))
                for i, (f, t, k) in enumerate(zip(features, ys, skips))]
        elif kept is None:
            self._train_readout(self.readout_.partial_fit, features, ys, skips)
        else:  # the rows after the washout with every target given (and weight > 0)
            rows = [(np.arange(k.shape[0]) >= s) & (k > 0) for k, s in zip(kept, skips)]
            if any(r.any() for r in rows):
                self._train_readout(
                    self.readout_.partial_fit,
                    [f[to_namespace(r, array_namespace(f), device_of(f))]
                     for f, r in zip(features, rows)],
                    [t[to_namespace(r, array_namespace(t), device_of(t))]
                     for t, r in zip(ys, rows)], [0] * len(rows),
                    weights=None if weights is None else [w[r] for w, r in zip(weights, rows)])
        self._end_of_data(Xs, states, layout, ys, streaming=True)
        seen = ys if kept is None else [to_host(t)[k > 0] for t, k in zip(ys, kept)]
        if any(t.shape[0] for t in seen):  # the range of the targets given (not missing)
            self._target_range = target_range([t for t in seen if t.shape[0]],
                                              getattr(self, "_target_range", None))
        if return_predictions:
            return output_for(X, restore_layout(predictions, layout))
        return self

    def _row_checked(self, X, y):
        """``self._validated`` of a clean numpy row and its target; None otherwise."""
        checked = fast_series(self, X, y)
        if checked is None:
            return None
        target = checked[1][0]
        if (target.ndim == 1) != self._target_1d or target.size != self.n_outputs_:
            return None
        return checked

    def _own_output(self):
        """Whether partial_fit feeds back the model's own output (FORCE)."""
        return self.feedback and self.partial_fit_feedback == "output"

    def _row_drive(self, ys):
        last = self.__dict__.get("last_output_")  # a fitted attribute: no lookup beyond
        if self._own_output():  # FORCE: the last output fed back, without noise
            self._row_noise_state = None
            if last is None:
                return [np.zeros((1, self.W_fb_.shape[0]))]
            return [last[None, :] @ np.asarray(self.W_fb_, dtype=np.float64).T]
        # the noise generator's state before the draw, for _undo_row_drive
        self._row_noise_state = (self._feedback_rng.bit_generator.state
                                 if self.feedback and self.feedback_noise > 0 else None)
        return self._teacher_drive(ys, None if last is None else [last], noisy=True,
                                   seen_range=self._target_range)

    def _undo_row_drive(self):
        state = self.__dict__.pop("_row_noise_state", None)
        if state is not None:  # the general path draws this step's noise again
            self._feedback_rng.bit_generator.state = state

    def _row_output(self, readout, features):
        # (1,) or (1, n_outputs), a new array; numpy X: output_for and
        # restore_layout would give the array itself
        return self._shape_output(np.asarray(readout._linear(features), dtype=np.float64))

    def _row_fed_back(self, readout, features, ys):
        """What a one-row call feeds back next: its target, or with FORCE the output
        after the update (as :meth:`_learn_own_output`)."""
        if not self._own_output():
            return ys
        return [np.asarray(readout._linear(features), dtype=np.float64).reshape(1, -1)]

    def _row_learnt(self, X, y, ys, run, skip):
        self.__dict__.pop("_row_noise_state", None)
        self._target_range = target_range(ys, self._target_range)
        if skip == 0:  # the next calls of the stream: by the plan, while it holds
            plan = self._row_plan = RowPlan.make(self, X, y, run, ESNRegressor)
            if plan is not None:  # what the plan's calls compare with
                plan.remember(self)

    @_says_when_fed_back
    @names_untrained_readout
    def predict(self, X, *, initial_state=None):
        """Predict the targets of a series or a panel.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Input series; by default each starts from the reservoir's initial
            state (and, with ``feedback``, a fed-back output of zeros).
        initial_state : None, "rest", "fit", "continue" or array-like of shape (state_size,), default=None
            Where every series starts. None: the reservoir's initial state
            (stateless, as scikit-learn expects: the same input gives the same
            output), with a :class:`~skreservoir.exceptions.WarmupWarning`
            when the model was last fitted on one series and ``X`` is one
            series that does not start with the training series' first row
            (its first ``washout_`` predictions are the reservoir's
            transient; ``X`` may be the rest of the training series).
            ``"rest"``: the same start, without the warning. ``"fit"``: where
            the data of the last ``fit`` or ``partial_fit`` ended, so that
            predicting the rest of a series continues it (ReservoirPy's
            ``esn.run(X_test)`` after training); ``"continue"`` calls and
            :meth:`reset_state` since do not move it, and ``"fit"`` never
            changes the model: calling it on chunks starts every chunk where
            training ended.
            ``"continue"``: from the model's state, ``state_`` (where training
            ended, or the end of the last ``"continue"`` call), and the state then moves to
            the end of ``X`` (``state_``, ``last_input_`` and, with
            ``feedback``, ``last_output_``: the last prediction), so that
            successive calls on consecutive chunks of a series give the
            predictions of one call on the whole (ReservoirPy's ``run``,
            which keeps its state between calls); one series only, and
            ``generate`` and ``partial_fit`` then start there.
            ``n_steps_seen_`` counts the steps (a ``partial_fit`` after them
            skips only what is left of the washout).
            An array: that internal state.
            With ``feedback`` and ``"fit"``, the fed-back output starts from
            the last training target (``"continue"``: the last output fed
            back); from an array, it starts from zeros, so that
            ``initial_state=esn.state_`` is not ``"continue"`` (a
            :class:`~skreservoir.exceptions.WarmupWarning` says so).

        Returns
        -------
        y_pred : ndarray or list of ndarray
            (n_timesteps,) or (n_timesteps, n_outputs) per series, with the
            structure of ``X``.
        """
        if "readout_" not in self.__dict__:  # fitted when it has one (a closed loop's step)
            check_is_fitted(self)
        if is_dask_collection(X):
            if isinstance(initial_state, str) and initial_state == "continue":
                raise ValueError("initial_state='continue' needs one in-memory series; "
                                 "X is a dask array. Pass X.compute().")
            return map_series_blocks(self, "predict", X, one_series=X.ndim == 2,
                                     initial_state=initial_state)
        if type(X) is np.ndarray and X.ndim == 2 and self._predict_fast_path:
            result = self._predict_numpy_series(X, initial_state)
            if result is not None:
                return result
        if isinstance(X, (list, tuple)):  # a list of dask series: computed first
            X = computed(X)
        Xs, _, layout = self._validated(X, reset=False)
        continuing = isinstance(initial_state, str) and initial_state == "continue"
        if continuing and layout.is_panel:
            raise ValueError(
                "initial_state='continue' continues one series from where the model's "
                "state is; X is a panel. Predict its series one by one, or pass "
                "initial_state='fit' to start each where training ended."
            )
        self._warn_if_from_rest(initial_state, layout, Xs)
        predictions = self._predict_series(Xs, "fit" if continuing else initial_state,
                                           keep_end=continuing)
        return output_for(X, restore_layout(predictions, layout))

    #: Whether ``predict`` of one numpy series may take :meth:`_predict_numpy_series`
    #: (the tests turn it off to compare with the general path).
    _predict_fast_path = True

    def _predict_numpy_series(self, X, initial_state):
        """``predict`` of one clean numpy series by the shortest path; None to take the general one.

        A closed loop written by hand calls ``predict`` once per step on a
        short window (NG-RC's ``u + model(u)``): there the general dispatch
        (namespaces, layouts, the readout's validation of the features this
        estimator made) costs more than the arithmetic. The checks, the
        warning and the results are those of the general path: the same
        validation of a clean numpy series (:func:`~skreservoir._validation.fast_series`),
        the reservoir run by its ``run_function`` (which computes as its
        ``run_batch``), the readout's product by its ``_predict_rows``.
        Taken without output feedback, with ``initial_state`` None,
        ``"rest"``, ``"fit"`` or ``"continue"`` (whose state then moves as
        :meth:`_predict_series` moves it with ``keep_end``), on the numpy
        backend; None, with nothing changed, where the general path must run.
        """
        readout = self.__dict__.get("readout_")
        if (self.feedback or type(self)._predict_series is not ESNRegressor._predict_series
                or not (initial_state is None or (
                isinstance(initial_state, str)
                and initial_state in ("rest", "fit", "continue")))
                or not hasattr(readout, "_predict_rows") or not self._on_host()):
            return None
        continuing = initial_state == "continue"
        checked = fast_series(self, X, None)
        if checked is None:
            return None
        Xs, _, layout = checked
        self._warn_if_from_rest(initial_state, layout, Xs)
        # the reservoir's run function made for this call (kept by partial_fit's
        # streams only: predict leaves the estimator's attributes as they were)
        run = self.reservoir_.run_function(X)
        features, finals = self._features(
            Xs, self._initial_states("fit" if continuing else initial_state, 1,
                                     current=continuing), run=run)
        # features the reservoir tested finite (NVAR's compiled windows; with
        # include_input, X is finite too) are not tested again by the readout
        finite = getattr(run, "outputs_finite", False) is True
        rows = self._shape_output(readout._predict_rows(features[0], finite=finite))
        if continuing:  # after the predictions succeeded, as _predict_series does
            self._keep_end(finals[-1, :], Xs[-1], np)
        dtype = self.reservoir_.initial_state_.dtype  # as_state_dtype, for a numpy result
        return rows if rows.dtype == dtype else rows.astype(dtype)

    def _warn_state_without_output(self, initial_state):
        """WarmupWarning where an array ``initial_state`` of a feedback model is the
        model's own ``state_`` or the end of training: the array starts the fed-back
        output from zeros, where ``"continue"`` and ``"fit"`` feed back the last output
        (a user battery: predictions 0.13 apart, without a word)."""
        given = to_host(initial_state)
        for kept, keyword in ((self._fit_end_state()[0], "fit"),
                              (self.__dict__.get("state_"), "continue")):
            if kept is not None and np.array_equal(given, to_host(kept)):
                if keyword == "fit":
                    where = "the state where training ended"
                    fix = ("initial_state='fit' feeds back the last training target: pass "
                           "that")
                else:
                    where = "the model's current state_"
                    fix = ("predict(X, initial_state='continue') feeds back the last "
                           "output and goes on from state_")
                warnings.warn(
                    f"initial_state equals {where}, given as an array: with "
                    "feedback=True an array starts the fed-back output from zeros; "
                    f"{fix}.",
                    WarmupWarning, stacklevel=user_stacklevel(),
                )
                return

    def _predict_series(self, Xs, initial_state=None, keep_end=False):
        """Predictions of every validated series (on the host).

        With ``keep_end`` (one series), the model's state moves to the end
        of the series: ``state_``, ``last_input_`` and, with feedback,
        ``last_output_`` (the last prediction, which was fed back).
        """
        starts = self._initial_states(initial_state, len(Xs), current=keep_end)
        if self.feedback:
            initial = self.reservoir_.initial_state_ if starts is None else starts[0]
            xp = array_namespace(initial)
            continued = isinstance(initial_state, str) and initial_state == "fit"
            last = None
            if continued:
                last = (getattr(self, "last_output_", None) if keep_end
                        else self._fit_end_state()[1])
            if last is None:
                last = xp.zeros(self.n_outputs_, dtype=xp.float64, device=device_of(initial))
                if starts is not None and not isinstance(initial_state, str):
                    self._warn_state_without_output(initial_state)
            runs = [self.reservoir_.run_feedback(x, initial, last, self.W_fb_,
                                                 self._readout_function()) for x in Xs]
            outputs = [to_host(run[1]) for run in runs]
            # the fed-back output closes a loop, as generate does: the same guard,
            # after the washout on a run from rest (its start-up transient, which
            # training and score leave out, may pass the bounds: a false alarm)
            start = self.washout_ if starts is None else 0
            for output in outputs:
                self._check_range(output, "predict (with feedback)", start=start)
            if keep_end:
                self._hold_fit_end()
                predictions = runs[0][1]
                self.last_output_ = xp.reshape(xp.astype(predictions[-1, ...], xp.float64),
                                               (-1,))
                final = runs[0][2]
        else:
            # in chunks of series, as training runs (the states of a chunk
            # fit get_config()["state_chunk_bytes"]): a large panel's states
            # and their concatenation are never all held at once
            outputs = []
            for chunk in self._chunks(Xs):
                sub = [Xs[i] for i in chunk]
                features, finals = self._features(
                    sub, None if starts is None else starts[chunk.start:chunk.stop])
                rows = to_host(self.readout_.predict(concat_rows(features)))
                outputs += split_rows(rows, [x.shape[0] for x in sub])
            final = finals[-1, :] if keep_end else None
        if keep_end:
            self._keep_end(final, Xs[-1], array_namespace(final))
        return as_state_dtype([self._shape_output(o) for o in outputs], self.reservoir_)

    def _keep_end(self, final, series, xp):
        """Move the model's state to the end of the predicted ``series``: ``state_`` to
        its ``final`` state, ``last_input_`` to its last row (arrays of namespace ``xp``);
        ``initial_state="fit"`` still starts where training ended."""
        self._hold_fit_end()
        self.state_ = xp.asarray(final, copy=True)
        self.last_input_ = xp.asarray(series[-1, :], copy=True)
        # the stream went on by these steps: a partial_fit after them skips only what
        # is left of the washout
        self.n_steps_seen_ = getattr(self, "n_steps_seen_", 0) + series.shape[0]

    def _shape_output(self, output):
        """(n,) for a 1D target, (n, n_outputs) otherwise, whatever the readout gave."""
        if self._target_1d:
            return output.reshape(-1)
        return output.reshape(len(output), self.n_outputs_)

    @_says_when_fed_back
    @names_untrained_readout
    def score(self, X, y, sample_weight=None, *, initial_state=None):
        """R² of the predictions after the first ``washout`` steps of each series.

        The first steps of every series start from the initial state, before
        the reservoir has forgotten it; they are left out of the score as
        they are left out of training. With ``washout=0`` this is
        :meth:`sklearn.base.RegressorMixin.score`. With ``initial_state="fit"``
        (or a state) the series continue from there, as in :meth:`predict`,
        and every step is scored: ``r2_score(y, predict(X,
        initial_state="fit"))``, ReservoirPy's ``rsquare(y_test,
        esn.run(x_test))`` after training. A time step whose target has a
        NaN is not scored, as :meth:`fit` leaves it out of training.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Input series.
        y : array-like with the structure of ``X``
            True targets.
        sample_weight : array-like of shape (n_timesteps,) per series, or float, default=None
            Weight of every time step, with the structure of ``X`` (as in
            :meth:`fit`, and as scikit-learn's cross-validation passes it
            to the scorer); the weights of the washout rows are left out
            with those rows.
        initial_state : None, "rest", "fit" or array-like of shape (state_size,), default=None
            Where every series starts, as in :meth:`predict` (not
            ``"continue"``, which would move the model's state). None or
            ``"rest"``: the initial state, and the washout rows are not
            scored.

        Returns
        -------
        score : float
            :func:`sklearn.metrics.r2_score` of the scored rows.
        """
        y_true, y_pred, weights = self._scored_rows(X, y, sample_weight, initial_state)
        return r2_score(y_true, y_pred, sample_weight=weights)

    def _scored_rows(self, X, y, sample_weight=None, initial_state=None):
        """The rows :meth:`score` scores, every series' after its washout, one after another.

        Returns ``(y_true, y_pred, weights)``: the targets and predictions of
        shape (n_rows, n_outputs) (or (n_rows,) for one output given as 1-D
        targets) and the weights of those rows (None without weights and NaN
        targets). :mod:`skreservoir.metrics`' scorers read them, so that they
        score what ``score`` scores.
        """
        check_is_fitted(self)
        # dask collections computed first (the recurrence on dask slices built a graph
        # of one task a time step: 9 s for a 500-step series, minutes for a panel)
        X, y, sample_weight = computed([X, y, sample_weight])
        y, missing = fill_missing_targets(y, X)
        Xs, ys, layout = self._validated(X, y, method="score", reset=False,
                                         y_required=True)
        from_rest = self._initial_states(initial_state, len(Xs)) is None
        skip = self._skip(layout.lengths) if from_rest else 0
        if from_rest:
            self._check_lengths(layout.lengths)
            self._warn_if_from_rest(initial_state, layout, Xs, method="score")
        given = 1 if ys[0].ndim == 1 else int(np.prod(ys[0].shape[1:]))
        if given != self.n_outputs_:
            raise ValueError(
                f"y has {given} output(s) per time step, but this model was fitted on "
                f"{self.n_outputs_} and predicts {self.n_outputs_}; score it on targets "
                f"with {self.n_outputs_} column(s), or fit it on these."
            )
        predictions = self._predict_series(Xs, None if from_rest else initial_state)
        y_pred = np.concatenate([p[skip:] for p in predictions])
        y_true = np.concatenate([to_host(t)[skip:] for t in ys]).reshape(y_pred.shape)
        return y_true, y_pred, scored_weights(sample_weight, missing, layout, skip)

    @names_untrained_readout
    def generate(self, n_steps, warmup=None, *, inputs=None):
        """Run on from the last state, each prediction fed back.

        Without ``inputs``, closed loop: each prediction is the next input
        (and, with ``feedback``, also the fed-back output); this needs as many
        outputs as inputs. With ``inputs``, the model is driven by them and,
        with ``feedback``, by its own fed-back predictions. A model whose
        training inputs were one constant row (every row of every series
        the same: an autonomous pattern generator trained on zero inputs
        with ``feedback``, as echoes' ``ESNGenerator``) was not trained to
        predict its input: without ``inputs`` it is driven by that row, as
        ``inputs=np.zeros((n_steps, n_features))`` would drive it, and its
        ``warmup`` is a piece of the series it generates (see ``warmup``).

        The loop is checked as ``transform`` is: it stops with a
        :class:`~skreservoir.exceptions.DivergenceError` at the first output
        that is not finite or exceeds 1e100 in magnitude, and warns
        (:class:`~skreservoir.exceptions.ClosedLoopDivergenceWarning`) when
        outputs lie further than the training targets' range from that
        range (the forecasters' rule). An ``n_steps`` whose output does not fit in memory fails
        at once with a :class:`MemoryError`.

        Parameters
        ----------
        n_steps : int
            Number of steps to generate.
        warmup : array-like of shape (n_timesteps, n_features), default=None
            A series to run first, from the initial state; when None,
            generation starts from ``state_``, the end of the training data.
            Closed loop only. With ``feedback``, each warm-up input is also
            fed back as the previous output (teacher forcing, as in training:
            in closed loop the output is the next input), so the warm-up
            follows the true series; ReservoirPy's warm-up ``run`` feeds back
            the model's own outputs instead (to do the same:
            ``reset_state()``, ``predict(warmup, initial_state="continue")``,
            then ``generate(n_steps)``). For a pattern generator (trained on one
            constant input row, with ``feedback``): a piece of the series it
            generates, shape (n_timesteps, n_outputs) or (n_timesteps,), fed
            back as the teacher outputs were in training while the held row
            drives the reservoir (Jaeger's teacher-forced start of a free
            run on a held-out segment); the generation continues from its end.
        inputs : array-like of shape (n_steps, n_features), default=None
            Inputs to drive the model with instead of its own predictions.

        Returns
        -------
        outputs : ndarray of shape (n_steps, n_outputs)
            Row 0 forecasts the value that follows the last input seen (or,
            with ``inputs``, the output for ``inputs[0]``).
        """
        check_is_fitted(self)
        n_steps = check_int(n_steps, "n_steps")
        held = getattr(self, "_constant_input", None)
        if inputs is None and warmup is not None and held is not None:
            return self._generate_after_teacher(n_steps, warmup, held)
        if inputs is None and warmup is None and held is not None:
            # trained on one constant input row (a pattern generator): not trained to
            # predict its input, so driven by that row as in training, in the state's
            # namespace (the row was validated at fit)
            rows = to_namespace(np.tile(held, (n_steps, 1)), array_namespace(self.state_),
                                device_of(self.state_))
            return self._check_range(as_state_dtype(
                self._for_output(self._driven_outputs(rows, n_steps)), self.reservoir_))
        if inputs is not None:
            return self._generate_driven(n_steps, warmup, inputs)
        if self.n_outputs_ != self.n_features_in_:
            raise ValueError(
                "generate feeds each output back as the next input, so it needs "
                f"as many outputs as inputs; this model has {self.n_features_in_} "
                f"inputs and {self.n_outputs_} outputs. Pass inputs=... to drive "
                "it with given inputs instead."
            )
        W_fb = self.W_fb_ if self.feedback else None
        if warmup is not None:
            Xs = self._validated_warmup(warmup)
            self._warn_if_short_warmup(Xs[0].shape[0])
            # in closed loop the output is the next input: teacher forcing
            # feeds back each warm-up input as the previous output
            extra = None if W_fb is None else [Xs[0] @ W_fb.T]
            x0, u0 = self._features(Xs, extra_drive=extra)[1][0, :], Xs[0][-1, :]
        elif self.last_input_ is None:
            raise ValueError(
                "generate has no input to start from after reset_state(); pass a "
                "warmup series."
            )
        else:
            x0, u0 = self.state_, self.last_input_
        kwargs = {} if W_fb is None else {"W_fb": W_fb}
        xp = array_namespace(x0)
        # the closed loop calls the readout's weights, not its predict: its warning here
        getattr(self.readout_, "_warn_if_not_converged", lambda: None)()
        try:
            outputs = self.reservoir_.generate(
                x0, xp.astype(u0, xp.float64), n_steps, self._readout_function(), **kwargs)
        except DivergenceError as error:
            raise DivergenceError(f"{error}{_NEXT_INPUT_HINT}") from None
        return self._check_range(as_state_dtype(self._for_output(outputs), self.reservoir_),
                                 hint=_NEXT_INPUT_HINT)

    def _generate_after_teacher(self, n_steps, warmup, held):
        """A pattern generator's ``generate`` after ``warmup``, a piece of its outputs
        fed back as teacher outputs while the held input row ``held`` drives it."""
        if not self.feedback:
            raise ValueError(
                "This model was trained on one constant input row without feedback: "
                "its outputs follow no series, so a warmup has nothing to set. Call "
                "generate(n_steps) without warmup, or fit with feedback=True to train "
                "a pattern generator that a warmup of its outputs can start."
            )
        Y = check_array(to_host(warmup), ensure_2d=False, dtype=np.float64,
                        input_name="warmup")
        Y = Y[:, None] if Y.ndim == 1 else Y
        if Y.ndim != 2 or Y.shape[1] != self.n_outputs_ or Y.shape[0] == 0:
            raise ValueError(
                "This model was trained on one constant input row (a pattern "
                "generator): warmup is a piece of the series it generates, shape "
                f"(n_timesteps, {self.n_outputs_}), fed back as its outputs; got shape "
                f"{np.shape(warmup)}."
            )
        self._warn_if_short_warmup(Y.shape[0])
        xp, device = array_namespace(self.state_), device_of(self.state_)
        targets = to_namespace(Y, xp, device)
        n_warmup = Y.shape[0]
        rows = to_namespace(np.tile(to_host(held), (n_warmup + n_steps, 1)), xp, device)
        # from the initial state, fed back y(t-1) as in training (without its noise)
        _, states = self._features([rows[:n_warmup, :]], None,
                                   extra_drive=self._teacher_drive([targets], None))
        getattr(self.readout_, "_warn_if_not_converged", lambda: None)()
        outputs = self._driven_outputs(rows[n_warmup:, :], n_steps, state=states[0, :],
                                       last=targets[-1, :])
        return self._check_range(as_state_dtype(self._for_output(outputs), self.reservoir_))

    def _validated_warmup(self, warmup):
        """A closed loop's ``warmup`` validated as ``X`` is, its errors naming it.

        Also warns (:class:`~skreservoir.exceptions.ReservoirStateWarning`) where
        it lies further than the training data's range from that range (the
        rule of :meth:`_check_range`): a warmup in other units or unscaled
        drives the reservoir where it was not trained.
        """
        try:
            Xs, _, layout = self._validated(warmup, method="generate", reset=False)
        except (ValueError, TypeError) as error:
            # the checks name the data they see "X"
            raise type(error)(f"warmup passed to generate, checked as X is: {error}") from None
        if layout.is_panel:
            raise ValueError("warmup must be one series (a 2D array), not a panel.")
        lo, hi = (np.ravel(bound) for bound in self._target_range)
        values = np.asarray(to_host(Xs[0]), dtype=np.float64)
        values = values.reshape(values.shape[0], -1)
        # a column constant in training: a relative tolerance (float32 rounding is no shift)
        width = np.maximum(hi - lo, 1e-6 * np.maximum(np.maximum(abs(lo), abs(hi)), 1.0))
        outside = (values < lo - DIVERGENCE_MARGIN * width) | (values > hi + DIVERGENCE_MARGIN * width)
        if np.any(outside):
            j = int(np.flatnonzero(outside.any(axis=0))[0])
            warnings.warn(
                f"warmup lies outside the range of the training data by more than "
                f"{DIVERGENCE_MARGIN:g} times its width ({int(outside.any(axis=1).sum())} of "
                f"{len(values)} steps; column {j}: values from {values[:, j].min():.4g} to "
                f"{values[:, j].max():.4g}, trained on {lo[j]:.4g} to {hi[j]:.4g}): it "
                "drives the reservoir where it was not trained, and the generation starts "
                "from that state. Pass a warmup in the units and scaling of the training "
                "data (the same scaler, if one was applied before fit).",
                ReservoirStateWarning, stacklevel=user_stacklevel(),
            )
        return Xs

    def _warn_if_short_warmup(self, n_warmup):
        """WarmupWarning for a ``generate`` warmup shorter than ``washout_``."""
        if n_warmup < self.washout_ and self.reservoir_.n_warmup_ == 0:
            warnings.warn(
                f"warmup has {n_warmup} steps, fewer than washout_={self.washout_}, the "
                "steps this reservoir needs to forget its initial state: the generation "
                "starts from a state still in its transient. Pass a warmup of at least "
                "washout_ steps, or no warmup to continue from the end of the training "
                "data.",
                WarmupWarning, stacklevel=user_stacklevel(),
            )

    def _generate_driven(self, n_steps, warmup, inputs):
        """Outputs for given inputs, continuing from ``state_``."""
        if warmup is not None:
            raise ValueError(
                "Pass either warmup or inputs to generate, not both. To drive the model "
                "with inputs after a warm-up from rest: esn.reset_state(), then "
                "esn.predict(warmup, initial_state='continue'), then "
                "esn.generate(n_steps, inputs=inputs).")
        Xs, _, layout = self._validated(inputs, method="generate", reset=False)
        if layout.is_panel or Xs[0].shape[0] != n_steps:
            raise ValueError(
                f"inputs must be one series of n_steps={n_steps} rows, shape "
                f"({n_steps}, {self.n_features_in_})."
            )
        outputs = self._driven_outputs(Xs[0], n_steps)
        return self._check_range(output_for(inputs, as_state_dtype(outputs, self.reservoir_)))

    def _driven_outputs(self, X, n_steps, state=None, last=None):
        """Outputs for the validated inputs ``X`` (n_steps, n_features), from ``state``
        (``state_`` when None) and, with feedback, the fed-back ``last`` output
        (``last_output_`` when None)."""
        Xs = [X]
        state = self.state_ if state is None else state
        if self.feedback:
            xp = array_namespace(state)
            last = getattr(self, "last_output_", None) if last is None else last
            if last is None:
                last = xp.zeros(self.n_outputs_, dtype=xp.float64,
                                device=device_of(state))
            outputs = self.reservoir_.run_feedback(
                Xs[0], state, last, self.W_fb_, self._readout_function())[1]
        else:
            features, _ = self._features(Xs, state[None, :])
            outputs = to_host(self.readout_.predict(features[0])).reshape(n_steps, -1)
        return outputs

    def _check_range(self, outputs, what="generate", hint="", start=0):
        """Warn when closed-loop outputs lie far outside the training targets' range.

        The rule is the forecasters' (``DIVERGENCE_MARGIN`` of
        :mod:`skreservoir.exceptions`): an output further than the range of
        the training targets (per output) from that range. ``what`` names
        the call in the warning (``generate``, or ``predict`` with feedback);
        the steps before ``start`` are not checked.
        """
        lo, hi = self._target_range
        values = to_host(outputs)
        values = values.reshape(values.shape[0], -1)[start:]
        margin = DIVERGENCE_MARGIN * np.maximum(hi - lo, np.finfo(np.float64).tiny)
        outside = np.any((values < lo - margin) | (values > hi + margin), axis=1)
        if np.any(outside):
            first = start + int(np.argmax(outside))
            warnings.warn(
                f"{what} left the range of the training targets by more than "
                f"{DIVERGENCE_MARGIN:g} times its width from step {first} on "
                f"({int(outside.sum())} of {len(values)} steps"
                + (" after the washout" if start else "") + "): the closed loop is "
                "extrapolating, usually because it is unstable. Raise the readout's "
                "alpha, lower the reservoir's spectral_radius, or train on more data"
                + (" (with feedback, a larger feedback_noise also damps the loop)."
                   if self.feedback else ".") + hint,
                ClosedLoopDivergenceWarning, stacklevel=user_stacklevel(),
            )
        return outputs

    def _readout_function(self):
        """``(output_row, input) -> output`` for one step of closed-loop generation."""
        return linear_readout(self.readout_, self.n_features_in_, self.include_input,
                              like=self.reservoir_.initial_state_)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


class _OwnOutputStep:
    """One step of FORCE learning (``ESNRegressor._learn_own_output``): the readout's
    output for the step's features (kept in ``before``), its update on the step's
    target, and its output after the update, which is returned.

    Called by ``run_feedback`` as ``readout(state_row, input_row)`` once per step;
    the output returned is fed back at the next step.
    """

    def __init__(self, readout, targets, skip, include_input, weights=None):
        self.readout, self.targets, self.skip = readout, targets, skip
        self.include_input, self.t, self.before = include_input, 0, []
        self.weights = weights  # per row (0: not learnt), or None

    def __call__(self, row, u):
        xp = array_namespace(row)
        features = to_host(xp.concat([xp.astype(u, row.dtype), row]) if self.include_input
                           else row)[None, :]
        readout, t = self.readout, self.t
        self.t += 1
        n_outputs = 1 if self.targets.ndim == 1 else self.targets.shape[1]
        predict = getattr(readout, "_predict_rows", readout.predict)  # (its checks, fewer)
        if hasattr(readout, "n_features_in_"):  # learnt already: its output now
            output = np.asarray(predict(features), dtype=np.float64).reshape(-1)
        else:  # the readout starts from zero weights (RLS, LMS)
            output = np.zeros(n_outputs)
        learns = t >= self.skip and (self.weights is None or self.weights[t] > 0)
        if learns and self.weights is not None:
            readout.partial_fit(features, self.targets[t:t + 1],
                                sample_weight=self.weights[t:t + 1])
        elif learns:
            target = self.targets[t:t + 1]
            learnt = hasattr(readout, "_learn_row") and readout._learn_row(
                features, target.reshape(-1) if target.ndim == 1 else target)
            if not learnt:
                readout.partial_fit(features, target)
        self.before.append(output)
        if learns:  # the output after the update is the one fed back
            output = np.asarray(predict(features), dtype=np.float64).reshape(-1)
        return xp.asarray(output, dtype=xp.float64)
