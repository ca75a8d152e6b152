"""Panel of series -> one fixed-length vector per series, by a reservoir."""

import inspect
import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from array_api_compat import array_namespace
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils.validation import _check_feature_names_in

from skreservoir._backend import (
    HostPickleMixin,
    check_same_namespace,
    device_of,
    output_for,
    to_host,
    to_namespace,
)
from skreservoir._base import (
    OTHER_LIBRARY_VALUES,
    DefaultPartsMixin,
    ReservoirPyNamesMixin,
    as_state_dtype,
    declared_state_dtype,
    fit_reservoir,
    reservoir_namespace,
    same_value,
    state_itemsize,
)
from skreservoir._config import get_config
from skreservoir._covariance_pca import CovariancePCA
from skreservoir._dask import (
    fit_esn_transformer,
    is_dask_collection,
    map_series_blocks,
    map_series_chunks,
)
from skreservoir._panel import series_chunks
from skreservoir._sklearn_compat import (
    HasMethods,
    Interval,
    InvalidParameterError,
    StrOptions,
    _fit_context,
    check_is_fitted,
    validate_data,
)
from skreservoir._validation import (
    _check_not_sktime_frame,
    _check_numeric_X,
    _check_panel_feature_names,
    array_ndim,
    check_reservoir_not_a_size,
    is_panel,
    refuse_generators,
    user_stacklevel,
    validate_series,
    warn_if_transposed,
)
from skreservoir.esn._base import (
    STATE_CHECK_VALUES,
    _warn_if_lengths_unseen,
    checks_states,
    warn_poor_states,
)
from skreservoir.esn._representation import _series_representation
from skreservoir.exceptions import DataLayoutWarning, IgnoredParameterWarning


def warn_unused_representation_params(estimator):
    """:class:`~skreservoir.exceptions.IgnoredParameterWarning` for ``ppv_quantiles``
    without ``representation="pooled"`` and ``ridge_alpha`` without a model-space
    representation (they were ignored silently)."""
    name, representation = type(estimator).__name__, estimator.representation
    unused = []
    defaults = inspect.signature(type(estimator).__init__).parameters
    # ESNTransformer's default is None, ESNTimeSeriesClassifier's the octiles
    if (not same_value(estimator.ppv_quantiles, defaults["ppv_quantiles"].default)
            and representation != "pooled"):
        unused.append("ppv_quantiles (read by representation='pooled' only)")
    if (estimator.ridge_alpha != defaults["ridge_alpha"].default
            and not str(representation).endswith("model_space")):
        unused.append("ridge_alpha (the penalty of the model-space representations only)")
    if unused:
        warnings.warn(
            f"{name}: {' and '.join(unused)} {'have' if len(unused) > 1 else 'has'} no "
            f"effect with "
            f"representation={representation!r}. Leave it at its default, or choose the "
            "representation that reads it.",
            IgnoredParameterWarning, stacklevel=user_stacklevel(),
        )


def check_panel_input(X):
    """Raise a clear error for an ``X`` that cannot be a panel (None, empty, sparse, 0-D or 1-D)."""
    expected = ("a 3D array (n_series, n_timesteps, n_features), a list of 2D arrays "
                "(n_timesteps_i, n_features) or a 2D array (n_series, n_timesteps) of "
                "univariate series")
    if X is None:
        raise ValueError(f"X must be {expected}, got None.")
    if isinstance(X, (list, tuple)) and len(X) == 0:
        raise ValueError(f"X must be {expected}, got an empty {type(X).__name__}: pass "
                         "at least one series.")
    if sp.issparse(X):
        raise TypeError(f"X must be dense: sparse input ({type(X).__name__}) is not "
                        f"supported; pass {expected} (e.g. X.toarray()).")
    ndim = getattr(X, "ndim", None)
    if ndim is not None and ndim < 2 and not is_panel(X):
        raise ValueError(f"X must be {expected}, got an array of shape "
                         f"{tuple(X.shape)}. Reshape your data: one univariate "
                         "series as (1, n_timesteps).")


def threshold_series(n_series):
    """Indices of the training series ``ppv_quantiles``' thresholds come from: up to 32, evenly spread."""
    return np.unique(np.linspace(0, n_series - 1, min(n_series, 32)).round().astype(int))


