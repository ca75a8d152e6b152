"""Escape hatches of the reservoir: initializers, callable activations, given shapes."""

import re
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose

from skreservoir import Reservoir, config_context
from skreservoir.exceptions import IgnoredParameterWarning
from skreservoir.metrics import spectral_radius
from skreservoir.weights import (
    bernoulli,
    fast_spectral,
    normal,
    orthogonal,
    ring,
    small_world,
    uniform,
)

RNG = np.random.default_rng(0)
SERIES = RNG.normal(size=(80, 2))


@pytest.mark.parametrize("init", [orthogonal, ring, small_world(), small_world(k=6, p=0.5),
                                  normal(0.2), uniform(), bernoulli(0.3)],
                         ids=["orthogonal", "ring", "small_world", "small_world-6",
                              "normal", "uniform", "bernoulli"])
def test_initializers_give_a_scaled_reproducible_W(init):
    """Each initializer's W is scaled to spectral_radius and seeded by random_state."""
    reservoir = Reservoir(40, W=init, spectral_radius=0.8, random_state=0).fit(SERIES)
    assert np.isclose(spectral_radius(reservoir.W_), 0.8, rtol=1e-6)
    again = Reservoir(40, W=init, spectral_radius=0.8, random_state=0).fit(SERIES)
    assert_allclose(reservoir.transform(SERIES), again.transform(SERIES))


def test_fast_spectral_scales_by_the_circular_law_without_computing_the_radius(monkeypatch):
    """fast_spectral: uniform values on +-sqrt(3 / (n d)) times spectral_radius, no radius computed."""
    from skreservoir import _weights

    def no_radius(W):
        raise AssertionError("the radius was computed")

    # every radius the reservoir could compute goes through these
    monkeypatch.setattr(_weights, "spectral_radius", no_radius)
    monkeypatch.setattr("skreservoir.reservoir._leaky.spectral_radius_of", no_radius)
    n, density = 400, 0.25
    reservoir = Reservoir(n, W=fast_spectral(density), spectral_radius=0.7,
                          random_state=0).fit(SERIES)
    assert reservoir.spectral_radius_ == 0.7
    W = reservoir.W_
    assert sp.issparse(W) and W.nnz == round(density * n * n)
    bound = 0.7 * np.sqrt(3 / (n * density))
    assert np.max(np.abs(W.data)) <= bound
    assert np.max(np.abs(W.data)) > 0.99 * bound  # uniform on the whole interval
    assert_allclose(np.var(W.data), bound**2 / 3, rtol=0.05)
    monkeypatch.undo()
    # the circular law: the radius is near the one asked for (5.1% above it
    # at 400 units; the law holds as the reservoir grows)
    assert abs(spectral_radius(W) / 0.7 - 1) < 0.08
    again = Reservoir(n, W=fast_spectral(density), spectral_radius=0.7,
                      random_state=0).fit(SERIES)
    assert_allclose(again.W_.toarray(), W.toarray())
    with pytest.raises(ValueError, match="square"):
        fast_spectral()((3, 4), np.random.default_rng(0))



@pytest.mark.parametrize("init", [ring, orthogonal])
def test_ring_and_orthogonal_are_scaled_by_their_known_radius(monkeypatch, init):
    """Every eigenvalue of a ring or an orthogonal matrix has modulus 1: the reservoir
    scales them by it without measuring (ARPACK, unable to single one out, ran to
    20 restarts per unit: 20 s for a 300-unit ring)."""
    from skreservoir import _weights

    def no_radius(W):
        raise AssertionError("the radius was computed")

    monkeypatch.setattr(_weights, "spectral_radius", no_radius)
    monkeypatch.setattr("skreservoir.reservoir._leaky.spectral_radius_of", no_radius)
    reservoir = Reservoir(300, W=init, spectral_radius=0.9, random_state=0).fit(SERIES)
    monkeypatch.undo()
    assert reservoir.spectral_radius_ == 0.9
    assert_allclose(spectral_radius(reservoir.W_), 0.9, rtol=1e-12)


