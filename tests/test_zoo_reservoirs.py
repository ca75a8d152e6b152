"""The model zoo: ES2NReservoir, LIFReservoir, LocalPlasticityReservoir, sigmoid IP."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from skreservoir import (
    ES2NReservoir,
    ESNRegressor,
    IPReservoir,
    LIFReservoir,
    LocalPlasticityReservoir,
    config_context,
)

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
    nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
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


@pytest.mark.parametrize(
    "make, name",
    [
        (lambda v: LIFReservoir(10, threshold=v), "threshold"),
        (lambda v: IPReservoir(10, mu=v), "mu"),
    ],
)
@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_non_finite_parameters_are_refused(make, name, value):
    """Check that a NaN or inf threshold (LIF) or mu (IP) is refused by name: a NaN
    threshold used to give silent all-zero spikes, a NaN mu a LinAlgError."""
    with pytest.raises(ValueError, match=f"The '{name}' parameter of .* Got {value}"):
        make(value).fit(U)


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
    nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
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


# -- local plasticity -------------------------------------------------------------
def plasticity_by_equation(W, W_in, bias, leak, series, rule, eta, theta, normalize, epochs):
    """The local rules written out on a dense W: per step, post with the current W, then
    every nonzero W_ij changes with pre = x_j(t-1), post = x_i(t); rows normalised."""
    W = W.copy()
    mask = W != 0
    for _ in range(epochs):
        for U in series:
            x = np.zeros(W.shape[0])
            for u in U:
                post = (1 - leak) * x + leak * np.tanh(W @ x + W_in @ u + bias)
                pre_j, post_i = x[None, :], post[:, None]
                delta = {
                    "oja": eta * post_i * (pre_j - post_i * W),
                    "anti-oja": -eta * post_i * (pre_j - post_i * W),
                    "hebbian": eta * post_i * pre_j,
                    "anti-hebbian": -eta * post_i * pre_j,
                    "bcm": eta * post_i * (post_i - theta) * pre_j,
                }[rule]
                W = W + np.where(mask, delta, 0.0)
                if normalize:
                    norms = np.linalg.norm(W, axis=1, keepdims=True)
                    W = W / np.where(norms > 0, norms, 1.0)
                x = post
    return W


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize("rule", ["oja", "anti-oja", "hebbian", "anti-hebbian", "bcm"])
@pytest.mark.parametrize("normalize", [False, True])
def test_local_plasticity_follows_the_rule(rule, normalize, compiled):
    """Check the learned W against the rule written out, over a panel and two epochs."""
    n = 20
    W = RNG.normal(size=(n, n)) * (RNG.uniform(size=(n, n)) < 0.3)
    W_in, bias = RNG.uniform(-1, 1, size=(n, 2)), RNG.uniform(-0.2, 0.2, size=n)
    series = [U[:80], U[100:150]]
    with config_context(compiled=compiled):
        reservoir = LocalPlasticityReservoir(
            W=W,
            W_in=W_in,
            bias=bias,
            leak_rate=0.7,
            local_rule=rule,
            eta=0.01,
            bcm_theta=0.1,
            synapse_normalization=normalize,
            epochs=2,
        ).fit(series)
    expected = plasticity_by_equation(W, W_in, bias, 0.7, series, rule, 0.01, 0.1, normalize, 2)
    assert not np.allclose(expected, W)  # the rule changed W
    assert_allclose(reservoir.W_, expected, rtol=1e-10, atol=1e-12)


def test_local_plasticity_partial_fit_continues_the_series():
    """Check that partial_fit on consecutive parts of a series (and on a panel) equals fit."""
    params = dict(n_units=30, local_rule="hebbian", eta=1e-3, density=0.3, random_state=0)
    whole = LocalPlasticityReservoir(**params).fit(U)
    parts = LocalPlasticityReservoir(**params).partial_fit(U[:120]).partial_fit(U[120:])
    assert_allclose(parts.W_.toarray(), whole.W_.toarray(), rtol=1e-12, atol=1e-14)
    assert_allclose(parts.state_, whole.state_, rtol=1e-12, atol=1e-14)
    panel = [U[:120], U[120:]]
    by_fit = LocalPlasticityReservoir(**params).fit(panel)
    by_partial = LocalPlasticityReservoir(**params).partial_fit(panel)
    assert_allclose(by_partial.W_.toarray(), by_fit.W_.toarray(), rtol=1e-12, atol=1e-14)
    assert not np.allclose(by_fit.W_.toarray(), whole.W_.toarray())  # two series, not one
    restarted = LocalPlasticityReservoir(**params).partial_fit(U[:120]).reset_state()
    restarted.partial_fit(U[120:])
    assert_allclose(restarted.W_.toarray(), by_fit.W_.toarray(), rtol=1e-12, atol=1e-14)


def test_local_plasticity_runs_as_a_reservoir_with_the_learned_W():
    """Check that after fit the states are Reservoir's with the learned W."""
    from skreservoir import Reservoir

    learned = LocalPlasticityReservoir(
        40, local_rule="anti-oja", eta=5e-3, leak_rate=0.5, random_state=0
    ).fit(U)
    plain = Reservoir(W=learned.W_, W_in=learned.W_in_, bias=learned.bias_, leak_rate=0.5).fit(U)
    assert_allclose(learned.transform(U), plain.transform(U), rtol=1e-12, atol=1e-14)


