"""HyperoptSearchCV: a hyperopt search with the GridSearchCV interface."""

import copy
import difflib
import numbers
import os
import time
import warnings
from collections.abc import Mapping

import numpy as np
from hyperopt import Trials, anneal, rand, space_eval, tpe
from hyperopt.pyll import Apply
from sklearn.base import clone, is_classifier
from sklearn.metrics import get_scorer_names
from sklearn.model_selection import check_cv
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, indexable

from skreservoir._base import RESERVOIRPY_NAMES, KeywordNamesMixin
from skreservoir._sklearn_compat import (
    BaseSearchCV,
    Interval,
    InvalidParameterError,
    StrOptions,
    format_search_results,
    search_scorers,
    select_best_index,
)
from skreservoir._validation import (
    refuse_class,
    scattered_split,
    split_rows,
    user_stacklevel,
    warn_scattered_folds,
)
from skreservoir.metrics import check_scorer_name
from skreservoir.model_selection._objective import (
    _SKRESERVOIR_SCORERS,
    SearchObjective,
    _all_folds_failed,
    _failed_trial,
    _loss,
    _minimize,
    _named_scorers,
    no_trial_message,
    prepare_trials,
    raise_with_scope_int_hint,
)

_ALGOS = {"tpe": tpe.suggest, "random": rand.suggest, "anneal": anneal.suggest}

def _atpe_suggest():
    """hyperopt's adaptive TPE (ReservoirPy's ``hp_method="atpe"``), or an ImportError that
    names lightgbm, which it needs (hyperopt's own came at the first trial)."""
    import importlib.util

    if importlib.util.find_spec("lightgbm") is None:
        raise ImportError(
            "algo='atpe' is hyperopt's adaptive TPE, which needs lightgbm (not a "
            "dependency of hyperopt): pip install lightgbm, or pass algo='tpe'.")
    from hyperopt import atpe

    return atpe.suggest


_NO_TRIAL_MESSAGE = (
    "No trial gave scores: every fold of every trial failed. Set error_score='raise' "
    "to see the error, and check the estimator and the search space."
)


class _NoNewScores(Exception):
    """A continued search's new trials all failed (the earlier trials give the results)."""


def _stored(trial):
    """Whether a hyperopt trial holds the per-split results of its candidate."""
    return "test_scores" in (trial.get("result") or {})


def _trial_results(results):
    """The last candidate's per-split results in ``results`` (scikit-learn's
    ``cv_results_`` so far), in :class:`SearchObjective`'s form, which a continued
    search reads back (:meth:`HyperoptSearchCV._from_trials`).

    ``cv_results_`` keeps the times' mean and standard deviation only: the
    per-split times are values with that mean and (population) deviation.
    """
    prefix = "split0_test_"
    names = sorted(key[len(prefix):] for key in results if key.startswith(prefix))
    n_splits = sum(1 for key in results if key.startswith("split") and
                   key.endswith(f"_test_{names[0]}"))
    spread = np.arange(n_splits, dtype=float) - (n_splits - 1) / 2
    spread = spread / spread.std() if n_splits > 1 else spread

    def per_split(kind):
        return {name: [float(results[f"split{i}_{kind}_{name}"][-1]) for i in range(n_splits)]
                for name in names}

    stored = {
        key: [float(results[f"mean_{key}"][-1] + results[f"std_{key}"][-1] * z)
              for z in spread]
        for key in ("fit_time", "score_time")
    }
    stored["test_scores"] = per_split("test")
    if f"split0_train_{names[0]}" in results:
        stored["train_scores"] = per_split("train")
    stored["multimetric"] = names != ["score"]
    return stored


class _Progress:
    """Progress of a search: a tqdm bar when tqdm is there, else one line a trial."""

    def __init__(self, total, verbose):
        self.verbose = verbose
        self.best = -np.inf
        self.n_done = 0
        self.total = total
        self.bar = None
        if verbose:
            try:
                from tqdm.auto import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                self.bar = tqdm(total=total, desc="trials", unit="trial")

    def update(self, score):
        if not self.verbose:
            return
        self.n_done += 1
        if np.isfinite(score) and score > self.best:
            self.best = float(score)
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(best_score=f"{self.best:.6g}")
        else:
            print(f"trial {self.n_done}/{self.total}: score={score:.6g}, "
                  f"best score={self.best:.6g}")

    def close(self):
        if self.bar is not None:
            self.bar.close()


#: The search methods of ReservoirPy's JSON ``hp_space`` lists.
_RESERVOIRPY_HP_METHODS = frozenset(
    {"choice", "randint", "uniform", "quniform", "loguniform", "qloguniform", "normal",
     "qnormal", "lognormal", "qlognormal"}
)


def _hyperopt_for_distribution(name, dist):
    """The hyperopt expression that searches what a scipy.stats frozen distribution
    ``dist`` draws from (RandomizedSearchCV's habit), in words."""
    family = getattr(getattr(dist, "dist", None), "name", "")
    try:  # the support, loc and scale applied (scipy's own reading of args and kwds)
        low, high = (float(bound) for bound in dist.support())
    except (AttributeError, TypeError, ValueError):
        low = high = None
    if low is not None and np.isfinite(low) and np.isfinite(high):
        if family in ("loguniform", "reciprocal") and low > 0:
            return f"hp.loguniform({name!r}, np.log({low:g}), np.log({high:g}))"
        if family == "uniform":
            return f"hp.uniform({name!r}, {low:g}, {high:g})"
        if family == "randint":
            return f"scope.int(hp.quniform({name!r}, {low:g}, {high:g}, 1))"
    return f"hp.uniform({name!r}, low, high) or hp.loguniform({name!r}, np.log(low), np.log(high))"


def _raw_loguniform_bounds(space):
    """The entries of ``space`` whose hp.loguniform bounds look like the values, not
    their logs: positive, many orders apart, less than 1 apart (hp.loguniform('a',
    1e-9, 1e-2) searches exp(1e-9) to exp(1e-2), 1.0 to 1.01)."""
    found = []
    for name, node in _space_nodes(space, ("loguniform", "qloguniform")):
        bounds = [getattr(arg, "obj", None) for arg in node.pos_args[:2]]
        if (all(isinstance(b, numbers.Real) for b in bounds) and 0 < bounds[0] < bounds[1]
                and bounds[1] / bounds[0] >= 100 and bounds[1] - bounds[0] < 1):
            found.append((name, node.name, bounds))
    return found


