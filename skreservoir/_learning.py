"""Learning rules that loop over time steps: intrinsic plasticity, local synaptic rules, RLS and LMS."""


import numpy as np
from scipy.linalg import get_blas_funcs

from skreservoir._threads import (
    BLAS_SINGLE_THREAD_MAX_FLOPS,
    RLS_THREADS_MIN_FEATURES,
    blas_threads_for,
)


# -- intrinsic plasticity -------------------------------------------------------
def intrinsic_plasticity(W, W_in, bias, Us, x0, leak_rate, gain, ip_bias, *, mu, sigma,
                         learning_rate, epochs, activation="tanh"):
    """Schrauwen et al. (2008) intrinsic plasticity for tanh or sigmoid units, in place.

    For every epoch and every series of ``Us`` (each from ``x0``), per step:
    ``z = W_in u + W x + bias``, ``y = f(gain z + ip_bias)``, then the
    updates of ``ip_bias`` and ``gain`` (see :class:`skreservoir.IPReservoir`:
    a Gaussian target of mean ``mu`` and deviation ``sigma`` for tanh, an
    exponential target of mean ``mu`` for the sigmoid) and the leaky state
    update ``x <- x + a (y - x)``.
    """
    from scipy.special import expit

    variance = sigma ** 2
    for _ in range(epochs):
        for U in Us:
            drive = U @ W_in.T + bias
            x = np.array(x0, dtype=np.float64)
            for t in range(drive.shape[0]):
                z = drive[t] + W @ x
                if activation == "sigmoid":
                    y = expit(gain * z + ip_bias)
                    delta_bias = learning_rate * (1.0 - (2.0 + 1.0 / mu) * y + y * y / mu)
                else:
                    y = np.tanh(gain * z + ip_bias)
                    delta_bias = -learning_rate * (-mu / variance + (y / variance) * (
                        2.0 * variance + 1.0 - y * y + mu * y))
                gain += learning_rate / gain + delta_bias * z
                ip_bias += delta_bias
                x += leak_rate * (y - x)


# -- local synaptic plasticity ----------------------------------------------------
#: The local rules of :class:`skreservoir.LocalPlasticityReservoir`, in the
#: order of their codes in :func:`skreservoir._kernels.local_plasticity_kernel`.
LOCAL_RULES = ("oja", "anti-oja", "hebbian", "anti-hebbian", "bcm")


def local_rule_increment(rule, weights, pre, post, eta, bcm_theta):
    """The change of the weights ``weights`` from ``pre`` (column) to ``post`` (row) units."""
    if rule in ("oja", "anti-oja"):
        delta = eta * post * (pre - post * weights)
        return -delta if rule == "anti-oja" else delta
    if rule == "bcm":
        return eta * post * (post - bcm_theta) * pre
    delta = eta * post * pre
    return -delta if rule == "anti-hebbian" else delta


def local_plasticity(W, drive, x, leak_rate, activation, *, rule, eta, bcm_theta, normalize,
                     compiled):
    """Run one series through a leaky reservoir and learn ``W`` by a local rule, in place.

    Per step: ``post = (1 - a) x + a f(W x + drive(t))`` with the current
    ``W``, then every stored entry ``W_ij`` changes by
    :func:`local_rule_increment` with ``pre = x_j`` and ``post = post_i``;
    with ``normalize`` every row of ``W`` is then scaled to unit L2 norm (a
    zero row stays zero); ``x <- post``.

    Parameters
    ----------
    W : scipy.sparse.csr_array of shape (n_units, n_units), float64
        Its ``data`` is updated in place; the stored entries are the synapses.
    drive : ndarray of shape (n_timesteps, n_units)
        ``W_in u(t) + b``.
    x : ndarray of shape (n_units,)
        The state before the first step.
    compiled : bool
        Run :func:`skreservoir._kernels.local_plasticity_kernel` (a named
        activation only).

    Returns
    -------
    x : ndarray of shape (n_units,)
        The state after the last step.
    """
    from skreservoir._activations import ACTIVATION_CODES, array_api_activation
    from skreservoir._backend import NUMPY

    if compiled and isinstance(activation, str):
        from skreservoir._kernels import local_plasticity_kernel

        x = np.array(x, dtype=np.float64)
        local_plasticity_kernel(W.indptr, W.indices, W.data, np.ascontiguousarray(drive), x,
                                float(leak_rate), ACTIVATION_CODES[activation],
                                LOCAL_RULES.index(rule), float(eta), float(bcm_theta),
                                bool(normalize))
        return x
    f = array_api_activation(activation, NUMPY)
    rows = np.repeat(np.arange(W.shape[0]), np.diff(W.indptr))
    for t in range(drive.shape[0]):
        post = (1.0 - leak_rate) * x + leak_rate * f(W @ x + drive[t])
        W.data += local_rule_increment(rule, W.data, x[W.indices], post[rows], eta, bcm_theta)
        if normalize:
            norms = np.sqrt(np.bincount(rows, weights=W.data**2, minlength=W.shape[0]))
            W.data /= np.where(norms > 0, norms, 1.0)[rows]
        x = post
    return x


