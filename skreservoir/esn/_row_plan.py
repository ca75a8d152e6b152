"""The per-step plan of a stream of one-row ``partial_fit`` calls of an ESN.

A FORCE or LMS loop calls ``partial_fit`` once per time step, with one row.
The fast path of ``_BaseESN._partial_fit_row`` checks and runs such a
call through the same compiled kernels as the general path; what it finds
out on the way (the reservoir's update rule, the readout's update kernel,
the shapes, that the washout is over) holds for every following call of
the stream as long as nothing it was made from changed. A :class:`RowPlan`
keeps that, and a call it serves pays only for checking that nothing
changed (by identity: the parameters, the fitted arrays, the
configuration) and for the finite-value checks of its row, then for the
arithmetic. Anything else (another shape or dtype, a changed parameter,
a ``reset_state``) makes :meth:`RowPlan.step` return None before it has
changed anything, and the fast path, or the general one, runs instead (and
makes a new plan). A state past the divergence check's bound is checked as
the fast path checks it (the reservoir's ``check_outputs`` raises or warns).
An update the readout's kernel declines returns :data:`DECLINED`: the
general path then runs the call (as after the fast path's declined
update), the generator of the feedback noise of a model with output
feedback put back as it was, so that the general path draws this step's
noise as it would have without the plan.

A row whose target is missing (NaN) moves the state and learns nothing, as
``partial_fit`` skips it (without feedback, which refuses missing targets).

With output feedback (``feedback=True``), a step also feeds back the last
target, ``W_fb_ (last_output_ + noise)`` (the teacher forcing of
``ESNRegressor._teacher_drive``, its noise drawn from the same generator in
the same order), and keeps the target as ``last_output_``.
"""

import operator

import numpy as np

from skreservoir._config import config_values
from skreservoir._learning import _NO_INTERCEPT, row_weights
from skreservoir._validation import _all_finite
from skreservoir.esn._base import DECLINED, still_constant, target_range
from skreservoir.readout._base import _ReadoutClassifier, _ReadoutRegressor
from skreservoir.reservoir._leaky import ROW_CHECK_SQUARED_NORM

#: The readout's fitted arrays a step reads or replaces (those it has).
_READOUT_ARRAYS = ("coef_", "intercept_", "_P_upper", "_P_pending", "_monitor",
                   "_monitor_weights")

#: The estimator's steps of a one-row call that a plan's step stands in for:
#: a subclass with its own version of one of them gets no plan (the fast
#: path calls its version).
_ESN_STEPS = ("_start_or_continue_stream", "_stream_start", "_skip", "_washout_for",
              "_run_function", "_teacher_drive", "_features", "_end_of_data", "_remember_end",
              "_row_checked", "_row_drive", "_undo_row_drive", "_row_output", "_row_learnt",
              "_row_fed_back", "_own_output")



def _template_values(esn):
    """The attributes' values (the objects) of the reservoir and the readout that ``esn``
    was given (None for a default one), in one tuple."""
    values = ()
    for template in (esn.reservoir, esn.readout):
        if template is not None:
            values += tuple(vars(template).values())
    return values


def _same_values(a, b):
    """Whether two tuples hold the same objects."""
    return len(a) == len(b) and all(map(operator.is_, a, b))


def _library_steps(esn, library, readout, readout_base):
    """Whether the steps a plan stands in for are those of ``library`` (the estimator's
    class in skreservoir) and of skreservoir's readouts (``readout_base``), not a
    subclass's own."""
    cls, readout_cls = type(esn), type(readout)
    return (all(getattr(cls, name, None) is getattr(library, name, None) for name in _ESN_STEPS)
            and all(getattr(readout_cls, name) is getattr(readout_base, name)
                    for name in ("_learn_row", "_row_update", "_set_row_weights", "_linear",
                                 "_row_target", "_row_label_index", "_labels")
                    if hasattr(readout_base, name)))


