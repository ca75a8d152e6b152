"""Tests of the compiled kernels: the blocked panel and the adaptive thread choice."""

import time
import warnings

import numba
import numpy as np
import pytest
from numpy.testing import assert_allclose

from skreservoir import _kernels, _threads
from skreservoir._panel import pool_states
from skreservoir._recurrence import (
    DENSE_PANEL_MIN_DENSITY,
    Noise,
    NumpyRecurrence,
    use_dense_product,
)
from skreservoir._weights import random_matrix
from skreservoir.esn._representation import pooled_statistics


def _recurrence(n_units, dtype, activation, leak_rate, density=0.1, seed=0):
    rng = np.random.default_rng(seed)
    W = random_matrix(rng, (n_units, n_units), density=density, distribution="normal",
                      sparse=True, dtype=np.float64)
    W = W * (0.9 / np.sqrt(n_units * density))
    return NumpyRecurrence(W.astype(dtype), rng.uniform(-1, 1, (n_units, 3)).astype(dtype),
                           rng.uniform(-0.2, 0.2, n_units).astype(dtype),
                           leak_rate=leak_rate, activation=activation)


@pytest.mark.parametrize("activation", ["tanh", "identity", "relu", "sigmoid"])
@pytest.mark.parametrize("leak_rate", [1.0, 0.3])
@pytest.mark.parametrize("dtype, atol", [("float64", 1e-12), ("float32", 1e-5)])
def test_blocked_panel_equals_run_series(activation, leak_rate, dtype, atol):
    """Check that the blocked panel gives run_series' states on every series.

    Unequal lengths (blocks whose series end at different steps), initial
    states and an extra drive (teacher-forced feedback), more series than
    one block holds.
    """
    rng = np.random.default_rng(1)
    recurrence = _recurrence(70, np.dtype(dtype), activation, leak_rate)
    Us = [rng.normal(size=(n, 3)) for n in rng.integers(1, 40, size=150)]
    x0s = rng.uniform(-0.5, 0.5, (len(Us), 70)).astype(dtype)
    extra = [rng.normal(scale=0.1, size=(len(u), 70)) for u in Us]
    panel = recurrence.run_panel(Us, x0s, extra=extra)
    for U, x0, e, states in zip(Us, x0s, extra, panel):
        assert states.dtype == np.dtype(dtype)
        assert_allclose(states, recurrence.run_series(U, x0, extra=e), rtol=0, atol=atol)


@pytest.mark.parametrize("block", [1, 3, 8, 64])
@pytest.mark.parametrize("threaded", [False, True])
def test_blocked_kernels_agree_for_any_block_size(block, threaded):
    """Check that the blocked kernels (one thread, threaded) give the one-series loop's states,
    their last rows, their means and their pooled statistics (with thresholds), for any
    block size.

    The reference drive is numpy's ``U @ W_in.T + bias``; the kernels make
    it per step from the inputs.
    """
    kernel = _kernels.csr_blocks_kernel if threaded else _kernels.csr_blocks_serial_kernel
    if kernel is None:
        pytest.skip("numba runs on one thread")
    rng = np.random.default_rng(2)
    recurrence = _recurrence(50, np.dtype("float64"), "tanh", 0.5)
    lengths = rng.integers(6, 30, size=20).astype(np.int64)
    inputs = rng.normal(size=(20, 30, 3))
    x0s = rng.uniform(-0.5, 0.5, (20, 50))
    reference = inputs @ recurrence.W_in.T + recurrence.bias
    for s in range(20):
        _kernels.csr_series_kernel(*recurrence._csr_unsigned, reference[s, :lengths[s]],
                                   x0s[s], 0.5, 0, np.zeros((1, 1)), 0.0)
    order = np.argsort(-lengths, kind="stable")
    weights = (*recurrence._csr_unsigned, *recurrence._csr_in, recurrence.bias, inputs, x0s,
               lengths, order, block)
    no_thresholds = np.zeros((0, 50))
    states = np.full((20, 30, 50), 7.0)
    kernel(*weights, _kernels.POOLING_CODES[None], 0, no_thresholds, 0.5, 0, states)
    last = np.empty((20, 1, 50))
    kernel(*weights, _kernels.POOLING_CODES["last"], 0, no_thresholds, 0.5, 0, last)
    mean = np.empty((20, 1, 50))
    kernel(*weights, _kernels.POOLING_CODES["mean"], 5, no_thresholds, 0.5, 0, mean)
    thresholds = rng.uniform(-0.5, 0.5, (2, 50))
    pooled = np.empty((20, 1, 6 * 50))
    kernel(*weights, _kernels.POOLING_CODES["pooled"], 5, thresholds, 0.5, 0, pooled)
    for s in range(20):
        assert_allclose(states[s, :lengths[s]], reference[s, :lengths[s]], rtol=0, atol=1e-12)
        assert np.all(states[s, lengths[s]:] == 7.0)  # after its end a series is left as it was
        assert_allclose(last[s, 0], reference[s, lengths[s] - 1], rtol=0, atol=1e-12)
        assert_allclose(mean[s, 0], reference[s, 5:lengths[s]].mean(axis=0), rtol=0,
                        atol=1e-12)
        assert_allclose(pooled[s, 0],
                        pooled_statistics([reference[s, :lengths[s]]], 5, thresholds)[0],
                        rtol=0, atol=1e-12)


