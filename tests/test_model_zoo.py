"""Deep reservoirs, intrinsic plasticity, continuous-time reservoirs, any readout."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.linear_model import Lasso

from skreservoir import (
    NVAR,
    ESNRegressor,
    ESNTransformer,
    IPReservoir,
    Reservoir,
    ReservoirStack,
    RidgeReadout,
)
from skreservoir.datasets import mackey_glass, narma

SERIES = mackey_glass(600)


def _layers(n=3, units=40):
    return [Reservoir(units, leak_rate=0.3, random_state=i) for i in range(n)]


# -- ReservoirStack ---------------------------------------------------------------
def test_stack_layers_are_driven_by_the_layer_below():
    """Check that each layer's states are those of a Reservoir driven by the layer below."""
    stack = ReservoirStack(_layers(), input_to_all=False).fit(SERIES)
    states = stack.transform(SERIES)
    assert states.shape == (600, 120)
    below = SERIES
    for k, layer in enumerate(stack.reservoirs_):
        expected = layer.transform(below)
        assert_allclose(states[:, 40 * k:40 * (k + 1)], expected, rtol=0, atol=1e-12)
        below = expected


def test_esn_seeds_a_stack_as_it_seeds_a_reservoir():
    """Check that an ESN's random_state seeds a stack's unseeded layers (each its own seed)
    and that a stack of seeded layers seeds the feedback weights, as a seeded Reservoir
    does: both models were drawn anew at every fit."""
    X, y = SERIES[:-1], SERIES[1:]

    def fitted(layers, **params):
        return ESNRegressor(ReservoirStack(layers), washout=20, **params).fit(X, y)

    unseeded = [Reservoir(30), Reservoir(30)]
    first, second = fitted(unseeded, random_state=0), fitted(unseeded, random_state=0)
    assert_allclose(first.predict(X, initial_state="rest"),
                    second.predict(X, initial_state="rest"), rtol=1e-12)
    layers = first.reservoir_.reservoirs_
    assert not np.allclose(layers[0].W_.toarray(), layers[1].W_.toarray())
    assert all(layer.random_state is None for layer in unseeded)  # parameters untouched
    seeded = [Reservoir(30, random_state=0), Reservoir(30, random_state=1)]
    first, second = fitted(seeded, feedback=True), fitted(seeded, feedback=True)
    assert_allclose(first.W_fb_, second.W_fb_)
    assert_allclose(first.predict(X, initial_state="rest"),
                    second.predict(X, initial_state="rest"), rtol=1e-12)


def test_stack_input_to_all_and_last_layer_only():
    """Check input_to_all (input beside the states below) and concatenate=False."""
    stack = ReservoirStack(_layers(2), concatenate=False, input_to_all=True).fit(SERIES)
    first, second = stack.reservoirs_
    assert second.n_features_in_ == 40 + 1
    expected = second.transform(np.hstack([first.transform(SERIES), SERIES]))
    assert_allclose(stack.transform(SERIES), expected, rtol=0, atol=1e-12)


def test_stack_parallel_is_reservoirs_side_by_side():
    """Check parallel=True: every reservoir driven by the input alone, states side by side."""
    stack = ReservoirStack(_layers(2), parallel=True).fit(SERIES)
    first, second = stack.reservoirs_
    assert second.n_features_in_ == 1
    expected = np.hstack([first.transform(SERIES), second.transform(SERIES)])
    assert_allclose(stack.transform(SERIES), expected, rtol=0, atol=1e-12)
    # the closed loop steps both reservoirs on the input
    esn = ESNRegressor(ReservoirStack(_layers(2), parallel=True), RidgeReadout(alpha=1e-6),
                       washout=100).fit(SERIES[:-1], SERIES[1:])
    extended = SERIES[:-1].copy()
    for _ in range(5):
        extended = np.vstack([extended, esn.predict(extended)[-1:].reshape(1, 1)])
    assert_allclose(esn.generate(5), extended[599:], rtol=0, atol=1e-8)
    with pytest.raises(ValueError, match="parallel=True .* Pass concatenate=True"):
        ReservoirStack(_layers(2), parallel=True, concatenate=False).fit(SERIES)


