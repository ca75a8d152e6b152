"""Least-mean-squares readout, online."""

import warnings
from numbers import Integral, Real

import numpy as np

from skreservoir._learning import lms_row_kernel, lms_update
from skreservoir._sklearn_compat import Interval
from skreservoir.exceptions import LMSStabilityWarning
from skreservoir.readout._base import (
    _append_ones,
    _ReadoutRegressor,
    _split_weights,
    _stacked_weights,
    weighted_rows,
)


def _stable_step(Z):
    """2 / max ||z||^2 over the rows of ``Z``: LMS is stable at every step below it."""
    return 2.0 / np.max(np.einsum("ij,ij->i", Z, Z))


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

    def _update(self, X, Y, reset, weights=None):
        Z, Y = weighted_rows(_append_ones(X, self.fit_intercept), Y, weights)
        if reset:
            W = np.zeros((Z.shape[1], Y.shape[1]))
        else:
            W = _stacked_weights(self.coef_, self.intercept_, self.fit_intercept)
        bound = _stable_step(Z)
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

    def _row_kernel_args(self, n_features):
        """What :func:`~skreservoir._learning.row_weights` runs for a row of ``n_features``
        (the constant feature counted); a row is declined where ``_update``
        might warn or raise (see :func:`lms_row_update`)."""
        return lms_row_kernel(n_features, self.learning_rate)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # One pass with a small default step: not converged on a few hundred
        # rows, so scikit-learn's minimum training score does not apply.
        tags.regressor_tags.poor_score = True
        return tags

