"""Readouts: linear models trained on reservoir states."""

import warnings
from numbers import Integral, Real

import numpy as np
import scipy.linalg
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.multiclass import check_classification_targets

from skreservoir._sklearn_compat import (
    Interval,
    _check_partial_fit_first_call,
    _fit_context,
    check_is_fitted,
)
from skreservoir._validation import check_washout, restore_layout, validate_series
from skreservoir.exceptions import ReadoutSolveWarning

__all__ = ["RidgeReadout", "RidgeReadoutClassifier"]


# -- solver functions -------------------------------------------------------
def solve_ridge(gram, cross, alpha):
    """Solve ``(gram + alpha I) coef = cross`` for symmetric ``gram``.

    Cholesky first; when it fails (the matrix is not numerically positive
    definite), an eigendecomposition that drops the null directions, with a
    :class:`~skreservoir.exceptions.ReadoutSolveWarning`.

    Returns
    -------
    coef : ndarray of shape (n_features, n_outputs)
    """
    A = gram + alpha * np.eye(gram.shape[0])
    try:
        factor = scipy.linalg.cho_factor(A, lower=False, check_finite=False)
        # Rounding can let the factorisation of a singular matrix "succeed"
        # with a pivot at machine precision: treat that as a failure too.
        pivots = np.abs(np.diag(factor[0]))
        well_conditioned = (pivots.min() ** 2
                            > np.finfo(np.float64).eps * A.shape[0] * pivots.max() ** 2)
        coef = scipy.linalg.cho_solve(factor, cross, check_finite=False)
        if well_conditioned and np.all(np.isfinite(coef)):
            return coef
    except (np.linalg.LinAlgError, scipy.linalg.LinAlgError):
        pass
    warnings.warn(
        f"The ridge system with alpha={alpha!r} is not positive definite to "
        "machine precision; solved by eigendecomposition instead. Increase "
        "alpha for a better conditioned readout.",
        ReadoutSolveWarning,
        stacklevel=3,
    )
    eigenvalues, eigenvectors = scipy.linalg.eigh(A)
    cutoff = np.finfo(np.float64).eps * max(A.shape) * np.max(np.abs(eigenvalues))
    inverse = np.zeros_like(eigenvalues)
    keep = eigenvalues > cutoff
    inverse[keep] = 1.0 / eigenvalues[keep]
    return eigenvectors @ (inverse[:, None] * (eigenvectors.T @ cross))


class _RidgeNormalEquations:
    """Exact running sums for a ridge regression with or without intercept.

    Rows are shifted by the first chunk's means before they are summed, which
    keeps the centred Gram matrix accurate when features have a large mean.
    The sums are exact: the same rows give the same solution in any number of
    chunks.
    """

    def __init__(self, n_features, n_outputs, fit_intercept):
        self.fit_intercept = fit_intercept
        self.n_samples = 0
        self.x_shift = np.zeros(n_features)
        self.y_shift = np.zeros(n_outputs)
        self.gram = np.zeros((n_features, n_features))
        self.cross = np.zeros((n_features, n_outputs))
        self.x_sum = np.zeros(n_features)
        self.y_sum = np.zeros(n_outputs)

    def add(self, X, Y):
        X = np.asarray(X, dtype=np.float64)
        Y = np.asarray(Y, dtype=np.float64)
        if self.n_samples == 0 and self.fit_intercept:
            self.x_shift = X.mean(axis=0)
            self.y_shift = Y.mean(axis=0)
        Xc = X - self.x_shift
        Yc = Y - self.y_shift
        self.gram += Xc.T @ Xc
        self.cross += Xc.T @ Yc
        self.x_sum += Xc.sum(axis=0)
        self.y_sum += Yc.sum(axis=0)
        self.n_samples += X.shape[0]

    def solve(self, alpha):
        """Return ``coef`` (n_outputs, n_features) and ``intercept`` (n_outputs,)."""
        if not self.fit_intercept:
            coef = solve_ridge(self.gram, self.cross, alpha)
            return coef.T, np.zeros(coef.shape[1])
        x_mean = self.x_sum / self.n_samples
        y_mean = self.y_sum / self.n_samples
        gram = self.gram - self.n_samples * np.outer(x_mean, x_mean)
        cross = self.cross - self.n_samples * np.outer(x_mean, y_mean)
        coef = solve_ridge(gram, cross, alpha)
        intercept = (y_mean + self.y_shift) - (x_mean + self.x_shift) @ coef
        return coef.T, intercept


def _stack_after_washout(arrays, washout):
    """Concatenate the rows of every series after its first ``washout`` rows."""
    return np.concatenate([a[washout:] for a in arrays], axis=0)


