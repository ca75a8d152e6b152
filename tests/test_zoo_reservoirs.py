"""The model zoo: ES2NReservoir, LIFReservoir, LocalPlasticityReservoir, sigmoid IP."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from skreservoir import ES2NReservoir, ESNRegressor, LIFReservoir, config_context

RNG = np.random.default_rng(0)
U = RNG.normal(size=(300, 2))


# -- ES2N -------------------------------------------------------------------------
def es2n_by_equation(rotation, W, W_in, bias, beta, U, x0=None):
    """The ES2N update written out: x = (1 - beta) O x + beta tanh(W x + W_in u + b)."""
    x = np.zeros(rotation.shape[0]) if x0 is None else x0
    states = []
    for u in U:
        x = (1 - beta) * (rotation @ x) + beta * np.tanh(W @ x + W_in @ u + bias)
        states.append(x)
    return np.array(states)


@pytest.mark.parametrize("compiled", [True, False])
def test_es2n_equals_reservoirpy(compiled):
    """Check that ES2NReservoir's states equal ReservoirPy 0.4.2's ES2N given the same matrices."""
    nodes = pytest.importorskip("reservoirpy.nodes")
    with config_context(compiled=compiled):
        es2n = ES2NReservoir(50, proximity=0.2, bias_scaling=0.3, random_state=0).fit(U)
        states = es2n.transform(U)
    node = nodes.ES2N(
        W=es2n.W_.toarray(), Win=es2n.W_in_, bias=es2n.bias_, O=es2n.O_, proximity=0.2
    )
    assert_allclose(states, node.run(U), rtol=0, atol=1e-10)


@pytest.mark.parametrize("compiled", [True, False])
def test_es2n_follows_its_equation_per_unit(compiled):
    """Check that a per-unit proximity, a given O and panels follow the written-out update."""
    n = 30
    beta = RNG.uniform(0.0, 1.0, n)
    rotation, _ = np.linalg.qr(RNG.normal(size=(n, n)))
    W = RNG.normal(size=(n, n)) * 0.1
    W_in, bias = RNG.normal(size=(n, 2)), RNG.normal(size=n)
    with config_context(compiled=compiled):
        es2n = ES2NReservoir(proximity=beta, O=rotation, W=W, W_in=W_in, bias=bias).fit(U)
        one = es2n.transform(U)
        panel = es2n.transform([U, U[:100], -U])
    assert_allclose(one, es2n_by_equation(rotation, W, W_in, bias, beta, U), rtol=1e-12, atol=1e-13)
    assert_allclose(panel[1], one[:100], rtol=1e-12, atol=1e-13)
    assert_allclose(
        panel[2], es2n_by_equation(rotation, W, W_in, bias, beta, -U), rtol=1e-12, atol=1e-13
    )


def test_es2n_draws_an_orthogonal_O_and_proximity_one_is_an_esn():
    """Check that the drawn O is orthogonal and that proximity=1 gives the plain tanh ESN."""
    from skreservoir import Reservoir

    es2n = ES2NReservoir(40, proximity=1.0, bias_scaling=0.5, random_state=3).fit(U)
    assert_allclose(es2n.O_ @ es2n.O_.T, np.eye(40), atol=1e-12)
    esn = Reservoir(W=es2n.W_, W_in=es2n.W_in_, bias=es2n.bias_).fit(U)
    assert_allclose(es2n.transform(U), esn.transform(U), rtol=1e-12, atol=1e-13)


def test_es2n_in_an_esn_regressor_generates():
    """Check that ES2NReservoir serves as the reservoir of ESNRegressor, closed loop included."""
    t = np.arange(1200) * 0.2
    y = (np.sin(t) + np.sin(0.51 * t)).reshape(-1, 1) / 2
    model = ESNRegressor(
        reservoir=ES2NReservoir(100, proximity=0.5, input_scaling=0.5, random_state=0), washout=100
    )
    model.fit(y[:-1], y[1:])
    generated = model.generate(50)
    assert generated.shape == (50, 1)
    t_next = np.arange(1199, 1249) * 0.2  # generate starts after the last input, y[1198]
    truth = (np.sin(t_next) + np.sin(0.51 * t_next)) / 2
    assert np.sqrt(np.mean((generated[:, 0] - truth) ** 2)) < 0.05


@pytest.mark.parametrize(
    "params, match",
    [
        (dict(proximity=np.full(5, 0.5)), "one value per unit"),
        (dict(proximity=np.full(10, 1.5)), r"lie in \[0, 1\]"),
        (dict(O=np.eye(4)), r"O must have shape \(10, 10\)"),
    ],
)
def test_es2n_errors_name_the_parameter(params, match):
    """Check that a wrong proximity or O raises an error naming it and its expected shape."""
    with pytest.raises(ValueError, match=match):
        ES2NReservoir(10, density=0.5, **params).fit(U)


# -- LIF --------------------------------------------------------------------------
def lif_by_equation(W, W_in, leak, threshold, U):
    """The LIF update written out: leak, fire and reset, integrate; returns spikes, potentials."""
    v = np.zeros(W.shape[0])
    spikes, potentials = [], []
    for u in U:
        v = (1 - leak) * v
        s = (v > threshold).astype(float)
        v[s == 1] = 0.0
        v = v + W @ s + W_in @ u
        spikes.append(s)
        potentials.append(v)
    return np.array(spikes), np.array(potentials)


@pytest.mark.parametrize("compiled", [True, False])
def test_lif_spikes_equal_reservoirpy(compiled):
    """Check that LIFReservoir's spikes equal ReservoirPy 0.4.2's LIF exactly given the same matrices."""
    nodes = pytest.importorskip("reservoirpy.nodes")
    u = np.abs(RNG.normal(size=(400, 2)))
    with config_context(compiled=compiled):
        lif = LIFReservoir(
            80, leak_rate=0.2, inhibitory=0.2, input_density=0.5, random_state=0
        ).fit(u)
        spikes = lif.transform(u)
    node = nodes.LIF(W=lif.W_.toarray(), Win=lif.W_in_, lr=0.2, threshold=1.0)
    expected = node.run(u)
    assert 0.02 < spikes.mean() < 0.8  # the pool is active
    np.testing.assert_array_equal(spikes, expected)


@pytest.mark.parametrize("compiled", [True, False])
def test_lif_follows_its_equation(compiled):
    """Check spikes and potentials against the written-out update, per-unit leak and panels included."""
    n = 40
    leak = RNG.uniform(0.0, 0.5, n)
    W = RNG.uniform(-0.3, 0.6, size=(n, n))
    W_in = RNG.uniform(0, 1, size=(n, 2))
    u = np.abs(U)
    with config_context(compiled=compiled):
        spiking = LIFReservoir(leak_rate=leak, threshold=0.8, W=W, W_in=W_in).fit(u)
        potential = LIFReservoir(
            leak_rate=leak, threshold=0.8, W=W, W_in=W_in, output="potential"
        ).fit(u)
        spikes, panel = spiking.transform(u), spiking.transform([u[:50], u])
        potentials = potential.transform(u)
    expected_spikes, expected_potentials = lif_by_equation(W, W_in, leak, 0.8, u)
    np.testing.assert_array_equal(spikes, expected_spikes)
    assert_allclose(potentials, expected_potentials, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(panel[0], expected_spikes[:50])
    np.testing.assert_array_equal(panel[1], expected_spikes)


def test_lif_draws_excitatory_and_inhibitory_units():
    """Check that the drawn W is nonnegative except the inhibitory units' outgoing columns."""
    lif = LIFReservoir(50, inhibitory=0.2, density=0.3, random_state=0).fit(U)
    W = lif.W_.toarray()
    assert np.all(W[:, :10] <= 0) and np.any(W[:, :10] < 0)
    assert np.all(W[:, 10:] >= 0) and np.all(lif.W_in_ >= 0)
    excitatory = np.abs(W)
    assert_allclose(np.max(np.abs(np.linalg.eigvals(excitatory))), 1.0, rtol=1e-8)
