"""Echo state networks: a reservoir and a readout in one estimator."""

from numbers import Integral, Real

import numpy as np
from array_api_compat import array_namespace
from scipy.special import softmax
from sklearn.metrics import r2_score
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    RegressorMixin,
    TransformerMixin,
    clone,
)
from sklearn.decomposition import PCA
from sklearn.utils import (
    check_consistent_length,
    check_random_state,
    column_or_1d,
    get_tags,
)
from sklearn.utils.metaestimators import available_if

from skreservoir._backend import (
    HostPickleMixin,
    check_same_namespace,
    compute_namespace,
    device_of,
    input_namespace,
    is_numpy,
    output_for,
    to_host,
    to_namespace,
)
from skreservoir._sklearn_compat import (
    HasMethods,
    Interval,
    StrOptions,
    _fit_context,
    check_is_fitted,
    validate_data,
)
from skreservoir._validation import (
    array_ndim,
    check_washout,
    is_panel,
    restore_layout,
    validate_series,
)
from skreservoir.readout import (
    RidgeReadout,
    RidgeReadoutClassifier,
    _BaseReadout,
    _ReadoutRegressor,
)
from skreservoir.reservoir import Reservoir

__all__ = ["ESNClassifier", "ESNRegressor", "ESNTransformer"]


def pool_states(features, representation, washout=0):
    """One vector per series: the ``"last"`` row or the ``"mean"`` of the rows.

    Parameters
    ----------
    features : list of ndarray of shape (n_timesteps_i, n_features)
    representation : {"last", "mean"}
    washout : int
        Rows left out of the mean.

    Returns
    -------
    pooled : ndarray of shape (n_series, n_features)
    """
    xp = array_namespace(features[0])
    if representation == "last":
        return xp.stack([f[-1, :] for f in features])
    return xp.stack([xp.mean(f[washout:, :], axis=0) for f in features])


def reservoir_namespace(reservoir, X):
    """``(xp, device)`` of a composite's call on ``X``: that of ``reservoir``'s ``backend``.

    Array API input computes in its own namespace; numpy input where the
    reservoir's ``backend`` says (None, or a reservoir without one: the
    configured backend).
    """
    return compute_namespace(X, getattr(reservoir, "backend", None))


def fit_reservoir(reservoir, Xs, random_state=None):
    """Clone ``reservoir`` (``Reservoir()`` when None) and fit it on ``Xs``.

    ``random_state`` seeds a reservoir whose own ``random_state`` is None.
    """
    reservoir = Reservoir() if reservoir is None else clone(reservoir)
    if not hasattr(reservoir, "_run"):
        raise TypeError(
            "reservoir must be a skreservoir reservoir such as "
            f"skreservoir.Reservoir, got {type(reservoir).__name__}. To use "
            "another transformer, put it in a sklearn Pipeline instead."
        )
    if (random_state is not None and "random_state" in reservoir.get_params()
            and reservoir.get_params()["random_state"] is None):
        reservoir.set_params(random_state=random_state)
    return reservoir.fit(Xs)


def _padded(arrays):
    """Stack arrays of unequal lengths into (n, max_length, d), zero-padded."""
    lengths = np.array([len(a) for a in arrays])
    if np.all(lengths == lengths[0]):
        return np.stack(arrays), lengths
    out = np.zeros((len(arrays), lengths.max(), arrays[0].shape[1]))
    for i, a in enumerate(arrays):
        out[i, :len(a)] = a
    return out, lengths


def batched_ridge(inputs, targets, alpha):
    """Ridge regression of ``targets`` on ``inputs``, one model per series.

    Each series i gets the coefficients minimising
    ||Y_i - H_i W - 1 b||^2 + alpha ||W||^2 (intercept b not penalised, as
    :class:`sklearn.linear_model.Ridge`), all series at once: the centred
    Gram matrices are stacked and solved as one (n_series, d, d) batch.

    Parameters
    ----------
    inputs : list of ndarray of shape (n_i, d)
    targets : list of ndarray of shape (n_i, k)
    alpha : float

    Returns
    -------
    coef : ndarray of shape (n_series, k, d)
    intercept : ndarray of shape (n_series, k)
    """
    H, lengths = _padded(inputs)
    Y, _ = _padded(targets)
    mask = (np.arange(H.shape[1])[None, :] < lengths[:, None])[:, :, None]
    counts = lengths[:, None].astype(np.float64)
    h_mean, y_mean = H.sum(axis=1) / counts, Y.sum(axis=1) / counts
    Hc = (H - h_mean[:, None, :]) * mask
    Yc = (Y - y_mean[:, None, :]) * mask
    gram = np.matmul(Hc.transpose(0, 2, 1), Hc)
    gram[:, np.arange(H.shape[2]), np.arange(H.shape[2])] += alpha
    W = np.linalg.solve(gram, np.matmul(Hc.transpose(0, 2, 1), Yc))
    intercept = y_mean - np.einsum("nd,ndk->nk", h_mean, W)
    return W.transpose(0, 2, 1), intercept


def series_representation(states, representation, washout=0, inputs=None, alpha=1.0):
    """One vector per series from its states (Bianchi et al., 2021).

    Parameters
    ----------
    states : list of ndarray of shape (n_timesteps_i, d)
    representation : {"last", "mean", "output_model_space", "reservoir_model_space"}
        ``"last"`` and ``"mean"`` pool the states (:func:`pool_states`); the
        model spaces are the flattened coefficients and intercept of a ridge
        model per series predicting u(t+1) (``inputs``) or x(t+1) from x(t),
        for t after ``washout``.
    washout : int
        First rows left out of the mean and of the model-space fits.
    inputs : list of ndarray of shape (n_timesteps_i, n_features), default=None
        The input series (output model space only).
    alpha : float
        Ridge penalty of the model-space fits.

    Returns
    -------
    representation : ndarray of shape (n_series, n_output_features)
    """
    if representation in ("last", "mean"):
        return pool_states(states, representation, washout)
    predictors = [s[washout:-1] for s in states]
    if representation == "output_model_space":
        targets = [u[washout + 1:] for u in inputs]
    else:
        targets = [s[washout + 1:] for s in states]
    coef, intercept = batched_ridge(predictors, targets, alpha)
    return np.hstack([coef.reshape(len(states), -1), intercept])


