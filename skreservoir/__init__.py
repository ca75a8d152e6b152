"""Reservoir computing as scikit-learn and sktime estimators."""

from skreservoir._config import config_context, get_config, set_config
from skreservoir.esn import ESNClassifier, ESNRegressor, ESNTransformer
from skreservoir.nvar import NVAR
from skreservoir.readout import (
    ForceReadout,
    ForceReadoutClassifier,
    LMSReadout,
    RidgeReadout,
    RidgeReadoutClassifier,
)
from skreservoir.reservoir import Reservoir

__version__ = "0.1.0.dev0"

__all__ = [
    "ESNClassifier",
    "ESNRegressor",
    "ESNTransformer",
    "ForceReadout",
    "ForceReadoutClassifier",
    "LMSReadout",
    "NVAR",
    "Reservoir",
    "RidgeReadout",
    "RidgeReadoutClassifier",
    "__version__",
    "config_context",
    "get_config",
    "set_config",
]
