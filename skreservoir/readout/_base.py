"""What every readout shares: panels, washout, decision values, online updates."""

import functools
import math
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
from array_api_compat import array_namespace
from sklearn.base import ClassifierMixin, RegressorMixin
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.multiclass import check_classification_targets

from skreservoir._backend import (
    NUMPY,
    check_same_namespace,
    compute_namespace,
    device_of,
    output_for,
    to_host,
    to_namespace,
)
from skreservoir._base import BaseReadout, validate_params_if_changed
from skreservoir._config import config_value
from skreservoir._dask import (
    computed,
    fit_ridge_readout,
    is_dask_collection,
    map_series_blocks,
    partial_fit_dask,
)
from skreservoir._learning import row_weights
from skreservoir._panel import rows_after
from skreservoir._sklearn_compat import (
    _fit_context,
    check_is_fitted,
)
from skreservoir._validation import (
    check_label_values,
    check_washout,
    clean_series,
    fill_missing_targets,
    first_call_classes,
    missing_target_weights,
    restore_layout,
    scored_weights,
    series_weights,
    validate_device_series,
    validate_series,
)


def weighted_rows(Z, Y, weights):
    """Rows and targets scaled by the square roots of ``weights``: the weighted least squares."""
    if weights is None:
        return Z, Y
    root = np.sqrt(np.asarray(weights, dtype=np.float64))[:, None]
    return Z * root, Y * root


def _append_ones(X, fit_intercept):
    """``X`` as float64 with a constant 1 column appended when ``fit_intercept``."""
    X = np.asarray(X, dtype=np.float64)
    if not fit_intercept:
        return X
    Z = np.empty((X.shape[0], X.shape[1] + 1))
    Z[:, :-1] = X
    Z[:, -1] = 1.0
    return Z


def _stacked_weights(coef, intercept, fit_intercept):
    """A new (n_features[+1], n_outputs) weight matrix from ``coef_`` and ``intercept_``.

    The intercept is the weight of the constant 1 column (last row) when
    ``fit_intercept``; ``coef_`` may be 1D (one output) or 2D.
    """
    coef = np.asarray(coef, dtype=np.float64)
    n_features = coef.shape[-1]
    W = np.empty((n_features + 1 if fit_intercept else n_features,
                  1 if coef.ndim == 1 else coef.shape[0]))
    W[:n_features] = coef[:, None] if coef.ndim == 1 else coef.T
    if fit_intercept:
        W[n_features] = intercept
    return W


def _split_weights(W, n_features):
    """``coef`` (n_outputs, n_features) and ``intercept`` (n_outputs,) from stacked weights."""
    coef = np.ascontiguousarray(W[:n_features].T)
    intercept = W[n_features].copy() if W.shape[0] > n_features else np.zeros(W.shape[1])
    return coef, intercept


@contextmanager
def _unchanged_on_error(estimator):
    """Give ``estimator`` back its attributes as they were when the block raises.

    The copy is shallow: updates must replace fitted arrays, not write into
    them, before anything that can raise.
    """
    saved = dict(vars(estimator))
    try:
        yield
    except BaseException:
        vars(estimator).clear()
        vars(estimator).update(saved)
        raise


def unchanged_on_error_method(method):
    """``method`` (a ``fit``) leaving its estimator's attributes as they were where it
    raises (:func:`_unchanged_on_error`): a fitted model whose refit failed keeps
    predicting as before, not half-updated."""

    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        with _unchanged_on_error(self):
            return method(self, *args, **kwargs)

    return wrapped


# -- estimators -------------------------------------------------------------


def check_known_labels(labels, classes):
    """Refuse ``labels`` (1D) not in ``classes``, naming them and the fix."""
    unknown = np.setdiff1d(labels, classes)
    if unknown.size:
        raise ValueError(
            f"y contains labels {unknown.tolist()} that are not in classes "
            f"{classes.tolist()}; pass every class to the first "
            "partial_fit call."
        )


