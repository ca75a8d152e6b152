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


def test_core_install_runs_without_pandas():
    """Check that fitting and predicting need no pandas (not a core dependency).

    README's first command installs the core dependencies only; a fit that
    imported pandas failed there (ModuleNotFoundError).
    """
    import subprocess
    import sys

    code = (
        "import sys\n"
        "class NoPandas:\n"  # `import pandas` fails, as where it is not installed
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'pandas':\n"
        "            raise ModuleNotFoundError(\"No module named 'pandas'\")\n"
        "sys.meta_path.insert(0, NoPandas())\n"
        "import numpy as np\n"
        "from skreservoir import ESNClassifier, ESNRegressor\n"
        "X = np.random.default_rng(0).standard_normal((200, 2))\n"
        "ESNRegressor().fit(X[:-1], X[1:]).predict(X)\n"
        "panel = np.random.default_rng(1).standard_normal((6, 30, 2))\n"
        "ESNClassifier().fit(panel, [0, 1] * 3).predict(panel)\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")


@pytest.mark.parametrize("argv, message", [
    (["--n-units", "0"], "0 is too few units for the demo; pass at least 10"),
    (["--n-units", "1"], "1 is too few units"),
    (["--n-units", "ten"], "not an integer: 'ten'"),
    (["--n-units", "10", "--plot", "/nonexistent_folder_of_skreservoir/x.png"],
     "the folder '/nonexistent_folder_of_skreservoir' does not exist"),
])
def test_demo_refuses_bad_arguments_before_running(argv, message, capsys):
    """Check that the command line refuses a reservoir too small for the demo and a
    figure into a missing folder with argparse's usage and one line, before the demo
    runs (a user battery: a library traceback for --n-units 0, and a missing folder
    said only after the whole demo had run)."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "skreservoir demo" not in captured.out
