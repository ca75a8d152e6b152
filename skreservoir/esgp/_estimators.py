"""ESGPRegressor and ESGPClassifier: gated reservoirs trained by backpropagation through time."""

import numpy as np
from sklearn.base import ClassifierMixin, RegressorMixin, clone
from sklearn.metrics import accuracy_score, r2_score
from sklearn.utils import column_or_1d

from skreservoir._backend import check_same_namespace, compute_namespace, output_for, to_host
from skreservoir._preprocessing import log_proba
from skreservoir._sklearn_compat import (
    _fit_context,
    check_is_fitted,
)
from skreservoir._validation import (
    check_label_type,
    check_label_values,
    check_two_classes,
    first_call_classes,
    restore_layout,
    series_weights,
)
from skreservoir.esgp._base import BaseESGP, data_namespace
from skreservoir.esgp._bptt import forward, output_values, pooled_states

_PARAMETERS_DOC = """
    n_units : int, default=50
        Units per layer (ESGP: ``hidden_size``; ReservoirPy: ``units``).
    n_layers : int, default=1
        Stacked layers; layer k reads the states of layer k - 1 (ESGP:
        ``num_layers``).
    density : float, default=0.1
        Fraction of nonzero entries of each fixed recurrent matrix ``W``: its
        mask ``M`` (ESGP: ``1 - sparsity``; ReservoirPy: ``rc_connectivity``).
    spectral_radius : float, default=0.9
        Spectral radius ``W`` is scaled to (ReservoirPy: ``sr``).
    input_scaling : float, default=1.0
        ``W_in`` starts uniform in [-input_scaling, input_scaling].
    gate : bool, default=True
        Learn the gates. False fixes ``g_t = leak_rate``: a leaky reservoir
        whose input weights (and readout) are trained by backpropagation.
    gate_bias : bool, default=True
        Give each gate a learned bias ``b_gate`` (starting at 0), as the
        ESGP package does: with it a gate can close (hold the state) while
        the input is silent.
    leak_rate : float, default=1.0
        The fixed gate when ``gate=False`` (ReservoirPy: ``lr``).
    representation : {"last", "mean"}, default="last"
        With one target per series: the output layer reads the last state,
        or the mean state over the series.
    solver : {"adam", "lbfgs"}, default="adam"
        Mini-batch Adam, or full-batch L-BFGS (``scipy.optimize.minimize``).
    alpha : float, default=1e-4
        L2 penalty on ``W_in``, ``W_gate`` and ``coef_`` (not on the biases), as in
        :class:`~sklearn.neural_network.MLPRegressor` (divided by the number
        of targets of a batch).
    batch_size : int, default=32
        Series per Adam step (a single series is one batch of one).
    learning_rate_init : float, default=0.01
        Adam's step size.
    max_iter : int, default=30
        Epochs (Adam) or iterations (L-BFGS).
    shuffle : bool, default=True
        Shuffle the series at each epoch (Adam).
    tol : float, default=1e-4
        Adam stops when the loss (or the validation score) has not improved
        by ``tol`` for ``n_iter_no_change`` epochs; L-BFGS's ``gtol``.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the series and keep the weights
        of the epoch with the best validation score (Adam).
    validation_fraction : float, default=0.1
        Fraction of series held out by ``early_stopping``, rounded to a
        whole number of series: it must hold out at least one series (two
        for :class:`ESGPRegressor` with one target per series, whose
        validation score, R^2, needs two targets) and leave at least one
        to train on; ``fit`` raises a ValueError otherwise.
    n_iter_no_change : int, default=10
        Epochs without improvement before Adam stops.
    random_state : int, RandomState instance or None, default=None
        Seeds the weights, the shuffling and the validation split.
    verbose : bool or int, default=False
        Print the loss after every epoch (iteration for L-BFGS).
    warm_start : bool, default=False
        Start ``fit`` from the weights of the previous fit.
    backend : {"numpy", "cupy"} or None, default=None
        Where numpy input computes (None: ``get_config()["backend"]``);
        array API input computes in its own namespace."""

