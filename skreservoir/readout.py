"""Readouts: linear models trained on reservoir states."""

import warnings
from contextlib import contextmanager
from numbers import Integral, Real

import numpy as np
import scipy.linalg
from array_api_compat import array_namespace
from array_api_compat import device as array_device
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.multiclass import check_classification_targets

from skreservoir._backend import (
    NUMPY,
    HostPickleMixin,
    check_same_namespace,
    compute_namespace,
    host_state,
    is_numpy,
    output_for,
    to_host,
    to_namespace,
)
from skreservoir._dynamics import lms_update, rls_update, symmetric_from_upper
from skreservoir._sklearn_compat import (
    Interval,
    StrOptions,
    _check_partial_fit_first_call,
    _fit_context,
    check_is_fitted,
)
from skreservoir._validation import check_washout, restore_layout, validate_series
from skreservoir.exceptions import LMSStabilityWarning, ReadoutSolveWarning

__all__ = [
    "ForceReadout",
    "ForceReadoutClassifier",
    "LMSReadout",
    "RidgeReadout",
    "RidgeReadoutClassifier",
]


# -- solver functions -------------------------------------------------------
def solve_ridge(gram, cross, alpha):
    """Solve ``(gram + alpha I) coef = cross`` for symmetric ``gram``.

    Cholesky first; when it fails (the matrix is not numerically positive
    definite), an eigendecomposition that drops the null directions, with a
    :class:`~skreservoir.exceptions.ReadoutSolveWarning`.

    Written against the array API: on numpy, scipy's Cholesky; on another
    namespace, its ``linalg.solve`` (and ``linalg.eigh`` for the fallback).

    Returns
    -------
    coef : array of shape (n_features, n_outputs)
    """
    xp = array_namespace(gram)
    if not is_numpy(xp):
        return _solve_ridge_xp(xp, gram, cross, alpha)
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
    _warn_not_positive_definite(alpha, stacklevel=3)
    eigenvalues, eigenvectors = scipy.linalg.eigh(A)
    cutoff = np.finfo(np.float64).eps * max(A.shape) * np.max(np.abs(eigenvalues))
    inverse = np.zeros_like(eigenvalues)
    keep = eigenvalues > cutoff
    inverse[keep] = 1.0 / eigenvalues[keep]
    return eigenvectors @ (inverse[:, None] * (eigenvectors.T @ cross))


def _warn_not_positive_definite(alpha, stacklevel):
    warnings.warn(
        f"The ridge system with alpha={alpha!r} is not positive definite to "
        "machine precision; solved by eigendecomposition instead. Increase "
        "alpha for a better conditioned readout.",
        ReadoutSolveWarning,
        stacklevel=stacklevel + 1,
    )


def _solve_ridge_xp(xp, gram, cross, alpha):
    """:func:`solve_ridge` for any array API namespace."""
    n = gram.shape[0]
    A = gram + alpha * xp.eye(n, dtype=gram.dtype, device=array_device(gram))
    try:
        coef = xp.linalg.solve(A, cross)
        if bool(xp.all(xp.isfinite(coef))):
            return coef
    except Exception:  # noqa: BLE001  (each namespace raises its own LinAlgError)
        pass
    _warn_not_positive_definite(alpha, stacklevel=4)
    eigenvalues, eigenvectors = xp.linalg.eigh(A)
    cutoff = np.finfo(np.float64).eps * n * float(xp.max(xp.abs(eigenvalues)))
    keep = eigenvalues > cutoff
    inverse = xp.where(keep, 1.0 / xp.where(keep, eigenvalues, 1.0), 0.0)
    return eigenvectors @ (inverse[:, None] * (eigenvectors.T @ cross))


def _column_means(xp, A):
    """Column means of ``A`` in float64 (a float array is not copied first)."""
    if not xp.isdtype(A.dtype, "real floating"):
        A = xp.astype(A, xp.float64)
    return xp.astype(xp.mean(A, axis=0), xp.float64)


