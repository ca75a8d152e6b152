"""Candidate designs and closed-loop rolling-origin validation of reservoir settings."""

import numpy as np
from scipy.stats import qmc

from skreservoir._backend import to_host

#: name -> (low, high), searched log-uniformly
RESERVOIR_RANGES = {
    "spectral_radius": (0.1, 2.0),
    "leak_rate": (0.05, 1.0),
    "input_scaling": (0.1, 3.0),
}
TARGETS = ("next", "difference")


def candidate_design(n_candidates, first=None, random_state=0):
    """``n_candidates`` settings: ``first`` then a scrambled Sobol design.

    Every reservoir parameter is spread log-uniformly over its range in
    :data:`RESERVOIR_RANGES`; a fourth coordinate picks the target (below
    one half: ``"next"``). The design is deterministic given
    ``random_state``.
    """
    candidates = [] if first is None else [dict(first)]
    n_draw = n_candidates - len(candidates)
    if n_draw <= 0:
        return candidates[:n_candidates]
    sampler = qmc.Sobol(d=len(RESERVOIR_RANGES) + 1, scramble=True, seed=random_state)
    points = sampler.random(1 << int(np.ceil(np.log2(max(n_draw, 2)))))[:n_draw]
    for point in points:
        params = {}
        for value, (name, (low, high)) in zip(point, RESERVOIR_RANGES.items()):
            params[name] = float(np.exp(np.log(low) + value * (np.log(high) - np.log(low))))
        params["target"] = TARGETS[int(point[-1] >= 0.5)]
        candidates.append(params)
    return candidates


def ridge_solve(F, T, alpha, fit_intercept=True):
    """Coefficients (n_features, n_targets) and intercept of a ridge fit."""
    mean_F = F.mean(axis=0) if fit_intercept else np.zeros(F.shape[1])
    mean_T = T.mean(axis=0) if fit_intercept else np.zeros(T.shape[1])
    Fc, Tc = F - mean_F, T - mean_T
    gram = Fc.T @ Fc + alpha * np.eye(F.shape[1])
    coef = np.linalg.solve(gram, Fc.T @ Tc)
    return coef, mean_T - mean_F @ coef


def closed_loop_scores(reservoir, Y, *, washout, origins, horizon, target, alpha_fn,
                       bounds):
    """Closed-loop error of one fitted reservoir from several origins of one series.

    The reservoir is run once over ``Y`` (scaled, (n, n_vars)); for every
    origin ``o`` a ridge readout on ``[u; state]`` is fitted on the rows
    before it (after ``washout``), with the penalty ``alpha_fn(F, T)``
    returns for all rows before the last origin, and run closed loop for ``horizon`` steps from the state at
    ``o``, each value held within ``bounds``.

    Returns
    -------
    scores : list of float
        Root mean squared error of every origin (in units of the scaled Y).
    alphas : list of float
    """
    n_vars = Y.shape[1]
    U = Y[:-1]
    T = Y[1:] - Y[:-1] if target == "difference" else Y[1:]
    states = np.asarray(to_host(reservoir.run_batch([U])[0][0]), dtype=np.float64)
    features = np.hstack([U, states])
    advance = reservoir.step_function(reservoir.initial_state_)
    low, high = bounds
    scores, alphas = [], []
    last = slice(washout, max(origins) - 1)
    alpha = alpha_fn(features[last], T[last])
    with reservoir.step_context():
        for origin in origins:
            rows = slice(washout, origin - 1)
            coef, intercept = ridge_solve(features[rows], T[rows], alpha)
            state = reservoir.initial_state_ if origin < 2 else states[origin - 2]
            u = Y[origin - 1]
            # state after u(origin - 2); consume u(origin - 1), then feed back
            state = advance(state, u)
            path = np.empty((horizon, n_vars))
            for i in range(horizon):
                row = np.concatenate([u, np.asarray(to_host(reservoir.state_output(state)))])
                y_next = row @ coef + intercept
                if target == "difference":
                    y_next = y_next + u
                if not np.all(np.isfinite(y_next)):
                    y_next = np.nan_to_num(y_next, nan=0.0)
                y_next = np.clip(y_next, low, high)
                path[i] = y_next
                u = y_next
                if i + 1 < horizon:
                    state = advance(state, u)
            truth = Y[origin:origin + horizon]
            scores.append(float(np.sqrt(np.mean((path[:len(truth)] - truth) ** 2))))
            alphas.append(alpha)
    return scores, alphas