@pytest.mark.parametrize("pooling", ["last", "mean"])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
@pytest.mark.parametrize("dtype, atol", [("float64", 1e-12), ("float32", 2e-6)])
def test_run_pooled_equals_the_pooled_panel(pooling, activation, dtype, atol):
    """Check that the kernel's pooling equals pool_states of run_panel's states.

    Unequal lengths, initial states, a washout and more series than one
    block holds.
    """
    rng = np.random.default_rng(4)
    recurrence = _recurrence(70, np.dtype(dtype), activation, 0.3)
    Us = [rng.normal(size=(n, 3)) for n in rng.integers(8, 40, size=150)]
    x0s = rng.uniform(-0.5, 0.5, (len(Us), 70)).astype(dtype)
    pooled = recurrence.run_pooled(Us, x0s, pooling, washout=5)
    assert pooled.shape == (150, 70) and pooled.dtype == np.dtype(dtype)
    assert_allclose(pooled, pool_states(recurrence.run_panel(Us, x0s), pooling, 5), rtol=0,
                    atol=atol)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
@pytest.mark.parametrize("dtype, atol", [("float64", 1e-12), ("float32", 2e-6)])
@pytest.mark.parametrize("washout, n_thresholds", [(0, 0), (5, 0), (5, 3)])
@pytest.mark.parametrize("lengths", ["equal", "unequal"])
def test_run_pooled_statistics_equal_pooled_statistics(activation, dtype, atol, washout,
                                                       n_thresholds, lengths):
    """Check that "pooled" in the kernel equals pooled_statistics of run_panel's states.

    [mean, std, last, ppv, ppv above each threshold], the statistics after
    washout, in the dtype of the states; initial states, more series than
    one block holds, series of one length and of several (blocks whose
    series end at different steps). A state counted wrongly would move its
    proportion by 1 / n >= 1 / 40.
    """
    rng = np.random.default_rng(4)
    recurrence = _recurrence(70, np.dtype(dtype), activation, 0.3)
    sizes = np.full(150, 30) if lengths == "equal" else rng.integers(8, 40, size=150)
    Us = [rng.normal(size=(n, 3)) for n in sizes]
    x0s = rng.uniform(-0.5, 0.5, (len(Us), 70)).astype(dtype)
    thresholds = rng.uniform(-0.5, 0.5, (n_thresholds, 70)) if n_thresholds else None
    pooled = recurrence.run_pooled(Us, x0s, "pooled", washout, thresholds)
    assert pooled.shape == (150, (4 + n_thresholds) * 70) and pooled.dtype == np.dtype(dtype)
    expected = pooled_statistics(recurrence.run_panel(Us, x0s), washout, thresholds)
    assert_allclose(pooled, expected, rtol=0, atol=atol)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_run_pooled_std_of_a_saturated_unit(dtype):
    """Check the standard deviation of a saturated unit: states about 1 - 2e-7 that vary by
    1e-7 (a bias of 8, tanh(8 + small)), float32 states a few steps of 6e-8 apart.

    ``E[x**2] - E[x]**2`` loses about 47 of float64's 53 bits here (and in
    float32 sums every bit): its std was 10% to 100% off. Welford's update,
    in float64, is within 1e-4 of the std of the states taken in float64.
    """
    rng = np.random.default_rng(9)
    n_units = 20
    W = random_matrix(rng, (n_units, n_units), density=0.2, distribution="normal",
                      sparse=True, dtype=np.float64) * 0.3
    W_in = rng.uniform(-0.1, 0.1, (n_units, 3))
    bias = rng.uniform(-0.2, 0.2, n_units)
    bias[0] = 8.0  # unit 0 saturated
    recurrence = NumpyRecurrence(W.astype(dtype), W_in.astype(dtype), bias.astype(dtype),
                                 leak_rate=1.0, activation="tanh")
    Us = [rng.normal(size=(400, 3)) for _ in range(40)]
    x0s = np.zeros((40, n_units), dtype=dtype)
    states = recurrence.run_panel(Us, x0s, as_array=True)
    unit = states[:, 10:, 0].astype(np.float64)
    std = unit.std(axis=1)
    assert np.all(unit > 0.9999) and np.all((std > 1e-8) & (std < 1e-6))
    pooled = recurrence.run_pooled(Us, x0s, "pooled", washout=10)
    assert_allclose(pooled[:, n_units], std, rtol=1e-4)  # the std block, unit 0
    assert_allclose(pooled[:, 0], unit.mean(axis=1), rtol=1e-7)
    # the numpy path (PCA, other backends) in float64 too: in float32 its std was
    # off by up to 389 % here
    numpy_path = pooled_statistics(list(states), washout=10)
    assert numpy_path.dtype == states.dtype
    assert_allclose(numpy_path[:, n_units], std, rtol=1e-4)
    assert_allclose(numpy_path[:, 0], unit.mean(axis=1), rtol=1e-7)


