"""Edge cases of HyperoptSearchCV: searches whose every trial fails say why and what to do."""

import pickle

import numpy as np
import pytest
from hyperopt import Trials, hp
from hyperopt.pyll import scope
from numpy.testing import assert_array_equal
from sklearn.exceptions import FitFailedWarning
from sklearn.linear_model import Ridge

from skreservoir import ESNRegressor, Reservoir, RidgeReadout
from skreservoir._sklearn_compat import InvalidParameterError
from skreservoir.model_selection import HyperoptSearchCV
from skreservoir.model_selection._objective import fit_error, scope_int_hint


class PicklingTrials(Trials):
    """Trials that, like SparkTrials and MongoTrials, ship the objective pickled."""

    def fmin(self, fn, *args, **kwargs):
        return super().fmin(pickle.loads(pickle.dumps(fn)), *args, **kwargs)


@pytest.fixture
def series():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 1))
    return X, np.roll(X[:, 0], 1)


def esn():
    return ESNRegressor(reservoir=Reservoir(random_state=0), readout=RidgeReadout())


QUNIFORM_N_UNITS = {"reservoir__n_units": hp.quniform("reservoir__n_units", 10, 40, 10)}


@pytest.mark.parametrize("remote", [False, True])
def test_quniform_for_an_int_parameter_says_to_wrap_it_in_scope_int(series, remote):
    """Check that a search whose every trial failed on hp.quniform's float for n_units
    (the generic "No trial gave scores" before) gives the first trial's error and says
    to wrap the space's entry in hyperopt.pyll.scope.int."""
    X, y = series
    search = HyperoptSearchCV(esn(), QUNIFORM_N_UNITS, max_evals=2, cv=2, random_state=0,
                              trials=PicklingTrials() if remote else None)
    with pytest.warns(FitFailedWarning, match=r"takes an int .* scope\.int"):
        with pytest.raises(ValueError) as info:
            search.fit(X, y)
    message = str(info.value)
    assert message.startswith("No trial gave scores")
    assert "The first trial's error: " in message
    assert "InvalidParameterError: The 'n_units' parameter of Reservoir must be an int" in message
    assert "Wrap the expression of 'reservoir__n_units' in hyperopt.pyll.scope.int(...)" in message


@pytest.mark.parametrize(
    "remote, fix",
    [(False, "'reservoir__n_units': scope.int"), (True, "scope.int(hp.quniform(name,")],
)
def test_quniform_with_error_score_raise_says_to_wrap_it_in_scope_int(series, remote, fix):
    """Check that error_score='raise' lets scikit-learn's InvalidParameterError through,
    with the scope.int hint added to its message (naming the space's entry where the
    search runs the trials itself)."""
    X, y = series
    search = HyperoptSearchCV(esn(), QUNIFORM_N_UNITS, max_evals=1, cv=2, random_state=0,
                              error_score="raise",
                              trials=PicklingTrials() if remote else None)
    with pytest.raises(InvalidParameterError, match=r"Got \d+\.0 instead\..*hyperopt\.pyll") as info:
        search.fit(X, y)
    assert fix in str(info.value)


@pytest.mark.filterwarnings("ignore::skreservoir.exceptions.WarmupWarning")
def test_scope_int_quniform_searches_n_units(series):
    """Check that the documented spelling, scope.int(hp.quniform(...)), runs every trial."""
    X, y = series
    space = {"reservoir__n_units": scope.int(hp.quniform("reservoir__n_units", 10, 40, 10))}
    search = HyperoptSearchCV(esn(), space, max_evals=2, cv=2, random_state=0).fit(X, y)
    assert len(search.cv_results_["params"]) == 2
    assert isinstance(search.best_params_["reservoir__n_units"], int)


