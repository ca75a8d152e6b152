"""The edge-of-stability echo state network (ES2N) reservoir."""

from numbers import Real

import numpy as np
import scipy.sparse as sp

from skreservoir._activations import ACTIVATION_CODES
from skreservoir._backend import (
    NUMPY,
    is_numpy,
    move_matrix,
    namespace_of_fitted,
    to_host,
    to_namespace,
)
from skreservoir._config import get_config
from skreservoir._recurrence import Recurrence
from skreservoir._sklearn_compat import Interval
from skreservoir._threads import blas_threads_for_features
from skreservoir.reservoir._leaky import Reservoir, _initialized
from skreservoir.weights import orthogonal


class OrthogonalMixRecurrence(Recurrence):
    """The ES2N update on any array API namespace: :class:`Recurrence` with another finish.

    ``x(t) = (1 - beta) * (O x(t-1)) + beta * f(pre(t))`` where ``pre(t)`` is
    the usual pre-activation ``W_in u(t) + W x(t-1) + b`` (plus any feedback
    drive); ``beta`` is a scalar or one value per unit. The time loop, the
    panels and the single steps are :class:`Recurrence`'s.
    """

    def __init__(
        self, W, rotation, W_in, bias, *, proximity, activation, xp, device=None, **params
    ):
        super().__init__(
            W, W_in, bias, leak_rate=1.0, activation=activation, xp=xp, device=device, **params
        )
        self.rotation_T = rotation.T
        self.beta = proximity
        self.keep = 1.0 - proximity

    def _finish(self, prev, pre):
        return self.keep * (prev @ self.rotation_T) + self.beta * self.activation(pre)


class CompiledOrthogonalMixRecurrence(OrthogonalMixRecurrence):
    """:class:`OrthogonalMixRecurrence` on numpy, one series by the compiled loop.

    A single series runs in :func:`skreservoir._kernels.es2n_series_kernel`
    (the same operations, unit by unit, without a numpy call per step);
    panels and single steps stay on the batched array API loop.
    """

    def __init__(self, W, rotation, W_in, bias, *, proximity, activation, **params):
        super().__init__(
            W, rotation, W_in, bias, proximity=proximity, activation=activation, xp=NUMPY, **params
        )
        from skreservoir import _kernels

        self._kernel = _kernels.es2n_series_kernel
        self._activation_code = ACTIVATION_CODES[activation]
        csr = sp.csr_array(W)
        self._csr = (
            csr.indptr.astype(np.uint32),
            csr.indices.astype(np.uint32),
            np.asarray(csr.data, dtype=self.dtype),
        )
        self._rotation = np.ascontiguousarray(rotation, dtype=self.dtype)
        self._beta = np.broadcast_to(
            np.asarray(proximity, dtype=self.dtype), (rotation.shape[0],)
        ).copy()

    def run_panel(self, Us, x0s, as_array=False, extra=None):
        if len(Us) > 1:
            return super().run_panel(Us, x0s, as_array=as_array, extra=extra)
        states = np.asarray(self.drive(Us[0]), dtype=self.dtype)
        if extra is not None:
            states += extra[0]
        self._kernel(
            *self._csr,
            self._rotation,
            self._beta,
            states,
            np.asarray(x0s[0], dtype=self.dtype),
            self._activation_code,
        )
        return states[None] if as_array else [states]


def _check_not_expanding(rotation, eps):
    """Refuse a given ``O`` that stretches some state (largest singular value above
    1, beyond the rounding of its dtype, of machine epsilon ``eps``): the states then
    grow without bound, and the overflow was blamed on the input. An orthogonal matrix
    (ES2N's, float32 too) or a contraction is taken."""
    tolerance = 100 * rotation.shape[0] * eps
    with blas_threads_for_features(rotation.shape[0]):
        gram = rotation.T @ rotation
        if np.allclose(gram, np.eye(len(gram)), rtol=0, atol=tolerance):
            return
        stretch = float(np.sqrt(max(np.linalg.eigvalsh(gram).max(), 0.0)))
    if stretch > 1 + tolerance:
        raise ValueError(
            f"O must be an orthogonal matrix (ES2N's rotation of the state), but it "
            f"stretches some states by up to {stretch:.8g} (its largest singular value), "
            "so the states grow without bound. Leave O=None (a random orthogonal "
            "matrix), pass skreservoir.weights.orthogonal, or the Q of np.linalg.qr of "
            "your matrix."
        )


