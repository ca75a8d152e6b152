"""The one place that knows which array backend (numpy or cupy) runs."""

import importlib

import numpy as np

from skreservoir._config import _check_backend_name, get_config


def resolve_backend(backend):
    """Return the backend name an estimator uses, checking it is usable.

    Parameters
    ----------
    backend : {"numpy", "cupy"} or None
        The estimator's ``backend`` parameter; None takes
        ``get_config()["backend"]``.

    Returns
    -------
    name : str
        ``"numpy"``; the cupy backend is checked for availability first.

    Raises
    ------
    ValueError
        For an unknown backend name.
    ImportError
        When ``"cupy"`` is asked for and cupy is not installed.
    RuntimeError
        When ``"cupy"`` is asked for and no CUDA device is found.
    NotImplementedError
        When cupy and a device are there: this release computes on numpy.
    """
    name = get_config()["backend"] if backend is None else backend
    _check_backend_name(name)
    if name == "cupy":
        try:
            cupy = importlib.import_module("cupy")
        except ImportError as exc:
            raise ImportError(
                "backend='cupy' needs cupy, which is not installed. Install it "
                'with: pip install "skreservoir[gpu]"'
            ) from exc
        try:
            available = cupy.cuda.is_available()
        except Exception:  # noqa: BLE001  (any CUDA runtime failure means no device)
            available = False
        if not available:
            raise RuntimeError(
                "backend='cupy' needs a CUDA device, and no CUDA device was found. "
                "Use backend='numpy' on this machine."
            )
        raise NotImplementedError(
            "backend='cupy' is not implemented in this release of skreservoir; "
            "use backend='numpy'."
        )
    return name


def to_numpy(array):
    """Return ``array`` as a numpy array on the host."""
    return np.asarray(array)