def test_feature_union_of_reservoirs_names_the_parallel_stack():
    """Check that a FeatureUnion given as the reservoir names ReservoirStack(parallel=True)."""
    from sklearn.pipeline import FeatureUnion

    union = FeatureUnion([("a", Reservoir(20, random_state=0)), ("b", Reservoir(20))])
    with pytest.raises(TypeError, match=r"got FeatureUnion\. Reservoirs side by side .* are "
                                        r"ReservoirStack\(\[r1, r2\], parallel=True\)"):
        ESNRegressor(union).fit(SERIES[:-1], SERIES[1:])


def test_stack_in_esn_predicts_and_generates():
    """Check a deep ESN: fit/predict, and generate equals stepping predict on its outputs."""
    esn = ESNRegressor(ReservoirStack(_layers()), RidgeReadout(alpha=1e-6), washout=100)
    esn.fit(SERIES[:-1], SERIES[1:])
    assert esn.score(SERIES[:-1], SERIES[1:]) > 0.999
    generated = esn.generate(30)
    # closed loop by hand: predict on the series extended by its own forecasts
    extended = SERIES[:-1].copy()
    for _ in range(30):
        extended = np.vstack([extended, esn.predict(extended)[-1:].reshape(1, 1)])
    assert_allclose(generated, extended[599:], rtol=0, atol=1e-8)


def test_stack_in_transformer_and_panels():
    """Check a stack in ESNTransformer and on a ragged panel."""
    panel = [SERIES[:50], SERIES[100:180], SERIES[200:230]]
    stack = ReservoirStack(_layers(2)).fit(panel)
    states = stack.transform(panel)
    assert [s.shape for s in states] == [(50, 80), (80, 80), (30, 80)]
    assert_allclose(states[1], stack.transform(panel[1]), rtol=0, atol=1e-12)
    features = ESNTransformer(ReservoirStack(_layers(2)), representation="mean").fit_transform(
        panel)
    assert features.shape == (3, 80)


def test_stack_rejects_bad_layers_and_nvar_feedback():
    """Check the errors for a bad reservoirs list and for feedback into NVAR."""
    with pytest.raises(ValueError, match="non-empty list of skreservoir.Reservoir"):
        ReservoirStack([]).fit(SERIES)
    with pytest.raises(TypeError, match="feedback=True needs a reservoir with output feedback"):
        ESNRegressor(NVAR(), feedback=True).fit(SERIES[:-1], SERIES[1:])


def test_stack_layer_parameters_are_searchable():
    """Check that a layer's parameters are reached as reservoirs__<i>__<name> (in an ESN:
    reservoir__reservoirs__<i>__<name>), so GridSearchCV searches one layer's leak rate
    (it raised "'list' object has no attribute 'set_params'"); a bad index names the form."""
    from sklearn.base import clone
    from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

    esn = ESNRegressor(ReservoirStack(_layers(2)), washout=20)
    params = esn.get_params()
    assert params["reservoir__reservoirs__1__leak_rate"] == 0.3
    esn.set_params(reservoir__reservoirs__1__leak_rate=0.9, reservoir__concatenate=False)
    assert esn.reservoir.reservoirs[1].leak_rate == 0.9
    assert esn.reservoir.reservoirs[0].leak_rate == 0.3 and not esn.reservoir.concatenate
    assert clone(esn).get_params()["reservoir__reservoirs__1__leak_rate"] == 0.9
    search = GridSearchCV(esn, {"reservoir__reservoirs__0__leak_rate": [0.1, 1.0]},
                          cv=TimeSeriesSplit(2)).fit(SERIES[:-1], SERIES[1:])
    assert search.best_estimator_.reservoir_.reservoirs_[0].leak_rate in (0.1, 1.0)
    assert esn.reservoir.reservoirs[0].leak_rate == 0.3  # the search worked on clones
    with pytest.raises(ValueError, match=r"reservoirs__<i>__<name>, i from 0 to 1"):
        ReservoirStack(_layers(2)).set_params(reservoirs__2__leak_rate=0.5)