def encode_labels(binarizer, ys):
    """The label arrays ``ys`` (one per series) encoded by the fitted
    ``binarizer`` (+1 for its class, -1 for the others) in one call, split
    back by series: float arrays (n_timesteps_i, n_columns). Labels outside
    its classes are refused (:func:`check_known_labels`)."""
    labels = np.concatenate([np.ravel(y) for y in ys])
    classes = binarizer.classes_
    check_known_labels(labels, classes)
    if (getattr(binarizer, "y_type_", None) in ("binary", "multiclass") and len(classes) >= 2
            and not binarizer.sparse_output):
        # the binarizer's encoding written out: its transform validates the labels
        # again (type_of_target three times), 1.5 ms of a one-row partial_fit's 1.8
        index = np.searchsorted(classes, labels)
        negative, positive = float(binarizer.neg_label), float(binarizer.pos_label)
        if len(classes) == 2:  # one column, as the binarizer's
            encoded = np.where(index == 1, positive, negative)[:, None]
        else:
            encoded = np.full((len(labels), len(classes)), negative)
            encoded[np.arange(len(labels)), index] = positive
    else:
        encoded = binarizer.transform(labels).astype(np.float64)
    return np.split(encoded, np.cumsum([np.size(y) for y in ys])[:-1])


#: Set while an estimator's ``partial_fit`` drives a readout's: the estimator runs the
#: stream's checkpoint itself, once, when its call ends, and the predictions made while
#: learning do not warn (:func:`checkpoints_held`).
_CHECKPOINTS_HELD = ContextVar("checkpoints_held", default=False)


@contextmanager
def checkpoints_held():
    """Hold the readouts' stream checkpoints (:meth:`_BaseReadout._stream_checkpoint`)
    for the block: the estimator around them says the stream's convergence once (a
    ``warnings.catch_warnings`` there reset Python's record of the warnings shown, so
    that a user's repeated warning came back at every call)."""
    token = _CHECKPOINTS_HELD.set(True)
    try:
        yield
    finally:
        _CHECKPOINTS_HELD.reset(token)


