"""Deterministic time-series generators and data sets for reservoir computing benchmarks.

- ``_continuous.py``: Mackey-Glass and the chaotic ODEs (Lorenz, Rossler,
  double scroll, multiscroll, Rabinovich-Fabrikant);
- ``_spatiotemporal.py``: the Lorenz-96 ring and the Kuramoto-Sivashinsky PDE;
- ``_discrete.py``: NARMA, the Henon and logistic maps;
- ``_oscillators.py``: multiple superimposed oscillators (MSO);
- ``_santafe.py``: the Santa Fe laser, shipped in ``data/``;
- ``_japanese_vowels.py``: Japanese vowels, through sktime's bundled copy;
- ``_split.py``: :func:`to_forecasting`;
- ``_sequence.py``: the adding problem, copy task and delayed response;
- ``_checks.py``: the parameter checks and the ODE solver they share.
"""

from skreservoir.datasets._continuous import (
    double_scroll,
    lorenz,
    mackey_glass,
    multiscroll,
    rabinovich_fabrikant,
    rossler,
)
from skreservoir.datasets._discrete import henon_map, logistic_map, narma
from skreservoir.datasets._japanese_vowels import japanese_vowels
from skreservoir.datasets._oscillators import mso
from skreservoir.datasets._santafe import santafe_laser
from skreservoir.datasets._sequence import adding_problem, copy_task, delayed_response
from skreservoir.datasets._spatiotemporal import kuramoto_sivashinsky, lorenz96
from skreservoir.datasets._split import to_forecasting
from skreservoir.datasets._translate import reservoirpy_keywords as _reservoirpy_keywords
from skreservoir.datasets._translate import (
    reservoirpy_names_getattr as _reservoirpy_names_getattr,
)

_SEED = "pass random_state (an int seed, as ReservoirPy's seed)"
_NO_SEED = "this generator draws nothing (x0 sets where it starts)"
_WARMUP = ("pass n_warmup, the steps integrated and dropped before the first row: "
           "{name}(n, n_warmup=w) returns n rows, where ReservoirPy's (n, warmup=w) "
           "returns n - w (pass n - w for as many)")
_NO_WARMUP = "drop the first rows yourself: {name}(n_timesteps + k)[k:]"

mackey_glass = _reservoirpy_keywords(mackey_glass, {"seed": _SEED})
narma = _reservoirpy_keywords(narma, {"seed": _SEED})
mso = _reservoirpy_keywords(mso, {"freqs": "pass frequencies (a list of angular "
                                           "frequencies, or k for MSO-k)"})
lorenz96 = _reservoirpy_keywords(lorenz96, {
    "warmup": _WARMUP, "N": "pass n_variables", "F": "pass forcing", "seed": _NO_SEED})
kuramoto_sivashinsky = _reservoirpy_keywords(kuramoto_sivashinsky, {
    "warmup": _WARMUP, "N": "pass n_points",
    "M": "pass domain_length = 2 * np.pi * M (ReservoirPy's domain is 2 pi M long)",
    "seed": _NO_SEED})
japanese_vowels = _reservoirpy_keywords(japanese_vowels, dict.fromkeys(
    ("one_hot_encode", "repeat_targets", "data_folder", "reload"),
    "japanese_vowels() takes no arguments: it returns X_train, X_test, y_train, y_test "
    "(plain int labels, from sktime's bundled copy); one-hot labels are "
    "sklearn.preprocessing.OneHotEncoder's, and ESNClassifier takes the ints as they are"))
lorenz, rossler, double_scroll, multiscroll, rabinovich_fabrikant = (
    _reservoirpy_keywords(function, {"seed": _NO_SEED, "warmup": _NO_WARMUP})
    for function in (lorenz, rossler, double_scroll, multiscroll, rabinovich_fabrikant))
henon_map, logistic_map = (_reservoirpy_keywords(function, {"seed": _NO_SEED})
                           for function in (henon_map, logistic_map))

#: ReservoirPy's names of data sets that are ours under another name.
_RESERVOIRPY_NAMES = {
    "doublescroll": "double_scroll",
    "mso2": "mso(n_timesteps, frequencies=2)",
    "mso8": "mso(n_timesteps, frequencies=8)",
    "logistic": "logistic_map",
    "henon": "henon_map",
    "one_hot_encode": ("sklearn.preprocessing.OneHotEncoder (ESNClassifier takes integer "
                       "or string labels as they are, and one-hot rows too)"),
}


__getattr__ = _reservoirpy_names_getattr("skreservoir.datasets", _RESERVOIRPY_NAMES)

__all__ = [
    "adding_problem",
    "copy_task",
    "delayed_response",
    "double_scroll",
    "henon_map",
    "japanese_vowels",
    "kuramoto_sivashinsky",
    "logistic_map",
    "lorenz",
    "lorenz96",
    "mackey_glass",
    "mso",
    "multiscroll",
    "narma",
    "rabinovich_fabrikant",
    "rossler",
    "santafe_laser",
    "to_forecasting",
]