def test_arpack_stops_early_where_eigenvalues_share_their_modulus(monkeypatch):
    """A matrix whose largest eigenvalues share their modulus (here a 300-unit cycle
    given as a matrix) does not converge in ARPACK: it stops after
    ARPACK_MAX_RESTARTS and the dense eigenvalues give the radius."""
    from skreservoir import _weights

    asked = []
    eigs = _weights.eigs

    def recorded(*args, **kwargs):
        asked.append(kwargs["maxiter"])
        return eigs(*args, **kwargs)

    monkeypatch.setattr(_weights, "eigs", recorded)
    W = ring((300, 300)) * 0.5
    assert_allclose(spectral_radius(W), 0.5, rtol=1e-12)
    assert asked == [_weights.ARPACK_MAX_RESTARTS]

def test_sparse_initializer_is_checked_without_densifying():
    """A sparse initializer's matrix is checked on its stored values: NaN refused, shape named."""
    nan = sp.csr_array(([np.nan], ([0], [1])), shape=(5, 5))
    with pytest.raises(ValueError, match="NaN or inf"):
        Reservoir(5, W=lambda shape, rng: nan).fit(SERIES)
    with pytest.raises(ValueError, match=r"returned shape \(4, 4\)"):
        Reservoir(5, W=lambda shape, rng: sp.eye_array(4, format="csr")).fit(SERIES)
    given = sp.random_array((5, 5), density=0.6, random_state=0, format="csr") + sp.eye_array(5)
    original = given.copy()
    Reservoir(5, W=lambda shape, rng: given, random_state=0).fit(SERIES)
    assert_allclose(given.toarray(), original.toarray())  # the caller's matrix is not scaled


