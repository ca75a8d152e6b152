"""The ReservoirPy translations of the docs give ReservoirPy's models.

The user guide's page 'Coming from ReservoirPy' and the README's table
translate ReservoirPy 0.4 calls into skreservoir; these tests take a
translation from the text itself and check it against ReservoirPy 0.4.2, so
a wrong entry fails here rather than in a user's port.
"""

import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from skreservoir import NVAR, ESNRegressor, ESNTransformer, Reservoir, ReservoirStack, RidgeReadout
from skreservoir.datasets import mackey_glass

ROOT = Path(__file__).parent.parent
MAPPING_PAGE = ROOT / "docs" / "user_guide" / "reservoirpy.rst"
README = ROOT / "README.md"


def mapping_rst(reservoirpy_call):
    """The skreservoir literal of the row whose ReservoirPy cell is ``reservoirpy_call``."""
    text = MAPPING_PAGE.read_text(encoding="utf-8")
    row = re.search(r"\* - ``" + re.escape(reservoirpy_call) + r"``[^\n]*\n\s*- ``([^`]+)``",
                    text)
    assert row, f"no row for {reservoirpy_call!r} in {MAPPING_PAGE.name}"
    return row.group(1)


def mapping_readme(reservoirpy_call):
    """The skreservoir cell of the README's row for ``reservoirpy_call``."""
    text = README.read_text(encoding="utf-8")
    row = re.search(r"^\| `" + re.escape(reservoirpy_call) + r"` \| `([^`]+)`", text,
                    flags=re.MULTILINE)
    assert row, f"no row for {reservoirpy_call!r} in {README.name}"
    return row.group(1)


@pytest.mark.parametrize("source", [mapping_rst, mapping_readme],
                         ids=["reservoirpy.rst", "README.md"])
@pytest.mark.parametrize("delay, order, stride", [(2, 2, 1), (2, 3, 1), (3, 3, 2)])
def test_nvar_mapping_gives_reservoirpy_features(source, delay, order, stride):
    """Check that the documented translation of ReservoirPy's NVAR gives its features."""
    rpy_nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
    series = np.random.default_rng(0).normal(size=(60, 2))
    translation = source("NVAR(delay, order, strides)")
    ours = eval(translation, {"NVAR": NVAR},  # noqa: S307 (the docs' own text)
                {"delay": delay, "order": order, "stride": stride}).fit(series)
    theirs = rpy_nodes.NVAR(delay=delay, order=order, strides=stride).run(series)
    assert ours.n_features_out_ == theirs.shape[1], translation
    start = ours.n_warmup_  # ReservoirPy's warm-up rows read a zero-filled buffer
    assert_allclose(ours.transform(series)[start:], theirs[start:], rtol=1e-12, atol=1e-14)


def test_parallel_reservoirs_are_reservoirpys():
    """Check that ReservoirStack(parallel=True) is ReservoirPy's Input() >> [r1, r2] >> readout.

    Given ReservoirPy's matrices, the ESN trained with the same warm-up
    predicts the test series, continued from the training state as
    ReservoirPy's ``run`` does, to rounding.
    """
    rpy_nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
    series = mackey_glass(700, random_state=0)
    x_train, y_train, x_test = series[:400], series[10:410], series[400:690]
    first = rpy_nodes.Reservoir(50, lr=0.3, sr=1.25, seed=0)
    second = rpy_nodes.Reservoir(50, lr=0.5, sr=0.9, seed=1)
    theirs = rpy_nodes.Input() >> [first, second] >> rpy_nodes.Ridge(ridge=1e-7)
    theirs.fit(x_train, y_train, warmup=50)
    expected = theirs.run(x_test)

    def same(node, leak_rate):
        return Reservoir(W=node.W, W_in=node.Win.toarray(), bias=np.zeros(50),
                         leak_rate=leak_rate)

    ours = ESNRegressor(ReservoirStack([same(first, 0.3), same(second, 0.5)], parallel=True),
                        RidgeReadout(alpha=1e-7), washout=50).fit(x_train, y_train)
    assert_allclose(ours.predict(x_test, initial_state="fit"), expected, rtol=0, atol=1e-6)


def code_blocks(section):
    """The skreservoir code blocks of a section of the mapping page (after 'skreservoir:')."""
    text = MAPPING_PAGE.read_text(encoding="utf-8")
    start = text.index(f"\n{section}\n")
    end = text.find("\n====", start + 2 * len(section) + 3)  # the next section's underline
    body = text[start:end if end > 0 else None]
    blocks = re.findall(r"skreservoir:\n\n\.\. code-block:: python\n\n((?:   .*\n|\n)+)", body)
    return [re.sub(r"^   ", "", block, flags=re.MULTILINE) for block in blocks]


