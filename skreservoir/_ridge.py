"""Ridge regression, solved one way everywhere.

:func:`solve_ridge` solves the regularised normal equations of every ridge
fit in the package: the readouts (:class:`RidgeNormalEquations`, exact
running sums that add over chunks) and the per-series model-space fits of
:func:`batched_ridge`. It is written against the array API (numpy, cupy,
``array_api_strict``) and solves one system or a stack of them.
"""

import warnings
from contextlib import nullcontext

import numpy as np
import scipy.linalg
from array_api_compat import array_namespace
from array_api_compat import device as array_device

from skreservoir._backend import NUMPY, host_state, is_numpy, to_host, to_namespace
from skreservoir._panel import padded, series_chunks
from skreservoir._threads import blas_threads_for_features
from skreservoir._validation import physical_memory
from skreservoir.exceptions import ReadoutSolveWarning

#: What to do about features whose squares overflow float64 (the readouts' errors).
SCALE_ADVICE = ("Scale them down; for reservoir states, lower spectral_radius or "
                "input_scaling, or use a bounded activation such as 'tanh'.")


def solve_ridge(gram, cross, alpha):
    """Solve ``(gram + alpha I) coef = cross`` for symmetric ``gram``.

    A factorisation first (on numpy, scipy's Cholesky for one system; the
    namespace's ``linalg.solve`` otherwise); when it fails or the matrix is
    not numerically positive definite, an eigendecomposition that drops the
    null directions, with a
    :class:`~skreservoir.exceptions.ReadoutSolveWarning`.

    Parameters
    ----------
    gram : array of shape (..., n_features, n_features)
    cross : array of shape (..., n_features, n_outputs)
    alpha : float

    Returns
    -------
    coef : array of shape (..., n_features, n_outputs)
    """
    xp = array_namespace(gram)
    if not (bool(xp.all(xp.isfinite(gram))) and bool(xp.all(xp.isfinite(cross)))):
        raise ValueError(
            "The readout's normal equations overflowed: the features (or targets) "
            "are too large for their squares to be summed in float64. " + SCALE_ADVICE
        )
    n = gram.shape[-1]
    A = gram + alpha * xp.eye(n, dtype=gram.dtype, device=array_device(gram))
    coef = _factor_solve(xp, A, cross)
    if coef is not None:
        return coef
    warnings.warn(
        f"The ridge system with alpha={alpha!r} is not positive definite to "
        "machine precision; solved by eigendecomposition instead. Increase "
        "alpha for a better conditioned readout.",
        ReadoutSolveWarning,
        stacklevel=3,
    )
    eigenvalues, eigenvectors = xp.linalg.eigh(A)
    largest = xp.max(xp.abs(eigenvalues), axis=-1, keepdims=True)
    keep = eigenvalues > np.finfo(np.float64).eps * n * largest
    inverse = xp.where(keep, 1.0 / xp.where(keep, eigenvalues, 1.0), 0.0)
    return eigenvectors @ (inverse[..., :, None] * (xp.matrix_transpose(eigenvectors) @ cross))


def _factor_solve(xp, A, cross):
    """The solution of ``A coef = cross``, or None when ``A`` is not numerically positive definite."""
    if is_numpy(xp) and A.ndim == 2:
        try:
            with blas_threads_for_features(A.shape[0]):
                factor = scipy.linalg.cho_factor(A, lower=False, check_finite=False)
        except (np.linalg.LinAlgError, scipy.linalg.LinAlgError):
            return None
        # Rounding can let the factorisation of a singular matrix "succeed"
        # with a pivot at machine precision: treat that as a failure too.
        pivots = np.abs(np.diag(factor[0]))
        well_conditioned = (pivots.min() ** 2
                            > np.finfo(np.float64).eps * A.shape[0] * pivots.max() ** 2)
        coef = scipy.linalg.cho_solve(factor, cross, check_finite=False)
        return coef if well_conditioned and np.all(np.isfinite(coef)) else None
    try:
        coef = xp.linalg.solve(A, cross)
    except Exception:  # noqa: BLE001  (each namespace raises its own LinAlgError)
        return None
    return coef if bool(xp.all(xp.isfinite(coef))) else None


def column_means(xp, A):
    """Column means of ``A`` in float64 (a float array is not copied first)."""
    if not xp.isdtype(A.dtype, "real floating"):
        A = xp.astype(A, xp.float64)
    return xp.astype(xp.mean(A, axis=0), xp.float64)


