"""Tests of dask panels through the estimators (skreservoir._dask) and of n_jobs."""

import os
import pickle
import sys
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone

from skreservoir import (
    NVAR,
    ESNClassifier,
    ESNRegressor,
    ESNTransformer,
    ForceReadout,
    IPReservoir,
    Reservoir,
    ReservoirStack,
    RidgeReadout,
    RidgeReadoutClassifier,
    config_context,
    get_config,
)
from skreservoir._covariance_pca import CovariancePCA

da = pytest.importorskip("dask.array", reason="dask is an optional extra (pip install \"skreservoir[dask]\")")
distributed = pytest.importorskip("distributed", reason="dask.distributed is an optional extra (pip install \"skreservoir[dask]\")")


def relative_error(a, b):
    """Largest absolute difference over the largest magnitude of ``b``."""
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))) / np.max(np.abs(b)))


@pytest.fixture(scope="module")
def client():
    """Two worker processes on the loopback address, one thread each."""
    import cloudpickle

    # the workers unpickle this module's functions by value, not by import
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client
    cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def panel():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(48, 40, 3))
    # two targets: a smoothed input and a product of inputs
    y = np.stack(
        [np.cumsum(X[:, :, 0], axis=1) * 0.1, X[:, :, 1] * np.roll(X[:, :, 2], 1, axis=1)],
        axis=2,
    )
    return X, y


@pytest.mark.parametrize(
    "reservoir",
    [
        Reservoir(n_units=25, random_state=0),
        NVAR(delay=2, order=2),
        ReservoirStack(
            [
                Reservoir(n_units=20, density=0.3, random_state=1),
                Reservoir(n_units=15, density=0.3, random_state=2),
            ]
        ),
        IPReservoir(n_units=12, random_state=2),
    ],
    ids=lambda r: type(r).__name__,
)
def test_reservoir_transform_runs_on_the_workers_and_equals_numpy(client, panel, reservoir):
    """Check that transform of a dask panel is a dask array, computed on the workers, equal to numpy's."""
    X, _ = panel
    fitted = reservoir.fit(X)
    dX = da.from_array(X, chunks=(12, 20, 3))  # chunked along time too: rechunked
    out = fitted.transform(dX)
    assert isinstance(out, da.Array)
    assert out.chunks[0] == (12, 12, 12, 12)
    with distributed.get_task_stream(client) as stream:
        result = out.compute()
    assert any("transform" in str(task["key"]) for task in stream.data)
    assert_allclose(result, fitted.transform(X), rtol=1e-12, atol=1e-14)
    # one series (2D) is one block
    assert_allclose(
        fitted.transform(dX[5]).compute(), fitted.transform(X[5]), rtol=1e-12, atol=1e-14
    )