def _space_nodes(space, kinds):
    """``(entry name, node)`` for every node of the hyperopt expressions of ``space``
    whose name is one of ``kinds``."""
    from hyperopt.pyll.base import dfs

    for name, expression in space.items():
        if isinstance(expression, Apply):
            for node in dfs(expression):
                if getattr(node, "name", None) in kinds:
                    yield str(name), node


def _space_labels(space):
    """{hyperopt label: [space entries that use it]} of the expressions of ``space``."""
    labels = {}
    for name, node in _space_nodes(space, ("hyperopt_param",)):
        label = getattr(node.pos_args[0], "obj", None)
        if name not in labels.setdefault(label, []):
            labels[label].append(name)
    return labels


def _closest_parameters(name, valid):
    """'for NAME use ...' naming the nested parameters NAME (or its skreservoir name) may mean."""
    ours = RESERVOIRPY_NAMES.get(name, name)
    matches = sorted(key for key in valid if key == ours or key.endswith("__" + ours))
    prefix, _, leaf = ours.rpartition("__")
    if not matches and prefix:
        # a nested name one level too shallow: reservoir__leak_rate of a ReservoirStack
        # is reservoir__reservoirs__<i>__leak_rate
        leaf = RESERVOIRPY_NAMES.get(leaf, leaf)
        matches = sorted(key for key in valid
                         if key.startswith(prefix + "__") and key.endswith("__" + leaf))
    if not matches:
        # a misspelling (reservoir__spectral_radiu): the valid names closest to it
        matches = difflib.get_close_matches(ours, sorted(valid), n=2, cutoff=0.8)
    if not matches:
        return ""
    why = f" (ReservoirPy's name of {ours})" if ours != name else ""
    return f"for {name!r}{why} use {' or '.join(repr(m) for m in matches)}"


def _best_estimator_has(name):
    """``available_if`` check: the refitted best estimator (the estimator before fit) has ``name``."""

    def check(search):
        if not search.refit:
            raise AttributeError(
                f"{type(search).__name__}(refit=False) has no {name!r}: refit the best "
                f"candidate (refit=True) or fit one with best_params_."
            )
        getattr(getattr(search, "best_estimator_", search.estimator), name)
        return True

    return check


def _delegated(name, returned, description):
    """The search's method ``name``: the best estimator's, keywords passed on."""

    def method(self, X, **predict_params):
        check_is_fitted(self)
        return getattr(self.best_estimator_, name)(X, **predict_params)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"""``best_estimator_.{name}(X, **predict_params)``.

        Parameters
        ----------
        X : array-like
            The data, as the estimator's ``{name}`` takes it.
        **predict_params : dict
            Keywords of the estimator's ``{name}``, such as the ESN
            estimators' ``initial_state="fit"`` (continue from the end of the
            refit's data).

        Returns
        -------
        {returned} : ndarray
            {description} of the best estimator.
        """
    return available_if(_best_estimator_has(name))(method)


def _runs_a_reservoir(estimator):
    """Whether ``estimator`` (or a step or part of it) runs a reservoir over the rows of a
    2D X (not an sktime estimator, which reads a 2D X as a panel of series)."""
    if callable(getattr(estimator, "get_tag", None)):
        return False
    return any(key == "reservoir" or key.endswith("__reservoir")
               for key in estimator.get_params(deep=True))


def _sktime_object_types(obj):
    """The sktime (skbase) ``object_type`` tags of ``obj`` as a list, empty for an object
    without them (any other ``get_tag`` is not sktime's)."""
    try:
        kind = obj.get_tag("object_type", None, raise_error=False)
    except (AttributeError, TypeError):
        return []
    return [kind] if isinstance(kind, str) else list(kind or [])


def _sktime_object_error(estimator, cv):
    """The TypeError for an sktime forecaster given as the estimator, or an sktime
    splitter given as ``cv``; None for neither.

    scikit-learn's search machinery failed on the first with "object has no
    attribute '__sklearn_tags__'", on the second with "get_n_splits() got an
    unexpected keyword argument 'groups'" (a user battery: the forecasting guide's
    ExpandingWindowSplitter carried over).
    """
    if "forecaster" in _sktime_object_types(estimator):
        return TypeError(
            f"HyperoptSearchCV tunes scikit-learn estimators, and "
            f"{type(estimator).__name__} is an sktime "
            "forecaster (its fit takes a series y and a forecasting horizon fh). Tune it "
            "with skreservoir.forecasting.ForecastingObjective(forecaster, y, cv) and "
            "hyperopt.fmin(objective, space, algo=tpe.suggest, max_evals=...), which "
            "backtests every candidate with sktime's evaluate (the user guide's 'Model "
            "selection', section 'Forecasters: ForecastingObjective'), or with sktime's "
            "ForecastingGridSearchCV or ForecastingRandomizedSearchCV.")
    if "splitter" in _sktime_object_types(cv):
        name = type(cv).__name__
        return TypeError(
            f"cv is sktime's {name}, a forecasting splitter (its split takes one series, "
            "not X and y), and HyperoptSearchCV takes scikit-learn's: pass "
            "sklearn.model_selection.TimeSeriesSplit(n_splits=..., test_size=...), or the "
            f"same windows as row positions, cv=list({name}(...).split(np.arange(len(X)))).")
    return None


