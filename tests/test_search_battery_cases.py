"""Cases of the hyperparameter-search battery: metric direction, forecasters, messages,
unseeded estimators, ReservoirPy's research keys and plot_search on sktime's searches."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hyperopt import Trials, fmin, hp, tpe
from numpy.testing import assert_allclose
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, r2_score
from sklearn.model_selection import TimeSeriesSplit

from skreservoir import NVAR, ESNRegressor, LIFReservoir, Reservoir, RidgeReadout
from skreservoir.datasets import mackey_glass, to_forecasting
from skreservoir.model_selection import HyperoptSearchCV, reservoir_space

sktime = pytest.importorskip("sktime")
from sktime.datasets import load_airline  # noqa: E402
from sktime.performance_metrics.forecasting import make_forecasting_scorer  # noqa: E402
from sktime.split import ExpandingWindowSplitter  # noqa: E402

from skreservoir.forecasting import (  # noqa: E402
    ESNForecaster,
    ForecastingObjective,
    NVARForecaster,
)

ALPHAS = [1e-6, 1e6]


@pytest.fixture(scope="module")
def airline():
    return load_airline()


def airline_cv():
    return ExpandingWindowSplitter(fh=range(1, 13), initial_window=108, step_length=12)


def esn_forecaster():
    return ESNForecaster(Reservoir(n_units=30, random_state=0), RidgeReadout(),
                         target="difference")


@pytest.fixture
def series():
    return to_forecasting(mackey_glass(300), forecast=1)


# -- ForecastingObjective: the metric's direction ---------------------------------

@pytest.mark.filterwarnings("ignore")
def test_forecasting_objective_maximises_greater_is_better_metric(airline):
    """Check that a greater-is-better metric (R^2) is minimised as minus its mean, the
    score recorded as given, so that fmin picks the candidate of higher R^2."""
    r2 = make_forecasting_scorer(r2_score, name="R2", greater_is_better=True)
    objective = ForecastingObjective(esn_forecaster(), airline, airline_cv(), scoring=r2)
    good, bad = (objective({"readout__alpha": alpha}) for alpha in ALPHAS)
    assert good["mean_test_score"] > bad["mean_test_score"]  # R^2 of 1e-6 is the higher
    assert good["loss"] < bad["loss"]
    assert good["lower_is_better"] is False
    assert_allclose(good["loss"], -np.mean(good["test_scores"]), rtol=1e-12)
    assert_allclose(good["mean_test_score"], np.mean(good["test_scores"]), rtol=1e-12)
    best = fmin(objective, {"readout__alpha": hp.choice("readout__alpha", ALPHAS)},
                algo=tpe.suggest, max_evals=4, trials=Trials(),
                rstate=np.random.default_rng(0), show_progressbar=False,
                return_argmin=False)
    assert best == {"readout__alpha": 1e-6}


@pytest.mark.filterwarnings("ignore")
def test_forecasting_objective_error_metrics_minimised_as_given(airline):
    """Check that sktime's default metric and a plain callable (taken as an error, as
    sktime's searches take it) are minimised as their mean."""
    for scoring in (None, mean_absolute_error):
        objective = ForecastingObjective(esn_forecaster(), airline, airline_cv(),
                                         scoring=scoring)
        result = objective({"readout__alpha": 1e-6})
        assert result["lower_is_better"] is True
        assert result["loss"] > 0
        assert_allclose(result["loss"], np.mean(result["test_scores"]), rtol=1e-12)