#: Rows per block when the normal equations are accumulated.
ROW_BLOCK = 8192


class RidgeNormalEquations:
    """Exact running sums for a ridge regression with or without intercept.

    Rows are shifted by the first chunk's means before they are summed, which
    keeps the centred Gram matrix accurate when features have a large mean.
    The sums are exact: the same rows give the same solution in any number of
    chunks. They are kept in float64 in the namespace of the rows (on the GPU
    for cupy rows), whatever the dtype of the rows.
    """

    def __init__(self, n_features, n_outputs, fit_intercept, xp=NUMPY, device=None):
        # the Gram matrix and its factor, each n_features x n_features float64:
        # refused at once rather than filled until the machine runs out of memory
        need, total = 16 * n_features**2, physical_memory()
        if total is not None and need > total:
            raise MemoryError(
                f"A ridge readout on {n_features:,} features solves {n_features:,} x "
                f"{n_features:,} normal equations, about {need / 2**30:,.1f} GiB, more "
                f"than this machine's {total / 2**30:,.1f} GiB. Use fewer features: "
                "fewer reservoir units, a smaller NVAR (delay, order), or a PCA first."
            )
        self.fit_intercept = fit_intercept
        self.n_samples = 0
        zeros = lambda *shape: xp.zeros(shape, dtype=xp.float64, device=device)  # noqa: E731
        self.x_shift = zeros(n_features)
        self.y_shift = zeros(n_outputs)
        self.gram = zeros(n_features, n_features)
        self.cross = zeros(n_features, n_outputs)
        self.x_sum = zeros(n_features)
        self.y_sum = zeros(n_outputs)

    def __getstate__(self):
        return host_state(vars(self))

    def add(self, X, Y, weights=None):
        """Add the rows ``X`` (n, n_features) with targets ``Y`` (n, n_outputs).

        ``weights`` (n,) weigh the rows (the sums of the weighted least
        squares); ``n_samples`` is then their total.

        Blocks of :data:`ROW_BLOCK` rows are shifted (a copy of one block, in
        float64) and added with one matrix product each (``Xc.T @ Xc``, which
        numpy runs as a BLAS ``syrk``): no Python loop over rows, no copy of
        all of ``X``.
        """
        xp = array_namespace(self.gram)
        device = array_device(self.gram)
        X = to_namespace(X, xp, device)
        Y = to_namespace(Y, xp, device)
        if weights is not None:
            weights = to_namespace(np.asarray(to_host(weights), dtype=np.float64), xp, device)
        if self.n_samples == 0 and not getattr(self, "_shifted", False) and self.fit_intercept:
            self.x_shift = column_means(xp, X)
            self.y_shift = column_means(xp, Y)
            self._shifted = True
        threads = (blas_threads_for_features(X.shape[1], X.shape[0]) if is_numpy(xp)
                   else nullcontext())
        # sums that overflow (features near 1e200) are said by solve, in its words
        with threads, np.errstate(over="ignore", invalid="ignore"):
            self._add_blocks(xp, X, Y, weights)
        self.n_samples += X.shape[0] if weights is None else float(xp.sum(weights))

    def _add_blocks(self, xp, X, Y, weights):
        """The sums of :meth:`add`, :data:`ROW_BLOCK` rows at a time."""
        for start in range(0, X.shape[0], ROW_BLOCK):
            rows = slice(start, min(start + ROW_BLOCK, X.shape[0]))
            Xc = xp.astype(X[rows, ...], xp.float64, copy=False)
            Yc = xp.astype(Y[rows, ...], xp.float64, copy=False)
            if self.fit_intercept:  # without an intercept the rows are used as they are
                Xc = Xc - self.x_shift
                Yc = Yc - self.y_shift
            Xw = Xc if weights is None else Xc * weights[rows][:, None]
            if self.fit_intercept:
                self.x_sum += xp.sum(Xw, axis=0)
                self.y_sum += xp.sum(Yc if weights is None else Yc * weights[rows][:, None],
                                     axis=0)
            self.gram += Xw.T @ Xc
            self.cross += Xw.T @ Yc

    def solve(self, alpha):
        """Return ``coef`` (n_outputs, n_features) and ``intercept`` (n_outputs,)."""
        xp = array_namespace(self.gram)
        if not self.fit_intercept:
            coef = solve_ridge(self.gram, self.cross, alpha)
            return coef.T, xp.zeros(coef.shape[1], dtype=xp.float64,
                                    device=array_device(coef))
        x_mean = self.x_sum / self.n_samples
        y_mean = self.y_sum / self.n_samples
        with np.errstate(over="ignore", invalid="ignore"):  # solve_ridge reports it
            gram = self.gram - self.n_samples * (x_mean[:, None] * x_mean[None, :])
            cross = self.cross - self.n_samples * (x_mean[:, None] * y_mean[None, :])
        coef = solve_ridge(gram, cross, alpha)
        intercept = (y_mean + self.y_shift) - (x_mean + self.x_shift) @ coef
        return coef.T, intercept


