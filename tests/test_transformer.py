"""Tests of ESNTransformer."""

from functools import partial

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.base import clone
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression, Ridge, RidgeClassifierCV
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import (
    check_array_api_input,
    check_estimators_dtypes,
    check_estimators_pickle,
    check_fit2d_1feature,
    check_fit2d_1sample,
    check_fit_idempotent,
    check_methods_sample_order_invariance,
    check_methods_subset_invariance,
    check_readonly_memmap_input,
    check_transformer_general,
    check_transformer_preserve_dtypes,
)

from skreservoir import ESNClassifier, Reservoir
from skreservoir._ridge import batched_ridge
from skreservoir.esn import ESNTransformer
from skreservoir.esn._representation import pooled_statistics


def sines(n_series=40, seed=0, unequal=False):
    """Panel of noisy sines whose frequency (slow/fast) is the label."""
    rng = np.random.default_rng(seed)
    X, y = [], []
    for k in range(n_series):
        n = rng.integers(30, 60) if unequal else 50
        t = np.arange(n) * 0.25
        freq = 1 + k % 2
        X.append(np.column_stack([np.sin(freq * t + rng.uniform(0, 6)),
                                  np.cos(freq * t) + 0.1 * rng.normal(size=n)]))
        y.append("fast" if k % 2 else "slow")
    return (X if unequal else np.stack(X)), np.array(y)


def small(**params):
    return ESNTransformer(Reservoir(n_units=20, random_state=0), **params)


#: Parameter values whose fit and transform take another code path than the
#: default instance that tests/test_common.py runs through scikit-learn's full
#: suite ("pooled", one direction, no PCA): the last state and the mean (pooled
#: in the kernel), the two model spaces, the reversed run and the PCA, alone
#: and together.
VARIANTS = [
    {"representation": "last"},
    {"representation": "mean"},
    {"representation": "pooled", "bidirectional": True, "n_components": 3},
    {"representation": "pooled", "ppv_quantiles": [0.25, 0.75]},
    {"representation": "pooled", "ppv_quantiles": [0.5], "n_components": 3},
    {"representation": "output_model_space"},
    {"representation": "reservoir_model_space"},
    {"bidirectional": True},
    {"n_components": 3},
    {"representation": "mean", "bidirectional": True, "n_components": 3},
    {"representation": "output_model_space", "bidirectional": True, "n_components": 3},
    {"representation": "reservoir_model_space", "bidirectional": True, "n_components": 3},
]

#: The checks of that suite that fit and transform data, on numpy and on
#: array_api_strict arrays (conftest.py switches scipy's array API mode on). The
#: others (parameters, tags, clone, repr, input validation before any
#: computation) do not depend on these parameters; test_common.py runs them.
DATA_CHECKS = [
    check_transformer_general,
    check_transformer_preserve_dtypes,
    check_fit_idempotent,
    check_methods_subset_invariance,
    check_methods_sample_order_invariance,
    check_fit2d_1sample,
    check_fit2d_1feature,
    check_estimators_dtypes,
    check_estimators_pickle,
    check_readonly_memmap_input,
    partial(check_array_api_input, array_namespace="array_api_strict", dtype_name="float64"),
    partial(check_array_api_input, array_namespace="array_api_strict", dtype_name="float32"),
]


def check_id(check):
    """``check_x`` or ``check_x-<dtype>`` for a partial of the array API check."""
    if isinstance(check, partial):
        return f"{check.func.__name__}-{check.keywords['dtype_name']}"
    return check.__name__


@pytest.mark.parametrize("check", DATA_CHECKS, ids=check_id)
@pytest.mark.parametrize("params", VARIANTS,
                         ids=lambda params: "-".join(map(str, params.values())))
def test_sklearn_checks_on_parameter_variants(params, check):
    """Check that each variant passes scikit-learn's checks of fit and transform."""
    check("ESNTransformer", small(**params))


def test_last_and_mean_equal_the_reservoir_states():
    """Check that "last" and "mean" pool Reservoir.transform's states."""
    X, _ = sines(10)
    states = Reservoir(n_units=20, random_state=0).fit(X).transform(X)
    assert_allclose(small(representation="last").fit_transform(X), states[:, -1], rtol=1e-12)
    assert_allclose(small(representation="mean", washout=5).fit_transform(X),
                    states[:, 5:].mean(axis=1), rtol=1e-12)