def test_run_pooled_only_where_the_blocked_kernel_runs_a_bounded_activation():
    """Check that run_pooled declines (None: the caller pools the states) for an unbounded
    activation, noise, the pure numpy path and a dense product."""
    rng = np.random.default_rng(5)
    Us = list(rng.normal(size=(20, 10, 3)))
    x0s = np.zeros((20, 70))
    assert _recurrence(70, np.dtype("float64"), "relu", 1.0).run_pooled(Us, x0s, "mean") is None
    recurrence = _recurrence(70, np.dtype("float64"), "tanh", 1.0)
    assert recurrence.run_pooled(Us, x0s, "mean") is not None
    assert recurrence.run_pooled(Us[:1], x0s[:1], "mean") is None  # one series: run_series
    recurrence.dense_panel_min_density = 0.0
    assert recurrence.run_pooled(Us, x0s, "mean") is None
    W, W_in, bias = recurrence.W, recurrence.W_in, recurrence.bias
    noisy = NumpyRecurrence(W, W_in, bias, leak_rate=1.0, activation="tanh", noise=0.1,
                            rng=Noise(0))
    assert noisy.run_pooled(Us, x0s, "mean") is None
    plain = NumpyRecurrence(W, W_in, bias, leak_rate=1.0, activation="tanh", compiled=False)
    assert plain.run_pooled(Us, x0s, "mean") is None


def test_blocked_panel_with_many_inputs_precomputes_the_drive():
    """Check the blocked panel when W_in has more nonzeros than W (the drive computed
    before the kernel, entering through an identity W_in): run_series' states."""
    rng = np.random.default_rng(6)
    W = random_matrix(rng, (30, 30), density=0.1, distribution="normal", sparse=True,
                      dtype=np.float64) * 0.5
    recurrence = NumpyRecurrence(W, rng.uniform(-1, 1, (30, 40)), rng.uniform(-0.2, 0.2, 30),
                                 leak_rate=0.5, activation="tanh")
    assert recurrence._csr_in[2].size > W.nnz
    Us = [rng.normal(size=(n, 40)) for n in rng.integers(1, 20, size=24)]
    x0s = np.zeros((24, 30))
    for U, states in zip(Us, recurrence.run_panel(Us, x0s)):
        assert_allclose(states, recurrence.run_series(U, np.zeros(30)), rtol=0, atol=1e-12)
    assert_allclose(recurrence.run_pooled(Us, x0s, "mean"),
                    [recurrence.run_series(U, np.zeros(30)).mean(axis=0) for U in Us],
                    rtol=0, atol=1e-12)


