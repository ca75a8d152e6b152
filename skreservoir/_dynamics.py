"""The recurrence kernels: the only place in skreservoir that loops over time.

The leaky-integrator update, for each time step t, is::

    x(t) = (1 - a) x(t-1) + a f(W_in u(t) + W x(t-1) + b) + noise(t)

The input drive ``W_in u(t) + b`` of every step is computed before the loop
by one matrix product over all time steps, written straight into the output
array; the loop then adds ``W x(t-1)``, applies ``f`` and mixes with the
previous state, in place. Panels are stored time-major, so that the states of
all series at one step form one contiguous block that a single BLAS GEMM
updates in place.
"""

from contextlib import nullcontext

import numpy as np
import scipy.sparse as sp
from array_api_compat import array_namespace
from scipy.linalg import get_blas_funcs
from scipy.special import expit

try:  # scipy's compiled CSR kernels accumulate y += A @ x with no Python overhead
    from scipy.sparse._sparsetools import csr_matvec as _csr_matvec
except ImportError:  # pragma: no cover - only on a scipy that moved them
    _csr_matvec = None

#: A dense copy of a sparse W larger than this is never made.
DENSE_COPY_MAX_BYTES = 256 * 2**20


def use_dense_product(W, n_series, itemsize):
    """Whether a panel of ``n_series`` multiplies by a dense copy of a sparse ``W``.

    The heuristic: a dense matrix-matrix product (BLAS GEMM on the CPU, cuBLAS
    on a GPU) beats a sparse-times-dense one from a few series on at the
    usual densities, so panels of at least
    ``get_config()["dense_panel_min_series"]`` series (8 by default) use a
    dense copy of ``W``, unless that copy would exceed
    :data:`DENSE_COPY_MAX_BYTES` (very large reservoirs stay sparse). One
    series always uses the sparse product. Override with
    ``skreservoir.set_config(dense_panel_min_series=...)``: 1 always
    densifies, a huge value never does.
    """
    from skreservoir._config import get_config

    n_units = W.shape[0]
    return (n_series >= get_config()["dense_panel_min_series"]
            and n_units * n_units * itemsize <= DENSE_COPY_MAX_BYTES)


#: A per-step product of fewer floating point operations than this runs on one
#: BLAS thread: waking the other threads at every step costs more than they
#: save, and on a busy machine a multi-threaded per-step product can stall
#: (a 1000 x 1000 matvec measured 0.36 ms idle, 7.9 ms under load).
BLAS_SINGLE_THREAD_MAX_FLOPS = 1e7

_THREADPOOLS = {}


def blas_threads_for(flops_per_step):
    """A context in which per-step products of ``flops_per_step`` use fitting BLAS threads.

    One thread below :data:`BLAS_SINGLE_THREAD_MAX_FLOPS`, the BLAS library's
    own setting above (threadpoolctl, a scikit-learn dependency).
    """
    if flops_per_step >= BLAS_SINGLE_THREAD_MAX_FLOPS:
        return nullcontext()
    return one_blas_thread()


def one_blas_thread():
    """A context in which BLAS runs on one thread (threadpoolctl)."""
    if "controller" not in _THREADPOOLS:
        from threadpoolctl import ThreadpoolController

        _THREADPOOLS["controller"] = ThreadpoolController()
    return _THREADPOOLS["controller"].limit(limits=1, user_api="blas")


#: RLS on fewer features than this runs on one BLAS thread: the rank-1
#: updates of a small P gain nothing from more (bench_force: N=100 0.0124 s
#: on one thread against 0.0195 s on two; N=500 0.072 s on two against
#: 0.097 s on one).
RLS_THREADS_MIN_FEATURES = 250


def _tanh(z):
    np.tanh(z, out=z)


def _identity(z):
    pass


def _relu(z):
    np.maximum(z, 0.0, out=z)


def _sigmoid(z):
    expit(z, out=z)


ACTIVATIONS = {
    "tanh": _tanh,
    "identity": _identity,
    "relu": _relu,
    "sigmoid": _sigmoid,
}


# -- the compiled single-series kernel -------------------------------------------
#: Activation codes of the compiled kernel.
_ACTIVATION_CODES = {"tanh": 0, "identity": 1, "relu": 2, "sigmoid": 3}