#: Rows per block when the normal equations are accumulated.
ROW_BLOCK = 8192


class _RidgeNormalEquations:
    """Exact running sums for a ridge regression with or without intercept.

    Rows are shifted by the first chunk's means before they are summed, which
    keeps the centred Gram matrix accurate when features have a large mean.
    The sums are exact: the same rows give the same solution in any number of
    chunks. They are kept in float64 in the namespace of the rows (on the GPU
    for cupy rows), whatever the dtype of the rows.
    """

    def __init__(self, n_features, n_outputs, fit_intercept, xp=NUMPY, device=None):
        self.fit_intercept = fit_intercept
        self.n_samples = 0
        zeros = lambda *shape: xp.zeros(shape, dtype=xp.float64, device=device)  # noqa: E731
        self.x_shift = zeros(n_features)
        self.y_shift = zeros(n_outputs)
        self.gram = zeros(n_features, n_features)
        self.cross = zeros(n_features, n_outputs)
        self.x_sum = zeros(n_features)
        self.y_sum = zeros(n_outputs)

    def __getstate__(self):
        return host_state(vars(self))

    def add(self, X, Y):
        """Add the rows ``X`` (n, n_features) with targets ``Y`` (n, n_outputs).

        Blocks of :data:`ROW_BLOCK` rows are shifted (a copy of one block, in
        float64) and added with one matrix product each (``Xc.T @ Xc``, which
        numpy runs as a BLAS ``syrk``): no Python loop over rows, no copy of
        all of ``X``.
        """
        xp = array_namespace(self.gram)
        device = array_device(self.gram)
        X = to_namespace(X, xp, device)
        Y = to_namespace(Y, xp, device)
        if self.n_samples == 0 and self.fit_intercept:
            self.x_shift = _column_means(xp, X)
            self.y_shift = _column_means(xp, Y)
        for start in range(0, X.shape[0], ROW_BLOCK):
            rows = slice(start, min(start + ROW_BLOCK, X.shape[0]))
            Xc = xp.astype(X[rows, ...], xp.float64, copy=False)
            Yc = xp.astype(Y[rows, ...], xp.float64, copy=False)
            if self.fit_intercept:  # without an intercept the rows are used as they are
                Xc = Xc - self.x_shift
                Yc = Yc - self.y_shift
                self.x_sum += xp.sum(Xc, axis=0)
                self.y_sum += xp.sum(Yc, axis=0)
            self.gram += Xc.T @ Xc
            self.cross += Xc.T @ Yc
        self.n_samples += X.shape[0]

    def solve(self, alpha):
        """Return ``coef`` (n_outputs, n_features) and ``intercept`` (n_outputs,)."""
        xp = array_namespace(self.gram)
        if not self.fit_intercept:
            coef = solve_ridge(self.gram, self.cross, alpha)
            return coef.T, xp.zeros(coef.shape[1], dtype=xp.float64,
                                    device=array_device(coef))
        x_mean = self.x_sum / self.n_samples
        y_mean = self.y_sum / self.n_samples
        gram = self.gram - self.n_samples * (x_mean[:, None] * x_mean[None, :])
        cross = self.cross - self.n_samples * (x_mean[:, None] * y_mean[None, :])
        coef = solve_ridge(gram, cross, alpha)
        intercept = (y_mean + self.y_shift) - (x_mean + self.x_shift) @ coef
        return coef.T, intercept


def _stack_after_washout(arrays, washout):
    """Concatenate the rows of every series after its first ``washout`` rows."""
    if len(arrays) == 1:  # one series: a view, no copy
        return arrays[0][washout:, ...]
    return array_namespace(arrays[0]).concat([a[washout:, ...] for a in arrays], axis=0)


def _append_ones(X, fit_intercept):
    """``X`` as float64 with a constant 1 column appended when ``fit_intercept``."""
    X = np.asarray(X, dtype=np.float64)
    if not fit_intercept:
        return X
    return np.hstack([X, np.ones((X.shape[0], 1))])


