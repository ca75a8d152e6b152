"""Hyperparameter search with hyperopt, in scikit-learn's search interface.

- :class:`HyperoptSearchCV` (``_search.py``): the search;
- :class:`SearchObjective` (``_objective.py``): one candidate's
  cross-validated scores, picklable for hyperopt's ``SparkTrials``;
- :func:`reservoir_space` (``_space.py``): the default space of an ESN.
"""

try:  # first, so that a missing hyperopt is named whatever is cached
    import hyperopt  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised without hyperopt only
    raise ImportError(
        "skreservoir.model_selection needs hyperopt. Install it with "
        'pip install "skreservoir[hyperopt]". Without it, scikit-learn\'s GridSearchCV '
        "and RandomizedSearchCV search the parameters of skreservoir's estimators (the "
        "user guide's 'Hyperparameter search'), and "
        "skreservoir.forecasting.AutoESNForecaster tunes a forecaster by itself."
    ) from exc

from skreservoir.model_selection._objective import SearchObjective
from skreservoir.model_selection._search import HyperoptSearchCV
from skreservoir.model_selection._space import reservoir_space

__all__ = ["HyperoptSearchCV", "SearchObjective", "reservoir_space"]