# -- online readout updates -----------------------------------------------------
_COMPILED_RLS = {}


def _rls_rows(P, W, X, Y, lam, max_trace, bounded, trace):
    """:func:`rls_update` as plain loops over the upper triangle of ``P`` (compiled by numba).

    The same operations as the BLAS path (``symv``, ``ger``, ``syr`` and the
    division by ``lam``), without BLAS: for a small ``P`` a call costs a few
    microseconds and never waits for BLAS threads, idle or under load.
    Returns the index of the row whose update overflowed, or -1.
    """
    n = P.shape[0]
    n_out = W.shape[1]
    Px = np.empty(n)
    error = np.empty(n_out)
    for t in range(X.shape[0]):
        x = X[t]
        for i in range(n):
            Px[i] = 0.0
        for j in range(n):  # column j of the upper triangle: P[i, j], i <= j
            xj = x[j]
            acc = 0.0
            for i in range(j):
                Px[i] += P[i, j] * xj
                acc += P[i, j] * x[i]
            Px[j] += acc + P[j, j] * xj
        denominator = lam
        for i in range(n):
            denominator += x[i] * Px[i]
        if not np.isfinite(denominator):
            return t
        scale = 1.0 / denominator
        for k in range(n_out):
            acc = 0.0
            for i in range(n):
                acc += x[i] * W[i, k]
            error[k] = Y[t, k] - acc
        for k in range(n_out):
            for i in range(n):
                W[i, k] += scale * Px[i] * error[k]
        for j in range(n):
            for i in range(j + 1):
                P[i, j] -= scale * Px[i] * Px[j]
        divide = lam != 1.0
        if bounded:
            norm = 0.0
            for i in range(n):
                norm += Px[i] * Px[i]
            trace -= scale * norm
            divide = trace <= lam * max_trace
            if divide:
                trace /= lam
        if divide:
            for j in range(n):
                for i in range(j + 1):
                    P[i, j] /= lam
    return -1


def _compiled_rls():
    if "rls" not in _COMPILED_RLS:
        import numba

        _COMPILED_RLS["rls"] = numba.njit(cache=True, nogil=True, error_model="numpy")(
            _rls_rows)
    return _COMPILED_RLS["rls"]


