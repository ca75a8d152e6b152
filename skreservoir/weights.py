"""Weight initializers for :class:`~skreservoir.Reservoir`: structured and random matrices.

Each initializer is called as ``init(shape, rng)`` (``rng`` a
:class:`numpy.random.Generator` that the reservoir seeds from its
``random_state``; called by hand, an int seed or None also, as
:func:`numpy.random.default_rng` takes) and returns an array or a scipy
sparse matrix of that shape. Pass one as ``W``, ``W_in`` or ``bias`` of a reservoir: its matrix is
then scaled as a draw is (``W`` to ``spectral_radius``, ``W_in`` by
``input_scaling``, ``bias`` by ``bias_scaling``).

>>> from skreservoir import Reservoir
>>> from skreservoir.weights import orthogonal, ring, small_world
>>> Reservoir(50, W=ring, spectral_radius=0.9).fit([[0.0]]).spectral_radius_
0.9

- :func:`orthogonal`: a random orthogonal matrix (every eigenvalue on the
  unit circle);
- :func:`ring`: the simple cycle reservoir (Rodan and Tino, 2011), one
  connection from each unit to the next;
- :func:`small_world`: a Watts-Strogatz small-world graph with random weights;
- :func:`normal`, :func:`uniform`, :func:`bernoulli`: random matrices of a
  given density;
- :func:`fast_spectral`: uniform weights scaled by the circular law's
  expected spectral radius instead of a computed one (fast for big
  reservoirs; the radius is then off by up to a few percent).
"""

import functools
import inspect
import numbers

import numpy as np
import scipy.sparse as sp

from skreservoir._threads import blas_threads_for_features
from skreservoir._weights import (
    SPARSE_DENSITY_THRESHOLD,
    draw_values,
    random_matrix,
    scale_matrix,
    too_large,
)

__all__ = ["bernoulli", "fast_spectral", "normal", "orthogonal", "ring", "small_world", "uniform"]


#: What a factory's error adds where its settings look like a matrix's shape (ReservoirPy's
#: ``mat_gen.normal(n, m)`` returns the matrix; ours return an initializer).
_FACTORY_HINT = (" {name} makes an initializer, called with its settings, which is then "
                 "called with the shape: {name}({settings})((n_rows, n_cols), rng) is the "
                 "matrix (ReservoirPy's mat_gen functions, called as f(n, m), return the "
                 "matrix itself).")


#: What an initializer's error adds where it was called with ReservoirPy's keywords.
_INITIALIZER_HINT = (" {name} is itself the initializer: {name}((n_units, n_units), rng) is "
                     "the matrix, rng a numpy.random.Generator or an int seed (ReservoirPy's "
                     "seed=); or give {name} uncalled as a reservoir's W.")


#: ReservoirPy's keywords of its mat_gen functions, and ours.
_RESERVOIRPY_KEYWORDS = {"connectivity": "density", "seed": "rng"}


def _keywords_said(kwargs, signature):
    """What ReservoirPy's keywords among ``kwargs`` are here, for those ``signature`` takes."""
    return "".join(f" ReservoirPy's {theirs}= is {ours}= here."
                   for theirs, ours in _RESERVOIRPY_KEYWORDS.items()
                   if theirs in kwargs and ours in signature.parameters)


def _said_as_ours(hint, settings=""):
    """A decorator: a call that does not bind to the function's signature raises
    a TypeError that adds ``hint`` (formatted with the function's name and
    ``settings``) to Python's own message, which names no fix (a ReservoirPy
    user writes ``normal(100, 100)`` or ``normal(..., seed=1)``)."""

    def decorate(function):
        signature = inspect.signature(function)

        @functools.wraps(function)
        def checked(*args, **kwargs):
            try:
                signature.bind(*args, **kwargs)
            except TypeError as error:
                said = _keywords_said(kwargs, signature)
                raise TypeError(
                    f"{function.__name__}(): {error}.{said}"
                    + hint.format(name=function.__name__, settings=settings)
                ) from None
            return function(*args, **kwargs)

        return checked

    return decorate


def _square(shape, name):
    if np.ndim(shape) == 0 and isinstance(shape, numbers.Integral):
        raise ValueError(
            f"{name} is called as {name}(shape, rng), shape a tuple (n_units, n_units); "
            f"got shape {shape!r}: pass {name}(({shape}, {shape}), rng) (ReservoirPy's "
            f"{name}(n, m) form), or give {name} uncalled as a reservoir's W."
        )
    shape = tuple(np.atleast_1d(shape).tolist())
    if len(shape) != 2 or shape[0] != shape[1]:
        raise ValueError(f"{name} makes square matrices; got shape {shape} (use it for W).")
    if isinstance(shape[0], bool) or not isinstance(shape[0], numbers.Integral) or shape[0] < 1:
        raise ValueError(
            f"{name} makes a matrix of n_units x n_units, n_units an int >= 1; got shape "
            f"{shape}."
        )
    return shape[0]