@pytest.mark.parametrize("representation", ["last", "mean"])
@pytest.mark.parametrize("dtype, atol", [("float64", 1e-12), ("float32", 2e-6)])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_last_and_mean_pooled_in_the_kernel_equal_the_pooled_states(representation, dtype,
                                                                     atol, bidirectional):
    """Check that "last"/"mean" pooled inside the compiled kernel (no states stored) equal
    the reservoir's states pooled afterwards, and the pure numpy path (compiled=False)."""
    import skreservoir

    X, _ = sines(30, unequal=True)
    reservoir = Reservoir(n_units=40, density=0.1, leak_rate=0.4, dtype=dtype, random_state=0)
    esn = ESNTransformer(reservoir, representation=representation, washout=3,
                         bidirectional=bidirectional).fit(X)
    # the kernel pools here (it would return None where it cannot)
    assert esn.reservoir_._recurrence().run_pooled(X, np.zeros((30, 40)), "mean") is not None
    pooled = esn.transform(X)
    assert pooled.dtype == np.dtype(dtype)

    def pool(states):
        if representation == "last":
            return np.stack([s[-1] for s in states])
        return np.stack([s[3:].mean(axis=0) for s in states])

    expected = pool(esn.reservoir_.transform(X))
    if bidirectional:
        expected = np.hstack([expected, pool(esn.reservoir_.transform([x[::-1] for x in X]))])
    assert_allclose(pooled, expected, rtol=0, atol=atol)
    with skreservoir.config_context(compiled=False):
        assert_allclose(esn.transform(X), expected, rtol=0, atol=atol)


@pytest.mark.parametrize("dtype, atol", [("float64", 1e-12), ("float32", 2e-6)])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("ppv_quantiles", [None, [0.2, 0.5, 0.9]])
def test_pooled_in_the_kernel_equals_the_pooled_statistics_of_the_states(
        dtype, atol, bidirectional, ppv_quantiles, monkeypatch):
    """Check that "pooled" is pooled inside the compiled kernel (no states stored, the numpy
    statistics never called) and equals pooled_statistics of the reservoir's states, and the
    pure numpy path (compiled=False).

    Series of several lengths, more than one block of the kernel, washout,
    the thresholds of ppv_quantiles (fitted on the states, then split
    between the two runs when bidirectional), in the dtype of the states.
    """
    import skreservoir
    from skreservoir.esn import _representation

    X, _ = sines(150, unequal=True)
    reservoir = Reservoir(n_units=40, density=0.1, leak_rate=0.4, dtype=dtype, random_state=0)
    esn = ESNTransformer(reservoir, washout=3, bidirectional=bidirectional,
                         ppv_quantiles=ppv_quantiles)
    numpy_statistics = _representation.pooled_statistics

    def refused(*args, **kwargs):
        raise AssertionError("pooled_statistics called: the kernel did not pool")

    monkeypatch.setattr(_representation, "pooled_statistics", refused)
    pooled = esn.fit_transform(X)
    assert_allclose(esn.transform(X), pooled, rtol=0, atol=0)
    monkeypatch.setattr(_representation, "pooled_statistics", numpy_statistics)
    assert pooled.dtype == np.dtype(dtype)
    assert pooled.shape == (150, esn.n_features_out_)
    states = esn.reservoir_.transform(X)
    if bidirectional:
        backward = esn.reservoir_.transform([x[::-1] for x in X])
        states = [np.hstack([f, b]) for f, b in zip(states, backward)]
    expected = numpy_statistics(states, 3, esn._ppv_thresholds)
    assert_allclose(pooled, expected, rtol=0, atol=atol)
    with skreservoir.config_context(compiled=False):
        unfused = esn.transform(X)
    # the pure numpy path rounds its states otherwise (float32: by ~1e-7), so a state
    # within rounding of 0 or of a threshold may count on the other side there: its
    # proportions may differ by one step of 1/n, rarely; mean, std and last by rounding
    n_statistics = 4 + (0 if esn._ppv_thresholds is None else len(esn._ppv_thresholds))
    width = 3 * esn.n_features_out_ // n_statistics
    assert_allclose(unfused[:, :width], expected[:, :width], rtol=0, atol=atol)
    counts = np.abs(unfused[:, width:] - expected[:, width:]) * np.array(
        [len(x) - 3 for x in X])[:, None]
    assert np.all(counts < 1.001) and np.mean(counts > 0.5) < 1e-3


