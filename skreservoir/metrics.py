"""Metrics for reservoir computing: normalised errors, memory capacity, scorers."""

import copy
import difflib
import numbers
import warnings

import numpy as np
import scipy.sparse as sp
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.base import clone
from sklearn.linear_model import Ridge
from sklearn.metrics import get_scorer as sklearn_get_scorer
from sklearn.metrics import get_scorer_names as sklearn_get_scorer_names
from sklearn.metrics import root_mean_squared_error
from sklearn.utils import check_array, check_consistent_length, check_random_state

from skreservoir._backend import to_host
from skreservoir._sklearn_compat import _Scorer
from skreservoir._threads import blas_threads_for_features
from skreservoir._validation import (
    check_int,
    check_part,
    check_seed,
    check_sparse_indices,
    is_list_of_series,
)
from skreservoir.datasets._translate import reservoirpy_keywords, reservoirpy_names_getattr
from skreservoir.exceptions import ReservoirStateWarning

__all__ = [
    "get_scorer",
    "memory_capacity",
    "neg_nrmse_range_scorer",
    "neg_nrmse_scorer",
    "neg_nrmse_var_scorer",
    "nrmse",
    "spectral_radius",
    "effective_spectral_radius",
]

#: What :func:`nrmse` says of ReservoirPy's names of its normalisations.
_RESERVOIRPY_NORMS = {
    "minmax": " 'minmax' is ReservoirPy's name of 'range' (its default).",
    "mean": (" ReservoirPy's 'mean' (the RMSE over the mean of y_true) has no name here: "
             "compute np.sqrt(mean_squared_error(y_true, y_pred)) / np.mean(y_true)."),
    "q1q3": (" ReservoirPy's 'q1q3' (the RMSE over the interquartile range of y_true) has "
             "no name here: compute np.sqrt(mean_squared_error(y_true, y_pred)) / "
             "scipy.stats.iqr(y_true)."),
}

_NORMALIZERS = {
    "std": lambda y: np.std(y, axis=0),
    "range": lambda y: np.ptp(y, axis=0),
    "var": lambda y: np.var(y, axis=0),
}


def nrmse(y_true, y_pred, *, normalization="std", multioutput="uniform_average"):
    r"""Normalised root mean squared error, output by output.

    For each output :math:`j`, with :math:`n` samples,

    .. math::

        \mathrm{RMSE}_j = \sqrt{\frac{1}{n}\sum_{t=1}^{n} (y_{tj} - \hat y_{tj})^2},
        \qquad
        \mathrm{NRMSE}_j = \mathrm{RMSE}_j / \lambda_j

    where :math:`\lambda_j` is computed on ``y_true``:

    - ``"std"``: :math:`\sigma_j = \sqrt{\frac{1}{n}\sum_t (y_{tj} - \bar y_j)^2}`
      (population standard deviation);
    - ``"range"``: :math:`\max_t y_{tj} - \min_t y_{tj}`;
    - ``"var"``: :math:`\sigma_j^2`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs), or a panel
        Ground truth. A panel (a 3D array, or a list of series, as an
        ESN's ``predict`` returns for one) is scored on the rows of its
        series, one after another, as one set of rows.
    y_pred : array-like with the structure of ``y_true``
        Predictions.
    normalization : {"std", "range", "var"}, default="std"
        Normaliser :math:`\lambda`. ReservoirPy's ``nrmse`` calls them
        ``norm="minmax"`` (its default) and ``norm="var"``.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,), default="uniform_average"
        How to aggregate the outputs, as in :mod:`sklearn.metrics`: all
        values, their mean, or their average with these weights.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        The NRMSE; an array with ``multioutput="raw_values"``.

    Raises
    ------
    ValueError
        If ``y_true`` is constant in an output, so that its normaliser is 0.

    Notes
    -----
    On one output this equals ReservoirPy 0.4.2's
    ``reservoirpy.observables.nrmse`` (and ``multioutput="raw_values"``
    its ``dimensionwise=True``). On several outputs without
    ``dimensionwise`` ReservoirPy pools them: one RMSE over all values
    divided by one range (or variance) over all of ``y_true``; here each
    output has its own normaliser and the errors are averaged, so an
    output in small units is not drowned by one in large units.
    ReservoirPy's ``norm="mean"`` and ``norm="q1q3"`` have no equivalent
    here; its ``rmse`` and ``rsquare`` per output are
    :func:`sklearn.metrics.root_mean_squared_error` and
    :func:`sklearn.metrics.r2_score` (pooled the same way without
    ``dimensionwise``).

    See Also
    --------
    sklearn.metrics.root_mean_squared_error : The unnormalised error.

    Examples
    --------
    >>> from skreservoir.metrics import nrmse
    >>> y_true = [[0.0, 1.0], [1.0, 3.0], [2.0, 5.0]]
    >>> y_pred = [[0.0, 1.5], [1.5, 3.0], [2.0, 4.5]]
    >>> print(round(nrmse(y_true, y_pred), 4))
    0.3018
    >>> print(nrmse(y_true, y_pred, normalization="range", multioutput="raw_values").round(4))
    [0.1443 0.1021]
    """
    if not isinstance(normalization, str) or normalization not in _NORMALIZERS:
        raise ValueError(
            f"Unknown normalization {normalization!r}. Expected one of: "
            f"{', '.join(map(repr, _NORMALIZERS))}."
            + _RESERVOIRPY_NORMS.get(normalization if isinstance(normalization, str) else "", "")
        )
    y_true, y_pred = _check_targets(y_true, y_pred)
    # Both terms are computed on data divided by its largest magnitude and
    # scaled back afterwards, so that squaring 1e200 does not overflow.
    magnitude = np.maximum(np.max(np.abs(y_true), axis=0), np.max(np.abs(y_pred), axis=0))
    magnitude[magnitude == 0] = 1.0
    true_magnitude = np.max(np.abs(y_true), axis=0)
    true_magnitude[true_magnitude == 0] = 1.0
    rmse = root_mean_squared_error(
        y_true / magnitude, y_pred / magnitude, multioutput="raw_values"
    )
    scale = _NORMALIZERS[normalization](y_true / true_magnitude)
    zero = np.flatnonzero(scale == 0)
    if zero.size:
        raise ValueError(
            f"y_true is constant in output(s) {zero.tolist()}, so its "
            f"{normalization!r} normaliser is 0 and the NRMSE is undefined. Drop "
            "those outputs or use sklearn.metrics.root_mean_squared_error."
        )
    # the variance carries the square of the magnitude, the others its first power
    scale = scale * (true_magnitude if normalization == "var" else 1.0)
    with np.errstate(over="ignore"):
        errors = (magnitude / true_magnitude) * (rmse / scale)
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return errors
        if multioutput == "uniform_average":
            return float(np.mean(errors))
        raise ValueError(
            f"Unknown multioutput {multioutput!r}. Expected 'raw_values', "
            "'uniform_average' or an array of weights."
        )
    weights = np.asarray(multioutput, dtype=np.float64)
    if weights.shape != errors.shape:
        raise ValueError(
            f"multioutput weights must have shape ({errors.shape[0]},), one per "
            f"output, got shape {weights.shape}."
        )
    if not (np.all(np.isfinite(weights)) and np.all(weights >= 0) and weights.sum() > 0):
        raise ValueError(
            f"multioutput weights must be finite and >= 0, with a positive sum; got "
            f"{weights.tolist()}."
        )
    return float(np.average(errors, weights=weights))


