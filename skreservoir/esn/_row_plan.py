"""The per-step plan of a stream of one-row ``ESNRegressor.partial_fit`` calls.

A FORCE or LMS loop calls ``partial_fit`` once per time step, with one row.
The fast path of ``ESNRegressor._partial_fit_row`` checks and runs such a
call through the same compiled kernels as the general path; what it finds
out on the way (the reservoir's update rule, the readout's update kernel,
the shapes, that the washout is over) holds for every following call of
the stream as long as nothing it was made from changed. A :class:`RowPlan`
keeps that, and a call it serves pays only for checking that nothing
changed (by identity: the parameters, the fitted arrays, the
configuration) and for the finite-value checks of its row, then for the
arithmetic. Anything else (another shape or dtype, a changed parameter,
a state past the divergence check's bound, a declined update, a
``reset_state``) makes :meth:`RowPlan.step` return None before it has
changed anything, and the fast path, or the general one, runs instead (and
makes a new plan).
"""

import operator

import numpy as np

from skreservoir._base import _param_values
from skreservoir._config import config_values
from skreservoir._learning import row_weights
from skreservoir._validation import _all_finite
from skreservoir.esn._base import target_range
from skreservoir.readout._base import _ReadoutRegressor

#: The readout's fitted arrays a step reads or replaces (those it has).
_READOUT_ARRAYS = ("coef_", "intercept_", "_P_upper", "_P_pending", "_monitor",
                   "_monitor_weights")

#: The estimator's steps of a one-row call that a plan's step stands in for:
#: a subclass with its own version of one of them gets no plan (the fast
#: path calls its version).
_ESN_STEPS = ("_start_or_continue_stream", "_stream_start", "_skip", "_washout_for",
              "_run_function", "_teacher_drive", "_features", "_end_of_data", "_remember_end",
              "_row_checked", "_row_drive", "_row_output", "_row_learnt")



def _library_steps(esn, library, readout):
    """Whether the steps a plan stands in for are those of ``library`` (the estimator's
    class in skreservoir) and of skreservoir's readouts, not a subclass's own."""
    cls = type(esn)
    return (all(getattr(cls, name) is getattr(library, name) for name in _ESN_STEPS)
            and type(readout)._learn_row is _ReadoutRegressor._learn_row
            and type(readout)._row_update is _ReadoutRegressor._row_update
            and type(readout)._set_row_weights is _ReadoutRegressor._set_row_weights)