@pytest.mark.parametrize("fmt", ["lil", "dok", "dia", "bsr", "coo", "csc"])
@pytest.mark.parametrize("how", ["given", "initializer"])
def test_sparse_matrices_of_every_format_are_taken(fmt, how):
    """Check that W of every scipy sparse format (LIL's ``data`` is an array of lists,
    DOK has none; ReservoirPy takes both) gives the states of the same matrix as CSR,
    given or returned by an initializer, and that its NaN is still refused by name."""
    W = sp.random_array((20, 20), density=0.2, random_state=0, format="csr") * 0.2
    reference = Reservoir(20, W=W, random_state=0).fit(SERIES).transform(SERIES)
    other = W.asformat(fmt)
    given = other if how == "given" else (lambda shape, rng: other)
    states = Reservoir(20, W=given, random_state=0).fit(SERIES).transform(SERIES)
    if how == "given":
        assert_allclose(states, reference, rtol=1e-12, atol=1e-14)
    else:
        assert np.all(np.isfinite(states))
    nan = W.tolil()
    nan[0, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        Reservoir(20, W=nan.asformat(fmt) if how == "given"
                  else (lambda shape, rng: nan.asformat(fmt))).fit(SERIES)


def test_structured_matrices():
    """orthogonal is orthogonal; ring is one cycle through every unit; small_world keeps
    k neighbours per unit when p=0."""
    Q = orthogonal((30, 30), np.random.default_rng(1))
    assert_allclose(Q @ Q.T, np.eye(30), atol=1e-12)
    R = ring((5, 5)).toarray()
    assert_allclose(R.sum(axis=0), 1) and assert_allclose(R.sum(axis=1), 1)
    assert_allclose(np.linalg.matrix_power(R, 5), np.eye(5))
    W = small_world(k=4, p=0.0)((20, 20), np.random.default_rng(0))
    assert np.all(np.diff(W.indptr) == 4)
    with pytest.raises(ValueError, match="even int"):
        small_world(k=3)


def test_callable_w_in_and_bias_and_column_bias():
    """Callable W_in/bias are scaled like draws; a (n, 1) bias and a sparse W_in work."""
    reservoir = Reservoir(10, W_in=uniform(), bias=normal(), input_scaling=0.5,
                          bias_scaling=0.1, random_state=0).fit(SERIES)
    assert np.max(np.abs(reservoir.W_in_)) <= 0.5
    bias = RNG.normal(size=(10, 1))
    W_in = sp.random(10, 2, density=0.5, random_state=0, format="csr")
    given = Reservoir(10, bias=bias, W_in=W_in, random_state=0).fit(SERIES)
    assert_allclose(given.bias_, bias[:, 0])
    assert_allclose(given.W_in_, W_in.toarray())
    with pytest.raises(ValueError, match="W_in initializer returned shape"):
        # seeded: an unseeded 10-unit W of density 0.1 is nilpotent about one time in three
        Reservoir(10, W_in=lambda shape, rng: np.ones(3), random_state=0).fit(SERIES)


def test_nilpotent_draw_of_a_small_reservoir_is_drawn_again():
    """A sparse 10-unit W is nilpotent for some seeds (radius 0, cannot be scaled): it is
    drawn again, so every seed fits, with the radius asked for; a seed whose first draw is
    fine keeps it; a draw that cannot be anything but nilpotent is still refused."""
    from skreservoir._weights import random_matrix
    from skreservoir._weights import spectral_radius as radius_of

    nilpotent = []
    for seed in range(40):
        reservoir = Reservoir(10, random_state=seed).fit(SERIES)
        assert_allclose(radius_of(reservoir.W_), reservoir.spectral_radius, rtol=1e-9)
        W_seed = np.random.RandomState(seed).randint(np.iinfo(np.int32).max, size=4)[0]
        first = random_matrix(np.random.default_rng(W_seed), (10, 10), density=0.1,
                              distribution="normal", sparse=True, dtype=np.float64)
        if radius_of(first) == 0.0:
            nilpotent.append(seed)
        else:  # kept as drawn: the same nonzero pattern as the first draw
            assert_allclose(reservoir.W_.toarray() != 0, first.toarray() != 0)
    assert nilpotent  # the case is exercised
    with pytest.raises(ValueError, match="nilpotent"):
        Reservoir(2, density=0.1, random_state=0).fit(SERIES)
    # above the dense-eigenvalue size, a very sparse draw without a cycle: ARPACK's
    # rounding-level radius scaled it up by 1e7 and spectral_radius_ read 1.0
    for seed in range(3):
        big = Reservoir(300, density=0.001, random_state=seed).fit(SERIES)
        assert_allclose(np.max(np.abs(np.linalg.eigvals(big.W_.toarray()))), 1.0, rtol=1e-6)
    with pytest.raises(ValueError, match="nilpotent"):
        Reservoir(300, density=1e-4, random_state=0).fit(SERIES)


def test_callable_activation_equals_the_named_one():
    """A callable activation gives the states of the named one (np.tanh == "tanh"),
    in the compiled and the reference loop, and works for other functions."""
    named = Reservoir(30, random_state=0).fit(SERIES)
    given = Reservoir(30, activation=np.tanh, random_state=0).fit(SERIES)
    assert_allclose(given.transform(SERIES), named.transform(SERIES), atol=1e-14)
    with config_context(compiled=False):
        assert_allclose(given.transform(SERIES), named.transform(SERIES), atol=1e-14)
    panel = [SERIES, SERIES[:50]]
    for a, b in zip(given.transform(panel), named.transform(panel)):
        assert_allclose(a, b, atol=1e-14)
    sine = Reservoir(30, activation=np.sin, random_state=0).fit(SERIES).transform(SERIES)
    assert np.all(np.abs(sine) <= 1.0) and not np.allclose(sine, named.transform(SERIES))


def test_given_W_radius_is_computed_when_asked_for_not_at_fit(monkeypatch):
    """A given W: fit computes no spectral radius (the states do not need it);
    spectral_radius_ computes it once, when first read, on the fitted W_; a refit
    forgets it; an unfitted reservoir has none."""
    calls = []

    def counting(W):
        calls.append(W.shape)
        return spectral_radius(W)

    monkeypatch.setattr("skreservoir.reservoir._leaky.spectral_radius_of", counting)
    rng = np.random.default_rng(0)
    W = rng.normal(size=(30, 30))
    W *= 0.5 / spectral_radius(W)
    reservoir = Reservoir(W=W).fit(SERIES)
    assert calls == []
    assert np.isclose(reservoir.spectral_radius_, 0.5)
    assert np.isclose(reservoir.spectral_radius_, 0.5) and calls == [(30, 30)]
    reservoir.set_params(W=2 * W).fit(SERIES)
    assert np.isclose(reservoir.spectral_radius_, 1.0) and len(calls) == 2
    with pytest.raises(AttributeError, match="spectral_radius_"):
        Reservoir(W=W).spectral_radius_


def test_reservoirpy_initializers_are_called_as_reservoirpy_does():
    """Check ReservoirPy's initializers: called as init(*shape, connectivity=..., seed=rng),
    their own keywords winning, then scaled as a draw (they used to fail with "'tuple'
    object cannot be interpreted as an integer")."""
    mat_gen = pytest.importorskip(
        "reservoirpy.mat_gen",
        reason="compares with ReservoirPy 0.4.2's initializers: pip install 'skreservoir[test]'")
    reservoir = Reservoir(100, W=mat_gen.normal, spectral_radius=0.9, density=0.1,
                          random_state=0).fit(SERIES)
    assert reservoir.W_.nnz == 1000  # connectivity=density, ReservoirPy's rc_connectivity
    assert_allclose(spectral_radius(reservoir.W_), 0.9, rtol=1e-6)
    configured = Reservoir(100, W=mat_gen.normal(connectivity=0.2), random_state=0).fit(SERIES)
    assert configured.W_.nnz == 2000  # the initializer's own connectivity wins
    cycle = Reservoir(50, W=mat_gen.ring, spectral_radius=0.7, random_state=0).fit(SERIES)
    assert_allclose(np.abs(cycle.W_.toarray()).sum(axis=1), np.full(50, 0.7))  # one weight a row
    drawn = Reservoir(100, W_in=mat_gen.bernoulli, bias=mat_gen.bernoulli, input_scaling=0.3,
                      input_density=0.5, bias_scaling=0.2, random_state=0).fit(SERIES)
    assert set(np.unique(drawn.W_in_)) == {-0.3, 0.0, 0.3}
    assert np.count_nonzero(drawn.W_in_) == 100  # connectivity=input_density, of 200
    assert set(np.unique(drawn.bias_)) == {-0.2, 0.2}  # connectivity 1.0, as ReservoirPy's
    # the same seed, the same draw
    again = Reservoir(100, W=mat_gen.normal, spectral_radius=0.9, density=0.1,
                      random_state=0).fit(SERIES)
    assert_allclose(again.W_.toarray(), reservoir.W_.toarray(), rtol=0)


@pytest.mark.parametrize("name, keyword, match", [
    ("W", "sr", r"W=normal\(sr=0.5\): the initializer's sr is ignored here.*"
                r"Pass spectral_radius=0.5 to the reservoir and leave sr off"),
    ("W_in", "input_scaling", r"W_in=normal\(input_scaling=0.5\): the initializer's "
                              r"input_scaling scales its matrix, and the reservoir's "
                              r"input_scaling scales it again.*Pass input_scaling=0.5"),
    ("bias", "input_scaling", r"bias=normal\(input_scaling=0.5\).*bias_scaling scales it "
                              r"again.*Pass bias_scaling=0.5"),
])
def test_reservoirpy_initializer_with_its_own_scale_warns(name, keyword, match):
    """Check that a ReservoirPy initializer carrying its own sr or input_scaling warns,
    naming the reservoir's parameter to pass: in ReservoirPy the initializer's value
    replaces the Reservoir's, here W is scaled to spectral_radius regardless
    (W=normal(sr=0.5) got radius 1.0, silently: a review port of ReservoirPy's
    initializers), W_in and bias scaled once more."""
    mat_gen = pytest.importorskip(
        "reservoirpy.mat_gen",
        reason="compares with ReservoirPy 0.4.2's initializers: pip install 'skreservoir[test]'")
    with pytest.warns(IgnoredParameterWarning, match=match) as caught:
        reservoir = Reservoir(50, **{name: mat_gen.normal(**{keyword: 0.5})},
                              random_state=0).fit(SERIES)
    assert caught[0].filename == __file__
    if name == "W":
        assert_allclose(spectral_radius(reservoir.W_), reservoir.spectral_radius, rtol=1e-6)
    with warnings.catch_warnings():  # its connectivity alone: no warning
        warnings.simplefilter("error", IgnoredParameterWarning)
        Reservoir(50, **{name: mat_gen.normal(connectivity=0.5)}, random_state=0).fit(SERIES)


def test_reservoirpy_initializer_scale_warning_leaves_es2n_o_alone():
    """Check that ES2N's O given as a ReservoirPy initializer with sr fits without a
    warning (O is never rescaled; a review found a KeyError), as does W with a keyword
    ReservoirPy refuses there."""
    from skreservoir import ES2NReservoir

    mat_gen = pytest.importorskip(
        "reservoirpy.mat_gen",
        reason="compares with ReservoirPy 0.4.2's initializers: pip install 'skreservoir[test]'")
    with warnings.catch_warnings():
        warnings.simplefilter("error", IgnoredParameterWarning)
        ES2NReservoir(30, O=mat_gen.normal(sr=1.0), random_state=0).fit(SERIES)
        Reservoir(30, W=mat_gen.normal(input_scaling=2.0), random_state=0).fit(SERIES)


def test_scalar_bias_is_every_units_bias():
    """Check that bias=0.5 (ReservoirPy's scalar bias) gives every unit the bias 0.5."""
    reservoir = Reservoir(20, bias=0.5, random_state=0).fit(SERIES)
    full = Reservoir(20, bias=np.full(20, 0.5), random_state=0).fit(SERIES)
    assert_allclose(reservoir.bias_, np.full(20, 0.5), rtol=0)
    assert_allclose(reservoir.transform(SERIES), full.transform(SERIES), rtol=0)


@pytest.mark.parametrize("params, match", [
    ({"W": "normal"}, r"'W' parameter .* got the string 'normal': a drawn W takes its "
                      r"distribution from distribution='normal'"),
    ({"W_in": "bernoulli"}, r"input_distribution='bernoulli' \(ReservoirPy's Win=bernoulli"),
    ({"W": "ring"}, r"W=skreservoir\.weights\.ring"),
    ({"bias": "uniform"}, r"'bias' parameter .* an array-like, a float, a callable"),
])
def test_initializer_names_say_what_to_pass(params, match):
    """Check that W="normal" (ReservoirPy's W=normal as a string) names the parameter to set."""
    with pytest.raises(ValueError, match=match):
        Reservoir(20, **params).fit(SERIES)


@pytest.mark.parametrize(
    "weights, params, named",
    [
        ({"W": "W"}, {"spectral_radius": 0.9}, ["spectral_radius=0.9"]),
        ({"W": "W"}, {"spectral_radius": 0.9, "density": 0.5},
         ["spectral_radius=0.9 and density=0.5"]),
        ({"W_in": "W_in"}, {"input_scaling": 2.0}, ["input_scaling=2.0"]),
        ({"bias": "bias"}, {"bias_scaling": 1.0}, ["bias_scaling=1.0"]),
        ({"bias": 0.1}, {"bias_scaling": 1.0}, ["bias_scaling=1.0 has no effect, since bias "
                                                 "is given as a float"]),
    ],
)
def test_parameters_a_given_array_ignores_are_named(weights, params, named):
    """A parameter that shapes only a draw, set along with the array it would
    shape, has no effect: the warning names it and the way to have it act."""
    arrays = {"W": np.eye(12) * 0.5, "W_in": np.ones((12, 1)), "bias": np.zeros(12)}
    given = {k: arrays[v] if isinstance(v, str) else v for k, v in weights.items()}
    X = np.linspace(0, 1, 20)[:, None]
    with pytest.warns(IgnoredParameterWarning, match=named[0]) as record:
        fitted = Reservoir(12, **given, **params, random_state=0).fit(X)
    message = str(record[0].message)
    weight = next(iter(weights))
    assert f"{weight}=lambda shape, rng" in message
    if weight == "W":  # the array is used exactly as given, not scaled
        assert_allclose(fitted.W_, arrays["W"])


def test_a_given_array_with_default_parameters_or_an_initializer_does_not_warn():
    """The defaults with an array, and the initializer the warning advises
    (which is scaled to spectral_radius), say nothing."""
    W = np.random.default_rng(0).normal(size=(12, 12))
    X = np.linspace(0, 1, 20)[:, None]
    with warnings.catch_warnings():
        warnings.simplefilter("error", IgnoredParameterWarning)
        Reservoir(12, W=W, W_in=np.ones((12, 1)), bias=np.zeros(12)).fit(X)
        fitted = Reservoir(12, W=lambda shape, rng: W, spectral_radius=0.9).fit(X)
    assert_allclose(spectral_radius(fitted.W_), 0.9)


@pytest.mark.parametrize("density", [0.1, 1.0])
def test_spectral_radius_zero_is_a_memoryless_reservoir(density):
    """spectral_radius=0 (a grid from 0, an ELM) gives W = 0, with a leak rate of 1
    states that depend on the current input alone; no radius is asked of a draw."""
    from skreservoir import LIFReservoir

    X = np.random.default_rng(0).normal(size=(40, 2))
    reservoir = Reservoir(30, spectral_radius=0.0, density=density, random_state=0).fit(X)
    assert reservoir.spectral_radius_ == 0.0
    assert abs(reservoir.W_).max() == 0.0
    states = reservoir.transform(X)
    assert_allclose(states[5:], reservoir.transform(X[5:]))  # no memory of the rows before
    assert abs(LIFReservoir(30, spectral_radius=0.0, random_state=0).fit(X).W_).max() == 0.0
    # an initializer's nilpotent matrix scaled to 0 is no error (it is to any other radius)
    line = Reservoir(30, W=lambda shape, rng: np.eye(*shape, k=1), spectral_radius=0.0).fit(X)
    assert abs(line.W_).max() == 0.0
    with pytest.raises(ValueError, match="spectral radius 0"):
        Reservoir(30, W=lambda shape, rng: np.eye(*shape, k=1)).fit(X)


@pytest.mark.parametrize("make, shape", [
    (lambda: normal(), (10**6, 10**6)),
    (lambda: uniform(0.1), (10**6, 10**6)),
    (lambda: fast_spectral(), (10**6, 10**6)),
    (lambda: orthogonal, (10**6, 10**6)),
])
def test_a_shape_beyond_memory_names_the_initializer(make, shape):
    """Check that an initializer asked for a matrix beyond memory names itself, the
    shape and the size (numpy's "Unable to allocate 7.28 TiB for an array with shape
    (1000000000000,)" named neither), and says what to lower."""
    init = make()
    name = getattr(init, "__name__", "")
    with pytest.raises(MemoryError, match=rf"{re.escape(name)} could not draw its weights: "
                                          r"a 1000000 x 1000000 matrix .*GiB.*smaller shape"):
        init(shape, np.random.default_rng(0))


@pytest.mark.parametrize("initializer", [lambda: np.eye(4), lambda n: np.eye(n),
                                         lambda shape, rng, extra: np.eye(4)])
def test_a_callable_w_of_another_signature_names_the_convention(initializer):
    """Check that a callable W that cannot be called as W(shape, rng) is named with that
    convention (Python's "<lambda>() takes 1 positional argument but 2 were given" named
    neither the parameter nor the convention), before it is called."""
    with pytest.raises(TypeError, match=r"A callable W is called as W\(shape, rng\).*"
                                        r"signature is \("):
        Reservoir(4, W=initializer, random_state=0).fit(np.zeros((5, 1)))


def test_a_callable_w_of_reservoirpys_convention_names_both_conventions():
    """Check that a function written as ReservoirPy's initializers are, f(n, m, **kwargs),
    which binds (shape, rng) and fails inside, gets a TypeError naming our convention and
    the wrapper (a user battery: Python's "'tuple' object cannot be interpreted as an
    integer" alone), and that the wrapper it names works."""
    def reservoirpy_style(n, m, **kwargs):
        return np.random.default_rng(kwargs.get("seed")).normal(size=(n, m))

    for name in ("W", "W_in"):
        with pytest.raises(TypeError, match=rf"The callable {name} raised TypeError: 'tuple'.*"
                                            rf"{name}=lambda shape, rng: f\(\*shape, seed=rng\)"):
            Reservoir(4, **{name: reservoirpy_style}, random_state=0).fit(np.zeros((5, 2)))
    wrapped = Reservoir(4, W=lambda shape, rng: reservoirpy_style(*shape, seed=rng),
                        random_state=0).fit(np.zeros((5, 2)))
    assert wrapped.W_.shape == (4, 4)
    # a bias is (n_units,) here, (n_units, 1) in ReservoirPy: the wrapper named works
    with pytest.raises(TypeError, match=r"bias=lambda shape, rng: f\(shape\[0\], 1, "
                                        r"seed=rng\)\.ravel\(\)"):
        Reservoir(4, bias=reservoirpy_style, random_state=0).fit(np.zeros((5, 2)))
    wrapped = Reservoir(4, bias=lambda shape, rng: reservoirpy_style(shape[0], 1,
                                                                      seed=rng).ravel(),
                        random_state=0).fit(np.zeros((5, 2)))
    assert wrapped.bias_.shape == (4,)


def test_a_callable_w_with_defaults_or_star_args_is_called():
    """Check that the signature check lets through callables that take (shape, rng) by
    defaults or *args."""
    def with_default(shape, rng=None, scale=1.0):
        return scale * np.eye(shape[0])

    def star(*args, **kwargs):
        return np.eye(args[0][0])

    for W in (with_default, star):
        reservoir = Reservoir(4, W=W, spectral_radius=0.5, random_state=0).fit(np.zeros((5, 1)))
        assert reservoir.W_.shape == (4, 4)


def test_reservoirpy_style_calls_of_the_weight_functions_say_ours():
    """Check that calling the initializers as ReservoirPy's mat_gen functions are called,
    f(n, m), names our two-step convention (a user battery: 'got shape (10,)' for
    ring(10, 10), 'p must be a float' alone for small_world(10, 10))."""
    from skreservoir import weights

    for name in ("ring", "orthogonal"):
        with pytest.raises(ValueError, match=rf"{name} is called as {name}\(shape, rng\).*"
                                             rf"got shape 10: pass {name}\(\(10, 10\), rng\)"):
            getattr(weights, name)(10, 10)
    with pytest.raises(ValueError, match=r"got 10\. normal makes an initializer.*"
                                         r"normal\(density\)\(\(n_rows, n_cols\), rng\)"):
        weights.normal(10)
    with pytest.raises(ValueError, match=r"small_world\(k, p\)\(\(n_rows, n_cols\), rng\)"):
        weights.small_world(10, 10)
    with pytest.raises(ValueError, match=r"density must be a float in \(0, 1\], got 0\.0\.$"):
        weights.normal(0.0)  # not a shape: no hint
    assert weights.ring((10, 10), 0).shape == (10, 10)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda w: w.normal(10, 10), r"normal\(\): too many positional arguments\. normal "
                                     r"makes an initializer.*normal\(density\)\(\(n_rows"),
        (lambda w: w.uniform(100, 100, seed=1), r"uniform\(\): .*uniform\(density\)"),
        (lambda w: w.small_world(10, 4, 0.1), r"small_world\(k, p\)\(\(n_rows"),
        (lambda w: w.bernoulli(connectivity=0.1),
         r"unexpected keyword argument 'connectivity'\. ReservoirPy's connectivity= is "
         r"density= here\."),
        (lambda w: w.orthogonal(10, seed=1),
         r"orthogonal\(\): .*ReservoirPy's seed= is rng= here\. orthogonal is itself the "
         r"initializer: orthogonal\(\(n_units, n_units\), rng\)"),
        (lambda w: w.ring(10, 10, 0), r"ring\(\): too many positional arguments\."),
    ],
)
def test_reservoirpy_calls_that_do_not_bind_name_our_convention(call, match):
    """Check that a call in ReservoirPy's form that Python refuses (two or three
    sizes, seed=, connectivity=) names our two-step convention (a user battery:
    Python's bare 'normal() takes from 0 to 1 positional arguments but 2 were
    given'), and that the functions keep their signatures and attributes."""
    import inspect

    from skreservoir import weights

    with pytest.raises(TypeError, match=match):
        call(weights)
    assert str(inspect.signature(weights.normal)) == "(density=1.0)"
    assert weights.ring.expected_spectral_radius == 1.0
    assert weights.normal(0.5)((4, 4), 0).shape == (4, 4)