def _csr_series_kernel(indptr, indices, data, states, x0, leak, activation, noise,
                       noise_scale):
    """The time loop of one series with a CSR recurrent matrix, in place.

    ``states`` holds the input drive on entry and the states on exit. Per
    step and unit: the CSR row times the previous state summed in row order
    (as scipy's ``csr_matvec``), added to the drive, the activation, the leak
    ``prev + a (f - prev)`` and the noise, the operations of
    :meth:`Recurrence.run_series` in the same order. The column indices are
    unsigned so that the gather compiles without negative-index checks.
    """
    n_steps, n_units = states.shape
    prev = x0.copy()
    zero = np.zeros(1, dtype=states.dtype)[0]  # sums in the dtype of the states
    for t in range(n_steps):
        cur = states[t]
        for i in range(n_units):  # cur += W prev, row by row
            acc = zero
            for k in range(indptr[i], indptr[i + 1]):
                acc += data[k] * prev[indices[k]]
            cur[i] += acc
        # the activation in its own loop over the units: no gather, so it
        # compiles to straight-line (vectorisable) code
        if activation == 0:
            for i in range(n_units):
                # tanh through exp: 3x faster than libm's tanh, within 4e-16
                # of numpy's tanh (absolute)
                cur[i] = 1.0 - 2.0 / (np.exp(2.0 * cur[i]) + 1.0)
        elif activation == 2:
            for i in range(n_units):
                cur[i] = max(cur[i], 0.0)
        elif activation == 3:
            for i in range(n_units):
                cur[i] = 1.0 / (1.0 + np.exp(-cur[i]))
        if leak != 1.0:
            for i in range(n_units):
                cur[i] = prev[i] + leak * (cur[i] - prev[i])
        if noise_scale > 0.0:
            for i in range(n_units):
                cur[i] += noise_scale * noise[t, i]
        prev = cur


def _csr_series_kernel_rows(indptr, indices, data, states, x0, leak, activation, noise,
                            noise_scale):
    """:func:`_csr_series_kernel` with one loop over the units per step.

    Each unit's row product, activation, leak and noise in one pass, so that
    the units of a step can be shared out between threads (``prange`` when
    compiled with ``parallel=True``; a plain loop otherwise). The same
    operations in the same order per unit as :func:`_csr_series_kernel`.
    """
    n_steps, n_units = states.shape
    prev = x0.copy()
    zero = np.zeros(1, dtype=states.dtype)[0]
    for t in range(n_steps):
        cur = states[t]
        for i in _prange(n_units):
            acc = zero
            for k in range(indptr[i], indptr[i + 1]):
                acc += data[k] * prev[indices[k]]
            z = cur[i] + acc
            if activation == 0:
                z = 1.0 - 2.0 / (np.exp(2.0 * z) + 1.0)
            elif activation == 2:
                z = max(z, 0.0)
            elif activation == 3:
                z = 1.0 / (1.0 + np.exp(-z))
            if leak != 1.0:
                z = prev[i] + leak * (z - prev[i])
            if noise_scale > 0.0:
                z += noise_scale * noise[t, i]
            cur[i] = z
        prev = cur


def _csr_panel_kernel(indptr, indices, data, states, x0s, lengths, leak, activation):
    """Independent series of one sparse reservoir, each on its own thread.

    ``states`` (n_series, n_timesteps, n_units) holds every series' drive on
    entry (zero-padded after its length) and its states on exit: series ``s``
    is :func:`_csr_series_kernel` on ``states[s, :lengths[s]]`` from
    ``x0s[s]``. The series share no step, so the threads never wait for one
    another (no noise: the noisy panel keeps the step-by-step path, whose
    draws it reproduces).
    """
    no_noise = np.zeros((1, 1), dtype=states.dtype)
    for s in _prange(states.shape[0]):
        _serial_for_panel(indptr, indices, data, states[s, :lengths[s]], x0s[s], leak,
                          activation, no_noise, 0.0)


_prange = range  # replaced by numba.prange when the kernels are compiled
_serial_for_panel = _csr_series_kernel  # the compiled serial kernel once compiled

#: From this many units on, one series runs on every core (the units of a
#: step are shared out between numba's threads): below it the cost of waking
#: the threads at every step outweighs the gain.
PARALLEL_MIN_UNITS = 300

_COMPILED = {}