@pytest.mark.parametrize("error_score", [np.nan, 1e9])
def test_forecasting_objective_scores_failed_windows_with_error_score(error_score):
    """Check that windows whose fit fails take error_score, as documented, where sktime's
    evaluate crashed on them (pandas 3: "int() argument must be ... not 'NAType'", which
    ended the whole fmin run: a user battery); the other windows keep evaluate's scores,
    and error_score='raise' raises the fit's own error."""
    from sklearn.exceptions import FitFailedWarning
    from sktime.forecasting.model_evaluation import evaluate
    from sktime.split import ExpandingWindowSplitter

    y = pd.Series(np.sin(np.arange(120) * 0.3) + 2)
    cv = ExpandingWindowSplitter(fh=[1, 2], initial_window=80, step_length=10)
    # a washout of 85 leaves too few points in the first window (80) only
    forecaster = ESNForecaster(Reservoir(n_units=20, random_state=0), n_ensemble=1,
                               washout=85, random_state=0)
    with pytest.warns(FitFailedWarning, match=r"1 of the 4 windows of cv failed.*85"):
        result = ForecastingObjective(forecaster, y, cv, error_score=error_score)({})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        later = evaluate(forecaster, ExpandingWindowSplitter(fh=[1, 2], initial_window=90,
                                                             step_length=10), y)
    assert_allclose(result["test_scores"][1:], later.filter(like="test_").iloc[:, 0],
                    rtol=1e-12)
    assert_allclose(result["test_scores"][0], error_score)
    assert result["status"] == ("ok" if np.isfinite(error_score) else "fail")
    with pytest.raises(ValueError, match="85"):
        ForecastingObjective(forecaster, y, cv, error_score="raise")({})
    # a bad value fails every window: a failed trial, not an exception
    with pytest.warns(FitFailedWarning, match="4 of the 4 windows"):
        bad = ForecastingObjective(forecaster, y, cv)({"reservoir__spectral_radius": -1})
    assert bad["status"] == "fail" and bad["loss"] is None


# -- HyperoptSearchCV given a forecaster ----------------------------------------

@pytest.mark.parametrize("cv", [None, airline_cv()])
def test_hyperopt_search_refuses_forecaster(airline, cv):
    """Check that an sktime forecaster is refused before any fit, with the recipe for
    forecasters (ForecastingObjective with hyperopt.fmin, or sktime's searches)."""
    search = HyperoptSearchCV(esn_forecaster(), reservoir_space(input_scaling=None),
                              max_evals=2, cv=cv, random_state=0)
    with pytest.raises(TypeError, match=r"ESNForecaster is an sktime forecaster.*"
                       r"ForecastingObjective.*hyperopt\.fmin.*ForecastingGridSearchCV"):
        search.fit(airline)
    assert not hasattr(search, "cv_results_")


def test_hyperopt_search_refuses_an_sktime_splitter_with_the_recipe():
    """Check that sktime's ExpandingWindowSplitter given as cv is refused before any fit,
    naming TimeSeriesSplit and the splits as row positions (scikit-learn's machinery
    failed with "get_n_splits() got an unexpected keyword argument 'groups'": a user
    battery), and that the recipe it gives runs."""
    X, y = to_forecasting(mackey_glass(800), forecast=1)
    splitter = ExpandingWindowSplitter(initial_window=300, step_length=100, fh=range(1, 50))
    search = HyperoptSearchCV(ESNRegressor(random_state=0), reservoir_space(), max_evals=2,
                              cv=splitter, random_state=0)
    with pytest.raises(TypeError, match=r"cv is sktime's ExpandingWindowSplitter.*"
                       r"TimeSeriesSplit.*cv=list\(ExpandingWindowSplitter\(\.\.\.\)"
                       r"\.split\(np\.arange\(len\(X\)\)\)\)"):
        search.fit(X, y)
    assert not hasattr(search, "cv_results_")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.set_params(cv=list(splitter.split(np.arange(len(X))))).fit(X, y)
    assert search.n_splits_ == 5


