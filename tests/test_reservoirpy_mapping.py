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
from numpy.testing import assert_allclose

from skreservoir import NVAR, ESNRegressor, Reservoir, ReservoirStack, RidgeReadout
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
    rpy_nodes = pytest.importorskip("reservoirpy.nodes")
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
    rpy_nodes = pytest.importorskip("reservoirpy.nodes")
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
    rpy_nodes = pytest.importorskip("reservoirpy.nodes")
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
    rpy_nodes = pytest.importorskip("reservoirpy.nodes")
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
