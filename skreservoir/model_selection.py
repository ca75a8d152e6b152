"""Hyperparameter search with hyperopt behind scikit-learn's search interface."""

import copy
import math
import numbers
import time
import warnings
from collections.abc import Mapping

import numpy as np
from sklearn.base import clone, is_classifier
from sklearn.exceptions import FitFailedWarning
from sklearn.metrics import get_scorer_names
from sklearn.model_selection import check_cv, cross_validate
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import indexable

from skreservoir._config import ConfiguredCall, get_config
from skreservoir._sklearn_compat import (
    BaseSearchCV,
    Interval,
    StrOptions,
    format_search_results,
    search_scorers,
    select_best_index,
)

try:
    from hyperopt import STATUS_FAIL, STATUS_OK, Trials, anneal, fmin, hp, rand, space_eval, tpe
    from hyperopt.exceptions import AllTrialsFailed
except ImportError as exc:  # pragma: no cover - exercised without hyperopt only
    raise ImportError(
        "skreservoir.model_selection needs hyperopt. Install it with "
        'pip install "skreservoir[hyperopt]".'
    ) from exc

__all__ = ["HyperoptSearchCV", "SearchObjective", "reservoir_space"]

_ALGOS = {"tpe": tpe.suggest, "random": rand.suggest, "anneal": anneal.suggest}

_SKRESERVOIR_SCORERS = ("neg_nrmse", "neg_nrmse_range", "neg_nrmse_var")

_NO_TRIAL_MESSAGE = (
    "No trial gave scores: every fold of every trial failed. Set error_score='raise' "
    "to see the error, and check the estimator and the search space."
)

#: Default ranges of :func:`reservoir_space` (low, high), all log-uniform.
RESERVOIR_SPACE_RANGES = {
    "spectral_radius": (1e-2, 10.0),
    "leak_rate": (1e-3, 1.0),
    "input_scaling": (1e-2, 10.0),
    "alpha": (1e-9, 1e-2),
}


def reservoir_space(*, spectral_radius=(1e-2, 10.0), leak_rate=(1e-3, 1.0),
                    input_scaling=(1e-2, 10.0), alpha=(1e-9, 1e-2),
                    reservoir_prefix="reservoir__", readout_prefix="readout__"):
    r"""Default hyperopt search space of an echo state network.

    Every hyperparameter is drawn log-uniformly,
    :math:`\log v \sim U(\log \mathrm{low}, \log \mathrm{high})`, since its
    effect spans orders of magnitude. The default ranges follow the random
    search of Hinaut & Trouvain (2021), which is ReservoirPy's hyperparameter
    tutorial:

    ===================  =================  ===================
    parameter            ReservoirPy name   default range
    ===================  =================  ===================
    ``spectral_radius``  ``sr``             [1e-2, 10]
    ``leak_rate``        ``lr``             [1e-3, 1]
    ``input_scaling``    ``input_scaling``  [1e-2, 10]
    ``alpha``            ``ridge``          [1e-9, 1e-2]
    ===================  =================  ===================

    Parameters
    ----------
    spectral_radius, leak_rate, input_scaling, alpha : tuple of (float, float) or None
        ``(low, high)`` bounds, both > 0; None leaves the parameter out of
        the space. The keys take the reservoir prefix, except ``alpha`` which
        takes the readout prefix.
    reservoir_prefix : str, default=\ ``"reservoir__"``
        Prefix of the reservoir's parameters: the default suits
        ``ESNRegressor(reservoir=Reservoir(), readout=RidgeReadout())`` and
        ``ESNForecaster(reservoir=Reservoir(), readout=RidgeReadout())``;
        ``""`` for a bare :class:`~skreservoir.Reservoir`,
        ``"esnregressor__reservoir__"`` inside a pipeline.
    readout_prefix : str, default=\ ``"readout__"``
        Prefix of the readout's parameters.

    Returns
    -------
    space : dict
        ``{parameter name: hyperopt expression}``, ready for
        :class:`HyperoptSearchCV`.

    References
    ----------
    .. [1] X. Hinaut and N. Trouvain, "Which hype for my new task? Hints and
       random search for echo state networks hyperparameters", ICANN 2021.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperopt.pyll.stochastic import sample
    >>> from skreservoir.model_selection import reservoir_space
    >>> space = reservoir_space(input_scaling=None)
    >>> sorted(space)
    ['readout__alpha', 'reservoir__leak_rate', 'reservoir__spectral_radius']
    >>> point = sample(space, rng=np.random.default_rng(0))
    >>> bool(1e-9 <= point["readout__alpha"] <= 1e-2)
    True
    """
    bounds = {
        reservoir_prefix + "spectral_radius": spectral_radius,
        reservoir_prefix + "leak_rate": leak_rate,
        reservoir_prefix + "input_scaling": input_scaling,
        readout_prefix + "alpha": alpha,
    }
    space = {}
    for name, pair in bounds.items():
        if pair is None:
            continue
        try:
            low, high = (float(v) for v in pair)
        except (TypeError, ValueError):
            raise ValueError(f"The range of {name} must be (low, high), got {pair!r}.") from None
        if not 0 < low < high:
            raise ValueError(f"The range of {name} must satisfy 0 < low < high, got {pair!r}.")
        space[name] = hp.loguniform(name, math.log(low), math.log(high))
    return space


