"""Spectral radius of large and small matrices: accuracy, speed path, caching."""

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal

from skreservoir import _weights
from skreservoir._weights import random_matrix, scale_to_spectral_radius, spectral_radius


def _dense_radius(W):
    dense = W.toarray() if sp.issparse(W) else np.asarray(W)
    return np.max(np.abs(np.linalg.eigvals(dense)))


@pytest.mark.parametrize("n_units,density", [(150, 0.1), (400, 0.1), (1000, 0.02)])
def test_spectral_radius_equals_dense_eigvals_up_to_exact_limit(n_units, density):
    """Check that up to EXACT_RADIUS_MAX_UNITS units the radius is exact to 1e-8."""
    W = random_matrix(np.random.default_rng(0), (n_units, n_units), density=density,
                      distribution="normal", sparse=True, dtype=np.float64)
    assert_allclose(spectral_radius(W), _dense_radius(W), rtol=1e-8)


@pytest.mark.parametrize("n_units,density,seed", [(300, 0.05, 24), (600, 0.1, 24)])
def test_drawn_reservoirs_where_arpack_stops_inside_the_edge_get_the_radius_asked(
        n_units, density, seed):
    """Check two drawn reservoirs whose ARPACK Ritz value (one asked for) was an eigenvalue
    just inside the edge of the spectrum (a battery: scaled to 1.00101 and 1.00026 for a
    radius of 1.0, and spectral_radius_ said 1.0): the second look finds the edge, by
    dense eigenvalues (300 units) and by three Ritz values (600)."""
    from skreservoir import Reservoir

    _weights._RADIUS_CACHE.clear()
    reservoir = Reservoir(n_units, spectral_radius=1.0, density=density,
                          random_state=seed).fit(np.zeros((2, 1)))
    assert_allclose(_dense_radius(reservoir.W_), 1.0, rtol=1e-9)
    first = np.random.default_rng(0).standard_normal(n_units)
    from scipy.sparse.linalg import eigs

    alone = np.abs(eigs(reservoir.W_.astype(np.float64), k=1, which="LM", v0=first, tol=1e-10,
                        ncv=min(_weights.EXACT_RADIUS_NCV, n_units - 1),
                        return_eigenvectors=False)).max()
    assert alone < 1.0 - 1e-5  # the miss the check is there for (scipy's ARPACK here)


@pytest.mark.parametrize("sparse", [True, False])
def test_large_spectral_radius_within_documented_accuracy(monkeypatch, sparse):
    """Check that the large-matrix path (float32 ARPACK) is within SPECTRAL_RADIUS_RTOL."""
    monkeypatch.setattr(_weights, "EXACT_RADIUS_MAX_UNITS", 100)
    monkeypatch.setattr(_weights, "DENSE_EIG_MAX_UNITS", 100)
    monkeypatch.setattr(_weights, "_RADIUS_CACHE", type(_weights._RADIUS_CACHE)())
    W = random_matrix(np.random.default_rng(1), (600, 600), density=0.1,
                      distribution="uniform", sparse=sparse, dtype=np.float64)
    assert_allclose(spectral_radius(W), _dense_radius(W), rtol=_weights.SPECTRAL_RADIUS_RTOL)


def _large_path(monkeypatch):
    monkeypatch.setattr(_weights, "EXACT_RADIUS_MAX_UNITS", 100)
    monkeypatch.setattr(_weights, "DENSE_EIG_MAX_UNITS", 100)
    monkeypatch.setattr(_weights, "_RADIUS_CACHE", type(_weights._RADIUS_CACHE)())


def _no_arpack(*args, **kwargs):
    raise AssertionError("ARPACK ran")