def test_graph_has_one_task_per_block_and_the_reservoir_once(panel):
    """Check that the graph grows with the blocks, not the time steps, and holds the reservoir once."""
    X, _ = panel
    reservoir = Reservoir(n_units=20, random_state=0).fit(X)
    sizes = {}
    for n_steps in (40, 400):
        long = np.tile(X, (1, n_steps // 40, 1))
        out = reservoir.transform(da.from_array(long, chunks=(6, n_steps, 3)))
        graph = dict(out.__dask_graph__())
        sizes[n_steps] = len(graph)
        holders = [
            key
            for key, node in graph.items()
            if isinstance(getattr(node, "value", None), Reservoir)
        ]
        assert len(holders) == 1, "the reservoir should be one key that every task reads"
    n_blocks = 8
    assert sizes[40] == sizes[400] == 2 * n_blocks + 1  # input blocks, tasks, reservoir


def test_esn_regressor_fit_on_dask_equals_the_in_memory_fit(client, panel):
    """Check that ESNRegressor.fit on a dask panel gives the in-memory readout to 1e-10."""
    X, y = panel
    rng = np.random.default_rng(1)
    weights = rng.uniform(0.5, 2.0, size=y.shape[:2])
    params = dict(washout=6, include_input=True)
    reference = ESNRegressor(
        Reservoir(n_units=30, random_state=0), RidgeReadout(alpha=1e-4), **params
    ).fit(X, y, sample_weight=weights)
    dX = da.from_array(X, chunks=(7, 40, 3))  # blocks of unequal sizes
    with distributed.get_task_stream(client) as stream:
        esn = ESNRegressor(
            Reservoir(n_units=30, random_state=0), RidgeReadout(alpha=1e-4), **params
        ).fit(dX, da.from_array(y, chunks=(16, 40, 2)), sample_weight=weights)
    assert any("esnregressor-fit-block" in str(task["key"]) for task in stream.data)
    assert relative_error(esn.readout_.coef_, reference.readout_.coef_) < 1e-10
    assert relative_error(esn.readout_.intercept_, reference.readout_.intercept_) < 1e-10
    assert esn.readout_.n_samples_seen_ == reference.readout_.n_samples_seen_
    assert_allclose(esn.state_, reference.state_, rtol=1e-12)
    assert_allclose(esn.last_input_, reference.last_input_)
    predictions = esn.predict(dX)
    assert isinstance(predictions, da.Array)
    assert_allclose(predictions.compute(), reference.predict(X), rtol=1e-8, atol=1e-10)
    # generate continues from the end of the last series, as after the in-memory fit
    assert_allclose(
        esn.generate(3, inputs=X[0, :3]), reference.generate(3, inputs=X[0, :3]), rtol=1e-8
    )


def test_esn_regressor_washout_is_per_series_and_missing_targets_drop_rows(panel):
    """Check the automatic washout, a 1D target and NaN targets against the in-memory fit."""
    X, y = panel
    target = y[:, :, 0].copy()
    target[::5, 10] = np.nan  # sparse labels: rows left out
    reference = ESNRegressor(Reservoir(n_units=20, random_state=3)).fit(X, target)
    esn = ESNRegressor(Reservoir(n_units=20, random_state=3)).fit(
        da.from_array(X, chunks=(10, 40, 3)), target
    )
    assert esn.washout_ == reference.washout_ > 0
    assert esn.readout_.coef_.ndim == 1
    assert relative_error(esn.readout_.coef_, reference.readout_.coef_) < 1e-10
    # the rows used: a NaN target's row is not (10 series have one after the washout)
    assert esn.readout_.n_samples_seen_ == reference.readout_.n_samples_seen_
    assert esn.readout_.n_samples_seen_ == 48 * (40 - esn.washout_) - 10


def test_ridge_readout_fit_on_dask_equals_the_in_memory_fit(panel):
    """Check that RidgeReadout.fit on a dask panel of features equals its in-memory fit."""
    X, y = panel
    reference = RidgeReadout(alpha=1e-3, washout=4).fit(X, y)
    readout = RidgeReadout(alpha=1e-3, washout=4).fit(
        da.from_array(X, chunks=(5, 40, 3)), da.from_array(y, chunks=(5, 40, 2))
    )
    assert relative_error(readout.coef_, reference.coef_) < 1e-10
    assert relative_error(readout.intercept_, reference.intercept_) < 1e-10
    assert_allclose(
        readout.predict(da.from_array(X, chunks=(5, 40, 3))).compute(),
        reference.predict(X),
        rtol=1e-9,
        atol=1e-12,
    )
    # the sums go on: partial_fit after a dask fit extends them
    more = RidgeReadout(alpha=1e-3, washout=4).fit(X[:30], y[:30]).partial_fit(X[30:], y[30:])
    readout.partial_fit(X[:1], y[:1])
    reference.partial_fit(X[:1], y[:1])
    assert relative_error(readout.coef_, reference.coef_) < 1e-10
    assert relative_error(more.coef_, RidgeReadout(alpha=1e-3, washout=4).fit(X, y).coef_) < 1e-10


def test_fit_on_dask_needs_a_ridge_readout(panel):
    """Check that a readout without normal equations is refused by name."""
    X, y = panel
    dX, dy = da.from_array(X, chunks=(8, 40, 3)), da.from_array(y, chunks=(8, 40, 2))
    with pytest.raises(TypeError, match="needs a RidgeReadout; got ForceReadout"):
        ESNRegressor(Reservoir(n_units=10, random_state=0), ForceReadout()).fit(dX, dy)
    with pytest.raises(ValueError, match="one row per series"):
        ESNRegressor(Reservoir(n_units=10, random_state=0)).fit(dX, y[:5])


@pytest.mark.parametrize("representation", ["mean", "reservoir_model_space"])
def test_esn_transformer_on_dask_equals_numpy(client, panel, representation):
    """Check fit_transform and transform of ESNTransformer on a dask panel (PCA reduced over blocks)."""
    X, _ = panel
    params = dict(representation=representation, n_components=6, washout=3, bidirectional=True)
    reference = ESNTransformer(Reservoir(n_units=20, random_state=0), **params)
    expected = reference.fit_transform(X)
    transformer = ESNTransformer(Reservoir(n_units=20, random_state=0), **params)
    out = transformer.fit_transform(da.from_array(X, chunks=(9, 40, 3)))
    assert isinstance(out, da.Array) and out.shape == expected.shape
    assert_allclose(transformer.pca_.mean_, reference.pca_.mean_, rtol=1e-10)
    assert_allclose(transformer.pca_.components_, reference.pca_.components_, atol=1e-8)
    assert_allclose(out.compute(), expected, rtol=1e-7, atol=1e-9)
    # a 2D dask array is a panel of univariate series, as in memory
    uni = ESNTransformer(Reservoir(n_units=10, random_state=0)).fit(X[:, :, 0])
    assert_allclose(
        uni.transform(da.from_array(X[:, :, 0], chunks=(10, 40))).compute(),
        uni.transform(X[:, :, 0]),
        rtol=1e-12,
    )


def test_esn_classifier_predict_on_dask(panel):
    """Check that ESNClassifier.predict on a dask panel gives the labels of numpy input."""
    X, _ = panel
    labels = np.where(X[:, :, 0].mean(axis=1) > 0, "up", "down")
    clf = ESNClassifier(Reservoir(n_units=20, random_state=0), decision="mean").fit(X, labels)
    out = clf.predict(da.from_array(X, chunks=(10, 40, 3)))
    assert isinstance(out, da.Array) and out.shape == (48,)
    assert_array_equal(out.compute(), clf.predict(X))


def kill_worker_once(block, marker):
    """Exit this worker process the first time (no ``marker`` file yet); then pass through."""
    try:
        distributed.get_worker()
    except ValueError:  # not on a worker (the client reads the first block itself)
        return block
    if not os.path.exists(marker):
        with open(marker, "w") as f:
            f.write(str(os.getpid()))
        os._exit(1)
    return block


def test_a_worker_killed_mid_fit_is_retried_with_the_same_result(client, panel, tmp_path):
    """Check that a worker dying during a fit is replaced, its tasks rerun, the readout unchanged."""
    X, y = panel
    marker = str(tmp_path / "killed")
    reference = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5).fit(X, y)
    dy = da.from_array(y, chunks=(12, 40, 2)).map_blocks(kill_worker_once, marker, dtype=y.dtype)
    esn = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5).fit(
        da.from_array(X, chunks=(12, 40, 3)), dy
    )
    assert os.path.exists(marker), "no worker was killed"
    assert relative_error(esn.readout_.coef_, reference.readout_.coef_) < 1e-10
    client.wait_for_workers(2, timeout=30)


def test_covariance_merge_in_any_grouping_equals_all_rows():
    """Check that merged covariance accumulators equal the accumulator of all rows."""
    rows = np.random.default_rng(0).normal(loc=3.0, size=(90, 4))
    whole = CovariancePCA(2).add(rows)
    parts = [CovariancePCA(2).add(rows[a:b]) for a, b in ((0, 10), (10, 55), (55, 90))]
    merged = CovariancePCA(2).merge(parts[2]).merge(parts[0].merge(parts[1]))
    assert merged.n_samples_seen_ == 90
    assert_allclose(merged.mean_, rows.mean(axis=0), rtol=1e-13)
    centred = rows - rows.mean(axis=0)
    assert_allclose(merged._scatter, centred.T @ centred, rtol=1e-12)
    assert_allclose(whole._scatter, centred.T @ centred, rtol=1e-12)


def test_n_jobs_of_esn_transformer_gives_the_sequential_result(client, panel):
    """Check that ESNTransformer(n_jobs=2) equals n_jobs=None, in threads and on dask's joblib backend."""
    from joblib import parallel_config

    X, _ = panel
    sequential = ESNTransformer(Reservoir(n_units=15, random_state=0), representation="pooled")
    expected = sequential.fit(X).transform(X)
    parallel = ESNTransformer(
        Reservoir(n_units=15, random_state=0), representation="pooled", n_jobs=2
    ).fit(X)
    assert pickle.loads(pickle.dumps(parallel)).n_jobs == 2
    with config_context(state_chunk_bytes=40 * 15 * 8 * 5):  # 5 series per chunk
        with parallel_config(backend="threading"):
            assert_allclose(parallel.transform(X), expected, rtol=1e-12)
        with distributed.get_task_stream(client) as stream, parallel_config(backend="dask"):
            assert_allclose(parallel.transform(X), expected, rtol=1e-12)
    assert len(stream.data) > 0, "the chunks' joblib tasks should run on the dask workers"