def _stacked_weights(coef, intercept, fit_intercept):
    """A new (n_features[+1], n_outputs) weight matrix from ``coef_`` and ``intercept_``.

    The intercept is the weight of the constant 1 column (last row) when
    ``fit_intercept``; ``coef_`` may be 1D (one output) or 2D.
    """
    rows = np.atleast_2d(coef).T
    if fit_intercept:
        rows = np.vstack([rows, np.atleast_1d(intercept)[None, :]])
    return np.array(rows, dtype=np.float64, order="C")


def _split_weights(W, n_features):
    """``coef`` (n_outputs, n_features) and ``intercept`` (n_outputs,) from stacked weights."""
    coef = np.ascontiguousarray(W[:n_features].T)
    intercept = W[n_features].copy() if W.shape[0] > n_features else np.zeros(W.shape[1])
    return coef, intercept


@contextmanager
def _unchanged_on_error(estimator):
    """Give ``estimator`` back its attributes as they were when the block raises.

    The copy is shallow: updates must replace fitted arrays, not write into
    them, before anything that can raise.
    """
    saved = dict(vars(estimator))
    try:
        yield
    except BaseException:
        vars(estimator).clear()
        vars(estimator).update(saved)
        raise


# -- estimators -------------------------------------------------------------
class _BaseReadout(HostPickleMixin, BaseEstimator):
    """Panels, washout and decision values, shared by every readout.

    A subclass provides ``_update(X, Y, reset)``: learn from the rows ``X``
    (n_samples, n_features) with targets ``Y`` (n_samples, n_outputs), from
    scratch when ``reset``, and return ``coef`` (n_outputs, n_features) and
    ``intercept`` (n_outputs,).

    Readouts with ``_device_native`` compute in the namespace of their input
    (or of ``backend`` for numpy input); the others compute on the host and
    give results back in the namespace of the input.
    """

    _device_native = False

    def _namespace(self, X, method, fitted=False):
        """``(xp, device)`` that a call with input ``X`` computes in."""
        if not self._device_native:
            return NUMPY, None
        xp, device = compute_namespace(X, getattr(self, "backend", None))
        if fitted:
            check_same_namespace(self, "coef_", xp, method)
        return xp, device

    def _validated(self, X, y, method, reset, **kwargs):
        """Validate on the host; return the series moved to the compute namespace."""
        xp, device = self._namespace(X, method, fitted=not reset)
        Xs, ys, layout = validate_series(self, to_host(X), to_host(y), reset=reset,
                                         **kwargs)
        return to_namespace(Xs, xp, device), ys, layout, (xp, device)

    def _accumulate(self, Xs, Ys, layout, reset):
        """Learn from the rows of every series after washout."""
        check_washout(self.washout, layout.lengths)
        X = _stack_after_washout(Xs, self.washout)
        Y = _stack_after_washout(Ys, self.washout)
        if not reset:
            n_outputs = 1 if self.coef_.ndim == 1 else self.coef_.shape[0]
            if Y.shape[1] != n_outputs:
                raise ValueError(
                    f"y has {Y.shape[1]} outputs but earlier calls to partial_fit "
                    f"had {n_outputs}."
                )
        coef, intercept = self._update(X, Y, reset)
        self.n_samples_seen_ = X.shape[0] + (0 if reset else self.n_samples_seen_)
        return coef, intercept

    def _decision(self, X, method):
        """Return ``X @ coef_.T + intercept_`` for every series, and the layout."""
        check_is_fitted(self)
        Xs, _, layout, (xp, device) = self._validated(X, None, method, reset=False)
        coef = to_namespace(self.coef_, xp, device)
        coef = coef if coef.ndim == 1 else coef.T
        intercept = self.intercept_
        if not isinstance(intercept, float):
            intercept = to_namespace(intercept, xp, device)
        return [x @ coef + intercept for x in Xs], layout

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        return tags


