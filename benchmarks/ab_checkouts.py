"""A/B: the same workloads in fresh processes from two checkouts, alternated.

Usage::

    git worktree add /tmp/before 5b4ff13
    python benchmarks/ab_checkouts.py /tmp/before .      # before, after
    python benchmarks/ab_checkouts.py /tmp/before . 2 _ab_big_child.py
    python benchmarks/ab_checkouts.py /tmp/before . 3 _ab_panel_child.py

Each round runs ``_ab_child.py`` (or the child script named fourth, from
this folder) once from each checkout (its code on ``PYTHONPATH``); the
table gives the median over the rounds and the ratio after / before (< 1:
the second checkout is faster). ``_ab_big_child.py`` times the fit of the
two big reservoirs, in wall and CPU seconds, and the load average.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    before, after = (str(Path(p).resolve()) for p in argv[:2])
    rounds = int(argv[2]) if len(argv) > 2 else 3
    child = HERE / (argv[3] if len(argv) > 3 else "_ab_child.py")
    runs = {before: [], after: []}
    for _ in range(rounds):
        for tree in (before, after):
            env = dict(os.environ, PYTHONPATH=tree)
            result = subprocess.run([sys.executable, str(child)], cwd=tree, env=env,
                                    capture_output=True, text=True, check=True)
            runs[tree].append(json.loads(result.stdout.strip().splitlines()[-1]))
    print(f"{'case':28s} {'before s':>10s} {'after s':>10s} {'after/before':>12s}")
    for case in runs[before][0]:
        b = np.median([r[case] for r in runs[before]])
        a = np.median([r[case] for r in runs[after]])
        print(f"{case:28s} {b:10.4f} {a:10.4f} {a / b:12.2f}")


if __name__ == "__main__":
    main()