def test_time_series_classifier_forwards_n_jobs(panel):
    """Check that ESNTimeSeriesClassifier gives n_jobs to its transformers, with the same predictions."""
    pytest.importorskip("sktime", reason="sktime is an optional extra (pip install \"skreservoir[sktime]\")")
    from joblib import parallel_config

    from skreservoir.classification import ESNTimeSeriesClassifier

    X, _ = panel
    X = X.transpose(0, 2, 1)  # sktime's numpy3D: (n_instances, n_channels, n_timepoints)
    labels = np.where(X[:, 0, :].mean(axis=1) > 0, "up", "down")
    kwargs = dict(reservoir=Reservoir(n_units=15, random_state=0), random_state=0)
    sequential = ESNTimeSeriesClassifier(**kwargs).fit(X, labels)
    with parallel_config(backend="threading"):
        parallel = ESNTimeSeriesClassifier(n_jobs=2, **kwargs).fit(X, labels)
        assert [t.n_jobs for t in parallel.transformers_] == [2] * len(parallel.transformers_)
        assert_allclose(parallel.predict_proba(X), sequential.predict_proba(X), rtol=1e-10)


@pytest.mark.parametrize("density", [0.1, 0.3, 1.0])
@pytest.mark.parametrize("n_series", [3, 10])
def test_n_jobs_states_do_not_depend_on_the_split(density, n_series):
    """Check n_jobs=2 bit for bit with the compiled sparse kernels, and to rounding where
    the whole panel takes the dense product (every chunk takes it too, but BLAS may
    round a row by its place in the kernel's blocks: on an AVX2 OpenBLAS, rows after
    the fourth of 10 moved by one unit in the last place when the panel was split)."""
    from joblib import parallel_backend

    X = np.random.default_rng(0).normal(size=(n_series, 20, 1))
    transformer = ESNTransformer(Reservoir(n_units=30, density=density, random_state=0),
                                 representation="last").fit(X)
    sequential = transformer.transform(X)
    with parallel_backend("threading"):
        split = transformer.set_params(n_jobs=2).transform(X)
    dense = n_series >= get_config()["dense_panel_min_series"] and density >= get_config()[
        "dense_panel_min_density"]
    if dense:
        np.testing.assert_allclose(split, sequential, rtol=1e-13, atol=1e-15)
    else:
        np.testing.assert_array_equal(split, sequential)


# -- classification -------------------------------------------------------------


def block_tasks(stream, label):
    """Keys of the per-block tasks of a reduction ``label`` that ran on the workers."""
    return {str(task["key"]) for task in stream.data if f"{label}-block" in str(task["key"])}


@pytest.mark.parametrize("decision", ["last", "mean", "vote"])
def test_esn_classifier_fit_on_dask_equals_the_in_memory_fit(client, panel, decision):
    """Check ESNClassifier.fit on a dask panel with labels per series: readout to 1e-10, one task per block."""
    X, _ = panel
    labels = np.where(X[:, :, 0].mean(axis=1) > 0, "up", "down")
    labels[::7] = "flat"  # three classes: three +1/-1 columns
    weights = np.random.default_rng(2).uniform(0.5, 2.0, size=48)
    params = dict(decision=decision, washout=5, include_input=True)
    reference = ESNClassifier(Reservoir(n_units=20, random_state=0), **params).fit(
        X, labels, sample_weight=weights
    )
    dX = da.from_array(X, chunks=(7, 40, 3))  # 7 blocks of unequal sizes
    with distributed.get_task_stream(client) as stream:
        clf = ESNClassifier(Reservoir(n_units=20, random_state=0), **params).fit(
            dX, labels, sample_weight=weights
        )
    assert len(block_tasks(stream, "esnclassifier-fit")) == 7
    assert clf.mode_ == "sequence"
    assert_array_equal(clf.classes_, reference.classes_)
    assert relative_error(clf.readout_.coef_, reference.readout_.coef_) < 1e-10
    assert relative_error(clf.readout_.intercept_, reference.readout_.intercept_) < 1e-10
    assert clf.readout_.n_samples_seen_ == reference.readout_.n_samples_seen_
    for method in ("predict", "predict_proba", "decision_function"):
        out = getattr(clf, method)(dX)
        assert isinstance(out, da.Array), method
        expected = getattr(reference, method)(X)
        if method == "predict":
            assert_array_equal(out.compute(), expected)
        else:
            assert_allclose(out.compute(), expected, rtol=1e-8, atol=1e-10)


def test_esn_classifier_frame_labels_on_dask(panel):
    """Check ESNClassifier.fit with a label per step on a dask panel against the in-memory fit."""
    X, _ = panel
    labels = np.where(X[:, :, 1] > 0.3, 2, np.where(X[:, :, 1] < -0.3, 0, 1))
    reference = ESNClassifier(Reservoir(n_units=20, random_state=1)).fit(X, labels)
    clf = ESNClassifier(Reservoir(n_units=20, random_state=1)).fit(
        da.from_array(X, chunks=(10, 40, 3)), da.from_array(labels, chunks=(16, 40))
    )
    assert clf.mode_ == "frame" and clf.washout_ == reference.washout_ > 0
    assert relative_error(clf.readout_.coef_, reference.readout_.coef_) < 1e-10
    proba = clf.predict_proba(da.from_array(X, chunks=(10, 40, 3)))
    assert proba.shape == (48, 40, 3)
    assert_allclose(proba.compute(), reference.predict_proba(X), rtol=1e-8, atol=1e-10)


def test_classifiers_refuse_a_single_class_on_dask(panel):
    """Check that ESNClassifier and RidgeReadoutClassifier fitted on a dask panel of one class
    raise the ValueError of the in-memory fit, naming the estimator."""


    X, _ = panel
    X_dask = da.from_array(X, chunks=(10, 40, 3))
    labels = da.from_array(np.zeros((48, 40), dtype=int), chunks=(16, 40))
    for model in (ESNClassifier(Reservoir(n_units=20, random_state=1)),
                  RidgeReadoutClassifier()):
        with pytest.raises(
            ValueError, match=rf"{type(model).__name__} needs samples of at least 2 classes"
        ):
            model.fit(X_dask, labels)