@pytest.mark.parametrize("make", ["normal", "uniform", "bernoulli", "fast_spectral",
                                  "small_world"])
def test_a_model_built_with_a_factory_initializer_pickles(make):
    """Check that a fitted model whose reservoir was given a factory's initializer
    (normal(0.1), small_world(), ...) pickles and predicts the same after (a review:
    "Can't pickle local object '_random.<locals>.init'", which joblib's workers and
    model files need), that the initializer keeps its name, signature and equality,
    and that a call in ReservoirPy's form names our convention."""
    import inspect
    import pickle

    from sklearn.base import clone

    from skreservoir import ESNRegressor, Reservoir, weights

    init = getattr(weights, make)()
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(80, 1)), rng.normal(size=80)
    model = ESNRegressor(Reservoir(30, W=init, random_state=0)).fit(X, y)
    again = pickle.loads(pickle.dumps(model))
    assert_allclose(again.predict(X), model.predict(X), rtol=0, atol=0)
    assert clone(model).reservoir.W == init
    assert str(inspect.signature(init)) == "(shape, rng)"
    assert init.__name__.startswith(f"{make}(")
    with pytest.raises(TypeError, match=r"missing a required argument: 'rng'\. ReservoirPy's "
                                        r"seed= is rng= here\. An initializer is called as"):
        init((10, 10), seed=0)


