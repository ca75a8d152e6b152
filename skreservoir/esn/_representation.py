"""One vector per series from its reservoir states: pooling and model spaces."""

import numpy as np

from skreservoir._panel import pool_states
from skreservoir._ridge import batched_ridge


def pooled_statistics(states, washout=0, thresholds=None):
    """Per unit: mean, standard deviation, last value and proportions of positive values.

    The proportion of positive values (PPV) is the statistic that pools
    MiniRocket's convolutions (Dempster et al., 2021); here it pools the
    states, each a nonlinear recursive filter of the series. With
    ``thresholds`` (MiniRocket's biases drawn from quantiles of the
    convolution outputs), also the proportions of values above each.

    Parameters
    ----------
    states : list of ndarray of shape (n_timesteps_i, d)
    washout : int
        First rows left out of the statistics (not of the last value).
    thresholds : ndarray of shape (n_thresholds, d), default=None
        Per unit thresholds of further proportions.

    Returns
    -------
    pooled : ndarray of shape (n_series, (4 + n_thresholds) * d)
        ``[mean, std, last, ppv, ppv above thresholds[0], ...]`` blocks of d
        columns.
    """
    thresholds = np.zeros((0, 0)) if thresholds is None else thresholds
    if len({len(s) for s in states}) == 1 and all(isinstance(s, np.ndarray) for s in states):
        # numpy series of one length: the statistics of all at once, not series by series
        panel = np.stack(states)
        kept = panel[:, washout:]
        return np.concatenate([kept.mean(axis=1), kept.std(axis=1), panel[:, -1],
                               (kept > 0).mean(axis=1),
                               *[(kept > level).mean(axis=1) for level in thresholds]],
                              axis=1)
    rows = []
    for s in states:
        kept = s[washout:]
        rows.append(np.concatenate([kept.mean(axis=0), kept.std(axis=0), s[-1],
                                    (kept > 0).mean(axis=0),
                                    *[(kept > level).mean(axis=0) for level in thresholds]]))
    return np.stack(rows)


def series_representation(states, representation, washout=0, inputs=None, alpha=1.0,
                          thresholds=None):
    """One vector per series from its states (Bianchi et al., 2021).

    Parameters
    ----------
    states : list of ndarray of shape (n_timesteps_i, d)
    representation : {"last", "mean", "pooled", "output_model_space", "reservoir_model_space"}
        ``"last"`` and ``"mean"`` pool the states (:func:`pool_states`),
        ``"pooled"`` concatenates four statistics (:func:`pooled_statistics`); the
        model spaces are the flattened coefficients and intercept of a ridge
        model per series predicting u(t+1) (``inputs``) or x(t+1) from x(t),
        for t after ``washout``.
    washout : int
        First rows left out of the mean and of the model-space fits.
    inputs : list of ndarray of shape (n_timesteps_i, n_features), default=None
        The input series (output model space only).
    alpha : float
        Ridge penalty of the model-space fits.
    thresholds : ndarray of shape (n_thresholds, d), default=None
        Further proportions of ``"pooled"`` (:func:`pooled_statistics`).

    Returns
    -------
    representation : ndarray of shape (n_series, n_output_features)
    """
    if representation in ("last", "mean"):
        return pool_states(states, representation, washout)
    if representation == "pooled":
        return pooled_statistics(states, washout, thresholds)
    predictors = [s[washout:-1] for s in states]
    if representation == "output_model_space":
        targets = [u[washout + 1:] for u in inputs]
    else:
        targets = [s[washout + 1:] for s in states]
    coef, intercept = batched_ridge(predictors, targets, alpha)
    return np.hstack([coef.reshape(len(states), -1), intercept])