class ES2NReservoir(Reservoir):
    r"""Edge-of-stability echo state network reservoir (ES\ :sup:`2`\ N).

    Maps a series of inputs u(t) to states x(t) by the update of Ceni and
    Gallicchio [1]_:

    .. math::

        x(t) = (1 - \beta) \odot O\, x(t-1)
               + \beta \odot f\big(W x(t-1) + W_{in} u(t) + b\big)

    with :math:`O` an orthogonal matrix and the *proximity*
    :math:`\beta \in [0, 1]` (a scalar or one value per unit). With
    :math:`\beta = 1` it is a plain echo state network; as :math:`\beta`
    falls, the Jacobian of the update approaches the orthogonal
    :math:`(1-\beta) O`, whose eigenvalues lie on the circle of radius
    :math:`1 - \beta`: the reservoir sits near the edge of stability and
    keeps a long memory of its input (see the memory-capacity example).

    Parameters
    ----------
    n_units : int, default=None
        Number of units (ReservoirPy: ``units``). None means the size of
        ``W`` when it is given, else 100.
    proximity : float or array-like of shape (n_units,), default=0.03
        :math:`\beta`, the weight of the nonlinear part, in [0, 1]
        (ReservoirPy: ``proximity``, default 1.0). The default is the best of
        the values tried at 100 units and ``input_scaling=0.1``
        (0.005, 0.01, 0.03, 0.1: memory capacity 76, 90, 96, 77) and on the
        free-running MSO5 task of ``examples/plot_es2n_memory.py``. 1 is a
        plain echo state network.
    spectral_radius : float, default=0.9
        The drawn ``W`` is rescaled to this spectral radius (ReservoirPy:
        ``sr``). Ignored when ``W`` is given.
    input_scaling : float or array-like of shape (n_features,), default=1.0
        Scale of ``W_in`` (ReservoirPy: ``input_scaling``).
    bias_scaling : float, default=0.0
        Scale of the bias; 0 (the default, as in the paper and in ReservoirPy)
        gives no bias.
    density : float, default=0.1
        Fraction of nonzero entries of ``W`` (ReservoirPy:
        ``rc_connectivity``).
    input_density : float, default=0.1
        Fraction of nonzero entries of ``W_in`` (ReservoirPy:
        ``input_connectivity``).
    distribution : {"normal", "uniform", "bernoulli"}, default="normal"
        Distribution of the nonzero entries of ``W`` before scaling.
    input_distribution : {"normal", "uniform", "bernoulli"}, default="bernoulli"
        Distribution of the entries of ``W_in`` and of the bias.
    activation : {"tanh", "identity", "relu", "sigmoid"} or callable, default="tanh"
        Activation :math:`f` (ReservoirPy: ``activation``).
    O : array-like of shape (n_units, n_units) or callable, default=None
        The orthogonal matrix :math:`O`, used exactly as given; a callable
        ``O(shape, rng)`` is called with a generator seeded from
        ``random_state``. None draws a random orthogonal matrix
        (:func:`skreservoir.weights.orthogonal`).
    W, W_in, bias, initial_state : array-like, sparse matrix, callable or None, default=None
        As in :class:`Reservoir` (ReservoirPy: ``W``, ``Win``, ``bias``).
    random_state : int, RandomState instance or None, default=None
        Seeds the draws of ``W``, ``W_in``, ``bias`` and ``O`` (ReservoirPy:
        ``seed``).
    dtype : {"float64", "float32"}, default="float64"
        Floating point type of the weights and the states.
    backend : {"numpy", "cupy"} or None, default=None
        Array backend for numpy inputs, as in :class:`Reservoir`.

    Attributes
    ----------
    O_ : ndarray of shape (n_units, n_units)
        The orthogonal matrix.
    proximity_ : float or ndarray of shape (n_units,)
        :math:`\beta`.
    W_, spectral_radius_, W_in_, bias_, initial_state_, n_units_, n_features_in_
        As in :class:`Reservoir`.

    See Also
    --------
    Reservoir : The leaky-integrator reservoir (:math:`O = I` and
        :math:`\beta` the leak rate).

    Notes
    -----
    Given the same ``W``, ``W_in``, ``bias``, ``O`` and a scalar proximity,
    the states equal those of ReservoirPy 0.4.2's ``ES2N`` node
    (``tests/test_zoo_reservoirs.py``). With one proximity per unit the two
    differ: ReservoirPy 0.4.2 computes ``(1 - beta) * O @ x``, which Python
    reads as ``((1 - beta) * O) @ x = O (diag(1 - beta) x)`` (the columns of
    ``O`` scaled), while here unit ``i`` keeps ``(1 - beta_i)`` of its own
    rotated state, as in the equation above.

    It is a :class:`Reservoir` in every composite: output feedback enters
    the pre-activation, and ``ESNRegressor(reservoir=ES2NReservoir())``
    generates in closed loop.

    References
    ----------
    .. [1] A. Ceni and C. Gallicchio, "Edge of stability echo state network",
       IEEE Transactions on Neural Networks and Learning Systems 36(4),
       7555-7564, 2025 (arXiv:2308.02902).

    Examples
    --------
    >>> from skreservoir import ES2NReservoir
    >>> from skreservoir.metrics import memory_capacity
    >>> es2n = ES2NReservoir(100, proximity=0.03, random_state=0)
    >>> bool(memory_capacity(es2n, random_state=0) > 80)
    True
    """

    _parameter_constraints: dict = {
        **{
            name: constraint
            for name, constraint in Reservoir._parameter_constraints.items()
            if name not in ("leak_rate", "noise", "input_noise", "noise_distribution", "dt", "tau")
        },
        "proximity": [Interval(Real, 0, 1, closed="both"), "array-like"],
        "O": ["array-like", callable, None],
    }
    # the parts of Reservoir that ES2N does not have (not parameters)
    leak_rate = 1.0
    noise = 0.0
    input_noise = 0.0
    noise_distribution = "normal"
    dt = None
    tau = None

    def __init__(
        self,
        n_units=None,
        *,
        proximity=0.03,
        spectral_radius=0.9,
        input_scaling=1.0,
        bias_scaling=0.0,
        density=0.1,
        input_density=0.1,
        distribution="normal",
        input_distribution="bernoulli",
        activation="tanh",
        O=None,  # noqa: E741
        W=None,
        W_in=None,
        bias=None,
        initial_state=None,
        random_state=None,
        dtype="float64",
        backend=None,
    ):
        self.n_units = n_units
        self.proximity = proximity
        self.spectral_radius = spectral_radius
        self.input_scaling = input_scaling
        self.bias_scaling = bias_scaling
        self.density = density
        self.input_density = input_density
        self.distribution = distribution
        self.input_distribution = input_distribution
        self.activation = activation
        self.O = O
        self.W = W
        self.W_in = W_in
        self.bias = bias
        self.initial_state = initial_state
        self.random_state = random_state
        self.dtype = dtype
        self.backend = backend

    _host_drawn_arrays = Reservoir._host_drawn_arrays + ("O_",)

    def _draw_weights(self, n_units, n_features, dtype):
        super()._draw_weights(n_units, n_features, dtype)
        proximity = np.asarray(self.proximity, dtype=np.float64)
        if proximity.ndim > 0:
            proximity = np.ravel(proximity)
            if proximity.shape != (n_units,):
                raise ValueError(
                    f"proximity must be a float or have one value per unit, shape "
                    f"({n_units},); got shape {np.shape(self.proximity)}."
                )
            if not np.all((proximity >= 0) & (proximity <= 1)):
                raise ValueError(
                    f"proximity values must lie in [0, 1], got min {proximity.min()!r} "
                    f"and max {proximity.max()!r}."
                )
            self.proximity_ = proximity.astype(dtype)
        else:
            self.proximity_ = float(proximity)
        if self.O is None or callable(self.O):
            initializer = orthogonal if self.O is None else self.O
            rng = np.random.default_rng([self._noise_seed, 2])
            rotation = _initialized("O", initializer, (n_units, n_units), rng)
            rotation = rotation.toarray() if sp.issparse(rotation) else rotation
        else:
            rotation = self.O.toarray() if sp.issparse(self.O) else np.asarray(self.O)
            if rotation.shape != (n_units, n_units):
                raise ValueError(
                    f"O must have shape ({n_units}, {n_units}) (n_units={n_units}), got "
                    f"{rotation.shape}."
                )
            if rotation.dtype.kind not in "biuf" or not np.all(np.isfinite(rotation)):
                raise ValueError("O must hold finite real numbers; pass an orthogonal matrix.")
            _check_not_expanding(np.asarray(rotation, dtype=np.float64),
                                 np.finfo(rotation.dtype if rotation.dtype.kind == "f"
                                          else np.float64).eps)
        self.O_ = np.asarray(rotation, dtype=dtype)

    def _recurrence(self, xp=None, device=None):
        """The ES2N update with this reservoir's weights, in namespace ``xp``."""
        if xp is None:
            xp = namespace_of_fitted(self.W_in_)
        proximity = self.proximity_
        if is_numpy(xp):
            xp, device = NUMPY, None
            arrays = [to_host(a) for a in (self.O_, self.W_in_, self.bias_)]
            W = to_host(self.W_)
        else:
            arrays = [to_namespace(a, xp, device) for a in (self.O_, self.W_in_, self.bias_)]
            W = move_matrix(self.W_, xp, device)
        if not isinstance(proximity, float):
            proximity = to_namespace(
                np.asarray(proximity, dtype=to_host(self.O_).dtype), xp, device
            )
        rotation, W_in, bias = arrays
        if (
            is_numpy(xp)
            and get_config()["compiled"]
            and isinstance(self.activation, str)
            and rotation.dtype in (np.float64, np.float32)
        ):
            return CompiledOrthogonalMixRecurrence(
                W, rotation, W_in, bias, proximity=proximity, activation=self.activation
            )
        return OrthogonalMixRecurrence(
            W,
            rotation,
            W_in,
            bias,
            proximity=proximity,
            activation=self.activation,
            xp=xp,
            device=device,
        )