def _hyperopt_rng(random_state):
    """Turn a scikit-learn style ``random_state`` into hyperopt's Generator."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(random_state.randint(np.iinfo(np.int32).max))
    return np.random.default_rng(random_state)


def _minimize(objective, space, algo, max_evals, trials, random_state, show_progressbar):
    """Run ``hyperopt.fmin``; a search whose trials all failed is reported by the caller."""
    try:
        fmin(objective, space, algo=algo, max_evals=max_evals, trials=trials,
             rstate=_hyperopt_rng(random_state), show_progressbar=show_progressbar,
             return_argmin=False)
    except AllTrialsFailed:
        pass


def _loss(score):
    """Hyperopt result of a (greater is better) score: failed when not finite."""
    score = float(score)
    if not np.isfinite(score):
        return {"loss": None, "status": STATUS_FAIL}
    return {"loss": -score, "status": STATUS_OK}


def _all_folds_failed(exc, error_score):
    """Whether ``exc`` is scikit-learn's "All the n fits failed" (not to be raised)."""
    return (not (isinstance(error_score, str) and error_score == "raise")
            and isinstance(exc, ValueError) and "fits failed" in str(exc))


def _failed_trial(exc):
    """Hyperopt result of a trial whose every fold failed, with a warning."""
    warnings.warn(f"Every fold of a trial failed; the trial is left out of cv_results_. {exc}",
                  FitFailedWarning, stacklevel=3)
    return {"loss": None, "status": STATUS_FAIL, "error": str(exc).strip().splitlines()[0]}


class SearchObjective:
    """Picklable objective of one search trial: cross-validation of a candidate.

    Everything a trial needs travels with the object (estimator, data, splits,
    scorers, fit parameters), so hyperopt's ``SparkTrials`` and ``MongoTrials``
    can evaluate it in another process or machine. Calling it with a
    candidate ``params`` (a dict of estimator parameters) runs
    :func:`sklearn.model_selection.cross_validate` and returns hyperopt's
    result dict: ``loss`` (minus the mean test score of ``metric``),
    ``status`` and the per-split scores and times, lists of floats, from
    which :class:`HyperoptSearchCV` builds ``cv_results_``.

    Parameters
    ----------
    estimator : estimator
        The estimator; cloned on every call.
    X, y : array-like
        The data.
    splits : list of (train, test) index arrays
        The cross-validation splits.
    scoring : callable, dict of callables or None
        Scorer(s) as :func:`~sklearn.model_selection.cross_validate` takes.
    metric : str, default="score"
        The metric to optimise: ``"score"`` for a single scorer, else a key
        of ``scoring``.
    fit_params : dict, default=None
        Parameters of the estimator's ``fit``.
    n_jobs : int, default=None
        Jobs over the splits (joblib).
    error_score : "raise" or float, default=np.nan
        Score of a failed fit.
    return_train_score : bool, default=False
        Also score the training folds.
    config : dict, default=None
        The skreservoir configuration (:func:`skreservoir.get_config`) the
        trials run under, wherever they run; None takes the configuration
        current when the objective is created.

    Examples
    --------
    >>> import pickle
    >>> import numpy as np
    >>> from sklearn.linear_model import Ridge
    >>> from sklearn.model_selection import KFold
    >>> from skreservoir.model_selection import SearchObjective
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(40, 2))
    >>> y = X @ [1.0, 2.0] + rng.normal(size=40)
    >>> objective = SearchObjective(Ridge(), X, y, list(KFold(4).split(X)), None)
    >>> result = pickle.loads(pickle.dumps(objective))({"alpha": 0.1})
    >>> print(result["status"], round(result["loss"], 4))
    ok -0.7888
    """

    def __init__(self, estimator, X, y, splits, scoring, *, metric="score", fit_params=None,
                 n_jobs=None, error_score=np.nan, return_train_score=False, config=None):
        self.config = get_config() if config is None else dict(config)
        self.estimator = estimator
        self.X = X
        self.y = y
        self.splits = splits
        self.scoring = scoring
        self.metric = metric
        self.fit_params = fit_params
        self.n_jobs = n_jobs
        self.error_score = error_score
        self.return_train_score = return_train_score

    def __call__(self, params):
        estimator = clone(self.estimator).set_params(**clone(dict(params), safe=False))
        # Every split runs in a joblib task that applies this objective's
        # skreservoir configuration: scikit-learn's own parallel loop would
        # carry scikit-learn's configuration to its workers, not ours.
        run_split = ConfiguredCall(_cross_validate_split, self.config)
        parts = Parallel(n_jobs=self.n_jobs)(
            delayed(run_split)(estimator, self.X, self.y, split, self.scoring,
                               self.fit_params, self.error_score, self.return_train_score)
            for split in self.splits
        )
        failures = [part for part in parts if isinstance(part, ValueError)]
        if len(failures) == len(parts):
            return _failed_trial(failures[0])
        if failures:
            warnings.warn(
                f"{len(failures)} of the {len(parts)} folds of a trial failed and were "
                f"scored error_score={self.error_score!r}. {failures[0]}",
                FitFailedWarning, stacklevel=2)
            template = next(part for part in parts if not isinstance(part, ValueError))
            parts = [
                {key: (np.asarray([0.0]) if key.endswith("_time")
                       else np.asarray([self.error_score], dtype=float))
                 for key in template}
                if isinstance(part, ValueError) else part
                for part in parts
            ]
        raw = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
        names = ([k[len("test_"):] for k in raw if k.startswith("test_")]
                 if isinstance(self.scoring, Mapping) else ["score"])
        result = {
            "fit_time": [float(v) for v in raw["fit_time"]],
            "score_time": [float(v) for v in raw["score_time"]],
            "n_test_samples": [len(test) for _, test in self.splits],
            "test_scores": {n: [float(v) for v in raw[f"test_{n}"]] for n in names},
            "multimetric": isinstance(self.scoring, Mapping),
        }
        if self.return_train_score:
            result["train_scores"] = {n: [float(v) for v in raw[f"train_{n}"]] for n in names}
        result.update(_loss(np.mean(result["test_scores"][self.metric])))
        return result


