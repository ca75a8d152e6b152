"""The objective of a hyperopt search: cross-validated scores of one candidate."""

import numbers
import os
import re
import sys
import warnings
from collections.abc import Mapping

import numpy as np
from hyperopt import STATUS_FAIL, STATUS_OK, fmin
from hyperopt.exceptions import AllTrialsFailed
from sklearn.base import clone
from sklearn.exceptions import FitFailedWarning
from sklearn.model_selection import cross_validate
from sklearn.utils.parallel import Parallel, delayed

from skreservoir._config import ConfiguredCall, get_config
from skreservoir._sklearn_compat import InvalidParameterError
from skreservoir._validation import check_params_dict

_SKRESERVOIR_SCORERS = ("neg_nrmse", "neg_nrmse_range", "neg_nrmse_var")


def _hyperopt_rng(random_state, n_done=0):
    """Turn a scikit-learn style ``random_state`` into hyperopt's Generator.

    ``n_done``: the trials already in the trials object. A search that
    continues (its trials passed back with a larger ``max_evals``) seeded
    by an int draws from ``(random_state, n_done)``: seeded by
    ``random_state`` alone, it proposed its first candidates again (random
    search and TPE's random start alike). A first fit's draws are unchanged.
    """
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(random_state.randint(np.iinfo(np.int32).max))
    if n_done and isinstance(random_state, numbers.Integral):
        return np.random.default_rng([int(random_state), int(n_done)])
    return np.random.default_rng(random_state)


def _minimize(objective, space, algo, max_evals, trials, random_state, show_progressbar):
    """Run ``hyperopt.fmin``; a search whose trials all failed is reported by the caller."""
    try:
        fmin(objective, space, algo=algo, max_evals=max_evals, trials=trials,
             rstate=_hyperopt_rng(random_state, len(trials.trials)),
             show_progressbar=show_progressbar,
             return_argmin=False)
    except AllTrialsFailed:
        pass


def prepare_trials(trials):
    """Let a local-mode ``SparkTrials`` run its trials in this Python interpreter.

    Spark starts its Python workers with ``PYSPARK_PYTHON`` (``python3`` on
    the PATH when unset), which may be an interpreter without skreservoir:
    every trial would then fail with ``No module named 'skreservoir'``. When
    the variable is unset and Spark runs in local mode (its workers on this
    machine), the context's workers use ``sys.executable``, the interpreter
    of this search. On a cluster, the workers' Python is the cluster's
    setting (``PYSPARK_PYTHON`` or ``spark.pyspark.python``), and a search
    whose trials all fail says so (:func:`no_trial_message`).
    """
    context = getattr(trials, "_spark_context", None)  # hyperopt's SparkTrials
    if context is None or os.environ.get("PYSPARK_PYTHON"):
        return
    if str(context.master).startswith("local") and context.pythonExec != sys.executable:
        context.pythonExec = sys.executable


#: A group of scikit-learn's "All the n fits failed" message: the fits that
#: failed with one traceback (``sklearn.model_selection._validation``).
_FIT_ERROR_GROUP = re.compile(r"^-{80}\n\d+ fits? failed with the following error:\n", re.M)

#: scikit-learn's message of a parameter that its constraints refuse.
_INVALID_PARAMETER = re.compile(
    r"The '(?P<name>[^']+)' parameter of \S+ must be (?P<rule>.+)\. "
    r"Got (?P<value>.+) instead\."
)


