"""Streams of plasticity reservoirs, missing class labels, and ReservoirPy's node calls."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

from skreservoir import (
    NVAR,
    ESGPClassifier,
    ESNClassifier,
    ESNRegressor,
    ESNTransformer,
    ForceReadout,
    ForceReadoutClassifier,
    IPReservoir,
    LocalPlasticityReservoir,
    Reservoir,
    RidgeReadout,
)
from skreservoir.exceptions import ReservoirStateWarning


def _dense(W):
    return W.toarray() if hasattr(W, "toarray") else np.asarray(W)


@pytest.fixture
def stream():
    rng = np.random.default_rng(0)
    u = rng.normal(size=(400, 1))
    return u, np.roll(u[:, 0], 1)


# -- plasticity reservoirs in a partial_fit stream ---------------------------------
@pytest.mark.parametrize("make, enough", [
    (lambda: IPReservoir(20, random_state=0), 40),
    (lambda: LocalPlasticityReservoir(20, random_state=0), 200),
])
@pytest.mark.parametrize("classifier", [False, True])
def test_plasticity_reservoir_warns_when_the_first_chunk_is_too_short(stream, make, enough,
                                                                      classifier):
    """Check that a plasticity reservoir streamed one row at a time warns that it adapts on
    the first chunk only (naming the fixes), stays as it is for the rest of the stream, and
    that a first chunk long enough, or its weights learnt first in a plain Reservoir, do not
    warn."""
    u, y = stream
    if classifier:
        y = np.where(y > 0, "up", "down")
        esn = ESNClassifier(make(), ForceReadoutClassifier(), washout=0)
        kwargs = {"classes": ["down", "up"]}
    else:
        esn = ESNRegressor(make(), ForceReadout(), washout=0)
        kwargs = {}
    name = type(esn).__name__
    with pytest.warns(ReservoirStateWarning,
                      match=rf"{name}.partial_fit fitted its \w+ on the first call's 1 "
                            rf"step\(s\) only.*first chunk of at least {enough} steps.*"
                            r"Reservoir\(W=r.W_, W_in=r.W_in_, bias=r.bias_"):
        esn.partial_fit(u[:1], y[:1], **kwargs)
    W = _dense(esn.reservoir_.W_).copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)  # said once, on the first call
        for t in range(1, 30):
            esn.partial_fit(u[t:t + 1], y[t:t + 1])
        esn.partial_fit(u[30:300], y[30:300])
    assert_allclose(_dense(esn.reservoir_.W_), W, rtol=0)  # frozen after the first call

    with warnings.catch_warnings():
        warnings.simplefilter("error", ReservoirStateWarning)
        type(esn)(make(), washout=0).partial_fit(u[:enough], y[:enough], **kwargs)
        # the fix the message names: learn first, stream with the weights
        r = make().fit(u)
        plain = Reservoir(W=r.W_, W_in=r.W_in_, bias=r.bias_, leak_rate=r.leak_rate,
                          activation=r.activation)
        assert_allclose(plain.fit(u).transform(u), r.transform(u), rtol=1e-12)
        type(esn)(plain, washout=0).partial_fit(u[:1], y[:1], **kwargs)


# -- missing class labels -------------------------------------------------------------
def _label_cases():
    rng = np.random.default_rng(0)
    step_X = rng.normal(size=(40, 1))
    step_y = (rng.normal(size=40) > 0).astype(float)
    step_y[5] = np.nan
    panel = rng.normal(size=(6, 20, 1))
    listed_X = [rng.normal(size=(20, 1)), rng.normal(size=(15, 1))]
    listed_y = [np.r_[np.zeros(10), np.ones(10)], np.r_[np.ones(7), np.nan, np.zeros(7)]]
    return {
        "per_step_float": (step_X, step_y, 5),
        "per_step_list": (listed_X, listed_y, 27),
        "per_series_float": (panel, np.array([0, 1, np.nan, 1, 0, 1]), 2),
        "per_series_object": (panel, np.array([0, 1, np.nan, 1, 0, 1], dtype=object), 2),
        "per_series_none": (panel, np.array(["a", "b", None, "a", "b", "a"], dtype=object), 2),
    }


def _missing_label_error(estimator, X, y, method="fit"):
    """The ValueError of ``estimator.method(X, y)``, with a RuntimeWarning an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(ValueError) as caught:
            if method == "fit":
                estimator.fit(X, y)
            else:
                estimator.partial_fit(X, y, classes=[0.0, 1.0])
    return str(caught.value)


