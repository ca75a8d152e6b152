"""Echo state network reservoirs as scikit-learn transformers."""

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    clone,
)
from sklearn.utils import check_random_state

from array_api_compat import array_namespace

from skreservoir._backend import (
    HostPickleMixin,
    check_same_namespace,
    compute_namespace,
    device_of,
    is_numpy,
    move_matrix,
    namespace_of_fitted,
    output_for,
    resolve_backend,
    to_host,
    to_namespace,
)
from skreservoir._config import get_config
from skreservoir._dynamics import (
    ACTIVATIONS,
    ArrayAPIRecurrence,
    Noise,
    Recurrence,
    closed_loop,
    intrinsic_plasticity,
)
from skreservoir._sklearn_compat import (
    Interval,
    StrOptions,
    _fit_context,
    check_is_fitted,
)
from skreservoir._validation import restore_layout, validate_series
from skreservoir._weights import (
    SPARSE_DENSITY_THRESHOLD,
    draw_values,
    random_matrix,
    scale_to_spectral_radius,
)

__all__ = ["IPReservoir", "Reservoir", "ReservoirStack"]

_DISTRIBUTIONS = {"normal", "uniform", "bernoulli"}
_DEFAULT_N_UNITS = 100


class Reservoir(HostPickleMixin, ClassNamePrefixFeaturesOutMixin, TransformerMixin,
                BaseEstimator):
    r"""Leaky-integrator echo state network reservoir.

    Maps a series of inputs u(t) to the series of reservoir states x(t):

    .. math::

        x(t) = (1 - a)\, x(t-1) + a\, f\big(W_{in} u(t) + W x(t-1) + b\big)
               + \sigma\, \xi(t)

    with leak rate :math:`a` (or, for a continuous-time rate network
    :math:`\tau \dot x = -x + f(\cdot)` integrated by Euler steps of
    ``dt``, :math:`a = dt / \tau`), activation :math:`f`, state noise of scale
    :math:`\sigma` (:math:`\xi(t)` standard normal or uniform on [-1, 1]),
    optional input noise added to :math:`u(t)`, and
    :math:`x(0)` the initial state. This is ReservoirPy's update, so with the
    same ``W``, ``W_in``, ``bias`` and leak rate both libraries give the same
    states.

    Parameters
    ----------
    n_units : int, default=None
        Number of reservoir units (ReservoirPy: ``units``). None means the
        size of ``W`` when it is given, else 100.
    spectral_radius : float, default=0.9
        The drawn ``W`` is rescaled to this spectral radius (ReservoirPy:
        ``sr``). Ignored when ``W`` is given: a user's matrix is used as is.
    leak_rate : float, default=1.0
        Leak rate :math:`a` in (0, 1] (ReservoirPy: ``lr``). Leave it at 1.0
        when ``dt`` and ``tau`` are given.
    input_scaling : float or array-like of shape (n_features,), default=1.0
        Scale of ``W_in``, a scalar or one value per input feature
        (ReservoirPy: ``input_scaling``).
    bias_scaling : float, default=1.0
        Scale of the bias. 0 gives a reservoir without bias (ReservoirPy's
        default ``bias=0``).
    density : float, default=0.1
        Fraction of nonzero entries of ``W`` (ReservoirPy:
        ``rc_connectivity``). Below 0.5, ``W_`` is stored as a scipy CSR
        array.
    input_density : float, default=0.1
        Fraction of nonzero entries of ``W_in`` (ReservoirPy:
        ``input_connectivity``).
    distribution : {"normal", "uniform", "bernoulli"}, default="normal"
        Distribution of the nonzero entries of ``W`` before scaling: N(0, 1),
        U(-1, 1) or +-1 (ReservoirPy: ``W=normal``).
    input_distribution : {"normal", "uniform", "bernoulli"}, default="bernoulli"
        Distribution of the entries of ``W_in`` and of the bias (ReservoirPy:
        ``Win=bernoulli``).
    activation : {"tanh", "identity", "relu", "sigmoid"}, default="tanh"
        Activation :math:`f` (ReservoirPy: ``activation``).
    noise : float, default=0.0
        Scale :math:`\sigma` of the noise added to the state at every step
        (the standard deviation for ``noise_distribution="normal"``), seeded
        from ``random_state`` so that ``transform`` gives the same result on
        every call (ReservoirPy: ``noise_rc``).
    input_noise : float, default=0.0
        Scale of the noise added to every input before ``W_in``
        (ReservoirPy: ``noise_in``).
    noise_distribution : {"normal", "uniform"}, default="normal"
        Distribution of both noises: standard normal, or uniform on [-1, 1].
    dt : float, default=None
        Time step of a continuous-time rate reservoir; with ``tau`` it sets
        the leak rate to ``dt / tau`` (which must lie in (0, 1]). Give both
        or neither, and not together with ``leak_rate``.
    tau : float, default=None
        Time constant of the units, in the unit of ``dt``.
    W : array-like or sparse matrix of shape (n_units, n_units), default=None
        Recurrent weights to use exactly as given instead of a draw.
    W_in : array-like of shape (n_units, n_features), default=None
        Input weights to use exactly as given instead of a draw.
    bias : array-like of shape (n_units,), default=None
        Bias to use exactly as given instead of a draw.
    initial_state : array-like of shape (n_units,), default=None
        State every series starts from; zeros when None.
    random_state : int, RandomState instance or None, default=None
        Seeds the draws of ``W``, ``W_in``, ``bias`` and the noise.
    dtype : {"float64", "float32"}, default="float64"
        Floating point type of the weights and the states.
    backend : {"numpy", "cupy"} or None, default=None
        Array backend for numpy inputs: ``"cupy"`` computes on the GPU (the
        weights are drawn on the host and moved, so a seed gives the same
        reservoir on both); None takes ``skreservoir.get_config()["backend"]``.
        Inputs of another array API namespace (cupy, ``array_api_strict``)
        compute in that namespace whatever ``backend`` says. Outputs are in
        the namespace of the input.

    Attributes
    ----------
    W_ : ndarray or scipy.sparse.csr_array of shape (n_units, n_units)
        Recurrent weights.
    W_in_ : ndarray of shape (n_units, ``n_features_in_``)
        Input weights.
    bias_ : ndarray of shape (n_units,)
        Bias.
    initial_state_ : ndarray of shape (n_units,)
        The state every series starts from.
    n_units_ : int
        Number of units.
    n_features_in_ : int
        Number of input features seen during ``fit``.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of the input features, when ``X`` had string column names.

    See Also
    --------
    skreservoir.ESNRegressor : A reservoir and a readout in one estimator.

    Notes
    -----
    ``transform`` accepts one series, shape (n_timesteps, n_features), or a
    panel: a 3D array (n_series, n_timesteps, n_features) or a list of 2D
    arrays of any lengths. Every series starts from ``initial_state_``, and
    the series of a panel advance together, one matrix product per time step.
    The output has the structure of the input, with ``n_units`` features.

    ``fit`` only draws the weights: it reads ``X`` for its number of
    features.

    References
    ----------
    .. [1] H. Jaeger, "The 'echo state' approach to analysing and training
       recurrent neural networks", GMD Report 148, 2001.
    .. [2] M. Lukosevicius, "A practical guide to applying echo state
       networks", Neural Networks: Tricks of the Trade, 2012.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir import Reservoir
    >>> X = np.sin(np.linspace(0, 6 * np.pi, 300)).reshape(-1, 1)
    >>> reservoir = Reservoir(n_units=50, leak_rate=0.3, random_state=0)
    >>> states = reservoir.fit_transform(X)
    >>> states.shape
    (300, 50)
    >>> panel = reservoir.transform(np.stack([X, -X]))
    >>> panel.shape
    (2, 300, 50)
    """

    _parameter_constraints: dict = {
        "n_units": [Interval(Integral, 1, None, closed="left"), None],
        "spectral_radius": [Interval(Real, 0, None, closed="neither")],
        "leak_rate": [Interval(Real, 0, 1, closed="right")],
        "input_scaling": [Interval(Real, 0, None, closed="neither"), "array-like"],
        "bias_scaling": [Interval(Real, 0, None, closed="left")],
        "density": [Interval(Real, 0, 1, closed="right")],
        "input_density": [Interval(Real, 0, 1, closed="right")],
        "distribution": [StrOptions(_DISTRIBUTIONS)],
        "input_distribution": [StrOptions(_DISTRIBUTIONS)],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "noise": [Interval(Real, 0, None, closed="left")],
        "input_noise": [Interval(Real, 0, None, closed="left")],
        "noise_distribution": [StrOptions({"normal", "uniform"})],
        "dt": [Interval(Real, 0, None, closed="neither"), None],
        "tau": [Interval(Real, 0, None, closed="neither"), None],
        "W": ["array-like", "sparse matrix", None],
        "W_in": ["array-like", None],
        "bias": ["array-like", None],
        "initial_state": ["array-like", None],
        "random_state": ["random_state"],
        "dtype": [StrOptions({"float64", "float32"}), type],
        "backend": [StrOptions({"numpy", "cupy"}), None],
    }

    def __init__(
        self,
        n_units=None,
        *,
        spectral_radius=0.9,
        leak_rate=1.0,
        input_scaling=1.0,
        bias_scaling=1.0,
        density=0.1,
        input_density=0.1,
        distribution="normal",
        input_distribution="bernoulli",
        activation="tanh",
        noise=0.0,
        input_noise=0.0,
        noise_distribution="normal",
        dt=None,
        tau=None,
        W=None,
        W_in=None,
        bias=None,
        initial_state=None,
        random_state=None,
        dtype="float64",
        backend=None,
    ):
        self.n_units = n_units
        self.spectral_radius = spectral_radius
        self.leak_rate = leak_rate
        self.input_scaling = input_scaling
        self.bias_scaling = bias_scaling
        self.density = density
        self.input_density = input_density
        self.distribution = distribution
        self.input_distribution = input_distribution
        self.activation = activation
        self.noise = noise
        self.input_noise = input_noise
        self.noise_distribution = noise_distribution
        self.dt = dt
        self.tau = tau
        self.W = W
        self.W_in = W_in
        self.bias = bias
        self.initial_state = initial_state
        self.random_state = random_state
        self.dtype = dtype
        self.backend = backend

    # -- parameters -------------------------------------------------------
    def _check_params(self, n_features):
        """Check the rules that tie parameters together; return (dtype, n_units)."""
        resolve_backend(self.backend)
        self._effective_leak_rate()
        dtype = np.dtype(self.dtype)
        if dtype not in (np.float64, np.float32):
            raise ValueError(
                f"dtype must be 'float64' or 'float32', got {self.dtype!r}."
            )
        n_units = self.n_units
        if self.W is not None:
            shape = np.shape(self.W) if not sp.issparse(self.W) else self.W.shape
            if len(shape) != 2 or shape[0] != shape[1]:
                raise ValueError(f"W must be a square matrix, got shape {shape}.")
            if n_units is not None and shape[0] != n_units:
                raise ValueError(
                    f"W has shape {shape} but n_units={n_units}; pass a W of "
                    f"shape ({n_units}, {n_units}) or set n_units={shape[0]} "
                    "(or None)."
                )
            n_units = shape[0]
        elif n_units is None:
            n_units = _DEFAULT_N_UNITS
        expected = {
            "W_in": (n_units, n_features),
            "bias": (n_units,),
            "initial_state": (n_units,),
        }
        for name, shape in expected.items():
            value = getattr(self, name)
            if value is not None and np.shape(value) != shape:
                raise ValueError(
                    f"{name} must have shape {shape} (n_units={n_units}, "
                    f"n_features={n_features}), got {np.shape(value)}."
                )
        scaling = np.asarray(self.input_scaling, dtype=np.float64)
        if scaling.ndim > 0:
            if scaling.shape != (n_features,):
                raise ValueError(
                    "input_scaling must be a float or have one value per input "
                    f"feature, shape ({n_features},); got shape {scaling.shape}."
                )
            if np.any(scaling <= 0) or not np.all(np.isfinite(scaling)):
                raise ValueError(
                    f"input_scaling values must be finite and > 0, got {scaling!r}."
                )
        return dtype, n_units

    def _effective_leak_rate(self):
        """``leak_rate``, or ``dt / tau`` for a continuous-time reservoir."""
        if self.dt is None and self.tau is None:
            return self.leak_rate
        if self.dt is None or self.tau is None:
            raise ValueError(
                f"dt and tau go together (the leak rate is dt / tau); got dt={self.dt!r} "
                f"and tau={self.tau!r}. Pass both, or neither and use leak_rate."
            )
        if self.leak_rate != 1.0:
            raise ValueError(
                f"leak_rate={self.leak_rate!r} and dt={self.dt!r}, tau={self.tau!r} both "
                "set the leak rate (leak_rate = dt / tau). Pass either leak_rate, or dt "
                "and tau with leak_rate left at 1.0."
            )
        leak = self.dt / self.tau
        if not 0.0 < leak <= 1.0:
            raise ValueError(
                f"dt / tau = {self.dt!r} / {self.tau!r} = {leak:.4g} is the leak rate and "
                "must lie in (0, 1]: take dt <= tau."
            )
        return leak

    # -- fit --------------------------------------------------------------
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Draw the weights for inputs with the features of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            A series or a panel; only its number of features is used.
        y : None
            Ignored.

        Returns
        -------
        self : Reservoir
            The fitted reservoir.
        """
        xp, device = compute_namespace(X, self.backend)
        Xs, _, _ = validate_series(self, to_host(X), reset=True)
        dtype, n_units = self._check_params(self.n_features_in_)
        self._draw_weights(n_units, self.n_features_in_, dtype)
        self._adapt(Xs)
        self._move_weights(xp, device)
        return self

    def _adapt(self, Xs):
        """Learn from the training series after the draw (IPReservoir); nothing here."""

    #: Fitted arrays made on the host at fit, moved to where the reservoir runs.
    _host_drawn_arrays = ("W_in_", "bias_", "initial_state_")

    def _move_weights(self, xp, device):
        """Move the host-drawn weights to the namespace the reservoir runs in."""
        self.W_ = move_matrix(self.W_, xp, device)
        for name in self._host_drawn_arrays:
            setattr(self, name, to_namespace(getattr(self, name), xp, device))

    def _draw_weights(self, n_units, n_features, dtype):
        random_state = check_random_state(self.random_state)
        seeds = random_state.randint(np.iinfo(np.int32).max, size=4)
        rng_W, rng_in, rng_bias = (np.random.default_rng(s) for s in seeds[:3])
        self._noise_seed = int(seeds[3])

        if self.W is not None:
            W = self.W.tocsr() if sp.issparse(self.W) else np.asarray(self.W)
            self.W_ = W.astype(dtype)
        else:
            W = random_matrix(
                rng_W, (n_units, n_units), density=self.density,
                distribution=self.distribution,
                sparse=self.density < SPARSE_DENSITY_THRESHOLD, dtype=np.float64,
            )
            self.W_ = scale_to_spectral_radius(W, self.spectral_radius).astype(dtype)

        if self.W_in is not None:
            self.W_in_ = np.asarray(self.W_in, dtype=dtype)
        else:
            W_in = random_matrix(
                rng_in, (n_units, n_features), density=self.input_density,
                distribution=self.input_distribution, sparse=False,
                dtype=np.float64,
            )
            self.W_in_ = (W_in * np.asarray(self.input_scaling)).astype(dtype)

        if self.bias is not None:
            self.bias_ = np.asarray(self.bias, dtype=dtype)
        else:
            bias = draw_values(rng_bias, n_units, self.input_distribution)
            self.bias_ = (self.bias_scaling * bias).astype(dtype)

        if self.initial_state is not None:
            self.initial_state_ = np.asarray(self.initial_state, dtype=dtype)
        else:
            self.initial_state_ = np.zeros(n_units, dtype=dtype)
        self.n_units_ = n_units

    # -- running ----------------------------------------------------------
    @property
    def _n_features_out(self):
        return self.n_units_

    def _recurrence(self, xp=None, device=None):
        """The update rule with this reservoir's weights and a fresh noise seed.

        The compiled numpy kernels for numpy, the array API ones for any
        other namespace ``xp`` (the fitted namespace when None).
        """
        noise = Noise(np.random.default_rng(self._noise_seed), self.noise_distribution)
        input_noise = Noise(np.random.default_rng([self._noise_seed, 1]),
                            self.noise_distribution)
        params = dict(leak_rate=self._effective_leak_rate(), activation=self.activation,
                      noise=self.noise, rng=noise, input_noise=self.input_noise,
                      input_rng=input_noise)
        if xp is None:
            xp = namespace_of_fitted(self.W_in_)
        if is_numpy(xp):
            return Recurrence(to_host(self.W_), to_host(self.W_in_), to_host(self.bias_),
                              compiled=get_config()["compiled"], **params)
        return ArrayAPIRecurrence(
            move_matrix(self.W_, xp, device), to_namespace(self.W_in_, xp, device),
            to_namespace(self.bias_, xp, device), xp=xp, device=device, **params)

    def _states(self, Xs, initial_states=None, as_array=False, extra_drive=None):
        """Run a list of validated series; return their list of states.

        Parameters
        ----------
        Xs : list of ndarray of shape (n_timesteps_i, n_features)
        initial_states : ndarray of shape (n_series, n_units), default=None
            Where each series starts; ``initial_state_`` for all when None.
        as_array : bool, default=False
            Return one 3D array (series of equal length only).
        extra_drive : list of ndarray of shape (n_timesteps_i, n_units), default=None
            Added to the drive of every step (teacher-forced output feedback).
        """
        xp = array_namespace(Xs[0])
        device = device_of(Xs[0])
        if initial_states is None:
            initial_states = xp.broadcast_to(
                to_namespace(self.initial_state_, xp, device), (len(Xs), self.n_units_))
        with np.errstate(over="ignore", invalid="ignore"):  # reported below
            states = self._recurrence(xp, device).run_panel(
                Xs, initial_states, as_array=as_array, extra=extra_drive)
        self._check_finite(states)
        return states

    @staticmethod
    def _check_finite(states):
        for s in states if isinstance(states, list) else [states]:
            xp = array_namespace(s)
            if not bool(xp.all(xp.isfinite(s))):
                raise ValueError(
                    "The reservoir states diverged to inf or NaN. Lower "
                    "spectral_radius, input_scaling or leak_rate, or use a "
                    "bounded activation such as 'tanh'."
                )

    # The reservoir protocol that ESNRegressor/ESNClassifier build on:
    # ``_run``, ``_generate`` and ``initial_state_``.
    def _run(self, Xs, initial_states=None, extra_drive=None):
        """Run validated series; return outputs and final internal states.

        ``extra_drive`` (a list of (n_timesteps_i, n_units) arrays) is added
        to the drive: the teacher-forced output feedback of an ESN.

        Returns
        -------
        outputs : list of ndarray of shape (n_timesteps_i, n_units)
        final_states : ndarray of shape (n_series, n_units)
            The state after the last step of every series (for a reservoir,
            the last output row).
        """
        states = self._states(Xs, initial_states, extra_drive=extra_drive)
        return states, array_namespace(states[0]).stack([s[-1, :] for s in states])

    def _run_feedback(self, X, state, y0, W_fb, readout):
        """Run one series feeding each output back through ``W_fb``.

        Returns the states, the outputs ``readout(state, input)`` and the
        final state; ``y0`` is the output fed back at the first step.
        """
        xp = array_namespace(X)
        recurrence = self._recurrence(xp, device_of(X))
        if is_numpy(xp):
            X = np.asarray(X, dtype=recurrence.dtype)
        with np.errstate(over="ignore", invalid="ignore"):
            states, outputs = recurrence.run_feedback(X, state, y0, W_fb, readout)
        self._check_finite([states])
        return states, outputs, states[-1, :]

    def _generate(self, state, u, n_steps, readout, W_fb=None):
        """Closed loop from internal ``state`` reached after input ``u``.

        ``readout(output_row, input)`` gives the next input; returns the
        (n_steps, n_features) outputs, row 0 being ``readout`` of ``state``.
        With ``W_fb``, each output also enters the drive through it.
        """
        return self._recurrence(array_namespace(state), device_of(state)).generate(
            state, u, n_steps, readout, W_fb=W_fb)

    def transform(self, X):
        """Return the reservoir states driven by ``X``.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            A series or a panel. Every series starts from ``initial_state_``.

        Returns
        -------
        states : ndarray of shape (n_timesteps, n_units), (n_series, n_timesteps, n_units) or list of 2D arrays
            The states, with the structure of ``X``.
        """
        check_is_fitted(self)
        xp, device = compute_namespace(X, self.backend)
        check_same_namespace(self, "W_in_", xp, "transform")
        Xs, _, layout = validate_series(self, to_host(X), reset=False)
        Xs = to_namespace(Xs, xp, device)
        if layout.kind == "array":
            return output_for(X, self._states(Xs, as_array=True))
        return output_for(X, restore_layout(self._states(Xs), layout))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.array_api_support = True
        return tags


class ReservoirStack(HostPickleMixin, TransformerMixin, BaseEstimator):
    """Deep reservoir: reservoirs in series, each driven by the one before.

    Layer 1 is driven by the input u(t); layer k > 1 by the states of layer
    k - 1 (and also by u(t) with ``input_to_all``). The output at each step
    is the concatenation of every layer's state (``concatenate=True``, the
    deep ESN of Gallicchio, Micheli and Pedrelli, "Deep reservoir computing:
    a critical experimental analysis", Neurocomputing 2017) or the last
    layer's state. It plugs in wherever a :class:`Reservoir` does:
    ``ESNRegressor(reservoir=ReservoirStack(...))`` (``generate`` included),
    :class:`~skreservoir.ESNTransformer` and the forecasters.

    Parameters
    ----------
    reservoirs : list of Reservoir
        The layers, cloned at fit (ReservoirPy: ``r1 >> r2 >> ...``).
    concatenate : bool, default=True
        Output every layer's states side by side; False outputs the last
        layer's.
    input_to_all : bool, default=False
        Drive every layer with the input as well, not only the first.

    Attributes
    ----------
    reservoirs_ : list of Reservoir
        The fitted layers.
    initial_state_ : ndarray of shape (sum of n_units,)
        Every layer's initial state, side by side.
    n_units_ : int
        Total number of units.
    n_features_in_ : int
        Number of input features seen during ``fit``.

    See Also
    --------
    Reservoir : One layer.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir import ESNRegressor, Reservoir, ReservoirStack
    >>> from skreservoir.datasets import mackey_glass
    >>> series = mackey_glass(1000)
    >>> deep = ReservoirStack([Reservoir(100, leak_rate=0.3, random_state=i)
    ...                        for i in range(3)])
    >>> esn = ESNRegressor(deep, washout=100).fit(series[:-1], series[1:])
    >>> esn.predict(series[:-1]).shape
    (999, 1)
    >>> deep.fit(series).transform(series).shape
    (1000, 300)
    """

    _parameter_constraints: dict = {
        "reservoirs": [list],
        "concatenate": ["boolean"],
        "input_to_all": ["boolean"],
    }

    def __init__(self, reservoirs, *, concatenate=True, input_to_all=False):
        self.reservoirs = reservoirs
        self.concatenate = concatenate
        self.input_to_all = input_to_all

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None):
        """Draw every layer's weights for the inputs it will see.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            A series or a panel; only its number of features is used.
        y : None
            Ignored.

        Returns
        -------
        self : ReservoirStack
            The fitted stack.
        """
        if len(self.reservoirs) == 0 or not all(hasattr(r, "_run") and hasattr(r, "n_units")
                                                for r in self.reservoirs):
            raise ValueError(
                "reservoirs must be a non-empty list of skreservoir.Reservoir "
                f"instances, got {self.reservoirs!r}."
            )
        xp, device = compute_namespace(X, self.backend)
        validate_series(self, to_host(X), reset=True)
        self.reservoirs_ = []
        width = self.n_features_in_
        for layer in self.reservoirs:
            fitted = clone(layer).fit(to_namespace(np.zeros((1, width)), xp, device))
            self.reservoirs_.append(fitted)
            width = fitted.n_units_ + (self.n_features_in_ if self.input_to_all else 0)
        self.initial_state_ = array_namespace(self.reservoirs_[0].initial_state_).concat(
            [r.initial_state_ for r in self.reservoirs_])
        self.n_units_ = sum(r.n_units_ for r in self.reservoirs_)
        return self

    @property
    def backend(self):
        """The first layer's ``backend``: where the stack computes for numpy input."""
        return getattr(self.reservoirs[0], "backend", None) if self.reservoirs else None

    @property
    def _n_features_out(self):
        return self.n_units_ if self.concatenate else self.reservoirs_[-1].n_units_

    def _layer_input(self, states, inputs):
        if not self.input_to_all:
            return states
        xp = array_namespace(states)
        return xp.concat([states, xp.astype(inputs, states.dtype)], axis=-1)

    def _split(self, states):
        """Per-layer blocks of a stacked state (n_series, n_units_) or (n_units_,)."""
        blocks, start = [], 0
        for r in self.reservoirs_:
            blocks.append(states[..., start:start + r.n_units_])
            start += r.n_units_
        return blocks

    def _outputs(self, per_layer):
        if not self.concatenate:
            return per_layer[-1]
        return array_namespace(per_layer[0]).concat(per_layer, axis=-1)

    # The reservoir protocol: _run, _generate, initial_state_.
    def _run(self, Xs, initial_states=None):
        """Run validated series through every layer; as :meth:`Reservoir._run`."""
        xp = array_namespace(Xs[0])
        starts = (None if initial_states is None
                  else self._split(initial_states))
        inputs, per_layer, finals = Xs, [], []
        for k, layer in enumerate(self.reservoirs_):
            if k > 0:
                inputs = [self._layer_input(s, x) for s, x in zip(per_layer[-1], Xs)]
            states, final = layer._run(inputs, None if starts is None else starts[k])
            per_layer.append(states)
            finals.append(final)
        outputs = [self._outputs([layer_states[i] for layer_states in per_layer])
                   for i in range(len(Xs))]
        return outputs, xp.concat(finals, axis=1)

    def _generate(self, state, u, n_steps, readout):
        """Closed loop through every layer; as :meth:`Reservoir._generate`."""
        xp, device = array_namespace(state), device_of(state)
        steps = [layer._recurrence(xp, device) for layer in self.reservoirs_]

        def advance(stacked, u_next):
            new = []
            layer_input = u_next
            for k, (step, previous) in enumerate(zip(steps, self._split(stacked))):
                if k > 0:
                    layer_input = self._layer_input(new[-1], u_next)
                new.append(step.step(previous, xp.astype(layer_input, previous.dtype)))
            return xp.concat(new)

        return closed_loop(state, u, n_steps,
                           features=lambda s: self._outputs(self._split(s)),
                           advance=advance, readout=readout)

    def transform(self, X):
        """Return the (stacked) states driven by ``X``.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            A series or a panel; every series starts from ``initial_state_``.

        Returns
        -------
        states : ndarray or list of ndarray
            (n_timesteps, ``n_units_``) per series (the last layer's n_units when
            ``concatenate=False``), with the structure of ``X``.
        """
        check_is_fitted(self)
        xp, device = compute_namespace(X, self.backend)
        check_same_namespace(self, "initial_state_", xp, "transform")
        Xs, _, layout = validate_series(self, to_host(X), reset=False)
        outputs, _ = self._run(to_namespace(Xs, xp, device))
        return output_for(X, restore_layout(outputs, layout))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.array_api_support = True
        return tags


