"""Small numerical steps shared by the estimators: standardisation, scores to probabilities."""

import numpy as np
from array_api_compat import array_namespace
from scipy.special import softmax

from skreservoir._dask import is_dask_collection


def scaled_moments(values, axis=0):
    """Means and standard deviations of ``values`` along ``axis``, divided by the largest
    magnitude along it first: the squares of values near the float64 limit (1e155 and
    up) would overflow, those near 1e-200 underflow to 0. numpy's functions, so that a
    dask array gives dask arrays (reduced where it lives)."""
    magnitude = np.max(np.abs(values), axis=axis, keepdims=True)
    magnitude = np.where(magnitude > 0, magnitude, 1.0)
    scaled = values / magnitude
    magnitude = np.squeeze(magnitude, axis=axis)
    return scaled.mean(axis=axis) * magnitude, scaled.std(axis=axis) * magnitude


def standardizer(values):
    """Column means and scales that standardise ``values`` (n_rows, n_columns).

    A constant column keeps scale 1, so it is centred but not divided by 0.

    Returns
    -------
    mean, scale : ndarray of shape (n_columns,)
    """
    mean, scale = scaled_moments(values)
    return mean, np.where(scale > 0, scale, 1.0)


def log_proba(proba):
    """The log of class probabilities as ``predict_proba`` returns them (an array of any
    namespace, or a list of arrays); a probability of 0 gives -inf, as in scikit-learn."""
    if isinstance(proba, list):
        return [log_proba(p) for p in proba]
    if is_dask_collection(proba):  # lazily, block by block (each under the errstate)
        return proba.map_blocks(log_proba, dtype=proba.dtype)
    with np.errstate(divide="ignore"):
        return array_namespace(proba).log(proba)


def scores_to_proba(scores):
    """Class probabilities from decision values: their softmax.

    Parameters
    ----------
    scores : ndarray of shape (n,) or (n, n_classes)
        Decision values; one column (two classes) is the score of the second
        class against the first.

    Returns
    -------
    proba : ndarray of shape (n, n_classes)
    """
    scores = np.asarray(scores)
    if scores.ndim == 1:
        scores = np.column_stack([-scores, scores])
    return softmax(scores, axis=1)