def _panel_rows(values, name):
    """The rows of a panel (a 3D array, or a list of series of different lengths or of
    2D series) one series after another, and the series' lengths; ``values`` as it is
    and None otherwise (a list of rows stays a 2D array)."""
    if isinstance(values, np.ndarray):
        if values.ndim != 3:
            return values, None
        series = list(values)
    elif isinstance(values, (list, tuple)) and values and all(
            hasattr(v, "__len__") and not isinstance(v, str) for v in values):
        try:
            shape = np.asarray(values).shape
        except ValueError:  # ragged: series of different lengths
            shape = None
        # equal-length 1D arrays: series where they are fewer than their length (what
        # predict returns for a panel of 1D targets; read as rows, the series were
        # samples and the steps outputs: a review), else rows
        if shape is not None and len(shape) != 3 and not (
                len(shape) == 2 and is_list_of_series(values)):
            return values, None
        series = [np.asarray(v) for v in values]
        if any(s.ndim not in (1, 2) for s in series):
            return values, None  # check_array says what is wrong
    else:
        return values, None
    rows = [s.reshape(len(s), -1) for s in series]
    if len({r.shape[1] for r in rows}) > 1:
        raise ValueError(f"The series of {name} have different numbers of outputs: "
                         f"{sorted({r.shape[1] for r in rows})}.")
    return np.concatenate(rows), [len(r) for r in rows]


def _check_targets(y_true, y_pred):
    """Two finite float arrays of shape (n_samples, n_outputs), or a clear error.

    A panel (a 3D array, or a list of series: what an ESN's ``predict`` returns for
    one) is scored on the rows of its series, one after another, as one set of rows;
    both must then hold series of the same lengths.
    """
    (y_true, true_lengths), (y_pred, pred_lengths) = (
        _panel_rows(y_true, "y_true"), _panel_rows(y_pred, "y_pred"))
    if (true_lengths is None) != (pred_lengths is None) or true_lengths != pred_lengths:
        if true_lengths is not None or pred_lengths is not None:
            described = [f"{name}: " + ("not a panel" if lengths is None
                                        else f"series of {lengths} steps")
                         for name, lengths in (("y_true", true_lengths),
                                               ("y_pred", pred_lengths))]
            raise ValueError(
                "y_true and y_pred must be panels of the same series (a 3D array or a "
                "list of series, of the same lengths), or both arrays of rows; got "
                + "; ".join(described) + ".")
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        if values is None:  # scikit-learn's check_array said "contains NaN"
            raise TypeError(f"{name} is None; pass the {'targets' if name == 'y_true' else 'predictions'} "
                            "as an array of numbers.")
        kind = getattr(getattr(values, "dtype", None), "kind", None)
        if kind is None and isinstance(values, (list, tuple)):
            try:
                kind = np.asarray(values).dtype.kind
            except ValueError:  # ragged: check_array names it
                kind = None
        if kind in ("U", "S"):  # numpy's "could not convert string to float" names neither
            raise ValueError(f"{name} must hold numbers, got strings; pass the targets "
                             "and predictions as floats.")
        if kind == "c":  # scikit-learn's "Complex data not supported" printed the array
            raise ValueError(f"{name} holds complex numbers: the metrics score real values; "
                             "score the real and imaginary parts (or the moduli) apart.")
    y_true = check_array(y_true, ensure_2d=False, dtype=np.float64, input_name="y_true",
                         ensure_all_finite=False)
    y_pred = check_array(y_pred, ensure_2d=False, dtype=np.float64, input_name="y_pred",
                         ensure_all_finite=False)
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        bad = np.flatnonzero(~np.isfinite(values.reshape(values.shape[0], -1)).all(axis=1))
        if len(bad):  # the rows, and what to do (scikit-learn's text said neither)
            raise ValueError(
                f"{name} contains NaN or inf, in {len(bad)} row(s) (the first at row "
                f"{bad[0]}): score finite values; drop those rows from both arrays "
                "(y_true[keep], y_pred[keep]) or fill them first.")
    check_consistent_length(y_true, y_pred)
    y_true = y_true.reshape(y_true.shape[0], -1)
    y_pred = y_pred.reshape(y_pred.shape[0], -1)
    if y_true.shape[1] != y_pred.shape[1]:
        raise ValueError(
            f"y_true has {y_true.shape[1]} output(s) but y_pred has "
            f"{y_pred.shape[1]}; pass predictions of the same shape as y_true."
        )
    return y_true, y_pred


