"""The reservoir and readout interfaces that every model of the package builds on.

A *reservoir* maps series to rows of outputs (states, features) while
carrying an internal state from step to step. The models built on one (the
ESN composites, :class:`~skreservoir.ESNTransformer`, the forecasters, the
classifier) use it only through :class:`BaseReservoir`:

- ``initial_state_`` (fitted): where every series starts; its size is the
  size of the internal state, which may differ from the output size
  (:class:`~skreservoir.NVAR` keeps a delay buffer).
- :attr:`~BaseReservoir.output_size_`: values per output row.
- :attr:`~BaseReservoir.n_warmup_`: rows at the start of a series that are
  not complete outputs (NVAR's delay window), 0 for a recurrent reservoir.
- :attr:`~BaseReservoir.supports_feedback`: whether :meth:`run_batch` and
  :meth:`step` accept a ``drive`` (output feedback, of size
  :attr:`~BaseReservoir.drive_size_`).
- :meth:`~BaseReservoir.run_batch`: a batch of validated series from given
  states, with an optional drive; the outputs and the final states.
- :meth:`~BaseReservoir.step`: one closed-loop step of the internal state;
  :meth:`~BaseReservoir.state_output`: the output row of an internal state.

Written once here on top of those: :meth:`~BaseReservoir.run_feedback`
(outputs fed back through ``W_fb``), :meth:`~BaseReservoir.generate` (the
closed loop) and :meth:`~BaseReservoir.transform` (namespace, validation,
layout, run, restore).

A *linear readout* (the skreservoir readouts) exposes
:meth:`linear_readout`-compatible ``coef_`` and ``intercept_``;
:func:`linear_readout` turns any fitted regressor into the one-row function
a closed loop calls.
"""

import functools
import inspect
import math
import numbers
import operator
import warnings

import numpy as np
from array_api_compat import array_namespace
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    clone,
)
from sklearn.utils import check_random_state

from skreservoir._backend import (
    HostPickleMixin,
    check_same_namespace,
    compute_namespace,
    device_of,
    input_namespace,
    is_numpy,
    output_for,
    to_host,
    to_namespace,
)
from skreservoir._config import get_config
from skreservoir._dask import is_dask_collection, map_series_blocks
from skreservoir._panel import pool_states, series_chunks
from skreservoir._recurrence import closed_loop, closed_loop_remedy
from skreservoir._sklearn_compat import _ExplainedAvailability, check_is_fitted
from skreservoir._validation import (
    check_container_output,
    check_pooling,
    refuse_class,
    restore_layout,
    validate_series,
)

#: ReservoirPy's parameter names and ours.
RESERVOIRPY_NAMES = {
    "units": "n_units",
    "sr": "spectral_radius",
    "lr": "leak_rate",
    "rc_connectivity": "density",
    "input_connectivity": "input_density",
    "Win": "W_in",
    "strides": "stride",
    "fb_connectivity": "feedback_density",  # the density of Wfb (ReservoirPy 0.3)
    "ridge": "alpha",
    "warmup": "washout",
    "seed": "random_state",
    "fb_scaling": "feedback_scaling",
    "Wfb": "W_fb",  # ReservoirPy 0.3's feedback weights (0.4.2: Win's last columns)
    "forgetting": "forgetting_factor",
    "fit_bias": "fit_intercept",
    "noise_rc": "noise",
    "noise_in": "input_noise",
    "input_bias": "bias_scaling",
    "input_to_readout": "include_input",
    "feedback": "feedback",
}

#: Other reservoir libraries' parameter names and ours: name -> (ours, whose name).
OTHER_LIBRARY_NAMES = {
    "hidden_layer_size": ("n_units", "PyRCN's"),
    "n_reservoir": ("n_units", "echoes' and pyESN's"),
    "leakage": ("leak_rate", "PyRCN's"),
    "reservoir_activation": ("activation", "PyRCN's"),
    "decision_strategy": ("decision", "PyRCN's"),
    "n_transient": ("washout", "echoes'"),
    "ridge_alpha": ("alpha", "echoes'"),
    "teacher_forcing": ("feedback", "pyESN's"),
    "n_internal_units": ("n_units", "reservoir-computing's"),
    "connectivity": ("density", "reservoir-computing's"),
    "leak": ("leak_rate", "reservoir-computing's"),
    "noise_level": ("noise", "reservoir-computing's"),
    "n_drop": ("washout", "reservoir-computing's"),
    "bidir": ("bidirectional", "reservoir-computing's"),
    "n_dim": ("n_components", "reservoir-computing's"),
    "w_ridge_embedding": ("ridge_alpha", "reservoir-computing's"),
    "mts_rep": ("representation", "reservoir-computing's"),
    "w_ridge": ("alpha", "reservoir-computing's"),
    "regressor": ("readout", "PyRCN's"),
    "reservoir_size": ("n_units", "PyRCN 0.0's"),
    "beta": ("alpha", "PyRCN 0.0's"),
    "wash_out": ("washout", "PyRCN 0.0's"),
}

#: reservoir-computing's (Bianchi's) reservoir keywords: its reservoir also has dense
#: input weights and no bias, which the translation of its names does not carry.
_BIANCHI_RESERVOIR = {"n_internal_units", "connectivity", "leak", "noise_level", "circle"}

#: The values of other libraries' keywords that are named otherwise here:
#: name -> {their value: ours}.
OTHER_LIBRARY_VALUES = {
    # PyRCN's rules over the frames' outputs: summed (argmax), their median, the last
    "decision_strategy": {"winner_takes_all": "mean", "median": "mean", "last_value": "last"},
    "mts_rep": {"output": "output_model_space", "reservoir": "reservoir_model_space"},
}

#: Other reservoir libraries' keywords with no one-to-one counterpart here, and what to do.
_OTHER_LIBRARY_ONLY = {
    "sparsity": "echoes' and pyESN's fraction of zero weights in W (density = 1 - "
                "sparsity), PyRCN's fraction of nonzero ones (density = sparsity): pass "
                "the reservoir's density",
    "k_rec": "PyRCN's nonzero weights per unit of W: pass the reservoir's density = "
             "k_rec / n_units",
    "k_in": "PyRCN's nonzero input weights per unit: pass the reservoir's input_density "
            "= k_in / n_features",
    "input_shift": "a shift of the inputs is a preprocessing step here: put a scaler "
                   "before the ESN in a Pipeline",
    "bias_shift": "the bias is drawn around 0 and scaled by the reservoir's bias_scaling; "
                  "a given bias=array is used as it is",
    "teacher_shift": "a shift of the targets is a preprocessing step here: "
                     "sklearn.compose.TransformedTargetRegressor",
    "teacher_scaling": "a scaling of the targets is a preprocessing step here: "
                       "sklearn.compose.TransformedTargetRegressor",
    "regression_method": "the readout is an estimator of its own: "
                         "readout=RidgeReadout(alpha=...) (a pseudo-inverse is a tiny alpha)",
    "input_to_node": "PyRCN's input layer is the reservoir's W_in, input_scaling and "
                     "input_density: reservoir=Reservoir(...)",
    "node_to_node": "PyRCN's recurrent layer is reservoir=Reservoir(...)",
    "k_res": "PyRCN 0.0's nonzero weights per unit of W: pass the reservoir's density = "
             "k_res / n_units",
    "bidirectional": "a bidirectional ESN (PyRCN's) runs each series forwards and "
                     "backwards: ESNTransformer(bidirectional=True) in a Pipeline before a "
                     "classifier, or ESNTimeSeriesClassifier(bidirectional=True)",
    "bi_directional": "a bidirectional ESN (PyRCN 0.0's) runs each series forwards and "
                      "backwards: ESNTransformer(bidirectional=True) in a Pipeline before a "
                      "classifier, or ESNTimeSeriesClassifier(bidirectional=True)",
    "input_activation": "PyRCN's input activation 'identity' is the standard ESN, as here "
                        "(the input enters the units' sums linearly); another has no "
                        "counterpart",
    "continuation": "PyRCN's state carried across calls is predict(X, "
                    "initial_state='fit') here (continues from the end of training)",
    "requires_sequence": "the layout of X says it here: a 2D array is one series, a 3D "
                         "array or a list of 2D arrays (or an object array of them) a panel",
    "circle": "reservoir-computing's cycle reservoir is W=skreservoir.weights.ring",
    "dimred_method": "reservoir-computing's PCA of the states ('pca') is n_components=...; "
                     "its tensor PCA ('tenpca') has no counterpart",
    "readout_type": "reservoir-computing's representation alone (None) is "
                    "ESNTransformer.fit_transform; its readouts ('lin', 'svm', 'mlp') are "
                    "estimators here, make_pipeline(ESNTransformer(...), RidgeClassifier() "
                    "or SVC() or MLPClassifier()) (ESNTimeSeriesClassifier standardises "
                    "the features before its classifier: an SVC's gamma tuned there differs)",
}


def translated_name(key):
    """``(ours, "whose")`` for another library's parameter name (ReservoirPy's first), or None."""
    if key in RESERVOIRPY_NAMES:
        return RESERVOIRPY_NAMES[key], "ReservoirPy's"
    return OTHER_LIBRARY_NAMES.get(key)


#: ReservoirPy's boolean keywords whose counterpart here is a number: name -> (the value
#: of False, of True). ``input_bias=True`` draws the bias with the input weights' scale
#: (ReservoirPy's input_scaling, 1 by default).
_RESERVOIRPY_BOOL_VALUES = {"input_bias": (0.0, 1.0)}


def _translated_value(key, value):
    """``value`` of another library's keyword ``key`` as ours (:data:`OTHER_LIBRARY_VALUES`,
    :data:`_RESERVOIRPY_BOOL_VALUES`)."""
    if isinstance(value, (bool, np.bool_)) and key in _RESERVOIRPY_BOOL_VALUES:
        return _RESERVOIRPY_BOOL_VALUES[key][bool(value)]
    if isinstance(value, str):
        return OTHER_LIBRARY_VALUES.get(key, {}).get(value, value)
    return value


def _no_counterpart(key):
    """Why a keyword of another library has no counterpart here, and whether it is of
    a library other than ReservoirPy; None for any other keyword."""
    if key in _RESERVOIRPY_ONLY:
        return (f"{key!r}, ReservoirPy's keyword with no counterpart here: "
                f"{_RESERVOIRPY_ONLY[key]}"), False
    if key in _OTHER_LIBRARY_ONLY:
        return f"{key!r}, {_OTHER_LIBRARY_ONLY[key]}", True
    return None