def _split_rows(array, lengths):
    """Split the rows of ``array`` into consecutive blocks of ``lengths``."""
    ends = np.cumsum(lengths)
    return [array[int(end - n):int(end), ...] for n, end in zip(lengths, ends)]


#: A panel whose states would take more than this many bytes runs in chunks of
#: series (each chunk's states are used, then dropped), so that the
#: (n_series, n_timesteps, n_units) state tensor of a large panel is never
#: held whole: training accumulates the readout chunk by chunk (exactly, for
#: skreservoir's readouts), representations are computed per chunk. Change it
#: with ``skreservoir.esn.STATE_CHUNK_BYTES = ...``.
STATE_CHUNK_BYTES = 128 * 2**20


def series_chunks(lengths, width, itemsize, budget=None):
    """Consecutive ranges of series whose states fit in ``budget`` bytes each.

    Parameters
    ----------
    lengths : sequence of int
        Time steps of every series.
    width : int
        Values per time step (the reservoir's output size).
    itemsize : int
        Bytes per value.
    budget : int, default=None
        Bytes per chunk; :data:`STATE_CHUNK_BYTES` when None. A series larger
        than the budget is a chunk of its own.

    Returns
    -------
    chunks : list of range
    """
    budget = STATE_CHUNK_BYTES if budget is None else budget
    chunks, start, used = [], 0, 0
    for i, n_steps in enumerate(lengths):
        size = int(n_steps) * width * itemsize
        if i > start and used + size > budget:
            chunks.append(range(start, i))
            start, used = i, 0
        used += size
    chunks.append(range(start, len(lengths)))
    return chunks


def _public_name(method):
    """The public method a readout method serves (for error messages)."""
    name = method.__name__
    return "predict_proba" if name == "_softmax_scores" else name


def _concat(arrays):
    """Concatenate the rows of arrays of one namespace."""
    return array_namespace(arrays[0]).concat(arrays, axis=0)