#: Bytes of padded inputs and Gram matrices that :func:`batched_ridge` holds
#: at once: the series are solved in groups of about this size (the model
#: space of 500 units held 989 MiB at peak on 10,000 series of 500 steps with
#: the whole chunk of series at once).
BATCHED_RIDGE_BYTES = 32 * 2**20


def batched_ridge(inputs, targets, alpha):
    """Ridge regression of ``targets`` on ``inputs``, one model per series.

    Each series i gets the coefficients minimising
    ||Y_i - H_i W - 1 b||^2 + alpha ||W||^2 (intercept b not penalised, as
    :class:`sklearn.linear_model.Ridge`): the centred Gram matrices of a
    group of series are stacked and solved as one (n_group, d, d) batch by
    :func:`solve_ridge`, group after group, each group's padded inputs and
    Gram matrices taking about :data:`BATCHED_RIDGE_BYTES`; where the
    group's longest series has fewer rows than ``d``, the dual (n, n)
    systems instead (``W = H^T (H H^T + alpha I)^-1 Y`` on the centred rows,
    as scikit-learn's ``Ridge`` solves wide problems), on one BLAS thread
    below ``ONE_THREAD_MAX_FEATURES`` features.

    Parameters
    ----------
    inputs : list of ndarray of shape (n_i, d)
    targets : list of ndarray of shape (n_i, k)
    alpha : float

    Returns
    -------
    coef : ndarray of shape (n_series, k, d)
    intercept : ndarray of shape (n_series, k)
    """
    d = inputs[0].shape[1]
    # a series holds its (padded) rows and its Gram matrix: n_i + d rows of d
    groups = series_chunks([len(x) + d for x in inputs], d, 8, BATCHED_RIDGE_BYTES)
    if len(groups) > 1:
        parts = [_batched_ridge(inputs[g.start:g.stop], targets[g.start:g.stop], alpha)
                 for g in groups]
        return (np.concatenate([coef for coef, _ in parts]),
                np.concatenate([intercept for _, intercept in parts]))
    return _batched_ridge(inputs, targets, alpha)


def _batched_ridge(inputs, targets, alpha):
    """:func:`batched_ridge` of one group of series, as one batch."""
    H, lengths = padded(inputs)
    Y, _ = padded(targets)
    mask = (np.arange(H.shape[1])[None, :] < lengths[:, None])[:, :, None]
    counts = lengths[:, None].astype(np.float64)
    h_mean, y_mean = H.sum(axis=1) / counts, Y.sum(axis=1) / counts
    Hc = (H - h_mean[:, None, :]) * mask
    Yc = (Y - y_mean[:, None, :]) * mask
    n_rows, d = H.shape[1:]
    with blas_threads_for_features(d):
        if n_rows < d:
            # fewer rows than features (short series, wide states): the dual form,
            # W = Hc^T (Hc Hc^T + alpha I)^-1 Yc, an (n_rows, n_rows) system per series
            # (a padded row is zero in Hc and Yc: its dual coefficient is 0)
            kernel = np.matmul(Hc, Hc.transpose(0, 2, 1))
            W = np.matmul(Hc.transpose(0, 2, 1), solve_ridge(kernel, Yc, alpha))
        else:
            gram = np.matmul(Hc.transpose(0, 2, 1), Hc)
            W = solve_ridge(gram, np.matmul(Hc.transpose(0, 2, 1), Yc), alpha)
    intercept = y_mean - np.einsum("nd,ndk->nk", h_mean, W)
    return W.transpose(0, 2, 1), intercept
