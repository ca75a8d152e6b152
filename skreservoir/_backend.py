"""The one place that knows which array backend (numpy or cupy) runs.

Every estimator computes in one array namespace, found per call by
:func:`compute_namespace`: the namespace of the input when it is not numpy
(an ``array_api_strict`` or cupy array computes there), otherwise the
namespace of the estimator's ``backend`` (numpy, or cupy when asked for).
Inputs are validated on the host, then moved with :func:`to_namespace`;
results go back to the namespace of the input (numpy in, numpy out).

Weights are drawn on the host with numpy from ``random_state`` and moved by
:func:`move_matrix`, so one seed gives one model on every backend. Fitted
attributes live in the namespace the estimator was fitted in; pickling moves
them to the host (:func:`host_state`), so a model fitted on a GPU predicts on
a machine without one.
"""

import importlib
import warnings

import array_api_compat
import numpy as np
import scipy.sparse as sp

from skreservoir._config import _check_backend_name, adopt_config, carried_config, get_config

#: The array API namespace of numpy (array-api-compat's wrapper).
NUMPY = array_api_compat.array_namespace(np.zeros(0))


def _import_cupy():
    """Import cupy, or raise the ImportError that says how to install it."""
    try:
        return importlib.import_module("cupy")
    except ImportError as exc:
        raise ImportError(
            "backend='cupy' needs cupy, which is not installed. Install it "
            'with: pip install "skreservoir[gpu]"'
        ) from exc


def cupy_available():
    """True when cupy imports and sees a CUDA device (never raises)."""
    try:
        return bool(importlib.import_module("cupy").cuda.is_available())
    except Exception:  # noqa: BLE001  (no cupy, or any CUDA runtime failure)
        return False


def resolve_backend(backend):
    """Return the backend name an estimator uses, checking it is usable.

    Parameters
    ----------
    backend : {"numpy", "cupy"} or None
        The estimator's ``backend`` parameter; None takes
        ``get_config()["backend"]``.

    Returns
    -------
    name : {"numpy", "cupy"}

    Raises
    ------
    ValueError
        For an unknown backend name.
    ImportError
        When ``"cupy"`` is asked for and cupy is not installed.
    RuntimeError
        When ``"cupy"`` is asked for and no CUDA device is found.
    """
    name = get_config()["backend"] if backend is None else backend
    _check_backend_name(name)
    if name == "cupy":
        cupy = _import_cupy()
        try:
            available = cupy.cuda.is_available()
        except Exception:  # noqa: BLE001  (any CUDA runtime failure means no device)
            available = False
        if not available:
            raise RuntimeError(
                "backend='cupy' needs a CUDA device, and no CUDA device was found. "
                "Use backend='numpy' on this machine."
            )
    return name


def _is_array(x):
    return array_api_compat.is_array_api_obj(x) and not sp.issparse(x)


def _first_array(X):
    """The first array of ``X`` (itself, or the first series of a list panel)."""
    if isinstance(X, (list, tuple)) and len(X) > 0:
        return X[0]
    return X


def input_namespace(X):
    """The array namespace of an input (numpy for lists, pandas and the like)."""
    first = _first_array(X)
    if _is_array(first) and not isinstance(first, np.ndarray):
        return array_api_compat.array_namespace(first)
    return NUMPY


def is_numpy(xp):
    """True when ``xp`` is numpy (or array-api-compat's numpy wrapper)."""
    return array_api_compat.is_numpy_namespace(xp)


def device_of(x):
    """The device of array ``x`` (None for numpy and non-arrays)."""
    if _is_array(x) and not isinstance(x, np.ndarray):
        return array_api_compat.device(x)
    return None


def backend_namespace(name):
    """The namespace and device that backend ``name`` computes on."""
    if name == "cupy":
        cupy = _import_cupy()
        return array_api_compat.array_namespace(cupy.zeros(0)), None
    return NUMPY, None


def compute_namespace(X, backend):
    """Where an estimator computes for input ``X``: ``(xp, device)``.

    The namespace of ``X`` when it is not numpy; otherwise that of
    ``backend`` (None takes the configured one).
    """
    xp = input_namespace(X)
    if not is_numpy(xp):
        return xp, device_of(_first_array(X))
    return backend_namespace(resolve_backend(backend))


