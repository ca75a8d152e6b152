"""pytest configuration: skip doctest collection of modules whose optional
dependency is not installed (their own import raises an ImportError naming the
extra to install)."""

import importlib.util

_OPTIONAL = {
    "skreservoir/forecasting.py": "sktime",
    "skreservoir/classification.py": "sktime",
    "skreservoir/model_selection.py": "hyperopt",
    "skreservoir/plotting.py": "matplotlib",
}

collect_ignore = [path for path, module in _OPTIONAL.items()
                  if importlib.util.find_spec(module) is None]
