"""Bad-input battery: every bad input raises (or warns) naming it and the fix."""

import re
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.base import is_regressor

from skreservoir import (
    NVAR,
    ESNClassifier,
    ESNRegressor,
    ESNTransformer,
    ForceReadout,
    IPReservoir,
    LocalPlasticityReservoir,
    Reservoir,
    ReservoirStack,
    RidgeReadout,
    RidgeReadoutClassifier,
    datasets,
)
from skreservoir.exceptions import (
    ClosedLoopDivergenceWarning,
    DivergenceError,
    StateDivergenceWarning,
)

#: Why the forecasters' cases skip where sktime is absent.
SKTIME_EXTRA = 'sktime is an optional extra (pip install "skreservoir[sktime]")'
#: Why the DataFrame cases skip where pandas is absent.
PANDAS_ABSENT = ("pandas is not a core dependency (it comes with the sktime extra: "
                 'pip install "skreservoir[sktime]"); without it X is never a DataFrame')

# --- dataset generators -----------------------------------------------------

DATASET_CASES = [
    # (generator call, expected message): each names the parameter and what to do
    pytest.param(lambda: datasets.mackey_glass(50, x0=np.nan),
                 r"x0 must be a finite number, got nan", id="mackey_glass-x0-nan"),
    pytest.param(lambda: datasets.mackey_glass(50, a=np.inf),
                 r"a must be a finite number, got inf", id="mackey_glass-a-inf"),
    pytest.param(lambda: datasets.mackey_glass(50, tau=np.nan),
                 r"tau must be a finite number > 0", id="mackey_glass-tau-nan"),
    pytest.param(lambda: datasets.mackey_glass(50, history=np.full(17, np.nan)),
                 r"history must hold finite numbers", id="mackey_glass-history-nan"),
    pytest.param(lambda: datasets.mackey_glass(200, n=9.5, x0=-1.0),
                 r"mackey_glass series diverges .* n=9.5, x0=-1.0.*change these parameters",
                 id="mackey_glass-diverges"),
    pytest.param(lambda: datasets.henon_map(100, a=5),
                 r"Hénon orbit .* diverges .* a=5.0, b=0.3\. Change a or b",
                 id="henon-a-5"),
    pytest.param(lambda: datasets.henon_map(10, b=np.nan),
                 r"b must be a finite number, got nan", id="henon-b-nan"),
    pytest.param(lambda: datasets.henon_map(10, x0=(np.inf, 0.0)),
                 r"x0 must hold finite numbers", id="henon-x0-inf"),
    pytest.param(lambda: datasets.logistic_map(10, r=5),
                 r"r must be a number in \[0, 4\], got 5: outside it the map leaves",
                 id="logistic-r-5"),
    pytest.param(lambda: datasets.logistic_map(10, r=np.nan),
                 r"r must be a number in \[0, 4\], got nan", id="logistic-r-nan"),
    pytest.param(lambda: datasets.logistic_map(10, x0=np.nan),
                 r"x0 must be in the open interval \(0, 1\)", id="logistic-x0-nan"),
    pytest.param(lambda: datasets.narma(20, u=np.full(20, 5.0)),
                 r"u must lie in \[0, 0.5\].*Rescale it", id="narma-u-5"),
    pytest.param(lambda: datasets.narma(20, u=np.full(20, np.nan)),
                 r"u must hold finite numbers", id="narma-u-nan"),
    pytest.param(lambda: datasets.narma(200, a2=5.0),
                 r"narma series diverges .* a2=5.0.*change these parameters",
                 id="narma-a2-diverges"),
    pytest.param(lambda: datasets.narma(20, c=np.inf),
                 r"c must be a finite number, got inf", id="narma-c-inf"),
    pytest.param(lambda: datasets.lorenz(10, rho=np.inf),
                 r"rho must be a finite number, got inf", id="lorenz-rho-inf"),
    pytest.param(lambda: datasets.lorenz(10, x0=(np.nan, 1.0, 1.0)),
                 r"x0 must hold finite numbers", id="lorenz-x0-nan"),
    pytest.param(lambda: datasets.lorenz(10, h=np.inf),
                 r"h must be a finite number > 0, got inf", id="lorenz-h-inf"),
    pytest.param(lambda: datasets.lorenz(10, rtol=0.0),
                 r"rtol must be a finite number > 0", id="lorenz-rtol-0"),
    pytest.param(lambda: datasets.rossler(10, c=np.nan),
                 r"c must be a finite number, got nan", id="rossler-c-nan"),
    pytest.param(lambda: datasets.double_scroll(10, r1=0.0),
                 r"r1 must be a finite number > 0, got 0.0", id="double_scroll-r1-0"),
    pytest.param(lambda: datasets.multiscroll(10, a=np.nan),
                 r"a must be a finite number, got nan", id="multiscroll-a-nan"),
    pytest.param(lambda: datasets.to_forecasting(np.array([1.0, np.nan, 2.0, 3.0])),
                 r"series holds NaN or inf; fill or drop", id="to_forecasting-nan"),
    pytest.param(lambda: datasets.to_forecasting([np.ones((5, 1)), np.full((5, 1), np.inf)]),
                 r"series\[1\] holds NaN or inf", id="to_forecasting-panel-inf"),
    pytest.param(lambda: datasets.to_forecasting(np.array(["a", "b", "c"])),
                 r"series must hold numbers, got an array of dtype <U1",
                 id="to_forecasting-strings"),
    # second pass: scipy's "`method` must be one of {...classes...}" or "unhashable
    # type", numpy's "expected non-negative integer", and a normalize taken as truthy
    pytest.param(lambda: datasets.lorenz(10, method="rk4"),
                 r"method must be one of 'RK45', .*solve_ivp.*got 'rk4'", id="lorenz-method-str"),
    pytest.param(lambda: datasets.rossler(10, method=["RK45"]),
                 r"method must be one of .*got \['RK45'\]", id="rossler-method-list"),
    pytest.param(lambda: datasets.narma(20, random_state=-1),
                 r"random_state must be None, an int >= 0.*got -1", id="narma-random_state-neg"),
    pytest.param(lambda: datasets.mso(10, normalize="yes"),
                 r"normalize must be True or False, got 'yes'", id="mso-normalize-str"),
]


@pytest.mark.parametrize("call, message", DATASET_CASES)
def test_dataset_bad_parameters(call, message):
    """Check that a generator rejects a non-finite or out-of-domain parameter, naming it."""
    with pytest.raises(ValueError, match=message):
        call()


def test_ode_divergence_is_reported():
    """Check that an ODE integration that blows up raises naming the parameters, no NaN."""
    with pytest.raises(ValueError, match=r"rossler orbit diverges.* a=-1.0, b=-1.0, c=1.0.*"
                                          "use parameters for which the system has a "
                                          "bounded attractor"):
        datasets.rossler(200, a=-1.0, b=-1.0, c=1.0)


# --- metrics ----------------------------------------------------------------


@pytest.mark.parametrize("normalization, power", [("std", 0), ("range", 0), ("var", 1)])
@pytest.mark.parametrize("factor", [1e300, 1e-300])
def test_nrmse_extreme_magnitudes(normalization, power, factor):
    """Check that nrmse of huge or tiny values is finite and equals the unscaled one."""
    from numpy.testing import assert_allclose

    from skreservoir.metrics import nrmse

    rng = np.random.default_rng(0)
    y_true = rng.normal(size=(50, 2))
    y_pred = y_true + 0.1 * rng.normal(size=(50, 2))
    expected = nrmse(y_true, y_pred, normalization=normalization, multioutput="raw_values")
    with np.errstate(all="raise"):
        got = nrmse(y_true * factor, y_pred * factor, normalization=normalization,
                    multioutput="raw_values")
    # the variance normaliser carries one more power of the scale
    assert_allclose(got * factor**power, expected, rtol=1e-12)


@pytest.mark.parametrize("y_true, y_pred, message", [
    pytest.param([1.0, 2.0, np.inf], [1.0, 2.0, 3.0], r"y_true contains NaN or inf, in 1 row\(s\) \(the first at row 2\)",
                 id="y_true-inf"),
    pytest.param([1.0, 2.0, 3.0], [1.0, np.nan, 3.0], r"y_pred contains NaN or inf, in 1 row\(s\) \(the first at row 1\)",
                 id="y_pred-nan"),
    pytest.param(np.ones((3, 2)), np.ones((3, 3)),
                 r"y_true has 2 output\(s\) but y_pred has 3; pass predictions",
                 id="outputs-mismatch"),
])
def test_nrmse_bad_targets(y_true, y_pred, message):
    """Check that non-finite or mismatched targets raise naming y_true or y_pred."""
    from skreservoir.metrics import nrmse

    with pytest.raises(ValueError, match=message):
        nrmse(y_true, y_pred)


def test_memory_capacity_bad_alpha_and_diverging_reservoir():
    """Check memory_capacity's alpha check and its report of a diverging reservoir."""
    from sklearn.preprocessing import FunctionTransformer

    from skreservoir.metrics import memory_capacity

    with pytest.raises(ValueError, match="alpha must be a finite number >= 0, got nan"):
        memory_capacity(FunctionTransformer(), alpha=np.nan)
    exploding = FunctionTransformer(lambda u: np.full((u.shape[0], 3), np.inf))
    with pytest.raises(ValueError, match="NaN or inf states.*Lower its spectral_radius"):
        memory_capacity(exploding, random_state=0)


# --- HyperoptSearchCV -------------------------------------------------------


def _search_data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(30, 2)), rng.normal(size=30)


@pytest.mark.parametrize("kwargs, error, message", [
    pytest.param({"space": {}}, ValueError,
                 r"space must hold at least one entry \{parameter name: hyperopt "
                 r"expression\}, got an empty dict.*reservoir_space", id="space-empty"),
    pytest.param({"space": {"alhpa": 1.0}}, ValueError,
                 r"space names \['alhpa'\], which are not parameters of Ridge; for "
                 r"'alhpa' use 'alpha'; use names from estimator.get_params\(\)",
                 id="space-unknown-name"),
    pytest.param({"space": {"alpha": 1.0}, "max_evals": 0}, ValueError,
                 r"The 'max_evals' parameter of HyperoptSearchCV must be an int in the "
                 r"range \[1, inf\)", id="max_evals-0"),
    pytest.param({"space": {"alpha": 1.0}, "algo": "bayes"}, ValueError,
                 r"The 'algo' parameter of HyperoptSearchCV must be a str among",
                 id="algo-unknown"),
    pytest.param({"space": {"alpha": 1.0}, "scoring": "nrmse"}, ValueError,
                 r"scoring='nrmse': 'nrmse' is neither a scikit-learn scorer name.*"
                 r"nor skreservoir's \(neg_nrmse, neg_nrmse_range, neg_nrmse_var\).*"
                 r"Did you mean 'neg_nrmse'\?",
                 id="scoring-unknown"),
    pytest.param({"space": {"alpha": 1.0}, "scoring": {"a": "r2", "b": "nrsme"}}, ValueError,
                 r"'nrsme' is neither a scikit-learn scorer name", id="scoring-unknown-in-dict"),
    pytest.param({"space": {"fit_intercept": [True, False]}}, ValueError,
                 r"space entries \['fit_intercept'\] are lists of values \(GridSearchCV's "
                 r"param_grid\).*hyperopt.hp.choice\('fit_intercept', \[True, False\]\)",
                 id="space-grid-list"),
    pytest.param({"space": {"alpha": [0.1, 1.0]}}, ValueError,
                 r"No trial gave scores.*space entries \['alpha'\] are lists, passed whole to "
                 r"every trial.*hp.choice", id="space-list-every-trial-failed"),
])
def test_hyperopt_search_bad_parameters(kwargs, error, message):
    """Check that bad HyperoptSearchCV parameters raise naming the parameter and the fix."""
    from sklearn.linear_model import Ridge

    from skreservoir.model_selection import HyperoptSearchCV

    X, y = _search_data()
    with pytest.raises(error, match=message):
        HyperoptSearchCV(Ridge(), cv=3, **kwargs).fit(X, y)


def test_hyperopt_search_fit_keeps_verbose():
    """Check that fit never changes the verbose parameter (it used to lower it)."""
    from sklearn.linear_model import Ridge

    from skreservoir.model_selection import HyperoptSearchCV

    X, y = _search_data()
    search = HyperoptSearchCV(Ridge(), {"alpha": 1.0}, max_evals=1, cv=3, verbose=2)
    params = search.get_params(deep=False)
    seen = []

    class Spy(Ridge):
        def fit(self, X, y, sample_weight=None):
            seen.append(search.verbose)
            return super().fit(X, y, sample_weight)

    search.set_params(estimator=Spy())
    search.fit(X, y)
    assert seen and set(seen) == {2}
    assert search.verbose == 2
    assert search.get_params(deep=False).keys() == params.keys()
    assert hasattr(search, "best_estimator_") and hasattr(search, "trials_")


# --- ESNTimeSeriesClassifier ------------------------------------------------


@pytest.fixture(scope="module")
def fitted_panel_classifier():
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir import Reservoir
    from skreservoir.classification import ESNTimeSeriesClassifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(10, 3, 20))  # sktime numpy3D: (instances, channels, time)
    y = np.array([0, 1] * 5)
    clf = ESNTimeSeriesClassifier(Reservoir(n_units=10, random_state=0), n_components=3)
    return clf.fit(X, y), X, y


@pytest.mark.parametrize("n_components", [0, -1, 2.5, True])
def test_panel_classifier_bad_n_components(fitted_panel_classifier, n_components):
    """Check that n_components < 1 or not an int is rejected, not clamped to 1."""
    clf, X, y = fitted_panel_classifier
    from sklearn.base import clone

    with pytest.raises(ValueError, match=r"n_components must be an int >= 1 .* or None"):
        clone(clf).set_params(n_components=n_components).fit(X, y)


def test_panel_classifier_channel_mismatch(fitted_panel_classifier):
    """Check that predict on another number of channels says fitted on k, got m."""
    clf, X, _ = fitted_panel_classifier
    with pytest.raises(ValueError, match=r"fitted on 3 channel\(s\), but X has 2"):
        clf.predict(X[:, :2])


# --- series and panel validation ----------------------------------------------


def _esn():
    from skreservoir import ESNRegressor, Reservoir, RidgeReadout

    return ESNRegressor(Reservoir(n_units=10, random_state=0), RidgeReadout(), washout=2)


_rng = np.random.default_rng(0)
_X, _y = _rng.normal(size=(30, 2)), _rng.normal(size=30)


@pytest.mark.parametrize("X, y, error, message", [
    pytest.param([_X, None], [_y, _y], ValueError,
                 r"X\[1\] is None, but a panel given as a list needs one 2D array "
                 r"\(n_timesteps, n_features\) per series", id="None-in-list"),
    pytest.param([_X, _X[:, 0]], [_y, _y], ValueError,
                 r"X\[1\] is a 1D array, but a panel given as a list needs one 2D array",
                 id="1D-in-list"),
    pytest.param(np.array([_X, _X[:20, 0]], dtype=object), [_y, _y[:20]], ValueError,
                 r"X\[1\] is a 1D array, but a panel given as a list", id="ragged-object-array"),
    pytest.param(_X, __import__("scipy.sparse").sparse.csr_matrix(_y.reshape(-1, 1)),
                 TypeError, r"Sparse targets are not supported by ESNRegressor; pass y as a "
                 r"dense array, for example y.toarray\(\)", id="sparse-y"),
    pytest.param(_X, np.r_[_y[:-1], np.inf], ValueError, r"Input y contains infinity",
                 id="inf-y"),
    pytest.param(_X, np.array(["a"] * 30), ValueError,
                 r"y must hold numbers for ESNRegressor, which is a regressor, got values "
                 r"of dtype <U1; convert y to floats, or use a classifier", id="string-y"),
    pytest.param([_X, _X], [np.array(["a"] * 30)] * 2, ValueError,
                 r"y must hold numbers for ESNRegressor", id="string-y-panel"),
    pytest.param([_X, _X], [1.0, 2.0], ValueError,
                 r"y\[0\] is a scalar, but a panel with y given as a list needs one target "
                 r"series \(one row per time step\) per input series", id="scalar-per-series"),
])
def test_series_validation_messages(X, y, error, message):
    """Check that bad series, panels and targets raise naming the input, series and fix."""
    with pytest.raises(error, match=message):
        _esn().fit(X, y)


def test_ragged_object_array_is_a_panel():
    """Check that an object array of 2D series of different lengths is taken as a panel."""
    panel = np.array([_X, _X[:20]], dtype=object)
    predictions = _esn().fit(panel, np.array([_y, _y[:20]], dtype=object)).predict(panel)
    assert [p.shape for p in predictions] == [(30,), (20,)]


def test_object_array_of_univariate_series_is_the_panel_its_list_is():
    from skreservoir import ESNClassifier

    rng = np.random.default_rng(0)
    series = [rng.normal(size=8 + i % 3) for i in range(12)]
    panel = np.empty(len(series), dtype=object)
    panel[:] = series
    labels = np.arange(12) % 2
    from_list = ESNClassifier(random_state=0).fit(series, labels)
    from_array = ESNClassifier(random_state=0).fit(panel, labels)
    assert from_array.mode_ == from_list.mode_ == "sequence"
    assert_allclose(from_array.predict_proba(panel), from_list.predict_proba(series))


def test_object_array_panel_in_the_classifier_and_the_transformer():
    """An object array of 2D series (PyRCN's sequences) is the panel its list is:
    labels per series or per step in ESNClassifier, and ESNTransformer's input."""
    from skreservoir import ESNClassifier, ESNTransformer

    rng = np.random.default_rng(0)
    series = [rng.normal(size=(8 + i % 3, 2)) for i in range(12)]
    panel = np.empty(len(series), dtype=object)
    panel[:] = series
    labels = np.arange(12) % 2
    per_step = np.empty(len(series), dtype=object)
    per_step[:] = [np.full(len(s), c) for s, c in zip(series, labels)]
    for y, mode in ((labels, "sequence"), (per_step, "frame")):
        from_list = ESNClassifier(random_state=0).fit(series, list(y))
        from_array = ESNClassifier(random_state=0).fit(panel, y)
        assert from_array.mode_ == from_list.mode_ == mode
        assert_allclose(np.concatenate(from_array.predict_proba(panel)).ravel(),
                        np.concatenate(from_list.predict_proba(series)).ravel())
        assert from_array.score(panel, y) == from_list.score(series, list(y))
    transformer = ESNTransformer(random_state=0)
    assert_allclose(transformer.fit_transform(panel), transformer.fit_transform(series))


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_config_backend_cupy_without_cupy(n_jobs):
    """Check that config_context(backend='cupy') without cupy raises ImportError in workers too."""
    try:
        import cupy  # noqa: F401
    except ImportError:
        pass
    else:  # pragma: no cover - a machine with cupy
        pytest.skip("cupy is installed")
    from sklearn.model_selection import cross_val_score

    from skreservoir import config_context

    with config_context(backend="cupy"):
        with pytest.raises(ImportError, match="cupy"):
            cross_val_score(_esn(), _X, _y, cv=2, n_jobs=n_jobs, error_score="raise")


# --- reservoirs, readouts and ESN composites ----------------------------------

SERIES = np.sin(np.linspace(0, 20, 300))[:, None]
N = 20


def _matrix_cases():
    cases = []
    for name, shape in [("W", (N, N)), ("W_in", (N, 1)), ("bias", (N,)),
                        ("initial_state", (N,))]:
        for bad, what in [(np.nan, "NaN or inf"), (np.inf, "NaN or inf")]:
            value = np.full(shape, 0.01)
            value.flat[0] = bad
            cases.append(pytest.param(name, value, f"{name} contains {what}",
                                      id=f"{name}-{bad}"))
        cases.append(pytest.param(name, np.full(shape, 0.01 + 0.5j),
                                  f"{name} has complex values.*{name}.real",
                                  id=f"{name}-complex"))
    return cases


@pytest.mark.parametrize("name, value, message", _matrix_cases())
def test_reservoir_rejects_bad_given_matrices(name, value, message):
    """A NaN, inf or complex user matrix is named, not reported as a divergence."""
    with pytest.raises(ValueError, match=message):
        Reservoir(n_units=N, **{name: value}).fit(SERIES)


def test_nan_states_of_a_bounded_activation_name_the_input():
    """Check that NaN states of tanh, which bounds them, name the input as the cause (and
    scikit-learn's assume_finite, which skipped the check of X), not the spectral radius."""
    import sklearn

    X = np.tile(SERIES, (2, 1))
    X[10] = np.nan
    with sklearn.config_context(assume_finite=True):
        with pytest.raises(DivergenceError, match=r"became NaN with activation='tanh'.*"
                                                  r"input held NaN.*assume_finite=True"):
            ESNRegressor(Reservoir(N, random_state=0), washout=5).fit(X, X[:, 0])


def test_runaway_states_raise_on_magnitude():
    """States that stay finite but run away (relu, sr 50) raise DivergenceError."""
    reservoir = Reservoir(N, activation="relu", spectral_radius=50.0, density=1.0,
                          random_state=0).fit(SERIES)
    with pytest.raises(DivergenceError, match="diverged to .*Lower spectral_radius"):
        reservoir.transform(np.abs(np.tile(SERIES, (2, 1))) + 1.0)


def test_large_unbounded_states_warn():
    """Unbounded states above 1e10 warn with a class of our own naming the fix."""
    reservoir = Reservoir(N, activation="identity", spectral_radius=0.5, random_state=0,
                          input_scaling=1e12).fit(SERIES)
    with pytest.warns(StateDivergenceWarning, match="Lower spectral_radius or input_scaling"):
        reservoir.transform(SERIES)


def _unstable_esn():
    X = SERIES[:-1]
    return ESNRegressor(Reservoir(N, activation="identity", spectral_radius=3.0,
                                  random_state=0), washout=5).fit(X, SERIES[1:] * 1e3)


def test_generate_stops_at_the_first_runaway_output():
    """A closed loop that runs away stops with DivergenceError naming the step."""
    esn = ESNRegressor(Reservoir(N, activation="relu", spectral_radius=1.5, random_state=0),
                       readout=RidgeReadout(1e-9), washout=5).fit(SERIES[:-1], SERIES[1:])
    with pytest.raises(DivergenceError, match="closed loop diverged at step"):
        esn.generate(20_000)