def test_one_layer_stack_with_feedback_equals_its_reservoir():
    """Check that output feedback through a one-layer stack is that of the layer alone."""
    layer = Reservoir(60, leak_rate=0.5, random_state=0)
    X, y = SERIES[:-1], SERIES[1:]
    plain = ESNRegressor(layer, feedback=True, washout=20, random_state=1).fit(X, y)
    stacked = ESNRegressor(ReservoirStack([layer]), feedback=True, washout=20,
                           random_state=1).fit(X, y)
    assert_allclose(stacked.W_fb_, plain.W_fb_)
    assert_allclose(stacked.predict(X), plain.predict(X), rtol=1e-10, atol=1e-12)
    assert_allclose(stacked.generate(30), plain.generate(30), rtol=1e-8, atol=1e-10)


def test_feedback_reaches_the_first_layer_of_a_stack():
    """Check that a deep ESN with feedback trains, predicts and generates, and that the
    feedback changes the first layer's states."""
    X, y = SERIES[:-1], SERIES[1:]
    esn = ESNRegressor(ReservoirStack(_layers(2)), feedback=True, washout=20,
                       random_state=1).fit(X, y)
    assert esn.W_fb_.shape == (esn.reservoir_.reservoirs_[0].n_units_, 1)
    assert np.all(np.isfinite(esn.generate(20)))
    without = ESNRegressor(ReservoirStack(_layers(2)), washout=20).fit(X, y)
    assert not np.allclose(esn.predict(X), without.predict(X))


# -- IPReservoir --------------------------------------------------------------------
def test_intrinsic_plasticity_moves_states_towards_the_target():
    """Check that IP moves the state distribution towards N(mu, sigma)."""
    u, _ = narma(1500, random_state=0)
    before = Reservoir(100, random_state=0).fit(u).transform(u)
    ip = IPReservoir(100, mu=0.0, sigma=0.2, epochs=3, random_state=0).fit(u)
    after = ip.transform(u)
    assert abs(after.std() - 0.2) < 0.5 * abs(before.std() - 0.2)
    assert abs(after.mean()) <= abs(before.mean()) + 1e-3
    assert ip.gain_.shape == ip.ip_bias_.shape == (100,)
    assert not np.allclose(ip.gain_, 1.0)


def test_intrinsic_plasticity_folds_into_the_weights():
    """Check that the learned gains and biases are folded into W_, W_in_ and bias_."""
    u, _ = narma(300, random_state=0)
    ip = IPReservoir(50, random_state=0, learning_rate=1e-3).fit(u)
    shared = ("spectral_radius", "input_scaling", "bias_scaling")  # IPReservoir's own defaults
    plain = Reservoir(50, random_state=0, **{k: ip.get_params()[k] for k in shared}).fit(u)
    assert_allclose(ip.W_in_, ip.gain_[:, None] * plain.W_in_)
    assert_allclose(ip.W_.toarray(), ip.gain_[:, None] * plain.W_.toarray())
    assert_allclose(ip.bias_, ip.gain_ * plain.bias_ + ip.ip_bias_)
    with pytest.raises(ValueError, match="rule is for tanh units"):
        IPReservoir(20, activation="relu").fit(u)


# -- continuous time and noise ------------------------------------------------------
def test_dt_tau_is_a_leak_rate():
    """Check that dt and tau give the reservoir of leak_rate = dt / tau."""
    by_time = Reservoir(60, dt=1.0, tau=30.0, random_state=0).fit(SERIES)
    by_leak = Reservoir(60, leak_rate=1 / 30, random_state=0).fit(SERIES)
    assert_allclose(by_time.transform(SERIES), by_leak.transform(SERIES), rtol=0, atol=1e-14)