def rls_update(P, W, X, Y, forgetting_factor=1.0, max_trace=None):
    """Recursive least squares over the rows of ``X``, in place.

    For each row x with target y (a priori error e = y - W^T x)::

        k = P x / (lambda + x^T P x)
        W <- W + k e^T
        P <- (P - k x^T P) / lambda

    ``P x`` is one symmetric matrix-vector product and the update of ``P``
    one symmetric rank-1 update that writes the upper triangle in place: no
    N x N array is allocated per step, and the matrix the products read is
    symmetric by construction. Only the upper triangle of ``P`` is read and
    kept up to date (see :func:`symmetric_from_upper`). Three forms, by the
    size of ``P``: below :data:`~skreservoir._threads.RLS_THREADS_MIN_FEATURES`
    features, compiled loops (:func:`_rls_rows`); up to the size where a
    BLAS product would use several threads, one compiled pass over ``P`` per
    row that writes the previous row's update while it computes ``P x``
    (:func:`_rls_rows_one_pass`, its sums on SIMD lanes); above, BLAS
    ``symv`` and ``syr``. A row whose update cannot stay finite stops the
    loop: the first two forms leave ``P`` and ``W`` as they were after the
    row before, BLAS partly updated.

    Parameters
    ----------
    P : ndarray of shape (n_features, n_features), Fortran-ordered
        Inverse correlation matrix; its upper triangle is updated in place.
    W : ndarray of shape (n_features, n_outputs)
        Weights, updated in place.
    X : ndarray of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_outputs)
    forgetting_factor : float in (0, 1]
    max_trace : float, default=None
        With ``forgetting_factor < 1``, ``P`` is divided by it only while its
        trace stays at or below ``max_trace``. Without the bound, a
        direction that the inputs never excite grows by
        ``1 / forgetting_factor`` per step ("covariance wind-up"); with it,
        every eigenvalue of ``P`` stays below ``max_trace``. The FORCE
        readouts keep ``P`` down by penalty rows instead
        (``ForceReadout._forgetting_update``) and pass a bound far above
        (:data:`~skreservoir.readout._force.FORGETTING_TRACE_BOUND` times
        the trace of the initial ``P``) as a safety net: a bound near that
        trace stops the forgetting itself on reservoir states, whose weakly
        excited directions hold most of it. The trace is tracked exactly
        from the rank-1 updates (no extra pass over ``P``).

    Returns
    -------
    failed : int
        The index of the row whose update overflowed (``x^T P x`` not
        finite, or an updated value bound to overflow), or -1.
    """
    if not P.flags.f_contiguous:
        raise ValueError("rls_update needs a Fortran-ordered P to update in place.")
    lam = float(forgetting_factor)
    bounded = lam != 1.0 and max_trace is not None
    if P.dtype == np.float64 and 2.0 * P.shape[0] ** 2 < BLAS_SINGLE_THREAD_MAX_FLOPS:
        # compiled loops, with no BLAS call (and no BLAS threads): for a small P
        # two passes per row; from RLS_THREADS_MIN_FEATURES on one pass over P per
        # row where BLAS would run on one thread (1.1x to 1.6x faster per row than
        # symv + syr at N = 250 to 2000, idle, 2-core AMD EPYC)
        W_c = np.array(W, dtype=np.float64)
        X_c = np.ascontiguousarray(X, dtype=np.float64)
        Y_c = np.ascontiguousarray(Y, dtype=np.float64)
        if P.shape[0] < RLS_THREADS_MIN_FEATURES:
            failed = _compiled_rls()(P, W_c, X_c, Y_c, lam, float(max_trace or 0.0), bounded,
                                     float(np.trace(P)) if bounded else 0.0)
        else:
            pending = rls_pending(P.shape[0])
            failed = _compiled_rls_one_pass()(P, pending, _NO_FROZEN, _NO_MONITOR,
                                              _NO_INTERCEPT, W_c, X_c, Y_c, lam,
                                              float(max_trace or 0.0), bounded)
            settle_rls_update(P, pending)
        W[...] = W_c
        return failed
    symv, syr, ger = get_blas_funcs(("symv", "syr", "ger"), (P,))
    W_fortran = np.asfortranarray(W)  # BLAS ger updates it in place
    trace = float(np.trace(P)) if bounded else 0.0
    # a large P: BLAS, on one thread while a row's products are small (on a
    # busy machine, a multi-threaded per-row product stalls)
    with blas_threads_for(2.0 * P.shape[0] ** 2):
        for t in range(X.shape[0]):
            x = X[t]
            Px = symv(1.0, P, x)
            denominator = lam + x.dot(Px)
            if not np.isfinite(denominator):  # overflow: the update would be lost
                return t
            scale = 1.0 / denominator
            error = Y[t] - x.dot(W_fortran)
            ger(scale, Px, error, a=W_fortran, overwrite_a=True)  # W += k e^T
            syr(-scale, Px, a=P, overwrite_a=True)  # P -= k (P x)^T
            if bounded:
                trace -= scale * Px.dot(Px)
                if trace <= lam * max_trace:
                    P /= lam
                    trace /= lam
            elif lam != 1.0:
                P /= lam
    if W_fortran is not W:
        W[...] = W_fortran
    return -1


#: An RLS or LMS update of one row is made in place only when every updated
#: value is bounded by this: far from overflow, so that it cannot fail half-way.
ROW_UPDATE_LIMIT = 1e300


#: Rows per block of the convergence record (see :func:`convergence_monitor`).
MONITOR_BLOCK = 200
#: Values before the per-output sums in a convergence record.
_MONITOR_HEADER = 10
#: Values per output in a convergence record.
_MONITOR_STRIDE = 4


def convergence_monitor(n_features, n_outputs):
    """A new convergence record of an online readout, and its frozen weights.

    The rows a readout learns are counted in blocks of :data:`MONITOR_BLOCK`.
    Over a block, the record sums the squared errors of the weights as they
    were when the block began (``frozen``: the forward error, what a
    prediction made with weights learnt up to ``MONITOR_BLOCK`` rows earlier
    gets), the squared a-priori errors (with the weights before each row's
    update) and, per output, the targets shifted by the block's first target
    and their squares (for the block's variance), and the squared changes
    of the targets from the row learnt before (the errors of persistence,
    repeating the previous target: the baseline of a one-step-ahead
    series). When a block ends, its four sums of squares are kept
    (:func:`convergence_of`) and ``frozen`` takes the current weights. The
    record also keeps the largest ``||z||^2`` of an LMS row (the constant
    feature included).

    Layout (float64): ``[rows in the block, forward squares, a-priori
    squares, max ||z||^2, completed blocks, then the last completed block's
    forward squares, a-priori squares and total squares about its mean,
    persistence squares of the block, and of the last completed block]``,
    then per output ``[shift, sum of shifted targets, sum of their
    squares, the previous row's target (NaN before the first row)]``.

    Returns
    -------
    monitor : ndarray of shape (10 + 4 * n_outputs,)
    frozen : ndarray of shape (n_features, n_outputs)
        Zero: the weights of a readout that has learnt nothing.
    """
    monitor = np.zeros(_MONITOR_HEADER + _MONITOR_STRIDE * n_outputs)
    monitor[_MONITOR_HEADER + 3::_MONITOR_STRIDE] = np.nan
    return monitor, np.zeros((n_features, n_outputs))