def test_dense_product_rule():
    """Check the measured rule: with the compiled kernels, dense only from the crossover density."""
    assert use_dense_product(500, 2000, 8, 8)  # no compiled kernels: from min_series on
    assert not use_dense_product(500, 4, 8, 8)
    assert not use_dense_product(500, 2000, 8, 8, density=0.1)
    assert use_dense_product(500, 2000, 8, 8, density=DENSE_PANEL_MIN_DENSITY)
    assert not use_dense_product(20_000, 2000, 8, 8, density=0.5)  # the copy would be too big


def test_panel_block_size_fits_cache_and_threads():
    """Check that the block's states fit the budget and that every thread gets a block."""
    assert _kernels.panel_block_size(500, 2000, 8, 2) == 64
    assert _kernels.panel_block_size(1000, 2000, 8, 2) == 32
    assert _kernels.panel_block_size(1000, 2000, 4, 2) == 64
    assert _kernels.panel_block_size(500, 2000, 4, 2) == 128
    assert _kernels.panel_block_size(500, 10, 8, 2) == 4
    size = _kernels.panel_block_size(5000, 2000, 8, 2)
    assert 2 * 5000 * size * 8 <= _kernels.BLOCK_STATE_BYTES or size == 4


def test_run_adaptive_runs_every_item_once_and_prefers_the_faster(monkeypatch):
    """Check that the adaptive runner covers every item once and mostly uses the faster kernel."""
    monkeypatch.setattr(_threads, "_SECONDS_PER_WORK", {})
    done = np.zeros(400, dtype=int)
    used = []

    def slow(start, stop):
        time.sleep(0.002 * (stop - start) / 10)

    def fast(start, stop):
        pass

    def run(kernel, start, stop):
        kernel(start, stop)
        done[start:stop] += 1
        used.append(kernel)

    _threads.run_adaptive("test", run, slow, fast, 400, chunk=10, probe=2)
    assert np.all(done == 1)
    # each tried twice: a warm-up piece (one-off costs, not measured), then a probe
    assert used[:4] == [slow, slow, fast, fast]
    assert used.count(fast) >= 0.8 * len(used)
    assert slow in used[2:]  # the slower is probed again
    assert _threads._SECONDS_PER_WORK["test"]["interval"] > _threads.REPROBE_EVERY  # backoff
    # the next call starts from what was measured
    used.clear()
    _threads.run_adaptive("test", run, slow, fast, 5, chunk=10)
    assert used == [fast]


def test_run_adaptive_probe_replaces_a_stale_rate(monkeypatch):
    """Check that a probe of the slower kernel that now measures faster wins at once."""
    monkeypatch.setattr(_threads, "_SECONDS_PER_WORK", {})
    # a threaded rate remembered from a slow first call (page faults, load)
    _threads._SECONDS_PER_WORK["stale"] = {"parallel": 1.0, "serial": 1e-3,
                                           "since": _threads.REPROBE_EVERY,
                                           "interval": _threads.REPROBE_EVERY}
    used = []

    def run(kernel, start, stop):
        time.sleep(0.0005 if kernel == "serial" else 0.0)
        used.append(kernel)

    _threads.run_adaptive("stale", run, "parallel", "serial", 40, chunk=10, probe=10)
    assert used[0] == "parallel"  # the due probe
    assert used[1:] == ["parallel"] * (len(used) - 1)  # measured faster now: kept
    assert _threads._SECONDS_PER_WORK["stale"]["parallel"] < 1e-3


