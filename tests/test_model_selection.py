"""Tests of skreservoir.model_selection: HyperoptSearchCV, reservoir_space, objectives."""

import importlib
import pickle
import shutil
import sys
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.exceptions import FitFailedWarning
from sklearn.linear_model import Ridge
from sklearn.metrics import make_scorer
from sklearn.model_selection import GridSearchCV, KFold, TimeSeriesSplit

hyperopt = pytest.importorskip("hyperopt")
from hyperopt import Trials, hp, rand  # noqa: E402

from skreservoir import ESNRegressor, Reservoir, RidgeReadout  # noqa: E402
from skreservoir.datasets import mackey_glass, to_forecasting  # noqa: E402
from skreservoir.metrics import get_scorer, nrmse  # noqa: E402
from skreservoir.model_selection import (  # noqa: E402
    HyperoptSearchCV,
    SearchObjective,
    reservoir_space,
)

RIDGE_SPACE = {"alpha": hp.loguniform("alpha", np.log(1e-3), np.log(1e3))}


class PicklingTrials(Trials):
    """Trials that, like SparkTrials and MongoTrials, ship the objective pickled."""

    def fmin(self, fn, *args, **kwargs):
        self.objective = fn
        return super().fmin(pickle.loads(pickle.dumps(fn)), *args, **kwargs)


@pytest.fixture
def regression_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 4))
    y = X @ [1.0, -2.0, 0.5, 0.0] + 0.5 * rng.normal(size=80)
    return X, y


@pytest.fixture(scope="module")
def mackey_glass_data():
    return to_forecasting(mackey_glass(1200), forecast=1)


def nrmse_after_warmup(y_true, y_pred):
    """NRMSE without the first 50 steps, in which the reservoir leaves its rest state."""
    return nrmse(y_true[50:], y_pred[50:])


def test_reservoir_space_default_keys_and_ranges():
    """Check that the default space names ESNRegressor's nested parameters and keeps to its ranges."""
    from hyperopt.pyll.stochastic import sample

    space = reservoir_space()
    assert sorted(space) == ["readout__alpha", "reservoir__input_scaling",
                             "reservoir__leak_rate", "reservoir__spectral_radius"]
    esn = ESNRegressor(Reservoir(), RidgeReadout())
    rng = np.random.default_rng(0)
    draws = [sample(space, rng=rng) for _ in range(200)]
    for point in draws:
        esn.set_params(**point)  # every key is a parameter of the estimator
    for name, (low, high) in [("reservoir__spectral_radius", (1e-2, 10)),
                              ("reservoir__leak_rate", (1e-3, 1)),
                              ("reservoir__input_scaling", (1e-2, 10)),
                              ("readout__alpha", (1e-9, 1e-2))]:
        values = np.array([d[name] for d in draws])
        assert values.min() >= low and values.max() <= high
        # log-uniform: the log-median is near the middle of the log-range
        assert abs(np.median(np.log(values)) - np.log(low * high) / 2) < 0.2 * np.log(high / low)


def test_reservoir_space_prefixes_and_dropped_parameters():
    """Check that prefixes rename the keys and None drops a parameter."""
    space = reservoir_space(reservoir_prefix="", readout_prefix="ridge__", leak_rate=None,
                            input_scaling=None)
    assert sorted(space) == ["ridge__alpha", "spectral_radius"]


@pytest.mark.parametrize("bad", [(1.0, 0.5), (0.0, 1.0), "wide", (0.1, float("inf")),
                                 (float("nan"), 1.0)])
def test_reservoir_space_rejects_bad_ranges(bad):
    """Check that a range that is not 0 < low < high is refused with its value."""
    with pytest.raises(ValueError, match="range of reservoir__spectral_radius"):
        reservoir_space(spectral_radius=bad)


def test_search_matches_grid_search_on_its_candidates(regression_data):
    """Check that cv_results_ equals GridSearchCV's over the same candidates."""
    X, y = regression_data
    cv = KFold(4)
    search = HyperoptSearchCV(Ridge(), RIDGE_SPACE, max_evals=12, cv=cv, random_state=0,
                              return_train_score=True).fit(X, y)
    grid = [{"alpha": [p["alpha"]]} for p in search.cv_results_["params"]]
    reference = GridSearchCV(Ridge(), grid, cv=cv, return_train_score=True).fit(X, y)
    assert set(search.cv_results_) == set(reference.cv_results_)
    for key in ["mean_test_score", "std_test_score", "split3_test_score", "mean_train_score"]:
        assert_allclose(search.cv_results_[key], reference.cv_results_[key], rtol=1e-12)
    assert_array_equal(search.cv_results_["rank_test_score"], reference.cv_results_["rank_test_score"])
    assert search.best_index_ == reference.best_index_
    assert search.best_params_ == reference.best_params_
    assert_allclose(search.best_score_, reference.best_score_, rtol=1e-12)
    assert_allclose(search.best_estimator_.coef_, reference.best_estimator_.coef_, rtol=1e-12)
    assert search.n_splits_ == 4 and not search.multimetric_
    assert_allclose(search.predict(X), reference.predict(X), rtol=1e-12)


