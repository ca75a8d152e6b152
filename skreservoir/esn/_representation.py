"""One vector per series from its reservoir states: pooling and model spaces."""

import math
import numbers

import numpy as np

from skreservoir._panel import pool_states as _pool_states
from skreservoir._ridge import batched_ridge
from skreservoir._validation import check_option, check_series_list, check_washout

#: The representations of :func:`series_representation` (:func:`pool_states`: the first two).
REPRESENTATIONS = ("last", "mean", "pooled", "output_model_space", "reservoir_model_space")


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
        # numpy series of one length: the statistics of a block of series at
        # once, not series by series; blocks of about POOLED_BLOCK_BYTES, so
        # that the temporaries of the standard deviation stay small (the
        # whole panel's cost a page fault per page on a first call)
        size = max(states[0].size * states[0].itemsize, 1)
        step = max(1, POOLED_BLOCK_BYTES // size)
        return np.concatenate([
            _pooled_block(np.stack(states[i:i + step]), washout, thresholds)
            for i in range(0, len(states), step)
        ])
    # series of several lengths (or not numpy): one at a time, each a block of one
    return np.concatenate([_pooled_block(s[None], washout, thresholds) for s in states])


#: Bytes of states whose pooled statistics :func:`pooled_statistics` computes at once.
POOLED_BLOCK_BYTES = 2**22


def _pooled_block(panel, washout, thresholds):
    """:func:`pooled_statistics` of a 3D block of series of one length.

    The mean and the standard deviation computed in float64, every statistic
    returned in the states' dtype (the proportions were float64 for float32
    states). In float32 the deviations from a float32 mean of a saturated
    unit (states about 1 - 2e-7, a few float32 steps apart) were off by as
    much as the std itself (up to 389 %); the compiled kernel's are not.
    """
    kept = panel[:, washout:]
    dtype = kept.dtype if kept.dtype.kind == "f" else np.float64
    return np.concatenate([kept.mean(axis=1, dtype=np.float64),
                           kept.std(axis=1, dtype=np.float64), panel[:, -1],
                           (kept > 0).mean(axis=1),
                           *[(kept > level).mean(axis=1) for level in thresholds]],
                          axis=1, dtype=dtype)


def _series_representation(states, representation, washout=0, inputs=None, alpha=1.0,
                           thresholds=None):
    """:func:`series_representation` of validated states (lists of float 2D arrays),
    for :class:`ESNTransformer`, which makes them itself."""
    if representation in ("last", "mean"):
        return _pool_states(states, representation, washout)
    if representation == "pooled":
        return pooled_statistics(states, washout, thresholds)
    predictors = [s[washout:-1] for s in states]
    if representation == "output_model_space":
        targets = [u[washout + 1:] for u in inputs]
    else:
        targets = [s[washout + 1:] for s in states]
    coef, intercept = batched_ridge(predictors, targets, alpha)
    return np.hstack([coef.reshape(len(states), -1), intercept])


def pool_states(features, representation, washout=0):
    """One vector per series: the ``"last"`` row or the ``"mean"`` of the rows.

    Parameters
    ----------
    features : list of array-like of shape (n_timesteps_i, n_features), or array-like of shape (n_series, n_timesteps, n_features)
        The states (or any features) of each series; one series is a list
        of one array.
    representation : {"last", "mean"}
    washout : int, default=0
        Rows left out of the mean; it must leave a row in every series.

    Returns
    -------
    pooled : ndarray of shape (n_series, n_features)
    """
    features = check_series_list(features, "features")
    check_option(representation, "representation", REPRESENTATIONS[:2])
    check_washout(washout, [len(f) for f in features])
    return _pool_states(features, representation, washout)


def series_representation(states, representation, washout=0, inputs=None, alpha=1.0,
                          thresholds=None):
    """One vector per series from its states (Bianchi et al., 2021).

    The checked entry point of the representations :class:`ESNTransformer`
    computes (it calls them on states it made itself).

    Parameters
    ----------
    states : list of array-like of shape (n_timesteps_i, d), or array-like of shape (n_series, n_timesteps, d)
        One series is a list of one array.
    representation : {"last", "mean", "pooled", "output_model_space", "reservoir_model_space"}
        ``"last"`` and ``"mean"`` pool the states (:func:`pool_states`),
        ``"pooled"`` concatenates four statistics (:func:`pooled_statistics`); the
        model spaces are the flattened coefficients and intercept of a ridge
        model per series predicting u(t+1) (``inputs``) or x(t+1) from x(t),
        for t after ``washout``.
    washout : int, default=0
        First rows left out of the mean and of the model-space fits.
    inputs : list of array-like of shape (n_timesteps_i, n_features), default=None
        The input series (output model space only, where it is required).
    alpha : float, default=1.0
        Ridge penalty of the model-space fits, >= 0.
    thresholds : array-like of shape (n_thresholds, d), default=None
        Further proportions of ``"pooled"`` (:func:`pooled_statistics`).

    Returns
    -------
    representation : ndarray of shape (n_series, n_output_features)
    """
    check_option(representation, "representation", REPRESENTATIONS)
    states = check_series_list(states, "states")
    lengths = [len(s) for s in states]
    check_washout(washout, lengths)
    if representation.endswith("model_space"):
        if min(lengths) < washout + 2:
            raise ValueError(
                f"representation={representation!r} fits x(t+1) (or u(t+1)) on x(t) after "
                f"washout={washout}, so every series needs at least washout + 2 = "
                f"{washout + 2} time steps; the shortest has {min(lengths)}."
            )
        if (isinstance(alpha, bool) or not isinstance(alpha, numbers.Real)
                or not math.isfinite(alpha) or alpha < 0):
            raise ValueError(f"alpha must be a finite float >= 0, got {alpha!r}.")
    if representation == "output_model_space":
        if inputs is None:
            raise ValueError(
                "representation='output_model_space' predicts the inputs: pass the "
                "input series as inputs."
            )
        inputs = check_series_list(inputs, "inputs")
        if [len(u) for u in inputs] != lengths:
            raise ValueError(
                "inputs must hold one series per series of states, of the same lengths; "
                f"got lengths {[len(u) for u in inputs][:5]} for states of lengths "
                f"{lengths[:5]}."
            )
    if representation == "pooled" and thresholds is not None:
        thresholds = np.asarray(thresholds, dtype=np.float64)
        d = states[0].shape[1]
        if thresholds.ndim != 2 or thresholds.shape[1] != d or not np.all(
                np.isfinite(thresholds)):
            raise ValueError(
                f"thresholds must be a finite array of shape (n_thresholds, {d}), one "
                f"threshold per unit, got shape {thresholds.shape}."
            )
    return _series_representation(states, representation, washout, inputs, alpha,
                                  thresholds)