# -- estimators -------------------------------------------------------------
class _BaseRidgeReadout(BaseEstimator):
    """Shared fit/partial_fit/decision code of the ridge readouts."""

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "fit_intercept": ["boolean"],
        "washout": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(self, alpha=1e-6, *, fit_intercept=True, washout=0):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.washout = washout

    def _accumulate(self, Xs, Ys, layout, reset):
        """Add the rows of every series, after washout, to the normal equations."""
        check_washout(self.washout, layout.lengths)
        X = _stack_after_washout(Xs, self.washout)
        Y = _stack_after_washout(Ys, self.washout)
        if reset:
            self._equations = _RidgeNormalEquations(X.shape[1], Y.shape[1],
                                                    self.fit_intercept)
        elif Y.shape[1] != self._equations.y_sum.shape[0]:
            raise ValueError(
                f"y has {Y.shape[1]} outputs but earlier calls to partial_fit "
                f"had {self._equations.y_sum.shape[0]}."
            )
        self._equations.add(X, Y)
        self.n_samples_seen_ = self._equations.n_samples
        coef, intercept = self._equations.solve(self.alpha)
        return coef, intercept

    def _decision(self, X):
        """Return ``X @ coef_.T + intercept_`` for every series, and the layout."""
        check_is_fitted(self)
        Xs, _, layout = validate_series(self, X, reset=False)
        return [x @ self.coef_.T + self.intercept_ for x in Xs], layout

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        return tags