def _unseeded(estimator, space):
    """The prefixes (``""``, ``"reservoir__"``, ...) of the ``random_state`` parameters
    of skreservoir's parts of ``estimator`` that are None and that no other seed
    covers, outermost only.

    A seed covers the parameters of the parts under it (an ESN's ``random_state``
    seeds an unseeded reservoir, a ``ReservoirStack``'s its unseeded layers) and of
    the parts it is under (an ESN draws its own weights from its reservoir's seed); a
    ``random_state`` searched in ``space`` is seeded by every candidate. Another
    library's ``random_state`` left None is its convention (scikit-learn's
    ``Ridge`` has one and draws nothing with its default solver): not reported.
    """
    params = estimator.get_params(deep=True)

    def searched(key):
        """The key is searched, or a part above it is, by choices that are all seeded
        or draw nothing (hp.choice of parts)."""
        if key in space:
            return True
        above = [name for name in space if key.startswith(f"{name}__")]
        parts = [part for name in above for part in _space_parts(space[name])]
        return bool(above) and bool(parts) and all(
            part.get_params().get("random_state") is not None or not _draws(part)
            for part in parts)

    seeds = {key[:-len("random_state")]: value is not None or searched(key)
             for key, value in params.items()
             if key == "random_state" or key.endswith("__random_state")}

    def owner(prefix):
        path = prefix[:-2]
        # a ReservoirStack's layer (reservoirs__0) is in a list: the stack owns it
        while path and not hasattr(params.get(path), "get_params"):
            path = path.rpartition("__")[0]
        return params[path] if path else estimator

    def ours(prefix):
        return type(owner(prefix)).__module__.split(".")[0] == "skreservoir"

    unseeded = [prefix for prefix, seeded in seeds.items()
                if not seeded and ours(prefix) and _draws(owner(prefix))
                and not any(seeds[other] for other in seeds if other != prefix
                            and (other.startswith(prefix) or prefix.startswith(other)))]
    return [prefix for prefix in unseeded
            if not any(prefix.startswith(other) for other in unseeded if other != prefix)]


def _space_parts(expression):
    """The estimators a hyperopt expression can take (the options of its hp.choice)."""
    if hasattr(expression, "get_params"):
        return [expression]
    return [node.obj for _, node in _space_nodes({"": expression}, ("literal",))
            if hasattr(node.obj, "get_params")]


def _draws(part):
    """Whether ``part`` (one of skreservoir's) draws random numbers with its
    ``random_state``: not NVAR, nor a reservoir whose ``W``, ``W_in`` and ``bias``
    are all given (no initializer) and that adds no noise, nor an ESN of such a
    reservoir without output feedback (whose weights are drawn)."""
    from skreservoir.nvar import NVAR

    if isinstance(part, NVAR):
        return False
    own = part.get_params(deep=False)
    if own.get("feedback"):  # an ESN's feedback: W_fb and its noise are drawn
        return True
    if any(own.get(name) for name in own if "noise" in name and not name.startswith("feedback")
           and isinstance(own.get(name), numbers.Real)):
        return True
    if {"W", "W_in"} <= own.keys():  # its weights (and ES2N's O) drawn unless given (LIF: no bias)
        return any(own[name] is None or callable(own[name])
                   for name in ("W", "W_in", "bias", "O") if name in own)
    if isinstance(own.get("reservoirs"), (list, tuple)):  # a ReservoirStack's layers
        return any(_draws(layer) for layer in own["reservoirs"] if hasattr(layer, "get_params"))
    reservoir = own.get("reservoir", "absent")
    if reservoir != "absent" and hasattr(reservoir, "get_params"):  # an ESN given its reservoir
        return _draws(reservoir)
    return True


#: How ReservoirPy's ``hp_space`` lists and names translate into ``space``.
_HP_SPACE_TRANSLATION = (
    "['loguniform', low, high] as hp.loguniform(name, np.log(low), np.log(high)), "
    "['uniform', low, high] as hp.uniform(name, low, high), ['choice', *values] as "
    "hp.choice(name, values) (one value: set it on the estimator), and ReservoirPy's "
    "names as the estimator's (N: reservoir__n_units, sr: reservoir__spectral_radius, "
    "lr: reservoir__leak_rate, iss or input_scaling: reservoir__input_scaling, ridge: "
    "readout__alpha, seed: random_state); reservoir_space() is the tutorial's space")


def _research_config_error(space):
    """The error for ReservoirPy's research configuration given as ``space``: its path,
    or the loaded JSON (None for any other space)."""
    if isinstance(space, (str, bytes, os.PathLike)):
        got, load = f"the path {os.fsdecode(space)!r}", "Load the JSON (json.load) and pass"
    elif isinstance(space, Mapping) and "hp_space" in space:
        got, load = "a dict with an 'hp_space' entry", "Pass"
    else:
        return None
    return InvalidParameterError(
        f"space must be a dict {{parameter name: hyperopt expression}}, got {got}, "
        f"which looks like ReservoirPy's research configuration. {load} "
        f"its 'hp_space' translated: {_HP_SPACE_TRANSLATION}. The other keys: "
        "hp_max_evals is max_evals, hp_method is "
        "algo, seed is random_state (the user guide's page 'Coming from ReservoirPy', "
        "section 'Hyperparameter search: research', ports a configuration).")


#: ReservoirPy's research configuration keys with no parameter of HyperoptSearchCV.
_RESEARCH_ONLY = {
    "instances_per_trial": (
        "ReservoirPy's number of reservoir draws a trial averages: a trial here scores "
        "one draw (the estimator's random_state) over the folds of cv. Leave it out, and "
        "score the best candidates again with other seeds (set_params("
        "reservoir__random_state=seed) on cv_results_['params']), as the user guide's "
        "page 'Coming from ReservoirPy' (section 'Hyperparameter search: research') "
        "shows, or average the seeds in every trial with hyperopt.fmin over an "
        "objective that returns the mean loss of skreservoir.model_selection."
        "SearchObjective(...)({**params, 'reservoir__random_state': seed}) over the seeds"),
    "exp": (
        "ReservoirPy's experiment name, the folder its research writes every trial to: "
        "a search here writes no files; every trial is in cv_results_ (and hyperopt's "
        "record in trials_). Leave it out (pandas.DataFrame(search.cv_results_)"
        ".to_csv(...) keeps them)"),
}