def test_a_misspelt_space_name_is_told_the_closest_parameter():
    """Check that a misspelt nested name gets the parameter it is closest to (a user
    battery: the suggestions were the first names alphabetically, W_fb, feedback, ...),
    and that a name close to none gets no such hint."""
    X, y = to_forecasting(mackey_glass(300), forecast=1)
    for name, meant in (("reservoir__spectral_radiu", "reservoir__spectral_radius"),
                        ("readout__alpa", "readout__alpha")):
        search = HyperoptSearchCV(ESNRegressor(random_state=0), {name: hp.uniform(name, 0, 1)},
                                  max_evals=2)
        with pytest.raises(ValueError, match=rf"for '{name}' use '{meant}'"):
            search.fit(X, y)
    search = HyperoptSearchCV(ESNRegressor(random_state=0), {"foo": hp.uniform("foo", 0, 1)},
                              max_evals=2)
    with pytest.raises(ValueError) as caught:
        search.fit(X, y)
    assert "for 'foo'" not in str(caught.value)


# -- every trial NaN: the count, the first error, the washout only when it is why ------

@pytest.mark.filterwarnings("ignore")
def test_all_trials_nan_message_counts_trials_and_names_first_error():
    """Check that a search whose trials all diverged or scored NaN counts every trial
    run, names the first error and does not blame the washout of long test folds."""
    X, y = to_forecasting(mackey_glass(800), forecast=1)
    esn = ESNRegressor(Reservoir(n_units=30, activation="identity", random_state=0),
                       RidgeReadout(), washout=50)
    trials = Trials()
    search = HyperoptSearchCV(esn, {"reservoir__spectral_radius": hp.uniform("sr", 0.5, 8)},
                              max_evals=8, cv=TimeSeriesSplit(3), random_state=0,
                              trials=trials)
    with pytest.raises(ValueError) as info:
        search.fit(X, y)
    message = str(info.value)
    n_failed = sum("error" in trial["result"] for trial in trials.trials)
    assert len(trials.trials) == 8 and n_failed > 0
    assert "All 8 trials scored NaN" in message
    assert f"{n_failed} failed on every split" in message
    assert "DivergenceError: The reservoir states diverged" in message
    assert "washout" not in message


@pytest.mark.filterwarnings("ignore")
def test_all_trials_nan_message_names_washout_of_short_test_folds(series):
    """Check that test folds no longer than the washout are named, with the fix."""
    X, y = series
    esn = ESNRegressor(Reservoir(n_units=20, random_state=0), RidgeReadout(), washout=100)
    search = HyperoptSearchCV(esn, {"reservoir__spectral_radius": hp.uniform("sr", 0.5, 1)},
                              max_evals=2, cv=TimeSeriesSplit(5), random_state=0)
    with pytest.raises(ValueError, match=r"All 2 trials scored NaN.*shortest test fold has "
                       r"\d+ rows and the estimator's washout is 100.*n_splits"):
        search.fit(X, y)


# -- an unseeded estimator ---------------------------------------------------------

def _seed_warnings(search, X, y):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search.fit(X, y)
    return [w for w in caught if "random_state" in str(w.message)
            and "None" in str(w.message)]


SPACE = {"readout__alpha": hp.loguniform("readout__alpha", -10, 0)}


def test_unseeded_estimator_warns_once(series):
    """Check that an ESN whose reservoir is unseeded warns once, naming the parameter
    and how to seed it."""
    X, y = series
    search = HyperoptSearchCV(ESNRegressor(Reservoir(n_units=20), RidgeReadout()), SPACE,
                              max_evals=3, cv=TimeSeriesSplit(2), random_state=0)
    found = _seed_warnings(search, X, y)
    assert len(found) == 1
    assert issubclass(found[0].category, UserWarning)
    message = str(found[0].message)
    assert "ESNRegressor's random_state is None" in message
    assert "ESNRegressor(..., random_state=0)" in message
    assert "best_estimator_" in message