def record_rows(monitor, frozen, W, Z, Y, errors, max_norm):
    """Add rows learnt within one block to the convergence record, in place (numpy).

    ``Z`` (rows, n_features) and ``Y`` (rows, n_outputs) are rows of one
    block (at most the rows left in it), learnt from the weights ``frozen``
    with a-priori errors ``errors``; ``W`` the weights after them;
    ``max_norm`` the largest ``||z||^2`` among them. What
    :func:`_online_row` does row by row, with the sums in another order.
    """
    stride, header = _MONITOR_STRIDE, _MONITOR_HEADER
    if monitor[0] == 0.0:
        monitor[header::stride] = Y[0]
    late = Y - Z @ frozen
    shifted = Y - monitor[header::stride]
    changes = np.diff(np.vstack([monitor[header + 3::stride], Y]), axis=0)
    monitor[1] += float(np.sum(late * late))
    monitor[2] += float(np.sum(errors * errors))
    monitor[8] += float(np.nansum(changes * changes))  # (none before the first row)
    monitor[header + 1::stride] += shifted.sum(axis=0)
    monitor[header + 2::stride] += np.sum(shifted * shifted, axis=0)
    monitor[header + 3::stride] = Y[-1]
    monitor[3] = max(monitor[3], max_norm)
    monitor[0] += Z.shape[0]
    if monitor[0] >= MONITOR_BLOCK:  # the block ends: keep its sums, freeze W
        sums = monitor[header + 1::stride]
        total = float(np.sum(monitor[header + 2::stride] - sums * sums / monitor[0]))
        monitor[header + 1::stride] = 0.0  # (the shifts are set by the next block)
        monitor[header + 2::stride] = 0.0
        frozen[...] = W
        monitor[[5, 6, 7, 9]] = monitor[1], monitor[2], max(total, 0.0), monitor[8]
        monitor[4] += 1.0
        monitor[[0, 1, 2, 8]] = 0.0


def convergence_of(monitor):
    """The last completed block's fractions of target variance explained, or None.

    ``(forward, a_priori, persistence)``: one minus the block's sum of
    squared forward (respectively a-priori, persistence) errors over its
    total sum of squares about the mean of its targets, the R^2 of the
    block as the frozen weights (the weights before each update, the
    previous row's target) predicted it. None before two blocks are
    complete (the first block's frozen weights are the initial zero
    weights) or when the block's targets are constant.
    """
    if monitor[4] < 2 or not monitor[7] > 0.0:
        return None
    return (1.0 - monitor[5] / monitor[7], 1.0 - monitor[6] / monitor[7],
            1.0 - monitor[9] / monitor[7])


