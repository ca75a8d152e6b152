"""Deterministic time-series generators for reservoir computing benchmarks.

- ``_continuous.py``: Mackey-Glass and the chaotic ODEs (Lorenz, Rossler,
  double scroll, multiscroll);
- ``_discrete.py``: NARMA, the Henon and logistic maps;
- ``_split.py``: :func:`to_forecasting`;
- ``_sequence.py``: the adding problem, copy task and delayed response;
- ``_checks.py``: the parameter checks and the ODE solver they share.
"""

from skreservoir.datasets._continuous import (
    double_scroll,
    lorenz,
    mackey_glass,
    multiscroll,
    rossler,
)
from skreservoir.datasets._discrete import henon_map, logistic_map, narma
from skreservoir.datasets._sequence import adding_problem, copy_task, delayed_response
from skreservoir.datasets._split import to_forecasting

__all__ = [
    "adding_problem",
    "copy_task",
    "delayed_response",
    "double_scroll",
    "henon_map",
    "logistic_map",
    "lorenz",
    "mackey_glass",
    "multiscroll",
    "narma",
    "rossler",
    "to_forecasting",
]