def _cross_validate_split(estimator, X, y, split, scoring, fit_params, error_score,
                          return_train_score):
    """Cross-validate one (train, test) split; an all-failed split returns its error."""
    try:
        return cross_validate(
            estimator, X, y, cv=[split], scoring=scoring, params=fit_params or None, n_jobs=1,
            error_score=error_score, return_train_score=return_train_score,
        )
    except ValueError as exc:
        if not _all_folds_failed(exc, error_score):
            raise
        return exc


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


class HyperoptSearchCV(BaseSearchCV):
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
        The estimator to tune.
    space : dict
        ``{parameter name: hyperopt expression or constant}``; names are the
        estimator's parameters, nested ones included
        (``reservoir__spectral_radius``). Integer parameters need
        ``hyperopt.pyll.scope.int(hp.quniform(...))``. See
        :func:`reservoir_space` for a default.
    max_evals : int, default=50
        Number of trials (counting those already in ``trials``, as
        ``hyperopt.fmin`` does).
    algo : {"tpe", "random", "anneal"} or callable, default="tpe"
        Hyperopt's search algorithm: ``tpe.suggest``, ``rand.suggest``,
        ``anneal.suggest``, or any suggest function.
    trials : hyperopt Trials, default=None
        Where trials are stored and run; a new ``Trials()`` when None. Kept
        as ``trials_``.
    scoring : str, callable, list, tuple or dict, default=None
        As in ``GridSearchCV``; several metrics need ``refit`` to name the
        one to optimise (else the first is optimised). Skreservoir's
        ``"neg_nrmse"`` is passed as ``skreservoir.metrics.get_scorer("neg_nrmse")``.
    cv : int, cross-validation generator or iterable, default=None
        As in ``GridSearchCV``. Use ``TimeSeriesSplit`` for one series.
    refit : bool, str or callable, default=True
        As in ``GridSearchCV``.
    n_jobs : int, default=None
        Jobs over the folds of a trial (joblib).
    random_state : int, RandomState instance, Generator or None, default=None
        Seeds hyperopt's ``rstate`` (a ``np.random.default_rng``): a seeded
        search proposes the same candidates again.
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
    0.0046
    """

    _parameter_constraints: dict = {
        **BaseSearchCV._parameter_constraints,
        "space": [dict],
        "max_evals": [Interval(numbers.Integral, 1, None, closed="left")],
        "algo": [StrOptions(set(_ALGOS)), callable],
        "trials": "no_validation",
        "random_state": ["random_state", np.random.Generator],
    }
    _parameter_constraints.pop("pre_dispatch")
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
        self._check_scoring_name()
        self._validate_params()
        self._check_space()
        if self._uses_remote_trials():
            self._trials = self.trials
            return self._fit_with_objective(X, y, **params)
        # scikit-learn's search machinery prints "Fitting n folds" and passes
        # verbose to every fit; the progress bar replaces those lines, so the
        # machinery runs on a shallow copy whose verbose is one lower (a
        # parameter is never changed by fit), and its fitted attributes are
        # copied back.
        runner = copy.copy(self)
        runner.verbose = max(0, self.verbose - 1)
        runner._progress_verbose = self.verbose
        runner._trials = Trials() if self.trials is None else self.trials
        BaseSearchCV.fit(runner, X, y, **params)
        parameters = self.get_params(deep=False)
        for name, value in vars(runner).items():
            if name not in parameters and not name.startswith("_"):
                setattr(self, name, value)
        return self

    def _check_scoring_name(self):
        """Say how to pass skreservoir's scorer names, which scikit-learn does not know."""
        names = [self.scoring] if isinstance(self.scoring, str) else (
            list(self.scoring) if isinstance(self.scoring, (list, tuple)) else [])
        for name in names:
            if isinstance(name, str) and name not in get_scorer_names():
                ours = name if name in _SKRESERVOIR_SCORERS else "neg_nrmse"
                raise ValueError(
                    f"scoring={self.scoring!r}: {name!r} is not a scikit-learn scorer "
                    "name (sklearn.metrics.get_scorer_names()). For skreservoir's "
                    f"scorers pass the scorer itself, scoring=skreservoir.metrics."
                    f"get_scorer({ours!r}), or a dict of them."
                )

    def _check_space(self):
        """Reject an empty space or one naming no parameter of the estimator."""
        if not self.space:
            raise ValueError(
                "space must hold at least one entry {parameter name: hyperopt "
                "expression}, got an empty dict; for example "
                "skreservoir.model_selection.reservoir_space() for an ESN."
            )
        valid = self.estimator.get_params(deep=True)
        unknown = sorted(str(name) for name in self.space if name not in valid)
        if unknown:
            raise ValueError(
                f"space names {unknown}, which are not parameters of "
                f"{type(self.estimator).__name__}; use names from "
                f"estimator.get_params(), for example {sorted(valid)[:6]}."
            )

    def _finish(self):
        self.trials_ = self._trials
        del self._trials

    # -- in-process search: scikit-learn's machinery -------------------------
    def _run_search(self, evaluate_candidates):
        metric = self._metric()
        progress = _Progress(self.max_evals - len(self._trials.trials), self._progress_verbose)

        n_recorded = 0

        def objective(params):
            nonlocal n_recorded
            try:
                results = evaluate_candidates([dict(params)])
            except ValueError as exc:
                if not _all_folds_failed(exc, self.error_score):
                    raise
                progress.update(np.nan)
                return _failed_trial(exc)
            n_recorded += 1
            key = f"mean_test_{metric}"
            if key not in results:  # a callable scorer returned a dict: its first metric
                key = next(k for k in results if k.startswith("mean_test_"))
            score = results[key][-1]
            progress.update(score)
            return _loss(score)

        try:
            _minimize(objective, self.space, self._algo(), self.max_evals, self._trials,
                      self.random_state, show_progressbar=False)
        finally:
            progress.close()
            self._finish()
        if not n_recorded:
            raise ValueError(_NO_TRIAL_MESSAGE)

    # -- search through any trials object: a picklable objective -------------
    def _fit_with_objective(self, X, y=None, **params):
        scoring, refit_metric = search_scorers(self)
        multimetric = isinstance(scoring, Mapping)
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
        try:
            _minimize(objective, self.space, self._algo(), self.max_evals, self._trials,
                      self.random_state, show_progressbar=bool(self.verbose))
        finally:
            self._finish()

        candidates, out = [], []
        for trial in self.trials_.trials:
            result = trial.get("result") or {}
            if "test_scores" not in result:
                continue
            vals = {k: v[0] for k, v in trial["misc"]["vals"].items() if len(v)}
            candidates.append(space_eval(self.space, vals))
            for i in range(self.n_splits_):
                split = {
                    "fit_time": result["fit_time"][i],
                    "score_time": result["score_time"][i],
                    "n_test_samples": result["n_test_samples"][i],
                }
                for kind in ("test_scores", "train_scores"):
                    if kind in result:
                        scores = {n: s[i] for n, s in result[kind].items()}
                        split[kind] = scores if multimetric else scores["score"]
                out.append(split)
        if not candidates:
            raise ValueError(_NO_TRIAL_MESSAGE)
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
