"""A pool of leaky integrate-and-fire (LIF) spiking units as a reservoir."""

from numbers import Real

import numpy as np
import scipy.sparse as sp
from array_api_compat import array_namespace

from skreservoir._backend import device_of, is_numpy, move_matrix, to_host, to_namespace
from skreservoir._base import initial_states_for
from skreservoir._config import get_config
from skreservoir._sklearn_compat import Interval, StrOptions
from skreservoir._validation import restore_layout
from skreservoir._weights import scale_to_spectral_radius
from skreservoir._weights import spectral_radius as spectral_radius_of
from skreservoir.reservoir._leaky import Reservoir

_NOT_LIF = (
    "leak_rate",
    "bias_scaling",
    "distribution",
    "input_distribution",
    "activation",
    "noise",
    "input_noise",
    "noise_distribution",
    "dt",
    "tau",
    "bias",
)


class LIFDynamics:
    """The LIF update bound to its weights, on numpy (compiled or not) or any array API namespace.

    The internal state is ``[v, s]``: the membrane potentials after the
    step and the spikes the step emitted. One step from potential ``v``::

        v <- keep * v                       (keep = 1 - leak_rate)
        s = (v > threshold)                 (1.0 or 0.0)
        v <- where(s, 0, v)                 (the units that spiked reset)
        v <- (v + W s) + drive              (drive = W_in u, plus any feedback)
    """

    def __init__(self, W, W_in, keep, threshold, *, xp, device=None, compiled=False):
        self.W, self.W_in, self.keep, self.threshold = W, W_in, keep, threshold
        self.xp, self.device = xp, device
        self.n_units = W_in.shape[0]
        self.compiled = compiled
        if compiled:
            from skreservoir import _kernels

            csr = sp.csr_array(W)
            self._kernel = _kernels.lif_series_kernel
            self._csr = (
                csr.indptr.astype(np.uint32),
                csr.indices.astype(np.uint32),
                np.asarray(csr.data, dtype=W_in.dtype),
            )
            self._keep = np.broadcast_to(np.asarray(keep, dtype=W_in.dtype), (self.n_units,))

    def _advance(self, v, drive_t):
        xp = self.xp
        v = self.keep * v
        fired = v > self.threshold
        spikes = xp.astype(fired, v.dtype)
        v = xp.where(fired, xp.zeros_like(v), v)
        return (v + self.W @ spikes) + drive_t, spikes

    def run(self, U, state, extra=None):
        """Spikes and potentials of one series from ``state``; and the final state."""
        xp, n = self.xp, self.n_units
        drive = U @ self.W_in.T
        if extra is not None:
            drive = drive + xp.astype(extra, drive.dtype)
        if self.compiled:
            drive = np.ascontiguousarray(drive)
            spikes, potential = np.empty_like(drive), np.empty_like(drive)
            self._kernel(
                *self._csr,
                drive,
                np.ascontiguousarray(state[:n], dtype=drive.dtype),
                spikes,
                potential,
                self._keep,
                float(self.threshold),
            )
        else:
            v, spike_rows, potential_rows = state[:n], [], []
            for t in range(U.shape[0]):
                v, s = self._advance(v, drive[t, :])
                spike_rows.append(s)
                potential_rows.append(v)
            spikes, potential = xp.stack(spike_rows), xp.stack(potential_rows)
        if U.shape[0] == 0:
            return spikes, potential, state
        return spikes, potential, xp.concat([potential[-1, :], spikes[-1, :]])

    def step(self, state, u, extra=None):
        """The state ``[v, s]`` that follows ``state`` when the input is ``u``."""
        drive = self.W_in @ self.xp.astype(u, self.W_in.dtype)
        if extra is not None:
            drive = drive + self.xp.astype(extra, drive.dtype)
        v, s = self._advance(state[: self.n_units], drive)
        return self.xp.concat([v, s])


