"""The leaky-integrator recurrence: the only place in skreservoir that loops over time.

The update, for each time step t, is::

    x(t) = (1 - a) x(t-1) + a f(W_in u(t) + W x(t-1) + b) + noise(t)

:class:`Recurrence` writes it once against the array API: it runs on any
namespace (cupy on a GPU, ``array_api_strict`` in the tests, numpy too), a
panel advancing as one (n_series, n_units) block per step.
:class:`NumpyRecurrence` is its fast path on numpy, and overrides only what
the array API cannot express: writing into an output array in place (the
array API has no ``out=`` and no BLAS GEMM with ``beta=1``), scipy's sparse
``W`` and the compiled kernels of :mod:`skreservoir._kernels`. The input
drive ``W_in u(t) + b`` of every step is there computed before the loop by
one matrix product over all time steps, written straight into the output
array; the loop then adds ``W x(t-1)``, applies ``f`` and mixes with the
previous state, in place. Panels are stored time-major, so that the states
of all series at one step form one contiguous block that a single BLAS GEMM
updates in place. Everything else (the drive with feedback, one step for
closed loops, the constructor) is shared.
"""

import functools
import math

import numpy as np
import scipy.sparse as sp
from scipy.linalg import get_blas_funcs

from skreservoir._activations import (
    ACTIVATION_CODES,
    array_api_activation,
    inplace_activation,
)
from skreservoir._backend import NUMPY, is_sparse
from skreservoir._panel import PanelPlan
from skreservoir._threads import blas_threads_for
from skreservoir._weights import column_index_dtype

#: A dense copy of a sparse W larger than this is never made.
DENSE_COPY_MAX_BYTES = 256 * 2**20


#: With the compiled kernels, a panel multiplies by a dense copy of a sparse
#: ``W`` only from this density on: below it the blocked sparse kernel
#: (:func:`skreservoir._kernels.csr_blocks_kernel`) is faster.
#: ``benchmarks/bench_dense_crossover.py`` (2000 x 100 x 12, 500 units, loaded
#: 2-core machine), blocked against dense, seconds: float64 1.66 / 3.77 at
#: density 0.1, 3.62 / 4.83 at 0.2, 4.47 / 4.44 at 0.3, 6.50 / 3.73 at 0.45;
#: float32 0.85 / 1.88, 1.15 / 1.94, 2.16 / 2.69, 2.93 / 2.51.
DENSE_PANEL_MIN_DENSITY = 0.35


def use_dense_product(n_units, n_series, itemsize, min_series, density=None,
                      min_density=DENSE_PANEL_MIN_DENSITY):
    """Whether a panel of ``n_series`` multiplies by a dense copy of a sparse ``W``.

    Without the compiled kernels (``density`` None: the array API path, cupy,
    ``compiled=False``) a dense matrix-matrix product (BLAS GEMM on the CPU,
    cuBLAS on a GPU) beats a sparse-times-dense one from a few series on at
    the usual densities, so panels of at least ``min_series`` series
    (``get_config()["dense_panel_min_series"]``, 8 by default) use a dense
    copy of ``W``, unless that copy would exceed :data:`DENSE_COPY_MAX_BYTES`
    (very large reservoirs stay sparse). One series always uses the sparse
    product. With the compiled kernels, whose blocked sparse panel does
    ``density`` times the arithmetic of the dense product, the dense copy is
    used only from ``min_density`` on
    (``get_config()["dense_panel_min_density"]``, :data:`DENSE_PANEL_MIN_DENSITY`
    by default, where it was measured).
    """
    if n_series < min_series or n_units * n_units * itemsize > DENSE_COPY_MAX_BYTES:
        return False
    return density is None or density >= min_density


class Noise:
    """A seeded source of noise: standard normal, or uniform on [-1, 1].

    Parameters
    ----------
    seed : int or sequence of int
        Seed of the numpy generator, made on the first draw.
    distribution : {"normal", "uniform"}
    """

    def __init__(self, seed, distribution="normal"):
        self.seed = seed
        self.distribution = distribution
        self._rng = None

    def draw(self, shape):
        """An array of draws of ``shape`` (float64)."""
        if self._rng is None:  # made on the first draw: a noiseless run never pays for it
            self._rng = np.random.default_rng(self.seed)
        if self.distribution == "uniform":
            return self._rng.uniform(-1.0, 1.0, shape)
        return self._rng.standard_normal(shape)


