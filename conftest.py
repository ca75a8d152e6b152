"""pytest configuration.

- scikit-learn's array API checks (``check_array_api_input`` and friends, run
  by ``parametrize_with_checks`` on estimators that declare
  ``array_api_support``) need scipy's array API mode, which is read when
  scipy is first imported: it is switched on here, before anything imports
  scipy, so every ``pytest`` run includes them.
- Doctest collection skips modules whose optional dependency is not
  installed (their own import raises an ImportError naming the extra).
- Compiled kernels compile in the foreground
  (``skreservoir._threads.BACKGROUND_COMPILATION``): a test of a kernel
  then runs that kernel, not the fallback a first call takes while it
  compiles in the background; the tests of that mechanism switch it on.
"""

import importlib.util
import os

import pytest

os.environ.setdefault("SCIPY_ARRAY_API", "1")

_OPTIONAL = {
    "skreservoir/forecasting.py": "sktime",
    "skreservoir/classification.py": "sktime",
    "skreservoir/datasets/_japanese_vowels.py": "sktime",
    "skreservoir/model_selection.py": "hyperopt",
    "skreservoir/plotting.py": "matplotlib",
}

collect_ignore = [path for path, module in _OPTIONAL.items()
                  if importlib.util.find_spec(module) is None]


@pytest.fixture(autouse=True)
def _foreground_compilation(monkeypatch):
    from skreservoir import _threads

    monkeypatch.setattr(_threads, "BACKGROUND_COMPILATION", False)