#: ReservoirPy's attribute names (of nodes and models) and where ours are.
_RESERVOIRPY_ATTRIBUTES = {
    "Win": "the fitted input weights are W_in_ (W_ and bias_ the others; the "
           "parameters W, W_in and bias are what was passed, None when drawn)",
    "Wout": "a fitted readout's weights are coef_, of shape (n_outputs, n_features), "
            "ReservoirPy's Wout transposed, and intercept_, its bias (esn.readout_.coef_)",
    "Wfb": "the fitted feedback weights are the ESN's W_fb_",
    "state": "an ESN's state after the last input of fit or partial_fit is state_; a "
             "reservoir's states are the rows of transform(X)",
    "units": "the number of units is n_units_ (the parameter n_units)",
    "output_dim": "the output size is output_size_ (a reservoir), n_outputs_ (an ESN) "
                  "or n_features_out_ (NVAR)",
    "input_dim": "the number of input features is n_features_in_",
    "bias": "a fitted readout's bias is intercept_ (esn.readout_.intercept_); a fitted "
            "reservoir's unit biases are bias_",
    "lr": "the leak rate is a reservoir's parameter leak_rate (get_params()['leak_rate'])",
    "sr": "the spectral radius is a reservoir's parameter spectral_radius (its fitted "
          "W_ is scaled to it)",
    "nodes": "an ESN's parts are its parameters reservoir and readout, fitted as "
             "reservoir_ and readout_",
    "initialize": "fit(X) draws the weights (a reservoir reads only the number of "
                  "features of X), as ReservoirPy's initialize does",
    "with_state": "a start is given per call, with nothing to restore after it: an "
                  "ESN's predict(X, initial_state=s) and a reservoir's transform(X, "
                  "initial_state=s) start from s (an ESN's initial_state='fit': from the "
                  "end of training); a readout has no state",
}

#: What ``a >> b`` and ``a << b`` (ReservoirPy's node connections) say here.
_CHAINING_HINT = (
    "{name} does not connect with {op} (ReservoirPy's node connection): an ESN is one "
    "estimator, ESNRegressor(reservoir=Reservoir(...), readout=RidgeReadout(...)) for "
    "reservoir >> readout (ESNClassifier for labels), with feedback=True for "
    "reservoir << readout; reservoirs in series are ReservoirStack([r1, r2]), side by "
    "side ([r1, r2] >> readout) ReservoirStack([r1, r2], parallel=True); "
    "see the user guide's page for ReservoirPy users.")

#: ReservoirPy's constructor keywords that have no counterpart here, and why.
_RESERVOIRPY_ONLY = {
    "name": "an estimator has no name (a Pipeline names its steps)",
    "input_dim": "the input size is read from X at fit (n_features_in_)",
    "output_dim": "the output size is read from the data at fit (a reservoir's is "
                  "n_units, a readout's the number of columns of y)",
    "Wout": "a readout has no initial weights to give: ForceReadout and LMSReadout "
            "start from zeros, RidgeReadout solves its weights; to go on learning, "
            "call partial_fit on the fitted readout (its weights are coef_ and "
            "intercept_)",
}

#: Where a keyword a class does not take may belong, tried in this order.
_OWNERS = ("skreservoir.reservoir.Reservoir", "skreservoir.readout.RidgeReadout",
           "skreservoir.readout.ForceReadout", "skreservoir.readout.LMSReadout",
           "skreservoir.nvar.NVAR", "skreservoir.esn.ESNRegressor")


def _short_repr(value):
    """``repr(value)``, or ``...`` where it is long (a matrix). A ReservoirPy
    initializer as its user wrote it: ``normal``, ``normal(loc=1.0)`` (its own repr,
    ``_normal('loc': 1.0)``, could not be pasted into the call to pass)."""
    function = getattr(value, "_func", None)
    if type(value).__module__.split(".")[0] == "reservoirpy" and callable(function):
        settings = getattr(value, "_kwargs", None) or {}
        name = getattr(function, "__name__", "initializer").lstrip("_")
        text = (f"{name}({', '.join(f'{k}={v!r}' for k, v in settings.items())})"
                if settings else name)
    else:
        text = repr(value)
    return "..." if len(text) > 40 or "\n" in text else text


def same_value(value, other):
    """Whether two parameter values are equal: arrays by their values (a scalar
    against every entry), False where they cannot be compared."""
    try:
        return value is other or bool(value == other)
    except (TypeError, ValueError):
        try:
            return bool(np.all(np.asarray(value) == np.asarray(other)))
        except (TypeError, ValueError):
            return False


def _call(name, params):
    """``Name(key=value, ...)`` as a user would write it."""
    return f"{name}({', '.join(f'{key}={value}' for key, value in params.items())})"


def _parts_of(cls, known, given):
    """``{part: estimator}`` of a composite: its ``reservoir`` and ``readout``, given or default."""
    if "reservoir" not in known and "readout" not in known:
        return {}
    try:
        probe = cls()
    except Exception:  # a class that needs arguments has no default parts
        probe = None
    parts = {}
    for part in ("reservoir", "readout"):
        if part not in known:
            continue
        default = given.get(part)
        if part == "reservoir" and not isinstance(default, BaseReservoir):
            default = None  # left to fit's error (a readout given as the reservoir)
        if default is None and part in getattr(probe, "_default_parts", ()):
            try:
                default = probe._default_part(part)
            except NotImplementedError:
                default = None
        if default is None and part == "reservoir":
            from skreservoir.reservoir import Reservoir

            default = Reservoir()
        if default is not None:
            parts[part] = default
    return parts


def _owner_of(parameter):
    """The first class of ``_OWNERS`` that takes ``parameter``, or None."""
    import importlib

    for path in _OWNERS:
        module, name = path.rsplit(".", 1)
        owner = getattr(importlib.import_module(module), name)
        if parameter in inspect.signature(owner.__init__).parameters:
            return owner
    return None


def reservoirpy_keywords_error(cls, params, known, given=None):
    """The message for keywords ``cls`` does not take that say where they belong, or None.

    A ReservoirPy name (``units``, ``sr``, ``ridge``, ...) is translated to
    ours; on a composite (a ``reservoir`` or ``readout`` parameter, as
    ReservoirPy's ``ESN(units=..., sr=..., ridge=...)`` takes them), a
    parameter of the reservoir or readout (the one in ``given``, the
    constructor's other arguments, else the default) is routed to that
    part. The message writes the corrected call with the values given. None
    when no keyword is one of these (Python's own TypeError then applies).
    """
    name = cls.__name__
    parts = _parts_of(cls, known, given or {})
    own, routed, elsewhere, reasons, unknown, dropped = {}, {}, [], [], [], []
    others = False  # a name of another library than ReservoirPy
    for key, value in params.items():
        if key in known:
            continue
        absent = _no_counterpart(key)
        if absent is not None:
            dropped.append(repr(key))
            reasons.append(absent[0])
            others = others or absent[1]
            continue
        translation = translated_name(key)
        ours, whose = translation or (key, None)
        # input_bias=True beside a bias_scaling given: that scale is the bias asked for
        keeps_ours = (key in _RESERVOIRPY_BOOL_VALUES and value is True
                      and translation is not None and translation[0] in (given or {}))
        value = _translated_value(key, value)
        others = others or whose not in (None, "ReservoirPy's")
        renamed = (f"{key!r}, {whose} name of" if ours != key
                   else f"{key!r}, {whose} keyword," if whose
                   else f"{key!r},")
        part = next((p for p, default in parts.items()
                     if ours in default.get_params(deep=False)), None)
        if keeps_ours and ours in known:
            # (a subclass passing its own default on, n_units=10 beside units=5, is not
            # a value given: only input_bias=True defers to the scale given)
            dropped.append(repr(key))
            reasons.append(f"{renamed} its {ours!r}, which is given too")
        elif translation and ours in known:
            own[ours] = _short_repr(value)
            reasons.append(f"{renamed} its {ours!r}" if ours != key else renamed)
        elif part is not None:
            routed.setdefault(part, {})[ours] = value
            reasons.append(f"{renamed} the {part}'s {ours!r}" if ours != key
                           else f"{renamed} a parameter of the {part}")
        elif translation and (owner := _owner_of(ours)) is not None:
            elsewhere.append(_call(owner.__name__, {ours: _short_repr(value)}))
            reasons.append(f"{renamed} {owner.__name__}'s {ours!r}, not a parameter of {name}"
                           if ours != key
                           else f"{key!r}, a parameter of {owner.__name__}, not of {name}")
        else:
            unknown.append(key)
    if not reasons:
        return None
    # the arguments given under our names stay in the call to pass (feedback=True, a
    # positional n_units: a port that copied the call lost them)
    arguments = {key: _short_repr(value) for key, value in (given or {}).items()
                 if key not in own and key not in routed}
    arguments.update(own)
    for part, values in routed.items():
        # the part with these values: the settings in which a given part, or
        # a forecaster's default reservoir, differs from Reservoir() are kept
        default = parts[part]
        plain = type(default)().get_params(deep=False)
        kept = {key: value for key, value in default.get_params(deep=False).items()
                if key not in values and not same_value(value, plain.get(key))}
        arguments[part] = _call(type(default).__name__,
                                {key: _short_repr(value)
                                 for key, value in {**kept, **values}.items()})
    fixes = ([_call(name, arguments)] if arguments else []) + elsewhere
    advice = ([f"pass {' and '.join(fixes)}"] if fixes else []) + (
        [f"leave out {', '.join(dropped)}"] if dropped else [])
    message = f"{name} got {'; '.join(reasons)}: {' and '.join(advice)}"
    if "reservoir" in routed and getattr(cls, "_GIVEN_RESERVOIR_NOTE", None):
        # a composite whose default is more than one reservoir (an ensemble): a given one
        # replaces it (a battery: ArrowHead 0.857 -> 0.709, silently)
        message += f" ({cls._GIVEN_RESERVOIR_NOTE})"
    if unknown:
        message += f"; {name} has no parameter {', '.join(map(repr, unknown))}"
    if _BIANCHI_RESERVOIR & params.keys():
        # its reservoir differs in two more settings than it names (a port of its
        # tutorials followed the message alone)
        message += ("; reservoir-computing's input weights are dense and it has no bias: "
                    "add input_density=1.0, bias_scaling=0 to the Reservoir to match it")
    return message + (" (the user guide's page 'Coming from ReservoirPy' lists every name"
                      + (", and PyRCN's, echoes', pyESN's and reservoir-computing's"
                         if others else "") + ").")


