"""Candidate designs and closed-loop rolling-origin validation of reservoir settings."""

import numpy as np
from scipy.stats import qmc

from skreservoir._backend import to_host
from skreservoir._threads import one_blas_thread

#: name -> (low, high), searched log-uniformly
RESERVOIR_RANGES = {
    "spectral_radius": (0.1, 2.0),
    "leak_rate": (0.05, 1.0),
    "input_scaling": (0.1, 3.0),
}
TARGETS = ("next", "difference")

#: The leak rates searched span these multiples of 1 / (autocorrelation time).
LEAK_RATE_PER_TAU = (0.25, 4.0)


def candidate_design(n_candidates, first=None, random_state=0, ranges=RESERVOIR_RANGES):
    """``n_candidates`` settings: ``first`` then a scrambled Sobol design.

    Every reservoir parameter is spread log-uniformly over its range in
    ``ranges``; a last coordinate picks the target (below one half:
    ``"next"``). The design is deterministic given ``random_state``.
    """
    candidates = [] if first is None else [dict(first)]
    n_draw = n_candidates - len(candidates)
    if n_draw <= 0:
        return candidates[:n_candidates]
    sampler = qmc.Sobol(d=len(ranges) + 1, scramble=True, seed=random_state)
    points = sampler.random(1 << int(np.ceil(np.log2(max(n_draw, 2)))))[:n_draw]
    for point in points:
        params = {}
        for value, (name, (low, high)) in zip(point, ranges.items()):
            params[name] = float(np.exp(np.log(low) + value * (np.log(high) - np.log(low))))
        params["target"] = TARGETS[int(point[-1] >= 0.5)]
        candidates.append(params)
    return candidates


def ridge_path(F, T, alphas):
    """Ridge fits of ``T`` on ``F`` (with an intercept) for every penalty in ``alphas``.

    One eigendecomposition of the centred Gram matrix serves every penalty.

    Returns
    -------
    coefs : ndarray of shape (n_alphas, n_features, n_targets)
    intercepts : ndarray of shape (n_alphas, n_targets)
    """
    mean_F, mean_T = F.mean(axis=0), T.mean(axis=0)
    Fc, Tc = F - mean_F, T - mean_T
    with one_blas_thread():
        squared, right = np.linalg.eigh(Fc.T @ Fc)
        projected = right.T @ (Fc.T @ Tc)
    squared = np.maximum(squared, 0.0)
    coefs = np.stack([right @ (projected / (squared + alpha)[:, None]) for alpha in alphas])
    intercepts = mean_T[None, :] - np.einsum("f,afv->av", mean_F, coefs)
    return coefs, intercepts


def blocked_ridge(F, T, alphas, blocks):
    """Ridge fits (with an intercept) on all rows of ``F`` but one block at a time.

    ``blocks`` lists ``(start, stop)`` row ranges; the fit for a block uses
    every other row (the Gram matrix of all rows less the block's).

    Returns
    -------
    coefs : ndarray of shape (n_alphas, n_blocks, n_features, n_targets)
    intercepts : ndarray of shape (n_alphas, n_blocks, n_targets)
    """
    gram, cross = F.T @ F, F.T @ T
    sum_F, sum_T = F.sum(axis=0), T.sum(axis=0)
    coefs = np.empty((len(alphas), len(blocks), F.shape[1], T.shape[1]))
    intercepts = np.empty((len(alphas), len(blocks), T.shape[1]))
    eye = np.eye(F.shape[1])
    for j, (start, stop) in enumerate(blocks):
        Fb, Tb = F[start:stop], T[start:stop]
        n_rows = len(F) - len(Fb)
        s_F, s_T = sum_F - Fb.sum(axis=0), sum_T - Tb.sum(axis=0)
        G = gram - Fb.T @ Fb - np.outer(s_F, s_F) / n_rows
        C = cross - Fb.T @ Tb - np.outer(s_F, s_T) / n_rows
        for i, alpha in enumerate(alphas):
            coef = np.linalg.solve(G + alpha * eye, C)
            coefs[i, j] = coef
            intercepts[i, j] = (s_T - s_F @ coef) / n_rows
    return coefs, intercepts


