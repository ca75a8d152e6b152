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