class _BaseESN(HostPickleMixin, MetaEstimatorMixin, BaseEstimator):
    """Reservoir + readout plumbing shared by the regressor and the classifier."""

    _parameter_constraints: dict = {
        "reservoir": [HasMethods(["fit", "transform"]), None],
        "readout": [HasMethods(["fit", "predict"]), None],
        "washout": [Interval(Integral, 0, None, closed="left")],
        "include_input": ["boolean"],
        "random_state": ["random_state"],
    }

    def _default_readout(self):
        raise NotImplementedError

    # -- building blocks --------------------------------------------------
    def _namespace(self, X):
        """``(xp, device)`` of a call with input ``X``: the input's, or the reservoir's backend."""
        return reservoir_namespace(self.reservoir, X)

    def _validated(self, X, y=None, method="predict", **kwargs):
        """Validate on the host, then move the series to the compute namespace."""
        xp, device = self._namespace(X)
        if not kwargs["reset"]:
            check_same_namespace(self, "state_", xp, method)
        Xs, ys, layout = validate_series(self, to_host(X), to_host(y), **kwargs)
        if ys is not None and (kwargs.get("y_numeric", True)):
            ys = to_namespace(ys, xp, device)
        if kwargs.get("reset"):
            self._host_output = is_numpy(input_namespace(X))
        return to_namespace(Xs, xp, device), ys, layout

    def _for_output(self, result):
        """Results of methods without an input (generate) follow the fit's input."""
        if getattr(self, "_host_output", True):
            return to_host(result)
        return to_namespace(result, array_namespace(self.state_), device_of(self.state_))

    def _chunks(self, Xs):
        """Chunks of series for training (:func:`series_chunks`).

        One chunk unless the readout learns exactly by ``partial_fit`` (the
        skreservoir readouts): another regressor gets all rows at once.
        """
        if not isinstance(self.readout_, _BaseReadout):
            return [range(len(Xs))]
        width = self.reservoir_._n_features_out + (Xs[0].shape[1] if self.include_input
                                                   else 0)
        return series_chunks([x.shape[0] for x in Xs], width, 8)

    def _train_chunked(self, Xs, ys, skips, extra_drive=None, **kwargs):
        """Train the readout on every chunk of series: ``fit`` first, then ``partial_fit``.

        Returns the final internal states of the last chunk's series.
        """
        states = None
        for n, chunk in enumerate(self._chunks(Xs)):
            sub = [Xs[i] for i in chunk]
            extra = None if extra_drive is None else [extra_drive[i] for i in chunk]
            features, states = self._features(sub, extra_drive=extra)
            method = self.readout_.fit if n == 0 else self.readout_.partial_fit
            self._train_readout(method, features, [ys[i] for i in chunk],
                                [skips[i] for i in chunk],
                                **({} if n == 0 else kwargs))
        return states

    def _build(self, Xs):
        """Clone and fit the reservoir, clone the readout."""
        self.reservoir_ = fit_reservoir(self.reservoir, Xs, self.random_state)
        self.readout_ = self._default_readout() if self.readout is None else clone(self.readout)

    def _features(self, Xs, initial_states=None, extra_drive=None):
        """Readout features of every series ([u, x] with include_input).

        Returns the features and the reservoir's internal state at the end of
        every series, shape (n_series, state_size). ``extra_drive`` is the
        teacher-forced output feedback, when there is one.
        """
        if extra_drive is None:
            outputs, final_states = self.reservoir_._run(Xs, initial_states)
        else:
            outputs, final_states = self.reservoir_._run(Xs, initial_states,
                                                         extra_drive=extra_drive)
        if self.include_input:
            xp = array_namespace(outputs[0])
            outputs = [xp.concat([xp.astype(x, s.dtype), s], axis=1)
                       for x, s in zip(Xs, outputs)]
        return outputs, final_states

    def _skip(self):
        """Rows left out of training at the start of a series.

        ``washout``, and never fewer than the reservoir's zero-padded warm-up
        rows (``n_warmup_`` of NVAR).
        """
        return max(self.washout, getattr(self.reservoir_, "n_warmup_", 0))

    def _check_lengths(self, lengths):
        """Every series must leave rows for training after the skipped ones."""
        warmup = getattr(self.reservoir_, "n_warmup_", 0)
        if warmup > self.washout and min(lengths) <= warmup:
            raise ValueError(
                f"{type(self.reservoir_).__name__} has n_warmup_={warmup} "
                "incomplete delay-window rows per series, so every series needs "
                f"at least {warmup + 1} time steps; the shortest series has "
                f"{min(lengths)} time steps (n_samples = {min(lengths)})."
            )
        check_washout(self.washout, lengths)

    def _train_readout(self, method, features, targets, skips, **kwargs):
        """Call the readout's fit or partial_fit on the rows after ``skips``."""
        pairs = [(f[k:, ...], t[k:, ...]) for f, t, k in zip(features, targets, skips)
                 if f.shape[0] > k]
        if not pairs:
            return
        if len(pairs) == 1:
            method(pairs[0][0], pairs[0][1], **kwargs)
        elif get_tags(self.readout_).input_tags.three_d_array:
            method([f for f, _ in pairs], [t for _, t in pairs], **kwargs)
        else:
            method(_concat([f for f, _ in pairs]), _concat([t for _, t in pairs]),
                   **kwargs)

    def _remember_end(self, Xs, final_states, ys=None):
        """Keep the state after the last input seen, for generate and streaming."""
        xp = array_namespace(final_states)
        self.state_ = xp.asarray(final_states[-1, :], copy=True)
        self.last_input_ = xp.asarray(Xs[-1][-1, :], copy=True)
        if getattr(self, "feedback", False) and ys is not None:
            self.last_output_ = xp.reshape(xp.astype(ys[-1][-1, ...], xp.float64), (-1,))

    def _build_online(self, Xs):
        """First partial_fit: build, and check that the readout learns online."""
        self._build(Xs)
        if not hasattr(self.readout_, "partial_fit"):
            del self.readout_
            raise TypeError(
                f"partial_fit needs a readout with partial_fit; "
                f"{type(self.readout).__name__} has none. Use "
                f"{type(self._default_readout()).__name__} (the default) or call "
                "fit instead."
            )

    def _end_of_data(self, Xs, final_states, layout, ys=None, streaming=False):
        """Remember where the data ended; count the steps of the current stream.

        A panel ends the stream; one series starts it (fit) or continues it
        (partial_fit).
        """
        self._remember_end(Xs, final_states, ys)
        if layout.is_panel:
            self.n_steps_seen_ = 0
        else:
            self.n_steps_seen_ = (self.n_steps_seen_ if streaming else 0) + Xs[-1].shape[0]

    def _stream_start(self, layout):
        """Initial states and washout rows of a partial_fit call."""
        if layout.is_panel:
            self._check_lengths(layout.lengths)
            self.n_steps_seen_ = 0
            return None, [self._skip()] * len(layout.lengths)
        skip = max(0, self._skip() - self.n_steps_seen_)
        return self.state_[None, :], [skip]

    def reset_state(self):
        """Forget the stream: the next ``partial_fit`` starts a new series.

        The state goes back to the reservoir's initial state.

        Returns
        -------
        self : estimator
            The estimator, with ``state_`` reset.
        """
        check_is_fitted(self)
        initial = self.reservoir_.initial_state_
        xp = array_namespace(initial)
        self.state_ = xp.asarray(initial, copy=True)
        self.last_input_ = None
        self.n_steps_seen_ = 0
        if getattr(self, "feedback", False):
            self.last_output_ = xp.zeros(self.n_outputs_, dtype=xp.float64,
                                         device=device_of(initial))
        return self

    def _readout_features(self, X, method):
        """Validated features of every series of ``X`` for prediction."""
        check_is_fitted(self)
        Xs, _, layout = self._validated(X, method=method, reset=False)
        features, _ = self._features(Xs)
        return features, layout

    def _rowwise(self, method, X):
        """Apply a readout method to all rows at once; restore the structure.

        The readout's outputs come to the host, then go back to the namespace
        of ``X``.
        """
        features, layout = self._readout_features(X, _public_name(method))
        output = to_host(method(_concat(features)))
        return output_for(X, restore_layout(_split_rows(output, layout.lengths), layout))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.array_api_support = True
        return tags


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
    washout : int, default=0
        Number of first time steps of every series left out of training
        (ReservoirPy: ``warmup``). In streaming ``partial_fit``, the first
        steps of the stream. The zero-padded warm-up rows of a reservoir
        that has them (``NVAR.n_warmup_``) are always left out.
    include_input : bool, default=False
        Give the readout [u(t); x(t)] instead of x(t) (the intercept comes
        from the readout).
    feedback : bool, default=False
        Feed the previous output y(t-1) back into the reservoir through a
        random matrix ``W_fb_``: the drive becomes
        W_in u(t) + W x(t-1) + W_fb y(t-1) + b. During training the target
        is fed back (teacher forcing); in ``predict`` and ``generate`` the
        model's own prediction is (ReservoirPy: ``reservoir <<= readout``).
        Needs a :class:`Reservoir`.
    feedback_scaling : float, default=1.0
        Scale of ``W_fb_``, whose entries are +-feedback_scaling (ReservoirPy:
        ``fb_scaling``).
    random_state : int, RandomState instance or None, default=None
        Seeds the default reservoir, or a given reservoir whose own
        ``random_state`` is None, and ``W_fb_``.

    Attributes
    ----------
    reservoir_ : Reservoir
        The fitted reservoir.
    readout_ : regressor
        The fitted readout.
    state_ : ndarray of shape (n_units,)
        The reservoir state after the last input seen in ``fit`` or
        ``partial_fit``; ``generate`` and streaming ``partial_fit`` start
        from it.
    last_input_ : ndarray of shape (``n_features_in_``,)
        That last input.
    n_steps_seen_ : int
        Time steps of the current stream (since the last fit, panel or
        ``reset_state``).
    n_outputs_ : int
        Number of targets.
    W_fb_ : ndarray of shape (n_units, ``n_outputs_``)
        Feedback weights (only with ``feedback=True``).
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
    0.015
    >>> esn.generate(50).shape  # closed loop from the end of the training data
    (50, 1)
    """

    _parameter_constraints: dict = {
        **_BaseESN._parameter_constraints,
        "feedback": ["boolean"],
        "feedback_scaling": [Interval(Real, 0, None, closed="neither")],
    }

    def __init__(self, reservoir=None, readout=None, *, washout=0,
                 include_input=False, feedback=False, feedback_scaling=1.0,
                 random_state=None):
        self.reservoir = reservoir
        self.readout = readout
        self.washout = washout
        self.include_input = include_input
        self.feedback = feedback
        self.feedback_scaling = feedback_scaling
        self.random_state = random_state

    def _default_readout(self):
        return RidgeReadout()

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Run the reservoir over ``X`` and train the readout on ``y``.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Input series.
        y : array-like with the structure of ``X``
            Targets, (n_timesteps,) or (n_timesteps, n_outputs) per series.

        Returns
        -------
        self : ESNRegressor
            The fitted estimator.
        """
        Xs, ys, layout = self._validated(X, y, reset=True, y_required=True)
        self._build(Xs)
        self._check_lengths(layout.lengths)
        self._target_1d = ys[0].ndim == 1
        self.n_outputs_ = 1 if self._target_1d else ys[0].shape[1]
        self._build_feedback()
        states = self._train_chunked(Xs, ys, [self._skip()] * len(Xs),
                                     extra_drive=self._teacher_drive(ys, None))
        self._end_of_data(Xs, states, layout, ys)
        return self

    # -- output feedback --------------------------------------------------
    def _build_feedback(self):
        """Draw ``W_fb_`` when ``feedback`` is on."""
        if not self.feedback:
            return
        if not hasattr(self.reservoir_, "_run_feedback"):
            raise TypeError(
                f"feedback=True needs a skreservoir.Reservoir; "
                f"{type(self.reservoir_).__name__} has no output feedback."
            )
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        signs = np.random.default_rng(seed).choice(
            np.array([-1.0, 1.0]), (self.reservoir_.n_units_, self.n_outputs_))
        W_in = self.reservoir_.W_in_
        W_fb = (self.feedback_scaling * signs).astype(to_host(W_in[:1, :1]).dtype)
        self.W_fb_ = to_namespace(W_fb, array_namespace(W_in), device_of(W_in))

    def _teacher_drive(self, ys, first_outputs):
        """Teacher-forced feedback drive W_fb y(t-1) of every series (or None).

        ``first_outputs`` is the value fed back at the first step of every
        series (zeros when None).
        """
        if not self.feedback:
            return None
        drives = []
        for i, y in enumerate(ys):
            xp = array_namespace(y)
            y = xp.reshape(y, (y.shape[0], -1))
            first = (xp.zeros(y.shape[1], dtype=y.dtype, device=device_of(y))
                     if first_outputs is None else first_outputs[i])
            previous = xp.concat([first[None, :], y[:-1, :]], axis=0)
            drives.append(previous @ xp.astype(self.W_fb_, y.dtype).T)
        return drives

    def partial_fit(self, X, y):
        """Stream a chunk of a series (or a panel) into the readout.

        A 2D ``X`` continues the series seen so far from ``state_``; a panel
        is a set of new series, each from the initial state. The readout
        must have ``partial_fit``.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Input chunk.
        y : array-like with the structure of ``X``
            Targets.

        Returns
        -------
        self : ESNRegressor
            The updated estimator.
        """
        first_call = not hasattr(self, "readout_")
        if first_call:
            self._validate_params()
        Xs, ys, layout = self._validated(X, y, method="partial_fit", reset=first_call,
                                         y_required=True)
        if first_call:
            self._build_online(Xs)
            self._target_1d = ys[0].ndim == 1
            self.n_outputs_ = 1 if self._target_1d else ys[0].shape[1]
            self._build_feedback()
            self.reset_state()
        initial_states, skips = self._stream_start(layout)
        first_outputs = None if layout.is_panel else [getattr(self, "last_output_", None)]
        if first_outputs is not None and first_outputs[0] is None:
            first_outputs = None
        features, states = self._features(
            Xs, initial_states, extra_drive=self._teacher_drive(ys, first_outputs))
        self._train_readout(self.readout_.partial_fit, features, ys, skips)
        self._end_of_data(Xs, states, layout, ys, streaming=True)
        return self

    def predict(self, X):
        """Predict the targets of a series or a panel.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Input series; each starts from the reservoir's initial state (and,
            with ``feedback``, a fed-back output of zeros).

        Returns
        -------
        y_pred : ndarray or list of ndarray
            (n_timesteps,) or (n_timesteps, n_outputs) per series, with the
            structure of ``X``.
        """
        check_is_fitted(self)
        Xs, _, layout = self._validated(X, reset=False)
        return output_for(X, restore_layout(self._predict_series(Xs), layout))

    def _predict_series(self, Xs):
        """Predictions of every validated series, from the initial state (on the host)."""
        if self.feedback:
            initial = self.reservoir_.initial_state_
            xp = array_namespace(initial)
            zeros = xp.zeros(self.n_outputs_, dtype=xp.float64, device=device_of(initial))
            outputs = [to_host(self.reservoir_._run_feedback(
                x, initial, zeros, self.W_fb_, self._readout_function())[1]) for x in Xs]
        else:
            features, _ = self._features(Xs)
            rows = to_host(self.readout_.predict(_concat(features)))
            outputs = _split_rows(rows, [x.shape[0] for x in Xs])
        return [self._shape_output(o) for o in outputs]

    def _shape_output(self, output):
        """(n,) for a 1D target, (n, n_outputs) otherwise, whatever the readout gave."""
        if self._target_1d:
            return output.reshape(-1)
        return output.reshape(len(output), self.n_outputs_)

    def score(self, X, y, sample_weight=None):
        """R² of the predictions after the first ``washout`` steps of each series.

        The first steps of every series start from the initial state, before
        the reservoir has forgotten it; they are left out of the score as
        they are left out of training. With ``washout=0`` this is
        :meth:`sklearn.base.RegressorMixin.score`.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Input series.
        y : array-like with the structure of ``X``
            True targets.
        sample_weight : array-like of shape (n_rows,), default=None
            Weights of the scored rows (after washout, all series
            concatenated).

        Returns
        -------
        score : float
            :func:`sklearn.metrics.r2_score` of the scored rows.
        """
        check_is_fitted(self)
        Xs, ys, layout = self._validated(X, y, method="score", reset=False,
                                         y_required=True)
        skip = self._skip()
        self._check_lengths(layout.lengths)
        predictions = self._predict_series(Xs)
        y_pred = np.concatenate([p[skip:] for p in predictions])
        y_true = np.concatenate([to_host(t)[skip:] for t in ys]).reshape(y_pred.shape)
        return r2_score(y_true, y_pred, sample_weight=sample_weight)

    def generate(self, n_steps, warmup=None, *, inputs=None):
        """Run on from the last state, each prediction fed back.

        Without ``inputs``, closed loop: each prediction is the next input
        (and, with ``feedback``, also the fed-back output); this needs as many
        outputs as inputs. With ``inputs``, the model is driven by them and,
        with ``feedback``, by its own fed-back predictions: an autonomous
        pattern generator trained on zero inputs runs on with
        ``inputs=np.zeros((n_steps, n_features))``.

        Parameters
        ----------
        n_steps : int
            Number of steps to generate.
        warmup : array-like of shape (n_timesteps, n_features), default=None
            A series to run first, from the initial state; when None,
            generation starts from ``state_``, the end of the training data.
            Closed loop only.
        inputs : array-like of shape (n_steps, n_features), default=None
            Inputs to drive the model with instead of its own predictions.

        Returns
        -------
        outputs : ndarray of shape (n_steps, n_outputs)
            Row 0 forecasts the value that follows the last input seen (or,
            with ``inputs``, the output for ``inputs[0]``).
        """
        check_is_fitted(self)
        if not isinstance(n_steps, Integral) or n_steps < 1:
            raise ValueError(f"n_steps must be an int >= 1, got {n_steps!r}.")
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
            Xs, _, layout = self._validated(warmup, method="generate", reset=False)
            if layout.is_panel:
                raise ValueError("warmup must be one series (a 2D array), not a panel.")
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
        return self._for_output(self.reservoir_._generate(
            x0, xp.astype(u0, xp.float64), n_steps, self._readout_function(), **kwargs))

    def _generate_driven(self, n_steps, warmup, inputs):
        """Outputs for given inputs, continuing from ``state_``."""
        if warmup is not None:
            raise ValueError("Pass either warmup or inputs to generate, not both.")
        Xs, _, layout = self._validated(inputs, method="generate", reset=False)
        if layout.is_panel or Xs[0].shape[0] != n_steps:
            raise ValueError(
                f"inputs must be one series of n_steps={n_steps} rows, shape "
                f"({n_steps}, {self.n_features_in_})."
            )
        if self.feedback:
            xp = array_namespace(self.state_)
            last = getattr(self, "last_output_", None)
            if last is None:
                last = xp.zeros(self.n_outputs_, dtype=xp.float64,
                                device=device_of(self.state_))
            return output_for(inputs, self.reservoir_._run_feedback(
                Xs[0], self.state_, last, self.W_fb_, self._readout_function())[1])
        features, _ = self._features(Xs, self.state_[None, :])
        return output_for(inputs, to_host(self.readout_.predict(features[0])).reshape(
            n_steps, -1))

    def _readout_function(self):
        """``(state, input) -> output`` for one step of closed-loop generation."""
        n_inputs = self.n_features_in_
        state = self.reservoir_.initial_state_
        xp, device = array_namespace(state), device_of(state)
        if isinstance(self.readout_, _ReadoutRegressor):  # linear: coef_ @ x + intercept_
            coef = to_namespace(self.readout_.coef_, xp, device)
            coef = coef[None, :] if coef.ndim == 1 else coef
            intercept = self.readout_.intercept_
            intercept = (xp.asarray([intercept], dtype=xp.float64, device=device)
                         if isinstance(intercept, float)
                         else to_namespace(intercept, xp, device))
            if self.include_input:
                coef_u, coef_x = coef[:, :n_inputs], coef[:, n_inputs:]
                return lambda x, u: coef_x @ x + coef_u @ u + intercept
            return lambda x, u: coef @ x + intercept
        predict = self.readout_.predict

        def readout(x, u):
            row = xp.concat([xp.astype(u, x.dtype), x]) if self.include_input else x
            output = to_namespace(predict(row[None, :]), xp, device)
            return xp.reshape(xp.astype(output, xp.float64), (-1,))
        return readout

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