def test_run_adaptive_shortens_the_probe_of_a_much_slower_kernel(monkeypatch):
    """Check that with shortest_probe a probe lasts about probe items of the faster kernel."""
    monkeypatch.setattr(_threads, "_SECONDS_PER_WORK", {})
    clock = [0.0]
    monkeypatch.setattr(time, "perf_counter", lambda: clock[0])
    cost = {"parallel": 8.0, "serial": 1.0}  # seconds per item: threads 8 times slower
    pieces = []

    def run(kernel, start, stop):
        clock[0] += cost[kernel] * (stop - start)
        pieces.append((kernel, stop - start))

    _threads.run_adaptive("short", run, "parallel", "serial", 400, chunk=32, probe=16,
                          shortest_probe=3)
    # neither measured yet: a warm-up piece, then a full probe, each
    assert pieces[:4] == [("parallel", 16), ("parallel", 16), ("serial", 16), ("serial", 16)]
    later = [length for kernel, length in pieces[4:] if kernel == "parallel"]
    assert later and all(length == 3 for length in later)  # 16 / 8 = 2, not below 3
    # a kernel measured about as fast (1.25 times slower): the probe stays long
    _threads._SECONDS_PER_WORK["short"] = {"parallel": 1.25, "serial": 1.0,
                                           "since": _threads.REPROBE_EVERY,
                                           "interval": _threads.REPROBE_EVERY}
    pieces.clear()
    _threads.run_adaptive("short", run, "parallel", "serial", 40, chunk=32, probe=16,
                          shortest_probe=3)
    assert pieces[0] == ("parallel", 12)  # int(16 / 1.25)


def test_run_adaptive_does_not_measure_a_kernels_first_piece(monkeypatch):
    """Check that a kernel's first piece of a kind (its one-off costs: loading from
    numba's cache, starting threads) is not taken as its rate: a serial kernel whose
    first piece is slow is still chosen over a threaded one slower when warm (a first
    ESNForecaster fit on busy cores kept a stalling threaded kernel at 6.4 s)."""
    monkeypatch.setattr(_threads, "_SECONDS_PER_WORK", {})
    clock = [0.0]
    monkeypatch.setattr(time, "perf_counter", lambda: clock[0])
    runs = {"parallel": 0, "serial": 0}
    pieces = []

    def run(kernel, start, stop):
        first = runs[kernel] == 0
        runs[kernel] += 1
        per_item = {"parallel": 10.0, "serial": 1.0}[kernel]
        clock[0] += (1000.0 if first and kernel == "serial" else 0.0) + per_item * (stop - start)
        pieces.append(kernel)

    _threads.run_adaptive("warm", run, "parallel", "serial", 2000, chunk=100, probe=10)
    rates = _threads._SECONDS_PER_WORK["warm"]
    assert rates["serial"] == pytest.approx(1.0) and rates["parallel"] == pytest.approx(10.0)
    assert pieces[4:].count("serial") > 0.8 * len(pieces[4:])


def test_run_adaptive_without_threads_runs_serially_in_one_piece():
    """Check that without a threaded kernel everything runs on the serial one, in one call."""
    calls = []
    _threads.run_adaptive("test-serial", lambda k, a, b: calls.append((k, a, b)), None, "s",
                          100, chunk=10)
    assert calls == [("s", 0, 100)]


@pytest.mark.parametrize("noise_scale,activation,leak", [(0.0, 0, 0.3), (0.05, 0, 0.3),
                                                         (0.0, 2, 1.0), (0.05, 3, 0.5)])
def test_adaptive_series_equals_one_thread_loop(monkeypatch, noise_scale, activation, leak):
    """Check that a series run in pieces on either kernel equals the one-piece serial loop."""
    if _kernels.csr_series_rows_kernel is None:
        pytest.skip("numba runs on one thread")
    monkeypatch.setattr(_threads, "_SECONDS_PER_WORK", {})
    monkeypatch.setattr(_kernels, "SERIES_PIECE_STEPS", 50)
    rng = np.random.default_rng(3)
    recurrence = _recurrence(320, np.dtype("float64"), "tanh", 0.3)
    drive = rng.normal(size=(420, 320))
    noise = rng.normal(size=(420, 320)) if noise_scale else np.zeros((1, 1))
    x0 = rng.uniform(-0.5, 0.5, 320)
    reference = drive.copy()
    _kernels.csr_series_kernel(*recurrence._csr_unsigned, reference, x0, leak, activation,
                               noise, noise_scale)
    states = drive.copy()
    kernel = _kernels.series_kernel(320)
    assert kernel is not _kernels.csr_series_kernel
    kernel(*recurrence._csr_unsigned, states, x0, leak, activation, noise, noise_scale)
    assert_allclose(states, reference, rtol=0, atol=1e-12)


