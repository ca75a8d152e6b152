"""LocalPlasticityReservoir: its benchmarked defaults, keep_spectral_radius, the growth warning."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose

from skreservoir import ESNRegressor, LocalPlasticityReservoir, Reservoir
from skreservoir._weights import spectral_radius
from skreservoir.datasets import mackey_glass, narma, to_forecasting
from skreservoir.exceptions import ReservoirStateWarning
from skreservoir.metrics import nrmse

U, Y = narma(3000, random_state=0)
N_TRAIN = 2000


def _dense(W):
    return W.toarray() if sp.issparse(W) else np.asarray(W)


def test_defaults_learn_without_growing_the_spectral_radius():
    """Check that the defaults change W's structure, keep its radius at spectral_radius and
    warn about nothing."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        learned = LocalPlasticityReservoir(200, random_state=0).fit(U[:N_TRAIN])
    drawn = Reservoir(200, random_state=0).fit(U[:N_TRAIN])  # the same draw, not learned
    assert learned.spectral_radius_ == drawn.spectral_radius_ == 1.0
    assert_allclose(spectral_radius(_dense(learned.W_)), 1.0, rtol=1e-8)
    assert learned.learned_spectral_radius_ < 1.5  # the rule itself did not blow W up
    W, W0 = _dense(learned.W_), _dense(drawn.W_)
    assert np.linalg.norm(W / np.linalg.norm(W) - W0 / np.linalg.norm(W0)) > 0.02  # it learned


@pytest.mark.parametrize("keep", [False, True])
def test_growth_warning_names_eta(keep):
    """Check that a rule that grows W's spectral radius far beyond the drawn one warns at fit,
    at the caller's line, naming eta (and keep_spectral_radius where it is off)."""
    reservoir = LocalPlasticityReservoir(100, local_rule="oja", eta=1e-2,
                                         keep_spectral_radius=keep, random_state=0)
    with pytest.warns(ReservoirStateWarning, match=r"grew the spectral radius.*Lower eta "
                      r"\(got 0\.01") as caught:
        reservoir.fit(U[:N_TRAIN])
    assert caught[0].filename == __file__
    assert reservoir.learned_spectral_radius_ > 2 * reservoir.spectral_radius
    message = str(caught[0].message)
    assert ("set keep_spectral_radius=True" in message) is not keep
    assert 'local_rule="anti-oja"' in message


def test_growth_warning_at_the_esn_fit_of_reservoirpy_defaults():
    """Check that ReservoirPy's defaults (oja, eta=1e-3) in an ESN warn, at the user's line,
    naming eta before the saturation warning's scaling advice."""
    reservoir = LocalPlasticityReservoir(200, local_rule="oja", eta=1e-3,
                                         keep_spectral_radius=False, random_state=0)
    with pytest.warns(ReservoirStateWarning) as caught:
        ESNRegressor(reservoir).fit(U[:N_TRAIN], Y[:N_TRAIN])
    messages = [str(w.message) for w in caught]
    assert "grew the spectral radius" in messages[0] and "Lower eta" in messages[0]
    assert caught[0].filename == __file__


def test_no_growth_warning_for_a_rule_that_keeps_the_radius():
    """Check that learning that leaves the radius near the drawn one does not warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        reservoir = LocalPlasticityReservoir(100, local_rule="oja", eta=1e-5,
                                             keep_spectral_radius=False,
                                             random_state=0).fit(U[:N_TRAIN])
    assert reservoir.spectral_radius_ == reservoir.learned_spectral_radius_ < 1.5


@pytest.mark.parametrize("rule", ["oja", "anti-oja", "hebbian", "anti-hebbian", "bcm"])
@pytest.mark.parametrize("requested", [0.5, 1.3])
def test_keep_spectral_radius_scales_the_learned_W_to_the_requested_radius(rule, requested):
    """Check that keep_spectral_radius gives W_ the requested spectral radius: the learned W
    (the one without it) scaled, in the reservoir's dtype."""
    params = dict(n_units=60, local_rule=rule, eta=1e-3, spectral_radius=requested,
                  density=0.2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReservoirStateWarning)  # oja, hebbian grow W
        kept = LocalPlasticityReservoir(keep_spectral_radius=True, **params).fit(U[:500])
        raw = LocalPlasticityReservoir(keep_spectral_radius=False, **params).fit(U[:500])
        kept32 = LocalPlasticityReservoir(keep_spectral_radius=True, dtype="float32",
                                          **params).fit(U[:500])
    assert kept.spectral_radius_ == requested
    assert_allclose(spectral_radius(_dense(kept.W_)), requested, rtol=1e-8)
    assert_allclose(kept.learned_spectral_radius_, raw.spectral_radius_, rtol=1e-12)
    assert_allclose(_dense(kept.W_), _dense(raw.W_) * (requested / raw.spectral_radius_),
                    rtol=1e-12, atol=1e-15)
    assert kept32.W_.dtype == np.float32
    assert_allclose(spectral_radius(_dense(kept32.W_).astype(np.float64)), requested, rtol=1e-5)


