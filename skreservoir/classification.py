"""sktime time series classifier built on reservoir representations."""

import numbers

import numpy as np
from sklearn.base import clone
from sklearn.linear_model import RidgeClassifierCV

try:
    from sktime.classification.base import BaseClassifier
except ImportError as exc:  # pragma: no cover - exercised without sktime only
    raise ImportError(
        'skreservoir.classification needs sktime: pip install "skreservoir[sktime]"'
    ) from exc

from skreservoir._base import fit_reservoir
from skreservoir._preprocessing import scores_to_proba, standardizer
from skreservoir._sklearn_compat import is_sklearn_callback_state, panel_classifier_tags
from skreservoir.esn import ESNTransformer
from skreservoir.reservoir import Reservoir

__all__ = ["ESNTimeSeriesClassifier"]


def default_reservoir():
    """The reservoir of ``ESNTimeSeriesClassifier`` when none is given.

    Bianchi et al.'s settings for JapaneseVowels: 450 units, spectral radius
    0.59, leak rate 0.6, 25 % recurrent connectivity, dense +-0.1 input
    weights, state noise 0.01.
    """
    return Reservoir(n_units=450, spectral_radius=0.59, leak_rate=0.6, density=0.25,
                     input_scaling=0.1, input_density=1.0, noise=0.01)