def test_first_esn_block_runs_without_warnings():
    """Check that the page's first skreservoir model runs without a warning (its fresh
    prediction used to warn that its first 100 steps were the transient)."""
    from skreservoir.exceptions import WarmupWarning

    (block,) = code_blocks("A first ESN")
    namespace = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", WarmupWarning)
        exec(block, namespace)  # noqa: S102 (the docs' own text)
    assert namespace["y_pred"].shape == namespace["y_test"].shape


def test_continued_reservoir_run_translation():
    """Check the page's translation of a ReservoirPy reservoir run on a series that continues
    the last one: the states equal those of ReservoirPy's stateful run."""
    rpy_nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
    translation = mapping_rst("reservoir.run(X_test)`` after ``reservoir.run(X)")
    series = mackey_glass(500, random_state=0)
    X, X_test = series[:300], series[300:]
    node = rpy_nodes.Reservoir(40, lr=0.3, sr=1.1, seed=0)
    node.run(X)
    expected = node.run(X_test)  # continues from the state after X
    reservoir = Reservoir(W=node.W, W_in=node.Win.toarray(), bias=np.zeros(40),
                          leak_rate=0.3).fit(X)
    got = eval(translation, {"np": np},  # noqa: S307 (the docs' own text)
               {"reservoir": reservoir, "X": X, "X_test": X_test,
                "S": reservoir.transform(X)})
    assert_allclose(got, expected, rtol=0, atol=1e-10)


def test_continued_nvar_run_translation():
    """Check the page's translation of a ReservoirPy NVAR run on a series that continues the
    last one: the features equal those of ReservoirPy's stateful run, with no zero rows."""
    rpy_nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
    translation = mapping_rst("nvar.run(X_test)`` after ``nvar.run(X)")
    series = np.random.default_rng(0).normal(size=(80, 2))
    X, X_test = series[:50], series[50:]
    node = rpy_nodes.NVAR(delay=3, order=2, strides=2)
    node.run(X)
    expected = node.run(X_test)  # continues from the delay buffer after X
    nvar = eval(mapping_rst("NVAR(delay, order, strides)"), {"NVAR": NVAR},  # noqa: S307
                {"delay": 3, "order": 2, "stride": 2}).fit(X)
    got = eval(translation, {"np": np},  # noqa: S307 (the docs' own text)
               {"nvar": nvar, "X": X, "X_test": X_test})
    assert_allclose(got, expected, rtol=1e-12, atol=1e-14)


def test_classification_block_and_one_hot_targets():
    """Check the page's classification block on JapaneseVowels, and its claim that
    ReservoirPy's one-hot rows give the classes 0 to 8 with the same predictions."""
    pytest.importorskip("sktime")
    (block,) = code_blocks("Classification of sequences")
    namespace = {"Reservoir": Reservoir, "np": np}
    exec(block.replace("n_units=500", "n_units=100, random_state=0"),  # noqa: S102
         namespace)
    clf, X_train, X_test = namespace["clf"], namespace["X_train"], namespace["X_test"]
    y_train = namespace["y_train"]
    assert namespace["accuracy"] == clf.score(X_test, namespace["y_test"])
    one_hot = [np.eye(9)[[label - 1]] for label in y_train]  # ReservoirPy's (1, 9) rows
    from sklearn.base import clone

    by_column = clone(clf).fit(X_train, one_hot)
    np.testing.assert_array_equal(by_column.classes_, np.arange(9))
    np.testing.assert_array_equal(by_column.predict(X_test), clf.predict(X_test) - 1)


def test_list_of_series_starts_where_reservoirpys_would_after_reset():
    """Check the page's claim on a list of series: ReservoirPy 0.4.2 starts every series from
    the node's current state (not from the end of the previous series), so after a reset()
    its run on a list is our transform of the list; after a run, not."""
    rpy_nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
    rng = np.random.default_rng(0)
    first, second = rng.normal(size=(30, 2)), rng.normal(size=(20, 2))
    node = rpy_nodes.Reservoir(30, lr=0.5, sr=0.9, seed=0)
    node.run(first)
    after_run = node.run([first, second])[1]
    node.reset()
    after_reset = node.run([first, second])
    reservoir = Reservoir(W=node.W, W_in=node.Win.toarray(), bias=np.zeros(30),
                          leak_rate=0.5).fit(first)
    ours = reservoir.transform([first, second])
    for got, expected in zip(ours, after_reset):
        assert_allclose(got, expected, rtol=0, atol=1e-12)
    # the second series does not continue the first in ReservoirPy either ...
    continued = reservoir.transform(second, initial_state=ours[0][-1])
    assert not np.allclose(after_reset[1], continued, atol=1e-3)
    # ... and without the reset it starts from the state of the last run
    assert_allclose(after_run, reservoir.transform(second, initial_state=ours[0][-1]),
                    rtol=0, atol=1e-12)


