"""GatedReservoir: the states of a gated reservoir, to feed any readout."""

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
    output_for,
    to_host,
)
from skreservoir._base import ReservoirPyNamesMixin
from skreservoir._sklearn_compat import HasMethods, _fit_context, check_is_fitted
from skreservoir._validation import (
    check_container_output,
    restore_layout,
    validate_series,
    warn_if_transposed,
)
from skreservoir.esgp._base import BaseESGP, Data
from skreservoir.esgp._estimators import ESGPRegressor


class GatedReservoir(ReservoirPyNamesMixin, HostPickleMixin, ClassNamePrefixFeaturesOutMixin,
                     TransformerMixin, BaseEstimator):
    """The states of a gated reservoir (ESGP), series in, states out.

    The top layer's state at every time step, from the weights of an
    :class:`ESGPRegressor` or :class:`ESGPClassifier`, so that a gated
    reservoir trained by backpropagation through time can feed any readout
    (a ridge readout, a scikit-learn model) in a pipeline.

    Where the weights come from, at ``fit``:

    - ``estimator`` already fitted: its weights, as they are (``fit`` only
      checks the number of features);
    - otherwise, with targets ``y``: a clone of ``estimator`` (an
      ``ESGPRegressor()`` when None) trained on ``X, y`` (so a pipeline,
      refitted or cross-validated, trains it);
    - otherwise: the clone's initial weights, untrained (a random gated
      reservoir).

    Parameters
    ----------
    estimator : ESGPRegressor or ESGPClassifier, default=None
        The model whose weights give the states; ``ESGPRegressor()`` when
        None.
    random_state : int, RandomState instance or None, default=None
        Seeds the clone of ``estimator`` when its own ``random_state`` is
        None.

    Attributes
    ----------
    estimator_ : ESGPRegressor or ESGPClassifier
        The model whose weights are used.
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of the input features, when ``X`` given to ``fit`` had them
        (a DataFrame); ``transform`` then checks that its ``X`` has the
        same, in the same order.

    See Also
    --------
    ESGPRegressor : Trains the weights.
    Reservoir : A leaky reservoir with fixed weights.

    Examples
    --------
    >>> from sklearn.linear_model import RidgeCV
    >>> from skreservoir import ESGPRegressor
    >>> from skreservoir.datasets import adding_problem
    >>> from skreservoir.esgp import GatedReservoir
    >>> X, y = adding_problem(500, n_timesteps=20, random_state=0)
    >>> model = ESGPRegressor(n_units=30, random_state=0).fit(X[:400], y[:400])
    >>> states = GatedReservoir(model).fit(X[:400]).transform(X)
    >>> states.shape
    (500, 20, 30)
    >>> ridge = RidgeCV().fit(states[:400, -1], y[:400])
    >>> print(round(ridge.score(states[400:, -1], y[400:]), 2) > 0.9)
    True
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict"]), None],
        "random_state": ["random_state"],
    }

    def __init__(self, estimator=None, *, random_state=None):
        self.estimator = estimator
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None):
        """Take the weights: from a fitted estimator, trained on ``X, y``, or drawn.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            One series or a panel.
        y : array-like, default=None
            Targets (as for the estimator's ``fit``); trains a clone of the
            estimator when it is not fitted.

        Returns
        -------
        self : GatedReservoir
            The fitted transformer.
        """
        estimator = ESGPRegressor() if self.estimator is None else self.estimator
        if not isinstance(estimator, BaseESGP):
            raise TypeError(
                "estimator must be an ESGPRegressor or an ESGPClassifier (its gated "
                f"reservoir gives the states), got {estimator!r}. For the states of "
                "a fixed reservoir, use Reservoir."
            )
        if y is None and getattr(X, "ndim", None) == 3:  # sktime's numpy3D as it is?
            warn_if_transposed(X, type(self).__name__)  # (with y, the estimator's fit says)
        if hasattr(estimator, "coef_"):
            self.estimator_ = estimator
            validate_series(self, to_host(X), reset=True)
            if self.n_features_in_ != estimator.n_features_in_:
                raise ValueError(
                    f"X has {self.n_features_in_} features, but the fitted estimator "
                    f"expects {estimator.n_features_in_}."
                )
            return self
        self.estimator_ = clone(estimator)
        if self.estimator_.random_state is None:
            self.estimator_.set_params(random_state=self.random_state)
        if y is not None:
            self.estimator_.fit(X, y)
            # the names and width as validate_series records them: a DataFrame's
            # columns were checked only by the estimator's own transform (a
            # reordered DataFrame gave other states, silently)
            validate_series(self, to_host(X), reset=True)
            return self
        xp, device = compute_namespace(X, self.estimator_.backend)
        Xs, _, _ = validate_series(self, to_host(X), reset=True)
        data = Data(xp, device, Xs, [x[:, :1] for x in Xs], True, Xs[0].dtype)
        self.estimator_._initialize(data, 1, check_random_state(self.estimator_.random_state))
        self.estimator_.mode_ = "step"
        self.estimator_.n_features_in_ = self.n_features_in_
        return self

    def transform(self, X):
        """The top layer's state at every step, with the structure of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            One series or a panel.

        Returns
        -------
        states : array or list of arrays
            (n_timesteps, n_units) per series, with the structure of ``X``.
        """
        check_is_fitted(self, "estimator_")
        model = self.estimator_
        xp, device = compute_namespace(X, model.backend)
        check_same_namespace(self, model.coef_, xp, "transform")
        Xs, _, layout = validate_series(self, to_host(X), reset=False)
        check_container_output(self, layout)
        states = []
        for data, H, _ in model._top_states(Xs, xp, device):
            states += [H[:n, i, ...] for i, n in enumerate(data.lengths)]
        return output_for(X, restore_layout(states, layout))

    @property
    def _n_features_out(self):  # get_feature_names_out: "gatedreservoir<i>"
        return self.estimator_.n_units

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.array_api_support = True
        return tags