def _shape(shape, name):
    """``shape`` as a tuple of one or two ints >= 0, or a ValueError naming ``name``.

    numpy's own errors ("negative dimensions are not allowed", "object of
    type 'int' has no len()") named neither the initializer nor the shape
    it takes.
    """
    dims = tuple(np.atleast_1d(shape).tolist()) if np.ndim(shape) <= 1 else None
    if dims is None or len(dims) not in (1, 2) or not all(
            isinstance(d, numbers.Integral) and not isinstance(d, bool) and d >= 0
            for d in dims):
        raise ValueError(
            f"{name} takes shape (n_rows, n_cols) (or (n,) for a vector), ints >= 0; got "
            f"shape {shape!r}."
        )
    return dims


def _drawn(draw, name, shape, density, fix="Ask for a smaller shape or a lower density."):
    """``draw()``, or a MemoryError naming the initializer, the shape asked and the fix."""
    try:
        return draw()
    except MemoryError as error:
        raise too_large(name, shape, density, fix) from error


def _generator(rng, name):
    """``rng`` as a numpy Generator: None or an int seed make one (as
    ``numpy.random.default_rng``); anything else without the Generator's draws
    raises a TypeError naming ``name`` (it was an AttributeError on ``None.choice``).
    """
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        if rng is not None and rng < 0:  # numpy's "expected non-negative integer" alone
            raise ValueError(f"{name}: a seed rng must be an int >= 0 (or a "
                             f"numpy.random.Generator, or None), got {rng!r}.")
        return np.random.default_rng(rng)
    if not all(hasattr(rng, draw) for draw in ("standard_normal", "uniform", "choice")):
        raise TypeError(
            f"{name} is called as {name}(shape, rng), rng a numpy.random.Generator (an "
            f"int seed or None also), got rng={rng!r}; pass np.random.default_rng(seed), "
            "or give the initializer to a reservoir, which seeds it from random_state."
        )
    return rng


class _Initializer:
    """An initializer made by a factory (``normal(0.1)``, ``small_world(4, 0.1)``):
    ``draw(shape, rng, **settings)`` under the factory's call as its name.

    An object of a module-level function and its settings rather than a
    closure, so that a reservoir given it (and a fitted model holding that
    reservoir) pickles, as scikit-learn's tools and joblib's workers need
    ("Can't pickle local object '_random.<locals>.init'" before).
    """

    def __init__(self, draw, name, settings, expected_spectral_radius=None):
        self._draw, self._settings = draw, dict(settings)
        self.__name__ = self.__qualname__ = name
        if expected_spectral_radius is not None:
            self.expected_spectral_radius = expected_spectral_radius

    #: What inspect.signature reports (a reservoir reads a callable W's signature).
    __signature__ = inspect.Signature([
        inspect.Parameter("shape", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("rng", inspect.Parameter.POSITIONAL_OR_KEYWORD),
    ])

    def __call__(self, *args, **kwargs):
        try:
            bound = self.__signature__.bind(*args, **kwargs)
        except TypeError as error:  # ReservoirPy's f(n, m, seed=...): Python's words alone
            said = _keywords_said(kwargs, self.__signature__)
            raise TypeError(
                f"{self.__name__}: {error}.{said} An initializer is called as "
                f"init((n_rows, n_cols), rng), rng a numpy.random.Generator or an int "
                "seed; or give it uncalled as a reservoir's W."
            ) from None
        shape, rng = bound.arguments["shape"], bound.arguments["rng"]
        if (isinstance(shape, numbers.Integral) and isinstance(rng, numbers.Integral)
                and not isinstance(shape, bool) and not isinstance(rng, bool)):
            # ReservoirPy's f(n, m) form read as a vector of n drawn with seed m
            raise ValueError(
                f"{self.__name__} was called as {self.__name__}({shape}, {rng}): the "
                "initializer is called as init(shape, rng), so this reads as shape "
                f"{shape} (a vector) drawn with seed {rng}, not ReservoirPy's f(n, m). Pass "
                f"the shape as a tuple: {self.__name__}(({shape}, {rng}), seed) for a "
                f"matrix, {self.__name__}(({shape},), {rng}) for a vector."
            )
        return self._draw(shape, rng, self.__name__, **self._settings)

    def __repr__(self):
        return self.__name__

    def __eq__(self, other):
        return (type(other) is _Initializer and other._draw is self._draw
                and other._settings == self._settings)

    def __hash__(self):
        return hash((self._draw, tuple(sorted(self._settings.items()))))


@_said_as_ours(_INITIALIZER_HINT)
def orthogonal(shape, rng):
    """A random orthogonal matrix: the Q of the QR decomposition of a normal matrix.

    Parameters
    ----------
    shape : tuple of int
        (n_units, n_units).
    rng : numpy.random.Generator, int or None
        The draws' generator (an int seed or None: ``numpy.random.default_rng(rng)``).

    Returns
    -------
    W : ndarray of shape (n_units, n_units)

    Notes
    -----
    Every eigenvalue has modulus 1, so a reservoir scales the matrix to its
    ``spectral_radius`` without measuring it (``orthogonal.expected_spectral_radius``
    is 1.0; ARPACK cannot single out the largest of n equal moduli).
    """
    n = _square(shape, "orthogonal")
    rng = _generator(rng, "orthogonal")
    return _drawn(lambda: _haar(rng, n), "orthogonal", (n, n), 1.0,
                  "Ask for a smaller shape (n_units).")


def _haar(rng, n):
    with blas_threads_for_features(n):  # the package's thread policy (_threads.py)
        q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))  # uniformly distributed (Haar)