def test_pooled_outside_the_kernel_pools_the_states():
    """Check "pooled" where the kernel does not run (an unbounded activation, a PCA): the
    states' pooled_statistics, as before."""
    X, _ = sines(30, unequal=True)
    for reservoir, params in [(Reservoir(n_units=20, activation="relu", spectral_radius=0.5,
                                         random_state=0), {}),
                              (Reservoir(n_units=20, random_state=0), {"n_components": 5})]:
        esn = ESNTransformer(reservoir, washout=2, ppv_quantiles=[0.5], **params).fit(X)
        states = esn.reservoir_.transform(X)
        if esn.pca_ is not None:
            states = [esn.pca_.transform(s) for s in states]
        assert_allclose(esn.transform(X),
                        pooled_statistics(states, 2, esn._ppv_thresholds), rtol=0, atol=1e-12)


def test_mean_equals_the_equation():
    """Check that "mean" is the mean after washout of the states of the equation, written out:
    x(t) = (1 - a) x(t-1) + a tanh(W_in u(t) + W x(t-1) + b)."""
    X, _ = sines(12, unequal=True)
    esn = ESNTransformer(Reservoir(n_units=30, density=0.1, leak_rate=0.3, random_state=1),
                         representation="mean", washout=4).fit(X)
    W = esn.reservoir_.W_.toarray()
    W_in, b = esn.reservoir_.W_in_, esn.reservoir_.bias_
    expected = []
    for U in X:
        x, states = np.zeros(30), []
        for u in U:
            x = 0.7 * x + 0.3 * np.tanh(W_in @ u + W @ x + b)
            states.append(x)
        expected.append(np.mean(states[4:], axis=0))
    assert_allclose(esn.transform(X), np.array(expected), rtol=0, atol=1e-12)


def test_pooled_is_mean_std_last_and_ppv_of_the_states():
    """Check that "pooled" is [mean, std, last, share of positive values] of the states."""
    X, _ = sines(10)
    states = Reservoir(n_units=20, random_state=0).fit(X).transform(X)
    kept = states[:, 4:]
    expected = np.hstack([kept.mean(axis=1), kept.std(axis=1), states[:, -1],
                          (kept > 0).mean(axis=1)])
    esn = small(representation="pooled", washout=4)
    # atol: a constant unit's std is 0 from the kernel, 2e-16 from numpy (its mean's rounding)
    assert_allclose(esn.fit_transform(X), expected, rtol=1e-12, atol=1e-15)
    assert esn.n_features_out_ == 80


def test_pooled_ppv_quantiles_are_shares_above_training_quantiles():
    """Check the shares above ppv_quantiles of the states of 32 evenly spread training series."""
    X, _ = sines(40)
    states = Reservoir(n_units=20, random_state=0).fit(X).transform(X)
    picked = np.unique(np.linspace(0, 39, 32).round().astype(int))
    thresholds = np.quantile(states[picked, 4:].reshape(-1, 20), [0.2, 0.9], axis=0)
    kept = states[:, 4:]
    expected = np.hstack([kept.mean(axis=1), kept.std(axis=1), states[:, -1],
                          (kept > 0).mean(axis=1), (kept > thresholds[0]).mean(axis=1),
                          (kept > thresholds[1]).mean(axis=1)])
    esn = small(representation="pooled", washout=4, ppv_quantiles=[0.2, 0.9])
    # atol: a constant unit's std is 0 from the kernel, 2e-16 from numpy (its mean's rounding)
    assert_allclose(esn.fit_transform(X), expected, rtol=1e-12, atol=1e-15)
    assert_allclose(esn._ppv_thresholds, thresholds, rtol=1e-12)
    assert esn.n_features_out_ == 120
    assert_allclose(esn.transform(X[:5]), expected[:5], rtol=1e-12, atol=1e-15)
    with pytest.raises(ValueError, match=r"ppv_quantiles must be floats in \(0, 1\)"):
        small(representation="pooled", ppv_quantiles=[0.5, 1.0]).fit(X)