def reservoirpy_set_params_error(estimator, params):
    """The message for ``set_params`` keywords that are ReservoirPy names, or None.

    ``set_params(lr=0.3)`` on a reservoir says to pass ``set_params(leak_rate=0.3)``;
    on an ESN, ``set_params(lr=0.3, ridge=1e-6)`` says ``set_params(reservoir__leak_rate=0.3,
    readout__alpha=1e-06)`` (the part that takes the parameter, as
    :func:`reservoirpy_keywords_error` routes a constructor's keywords). Nested
    keys are translated in the part (``reservoir__lr``: ``reservoir__leak_rate``). None when no
    keyword is a ReservoirPy name that has a place here (scikit-learn's
    "Invalid parameter" error then applies).
    """
    known = estimator.get_params(deep=False)
    flat = [key for key in params if "__" not in key and key not in known]
    if not flat and not any(translated_name(key.rpartition("__")[2]) for key in params):
        return None  # the usual call: no probe of the parts
    parts = _parts_of(type(estimator), known, known)
    fixes, reasons, elsewhere = {}, [], []
    for key, value in params.items():
        head, _, name = key.rpartition("__")
        if key in known:
            continue
        if translated_name(name) is None:
            # our own name of a part's parameter, given flat (PyRCN's grids:
            # spectral_radius, alpha), as the constructor routes it
            part = next((p for p, default in parts.items()
                         if key in default.get_params(deep=False)), None) if not head else None
            if part is not None:
                fixes[f"{part}__{key}"] = _short_repr(value)
                reasons.append(f"{key!r}, a parameter of the {part}")
            continue
        ours, library = translated_name(name)
        if head:  # a part's parameter: reservoir__lr
            # the part this very call sets (set_params(readout=R(), readout__ridge=1)),
            # else the estimator's own
            part = params[head] if head in params else known.get(head)
            part = parts.get(head) if part is None else part
            if "__" in head or not hasattr(part, "get_params") or name in part.get_params(
                    deep=False) or ours not in part.get_params(deep=False):
                continue  # left to the part's set_params, or to scikit-learn's error
            target, whose = f"{head}__{ours}", f"the {head}'s"
        elif ours in known:
            target, whose = ours, "its"
        else:
            part = next((p for p, default in parts.items()
                         if ours in default.get_params(deep=False)), None)
            if part is None:
                owner = _owner_of(ours)
                if owner is not None:  # skbase's "Invalid parameter keys" named nothing
                    elsewhere.append(f"{key!r}, {library} name of {owner.__name__}'s "
                                     f"{ours!r}, not a parameter of "
                                     f"{type(estimator).__name__}")
                continue
            target, whose = f"{part}__{ours}", f"the {part}'s"
        fixes[target] = _short_repr(_translated_value(name, value))
        reasons.append(f"{key!r}, {library} name of {whose} {ours!r}" if not head
                       else f"{key!r} ({name!r}: {library} name of {whose} {ours!r})")
    if not reasons:
        if elsewhere:
            return (f"{type(estimator).__name__}.set_params got {'; '.join(elsewhere)} "
                    f"(its parameters: {', '.join(known)}; the user guide's page 'Coming "
                    "from ReservoirPy' lists every name).")
        return None
    return (f"{type(estimator).__name__}.set_params got {'; '.join(reasons)}: pass "
            f"{_call('set_params', fixes)} (a search's grid takes the same names; the user "
            "guide's page 'Coming from ReservoirPy' lists every name).")


def _warmup_message(estimator, method, n):
    """What ``fit(..., warmup=n)`` (ReservoirPy's fit keyword) says: ``washout=n``."""
    name = type(estimator).__name__
    params = estimator.get_params(deep=False)
    call = f"{name}.{method} got 'warmup', ReservoirPy's fit keyword"
    if "washout" not in params:  # ReservoirPy's node learns from X[warmup:] alone
        return (f"{call}; {name} has no washout: ReservoirPy's fit(X, warmup={n!r}) learns "
                f"from X[{n!r}:] alone, so pass {method}(X[{n!r}:]) (and y[{n!r}:]; each "
                f"series' rows for a list), or washout={n!r} to the ESN estimator that "
                "trains a readout.")
    auto = (" (the default washout='auto' picks it from the reservoir's memory)"
            if params.get("washout") == "auto" else "")
    return f"{call}; skreservoir sets it in the constructor: washout={n!r}{auto}."


def _reset_message(estimator, method, reset):
    """What ``predict(X, reset=...)`` (ReservoirPy's ``run`` keyword) says: where our
    ``predict`` starts, and how to choose it."""
    name = type(estimator).__name__
    takes = "initial_state" in inspect.signature(getattr(type(estimator), method)).parameters
    # a reservoir's transform is stateless (LocalPlasticityReservoir's too, which has
    # reset_state): only the ESN estimators' methods run on from a state they keep
    if takes and (method == "transform" or not hasattr(type(estimator), "reset_state")):
        hint = (f"{name}.{method}(X) starts every series from the initial state and keeps "
                "no state between calls, as run(X, reset=True) does; to run on from where "
                f"an earlier call ended, pass initial_state (see {name}.{method}'s "
                "docstring: ReservoirPy's run(X) after run(X_before))")
    elif takes and getattr(estimator, "mode_", None) == "sequence":
        # a model of one label per series classifies each series from rest
        hint = (f"{name}.{method}(X) classifies every series from the reservoir's initial "
                "state, as run(X, reset=True) does, and keeps no state between calls: "
                "there is nothing to reset")
    elif takes and (method == "score" or not hasattr(type(estimator), "generate")):
        # ESNClassifier's frame-wise methods and every score: 'rest', 'fit' or a state,
        # never 'continue' (which would move the model's state)
        args = "X, y" if method == "score" else "X"
        hint = (f"{name}.{method}({args}, initial_state='rest') starts every series from rest, "
                f"as run(X, reset=True) does; {method}({args}, initial_state='fit') runs on from "
                "the end of training, as run(X) after training does (the state is left as "
                "it was)")
    elif takes:
        hint = (f"{name}.{method}(X, initial_state='rest') starts every series from rest, "
                f"as run(X, reset=True) does; {method}(X, initial_state='continue') runs on "
                "from where the last fit or predict ended and keeps the state at the end "
                f"of X, as run(X) does ({method}(X, initial_state='fit'): from the end of "
                "training, the state left as it was)")
    elif "reservoir" in estimator.get_params(deep=False):
        hint = (f"{name}.{method}(X) runs every series from the reservoirs' initial state "
                "and keeps no state between calls: there is nothing to reset")
    else:
        hint = f"{name}.{method}(X) keeps no state between calls: there is nothing to reset"
    return f"{name}.{method} got 'reset', ReservoirPy's run keyword: {hint}."


def _state_keyword_message(keyword):
    """What ``predict(X, from_state=s)`` / ``stateful=...`` (ReservoirPy 0.3's ``run``
    keywords) say: ``initial_state``."""

    def message(estimator, method, value):
        name = type(estimator).__name__
        takes = "initial_state" in inspect.signature(getattr(type(estimator), method)).parameters
        continues = (takes and method != "transform"  # an ESN's method: state_
                     and hasattr(type(estimator), "reset_state"))
        if takes and getattr(estimator, "mode_", None) == "sequence":
            # one label per series: every series classified from rest
            hint = (f"{name}.{method}(X) classifies every series from the reservoir's "
                    "initial state and keeps no state between calls (initial_state is "
                    "taken by a model of labels per time step only)")
        elif not takes and "reservoir" not in estimator.get_params(deep=False):
            hint = (f"{name}.{method}(X) keeps no state between calls: it has no state "
                    "to start from")
        elif not takes:  # a composite whose method runs every series from rest
            hint = (f"{name}.{method}(X) runs every series from the reservoir's initial "
                    "state and keeps no state between calls")
        elif not continues:  # a reservoir: transform is stateless, given a start
            hint = (f"{name}.{method}(X, initial_state=...) starts from a given state "
                    f"(see {name}.{method}'s docstring for what it takes) and keeps no "
                    "state between calls (stateful=False)")
        elif keyword == "from_state":
            hint = (f"pass {name}.{method}(X, initial_state=s), s an internal state (for "
                    "example state_), or initial_state='fit' for the end of training "
                    f"(see {name}.{method}'s docstring)")
        elif method == "predict" and hasattr(type(estimator), "generate"):
            hint = (f"{name}.{method}(X, initial_state='fit') runs on from the end of "
                    "training and leaves the state as it was (stateful=False); "
                    "initial_state='continue' runs on from the model's state and moves it "
                    "to the end of X (stateful=True)")
        else:
            hint = (f"{name}.{method} never moves the state: initial_state='fit' (or an "
                    "array) sets where each series starts")
        return (f"{name}.{method} got {keyword!r}, ReservoirPy 0.3's run keyword: "
                f"{hint}.")

    return message


def _forced_feedbacks_message(estimator, method, value):
    """What ``fit(X, y, forced_feedbacks=...)`` (ReservoirPy 0.3's teacher forcing with a
    signal of one's own) says: what is fed back here while training."""
    name = type(estimator).__name__
    params = estimator.get_params(deep=False)
    if "feedback" not in params:
        hint = f"{name} has no output feedback; ESNRegressor(feedback=True) has"
    elif method == "partial_fit" and "partial_fit_feedback" in params:
        hint = (f"{name}(feedback=True).partial_fit(X, y) feeds back the targets y "
                "(partial_fit_feedback='target', teacher forcing) or its own outputs "
                "(partial_fit_feedback='output', FORCE's loop), and its predictions in "
                "predict and generate; a signal other than these is not fed back")
    else:
        hint = (f"{name}(feedback=True).{method}(X, y) feeds back the targets y while "
                "training (teacher forcing; feedback_noise adds noise to them), and its "
                "predictions in predict and generate; a signal other than y is not fed "
                "back")
    return (f"{name}.{method} got 'forced_feedbacks', ReservoirPy 0.3's fit keyword: "
            f"{hint}; see the user guide's page 'Coming from ReservoirPy' (Feedback).")