class HyperoptSearchCV(KeywordNamesMixin, BaseSearchCV):
    """Hyperparameter search with hyperopt, with the ``GridSearchCV`` interface.

    Each trial, hyperopt's ``algo`` proposes a candidate from ``space``, the
    candidate is cross-validated and minus its mean test score is fed back
    to hyperopt as the loss. The results are in ``cv_results_``, with
    ``best_params_``, ``best_score_``, ``best_index_`` and the refitted
    ``best_estimator_``, as in :class:`~sklearn.model_selection.GridSearchCV`.

    With no ``trials`` or a plain ``hyperopt.Trials``, trials run in this
    process through scikit-learn's search machinery. With another trials
    object (``SparkTrials``, ``MongoTrials``), each trial is a self-contained
    picklable :class:`SearchObjective`, run wherever the trials object sends
    it, and ``cv_results_`` is built from the finished trials. In both cases
    ``n_jobs`` runs the folds of a trial in parallel through joblib, so
    ``joblib.parallel_config(backend="dask")`` sends them to a Dask cluster.

    Parameters
    ----------
    estimator : estimator
        The scikit-learn estimator to tune. An sktime forecaster is
        refused: tune it with
        :class:`~skreservoir.forecasting.ForecastingObjective` and
        ``hyperopt.fmin``, or sktime's ``ForecastingGridSearchCV``.
    space : dict
        ``{parameter name: hyperopt expression or constant}``; names are the
        estimator's parameters, nested ones included
        (``reservoir__spectral_radius``). Integer parameters need
        ``hyperopt.pyll.scope.int(hp.quniform(...))``. See
        :func:`reservoir_space` for a default.
    max_evals : int, default=50
        Number of trials (counting those already in ``trials``, as
        ``hyperopt.fmin`` does).
    algo : {"tpe", "random", "anneal", "atpe"} or callable, default="tpe"
        Hyperopt's search algorithm: ``tpe.suggest``, ``rand.suggest``,
        ``anneal.suggest``, ``atpe.suggest`` (adaptive TPE, which needs
        lightgbm), or any suggest function.
    trials : hyperopt Trials, default=None
        Where trials are stored and run; a new ``Trials()`` when None. Kept
        as ``trials_``. The trials of an earlier fit continue a search:
        ``cv_results_`` and the best are then those of every trial.
    scoring : str, callable, list, tuple or dict, default=None
        As in ``GridSearchCV``; several metrics need ``refit`` to name the
        one to optimise (else the first is optimised). A name is read by
        :func:`skreservoir.metrics.get_scorer`: skreservoir's
        (``"neg_nrmse"``, ``"neg_nrmse_range"``, ``"neg_nrmse_var"``) and
        scikit-learn's, the latter scored on the rows an ESN's ``score``
        scores (a panel's series pooled, the washout left out), where
        ``GridSearchCV`` given the name records NaN on a list of series and
        scores each time step of an array panel as an output.
    cv : int, cross-validation generator or iterable, default=None
        As in ``GridSearchCV``. Use ``TimeSeriesSplit`` for one series: a
        cv that cuts one series (a 2D ``X``) of a reservoir estimator into
        folds of scattered rows (shuffled, or stratified by per-step
        labels) warns with a :class:`~skreservoir.exceptions.DataLayoutWarning`.
    refit : bool, str or callable, default=True
        As in ``GridSearchCV``.
    n_jobs : int, default=None
        Jobs over the folds of a trial (joblib).
    random_state : int, RandomState instance, Generator or None, default=None
        Seeds hyperopt's ``rstate`` (a ``np.random.default_rng``): a seeded
        search proposes the same candidates again. It does not seed the
        estimator: with a ``random_state`` of skreservoir's parts left None
        (``ESNRegressor()``), every fold, trial and the refit draw another
        reservoir, and ``fit`` warns (a ``UserWarning``) naming the parameter
        to seed (``ESNRegressor(random_state=0)`` seeds its reservoir). A
        continued search (its
        ``trials`` passed back) seeded by an int draws from the seed and the
        number of trials done.
    verbose : int, default=0
        1 shows a progress bar of trials (tqdm when installed, else one line
        a trial) with the best score so far; 2 and more also passes
        ``verbose - 1`` to scikit-learn's fitting messages.
    error_score : "raise" or float, default=np.nan
        Score of a failed fit; such a trial is reported to hyperopt as failed.
    return_train_score : bool, default=False
        Also score the training folds.

    Attributes
    ----------
    cv_results_ : dict of ndarray
        One entry per trial, with the keys of ``GridSearchCV.cv_results_``.
    best_estimator_ : estimator
        Refitted on all data with ``best_params_`` (when ``refit``).
    best_score_ : float
        Mean cross-validated score of the best candidate.
    best_params_ : dict
        The best candidate.
    best_index_ : int
        Its row in ``cv_results_``.
    scorer_ : callable or dict
        The scorer(s).
    n_splits_ : int
        Number of folds.
    refit_time_ : float
        Seconds to refit the best estimator.
    multimetric_ : bool
        Whether several metrics were scored.
    trials_ : hyperopt Trials
        The trials, as hyperopt recorded them.

    See Also
    --------
    reservoir_space : A default search space for echo state networks.
    SearchObjective : The picklable objective of a trial.
    skreservoir.forecasting.ForecastingObjective : The objective for sktime
        forecasters (sktime's ``evaluate``).
    skreservoir.plotting.plot_search : The report of a search.
    sklearn.model_selection.RandomizedSearchCV : Random search without hyperopt.

    Notes
    -----
    ``cv_results_`` has one row per trial that gave scores. A trial in
    which some folds fail gets ``error_score`` for them (a NaN mean is a
    failed trial for hyperopt); a trial in which every fold fails is a
    failed trial with a ``FitFailedWarning`` and appears in ``trials_``
    only. With a trials object other than ``Trials``, ``verbose`` shows
    hyperopt's own progress bar (best loss), the objective running
    elsewhere, and fit parameters other than ``groups`` go to the
    estimator's ``fit`` (no metadata routing).

    Examples
    --------
    >>> from sklearn.metrics import make_scorer
    >>> from sklearn.model_selection import TimeSeriesSplit
    >>> from skreservoir import ESNRegressor, Reservoir, RidgeReadout
    >>> from skreservoir.datasets import mackey_glass, to_forecasting
    >>> from skreservoir.metrics import nrmse
    >>> from skreservoir.model_selection import HyperoptSearchCV, reservoir_space
    >>> X, y = to_forecasting(mackey_glass(2000), forecast=1)
    >>> def nrmse_after_warmup(y_true, y_pred):
    ...     return nrmse(y_true[100:], y_pred[100:])  # each test fold starts from rest
    >>> esn = ESNRegressor(Reservoir(n_units=100, random_state=0), RidgeReadout(), washout=100)
    >>> search = HyperoptSearchCV(esn, reservoir_space(), max_evals=20, algo="random",
    ...                           scoring=make_scorer(nrmse_after_warmup, greater_is_better=False),
    ...                           cv=TimeSeriesSplit(3), random_state=0).fit(X, y)
    >>> len(search.cv_results_["params"])
    20
    >>> print(round(-search.best_score_, 4))  # the best cross-validated NRMSE
    0.0073
    """

    _parameter_constraints: dict = {
        **BaseSearchCV._parameter_constraints,
        "space": [dict],
        "max_evals": [Interval(numbers.Integral, 1, None, closed="left")],
        "algo": [StrOptions(set(_ALGOS) | {"atpe"}), callable],
        # hyperopt's Trials, SparkTrials or MongoTrials (the last two subclass the first)
        "trials": [Trials, None],
        # not 0 (joblib's "has no meaning", raised from inside the search)
        "n_jobs": [Interval(numbers.Integral, None, -1, closed="right"),
                   Interval(numbers.Integral, 1, None, closed="left"), None],
        "random_state": ["random_state", np.random.Generator],
        # scikit-learn's names and skreservoir's (read by _get_scorers)
        "scoring": [StrOptions(set(get_scorer_names()) | set(_SKRESERVOIR_SCORERS)),
                    callable, list, tuple, dict, None],
    }
    _parameter_constraints.pop("pre_dispatch")

    _keyword_names = {
        "n_iter": ("max_evals", "scikit-learn's RandomizedSearchCV"),
        "param_distributions": ("space", "scikit-learn's RandomizedSearchCV"),
        "param_grid": ("space", "scikit-learn's GridSearchCV"),
        "search_space": ("space", "sktime's and Optuna's"),
        "rstate": ("random_state", "hyperopt's fmin"),
        # ReservoirPy's research configuration (instances_per_trial and exp:
        # _searched_hint)
        "hp_max_evals": ("max_evals", "ReservoirPy's research"),
        "hp_method": ("algo", "ReservoirPy's research"),
        "hp_space": ("space", "ReservoirPy's research"),
    }

    @classmethod
    def _searched_hint(cls, keys):
        """What to say of ReservoirPy's research keys that have no parameter here
        (``instances_per_trial``, ``exp``), or None."""
        said = [f"{key!r}, {_RESEARCH_ONLY[key]}" for key in keys if key in _RESEARCH_ONLY]
        if "hp_space" in keys:  # its lists are not hyperopt's: say how they translate
            said.append("'hp_space', ReservoirPy's research space: pass space={parameter "
                        f"name: hyperopt expression}}, its lists and names translated: "
                        f"{_HP_SPACE_TRANSLATION}")
        if not said:
            return None
        return f"HyperoptSearchCV() got {'; '.join(said)}."
    pre_dispatch = "2*n_jobs"  # read by BaseSearchCV.fit; one trial at a time anyway

    def __init__(self, estimator, space, *, max_evals=50, algo="tpe", trials=None,
                 scoring=None, cv=None, refit=True, n_jobs=None, random_state=None,
                 verbose=0, error_score=np.nan, return_train_score=False):
        self.estimator = estimator
        self.space = space
        self.max_evals = max_evals
        self.algo = algo
        self.trials = trials
        self.scoring = scoring
        self.cv = cv
        self.refit = refit
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.error_score = error_score
        self.return_train_score = return_train_score

    # -- shared pieces ------------------------------------------------------
    def _algo(self):
        if isinstance(self.algo, str) and self.algo == "atpe":
            return _atpe_suggest()
        return _ALGOS[self.algo] if isinstance(self.algo, str) else self.algo

    def _metric(self):
        """Name of the metric hyperopt minimises (minus it)."""
        if self.scoring is None or isinstance(self.scoring, str) or callable(self.scoring):
            return "score"
        if isinstance(self.refit, str):
            return self.refit
        return next(iter(self.scoring)) if isinstance(self.scoring, Mapping) else self.scoring[0]

    def _uses_remote_trials(self):
        return self.trials is not None and type(self.trials) is not Trials

    # -- the refitted best estimator's methods, keywords included -------------
    # GridSearchCV's predict(X) takes no keyword: the ESN estimators'
    # predict(X, initial_state="fit") would raise a TypeError through it.
    def score(self, X, y=None, **params):
        """The search's score of ``X``, ``y``, as ``GridSearchCV.score``.

        With ``initial_state`` (the ESN estimators' keyword: ``"fit"``
        continues from the end of the refit's data), the best estimator's own
        ``score(X, y, initial_state=...)``, where the search scores with it
        (``scoring=None``); GridSearchCV's ``score`` refuses the keyword.

        Parameters
        ----------
        X : array-like
            The data.
        y : array-like, default=None
            The targets.
        **params : dict
            ``initial_state``, or what ``GridSearchCV.score`` takes (metadata
            routed to the scorer).

        Returns
        -------
        score : float
            The score.
        """
        if "initial_state" not in params or not self.refit:
            return super().score(X, y, **params)  # (refit=False: scikit-learn's message)
        check_is_fitted(self)
        if self.scoring is not None:
            raise ValueError(
                f"initial_state is a keyword of the estimator's own score, and this "
                f"search scores with scoring={self.scoring!r}; call "
                "search.best_estimator_.score(X, y, initial_state=...), or pass a "
                "scorer that calls predict(X, initial_state=...)."
            )
        return self.best_estimator_.score(X, y, **params)

    predict = _delegated("predict", "y_pred", "The predictions")
    predict_proba = _delegated("predict_proba", "proba", "The class probabilities")
    decision_function = _delegated("decision_function", "scores", "The decision values")

    @available_if(_best_estimator_has("generate"))
    def generate(self, n_steps, *args, **kwargs):
        """``best_estimator_.generate(n_steps, ...)``: the closed loop of the best model.

        Parameters
        ----------
        n_steps : int
            Number of steps to generate.
        *args, **kwargs
            The other arguments of the estimator's ``generate`` (``warmup``,
            ``inputs``).

        Returns
        -------
        outputs : ndarray of shape (n_steps, n_outputs)
            The generated series.
        """
        check_is_fitted(self)
        return self.best_estimator_.generate(n_steps, *args, **kwargs)

    def fit(self, X, y=None, **params):
        """Run the search, then refit the best candidate.

        Parameters
        ----------
        X : array-like
            The data, as the estimator's ``fit`` takes it.
        y : array-like, default=None
            The targets.
        **params : dict
            Parameters of the estimator's ``fit`` (and ``groups`` for the
            splitter).

        Returns
        -------
        self : HyperoptSearchCV
            The fitted search.
        """
        # a class passes "implements fit", then failed with "get_params() missing 1
        # required positional argument: 'self'"
        refuse_class(self.estimator, "estimator")
        for error in (_sktime_object_error(self.estimator, self.cv),
                      _research_config_error(self.space)):
            if error is not None:
                raise error
        self._check_scoring_name()
        self._validate_params()
        self._check_space()
        self._warn_scattered_folds(X, y, params.get("groups"))
        self._warn_unseeded()
        if self._uses_remote_trials():
            self._trials = self.trials
            return self._fit_with_objective(X, y, **params)
        # scikit-learn's search machinery prints "Fitting n folds" and passes
        # verbose to every fit; the progress bar replaces those lines, so the
        # machinery runs on a shallow copy whose verbose is one lower (a
        # parameter is never changed by fit), and its fitted attributes are
        # copied back.
        trials = Trials() if self.trials is None else self.trials
        if any(_stored(trial) for trial in trials.trials):
            # trials of an earlier fit: the new ones run as any, then cv_results_
            # and the best are those of every trial, as a remote search's are
            self._check_same_space(trials)
            return self._continue(trials, X, y, **params)
        runner = copy.copy(self)
        runner.verbose = max(0, self.verbose - 1)
        runner._progress_verbose = self.verbose
        runner._trials = trials
        # what to say of short test folds, where every trial scored NaN (_run_search)
        runner._nan_hint = lambda: self._washout_hint(X, y, params.get("groups"))
        BaseSearchCV.fit(runner, X, y, **params)
        self._copy_fitted(runner)
        return self

    def _warn_scattered_folds(self, X, y, groups):
        """DataLayoutWarning where ``cv`` cuts one series (a 2D ``X``) of a reservoir
        estimator into folds of scattered rows (shuffled, or stratified by label).

        Only a splitter is checked (an iterable of splits, a generator included,
        is the search's to read), and a shuffling one without a ``random_state``
        is not run (its split would draw from NumPy's global generator).
        """
        if (not _runs_a_reservoir(self.estimator) or len(getattr(X, "shape", ())) != 2
                or not (self.cv is None or isinstance(self.cv, numbers.Integral)
                        or hasattr(self.cv, "split"))):
            return
        cv = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
        if getattr(cv, "random_state", 0) is None and (
                getattr(cv, "shuffle", False) or "Shuffle" in type(cv).__name__):
            where = ""
        else:
            try:
                splits = list(cv.split(X, y, groups))
            except Exception:  # noqa: BLE001 - the search itself says what is wrong
                return
            scattered = [(i, split_rows(test)) for i, (train, test) in enumerate(splits)
                         if scattered_split(train, test)]
            if not scattered:
                return
            i, test = scattered[0]
            where = f" (fold {i} tests rows {', '.join(map(str, test[:5]))}, ...)"
        warn_scattered_folds(f"cv={cv!r}", f"the one series X (shape {X.shape})", where)

    def _warn_unseeded(self):
        """UserWarning where a ``random_state`` of the estimator is None (:func:`_unseeded`):
        every fold, trial and the refit draw other random weights."""
        prefixes = _unseeded(self.estimator, self.space)
        if not prefixes:
            return
        name = type(self.estimator).__name__
        names = ", ".join(f"{prefix}random_state" for prefix in prefixes)
        fixes = " and ".join(f"{name}(..., random_state=0)" if not prefix else
                             f"{name}(...).set_params({prefix}random_state=0)"
                             for prefix in prefixes)
        warnings.warn(
            f"{name}'s {names} {'is' if len(prefixes) == 1 else 'are'} None: every fold, "
            "every trial and the refit draw new random weights (a new reservoir), so the "
            "scores mix those draws with the hyperparameters, the search's random_state "
            "reproduces its candidates but not their scores, and best_estimator_ is one "
            f"more draw, which no trial scored. Seed the estimator: {fixes} (an ESN's "
            "random_state seeds its reservoir, as Reservoir(random_state=0) does). To "
            "rank candidates over several draws, see the user guide's page 'Coming from "
            "ReservoirPy', section 'Hyperparameter search: research'.",
            UserWarning, stacklevel=user_stacklevel(),
        )

    def _washout_hint(self, X, y, groups):
        """What to say when a test fold of one series (a 2D ``X``) is no longer than the
        estimator's washout, where every trial scored NaN ("" otherwise)."""
        washouts = [value for key, value in self.estimator.get_params(deep=True).items()
                    if (key == "washout" or key.endswith("__washout"))
                    and isinstance(value, numbers.Integral) and key not in self.space]
        if (not washouts or len(getattr(X, "shape", ())) != 2
                or not (self.cv is None or isinstance(self.cv, numbers.Integral)
                        or hasattr(self.cv, "split"))):
            return ""
        cv = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
        if getattr(cv, "random_state", 0) is None and (
                getattr(cv, "shuffle", False) or "Shuffle" in type(cv).__name__):
            return ""  # its split would draw from NumPy's global generator
        try:
            shortest = min(len(split_rows(test)) for _, test in cv.split(X, y, groups))
        except Exception:  # noqa: BLE001 - no hint where the folds cannot be read
            return ""
        washout = max(washouts)
        if shortest > washout:
            return ""
        return (f" The shortest test fold has {shortest} rows and the estimator's washout "
                f"is {washout}: a test fold no longer than the washout leaves nothing to "
                "score (each test fold starts from rest). Use fewer splits (n_splits), a "
                "test_size above the washout, or a shorter washout.")

    def _check_same_space(self, trials):
        """Refuse ``trials`` of a search over other hyperopt labels than this space's
        (hyperopt failed inside: "'NoneType' object has no attribute 'uniform'")."""
        stored = set()
        for trial in trials.trials:
            stored |= set(trial.get("misc", {}).get("vals", {}))
        labels = set(_space_labels(self.space))
        if stored and labels and stored != labels:
            raise ValueError(
                f"trials hold the trials of a search over the hyperopt labels "
                f"{sorted(stored)}, and this space's are {sorted(labels)}: a search "
                "continues its own trials. Pass the space those trials were made with, or "
                "trials=None (or a new Trials()) for a new search.")

    def _copy_fitted(self, runner):
        """The fitted attributes of ``runner`` (a shallow copy that ran the search)."""
        parameters = self.get_params(deep=False)
        for name, value in vars(runner).items():
            if name not in parameters and not name.startswith("_"):
                setattr(self, name, value)

    def _continue(self, trials, X, y=None, **params):
        """A search whose ``trials`` hold those of an earlier fit: the new trials (up to
        ``max_evals`` in all), then the results of every trial (:meth:`_from_trials`).

        The new trials run through scikit-learn's machinery, as a first fit's;
        none are run when ``trials`` holds ``max_evals`` already, and none that
        gives scores is needed: the earlier trials have theirs.
        """
        if len(trials.trials) < self.max_evals:
            runner = copy.copy(self)
            runner.verbose = max(0, self.verbose - 1)
            runner._progress_verbose = self.verbose
            runner._trials = trials
            runner._continuing = True
            runner.refit = False  # the best of every trial is refitted below
            try:
                BaseSearchCV.fit(runner, X, y, **params)
            except _NoNewScores:
                pass
        self.trials_ = trials
        scoring, refit_metric = search_scorers(self)
        X, y = indexable(X, y)
        params = dict(params)
        params.pop("groups", None)
        return self._from_trials(X, y, params, scoring, refit_metric)

    def _check_scoring_name(self):
        """Refuse a scorer name that neither scikit-learn nor skreservoir knows, by name."""
        names = [self.scoring] if isinstance(self.scoring, str) else (
            list(self.scoring) if isinstance(self.scoring, (list, tuple)) else
            list(self.scoring.values()) if isinstance(self.scoring, Mapping) else [])
        for name in names:
            if isinstance(name, str):
                check_scorer_name(name, f"scoring={self.scoring!r}")

    def _get_scorers(self):
        """scikit-learn's, with every scorer name read by skreservoir.metrics.get_scorer:
        skreservoir's names, and scikit-learn's scored on the rows an ESN's score scores
        (its panels pooled, its washout left out; scikit-learn's own scorer gave NaN on a
        panel)."""
        scoring = self.scoring
        resolved = _named_scorers(scoring)
        if resolved is scoring:  # None or callables: nothing to read
            return super()._get_scorers()
        try:  # scikit-learn reads self.scoring: the names resolved for this call only
            self.scoring = resolved
            return super()._get_scorers()
        finally:
            self.scoring = scoring

    def _check_space(self):
        """Reject an empty space, one naming no parameter of the estimator, or a list of
        values that its parameter refuses (GridSearchCV's grid: hp.choice is meant)."""
        if not self.space:
            raise ValueError(
                "space must hold at least one entry {parameter name: hyperopt "
                "expression}, got an empty dict; for example "
                "skreservoir.model_selection.reservoir_space() for an ESN."
            )
        rpy_style = sorted(
            str(name) for name, value in self.space.items()
            if isinstance(value, (list, tuple)) and value and isinstance(value[0], str)
            and value[0] in _RESERVOIRPY_HP_METHODS
        )
        if rpy_style:
            raise ValueError(
                f"space entries {rpy_style} are ReservoirPy hp_space lists such as "
                "['loguniform', low, high], not hyperopt expressions: translate "
                f"{_HP_SPACE_TRANSLATION} (skreservoir.model_selection.reservoir_space())."
            )
        distributions = sorted(str(name) for name, value in self.space.items()
                               if hasattr(value, "rvs") and not isinstance(value, Apply))
        if distributions:
            hints = "; ".join(_hyperopt_for_distribution(name, self.space[name])
                              for name in distributions)
            raise ValueError(
                f"space entries {distributions} are scipy.stats distributions "
                "(RandomizedSearchCV's param_distributions), which hyperopt would pass "
                f"whole to every trial; write hyperopt expressions: {hints} "
                "(from hyperopt import hp; from hyperopt.pyll import scope)."
            )
        for name, kind, (low, high) in _raw_loguniform_bounds(self.space):
            warnings.warn(
                f"space[{name!r}] is hp.{kind} with bounds {low:g} and {high:g}, "
                f"which are the logs of the range searched: exp({low:g}) to "
                f"exp({high:g}), {np.exp(low):.4g} to {np.exp(high):.4g}. For values from "
                f"{low:g} to {high:g}, write hp.{kind}(label, np.log({low:g}), "
                f"np.log({high:g}){', q' if kind == 'qloguniform' else ''}).",
                UserWarning, stacklevel=3,
            )
        shared = {label: names for label, names in _space_labels(self.space).items()
                  if len(names) > 1}
        if shared:  # hyperopt's bare "DuplicateLabel: a"
            label, names = next(iter(shared.items()))
            raise ValueError(
                f"space entries {names} use the same hyperopt label {label!r}: hyperopt "
                "tells its variables apart by label, so each entry needs its own. Label "
                "each by its parameter's name, for example hp.uniform("
                f"{names[1]!r}, ...).")
        valid = self.estimator.get_params(deep=True)
        unknown = sorted(str(name) for name in self.space if name not in valid)
        if unknown:
            hints = [_closest_parameters(name, valid) for name in unknown]
            hints = "; ".join(hint for hint in hints if hint)
            if any(name.startswith("reservoir__") for name in unknown) and any(
                    key.startswith("reservoir__reservoirs__") for key in valid):
                hints += ("; " if hints else "") + (
                    "the reservoir is a ReservoirStack, whose parameters are its "
                    "layers' (reservoir_space(reservoir_prefix='reservoir__reservoirs__0__')"
                    " searches the first layer)")
            raise ValueError(
                f"space names {unknown}, which are not parameters of "
                f"{type(self.estimator).__name__}; "
                + (f"{hints}; " if hints else "")
                + f"use names from estimator.get_params(), for example {sorted(valid)[:6]}."
            )
        grid_style = [name for name in self._list_entries()
                      if not self._takes_whole(name, self.space[name])]
        if grid_style:
            name = grid_style[0]
            values = self.space[name]
            values = values.tolist() if isinstance(values, np.ndarray) else list(values)
            raise ValueError(
                f"space entries {grid_style} are lists of values (GridSearchCV's "
                "param_grid), which hyperopt would pass whole, as one value, to every "
                f"trial: write hyperopt.hp.choice({name!r}, {values!r}) "
                "to pick one of them (hp.uniform, hp.loguniform for a range)."
            )

    def _list_entries(self):
        """The space's entries that are plain lists of values (no hyperopt expression)."""
        return sorted(
            str(name) for name, value in self.space.items()
            if isinstance(value, (list, tuple, np.ndarray)) and len(value)
            and not any(isinstance(v, Apply) for v in value)
        )

    def _list_entries_hint(self):
        """What to say of plain lists in the space when every trial failed ("" if none)."""
        lists = self._list_entries()
        if not lists:
            return ""
        return (f" The space entries {lists} are lists, passed whole to every trial as one "
                "value: if they are the values to choose from, write hyperopt.hp.choice("
                "name, [...]) for each.")

    def _takes_whole(self, name, value):
        """Whether the parameter ``name`` accepts the list ``value`` as one value.

        A constant list (per-feature ``input_scaling``) is a hyperopt space
        of one point: kept. A list that the parameter's own validation
        refuses (``leak_rate=[0.1, 0.5]``) was meant as GridSearchCV's grid.
        """
        probe = clone(self.estimator)
        try:
            probe.set_params(**{name: value})
            head = name.rpartition("__")[0]
            target = probe.get_params()[head] if head else probe
            validate = getattr(target, "_validate_params", None)
            if validate is not None:
                validate()
        except Exception:  # refused by set_params or by the parameter's constraints
            return False
        return True

    def _finish(self):
        self.trials_ = self._trials
        del self._trials

    # -- in-process search: scikit-learn's machinery -------------------------
    def _run_search(self, evaluate_candidates):
        metric = self._metric()
        progress = _Progress(self.max_evals - len(self._trials.trials), self._progress_verbose)

        n_recorded = n_scored = 0

        def objective(params):
            nonlocal n_recorded, n_scored
            try:
                results = evaluate_candidates([dict(params)])
            except ValueError as exc:
                if not _all_folds_failed(exc, self.error_score):
                    raise_with_scope_int_hint(exc, self.space)
                progress.update(np.nan)
                return _failed_trial(exc)
            n_recorded += 1
            key = f"mean_test_{metric}"
            if key not in results:  # a callable scorer returned a dict: its first metric
                key = next(k for k in results if k.startswith("mean_test_"))
            score = results[key][-1]
            n_scored += bool(np.isfinite(score))
            progress.update(score)
            # the candidate's results, kept with the trial for a search that continues
            return {**_trial_results(results), **_loss(score)}

        try:
            _minimize(objective, self.space, self._algo(), self.max_evals, self._trials,
                      self.random_state, show_progressbar=False)
        finally:
            progress.close()
            self._finish()
        if not n_recorded:
            if getattr(self, "_continuing", False):
                raise _NoNewScores  # the earlier trials give the results
            raise ValueError(no_trial_message(self.trials_, _NO_TRIAL_MESSAGE, self.space)
                             + self._list_entries_hint())
        if not n_scored and not getattr(self, "_continuing", False):
            # best_params_ was the first trial's, and it was refitted, silently
            n_run = len(self.trials_.trials)
            n_failed = n_run - n_recorded
            failed = (f"{n_failed} failed on every split and " if n_failed else "")
            message = (
                f"All {n_run} trials scored NaN (no finite mean test score), so no trial "
                f"ranks above another: {failed}{n_recorded} had a split whose fit or "
                "score failed or gave NaN (with error_score=nan one such split makes the "
                "mean NaN; the FitFailedWarning or 'Scoring failed' warnings above say "
                "why). Pass error_score='raise' to see the first error where it happens.")
            hint = getattr(self, "_nan_hint", None)
            raise ValueError(no_trial_message(self.trials_, message, self.space)
                             + (hint() if hint is not None else ""))

    # -- search through any trials object: a picklable objective -------------
    def _fit_with_objective(self, X, y=None, **params):
        scoring, refit_metric = search_scorers(self)
        X, y = indexable(X, y)
        groups = params.pop("groups", None)
        cv = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
        splits = list(cv.split(X, y, groups))
        self.n_splits_ = len(splits)
        metric = self._metric()
        objective = SearchObjective(
            clone(self.estimator), X, y, splits, scoring, metric=metric, fit_params=params,
            n_jobs=self.n_jobs, error_score=self.error_score,
            return_train_score=self.return_train_score,
        )
        prepare_trials(self._trials)
        try:
            _minimize(objective, self.space, self._algo(), self.max_evals, self._trials,
                      self.random_state, show_progressbar=bool(self.verbose))
        finally:
            self._finish()
        return self._from_trials(X, y, params, scoring, refit_metric)

    def _from_trials(self, X, y, params, scoring, refit_metric):
        """``cv_results_``, the best candidate and its refit, from every trial of
        ``trials_`` that holds scores (those of an earlier fit included)."""
        multimetric = isinstance(scoring, Mapping)
        candidates, out = [], []
        stored = [trial for trial in self.trials_.trials if _stored(trial)]
        self.n_splits_ = len(stored[0]["result"]["fit_time"]) if stored else 0
        for trial in stored:
            result = trial["result"]
            if len(result["fit_time"]) != self.n_splits_:
                raise ValueError(
                    "trials holds trials of searches with different numbers of folds "
                    f"({self.n_splits_} and {len(result['fit_time'])}): continue a search "
                    "with the cv it started with, or pass a new hyperopt.Trials()."
                )
            vals = {k: v[0] for k, v in trial["misc"]["vals"].items() if len(v)}
            candidates.append(space_eval(self.space, vals))
            for i in range(self.n_splits_):
                split = {"fit_time": result["fit_time"][i],
                         "score_time": result["score_time"][i]}
                for kind in ("test_scores", "train_scores"):
                    if kind in result:
                        scores = {n: s[i] for n, s in result[kind].items()}
                        split[kind] = scores if multimetric else scores["score"]
                out.append(split)
        if not candidates:
            raise ValueError(no_trial_message(self.trials_, _NO_TRIAL_MESSAGE, self.space)
                             + self._list_entries_hint())
        results = format_search_results(self, candidates, self.n_splits_, out)
        self.multimetric_ = multimetric
        if self.refit or not multimetric:
            self.best_index_ = select_best_index(self, self.refit, refit_metric, results)
            if not callable(self.refit):
                self.best_score_ = results[f"mean_test_{refit_metric}"][self.best_index_]
            self.best_params_ = results["params"][self.best_index_]
        if self.refit:
            self.best_estimator_ = clone(self.estimator).set_params(
                **clone(self.best_params_, safe=False))
            start = time.time()
            if y is None:
                self.best_estimator_.fit(X, **params)
            else:
                self.best_estimator_.fit(X, y, **params)
            self.refit_time_ = time.time() - start
            if hasattr(self.best_estimator_, "feature_names_in_"):
                self.feature_names_in_ = self.best_estimator_.feature_names_in_
        self.scorer_ = scoring
        self.cv_results_ = results
        return self