def test_loss_fed_to_hyperopt_is_minus_the_score(regression_data):
    """Check that hyperopt minimised minus the mean test score of each trial."""
    X, y = regression_data
    search = HyperoptSearchCV(Ridge(), RIDGE_SPACE, max_evals=8, cv=3, random_state=0).fit(X, y)
    assert_allclose(search.trials_.losses(), -search.cv_results_["mean_test_score"], rtol=1e-12)
    assert len(search.trials_.trials) == 8


@pytest.mark.parametrize("algo", ["tpe", "random", "anneal", rand.suggest])
def test_seeded_search_is_reproducible(regression_data, algo):
    """Check that the same random_state proposes the same candidates, another seed others."""
    X, y = regression_data
    runs = [HyperoptSearchCV(Ridge(), RIDGE_SPACE, max_evals=6, algo=algo, cv=3,
                             random_state=seed).fit(X, y) for seed in (0, 0, 1)]
    alphas = [[p["alpha"] for p in run.cv_results_["params"]] for run in runs]
    assert alphas[0] == alphas[1]
    assert alphas[0] != alphas[2]


def test_random_state_accepts_generators_and_random_states(regression_data):
    """Check that a Generator or a RandomState seeds the search as well as an int."""
    X, y = regression_data
    for state in (np.random.default_rng(3), np.random.RandomState(3)):
        search = HyperoptSearchCV(Ridge(), RIDGE_SPACE, max_evals=3, cv=3, random_state=state)
        assert len(search.fit(X, y).cv_results_["params"]) == 3


def test_unknown_algo_is_refused(regression_data):
    """Check that an unknown algo name is refused by parameter validation."""
    X, y = regression_data
    with pytest.raises(ValueError, match="algo"):
        HyperoptSearchCV(Ridge(), RIDGE_SPACE, algo="bayes").fit(X, y)


def test_multimetric_refit_by_name(regression_data):
    """Check that with several metrics, refit names the one optimised and selected."""
    X, y = regression_data
    scoring = {"r2": "r2", "nrmse": get_scorer("neg_nrmse")}
    search = HyperoptSearchCV(Ridge(), RIDGE_SPACE, max_evals=8, cv=3, scoring=scoring,
                              refit="nrmse", random_state=0).fit(X, y)
    results = search.cv_results_
    assert search.multimetric_
    assert {"mean_test_r2", "mean_test_nrmse", "rank_test_nrmse"} <= set(results)
    assert_allclose(search.trials_.losses(), -results["mean_test_nrmse"], rtol=1e-12)
    assert search.best_index_ == np.argmax(results["mean_test_nrmse"])
    assert_allclose(search.best_score_, results["mean_test_nrmse"].max(), rtol=1e-12)
    assert set(search.scorer_) == {"r2", "nrmse"}


def test_multimetric_without_refit_name_is_refused(regression_data):
    """Check that several metrics and refit=True raise GridSearchCV's error."""
    X, y = regression_data
    search = HyperoptSearchCV(Ridge(), RIDGE_SPACE, max_evals=2, scoring=["r2", "neg_max_error"])
    with pytest.raises(ValueError, match="refit"):
        search.fit(X, y)


def test_nested_reservoir_parameters(mackey_glass_data):
    """Check that nested reservoir__/readout__ keys reach the ESN and the refit model."""
    X, y = mackey_glass_data
    esn = ESNRegressor(Reservoir(n_units=40, spectral_radius=0.9, random_state=0), RidgeReadout(),
                       washout=50)
    scorer = make_scorer(nrmse_after_warmup, greater_is_better=False)
    search = HyperoptSearchCV(esn, reservoir_space(), max_evals=6, cv=TimeSeriesSplit(3),
                              scoring=scorer, random_state=0).fit(X, y)
    best = search.best_estimator_
    assert best.reservoir.spectral_radius == search.best_params_["reservoir__spectral_radius"]
    assert best.readout.alpha == search.best_params_["readout__alpha"]
    assert esn.reservoir.spectral_radius == 0.9  # the given estimator is left untouched
    assert np.isfinite(search.best_score_)


