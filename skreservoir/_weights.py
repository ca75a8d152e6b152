"""Random weight matrices: sparse or dense draws and spectral-radius scaling."""

import hashlib
from collections import OrderedDict
from contextlib import closing

import numpy as np
import scipy.linalg
import scipy.sparse as sp
from scipy.sparse.linalg import ArpackNoConvergence, eigs

from skreservoir._threads import one_blas_thread


def column_index_dtype(n_columns):
    """The compiled kernels' CSR column indices: 16-bit up to 65,536 columns, else 32-bit.

    Less to read per nonzero: the spectral radius's float32 product took
    5.2-5.6 ms against 6.0-6.2 ms (10,000 units, density 0.1), one step of a
    1000-unit series 47 us against 51.5 (serial kernel, side by side).
    """
    return np.uint16 if n_columns <= 2**16 else np.uint32

#: Columns per block (a power of 2) of the spectral radius's sparse product
#: (:func:`skreservoir._kernels._matvec`): their part of the vector, 16 KiB
#: in float32, stays in a core's L1 cache (32 KiB on the test machine)
#: while the block's gathers read it.
MATVEC_BLOCK_COLUMNS = 4096

#: The product is split into column blocks only where rows have this many
#: nonzeros in each block (on average), else it runs in one: the per-row
#: work of every block (its offsets, the running sum) outweighs the cache
#: misses saved below. In CPU time, side by side: 10,000 units at density
#: 0.1 (3 blocks, 333 per row in each) took 0.54 to 0.83 times as long in
#: blocks; 20,000 units with 256 per row took 1.06 to 1.09 times as long
#: in 5 blocks (51 in each), 1.0 to 1.1 in blocks of 8192 columns
#: (``benchmarks/bench_radius_matvec.py``, whose ``two_blocks`` are those).
MATVEC_BLOCK_MIN_ROW_NONZEROS = 128

#: Recurrent matrices drawn with a density below this are stored as CSR.
SPARSE_DENSITY_THRESHOLD = 0.5

#: Up to this many units the spectral radius is computed by a dense eigvals.
DENSE_EIG_MAX_UNITS = 200

#: How many times a nilpotent draw of a recurrent matrix (spectral radius 0) is
#: drawn again (:func:`draw_not_nilpotent`).
MAX_NILPOTENT_REDRAWS = 20


def draw_not_nilpotent(draw, radius_of):
    """``draw()`` again while ``radius_of`` its matrix is 0 (nilpotent: it cannot be scaled
    to a spectral radius), up to :data:`MAX_NILPOTENT_REDRAWS` times.

    ``radius_of(W)`` gives the radius, or None where it is not measured (kept
    as drawn). A first draw that is not nilpotent is kept, so a seed whose
    draw was fine draws as it did. Returns ``(W, radius)``, radius 0.0 for a
    matrix still nilpotent after every redraw.
    """
    for _ in range(MAX_NILPOTENT_REDRAWS + 1):
        W = draw()
        radius = radius_of(W)
        if radius is None or radius > 0.0:
            return W, radius
    return W, 0.0


#: Up to this many units the ARPACK radius is checked by dense eigenvalues
#: (:func:`_checked_radius`; 60 ms at 400 units on one thread, about ARPACK's
#: own time there); above, by ARPACK asked for
#: :data:`RADIUS_CHECK_RITZ_VALUES` values (which found 2 of the 3 misses
#: above 300 units in a battery's 136 draws; 4 found the third, 6 did not).
DENSE_CHECK_MAX_UNITS = 400

#: Ritz values ARPACK is asked for by the check of :func:`_checked_radius`.
RADIUS_CHECK_RITZ_VALUES = 3

#: Up to this many units ARPACK runs to a tolerance of 1e-10, as it always
#: did (the same W for the same seed, to about 1e-11); above, to
#: :data:`SPECTRAL_RADIUS_RTOL`.
EXACT_RADIUS_MAX_UNITS = 2000

#: The most restarts ARPACK makes before the radius is computed otherwise (dense
#: eigenvalues). Random reservoirs of 200 to 2000 units (density 0.1; normal,
#: uniform and +-1 weights; five seeds each) converged within 100; a matrix whose
#: largest eigenvalues share their modulus never does (a ring, an orthogonal
#: matrix: every eigenvalue of modulus 1), and ARPACK ran to its former limit of
#: 20 restarts per unit before that fallback: 20 s for a 300-unit ring, 77 s at
#: 1000 units. A run that converges within the cap is as it was; about 1 in 25
#: default reservoirs of 600 to 1000 units needed more (and converged off the
#: radius: 1.0019 for ``Reservoir(1000, random_state=1)``'s 1.0) and now get the
#: dense eigenvalues' exact radius, ten times faster.
ARPACK_MAX_RESTARTS = 150

