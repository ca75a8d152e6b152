"""Tests for skreservoir.datasets."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.integrate import solve_ivp

from skreservoir.datasets import (
    double_scroll,
    henon_map,
    kuramoto_sivashinsky,
    logistic_map,
    lorenz,
    lorenz96,
    mackey_glass,
    mso,
    multiscroll,
    narma,
    rabinovich_fabrikant,
    rossler,
    to_forecasting,
)
from skreservoir.datasets._continuous import _mackey_glass_history

SINGLE_OUTPUT = [
    (mackey_glass, 1),
    (lorenz, 3),
    (rossler, 3),
    (double_scroll, 3),
    (multiscroll, 3),
    (henon_map, 2),
    (logistic_map, 1),
    (rabinovich_fabrikant, 3),
    (lambda n: lorenz96(n, n_variables=6), 6),
    (lambda n: kuramoto_sivashinsky(n, n_points=32, domain_length=22.0), 32),
    (lambda n: mso(n, normalize=False), 1),
]
ODES = [lorenz, rossler, double_scroll, multiscroll, rabinovich_fabrikant]


@pytest.mark.parametrize("generator, n_dims", SINGLE_OUTPUT)
@pytest.mark.parametrize("n_timesteps", [1, 2, 57])
def test_generator_shape_and_dtype(generator, n_dims, n_timesteps):
    """Check that each generator returns a finite float64 (n_timesteps, n_dims) array."""
    series = generator(n_timesteps)
    assert series.shape == (n_timesteps, n_dims)
    assert series.dtype == np.float64
    assert np.all(np.isfinite(series))


@pytest.mark.parametrize("n_timesteps", [1, 2, 57])
def test_narma_shape(n_timesteps):
    """Check that narma returns input and output of shape (n_timesteps, 1)."""
    u, y = narma(n_timesteps)
    assert u.shape == y.shape == (n_timesteps, 1)
    assert u.dtype == y.dtype == np.float64


@pytest.mark.parametrize("generator", [mackey_glass, lambda n, **kw: narma(n, **kw)[0]])
def test_random_state_determinism(generator):
    """Check that the same random_state gives the same series and another one a different one."""
    assert_array_equal(generator(200, random_state=3), generator(200, random_state=3))
    assert_array_equal(generator(200), generator(200))
    assert not np.allclose(generator(200, random_state=3), generator(200, random_state=4))
    rng_a, rng_b = np.random.default_rng(7), np.random.default_rng(7)
    assert_array_equal(generator(50, random_state=rng_a), generator(50, random_state=rng_b))
    legacy_a, legacy_b = np.random.RandomState(7), np.random.RandomState(7)
    assert_array_equal(generator(50, random_state=legacy_a), generator(50, random_state=legacy_b))


@pytest.mark.parametrize("generator", [g for g, _ in SINGLE_OUTPUT] + [narma])
@pytest.mark.parametrize("n_timesteps", [0, -3, 2.5, "10", True])
def test_bad_n_timesteps(generator, n_timesteps):
    """Check that a non-positive or non-integer n_timesteps raises a ValueError naming it."""
    with pytest.raises(ValueError, match="n_timesteps must be an int >= 1"):
        generator(n_timesteps)


@pytest.mark.parametrize("generator", ODES)
def test_ode_bad_arguments(generator):
    """Check that the ODE generators reject a wrong x0 shape and a non-positive h."""
    with pytest.raises(ValueError, match=r"x0 must have shape \(3,\)"):
        generator(10, x0=(1.0, 2.0))
    with pytest.raises(ValueError, match="h must be"):
        generator(10, h=0.0)


# Orbits that made the adaptive solver crawl for hours before _solve's guard:
# those that diverge leave 100 times the system's scale, max(1, |x0|,
# |parameters|); those far faster than the attractor stop its work cap.
RUNAWAY_ORBITS = [
    pytest.param(
        lambda: lorenz(100, sigma=-10.0),
        r"lorenz orbit diverges: it leaves \[-2800, 2800\] .* near time 1\.\d+ with "
        r"rho=28\.0, sigma=-10\.0, .*e\.g\. the defaults rho=28, sigma=10, beta=8/3\.",
        id="lorenz-sigma",
    ),
    pytest.param(
        lambda: lorenz(100, sigma=-10.0, method="RK45", rtol=1e-3),
        r"lorenz orbit diverges: .*sigma=-10\.0",
        id="lorenz-sigma-rk45",
    ),
    pytest.param(
        lambda: multiscroll(100, a=-40.0),
        r"multiscroll orbit diverges: it leaves \[-4000, 4000\] .*a=-40\.0, b=3\.0, c=28\.0"
        r".*the defaults a=40, b=3, c=28\.",
        id="multiscroll-a",
    ),
    pytest.param(
        # Grows steadily (z like exp(t)), without slowing the solver down.
        lambda: lorenz(1000, beta=-1.0),
        r"lorenz orbit diverges: .*beta=-1\.0",
        id="lorenz-beta",
    ),
    pytest.param(
        lambda: lorenz96(100, forcing=1e6),
        r"lorenz96 orbit runs far faster than on its attractor: after [\d,]+ evaluations .*"
        r"forcing=1000000\.0, h=0\.01\. .*lower forcing back towards the default 8",
        id="lorenz96-forcing",
    ),
    pytest.param(
        lambda: lorenz(100, x0=(1e8, 1e8, 1e8)),
        r"lorenz orbit runs far faster than on its attractor: .*x0=\(100000000\.0, "
        r"100000000\.0, 100000000\.0\), h=0\.03\. .*start x0 nearer the attractor",
        id="lorenz-x0",
    ),
]


@pytest.mark.parametrize("generate, message", RUNAWAY_ORBITS)
def test_ode_runaway_orbit_raises(generate, message):
    """Check that a diverging or far too fast orbit raises, within a second, an error naming its parameters."""
    with pytest.raises(ValueError, match=message):
        generate()


def test_ode_guard_spares_fast_and_far_orbits():
    """Check that orbits far from the attractor or fast, but resolved at the step asked, are not refused."""
    # The x0=1e8 orbit above, sampled at its own time scale, integrates.
    fast = lorenz(200, x0=(1e8, 1e8, 1e8), h=1e-9)
    assert 1e8 < np.max(np.abs(fast)) < 1e9
    # A start 40 times the attractor's size falls onto it; forcing=100 is Lorenz-96
    # 12 times larger and faster than at the default 8.
    assert np.max(np.abs(lorenz(300, x0=(1e3, 1e3, 1e3))[-100:])) < 60
    assert 100 < np.max(np.abs(lorenz96(100, forcing=100.0))) < 1000
    assert lorenz(50, method="RK23").shape == (50, 3)


@pytest.mark.parametrize(
    "generate",
    ODES + [lambda n: lorenz96(n, n_variables=10), lambda n: lorenz(n, method="LSODA")],
)
def test_ode_guard_leaves_the_series_unchanged(generate, monkeypatch):
    """Check that the guard of _solve changes no bit of a series: equal to the unguarded solve."""
    from skreservoir.datasets import _checks

    guarded = generate(500)
    monkeypatch.setattr(_checks, "_guarded", lambda rhs, *args: rhs)
    assert_array_equal(guarded, generate(500))


def test_other_bad_arguments():
    """Check that invalid parameters raise ValueErrors naming the parameter."""
    with pytest.raises(ValueError, match=r"history must hold at least floor\(tau / h\) = 17"):
        mackey_glass(10, history=np.ones(5))
    with pytest.raises(ValueError, match="tau must be >= h"):
        mackey_glass(10, tau=0.5)
    with pytest.raises(ValueError, match="random_state"):
        mackey_glass(10, random_state="seed")
    with pytest.raises(ValueError, match="u must have shape"):
        narma(10, u=np.ones(9))
    with pytest.raises(ValueError, match="order must be"):
        narma(10, order=0)
    with pytest.raises(ValueError, match=r"x0 must be in the open interval \(0, 1\)"):
        logistic_map(10, x0=1.5)
    with pytest.raises(ValueError, match="r must be"):
        logistic_map(10, r=-1.0)
    with pytest.raises(ValueError, match=r"x0 must have shape \(2,\)"):
        henon_map(10, x0=(0.0, 0.0, 0.0))


def test_mackey_glass_history_is_used():
    """Check that an explicit history replaces the random one and only its last floor(tau/h) values count."""
    history = np.linspace(0.9, 1.1, 17)
    longer = np.r_[np.full(5, 123.0), history]
    assert_array_equal(mackey_glass(100, history=history), mackey_glass(100, history=longer))
    assert_array_equal(
        mackey_glass(100, history=history, random_state=0),
        mackey_glass(100, history=history, random_state=1),
    )


def test_mackey_glass_method_of_steps_oracle():
    """Check that Mackey-Glass over its first delay equals the ODE solved by scipy with the history as forcing."""
    history = _mackey_glass_history(17, 1.2, np.random.default_rng(5555))
    ours = mackey_glass(18)[:, 0]
    # On [0, tau] the delayed term is the (piecewise linear) history, so the
    # DDE is an ODE; RK4 at h=1 with b=0.1 has a local error of ~(b h)^5/120.
    grid, values = np.arange(-17.0, 1.0), np.r_[history, 1.2]

    def rhs(t, x):
        delayed = np.interp(t - 17.0, grid, values)
        return 0.2 * delayed / (1.0 + delayed**10) - 0.1 * x

    ref = solve_ivp(rhs, (0, 17), [1.2], t_eval=np.arange(18.0), rtol=1e-12, atol=1e-12, max_step=0.25)
    # Observed difference 1.8e-6: the RK4 truncation error, not round-off.
    assert_allclose(ours, ref.y[0], rtol=0, atol=1e-5)


def test_mackey_glass_converges_with_step():
    """Check that the h=1 series stays close to the same equation integrated at h=0.1."""
    history = _mackey_glass_history(17, 1.2, np.random.default_rng(5555))
    fine_history = np.interp(np.arange(-170, 0) / 10, np.arange(-17.0, 1.0), np.r_[history, 1.2])
    fine = mackey_glass(991, h=0.1, history=fine_history)[::10]
    # RK4 at h=1 vs h=0.1: observed 3.6e-3 over 100 steps (t <= 99) before
    # chaos amplifies it; ReservoirPy's scheme is 0.12 off on the same span.
    assert_allclose(mackey_glass(100), fine, rtol=0, atol=1e-2)


def test_narma_equation_oracle():
    """Check that narma follows the NARMA recurrence written out with numpy."""
    order, n = 10, 300
    u, y = narma(n, order=order, random_state=0)
    u, y = u[:, 0], y[:, 0]
    expected = np.zeros(n)
    u_pad, y_pad = np.r_[np.zeros(order), u], np.r_[np.zeros(order), expected]
    for t in range(n - 1):
        s = t + order  # index of time t in the padded arrays
        y_pad[s + 1] = (
            0.3 * y_pad[s]
            + 0.05 * y_pad[s] * np.sum(y_pad[s - order + 1 : s + 1])
            + 1.5 * u_pad[s - order + 1] * u_pad[s]
            + 0.1
        )
    # The implementation keeps a running window sum: round-off only.
    assert_allclose(y, y_pad[order:], rtol=1e-12)
    assert np.all((u >= 0) & (u <= 0.5))


def test_narma_given_input():
    """Check that narma uses a given input unchanged and in 1D or 2D form."""
    u_in = np.linspace(0, 0.5, 50)
    u_1d, y_1d = narma(50, u=u_in)
    u_2d, y_2d = narma(50, u=u_in.reshape(-1, 1))
    assert_array_equal(u_1d[:, 0], u_in)
    assert_array_equal(y_1d, y_2d)


# --- oracles against ReservoirPy 0.4.2 -------------------------------------


@pytest.fixture(scope="module")
def rpy_datasets():
    pytest.importorskip("reservoirpy")
    from reservoirpy import datasets

    return datasets


@pytest.mark.parametrize(
    "ours, name",
    [(lorenz, "lorenz"), (rossler, "rossler"), (double_scroll, "doublescroll"), (multiscroll, "multiscroll")],
)
def test_ode_matches_reservoirpy(rpy_datasets, ours, name):
    """Check that the ODE systems have ReservoirPy's equations, defaults and initial state."""
    theirs = getattr(rpy_datasets, name)
    n = 300
    h = ours.__kwdefaults__["h"]
    # ReservoirPy samples np.linspace(0, n*h, n), a step of h*n/(n-1); passing
    # h*(n-1)/n puts it on our grid t = i*h. Only the solver settings are
    # passed, so its own default parameters and x0 are used. With the same
    # solver and tolerances the two integrations differ by round-off only.
    expected = theirs(n, h=h * (n - 1) / n, method="DOP853", rtol=1e-9, atol=1e-9)
    assert_allclose(ours(n), expected, rtol=1e-9, atol=1e-9)


