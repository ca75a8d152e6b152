"""float32 end to end: a float32 reservoir gives float32 results, close to float64's."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.utils import get_tags
from sklearn.utils.estimator_checks import check_transformer_preserve_dtypes

from skreservoir import (
    ESNClassifier,
    ESNRegressor,
    ESNTransformer,
    ForceReadout,
    ForceReadoutClassifier,
    LMSReadout,
    Reservoir,
    RidgeReadout,
    RidgeReadoutClassifier,
)
from skreservoir.datasets import mackey_glass

READOUTS = [
    RidgeReadout(alpha=1e-4),
    ForceReadout(alpha=1e-2),
    LMSReadout(),
    RidgeReadoutClassifier(alpha=1e-4),
    ForceReadoutClassifier(alpha=1e-2),
]


def _reservoir(dtype, n_units=60, **params):
    return Reservoir(n_units=n_units, leak_rate=0.5, random_state=0, dtype=dtype, **params)


@pytest.fixture(scope="module")
def series():
    values = mackey_glass(501)
    return values[:-1], values[1:, 0]


@pytest.fixture(scope="module")
def panel():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(24, 40, 2)).cumsum(axis=1) / 10.0
    labels = (X[:, -1, 0] > X[:, 0, 0]).astype(int)
    return X, labels


@pytest.mark.parametrize("readout", READOUTS, ids=lambda r: type(r).__name__)
def test_readouts_keep_float32_rows(readout, series):
    """Check that a readout fitted on float32 states predicts float32, close to float64."""
    X, y = series
    states = _reservoir("float64").fit_transform(X)
    is_classifier = "Classifier" in type(readout).__name__
    target = (y > np.median(y)).astype(int) if is_classifier else y
    method = "decision_function" if is_classifier else "predict"
    out64 = getattr(readout.fit(states, target), method)(states)
    out32 = getattr(readout.fit(states.astype(np.float32), target), method)(
        states.astype(np.float32)
    )
    assert out64.dtype == np.float64
    assert out32.dtype == np.float32
    assert_allclose(out32, out64, rtol=0, atol=1e-3 * np.abs(out64).max())


@pytest.mark.parametrize("feedback", [False, True])
def test_esn_regressor_predict_and_generate_in_float32(series, feedback):
    """Check that ESNRegressor on a float32 reservoir predicts and generates float32.

    With ``feedback`` the outputs come from the per-step loop that feeds
    the predictions back.
    """
    X, _ = series
    # a contracting reservoir (Reservoir's earlier defaults): with the present
    # ones (radius 1.0, smaller input and bias scaling) the fed-back loop
    # amplifies float32's rounding past the tolerance within the 100 steps
    contracting = dict(spectral_radius=0.9, input_scaling=1.0, bias_scaling=1.0)
    results = {}
    for dtype in ("float64", "float32"):
        esn = ESNRegressor(
            _reservoir(dtype, **contracting),
            RidgeReadout(alpha=1e-6),
            feedback=feedback,
            random_state=0,
        ).fit(X[:400], X[1:401])
        results[dtype] = (
            esn.predict(X[400:]),
            esn.generate(20),
            esn.generate(5, inputs=X[400:405]),
        )
    for out64, out32 in zip(results["float64"], results["float32"]):
        assert out64.dtype == np.float64
        assert out32.dtype == np.float32
        assert_allclose(out32, out64, rtol=0, atol=1e-3 * np.abs(out64).max())


@pytest.mark.parametrize("decision", ["last", "vote"])
def test_esn_classifier_scores_in_float32(panel, decision):
    """Check that ESNClassifier on a float32 reservoir gives float32 scores and probabilities."""
    X, labels = panel
    scores = {}
    for dtype in ("float64", "float32"):
        # a well-posed readout (24 series, 60 units): with the default 1e-6 the
        # scores amplify the states' float32 rounding by the ridge's conditioning
        readout = RidgeReadoutClassifier(alpha=1e-2)
        clf = ESNClassifier(_reservoir(dtype), readout, decision=decision).fit(X, labels)
        scores[dtype] = (clf.predict_proba(X), clf.decision_function(X))
    for out64, out32 in zip(scores["float64"], scores["float32"]):
        assert out64.dtype == np.float64
        assert out32.dtype == np.float32
        assert_allclose(out32, out64, rtol=0, atol=1e-3 * np.abs(out64).max())


@pytest.mark.parametrize(
    "representation", ["last", "mean", "pooled", "output_model_space", "reservoir_model_space"]
)
@pytest.mark.parametrize("n_components", [None, 5])
def test_esn_transformer_representations_in_float32(panel, representation, n_components):
    """Check that every ESNTransformer representation of a float32 reservoir is float32."""
    X, _ = panel
    vectors = {}
    for dtype in ("float64", "float32"):
        transformer = ESNTransformer(
            _reservoir(dtype, n_units=30),
            representation=representation,
            n_components=n_components,
            ridge_alpha=1e-2,
        )
        vectors[dtype] = (transformer.fit_transform(X), transformer.transform(X))
    for out64, out32 in zip(vectors["float64"], vectors["float32"]):
        assert out64.dtype == np.float64
        assert out32.dtype == np.float32
        scale = np.abs(out64).max()
        if n_components is None:
            assert_allclose(out32, out64, rtol=0, atol=1e-3 * scale)
        else:  # principal directions are defined up to sign
            assert_allclose(np.abs(out32), np.abs(out64), rtol=0, atol=1e-2 * scale)


@pytest.mark.parametrize(
    "estimator",
    [
        _reservoir("float32", n_units=20),
        ESNTransformer(_reservoir("float32", n_units=20)),
        ESNTransformer(
            _reservoir("float32", n_units=20),
            representation="reservoir_model_space",
            n_components=4,
        ),
    ],
    ids=["Reservoir", "ESNTransformer", "ESNTransformer-model-space"],
)
def test_float32_transformers_pass_sklearn_preserve_dtypes_check(estimator):
    """Check scikit-learn's dtype-preservation check on transformers declaring float32."""
    assert get_tags(estimator).transformer_tags.preserves_dtype == ["float32"]
    check_transformer_preserve_dtypes(type(estimator).__name__, estimator)


def test_float64_default_declares_float64():
    """Check that the default (float64) reservoirs and transformers declare float64 only."""
    assert get_tags(Reservoir()).transformer_tags.preserves_dtype == ["float64"]
    assert get_tags(ESNTransformer()).transformer_tags.preserves_dtype == ["float64"]


def test_float32_outputs_that_overflow_raise_what_to_do():
    """Check that targets beyond float32's range with a float32 reservoir raise a clear
    error at predict (the weights overflowed in the cast and every prediction was NaN,
    with numpy's RuntimeWarnings only), and that targets inside it predict finitely."""
    import warnings

    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 1))
    y = np.roll(X[:, 0], -1)
    model = ESNRegressor(Reservoir(n_units=20, random_state=0, dtype="float32"))
    model.fit(X, y * 1e38)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy's, in the cast
        with pytest.raises(ValueError, match=r"outputs overflow float32.*dtype='float64'"):
            model.predict(X)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        assert np.all(np.isfinite(model.fit(X, y * 1e30).predict(X)))