def test_generate_warns_when_leaving_the_training_range():
    """Outputs far outside the training targets' range warn (ClosedLoopDivergenceWarning)."""
    # y = 2 u exactly: fed back, every output doubles the last
    esn = ESNRegressor(Reservoir(N, random_state=0), include_input=True,
                       readout=RidgeReadout(1e-12)).fit(SERIES, 2 * SERIES)
    with pytest.warns(ClosedLoopDivergenceWarning, match="alpha.*spectral_radius"):
        outputs = esn.generate(60)
    assert np.all(np.isfinite(outputs))


def test_generate_refuses_an_impossible_length_at_once():
    """generate(10**12) fails at once with a MemoryError naming n_steps."""
    esn = ESNRegressor(Reservoir(N, random_state=0)).fit(SERIES[:-1], SERIES[1:])
    with pytest.raises(MemoryError, match="n_steps=1000000000000"):
        esn.generate(10**12)


def test_nvar_overflow_is_an_error():
    """NVAR features of huge inputs overflow: an error, not inf values with a warning."""
    nvar = NVAR().fit(SERIES)
    with pytest.raises(ValueError, match="NVAR features overflowed.*Scale the inputs"):
        nvar.transform(SERIES * 1e200)


def test_nvar_overflow_in_an_esn_is_named():
    """Check that NVAR features that overflow inside an ESN say so (a DivergenceError),
    not scikit-learn's "Input X contains infinity" about the readout's input."""
    with pytest.raises(DivergenceError, match="NVAR features overflowed.*Scale the inputs"):
        ESNRegressor(NVAR()).fit(SERIES * 1e200, SERIES[:, 0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_nvar_overflow_names_the_dtype(dtype):
    """Check that NVAR's overflow names the dtype whose range the features left: float32
    inputs of 1e25 overflow in float32, whose squares float64 would hold."""
    X = (SERIES * (1e25 if dtype == np.float32 else 1e200)).astype(dtype)
    with pytest.raises(DivergenceError, match=f"exceed {np.dtype(dtype).name}\\."):
        ESNRegressor(NVAR()).fit(X, X[:, 0])


@pytest.mark.parametrize("reservoir, named", [
    (Reservoir(N, random_state=0), True),
    (NVAR(), False),
    (ReservoirStack([Reservoir(N, random_state=0), Reservoir(N, random_state=1)]), True),
], ids=["Reservoir", "NVAR", "stack"])
def test_diverged_loop_remedy_names_what_the_reservoir_has(reservoir, named):
    """Check that the remedies of a diverged loop (a fed-back X in predict; generate) name
    spectral_radius and input_scaling only for a reservoir that has them: NVAR has neither,
    and NVAR's name the sampling step instead."""
    esn = ESNRegressor(reservoir, RidgeReadout(1e-6)).fit(SERIES[:-1], SERIES[1:])
    X = SERIES.copy()
    X[7, 0] = np.inf
    with pytest.raises(ValueError, match="raise the readout's alpha") as predicted:
        esn.predict(X)
    esn.readout_.coef_ = esn.readout_.coef_ * 1e120  # past 1e100 at the first step
    with pytest.raises(DivergenceError, match="raise the readout's alpha") as generated:
        esn.generate(5)
    for error in (predicted, generated):
        assert ("lower the reservoir's spectral_radius" in str(error.value)) is named
        assert ("sample more finely" in str(error.value)) is isinstance(reservoir, NVAR)


@pytest.mark.parametrize("method", ["predict", "score"])
@pytest.mark.parametrize("case", ["inf", "NaN after overflow", "lone NaN"])
@pytest.mark.parametrize("panel", [False, True], ids=["series", "panel"])
def test_non_finite_X_in_predict_names_a_diverged_loop_or_a_missing_input(method, case,
                                                                            panel):
    """Check that inf or NaN in X of predict and score keeps scikit-learn's message (its
    checks match it) and says what it means: where X holds an inf or overflowed values
    (what a hand-written closed loop leaves when it diverges), a diverged loop; a NaN
    among ordinary values, a missing input, with where it is and how to fill it (and not
    the diverged loop)."""
    esn = ESNRegressor(Reservoir(N, random_state=0)).fit(SERIES, SERIES[:, 0])
    X = SERIES.copy()
    if case == "inf":
        X[7, 0] = np.inf
    elif case == "NaN after overflow":
        X[5:, 0], X[7, 0] = 1e300, np.nan
    else:
        X[7, 0] = np.nan
    X = X[None] if panel else X
    args = (X,) if method == "predict" else (X, SERIES[None, :, 0] if panel else SERIES[:, 0])
    said = "infinity" if case == "inf" else "NaN"
    with pytest.raises(ValueError, match=f"(?s)^Input X contains {said}") as error:
        getattr(esn, method)(*args)
    diverged = re.search("(?s)If X was fed back from this model's predictions.*diverged"
                         ".*alpha.*generate", str(error.value))
    assert bool(diverged) is (case != "lone NaN")
    if case == "lone NaN":
        where = "series 0, time step 7" if panel else "time step 7"
        assert f"The first NaN is at {where}." in str(error.value)
        assert "interpolate" in str(error.value)


@pytest.mark.parametrize("as_list", [False, True], ids=["frame", "list of frames"])
def test_missing_value_of_a_pandas_nullable_column_gets_the_recurrent_hint(as_list):
    """A pandas nullable column (Int64, Float64) with pd.NA raised scikit-learn's advice
    (another estimator, dropping rows): it gets where the NaN is and how to fill it
    along time, as a float NaN does."""
    import pandas as pd

    frame = pd.DataFrame({"a": pd.array([1, 2, None, 4] * 10, dtype="Int64"),
                          "b": pd.array(np.arange(40.0), dtype="Float64")})
    X = [frame, frame] if as_list else frame
    y = [np.arange(40.0)] * 2 if as_list else np.arange(40.0)
    with pytest.raises(ValueError, match="Input X contains NaN") as error:
        ESNRegressor(Reservoir(N, random_state=0)).fit(X, y)
    where = "series 0, time step 2" if as_list else "time step 2"
    assert f"The first NaN is at {where}." in str(error.value)
    assert "interpolate" in str(error.value) and "HistGradientBoosting" not in str(error.value)


def test_rows_out_of_time_order_warn():
    """A DataFrame whose time index is shuffled or reversed (a shuffled KFold, a
    merge) is read as consecutive time steps: DataLayoutWarning naming sort_index and
    TimeSeriesSplit. Not for rows in order, nor for a RangeIndex."""
    import pandas as pd

    from skreservoir.exceptions import DataLayoutWarning

    index = pd.date_range("2020-01-01", periods=60, freq="D")
    X = pd.DataFrame({"u": np.sin(np.arange(60) / 5.0)}, index=index)
    y = np.cos(np.arange(60) / 5.0)
    order = np.random.default_rng(0).permutation(60)
    for rows in (order, np.arange(60)[::-1]):
        with pytest.warns(DataLayoutWarning, match=r"not in increasing order.*sort_index"
                                                   r".*TimeSeriesSplit"):
            ESNRegressor(Reservoir(N, random_state=0)).fit(X.iloc[rows], y[rows])
    with pytest.warns(DataLayoutWarning, match="not in increasing order"):
        ESNRegressor(Reservoir(N, random_state=0)).fit([X, X.iloc[::-1]], [y, y[::-1]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        ESNRegressor(Reservoir(N, random_state=0)).fit(X, y)
        with_nat = X.copy()
        with_nat.index = with_nat.index.where(np.arange(60) != 30)  # one NaT, in order
        ESNRegressor(Reservoir(N, random_state=0)).fit(with_nat, y)
        ESNRegressor(Reservoir(N, random_state=0)).fit(X.reset_index(drop=True), y)
        # the increasing rows of a fold (gaps, no step back) are no question of order
        kept = np.r_[0:20, 40:60]
        ESNRegressor(Reservoir(N, random_state=0)).fit(X.reset_index(drop=True).iloc[kept],
                                                       y[kept])
        # an integer index is no time: rows sorted by a column, or frames concatenated,
        # keep their old labels in time order (a review)
        ESNRegressor(Reservoir(N, random_state=0)).fit(X.reset_index(drop=True).iloc[order],
                                                       y[order])
        ESNRegressor(Reservoir(N, random_state=0)).fit(
            pd.concat([X.reset_index(drop=True)] * 2), np.r_[y, y])
    # a table of series in long format (every date twice) warns (a battery: silent)
    long = pd.concat([X, X]).sort_index()
    with pytest.warns(DataLayoutWarning, match=r"repeats time points \(the first: "
                                               r"2020-01-01.*long format"):
        ESNRegressor(Reservoir(N, random_state=0)).fit(long, np.repeat(y, 2))
    # the hour repeated when clocks go back, in local time without its zone: said so
    local = pd.date_range("2024-10-20", "2024-11-10", freq="h",
                          tz="America/New_York").tz_localize(None)
    hourly = pd.DataFrame({"a": np.sin(np.arange(len(local)) / 4.0)}, index=local)
    with pytest.warns(DataLayoutWarning, match=r"2024-11-03 01:00:00\): several series.*"
                                               r"If X's index is local time without its time "
                                               r"zone: these repeated time points are where "
                                               r"clocks change.*America/New_York"):
        ESNRegressor(Reservoir(N, random_state=0)).fit(hourly, hourly["a"].to_numpy())


def test_fed_back_hint_states_when_generate_warns():
    """Check that the fed-back hint states generate's warning rule: outputs further than
    the training targets' range outside it (not as soon as they leave the range, where a
    generate that stays within one range's width of it is silent)."""
    esn = ESNRegressor(Reservoir(N, random_state=0)).fit(SERIES, SERIES[:, 0])
    X = SERIES.copy()
    X[7, 0] = np.inf
    with pytest.raises(ValueError, match=r"warns \(ClosedLoopDivergenceWarning\) when "
                       "outputs lie further than the training targets' range outside "
                       r"that range\.$"):
        esn.predict(X)


def test_hand_written_closed_loop_divergence_is_explained():
    """Check that the NG-RC loop u = u + predict(window) of ReservoirPy's tutorial, run by
    hand on a model that diverges (trained from the Lorenz attractor's transient), ends in
    an error naming the diverged loop and its remedies, not a bare "Input X contains
    infinity"."""
    data = datasets.lorenz(400, h=0.025)
    esn = ESNRegressor(NVAR(delay=2, order=2), RidgeReadout(2.5e-6, fit_intercept=False))
    esn.fit(data[:-1], np.diff(data, axis=0))
    window = data[-3:]
    with pytest.raises(DivergenceError, match="closed loop written by hand.*diverged"
                       ".*raise the readout's alpha.*generate"):
        for _ in range(200):
            window = np.vstack([window[1:], window[-1] + esn.predict(window)[-1]])


@pytest.mark.parametrize("change, message", [
    ({"reservoir": Reservoir(30, random_state=1)}, "reservoir was changed by set_params"),
    ({"readout": RidgeReadout(1e-3)}, "readout was changed by set_params"),
    ({"feedback": True}, "feedback was changed by set_params"),
])
def test_esn_stream_refuses_changed_parts(change, message):
    """partial_fit after set_params of a part the stream is built on raises."""
    esn = ESNRegressor(Reservoir(N, random_state=0)).partial_fit(SERIES[:100], SERIES[1:101])
    esn.set_params(**change)
    with pytest.raises(ValueError, match=message + ".*Call fit"):
        esn.partial_fit(SERIES[100:200], SERIES[101:201])


@pytest.mark.parametrize("change", [{"reservoir__spectral_radius": 0.5},
                                    {"reservoir__n_units": N + 10},
                                    {"readout__alpha": 1e-3}])
@pytest.mark.parametrize("one_row", [False, True])
def test_esn_stream_refuses_changed_nested_parameters(change, one_row):
    """partial_fit after set_params of the given reservoir's or readout's own parameter
    (changed in place, the object the same) raises naming it, on the general path and
    on a one-row stream's plan; after fit as after a first partial_fit."""
    readout = ForceReadout(1e-2) if one_row else RidgeReadout(1e-6)
    esn = ESNRegressor(Reservoir(N, random_state=0), readout, washout=0)
    if one_row:
        for t in range(5):
            esn.partial_fit(SERIES[t:t + 1], SERIES[t + 1:t + 2])
        assert esn.__dict__.get("_row_plan") is not None
        X, y = SERIES[5:6], SERIES[6:7]
    else:
        esn.fit(SERIES[:100], SERIES[1:101])
        X, y = SERIES[100:200], SERIES[101:201]
    esn.set_params(**change)
    with pytest.raises(ValueError, match=f"{next(iter(change))} was changed by set_params.*"
                                         "Call fit"):
        esn.partial_fit(X, y)


@pytest.mark.parametrize("change, method", [
    ({"feedback": True}, "predict"), ({"include_input": True}, "predict"),
    ({"include_input": True}, "score")])
def test_esn_predict_refuses_changed_structure(change, method):
    """predict after set_params of a parameter the fitted model's features were built
    with (feedback, include_input) raises naming it and the fix, not an AttributeError
    or a count of features the user never gave."""
    esn = ESNRegressor(Reservoir(N, random_state=0), washout=0).fit(SERIES[:200], SERIES[1:201])
    esn.set_params(**change)
    name, value = next(iter(change.items()))
    with pytest.raises(ValueError, match=f"{name} was changed by set_params after fit "
                                         f"\\(from {not value} to {value}\\).*set_params"):
        getattr(esn, method)(*((SERIES[:50],) if method == "predict"
                               else (SERIES[:50], SERIES[1:51])))
    esn.set_params(**{name: not value})  # put back: as fitted
    getattr(esn, "predict")(SERIES[:50])


def test_sequence_classifier_refuses_a_changed_decision():
    """ESNClassifier fitted on one label per series with decision="mean" refuses to
    predict with another decision (its readout was trained on mean states); on labels
    per step (where decision plays no part) the change is accepted."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 15, 2))
    y = (X[:, :, 0].mean(axis=1) > 0).astype(int)
    classifier = ESNClassifier(Reservoir(N, random_state=0), washout=0).fit(X, y)
    classifier.set_params(decision="last")
    for method in ("predict", "predict_proba", "decision_function"):
        with pytest.raises(ValueError, match="decision was changed by set_params after fit"):
            getattr(classifier, method)(X)
    frame = ESNClassifier(Reservoir(N, random_state=0), washout=0).fit(
        X[0], (X[0, :, 0] > 0).astype(int))
    frame.set_params(decision="last").predict(X[0])


def test_ridge_stream_refuses_changed_fit_intercept():
    """RidgeReadout.partial_fit after set_params(fit_intercept=False) raises."""
    X = np.random.default_rng(0).normal(size=(50, 3))
    readout = RidgeReadout().partial_fit(X, X[:, 0])
    with pytest.raises(ValueError, match="fit_intercept=False differs.*call fit"):
        readout.set_params(fit_intercept=False).partial_fit(X, X[:, 0])


def test_partial_fit_revalidates_parameters():
    """set_params(alpha=-5) between partial_fit calls is rejected on the next call."""
    X = np.random.default_rng(0).normal(size=(50, 3))
    readout = RidgeReadout().partial_fit(X, X[:, 0])
    with pytest.raises(ValueError, match="alpha"):
        readout.set_params(alpha=-5).partial_fit(X, X[:, 0])
    esn = ESNRegressor(Reservoir(N, random_state=0)).partial_fit(SERIES[:50], SERIES[1:51])
    with pytest.raises(ValueError, match="washout"):
        esn.set_params(washout=-1).partial_fit(SERIES[50:100], SERIES[51:101])


def test_feedback_weights_follow_a_seeded_reservoir():
    """W_fb_ is reproducible when only the reservoir is seeded."""
    fits = [ESNRegressor(Reservoir(N, random_state=3), feedback=True).fit(SERIES[:-1],
                                                                         SERIES[1:])
            for _ in range(2)]
    np.testing.assert_array_equal(fits[0].W_fb_, fits[1].W_fb_)


def test_readout_overflow_is_named():
    """Features whose squares overflow: an error naming the cause, not scipy's."""
    X = np.full((20, 3), 1e200) * np.arange(1, 4)
    with pytest.raises(ValueError, match="normal equations overflowed.*Scale them"):
        RidgeReadout().fit(X, np.ones(20))


@pytest.mark.parametrize("y", [np.array(["a", "b"] * 25), np.array([None] * 50)])
@pytest.mark.parametrize("readout", [ForceReadout(), RidgeReadout()],
                         ids=["force", "ridge"])
def test_online_readouts_reject_non_numeric_targets(readout, y):
    """String targets to a regression readout: an error naming y."""
    X = np.random.default_rng(0).normal(size=(50, 3))
    with pytest.raises(ValueError, match="y"):
        readout.fit(X, y)


def test_ip_reservoir_tiny_sigma():
    """IPReservoir(sigma=1e-300): the target variance underflows; named, no ZeroDivision."""
    with pytest.raises(ValueError, match="sigma=1e-300"):
        IPReservoir(N, sigma=1e-300, random_state=0).fit(SERIES)


def test_ip_reservoir_huge_settings_are_named():
    """Check IPReservoir with settings near float's range (a battery: Python's
    OverflowError from the check of sigma itself, numpy's LinAlgError for a huge
    spectral_radius, "lower learning_rate" for a huge bias_scaling): each named."""
    with pytest.raises(ValueError, match=r"sigma=1e\+300 is outside the range"):
        IPReservoir(N, sigma=1e300, random_state=0).fit(SERIES)
    with pytest.raises(ValueError, match=r"overflowed: bring spectral_radius=1e\+200 to unit"):
        IPReservoir(N, spectral_radius=1e200, random_state=0).fit(SERIES)
    with pytest.raises(ValueError, match=r"diverged.*bring bias_scaling=1e\+300 to unit"):
        IPReservoir(N, bias_scaling=1e300, random_state=0).fit(SERIES)


@pytest.mark.parametrize("make, name, ours", [
    (lambda: Reservoir(units=100), "units", "n_units"),
    (lambda: Reservoir(sr=1.2), "sr", "spectral_radius"),
    (lambda: Reservoir(lr=0.3), "lr", "leak_rate"),
    (lambda: RidgeReadout(ridge=1e-6), "ridge", "alpha"),
    (lambda: ESNRegressor(warmup=100), "warmup", "washout"),
    (lambda: ForceReadout(forgetting=0.99), "forgetting", "forgetting_factor"),
    (lambda: IPReservoir(units=10), "units", "n_units"),
    (lambda: Reservoir(Win=np.ones((10, 1))), "Win", "W_in"),
    (lambda: NVAR(delay=2, order=2, strides=1), "strides", "stride"),
    (lambda: ESNTransformer(warmup=2), "warmup", "washout"),
])
def test_reservoirpy_names_are_translated(make, name, ours):
    """A ReservoirPy keyword raises a TypeError that names ours."""
    with pytest.raises(TypeError, match=f"'{name}', ReservoirPy's name.*'{ours}'"):
        make()


def _suggested_call(message):
    """The call a ReservoirPy-names message tells to make, built."""
    import re

    import skreservoir
    from skreservoir import forecasting

    call = re.search(r": pass (.*) \(the user guide's page", message).group(1)
    return eval(call, {**vars(skreservoir), **vars(forecasting)})  # noqa: S307


@pytest.mark.parametrize("make, expected", [
    # ReservoirPy's ESN(units=..., sr=..., ridge=...): the parts' parameters
    (lambda: ESNRegressor(units=100, sr=0.9, ridge=1e-6),
     "ESNRegressor(reservoir=Reservoir(n_units=100, spectral_radius=0.9), "
     "readout=RidgeReadout(alpha=1e-06))"),
    (lambda: ESNRegressor(n_units=100), "ESNRegressor(reservoir=Reservoir(n_units=100))"),
    # the reservoir given keeps its settings
    (lambda: ESNRegressor(Reservoir(200, leak_rate=0.3), sr=0.9),
     "ESNRegressor(reservoir=Reservoir(leak_rate=0.3, n_units=200, spectral_radius=0.9))"),
    (lambda: ESNRegressor(input_to_readout=True), "ESNRegressor(include_input=True)"),
    (lambda: ESNClassifier(sr=0.9, lr=0.3),
     "ESNClassifier(reservoir=Reservoir(spectral_radius=0.9, leak_rate=0.3))"),
    (lambda: ESNClassifier(ridge=1e-6),
     "ESNClassifier(readout=RidgeReadoutClassifier(alpha=1e-06))"),
    (lambda: ESNClassifier(feedback=True), "ESNRegressor(feedback=True)"),
    (lambda: Reservoir(units=100, sr=1.25, lr=0.3),
     "Reservoir(n_units=100, spectral_radius=1.25, leak_rate=0.3)"),
    (lambda: Reservoir(ridge=1e-6), "RidgeReadout(alpha=1e-06)"),
    (lambda: ESNTransformer(sr=0.9), "ESNTransformer(reservoir=Reservoir(spectral_radius=0.9))"),
    # ReservoirPy 0.3's density of Wfb (it named the reservoir's recurrent density)
    (lambda: ESNRegressor(feedback=True, fb_connectivity=0.2),
     "ESNRegressor(feedback=True, feedback_density=0.2)"),
    # the arguments given under our names stay in the call (copying it lost them)
    (lambda: ESNRegressor(units=500, lr=0.3, ridge=1e-6, feedback=True),
     "ESNRegressor(feedback=True, reservoir=Reservoir(n_units=500, leak_rate=0.3), "
     "readout=RidgeReadout(alpha=1e-06))"),
    (lambda: Reservoir(500, lr=0.3), "Reservoir(n_units=500, leak_rate=0.3)"),
    (lambda: Reservoir(fb_connectivity=0.2), "ESNRegressor(feedback_density=0.2)"),
    # ReservoirPy 0.3's Wfb is W_fb (it got Python's 'unexpected keyword argument')
    (lambda: Reservoir(Wfb=[[0.5]]), "ESNRegressor(W_fb=[[0.5]])"),
])
def test_reservoirpy_keywords_name_the_right_call(make, expected):
    """Check that a ReservoirPy keyword names the call that takes it, and that call builds."""
    with pytest.raises(TypeError) as error:
        make()
    message = str(error.value)
    assert f"pass {expected} (the user guide" in message
    _suggested_call(message)


@pytest.mark.parametrize("make, expected", [
    (lambda: RidgeReadout(output_dim=3), r"'output_dim', ReservoirPy's keyword with no "
                                         r"counterpart here.*: leave out 'output_dim' \("),
    (lambda: Reservoir(100, name="res", input_dim=2),
     r"'name', ReservoirPy's keyword.*'input_dim', ReservoirPy's keyword.*n_features_in_"
     r".*: pass Reservoir\(n_units=100\) and leave out 'name', 'input_dim' \("),
    (lambda: Reservoir(100, name="res", sr=0.9),
     r": pass Reservoir\(n_units=100, spectral_radius=0.9\) and leave out 'name' \("),
])
def test_reservoirpy_keywords_without_counterpart_say_to_leave_them_out(make, expected):
    """Check that ReservoirPy's name, input_dim and output_dim say why they have no place here
    (Python's own TypeError named neither ReservoirPy nor the fix)."""
    with pytest.raises(TypeError, match=expected):
        make()


def test_input_without_columns_names_the_no_input_model():
    """Check that X without columns given to an ESN (ReservoirPy's input-less run(iters=n))
    keeps scikit-learn's message and says how a model without input is written, and that
    the model so written generates its pattern."""
    from skreservoir.metrics import nrmse

    pattern = np.sin(2 * np.pi * np.arange(1300) / 25)[:, None]
    zeros = np.zeros((1300, 1))
    esn = ESNRegressor(Reservoir(100, random_state=0), RidgeReadout(alpha=1e-6),
                       feedback=True, washout=100)
    with pytest.raises(ValueError, match=r"0 feature\(s\) \(shape=\(1000, 0\)\).*run\(iters=n\)"
                                         r".*np.zeros\(\(n_timesteps, 1\)\) with feedback=True"):
        esn.fit(np.zeros((1000, 0)), pattern[:1000])
    esn.fit(zeros[:1000], pattern[:1000])
    assert nrmse(pattern[1000:], esn.generate(300, inputs=zeros[1000:])) < 0.1


@pytest.mark.parametrize("make, message", [
    (lambda: ESNRegressor(hidden_layer_size=100, leakage=0.3),
     r"'hidden_layer_size', PyRCN's name of the reservoir's 'n_units'; 'leakage', PyRCN's "
     r"name of the reservoir's 'leak_rate': pass ESNRegressor\(reservoir=Reservoir\("
     r"n_units=100, leak_rate=0.3\)\).*and PyRCN's, echoes', pyESN's and reservoir-computing's\)"),
    (lambda: ESNRegressor(n_reservoir=200, n_transient=50, ridge_alpha=1e-6),
     r"'n_transient', echoes' name of its 'washout'.*pass ESNRegressor\(washout=50, "
     r"reservoir=Reservoir\(n_units=200\), readout=RidgeReadout\(alpha=1e-06\)\)"),
    (lambda: Reservoir(sparsity=0.9), r"'sparsity', echoes' and pyESN's fraction of zero "
     r"weights in W \(density = 1 - sparsity\).*leave out 'sparsity'"),
    (lambda: ESNRegressor(teacher_forcing=True), r"pass ESNRegressor\(feedback=True\)"),
    (lambda: ESNTransformer(n_drop=5, bidir=True, n_dim=75),
     r"pass ESNTransformer\(washout=5, bidirectional=True, n_components=75\)"),
    (lambda: RidgeReadout(ridge_alpha=1.0), r"^RidgeReadout got 'ridge_alpha', echoes' name "
     r"of its 'alpha': pass RidgeReadout\(alpha=1.0\)"),
    # an unknown keyword names the class called, not the private base defining __init__
    (lambda: RidgeReadout(foo=1), r"^RidgeReadout\(\) got unexpected keyword argument "
     r"'foo'; its parameters are alpha, fit_intercept"),
])
def test_other_libraries_keywords_say_ours(make, message):
    """PyRCN's, echoes' and pyESN's keywords are translated or explained, with the call."""
    with pytest.raises(TypeError, match=message):
        make()


@pytest.mark.parametrize("make, message", [
    (lambda: ESNClassifier(decision_strategy="winner_takes_all"),
     r"pass ESNClassifier\(decision='mean'\)"),
    (lambda: ESNTransformer(mts_rep="reservoir"),
     r"pass ESNTransformer\(representation='reservoir_model_space'\)"),
])
def test_other_libraries_values_are_translated_too(make, message):
    """A value named otherwise here is written as ours in the call to pass."""
    with pytest.raises(TypeError, match=message):
        make()


def test_other_libraries_names_in_set_params():
    with pytest.raises(ValueError, match=r"'leakage', PyRCN's name of the reservoir's "
                                         r"'leak_rate': pass set_params\(reservoir__leak_rate"):
        ESNRegressor().set_params(leakage=0.2)


@pytest.mark.parametrize("value, ours", [(False, 0.0), (True, 1.0)])
def test_reservoirpy_input_bias_is_translated_to_a_number(value, ours):
    """Check that ReservoirPy's boolean input_bias is said as a bias_scaling that
    Reservoir takes (a user battery: bias_scaling=False, which it refused), and that the
    call it names works."""
    with pytest.raises(TypeError, match=rf"'input_bias', ReservoirPy's name of its "
                                        rf"'bias_scaling': pass Reservoir\(n_units=10, bias_scaling={ours}\)"):
        Reservoir(10, input_bias=value)
    assert Reservoir(10, bias_scaling=ours, random_state=0).fit(SERIES).bias_.shape == (10,)
    # input_bias=True beside a bias_scaling given keeps that scale (a review: it was told
    # bias_scaling=1.0); False asks for no bias
    kept = r", which is given too: pass Reservoir\(n_units=10, bias_scaling=0.3\) and " \
        r"leave out 'input_bias'" if value else r": pass Reservoir\(n_units=10, " \
        r"bias_scaling=0.0\)"
    with pytest.raises(TypeError, match=r"'input_bias', ReservoirPy's name of its "
                                        r"'bias_scaling'" + kept):
        Reservoir(10, input_bias=value, bias_scaling=0.3)


@pytest.mark.parametrize("estimator", [ESNRegressor, ESNClassifier, ESNTransformer])
def test_a_number_as_the_reservoir_names_reservoir_n_units(estimator):
    """Check that ESNRegressor(100), as Reservoir(100) is written, names
    Reservoir(n_units=100) (scikit-learn's message said only that it must implement fit
    and transform)."""
    from skreservoir._sklearn_compat import InvalidParameterError

    name = estimator.__name__
    with pytest.raises(InvalidParameterError,
                       match=rf"pass {name}\(Reservoir\(n_units=100\)\)"):
        estimator(100).fit(SERIES, np.arange(len(SERIES)) % 2)
    with pytest.raises(InvalidParameterError,
                       match=rf"pass {name}\(Reservoir\(n_units=100\)\)"):
        estimator(100.0).fit(SERIES, np.arange(len(SERIES)) % 2)


def test_reservoirpy_wout_says_there_is_no_warm_start():
    """Check that ReservoirPy's Wout keyword of its readouts says what to do here."""
    from skreservoir import LMSReadout

    for readout in (ForceReadout, LMSReadout, RidgeReadout):
        with pytest.raises(TypeError, match=r"'Wout', ReservoirPy's keyword with no "
                                            r"counterpart here:.*partial_fit"):
            readout(Wout=np.zeros((3, 1)))


def test_reservoirpy_keywords_on_the_forecasters():
    """Check that ESNForecaster takes ridge= as its alpha and sr= into its default reservoir."""
    forecasting = pytest.importorskip("skreservoir.forecasting")
    with pytest.raises(TypeError, match=r"'ridge', ReservoirPy's name of its 'alpha': "
                                        r"pass ESNForecaster\(alpha=1e-06\)"):
        forecasting.ESNForecaster(ridge=1e-6)
    with pytest.raises(TypeError) as error:
        forecasting.ESNForecaster(sr=0.9)
    # the default reservoir's own settings are kept, only the radius changes
    suggested = _suggested_call(str(error.value))
    expected = forecasting.ESNForecaster().set_params(reservoir__spectral_radius=0.9)
    assert suggested.reservoir.get_params() == expected.reservoir.get_params()
    with pytest.raises(TypeError, match=r"pass NVARForecaster\(stride=2\)"):
        forecasting.NVARForecaster(strides=2)
    with pytest.raises(AttributeError, match=r"no 'run'.*predict\(fh\)"):
        forecasting.ESNForecaster().run


@pytest.mark.parametrize("call", [
    lambda X: ESNRegressor(Reservoir(10, random_state=0), washout=2).fit(X, SERIES[:, 0]),
    lambda X: Reservoir(10).fit(X),
    lambda X: NVAR().fit(X),
])
def test_dict_of_named_inputs_is_refused_by_name(call):
    """Check that ReservoirPy's dict of inputs by node name gets an error naming X and
    np.hstack (it was 'float() argument must be ... not dict')."""
    with pytest.raises(TypeError, match=r"got a dict.*keys \['u1', 'u2'\].*np\.hstack"):
        call({"u1": SERIES, "u2": SERIES})


@pytest.mark.parametrize("make, name, hint", [
    (lambda: Reservoir(10, random_state=0).fit(SERIES), "Win", "W_in_"),
    (lambda: Reservoir(10, random_state=0).fit(SERIES), "units", "n_units_"),
    (lambda: RidgeReadout().fit(SERIES, SERIES), "Wout", "coef_.*Wout transposed.*intercept_"),
    (lambda: ESNRegressor(Reservoir(10, random_state=0)).fit(SERIES, SERIES), "state",
     "state_"),
    (lambda: RidgeReadout().fit(SERIES, SERIES), "run", r"predict\(X\) gives its outputs"),
    (lambda: RidgeReadout().fit(SERIES, SERIES), "bias", r"intercept_"),
    (lambda: Reservoir(10), "lr", "leak_rate"),
    (lambda: Reservoir(10), "sr", "spectral_radius"),
    (lambda: Reservoir(10), "initialize", r"fit\(X\) draws the weights"),
    (lambda: ESNRegressor(), "nodes", "reservoir_ and readout_"),
    (lambda: ESNRegressor(), "with_state", r"predict\(X, initial_state=s\).*start from s"),
])
def test_reservoirpy_attribute_names_point_to_ours(make, name, hint):
    """Check that ReservoirPy's attribute names (Win, Wout, state, units) name ours, and
    that a readout's run points to its predict (it has no initial_state to continue)."""
    with pytest.raises(AttributeError, match=f"no '{name}' \\(ReservoirPy's name\\): .*{hint}"):
        getattr(make(), name)
    assert not hasattr(Reservoir(), "Win")  # hasattr is unchanged


def test_unknown_keywords_keep_pythons_error():
    """Check that a keyword that is neither ReservoirPy's nor a part's gets Python's TypeError."""
    with pytest.raises(TypeError, match="unexpected keyword argument 'workers'"):
        ESNRegressor(workers=-1)


def test_subclass_with_var_arguments_passes_them_to_the_base_check():
    """Check that a subclass whose __init__ takes **kwargs (or *args) and passes them on
    to its base is not refused by its own keyword check (its base's wrapper checks what
    it is given), and that a wrong keyword is still refused there, by name."""

    class LeakyReservoir(Reservoir):
        def __init__(self, n_units=10, extra=1, **kwargs):
            super().__init__(n_units=n_units, **kwargs)
            self.extra = extra

    class AnyReservoir(Reservoir):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)

    assert LeakyReservoir(20, leak_rate=0.5).leak_rate == 0.5
    assert AnyReservoir(20, leak_rate=0.5).n_units == 20
    with pytest.raises(TypeError, match=r"LeakyReservoir got 'units'.*n_units=5"):
        LeakyReservoir(units=5)
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'bogus'"):
        LeakyReservoir(bogus=5)
    with pytest.raises(TypeError, match=r"takes 1 positional argument \(n_units\)"):
        AnyReservoir(20, 0.9)


@pytest.mark.parametrize("make", [
    lambda: ESNRegressor(Reservoir(10, random_state=0), ForceReadout()),
    lambda: ESNClassifier(Reservoir(10, random_state=0)),
])
def test_partial_fit_warmup_names_washout(make):
    """Check that partial_fit(..., warmup=n), ReservoirPy's call, names washout=n as fit does."""
    X = np.random.default_rng(0).normal(size=(30, 1))
    y = X[:, 0] if is_regressor(make()) else (X[:, 0] > 0).astype(int)
    with pytest.raises(TypeError, match=r"partial_fit got 'warmup'.*washout=10"):
        make().partial_fit(X, y, warmup=10)
    with pytest.raises(TypeError, match=r"\.fit got 'warmup'.*washout=10"):
        make().fit(X, y, warmup=10)


@pytest.mark.parametrize("make", [
    lambda: IPReservoir(10, random_state=0),
    lambda: LocalPlasticityReservoir(10, random_state=0),
])
def test_warmup_of_a_reservoir_names_the_rows_to_drop(make):
    """Check that a learning reservoir's fit(..., warmup=n), which has no washout, says to
    drop the first n rows as ReservoirPy does (not a washout it does not take)."""
    X = np.random.default_rng(0).normal(size=(30, 1))
    with pytest.raises(TypeError, match=r"has no washout.*X\[100:\] alone.*fit\(X\[100:\]\)"):
        make().fit(X, warmup=100)


def test_esn_transformer_points_reservoirpy_calls_to_ours():
    """ESNTransformer: fit(..., warmup=n) names washout=n, and run names transform."""
    panel = np.random.default_rng(0).normal(size=(4, 20, 2))
    transformer = ESNTransformer(Reservoir(10, random_state=0))
    with pytest.raises(TypeError, match="washout=3"):
        transformer.fit(panel, warmup=3)
    with pytest.raises(AttributeError, match="no 'run'.*transform"):
        transformer.fit(panel).run(panel)


@pytest.mark.parametrize("make, hint", [
    (lambda: ESNRegressor(Reservoir(10, random_state=0)).fit(SERIES[:-1], SERIES[1:]),
     r"reset_state\(\) puts the state back to rest.*initial_state='continue'"),
    (lambda: Reservoir(10, random_state=0).fit(SERIES), "transform starts every series"),
])
def test_reservoirpy_reset_points_to_ours(make, hint):
    """ReservoirPy's node.reset() raises an AttributeError that says what to call instead."""
    with pytest.raises(AttributeError, match=f"has no 'reset' \\(ReservoirPy's name\\): {hint}"):
        make().reset()


@pytest.mark.parametrize("make", [lambda: Reservoir(10), lambda: RidgeReadout(),
                                  lambda: ESNRegressor()])
def test_reservoirpy_connections_and_train_point_to_ours(make):
    """ReservoirPy's ``reservoir >> readout``, ``reservoir << readout`` and ``node.train``
    raise errors that say what to write here (Python's own said "unsupported operand
    type(s) for >>" and "no attribute 'train'")."""
    with pytest.raises(TypeError, match=r"does not connect with >>.*ESNRegressor\(reservoir="):
        make() >> RidgeReadout()
    with pytest.raises(TypeError, match=r"does not connect with <<.*feedback=True"):
        make() << RidgeReadout()
    with pytest.raises(AttributeError, match=r"has no 'train' \(ReservoirPy's name\): .*fit"):
        make().train
    assert not hasattr(make(), "train")


def test_saturated_and_dead_training_states_warn():
    """A tanh reservoir driven into saturation, or whose states die out, warns at fit
    naming the parameters to change; the reservoir's spectral_radius_ is reported."""
    from skreservoir.exceptions import ReservoirStateWarning

    with pytest.warns(ReservoirStateWarning, match="saturated.*input_scaling"):
        ESNRegressor(Reservoir(N, input_scaling=1e3, input_density=1.0,
                               random_state=0)).fit(SERIES[:-1],
                                                                          SERIES[1:])
    with pytest.warns(ReservoirStateWarning, match="died out.*input_scaling"):
        ESNRegressor(Reservoir(N, input_scaling=1e-12, bias_scaling=0.0, random_state=0),
                     washout=10).fit(SERIES[:-1], SERIES[1:])
    assert Reservoir(N, spectral_radius=0.7, random_state=0).fit(SERIES).spectral_radius_ == 0.7
    W = np.diag(np.full(N, 0.5))
    assert np.isclose(Reservoir(W=W).fit(SERIES).spectral_radius_, 0.5)


@pytest.mark.parametrize("reservoir, advice", [
    (dict(input_scaling=100), "stand still.*Lower the reservoir's input_scaling"),
    (dict(activation="sigmoid", input_scaling=50), "stand still.*input_scaling"),
    (dict(activation="relu", bias=-5.0), "died out.*a bias below 0 keeps relu at 0"),
    (dict(activation=lambda z: 0 * z), "died out.*activation of your own"),
])
def test_states_that_stand_still_warn_for_any_activation(reservoir, advice):
    """Check that states which hardly move while the input varies warn at fit, whatever
    the activation (a user battery: tanh and sigmoid held at fixed points by a positive
    series, relu under a negative bias and an activation returning 0 fitted R^2 0
    silently), and that healthy reservoirs of the same activations, slow ones included,
    stay quiet."""
    import warnings

    from skreservoir.datasets import mackey_glass, to_forecasting
    from skreservoir.exceptions import ReservoirStateWarning

    X, y = to_forecasting(mackey_glass(1000, random_state=0), forecast=1)
    with pytest.warns(ReservoirStateWarning, match=advice) as caught:
        ESNRegressor(Reservoir(random_state=0, **reservoir)).fit(X, y)
    assert caught[0].filename == __file__
    activation = reservoir.get("activation", "tanh")
    activation = np.sin if callable(activation) else activation  # one that varies
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        for leak_rate in (0.3, 0.001):
            ESNRegressor(Reservoir(random_state=0, leak_rate=leak_rate,
                                   activation=activation)).fit(X, y)


@pytest.mark.parametrize("activation", ["tanh", "relu", "identity"])
def test_states_that_settle_with_their_input_do_not_warn(activation):
    """Check that states which settle where the input settles are not said to stand still
    (a review: a logistic plateau, a signal then a quiet tail, a panel of series each at
    a constant level and a zero-padded panel warned, with fits of R^2 1.0 or accuracy
    1.0), nor those of inputs in tiny units for an identity reservoir."""
    import warnings

    from skreservoir.exceptions import ReservoirStateWarning

    t = np.arange(2000.0)
    plateau = 1.0 / (1.0 + np.exp(-(t - 300.0) / 40.0))
    quiet_tail = np.where(t < 1000, np.sin(t / 7.0), 0.0)
    rng = np.random.default_rng(1)
    levels = rng.uniform(-1, 1, 60)
    constant_panel = np.repeat(levels[:, None, None], 200, axis=1)
    padded = np.zeros((60, 200, 1))
    for i in range(60):
        padded[i, :80, 0] = np.sin(np.arange(80) / (3.0 + i % 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        for series in (plateau, quiet_tail):
            ESNRegressor(Reservoir(random_state=0, activation=activation)).fit(
                series[:-1, None], series[1:])
        for panel in (constant_panel, padded):
            ESNClassifier(Reservoir(random_state=0, activation=activation)).fit(
                panel, (np.arange(60) % 2))
        if activation == "identity":
            tiny = 1e-9 * np.sin(t / 5.0)
            ESNRegressor(Reservoir(random_state=0, activation=activation,
                                   bias_scaling=0.0)).fit(tiny[:-1, None], tiny[1:])


def test_saturation_of_a_panel_says_how_to_standardise_a_panel():
    """Check that saturated states of a panel say how to standardise a panel (over all
    series and steps), not a StandardScaler in a Pipeline, which refuses 3D data; one
    series still gets the StandardScaler."""
    from skreservoir.exceptions import ReservoirStateWarning

    rng = np.random.default_rng(0)
    t = np.linspace(0, 4 * np.pi, 50)
    panel = 100 * np.stack([np.sin((1 + k % 2) * t + rng.uniform(0, 6))[:, None]
                            for k in range(40)])
    with pytest.warns(ReservoirStateWarning, match=r"for a panel, .*X.std\(axis=\(0, 1\)\)"
                                                   r".*StandardScaler takes 2D data only"):
        ESNClassifier(Reservoir(50, random_state=0), washout=5).fit(panel, np.arange(40) % 2)
    series = np.concatenate(list(panel[:10]))
    with pytest.warns(ReservoirStateWarning, match="a StandardScaler in a Pipeline"):
        ESNRegressor(Reservoir(50, random_state=0), washout=5).fit(series[:-1], series[1:])


def test_state_warnings_name_the_matrix_given_not_its_unused_scaling():
    """Check that saturated or dead states from a W or W_in given as an array (used as it
    is) say to scale that array, not the spectral_radius or input_scaling it ignores."""
    from skreservoir.exceptions import ReservoirStateWarning

    W = np.random.default_rng(0).normal(size=(N, N))  # spectral radius about sqrt(N)
    with pytest.warns(ReservoirStateWarning, match="saturated") as record:
        ESNRegressor(Reservoir(W=W, random_state=0)).fit(SERIES[:-1], SERIES[1:])
    message = str(record[0].message)
    assert "scale down the W you passed (spectral_radius applies only" in message
    assert "input_scaling or bias_scaling," in message and "or spectral_radius" not in message
    W_in = np.full((N, SERIES.shape[1]), 1e-12)
    with pytest.warns(ReservoirStateWarning,
                      match=r"died out.*Raise the reservoir's spectral_radius, or scale up "
                            r"the W_in you passed \(input_scaling applies only"):
        ESNRegressor(Reservoir(N, W_in=W_in, bias=0.0, random_state=0),
                     washout=10).fit(SERIES[:-1], SERIES[1:])


def test_forecaster_bad_parameters_and_huge_series():
    """ESNForecaster: standardize and reservoir are checked by name; a series near the
    float64 limit forecasts what the unscaled series does, scaled (no NaN)."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    import pandas as pd  # sktime's dependency, not ours

    from skreservoir.forecasting import ESNForecaster

    y = pd.Series(np.sin(np.arange(300) / 5.0))
    with pytest.raises(ValueError, match="standardize must be True, False or 'auto'"):
        ESNForecaster(standardize="x").fit(y, fh=[1, 2])
    with pytest.raises(TypeError, match="reservoir must be a skreservoir reservoir"):
        ESNForecaster(reservoir="abc").fit(y, fh=[1, 2])
    plain = ESNForecaster(random_state=0).fit(y, fh=[1, 2, 3]).predict()
    huge = ESNForecaster(random_state=0).fit(y * 1e300, fh=[1, 2, 3]).predict()
    np.testing.assert_allclose(huge.to_numpy() / 1e300, plain.to_numpy(), rtol=1e-6)


def test_only_nan_targets_refused_by_readouts():
    """NaN targets: a readout leaves their rows out, as ESNRegressor does (tested in
    tests/test_readout.py); with no target left after the washout it says so."""
    X = np.random.default_rng(0).normal(size=(30, 2))
    with pytest.raises(ValueError, match="no target left to train on"):
        RidgeReadout().fit(X, np.full(30, np.nan))
    with pytest.raises(ValueError, match=r"after the washout \(29 rows"):
        RidgeReadout(washout=29).fit(X, np.r_[np.ones(29), np.nan])


@pytest.mark.parametrize("name", ["ESNForecaster", "NVARForecaster", "AutoESNForecaster"])
def test_forecasters_refuse_infinite_values(name):
    """Check that inf in y (fit, update) or in X (fit, predict) raises naming it, not an
    SVD error from the solve (sktime refuses NaN itself but lets inf through)."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    import pandas as pd  # sktime's dependency, not ours

    import skreservoir.forecasting as forecasting

    make = {
        "ESNForecaster": lambda: forecasting.ESNForecaster(Reservoir(20, random_state=0)),
        "NVARForecaster": forecasting.NVARForecaster,
        "AutoESNForecaster": lambda: forecasting.AutoESNForecaster(
            budget=2, n_best=1, n_units=20, random_state=0),
    }[name]
    y = pd.Series(np.sin(np.arange(80) / 4.0) + 2.0)
    bad = y.copy()
    bad.iloc[10] = np.inf
    message = f"y passed to {name} contains infinity.*replace those values"
    with pytest.raises(ValueError, match=message):
        make().fit(bad, fh=[1, 2])
    with pytest.raises(ValueError, match=message):
        make().fit(y[:60], fh=[1]).update(bad[60:] * 0 - np.inf)
    if name == "AutoESNForecaster":  # no exogenous X
        return
    X = pd.DataFrame({"x": np.cos(np.arange(82) / 4.0)})
    X_bad = X.copy()
    X_bad.iloc[5, 0] = -np.inf
    with pytest.raises(ValueError, match=f"X passed to {name} contains infinity"):
        make().fit(y, X=X_bad.iloc[:80], fh=[1, 2])
    fitted = make().fit(y, X=X.iloc[:80], fh=[1, 2])
    with pytest.raises(ValueError, match=f"X passed to {name} contains infinity"):
        fitted.predict(X=X_bad.iloc[80:] * np.inf)


@pytest.mark.parametrize("make", [
    lambda X: ESNRegressor(Reservoir(10, random_state=0)).fit(X[:-1], X[1:]),
    lambda X: Reservoir(10, random_state=0).fit(X),
    lambda X: ESNRegressor(Reservoir(10, random_state=0)).fit(X[:-1, None], X[1:]).predict(X),
])
def test_one_dimensional_series_gets_a_short_message(make):
    """Check that a 1-D series names its shape and X.reshape(-1, 1), without printing it
    (scikit-learn's message printed the whole array)."""
    X = np.linspace(0.0, 1.0, 1000)
    with pytest.raises(ValueError, match=r"got 1D array instead: X of shape \(\d+,\).*"
                                         r"X\.reshape\(-1, 1\)") as error:
        make(X)
    assert len(str(error.value)) < 400


# --- second battery: public functions, online readouts, forecaster updates ----

def _series(n=10, d=3, seed=0):
    return np.random.default_rng(seed).normal(size=(n, d))


@pytest.mark.parametrize("call, error, message", [
    pytest.param(lambda f: f.pool_states(_series(), "mean"), ValueError,
                 r"list of 2D arrays .*one series: pass \[features\]", id="pool-2d-series"),
    pytest.param(lambda f: f.pool_states([_series()], "meann"), ValueError,
                 r"Unknown representation 'meann'\. Expected one of: 'last', 'mean'",
                 id="pool-typo"),
    pytest.param(lambda f: f.pool_states([_series()], "mean", washout=10), ValueError,
                 r"washout=10 must be smaller than the length", id="pool-washout"),
    pytest.param(lambda f: f.pool_states([np.array([["a"]])], "last"), ValueError,
                 r"features\[0\] must hold real numbers", id="pool-strings"),
    pytest.param(lambda f: f.series_representation([_series()], "outputt"), ValueError,
                 r"Unknown representation 'outputt'", id="representation-typo"),
    pytest.param(lambda f: f.series_representation([_series()], "output_model_space"),
                 ValueError, r"pass the input series as inputs", id="output-space-no-inputs"),
    pytest.param(lambda f: f.series_representation([_series()[:1]], "reservoir_model_space"),
                 ValueError, r"at least washout \+ 2 = 2 time steps", id="model-space-1-step"),
    pytest.param(lambda f: f.series_representation([_series()], "reservoir_model_space",
                                                   alpha=np.nan),
                 ValueError, r"alpha must be a finite float >= 0, got nan", id="alpha-nan"),
    pytest.param(lambda f: f.series_representation([_series()], "pooled", thresholds=[0.1]),
                 ValueError, r"thresholds must be a finite array of shape \(n_thresholds, 3\)",
                 id="thresholds-shape"),
])
def test_public_representation_functions_check_their_input(call, error, message):
    """Check that pool_states and series_representation (public in skreservoir.esn) refuse
    a lone 2D series, a misspelt representation (one was read as another) and bad
    options by name, instead of an IndexError from inside or a silent other result."""
    import skreservoir.esn as esn

    with pytest.raises(error, match=message):
        call(esn)


def test_classifier_mixed_label_types_are_named():
    """Check that labels mixing ints and strings raise naming y and the fix, not numpy's
    "'<' not supported between instances of 'str' and 'int'"."""
    X = _series(40)
    y = np.array([0, 1] * 19 + [1, "x"], dtype=object)
    with pytest.raises(ValueError, match=r"y passed to ESNClassifier mixes labels of types "
                                         r"\['int', 'str'\].*y\.astype\(str\)"):
        ESNClassifier(Reservoir(20, random_state=0)).fit(X, y)


def test_lms_rows_whose_squares_overflow_raise():
    """Check that LMSReadout refuses rows whose squared norm overflows float64 (its stable
    bound then read 0 and its predictions were inf), as the ridge and RLS readouts do."""
    from skreservoir import LMSReadout

    X = _series(60)
    y = X.sum(axis=1)
    X[1, 2] = 1e300
    with pytest.raises(ValueError, match="squared norm of a row overflowed float64"):
        LMSReadout().fit(X, y)


@pytest.mark.parametrize("call, message", [
    pytest.param(lambda: _estimate_season(np.ones((100, 2))),
                 r"one series \(n_timepoints,\), got shape \(100, 2\)", id="2d"),
    pytest.param(lambda: _estimate_season(np.sin(np.arange(100)), candidates=(0, 7)),
                 "each of candidates must be an int >= 2, got 0", id="candidate-0"),
])
def test_estimate_season_checks_its_input(call, message):
    """Check that estimate_season refuses several columns (numpy's "object too deep")
    and candidate lengths below 2 by name (a series with NaN keeps its documented 1)."""
    with pytest.raises(ValueError, match=message):
        call()


def _estimate_season(*args, **kwargs):
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.forecasting import estimate_season

    return estimate_season(*args, **kwargs)


def test_nrmse_refuses_nan_output_weights():
    """Check that NaN or negative multioutput weights raise instead of a NaN score."""
    from skreservoir.metrics import nrmse

    y = np.c_[np.arange(10.0), np.arange(10.0) ** 2]
    with pytest.raises(ValueError, match="multioutput weights must be finite and >= 0"):
        nrmse(y, y + 1, multioutput=[np.nan, 1.0])


@pytest.mark.parametrize("shape", [(0, 0), (-1, -1), (2.5, 2.5)])
def test_square_initializers_refuse_empty_shapes(shape):
    """Check that the square initializers name a shape with no units (fast_spectral divided
    by zero, the others failed in numpy)."""
    from skreservoir import weights

    for init in (weights.fast_spectral(), weights.orthogonal, weights.ring):
        with pytest.raises(ValueError, match=r"n_units an int >= 1"):
            init(shape, np.random.default_rng(0))


FORECASTERS = ["ESNForecaster", "NVARForecaster", "AutoESNForecaster"]


def _forecaster(name):
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    import skreservoir.forecasting as forecasting

    return {
        "ESNForecaster": lambda: forecasting.ESNForecaster(Reservoir(20, random_state=0)),
        "NVARForecaster": forecasting.NVARForecaster,
        "AutoESNForecaster": lambda: forecasting.AutoESNForecaster(
            budget=2, n_best=1, n_units=20, random_state=0),
    }[name]()


def _wave(n=80):
    import pandas as pd  # sktime's dependency, not ours

    return pd.Series(np.sin(np.arange(n) / 4.0) + 0.01 * np.arange(n))


@pytest.mark.parametrize("name", FORECASTERS)
def test_forecaster_fh_before_the_series_raises(name):
    """Check that an in-sample fh before the first time point raises naming fh (it gave
    NaN without a word)."""
    fitted = _forecaster(name).fit(_wave())
    with pytest.raises(ValueError, match=r"fh reaches 200 steps before the cutoff.*fh >= -79"):
        fitted.predict(-200)


@pytest.mark.parametrize("name", FORECASTERS)
@pytest.mark.parametrize("update_params", [True, False])
@pytest.mark.parametrize("case", ["columns", "gap", "past"])
def test_forecaster_update_checks_the_new_points(name, update_params, case):
    """Check that update refuses a y of other columns (an SVD error before) and a gap
    after the series seen (read as following on), and that a y of past points only
    leaves the cutoff at the end of the series (it went back, mislabelling forecasts);
    after a gap refused, the forecaster forecasts from the end of the series."""
    import pandas as pd  # sktime's dependency, not ours

    fitted = _forecaster(name).fit(_wave())
    if case == "columns":
        with pytest.raises(ValueError, match=r"y passed to \w+\.update must have the columns"):
            fitted.update(pd.DataFrame({"a": [1.0], "b": [2.0]}, index=[80]),
                          update_params=update_params)
        return  # sktime has taken the columns of this y as the forecaster's by now
    if case == "gap":
        with pytest.raises(ValueError, match=r"starts at 90, but the series seen ends at 79, "
                                             r"so its next time point is 80"):
            fitted.update(pd.Series([1.0, 1.0], index=[90, 91]), update_params=update_params)
    else:
        fitted.update(pd.Series([1.0, 1.0], index=[70, 71]), update_params=update_params)
    assert fitted.cutoff[0] == 79
    assert fitted.predict([1]).index[0] == 80


@pytest.mark.parametrize("name", FORECASTERS)
def test_forecaster_update_follows_an_integer_index_of_constant_step(name):
    """Check that an integer index stepping by 5 (years every 5) is continued by its
    step: the next rows are accepted (the gap check took every integer index to step
    by one and refused them), and a gap in that step is still refused."""
    import pandas as pd  # sktime's dependency, not ours

    y = _wave()
    y.index = 1950 + 5 * np.arange(len(y))
    fitted = _forecaster(name).fit(y)
    end = y.index[-1]
    with pytest.raises(ValueError, match=rf"next time point is {end + 5}"):
        fitted.update(pd.Series([1.0], index=[end + 10]), update_params=False)
    fitted.update(pd.Series([1.0, 1.0], index=[end + 5, end + 10]), update_params=False)
    assert fitted.cutoff[0] == end + 10


def test_auto_forecaster_refit_reads_points_given_without_refit():
    """Check that AutoESNForecaster's refit on update reads the points an earlier update
    (update_params=False) gave: its history lacked them, so that the refit read a gap."""
    import pandas as pd  # sktime's dependency, not ours

    fitted = _forecaster("AutoESNForecaster").fit(_wave())
    fitted.update(pd.Series([1.0], index=[80]), update_params=False)
    fitted.update(pd.Series([1.0], index=[81]))
    assert list(fitted._history.index) == list(range(82))


@pytest.mark.parametrize("name", ["ESNForecaster", "NVARForecaster"])
def test_forecaster_predict_needs_X_for_every_step(name):
    """Check that an X without rows for time points of fh raises (they were filled with
    the last known row)."""
    import pandas as pd  # sktime's dependency, not ours

    X = pd.DataFrame({"x": np.cos(np.arange(80) / 3.0)})
    fitted = _forecaster(name).fit(_wave(), X=X)
    with pytest.raises(ValueError, match=r"no row for the time points \['81', '82'\] of fh"):
        fitted.predict([1, 2, 3], X=pd.DataFrame({"x": [0.0]}, index=[80]))


@pytest.mark.parametrize("params", [{"n_ensemble": True}, {"n_lags": True}])
def test_forecaster_counts_refuse_bools(params):
    """Check that a count given as True raises by name (numpy failed on it, deep inside)."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.forecasting import AutoESNForecaster, ESNForecaster

    name = next(iter(params))
    with pytest.raises(ValueError, match=f"{name} must be an int >= 1, got True"):
        ESNForecaster(Reservoir(20, random_state=0), **params).fit(_wave(), fh=[1])
    with pytest.raises(ValueError, match="n_units must be an int >= 1, got True"):
        AutoESNForecaster(n_units=True).fit(_wave(), fh=[1])


def _sparse_past_shape(fmt):
    import scipy.sparse as sp

    W = sp.random(20, 20, density=0.2, random_state=0, format=fmt)
    if fmt == "coo":
        W.row[3] = 25
    else:
        W.indices[3] = 25  # changed in place: scipy checks only on construction
    return W


@pytest.mark.parametrize("call", [
    pytest.param(lambda W: Reservoir(20, W=W).fit(np.ones((5, 2))), id="Reservoir-W"),
    pytest.param(lambda W: Reservoir(20, W=lambda shape, rng: W).fit(np.ones((5, 2))),
                 id="Reservoir-W-callable"),
    pytest.param(lambda W: _lif(W).fit(np.ones((5, 2))), id="LIFReservoir-W"),
    pytest.param(lambda W: _spectral_radius(W), id="spectral_radius"),
])
@pytest.mark.parametrize("fmt", ["csr", "csc", "coo"])
@pytest.mark.parametrize("compiled", [True, False])
def test_sparse_matrices_with_indices_past_the_shape_are_refused(call, fmt, compiled):
    """Check that a sparse matrix whose index arrays point past its shape is refused by
    name; the kernels and scipy's products read outside the arrays, silently."""
    from skreservoir import config_context

    with config_context(compiled=compiled):
        with pytest.raises(ValueError, match=r"sparse matrix whose index arrays do not fit "
                                             r"its shape \(20, 20\)"):
            call(_sparse_past_shape(fmt))


def _lif(W):
    from skreservoir import LIFReservoir

    return LIFReservoir(20, W=W)


def _spectral_radius(W):
    from skreservoir.metrics import spectral_radius

    return spectral_radius(W)


@pytest.mark.parametrize("pooling, washout, message", [
    ("meen", 0, r"Unknown pooling 'meen'\. Expected one of: 'last', 'mean'"),
    ("mean", 10, r"washout=10 must be smaller than the length of every series"),
    ("mean", 7, r"washout=7 must be smaller"),
    ("mean", -1, r"washout must be a non-negative int, got -1"),
])
@pytest.mark.parametrize("compiled", [True, False])
def test_run_pooled_checks_pooling_and_washout(pooling, washout, message, compiled):
    """Check that run_pooled refuses an unknown pooling (it took the mean) and a washout
    outside the series (the kernel divided by length - washout: NaN, or a mean with
    its sign flipped)."""
    from skreservoir import config_context

    X = np.random.default_rng(0).normal(size=(5, 2))
    with config_context(compiled=compiled):
        reservoir = Reservoir(20, random_state=0).fit(X)
        with pytest.raises(ValueError, match=message):
            reservoir.run_pooled([X, X[:3]] if washout == 7 else [X], pooling, washout)


@pytest.mark.parametrize("pooling, thresholds, message", [
    ("mean", np.zeros((1, 20)), r"thresholds are levels of pooling='pooled'.*got pooling='mean'"),
    ("pooled", np.zeros((1, 19)), r"thresholds must be a finite array of shape \(n_thresholds, "
                                  r"20\).*got shape \(1, 19\)"),
    ("pooled", np.zeros(20), r"got shape \(20,\)"),
    ("pooled", np.full((1, 20), np.nan), r"thresholds must be a finite array"),
])
@pytest.mark.parametrize("compiled", [True, False])
def test_run_pooled_checks_thresholds(pooling, thresholds, message, compiled):
    """Check that run_pooled refuses thresholds but with "pooled", and thresholds that are
    not one finite level per output (the kernel would read past a row)."""
    from skreservoir import config_context

    X = np.random.default_rng(0).normal(size=(5, 2))
    with config_context(compiled=compiled):
        reservoir = Reservoir(20, random_state=0).fit(X)
        with pytest.raises(ValueError, match=message):
            reservoir.run_pooled([X, X], pooling, 0, thresholds)


@pytest.mark.parametrize("call, message", [
    pytest.param(lambda: _memory_capacity("abc"),
                 r"reservoir must be an estimator with fit and transform methods.*got 'abc'",
                 id="memory_capacity"),
    pytest.param(lambda: _series_classifier(classifier="ridge"),
                 r"classifier must be an estimator with fit and predict methods.*got 'ridge'",
                 id="ESNTimeSeriesClassifier"),
])
def test_parts_without_their_methods_are_named(call, message):
    """Check that a part given as something else (a string) is refused by its name,
    instead of scikit-learn's clone error "Cannot clone object 'ridge'"."""
    with pytest.raises(TypeError, match=message):
        call()


def _memory_capacity(reservoir):
    from skreservoir.metrics import memory_capacity

    return memory_capacity(reservoir)


def _series_classifier(**params):
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.classification import ESNTimeSeriesClassifier

    X = np.random.default_rng(0).normal(size=(6, 1, 20))
    return ESNTimeSeriesClassifier(**params).fit(X, np.array([0, 1] * 3))


@pytest.mark.parametrize("quantiles", [(np.nan,), (0.5, np.nan)])
def test_ppv_quantiles_nan_is_named(quantiles):
    """Check that a NaN among ppv_quantiles is refused by name (it passed the range check
    and failed in numpy: "Quantiles must be in the range [0, 1]")."""
    X = np.random.default_rng(0).normal(size=(3, 20, 2))
    transformer = ESNTransformer(Reservoir(20, random_state=0), representation="pooled",
                                 ppv_quantiles=quantiles)
    with pytest.raises(ValueError, match=r"ppv_quantiles must be floats in \(0, 1\) or None"):
        transformer.fit(X)


@pytest.mark.parametrize("n_steps", [True, 0, 2.5, "10"])
def test_generate_refuses_bad_n_steps_by_name(n_steps):
    """Check that ESNRegressor.generate names n_steps for a bool, zero, float or string
    (True passed the Integral check, then failed inside with 'an integer is required')."""
    from skreservoir import ESNRegressor, Reservoir

    X = np.sin(np.arange(60) / 5.0)[:, None]
    esn = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5).fit(X[:-1], X[1:])
    with pytest.raises(ValueError, match=r"n_steps must be an int >= 1"):
        esn.generate(n_steps)


# --- the reservoir interface: run_batch and step ----------------------------

def _interface_reservoirs():
    from skreservoir import LIFReservoir, ReservoirStack

    return [Reservoir(n_units=20, random_state=0),
            ReservoirStack([Reservoir(n_units=15, random_state=0),
                            Reservoir(n_units=15, random_state=1)]),
            LIFReservoir(n_units=20, random_state=0), NVAR()]


@pytest.mark.parametrize("reservoir", _interface_reservoirs(), ids=lambda r: type(r).__name__)
def test_run_batch_and_step_name_a_wrong_shape(reservoir):
    """Check that run_batch and step refuse series, states and inputs of a wrong shape
    by name, with the shape they take (raw matmul, numba typing or reshape errors
    before; a state of the wrong size was run silently)."""
    X = np.random.default_rng(0).normal(size=(30, 3))
    reservoir.fit(X)
    name, size = type(reservoir).__name__, reservoir.initial_state_.shape[0]
    series = rf"{name}.run_batch takes a list of series of shape \(n_timesteps, 3\)"
    with pytest.raises(ValueError, match=series + r".*shape \(3,\)\. For one series X, pass \[X\]"):
        reservoir.run_batch(X)
    with pytest.raises(ValueError, match=series + r".*series 1 has shape \(30, 2\)"):
        reservoir.run_batch([X, X[:, :2]])
    with pytest.raises(ValueError, match=rf"{name}.run_batch got no series"):
        reservoir.run_batch([])
    states = rf"initial_states of shape \(n_series, state_size\) = \(2, {size}\)"
    for bad in [np.zeros((2, size + 1)), np.zeros((1, size)), np.zeros(size)]:
        with pytest.raises(ValueError, match=states):
            reservoir.run_batch([X, X], bad)
    step = rf"{name}.step takes state of shape \({size},\).*u of shape \(3,\)"
    for state, u in [(reservoir.initial_state_, X[0, :2]), (reservoir.initial_state_, X[:2]),
                     (np.zeros(size + 1), X[0]), (reservoir.initial_state_[None], X[0])]:
        with pytest.raises(ValueError, match=step):
            reservoir.step(state, u)
    # the right shapes still run
    outputs, finals = reservoir.run_batch([X], reservoir.initial_state_[None])
    assert outputs[0].shape[0] == 30 and finals.shape == (1, size)
    assert reservoir.step(reservoir.initial_state_, X[0]).shape == (size,)


def test_lif_reservoir_streams_through_partial_fit():
    """Check that ESNRegressor(LIFReservoir).partial_fit over chunks works and equals fit
    with a ridge readout (it raised AttributeError: 'LIFDynamics' object has no
    attribute 'run_panel', the one-row path of Reservoir that LIF inherited)."""
    from skreservoir import LIFReservoir

    X = np.random.default_rng(0).normal(size=(50, 3))
    y = X[:, :1]
    streamed = ESNRegressor(LIFReservoir(n_units=30, random_state=0), washout=0)
    for start in range(0, 50, 7):
        streamed.partial_fit(X[start:start + 7], y[start:start + 7])
    fitted = ESNRegressor(LIFReservoir(n_units=30, random_state=0), washout=0).fit(X, y)
    np.testing.assert_allclose(streamed.predict(X), fitted.predict(X), rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("name, difference, first", [("ESNForecaster", False, -59),
                                                     ("NVARForecaster", True, -76)])
def test_in_sample_fh_without_a_past_warns_by_name(name, difference, first):
    """Check that an in-sample fh at the first time point(s) of the series, which have no
    value before them to predict from or lie in the washout (the ESN's 19 rows chosen by
    washout='auto'; the NVAR's incomplete delay window), warns naming fh and the first
    step with a prediction (NaN was returned silently), and that later in-sample steps do
    not warn."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    import re
    import warnings

    import pandas as pd

    from skreservoir import forecasting

    y = pd.Series(np.sin(np.arange(80) / 4.0) + 3.0)
    forecaster = getattr(forecasting, name)(difference=difference).fit(y)
    early = list(range(-79, first))
    from skreservoir.exceptions import InSampleStartWarning

    shown = early if len(early) <= 10 else f"{early[:5]} and {len(early) - 5} more"
    with pytest.warns(InSampleStartWarning,
                      match=re.escape(f"fh={shown}") + rf".*among the first .*"
                            rf"these {len(early)} are NaN\. Pass fh >= {first}"):
        predicted = forecaster.predict(fh=early + [first])
    assert np.all(np.isnan(predicted.values[:-1])) and np.isfinite(predicted.values[-1])
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        forecaster.predict(fh=[first, 0, 1])


def test_auto_forecaster_warns_of_in_sample_start_once_under_its_name():
    """Check that AutoESNForecaster, averaging several members, says once (under its own
    name, filterable by class) that its first in-sample point is NaN, not once per
    member as ESNForecaster."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    import warnings

    import pandas as pd

    from skreservoir.exceptions import InSampleStartWarning
    from skreservoir.forecasting import AutoESNForecaster

    y = pd.Series(np.sin(np.arange(80) / 4.0) + 3.0)
    forecaster = AutoESNForecaster(budget=4, n_best=3, n_units=30, difference=False,
                                   random_state=0).fit(y)
    forecaster.forecasters_ = forecaster.forecasters_[:1] * 3  # three members, surely
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        forecaster.predict(fh=[-79, -78])
    said = [w for w in caught if issubclass(w.category, InSampleStartWarning)]
    assert len(said) == 1 and str(said[0].message).startswith(
        "AutoESNForecaster: fh=[-79, -78]")


def test_ridge_normal_equations_beyond_memory_are_refused_at_once(monkeypatch):
    """Check that a ridge readout whose normal equations cannot fit in memory raises a
    MemoryError naming the feature count and the fix before allocating them
    (NVARForecaster(delay=5, order=20) on one series made 53,129 features: a 21 GiB
    Gram matrix filled until the machine killed the process). The machine is made
    small here: 1 MiB."""
    import skreservoir._ridge

    monkeypatch.setattr(skreservoir._ridge, "physical_memory", lambda: 2**20)
    X = np.random.default_rng(0).normal(size=(30, 300))
    with pytest.raises(MemoryError, match=r"ridge readout on 300 features.*Use fewer features"):
        RidgeReadout().fit(X, X[:, 0])
    assert RidgeReadout().fit(X[:, :100], X[:, 0]).coef_.shape == (100,)


# --- second pass: metrics, plotting, model_selection -------------------------

def test_metrics_name_strings_and_a_bad_seed():
    """Check that nrmse names a target of strings and memory_capacity a negative
    random_state (numpy's "could not convert string to float" and "Seed must be
    between 0 and 2**32 - 1" named neither)."""
    from skreservoir.metrics import memory_capacity, nrmse

    with pytest.raises(ValueError, match="y_true must hold numbers, got strings"):
        nrmse(["a", "b", "c"], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="y_pred must hold numbers, got strings"):
        nrmse(np.arange(3.0), np.array(["a", "b", "c"]))
    with pytest.raises(ValueError, match=r"memory_capacity: random_state must be None, an int "
                                         r"in \[0, 2\*\*32\)"):
        memory_capacity(Reservoir(n_units=10, random_state=0), random_state=-1)
    # a numpy Generator or a float: named too, with what to pass (scikit-learn's message
    # named neither random_state nor the function)
    for seed in (np.random.default_rng(0), 1.5):
        with pytest.raises(ValueError, match=r"memory_capacity: random_state must be"):
            memory_capacity(Reservoir(n_units=10, random_state=0), random_state=seed)
    from skreservoir.classification import ESNTimeSeriesClassifier

    X, y = np.random.default_rng(0).normal(size=(6, 1, 20)), np.array([0, 1] * 3)
    with pytest.raises(ValueError, match=r"ESNTimeSeriesClassifier: random_state must be.*"
                                         r"int\(rng.integers\(2\*\*31\)\)"):
        ESNTimeSeriesClassifier(Reservoir(n_units=10), n_reservoirs=1,
                                random_state=np.random.default_rng(0)).fit(X, y)


def test_plots_name_a_time_of_the_wrong_length():
    """Check that plot_states and plot_forecast name a time of the wrong length
    (matplotlib's "x and y must have same first dimension" named neither)."""
    pytest.importorskip("matplotlib", reason='plotting is an optional extra '
                        '(pip install "skreservoir[plot]")')
    import matplotlib.pyplot as plt

    from skreservoir.plotting import plot_forecast, plot_states

    states = np.zeros((50, 3))
    with pytest.raises(ValueError, match=r"time must hold one value per time step, shape \(50,\), "
                       r"got shape \(10,\)"):
        plot_states(states, time=np.arange(10))
    with pytest.raises(ValueError, match=r"time must hold one value per time step.*got shape \(\)"):
        plot_forecast(states[:, 0], states[:, 0], time="abc")
    plt.close("all")


@pytest.mark.parametrize("splits", ["abc", [], [np.arange(5)], 3])
def test_search_objective_names_bad_splits(splits):
    """Check that SearchObjective refuses splits that are not (train, test) pairs by name
    ("not enough values to unpack" at the first trial before)."""
    pytest.importorskip("hyperopt", reason='the hyperopt search is an optional extra '
                        '(pip install "skreservoir[hyperopt]")')
    from skreservoir.model_selection import SearchObjective

    X = np.random.default_rng(0).normal(size=(20, 2))
    with pytest.raises(ValueError, match=r"splits must be a non-empty list of \(train, test\)"):
        SearchObjective(ESNRegressor(), X, X[:, 0], splits, None)


def test_mackey_glass_impossible_delay_is_refused_by_name():
    """Check that a tau whose delay buffer cannot fit in memory raises a MemoryError naming
    tau and h (numpy's "Maximum allowed dimension exceeded" for tau=1e300)."""
    with pytest.raises(MemoryError, match=r"mackey_glass keeps floor\(tau / h\).*lower tau"):
        datasets.mackey_glass(10, tau=1e300)


# --- battery of 2026-12-03: set_params, initializers, ESGP, the search space ---

@pytest.mark.parametrize("make, params, message", [
    pytest.param(lambda: Reservoir(N), {"sr": 0.5},
                 r"Reservoir.set_params got 'sr', ReservoirPy's name of its 'spectral_radius': "
                 r"pass set_params\(spectral_radius=0.5\)", id="reservoir-sr"),
    pytest.param(lambda: ESNRegressor(), {"lr": 0.3, "ridge": 1e-3},
                 r"ESNRegressor.set_params got 'lr', ReservoirPy's name of the reservoir's "
                 r"'leak_rate'; 'ridge', .* pass set_params\(reservoir__leak_rate=0.3, "
                 r"readout__alpha=0.001\)", id="esn-lr-ridge"),
    pytest.param(lambda: ESNRegressor(Reservoir(N)), {"reservoir__units": 5},
                 r"'reservoir__units' \('units': ReservoirPy's name of the reservoir's "
                 r"'n_units'\): pass set_params\(reservoir__n_units=5\)", id="esn-nested-units"),
    pytest.param(lambda: RidgeReadout(), {"ridge": 1.0}, r"pass set_params\(alpha=1.0\)",
                 id="ridge-ridge"),
    pytest.param(lambda: NVAR(), {"strides": 2}, r"pass set_params\(stride=2\)",
                 id="nvar-strides"),
])
def test_set_params_translates_reservoirpy_names(make, params, message):
    """Check that set_params with a ReservoirPy name raises a ValueError naming ours, and sets
    nothing (scikit-learn's "Invalid parameter 'lr'" named neither; the constructor did)."""
    estimator = make()
    before = repr(estimator.get_params())
    with pytest.raises(ValueError, match=message):
        estimator.set_params(**params)
    assert repr(estimator.get_params()) == before


def test_set_params_keeps_sklearn_error_for_other_names():
    """Check that a name that is no ReservoirPy one keeps scikit-learn's error."""
    with pytest.raises(ValueError, match="Invalid parameter 'nope' for estimator"):
        ESNRegressor().set_params(nope=1)


def _dense(matrix):
    return matrix.toarray() if hasattr(matrix, "toarray") else matrix


@pytest.mark.parametrize("make", [
    lambda: __import__("skreservoir.weights").weights.normal(),
    lambda: __import__("skreservoir.weights").weights.bernoulli(0.5),
    lambda: __import__("skreservoir.weights").weights.fast_spectral(),
    lambda: __import__("skreservoir.weights").weights.small_world(),
    lambda: __import__("skreservoir.weights").weights.orthogonal,
], ids=["normal", "bernoulli", "fast_spectral", "small_world", "orthogonal"])
def test_initializers_take_a_seed_or_none_and_name_a_bad_rng(make):
    """Check that an initializer called by hand takes an int seed or None as
    numpy.random.default_rng does (an AttributeError on None.choice before), and names
    any other rng."""
    init = make()
    seeded = init((6, 6), 3)
    expected = init((6, 6), np.random.default_rng(3))
    np.testing.assert_array_equal(_dense(seeded), _dense(expected))
    assert init((6, 6), None).shape == (6, 6)
    with pytest.raises(TypeError, match=r"rng a numpy.random.Generator .* got rng='x'"):
        init((6, 6), "x")


@pytest.mark.parametrize("shape", [(-1, 5), (2.5, 3), (2, 3, 4)])
def test_rectangular_initializers_name_a_bad_shape(shape):
    """Check that normal/uniform/bernoulli name a bad shape (numpy's "negative dimensions
    are not allowed" before)."""
    from skreservoir.weights import normal

    with pytest.raises(ValueError, match=r"normal\(density=1.0\) takes shape \(n_rows, n_cols\)"):
        normal()(shape, np.random.default_rng(0))


@pytest.mark.parametrize("name", ["W", "W_in"])
def test_initializer_maker_passed_uncalled_is_named(name):
    """Check that W=normal (the maker, not an initializer) names the call to make
    ("normal() takes from 0 to 1 positional arguments but 2 were given" before)."""
    from skreservoir.weights import normal

    with pytest.raises(TypeError, match=rf"{name}=normal makes initializers .* pass "
                                        rf"{name}=normal\(\) or {name}=normal\(density=...\)"):
        Reservoir(N, random_state=0, **{name: normal}).fit(SERIES)


@pytest.mark.parametrize("X, y, message", [
    (np.zeros((8, 10, 2)), np.array([0, 0, 0, 0, 0]),
     r"y has 5 targets but X has 8 series"),
    (np.zeros((0, 10, 2)), np.array([], dtype=int), r"Found array with 0 sample\(s\)"),
])
def test_esgp_classifier_checks_shapes_before_classes(X, y, message):
    """Check that ESGPClassifier reports labels for fewer series than X, or an empty X, as
    such (it said "y contains only one class" before)."""
    from skreservoir import ESGPClassifier

    with pytest.raises(ValueError, match=message):
        ESGPClassifier(n_units=N, max_iter=1).fit(X, y)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"leak_rate": (0.5, 1.5)}, ValueError,
     r"The range of reservoir__leak_rate must lie in \(0, 1\].*use \(0.5, 1.0\)"),
    ({"reservoir_prefix": 3}, TypeError, r"reservoir_prefix must be a str .* got 3"),
    ({"spectral_radius": (True, 2)}, ValueError,
     r"reservoir__spectral_radius must be \(low, high\), two real numbers, got \(True, 2\)"),
    ({"input_scaling": ("0.1", "1")}, ValueError, r"two real numbers, got \('0.1', '1'\)"),
    ({"alpha": 1e-6}, ValueError,
     r"got 1e-06\. To fix readout__alpha at one value, set it on the estimator and pass "
     r"alpha=None here"),
])
def test_reservoir_space_bad_ranges(kwargs, error, message):
    """Check that reservoir_space refuses a leak rate range past 1 (every trial drawing one
    failed), a prefix that is no str (a TypeError from '+' before), bounds that are not
    real numbers (True and "0.1" were taken as 1.0 and 0.1) and one number (says how to
    fix the parameter)."""
    pytest.importorskip("hyperopt", reason='needs pip install "skreservoir[hyperopt]"')
    from skreservoir.model_selection import reservoir_space

    with pytest.raises(error, match=message):
        reservoir_space(**kwargs)


def test_reservoir_space_takes_any_real_bounds():
    """Check that bounds given as other real numbers than floats (a Decimal, a 0-d
    array, NumPy scalars) are taken, as before the bool and str check."""
    pytest.importorskip("hyperopt", reason='needs pip install "skreservoir[hyperopt]"')
    from decimal import Decimal

    from skreservoir.model_selection import reservoir_space

    space = reservoir_space(spectral_radius=(Decimal("0.1"), np.array(2.0)),
                            leak_rate=(np.float32(0.1), np.int64(1)))
    assert sorted(space)[-1] == "reservoir__spectral_radius"


@pytest.mark.parametrize("y, washout", [
    (np.full(len(SERIES), np.nan), 0),
    (np.r_[np.ones(20), np.full(len(SERIES) - 20, np.nan)], 30),
], ids=["all-nan", "nan-after-washout"])
def test_esn_regressor_all_targets_missing_is_named(y, washout):
    """Check that targets all NaN after the washout are named as such (the NaN targets left
    out of training became weights of 0, and the readout said "sample_weight is all zero",
    a parameter not passed)."""
    with pytest.raises(ValueError, match=r"y has no target left to train on: every time step "
                                         rf"after the washout \({washout} rows per series\)"):
        ESNRegressor(Reservoir(N, random_state=0), washout=washout).fit(SERIES, y)


def test_set_params_sets_a_part_and_its_parameter_in_one_call():
    """Check that set_params(readout=R(), readout__ridge=...) reads ``ridge`` as a
    parameter of the part set in the same call (GridSearchCV's {"readout": [R()],
    "readout__ridge": [...]} does it): the ReservoirPy translation read the part
    the estimator had before the call and refused ``ridge`` as ReservoirPy's alpha."""
    from sklearn.base import BaseEstimator
    from sklearn.model_selection import GridSearchCV

    class MyReadout(RidgeReadout):
        def __init__(self, ridge=1.0):
            self.ridge = ridge
            super().__init__(alpha=ridge)

        def get_params(self, deep=True):
            return {"ridge": self.ridge}

        def set_params(self, **params):
            return BaseEstimator.set_params(self, **params)

    esn = ESNRegressor(Reservoir(N, random_state=0), washout=5)
    esn.set_params(readout=MyReadout(), readout__ridge=3.0)
    assert esn.readout.ridge == 3.0
    X = np.random.default_rng(0).normal(size=(60, 1))
    search = GridSearchCV(esn, {"readout": [MyReadout()], "readout__ridge": [0.1, 1.0]},
                          cv=2).fit(X[:-1], X[1:])
    assert search.best_params_["readout__ridge"] in (0.1, 1.0)


def test_hyperopt_search_keeps_a_constant_list_the_parameter_takes():
    """Check that a space entry that is a list the parameter takes as one value (a
    per-feature input_scaling) is searched as a constant, while a list the parameter
    refuses (a leak rate) is refused as GridSearchCV's grid: the refusal took both."""
    pytest.importorskip("hyperopt", reason='needs pip install "skreservoir[hyperopt]"')
    from hyperopt import hp

    from skreservoir.model_selection import HyperoptSearchCV

    X = np.random.default_rng(0).normal(size=(120, 2))
    esn = ESNRegressor(Reservoir(N, random_state=0), washout=5)
    search = HyperoptSearchCV(
        esn, {"reservoir__leak_rate": hp.uniform("lr", 0.3, 1.0),
              "reservoir__input_scaling": [1.0, 0.5]},
        max_evals=2, cv=2, random_state=0).fit(X[:-1], X[1:, 0])
    assert list(search.best_params_["reservoir__input_scaling"]) == [1.0, 0.5]
    with pytest.raises(ValueError, match=r"\['reservoir__leak_rate'\] are lists of values"):
        HyperoptSearchCV(esn, {"reservoir__leak_rate": [0.1, 0.5]}, max_evals=2,
                         cv=2).fit(X[:-1], X[1:, 0])


def test_esgp_classifier_failed_one_class_fit_keeps_the_previous_fit():
    """Check that a refit refused for one class leaves the earlier fit usable, and a
    fresh estimator unfitted: the shape checks ran on the estimator itself, deleting its
    classes_ (predict then raised AttributeError) and leaving n_features_in_."""
    from skreservoir.esgp import ESGPClassifier

    X = np.random.default_rng(0).normal(size=(6, 15, 1))
    y = np.array([0, 1, 0, 1, 0, 1])
    clf = ESGPClassifier(n_units=8, max_iter=2, random_state=0).fit(X, y)
    expected = clf.predict(X)
    with pytest.raises(ValueError, match="at least 2 classes"):
        clf.fit(X, np.zeros(6, dtype=int))
    np.testing.assert_array_equal(clf.predict(X), expected)
    fresh = ESGPClassifier(n_units=8, max_iter=2, random_state=0)
    with pytest.raises(ValueError, match="at least 2 classes"):
        fresh.fit(X, np.zeros(6, dtype=int))
    assert not hasattr(fresh, "n_features_in_") and not hasattr(fresh, "classes_")


@pytest.mark.parametrize("fitted_on, scored_on", [(1, 2), (2, 1), (1, 3)])
@pytest.mark.parametrize("initial_state", ["fit", "rest"])
def test_score_with_another_number_of_outputs_names_them(fitted_on, scored_on, initial_state):
    """Check that ESNRegressor.score on targets with another number of outputs than the
    model predicts names both numbers and the fix (it was numpy's reshape error)."""
    targets = np.column_stack([SERIES[:, 0]] * 3)
    esn = ESNRegressor(Reservoir(N, random_state=0), washout=5).fit(
        SERIES, targets[:, :fitted_on])
    with pytest.raises(ValueError, match=f"y has {scored_on} output.*fitted on {fitted_on} "
                       f"and predicts {fitted_on}.*{fitted_on} column"):
        esn.score(SERIES, targets[:, :scored_on], initial_state=initial_state)


def test_classifier_score_with_labels_of_the_other_mode_says_which_it_predicts():
    """Check that ESNClassifier.score with one label per series for a model fitted on a
    label per time step (ReservoirPy's repeated targets), or the reverse, says what the
    model predicts and how to score it (it was scikit-learn's length error)."""
    rng = np.random.default_rng(0)
    panel = [rng.normal(size=(12 + i, 2)) for i in range(6)]
    labels = np.array(["a", "b"] * 3)
    frame = ESNClassifier(Reservoir(N, random_state=0), washout=0).fit(
        panel, [np.repeat(label, len(x)) for x, label in zip(panel, labels)])
    with pytest.raises(ValueError, match=r"y has 6 labels.*fitted frame-wise.*a label per "
                       r"time step \(87 here\).*np.repeat"):
        frame.score(panel, labels)
    sequence = ESNClassifier(Reservoir(N, random_state=0)).fit(panel, labels)
    with pytest.raises(ValueError, match=r"y has 87 labels.*on one label per series.*one "
                       r"label per series \(6 here\)"):
        sequence.score(panel, [np.repeat(label, len(x)) for x, label in zip(panel, labels)])
    # per-step labels one short: not the other mode, scikit-learn's message
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        frame.score(panel[0], np.repeat("a", len(panel[0]) - 1))


def test_nan_targets_with_a_readout_that_takes_no_sample_weight():
    """Check that NaN targets leave their rows out of a readout whose fit takes no
    sample_weight (a raw TypeError before), that the fit equals one on the other rows, and
    that real weights for such a readout raise what to do."""
    from sklearn.neighbors import KNeighborsRegressor

    from skreservoir import ESNRegressor, Reservoir

    rng = np.random.default_rng(0)
    X = rng.normal(size=(3, 40, 1))
    y = np.roll(X[..., 0], -1, axis=1)
    y_missing = y.copy()
    y_missing[1, 5] = np.nan
    model = ESNRegressor(Reservoir(n_units=20, random_state=0), KNeighborsRegressor(),
                         washout=2).fit(X, y_missing)
    states = model.reservoir_.transform(X)
    rows = np.concatenate([s[2:] for s in states])
    targets = y[:, 2:].ravel()
    kept = np.ones(len(rows), dtype=bool)
    kept[38 + 3] = False  # series 1, step 5, after the washout of 2
    expected = KNeighborsRegressor().fit(rows[kept], targets[kept])
    assert_allclose(model.predict(X)[:, 2:].ravel(), expected.predict(rows), rtol=1e-12)
    with pytest.raises(ValueError, match=r"KNeighborsRegressor.fit takes no sample_weight"):
        ESNRegressor(Reservoir(n_units=20, random_state=0), KNeighborsRegressor()).fit(
            X, y, sample_weight=rng.uniform(0.5, 1.0, size=y.shape))


def _gated(rng):
    from skreservoir import ESGPRegressor
    from skreservoir.esgp import GatedReservoir

    return GatedReservoir(ESGPRegressor(n_units=5, max_iter=2, random_state=0)).fit(
        rng.normal(size=(6, 10, 1)), rng.normal(size=6))


@pytest.mark.parametrize("case, match", [
    ("y_without_columns", r"y has no column \(shape \(50, 0\)\)"),
    ("classifier_readout", r"readout must be a regressor for ESNRegressor.*use ESNClassifier"),
    ("empty_list", r"X passed to ESNRegressor is an empty list"),
    ("empty_series_in_a_list", r"X\[1\] has no time step \(shape \(0, 1\)\)"),
    ("washouts_add_up", r"readout's washout=50 and ESNRegressor's washout \(3 rows per series\) "
                        r"add up.*22 of the shortest series' 25"),
    ("sample_weight_string", r"sample_weight must hold numbers.*'abc'"),
    ("generator", r"X passed to ESNRegressor is a generator.*list\(X\)"),
    ("one_target_per_series", r"have shape \(1, 9\).*one target per series.*"
                              r"ESNTransformer\(representation='last'\).*ESNClassifier"),
    ("one_value_per_series", r"got shape \(5,\).*one target per series"),
    # several labels per series (multilabel indicators): the classifier's own hint, which
    # told an ESNClassifier user to use ESNClassifier
    ("multilabel_per_series", r"have shape \(2,\).*several labels per series.*"
                              r"MultiOutputClassifier\(ESNClassifier"),
    ("nilpotent_initializer", r"W=<lambda> drew a matrix of spectral radius 0.*pass the "
                              r"matrix itself \(the array the initializer returns\)"),
    ("predict_iters", r"predict got 'iters'.*ESNRegressor.generate\(10\)"),
    # ReservoirPy's run(X, reset=True): Python's "unexpected keyword argument 'reset'"
    ("predict_reset", r"predict got 'reset'.*predict\(X, initial_state='rest'\) starts every "
                      r"series from rest.*initial_state='continue'"),
    ("classifier_predict_reset", r"ESNClassifier.predict got 'reset'.*initial_state='rest'"),
    # ReservoirPy 0.3's run(X, from_state=s), run(X, stateful=False): Python's bare
    # "unexpected keyword argument"
    ("predict_from_state", r"ESNRegressor.predict got 'from_state', ReservoirPy 0.3's run "
                           r"keyword: pass ESNRegressor.predict\(X, initial_state=s\)"),
    ("predict_stateful", r"predict got 'stateful'.*initial_state='fit'.*\(stateful=False\); "
                         r"initial_state='continue'.*\(stateful=True\)"),
    ("transform_from_state", r"Reservoir.transform got 'from_state'.*"
                             r"Reservoir.transform\(X, initial_state=...\) starts from a given state"),
    # ReservoirPy's reservoir.run(X, reset=True) and 0.3's fit(..., forced_feedbacks=...):
    # Python's bare "unexpected keyword argument" (a ReservoirPy tutorial port)
    ("transform_reset", r"Reservoir.transform got 'reset'.*Reservoir.transform\(X\) starts "
                        r"every series from the initial state.*pass initial_state"),
    ("fit_forced_feedbacks", r"ESNRegressor.fit got 'forced_feedbacks'.*feedback=True\)\.fit"
                             r"\(X, y\) feeds back the targets y.*not fed back"),
    ("classifier_forced_feedbacks", r"ESNClassifier.fit got 'forced_feedbacks'.*has no output "
                                    r"feedback"),
    # a review: the targets and their noise named where FORCE's loop feeds back outputs
    ("partial_fit_forced_feedbacks", r"partial_fit\(X, y\) feeds back the targets y "
                                     r"\(partial_fit_feedback='target'.*own outputs "
                                     r"\(partial_fit_feedback='output'"),
    # a battery: 'continue' advised, which ESNClassifier refuses; a bare TypeError from
    # predict_proba; "reads each row alone" said of a model of whole series
    ("classifier_frame_reset", r"ESNClassifier.predict got 'reset'.*initial_state='fit'\) "
                               r"runs on from the end of training"),
    ("classifier_proba_reset", r"ESNClassifier.predict_proba got 'reset'.*classifies every "
                               r"series from the reservoir's initial state"),
    ("esgp_reset", r"ESGPRegressor.predict\(X\) keeps no state between calls"),
    ("gated_reset", r"GatedReservoir.transform got 'reset'.*keeps no state between calls"),
    ("gated_from_state", r"GatedReservoir.transform got 'from_state'.*keeps no state between "
                         r"calls: it has no state to start from"),
    ("sequence_from_state", r"ESNClassifier.predict got 'from_state'.*classifies every "
                            r"series from the reservoir's initial state.*labels per time step "
                            r"only"),
    ("score_reset", r"ESNRegressor.score got 'reset'.*score\(X, y, initial_state='rest'\)"),
    # a review: 'continue' and 'fit' advised, which this reservoir's transform refuses
    ("plasticity_transform_reset", r"LocalPlasticityReservoir.transform\(X\) starts every "
                                   r"series from the initial state.*pass initial_state \("),
    # Python's "takes 2 positional arguments but 3 were given" (self counted, no fix)
    ("stack_positional", r"ReservoirStack\(\) takes 1 positional argument \(reservoirs\) but "
                         r"2 were given: pass the reservoirs as one list, "
                         r"ReservoirStack\(\[r1, r2\]\)"),
    ("reservoir_positional", r"Reservoir\(\) takes 1 positional argument \(n_units\) but 2 "
                             r"were given: pass the others by keyword"),
    # generate's warmup was called "X" in the messages of its checks
    ("generate_warmup_1d", r"^warmup passed to generate, checked as X is: Expected 2D array, "
                           r"got 1D array instead: X of shape \(50,\)"),
    ("generate_warmup_features", r"^warmup passed to generate, checked as X is: X has 3 "
                                 r"features, but ESNRegressor is expecting 1"),
    # scikit-learn's words alone, where a NaN's message says where it is
    ("inf_in_a_panel", r"^Input X contains infinity.*The first inf is at series 1, time step "
                       r"4: replace it"),
])
def test_messages_name_what_the_user_passed(case, match):
    """Check messages that blamed the wrong argument or named nothing the user passed: y
    without columns (blamed X's features), a classifier readout in a regressor (sklearn's
    'Unknown label type'), an empty list (a 1D-array message), an empty series in a list
    ('0 sample(s)'), two washouts that add up (a length never passed), and a string
    sample_weight (numpy's float conversion)."""
    from skreservoir import (
        ESGPRegressor,
        ESNClassifier,
        ESNRegressor,
        LocalPlasticityReservoir,
        Reservoir,
        ReservoirStack,
        RidgeReadout,
        RidgeReadoutClassifier,
    )

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(50, 1)), rng.normal(size=50)
    reservoir = Reservoir(n_units=20, random_state=0)
    calls = {
        "y_without_columns": lambda: ESNRegressor(reservoir).fit(X, np.empty((50, 0))),
        "classifier_readout": lambda: ESNRegressor(reservoir, RidgeReadoutClassifier()).fit(X, y),
        "empty_list": lambda: ESNRegressor(reservoir).fit([], []),
        "empty_series_in_a_list": lambda: ESNRegressor(reservoir).fit(
            [rng.normal(size=(20, 1)), np.empty((0, 1))], [rng.normal(size=20), np.empty(0)]),
        "washouts_add_up": lambda: ESNRegressor(reservoir, RidgeReadout(washout=50),
                                                washout=3).fit(rng.normal(size=(2, 25, 1)),
                                                               rng.normal(size=(2, 25))),
        "sample_weight_string": lambda: ESNRegressor(reservoir).fit(X, y, sample_weight="abc"),
        "generator": lambda: ESNRegressor(reservoir).fit((x for x in [X, X]), [y, y]),
        # ReservoirPy's sequence-to-vector targets (one one-hot row per series)
        "one_target_per_series": lambda: ESNRegressor(reservoir).fit(
            [rng.normal(size=(20, 3)) for _ in range(5)], [np.zeros((1, 9))] * 5),
        "one_value_per_series": lambda: ESNRegressor(reservoir).fit(
            rng.normal(size=(5, 20, 3)), np.zeros(5)),
        "multilabel_per_series": lambda: ESNClassifier(reservoir).fit(
            rng.normal(size=(6, 20, 1)), np.array([[0, 1], [1, 0], [1, 1]] * 2)),
        # reservoirpy.mat_gen.line draws such a matrix: it cannot be scaled
        "nilpotent_initializer": lambda: Reservoir(
            10, W=lambda shape, rng: np.zeros(shape), random_state=0).fit(X),
        # ReservoirPy's run(iters=n)
        "predict_iters": lambda: ESNRegressor(reservoir).fit(X, y).predict(iters=10),
        "predict_reset": lambda: ESNRegressor(reservoir).fit(X, y).predict(X, reset=True),
        "predict_from_state": lambda: ESNRegressor(reservoir).fit(X, y).predict(
            X, from_state=np.zeros(20)),
        "predict_stateful": lambda: ESNRegressor(reservoir).fit(X, y).predict(
            X, stateful=False),
        "transform_from_state": lambda: Reservoir(n_units=20, random_state=0).fit(X).transform(
            X, from_state=np.zeros(20)),
        "transform_reset": lambda: Reservoir(n_units=20, random_state=0).fit(X).transform(
            X, reset=True),
        "fit_forced_feedbacks": lambda: ESNRegressor(reservoir, feedback=True).fit(
            X, y, forced_feedbacks=y),
        "classifier_forced_feedbacks": lambda: ESNClassifier(reservoir).fit(
            X, y > 0, forced_feedbacks=y),
        "partial_fit_forced_feedbacks": lambda: ESNRegressor(
            reservoir, feedback=True, partial_fit_feedback="output").partial_fit(
            X, y, forced_feedbacks=y),
        "classifier_frame_reset": lambda: ESNClassifier(reservoir).fit(
            X, y > 0).predict(X, reset=True),
        "classifier_proba_reset": lambda: ESNClassifier(reservoir).fit(
            rng.normal(size=(4, 20, 1)), [0, 1, 0, 1]).predict_proba(
            rng.normal(size=(2, 20, 1)), reset=True),
        "sequence_from_state": lambda: ESNClassifier(reservoir).fit(
            rng.normal(size=(4, 20, 1)), [0, 1, 0, 1]).predict(
            rng.normal(size=(2, 20, 1)), from_state=np.zeros(20)),
        "score_reset": lambda: ESNRegressor(reservoir).fit(X, y).score(X, y, reset=True),
        "gated_reset": lambda: _gated(rng).transform(rng.normal(size=(2, 10, 1)), reset=True),
        "gated_from_state": lambda: _gated(rng).transform(rng.normal(size=(2, 10, 1)),
                                                          from_state=np.zeros(5)),
        "esgp_reset": lambda: ESGPRegressor(n_units=5, max_iter=2, random_state=0).fit(
            rng.normal(size=(6, 10, 1)), rng.normal(size=6)).predict(
            rng.normal(size=(2, 10, 1)), reset=True),
        "plasticity_transform_reset": lambda: LocalPlasticityReservoir(
            n_units=10, random_state=0).fit(X).transform(X, reset=True),
        "classifier_predict_reset": lambda: ESNClassifier(reservoir).fit(
            X, y > 0).predict(X, reset=True),
        "stack_positional": lambda: ReservoirStack(reservoir, Reservoir(n_units=10)),
        "reservoir_positional": lambda: Reservoir(100, 0.9),
        "generate_warmup_1d": lambda: ESNRegressor(reservoir).fit(X[:-1], X[1:]).generate(
            5, warmup=X[:50, 0]),
        "generate_warmup_features": lambda: ESNRegressor(reservoir).fit(X[:-1], X[1:]).generate(
            5, warmup=np.ones((50, 3))),
        "inf_in_a_panel": lambda: ESNClassifier(reservoir).fit(
            np.where(np.arange(3 * 20)[:, None].reshape(3, 20, 1) == 24, np.inf, 0.5),
            np.array([0, 1, 0])),
    }
    with pytest.raises((ValueError, TypeError), match=match):
        calls[case]()