def test_feature_names_say_which_statistic_of_which_state():
    """Check that every representation's names are unique and name the column's content.

    They were "esntransformer0", ..., "esntransformer199" for "pooled": a
    mean could not be told from a last value.
    """
    X, _ = sines(8)
    states = Reservoir(n_units=20, random_state=0).fit(X).transform(X)
    esn = small(representation="pooled", ppv_quantiles=[0.25, 0.75])
    out = esn.set_output(transform="pandas").fit_transform(X)
    names = list(esn.get_feature_names_out())
    assert list(out.columns) == names and len(set(names)) == 120
    assert names[:2] == ["mean_reservoir0", "mean_reservoir1"]
    assert_allclose(out["std_reservoir5"], states[:, :, 5].std(axis=1), rtol=1e-12)
    assert_allclose(out["last_reservoir5"], states[:, -1, 5], rtol=1e-12)
    assert "ppv_q0.75_reservoir19" == names[-1]
    cases = [({"representation": "last", "bidirectional": True}, "last_reservoir19_reversed"),
             ({"representation": "mean", "n_components": 3}, "mean_pc2"),
             ({"representation": "output_model_space"}, "b_x1"),
             ({"representation": "reservoir_model_space", "n_components": 2}, "b_pc1")]
    for params, last in cases:
        esn = small(**params).fit(X)
        names = esn.get_feature_names_out()
        assert len(set(names)) == len(names) == esn.n_features_out_ and names[-1] == last
    names = small(representation="output_model_space").fit(X).get_feature_names_out(["a", "b"])
    assert names[0] == "w_a_reservoir0" and names[20] == "w_b_reservoir0"
    # input_features checked as scikit-learn checks it, whatever the representation
    for representation in ("pooled", "mean", "last", "output_model_space"):
        fitted = small(representation=representation).fit(X)
        assert len(fitted.get_feature_names_out(["a", "b"])) == fitted.n_features_out_
        with pytest.raises(ValueError, match="input_features should have length"):
            fitted.get_feature_names_out(["a", "b", "c"])
    frames = [pd.DataFrame(x, columns=["a", "b"]) for x in X]
    fitted = small(representation="pooled").fit(frames)
    with pytest.raises(ValueError, match="input_features is not equal to feature_names_in_"):
        fitted.get_feature_names_out(["q", "r"])


@pytest.mark.parametrize("representation", ["output_model_space", "reservoir_model_space"])
def test_model_space_equals_sklearn_ridge_per_series(representation):
    """Check that model-space vectors are sklearn Ridge's coef_ and intercept_ per series."""
    X, _ = sines(6, unequal=True)
    esn = small(representation=representation, washout=3, bidirectional=True,
                n_components=4, ridge_alpha=0.5)
    features = esn.fit(X).transform(X)
    states = Reservoir(n_units=20, random_state=0).fit(X[0]).transform(X)
    backward = Reservoir(n_units=20, random_state=0).fit(X[0]).transform(
        [x[::-1] for x in X])
    pca = PCA(4, svd_solver="full").fit(np.concatenate([np.hstack([f, b])[3:]
                                                        for f, b in zip(states, backward)]))
    # sign convention of ESNTransformer's PCA: largest-magnitude entry positive
    top = pca.components_[np.arange(4), np.abs(pca.components_).argmax(axis=1)]
    for x, f, b, row in zip(X, states, backward, features):
        h = pca.transform(np.hstack([f, b])) * np.sign(top)
        target = x[4:] if representation == "output_model_space" else h[4:]
        ridge = Ridge(alpha=0.5).fit(h[3:-1], target)
        assert_allclose(row, np.concatenate([ridge.coef_.ravel(), ridge.intercept_]),
                        rtol=1e-6, atol=1e-9)
    assert features.shape[1] == esn.n_features_out_


def test_batched_ridge_shapes():
    """Check the shapes returned by batched_ridge for unequal lengths."""
    rng = np.random.default_rng(0)
    inputs = [rng.normal(size=(n, 4)) for n in (5, 9)]
    coef, intercept = batched_ridge(inputs, [h[:, :2] for h in inputs], 1.0)
    assert coef.shape == (2, 2, 4) and intercept.shape == (2, 2)


