"""Shared helpers of the benchmark scripts: machine description and alternated timing."""

import argparse
import datetime
import gc
import importlib
import os
import platform
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np


def _cpu_model():
    """The CPU model name from /proc/cpuinfo (Linux), else ``platform.processor()``."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package):
    """Installed version of ``package``, or the ``__version__`` of a module on the path."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        pass
    try:  # not installed, but importable (a checkout on PYTHONPATH)
        return getattr(importlib.import_module(package.replace("-", "_")),
                       "__version__", None)
    except ImportError:
        return None


def _git_commit():
    """The commit of the checkout the benchmark runs from, and whether it has local changes."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
            check=True,
        ).stdout.strip()
        dirty = bool(subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
            capture_output=True, text=True, check=True,
        ).stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        return None
    return {"commit": commit, "local_changes": dirty}


def machine_info(packages):
    """Describe the machine and the software a benchmark ran on.

    Parameters
    ----------
    packages : list of str
        Distribution names whose versions to record.

    Returns
    -------
    info : dict
        JSON-serialisable description: date, CPU, cores, Python, package
        versions, the BLAS libraries seen by threadpoolctl, the git commit.
    """
    try:
        usable_cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        usable_cores = os.cpu_count()
    try:
        from threadpoolctl import threadpool_info

        blas = [
            {key: lib.get(key) for key in (
                "user_api", "internal_api", "version", "num_threads",
                "threading_layer", "architecture", "filepath")}
            for lib in threadpool_info()
        ]
    except ImportError:
        blas = "threadpoolctl not installed"
    return {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cpu_model": _cpu_model(),
        "logical_cores": os.cpu_count(),
        "usable_cores": usable_cores,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "packages": {name: _version(name) for name in packages},
        "threadpools": blas,
        "git": _git_commit(),
    }


def write_study(name, summary, frame):
    """Print ``summary`` and write ``<name>.json`` next to the scripts: the command
    ``python benchmarks/<name>.py``, the machine, the summary and ``frame``'s rows."""
    import json

    print(json.dumps(summary, indent=1))
    payload = {"meta": {"command": f"python benchmarks/{name}.py",
                        **machine_info(["numpy", "scipy", "sktime", "skreservoir"])},
               "summary": summary,
               "records": frame.to_dict(orient="records")}
    (Path(__file__).resolve().parent / f"{name}.json").write_text(json.dumps(payload, indent=1))


def summarize(times):
    """Best and median of a list of timings, in seconds."""
    return {
        "times_s": [round(t, 6) for t in times],
        "best_s": round(min(times), 6),
        "median_s": round(statistics.median(times), 6),
    }


def time_alternated(runners, repeats):
    """Time several implementations of one computation, alternated within each repeat.

    Each runner gets one untimed warm-up call, then ``repeats`` timed calls.
    In repeat ``r`` the runners go in an order rotated by ``r``, so that
    slow phases of a shared machine hit every runner alike and no runner is
    always first.

    Parameters
    ----------
    runners : dict of str to (setup, run)
        ``setup()`` is called, untimed, before every call of ``run()``
        (for example to reset a state); ``run()`` is timed with
        :func:`time.perf_counter` and returns the result.
    repeats : int
        Number of timed calls per runner.

    Returns
    -------
    times : dict of str to list of float
        The timed calls, in seconds.
    results : dict of str to object
        What each runner's last timed call returned.
    """
    names = list(runners)
    times = {name: [] for name in names}
    results = {}
    for name in names:  # warm-up: first calls, caches, worker pools
        setup, run = runners[name]
        setup()
        run()
    for r in range(repeats):
        order = names[r % len(names):] + names[: r % len(names)]
        for name in order:
            setup, run = runners[name]
            results.pop(name, None)  # free the previous output before the next run
            setup()
            gc.collect()
            start = time.perf_counter()
            result = run()
            times[name].append(time.perf_counter() - start)
            results[name] = result
            del result
    return times, results


def max_abs_diff(a, b):
    """Largest absolute difference between two arrays or two lists of arrays."""
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        if len(a) != len(b):
            raise ValueError(f"different numbers of series: {len(a)} and {len(b)}")
        return max(max_abs_diff(x, y) for x, y in zip(a, b))
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        raise ValueError(f"different shapes: {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b)))


def big_reservoir_arguments(description, repeats, argv=None):
    """Parse ``--repeats`` (default ``repeats``, at least 1), ``--n-units`` and ``--density``.

    The reservoir of issue 19's fit target: 10,000 units at density 0.1.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--repeats", type=int, default=repeats)
    parser.add_argument("--n-units", type=int, default=10_000)
    parser.add_argument("--density", type=float, default=0.1)
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error(f"--repeats must be >= 1, got {args.repeats}")
    return args


def load_average():
    """The 1-minute load average (a busy shared machine shows here), or None."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):  # not Unix
        return None


def blas_threads():
    """The BLAS libraries of the process and their thread counts, in one line."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl not installed)"
    return ", ".join(f"{lib['internal_api']} {lib['num_threads']}"
                     for lib in threadpool_info() if lib["user_api"] == "blas")


def wait_for_idle(max_load=1.0, wait_s=60, tries=5):
    """Wait, up to ``tries`` times ``wait_s`` seconds, for the load average to fall.

    A benchmark started while another job runs (a test suite, another
    benchmark) measures that job as much as its own code. The 1-minute load
    average is read; while it is above ``max_load`` the function prints it,
    sleeps ``wait_s`` seconds and reads it again, at most ``tries`` times.
    It never refuses to go on: the caller records what it returns.

    Returns
    -------
    readings : list of float or None
        Every load average read, the last one when the benchmark starts.
    """
    readings = [load_average()]
    for _ in range(tries):
        if readings[-1] is None or readings[-1] <= max_load:
            break
        print(f"load average {readings[-1]:.2f} > {max_load:g}: waiting {wait_s} s "
              "for the machine to be idle", flush=True)
        time.sleep(wait_s)
        readings.append(load_average())
    if readings[-1] is not None and readings[-1] > max_load:
        print(f"load average still {readings[-1]:.2f} after {tries} waits: going on; "
              "the timings may include another job", flush=True)
    return readings