@pytest.mark.parametrize("estimator", [
    ESNRegressor(Reservoir(n_units=20, random_state=0), RidgeReadout()),
    ESNRegressor(Reservoir(n_units=20), RidgeReadout(), random_state=0),
    Ridge(),  # a random_state, and nothing drawn with its default solver
], ids=["seeded reservoir", "seeded esn", "ridge"])
def test_seeded_or_deterministic_estimator_does_not_warn(series, estimator):
    """Check that a seeded ESN (through its reservoir or itself) and scikit-learn's
    Ridge give no unseeded warning."""
    X, y = series
    space = SPACE if isinstance(estimator, ESNRegressor) else {
        "alpha": hp.loguniform("alpha", -5, 0)}
    search = HyperoptSearchCV(estimator, space, max_evals=2, cv=TimeSeriesSplit(2),
                              random_state=0)
    assert _seed_warnings(search, X, y) == []


def test_random_state_searched_in_space_does_not_warn(series):
    """Check that a reservoir seed searched in the space counts as seeded."""
    X, y = series
    space = {**SPACE, "reservoir__random_state": hp.choice("seed", [0, 1])}
    search = HyperoptSearchCV(ESNRegressor(Reservoir(n_units=20), RidgeReadout()), space,
                              max_evals=2, cv=TimeSeriesSplit(2), random_state=0)
    assert _seed_warnings(search, X, y) == []


def _given_es2n():
    """An ES2NReservoir given W, W_in and bias, which still draws its O."""
    from skreservoir import ES2NReservoir

    drawn = Reservoir(n_units=20, random_state=0).fit(np.zeros((2, 1)))
    return ES2NReservoir(W=drawn.W_, W_in=drawn.W_in_, bias=drawn.bias_)


def _given_lif():
    """A LIFReservoir given W and W_in (it has no bias): it draws nothing."""
    drawn = LIFReservoir(n_units=20, random_state=0).fit(np.zeros((2, 1)))
    return LIFReservoir(W=drawn.W_, W_in=drawn.W_in_)


def _given_weights_reservoir(noise=0.0):
    drawn = Reservoir(n_units=20, random_state=0).fit(np.zeros((2, 1)))
    return Reservoir(W=drawn.W_, W_in=drawn.W_in_, bias=drawn.bias_, noise=noise)


@pytest.mark.parametrize("estimator, space, warns", [
    (lambda: ESNRegressor(_given_weights_reservoir(), RidgeReadout()), SPACE, False),
    (lambda: ESNRegressor(NVAR(), RidgeReadout()), SPACE, False),
    (lambda: ESNRegressor(Reservoir(n_units=20), RidgeReadout()),
     {"reservoir": hp.choice("reservoir", [Reservoir(n_units=20, random_state=0),
                                           Reservoir(n_units=30, random_state=1)])}, False),
    (lambda: ESNRegressor(_given_weights_reservoir(noise=0.1), RidgeReadout()), SPACE, True),
    (lambda: ESNRegressor(Reservoir(n_units=20), RidgeReadout()),
     {"reservoir": hp.choice("reservoir", [Reservoir(n_units=20), Reservoir(n_units=30)])},
     True),
    (lambda: ESNRegressor(_given_es2n(), RidgeReadout()), SPACE, True),
    (lambda: ESNRegressor(_given_lif(), RidgeReadout()), SPACE, False),
    (lambda: ESNRegressor(LIFReservoir(n_units=20), RidgeReadout()), SPACE, True),
], ids=["weights given", "nvar", "seeded parts searched", "weights given, noise drawn",
        "unseeded parts searched", "es2n draws O", "lif weights given", "lif drawn"])
def test_unseeded_warning_only_where_something_is_drawn(series, estimator, space, warns):
    """Check that a reservoir whose weights are all given (the plasticity warning's
    advice), NVAR, and seeded reservoirs swapped in by the space give no unseeded
    warning (a review found them warned), while a given reservoir that draws state
    noise does."""
    X, y = series
    search = HyperoptSearchCV(estimator(), space, max_evals=2, cv=TimeSeriesSplit(2),
                              random_state=0)
    assert bool(_seed_warnings(search, X, y)) == warns