def _online_row(P, pending, frozen, monitor, coef, intercept, x, y, learning_rate, lam,
                max_trace, bounded, coef_out, intercept_out):
    """One row of :func:`rls_update` or :func:`lms_update`, or nothing (numba).

    The weights are ``coef`` (n_outputs, n_x) and ``intercept`` (n_outputs,)
    or empty without a constant feature): the row ``z`` is ``x`` with a
    constant 1 appended when there is an intercept, ``W`` the stacked
    weights, as in the readouts' ``_update``. The updated weights are
    written to ``coef_out`` and ``intercept_out``.

    RLS when ``learning_rate`` is 0: the arithmetic of :func:`_rls_rows` on
    one row, in the same order, with one pass over the upper triangle of
    ``P`` instead of two. The update of ``P`` is not written here but left
    pending in ``pending`` (see :func:`rls_row_update`): the pass that
    computes ``P z`` first writes the update the previous row left pending,
    two columns at a time, so that each element of ``P`` is read and
    written once per row. LMS otherwise (``P`` and ``pending`` are not
    used): ``W += learning_rate z e^T``, where a negative ``learning_rate``
    stands for the automatic step ``-learning_rate / max ||z||^2`` over the
    rows learnt so far and this one (the record's largest, ``monitor[3]``;
    :class:`~skreservoir.LMSReadout`'s ``learning_rate="auto"``, which always
    keeps a record; without one, this row's ``||z||^2`` alone). Both add ``s g e^T`` to ``W`` with
    the error ``e = y - W^T z`` and a gain ``g`` (RLS: ``P z``, with
    ``s = 1 / (lam + z^T P z)``; LMS: ``learning_rate z``, ``s = 1``).

    Before it changes the weights or leaves an update pending it bounds
    every updated value: ``|W_ik + s g_i e_k| <= ||W|| + |s| max|g| max|e|``
    and, for RLS, ``|P_ij - s g_i g_j| / lam <= (||P|| + |s| max|g|^2) / lam``
    (Frobenius norms of ``W`` and of the upper triangle of ``P``, sums of
    squares taken during the passes that read them). Returns 0 after the
    update; with the weights unchanged and nothing left pending, 1 for an
    LMS step within 1e-9 of ``2 / ||z||^2`` or above (where
    :class:`~skreservoir.LMSReadout` warns), 2 when ``z^T P z`` is not
    finite or a bound reaches :data:`ROW_UPDATE_LIMIT` (the update that was
    pending is then written: ``P`` holds the same matrix).

    With a non-empty ``monitor`` (see :func:`convergence_monitor`), a row
    that is learnt is also added to the convergence record, in place: its
    error with the weights ``frozen`` (n, n_outputs, stacked like ``W``) and
    its a-priori error ``e``; at the end of a block ``frozen`` takes the new
    weights. The weights' arithmetic is the same with or without it.
    """
    n_x = x.shape[0]
    n_out = coef.shape[0]
    n = n_x + (1 if intercept.shape[0] > 0 else 0)
    z = np.empty(n)
    W = np.empty((n, n_out))
    for i in range(n_x):
        z[i] = x[i]
        for k in range(n_out):
            W[i, k] = coef[k, i]
    if n > n_x:
        z[n_x] = 1.0
        for k in range(n_out):
            W[n_x, k] = intercept[k]
    gain = np.zeros(n)
    squares = 0.0
    trace = 0.0
    scale = 1.0
    norm = 0.0
    if learning_rate != 0.0:
        for i in range(n):
            norm += z[i] * z[i]
        rate = learning_rate
        if learning_rate < 0.0:  # automatic: -learning_rate / the largest ||z||^2 so far
            seen = max(norm, monitor[3]) if monitor.shape[0] > 0 else norm
            rate = -learning_rate / seen if seen > 0.0 else 0.0
        for i in range(n):
            gain[i] = rate * z[i]
        if not rate < (1.0 - 1e-9) * 2.0 / norm:
            return 1
    else:
        # the pending update P <- (P - s_p g_p g_p^T) / d_p; nothing pending: d_p = 0,
        # written here as s_p g_p = 0 and d_p = 1 (exact: P - 0 = P, P / 1 = P)
        previous = np.zeros(n)  # g_p
        settled = np.zeros(n)  # s_p g_p, the product of _rls_rows's update
        divisor = pending[n + 1]
        if divisor != 0.0:
            for i in range(n):
                previous[i] = pending[i]
                settled[i] = pending[n] * pending[i]
        else:
            divisor = 1.0
        dividing = divisor != 1.0
        pending[n + 1] = 0.0  # written by the pass below
        # P z over the upper triangle, column j giving P[i, j] z_j to row i < j and
        # P[i, j] z_i to row j, in _rls_rows's order; a first single column when n
        # is odd, then columns in pairs (j, j + 1), each P[i, j] updated as it is read
        start = n % 2
        if start:
            p = P[0, 0] - settled[0] * previous[0]
            if dividing:
                p /= divisor
            P[0, 0] = p
            gain[0] += 0.0 + p * z[0]
            squares += p * p
            trace += p
        for j in range(start, n, 2):
            g_a, g_b = previous[j], previous[j + 1]
            z_a, z_b = z[j], z[j + 1]
            acc_a = 0.0
            acc_b = 0.0
            for i in range(j):
                p_a = P[i, j] - settled[i] * g_a
                p_b = P[i, j + 1] - settled[i] * g_b
                if dividing:
                    p_a /= divisor
                    p_b /= divisor
                P[i, j] = p_a
                P[i, j + 1] = p_b
                gain[i] = gain[i] + p_a * z_a + p_b * z_b
                acc_a += p_a * z[i]
                acc_b += p_b * z[i]
                squares += p_a * p_a + p_b * p_b
            p_aa = P[j, j] - settled[j] * g_a
            p_ab = P[j, j + 1] - settled[j] * g_b
            p_bb = P[j + 1, j + 1] - settled[j + 1] * g_b
            if dividing:
                p_aa /= divisor
                p_ab /= divisor
                p_bb /= divisor
            P[j, j] = p_aa
            P[j, j + 1] = p_ab
            P[j + 1, j + 1] = p_bb
            gain[j] += acc_a + p_aa * z_a
            gain[j] += p_ab * z_b
            acc_b += p_ab * z_a
            gain[j + 1] += acc_b + p_bb * z_b
            squares += p_aa * p_aa + p_ab * p_ab + p_bb * p_bb
            trace += p_aa + p_bb
        denominator = lam
        for i in range(n):
            denominator += z[i] * gain[i]
        if not np.isfinite(denominator):
            return 2
        scale = 1.0 / denominator
    largest = 0.0
    for i in range(n):
        largest = max(largest, abs(gain[i]))
    error = np.empty(n_out)
    weight_squares = 0.0
    largest_error = 0.0
    monitored = monitor.shape[0] > 0
    late_squares = 0.0  # the squared errors of the frozen weights, when monitored
    for k in range(n_out):
        acc = 0.0
        if monitored:  # the frozen weights' output in the same pass (no added latency)
            late = 0.0
            for i in range(n):
                acc += z[i] * W[i, k]
                weight_squares += W[i, k] * W[i, k]
                late += z[i] * frozen[i, k]
            late_squares += (y[k] - late) * (y[k] - late)
        else:
            for i in range(n):
                acc += z[i] * W[i, k]
                weight_squares += W[i, k] * W[i, k]
        error[k] = y[k] - acc
        largest_error = max(largest_error, abs(error[k]))
    step = abs(scale) * largest
    if not (np.sqrt(weight_squares) + step * largest_error < ROW_UPDATE_LIMIT
            and np.sqrt(squares) + step * largest < lam * ROW_UPDATE_LIMIT):
        return 2  # also NaN
    for k in range(n_out):
        for i in range(n):
            W[i, k] += scale * gain[i] * error[k]
        for i in range(n_x):
            coef_out[k, i] = W[i, k]
        if n > n_x:
            intercept_out[k] = W[n_x, k]
    if monitored:
        # the convergence record (convergence_monitor's layout), as record_rows keeps it
        count = monitor[0]
        monitor[1] += late_squares
        for k in range(n_out):
            base = _MONITOR_HEADER + _MONITOR_STRIDE * k
            if count == 0.0:
                monitor[base] = y[k]  # the block's shift of this output
            shifted = y[k] - monitor[base]
            monitor[2] += error[k] * error[k]
            monitor[base + 1] += shifted
            monitor[base + 2] += shifted * shifted
            change = y[k] - monitor[base + 3]
            if change == change:  # (NaN before the first row)
                monitor[8] += change * change
            monitor[base + 3] = y[k]
        monitor[3] = max(monitor[3], norm)
        monitor[0] = count + 1.0
        if monitor[0] >= MONITOR_BLOCK:  # the block ends: keep its sums, freeze W
            total = 0.0
            for k in range(n_out):
                base = _MONITOR_HEADER + _MONITOR_STRIDE * k
                total += monitor[base + 2] - monitor[base + 1] * monitor[base + 1] / monitor[0]
                monitor[base + 1] = 0.0
                monitor[base + 2] = 0.0
                for i in range(n):
                    frozen[i, k] = W[i, k]
            monitor[5] = monitor[1]
            monitor[6] = monitor[2]
            monitor[7] = max(total, 0.0)
            monitor[9] = monitor[8]
            monitor[4] += 1.0
            monitor[0] = 0.0
            monitor[1] = 0.0
            monitor[2] = 0.0
            monitor[8] = 0.0
    if learning_rate != 0.0:
        return 0
    divide = lam != 1.0
    if bounded:
        norm = 0.0
        for i in range(n):
            norm += gain[i] * gain[i]
        divide = trace - scale * norm <= lam * max_trace
    for i in range(n):
        pending[i] = gain[i]
    pending[n] = scale
    pending[n + 1] = lam if divide else 1.0
    return 0


