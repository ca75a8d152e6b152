"""Learning rules that loop over time steps: intrinsic plasticity, local synaptic rules, RLS and LMS."""


import numpy as np
from scipy.linalg import get_blas_funcs

from skreservoir._threads import RLS_THREADS_MIN_FEATURES, blas_threads_for


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
    max_trace : float, default=None
        With ``forgetting_factor < 1``, ``P`` is divided by it only while its
        trace stays at or below ``max_trace`` (the FORCE readouts pass the
        trace of the initial ``P``, ``n_features / alpha``). Without the
        bound, the directions that the inputs do not excite grow by
        ``1 / forgetting_factor`` per step ("covariance wind-up") until
        rounding makes ``P`` indefinite and the weights diverge; with it,
        every eigenvalue of ``P`` stays below ``max_trace`` while the
        excited directions forget as usual. The trace is tracked exactly
        from the rank-1 updates (no extra pass over ``P``).

    Returns
    -------
    failed : int
        The index of the row whose update overflowed (``x^T P x`` not
        finite; ``P`` and ``W`` are then partly updated), or -1.
    """
    if not P.flags.f_contiguous:
        raise ValueError("rls_update needs a Fortran-ordered P to update in place.")
    lam = float(forgetting_factor)
    bounded = lam != 1.0 and max_trace is not None
    if P.shape[0] < RLS_THREADS_MIN_FEATURES and P.dtype == np.float64:
        # small P: the compiled loops, with no BLAS call (and no BLAS threads)
        W_c = np.ascontiguousarray(W, dtype=np.float64)
        failed = _compiled_rls()(P, W_c, np.ascontiguousarray(X, dtype=np.float64),
                                 np.ascontiguousarray(Y, dtype=np.float64), lam,
                                 float(max_trace or 0.0), bounded,
                                 float(np.trace(P)) if bounded else 0.0)
        if W_c is not W:
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