def compiled_csr_kernel(n_units=0):
    """The compiled time loop for ``n_units`` units (numba, imported on first use), or None.

    :func:`_csr_series_kernel` on one thread below :data:`PARALLEL_MIN_UNITS`
    units (when numba has more than one thread), the multi-threaded
    :func:`_csr_series_kernel_rows` from there on. ``cache=True``: compiled
    once per machine (about 1 s each), then loaded from numba's cache by
    every later process.
    """
    if "serial" not in _COMPILED:
        try:
            import numba
        except ImportError:  # pragma: no cover - numba is a core dependency
            _COMPILED["serial"] = _COMPILED["parallel"] = None
            return None
        global _prange, _serial_for_panel
        _prange = numba.prange
        options = dict(cache=True, nogil=True, error_model="numpy", fastmath=True)
        _COMPILED["serial"] = numba.njit(**options)(_csr_series_kernel)
        _serial_for_panel = _COMPILED["serial"]
        threaded = numba.config.NUMBA_NUM_THREADS > 1
        _COMPILED["parallel"] = (numba.njit(parallel=True, **options)(_csr_series_kernel_rows)
                                 if threaded else None)
        _COMPILED["panel"] = (numba.njit(parallel=True, **options)(_csr_panel_kernel)
                              if threaded else None)
    if n_units >= PARALLEL_MIN_UNITS and _COMPILED["parallel"] is not None:
        return _COMPILED["parallel"]
    return _COMPILED["serial"]


def compiled_csr_panel_kernel():
    """:func:`_csr_panel_kernel` compiled with numba threads, or None (one thread, no numba)."""
    compiled_csr_kernel()
    return _COMPILED.get("panel")


class PanelPlan:
    """How the series of a panel, of any lengths, advance in one batch.

    The series run sorted by decreasing length (a stable sort), so that the
    series still running at step t are the first ``n_active[t]`` rows of the
    batch; ``rows[i]`` is the batch row of series ``i``.
    """

    def __init__(self, Us):
        self.lengths = np.array([u.shape[0] for u in Us])
        self.order = np.argsort(-self.lengths, kind="stable")
        sorted_lengths = self.lengths[self.order]
        self.n_steps = int(sorted_lengths[0])
        self.equal = bool(np.all(self.lengths == self.n_steps))
        self.n_active = np.searchsorted(-sorted_lengths, -np.arange(self.n_steps),
                                        side="right")
        self.rows = np.empty_like(self.order)
        self.rows[self.order] = np.arange(len(Us))

    def time_major(self, Us, dtype, xp=None, device=None):
        """The inputs as one (n_steps, n_series, n_features) array in batch order.

        Zero-padded after each series' end; the padding is computed but never
        read.
        """
        xp = array_namespace(Us[0]) if xp is None else xp
        if self.equal:  # the stable sort kept the original order
            return xp.astype(xp.stack(Us, axis=1), dtype, copy=False)
        U = xp.zeros((self.n_steps, len(Us), Us[0].shape[1]), dtype=dtype, device=device)
        for row, i in enumerate(self.order):
            U[: int(self.lengths[i]), row, :] = Us[i]
        return U

    def series_major(self, Us, dtype):
        """The inputs as one (n_series, n_steps, n_features) numpy array, in input order."""
        if self.equal:
            return np.stack(Us).astype(dtype, copy=False)
        U = np.zeros((len(Us), self.n_steps, Us[0].shape[1]), dtype=dtype)
        for i, u in enumerate(Us):
            U[i, :len(u)] = u
        return U


class Noise:
    """A seeded source of noise: standard normal, or uniform on [-1, 1].

    Parameters
    ----------
    rng : numpy.random.Generator
    distribution : {"normal", "uniform"}
    """

    def __init__(self, rng, distribution="normal"):
        self.rng = rng
        self.distribution = distribution

    def draw(self, shape):
        """An array of draws of ``shape`` (float64)."""
        if self.distribution == "uniform":
            return self.rng.uniform(-1.0, 1.0, shape)
        return self.rng.standard_normal(shape)