_EQUATION_DOC = r"""
    For each layer, with :math:`u_t` its input (the series for the first
    layer, the states of the layer below for the others):

    .. math::

        \tilde h_t &= \tanh(W_{in} u_t + (M \odot W) h_{t-1}) \\
        g_t &= \sigma(W_{gate} \tilde h_t + b_{gate}) \\
        h_t &= g_t \odot \tilde h_t + (1 - g_t) \odot h_{t-1}

    with :math:`M \odot W` fixed (sparse, scaled to ``spectral_radius``).
    :math:`W_{in}`, :math:`W_{gate}`, :math:`b_{gate}` (``gate_bias=True``)
    and a linear output layer (``coef_``,
    ``intercept_``) are learned together by backpropagation through time
    (the gradient written out, on numpy, cupy or any array API namespace).

    Targets are either per time step (with the structure of ``X``), read
    from every state of the top layer, or one per series of a panel,
    read from its last state (or mean state, ``representation="mean"``)."""

_ATTRIBUTES_DOC = """
    W_ : list of arrays of shape (n_units, n_units)
        The fixed recurrent matrix of each layer.
    W_in_ : list of arrays of shape (n_units, n_inputs)
        The learned input weights of each layer.
    W_gate_ : list of arrays of shape (n_units, n_units) or None
        The learned gate weights of each layer (None with ``gate=False``).
    gate_bias_ : list of arrays of shape (n_units,) or None
        The learned gate biases of each layer (None without).
    mode_ : {"step", "series"}
        Targets per time step or per series, chosen by ``fit``.
    loss_ : float
        The loss at the end of training.
    loss_curve_ : list of float
        The loss after each epoch (Adam) or iteration (L-BFGS).
    best_loss_ : float
        The smallest epoch loss (Adam).
    validation_scores_ : list of float or None
        The validation score of each epoch with ``early_stopping``.
    best_validation_score_ : float or None
        The best of them.
    n_iter_ : int
        Epochs (Adam) or iterations (L-BFGS) run.
    t_ : int
        Adam steps taken.
    n_features_in_ : int
        Number of input features."""