def lag_columns(Y, start, stop, n_lags):
    """Earlier values y(t-1), ..., y(t-n_lags+1) for positions start..stop-1.

    Row t holds ``[y(t-1), ..., y(t-n_lags+1)]`` (each ``n_vars`` wide);
    positions before 0 repeat ``Y[0]``. Shape (stop - start, (n_lags - 1) n_vars).
    """
    rows = np.arange(start, stop)
    return np.hstack(
        [Y[np.maximum(rows - j, 0)] for j in range(1, n_lags)] or [np.empty((len(rows), 0))]
    )


def closed_loop_errors(
    reservoir,
    Y,
    *,
    washout,
    origins,
    horizon,
    target,
    alphas,
    bounds,
    levels=False,
    states=None,
    gap=None,
    return_paths=False,
    n_lags=1,
):
    """Closed-loop errors of one fitted leaky reservoir from several origins of one series.

    The reservoir is run once over ``Y`` (scaled, (n, n_vars)). For every
    penalty in ``alphas`` a ridge readout on ``[u; state]`` is fitted on the
    rows after ``washout`` and before the first origin (``gap=None``), or,
    for every origin, on all rows after ``washout`` but those of its window
    and ``gap`` rows either side (blocked cross-validation: the reservoir
    runs causally, only the readout leaves the window out); each is run
    closed loop for ``horizon`` steps from the state at its origin, every
    value held within ``bounds``. All (penalty, origin) paths run side by
    side, one matrix product per step. With ``levels``, ``Y`` holds
    increments and the errors are those of their running sums (the levels).
    ``states``: the reservoir's outputs over ``Y[:-1]`` when already run.
    ``alphas``: the penalties, or a callable ``(F, T) -> alpha`` choosing
    one from the training rows (all rows after the washout when blocked).
    ``n_lags``: the readout reads ``[u(t), y(t-1), ..., y(t-n_lags+1);
    state]`` (``ESNForecaster``'s ``n_lags``), the forecasts fed into the lags.

    Returns
    -------
    errors : ndarray of shape (n_alphas, n_origins)
        Mean absolute error of every path (in units of the scaled ``Y``).
    alphas : ndarray of shape (n_alphas,)
    paths, truth : ndarrays of shape (n_alphas, n_origins, horizon, n_vars) and (n_origins, horizon, n_vars)
        Only with ``return_paths``: the forecasts and what they are scored
        against (the levels with ``levels``).
    """
    n_vars = Y.shape[1]
    U = Y[:-1]
    T = Y[1:] - Y[:-1] if target == "difference" else Y[1:]
    if states is None:
        states = reservoir.run_batch([U])[0][0]
    states = np.asarray(to_host(states), dtype=np.float64)
    lags = lag_columns(Y, 0, len(U), n_lags)
    F = np.hstack([U, lags, states])
    origins = np.asarray(origins, dtype=int)
    n_origins = len(origins)
    with one_blas_thread():
        if gap is None:
            rows = slice(washout, int(origins.min()) - 1)
            if callable(alphas):  # a rule that picks the penalty from the rows
                alphas = [alphas(F[rows], T[rows])]
            coefs, intercepts = ridge_path(F[rows], T[rows], alphas)
            coefs = np.repeat(coefs[:, None], n_origins, axis=1)
            intercepts = np.repeat(intercepts[:, None], n_origins, axis=1)
        else:
            rows = slice(washout, len(F))
            if callable(alphas):
                alphas = [alphas(F[rows], T[rows])]
            # the window's targets are rows origin - 1 .. origin + horizon - 2
            blocks = [
                (
                    max(o - 1 - gap - washout, 0),
                    min(o - 1 + horizon + gap - washout, len(F) - washout),
                )
                for o in origins
            ]
            coefs, intercepts = blocked_ridge(F[rows], T[rows], alphas, blocks)
    n_alphas = len(alphas)
    coef = coefs.reshape(n_alphas * n_origins, *coefs.shape[2:])
    intercept = intercepts.reshape(n_alphas * n_origins, -1)
    recurrence = reservoir._recurrence()
    W = recurrence.W
    W_T = np.ascontiguousarray((W.toarray() if hasattr(W, "toarray") else np.asarray(W)).T)
    # state after u(origin - 2); the first step consumes u(origin - 1)
    S = np.tile(states[origins - 2], (n_alphas, 1)).astype(recurrence.dtype)
    u = np.tile(Y[origins - 1], (n_alphas, 1))
    past = np.tile(lags[origins - 1], (n_alphas, 1))  # y(origin - 2), ... per path
    low, high = bounds
    paths = np.empty((n_alphas * n_origins, horizon, n_vars))
    with np.errstate(over="ignore", invalid="ignore"), one_blas_thread():
        for i in range(horizon):
            S = recurrence.step_panel(S, u, W_T)
            y = np.einsum("bf,bfv->bv", np.hstack([u, past, S]), coef) + intercept
            if target == "difference":
                y = y + u
            y = np.clip(np.nan_to_num(y, nan=0.0), low, high)
            paths[:, i] = y
            past = np.hstack([u, past])[:, : past.shape[1]]  # u becomes the first lag
            u = y
    paths = paths.reshape(n_alphas, n_origins, horizon, n_vars)
    truth = np.stack([Y[o : o + horizon] for o in origins])
    if levels:
        paths, truth = np.cumsum(paths, axis=2), np.cumsum(truth, axis=1)
    errors = np.abs(paths - truth[None]).mean(axis=(2, 3))
    if return_paths:
        return errors, np.asarray(alphas), paths, truth
    return errors, np.asarray(alphas)


