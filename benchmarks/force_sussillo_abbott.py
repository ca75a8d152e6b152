"""FORCE learning of Sussillo and Abbott's sum of four sines: own output or teacher forcing.

Sussillo and Abbott (2009) train a chaotic network (gain 1.5) to generate a
sum of four sines with no input, the readout learning by recursive least
squares while the network's own output is fed back (FORCE). A port of the
paper found that ``partial_fit`` with feedback teacher-forces (feeds back the
target), which in this chaotic regime needs more units. This script trains
``ESNRegressor(Reservoir(N, spectral_radius=1.5, leak_rate=0.1, density=0.1,
bias_scaling=0), ForceReadout(alpha=1), feedback=True, W_fb=U(-1, 1),
feedback_noise=0, washout=0)`` on 12000 steps in chunks of 500 (time step
0.1, the target of the paper's code: amplitude 1.3, frequency 1/60), with
``partial_fit_feedback="output"`` (FORCE: the output after each update fed
back) and ``"target"`` (teacher forcing), then free-runs it for 2400 steps,
and prints the NRMSE of the free run and the training time per step.

    python benchmarks/force_sussillo_abbott.py            # 300 and 1000 units, about 10 s
    python benchmarks/force_sussillo_abbott.py --sizes 300
"""

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import machine_info  # noqa: E402

N_TRAIN, N_TEST, DT, CHUNK = 12000, 2400, 0.1, 500


def target():
    t = np.arange(N_TRAIN + N_TEST) * DT
    amp, freq = 1.3, 1 / 60
    f = (amp * np.sin(np.pi * freq * t) + amp / 2 * np.sin(2 * np.pi * freq * t)
         + amp / 6 * np.sin(3 * np.pi * freq * t) + amp / 3 * np.sin(4 * np.pi * freq * t))
    return (f / 1.5)[:, None]


def run(n_units, mode):
    from skreservoir import ESNRegressor, ForceReadout, Reservoir
    from skreservoir.metrics import nrmse

    f = target()
    zeros = np.zeros_like(f)
    W_fb = np.random.default_rng(0).uniform(-1, 1, size=(n_units, 1))
    esn = ESNRegressor(Reservoir(n_units=n_units, spectral_radius=1.5, leak_rate=DT,
                                 density=0.1, bias_scaling=0.0, random_state=0),
                       ForceReadout(alpha=1.0), feedback=True, W_fb=W_fb, feedback_noise=0.0,
                       washout=0, partial_fit_feedback=mode)
    start = time.perf_counter()
    for s in range(0, N_TRAIN, CHUNK):
        esn.partial_fit(zeros[s:s + CHUNK], f[s:s + CHUNK])
    seconds = time.perf_counter() - start
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        free = esn.generate(N_TEST, inputs=zeros[N_TRAIN:])
    return {"n_units": n_units, "partial_fit_feedback": mode,
            "free_run_nrmse": float(nrmse(f[N_TRAIN:], free)),
            "train_us_per_step": seconds / N_TRAIN * 1e6}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--output", type=Path, default=HERE / "force_sussillo_abbott.json")
    args = parser.parse_args(argv)
    records = []
    for n_units in args.sizes:
        for mode in ("output", "target"):
            record = run(n_units, mode)
            records.append(record)
            print(f"{n_units:>5} units, partial_fit_feedback={mode!r:>9}: free-run NRMSE "
                  f"{record['free_run_nrmse']:.3g}, {record['train_us_per_step']:.0f} us a "
                  "training step", flush=True)
    args.output.write_text(json.dumps({
        "machine": machine_info(["numpy", "scipy", "skreservoir"]),
        "records": records}, indent=1) + "\n")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
