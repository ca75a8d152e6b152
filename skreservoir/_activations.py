"""The activation functions of the reservoirs, defined once.

Each activation has three forms that compute the same function: an in-place
numpy form (the numpy recurrence writes into its output array), an array API
form (any namespace, for cupy and ``array_api_strict``) and an integer code
for the compiled kernels (:mod:`skreservoir._kernels`), whose loops spell the
formula out.
"""

import numpy as np
from scipy.special import expit

#: Names accepted by the ``activation`` parameter of the reservoirs.
ACTIVATION_NAMES = ("tanh", "identity", "relu", "sigmoid")

#: Codes of the compiled kernels (their ``activation`` argument).
ACTIVATION_CODES = {name: code for code, name in enumerate(ACTIVATION_NAMES)}


def _tanh(z):
    np.tanh(z, out=z)


def _identity(z):
    pass


def _relu(z):
    np.maximum(z, 0.0, out=z)


def _sigmoid(z):
    expit(z, out=z)


#: In-place numpy forms: ``f(z)`` overwrites ``z`` with the activation of ``z``.
INPLACE = {"tanh": _tanh, "identity": _identity, "relu": _relu, "sigmoid": _sigmoid}


def inplace_activation(activation):
    """The in-place numpy form of ``activation`` (a name, or a callable giving a new array)."""
    if callable(activation):
        def inplace(z):
            out = activation(z)
            # assigning would broadcast a wrong shape silently (x[:1] -> every unit)
            if np.shape(out) != z.shape:
                raise ValueError(
                    f"activation must be elementwise: given pre-activations of shape "
                    f"{z.shape}, it returned shape {np.shape(out)}. Return an array "
                    "of the shape it is given (for example np.sin)."
                )
            z[...] = out

        return inplace
    return INPLACE[activation]


def array_api_activation(name, xp):
    """The activation ``name`` as a function of arrays of namespace ``xp`` (a new array).

    A callable ``name`` is the activation itself.
    """
    if callable(name):
        return name
    if name == "tanh":
        return xp.tanh
    if name == "identity":
        return lambda z: z
    if name == "relu":
        return lambda z: xp.clip(z, min=0.0)
    return lambda z: 1.0 / (1.0 + xp.exp(-z))