class IPReservoir(Reservoir):
    r"""Reservoir whose units adapt by intrinsic plasticity (IP) at ``fit``.

    Every tanh unit gets a gain :math:`g_i` and a bias :math:`c_i`,
    :math:`y_i = \tanh(g_i z_i + c_i)` with :math:`z` the usual
    pre-activation, learned on the training input by the rule of Schrauwen,
    Wardermann, Verstraeten, Steil and Stroobandt ("Improving reservoirs
    using intrinsic plasticity", Neurocomputing 2008) for tanh units, which
    drives each unit's output distribution towards a Gaussian of mean ``mu``
    and standard deviation ``sigma``. Per training step, with learning rate
    :math:`\eta`:

    .. math::

        \Delta c = -\eta \Big(-\frac{\mu}{\sigma^2} + \frac{y}{\sigma^2}
                   \big(2\sigma^2 + 1 - y^2 + \mu y\big)\Big), \qquad
        \Delta g = \frac{\eta}{g} + \Delta c \, z .

    The learned gains and biases are folded into the weights
    (``W_ = diag(gain_) W``, ``W_in_ = diag(gain_) W_in``, ``bias_ = gain_ *
    b + ip_bias_``), so after ``fit`` it runs as a plain :class:`Reservoir`
    on every backend.

    Parameters
    ----------
    mu : float, default=0.0
        Target mean of the unit outputs.
    sigma : float, default=1.0
        Target standard deviation of the unit outputs.
    learning_rate : float, default=5e-4
        IP learning rate :math:`\eta`.
    epochs : int, default=1
        Passes over the training series.
    **reservoir parameters
        Every parameter of :class:`Reservoir` (``activation`` must be
        ``"tanh"``, the rule's unit).

    Attributes
    ----------
    gain_ : ndarray of shape (n_units,)
        Learned gains.
    ip_bias_ : ndarray of shape (n_units,)
        Learned biases (added to the drawn bias times the gain).
    W_, W_in_, bias_, initial_state_, n_units_, n_features_in_
        As in :class:`Reservoir`, with the gains folded in.

    See Also
    --------
    Reservoir : The reservoir without plasticity.

    Examples
    --------
    >>> from skreservoir import IPReservoir
    >>> from skreservoir.datasets import narma
    >>> u, _ = narma(1000)
    >>> ip = IPReservoir(100, sigma=0.2, epochs=2, random_state=0).fit(u)
    >>> bool(ip.transform(u).std() < 0.5)
    True
    """

    _parameter_constraints: dict = {
        **Reservoir._parameter_constraints,
        "mu": [Real],
        "sigma": [Interval(Real, 0, None, closed="neither")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "epochs": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, n_units=None, *, mu=0.0, sigma=1.0, learning_rate=5e-4, epochs=1,
                 spectral_radius=0.9, leak_rate=1.0, input_scaling=1.0, bias_scaling=1.0,
                 density=0.1, input_density=0.1, distribution="normal",
                 input_distribution="bernoulli", activation="tanh", noise=0.0,
                 input_noise=0.0, noise_distribution="normal", dt=None, tau=None, W=None,
                 W_in=None, bias=None, initial_state=None, random_state=None,
                 dtype="float64", backend=None):
        super().__init__(
            n_units, spectral_radius=spectral_radius, leak_rate=leak_rate,
            input_scaling=input_scaling, bias_scaling=bias_scaling, density=density,
            input_density=input_density, distribution=distribution,
            input_distribution=input_distribution, activation=activation, noise=noise,
            input_noise=input_noise, noise_distribution=noise_distribution, dt=dt,
            tau=tau, W=W, W_in=W_in, bias=bias, initial_state=initial_state,
            random_state=random_state, dtype=dtype, backend=backend)
        self.mu = mu
        self.sigma = sigma
        self.learning_rate = learning_rate
        self.epochs = epochs

    _host_drawn_arrays = Reservoir._host_drawn_arrays + ("gain_", "ip_bias_")

    def _adapt(self, Xs):
        if self.activation != "tanh":
            raise ValueError(
                f"IPReservoir's rule is for tanh units; got activation={self.activation!r}. "
                "Use activation='tanh'."
            )
        W = self.W_.astype(np.float64)
        W_in = np.asarray(self.W_in_, dtype=np.float64)
        bias = np.asarray(self.bias_, dtype=np.float64)
        gain, ip_bias = np.ones(self.n_units_), np.zeros(self.n_units_)
        intrinsic_plasticity(W, W_in, bias, Xs, np.asarray(self.initial_state_, np.float64),
                             self._effective_leak_rate(), gain, ip_bias, mu=self.mu,
                             sigma=self.sigma, learning_rate=self.learning_rate,
                             epochs=self.epochs)
        dtype = self.W_in_.dtype
        self.gain_, self.ip_bias_ = gain, ip_bias
        scaled = (sp.csr_array(W.multiply(gain[:, None])) if sp.issparse(W)
                  else gain[:, None] * W)
        self.W_ = scaled.astype(dtype)
        self.W_in_ = (gain[:, None] * W_in).astype(dtype)
        self.bias_ = (gain * bias + ip_bias).astype(dtype)