@pytest.mark.parametrize("d", [6, 40])
def test_batched_ridge_equals_sklearn_ridge_wide_and_tall(d):
    """Per series, batched_ridge is Ridge's fit whether the longest series has more
    rows than features (the primal d x d systems) or fewer (the dual n x n ones:
    short series of wide states, the model spaces of Bianchi's tutorials)."""
    rng = np.random.default_rng(0)
    inputs = [rng.normal(size=(n, d)) for n in (7, 12, 20)]
    targets = [rng.normal(size=(n, 3)) for n in (7, 12, 20)]
    coef, intercept = batched_ridge(inputs, targets, 0.3)
    for h, y, c, b in zip(inputs, targets, coef, intercept):
        ridge = Ridge(alpha=0.3).fit(h, y)
        assert_allclose(c, ridge.coef_, rtol=1e-8, atol=1e-10)
        assert_allclose(b, ridge.intercept_, rtol=1e-8, atol=1e-10)


def test_bidirectional_concatenates_the_reversed_run():
    """Check that bidirectional "last" is [x_forward(T), x_backward(T)]."""
    X, _ = sines(5)
    states = Reservoir(n_units=20, random_state=0).fit(X).transform(X)
    backward = Reservoir(n_units=20, random_state=0).fit(X).transform(X[:, ::-1])
    assert_allclose(small(representation="last", bidirectional=True).fit_transform(X),
                    np.hstack([states[:, -1], backward[:, -1]]), rtol=1e-12)


def test_transform_is_stateless_and_list_equals_array():
    """Check that transform repeats itself and a list panel gives the 3D result."""
    X, _ = sines(8)
    esn = small(representation="reservoir_model_space", n_components=3).fit(X)
    assert_allclose(esn.transform(X), esn.transform(X), rtol=0)
    assert_allclose(esn.transform(list(X)), esn.transform(X), rtol=1e-12)


def test_2d_input_is_a_panel_of_univariate_series():
    """Check that a 2D X is (n_series, n_timesteps) univariate series."""
    X, _ = sines(6)
    X2 = X[:, :, 0]
    esn = small(representation="mean").fit(X2)
    assert esn.n_features_in_ == 50
    assert_allclose(esn.transform(X2), esn.transform(X2[:, :, None]), rtol=1e-12)
    with pytest.raises(ValueError, match="X has 49 features"):
        esn.transform(X2[:, 1:])


def test_short_series_error():
    """Check that a model space on too short series names the lengths."""
    X, _ = sines(4)
    with pytest.raises(ValueError, match="at least 12 time steps"):
        small(representation="reservoir_model_space", washout=10).fit(X[:, :11])
    # washout=0 cannot be lowered: the message says what else to do
    with pytest.raises(ValueError, match=r"the shortest has 1\. Pass longer series .*"
                                         r"representation='last'\.$"):
        small(representation="output_model_space").fit([X[0], X[1, :1]])


@pytest.mark.parametrize("unequal", [False, True])
def test_pipeline_in_cross_val_score_and_grid_search(unequal):
    """Check the pipeline with any classifier in cross_val_score and GridSearchCV."""
    X, y = sines(40, unequal=unequal)
    pipe = make_pipeline(small(representation="reservoir_model_space", n_components=5,
                               washout=5), RidgeClassifierCV())
    assert cross_val_score(pipe, X, y, cv=3).mean() >= 0.9
    # the reservoir the 0.9 was measured with (Reservoir's earlier defaults):
    # over seeds, the search's score varies more than that margin
    reservoir = Reservoir(n_units=20, spectral_radius=0.9, input_scaling=1.0, bias_scaling=1.0,
                          random_state=0)
    search = GridSearchCV(
        make_pipeline(ESNTransformer(reservoir, washout=5), LogisticRegression()),
        {"esntransformer__representation": ["mean", "output_model_space"]}, cv=3)
    assert search.fit(X, y).best_score_ >= 0.9


def test_esn_classifier_sequence_mode_matches_the_transformer():
    """Check that ESNClassifier's mean decision equals transformer + readout."""
    X, y = sines(20)
    clf = ESNClassifier(Reservoir(n_units=20, random_state=0), decision="mean",
                        washout=5).fit(X, y)
    features = small(representation="mean", washout=5).fit_transform(X)
    assert_allclose(clf.decision_function(X), clf.readout_.decision_function(features),
                    rtol=1e-10)


