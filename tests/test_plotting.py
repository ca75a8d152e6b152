"""Tests of skreservoir.plotting: the hyperparameter-search report."""

import importlib
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from skreservoir.plotting import plot_forecast, plot_search, plot_states  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def grid_search():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = X @ [1.0, 0.0, -1.0] + rng.normal(size=60)
    grid = {"alpha": np.logspace(-3, 3, 5), "tol": [1e-5, 1e-3], "solver": ["svd", "cholesky"]}
    return GridSearchCV(Ridge(), grid, cv=3,
                        scoring={"r2": "r2", "mse": "neg_mean_squared_error"},
                        refit="mse").fit(X, y)


def test_report_has_one_axis_per_pair_and_a_colour_bar(grid_search):
    """Check that p numeric parameters give p (p + 1) / 2 axes plus the colour bar."""
    fig = plot_search(grid_search)
    assert isinstance(fig, matplotlib.figure.Figure)
    axes = fig.axes
    assert len(axes) == 3 + 1  # alpha, tol, (alpha, tol); "solver" is not numeric
    labels = [(ax.get_xlabel(), ax.get_ylabel()) for ax in axes[:3]]
    assert labels == [("alpha", "loss"), ("alpha", "tol"), ("tol", "loss")]
    assert axes[0].get_xscale() == "log"  # alpha spans six decades
    assert axes[3].get_ylabel() == "loss (- mean test score)"


def test_diagonal_plots_minus_the_refit_score_and_highlights_the_best(grid_search):
    """Check that the diagonal shows -mean_test_<refit> and the best trial as the star."""
    fig = plot_search(grid_search, best_fraction=0.25)
    loss = -grid_search.cv_results_["mean_test_mse"]
    trials, best, star = fig.axes[0].collections
    ys = np.concatenate([trials.get_offsets()[:, 1], best.get_offsets()[:, 1]])
    assert_allclose(np.sort(ys), np.sort(loss), rtol=1e-12)
    assert len(best.get_offsets()) == round(0.25 * len(loss))
    assert_allclose(star.get_offsets()[0, 1], loss.min(), rtol=1e-12)
    assert_allclose(np.asarray(best.get_offsets()[:, 1]).max(),
                    np.sort(loss)[len(best.get_offsets()) - 1], rtol=1e-12)


def test_metric_and_params_choose_what_is_drawn(grid_search):
    """Check that metric= reads another score and params= restricts the axes."""
    fig = plot_search(grid_search, metric="r2", params=["alpha"])
    assert len(fig.axes) == 2
    # one name as a string (a battery: its characters were read as names)
    assert len(plot_search(grid_search, metric="r2", params="alpha").axes) == 2
    _, _, star = fig.axes[0].collections
    assert_allclose(star.get_offsets()[0, 1], -grid_search.cv_results_["mean_test_r2"].max(),
                    rtol=1e-12)


def test_errors_name_what_to_do(grid_search):
    """Check that unknown metrics, parameters and unfitted searches are refused clearly."""
    with pytest.raises(ValueError, match="Unknown metric 'auc'"):
        plot_search(grid_search, metric="auc")
    with pytest.raises(ValueError, match="No numeric searched parameter"):
        plot_search(grid_search, params=["solver"])
    with pytest.raises(ValueError, match="Call fit first"):
        plot_search(GridSearchCV(Ridge(), {"alpha": [1.0]}))
    with pytest.raises(ValueError, match="best_fraction"):
        plot_search(grid_search, best_fraction=0)


def test_report_of_a_hyperopt_search():
    """Check that a HyperoptSearchCV report shows its four ESN hyperparameters."""
    pytest.importorskip("hyperopt")
    from sklearn.model_selection import TimeSeriesSplit

    from skreservoir import ESNRegressor, Reservoir, RidgeReadout
    from skreservoir.datasets import mackey_glass, to_forecasting
    from skreservoir.model_selection import HyperoptSearchCV, reservoir_space

    X, y = to_forecasting(mackey_glass(600), forecast=1)
    esn = ESNRegressor(Reservoir(n_units=20, random_state=0), RidgeReadout(), washout=20)
    search = HyperoptSearchCV(esn, reservoir_space(), max_evals=6, algo="random",
                              cv=TimeSeriesSplit(2), random_state=0).fit(X, y)
    fig = plot_search(search)
    assert len(fig.axes) == 4 * 5 // 2 + 1
    assert "6 trials" in fig._suptitle.get_text()