@pytest.mark.parametrize("remote", [False, True])
def test_every_trial_failed_gives_the_first_error_without_the_scope_int_hint(remote):
    """Check that a search failing for another reason (a negative alpha) names the first
    trial's error and says nothing of scope.int."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    y = X @ [1.0, 2.0]
    search = HyperoptSearchCV(Ridge(), {"alpha": hp.choice("alpha", [-1.0])}, max_evals=2,
                              cv=2, trials=PicklingTrials() if remote else None)
    with pytest.warns(FitFailedWarning), pytest.raises(ValueError) as info:
        search.fit(X, y)
    message = str(info.value)
    assert "The first trial's error: " in message
    assert "The 'alpha' parameter of Ridge must be a float in the range [0.0, inf)" in message
    assert "scope.int" not in message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The 'n_units' parameter of Reservoir must be an int in the range [1, inf) or "
         "None. Got 50.0 instead.", True),
        ("The 'n_units' parameter of Reservoir must be an int in the range [1, inf) or "
         "None. Got np.float64(50.0) instead.", True),
        ("The 'n_units' parameter of Reservoir must be an int in the range [1, inf) or "
         "None. Got 0 instead.", False),  # an int out of range: not the float's fault
        ("The 'n_units' parameter of Reservoir must be an int in the range [1, inf) or "
         "None. Got 2.5 instead.", False),  # not a whole number: hp.uniform, not scope.int
        ("The 'alpha' parameter of Ridge must be a float in the range [0.0, inf). "
         "Got -1.0 instead.", False),
        ("The 'n_units' parameter of Reservoir must be an int in the range [1, inf) or "
         "None. Got 'many' instead.", False),
        ("The 'n_units' parameter of Reservoir must be an int in the range [1, inf) or "
         "None. Got nan instead.", False),
    ],
)
def test_scope_int_hint_only_for_a_whole_number_float_given_to_an_int(text, expected):
    """Check that the scope.int hint appears exactly for a whole-number float refused by an
    int parameter's constraint."""
    hint = scope_int_hint(text, {"reservoir__n_units": None, "readout__alpha": None})
    assert bool(hint) is expected
    if expected:
        assert "'reservoir__n_units': scope.int(hp.quniform(" in hint


def test_fit_error_reads_the_first_group_and_the_raised_exception():
    """Check that fit_error takes the raised (last chained) exception of the first group
    of scikit-learn's "All the n fits failed" message, with its continuation lines."""
    delimiter = "-" * 80 + "\n"
    text = (
        "\nAll the 3 fits failed.\nIt is very likely that your model is misconfigured.\n"
        "You can try to debug the error by setting error_score='raise'.\n\n"
        "Below are more details about the failures:\n"
        f"{delimiter}2 fits failed with the following error:\n"
        "Traceback (most recent call last):\n  File \"a.py\", line 1, in f\n    g()\n"
        "KeyError: 'inner'\n\nThe above exception was the direct cause of the following "
        "exception:\n\nTraceback (most recent call last):\n  File \"a.py\", line 2, in h\n"
        "    raise ValueError\nValueError: first line\nsecond line\n\n"
        f"{delimiter}1 fits failed with the following error:\n"
        "Traceback (most recent call last):\n  File \"b.py\", line 1, in f\n"
        "TypeError: other\n"
    )
    assert fit_error(ValueError(text)) == "ValueError: first line second line"
    assert fit_error(ValueError("plain message\nmore")) == "plain message"