@pytest.mark.parametrize("case", list(_label_cases()))
def test_esgp_classifier_names_a_missing_label(case):
    """Check that ESGPClassifier given a NaN (or None) label raises a ValueError naming y,
    where it is and the fix, without numpy's 'invalid value encountered in cast'."""
    X, y, position = _label_cases()[case]
    message = _missing_label_error(ESGPClassifier(n_units=8, max_iter=2, random_state=0), X, y)
    assert (f"y passed to ESGPClassifier has 1 missing label(s) (NaN or None; the first at "
            f"position {position} of y.ravel())") in message
    assert "give them a class of their own" in message


@pytest.mark.parametrize("method", ["fit", "partial_fit"])
@pytest.mark.parametrize("case", ["per_step_float", "per_step_list"])
def test_esn_classifier_names_a_missing_label_per_step(case, method):
    """Check that ESNClassifier names a missing label per time step (fit and partial_fit) as
    it names one per series, not by scikit-learn's 'Input y contains NaN'."""
    X, y, position = _label_cases()[case]
    message = _missing_label_error(ESNClassifier(), X, y, method)
    assert (f"y passed to ESNClassifier has 1 missing label(s) (NaN or None; the first at "
            f"position {position} of y.ravel())") in message


@pytest.mark.parametrize("case", list(_label_cases()))
def test_esgp_and_esn_classifiers_say_the_same_of_a_missing_label(case):
    """Check that ESGPClassifier.partial_fit and ESNClassifier.fit refuse the same labels
    with the same words."""
    X, y, _ = _label_cases()[case]
    esgp = _missing_label_error(ESGPClassifier(n_units=8, max_iter=2, random_state=0), X, y,
                                "partial_fit")
    esn = _missing_label_error(ESNClassifier(), X, y)
    assert esgp.replace("ESGPClassifier", "ESNClassifier") == esn


@pytest.mark.parametrize("make", [lambda: ESGPClassifier(n_units=8, max_iter=2, random_state=0),
                                  ESNClassifier])
@pytest.mark.parametrize("per_series", [False, True])
def test_infinite_labels_raise_without_a_cast_warning(make, per_series):
    """Check that an inf label raises scikit-learn's ValueError without numpy's 'invalid
    value encountered in cast' RuntimeWarning before it."""
    rng = np.random.default_rng(0)
    if per_series:
        X, y = rng.normal(size=(6, 20, 1)), np.array([0, 1, np.inf, 1, 0, 1])
    else:
        X, y = rng.normal(size=(40, 1)), (rng.normal(size=40) > 0).astype(float)
        y[5] = np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(ValueError, match="infinity"):
            make().fit(X, y)


# -- ReservoirPy's node call and workers ----------------------------------------------
@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    return X, {
        "ESNRegressor": ESNRegressor(Reservoir(20, random_state=0)).fit(X, X[:, 0]),
        "ESNClassifier": ESNClassifier(Reservoir(20, random_state=0)).fit(X, X[:, 0] > 0),
        "Reservoir": Reservoir(20, random_state=0).fit(X),
        "NVAR": NVAR(2, 2).fit(X),
        "RidgeReadout": RidgeReadout().fit(X, X[:, 0]),
    }


@pytest.mark.parametrize("name, hint", [
    ("ESNRegressor", r"esn.predict\(X\) gives the outputs.*initial_state='continue'.*"
                     r"esn.predict\(x\[None, :\], initial_state='continue'\)"),
    ("ESNClassifier", r"clf.predict\(X\) gives the labels.*initial_state='fit'"),
    ("Reservoir", r"reservoir.transform\(X\) gives the states.*reservoir.step\(s, x\)"),
    ("NVAR", r"reservoir.transform\(X\)"),
    ("RidgeReadout", r"readout.predict\(X\) gives its outputs"),
])
def test_node_call_names_the_method(fitted, name, hint):
    """Check that calling an estimator as a ReservoirPy node (esn(X)) raises a TypeError
    naming the method to call, not Python's bare 'object is not callable'."""
    X, estimators = fitted
    with pytest.raises(TypeError, match=rf"^{name} is not callable: ReservoirPy's node "
                                        rf"call .*{hint}"):
        estimators[name](X)
    with pytest.raises(TypeError, match="is not callable"):
        estimators[name](X[0])  # one step, as node(x) takes it