def to_host(x):
    """``x`` as a numpy array on the host (lists of arrays element-wise)."""
    if isinstance(x, list):
        return [to_host(a) for a in x]
    if x is None or isinstance(x, (np.ndarray, np.generic)):
        # a numpy scalar (np.float64(0.9), a parameter from np.linspace) stays one: as
        # a 0-d array it was refused by the parameter checks after a pickle (every fit
        # of a search with n_jobs=2)
        return x
    if sp.issparse(x):
        return x
    if array_api_compat.is_cupy_array(x):
        return _cupy_to_host(x)
    if type(x).__module__.startswith("cupyx"):
        return x.get()
    if _is_array(x):
        return np.from_dlpack(x) if hasattr(x, "__dlpack__") else np.asarray(x)
    return x


#: A cupy array of at least this many bytes is copied into a host buffer whose
#: pages are touched first on every core (:func:`_cupy_to_host`).
PREFAULT_MIN_BYTES = 64 * 2**20

#: Bytes between two touched bytes of a fresh buffer: the smallest page size.
PAGE_BYTES = 4096


def _cupy_to_host(x):
    """A cupy array's values in a new numpy array.

    Copying device memory into freshly allocated host memory is bound by
    the host's page faults, taken one page at a time by the copying thread
    (on an H200 host, 1.0 s of 1.4 s to move 3.3 GB of states). For a large
    C-contiguous array the pages of the new buffer are touched first on
    numba's threads, while the device may still be computing ``x``; then
    cupy copies into it (``get(out=...)``). A strided ``x`` (a panel's
    states, time-major on the device) is first made contiguous on the device.
    """
    if x.nbytes < PREFAULT_MIN_BYTES:
        return x.get()
    from skreservoir._kernels import touch_pages_kernel

    if touch_pages_kernel is None:
        return x.get()
    if not x.flags.c_contiguous:  # as get() does, the copy made on the device
        x = x.copy(order="C")
    out = np.empty(x.shape, x.dtype)
    touch_pages_kernel(out.reshape(-1).view(np.uint8), PAGE_BYTES)
    return x.get(out=out)


def to_namespace(x, xp, device=None):
    """``x`` (a numpy or array API array, or a list of them) moved to ``xp``."""
    if isinstance(x, list):
        return [to_namespace(a, xp, device) for a in x]
    if x is None:
        return None
    if is_numpy(xp):
        return to_host(x)
    if _is_array(x) and array_api_compat.array_namespace(x) == xp \
            and (device is None or device_of(x) == device):
        return x
    host = to_host(x)
    if device is None:
        return xp.asarray(host)
    return xp.asarray(host, device=device)


def move_matrix(W, xp, device=None):
    """A recurrent matrix for namespace ``xp``.

    On numpy a scipy sparse matrix stays as it is; on cupy it becomes a
    ``cupyx.scipy.sparse`` CSR matrix; any other namespace gets it dense.
    """
    if is_numpy(xp):
        return to_host(W)
    if is_sparse(W) and not sp.issparse(W):  # a cupyx matrix: fitted on cupy
        if array_api_compat.is_cupy_namespace(xp):
            return W
        W = W.get()
    if sp.issparse(W):
        if array_api_compat.is_cupy_namespace(xp):
            cupyx_sparse = importlib.import_module("cupyx.scipy.sparse")
            return cupyx_sparse.csr_matrix(sp.csr_matrix(W))
        W = W.toarray()
    return to_namespace(W, xp, device)


def is_sparse(W):
    """True for a scipy or cupyx sparse matrix."""
    return sp.issparse(W) or type(W).__module__.startswith("cupyx")


def namespace_of_fitted(array):
    """The namespace of a fitted attribute (numpy for scipy sparse and lists)."""
    if is_sparse(array):
        if type(array).__module__.startswith("cupyx"):
            return array_api_compat.array_namespace(importlib.import_module("cupy").zeros(0))
        return NUMPY
    return input_namespace(array)


