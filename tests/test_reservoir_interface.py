"""The reservoir interface (skreservoir._base.BaseReservoir), checked on every reservoir.

A new reservoir exported by ``skreservoir`` is picked up here (and by
``tests/test_common.py``) without a line of its own.
"""

import inspect

import numpy as np
import pytest
from numpy.testing import assert_allclose

import skreservoir
from skreservoir import Reservoir
from skreservoir._base import BaseReservoir

RNG = np.random.default_rng(0)
SERIES = RNG.normal(size=(60, 2))


def _reservoirs():
    found = []
    for name in skreservoir.__all__:
        obj = getattr(skreservoir, name)
        if inspect.isclass(obj) and issubclass(obj, BaseReservoir):
            params = {}
            signature = inspect.signature(obj.__init__).parameters
            if "reservoirs" in signature:
                params["reservoirs"] = [Reservoir(n_units=20, random_state=0),
                                        Reservoir(n_units=10, density=0.5, random_state=1)]
            elif "n_units" in signature:
                params.update(n_units=30, random_state=0)
                if "leak_rate" in signature:
                    params["leak_rate"] = 0.5
            found.append(obj(**params))
    return found


RESERVOIRS = _reservoirs()
IDS = [type(r).__name__ for r in RESERVOIRS]


def test_every_reservoir_is_found():
    """Check that the discovery sees the reservoirs of the package."""
    assert {"Reservoir", "IPReservoir", "ReservoirStack", "NVAR", "ES2NReservoir",
            "LIFReservoir", "LocalPlasticityReservoir"} <= set(IDS)


@pytest.mark.parametrize("reservoir", RESERVOIRS, ids=IDS)
def test_run_batch_is_transform(reservoir):
    """Check that run_batch gives transform's outputs and the final state of each series."""
    fitted = reservoir.fit(SERIES)
    outputs, finals = fitted.run_batch([SERIES, SERIES[:25]])
    assert_allclose(outputs[0], fitted.transform(SERIES), rtol=1e-12, atol=1e-14)
    assert_allclose(outputs[1], fitted.transform(SERIES[:25]), rtol=1e-12, atol=1e-14)
    assert outputs[0].shape == (len(SERIES), fitted.output_size_)
    assert finals.shape == (2, np.shape(fitted.initial_state_)[0])
    assert isinstance(fitted.n_warmup_, int)


@pytest.mark.parametrize("reservoir", RESERVOIRS, ids=IDS)
def test_continuing_from_a_final_state_equals_one_run(reservoir):
    """Check that a series run in two parts, the second from the first's final state,
    gives the outputs of one run."""
    fitted = reservoir.fit(SERIES)
    whole, whole_final = fitted.run_batch([SERIES])
    (first,), state = fitted.run_batch([SERIES[:30]])
    (second,), final = fitted.run_batch([SERIES[30:]], state)
    assert_allclose(np.concatenate([first, second]), whole[0], rtol=1e-12, atol=1e-12)
    assert_allclose(final, whole_final, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("reservoir", RESERVOIRS, ids=IDS)
def test_step_advances_like_run_batch(reservoir):
    """Check that one step from a final state is the next step of run_batch, and that
    state_output of a final state is the last output row."""
    fitted = reservoir.fit(SERIES)
    (outputs,), state = fitted.run_batch([SERIES[:40]])
    assert_allclose(fitted.state_output(state[0]), outputs[-1], rtol=1e-12, atol=1e-12)
    stepped = fitted.step(state[0], SERIES[40])
    _, expected = fitted.run_batch([SERIES[:41]])
    assert_allclose(stepped, expected[0], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("reservoir", RESERVOIRS, ids=IDS)
def test_feedback_drive(reservoir):
    """Check that a zero drive changes nothing where feedback is supported, and that a
    drive is refused where it is not."""
    fitted = reservoir.fit(SERIES)
    if not fitted.supports_feedback:
        with pytest.raises(TypeError, match="does not support output feedback"):
            fitted.run_batch([SERIES], drive=[np.zeros((len(SERIES), 1))])
        return
    zeros = [np.zeros((len(SERIES), fitted.drive_size_))]
    assert_allclose(fitted.run_batch([SERIES], drive=zeros)[0][0],
                    fitted.run_batch([SERIES])[0][0], rtol=1e-12, atol=1e-14)
    ones = [np.ones((len(SERIES), fitted.drive_size_))]
    assert not np.allclose(fitted.run_batch([SERIES], drive=ones)[0][0],
                           fitted.run_batch([SERIES])[0][0])


@pytest.mark.parametrize("reservoir", RESERVOIRS, ids=IDS)
def test_feature_names_and_set_output(reservoir):
    """Every reservoir names its outputs (one name per output column) and
    set_output(transform="pandas") gives a DataFrame with those columns."""
    fitted = reservoir.fit(SERIES)
    names = fitted.get_feature_names_out()
    assert len(names) == fitted.output_size_
    frame = fitted.set_output(transform="pandas").transform(SERIES)
    assert list(frame.columns) == list(names)
    fitted.set_output(transform="default")


def test_esn_transformer_names_its_features():
    """ESNTransformer names its n_features_out_ columns."""
    from skreservoir import ESNTransformer

    panel = RNG.normal(size=(6, 20, 2))
    transformer = ESNTransformer(Reservoir(10, random_state=0)).fit(panel)
    assert len(transformer.get_feature_names_out()) == transformer.n_features_out_


@pytest.mark.parametrize("make", [lambda: Reservoir(n_units=20, random_state=0),
                                  lambda: skreservoir.NVAR(delay=1, order=2)])
def test_pandas_output_refuses_a_panel_by_name(make):
    """Check that set_output(transform="pandas") with a panel names the option and the
    fixes (scikit-learn's wrapper failed with "Must pass 2-d input"), while one series
    gives a DataFrame and the ESNs with such a part still take panels."""
    pd = pytest.importorskip("pandas", reason="pandas output needs pandas (not a core "
                             "dependency; the sktime extra brings it)")
    rng = np.random.default_rng(0)
    panel = [pd.DataFrame(rng.normal(size=(30, 2)), columns=["a", "b"]) for _ in range(3)]
    part = make().set_output(transform="pandas").fit(panel[0])
    assert isinstance(part.transform(panel[0]), pd.DataFrame)
    for X in (panel, np.stack([p.to_numpy() for p in panel])):
        with pytest.raises(ValueError, match=r"set_output\(transform='pandas'\).*3 series.*"
                                             r"one by one.*transform='default'"):
            part.transform(X)
    esn = skreservoir.ESNRegressor(make().set_output(transform="pandas"))
    assert esn.fit(panel, [p["a"].to_numpy() for p in panel]).predict(panel)[0].shape == (30,)
