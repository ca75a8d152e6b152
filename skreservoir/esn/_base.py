"""Reservoir + readout plumbing shared by the ESN regressor and classifier."""

import functools
import math
import multiprocessing
import operator
import sys
import warnings
from contextlib import contextmanager
from numbers import Integral

import numpy as np
import scipy.sparse as sp
from array_api_compat import array_namespace
from sklearn.base import BaseEstimator, MetaEstimatorMixin, clone, is_classifier
from sklearn.exceptions import NotFittedError
from sklearn.utils import get_tags

from skreservoir._backend import (
    HostPickleMixin,
    check_same_namespace,
    device_of,
    input_namespace,
    is_numpy,
    output_for,
    to_host,
    to_namespace,
)
from skreservoir._base import (
    BaseReadout,
    DefaultPartsMixin,
    NodeCallMixin,
    ReservoirPyNamesMixin,
    auto_washout,
    fit_reservoir,
    reservoir_namespace,
    state_itemsize,
    validate_params_if_changed,
)
from skreservoir._config import config_value, config_values, get_config
from skreservoir._dask import computed, partial_fit_dask
from skreservoir._panel import concat_rows, series_chunks, split_rows
from skreservoir._sklearn_compat import HasMethods, Interval, StrOptions, check_is_fitted
from skreservoir._validation import (
    check_reservoir_not_a_size,
    check_washout,
    join_words,
    refuse_class,
    restore_layout,
    scattered_split,
    series_at,
    user_stacklevel,
    validate_series,
    warn_if_transposed,
    warn_scattered_folds,
)
from skreservoir._weights import SHAPED_BY_DRAW, given_as_is
from skreservoir.exceptions import (
    LENGTH_RATIO,
    DataLayoutWarning,
    ReservoirStateWarning,
    SeriesLengthWarning,
    WarmupWarning,
)
from skreservoir.readout._base import checkpoints_held

#: The largest share of the series (or one series) that may be too short for the
#: transient the ``"auto"`` washout measured for it to warn that they cut it for all:
#: with more, the panel is one of short series (JapaneseVowels: 227 of 270), not a
#: few strays.
SHORT_SERIES_SHARE = 0.1


def _public_name(method):
    """The public method a readout method serves (for error messages)."""
    name = method.__name__
    return "predict_proba" if name in ("_softmax_scores", "_calibrated_scores") else name


def _first_row(X):
    """The first row of a validated series, a tuple of floats (any namespace)."""
    return tuple(float(v) for v in np.asarray(to_host(X[:1, ...]), dtype=np.float64).ravel())


def _starts_with(X, start):
    """Whether the validated series ``X`` starts with the row ``start`` (a
    :func:`_first_row`), the same series in float32 or float64 (within float32's
    rounding: a series fitted in one and predicted in the other)."""
    if start is None or not X.shape[0]:
        return False
    row = _first_row(X)
    return len(row) == len(start) and np.allclose(row, start, rtol=2 * np.finfo(np.float32).eps,
                                                  atol=0.0)


#: What a one-row stream's plan (:meth:`._row_plan.RowPlan.step`) returns when
#: the readout declined the update: the general path runs the call.
DECLINED = object()


def still_constant(held, Xs):
    """``held`` (a row of inputs) where every row of the series ``Xs`` equals it, else None.

    Tracks whether an ESN's training inputs were one constant row (a pattern
    generator driven by zeros), which ``generate`` then holds.
    """
    if held is None:
        return None
    if type(Xs[0]) is np.ndarray:  # the one-row streams' case: a few microseconds
        return held if all((X == held).all() for X in Xs) else None
    xp = array_namespace(Xs[0])
    held_xp = to_namespace(held, xp, device_of(Xs[0]))
    return held if all(bool(xp.all(X == held_xp)) for X in Xs) else None


def constant_row(Xs):
    """The row every row of the series ``Xs`` equals (a numpy array), else None."""
    return still_constant(to_host(Xs[0][0, :]).copy(), Xs) if Xs[0].shape[0] else None


def target_range(ys, previous=None):
    """Per-output minimum and maximum of the targets ``ys`` (and of ``previous``)."""
    hosts = [to_host(y) for y in ys]
    if len(hosts) == 1 and hosts[0].shape[0] == 1:  # one row (a step of an online loop)
        lo = hi = hosts[0].reshape(-1)
        if previous is not None and lo.shape[0] == 1 and (
                previous[0][0] <= lo[0] <= previous[1][0]):
            return previous  # within the range seen: unchanged
    else:
        values = np.concatenate([h.reshape(h.shape[0], -1) for h in hosts])
        lo, hi = values.min(axis=0), values.max(axis=0)
    if previous is not None:
        lo, hi = np.minimum(lo, previous[0]), np.maximum(hi, previous[1])
    return lo, hi


def _scaling_advice(reservoir, weights, verb, direction):
    """A sentence naming the parameters that scale ``weights`` of ``reservoir``.

    A weight given as an array (or a float bias) is used as it is, so its
    scaling parameter would change nothing: the sentence says to scale that
    array instead.
    """
    given = given_as_is(reservoir.get_params(deep=False), weights)
    knobs = [SHAPED_BY_DRAW[name][0] for name in weights if name not in given]
    parts = [f"{verb} the reservoir's {join_words(knobs, 'or')}"] if knobs else []
    if given:
        scaled = join_words([SHAPED_BY_DRAW[name][0] for name in given], "and")
        verb_form = "applies" if len(given) == 1 else "apply"
        parts.append(f"scale {direction} the {join_words(given, 'or')} you passed ({scaled} "
                     f"{verb_form} only to drawn weights)")
    sentence = ", or ".join(parts)
    return sentence[0].upper() + sentence[1:]


#: The largest standard deviation over time of the input's part of the units' sums
#: (``W_in @ u``) below which the reservoir "hardly feels the input" (a sine scaled by
#: 1e-4 into the default reservoir: 3.5e-5, one-step training R^2 0.98; by 1e-5:
#: 3.5e-6, R^2 0.36; by 1e-6: R^2 0.008).
STILL_DRIVE = 1e-5
#: The input's part of the units' sums (as STILL_DRIVE measures it) at or above which,
#: with inputs whose standard deviation is FAR_SPREAD or more (raw units: a chosen
#: large input_scaling on standardised inputs stays quiet), the states lose the
#: input's detail: one step ahead with the default reservoir (input_scaling 0.5), the
#: median R^2 over three seeds was 0.9997-0.99999 with standardised inputs, 0.985-0.998
#: at a standard deviation of 3 (a drive of 1.5), 0.89-0.97 at 5, 0.78-0.91 at 10; in
#: their own units Lorenz z scored -402 (standardised 0.9996), the Santa Fe laser 0.002
#: (0.997), Lorenz-96 (standard deviation 3.7) 0.84 (0.9986)
#: (``benchmarks/bench_input_scale_warning.py``).
LOUD_DRIVE = 1.5
FAR_SPREAD = 3.0


def _input_drive(reservoir, inputs):
    """The largest standard deviation over time of ``W_in_ @ u`` over the ``inputs``
    (a list of 2D arrays), or None where the reservoir has no input weights of that
    width or the inputs do not vary (or overflow)."""
    W_in = getattr(reservoir, "W_in_", None)
    width = inputs[0].shape[1] if inputs and inputs[0].ndim == 2 else None
    if W_in is None or width is None or W_in.ndim != 2 or W_in.shape[1] < width:
        return None
    values = np.concatenate(inputs)
    # in units of the largest magnitude (a power of two: exact), so that the squares
    # neither underflow (inputs of 1e-200: a variance of 0, taken for no variation,
    # and no warning) nor overflow (near 1e300)
    with np.errstate(over="ignore", invalid="ignore"):
        largest = float(np.max(np.abs(values))) if values.size else 0.0
    if not (0 < largest < np.inf):
        return None
    unit = 2.0 ** np.ceil(np.log2(largest))
    values = values / unit
    moving = _spread(values)
    if not (moving > 0 and np.isfinite(moving)):
        return None
    W_in = to_host(W_in[:, :width])
    W_in = W_in.toarray() if sp.issparse(W_in) else np.asarray(W_in)
    # the standard deviation of w_i . u over time is sqrt(w_i^T C w_i), C the inputs'
    # covariance: no (n_units, n_rows) array (1.5 GiB for 200k rows and 1000 units)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        covariance = np.atleast_2d(np.cov(values, rowvar=False, bias=True))
        variances = np.einsum("ij,jk,ik->i", W_in, covariance, W_in)
    return float(np.sqrt(np.max(np.maximum(variances, 0.0)))) * unit


def _spread(values):
    """The largest standard deviation of the columns of ``values``; inputs near 1e300
    overflow its squares to inf (a spread all the same), without numpy's warning."""
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.max(np.std(values, axis=0)))


def _how_to_standardise(panel):
    """How to standardise the input: scikit-learn's StandardScaler takes one series (2D),
    not a panel (a 3D array or a list of series)."""
    if not panel:
        return "a StandardScaler in a Pipeline"
    return ("for a panel, by each feature's mean and standard deviation over all series "
            "and steps, e.g. (X - X.mean(axis=(0, 1))) / X.std(axis=(0, 1)) for an array, "
            "a constant feature left out; StandardScaler takes 2D data only")


def _standardise_advice(reservoir, verb, direction, panel=False):
    """"Standardise the input ... or <verb> the reservoir's input_scaling." and what the
    reservoir's class adds: the fix of an input far from unit scale."""
    return (f"Standardise the input ({_how_to_standardise(panel)}) or "
            + _scaling_advice(reservoir, ("W_in",), verb, direction).lower() + "."
            + _own_advice(reservoir))


def _own_advice(reservoir):
    """What a reservoir class adds to the state warnings (its ``_state_advice()``: a
    learned ``W`` whose scale ``spectral_radius`` does not set), with a leading space."""
    advice = getattr(reservoir, "_state_advice", None)
    text = advice() if callable(advice) else ""
    return f" {text}" if text else ""