#: Krylov subspace size of the 1e-10 ARPACK runs. ARPACK's default (20)
#: converged to an inner eigenvalue of a 1000-unit reservoir of density 0.02
#: (1.1% below the radius); 40 found the radius to 2e-11 on it and on
#: reservoirs of 300, 1000 and 2000 units at density 0.1, in the same time.
EXACT_RADIUS_NCV = 40

#: The relative accuracy of the spectral radius above
#: :data:`EXACT_RADIUS_MAX_UNITS` units. ARPACK's tolerance is on the Ritz
#: residual; on random reservoirs of 2000 and 4000 units the radius it gives
#: was within 3e-5 of a dense ``eigvals``; at 10,000 units (density 0.1)
#: within 3e-6 of ARPACK run to 1e-6, and at 100,000 units (density 1e-4)
#: within 1e-5 of ARPACK run to 1e-5 with 400 vectors (see
#: :data:`LARGE_RADIUS_NCV` for a case 128 vectors got wrong). Scaling to a
#: spectral radius needs no more: a reservoir of radius 0.9 +- 0.0009
#: behaves as one of 0.9.
SPECTRAL_RADIUS_RTOL = 1e-3

#: Krylov subspace size of the large-matrix ARPACK runs. The default (20)
#: converges to an eigenvalue inside the spectrum of a large random matrix,
#: whose outermost eigenvalues crowd the circle's edge: at 5000 units it gave
#: 22.34 for a radius of 22.72; 128 takes 250 to 320 products at 2000 and
#: 4000 units and finds the radius. At 100,000 units (density 1e-4) 128 is
#: too few: on one of three matrices it stopped at an inner eigenvalue,
#: 0.37% low (3.16576 for 3.177655, the radius found with 400 vectors to
#: 1e-5); 192 was within 1e-5 on all three, and took fewer products (1143,
#: 1713 and a fit of 6.1 s against 10.0 s). At 10,000 units (density 0.1)
#: the two took about as many products (953 and 948 on one matrix; 128 took
#: 507 on another) and a fit took 9.3 s against 11.3 s.
#: Those products are the cost of a big reservoir's fit: its outermost
#: eigenvalues lie within a fraction of a percent of each other, and a
#: Krylov method needs hundreds of products to tell them apart (an
#: unrestarted Arnoldi needed 375 at 10,000 units to a residual of 1e-3;
#: block Krylov methods of 8 and 16 vectors were 1% low after 384 and 512
#: products; ``benchmarks/study_radius_block.py``: to ARPACK's criterion on
#: three 10,000-unit reservoirs, 336 to 441 single products against 275 to
#: 300 passes of 2 vectors (550 to 600 vectors to orthogonalise) and more
#: than 160 passes of 4: no fewer passes over W for the work).
#: Fewer vectors where the basis would exceed
#: :data:`LARGE_RADIUS_BASIS_BYTES`.
LARGE_RADIUS_NCV = 192

#: From this many nonzeros per row on (on average), the large-matrix radius
#: is found by an Arnoldi iteration without restarts
#: (:func:`_unrestarted_radius`), ARPACK's restarts otherwise. A restart
#: keeps a few vectors of the basis and throws the rest of the Krylov
#: subspace away; where a product costs more than orthogonalising against a
#: few hundred vectors, keeping the whole subspace is cheaper. On three
#: 10,000-unit reservoirs of density 0.1 (1,000 nonzeros per row) the
#: unrestarted iteration reached ARPACK's criterion (residual 1e-3) after
#: 330 to 440 products where ARPACK with 192 vectors took 953 on the first;
#: at 100,000 units and density 1e-4 (10 per row) orthogonalising against
#: hundreds of vectors of 100,000 entries costs more than the products.
UNRESTARTED_MIN_ROW_NONZEROS = 256

#: The most vectors of an unrestarted Arnoldi basis; beyond them (not
#: reached on the reservoirs above) ARPACK takes over.
UNRESTARTED_MAX_VECTORS = 640

#: The most memory the Krylov basis of the large-matrix runs may take
#: (float32 vectors): 192 vectors up to 350,000 units, fewer above.
LARGE_RADIUS_BASIS_BYTES = 2**28

#: Matrices of more entries than this draw the positions of their nonzeros
#: as a Bernoulli process (:func:`_bernoulli_positions`: geometric gaps,
#: then as many positions removed or added as make the count exact): numpy's
#: ``choice`` without replacement would shuffle every entry (3 s at 10,000
#: units), a boolean mask of every entry took 1.9 s. Below it, ``choice`` as
#: before (the same W for the same seed).
BERNOULLI_DRAW_MIN_ENTRIES = 2**24