class _ReadoutRegressor(RegressorMixin, _BaseReadout):
    """fit, partial_fit and predict of the regression readouts."""

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the readout on a series or a panel, from scratch.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).
        y : array-like with the structure of ``X``
            Targets of shape (n_timesteps,) or (n_timesteps, n_outputs) per
            series.

        Returns
        -------
        self : object
            The fitted readout.
        """
        with _unchanged_on_error(self):
            return self._partial_fit(X, y, reset=True)

    def partial_fit(self, X, y):
        """Learn from a chunk of rows, continuing from the current state.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).
        y : array-like with the structure of ``X``
            Targets.

        Returns
        -------
        self : object
            The updated readout.
        """
        first_call = not hasattr(self, "coef_")
        if first_call:
            self._validate_params()
        with _unchanged_on_error(self):
            return self._partial_fit(X, y, reset=first_call)

    def _partial_fit(self, X, y, reset):
        Xs, ys, layout, (xp, device) = self._validated(
            X, y, "partial_fit", reset=reset, y_required=True)
        y_1d = ys[0].ndim == 1
        if not reset and y_1d != (self.coef_.ndim == 1):
            raise ValueError(
                "y must keep the same number of dimensions across partial_fit calls."
            )
        Ys = to_namespace([yi.reshape(len(yi), -1) for yi in ys], xp, device)
        coef, intercept = self._accumulate(Xs, Ys, layout, reset)
        self.coef_ = coef[0, :] if y_1d else coef
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
        outputs, layout = self._decision(X, "predict")
        return output_for(X, restore_layout(outputs, layout))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


class _ReadoutClassifier(ClassifierMixin, _BaseReadout):
    """One-vs-all +1/-1 encoding, fit, partial_fit and decisions of the classifiers."""

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the classifier on a series or a panel with per-step labels, from scratch.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).
        y : array-like with the structure of ``X``
            One label per time step.

        Returns
        -------
        self : object
            The fitted classifier.
        """
        with _unchanged_on_error(self):
            for attr in ("classes_", "coef_"):
                if hasattr(self, attr):
                    delattr(self, attr)
            return self._partial_fit(X, y, classes=None, reset=True,
                                     infer_classes=True)

    def partial_fit(self, X, y, classes=None):
        """Learn from a chunk of labelled rows, continuing from the current state.

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
        self : object
            The updated classifier.
        """
        first_call = not hasattr(self, "coef_")
        if first_call:
            self._validate_params()
        with _unchanged_on_error(self):
            return self._partial_fit(X, y, classes=classes, reset=first_call)

    def _partial_fit(self, X, y, classes, reset, infer_classes=False):
        Xs, ys, layout, (xp, device) = self._validated(
            X, y, "partial_fit", reset=reset, y_required=True, y_numeric=False,
            multi_output=False)
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
        Ys = to_namespace([self._binarizer.transform(np.ravel(yi)).astype(np.float64)
                           for yi in ys], xp, device)
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
        outputs, layout = self._decision(X, "decision_function")
        if len(self.classes_) == 2:
            outputs = [o[:, 0] for o in outputs]
        return output_for(X, restore_layout(outputs, layout))

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
        outputs, layout = self._decision(X, "predict")
        labels = [self.classes_[to_host(_scores_to_indices(o))] for o in outputs]
        return output_for(X, restore_layout(labels, layout))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = True
        return tags


def _scores_to_indices(scores):
    """Class indices from decision values of shape (n, 1) or (n, n_classes)."""
    xp = array_namespace(scores)
    if scores.shape[1] == 1:
        return xp.astype(scores[:, 0] > 0, xp.int64)
    return xp.argmax(scores, axis=1)


