"""Nonlinear vector autoregression (NVAR), the features of next generation RC."""

import math
import warnings
from numbers import Integral

import numpy as np
from array_api_compat import array_namespace

from skreservoir import _threads
from skreservoir._backend import device_of, output_for, to_host, to_namespace
from skreservoir._base import BaseReservoir
from skreservoir._config import config_value
from skreservoir._dask import is_dask_collection, map_series_blocks
from skreservoir._recurrence import closed_loop, closed_loop_remedy
from skreservoir._sklearn_compat import Interval, _fit_context, check_is_fitted
from skreservoir._validation import (
    check_container_output,
    physical_memory,
    restore_layout,
    user_stacklevel,
    validate_series,
    warn_if_transposed,
)
from skreservoir.exceptions import DivergenceError, WarmupWarning

__all__ = ["NVAR"]

# The most monomials (of every degree 2..order) an NVAR computes per time
# step: a million is 8 MB per time step in float64, and already far beyond
# what a ridge readout can be fitted on.
MAX_MONOMIALS = 10**6


# -- feature kernels ----------------------------------------------------------
def monomial_plan(n_linear, order):
    """Index arrays that build the monomials of degrees 2..order one product each.

    The monomials of degree p are the nondecreasing index tuples of
    ``itertools.combinations_with_replacement(range(n_linear), p)``, in that
    (lexicographic) order. Each one is its parent, the tuple without its last
    index (a monomial of degree p - 1, or a linear term when p = 2), times the
    linear term of its last index. In lexicographic order the children of a
    parent whose last index is l are consecutive, with last indices
    l, ..., n_linear - 1, and come in the order of their parents: the plan is
    built by array operations, without a tuple per monomial.

    Returns
    -------
    plan : list of (parents, last) pairs of int ndarrays, one per degree 2..order
    """
    plan = []
    previous_last = np.arange(n_linear, dtype=np.intp)
    for _ in range(2, order + 1):
        n_children = n_linear - previous_last
        parents = np.repeat(np.arange(previous_last.shape[0], dtype=np.intp), n_children)
        first_child = np.cumsum(n_children) - n_children
        last = (np.arange(parents.shape[0], dtype=np.intp)
                - np.repeat(first_child - previous_last, n_children))
        plan.append((parents, last))
        previous_last = last
    return plan


def monomial_powers(plan, n_linear, degrees):
    """Exponent rows of the monomials of the given degrees (>= 2), by degree.

    Returns
    -------
    powers : list of int ndarrays of shape (n_monomials_p, n_linear), one per degree in ``degrees``
    """
    keep = set(degrees)
    powers, previous = [], np.eye(n_linear, dtype=np.intp)
    for degree, (parents, last) in enumerate(plan, start=2):
        previous = previous[parents]
        previous[np.arange(parents.shape[0]), last] += 1
        if degree in keep:
            powers.append(previous)
    return powers


def window_plan(plan, degrees):
    """The monomial plan as :func:`skreservoir._kernels.nvar_window_kernel` reads it.

    Returns
    -------
    parents, last : int ndarray
        The plan's index arrays of every degree 2..order, one after the other.
    starts : int ndarray of shape (order,)
        Where each degree's monomials start in them, and their end.
    keep : bool ndarray of shape (order - 1,)
        Whether each degree's monomials are output features (``degrees``).
    """
    empty = np.zeros(0, dtype=np.intp)
    parents = np.concatenate([block for block, _ in plan]) if plan else empty
    last = np.concatenate([block for _, block in plan]) if plan else empty
    sizes = [block.shape[0] for block, _ in plan]
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.intp)
    kept = set(degrees)
    keep = np.array([degree in kept for degree in range(2, len(plan) + 2)], dtype=np.bool_)
    return parents, last, starts, keep


#: Windows that an NVAR's run function computes on numpy in a process before
#: it asks for the compiled window kernel (:func:`window_kernel`): one
#: prediction, or a few, never import numba; a closed loop's steps run
#: compiled from then on, once loaded.
WINDOW_KERNEL_AFTER = 16

_window_calls = 0


