"""Least-mean-squares readout, online."""

import math
import warnings
from numbers import Integral, Real

import numpy as np

from skreservoir._learning import (
    MONITOR_BLOCK,
    convergence_monitor,
    convergence_of,
    lms_row_kernel,
    lms_update,
    record_rows,
)
from skreservoir._ridge import SCALE_ADVICE
from skreservoir._sklearn_compat import Interval, StrOptions
from skreservoir._validation import user_stacklevel
from skreservoir.exceptions import LMSConvergenceWarning, LMSStabilityWarning
from skreservoir.readout._base import (
    _CHECKPOINTS_HELD,
    _append_ones,
    _ReadoutRegressor,
    _split_weights,
    _stacked_weights,
    weighted_rows,
)

#: The fraction of the targets' variance below which a record says "not converged".
MIN_EXPLAINED = 0.1
#: ... and below which it says so where the weights before each update explained
#: FOLLOWING_GAP more (the weights follow the latest rows: R^2 0.12 on Mackey-Glass
#: passed silently at 0.1 alone, while a converged readout on a noisy target, whose two
#: R^2 agree, stays quiet).
MIN_EXPLAINED_FOLLOWING = 0.5
FOLLOWING_GAP = 0.25
#: ... and where repeating the previous target (persistence, one step ahead on a
#: series) explained PERSISTENCE_GAP more: the default LMSReadout one step ahead on
#: Mackey-Glass scored R^2 0.69 on its next 1000 rows, persistence 0.98, silently.
PERSISTENCE_GAP = 0.1

#: ``learning_rate="auto"``: the step is this over the largest ||z||^2 of the rows learnt
#: so far (``benchmarks/bench_lms_rate.py``).
AUTO_STEP = 0.1


#: Above the stable learning rates (``learning_rate * max ||x||^2 >= 2``), an
#: error before an update this many times the largest target of the call means
#: that the weights diverge, although they may still be finite (they grow
#: geometrically: 1e214 from unit rows at learning_rate=10).
DIVERGED_ERROR_RATIO = 1e8