def test_search_passes_predict_keywords_and_generate_to_the_best_model(mackey_glass_data):
    """Check that the search's predict takes the ESN's initial_state and that generate,
    predict_proba and decision_function reach the refitted best estimator."""
    X, y = mackey_glass_data
    esn = ESNRegressor(Reservoir(n_units=30, random_state=0), RidgeReadout(), washout=50)
    search = HyperoptSearchCV(esn, reservoir_space(), max_evals=3, cv=TimeSeriesSplit(2),
                              random_state=0).fit(X[:800], y[:800])
    best = search.best_estimator_
    assert_array_equal(search.predict(X[800:], initial_state="fit"),
                       best.predict(X[800:], initial_state="fit"))
    assert_array_equal(search.predict(X[800:]), best.predict(X[800:]))
    assert_array_equal(search.generate(20), best.generate(20))
    assert_array_equal(search.generate(5, warmup=X[:100]), best.generate(5, warmup=X[:100]))
    assert not hasattr(search, "predict_proba")  # a regressor has none

    from skreservoir import ESNClassifier
    rng = np.random.default_rng(0)
    panel = rng.normal(size=(40, 30, 1)) + np.repeat([0.0, 1.0], 20)[:, None, None]
    labels = np.repeat([0, 1], 20)
    clf = HyperoptSearchCV(ESNClassifier(Reservoir(n_units=20, random_state=0), washout=5),
                           {"readout__alpha": hp.loguniform("a", -3, 3)}, max_evals=2,
                           cv=KFold(2, shuffle=True, random_state=0), random_state=0)
    clf.fit(panel, labels)
    assert_allclose(clf.predict_proba(panel), clf.best_estimator_.predict_proba(panel),
                    rtol=1e-12)
    assert_allclose(clf.decision_function(panel),
                    clf.best_estimator_.decision_function(panel), rtol=1e-12)
    with pytest.raises(AttributeError, match="has no attribute 'predict'") as info:
        HyperoptSearchCV(esn, reservoir_space(), max_evals=2, refit=False,
                         random_state=0).fit(X[:300], y[:300]).predict(X)
    assert "refit=True" in str(info.value.__cause__)  # the reason, chained


def test_objective_pickles_and_gives_the_same_loss(regression_data):
    """Check that the trial objective survives a pickle round trip with the same result."""
    X, y = regression_data
    splits = list(KFold(3).split(X))
    objective = SearchObjective(Ridge(), X, y, splits, {"r2": get_scorer("r2"),
                                                        "nrmse": get_scorer("neg_nrmse")},
                                metric="nrmse")
    loaded = pickle.loads(pickle.dumps(objective))
    expected, got = objective({"alpha": 0.5}), loaded({"alpha": 0.5})
    assert got["status"] == "ok"
    assert_allclose(got["loss"], expected["loss"], rtol=1e-12)
    assert_allclose(got["loss"], -np.mean(got["test_scores"]["nrmse"]), rtol=1e-12)
    assert_allclose(got["test_scores"]["r2"], expected["test_scores"]["r2"], rtol=1e-12)


@pytest.mark.parametrize("scoring", [None, {"r2": "r2", "mse": "neg_mean_squared_error"}])
def test_trials_objects_get_the_picklable_objective(regression_data, scoring):
    """Check that a trials object other than Trials runs the pickled objective, same results."""
    X, y = regression_data
    refit = True if scoring is None else "mse"
    kwargs = dict(max_evals=8, cv=KFold(4), scoring=scoring, refit=refit, random_state=0,
                  return_train_score=True)
    trials = PicklingTrials()
    remote = HyperoptSearchCV(Ridge(), RIDGE_SPACE, trials=trials, **kwargs).fit(X, y)
    local = HyperoptSearchCV(Ridge(), RIDGE_SPACE, **kwargs).fit(X, y)
    assert isinstance(trials.objective, SearchObjective)
    assert remote.trials_ is trials
    assert set(remote.cv_results_) == set(local.cv_results_)
    for key, value in local.cv_results_.items():
        if "time" in key:
            continue
        if key == "params":
            assert remote.cv_results_[key] == value
        else:
            assert_allclose(np.asarray(remote.cv_results_[key], dtype=float),
                            np.asarray(value, dtype=float), rtol=1e-12)
    assert remote.best_index_ == local.best_index_
    assert remote.best_params_ == local.best_params_
    assert_allclose(remote.best_score_, local.best_score_, rtol=1e-12)
    assert_allclose(remote.predict(X), local.predict(X), rtol=1e-12)
    assert remote.refit_time_ >= 0


