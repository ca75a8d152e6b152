"""The leaky-integrator echo state network reservoir."""

import functools
import inspect
import math
import numbers
import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
import sklearn
from array_api_compat import array_namespace
from sklearn.utils import check_random_state

from skreservoir._activations import ACTIVATION_NAMES
from skreservoir._backend import (
    compute_namespace,
    device_of,
    is_numpy,
    move_matrix,
    namespace_of_fitted,
    resolve_backend,
    to_host,
    to_namespace,
)
from skreservoir._base import (
    BaseReservoir,
    declared_state_dtype,
    initial_states_for,
    same_value,
)
from skreservoir._config import get_config
from skreservoir._recurrence import RUNAWAY_MAGNITUDE, Noise, NumpyRecurrence, Recurrence
from skreservoir._sklearn_compat import (
    Interval,
    InvalidParameterError,
    StrOptions,
    _fit_context,
)
from skreservoir._threads import blas_threads_for
from skreservoir._validation import (
    check_pooling,
    check_sparse_indices,
    join_words,
    restore_layout,
    user_stacklevel,
    validate_series,
    warn_if_transposed,
)
from skreservoir._weights import (
    DENSE_EIG_MAX_UNITS,
    SHAPED_BY_DRAW,
    SPARSE_DENSITY_THRESHOLD,
    check_radius,
    connect_every_column,
    draw_not_nilpotent,
    draw_values,
    given_as_is,
    random_matrix,
    scale_matrix,
    scale_to_spectral_radius,
    too_large,
)
from skreservoir._weights import spectral_radius as spectral_radius_of
from skreservoir.exceptions import (
    DivergenceError,
    IgnoredParameterWarning,
    StateDivergenceWarning,
)

_DISTRIBUTIONS = {"normal", "uniform", "bernoulli"}
#: Unbounded states above this magnitude warn (StateDivergenceWarning).
_LARGE_STATE = 1e10
#: A one-row step of a stream whose state has a squared norm at most this has
#: every unit below half of :data:`_LARGE_STATE` (see ``run_function``).
ROW_CHECK_SQUARED_NORM = (0.5 * _LARGE_STATE) ** 2
_DEFAULT_N_UNITS = 100

#: Above ``DENSE_EIG_MAX_UNITS`` units, drawn matrices with at most this many
#: nonzeros per row on average are checked for a graph without cycles.
NILPOTENT_CHECK_DEGREE = 4


def _acyclic(W):
    """Whether the graph of the sparse square ``W`` has no cycle (then ``W`` is nilpotent)."""
    from scipy.sparse.csgraph import connected_components

    if np.any(W.diagonal() != 0):
        return False
    n_components, _ = connected_components(W, directed=True, connection="strong")
    return n_components == W.shape[0]


def is_reservoirpy_initializer(initializer):
    """Whether ``initializer`` is ReservoirPy's (``reservoirpy.mat_gen.normal``, ``ring``, ...)."""
    module = getattr(initializer, "__module__", None)
    return isinstance(module, str) and module.split(".")[0] == "reservoirpy"


def _check_callable_signature(name, initializer):
    """A TypeError naming ``name`` and its calling convention where ``initializer``
    cannot be called as ``initializer(shape, rng)`` (Python's own, "<lambda>() takes 1
    positional argument but 2 were given", named neither)."""
    try:
        signature = inspect.signature(initializer)
    except (TypeError, ValueError):  # a builtin or an object without one: call it
        return
    try:
        signature.bind((1, 1), None)
    except TypeError:
        raise TypeError(
            f"A callable {name} is called as {name}(shape, rng) (shape a tuple of ints, "
            f"rng a numpy.random.Generator) and returns the matrix; got one whose "
            f"signature is {signature}. Define it as "
            f"def {name.lower()}(shape, rng): ..., or pass the array itself."
        ) from None


def _initialized(name, initializer, shape, rng, connectivity=None):
    """The matrix a callable ``W``/``W_in``/``bias`` gives for ``shape``, checked.

    Ours is called as ``initializer(shape, rng)``; ReservoirPy's as its
    ``Reservoir`` calls them, ``initializer(*shape, connectivity=...,
    seed=rng)``, the keywords the initializer was given winning (its
    ``Initializer`` merges them so).
    """
    from skreservoir.weights import INITIALIZER_FACTORIES

    if initializer in INITIALIZER_FACTORIES:
        settings = ", ".join(f"{key}=..." for key in inspect.signature(initializer).parameters)
        raise TypeError(
            f"{name}={initializer.__name__} makes initializers and is called with its "
            f"settings first: pass {name}={initializer.__name__}() or "
            f"{name}={initializer.__name__}({settings}) (ring and orthogonal are "
            "initializers themselves, passed uncalled)."
        )
    reservoirpy = is_reservoirpy_initializer(initializer)
    if reservoirpy:
        _warn_initializer_scale(name, initializer)
        keywords = {"seed": rng}
        if connectivity is not None:
            keywords["connectivity"] = connectivity
        value = initializer(*shape, **keywords)
    else:
        _check_callable_signature(name, initializer)
        try:
            value = initializer(shape, rng)
        except TypeError as error:  # a function of ReservoirPy's convention, (n, m, ...)
            # (a bias's shape is (n_units,), ReservoirPy's (n_units, 1))
            call = ("f(shape[0], 1, seed=rng).ravel()" if len(shape) == 1
                    else "f(*shape, seed=rng)")
            raise TypeError(
                f"The callable {name} raised TypeError: {error}. A callable {name} is "
                f"called as {name}(shape, rng) (shape a tuple of ints, rng a "
                "numpy.random.Generator); a function of ReservoirPy's convention, "
                f"f(n, m, **kwargs), is passed as {name}=lambda shape, rng: {call}."
            ) from error
    # a sparse matrix is checked on its stored values (10,000 units dense: 800 MB)
    check_sparse_indices(value, f"The matrix the {name} initializer returned")
    try:
        values = (stored_values(value) if sp.issparse(value)
                  else np.asarray(value, dtype=np.float64))
    except (TypeError, ValueError) as error:  # numpy's words named neither the matrix
        raise ValueError(
            f"The {name} initializer returned {type(value).__name__} {value!r:.80}, not an "
            f"array of numbers ({error}): a callable {name} must return a numpy array or a "
            "scipy sparse matrix of the shape it is given.") from None
    got = value.shape if sp.issparse(value) else np.shape(values)
    if got != shape and not (len(shape) == 1 and got == shape + (1,)):
        call = (f"{name}(*shape, connectivity=..., seed=rng) (ReservoirPy's convention)"
                if reservoirpy else f"{name}(shape, rng)")
        raise ValueError(
            f"The {name} initializer returned shape {got} for shape {shape}: "
            f"a callable {name} is called as {call} and must return an "
            "array of that shape."
        )
    if not np.all(np.isfinite(values)):
        raise ValueError(f"The {name} initializer returned NaN or inf values.")
    # the reservoir's own copy (it is scaled in place)
    return value.tocsr().astype(np.float64) if sp.issparse(value) else np.array(values)


