"""Tests of get_config, set_config and config_context."""

import threading

import numpy as np
import pytest

from skreservoir import Reservoir, config_context, get_config, set_config


def test_default_backend_is_numpy():
    """Check that the default backend is numpy and get_config returns a copy."""
    config = get_config()
    assert config["backend"] == "numpy"
    config["backend"] = "cupy"
    assert get_config()["backend"] == "numpy"


def test_unknown_backend_raises_and_changes_nothing():
    """Check that an unknown backend raises a ValueError listing the choices."""
    with pytest.raises(ValueError, match="Unknown backend 'torch'.*'numpy', 'cupy'"):
        set_config(backend="torch")
    assert get_config()["backend"] == "numpy"
    with pytest.raises(ValueError, match="Unknown backend"):
        with config_context(backend="jax"):
            pass  # pragma: no cover
    assert get_config()["backend"] == "numpy"


def test_context_restores_on_error():
    """Check that config_context restores the configuration when the block raises."""
    with pytest.raises(RuntimeError, match="boom"):
        with config_context(backend="cupy"):
            assert get_config()["backend"] == "cupy"
            raise RuntimeError("boom")
    assert get_config()["backend"] == "numpy"


def test_config_is_thread_local():
    """Check that a change in one thread does not leak into another."""
    seen = {}

    def worker():
        with config_context(backend="cupy"):
            seen["inside"] = get_config()["backend"]

    with config_context(backend="numpy"):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert get_config()["backend"] == "numpy"
    assert seen["inside"] == "cupy"


def test_estimators_follow_the_configured_backend():
    """Check that backend=None takes the configured backend, and numpy works."""
    X = np.random.default_rng(0).normal(size=(20, 2))
    with config_context(backend="numpy"):
        Reservoir(n_units=20, random_state=0).fit(X)
    try:
        import cupy  # noqa: F401
    except ImportError:
        with config_context(backend="cupy"):
            with pytest.raises(ImportError, match="skreservoir\\[gpu\\]"):
                Reservoir(n_units=20, random_state=0).fit(X)


def test_compiled_switch_validates_and_restores():
    """Check that compiled takes booleans only and config_context restores it."""
    assert get_config()["compiled"] is True
    with pytest.raises(ValueError, match="compiled must be True or False"):
        set_config(compiled="yes")
    with config_context(compiled=False):
        assert get_config()["compiled"] is False
    assert get_config()["compiled"] is True


@pytest.mark.parametrize("min_series", [1, 10**9])
def test_dense_panel_heuristic_is_overridable_and_exact(min_series):
    """Check that dense and sparse panel products give the same states, and bad values raise."""
    X = np.random.default_rng(0).normal(size=(12, 30, 2))
    reservoir = Reservoir(n_units=60, random_state=0).fit(X)
    default = reservoir.transform(X)
    with config_context(dense_panel_min_series=min_series):
        forced = reservoir.transform(X)
    np.testing.assert_allclose(forced, default, rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="dense_panel_min_series must be an int >= 1"):
        set_config(dense_panel_min_series=0)