@pytest.mark.parametrize("remote", [False, True])
def test_failed_fits_get_error_score_and_fail_the_trial(regression_data, remote):
    """Check that a failing candidate scores error_score and is a failed hyperopt trial."""
    X, y = regression_data
    space = {"alpha": hp.choice("alpha", [-1.0, 1.0])}
    trials = PicklingTrials() if remote else None
    search = HyperoptSearchCV(Ridge(), space, max_evals=6, cv=3, algo="random", trials=trials,
                              random_state=0)
    with pytest.warns(FitFailedWarning, match="Every fold of a trial failed"):
        search.fit(X, y)
    statuses = [t["result"]["status"] for t in search.trials_.trials]
    assert 0 < statuses.count("fail") < 6
    assert len(search.cv_results_["params"]) == statuses.count("ok")
    assert all(p == {"alpha": 1.0} for p in search.cv_results_["params"])
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_params_ == {"alpha": 1.0}


@pytest.mark.parametrize("remote", [False, True])
def test_search_where_every_trial_fails(regression_data, remote):
    """Check that a search in which no trial gives scores says so."""
    X, y = regression_data
    space = {"alpha": hp.choice("alpha", [-1.0])}
    trials = PicklingTrials() if remote else None
    search = HyperoptSearchCV(Ridge(), space, max_evals=2, cv=3, trials=trials)
    with pytest.warns(FitFailedWarning), pytest.raises(ValueError, match="No trial gave"):
        search.fit(X, y)


def test_error_score_raise(regression_data):
    """Check that error_score='raise' lets the failure through."""
    X, y = regression_data
    space = {"alpha": hp.choice("alpha", [-1.0])}
    search = HyperoptSearchCV(Ridge(), space, max_evals=2, cv=3, error_score="raise")
    with pytest.raises(ValueError, match="alpha"):
        search.fit(X, y)


def test_verbose_shows_progress_and_best_score(regression_data, capsys):
    """Check that verbose=1 reports every trial and the best score so far."""
    X, y = regression_data
    search = HyperoptSearchCV(Ridge(), RIDGE_SPACE, max_evals=4, cv=3, random_state=0,
                              verbose=1).fit(X, y)
    captured = capsys.readouterr()
    text = captured.out + captured.err
    best = f"{search.best_score_:.6g}"
    assert best in text
    assert "4/4" in text
    assert "Fitting" not in text  # scikit-learn's per-trial lines only from verbose=2
    assert search.verbose == 1


def test_search_clones_and_keeps_its_parameters(regression_data):
    """Check that the search is a well-behaved estimator: get_params, clone, no mutation."""
    X, y = regression_data
    trials = Trials()
    search = HyperoptSearchCV(Ridge(), RIDGE_SPACE, max_evals=3, trials=trials, cv=3,
                              random_state=0, verbose=0)
    params = search.get_params(deep=False)
    assert {"space", "max_evals", "algo", "trials", "random_state"} <= set(params)
    assert "pre_dispatch" not in params
    clone(search)
    search.fit(X, y)
    assert search.get_params(deep=False) == params
    assert search.trials_ is trials and len(trials.trials) == 3


def test_folds_run_on_a_dask_cluster(regression_data):
    """Check that joblib's dask backend runs the folds on a Dask cluster, same results.

    Two threads: with one core in the whole cluster joblib runs sequentially, here.
    """
    distributed = pytest.importorskip("distributed")
    from joblib import parallel_config

    X, y = regression_data
    kwargs = dict(max_evals=4, cv=KFold(3), random_state=0, n_jobs=2)
    local = HyperoptSearchCV(Ridge(), RIDGE_SPACE, **kwargs).fit(X, y)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  protocol="tcp://", host="127.0.0.1",
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        for trials in (None, PicklingTrials()):
            with distributed.get_task_stream(client) as stream, parallel_config(backend="dask"):
                search = HyperoptSearchCV(Ridge(), RIDGE_SPACE, trials=trials, **kwargs).fit(X, y)
            assert len(stream.data) > 0, "no task ran on the cluster"
            assert_allclose(search.cv_results_["mean_test_score"],
                            local.cv_results_["mean_test_score"], rtol=1e-12)