def test_ridge_readout_classifier_on_dask_equals_the_in_memory_fit(panel):
    """Check RidgeReadoutClassifier.fit (+1/-1 ridge) on a dask panel of features, and its decisions."""


    X, _ = panel
    labels = np.where(X[:, :, 2] > 0, "pos", "neg")
    weights = np.random.default_rng(3).uniform(0.5, 2.0, size=labels.shape)
    reference = RidgeReadoutClassifier(alpha=1e-2, washout=3).fit(X, labels, sample_weight=weights)
    dX = da.from_array(X, chunks=(9, 40, 3))
    readout = RidgeReadoutClassifier(alpha=1e-2, washout=3).fit(
        dX, da.from_array(labels, chunks=(9, 40)), sample_weight=weights
    )
    assert_array_equal(readout.classes_, ["neg", "pos"])
    assert relative_error(readout.coef_, reference.coef_) < 1e-10
    assert relative_error(readout.intercept_, reference.intercept_) < 1e-10
    assert_array_equal(readout.predict(dX).compute(), reference.predict(X))
    scores = readout.decision_function(dX)
    assert isinstance(scores, da.Array) and scores.shape == (48, 40)
    assert_allclose(scores.compute(), reference.decision_function(X), rtol=1e-8, atol=1e-10)


def test_classifier_fit_on_dask_names_the_ridge_readout():
    """Check that a readout without normal equations (logistic, FORCE) is refused with what to do."""
    from sklearn.linear_model import LogisticRegression

    from skreservoir import ForceReadoutClassifier

    X = da.from_array(np.random.default_rng(0).normal(size=(12, 20, 2)), chunks=(6, 20, 2))
    labels = np.array(["a", "b"] * 6)
    with pytest.raises(TypeError, match="needs a RidgeReadoutClassifier; got LogisticRegression"):
        ESNClassifier(Reservoir(n_units=10, random_state=0), LogisticRegression()).fit(X, labels)
    with pytest.raises(TypeError, match="got ForceReadoutClassifier.*partial_fit"):
        ESNClassifier(Reservoir(n_units=10, random_state=0), ForceReadoutClassifier()).fit(
            X, np.repeat(labels[:, None], 20, axis=1)
        )


# -- partial_fit ----------------------------------------------------------------


def test_ridge_partial_fit_on_dask_adds_exact_sums(panel):
    """Check that partial_fit of dask panels equals the in-memory fit of all series (1e-10)."""


    X, y = panel
    reference = RidgeReadout(alpha=1e-3, washout=2).fit(X, y)
    readout = RidgeReadout(alpha=1e-3, washout=2)
    for part in (slice(0, 20), slice(20, 21), slice(21, 48)):
        readout.partial_fit(da.from_array(X[part], chunks=(6, 40, 3)), y[part])
    assert relative_error(readout.coef_, reference.coef_) < 1e-10
    assert readout.n_samples_seen_ == reference.n_samples_seen_
    # a classifier: classes on the first call, as in memory
    labels = np.where(X[:, :, 0] > 0, "a", "b")
    dX = da.from_array(X, chunks=(8, 40, 3))
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        RidgeReadoutClassifier().partial_fit(dX, labels)
    clf = RidgeReadoutClassifier(alpha=1e-3).partial_fit(dX[:24], labels[:24], classes=["a", "b"])
    clf.partial_fit(dX[24:], labels[24:])
    expected = RidgeReadoutClassifier(alpha=1e-3).fit(X, labels)
    assert relative_error(clf.coef_, expected.coef_) < 1e-10
    with pytest.raises(ValueError, match=r"labels \['c'\] that are not in classes"):
        clf.partial_fit(dX[:8], np.full((8, 40), "c"))
    assert relative_error(clf.coef_, expected.coef_) < 1e-10  # unchanged by the error


def test_esn_partial_fit_on_dask_panels(client, panel):
    """Check ESNRegressor and ESNClassifier partial_fit on dask panels against in-memory partial_fit."""
    X, y = panel
    dX = da.from_array(X, chunks=(8, 40, 3))
    reference = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=4)
    reference.partial_fit(X[:24], y[:24]).partial_fit(X[24:], y[24:])
    with distributed.get_task_stream(client) as stream:
        esn = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=4)
        esn.partial_fit(dX[:24], y[:24]).partial_fit(dX[24:], y[24:])
    assert len(block_tasks(stream, "esnregressor-fit")) == 6  # 3 blocks per call
    assert relative_error(esn.readout_.coef_, reference.readout_.coef_) < 1e-10
    assert esn.readout_.n_samples_seen_ == reference.readout_.n_samples_seen_
    assert_allclose(esn.state_, reference.state_, rtol=1e-12)
    labels = np.where(X[:, :, 0] > 0, "a", "b")
    expected = ESNClassifier(Reservoir(n_units=20, random_state=0), washout=4)
    expected.partial_fit(X[:24], labels[:24], classes=["a", "b"]).partial_fit(X[24:], labels[24:])
    clf = ESNClassifier(Reservoir(n_units=20, random_state=0), washout=4)
    clf.partial_fit(dX[:24], labels[:24], classes=["a", "b"]).partial_fit(dX[24:], labels[24:])
    assert relative_error(clf.readout_.coef_, expected.readout_.coef_) < 1e-10
    with pytest.raises(ValueError, match="return_predictions"):
        esn.partial_fit(dX, y, return_predictions=True)
    with pytest.raises(ValueError, match="return_predictions"):
        clf.partial_fit(dX, labels, return_predictions=True)


def test_row_by_row_readouts_stream_dask_blocks_in_order(panel):
    """Check that FORCE and LMS partial_fit take the blocks in order: bit for bit the numpy result."""
    from skreservoir import LMSReadout

    X, y = panel
    for readout in (ForceReadout(washout=2), LMSReadout(learning_rate=1e-3)):
        expected = clone(readout).partial_fit(X, y[:, :, 0])
        streamed = clone(readout).partial_fit(da.from_array(X, chunks=(5, 40, 3)), y[:, :, 0])
        assert_array_equal(streamed.coef_, expected.coef_)
    # one series chunked along time: an ESN continues its stream block after block
    series, target = X[0], y[0, :, 0]
    expected = ESNRegressor(Reservoir(n_units=20, random_state=0), ForceReadout(), washout=5)
    expected.partial_fit(series, target)
    streamed = ESNRegressor(Reservoir(n_units=20, random_state=0), ForceReadout(), washout=5)
    streamed.partial_fit(da.from_array(series, chunks=(3, 3)), target)  # 14 blocks of 3 steps
    assert_array_equal(streamed.readout_.coef_, expected.readout_.coef_)
    assert_array_equal(streamed.state_, expected.state_)
    assert streamed.n_steps_seen_ == expected.n_steps_seen_ == 40
    # the same with a ridge readout: the stream's washout is counted across the blocks
    expected = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5)
    expected.partial_fit(series, target)
    streamed = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5)
    streamed.partial_fit(da.from_array(series, chunks=(3, 3)), target)
    assert relative_error(streamed.readout_.coef_, expected.readout_.coef_) < 1e-10
    assert streamed.readout_.n_samples_seen_ == expected.readout_.n_samples_seen_ == 35
    # a FORCE classifier: labels per step, classes on the first call
    from skreservoir import ForceReadoutClassifier

    labels = np.where(X[:, :, 0] > 0, "a", "b")
    expected = ForceReadoutClassifier().partial_fit(X, labels, classes=["a", "b"])
    streamed = ForceReadoutClassifier().partial_fit(
        da.from_array(X, chunks=(7, 40, 3)), labels, classes=["a", "b"]
    )
    assert_array_equal(streamed.coef_, expected.coef_)