class ESNClassifier(ClassifierMixin, _BaseESN):
    r"""Echo state network classifier, per time step or per series.

    Two modes, chosen by the data given to ``fit``:

    - frame-wise: ``X`` a series (or a panel) and one label per time step;
      predictions are per time step.
    - sequence-level: ``X`` a panel and one label per series. With
      ``decision="last"`` or ``"mean"`` the readout is trained on the last
      state, or the mean state after ``washout``, of each series; with
      ``"vote"`` it is trained on every step after ``washout`` (each step
      carrying its series' label) and a series' class is the majority vote of
      its steps.

    Parameters
    ----------
    reservoir : Reservoir, default=None
        The reservoir, cloned at fit; ``Reservoir()`` when None. Its ``backend`` is where the
        estimator computes for numpy input (``Reservoir(backend="cupy")``:
        the states, and a ridge readout, on the GPU); array API input
        computes in its own namespace. Outputs follow the input's namespace.
    readout : classifier, default=None
        The readout, cloned at fit; ``RidgeReadoutClassifier()`` when None.
    washout : int, default=0
        Number of first time steps of every series left out of training.
    include_input : bool, default=False
        Give the readout [u(t); x(t)] instead of x(t).
    decision : {"last", "mean", "vote"}, default="last"
        How a series gets one label in sequence-level mode.
    random_state : int, RandomState instance or None, default=None
        Seeds the default reservoir, or a given reservoir whose own
        ``random_state`` is None.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    mode_ : {"frame", "sequence"}
        The mode chosen at fit.
    reservoir_ : Reservoir
        The fitted reservoir.
    readout_ : classifier
        The fitted readout.
    state_ : ndarray of shape (n_units,)
        The reservoir state after the last input seen.
    last_input_ : ndarray of shape (``n_features_in_``,)
        That last input.
    n_steps_seen_ : int
        Time steps of the current stream.
    n_features_in_ : int
        Number of input features.

    See Also
    --------
    ESNRegressor : The regressor version.
    RidgeReadoutClassifier : The default readout.

    Notes
    -----
    ``predict_proba`` returns the readout's ``predict_proba`` when it has
    one; otherwise the softmax of the decision values (for two classes, of
    the pair (-d, d) built from the single decision value d). With
    ``decision="vote"`` it returns the fraction of steps voting for each
    class, and ``decision_function`` the mean decision value over the steps.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir import ESNClassifier, Reservoir
    >>> rng = np.random.default_rng(0)
    >>> t = np.linspace(0, 4 * np.pi, 60)
    >>> X = np.stack([np.sin((1 + k % 2) * t + rng.uniform(0, 6))[:, None]
    ...               for k in range(40)])
    >>> y = np.array(["slow", "fast"] * 20)
    >>> clf = ESNClassifier(Reservoir(n_units=50, random_state=0),
    ...                     decision="mean", washout=10)
    >>> print(clf.fit(X[:30], y[:30]).score(X[30:], y[30:]))
    1.0
    """

    _parameter_constraints: dict = {
        **_BaseESN._parameter_constraints,
        "decision": [StrOptions({"last", "mean", "vote"})],
    }

    def __init__(self, reservoir=None, readout=None, *, washout=0,
                 include_input=False, decision="last", random_state=None):
        self.reservoir = reservoir
        self.readout = readout
        self.washout = washout
        self.include_input = include_input
        self.decision = decision
        self.random_state = random_state

    def _default_readout(self):
        return RidgeReadoutClassifier()

    @staticmethod
    def _is_sequence_labels(X, y):
        if not is_panel(X) or y is None:
            return False
        if isinstance(y, (list, tuple)):
            return len(y) > 0 and array_ndim(y[0]) == 0
        return array_ndim(y) == 1

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Fit frame-wise (labels per step) or sequence-level (per series).

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Input series.
        y : array-like
            One label per time step, with the structure of ``X``; or, for a
            panel, one label per series, shape (n_series,).

        Returns
        -------
        self : ESNClassifier
            The fitted estimator.
        """
        if self._is_sequence_labels(X, y):
            Xs, _, layout = self._validated(X, reset=True)
            labels = column_or_1d(to_host(y))
            check_consistent_length(Xs, labels)
            self.mode_ = "sequence"
        else:
            Xs, ys, layout = self._validated(X, y, reset=True, y_required=True,
                                             y_numeric=False, multi_output=False)
            self.mode_ = "frame"
        self._build(Xs)
        skip = self._skip()
        self._check_lengths(layout.lengths)
        if self.mode_ == "sequence" and self.decision != "vote":
            pooled, states = [], None
            for chunk in series_chunks([x.shape[0] for x in Xs],
                                       self.reservoir_._n_features_out, 8):
                features, states = self._features([Xs[i] for i in chunk])
                pooled.append(pool_states(features, self.decision, skip))
            self.readout_.fit(_concat(pooled), labels)
        else:
            if self.mode_ == "sequence":  # vote: every step carries its series' label
                ys = [np.full(x.shape[0], label) for x, label in zip(Xs, labels)]
            classes = np.unique(np.concatenate([np.ravel(y) for y in ys]))
            states = self._train_chunked(Xs, ys, [skip] * len(Xs), classes=classes)
        self.classes_ = self.readout_.classes_
        self._end_of_data(Xs, states, layout)
        return self

    def partial_fit(self, X, y, classes=None):
        """Stream labelled steps into the readout (frame-wise mode).

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Input chunk; a 2D ``X`` continues the stream from ``state_``.
        y : array-like with the structure of ``X``
            One label per time step.
        classes : array-like of shape (n_classes,), default=None
            All classes; required on the first call.

        Returns
        -------
        self : ESNClassifier
            The updated estimator.
        """
        first_call = not hasattr(self, "readout_")
        if first_call:
            self._validate_params()
        elif self.mode_ != "frame":
            raise ValueError(
                "partial_fit streams per-step labels; this model was fitted on "
                "one label per series. Refit it with fit."
            )
        Xs, ys, layout = self._validated(X, y, method="partial_fit", reset=first_call,
                                         y_required=True,
                                         y_numeric=False, multi_output=False)
        if first_call:
            self._build_online(Xs)
            self.mode_ = "frame"
            self.reset_state()
        initial_states, skips = self._stream_start(layout)
        features, states = self._features(Xs, initial_states)
        self._train_readout(self.readout_.partial_fit, features, ys, skips,
                            classes=classes)
        self.classes_ = self.readout_.classes_
        self._end_of_data(Xs, states, layout, streaming=True)
        return self

    # -- prediction -------------------------------------------------------
    def _series_outputs(self, X, method):
        """Per-series results of a readout method in sequence-level mode."""
        features, layout = self._readout_features(X, _public_name(method))
        if not layout.is_panel:
            raise ValueError(
                "This ESNClassifier was fitted on one label per series; pass a "
                "panel (a 3D array or a list of 2D arrays), not one series."
            )
        if self.decision == "vote":
            steps = to_host(method(_concat(features)))
            return _split_rows(steps, layout.lengths)
        return to_host(method(pool_states(features, self.decision, self._skip())))

    def _votes(self, X):
        predictions = self._series_outputs(X, self.readout_.predict)
        return np.stack([
            np.mean(p[:, None] == self.classes_[None, :], axis=0) for p in predictions
        ])

    def predict(self, X):
        """Predict a label per time step (frame-wise) or per series.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Input series.

        Returns
        -------
        y_pred : ndarray or list of ndarray
            Frame-wise: labels with the structure of ``X``. Sequence-level:
            shape (n_series,).
        """
        check_is_fitted(self)
        if self.mode_ == "frame":
            return self._rowwise(self.readout_.predict, X)
        if self.decision == "vote":
            return output_for(X, self.classes_[np.argmax(self._votes(X), axis=1)])
        return output_for(X, self._series_outputs(X, self.readout_.predict))

    def _any_readout(self):
        """The fitted readout, else the one that fit would use."""
        if hasattr(self, "readout_"):
            return self.readout_
        return self._default_readout() if self.readout is None else self.readout

    def _has_scores(self):
        return hasattr(self._any_readout(), "decision_function")

    @available_if(_has_scores)
    def decision_function(self, X):
        """Decision values per time step (frame-wise) or per series.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Input series.

        Returns
        -------
        scores : ndarray or list of ndarray
            (n,) for two classes, (n, n_classes) otherwise, with n the time
            steps (frame-wise) or the series (sequence-level).
        """
        check_is_fitted(self)
        if self.mode_ == "frame":
            return self._rowwise(self.readout_.decision_function, X)
        scores = self._series_outputs(X, self.readout_.decision_function)
        if self.decision == "vote":
            return output_for(X, np.stack([s.mean(axis=0) for s in scores]))
        return output_for(X, scores)

    def _has_proba(self):
        readout = self._any_readout()
        return hasattr(readout, "predict_proba") or hasattr(readout, "decision_function")

    @available_if(_has_proba)
    def predict_proba(self, X):
        """Class probabilities per time step (frame-wise) or per series.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Input series.

        Returns
        -------
        proba : ndarray or list of ndarray
            (n, n_classes): the readout's probabilities, or the softmax of its
            decision values, or (``decision="vote"``) vote fractions.
        """
        check_is_fitted(self)
        if self.mode_ == "sequence" and self.decision == "vote":
            return output_for(X, self._votes(X))
        if hasattr(self.readout_, "predict_proba"):
            method = self.readout_.predict_proba
        else:
            method = self._softmax_scores
        if self.mode_ == "frame":
            return self._rowwise(method, X)
        return output_for(X, self._series_outputs(X, method))

    def _softmax_scores(self, features):
        scores = to_host(self.readout_.decision_function(features))
        if scores.ndim == 1:
            scores = np.column_stack([-scores, scores])
        return softmax(scores, axis=1)


class ESNTransformer(HostPickleMixin, TransformerMixin, BaseEstimator):
    r"""Panel of series -> one fixed-length vector per series, by a reservoir.

    Every series u(1), ..., u(T) runs through the reservoir from its initial
    state, giving states x(1), ..., x(T); optionally the reversed series too
    (``bidirectional``) and a PCA of the states (``n_components``). The
    series is then represented by (Bianchi et al., 2021):

    - ``"last"``: the last state x(T);
    - ``"mean"``: the mean of the states after ``washout``;
    - ``"output_model_space"``: the coefficients and intercept of the ridge
      model, fitted on this series alone, predicting the next input from the
      state, u(t+1) ~ W x(t) + b;
    - ``"reservoir_model_space"``: likewise for the next state,
      x(t+1) ~ W x(t) + b.

    Each model-space fit minimises
    :math:`\sum_t \|y(t) - W x(t) - b\|^2 + \alpha \|W\|_F^2` over the
    steps after ``washout``; the result is ``[W.ravel(), b]``.

    Parameters
    ----------
    reservoir : Reservoir, default=None
        The reservoir, cloned and fitted (its weights drawn from its own
        ``random_state``) at fit; ``Reservoir()`` when None. Its ``backend`` is where the
        estimator computes for numpy input (``Reservoir(backend="cupy")``:
        the states, and a ridge readout, on the GPU); array API input
        computes in its own namespace. Outputs follow the input's namespace.
    representation : {"last", "mean", "output_model_space", "reservoir_model_space"}, default="last"
        The vector that represents a series (see above).
    washout : int, default=0
        First time steps of every series (of both runs when bidirectional)
        left out of the mean, of the PCA and of the model-space fits.
    bidirectional : bool, default=False
        Also run the time-reversed series and concatenate the states:
        row k holds [x_f(k), x_b(k)], the states after k inputs of the
        series and of the reversed series (as Bianchi et al.), so the last
        row has seen the whole series both ways.
    n_components : int, default=None
        Reduce the (concatenated) states to this many components with
        :class:`sklearn.decomposition.PCA` fitted on the training panel's
        states (every step after ``washout``), before the representation.
        None keeps the states.
    ridge_alpha : float, default=1.0
        Ridge penalty :math:`\alpha` of the model-space fits.

    Attributes
    ----------
    reservoir_ : Reservoir
        The fitted reservoir.
    pca_ : PCA or None
        The fitted PCA of the states (None when ``n_components`` is None).
    n_features_in_ : int
        Channels of the panels seen in fit; for a 2D ``X`` (a panel of
        univariate series), its number of columns (time steps).
    n_features_out_ : int
        Length of the output vectors.

    See Also
    --------
    ESNClassifier : Reservoir and readout in one classifier.
    skreservoir.classification.ESNTimeSeriesClassifier : This transformer and
        a classifier, for sktime.

    Notes
    -----
    ``X`` is a panel: a 3D array (n_series, n_timesteps, n_features), a list
    of 2D arrays (n_timesteps_i, n_features) of any lengths, or a 2D array
    (n_series, n_timesteps) of univariate series (sktime's ``numpy2D``). The
    output has one row per series, so the transformer fits in a scikit-learn
    pipeline before any classifier. ``transform`` is stateless.

    The per-series ridge fits are solved together as one batch of
    regularised normal equations (the intercept is not penalised, as in
    :class:`sklearn.linear_model.Ridge`).

    References
    ----------
    .. [1] F. M. Bianchi, S. Scardapane, S. Lokse and R. Jenssen, "Reservoir
       computing approaches for representation and classification of
       multivariate time series", IEEE Transactions on Neural Networks and
       Learning Systems 32(5), 2021.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import RidgeClassifierCV
    >>> from sklearn.pipeline import make_pipeline
    >>> from skreservoir import ESNTransformer, Reservoir
    >>> rng = np.random.default_rng(0)
    >>> t = np.linspace(0, 4 * np.pi, 50)
    >>> X = np.stack([np.sin((1 + k % 2) * t + rng.uniform(0, 6))[:, None]
    ...               for k in range(40)])
    >>> y = np.array(["slow", "fast"] * 20)
    >>> esn = ESNTransformer(Reservoir(n_units=30, random_state=0),
    ...                      representation="reservoir_model_space",
    ...                      n_components=5, washout=5)
    >>> esn.fit_transform(X).shape
    (40, 30)
    >>> clf = make_pipeline(esn, RidgeClassifierCV()).fit(X[:30], y[:30])
    >>> print(clf.score(X[30:], y[30:]))
    1.0
    """

    _parameter_constraints: dict = {
        "reservoir": [HasMethods(["fit", "transform"]), None],
        "representation": [StrOptions({"last", "mean", "output_model_space",
                                       "reservoir_model_space"})],
        "washout": [Interval(Integral, 0, None, closed="left")],
        "bidirectional": ["boolean"],
        "n_components": [Interval(Integral, 1, None, closed="left"), None],
        "ridge_alpha": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, reservoir=None, *, representation="last", washout=0,
                 bidirectional=False, n_components=None, ridge_alpha=1.0):
        self.reservoir = reservoir
        self.representation = representation
        self.washout = washout
        self.bidirectional = bidirectional
        self.n_components = n_components
        self.ridge_alpha = ridge_alpha

    def _validate_panel(self, X, reset):
        """The series of ``X`` as a list of 2D arrays (n_timesteps_i, n_features).

        Validated on the host, then moved to where the reservoir computes.
        """
        xp, device = reservoir_namespace(self.reservoir, X)
        if not reset:
            check_same_namespace(self, self.reservoir_.initial_state_, xp, "transform")
        X = to_host(X)
        if is_panel(X):
            # channels are checked against the fitted reservoir
            Xs, _, layout = validate_series(self if reset else self.reservoir_, X,
                                            reset=reset)
            if reset:
                self._numpy2d = False
        elif reset or self._numpy2d:
            X = validate_data(self, X, reset=reset)
            Xs = list(X[:, :, None])
            if reset:
                self._numpy2d = True
        else:
            # a 2D panel of univariate series after a fit on a 3D panel or list
            Xs, _, _ = validate_series(self.reservoir_, list(np.asarray(X)[:, :, None]),
                                       reset=False)
        lengths = [len(x) for x in Xs]
        needed = self.washout + (2 if self.representation.endswith("model_space") else 1)
        if min(lengths) < needed:
            shape = "" if is_panel(X) else f" (n_features = {min(lengths)} in a 2D X)"
            raise ValueError(
                f"representation={self.representation!r} with washout={self.washout} "
                f"needs series of at least {needed} time steps; the shortest has "
                f"{min(lengths)}{shape}. Lower washout or pass longer series."
            )
        return to_namespace(Xs, xp, device)

    def _states(self, Xs):
        """Reservoir states of every series (both directions when bidirectional)."""
        states, _ = self.reservoir_._run(Xs)
        if self.bidirectional:
            xp = array_namespace(Xs[0])
            backward, _ = self.reservoir_._run([xp.flip(x, axis=0) for x in Xs])
            states = [xp.concat([f, b], axis=1) for f, b in zip(states, backward)]
        return states

    def _represent(self, Xs, states):
        """One host row per series: "last"/"mean" pooled where the states are."""
        if self.pca_ is None and self.representation in ("last", "mean"):
            return to_host(pool_states(states, self.representation, self.washout))
        Xs, states = to_host(Xs), to_host(states)
        if self.pca_ is not None:
            reduced = self.pca_.transform(np.concatenate(states))
            states = _split_rows(reduced, [len(s) for s in states])
        return series_representation(states, self.representation, self.washout,
                                     inputs=Xs, alpha=self.ridge_alpha)

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None):
        """Draw the reservoir and fit the PCA of the states, if any.

        Parameters
        ----------
        X : array-like of shape (n_series, n_timesteps, n_features), list of 2D arrays or array-like of shape (n_series, n_timesteps)
            The training panel.
        y : None
            Ignored.

        Returns
        -------
        self : ESNTransformer
            The fitted transformer.
        """
        self._fit(X)
        return self

    def _represent_chunked(self, Xs):
        """Representations computed chunk by chunk of series (:func:`series_chunks`).

        Only one chunk's states exist at a time: a large panel never holds
        its whole (n_series, n_timesteps, n_units) state tensor.
        """
        width = self.reservoir_._n_features_out * (2 if self.bidirectional else 1)
        rows = []
        for chunk in series_chunks([x.shape[0] for x in Xs], width, 8):
            sub = [Xs[i] for i in chunk]
            rows.append(self._represent(sub, self._states(sub)))
        return np.concatenate(rows)

    def _fit(self, X):
        """Fit; return the series and, when a PCA was fitted on them, their states."""
        Xs = self._validate_panel(X, reset=True)
        self.reservoir_ = fit_reservoir(self.reservoir, Xs)
        states = None
        self.pca_ = None
        if self.n_components is not None:  # the PCA sees every state: not chunked
            states = self._states(Xs)
            self.pca_ = PCA(n_components=self.n_components).fit(
                np.concatenate([to_host(s)[self.washout:] for s in states]))
        size = (self.reservoir_._n_features_out * (2 if self.bidirectional else 1)
                if self.pca_ is None else self.pca_.n_components_)
        targets = {"last": 0, "mean": 0, "output_model_space": Xs[0].shape[1],
                   "reservoir_model_space": size}[self.representation]
        self.n_features_out_ = size if targets == 0 else targets * (size + 1)
        return Xs, states

    @_fit_context(prefer_skip_nested_validation=False)
    def fit_transform(self, X, y=None):
        """Fit and return the representation of every series of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_series, n_timesteps, n_features), list of 2D arrays or array-like of shape (n_series, n_timesteps)
            The training panel.
        y : None
            Ignored.

        Returns
        -------
        X_new : ndarray of shape (n_series, ``n_features_out_``)
            One vector per series.
        """
        Xs, states = self._fit(X)
        if states is None:
            return output_for(X, self._represent_chunked(Xs))
        return output_for(X, self._represent(Xs, states))

    def transform(self, X):
        """Return the representation of every series of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_series, n_timesteps, n_features), list of 2D arrays or array-like of shape (n_series, n_timesteps)
            A panel. Every series starts from the reservoir's initial state.

        Returns
        -------
        X_new : ndarray of shape (n_series, ``n_features_out_``)
            One vector per series.
        """
        check_is_fitted(self)
        Xs = self._validate_panel(X, reset=False)
        if self.pca_ is None:
            return output_for(X, self._represent_chunked(Xs))
        return output_for(X, self._represent(Xs, self._states(Xs)))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.array_api_support = True
        return tags