@pytest.mark.parametrize("distribution,density,seed", [
    ("normal", 0.1, 0), ("uniform", 0.05, 1), ("bernoulli", 0.2, 2), ("normal", 1.0, 3),
])
def test_unrestarted_arnoldi_radius_within_documented_accuracy(monkeypatch, distribution,
                                                               density, seed):
    """Check that the unrestarted Arnoldi path gives the radius within SPECTRAL_RADIUS_RTOL, without ARPACK."""
    _large_path(monkeypatch)
    monkeypatch.setattr(_weights, "UNRESTARTED_MIN_ROW_NONZEROS", 1)
    monkeypatch.setattr(_weights, "eigs", _no_arpack)
    W = random_matrix(np.random.default_rng(seed), (700, 700), density=density,
                      distribution=distribution, sparse=density < 0.5, dtype=np.float64)
    assert_allclose(spectral_radius(W), _dense_radius(W), rtol=_weights.SPECTRAL_RADIUS_RTOL)


def test_unrestarted_arnoldi_hands_over_to_arpack_when_its_basis_is_full(monkeypatch):
    """Check that when UNRESTARTED_MAX_VECTORS products do not converge, ARPACK gives the radius."""
    _large_path(monkeypatch)
    monkeypatch.setattr(_weights, "UNRESTARTED_MIN_ROW_NONZEROS", 1)
    monkeypatch.setattr(_weights, "UNRESTARTED_MAX_VECTORS", 12)
    calls = []
    arpack = _weights.eigs
    monkeypatch.setattr(_weights, "eigs", lambda *a, **k: calls.append(1) or arpack(*a, **k))
    W = random_matrix(np.random.default_rng(4), (500, 500), density=0.1,
                      distribution="normal", sparse=True, dtype=np.float64)
    assert_allclose(spectral_radius(W), _dense_radius(W), rtol=_weights.SPECTRAL_RADIUS_RTOL)
    assert calls


def test_unrestarted_arnoldi_is_exact_on_an_invariant_subspace():
    """Check that a matrix of three distinct eigenvalues ends the iteration after three products, exactly."""
    rng = np.random.default_rng(0)
    Q, _ = np.linalg.qr(rng.standard_normal((300, 300)))
    eigenvalues = np.repeat([-2.5, 1.0, 0.5], 100)
    W = (Q * eigenvalues) @ Q.T
    products = []

    def matvec(x):
        products.append(1)
        return (W @ x).astype(np.float32)

    v0 = rng.standard_normal(300).astype(np.float32)
    radius = _weights._unrestarted_radius(matvec, v0, 1e-3, 50)
    assert_allclose(radius, 2.5, rtol=1e-5)
    assert len(products) == 3


def test_unrestarted_arnoldi_gives_none_when_it_does_not_converge():
    """Check the None that hands a matrix over to ARPACK."""
    W = random_matrix(np.random.default_rng(5), (400, 400), density=0.2,
                      distribution="normal", sparse=False, dtype=np.float64)
    v0 = np.random.default_rng(0).standard_normal(400).astype(np.float32)
    assert _weights._unrestarted_radius(lambda x: W @ x, v0, 1e-3, 5) is None


def test_spectral_radius_is_cached_per_matrix(monkeypatch):
    """Check that a second call on an equal matrix reuses the radius, and a different one does not."""
    monkeypatch.setattr(_weights, "_RADIUS_CACHE", type(_weights._RADIUS_CACHE)())
    W = random_matrix(np.random.default_rng(0), (300, 300), density=0.1,
                      distribution="normal", sparse=True, dtype=np.float64)
    radius = spectral_radius(W)
    calls = []
    monkeypatch.setattr(_weights, "eigs", lambda *a, **k: calls.append(1))
    assert spectral_radius(W.copy()) == radius
    assert not calls
    with pytest.raises(TypeError):  # a changed matrix is not in the cache: eigs runs
        spectral_radius(W * 2.0)
    assert calls


def test_bernoulli_draw_has_the_right_number_of_distinct_sorted_positions(monkeypatch):
    """Check that the Bernoulli draw of large matrices gives exactly round(density * size) nonzeros."""
    monkeypatch.setattr(_weights, "BERNOULLI_DRAW_MIN_ENTRIES", 1000)
    W = random_matrix(np.random.default_rng(0), (200, 300), density=0.3,
                      distribution="normal", sparse=True, dtype=np.float64)
    assert W.nnz == 18000
    assert W.has_sorted_indices
    assert np.count_nonzero(W.toarray()) == 18000
    # every column and row is hit about equally often (uniform positions)
    assert_allclose(W.toarray().astype(bool).mean(axis=0), 0.3, atol=0.15)