def test_henon_and_logistic_match_reservoirpy(rpy_datasets):
    """Check that the Hénon and logistic maps equal ReservoirPy's over a short segment."""
    # Same floating-point operations, so equal to round-off; 60 steps keep the
    # chaotic amplification of a possible last-bit difference below 1e-10.
    assert_allclose(henon_map(60), rpy_datasets.henon_map(60), rtol=1e-10, atol=1e-12)
    assert_allclose(logistic_map(60), rpy_datasets.logistic_map(60), rtol=1e-10, atol=1e-12)
    assert_allclose(
        henon_map(60, a=1.2, b=0.2, x0=(0.1, 0.1)),
        rpy_datasets.henon_map(60, a=1.2, b=0.2, x0=[0.1, 0.1]),
        rtol=1e-10,
        atol=1e-12,
    )


@pytest.mark.parametrize("seed", [5555, 0])
def test_mackey_glass_history_matches_reservoirpy(rpy_datasets, seed):
    """Check that our random Mackey-Glass history is the one ReservoirPy draws from the same seed."""
    history = _mackey_glass_history(17, 1.2, np.random.default_rng(seed))
    # ReservoirPy gives the same series from its own draw and from our
    # history exactly when the two histories are equal.
    assert_array_equal(
        rpy_datasets.mackey_glass(100, seed=seed), rpy_datasets.mackey_glass(100, history=history)
    )