def _iters_message(estimator, method, n):
    """What ``predict(iters=n)`` (ReservoirPy's ``run(iters=n)``: n steps, each output fed
    back) says: ``generate``."""
    name = type(estimator).__name__
    hint = (f"{name}.generate({n!r}) runs on from the state at the end of training, each "
            "prediction fed back as the next input" if hasattr(type(estimator), "generate")
            else "ESNRegressor.generate(n_steps) is the closed loop here")
    return (f"{name}.{method} got 'iters', ReservoirPy's run(iters=n) keyword (generation "
            f"without inputs): {hint}.")


def _workers_message(estimator, method, workers):
    """What ``predict(X, workers=n)`` (ReservoirPy's ``run``, ``predict`` and ``fit``
    keyword: the series of a list in parallel) says: the ``n_jobs`` there is."""
    name = type(estimator).__name__
    if "n_jobs" in estimator.get_params(deep=False):
        hint = (f"set it on the estimator, {name}(n_jobs={workers!r}) (or "
                f"set_params(n_jobs={workers!r})), which runs its chunks of series in "
                "parallel")
    else:
        hint = (f"{name} has no n_jobs: a panel (a 3D array or a list of series) runs in "
                "one call, its series advancing together (the compiled kernels share a "
                "step's work between numba's threads); to spread series over processes "
                "or machines pass a dask array chunked along series, or run "
                "independent fits in parallel with scikit-learn's tools "
                f"(cross_val_score(..., n_jobs={workers!r}))")
    return (f"{name}.{method} got 'workers', ReservoirPy's keyword (its series run in "
            f"parallel): {hint}; see the user guide's page 'Scaling out'.")


def _finite_row(row):
    """Whether a short row holds only finite values: a few values tested one by one (a
    third of the cost of isfinite's reduction); other arrays (cupy by its
    __array_ufunc__) by isfinite."""
    if type(row) is np.ndarray and row.size <= 16 and row.dtype.kind == "f":
        return all(map(math.isfinite, row.tolist()))
    return bool(np.isfinite(row).all())


def _stream_keyword_message(keyword):
    """What ``partial_fit(X, y, reset=...)`` / ``from_state=`` / ``stateful=``
    (ReservoirPy 0.3's ``train`` keywords) say: the stream's state and
    ``reset_state``."""

    def message(estimator, method, value):
        name = type(estimator).__name__
        transform = getattr(type(estimator), "transform", None)
        if (not hasattr(type(estimator), "reset_state") and transform is not None
                and "initial_state" in inspect.signature(transform).parameters):
            # a reservoir: transform runs from a given state
            hint = (f"{name}.{method} keeps no state between calls: "
                    f"{name}.transform(X, initial_state=s) runs X from a state s and keeps "
                    f"none (stateful=False); {name}.step(s, u) steps from s")
        elif not hasattr(type(estimator), "reset_state") and transform is not None:
            hint = (f"{name}.{method} keeps no state between calls: every series runs "
                    "from the reservoir's initial state")
        elif not hasattr(type(estimator), "reset_state"):  # a readout: rows, no state
            hint = (f"{name}.{method} learns from the rows it is given and keeps no "
                    "reservoir state: leave the keyword out, and keep the state where the "
                    "states are made (an ESN's partial_fit runs on from where it ended; "
                    "ESNRegressor.reset_state() starts over)")
        elif method == "fit":
            hint = (f"{name}.fit always starts from the reservoir's initial state (as "
                    "reset=True) and keeps the state at the end of the data as state_ "
                    "(as stateful=True). To train on from where it ended, call "
                    f"partial_fit; to train from a state s, call {name}.reset_state(s) "
                    "then partial_fit; to predict from one, predict(X, initial_state=s)")
        elif keyword == "stateful":
            hint = (f"{name}.{method} always runs on from where the last call ended and "
                    "keeps the state at the end of X for the next call (stateful=True); "
                    "fit starts from rest")
        else:
            hint = (f"{name}.{method} runs on from where the last call ended (the "
                    "stream's state_, as train(X, reset=False)); to start from rest call "
                    f"{name}.reset_state() first, or reset_state(s) to start from a "
                    "state s")
        return f"{name}.{method} got {keyword!r}, ReservoirPy's train keyword: {hint}."

    return message


#: ReservoirPy's keywords of our methods' calls, refused with a TypeError naming ours:
#: method -> (keyword, message(estimator, method, value)).
_REFUSED_KEYWORDS = {
    "fit": (("warmup", _warmup_message), ("workers", _workers_message),
            ("forced_feedbacks", _forced_feedbacks_message),
            ("reset", _stream_keyword_message("reset")),
            ("from_state", _stream_keyword_message("from_state")),
            ("stateful", _stream_keyword_message("stateful"))),
    "partial_fit": (("warmup", _warmup_message),
                    ("forced_feedbacks", _forced_feedbacks_message),
                    ("reset", _stream_keyword_message("reset")),
                    ("from_state", _stream_keyword_message("from_state")),
                    ("stateful", _stream_keyword_message("stateful"))),
    "predict": (("iters", _iters_message), ("reset", _reset_message),
                ("workers", _workers_message),
                ("from_state", _state_keyword_message("from_state")),
                ("stateful", _state_keyword_message("stateful"))),
    "predict_proba": (("reset", _reset_message),
                      ("from_state", _state_keyword_message("from_state"))),
    "predict_log_proba": (("reset", _reset_message),
                          ("from_state", _state_keyword_message("from_state"))),
    "score": (("reset", _reset_message),
              ("from_state", _state_keyword_message("from_state"))),
    "decision_function": (("reset", _reset_message),
                          ("from_state", _state_keyword_message("from_state"))),
    "transform": (("workers", _workers_message), ("reset", _reset_message),
                  ("from_state", _state_keyword_message("from_state")),
                  ("stateful", _state_keyword_message("stateful"))),
}


def _translate_reservoirpy_keywords(cls):
    """``fit(..., warmup=n)``, ``partial_fit(..., warmup=n)``, ``predict(iters=n)`` and
    ``workers=n`` (of ``fit``, ``predict``, ``transform``), ReservoirPy's calls, raise
    naming ours (:data:`_REFUSED_KEYWORDS`).

    The wrappers keep the methods' signatures (``functools.wraps``), which
    scikit-learn's metadata routing reads.
    """
    for method_name, refused in _REFUSED_KEYWORDS.items():
        method = cls.__dict__.get(method_name)
        # scikit-learn's available_if holds the function as .fn (predict_proba,
        # decision_function): wrapped there, the descriptor kept
        descriptor = method if inspect.isfunction(getattr(method, "fn", None)) else None
        function = method if descriptor is None else descriptor.fn
        if (not inspect.isfunction(function)
                or getattr(function, "_translates_reservoirpy_names", False)):
            continue
        own = inspect.signature(function).parameters
        refused = [(keyword, message) for keyword, message in refused if keyword not in own]
        if not refused:
            continue
        if descriptor is None:
            setattr(cls, method_name, _refusing(function, refused))
        else:
            descriptor.fn = _refusing(function, refused)


def _refusing(method, refused):
    """``method`` raising a TypeError with ``message(self, name, value)`` when given
    ``keyword``, for each ``(keyword, message)`` of ``refused``."""

    @functools.wraps(method)
    def translated(self, *args, **kwargs):
        for keyword, message in refused:
            if keyword in kwargs:
                raise TypeError(message(self, method.__name__, kwargs[keyword]))
        return method(self, *args, **kwargs)

    translated._translates_reservoirpy_names = True
    return translated