def test_spark_trials_in_local_mode(regression_data, monkeypatch):
    """Check that SparkTrials runs the search (local Spark) with the same candidates' scores."""
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("SparkTrials needs Java, and `java` is not on PATH")
    # Spark's Python workers run this interpreter, bound to the loopback address
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
    from hyperopt import SparkTrials

    X, y = regression_data
    search = HyperoptSearchCV(Ridge(), RIDGE_SPACE, max_evals=4, cv=KFold(3), random_state=0,
                              trials=SparkTrials(parallelism=1)).fit(X, y)
    grid = [{"alpha": [p["alpha"]]} for p in search.cv_results_["params"]]
    reference = GridSearchCV(Ridge(), grid, cv=KFold(3)).fit(X, y)
    assert_allclose(search.cv_results_["mean_test_score"],
                    reference.cv_results_["mean_test_score"], rtol=1e-12)


def test_spark_trials_without_pyspark_python(regression_data, monkeypatch):
    """Check that a local-mode SparkTrials search runs with PYSPARK_PYTHON unset."""
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("SparkTrials needs Java, and `java` is not on PATH")
    from hyperopt import SparkTrials
    from pyspark.sql import SparkSession

    monkeypatch.delenv("PYSPARK_PYTHON", raising=False)
    monkeypatch.delenv("PYSPARK_DRIVER_PYTHON", raising=False)
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
    active = SparkSession.getActiveSession()
    if active is not None:  # a context started by another test knows its interpreter
        active.stop()
    trials = SparkTrials(parallelism=1)
    assert trials._spark_context.pythonExec == "python3"  # Spark's default
    X, y = regression_data
    search = HyperoptSearchCV(Ridge(), RIDGE_SPACE, max_evals=2, cv=KFold(3), random_state=0,
                              trials=trials).fit(X, y)
    assert len(search.cv_results_["params"]) == 2
    assert trials._spark_context.pythonExec == sys.executable


def test_no_trial_message_names_the_trials_error_and_what_to_set():
    """Check that a search whose trials all failed reports the first error, and PYSPARK_PYTHON for Spark."""
    from skreservoir.model_selection._objective import no_trial_message

    class FakeSparkTrials:  # errored trials are in _dynamic_trials, not in trials
        _spark_context = object()
        trials = []
        _dynamic_trials = [{"misc": {"error": (
            "<class 'py4j.protocol.Py4JJavaError'>",
            "Traceback ...\n  ModuleNotFoundError: No module named 'skreservoir'\n  at ...")}}]

    message = no_trial_message(FakeSparkTrials(), "No trial gave scores.")
    assert "error: <class 'py4j.protocol.Py4JJavaError'>: ModuleNotFoundError: No module" in message
    assert "PYSPARK_PYTHON" in message and sys.executable in message
    FakeSparkTrials._dynamic_trials[0]["misc"]["error"] = ("<class 'PythonException'>", "None")
    message = no_trial_message(FakeSparkTrials(), "No trial gave scores.")
    assert message.startswith("No trial gave scores. The first trial's error: <class 'Py")
    assert "PYSPARK_PYTHON" in message
    assert no_trial_message(Trials(), "No trial gave scores.") == "No trial gave scores."


def test_forecasting_objective_tunes_esn_forecaster():
    """Check that the sktime objective equals sktime's evaluate, pickles, and drives fmin."""
    from skreservoir.forecasting import ForecastingObjective

    pytest.importorskip("sktime")
    from hyperopt import fmin, tpe
    from sktime.datasets import load_airline
    from sktime.forecasting.model_evaluation import evaluate
    from sktime.performance_metrics.forecasting import MeanAbsolutePercentageError
    from sktime.split import ExpandingWindowSplitter

    from skreservoir.forecasting import ESNForecaster

    y = load_airline()
    forecaster = ESNForecaster(Reservoir(n_units=30, random_state=0), RidgeReadout(),
                               target="difference")
    cv = ExpandingWindowSplitter(fh=range(1, 13), initial_window=108, step_length=12)
    scoring = MeanAbsolutePercentageError()
    objective = ForecastingObjective(forecaster, y, cv, scoring=scoring)
    params = {"readout__alpha": 1e-2, "reservoir__spectral_radius": 0.5}
    result = pickle.loads(pickle.dumps(objective))(params)
    reference = evaluate(clone(forecaster).set_params(**params), cv, y, scoring=scoring)
    assert result["status"] == "ok"
    assert_allclose(result["loss"], reference.iloc[:, 0].mean(), rtol=1e-10)
    assert_allclose(result["loss"], objective(params)["loss"], rtol=1e-12)

    trials = Trials()
    space = reservoir_space(input_scaling=None, leak_rate=None)
    best = fmin(objective, space, algo=tpe.suggest, max_evals=5, trials=trials,
                rstate=np.random.default_rng(0), show_progressbar=False)
    assert set(best) == set(space)
    assert np.isfinite(min(trials.losses()))
    assert forecaster.readout.alpha == RidgeReadout().alpha  # the forecaster is not mutated