#: For a ReservoirPy initializer given as ``W``, ``W_in`` or ``bias``: its own keyword
#: that would win in ReservoirPy, and the reservoir's parameter that scales the matrix here.
_SCALED_BY = {"W": ("sr", "spectral_radius"), "W_in": ("input_scaling", "input_scaling"),
              "bias": ("input_scaling", "bias_scaling")}


def _warn_initializer_scale(name, initializer):
    """:class:`~skreservoir.exceptions.IgnoredParameterWarning` where a ReservoirPy
    initializer carries its own scale: ``sr`` for ``W`` (scaled here to the
    reservoir's ``spectral_radius``, which undoes it), ``input_scaling`` for ``W_in``
    and ``bias`` (scaled here by ``input_scaling`` and ``bias_scaling`` once more),
    where ReservoirPy's ``Reservoir`` lets the initializer's value replace its own:
    a ported ``W=normal(sr=0.5)`` would silently get another radius. Other matrices
    (ES2N's ``O``, never rescaled) and other keywords (which ReservoirPy refuses
    there) say nothing."""
    own = getattr(initializer, "_kwargs", None)
    key, parameter = _SCALED_BY.get(name, (None, None))
    if key is None or not isinstance(own, dict) or own.get(key) is None:
        return
    value = own[key]
    shown = float(value) if isinstance(value, Real) else value
    function = getattr(getattr(initializer, "_func", None), "__name__", "").lstrip("_")
    given = f"{name}={function or 'initializer'}({key}={shown!r})"
    what = (f"is ignored here: skreservoir scales the matrix of an initializer to the "
            f"reservoir's {parameter}" if name == "W" else
            f"scales its matrix, and the reservoir's {parameter} scales it again")
    warnings.warn(
        f"{given}: the initializer's {key} {what} (in ReservoirPy the initializer's "
        f"own value replaces its Reservoir's). Pass {parameter}={shown!r} to the "
        f"reservoir and leave {key} off the initializer.",
        IgnoredParameterWarning, stacklevel=user_stacklevel(),
    )


def stored_values(matrix):
    """The stored values of a scipy sparse ``matrix`` of any format, as an array.

    A LIL matrix's ``data`` is an array of lists and a DOK matrix has none
    (ReservoirPy takes both): those are read through CSR.
    """
    return (matrix if matrix.format in ("csr", "csc", "coo", "bsr", "dia")
            else matrix.tocsr()).data


def _refuse_initializer_names(reservoir):
    """``W="normal"`` (ReservoirPy's ``W=normal`` written as a name) says what to pass."""
    from skreservoir import weights

    for name, distribution in (("W", "distribution"), ("W_in", "input_distribution"),
                               ("bias", "input_distribution")):
        value = getattr(reservoir, name, None)
        if not isinstance(value, str):
            continue
        if value in _DISTRIBUTIONS:
            fix = (f"a drawn {name} takes its distribution from {distribution}={value!r} "
                   f"(ReservoirPy's {name if name != 'W_in' else 'Win'}={value} is that draw)")
        elif value in weights.__all__:
            fix = (f"an initializer is passed as the function itself: "
                   f"{name}=skreservoir.weights.{value}")
        else:
            fix = ("an initializer is passed as the function itself (skreservoir.weights, "
                   "or reservoirpy.mat_gen's)")
        accepted = ("an array-like, a float" if name == "bias"
                    else "an array-like, a sparse matrix")
        raise InvalidParameterError(
            f"The {name!r} parameter of {type(reservoir).__name__} must be {accepted}, "
            f"a callable initializer or None, got the string {value!r}: {fix}."
        )


def _magnitudes(arrays):
    """The largest ``|value|`` of every array (NaN where one is NaN), as floats.

    Two reductions of a numpy array (no ``|s|`` array); on a device, one
    reduction per array and one transfer for all of them (a transfer per
    series of a panel synchronised the GPU 2048 times).
    """
    if not arrays or isinstance(arrays[0], np.ndarray):
        return [max(float(s.max()), -float(s.min())) for s in arrays]
    xp = array_namespace(arrays[0])
    return to_host(xp.stack([xp.max(xp.abs(s)) for s in arrays])).tolist()