def _load_window_kernel():
    """:func:`skreservoir._kernels.nvar_window_kernel`, compiled for float64 and float32 windows
    (None with ``NUMBA_DISABLE_JIT=1``: it would run as Python)."""
    from skreservoir._kernels import nvar_window_kernel

    if not hasattr(nvar_window_kernel, "overloads"):
        return None
    n_features = 1  # a tiny NVAR(delay=1, order=2): the argument types of every call
    parents, last, starts, keep = window_plan(monomial_plan(n_features, 2), range(2, 3))
    for dtype in (np.float64, np.float32):
        nvar_window_kernel(np.zeros((1, n_features), dtype=dtype), np.zeros(n_features + 1), 0,
                           1, 1, True, True, parents, last, starts, keep,
                           np.empty((1, 3), dtype=dtype), np.empty(n_features + 1))
    return nvar_window_kernel


def window_kernel():
    """The compiled window kernel, or None while the numpy path computes the windows.

    None for the first :data:`WINDOW_KERNEL_AFTER` windows of the process,
    then while numba loads and compiles it in the background
    (:func:`skreservoir._threads.loaded_in_background`; at once without
    background compilation), or for good where it cannot.
    """
    global _window_calls
    if _window_calls < WINDOW_KERNEL_AFTER and _threads.BACKGROUND_COMPILATION:
        _window_calls += 1
        return None
    return _threads.loaded_in_background("nvar_window_kernel", _load_window_kernel)


def linear_terms(U, delay, stride):
    """The delay vectors L(t) of every complete window of ``U``.

    Parameters
    ----------
    U : ndarray of shape (..., n_timesteps, n_features)
    delay, stride : int

    Returns
    -------
    L : ndarray of shape (..., n_timesteps - (delay - 1) * stride, delay * n_features)
        Row r is [u(t), u(t - s), ..., u(t - (k - 1) s)] with
        t = r + (delay - 1) * stride; empty when the series is too short.
    """
    n_timesteps = U.shape[-2]
    first = (delay - 1) * stride
    if n_timesteps <= first:
        return np.zeros(U.shape[:-2] + (0, delay * U.shape[-1]), dtype=U.dtype)
    lagged = [U[..., first - j * stride: n_timesteps - j * stride, :] for j in range(delay)]
    return np.concatenate(lagged, axis=-1)