class ESNTransformer(DefaultPartsMixin, ReservoirPyNamesMixin, HostPickleMixin,
                     ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    r"""Panel of series -> one fixed-length vector per series, by a reservoir.

    Every series u(1), ..., u(T) runs through the reservoir from its initial
    state, giving states x(1), ..., x(T); optionally the reversed series too
    (``bidirectional``) and a PCA of the states (``n_components``). The
    series is then represented by (Bianchi et al., 2021):

    - ``"last"``: the last state x(T);
    - ``"mean"``: the mean of the states after ``washout``;
    - ``"pooled"``: per state dimension, the mean, the standard deviation,
      the last value and the proportion of positive values (MiniRocket's
      PPV pooling) of the states after ``washout``, and with
      ``ppv_quantiles`` the proportions above these quantiles of the
      training states;
    - ``"output_model_space"``: the coefficients and intercept of the ridge
      model, fitted on this series alone, predicting the next input from the
      state, u(t+1) ~ W x(t) + b;
    - ``"reservoir_model_space"``: likewise for the next state,
      x(t+1) ~ W x(t) + b.

    Each model-space fit minimises
    :math:`\sum_t \|y(t) - W x(t) - b\|^2 + \alpha \|W\|_F^2` over the
    steps after ``washout``; the result is ``[W.ravel(), b]``. With
    ``bidirectional``, x(t) is the concatenated state and the output model
    space predicts the next input of the series only (Bianchi's
    ``reservoir-computing`` package also predicts the reversed series'
    next input: twice the targets). Many model-space coefficients barely
    vary from series to series: for distances between series (k-means,
    clustering), use the vectors unscaled or a cosine distance, as a
    per-column ``StandardScaler`` blows those columns' noise up to the
    scale of the informative ones.

    Parameters
    ----------
    reservoir : Reservoir, default=None
        The reservoir, cloned and fitted (its weights drawn from its own
        ``random_state``) at fit; ``Reservoir()`` when None. Its ``backend`` is where the
        estimator computes for numpy input (``Reservoir(backend="cupy")``:
        the states, and a ridge readout, on the GPU); array API input
        computes in its own namespace. Outputs follow the input's namespace.
    representation : {"last", "mean", "pooled", "output_model_space", "reservoir_model_space"}, default="pooled"
        The vector that represents a series (see above). The default,
        "pooled" (as :class:`~skreservoir.classification.ESNTimeSeriesClassifier`'s),
        is chosen by ``python benchmarks/transformer_representation.py``:
        ``make_pipeline(ESNTransformer(representation=r, random_state=seed),
        StandardScaler(), RidgeClassifierCV(alphas=np.logspace(-3, 3, 13)))``
        on 8 sets that sktime bundles and 3 synthetic panels, 3 seeds (table
        in the user guide). "pooled": mean rank 2.68 of 5 (2.41 without the
        scaler), mean accuracy 0.843 (0.815 with ``RidgeClassifierCV()``
        alone), as accurate as "last" or better on every set but
        ItalyPowerDemand (0.002 behind), with 4 * n_units features. "last" (the default
        before) ranks worst: mean rank 4.23, mean accuracy 0.599, 0.466 on
        sinusoids of 3 frequencies with random phases (3 classes; "pooled"
        0.931), 0.313 on a panel whose class shows early in the series
        ("pooled" 1.000); it is what to pass for a task decided by the end
        of the series (or for the smallest output, n_units features).
        "reservoir_model_space" ranks best (mean rank 2.14, mean accuracy
        0.908) but has n_units * (n_units + 1) features (10100 for 100
        units) and took 30.9 s for all sets against 3.8 s for "pooled"
        (0.8 s for "last"); its ranks per seed overlap "pooled"'s without
        the scaler. "mean" (2.77, 0.841) needs the scaler (3.09 without).
        Each representation loses badly on some set: try
        "reservoir_model_space" (with ``n_components``) where the pooled
        statistics fall short. Inputs far from unit scale saturate the
        units and every state-based representation with them (a
        ``ReservoirStateWarning`` says so at fit): standardise the series
        first.
    washout : int, default=0
        First time steps of every series (of both runs when bidirectional)
        left out of the mean, of the PCA and of the model-space fits.
    bidirectional : bool, default=False
        Also run the time-reversed series and concatenate the states:
        row k holds [x_f(k), x_b(k)], the states after k inputs of the
        series and of the reversed series (as Bianchi et al.), so the last
        row has seen the whole series both ways.
    n_components : int, default=None
        Reduce the (concatenated) states to this many principal components
        of the training panel's states (every step after ``washout``),
        before the representation; lowered to the state size or the number
        of training steps when these are fewer. None keeps the states. The
        PCA is exact and deterministic: its covariance is accumulated chunk
        by chunk of series (see ``set_config(state_chunk_bytes=...)``), so
        memory stays bounded on large panels.
    ridge_alpha : float, default=1.0
        Ridge penalty :math:`\alpha` of the model-space fits.
    ppv_quantiles : array-like of float in (0, 1), default=None
        With ``representation="pooled"``: also the proportion of the states
        above each of these quantiles of every state dimension, the
        quantiles taken over the training states (after ``washout``) of up
        to 32 series evenly spread over the training panel (MiniRocket
        draws its biases from quantiles of its convolution outputs the same
        way). None: the proportion of positive values only.
    random_state : int, RandomState instance or None, default=None
        Seeds the reservoir when its own ``random_state`` is None (and the
        default reservoir), so that a fixed value gives identical outputs
        fit after fit. The PCA involves no random draws.
    n_jobs : int, default=None
        Joblib jobs over chunks of series in ``transform`` (and
        ``fit_transform``): None runs in this process; -1 uses every core.
        The jobs run in joblib's active backend (processes by default,
        dask or Spark under ``joblib.parallel_config``). The results do
        not depend on it: bit for bit with the compiled sparse kernels, to
        rounding where the panel takes a dense product (BLAS may round a
        row by its place in its blocks). A dask array ``X`` runs on the dask cluster
        instead (see the user guide's "Scaling out").

    Attributes
    ----------
    reservoir_ : Reservoir
        The fitted reservoir.
    pca_ : object or None
        The fitted PCA of the states, with ``mean_``, ``components_`` and
        ``explained_variance_`` as :class:`sklearn.decomposition.PCA`
        (None when ``n_components`` is None).
    n_features_in_ : int
        Channels of the panels seen in fit; for a 2D ``X`` (a panel of
        univariate series), its number of columns (time steps).
    n_features_out_ : int
        Length of the output vectors.

    See Also
    --------
    ESNClassifier : Reservoir and readout in one classifier.
    skreservoir.classification.ESNTimeSeriesClassifier : This transformer and
        a classifier, for sktime.

    Notes
    -----
    ``X`` is a panel: a 3D array (n_series, n_timesteps, n_features), a list
    of 2D arrays (n_timesteps_i, n_features) of any lengths, or a 2D array
    (n_series, n_timesteps) of univariate series (sktime's ``numpy2D``). The
    output has one row per series, so the transformer fits in a scikit-learn
    pipeline before any classifier. ``transform`` is stateless.

    Without ``n_components``, "last", "mean" and "pooled" are pooled by the
    reservoir's ``run_pooled``: a ``Reservoir`` with the compiled kernels
    and a bounded activation (no noise) pools inside its blocked panel
    kernel and never stores the (n_series, n_timesteps, n_units) states;
    elsewhere the states are made and pooled chunk by chunk
    (``set_config(state_chunk_bytes=...)``). The kernel's "pooled"
    statistics are summed in float64 (Welford's mean and variance) and
    returned in the dtype of the states.

    The per-series ridge fits are solved together as one batch of
    regularised normal equations (the intercept is not penalised, as in
    :class:`sklearn.linear_model.Ridge`).

    References
    ----------
    .. [1] F. M. Bianchi, S. Scardapane, S. Lokse and R. Jenssen, "Reservoir
       computing approaches for representation and classification of
       multivariate time series", IEEE Transactions on Neural Networks and
       Learning Systems 32(5), 2021.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import RidgeClassifierCV
    >>> from sklearn.pipeline import make_pipeline
    >>> from skreservoir import ESNTransformer, Reservoir
    >>> rng = np.random.default_rng(0)
    >>> t = np.linspace(0, 4 * np.pi, 50)
    >>> X = np.stack([np.sin((1 + k % 2) * t + rng.uniform(0, 6))[:, None]
    ...               for k in range(40)])
    >>> y = np.array(["slow", "fast"] * 20)
    >>> esn = ESNTransformer(Reservoir(n_units=30, random_state=0),
    ...                      representation="reservoir_model_space",
    ...                      n_components=5, washout=5)
    >>> esn.fit_transform(X).shape
    (40, 30)
    >>> clf = make_pipeline(esn, RidgeClassifierCV()).fit(X[:30], y[:30])
    >>> print(clf.score(X[30:], y[30:]))
    1.0
    """

    _parameter_constraints: dict = {
        "reservoir": [HasMethods(["fit", "transform"]), None],
        "representation": [StrOptions({"last", "mean", "pooled", "output_model_space",
                                       "reservoir_model_space"})],
        "washout": [Interval(Integral, 0, None, closed="left")],
        "bidirectional": ["boolean"],
        "n_components": [Interval(Integral, 1, None, closed="left"), None],
        "ridge_alpha": [Interval(Real, 0, None, closed="left")],
        "ppv_quantiles": ["array-like", None],
        "random_state": ["random_state"],
        # not 0 (joblib's "has no meaning"; a small panel ran in one chunk and
        # accepted it)
        "n_jobs": [Interval(Integral, None, -1, closed="right"),
                   Interval(Integral, 1, None, closed="left"), None],
    }

    def _validate_params(self):
        """scikit-learn's check of the constraints, after a clear error for another
        library's name of a representation (reservoir-computing's mts_rep values)."""
        check_reservoir_not_a_size(self)
        theirs = OTHER_LIBRARY_VALUES["mts_rep"]
        if isinstance(self.representation, str) and self.representation in theirs:
            raise InvalidParameterError(
                f"The 'representation' parameter of {type(self).__name__} got "
                f"{self.representation!r}, reservoir-computing's name: pass "
                f"representation={theirs[self.representation]!r}."
            )
        super()._validate_params()

    #: reservoir__... parameters work on ESNTransformer() (DefaultPartsMixin)
    _default_parts = ("reservoir",)

    def _default_part(self, name):
        """The reservoir ``fit`` uses when ``reservoir`` is None: ``Reservoir()``."""
        from skreservoir.reservoir import Reservoir

        return Reservoir()

    def __init__(self, reservoir=None, *, representation="pooled", washout=0,
                 bidirectional=False, n_components=None, ridge_alpha=1.0,
                 ppv_quantiles=None, random_state=None, n_jobs=None):
        self.reservoir = reservoir
        self.representation = representation
        self.washout = washout
        self.bidirectional = bidirectional
        self.n_components = n_components
        self.ridge_alpha = ridge_alpha
        self.ppv_quantiles = ppv_quantiles
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _checked_series(self, checker, X, reset, two_d=None):
        """:func:`validate_series` by ``checker``, its count of features said as this
        transformer's (it named the Reservoir inside); ``two_d``: the shape of a 2D X
        read as univariate series after a fit on a multivariate panel."""
        try:
            return validate_series(checker, X, reset=reset)
        except ValueError as error:
            message = str(error)
            if checker is self or not message.startswith("X has "):
                raise
            message = message.replace(type(checker).__name__, type(self).__name__, 1)
            if two_d is not None:
                message += (
                    f" A 2D X is a panel of univariate series (n_series, n_timesteps): "
                    f"this one of shape {two_d} was read as {two_d[0]} series of "
                    f"{two_d[1]} steps. For one series (n_timesteps, n_features), pass "
                    "X[None] (a panel of one).")
            raise ValueError(message) from None

    def _validate_panel(self, X, reset):
        """The series of ``X`` as a list of 2D arrays (n_timesteps_i, n_features).

        Validated on the host, then moved to where the reservoir computes.
        """
        check_panel_input(X)
        # as the ESNs say it (scikit-learn's "got scalar array instead" did not)
        refuse_generators(type(self).__name__, X)
        # a 2D frame would be read as numpy2D: a pd-multiindex one as 1-step series
        _check_not_sktime_frame(X, type(self).__name__)
        _check_numeric_X(X, type(self).__name__)  # text, dates: named, before numpy's error
        xp, device = reservoir_namespace(self.reservoir, X)
        if not reset:
            check_same_namespace(self, self.reservoir_.initial_state_, xp, "transform")
        X = to_host(X)
        if is_panel(X):
            # channels are checked against the fitted reservoir
            Xs, _, layout = self._checked_series(self if reset else self.reservoir_, X,
                                                 reset=reset)
            if not reset and isinstance(X, (list, tuple)):
                _check_panel_feature_names(self, X, reset=False)  # the fit's names
            if reset:
                self._numpy2d = False
        elif array_ndim(X) > 3:
            raise ValueError(
                f"X must be a panel: a 3D array (n_series, n_timesteps, n_features), a "
                "list of 2D arrays, or a 2D array of univariate series (n_series, "
                f"n_timesteps); got an array with {array_ndim(X)} dimensions."
            )
        elif reset or self._numpy2d:
            X = validate_data(self, X, reset=reset)
            Xs = list(X[:, :, None])
            if reset:
                self._numpy2d = True
        else:
            # a 2D panel of univariate series after a fit on a 3D panel or list
            Xs, _, _ = self._checked_series(self.reservoir_, list(np.asarray(X)[:, :, None]),
                                            reset=False, two_d=np.shape(X))
        lengths = [len(x) for x in Xs]
        needed = self.washout + (2 if self.representation.endswith("model_space") else 1)
        if min(lengths) < needed:
            shape = "" if is_panel(X) else f" (n_features = {min(lengths)} in a 2D X)"
            raise ValueError(
                f"representation={self.representation!r} with washout={self.washout} "
                f"needs series of at least {needed} time steps; the shortest has "
                f"{min(lengths)}{shape}. "
                + (
                    "Lower washout or pass longer series."
                    if self.washout
                    # washout=0: only a model space needs more than one step
                    else "Pass longer series (a model space fits a readout to each "
                    "series, which needs two steps), or use representation='last'."
                )
            )
        return to_namespace(Xs, xp, device)

    def _states(self, Xs):
        """Reservoir states of every series (both directions when bidirectional)."""
        states, _ = self.reservoir_.run_batch(Xs)
        if self.bidirectional:
            xp = array_namespace(Xs[0])
            backward, _ = self.reservoir_.run_batch([xp.flip(x, axis=0) for x in Xs])
            states = [xp.concat([f, b], axis=1) for f, b in zip(states, backward)]
        return states

    def _represent(self, Xs, states):
        """One host row per series from its states.

        In the dtype of the states (float32 for a float32 reservoir); the
        PCA and the model-space ridge fits run in float64 in between.
        """
        Xs, states = to_host(Xs), to_host(states)
        if self.pca_ is not None:
            # series by series: no concatenated or centred copy of a whole chunk
            states = [self.pca_.transform(s) for s in states]
        return as_state_dtype(_series_representation(states, self.representation, self.washout,
                                                     inputs=Xs, alpha=self.ridge_alpha,
                                                     thresholds=to_host(self._ppv_thresholds)),
                              self.reservoir_)

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None):
        """Draw the reservoir and fit the PCA of the states, if any.

        Parameters
        ----------
        X : array-like of shape (n_series, n_timesteps, n_features), list of 2D arrays or array-like of shape (n_series, n_timesteps)
            The training panel.
        y : None
            Ignored.

        Returns
        -------
        self : ESNTransformer
            The fitted transformer.
        """
        if is_dask_collection(X):
            self._length_range = None  # not checked (dask panels have one length)
            return fit_esn_transformer(self, X)
        self._fit(X)
        return self

    def _chunks(self, Xs):
        """Series index ranges whose states fit in ``state_chunk_bytes`` each."""
        width = self.reservoir_.output_size_ * (2 if self.bidirectional else 1)
        return series_chunks([x.shape[0] for x in Xs], width,
                             state_itemsize(self.reservoir_),
                             get_config()["state_chunk_bytes"])

    def _represent_chunked(self, Xs):
        """Representations computed chunk by chunk of series (:func:`series_chunks`).

        Only one chunk's states exist at a time: a large panel never holds
        its whole (n_series, n_timesteps, n_units) state tensor. "last",
        "mean" and "pooled" without PCA are pooled by the reservoir
        (``run_pooled``), which stores no states or chunks its own: one
        chunk here, split between the jobs of ``n_jobs``.
        """
        chunks = [range(len(Xs))] if self._pools_in_reservoir() else self._chunks(Xs)
        if self.n_jobs not in (None, 1) or len(chunks) == 1:
            return np.concatenate(map_series_chunks(self._represent_states, Xs, chunks,
                                                    self.n_jobs))
        # one chunk after another into the output: never the chunks' rows and
        # their concatenation at once (456 MB each for 10,000 series in the
        # reservoir model space of 75 components)
        out = None
        for chunk in chunks:
            rows = self._represent_states([Xs[i] for i in chunk])
            if out is None:
                out = np.empty((len(Xs), rows.shape[1]), dtype=rows.dtype)
            out[chunk.start:chunk.stop] = rows
        return out

    def _fit_thresholds(self, Xs):
        """``_ppv_thresholds``: quantiles of the states of up to 32 training series."""
        self._ppv_thresholds = None
        if self.representation != "pooled" or self.ppv_quantiles is None:
            return
        try:
            quantiles = np.asarray(self.ppv_quantiles, dtype=float).ravel()
        except (TypeError, ValueError):
            quantiles = np.zeros(0)  # strings: refused below, by name
        if quantiles.size == 0 or not np.all((quantiles > 0) & (quantiles < 1)):  # NaN too
            raise ValueError(f"ppv_quantiles must be floats in (0, 1) or None, "
                             f"got {self.ppv_quantiles!r}.")
        states = [to_host(s)[self.washout:]
                  for s in self._states([Xs[i] for i in threshold_series(len(Xs))])]
        if self.pca_ is not None:
            states = [self.pca_.transform(s) for s in states]
        # kept where the states are computed, as the reservoir's weights
        self._ppv_thresholds = to_namespace(
            np.quantile(np.concatenate(states), quantiles, axis=0), array_namespace(Xs[0]),
            device_of(Xs[0]))

    def _pools_in_reservoir(self):
        """Whether the representation is pooled by the reservoir's ``run_pooled``."""
        return self.pca_ is None and self.representation in ("last", "mean", "pooled")

    def _represent_states(self, Xs):
        if self._pools_in_reservoir():
            return as_state_dtype(to_host(self._pooled(Xs)), self.reservoir_)
        return self._represent(Xs, self._states(Xs))

    def _pooled(self, Xs):
        """The "last", "mean" or "pooled" of the states, pooled where the states are computed.

        By the reservoir's ``run_pooled``: the compiled kernel pools without
        storing the states (elsewhere the reservoir pools its states chunk
        by chunk). Bidirectional: the pooled forward and backward runs side
        by side (the pooling of the concatenated states: for "pooled", each
        block of statistics of the forward units, then of the backward
        units, and the thresholds of each run's units).
        """
        thresholds = (getattr(self, "_ppv_thresholds", None)
                      if self.representation == "pooled" else None)
        if not self.bidirectional:
            return self.reservoir_.run_pooled(Xs, self.representation, self.washout,
                                              thresholds)
        n_units = self.reservoir_.output_size_
        forward = self.reservoir_.run_pooled(
            Xs, self.representation, self.washout,
            None if thresholds is None else thresholds[:, :n_units])
        xp = array_namespace(Xs[0])
        backward = self.reservoir_.run_pooled(
            [xp.flip(x, axis=0) for x in Xs], self.representation, self.washout,
            None if thresholds is None else thresholds[:, n_units:])
        if self.representation != "pooled":
            return xp.concat([forward, backward], axis=1)
        n_series, n_blocks = forward.shape[0], forward.shape[1] // n_units
        return xp.reshape(xp.concat([xp.reshape(forward, (n_series, n_blocks, n_units)),
                                     xp.reshape(backward, (n_series, n_blocks, n_units))],
                                    axis=2), (n_series, 2 * n_blocks * n_units))

    def _fit(self, X):
        """Fit; return the series and, when they fit in one chunk, their states."""
        Xs = self._validate_panel(X, reset=True)
        if getattr(self, "_check_layout", True):  # (said once by ESNTimeSeriesClassifier)
            warn_unused_representation_params(self)
        if getattr(self, "_check_layout", True) and getattr(X, "ndim", None) == 3:
            # sktime's numpy3D given as it is (a 2D array is read as numpy2D)
            warn_if_transposed(X, type(self).__name__)
        if getattr(self, "_check_layout", True) and getattr(X, "ndim", None) == 2 and (
                X.shape[1] <= 2 < X.shape[0]):
            # one series of one or two features, read as numpy2D: as many series of
            # one or two steps as it has rows (ESNRegressor reads it as one series)
            warnings.warn(
                f"{type(self).__name__} reads a 2D X of shape {tuple(X.shape)} as sktime's "
                f"numpy2D layout: {X.shape[0]} univariate series of {X.shape[1]} time "
                f"point(s), one per row, each with its own representation. For one series "
                f"of {X.shape[1]} feature(s), pass X[None] (shape (1, n_timesteps, "
                "n_features)) or [X]; for its states step by step, a Reservoir. If X is "
                "right, silence this DataLayoutWarning.",
                DataLayoutWarning, stacklevel=user_stacklevel(),
            )
        self.reservoir_ = fit_reservoir(self.reservoir, Xs, self.random_state)
        lengths = [x.shape[0] for x in Xs]
        self._length_range = (int(min(lengths)), int(max(lengths)))
        self._check_training_states(Xs)
        states = None
        self.pca_ = None
        if self.n_components is not None:
            # the covariance of the states, accumulated chunk by chunk
            pca = CovariancePCA(self.n_components)
            chunks = self._chunks(Xs)
            for chunk in chunks:
                states = self._states([Xs[i] for i in chunk])
                for s in states:
                    pca.add(to_host(s)[self.washout:])
            self.pca_ = pca.finish()
            if len(chunks) > 1:
                states = None
        self._fit_thresholds(Xs)
        size = (self.reservoir_.output_size_ * (2 if self.bidirectional else 1)
                if self.pca_ is None else self.pca_.n_components_)
        targets = {"last": 0, "mean": 0, "pooled": 0,
                   "output_model_space": Xs[0].shape[1],
                   "reservoir_model_space": size}[self.representation]
        n_thresholds = 0 if self._ppv_thresholds is None else self._ppv_thresholds.shape[0]
        self.n_features_out_ = ((4 + n_thresholds) * size if self.representation == "pooled"
                                else size if targets == 0 else targets * (size + 1))
        return Xs, states

    def _check_training_states(self, Xs):
        """Warn, as the ESNs do, when the training states are saturated or dead.

        Inputs in raw units pin the units (:func:`warn_poor_states`). Read
        on up to 32 training series, forward, each run to at most
        ``washout`` plus as many steps as keep the check's states near
        :data:`STATE_CHECK_VALUES` values: a bounded cost, whatever the
        panel (not the chunks of ``state_chunk_bytes``).
        """
        if not checks_states(self.reservoir_):
            return
        checked = [Xs[i] for i in threshold_series(len(Xs))]
        steps = self.washout + max(
            1, STATE_CHECK_VALUES // (len(checked) * self.reservoir_.output_size_))
        checked = [x[:min(steps, x.shape[0]), ...] for x in checked]  # in range (array API)
        warn_poor_states(self.reservoir_, checked, self.reservoir_.run_batch(checked)[0],
                         [self.washout] * len(checked), panel=len(Xs) > 1)

    @_fit_context(prefer_skip_nested_validation=False)
    def fit_transform(self, X, y=None):
        """Fit and return the representation of every series of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_series, n_timesteps, n_features), list of 2D arrays or array-like of shape (n_series, n_timesteps)
            The training panel.
        y : None
            Ignored.

        Returns
        -------
        X_new : ndarray of shape (n_series, ``n_features_out_``)
            One vector per series.
        """
        if is_dask_collection(X):  # a dask array of the vectors: skreservoir._dask
            self._length_range = None
            return fit_esn_transformer(self, X).transform(X)
        Xs, states = self._fit(X)
        if states is None:
            return output_for(X, self._represent_chunked(Xs))
        return output_for(X, self._represent(Xs, states))

    def transform(self, X):
        """Return the representation of every series of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_series, n_timesteps, n_features), list of 2D arrays or array-like of shape (n_series, n_timesteps)
            A panel. Every series starts from the reservoir's initial state.

        Returns
        -------
        X_new : ndarray of shape (n_series, ``n_features_out_``)
            One vector per series.
        """
        check_is_fitted(self)
        if is_dask_collection(X):
            return map_series_blocks(self, "transform", X, one_series=False)
        Xs = self._validate_panel(X, reset=False)
        if getattr(self, "_check_length", True):  # off in ESNTimeSeriesClassifier's members
            _warn_if_lengths_unseen([x.shape[0] for x in Xs],
                                    getattr(self, "_length_range", None), type(self).__name__)
        return output_for(X, self._represent_chunked(Xs))

    @property
    def _n_features_out(self):
        return self.n_features_out_

    def get_feature_names_out(self, input_features=None):
        """Names of the output features, one per column of ``transform``.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Names of the input channels (``output_model_space`` names its
            coefficients by them); ``feature_names_in_`` when None and the
            series were DataFrames with named columns, else ``x0, x1, ...``.
            Checked as scikit-learn checks it (as many as the channels, equal
            to ``feature_names_in_`` where it is set) whatever the
            representation. Ignored for a 2D ``X`` (univariate series, one
            channel ``x0``).

        Returns
        -------
        feature_names_out : ndarray of str objects
            Every state dimension is named by the reservoir's unit
            (``reservoir0``, ...; ``reservoir0_reversed`` for the reversed
            run when ``bidirectional``) or, with ``n_components``, by its
            principal component (``pc0``, ...). ``"last"`` and ``"mean"``:
            ``last_<state>``, ``mean_<state>``; ``"pooled"``:
            ``mean_<state>``, ``std_<state>``, ``last_<state>``,
            ``ppv_<state>`` and ``ppv_q<quantile>_<state>`` per
            ``ppv_quantiles`` entry, in the order of the columns; the model
            spaces: ``w_<target>_<state>`` (the coefficient of the state in
            the prediction of the target, an input channel or a state) and
            ``b_<target>`` (the intercepts).
        """
        check_is_fitted(self)
        numpy2d = getattr(self, "_numpy2d", False)
        # scikit-learn's check of input_features (its count, feature_names_in_), for
        # every representation: the state names do not read them, but a wrong one is
        # the caller's mistake
        channels = None if numpy2d else _check_feature_names_in(self, input_features)
        if self.pca_ is not None:
            states = [f"pc{i}" for i in range(self.pca_.n_components_)]
        else:
            units = [str(name) for name in self.reservoir_.get_feature_names_out()]
            states = units + ([f"{name}_reversed" for name in units]
                              if self.bidirectional else [])
        if self.representation in ("last", "mean"):
            return np.asarray([f"{self.representation}_{s}" for s in states], dtype=object)
        if self.representation == "pooled":
            prefixes = ["mean", "std", "last", "ppv"]
            if getattr(self, "_ppv_thresholds", None) is not None:
                quantiles = np.asarray(self.ppv_quantiles, dtype=float).ravel()
                named = [f"ppv_q{q:g}" for q in quantiles]
                # repeated quantiles (or ones equal at 6 digits) by their position
                prefixes += (named if len(set(named)) == len(named)
                             else [f"ppv_q{j}" for j in range(len(quantiles))])
            return np.asarray([f"{p}_{s}" for p in prefixes for s in states], dtype=object)
        if self.representation == "output_model_space":
            targets = ["x0"] if numpy2d else [str(name) for name in channels]
        else:
            targets = states
        return np.asarray([f"w_{t}_{s}" for t in targets for s in states]
                          + [f"b_{t}" for t in targets], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.array_api_support = True
        # the vectors are in the dtype of the reservoir's states
        tags.transformer_tags.preserves_dtype = [declared_state_dtype(self.reservoir)]
        return tags