def test_initializer_calls_a_reservoirpy_user_makes_are_refused_or_taken():
    """Check the calls of a battery: init(100, 100) (ReservoirPy's f(n, m)) drew a
    vector of 100 with seed 100 silently; small_world with a numpy RandomState raised a
    bare AttributeError; a negative seed got numpy's words; normal(True) was taken as a
    density and normal((10, 10)) named no convention."""
    from skreservoir import weights

    with pytest.raises(ValueError, match=r"called as normal\(density=0.1\)\(100, 100\).*"
                                         r"shape 100 \(a vector\) drawn with seed 100.*"
                                         r"\(\(100, 100\), seed\) for a matrix"):
        weights.normal(0.1)(100, 100)
    assert weights.normal(0.1)((100,), 100).shape == (100,)
    assert weights.small_world(4, 0.1)((10, 10), np.random.RandomState(0)).shape == (10, 10)
    with pytest.raises(ValueError, match=r"a seed rng must be an int >= 0.*got -1"):
        weights.uniform(0.5)((3, 3), -1)
    with pytest.raises(ValueError, match=r"density must be a float in \(0, 1\], got True\.$"):
        weights.normal(True)
    with pytest.raises(ValueError, match=r"got \(10, 10\)\. normal makes an initializer"):
        weights.normal((10, 10))
