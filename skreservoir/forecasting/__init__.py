"""sktime forecasters built on echo state networks and NVAR."""

try:
    import sktime.forecasting.base  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised without sktime only
    raise ImportError(
        'skreservoir.forecasting needs sktime: pip install "skreservoir[sktime]"'
    ) from exc

from skreservoir.forecasting._auto import AutoESNForecaster
from skreservoir.forecasting._models import (
    ESNForecaster,
    ForecastingObjective,
    NVARForecaster,
)
from skreservoir.forecasting._transform import estimate_season, level_shifts, outlying_values

__all__ = [
    "AutoESNForecaster",
    "ESNForecaster",
    "ForecastingObjective",
    "NVARForecaster",
    "estimate_season",
    "level_shifts",
    "outlying_values",
]