@_said_as_ours(_INITIALIZER_HINT)
def ring(shape, rng=None):
    """The simple cycle reservoir: unit i feeds unit i + 1, the last feeds the first.

    All weights are 1 (scaled to ``spectral_radius`` by the reservoir).

    Parameters
    ----------
    shape : tuple of int
        (n_units, n_units).
    rng : numpy.random.Generator, default=None
        Unused (the cycle is deterministic).

    Returns
    -------
    W : scipy.sparse.csr_array of shape (n_units, n_units)

    Notes
    -----
    Every eigenvalue has modulus 1 (the n-th roots of unity), so a reservoir
    scales the matrix to its ``spectral_radius`` without measuring it
    (``ring.expected_spectral_radius`` is 1.0).
    """
    n = _square(shape, "ring")
    rows = (np.arange(n) + 1) % n
    return sp.csr_array((np.ones(n), (rows, np.arange(n))), shape=(n, n))


# every eigenvalue of a cycle's permutation matrix and of an orthogonal matrix has
# modulus 1: the reservoir scales them by it (their radius is not measured; ARPACK
# cannot single out one of n eigenvalues of the same modulus)
ring.expected_spectral_radius = 1.0
orthogonal.expected_spectral_radius = 1.0


def _check_density(density, name):
    if (isinstance(density, bool) or not isinstance(density, numbers.Real)
            or not 0.0 < density <= 1.0):
        looks_like_a_shape = (
            (isinstance(density, numbers.Integral) and not isinstance(density, bool)
             and density > 1)
            or (isinstance(density, (tuple, list)) and len(density) in (1, 2)))
        hint = (_FACTORY_HINT.format(name=name, settings="density")
                if looks_like_a_shape else "")
        raise ValueError(f"density must be a float in (0, 1], got {density!r}.{hint}")


def _random(distribution, density):
    _check_density(density, distribution)
    return _Initializer(_draw_random, f"{distribution}(density={density})",
                        {"distribution": distribution, "density": density})


def _draw_random(shape, rng, name, *, distribution, density):
    shape = _shape(shape, name)
    rng = _generator(rng, name)
    if len(shape) == 1:
        return _drawn(lambda: draw_values(rng, shape[0], distribution), name, shape, 1.0)
    return _drawn(lambda: random_matrix(rng, shape, density=density,
                                        distribution=distribution,
                                        sparse=density < SPARSE_DENSITY_THRESHOLD,
                                        dtype=np.float64), name, shape, density)


@_said_as_ours(_FACTORY_HINT, "density")
def normal(density=1.0):
    """An initializer of standard normal weights, a fraction ``density`` of them nonzero.

    Parameters
    ----------
    density : float in (0, 1], default=1.0

    Returns
    -------
    init : callable ``(shape, rng) -> matrix``
    """
    return _random("normal", density)


@_said_as_ours(_FACTORY_HINT, "density")
def uniform(density=1.0):
    """An initializer of weights uniform on [-1, 1], a fraction ``density`` of them nonzero.

    Parameters
    ----------
    density : float in (0, 1], default=1.0

    Returns
    -------
    init : callable ``(shape, rng) -> matrix``
    """
    return _random("uniform", density)


@_said_as_ours(_FACTORY_HINT, "density")
def bernoulli(density=1.0):
    """An initializer of weights -1 or 1 with equal probability, a fraction ``density`` nonzero.

    Parameters
    ----------
    density : float in (0, 1], default=1.0

    Returns
    -------
    init : callable ``(shape, rng) -> matrix``
    """
    return _random("bernoulli", density)