def test_mackey_glass_close_to_reservoirpy(rpy_datasets):
    """Check that Mackey-Glass stays close to ReservoirPy's over the first steps."""
    # Same equation, defaults and history, but ReservoirPy's update is not the
    # classical RK4 (frozen delayed term, other stage weights): the series
    # differ by about 1e-2 per step early on (observed max 0.022 over 20 steps).
    ours, theirs = mackey_glass(20), rpy_datasets.mackey_glass(20)
    assert ours[0, 0] == theirs[0, 0] == 1.2
    assert_allclose(ours, theirs, rtol=0, atol=0.03)


def test_to_forecasting_matches_reservoirpy(rpy_datasets):
    """Check that to_forecasting with an int test_size equals ReservoirPy's."""
    series = np.random.default_rng(0).normal(size=(100, 2))
    ours = to_forecasting(series, forecast=3, test_size=20)
    theirs = rpy_datasets.to_forecasting(series, forecast=3, test_size=20)
    for a, b in zip(ours, theirs):
        assert_allclose(a, b, rtol=0)


# --- to_forecasting ---------------------------------------------------------


@pytest.mark.parametrize("forecast", [1, 4])
def test_to_forecasting_alignment(forecast):
    """Check that y is the series forecast steps ahead of X and both are 2D of the same length."""
    series = np.arange(20.0).reshape(10, 2)
    X, y = to_forecasting(series, forecast=forecast)
    assert X.shape == y.shape == (10 - forecast, 2)
    assert_array_equal(X, series[:-forecast])
    assert_array_equal(y, series[forecast:])
    X1, y1 = to_forecasting(np.arange(10.0), forecast=forecast)
    assert X1.shape == y1.shape == (10 - forecast, 1)
    assert_array_equal(y1 - X1, forecast)