class LIFReservoir(Reservoir):
    r"""A pool of leaky integrate-and-fire spiking units, as a reservoir.

    Each unit has a membrane potential :math:`v_i`; at each step, with input
    :math:`u(t)`,

    .. math::

        \tilde v &= (1 - a) \odot v(t-1), \qquad
        s_i(t) = [\tilde v_i > \theta], \\
        v(t) &= (1 - s(t)) \odot \tilde v + W s(t) + W_{in} u(t)

    (the potentials leak, the units above the threshold :math:`\theta` fire
    a spike and reset to 0, then the spikes and the input are integrated).
    The outputs are the spikes :math:`s(t)` (0 or 1), or the potentials
    :math:`v(t)` with ``output="potential"``. This is the order of operations
    of ReservoirPy 0.4.2's ``LIF`` node: given the same ``W`` and ``W_in``
    the spikes are equal (``tests/test_zoo_reservoirs.py``).

    Parameters
    ----------
    n_units : int, default=None
        Number of units (ReservoirPy: ``units``). None means the size of ``W``
        when it is given, else 100.
    leak_rate : float or array-like of shape (n_units,), default=0.2
        :math:`a` in [0, 1]: the fraction of the potential lost per step
        (ReservoirPy: ``lr``, default 0, no leak). 0.2 classified best of
        0.05, 0.2 and 0.5 in ``examples/plot_lif_classification.py`` (0.88
        against 0.56 and 0.38 in a 3-fold search) and is ReservoirPy's own
        LIF example's value.
    threshold : float, default=1.0
        Potential above which a unit spikes (ReservoirPy: ``threshold``).
        It must be > 0, the potential a unit rests at (the leak pulls it
        there) and resets to after a spike; the rule holds whatever the
        other parameters. Below 0 a unit at rest or just reset fires again
        at the next step without any drive, unless inhibition pushes it
        below the threshold (at ``threshold=-1``, with the other defaults
        and inputs in [-1, 1], every unit fires at every step and the
        features are constant); at 0 every positive potential fires,
        however small. ReservoirPy accepts any value.
    inhibitory : float, default=0.1
        Fraction of units in [0, 1] whose outgoing weights are negative:
        the first ``int(inhibitory * n_units)`` columns of the drawn ``W``
        change sign after it is scaled to ``spectral_radius``
        (ReservoirPy: ``inhibitory``, default 0). Ignored for a given ``W``.
    spectral_radius : float, default=1.0
        Spectral radius of the drawn nonnegative ``W`` before the inhibitory
        columns change sign (ReservoirPy: ``sr``).
    input_scaling : float or array-like of shape (n_features,), default=1.0
        Scale of ``W_in`` (ReservoirPy: ``input_scaling``).
    density : float, default=0.1
        Fraction of nonzero entries of ``W`` (ReservoirPy: ``rc_connectivity``).
    input_density : float, default=0.1
        Fraction of nonzero entries of ``W_in`` (ReservoirPy:
        ``input_connectivity``).
    output : {"spikes", "potential"}, default="spikes"
        What a row of ``transform`` holds.
    W : array-like, sparse matrix or callable, default=None
        Recurrent weights, used exactly as given (a callable initializer is
        scaled to ``spectral_radius``); drawn uniform on [0, 1] when None.
    W_in : array-like, sparse matrix or callable, default=None
        Input weights, used exactly as given; drawn uniform on [0, 1] (times
        ``input_scaling``) when None.
    initial_state : array-like of shape (n_units,), default=None
        Initial membrane potentials; zeros when None.
    random_state : int, RandomState instance or None, default=None
        Seeds the draws (ReservoirPy: ``seed``).
    dtype : {"float64", "float32"}, default="float64"
    backend : {"numpy", "cupy"} or None, default=None
        As in :class:`Reservoir`.

    Attributes
    ----------
    W_, spectral_radius_, W_in_, n_units_, n_features_in_
        As in :class:`Reservoir`.
    initial_state_ : ndarray of shape (2 * n_units,)
        The internal state every series starts from: the potentials, then
        the spikes of the last step (zeros).

    See Also
    --------
    Reservoir : The rate (leaky-integrator tanh) reservoir.

    Notes
    -----
    The internal state (``run_batch``'s final states, ``step``) is the
    potentials followed by the spikes, ``2 * n_units`` values;
    ``state_output`` picks the output part. Output feedback enters with the
    input, through ``W_fb`` added to ``W_in u``. On numpy the loop is
    compiled (``skreservoir.set_config(compiled=False)`` for the plain one).

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir import LIFReservoir
    >>> u = np.abs(np.sin(np.linspace(0, 20, 400)))[:, None]
    >>> spikes = LIFReservoir(100, input_density=1.0, random_state=0).fit_transform(u)
    >>> sorted(np.unique(spikes))
    [np.float64(0.0), np.float64(1.0)]
    >>> bool(0.05 < spikes.mean() < 0.5)
    True
    """

    _parameter_constraints: dict = {
        **{
            name: constraint
            for name, constraint in Reservoir._parameter_constraints.items()
            if name not in _NOT_LIF
        },
        "leak_rate": [Interval(Real, 0, 1, closed="both"), "array-like"],
        # above the resting and reset potential, 0: see the docstring
        "threshold": [Interval(Real, 0, None, closed="neither")],
        "inhibitory": [Interval(Real, 0, 1, closed="both")],
        "output": [StrOptions({"spikes", "potential"})],
    }
    # the parts of Reservoir that a LIF pool does not have (not parameters)
    bias_scaling = 0.0
    bias = None
    distribution = "uniform"
    input_distribution = "uniform"
    activation = "spiking"
    noise = 0.0
    input_noise = 0.0
    noise_distribution = "normal"
    dt = None
    tau = None

    def __init__(
        self,
        n_units=None,
        *,
        leak_rate=0.2,
        threshold=1.0,
        inhibitory=0.1,
        spectral_radius=1.0,
        input_scaling=1.0,
        density=0.1,
        input_density=0.1,
        output="spikes",
        W=None,
        W_in=None,
        initial_state=None,
        random_state=None,
        dtype="float64",
        backend=None,
    ):
        self.n_units = n_units
        self.leak_rate = leak_rate
        self.threshold = threshold
        self.inhibitory = inhibitory
        self.spectral_radius = spectral_radius
        self.input_scaling = input_scaling
        self.density = density
        self.input_density = input_density
        self.output = output
        self.W = W
        self.W_in = W_in
        self.initial_state = initial_state
        self.random_state = random_state
        self.dtype = dtype
        self.backend = backend

    def _effective_leak_rate(self):
        return 1.0  # Reservoir's leak: not the LIF leak (checked in _draw_weights)

    def _draw_weights(self, n_units, n_features, dtype):
        super()._draw_weights(n_units, n_features, dtype)
        leak = np.asarray(self.leak_rate, dtype=np.float64)
        if leak.ndim > 0:
            leak = np.ravel(leak)
            if leak.shape != (n_units,) or not np.all((leak >= 0) & (leak <= 1)):
                raise ValueError(
                    f"leak_rate must be a float in [0, 1] or one such value per unit, shape "
                    f"({n_units},); got {np.shape(self.leak_rate)} with values in "
                    f"[{float(leak.min()):g}, {float(leak.max()):g}]."
                )
        self._keep = (1.0 - leak).astype(dtype) if leak.ndim else float(1.0 - leak)
        if self.W is None:  # drawn: nonnegative, scaled, then the inhibitory columns
            W = abs(self.W_).astype(np.float64)
            W = scale_to_spectral_radius(W, self.spectral_radius)
            sign = np.ones(n_units)
            sign[: int(self.inhibitory * n_units)] = -1.0
            W = sp.csr_array(W.multiply(sign[None, :])) if sp.issparse(W) else W * sign
            self.W_ = W.astype(dtype)
            self.spectral_radius_ = spectral_radius_of(self.W_)
        if self.W_in is None:
            self.W_in_ = abs(self.W_in_)
        self.initial_state_ = np.concatenate([self.initial_state_, np.zeros(n_units, dtype)])

    # -- the reservoir interface ----------------------------------------------
    @property
    def output_size_(self):
        """Values per output row: ``n_units_``."""
        return self.n_units_

    def _recurrence(self, xp=None, device=None):
        """The LIF update with this reservoir's weights, in namespace ``xp``."""
        if xp is None or is_numpy(xp):
            return LIFDynamics(
                to_host(self.W_),
                to_host(self.W_in_),
                self._keep,
                self.threshold,
                xp=array_namespace(np.zeros(0)),
                compiled=get_config()["compiled"],
            )
        keep = self._keep
        if not isinstance(keep, float):
            keep = to_namespace(keep, xp, device)
        return LIFDynamics(
            move_matrix(self.W_, xp, device),
            to_namespace(self.W_in_, xp, device),
            keep,
            self.threshold,
            xp=xp,
            device=device,
        )

    def state_output(self, state):
        """The spikes (or potentials, ``output="potential"``) of an internal state."""
        n = self.n_units_
        return state[n:] if self.output == "spikes" else state[:n]

    def run_batch(self, Xs, initial_states=None, drive=None):
        """Run validated series; as :meth:`skreservoir._base.BaseReservoir.run_batch`."""
        self._check_batch(Xs, initial_states)
        if initial_states is None:
            initial_states = initial_states_for(self, Xs)
        xp = array_namespace(Xs[0])
        dynamics = self._recurrence(xp, device_of(Xs[0]))
        outputs, finals = [], []
        with np.errstate(over="ignore", invalid="ignore"):
            for i, U in enumerate(Xs):
                spikes, potential, final = dynamics.run(
                    xp.astype(U, dynamics.W_in.dtype),
                    initial_states[i, :],
                    None if drive is None else drive[i],
                )
                outputs.append(spikes if self.output == "spikes" else potential)
                finals.append(final)
        self.check_outputs(outputs)
        return outputs, xp.stack(finals)

    def _transform_series(self, Xs, layout):
        return restore_layout(self.run_batch(Xs)[0], layout)

    def run_function(self, like):
        """:meth:`run_batch` itself, for a stream of calls (the LIF dynamics have
        none of ``Reservoir``'s one-row compiled path)."""
        return self.run_batch

    def step_function(self, like):
        """The LIF step with the weights bound once, in the namespace of ``like``."""
        dynamics = self._recurrence(array_namespace(like), device_of(like))

        def advance(state, u, drive=None):
            return dynamics.step(state, u, extra=drive)

        return advance