def test_warnings_of_the_trials_point_at_the_users_line(series):
    """Check that a warning said in a trial (here ReservoirStateWarning: a reservoir
    scaled to saturation) points at the line that called the search, not into
    hyperopt's fmin (hyperopt/base.py, where a port of ReservoirPy's hyperopt tutorial
    saw them)."""
    import warnings

    from skreservoir.exceptions import ReservoirStateWarning

    X, y = series
    saturated = ESNRegressor(Reservoir(n_units=20, input_scaling=100.0, bias_scaling=10.0,
                                       random_state=0), washout=5)
    search = HyperoptSearchCV(saturated, {"readout__alpha": hp.loguniform("a", -5, 0)},
                              max_evals=2, cv=2, random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search.fit(X, y)
    ours = [w for w in caught if issubclass(w.category, ReservoirStateWarning)]
    assert ours and {w.filename for w in ours} == {__file__}


@pytest.mark.parametrize("params, message", [
    ({"trials": "x"}, r"'trials' parameter of HyperoptSearchCV must be an instance of "
                      r"'hyperopt.base.Trials' or None"),
    ({"n_jobs": 0}, r"'n_jobs' parameter of HyperoptSearchCV must be an int in the range "
                    r"\(-inf, -1\], an int in the range \[1, inf\) or None"),
])
def test_bad_trials_or_n_jobs_are_refused_by_name(params, message):
    """Check that trials='x' (an AttributeError inside) and n_jobs=0 (joblib's "has no
    meaning") are refused naming the parameter."""
    from sklearn.utils._param_validation import InvalidParameterError

    from skreservoir import ESNRegressor
    from skreservoir.model_selection import HyperoptSearchCV, reservoir_space

    X = np.sin(0.1 * np.arange(200))[:, None]
    with pytest.raises(InvalidParameterError, match=message):
        HyperoptSearchCV(ESNRegressor(), reservoir_space(), max_evals=2, **params).fit(X, X[:, 0])


def test_atpe_is_accepted_and_names_lightgbm_when_absent():
    """Check that algo='atpe' (ReservoirPy's hp_method) is taken, and that without lightgbm
    the error says so before any trial (it was refused as an unknown algo)."""
    import importlib.util

    X = np.sin(0.1 * np.arange(200))[:, None]
    search = HyperoptSearchCV(ESNRegressor(), {"readout__alpha": hp.loguniform("a", -9, 0)},
                              max_evals=2, algo="atpe")
    search._validate_params()  # a known algo (it was refused as unknown)
    if importlib.util.find_spec("lightgbm") is not None:
        from hyperopt import atpe

        assert search._algo() is atpe.suggest
        return
    with pytest.raises(ImportError, match=r"algo='atpe'.*needs lightgbm.*algo='tpe'"):
        search.fit(X, X[:, 0])


def test_space_labels_and_continued_trials_are_checked_by_name():
    """Check three searches that failed inside hyperopt or succeeded silently: two entries
    sharing a label (hyperopt's bare "DuplicateLabel: a"), trials of an earlier search
    over another space continued ("'NoneType' object has no attribute 'uniform'"), and a
    search whose every trial scored NaN (best_params_ was the first trial's, refitted)."""
    from sklearn.model_selection import TimeSeriesSplit

    from skreservoir.model_selection import reservoir_space

    s = np.sin(0.1 * np.arange(301))
    X, y = s[:-1, None], s[1:]
    esn = ESNRegressor(Reservoir(n_units=20, random_state=0), RidgeReadout(), washout=10)
    shared = {"readout__alpha": hp.loguniform("a", -9, -2),
              "reservoir__spectral_radius": hp.uniform("a", 0.1, 1)}
    with pytest.raises(ValueError, match=r"space entries \['readout__alpha', "
                       r"'reservoir__spectral_radius'\] use the same hyperopt label 'a'"):
        HyperoptSearchCV(esn, shared, max_evals=2).fit(X, y)
    trials = Trials()
    HyperoptSearchCV(esn, reservoir_space(), max_evals=2, cv=TimeSeriesSplit(2),
                     trials=trials, random_state=0).fit(X, y)
    other = {"readout__alpha": hp.loguniform("other", -9, -2)}
    with pytest.raises(ValueError, match=r"trials hold the trials of a search over the "
                       r"hyperopt labels \['readout__alpha', .*and this space's are "
                       r"\['other'\].*trials=None"):
        HyperoptSearchCV(esn, other, max_evals=3, cv=TimeSeriesSplit(2), trials=trials).fit(
            X, y)
    # the same space continues
    more = HyperoptSearchCV(esn, reservoir_space(), max_evals=3, cv=TimeSeriesSplit(2),
                            trials=trials, random_state=0).fit(X, y)
    assert len(more.cv_results_["params"]) == 3
    with pytest.warns(UserWarning), pytest.raises(ValueError, match=r"All 2 trials scored NaN"
                                                  r".*error_score='raise'.*test_size"):
        HyperoptSearchCV(esn, reservoir_space(), max_evals=2, cv=TimeSeriesSplit(40),
                         random_state=0).fit(X, y)


def test_folds_of_scattered_rows_of_one_series_warn():
    """A shuffled (or stratified) cv cuts one series into folds of scattered rows, which
    a reservoir runs as sequences with gaps: DataLayoutWarning names the splitter and
    the fix. Contiguous folds (splitters, a generator of splits, boolean masks), a
    panel, sktime's classifier (its 2D X is a panel) and an estimator without a
    reservoir say nothing."""
    import warnings

    from sklearn.model_selection import KFold, ShuffleSplit, TimeSeriesSplit

    from skreservoir import ESNClassifier
    from skreservoir.exceptions import DataLayoutWarning

    rng = np.random.default_rng(0)
    X = np.cumsum(rng.normal(size=(300, 1)), axis=0)
    y = X[:, 0] + 0.1 * rng.normal(size=300)
    space = {"readout__alpha": hp.loguniform("a", -3, 3)}

    def search(estimator, cv, search_space=space):
        return HyperoptSearchCV(estimator, search_space, max_evals=2, cv=cv, random_state=0)

    esn = ESNRegressor(Reservoir(20, random_state=0), washout=5)
    for cv in (KFold(3, shuffle=True, random_state=0), ShuffleSplit(3, random_state=0)):
        with pytest.warns(DataLayoutWarning, match=r"scattered rows.*TimeSeriesSplit"):
            search(esn, cv).fit(X, y)
    labels = (np.arange(300) % 7 < 2).astype(int)  # per-step: cv=3 is StratifiedKFold
    with pytest.warns(DataLayoutWarning, match=r"StratifiedKFold"):
        search(ESNClassifier(Reservoir(20, random_state=0), washout=5), 3).fit(X, labels)
    # unseeded, the splitter is not run (it would move NumPy's global generator)
    state = np.random.get_state()[1].copy()
    with pytest.warns(DataLayoutWarning, match=r"shuffle=True\) cuts the one series X "
                                               r"\(shape \(300, 1\)\) into folds of scattered rows:"):
        search(esn, KFold(3, shuffle=True))._warn_scattered_folds(X, y, None)
    assert_array_equal(np.random.get_state()[1], state)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        for cv in (TimeSeriesSplit(3), KFold(3), 3):
            search(esn, cv).fit(X, y)
        # an iterable of splits is the search's to read (a generator, read once)
        fitted = search(esn, TimeSeriesSplit(3).split(X)).fit(X, y)
        assert fitted.n_splits_ == 3
        masks = [(np.arange(300) < 200, np.arange(300) >= 200)]
        search(esn, masks).fit(X, y)
        # sktime's classifier reads a 2D X as a panel of univariate series
        from skreservoir.classification import ESNTimeSeriesClassifier

        search(ESNTimeSeriesClassifier(Reservoir(20, random_state=0)),
               KFold(3, shuffle=True, random_state=0),
               {"reservoir__leak_rate": hp.uniform("l", 0.1, 1.0)}).fit(
            rng.normal(size=(12, 30)), np.arange(12) % 2)
        panel = rng.normal(size=(12, 30, 1))
        search(ESNClassifier(Reservoir(20, random_state=0), washout=5),
               KFold(3, shuffle=True, random_state=0)).fit(panel, np.arange(12) % 2)
        search(Ridge(), KFold(3, shuffle=True, random_state=0),
               {"alpha": hp.loguniform("a", -3, 3)}).fit(X, y)