# -- learning rules -------------------------------------------------------------
class _BaseRidgeReadout(_BaseReadout):
    """Parameters and update of the ridge readouts: exact normal equations."""

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "fit_intercept": ["boolean"],
        "washout": [Interval(Integral, 0, None, closed="left")],
        "backend": [StrOptions({"numpy", "cupy"}), None],
    }

    def __init__(self, alpha=1e-6, *, fit_intercept=True, washout=0, backend=None):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.washout = washout
        self.backend = backend

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.array_api_support = True
        return tags

    _device_native = True

    def _update(self, X, Y, reset):
        if reset:
            self._equations = _RidgeNormalEquations(
                X.shape[1], Y.shape[1], self.fit_intercept, array_namespace(X),
                array_device(X))
        self._equations.add(X, Y)
        return self._equations.solve(self.alpha)


class _BaseForceReadout(_BaseReadout):
    """Parameters and update of the FORCE readouts: recursive least squares."""

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="neither")],
        "forgetting_factor": [Interval(Real, 0, 1, closed="right")],
        "fit_intercept": ["boolean"],
        "washout": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(self, alpha=1.0, *, forgetting_factor=1.0, fit_intercept=True,
                 washout=0):
        self.alpha = alpha
        self.forgetting_factor = forgetting_factor
        self.fit_intercept = fit_intercept
        self.washout = washout

    def _update(self, X, Y, reset):
        Z = _append_ones(X, self.fit_intercept)
        if reset:
            P = np.eye(Z.shape[1], order="F") / self.alpha
            W = np.zeros((Z.shape[1], Y.shape[1]))
        else:
            if self._P_upper.shape[0] != Z.shape[1]:
                raise ValueError(
                    f"fit_intercept={self.fit_intercept!r} differs from the value "
                    "of the first partial_fit call; call fit to start again."
                )
            # A copy: the previous P_ survives an update that fails.
            P = np.array(self._P_upper, dtype=np.float64, order="F")
            W = _stacked_weights(self.coef_, self.intercept_, self.fit_intercept)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            rls_update(P, W, Z, Y, self.forgetting_factor)
        if not (np.all(np.isfinite(P)) and np.all(np.isfinite(W))):
            raise ValueError(
                f"The RLS update became non-finite with alpha={self.alpha!r} and "
                f"forgetting_factor={self.forgetting_factor!r}. With "
                "forgetting_factor < 1, P_ grows by 1 / forgetting_factor per step "
                "in the directions the inputs do not excite: raise "
                "forgetting_factor (towards 1) or scale the inputs. The readout "
                "was left as it was before this call."
            )
        # Only the upper triangle is kept current between calls (the update
        # reads nothing else); ``P_`` gives the full symmetric matrix.
        self._P_upper = P
        return _split_weights(W, X.shape[1])

    @property
    def P_(self):
        """The inverse correlation matrix P, symmetric (a new array)."""
        check_is_fitted(self, "_P_upper")
        return symmetric_from_upper(self._P_upper)


# -- public estimators ----------------------------------------------------------
class RidgeReadout(_BaseRidgeReadout, _ReadoutRegressor):
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
    backend : {"numpy", "cupy"} or None, default=None
        Where the normal equations are accumulated and solved for numpy
        input (``"cupy"``: on the GPU); None takes
        ``skreservoir.get_config()["backend"]``. Input of another array API
        namespace computes in it, and ``coef_`` lives in the namespace of
        the fit.

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
    ForceReadout : The same solution, learnt row by row by recursive least
        squares (with a regularised intercept).

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

class RidgeReadoutClassifier(_BaseRidgeReadout, _ReadoutClassifier):
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
    backend : {"numpy", "cupy"} or None, default=None
        Where the normal equations are accumulated and solved for numpy
        input (``"cupy"``: on the GPU); None takes
        ``skreservoir.get_config()["backend"]``. Input of another array API
        namespace computes in it, and ``coef_`` lives in the namespace of
        the fit.

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
    ForceReadoutClassifier : The same solution, learnt row by row.
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