class Recurrence:
    """A reservoir's update rule, bound to its weights.

    Parameters
    ----------
    W : ndarray or scipy CSR array of shape (n_units, n_units)
    W_in : ndarray of shape (n_units, n_features)
    bias : ndarray of shape (n_units,)
    leak_rate : float in (0, 1]
    activation : str, key of :data:`ACTIVATIONS`
    noise : float
        Scale of the noise added to the state at each step (0 for none).
    rng : Noise or None
        Source of the state noise; needed when ``noise > 0``.
    input_noise : float
        Scale of the noise added to every input before ``W_in`` (0 for none).
    input_rng : Noise or None
        Source of the input noise; needed when ``input_noise > 0``.
    compiled : bool
        Run one series of a sparse reservoir with the compiled time loop.
    """

    def __init__(self, W, W_in, bias, *, leak_rate, activation, noise=0.0, rng=None,
                 input_noise=0.0, input_rng=None, compiled=True):
        self.W = W
        self.W_in = W_in
        self.bias = bias
        self.leak_rate = float(leak_rate)
        self.activation = ACTIVATIONS[activation]
        self._activation_code = _ACTIVATION_CODES[activation]
        self.noise = float(noise)
        self.rng = rng
        self.input_noise = float(input_noise)
        self.input_rng = input_rng
        self.dtype = W_in.dtype
        self._sparse = sp.issparse(W)
        self._use_raw_csr = self._sparse and _csr_matvec is not None
        if self._use_raw_csr:
            W = W.tocsr() if W.format != "csr" else W
            self._csr = (W.shape[0], W.shape[1], W.indptr, W.indices, W.data)
        self._compiled = compiled and self._sparse and compiled_csr_kernel() is not None
        if self._compiled:
            self._csr_unsigned = (W.indptr.astype(np.uint32), W.indices.astype(np.uint32),
                                  np.asarray(W.data, dtype=self.dtype))

    # -- one step ---------------------------------------------------------
    def _add_recurrent(self, prev, cur):
        """cur += W @ prev, for one state vector."""
        if self._use_raw_csr:
            _csr_matvec(*self._csr, prev, cur)
        elif self._sparse:
            cur += self.W @ prev
        else:
            cur += self.W @ prev

    def _step_flops(self, n_series):
        """Floating point operations of the recurrent product of one step."""
        nnz = self.W.nnz if self._sparse else self.W.shape[0] * self.W.shape[1]
        return 2.0 * n_series * nnz

    def _finish_step(self, prev, cur):
        """Apply the activation, the leak and the noise to ``cur`` in place."""
        self.activation(cur)
        if self.leak_rate != 1.0:
            # (1 - a) prev + a cur, computed as prev + a (cur - prev) in place
            cur -= prev
            cur *= self.leak_rate
            cur += prev
        if self.noise > 0.0:
            cur += self.noise * self.rng.draw(cur.shape).astype(
                self.dtype, copy=False)

    def drive(self, U):
        """Return ``U @ W_in.T + bias`` for inputs of shape (..., n_features).

        With input noise, ``U`` plus its noise.
        """
        if self.input_noise > 0.0:
            U = U + self.input_noise * self.input_rng.draw(U.shape)
        flat = U.reshape(-1, U.shape[-1]).astype(self.dtype, copy=False)
        drive = flat @ self.W_in.T  # one GEMM over all steps (and series)
        drive += self.bias
        return drive.reshape(U.shape[:-1] + (self.W_in.shape[0],))

    def step(self, prev, u, extra=None):
        """Return the state that follows ``prev`` when the input is ``u``.

        ``extra`` (n_units,) is added to the drive (output feedback).
        """
        if self.input_noise > 0.0:
            u = u + self.input_noise * self.input_rng.draw(u.shape)
        cur = self.W_in @ u
        cur += self.bias
        if extra is not None:
            cur += extra
        cur = cur.astype(self.dtype, copy=False)
        self._add_recurrent(prev, cur)
        self._finish_step(prev, cur)
        return cur

    # -- whole series -----------------------------------------------------
    def run_series(self, U, x0, extra=None):
        """Run one series ``U`` of shape (n_timesteps, n_features) from ``x0``.

        ``extra`` (n_timesteps, n_units) is added to the drive. Returns the
        states, shape (n_timesteps, n_units).
        """
        states = self.drive(U)
        if extra is not None:
            states += extra
        prev = np.asarray(x0, dtype=self.dtype)
        if self._compiled:
            noise = (self.rng.draw(states.shape).astype(self.dtype, copy=False)
                     if self.noise > 0.0 else np.zeros((1, 1), dtype=self.dtype))
            kernel = compiled_csr_kernel(states.shape[1])
            kernel(*self._csr_unsigned, states, prev, self.leak_rate, self._activation_code,
                   noise, self.noise)
            return states
        with blas_threads_for(self._step_flops(1)):
            for t in range(states.shape[0]):
                cur = states[t]
                self._add_recurrent(prev, cur)
                self._finish_step(prev, cur)
                prev = cur
        return states

    def run_feedback(self, U, x0, y0, W_fb, readout):
        """Run one series feeding each output back through ``W_fb``.

        At step t the drive gets ``W_fb @ y(t-1)``, with ``y(-1) = y0``, and
        ``y(t) = readout(x(t), u(t))``.

        Returns
        -------
        states : ndarray of shape (n_timesteps, n_units)
        outputs : ndarray of shape (n_timesteps, n_outputs)
        """
        states = self.drive(U)
        outputs = np.empty((U.shape[0], np.shape(y0)[0]), dtype=np.float64)
        prev = np.asarray(x0, dtype=self.dtype)
        y = np.asarray(y0, dtype=np.float64)
        with blas_threads_for(self._step_flops(1)):
            for t in range(U.shape[0]):
                cur = states[t]
                cur += W_fb @ y
                self._add_recurrent(prev, cur)
                self._finish_step(prev, cur)
                y = np.ravel(readout(cur, U[t]))
                outputs[t] = y
                prev = cur
        return states, outputs

    def run_panel(self, Us, x0s, as_array=False, extra=None):
        """Run a list of series together, one matrix product per time step.

        Series of unequal length are run sorted by length, so that the series
        still running at step t are the first ``k(t)`` rows of the batch.

        Parameters
        ----------
        Us : list of ndarray of shape (n_timesteps_i, n_features)
        x0s : ndarray of shape (n_series, n_units)
        as_array : bool
            Return one array of shape (n_series, n_timesteps, n_units); the
            series must then all have the same length.
        extra : list of ndarray of shape (n_timesteps_i, n_units), default=None
            Added to the input drive of every step (teacher-forced feedback).

        Returns
        -------
        states : list of ndarray of shape (n_timesteps_i, n_units), or ndarray
        """
        n_series = len(Us)
        if n_series == 1:
            states = self.run_series(Us[0], x0s[0],
                                     extra=None if extra is None else extra[0])
            return states[None] if as_array else [states]
        if (self._compiled and self.noise == 0.0 and self.input_noise == 0.0
                and not use_dense_product(self.W, n_series, self.dtype.itemsize)
                and compiled_csr_panel_kernel() is not None):
            return self._run_panel_threads(Us, x0s, as_array, extra)
        plan = PanelPlan(Us)
        lengths, order, n_active = plan.lengths, plan.order, plan.n_active
        # The drive fills the output; each step then adds W x(t-1) in place.
        states = self.drive(plan.time_major(Us, self.dtype))  # (n_steps, n_series, n_units)
        if extra is not None:
            for row, i in enumerate(order):
                states[: lengths[i], row] += extra[i]

        if self._sparse and not use_dense_product(self.W, n_series, self.dtype.itemsize):
            gemm = None
        else:
            W_dense = self.W.toarray() if self._sparse else np.asarray(self.W)
            W_fortran = np.asfortranarray(W_dense, dtype=self.dtype)
            gemm = get_blas_funcs("gemm", dtype=self.dtype)
        prev = np.array(x0s, dtype=self.dtype)[order]
        flops = (self._step_flops(n_series) if gemm is None
                 else 2.0 * n_series * self.W.shape[0] ** 2)
        with blas_threads_for(flops):
            for t in range(plan.n_steps):
                k = n_active[t]
                cur = states[t, :k]  # C-contiguous (k, n_units)
                if gemm is None:
                    cur += (self.W @ prev[:k].T).T
                else:
                    # cur.T (Fortran-ordered) += W @ prev.T, written in place by BLAS
                    gemm(1.0, W_fortran, prev[:k].T, beta=1.0, c=cur.T, overwrite_c=True)
                self._finish_step(prev[:k], cur)
                prev = cur
        states = states.transpose(1, 0, 2)  # (n_series, n_steps, n_units), a view
        if as_array:  # equal lengths: the stable sort kept the original order
            return states
        return [states[plan.rows[i], : lengths[i]] for i in range(n_series)]

    def _run_panel_threads(self, Us, x0s, as_array, extra):
        """A few series of a sparse reservoir: each series' time loop on its own thread.

        Used instead of the step-by-step sparse product when the panel is
        too small for the dense product (see :func:`use_dense_product`) and
        there is no noise; the states are those of :meth:`run_series` on
        every series.
        """
        plan = PanelPlan(Us)
        lengths = plan.lengths
        states = self.drive(plan.series_major(Us, self.dtype))  # (n_series, n_steps, n_units)
        if extra is not None:
            for i, e in enumerate(extra):
                states[i, :lengths[i]] += e
        x0s = np.ascontiguousarray(x0s, dtype=self.dtype)
        compiled_csr_panel_kernel()(*self._csr_unsigned, states, x0s, lengths.astype(np.int64),
                                    self.leak_rate, self._activation_code)
        if as_array:
            return states
        return [states[i, :lengths[i]] for i in range(len(Us))]

    def generate(self, x0, u0, n_steps, readout, W_fb=None):
        """Run closed loop: each output is fed back as the next input.

        Parameters
        ----------
        x0 : ndarray of shape (n_units,)
            The state after the last input the model saw.
        u0 : ndarray of shape (n_features,)
            That last input.
        n_steps : int
        readout : callable ``(state, input) -> output``
            Output of shape (n_features,).
        W_fb : ndarray of shape (n_units, n_features), default=None
            Output feedback: each output also enters the drive through it.

        Returns
        -------
        outputs : ndarray of shape (n_steps, n_features)
            Row 0 is the readout of ``x0``: the forecast of the value that
            follows ``u0``.
        """
        x0 = np.asarray(x0, dtype=self.dtype)
        with blas_threads_for(self._step_flops(1)):
            return closed_loop(x0, u0, n_steps, features=lambda x: x,
                               advance=lambda x, u: self.step(
                                   x, u.astype(self.dtype),
                                   extra=None if W_fb is None else W_fb @ u),
                               readout=readout)