def test_ip_epochs_translation():
    """Check the page's translation of ReservoirPy's IPReservoir epochs: its epochs=k on X is
    fit(np.vstack([X] * k)) with one epoch (ReservoirPy carries the state between passes)."""
    rpy_nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
    from skreservoir import IPReservoir

    X = np.random.default_rng(0).uniform(-1, 1, size=(300, 1))
    node = rpy_nodes.IPReservoir(40, mu=0.0, sigma=0.2, sr=0.95, epochs=3,
                                 learning_rate=5e-3, seed=1)
    node.initialize(X)
    W, W_in, bias = node.W.copy(), node.Win.toarray(), np.ravel(np.array(node.bias))
    node.fit(X)

    def ip(epochs):
        return IPReservoir(W=W, W_in=W_in, bias=bias, mu=0.0, sigma=0.2, epochs=epochs,
                           learning_rate=5e-3)

    stacked = ip(1).fit(np.vstack([X] * 3))
    assert_allclose(stacked.gain_, node.a, rtol=1e-12)
    assert_allclose(stacked.ip_bias_, node.b, rtol=1e-12, atol=1e-14)
    assert not np.allclose(ip(3).fit(X).gain_, node.a, rtol=1e-4)  # each epoch from rest


def test_force_and_lms_one_step_at_a_time_learn_reservoirpys_weights():
    """Check the page's online loop: FORCE and LMS one step at a time, given ReservoirPy's
    matrices, learn the weights of its RLS and LMS (fit_bias=False), and the run continued
    after the loop predicts as ReservoirPy's run does."""
    rpy_nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
    from skreservoir import ForceReadout, LMSReadout

    series = mackey_glass(420, random_state=0)
    series = (series - series.mean()) / series.std()
    x, y = series[:-10], series[10:]
    node = rpy_nodes.Reservoir(40, lr=0.3, sr=1.25, seed=3)
    node.run(x[:1])
    for rpy_readout, readout, atol in [
        (rpy_nodes.RLS(alpha=1e-6, fit_bias=False),
         ForceReadout(alpha=1e-6, fit_intercept=False), 1e-6),
        (rpy_nodes.LMS(learning_rate=1e-2, fit_bias=False),
         LMSReadout(learning_rate=1e-2, fit_intercept=False), 1e-12),
    ]:
        node.reset()
        theirs = node >> rpy_readout
        ours = ESNRegressor(Reservoir(W=node.W, W_in=node.Win.toarray(), bias=np.zeros(40),
                                      leak_rate=0.3), readout, washout=0)
        for t in range(300):
            theirs.partial_fit(x[t:t + 1], y[t:t + 1])
            ours.partial_fit(x[t:t + 1], y[t:t + 1])
        assert_allclose(ours.readout_.coef_.T, rpy_readout.Wout, rtol=0, atol=atol)
        assert_allclose(ours.predict(x[300:], initial_state="fit"), theirs.run(x[300:]),
                        rtol=0, atol=atol)


def test_own_output_feedback_is_reservoirpys_online_feedback_loop():
    """ReservoirPy's FORCE, reservoir << (reservoir >> RLS) trained by partial_fit one
    step at a time (the output after each update fed back), is
    partial_fit_feedback="output" given its matrices: the same weights and the same run
    continued after the loop. The default teacher forcing learns other weights (the
    page's "Online, the two differ")."""
    rpy_nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
    from skreservoir import ForceReadout

    series = mackey_glass(420, random_state=0)
    series = (series - series.mean()) / series.std()
    x, y = series[:-10], series[10:]
    differences = {}
    for mode in ("output", "target"):
        node = rpy_nodes.Reservoir(40, lr=0.3, sr=1.25, seed=3)
        rls = rpy_nodes.RLS(alpha=1e-6, fit_bias=False)
        theirs = node << (node >> rls)
        Win = None
        for t in range(300):
            theirs.partial_fit(x[t:t + 1], y[t:t + 1])
            if Win is None:
                Win = node.Win.toarray()
                ours = ESNRegressor(
                    Reservoir(W=node.W, W_in=Win[:, :1], bias=np.zeros(40), leak_rate=0.3),
                    ForceReadout(alpha=1e-6, fit_intercept=False), feedback=True,
                    W_fb=Win[:, 1:], feedback_noise=0.0, washout=0,
                    partial_fit_feedback=mode)
            ours.partial_fit(x[t:t + 1], y[t:t + 1])
        differences[mode] = np.abs(ours.readout_.coef_.T - rls.Wout).max()
        if mode == "output":
            assert_allclose(ours.readout_.coef_.T, rls.Wout, rtol=1e-6, atol=1e-6)
            assert_allclose(ours.predict(x[300:], initial_state="fit"), theirs.run(x[300:]),
                            rtol=0, atol=1e-6)
    assert differences["target"] > 1.0, differences


