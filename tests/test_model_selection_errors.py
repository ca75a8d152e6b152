"""Tests of HyperoptSearchCV's errors for spaces written the ReservoirPy way."""

import numpy as np
import pytest

hyperopt = pytest.importorskip(
    "hyperopt", reason="hyperopt is an optional extra (pip install \"skreservoir[hyperopt]\")"
)

from hyperopt import hp  # noqa: E402

from skreservoir import ESNRegressor  # noqa: E402
from skreservoir.datasets import mackey_glass, to_forecasting  # noqa: E402
from skreservoir.model_selection import HyperoptSearchCV, reservoir_space  # noqa: E402


@pytest.fixture(scope="module")
def data():
    return to_forecasting(mackey_glass(200), forecast=1)


def test_reservoirpy_hp_space_lists_are_refused_with_the_hyperopt_spelling(data):
    """Check that ReservoirPy's ['loguniform', low, high] entries get an error naming hp.loguniform."""
    space = {"reservoir__spectral_radius": ["loguniform", 1e-2, 10]}
    search = HyperoptSearchCV(ESNRegressor(), space, max_evals=1)
    with pytest.raises(ValueError, match=r"ReservoirPy hp_space lists.*hp\.loguniform"):
        search.fit(*data)
    # ReservoirPy's names are translated too (a user battery: 'sr' was left as it was)
    search = HyperoptSearchCV(ESNRegressor(), {"sr": ["loguniform", 1e-2, 10]}, max_evals=1)
    with pytest.raises(ValueError, match=r"\['sr'\].*sr: reservoir__spectral_radius"):
        search.fit(*data)


def test_a_list_space_entry_not_reservoirpy_style_is_not_a_type_error(data):
    """Check that a list entry whose first item is unhashable reaches the check of lists of
    values (hp.choice named; every trial failed before, "No trial gave scores")."""
    space = {"readout__alpha": [[1e-6], [1e-3]]}
    search = HyperoptSearchCV(ESNRegressor(), space, max_evals=1, cv=2)
    with pytest.raises(ValueError, match=r"are lists of values .*hyperopt.hp.choice\("
                                         r"'readout__alpha', \[\[1e-06\], \[0.001\]\]\)"):
        search.fit(*data)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sr", "ReservoirPy's name of spectral_radius.*'reservoir__spectral_radius'"),
        ("leak_rate", "for 'leak_rate' use 'reservoir__leak_rate'"),
        ("ridge", r"for 'ridge' \(ReservoirPy's name of alpha\) use 'readout__alpha'"),
    ],
)
def test_unknown_space_names_suggest_the_nested_parameter(data, name, expected):
    """Check that a bare or ReservoirPy name suggests the estimator's nested parameter."""
    search = HyperoptSearchCV(ESNRegressor(), {name: hp.uniform(name, 0.1, 1.0)}, max_evals=1)
    with pytest.raises(ValueError, match=expected):
        search.fit(*data)


def test_bare_reservoir_space_on_an_esn_suggests_the_prefix(data):
    """Check that reservoir_space(reservoir_prefix='') on an ESN names the prefixed names."""
    search = HyperoptSearchCV(ESNRegressor(), reservoir_space(reservoir_prefix=""), max_evals=1)
    with pytest.raises(ValueError, match="for 'spectral_radius' use 'reservoir__spectral_radius'"):
        search.fit(*data)


def test_reservoir_space_on_a_stack_names_the_layers_parameters(data):
    """Check that reservoir_space() on an ESN of a ReservoirStack (ReservoirPy's deep ESN)
    names each layer's parameter and the prefix of one layer (it listed six unrelated
    parameters); the prefix it names searches."""
    from skreservoir import Reservoir, ReservoirStack

    esn = ESNRegressor(ReservoirStack([Reservoir(10, random_state=0),
                                       Reservoir(10, random_state=1)]), washout=10)
    search = HyperoptSearchCV(esn, reservoir_space(), max_evals=1, cv=2)
    with pytest.raises(ValueError, match=r"for 'reservoir__leak_rate' use "
                                         r"'reservoir__reservoirs__0__leak_rate' or "
                                         r"'reservoir__reservoirs__1__leak_rate'.*"
                                         r"reservoir_prefix='reservoir__reservoirs__0__'"):
        search.fit(*data)
    layer = reservoir_space(reservoir_prefix="reservoir__reservoirs__0__")
    HyperoptSearchCV(esn, layer, max_evals=1, cv=2, random_state=0).fit(*data)