def test_a_readout_washout_is_checked_in_fit_not_in_score():
    """Check that score on series shorter than the two washouts together still scores (the
    readout's washout applies in fit only; the check of fit refused score's series)."""
    from skreservoir import ESNRegressor, Reservoir, RidgeReadout

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 1))
    y = np.roll(X[:, 0], -1)
    model = ESNRegressor(Reservoir(n_units=20, random_state=0), RidgeReadout(washout=10),
                         washout=5).fit(X, y)
    assert np.isfinite(model.score(X[:12], y[:12]))


def test_panel_under_global_pandas_output_names_set_config():
    """Check that a panel transformed under sklearn.set_config(transform_output="pandas")
    is refused naming set_config as well as set_output (the user never called the latter)."""
    import sklearn

    from skreservoir import Reservoir

    X = np.random.default_rng(0).normal(size=(3, 20, 1))
    with sklearn.config_context(transform_output="pandas"):
        with pytest.raises(ValueError, match=r"set_config\(transform_output='pandas'\).*"
                                             r"a panel of 3 series"):
            Reservoir(n_units=10, random_state=0).fit_transform(X)


def test_classes_only_in_the_washout_are_kept_and_said():
    """Check ESNClassifier keeps every class of y in classes_ (as scikit-learn does) and
    warns of those only the washout holds; it dropped them silently (predict_proba had
    fewer columns), and refused two classes of which one was in the washout as one."""
    from sklearn.linear_model import LogisticRegression, SGDClassifier

    from skreservoir import RidgeReadoutClassifier
    from skreservoir.exceptions import DataLayoutWarning

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    y = (X[:, 0] > 0).astype(int)
    y[:3] = 2
    with pytest.warns(DataLayoutWarning, match=r"labels \[2\] occur only in the first 48 steps.*"
                                         r"classes_ holds them"):
        clf = ESNClassifier(random_state=0).fit(X, y)
    assert clf.washout_ == 48
    assert clf.classes_.tolist() == [0, 1, 2]
    assert clf.predict_proba(X).shape == (200, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        assert ESNClassifier(random_state=0, washout=0).fit(X, y).classes_.tolist() == [0, 1, 2]
    ones_first = np.r_[np.ones(20, int), np.zeros(180, int)]
    with pytest.warns(UserWarning, match=r"labels \[1\] occur only"):
        assert ESNClassifier(random_state=0).fit(X, ones_first).classes_.tolist() == [0, 1]
    # a readout that cannot be told of them: said, and classes_ is what it learnt
    with pytest.warns(UserWarning, match=r"LogisticRegression cannot be told of them"):
        clf = ESNClassifier(readout=LogisticRegression(), random_state=0).fit(X, y)
    assert clf.classes_.tolist() == [0, 1]
    # another library's partial_fit is one pass of its solver: its fit is kept
    with pytest.warns(DataLayoutWarning, match=r"SGDClassifier cannot be told of them"):
        clf = ESNClassifier(readout=SGDClassifier(random_state=0), random_state=0).fit(X, y)
    assert clf.readout_.n_iter_ > 1
    # the readout's own washout is named as such
    with pytest.warns(DataLayoutWarning, match=r"first 20 steps of each series \(the "
                                               r"readout's washout=20\)"):
        ESNClassifier(readout=RidgeReadoutClassifier(washout=20), washout=0,
                      random_state=0).fit(X, np.r_[np.full(10, 2), y[10:]])


def test_sample_weight_zero_after_the_washout_names_the_washout():
    """Check weights positive only inside the washout are refused naming it (the readout
    said "sample_weight is all zero" of weights that were not)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 2))
    weights = np.r_[np.ones(100), np.zeros(200)]
    for make, y in ((ESNRegressor, X[:, 0]), (ESNClassifier, (X[:, 0] > 0).astype(int))):
        with pytest.raises(ValueError, match=r"after the washout \(the first 100 steps.*lower "
                                             r"washout"):
            make(washout=100, random_state=0).fit(X, y, sample_weight=weights)
    ESNRegressor(washout=50, random_state=0).fit(X, X[:, 0], sample_weight=weights)


@pytest.mark.parametrize("make", [ESNRegressor, ESNTransformer])
def test_columns_that_are_not_numbers_are_named(make):
    """Check text, category and date columns of a DataFrame (and text in an object array)
    are refused naming them, not with pandas' or numpy's conversion errors."""
    pd = pytest.importorskip("pandas", reason=PANDAS_ABSENT)
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(60, 2)), columns=["a", "b"])
    y = frame["a"].to_numpy()

    def fit(X):
        return make(random_state=0).fit(X, y) if make is ESNRegressor else make(
            random_state=0).fit(X)

    for column, dtype in ((["x", "y"] * 30, "object|str"),
                          (pd.Categorical(["x", "y"] * 30), "category"),
                          (pd.date_range("2020", periods=60), "datetime64")):
        with pytest.raises(ValueError, match=rf"columns that are not numbers: \{{'c': '({dtype})"):
            fit(frame.assign(c=column))
    with pytest.raises(ValueError, match="X must hold numbers.*dtype object"):
        fit(np.array([["x", "y"]] * 60, dtype=object))
    fit(frame.assign(c=pd.array(range(60), dtype="Int64"), d=[True, False] * 30))
    fit(frame.to_numpy().astype(object))  # numbers in an object array


def test_nvar_prediction_from_rest_warns_of_its_zero_padded_window():
    """Check an ESN with NVAR, fitted on one series, warns (WarmupWarning) when it
    predicts another from rest: its first n_warmup_ predictions read zeros for the
    inputs before X (they were constant, without a word); initial_state='fit' continues."""
    from skreservoir.exceptions import WarmupWarning

    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2))
    esn = ESNRegressor(NVAR(delay=5), random_state=0).fit(X[:80], X[:80, 0])
    with pytest.warns(WarmupWarning, match=r"first n_warmup_=4 predictions read the inputs "
                                           r"before X's first row as zeros.*initial_state='fit'"):
        rest = esn.predict(X[80:])
    assert np.ptp(rest[:4]) < 1e-12  # the constant the warning is about
    with warnings.catch_warnings():
        warnings.simplefilter("error", WarmupWarning)
        continued = esn.predict(X[80:], initial_state="fit")
        esn.predict(X[80:], initial_state="rest")
        esn.predict(X)  # the training series from its start, as in training
    assert_allclose(continued[:4], X[80:84, 0], atol=1e-5)


def test_reservoir_stack_random_state_seeds_its_unseeded_layers():
    """Check ReservoirStack(random_state=...) draws the same weights at every fit (it had
    no seed: scikit-learn's idempotence and pipeline-consistency checks failed on it),
    a layer's own seed wins, and an ESN's random_state still seeds the layers."""
    X = np.random.default_rng(0).normal(size=(50, 2))
    stack = ReservoirStack([Reservoir(20), Reservoir(20, random_state=5)], random_state=0)
    assert_allclose(stack.fit(X).transform(X), stack.fit(X).transform(X))
    other = ReservoirStack([Reservoir(20), Reservoir(20, random_state=5)], random_state=1)
    first, second = stack.fit(X).reservoirs_, other.fit(X).reservoirs_
    assert not np.allclose(first[0].W_.toarray(), second[0].W_.toarray())
    assert_allclose(first[1].W_.toarray(), second[1].W_.toarray())  # its own seed
    esn = ESNRegressor(ReservoirStack([Reservoir(20), Reservoir(20)]), random_state=3)
    assert_allclose(esn.fit(X, X[:, 0]).predict(X), esn.fit(X, X[:, 0]).predict(X))

    # a stack's own seed counts as a seed wherever seeds are derived: it wins over the
    # ESN's, as a Reservoir's does, and seeds what the ESN draws besides (W_fb)
    def stack(seed):
        return ReservoirStack([Reservoir(20), Reservoir(20)], random_state=seed)

    def fitted(esn):
        return esn.fit(X, X[:, 0]).predict(X)

    assert not np.allclose(fitted(ESNRegressor(stack(0), random_state=1)),
                           fitted(ESNRegressor(stack(5), random_state=1)))
    fed_back = ESNRegressor(stack(0), feedback=True)
    assert_allclose(fitted(fed_back), fitted(fed_back))
    pd = pytest.importorskip("pandas", reason=PANDAS_ABSENT)
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.forecasting import ESNForecaster

    y = pd.Series(np.sin(np.arange(200) / 5))
    forecasts = [ESNForecaster(stack(0)).fit(y, fh=[1, 2]).predict() for _ in range(2)]
    assert_allclose(*forecasts)


def test_numpy_scalar_parameters_survive_a_pickle():
    """Check numpy-scalar hyperparameters (np.linspace grids, a search's best_params_)
    stay numpy scalars through a pickle: they became 0-d arrays, which fit refused, so
    every fold of a search or cross-validation with n_jobs=2 failed (a PyRCN port)."""
    import pickle

    from sklearn.model_selection import TimeSeriesSplit, cross_val_score

    esn = ESNRegressor(Reservoir(np.int64(30), spectral_radius=np.float64(0.9), random_state=0),
                       RidgeReadout(alpha=np.float64(1e-6)), washout=np.int64(5))
    restored = pickle.loads(pickle.dumps(esn))
    for value in (restored.reservoir.spectral_radius, restored.reservoir.n_units,
                  restored.readout.alpha, restored.washout):
        assert isinstance(value, np.generic) and np.ndim(value) == 0
    X = np.sin(np.arange(300) / 5)[:, None]
    y = np.roll(X[:, 0], -1)
    restored.fit(X, y)
    scores = cross_val_score(esn, X, y, cv=TimeSeriesSplit(2), n_jobs=2, error_score="raise")
    assert np.all(np.isfinite(scores))


def test_pyrcn_workflows_first_try():
    """Check a PyRCN port's first tries: its sequence targets (np.atleast_1d(label) per
    series) are one label per series (refused: 'shape (1,), expected (8,)'); a label
    repeated on every frame warns that the model is frame-wise; flat names in set_params
    (PyRCN's grids) and PyRCN's keywords say where they go."""
    from skreservoir.exceptions import DataLayoutWarning

    rng = np.random.default_rng(0)
    X = np.empty(40, dtype=object)
    X[:] = [rng.normal(size=(8, 3)) + (k % 2) for k in range(40)]
    y = np.empty(40, dtype=object)
    y[:] = [np.atleast_1d(k % 2) for k in range(40)]
    clf = ESNClassifier(random_state=0).fit(X, y)
    assert clf.mode_ == "sequence" and clf.predict(X).shape == (40,)
    assert clf.score(X, y) == clf.score(X, np.arange(40) % 2)
    with pytest.warns(DataLayoutWarning, match=r"every time step of each series that series' "
                                               r"one label.*y = \[labels\[0\] for labels"):
        frames = ESNClassifier(random_state=0).fit(list(X), [np.full(8, k % 2)
                                                             for k in range(40)])
    assert frames.mode_ == "frame"
    with pytest.raises(ValueError, match=r"'spectral_radius', a parameter of the reservoir.*"
                                         r"reservoir__spectral_radius=0.9"):
        ESNRegressor().set_params(spectral_radius=0.9)
    with pytest.raises(ValueError, match=r"'alpha', a parameter of the readout"):
        ESNClassifier().set_params(alpha=1e-3)
    with pytest.raises(TypeError, match=r"'regressor', PyRCN's name of its 'readout'"):
        ESNRegressor(regressor=RidgeReadout())
    with pytest.raises(TypeError, match=r"ESNTransformer\(bidirectional=True\)"):
        ESNClassifier(bidirectional=True)
    with pytest.raises(ValueError, match=r"a stack inside a stack is not supported"):
        ReservoirStack([ReservoirStack([Reservoir(5)]), Reservoir(5)]).fit(np.zeros((9, 1)))


def test_reservoir_computing_workflows_first_try():
    """Check a port of Bianchi's reservoir-computing tutorials: its names on
    ESNTimeSeriesClassifier are translated (a bare TypeError), its reservoir names say the
    two settings that make the reservoir its own, w_ridge goes to the readout, and its
    tensor PCA and readouts say what stands for them."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.classification import ESNTimeSeriesClassifier

    with pytest.raises(TypeError, match=r"'mts_rep', reservoir-computing's name of its "
                                        r"'representation'.*'readout_type'.*make_pipeline"):
        ESNTimeSeriesClassifier(mts_rep="reservoir", readout_type="lin")
    with pytest.raises(TypeError, match=r"Reservoir\(n_units=450, density=0.25.*input_density"
                                        r"=1.0, bias_scaling=0"):
        Reservoir(n_internal_units=450, connectivity=0.25)
    with pytest.raises(TypeError, match=r"'w_ridge'.*readout's 'alpha'"):
        ESNClassifier(w_ridge=1.0)
    with pytest.raises(TypeError, match=r"tensor PCA \('tenpca'\) has no counterpart"):
        ESNTransformer(dimred_method="tenpca")
    # its values: leak=None (no leak) and mts_rep's names given to ours
    from sklearn.utils._param_validation import InvalidParameterError

    X = np.random.default_rng(0).normal(size=(4, 20, 2))
    with pytest.raises(InvalidParameterError, match=r"without leak.*is leak_rate=1.0"):
        Reservoir(leak_rate=None).fit(X[0])
    with pytest.raises(InvalidParameterError, match=r"got 'reservoir', reservoir-computing's "
                                                    r"name: pass representation="
                                                    r"'reservoir_model_space'"):
        ESNTransformer(representation="reservoir").fit(X)


# --- a scikit-learn user's battery, 2026-12-05 ---------------------------------


def test_a_ragged_list_of_rows_is_named():
    """One series typed as a list of rows, one row short: numpy's "inhomogeneous shape"
    named neither X nor the fix."""
    with pytest.raises(ValueError, match=r"rows have different lengths \(\[2, 3\]\).*2D array"):
        Reservoir(20, random_state=0).fit([[1.0, 2.0, 3.0], [1.0, 2.0]] * 60)
    # a panel of series of different lengths is still a panel
    Reservoir(5, random_state=0).fit([np.ones((10, 2)), np.ones((7, 2))])


@pytest.mark.parametrize("make, name, fix", [
    (lambda: ESNRegressor(Reservoir, RidgeReadout()), "reservoir", r"Reservoir\(\)"),
    (lambda: ESNRegressor(Reservoir(10), RidgeReadout), "readout", r"RidgeReadout\(\)"),
    (lambda: ESNClassifier(Reservoir(10), RidgeReadout), "readout", r"RidgeReadout\(\)"),
])
def test_a_part_given_as_a_class_is_named(make, name, fix):
    """A reservoir or readout given as a class: scikit-learn's clone said "You should
    provide an instance of scikit-learn estimator instead of a class", naming neither."""
    X = np.random.default_rng(0).normal(size=(50, 1))
    y = X[:, 0] if is_regressor(make()) else (X[:, 0] > 0).astype(int)
    with pytest.raises(TypeError, match=f"{name} must be an instance, got the class .*{fix}"):
        make().fit(X, y)


def test_n_jobs_zero_is_refused_by_name():
    """n_jobs=0: joblib's "n_jobs == 0 in Parallel has no meaning" (the forecaster), or
    accepted on a small panel and refused on a larger one (ESNTransformer)."""
    from sklearn.utils._param_validation import InvalidParameterError

    panel = np.random.default_rng(0).normal(size=(6, 20, 3))
    with pytest.raises(InvalidParameterError, match="n_jobs"):
        ESNTransformer(Reservoir(20, random_state=0), n_jobs=0).fit(panel)
    ESNTransformer(Reservoir(20, random_state=0), n_jobs=-1).fit(panel)


def test_reservoir_step_before_fit_is_not_fitted():
    """Reservoir.step before fit: NotFittedError, not the AttributeError of initial_state_."""
    from sklearn.exceptions import NotFittedError

    for reservoir in (Reservoir(20), NVAR()):
        with pytest.raises(NotFittedError):
            reservoir.step(np.zeros(20), np.ones(3))


def test_nvar_whose_window_covers_every_row_warns():
    """A delay window longer than every series: all the features are zeros, silently."""
    from skreservoir.exceptions import WarmupWarning

    X = np.random.default_rng(0).normal(size=(120, 3))
    with pytest.warns(WarmupWarning, match="n_warmup_=200.*all zeros.*smaller delay or stride"):
        features = NVAR(stride=200).fit(X).transform(X)
    assert not features.any()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        NVAR(delay=2).fit(X).transform(X[:3])  # one complete row: no warning


def test_esgp_whose_loss_explodes_says_so():
    """Adam diverging to a finite loss (learning_rate_init=1e6: 0.03 to 2e12) warned only
    that max_iter was reached."""
    from sklearn.exceptions import ConvergenceWarning

    from skreservoir import ESGPRegressor

    X = np.sin(np.linspace(0, 20, 120))[:, None] * np.arange(1, 4)
    y = np.roll(X[:, 0], -1)
    with pytest.warns(ConvergenceWarning, match="loss grew from .* Adam diverged.*learning_rate_init"):
        ESGPRegressor(10, max_iter=5, learning_rate_init=1e6, random_state=0).fit(X, y)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ESGPRegressor(10, max_iter=5, random_state=0).fit(X, y)
    assert not any("diverged" in str(w.message) for w in caught)


def test_time_series_classifier_refuses_complex_and_text_by_name():
    """Complex X lost its imaginary part with only numpy's ComplexWarning; text X gave
    numpy's "could not convert string to float"; reservoir='foo' sklearn's clone error."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.classification import ESNTimeSeriesClassifier

    rng = np.random.default_rng(0)
    y = np.arange(10) % 2
    model = ESNTimeSeriesClassifier(reservoir=Reservoir(20, random_state=0), n_reservoirs=1)
    with pytest.raises(ValueError, match="Complex data not supported.*X.real, X.imag"):
        model.fit(rng.normal(size=(10, 1, 20)) + 1j, y)
    with pytest.raises(ValueError, match="X must hold numbers for ESNTimeSeriesClassifier"):
        model.fit(np.full((10, 1, 20), "a"), y)
    with pytest.raises(TypeError, match="reservoir must be an estimator with fit and transform"):
        ESNTimeSeriesClassifier(reservoir="foo", n_reservoirs=1).fit(rng.normal(size=(10, 1, 20)), y)


@pytest.mark.parametrize("forecaster", ["ESNForecaster", "NVARForecaster"])
def test_forecasters_are_equivariant_to_extreme_scales(forecaster):
    """y times 1e-200 or 1e200 is forecast as y times that scale: the trend and season
    tests' squares under- or overflowed and dropped them silently (the forecast moved by
    1.5 to 10 %), an exact line and season left rounding noise of 1e85 unscaled (NVAR's
    squares overflowed: numpy's LinAlgError), and the overflow warned spuriously."""
    pd = pytest.importorskip("pandas", reason=PANDAS_ABSENT)
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir import forecasting

    t = np.arange(72)
    y = pd.Series(10 + np.sin(2 * np.pi * t / 12) + 0.05 * t,
                  index=pd.period_range("2000-01", periods=72, freq="M"))

    def make():
        if forecaster == "NVARForecaster":
            return forecasting.NVARForecaster()
        return forecasting.ESNForecaster(Reservoir(30, random_state=0), n_ensemble=2,
                                         random_state=0)

    reference = make().fit(y, fh=[1, 2, 3])
    for scale in (1e-200, 1e100, 1e200):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            scaled = make().fit(y * scale, fh=[1, 2, 3])
            forecast = scaled.predict().to_numpy() / scale
        assert_allclose(forecast, reference.predict().to_numpy(), rtol=1e-12)
        assert scaled.transform_.season_length_ == reference.transform_.season_length_ == 12
        assert_allclose(scaled.transform_.trend_ / scale, reference.transform_.trend_,
                        rtol=1e-12)


@pytest.mark.parametrize("forecaster", ["ESNForecaster", "AutoESNForecaster"])
def test_more_lags_than_points_is_refused_by_name(forecaster):
    """n_lags of at least the series' length: lags before its start repeat its first value
    (10**6 of them ran out of memory in numpy's words, for AutoESNForecaster)."""
    pd = pytest.importorskip("pandas", reason=PANDAS_ABSENT)
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir import forecasting

    y = pd.Series(10 + np.sin(np.arange(72) / 2),
                  index=pd.period_range("2000-01", periods=72, freq="M"))
    model = getattr(forecasting, forecaster)(n_lags=10**6)
    with pytest.raises(ValueError, match=r"n_lags=1000000 reads the last .* 72 time points of "
                                         r"y; pass n_lags below 72"):
        model.fit(y, fh=[1])


@pytest.mark.parametrize("forecaster", ["ESNForecaster", "NVARForecaster", "AutoESNForecaster"])
def test_a_float_time_index_is_named(forecaster):
    """y indexed by solve_ivp's float times: sktime's "Unsupported input data type ...
    must be in an sktime compatible format" named neither the index nor the fix."""
    pd = pytest.importorskip("pandas", reason=PANDAS_ABSENT)
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir import forecasting

    y = pd.Series(np.sin(np.arange(100) * 0.1), index=np.arange(100) * 0.1)
    with pytest.raises(TypeError, match=r"index holds floats .*reset_index\(drop=True\)"):
        getattr(forecasting, forecaster)().fit(y, fh=[1])



@pytest.mark.parametrize("forecaster", ["ESNForecaster", "NVARForecaster", "AutoESNForecaster"])
def test_a_timedelta_index_is_named(forecaster):
    """y indexed by time since a start (a TimedeltaIndex): sktime took it, then failed
    in pandas at the forecast's time points ("Addition/subtraction of integers ...
    with TimedeltaArray"); it is named at fit, with the two fixes, which work."""
    pd = pytest.importorskip("pandas", reason=PANDAS_ABSENT)
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir import forecasting

    make = getattr(forecasting, forecaster)
    params = {"budget": 2, "n_units": 20} if forecaster == "AutoESNForecaster" else {}
    y = pd.Series(np.sin(np.arange(80) / 3) + 2, index=pd.timedelta_range(0, periods=80,
                                                                       freq="1s"))
    with pytest.raises(TypeError, match=r"y's index is a TimedeltaIndex .*y.index = "
                                        r"pd.Timestamp\(0\) \+ y.index .*reset_index"):
        make(**params).fit(y, fh=[1])
    dated = y.copy()
    dated.index = pd.Timestamp(0) + y.index
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert make(**params).fit(dated, fh=[1, 2]).predict().index[-1] == pd.Timestamp(
            "1970-01-01 00:01:21")


def test_one_date_in_each_month_on_other_days_says_to_period():
    """Dates on the 15th of each month (or any day, one per month or quarter) fit no
    calendar frequency; the general advice, asfreq of the shortest step (672h), kept 2
    of 60 values. The error says to_period with the period found, and the reindex where
    periods are missing; a month-start index with a gap keeps its asfreq('MS')."""
    pd = pytest.importorskip("pandas", reason=PANDAS_ABSENT)
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.forecasting import ESNForecaster

    def series(dates):
        return pd.Series(10 + np.sin(np.arange(len(dates))), index=pd.DatetimeIndex(dates))

    monthly = [pd.Timestamp(2010 + i // 12, i % 12 + 1, 15) for i in range(60)]
    with pytest.raises(ValueError, match=r"one date in each month on different days \(from "
                                         r"2010-01-15; steps of 28 to 31 days\).*y.index = "
                                         r"y.index.to_period\('M'\); its forecasts"):
        ESNForecaster().fit(series(monthly), fh=[1])
    with pytest.raises(ValueError, match=r"1 month\(s\) without a date.*to_period\('M'\), "
                                         r"then y = y.reindex\(pd.period_range"):
        ESNForecaster().fit(series(monthly[:20] + monthly[21:]), fh=[1])
    quarterly = [pd.Timestamp(2010 + i // 4, 3 * (i % 4) + 1, 10) for i in range(30)]
    with pytest.raises(ValueError, match=r"each quarter .*to_period\('Q'\)"):
        ESNForecaster().fit(series(quarterly), fh=[1])
    starts = pd.date_range("2010-01-01", periods=60, freq="MS").delete(7)
    with pytest.raises(ValueError, match=r"not evenly spaced .*y.asfreq\('MS'\)"):
        ESNForecaster().fit(series(starts), fh=[1])
    fixed = series(monthly)
    fixed.index = fixed.index.to_period("M")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert str(ESNForecaster().fit(fixed, fh=[1]).predict().index[0]) == "2015-01"

def test_standardize_false_keeps_y_unscaled_at_any_magnitude():
    """standardize=False leaves y as it is: the scale of a series whose transformed values
    are rounding noise is the series' magnitude only where y is standardised (at 1e13 it
    was divided by 7e13 and the forecast moved, with standardize_ still False)."""
    pd = pytest.importorskip("pandas", reason=PANDAS_ABSENT)
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.forecasting import NVARForecaster

    t = np.arange(72)
    y = pd.Series(1e13 * (10 + np.sin(2 * np.pi * t / 12) + 0.05 * t),
                  index=pd.period_range("2000-01", periods=72, freq="M"))
    forecaster = NVARForecaster(standardize=False).fit(y, fh=[1])
    assert not forecaster.standardize_
    assert np.all(forecaster._scalers["y"][1] == 1.0)


def test_reservoirpy_side_by_side_connection_points_to_ours():
    """ReservoirPy's [r1, r2] >> readout: the reflected operator says what to write."""
    with pytest.raises(TypeError, match=r"ReservoirStack\(\[r1, r2\], parallel=True\)"):
        [Reservoir(5), Reservoir(5)] >> RidgeReadout()
    with pytest.raises(AttributeError, match="a reservoir is not trained"):
        Reservoir(5).train


@pytest.mark.parametrize("make", [
    lambda: ESNRegressor(Reservoir(N, random_state=0), washout=True),
    lambda: ESNRegressor(Reservoir(n_units=True, random_state=0)),
    lambda: ESNRegressor(Reservoir(N, leak_rate=True, random_state=0)),
    lambda: ESNRegressor(Reservoir(N, random_state=0), RidgeReadout(alpha=np.bool_(True))),
])
def test_booleans_are_not_numbers(make):
    """Check that True is refused where a number is asked for (it is an int to Python:
    washout=True was taken as 1, n_units=True failed later with a message about the
    spectral radius), naming the parameter."""
    with pytest.raises(ValueError, match=r"parameter of \w+ must be .* Got (True|np.True_)"):
        make().fit(SERIES[:100], SERIES[1:101])


@pytest.mark.parametrize("where", ["X", "y", "panel", "predict"])
def test_complex_values_are_named_with_the_fix(where):
    """Check that complex inputs or targets say which, and how to pass them as real
    numbers (scikit-learn's "Complex data not supported" printed the whole array)."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 1)), rng.normal(size=60)
    esn = ESNRegressor(reservoir=Reservoir(20), random_state=0)
    if where == "X":
        call, match = lambda: esn.fit(X + 1j, y), r"X must hold real numbers.*X.real"
    elif where == "y":
        call, match = lambda: esn.fit(X, y + 1j), r"y must hold real numbers.*y.imag"
    elif where == "panel":
        call, match = lambda: esn.fit([X, X + 1j], [y, y]), "X must hold real numbers"
    else:
        esn.fit(X, y)
        call, match = lambda: esn.predict(X * 1j), "X must hold real numbers"
    with pytest.raises(ValueError, match=match) as error:
        call()
    assert len(str(error.value)) < 300  # no array printed


def _sine_series(index=None):
    import pandas as pd

    values = np.sin(np.arange(60) / 4) + 3.0
    return pd.Series(values, index=index if index is not None else np.arange(60))


def test_forecasters_refuse_an_integer_index_with_gaps():
    """Check that an integer index with gaps (0..29, 100..129) is refused as a date index
    with gaps is, with the reindex to pass (it was fitted as consecutive points and its
    in-sample forecasts labelled 98 and 99, times not in y)."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.forecasting import ESNForecaster, NVARForecaster

    y = _sine_series(np.r_[np.arange(30), np.arange(100, 130)])
    for forecaster in (NVARForecaster(), ESNForecaster()):
        with pytest.raises(ValueError, match=r"y's time index is not evenly spaced \(70 time "
                                             r"point\(s\) missing, the first after 29.*"
                                             r"y.reindex\(range\(y.index\[0\], y.index\[-1\] "
                                             r"\+ 1\)\).*y.reset_index\(drop=True\)"):
            forecaster.fit(y)
    NVARForecaster().fit(_sine_series(np.arange(0, 120, 2)))  # evenly spaced: fitted


def test_predict_residuals_on_an_index_stepping_by_two():
    """Check that predict_residuals after a fit on an integer index stepping by 2 gives the
    residuals of every time point, as on consecutive integers (its in-sample fh, in units
    of the index, reached twice as far back as y goes and was refused)."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.forecasting import NVARForecaster

    y = _sine_series(np.arange(0, 120, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        residuals = NVARForecaster().fit(y).predict_residuals()
        consecutive = NVARForecaster().fit(y.reset_index(drop=True)).predict_residuals()
    assert list(residuals.index) == list(y.index)
    assert_allclose(residuals.to_numpy(), consecutive.to_numpy(), equal_nan=True)


def test_absolute_dates_between_the_time_points_are_refused():
    """Check that an absolute fh of dates off the index's grid (06:00 on a daily index) is
    refused naming the date and the grid (one such date returned the next day's forecast
    labelled 06:00; three gave sktime's "must not contain any duplicates")."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    import pandas as pd
    from sktime.forecasting.base import ForecastingHorizon

    from skreservoir.forecasting import NVARForecaster

    forecaster = NVARForecaster().fit(
        _sine_series(pd.date_range("2000-01-01", periods=60, freq="D")))
    on_grid = ForecastingHorizon(pd.DatetimeIndex(["2000-01-10", "2000-03-02"]),
                                 is_relative=False)
    assert len(forecaster.predict(fh=on_grid)) == 2
    # a calendar step (business days), and a time zone converted to the series'
    business = NVARForecaster().fit(
        _sine_series(pd.date_range("2000-01-03", periods=60, freq="B")))
    with pytest.raises(ValueError, match=r"fh holds 2000-03-24 01:00:00, which is not a "
                                         r"time point.*frequency 'B'"):
        business.predict(fh=ForecastingHorizon(pd.DatetimeIndex(["2000-03-24 01:00"]),
                                               is_relative=False))
    paris = NVARForecaster().fit(_sine_series(
        pd.date_range("2000-01-01", periods=60, freq="D", tz="Europe/Paris")))
    utc = (paris.cutoff[-1] + pd.Timedelta(days=1)).tz_convert("UTC")
    assert len(paris.predict(fh=ForecastingHorizon(pd.DatetimeIndex([utc]),
                                                   is_relative=False))) == 1
    for dates in (["2000-03-02 06:00"], ["2000-03-01 12:00", "2000-03-02 06:00"]):
        fh = ForecastingHorizon(pd.DatetimeIndex(dates), is_relative=False)
        with pytest.raises(ValueError, match=rf"fh holds {dates[0]}:00, which is not a time "
                                             r"point of the series' index \(frequency 'D'"):
            forecaster.predict(fh=fh)


def test_a_delay_window_longer_than_the_series_is_refused_before_the_fit():
    """Check that NVARForecaster(delay=600) on 60 points says it needs 602 at once (the
    same message came after its feature table of 180,000 columns was built: 5 s and 2 GB
    at delay 600, 35 s and 8 GB at 1000)."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from unittest import mock

    import skreservoir.nvar
    from skreservoir.forecasting import NVARForecaster

    with mock.patch.object(skreservoir.nvar, "monomial_powers",
                           side_effect=AssertionError("the table was built")):
        with pytest.raises(ValueError, match=r"needs at least 602 time points \(the 599 "
                                             r"incomplete rows of its delay window"):
            NVARForecaster(delay=600).fit(_sine_series())


def test_sample_paths_beyond_memory_are_refused_before_any_work():
    """Check that sample_paths(n_paths=10**9) says the memory it needs and the fix at once
    (it was accepted and would have run for about 13 hours)."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.forecasting import ESNForecaster

    forecaster = ESNForecaster().fit(_sine_series())
    with pytest.raises(MemoryError, match=r"n_paths=1000000000 paths over 1 step\(s\) need "
                                          r"about [0-9.e+]+ GiB.*draw fewer paths"):
        forecaster.sample_paths(fh=[1], n_paths=10**9)
    assert forecaster.sample_paths(fh=[1, 2], n_paths=5).shape == (5, 2, 1)


@pytest.mark.parametrize("coverage", [0, 2, "90%", 1.0, [0.5, 1.5], True])
def test_interval_coverage_out_of_range_or_not_a_float_is_named(coverage):
    """Check that coverage (and the quantiles' alpha) that is not a float in (0, 1) is
    named with an example (sktime's own check raised "'int' object is not iterable" for
    an int and a TypeError comparing int and str for a str)."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.forecasting import NVARForecaster

    forecaster = NVARForecaster().fit(_sine_series())
    with pytest.raises(ValueError, match=r"coverage must be a float in the open interval "
                                         r"\(0, 1\) or a list of them \(0.9 for a 90% "
                                         r"interval\), got coverage="):
        forecaster.predict_interval(fh=[1], coverage=coverage)
    with pytest.raises(ValueError, match=r"alpha must be a float in the open interval"):
        forecaster.predict_quantiles(fh=[1], alpha=coverage)


@pytest.mark.parametrize("make, what", [
    (lambda v: [str(a) for a in v], "text or objects"),
    (lambda v: __import__("pandas").Categorical(v.round(1)), "categorical values"),
    (lambda v: v + 1j, "complex numbers"),
    (lambda v: __import__("pandas").Series(list(v), dtype=object), "numbers stored as objects"),
])
def test_forecasters_name_a_y_that_does_not_hold_real_numbers(make, what):
    """Check that y of text, categories, complex numbers or numbers kept as objects says
    what it holds and how to convert it (sktime's "Forecasters do not support
    categorical features in endogeneous y" or its list of dtypes said neither)."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    import pandas as pd

    from skreservoir.forecasting import NVARForecaster

    y = pd.Series(make(np.sin(np.arange(60) / 4) + 3.0))
    # categories: a TypeError saying "categorical", as sktime's check_estimator asks
    error = TypeError if what in ("categorical values", "text or objects") else ValueError
    with pytest.raises(error, match=rf"y must hold real numbers for NVARForecaster; it "
                                    rf"holds {what}"):
        NVARForecaster().fit(y)
    with pytest.raises(error, match=r"its column 'a' holds .*y.apply\(pd.to_numeric\)|"
                                    r"its column 'a' holds complex"):
        NVARForecaster().fit(pd.DataFrame({"a": y, "b": np.arange(60.0)}))


def test_x_given_to_predict_of_a_forecaster_fitted_without_x_warns():
    """Check that an X passed to predict alone (the forecast the same with X of 1e6)
    says it is ignored and how to use it."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    import pandas as pd

    from skreservoir.forecasting import NVARForecaster

    forecaster = NVARForecaster().fit(_sine_series())
    with pytest.warns(UserWarning, match="fitted without exogenous X, so the X given to "
                                         "predict is ignored: pass X to fit"):
        with_x = forecaster.predict(fh=[1], X=pd.DataFrame({"x": [1e6]}, index=[60]))
    assert with_x.equals(forecaster.predict(fh=[1]))


def test_auto_forecaster_set_params_with_a_reservoirpy_name_says_why():
    """Check that AutoESNForecaster().set_params(sr=0.5) names ReservoirPy's name and
    that AutoESNForecaster has no such parameter (skbase's "Invalid parameter keys"
    named nothing); a parameter its search chooses (ours, ReservoirPy's or another
    library's name, in set_params or the constructor) says that it does, and what to
    use for a value of one's own (the message named no next step)."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.forecasting import AutoESNForecaster

    with pytest.raises(ValueError, match=r"set_params got 'rc_connectivity', ReservoirPy's "
                                         r"name of Reservoir's 'density', not a parameter "
                                         r"of AutoESNForecaster \(its parameters: budget"):
        AutoESNForecaster().set_params(rc_connectivity=0.5)
    searched = (r"AutoESNForecaster chooses {} itself.*use "
                r"ESNForecaster\(\).set_params\({}\).*{}: \[...\]")
    with pytest.raises(ValueError, match=searched.format(
            r"'sr' \(ReservoirPy's name of 'spectral_radius'\)",
            r"reservoir__spectral_radius=...", "'reservoir__spectral_radius'")):
        AutoESNForecaster().set_params(sr=0.5)
    with pytest.raises(ValueError, match=searched.format(
            r"'leak_rate', 'ridge' \(ReservoirPy's name of 'alpha'\)",
            r"reservoir__leak_rate=..., alpha=...", "'reservoir__leak_rate'")):
        AutoESNForecaster().set_params(leak_rate=0.3, ridge=1e-6)
    with pytest.raises(TypeError, match=searched.format(
            r"'leakage' \(PyRCN's name of 'leak_rate'\)", r"reservoir__leak_rate=...",
            "'reservoir__leak_rate'")):
        AutoESNForecaster(leakage=0.3, budget=4)
    # the other keywords are said too (units: ReservoirPy's n_units, an Auto parameter)
    with pytest.raises(TypeError, match=r"chooses 'sr' .* Also: .*'units'.*n_units"):
        AutoESNForecaster(sr=0.5, units=100)
    assert AutoESNForecaster().set_params(budget=4).budget == 4
    # the advice keeps ESNForecaster's default reservoir (Reservoir(...) would not)
    from skreservoir.forecasting import ESNForecaster

    advised = ESNForecaster().set_params(reservoir__spectral_radius=0.9)
    assert advised.get_params()["reservoir__n_units"] == ESNForecaster().get_params()[
        "reservoir__n_units"]


def test_an_update_far_off_scale_leaks_no_numpy_overflow_warning():
    """Check that an update 1e250 times the series' scale gives the LevelShiftWarning that
    explains it, and no numpy RuntimeWarning (13 overflow warnings leaked beside it)."""
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    import pandas as pd

    from skreservoir.exceptions import LevelShiftWarning
    from skreservoir.forecasting import NVARForecaster

    rng = np.random.default_rng(0)
    y = pd.Series(np.sin(np.arange(80) / 4) + 3.0 + 0.1 * rng.standard_normal(80))
    forecaster = NVARForecaster().fit(y.iloc[:60])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        forecaster.update(y.iloc[60:] * 1e250)
        forecaster.predict_interval(fh=[1])
    assert any(issubclass(w.category, LevelShiftWarning) for w in caught)
    assert not [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]


def test_a_generate_warmup_far_from_the_training_data_warns():
    """Check that a closed loop's warmup far outside the training data's range (other
    units, a scaler not applied) warns with what to pass, and one on its scale does not
    (it ran silently, the generation starting from a state the model never saw)."""
    from skreservoir import ESNRegressor, Reservoir
    from skreservoir.exceptions import ReservoirStateWarning

    X = np.sin(np.arange(300) / 5)[:, None]
    model = ESNRegressor(Reservoir(n_units=30, random_state=0)).fit(X[:-1], X[1:])
    with pytest.warns(ReservoirStateWarning, match=r"warmup lies outside the range of the "
                      r"training data.*column 0: .*trained on -1 to (1|0\.9999).*units and "
                      r"scaling"):
        model.generate(5, warmup=1000 * X[:50])
    # a column constant in training, fitted in float32: the same data in float64 is no shift
    both = np.c_[X, np.full(len(X), 0.1)]
    model32 = ESNRegressor(Reservoir(n_units=30, random_state=0, dtype="float32")).fit(
        both[:-1].astype(np.float32), both[1:].astype(np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        model.generate(5, warmup=X[100:150])
        model32.generate(3, warmup=both[:50])
    with pytest.warns(ReservoirStateWarning, match=r"column 1: values from 5 to 5, trained on "
                      r"0.1 to 0.1"):
        model32.generate(3, warmup=np.c_[X[:50], np.full(50, 5.0)])


def test_classifier_continuous_labels_raise_before_any_label_warning():
    """Check that continuous labels get scikit-learn's "Unknown label type" first: a
    DataLayoutWarning listing hundreds of float "classes only in the washout" came
    before it."""
    import warnings

    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="Unknown label type: continuous"):
            ESNClassifier(Reservoir(20, random_state=0), washout=20).fit(X, rng.normal(size=600))
        with pytest.raises(ValueError, match="Unknown label type: continuous"):
            RidgeReadoutClassifier().fit(X, rng.normal(size=600))


def test_a_one_output_readout_on_several_targets_names_multioutput_regressor():
    """scikit-learn's SVR fits one output: on targets of three columns its error said
    neither the readout nor the fix; it now names MultiOutputRegressor, which works."""
    from sklearn.multioutput import MultiOutputRegressor
    from sklearn.svm import SVR

    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 2))
    Y = np.column_stack([np.roll(X[:, 0], 1), X[:, 1], X.sum(axis=1)])
    with pytest.raises(ValueError, match=r"readout SVR fits one output, but y has 3 per "
                                         r"time step .*MultiOutputRegressor\(SVR"):
        ESNRegressor(Reservoir(30, random_state=0), SVR(), washout=10).fit(X, Y)
    from sklearn.neural_network import MLPRegressor

    # another error of such a readout is its own (a parameter refused)
    with pytest.raises(ValueError, match="'alpha' parameter of MLPRegressor"):
        ESNRegressor(Reservoir(30, random_state=0), MLPRegressor(alpha=-1.0),
                     washout=10).fit(X, Y)
    for readout, target, shape in [(MultiOutputRegressor(SVR()), Y, (120, 3)),
                                   (SVR(), Y[:, 0], (120,))]:  # one output: as before
        esn = ESNRegressor(Reservoir(30, random_state=0), readout, washout=10)
        assert esn.fit(X, target).predict(X).shape == shape


def test_a_gated_reservoir_as_an_esn_reservoir_says_where_it_goes():
    """GatedReservoir given as an ESN's reservoir: the error was advice about reservoirs
    side by side (FeatureUnion, ReservoirStack); it now says it is a transformer of a
    trained ESGP model and gives the Pipeline that works."""
    from sklearn.pipeline import make_pipeline

    from skreservoir import ESGPRegressor, GatedReservoir, RidgeReadout

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    advice = r"GatedReservoir is not a reservoir .*make_pipeline\(GatedReservoir"
    with pytest.raises(TypeError, match=advice):
        ESNRegressor(GatedReservoir(random_state=0)).fit(X, X[:, 0])
    with pytest.raises(TypeError, match=advice):
        ESNTransformer(GatedReservoir(random_state=0)).fit(X.reshape(6, 10, 2))
    pipe = make_pipeline(GatedReservoir(ESGPRegressor(n_units=8, max_iter=3, random_state=0)),
                         RidgeReadout())
    assert pipe.fit(X, X[:, 0]).predict(X).shape == (60,)


def test_esn_forecaster_include_input_error_names_the_forecaster():
    """ESNForecaster(include_input="no") was refused in the words of ESNRegressor, a
    class the user never built; the forecaster now says it in its own parameter's words."""
    pd = pytest.importorskip("pandas", reason=PANDAS_ABSENT)
    pytest.importorskip("sktime", reason=SKTIME_EXTRA)
    from skreservoir.forecasting import ESNForecaster

    with pytest.raises(ValueError, match=r"^include_input must be True or False, got 'no'\.$"):
        ESNForecaster(include_input="no").fit(pd.Series(np.sin(np.arange(60.0))), fh=[1])


def test_an_unknown_activation_name_says_a_function_is_taken():
    """activation="softplus" (or "softmax", ReservoirPy's) got scikit-learn's list of
    names only; the error now says how to pass it as a function, and the lower-case name
    where the case was wrong; the function it gives works."""
    from sklearn.utils._param_validation import InvalidParameterError

    X = np.random.default_rng(0).normal(size=(20, 1))
    with pytest.raises(InvalidParameterError, match=r"Got 'softplus' instead\. Any other "
                       r"activation is a function .*functools.partial\(np.logaddexp, "
                       r"0.0\).*pickles with the model"):
        Reservoir(10, activation="softplus").fit(X)
    with pytest.raises(InvalidParameterError, match=r"Names are lower case: "
                                                    r"activation='tanh'\."):
        Reservoir(10, activation="Tanh").fit(X)
    import functools
    import pickle

    reservoir = Reservoir(10, activation=functools.partial(np.logaddexp, 0.0),
                          random_state=0).fit(X)
    assert np.all(reservoir.transform(X) > 0)
    assert_allclose(pickle.loads(pickle.dumps(reservoir)).transform(X), reservoir.transform(X))


def test_a_leak_rate_per_unit_says_it_has_no_counterpart():
    """ReservoirPy's lr array: scikit-learn's error printed the whole array (1400
    characters) and no alternative; it now says a per-unit leak rate has no counterpart
    and gives the parallel stack."""
    from sklearn.utils._param_validation import InvalidParameterError

    with pytest.raises(InvalidParameterError, match=r"got an array of shape \(100,\): a leak "
                                                    r"rate per unit .*parallel=True"):
        Reservoir(100, leak_rate=np.linspace(0.1, 1, 100)).fit(SERIES)


def test_a_stack_names_the_layer_it_refuses():
    """ReservoirStack([NVAR(), Reservoir()]) was refused without saying which layer or
    why; the error names the layer by position and says where NVAR goes."""
    from skreservoir import NVAR

    for parallel in (False, True):
        with pytest.raises(ValueError, match=r"NVAR at position 0 is not a reservoir of units "
                                             r"that a stack can chain; NVAR .* "
                                             r"ESNRegressor\(NVAR\(\.\.\.\)\)"):
            ReservoirStack([NVAR(), Reservoir(5)], parallel=parallel).fit(np.zeros((9, 1)))
    with pytest.raises(ValueError, match=r"NVAR at position 1, NVAR at position 2 are not "
                                         r"reservoirs"):
        ReservoirStack([Reservoir(5), NVAR(), NVAR()]).fit(np.zeros((9, 1)))


def test_misc_bad_inputs_are_named():
    """Check the messages a user battery found generic: strings as a regressor's y,
    strings as ppv_quantiles, outlying_values and level_shifts on strings, split indices
    past the data and a trial called without a dict; and that estimate_season takes one
    candidate length as an int."""
    import pandas as pd

    from skreservoir import ESNTransformer
    from skreservoir.forecasting import estimate_season, level_shifts, outlying_values
    from skreservoir.model_selection import SearchObjective

    rng = np.random.default_rng(0)
    X = rng.standard_normal((100, 1))
    with pytest.raises(ValueError, match=r"y must hold numbers for ESNRegressor, got "
                                         r"strings.*ESNClassifier"):
        ESNRegressor(Reservoir(10, random_state=0)).fit(X, pd.Series(list("ab") * 50))
    with pytest.raises(ValueError, match=r"ppv_quantiles must be floats in \(0, 1\)"):
        ESNTransformer(Reservoir(10, random_state=0), ppv_quantiles=["a"]).fit(
            rng.standard_normal((3, 20, 1)))
    for function in (outlying_values, level_shifts):
        with pytest.raises(ValueError, match=rf"{function.__name__} takes a series of numbers"):
            function(np.array(["a", "b"] * 10))
    season = np.sin(2 * np.pi * np.arange(120) / 12)
    assert estimate_season(season, candidates=12) == 12
    objective = SearchObjective(ESNRegressor(Reservoir(10, random_state=0)), X, X[:, 0],
                                [(np.arange(50), np.arange(50, 100))])
    with pytest.raises(TypeError, match=r"SearchObjective is called with a dict of parameter "
                                        r"values.*got float 0.9"):
        objective(0.9)
    with pytest.raises(ValueError, match=r"splits\[1\]'s test indices reach 509, past the 100 "
                                         r"rows"):
        SearchObjective(ESNRegressor(), X, X[:, 0], [(np.arange(50), np.arange(50, 100)),
                                                     (np.arange(10), np.arange(500, 510))])
    with pytest.raises(ValueError, match=r"splits\[0\]'s train indices reach -101, past"):
        SearchObjective(ESNRegressor(), X, X[:, 0], [(np.arange(-101, -90), np.arange(5))])


def test_one_series_with_one_target_says_how_to_pass_a_panel():
    """Check that a 2D X with fewer targets than time steps says what a 2D X is (one series,
    one target per step) and how to pass one target per series (a user battery: only
    scikit-learn's "inconsistent numbers of samples"), and that ESNTimeSeriesClassifier
    given a 1D array says how to make a panel (sktime's 1280 characters of mtypes)."""
    pytest.importorskip("sktime", reason="ESNTimeSeriesClassifier needs the sktime extra "
                        "(pip install 'skreservoir[sktime]')")
    from skreservoir import ESNClassifier
    from skreservoir.classification import ESNTimeSeriesClassifier

    X = np.random.default_rng(0).standard_normal((20, 2))
    for estimator, y in ((ESNClassifier(), [1]), (ESNRegressor(), [1.0, 2.0])):
        with pytest.raises(ValueError, match=r"inconsistent numbers of samples.*reads a 2D X "
                                             r"as one series.*X\[None\]"):
            estimator.fit(X, y)
    with pytest.raises(ValueError, match=r"X is a 1D array of shape \(40,\).*X\[:, None, :\]"):
        ESNTimeSeriesClassifier().fit(np.zeros(40), np.arange(40) % 2)


@pytest.mark.parametrize("params, match", [
    ({"readout__alpha": -1.0}, "'alpha' parameter of ForceReadout must be a float"),
    ({"readout__alpha": "big"}, "'alpha' parameter of ForceReadout must be a float"),
    ({"reservoir__spectral_radius": -1}, "'spectral_radius' parameter of Reservoir"),
    ({"readout__alpha": 2.0}, "readout__alpha was changed by set_params"),
])
def test_invalid_value_set_mid_stream_is_said_invalid(params, match):
    """Check that an invalid value set between two partial_fit calls is refused as
    invalid, by name (a battery: it was said only 'changed after the model was built;
    call fit', which then failed on the value); a valid change is still refused as a
    change of the stream."""
    from skreservoir import ForceReadout

    X = np.random.default_rng(0).normal(size=(50, 1))
    esn = ESNRegressor(Reservoir(20, random_state=0), ForceReadout(), washout=0)
    esn.partial_fit(X, X[:, 0]).set_params(**params)
    with pytest.raises(ValueError, match=match):
        esn.partial_fit(X, X[:, 0])


@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_step_refuses_a_non_finite_input(value):
    """Check that Reservoir.step refuses a NaN or inf input by name, as transform does
    (a battery: it returned an all-NaN state, silently)."""
    reservoir = Reservoir(30, random_state=0).fit(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"step got an input u with NaN or inf \(at features \[1\]"):
        reservoir.step(np.zeros(30), np.array([0.0, value]))
    assert np.all(np.isfinite(reservoir.step(np.zeros(30), np.array([0.0, 1.0]))))


def test_step_refuses_a_non_finite_feedback_drive():
    """Check that Reservoir.step refuses a NaN feedback drive by name, as it refuses a NaN
    input (a review: the state that followed was all NaN, silently)."""
    reservoir = Reservoir(30, random_state=0).fit(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"step got a feedback drive with NaN or inf \(at "
                                         r"entries \[0\]"):
        reservoir.step(np.zeros(30), np.zeros(2), drive=np.r_[np.nan, np.zeros(29)])
    assert np.all(np.isfinite(reservoir.step(np.zeros(30), np.zeros(2), drive=np.ones(30))))
    # the output itself, not W_fb @ output: refused (a review: a (1,) drive was
    # broadcast over every unit, silently)
    for shape in [(1,), (3,), (2, 30)]:
        with pytest.raises(ValueError, match=rf"feedback drive of shape \(30,\).*got shape "
                                             rf"{re.escape(str(shape))}.*Pass W_fb @ y"):
            reservoir.step(np.zeros(30), np.zeros(2), drive=np.ones(shape))


def test_one_row_partial_fit_with_a_scalar_or_3d_target_names_y():
    """Check that a one-row partial_fit given y[t] (a number) or a y of an extra axis
    names y and the fix (a battery: scikit-learn's 'Input should have at least 1
    dimension' and 'Found array with dim 3', which named neither)."""
    from skreservoir import ForceReadout

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(10, 1)), rng.normal(size=(10, 1))
    esn = ESNRegressor(Reservoir(30, random_state=0), ForceReadout(), washout=0)
    esn.partial_fit(X[:5], y[:5])
    with pytest.raises(ValueError, match=r"y passed to ESNRegressor is one number.*y\[t:t\+1\]"):
        esn.partial_fit(X[5:6], y[5, 0])
    with pytest.raises(ValueError, match=r"has shape \(1, 1, 1\).*y.reshape\(len\(X\), -1\)"):
        esn.partial_fit(X[5:6], y[5:6, :, None])
    esn.partial_fit(X[5:6], y[5:6])  # the right call learns


def test_complex_labels_and_infinite_targets_are_named_briefly():
    """Check that complex labels are refused without printing y (a battery: scikit-learn's
    message grew with y) and that inf in y says where and what to do (scikit-learn's
    "Input y contains infinity" said neither)."""
    from skreservoir import ESNClassifier, RidgeReadoutClassifier

    X = np.random.default_rng(0).normal(size=(200, 2))
    labels = np.where(X[:, 0] > 0, 1j, 0j)
    for model in (ESNClassifier(Reservoir(N, random_state=0)), RidgeReadoutClassifier()):
        with pytest.raises(ValueError, match=r"^Complex data not supported: y holds complex "
                                             r"numbers, which \w+ cannot take as class labels; "
                                             r"pass labels as ints, booleans or strings\.$"):
            model.fit(X, labels)
    y = X[:, 0].copy()
    y[3] = np.inf
    with pytest.raises(ValueError, match=r"^Input y contains infinity or a value too large for "
                                         r"dtype\('float64'\)\. y passed to ESNRegressor "
                                         r"contains inf at 1 position\(s\) \(the first at 3 of "
                                         r"y\.ravel\(\)\): replace them by NaN"):
        ESNRegressor(Reservoir(N, random_state=0)).fit(X, y)


def test_divergence_from_noise_names_noise():
    """Check that states of tanh units that diverge only by their noise name noise (a
    battery: the message named spectral_radius, input_scaling and leak_rate)."""
    from skreservoir.exceptions import DivergenceError

    with pytest.raises(DivergenceError, match=r"bounded but for their noise, and noise=1e\+200 "
                                              r"is added to them at every step\. Lower noise"):
        Reservoir(N, noise=1e200, random_state=0).fit_transform(SERIES)


def test_leak_rate_messages_give_the_right_advice():
    """Check the advice for a leak rate dt / tau that underflows (a battery: "take dt <=
    tau", which held) and that LIF's per-unit leak rates are quoted as numbers (not
    numpy's np.float64(...) reprs)."""
    from skreservoir import LIFReservoir

    with pytest.raises(ValueError, match=r"underflows to 0: take dt and tau of comparable "
                                         r"scale"):
        Reservoir(N, dt=1e-300, tau=1e300).fit(SERIES)
    with pytest.raises(ValueError, match=r"take dt <= tau"):
        Reservoir(N, dt=2.0, tau=1.0).fit(SERIES)
    with pytest.raises(ValueError, match=r"got \(2,\) with values in \[1, 2\]\.$"):
        LIFReservoir(N, leak_rate=[1, 2]).fit(SERIES)


def test_readout_classifier_counts_missing_labels_of_a_panel():
    """Check that a readout classifier fitted on a panel (a list or a 3D array) counts its
    missing labels as on one series (a review: scikit-learn's "Input y contains NaN")."""
    from skreservoir import RidgeReadoutClassifier

    rng = np.random.default_rng(0)
    Xs = [rng.normal(size=(10, 3)), rng.normal(size=(7, 3))]
    ys = [np.r_[np.zeros(5), np.ones(5)], np.r_[np.nan, np.ones(6)]]
    with pytest.raises(ValueError, match=r"1 missing label\(s\) \(NaN or None; the first at "
                                         r"position 10 of y\.ravel\(\)\)"):
        RidgeReadoutClassifier().fit(Xs, ys)
    with pytest.raises(ValueError, match=r"1 missing label\(s\).*position 10"):
        RidgeReadoutClassifier().fit(np.stack([Xs[0], Xs[0]]),
                                     np.stack([ys[0], np.r_[np.nan, ys[0][1:]]]))