def test_classifier_prediction_graph_has_one_task_per_block(panel):
    """Check that ESNClassifier.predict_proba of a dask panel is one task per block, the model once."""
    X, _ = panel
    labels = np.where(X[:, :, 0].mean(axis=1) > 0, "up", "down")
    clf = ESNClassifier(Reservoir(n_units=20, random_state=0), decision="mean").fit(X, labels)
    for n_steps in (40, 400):
        long = np.tile(X, (1, n_steps // 40, 1))
        out = clf.predict_proba(da.from_array(long, chunks=(6, n_steps, 3)))
        graph = dict(out.__dask_graph__())
        assert len(graph) == 2 * 8 + 1  # 8 input blocks, 8 tasks, the model
        assert out.shape == (48, 2)


def test_time_series_classifier_on_a_dask_panel(client):
    """Check ESNTimeSeriesClassifier fit/predict on a dask panel: vectors on the workers, same model."""
    pytest.importorskip("sktime", reason="sktime is an optional extra (pip install \"skreservoir[sktime]\")")
    from skreservoir.classification import ESNTimeSeriesClassifier

    rng = np.random.default_rng(4)
    X = rng.normal(size=(40, 2, 30)).cumsum(axis=2)  # sktime's numpy3D
    labels = np.where(X[:, 0, :].mean(axis=1) > 0, "up", "down")
    dX = da.from_array(X, chunks=(8, 2, 15))
    for params in (
        # the defaults (global standardisation, differences, octile proportions)
        dict(n_reservoirs=2, random_state=0),
        # the quartiles: here the temperature's objective has a clear minimum
        dict(n_reservoirs=2, ppv_quantiles=(0.25, 0.5, 0.75), random_state=0),
        dict(
            reservoir=Reservoir(n_units=15, random_state=0),
            representation="reservoir_model_space",
            n_components=4,
            standardize="series",
        ),
    ):
        reference = ESNTimeSeriesClassifier(**params).fit(X, labels)
        with distributed.get_task_stream(client) as stream:
            clf = ESNTimeSeriesClassifier(**params).fit(dX, labels)
        assert any("transform" in str(task["key"]) for task in stream.data)
        assert clf.inputs_ == reference.inputs_
        assert_allclose(clf._feature_mean, reference._feature_mean, rtol=1e-10, atol=1e-12)
        predictions = clf.predict(dX)
        assert isinstance(predictions, da.Array)
        assert_array_equal(predictions.compute(), reference.predict(X))
        assert_allclose(
            clf.classifier_.coef_, reference.classifier_.coef_, rtol=1e-8, atol=1e-10
        )
        proba = clf.predict_proba(dX).compute()
        assert_array_equal(clf.classes_[proba.argmax(axis=1)], reference.predict(X))
        if "ppv_quantiles" not in params and "reservoir" not in params:
            # with the default octiles the leave-one-out scores separate these
            # classes and the temperature's objective is flat at its minimum
            # (0.0305 and 0.0297 were found on the two paths, with coefficients
            # equal to 1e-8): the probabilities are compared through the
            # coefficients and the labels above
            continue
        # the temperature of the probabilities comes from a bounded scalar search
        # (tolerance 1e-5 on log T): features equal up to rounding may move it by that
        if reference.temperature_ is not None:
            assert_allclose(clf.temperature_, reference.temperature_, rtol=1e-4)
        assert_allclose(proba, reference.predict_proba(X), rtol=1e-4, atol=1e-8)
    with pytest.raises(ValueError, match="one label per instance"):
        ESNTimeSeriesClassifier().fit(dX, labels[:5])


def test_forecaster_ensemble_n_jobs_is_bit_identical(client):
    """Check ESNForecaster(n_ensemble=3, n_jobs=2): threads and dask's joblib backend, bit for bit."""
    pytest.importorskip("sktime", reason="sktime is an optional extra (pip install \"skreservoir[sktime]\")")
    import pandas as pd
    from joblib import parallel_config

    from skreservoir.forecasting import ESNForecaster

    y = pd.Series(np.sin(np.arange(120) * 0.3) + 0.1 * np.arange(120) ** 0.5)
    params = dict(reservoir=Reservoir(n_units=20, random_state=0), n_ensemble=3, random_state=0)
    fh = list(range(1, 11))
    sequential = ESNForecaster(**params).fit(y)
    expected = (sequential.predict(fh), sequential.predict_interval(fh, coverage=0.8))
    for backend in ("threading", "dask"):
        with distributed.get_task_stream(client) as stream, parallel_config(backend=backend):
            forecaster = ESNForecaster(n_jobs=2, **params).fit(y)
            got = (forecaster.predict(fh), forecaster.predict_interval(fh, coverage=0.8))
        for a, b in zip(got, expected):
            assert_array_equal(a.to_numpy(), b.to_numpy())
        for member, reference in zip(forecaster.estimators_, sequential.estimators_):
            assert_array_equal(member.readout_.coef_, reference.readout_.coef_)
        assert (len(stream.data) > 0) == (backend == "dask"), backend


def test_bare_reservoirs_fitted_on_a_dask_array():
    """A bare reservoir fitted on a dask panel keeps its weights on the host, as the
    ESNs' fit does (its weights were dask arrays, and transform of dask or numpy input
    raised "it was fitted with array_api_compat.dask.array arrays"): the states equal
    those of a fit on numpy. Intrinsic plasticity learns from every series."""
    rng = np.random.default_rng(0)
    panel = rng.normal(size=(8, 60, 2))
    chunked = da.from_array(panel, chunks=(4, -1, -1))
    for make in (lambda: Reservoir(n_units=20, random_state=0),
                 lambda: ReservoirStack([Reservoir(n_units=10, random_state=0),
                                         Reservoir(n_units=10, random_state=1)]),
                 lambda: IPReservoir(n_units=10, random_state=0)):
        expected = make().fit(panel).transform(panel)
        fitted = make().fit(chunked)
        assert_allclose(np.asarray(fitted.transform(panel)), expected, rtol=1e-12)
        assert_allclose(np.asarray(fitted.transform(chunked)), expected, rtol=1e-12)
        assert_allclose(np.asarray(make().fit_transform(chunked)), expected, rtol=1e-12)


def test_regressor_score_on_dask_arrays_equals_numpy():
    """ESNRegressor.score (and the skreservoir scorers) on dask arrays compute them
    first: the recurrence on dask slices built a graph of one task a time step (9 s for
    a 500-step series against 3 ms on numpy)."""
    from skreservoir.metrics import get_scorer

    rng = np.random.default_rng(0)
    series = np.sin(np.arange(700) / 7.0)[:, None] + 0.05 * rng.normal(size=(700, 1))
    X, y = series[:-1], series[1:, 0]
    esn = ESNRegressor(Reservoir(n_units=30, random_state=0), washout=20).fit(X[:400], y[:400])
    on_dask = esn.score(da.from_array(X[400:]), da.from_array(y[400:]))
    assert on_dask == pytest.approx(esn.score(X[400:], y[400:]), rel=1e-12)
    assert get_scorer("neg_nrmse")(esn, da.from_array(X[400:]), da.from_array(y[400:])) == \
        pytest.approx(get_scorer("neg_nrmse")(esn, X[400:], y[400:]), rel=1e-12)
    listed = esn.predict([da.from_array(X[400:500]), da.from_array(X[500:600])])
    assert_allclose(listed[1], esn.predict(X[500:600]), rtol=1e-12)


def test_a_dask_dataframe_is_told_to_become_an_array():
    """A dask DataFrame (anything with to_dask_array) is told to pass
    X.to_dask_array(lengths=True), not to stack delayed series."""

    class Frame:  # the two attributes a dask DataFrame has that the check reads
        def __dask_graph__(self):
            return {"key": 1}

        def to_dask_array(self, lengths=True):  # pragma: no cover - not called
            raise AssertionError

    with pytest.raises(TypeError, match=r"X\.to_dask_array\(lengths=True\)"):
        ESNRegressor().fit(Frame(), np.zeros(3))


def test_classifier_predict_of_a_list_of_dask_series_equals_numpy():
    """ESNClassifier.predict of a list of dask series computes them first, as the
    regressor's does (the recurrence on dask slices built a task a time step)."""
    rng = np.random.default_rng(0)
    panel = rng.normal(size=(6, 40, 2))
    labels = np.array([0, 1] * 3)
    clf = ESNClassifier(Reservoir(n_units=20, random_state=0), decision="mean").fit(panel, labels)
    listed = [da.from_array(series) for series in panel]
    assert_array_equal(clf.predict(listed), clf.predict(list(panel)))


def test_classifier_on_a_dask_panel_warns_of_classes_only_in_the_washout():
    """Check the dask fit of per-step labels keeps a class that only the washout holds in
    classes_ and says so, as the in-memory fit does (it kept it without a word)."""
    from skreservoir.exceptions import DataLayoutWarning

    rng = np.random.default_rng(0)
    X = rng.normal(size=(4, 100, 2))
    y = (X[:, :, 0] > 0).astype(int)
    y[:, :3] = 2
    with pytest.warns(DataLayoutWarning, match=r"labels \[2\] occur only in the first 25 "
                                               r"steps.*classes_ holds them"):
        clf = ESNClassifier(random_state=0).fit(da.from_array(X, chunks=(2, 100, 2)),
                                                da.from_array(y, chunks=(2, 100)))
    with pytest.warns(DataLayoutWarning, match="occur only"):
        in_memory = ESNClassifier(random_state=0).fit(X, y)
    assert clf.classes_.tolist() == in_memory.classes_.tolist() == [0, 1, 2]


def test_pandas_targets_with_a_dask_x_equal_their_values():
    """Check that a pandas Series (one series) or DataFrame (a panel, a row per series)
    as y with a dask X fits as its values do (a dask battery: dask's asarray of them
    failed inside pandas, 'Multi-dimensional indexing' and 'no attribute dtype')."""
    pd = pytest.importorskip("pandas", reason="pandas is not a core dependency (it comes with the sktime extra)")
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 3))
    y = pd.Series(X[:, 0].cumsum(), name="target")
    dX = da.from_array(X, chunks=(50, -1))
    assert_allclose(RidgeReadout().fit(dX, y).coef_,
                    RidgeReadout().fit(X, y.to_numpy()).coef_, rtol=1e-12)
    P = rng.standard_normal((20, 40, 3))
    Y = pd.DataFrame(P[..., 0].cumsum(axis=1))
    fitted = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5).fit(
        da.from_array(P, chunks=(5, -1, -1)), Y)
    reference = ESNRegressor(Reservoir(n_units=20, random_state=0), washout=5).fit(
        P, Y.to_numpy())
    assert relative_error(fitted.readout_.coef_, reference.readout_.coef_) < 1e-10


