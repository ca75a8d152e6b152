"""Global configuration: get_config, set_config and config_context."""

import threading
from contextlib import contextmanager

_BACKENDS = ("numpy", "cupy")

_global_config = {"backend": "numpy"}
_threadlocal = threading.local()


def _get_threadlocal_config():
    """Return this thread's configuration, created from the global one."""
    if not hasattr(_threadlocal, "config"):
        _threadlocal.config = _global_config.copy()
    return _threadlocal.config


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
    return _get_threadlocal_config().copy()


def set_config(backend=None):
    """Set the skreservoir configuration for the current thread.

    Parameters
    ----------
    backend : {"numpy", "cupy"}, default=None
        The array backend that estimators use when their own ``backend``
        parameter is None. None leaves the current value unchanged.

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
    config = _get_threadlocal_config()
    if backend is not None:
        _check_backend_name(backend)
        config["backend"] = backend


@contextmanager
def config_context(*, backend=None):
    """Change the skreservoir configuration inside a ``with`` block.

    The previous configuration is restored on exit, also when the block
    raises. The change is local to the current thread.

    Parameters
    ----------
    backend : {"numpy", "cupy"}, default=None
        The array backend that estimators use when their own ``backend``
        parameter is None. None leaves the current value unchanged.

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
    set_config(backend=backend)
    try:
        yield
    finally:
        set_config(**old_config)