def test_import_error_names_the_extra(monkeypatch):
    """Check that without hyperopt the import fails naming skreservoir[hyperopt]."""
    monkeypatch.setitem(sys.modules, "hyperopt", None)
    monkeypatch.delitem(sys.modules, "skreservoir.model_selection")
    with pytest.raises(ImportError, match=r"skreservoir\[hyperopt\]"):
        importlib.import_module("skreservoir.model_selection")


def test_documented_search_runs_on_the_default_model():
    """HyperoptSearchCV(ESNRegressor(), reservoir_space()) runs: the default reservoir
    and readout take the nested parameters of the space."""
    from sklearn.model_selection import TimeSeriesSplit

    from skreservoir import ESNRegressor
    from skreservoir.datasets import mackey_glass
    from skreservoir.model_selection import HyperoptSearchCV, reservoir_space

    series = mackey_glass(400)
    search = HyperoptSearchCV(ESNRegressor(washout=50), reservoir_space(), max_evals=3,
                              cv=TimeSeriesSplit(2), random_state=0)
    search.fit(series[:-1], series[1:])
    assert {"readout__alpha", "reservoir__spectral_radius"} <= set(search.best_params_)
    assert np.isfinite(search.best_score_)


def test_esn_transformer_n_jobs_on_joblibs_spark_backend(monkeypatch):
    """Check that ESNTransformer(n_jobs=2) runs its chunks on Spark (joblibspark) with the same result."""
    joblibspark = pytest.importorskip("joblibspark")
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark's local mode needs Java, and `java` is not on PATH")
    from joblib import parallel_config

    from skreservoir import ESNTransformer, config_context

    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
    joblibspark.register_spark()
    X = np.random.default_rng(0).normal(size=(12, 30, 2))
    transformer = ESNTransformer(Reservoir(n_units=10, random_state=0), n_jobs=2).fit(X)
    expected = ESNTransformer(Reservoir(n_units=10, random_state=0)).fit(X).transform(X)
    with config_context(state_chunk_bytes=30 * 10 * 8 * 3), parallel_config(backend="spark"):
        assert_allclose(transformer.transform(X), expected, rtol=1e-12)


@pytest.mark.parametrize("scoring", [None, {"r2": "r2", "mse": "neg_mean_squared_error"}])
@pytest.mark.parametrize("remote", [False, True])
def test_a_continued_search_reports_every_trial(regression_data, scoring, remote):
    """A search continued with its trials and a larger max_evals: cv_results_ holds every
    trial (the first fit's rows unchanged, their times' means and deviations kept), the
    best is the best of all, and a seeded search proposes new candidates (it proposed
    its first ones again). The in-process search kept the new trials only, so its best
    could be worse than one the trials held."""
    X, y = regression_data
    refit = True if scoring is None else "mse"
    metric = "score" if scoring is None else "mse"
    trials = PicklingTrials() if remote else Trials()
    search = HyperoptSearchCV(Ridge(), RIDGE_SPACE, max_evals=5, trials=trials, cv=KFold(3),
                              scoring=scoring, refit=refit, algo="random", random_state=0,
                              return_train_score=True)
    first = dict(search.fit(X, y).cv_results_)
    search.set_params(max_evals=9).fit(X, y)
    results = search.cv_results_
    assert len(results["params"]) == 9 and len(trials.trials) == 9
    assert len({p["alpha"] for p in results["params"]}) == 9
    assert results["params"][:5] == first["params"]
    for key in (f"mean_test_{metric}", f"split2_train_{metric}", "mean_fit_time",
                "std_fit_time"):
        assert_allclose(results[key][:5], first[key], rtol=1e-12)
    assert search.best_index_ == int(np.argmax(results[f"mean_test_{metric}"]))
    assert search.best_params_ == results["params"][search.best_index_]
    assert search.best_estimator_.alpha == search.best_params_["alpha"]
    # the same max_evals again: no new trial, the same results (it raised "No trial
    # gave scores")
    again = search.fit(X, y).cv_results_
    assert_allclose(again[f"mean_test_{metric}"], results[f"mean_test_{metric}"], rtol=1e-12)


def test_a_continued_search_needs_the_same_folds(regression_data):
    """Trials of searches with other numbers of folds cannot make one cv_results_."""
    X, y = regression_data
    trials = Trials()
    HyperoptSearchCV(Ridge(), RIDGE_SPACE, max_evals=3, trials=trials, cv=KFold(3),
                     random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="different numbers of folds"):
        HyperoptSearchCV(Ridge(), RIDGE_SPACE, max_evals=5, trials=trials, cv=KFold(4),
                         random_state=0).fit(X, y)


