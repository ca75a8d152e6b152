"""Plots: reservoir states, forecasts, and the report of a hyperparameter search."""

import numpy as np

from skreservoir._backend import to_host
from skreservoir._validation import check_int, is_list_of_series

try:
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm, Normalize, SymLogNorm
except ImportError as exc:  # pragma: no cover - exercised without matplotlib only
    raise ImportError(
        "skreservoir.plotting needs matplotlib. Install it with "
        'pip install "skreservoir[plot]".'
    ) from exc

__all__ = ["plot_forecast", "plot_search", "plot_states"]


def _check_time(time, n_timesteps):
    """``time`` as an array of one value per time step, or refused by name (matplotlib's
    "x and y must have same first dimension" names neither)."""
    values = np.asarray(time)
    if values.shape != (n_timesteps,):
        raise ValueError(f"time must hold one value per time step, shape ({n_timesteps},), "
                         f"got shape {values.shape}.")
    return values


def plot_states(states, *, n_units=20, time=None, ax=None, title=None):
    """Plot the activity of the first units of a reservoir over time.

    Parameters
    ----------
    states : array-like of shape (n_timesteps, n_units)
        Reservoir states, for example ``Reservoir(...).fit_transform(X)``.
    n_units : int, default=20
        Number of units plotted (the first ones).
    time : array-like of shape (n_timesteps,), default=None
        Time axis; step indices when None.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure when None.
    title : str, default=None
        Axes title.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from skreservoir import Reservoir
    >>> from skreservoir.datasets import mackey_glass
    >>> from skreservoir.plotting import plot_states
    >>> states = Reservoir(100, random_state=0).fit_transform(mackey_glass(500))
    >>> ax = plot_states(states, n_units=10)
    >>> len(ax.lines)
    10
    """
    states = _host_2d(states, "states")
    n_units = check_int(n_units, "n_units")
    xlabel = "time step" if time is None else "time"
    time = np.arange(len(states)) if time is None else _check_time(time, len(states))
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3))
    elif not hasattr(ax, "plot"):
        raise TypeError(f"ax must be a matplotlib Axes (or None: a new figure), got {ax!r}.")
    shown = states[:, :n_units]
    ax.plot(time, shown, linewidth=0.8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("state")
    ax.set_title(title or f"{shown.shape[1]} of {states.shape[1]} units")
    return ax


def plot_forecast(y_true, y_pred, *, time=None, history=None, axes=None, labels=None):
    """Plot forecasts against the truth, one panel per output.

    Parameters
    ----------
    y_true : array-like of shape (n_timesteps,) or (n_timesteps, n_outputs)
        The true continuation.
    y_pred : array-like of the shape of ``y_true``
        The forecast (``predict`` or ``generate`` output).
    time : array-like of shape (n_timesteps,), default=None
        Time of the forecast rows; step indices (after ``history``) when None.
    history : array-like of shape (n_history,) or (n_history, n_outputs), default=None
        Values before the forecast, drawn in grey.
    axes : array-like of matplotlib.axes.Axes, default=None
        One per output; a new figure when None.
    labels : str or list of str, default=None
        Output names for the y axes, one per output.

    Returns
    -------
    axes : ndarray of matplotlib.axes.Axes
        One per output.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from skreservoir.plotting import plot_forecast
    >>> t = np.linspace(0, 10, 200)
    >>> axes = plot_forecast(np.sin(t), np.sin(t) + 0.01, history=np.cos(t))
    >>> axes.shape
    (1,)
    """
    y_true = _host_2d(y_true, "y_true")
    y_pred = _host_2d(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred must have the same shape, got {y_true.shape} and "
            f"{y_pred.shape}."
        )
    n_history = 0
    if history is not None:
        history = _host_2d(history, "history")
        if history.shape[1] != y_true.shape[1]:
            raise ValueError(
                f"history has {history.shape[1]} outputs but y_true has {y_true.shape[1]}."
            )
        n_history = len(history)
    time = n_history + np.arange(len(y_true)) if time is None else _check_time(time, len(y_true))
    n_outputs = y_true.shape[1]
    if labels is not None:
        labels = [labels] if isinstance(labels, str) else list(labels)
        if len(labels) != n_outputs:
            raise ValueError(f"labels must hold {n_outputs} names (one per output), got "
                             f"{len(labels)}: {labels!r}.")
    if axes is None:
        _, axes = plt.subplots(n_outputs, 1, figsize=(8, 2.2 * n_outputs), sharex=True,
                               squeeze=False)
    axes = np.ravel(np.asarray(axes, dtype=object))
    if len(axes) != n_outputs:
        raise ValueError(f"axes must hold {n_outputs} axes (one per output), got {len(axes)}.")
    not_axes = [type(ax).__name__ for ax in axes if not hasattr(ax, "plot")]
    if not_axes:
        raise TypeError(f"axes must hold matplotlib Axes (plt.subplots(n_outputs, 1)[1]), "
                        f"got {not_axes[0]}.")
    for k, ax in enumerate(axes):
        if history is not None:
            ax.plot(time[0] - n_history + np.arange(n_history), history[:, k],
                    color="0.6", linewidth=0.8, label="history")
        ax.plot(time, y_true[:, k], color="k", linewidth=1.0, label="truth")
        ax.plot(time, y_pred[:, k], color="tab:red", linestyle="--", linewidth=1.0,
                label="forecast")
        ax.set_ylabel(labels[k] if labels is not None else f"output {k}")
    axes[0].legend(loc="upper right", fontsize="small")
    axes[-1].set_xlabel("time step")
    return axes


def _host_2d(values, name):
    """``values`` as a 2D float numpy array (a 1D one becomes a column), or refused by name."""
    if isinstance(values, (list, tuple)) and is_list_of_series(values):
        # a list of series (what predict returns for a list): read as time steps of as
        # many outputs, one subplot each (a battery: 50 subplots for 2 series)
        raise ValueError(
            f"{name} is a list of {len(values)} arrays, a panel of series (predict returns "
            f"one for a list of series); the plot draws one series: pass "
            f"{name}[i] (and the same series of the other arguments).")
    try:
        array = np.asarray(to_host(values), dtype=float)
    except (TypeError, ValueError) as error:  # ragged lists, strings: numpy's words
        raise ValueError(f"{name} must be an array of numbers of shape (n_timesteps,) or "
                         f"(n_timesteps, n_columns) ({error}).") from None
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise ValueError(f"{name} must be 1D or 2D (one series), got {array.ndim} dimensions"
                         f"{': a panel? pass one series, ' + name + '[i]' if array.ndim == 3 else ''}.")
    return array


def _param_columns(results):
    """``{name: values}`` of the searched parameters of ``cv_results_``: scikit-learn's
    ``param_<name>`` entries, or (sktime's searches, a DataFrame without them) the
    dicts of its ``params`` column."""
    columns = {key[len("param_"):]: results[key] for key in results
               if key.startswith("param_")}
    if columns or "params" not in results:
        return columns
    candidates = list(results["params"])
    names = sorted({name for candidate in candidates for name in candidate})
    return {name: np.ma.masked_array(
        [candidate.get(name) for candidate in candidates],
        mask=[name not in candidate for candidate in candidates]) for name in names}


def _lower_is_better(search):
    """Whether the search's scores are errors: sktime's searches read their metric's
    ``lower_is_better`` tag (sktime's default metric, MAPE, and a plain callable are
    errors); scikit-learn's scores are greater-is-better."""
    if not callable(getattr(search, "get_tag", None)):
        return False
    try:
        from sktime.utils.validation.forecasting import check_scoring

        metric = check_scoring(getattr(search, "scoring", None))
    except (ImportError, TypeError, ValueError):
        return True  # sktime's convention: errors
    return bool(metric.get_tag("lower_is_better", True))


def _numeric_params(results):
    """Names and values of the numeric searched parameters of ``cv_results_``."""
    columns = {}
    for name, column in sorted(_param_columns(results).items()):
        column = np.ma.asarray(column)
        try:
            values = np.ma.filled(column.astype(np.float64), np.nan)
        except (TypeError, ValueError):
            continue  # estimators, strings: no axis to draw them on
        if np.isfinite(values).any() and np.nanmin(values) != np.nanmax(values):
            columns[name] = values
    return columns


def _log_scaled(values):
    """Whether values spread over more than a decade, all > 0."""
    finite = values[np.isfinite(values)]
    return finite.size > 0 and finite.min() > 0 and finite.max() / finite.min() > 10


def _loss_scale(loss):
    """Axis scale and colour norm of the losses: log, symlog for outliers, or linear."""
    with np.errstate(over="ignore"):  # losses near the float range (1e308): a ratio of inf
        return _scale_of(loss)


def _scale_of(loss):
    finite = loss[np.isfinite(loss)]
    if finite.size == 0:
        return "linear", {}, Normalize(0, 1)
    low, high = finite.min(), finite.max()
    if low > 0 and high / low > 10:
        return "log", {}, LogNorm(low, high)
    magnitude = np.abs(finite)
    # the typical and the best losses stay on a linear scale, outliers go logarithmic
    linthresh = max(np.median(magnitude), abs(low))
    if linthresh > 0:
        linthresh = 10.0 ** np.ceil(np.log10(linthresh))  # a decade: clean ticks
    if linthresh > 0 and magnitude.max() / linthresh > 100:
        return "symlog", {"linthresh": linthresh}, SymLogNorm(linthresh, vmin=low, vmax=high)
    return "linear", {}, Normalize(low, high if high > low else low + 1)


def _from_one(score):
    """Whether the loss axis reads ``1 - score``: scores below 1 (R^2) that a
    few trials take orders of magnitude below the others (diverged reservoirs at R^2
    -1e5), where ``- score`` would need a symmetric-logarithmic axis whose linear part
    squeezes every good trial onto one point, and ``1 - score`` spreads them on a
    logarithmic one (R^2 0.99 and 0.93: 0.01 and 0.07)."""
    finite = score[np.isfinite(score)]
    # the best positive (an R^2 of a model that fits; never a negated error, at most 0)
    return (finite.size > 0 and 0.0 < finite.max() < 1.0
            and _loss_scale(-score)[0] == "symlog" and _loss_scale(1.0 - score)[0] == "log")


def plot_search(search, *, metric=None, best_fraction=0.1, params=None, figsize=None):
    """Scatter-matrix report of a hyperparameter search.

    On the diagonal, the loss (minus the mean cross-validated score; the
    mean error itself for a lower-is-better metric) of every trial against
    each hyperparameter; below it, every pair of
    hyperparameters, the trials coloured by their loss. The best trials (the
    ``best_fraction`` with the lowest loss) are drawn in red, the best of all
    as a star. This is the report of ReservoirPy's
    ``plot_hyperopt_report``. Hyperparameter axes spanning more than a decade
    are logarithmic; the loss axis is logarithmic when the losses are
    positive and span more than a decade, and symmetric-logarithmic
    (linear up to the median or the best absolute loss) when a few trials lie orders of
    magnitude above the others, as diverged reservoirs do. A score below 1
    (R^2) with such outliers is plotted as ``1 - score`` on a
    logarithmic axis instead, which keeps the good trials apart (R^2 0.99
    and 0.93 at 0.01 and 0.07, diverged trials at 1e5).

    Parameters
    ----------
    search : fitted search
        :class:`~skreservoir.model_selection.HyperoptSearchCV`, a
        scikit-learn search with ``cv_results_`` (``GridSearchCV``,
        ``RandomizedSearchCV``), or sktime's ``ForecastingGridSearchCV``
        and ``ForecastingRandomizedSearchCV``, whose candidates are read
        from the ``params`` column and whose metric's ``lower_is_better``
        tag gives the sign of the loss.
    metric : str, default=None
        The metric, for a multimetric search: ``mean_test_<metric>`` is
        read. The refit metric (or the only one) when None; an sktime
        search's only metric (``mean_test_MeanAbsolutePercentageError``).
    best_fraction : float, default=0.1
        Fraction of the trials highlighted as best (at least one).
    params : str or list of str, default=None
        Hyperparameters to show (one name, or a list); all the numeric ones that vary
        when None.
    figsize : tuple of float, default=None
        Figure size; 2.5 inches an axis when None.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure: for p hyperparameters, p (p + 1) / 2 axes and a colour bar.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from scipy.stats import loguniform
    >>> from sklearn.linear_model import Ridge
    >>> from sklearn.model_selection import RandomizedSearchCV
    >>> from skreservoir.plotting import plot_search
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 3))
    >>> y = X @ [1.0, 0.0, -1.0] + rng.normal(size=50)
    >>> space = {"alpha": loguniform(1e-3, 1e3), "tol": loguniform(1e-6, 1e-2)}
    >>> search = RandomizedSearchCV(Ridge(), space, n_iter=10, random_state=0).fit(X, y)
    >>> fig = plot_search(search)
    >>> len(fig.axes)  # alpha, tol, their pair, the colour bar
    4
    """
    results = getattr(search, "cv_results_", None)
    if results is None:
        raise ValueError(
            f"plot_search needs a fitted search with cv_results_, got {type(search).__name__}. "
            "Call fit first."
        )
    if metric is None:
        refit = getattr(search, "refit", True)
        metric = refit if isinstance(refit, str) else "score"
        scored = [k[len("mean_test_"):] for k in results if k.startswith("mean_test_")]
        if f"mean_test_{metric}" not in results and len(scored) == 1:
            metric = scored[0]  # sktime's searches name it after their metric
    key = f"mean_test_{metric}"
    if key not in results:
        names = sorted(k[len("mean_test_"):] for k in results if k.startswith("mean_test_"))
        raise ValueError(f"Unknown metric {metric!r}. Expected one of: {names}.")
    if not 0 < best_fraction <= 1:
        raise ValueError(f"best_fraction must be in (0, 1], got {best_fraction!r}.")
    lower_is_better = _lower_is_better(search)
    score = np.asarray(results[key], dtype=np.float64)
    if not np.isfinite(score).any():
        raise ValueError(
            f"Every trial of the search scored {score[0] if len(score) else 'nothing'} on "
            f"{key}: its fits failed, and there is nothing to plot. Refit the search with "
            "error_score='raise' to see why, or read the warnings its fits gave."
        )
    loss = score if lower_is_better else -score
    from_one = not lower_is_better and _from_one(score)
    if from_one:
        loss = 1.0 - score
    columns = _numeric_params(results)
    if params is not None:
        # one name as a string: [name] (its characters were taken for names)
        params = [params] if isinstance(params, str) else list(params)
        unknown = [p for p in params if p not in columns]
        if unknown:
            raise ValueError(f"No numeric searched parameter {unknown}. "
                             f"Expected some of: {sorted(columns)}.")
        columns = {p: columns[p] for p in params}
    if not columns:
        raise ValueError("The search has no numeric hyperparameter that varies: nothing to plot.")

    names = list(columns)
    n = len(names)
    finite = np.isfinite(loss)
    order = np.argsort(np.where(finite, loss, np.inf))
    n_best = max(1, int(round(best_fraction * finite.sum())))
    best = np.zeros(loss.shape, dtype=bool)
    best[order[:n_best]] = True
    best &= finite
    top = order[0]
    loss_scale, scale_kwargs, norm = _loss_scale(loss)

    side = 2.5 * n + 1
    fig = plt.figure(figsize=figsize or (side, side), layout="constrained")
    grid = fig.add_gridspec(n, n)
    scatter = None
    for i, row_name in enumerate(names):
        for j in range(i + 1):
            ax = fig.add_subplot(grid[i, j])
            x = columns[names[j]]
            if i == j:
                ax.scatter(x[~best], loss[~best], s=12, c="tab:blue", alpha=0.6, label="trials")
                ax.scatter(x[best], loss[best], s=20, c="tab:red", label="best trials")
                ax.scatter(x[top], loss[top], s=120, marker="*", c="gold", edgecolors="k",
                           label="best")
                ax.set_ylabel("loss")
                ax.set_yscale(loss_scale, **scale_kwargs)
                if i == 0:
                    ax.legend(fontsize="small")
            else:
                yv = columns[row_name]
                scatter = ax.scatter(x, yv, c=np.where(finite, loss, np.nan), s=12, norm=norm,
                                     cmap="viridis_r", alpha=0.8)
                ax.scatter(x[best], yv[best], s=30, facecolors="none", edgecolors="tab:red")
                ax.scatter(x[top], yv[top], s=120, marker="*", c="gold", edgecolors="k")
                ax.set_ylabel(row_name)
                if _log_scaled(yv):
                    ax.set_yscale("log")
            if _log_scaled(x):
                ax.set_xscale("log")
            ax.set_xlabel(names[j])
    if scatter is None:  # one hyperparameter: colour by loss along the diagonal only
        scatter = plt.cm.ScalarMappable(norm=norm, cmap="viridis_r")
    label = (f"loss (mean test {metric})" if lower_is_better
             else "loss (1 - mean test score)" if from_one else "loss (- mean test score)")
    fig.colorbar(scatter, ax=fig.axes, label=label, shrink=0.6)
    fig.suptitle(f"{type(search).__name__}: {len(loss)} trials, best loss {loss[top] + 0.0:.6g}")
    return fig