def test_deep_input_to_all_is_reservoirpys_deep_esn():
    """Check that ReservoirStack(input_to_all=True) is ReservoirPy's deep ESN
    r1 >> r2 >> r3 & data >> [r1, r2, r3] >> readout given its matrices (a layer's W_in
    columns: the states below, then the input)."""
    rpy_nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
    series = mackey_glass(600, random_state=0)
    x_train, y_train, x_test = series[:400], series[1:401], series[400:-1]
    layers = [rpy_nodes.Reservoir(30, lr=0.3, sr=0.9, seed=seed) for seed in (3, 4, 5)]
    readout = rpy_nodes.Ridge(ridge=1e-7)
    theirs = layers[0] >> layers[1] >> layers[2] & rpy_nodes.Input() >> layers >> readout
    theirs.fit(x_train, y_train, warmup=50)
    stack = ReservoirStack([Reservoir(W=node.W, W_in=node.Win.toarray(), bias=np.zeros(30),
                                      leak_rate=0.3) for node in layers], input_to_all=True)
    ours = ESNRegressor(stack, RidgeReadout(alpha=1e-7), washout=50).fit(x_train, y_train)
    assert_allclose(ours.predict(x_test, initial_state="fit"), theirs.run(x_test),
                    rtol=0, atol=1e-6)


def test_hierarchical_esn_translation():
    """Check the page's translation of ReservoirPy's hierarchical ESN r1 >> readout1 >> r2 >>
    readout2: two ESNs, the second fitted on the first's targets, predicting in a chain."""
    rpy_nodes = pytest.importorskip("reservoirpy.nodes", reason="compares with ReservoirPy 0.4.2: pip install 'skreservoir[test]'")
    series = mackey_glass(800, random_state=0)
    series = 2 * (series - series.min()) / np.ptp(series) - 1
    X, Y1, Y2, X_test = series[:500], series[1:501], series[5:505], series[500:-5]
    r1, r2 = (rpy_nodes.Reservoir(40, lr=0.3, sr=1.1, seed=seed) for seed in (0, 1))
    readout1 = rpy_nodes.Ridge(ridge=1e-6, name="readout1")
    readout2 = rpy_nodes.Ridge(ridge=1e-6, name="readout2")
    theirs = r1 >> readout1 >> r2 >> readout2
    theirs.fit(X, {"readout1": Y1, "readout2": Y2}, warmup=50)
    expected = theirs.run(X_test)

    def esn(node):
        return ESNRegressor(Reservoir(W=node.W, W_in=node.Win.toarray(), bias=np.zeros(40),
                                      leak_rate=0.3), RidgeReadout(alpha=1e-6), washout=50)

    esn1 = esn(r1).fit(X, Y1)
    esn2 = esn(r2).fit(Y1, Y2)
    got = esn2.predict(esn1.predict(X_test, initial_state="fit"), initial_state="fit")
    assert_allclose(esn2.readout_.coef_.T, readout2.Wout, rtol=0, atol=1e-5)
    assert_allclose(got, expected, rtol=0, atol=1e-7)


def test_reservoir_space_names_ours_for_reservoirpy_keywords():
    """Check that ReservoirPy's hyperopt tutorial's names (sr, lr, ridge) given to
    reservoir_space are answered with the call to pass (a bare "unexpected keyword
    argument 'sr'" before)."""
    pytest.importorskip("hyperopt")
    from skreservoir.model_selection import reservoir_space

    with pytest.raises(TypeError, match=r"'sr', ReservoirPy's name of its 'spectral_radius'.*"
                                        r"pass reservoir_space\(spectral_radius=\(0.01, 10\), "
                                        r"leak_rate=\(0.001, 1\), alpha=\(1e-09, 0.01\)\)"):
        reservoir_space(sr=(1e-2, 10), lr=(1e-3, 1), ridge=(1e-9, 1e-2))
    with pytest.raises(TypeError, match=r"unexpected keyword arguments 'foo'; its parameters "
                                        r"are spectral_radius"):
        reservoir_space(foo=1)