def test_bernoulli_draw_positions_are_uniform():
    """Check that every position is about equally likely under the Bernoulli draw."""
    counts = np.zeros(100)
    for seed in range(400):
        counts[_weights._bernoulli_positions(np.random.default_rng(seed), 100, 30)] += 1
    assert_allclose(counts / 400, 0.3, atol=0.08)


def test_small_draws_are_unchanged():
    """Check that below BERNOULLI_DRAW_MIN_ENTRIES the positions are numpy's choice, as before."""
    rng = np.random.default_rng(3)
    W = random_matrix(np.random.default_rng(3), (100, 100), density=0.2,
                      distribution="normal", sparse=True, dtype=np.float64)
    positions = np.sort(rng.choice(10000, 2000, replace=False))
    values = rng.standard_normal(2000)
    rows, cols = np.divmod(positions, 100)
    assert_array_equal(W.toarray()[rows, cols], values)


def test_bernoulli_draw_count_is_exact_after_surplus_or_shortfall():
    """Check that the Bernoulli draw gives exactly n distinct sorted positions, whichever way it corrects."""
    corrections = set()
    for seed in range(60):
        rng = np.random.default_rng(seed)
        positions = _weights._bernoulli_positions(rng, 500, 150)
        assert len(positions) == 150
        assert np.all(np.diff(positions) > 0)
        assert 0 <= positions[0] and positions[-1] < 500
        # the Bernoulli count before the correction, from the same stream
        rng = np.random.default_rng(seed)
        n_gaps = int(150 + 8 * np.sqrt(150) + 16)
        kept = np.count_nonzero(np.cumsum(rng.geometric(0.3, n_gaps)) - 1 < 500)
        corrections.add(np.sign(kept - 150))
    assert {-1, 1} <= corrections  # both the removal and the addition ran


@pytest.mark.parametrize("block_shift", [12, 6])
def test_threaded_and_one_thread_products_agree(block_shift):
    """Check that both compiled CSR products, in one column block or several, equal scipy's."""
    from skreservoir import _kernels

    W = random_matrix(np.random.default_rng(0), (300, 300), density=0.1,
                      distribution="normal", sparse=True, dtype=np.float64)
    # columns out of order and a repeated entry: the blocks take any CSR
    rows = np.repeat(np.arange(300), np.diff(W.indptr))
    order = np.lexsort((-W.indices, rows))  # each row's columns in decreasing order
    data, indices = np.append(W.data[order], 1.5), np.append(W.indices[order], 7)
    indptr = W.indptr.copy()
    indptr[-1] += 1  # the extra entry (row 299, column 7) repeats one of its columns or not
    unsorted = sp.csr_array((data, indices, indptr), shape=W.shape)
    x = np.random.default_rng(1).standard_normal(300)
    kernels = [k for k in (_kernels.csr_matvec_kernel, _kernels.csr_matvec_serial_kernel) if k]
    n_blocks = -(-300 >> block_shift)
    for index_dtype in (np.uint16, np.uint32):
        blocks = (np.empty((n_blocks, 301), np.uint32), np.empty(unsorted.nnz, index_dtype),
                  np.empty(unsorted.nnz))
        _kernels.column_blocks_kernel(indptr, indices, data, block_shift, *blocks)
        for kernel in kernels:
            out = np.empty(300)
            kernel(*blocks, x, out)
            assert_allclose(out, unsorted @ x, rtol=1e-12)


