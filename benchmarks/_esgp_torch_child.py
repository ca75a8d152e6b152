"""Time epochs of the PyTorch ``esgp`` package on the adding problem (run in its own venv).

Run by ``bench_esgp.py`` with the interpreter of a separate virtual
environment holding ``torch`` and ``esgp`` (``pip install torch esgp``), so
that torch is never a dependency of skreservoir. Prints one JSON object: the
wall-clock and CPU seconds of each epoch, and the test MSE after them.

The model is the package's ``ESGP`` layer and an ``nn.Linear`` output read
from the last hidden state, trained by Adam on the mean squared error, with
the batch size and learning rate of ``ESGPRegressor``'s defaults. The adding
problem is drawn here with torch's generator (the same task and shapes as
``skreservoir.datasets.adding_problem``; this environment has no numpy).
"""

import json
import sys
import time

import torch
from esgp import ESGP


def adding_problem(n_series, n_timesteps, generator):
    values = torch.rand(n_series, n_timesteps, generator=generator)
    half = n_timesteps // 2
    first = torch.randint(0, half, (n_series,), generator=generator)
    second = torch.randint(half, n_timesteps, (n_series,), generator=generator)
    markers = torch.zeros(n_series, n_timesteps)
    rows = torch.arange(n_series)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    y = values[rows, first] + values[rows, second]
    return torch.stack([values, markers], dim=2), y[:, None]


def main():
    config = json.loads(sys.argv[1])
    if config.get("threads"):
        torch.set_num_threads(config["threads"])
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(0)
    dtype = torch.float64 if config["dtype"] == "float64" else torch.float32
    X, y = adding_problem(config["n_train"] + config["n_test"], config["n_timesteps"], generator)
    X, y = X.to(dtype), y.to(dtype)
    X_train, y_train = X[: config["n_train"]], y[: config["n_train"]]
    X_test, y_test = X[config["n_train"] :], y[config["n_train"] :]
    layer = ESGP(2, config["n_units"], num_layers=1, sparsity=config["density"]).to(dtype)
    output = torch.nn.Linear(config["n_units"], 1).to(dtype)
    parameters = [
        p for p in list(layer.parameters()) + list(output.parameters()) if p.requires_grad
    ]
    optimizer = torch.optim.Adam(parameters, lr=config["learning_rate"])
    batch = config["batch_size"]
    wall, cpu = [], []
    for _ in range(config["n_epochs"]):
        order = torch.randperm(len(X_train), generator=generator)
        began, began_cpu = time.perf_counter(), time.process_time()
        for start in range(0, len(order), batch):
            index = order[start : start + batch]
            _, h_n = layer(X_train[index])
            loss = torch.mean((output(h_n[-1]) - y_train[index]) ** 2)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    with torch.no_grad():
        _, h_n = layer(X_test)
        mse = float(torch.mean((output(h_n[-1]) - y_test) ** 2))
    print(
        json.dumps(
            {
                "wall_s": wall,
                "cpu_s": cpu,
                "test_mse": mse,
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
            }
        )
    )


if __name__ == "__main__":
    main()
