"""Global configuration: get_config, set_config and config_context.

Which threads and processes see a change
----------------------------------------
``set_config`` and ``config_context`` change the configuration of the
calling thread. The main thread's configuration is also that of every other
thread that never changed its own (the helper threads of joblib, a thread
pool's workers), so a ``config_context`` around a search reaches the threads
that dispatch and pickle its tasks. An estimator pickled in one process and
unpickled in a worker process (joblib's loky or multiprocessing workers, a
``multiprocessing`` pool) brings that configuration with it: the worker adopts
it (see :func:`carried_config`), so ``cross_val_score(..., n_jobs=2)`` and
``GridSearchCV(..., n_jobs=2)`` run under the caller's ``config_context``.
"""

import multiprocessing
import os
import threading
from contextlib import contextmanager

_BACKENDS = ("numpy", "cupy")

_DEFAULTS = {"backend": "numpy", "compiled": True, "dense_panel_min_series": 8,
             "dense_panel_min_density": 0.35, "state_chunk_bytes": 128 * 2**20}
# The main thread's configuration, and that of every thread without its own.
_main_config = _DEFAULTS.copy()
_threadlocal = threading.local()


def _in_main_thread():
    return threading.current_thread() is threading.main_thread()


def _own_config():
    """The configuration this thread reads and writes: its own, or the main one."""
    if _in_main_thread():
        return _main_config
    return getattr(_threadlocal, "config", _main_config)


def _writable_config():
    """This thread's configuration, made its own first if it follows the main thread's."""
    if _in_main_thread():
        return _main_config
    if not hasattr(_threadlocal, "config"):
        _threadlocal.config = _main_config.copy()
    return _threadlocal.config


def carried_config():
    """The configuration a pickled estimator carries, or None for the defaults.

    Returns
    -------
    carried : tuple of (int, dict) or None
        The process id and :func:`get_config`'s value; None when the
        configuration is the default one, so that the pickles of estimators
        under the default configuration stay the same from process to
        process (``joblib.Memory`` hashes them).
    """
    config = get_config()
    return None if config == _DEFAULTS else (os.getpid(), config)


# The configuration this worker process last adopted, while it holds.
_adopted = None


def adopt_config(carried):
    """Adopt a carried configuration when unpickled in a worker process.

    An estimator unpickled in a child process (a joblib or ``multiprocessing``
    worker) other than the one that pickled it brings the pickling thread's
    configuration: it becomes the worker's (its main thread's, which the
    worker's other threads follow, and the unpickling thread's). One that
    carries none (pickled under the default configuration) puts a worker
    back to the defaults if its configuration is still one it adopted, so
    that a reused worker does not keep an earlier search's settings; a
    configuration set in the worker by its own code is left alone. Anywhere
    else (the same process, a model loaded from disk in a new program) the
    live configuration governs and nothing changes.

    Parameters
    ----------
    carried : tuple of (int, dict) or None
        What :func:`carried_config` returned where the estimator was pickled.
    """
    global _adopted
    if multiprocessing.parent_process() is None:
        return
    if carried is None:
        if _adopted is None or _own_config() != _adopted:
            return
        config = _DEFAULTS
    else:
        pid, config = carried
        if pid == os.getpid():
            return
    known = {key: value for key, value in config.items() if key in _DEFAULTS}
    _main_config.update(known)
    if hasattr(_threadlocal, "config"):
        _threadlocal.config.update(known)
    _adopted = None if carried is None else _own_config().copy()


def _check_backend_name(backend):
    if backend not in _BACKENDS:
        raise ValueError(
            f"Unknown backend {backend!r}. Expected one of: "
            + ", ".join(repr(name) for name in _BACKENDS)
            + "."
        )