#: The least rows of a call whose first errors' median also sets the scale that growth
#: is measured against (a stream of targets 0); a shorter call (a one-row stream)
#: measures it against the largest target of the stream so far.
DIVERGED_MIN_ROWS = 10


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
    learning_rate : float or "auto", default="auto"
        Step size :math:`\eta > 0` (ReservoirPy: ``learning_rate``, default
        1e-6). See Notes for the stable range. ``"auto"`` scales the step to
        the features: :math:`\eta_t = 0.1 / \max_{s \le t} \|x_s\|^2` over
        the rows learnt so far, this one included (the constant feature
        included), which is stable at every step whatever the scale or the
        number of the features. It was chosen on online tasks
        (``benchmarks/bench_lms_rate.py``: one-row ``partial_fit`` on
        reservoirs of 100, 300 and 1000 units, three tasks, three seeds): it
        had the best median R^2 of the weights once frozen (0.72, 0.73 at
        1000 units) and tied for the best median rank; a fixed step good at
        100 units (3e-3, online NRMSE 0.47 against 0.59) scored R^2 0.19 at
        1000 units, a larger one diverged there, and the former default
        1e-3 barely learnt on Mackey-Glass at 100 units (online NRMSE 0.96
        to 1.0, against 0.78 to 0.86).
    fit_intercept : bool, default=True
        Learn an intercept as the weight of a constant 1 feature
        (ReservoirPy: ``fit_bias``).
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
    n_samples_seen_ : int
        Number of rows used for training so far: those after the washout
        with a target (not NaN) and a positive ``sample_weight``.
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
    :math:`2 / (n_{features} + 1)`; ``learning_rate="auto"`` stays at a
    twentieth of the bound of the rows seen so far. Convergence takes about
    :math:`1 / (\eta \lambda_{min})` rows. When the weights stop being
    finite, ``fit`` and ``partial_fit`` raise a ValueError that names the
    step and a bound computed from the data, and the readout keeps the state
    it had before the call.

    **Convergence check.** On correlated features such as reservoir states,
    whose correlation matrix has eigenvalues spread over many decades, one
    pass of LMS often stays far from the least-squares weights, and a larger
    step does not cure it: the weights then follow the latest rows, so that
    the errors made before each update (the a-priori errors) are small while
    the weights, once frozen, predict the next rows badly. The readout
    therefore checks the weights as a prediction uses them. It counts the
    rows it learns (``fit`` and ``partial_fit`` alike, one row or many per
    call) in blocks of 200; over each block it sums the squared errors of
    the weights it had when the block began and the squared deviations of
    the targets from the block's mean, at a cost of one more dot product
    per row. ``predict`` (and ``score``; ``ESNRegressor.predict``, ``score``
    and ``generate``) raises an
    :class:`~skreservoir.exceptions.LMSConvergenceWarning` when, on the last
    complete block after the first (so from 400 rows on), those weights
    explained less than 10 % of the targets' variance (an R^2 below 0.1), or
    less than half where the weights before each update explained at least
    0.25 more (an R^2 below 0.5 that the a-priori errors beat: the weights
    follow the latest rows), or at least 0.1 less than repeating the
    previous row's target did (persistence, the baseline of a series one
    step ahead: on Mackey-Glass one step ahead the default readout's
    weights scored R^2 0.49 to 0.74 over the next 300 steps, persistence
    0.98 and :class:`ForceReadout` 1.00, without a word before this check;
    over 42 loops of ``benchmarks/bench_lms_warning.py`` the warning now
    names 26 of the 27 results 0.1 or more below the better of FORCE and
    persistence, against 6 before, and fires on 2 of the other 15).
    The message names the likely cause, from the a-priori errors of the same
    block: the weights follow the latest rows (the a-priori R^2 at least 0.25
    above the frozen weights': ``learning_rate`` too large for features this
    correlated), ``learning_rate`` above the stable bound of the rows seen,
    or weights that move too slowly (raise ``learning_rate``); for reservoir
    states :class:`ForceReadout` is the usual remedy. Targets that the
    features cannot predict (noise) give the warning too. The message
    changes only when a block completes, so a loop that calls ``predict``
    after every row sees it once per block at most (Python's default
    warning filter). A stream of ``partial_fit`` calls (of this readout or
    of an ESN holding it) that never calls ``predict`` gets the same check
    when its updates complete block 2, 4, 8, 16, ... (rows 400, 800, 1600,
    3200, ...): a few warnings over a long stream, none once the weights
    converge. The :class:`~skreservoir.exceptions.LMSStabilityWarning` of a
    step above the stable bound comes once per stream and ``learning_rate``.

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
        "learning_rate": [Interval(Real, 0, None, closed="neither"), StrOptions({"auto"})],
        "fit_intercept": ["boolean"],
        "washout": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(self, learning_rate="auto", *, fit_intercept=True, washout=0):
        self.learning_rate = learning_rate
        self.fit_intercept = fit_intercept
        self.washout = washout

    def _advice_given(self):
        """The advice (``"lower"``, ``"larger"``) earlier warnings of this stream gave at
        the current ``learning_rate``: advice at another rate (``set_params`` between two
        ``partial_fit`` calls) does not contradict this rate's."""
        rate, advice = self.__dict__.get("_advised", (None, set()))
        return set(advice) if rate == self.learning_rate else set()

    def _update(self, X, Y, reset, weights=None):
        Z, Y = weighted_rows(_append_ones(X, self.fit_intercept), Y, weights)
        if reset:
            self.__dict__.pop("_advised", None)  # the learning_rate the warnings asked for
            W = np.zeros((Z.shape[1], Y.shape[1]))
        else:
            held = self.__dict__.get("_monitor_weights")
            if held is not None and held.shape[0] != Z.shape[1]:
                # the learnt intercept was dropped (or a zero one started), silently
                raise ValueError(
                    f"fit_intercept={self.fit_intercept!r} differs from the value of the "
                    "first partial_fit call; call fit to start again (ForceReadout "
                    "refuses it alike).")
            W = _stacked_weights(self.coef_, self.intercept_, self.fit_intercept)
        # the convergence record: new arrays, so that a failed call leaves the old ones
        frozen = None if reset else self.__dict__.get("_monitor_weights")
        if frozen is None or frozen.shape != (Z.shape[1], Y.shape[1]):
            monitor, frozen = convergence_monitor(Z.shape[1], Y.shape[1])
        else:
            monitor, frozen = self._monitor.copy(), frozen.copy()
        norms = np.einsum("ij,ij->i", Z, Z)
        largest = float(np.max(norms))
        if not math.isfinite(largest):  # the bound would read 0 and the predictions inf
            raise ValueError(
                "LMSReadout: the squared norm of a row overflowed float64 (features of "
                f"magnitude up to {float(np.max(np.abs(X))):.3g}), so no learning_rate "
                f"is stable and predictions overflow. {SCALE_ADVICE} The readout was "
                "left as it was before this call."
            )
        peak = max(largest, monitor[3])
        bound = 2.0 / peak if peak > 0 else math.inf  # LMS is stable at every step below it
        if self.learning_rate == "auto":  # AUTO_STEP over the largest ||z||^2 so far
            seen = np.maximum(np.maximum.accumulate(norms), monitor[3])
            rates = np.divide(AUTO_STEP, seen, out=np.zeros_like(seen), where=seen > 0)
        else:
            rates = self.learning_rate
        # once per stream and learning_rate (not at every row of a loop of one-row calls)
        warned = None if reset else self.__dict__.get("_unstable_rate")
        unstable = self.learning_rate != "auto" and self.learning_rate * largest >= 2.0
        if unstable and warned != self.learning_rate:
            warnings.warn(
                f"learning_rate={self.learning_rate!r} is above 2 / max ||x||^2 = "
                f"{bound:.3g} for the rows seen: the LMS weights may diverge. Lower "
                "learning_rate below that bound.",
                LMSStabilityWarning,
                stacklevel=user_stacklevel(),
            )
        errors = np.empty_like(Y)
        diverged_at, start = -1, 0
        with np.errstate(over="ignore", invalid="ignore"):
            while start < Z.shape[0] and diverged_at < 0:  # block by block of the record
                rows = slice(start, start + MONITOR_BLOCK - int(monitor[0]))
                diverged_at = lms_update(W, Z[rows], Y[rows],
                                         rates if np.isscalar(rates) else rates[rows],
                                         errors[rows])
                if diverged_at < 0:
                    record_rows(monitor, frozen, W, Z[rows], Y[rows], errors[rows],
                                float(np.max(norms[rows])))
                else:
                    diverged_at += start
                start = rows.stop
        # the largest target of the stream so far (a one-row call's scale)
        peak_target = max(0.0 if reset else self.__dict__.get("_peak_target", 0.0),
                          float(np.max(np.abs(Y))) if Y.size else 0.0)
        if diverged_at < 0 and (unstable or warned == self.learning_rate):
            # above the bound the weights grow geometrically and may stay finite (1e214
            # from unit rows at learning_rate=10): the errors before each update say it,
            # against the targets' scale (of the stream: a one-row call's loop reached
            # predictions of 1e84 uncaught) and the first errors' (a stream of targets 0)
            size = np.max(np.abs(errors), axis=1)
            first = (float(np.median(size[:DIVERGED_MIN_ROWS]))
                     if Z.shape[0] >= DIVERGED_MIN_ROWS else 0.0)
            scale = max(peak_target, first)
            grown = np.flatnonzero(size > DIVERGED_ERROR_RATIO * scale) if scale > 0 else []
            diverged_at = int(grown[0]) if len(grown) else -1
        if diverged_at >= 0:
            # counted as n_samples_seen_ counts: the rows of positive weight
            used = (diverged_at + 1 if weights is None
                    else int(np.count_nonzero(np.asarray(weights)[:diverged_at + 1] > 0)))
            step = used + (0 if reset else self.n_samples_seen_)
            constant = ", the constant 1 of the intercept included" if self.fit_intercept else ""
            raise ValueError(
                f"LMSReadout diverged: the weights stopped being finite (or its error "
                f"grew {DIVERGED_ERROR_RATIO:.0e} times beyond the targets) at training "
                f"step {step} (rows used after washout, counted from the first fit) with "
                f"learning_rate={self.learning_rate!r}. Lower learning_rate: "
                f"learning_rate < {bound:.3g} (2 / max ||x||^2 over these rows"
                f"{constant}) is stable at every step. The readout was left as it "
                "was before this call."
            )
        self._monitor, self._monitor_weights = monitor, frozen
        self._unstable_rate = self.learning_rate if unstable else warned
        self._peak_target = peak_target
        return _split_weights(W, X.shape[1])

    def _warn_if_not_converged(self, record=False):
        """Warn (:class:`~skreservoir.exceptions.LMSConvergenceWarning`) where the record of
        the updates says that the weights have not converged; see Notes. ``record``
        (a stream's checkpoint, never ``predict``): keep which way the advice went."""
        if _CHECKPOINTS_HELD.get():
            return  # predictions made while an estimator learns: it says it when done
        monitor = self.__dict__.get("_monitor")
        explained = None if monitor is None else convergence_of(monitor)
        if explained is None:
            return
        forward, a_priori, persistence = explained
        following = a_priori - forward >= FOLLOWING_GAP
        behind = persistence - forward >= PERSISTENCE_GAP
        if forward >= (MIN_EXPLAINED_FOLLOWING if following else MIN_EXPLAINED) and not behind:
            return
        peak = monitor[3] if monitor[3] > 0 else math.nan  # rows all zero: no bound
        bound = 2.0 / peak
        auto = self.learning_rate == "auto"
        advice = "lower" if following else "larger"  # the learning_rate this block asks for
        step = (f"the automatic step {AUTO_STEP:g} / max ||x||^2 = {AUTO_STEP / peak:.3g}"
                if auto else f"learning_rate={self.learning_rate!r}")
        if not auto and self.learning_rate >= bound:
            cause = (
                f"learning_rate is above the stable bound 2 / max ||x||^2 = {bound:.3g} of "
                "the rows seen, where the weights may grow without bound. Lower "
                "learning_rate below that bound, or use ForceReadout (recursive least "
                "squares, which converges in one pass)."
            )
        elif self._advice_given() | {advice} == {"lower", "larger"}:
            # the other way round from an earlier warning of this stream: no step suits
            moving = "follow the latest rows" if following else "move too slowly"
            cause = (
                f"at {step} the weights {moving} on this block, while an earlier block "
                "of this stream said the opposite: a single learning_rate may suit no "
                "block of features this correlated (too large a step for their largest "
                "eigenvalue, too small for their smallest), so a lower or larger one is "
                "unlikely to help. Use ForceReadout (recursive least squares, which "
                "converges in one pass) or fit a RidgeReadout."
            )
        elif following:
            cause = (
                f"the weights follow the latest rows instead of converging: {step} "
                "is too large for features this correlated (a smaller one converges more "
                "slowly). Pass a lower learning_rate, use ForceReadout (recursive least "
                "squares, which converges in one pass) or fit a RidgeReadout."
            )
        else:
            cause = (
                f"the weights move too slowly for these features at {step} (LMS needs "
                "about 1 / (learning_rate * lambda_min) rows, lambda_min the smallest "
                "eigenvalue of the features' correlation, tiny for reservoir states). Pass "
                "a larger learning_rate, below the stable bound 2 / max ||x||^2 = "
                f"{bound:.3g} of the rows seen, train on more rows, or use ForceReadout "
                "(recursive least squares, which converges in one pass)."
            )
        if forward < (MIN_EXPLAINED_FOLLOWING if following else MIN_EXPLAINED):
            below = f"below {MIN_EXPLAINED_FOLLOWING if following else MIN_EXPLAINED:g}"
        else:
            below = (f"while repeating the previous row's target scored R^2 = "
                     f"{persistence:.4g}: worse than that persistence")
        if record and (auto or self.learning_rate < bound):
            self._advised = (self.learning_rate, self._advice_given() | {advice})
        warnings.warn(
            f"LMSReadout(learning_rate={self.learning_rate!r}) has not converged: on the "
            f"last complete block of {MONITOR_BLOCK} updates, the weights it had "
            f"{MONITOR_BLOCK} updates earlier scored R^2 = {forward:.3g} ({below}), the "
            f"weights before each update R^2 = {a_priori:.3g}: "
            f"{cause} Targets that the features cannot predict give this warning too.",
            LMSConvergenceWarning,
            stacklevel=user_stacklevel(),
        )

    def _blocks_learnt(self):
        monitor = self.__dict__.get("_monitor")
        return 0 if monitor is None else int(monitor[4])

    def _stream_checkpoint(self, before):
        """Warn as :meth:`predict` does where the updates since ``before`` completed block
        2, 4, 8, ... of the record (rows 400, 800, 1600, ...): a stream that never
        calls ``predict`` hears of weights that have not converged, a few times."""
        after = self._blocks_learnt()
        if _CHECKPOINTS_HELD.get():
            return  # the estimator driving this readout says it when its call ends
        if after >= 2 and before < 1 << (after.bit_length() - 1):
            self._warn_if_not_converged(record=True)

    def _row_kernel_args(self, n_features):
        """What :func:`~skreservoir._learning.row_weights` runs for a row of ``n_features``
        (the constant feature counted), the convergence record updated in
        place; a row is declined where ``_update`` might warn or raise (see
        :func:`lms_row_update`), None where the record has another size."""
        fitted = self.__dict__
        frozen = fitted.get("_monitor_weights")
        if frozen is not None and frozen.shape[0] != n_features:
            return None  # fit_intercept changed: _update refuses it
        rate = -AUTO_STEP if self.learning_rate == "auto" else self.learning_rate
        return lms_row_kernel(n_features, rate, fitted.get("_monitor"), frozen)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # One pass at a step far below the stable bound: not converged on a few hundred
        # rows, so scikit-learn's minimum training score does not apply.
        tags.regressor_tags.poor_score = True
        return tags

