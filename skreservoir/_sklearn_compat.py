"""The one place that uses private scikit-learn names.

Every name or attribute below is private in scikit-learn (or its shape
changes between releases); each comes with the reason skreservoir needs it,
so that a scikit-learn release that moves one touches this file only.
"""

import functools
import types

import numpy as np
from sklearn.base import _fit_context

# metrics.get_scorer's scorers of scikit-learn names for series: a _Scorer whose
# _score reads the rows an ESN's score scores; subclassing it keeps scikit-learn's
# metadata routing (set_score_request), _accept_sample_weight and the multimetric
# scorer's use of them
from sklearn.metrics._scorer import _Scorer
from sklearn.model_selection._search import BaseSearchCV
from sklearn.utils import ClassifierTags, InputTags, Tags, TargetTags
from sklearn.utils._param_validation import (
    HasMethods,
    InvalidParameterError,
    StrOptions,
    validate_parameter_constraints,
)
from sklearn.utils._param_validation import Interval as _Interval
from sklearn.utils._set_output import _get_output_config
from sklearn.utils.multiclass import _check_partial_fit_first_call
from sklearn.utils.validation import _check_feature_names, check_is_fitted, validate_data

__all__ = [
    "BaseSearchCV",
    "_Scorer",
    "HasMethods",
    "Interval",
    "InvalidParameterError",
    "StrOptions",
    "_check_feature_names",
    "_check_partial_fit_first_call",
    "_fit_context",
    "_get_output_config",
    "check_is_fitted",
    "format_search_results",
    "is_sklearn_callback_state",
    "panel_classifier_tags",
    "search_scorers",
    "select_best_index",
    "validate_data",
    "validate_parameter_constraints",
]

# _fit_context, Interval, StrOptions, HasMethods: parameter validation as
# scikit-learn's own estimators declare it (`_parameter_constraints`); there is
# no public equivalent. BaseSearchCV: the base class of GridSearchCV, which
# HyperoptSearchCV extends to reuse its cv_results_, refit and scoring logic.
# _check_partial_fit_first_call: the classes_ handshake of partial_fit.
# validate_parameter_constraints: a composite checks the parameters it passes
# on to a part under its own name. InvalidParameterError: the class of a
# parameter check's error (a ValueError and a TypeError), for the checks that
# say more than the constraints can (Reservoir(W="normal")).


class Interval(_Interval):
    """scikit-learn's ``Interval`` constraint, refusing booleans: ``True`` is an
    ``Integral`` and a ``Real`` to Python, so ``washout=True`` was taken as 1 and
    ``Reservoir(n_units=True)`` failed later with a misleading spectral-radius message
    (a bad-input battery). A parameter that takes a boolean says so with
    ``"boolean"`` among its constraints."""

    def is_satisfied_by(self, val):
        if isinstance(val, (bool, np.bool_)):
            return False
        return super().is_satisfied_by(val)


def search_scorers(search):
    """``(scorers, refit_metric)`` of a search, as ``BaseSearchCV.fit`` builds them.

    Private method ``BaseSearchCV._get_scorers``: the scorer(s) from ``scoring``
    and the metric that ``refit`` selects, with GridSearchCV's validation.
    The multimetric scorer is unwrapped to its dict of scorers (private
    attribute ``_MultimetricScorer._scorers``), the form that
    ``cross_validate(scoring=...)`` takes, so that a search objective run in
    another process scores exactly as the in-process search does.
    """
    scorers, refit_metric = search._get_scorers()
    return getattr(scorers, "_scorers", scorers), refit_metric


def format_search_results(search, candidates, n_splits, out):
    """``cv_results_`` from per-split results (private ``BaseSearchCV._format_results``).

    Reused so that a search run through any hyperopt trials object has the
    very keys, ranks and dtypes of ``GridSearchCV.cv_results_``.
    """
    return search._format_results(candidates, n_splits, out)


def select_best_index(search, refit, refit_metric, results):
    """Index of the best candidate (private static ``BaseSearchCV._select_best_index``).

    Handles a callable ``refit`` exactly as GridSearchCV does.
    """
    return search._select_best_index(refit, refit_metric, results)


def is_sklearn_callback_state(name):
    """Whether an instance attribute is scikit-learn's callback state (>= 1.9).

    scikit-learn's model selection attaches ``_parent_callback_ctx`` and
    ``_skl_*`` attributes to an estimator around ``fit``; an sktime ``reset``
    that deletes every attribute must keep them.
    """
    return name == "_parent_callback_ctx" or name.startswith("_skl_")


def panel_classifier_tags():
    """scikit-learn tags of a classifier of 3D panels or lists of series.

    Built field by field because the sktime base class has no
    ``__sklearn_tags__`` to start from; the ``Tags`` dataclasses gain fields
    between scikit-learn releases, hence here.
    """
    return Tags(
        estimator_type="classifier",
        target_tags=TargetTags(required=True),
        transformer_tags=None,
        regressor_tags=None,
        classifier_tags=ClassifierTags(multi_class=True),
        input_tags=InputTags(three_d_array=True, two_d_array=True),
    )


class _ExplainedAvailability:
    """The descriptor of :func:`available_if_explained`."""

    def __init__(self, function, check):
        # ``fn``, as scikit-learn's descriptor names it (wrappers replace it there)
        self.fn, self.check = function, check
        functools.update_wrapper(self, function)

    def __get__(self, obj, owner=None):
        if obj is None:  # the class: the function itself (documentation, introspection)
            return self.fn
        self.check(obj)  # an AttributeError of its own where unavailable
        return types.MethodType(self.fn, obj)


def available_if_explained(check):
    """scikit-learn's ``available_if``, the AttributeError saying why.

    ``check(obj)`` returns where the method is available and raises an
    AttributeError with its own message where it is not: ``hasattr`` is
    False, as with ``available_if`` (whose message, "This 'ESNRegressor' has
    no attribute 'partial_fit'", says neither why nor what to do).
    """
    return lambda function: _ExplainedAvailability(function, check)