class _OnlySomeAlphas(Ridge):
    """A Ridge whose fit fails for an alpha not in ``allowed`` (None: any)."""

    def __init__(self, alpha=1.0, allowed=None):
        super().__init__(alpha=alpha)
        self.allowed = allowed

    def fit(self, X, y, sample_weight=None):
        if self.allowed is not None and self.alpha not in self.allowed:
            raise ValueError("this alpha fails")
        return super().fit(X, y, sample_weight)


def test_a_continued_search_whose_new_trials_fail(regression_data):
    """New trials that all fail leave the results of the earlier ones, with the warning
    (it raised "No trial gave scores")."""
    X, y = regression_data
    trials = Trials()
    search = HyperoptSearchCV(_OnlySomeAlphas(), RIDGE_SPACE, max_evals=3, trials=trials,
                              cv=KFold(3), random_state=0).fit(X, y)
    best, first = search.best_score_, [p["alpha"] for p in search.cv_results_["params"]]
    search.set_params(estimator=_OnlySomeAlphas(allowed=first), max_evals=5)
    with pytest.warns(FitFailedWarning, match="Every fold of a trial failed"):
        search.fit(X, y)
    assert len(search.cv_results_["params"]) == 3 and search.best_score_ == best


def test_search_objective_reads_scorer_names(regression_data):
    """SearchObjective takes skreservoir's and scikit-learn's scorer names, as
    HyperoptSearchCV does ("neg_nrmse" failed inside cross_validate), and defaults to
    the estimator's score."""
    X, y = regression_data
    splits = list(KFold(4).split(X))
    default = SearchObjective(Ridge(), X, y, splits)({"alpha": 0.1})
    r2 = SearchObjective(Ridge(), X, y, splits, "r2")({"alpha": 0.1})
    assert_allclose(default["loss"], r2["loss"], rtol=1e-12)
    named = SearchObjective(Ridge(), X, y, splits, "neg_nrmse")({"alpha": 0.1})
    by_hand = [nrmse(y[test], Ridge(alpha=0.1).fit(X[train], y[train]).predict(X[test]))
               for train, test in splits]
    assert_allclose(named["loss"], np.mean(by_hand), rtol=1e-12)
    both = SearchObjective(Ridge(), X, y, splits, ["r2", "neg_nrmse"], metric="neg_nrmse")(
        {"alpha": 0.1})
    assert set(both["test_scores"]) == {"r2", "neg_nrmse"}


def test_search_score_takes_initial_state(mackey_glass_data):
    """search.score(X, y, initial_state="fit") is the best estimator's own score with it
    (GridSearchCV's score refused the keyword, which the WarmupWarning recommends);
    with a scoring of its own the search says what to call instead."""
    X, y = mackey_glass_data
    space = {"readout__alpha": hp.loguniform("a", np.log(1e-8), np.log(1e-2))}
    search = HyperoptSearchCV(ESNRegressor(Reservoir(30, random_state=0), washout=50), space,
                              max_evals=2, cv=TimeSeriesSplit(2), random_state=0)
    search.fit(X[:600], y[:600])
    assert search.score(X[600:], y[600:], initial_state="fit") == pytest.approx(
        search.best_estimator_.score(X[600:], y[600:], initial_state="fit"), rel=1e-12)
    search.set_params(scoring="r2").fit(X[:600], y[:600])
    with pytest.raises(ValueError, match=r"best_estimator_\.score\(X, y, initial_state"):
        search.score(X[600:], y[600:], initial_state="fit")


def test_search_objective_refuses_a_metric_its_trials_do_not_report():
    """SearchObjective(metric="foo") fitted every split, then raised a bare KeyError;
    the metric is checked at construction, against "score" or the keys of scoring."""
    from skreservoir.model_selection import SearchObjective

    X = np.random.default_rng(0).normal(size=(40, 1))
    splits = [(np.arange(20), np.arange(20, 40))]
    with pytest.raises(ValueError, match=r"metric='foo' is not a score the trials report: "
                                         r"pass metric='score'"):
        SearchObjective(ESNRegressor(), X, X[:, 0], splits, metric="foo")
    with pytest.raises(ValueError, match=r"one of the keys of scoring \('r2', 'mse'\)"):
        SearchObjective(ESNRegressor(), X, X[:, 0], splits,
                        scoring={"r2": "r2", "mse": "neg_mean_squared_error"}, metric="score")
    SearchObjective(ESNRegressor(), X, X[:, 0], splits, scoring={"r2": "r2"}, metric="r2")


