"""Calibrated class probabilities from a ridge classifier's leave-one-out scores."""

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax

from skreservoir._preprocessing import scores_to_proba

#: Bounds of the fitted temperature: probabilities are never sharper than
#: softmax(100 * scores) nor flatter than softmax(scores / 100).
TEMPERATURE_BOUNDS = (1e-2, 1e2)


def _score_matrix(scores):
    """(n,) binary scores -> (n, 2) columns (-d, d); (n, k) scores unchanged."""
    scores = np.asarray(scores, dtype=np.float64)
    return np.column_stack([-scores, scores]) if scores.ndim == 1 else scores


def fit_temperature(scores, y_index):
    """The temperature T minimising the log loss of softmax(scores / T).

    Parameters
    ----------
    scores : ndarray of shape (n,) or (n, n_classes)
        Out-of-sample decision values (one column: the second class's score
        against the first), e.g. a ridge classifier's leave-one-out values.
    y_index : ndarray of shape (n,)
        Index of every sample's true class.

    Returns
    -------
    temperature : float
        In :data:`TEMPERATURE_BOUNDS`.
    """
    scores = _score_matrix(scores)
    rows = np.arange(len(y_index))

    def log_loss(log_t):
        return -log_softmax(scores / np.exp(log_t), axis=1)[rows, y_index].mean()

    low, high = np.log(TEMPERATURE_BOUNDS)
    return float(np.exp(minimize_scalar(log_loss, bounds=(low, high),
                                        method="bounded").x))


def leave_one_out_scores(features, y_index, n_classes, alpha):
    """Leave-one-out decision values of a ridge classifier with intercept.

    The classifier is scikit-learn's ``RidgeClassifier``: targets +-1 per
    class (one column, the second class, for two classes), ridge penalty
    ``alpha`` on the coefficients, none on the intercept. Every sample's
    held-out value comes from the hat matrix H of the fit:
    (f_i - H_ii y_i) / (1 - H_ii), with f the fitted values.

    Parameters
    ----------
    features : ndarray of shape (n, p)
    y_index : ndarray of shape (n,)
        Index of every sample's class.
    n_classes : int
    alpha : float

    Returns
    -------
    scores : ndarray of shape (n,) for two classes, else (n, n_classes)
    """
    features = np.asarray(features, dtype=np.float64)
    n, p = features.shape
    targets = -np.ones((n, n_classes))
    targets[np.arange(n), y_index] = 1.0
    if n_classes == 2:
        targets = targets[:, 1:]
    centred = features - features.mean(axis=0)
    if n <= p:
        gram = centred @ centred.T
        hat = np.linalg.solve(gram + alpha * np.eye(n), gram)  # commutes with gram
    else:
        inverse = np.linalg.solve(centred.T @ centred + alpha * np.eye(p), centred.T)
        hat = centred @ inverse
    hat += 1.0 / n  # the unpenalised intercept
    fitted = hat @ targets
    leverage = np.diag(hat)[:, None]
    scores = (fitted - leverage * targets) / np.maximum(1.0 - leverage, 1e-12)
    return scores[:, 0] if n_classes == 2 else scores


def calibrated_proba(scores, temperature):
    """Class probabilities softmax(scores / temperature), (n, n_classes)."""
    return scores_to_proba(_score_matrix(scores) / temperature)