def test_reservoirpy_initializers_in_a_hint_are_written_as_the_user_wrote_them():
    """Check that the call a renamed keyword's message proposes can be pasted: ReservoirPy's
    initializers appear as normal or normal(loc=1.0), not their repr _normal()."""
    pytest.importorskip("reservoirpy")
    from reservoirpy.mat_gen import bernoulli, normal

    with pytest.raises(TypeError, match=r"pass Reservoir\(n_units=50, W=normal, W_in=bernoulli\)"):
        Reservoir(n_units=50, W=normal, Win=bernoulli)
    with pytest.raises(TypeError, match=r"W_in=normal\(loc=1.0\)\)"):
        Reservoir(Win=normal(loc=1.0))


@pytest.mark.parametrize("make", [
    lambda rng: Reservoir(random_state=rng),
    lambda rng: ESNRegressor(random_state=rng),
    lambda rng: ESNTransformer(random_state=rng),
])
def test_generator_seed_names_the_int_to_pass(make):
    """Check that a numpy Generator as random_state (ReservoirPy's seed takes one) is told
    to pass an int drawn from it (scikit-learn's message listed the types only)."""
    X = np.random.default_rng(0).normal(size=(40, 1))
    estimator = make(np.random.default_rng(3))
    with pytest.raises(ValueError, match=r"random_state=int\(rng.integers\(2\*\*31\)\)"):
        estimator.fit(X, X[:, 0]) if hasattr(estimator, "predict") else estimator.fit(X)


def test_stream_keywords_and_reset_state_to_a_state():
    """Check that partial_fit given ReservoirPy's train keywords (reset, from_state,
    stateful) names reset_state, and that reset_state(s) starts the stream from s, as
    ReservoirPy's reset(to_state=s) (before: 'unexpected keyword', and
    '_BaseESN.reset_state() takes 1 positional argument')."""
    from skreservoir import ForceReadout

    X = np.random.default_rng(0).normal(size=(50, 1))
    esn = ESNRegressor(Reservoir(20, random_state=0), ForceReadout(), washout=0).fit(X, X[:, 0])
    for keyword in ("reset", "from_state", "stateful"):
        with pytest.raises(TypeError, match=rf"got '{keyword}'.*reset_state|got '{keyword}'"
                                            r".*keeps the state at the end"):
            esn.partial_fit(X, X[:, 0], **{keyword: True})
    saved = esn.state_.copy()
    esn.partial_fit(X[::-1], X[::-1, 0])
    assert not np.allclose(esn.state_, saved)
    continued = esn.reset_state(saved).predict(X, initial_state="continue")
    assert_allclose(continued, esn.predict(X, initial_state=saved))
    with pytest.raises(ValueError, match=r"reset_state's state must be a finite array of shape"):
        esn.reset_state(np.zeros(3))
    # from a given state every row is learnt (no washout), as reset(to_state=s) trains
    auto = ESNRegressor(Reservoir(20, random_state=0), ForceReadout()).fit(X, X[:, 0])
    seen = auto.readout_.n_samples_seen_
    auto.reset_state(auto.state_.copy()).partial_fit(X[:10], X[:10, 0])
    assert auto.readout_.n_samples_seen_ == seen + 10
    # the stream's own count and first row (a review: n_steps_seen_ was the washout, 8
    # after 3 rows, and the stream's first row was not recorded)
    assert auto.n_steps_seen_ == 10
    assert_array_equal(np.ravel(auto._series_start), X[0])
    auto.reset_state().partial_fit(X[:10], X[:10, 0])  # from rest the washout comes again
    assert auto.readout_.n_samples_seen_ == seen + 10 + max(0, 10 - auto.washout_)
    # fit's own keywords: fit always starts from rest (before: Python's bare TypeError)
    for keyword in ("reset", "from_state", "stateful"):
        with pytest.raises(TypeError, match=rf"fit got '{keyword}'.*fit always starts from "
                                            r"the reservoir's initial state.*reset_state\(s\)"):
            esn.fit(X, X[:, 0], **{keyword: True})
    # a reservoir's fit: its transform runs from a given state (a review: the readouts'
    # hint, "keep the state where the states are made")
    with pytest.raises(TypeError, match=r"Reservoir.fit got 'reset'.*Reservoir.transform\(X, "
                                        r"initial_state=s\)"):
        Reservoir(20).fit(X, reset=True)
