"""Random weight matrices: sparse or dense draws and spectral-radius scaling."""

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import ArpackNoConvergence, eigs

#: Recurrent matrices drawn with a density below this are stored as CSR.
SPARSE_DENSITY_THRESHOLD = 0.5

#: Up to this many units the spectral radius is computed by a dense eigvals.
DENSE_EIG_MAX_UNITS = 200


def draw_values(rng, size, distribution):
    """Draw ``size`` values from ``"normal"``, ``"uniform"`` or ``"bernoulli"``.

    normal: N(0, 1); uniform: U(-1, 1); bernoulli: -1 or +1 with
    probability 1/2 each.
    """
    if distribution == "normal":
        return rng.standard_normal(size)
    if distribution == "uniform":
        return rng.uniform(-1.0, 1.0, size)
    if distribution == "bernoulli":
        return rng.choice(np.array([-1.0, 1.0]), size)
    raise ValueError(
        f"Unknown distribution {distribution!r}. Expected one of: 'normal', "
        "'uniform', 'bernoulli'."
    )


def random_matrix(rng, shape, *, density, distribution, sparse, dtype):
    """Return a random matrix with ``round(density * size)`` nonzeros.

    The positions of the nonzeros are drawn uniformly without replacement,
    then their values from ``distribution``. With ``sparse`` the result is a
    CSR matrix, otherwise a dense ndarray.
    """
    n_rows, n_cols = shape
    size = n_rows * n_cols
    n_nonzero = size if density >= 1.0 else int(round(density * size))
    if n_nonzero == size:
        positions = np.arange(size)
    else:
        positions = np.sort(rng.choice(size, n_nonzero, replace=False))
    values = draw_values(rng, n_nonzero, distribution).astype(dtype, copy=False)
    rows, cols = np.divmod(positions, n_cols)
    matrix = sp.csr_array((values, (rows, cols)), shape=shape, dtype=dtype)
    return matrix if sparse else matrix.toarray()


def spectral_radius(W):
    """Return the largest absolute eigenvalue of the square matrix ``W``.

    Dense ``numpy.linalg.eigvals`` up to :data:`DENSE_EIG_MAX_UNITS` units,
    ARPACK (``scipy.sparse.linalg.eigs``) above, with a fixed start vector so
    the result is deterministic.
    """
    n_units = W.shape[0]
    if n_units <= DENSE_EIG_MAX_UNITS:
        dense = W.toarray() if sp.issparse(W) else np.asarray(W)
        return float(np.max(np.abs(np.linalg.eigvals(dense.astype(np.float64)))))
    v0 = np.random.default_rng(0).standard_normal(n_units)
    operator = W.astype(np.float64) if sp.issparse(W) else np.asarray(W, np.float64)
    try:
        eigenvalues = eigs(operator, k=1, which="LM", v0=v0, tol=1e-10,
                           maxiter=max(1000, 20 * n_units),
                           return_eigenvectors=False)
    except ArpackNoConvergence:
        dense = W.toarray() if sp.issparse(W) else np.asarray(W)
        eigenvalues = np.linalg.eigvals(dense.astype(np.float64))
    return float(np.max(np.abs(eigenvalues)))


def scale_to_spectral_radius(W, target):
    """Return ``W`` rescaled so that its spectral radius equals ``target``."""
    radius = spectral_radius(W)
    if radius == 0.0:
        raise ValueError(
            "The drawn recurrent matrix W has spectral radius 0 (it is nilpotent, "
            "usually because it is too sparse), so it cannot be scaled to "
            "spectral_radius. Increase density or n_units, or pass W yourself."
        )
    return W * (target / radius)