def autocorrelation_time(Y):
    """Lag (in steps) at which the autocorrelation of the series first falls below 1/e.

    The median over the columns of ``Y`` (n, n_vars); the series length
    when it never does.
    """
    Y = np.asarray(Y, dtype=np.float64)
    n = len(Y)
    Z = (Y - Y.mean(axis=0)) / np.maximum(Y.std(axis=0), 1e-12)
    spectrum = np.fft.rfft(Z, 2 * n, axis=0)
    acf = np.fft.irfft(spectrum * np.conj(spectrum), axis=0)[:n] / n
    lags = []
    for column in acf.T:
        below = np.flatnonzero(column < np.exp(-1.0))
        lags.append(int(below[0]) if below.size else n)
    return float(np.median(lags))


def search_ranges(Y):
    """The ranges of :func:`candidate_design` for the series ``Y``.

    The leak rate is searched around the inverse of the autocorrelation
    time (a leaky unit averages over about 1 / leak_rate steps).
    """
    tau = max(autocorrelation_time(Y), 1.0)
    low, high = LEAK_RATE_PER_TAU
    ranges = dict(RESERVOIR_RANGES)
    ranges["leak_rate"] = (min(low / tau, 0.5), min(high / tau, 1.0))
    return ranges


#: How :func:`path_errors` sums a path's errors over its steps
#: (``AutoESNForecaster(validation_error=...)``).
PATH_ERRORS = ("log", "absolute")


def path_errors(paths, truth, floor, kind="log"):
    """Error of each validation path over its steps.

    ``paths`` (..., horizon, n_vars) against ``truth`` (broadcast alike):
    at each step the absolute error averaged over the variables; then, with
    ``kind="log"``, each held at ``floor`` or above, their geometric mean
    over the steps (the mean log-error); with ``kind="absolute"`` their
    mean (the mean absolute error of the path). On a chaotic series a forecast's error grows about
    exponentially until it saturates at the spread of the attractor, so
    the mean log-error over the steps falls the longer the forecast
    tracks the series (the early steps, where candidates differ by orders
    of magnitude, count as much as the late ones), while the mean absolute
    error of a window longer than that is mostly the saturated part, where
    candidates differ by chance. On a series whose errors do not grow so,
    both rank alike (for a given shape of the error distribution the
    geometric mean is a multiple of the mean).

    Returns
    -------
    ndarray of shape paths.shape[:-2]
    """
    per_step = np.abs(paths - truth).mean(axis=-1)
    if kind == "absolute":
        return per_step.mean(axis=-1)
    return np.exp(np.log(np.maximum(per_step, floor)).mean(axis=-1))