def get_config():
    """Return the current skreservoir configuration.

    Returns
    -------
    config : dict
        Keys are the parameters of :func:`set_config`. The dictionary is a
        copy: changing it changes nothing.

    See Also
    --------
    config_context : Temporarily change the configuration.
    set_config : Set the configuration.

    Examples
    --------
    >>> from skreservoir import get_config
    >>> get_config()["backend"]
    'numpy'
    """
    return _own_config().copy()


def config_value(name):
    """``get_config()[name]`` without the copy, for the calls made once per step."""
    return _own_config()[name]


def config_values():
    """The current configuration's values, a tuple in a fixed order (a cheap key)."""
    return tuple(_own_config().values())


def set_config(backend=None, compiled=None, dense_panel_min_series=None,
               state_chunk_bytes=None, dense_panel_min_density=None):
    """Set the skreservoir configuration for the current thread.

    A change in the main thread also reaches the threads that never changed
    their own configuration, and worker processes through the estimators
    pickled for them (see the module's notes in :ref:`backends`).

    Parameters
    ----------
    backend : {"numpy", "cupy"}, default=None
        The array backend that estimators use when their own ``backend``
        parameter is None. None leaves the current value unchanged.
    compiled : bool, default=None
        Whether the numpy backend runs a sparse reservoir over one series
        with the compiled (numba) time loop (True, the default) or with the
        reference loop of numpy/scipy calls, one per step (False; the oracle
        of the tests); with False, one-row ``ESNRegressor.partial_fit`` calls
        also take the general path rather than the compiled one-row
        updates, and NVAR's short windows (a closed loop's ``predict`` per
        step, ``partial_fit`` chunks) their numpy features rather than
        the compiled window kernel (the same values bit for bit). None
        leaves the current value unchanged.
    dense_panel_min_series : int, default=None
        Panels of at least this many series may multiply by a dense copy of
        a sparse recurrent matrix (a GEMM beats a sparse product from a few
        series on), unless the copy would exceed 256 MiB. With the compiled
        kernels (``compiled=True``) the dense copy is used only for a ``W``
        of density 0.35 or more; sparser ones run the blocked sparse panel
        kernel (``dense_panel_min_density``). 8 by default; a huge value never
        densifies. None leaves the current value unchanged.
    dense_panel_min_density : float, default=None
        With the compiled kernels, the density of ``W`` from which a panel
        uses the dense copy rather than the blocked sparse kernel: 0.35 by
        default, between the measured densities where the blocked kernel
        was faster or equal (0.3) and slower (0.45): 500 units, 2000 series
        x 100 steps, ``benchmarks/bench_dense_crossover.py``; 0 always
        densifies, above 1 never. None leaves the current value unchanged.
    state_chunk_bytes : int, default=None
        A panel whose states would take more than this many bytes (in the
        states' dtype) runs in chunks of series, each chunk's states used
        and then dropped, so that the (n_series, n_timesteps, n_units) state
        tensor of a large panel is never held whole: ESN training
        accumulates the readout chunk by chunk (exactly, for skreservoir's
        readouts) and ``ESNTransformer`` computes its representations per
        chunk. 128 MiB by default. None leaves the current value unchanged.

    See Also
    --------
    config_context : Temporarily change the configuration.
    get_config : Read the configuration.

    Examples
    --------
    >>> from skreservoir import get_config, set_config
    >>> set_config(backend="numpy")
    >>> get_config()["backend"]
    'numpy'
    """
    config = _writable_config()
    if backend is not None:
        _check_backend_name(backend)
    if compiled is not None and not isinstance(compiled, bool):
        raise ValueError(f"compiled must be True or False, got {compiled!r}.")
    if dense_panel_min_series is not None and (
            isinstance(dense_panel_min_series, bool)
            or not isinstance(dense_panel_min_series, int) or dense_panel_min_series < 1):
        raise ValueError(
            "dense_panel_min_series must be an int >= 1, got "
            f"{dense_panel_min_series!r}."
        )
    if dense_panel_min_density is not None and (
            isinstance(dense_panel_min_density, bool)
            or not isinstance(dense_panel_min_density, (int, float))
            or not dense_panel_min_density >= 0):
        raise ValueError(
            "dense_panel_min_density must be a float >= 0, got "
            f"{dense_panel_min_density!r}."
        )
    if state_chunk_bytes is not None and (
            isinstance(state_chunk_bytes, bool)
            or not isinstance(state_chunk_bytes, int) or state_chunk_bytes < 1):
        raise ValueError(
            f"state_chunk_bytes must be an int >= 1, got {state_chunk_bytes!r}."
        )
    if backend is not None:
        config["backend"] = backend
    if compiled is not None:
        config["compiled"] = compiled
    if dense_panel_min_series is not None:
        config["dense_panel_min_series"] = dense_panel_min_series
    if state_chunk_bytes is not None:
        config["state_chunk_bytes"] = state_chunk_bytes
    if dense_panel_min_density is not None:
        config["dense_panel_min_density"] = float(dense_panel_min_density)


