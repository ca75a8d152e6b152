"""Echo state networks: a reservoir and a readout in one estimator.

- ``_base.py``: the reservoir + readout plumbing of the regressor and the
  classifier (validation, chunked training, streaming state).
- :class:`ESNRegressor` (``_regressor.py``): output feedback, ``generate``.
- :class:`ESNClassifier` (``_classifier.py``): per time step or per series.
- :class:`ESNTransformer` (``_transformer.py``) and its representations
  (``_representation.py``): one vector per series.
"""

from skreservoir.esn._classifier import ESNClassifier
from skreservoir.esn._regressor import ESNRegressor
from skreservoir.esn._representation import pool_states, series_representation
from skreservoir.esn._transformer import ESNTransformer

__all__ = ["ESNClassifier", "ESNRegressor", "ESNTransformer", "pool_states",
           "series_representation"]