@pytest.mark.parametrize("test_size, n_test", [(3, 3), (0.25, 3), (0.2, 2), (0.5, 5)])
def test_to_forecasting_split(test_size, n_test):
    """Check that the split keeps time order and sizes, a float being a fraction of the pairs rounded up."""
    series = np.arange(11.0)
    X_train, X_test, y_train, y_test = to_forecasting(series, test_size=test_size)
    assert X_test.shape == y_test.shape == (n_test, 1)
    assert X_train.shape == y_train.shape == (10 - n_test, 1)
    assert_array_equal(np.r_[X_train, X_test][:, 0], series[:-1])
    assert_array_equal(np.r_[y_train, y_test][:, 0], series[1:])


def test_to_forecasting_outputs_do_not_share_memory():
    """Check that X and y are independent copies, so scaling X in place leaves y alone."""
    X, y = to_forecasting(np.arange(10.0))
    assert not np.shares_memory(X, y)


def test_to_forecasting_panels():
    """Check that a 3D panel and a list of series are split series by series."""
    panel = np.arange(60.0).reshape(3, 10, 2)
    X_train, X_test, y_train, y_test = to_forecasting(panel, forecast=2, test_size=3)
    assert X_train.shape == (3, 5, 2) and X_test.shape == (3, 3, 2)
    assert_array_equal(y_test, panel[:, -3:])
    X, y = to_forecasting([np.arange(5.0).reshape(-1, 1), np.arange(8.0).reshape(-1, 1)])
    assert isinstance(X, list) and [len(x) for x in X] == [4, 7]
    assert_array_equal(y[1][:, 0], np.arange(1.0, 8.0))