def test_keep_spectral_radius_leaves_a_given_W_as_learned():
    """Check that a W given as an array is learned as it is, never scaled (spectral_radius
    applies to drawn weights only)."""
    rng = np.random.default_rng(0)
    W = rng.normal(size=(30, 30)) * (rng.uniform(size=(30, 30)) < 0.3)
    kept, raw = (LocalPlasticityReservoir(W=W, eta=1e-3, keep_spectral_radius=keep,
                                          random_state=0).fit(U[:300]) for keep in (True, False))
    assert_allclose(kept.W_, raw.W_, rtol=0, atol=0)
    assert kept.spectral_radius_ == kept.learned_spectral_radius_


def test_partial_fit_with_keep_spectral_radius_equals_fit():
    """Check that the rule goes on from the learned W, not from the scaled W_: partial_fit on
    consecutive parts equals fit, and the radius is the requested one after every call."""
    params = dict(n_units=40, local_rule="anti-oja", eta=1e-3, spectral_radius=0.8,
                  random_state=0)
    whole = LocalPlasticityReservoir(**params).fit(U[:600])
    parts = LocalPlasticityReservoir(**params).partial_fit(U[:250])
    assert parts.spectral_radius_ == 0.8
    parts.partial_fit(U[250:600])
    assert_allclose(_dense(parts.W_), _dense(whole.W_), rtol=1e-12, atol=1e-14)
    assert_allclose(parts.learned_spectral_radius_, whole.learned_spectral_radius_, rtol=1e-12)
    assert_allclose(spectral_radius(_dense(parts.W_)), 0.8, rtol=1e-8)


def _esn_nrmse(reservoir, X, y):
    esn = ESNRegressor(reservoir).fit(X[:N_TRAIN], y[:N_TRAIN])
    return nrmse(y[N_TRAIN:], esn.predict(X[N_TRAIN:], initial_state="fit"))


def test_defaults_on_narma_score_within_the_margin_of_reservoir():
    """Check that an ESN on NARMA-10 with the defaults scores within 1.25 times the NRMSE of
    a plain Reservoir (the benchmark's margin; ReservoirPy's defaults scored 4.2 times)."""
    plastic = _esn_nrmse(LocalPlasticityReservoir(200, random_state=0), U, Y)
    plain = _esn_nrmse(Reservoir(200, random_state=0), U, Y)
    assert plastic <= 1.25 * plain, (plastic, plain)


def test_defaults_on_mackey_glass_score_within_the_margin_of_reservoir():
    """Check the same on Mackey-Glass 10 steps ahead, where anti-Oja learning helps."""
    X, y = to_forecasting(mackey_glass(3010, random_state=0), forecast=10)
    plastic = _esn_nrmse(LocalPlasticityReservoir(200, random_state=0), X, y)
    plain = _esn_nrmse(Reservoir(200, random_state=0), X, y)
    assert plastic <= 1.25 * plain, (plastic, plain)


def test_saturation_warning_of_an_esn_names_eta_where_the_rule_set_the_scale():
    """Check that the ESN's saturation warning, on a learned W the rule scaled (not
    spectral_radius), adds that spectral_radius does not set it and names eta; with
    keep_spectral_radius (the default) it adds nothing."""
    u, y = narma(1500, random_state=0)
    grown = LocalPlasticityReservoir(100, local_rule="oja", eta=1e-3, spectral_radius=0.9,
                                     input_scaling=1.0, bias_scaling=1.0,
                                     keep_spectral_radius=False, random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ESNRegressor(grown).fit(u, y)
    saturated = [str(w.message) for w in caught if "saturated" in str(w.message)]
    assert len(saturated) == 1
    assert "The local rule set the scale of the learned W" in saturated[0]
    assert "lower eta (got 0.001) or set keep_spectral_radius=True" in saturated[0]
    kept = LocalPlasticityReservoir(100, random_state=0).fit(u)
    assert kept._state_advice() == ""


def test_state_advice_only_where_the_rule_moved_the_scale():
    """Check that the saturation warning blames the rule (and eta) only where the rule
    moved the spectral radius: with eta=1e-7 it stays as drawn, and the saturation comes
    from the input scaling the warning names (a review found eta blamed there)."""
    u, y = narma(1500, random_state=0)
    still = LocalPlasticityReservoir(100, eta=1e-7, keep_spectral_radius=False,
                                     input_scaling=50.0, bias_scaling=10.0, random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ESNRegressor(still).fit(u, y)
    saturated = [str(w.message) for w in caught if "saturated" in str(w.message)]
    assert len(saturated) == 1 and "input_scaling" in saturated[0]
    assert "local rule set the scale" not in saturated[0]


def test_growth_warning_once_per_stream():
    """Check that a partial_fit stream whose rule grows W warns once, not at every call
    (the radius in the message changes, so the warnings filter let each through)."""
    u, _ = narma(2000, random_state=0)
    reservoir = LocalPlasticityReservoir(100, local_rule="oja", eta=1e-2,
                                         keep_spectral_radius=False, random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for chunk in np.array_split(u, 10):
            reservoir.partial_fit(chunk)
    grew = [w for w in caught if "grew the spectral radius" in str(w.message)]
    assert len(grew) == 1
    assert reservoir.learned_spectral_radius_ > 2 * reservoir.spectral_radius
