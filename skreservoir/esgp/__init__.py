"""Gated reservoirs trained by backpropagation through time (ESGP)."""

from skreservoir.esgp._estimators import ESGPClassifier, ESGPRegressor

__all__ = ["ESGPClassifier", "ESGPRegressor"]