class ESNTimeSeriesClassifier(BaseClassifier):
    r"""Reservoir model space classifier for sktime (Bianchi et al., 2021).

    Every series (after per-channel standardisation with the training
    statistics) is mapped to one vector by :class:`skreservoir.ESNTransformer`
    (by default its reservoir model space: the coefficients of a ridge model
    predicting the next reservoir state from the current one, fitted on that
    series alone), and a classifier is trained on these vectors.

    Parameters
    ----------
    reservoir : Reservoir, default=None
        The reservoir; when None, 450 units, ``spectral_radius=0.59``,
        ``leak_rate=0.6``, ``density=0.25``, ``input_scaling=0.1``,
        ``input_density=1.0``, ``noise=0.01`` (Bianchi et al.'s settings).
    representation : {"last", "mean", "output_model_space", "reservoir_model_space"}, default="reservoir_model_space"
        See :class:`skreservoir.ESNTransformer`.
    washout : int, default=5
        First time steps of every series left out of the representation.
    bidirectional : bool, default=True
        Also run the reversed series and concatenate the states.
    n_components : int >= 1 or None, default=75
        PCA components of the states, fitted on the training panel; None
        keeps all states. Lowered to the number of state dimensions (or of
        training time steps) when these are fewer.
    ridge_alpha : float, default=10.0
        Ridge penalty of the per-series model-space fits.
    classifier : classifier, default=None
        The scikit-learn classifier trained on the representations, cloned
        at fit; ``RidgeClassifierCV(alphas=np.logspace(-3, 3, 13))`` when
        None. :class:`skreservoir.RidgeReadoutClassifier` also works.
    standardize : bool, default=True
        Scale every channel to zero mean and unit variance with the
        statistics of all training time steps.
    random_state : int, RandomState instance or None, default=None
        Seeds the reservoir when its own ``random_state`` is None.

    Attributes
    ----------
    transformer_ : ESNTransformer
        The fitted transformer.
    classifier_ : classifier
        The fitted classifier.
    classes_ : ndarray of shape (n_classes,)
        Class labels.

    See Also
    --------
    skreservoir.ESNTransformer : The representation alone, for sklearn.
    skreservoir.ESNClassifier : Last/mean state or per-step classification.

    Notes
    -----
    Data follow sktime's conventions: a ``numpy3D`` array is
    (n_instances, n_channels, n_timepoints), unlike skreservoir's own 3D
    panels. Unequal-length panels (``df-list``, ``nested_univ``, ...) are
    accepted. ``predict_proba`` returns the classifier's ``predict_proba``
    when it has one, else the softmax of its decision values (for two
    classes, of (-d, d)): scores, not calibrated probabilities.

    References
    ----------
    .. [1] F. M. Bianchi, S. Scardapane, S. Lokse and R. Jenssen, "Reservoir
       computing approaches for representation and classification of
       multivariate time series", IEEE Transactions on Neural Networks and
       Learning Systems 32(5), 2021.

    Examples
    --------
    >>> from sktime.datasets import load_basic_motions
    >>> from skreservoir import Reservoir
    >>> from skreservoir.classification import ESNTimeSeriesClassifier
    >>> X_train, y_train = load_basic_motions(split="train", return_type="numpy3D")
    >>> X_test, y_test = load_basic_motions(split="test", return_type="numpy3D")
    >>> clf = ESNTimeSeriesClassifier(Reservoir(n_units=100, leak_rate=0.6,
    ...                               input_scaling=0.1, random_state=0),
    ...                               n_components=20)
    >>> print(clf.fit(X_train, y_train).score(X_test, y_test) >= 0.95)
    True
    """

    _tags = {
        # packaging info
        # --------------
        "authors": ["skreservoir developers"],
        "maintainers": ["skreservoir developers"],
        # estimator type
        # --------------
        "X_inner_mtype": ["df-list", "numpy3D"],
        "y_inner_mtype": "numpy1D",
        "capability:multivariate": True,
        "capability:unequal_length": True,
        "capability:missing_values": False,
        "capability:predict_proba": True,
        "capability:random_state": True,
        "property:randomness": "derandomized",
        # CI and test flags
        # -----------------
        "tests:core": False,
    }

    def __init__(self, reservoir=None, *, representation="reservoir_model_space",
                 washout=5, bidirectional=True, n_components=75, ridge_alpha=10.0,
                 classifier=None, standardize=True, random_state=None):
        self.reservoir = reservoir
        self.representation = representation
        self.washout = washout
        self.bidirectional = bidirectional
        self.n_components = n_components
        self.ridge_alpha = ridge_alpha
        self.classifier = classifier
        self.standardize = standardize
        self.random_state = random_state
        super().__init__()

    @staticmethod
    def _series(X):
        """sktime inner data -> list of (n_timepoints, n_channels) float arrays."""
        if isinstance(X, np.ndarray):
            return list(np.asarray(X, dtype=np.float64).transpose(0, 2, 1))
        return [frame.to_numpy(dtype=np.float64) for frame in X]

    def _scaled(self, Xs):
        return [(x - self._mean) / self._scale for x in Xs]

    def _fit(self, X, y):
        n_components = self.n_components
        if n_components is not None and (
                isinstance(n_components, bool)
                or not isinstance(n_components, numbers.Integral) or n_components < 1):
            raise ValueError(
                f"n_components must be an int >= 1 (PCA components of the states) "
                f"or None (keep all states), got {n_components!r}."
            )
        Xs = self._series(X)
        stacked = np.concatenate(Xs)
        self._mean, self._scale = np.zeros(stacked.shape[1]), np.ones(stacked.shape[1])
        if self.standardize:
            self._mean, self._scale = standardizer(stacked)
        Xs = self._scaled(Xs)
        reservoir = default_reservoir() if self.reservoir is None else self.reservoir
        # seed the reservoir once here; the transformer clones it as given
        reservoir = clone(reservoir)
        if self.random_state is not None and reservoir.get_params().get(
                "random_state", 0) is None:
            reservoir.set_params(random_state=self.random_state)
        if n_components is not None:
            state_size = fit_reservoir(reservoir, Xs[:1]).output_size_ * (
                2 if self.bidirectional else 1)
            n_rows = sum(max(len(x) - self.washout, 0) for x in Xs)
            n_components = max(1, min(n_components, state_size, n_rows))
        self.transformer_ = ESNTransformer(
            reservoir, representation=self.representation, washout=self.washout,
            bidirectional=self.bidirectional, n_components=n_components,
            ridge_alpha=self.ridge_alpha)
        features = self.transformer_.fit_transform(Xs)
        self.classifier_ = (RidgeClassifierCV(alphas=np.logspace(-3, 3, 13))
                            if self.classifier is None else clone(self.classifier))
        self.classifier_.fit(features, y)
        return self

    def _features(self, X):
        Xs = self._series(X)
        n_channels = Xs[0].shape[1] if Xs else self._mean.shape[0]
        if n_channels != self._mean.shape[0]:
            raise ValueError(
                f"{type(self).__name__} was fitted on {self._mean.shape[0]} channel(s), "
                f"but X has {n_channels}; pass series with the channels it was "
                "trained on, in the same order."
            )
        return self.transformer_.transform(self._scaled(Xs))

    def _predict(self, X):
        return self.classifier_.predict(self._features(X))

    def _predict_proba(self, X):
        features = self._features(X)
        if hasattr(self.classifier_, "predict_proba"):
            proba = self.classifier_.predict_proba(features)
            order = np.searchsorted(self.classifier_.classes_, self.classes_)
            return proba[:, order]
        return scores_to_proba(self.classifier_.decision_function(features))

    def reset(self):
        """Reset to the unfitted state, as sktime's ``reset``.

        Keeps the callback context that scikit-learn's model selection
        (scikit-learn >= 1.9) attaches to an estimator around ``fit``, which
        sktime's ``reset`` would otherwise delete.

        Returns
        -------
        self : ESNTimeSeriesClassifier
            The reset classifier.
        """
        kept = {name: value for name, value in vars(self).items()
                if is_sklearn_callback_state(name)}
        super().reset()
        for name, value in kept.items():
            setattr(self, name, value)
        return self

    def __sklearn_tags__(self):
        """Tags for scikit-learn (>= 1.6): a classifier of 3D or list input."""
        return panel_classifier_tags()

    @classmethod
    def get_test_params(cls, parameter_set="default"):
        """Return small parameter sets for sktime's estimator tests.

        Parameters
        ----------
        parameter_set : str, default="default"
            Name of the set; only "default" exists.

        Returns
        -------
        params : list of dict
            Parameters of test instances.
        """
        return [
            {"reservoir": Reservoir(n_units=20, random_state=0), "washout": 0,
             "n_components": 5},
            {"reservoir": Reservoir(n_units=15, leak_rate=0.5), "random_state": 1,
             "representation": "mean", "bidirectional": False, "n_components": None,
             "washout": 1, "standardize": False},
            {"reservoir": Reservoir(n_units=10, random_state=2),
             "representation": "output_model_space", "n_components": None,
             "washout": 0, "bidirectional": False},
        ]
