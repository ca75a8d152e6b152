"""Ridge readouts: exact normal equations, accumulated over chunks."""

from numbers import Integral, Real

from array_api_compat import array_namespace
from array_api_compat import device as array_device

from skreservoir._ridge import RidgeNormalEquations
from skreservoir._sklearn_compat import Interval, StrOptions
from skreservoir.readout._base import _BaseReadout, _ReadoutClassifier, _ReadoutRegressor


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

    def _update(self, X, Y, reset, weights=None):
        if reset:
            self._equations = RidgeNormalEquations(
                X.shape[1], Y.shape[1], self.fit_intercept, array_namespace(X),
                array_device(X))
        elif self._equations.fit_intercept != self.fit_intercept:
            raise ValueError(
                f"fit_intercept={self.fit_intercept!r} differs from the value of the "
                "first partial_fit call, whose sums this call would extend; call fit "
                "to start again with it."
            )
        self._equations.add(X, Y, weights)
        return self._equations.solve(self.alpha)



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
        (ReservoirPy: ``warmup``). Predictions keep all rows; ``score`` leaves
        these out.
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
        Number of rows used for training so far: those after the washout
        with a target (not NaN) and a positive ``sample_weight``.
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
        Number of rows used for training so far: those after the washout
        with a target (not NaN) and a positive ``sample_weight``.
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