class _BaseReadout(BaseReadout):
    """Panels, washout and decision values, shared by every readout.

    A subclass provides ``_update(X, Y, reset, weights)``: learn from the rows
    ``X`` (n_samples, n_features) with targets ``Y`` (n_samples, n_outputs)
    and row weights ``weights`` (n_samples,) or None, from scratch when
    ``reset``, and return ``coef`` (n_outputs, n_features) and ``intercept``
    (n_outputs,).

    Readouts with ``_device_native`` compute in the namespace of their input
    (or of ``backend`` for numpy input); the others compute on the host and
    give results back in the namespace of the input.
    """

    _device_native = False

    def _namespace(self, X, method, fitted=False):
        """``(xp, device)`` that a call with input ``X`` computes in."""
        if not self._device_native:
            return NUMPY, None
        xp, device = compute_namespace(X, getattr(self, "backend", None))
        if fitted:
            check_same_namespace(self, "coef_", xp, method)
        return xp, device

    def _validated(self, X, y, method, reset, **kwargs):
        """Validate (device features where they are, else on the host); return the series
        in the compute namespace."""
        xp, device = self._namespace(X, method, fitted=not reset)
        y = to_host(y)
        checked = validate_device_series(self, X, y, reset=reset, **kwargs)
        if checked is None:
            checked = validate_series(self, to_host(X), y, reset=reset, **kwargs)
        Xs, ys, layout = checked
        return to_namespace(Xs, xp, device), ys, layout, (xp, device)

    def _accumulate(self, Xs, Ys, layout, reset, weights=None, leave_out_zero=False):
        """Learn from the rows of every series after washout, weighted by ``weights`` (one
        array per series, :meth:`_series_weights`); with ``leave_out_zero``, the rows of
        weight 0 (NaN targets) left out, as ``ESNRegressor.partial_fit`` leaves them."""
        check_washout(self.washout, layout.lengths)
        X = rows_after(Xs, self.washout)
        Y = rows_after(Ys, self.washout)
        if weights is not None:
            weights = rows_after(weights, self.washout)
        if leave_out_zero:
            learnt = weights > 0
            on_device = to_namespace(learnt, array_namespace(X), device_of(X))
            X, Y, weights = X[on_device], Y[on_device], weights[learnt]
        if not reset:
            self._check_n_outputs(Y.shape[1])
        coef, intercept = self._update(X, Y, reset, weights)
        # the rows used: of a target and a positive weight (as the dask path counts them)
        used = X.shape[0] if weights is None else int(np.count_nonzero(weights > 0))
        self.n_samples_seen_ = used + (0 if reset else self.n_samples_seen_)
        return coef, intercept

    def _check_n_outputs(self, n_outputs):
        """Refuse a chunk of a stream whose targets have other columns than the earlier."""
        earlier = 1 if self.coef_.ndim == 1 else self.coef_.shape[0]
        if n_outputs != earlier:
            raise ValueError(
                f"y has {n_outputs} outputs but earlier calls to partial_fit had {earlier}."
            )

    def _series_weights(self, sample_weight, layout, missing=None, required=True):
        """The weights of every series' rows (None: all 1): ``sample_weight``, times 0 at
        the rows of a NaN target (``missing``, :func:`fill_missing_targets`' masks, as
        ``ESNRegressor.fit`` weighs them). Where ``required``, weights all 0 and no target
        after the washout raise; else (a chunk of a stream) they are returned."""
        weights = (None if sample_weight is None
                   else series_weights(to_host(sample_weight), layout, all_zero=not required))
        return missing_target_weights(weights, missing, layout, self.washout,
                                      required=required)

    def _decision(self, X, method):
        """Return ``X @ coef_.T + intercept_`` for every series, and the layout."""
        check_is_fitted(self)
        Xs, _, layout, (xp, device) = self._validated(X, None, method, reset=False)
        return [self._linear(x, xp, device) for x in Xs], layout

    def _linear(self, X, xp=None, device=None):
        """``X @ coef_.T + intercept_`` for validated rows ``X`` in namespace ``xp`` (None: numpy).

        In the dtype of ``X``: the weights, learnt in float64, are rounded to
        float32 for float32 rows (a float32 reservoir's states), so that the
        product runs and the result comes back in single precision.
        """
        coef, intercept = self.coef_, self.intercept_
        if xp is not None:
            coef = to_namespace(coef, xp, device)
            if not isinstance(intercept, float):
                intercept = to_namespace(intercept, xp, device)
        if X.dtype != coef.dtype and array_namespace(X).isdtype(X.dtype, "real floating"):
            cast = array_namespace(coef).astype
            coef = cast(coef, X.dtype)
            if not isinstance(intercept, float):
                intercept = cast(intercept, X.dtype)
            out = X @ (coef if coef.ndim == 1 else coef.T) + intercept
            # one cheap test per call (the one-row loop of partial_fit passes
            # here): a sum of finite values is finite unless it overflows too
            ns = np if xp is None else xp
            if not math.isfinite(float(ns.sum(out))):
                self._check_output_range(X, out, ns)
            return out
        return X @ (coef if coef.ndim == 1 else coef.T) + intercept

    def _check_output_range(self, X, out, xp):
        """Say that outputs in X's lower precision overflowed (not that X held NaN)."""
        if bool(xp.all(xp.isfinite(out))) or not bool(xp.all(xp.isfinite(X))):
            return
        largest = float(xp.finfo(X.dtype).max)
        raise ValueError(
            f"{type(self).__name__}'s outputs overflow {X.dtype} (largest {largest:.3g}), "
            f"the dtype of the rows it reads (a reservoir with dtype={str(X.dtype)!r}): "
            "its weights, learnt in float64, or their products are beyond it, as targets "
            "of that size make them. Use dtype='float64' for the reservoir, or scale y "
            "(for example with sklearn.compose.TransformedTargetRegressor and a "
            "StandardScaler)."
        )

    def _learns_rows(self, row, base):
        """Whether ``_learn_row`` may learn ``row`` (validating the parameters if so).

        Not before the first ``partial_fit`` (it sets up), nor with a
        washout, another number of features, feature names, a readout
        without a row kernel (``_row_kernel_args``) or a subclass whose
        ``partial_fit``, ``predict`` or ``decision_function`` is not that of
        ``base``: ``partial_fit`` runs instead.
        """
        cls = type(self)
        if (not hasattr(self, "coef_") or not hasattr(self, "_row_kernel_args")
                or self.washout != 0 or row.shape[1] != self.n_features_in_
                or "feature_names_in_" in self.__dict__
                # a subclass's own partial_fit or predict runs on the general path
                or cls.partial_fit is not base.partial_fit
                or cls.predict is not base.predict
                or getattr(cls, "decision_function", None)
                is not getattr(base, "decision_function", None)):
            return False
        validate_params_if_changed(self)
        return True

    def _row_update(self, x, coef, intercept, y):
        """The new ``(coef, intercept)`` after learning the row ``x``, or None.

        Runs the readout's row kernel (``_row_kernel_args``: RLS for
        :class:`ForceReadout`, whose ``P`` it updates in place, LMS for
        :class:`LMSReadout`). None, with nothing changed, where the kernel
        declines (an update that might not stay finite or stable; ``partial_fit``
        then decides, warnings and errors included).
        """
        kernel_args = self._row_kernel_args(x.shape[0] + self.fit_intercept)
        return None if kernel_args is None else row_weights(kernel_args, coef, intercept, x, y)

    def _set_row_weights(self, coef, intercept, y_1d):
        """Take the weights of one learnt row: ``coef`` (n_outputs, n_x), ``intercept`` or None."""
        if intercept is None:
            intercept = np.zeros(coef.shape[0])
        self.n_samples_seen_ += 1
        self.coef_ = coef[0, :] if y_1d else coef
        self.intercept_ = float(intercept[0]) if y_1d else intercept

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        return tags