def test_column_blocks_split_the_product_where_rows_are_long(monkeypatch):
    """Check that the float32 product runs in column blocks where rows have enough nonzeros, and equals W @ x."""
    monkeypatch.setattr(_weights, "MATVEC_BLOCK_COLUMNS", 64)
    monkeypatch.setattr(_weights, "MATVEC_BLOCK_MIN_ROW_NONZEROS", 8)
    from skreservoir import _kernels

    blocks = []
    original = _kernels.column_blocks_kernel
    monkeypatch.setattr(_kernels, "column_blocks_kernel",
                        lambda *args: blocks.append(args[4].shape[0]) or original(*args))
    x = np.random.default_rng(1).standard_normal(300).astype(np.float32)
    # 60 per row: 12 in each of 5 blocks; 15 per row: one block, W's own order
    for density, expected in ((0.2, [5]), (0.05, [])):
        blocks.clear()
        W = random_matrix(np.random.default_rng(0), (300, 300), density=density,
                          distribution="normal", sparse=True, dtype=np.float64)
        assert_allclose(_weights._float32_operator(W).matvec(x), W @ x, rtol=1e-4, atol=1e-5)
        assert blocks == expected


def test_hessenberg_solve_equals_dense_solve():
    """Check that the O(k^2) Hessenberg solve equals numpy's dense solve, pivoting or not."""
    from skreservoir._kernels import hessenberg_solve_kernel

    rng = np.random.default_rng(0)
    H = np.triu(rng.standard_normal((40, 40)), -1) + 3 * np.eye(40)
    H[5, 4] = 50.0  # a row swap
    rhs = rng.standard_normal(40) + 1j * rng.standard_normal(40)
    shift = 0.5 - 0.25j
    assert_allclose(hessenberg_solve_kernel(H, shift, rhs),
                    np.linalg.solve(H - shift * np.eye(40), rhs), rtol=1e-10)


def test_hessenberg_solve_at_an_eigenvalue_stays_finite():
    """Check that a shift equal to an eigenvalue (a zero pivot) gives a large, finite
    solution along its eigenvector, as inverse iteration needs (a 1e-300 pivot gave
    inf, then NaN in the Rayleigh quotient)."""
    from skreservoir._kernels import hessenberg_solve_kernel

    x = hessenberg_solve_kernel(np.diag([2.0, 1.0]), 2.0, np.array([1e10, 1.0], complex))
    assert np.all(np.isfinite(x))
    assert abs(x[0]) > 1e20 * abs(x[1])


def test_unrestarted_arnoldi_computes_every_ritz_value_rarely(monkeypatch):
    """Check that between its dense eigvals the iteration follows its Ritz pair, and stays within SPECTRAL_RADIUS_RTOL."""
    rng = np.random.default_rng(0)
    Q, _ = np.linalg.qr(rng.standard_normal((700, 700)))
    moduli, angles = np.sqrt(rng.uniform(0, 1, 350)), rng.uniform(0, np.pi, 350)
    D = np.zeros((700, 700))  # a normal matrix of eigenvalues uniform in the unit disk
    for i, (re, im) in enumerate(zip(moduli * np.cos(angles), moduli * np.sin(angles))):
        D[2 * i:2 * i + 2, 2 * i:2 * i + 2] = [[re, im], [-im, re]]
    W = (Q @ D @ Q.T).astype(np.float32)
    calls = []
    eigvals = np.linalg.eigvals
    monkeypatch.setattr(np.linalg, "eigvals", lambda M: calls.append(len(M)) or eigvals(M))
    v0 = rng.standard_normal(700).astype(np.float32)
    radius = _weights._unrestarted_radius(lambda x: W @ x, v0, 1e-3, 640)
    assert_allclose(radius, moduli.max(), rtol=_weights.SPECTRAL_RADIUS_RTOL)
    # at 30, 60, 120 and 240 products, and where the followed pair met the criterion
    # (the earlier schedule, extrapolating residuals, ran it 10 times here)
    assert len(calls) <= 5