def test_dense_panel_min_density_is_a_setting():
    """The density from which a panel densifies W is set_config's, and reaches the
    recurrence: states are equal either way."""
    import skreservoir
    from skreservoir import Reservoir

    assert skreservoir.get_config()["dense_panel_min_density"] == DENSE_PANEL_MIN_DENSITY
    panel = np.random.default_rng(0).normal(size=(12, 30, 2))
    reservoir = Reservoir(60, density=0.1, random_state=0).fit(panel)
    blocked = reservoir.transform(panel)
    with skreservoir.config_context(dense_panel_min_density=0.0):
        assert reservoir._recurrence().dense_panel_min_density == 0.0
        np.testing.assert_allclose(reservoir.transform(panel), blocked, rtol=1e-12, atol=1e-14)
    with pytest.raises(ValueError, match="dense_panel_min_density"):
        skreservoir.set_config(dense_panel_min_density=-1)


_CACHE_PROBE = """
import sys, numpy as np, scipy.sparse as sp
from skreservoir import _kernels as K
W = sp.random(30, 30, density=0.2, format="csr", random_state=0)
W_in = sp.csr_array(np.ones((30, 2)))
args = (W.indptr.astype(np.uint32), W.indices.astype(np.uint32), W.data,
        W_in.indptr.astype(np.uint32), W_in.indices.astype(np.uint32), W_in.data, np.zeros(30),
        np.zeros((4, 5, 2)), np.zeros((4, 30)), np.full(4, 5, np.int64),
        np.arange(4, dtype=np.int64), 4, 0, 0, np.zeros((0, 30)), 0.5, 0, np.zeros((4, 5, 30)))
kernel = K.csr_blocks_serial_kernel if sys.argv[1] == "serial" else K.csr_blocks_kernel
kernel(*args)
print(sum(kernel.stats.cache_hits.values()))
"""


@pytest.mark.skipif(_kernels.csr_blocks_kernel is None, reason="numba runs on one thread")
def test_serial_and_parallel_variants_have_their_own_cache(tmp_path):
    """Check that the parallel panel kernel never loads the serial one's cached code."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path))

    def cache_hits(variant):
        out = subprocess.run([sys.executable, "-c", _CACHE_PROBE, variant], env=env,
                             capture_output=True, text=True, check=True)
        return int(out.stdout.strip().splitlines()[-1])

    assert cache_hits("serial") == 0  # compiled and cached
    assert cache_hits("parallel") == 0  # its own compilation, not the serial code
    assert cache_hits("parallel") == 1  # now from its own cache entry


def test_float32_tanh_is_within_float32_rounding_of_tanh():
    """Check the float32 kernels' tanh (float32 arithmetic) against tanh in float64."""
    z = np.concatenate([np.linspace(-25, 25, 20001), np.linspace(-1e-3, 1e-3, 2001),
                        [0.0, -0.0, 1e-30, 9.0, 10.0, 20.0, 1e6, -1e6]]).astype(np.float32)
    ours = np.array([_kernels._tanh32(v) for v in z])  # float32 values, boxed as floats
    assert np.array_equal(ours.astype(np.float32), ours)
    exact = np.tanh(z.astype(np.float64))
    # numpy's own float32 tanh is within 6e-8 of it; float32's spacing at 1 is 1.2e-7
    assert np.max(np.abs(ours - exact)) < 1.5e-7
    assert np.all(np.abs(ours) <= 1.0)
    assert np.all(ours * z >= 0)  # odd; below about 3e-8 it rounds to zero (absolute error)