def test_to_forecasting_plain_list_is_one_series():
    """Check that a list of numbers is one univariate series, not a panel."""
    X, y = to_forecasting([0.0, 1.0, 2.0, 3.0])
    assert_array_equal(X[:, 0], [0.0, 1.0, 2.0])
    assert_array_equal(y[:, 0], [1.0, 2.0, 3.0])


@pytest.mark.parametrize("forecast", [0, -1, 1.5, True])
def test_to_forecasting_bad_forecast(forecast):
    """Check that forecast must be an int >= 1."""
    with pytest.raises(ValueError, match="forecast must be an int >= 1"):
        to_forecasting(np.arange(10.0), forecast=forecast)


def test_to_forecasting_forecast_too_long():
    """Check that a forecast as long as the series raises a ValueError naming forecast."""
    with pytest.raises(ValueError, match="forecast=5 leaves no"):
        to_forecasting(np.arange(5.0), forecast=5)


@pytest.mark.parametrize("test_size", [0, 9, 20, -1, 0.0, 1.0, 1.5, "0.2"])
def test_to_forecasting_bad_test_size(test_size):
    """Check that a test_size leaving no train or test step raises a ValueError naming test_size."""
    with pytest.raises(ValueError, match="test_size"):
        to_forecasting(np.arange(10.0), test_size=test_size)


def test_to_forecasting_bad_ndim():
    """Check that a 4D array is rejected with a message listing accepted shapes."""
    with pytest.raises(ValueError, match="series must be 1D, 2D"):
        to_forecasting(np.zeros((2, 2, 5, 1)))