@_said_as_ours(_FACTORY_HINT, "density")
def fast_spectral(density=0.1):
    """An initializer scaled by its expected spectral radius: fast spectral initialization.

    Weights uniform on [-a, a], a fraction ``density`` of them nonzero, with
    ``a = sqrt(3 / (n_units * density))``: each row then sums
    ``n_units * density`` terms of variance ``a**2 / 3``, and by the
    circular law the eigenvalues of such a matrix fill the unit disc
    (Gallicchio, Micheli and Pedrelli, 2020; ReservoirPy's
    ``fast_spectral_initialization``). The initializer declares it
    (``expected_spectral_radius = 1``), so a :class:`~skreservoir.Reservoir`
    given it as ``W`` multiplies its matrix by ``spectral_radius`` instead
    of computing the radius: a 10,000-unit reservoir (density 0.1) is built
    in 0.28 s against 3.1 s for a draw scaled by its computed radius
    (``python benchmarks/bench_scale_load.py --only scale``, medians of
    three fits in one process), and its ``spectral_radius_`` is the value
    asked for, not one computed.

    The law holds as the reservoir grows: the radius of the matrix is a
    little above 1, by 1.3 to 4.1% at 1000 and 2000 units (density 0.1),
    0.8 to 1.1% at 10,000 (density 0.1 or 0.01), 0.5% at 100,000 (density
    1e-3; four draws each, one at 100,000). Where the radius matters to
    better than that, draw as usual: a drawn ``W`` is scaled by its radius
    computed to 1e-3.

    Parameters
    ----------
    density : float in (0, 1], default=0.1

    Returns
    -------
    init : callable ``(shape, rng) -> matrix``
        With the attribute ``expected_spectral_radius`` (1.0).

    Examples
    --------
    >>> from skreservoir import Reservoir
    >>> from skreservoir.metrics import spectral_radius
    >>> from skreservoir.weights import fast_spectral
    >>> reservoir = Reservoir(2000, W=fast_spectral(0.1), spectral_radius=0.9,
    ...                       random_state=0).fit([[0.0]])
    >>> reservoir.spectral_radius_
    0.9
    >>> round(spectral_radius(reservoir.W_), 2)  # 2.4% above the circular law's
    0.92
    """
    _check_density(density, "fast_spectral")
    return _Initializer(_draw_fast_spectral, f"fast_spectral(density={density})",
                        {"density": density}, expected_spectral_radius=1.0)


def _draw_fast_spectral(shape, rng, name, *, density):
    n = _square(shape, "fast_spectral")
    rng = _generator(rng, name)
    draw = uniform(density)
    W = _drawn(lambda: draw((n, n), rng), name, (n, n), density)
    return scale_matrix(W, np.sqrt(3.0 / (n * density)), copy=False)


@_said_as_ours(_FACTORY_HINT, "k, p")
def small_world(k=4, p=0.1):
    """An initializer of a Watts-Strogatz small-world reservoir with normal weights.

    Every unit starts connected to its ``k`` nearest neighbours on a ring
    (``k // 2`` on each side); each connection is then rewired to a random
    unit with probability ``p`` (Watts and Strogatz, Nature 1998).

    Parameters
    ----------
    k : int, default=4
        Even number of neighbours, at least 2.
    p : float in [0, 1], default=0.1
        Rewiring probability.

    Returns
    -------
    init : callable ``(shape, rng) -> scipy.sparse.csr_array``
    """
    if not (isinstance(k, numbers.Integral) and k >= 2 and k % 2 == 0):
        raise ValueError(f"k must be an even int >= 2, got {k!r}.")
    if not (isinstance(p, numbers.Real) and 0.0 <= p <= 1.0):
        hint = (_FACTORY_HINT.format(name="small_world", settings="k, p")
                if isinstance(p, numbers.Real) and p > 1 else "")
        raise ValueError(f"p must be a float in [0, 1], got {p!r}.{hint}")

    return _Initializer(_draw_small_world, f"small_world(k={k}, p={p})", {"k": k, "p": p})


def _draw_small_world(shape, rng, name, *, k, p):
    n = _square(shape, "small_world")
    rng = _generator(rng, name)
    if k >= n:
        raise ValueError(f"small_world needs k < n_units; got k={k}, n_units={n}.")
    rows, cols = [], []
    for offset in range(1, k // 2 + 1):
        for direction in (1, -1):
            source = np.arange(n)
            target = (source + direction * offset) % n
            rewire = rng.random(n) < p
            # a numpy RandomState (accepted as the other initializers accept it) has
            # randint where a Generator has integers
            draw_ints = getattr(rng, "integers", None) or rng.randint
            target[rewire] = draw_ints(0, n, int(rewire.sum()))
            keep = target != source
            rows.append(target[keep])
            cols.append(source[keep])
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    W = sp.csr_array((rng.standard_normal(len(rows)), (rows, cols)), shape=(n, n))
    W.sum_duplicates()
    return W


#: The functions that make an initializer (called with their settings first): one
#: of them passed uncalled as ``W=normal`` is refused naming the call to make.
INITIALIZER_FACTORIES = (normal, uniform, bernoulli, fast_spectral, small_world)