class ESGPRegressor(RegressorMixin, BaseESGP):
    __doc__ = (
        r"""Gated reservoir regressor trained by backpropagation through time (ESGP).
"""
        + _EQUATION_DOC
        + """

    The loss is half the mean squared error plus the L2 penalty.

    Parameters
    ----------"""
        + _PARAMETERS_DOC
        + """

    Attributes
    ----------
    coef_ : array of shape (n_outputs, n_units)
        Output weights.
    intercept_ : array of shape (n_outputs,)
        Output bias."""
        + _ATTRIBUTES_DOC
        + """

    See Also
    --------
    ESGPClassifier : The classifier (softmax cross-entropy).
    ESNRegressor : A reservoir with a ridge readout, no gradient training.

    Notes
    -----
    The defaults come from ``benchmarks/bench_esgp.py``: on the adding
    problem (2000 training series of 100 steps, 500 test series)
    ``ESGPRegressor(random_state=0)`` stops after 19 epochs at a test MSE of
    3e-4, where predicting the mean scores 0.167 (the ESGP package reports
    0.05 after 30 epochs). With 100 units the bias-free cell reached the
    same MSE at twice the cost per epoch.

    References
    ----------
    The ESGP package (Echo State Gated Population networks, PyTorch),
    https://pypi.org/project/esgp/.

    Examples
    --------
    >>> from skreservoir import ESGPRegressor
    >>> from skreservoir.datasets import adding_problem
    >>> X, y = adding_problem(600, n_timesteps=20, random_state=0)
    >>> model = ESGPRegressor(n_units=30, random_state=0).fit(X[:500], y[:500])
    >>> print(model.score(X[500:], y[500:]) > 0.9)
    True
    """
    )

    def __init__(
        self,
        n_units=50,
        *,
        n_layers=1,
        density=0.1,
        spectral_radius=0.9,
        input_scaling=1.0,
        gate=True,
        gate_bias=True,
        leak_rate=1.0,
        representation="last",
        solver="adam",
        alpha=1e-4,
        batch_size=32,
        learning_rate_init=0.01,
        max_iter=30,
        shuffle=True,
        tol=1e-4,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=10,
        random_state=None,
        verbose=False,
        warm_start=False,
        backend=None,
    ):
        self.n_units = n_units
        self.n_layers = n_layers
        self.density = density
        self.spectral_radius = spectral_radius
        self.input_scaling = input_scaling
        self.gate = gate
        self.gate_bias = gate_bias
        self.leak_rate = leak_rate
        self.representation = representation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.tol = tol
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        self.backend = backend

    def _encode(self, y, reset, per_step):
        values = np.asarray(y)
        if values.dtype.kind in "cUSV":  # complex values lost their imaginary part here
            raise ValueError(
                f"y must hold real numbers for {type(self).__name__}, which is a "
                f"regressor, got values of dtype {values.dtype}; convert y to floats "
                "(y.real and y.imag as two outputs for complex targets), or use "
                "ESGPClassifier for class labels."
            )
        values = values.astype(np.float64)
        if not per_step and not np.all(np.isfinite(values)):
            raise ValueError("y holds NaN or inf values; pass finite targets.")
        if reset:
            self._y_1d = values.ndim == 1
        return values.reshape(len(values), -1)

    def _validation_score(self, X, Y, valid):
        predicted = self._predict_batch(X, valid)
        xp = data_namespace(X)
        if valid is not None and self.mode_ == "step":
            keep = to_host(valid[..., 0]).ravel() > 0
            return r2_score(
                to_host(xp.reshape(Y, (-1, Y.shape[-1])))[keep],
                to_host(xp.reshape(predicted, (-1, Y.shape[-1])))[keep],
            )
        return r2_score(
            to_host(xp.reshape(Y, (-1, Y.shape[-1]))),
            to_host(xp.reshape(predicted, (-1, Y.shape[-1]))),
        )

    def _predict_batch(self, X, valid):
        xp = data_namespace(X)
        H = forward(xp, self._network(), self._get_params(), X, valid)
        return output_values(
            xp, pooled_states(xp, H, valid, self._representation()), self.coef_, self.intercept_
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train the gated reservoir on series and their targets.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            One series or a panel.
        y : array-like
            Per time step: the structure of ``X`` ((n_timesteps,) or
            (n_timesteps, n_outputs) per series). Per series of a panel:
            shape (n_series,) or (n_series, n_outputs) (a 2D ``y`` whose
            second dimension is the series length is read as one value per
            step).

        Returns
        -------
        self : ESGPRegressor
            The fitted estimator.
        """
        return self._fit(X, y)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y):
        """One Adam pass over the given series (the first call sets up).

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            One series or a panel.
        y : array-like
            Targets, as in :meth:`fit`.

        Returns
        -------
        self : ESGPRegressor
            The updated estimator.
        """
        return self._fit(X, y, incremental=True)

    def predict(self, X):
        """Predict per time step (with the structure of ``X``) or per series.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            One series or a panel.

        Returns
        -------
        y_pred : array or list of arrays
            Per time step: the structure of ``X``; per series: (n_series,)
            or (n_series, n_outputs), as the ``y`` of ``fit``.
        """
        results, layout = self._outputs(X, "predict")
        if self.mode_ == "series":
            if self._y_1d:
                results = results[:, 0]
            return output_for(X, results)
        if self._y_1d:
            results = [r[:, 0] for r in results]
        return output_for(X, restore_layout(results, layout))

    def score(self, X, y, sample_weight=None):
        """R² of the predictions: per series, or per time step of every series, pooled.

        With targets per time step, the steps of all series are scored
        together (one R² over all of them, as training's validation score
        is), not time step by time step across the series.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            One series or a panel.
        y : array-like
            True targets, as in :meth:`fit`.
        sample_weight : array-like, default=None
            One weight per target: per series, shape (n_series,); per time
            step, with the structure of ``X``.

        Returns
        -------
        score : float
            :func:`sklearn.metrics.r2_score` of the scored targets.
        """
        y_true, y_pred, weights = self._scored_rows(X, y, sample_weight)
        return r2_score(y_true, y_pred, sample_weight=weights)

    def _scored_rows(self, X, y, sample_weight=None):
        """Targets, predictions and weights as :meth:`score` scores them (the series'
        steps one after another where the targets are per time step); the scorers of
        :mod:`skreservoir.metrics` read them too."""
        check_is_fitted(self)
        if self.mode_ == "series":
            return y, self.predict(X), sample_weight
        _, _, _, targets, per_step, layout = self._prepare(X, y, reset=False)
        if not per_step:
            raise ValueError(
                f"{type(self).__name__} was fitted on targets per time step; score it "
                "on targets with the structure of X."
            )
        results, _ = self._outputs(X, "predict")
        y_true = np.concatenate([np.asarray(t) for t in targets])
        y_pred = np.concatenate([to_host(r) for r in results]).reshape(y_true.shape)
        weights = (None if sample_weight is None
                   else np.concatenate(series_weights(to_host(sample_weight), layout)))
        return y_true, y_pred, weights

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


class ESGPClassifier(ClassifierMixin, BaseESGP):
    __doc__ = (
        r"""Gated reservoir classifier trained by backpropagation through time (ESGP).
"""
        + _EQUATION_DOC
        + """

    The output layer gives one value per class; the loss is the softmax
    cross-entropy plus the L2 penalty.

    Parameters
    ----------"""
        + _PARAMETERS_DOC
        + """

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    coef_ : array of shape (n_classes, n_units)
        Output weights.
    intercept_ : array of shape (n_classes,)
        Output bias."""
        + _ATTRIBUTES_DOC
        + """

    See Also
    --------
    ESGPRegressor : The regressor.
    ESNClassifier : A reservoir with a ridge readout, no gradient training.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir import ESGPClassifier
    >>> rng = np.random.default_rng(0)
    >>> t = np.linspace(0, 4 * np.pi, 30)
    >>> X = np.stack([np.sin((1 + k % 2) * t + rng.uniform(0, 6))[:, None]
    ...               for k in range(80)])
    >>> y = np.array(["slow", "fast"] * 40)
    >>> clf = ESGPClassifier(n_units=20, random_state=0).fit(X[:60], y[:60])
    >>> print(clf.score(X[60:], y[60:]))
    1.0
    """
    )

    _loss = "log"
    _validation_metric = "accuracy"
    _min_validation_targets = 1

    __init__ = ESGPRegressor.__init__

    def _encode(self, y, reset, per_step):
        labels = np.asarray(y)
        if labels.ndim == 2 and labels.shape[1] == 1:
            labels = column_or_1d(labels, warn=True)
        if labels.ndim != 1:
            raise ValueError(
                f"ESGPClassifier takes one label per time step or per series, got "
                f"labels of shape {labels.shape}; for several outputs use ESGPRegressor."
            )
        check_label_type(labels)
        unknown = np.setdiff1d(labels, self.classes_)
        if unknown.size:
            raise ValueError(
                f"y holds labels {unknown[:5].tolist()} not in classes_ "
                f"{self.classes_.tolist()}; pass every class to the first partial_fit."
            )
        return (labels[:, None] == self.classes_[None, :]).astype(np.float64)

    def _validation_score(self, X, Y, valid):
        xp = data_namespace(X)
        H = forward(xp, self._network(), self._get_params(), X, valid)
        scores = output_values(
            xp, pooled_states(xp, H, valid, self._representation()), self.coef_, self.intercept_
        )
        true = np.argmax(to_host(xp.reshape(Y, (-1, Y.shape[-1]))), axis=1)
        predicted = np.argmax(to_host(xp.reshape(scores, (-1, Y.shape[-1]))), axis=1)
        if valid is not None and self.mode_ == "step":
            keep = to_host(valid[..., 0]).ravel() > 0
            true, predicted = true[keep], predicted[keep]
        return accuracy_score(true, predicted)

    def _labels(self, y):
        if y is None:
            raise ValueError("ESGPClassifier requires y to be passed, but the target y is None.")
        if _is_labels_per_step(y):
            return np.concatenate([np.ravel(np.asarray(to_host(v))) for v in y])
        return np.ravel(np.asarray(to_host(y)))

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train the gated reservoir on series and their labels.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            One series or a panel.
        y : array-like
            One label per time step (the structure of ``X``), or one label
            per series of a panel, shape (n_series,); at least two classes
            (one class raises a ValueError, as in scikit-learn's classifiers).

        Returns
        -------
        self : ESGPClassifier
            The fitted estimator.
        """
        labels = self._labels(y)
        # a missing label named, as ESNClassifier names it (not scikit-learn's "Input y
        # contains NaN" after numpy's "invalid value encountered in cast")
        check_label_values(labels, type(self).__name__)
        check_label_type(labels)
        try:
            classes = np.unique(labels)
        except TypeError:  # mixed label types: check_two_classes names them
            classes = None
        if classes is not None and len(classes) < 2:
            # X and the shape of y first (an empty X, labels for fewer series than X
            # has), as ESNClassifier checks them: their errors, not "one class"; on
            # an unfitted copy, so that the failed fit leaves this one as it was
            probe = clone(self)
            probe.classes_ = classes
            probe._prepare(X, y, reset=True)
        check_two_classes(labels, type(self).__name__)
        previous = getattr(self, "classes_", None)
        if (self.warm_start and hasattr(self, "coef_") and previous is not None
                and not np.array_equal(previous, np.unique(labels))):
            # the weights' outputs are the previous classes (scikit-learn's MLP refuses too)
            raise ValueError(
                "warm_start can only be used where y has the same classes as in the "
                f"previous call to fit: previous {previous.tolist()}, now "
                f"{np.unique(labels).tolist()}. Pass warm_start=False (set_params) to start "
                "from new weights.")
        self.classes_ = np.unique(labels)
        return self._fit(X, y)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None):
        """One Adam pass over the given series (the first call sets up).

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            One series or a panel.
        y : array-like
            Labels, as in :meth:`fit`.
        classes : array-like of shape (n_classes,), default=None
            Every class; required on the first call.

        Returns
        -------
        self : ESGPClassifier
            The updated estimator.
        """
        if y is not None:
            check_label_values(self._labels(y), type(self).__name__)
        if first_call_classes(self, classes, type(self).__name__):
            for name in ("coef_", "_adam_first_moment"):
                if hasattr(self, name):
                    delattr(self, name)
        return self._fit(X, y, incremental=True)

    def decision_function(self, X):
        """Output-layer values (logits) per time step or per series.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            One series or a panel.

        Returns
        -------
        scores : array or list of arrays
            (n, n_classes) per series or per step (the structure of ``X``);
            (n,) for two classes (the second class's logit minus the first's).
        """
        results, layout = self._outputs(X, "decision_function")
        if len(self.classes_) == 2:
            difference = _binary_score
            results = (
                difference(results) if self.mode_ == "series" else [difference(r) for r in results]
            )
        if self.mode_ == "series":
            return output_for(X, results)
        return output_for(X, restore_layout(results, layout))

    def predict_proba(self, X):
        """Class probabilities (the softmax of the logits) per time step or per series.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            One series or a panel.

        Returns
        -------
        proba : array or list of arrays
            (n, n_classes), per series or per step (the structure of ``X``).
        """
        results, layout = self._outputs(X, "predict_proba")
        if self.mode_ == "series":
            return output_for(X, _softmax(results))
        return output_for(X, restore_layout([_softmax(r) for r in results], layout))

    def predict_log_proba(self, X):
        """The log of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            One series or a panel.

        Returns
        -------
        log_proba : array or list of arrays
            The structure of :meth:`predict_proba`'s output.
        """
        check_is_fitted(self, "coef_")
        check_same_namespace(self, "coef_", compute_namespace(X, self.backend)[0],
                             "predict_log_proba")
        return log_proba(self.predict_proba(X))

    def predict(self, X):
        """Predict a label per time step (the structure of ``X``) or per series.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            One series or a panel.

        Returns
        -------
        labels : ndarray or list of ndarray
            Per step: the structure of ``X``; per series: (n_series,).
        """
        check_is_fitted(self, "coef_")
        results, layout = self._outputs(X, "predict")
        if self.mode_ == "series":
            return output_for(X, self.classes_[np.argmax(to_host(results), axis=1)])
        labels = [self.classes_[np.argmax(to_host(r), axis=1)] for r in results]
        if layout.kind == "series":
            return output_for(X, labels[0])
        return output_for(X, np.stack(labels) if layout.kind == "array" else labels)


def _is_labels_per_step(y):
    return isinstance(y, (list, tuple)) and len(y) > 0 and np.ndim(y[0]) > 0


def _binary_score(scores):
    return scores[..., 1] - scores[..., 0]


def _softmax(scores):
    xp = data_namespace(scores)
    shifted = scores - xp.max(scores, axis=-1, keepdims=True)
    exp = xp.exp(shifted)
    return exp / xp.sum(exp, axis=-1, keepdims=True)
