"""Compiled (numba) time loops of a sparse reservoir.

Imported on first use (by :func:`skreservoir._recurrence.compiled_csr_kernel`),
so that ``import skreservoir`` does not import numba. Each kernel is compiled
with ``cache=True``: once per machine (about 1 s each), then loaded from
numba's cache by every later process.

The kernels compute the operations of the numpy recurrence
(:class:`skreservoir._recurrence.NumpyRecurrence`) in the same order: per
step and unit, the CSR row times the previous state summed in row order (as
scipy's CSR product), added to the drive, the activation (codes of
:data:`skreservoir._activations.ACTIVATION_CODES`), the leak
``prev + a (f - prev)`` and the noise. The column indices are unsigned so
that the gather compiles without negative-index checks.
"""

import numba
import numpy as np

_OPTIONS = dict(cache=True, nogil=True, error_model="numpy", fastmath=True)

#: Whether numba runs on more than one thread (otherwise the threaded kernels
#: are not compiled: they would only add overhead).
THREADED = numba.config.NUMBA_NUM_THREADS > 1

#: From this many units on, one series runs on every core (the units of a
#: step are shared out between numba's threads): below it the cost of waking
#: the threads at every step outweighs the gain.
PARALLEL_MIN_UNITS = 300


@numba.njit(**_OPTIONS)
def csr_series_kernel(indptr, indices, data, states, x0, leak, activation, noise,
                      noise_scale):
    """The time loop of one series with a CSR recurrent matrix, in place.

    ``states`` holds the input drive on entry and the states on exit.
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


def _series_rows(indptr, indices, data, states, x0, leak, activation, noise, noise_scale):
    """:func:`csr_series_kernel` with one loop over the units per step.

    Each unit's row product, activation, leak and noise in one pass, so that
    the units of a step are shared out between threads (``prange``). The
    same operations in the same order per unit as :func:`csr_series_kernel`.
    """
    n_steps, n_units = states.shape
    prev = x0.copy()
    zero = np.zeros(1, dtype=states.dtype)[0]
    for t in range(n_steps):
        cur = states[t]
        for i in numba.prange(n_units):
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


def _panel(indptr, indices, data, states, x0s, lengths, leak, activation):
    """Independent series of one sparse reservoir, each on its own thread.

    ``states`` (n_series, n_timesteps, n_units) holds every series' drive on
    entry (zero-padded after its length) and its states on exit: series ``s``
    is :func:`csr_series_kernel` on ``states[s, :lengths[s]]`` from
    ``x0s[s]``. The series share no step, so the threads never wait for one
    another (no noise: the noisy panel keeps the step-by-step path, whose
    draws it reproduces).
    """
    no_noise = np.zeros((1, 1), dtype=states.dtype)
    for s in numba.prange(states.shape[0]):
        csr_series_kernel(indptr, indices, data, states[s, :lengths[s]], x0s[s], leak,
                          activation, no_noise, 0.0)


#: :func:`_series_rows` on numba's threads (None with one thread).
csr_series_rows_kernel = numba.njit(parallel=True, **_OPTIONS)(_series_rows) if THREADED else None

#: :func:`_panel` on numba's threads (None with one thread).
csr_panel_kernel = numba.njit(parallel=True, **_OPTIONS)(_panel) if THREADED else None


def series_kernel(n_units):
    """The time loop for one series of ``n_units`` units.

    The threaded kernel from :data:`PARALLEL_MIN_UNITS` units on (when numba
    has more than one thread), the serial one below.
    """
    if n_units >= PARALLEL_MIN_UNITS and csr_series_rows_kernel is not None:
        return csr_series_rows_kernel
    return csr_series_kernel


def _matvec(indptr, indices, data, x, out):
    """``out = W @ x`` for a CSR matrix ``W``, the rows shared out between threads."""
    zero = np.zeros(1, dtype=out.dtype)[0]
    for i in numba.prange(out.shape[0]):
        acc = zero
        for k in range(indptr[i], indptr[i + 1]):
            acc += data[k] * x[indices[k]]
        out[i] = acc


#: :func:`_matvec` on numba's threads, or on one thread when numba has one.
csr_matvec_kernel = numba.njit(parallel=THREADED, **_OPTIONS)(_matvec)