def to_host_dtype(dtype, xp):
    """The numpy dtype of an array API floating dtype."""
    return np.float32 if dtype == xp.float32 else np.float64


def _xp_activations(xp):
    return {
        "tanh": xp.tanh,
        "identity": lambda z: z,
        "relu": lambda z: xp.clip(z, min=0.0),
        "sigmoid": lambda z: 1.0 / (1.0 + xp.exp(-z)),
    }


class ArrayAPIRecurrence:
    """The update rule of :class:`Recurrence`, written against the array API.

    It runs on any array API namespace ``xp`` (cupy on a GPU,
    ``array_api_strict`` in the tests) with the same interface as
    :class:`Recurrence` and the same results (to rounding): a panel advances
    as one (n_series, n_units) block per step, ``W`` may be dense or, on cupy,
    a ``cupyx.scipy.sparse`` matrix. The noise is drawn on the host from the
    same generator, in the same order, as :class:`Recurrence` draws it, then
    moved.

    Parameters
    ----------
    W, W_in, bias : arrays of namespace ``xp`` (``W`` may be sparse on cupy)
    leak_rate, activation, noise, rng
        As in :class:`Recurrence`.
    xp : array namespace
    device : device of ``xp``, default=None
    """

    def __init__(self, W, W_in, bias, *, leak_rate, activation, noise=0.0, rng=None,
                 input_noise=0.0, input_rng=None, xp, device=None):
        self.W = W
        self.W_in = W_in
        self.bias = bias
        self.leak_rate = float(leak_rate)
        self.activation = _xp_activations(xp)[activation]
        self.noise = float(noise)
        self.rng = rng
        self.input_noise = float(input_noise)
        self.input_rng = input_rng
        self.xp = xp
        self.device = device
        self.dtype = W_in.dtype
        self._sparse = not hasattr(W, "__array_namespace__") and hasattr(W, "tocsr")
        self._W_T = None if self._sparse else W.T

    def _recurrent(self, prev):
        """``prev @ W.T`` for states ``prev`` of shape (k, n_units)."""
        if self._sparse:
            return (self.W @ prev.T).T
        return prev @ self._W_T

    def _finish(self, prev, pre):
        cur = self.activation(pre)
        if self.leak_rate != 1.0:
            cur = prev + self.leak_rate * (cur - prev)
        if self.noise > 0.0:
            draw = self.rng.draw(cur.shape).astype(to_host_dtype(self.dtype, self.xp),
                                                    copy=False)
            cur = cur + self.noise * self._move(draw)
        return cur

    def _move(self, host_array):
        if self.device is None:
            return self.xp.asarray(host_array)
        return self.xp.asarray(host_array, device=self.device)

    def drive(self, U):
        """Return ``U @ W_in.T + bias`` for inputs of shape (..., n_features)."""
        if self.input_noise > 0.0:
            U = U + self.input_noise * self._move(self.input_rng.draw(U.shape))
        return self.xp.astype(U, self.dtype) @ self.W_in.T + self.bias

    def step(self, prev, u, extra=None):
        """Return the state that follows ``prev`` (n_units,) for input ``u``."""
        pre = self.drive(u[None, :])
        if extra is not None:
            pre = pre + self.xp.astype(extra, self.dtype)
        prev = prev[None, :]
        return self._finish(prev, pre + self._recurrent(prev))[0, :]

    def run_series(self, U, x0, extra=None):
        """Run one series from ``x0``; return its states (n_timesteps, n_units)."""
        return self.run_panel([U], x0[None, :], extra=None if extra is None else [extra])[0]

    def run_panel(self, Us, x0s, as_array=False, extra=None):
        """Run a list of series together; as :meth:`Recurrence.run_panel`."""
        xp = self.xp
        n_series = len(Us)
        plan = PanelPlan(Us)
        lengths, order, n_active, n_steps = plan.lengths, plan.order, plan.n_active, plan.n_steps
        n_units = self.W_in.shape[0]
        pre_all = self.drive(plan.time_major(Us, self.dtype, xp, self.device))
        if extra is not None:
            for row, i in enumerate(order):
                pre_all[: int(lengths[i]), row, :] += xp.astype(extra[i], self.dtype)
        if self._sparse and use_dense_product(self.W, n_series,
                                              np.dtype(to_host_dtype(self.dtype, self.xp)).itemsize):
            # as on the CPU: a dense product beats a sparse one on a batch
            self._sparse, self._W_T = False, self.W.toarray().T
        states = xp.zeros((n_steps, n_series, n_units), dtype=self.dtype,
                          device=self.device)
        prev = xp.astype(xp.stack([x0s[int(i), :] for i in order]), self.dtype)
        for t in range(n_steps):
            k = int(n_active[t])
            prev = prev[:k, :]
            cur = self._finish(prev, pre_all[t, :k, :] + self._recurrent(prev))
            states[t, :k, :] = cur
            prev = cur
        if as_array:
            return xp.permute_dims(states, (1, 0, 2))
        return [states[: int(lengths[i]), int(plan.rows[i]), :] for i in range(n_series)]

    def run_feedback(self, U, x0, y0, W_fb, readout):
        """Run one series feeding each output back; as :meth:`Recurrence.run_feedback`."""
        xp = self.xp
        pre_all = self.drive(U)
        states, outputs = [], []
        prev, y = x0[None, :], y0
        for t in range(U.shape[0]):
            pre = pre_all[t:t + 1, :] + xp.astype(W_fb @ y, self.dtype)[None, :]
            cur = self._finish(prev, pre + self._recurrent(prev))
            y = xp.reshape(readout(cur[0, :], U[t, :]), (-1,))
            states.append(cur[0, :])
            outputs.append(y)
            prev = cur
        return xp.stack(states), xp.stack(outputs)

    def generate(self, x0, u0, n_steps, readout, W_fb=None):
        """Closed loop; as :meth:`Recurrence.generate`."""
        return closed_loop(x0, u0, n_steps, features=lambda x: x,
                           advance=lambda x, u: self.step(
                               x, u, extra=None if W_fb is None else W_fb @ u),
                           readout=readout)


