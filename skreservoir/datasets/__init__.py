"""Deterministic time-series generators for reservoir computing benchmarks.

- ``_continuous.py``: Mackey-Glass and the chaotic ODEs (Lorenz, Rossler,
  double scroll, multiscroll);
- ``_discrete.py``: NARMA, the Henon and logistic maps;
- ``_split.py``: :func:`to_forecasting`;
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
from skreservoir.datasets._split import to_forecasting

__all__ = [
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