class ForceReadout(_BaseForceReadout, _ReadoutRegressor):
    r"""Online readout trained by recursive least squares (FORCE learning).

    Each training row :math:`x_t` (with a constant 1 appended when
    ``fit_intercept``) and its target :math:`y_t` update the weights
    :math:`W` and the inverse correlation matrix :math:`P`, with the
    forgetting factor :math:`\lambda`:

    .. math::

        e_t &= y_t - W_{t-1}^T x_t, \qquad
        k_t = \frac{P_{t-1} x_t}{\lambda + x_t^T P_{t-1} x_t}, \\
        W_t &= W_{t-1} + k_t e_t^T, \qquad
        P_t = \frac{P_{t-1} - k_t x_t^T P_{t-1}}{\lambda},

    from :math:`W_0 = 0` and :math:`P_0 = I / \alpha`. After :math:`n` rows,
    :math:`W_n` minimises exactly

    .. math::

        \sum_{t=1}^{n} \lambda^{n-t} \|y_t - W^T x_t\|^2
        + \lambda^n \alpha \|W\|^2,

    so with ``forgetting_factor=1`` it is the ridge solution of every row seen
    so far, whatever the chunks given to ``partial_fit``. Each row costs
    :math:`O(n_{features}^2)` and the memory does not grow with the number of
    rows: only ``coef_``, ``intercept_`` and ``P_`` are kept.

    Parameters
    ----------
    alpha : float, default=1.0
        Regularisation :math:`\alpha > 0`, with :math:`P_0 = I / \alpha`
        (ReservoirPy: ``alpha`` of the ``RLS`` node, which also starts from
        ``P = I / alpha``). Small values learn fast from the first rows but
        regularise little.
    forgetting_factor : float, default=1.0
        :math:`\lambda` in (0, 1]: the weight of a row decays by this factor at
        every later row, a memory of about :math:`1 / (1 - \lambda)` rows.
        1 forgets nothing (ReservoirPy: ``forgetting``).
    fit_intercept : bool, default=True
        Learn an intercept as the weight of a constant 1 feature
        (ReservoirPy: ``fit_bias``). Unlike :class:`RidgeReadout`, the
        intercept is regularised by :math:`P_0` like the other weights.
    washout : int, default=0
        Number of first time steps of every series left out of training
        (ReservoirPy: ``warmup``). Predictions keep all rows.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_outputs, n_features)
        Weights; 1D when ``y`` was 1D.
    intercept_ : float or ndarray of shape (n_outputs,)
        Intercept (0 when ``fit_intercept=False``).
    P_ : ndarray of shape (n_features + 1, n_features + 1) or (n_features, n_features)
        Inverse of the (forgetting-weighted, regularised) correlation matrix
        of the training rows, symmetric; the last row and column belong to
        the constant feature when ``fit_intercept``.
    n_samples_seen_ : int
        Number of rows used for training so far.
    n_features_in_ : int
        Number of features seen during ``fit``.

    See Also
    --------
    RidgeReadout : The same solution (``forgetting_factor=1``) by exact
        normal equations, with an unpenalised intercept.
    LMSReadout : Cheaper (:math:`O(n_{features})` per row) but slower to
        converge.
    ForceReadoutClassifier : The classifier version.

    Notes
    -----
    ``X`` may be one series (2D) or a panel (3D array or list of 2D arrays),
    with ``y`` of the same structure; a panel is learnt from the rows of each
    series after ``washout``, series after series. With
    ``forgetting_factor < 1``, :math:`P` grows by :math:`1 / \lambda` per row
    in any direction the inputs stop exciting; an update that becomes
    non-finite raises a ValueError and leaves the readout as it was.

    References
    ----------
    .. [1] Sussillo, D. and Abbott, L. F. (2009). Generating coherent patterns
       of activity from chaotic neural networks. Neuron, 63(4), 544-557.
    .. [2] Haykin, S. (2002). Adaptive Filter Theory, 4th ed., ch. 9.
       Prentice Hall.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir import ForceReadout
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(500, 5))
    >>> y = X @ np.arange(5.0) + 1.0 + 0.01 * rng.normal(size=500)
    >>> readout = ForceReadout(alpha=1e-3)
    >>> for start in range(0, 500, 100):  # stream 100 time steps at a time
    ...     _ = readout.partial_fit(X[start:start + 100], y[start:start + 100])
    >>> print(readout.n_samples_seen_, np.round(readout.coef_, 2) + 0.0,
    ...       round(readout.score(X, y), 6))
    500 [0. 1. 2. 3. 4.] 0.999997
    """