class RidgeReadout(RegressorMixin, _BaseRidgeReadout):
    r"""Ridge regression readout with exact streaming updates.

    Minimises :math:`\|y - X w - c\|^2 + \alpha \|w\|^2` over the rows of all
    series after the first ``washout`` rows of each. ``partial_fit``
    accumulates :math:`X^T X` and :math:`X^T y` exactly, so a fit in chunks
    gives the same coefficients as one ``fit``; the solve is a Cholesky
    factorisation (an eigendecomposition, with a
    :class:`~skreservoir.exceptions.ReadoutSolveWarning`, when it fails).

    Parameters
    ----------
    alpha : float, default=1e-6
        Regularisation strength :math:`\alpha` (ReservoirPy: ``ridge``).
    fit_intercept : bool, default=True
        Fit an unpenalised intercept :math:`c`, as
        :class:`sklearn.linear_model.Ridge` does.
    washout : int, default=0
        Number of first time steps of every series left out of training
        (ReservoirPy: ``warmup``). Predictions keep all rows.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_outputs, n_features)
        Weights; 1D when ``y`` was 1D.
    intercept_ : float or ndarray of shape (n_outputs,)
        Intercept (0 when ``fit_intercept=False``).
    n_samples_seen_ : int
        Number of rows used for training so far.
    n_features_in_ : int
        Number of features seen during ``fit``.

    See Also
    --------
    sklearn.linear_model.Ridge : The same model, without streaming or panels.
    RidgeReadoutClassifier : The classifier version.

    Notes
    -----
    ``X`` may be one series (2D) or a panel (3D array or list of 2D arrays),
    with ``y`` of the same structure; predictions have the structure of
    ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir import RidgeReadout
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 5))
    >>> y = X @ np.arange(5.0) + 1.0
    >>> readout = RidgeReadout(alpha=1e-8).fit(X[:100], y[:100])
    >>> _ = readout.partial_fit(X[100:], y[100:])
    >>> print(np.round(readout.coef_, 6) + 0.0, round(readout.intercept_, 6))
    [0. 1. 2. 3. 4.] 1.0
    """

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the readout on a series or a panel.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).
        y : array-like with the structure of ``X``
            Targets of shape (n_timesteps,) or (n_timesteps, n_outputs) per
            series.

        Returns
        -------
        self : RidgeReadout
            The fitted readout.
        """
        return self._partial_fit(X, y, reset=True)

    def partial_fit(self, X, y):
        """Add a chunk of rows to the training set and update the solution.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).
        y : array-like with the structure of ``X``
            Targets.

        Returns
        -------
        self : RidgeReadout
            The updated readout.
        """
        first_call = not hasattr(self, "coef_")
        if first_call:
            self._validate_params()
        return self._partial_fit(X, y, reset=first_call)

    def _partial_fit(self, X, y, reset):
        Xs, ys, layout = validate_series(self, X, y, reset=reset, y_required=True)
        y_1d = ys[0].ndim == 1
        if not reset and y_1d != (np.ndim(self.coef_) == 1):
            raise ValueError(
                "y must keep the same number of dimensions across partial_fit calls."
            )
        Ys = [yi.reshape(len(yi), -1) for yi in ys]
        coef, intercept = self._accumulate(Xs, Ys, layout, reset)
        self.coef_ = coef[0] if y_1d else coef
        self.intercept_ = float(intercept[0]) if y_1d else intercept
        return self

    def predict(self, X):
        """Predict the targets of a series or a panel.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).

        Returns
        -------
        y_pred : ndarray or list of ndarray
            Shape (n_timesteps,) or (n_timesteps, n_outputs) per series, with
            the structure of ``X``.
        """
        outputs, layout = self._decision(X)
        return restore_layout(outputs, layout)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


class RidgeReadoutClassifier(ClassifierMixin, _BaseRidgeReadout):
    r"""Ridge classifier readout (one-vs-all) with exact streaming updates.

    Labels are encoded as +1 for the class and -1 for the others (one column
    for two classes), a :class:`RidgeReadout` is fitted to these targets, and
    the predicted class is the one with the largest decision value, as in
    :class:`sklearn.linear_model.RidgeClassifier`.

    Parameters
    ----------
    alpha : float, default=1e-6
        Regularisation strength (ReservoirPy: ``ridge``).
    fit_intercept : bool, default=True
        Fit an unpenalised intercept.
    washout : int, default=0
        Number of first time steps of every series left out of training.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        Weights (one row for two classes).
    intercept_ : ndarray of shape (1,) or (n_classes,)
        Intercepts.
    n_samples_seen_ : int
        Number of rows used for training so far.
    n_features_in_ : int
        Number of features seen during ``fit``.

    See Also
    --------
    sklearn.linear_model.RidgeClassifier : The same model, without streaming.
    skreservoir.ESNClassifier : A reservoir and this readout in one estimator.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir import RidgeReadoutClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(300, 4))
    >>> y = np.where(X[:, 0] + X[:, 1] > 0, "up", "down")
    >>> clf = RidgeReadoutClassifier().fit(X, y)
    >>> print(clf.classes_, round(clf.score(X, y), 2))
    ['down' 'up'] 0.97
    """

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the classifier on a series or a panel with per-step labels.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).
        y : array-like with the structure of ``X``
            One label per time step.

        Returns
        -------
        self : RidgeReadoutClassifier
            The fitted classifier.
        """
        for attr in ("classes_", "coef_"):
            if hasattr(self, attr):
                delattr(self, attr)
        return self._partial_fit(X, y, classes=None, reset=True, infer_classes=True)

    def partial_fit(self, X, y, classes=None):
        """Add a chunk of labelled rows and update the solution.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).
        y : array-like with the structure of ``X``
            One label per time step.
        classes : array-like of shape (n_classes,), default=None
            All the classes; required on the first call, ignored after.

        Returns
        -------
        self : RidgeReadoutClassifier
            The updated classifier.
        """
        first_call = not hasattr(self, "coef_")
        if first_call:
            self._validate_params()
        return self._partial_fit(X, y, classes=classes, reset=first_call)

    def _partial_fit(self, X, y, classes, reset, infer_classes=False):
        Xs, ys, layout = validate_series(self, X, y, reset=reset, y_required=True,
                                         y_numeric=False, multi_output=False)
        labels = np.concatenate([np.ravel(yi) for yi in ys])
        check_classification_targets(labels)
        if infer_classes:
            classes = np.unique(labels)
        if _check_partial_fit_first_call(self, classes):
            self._binarizer = LabelBinarizer(pos_label=1, neg_label=-1)
            self._binarizer.fit(self.classes_)
        unknown = np.setdiff1d(labels, self.classes_)
        if unknown.size:
            raise ValueError(
                f"y contains labels {unknown.tolist()} that are not in classes "
                f"{self.classes_.tolist()}; pass every class to the first "
                "partial_fit call."
            )
        Ys = [self._binarizer.transform(np.ravel(yi)).astype(np.float64) for yi in ys]
        self.coef_, self.intercept_ = self._accumulate(Xs, Ys, layout, reset)
        return self

    def decision_function(self, X):
        """Return the decision values of every time step.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).

        Returns
        -------
        scores : ndarray or list of ndarray
            Shape (n_timesteps,) for two classes (positive means
            ``classes_[1]``) or (n_timesteps, n_classes), per series, with
            the structure of ``X``.
        """
        outputs, layout = self._decision(X)
        if len(self.classes_) == 2:
            outputs = [o[:, 0] for o in outputs]
        return restore_layout(outputs, layout)

    def predict(self, X):
        """Predict one label per time step.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).

        Returns
        -------
        y_pred : ndarray or list of ndarray
            Labels of shape (n_timesteps,) per series, with the structure of
            ``X``.
        """
        outputs, layout = self._decision(X)
        labels = [self.classes_[_scores_to_indices(o)] for o in outputs]
        return restore_layout(labels, layout)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = True
        return tags


def _scores_to_indices(scores):
    """Class indices from decision values of shape (n, 1) or (n, n_classes)."""
    if scores.shape[1] == 1:
        return (scores[:, 0] > 0).astype(int)
    return np.argmax(scores, axis=1)