def _scored_rows(estimator, X, y, sample_weight):
    """``(y_true, y_pred, weights)`` as the estimator's own ``score`` reads them.

    An estimator of series (:class:`~skreservoir.ESNRegressor`,
    :class:`~skreservoir.ESGPRegressor`, a regression readout such as
    :class:`~skreservoir.RidgeReadout`, or a
    :class:`~sklearn.pipeline.Pipeline` ending in one) scores the rows after
    every series' washout, the series one after another; any other estimator
    its ``predict(X)`` against ``y``, as :func:`sklearn.metrics.make_scorer`'s
    scorers do.
    """
    final, before = estimator, None
    steps = getattr(estimator, "steps", None)
    if steps and hasattr(steps[-1][1], "_scored_rows"):
        final, before = steps[-1][1], estimator[:-1]
    rows = getattr(final, "_scored_rows", None)
    if rows is None:
        return y, estimator.predict(X), sample_weight
    if before is not None:
        X = before.transform(X)
    return rows(X, y, sample_weight)


class _NRMSEScorer:
    """Minus :func:`nrmse` of an estimator's predictions (greater is better).

    An estimator of series is scored on the rows its ``score`` scores:
    every series' steps after its washout, the series pooled (one
    normaliser over all their rows, not one per time step across series).
    """

    def __init__(self, normalization="std"):
        self.normalization = normalization

    def __call__(self, estimator, X, y_true, sample_weight=None):
        y_true, y_pred, weights = _scored_rows(estimator, X, y_true, sample_weight)
        if weights is not None:
            weights = np.asarray(weights, dtype=np.float64).ravel()
            if not np.all((weights == 0) | (weights == 1)):
                raise ValueError(
                    "The NRMSE scorers take no sample_weight other than 0 (leave the "
                    "row out) and 1; score weighted rows with a scorer of a weighted "
                    "metric, such as scoring='r2'."
                )
            kept = weights == 1
            y_true, y_pred = np.asarray(y_true)[kept], np.asarray(y_pred)[kept]
        return -nrmse(y_true, y_pred, normalization=self.normalization)

    def __repr__(self):
        name = "neg_nrmse" + ("" if self.normalization == "std" else f"_{self.normalization}")
        return f"skreservoir.metrics.get_scorer({name!r})"


class _SeriesScorer(_Scorer):
    """scikit-learn's scorer ``name``, on the rows an estimator of series scores.

    scikit-learn's scorers compare ``predict(X)`` with ``y`` as they are: on
    a panel (a 3D array or a list of series) its metrics raise, and a search
    records NaN. For an estimator of series (alone or ending a
    :class:`~sklearn.pipeline.Pipeline`) this scorer pools the rows its
    ``score`` scores (:func:`_scored_rows`) and applies the metric to them:
    rows of NaN targets (weight 0 there) are left out, and the weights go
    to the metric only where they were given. Any other estimator, and a
    scorer that reads ``predict_proba`` or ``decision_function``, is scored
    as scikit-learn scores it. A subclass of scikit-learn's scorer, so
    metadata routing (``set_score_request``) works as with its own.
    """

    def __init__(self, name):
        scorer = sklearn_get_scorer(name)
        super().__init__(scorer._score_func, scorer._sign, scorer._kwargs,
                         scorer._response_method)
        self.name = name

    def _score(self, method_caller, estimator, X, y_true, **kwargs):
        final = estimator.steps[-1][1] if getattr(estimator, "steps", None) else estimator
        if not hasattr(final, "_scored_rows") or self._response_method != "predict":
            return super()._score(method_caller, estimator, X, y_true, **kwargs)
        given = kwargs.pop("sample_weight", None)
        y_true, y_pred, weights = _scored_rows(estimator, X, y_true, given)
        if weights is not None:
            weights = np.asarray(weights, dtype=np.float64).ravel()
            kept = weights > 0  # 0: a NaN target, or a row the user's weights leave out
            y_true, y_pred = np.asarray(y_true)[kept], np.asarray(y_pred)[kept]
            if given is not None:
                kwargs["sample_weight"] = weights[kept]
        return self._sign * self._score_func(y_true, y_pred, **{**self._kwargs, **kwargs})

    def __repr__(self):
        return f"skreservoir.metrics.get_scorer({self.name!r})"


neg_nrmse_scorer = _NRMSEScorer()
neg_nrmse_range_scorer = _NRMSEScorer("range")
neg_nrmse_var_scorer = _NRMSEScorer("var")

_SCORERS = {
    "neg_nrmse": neg_nrmse_scorer,
    "neg_nrmse_range": neg_nrmse_range_scorer,
    "neg_nrmse_var": neg_nrmse_var_scorer,
}


#: The scorer names that abbreviations stand for ('rmse' was offered 'neg_nrmse', the
#: normalised error, by closeness of spelling).
_SCORER_ABBREVIATIONS = {
    "mse": "neg_mean_squared_error",
    "rmse": "neg_root_mean_squared_error",
    "mae": "neg_mean_absolute_error",
    "mape": "neg_mean_absolute_percentage_error",
    "nrmse": "neg_nrmse",
    "acc": "accuracy",
}


def check_scorer_name(name, context):
    """A ValueError, ``context`` first, where neither scikit-learn nor skreservoir knows
    the scorer ``name``, with the closest names (scikit-learn's own listed none)."""
    known = [*sklearn_get_scorer_names(), *_SCORERS]
    if name in known:
        return
    short = _SCORER_ABBREVIATIONS.get(name.lower().removeprefix("neg_"))
    close = [short] if short else difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise ValueError(
        f"{context}: {name!r} is neither a scikit-learn scorer name "
        "(sklearn.metrics.get_scorer_names()) nor skreservoir's "
        f"({', '.join(_SCORERS)}); or pass a scorer callable.{hint}"
    )