@pytest.mark.parametrize("n_units, index_dtype", [(300, np.uint16), (2**16 + 10, np.uint32)])
def test_series_kernel_index_width_follows_the_columns(n_units, index_dtype):
    """Check that the kernels read 16-bit column indices where the columns fit and
    32-bit ones beyond 65536 columns, and that the states equal the reference loop's
    (compiled=False) either way, the last columns included."""
    rng = np.random.default_rng(5)
    W = random_matrix(rng, (n_units, n_units), density=min(0.1, 20 / n_units),
                      distribution="normal", sparse=True, dtype=np.float64)
    W = W * (0.9 / np.sqrt(W.nnz / n_units))
    W_in, bias = rng.uniform(-1, 1, (n_units, 1)), rng.uniform(-0.2, 0.2, n_units)
    U = rng.uniform(-1, 1, (6, 1))
    compiled = NumpyRecurrence(W, W_in, bias, leak_rate=0.5, activation="tanh")
    reference = NumpyRecurrence(W, W_in, bias, leak_rate=0.5, activation="tanh",
                                compiled=False)
    assert compiled._csr_unsigned[1].dtype == index_dtype
    assert compiled._csr_unsigned[1].max() == W.indices.max() >= n_units - 100
    x0 = rng.uniform(-0.5, 0.5, n_units)
    assert_allclose(compiled.run_series(U, x0), reference.run_series(U, x0), rtol=0,
                    atol=1e-13)


def test_run_adaptive_runs_serially_until_the_threaded_kernel_is_ready(monkeypatch):
    """Check that the threaded kernel is used only from the piece at which it is ready."""
    monkeypatch.setattr(_threads, "_SECONDS_PER_WORK", {})
    used, asked = [], []
    ready_after = 3  # the third question is answered "compiled"

    def ready():
        asked.append(len(used))
        return len(asked) >= ready_after

    def run(kernel, start, stop):
        used.append((kernel, start, stop))

    _threads.run_adaptive("bg", run, "parallel", "serial", 100, chunk=10, probe=5,
                          parallel_ready=ready)
    # asked only after the serial kernel ran (and so was compiled) and was measured: its
    # warm-up piece, then its probe
    assert asked[0] == 2
    assert [k for k, _, _ in used[:ready_after + 1]] == ["serial"] * (ready_after + 1)
    assert used[ready_after + 1][0] == "parallel"  # probed as soon as it was ready
    covered = np.zeros(100, dtype=int)
    for _, start, stop in used:
        covered[start:stop] += 1
    assert np.all(covered == 1)


def test_compiled_in_background_compiles_the_signature_in_a_thread(monkeypatch):
    """Check that a kernel not compiled for the arguments' types compiles beside the caller."""
    monkeypatch.setattr(_threads, "_COMPILING", {})
    monkeypatch.setattr(_threads, "BACKGROUND_COMPILATION", True)  # conftest: foreground

    @numba.njit
    def double(x):
        return 2 * x

    args = (np.ones(3),)
    assert not _threads.compiled_in_background(double, args)  # started
    assert len(_threads._COMPILING) == 1
    next(iter(_threads._COMPILING.values())).join()
    assert _threads.compiled_in_background(double, args)
    assert len(double.overloads) == 1  # compiled by the thread, not by a call
    assert not _threads.compiled_in_background(double, (np.ones(3, dtype=np.float32),))
    _threads._join_compilations()
    assert len(double.overloads) == 2

    # without background compilation (the test suite's setting): compiled at once
    monkeypatch.setattr(_threads, "BACKGROUND_COMPILATION", False)
    assert _threads.compiled_in_background(double, (np.ones(3, dtype=np.int32),))
    assert len(double.overloads) == 3


def test_compiled_in_background_without_a_dispatcher_or_a_thread(monkeypatch):
    """Check that a plain function (numba's NUMBA_DISABLE_JIT=1 leaves the kernels as
    Python functions) counts as compiled, and that a thread that cannot start (at
    interpreter shutdown from Python 3.12) leaves the one-thread kernel running."""
    import threading

    monkeypatch.setattr(_threads, "_COMPILING", {})
    monkeypatch.setattr(_threads, "BACKGROUND_COMPILATION", True)  # conftest: foreground

    def plain(x):
        return 2 * x

    assert _threads.compiled_in_background(plain, (np.ones(3),))

    @numba.njit
    def double(x):
        return 2 * x

    def refuse(self):
        raise RuntimeError("can't create new thread at interpreter shutdown")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    assert not _threads.compiled_in_background(double, (np.ones(3),))
    assert not _threads._COMPILING and not double.overloads