class ForceReadoutClassifier(_BaseForceReadout, _ReadoutClassifier):
    r"""Online classifier readout (one-vs-all) trained by recursive least squares.

    Labels are encoded as +1 for the class and -1 for the others (one column
    for two classes) and a :class:`ForceReadout` learns these targets online:

    .. math::

        e_t = y_t - W_{t-1}^T x_t, \quad
        k_t = \frac{P_{t-1} x_t}{\lambda + x_t^T P_{t-1} x_t}, \quad
        W_t = W_{t-1} + k_t e_t^T, \quad
        P_t = \frac{P_{t-1} - k_t x_t^T P_{t-1}}{\lambda},

    from :math:`W_0 = 0`, :math:`P_0 = I / \alpha`. The predicted class is
    the one with the largest decision value :math:`W^T x`. With
    ``forgetting_factor=1`` and ``fit_intercept=False`` it equals
    :class:`RidgeReadoutClassifier` with the same ``alpha``.

    Parameters
    ----------
    alpha : float, default=1.0
        Regularisation :math:`\alpha > 0`, with :math:`P_0 = I / \alpha`
        (ReservoirPy: ``alpha``).
    forgetting_factor : float, default=1.0
        :math:`\lambda` in (0, 1]; 1 forgets nothing (ReservoirPy:
        ``forgetting``).
    fit_intercept : bool, default=True
        Learn an intercept as the weight of a constant 1 feature, regularised
        like the other weights (ReservoirPy: ``fit_bias``).
    washout : int, default=0
        Number of first time steps of every series left out of training
        (ReservoirPy: ``warmup``).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        Weights (one row for two classes).
    intercept_ : ndarray of shape (1,) or (n_classes,)
        Intercepts.
    P_ : ndarray of shape (n_features + 1, n_features + 1) or (n_features, n_features)
        Inverse correlation matrix, symmetric (the last row and column belong
        to the constant feature when ``fit_intercept``).
    n_samples_seen_ : int
        Number of rows used for training so far.
    n_features_in_ : int
        Number of features seen during ``fit``.

    See Also
    --------
    ForceReadout : The regressor version.
    RidgeReadoutClassifier : The same solution by exact normal equations.

    References
    ----------
    .. [1] Sussillo, D. and Abbott, L. F. (2009). Generating coherent patterns
       of activity from chaotic neural networks. Neuron, 63(4), 544-557.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir import ForceReadoutClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(300, 4))
    >>> y = np.where(X[:, 0] + X[:, 1] > 0, "up", "down")
    >>> clf = ForceReadoutClassifier()
    >>> _ = clf.partial_fit(X[:150], y[:150], classes=["down", "up"])
    >>> _ = clf.partial_fit(X[150:], y[150:])
    >>> print(clf.classes_, round(clf.score(X, y), 2))
    ['down' 'up'] 0.97
    """