def test_compiled_removal_equals_np_delete():
    """Check that the in-place compiled removal of the large draw equals np.delete."""
    from skreservoir import _kernels

    rng = np.random.default_rng(0)
    positions = np.cumsum(rng.geometric(0.3, 1000)) - 1
    for drop in ([], [0], [999], [0, 1, 2, 998, 999], rng.choice(1000, 50, replace=False)):
        drop = np.sort(np.asarray(drop, dtype=np.int64))
        values = positions.copy()
        kept = _kernels.remove_entries_kernel(values, drop)
        assert_array_equal(values[:kept], np.delete(positions, drop))


@pytest.mark.parametrize("sparse", [True, False])
def test_scaling_without_copy_scales_the_drawn_matrix_in_place(sparse):
    """Check that copy=False scales a matrix of the same dtype in place, and copy=True leaves it."""
    W = random_matrix(np.random.default_rng(0), (300, 300), density=0.1,
                      distribution="normal", sparse=sparse, dtype=np.float64)
    original = W.copy()
    radius = spectral_radius(W)
    scaled = scale_to_spectral_radius(W, 0.5)
    assert_array_equal(W.toarray() if sparse else W, original.toarray() if sparse else original)
    in_place = scale_to_spectral_radius(W, 0.5, copy=False)
    for result in (scaled, in_place):
        dense = result.toarray() if sparse else result
        assert_allclose(dense, (original.toarray() if sparse else original) * 0.5 / radius)
    assert np.shares_memory(in_place.data if sparse else in_place, W.data if sparse else W)
    as_float32 = scale_to_spectral_radius(original.copy(), 0.5, np.float32, copy=False)
    assert as_float32.dtype == np.float32


def test_drawn_reservoir_radius_is_cached_by_its_draw_not_a_hash(monkeypatch):
    """Check that a drawn W's radius is cached by its seed and draw parameters (no hash of its arrays), and a refit reuses it."""
    from skreservoir import Reservoir

    monkeypatch.setattr(_weights, "_RADIUS_CACHE", type(_weights._RADIUS_CACHE)())

    def no_hash(W):
        raise AssertionError("the drawn W was hashed")

    monkeypatch.setattr(_weights, "_fingerprint", no_hash)
    X = np.zeros((5, 1))
    first = Reservoir(n_units=300, random_state=0).fit(X).W_
    monkeypatch.setattr(_weights, "eigs", _no_arpack)
    again = Reservoir(n_units=300, random_state=0).fit(X).W_
    assert_array_equal(again.toarray(), first.toarray())
    assert_allclose(_dense_radius(again), 1.0, rtol=1e-8)
    # another seed or density is another matrix: its radius is computed
    for params in ({"random_state": 1}, {"random_state": 0, "density": 0.2}):
        with pytest.raises(AssertionError, match="ARPACK ran"):
            Reservoir(n_units=300, **params).fit(X)


def test_large_draws_are_unchanged(monkeypatch):
    """Check that above BERNOULLI_DRAW_MIN_ENTRIES W for a seed is the Bernoulli process written out (the radius cache keys a drawn W by its seed)."""
    monkeypatch.setattr(_weights, "BERNOULLI_DRAW_MIN_ENTRIES", 1000)
    for seed, n_nonzero in ((1, 2000), (4, 1999)):
        W = random_matrix(np.random.default_rng(seed), (100, 100), density=n_nonzero / 1e4,
                          distribution="normal", sparse=True, dtype=np.float64)
        rng = np.random.default_rng(seed)
        n_gaps = int(n_nonzero + 8 * np.sqrt(n_nonzero) + 16)
        positions = np.cumsum(rng.geometric(n_nonzero / 1e4, n_gaps)) - 1
        positions = positions[positions < 1e4]
        surplus = len(positions) - n_nonzero
        assert surplus > 0  # these seeds remove entries (the other branch: the test above)
        positions = np.delete(positions, rng.choice(len(positions), surplus, replace=False))
        values = rng.standard_normal(n_nonzero)
        rows, cols = np.divmod(positions, 100)
        assert W.nnz == n_nonzero
        assert_array_equal(W.toarray()[rows, cols], values)
