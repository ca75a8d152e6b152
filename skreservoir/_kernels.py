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
that the gather compiles without negative-index checks. The blocked panel
kernel (:func:`_blocks`) also makes the input drive ``(W_in u) + b`` itself,
per block of series and step, and can keep the last state, the mean of
the states or their pooled statistics (mean, standard deviation, last value
and proportions of values above zero and above per-unit thresholds) instead
of every state. :func:`nvar_window_kernel` computes NVAR's features of a
short window (a closed loop's step) as its numpy code does, bit for bit.
"""

import math
import types

import numba
import numpy as np
from numba.extending import overload

_OPTIONS = dict(cache=True, nogil=True, error_model="numpy", fastmath=True)

#: numba's threads.
N_THREADS = numba.config.NUMBA_NUM_THREADS

#: Whether numba runs on more than one thread (otherwise the threaded kernels
#: are not compiled: they would only add overhead).
THREADED = N_THREADS > 1

#: From this many units on, one series runs on every core (the units of a
#: step are shared out between numba's threads): below it the cost of waking
#: the threads at every step outweighs the gain.
PARALLEL_MIN_UNITS = 300

_LN2_HI = 0.6931471803691238  # ln 2 in two parts: k ln 2 exact for k < 2**20
_LN2_LO = 1.9082149292705877e-10
_INV_LN2 = 1.4426950408889634


@numba.njit(inline="always", **_OPTIONS)
def _tanh(z):
    """tanh(z) within 3e-16 of numpy's (absolute), in straight-line code that vectorises.

    ``t = exp(-2|z|)`` as ``2**-k exp(-r)`` with ``|r| <= ln(2) / 2`` (a degree
    13 Taylor polynomial, error below 1e-17) and ``2**-k`` from the bits of
    ``k``, then ``tanh|z| = (1 - t) / (1 + t)``. No table and no libm call:
    5x faster than ``1 - 2 / (exp(2z) + 1)`` and than numpy's ``tanh``.
    """
    a = min(abs(2.0 * z), 40.0)  # tanh(20) is 1.0 in float64
    k = np.int32(a * _INV_LN2 + 0.5)
    r = -((a - k * _LN2_HI) - k * _LN2_LO)
    p = 1.0 + r * (1.0 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (
        1 / 720 + r * (1 / 5040 + r * (1 / 40320 + r * (1 / 362880 + r * (
            1 / 3628800 + r * (1 / 39916800 + r * (1 / 479001600 + r / 6227020800))))))))))))
    scale = 1.0
    if k & 1:
        scale *= 0.5
    if k & 2:
        scale *= 0.25
    if k & 4:
        scale *= 0.0625
    if k & 8:
        scale *= 0.00390625
    if k & 16:
        scale *= 1.52587890625e-05
    if k & 32:
        scale *= 2.3283064365386963e-10
    t = p * scale
    y = (1.0 - t) / (1.0 + t)
    return y if z >= 0.0 else -y


_F32 = np.float32


@numba.njit(inline="always", **_OPTIONS)
def _tanh32(z):
    """tanh(z) of a float32 ``z`` in float32 arithmetic: 8 values per AVX2 instruction, not 4.

    :func:`_tanh`'s method with float32 constants: ``exp(-r)`` by its degree
    7 Taylor polynomial (error below 6e-9 for ``|r| <= ln(2) / 2``),
    ``k ln 2`` in two parts (Cephes' ``expf`` split, exact for ``k < 2**12``),
    tanh(10) is 1 in float32. Within 9e-8 of tanh (absolute; numpy's float32
    tanh: 6e-8), measured on a grid of 2.1 million points in [-25, 25]; the
    error is absolute, not relative: below about 3e-8 it returns 0. Used by
    the blocked panel kernel for float32 reservoirs: 13 to 24% less time for
    the 2000 x 100 x 12 panel (N = 500) than the float64 method.
    """
    a = min(abs(_F32(2.0) * z), _F32(20.0))
    k = np.int32(a * _F32(_INV_LN2) + _F32(0.5))
    kf = _F32(k)
    r = -((a - kf * _F32(0.693359375)) - kf * _F32(-2.12194440e-4))
    p = _F32(1.0) + r * (_F32(1.0) + r * (_F32(1 / 2) + r * (_F32(1 / 6) + r * (
        _F32(1 / 24) + r * (_F32(1 / 120) + r * (_F32(1 / 720) + r * _F32(1 / 5040)))))))
    scale = _F32(1.0)
    if k & 1:
        scale *= _F32(0.5)
    if k & 2:
        scale *= _F32(0.25)
    if k & 4:
        scale *= _F32(0.0625)
    if k & 8:
        scale *= _F32(0.00390625)
    if k & 16:
        scale *= _F32(1.52587890625e-05)
    t = p * scale
    y = (_F32(1.0) - t) / (_F32(1.0) + t)
    return y if z >= _F32(0.0) else -y


def _tanh_in_precision(z):
    """tanh(z) in the precision of ``z`` (:func:`_tanh32` for float32, :func:`_tanh`)."""
    return np.tanh(z)


@overload(_tanh_in_precision, inline="always")
def _tanh_in_precision_overload(z):
    if z == numba.types.float32:
        return lambda z: _tanh32(z)
    return lambda z: _tanh(z)


@numba.njit(inline="always", **_OPTIONS)
def _row_dot(indptr, indices, data, i, x, zero):
    """``sum_k data[k] x[indices[k]]`` over the nonzeros ``k`` of CSR row ``i``.

    Four running sums, one per nonzero of a pass of four, added as
    ``(s0 + s1) + (s2 + s3)``: one sum would chain every addition on the
    one before (the adder's latency per nonzero); four keep four in flight.
    The rounding differs from a left-to-right sum by a few units of the
    last place (states equal ReservoirPy's to 1e-15 either way).
    """
    s0 = zero
    s1 = zero
    s2 = zero
    s3 = zero
    k = indptr[i]
    end = indptr[i + 1]
    while k + 4 <= end:
        s0 += data[k] * x[indices[k]]
        s1 += data[k + 1] * x[indices[k + 1]]
        s2 += data[k + 2] * x[indices[k + 2]]
        s3 += data[k + 3] * x[indices[k + 3]]
        k += 4
    while k < end:
        s0 += data[k] * x[indices[k]]
        k += 1
    return (s0 + s1) + (s2 + s3)


@numba.njit(**_OPTIONS)
def _series_step(indptr, indices, data, cur, prev, lo, hi, leak, activation, noise_row,
                 noise_scale, zero):
    """Units ``lo`` to ``hi`` of one step of :func:`csr_series_kernel`, in place on ``cur``.

    ``cur`` holds the drive on entry. The row products first, then the
    activation, the leak and the noise each in its own loop over the units:
    no gather there, so they compile to straight-line (vectorisable) code.
    Compiled once, on its own, and called by both time loops (serial and
    threaded): inlined into each, as it was, the threaded loop's first
    compilation took 2.2 s (numba's parallel passes over the inlined body)
    and the first transform of a 500-unit reservoir with an empty cache
    2.4 s; called, 1.2 s (``python benchmarks/run.py`` first-call case).
    """
    for i in range(lo, hi):  # cur += W prev, row by row
        cur[i] += _row_dot(indptr, indices, data, i, prev, zero)
    if activation == 0:
        for i in range(lo, hi):
            cur[i] = _tanh(cur[i])
    elif activation == 2:
        for i in range(lo, hi):
            cur[i] = max(cur[i], 0.0)
    elif activation == 3:
        for i in range(lo, hi):
            cur[i] = 1.0 / (1.0 + np.exp(-cur[i]))
    if leak != 1.0:
        for i in range(lo, hi):
            cur[i] = prev[i] + leak * (cur[i] - prev[i])
    if noise_scale > 0.0:
        for i in range(lo, hi):
            cur[i] += noise_scale * noise_row[i]


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
        _series_step(indptr, indices, data, cur, prev, 0, n_units, leak, activation,
                     noise[t] if noise_scale > 0.0 else noise[0], noise_scale, zero)
        prev = cur


def _series_rows(indptr, indices, data, states, x0, leak, activation, noise, noise_scale):
    """:func:`csr_series_kernel` with the units of each step shared out between threads.

    One contiguous range of units per thread (``prange`` over the ranges),
    each run as :func:`csr_series_kernel` runs a step (the same operations
    in the same order per unit): a thread's rows of ``W`` stay in its
    core's cache from step to step, and its activation loop is vectorised.
    Unit by unit in the ``prange`` (the activation fused into each unit's
    row product) the 1000-unit series took 10 to 20% longer.
    """
    n_steps, n_units = states.shape
    prev = x0.copy()
    zero = np.zeros(1, dtype=states.dtype)[0]
    n_ranges = min(N_THREADS, n_units)  # a constant: numba.get_num_threads() would stop caching
    for t in range(n_steps):
        cur = states[t]
        noise_row = noise[t] if noise_scale > 0.0 else noise[0]
        for r in numba.prange(n_ranges):
            _series_step(indptr, indices, data, cur, prev, r * n_units // n_ranges,
                         (r + 1) * n_units // n_ranges, leak, activation, noise_row,
                         noise_scale, zero)
        prev = cur


@numba.njit(inline="always", **_OPTIONS)
def _add_row_product(indptr, indices, data, i, columns, acc, n_block):
    """``acc[b] += sum_k data[k] columns[indices[k], b]`` over the nonzeros ``k`` of CSR row ``i``.

    Four nonzeros per pass (a quarter of ``acc``'s loads and stores), summed
    as ``(w0 c0 + w1 c1) + (w2 c2 + w3 c3)``; the loop over ``b`` (the series
    of a block, side by side) is a vector operation.
    """
    k = indptr[i]
    end = indptr[i + 1]
    while k + 4 <= end:
        w0, w1, w2, w3 = data[k], data[k + 1], data[k + 2], data[k + 3]
        c0, c1 = columns[indices[k]], columns[indices[k + 1]]
        c2, c3 = columns[indices[k + 2]], columns[indices[k + 3]]
        for b in range(n_block):
            acc[b] += (w0 * c0[b] + w1 * c1[b]) + (w2 * c2[b] + w3 * c3[b])
        k += 4
    while k < end:
        w = data[k]
        c = columns[indices[k]]
        for b in range(n_block):
            acc[b] += w * c[b]
        k += 1


@numba.njit(inline="always", **_OPTIONS)
def _activate(z, activation):
    """The activation of code ``activation`` (:data:`skreservoir._activations.ACTIVATION_CODES`) at ``z``."""
    if activation == 0:
        return _tanh(z)
    if activation == 2:
        return max(z, 0.0)
    if activation == 3:
        return 1.0 / (1.0 + np.exp(-z))
    return z



#: Units per tile of the transposed write of a block's states (16 rows of
#: the block, 4 to 8 KiB, stay in the L1 cache while every series' row is written).
TRANSPOSE_TILE = 16


#: What the blocked kernel keeps of a block's states (its ``pooling`` code):
#: every state, the last state of each series, the mean after ``washout``,
#: or the pooled statistics of
#: :func:`skreservoir.esn._representation.pooled_statistics`.
POOLING_CODES = {None: 0, "last": 1, "mean": 2, "pooled": 3}

#: Rows of a unit's running statistics (``moments``) of ``"pooled"`` before
#: the threshold counts: the running mean, the running sum of squared
#: deviations (Welford's), the count of positive states.
POOLED_MOMENTS = 3


def _block(indptr, indices, data, in_indptr, in_indices, in_data, bias, inputs, x0s, lengths,
           series, pooling, washout, thresholds, leak, activation, out, prev, cur, acc,
           inputs_t, total, moments):
    """The time loop of a block of series together (see :func:`_blocks`).

    ``prev`` and ``cur`` (n_units, n_block) hold the block's states of the
    previous and the current step, series side by side, so that each
    nonzero ``w = W[i, j]`` of the CSR is read once per step and applied to
    every series of the block: ``acc += w * prev[j]``, a vector operation
    over the series. The input drive of a step is made here, from the
    step's inputs transposed into ``inputs_t`` (n_inputs, n_block), as
    ``(W_in u) + bias`` by the CSR of ``W_in``: it is never stored.
    ``total`` (n_units, n_block) sums the states of the mean (``pooling``
    2). ``moments`` (n_units, 3 + n_thresholds, n_block), float64 whatever
    the dtype of the states, holds the running statistics of ``"pooled"``
    (``pooling`` 3), per unit and series, over the steps after ``washout``:
    Welford's running mean and sum of squared deviations ``M2``
    (``d = x - mean; mean += d / n; M2 += d (x - mean)``, ``1 / n`` one
    number per step for the whole block: its series all start at step 0),
    the count of ``x > 0`` and the counts of ``x > thresholds[k, unit]``.
    The variance ``M2 / n`` comes in one pass without the cancellation of
    ``E[x**2] - E[x]**2``, which loses ``log2(E[x**2] / var)`` bits: 47 of
    float64's 53 for a saturated unit (states near 1 that vary by 1e-7),
    every bit of float32's. ``series`` are in decreasing length, so that
    the series still running at a step are the first ones of the block.
    """
    n_block = series.shape[0]
    n_units = prev.shape[0]
    n_inputs = inputs_t.shape[0]
    n_steps = 0
    for b in range(n_block):
        n_steps = max(n_steps, lengths[series[b]])
        for i in range(n_units):
            prev[i, b] = x0s[series[b], i]
            if pooling == 2:
                total[i, b] = 0.0
    n_thresholds = thresholds.shape[0]
    zero = np.zeros(1, dtype=prev.dtype)[0]
    n_running = n_block
    for t in range(n_steps):
        while n_running > 1 and lengths[series[n_running - 1]] <= t:  # the series that ended
            n_running -= 1
        for b in range(n_block):  # the inputs of step t, transposed
            row = inputs[series[b], t]
            for f in range(n_inputs):
                inputs_t[f, b] = row[f]
        pool_mean = pooling == 2 and t >= washout
        pool_stats = pooling == 3 and t >= washout
        # 1 / the steps pooled so far: the same for every series of the block
        inv_count = 1.0 / (t - washout + 1) if pool_stats else 0.0
        for i in range(n_units):
            for b in range(n_block):  # the drive: (W_in u) + bias
                acc[b] = zero
            _add_row_product(in_indptr, in_indices, in_data, i, inputs_t, acc, n_block)
            drive_i = cur[i]
            for b in range(n_block):
                drive_i[b] = acc[b] + bias[i]
                acc[b] = zero
            _add_row_product(indptr, indices, data, i, prev, acc, n_block)  # W prev
            # the unit's activation and leak while its values are in the L1 cache,
            # a loop per activation (straight-line code that vectorises), each
            # result in the dtype of the states
            state_i = drive_i
            if activation == 0:
                for b in range(n_block):
                    state_i[b] = _tanh_in_precision(drive_i[b] + acc[b])
            elif activation == 2:
                for b in range(n_block):
                    state_i[b] = max(drive_i[b] + acc[b], 0.0)
            elif activation == 3:
                for b in range(n_block):
                    state_i[b] = 1.0 / (1.0 + np.exp(-(drive_i[b] + acc[b])))
            else:
                for b in range(n_block):
                    state_i[b] = drive_i[b] + acc[b]
            if leak != 1.0:
                prev_i = prev[i]
                for b in range(n_block):
                    state_i[b] = prev_i[b] + leak * (state_i[b] - prev_i[b])
            if pool_mean:
                total_i = total[i]
                for b in range(n_running):
                    total_i[b] += state_i[b]
            elif pool_stats:  # float64 sums, whatever the dtype of the states
                moments_i = moments[i]
                mean, deviations, positive = moments_i[0], moments_i[1], moments_i[2]
                for b in range(n_running):  # Welford's update
                    x = np.float64(state_i[b])
                    delta = x - mean[b]
                    mean[b] += delta * inv_count
                    deviations[b] += delta * (x - mean[b])
                    positive[b] += 1.0 if x > 0.0 else 0.0
                for k in range(n_thresholds):
                    level = thresholds[k, i]
                    above = moments_i[POOLED_MOMENTS + k]
                    for b in range(n_running):
                        above[b] += 1.0 if state_i[b] > level else 0.0
        if pooling == 0:  # the states of step t, back in series order
            for i0 in range(0, n_units, TRANSPOSE_TILE):  # a tile of units in L1 at a time
                i1 = min(i0 + TRANSPOSE_TILE, n_units)
                for b in range(n_running):
                    row = out[series[b], t]
                    for i in range(i0, i1):
                        row[i] = cur[i, b]
        elif pooling == 1 or pooling == 3:  # the last state of the series that end at step t
            offset = 0 if pooling == 1 else 2 * n_units  # "pooled": its third block of columns
            for b in range(n_running):
                if lengths[series[b]] == t + 1:
                    row = out[series[b], 0]
                    for i in range(n_units):
                        row[offset + i] = cur[i, b]
        prev, cur = cur, prev
    if pooling == 2:  # the mean: the sum over the steps after washout, divided by their number
        for b in range(n_block):
            row = out[series[b], 0]
            count = lengths[series[b]] - washout
            for i in range(n_units):
                row[i] = total[i, b] / count
    elif pooling == 3:  # [mean, std, last (written above), ppv, ppv above each threshold]
        for b in range(n_block):
            row = out[series[b], 0]
            count = np.float64(lengths[series[b]] - washout)
            for i in range(n_units):
                moments_i = moments[i]
                row[i] = moments_i[0, b]
                row[n_units + i] = np.sqrt(moments_i[1, b] / count)  # ddof=0
                for k in range(1 + n_thresholds):  # positive, then above each threshold
                    row[(3 + k) * n_units + i] = moments_i[2 + k, b] / count


def _blocks(indptr, indices, data, in_indptr, in_indices, in_data, bias, inputs, x0s, lengths,
            order, block_size, pooling, washout, thresholds, leak, activation, out):
    """Independent series of one sparse reservoir, in blocks that stay in cache.

    ``inputs`` (n_series, n_timesteps, n_inputs) holds every series' inputs
    (zero-padded after its length); ``W_in`` (CSR ``in_indptr``,
    ``in_indices``, ``in_data``) and ``bias`` make the drive. The series,
    taken in ``order`` (by decreasing length, so that a block's series end
    together), run ``block_size`` at a time: a block runs all its time steps
    before the next one starts, its states (2 x n_units x block_size values)
    and the CSRs staying in the core's cache, and the blocks are shared out
    between threads. A series' states are those of :func:`csr_series_kernel`
    on its drive (the same operations in the same order per unit and step;
    the drive's sum in CSR order). ``out`` receives, by ``pooling``
    (:data:`POOLING_CODES`): 0, every state (n_series, n_timesteps,
    n_units), left as it was after a series' end; 1, the last state of each
    series (n_series, 1, n_units); 2, the mean of its states after
    ``washout`` steps (n_series, 1, n_units); 3, the pooled statistics of
    :func:`skreservoir.esn._representation.pooled_statistics` (n_series, 1,
    (4 + n_thresholds) * n_units): ``[mean, std, last, ppv, ppv above
    thresholds[0], ...]`` blocks of n_units columns, mean, std and
    proportions over the states after ``washout``, std with ``ddof=0``, the
    statistics summed in float64 and written in the dtype of ``out``.
    ``thresholds`` (n_thresholds, n_units), float64: the per-unit levels of
    the further proportions (``pooling`` 3 only; shape (0, n_units) for
    none). No noise: the noisy panel keeps the step-by-step path.
    """
    n_series = order.shape[0]
    n_units = x0s.shape[1]
    n_inputs = inputs.shape[2]
    n_blocks = (n_series + block_size - 1) // block_size
    for block in numba.prange(n_blocks):
        start = block * block_size
        series = order[start:min(start + block_size, n_series)]
        n_block = series.shape[0]
        prev = np.empty((n_units, n_block), dtype=x0s.dtype)
        cur = np.empty_like(prev)
        total = np.empty((n_units, n_block) if pooling == 2 else (1, 1), dtype=x0s.dtype)
        moments = np.zeros((n_units, POOLED_MOMENTS + thresholds.shape[0], n_block)
                           if pooling == 3 else (1, 1, 1), dtype=np.float64)
        acc = np.empty(n_block, dtype=x0s.dtype)
        inputs_t = np.empty((n_inputs, n_block), dtype=x0s.dtype)
        _block_kernel(indptr, indices, data, in_indptr, in_indices, in_data, bias, inputs, x0s,
                      lengths, series, pooling, washout, thresholds, leak, activation, out, prev,
                      cur, acc, inputs_t, total, moments)


_block_kernel = numba.njit(**_OPTIONS)(_block)



def named_copy(function, name, bound=None):
    """``function`` under another name, for a second compiled variant of it.

    numba's on-disk cache keys compiled code by the function's module,
    qualified name and line, not by the compile options: a serial and a
    parallel variant of one function would load each other's code from the
    cache (whichever was compiled first on the machine). The copy has a
    cache entry of its own. ``bound``: globals the copy sees in place of the
    module's (a compiled function it calls, per variant).
    """
    copy = types.FunctionType(function.__code__,
                              function.__globals__ if bound is None
                              else {**function.__globals__, **bound}, name,
                              function.__defaults__, function.__closure__)
    copy.__qualname__ = name
    return copy


#: :func:`_blocks` on one thread.
csr_blocks_serial_kernel = numba.njit(**_OPTIONS)(_blocks)

#: :func:`_blocks` on numba's threads (None with one thread).
csr_blocks_kernel = (numba.njit(parallel=True, **_OPTIONS)(named_copy(_blocks, "_blocks_parallel"))
                     if THREADED else None)

#: :func:`_series_rows` on numba's threads (None with one thread).
csr_series_rows_kernel = numba.njit(parallel=True, **_OPTIONS)(_series_rows) if THREADED else None



def _touch_pages(flat, step):
    """Write a zero into every ``step``-th byte of ``flat`` (a uint8 view), on numba's threads."""
    for i in numba.prange((flat.shape[0] + step - 1) // step):
        flat[i * step] = 0


#: :func:`_touch_pages` on numba's threads (None with one thread): the page
#: faults of a fresh host buffer taken on every core before a device copy
#: fills it (:func:`skreservoir._backend.to_host`).
touch_pages_kernel = (numba.njit(parallel=True, cache=True, nogil=True)(_touch_pages)
                      if THREADED else None)


#: Time steps per piece of a threaded series (see :func:`series_kernel`).
SERIES_PIECE_STEPS = 250

#: Time steps of a probe piece of a series (see
#: :func:`skreservoir._threads.run_adaptive`): long enough that each
#: thread's rows of ``W`` are in its core's cache for most of it, as in the
#: pieces it stands for (three steps measured the threaded kernel cold);
#: shortened, down to 3 steps, for a kernel measured that many times slower
#: (the threaded one under load).
SERIES_PROBE_STEPS = 16


def series_kernel(n_units):
    """The time loop for one series of ``n_units`` units.

    The serial kernel below :data:`PARALLEL_MIN_UNITS` units (or when numba
    has one thread). From it on, a loop that runs the series in pieces of
    :data:`SERIES_PIECE_STEPS` steps, each on the threaded or the serial
    kernel, whichever measures faster per step
    (:func:`skreservoir._threads.run_adaptive`): a threaded step waits for
    its slowest thread, so when other processes hold the cores one thread
    is faster. Same arguments and states as :func:`csr_series_kernel`.
    """
    if n_units >= PARALLEL_MIN_UNITS and csr_series_rows_kernel is not None:
        return _adaptive_series
    return csr_series_kernel


def _adaptive_series(indptr, indices, data, states, x0, leak, activation, noise, noise_scale):
    """:func:`csr_series_kernel` in pieces of steps, each on the faster kernel."""
    from skreservoir._threads import compiled_in_background, run_adaptive

    def run(kernel, start, stop):
        prev = x0 if start == 0 else states[start - 1]
        piece_noise = noise[start:stop] if noise_scale > 0.0 else noise
        kernel(indptr, indices, data, states[start:stop], prev, leak, activation, piece_noise,
               noise_scale)

    # the threaded kernel's arguments as in a piece after the first
    piece_args = (indptr, indices, data, states[:1], states[0], leak, activation,
                  noise[:1] if noise_scale > 0.0 else noise, noise_scale)
    run_adaptive(("series", states.shape[1]), run, csr_series_rows_kernel, csr_series_kernel,
                 states.shape[0], chunk=SERIES_PIECE_STEPS, probe=SERIES_PROBE_STEPS,
                 shortest_probe=3,
                 parallel_ready=lambda: compiled_in_background(csr_series_rows_kernel,
                                                               piece_args))


def _matvec(indptr, indices, data, x, out):
    """``out = W @ x`` for ``W`` in column blocks (:func:`column_blocks_kernel`), rows shared out.

    ``indptr[b, i]:indptr[b, i + 1]``: row ``i``'s entries in column block
    ``b``. Each thread takes its rows in pieces of :data:`MATVEC_CHUNK_ROWS`
    and, block after block, adds their products with ``x``: the gathers of
    one block's part of ``x`` (16 KiB) come from the core's L1 cache, where
    the whole of ``x`` (40 KiB at 10,000 units) did not fit. The spectral
    radius's float32 product (10,000 units, density 0.1, 16-bit columns, one
    thread, CPU time side by side on a loaded machine) took 0.54 to 0.83
    times as long in 3 blocks as in one (``benchmarks/bench_radius_matvec.py``). One running
    sum per row in a plain loop, which the compiler vectorises (gathers of
    ``x``, the sum reassociated: ``fastmath``). Used only for the spectral
    radius, which asks for 1e-3.
    """
    zero = np.zeros(1, dtype=out.dtype)[0]
    n_rows = out.shape[0]
    if indptr.shape[0] == 1:  # one block: row after row (short rows pay no block loop)
        offsets = indptr[0]
        for i in numba.prange(n_rows):
            total = zero
            for k in range(offsets[i], offsets[i + 1]):
                total += data[k] * x[indices[k]]
            out[i] = total
        return
    n_chunks = (n_rows + MATVEC_CHUNK_ROWS - 1) // MATVEC_CHUNK_ROWS
    for chunk in numba.prange(n_chunks):
        lo = chunk * MATVEC_CHUNK_ROWS
        hi = min(lo + MATVEC_CHUNK_ROWS, n_rows)
        for b in range(indptr.shape[0]):
            for i in range(lo, hi):
                total = zero if b == 0 else out[i]
                for k in range(indptr[b, i], indptr[b, i + 1]):
                    total += data[k] * x[indices[k]]
                out[i] = total


#: Rows per piece of :func:`_matvec` (from 64 to 10,000 rows took as long).
MATVEC_CHUNK_ROWS = 1024


@numba.njit(**_OPTIONS)
def column_blocks_kernel(indptr, indices, data, block_shift, out_indptr, out_indices,
                         out_data):
    """Reorder a CSR matrix into column blocks of ``2**block_shift`` columns.

    Block after block, row after row (the layout of :func:`_matvec`):
    ``out_indptr`` (``n_blocks x (n_rows + 1)``) is filled with the offsets,
    ``out_indices`` and ``out_data`` (in their own dtypes: the conversion
    is done in the same pass) with the entries.
    """
    n_blocks, n_rows = out_indptr.shape[0], out_indptr.shape[1] - 1
    counts = np.zeros((n_blocks, n_rows), dtype=np.int64)
    for i in range(n_rows):
        for k in range(indptr[i], indptr[i + 1]):
            counts[indices[k] >> block_shift, i] += 1
    offset = 0
    for b in range(n_blocks):
        for i in range(n_rows):
            out_indptr[b, i] = offset
            offset += counts[b, i]
        out_indptr[b, n_rows] = offset
    for i in range(n_rows):
        for b in range(n_blocks):
            counts[b, i] = out_indptr[b, i]  # where row i's next entry of block b goes
        for k in range(indptr[i], indptr[i + 1]):
            b = indices[k] >> block_shift
            out_indices[counts[b, i]] = indices[k]
            out_data[counts[b, i]] = data[k]
            counts[b, i] += 1


@numba.njit(**_OPTIONS)
def subtract_row_offsets_kernel(positions, indptr, n_columns):
    """``positions % n_columns`` in place, for sorted positions of rows split by ``indptr``.

    Row ``i``'s positions less ``i * n_columns``: the column indices of a
    drawn CSR matrix without a division per entry (6 ms against ``numpy``'s
    20 for the 10 million of a 10,000-unit reservoir, CPU, side by side).
    Returns ``positions``.
    """
    for i in range(indptr.shape[0] - 1):
        offset = i * n_columns
        for k in range(indptr[i], indptr[i + 1]):
            positions[k] -= offset
    return positions


@numba.njit(**_OPTIONS)
def remove_entries_kernel(values, drop):
    """Remove ``values[drop]`` (``drop``: sorted, distinct indices), in place.

    The kept entries move to the front in order; returns how many there
    are. Equal to ``np.delete(values, drop)`` without a new array.
    """
    if drop.shape[0] == 0:
        return values.shape[0]
    write = drop[0]
    d = 0
    for read in range(drop[0], values.shape[0]):
        if d < drop.shape[0] and read == drop[d]:
            d += 1
        else:
            values[write] = values[read]
            write += 1
    return write


@numba.njit(cache=True, nogil=True, error_model="numpy")
def hessenberg_solve_kernel(hessenberg, shift, rhs):
    """Solve ``(H - shift I) x = rhs`` for an upper Hessenberg ``H``, in O(k^2).

    Gaussian elimination with partial pivoting, which on a Hessenberg
    matrix only ever compares a row with the next (LAPACK's dense solve
    takes O(k^3)). ``shift`` and ``rhs`` are complex. A zero pivot (``shift``
    an eigenvalue to rounding) is replaced by a tiny one, as inverse
    iteration wants: machine epsilon times the largest entry of
    ``H - shift I`` (LAPACK's inverse iteration perturbs by such a
    multiple of the norm), so that the solution stays finite. Only the
    Hessenberg part is copied (the elimination reads nothing below the
    subdiagonal) and the moduli of the real entries off the diagonal are
    taken as real: the same result, in 0.39 times the CPU time (0.63 ms
    against 1.61 at 400 x 400, side by side; 2 to 3 solves follow the
    radius's Ritz pair every 10 products).
    """
    k = hessenberg.shape[0]
    a = np.empty((k, k), dtype=np.complex128)
    scale = 0.0
    for i in range(k):
        for j in range(max(i - 1, 0), k):
            a[i, j] = hessenberg[i, j]
            if j != i:
                scale = max(scale, abs(hessenberg[i, j]))
        a[i, i] -= shift
        scale = max(scale, abs(a[i, i]))
    x = rhs.astype(np.complex128)
    tiny = max(np.finfo(np.float64).eps * scale, 1e-300)
    for i in range(k - 1):
        if abs(a[i + 1, i]) > abs(a[i, i]):
            for j in range(i, k):
                a[i, j], a[i + 1, j] = a[i + 1, j], a[i, j]
            x[i], x[i + 1] = x[i + 1], x[i]
        if abs(a[i, i]) < tiny:
            a[i, i] = tiny
        factor = a[i + 1, i] / a[i, i]
        for j in range(i + 1, k):
            a[i + 1, j] -= factor * a[i, j]
        x[i + 1] -= factor * x[i]
    for i in range(k - 1, -1, -1):
        total = x[i]
        for j in range(i + 1, k):
            total -= a[i, j] * x[j]
        if abs(a[i, i]) < tiny:
            a[i, i] = tiny
        x[i] = total / a[i, i]
    return x


#: :func:`_matvec` on numba's threads, or on one thread when numba has one.
csr_matvec_kernel = numba.njit(parallel=THREADED, **_OPTIONS)(_matvec)

#: :func:`_matvec` on one thread (None when numba has one: then
#: :data:`csr_matvec_kernel` is it). With the cores taken by other
#: processes, a 1,000,000-entry product took 6.4 ms on one thread and 42 ms
#: threaded.
csr_matvec_serial_kernel = (numba.njit(**_OPTIONS)(named_copy(_matvec, "_matvec_serial"))
                            if THREADED else None)


#: The states of a block (previous and current step, n_units x block values
#: each) are kept within this many bytes, so that with the CSR of ``W`` they
#: stay in a core's L2 cache (1 MiB per core where it was measured).
BLOCK_STATE_BYTES = 512 * 2**10


def panel_block_size(n_units, n_series, itemsize, n_threads):
    """Series per block of :func:`_blocks`: a power of two from 4 to 128.

    The largest whose states fit :data:`BLOCK_STATE_BYTES`, and small enough
    that every thread gets a block. On the 2000 x 100 x 12 panel with 500
    units (float64, 2 cores, loaded machine) blocks of 16, 32 and 64 series
    took 4.5, 3.6 and 3.3 s against 5.2 s for the dense product; in float32
    (one thread, 400 series, CPU seconds of the kernel) blocks of 64 and 128
    took 0.126 and 0.112 s (states), 0.106 and 0.096 s (their mean).
    """
    size = 128
    while size > 4 and (2 * n_units * size * itemsize > BLOCK_STATE_BYTES
                        or size * n_threads > n_series):
        size //= 2
    return size


# -- the model zoo: edge-of-stability and spiking reservoirs ---------------------
@numba.njit(**_OPTIONS)
def es2n_series_kernel(indptr, indices, data, rotation, beta, states, x0, activation):
    """The ES2N time loop of one series, in place (:class:`skreservoir.ES2NReservoir`).

    ``states`` holds the input drive on entry and the states on exit; per
    step and unit ``x_i = (1 - beta_i) (O x)_i + beta_i f(drive_i + (W x)_i)``
    with ``W`` in CSR form and ``O`` (``rotation``) dense.
    """
    n_steps, n_units = states.shape
    prev = x0.copy()
    zero = np.zeros(1, dtype=states.dtype)[0]
    for t in range(n_steps):
        cur = states[t]
        for i in range(n_units):
            acc = _row_dot(indptr, indices, data, i, prev, zero)
            rotated = zero
            for j in range(n_units):
                rotated += rotation[i, j] * prev[j]
            cur[i] = (1.0 - beta[i]) * rotated + beta[i] * _activate(cur[i] + acc, activation)
        prev = cur


@numba.njit(**_OPTIONS)
def lif_series_kernel(indptr, indices, data, drive, v0, spikes_out, potential_out, keep,
                      threshold):
    """The leaky integrate-and-fire loop of one series (:class:`skreservoir.LIFReservoir`).

    Per step: ``v <- keep * v``; the units with ``v > threshold`` spike (1)
    and reset to 0; ``v <- v + W s + drive(t)``. Writes the spikes and the
    potential after the step into ``spikes_out`` and ``potential_out``
    (shape (n_steps, n_units)); ``v0`` is the potential before the first step.
    """
    n_steps, n_units = drive.shape
    v = v0.copy()
    spikes = np.zeros(n_units, dtype=drive.dtype)
    zero = np.zeros(1, dtype=drive.dtype)[0]
    for t in range(n_steps):
        for i in range(n_units):
            value = keep[i] * v[i]
            if value > threshold:
                spikes[i] = 1.0
                v[i] = 0.0
            else:
                spikes[i] = 0.0
                v[i] = value
        for i in range(n_units):
            acc = _row_dot(indptr, indices, data, i, spikes, zero)
            v[i] = (v[i] + acc) + drive[t, i]
            spikes_out[t, i] = spikes[i]
            potential_out[t, i] = v[i]


@numba.njit(**_OPTIONS)
def local_plasticity_kernel(indptr, indices, data, drive, x, leak, activation, rule, eta,
                            bcm_theta, normalize):
    """:func:`skreservoir._learning.local_plasticity` as loops, in place on ``data`` and ``x``.

    ``rule`` is the index of the rule in ``skreservoir._learning.LOCAL_RULES``
    (0 oja, 1 anti-oja, 2 hebbian, 3 anti-hebbian, 4 bcm).
    """
    n_steps, n_units = drive.shape
    post = np.empty(n_units)
    for t in range(n_steps):
        for i in range(n_units):
            acc = _row_dot(indptr, indices, data, i, x, 0.0)
            post[i] = (1.0 - leak) * x[i] + leak * _activate(acc + drive[t, i], activation)
        for i in range(n_units):
            y = post[i]
            norm = 0.0
            for k in range(indptr[i], indptr[i + 1]):
                pre = x[indices[k]]
                if rule == 0:
                    data[k] += eta * y * (pre - y * data[k])
                elif rule == 1:
                    data[k] -= eta * y * (pre - y * data[k])
                elif rule == 2:
                    data[k] += eta * y * pre
                elif rule == 3:
                    data[k] -= eta * y * pre
                else:
                    data[k] += eta * y * (y - bcm_theta) * pre
                norm += data[k] * data[k]
            if normalize and norm > 0.0:
                norm = np.sqrt(norm)
                for k in range(indptr[i], indptr[i + 1]):
                    data[k] /= norm
        for i in range(n_units):
            x[i] = post[i]


# -- NVAR ----------------------------------------------------------------------
@numba.njit(cache=True, nogil=True, error_model="numpy")
def nvar_window_kernel(X, state, n_seen, delay, stride, constant, linear, parents, last,
                       starts, keep, out, final):
    """The features and the final state of one series from an NVAR state (:class:`skreservoir.NVAR`).

    The arithmetic of ``NVAR._run_one`` (numpy) value for value, so that
    the two agree bit for bit: the series ``U`` is the last
    ``min(n_seen, n_warmup)`` inputs of the delay buffer ``state`` (cast to
    the dtype of ``X``) followed by ``X``; row ``i`` of ``out`` is the
    feature row of ``U``'s row ``i + n_past`` (zeros while its window is
    incomplete): the constant, the linear terms ``L``, then the monomials,
    each the product of its parent (the monomial of one degree less at
    ``parents[k]`` in the block before, or a linear term) and the linear
    term ``last[k]``, block by degree (``starts``), the blocks with
    ``keep`` written out. ``final`` gets the last ``n_warmup + 1`` inputs
    of the buffer followed by ``X``, then the inputs seen (at most
    ``n_warmup + 1``). Without ``fastmath``: the products are numpy's, and
    the finiteness test stays. Returns whether every feature is finite
    (otherwise the numpy path runs again, with its warnings and errors).
    """
    n_rows, n_in = X.shape
    n_buffer = (final.shape[0] - 1) // n_in
    n_warmup = n_buffer - 1
    n_past = min(n_seen, n_warmup)
    n_linear = delay * n_in
    n_features = out.shape[1]
    values = np.empty(n_linear + parents.shape[0], dtype=X.dtype)  # L, then the monomials
    finite = True
    for i in range(n_rows):
        row = i + n_past  # in U
        if row < n_warmup:
            for c in range(n_features):
                out[i, c] = 0
            continue
        for j in range(delay):
            r = row - j * stride
            for f in range(n_in):
                if r < n_past:
                    values[j * n_in + f] = state[(n_buffer - n_past + r) * n_in + f]
                else:
                    values[j * n_in + f] = X[r - n_past, f]
        column = 0
        if constant:
            out[i, 0] = 1
            column = 1
        if linear:
            for k in range(n_linear):
                value = values[k]
                finite = finite and math.isfinite(value)
                out[i, column + k] = value
            column += n_linear
        previous = 0  # the block of the parents: L for degree 2
        for block in range(starts.shape[0] - 1):
            for k in range(starts[block], starts[block + 1]):
                values[n_linear + k] = values[previous + parents[k]] * values[last[k]]
            if keep[block]:
                for k in range(starts[block], starts[block + 1]):
                    value = values[n_linear + k]
                    finite = finite and math.isfinite(value)
                    out[i, column] = value
                    column += 1
            previous = n_linear + starts[block]
    for r in range(n_buffer):  # the last n_buffer rows of [buffer; X]
        source = n_rows + r
        for f in range(n_in):
            if source < n_buffer:
                final[r * n_in + f] = state[source * n_in + f]
            else:
                final[r * n_in + f] = X[source - n_buffer, f]
    final[n_buffer * n_in] = min(n_seen + n_rows, n_buffer)
    return finite


#: The compiled LMS row update that a copy of :func:`_reservoir_lms_row` calls
#: (set in each copy's globals by :func:`reservoir_lms_row_kernel`).
_lms_row = None

#: The version of ``_learning._online_row`` (and of the convergence record's layout)
#: compiled into :func:`_reservoir_lms_row`'s cached copies. numba's disk cache is
#: invalidated only when this file changes, not when the function it calls does:
#: change this number with ``_online_row`` (2: the record sums persistence's errors;
#: a cache of version 1 wrote the old layout and warned falsely).
LMS_ROW_VERSION = 2

#: The compiled copies of :func:`_reservoir_lms_row`, by exactness of the LMS update.
_RESERVOIR_LMS_ROW = {}


def _reservoir_lms_row(indptr, indices, data, W_in, bias, leak, activation, prev, u, y, coef,
                       intercept, monitor, frozen, learning_rate, include_input, bound):
    """One step of an ESN's stream of one-row LMS calls, in one compiled call (numba).

    What the one-row path computes for a noiseless CSR reservoir and an LMS
    readout, without a call between them: the drive ``W_in u + bias`` (one
    product per input, summed in input order; ``u @ W_in.T``'s value for one
    input, within rounding of it for several), the step of
    :func:`csr_series_kernel` (:func:`_series_step`, the same arithmetic), the
    features (``u`` then the state with ``include_input``), the prediction
    before the update (``coef z + intercept``, summed in feature order) and
    the update of :func:`~skreservoir._learning._online_row` (``_lms_row``,
    the exact or the reassociated copy, as
    :func:`~skreservoir._learning.lms_row_kernel` picks it), the convergence
    record ``monitor`` and ``frozen`` updated in place when the row is learnt.

    Returns the new state (n_units,), its squared norm (summed in unit
    order), the prediction (n_outputs,), the new ``coef`` and ``intercept``
    and the update's status (0: learnt; otherwise declined, the weights and
    the record unchanged: 1 and 2 as ``_online_row``'s, 3 where the squared
    norm is not at most ``bound``, before the prediction and the update).
    """
    n = prev.shape[0]
    n_in = u.shape[0]
    state = np.empty(n)
    for i in range(n):
        acc = 0.0
        for f in range(n_in):
            acc += u[f] * W_in[i, f]
        state[i] = acc + bias[i]
    _series_step(indptr, indices, data, state, prev, 0, n, leak, activation, state, 0.0, 0.0)
    norm = 0.0
    for i in range(n):
        norm += state[i] * state[i]
    if not norm <= bound:  # the state is checked (and the row learnt) by the caller
        return state, norm, np.empty(0), np.empty(coef.shape), np.empty(0), 3
    features = np.concatenate((u, state)) if include_input else state
    n_out = coef.shape[0]
    prediction = np.empty(n_out)
    for k in range(n_out):
        acc = 0.0
        for i in range(features.shape[0]):
            acc += features[i] * coef[k, i]
        prediction[k] = acc + intercept[k] if intercept.shape[0] > 0 else acc
    coef_out = np.empty(coef.shape)
    intercept_out = np.empty(intercept.shape[0])
    status = _lms_row(np.zeros((1, 1)), np.zeros(3), frozen, monitor, coef, intercept, features,
                      y, learning_rate, 1.0, 0.0, False, coef_out, intercept_out)
    return state, norm, prediction, coef_out, intercept_out, status


def reservoir_lms_row_kernel(exact):
    """:func:`_reservoir_lms_row` compiled with the ``exact`` (or the reassociated) LMS
    update of :func:`~skreservoir._learning._compiled_row_kernel` (cached on disk)."""
    if exact not in _RESERVOIR_LMS_ROW:
        from skreservoir._learning import _compiled_row_kernel, _online_row

        function = named_copy(
            _reservoir_lms_row,
            "_reservoir_lms_row_exact" if exact else "_reservoir_lms_row_fast",
            {"_lms_row": _compiled_row_kernel(_online_row, exact)})
        # the sums' order kept, or reassociated as the LMS update's (its finiteness
        # checks kept: no nnan or ninf)
        options = {**_OPTIONS, "fastmath": False if exact else {"reassoc", "contract", "nsz",
                                                                 "arcp"}}
        _RESERVOIR_LMS_ROW[exact] = numba.njit(**options)(function)
    return _RESERVOIR_LMS_ROW[exact]