def get_scorer(scoring):
    """Return a scorer by name, knowing skreservoir's names and scikit-learn's.

    ``"neg_nrmse"``, ``"neg_nrmse_range"`` and ``"neg_nrmse_var"`` give
    :func:`nrmse` with ``normalization="std"``, ``"range"`` and ``"var"``,
    negated so that greater is better (a ``sample_weight`` may only leave
    rows out: 0 or 1); a scikit-learn scorer name (``"r2"``,
    ``"neg_mean_squared_error"``, ``"accuracy"``, ``"f1_macro"``, ...) gives
    scikit-learn's metric. These score an :class:`~skreservoir.ESNRegressor`,
    :class:`~skreservoir.ESGPRegressor`, :class:`~skreservoir.ESNClassifier` or
    a regression readout (:class:`~skreservoir.RidgeReadout` after a
    :class:`~skreservoir.Reservoir` in a pipeline; alone or ending a
    :class:`~sklearn.pipeline.Pipeline`) on the rows its
    ``score`` scores: the steps of every series after the washout (all of
    them for a classifier), all series pooled (a panel's predictions of
    shape (n_series, n_timesteps) are series, not outputs); rows of NaN
    targets are left out. scikit-learn's own scorers compare ``predict(X)``
    with ``y`` as they are and count the washout steps. On a panel they
    raise for a list of series (a search then records NaN scores), and on
    an array of equal-length series with ``y`` of shape (n_series,
    n_timesteps) they score each time step as an output over the series
    (R² of -1e3 to -1e5 where ``score`` gives 0.9999; the ESNs warn of it,
    with a :class:`~skreservoir.exceptions.DataLayoutWarning`, once per
    process): pass ``scoring=get_scorer("r2")`` there. Other estimators, other values
    (callables), and scorers that read ``predict_proba`` or
    ``decision_function`` (``"roc_auc"``, ``"neg_log_loss"``) are scored as
    :func:`sklearn.metrics.get_scorer` scores them.

    Parameters
    ----------
    scoring : str, callable or None
        A scorer name, or anything :func:`sklearn.metrics.get_scorer` accepts.

    Returns
    -------
    callable
        A scorer ``scorer(estimator, X, y)``, usable as ``scoring=`` in
        ``cross_val_score`` or ``GridSearchCV``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import Ridge
    >>> from sklearn.metrics import make_scorer
    >>> from sklearn.model_selection import cross_val_score
    >>> from skreservoir.metrics import get_scorer, nrmse
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 3))
    >>> y = X @ [1.0, -2.0, 0.5] + 0.1 * rng.normal(size=60)
    >>> scores = cross_val_score(Ridge(), X, y, scoring=get_scorer("neg_nrmse"), cv=3)
    >>> print(scores.round(3))
    [-0.074 -0.063 -0.065]

    The same with other settings, through :func:`sklearn.metrics.make_scorer`
    (which scores ``predict(X)`` as it is: not for panels of series):

    >>> scorer = make_scorer(nrmse, greater_is_better=False, normalization="range")
    >>> print(cross_val_score(Ridge(), X, y, scoring=scorer, cv=3).round(3))
    [-0.018 -0.018 -0.014]
    """
    if isinstance(scoring, str) and scoring in _SCORERS:
        return copy.deepcopy(_SCORERS[scoring])
    if isinstance(scoring, str):
        check_scorer_name(scoring, f"get_scorer({scoring!r})")
        return _SeriesScorer(scoring)
    return sklearn_get_scorer(scoring)


