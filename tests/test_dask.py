"""Tests of dask panels through the estimators (skreservoir._dask) and of n_jobs."""

import os
import pickle
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

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
    config_context,
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
    assert esn.readout_.n_samples_seen_ == 48 * (40 - esn.washout_)


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
        assert [t.n_jobs for t in parallel.transformers_] == [2]
        assert_allclose(parallel.predict_proba(X), sequential.predict_proba(X), rtol=1e-10)


@pytest.mark.parametrize("density", [0.1, 0.3, 1.0])
@pytest.mark.parametrize("n_series", [3, 10])
def test_n_jobs_states_do_not_depend_on_the_split(density, n_series):
    """Check n_jobs=2 bit for bit, also where the whole panel takes the dense product."""
    from joblib import parallel_backend

    X = np.random.default_rng(0).normal(size=(n_series, 20, 1))
    transformer = ESNTransformer(Reservoir(n_units=30, density=density, random_state=0),
                                 representation="last").fit(X)
    sequential = transformer.transform(X)
    with parallel_backend("threading"):
        split = transformer.set_params(n_jobs=2).transform(X)
    np.testing.assert_array_equal(split, sequential)
