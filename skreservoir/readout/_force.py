"""FORCE readouts: recursive least squares, online."""

import math
from numbers import Integral, Real

import numpy as np

from skreservoir._learning import (
    rls_pending,
    rls_row_kernel,
    rls_update,
    settle_rls_update,
    symmetric_from_upper,
)
from skreservoir._sklearn_compat import Interval, check_is_fitted
from skreservoir.readout._base import (
    _append_ones,
    _BaseReadout,
    _ReadoutClassifier,
    _ReadoutRegressor,
    _split_weights,
    _stacked_weights,
    weighted_rows,
)

#: With a forgetting factor below 1, ``P`` is divided by it while its trace stays at
#: or below this multiple of the trace of ``P_0 = I / alpha``: a safety net against
#: the wind-up of a direction that neither the rows nor the penalty rows keep down
#: (see ``_forgetting_update``; they keep ``P`` below about ``2 P_0``). At 1, the bound before the
#: penalty rows, states of a 50-unit reservoir
#: kept ``P`` at the bound on most rows, so that the readout stopped forgetting (a
#: battery: RMSE 1.22 after a change of target, against 0.24 for textbook RLS);
#: without the penalty rows, textbook RLS on states of a sine (few excited
#: directions) wound ``P`` up until it lost its positive definiteness within 4000
#: rows at 0.99 (a review: RMSE 77 at 6000 rows).
FORGETTING_TRACE_BOUND = 1e6