def test_local_plasticity_divergence_names_eta():
    """Check that a rule that blows W up raises an error naming eta."""
    with pytest.raises(ValueError, match="lower eta"):
        LocalPlasticityReservoir(
            20, local_rule="hebbian", eta=1e3, activation="identity", density=0.5, random_state=0
        ).fit(U * 100)


# -- intrinsic plasticity of sigmoid units ----------------------------------------
def test_sigmoid_ip_follows_the_exponential_rule():
    """Check the sigmoid gains and biases against Triesch's rule written out, two epochs."""
    from scipy.special import expit

    from skreservoir import IPReservoir

    n, mu, eta, leak = 25, 0.3, 1e-2, 0.6
    W = RNG.normal(size=(n, n)) * 0.2
    W_in, bias = RNG.uniform(-1, 1, size=(n, 2)), RNG.uniform(-1, 1, size=n)
    ip = IPReservoir(
        W=W,
        W_in=W_in,
        bias=bias,
        activation="sigmoid",
        mu=mu,
        learning_rate=eta,
        leak_rate=leak,
        epochs=2,
    ).fit([U[:100], U[100:160]])
    gain, shift = np.ones(n), np.zeros(n)
    for _ in range(2):
        for series in (U[:100], U[100:160]):
            x = np.zeros(n)
            for u in series:
                z = W @ x + W_in @ u + bias
                y = expit(gain * z + shift)
                delta = eta * (1 - (2 + 1 / mu) * y + y**2 / mu)
                gain = gain + eta / gain + delta * z
                shift = shift + delta
                x = (1 - leak) * x + leak * y
    assert_allclose(ip.gain_, gain, rtol=1e-12)
    assert_allclose(ip.ip_bias_, shift, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("activation, target", [
    ("sigmoid", {"mu": 0.2}),
    ("tanh", {"mu": 0.1, "sigma": 0.2}),
])
def test_ip_equals_reservoirpy_at_leak_one(activation, target):
    """Check that IP learns ReservoirPy 0.4.2's gains and biases (leak 1, one epoch; below
    leak 1 ReservoirPy leaks the pre-activation, we the outputs: the mapping page)."""
    nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
    from skreservoir import IPReservoir

    ip = IPReservoir(
        40, activation=activation, learning_rate=5e-3, bias_scaling=0.5, random_state=0,
        **target
    ).fit(U)
    node = nodes.IPReservoir(
        W=ip.W_.toarray() / ip.gain_[:, None],
        Win=ip.W_in_ / ip.gain_[:, None],
        bias=(ip.bias_ - ip.ip_bias_) / ip.gain_,
        activation=activation,
        learning_rate=5e-3,
        lr=1.0,
        epochs=1,
        **target,
    )
    node.fit(U)
    assert not np.allclose(ip.gain_, 1.0)
    assert_allclose(ip.gain_, node.a, rtol=1e-10)
    assert_allclose(ip.ip_bias_, node.b, rtol=1e-10, atol=1e-12)


def test_sigmoid_ip_moves_the_mean_to_mu_and_checks_mu():
    """Check that sigmoid IP brings the mean output near mu, and that mu outside (0, 1) is named."""
    from skreservoir import IPReservoir, Reservoir

    u = RNG.uniform(-1, 1, size=(2000, 1))
    before = Reservoir(100, activation="sigmoid", random_state=0).fit(u).transform(u)
    after = (
        IPReservoir(100, activation="sigmoid", epochs=3, learning_rate=1e-3, random_state=0)
        .fit(u)
        .transform(u)
    )
    assert abs(after.mean() - 0.2) < 0.5 * abs(before.mean() - 0.2)
    with pytest.raises(ValueError, match=r"mu=0.0 cannot be the mean of sigmoid outputs"):
        IPReservoir(20, activation="sigmoid", mu=0.0).fit(u)


# -- in the composites ------------------------------------------------------------
ZOO = [
    ES2NReservoir(30, proximity=0.3, random_state=0),
    LIFReservoir(30, input_density=1.0, random_state=0),
    LocalPlasticityReservoir(30, local_rule="anti-oja", random_state=0),
]


@pytest.mark.parametrize("reservoir", ZOO, ids=lambda r: type(r).__name__)
def test_zoo_reservoirs_work_in_the_composites(reservoir):
    """Check each new reservoir in ESNClassifier, ESNTransformer, ReservoirStack and ESNForecaster."""
    from skreservoir import ESNClassifier, ESNTransformer, Reservoir, ReservoirStack
    from skreservoir.forecasting import ESNForecaster

    panel = np.abs(RNG.normal(size=(12, 40, 2)))
    labels = np.repeat([0, 1], 6)
    panel[labels == 1] += 0.5
    clf = ESNClassifier(reservoir, washout=5).fit(panel, labels)
    assert clf.score(panel, labels) > 0.8
    assert ESNTransformer(reservoir).fit_transform(panel).shape[0] == 12
    stack = ReservoirStack([Reservoir(20, random_state=0), reservoir]).fit(panel)
    assert stack.transform(panel).shape == (12, 40, 50)
    t = np.arange(300) * 0.3
    y = np.sin(t) + 1.5
    forecast = ESNForecaster(reservoir).fit(y, fh=[1, 2, 3]).predict()
    assert np.all(np.isfinite(np.asarray(forecast)))


def test_ip_reservoir_weights_given_to_a_plain_reservoir_run_the_same_states():
    """Check the IPReservoir docstring's recipe for partial_fit streams (which fit the
    reservoir on the first call only): its adapted weights given to a plain Reservoir
    run the same states, and an ESN streaming one row at a time with that reservoir
    gives the states of the adapted one."""
    from skreservoir import ESNRegressor, ForceReadout, Reservoir

    u = np.random.default_rng(0).normal(size=(300, 1))
    ip = IPReservoir(40, sigma=0.2, epochs=2, random_state=0).fit(u)
    plain = Reservoir(W=ip.W_, W_in=ip.W_in_, bias=ip.bias_, leak_rate=ip.leak_rate)
    assert_allclose(plain.fit(u).transform(u), ip.transform(u), rtol=0, atol=0)
    esn = ESNRegressor(plain, ForceReadout(), washout=0)
    for t in range(20):
        esn.partial_fit(u[t:t + 1], u[t + 1:t + 2, 0])
    assert_allclose(esn.state_, ip.transform(u[:20])[-1], rtol=0, atol=1e-15)


def test_unusable_plasticity_targets_are_refused_by_name():
    """IPReservoir's mu for tanh units outside (-1, 1), and a non-finite bcm_theta, were
    accepted: mu=1e12 drove every unit to its bound, bcm_theta=nan made the rule
    diverge and the error blamed eta."""
    from sklearn.utils._param_validation import InvalidParameterError

    X = np.random.default_rng(0).normal(size=(50, 1))
    for mu in (5.0, -1.0, 1e12):
        with pytest.raises(ValueError, match=rf"mu={mu!r} cannot be the mean of tanh "
                                             r"outputs, .*take mu in \(-1, 1\)"):
            IPReservoir(20, mu=mu, random_state=0).fit(X)
    IPReservoir(20, mu=0.5, random_state=0).fit(X)
    for theta in (np.nan, np.inf):
        with pytest.raises(InvalidParameterError, match="'bcm_theta' parameter"):
            LocalPlasticityReservoir(20, local_rule="bcm", bcm_theta=theta,
                                     random_state=0).fit(X)


def test_es2n_refuses_a_given_O_that_stretches_states():
    """A given O that is not orthogonal (all ones: largest singular value 20) was
    taken; the states overflowed and the error blamed the input. It is refused by name;
    an orthogonal or contracting O is taken."""
    from skreservoir.weights import orthogonal

    X = RNG.normal(size=(40, 2))
    with pytest.raises(ValueError, match=r"O must be an orthogonal matrix .* stretches some "
                                         r"states by up to 20 "):
        ES2NReservoir(20, O=np.ones((20, 20)), random_state=0).fit(X)
    rotation = orthogonal((200, 200), 0)
    X = RNG.normal(size=(40, 2))
    ES2NReservoir(200, O=rotation, random_state=0).fit(X)
    ES2NReservoir(200, O=rotation.astype(np.float32), random_state=0).fit(X)  # its rounding
    ES2NReservoir(200, O=0.5 * rotation, random_state=0).fit(X)


def test_a_silent_spiking_reservoir_warns():
    """A LIFReservoir that never spikes (a threshold far above its drive, or a tiny
    input_scaling) trained an all-zero model (R^2 0, one class) without a word; it now
    warns as a reservoir whose states died out does, naming threshold and
    input_scaling. One that spikes says nothing."""
    import warnings

    from skreservoir import ESNClassifier
    from skreservoir.exceptions import ReservoirStateWarning

    X = RNG.normal(size=(200, 2))
    for params in ({"threshold": 1e3}, {"input_scaling": 1e-6}):
        with pytest.warns(ReservoirStateWarning, match=r"No unit of the LIFReservoir spiked "
                                                       r"during training.*threshold.*"
                                                       r"input_scaling"):
            ESNRegressor(LIFReservoir(30, random_state=0, **params)).fit(X, X[:, 0])
    with pytest.warns(ReservoirStateWarning, match="No unit of the LIFReservoir spiked"):
        ESNClassifier(LIFReservoir(30, threshold=1e3, random_state=0)).fit(
            X.reshape(10, 20, 2), [0, 1] * 5)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        ESNRegressor(LIFReservoir(30, random_state=0)).fit(X, X[:, 0])