def to_host_dtype(dtype, xp):
    """The numpy dtype of an array API floating dtype."""
    return np.float32 if dtype == xp.float32 else np.float64


class Recurrence:
    """A reservoir's update rule, bound to its weights, on any array API namespace.

    The noise is drawn on the host from the given generators, in the same
    order on every namespace, then moved.

    Parameters
    ----------
    W : array of shape (n_units, n_units)
        Dense, or sparse (scipy on numpy, ``cupyx.scipy.sparse`` on cupy).
    W_in : array of shape (n_units, n_features)
    bias : array of shape (n_units,)
    leak_rate : float in (0, 1]
    activation : str, key of :data:`skreservoir._activations.INPLACE`
    noise : float
        Scale of the noise added to the state at each step (0 for none).
    rng : Noise or None
        Source of the state noise; needed when ``noise > 0``.
    input_noise : float
        Scale of the noise added to every input before ``W_in`` (0 for none).
    input_rng : Noise or None
        Source of the input noise; needed when ``input_noise > 0``.
    xp : array namespace
    device : device of ``xp``, default=None
    dense_panel_min_series : int, default=8
        Panels of at least this many series multiply by a dense copy of a
        sparse ``W`` (:func:`use_dense_product`).
    dense_panel_min_density : float, default=0.35
        With the compiled kernels, the dense copy only from this density of
        ``W`` on (:func:`use_dense_product`).
    """

    def __init__(self, W, W_in, bias, *, leak_rate, activation, noise=0.0, rng=None,
                 input_noise=0.0, input_rng=None, xp, device=None,
                 dense_panel_min_series=8, dense_panel_min_density=DENSE_PANEL_MIN_DENSITY):
        self.W = W
        self.W_in = W_in
        self.bias = bias
        self.leak_rate = float(leak_rate)
        self.activation_name = activation
        self.noise = float(noise)
        self.rng = rng
        self.input_noise = float(input_noise)
        self.input_rng = input_rng
        self.xp = xp
        self.device = device
        self.dense_panel_min_series = dense_panel_min_series
        self.dense_panel_min_density = dense_panel_min_density
        self.dtype = W_in.dtype
        self._sparse = is_sparse(W)
        self.activation = array_api_activation(activation, xp)

    # -- shared by every namespace ------------------------------------------
    def _move(self, host_array):
        if self.device is None:
            return self.xp.asarray(host_array)
        return self.xp.asarray(host_array, device=self.device)

    def _itemsize(self):
        return np.dtype(to_host_dtype(self.dtype, self.xp)).itemsize

    def run_series(self, U, x0, extra=None):
        """Run one series ``U`` of shape (n_timesteps, n_features) from ``x0``.

        ``extra`` (n_timesteps, n_units) is added to the drive. Returns the
        states, shape (n_timesteps, n_units).
        """
        return self.run_panel([U], x0[None, :], extra=None if extra is None else [extra])[0]

    def run_feedback(self, U, x0, y0, W_fb, readout):
        """Run one series feeding each output back through ``W_fb``.

        At step t the drive gets ``W_fb @ y(t-1)``, with ``y(-1) = y0``, and
        ``y(t) = readout(x(t), u(t))``.

        Returns
        -------
        states : array of shape (n_timesteps, n_units)
        outputs : array of shape (n_timesteps, n_outputs)
        """
        xp = self.xp
        pre_all = self.drive(U)
        states, outputs = [], []
        prev, y = x0[None, :], y0
        with blas_threads_for(self._step_flops(1)):
            for t in range(U.shape[0]):
                pre = pre_all[t:t + 1, :] + xp.astype(W_fb @ y, self.dtype)[None, :]
                cur = self._finish(prev, pre + self._recurrent(prev))
                y = xp.reshape(readout(cur[0, :], U[t, :]), (-1,))
                states.append(cur[0, :])
                outputs.append(y)
                prev = cur
        return xp.stack(states), xp.stack(outputs)

    def _step_flops(self, n_series):
        """Floating point operations of the recurrent product of one step."""
        nnz = self.W.nnz if self._sparse else self.W.shape[0] * self.W.shape[1]
        return 2.0 * n_series * nnz

    # -- the array API form ------------------------------------------------
    def _recurrent(self, prev, W_T=None):
        """``prev @ W.T`` for states ``prev`` of shape (k, n_units)."""
        if W_T is not None:
            return prev @ W_T
        if self._sparse:
            return (self.W @ prev.T).T
        return prev @ self.W.T

    def _finish(self, prev, pre):
        """The activation, leak and noise of a step whose pre-activation is ``pre``."""
        cur = self.activation(pre)
        if self.leak_rate != 1.0:
            cur = prev + self.leak_rate * (cur - prev)
        if self.noise > 0.0:
            draw = self.rng.draw(cur.shape).astype(to_host_dtype(self.dtype, self.xp),
                                                    copy=False)
            cur = cur + self.noise * self._move(draw)
        return cur

    def drive(self, U):
        """Return ``U @ W_in.T + bias`` for inputs of shape (..., n_features).

        With input noise, ``U`` plus its noise.
        """
        if self.input_noise > 0.0:
            U = U + self.input_noise * self._move(self.input_rng.draw(U.shape))
        return self.xp.astype(U, self.dtype) @ self.W_in.T + self.bias

    def step(self, prev, u, extra=None):
        """Return the state that follows ``prev`` (n_units,) when the input is ``u``.

        ``extra`` (n_units,) is added to the drive (output feedback).
        """
        pre = self.drive(u[None, :])
        if extra is not None:
            pre = pre + self.xp.astype(extra, self.dtype)
        prev = prev[None, :]
        return self._finish(prev, pre + self._recurrent(prev))[0, :]

    def step_panel(self, prev, U, W_T=None):
        """States that follow ``prev`` (k, n_units) when the inputs are ``U`` (k, n_features).

        One step of ``k`` independent paths (closed loops run side by side);
        ``W_T``: a dense ``W.T`` to multiply by, when given. Returns a new array.
        """
        return self._finish(prev, self.drive(U) + self._recurrent(prev, W_T))

    def run_pooled(self, Us, x0s, pooling, washout=0, thresholds=None):
        """Pooled states computed without storing the states, where a kernel does it.

        None here: the caller pools :meth:`run_panel`'s states
        (:meth:`NumpyRecurrence.run_pooled` pools in the compiled kernel).
        """
        return None

    def run_panel(self, Us, x0s, as_array=False, extra=None):
        """Run a list of series together, one matrix product per time step.

        Series of unequal length are run sorted by length, so that the series
        still running at step t are the first ``k(t)`` rows of the batch.

        Parameters
        ----------
        Us : list of arrays of shape (n_timesteps_i, n_features)
        x0s : array of shape (n_series, n_units)
        as_array : bool
            Return one array of shape (n_series, n_timesteps, n_units); the
            series must then all have the same length.
        extra : list of arrays of shape (n_timesteps_i, n_units), default=None
            Added to the input drive of every step (teacher-forced feedback).

        Returns
        -------
        states : list of arrays of shape (n_timesteps_i, n_units), or array
        """
        xp = self.xp
        n_series = len(Us)
        plan = PanelPlan(Us)
        lengths, order, n_active = plan.lengths, plan.order, plan.n_active
        pre_all = self.drive(plan.time_major(Us, self.dtype, xp, self.device))
        if extra is not None:
            for row, i in enumerate(order):
                pre_all[: int(lengths[i]), row, :] += xp.astype(extra[i], self.dtype)
        W_T = None
        if self._sparse and use_dense_product(self.W.shape[0], n_series, self._itemsize(),
                                              self.dense_panel_min_series):
            W_T = self.W.toarray().T  # as on the CPU: a dense product beats a sparse one
        states = xp.zeros((plan.n_steps, n_series, self.W_in.shape[0]), dtype=self.dtype,
                          device=self.device)
        prev = xp.astype(xp.stack([x0s[int(i), :] for i in order]), self.dtype)
        for t in range(plan.n_steps):
            k = int(n_active[t])
            prev = prev[:k, :]
            cur = self._finish(prev, pre_all[t, :k, :] + self._recurrent(prev, W_T))
            states[t, :k, :] = cur
            prev = cur
        if as_array:
            return xp.permute_dims(states, (1, 0, 2))
        return [states[: int(lengths[i]), int(plan.rows[i]), :] for i in range(n_series)]