def check_same_namespace(estimator, attribute, xp, method):
    """Raise when ``estimator`` was fitted in another namespace than ``xp``.

    ``attribute`` is the name of a fitted array of ``estimator``, or the array.

    A model fitted on numpy (or unpickled, see :func:`host_state`) may be
    used in any namespace: its attributes are moved at use. One fitted in
    another namespace (cupy, array_api_strict) must be used with inputs of
    that namespace.
    """
    if isinstance(attribute, str):
        attribute = getattr(estimator, attribute)
    fitted = namespace_of_fitted(attribute)
    if fitted == xp or is_numpy(fitted):
        return
    name = type(estimator).__name__
    raise ValueError(
        f"Inputs passed to {name}.{method}() must use the same namespace as the "
        f"fitted attributes of {name}: it was fitted with {fitted.__name__} "
        f"arrays and got {xp.__name__} arrays. Pass {fitted.__name__} arrays, "
        "or refit."
    )


def host_state(state):
    """A copy of an estimator's ``__dict__`` with every array moved to the host."""
    moved = {}
    for key, value in state.items():
        if isinstance(value, list):
            moved[key] = [to_host(v) if _is_array(v) else v for v in value]
        elif (_is_array(value) and not isinstance(value, (np.ndarray, np.generic))) or (
                is_sparse(value) and not sp.issparse(value)):
            moved[key] = to_host(value)
        else:
            moved[key] = value
    return moved


class ConfigCarrierMixin:
    """Carry skreservoir's configuration into the worker process that unpickles.

    The pickled state holds the configuration in effect where it was pickled
    when it is not the default one (:func:`skreservoir._config.carried_config`);
    unpickled in a joblib or ``multiprocessing`` worker, the worker adopts it
    (:func:`skreservoir._config.adopt_config`). scikit-learn's ``Parallel``
    carries only scikit-learn's configuration; this carries ours.
    """

    def __getstate__(self):
        parent = super()
        # Python 3.10's object has no __getstate__ (scikit-learn's estimators do).
        state = parent.__getstate__() if hasattr(parent, "__getstate__") else None
        if state is None:
            state = self.__dict__.copy()
        carried = carried_config()
        return state if carried is None else {**state, _CARRIED_CONFIG: carried}

    def __setstate__(self, state):
        state = dict(state)
        adopt_config(state.pop(_CARRIED_CONFIG, None))
        parent = super()
        if hasattr(parent, "__setstate__"):
            parent.__setstate__(state)
        else:  # pragma: no cover - Python < 3.11 objects have no __setstate__
            self.__dict__.update(state)


_CARRIED_CONFIG = "_skreservoir_config"


class HostPickleMixin(ConfigCarrierMixin):
    """Pickle fitted arrays on the host, so that a GPU model loads anywhere.

    An estimator whose own ``backend`` is ``"cupy"``, unpickled where cupy
    or a CUDA device is missing, gets ``backend=None`` (the configured
    backend) with a warning that says so, and runs on the host. The
    configuration travels with the pickle (:class:`ConfigCarrierMixin`).
    """

    def __getstate__(self):
        state = super().__getstate__()
        return host_state(state)

    def __setstate__(self, state):
        if state.get("backend") == "cupy" and not cupy_available():
            warnings.warn(
                f"This {type(self).__name__} was built with backend='cupy', and this "
                "machine has no cupy or no CUDA device: its backend is now None (the "
                "configured backend, get_config()['backend']); its fitted arrays are on "
                "the host.",
                UserWarning,
                stacklevel=2,
            )
            state = {**state, "backend": None}
        super().__setstate__(state)


def output_for(X, result):
    """``result`` (an array or a list of arrays) in the namespace of the input ``X``.

    Numpy in, numpy out (also from a cupy computation); an array API input
    gets its namespace and device back. Arrays that no array API namespace
    can hold (string labels) stay numpy.
    """
    xp = input_namespace(X)
    if is_numpy(xp):
        return to_host(result)
    if isinstance(result, list):
        return [output_for(X, r) for r in result]
    if isinstance(result, np.ndarray) and result.dtype.kind not in "biuf":
        return result
    return to_namespace(result, xp, device_of(_first_array(X)))