class RowPlan:
    """What one-row ``partial_fit`` calls of a stream share; see the module's notes.

    Made by :meth:`make` after a call of the fast path that updated the
    readout; None where the stream does not qualify (output feedback, a
    reservoir without a compiled row step, a readout without a row kernel, a
    subclass with its own version of a step the plan stands in for).
    """

    __slots__ = ("reservoir", "readout", "backend", "x_shape", "x_dtype", "y_shape", "config",
                 "esn_params", "readout_params", "reservoir_values", "row_state", "dtype",
                 "kernel_args", "include_input", "n_outputs", "y_1d", "fit_intercept",
                 "state", "n_steps", "target_range", "coef", "intercept", "P", "pending",
                 "coef_2d", "intercept_1d", "washout", "monitor", "monitor_weights")

    @classmethod
    def make(cls, esn, X, y, run, library):
        """The plan after the fast path's call of ``esn`` (an instance of ``library``, or
        of a subclass) on ``X``, ``y``, the reservoir run by ``run``; or None."""
        row_state = getattr(run, "row_state", None)
        readout = esn.readout_
        make_args = getattr(readout, "_row_kernel_args", None)
        if (row_state is None or esn.feedback or make_args is None
                or not _library_steps(esn, library, readout)
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
        plan.esn_params, plan.readout_params = esn._validated_params, readout._validated_params
        plan.reservoir_values = tuple(vars(esn.reservoir_).values())
        plan.row_state, plan.dtype, plan.kernel_args = row_state, run.state_dtype, kernel_args
        plan.include_input, plan.fit_intercept = esn.include_input, readout.fit_intercept
        plan.n_outputs, plan.y_1d = esn.n_outputs_, esn._target_1d
        fitted = vars(readout)
        plan.P, plan.pending = fitted.get("_P_upper"), fitted.get("_P_pending")
        plan.monitor, plan.monitor_weights = fitted.get("_monitor"), fitted.get("_monitor_weights")
        plan.coef, plan.intercept = readout.coef_, readout.intercept_
        plan.coef_2d = readout.coef_.reshape(plan.n_outputs, -1)
        plan.intercept_1d = np.atleast_1d(readout.intercept_) if plan.fit_intercept else None
        plan.state, plan.n_steps, plan.target_range = (
            esn.state_, esn.n_steps_seen_, esn._target_range)
        plan.washout = esn.washout_  # the stream's washout is over while it holds
        return plan

    def _holds(self, esn, X, y):
        """Whether this call is one the plan was made for, with nothing changed since.

        Everything the stream's calls depend on is compared by identity
        (values replaced by ``set_params``, ``fit``, ``reset_state`` or a
        hand-made change are other objects): the estimator's, the readout's
        and the fitted reservoir's attributes, the arrays the last step left,
        and the configuration.
        """
        if (type(X) is not np.ndarray or X.shape != self.x_shape or X.dtype != self.x_dtype
                or not X.flags.c_contiguous or type(y) is not np.ndarray
                or y.shape != self.y_shape or y.dtype != np.float64):
            return False
        fitted, readout = vars(esn), self.readout
        readout_fitted = vars(readout)
        if (fitted.get("readout_") is not readout or fitted.get("reservoir_") is not self.reservoir
                or fitted.get("state_") is not self.state
                or fitted.get("n_steps_seen_") != self.n_steps
                or fitted.get("washout_") is not self.washout
                or fitted.get("_target_range") is not self.target_range
                or readout_fitted.get("coef_") is not self.coef
                or readout_fitted.get("intercept_") is not self.intercept
                or readout_fitted.get("_P_upper") is not self.P
                or readout_fitted.get("_P_pending") is not self.pending
                or readout_fitted.get("_monitor") is not self.monitor
                or readout_fitted.get("_monitor_weights") is not self.monitor_weights
                or "_learn_row" in readout_fitted):
            return False
        is_ = operator.is_
        reservoir_values = vars(self.reservoir).values()
        return (all(map(is_, _param_values(esn), self.esn_params))
                and all(map(is_, _param_values(readout), self.readout_params))
                and len(reservoir_values) == len(self.reservoir_values)
                and all(map(is_, reservoir_values, self.reservoir_values))
                and config_values() == self.config
                and getattr(esn.reservoir, "backend", None) == self.backend)

    def step(self, esn, X, y, return_predictions):
        """One call of the stream; None, with nothing changed, where it is not the plan's."""
        if not self._holds(esn, X, y) or not (_all_finite(X) and _all_finite(y)):
            return None
        states, unchecked = self.row_state(X, self.state)
        if not unchecked:
            return None  # the general path's check of the state warns or raises
        features = (np.concatenate((X.astype(self.dtype, copy=False), states), axis=1)
                    if self.include_input else states)
        readout = self.readout
        if return_predictions:  # (1,) or (1, n_outputs), a new array
            outputs = np.asarray(readout._linear(features), dtype=np.float64)
        n_outputs = self.n_outputs
        weights = row_weights(self.kernel_args, self.coef_2d, self.intercept_1d, features[0],
                              y.reshape(n_outputs))
        if weights is None:
            return None  # declined, nothing changed: partial_fit decides
        # what _learn_row, _end_of_data and _target_range leave after the same row
        readout._set_row_weights(*weights, self.y_1d)
        self.coef_2d, self.intercept_1d = weights
        self.coef, self.intercept = readout.coef_, readout.intercept_
        self.state = esn.state_ = states[0]
        esn.last_input_ = X[0].copy()
        self.n_steps = esn.n_steps_seen_ = self.n_steps + 1
        self.target_range = esn._target_range = target_range([y], self.target_range)
        return esn._shape_output(outputs) if return_predictions else esn
