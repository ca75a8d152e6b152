"""The scripts in examples/ are gallery pages that run to the end.

The documentation build runs every example (sphinx-gallery, as CI does in
``.ci/run``) and fails on an error, so the test suite does not run them a
second time by default: set ``SKRESERVOIR_TEST_EXAMPLES=1`` to run them here
too (without building the docs). ``plot_ngrc_lorenz.py`` is left out of that
run: ``tests/test_ngrc_reproduction.py`` runs it and checks its results.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("plot_*.py"))
RUN_ELSEWHERE = {"plot_ngrc_lorenz.py"}  # run by tests/test_ngrc_reproduction.py


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_is_a_gallery_page(script):
    """Check that the example parses, has a title docstring and prints its results."""
    tree = ast.parse(script.read_text(encoding="utf-8"), filename=str(script))
    docstring = ast.get_docstring(tree)
    assert docstring, "sphinx-gallery needs a docstring with a title"
    title, underline = docstring.splitlines()[:2]
    assert title and set(underline) == {"="} and len(underline) >= len(title)
    calls = {node.func.id for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert "print" in calls, "an example prints its results"


@pytest.mark.skipif(os.environ.get("SKRESERVOIR_TEST_EXAMPLES", "0") != "1",
                    reason="the docs build runs the examples; "
                           "SKRESERVOIR_TEST_EXAMPLES=1 runs them here")
@pytest.mark.parametrize("script", [p for p in EXAMPLES if p.name not in RUN_ELSEWHERE],
                         ids=[p.name for p in EXAMPLES if p.name not in RUN_ELSEWHERE])
def test_example_runs(script):
    """Check that the example runs without error with a non-interactive backend."""
    pytest.importorskip("matplotlib")
    root = str(script.parent.parent)
    path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": path}
    result = subprocess.run([sys.executable, str(script)], check=False, cwd=script.parent,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "an example prints its results"