class _Recording:
    """A transformer that doubles its input and records the lengths it is called on."""

    def __init__(self, pooled=False):
        self.lengths, self.pooled = [], pooled

    def transform(self, X):
        self.lengths.append(len(X))
        return X.sum(axis=0, keepdims=True) if self.pooled else 2 * X


@pytest.mark.parametrize("pooled", [False, True])
def test_the_lazy_graph_of_one_long_series_runs_nothing_long(pooled):
    """Check that the lazy result of a method on one long 2D dask series takes its shape
    from short series (a dask battery: predict on 200,000 steps ran the whole series on
    the client to build the graph), for a result per step and one of fixed length, and
    that computing it gives the method's result."""
    from skreservoir._dask import META_ROWS, map_series_blocks

    X = np.random.default_rng(0).normal(size=(5000, 3))
    recording = _Recording(pooled)
    lazy = map_series_blocks(recording, "transform", da.from_array(X, chunks=(1000, 3)),
                             one_series=True)
    assert max(recording.lengths) <= META_ROWS + 13
    expected = X.sum(axis=0, keepdims=True) if pooled else 2 * X
    assert lazy.shape == expected.shape
    assert_allclose(lazy.compute(), expected)


@pytest.mark.parametrize("washout", [0, 7, 130])
def test_readout_on_rows_of_one_dask_series_sums_them_chunk_by_chunk(washout):
    """Check that a ridge readout fitted on a tall 2D dask array of rows (one series) equals
    its in-memory fit, with a washout inside or beyond the first chunk, weights, NaN
    targets and two outputs, for a classifier too, and that predict keeps the row chunks
    (a dask battery: the rows became one block, computed three times: 2.5 GB for 0.76
    GB of rows)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 6))
    y = np.c_[X @ rng.normal(size=6), X[:, 0] ** 2]
    y[::11, 1] = np.nan
    weights = rng.uniform(0.5, 2.0, size=400)
    dX = da.from_array(X, chunks=(100, 3))
    fitted = RidgeReadout(alpha=1e-3, washout=washout).fit(
        dX, da.from_array(y, chunks=(50, 2)), sample_weight=weights)
    reference = RidgeReadout(alpha=1e-3, washout=washout).fit(X, y, sample_weight=weights)
    assert_allclose(fitted.coef_, reference.coef_, rtol=1e-10, atol=1e-12)
    assert_allclose(fitted.intercept_, reference.intercept_, rtol=1e-10, atol=1e-12)
    assert fitted.n_samples_seen_ == reference.n_samples_seen_
    predicted = fitted.predict(dX)
    assert predicted.chunks[0] == dX.chunks[0]
    assert_allclose(predicted.compute(), reference.predict(X), rtol=1e-10, atol=1e-12)
    labels = (X[:, 0] > 0).astype(int)
    classifier = RidgeReadoutClassifier(washout=washout).fit(dX, labels)
    reference = RidgeReadoutClassifier(washout=washout).fit(X, labels)
    assert_allclose(classifier.coef_, reference.coef_, rtol=1e-10, atol=1e-12)
    assert_array_equal(classifier.predict(dX).compute(), reference.predict(X))


def test_esn_partial_fit_on_dask_takes_sample_weight():
    """Check that an ESN's partial_fit on a dask series or panel takes sample_weight and
    equals the in-memory partial_fit (a dask battery: refused, though fit and the
    readouts' partial_fit on dask took weights)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 2))
    y = np.sin(np.cumsum(X[:, 0]) / 5)
    w = rng.uniform(0.2, 2.0, 300)
    for readout in (RidgeReadout(), ForceReadout()):
        streamed = ESNRegressor(Reservoir(20, random_state=0), readout, washout=10).partial_fit(
            da.from_array(X, chunks=(100, 2)), y, sample_weight=w)
        reference = ESNRegressor(Reservoir(20, random_state=0), readout, washout=10).partial_fit(
            X, y, sample_weight=w)
        assert relative_error(streamed.readout_.coef_, reference.readout_.coef_) < 1e-10
    P = rng.normal(size=(6, 50, 2))
    labels = (np.sin(P[..., 0].cumsum(axis=1)) > 0).astype(int)
    W = rng.uniform(0.2, 2.0, (6, 50))
    summed = ESNClassifier(Reservoir(20, random_state=0), washout=10).partial_fit(
        da.from_array(P, chunks=(2, 50, 2)), labels, classes=[0, 1], sample_weight=W)
    reference = ESNClassifier(Reservoir(20, random_state=0), washout=10).partial_fit(
        P, labels, classes=[0, 1], sample_weight=W)
    assert relative_error(summed.readout_.coef_, reference.readout_.coef_) < 1e-10


def test_a_reservoir_adapting_on_the_first_block_only_warns():
    """Check that an ESN whose IPReservoir adapts on a dask panel of several blocks warns
    that it adapts on the first only (a dask battery: coefficients 4.4 times apart with
    blocks of 5 series, silently), and that one block does not warn."""
    from skreservoir.exceptions import ReservoirStateWarning

    rng = np.random.default_rng(0)
    X = rng.normal(size=(10, 40, 1))
    y = np.sin(X[..., 0].cumsum(axis=1))
    with pytest.warns(ReservoirStateWarning, match=r"adapts its IPReservoir on the first "
                                                   r"block of series only \(5 of 10 series"):
        ESNRegressor(IPReservoir(20, random_state=0), washout=5).fit(
            da.from_array(X, chunks=(5, 40, 1)), y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        ESNRegressor(IPReservoir(20, random_state=0), washout=5).fit(
            da.from_array(X, chunks=(10, 40, 1)), y)


def test_dask_messages_describe_the_array_given():
    """Check that a dask panel's per-series weights and a 1D dask X are refused with the
    shapes given and the fix (a dask battery: the weights were said to be a block's, "(5,)"
    of a (20,) given, and a 1D X was told to compute its chunk sizes)."""
    rng = np.random.default_rng(0)
    X = da.from_array(rng.normal(size=(20, 40, 2)), chunks=(5, 40, 2))
    y = rng.normal(size=(20, 40))
    with pytest.raises(ValueError, match=r"sample_weight must have one row per series and one "
                                         r"value per time step of X, shape \(20, 40\); got "
                                         r"\(20,\)"):
        ESNRegressor(Reservoir(10, random_state=0), washout=2).fit(X, y, sample_weight=np.ones(20))
    with pytest.raises(ValueError, match=r"got 1D of shape \(40,\) \(one series of one "
                                         r"feature: X\.reshape\(-1, 1\)\)"):
        ESNRegressor(Reservoir(10, random_state=0)).fit(da.from_array(np.ones(40)), np.ones(40))


def test_a_block_of_weights_all_zero_is_a_gap_not_an_error():
    """Check that a row chunk (or a block of series) whose weights are all 0, a masked gap,
    fits as in memory (a review: 'sample_weight is all zero' from that block alone), for
    a readout on rows, a classifier and an ESN's partial_fit, and that a result of half
    a series' length is not taken for a fixed length by the lazy graph."""
    from skreservoir._dask import map_series_blocks

    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 4))
    y = X @ rng.normal(size=4)
    weights = np.ones(300)
    weights[100:200] = 0.0  # the second chunk
    dX = da.from_array(X, chunks=(100, 4))
    assert_allclose(RidgeReadout().fit(dX, y, sample_weight=weights).coef_,
                    RidgeReadout().fit(X, y, sample_weight=weights).coef_, rtol=1e-10)
    labels = (X[:, 0] > 0).astype(int)
    assert_allclose(RidgeReadoutClassifier().fit(dX, labels, sample_weight=weights).coef_,
                    RidgeReadoutClassifier().fit(X, labels, sample_weight=weights).coef_,
                    rtol=1e-10)
    streamed = ESNRegressor(Reservoir(10, random_state=0), ForceReadout(), washout=5)
    streamed.partial_fit(dX, y, sample_weight=weights)
    reference = ESNRegressor(Reservoir(10, random_state=0), ForceReadout(), washout=5)
    reference.partial_fit(X, y, sample_weight=weights)
    assert relative_error(streamed.readout_.coef_, reference.readout_.coef_) < 1e-10
    # a block of series of weight 0 in a panel: ESN fits per step, per series, by vote
    P = rng.normal(size=(20, 30, 2))
    dP = da.from_array(P, chunks=(5, 30, 2))
    per_step = np.ones((20, 30))
    per_step[5:10] = 0.0
    per_series = np.ones(20)
    per_series[5:10] = 0.0
    series_labels = np.array([0, 1] * 10)
    cases = [
        (lambda: ESNRegressor(Reservoir(10, random_state=0)), P[..., 0] * 2, per_step),
        (lambda: ESNClassifier(Reservoir(10, random_state=0)), P[..., 0] > 0, per_step),
        (lambda: ESNClassifier(Reservoir(10, random_state=0)), series_labels, per_series),
        (lambda: ESNClassifier(Reservoir(10, random_state=0), decision="vote"),
         series_labels, per_series),
    ]
    for make, target, w in cases:
        on_dask = make().fit(dP, target, sample_weight=w)
        in_memory = make().fit(P, target, sample_weight=w)
        assert relative_error(on_dask.readout_.coef_, in_memory.readout_.coef_) < 1e-10
        # every weight 0: the in-memory message (the blocks' sums cannot tell it from NaN
        # targets)
        for fitted_on in (P, dP):
            with pytest.raises(ValueError, match="sample_weight is all zero"):
                make().fit(fitted_on, target, sample_weight=np.zeros_like(w))
    # positive weights in the washout only: said of the weights, as in memory
    in_washout = np.zeros(300)
    in_washout[:5] = 1.0
    for rows in (X, dX):
        with pytest.raises(ValueError, match="sample_weight leaves nothing to train on"):
            RidgeReadout(washout=5).fit(rows, y, sample_weight=in_washout)

    class Halving:
        def transform(self, X):
            return X[: len(X) // 2]

    lazy = map_series_blocks(Halving(), "transform", dX, one_series=True)
    assert lazy.shape == (150, 4)
    assert_allclose(lazy.compute(), X[:150])


def test_dask_label_and_target_messages_count_the_array_given():
    """Check that NaN labels of a dask panel are counted over the labels (a battery: '1
    missing label at position 2', the unique labels' count, for 7 at 0) and that a y of
    the wrong shape for rows of one series is said of the arrays given (a review: the
    first chunk's shapes)."""
    rng = np.random.default_rng(0)
    X = da.from_array(rng.normal(size=(20, 30, 2)), chunks=(5, 30, 2))
    labels = (rng.normal(size=(20, 30)) > 0).astype(float)
    labels[0, 0] = labels[3, 4] = labels[7, 1] = np.nan
    with pytest.raises(ValueError, match=r"has 3 missing label\(s\) \(NaN or None; the first "
                                         r"at position 0 of y\.ravel\(\)\)"):
        ESNClassifier(Reservoir(10, random_state=0), washout=2).fit(X, labels)
    rows = da.from_array(rng.normal(size=(300, 4)), chunks=(100, 4))
    with pytest.raises(ValueError, match=r"for X of shape \(300, 4\), one target \(or label\) "
                                         r"per row; got shape \(300, 1, 1\)\. Pass "
                                         r"y\.reshape\(300, -1\)"):
        RidgeReadout(washout=10).fit(rows, np.ones((300, 1, 1)))
    with pytest.raises(ValueError, match=r"got shape \(\)"):  # an IndexError before
        RidgeReadout().fit(rows, np.float64(1.0))
    # float labels of unknown chunk sizes: named before the count of NaN labels (a review:
    # "cannot convert float NaN to integer")
    unknown = da.from_array(np.nan_to_num(labels), chunks=(5, 30))
    unknown = unknown[unknown[:, 0] >= 0]
    with pytest.raises(ValueError, match=r"y is a dask array of unknown chunk sizes"):
        ESNClassifier(Reservoir(10, random_state=0)).fit(X, unknown)
    # and on a stream of one series' rows: y and sample_weight by name, not dask's "x"
    series = da.from_array(rng.normal(size=(60, 2)), chunks=(20, 2))
    target = da.from_array(rng.normal(size=60), chunks=20)
    for name, given in (("y", {"y": target[target > -10]}),
                        ("sample_weight", {"y": target,
                                           "sample_weight": da.ones(60, chunks=20)[target > -10]})):
        with pytest.raises(ValueError, match=rf"{name} is a dask array of unknown chunk sizes"):
            ESNRegressor(Reservoir(10, random_state=0), ForceReadout()).partial_fit(series,
                                                                                     **given)


def test_labels_in_memory_beside_a_dask_x_are_checked_as_in_memory():
    """Check labels given as a list, as strings of object dtype (pandas) and with missing
    values beside a dask X (a review: object labels crashed in dask's rechunking, a list
    with "no attribute ndim"): fitted as in memory, or refused with the in-memory count."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 30, 2))
    dX = da.from_array(X, chunks=(5, 30, 2))
    words = np.array(["up", "down"] * 10, dtype=object)
    for labels in (words, list(words), [0.0, 1.0] * 10):
        on_dask = ESNClassifier(Reservoir(10, random_state=0)).fit(dX, labels)
        in_memory = ESNClassifier(Reservoir(10, random_state=0)).fit(X, labels)
        assert_array_equal(on_dask.classes_, in_memory.classes_)
        assert relative_error(on_dask.readout_.coef_, in_memory.readout_.coef_) < 1e-10
    missing = words.copy()
    missing[3] = None
    for fitted_on in (X, dX):
        with pytest.raises(ValueError, match=r"1 missing label\(s\) \(NaN or None; the first "
                                             r"at position 3"):
            ESNClassifier(Reservoir(10, random_state=0)).fit(fitted_on, missing)
    # a readout classifier on rows counts missing labels in memory too ("Input y contains
    # NaN" before), as on dask
    rows = rng.normal(size=(300, 4))
    row_labels = (rows[:, 0] > 0).astype(float)
    row_labels[[150, 160]] = np.nan
    for fitted_on in (rows, da.from_array(rows, chunks=(100, 4))):
        for fit in (lambda r: r.fit(fitted_on, row_labels),
                    lambda r: r.partial_fit(fitted_on, row_labels, classes=[0.0, 1.0])):
            with pytest.raises(ValueError, match=r"2 missing label\(s\).*position 150"):
                fit(RidgeReadoutClassifier())