@pytest.mark.parametrize("call, match", [
    (lambda d: d.mackey_glass(50, seed=1), r"mackey_glass\(\) got 'seed', ReservoirPy's "
                                           r"keyword: pass random_state"),
    (lambda d: d.narma(50, seed=1), r"pass random_state"),
    (lambda d: d.mso(50, freqs=[0.2]), r"'freqs', .*pass frequencies"),
    (lambda d: d.lorenz96(50, N=8), r"'N', .*pass n_variables"),
    (lambda d: d.kuramoto_sivashinsky(50, M=16), r"domain_length = 2 \* np.pi \* M"),
    (lambda d: d.lorenz(50, warmup=10), r"lorenz\(n_timesteps \+ k\)\[k:\]"),
    (lambda d: d.japanese_vowels(one_hot_encode=True), r"takes no arguments.*OneHotEncoder"),
])
def test_reservoirpy_dataset_keywords_say_ours(call, match):
    """ReservoirPy's keywords of the data sets (seed, freqs, warmup, N, F, M,
    one_hot_encode) got Python's bare "unexpected keyword argument"; they now say ours,
    as the estimators' constructors do. Their own keywords still work."""
    from skreservoir import datasets

    with pytest.raises(TypeError, match=match):
        call(datasets)
    assert datasets.mackey_glass(50, random_state=1).shape == (50, 1)
    with pytest.raises(TypeError, match="unexpected keyword"):  # any other: Python's
        datasets.lorenz(50, nonsense=1)


def test_reservoirpy_dataset_names_say_ours():
    """datasets.doublescroll (ReservoirPy's name) was a bare AttributeError."""
    from skreservoir import datasets

    with pytest.raises(AttributeError, match=r"'doublescroll' \(ReservoirPy's name\): use "
                                             r"double_scroll"):
        datasets.doublescroll
    assert not hasattr(datasets, "mso8")
    with pytest.raises(AttributeError, match="no attribute 'nothing'$"):
        datasets.nothing


@pytest.mark.parametrize("task", ["adding_problem", "copy_task", "delayed_response"])
def test_sequence_tasks_take_a_generator_and_refuse_bad_random_state_by_name(task):
    """Check that the sequence tasks take a numpy Generator, as mackey_glass and narma do
    (a user battery: scikit-learn's "cannot be used to seed a numpy.random.RandomState
    instance"), reproducibly, that an int gives the draws it always gave (RandomState's),
    and that a bad value is refused with the datasets' message."""
    from skreservoir import datasets

    make = getattr(datasets, task)
    first = make(4, random_state=np.random.default_rng(0))
    again = make(4, random_state=np.random.default_rng(0))
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    legacy = make(4, random_state=np.random.RandomState(3))
    for a, b in zip(make(4, random_state=3), legacy):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match=r"random_state must be None, an int >= 0, a "
                                         r"numpy.random.Generator .* got 'abc'"):
        make(4, random_state="abc")
    with pytest.raises(ValueError, match=r"below 2\*\*32 .* a numpy Generator"):
        make(4, random_state=2**40)


def test_a_sampling_step_far_beyond_the_time_scale_is_refused():
    """Check that h of more than 500 time scales of a system is refused by name, before
    the solver integrates the span between the samples (a battery: lorenz(50, h=1000)
    ran for hours; h=50 took 20 s)."""
    from skreservoir.datasets import lorenz, rossler

    with pytest.raises(ValueError, match=r"h=1000\.0 samples the lorenz orbit every 33,333 "
                                         r"times its time scale.*Take h at most 15"):
        lorenz(50, h=1000.0)
    with pytest.raises(ValueError, match=r"Take h at most 50"):
        rossler(10, h=1e6)
    assert lorenz(5, h=1.0).shape == (5, 3)
