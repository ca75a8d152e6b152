"""Numeric building blocks of the forecasters: the ridge penalty by cross-validation (the automatic washout is skreservoir._base.auto_washout)."""


import numpy as np

from skreservoir._ridge import SCALE_ADVICE
from skreservoir._threads import blas_threads_for_features

#: Candidate ridge penalties of ``alpha="auto"`` (the readouts' scale: a
#: penalty on the sum of squared errors over the training rows).
ALPHA_GRID = np.logspace(-9, 2, 23)


def ridge_loo(F, T, *, fit_intercept, alphas=ALPHA_GRID, n_blocks=None, gap=0):
    """Ridge penalty of least leave-one-out (or out-of-block) error, from one decomposition.

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
    n_blocks : int or None, default=None
        None: leave one row out (with ``gap``, each row with its ``gap``
        neighbours either side: h-block cross-validation). An int: blocked
        cross-validation, for rows in time order: the rows are cut into
        ``n_blocks`` contiguous blocks, and each block's residuals are those
        of the fit without the block and without ``gap`` rows either side of
        it. Leaving out a set ``S`` of rows, the residuals on ``S`` are
        ``(I - H_SS)^-1 (t_S - f_S)`` (``H`` the hat matrix), exact for
        ridge, so a block costs one solve of its own size per candidate (the
        h-block's solves, one per row, run batched).
    gap : int, default=0
        Rows left out of the fit either side of a block, or of each row.

    Returns
    -------
    alpha : float
        The candidate with the least mean squared leave-one-out (or
        out-of-block) residual (summed over targets); the largest of equal
        ones.
    residuals : ndarray of shape (n_rows, n_targets)
        Its leave-one-out (out-of-block) residuals.
    errors : ndarray of shape (n_alphas,)
        Mean squared residual of every candidate.
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
    with blas_threads_for_features(min(F.shape)):
        if F.shape[0] >= F.shape[1]:
            with np.errstate(over="ignore", invalid="ignore"):  # said below
                gram = F.T @ F
            if not np.all(np.isfinite(gram)):  # eigh said "Eigenvalues did not converge"
                raise ValueError(
                    "The readout's normal equations overflowed: the features are too "
                    "large for their squares to be summed in float64. " + SCALE_ADVICE)
            squared, right = np.linalg.eigh(gram)
            keep = squared > squared.max() * 1e-14
            squared, right = squared[keep], right[:, keep]
            left = (F @ right) / np.sqrt(squared)
        else:
            left, singular, _ = np.linalg.svd(F, full_matrices=False)
            squared = singular**2
    projected = left.T @ T
    left_out = None if n_blocks is None else _left_out_sets(len(F), n_blocks, gap)
    shrinks = squared / (squared + np.asarray(alphas, dtype=np.float64)[:, None])
    windows = (_hblock_windows(left, gap, shrinks, offset) if n_blocks is None and gap > 0
               else None)
    errors, residuals = [], []
    for a, shrink in enumerate(shrinks):
        fitted = left @ (shrink[:, None] * projected)
        if windows is not None:
            loo = _hblock_residuals(windows, a, T - fitted)
        elif left_out is None:
            leverage = (left**2) @ shrink + offset
            loo = (T - fitted) / np.maximum(1.0 - leverage, 1e-12)[:, None]
        else:
            loo = np.empty_like(T)
            for rows, block in left_out:
                # the hat matrix on the rows left out; with an intercept it
                # holds 1/n everywhere (centred columns are orthogonal to 1)
                hat = (left[rows] * shrink) @ left[rows].T + offset
                try:
                    out = np.linalg.solve(np.eye(len(rows)) - hat, T[rows] - fitted[rows])
                except np.linalg.LinAlgError:  # the other rows cannot predict these
                    out = np.full((len(rows), T.shape[1]), np.inf)
                loo[block] = out[block - rows[0]]
        errors.append(float(np.mean(np.sum(loo**2, axis=1))))
        residuals.append(loo)
    errors = np.asarray(errors)
    errors[~np.isfinite(errors)] = np.inf
    best = int(np.flatnonzero(errors <= errors.min() * (1 + 1e-12))[-1])
    return float(alphas[best]), residuals[best], errors


#: Contiguous blocks of the blocked cross-validation of :func:`select_alpha`.
CV_BLOCKS = 5

#: Rows left out either side of each row by :func:`select_alpha` where the
#: rows outnumber the features (h-block cross-validation).
HBLOCK_GAP = 2


def select_alpha(F, T, *, fit_intercept, alphas=ALPHA_GRID):
    """The ridge penalty of ``alpha="auto"``: h-block cross-validation, or blocks where the fit can interpolate.

    Rows in time order (one per time step) are not independent: a row's
    neighbours carry nearly its features (a reservoir's states change
    slowly) and nearly its target, so that a row left out alone is partly
    predicted from copies of itself and leave-one-out rewards small
    penalties. Where the rows outnumber the features by more than one (and
    a window, ``2 HBLOCK_GAP + 1`` rows), each
    row is predicted by the fit without it and its :data:`HBLOCK_GAP`
    neighbours either side (h-block cross-validation, Burman, Chow and
    Nolan 1994), exact from one decomposition. On two years of a daily
    series with a yearly cycle, differenced, leave-one-out's errors lay
    within 3 % of each other from 1e-9 to 1e-2 and it took 1e-9, whose
    closed loop of the increments drifted (MASE 1.15 over four weeks); the
    h-block took 3e-3 (0.40). Where the rows do not outnumber the features
    by more than one (a short series, a few hundred units), a small penalty
    lets the fit pass through every row and a left-out row, or window, is
    reproduced from its neighbours: on a quarterly series of 134 rows (US
    consumption growth, 300 units) leave-one-out's errors were 0.40 to 0.41
    for penalties of 1e-8 to 1e-7, where the error one step ahead on the
    last quarter of the rows, fitted on the rest, was 161 to 93 (0.75 with
    a penalty of 1). There the penalty is chosen by blocked
    cross-validation over :data:`CV_BLOCKS` contiguous blocks (each block's
    residuals from the fit on the other blocks). ``python
    benchmarks/forecasting.py --alpha-rule`` compares the criteria with
    ``ESNForecaster()`` on chaotic systems fitted on 300 to 1000 points, on
    the real series and on daily series (the user guide's ``alpha``); the
    rule loses where a long chaotic series meets more units than rows (1000
    points, 1200 units: blocks 0.105, leave-one-out 0.084): a series that
    covers its attractor densely meets again the states a fit
    interpolates. Returns what :func:`ridge_loo` returns.
    """
    n_rows, n_features = np.shape(F)
    # centred rows (the intercept) can be interpolated up to n_features + 1; a
    # window of every row (2 HBLOCK_GAP + 1 or fewer) leaves no fit to predict it
    if n_rows > max(n_features + 1, 2 * HBLOCK_GAP + 1):
        return ridge_loo(F, T, fit_intercept=fit_intercept, alphas=alphas, gap=HBLOCK_GAP)
    chosen = ridge_loo(F, T, fit_intercept=fit_intercept, alphas=alphas, n_blocks=CV_BLOCKS)
    if not np.isfinite(chosen[2].min()):  # no penalty predicted every block: one row at a time
        return ridge_loo(F, T, fit_intercept=fit_intercept, alphas=alphas)
    return chosen


def _hat_bands(left, shrinks, offset, width, products=None):
    """The diagonals of the hat matrix nearest the main one, for every row of ``shrinks``.

    Shape (n_penalties, ``width``, n_rows): diagonal ``d`` at row ``a`` is
    ``H[a, a + d] = sum_k left[a, k] left[a + d, k] shrink_k + offset``
    (zero past the end), from the products ``left[a] * left[a + d]``
    (``products``, or made one at a time: each is the size of ``left``).
    """
    n_rows = left.shape[0]
    bands = np.zeros((shrinks.shape[0], width, n_rows))
    for d in range(min(width, n_rows)):  # none for rows further apart than the series
        product = left[: n_rows - d] * left[d:] if products is None else products[d]
        bands[:, d, : n_rows - d] = (product @ shrinks.T).T + offset
        del product  # before the next one is made
    return bands


def _hblock_windows(left, gap, shrinks, offset):
    """What the h-block residuals of every penalty share (see :func:`_hblock_residuals`).

    The hat matrix's diagonals nearest the main one (:func:`_hat_bands`)
    for every penalty (a row of ``shrinks``) or, with fewer features than
    penalties, the products they are made from (whichever takes less
    memory: ``2 gap + 1`` times the series, times the penalties or the
    features).
    """
    n_rows, width = left.shape[0], 2 * gap + 1
    if left.shape[1] < shrinks.shape[0]:
        shared = {"products": [left[: n_rows - d] * left[d:] for d in range(min(width, n_rows))],
                  "left": left, "shrinks": shrinks, "offset": offset}
    else:
        shared = {"bands": _hat_bands(left, shrinks, offset, width)}
    return {**shared, "gap": gap}


def _hblock_residuals(windows, index, residuals):
    """Each row's residual from the fit without it and its ``gap`` neighbours either side.

    For row ``i`` and its window ``S`` (rows ``i - gap`` to ``i + gap`` in
    the series), ``(I - H_SS)^-1 (t_S - f_S)`` at ``i``, with ``H = left
    diag(shrink) left^T + offset`` the hat matrix and ``residuals = t - f``;
    ``windows`` from :func:`_hblock_windows` (``index``: the penalty's row
    of the ``shrinks`` they were made with). Only the diagonals of ``H``
    nearest the main one are made, the windows' systems are gathered from
    them by shifted slices and solved batched. At the ends of the series a
    window holds the rows it has (the positions outside it are decoupled:
    identity rows, zero residuals). A window the other rows cannot predict
    (``I - H_SS`` singular) gets an infinite residual.
    """
    gap = windows["gap"]
    width = 2 * gap + 1
    if "bands" in windows:
        bands = windows["bands"][index]
    else:
        bands = _hat_bands(windows["left"], windows["shrinks"][index:index + 1],
                           windows["offset"], width, windows["products"])[0]
    # position p of row i's window is row i - gap + p: with gap zeros either side
    # of the series, H[i - gap + p, i - gap + q] (p <= q) is padded[q - p, i + p]
    n_rows = residuals.shape[0]
    padded = np.zeros((width, n_rows + 2 * gap))
    padded[:, gap:gap + n_rows] = bands
    system = np.empty((n_rows, width, width))
    for p in range(width):
        for q in range(p, width):
            system[:, p, q] = system[:, q, p] = -padded[q - p, p:p + n_rows]
        system[:, p, p] += 1.0
    padded = np.zeros((n_rows + 2 * gap, residuals.shape[1]))
    padded[gap:gap + n_rows] = residuals
    rhs = np.stack([padded[p:p + n_rows] for p in range(width)], axis=1)
    try:
        solved = np.linalg.solve(system, rhs)
    except np.linalg.LinAlgError:
        solved = np.full(rhs.shape, np.inf)
        for k in range(len(system)):
            try:
                solved[k] = np.linalg.solve(system[k], rhs[k])
            except np.linalg.LinAlgError:
                pass
    return solved[:, gap]


def _left_out_sets(n_rows, n_blocks, gap):
    """(rows left out of the fit, rows of the block) for each of ``n_blocks`` contiguous blocks."""
    edges = np.linspace(0, n_rows, min(n_blocks, n_rows) + 1).round().astype(int)
    sets = []
    for start, stop in zip(edges[:-1], edges[1:]):
        rows = np.arange(max(start - gap, 0), min(stop + gap, n_rows))
        sets.append((rows, np.arange(start, stop)))
    return sets