def closed_loop(state, u0, n_steps, *, features, advance, readout):
    """Generate ``n_steps`` outputs, each fed back as the next input.

    Written against the array API: the outputs are in the namespace of the
    readout's outputs.

    Parameters
    ----------
    state : object
        The model's internal state after input ``u0`` (a reservoir state, an
        NVAR delay buffer).
    u0 : array of shape (n_features,)
        The last input.
    n_steps : int
    features : callable ``state -> feature row``
    advance : callable ``(state, input) -> next state``
    readout : callable ``(feature row, input) -> output`` of shape (n_features,)

    Returns
    -------
    outputs : array of shape (n_steps, n_features)
        Row ``i`` is ``readout`` of the ``i``-th state; row 0 forecasts the
        value that follows ``u0``.
    """
    rows = []
    u = u0
    for i in range(n_steps):
        rows.append(readout(features(state), u))
        if i + 1 < n_steps:
            u = rows[-1]
            state = advance(state, u)
    return array_namespace(rows[0]).stack(rows)


# -- intrinsic plasticity -------------------------------------------------------
def intrinsic_plasticity(W, W_in, bias, Us, x0, leak_rate, gain, ip_bias, *, mu, sigma,
                         learning_rate, epochs):
    """Schrauwen et al. (2008) intrinsic plasticity for tanh units, in place.

    For every epoch and every series of ``Us`` (each from ``x0``), per step:
    ``z = W_in u + W x + bias``, ``y = tanh(gain z + ip_bias)``, then the
    updates of ``ip_bias`` and ``gain`` (see :class:`skreservoir.IPReservoir`)
    and the leaky state update ``x <- x + a (y - x)``.
    """
    variance = sigma ** 2
    for _ in range(epochs):
        for U in Us:
            drive = U @ W_in.T + bias
            x = np.array(x0, dtype=np.float64)
            for t in range(drive.shape[0]):
                z = drive[t] + W @ x
                y = np.tanh(gain * z + ip_bias)
                delta_bias = -learning_rate * (-mu / variance + (y / variance) * (
                    2.0 * variance + 1.0 - y * y + mu * y))
                gain += learning_rate / gain + delta_bias * z
                ip_bias += delta_bias
                x += leak_rate * (y - x)