def fit_error(exc):
    """The error of the first failed fit in scikit-learn's "All the n fits failed" ``exc``.

    The last line of the first traceback that the message holds (the
    exception's class and message, with any lines of the message that
    follow it); the first line of ``exc`` when it holds no traceback.
    """
    text = str(exc)
    groups = _FIT_ERROR_GROUP.split(text)
    lines = groups[1].rstrip().splitlines() if len(groups) > 1 else []
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if (re.match(r"[A-Za-z_][\w.]*(:|$)", line)
                and not line.startswith(("Traceback", "During handling", "The above"))):
            return " ".join(part.strip() for part in lines[i:] if part.strip())
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def scope_int_hint(text, space=None):
    """What to do when ``text`` says that an int parameter got a whole-number float.

    hyperopt's quantized expressions (``hp.quniform`` and the like) draw
    floats such as 50.0, which scikit-learn's parameter validation refuses
    for an int parameter: the fix is ``hyperopt.pyll.scope.int(...)``.
    Returns ``""`` when ``text`` says something else. With ``space``, the
    hint names the space's entry for the parameter.
    """
    match = _INVALID_PARAMETER.search(str(text))
    if match is None or not re.search(r"\bint\b|Integral", match["rule"]):
        return ""
    value = re.sub(r"^np\.float\d+\((.*)\)$", r"\1", match["value"].strip())
    try:
        number = float(value)
    except ValueError:  # not a number (a string, a list)
        return ""
    # an int (written without a point) is refused for another reason: its range
    if not (np.isfinite(number) and number.is_integer()) or re.fullmatch(r"[+-]?\d+", value):
        return ""
    name = match["name"]
    entries = [str(key) for key in (space or {})
               if str(key) == name or str(key).endswith("__" + name)]
    if len(entries) == 1:
        entry = entries[0]
        fix = (f"Wrap the expression of {entry!r} in hyperopt.pyll.scope.int(...), for "
               f"example {entry!r}: scope.int(hp.quniform({entry!r}, low, high, q)).")
    else:
        fix = ("Wrap the space's expression for it in hyperopt.pyll.scope.int(...), for "
               "example scope.int(hp.quniform(name, low, high, q)).")
    return (
        f" The {name!r} parameter takes an int and got the float "
        f"{match['value']}: hyperopt's quantized expressions (hp.quniform, hp.qloguniform, "
        f"hp.qnormal, hp.qlognormal) give floats. {fix}"
    )


def first_trial_error(trials):
    """``(kind, detail)`` of the first trial that recorded an error, or None.

    A trial that raised has hyperopt's ``misc["error"]`` (the exception's
    class and text); a trial whose every fold failed has the ``error`` of
    its result (:func:`fit_error`), ``kind`` None.
    """
    # hyperopt's ``trials.trials`` leaves out the trials in the error state
    recorded = getattr(trials, "_dynamic_trials", None) or getattr(trials, "trials", [])
    for trial in recorded:
        raised = (trial.get("misc") or {}).get("error")
        if raised:
            kind, text = raised
            lines = [line.strip() for line in str(text).strip().splitlines()
                     if line.strip() and line.strip() != "None"]
            missing = [line for line in lines if "No module named" in line]
            return kind, missing[0] if missing else (lines[-1] if lines else "")
        failed = (trial.get("result") or {}).get("error")
        if failed:
            return None, str(failed)
    return None


def no_trial_message(trials, message, space=None):
    """``message``, with the first error that the trials recorded, what to do when it
    is a whole-number float given to an int parameter (:func:`scope_int_hint`, naming
    the entry of ``space``) and, for Spark, what to set."""
    error = first_trial_error(trials)
    if error is None:
        return message
    kind, detail = error
    if kind is None:
        message = f"{message} The first trial's error: {detail[-500:]}"
    else:
        message = f"{message} The first trial's error: {kind}" + (
            f": {detail[-500:]}" if detail else "")
    message += scope_int_hint(detail, space)
    if getattr(trials, "_spark_context", None) is not None:
        message += ("" if message.endswith(".") else ".") + (
            " When Spark's log (or this error) says No module named 'skreservoir', "
            "Spark's Python workers run another interpreter than this one: set the "
            "environment variable PYSPARK_PYTHON (or the Spark setting "
            "spark.pyspark.python) to an interpreter that has skreservoir, such as "
            f"{sys.executable}, before the SparkSession starts."
        )
    return message


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
    """Hyperopt result of a trial whose every fold failed, with a warning.

    The result's ``error`` is the first fold's error (:func:`fit_error`); the
    warning says what to do when it is a whole-number float given to an int
    parameter.
    """
    error = fit_error(exc)
    warnings.warn(f"Every fold of a trial failed; the trial is left out of cv_results_."
                  f"{scope_int_hint(error)} {exc}", FitFailedWarning, stacklevel=3)
    return {"loss": None, "status": STATUS_FAIL, "error": error}


def raise_with_scope_int_hint(exc, space=None):
    """Raise ``exc`` again, as an InvalidParameterError whose message ends with
    :func:`scope_int_hint` where it refused a whole-number float to an int parameter.

    Call it in the ``except`` block that caught ``exc``.
    """
    hint = scope_int_hint(str(exc), space) if isinstance(exc, InvalidParameterError) else ""
    if not hint:
        raise exc
    raise InvalidParameterError(f"{exc}{hint}") from exc