def window_score(errors, floor):
    """Geometric mean over the windows (last axis) of errors held at ``floor`` or above."""
    return np.exp(np.log(np.maximum(errors, floor)).mean(axis=-1))


def simplest_within_one_se(errors, complexity, floor, n_se=1.0):
    """The least complexity whose best candidate is within one standard error of the best.

    Breiman's one-standard-error rule on paired windows: ``errors``
    (n_candidates, n_windows) are the candidates' errors per validation
    window, ``complexity`` (n_candidates,) an order of simplicity (the
    number of lags). For each complexity, from the least, its best
    candidate (by :func:`window_score`) is compared with the overall best
    on the log errors of the same windows (held at ``floor``); the first
    whose mean log-error excess is at most the standard error of that mean
    is chosen. A more complex model is taken only when the validation
    shows it better beyond the noise of the windows. ``n_se`` standard
    errors instead of one widen that noise band.
    """
    errors = np.log(np.maximum(np.asarray(errors, dtype=np.float64), floor))
    complexity = np.asarray(complexity)
    scores = errors.mean(axis=1)
    best = errors[int(np.argmin(scores))]
    n_windows = errors.shape[1]
    for level in np.unique(complexity):
        group = np.flatnonzero(complexity == level)
        excess = errors[group[int(np.argmin(scores[group]))]] - best
        spread = excess.std(ddof=1) / np.sqrt(n_windows) if n_windows > 1 else 0.0
        if excess.mean() <= n_se * spread:
            return level
    return complexity[int(np.argmin(scores))]


def select_ensemble(paths, truth, first, size, floor, kind="log", one_se=False):
    """Greedy forward selection of the members whose mean path validates best.

    Starting from candidate ``first``, adds the candidate (with repetition
    not allowed) whose inclusion lowers :func:`window_score` of the mean
    path's :func:`path_errors` (of ``kind``) the most, while one does and fewer than ``size`` are chosen
    (Caruana et al.'s ensemble selection, without replacement). With
    ``one_se``, a candidate joins only when it lowers the mean log-error
    of the windows by more than the standard error of that change (the
    one-standard-error rule of :func:`simplest_within_one_se`, applied
    to every member that joins).

    Parameters
    ----------
    paths : ndarray of shape (n_candidates, n_windows, horizon, n_vars)
    truth : ndarray of shape (n_windows, horizon, n_vars)

    Returns
    -------
    members : list of int
    score : float
        The score of the chosen members' mean path.
    """

    def score(mean_path):
        return float(window_score(path_errors(mean_path, truth, floor, kind), floor))

    members, total = [first], paths[first].copy()
    current = score(total)
    while len(members) < size:
        trials = [
            (score((total + paths[c]) / (len(members) + 1)), c)
            for c in range(len(paths))
            if c not in members
        ]
        if not trials:
            break
        best, candidate = min(trials)
        if best >= current:
            break
        if one_se:
            before = np.log(np.maximum(path_errors(total / len(members), truth, floor, kind), floor))
            after = np.log(np.maximum(
                path_errors((total + paths[candidate]) / (len(members) + 1), truth, floor, kind),
                floor,
            ))
            gain = before - after
            n = gain.shape[-1]
            if n > 1 and gain.mean() <= gain.std(ddof=1) / np.sqrt(n):
                break
        members.append(candidate)
        total += paths[candidate]
        current = best
    return members, current