def test_random_state_makes_the_default_reservoir_repeatable():
    """Check that random_state seeds an unseeded reservoir: fits repeat, seeds differ."""
    X, _ = sines(12)
    make = lambda seed: ESNTransformer(Reservoir(n_units=20), representation="mean",  # noqa: E731
                                       n_components=4, random_state=seed)
    first = make(3).fit_transform(X)
    assert_allclose(make(3).fit_transform(X), first, rtol=0, atol=0)
    assert not np.allclose(make(4).fit_transform(X), first)
    seeded = ESNTransformer(Reservoir(n_units=20, random_state=0), random_state=5)
    assert_allclose(seeded.fit_transform(X), small().fit_transform(X), rtol=0, atol=0)


def test_pca_streams_chunks_and_equals_the_full_pca():
    """Check that the PCA fitted chunk by chunk equals sklearn's PCA on all states."""
    from skreservoir import config_context

    X, _ = sines(15, unequal=True)
    esn = small(representation="reservoir_model_space", washout=2, n_components=5)
    with config_context(state_chunk_bytes=2000):
        assert len(esn.fit(X)._chunks(X)) > 3
        chunked = esn.transform(X)
    states = Reservoir(n_units=20, random_state=0).fit(X[0]).transform(X)
    pca = PCA(5, svd_solver="full").fit(np.concatenate([s[2:] for s in states]))
    assert_allclose(esn.pca_.explained_variance_, pca.explained_variance_, rtol=1e-8)
    assert_allclose(np.abs(esn.pca_.components_), np.abs(pca.components_), atol=1e-8)
    assert_allclose(chunked, clone(esn).fit_transform(X), rtol=0, atol=1e-9)


@pytest.mark.parametrize("X, error, match", [
    (None, ValueError, "got None"),
    ([], ValueError, r"got an empty list: pass at least one series"),
    (np.ones(20), ValueError, r"shape \(20,\)\. Reshape your data.*\(1, n_timesteps\)"),
    ("sparse", TypeError, "sparse input"),
    (np.ones((3, 4, 5, 1)), ValueError, r"X must be a panel: .*got an array with 4 dimensions"),
], ids=["None", "empty", "1-D", "sparse", "4-D"])
def test_bad_input_names_x_and_the_expected_shapes(X, error, match):
    """Check that None, empty, 1-D, 4-D and sparse X raise an error naming X and the shapes (4-D
    used to get scikit-learn's 'dim <= 2 is required', though 3D panels are accepted)."""
    import scipy.sparse as sp

    X = sp.csr_matrix(np.ones((5, 20))) if isinstance(X, str) else X
    esn = small().fit(sines(6)[0])
    for call in (esn.transform, small().fit):
        with pytest.raises(error, match=match) as info:
            call(X)
        assert "(n_series, n_timesteps, n_features)" in str(info.value)


def test_fit_warns_for_a_3d_array_in_sktime_time_last_layout():
    """Check the DataLayoutWarning as ESNClassifier's: sktime's numpy3D (n, channels,
    time) given as it is was read silently as series of n_channels steps (BasicMotions,
    (40, 6, 100): 6 steps of 100 features); the warning names the transpose and points
    at the user's line. The right layout, a 2D panel and ESNTimeSeriesClassifier's own
    (tapped, short multichannel) panels do not warn."""
    import warnings

    from skreservoir.exceptions import DataLayoutWarning

    rng = np.random.default_rng(0)
    panel = rng.normal(size=(8, 6, 40))  # sktime's numpy3D: 8 series of 40 points
    for method in ("fit", "fit_transform"):
        with pytest.warns(DataLayoutWarning, match=r"ESNTransformer.*transpose\(0, 2, 1\)") \
                as caught:
            getattr(ESNTransformer(Reservoir(20, random_state=0)), method)(panel)
        assert caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataLayoutWarning)
        ESNTransformer(Reservoir(20, random_state=0)).fit(panel.transpose(0, 2, 1))
        ESNTransformer(Reservoir(20, random_state=0)).fit(panel[:, 0, :])  # numpy2D
        pytest.importorskip("sktime", reason='sktime is an optional extra '
                            '(pip install "skreservoir[sktime]")')
        from skreservoir.classification import ESNTimeSeriesClassifier

        short = rng.normal(size=(8, 6, 10))  # 3 taps of 6 channels: 18 > 10 steps
        ESNTimeSeriesClassifier(random_state=0).fit(short, np.arange(8) % 2)


