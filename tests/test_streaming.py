"""Large panels run in chunks of series: the same results as all at once."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.base import clone

from skreservoir import (
    ESNClassifier,
    ESNRegressor,
    ESNTransformer,
    ForceReadout,
    Reservoir,
    RidgeReadout,
    config_context,
)
from skreservoir._panel import series_chunks

rng = np.random.default_rng(0)
PANEL = [rng.normal(size=(n, 2)) for n in (30, 45, 25, 40, 35, 50)]
TARGETS = [np.roll(x, -1, axis=0) for x in PANEL]
SEQUENCE_LABELS = np.array([0, 1, 0, 1, 1, 0])


def _reservoir():
    return Reservoir(n_units=40, leak_rate=0.5, random_state=0)


@pytest.fixture
def tiny_chunks(monkeypatch):
    """Chunks of about two series: every panel below runs in several chunks."""
    with config_context(state_chunk_bytes=2 * 45 * 40 * 8):
        yield


def test_series_chunks_cover_every_series_once():
    """Check that chunks are consecutive, cover all series, respect the budget."""
    lengths = [10, 30, 5, 50, 20]
    chunks = series_chunks(lengths, width=4, itemsize=8, budget=40 * 4 * 8)
    assert [i for chunk in chunks for i in chunk] == list(range(5))
    for chunk in chunks:
        size = sum(lengths[i] for i in chunk) * 4 * 8
        assert size <= 40 * 4 * 8 or len(chunk) == 1  # an oversized series stands alone
    assert series_chunks([10], 4, 8, budget=1) == [range(0, 1)]


@pytest.mark.parametrize("estimator, y, method", [
    (ESNRegressor(_reservoir(), RidgeReadout(alpha=1e-4), washout=3), TARGETS, "predict"),
    (ESNRegressor(_reservoir(), ForceReadout(), include_input=True), TARGETS, "predict"),
    (ESNRegressor(_reservoir(), RidgeReadout(alpha=1e-4), feedback=True, random_state=0),
     TARGETS, "predict"),
    (ESNClassifier(_reservoir(), decision="mean"), SEQUENCE_LABELS, "predict_proba"),
    (ESNClassifier(_reservoir(), decision="vote"), SEQUENCE_LABELS, "predict_proba"),
    (ESNClassifier(_reservoir()), [(x[:, 0] > 0).astype(int) for x in PANEL],
     "decision_function"),
])
def test_chunked_training_equals_one_chunk(tiny_chunks, monkeypatch, estimator, y, method):
    """Check that training chunk by chunk gives the model trained on all rows at once."""
    chunked = estimator.fit(PANEL, y)
    assert len(chunked._chunks(PANEL)) > 2
    result = getattr(chunked, method)(PANEL)
    with config_context(state_chunk_bytes=2**40):
        whole = clone(estimator).fit(PANEL, y)
        assert len(whole._chunks(PANEL)) == 1
        expected = getattr(whole, method)(PANEL)
    if isinstance(expected, list):
        for r, e in zip(result, expected):
            assert_allclose(r, e, rtol=0, atol=1e-8)
    else:
        assert_allclose(result, expected, rtol=0, atol=1e-8)


@pytest.mark.parametrize("representation", ["last", "mean", "output_model_space",
                                            "reservoir_model_space"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_chunked_representations_equal_one_chunk(tiny_chunks, monkeypatch, representation,
                                                  bidirectional):
    """Check that representations computed chunk by chunk equal those of all at once."""
    transformer = ESNTransformer(_reservoir(), representation=representation, washout=2,
                                 bidirectional=bidirectional)
    calls = []
    original = transformer.__class__._represent

    def counting(self, Xs, states):
        calls.append(len(Xs))
        return original(self, Xs, states)

    monkeypatch.setattr(transformer.__class__, "_represent", counting)
    chunked = transformer.fit_transform(PANEL)
    assert len(calls) > 2 and sum(calls) == len(PANEL)
    with config_context(state_chunk_bytes=2**40):
        expected = clone(transformer).fit_transform(PANEL)
    assert_allclose(chunked, expected, rtol=0, atol=1e-10)