def _settle(P, pending):
    """Write the update of ``P`` left pending by :func:`_online_row` (numba).

    ``P <- (P - s g g^T) / d`` on the upper triangle, with the arithmetic of
    :func:`_online_row`'s pass (``s g_i`` first, then times ``g_j``);
    nothing when nothing is pending.
    """
    n = P.shape[0]
    divisor = pending[n + 1]
    if divisor == 0.0:
        return
    pending[n + 1] = 0.0
    scale = pending[n]
    for j in range(n):
        g_j = pending[j]
        for i in range(j + 1):
            p = P[i, j] - scale * pending[i] * g_j
            if divisor != 1.0:
                p /= divisor
            P[i, j] = p


def _compiled_row_kernel(function, exact):
    """``function`` (:func:`_online_row` or :func:`_settle`) compiled: ``exact``, or with
    reassociated sums.

    The exact form keeps the order of every floating point operation of
    :func:`_rls_rows`, so that it equals :func:`rls_update`'s compiled loops
    bit for bit. The other may reassociate sums and contract products
    (``reassoc``, ``contract``, not ``nnan`` or ``ninf``: the finiteness
    checks stay), so that the passes over ``P`` run on SIMD lanes, several
    times faster from a few hundred features on.
    """
    key = (function, exact)
    if key not in _COMPILED_RLS:
        import numba

        options = dict(cache=True, nogil=True, error_model="numpy")
        if exact:
            # numba's cache keys compiled code by the function's name, whatever the
            # options: the exact form is compiled from a copy under its own name
            from skreservoir._kernels import named_copy

            function = named_copy(function, function.__name__ + "_exact")
        else:
            options["fastmath"] = {"reassoc", "contract", "nsz", "arcp"}
        _COMPILED_RLS[key] = numba.njit(**options)(function)
    return _COMPILED_RLS[key]