class LMSReadout(_ReadoutRegressor):
    r"""Online readout trained by least mean squares (the delta rule).

    Each training row :math:`x_t` (with a constant 1 appended when
    ``fit_intercept``) and its target :math:`y_t` move the weights a step
    :math:`\eta` down the gradient of the squared error of that row:

    .. math::

        e_t = y_t - W_{t-1}^T x_t, \qquad W_t = W_{t-1} + \eta\, x_t e_t^T,

    from :math:`W_0 = 0`. A row costs :math:`O(n_{features} n_{outputs})`,
    against :math:`O(n_{features}^2)` for :class:`ForceReadout`, but many
    more rows are needed to converge.

    Parameters
    ----------
    learning_rate : float, default=1e-3
        Step size :math:`\eta > 0` (ReservoirPy: ``learning_rate``). See
        Notes for the stable range.
    fit_intercept : bool, default=True
        Learn an intercept as the weight of a constant 1 feature
        (ReservoirPy: ``fit_bias``).
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
    ForceReadout : Recursive least squares: converges in one pass, at
        :math:`O(n_{features}^2)` per row.
    sklearn.linear_model.SGDRegressor : Stochastic gradient descent over
        shuffled epochs, rather than one pass in time order.

    Notes
    -----
    LMS converges in the mean when
    :math:`0 < \eta < 2 / \lambda_{max}`, with :math:`\lambda_{max}` the
    largest eigenvalue of the input correlation matrix
    :math:`E[x x^T]` (the constant feature included). A safe bound at every
    step, whatever the inputs, is :math:`\eta < 2 / \|x_t\|^2` (the condition
    of normalised LMS), that is :math:`\eta < 2 / \max_t \|x_t\|^2`; for
    reservoir states in :math:`[-1, 1]` this is at least
    :math:`2 / (n_{features} + 1)`. Convergence takes about
    :math:`1 / (\eta \lambda_{min})` rows. When the weights stop being
    finite, ``fit`` and ``partial_fit`` raise a ValueError that names the
    step and a bound computed from the data, and the readout keeps the state
    it had before the call.

    ``X`` may be one series (2D) or a panel (3D array or list of 2D arrays),
    learnt from the rows of each series after ``washout``, series after
    series.

    References
    ----------
    .. [1] Widrow, B. and Hoff, M. E. (1960). Adaptive switching circuits.
       IRE WESCON Convention Record, 4, 96-104.
    .. [2] Haykin, S. (2002). Adaptive Filter Theory, 4th ed., ch. 5-6.
       Prentice Hall.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir import LMSReadout
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(3000, 5))
    >>> y = X @ np.arange(5.0) + 1.0
    >>> readout = LMSReadout(learning_rate=0.05).fit(X, y)
    >>> print(np.round(readout.coef_, 2) + 0.0, round(readout.score(X, y), 6))
    [0. 1. 2. 3. 4.] 1.0
    """

    _parameter_constraints: dict = {
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "fit_intercept": ["boolean"],
        "washout": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(self, learning_rate=1e-3, *, fit_intercept=True, washout=0):
        self.learning_rate = learning_rate
        self.fit_intercept = fit_intercept
        self.washout = washout

    def _update(self, X, Y, reset):
        Z = _append_ones(X, self.fit_intercept)
        if reset:
            W = np.zeros((Z.shape[1], Y.shape[1]))
        else:
            W = _stacked_weights(self.coef_, self.intercept_, self.fit_intercept)
        bound = 2.0 / np.max(np.einsum("ij,ij->i", Z, Z))
        if self.learning_rate >= bound:
            warnings.warn(
                f"learning_rate={self.learning_rate!r} is above 2 / max ||x||^2 = "
                f"{bound:.3g} for these rows: the LMS weights may diverge. Lower "
                "learning_rate below that bound.",
                LMSStabilityWarning,
                stacklevel=4,
            )
        with np.errstate(over="ignore", invalid="ignore"):
            diverged_at = lms_update(W, Z, Y, self.learning_rate)
        if diverged_at >= 0:
            step = diverged_at + 1 + (0 if reset else self.n_samples_seen_)
            constant = ", the constant 1 of the intercept included" if self.fit_intercept else ""
            raise ValueError(
                f"LMSReadout diverged: the weights stopped being finite at training "
                f"step {step} (rows after washout, counted from the first fit) with "
                f"learning_rate={self.learning_rate!r}. Lower learning_rate: "
                f"learning_rate < {bound:.3g} (2 / max ||x||^2 over these rows"
                f"{constant}) is stable at every step. The readout was left as it "
                "was before this call."
            )
        return _split_weights(W, X.shape[1])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # One pass with a small default step: not converged on a few hundred
        # rows, so scikit-learn's minimum training score does not apply.
        tags.regressor_tags.poor_score = True
        return tags