_RADIUS_CACHE = OrderedDict()
_RADIUS_CACHE_SIZE = 8


def too_large(what, shape, density, fix, error=None):
    """A MemoryError naming the matrix that could not be drawn, its size and ``fix``.

    numpy's own said "Unable to allocate 711. PiB for an array with shape
    (100000002529822144,)", naming neither the parameter nor the fix.
    ``density`` below ``SPARSE_DENSITY_THRESHOLD`` is counted as a sparse matrix (a value and a column
    index per nonzero, 12 bytes), above as a dense one (8 bytes per entry).
    """
    entries = float(np.prod([float(d) for d in shape]))
    dense = density >= SPARSE_DENSITY_THRESHOLD
    nonzeros = entries * (1.0 if dense else density)
    size = (f"{nonzeros * 8 / 2**30:.3g} GiB as a dense matrix" if dense
            else f"{nonzeros * 12 / 2**30:.3g} GiB as a sparse matrix")
    shape_text = " x ".join(str(d) for d in shape)
    message = (f"{what} could not draw its weights: a {shape_text} matrix holds about "
               f"{nonzeros:.3g} nonzeros ({size}). {fix}")
    return MemoryError(message)


def draw_values(rng, size, distribution):
    """Draw ``size`` values from ``"normal"``, ``"uniform"`` or ``"bernoulli"``.

    normal: N(0, 1); uniform: U(-1, 1); bernoulli: -1 or +1 with
    probability 1/2 each.
    """
    if distribution == "normal":
        return rng.standard_normal(size)
    if distribution == "uniform":
        return rng.uniform(-1.0, 1.0, size)
    if distribution == "bernoulli":
        return rng.choice(np.array([-1.0, 1.0]), size)
    raise ValueError(
        f"Unknown distribution {distribution!r}. Expected one of: 'normal', "
        "'uniform', 'bernoulli'."
    )


def random_matrix(rng, shape, *, density, distribution, sparse, dtype):
    """Return a random matrix with ``round(density * size)`` nonzeros.

    The positions of the nonzeros are drawn uniformly without replacement,
    then their values from ``distribution``. With ``sparse`` the result is a
    CSR matrix, otherwise a dense ndarray.
    """
    n_rows, n_cols = shape
    size = n_rows * n_cols
    n_nonzero = size if density >= 1.0 else int(round(density * size))
    compiled = n_nonzero < size and size > BERNOULLI_DRAW_MIN_ENTRIES
    if n_nonzero == size:
        positions = np.arange(size)
    elif compiled:
        positions = _bernoulli_positions(rng, size, n_nonzero)
    else:
        positions = np.sort(rng.choice(size, n_nonzero, replace=False))
    values = draw_values(rng, n_nonzero, distribution).astype(dtype, copy=False)
    # positions are sorted and distinct: the CSR arrays directly (int64, as
    # scipy's conversion from (rows, cols) gave); the positions array, this
    # function's own, becomes the columns in place (no fresh 80 MB at 10,000
    # units, whose first writes cost more than the arithmetic here)
    indptr = np.searchsorted(positions, np.arange(n_rows + 1) * n_cols)
    if compiled:  # the kernels are loaded: each row's offset subtracted (6 ms, not 20)
        from skreservoir._kernels import subtract_row_offsets_kernel

        cols = subtract_row_offsets_kernel(positions, indptr, n_cols)
    else:
        cols = np.remainder(positions, n_cols, out=positions)
    matrix = sp.csr_array((values, cols, indptr), shape=shape)
    return matrix if sparse else matrix.toarray()


def connect_every_column(rng, W, distribution):
    """``W`` (dense) with one nonzero drawn into each all-zero column, in place.

    A column of ``W_in`` without a nonzero is an input feature no unit
    receives: ``round(density * size)`` nonzeros leave some at a small size
    (4 units, one feature and ``input_density=0.1``: none at all). Each such
    column gets one entry, at a uniformly drawn row, of ``distribution``;
    drawn after the matrix, so a matrix with every column connected is
    unchanged.
    """
    empty = np.flatnonzero(~np.any(W != 0, axis=0))
    if len(empty):
        rows = rng.integers(0, W.shape[0], len(empty))
        W[rows, empty] = draw_values(rng, len(empty), distribution)
    return W