def test_import_error_names_the_extra(monkeypatch):
    """Check that without matplotlib the import fails naming skreservoir[plot]."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    monkeypatch.delitem(sys.modules, "skreservoir.plotting")
    with pytest.raises(ImportError, match=r"skreservoir\[plot\]"):
        importlib.import_module("skreservoir.plotting")


def test_plot_states_draws_the_first_units():
    """Check that plot_states draws one line per unit shown, with the data given."""
    states = np.random.default_rng(0).normal(size=(50, 8))
    ax = plot_states(states, n_units=3, time=np.arange(50) * 0.1)
    assert len(ax.lines) == 3
    assert_allclose(ax.lines[2].get_ydata(), states[:, 2])
    assert_allclose(ax.lines[0].get_xdata(), np.arange(50) * 0.1)
    assert ax.get_xlabel() == "time"
    assert plot_states(states).get_xlabel() == "time step"
    with pytest.raises(ValueError, match="n_units must be an int >= 1"):
        plot_states(states, n_units=0)
    # a bool is not a count (True plotted one unit silently)
    with pytest.raises(ValueError, match="n_units must be an int >= 1, got True"):
        plot_states(states, n_units=True)
    with pytest.raises(ValueError, match="states must be 1D or 2D"):
        plot_states(np.zeros((2, 3, 4)))


def test_plot_forecast_one_panel_per_output():
    """Check truth, forecast and history per output, and the shape errors."""
    truth = np.random.default_rng(1).normal(size=(20, 2))
    history = np.zeros((10, 2))
    axes = plot_forecast(truth, truth + 0.5, history=history, labels=["x", "y"])
    assert axes.shape == (2,)
    history_line, truth_line, forecast_line = axes[1].lines
    assert_allclose(truth_line.get_ydata(), truth[:, 1])
    assert_allclose(forecast_line.get_ydata(), truth[:, 1] + 0.5)
    assert_allclose(truth_line.get_xdata(), np.arange(10, 30))
    assert axes[1].get_ylabel() == "y"
    with pytest.raises(ValueError, match="same shape"):
        plot_forecast(truth, truth[:5])
    with pytest.raises(ValueError, match="history has 1 outputs"):
        plot_forecast(truth, truth, history=np.zeros(10))
    with pytest.raises(ValueError, match="one per output"):
        fig, ax = plt.subplots()
        plot_forecast(truth, truth, axes=[ax])
    with pytest.raises(TypeError, match="axes must hold matplotlib Axes.*got str"):
        plot_forecast(truth[:, 0], truth[:, 0], axes="x")
    # a panel (predict's list for a list of series), or a 3D array: one series asked
    # (a battery: 2 series of 50 steps drew 50 subplots)
    series = [truth[:, 0], truth[:, 1]]
    with pytest.raises(ValueError, match=r"y_true is a list of 2 arrays, a panel.*y_true\[i\]"):
        plot_forecast(series, series)
    with pytest.raises(ValueError, match=r"got 3 dimensions: a panel\? pass one series"):
        plot_forecast(truth[None], truth[None])
    assert plot_forecast([[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [3.0, 4.0]]).shape == (2,)
    # rows collected one step at a time (arrays of the outputs): a forecast, not a panel
    rows = [truth[t] for t in range(len(truth))]
    assert plot_forecast(rows, rows).shape == (2,)


def test_plots_refuse_bad_inputs_by_name():
    """Check that the plotting functions name the argument at fault (a user battery: a
    bare IndexError for too few labels, numpy's and matplotlib's words for the rest)."""
    y = np.c_[np.sin(np.arange(50) / 5), np.cos(np.arange(50) / 5)]
    with pytest.raises(ValueError, match=r"labels must hold 2 names \(one per output\), got 1"):
        plot_forecast(y, y, labels=["a"])
    with pytest.raises(ValueError, match=r"history must be an array of numbers"):
        plot_forecast(y[:, 0], y[:, 0], history="x")
    with pytest.raises(ValueError, match=r"states is a list of 2 arrays, a panel"):
        plot_states([y, y[:10]])
    with pytest.raises(ValueError, match=r"states must be an array of numbers"):
        plot_states([[1.0, 2.0], [3.0]])
    with pytest.raises(TypeError, match=r"ax must be a matplotlib Axes"):
        plot_states(y, ax="x")
    axes = plot_forecast(y[:, 0], y[:, 0], labels="level")
    assert axes[0].get_ylabel() == "level"
    plt.close("all")


def test_a_score_below_one_with_diverged_trials_is_plotted_as_one_minus_it():
    """Check that R^2 scores of good trials with a few diverged ones (R^2 -1e5) are
    drawn as 1 - score on a logarithmic axis, the good trials apart, instead of on a
    symmetric-logarithmic axis whose linear part put every good trial at one point (a
    ReservoirPy tutorial port: R^2 0.93 to 0.99 all drawn at -10^0)."""
    from types import SimpleNamespace

    r2 = np.array([0.99, 0.97, 0.95, 0.93, -1e5, -3e3, 0.98])
    search = SimpleNamespace(cv_results_={"mean_test_score": r2,
                                          "param_alpha": np.logspace(-6, 0, 7)}, refit=True)
    fig = plot_search(search)
    diagonal = fig.axes[0]
    assert diagonal.get_yscale() == "log"
    ys = np.concatenate([c.get_offsets()[:, 1] for c in diagonal.collections[:2]])
    assert_allclose(np.sort(ys), np.sort(1.0 - r2), rtol=1e-12)
    assert fig.axes[-1].get_ylabel() == "loss (1 - mean test score)"
    # a score that reaches 1 keeps - score (1 - score would be 0 on a log axis)
    reaches_one = SimpleNamespace(cv_results_={"mean_test_score": np.r_[1.0, r2[1:]],
                                               "param_alpha": np.logspace(-6, 0, 7)})
    assert plot_search(reaches_one).axes[-1].get_ylabel() == "loss (- mean test score)"


def test_negated_errors_with_a_perfect_trial_and_failed_searches():
    """Check that negated errors (at most 0, one trial perfect) keep - score (the
    1 - score rule drew them as 1 + error with 'best loss 1': a battery), and that a
    search whose every trial scored NaN is refused by name instead of drawn empty."""
    from types import SimpleNamespace

    alphas = np.logspace(-3, 1, 5)
    errors = SimpleNamespace(cv_results_={"mean_test_score": np.array([0.0, -0.1, -2.0,
                                                                       -5e3, -1e5]),
                                          "param_alpha": alphas})
    fig = plot_search(errors)
    assert fig.axes[-1].get_ylabel() == "loss (- mean test score)"
    assert fig._suptitle.get_text().endswith("best loss 0")
    failed = SimpleNamespace(cv_results_={"mean_test_score": np.full(5, np.nan),
                                          "param_alpha": alphas})
    with pytest.raises(ValueError, match=r"Every trial of the search scored nan.*"
                                         r"error_score='raise'"):
        plot_search(failed)