@pytest.mark.parametrize("name, method", [
    ("ESNRegressor", "predict"), ("ESNRegressor", "fit"), ("ESNClassifier", "predict"),
    ("Reservoir", "transform"), ("RidgeReadout", "predict"),
])
def test_workers_keyword_names_what_parallelises(fitted, name, method):
    """Check that ReservoirPy's workers= keyword raises a TypeError that says how the
    estimator runs a panel and how to parallelise instead, not Python's 'unexpected
    keyword argument'."""
    X, estimators = fitted
    args = (X, X[:, 0]) if method == "fit" else (X,)
    with pytest.raises(TypeError, match=rf"^{name}.{method} got 'workers', ReservoirPy's "
                                        r"keyword.*has no n_jobs.*dask array.*"
                                        r"n_jobs=2\).*'Scaling out'"):
        getattr(estimators[name], method)(*args, workers=2)


def test_workers_keyword_names_n_jobs_where_the_estimator_has_it():
    """Check that workers= given to ESNTransformer.transform names its own n_jobs."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4, 30, 1))
    transformer = ESNTransformer(Reservoir(10, random_state=0)).fit(X)
    with pytest.raises(TypeError, match=r"ESNTransformer.transform got 'workers'.*"
                                        r"ESNTransformer\(n_jobs=-1\)"):
        transformer.transform(X, workers=-1)


def test_stack_layers_that_learn_do_so_on_what_drives_them():
    """Check that a ReservoirStack's IPReservoir layers learn on the stack's input and on
    the states of the layer below (ReservoirStack.fit drew every layer on one row of
    zeros: its plasticity layers stayed as drawn, silently), and that a stream whose
    first chunk is too short for such a layer warns."""
    from skreservoir import ReservoirStack

    rng = np.random.default_rng(0)
    X = np.sin(np.arange(600) / 7.0)[:, None] + 0.1 * rng.standard_normal((600, 1))
    stack = ReservoirStack([IPReservoir(40, epochs=2, random_state=1),
                            IPReservoir(30, epochs=2, random_state=2)]).fit(X)
    first, second = stack.reservoirs_
    alone = IPReservoir(40, epochs=2, random_state=first.random_state).fit(X)
    above = IPReservoir(30, epochs=2, random_state=second.random_state).fit(alone.transform(X))
    assert_allclose(first.gain_, alone.gain_)
    assert_allclose(second.gain_, above.gain_)
    assert np.abs(second.gain_ - 1.0).max() > 0.1  # it learnt
    with pytest.warns(ReservoirStateWarning, match="IPReservoir on the first call's 1 step"):
        ESNRegressor(ReservoirStack([Reservoir(20, random_state=0), IPReservoir(20)]),
                     ForceReadout(), washout=0).partial_fit(X[:1], X[1:2, 0])


@pytest.mark.parametrize("name", ["W", "W_in", "bias", "activation", "O"])
def test_an_estimator_given_for_weights_or_activation_is_refused_by_name(name):
    """Check that an estimator (callable since its node call raises) given where an array
    or a function goes is refused naming the parameter, not called (a review found
    activation=Reservoir() fitted silently and W=Reservoir() blamed the node call)."""
    with pytest.raises(ValueError, match=rf"The '{name}' parameter of (ES2N)?Reservoir must "
                                         r"be .*got the estimator Reservoir"):
        from skreservoir import ES2NReservoir

        kind = ES2NReservoir if name == "O" else Reservoir
        kind(n_units=10, **{name: Reservoir()}).fit(np.zeros((5, 1)))


def test_stack_layers_that_learn_read_every_series_of_a_dask_panel():
    """Check that a learning layer of a stack fitted on a dask panel learns on every
    series, as the layer alone does (the stack read the first block only)."""
    da = pytest.importorskip(
        "dask.array", reason="dask is an optional extra (pip install \"skreservoir[dask]\")")
    from skreservoir import ReservoirStack

    panel = np.random.default_rng(0).normal(size=(4, 100, 2))
    chunked = da.from_array(panel, chunks=(2, 100, 2))
    stack = ReservoirStack([IPReservoir(4, random_state=1)]).fit(chunked)
    alone = IPReservoir(4, random_state=stack.reservoirs_[0].random_state).fit(panel)
    assert_allclose(stack.reservoirs_[0].gain_, alone.gain_)