# -- ReservoirPy's research configuration --------------------------------------------

@pytest.mark.parametrize("keyword, value, match", [
    ("hp_max_evals", 10, r"'hp_max_evals' is ReservoirPy's research name of 'max_evals' "
                         r"\(pass max_evals=10\)"),
    ("hp_method", "random", r"'hp_method' is ReservoirPy's research name of 'algo' "
                            r"\(pass algo='random'\)"),
    ("instances_per_trial", 3, r"'instances_per_trial', ReservoirPy's number of reservoir "
                               r"draws.*other seeds.*SearchObjective"),
    ("exp", "esn-mg", r"'exp', ReservoirPy's experiment name.*no files.*cv_results_"),
    # its lists are not hyperopt's (a user battery: the hint said to pass them as space=)
    ("hp_space", {"sr": ["loguniform", 1e-2, 10]},
     r"'hp_space', ReservoirPy's research space: pass space=\{parameter name: hyperopt "
     r"expression\}.*hp\.loguniform.*sr: reservoir__spectral_radius"),
])
def test_reservoirpy_research_keys_are_translated(keyword, value, match):
    """Check that ReservoirPy's research keys name their counterpart, or what to do."""
    with pytest.raises(TypeError, match=match):
        HyperoptSearchCV(ESNRegressor(), reservoir_space(), **{keyword: value})


@pytest.mark.parametrize("space", ["esn-mackey-glass.config.json",
                                   {"exp": "esn", "hp_space": {"sr": ["loguniform", 1, 2]}}])
def test_research_config_as_space_says_to_translate_hp_space(space, series):
    """Check that a research config path (or the loaded config) as space says to load
    the JSON and pass its hp_space translated."""
    X, y = series
    with pytest.raises(TypeError, match=r"ReservoirPy's research configuration.*"
                       r"'hp_space' translated.*hp\.loguniform"):
        HyperoptSearchCV(ESNRegressor(), space).fit(X, y)


# -- plot_search on sktime's searches -----------------------------------------------

@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("greater_is_better", [False, True])
def test_plot_search_reads_sktime_search(airline, greater_is_better):
    """Check that plot_search draws sktime's ForecastingGridSearchCV: its params column,
    its only metric, the loss signed by the metric's direction, the star on the best."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sktime.forecasting.model_selection import ForecastingGridSearchCV

    from skreservoir.plotting import plot_search

    scoring = (make_forecasting_scorer(r2_score, name="R2", greater_is_better=True)
               if greater_is_better else None)
    search = ForecastingGridSearchCV(
        NVARForecaster(), cv=ExpandingWindowSplitter(initial_window=120, step_length=12,
                                                     fh=range(1, 13)),
        param_grid={"alpha": [1e-4, 1e-2, 1.0], "delay": [1, 2]}, scoring=scoring,
    ).fit(airline[:-12], fh=range(1, 13))
    column = next(c for c in search.cv_results_.columns if c.startswith("mean_test_"))
    score = search.cv_results_[column].to_numpy()
    try:
        fig = plot_search(search)
        assert len(fig.axes) == 4  # alpha, delay, their pair, the colour bar
        diagonal = fig.axes[0]
        assert diagonal.get_xlabel() == "alpha"
        star = next(c for c in diagonal.collections if c.get_label() == "best")
        x, loss = star.get_offsets()[0]
        assert x == search.best_params_["alpha"]
        expected = -score[search.best_index_] if greater_is_better else score[
            search.best_index_]
        assert_allclose(loss, expected, rtol=1e-12)
        drawn = np.concatenate([c.get_offsets()[:, 1] for c in diagonal.collections[:2]])
        assert_allclose(np.sort(drawn), np.sort(-score if greater_is_better else score),
                        rtol=1e-12)
    finally:
        plt.close("all")