def test_default_representation_separates_frequencies_in_a_plain_pipeline():
    """Check that a user's first pipeline tells sinusoids of 3 frequencies apart.

    ``make_pipeline(ESNTransformer(random_state=0), RidgeClassifierCV())``
    with every default: the phase is random, and the last state alone
    ("last", the default before) scores 0.74 to 0.78 here (random_state 0
    to 2); the pooled statistics of the whole run 1.0.
    """
    rng = np.random.default_rng(0)
    t = np.arange(80) * 0.2
    y = np.arange(150) % 3
    X = np.stack([np.sin((1 + k) * t + rng.uniform(0, 2 * np.pi))
                  + 0.1 * rng.normal(size=t.size) for k in y])[:, :, None]
    pipeline = make_pipeline(ESNTransformer(random_state=0), RidgeClassifierCV())
    assert pipeline.fit(X[:100], y[:100]).score(X[100:], y[100:]) >= 0.9


def test_transform_warns_for_series_far_from_the_training_lengths():
    """Check that transform (not fit_transform) warns for series beyond 1.5 times the
    training lengths, and not within them (unequal lengths of 30 to 60 steps)."""
    import warnings

    from skreservoir.exceptions import SeriesLengthWarning

    X, _ = sines(6, unequal=True)
    lengths = [len(x) for x in X]
    esn = small()
    with warnings.catch_warnings():
        warnings.simplefilter("error", SeriesLengthWarning)
        esn.fit_transform(X)
        esn.transform([x[:int(np.ceil(min(lengths) / 1.5))] for x in X[:2]])
    with pytest.warns(SeriesLengthWarning, match=r"ESNTransformer: 1 of the 2 series"):
        esn.transform([X[0], X[0][:min(lengths) // 2]])
    with pytest.warns(SeriesLengthWarning, match="2 of the 2 series"):
        esn.transform([np.vstack([x] * 4)[:2 * max(lengths)] for x in X[:2]])


def test_sktime_dataframe_panels_are_refused_by_name():
    """Check that sktime's nested_univ and pd-multiindex frames are refused, naming the
    conversion: a pd-multiindex frame of 4 series of 10 steps gave 40 vectors (read
    as 40 one-step series), a nested one "setting an array element with a sequence"."""
    import pandas as pd

    rng = np.random.default_rng(0)
    multiindex = pd.DataFrame({"dim_0": rng.normal(size=40)},
                              index=pd.MultiIndex.from_product([range(4), range(10)]))
    nested = pd.DataFrame({"dim_0": [pd.Series(rng.normal(size=10)) for _ in range(4)]})
    for frame, kind in [(multiindex, "pd-multiindex"), (nested, "nested_univ")]:
        with pytest.raises(TypeError, match=rf"ESNTransformer got an sktime {kind} "
                                            r"DataFrame.*convert_to\(X, 'numpy3D'\)"):
            small().fit(frame)
    esn = small().fit(rng.normal(size=(4, 10, 1)))
    with pytest.raises(TypeError, match="pd-multiindex"):
        esn.transform(multiindex)
    # a plain frame is sktime's numpy2D: one univariate series per row
    assert small().fit_transform(pd.DataFrame(rng.normal(size=(4, 10)))).shape == (4, 80)


def test_a_feature_count_at_transform_names_the_transformer_and_a_2d_series():
    """Check that transform with other channels than fit names ESNTransformer (it named
    the Reservoir inside), and that one series given as a 2D array, read as univariate
    series, is told how to pass it (X[None])."""
    from skreservoir import ESNTransformer, Reservoir

    X = np.random.default_rng(0).normal(size=(6, 40, 2))
    fitted = ESNTransformer(Reservoir(n_units=15, random_state=0)).fit(X)
    with pytest.raises(ValueError, match=r"^X has 1 features, but ESNTransformer is expecting 2"):
        fitted.transform(X[:, :, :1])
    with pytest.raises(ValueError, match=r"ESNTransformer is expecting 2.*shape \(40, 2\) was "
                       r"read as 40 series of 2 steps.*pass X\[None\]"):
        fitted.transform(X[0])
    assert fitted.transform(X[0][None]).shape[0] == 1


def test_transformer_refuses_a_generator_by_name():
    """Check that ESNTransformer names a generator X as the ESNs do (a battery:
    scikit-learn's "Expected 2D array, got scalar array instead")."""
    with pytest.raises(TypeError, match=r"X passed to ESNTransformer is a generator.*list\(X\)"):
        ESNTransformer().fit(np.ones((5, 3)) for _ in range(4))
