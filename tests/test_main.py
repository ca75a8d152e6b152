"""Tests of the ``python -m skreservoir`` demo."""

import pytest

from skreservoir.__main__ import main, run_demo


def test_demo_scores():
    """Check that the demo's ESN forecasts Mackey-Glass accurately and generates."""
    result = run_demo(n_units=300)
    assert result["one_step_nrmse"] < 1e-2
    assert result["closed_loop_nrmse"] < 0.2
    assert result["y_generated"].shape == (100, 1)


def test_demo_prints_and_plots(tmp_path, capsys):
    """Check that main prints the NRMSEs and timings and writes the figure."""
    pytest.importorskip("matplotlib")
    path = tmp_path / "demo.png"
    assert main(["--n-units", "100", "--plot", str(path)]) == 0
    out = capsys.readouterr().out
    assert "one-step test NRMSE" in out and "closed-loop NRMSE" in out and " s" in out
    assert path.stat().st_size > 10_000
