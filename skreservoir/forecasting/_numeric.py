"""Numeric building blocks of the forecasters: ridge by leave-one-out (the automatic washout is skreservoir._base.auto_washout)."""

from contextlib import nullcontext

import numpy as np

from skreservoir._threads import one_blas_thread

#: Decompositions of fewer features than this run on one BLAS thread: a
#: 301 x 301 ``eigh`` took 0.03 s on one thread and 1.6 s on two while other
#: processes held the cores (2-core machine, load average 7.8).
ONE_THREAD_MAX_FEATURES = 1000

#: Candidate ridge penalties of ``alpha="auto"`` (the readouts' scale: a
#: penalty on the sum of squared errors over the training rows).
ALPHA_GRID = np.logspace(-9, 2, 23)


def ridge_loo(F, T, *, fit_intercept, alphas=ALPHA_GRID):
    """Ridge penalty of least leave-one-out error, from one singular value decomposition.

    The leave-one-out residual of row i is ``(t_i - f_i) / (1 - h_ii)``,
    with ``h_ii`` the diagonal of the ridge hat matrix, so every candidate
    costs one product with the decomposition (as scikit-learn's ``RidgeCV``
    does it).

    Parameters
    ----------
    F : ndarray of shape (n_rows, n_features)
    T : ndarray of shape (n_rows, n_targets)
    fit_intercept : bool
        Centre ``F`` and ``T`` first (an unpenalised intercept).
    alphas : array of float

    Returns
    -------
    alpha : float
        The candidate with the least mean squared leave-one-out residual
        (summed over targets); the largest of equal ones.
    residuals : ndarray of shape (n_rows, n_targets)
        Its leave-one-out residuals.
    errors : ndarray of shape (n_alphas,)
        Mean squared leave-one-out residual of every candidate.
    """
    F = np.asarray(F, dtype=np.float64)
    T = np.asarray(T, dtype=np.float64)
    offset = 0.0
    if fit_intercept:
        F = F - F.mean(axis=0)
        T = T - T.mean(axis=0)
        offset = 1.0 / len(F)
    # F = left diag(singular) right^T from the eigendecomposition of the
    # Gram matrix (cheaper than an SVD when rows outnumber features)
    small = min(F.shape) < ONE_THREAD_MAX_FEATURES
    with one_blas_thread() if small else nullcontext():
        if F.shape[0] >= F.shape[1]:
            squared, right = np.linalg.eigh(F.T @ F)
            keep = squared > squared.max() * 1e-14
            squared, right = squared[keep], right[:, keep]
            left = (F @ right) / np.sqrt(squared)
        else:
            left, singular, _ = np.linalg.svd(F, full_matrices=False)
            squared = singular**2
    projected = left.T @ T
    errors, residuals = [], []
    for alpha in alphas:
        shrink = squared / (squared + alpha)
        fitted = left @ (shrink[:, None] * projected)
        leverage = (left**2) @ shrink + offset
        loo = (T - fitted) / np.maximum(1.0 - leverage, 1e-12)[:, None]
        errors.append(float(np.mean(np.sum(loo**2, axis=1))))
        residuals.append(loo)
    errors = np.asarray(errors)
    errors[~np.isfinite(errors)] = np.inf
    best = int(np.flatnonzero(errors <= errors.min() * (1 + 1e-12))[-1])
    return float(alphas[best]), residuals[best], errors