@contextmanager
def config_context(*, backend=None, compiled=None, dense_panel_min_series=None,
                   state_chunk_bytes=None, dense_panel_min_density=None):
    """Change the skreservoir configuration inside a ``with`` block.

    The previous configuration is restored on exit, also when the block
    raises. The change is the current thread's; inside the main thread it
    also reaches the threads that follow the main thread's configuration
    and the worker processes of a joblib ``Parallel`` (scikit-learn's
    ``cross_val_score``, ``GridSearchCV``, ... with ``n_jobs``), through the
    estimators pickled for them.

    Parameters
    ----------
    backend : {"numpy", "cupy"}, default=None
        The array backend that estimators use when their own ``backend``
        parameter is None. None leaves the current value unchanged.
    compiled : bool, default=None
        Whether the compiled (numba) kernels run; see :func:`set_config`.
    dense_panel_min_series : int, default=None
        When panels use a dense copy of a sparse ``W``; see :func:`set_config`.
    state_chunk_bytes : int, default=None
        When panels run in chunks of series; see :func:`set_config`.
    dense_panel_min_density : float, default=None
        From which density of ``W`` a panel uses a dense copy; see
        :func:`set_config`.

    Yields
    ------
    None

    See Also
    --------
    get_config, set_config

    Examples
    --------
    >>> from skreservoir import config_context, get_config
    >>> with config_context(backend="numpy"):
    ...     get_config()["backend"]
    'numpy'
    """
    old_config = get_config()
    followed_main = not _in_main_thread() and not hasattr(_threadlocal, "config")
    set_config(backend=backend, compiled=compiled,
               dense_panel_min_series=dense_panel_min_series,
               state_chunk_bytes=state_chunk_bytes,
               dense_panel_min_density=dense_panel_min_density)
    try:
        yield
    finally:
        set_config(**old_config)
        if followed_main:
            del _threadlocal.config


class ConfiguredCall:
    """A picklable callable that runs ``function`` under a saved configuration.

    scikit-learn's ``Parallel`` carries scikit-learn's configuration to joblib
    workers, not skreservoir's: a process or thread worker starts from the
    default configuration. Wrapping a task as ``ConfiguredCall(function,
    get_config())`` in the thread that dispatches it makes the worker apply
    the dispatcher's configuration around the call, and restore its own
    afterwards.

    Parameters
    ----------
    function : callable
        The task; it must be picklable for process-based workers.
    config : dict
        A configuration as :func:`get_config` returns it.
    """

    # No instance __dict__: ``sklearn.utils.parallel.delayed`` copies the
    # wrapped callable's __dict__ onto its own wrapper (functools.wraps), whose
    # ``function`` and ``config`` attributes it would overwrite.
    __slots__ = ("_task", "_config")

    def __init__(self, function, config):
        self._task = function
        self._config = dict(config)

    def __call__(self, *args, **kwargs):
        with config_context(**self._config):
            return self._task(*args, **kwargs)