class _ReadoutRegressor(RegressorMixin, _BaseReadout):
    """fit, partial_fit and predict of the regression readouts."""

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the readout on a series or a panel, from scratch.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).
        y : array-like with the structure of ``X``
            Targets of shape (n_timesteps,) or (n_timesteps, n_outputs) per
            series. A row whose target has a NaN (a sparse label) is left
            out, as :meth:`ESNRegressor.fit <skreservoir.ESNRegressor.fit>`
            leaves it out; some row after the washout must have a target.

        sample_weight : array-like of shape (n_timesteps,) per series, or float, default=None
            Weight of every row (time step), with the structure of ``X``;
            rows in the washout are dropped with their weights. The ridge
            readouts then equal scikit-learn's ``Ridge``/``RidgeClassifier``
            fitted with these weights; RLS and LMS minimise the weighted
            squared error.

        Returns
        -------
        self : object
            The fitted readout.
        """
        with _unchanged_on_error(self):
            if is_dask_collection(X):  # normal equations summed over blocks: skreservoir._dask
                return fit_ridge_readout(self, X, y, sample_weight)
            return self._partial_fit(X, y, reset=True, sample_weight=sample_weight)

    def partial_fit(self, X, y, sample_weight=None):
        """Learn from a chunk of rows, continuing from the current state.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).
        y : array-like with the structure of ``X``
            Targets. A row whose target has a NaN (a sparse label) is left
            out; a chunk with no target after the washout leaves the readout
            as it was (unfitted, if nothing was learnt before).

        sample_weight : array-like of shape (n_timesteps,) per series, or float, default=None
            Weight of every row (time step), with the structure of ``X``;
            rows in the washout are dropped with their weights. The ridge
            readouts then equal scikit-learn's ``Ridge``/``RidgeClassifier``
            fitted with these weights; RLS and LMS minimise the weighted
            squared error.

        Returns
        -------
        self : object
            The updated readout.
        """
        first_call = not hasattr(self, "coef_")
        before = self._blocks_learnt()
        with _unchanged_on_error(self):
            validate_params_if_changed(self)  # every call: set_params may come between two
            if is_dask_collection(X):  # block sums added, or blocks in order: skreservoir._dask
                fitted = partial_fit_dask(self, X, y, sample_weight)
            else:
                # a chunk of a stream may have no target (sparse labels): nothing learnt
                fitted = self._partial_fit(X, y, reset=first_call, sample_weight=sample_weight,
                                           required=False)
        self._stream_checkpoint(before)
        return fitted

    def _partial_fit(self, X, y, reset, sample_weight=None, required=True):
        # rows of NaN targets (sparse labels) are left out, as ESNRegressor.fit leaves them
        y, missing = fill_missing_targets(y, X)
        before = dict(self.__dict__) if reset else None
        Xs, ys, layout, (xp, device) = self._validated(
            X, y, "partial_fit", reset=reset, y_required=True)
        y_1d = ys[0].ndim == 1
        if not reset and y_1d != (self.coef_.ndim == 1):
            raise ValueError(
                "y must keep the same number of dimensions across partial_fit calls."
            )
        if not reset:  # also where this chunk has nothing to learn
            self._check_n_outputs(1 if y_1d else ys[0].shape[1])
        check_washout(self.washout, layout.lengths)  # said before the weights are
        weights = self._series_weights(sample_weight, layout, missing, required)
        if weights is not None and not any(w[self.washout:].any() for w in weights):
            # no target (or only weights 0) after the washout in this chunk of a stream:
            # nothing learnt (a readout that has learnt nothing yet stays unfitted, without
            # the n_features_in_ of its validation, which check_is_fitted would take)
            if before is not None:
                self.__dict__.clear()
                self.__dict__.update(before)
            return self
        Ys = to_namespace([yi.reshape(len(yi), -1) for yi in ys], xp, device)
        coef, intercept = self._accumulate(Xs, Ys, layout, reset, weights,
                                           leave_out_zero=missing is not None)
        self.coef_ = coef[0, :] if y_1d else coef
        self.intercept_ = float(intercept[0]) if y_1d else intercept
        return self

    def predict(self, X):
        """Predict the targets of a series or a panel.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).

        Returns
        -------
        y_pred : ndarray or list of ndarray
            Shape (n_timesteps,) or (n_timesteps, n_outputs) per series, with
            the structure of ``X``.
        """
        if is_dask_collection(X):
            # rows are predicted alone: a 2D array's row chunks are its blocks
            return map_series_blocks(self, "predict", X, one_series=False)
        outputs, layout = self._decision(X, "predict")
        self._warn_if_not_converged()
        return output_for(X, restore_layout(outputs, layout))

    def score(self, X, y, sample_weight=None):
        """R² of the predictions after the first ``washout`` rows of each series.

        The rows that ``washout`` leaves out of training (the reservoir's
        transient, when the readout ends a pipeline after a reservoir) are
        left out of the score too, as :meth:`ESNRegressor.score
        <skreservoir.ESNRegressor.score>` leaves them out, and the rows of
        all series are scored together (a panel's time steps are not
        outputs); every series must be longer than ``washout``, as in
        :meth:`fit`. With ``washout=0`` on one series this is
        :meth:`sklearn.base.RegressorMixin.score`.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).
        y : array-like with the structure of ``X``
            True targets.
        sample_weight : array-like of shape (n_timesteps,) per series, or float, default=None
            Weight of every row, with the structure of ``X``; the weights
            of the washout rows are left out with those rows.

        Returns
        -------
        score : float
            :func:`sklearn.metrics.r2_score` of the scored rows.
        """
        from sklearn.metrics import r2_score

        y_true, y_pred, weights = self._scored_rows(X, y, sample_weight)
        return float(r2_score(y_true, y_pred, sample_weight=weights))

    def _scored_rows(self, X, y, sample_weight=None):
        """The rows :meth:`score` scores, every series' after its washout, one after
        another: ``(y_true, y_pred, weights)`` on the host, which
        :mod:`skreservoir.metrics`' scorers read too (a pipeline ending in this
        readout scores what its ``score`` scores)."""
        check_is_fitted(self)
        if y is None:
            raise ValueError(f"{type(self).__name__}.score needs the true targets y, with the "
                             "structure of X; got None.")
        # dask collections computed first (as ESNRegressor.score): their blocks of
        # series were scored as outputs, washout rows included
        X, y, sample_weight = computed([X, y, sample_weight])
        y, missing = fill_missing_targets(y, X)  # rows of NaN targets: not scored
        Xs, ys, layout, (xp, device) = self._validated(
            X, y, "score", reset=False, y_required=True)
        check_washout(self.washout, layout.lengths)
        outputs = [self._linear(x, xp, device) for x in Xs]
        self._warn_if_not_converged()
        skip = self.washout
        y_pred = np.concatenate([to_host(p)[skip:] for p in outputs])
        y_true = np.concatenate([np.asarray(to_host(t))[skip:] for t in ys])
        if y_true.ndim != y_pred.ndim and y_true.size == y_pred.size:
            y_true = y_true.reshape(y_pred.shape)
        return y_true, y_pred, scored_weights(sample_weight, missing, layout, skip)

    def _warn_if_not_converged(self):
        """Warn where the online updates so far have clearly not converged (LMS); here nothing."""

    def _blocks_learnt(self):
        """How many blocks of the convergence record the updates completed (LMS); here 0."""
        return 0

    def _stream_checkpoint(self, before):
        """Warn, as :meth:`predict` does, where the updates since ``before`` (a count of
        :meth:`_blocks_learnt`) completed a checkpoint of a stream (LMS); here nothing."""

    def _predict_rows(self, F, finite=False):
        """:meth:`predict` of the features ``F`` an estimator made for one series.

        The readout's step of a short ``predict`` call (a closed loop's
        step): a clean numpy ``F`` passes the checks of :meth:`predict`
        directly (:func:`~skreservoir._validation.clean_series`: shape,
        dtype, finite values) and gives the same product on the host, for a
        readout whose ``predict`` is this class's; anything else is
        :meth:`predict` itself (its errors included). ``finite``: the
        estimator's reservoir has tested every value of ``F`` (NVAR's
        compiled windows), so the values' test is not made again.
        """
        cls = type(self)
        if (cls.predict is not _ReadoutRegressor.predict
                or cls._decision is not _BaseReadout._decision
                or type(vars(self).get("coef_")) is not np.ndarray
                or (self._device_native  # numpy F computes where the backend says
                    # (resolve_backend's name, without its checks: predict makes them)
                    and (getattr(self, "backend", None) or config_value("backend")) != "numpy")
                or not clean_series(self, F, values=not finite)):
            return self.predict(F)
        self._warn_if_not_converged()
        return self._linear(F)

    def _learn_row(self, row, target):
        """``partial_fit`` on one row of a stream, without the general machinery.

        The per-step loop of :meth:`ESNRegressor.partial_fit
        <skreservoir.ESNRegressor.partial_fit>` calls it with checked
        values: ``row`` a numpy array (1, n_features) of finite floats,
        ``target`` a finite float64 array (1,) or (1, n_outputs). The
        parameters are validated as ``partial_fit`` does. Returns True when
        the readout learnt the row, as ``partial_fit`` would have; False,
        with the readout unchanged, when ``partial_fit`` must run instead
        (a first call, a washout, shapes that differ from the earlier
        calls, an update that might not stay finite, a readout without a
        row kernel (``_row_kernel_args``), a subclass with its own
        ``partial_fit`` or ``predict``): it then does what it does, errors
        included.
        """
        if not self._learns_rows(row, _ReadoutRegressor):
            return False
        y_1d = target.ndim == 1
        n_outputs = 1 if self.coef_.ndim == 1 else self.coef_.shape[0]
        if y_1d != (self.coef_.ndim == 1) or target.size != n_outputs:
            return False
        weights = self._row_update(
            row[0], self.coef_.reshape(n_outputs, -1),
            np.atleast_1d(self.intercept_) if self.fit_intercept else None,
            target.reshape(n_outputs))
        if weights is None:
            return False
        self._set_row_weights(*weights, y_1d)
        return True

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


class _ReadoutClassifier(ClassifierMixin, _BaseReadout):
    """One-vs-all +1/-1 encoding, fit, partial_fit and decisions of the classifiers."""

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the classifier on a series or a panel with per-step labels, from scratch.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).
        y : array-like with the structure of ``X``
            One label per time step, of at least two classes (one class
            raises a ValueError, as in scikit-learn's classifiers).

        sample_weight : array-like of shape (n_timesteps,) per series, or float, default=None
            Weight of every row (time step), with the structure of ``X``;
            rows in the washout are dropped with their weights. The ridge
            readouts then equal scikit-learn's ``Ridge``/``RidgeClassifier``
            fitted with these weights; RLS and LMS minimise the weighted
            squared error.

        Returns
        -------
        self : object
            The fitted classifier.
        """
        self._check_one_label_per_row(X, y)
        with _unchanged_on_error(self):
            if is_dask_collection(X):  # normal equations summed over blocks: skreservoir._dask
                return fit_ridge_readout(self, X, y, sample_weight)
            for attr in ("classes_", "coef_"):
                if hasattr(self, attr):
                    delattr(self, attr)
            return self._partial_fit(X, y, classes=None, reset=True,
                                     sample_weight=sample_weight,
                                     infer_classes=True)

    def _check_one_label_per_row(self, X, y):
        """Refuse a target with several columns per row (one-hot rows, multilabel
        indicators) naming what to pass: scikit-learn's 'y should be a 1d array' said
        neither (a user battery)."""
        if isinstance(X, (list, tuple)) and isinstance(y, (list, tuple)):
            pairs = list(zip(X, y))  # a list of series: each series' labels
        else:
            pairs = [(X, y)]
        for X_part, y_part in pairs:
            shape, x_shape = getattr(y_part, "shape", None), getattr(X_part, "shape", None)
            # the rows of y those of X (else the validation names the mismatch), with
            # several columns each
            if (shape is not None and x_shape is not None and len(shape) == len(x_shape)
                    and len(shape) in (2, 3) and tuple(shape[:-1]) == tuple(x_shape[:-1])
                    and shape[-1] > 1):
                break
        else:
            return
        name = type(self).__name__
        raise ValueError(
            f"{name} takes one label per row (shape (n_timesteps,) per series); got y of "
            f"shape {tuple(shape)}, {shape[-1]} columns per row. For one-hot rows pass "
            f"y.argmax(axis=-1) (ESNClassifier reads one-hot rows as they are); for "
            f"several labels per row (multilabel), wrap it: "
            f"sklearn.multioutput.MultiOutputClassifier({name}())."
        )

    def score(self, X, y, sample_weight=None):
        """Mean accuracy of the labels of every row of every series.

        The rows of all series are scored together (the labels of a panel of
        shape (n_series, n_timesteps) are not several outputs, which
        scikit-learn's ``ClassifierMixin.score`` read them as: accuracy 0.0
        for 0.94). The rows in the washout count, as
        :meth:`ESNClassifier.score <skreservoir.ESNClassifier.score>` and
        :func:`skreservoir.metrics.get_scorer` count them for a classifier
        (a regression readout leaves them out). On one series this is
        :meth:`sklearn.base.ClassifierMixin.score`.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).
        y : array-like with the structure of ``X``
            One label per time step.
        sample_weight : array-like of shape (n_timesteps,) per series, or float, default=None
            Weight of every row, with the structure of ``X``.

        Returns
        -------
        score : float
            :func:`sklearn.metrics.accuracy_score` of the rows.
        """
        from sklearn.metrics import accuracy_score

        y_true, y_pred, weights = self._scored_rows(X, y, sample_weight)
        return float(accuracy_score(y_true, y_pred, sample_weight=weights))

    def _scored_rows(self, X, y, sample_weight=None):
        """The rows :meth:`score` scores, every series' one after another:
        ``(y_true, y_pred, weights)`` on the host, which :mod:`skreservoir.metrics`'
        scorers read too."""
        self._check_one_label_per_row(X, y)
        check_is_fitted(self)
        if y is None:
            raise ValueError(f"{type(self).__name__}.score needs the true labels y, with the "
                             "structure of X; got None.")
        X, y, sample_weight = computed([X, y, sample_weight])
        Xs, ys, layout, (xp, device) = self._validated(
            X, y, "score", reset=False, y_required=True, y_numeric=False,
            multi_output=False)
        y_pred = np.concatenate([to_host(self._labels(self._linear(x, xp, device)))
                                 for x in Xs])
        y_true = np.concatenate([np.ravel(to_host(t)) for t in ys])
        weights = None if sample_weight is None else np.concatenate(
            series_weights(to_host(sample_weight), layout))
        return y_true, y_pred, weights

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Learn from a chunk of labelled rows, continuing from the current state.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).
        y : array-like with the structure of ``X``
            One label per time step.
        classes : array-like of shape (n_classes,), default=None
            All the classes; required on the first call, ignored after.

        sample_weight : array-like of shape (n_timesteps,) per series, or float, default=None
            Weight of every row (time step), with the structure of ``X``;
            rows in the washout are dropped with their weights. The ridge
            readouts then equal scikit-learn's ``Ridge``/``RidgeClassifier``
            fitted with these weights; RLS and LMS minimise the weighted
            squared error.

        Returns
        -------
        self : object
            The updated classifier.
        """
        first_call = not hasattr(self, "coef_")
        self._check_one_label_per_row(X, y)
        with _unchanged_on_error(self):
            validate_params_if_changed(self)  # every call: set_params may come between two
            if is_dask_collection(X):  # block sums added, or blocks in order: skreservoir._dask
                return partial_fit_dask(self, X, y, sample_weight, classes=classes)
            return self._partial_fit(X, y, classes=classes, reset=first_call,
                                     sample_weight=sample_weight, required=False)

    def _partial_fit(self, X, y, classes, reset, infer_classes=False, sample_weight=None,
                     required=True):
        before = dict(self.__dict__) if reset else None
        try:
            Xs, ys, layout, (xp, device) = self._validated(
                X, y, "partial_fit", reset=reset, y_required=True, y_numeric=False,
                multi_output=False)
        except ValueError as error:
            if "y contains NaN" in str(error):  # a panel's labels: missing ones counted
                parts = y if isinstance(y, (list, tuple)) else [y]
                try:
                    flat = np.concatenate([np.ravel(np.asarray(p, dtype=object))
                                           for p in parts])
                except ValueError:
                    flat = None
                if flat is not None:
                    check_label_values(flat, type(self).__name__)
            raise
        labels = np.concatenate([np.ravel(yi) for yi in ys])
        check_label_values(labels, type(self).__name__)  # missing labels counted
        check_classification_targets(labels)
        if infer_classes:
            classes = np.unique(labels)
        elif classes is None and not hasattr(self, "classes_"):
            # the classes of a first call that learnt nothing (its weights all 0)
            classes = self.__dict__.get("_classes_given")
        source = "y" if infer_classes else "classes"
        if first_call_classes(self, classes, type(self).__name__, source):
            self._binarizer = LabelBinarizer(pos_label=1, neg_label=-1)
            self._binarizer.fit(self.classes_)
        # the chunk's checks (its labels known, its length) hold where it learns nothing
        Ys = to_namespace(encode_labels(self._binarizer, ys), xp, device)
        check_washout(self.washout, layout.lengths)
        weights = self._series_weights(sample_weight, layout, required=required)
        if weights is not None and not any(w[self.washout:].any() for w in weights):
            # a chunk of a stream whose rows all weigh 0 learns nothing, as a regression
            # readout's: a readout that has learnt nothing yet stays unfitted
            if before is not None:
                classes = self.classes_
                self.__dict__.clear()
                self.__dict__.update(before)
                # the classes given are kept for the next call (scikit-learn's streams
                # pass them once), where the readout stays unfitted
                self._classes_given = classes
            return self
        self.coef_, self.intercept_ = self._accumulate(Xs, Ys, layout, reset, weights)
        return self

    def _learn_row(self, row, label):
        """``partial_fit`` on one row of a stream, without the general machinery.

        The per-step loop of :meth:`ESNClassifier.partial_fit
        <skreservoir.ESNClassifier.partial_fit>` calls it with ``row`` a
        numpy array (1, n_features) of finite floats and ``label`` a numpy
        array (1,). The label, one of ``classes_`` (of the same dtype kind:
        integers, booleans or strings), is encoded as ``partial_fit``
        encodes it (+1 for its class, -1 for the others; one column for two
        classes) and learnt by the row kernel. Returns True when the readout
        learnt the row, as ``partial_fit`` would have; False, with the
        readout unchanged, when ``partial_fit`` must run instead (see
        :meth:`_learns_rows`, an update the kernel declines, any other
        label): it then does what it does, errors included.
        """
        target = self._row_target(label)
        if target is None or not self._learns_rows(row, _ReadoutClassifier):
            return False
        weights = self._row_update(row[0], self.coef_,
                                   self.intercept_ if self.fit_intercept else None, target)
        if weights is None:
            return False
        self._set_row_weights(*weights, False)
        return True

    def _row_target(self, label):
        """The encoded target of ``label`` (a numpy array (1,)), as ``partial_fit``
        encodes it: +1 for its class, -1 for the others (one column for two
        classes); None for a label :meth:`_row_label_index` does not find."""
        index = self._row_label_index(label)
        if index is None:
            return None
        n_outputs = self.coef_.shape[0]
        target = np.full(n_outputs, -1.0)
        if n_outputs > 1 or index == 1:
            target[index if n_outputs > 1 else 0] = 1.0
        return target

    def _row_label_index(self, label):
        """The index in ``classes_`` of ``label``, a numpy array (1,) of integers,
        booleans or strings (the kind of ``classes_``); None for any other label."""
        classes = self.__dict__.get("classes_")
        if (classes is None or label.dtype.kind not in "biuUS"
                or label.dtype.kind != classes.dtype.kind):
            return None
        index = int(np.searchsorted(classes, label[0]))
        if index == classes.shape[0] or classes[index] != label[0]:
            return None
        return index

    def _labels(self, scores):
        """The labels of decision values of shape (n, 1) or (n, n_classes)."""
        return self.classes_[to_host(_scores_to_indices(scores))]

    def decision_function(self, X):
        """Return the decision values of every time step.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).

        Returns
        -------
        scores : ndarray or list of ndarray
            Shape (n_timesteps,) for two classes (positive means
            ``classes_[1]``) or (n_timesteps, n_classes), per series, with
            the structure of ``X``.
        """
        if is_dask_collection(X):
            return map_series_blocks(self, "decision_function", X, one_series=False)
        outputs, layout = self._decision(X, "decision_function")
        if len(self.classes_) == 2:
            outputs = [o[:, 0] for o in outputs]
        return output_for(X, restore_layout(outputs, layout))

    def predict(self, X):
        """Predict one label per time step.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            Features (reservoir states).

        Returns
        -------
        y_pred : ndarray or list of ndarray
            Labels of shape (n_timesteps,) per series, with the structure of
            ``X``.
        """
        if is_dask_collection(X):
            # rows are predicted alone: a 2D array's row chunks are its blocks
            return map_series_blocks(self, "predict", X, one_series=False)
        outputs, layout = self._decision(X, "predict")
        labels = [self._labels(o) for o in outputs]
        return output_for(X, restore_layout(labels, layout))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = True
        return tags


def _scores_to_indices(scores):
    """Class indices from decision values of shape (n, 1) or (n, n_classes)."""
    if type(scores) is np.ndarray:  # the one-row calls of a stream: without the wrapper
        return (scores[:, 0] > 0).astype(np.int64) if scores.shape[1] == 1 else np.argmax(
            scores, axis=1)
    xp = array_namespace(scores)
    if scores.shape[1] == 1:
        return xp.astype(scores[:, 0] > 0, xp.int64)
    return xp.argmax(scores, axis=1)


# -- learning rules -------------------------------------------------------------
