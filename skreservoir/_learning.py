"""Learning rules that loop over time steps: intrinsic plasticity, RLS and LMS."""

from contextlib import nullcontext

import numpy as np
from scipy.linalg import get_blas_funcs

from skreservoir._threads import RLS_THREADS_MIN_FEATURES, one_blas_thread


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
    symv, syr, ger = get_blas_funcs(("symv", "syr", "ger"), (P,))
    lam = float(forgetting_factor)
    W_fortran = np.asfortranarray(W)  # BLAS ger updates it in place
    # one BLAS thread for a small P (a call of a few rows would pay the
    # limit's ~20 us for nothing)
    single = P.shape[0] < RLS_THREADS_MIN_FEATURES and X.shape[0] > 8
    bounded = lam != 1.0 and max_trace is not None
    trace = float(np.trace(P)) if bounded else 0.0
    with one_blas_thread() if single else nullcontext():
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