@pytest.mark.parametrize("params, match", [
    ({"dt": 1.0}, "dt and tau go together"),
    ({"tau": 5.0}, "dt and tau go together"),
    ({"dt": 1.0, "tau": 30.0, "leak_rate": 0.5}, "both set the leak rate"),
    ({"dt": 2.0, "tau": 1.0}, "must lie in \\(0, 1\\]"),
])
def test_dt_tau_errors_name_the_fix(params, match):
    """Check the errors for half-given or conflicting dt, tau and leak_rate."""
    with pytest.raises(ValueError, match=match):
        Reservoir(10, **params).fit(SERIES)


def test_annarchy_chaotic_network_runs_and_noise_is_seeded():
    """Check the ANNarchy seed's network: tau=30, g=1.5, uniform noise 0.01.

    Seeded noise repeats; two different seeds (two trials) diverge.
    """
    params = dict(n_units=200, dt=1.0, tau=30.0, spectral_radius=1.5, density=1.0,
                  noise=0.01, input_noise=0.01, noise_distribution="uniform",
                  bias_scaling=0.0)
    u = np.zeros((800, 1))
    u[50:100] = 1.0
    one = Reservoir(**params, random_state=0).fit(u)
    states = one.transform(u)
    assert np.all(np.isfinite(states)) and np.abs(states).max() < 1.2  # tanh + small noise
    assert_allclose(one.transform(u), states)  # seeded: transform repeats itself
    noiseless = Reservoir(**{**params, "noise": 0.0, "input_noise": 0.0},
                          random_state=0).fit(u).transform(u)
    assert 0 < np.abs(states - noiseless)[:60].max() < 0.2  # small at first
    trial = Reservoir(**params, random_state=0).fit(u)
    trial._noise_seed += 1  # another noise realisation, same network
    gap = np.abs(trial.transform(u) - states).mean(axis=1)
    assert gap[100:].max() > 5 * gap[:20].mean()  # the chaotic network amplifies the noise


def test_uniform_noise_is_bounded_and_input_noise_enters_the_drive():
    """Check uniform noise stays within its scale and input noise reaches the states."""
    zero = Reservoir(30, activation="identity", spectral_radius=0.5, noise=0.1,
                     noise_distribution="uniform", bias_scaling=0.0, random_state=0)
    states = zero.fit(np.zeros((200, 1))).transform(np.zeros((200, 1)))
    assert np.abs(states[0]).max() <= 0.1
    with_input_noise = Reservoir(30, input_noise=0.5, random_state=0).fit(SERIES)
    clean = Reservoir(30, random_state=0).fit(SERIES)
    assert not np.allclose(with_input_noise.transform(SERIES), clean.transform(SERIES))


# -- any sklearn regressor as readout -----------------------------------------------
def test_any_regressor_readout_fits_predicts_and_generates():
    """Check a Lasso readout: fit/predict/generate work; partial_fit says what is missing."""
    esn = ESNRegressor(Reservoir(50, random_state=0), readout=Lasso(alpha=1e-4), washout=50)
    esn.fit(SERIES[:-1], SERIES[1:])
    assert esn.score(SERIES[:-1], SERIES[1:]) > 0.9
    assert esn.generate(10).shape == (10, 1)
    with pytest.raises(AttributeError, match="partial_fit needs a readout with partial_fit; "
                                        "Lasso has none"):
        ESNRegressor(readout=Lasso()).partial_fit(SERIES[:-1], SERIES[1:])


def test_stack_in_sktime_forecaster():
    """Check a deep reservoir inside ESNForecaster: fit and a 10-step forecast."""
    reason = "the sktime forecasters need the optional sktime extra"
    pd = pytest.importorskip("pandas", reason=reason)
    pytest.importorskip("sktime", reason=reason)
    from skreservoir.forecasting import ESNForecaster

    y = pd.Series(SERIES[:400, 0])
    forecaster = ESNForecaster(reservoir=ReservoirStack(_layers(2, 50))).fit(y)
    forecast = forecaster.predict(fh=np.arange(1, 11))
    truth = SERIES[400:410, 0]
    assert forecast.shape == (10,)
    assert np.sqrt(np.mean((forecast.to_numpy() - truth) ** 2)) < 0.1 * np.std(SERIES)