@pytest.mark.parametrize("distribution, spelling", [
    ("loguniform", r"hp\.loguniform\('readout__alpha', np\.log\(1e-09\), np\.log\(0\.01\)\)"),
    ("uniform", r"hp\.uniform\('readout__alpha', 0, 2\)"),
])
def test_scipy_distributions_in_the_space_are_refused_with_the_hyperopt_spelling(
        data, distribution, spelling):
    """RandomizedSearchCV's scipy.stats distributions (every trial failed, saying the
    parameter got an rv_frozen object) are refused at once, with the hyperopt expression
    that searches the same range."""
    import scipy.stats

    dist = (scipy.stats.loguniform(1e-9, 1e-2) if distribution == "loguniform"
            else scipy.stats.uniform(0, 2))
    X, y = data
    with pytest.raises(ValueError, match=r"scipy\.stats distributions.*" + spelling):
        HyperoptSearchCV(ESNRegressor(), {"readout__alpha": dist}, max_evals=2).fit(X, y)


def test_loguniform_with_the_values_as_bounds_warns(data):
    """hp.loguniform('a', 1e-9, 1e-2) searches exp(1e-9) to exp(1e-2), 1.0 to 1.01, a
    common slip: it warns with the np.log spelling; bounds that are logs do not."""
    import warnings

    from sklearn.linear_model import Ridge

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 2)), rng.normal(size=40)
    with pytest.warns(UserWarning, match=r"logs of the range searched.*1 to 1\.01.*"
                                         r"np\.log\(1e-09\), np\.log\(0\.01\)"):
        HyperoptSearchCV(Ridge(), {"alpha": hp.loguniform("a", 1e-9, 1e-2)}, max_evals=2,
                         cv=3, random_state=0).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        HyperoptSearchCV(Ridge(), {"alpha": hp.loguniform("a", np.log(10), np.log(1e3))},
                         max_evals=2, cv=3, random_state=0).fit(X, y)
    with pytest.warns(UserWarning, match=r"hp\.qloguniform with bounds.*"
                                         r"hp\.qloguniform\(label, np\.log\(1e-09\)"):
        HyperoptSearchCV(Ridge(), {"alpha": hp.qloguniform("q", 1e-9, 1e-2, 1e-9)},
                         max_evals=2, cv=3, random_state=0).fit(X, y)


@pytest.mark.parametrize("keywords, message", [
    ({"n_iter": 5}, r"^HyperoptSearchCV\(\) got unexpected keyword argument 'n_iter'; 'n_iter' "
                    r"is scikit-learn's RandomizedSearchCV name of 'max_evals' \(pass "
                    r"max_evals=5\); its parameters are estimator, space, max_evals"),
    ({"param_distributions": {}}, r"name of 'space' \(pass space=\{\}\)"),
    ({"n_iter": 5, "seed": 3}, r"'seed', ReservoirPy's name of its 'random_state'.*Also, "
                               r"'n_iter' is scikit-learn's RandomizedSearchCV name of "
                               r"'max_evals' \(pass max_evals=5\)"),
    ({"seed": 3}, r"'seed', ReservoirPy's name of its 'random_state': pass "
                  r"HyperoptSearchCV\(estimator=ESNRegressor\(\), space=\{\}, "
                  r"random_state=3\)"),
])
def test_other_tools_keywords_name_ours(keywords, message):
    """A search user's habits (n_iter, param_distributions, seed) get an error naming ours."""
    space = keywords.pop("param_distributions", None)
    args = (ESNRegressor(),) if space is not None else (ESNRegressor(), {})
    keywords = keywords if space is None else {"param_distributions": space}
    with pytest.raises(TypeError, match=message):
        HyperoptSearchCV(*args, **keywords)
    # the class keeps scikit-learn's parameter API
    search = HyperoptSearchCV(ESNRegressor(), {}, max_evals=3)
    assert search.set_params(max_evals=4).get_params()["max_evals"] == 4
