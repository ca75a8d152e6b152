"""The model zoo against ReservoirPy 0.4.2: ES2N, LIF and local plasticity, same matrices.

Each case times, side by side in this process (alternated within each
repeat, after one warm-up call), the same computation three ways:

ours
    skreservoir with its defaults (the compiled loops on numpy).
ours, plain
    skreservoir under ``set_config(compiled=False)`` (the numpy / array API
    loop).
reservoirpy
    ReservoirPy 0.4.2's node built from the matrices of the fitted
    skreservoir estimator (``W`` dense, as ReservoirPy's nodes take it).

Cases:

es2n
    ``ES2NReservoir.transform`` of one series against ``ES2N.run`` (node
    reset before every call), N in {100, 500}; and a panel of 50 series of
    200 steps at N = 100 against ``ES2N.run`` on the list of series.
lif
    ``LIFReservoir.transform`` against ``LIF.run``, the same sizes.
plasticity
    ``LocalPlasticityReservoir(local_rule="oja", synapse_normalization=True).fit``
    against ReservoirPy's ``LocalPlasticityReservoir.fit``, both given the
    same dense ``W``, ``W_in`` and ``bias`` (a fresh estimator and node per
    call; ours also computes the spectral radius of the given and of the
    learned ``W``), N in {100, 300}. Both do
    one rule update of the nonzeros of ``W`` per step; ReservoirPy's fit
    does not advance its state (its learned ``W`` is not the same; see the
    docs), so only the time is compared.

Printed per case: median milliseconds, the ratio ReservoirPy / ours (> 1:
skreservoir faster), ReservoirPy / ours-plain, and the largest absolute
difference of the outputs (ES2N states, LIF spikes) between skreservoir and
ReservoirPy. The target is a ratio of at least 1 for every case (with the
compiled path). Results go to ``bench_zoo.json`` next to this script.

Usage::

    python benchmarks/bench_zoo.py             # about two minutes
    python benchmarks/bench_zoo.py --quick     # smaller sizes, smoke test
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from _common import load_average, machine_info, max_abs_diff, summarize, time_alternated

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from skreservoir import (  # noqa: E402
    ES2NReservoir,
    LIFReservoir,
    LocalPlasticityReservoir,
    Reservoir,
    config_context,
)

PACKAGES = ["skreservoir", "reservoirpy", "numpy", "scipy", "numba"]
FULL = {
    "steps": 2000,
    "units": (100, 500),
    "panel": (50, 200),
    "fit_steps": 1000,
    "fit_units": (100, 300),
}
QUICK = {"steps": 300, "units": (100,), "panel": (10, 100), "fit_steps": 200, "fit_units": (100,)}


def _series(n_steps, n_series=None, positive=False):
    rng = np.random.default_rng(0)
    shape = (n_steps, 1) if n_series is None else (n_series, n_steps, 1)
    values = rng.uniform(-1, 1, size=shape)
    return np.abs(values) if positive else values


def _plain(function):
    def run():
        with config_context(compiled=False):
            return function()

    return run


def _case(name, runners, repeats, compare=None):
    times, results = time_alternated(runners, repeats)
    record = {"case": name}
    for contender, values in times.items():
        record[contender] = summarize(values)
    rpy = record["reservoirpy"]["median_s"]
    record["reservoirpy_over_ours"] = round(rpy / record["ours"]["median_s"], 2)
    record["reservoirpy_over_ours_plain"] = round(rpy / record["ours, plain"]["median_s"], 2)
    if compare is not None:
        record["max_abs_diff_vs_reservoirpy"] = float(
            max_abs_diff(compare(results["ours"]), compare(results["reservoirpy"]))
        )
    print(
        f"{name:<34} {record['ours']['median_s'] * 1e3:9.2f} "
        f"{record['ours, plain']['median_s'] * 1e3:9.2f} {rpy * 1e3:9.2f} "
        f"{record['reservoirpy_over_ours']:8.2f} {record['reservoirpy_over_ours_plain']:8.2f} "
        f"{record.get('max_abs_diff_vs_reservoirpy', float('nan')):9.1e}"
    )
    return record


def _node_runners(estimator, node, X):
    def reset():
        if hasattr(node, "state"):  # initialised by a first run
            node.reset()

    return {
        "ours": (lambda: None, lambda: estimator.transform(X)),
        "ours, plain": (lambda: None, _plain(lambda: estimator.transform(X))),
        "reservoirpy": (
            reset,
            lambda: node.run(X if not isinstance(X, np.ndarray) or X.ndim == 2 else list(X)),
        ),
    }


def bench_es2n(sizes, repeats):
    from reservoirpy.nodes import ES2N

    records = []
    cases = [(n, _series(sizes["steps"])) for n in sizes["units"]]
    cases.append((100, _series(sizes["panel"][1], sizes["panel"][0])))
    for n_units, X in cases:
        es2n = ES2NReservoir(n_units, proximity=0.1, random_state=0).fit(X)
        node = ES2N(W=es2n.W_.toarray(), Win=es2n.W_in_, bias=es2n.bias_, O=es2n.O_, proximity=0.1)
        name = f"ES2N N={n_units} " + (
            f"series T={len(X)}" if X.ndim == 2 else f"panel {X.shape[0]}x{X.shape[1]}"
        )
        records.append(
            _case(name, _node_runners(es2n, node, X), repeats, compare=lambda out: np.asarray(out))
        )
    return records


def bench_lif(sizes, repeats):
    from reservoirpy.nodes import LIF

    records = []
    cases = [(n, _series(sizes["steps"], positive=True)) for n in sizes["units"]]
    cases.append((100, _series(sizes["panel"][1], sizes["panel"][0], positive=True)))
    for n_units, X in cases:
        lif = LIFReservoir(
            n_units, leak_rate=0.2, inhibitory=0.2, input_density=0.5, random_state=0
        ).fit(X)
        node = LIF(W=lif.W_.toarray(), Win=lif.W_in_, lr=0.2, threshold=lif.threshold)
        name = f"LIF N={n_units} " + (
            f"series T={len(X)}" if X.ndim == 2 else f"panel {X.shape[0]}x{X.shape[1]}"
        )
        records.append(
            _case(name, _node_runners(lif, node, X), repeats, compare=lambda out: np.asarray(out))
        )
    return records


def bench_plasticity(sizes, repeats):
    from reservoirpy.nodes import LocalPlasticityReservoir as RPyLocalPlasticity

    records = []
    X = _series(sizes["fit_steps"])
    for n_units in sizes["fit_units"]:
        params = dict(local_rule="oja", eta=1e-3, synapse_normalization=True)
        # the initial matrices, given to both
        start = Reservoir(n_units, random_state=0).fit(X)
        matrices = dict(W=start.W_.toarray(), Win=start.W_in_, bias=start.bias_)

        def rpy_fit(matrices=matrices):
            node = RPyLocalPlasticity(
                **{k: v.copy() for k, v in matrices.items()}, lr=1.0, **params
            )
            return node.fit(X)

        def ours_fit(matrices=matrices):
            return LocalPlasticityReservoir(
                W=matrices["W"], W_in=matrices["Win"], bias=matrices["bias"], **params
            ).fit(X)

        runners = {
            "ours": (lambda: None, ours_fit),
            "ours, plain": (lambda: None, _plain(ours_fit)),
            "reservoirpy": (lambda: None, rpy_fit),
        }
        records.append(_case(f"plasticity fit N={n_units} T={len(X)}", runners, repeats))
    return records


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    output = args.output or HERE / ("bench_zoo_quick.json" if args.quick else "bench_zoo.json")
    machine = machine_info(PACKAGES)
    load_start = load_average()
    print(
        f"{machine['cpu_model']}, {machine['usable_cores']} usable cores; "
        f"reservoirpy {machine['packages']['reservoirpy']}; load {load_start}"
    )
    print(f"median of {args.repeats} runs after one warm-up\n")
    print(
        f"{'case':<34} {'ours ms':>9} {'plain ms':>9} {'RPy ms':>9} {'RPy/ours':>8} "
        f"{'RPy/pl.':>8} {'|ours-RPy|':>9}"
    )
    records = bench_es2n(sizes, args.repeats) + bench_lif(sizes, args.repeats)
    records += bench_plasticity(sizes, args.repeats)
    slower = [r["case"] for r in records if r["reservoirpy_over_ours"] < 1.0]
    print(
        "\ntarget: at least as fast as ReservoirPy in every case (compiled path): "
        + ("met" if not slower else f"NOT met for {slower}")
    )
    load_end = load_average()
    report = {
        "benchmark": "bench_zoo",
        "quick": args.quick,
        "repeats": args.repeats,
        "sizes": {k: list(v) if isinstance(v, tuple) else v for k, v in sizes.items()},
        "load_average_1min": {"start": load_start, "end": load_end},
        "machine": machine,
        "cases": records,
        "target_met": not slower,
    }
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