def row_weights(kernel_args, coef, intercept, x, y):
    """One row's update by :func:`lms_row_kernel`'s or :func:`rls_row_kernel`'s ``kernel_args``.

    Returns the new ``(coef, intercept)`` (new arrays; None for no
    intercept), or None when the kernel declined the update (nothing changed).
    """
    kernel, P, pending, frozen, monitor, *rates = kernel_args
    given = _NO_INTERCEPT if intercept is None else intercept
    coef_out, intercept_out = np.empty(coef.shape), np.empty(given.shape[0])
    if kernel(P, pending, frozen, monitor, coef, given, x, y, *rates, coef_out,
              intercept_out) != 0:
        return None
    return coef_out, None if intercept is None else intercept_out


def rls_row_kernel(P, pending, forgetting_factor=1.0, max_trace=None):
    """``(kernel, P, pending, frozen, monitor, *rates)``: what :func:`row_weights` runs for
    an RLS row (no convergence record).

    The compiled :func:`_online_row` (exact below
    :data:`~skreservoir._threads.RLS_THREADS_MIN_FEATURES` features) and its
    arguments other than the row and the weights; see :func:`rls_row_update`.
    """
    lam = float(forgetting_factor)
    return (_compiled_row_kernel(_online_row, P.shape[0] < RLS_THREADS_MIN_FEATURES), P,
            pending, _NO_FROZEN, _NO_MONITOR, 0.0, lam, float(max_trace or 0.0),
            lam != 1.0 and max_trace is not None)


def lms_row_kernel(n_features, learning_rate, monitor=None, frozen=None):
    """``(kernel, P, pending, frozen, monitor, *rates)``: what :func:`row_weights` runs for
    an LMS row.

    ``n_features`` counts the constant feature of an intercept. With
    ``monitor`` and ``frozen`` (from :func:`convergence_monitor`), a learnt
    row is added to that convergence record, in place.
    """
    kernel = _compiled_row_kernel(_online_row, n_features < RLS_THREADS_MIN_FEATURES)
    if monitor is None:
        monitor, frozen = _NO_MONITOR, _NO_FROZEN
    return kernel, _NO_P, _NO_PENDING, frozen, monitor, float(learning_rate), 1.0, 0.0, False


def rls_pending(n_features):
    """A record of a pending update of an RLS ``P`` of ``n_features``: nothing pending.

    See :func:`rls_row_update`: the gain ``g`` (``n_features`` values), the
    scale ``s`` and the divisor ``d`` of ``P <- (P - s g g^T) / d``, with
    ``d = 0`` while nothing is pending.
    """
    return np.zeros(n_features + 2)


def settle_rls_update(P, pending):
    """Write into ``P`` the update left in ``pending`` by :func:`rls_row_update`, in place.

    Afterwards ``P`` is the current matrix and nothing is pending.
    """
    _compiled_row_kernel(_settle, P.shape[0] < RLS_THREADS_MIN_FEATURES)(P, pending)


def rls_row_update(P, coef, intercept, x, y, forgetting_factor=1.0, max_trace=None,
                   pending=None):
    """:func:`rls_update` of one row, made only when it cannot overflow.

    The per-step update of a FORCE loop, without the copy of ``P`` that
    keeps a failed update from leaving a half-updated readout: the update is
    made only when every updated value is bounded far from overflow (see
    :func:`_online_row`). Below :data:`~skreservoir._threads.RLS_THREADS_MIN_FEATURES`
    features its arithmetic is that of :func:`rls_update`'s compiled loops,
    bit for bit; from there on, where :func:`rls_update` calls BLAS (which
    orders its sums its own way), its sums run on SIMD lanes, and the two
    agree to rounding.

    With ``pending``, a row costs one pass over ``P`` instead of two: the
    rank-1 update of ``P`` that a row makes is not written but left in
    ``pending``, and the next call writes it in the pass that computes its
    ``P x`` (the same arithmetic, in the same order). ``P`` is then the
    current matrix only after :func:`settle_rls_update`.

    Parameters
    ----------
    P : ndarray of shape (n_features, n_features), Fortran-ordered float64
        Its upper triangle is updated in place (``n_features`` counts the
        constant feature of the intercept).
    coef : ndarray of shape (n_outputs, n_x), float64
    intercept : ndarray of shape (n_outputs,), float64, or None
        None: no constant feature.
    x : ndarray of shape (n_x,), float32 or float64
    y : ndarray of shape (n_outputs,), float64
    forgetting_factor, max_trace : float
        As in :func:`rls_update`.
    pending : ndarray of shape (n_features + 2,), default=None
        The update of ``P`` that the previous row left pending (from
        :func:`rls_pending`, then as this function leaves it), updated in
        place: the update of this row. None: ``P`` is written before the
        function returns.

    Returns
    -------
    weights : tuple of ndarray or None
        The new ``coef`` and ``intercept`` (new arrays; None for no
        intercept), or None when the update was not made (the matrix ``P``
        stands for is unchanged, and is ``P`` itself: nothing is left
        pending): it might overflow; :func:`rls_update` on copies then says
        what happens.
    """
    written = pending is None
    if written:
        pending = rls_pending(P.shape[0])
    elif pending.shape != (P.shape[0] + 2,):
        raise ValueError(f"pending must have shape ({P.shape[0] + 2},), got {pending.shape}.")
    weights = row_weights(rls_row_kernel(P, pending, forgetting_factor, max_trace), coef,
                          intercept, x, y)
    if written:
        settle_rls_update(P, pending)
    return weights