def _bernoulli_positions(rng, size, n_nonzero):
    """``n_nonzero`` distinct sorted positions in ``range(size)``, uniformly drawn.

    Every position is first kept with probability ``n_nonzero / size``,
    independently (the gaps between kept positions are geometric), which
    gives sorted positions in one cumulative sum; given their count, every
    set of positions is equally likely. Then the surplus is removed (a
    uniform subset of the kept positions) or the shortfall added (uniform
    draws among the positions not kept, in rounds that can only fall short),
    which keeps every set of ``n_nonzero`` positions equally likely.
    """
    p = n_nonzero / size
    n_gaps = int(n_nonzero + 8 * np.sqrt(n_nonzero) + 16)  # count + 8 standard deviations
    from skreservoir._kernels import remove_entries_kernel

    # in place: on a virtual machine a fresh array's first writes can cost
    # more than the arithmetic (about 0.2 s for the 80 MB of a 10,000-unit
    # reservoir's positions)
    positions = rng.geometric(p, n_gaps)
    np.cumsum(positions, out=positions)
    positions -= 1
    while positions[-1] < size:  # not past the end yet (improbable): more gaps
        more = np.cumsum(rng.geometric(p, n_gaps // 16 + 16)) + positions[-1]
        positions = np.concatenate([positions, more])
    positions = positions[:np.searchsorted(positions, size)]
    surplus = len(positions) - n_nonzero
    if surplus > 0:
        drop = np.sort(rng.choice(len(positions), surplus, replace=False))
        positions = positions[:remove_entries_kernel(positions, drop)]  # np.delete
    while len(positions) < n_nonzero:
        drawn = np.unique(rng.integers(0, size, n_nonzero - len(positions)))
        where = np.searchsorted(positions, drawn)
        taken = positions[np.minimum(where, len(positions) - 1)] == drawn
        positions = np.insert(positions, where[~taken], drawn[~taken])
    return positions


def spectral_radius(W, key=None):
    """Return the largest absolute eigenvalue of the square matrix ``W``.

    Dense ``numpy.linalg.eigvals`` up to :data:`DENSE_EIG_MAX_UNITS` units
    (exact to rounding); ARPACK (``scipy.sparse.linalg.eigs``, a fixed start
    vector, so the result is deterministic) above: to a tolerance of 1e-10
    up to :data:`EXACT_RADIUS_MAX_UNITS` units, checked by a second look
    (:func:`_checked_radius`: ARPACK can converge to an eigenvalue just
    inside the edge of a random matrix's spectrum), above that to a relative
    accuracy of :data:`SPECTRAL_RADIUS_RTOL` (1e-3), in single precision
    with a compiled product (threaded or on one thread, whichever measures
    faster: with the cores taken by other processes one thread is faster),
    column indices in 16 bits where they fit, ARPACK's own vector work on
    one BLAS thread, and a Krylov subspace of :data:`LARGE_RADIUS_NCV`
    vectors. Up to :data:`EXACT_RADIUS_MAX_UNITS` units the result is
    unchanged from earlier versions where ARPACK converges within
    :data:`ARPACK_MAX_RESTARTS` restarts to the eigenvalue of largest
    modulus (the states compared with ReservoirPy to 1e-15 depend on it);
    where it converged to one just inside (4 of 136 drawn reservoirs), the
    second look's larger value replaces it, and past the restarts the dense
    eigenvalues give it. ARPACK's results are cached per matrix, so
    that refitting the same reservoir does not compute them again: by
    ``key`` where given, a hashable that identifies ``W`` (for a drawn
    matrix, its seed and draw parameters: ``Reservoir`` passes them), else
    by a hash of its values and positions (it reads the 160 MB of a
    10,000-unit reservoir: 0.13 s of a 6.5 s fit at a load of 7,
    ``benchmarks/profile_big_fit.py``).
    """
    n_units = W.shape[0]
    if n_units <= DENSE_EIG_MAX_UNITS:
        return _dense_radius(W)
    key = _fingerprint(W) if key is None else ("key", key)
    if key in _RADIUS_CACHE:
        _RADIUS_CACHE.move_to_end(key)
        return _RADIUS_CACHE[key]
    if n_units <= EXACT_RADIUS_MAX_UNITS:
        v0 = np.random.default_rng(0).standard_normal(n_units)
        operator = W.astype(np.float64) if sp.issparse(W) else np.asarray(W, np.float64)
        options = dict(tol=1e-10, ncv=min(EXACT_RADIUS_NCV, n_units - 1))
    else:
        v0 = np.random.default_rng(0).standard_normal(n_units).astype(np.float32)
        operator = _float32_operator(W)
        nonzeros = W.nnz if sp.issparse(W) else n_units * n_units
        if nonzeros >= UNRESTARTED_MIN_ROW_NONZEROS * n_units:
            max_vectors = min(UNRESTARTED_MAX_VECTORS, n_units - 1,
                              LARGE_RADIUS_BASIS_BYTES // (4 * n_units))
            radius = _unrestarted_radius(operator.matvec, v0, SPECTRAL_RADIUS_RTOL, max_vectors)
            if radius is not None:
                return _cached(key, radius)
        ncv = max(20, min(LARGE_RADIUS_NCV, LARGE_RADIUS_BASIS_BYTES // (4 * n_units)))
        options = dict(tol=SPECTRAL_RADIUS_RTOL, ncv=min(ncv, n_units - 1))
    try:
        with one_blas_thread():  # ARPACK's own products: see _dense_radius
            eigenvalues = eigs(operator, k=1, which="LM", v0=v0,
                               maxiter=ARPACK_MAX_RESTARTS,
                               return_eigenvectors=False, **options)
        radius = float(np.max(np.abs(eigenvalues)))
    except ArpackNoConvergence as error:
        if n_units > EXACT_RADIUS_MAX_UNITS and len(error.eigenvalues):
            radius = float(np.max(np.abs(error.eigenvalues)))  # the converged Ritz values
        else:
            return _cached(key, _dense_radius(W))
    if n_units <= EXACT_RADIUS_MAX_UNITS:
        radius = _checked_radius(W, operator, v0, options, radius)
    return _cached(key, radius)


def _checked_radius(W, operator, v0, options, radius):
    """``radius`` (ARPACK's Ritz value of largest modulus, one asked for), or a larger
    modulus found by a second look: the dense eigenvalues up to
    :data:`DENSE_CHECK_MAX_UNITS` units, else ARPACK asked for
    :data:`RADIUS_CHECK_RITZ_VALUES` values.

    The eigenvalues of a random matrix crowd near the edge of its spectrum,
    and ARPACK can converge to one just inside it: of 136 drawn reservoirs
    of 300 to 2000 units (a battery), 4 were scaled to a radius 5e-5 to
    6.2e-3 above the one asked for (1200 units, density 0.05, seed 1200:
    1.0062), though their Ritz values met the tolerance. The first value
    is kept unless the second look finds one larger beyond 1e-8 (relative),
    so that a radius found right is unchanged to the last bit. The look
    costs about as much again (33 ms at 300 units, 60 ms at 1000, 220 ms at
    2000, once per matrix: the radius is cached).
    """
    n_units = W.shape[0]
    try:
        if n_units <= DENSE_CHECK_MAX_UNITS:
            second = _dense_radius(W)
        else:
            with one_blas_thread():
                second = float(np.max(np.abs(eigs(
                    operator, k=RADIUS_CHECK_RITZ_VALUES, which="LM", v0=v0,
                    maxiter=ARPACK_MAX_RESTARTS, return_eigenvectors=False, **options))))
    except ArpackNoConvergence:
        return radius
    return second if second > radius * (1.0 + 1e-8) else radius


def _cached(key, radius):
    """Keep ``radius`` as the radius of the matrix of fingerprint ``key``; return it."""
    _RADIUS_CACHE[key] = radius
    if len(_RADIUS_CACHE) > _RADIUS_CACHE_SIZE:
        _RADIUS_CACHE.popitem(last=False)
    return radius


def _unrestarted_radius(matvec, v0, rtol, max_vectors):
    """The largest modulus of the Ritz values of an Arnoldi iteration, or None.

    ARPACK's criterion ends the iteration (:func:`arnoldi`): the Ritz value
    of largest modulus ``theta`` of the Hessenberg matrix ``H``, with a
    relative residual ``<= rtol`` (:func:`ritz_pair`). Finding ``theta``
    takes a dense ``eigvals`` of ``H``, O(k^3) after k products, so every
    :data:`RITZ_TRACK_EVERY` products only the pair found last is followed
    (:func:`tracked_ritz_pair`, two steps of inverse iteration in O(k^2)),
    and ``eigvals`` runs where the followed pair meets the criterion, at 30
    products and at each doubling of them (so that a Ritz value that
    overtakes the followed one is seen), and at ``max_vectors``: 4 times on
    the 700-unit normal matrix of the tests, where the schedule before
    (extrapolated residuals) ran it 10 times. The stop is the same as
    checking every 10 products or up to 30 products later
    (``benchmarks/study_radius_stop.py``, column ``library``). An invariant
    subspace ends it with exact Ritz values. None when ``max_vectors``
    products did not meet the criterion.
    """
    full_check, followed = 30, None
    # BLAS on one thread (see _dense_radius) for the iteration's products and
    # the Ritz values, undone here however the loop ends
    with one_blas_thread(), closing(arnoldi(matvec, v0, max_vectors)) as steps:
        for products, square, beta, exact in steps:
            tracked = products % RITZ_TRACK_EVERY == 0 and followed is not None
            if tracked:
                followed = tracked_ritz_pair(square, beta, *followed[:2])
            due = tracked and followed[2] <= rtol
            if products >= full_check or due or exact or products == max_vectors:
                followed = ritz_pair(square, beta)
                if exact or followed[2] <= rtol:
                    return float(abs(followed[0]))
                if products >= full_check:
                    full_check = max(full_check, 2 * products)
    return None


#: How often (in products) :func:`_unrestarted_radius` follows its Ritz pair.
RITZ_TRACK_EVERY = 10


def arnoldi(matvec, v0, max_vectors):
    """Run an Arnoldi iteration; yield ``(products, H, beta, exact)`` after each product.

    Arnoldi's iteration (classical Gram-Schmidt, a second pass where the
    first cancelled more than 30% of the vector's norm: Daniel, Gragg,
    Kaufman and Stewart's criterion) in single precision, without restarts,
    from ``v0``, up to ``max_vectors`` products. ``H`` is the square upper
    Hessenberg matrix of the ``products`` first vectors (a view: not to be
    changed), ``beta`` the norm of the next vector (``h_{k+1,k}``). ``exact``:
    an invariant subspace was found (``beta`` about 0), whose Ritz values
    are exact; nothing follows it. Its products run on the caller's BLAS
    threads (:func:`_unrestarted_radius` sets one).
    """
    n = v0.shape[0]
    basis = np.empty((max_vectors + 1, n), dtype=np.float32)
    hessenberg = np.zeros((max_vectors + 1, max_vectors))
    basis[0] = v0 / np.linalg.norm(v0)
    for k in range(max_vectors):
        w = np.asarray(matvec(basis[k]), dtype=np.float32).ravel()  # a new array
        known = basis[:k + 1]
        norm = product_norm = float(np.linalg.norm(w))
        for _ in range(2):
            h = known @ w
            w -= h @ known
            hessenberg[:k + 1, k] += h
            beta = float(np.linalg.norm(w))
            if beta > 0.7 * norm:  # little cancelled: orthogonal to rounding (DGKS)
                break
            norm = beta
        hessenberg[k + 1, k] = beta
        exact = beta <= 1e-6 * product_norm  # nothing new: an invariant subspace
        yield k + 1, hessenberg[:k + 1, :k + 1], beta, exact
        if exact:
            return
        basis[k + 1] = w / beta


#: :func:`ritz_pair` refines in double precision every single-precision Ritz
#: value whose modulus is within this relative margin of the largest (the
#: single-precision ones were within 1e-5 of the double ones on the
#: Hessenberg matrices of 10,000-unit reservoirs).
RITZ_SINGLE_MARGIN = 1e-4


def ritz_pair(square, beta):
    """``(theta, y, residual)``: the Ritz value of largest modulus of an Arnoldi iteration.

    The Ritz values from a dense ``eigvals`` of the Hessenberg matrix
    ``square`` in single precision (scaled by its largest entry), then each
    within :data:`RITZ_SINGLE_MARGIN` of the largest modulus (one of each
    conjugate pair) refined in double precision: three steps of inverse
    iteration shifted by it give ``y``, its unit eigenvector of ``H``, and
    ``theta`` its Rayleigh quotient; the one of largest modulus is kept.
    ``residual``: ARPACK's relative residual ``beta |y_k| / |theta|``. On
    the Hessenberg matrices of eight 10,000-unit reservoirs (every 10
    products from 30 to 560: 432 of them) ``theta`` was within 1e-11 of
    the double-precision ``eigvals`` (relative), and no residual was on the
    other side of 1e-3, in 0.67 times the CPU time: ``eigvals`` of a
    400 x 400 matrix is most of a big reservoir's Ritz time (single
    precision: 68 to 70 ms of CPU against 92).
    """
    scale = float(np.max(np.abs(square)))
    if not 0.0 < scale < np.inf:
        ritz = np.linalg.eigvals(square)
        near = ritz[np.argmax(np.abs(ritz))][None]
    else:
        single = (square / scale).astype(np.float32)
        ritz = scipy.linalg.eigvals(single, overwrite_a=True, check_finite=False) * scale
        moduli = np.abs(ritz)
        near = ritz[(moduli >= moduli.max() * (1.0 - RITZ_SINGLE_MARGIN)) & (ritz.imag >= 0)]
    best = None
    for shift in near:
        pair = _inverse_iteration(square, beta, complex(shift), np.ones(len(square)), 3,
                                  fixed_shift=True)
        if best is None or abs(pair[0]) > abs(best[0]):
            best = pair
    return best


def tracked_ritz_pair(square, beta, theta, y):
    """``(theta, y, residual)`` as :func:`ritz_pair`, for the Ritz pair near an earlier one.

    Two steps of inverse iteration from ``(theta, y)`` of fewer products
    (``y`` padded with zeros), each shifted by the Rayleigh quotient of the
    step before: O(k^2) where ``eigvals`` takes O(k^3). Not necessarily the
    Ritz value of largest modulus: :func:`_unrestarted_radius` uses it to
    decide when to compute that one.
    """
    start = np.zeros(len(square), dtype=complex)
    start[:len(y)] = y
    return _inverse_iteration(square, beta, theta, start, 2)


def _inverse_iteration(square, beta, shift, y, steps, fixed_shift=False):
    """``steps`` shifted solves with the Hessenberg ``square``; ``(theta, y, residual)``.

    ``theta``: the Rayleigh quotient of ``y`` after more than one step, else
    ``shift``. Each step after the first is shifted by the Rayleigh quotient
    of the step before, or, with ``fixed_shift``, by ``shift`` itself.
    """
    from skreservoir._kernels import hessenberg_solve_kernel

    theta = shift
    for step in range(steps):
        y = hessenberg_solve_kernel(square, shift, y.astype(complex))
        y /= np.linalg.norm(y)
        if steps > 1 and not (fixed_shift and step < steps - 1):
            theta = np.vdot(y, square @ y)  # the Rayleigh quotient: the next shift
            if not fixed_shift:
                shift = theta
    return theta, y, beta * abs(y[-1]) / abs(theta)


def column_block_shift(shape, nnz):
    """``log2`` of the columns per block of the radius's sparse product (one block or more).

    Blocks of :data:`MATVEC_BLOCK_COLUMNS` columns where the vector is more
    than twice a block (at 5000 units it fits in L1 whole: the product took
    1.07 to 1.14 times as long in 2 blocks) and rows have
    :data:`MATVEC_BLOCK_MIN_ROW_NONZEROS` nonzeros in each; else one block.
    """
    n_rows, n_columns = shape
    shift = MATVEC_BLOCK_COLUMNS.bit_length() - 1
    n_blocks = -(-n_columns >> shift)
    if n_columns <= 2 * MATVEC_BLOCK_COLUMNS or (
            nnz < n_rows * MATVEC_BLOCK_MIN_ROW_NONZEROS * n_blocks):
        return max(shift, (n_columns - 1).bit_length())
    return shift


def _float32_operator(W):
    """``W`` as a float32 linear operator: a compiled, threaded CSR product when sparse.

    The sparse product runs over blocks of columns
    (:func:`skreservoir._kernels.column_blocks_kernel`,
    :func:`column_block_shift`).

    Single precision halves the memory traffic of the products and of
    ARPACK's own vectors; its 1e-7 rounding is far below the 1e-3 asked.
    """
    from scipy.sparse.linalg import LinearOperator

    if not sp.issparse(W):
        dense = np.asarray(W, dtype=np.float32)
        return LinearOperator(dense.shape, matvec=lambda x: dense @ x.ravel(),
                              dtype=np.float32)
    from skreservoir._kernels import (
        column_blocks_kernel,
        csr_matvec_kernel,
        csr_matvec_serial_kernel,
    )
    from skreservoir._threads import run_adaptive

    W = W.tocsr()
    threaded, serial = csr_matvec_kernel, csr_matvec_serial_kernel
    if serial is None:  # numba has one thread
        threaded, serial = None, csr_matvec_kernel
    # unsigned 32-bit offsets where they fit: the product took 9.1 ms with
    # int64 offsets and 4.6 ms with uint32 (10,000 units, density 0.1)
    offset_dtype = np.uint32 if W.nnz < 2**32 else np.int64
    n_rows, n_columns = W.shape
    shift = column_block_shift(W.shape, W.nnz)
    index_dtype = column_index_dtype(n_columns)
    if n_columns <= 1 << shift:  # one block: W's own order
        csr = (W.indptr.astype(offset_dtype)[None, :], W.indices.astype(index_dtype),
               W.data.astype(np.float32))
    else:
        csr = (np.empty((-(-n_columns >> shift), n_rows + 1), dtype=offset_dtype),
               np.empty(W.nnz, dtype=index_dtype), np.empty(W.nnz, dtype=np.float32))
        column_blocks_kernel(W.indptr, W.indices, W.data, shift, *csr)

    def matvec(x):
        out = np.empty(W.shape[0], dtype=np.float32)
        x = np.ascontiguousarray(x, dtype=np.float32).ravel()
        # threaded or on one thread, whichever measures faster (the cores may be taken)
        run_adaptive(("radius_matvec", W.shape[0]),
                     lambda kernel, start, stop: kernel(*csr, x, out), threaded, serial,
                     1, chunk=1, probe=1)
        return out

    return LinearOperator(W.shape, matvec=matvec, dtype=np.float32)


def _dense_radius(W):
    """The radius by LAPACK's dense eigenvalues, on one BLAS thread.

    On a busy machine the threaded LAPACK call waits on its threads: with
    the 2 cores of the test machine at a load of 15, ``eigvals`` of a
    100 x 100 matrix took 0.77 s threaded and 2.8 ms on one thread.
    """
    dense = W.toarray() if sp.issparse(W) else np.asarray(W)
    with one_blas_thread():
        return float(np.max(np.abs(np.linalg.eigvals(dense.astype(np.float64)))))


def _fingerprint(W):
    """A key that identifies the matrix ``W``: its shape, dtype and a hash of its arrays."""
    digest = hashlib.sha256()  # 2.5 times blake2b's speed where the CPU has SHA instructions
    if sp.issparse(W):
        W = W.tocsr()
        arrays = (W.indptr, W.indices, W.data)
    else:
        arrays = (np.asarray(W),)
    for array in arrays:
        digest.update(np.ascontiguousarray(array).view(np.uint8))
    return (W.shape, str(W.dtype), sp.issparse(W), digest.hexdigest())


def scale_to_spectral_radius(W, target, dtype=None, copy=True, key=None):
    """Return ``W`` rescaled so that its spectral radius equals ``target``.

    In ``dtype`` (``W``'s when None): the values are scaled and converted in
    one pass (a 10,000-unit reservoir has 10 million). With ``copy=False``
    (for a matrix just drawn, that nothing else holds) a sparse result
    shares ``W``'s index arrays, and where ``dtype`` is ``W``'s the values
    are scaled in place: ``W`` itself is then changed. ``key``: what
    identifies ``W`` in the cache of radii (see :func:`spectral_radius`).
    """
    if target == 0:  # a memoryless reservoir: no radius to measure
        return scale_matrix(W, 0.0, dtype, copy)
    return scale_matrix(W, target / check_radius(spectral_radius(W, key)), dtype, copy)


def check_radius(radius):
    """``radius``, a drawn matrix's spectral radius; 0 (nilpotent: it cannot be scaled) refused."""
    if radius == 0.0:
        raise ValueError(
            "The drawn recurrent matrix W has spectral radius 0 (it is nilpotent, "
            "usually because it is too sparse), so it cannot be scaled to "
            "spectral_radius. Increase density or n_units, or pass W yourself."
        )
    return radius


def scale_matrix(W, factor, dtype=None, copy=True):
    """``W * factor`` in ``dtype`` (``W``'s when None), as :func:`scale_to_spectral_radius` scales.

    With ``copy=False`` a sparse result shares ``W``'s index arrays, and
    where ``dtype`` is ``W``'s the values are scaled in place.
    """
    dtype = W.dtype if dtype is None else np.dtype(dtype)
    in_place = not copy and W.dtype == dtype
    if sp.issparse(W):
        W = W.tocsr()
        indices, indptr = (W.indices.copy(), W.indptr.copy()) if copy else (W.indices, W.indptr)
        if in_place:
            W.data *= factor
            values = W.data
        else:
            values = (W.data * factor).astype(dtype, copy=False)
        return type(W)((values, indices, indptr), shape=W.shape)
    if in_place:
        W *= factor
        return W
    return (W * factor).astype(dtype, copy=False)


#: The parameters of a reservoir that shape a drawn (or initialized) weight, its
#: scaling first; a weight given as an array (or a float bias) takes none of them.
SHAPED_BY_DRAW = {
    "W": ("spectral_radius", "density", "distribution"),
    "W_in": ("input_scaling", "input_density", "input_distribution"),
    "bias": ("bias_scaling",),
}


def given_as_is(params, weights=tuple(SHAPED_BY_DRAW)):
    """The ``weights`` that a reservoir's ``params`` give as arrays (or a float bias):
    used as they are, so the parameters of :data:`SHAPED_BY_DRAW` do not apply."""
    return [name for name in weights
            if params.get(name) is not None and not callable(params[name])]