#: The share of the training states beyond the activation's range (by a quarter of
#: its width) above which the state noise is said to dominate them
#: (:func:`warn_poor_states`).
NOISE_OUTSIDE_SHARE = 0.1

#: Most state values (and input values) the check of the training states reads.
STATE_CHECK_VALUES = 1_000_000


def _stride(arrays, limit=STATE_CHECK_VALUES):
    """The step between the time steps :func:`_evenly_spaced` keeps of ``arrays``."""
    total = sum(a.shape[0] * max(1, math.prod(a.shape[1:])) for a in arrays)
    return max(1, -(-total // limit))


def _evenly_spaced(arrays, limit=STATE_CHECK_VALUES):
    """Host copies of evenly spaced time steps of ``arrays``, at most about ``limit`` values."""
    stride = _stride(arrays, limit)
    return [to_host(a[::stride, ...]) for a in arrays]


#: Every unit's standard deviation over the training steps below this (relative to the
#: states' largest magnitude, at least 1) while the input varies: the states are still
#: and the readout learns the mean only (:func:`warn_poor_states`). A user battery's
#: still reservoirs moved by 0 to 1.5e-10 (tanh at input_scaling 100 and sigmoid at 50
#: on a positive series, relu under a bias of -5, an activation returning 0).
STILL_STATES = 1e-6
#: The training steps (after the washout) below which the stillness is not judged.
STILL_MIN_STEPS = 10
#: The share of a series' input variation (the largest standard deviation of its
#: columns) that its input must keep over the window where the stillness is judged:
#: states that settle where the input settles (a plateau, a quiet tail, zero padding)
#: are not still of themselves.
STILL_INPUT_SHARE = 0.1


def checks_states(reservoir):
    """Whether :func:`warn_poor_states` checks this reservoir (one with an activation other
    than the identity, whose linear states follow the input, or spiking units whose
    spikes are the states)."""
    params = reservoir.get_params()
    activation = params.get("activation", "identity")
    return not (isinstance(activation, str) and activation == "identity") or _spiking(reservoir)


def _spiking(reservoir):
    """Whether the states of ``reservoir`` are spikes (LIFReservoir's default output)."""
    params = reservoir.get_params()
    return params.get("output") == "spikes" and "threshold" in params


def warn_poor_states(reservoir, Xs, states, skips, far_inputs=False, panel=None):
    """Warn (ReservoirStateWarning) when the training states are saturated, dead or constant.

    ``states``: the reservoir's states of the series ``Xs`` (one array per
    series, the input columns left out), checked after the ``skips`` rows
    of each, for reservoirs with an activation (saturation and the input's
    scale: tanh and sigmoid; states that died out or stand still: any), on
    evenly spaced time steps of at most :data:`STATE_CHECK_VALUES` states
    and as many input values (the whole chunk cost about as much as
    running the reservoir over it). The ESNs check their first chunk of
    training series, :class:`ESNTransformer` up to 32 of its training
    series. ``far_inputs``: also warn of inputs far above unit scale (the
    regressors; see ``_BaseESN._warns_far_inputs``). ``panel``: whether the
    data is a panel (the advice on standardising it), where ``Xs`` holds only
    some of its series; None: whether ``Xs`` holds several. The warning
    points at the caller's line.
    """
    if panel is None:  # the series checked are those of the data (a panel, or one)
        panel = len(Xs) > 1
    if not checks_states(reservoir):
        return
    activation = reservoir.get_params().get("activation")
    trained = [(f[k:, ...], x[k:, ...]) for f, x, k in zip(states, Xs, skips) if f.shape[0] > k]
    stride = _stride([f for f, _ in trained])
    rows = [to_host(f[::stride, ...]) for f, _ in trained]
    # the inputs of the same steps (the stillness is judged against them)
    paired = [(r, to_host(x[::stride, ...])) for r, (_, x) in zip(rows, trained)]
    inputs = _evenly_spaced(list(Xs))
    if not rows or not any(np.any(x != 0) for x in inputs):
        return
    states = np.concatenate(rows)
    if _spiking(reservoir):
        if not np.any(states):  # an all-zero model: R^2 0, one class predicted
            warnings.warn(
                f"No unit of the {type(reservoir).__name__} spiked during training: "
                "the states are all zero although the input is not, and the readout has "
                "nothing to learn from. Lower its threshold (now "
                f"{reservoir.get_params()['threshold']!r}) or raise its input_scaling "
                f"(now {reservoir.get_params()['input_scaling']!r}), or scale the input "
                "up.",
                ReservoirStateWarning, stacklevel=user_stacklevel(),
            )
        return
    bounded = isinstance(activation, str) and activation in ("tanh", "sigmoid")
    if activation == "tanh":
        at_bound = np.abs(states) > 0.99
        outside = np.abs(states) > 1.5  # beyond the range by a quarter of its width
    else:
        at_bound = (states > 0.99) | (states < 0.01)
        outside = (states > 1.25) | (states < -0.25)
    saturated = float(np.mean(at_bound))
    noise = reservoir.get_params().get("noise") or 0.0
    scale = float(np.max(np.abs(states)))
    if not bounded:  # relu, identity, a callable: no bound to be pinned at
        _warn_still_states(reservoir, paired, scale, bounded)
        return
    if noise > 0 and float(np.mean(outside)) > NOISE_OUTSIDE_SHARE:
        # the state noise is added after the activation: states beyond its range are
        # the noise's, not saturated units (the advice named input_scaling and the bias)
        warnings.warn(
            f"{float(np.mean(outside)):.0%} of the training states lie beyond the range "
            f"of {activation!r} by more than a quarter of its width (up to "
            f"{float(np.max(np.abs(states))):.3g}): the state "
            f"noise (noise={noise!r}, added after the activation) dominates them, and the "
            "readout learns mostly noise. Lower the reservoir's noise (a few percent of "
            "the states' scale, such as 1e-3 to 1e-2, regularises).",
            ReservoirStateWarning, stacklevel=user_stacklevel(),
        )
    elif saturated > 0.5:
        warnings.warn(
            f"{saturated:.0%} of the training states are saturated (within 0.01 of "
            f"the bounds of {activation!r}): the units act as switches and the "
            "readout sees little of the input. "
            + _scaling_advice(reservoir, ("W_in", "bias", "W"), "lower", "down")
            + " (or scale the inputs)." + _own_advice(reservoir),
            ReservoirStateWarning, stacklevel=user_stacklevel(),
        )
    elif activation == "tanh" and scale < 1e-8:
        _warn_still_states(reservoir, paired, scale, bounded)
    elif (drive := _input_drive(reservoir, inputs)) is not None and drive < STILL_DRIVE:
        # inputs in tiny units (1e-6): the states move by 1e-7 with the input, which
        # the readout's penalty drowns (training R^2 0.008 on a sine, 0.98 at 1e-4)
        warnings.warn(
            f"The reservoir hardly feels the input: the input's part of the units' "
            f"sums (W_in @ u) varies by at most {drive:.2g} (standard deviation over "
            "time), so that the states follow it by about as little and the readout "
            "learns almost nothing from it; the input is far below unit scale. "
            + _standardise_advice(reservoir, "raise", "up", panel),
            ReservoirStateWarning, stacklevel=user_stacklevel(),
        )
    elif (float(np.mean(np.mean(at_bound, axis=0) >= 0.9)) >= 0.05
          and float(np.percentile(np.abs(np.concatenate(inputs)), 99)) > 10
          and _spread(np.concatenate(inputs)) > 0):
        # inputs in raw units: the units the input reaches sit at a bound
        # whatever the input does (sktime's Chinatown counts, up to 1891:
        # 10 % of the default units in 99.8 % of the steps, and one class
        # predicted). Both conditions: inputs above 10 (in 1% of the values
        # at least: one outlier of standardised data is not the cause) saturate a unit
        # it reaches with a weight above 0.27 (tanh(2.65) = 0.99), and a
        # small input_scaling keeps such inputs in range; on inputs of unit
        # scale a large input_scaling may pin a few units by design
        # (AutoESNForecaster's candidates reach 3)
        pinned = float(np.mean(np.mean(at_bound, axis=0) >= 0.9))
        warnings.warn(
            f"The training states do not follow the input ({pinned:.0%} of the "
            "units sit at a bound in at least 90% of the steps, although the "
            "input varies): the units the input reaches are saturated, usually "
            "because the input is far from unit scale. "
            f"Standardise the input ({_how_to_standardise(panel)}; "
            "TransformedTargetRegressor for the target) or lower the "
            "reservoir's input_scaling.",
            ReservoirStateWarning, stacklevel=user_stacklevel(),
        )
    elif (far_inputs and drive is not None and drive >= LOUD_DRIVE
          and (spread := _spread(np.concatenate(inputs))) >= FAR_SPREAD):
        warnings.warn(
            f"The input is far from unit scale (standard deviation up to {spread:.3g}) "
            f"and moves the units' sums by up to {drive:.3g} (the standard deviation of "
            "W_in @ u over time): beyond tanh's near-linear range the states keep "
            "little of the input's detail (Lorenz x one step ahead in raw units, "
            "standard deviation 7.9: R^2 0.87, against 0.99999 standardised). "
            + _standardise_advice(reservoir, "lower", "down", panel),
            ReservoirStateWarning, stacklevel=user_stacklevel(),
        )
    else:
        _warn_still_states(reservoir, paired, scale, bounded)


def _warn_still_states(reservoir, paired, scale, bounded):
    """The ReservoirStateWarning of states that died out (all below 1e-8) or stand still
    while the input varies, for any activation; see :func:`warn_poor_states`.

    ``paired``: per series, the states and the inputs of the steps checked. Still:
    over the second half of those steps of each series (the first half may hold the
    slow approach to the fixed point the input holds the states at), every unit's
    standard deviation is below :data:`STILL_STATES` of the states' largest magnitude
    there, while the input there keeps at least :data:`STILL_INPUT_SHARE` of the
    series' input variation; every series judged (at least
    :data:`STILL_MIN_STEPS` steps, an input that varies there) must be still.
    """
    if scale < 1e-8:
        warnings.warn(
            "The training states died out (all below 1e-8) although the input is "
            "not zero: the readout has nothing to learn from. "
            + _scaling_advice(reservoir, ("W_in", "W"), "raise", "up")
            + ("" if bounded else ", or give the units a drive the activation does not "
               "send to 0 (a bias below 0 keeps relu at 0; an activation of your own "
               "must vary with its argument)")
            + "." + _own_advice(reservoir),
            ReservoirStateWarning, stacklevel=user_stacklevel(),
        )
        return
    motions = []
    for states, inputs in paired:
        half = states.shape[0] // 2
        if states.shape[0] < STILL_MIN_STEPS or not inputs.ndim == 2:
            continue
        overall = _spread(inputs)
        with np.errstate(over="ignore", invalid="ignore"):
            level = float(np.max(np.abs(inputs)))
        # (a constant input's standard deviation is its rounding: 1e-16 of its level)
        if not (overall > STILL_STATES * level
                and _spread(inputs[half:]) >= STILL_INPUT_SHARE * overall):
            continue  # the input settles there too (a plateau, a quiet tail, padding)
        with np.errstate(over="ignore", invalid="ignore"):
            motion = float(np.max(np.std(states[half:], axis=0)))
            size = float(np.max(np.abs(states[half:])))
        if not motion < STILL_STATES * size:
            return  # a series whose states follow its input
        motions.append(motion)
    if not motions:
        return
    motion = max(motions)
    if bounded:
        cause = ("The input holds the units at fixed points of the activation "
                 "(saturated, or constant). "
                 + _scaling_advice(reservoir, ("W_in", "bias"), "lower", "down")
                 + ", or standardise the input (a series far from zero drives a unit "
                 "it reaches to one bound)")
    else:
        cause = ("The activation does not vary where the units sit (relu under a "
                 "negative bias, an activation of your own that is flat there): change "
                 "the bias (bias_scaling) or the activation, or scale the input")
    warnings.warn(
        f"The training states stand still: every unit's standard deviation over time "
        f"is at most {motion:.2g} (states up to {scale:.3g}) although the input varies, "
        "so the readout sees constants and learns the targets' mean only. "
        + cause + "." + _own_advice(reservoir),
        ReservoirStateWarning, stacklevel=user_stacklevel(),
    )


def _same_parameter(old, new):
    """Whether a parameter's value is the one a model was built with: equal scalars,
    the same object otherwise (estimators, arrays)."""
    return old == new if np.isscalar(new) else old is new


def _same_objects(a, b):
    """Whether two :meth:`_BaseESN._nested_values` hold the same names and objects."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x is None or y is None:
            if x is not y:
                return False
        elif (x[0] != y[0] or len(x[1]) != len(y[1])
              or not all(map(operator.is_, x[1], y[1]))):
            return False
    return True


def _refuse_stream_change(name):
    """The ValueError of a parameter changed after the stream was built."""
    raise ValueError(
        f"{name} was changed by set_params after the model was built (fit or the first "
        "partial_fit); the stream was built with the previous value and cannot take "
        "the new one. Call fit to train with it, or partial_fit on "
        "clone(estimator) to start a new stream."
    )


def names_untrained_readout(method):
    """``method`` whose readout's NotFittedError says why: a stream that has not yet
    reached a step after the washout (:meth:`_BaseESN._check_readout_trained`); and that
    refuses a parameter the model's shape was built on changed since (its
    :meth:`_BaseESN._check_built_with`)."""

    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        self._check_built_with(method.__name__)
        try:
            return method(self, *args, **kwargs)
        except NotFittedError:
            if "readout_" in self.__dict__:
                self._check_readout_trained()
            raise

    return checked


class _BaseESN(
    NodeCallMixin, DefaultPartsMixin, ReservoirPyNamesMixin, HostPickleMixin, MetaEstimatorMixin,
    BaseEstimator
):
    """Reservoir + readout plumbing shared by the regressor and the classifier."""

    _parameter_constraints: dict = {
        "reservoir": [HasMethods(["fit", "transform"]), None],
        "readout": [HasMethods(["fit", "predict"]), None],
        "washout": [Interval(Integral, 0, None, closed="left"), StrOptions({"auto"})],
        "include_input": ["boolean"],
        "random_state": ["random_state"],
    }

    def _default_readout(self):
        raise NotImplementedError

    def _validate_params(self):
        """scikit-learn's check of the constraints, after a clear error for a number
        given as the reservoir (``ESNRegressor(100)``)."""
        check_reservoir_not_a_size(self)
        super()._validate_params()

    def _default_part(self, name):
        """The estimator that ``fit`` uses for the ``reservoir``/``readout`` left at None."""
        if name == "reservoir":
            from skreservoir.reservoir import Reservoir

            return Reservoir()
        return self._default_readout()

    # -- building blocks --------------------------------------------------
    def _namespace(self, X):
        """``(xp, device)`` of a call with input ``X``: the input's, or the reservoir's backend."""
        return reservoir_namespace(self.reservoir, X)

    def _validated(self, X, y=None, method="predict", **kwargs):
        """Validate on the host, then move the series to the compute namespace."""
        xp, device = self._namespace(X)
        if not kwargs["reset"]:
            check_same_namespace(self, "state_", xp, method)
        Xs, ys, layout = validate_series(self, to_host(X), to_host(y), **kwargs)
        if ys is not None and (kwargs.get("y_numeric", True)):
            # integer and boolean targets as float64, as scikit-learn's regressors
            # read them: the fed-back targets, their noise and the feedback weights
            # were cast to the targets' dtype (weights of 0.5 became 0 for ints)
            ys = to_namespace([y if np.asarray(y).dtype.kind in "fc"
                               else np.asarray(y, dtype=np.float64) for y in ys], xp, device)
        if kwargs.get("reset"):
            self._host_output = is_numpy(input_namespace(X))
            # a stream's chunk of one series may be a row or a few: not a layout question
            # (a panel's chunk, a 3D array or a list of series, still is)
            if method != "partial_fit" or getattr(X, "ndim", None) != 2:
                warn_if_transposed(X, type(self).__name__)
        return to_namespace(Xs, xp, device), ys, layout

    def _for_output(self, result):
        """Results of methods without an input (generate) follow the fit's input."""
        if getattr(self, "_host_output", True):
            return to_host(result)
        return to_namespace(result, array_namespace(self.state_), device_of(self.state_))

    def _chunks(self, Xs):
        """Chunks of series for training (:func:`series_chunks`).

        One chunk unless the readout learns exactly by ``partial_fit`` (the
        skreservoir readouts): another regressor gets all rows at once.
        """
        if not isinstance(self.readout_, BaseReadout):
            return [range(len(Xs))]
        width = self.reservoir_.output_size_ + (Xs[0].shape[1] if self.include_input
                                                else 0)
        return series_chunks([x.shape[0] for x in Xs], width,
                             state_itemsize(self.reservoir_),
                             get_config()["state_chunk_bytes"])

    def _train_chunked(self, Xs, ys, skips, extra_drive=None, weights=None,
                       declare=False, **kwargs):
        """Train the readout on every chunk of series: ``fit`` first, then ``partial_fit``.

        With ``declare``, the first chunk too is trained by ``partial_fit``, given
        ``kwargs`` (a classifier's ``classes``: some occur only where no row trains).
        Returns the final internal states of the last chunk's series.
        """
        if weights is not None and not any(np.any(w[k:] > 0) for w, k in zip(weights, skips)):
            # the readout said "sample_weight is all zero" of weights that were not
            raise ValueError(
                f"Every sample_weight after the washout (the first {max(skips)} steps of "
                "each series, which the readout is not trained on) is zero, or falls on a "
                "NaN target (left out of training), so no step is left to train on. Give "
                "positive weights to later steps with targets, or lower washout."
            )
        states = None
        for n, chunk in enumerate(self._chunks(Xs)):
            sub = [Xs[i] for i in chunk]
            extra = None if extra_drive is None else [extra_drive[i] for i in chunk]
            features, states = self._features(sub, extra_drive=extra)
            if n == 0:
                self._warn_poor_states(sub, features, [skips[i] for i in chunk],
                                       panel=len(Xs) > 1)
            first = n == 0 and not declare
            method = self.readout_.fit if first else self.readout_.partial_fit
            self._train_readout(method, features, [ys[i] for i in chunk],
                                [skips[i] for i in chunk],
                                None if weights is None else [weights[i] for i in chunk],
                                **({} if first else kwargs))
        return states

    def _warn_poor_states(self, Xs, features, skips, panel=None):
        """Warn (ReservoirStateWarning) when the training states are saturated, dead or constant.

        :func:`warn_poor_states` on the states of the first chunk of
        training series (the features without their input columns).
        """
        start = Xs[0].shape[1] if self.include_input else 0
        warn_poor_states(self.reservoir_, Xs, [f[:, start:] for f in features], skips,
                         far_inputs=self._warns_far_inputs, panel=panel)

    #: Whether the states' check also warns of inputs far above unit scale: a
    #: regressor's values lose their detail in saturated units (Lorenz x one step ahead
    #: R^2 0.86 raw, 0.99999 standardised); a classifier may gain from the saturation
    #: (sktime's BasicMotions, raw: accuracy 1.0, 1.0, 0.925 over three seeds,
    #: standardised 0.925, 0.7, 0.825; ``python benchmarks/bench_input_scale_warning.py
    #: --classifier``), so ESNClassifier is not told to standardise.
    _warns_far_inputs = True

    def _build(self, Xs, stream=False):
        """Clone and fit the reservoir, clone the readout (``stream``: a stream's first
        chunk, whose series the next calls continue; see :meth:`_set_washout`)."""
        # a one-row stream's plan (ESNRegressor) holds the previous reservoir_
        self.__dict__.pop("_row_plan", None)
        self._stream_built_on = {name: getattr(self, name) for name in self._stream_params}
        self._record_nested()
        refuse_class(self.readout, "readout")  # before a reservoir is drawn for nothing
        self.reservoir_ = fit_reservoir(self.reservoir, Xs, self.random_state)
        self.readout_ = self._default_readout() if self.readout is None else clone(self.readout)
        if is_classifier(self) and not is_classifier(self.readout_):
            raise TypeError(
                f"readout must be a classifier for {type(self).__name__} "
                "(RidgeReadoutClassifier, ForceReadoutClassifier or any scikit-learn "
                f"classifier), got {self.readout!r}; for real-valued targets use "
                "ESNRegressor."
            )
        if not is_classifier(self) and is_classifier(self.readout_):
            raise TypeError(
                f"readout must be a regressor for {type(self).__name__} (RidgeReadout, "
                "ForceReadout, LMSReadout or any scikit-learn regressor), got "
                f"{self.readout!r}, a classifier; for class labels use ESNClassifier."
            )
        self._set_washout(Xs, stream)

    def _features(self, Xs, initial_states=None, extra_drive=None, run=None):
        """Readout features of every series ([u, x] with include_input).

        Returns the features and the reservoir's internal state at the end of
        every series, shape (n_series, state_size). ``extra_drive`` is the
        teacher-forced output feedback, when there is one. ``run`` runs the
        reservoir (its ``run_batch`` when None).
        """
        run = self.reservoir_.run_batch if run is None else run
        if extra_drive is None:
            outputs, final_states = run(Xs, initial_states)
        else:
            outputs, final_states = run(Xs, initial_states, drive=extra_drive)
        if self.include_input:
            xp = array_namespace(outputs[0])
            outputs = [xp.concat([xp.astype(x, s.dtype), s], axis=1)
                       for x, s in zip(Xs, outputs)]
        return outputs, final_states

    def _set_washout(self, Xs, stream=False):
        """``washout_``: ``washout``, or with ``"auto"`` the steps the reservoir needs to forget its start.

        The rule of ``"auto"``: the first training series is run from the
        initial state and from a second start (every unit moved by 0.5);
        ``washout_`` is the first step from which the two paths stay closer
        than 1e-4, at most a quarter of the shortest series (with a
        WarmupWarning where that series is under half the median length and
        the cap at least halves the steps measured on the longest series,
        when one series or at most ``SHORT_SERIES_SHARE`` of them are shorter
        than four times those; a reservoir with
        zero-padded warm-up rows, such as NVAR, skips those instead). A
        stream's first chunk of 4 rows or more (``stream``) is not capped
        where the two paths agree within it (:meth:`_stream_washout`).
        """
        if self.washout != "auto":
            self.washout_ = self.washout
        elif self.reservoir_.n_warmup_ > 0:
            self.washout_ = 0
        elif stream and Xs[0].shape[0] >= 4:
            self.washout_ = self._stream_washout(Xs[0])
        else:
            lengths = np.array([x.shape[0] for x in Xs])
            self.washout_ = min(auto_washout(self.reservoir_, Xs[0]), int(lengths.min()) // 4)
            if 2 * lengths.min() <= np.median(lengths):
                # measured again on the longest series (the first may be a short one),
                # for the warning only: a few series far shorter than the rest halving
                # it at least (not a panel of short series, such as JapaneseVowels')
                measured = auto_washout(self.reservoir_, Xs[int(np.argmax(lengths))])
                short = lengths < 4 * measured
                if 2 * self.washout_ <= measured and short.sum() <= max(
                        1, SHORT_SERIES_SHARE * len(lengths)):
                    self._warn_short_series_washout(lengths, measured)

    def _warn_short_series_washout(self, lengths, measured):
        """WarmupWarning: a few short series cut the ``"auto"`` washout of all of them."""
        short = np.flatnonzero(lengths < 4 * measured)  # at most SHORT_SERIES_SHARE of them
        warnings.warn(
            f"washout='auto' measured {measured} steps for the reservoir to forget its "
            f"start, but washout_ is {self.washout_}: a quarter of the shortest series "
            f"({int(lengths.min())} steps; the median series has {int(np.median(lengths))}). "
            f"Every series now trains the readout on steps that still carry its start. "
            f"The short ones ({series_at(short)}) are shorter than 4 x {measured} "
            "steps: leave them out or "
            "lengthen them, or pass washout=<int> below the length of every series.",
            WarmupWarning,
            stacklevel=user_stacklevel(),
        )

    def _stream_washout(self, series):
        """The ``"auto"`` washout of a stream's first chunk ``series`` (4 rows or more):
        where the two starts of :meth:`_set_washout`'s rule agree within the chunk,
        that step, even beyond a quarter of the chunk (the next calls continue the
        series, and the washout counts steps from the start of the stream); where
        they do not, the quarter that ``fit`` takes, with a WarmupWarning.

        Capped at a quarter of a chunk of 100 rows, the washout came out 25 where
        ``fit`` on the same stream measured 345 to 397, silently.
        """
        rows = series.shape[0]
        measured = auto_washout(self.reservoir_, series, max_fraction=1.0)
        if measured < rows:
            return measured
        warnings.warn(
            f"washout='auto' is measured on the first partial_fit chunk, and the "
            f"reservoir had not forgotten its start by the end of its {rows} rows: "
            f"washout_ is {rows // 4} (a quarter of the chunk, the cap fit takes), so "
            "the steps after it that train the readout may still carry the start. Pass "
            "washout=<int> (the steps to leave out at the start of the stream: fit on a "
            "longer stretch of the series measures it as washout_) or a longer first "
            "chunk.",
            WarmupWarning, stacklevel=user_stacklevel(),
        )
        return rows // 4

    def _warn_if_stream_washout_short(self, Xs):
        """Warn when ``washout="auto"`` on a stream's first chunk comes out 0 for want of rows.

        The rule measures the washout on the first ``partial_fit`` chunk and
        caps it at a quarter of it, so a stream of one-row (up to three-row)
        calls, a FORCE loop, gets ``washout_=0`` and trains on the
        reservoir's transient, which ``"auto"`` exists to leave out.
        """
        if (self.washout != "auto" or self.washout_ > 0 or self.reservoir_.n_warmup_ > 0
                or len(Xs) != 1 or Xs[0].shape[0] >= 4):
            return
        if auto_washout(self.reservoir_, Xs[0], max_fraction=1.0) == 0:
            return  # the two starts already agree: no transient
        warnings.warn(
            f"washout='auto' is measured on the first partial_fit chunk, and "
            f"{Xs[0].shape[0]} row(s) leave it 0: the stream's first steps train the "
            "readout on the reservoir's transient. Pass washout=<int> (the steps to "
            "leave out at the start of the stream; washout=0 trains on every step, as "
            "ReservoirPy's partial_fit does, without this warning).",
            WarmupWarning, stacklevel=user_stacklevel(),
        )

    def _washout_for(self, lengths=None):
        """``washout_``; with ``"auto"``, at most a quarter of the shortest of ``lengths``.

        The rule of ``"auto"`` holds on every data it is applied to, so that
        scoring a fold shorter than the training series still scores rows.
        """
        if self.washout == "auto" and lengths is not None and len(lengths):
            return min(self.washout_, int(min(lengths)) // 4)
        return self.washout_

    def _skip(self, lengths=None):
        """Rows left out at the start of every series of ``lengths``.

        :meth:`_washout_for`, and never fewer than the reservoir's
        zero-padded warm-up rows (``n_warmup_`` of NVAR).
        """
        return max(self._washout_for(lengths), self.reservoir_.n_warmup_)

    def _check_lengths(self, lengths):
        """Every series must leave rows for training after the skipped ones."""
        warmup = self.reservoir_.n_warmup_
        washout = self._washout_for(lengths)
        if warmup > washout and min(lengths) <= warmup:
            short = [i for i, n in enumerate(lengths) if n <= warmup]
            which = f", too short: {series_at(short)}" if len(lengths) > 1 else ""
            raise ValueError(
                f"{type(self.reservoir_).__name__} has n_warmup_={warmup} "
                "incomplete delay-window rows per series, so every series needs "
                f"at least {warmup + 1} time steps; the shortest series has "
                f"{min(lengths)} time steps (n_samples = {min(lengths)}{which})."
            )
        check_washout(washout, lengths)

    def _check_readout_washout(self, lengths):
        """A readout's own washout counts after the skipped rows: say that they add up.

        The readout sees every series less the rows this estimator skips;
        its error named only the length left (22 for series of 25 after a
        washout of 3), which the user never passed.
        """
        own = getattr(self.readout_, "washout", 0)
        skip = self._skip(lengths)
        if not isinstance(own, Integral) or own <= 0 or skip <= 0:
            return
        if min(lengths) - skip <= own:
            raise ValueError(
                f"The readout's washout={own} and {type(self).__name__}'s washout "
                f"({skip} rows per series) add up: the readout sees each series less the "
                f"first {skip} rows ({min(lengths) - skip} of the shortest series' "
                f"{min(lengths)} time steps) and leaves out {own} more, which leaves none. "
                "Lower either washout (one of them is enough) or pass longer series."
            )

    def _train_readout(self, method, features, targets, skips, weights=None, **kwargs):
        """Call the readout's fit or partial_fit on the rows after ``skips``.

        ``weights`` (one host array per series, or None) go to the readout as
        ``sample_weight``, without the skipped rows.
        """
        if weights is None:
            weights = [None] * len(features)
        kept = [(f[k:, ...], t[k:, ...], None if w is None else w[k:])
                for f, t, w, k in zip(features, targets, weights, skips) if f.shape[0] > k]
        if not kept:
            return
        keywords = () if kept[0][2] is None else _weight_keywords(method)
        if kept[0][2] is not None and (not keywords or (
                _is_pipeline_fit(method) and _only_zeros_and_ones(kept))):
            # weights of 0 and 1 (those of NaN targets) leave rows out: a Pipeline
            # readout gets the rows of weight 1, exactly, under metadata routing too
            # (where its steps would have to request weights the user never gave)
            kept = self._rows_without_weights(method, kept)
        if kept[0][2] is not None:
            kwargs.update(dict.fromkeys(keywords, np.concatenate([w for _, _, w in kept])))
        with _one_output_readout_named(self.readout_, kept[0][1]):
            if len(kept) == 1:
                method(kept[0][0], kept[0][1], **kwargs)
            elif get_tags(self.readout_).input_tags.three_d_array:
                for keyword in set(keywords) & set(kwargs):
                    kwargs[keyword] = [w for _, _, w in kept]
                method([f for f, _, _ in kept], [t for _, t, _ in kept], **kwargs)
            else:
                method(concat_rows([f for f, _, _ in kept]),
                       concat_rows([t for _, t, _ in kept]), **kwargs)

    def _rows_without_weights(self, method, kept):
        """The rows of weight 1 for a readout whose ``method`` takes no ``sample_weight``.

        Weights of 0 and 1 only leave rows out (those of NaN targets): the
        rows are dropped instead. Other weights cannot be honoured: a
        ValueError says so.
        """
        readout = type(self.readout_).__name__
        if not _only_zeros_and_ones(kept):
            raise ValueError(
                f"sample_weight was given, but the readout {readout}.{method.__name__} takes "
                "no sample_weight; use a readout that does (RidgeReadout), or drop "
                "sample_weight."
            )
        rows = []
        for f, t, w in kept:
            keep = w > 0
            if keep.any():
                index = np.flatnonzero(keep)
                rows.append(tuple(
                    array_namespace(a).take(a, array_namespace(a).asarray(index), axis=0)
                    for a in (f, t)) + (None,))
        if not rows:
            raise ValueError("No row of y has a target: every target after the washout is NaN.")
        return rows

    #: Whether one-row ``partial_fit`` calls may take :meth:`_partial_fit_row`
    #: (the tests turn it off to compare with the general path).
    _row_fast_path = True

    def _partial_fit_row(self, X, y, return_predictions):
        """``partial_fit`` of one row of a stream by the shortest path; None to take the general one.

        The per-step loop of FORCE or LMS training. The checks, the results
        and the errors are those of the general path: the same validation
        (fast for a clean numpy row, :meth:`_row_checked`), the reservoir
        run by its ``run_function`` (bound once per stream instead of per
        call), the readout updated by its ``_learn_row`` (in place, no copy
        of RLS's ``P``). Taken on a stream whose readout has learnt
        already, for numpy inputs, with the compiled kernels
        (``get_config()["compiled"]``; without them, the general path is the
        reference). Returns None, with nothing changed, when the general
        path must run: another layout, or a row the readout does not learn
        in place (see :meth:`_learn_row
        <skreservoir.readout._base._ReadoutRegressor._learn_row>`).
        The following calls of the stream are served by a plan
        (:meth:`_row_plan_step`).
        """
        if not self._row_fast_path:
            return None
        result = self._row_plan_step(X, y, return_predictions)
        if result is DECLINED:
            return None  # the general path runs it, as after a declined update below
        if result is not None:
            return result
        readout = getattr(self, "readout_", None)
        if (not hasattr(readout, "_learn_row") or not hasattr(readout, "coef_")
                or not config_value("compiled")):
            return None
        self._start_or_continue_stream()
        if not self._on_host():
            return None  # computes elsewhere (the namespace of a numpy X: the backend's)
        # the checks of self._validated for a clean numpy row (on the host, with
        # a numpy state_); anything else takes the general path
        checked = self._row_checked(X, y)
        if checked is None:
            return None
        Xs, ys, layout = checked
        initial_states, (skip,) = self._stream_start(layout)
        run = self._run_function(Xs[0])
        features, states = self._features(Xs, initial_states, run=run,
                                          extra_drive=self._row_drive(ys))
        if return_predictions:
            outputs = self._row_output(readout, features[0])
        if skip == 0 and not readout._learn_row(features[0], ys[0]):
            self._undo_row_drive()
            return None
        self._end_of_data(Xs, states, layout, self._row_fed_back(readout, features[0], ys),
                          streaming=True)
        self._row_learnt(X, y, ys, run, skip)
        return outputs if return_predictions else self

    def _on_host(self):
        """Whether a numpy input computes on numpy here: the reservoir's backend (or the
        configured one) is numpy and the state is a numpy array (the short paths' test)."""
        backend = getattr(self.reservoir, "backend", None) or config_value("backend")
        return backend == "numpy" and type(self.__dict__.get("state_")) is np.ndarray

    def _row_plan_step(self, X, y, return_predictions):
        """The one-row call by the stream's plan, while it holds (see :mod:`._row_plan`);
        None where there is none or it does not hold (it is then dropped)."""
        plan = self.__dict__.get("_row_plan")
        if plan is None:
            return None
        result = plan.step(self, X, y, return_predictions)
        if result is None or result is DECLINED:
            self._row_plan = None
        return result

    def _row_drive(self, ys):
        """The extra drive of a one-row call (output feedback); None: none here."""
        return None

    def _undo_row_drive(self):
        """Undo what :meth:`_row_drive` drew when the readout declined the row (the
        general path then draws it); here nothing."""

    def _row_learnt(self, X, y, ys, run, skip):
        """What a one-row call leaves beyond ``_end_of_data``; here nothing."""

    def _row_fed_back(self, readout, features, ys):
        """What a one-row call leaves to feed back (``_end_of_data``'s ``ys``): the
        targets here."""
        return ys

    def _partial_fit_dask(self, X, y, return_predictions, **kwargs):
        """``partial_fit`` on a dask array: block sums added, or blocks in order
        (:func:`skreservoir._dask.partial_fit_dask`); no predictions to return."""
        if self._tracks_constant_input:
            self._constant_input = None  # not tracked on dask's blocks
        if return_predictions:
            raise ValueError(
                "return_predictions=True returns the prediction of every step, which "
                "partial_fit on a dask array does not gather; use partial_fit on its "
                "computed blocks (X.blocks[i].compute()) to get them."
            )
        return partial_fit_dask(self, X, y, **kwargs)

    def _predict_then_learn(self, features, targets, skip, outputs, learn=None, weights=None,
                            **kwargs):
        """Per row: the readout's prediction, then its update (after ``skip`` rows).

        The loop of ``partial_fit(..., return_predictions=True)``. Row ``t``
        of ``outputs`` (n_rows, n_values) takes the readout's ``predict`` of
        ``features[t]`` once the readout has learnt (in this call or an
        earlier one); before that it keeps the value given (what a readout
        of zero weights predicts). ``learn`` (a boolean per row, or None:
        all) leaves out of the updates the rows it is False for (a missing
        target). ``weights`` (one per row, or None) go to the readout's
        ``partial_fit`` as ``sample_weight``, and ``kwargs``. Returns
        ``outputs``.
        """
        readout = self.readout_
        try:
            check_is_fitted(readout)
            learnt = True
        except NotFittedError:
            learnt = False
        # predictions made while learning: not the place of a warning about the result
        # (checkpoints_held, which ESNRegressor.partial_fit holds, keeps the readout's)
        with checkpoints_held():
            for t in range(features.shape[0]):
                row = features[t:t + 1, ...]
                if learnt:
                    outputs[t] = to_host(readout.predict(row)).reshape(-1)
                if t >= skip and (learn is None or learn[t]):
                    weight = {} if weights is None else {"sample_weight": weights[t:t + 1]}
                    readout.partial_fit(row, targets[t:t + 1, ...], **weight, **kwargs)
                    learnt = True
        return outputs

    def _remember_end(self, Xs, final_states, ys=None):
        """Keep the state after the last input seen, for generate and streaming."""
        # the end of this training is where initial_state="fit" starts (_hold_fit_end)
        self.__dict__.pop("_fit_end", None)
        # numpy 2 is an array API namespace itself, and a faster one than its wrapper
        xp = np if type(final_states) is np.ndarray else array_namespace(final_states)
        self.state_ = xp.asarray(final_states[-1, :], copy=True)
        self.last_input_ = xp.asarray(Xs[-1][-1, :], copy=True)
        if getattr(self, "feedback", False) and ys is not None:
            self.last_output_ = xp.reshape(xp.astype(ys[-1][-1, ...], xp.float64), (-1,))

    #: Parameters that a stream of partial_fit calls is built on: changing one
    #: after the first call cannot take effect without starting again.
    _stream_params = ("reservoir", "readout", "include_input", "washout")

    #: Parameters that predict reads and the fitted model was built with (the
    #: readout's features): changed by set_params after fit, predict refuses them
    #: (:meth:`_check_built_with`).
    _built_with_params = ("include_input",)

    def _check_built_with(self, method):
        """Raise where ``set_params`` changed a parameter of :attr:`_built_with_params`
        since the model was built (``fit`` or a stream's first ``partial_fit``): the
        fitted readout was trained on what the old value made, and ``method`` would
        read the new one (a crash deep inside, or silently wrong results)."""
        built = self.__dict__.get("_stream_built_on")
        if built is None:
            return
        for name in self._built_with_params:
            if name in built and not _same_parameter(built[name], getattr(self, name)):
                raise ValueError(
                    f"{name} was changed by set_params after fit (from {built[name]!r} to "
                    f"{getattr(self, name)!r}): the model was built with the previous value, "
                    f"which its readout was trained on, and {method} cannot use the new "
                    f"one. Call fit to train with it, or set_params({name}={built[name]!r})."
                )

    def _start_or_continue_stream(self):
        """Validate the parameters (every partial_fit call); True for the first call.

        After the first call, a parameter the stream is built on that
        ``set_params`` changed raises: the stream would go on with the old
        one while ``get_params`` shows the new.
        """
        validate_params_if_changed(self)
        if not hasattr(self, "readout_"):
            return True
        checked = (self._validated_params, self._stream_built_on)
        previous = getattr(self, "_stream_checked", (None, None))
        nested = self._nested_values()
        built_nested = self.__dict__.get("_stream_nested")
        if (checked[0] is previous[0] and checked[1] is previous[1]
                and (built_nested is None or _same_objects(nested, built_nested))):
            return False  # the same parameters as at the last check
        self._check_built_with("partial_fit")
        for name in self._stream_params:
            if not _same_parameter(self._stream_built_on[name], getattr(self, name)):
                _refuse_stream_change(name)
        if built_nested is not None and not _same_objects(nested, built_nested):
            self._check_nested(nested, built_nested)
        self._stream_checked = checked
        return False

    def _nested_values(self):
        """Per stream parameter that is an estimator (the reservoir, the readout): its
        attributes' names and values (the objects); None for the others."""
        values = []
        for name in self._stream_params:
            value = getattr(self, name)
            attributes = vars(value) if hasattr(value, "get_params") else None
            values.append(None if attributes is None
                          else (tuple(attributes), tuple(attributes.values())))
        return tuple(values)

    def _check_nested(self, nested, built):
        """Raise where ``set_params`` changed a parameter of the reservoir or of the
        readout (``reservoir__spectral_radius``...) since the stream was built; keep
        any other change (a cache of the object's own)."""
        for name, now, then in zip(self._stream_params, nested, built):
            if now is None or then is None:
                continue
            old = dict(zip(*then))
            params = getattr(self, name).get_params(deep=False)
            for key, value in params.items():
                if key in old and not _same_parameter(old[key], value):
                    # an invalid value is said as such (fit, which the refusal names,
                    # would refuse it too)
                    if hasattr(getattr(self, name), "_validate_params"):
                        getattr(self, name)._validate_params()
                    _refuse_stream_change(f"{name}__{key}")
        self._stream_nested = nested

    def _record_nested(self):
        """Keep what :meth:`_nested_values` is when the model is built."""
        self._stream_nested = self._nested_values()

    def _run_function(self, like):
        """The reservoir's ``run_function`` for a stream of calls, kept while it holds.

        Made again when an attribute of ``reservoir_`` (a parameter, a fitted
        array) was replaced, or the configuration changed.
        """
        return self._kept_for_stream("_kept_run_function",
                                     lambda: self.reservoir_.run_function(like))

    def _kept_for_stream(self, attribute, build, key=None):
        """``build()``, kept in ``attribute`` for the calls of a stream while nothing it
        was made from changed: the attributes of ``reservoir_``, the configuration and
        ``key``."""
        attributes = vars(self.reservoir_)
        names, values = tuple(attributes), tuple(attributes.values())
        config = (config_values(), key)
        kept = getattr(self, attribute, None)
        if kept is None or kept[:2] != (names, config) or not all(
                map(operator.is_, values, kept[2])):
            # the attribute values themselves are kept: their ids cannot be reused
            kept = (names, config, values, build())
            setattr(self, attribute, kept)
        return kept[3]

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_kept_run_function", None)  # bound to this process's kernels
        state.pop("_kept_step_function", None)
        state.pop("_row_plan", None)
        return state

    def _build_online(self, Xs, layout):
        """First partial_fit: build, and check that the readout learns online.

        The reservoir is fitted on this call's series and kept for the rest of
        the stream; a plasticity reservoir given too few steps to adapt on
        warns (:func:`~skreservoir.reservoir._plasticity.warn_if_stream_adapts_little`).
        """
        from skreservoir.reservoir._plasticity import warn_if_stream_adapts_little

        self._build(Xs, stream=not layout.is_panel)  # a panel's series do not continue
        self._warn_if_stream_washout_short(Xs)
        if not hasattr(self.readout_, "partial_fit"):
            del self.readout_
            raise TypeError(self._no_partial_fit_message())
        warn_if_stream_adapts_little(self.reservoir_, Xs, type(self).__name__)

    def _no_partial_fit_message(self):
        readout = self.readout if self.readout is not None else self._default_readout()
        return (f"partial_fit needs a readout with partial_fit; {type(readout).__name__} has "
                f"none. Use {type(self._default_readout()).__name__} (the default) or call "
                "fit instead.")

    def _readout_has_partial_fit(self):
        """``available_if`` of ``partial_fit``: the readout given (the default when None) has
        one; else an AttributeError that says what to use (scikit-learn's wrappers, such
        as MultiOutputRegressor, probe ``hasattr(estimator, "partial_fit")``)."""
        readout = self.readout if self.readout is not None else self._default_readout()
        if not hasattr(readout, "partial_fit"):
            raise AttributeError(self._no_partial_fit_message())
        return True

    #: Whether the training inputs are checked for one constant row, which
    #: ``generate`` then holds (:func:`constant_row`; ESNRegressor).
    _tracks_constant_input = False

    def _end_of_data(self, Xs, final_states, layout, ys=None, streaming=False):
        """Remember where the data ended; count the steps of the current stream.

        A panel ends the stream; one series starts it (fit) or continues it
        (partial_fit).
        """
        self._remember_end(Xs, final_states, ys)
        if self._tracks_constant_input:
            # fit, or a stream's first call, finds the row; later calls keep it while
            # their rows equal it (a dask fit or stream sets None: not tracked there)
            self._constant_input = (
                still_constant(self.__dict__["_constant_input"], Xs)
                if streaming and "_constant_input" in self.__dict__ else constant_row(Xs))
        if layout.is_panel or not streaming:  # a new stream starts from rest
            self.__dict__.pop("_from_state", None)
        if layout.is_panel:
            self.n_steps_seen_ = 0
        else:
            if not streaming or self.n_steps_seen_ == 0:  # the first row of the series
                # a tuple, not an array: fitted arrays follow the input's namespace
                self._series_start = _first_row(Xs[-1])
            self.n_steps_seen_ = (self.n_steps_seen_ if streaming else 0) + Xs[-1].shape[0]

    def _stream_start(self, layout):
        """Initial states and washout rows of a partial_fit call."""
        if layout.is_panel:
            self._check_lengths(layout.lengths)
            self.n_steps_seen_ = 0
            # "auto" at most a quarter of these series (as _check_lengths counts): a
            # stream's first chunk may have measured more than that
            return None, [self._skip(layout.lengths)] * len(layout.lengths)
        skip = (0 if self.__dict__.get("_from_state")
                else max(0, self._skip() - self.n_steps_seen_))
        return self.state_[None, :], [skip]

    def reset_state(self, state=None):
        """Forget the stream: the next ``partial_fit`` starts a new series.

        The state goes back to the reservoir's initial state, or to
        ``state``, so that ``predict(X, initial_state="continue")`` and
        ``generate`` also start from there (ReservoirPy's ``reset()``:
        ``esn.reset(); esn.run(X_warm); esn.run(X_next)`` is
        ``esn.reset_state()``, then ``predict`` of ``X_warm`` and of
        ``X_next`` with ``initial_state="continue"``; its
        ``reset(to_state=s)`` is ``reset_state(s)``).
        ``predict(X, initial_state="rest")`` starts from rest without moving
        the state.

        Parameters
        ----------
        state : array-like of shape (n_state,), default=None
            The state to start from, of the size of ``state_`` (for example
            a ``state_`` kept earlier); None: the reservoir's initial state.
            From a given state the next ``partial_fit`` learns from its first
            row (no washout: the state is not the transient of rest); with
            ``feedback``, the output fed back starts at zero either way.

        Returns
        -------
        self : estimator
            The estimator, with ``state_`` reset.
        """
        check_is_fitted(self)
        if state is not None:  # checked before anything moves
            host = np.asarray(to_host(state), dtype=np.float64)
            shape = tuple(self.state_.shape)
            if host.shape != shape or not np.all(np.isfinite(host)):
                got = f"shape {host.shape}" if host.shape != shape else "NaN or inf"
                raise ValueError(
                    f"reset_state's state must be a finite array of shape {shape} (the "
                    f"reservoir's internal state, as state_), got {got}; reset_state() "
                    "starts from the reservoir's initial state."
                )
            state = self._initial_states(host, 1)[0]
        self._hold_fit_end()
        initial = self.reservoir_.initial_state_ if state is None else state
        xp = array_namespace(initial)
        self.state_ = xp.asarray(initial, copy=True)
        self.last_input_ = None
        # from rest the washout comes again; from a given state, as ReservoirPy's
        # reset(to_state=s), every row is learnt (the state is no transient of rest)
        self.n_steps_seen_ = 0
        self._from_state = state is not None
        if getattr(self, "feedback", False):
            self.last_output_ = xp.zeros(self.n_outputs_, dtype=xp.float64,
                                         device=device_of(initial))
        return self

    def _hold_fit_end(self):
        """Keep where the last ``fit`` or ``partial_fit`` ended (``state_`` and, with
        feedback, ``last_output_``) before ``state_`` moves away from it (a
        ``"continue"`` prediction, :meth:`reset_state`), for ``initial_state="fit"``;
        the next ``fit`` or ``partial_fit`` forgets it (:meth:`_remember_end`)."""
        if "_fit_end" not in self.__dict__ and "state_" in self.__dict__:
            # a list, which the host pickling (HostPickleMixin) moves as it moves lists
            self._fit_end = [self.state_, getattr(self, "last_output_", None)]

    def _fit_end_state(self):
        """``(state, last_output)`` where the last ``fit`` or ``partial_fit`` ended."""
        held = self.__dict__.get("_fit_end")
        if held is not None:
            return held
        return self.state_, getattr(self, "last_output_", None)

    def _initial_states(self, initial_state, n_series, current=False):
        """The start of every series of a prediction, or None for the reservoir's initial state.

        ``initial_state`` is None (stateless), ``"fit"`` (where the data of
        the last ``fit`` or ``partial_fit`` ended: ``state_``, unless a
        ``"continue"`` prediction or :meth:`reset_state` has moved it since) or
        an array of the internal state's size. ``current``: ``"fit"`` reads ``state_``
        as it is now (a ``"continue"`` prediction's start).
        """
        if initial_state is None or (isinstance(initial_state, str)
                                     and initial_state == "rest"):
            return None
        if isinstance(initial_state, str):
            if initial_state == "continue":
                raise ValueError(
                    "initial_state='continue' is taken by ESNRegressor.predict only (it "
                    "moves the model's state); here pass 'fit' to start where the data "
                    "of the last fit or partial_fit ended."
                )
            if initial_state != "fit":
                raise ValueError(
                    f"initial_state must be None, 'rest', 'fit', 'continue' (predict of "
                    f"ESNRegressor) or an array, got {initial_state!r}."
                )
            state = self.state_ if current else self._fit_end_state()[0]
        else:
            xp = array_namespace(self.state_)
            host = np.asarray(to_host(initial_state), dtype=np.float64)
            if not np.all(np.isfinite(host)):  # else reported as a divergence of the states
                raise ValueError(
                    "initial_state contains NaN or inf; pass a finite state (for "
                    "example one from state_), 'fit' or 'rest'."
                )
            state = to_namespace(host, xp, device_of(self.state_))
            state = xp.astype(state, self.state_.dtype)
            if state.shape != self.state_.shape:
                raise ValueError(
                    f"initial_state must have shape {tuple(self.state_.shape)} (the "
                    f"reservoir's internal state), got {tuple(state.shape)}."
                )
        xp = array_namespace(state)
        return xp.broadcast_to(state[None, :], (n_series, state.shape[0]))

    def _warn_if_from_rest(self, initial_state, layout, Xs, method="predict"):
        """:class:`~skreservoir.exceptions.WarmupWarning` for a series predicted from rest.

        With ``initial_state`` left at None: where every series of ``X`` is at
        most ``washout_`` steps long (``predict``: each prediction is the
        transient; a lag table predicted a row at a time), a warning of its
        own. Otherwise raised when ``X`` is one series,
        the data the model last saw (``fit`` or ``partial_fit``) was one
        series too, and the model skips warm-up rows in training: the
        predicted series may be the rest of the training one, and its first
        predictions are the reservoir's transient. Not when ``X`` starts
        with the training series' first row (the training series itself,
        predicted from its start, as in training). ``method``:
        ``"predict"`` or ``"score"`` (which leaves the first ``washout_``
        steps out of the score: the warning names ``initial_state="fit"``
        for a continued series).
        """
        if (layout.is_panel and method == "predict"
                and self.__dict__.get("mode_", "frame") == "frame"  # labels per step
                and _panel_scored_by_scikit_learn()
                and _first_from_scikit_learn(True, "panel")):
            # a battery: scoring="r2" on a panel gave -6.5 where score gave 0.976
            warnings.warn(
                f"A scikit-learn scorer scores the predictions of {type(self).__name__} "
                "on a panel: it reads the time steps of every series as outputs, the "
                "series as samples (and raises for 3D targets), so its score is not "
                "the model's. Pass scoring=skreservoir.metrics.get_scorer(name) (any "
                "scikit-learn scorer name), which scores the rows score scores, or "
                "leave scoring at its default (the estimator's score).",
                DataLayoutWarning, stacklevel=user_stacklevel(),
            )
        if initial_state is not None or not getattr(self, "n_steps_seen_", 0):
            return
        warmup = self.reservoir_.n_warmup_
        if warmup > 0:  # a window of past inputs (NVAR): zeros before X's first row
            start = self.__dict__.get("_series_start")
            if (method == "predict" and not layout.is_panel and start is not None
                    and Xs[0].shape[0] and not _starts_with(Xs[0], start)
                    and _first_from_scikit_learn(_called_from_scoring(), method)):
                warnings.warn(
                    f"{type(self).__name__} was fitted on one series and predicts one "
                    f"series from rest: its first n_warmup_={warmup} predictions read the "
                    f"inputs before X's first row as zeros ({type(self.reservoir_).__name__}'s "
                    "delay window fills over those steps), which training left out. If X "
                    "continues the training series (ReservoirPy's esn.run(X_test)), pass "
                    "initial_state='fit' to predict; to start a new series from rest "
                    "without this warning, pass initial_state='rest'.",
                    WarmupWarning, stacklevel=user_stacklevel(),
                )
            return
        if (method in ("predict", "score") and self.washout_ > 0 and Xs
                and max(x.shape[0] for x in Xs) <= self.washout_):
            if _first_from_scikit_learn(_called_from_scoring(), "short"):
                scored = (" (and the score: with washout='auto' a quarter of a series is "
                          "left out of it at most)" if method == "score" else "")
                warnings.warn(
                    f"Every series of X is at most washout_ time steps long: each of "
                    f"{type(self).__name__}'s predictions of this call{scored} is the "
                    "reservoir's warm-up transient from its initial state, which "
                    "training left out. An ESN reads the rows of X as consecutive time "
                    "steps of a series, not as independent samples. A table of lagged "
                    "values predicted a row at a time (skforecast's forecasters, "
                    "sktime's make_reduction) gets a transient for every row: forecast "
                    "with skreservoir.forecasting.ESNForecaster instead. Test folds this "
                    "short need a smaller washout or longer folds; if X continues the "
                    "training series, pass initial_state='fit'; to predict from rest "
                    "without this warning, initial_state='rest'.",
                    WarmupWarning, stacklevel=user_stacklevel(),
                )
            return
        if layout.is_panel:
            return
        start = self.__dict__.get("_series_start")
        if _starts_with(Xs[0], start):
            return
        from_scoring = _called_from_scoring()
        if self.washout_ > 0 and _first_from_scikit_learn(from_scoring, method):
            # the same text every time (no figures): Python's default filter then
            # shows it once per calling line
            if method == "score":
                text = (
                    f"{type(self).__name__} was fitted on one series and scores one "
                    "series from the reservoir's initial state (stateless), leaving out "
                    "its first washout_ steps as the warm-up transient (a washout shorter "
                    "than the reservoir's memory leaves part of it in the score; "
                    "washout='auto' measures it, and leaves out at most a quarter of the "
                    "series scored, so that a series shorter than 4 x washout_ keeps part "
                    "of the transient in its score). If X continues the training series "
                    "(ReservoirPy's rsquare(y_test, esn.run(x_test))), pass "
                    "initial_state='fit' to score every step from the end of training; "
                    "to score a new series from rest without this warning, pass "
                    "initial_state='rest'."
                )
                if from_scoring:  # a search's or cross-validation's call: no initial_state
                    # a Pipeline's score passes no initial_state on (without metadata
                    # routing: silently), its predict does
                    scorer = (
                        f"return {'accuracy' if is_classifier(self) else 'r2'}_score(y, "
                        "estimator.predict(X, initial_state='fit')) (a Pipeline's score "
                        "does not pass initial_state on to this step, its predict does)"
                        if _called_in_pipeline() else
                        "return estimator.score(X, y, initial_state='fit')"
                    )
                    text += (
                        " A search or cross-validation calls score without it; where "
                        "each test fold continues its training fold (TimeSeriesSplit "
                        "without a gap), pass scoring=continued, a function def "
                        f"continued(estimator, X, y): {scorer} (the user guide's "
                        "'Hyperparameter search')."
                    )
            else:
                text = (
                    f"{type(self).__name__} was fitted on one series and predicts one "
                    "series from the reservoir's initial state (stateless): its first "
                    "washout_ predictions are the reservoir's warm-up transient, which "
                    "training left out. If X continues the training series (ReservoirPy's "
                    "esn.run(X_test)), pass initial_state='fit' to predict; to start a "
                    "new series from rest without this warning, pass "
                    "initial_state='rest'. (A search's or cross-validation's scorer "
                    "calls predict without it: unless the scorer leaves them out, "
                    "the folds' first washout_ predictions count in their scores, which "
                    "then differ from score's; skreservoir.metrics.get_scorer(name) "
                    "scores the rows score scores, for any of scikit-learn's scorer "
                    "names.)"
                )
            warnings.warn(text, WarmupWarning, stacklevel=user_stacklevel())

    def _check_readout_trained(self):
        """NotFittedError, naming the washout, where ``partial_fit`` has not yet reached a
        step after it (the readout's own error named the readout, not the cause)."""
        check_is_fitted(self)
        try:
            check_is_fitted(self.readout_)
        except NotFittedError:
            seen = getattr(self, "n_steps_seen_", 0)
            count = f"the {seen} time step(s)" if seen else "the time steps"
            skip = self._skip()
            # rows after the washout with a NaN target or a weight 0 train nothing too
            no_target = ("carry no target (rows of a NaN target or of sample_weight 0 "
                         "train nothing)")
            if skip:
                why = (f"fall within the washout (the first {skip} steps of a stream, or of "
                       f"each series of a panel, train nothing) or {no_target}")
                fix = "Call partial_fit with more (labelled) steps, or pass a smaller washout."
            else:
                why = no_target
                fix = "Call partial_fit with labelled steps of positive weight."
            raise NotFittedError(
                f"This {type(self).__name__} has not trained its readout yet: {count} "
                f"given to partial_fit so far all {why}. {fix}"
            ) from None

    def _readout_features(self, X, method, initial_state=None):
        """Validated features of every series of ``X`` for prediction."""
        check_is_fitted(self)
        if isinstance(X, (list, tuple)):  # a list of dask series: computed first (the
            X = computed(X)               # recurrence on dask slices: a task a step)
        Xs, _, layout = self._validated(X, method=method, reset=False)
        self._warn_if_from_rest(initial_state, layout, Xs)
        features, _ = self._features(Xs, self._initial_states(initial_state, len(Xs)))
        return features, layout

    def _rowwise(self, method, X, initial_state=None):
        """Apply a readout method to all rows at once; restore the structure.

        The readout's outputs come to the host, then go back to the namespace
        of ``X``.
        """
        features, layout = self._readout_features(X, _public_name(method), initial_state)
        output = to_host(method(concat_rows(features)))
        return output_for(X, restore_layout(split_rows(output, layout.lengths), layout))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.array_api_support = True
        return tags




#: Whether a WarmupWarning was given to a call from scikit-learn (a scorer of
#: a search or of cross-validation): given once per process.
_WARMUP_WARNED_TO_SKLEARN = []


#: The modules of scikit-learn whose calls of ``predict`` score or validate
#: (scorers, cross-validation, searches): the calls given the warning once.
_SCORING_MODULES = ("sklearn.metrics.", "sklearn.model_selection.")


def _called_from_scoring():
    """Whether a frame of scikit-learn's scorers, cross-validation or searches is on the stack."""
    frame = sys._getframe(1)
    while frame is not None and not frame.f_globals.get("__name__", "").startswith(
            _SCORING_MODULES):
        frame = frame.f_back
    return frame is not None


#: The scikit-learn call (its outermost frame on the stack, and the estimator it
#: was given) last given the scattered-folds warning: given once per call (a search
#: fits once per fold and candidate, each in scikit-learn's own catch_warnings).
_SCATTERED_WARNED = [None]


def _frames(frame):
    """``frame`` and the frames above it, innermost first."""
    while frame is not None:
        yield frame
        frame = frame.f_back


def warn_if_fold_scattered(X):
    """DataLayoutWarning where ``X`` (one 2D series) is the training fold that a
    scikit-learn cross-validation cut out of a series as scattered rows.

    ``cross_val_score(..., cv=3)`` of a classifier (``StratifiedKFold``),
    ``KFold(shuffle=True)``, ``CalibratedClassifierCV(cv=3)``, a halving
    search's subsamples: the reservoir runs the rows of the fold as one
    series with gaps, and the scores look plausible (a battery; only
    :class:`~skreservoir.model_selection.HyperoptSearchCV` warned). The fold
    is read from the ``train`` and ``test`` positions of the scikit-learn
    frame on the stack that fits it (``_fit_and_score`` and its kin); once
    per call of scikit-learn's (a search, a cross-validation).
    """
    if getattr(X, "ndim", None) != 2:
        return
    frame = sys._getframe(1)
    if any(f.f_globals.get("__name__", "").startswith("skreservoir.model_selection")
           for f in _frames(frame)):
        return  # HyperoptSearchCV checks its folds before the search (and says so)
    while frame is not None:
        if frame.f_globals.get("__name__", "").startswith("sklearn."):
            names = frame.f_code.co_varnames
            if "train" in names and "test" in names:
                local = frame.f_locals
                train, test = local.get("train"), local.get("test")
                try:
                    scattered = (train is not None and test is not None
                                 and len(train) == len(X) and scattered_split(train, test))
                except (TypeError, ValueError):
                    return
                if not scattered:
                    return
                # the outermost scikit-learn frame (joblib's lie between): the call a
                # user made, with the estimator it was given
                outer = [f for f in _frames(frame)
                         if f.f_globals.get("__name__", "").startswith("sklearn.")][-1]
                given = outer.f_locals
                call = (id(outer), outer.f_code,
                        id(given.get("self", given.get("estimator"))))
                if multiprocessing.parent_process() is not None:
                    # a worker process of joblib's (n_jobs > 1): once in each, which
                    # prints it (its parent does not see the warning)
                    call = "worker"
                if _SCATTERED_WARNED[0] != call:
                    _SCATTERED_WARNED[0] = call
                    warn_scattered_folds(
                        "scikit-learn's cross-validation",
                        f"one series (this training fold: {X.shape[0]} of its rows)")
                return
        frame = frame.f_back


def _panel_scored_by_scikit_learn():
    """Whether a scorer of scikit-learn's own metrics is on the stack: not
    :func:`skreservoir.metrics.get_scorer`'s, nor ``make_scorer`` of another metric (a
    user's, or skreservoir's ``nrmse``, which read a panel's series as they are)."""
    scikit_learn = False
    for frame in _frames(sys._getframe(1)):
        name = frame.f_globals.get("__name__", "")
        if name == "skreservoir.metrics":
            return False
        if name.startswith("sklearn.metrics."):
            metric = getattr(frame.f_locals.get("self"), "_score_func", None)
            if metric is not None and not getattr(metric, "__module__", "").startswith(
                    "sklearn."):
                return False
            scikit_learn = True
    return scikit_learn


def _called_in_pipeline():
    """Whether a frame of scikit-learn's ``Pipeline`` is on the stack (the estimator is a step)."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "") != "sklearn.pipeline":
        frame = frame.f_back
    return frame is not None


def _first_from_scikit_learn(from_scoring, method="predict"):
    """False for the second and later calls of ``method`` from scikit-learn's scoring
    code; True otherwise.

    A search's scorer calls ``predict`` once per fold and candidate, each
    inside scikit-learn's own ``warnings.catch_warnings`` (which resets
    Python's once-per-line memory): the same WarmupWarning would be shown
    dozens of times (66 in a 20-candidate, 3-fold search). It is shown for
    the first such call only: a call with a frame of scikit-learn's
    scorers, cross-validation or searches on its stack. A call from any
    other code always warns, a user's ``Pipeline.predict`` included.
    ``from_scoring`` is :func:`_called_from_scoring`'s answer for the call.
    Once for ``score`` (the estimator's default scoring) and once for
    ``predict`` (a scorer named by a string, whose scores then differ from
    ``score``'s: a search by ``scoring="r2"`` after one by the default
    scoring was not told).
    """
    if not from_scoring:
        return True
    if method in _WARMUP_WARNED_TO_SKLEARN:
        return False
    _WARMUP_WARNED_TO_SKLEARN.append(method)
    return True


def _takes_sample_weight(method, explicit=False):
    """Whether a readout's ``fit`` or ``partial_fit`` takes ``sample_weight``
    (``explicit``: by name, not only through ``**kwargs``)."""
    import inspect

    try:
        parameters = inspect.signature(method).parameters
    except (TypeError, ValueError):
        return not explicit  # cannot tell: pass it to a readout, and let it say
    return "sample_weight" in parameters or not explicit and any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())


def _only_zeros_and_ones(kept):
    """Whether the weights of ``kept`` (``(features, targets, weights)`` per series) are
    all 0 or 1."""
    weights = np.concatenate([w for _, _, w in kept])
    return bool(np.all((weights == 0) | (weights == 1)))


def _is_pipeline_fit(method):
    """Whether ``method`` is the ``fit`` of a scikit-learn Pipeline."""
    from sklearn.pipeline import Pipeline

    return (isinstance(getattr(method, "__self__", None), Pipeline)
            and getattr(method, "__name__", None) == "fit")


@contextmanager
def _one_output_readout_named(readout, targets):
    """A readout of one output (scikit-learn's ``SVR``, ``GradientBoostingRegressor``)
    refusing targets of several columns: its error ("y should be a 1d array") said
    neither the readout nor the fix, ``MultiOutputRegressor`` (one readout per output,
    as ReservoirPy's ``ScikitLearnNode`` makes)."""
    try:
        yield
    except ValueError as error:
        n_outputs = targets.shape[1] if targets.ndim == 2 else 1
        if (n_outputs < 2 or get_tags(readout).target_tags.multi_output
                or "1d array" not in str(error)):  # scikit-learn's column_or_1d only
            raise
        name, said = type(readout).__name__, str(error).rstrip(".")
        raise ValueError(
            f"The readout {name} fits one output, but y has {n_outputs} per time step "
            f"({name} said: {said}). Pass readout=MultiOutputRegressor({name}(...)) "
            "(sklearn.multioutput: one readout per output), a readout of several "
            "outputs (RidgeReadout, Ridge), or one column of y."
        ) from error


def _weight_keywords(method):
    """The keywords by which a readout's ``fit`` or ``partial_fit`` takes sample
    weights; () where it takes none.

    ``sample_weight`` for a readout that takes it. A :class:`~sklearn.pipeline.Pipeline`
    readout's ``fit`` without scikit-learn's metadata routing takes
    ``<step>__sample_weight`` for every step whose ``fit`` names
    ``sample_weight`` (a scaler's too: the whole readout learns the weighted
    rows), provided its last step takes them; with routing enabled, the
    Pipeline routes ``sample_weight`` to the steps that request it.
    """
    from sklearn import get_config

    if not _is_pipeline_fit(method) or get_config().get("enable_metadata_routing", False):
        return ("sample_weight",) if _takes_sample_weight(method) else ()
    steps = [(name, step) for name, step in method.__self__.steps
             if step is not None and step != "passthrough"]
    if not steps:
        return ()
    # a step before the last is fitted by fit_transform (fit's keywords passed on)
    keywords = [f"{name}__sample_weight" for name, step in steps[:-1]
                if _takes_sample_weight(step.fit, explicit=True)
                and _takes_sample_weight(getattr(step, "fit_transform", step.fit))]
    name, last = steps[-1]
    last_keywords = _weight_keywords(last.fit)
    if not last_keywords:
        return ()
    return tuple(keywords) + tuple(f"{name}__{keyword}" for keyword in last_keywords)


def _warn_if_lengths_unseen(lengths, length_range, owner):
    """:class:`~skreservoir.exceptions.SeriesLengthWarning` for series far outside
    the training lengths.

    ``length_range`` is (shortest, longest) of the training series, None
    when unknown (a fit on a dask array): then nothing is checked.
    """
    from skreservoir._validation import user_stacklevel
    if length_range is None or len(lengths) == 0:
        return
    shortest, longest = length_range
    lengths = np.asarray(lengths)
    short = lengths * LENGTH_RATIO < shortest
    long = lengths > longest * LENGTH_RATIO
    if not (short.any() or long.any()):
        return
    warnings.warn(
        f"{owner}: {int(short.sum() + long.sum())} of the {len(lengths)} series lie "
        f"outside the training series' lengths ({shortest} to {longest} steps) by more "
        f"than a factor {LENGTH_RATIO} (these have {lengths[short | long].min()} to "
        f"{lengths[short | long].max()} steps). A series' vector depends on its length: "
        "these may land far from the training series' vectors and be classified poorly, "
        "without an error (series resampled to twice the length lost up to 0.47 "
        "accuracy; a stationary signal seen for longer may lose nothing). Train on series of the lengths to classify (cut, pad or "
        "resample them alike, e.g. sktime's TSInterpolator(n_timepoints) before "
        "the classifier); where the length carries no class information, "
        "silence this SeriesLengthWarning.",
        SeriesLengthWarning, stacklevel=user_stacklevel(),
    )