def memory_capacity(
    reservoir,
    *,
    k_max=None,
    n_timesteps=None,
    washout=100,
    alpha=0.0,
    amplitude=1.0,
    random_state=None,
    return_curve=False,
):
    r"""Short-term memory capacity of a reservoir (Jaeger, 2001).

    The reservoir is driven by i.i.d. input :math:`u(t) \sim U(-a, a)`
    (``amplitude`` :math:`a`, 1 by default); for
    each delay :math:`k` a linear readout :math:`y_k(t)` is trained to recall
    :math:`u(t-k)` from the state at time :math:`t`, and

    .. math::

        MC = \sum_{k=1}^{k_{max}} MC_k, \qquad
        MC_k = \frac{\mathrm{cov}^2(u(t-k), y_k(t))}
                    {\mathrm{var}(u(t-k))\,\mathrm{var}(y_k(t))}

    the squared correlation on held-out steps. A reservoir of :math:`N`
    linear units has :math:`MC \le N`.

    The reservoir is cloned and ``fit_transform`` is called on the input of
    shape (n_timesteps, 1). The rows ``t >= max(washout, k_max)`` are kept
    (so every delayed target exists), the first half trains a multi-output
    linear readout for the delays (at most ``max(2 N, 256)`` of them at a
    time, which bounds the memory), and the second half scores it. A
    delay whose prediction is constant gets :math:`MC_k = 0`.

    The readout is Jaeger's, the least-squares one (``alpha=0``, by the
    singular value decomposition, with numpy's cutoff of the singular
    values at the rounding's share of the largest, which does not depend on
    the states' scale); ``alpha > 0`` makes it a
    :class:`sklearn.linear_model.Ridge` of that penalty. A penalty fixed in
    absolute terms truncates the state directions that hold the older
    inputs: on a linear reservoir of 50 units (spectral radius 0.99, 6000
    steps) ``alpha=1e-8``, the default before, gave MC 33.0, 30.3 and 27.2
    at input scalings 1, 0.1 and 0.01, the least-squares readout 45.3 at
    all three (ReservoirPy's ``ridge=1e-8``: 29.3).

    The series must hold many independent rows per state feature. A slow
    reservoir's states change little from step to step, so that 2000 steps
    hold few: the default length grows with the states' autocorrelation
    (``n_timesteps``). It must also hold many scored rows per delay: on
    :math:`s` scored rows a delay that the states do not hold still scores
    about :math:`1/s` by chance, and the :math:`k_{max}` delays about
    :math:`k_{max} / s`, so that the default length grows with ``k_max``
    too (10 tanh units, ``Reservoir(10, random_state=0)``: MC 2.2 at
    ``k_max=20``; 4.2, 40.4 and 230.6 at 1000, 1900 and 5000 on the series
    drawn before, 3.1, 3.0 and 3.3 now; 3.0 to delay 2000 on 100,000
    steps). A given length is used as it is.

    Parameters
    ----------
    reservoir : estimator
        A scikit-learn transformer mapping a series (n_timesteps, 1) to states
        (n_timesteps, n_units), row ``t`` depending on inputs up to ``t``.
    k_max : int, default=None
        Largest delay. None means twice the number of state features. A
        larger one lengthens the default series (``n_timesteps``).
    n_timesteps : int, default=None
        Length of the input series. None: 2000, or, where the least-squares
        readout (``alpha=0``) would have fewer than twice as many
        *independent* training rows as state features, as many more steps as
        give it twice (the first 2000 inputs the same), up to 50,000 steps
        and 256 MiB of states and targets (a warning says when that is not
        enough). Independent: the rows' number times ``(1 - r) / (1 + r)``,
        with ``r`` the states' lag-one autocorrelation (an AR(1)'s effective
        sample size): a reservoir of more than about 250 units, or a slow
        (leaky) one, gets a longer series. 100 tanh units at leak rate 0.1:
        MC 0.7 on 2000 steps, 9.5 on the longer series drawn now (9.4 on
        20,000 steps); at leak rate 0.3, 8.4 and 9.8 (11.6 on 20,000). It
        is also lengthened to at least ``100 * k_max / N`` scored rows (the
        second half of the rows after ``max(washout, k_max)``; :math:`N` state
        features), so that the delays' chance scores add at most 1% of the
        bound :math:`N` (at the default ``k_max`` and ``washout`` the
        least-squares readout's training rows already give as many). A given
        length that leaves fewer rows than twice the weights raises (a
        least-squares readout of as many weights as rows recalls its
        training rows exactly and generalises poorly: at 500 units and 2000
        steps it reported MC 12.2), and so does one that leaves fewer
        scored rows than ``k_max / N`` (the chance scores alone could reach
        the bound :math:`N`).
    washout : int, default=100
        Initial steps left out of training and scoring.
    alpha : float, default=0.0
        Ridge regularisation of the readout (ReservoirPy: ``ridge``); 0, the
        least-squares readout of the definition.
    amplitude : float, default=1.0
        Half-width :math:`a` of the uniform input :math:`U(-a, a)`. Jaeger
        (2001) drew :math:`U(-0.5, 0.5)`, ReservoirPy draws
        :math:`U(-0.8, 0.8)`. A tanh reservoir's MC depends on it (larger
        inputs saturate its units), a linear one's does not.
    random_state : int, RandomState instance or None, default=None
        Seed of the input draw (scikit-learn convention).
    return_curve : bool, default=False
        Also return :math:`MC_k` for :math:`k = 1, \dots, k_{max}`.

    Returns
    -------
    mc : float
        The memory capacity, between 0 and ``k_max``.
    curve : ndarray of shape (k_max,)
        :math:`MC_k`, only with ``return_curve=True``.

    Notes
    -----
    ReservoirPy 0.4.2's ``reservoirpy.observables.memory_capacity(model,
    k_max, series=None, test_size=0.2, seed=None)`` has the same
    :math:`MC_k`, but another protocol: input :math:`U(-0.8, 0.8)` of
    ``10 * k_max`` steps, fed to the model from step ``k_max`` on (the
    first ``k_max`` inputs are targets only), the first ``k_max`` training
    states dropped, the last ``test_size`` scored, and the readout is the
    model's own (``Ridge`` inside it). Given the same reservoir, a series
    of the same length and input amplitude, ``test_size=0.5`` and
    ``alpha`` equal to its ridge, the two agree to sampling error (0.4% on a
    50-unit linear reservoir, 0.5% on tanh; see ``tests/test_metrics.py``).
    With the least-squares readout (``alpha=0``) a linear reservoir's MC
    does not depend on the input's amplitude; a tanh reservoir's does.

    References
    ----------
    .. [1] H. Jaeger, "Short term memory in echo state networks", GMD Report
       152, German National Research Center for Information Technology, 2001.

    Examples
    --------
    A delay line that holds the last 3 inputs remembers exactly 3 of them:

    >>> import numpy as np
    >>> from sklearn.preprocessing import FunctionTransformer
    >>> from skreservoir.metrics import memory_capacity
    >>> def last_three(u):
    ...     padded = np.vstack([np.zeros((3, 1)), u])
    ...     return np.hstack([padded[3 - k:len(padded) - k] for k in (1, 2, 3)])
    >>> delay_line = FunctionTransformer(last_three)
    >>> mc, curve = memory_capacity(delay_line, random_state=0, return_curve=True)
    >>> print(round(mc, 2), curve.round(2))
    3.0 [1. 1. 1. 0. 0. 0.]
    """
    check_part(reservoir, "reservoir", ("fit", "transform"), "skreservoir.Reservoir(100)")
    given = n_timesteps is not None
    n_timesteps = check_int(n_timesteps, "n_timesteps", 1) if given else 2000
    washout = check_int(washout, "washout", 0)
    if k_max is not None:
        k_max = check_int(k_max, "k_max", 1)
    if (isinstance(alpha, bool) or not isinstance(alpha, numbers.Real)
            or not 0 <= alpha < np.inf):
        raise ValueError(f"alpha must be a finite number >= 0, got {alpha!r}.")
    if (isinstance(amplitude, bool) or not isinstance(amplitude, numbers.Real)
            or not 0 < amplitude < np.inf):
        raise ValueError(f"amplitude must be a finite number > 0, got {amplitude!r}.")
    rng = check_random_state(check_seed(random_state, "memory_capacity"))
    u = rng.uniform(-float(amplitude), float(amplitude), size=(n_timesteps, 1))
    states = _capacity_states(reservoir, u, amplitude)
    n_features = states.shape[1]
    if k_max is None:
        k_max = 2 * n_features
    start = max(washout, k_max)
    # the least-squares readout: at least twice as many training rows as weights
    needed = start + 4 * (n_features + 1) if alpha == 0 else start + 4
    # on s scored rows a delay the states do not hold still scores about 1/s by
    # chance: at least k_max / N scored rows, or the k_max delays alone could
    # add up to the bound N
    needed = max(needed, start + 2 * _chance_rows(k_max, n_features, 1.0))
    if not given:
        # at most MAX_CAPACITY_STEPS, and what the rows and targets take in memory
        # (the targets of at most `block` delays at once)
        block = _delay_block(n_features)
        limit = min(MAX_CAPACITY_STEPS,
                    start + MAX_CAPACITY_BYTES // (8 * (n_features + min(k_max, block) + 1)))
        # ... and enough scored rows that the chance scores of the k_max delays
        # add up to at most CAPACITY_CHANCE_SHARE of N
        scored = _chance_rows(k_max, n_features, CAPACITY_CHANCE_SHARE)
        chance = start + 2 * scored
        if n_timesteps < min(chance, limit):  # first, for the rows that measure r below
            n_timesteps = max(needed, min(chance, limit))
            u = _longer_input(u, n_timesteps, rng, amplitude)
            states = _capacity_states(reservoir, u, amplitude)
        wanted = chance
        if alpha == 0:
            # ... and as many *independent* training rows: slow states repeat themselves
            slow = start + int(np.ceil(4 * (n_features + 1)
                                       / _independent_share(states[start:])))
            wanted = max(wanted, slow)
            if slow > limit:
                warnings.warn(
                    f"memory_capacity: these states change slowly (a leaky reservoir): "
                    f"about {slow} steps would give the readout twice as many independent "
                    f"training rows as weights, and the default length stops at {limit}; "
                    "the capacity is then underestimated. Pass n_timesteps (and the memory "
                    "it takes) for a closer value.",
                    UserWarning, stacklevel=2,
                )
        if chance > limit:
            rows = max(needed, limit) - start
            warnings.warn(
                f"memory_capacity: k_max={k_max} delays need about {chance} steps "
                f"({scored} scored rows) for their chance scores (about 1/{scored} each) "
                f"to add up to at most {CAPACITY_CHANCE_SHARE * max(n_features, 1):.2g} "
                f"({CAPACITY_CHANCE_SHARE:.0%} of the {n_features} state features), and "
                f"the default length stops at {limit}: on its {rows - rows // 2} scored "
                f"rows they can add up to about {k_max / (rows - rows // 2):.2g}, the "
                "capacity is then overestimated. Pass n_timesteps (and the memory it "
                "takes), or a smaller k_max.",
                UserWarning, stacklevel=2,
            )
        needed = max(needed, min(wanted, limit))
    if n_timesteps < needed and not given:  # the default length, lengthened
        n_timesteps = needed
        u = _longer_input(u, n_timesteps, rng, amplitude)
        states = _capacity_states(reservoir, u, amplitude)
    if n_timesteps < needed:
        rows = max(n_timesteps - start, 0)
        weights = alpha == 0 and needed == start + 4 * (n_features + 1)
        if weights:
            why = (f", {rows // 2} of them to train a least-squares readout of "
                   f"{n_features + 1} weights (twice as many rows are needed)")
        elif needed > start + 4:
            scored = _chance_rows(k_max, n_features, CAPACITY_CHANCE_SHARE)
            why = (f", {rows - rows // 2} of them to score k_max={k_max} delays (on s "
                   "scored rows a delay that the states do not hold still scores about "
                   "1/s by chance: at least k_max / n_features = "
                   f"{_chance_rows(k_max, n_features, 1.0)} scored rows are needed, or "
                   f"the chance scores alone could reach the bound {n_features}; {scored} "
                   f"keep them under {CAPACITY_CHANCE_SHARE:.0%} of it)")
            needed = max(needed, start + 2 * scored)  # the length to use
        else:
            why = ""
        raise ValueError(
            f"n_timesteps={n_timesteps} leaves {n_timesteps - start} steps after "
            f"max(washout, k_max)={start}" + why
            + f"; use n_timesteps >= {needed} (or leave it None), or a smaller washout "
            "or k_max" + (", or alpha > 0 for a ridge readout." if weights else ".")
        )

    rows = np.arange(start, n_timesteps)
    features = states[rows]
    _warn_unresolved_input(features, amplitude)
    n_train = rows.shape[0] // 2
    block = _delay_block(n_features)
    recall = _recall(features[:n_train], features[n_train:], alpha, reuse=k_max > block)
    curve = np.zeros(k_max)
    for first in range(0, k_max, block):  # the delays a block at a time (memory)
        size = min(block, k_max - first)
        # the targets u(t - k), k = first + 1, ..., first + size, of the rows t, in
        # units of the amplitude: the squared correlations do not depend on them, and
        # the readout's sums of squares of u near 1e200 overflowed (MC NaN)
        targets = sliding_window_view(u[:, 0] / amplitude, size)[rows - first - size, ::-1]
        curve[first:first + size] = _squared_correlations(recall(targets[:n_train]),
                                                          targets[n_train:])
    mc = float(np.sum(curve))
    return (mc, curve) if return_curve else mc


#: The longest series ``memory_capacity`` draws by default (``n_timesteps=None``).
MAX_CAPACITY_STEPS = 50_000

#: The most memory (bytes) the default series' states and delayed targets (those
#: of at most ``max(2 N, 256)`` delays at a time) take.
MAX_CAPACITY_BYTES = 256 * 2**20


#: The share of the bound N that the chance scores of the ``k_max`` delays may
#: add to the capacity on the default series (``n_timesteps=None``).
CAPACITY_CHANCE_SHARE = 0.01


def _chance_rows(k_max, n_features, share):
    """The scored rows on which ``k_max`` delays that the states do not hold, about
    ``1 / rows`` each by chance, add up to at most ``share`` of the ``n_features``."""
    return int(np.ceil(k_max / (share * max(n_features, 1)) - 1e-9))


def _delay_block(n_features):
    """How many delays ``memory_capacity`` fits and scores at once: the default
    ``k_max`` (twice the state features), at least 256."""
    return max(2 * n_features, 256)


def _longer_input(u, n_timesteps, rng, amplitude):
    """``u`` continued to ``n_timesteps`` steps by further draws of ``rng``."""
    extra = rng.uniform(-float(amplitude), float(amplitude), size=(n_timesteps - len(u), 1))
    return np.vstack([u, extra])


def _recall(X, X_new, alpha, reuse=False):
    """The function mapping targets ``Y`` at the rows ``X`` to the predictions at
    ``X_new`` of their linear fit with an intercept: least squares (``alpha=0``), or
    a ridge of penalty ``alpha``. ``reuse``: for many ``Y``, the least squares'
    pseudo-inverse once (numpy's cutoff, as in ``_least_squares_predictions``)."""
    if alpha > 0:
        return lambda Y: Ridge(alpha=alpha).fit(X, Y).predict(X_new).reshape(-1, Y.shape[1])
    if not reuse:
        return lambda Y: _least_squares_predictions(X, Y, X_new).reshape(-1, Y.shape[1])
    mean = X.mean(axis=0)
    with blas_threads_for_features(X.shape[1]):  # the package's thread policy
        pinv = np.linalg.pinv(X - mean, rcond=np.finfo(X.dtype).eps * max(X.shape))
    centred_new = X_new - mean

    def predict(Y):
        Y_mean = Y.mean(axis=0)
        with blas_threads_for_features(X.shape[1]):
            return centred_new @ (pinv @ (Y - Y_mean)) + Y_mean

    return predict


def _squared_correlations(pred, true):
    """The squared correlation of each column of ``pred`` with that of ``true``; 0
    where ``pred`` (or ``true``) is constant."""
    pred = pred - pred.mean(axis=0)
    true = true - true.mean(axis=0)
    denominator = np.sum(pred**2, axis=0) * np.sum(true**2, axis=0)
    numerator = np.sum(pred * true, axis=0) ** 2
    return np.divide(numerator, denominator, out=np.zeros(pred.shape[1]),
                     where=denominator > 1e-300)


def _independent_share(states):
    """The share of a series' rows that are independent, as an AR(1)'s effective
    sample size: ``(1 - r) / (1 + r)``, with ``r`` the states' lag-one
    autocorrelation pooled over the units (1 where it is not positive)."""
    if states.shape[0] < 3:
        return 1.0
    centred = states - states.mean(axis=0)
    energy = float(np.sum(centred * centred))
    if energy <= 0:
        return 1.0
    r = float(np.sum(centred[1:] * centred[:-1])) / energy
    return 1.0 if r <= 0 else max((1.0 - r) / (1.0 + r), 1e-6)


def _warn_unresolved_input(features, amplitude):
    """Warn where the states move with the input by less than float64 resolves: their
    spread over the scored rows (the second half, past the start's transient) below
    1e4 times their rounding of their size (2e-12 in float64) (amplitude=1e-20 on a tanh reservoir: 1e-14, the input's part
    of the states rounded away, and MC read 0.007 of about 10; amplitude=1e-10: 5e-11,
    MC 9.9996)."""
    scored = features[features.shape[0] // 2:]
    spread = float(np.max(np.std(scored, axis=0))) if scored.size else 0.0
    size = float(np.max(np.abs(scored))) if scored.size else 0.0
    # 1e4 times the states' rounding: 2e-12 in float64, 1e-3 in float32 (a float32
    # reservoir at amplitude 1e-8 read MC 0.004, silently)
    dtype = features.dtype if features.dtype.kind == "f" else np.dtype(np.float64)
    resolved = 1e4 * np.finfo(dtype).eps
    if size > 0 and spread <= resolved * size:
        warnings.warn(
            f"memory_capacity: the states move over time by at most {spread / size:.2g} of "
            f"their size, below what {dtype.name} resolves: the input (amplitude="
            f"{amplitude:g}) "
            "barely reaches them, and the capacity read is rounding. Use a larger "
            "amplitude (a tanh reservoir is linear from about 1e-3 down), or a reservoir "
            "that feels its input (input_scaling).",
            UserWarning, stacklevel=3)


def _capacity_states(reservoir, u, amplitude):
    """The states of a clone of ``reservoir`` fitted on the input ``u`` (n, 1), checked."""
    with warnings.catch_warnings():  # the states' checks of a user's data: the capacity's own
        warnings.simplefilter("ignore", ReservoirStateWarning)
        states = to_host(clone(reservoir).fit_transform(u))
    if states.ndim != 2 or states.shape[0] != u.shape[0]:
        raise ValueError(
            f"reservoir.fit_transform must return one row per time step, shape "
            f"({u.shape[0]}, n_units), got shape {states.shape}."
        )
    if not np.all(np.isfinite(states)):
        raise ValueError(
            "reservoir.fit_transform returned NaN or inf states: the reservoir "
            f"diverges on inputs in [-{amplitude:g}, {amplitude:g}]. Lower its "
            "spectral_radius or input_scaling, or use a bounded activation."
        )
    return states


def _least_squares_predictions(X, Y, X_new):
    """Predictions at ``X_new`` of the least-squares fit of ``Y`` on ``X`` with an intercept.

    The SVD's minimum-norm solution of the centred ``X``, its singular values
    below the rounding's share of the largest (numpy's default cutoff,
    ``eps * max(n_rows, n_features)``) left out: the states of a slow linear
    reservoir reach condition numbers of 1e18, beyond float64, where a
    solution that keeps every direction (QR) fits rounding noise (100 linear
    units at leak rate 0.1: MC 1.4 by QR, 15.5 with the cutoff, 17.0 by QR on
    10000 steps); on a fast linear reservoir (condition number 1e15) it
    costs a few of the oldest delays (50 units: 45.3 against 48.3 by QR).
    """
    mean = X.mean(axis=0)
    with blas_threads_for_features(X.shape[1]):  # the package's thread policy
        coef = np.linalg.lstsq(X - mean, Y - Y.mean(axis=0), rcond=None)[0]
    return (X_new - mean) @ coef + Y.mean(axis=0)


def _check_square(W, name="W"):
    """``W`` as a finite real square matrix (dense or scipy sparse)."""
    check_sparse_indices(W, name)
    values = W.data if sp.issparse(W) else np.asarray(W)
    if values.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be a real matrix, got dtype {values.dtype}.")
    shape = W.shape if sp.issparse(W) else values.shape
    if len(shape) != 2 or shape[0] != shape[1] or shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty square matrix, got shape {shape}.")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} contains NaN or inf; pass a finite matrix.")
    return W if sp.issparse(W) else values


def spectral_radius(W):
    """The spectral radius of ``W``: the largest absolute value of its eigenvalues.

    Exact (dense eigenvalues) for small matrices; for large ones an Arnoldi
    iteration (ARPACK's, or one without restarts where the rows hold many
    nonzeros) from a fixed start vector, so the result is
    deterministic, stopped by ARPACK's criterion (relative residual 1e-3):
    on the random matrices reservoirs draw (normal, uniform, Bernoulli,
    3000 to 20,000 units) and on normal matrices the error at the stop is
    below 1e-3 (``benchmarks/study_radius_stop.py``: at most 4.4e-4
    normal, 7e-5 random); on strongly non-normal matrices (a large
    triangular part, eigenvalues ill-conditioned) a small residual does not
    bound the error, and it measured 2.5e-2 there: pass such a matrix
    already scaled, or compute its radius densely. The same
    routine scales the drawn ``W`` of :class:`~skreservoir.Reservoir`
    (ReservoirPy: ``reservoirpy.observables.spectral_radius``).

    Parameters
    ----------
    W : array-like or scipy sparse matrix of shape (n_units, n_units)

    Returns
    -------
    radius : float

    See Also
    --------
    effective_spectral_radius : The spectral radius of a leaky reservoir.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir.metrics import spectral_radius
    >>> round(spectral_radius(np.array([[0.0, 2.0], [0.5, 0.0]])), 6)
    1.0
    """
    from skreservoir._weights import spectral_radius as _radius

    return _radius(_check_square(W))


def effective_spectral_radius(W, leak_rate=1.0):
    r"""The spectral radius of a leaky reservoir's linearised update.

    :math:`\rho\big((1 - a) I + a W\big)` for leak rate :math:`a`
    (Jaeger, Lukoševičius, Popovici and Siewert, "Optimization and
    applications of echo state networks with leaky-integrator neurons",
    Neural Networks 2007): above 1, a tanh reservoir without bias, noise or
    feedback lacks the echo state property. Equal to ReservoirPy's
    ``reservoirpy.observables.effective_spectral_radius``, which computes
    this spectral radius although its docstring calls it the largest
    singular value.

    Parameters
    ----------
    W : array-like or scipy sparse matrix of shape (n_units, n_units)
    leak_rate : float in (0, 1], default=1.0

    Returns
    -------
    radius : float

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir.metrics import effective_spectral_radius
    >>> W = np.array([[0.0, 2.0], [0.5, 0.0]])
    >>> round(effective_spectral_radius(W, leak_rate=0.5), 6)
    1.0
    """
    W = _check_square(W)
    if not (isinstance(leak_rate, numbers.Real) and 0.0 < leak_rate <= 1.0):
        raise ValueError(f"leak_rate must be a float in (0, 1], got {leak_rate!r}.")
    identity = sp.identity(W.shape[0], format="csr") if sp.issparse(W) else np.eye(W.shape[0])
    return spectral_radius(leak_rate * W + (1.0 - leak_rate) * identity)


# -- ReservoirPy's names (reservoirpy.observables), said with ours ----------------------

_GUIDE = "the ReservoirPy page of the user guide"
nrmse = reservoirpy_keywords(nrmse, {
    "norm": "pass normalization= ('range' is ReservoirPy's 'minmax', its default; ours is "
            "'std')",
    "norm_value": "divide skreservoir.metrics.nrmse(y_true, y_pred, normalization='range') "
                  "* np.ptp(y_true) by your value (the RMSE over it)",
    "dimensionwise": "pass multioutput='raw_values' (one score per output)",
}, _GUIDE)
memory_capacity = reservoirpy_keywords(memory_capacity, {
    "as_list": "pass return_curve=True (the capacity of every delay, with the sum)",
    "seed": "pass random_state (an int seed, as ReservoirPy's seed)",
    "series": "memory_capacity draws its own i.i.d. input (amplitude sets its range); "
              "for a series of yours, fit a RidgeReadout on the states of "
              "reservoir.transform(u) to recall u shifted by each delay",
    "test_size": "the second half of the rows kept scores the readout, the first half "
                 "trains it (n_timesteps sets the steps driven)",
}, _GUIDE, positional=(1, "pass ReservoirPy's k_max by name, memory_capacity(reservoir, "
                          "k_max=...)"))
spectral_radius = reservoirpy_keywords(spectral_radius, dict.fromkeys(
    ("maxiter", "tol"), "spectral_radius(W) sets its own iterations and tolerance "
                        "(small W: all eigenvalues; large: an Arnoldi iteration to a "
                        "relative residual of 1e-3, its Notes)"), _GUIDE)
effective_spectral_radius = reservoirpy_keywords(effective_spectral_radius, {
    "lr": "pass leak_rate", "maxiter": "effective_spectral_radius(W, leak_rate) sets its "
                                       "own iterations (as spectral_radius)"}, _GUIDE)

#: ReservoirPy's names of observables that are others here (or scikit-learn's).
_RESERVOIRPY_NAMES = {
    "rsquare": "sklearn.metrics.r2_score (ReservoirPy's rsquare)",
    "rmse": "sklearn.metrics.root_mean_squared_error (ReservoirPy's rmse)",
    "mse": "sklearn.metrics.mean_squared_error (ReservoirPy's mse)",
}


__getattr__ = reservoirpy_names_getattr("skreservoir.metrics", _RESERVOIRPY_NAMES)