def lms_row_update(coef, intercept, x, y, learning_rate):
    """:func:`lms_update` of one row, made only when it is stable and finite.

    The per-step update of an LMS loop, compiled (:func:`_online_row`), on
    the weights of :func:`rls_row_update`. It is not made (None returned)
    when ``learning_rate`` is within 1e-9 of ``2 / ||z||^2`` or above (where
    :class:`~skreservoir.LMSReadout` warns; its ``partial_fit`` then decides
    exactly), or when a weight could overflow. Agrees with
    :func:`lms_update` to rounding (its products are BLAS's).

    Returns
    -------
    weights : tuple of ndarray or None
        The new ``coef`` and ``intercept``, or None.
    """
    n_features = coef.shape[1] + (0 if intercept is None else 1)
    return row_weights(lms_row_kernel(n_features, learning_rate), coef, intercept, x, y)


#: The ``P`` and pending update that the LMS form of :func:`_online_row` does not use.
_NO_P = np.zeros((1, 1), order="F")
_NO_PENDING = rls_pending(1)
#: The convergence record and frozen weights of a row that keeps none.
_NO_MONITOR = np.zeros(0)
_NO_FROZEN = np.zeros((1, 1))
#: The intercept of weights without a constant feature.
_NO_INTERCEPT = np.zeros(0)


def symmetric_from_upper(P):
    """The symmetric matrix whose upper triangle is that of ``P`` (a new array)."""
    full = np.array(P, order="F")
    np.copyto(full, full.T, where=np.tri(full.shape[0], k=-1, dtype=bool))
    return full


def lms_update(W, X, Y, learning_rate, errors=None):
    """Least-mean-squares over the rows of ``X``, in place: W += lr x e^T.

    ``learning_rate`` is a float, or an array of one step per row.
    ``errors`` (n_samples, n_outputs), when given, receives the a-priori
    error ``e`` of every row. Returns the index of the first row after which
    ``W`` is not finite, or -1 when every update stayed finite.
    """
    rates = np.broadcast_to(np.asarray(learning_rate, dtype=float), (X.shape[0],))
    for t in range(X.shape[0]):
        x = X[t]
        error = Y[t] - x @ W
        if errors is not None:
            errors[t] = error
        W += rates[t] * np.outer(x, error)
        if not np.all(np.isfinite(W)):
            return t
    return -1


#: The compiled :func:`_online_row` that :func:`_rls_rows_one_pass` calls (set when
#: that driver is compiled: numba reads the global then).
_online_row_simd = None


def _rls_rows_one_pass(P, pending, no_frozen, no_monitor, no_intercept, W, X, Y, lam,
                       max_trace, bounded):
    """:func:`rls_update` over the rows, one pass over ``P`` per row (numba).

    Each row is :func:`_online_row` (its SIMD form) on the stacked weights
    ``W`` (n_features, n_outputs) without an intercept (the rows carry
    their constant feature): it writes the update the previous row left
    pending in ``pending`` while it computes ``P z``, so that ``P`` is read
    and written once per row, where BLAS's ``symv`` then ``syr`` read it
    twice and write it once. The last row's update is left pending (see
    :func:`settle_rls_update`). Returns the index of a row whose update was
    declined (not finite, or bound to overflow; ``P`` and ``W`` then stand
    as after the row before), or -1. ``no_frozen``, ``no_monitor`` and
    ``no_intercept`` are :func:`_online_row`'s empty arguments (no
    convergence record, no intercept).
    """
    n_out = W.shape[1]
    coef = np.ascontiguousarray(W.T)
    coef_out = np.empty_like(coef)
    failed = -1
    for t in range(X.shape[0]):
        if _online_row_simd(P, pending, no_frozen, no_monitor, coef, no_intercept, X[t], Y[t],
                            0.0, lam, max_trace, bounded, coef_out, no_intercept) != 0:
            failed = t
            break
        coef, coef_out = coef_out, coef
    for k in range(n_out):
        for i in range(W.shape[0]):
            W[i, k] = coef[k, i]
    return failed


def _compiled_rls_one_pass():
    """:func:`_rls_rows_one_pass` compiled, with the SIMD :func:`_online_row` it calls."""
    if "one_pass" not in _COMPILED_RLS:
        import numba

        global _online_row_simd
        _online_row_simd = _compiled_row_kernel(_online_row, exact=False)
        _COMPILED_RLS["one_pass"] = numba.njit(cache=True, nogil=True, error_model="numpy")(
            _rls_rows_one_pass)
    return _COMPILED_RLS["one_pass"]