class KeywordNamesMixin:
    """Unknown constructor keywords raise a TypeError that names ours.

    A ReservoirPy name says ours (:func:`reservoirpy_keywords_error`):
    ``Reservoir(units=100)`` says to pass ``Reservoir(n_units=100)``;
    ``ESNRegressor(units=100, ridge=1e-6)``, ReservoirPy's ``ESN`` call, says
    to pass ``ESNRegressor(reservoir=Reservoir(n_units=100),
    readout=RidgeReadout(alpha=1e-06))``; a keyword of another tool in the
    class's ``_keyword_names`` says ours too (``n_iter``: ``max_evals``); any
    other lists the class's parameters. The wrapper of ``__init__`` keeps its
    signature (``functools.wraps``), which is what scikit-learn reads for
    ``get_params``.
    """

    #: Keywords of other tools that this class names otherwise: {theirs: (ours, whose)},
    #: said in the TypeError (``n_iter``, scikit-learn's budget of a randomized search).
    _keyword_names = {}

    @classmethod
    def _searched_hint(cls, keys):
        """What to say of ``keys``, parameters a class does not take because it
        chooses them itself (an automatic forecaster's search), or None."""
        return None

    #: What to do instead of passing more positional arguments than the class takes
    #: (``ReservoirStack(r1, r2)``: a list); None says "pass the others by keyword".
    _positional_hint = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is None or getattr(init, "_translates_reservoirpy_names", False):
            return

        known = inspect.signature(init).parameters
        # a subclass's *args or **kwargs go on to a base's __init__, which checks them
        kinds = {p.kind for p in known.values()}
        any_keyword = inspect.Parameter.VAR_KEYWORD in kinds
        any_positional = inspect.Parameter.VAR_POSITIONAL in kinds

        @functools.wraps(init)
        def __init__(self, *args, **params):
            if not any_keyword and not params.keys() <= known.keys():
                given = dict(zip(list(known)[1:], args))  # after self
                given.update((key, value) for key, value in params.items() if key in known)
                unexpected = [key for key in params if key not in known]
                renamed = [f"{key!r} is {whose} name of {ours!r} (pass {ours}="
                           f"{_short_repr(params[key])})"
                           for key in unexpected
                           for ours, whose in [type(self)._keyword_names.get(key, (None,) * 2)]
                           if ours in known]
                searched = type(self)._searched_hint(unexpected)
                if searched is not None:
                    # the other unknown keywords said too, as they would be alone
                    rest = {k: params[k] for k in unexpected
                            if type(self)._searched_hint([k]) is None}
                    if rest:
                        try:
                            type(self)(*args, **{k: v for k, v in params.items()
                                                 if k in known}, **rest)
                        except TypeError as other:
                            searched += f" Also: {other}"
                    raise TypeError(searched)
                message = reservoirpy_keywords_error(type(self), params, known, given)
                if message is not None:
                    raise TypeError(message + (f" Also, {'; '.join(renamed)}." if renamed
                                               else ""))
                # Python's own error would name the class that defines __init__ (a
                # private base), not the one called
                raise TypeError(
                    f"{type(self).__name__}() got unexpected keyword argument"
                    f"{'s' if len(unexpected) > 1 else ''} "
                    f"{', '.join(map(repr, unexpected))}; "
                    + (f"{'; '.join(renamed)}; " if renamed else "")
                    + f"its parameters are {', '.join(list(known)[1:])}.")
            positional = [p for p in list(known.values())[1:]
                          if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            if not any_positional and len(args) > len(positional):
                # Python's own error ("takes 2 positional arguments but 3 were given")
                # counted self and named no fix
                raise TypeError(
                    f"{type(self).__name__}() takes {len(positional)} positional "
                    f"argument{'s' if len(positional) != 1 else ''} "
                    f"({', '.join(p.name for p in positional) or 'none'}) but "
                    f"{len(args)} were given: "
                    + (type(self)._positional_hint or
                       "pass the others by keyword (name=value)")
                    + f". Its parameters are {', '.join(list(known)[1:])}.")
            init(self, *args, **params)

        __init__._translates_reservoirpy_names = True
        # for inspect.getfullargspec too (sktime's constructor check), which
        # does not follow __wrapped__
        __init__.__signature__ = inspect.signature(init)
        cls.__init__ = __init__


class ReservoirPyNamesMixin(KeywordNamesMixin):
    """:class:`KeywordNamesMixin`, and ReservoirPy's methods, calls and attributes said as ours.

    ``fit(..., warmup=n)`` and ``predict(iters=n)`` raise naming ours
    (:func:`_translate_reservoirpy_keywords`), ``set_params(lr=...)`` names
    ``leak_rate``, ``run``, ``reset``, ``train`` and ReservoirPy's attribute
    names say what to use, and ``>>``/``<<`` say how a model is built here.
    """

    #: What ``run`` (ReservoirPy's call) is here, where ``predict`` is not the answer.
    _reservoirpy_run_hint = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _translate_reservoirpy_keywords(cls)

    def _validate_params(self):
        """scikit-learn's check of the constraints; a numpy Generator as ``random_state``
        (ReservoirPy's ``seed`` takes one) is told how to pass it."""
        from skreservoir._sklearn_compat import InvalidParameterError

        try:
            super()._validate_params()
        except InvalidParameterError as error:
            if not (isinstance(getattr(self, "random_state", None), np.random.Generator)
                    and "'random_state' parameter" in str(error)):
                raise
            raise InvalidParameterError(
                f"{error} For a numpy Generator rng (ReservoirPy's seed takes one), pass an "
                "int drawn from it: random_state=int(rng.integers(2**31))."
            ) from None

    def set_params(self, **params):
        """Set parameters; a ReservoirPy name (``lr``, ``sr``, ``units``, ``ridge``) raises
        a ValueError naming ours (scikit-learn's said "Invalid parameter 'lr'").

        Returns
        -------
        self : estimator
            The estimator.
        """
        message = reservoirpy_set_params_error(self, params)
        if message is not None:
            raise ValueError(message)
        return super().set_params(**params)

    def __getattr__(self, name):
        # Only called for attributes that do not exist: ReservoirPy's ``run``,
        # ``reset`` and attribute names get a pointer to ours, everything else
        # the usual AttributeError.
        explained = inspect.getattr_static(type(self), name, None)
        if isinstance(explained, _ExplainedAvailability):
            explained.check(self)  # a method unavailable here: its own AttributeError
        if name == "run":
            predict = getattr(type(self), "predict", None)
            if type(self)._reservoirpy_run_hint:
                hint = type(self)._reservoirpy_run_hint
            elif predict is None:
                hint = "transform(X) gives its outputs (a reservoir's: the states)"
            elif "initial_state" in inspect.signature(predict).parameters:
                hint = ("predict(X, initial_state='fit') continues from the end of "
                        "training as ReservoirPy's run does; predict(X) starts from rest")
            else:  # a readout: no state to continue
                hint = "predict(X) gives its outputs, row by row (a readout has no state)"
            raise AttributeError(
                f"{type(self).__name__} has no 'run' (ReservoirPy's name): {hint}.")
        if name in _RESERVOIRPY_ATTRIBUTES:
            raise AttributeError(
                f"{type(self).__name__} has no {name!r} (ReservoirPy's name): "
                f"{_RESERVOIRPY_ATTRIBUTES[name]}.")
        if name == "reset":
            hint = ("reset_state() puts the state back to rest: the next partial_fit "
                    "starts a new stream" + (
                        ", and predict(X, initial_state='continue') and generate start "
                        "from rest" if hasattr(type(self), "generate") else "")
                    if hasattr(type(self), "reset_state") else
                    "transform starts every series from initial_state, so there is "
                    "no state to reset")
            raise AttributeError(
                f"{type(self).__name__} has no 'reset' (ReservoirPy's name): {hint}.")
        if name == "train":
            if hasattr(self, "partial_fit"):
                hint = ("fit(X, y) trains on whole series; partial_fit(X, y) trains on one "
                        "chunk (or one row) at a time, continuing the stream, as an online "
                        "node's train does")
            elif hasattr(type(self), "partial_fit"):  # unavailable: the readout has none
                hint = ("fit(X, y) trains on whole series (this readout has no "
                        "partial_fit for training online)")
            else:
                hint = ("a reservoir is not trained (fit draws its weights); the readout "
                        "of an ESNRegressor or ESNClassifier built on it is, by fit")
            raise AttributeError(
                f"{type(self).__name__} has no 'train' (ReservoirPy's name): {hint}.")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __rshift__(self, other):
        # ReservoirPy chains nodes with >> (reservoir >> readout); Python's own error
        # ("unsupported operand type(s) for >>") said nothing of how to do it here
        raise TypeError(_CHAINING_HINT.format(name=type(self).__name__, op=">>"))

    def __lshift__(self, other):
        # ReservoirPy's feedback connection (reservoir << readout)
        raise TypeError(_CHAINING_HINT.format(name=type(self).__name__, op="<<"))

    def __rrshift__(self, other):
        # [r1, r2] >> readout, data >> reservoir
        raise TypeError(_CHAINING_HINT.format(name=type(self).__name__, op=">>"))

    __rlshift__ = __lshift__


def _node_call_message(estimator):
    """What ``estimator(X)`` (ReservoirPy's node call, ``node(x)``: one step from the
    node's state) says: the method that gives its outputs here."""
    name = type(estimator).__name__
    cls = type(estimator)
    predict = getattr(cls, "predict", None)
    if predict is None:  # a reservoir
        hint = ("reservoir.transform(X) gives the states of a series (from "
                "initial_state_; transform(X, initial_state=s) continues from the state "
                "s), and reservoir.step(s, x) one step of a fitted reservoir")
    elif "initial_state" not in inspect.signature(predict).parameters:  # a readout
        hint = "readout.predict(X) gives its outputs, row by row (a readout has no state)"
    elif hasattr(cls, "generate"):  # ESNRegressor: 'continue' moves the model's state
        hint = ("esn.predict(X) gives the outputs of a series (from rest); "
                "esn.predict(X, initial_state='continue') runs on from the model's state "
                "and keeps it, as node(x) and run(X) do (one step: "
                "esn.predict(x[None, :], initial_state='continue')); "
                "esn.generate(n_steps) is the closed loop")
    elif getattr(estimator, "mode_", None) == "sequence":  # one label per series
        hint = "clf.predict(X) gives the label of every series of a panel X (each from rest)"
    else:
        hint = ("clf.predict(X) gives the labels of a series (from rest); "
                "clf.predict(X, initial_state='fit') starts where the training data ended")
    return (f"{name} is not callable: ReservoirPy's node call (node(x), one step from "
            f"the node's state) is a method here: {hint}.")


class NodeCallMixin:
    """``estimator(X)``, ReservoirPy's node call, raises a TypeError that names the method.

    Python's own error ("object is not callable") said nothing of what to
    call. Given to the reservoirs, the readouts and the ESN composites, which
    stand for ReservoirPy's nodes and models; not to the sktime estimators.
    """

    def __call__(self, *args, **kwargs):
        raise TypeError(_node_call_message(self))


class DefaultPartsMixin:
    """``reservoir__...``/``readout__...`` parameters also when the part is left at None.

    A composite whose ``reservoir`` (or ``readout``) defaults to None builds
    the default part in ``fit``; ``get_params(deep=True)`` lists that
    default's parameters and ``set_params`` of a nested one sets the part to
    the default first, so a search over ``reservoir__spectral_radius`` works
    on the estimator built with its defaults. ``_default_parts`` names the
    parts this applies to; ``_default_part(name)`` builds one.
    """

    _default_parts = ("reservoir", "readout")

    def _default_part(self, name):
        raise NotImplementedError

    def get_params(self, deep=True):
        """Parameters of this estimator, with those of its default parts.

        With ``deep=True``, a part left at None lists the parameters of the
        default that ``fit`` uses: ``reservoir__...``, and ``readout__...``
        where the default readout is a part of its own (not for the
        forecasters, whose default readout takes their ``alpha``, nor for
        :class:`~skreservoir.ESNTransformer`, which has none).
        """
        params = super().get_params(deep=deep)
        if deep:
            for name in self._default_parts:
                if params.get(name) is None:
                    for key, value in self._default_part(name).get_params().items():
                        params[f"{name}__{key}"] = value
        return params

    def set_params(self, **params):
        """Set parameters; a nested one of a part left at None sets that part to its default first.

        Returns
        -------
        self : estimator
            The estimator.
        """
        for name in self._default_parts:
            nested = [key for key in params if key.startswith(name + "__")]
            if not nested or params.get(name, getattr(self, name)) is not None:
                continue
            default = self._default_part(name)
            own = default.get_params()
            if all(_same_value(params[key], own.get(key[len(name) + 2:], _ABSENT))
                   for key in nested):
                # the default's own values (get_params(deep=True) fed back, as sktime's
                # test_set_params does): the part stays None, the round trip is exact
                for key in nested:
                    del params[key]
                params.setdefault(name, None)
            else:
                params[name] = default
        return super().set_params(**params)


_ABSENT = object()


def _same_value(a, b):
    """Whether two parameter values are the same (identical, or equal scalars or strings)."""
    if a is b:
        return True
    if type(a) is not type(b) or not isinstance(a, (int, float, str, bool, tuple)):
        return False
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def refuse_nested_of_none(estimator, params, name, hint):
    """Raise a ValueError when ``params`` set ``name__...`` while the part ``name`` is None.

    For a part whose default cannot stand in for it (it is built from other
    parameters), instead of the AttributeError of ``None.set_params``;
    ``hint`` says what to tune instead.
    """
    nested = sorted(key for key in params if key.startswith(name + "__"))
    if nested and params.get(name, getattr(estimator, name)) is None:
        raise ValueError(
            f"{type(estimator).__name__} got {', '.join(nested)} but {name} is None: {hint}."
        )


class BaseReservoir(NodeCallMixin, ReservoirPyNamesMixin, HostPickleMixin,
                    ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Base class of the reservoirs: the interface the models build on.

    Subclasses implement ``fit`` (setting ``initial_state_`` and
    ``n_features_in_``), :attr:`output_size_`, :meth:`run_batch`,
    :meth:`step` and, when the internal state is not the output,
    :meth:`state_output`. A reservoir that accepts output feedback sets
    ``supports_feedback = True`` and :attr:`drive_size_`.

    Subclassing it gives a new reservoir its place in every composite
    (``ESNRegressor(reservoir=...)``, ``ESNTransformer``, the forecasters,
    ``ReservoirStack``) and in the common tests (``tests/test_common.py``
    runs scikit-learn's checks on every estimator that ``all_estimators``
    lists).
    """

    #: Whether :meth:`run_batch` and :meth:`step` accept a ``drive``.
    supports_feedback = False

    # -- what a subclass provides ------------------------------------------
    # The two properties below raise AttributeError, not NotImplementedError,
    # where a subclass has none: ``hasattr`` (and so scikit-learn's
    # ``__dir__``, tab completion, ``inspect``) then reads them as absent.
    @property
    def output_size_(self):
        """Values per output row."""
        raise AttributeError(f"{type(self).__name__} does not define output_size_")

    #: Rows at the start of every series that are not complete outputs (a
    #: fitted attribute of the reservoirs that have some, such as NVAR).
    n_warmup_ = 0

    @property
    def drive_size_(self):
        """Size of the ``drive`` (the units that output feedback reaches)."""
        raise AttributeError(
            f"{type(self).__name__} has no drive_size_: it takes no output feedback "
            "(supports_feedback is False)"
        )

    def run_batch(self, Xs, initial_states=None, drive=None):
        """Run validated series from given internal states.

        Parameters
        ----------
        Xs : list of arrays of shape (n_timesteps_i, n_features_in)
            Validated series in the compute namespace.
        initial_states : array of shape (n_series, state_size), default=None
            Where each series starts; ``initial_state_`` for all when None.
        drive : list of arrays of shape (n_timesteps_i, drive_size), default=None
            Added to the drive of every step (teacher-forced output
            feedback); only when :attr:`supports_feedback`.

        Returns
        -------
        outputs : list of arrays of shape (n_timesteps_i, output_size)
        final_states : array of shape (n_series, state_size)
            The internal state after the last step of every series.
        """
        raise NotImplementedError

    def run_pooled(self, Xs, pooling, washout=0, thresholds=None):
        """The outputs of every series pooled over time, from ``initial_state_``.

        Parameters
        ----------
        Xs : list of arrays of shape (n_timesteps_i, n_features_in)
            Validated series in the compute namespace.
        pooling : {"last", "mean", "pooled"}
            The last output row, the mean of the rows after ``washout``, or
            the pooled statistics of
            :func:`skreservoir.esn._representation.pooled_statistics`
            (per output: mean, standard deviation, last value and
            proportion of positive values, and the proportions above
            ``thresholds``).
        washout : int, default=0
            First rows left out of the mean (and of the statistics of
            ``"pooled"`` but the last value).
        thresholds : array of shape (n_thresholds, output_size), default=None
            With ``"pooled"``: the per-output levels of the further
            proportions.

        Returns
        -------
        pooled : array of shape (n_series, output_size), or (n_series, (4 + n_thresholds) * output_size) for ``"pooled"``
            :func:`skreservoir._panel.pool_states` (``pooled_statistics``,
            on the host, in the dtype of the outputs) of :meth:`run_batch`'s
            outputs, which is how it is computed here, in chunks of series
            whose outputs fit ``get_config()["state_chunk_bytes"]``; a
            reservoir may pool without storing the outputs (equal to
            rounding).
        """
        check_pooling(pooling, washout, [x.shape[0] for x in Xs], to_host(thresholds),
                      self.output_size_)
        chunks = series_chunks([x.shape[0] for x in Xs], self.output_size_,
                               state_itemsize(self), get_config()["state_chunk_bytes"])
        parts = [_pool(self.run_batch([Xs[i] for i in chunk])[0], pooling, washout, thresholds)
                 for chunk in chunks]
        return parts[0] if len(parts) == 1 else array_namespace(parts[0]).concat(parts, axis=0)

    def step(self, state, u, drive=None):
        """The internal state that follows ``state`` when the input is ``u``.

        Parameters
        ----------
        state : array of shape (state_size,)
        u : array of shape (n_features_in,)
        drive : array of shape (drive_size_,), default=None
            Output feedback; only when :attr:`supports_feedback`.

        Returns
        -------
        state : array of shape (state_size,)
        """
        raise NotImplementedError

    def state_output(self, state):
        """The output row of an internal state (the state itself by default)."""
        return state

    @property
    def _n_features_out(self):  # get_feature_names_out: "<classname><i>"
        return self.output_size_

    def step_function(self, like):
        """``(state, u, drive=None) -> next state`` for a loop of steps on arrays like ``like``.

        :meth:`step` by default; a reservoir may bind what every step shares
        (its weights in the compute namespace, its noise stream) once.
        """
        return self.step

    def run_function(self, like):
        """``(Xs, initial_states=None, drive=None) -> (outputs, final_states)`` for a stream of calls.

        :meth:`run_batch` by default; a reservoir may bind what every call
        shares (its update rule and weights in the namespace of ``like``)
        once, for a stream of short calls such as one-row ``partial_fit``.
        The function is valid while the reservoir's parameters, fitted
        attributes and the configuration (:func:`~skreservoir.get_config`)
        stay as they were: ask for a new one when they change. It may carry
        an attribute ``outputs_finite``, True when its last call tested
        every value of its outputs finite (NVAR's compiled windows): a
        short ``predict`` then leaves that test out of the readout's checks.
        """
        return self.run_batch

    def step_context(self):
        """A context for a loop of :meth:`step` calls (thread settings)."""
        from contextlib import nullcontext

        return nullcontext()

    # -- written once on top of them -----------------------------------------
    def _check_batch(self, Xs, initial_states=None):
        """Refuse by name the series or states of :meth:`run_batch` of a wrong shape.

        Once per call, on the shapes only (never per step), so that a wrong
        call says what to pass instead of failing deep in a kernel.
        """
        name, n_features = type(self).__name__, self.n_features_in_
        expected = f"a list of series of shape (n_timesteps, {n_features}) (n_features_in_)"
        if len(Xs) == 0:
            raise ValueError(f"{name}.run_batch got no series; pass {expected}.")
        for i, X in enumerate(Xs):
            shape = getattr(X, "shape", ())
            if len(shape) != 2 or shape[1] != n_features:
                hint = "" if len(shape) == 2 else " For one series X, pass [X]."
                raise ValueError(f"{name}.run_batch takes {expected}; series {i} has shape "
                                 f"{shape}.{hint}")
        if initial_states is None:
            return
        shape = getattr(initial_states, "shape", None)
        state_size = self.initial_state_.shape[0]
        if shape != (len(Xs), state_size):
            raise ValueError(
                f"{name}.run_batch takes initial_states of shape (n_series, state_size) "
                f"= ({len(Xs)}, {state_size}), one internal state (of the shape of "
                f"initial_state_) per series; got shape {shape}."
            )

    def _check_step(self, state, u, drive=None):
        """Refuse by name a ``state`` or an input ``u`` of :meth:`step` of a wrong shape
        (and an unfitted reservoir: NotFittedError, not the AttributeError of
        ``initial_state_``), and a ``u`` or a feedback ``drive`` with NaN or inf."""
        try:  # not check_is_fitted: a third of a step's cost
            initial = self.initial_state_
        except AttributeError:
            check_is_fitted(self, "initial_state_")
            raise
        expected = ((initial.shape[0],), (self.n_features_in_,))
        got = (getattr(state, "shape", None), getattr(u, "shape", None))
        if got != expected:
            raise ValueError(
                f"{type(self).__name__}.step takes state of shape {expected[0]} (that of "
                f"initial_state_) and u of shape {expected[1]} (one input row); got state "
                f"of shape {got[0]} and u of shape {got[1]}."
            )
        # else every later state NaN, silently; transform refuses such an input
        for row, what in ((u, ("an input u", "features")),
                          (drive, ("a feedback drive", "entries"))):
            if row is not None and not _finite_row(row):
                where = np.flatnonzero(~np.isfinite(to_host(row)))[:5].tolist()
                raise ValueError(
                    f"{type(self).__name__}.step got {what[0]} with NaN or inf (at "
                    f"{what[1]} {where}): the state that follows, and every later one, "
                    "would be NaN. Fill or drop the missing values before stepping "
                    "(transform refuses them too)."
                )
        if drive is not None and self.supports_feedback:
            size = self.drive_size_
            if tuple(np.shape(drive)) != (size,):
                # a (1,) output was broadcast over every unit, silently
                raise ValueError(
                    f"{type(self).__name__}.step takes a feedback drive of shape ({size},) "
                    f"(drive_size_: the output fed back through the feedback weights, "
                    f"W_fb @ y); got shape {tuple(np.shape(drive))}. Pass W_fb @ y, not "
                    "the output y itself."
                )

    def _check_drive(self, drive):
        if drive is not None and not self.supports_feedback:
            raise TypeError(
                f"{type(self).__name__} does not support output feedback; use "
                "skreservoir.Reservoir or ReservoirStack, or feedback=False."
            )

    def run_feedback(self, X, state, y0, W_fb, readout, advance=None):
        """Run one series feeding each output back through ``W_fb``.

        At step t the drive gets ``W_fb @ y(t-1)``, with ``y(-1) = y0``, and
        ``y(t) = readout(output(t), u(t))``. ``advance``: a step function of
        :meth:`step_function` to use (a stream of calls keeps one: its set-up
        costs more than a step), else a new one.

        Returns
        -------
        outputs : array of shape (n_timesteps, output_size)
        predictions : array of shape (n_timesteps, n_outputs)
        final_state : array of shape (state_size,)
        """
        self._check_drive(W_fb)
        xp = array_namespace(X)
        rows, predictions = [], []
        y = y0
        advance = self.step_function(X) if advance is None else advance
        with self.step_context():
            for t in range(X.shape[0]):
                state = advance(state, X[t, :], drive=W_fb @ y)
                row = self.state_output(state)
                y = xp.reshape(readout(row, X[t, :]), (-1,))
                rows.append(row)
                predictions.append(y)
        outputs = xp.stack(rows)
        self.check_outputs([outputs])
        return outputs, xp.stack(predictions), state

    def generate(self, state, u, n_steps, readout, W_fb=None):
        """Closed loop from internal ``state`` reached after input ``u``.

        ``readout(output_row, input)`` gives the next input; with ``W_fb``
        each output also enters the drive through it.

        Returns
        -------
        outputs : array of shape (n_steps, n_features)
            Row 0 is ``readout`` of ``state``: the forecast of the value that
            follows ``u``.
        """
        self._check_drive(W_fb)
        advance = self.step_function(state)
        with self.step_context():
            return closed_loop(
                state, u, n_steps, features=self.state_output,
                advance=lambda s, u_next: advance(
                    s, u_next, drive=None if W_fb is None else W_fb @ u_next),
                readout=readout, remedy=closed_loop_remedy(self))

    def check_outputs(self, outputs):
        """Raise when the outputs of a run are not finite (nothing by default)."""

    def _namespace(self, X):
        """``(xp, device)`` of a call on ``X``: the input's, or the ``backend``'s."""
        return compute_namespace(X, getattr(self, "backend", None))

    def transform(self, X, *, initial_state=None):
        """Return the outputs driven by ``X``.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            A series or a panel; every series starts from ``initial_state``.
            A dask array (a panel chunked along series) runs block by block
            on the cluster and gives a dask array.
        initial_state : None, "rest" or array-like of shape (state_size,), default=None
            Where every series starts. None or ``"rest"``: ``initial_state_``
            (stateless: the same input gives the same output). An array: that
            internal state; to continue a series whose states ``S`` an earlier
            call returned, pass ``S[-1]`` (for reservoirs whose output is
            their state, as :class:`~skreservoir.Reservoir`'s): ReservoirPy's
            ``reservoir.run(X_test)`` after ``reservoir.run(X_train)``.

        Returns
        -------
        outputs : ndarray of shape (n_timesteps, ``output_size_``), (n_series, n_timesteps, ``output_size_``) or list of 2D arrays
            The outputs, with the structure of ``X``.

        Examples
        --------
        >>> import numpy as np
        >>> from skreservoir import Reservoir
        >>> X = np.sin(np.linspace(0, 20, 300))[:, None]
        >>> reservoir = Reservoir(n_units=50, random_state=0).fit(X)
        >>> first = reservoir.transform(X[:200])
        >>> rest = reservoir.transform(X[200:], initial_state=first[-1])
        >>> bool(np.allclose(np.vstack([first, rest]), reservoir.transform(X)))
        True
        """
        check_is_fitted(self)
        starts = self._transform_starts(initial_state)
        if is_dask_collection(X):  # block by block of series: skreservoir._dask
            if starts is not None:
                raise ValueError("initial_state is not supported for a dask array X; "
                                 "transform X.compute(), or from rest.")
            return map_series_blocks(self, "transform", X, one_series=X.ndim == 2)
        xp, device = self._namespace(X)
        check_same_namespace(self, "initial_state_", xp, "transform")
        Xs, _, layout = validate_series(self, to_host(X), reset=False)
        check_container_output(self, layout)
        Xs = to_namespace(Xs, xp, device)
        if starts is None:
            return output_for(X, self._transform_series(Xs, layout))
        starts = xp.broadcast_to(to_namespace(starts, xp, device)[None, :],
                                 (len(Xs), starts.shape[0]))
        return output_for(X, restore_layout(self.run_batch(Xs, starts)[0], layout))

    def fit_transform(self, X, y=None, **fit_params):
        """Fit to ``X``, then return its outputs (:meth:`transform`).

        As ``fit(X).transform(X)``, and checks the states as every ESN checks
        its training states: a
        :class:`~skreservoir.exceptions.ReservoirStateWarning` where most of
        them are saturated, died out or stand still while the input varies,
        or where the input, far from unit scale, pins the units it reaches
        (a reservoir in a scikit-learn ``Pipeline`` before a ``Ridge`` said
        nothing where ``ESNRegressor`` warned). Read on up to 32 series of
        a panel, on evenly spaced steps (a bounded cost). Not the regressors'
        further check of inputs far from unit scale whose units are not
        pinned (what follows a reservoir alone may be a classifier, which
        gains from saturation), not a :class:`~skreservoir.ReservoirStack`'s
        (whose layers have their own inputs) and not on a dask array.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            A series or a panel.
        y : None
            Ignored.
        **fit_params : dict
            Passed to ``fit``.

        Returns
        -------
        outputs : ndarray of shape (n_timesteps, ``output_size_``), (n_series, n_timesteps, ``output_size_``) or list of 2D arrays
            The outputs, with the structure of ``X``.
        """
        outputs = self.fit(X, y, **fit_params).transform(X)
        if not is_dask_collection(X):
            from skreservoir.esn._base import warn_poor_states
            from skreservoir.esn._transformer import threshold_series

            with warnings.catch_warnings():  # what X's checks say, fit said
                warnings.simplefilter("ignore")
                inputs, _, _ = validate_series(self, to_host(X), reset=False)
            states = (list(outputs) if isinstance(outputs, list) or getattr(outputs, "ndim", 2) == 3
                      else [outputs])
            checked = threshold_series(len(inputs))
            warn_poor_states(self, [inputs[i] for i in checked], [states[i] for i in checked],
                             [0] * len(checked), panel=len(inputs) > 1)
        return outputs

    def _transform_starts(self, initial_state):
        """``transform``'s start as a host array of the internal state's dtype, or None (rest)."""
        if initial_state is None or (isinstance(initial_state, str)
                                     and initial_state == "rest"):
            return None
        if isinstance(initial_state, str):
            raise ValueError(f"initial_state must be None, 'rest' or an array of the "
                             f"internal state's shape, got {initial_state!r} ('fit' and "
                             "'continue' are the ESN estimators' predict options). "
                             f"{self._continue_hint()}")
        rest = to_host(self.initial_state_)
        start = np.asarray(to_host(initial_state), dtype=rest.dtype)
        if start.shape != rest.shape:
            raise ValueError(
                f"initial_state must have shape {rest.shape} (the reservoir's internal "
                f"state), got {start.shape}. {self._continue_hint()}"
            )
        if not np.all(np.isfinite(start)):
            raise ValueError("initial_state contains NaN or inf; pass a finite state.")
        return start

    def _continue_hint(self):
        """How to make ``transform`` continue a series, for error messages."""
        return ("To continue a series, pass the state where it ended: the last row "
                "of an earlier transform's output where that output is the state "
                "(transform(X_after, initial_state=S[-1]) with S = "
                "transform(X_before)), else the last row of the final_states of "
                "run_batch([X_before]).")

    def _transform_series(self, Xs, layout):
        """Outputs of validated series, in the structure of ``layout``."""
        return restore_layout(self.run_batch(Xs)[0], layout)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        return tags


def initial_states_for(reservoir, Xs):
    """``reservoir.initial_state_`` for every series of ``Xs``, in their namespace."""
    xp, device = array_namespace(Xs[0]), device_of(Xs[0])
    initial = to_namespace(reservoir.initial_state_, xp, device)
    return xp.broadcast_to(initial, (len(Xs), initial.shape[0]))


def _pool(outputs, pooling, washout, thresholds=None):
    """:meth:`BaseReservoir.run_pooled` of a chunk's ``outputs`` (a list of arrays).

    ``"pooled"``: :func:`skreservoir.esn._representation.pooled_statistics`
    on the host, in the dtype of the outputs and moved back to their
    namespace.
    """
    if pooling != "pooled":
        return pool_states(outputs, pooling, washout)
    from skreservoir.esn._representation import pooled_statistics

    host = to_host(outputs)
    pooled = pooled_statistics(host, washout, to_host(thresholds))
    return to_namespace(pooled.astype(host[0].dtype, copy=False), array_namespace(outputs[0]),
                        device_of(outputs[0]))


def linear_readout(readout, n_inputs, include_input, like):
    """``(output_row, input) -> prediction`` of a fitted readout, for one step.

    A readout with ``coef_`` and ``intercept_`` (the skreservoir readouts) is
    applied as ``coef_ @ [u; x] + intercept_`` in the namespace of ``like``;
    any other regressor through its ``predict`` on one row.

    Parameters
    ----------
    readout : fitted regressor
    n_inputs : int
        Number of inputs ``u`` (the first columns with ``include_input``).
    include_input : bool
        Whether the readout reads ``[u, x]`` rather than ``x``.
    like : array
        An array of the compute namespace and device.
    """
    xp, device = array_namespace(like), device_of(like)
    coef = getattr(readout, "coef_", None)
    if coef is not None and hasattr(readout, "intercept_") and not hasattr(readout, "classes_"):
        coef = to_namespace(coef, xp, device)
        coef = coef[None, :] if coef.ndim == 1 else coef
        intercept = readout.intercept_
        intercept = (xp.asarray([intercept], dtype=xp.float64, device=device)
                     if isinstance(intercept, float)
                     else to_namespace(intercept, xp, device))
        if include_input:
            coef_u, coef_x = coef[:, :n_inputs], coef[:, n_inputs:]
            return lambda x, u: coef_x @ x + coef_u @ u + intercept
        return lambda x, u: coef @ x + intercept
    predict = readout.predict

    def one_row(x, u):
        row = xp.concat([xp.astype(u, x.dtype), x]) if include_input else x
        output = to_namespace(predict(row[None, :]), xp, device)
        return xp.reshape(xp.astype(output, xp.float64), (-1,))

    return one_row


class BaseReadout(NodeCallMixin, ReservoirPyNamesMixin, HostPickleMixin, BaseEstimator):
    """Base class of the skreservoir readouts: linear models that learn chunk by chunk.

    ``fit`` on the first chunk of rows and ``partial_fit`` on each later one
    give the model that ``fit`` gives on all rows at once (exactly, for the
    ridge readouts' normal equations; row after row, for the online ones), so
    the composites train them on large panels one chunk of series at a time.
    A fitted readout exposes ``coef_`` (n_outputs, n_features) or
    (n_features,) and ``intercept_`` (see :func:`linear_readout`).
    """


def reservoir_namespace(reservoir, X):
    """``(xp, device)`` of a composite's call on ``X``: that of ``reservoir``'s ``backend``.

    Array API input computes in its own namespace; numpy input where the
    reservoir's ``backend`` says (None, or a reservoir without one: the
    configured backend).
    """
    return compute_namespace(X, getattr(reservoir, "backend", None))


def gated_reservoir_advice(owner="this estimator"):
    """Why a GatedReservoir is not the ``reservoir`` of an ESN, and what to use."""
    return (
        f"GatedReservoir is not a reservoir {owner} runs: its states come from a "
        "trained ESGPRegressor or ESGPClassifier (gated units, trained by "
        "backpropagation), and it is a transformer of its own. Put it before a readout "
        "in a Pipeline, make_pipeline(GatedReservoir(ESGPRegressor(...)), "
        "RidgeReadout()), or use ESGPRegressor / ESGPClassifier themselves; for an "
        "ESN, pass a reservoir such as skreservoir.Reservoir(...)."
    )


def fit_reservoir(reservoir, Xs, random_state=None):
    """Clone ``reservoir`` (``Reservoir()`` when None) and fit it on ``Xs``.

    ``random_state`` seeds a reservoir whose own ``random_state`` is None.
    """
    if reservoir is None:
        from skreservoir.reservoir import Reservoir

        reservoir = Reservoir()
    refuse_class(reservoir, "reservoir")
    if not isinstance(reservoir, BaseReservoir):
        if type(reservoir).__name__ == "GatedReservoir":
            raise TypeError(gated_reservoir_advice())
        raise TypeError(
            "reservoir must be a skreservoir reservoir such as "
            f"skreservoir.Reservoir, got {type(reservoir).__name__}. Reservoirs side "
            "by side (a FeatureUnion of reservoirs; ReservoirPy's [r1, r2] >> readout) "
            "are ReservoirStack([r1, r2], parallel=True), reservoirs in series "
            "(r1 >> r2) ReservoirStack([r1, r2], concatenate=False): given as the "
            "reservoir, the washout and predict(X, initial_state='fit') apply to them "
            "(a Pipeline of a FeatureUnion and a readout trains on the transients "
            "and restarts from rest). A preprocessing transformer goes before the "
            "estimator: make_pipeline(transformer, esn); a transformer of your own that "
            "computes states (custom dynamics) goes before a readout: "
            "make_pipeline(transformer, RidgeReadout(washout=...)) (without the ESN's "
            "initial_state='fit', generate and feedback, which run its reservoir)."
        )
    reservoir = clone(reservoir)
    if random_state is not None:
        seed_reservoir(reservoir, random_state)
    return reservoir.fit(Xs)


def layer_seeds(stack):
    """The seed each layer of a :class:`ReservoirStack` draws with: its own
    ``random_state``, else one drawn for it from the stack's (one per layer, in
    order, whether the layer uses it or not), else None."""
    own = [layer.get_params().get("random_state") for layer in stack.reservoirs]
    if stack.random_state is None:
        return own
    drawn = check_random_state(stack.random_state).randint(
        np.iinfo(np.int32).max, size=len(own))
    return [seed if seed is not None else int(new) for seed, new in zip(own, drawn)]


def _seeds_itself(reservoir):
    """Whether ``reservoir`` is a stack whose own ``random_state`` seeds its layers."""
    return hasattr(reservoir, "reservoirs") and getattr(reservoir, "random_state", None) is not None


def seed_reservoir(reservoir, random_state, overwrite=False):
    """Set the seeds of ``reservoir`` (in place) from ``random_state``: its own
    ``random_state``, or a seed of its own for each layer of a stack (one seed for
    all would draw the same matrices in layers of the same size). Only the unseeded
    ones unless ``overwrite``; a stack with a ``random_state`` of its own is seeded
    (as a reservoir with one is), unless ``overwrite``."""
    if _seeds_itself(reservoir) and not overwrite:
        return reservoir
    params = reservoir.get_params(deep=True)
    keys = seed_keys(reservoir)
    if keys == ["random_state"]:
        seeds = [random_state]
    else:
        seeds = [int(seed) for seed in check_random_state(random_state).randint(
            np.iinfo(np.int32).max, size=len(keys))]
    reservoir.set_params(**{key: seed for key, seed in zip(keys, seeds)
                            if overwrite or params[key] is None})
    return reservoir


def seed_keys(reservoir):
    """The parameters that seed ``reservoir``: its ``random_state``, or its layers'
    (``reservoirs__0__random_state``, ... of a :class:`ReservoirStack`), in a fixed order.

    A stack's own ``random_state`` (which seeds its unseeded layers) is not one:
    its layers' seeds are set, as they were before the stack had one."""
    keys = sorted(key for key in reservoir.get_params(deep=True)
                  if key == "random_state" or key.endswith("__random_state"))
    return [key for key in keys if not any(
        other.startswith(key[: -len("random_state")] + "reservoirs__") for other in keys)]


def reservoir_seeds(reservoir):
    """The int seeds of every part of ``reservoir`` (a list), or None where one is not an int.

    A reservoir seeded this way draws the same matrices at every fit, so what an
    estimator draws besides (feedback weights, noise) can be seeded from it.
    """
    if not _seeds_itself(reservoir):
        params = reservoir.get_params(deep=True)
        seeds = [params[key] for key in seed_keys(reservoir)]
    elif isinstance(reservoir.random_state, np.random.RandomState):
        seeds = []  # drawn anew at every fit
    else:
        seeds = layer_seeds(reservoir)
    if not seeds or not all(isinstance(seed, numbers.Integral) for seed in seeds):
        return None
    return [int(seed) for seed in seeds]


def reservoir_seed(reservoir):
    """The ``random_state`` of a plain reservoir; for a stack, one int seed derived
    from its layers' when every one is an int, else None."""
    if seed_keys(reservoir) == ["random_state"]:
        return reservoir.get_params()["random_state"]
    seeds = reservoir_seeds(reservoir)
    if seeds is None:
        return None
    return int(np.random.default_rng(seeds).integers(np.iinfo(np.int32).max))


def state_dtype(reservoir):
    """The numpy dtype of a fitted reservoir's states (its ``initial_state_``'s)."""
    return np.dtype(to_host(reservoir.initial_state_[:1]).dtype)


def state_itemsize(reservoir):
    """Bytes per value of a fitted reservoir's states (its ``initial_state_``'s dtype)."""
    return state_dtype(reservoir).itemsize


def declared_state_dtype(reservoir):
    """The dtype name that an unfitted ``reservoir`` declares by its ``dtype`` parameter.

    ``"float32"`` or ``"float64"``; ``"float64"`` (the default) for a
    reservoir without the parameter or with a value ``fit`` would reject.
    For the ``preserves_dtype`` tag of the estimators built on it.
    """
    try:
        name = np.dtype(getattr(reservoir, "dtype", None)).name
    except TypeError:
        return "float64"
    return name if name in ("float32", "float64") else "float64"


def as_state_dtype(result, reservoir):
    """``result`` (an array of any namespace, or a list of them) in the dtype of ``reservoir``'s states.

    What a composite returns for a float32 reservoir (predictions, scores,
    representations) is float32, whatever it computed in between; nothing
    is copied when the dtypes already agree.
    """
    name = state_dtype(reservoir).name
    if isinstance(result, list):
        return [_as_dtype(part, name) for part in result]
    return _as_dtype(result, name)


def _as_dtype(array, name):
    xp = array_namespace(array)
    dtype = getattr(xp, name)
    return array if array.dtype == dtype else xp.astype(array, dtype)


_PARAM_GETTERS = {}


def _param_values(estimator):
    """The values of ``estimator``'s parameters, a tuple in the order of ``get_params``."""
    cls = type(estimator)
    getter = _PARAM_GETTERS.get(cls)
    if getter is None:
        names = tuple(cls._get_param_names())
        getter = (operator.attrgetter(*names) if len(names) > 1
                  else (lambda e: (getattr(e, names[0]),)) if names else (lambda e: ()))
        getter = _PARAM_GETTERS.setdefault(cls, getter)
    return getter(estimator)


def validate_params_if_changed(estimator):
    """``estimator._validate_params()``, unless the parameters are those last validated.

    For the methods called once per step (``partial_fit``): the parameters
    are checked on every call, but a call whose parameters are the very
    objects last validated reuses that validation instead of paying
    scikit-learn's full one. The validated values are kept (in
    ``_validated_params``, replaced only when they change), so that no new
    value can take the id of a validated one.
    """
    values = _param_values(estimator)
    validated = getattr(estimator, "_validated_params", None)
    if validated is None or not all(map(operator.is_, values, validated)):
        estimator._validate_params()
        estimator._validated_params = values


def auto_washout(reservoir, U, *, tol=1e-4, max_fraction=0.25, return_states=False):
    """Steps after which a fitted reservoir has forgotten where it started.

    The series ``U`` is run twice, from the reservoir's initial state and
    from a second start (every unit at +0.5 or -0.5, drawn with a fixed
    seed); the washout is the first step from which the two state paths stay
    closer than ``tol`` (largest absolute difference), at most
    ``max_fraction`` of the series. A reservoir whose state is not a
    function of its recent inputs alone (no echo state property on this
    input) gets the cap.

    Returns
    -------
    washout : int
    states : array of shape (n_timesteps, output_size)
        Only with ``return_states``: the outputs of the run from the
        initial state (what ``run_batch([U])`` returns: the same run), at no
        extra cost.
    """
    initial = np.asarray(to_host(reservoir.initial_state_), dtype=np.float64)
    other = initial + np.random.default_rng(0).choice([-0.5, 0.5], size=initial.shape)
    starts = np.stack([initial, other]).astype(initial.dtype)
    if not is_numpy(input_namespace(U)):
        starts = to_namespace(starts, array_namespace(U), device_of(U))
    # two runs of the one series, not a panel of two: the states of the first
    # are then exactly those of transform and predict (a panel's kernel sums
    # in another order), and a panel of two ran 2 to 4 times slower on the
    # blocked kernel (which a first call would also compile: 3 s)
    outputs = [reservoir.run_batch([U], starts[i:i + 1, :])[0][0] for i in range(2)]
    gap = np.max(np.abs(to_host(outputs[0]) - to_host(outputs[1])), axis=1)
    cap = max(1, int(max_fraction * U.shape[0]))
    far = np.flatnonzero(gap >= tol)
    washout = min(0 if far.size == 0 else int(far[-1]) + 1, cap)
    return (washout, outputs[0]) if return_states else washout