def _unsigned_csr(matrix, dtype, index_dtype=None):
    """``indptr`` (uint32), ``indices`` (``index_dtype``, by default
    :func:`~skreservoir._weights.column_index_dtype`) and ``data`` (``dtype``) of a CSR
    matrix, for the kernels."""
    if index_dtype is None:
        index_dtype = column_index_dtype(matrix.shape[1])
    return (matrix.indptr.astype(np.uint32), matrix.indices.astype(index_dtype),
            np.asarray(matrix.data, dtype=dtype))


class NumpyRecurrence(Recurrence):
    """:class:`Recurrence` on numpy: in place, BLAS and the compiled kernels.

    Parameters
    ----------
    W : ndarray or scipy sparse array of shape (n_units, n_units)
    W_in, bias, leak_rate, activation, noise, rng, input_noise, input_rng, dense_panel_min_series
        As in :class:`Recurrence`.
    compiled : bool
        Run a sparse reservoir with the compiled (numba) time loops.
    """

    def __init__(self, W, W_in, bias, *, compiled=True, **params):
        if sp.issparse(W) and W.format != "csr":
            W = W.tocsr()
        super().__init__(W, W_in, bias, xp=NUMPY, **params)
        self._sparse = sp.issparse(W)
        self._inplace = inplace_activation(self.activation_name)
        named = isinstance(self.activation_name, str)  # a callable has no compiled form
        self._activation_code = ACTIVATION_CODES[self.activation_name] if named else -1
        self._compiled = compiled and self._sparse and named
        if self._compiled:
            from skreservoir import _kernels

            self._kernels = _kernels
            self._csr_unsigned = _unsigned_csr(W, self.dtype)
            self._no_noise = np.zeros((1, 1), dtype=self.dtype)

    @functools.cached_property
    def _csr_in(self):
        """W_in as CSR (its nonzeros, in column order) for the blocked panel kernel's drive.

        Built on the first panel run that needs it: the conversion of a dense
        W_in cost half of a one-row ``predict`` (a hand-written loop's step),
        which never reads it. The blocked panel kernel reads 32-bit indices
        (16-bit ones measured 7 % slower there in float64: ab_checkouts.py
        with _ab_panel_child.py).
        """
        return _unsigned_csr(sp.csr_array(self.W_in), self.dtype, np.uint32)

    # -- one step, in place -------------------------------------------------
    def _finish_step(self, prev, cur):
        """Apply the activation, the leak and the noise to ``cur`` in place."""
        self._inplace(cur)
        if self.leak_rate != 1.0:
            # (1 - a) prev + a cur, computed as prev + a (cur - prev) in place
            cur -= prev
            cur *= self.leak_rate
            cur += prev
        if self.noise > 0.0:
            cur += self.noise * self.rng.draw(cur.shape).astype(self.dtype, copy=False)

    def _noise_for(self, shape):
        """State noise for the compiled kernel (a dummy when there is none)."""
        if self.noise > 0.0:
            return self.rng.draw(shape).astype(self.dtype, copy=False)
        return np.zeros((1, 1), dtype=self.dtype)

    def drive(self, U):
        """Return ``U @ W_in.T + bias`` for inputs of shape (..., n_features), a new array.

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
        prev = np.asarray(prev, dtype=self.dtype)
        if self._compiled:
            self._kernels.csr_series_kernel(*self._csr_unsigned, cur[None, :], prev,
                                            self.leak_rate, self._activation_code,
                                            self._noise_for((1, cur.shape[0])), self.noise)
            return cur
        cur += self.W @ prev
        self._finish_step(prev, cur)
        return cur

    def row_step(self, u, prev, extra=None):
        """The state after ``prev`` (n_units,) for one input row ``u`` (1, n_features): a new (1, n_units) array.

        :meth:`run_series` of a one-row series, with the same arithmetic in
        the same order, without its general dispatch: the per-step loop of
        an online stream. Compiled recurrences without noise only.
        """
        cur = u.astype(self.dtype, copy=False) @ self.W_in.T
        cur += self.bias
        if extra is not None:
            cur += extra
        self._kernels.csr_series_kernel(*self._csr_unsigned, cur, prev, self.leak_rate,
                                        self._activation_code, self._no_noise, 0.0)
        return cur

    # -- whole series -------------------------------------------------------
    def run_series(self, U, x0, extra=None):
        """Run one series ``U`` of shape (n_timesteps, n_features) from ``x0``; as :meth:`Recurrence.run_series`."""
        states = self.drive(U)
        if extra is not None:
            states += extra
        # a writable C-contiguous copy (x0 may be a read-only broadcast view): the
        # kernels then see the type of the states' rows, which the adaptive
        # loop passes for its later pieces, and compile once for both
        prev = np.array(x0, dtype=self.dtype)
        if self._compiled:
            # one step (a one-row partial_fit) has nothing to share out between threads
            kernel = (self._kernels.csr_series_kernel if states.shape[0] == 1
                      else self._kernels.series_kernel(states.shape[1]))
            kernel(*self._csr_unsigned, states, prev, self.leak_rate, self._activation_code,
                   self._noise_for(states.shape), self.noise)
            return states
        with blas_threads_for(self._step_flops(1)):
            for t in range(states.shape[0]):
                cur = states[t]
                cur += self.W @ prev
                self._finish_step(prev, cur)
                prev = cur
        return states

    def run_panel(self, Us, x0s, as_array=False, extra=None):
        """Run a list of series together; as :meth:`Recurrence.run_panel`."""
        n_series = len(Us)
        if n_series == 1:
            states = self.run_series(Us[0], x0s[0], extra=None if extra is None else extra[0])
            return states[None] if as_array else [states]
        if self._blocked(n_series):
            states = self._run_blocked(Us, x0s, extra)
            if as_array:
                return states
            return [states[i, :len(U)] for i, U in enumerate(Us)]
        plan = PanelPlan(Us)
        lengths, order, n_active = plan.lengths, plan.order, plan.n_active
        # The drive fills the output; each step then adds W x(t-1) in place.
        states = self.drive(plan.time_major(Us, self.dtype))  # (n_steps, n_series, n_units)
        if extra is not None:
            for row, i in enumerate(order):
                states[: lengths[i], row] += extra[i]
        # not blocked with the kernel usable: the dense product pays (_blocked)
        dense = (not self._sparse or self._noiseless_compiled()
                 or use_dense_product(self.W.shape[0], n_series, self.dtype.itemsize,
                                      self.dense_panel_min_series))
        if dense:
            W_dense = self.W.toarray() if self._sparse else np.asarray(self.W)
            W_fortran = np.asfortranarray(W_dense, dtype=self.dtype)
            gemm = get_blas_funcs("gemm", dtype=self.dtype)
            flops = 2.0 * n_series * self.W.shape[0] ** 2
        else:
            flops = self._step_flops(n_series)
        prev = np.array(x0s, dtype=self.dtype)[order]
        with blas_threads_for(flops):
            for t in range(plan.n_steps):
                k = n_active[t]
                cur = states[t, :k]  # C-contiguous (k, n_units)
                if dense:
                    # cur.T (Fortran-ordered) += W @ prev.T, written in place by BLAS
                    gemm(1.0, W_fortran, prev[:k].T, beta=1.0, c=cur.T, overwrite_c=True)
                else:
                    cur += (self.W @ prev[:k].T).T
                self._finish_step(prev[:k], cur)
                prev = cur
        states = states.transpose(1, 0, 2)  # (n_series, n_steps, n_units), a view
        if as_array:  # equal lengths: the stable sort kept the original order
            return states
        return [states[plan.rows[i], : lengths[i]] for i in range(n_series)]

    def run_pooled(self, Us, x0s, pooling, washout=0, thresholds=None):
        """The ``"last"`` state, the ``"mean"`` of the states after ``washout``, or their
        ``"pooled"`` statistics, of every series.

        Pooled inside the blocked kernel, so that the states are never
        stored; the result equals :func:`skreservoir._panel.pool_states`
        (``"pooled"``: :func:`skreservoir.esn._representation.pooled_statistics`
        with ``thresholds``, of shape (n_thresholds, n_units)) of
        :meth:`run_panel`'s states (to rounding). Only where the blocked
        kernel runs the panel (of more than one series) and the activation is bounded (``"tanh"``,
        ``"sigmoid"``: the states cannot diverge, so the pooled values need
        no divergence check of every state); None elsewhere, and the caller
        pools the states.

        Returns
        -------
        pooled : ndarray of shape (n_series, n_units), (n_series, (4 + n_thresholds) * n_units) for ``"pooled"``, or None
        """
        if (len(Us) == 1 or not self._blocked(len(Us))
                or self.activation_name not in ("tanh", "sigmoid")):
            return None
        return self._run_blocked(Us, x0s, None, pooling, washout, thresholds)

    def _noiseless_compiled(self):
        return self._compiled and self.noise == 0.0 and self.input_noise == 0.0

    def _blocked(self, n_series):
        """Whether a panel of ``n_series`` (more than one) runs on the blocked kernel.

        The compiled recurrence without noise, unless a dense product pays
        (:func:`use_dense_product`, at the density of ``W``).
        """
        if not self._noiseless_compiled():
            return False
        n_units = self.W.shape[0]
        return not use_dense_product(n_units, n_series, self.dtype.itemsize,
                                     self.dense_panel_min_series, self.W.nnz / n_units**2,
                                     self.dense_panel_min_density)

    def _run_blocked(self, Us, x0s, extra, pooling=None, washout=0, thresholds=None):
        """A panel of a sparse reservoir by the blocked kernel: series in blocks, time inside.

        The states are those of :meth:`run_series` on every series (to
        rounding: the drive is summed in another order); with ``pooling``,
        their last row, mean or pooled statistics (:meth:`run_pooled`). The input drive is made
        inside the kernel, per block and step, when ``W_in`` has no more
        nonzeros than ``W`` (the drive then costs at most the recurrent
        product, and its CSR stays in cache with ``W``'s): no
        (n_series, n_timesteps, n_units) drive array is stored. Otherwise,
        and with an ``extra`` drive, the drive is computed before (one GEMM
        over all steps) and enters through an identity ``W_in``. The blocks
        are shared out between threads, or run on one when threads measure
        slower (:func:`skreservoir._threads.run_adaptive`).

        Returns
        -------
        states : ndarray of shape (n_series, n_timesteps, n_units), or (n_series, n_columns) when pooled
        """
        from skreservoir._threads import compiled_in_background, run_adaptive

        kernels = self._kernels
        plan = PanelPlan(Us)
        n_series, n_units = len(Us), self.W.shape[0]
        lengths = plan.lengths.astype(np.int64)
        inputs = plan.series_major(Us, self.dtype)  # (n_series, n_steps, n_features)
        if extra is None and self._csr_in[2].shape[0] <= self._csr_unsigned[2].shape[0]:
            csr_in, bias = self._csr_in, self.bias
        else:
            inputs = self.drive(inputs)  # (n_series, n_steps, n_units)
            if extra is not None:
                for i, e in enumerate(extra):
                    inputs[i, :lengths[i]] += e
            csr_in, bias = self._identity_csr(n_units)
        x0s = np.ascontiguousarray(x0s, dtype=self.dtype)
        # per unit, float64 (the kernel compares the states with them in float64)
        thresholds = (np.zeros((0, n_units)) if thresholds is None or pooling != "pooled"
                      else np.ascontiguousarray(thresholds, dtype=np.float64))
        # "pooled": [mean, std, last, ppv, ppv above each threshold], n_units columns each
        width = 4 + thresholds.shape[0] if pooling == "pooled" else 1
        # (n_series, 1, n_columns) when pooled: one kernel for every pooling
        out = np.empty((n_series, plan.n_steps, n_units) if pooling is None
                       else (n_series, 1, width * n_units), dtype=self.dtype)
        code = kernels.POOLING_CODES[pooling]
        block = kernels.panel_block_size(n_units, n_series, self.dtype.itemsize,
                                         kernels.N_THREADS)
        order = plan.order.astype(np.int64)

        def run(kernel, start, stop):
            kernel(*self._csr_blocked, *csr_in, bias, inputs, x0s, lengths, order[start:stop],
                   block, code, washout, thresholds, self.leak_rate, self._activation_code, out)

        piece_args = (*self._csr_blocked, *csr_in, bias, inputs, x0s, lengths, order[:1], block,
                      code, washout, thresholds, self.leak_rate, self._activation_code, out)
        run_adaptive("panel", run, kernels.csr_blocks_kernel, kernels.csr_blocks_serial_kernel,
                     n_series, chunk=block * max(1, kernels.N_THREADS), work=lengths[order],
                     probe=block * max(1, kernels.N_THREADS),
                     parallel_ready=lambda: compiled_in_background(kernels.csr_blocks_kernel,
                                                                   piece_args))
        return out if pooling is None else out[:, 0]

    def _identity_csr(self, n_units):
        """The CSR of the identity ``W_in`` and a zero bias: the drive given as the inputs."""
        ramp = np.arange(n_units + 1, dtype=np.uint32)
        return ((ramp, ramp[:-1], np.ones(n_units, dtype=self.dtype)),
                np.zeros(n_units, dtype=self.dtype))

    @property
    def _csr_blocked(self):
        """``W``'s CSR with 32-bit column indices, for the blocked panel kernel (made once)."""
        if not hasattr(self, "_csr_blocked_arrays"):
            indptr, indices, data = self._csr_unsigned
            self._csr_blocked_arrays = (indptr, indices.astype(np.uint32, copy=False), data)
        return self._csr_blocked_arrays


#: Values above this magnitude are taken as a diverged run: their squares
#: (in a readout's normal equations, a variance) would overflow float64.
RUNAWAY_MAGNITUDE = 1e100

def closed_loop_remedy(reservoir=None):
    """What to change when a closed loop diverges (said by :func:`closed_loop` and by
    ``ESNRegressor.predict`` when its input was a hand-written loop's).

    The reservoir's ``spectral_radius`` and ``input_scaling`` are named
    where ``reservoir`` (or a reservoir in it) has them: NVAR has neither,
    and for an NVAR (``delay`` and ``order``) the sampling step is named:
    on accurately integrated Lorenz data sampled every 0.025 its loop
    diverged for most ridge penalties, and sampled every 0.01 it did not
    (``benchmarks/ngrc_integrator.py``).
    """
    names = ("spectral_radius", "input_scaling")
    get_params = getattr(reservoir, "get_params", None)  # any object: the whole advice
    keys = set() if get_params is None else {key.split("__")[-1] for key in get_params()}
    if get_params is None or keys & set(names):
        lower = "lower the reservoir's spectral_radius or input_scaling, "
    else:
        lower = ""
    advice = ("The loop amplifies its own output: raise the readout's alpha, "
              f"{lower}or train on more (or longer) data.")
    if {"delay", "order"} <= keys:  # NVAR: its polynomial fits the data's sampling
        advice += (" An NG-RC of a few delays fits the map from one sample to the next; "
                   "on accurately integrated or measured data a coarse sampling step "
                   "often makes its loop unstable for most alphas: sample more finely "
                   "where you can (the NG-RC guide, 'The data's integrator').")
    return advice


def closed_loop(state, u0, n_steps, *, features, advance, readout, remedy=None):
    """Generate ``n_steps`` outputs, each fed back as the next input.

    The one closed-loop generator of the package (ESN ``generate``, NVAR,
    the forecasters), written against the array API: the outputs are in the
    namespace of the readout's outputs. The output array is allocated before
    the loop (a length that does not fit in memory fails at once, with a
    :class:`MemoryError` naming ``n_steps``), and every output is checked:
    the loop stops with a :class:`~skreservoir.exceptions.DivergenceError`
    at the first one that is not finite or exceeds
    :data:`RUNAWAY_MAGNITUDE`.

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
    remedy : str, default=None
        What the divergence error advises; :func:`closed_loop_remedy` of no
        reservoir when None.

    Returns
    -------
    outputs : array of shape (n_steps, n_features)
        Row ``i`` is ``readout`` of the ``i``-th state; row 0 forecasts the
        value that follows ``u0``.
    """
    from array_api_compat import array_namespace
    from array_api_compat import device as array_device

    from skreservoir.exceptions import DivergenceError

    row = readout(features(state), u0)
    xp = array_namespace(row)
    try:
        outputs = xp.empty((n_steps,) + tuple(row.shape), dtype=row.dtype,
                           device=array_device(row))
    except MemoryError:
        size = n_steps * max(1, math.prod(row.shape)) * 8 / 2**30
        raise MemoryError(
            f"Generating n_steps={n_steps} outputs needs {size:.3g} GiB for the "
            "result alone; generate fewer steps at a time (continue from the last "
            "output with a warmup series)."
        ) from None
    for i in range(n_steps):
        if i > 0:
            state = advance(state, outputs[i - 1, ...])
            row = readout(features(state), outputs[i - 1, ...])
        magnitude = float(xp.max(xp.abs(row))) if math.prod(row.shape) else 0.0
        if not magnitude <= RUNAWAY_MAGNITUDE:  # also NaN
            raise DivergenceError(
                f"The closed loop diverged at step {i} of {n_steps}: the output "
                f"reached {magnitude:.3g}. {remedy or closed_loop_remedy()}"
            )
        outputs[i, ...] = row
    return outputs