def test_scikit_learn_folds_of_scattered_rows_warn_once_per_call():
    """Check that an ESN fitted by scikit-learn's cross-validation on folds of scattered
    rows of one series warns once per call (a battery: cross_val_score, GridSearchCV and
    CalibratedClassifierCV were silent where HyperoptSearchCV warned), and that the
    folds of TimeSeriesSplit, and KFold's in order, do not."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.model_selection import GridSearchCV, KFold, cross_val_score

    from skreservoir import ESNClassifier
    from skreservoir.exceptions import DataLayoutWarning

    t = np.arange(400)
    X = np.c_[np.sin(t / 15), np.sin(t / 7)]
    esn = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=20)
    shuffled = KFold(3, shuffle=True, random_state=0)

    def layout_warnings(call):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call()
        return [w for w in caught if issubclass(w.category, DataLayoutWarning)]

    for call in (lambda: cross_val_score(esn, X, X[:, 0], cv=shuffled),
                 lambda: cross_val_score(esn, X, X[:, 0], cv=shuffled),  # a new call
                 lambda: GridSearchCV(esn, {"readout__alpha": [1e-6, 1e-2]},
                                      cv=shuffled).fit(X, X[:, 0])):
        said = layout_warnings(call)
        assert len(said) == 1
        assert "scikit-learn's cross-validation cuts one series (this training fold: 266 " \
               "of its rows) into folds of scattered rows" in str(said[0].message)
    labels = (np.sin(t / 7) > 0).astype(int)
    clf = ESNClassifier(Reservoir(n_units=20, random_state=0), washout=20)
    assert len(layout_warnings(lambda: CalibratedClassifierCV(
        clf, cv=KFold(3, shuffle=True, random_state=0)).fit(X, labels))) == 1
    for cv in (TimeSeriesSplit(3), KFold(3)):
        assert layout_warnings(lambda: cross_val_score(esn, X, X[:, 0], cv=cv)) == []
    # HyperoptSearchCV says it before the search, once (a review: twice)
    from hyperopt import hp

    from skreservoir.model_selection import HyperoptSearchCV

    said = layout_warnings(lambda: HyperoptSearchCV(
        esn, {"readout__alpha": hp.loguniform("alpha", -14, -4)}, max_evals=2, cv=shuffled,
        random_state=0).fit(X, X[:, 0]))
    assert len(said) == 1 and str(said[0].message).startswith("cv=KFold")


def test_scikit_learn_scorer_on_a_panel_warns(monkeypatch):
    """Check that scikit-learn's own scorer on the per-step predictions of a panel warns
    (a battery: scoring="r2" gave -6.5 where the model's score gave 0.976, silently),
    naming skreservoir.metrics.get_scorer, and that get_scorer's scorer and a classifier
    of labels per series (one label a series: scikit-learn's accuracy is right) do not."""
    from sklearn.model_selection import cross_val_score

    import skreservoir.esn._base as esn_base
    from skreservoir import ESNClassifier
    from skreservoir.exceptions import DataLayoutWarning
    from skreservoir.metrics import get_scorer

    monkeypatch.setattr(esn_base, "_WARMUP_WARNED_TO_SKLEARN", [])
    rng = np.random.default_rng(0)
    X = np.sin(np.arange(40)[None, :, None] * 0.25 + rng.uniform(0, 6, (30, 1, 1)))
    Y = np.roll(X, -1, axis=1)[..., 0]
    esn = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5)

    def panel_warnings(**kwargs):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cross_val_score(kwargs.pop("model", esn), X, kwargs.pop("y", Y), cv=KFold(3),
                            **kwargs)
        return [w for w in caught if issubclass(w.category, DataLayoutWarning)
                and "on a panel" in str(w.message)]

    assert panel_warnings(scoring=get_scorer("r2")) == []
    # make_scorer of another metric (skreservoir's nrmse reads the series as they are)
    from sklearn.metrics import make_scorer

    from skreservoir.metrics import nrmse

    assert panel_warnings(scoring=make_scorer(nrmse, greater_is_better=False)) == []
    labels = (X[:, :, 0].mean(axis=1) > 0).astype(int)
    clf = ESNClassifier(Reservoir(n_units=20, random_state=0), washout=5)
    assert panel_warnings(model=clf, y=labels, scoring="accuracy") == []
    said = panel_warnings(scoring="r2")
    assert len(said) == 1 and "skreservoir.metrics.get_scorer(name)" in str(said[0].message)