class _BaseForceReadout(_BaseReadout):
    """Parameters and update of the FORCE readouts: recursive least squares."""

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="neither")],
        "forgetting_factor": [Interval(Real, 0, 1, closed="right")],
        "fit_intercept": ["boolean"],
        "washout": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(self, alpha=1e-6, *, forgetting_factor=1.0, fit_intercept=True,
                 washout=0):
        self.alpha = alpha
        self.forgetting_factor = forgetting_factor
        self.fit_intercept = fit_intercept
        self.washout = washout

    def _update(self, X, Y, reset, weights=None):
        Z, Y = weighted_rows(_append_ones(X, self.fit_intercept), Y, weights)
        if weights is not None and self.forgetting_factor < 1.0:
            # a row of weight 0 (a missing target) is left out, not forgotten over: the
            # same rows whatever path dropped it or gave it weight 0 (ESNRegressor.fit)
            kept = np.asarray(weights) > 0
            Z, Y = Z[kept], Y[kept]
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
            P = np.array(self._current_P(), dtype=np.float64, order="F")
            W = _stacked_weights(self.coef_, self.intercept_, self.fit_intercept)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if self.forgetting_factor < 1.0:
                failed = self._forgetting_update(P, W, Z, Y, reset)
            else:
                if reset:  # a stream without forgetting: no penalty record to carry on
                    self.__dict__.pop("_penalty_last", None)
                failed = rls_update(P, W, Z, Y)
        if failed >= 0 or not (np.all(np.isfinite(P)) and np.all(np.isfinite(W))):
            raise ValueError(
                f"The RLS update became non-finite with alpha={self.alpha!r} and "
                f"forgetting_factor={self.forgetting_factor!r} on inputs of "
                f"magnitude up to {float(np.max(np.abs(X), initial=0.0)):.3g}: scale "
                "the inputs (for reservoir states: lower input_scaling or "
                "spectral_radius) or raise alpha. The readout was left as it was "
                "before this call."
            )
        # Only the upper triangle is kept current between calls (the update
        # reads nothing else); ``P_`` gives the full symmetric matrix.
        self._P_upper = P
        self._P_pending = rls_pending(P.shape[0])
        return _split_weights(W, X.shape[1])

    def _forgetting_update(self, P, W, Z, Y, reset):
        r"""RLS with forgetting whose penalty is not forgotten, row after row, in place;
        as :func:`~skreservoir._learning.rls_update`, the index of a failed row or -1.

        Textbook forgetting divides the whole correlation matrix, its
        penalty :math:`\alpha I` too, by :math:`\lambda` at every row:
        :math:`R_t = \lambda^t \alpha I + \sum_s \lambda^{t-s} x_s x_s^T`,
        so that in the directions the rows barely excite (most directions of
        reservoir states) :math:`P = R^{-1}` grows as :math:`\lambda^{-t}`
        until rounding makes it indefinite and the weights diverge. Here
        after each row, :math:`m` penalty rows :math:`\sqrt{\alpha (1 -
        \lambda^g)}\, e_i` (target 0, not forgotten at their own step)
        join, :math:`i` cycling over the :math:`d` weights and :math:`g`
        the rows since weight :math:`i`'s last one: each puts its weight's
        penalty back to :math:`\alpha` exactly. :math:`m = \lceil d / G
        \rceil`, with :math:`G` the most rows over which :math:`\lambda^{G -
        1} \ge 1/2`, so that between two top-ups no weight's penalty falls
        below :math:`\alpha / 2` at the end of a row: :math:`R_t` stays
        :math:`\alpha I / 2` or more plus the forgotten sum of the rows (the
        ridge of the recent rows, the penalty kept) and :math:`P` below
        about :math:`2 P_0`.
        """
        lam = self.forgetting_factor
        d, n_outputs = Z.shape[1], Y.shape[1]
        gap = 1 + int(math.floor(math.log(0.5) / math.log(lam)))  # G
        m = min(d, -(-d // gap))  # penalty rows per row
        fitted = self.__dict__
        if reset or fitted.get("_penalty_last") is None or len(fitted["_penalty_last"]) != d:
            index, rows, last = 0, 0, np.zeros(d, dtype=np.int64)  # P_0: alpha I at row 0
        else:
            index, rows = fitted["_penalty_index"], fitted["_penalty_rows"]
            last = fitted["_penalty_last"].copy()
        penalty, zero = np.zeros((m, d)), np.zeros((m, n_outputs))
        positions = np.arange(m)
        bound = FORGETTING_TRACE_BOUND * d / self.alpha
        for t in range(Z.shape[0]):
            failed = rls_update(P, W, Z[t : t + 1], Y[t : t + 1], lam, max_trace=bound)
            if failed >= 0:
                return t
            rows += 1
            topped = (index + positions) % d
            index = (index + m) % d
            penalty[:] = 0.0
            penalty[positions, topped] = np.sqrt(
                self.alpha * (1.0 - lam ** (rows - last[topped])))
            last[topped] = rows
            if rls_update(P, W, penalty, zero) >= 0:
                return t
        self._penalty_index, self._penalty_rows, self._penalty_last = index, rows, last
        return -1

    def _row_kernel_args(self, n_features):
        """What :func:`~skreservoir._learning.row_weights` runs for a row of ``n_features``.

        ``n_features`` counts the constant feature; None when ``P`` has
        another size. ``P`` is updated in place (:func:`rls_row_update`),
        with nothing to copy, and its rank-1 update is left pending in
        ``_P_pending``: the next row's pass over ``P`` writes it (one pass
        over ``P`` per row), and whatever reads ``P`` otherwise writes it
        first (:meth:`_current_P`). When a row's update is declined, ``P``
        stands for the same matrix, with nothing pending.
        """
        if self._P_upper.shape[0] != n_features or self.forgetting_factor < 1.0:
            return None  # forgetting: partial_fit, with its penalty rows
        return rls_row_kernel(self._P_upper, self._P_pending)

    def _current_P(self):
        """The upper triangle of P, with the update a row left pending written."""
        settle_rls_update(self._P_upper, self._P_pending)
        return self._P_upper

    @property
    def P_(self):
        """The inverse correlation matrix P, symmetric (a new array)."""
        check_is_fitted(self, "_P_upper")
        return symmetric_from_upper(self._current_P())


# -- public estimators ----------------------------------------------------------

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

    from :math:`W_0 = 0` and :math:`P_0 = I / \alpha`. With
    ``forgetting_factor=1``, after :math:`n` rows :math:`W_n` minimises
    exactly

    .. math::

        \sum_{t=1}^{n} \|y_t - W^T x_t\|^2 + \alpha \|W\|^2,

    the ridge solution of every row seen so far, whatever the chunks given
    to ``partial_fit``. Below 1 the rows are weighted by
    :math:`\lambda^{n-t}` and the penalty is kept at about
    :math:`\alpha` by penalty rows (see ``forgetting_factor``). Each row
    costs :math:`O(n_{features}^2)` (more with forgetting) and the memory
    does not grow with the number of rows: only ``coef_``, ``intercept_``
    and ``P_`` (and, with forgetting, a record of the penalty rows) are
    kept.

    Parameters
    ----------
    alpha : float, default=1e-6
        Regularisation :math:`\alpha > 0`, with :math:`P_0 = I / \alpha`
        (ReservoirPy: ``alpha`` of the ``RLS`` node, which also starts from
        ``P = I / alpha``, and defaults to 1e-6 too). Small values learn fast
        from the first rows but regularise little. The default comes from
        ``benchmarks/bench_force_alpha.py`` (one-step-at-a-time FORCE on
        three chaotic tasks and two reservoirs, 1500 steps): the error falls
        as ``alpha`` falls from 1 to 1e-8 on every task (Mackey-Glass 10 steps
        ahead: 0.73 at 1, 0.24 at 1e-6, 0.16 at 1e-8); 1e-6, ReservoirPy's
        value and second by median rank, is kept rather than 1e-8 so that
        :math:`P_0` stays at :math:`10^6 I`.
    forgetting_factor : float, default=1.0
        :math:`\lambda` in (0, 1]: the weight of a row decays by this factor at
        every later row, a memory of about :math:`1 / (1 - \lambda)` rows.
        1 forgets nothing (ReservoirPy: ``forgetting``). Below 1 the rows
        are forgotten and the ridge penalty :math:`\alpha` is not: after
        each row :math:`m` penalty rows (target 0; about :math:`d (1 -
        \lambda) / 0.7` of them, :math:`d` below :math:`\lambda = 1/2`)
        each put one weight's penalty back to :math:`\alpha`, cycling over
        the :math:`d` weights, so that the weights are about the ridge
        solution of the recent rows and :math:`P` stays below about
        :math:`2 P_0`, :math:`P_0 = I / \alpha`.
        Textbook RLS (and ReservoirPy's ``RLS(forgetting=...)``, whose
        results then differ from these) forgets the penalty too: on
        reservoir states, which leave most directions barely excited, its
        :math:`P` grows as :math:`\lambda^{-t}` there until it loses its
        positive definiteness (100 units of a sine at 0.99: within 4000
        rows). Each row then costs :math:`1 + m` rank-1 updates, by
        ``partial_fit``'s general path: in a review's runs a one-row
        ``ESNRegressor.partial_fit`` of 100 units at 0.99 took 309 us
        against 64 at 1, of 500 units at 0.99 1125 against 129
        (ReservoirPy's ``RLS`` step: about 1400 at 1); a readout of 200
        features 35 us per row at 1, 163 at 0.99, 705 at 0.9 and 3103 at
        0.5.
    fit_intercept : bool, default=True
        Learn an intercept as the weight of a constant 1 feature
        (ReservoirPy: ``fit_bias``). Unlike :class:`RidgeReadout`, the
        intercept is regularised by :math:`P_0` like the other weights.
    washout : int, default=0
        Number of first time steps of every series left out of training
        (ReservoirPy: ``warmup``). Predictions keep all rows; ``score`` leaves
        these out.

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
        Number of rows used for training so far: those after the washout
        with a target (not NaN) and a positive ``sample_weight``.
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
    ``forgetting_factor < 1`` the penalty rows keep :math:`P` from growing
    in the directions the inputs stop exciting (see ``forgetting_factor``);
    an update that becomes non-finite raises a ValueError and leaves the
    readout as it was.

    In the one-row steps of :meth:`ESNRegressor.partial_fit
    <skreservoir.ESNRegressor.partial_fit>` (FORCE learning at every time
    step), the rank-1 update of :math:`P` that a row makes is written during
    the next row's product :math:`P x`, so that a step reads and writes
    :math:`P` once; ``P_`` and every other use of :math:`P` write a pending
    update first, so ``P_`` is always the current matrix.

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
    alpha : float, default=1e-6
        Regularisation :math:`\alpha > 0`, with :math:`P_0 = I / \alpha`
        (ReservoirPy: ``alpha``; the default of :class:`ForceReadout`).
    forgetting_factor : float, default=1.0
        :math:`\lambda` in (0, 1]; 1 forgets nothing (ReservoirPy:
        ``forgetting``). Below 1, the rows are forgotten and the penalty is
        kept, with penalty rows after each row, as :class:`ForceReadout`'s
        (its ``forgetting_factor``: the cost too).
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
        Number of rows used for training so far: those after the washout
        with a target (not NaN) and a positive ``sample_weight``.
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