class Reservoir(BaseReservoir):
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
        size of ``W`` when it is given, else 100. A drawn ``W`` has
        ``round(density * n_units**2)`` nonzero entries (see ``density``),
        so at the default density 0.1 a reservoir of 1 or 2 units draws
        none: its ``W`` is zero, nilpotent, and ``fit`` always refuses it.
        Pass ``density=1.0`` for such a reservoir (any density of at least
        ``1 / n_units**2`` draws a nonzero), or pass ``W``. 3 units draw one
        nonzero, kept only where it lands on the diagonal (a single unit's
        self-loop), and 4 or 5 units two: so small a reservoir is barely
        connected at the default density.
    spectral_radius : float, default=1.0
        The drawn ``W`` is rescaled to this spectral radius (ReservoirPy:
        ``sr``, also 1.0 by default); 0 makes the reservoir memoryless (with
        a leak rate of 1, an extreme learning machine). Ignored when ``W``
        is given as an array: a user's matrix is used as is (set along with
        it, it warns).
    leak_rate : float, default=1.0
        Leak rate :math:`a` in (0, 1] (ReservoirPy: ``lr``). Leave it at 1.0
        when ``dt`` and ``tau`` are given.
    input_scaling : float or array-like of shape (n_features,), default=0.5
        Scale of ``W_in``, a scalar or one value per input feature
        (ReservoirPy: ``input_scaling``, 1.0 by default).
    bias_scaling : float, default=0.2
        Scale of the bias. 0 gives a reservoir without bias (ReservoirPy's
        default ``bias=0``). The defaults of ``spectral_radius``,
        ``input_scaling`` and ``bias_scaling`` are those of best median rank
        over 17 first-try tasks in ``benchmarks/bench_reservoir_defaults.py``
        (see the ReservoirPy page of the user guide).
    density : float, default=0.1
        Fraction of nonzero entries of ``W`` (ReservoirPy:
        ``rc_connectivity``): ``round(density * n_units**2)`` entries (all
        of them at 1.0), at uniformly drawn positions. Below 0.5, ``W_`` is
        stored as a scipy CSR array. A drawn ``W`` that is nilpotent
        (spectral radius 0, which a sparse draw of a small or very sparse
        reservoir can be: its graph has no cycle, no nonzero on the
        diagonal and no loop of nonzeros such as ``W[i, j]`` and
        ``W[j, i]``; a draw with no nonzero always is) is drawn again from
        the same stream, up to 20 times, then refused; every other draw is
        kept as drawn.
    input_density : float, default=0.1
        Fraction of nonzero entries of ``W_in`` (ReservoirPy:
        ``input_connectivity``). Every input feature feeds at least one
        unit: a column of the drawn ``W_in`` left without a nonzero (a small
        reservoir: 4 units and one feature draw none) gets one, at a random
        unit, where ReservoirPy leaves that input unconnected.
    distribution : {"normal", "uniform", "bernoulli"}, default="normal"
        Distribution of the nonzero entries of ``W`` before scaling: N(0, 1),
        U(-1, 1) or +-1 (ReservoirPy: ``W=normal``).
    input_distribution : {"normal", "uniform", "bernoulli"}, default="bernoulli"
        Distribution of the entries of ``W_in`` and of the bias (ReservoirPy:
        ``Win=bernoulli``).
    activation : {"tanh", "identity", "relu", "sigmoid"} or callable, default="tanh"
        Activation :math:`f` (ReservoirPy: ``activation``). A callable is
        applied elementwise to an array of pre-activations and returns a new
        array (for example ``np.sin``); it runs in the numpy (or array API)
        loop, not in the compiled kernels.
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
    W : array-like, sparse matrix or callable, default=None
        Recurrent weights (n_units, n_units) to use exactly as given instead
        of a draw (``spectral_radius``, ``density`` and ``distribution`` then
        have no effect, and set to other than their defaults they warn:
        :class:`~skreservoir.exceptions.IgnoredParameterWarning`); or an initializer, called as ``W(shape, rng)`` with
        ``shape`` a tuple and ``rng`` a :class:`numpy.random.Generator`
        seeded from ``random_state`` (for example one of
        :mod:`skreservoir.weights`), whose matrix is then scaled to
        ``spectral_radius`` like a draw (by the radius the initializer
        declares, ``expected_spectral_radius``, where it does:
        :func:`~skreservoir.weights.fast_spectral`). A ReservoirPy
        initializer (``reservoirpy.mat_gen.normal``, ``ring``, ...,
        configured or not: ``normal(connectivity=0.2)``) is called as
        ReservoirPy's ``Reservoir`` calls it, ``W(n_units, n_units,
        connectivity=density, seed=rng)``, its own keywords winning; leave
        its ``sr`` off, the matrix is scaled to ``spectral_radius`` here.
        The distribution of a drawn ``W`` is ``distribution`` (ReservoirPy's
        ``W=normal``).
    W_in : array-like, sparse matrix or callable, default=None
        Input weights (n_units, n_features) to use exactly as given (then
        ``input_scaling``, ``input_density`` and ``input_distribution`` have
        no effect); or an
        initializer ``W_in(shape, rng)`` whose matrix is scaled by
        ``input_scaling`` (a ReservoirPy initializer: ``W_in(n_units,
        n_features, connectivity=input_density, seed=rng)``, without its own
        ``input_scaling``).
    bias : array-like of shape (n_units,) or (n_units, 1), float or callable, default=None
        Bias to use exactly as given (a float: every unit's, as in
        ReservoirPy; ``bias_scaling`` then has no effect); or an initializer ``bias(shape, rng)`` scaled by
        ``bias_scaling`` (a ReservoirPy initializer: ``bias(n_units,
        connectivity=1.0, seed=rng)``).
    initial_state : array-like of shape (n_units,), default=None
        State every series starts from; zeros when None.
    random_state : int, RandomState instance or None, default=None
        Seeds the draws of ``W``, ``W_in``, ``bias`` and the noise.
    dtype : {"float64", "float32"}, numpy type or dtype, default="float64"
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
    spectral_radius_ : float
        The spectral radius of ``W_``: ``spectral_radius`` for a drawn
        ``W`` (scaled to it), computed for a given one
        (:func:`skreservoir.metrics.spectral_radius`, when first read, not
        at ``fit``); for an initializer
        that declares its matrices' expected radius
        (:func:`skreservoir.weights.fast_spectral`), ``spectral_radius`` as
        expected, not computed.
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
        "spectral_radius": [Interval(Real, 0, None, closed="left")],
        "leak_rate": [Interval(Real, 0, 1, closed="right")],
        "input_scaling": [Interval(Real, 0, None, closed="neither"), "array-like"],
        "bias_scaling": [Interval(Real, 0, None, closed="left")],
        "density": [Interval(Real, 0, 1, closed="right")],
        "input_density": [Interval(Real, 0, 1, closed="right")],
        "distribution": [StrOptions(_DISTRIBUTIONS)],
        "input_distribution": [StrOptions(_DISTRIBUTIONS)],
        "activation": [StrOptions(set(ACTIVATION_NAMES)), callable],
        "noise": [Interval(Real, 0, None, closed="left")],
        "input_noise": [Interval(Real, 0, None, closed="left")],
        "noise_distribution": [StrOptions({"normal", "uniform"})],
        "dt": [Interval(Real, 0, None, closed="neither"), None],
        "tau": [Interval(Real, 0, None, closed="neither"), None],
        "W": ["array-like", "sparse matrix", callable, None],
        "W_in": ["array-like", "sparse matrix", callable, None],
        "bias": ["array-like", Real, callable, None],
        "initial_state": ["array-like", None],
        "random_state": ["random_state"],
        "dtype": [StrOptions({"float64", "float32"}), type, np.dtype],
        "backend": [StrOptions({"numpy", "cupy"}), None],
    }

    def __init__(
        self,
        n_units=None,
        *,
        spectral_radius=1.0,
        leak_rate=1.0,
        input_scaling=0.5,
        bias_scaling=0.2,
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
    def _validate_params(self):
        """scikit-learn's check of the constraints, after a clear error for ``W="normal"``
        and for ``leak_rate=None`` (other libraries' "no leak")."""
        _refuse_initializer_names(self)
        for name in ("W", "W_in", "bias", "O", "activation"):
            value = getattr(self, name, None)
            if hasattr(value, "get_params"):  # an estimator is callable (its node call)
                what = ("a name or a function of the array of pre-activations (np.sin)"
                        if name == "activation" else
                        "an array, a sparse matrix, a number (bias) or an initializer "
                        "function (skreservoir.weights); a fitted reservoir's weights are "
                        f"its arrays ({name}=fitted.{name}_)")
                raise InvalidParameterError(
                    f"The {name!r} parameter of {type(self).__name__} must be {what}, got "
                    f"the estimator {type(value).__name__}.")
        if (getattr(self, "leak_rate", 0.0) is None
                and getattr(self, "activation", None) != "spiking"):
            # reservoir-computing's leak=None (a port of its tutorials): scikit-learn's
            # "must be a float in (0.0, 1.0]" did not say which float
            raise InvalidParameterError(
                f"The 'leak_rate' parameter of {type(self).__name__} must be a float in "
                "(0, 1], got None. A reservoir without leak (other "
                "libraries' leak=None) is leak_rate=1.0: each unit takes its new value at "
                "every step."
            )
        leak_rate = getattr(self, "leak_rate", None)
        if (np.ndim(leak_rate) > 0 and not isinstance(leak_rate, str)
                and "leak_rate" in self._parameter_constraints
                and "array-like" not in self._parameter_constraints["leak_rate"]):
            # scikit-learn's message printed the whole array (1400 characters)
            raise InvalidParameterError(
                f"The 'leak_rate' parameter of {type(self).__name__} must be one float in "
                f"(0, 1], got an array of shape {np.shape(leak_rate)}: a leak rate per unit "
                "(ReservoirPy's lr array) has no counterpart in this reservoir. Pass one "
                "leak rate, or several reservoirs of different leak rates side by side "
                "(ReservoirStack([Reservoir(leak_rate=a), Reservoir(leak_rate=b)], "
                "parallel=True))."
            )
        try:
            super()._validate_params()
        except InvalidParameterError as error:
            activation = getattr(self, "activation", None)
            if not (isinstance(activation, str) and "'activation' parameter" in str(error)):
                raise
            lower = (f" Names are lower case: activation={activation.lower()!r}."
                     if activation.lower() != activation else "")
            raise InvalidParameterError(
                f"{error}{lower} Any other activation is a function of the array of "
                "pre-activations, taken as it is: softplus is "
                "activation=functools.partial(np.logaddexp, 0.0), ReservoirPy's softmax "
                "(across the units) activation=functools.partial(scipy.special.softmax, "
                "axis=-1) (a partial of a module's function pickles with the model; a "
                "lambda does not)."
            ) from None

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
        if self.W is not None and not callable(self.W):
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
        self._check_given_matrices()
        for name, shape in expected.items():
            value = getattr(self, name)
            if value is None or callable(value):
                continue
            given = value.shape if sp.issparse(value) else np.shape(value)
            if name in ("bias", "initial_state") and given == (n_units, 1):
                continue  # a column vector: raveled
            if name == "bias" and given == ():
                continue  # a number: every unit's
            if given != shape:
                raise ValueError(
                    f"{name} must have shape {shape} (n_units={n_units}, "
                    f"n_features={n_features}), got {given}."
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

    def _check_given_matrices(self):
        """User-given W, W_in, bias and initial_state must be real and finite."""
        for name in ("W", "W_in", "bias", "initial_state"):
            value = getattr(self, name)
            if value is None or callable(value):
                continue
            check_sparse_indices(value, name)
            values = stored_values(value) if sp.issparse(value) else np.asarray(value)
            if np.iscomplexobj(values):
                raise ValueError(
                    f"{name} has complex values; reservoir weights are real. Pass "
                    f"{name}.real (or np.real({name})) if the imaginary part is "
                    "rounding noise."
                )
            if values.dtype.kind not in "biuf":
                raise ValueError(f"{name} must hold numbers, got dtype {values.dtype}.")
            if not np.all(np.isfinite(values)):
                raise ValueError(
                    f"{name} contains NaN or inf ({int(np.sum(~np.isfinite(values)))} "
                    f"values); pass a finite {name}."
                )

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
            fix = ("take dt <= tau" if leak > 1.0 else
                   "the ratio underflows to 0: take dt and tau of comparable scale "
                   "(a leak rate of 1e-3 or more, typically)")
            raise ValueError(
                f"dt / tau = {self.dt!r} / {self.tau!r} = {leak:.4g} is the leak rate and "
                f"must lie in (0, 1]: {fix}."
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
        from skreservoir._dask import host_fit_input

        # a dask collection: its first block (its every series where _adapt learns)
        X = host_fit_input(X, whole=type(self)._adapt is not Reservoir._adapt)
        xp, device = compute_namespace(X, self.backend)
        Xs, _, _ = validate_series(self, to_host(X), reset=True)
        if getattr(X, "ndim", None) == 3:  # sktime's numpy3D (time last) given as it is?
            warn_if_transposed(X, type(self).__name__)
        dtype, n_units = self._check_params(self.n_features_in_)
        try:
            self._draw_weights(n_units, self.n_features_in_, dtype)
        except MemoryError as error:
            density = getattr(self, "density", None)
            density = density if isinstance(density, float) else 1.0
            raise too_large(f"{type(self).__name__}(n_units={n_units})", (n_units, n_units),
                            density, "Lower n_units (or density).") from error
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

    def _refuse_nilpotent_initializer(self, n_units):
        """Raise for a ``W`` initializer whose matrix has spectral radius 0 (check_radius's
        message speaks of a draw's density and n_units, which the user did not choose)."""
        func = getattr(self.W, "_func", self.W)  # ReservoirPy's initializers wrap _func
        name = getattr(func, "__name__", type(self.W).__name__).lstrip("_")
        matrix = (f"W={name}({n_units}, {n_units})" if hasattr(self.W, "_func")
                  else "the array the initializer returns")
        raise ValueError(
            f"The initializer W={name} drew a matrix of spectral radius 0 (for example a "
            "line or a zero matrix), which cannot be scaled to spectral_radius. To use "
            f"that matrix as it is, pass the matrix itself ({matrix}); otherwise pass an "
            "initializer whose matrix has a cycle (skreservoir.weights.ring, a random draw)."
        )

    def _draw_recurrent(self, rng_W, n_units):
        """Draw ``W`` from ``distribution`` at ``density``; drawn again while nilpotent.

        A sparse draw of a small or very sparse reservoir can be nilpotent
        (spectral radius 0: 5 of 50 seeds at 10 units and density 0.1; a
        300-unit draw at density 0.001), and cannot then be scaled; it is
        drawn again from the same stream, up to
        ``skreservoir._weights.MAX_NILPOTENT_REDRAWS`` times
        (``draw_not_nilpotent``), then refused (the error names the fix). Up to
        ``DENSE_EIG_MAX_UNITS`` units the radius is measured (dense
        eigenvalues); above, a draw with at most
        :data:`NILPOTENT_CHECK_DEGREE` nonzeros per row on average is
        nilpotent when its graph has no cycle (no diagonal entry, every
        strongly connected component a single unit: O(nnz)), and a denser
        one is kept as drawn (it has cycles with probability near 1, and its
        radius is measured when scaled). A draw that is not nilpotent is
        kept, so the draws of every other seed are unchanged. Returns ``W``
        and its radius where measured here (0.0 for a draw that stayed
        nilpotent), else None.
        """
        def draw():
            return random_matrix(
                rng_W, (n_units, n_units), density=self.density,
                distribution=self.distribution,
                sparse=self.density < SPARSE_DENSITY_THRESHOLD, dtype=np.float64,
            )

        def radius_of(W):
            if n_units <= DENSE_EIG_MAX_UNITS:
                return spectral_radius_of(W)
            if (not sp.issparse(W) or W.nnz > NILPOTENT_CHECK_DEGREE * n_units
                    or not _acyclic(W)):
                return None
            return 0.0

        return draw_not_nilpotent(draw, radius_of)

    def _warn_ignored_by_arrays(self):
        """Warn where a weight is given as an array and a parameter that shapes
        only a draw of it is set to other than its default (it has no effect)."""
        defaults = {
            name: p.default
            for name, p in inspect.signature(type(self).__init__).parameters.items()
        }
        params = self.get_params(deep=False)
        for weight in given_as_is(params):
            ignored = [
                name for name in SHAPED_BY_DRAW[weight]
                if name in defaults and not same_value(params[name], defaults[name])
            ]
            if ignored:
                said = join_words([f"{name}={params[name]!r}" for name in ignored], "and")
                verb = "has" if len(ignored) == 1 else "have"
                given = "a float" if isinstance(params[weight], Real) else "an array"
                warnings.warn(
                    f"{type(self).__name__}: {said} {verb} no effect, since {weight} is given "
                    f"as {given}, which is used exactly as given. To have it scaled, "
                    f"pass an initializer instead ({weight}=lambda shape, rng: "
                    f"my_{weight}), which is scaled like a draw; or leave "
                    f"{join_words(ignored, 'and')} at the default.",
                    IgnoredParameterWarning, stacklevel=user_stacklevel(),
                )

    def _draw_weights(self, n_units, n_features, dtype):
        self._warn_ignored_by_arrays()
        random_state = check_random_state(self.random_state)
        seeds = random_state.randint(np.iinfo(np.int32).max, size=4)
        rng_W, rng_in, rng_bias = (np.random.default_rng(s) for s in seeds[:3])
        self._noise_seed = int(seeds[3])

        if self.W is not None and not callable(self.W):
            W = self.W.tocsr() if sp.issparse(self.W) else np.asarray(self.W)
            self.W_ = W.astype(dtype)
            self.spectral_radius_ = None  # computed when first asked for: see the property
        else:
            draw = radius = None
            if callable(self.W):  # an initializer: its matrix is scaled as a draw
                W = _initialized("W", self.W, (n_units, n_units), rng_W, self.density)
                # scaled to zero (spectral_radius=0) by scale_to_spectral_radius, unmeasured
                if self.spectral_radius and getattr(self.W, "expected_spectral_radius",
                                                    None) is None:
                    radius = spectral_radius_of(W)  # scaled by it below
                    if radius == 0.0:
                        self._refuse_nilpotent_initializer(n_units)
            else:
                # its radius is cached by its draw (the same W for the same seed), not
                # by a hash of its arrays
                draw = ("random_matrix", int(seeds[0]), n_units, self.density,
                        self.distribution)
                W, radius = self._draw_recurrent(rng_W, n_units)
            expected = getattr(self.W, "expected_spectral_radius", None)
            if expected is not None:  # the initializer's own scale (weights.fast_spectral)
                self.W_ = scale_matrix(W, self.spectral_radius / expected, dtype, copy=False)
            elif radius is not None:  # measured in the draw (0.0: nilpotent)
                factor = (self.spectral_radius / check_radius(radius) if self.spectral_radius
                          else 0.0)
                self.W_ = scale_matrix(W, factor, dtype, copy=False)
            else:
                # a drawn matrix is this reservoir's own: scaled without copying its indices
                self.W_ = scale_to_spectral_radius(W, self.spectral_radius, dtype, copy=False,
                                                   key=draw)
            self.spectral_radius_ = float(self.spectral_radius)

        if self.W_in is not None and not callable(self.W_in):
            W_in = self.W_in.toarray() if sp.issparse(self.W_in) else self.W_in
            self.W_in_ = np.asarray(W_in, dtype=dtype)
        else:
            if callable(self.W_in):
                W_in = _initialized("W_in", self.W_in, (n_units, n_features), rng_in,
                                    self.input_density)
                W_in = W_in.toarray() if sp.issparse(W_in) else W_in
            else:
                W_in = connect_every_column(rng_in, random_matrix(
                    rng_in, (n_units, n_features), density=self.input_density,
                    distribution=self.input_distribution, sparse=False,
                    dtype=np.float64,
                ), self.input_distribution)
            self.W_in_ = (W_in * np.asarray(self.input_scaling)).astype(dtype)

        if self.bias is not None and not callable(self.bias):
            # a number is every unit's bias, as in ReservoirPy
            self.bias_ = np.ravel(np.broadcast_to(np.asarray(self.bias, dtype=dtype),
                                                  (n_units,) if np.ndim(self.bias) == 0
                                                  else np.shape(self.bias))).copy()
        else:
            if callable(self.bias):
                bias = np.ravel(_initialized("bias", self.bias, (n_units,), rng_bias, 1.0))
            else:
                bias = draw_values(rng_bias, n_units, self.input_distribution)
            self.bias_ = (self.bias_scaling * bias).astype(dtype)

        if self.initial_state is not None:
            self.initial_state_ = np.ravel(np.asarray(self.initial_state, dtype=dtype))
        else:
            self.initial_state_ = np.zeros(n_units, dtype=dtype)
        self.n_units_ = n_units

    @property
    def spectral_radius_(self):
        """The spectral radius of ``W_`` (see the class's Attributes).

        For a given ``W`` it is computed when first asked for, not at
        ``fit``: an eigenvalue problem that a fit does not need (14 ms of
        the 24 ms fit of a 200-unit ESN on 1000 steps; seconds for a large
        sparse ``W``).
        """
        value = self.__dict__.get("_spectral_radius")
        if value is None:
            if "W_" not in self.__dict__:
                raise AttributeError(
                    f"This {type(self).__name__} is not fitted yet: spectral_radius_ is set "
                    "by fit."
                )
            value = self._spectral_radius = float(spectral_radius_of(to_host(self.W_)))
        return value

    @spectral_radius_.setter
    def spectral_radius_(self, value):
        # None: computed from W_ when first asked for
        self._spectral_radius = None if value is None else float(value)

    # -- running: the reservoir interface (skreservoir._base) ---------------
    supports_feedback = True

    @property
    def output_size_(self):
        """Values per output row: ``n_units_``."""
        return self.n_units_

    @property
    def drive_size_(self):
        """Size of the feedback drive: ``n_units_``."""
        return self.n_units_

    def _recurrence(self, xp=None, device=None):
        """The update rule with this reservoir's weights and a fresh noise seed.

        The compiled numpy kernels for numpy, the array API ones for any
        other namespace ``xp`` (the fitted namespace when None).
        """
        noise = Noise(self._noise_seed, self.noise_distribution)
        input_noise = Noise([self._noise_seed, 1], self.noise_distribution)
        config = get_config()
        params = dict(leak_rate=self._effective_leak_rate(), activation=self.activation,
                      noise=self.noise, rng=noise, input_noise=self.input_noise,
                      input_rng=input_noise,
                      dense_panel_min_series=config["dense_panel_min_series"],
                      dense_panel_min_density=config["dense_panel_min_density"])
        if xp is None:
            xp = namespace_of_fitted(self.W_in_)
        if is_numpy(xp):
            return NumpyRecurrence(to_host(self.W_), to_host(self.W_in_), to_host(self.bias_),
                                   compiled=config["compiled"], **params)
        return Recurrence(
            move_matrix(self.W_, xp, device), to_namespace(self.W_in_, xp, device),
            to_namespace(self.bias_, xp, device), xp=xp, device=device, **params)

    def _states(self, Xs, initial_states=None, as_array=False, drive=None, recurrence=None):
        """Run a list of validated series; return their list of states.

        Parameters
        ----------
        Xs : list of ndarray of shape (n_timesteps_i, n_features)
        initial_states : ndarray of shape (n_series, n_units), default=None
            Where each series starts; ``initial_state_`` for all when None.
        as_array : bool, default=False
            Return one 3D array (series of equal length only).
        drive : list of ndarray of shape (n_timesteps_i, n_units), default=None
            Added to the drive of every step (teacher-forced output feedback).
        recurrence : Recurrence, default=None
            The update rule to run (:meth:`_recurrence` for the series'
            namespace when None).
        """
        if initial_states is None:
            initial_states = initial_states_for(self, Xs)
        if recurrence is None:
            recurrence = self._recurrence(array_namespace(Xs[0]), device_of(Xs[0]))
        with np.errstate(over="ignore", invalid="ignore"):  # reported below
            states = recurrence.run_panel(Xs, initial_states, as_array=as_array, extra=drive)
        self.check_outputs(states)
        return states

    def check_outputs(self, outputs):
        """Raise when the states diverged; warn when unbounded states grew very large.

        A :class:`~skreservoir.exceptions.DivergenceError` for states that are
        not finite or exceed ``RUNAWAY_MAGNITUDE`` (1e100) in magnitude; a
        :class:`~skreservoir.exceptions.StateDivergenceWarning` for states of
        an unbounded activation above 1e10.
        """
        arrays = [s for s in (outputs if isinstance(outputs, list) else [outputs])
                  if math.prod(s.shape)]
        largest = 0.0
        for magnitude in _magnitudes(arrays):
            largest = max(largest, magnitude)
            if not magnitude <= RUNAWAY_MAGNITUDE:  # also NaN
                what = "inf or NaN" if not math.isfinite(magnitude) else f"{magnitude:.3g}"
                if not math.isfinite(magnitude) and self.activation in ("tanh", "sigmoid"):
                    # a bounded activation cannot diverge: the input held NaN or inf
                    checked = ("" if not sklearn.get_config()["assume_finite"] else
                               " sklearn's assume_finite=True is set, so X was not checked "
                               "for them.")
                    raise DivergenceError(
                        f"The reservoir states became NaN with activation="
                        f"{self.activation!r}, which bounds them: the input held NaN, inf or "
                        "values too large for float arithmetic (or W, W_in or the bias "
                        f"did).{checked} Remove or impute the missing values."
                    )
                noise = getattr(self, "noise", 0.0)
                if (self.activation in ("tanh", "sigmoid") and isinstance(noise, numbers.Real)
                        and noise > 0):
                    # bounded units but for the noise added to them (a battery: noise=1e200
                    # was said as spectral_radius, input_scaling or leak_rate)
                    raise DivergenceError(
                        f"The reservoir states diverged to {what}: with activation="
                        f"{self.activation!r} they are bounded but for their noise, and "
                        f"noise={noise!r} is added to them at every step. Lower noise "
                        "(typically 1e-3 or less of the states' scale)."
                    )
                raise DivergenceError(
                    f"The reservoir states diverged to {what}. Lower "
                    "spectral_radius, input_scaling or leak_rate, or use a "
                    "bounded activation such as 'tanh'."
                )
        if largest > _LARGE_STATE and self.activation in ("identity", "relu"):
            warnings.warn(
                f"The reservoir states reached {largest:.3g} with "
                f"activation={self.activation!r}: the reservoir amplifies its input. "
                "Lower spectral_radius or input_scaling, or use activation='tanh'.",
                StateDivergenceWarning, stacklevel=user_stacklevel(),
            )

    def run_batch(self, Xs, initial_states=None, drive=None):
        """Run validated series; as :meth:`skreservoir._base.BaseReservoir.run_batch`.

        The outputs are the states; the final state of a series is its last
        row.
        """
        self._check_batch(Xs, initial_states)
        return self._run_with(None, Xs, initial_states, drive)

    def run_pooled(self, Xs, pooling, washout=0, thresholds=None):
        """Outputs pooled over time; as :meth:`skreservoir._base.BaseReservoir.run_pooled`.

        On numpy with the compiled kernels, pooled inside the blocked panel
        kernel where it runs the panel (see
        :meth:`skreservoir._recurrence.NumpyRecurrence.run_pooled`): the
        (n_series, n_timesteps, n_units) states are never stored.
        """
        thresholds = to_host(thresholds)
        check_pooling(pooling, washout, [x.shape[0] for x in Xs], thresholds,
                      self.output_size_)
        recurrence = self._recurrence(array_namespace(Xs[0]), device_of(Xs[0]))
        pooled = None
        if isinstance(recurrence, Recurrence):
            with np.errstate(over="ignore", invalid="ignore"):  # reported below
                pooled = recurrence.run_pooled(Xs, initial_states_for(self, Xs), pooling,
                                               washout, thresholds)
        if pooled is None:
            return super().run_pooled(Xs, pooling, washout, thresholds)
        self.check_outputs(pooled)  # a non-finite state makes its series' row non-finite
        return pooled

    def _run_with(self, recurrence, Xs, initial_states=None, drive=None):
        """:meth:`run_batch` with a given update rule (built for the call when None)."""
        if recurrence is None:
            recurrence = self._recurrence(array_namespace(Xs[0]), device_of(Xs[0]))
        states = self._states(Xs, initial_states, drive=drive, recurrence=recurrence)
        if len(states) == 1 and isinstance(states[0], np.ndarray):
            return states, states[0][-1:, :].copy()  # np.stack of one row, cheaper
        return states, recurrence.xp.stack([s[-1, :] for s in states])

    def run_function(self, like):
        """:meth:`run_batch` with the update rule built once; as :meth:`skreservoir._base.BaseReservoir.run_function`.

        With noise, :meth:`run_batch` itself: each of its calls draws the
        noise from the start of the reservoir's noise stream.
        """
        if self.noise > 0.0 or self.input_noise > 0.0:
            return self.run_batch
        recurrence = self._recurrence(array_namespace(like), device_of(like))
        run = functools.partial(self._run_with, recurrence)
        if not getattr(recurrence, "_compiled", False):
            return run

        def row_state(u, prev, drive=None):
            """One row's step: the states (1, n_units), and whether they need no check.

            ``u`` (1, n_features), ``prev`` (n_units,) in the recurrence's dtype.
            """
            # the compiled kernel sets no floating-point flags; its checks follow
            states = recurrence.row_step(u, prev, drive)
            row = states[0]
            # |x_i| <= ||x||: a state whose norm (one dot product, rounding
            # included) is below half the warning threshold leaves check_outputs
            # nothing to raise or warn (a NaN fails the test and is checked)
            return states, float(np.dot(row, row)) <= ROW_CHECK_SQUARED_NORM

        def run_rows(Xs, initial_states=None, drive=None):
            """``run`` with a shorter path for one row of one series (an online step)."""
            if (len(Xs) != 1 or Xs[0].shape[0] != 1 or type(initial_states) is not np.ndarray
                    or initial_states.dtype != recurrence.dtype):
                return run(Xs, initial_states, drive)
            states, unchecked = row_state(Xs[0], initial_states[0],
                                          None if drive is None else drive[0])
            if not unchecked:
                self.check_outputs(states)  # raises or warns, as in run_batch
            return [states], states.copy()

        # for a caller that steps rows itself (ESNRegressor's per-step plan)
        run_rows.row_state, run_rows.state_dtype = row_state, recurrence.dtype
        # and the arrays of one step, for a plan that runs the step and the readout's
        # update in one compiled call (float64, a dense W_in and a bias per unit)
        W_in, bias = recurrence.W_in, recurrence.bias
        run_rows.row_parts = (
            (*recurrence._csr_unsigned, W_in, bias, recurrence.leak_rate,
             recurrence._activation_code)
            if (recurrence.dtype == np.float64 and type(W_in) is np.ndarray
                and W_in.ndim == 2 and W_in.flags.c_contiguous and type(bias) is np.ndarray
                and bias.dtype == np.float64 and bias.shape == (W_in.shape[0],))
            else None)
        return run_rows

    def step_context(self):
        """Per-step products on fitting BLAS threads; overflow reported by the checks."""
        from contextlib import ExitStack

        stack = ExitStack()
        stack.enter_context(np.errstate(over="ignore", invalid="ignore"))
        nnz = self.W_.nnz if sp.issparse(self.W_) else self.n_units_ ** 2
        stack.enter_context(blas_threads_for(2.0 * nnz))
        return stack

    def step_function(self, like):
        """One recurrence (and one noise stream) for a loop of steps in the namespace of ``like``."""
        xp = array_namespace(like)
        recurrence = self._recurrence(xp, device_of(like))

        def advance(state, u, drive=None):
            return recurrence.step(state, xp.astype(u, recurrence.dtype), extra=drive)

        return advance

    def step(self, state, u, drive=None):
        """One step of the recurrence; as :meth:`skreservoir._base.BaseReservoir.step`."""
        self._check_step(state, u, drive)
        return self.step_function(state)(state, u, drive)

    def _transform_series(self, Xs, layout):
        if layout.kind == "array":  # one 3D array, no list of series
            return self._states(Xs, as_array=True)
        return restore_layout(self._states(Xs), layout)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.array_api_support = True
        # the states are in the dtype of the parameter, whatever the input's
        tags.transformer_tags.preserves_dtype = [declared_state_dtype(self)]
        return tags