def _check_splits(splits):
    """The (train, test) pairs as a list, or refused by name (a string or a list of
    arrays failed later with "not enough values to unpack")."""
    try:
        pairs = [] if isinstance(splits, (str, bytes)) else [tuple(pair) for pair in splits]
    except TypeError:
        pairs = []
    if not pairs or any(len(pair) != 2 for pair in pairs):
        raise ValueError(
            "splits must be a non-empty list of (train, test) index arrays, for example "
            f"list(sklearn.model_selection.KFold(5).split(X)); got {splits!r}."
        )
    return pairs


def _check_split_range(pairs, X):
    """Refuse split indices outside ``X``'s rows (or series), by split (numpy's IndexError
    from inside a fold named neither the split nor the data)."""
    try:
        n = len(X)
    except TypeError:
        return  # no length here: cross_validate says what it makes of X
    for k, pair in enumerate(pairs):
        for part, name in zip(pair, ("train", "test")):
            indices = np.asarray(part)
            if indices.dtype == bool:
                if indices.shape != (n,):
                    raise ValueError(
                        f"splits[{k}]'s {name} mask has shape {indices.shape}, not one value "
                        f"per row of X ({n},).")
            elif indices.size and indices.dtype.kind in "iu" and (
                    indices.max() >= n or indices.min() < -n):
                worst = int(indices.max()) if indices.max() >= n else int(indices.min())
                raise ValueError(
                    f"splits[{k}]'s {name} indices reach {worst}, past the {n} rows "
                    "(series, for a panel) of X: make the splits from this X, for "
                    "example list(TimeSeriesSplit(5).split(X)).")


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
    scoring : str, callable, list, tuple, dict or None, default=None
        Scorer(s) as :func:`~sklearn.model_selection.cross_validate` takes;
        a name is read by :func:`skreservoir.metrics.get_scorer`, as
        :class:`HyperoptSearchCV` reads it (skreservoir's names, and
        scikit-learn's scored on the rows an ESN's ``score`` scores). None:
        the estimator's ``score``.
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

    def __init__(self, estimator, X, y, splits, scoring=None, *, metric="score",
                 fit_params=None, n_jobs=None, error_score=np.nan, return_train_score=False,
                 config=None):
        self.config = get_config() if config is None else dict(config)
        self.estimator = estimator
        self.X = X
        self.y = y
        self.splits = _check_splits(splits)
        _check_split_range(self.splits, X)
        self.scoring = _named_scorers(scoring)
        self.metric = _check_metric(metric, self.scoring)
        self.fit_params = fit_params
        self.n_jobs = n_jobs
        self.error_score = error_score
        self.return_train_score = return_train_score

    def __call__(self, params):
        params = check_params_dict(params, type(self).__name__)
        estimator = clone(self.estimator).set_params(**clone(params, safe=False))
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


def _check_metric(metric, scoring):
    """``metric`` if the trials report it: ``"score"`` for a single scorer, a key of
    ``scoring`` for several (a KeyError after every split was fitted, before)."""
    names = list(scoring) if isinstance(scoring, Mapping) else ["score"]
    if metric not in names:
        raise ValueError(
            f"metric={metric!r} is not a score the trials report: pass "
            + (f"one of the keys of scoring ({', '.join(map(repr, names))})"
               if isinstance(scoring, Mapping) else
               "metric='score' (a single scorer), or scoring as a dict of scorers "
               "with this key")
            + "."
        )
    return metric


def _named_scorers(scoring):
    """``scoring`` with every scorer name read by :func:`skreservoir.metrics.get_scorer`
    (a list or tuple of names becomes a dict, as cross_validate reads it)."""
    from skreservoir.metrics import get_scorer

    if isinstance(scoring, str):
        return get_scorer(scoring)
    if isinstance(scoring, (list, tuple, set)) and all(isinstance(n, str) for n in scoring):
        return {name: get_scorer(name) for name in scoring}
    if isinstance(scoring, Mapping):
        return {key: get_scorer(value) if isinstance(value, str) else value
                for key, value in scoring.items()}
    return scoring


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
            raise_with_scope_int_hint(exc)
        return exc


