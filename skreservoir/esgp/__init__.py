"""Gated reservoirs trained by backpropagation through time (ESGP)."""

from skreservoir.esgp._estimators import ESGPClassifier, ESGPRegressor
from skreservoir.esgp._transformer import GatedReservoir

__all__ = ["ESGPClassifier", "ESGPRegressor", "GatedReservoir"]