def test_background_compilation_leaves_the_callers_warnings_alone(monkeypatch):
    """Check that a kernel compiling in the background neither takes the warnings the
    caller raises meanwhile nor puts back, when it ends, warning state the caller has
    changed since: numba's type inference runs in warnings.catch_warnings(record=True),
    process-wide; a ForecastDivergenceWarning raised while it ran went to numba's list
    (the first forecast of a process with an empty numba cache, held at the bound,
    warned nothing), and the caller's recorder outlived its block."""
    monkeypatch.setattr(_threads, "_COMPILING", {})
    monkeypatch.setattr(_threads, "BACKGROUND_COMPILATION", True)  # conftest: foreground
    before = (list(warnings.filters), warnings.showwarning)

    @numba.njit(parallel=True)
    def busy(x):  # a few hundred milliseconds of type inference and lowering
        total = 0.0
        for i in numba.prange(x.shape[0]):
            total += np.sin(x[i]) * np.cos(x[i]) + np.exp(-x[i]) + np.tanh(x[i]) ** 2
        return total

    assert not _threads.compiled_in_background(busy, (np.ones(3),))
    thread = next(iter(_threads._COMPILING.values()))
    blocks = 0
    while thread.is_alive() or blocks == 0:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warnings.warn("raised by the caller", UserWarning)
        assert [str(w.message) for w in caught] == ["raised by the caller"], blocks
        blocks += 1
    thread.join()
    assert len(busy.overloads) == 1
    assert (list(warnings.filters), warnings.showwarning) == before


def test_loaded_in_background_loads_once_beside_the_caller(monkeypatch):
    """Check that loaded_in_background runs its load once in a compile thread (None until
    it has ended), keeps the result, gives None for good when the load raised, and loads
    in the foreground, errors included, without background compilation."""
    import threading

    monkeypatch.setattr(_threads, "_LOADED", {})
    monkeypatch.setattr(_threads, "_COMPILING", {})
    monkeypatch.setattr(_threads, "BACKGROUND_COMPILATION", True)  # conftest: foreground
    release, calls = threading.Event(), []

    def load():
        calls.append(threading.current_thread().name)
        release.wait(10)
        return "kernel"

    assert _threads.loaded_in_background("a", load) is None  # started
    assert _threads.loaded_in_background("a", load) is None  # still running
    release.set()
    _threads._join_compilations()
    assert _threads.loaded_in_background("a", load) == "kernel"
    assert calls == [_threads.COMPILE_THREAD_NAME]  # once, in a compile thread

    def fail():
        raise RuntimeError("no compiler")

    assert _threads.loaded_in_background("b", fail) is None
    _threads._join_compilations()
    assert _threads.loaded_in_background("b", fail) is None
    assert _threads._LOADED["b"] is None  # for good: not started again

    monkeypatch.setattr(_threads, "BACKGROUND_COMPILATION", False)
    assert _threads.loaded_in_background("c", lambda: "now") == "now"
    with pytest.raises(RuntimeError, match="no compiler"):
        _threads.loaded_in_background("d", fail)


def test_loaded_in_background_without_a_thread(monkeypatch):
    """Check that a load whose thread cannot start (at interpreter shutdown from Python
    3.12) gives None, leaves nothing for a fork to wait for, and is not tried again."""
    import threading

    monkeypatch.setattr(_threads, "_LOADED", {})
    monkeypatch.setattr(_threads, "_COMPILING", {})
    monkeypatch.setattr(_threads, "BACKGROUND_COMPILATION", True)  # conftest: foreground

    def refuse(self):
        raise RuntimeError("can't create new thread at interpreter shutdown")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    assert _threads.loaded_in_background("a", lambda: "kernel") is None
    assert not _threads._COMPILING
    _threads._join_compilations()
    assert _threads.loaded_in_background("a", lambda: "kernel") is None