class NVAR(BaseReservoir):
    r"""Nonlinear vector autoregression: the feature vector of NG-RC.

    Maps a series of inputs u(t) to the features of next generation
    reservoir computing [1]_:

    .. math::

        O(t) = c \oplus L(t) \oplus \big(L(t)^{\otimes 2}\big)_{\mathrm{unique}}
               \oplus \dots \oplus \big(L(t)^{\otimes p}\big)_{\mathrm{unique}},
        \qquad
        L(t) = u(t) \oplus u(t - s) \oplus \dots \oplus u(t - (k - 1) s)

    with the constant :math:`c = 1`, the delay :math:`k`, the stride
    :math:`s` and the order :math:`p`; :math:`(L^{\otimes n})_{\mathrm{unique}}`
    is the vector of the distinct monomials of degree :math:`n` in the
    entries of :math:`L`.

    Parameters
    ----------
    delay : int, default=2
        Number :math:`k` of time-delayed copies of the input in :math:`L(t)`,
        the current one included (ReservoirPy: ``delay``).
    order : int, default=2
        Highest degree :math:`p` of the monomials (ReservoirPy: ``order``).
    stride : int, default=1
        Time steps :math:`s` between two delayed copies (ReservoirPy:
        ``strides``).
    include_constant : bool, default=True
        Start the features with the constant 1. With it, use a readout
        without its own intercept (``RidgeReadout(fit_intercept=False)``) to
        penalise the constant as the paper does.
    include_linear : bool, default=True
        Include the linear terms :math:`L(t)`.
    include_lower_orders : bool, default=True
        Include the monomials of every degree 2..``order``; when False, only
        those of degree ``order`` (the linear terms are kept or dropped by
        ``include_linear`` alone). ReservoirPy's ``NVAR`` is
        ``include_constant=False, include_lower_orders=False``.

    Attributes
    ----------
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of the input features, when ``X`` had string column names.
    n_warmup_ : int
        :math:`(k - 1) s`, the number of first time steps of every series
        whose delay window is incomplete; their output rows are zeros.
    n_features_out_ : int
        Number of output features (formula in the Notes).
    powers_ : ndarray of shape (``n_features_out_``, delay * ``n_features_in_``)
        Exponent of every linear term in every output feature, as in
        :class:`sklearn.preprocessing.PolynomialFeatures` (a row of zeros is
        the constant).
    initial_state_ : ndarray of shape ((``n_warmup_`` + 1) * ``n_features_in_`` + 1,)
        The empty delay buffer every series starts from (see Notes).

    See Also
    --------
    skreservoir.ESNRegressor : NVAR and a readout in one estimator
        (``ESNRegressor(NVAR(), RidgeReadout(fit_intercept=False))``).
    sklearn.preprocessing.PolynomialFeatures : The same monomials without
        time delays.

    Notes
    -----
    **Feature order.** The columns are, in this order: the constant ``1``;
    the linear terms ``x0(t), ..., x{n-1}(t), x0(t-s), ..., x{n-1}(t-(k-1)s)``
    (input feature fastest, then the lag); then for every degree
    :math:`p' = 2, \dots, p` (only :math:`p' = p` without lower orders) the
    monomials of degree :math:`p'` as the nondecreasing index tuples of
    ``itertools.combinations_with_replacement(range(D), p')`` over those
    linear terms, in lexicographic order (the order of the authors' code and
    of ReservoirPy). :meth:`get_feature_names_out` spells them out, e.g.
    ``x0(t)^2``, ``x2(t)*x0(t-1)``.

    **Feature count.** With :math:`D = k \cdot n_{features}` linear terms,
    all parts included,

    .. math::

        1 + D + \sum_{p'=2}^{p} \binom{D + p' - 1}{p'},

    and each ``include_*=False`` removes its term(s) from this sum. Every
    time step computes the monomials of every degree 2..p (those of lower
    degree build the higher ones, also without lower orders); ``fit`` counts
    them first and refuses, with a ``ValueError``, more than
    ``skreservoir.nvar.MAX_MONOMIALS`` (a million: 8 MB per time step), and
    with a ``MemoryError`` a set-up whose exponent table ``powers_`` would not
    fit in memory.

    **Warm-up rows.** Row t has a complete window only from
    ``t = n_warmup_`` on; the first ``n_warmup_`` rows of every series are
    zeros, so that the number of rows never changes. ``ESNRegressor`` and
    ``ESNClassifier`` leave these rows out of training.

    **State.** Every series of a panel starts from an empty buffer: no series
    reads another's past (ReservoirPy 0.4.2 carries the end of one series
    into the next). For the composites' streaming ``partial_fit`` and
    closed-loop ``generate``, the internal state is the last
    ``n_warmup_ + 1`` inputs, oldest first and flattened, followed by the
    number of inputs seen (at most ``n_warmup_ + 1``).

    References
    ----------
    .. [1] D. J. Gauthier, E. Bollt, A. Griffith and W. A. S. Barbosa, "Next
       generation reservoir computing", Nature Communications 12, 5564, 2021.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir import NVAR
    >>> X = np.arange(8.0).reshape(4, 2)
    >>> nvar = NVAR(delay=2, order=2).fit(X)
    >>> nvar.n_warmup_, nvar.n_features_out_
    (1, 15)
    >>> nvar.get_feature_names_out()[[0, 1, 3, 5, 6, 8]].tolist()
    ['1', 'x0(t)', 'x0(t-1)', 'x0(t)^2', 'x0(t)*x1(t)', 'x0(t)*x1(t-1)']
    >>> nvar.transform(X)[:, :5]
    array([[0., 0., 0., 0., 0.],
           [1., 2., 3., 0., 1.],
           [1., 4., 5., 2., 3.],
           [1., 6., 7., 4., 5.]])
    """

    #: No ``backend`` parameter: NVAR computes on the host, whatever the input's
    #: namespace. None, the value an estimator reads from a reservoir without one
    #: (the configuration's backend then), found without a failed attribute
    #: lookup (2 us of a closed loop's step).
    backend = None

    _parameter_constraints: dict = {
        "delay": [Interval(Integral, 1, None, closed="left")],
        "order": [Interval(Integral, 1, None, closed="left")],
        "stride": [Interval(Integral, 1, None, closed="left")],
        "include_constant": ["boolean"],
        "include_linear": ["boolean"],
        "include_lower_orders": ["boolean"],
    }

    def __init__(self, delay=2, order=2, stride=1, *, include_constant=True,
                 include_linear=True, include_lower_orders=True):
        self.delay = delay
        self.order = order
        self.stride = stride
        self.include_constant = include_constant
        self.include_linear = include_linear
        self.include_lower_orders = include_lower_orders

    # -- parameters -------------------------------------------------------
    def _nonlinear_degrees(self):
        """Degrees (>= 2) of the monomials in the output."""
        lowest = 2 if self.include_lower_orders else self.order
        return range(max(lowest, 2), self.order + 1)

    def _window_params(self):
        """The parameters the window kernel's arguments are made of."""
        return (self.delay, self.order, self.stride, self.include_constant,
                self.include_linear, self.include_lower_orders)

    def _check_params(self):
        if not (self.include_constant or self.include_linear
                or len(self._nonlinear_degrees()) > 0):
            raise ValueError(
                f"NVAR(order={self.order}, include_constant=False, "
                "include_linear=False) has no features: set order >= 2, or "
                "include_linear=True or include_constant=True."
            )

    def _check_size(self, n_linear, degrees):
        """Refuse at once a set-up too large to use, before building anything.

        The monomials are counted by combinatorics: every time step computes
        those of every degree 2..order, and above ``MAX_MONOMIALS`` a
        set-up would take minutes and gigabytes per series (NVAR(delay=5,
        order=20) on 2 features has 30 million). Below it, a set-up whose
        exponent table alone exceeds the machine's memory is refused too.
        """
        n_monomials = [math.comb(n_linear + p - 1, p) for p in range(2, self.order + 1)]
        n_out = (
            int(self.include_constant)
            + n_linear * int(self.include_linear)
            + sum(n_monomials[p - 2] for p in degrees)
        )
        setup = (f"NVAR(delay={self.delay}, order={self.order}) on "
                 f"{self.n_features_in_} input feature(s)")
        fix = ("Lower delay or order, or reduce the input features (for example "
               "with sklearn.decomposition.PCA).")
        if sum(n_monomials) > MAX_MONOMIALS:
            raise ValueError(
                f"{setup} computes {sum(n_monomials):,} monomials per time step "
                f"({n_out:,} output features, {n_linear} linear terms), more than "
                f"NVAR's limit of "
                f"{MAX_MONOMIALS:,} (skreservoir.nvar.MAX_MONOMIALS). {fix}"
            )
        # the exponent rows (n_linear intp each) of every degree built on the
        # way, and the two plan indices of every monomial
        need = 8 * n_linear * n_out + (8 * n_linear + 16) * sum(n_monomials)
        total = physical_memory()
        if total is not None and need > total:
            raise MemoryError(
                f"{setup} has {n_out:,} output features ({n_linear} linear terms); "
                f"setting them up needs "
                f"about {need / 2**30:,.1f} GiB, more than this machine's "
                f"{total / 2**30:,.1f} GiB. {fix}"
            )

    # -- fit --------------------------------------------------------------
    def _warmup_steps(self):
        """The incomplete rows of the delay window, ``(delay - 1) * stride``: ``n_warmup_``,
        known from the parameters before ``fit`` (a forecaster refuses a series too
        short for it without building the feature table)."""
        return (self.delay - 1) * self.stride

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Set up the monomials for inputs with the features of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            A series or a panel; only its number of features is used.
        y : None
            Ignored.

        Returns
        -------
        self : NVAR
            The fitted transformer.
        """
        validate_series(self, to_host(X), reset=True)
        if getattr(X, "ndim", None) == 3:  # sktime's numpy3D (time last) given as it is?
            warn_if_transposed(X, type(self).__name__)
        self._check_params()
        n_linear = self.delay * self.n_features_in_
        degrees = self._nonlinear_degrees()
        self._check_size(n_linear, degrees)
        self._plan = monomial_plan(n_linear, self.order)
        # the compiled window kernel's arguments, for these parameters
        self._window_args = (self._window_params(), (
            int(self.delay), int(self.stride), bool(self.include_constant),
            bool(self.include_linear), *window_plan(self._plan, degrees)))
        blocks = []  # the exponent rows of the output columns, part by part
        if self.include_constant:
            blocks.append(np.zeros((1, n_linear), dtype=np.intp))
        if self.include_linear:
            blocks.append(np.eye(n_linear, dtype=np.intp))
        blocks.extend(monomial_powers(self._plan, n_linear, degrees))
        self.powers_ = np.concatenate(blocks)

        self.n_warmup_ = self._warmup_steps()
        self.n_features_out_ = self.powers_.shape[0]
        self.initial_state_ = np.zeros(
            (self.n_warmup_ + 1) * self.n_features_in_ + 1)
        return self

    @property
    def output_size_(self):
        """Values per output row: ``n_features_out_``."""
        return self.n_features_out_

    # -- features ---------------------------------------------------------
    def _features(self, U):
        """Features of every time step of ``U``, shape (..., n_timesteps, n_features_out_)."""
        L = linear_terms(U, self.delay, self.stride)
        out = np.zeros(U.shape[:-1] + (self.n_features_out_,), dtype=U.dtype)
        rows = out[..., self.n_warmup_:, :]  # a view: the complete windows
        column = 0
        if self.include_constant:
            rows[..., 0] = 1.0
            column = 1
        if self.include_linear:
            rows[..., column: column + L.shape[-1]] = L
            column += L.shape[-1]
        keep = set(self._nonlinear_degrees())
        previous = L
        for degree, (parents, last) in enumerate(self._plan, start=2):
            previous = previous[..., parents] * L[..., last]
            if degree in keep:
                rows[..., column: column + previous.shape[-1]] = previous
                column += previous.shape[-1]
        return out

    def _split_state(self, state):
        """Delay buffer (n_warmup_ + 1, n_features_in_) and inputs seen, from a state."""
        state = np.asarray(state, dtype=np.float64)
        buffer = state[:-1].reshape(self.n_warmup_ + 1, self.n_features_in_)
        return buffer, int(round(state[-1]))

    def _join_state(self, buffer, n_seen):
        return np.concatenate([np.ravel(buffer), [min(n_seen, self.n_warmup_ + 1)]])

    # -- the reservoir interface (skreservoir._base) -------------------------
    # The internal state is the delay buffer of the last n_warmup_ + 1 inputs,
    # flattened, followed by the number of inputs seen.
    def run_batch(self, Xs, initial_states=None, drive=None):
        """Run validated series; return features and final internal states.

        Parameters
        ----------
        Xs : list of ndarray of shape (n_timesteps_i, n_features_in)
        initial_states : ndarray of shape (n_series, state_size), default=None
            Where each series starts; ``initial_state_`` (an empty buffer)
            for all when None. A series that continues a state sees the
            inputs kept in it: its first rows are complete windows as soon
            as enough inputs have been seen.

        Returns
        -------
        outputs : list of ndarray of shape (n_timesteps_i, n_features_out)
        final_states : ndarray of shape (n_series, state_size)
            The last ``n_warmup_ + 1`` inputs and the number of inputs seen.
        """
        self._check_drive(drive)
        self._check_batch(Xs, initial_states)
        xp, device = array_namespace(Xs[0]), device_of(Xs[0])
        Xs, initial_states = to_host(Xs), to_host(initial_states)
        if initial_states is None:
            initial_states = np.broadcast_to(self.initial_state_,
                                             (len(Xs), self.initial_state_.shape[0]))
        outputs, final_states = [], []
        for X, state in zip(Xs, initial_states):
            features, final_state = self._run_one(X, state)
            outputs.append(features)
            final_states.append(final_state)
        return (to_namespace(outputs, xp, device),
                to_namespace(np.stack(final_states), xp, device))

    def _run_one(self, X, state):
        """Features of one host series ``X`` from ``state``, and its final state."""
        buffer, n_seen = self._split_state(state)
        n_past = min(n_seen, self.n_warmup_)  # past inputs the first row can use
        past = buffer[buffer.shape[0] - n_past:].astype(X.dtype)
        U = np.concatenate([past, X]) if n_past else X
        history = np.concatenate([buffer, X])[-buffer.shape[0]:]
        with np.errstate(over="ignore", invalid="ignore"):  # reported below
            features = self._features(U)[n_past:]
        self.check_outputs([features])
        return features, self._join_state(history, n_seen + len(X))

    def run_function(self, like):
        """:meth:`run_batch`, with a shorter path for one numpy series (a closed loop's step).

        A loop that predicts one short window per step (NG-RC's
        ``u + model(u)``) calls the reservoir once per step: one numpy
        series of the right shape, without a drive, takes the arithmetic of
        :meth:`run_batch` without its general dispatch (namespaces, the
        checks of a batch); anything else is :meth:`run_batch` itself. As
        :meth:`skreservoir._base.BaseReservoir.run_function`.
        """
        n_features, state_size = self.n_features_in_, self.initial_state_.shape[0]
        kernel_args = self._kernel_args()

        def run_one(Xs, initial_states=None, drive=None):
            run_one.outputs_finite = False
            if (drive is not None or len(Xs) != 1 or type(Xs[0]) is not np.ndarray
                    or Xs[0].ndim != 2 or Xs[0].shape[1] != n_features
                    or (initial_states is not None
                        and (type(initial_states) is not np.ndarray
                             or initial_states.shape != (1, state_size)))):
                return self.run_batch(Xs, initial_states, drive)
            state = self.initial_state_ if initial_states is None else initial_states[0]
            features, final_state, checked = self._run_window(Xs[0], state, kernel_args)
            run_one.outputs_finite = checked
            return [features], final_state[None, :]

        # whether the last call's features are known to be finite (the compiled
        # kernel tested every value): a readout need not test them again
        run_one.outputs_finite = False
        return run_one if type(like) is np.ndarray else self.run_batch

    def _kernel_args(self):
        """The NVAR's arguments of :func:`skreservoir._kernels.nvar_window_kernel` while
        the parameters are those of fit and the kernels are on (None: numpy; also for
        a model fitted by an older version)."""
        params, kernel_args = vars(self).get("_window_args", (None, None))
        if not config_value("compiled") or params != self._window_params():
            return None
        return kernel_args

    def _run_window(self, X, state, kernel_args):
        """:meth:`_run_one` by the compiled window kernel where it serves (the same bits).

        ``kernel_args``: the NVAR's arguments of
        :func:`skreservoir._kernels.nvar_window_kernel`, or None for numpy.
        Where :meth:`_kernel_window` does not serve, :meth:`_run_one` runs.
        Returns the features, the final state and whether the kernel made
        them (every feature then tested finite).
        """
        made = self._kernel_window(X, state, kernel_args)
        if made is None:  # overflowed too: numpy's warnings, then the readout's error
            return *self._run_one(X, state), False
        return *made, True

    def _kernel_window(self, X, state, kernel_args):
        """The features and final state of window ``X`` from ``state`` by the compiled kernel.

        The kernel takes a float window ``X`` and the state as they come
        from the short paths (C-contiguous, writable; a state that is not
        is copied). Returns None where it does not serve: no ``kernel_args``,
        anything else, a count of inputs seen that is not a plain one, the
        first windows of a process (:func:`window_kernel`), and features
        that are not all finite.
        """
        kernel = None if kernel_args is None else window_kernel()
        if (kernel is None or (X.dtype != np.float64 and X.dtype != np.float32)
                or not (X.flags.c_contiguous and X.flags.writeable)):
            return None
        if state.dtype != np.float64 or not (state.flags.c_contiguous
                                             and state.flags.writeable):
            state = np.array(state, dtype=np.float64)  # a read-only row of broadcast states
        seen = state.item(-1)
        if not 0.0 <= seen <= state.shape[0]:
            return None  # not a state run_batch leaves (a NaN included)
        features = np.empty((X.shape[0], self.n_features_out_), dtype=X.dtype)
        final = np.empty(state.shape[0])
        if not kernel(X, state, int(round(seen)), *kernel_args, features, final):
            return None
        return features, final

    def state_output(self, state):
        """The features of the window that ends with the last input of ``state``."""
        buffer, _ = self._split_state(to_host(state))
        return self._features(buffer)[-1]

    def step(self, state, u, drive=None):
        """Push ``u`` into the delay buffer of ``state``."""
        self._check_drive(drive)
        self._check_step(state, u, drive)
        buffer, n_seen = self._split_state(to_host(state))
        window = np.concatenate([buffer[1:], np.reshape(to_host(u), (1, -1))])
        return self._join_state(window, n_seen + 1)

    def generate(self, state, u, n_steps, readout, W_fb=None):
        """Closed loop from internal ``state`` reached after input ``u``.

        ``readout(features, input)`` gives the next input from the features
        of the current window and the current input; it is pushed into the
        delay buffer, and so on. Returns the (n_steps, n_features_in)
        outputs, row 0 being the readout of the window that ends with ``u``.
        """
        _, n_seen = self._split_state(to_host(state))
        if n_seen <= self.n_warmup_:
            raise ValueError(
                f"Closed-loop generation needs a complete delay window: at least "
                f"n_warmup_ + 1 = {self.n_warmup_ + 1} inputs before the first "
                f"step (delay={self.delay}, stride={self.stride}), got {n_seen}. "
                "Pass a longer warmup series."
            )
        state, u = np.array(to_host(state), dtype=np.float64), to_host(u)
        kernel_args = self._kernel_args()
        if W_fb is not None or kernel_args is None:
            return super().generate(state, u, n_steps, readout, W_fb=W_fb)
        # each step pushes the output into the buffer and makes the new window's
        # features in one call of the window kernel (the same bits as step and
        # state_output); numpy's step where the kernel is not loaded yet or its
        # features are not all finite (state_output then computes them, as it does)
        made = [None, None]  # the last state the kernel made, and its feature row

        def advance(current, u_next):
            window = np.array(u_next, dtype=np.float64).reshape(1, -1)
            by_kernel = self._kernel_window(window, current, kernel_args)
            if by_kernel is None:
                return self.step(current, u_next)
            made[1], made[0] = by_kernel[0][0], by_kernel[1]
            return made[0]

        def features(current):
            return made[1] if current is made[0] else self.state_output(current)

        with self.step_context():
            return closed_loop(state, u, n_steps, features=features, advance=advance,
                               readout=readout, remedy=closed_loop_remedy(self))

    def transform(self, X, *, initial_state=None):
        """Return the NVAR features of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            A series or a panel; every series starts from ``initial_state``.
        initial_state : None, "rest" or array-like, default=None
            Where every series starts. None or ``"rest"``: an empty delay
            buffer (the first ``n_warmup_`` rows are zeros). A 2D array of
            shape (n_past, ``n_features_in_``): the inputs that came before
            ``X``, whose last ``n_warmup_`` rows fill the buffer, so that a
            series continues: ``transform(X_test, initial_state=X_train)``
            gives the rows of ``transform(np.vstack([X_train, X_test]))``
            that follow ``X_train`` (ReservoirPy's ``nvar.run(X_test)``
            after ``nvar.run(X_train)``). A 1D array of the shape of
            ``initial_state_``: that internal state (the last row of the
            ``final_states`` of :meth:`run_batch`).

        Returns
        -------
        features : ndarray of shape (n_timesteps, ``n_features_out_``), (n_series, n_timesteps, ``n_features_out_``) or list of 2D arrays
            The features, with the structure of ``X``; from rest, the first
            ``n_warmup_`` rows of every series are zeros. A dask array
            (a panel chunked along series) gives a dask array, computed
            block by block of series.

        Examples
        --------
        >>> import numpy as np
        >>> from skreservoir import NVAR
        >>> X = np.arange(12.0).reshape(6, 2)
        >>> nvar = NVAR(delay=2, order=2).fit(X)
        >>> rest = nvar.transform(X[4:], initial_state=X[:4])
        >>> bool(np.array_equal(rest, nvar.transform(X)[4:]))
        True
        """
        check_is_fitted(self)
        starts = self._transform_starts(initial_state)
        if is_dask_collection(X):  # block by block of series: skreservoir._dask
            if starts is not None:
                raise ValueError("initial_state is not supported for a dask array X; "
                                 "transform X.compute(), or from rest.")
            return map_series_blocks(self, "transform", X, one_series=X.ndim == 2)
        Xs, _, layout = validate_series(self, to_host(X), reset=False)
        check_container_output(self, layout)
        if starts is None and all(len(x) <= self.n_warmup_ for x in Xs):
            # every row in the delay window: the features are all zeros (a stride or
            # delay longer than the series), which nothing said
            warnings.warn(
                f"Every series of X has at most n_warmup_={self.n_warmup_} time steps, the "
                f"rows NVAR's delay window (delay={self.delay}, stride={self.stride}) "
                "fills from rest: its features are all zeros. Pass longer series, a "
                "smaller delay or stride, or the inputs before X as initial_state.",
                WarmupWarning, stacklevel=user_stacklevel())
        with np.errstate(over="ignore", invalid="ignore"):  # reported below
            if starts is not None:
                starts = np.broadcast_to(starts, (len(Xs), starts.shape[0]))
                features = self.run_batch(Xs, starts)[0]
            elif layout.kind == "array":  # all series at once, along the time axis
                features = self._features(np.stack(Xs))
                self.check_outputs([features])
                return output_for(X, features)
            else:
                features = [self._features(x) for x in Xs]
        self.check_outputs(features)
        return output_for(X, restore_layout(features, layout))

    def _continue_hint(self):
        n_features = getattr(self, "n_features_in_", "n_features")
        return ("To continue a series, pass the inputs that came before X, a 2D array of "
                f"shape (n_past, {n_features}): transform(X_after, initial_state=X_before) "
                "(NVAR's internal state is its buffer of past inputs, which that fills; "
                "zeros there are inputs of 0).")

    def _transform_starts(self, initial_state):
        """``transform``'s start as an internal state, or None (rest).

        A 2D array is the inputs before ``X``: the state after them.
        """
        if np.ndim(initial_state) != 2:
            return super()._transform_starts(initial_state)
        past = np.asarray(to_host(initial_state), dtype=np.float64)
        if past.shape[1] != self.n_features_in_:
            raise ValueError(
                f"initial_state as past inputs must have shape (n_past, "
                f"{self.n_features_in_}) (n_features_in_ columns), got {past.shape}."
            )
        if not np.all(np.isfinite(past)):
            raise ValueError("initial_state contains NaN or inf; pass finite inputs.")
        size = self.n_warmup_ + 1
        buffer = np.zeros((size, self.n_features_in_))
        kept = past[len(past) - min(len(past), size):]
        buffer[size - len(kept):] = kept
        return self._join_state(buffer, len(past))

    def check_outputs(self, outputs):
        """Raise a :class:`~skreservoir.exceptions.DivergenceError` when the features
        overflowed (products of large inputs)."""
        for f in outputs:
            if not np.isfinite(f).all():
                raise DivergenceError(
                    f"NVAR features overflowed: monomials of order up to {self.order} "
                    f"of the inputs exceed {np.dtype(f.dtype).name}. Scale the inputs (for example "
                    "with sklearn.preprocessing.StandardScaler) before NVAR."
                )

    def get_feature_names_out(self, input_features=None):
        """Names of the output features.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Input feature names; ``feature_names_in_`` when None and ``X``
            had names, else ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str objects
            ``1`` (the constant), ``name(t)`` and ``name(t-lag)`` (the linear
            terms), products of those joined by ``*`` with ``^`` for powers
            (``x0(t)^2*x1(t-1)``).
        """
        check_is_fitted(self)
        names = self._input_names(input_features)
        linear = [f"{name}(t)" if j == 0 else f"{name}(t-{j * self.stride})"
                  for j in range(self.delay) for name in names]
        out = []
        for powers in self.powers_:
            factors = [linear[i] if p == 1 else f"{linear[i]}^{p}"
                       for i, p in enumerate(powers) if p]
            out.append("*".join(factors) if factors else "1")
        return np.asarray(out, dtype=object)

    def _input_names(self, input_features):
        fitted = getattr(self, "feature_names_in_", None)
        if input_features is None:
            if fitted is not None:
                return list(fitted)
            return [f"x{i}" for i in range(self.n_features_in_)]
        names = np.asarray(input_features, dtype=object)
        if fitted is not None and not np.array_equal(fitted, names):
            raise ValueError("input_features is not equal to feature_names_in_")
        if names.ndim != 1 or len(names) != self.n_features_in_:
            raise ValueError(
                f"input_features should have length equal to number of features "
                f"({self.n_features_in_}), got {len(names)}"
            )
        return [str(name) for name in names]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
