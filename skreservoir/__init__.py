"""Reservoir computing as scikit-learn and sktime estimators."""

from skreservoir._config import config_context, get_config, set_config
from skreservoir.esgp import ESGPClassifier, ESGPRegressor, GatedReservoir
from skreservoir.esn import ESNClassifier, ESNRegressor, ESNTransformer
from skreservoir.nvar import NVAR
from skreservoir.readout import (
    ForceReadout,
    ForceReadoutClassifier,
    LMSReadout,
    RidgeReadout,
    RidgeReadoutClassifier,
)
from skreservoir.reservoir import (
    ES2NReservoir,
    IPReservoir,
    LIFReservoir,
    LocalPlasticityReservoir,
    Reservoir,
    ReservoirStack,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "ES2NReservoir",
    "ESGPClassifier",
    "ESGPRegressor",
    "ESNClassifier",
    "ESNRegressor",
    "ESNTransformer",
    "ForceReadout",
    "ForceReadoutClassifier",
    "GatedReservoir",
    "IPReservoir",
    "LIFReservoir",
    "LMSReadout",
    "LocalPlasticityReservoir",
    "NVAR",
    "Reservoir",
    "ReservoirStack",
    "RidgeReadout",
    "RidgeReadoutClassifier",
    "__version__",
    "config_context",
    "get_config",
    "set_config",
]