# -- online readout updates -----------------------------------------------------
def rls_update(P, W, X, Y, forgetting_factor=1.0):
    """Recursive least squares over the rows of ``X``, in place.

    For each row x with target y (a priori error e = y - W^T x)::

        k = P x / (lambda + x^T P x)
        W <- W + k e^T
        P <- (P - k x^T P) / lambda

    ``P x`` is one symmetric matrix-vector product (BLAS ``symv``) and the
    update of ``P`` one symmetric rank-1 update (BLAS ``syr``) that writes
    the upper triangle in place: no N x N array is allocated per step, and
    the matrix the products read is symmetric by construction. Only the upper
    triangle of ``P`` is read and kept up to date (see
    :func:`symmetric_from_upper`).

    Parameters
    ----------
    P : ndarray of shape (n_features, n_features), Fortran-ordered
        Inverse correlation matrix; its upper triangle is updated in place.
    W : ndarray of shape (n_features, n_outputs)
        Weights, updated in place.
    X : ndarray of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_outputs)
    forgetting_factor : float in (0, 1]
    """
    if not P.flags.f_contiguous:
        raise ValueError("rls_update needs a Fortran-ordered P to update in place.")
    symv, syr, ger = get_blas_funcs(("symv", "syr", "ger"), (P,))
    lam = float(forgetting_factor)
    W_fortran = np.asfortranarray(W)  # BLAS ger updates it in place
    # one BLAS thread for a small P (a call of a few rows would pay the
    # limit's ~20 us for nothing)
    single = P.shape[0] < RLS_THREADS_MIN_FEATURES and X.shape[0] > 8
    with one_blas_thread() if single else nullcontext():
        for t in range(X.shape[0]):
            x = X[t]
            Px = symv(1.0, P, x)
            scale = 1.0 / (lam + x.dot(Px))
            error = Y[t] - x.dot(W_fortran)
            ger(scale, Px, error, a=W_fortran, overwrite_a=True)  # W += k e^T
            syr(-scale, Px, a=P, overwrite_a=True)  # P -= k (P x)^T
            if lam != 1.0:
                P /= lam
    if W_fortran is not W:
        W[...] = W_fortran


def symmetric_from_upper(P):
    """The symmetric matrix whose upper triangle is that of ``P`` (a new array)."""
    full = np.array(P, order="F")
    np.copyto(full, full.T, where=np.tri(full.shape[0], k=-1, dtype=bool))
    return full


def lms_update(W, X, Y, learning_rate):
    """Least-mean-squares over the rows of ``X``, in place: W += lr x e^T.

    Returns the index of the first row after which ``W`` is not finite, or
    -1 when every update stayed finite.
    """
    for t in range(X.shape[0]):
        x = X[t]
        W += learning_rate * np.outer(x, Y[t] - x @ W)
        if not np.all(np.isfinite(W)):
            return t
    return -1