class RowPlan:
    """What one-row ``ESNRegressor.partial_fit`` calls of a stream share; see the module's notes.

    Made by :meth:`make` after a call of the fast path that updated the
    readout; None where the stream does not qualify (a reservoir without a
    compiled row step, a readout without a row kernel, a
    subclass with its own version of a step the plan stands in for).
    :class:`ClassifierRowPlan` is the plan of ``ESNClassifier``'s streams.
    """

    #: The skreservoir readouts' class whose row steps the plan stands in for.
    _readout_base = _ReadoutRegressor

    __slots__ = ("reservoir", "readout", "backend", "x_shape", "x_dtype", "y_shape", "config",
                 "esn_values", "readout_values", "reservoir_values", "template_values",
                 "row_state", "dtype",
                 "kernel_args", "include_input", "n_outputs", "y_1d", "fit_intercept",
                 "state", "n_steps", "target_range", "coef", "intercept", "P", "pending",
                 "coef_2d", "intercept_1d", "washout", "monitor", "monitor_weights",
                 "classes", "readout_classes", "readout_n_features", "W_fb",
                 "feedback_rng", "feedback_noise", "last_output", "noise_range", "noise_scale",
                 "next_range", "noise_state", "own_output", "fused")

    @classmethod
    def make(cls, esn, X, y, run, library):
        """The plan after the fast path's call of ``esn`` (an instance of ``library``, or
        of a subclass) on ``X``, ``y``, the reservoir run by ``run``; or None."""
        row_state = getattr(run, "row_state", None)
        readout = esn.readout_
        make_args = getattr(readout, "_row_kernel_args", None)
        fitted = vars(esn)
        feedback = getattr(esn, "feedback", False)
        if feedback and not (type(fitted.get("W_fb_")) is np.ndarray
                             and type(fitted.get("last_output_")) is np.ndarray):
            return None
        if (row_state is None or make_args is None
                or not _library_steps(esn, library, readout, cls._readout_base)
                or type(esn.state_) is not np.ndarray or esn.state_.dtype != run.state_dtype
                or getattr(esn, "_validated_params", None) is None
                or getattr(readout, "_validated_params", None) is None):
            return None
        kernel_args = make_args(readout.n_features_in_ + readout.fit_intercept)
        if kernel_args is None:
            return None
        plan = cls()
        plan.reservoir, plan.readout = esn.reservoir_, readout
        plan.backend = getattr(esn.reservoir, "backend", None)
        plan.x_shape, plan.x_dtype, plan.y_shape = X.shape, X.dtype, y.shape
        plan.config = config_values()
        plan.row_state, plan.dtype, plan.kernel_args = row_state, run.state_dtype, kernel_args
        plan.include_input, plan.fit_intercept = esn.include_input, readout.fit_intercept
        plan.readout_n_features = readout.n_features_in_
        plan._set_targets(esn, readout)
        readout_fitted = vars(readout)
        plan.P, plan.pending = readout_fitted.get("_P_upper"), readout_fitted.get("_P_pending")
        plan.monitor = readout_fitted.get("_monitor")
        plan.monitor_weights = readout_fitted.get("_monitor_weights")
        plan.coef, plan.intercept = readout.coef_, readout.intercept_
        plan.coef_2d = readout.coef_.reshape(plan.n_outputs, -1)
        plan.intercept_1d = np.atleast_1d(readout.intercept_) if plan.fit_intercept else None
        plan.state, plan.n_steps = esn.state_, esn.n_steps_seen_
        plan.washout = esn.washout_  # the stream's washout is over while it holds
        plan.W_fb = plan.feedback_rng = plan.last_output = None
        plan.noise_range = plan.noise_scale = plan.next_range = plan.noise_state = None
        # FORCE: the output after each update fed back, without noise
        plan.own_output = bool(feedback and esn._own_output())
        plan.fused = (cls._fused_kernel(run, kernel_args, feedback)
                      if X.dtype == np.float64 else None)
        if feedback:
            plan.W_fb, plan.last_output = esn.W_fb_, esn.last_output_
            plan.feedback_rng, plan.feedback_noise = esn._feedback_rng, esn.feedback_noise
        return plan

    @staticmethod
    def _fused_kernel(run, kernel_args, feedback):
        """``(kernel, reservoir's arrays)`` where one compiled call can run a step: an LMS
        readout without feedback on a float64 CSR reservoir (``run.row_parts``); else None.

        :func:`~skreservoir._kernels.reservoir_lms_row_kernel`, with the
        exactness of the readout's own row kernel.
        """
        parts = getattr(run, "row_parts", None)
        if parts is None or feedback or kernel_args[5] == 0.0:  # rate 0: RLS
            return None
        from skreservoir._kernels import reservoir_lms_row_kernel
        from skreservoir._learning import _compiled_row_kernel, _online_row

        exact = kernel_args[0] is _compiled_row_kernel(_online_row, True)
        return reservoir_lms_row_kernel(exact), parts

    def _set_targets(self, esn, readout):
        """What the targets of the stream's calls are: outputs and their shape, the range seen."""
        self.n_outputs, self.y_1d = esn.n_outputs_, esn._target_1d
        self.target_range = esn._target_range

    def _targets_hold(self, y, esn):
        """Whether ``y`` has the targets' shape and dtype."""
        return type(y) is np.ndarray and y.shape == self.y_shape and y.dtype == np.float64

    def _target(self, y):
        """The readout's target of this call's row, or None (the general path then runs)."""
        return y.reshape(self.n_outputs) if _all_finite(y) else None

    def _missing(self, y):
        """Whether ``y`` is a missing target (NaN, no inf), which partial_fit skips."""
        return bool(np.isnan(y).any() and not np.isinf(y).any())

    def _after(self, esn, y):
        """What the step leaves beyond the state and the weights: the range of the targets."""
        seen, self.next_range = self.next_range, None  # found by _drive, with feedback noise
        if seen is None:
            lo, hi = self.target_range
            if y.size == 1 and lo[0] <= y.item() <= hi[0]:
                return  # within the range seen: unchanged (target_range's shortcut)
            seen = target_range([y], self.target_range)
        self.target_range = esn._target_range = seen

    def remember(self, esn):
        """Keep what every attribute of ``esn``, of its readout and of its fitted reservoir
        (and of the reservoir and readout given as parameters, which ``set_params``
        changes in place) is now (the objects), for :meth:`_holds`; after the call that
        made the plan and after each step."""
        self.esn_values = tuple(vars(esn).values())
        self.readout_values = tuple(vars(self.readout).values())
        self.reservoir_values = tuple(vars(self.reservoir).values())
        self.template_values = _template_values(esn)

    def _holds(self, esn, X, y):
        """Whether this call is one the plan was made for, with nothing changed since.

        Every attribute of the estimator, of its readout and of its fitted
        reservoir is compared by identity with what the plan's last call
        left (:meth:`remember`: values replaced by ``set_params``, ``fit``,
        ``reset_state`` or a hand-made change are other objects, an
        attribute added or removed changes their number), and so are the
        parameters (attributes too), the arrays the last step left and
        the configuration.
        """
        if (type(X) is not np.ndarray or X.shape != self.x_shape or X.dtype != self.x_dtype
                or not X.flags.c_contiguous or not self._targets_hold(y, esn)):
            return False
        fitted, readout_fitted = vars(esn), vars(self.readout)
        reservoir_fitted = vars(self.reservoir)
        is_ = operator.is_
        return (len(fitted) == len(self.esn_values)
                and all(map(is_, fitted.values(), self.esn_values))
                and len(readout_fitted) == len(self.readout_values)
                and all(map(is_, readout_fitted.values(), self.readout_values))
                and len(reservoir_fitted) == len(self.reservoir_values)
                and all(map(is_, reservoir_fitted.values(), self.reservoir_values))
                and _same_values(_template_values(esn), self.template_values)
                and config_values() == self.config
                and getattr(esn.reservoir, "backend", None) == self.backend)

    def _drive(self, y):
        """The fed-back drive of this step, ``(1, drive_size)``, or None without feedback.

        As ``ESNRegressor._teacher_drive`` of one row: the last target plus
        noise of ``feedback_noise`` times the range of the targets seen
        (this one's included).
        """
        if self.W_fb is None:
            return None
        previous = self.last_output[None, :]
        if self.feedback_noise > 0 and not self.own_output:
            # the range after this target (kept for _after); the same object while
            # the targets stay inside it, and so the same scale
            seen = self.next_range = target_range([y], self.target_range)
            if seen is not self.noise_range:
                lo, hi = seen
                self.noise_range = seen
                self.noise_scale = self.feedback_noise * (np.asarray(hi) - np.asarray(lo))
            # the generator's state before the draw, put back if the readout declines
            self.noise_state = self.feedback_rng.bit_generator.state
            previous = previous + self.noise_scale * self.feedback_rng.standard_normal(
                previous.shape)
        # as _teacher_drive, for float64 targets (the array itself: an edit in place is seen)
        return previous @ self.W_fb.astype(np.float64, copy=False).T

    def step(self, esn, X, y, return_predictions):
        """One call of the stream; None, with nothing changed, where it is not the plan's,
        or :data:`DECLINED` where the readout declined the update."""
        if not self._holds(esn, X, y) or not _all_finite(X):
            return None
        target = self._target(y)
        if target is None and (self.W_fb is not None or not self._missing(y)):
            return None
        if self.fused is not None and target is not None:
            result = self._fused_step(esn, X, y, target, return_predictions)
            if result is not None:
                return result
        states, unchecked = self.row_state(X, self.state, self._drive(y))
        if not unchecked:
            self.reservoir.check_outputs(states)  # raises or warns, as the fast path
        features = (np.concatenate((X.astype(self.dtype, copy=False), states), axis=1)
                    if self.include_input else states)
        readout = self.readout
        if return_predictions:  # the prediction before the update, a new array
            outputs = esn._row_output(readout, features)
        if target is None:  # a missing target (NaN): the state moves on, nothing is learnt
            self.state = esn.state_ = states[0]
            esn.last_input_ = X[0].copy()
            self.n_steps = esn.n_steps_seen_ = self.n_steps + 1
            self.remember(esn)
            return outputs if return_predictions else esn
        weights = row_weights(self.kernel_args, self.coef_2d, self.intercept_1d, features[0],
                              target)
        if weights is None:  # the weights and the state unchanged: the general path runs
            if self.noise_state is not None:  # and draws this step's feedback noise
                self.feedback_rng.bit_generator.state = self.noise_state
            return DECLINED
        self._learnt(esn, X, y, states[0], weights)
        if self.W_fb is not None:  # as _remember_end: the target (FORCE: the output
            # after the update, as _row_fed_back), fed back next
            fed = esn._row_fed_back(readout, features, [y])[-1]
            self.last_output = esn.last_output_ = np.array(fed, dtype=np.float64).reshape(-1)
        self._after(esn, y)
        self.remember(esn)
        return outputs if return_predictions else esn

    def _fused_step(self, esn, X, y, target, return_predictions):
        """The step in one compiled call (:meth:`_fused_kernel`), or None, with nothing
        changed, where the step's own path must run it: a state past the divergence
        check's bound (checked there, as the fast path checks it) or an update the
        kernel declines (declined there too)."""
        kernel, (indptr, indices, data, W_in, bias, leak, activation) = self.fused
        frozen, monitor, rate = self.kernel_args[3:6]
        intercept = _NO_INTERCEPT if self.intercept_1d is None else self.intercept_1d
        state, _, prediction, coef, intercept, status = kernel(
            indptr, indices, data, W_in, bias, leak, activation, self.state, X[0], target,
            self.coef_2d, intercept, monitor, frozen, rate, self.include_input,
            ROW_CHECK_SQUARED_NORM)
        if status != 0:
            return None
        self._learnt(esn, X, y, state, (coef, None if self.intercept_1d is None else intercept))
        self._after(esn, y)
        self.remember(esn)
        return esn._shape_output(prediction[None, :]) if return_predictions else esn

    def _learnt(self, esn, X, y, state, weights):
        """What ``_learn_row``, ``_end_of_data`` and ``_target_range`` leave after a row
        learnt: the readout's ``weights`` (coef, intercept or None), the new ``state``."""
        readout = self.readout
        readout._set_row_weights(*weights, self.y_1d)
        self.coef_2d, self.intercept_1d = weights
        self.coef, self.intercept = readout.coef_, readout.intercept_
        self.state = esn.state_ = state
        esn.last_input_ = X[0].copy()
        if esn.__dict__.get("_constant_input") is not None:  # as the general path tracks it
            esn._constant_input = still_constant(esn._constant_input, [X])
        self.n_steps = esn.n_steps_seen_ = self.n_steps + 1


class ClassifierRowPlan(RowPlan):
    """The plan of a stream of one-row ``ESNClassifier.partial_fit`` calls.

    As :class:`RowPlan`, for labels: the label of a call (a numpy array (1,)
    of the classes' kind) is encoded by the readout's ``_row_target``; a
    label outside ``classes_`` returns None, and the general path raises.
    The prediction before the update is a label.
    """

    __slots__ = ()
    _readout_base = _ReadoutClassifier

    @staticmethod
    def _fused_kernel(run, kernel_args, feedback):
        return None  # the prediction is a label: the step's own path

    def _set_targets(self, esn, readout):
        self.n_outputs, self.y_1d = readout.coef_.shape[0], False
        self.classes, self.readout_classes = esn.classes_, readout.classes_

    def _targets_hold(self, y, esn):
        # the label's kind is checked by _row_target (None: the general path)
        return (type(y) is np.ndarray and y.shape == (1,)
                and esn.__dict__.get("mode_") == "frame")  # as the fast path's _row_checked

    def _target(self, y):
        return self.readout._row_target(y)

    def _missing(self, y):
        return False  # a label is never missing

    def _after(self, esn, y):
        pass
