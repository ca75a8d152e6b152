"""sktime forecasters built on echo state networks and NVAR."""

from numbers import Integral

import numpy as np
import pandas as pd
from scipy.stats import norm
from sklearn.base import clone
from sklearn.utils import check_random_state

try:
    from sktime.forecasting.base import BaseForecaster, ForecastingHorizon
    from sktime.forecasting.model_evaluation import evaluate
except ImportError as exc:  # pragma: no cover - exercised without sktime only
    raise ImportError(
        'skreservoir.forecasting needs sktime: pip install "skreservoir[sktime]"'
    ) from exc

from skreservoir._base import linear_readout
from skreservoir._preprocessing import standardizer
from skreservoir.esn import ESNRegressor
from skreservoir.nvar import NVAR
from skreservoir.readout import RidgeReadout
from skreservoir.reservoir import Reservoir

__all__ = ["ESNForecaster", "ForecastingObjective", "NVARForecaster"]


class _ReservoirForecaster(BaseForecaster):
    """Shared machinery: one-step models run closed loop from the cutoff.

    The model reads u(t) = [y(t), X(t+1)] and predicts y(t+1) (or the
    increment y(t+1) - y(t)). The state at the cutoff c is the state after
    u(c-1); forecasting feeds u(c) = [y(c), X(c+1)], then its own forecasts.
    """

    _tags = {
        # packaging info
        # --------------
        "authors": ["skreservoir developers"],
        "maintainers": ["skreservoir developers"],
        # estimator type
        # --------------
        "y_inner_mtype": "pd.DataFrame",
        "X_inner_mtype": "pd.DataFrame",
        "capability:multivariate": True,
        "capability:exogenous": True,
        "capability:insample": True,
        "capability:missing_values": False,
        "capability:update": True,
        "requires-fh-in-fit": False,
        "X-y-must-have-same-index": True,
        # CI and test flags
        # -----------------
        "tests:core": False,
    }
    # The history the models need is kept here (scaled, as numpy arrays), so
    # sktime's own copy of y and X is not needed.
    _config = {"remember_data": False}

    # -- subclass hooks ---------------------------------------------------
    def _member_models(self):
        """The unfitted ESNRegressor of every ensemble member."""
        raise NotImplementedError

    def _warmup_steps(self):
        """Time steps of a series that never reach the readout in training."""
        return self.washout

    # -- helpers ----------------------------------------------------------
    def _check_target(self):
        if self.target not in ("next", "difference"):
            raise ValueError(
                f"target must be 'next' or 'difference', got {self.target!r}."
            )

    def _scale(self, values, which):
        mean, scale = self._scalers[which]
        return (values - mean) / scale

    def _inputs(self, Y, XX, start, stop):
        """Model inputs u(t) = [y(t), X(t+1)] for positions start..stop-1 (scaled)."""
        U = Y[start:stop]
        if XX is not None:
            U = np.hstack([U, XX[start + 1: stop + 1]])
        return U

    def _targets(self, Y, start, stop):
        """Targets of u(start..stop-1): y(t+1) or y(t+1) - y(t) (scaled)."""
        nxt = Y[start + 1: stop + 1]
        return nxt - Y[start:stop] if self.target == "difference" else nxt

    # -- sktime hooks -----------------------------------------------------
    def _fit(self, y, X, fh):
        self._check_target()
        Y = y.to_numpy(dtype=np.float64)
        XX = None if X is None else X.to_numpy(dtype=np.float64)
        models = self._member_models()
        warmup = max(self._warmup_steps(), 1)
        if len(Y) < warmup + 2:
            raise ValueError(
                f"{type(self).__name__} needs at least {warmup + 2} time points "
                f"(washout plus two), got {len(Y)}."
            )
        self._scalers = {"y": (np.zeros(Y.shape[1]), np.ones(Y.shape[1]))}
        if XX is not None:
            self._scalers["X"] = (np.zeros(XX.shape[1]), np.ones(XX.shape[1]))
        if self.standardize:
            for which, values in (("y", Y), ("X", XX)):
                if values is not None:
                    self._scalers[which] = standardizer(values)
        self._Y = self._scale(Y, "y")
        self._XX = None if XX is None else self._scale(XX, "X")
        U = self._inputs(self._Y, self._XX, 0, len(Y) - 1)
        T = self._targets(self._Y, 0, len(Y) - 1)
        self.estimators_ = [model.fit(U, T) for model in models]
        self._states = [est.state_ for est in self.estimators_]
        return self

    def _update(self, y, X=None, update_params=True):
        Y_new = self._scale(y.to_numpy(dtype=np.float64), "y")
        n_old = len(self._Y)
        self._Y = np.vstack([self._Y, Y_new])
        if self._XX is not None:
            self._XX = np.vstack([self._XX,
                                  self._scale(X.to_numpy(dtype=np.float64), "X")])
        if update_params:
            U = self._inputs(self._Y, self._XX, 0, len(self._Y) - 1)
            T = self._targets(self._Y, 0, len(self._Y) - 1)
            self.estimators_ = [clone(est).fit(U, T) for est in self.estimators_]
            self._states = [est.state_ for est in self.estimators_]
            return self
        # advance every member's state through the new inputs u(n_old-1 .. n-2)
        U = self._inputs(self._Y, self._XX, n_old - 1, len(self._Y) - 1)
        self._states = [
            est.reservoir_.run_batch([U], state[None])[1][0]
            for est, state in zip(self.estimators_, self._states)
        ]
        return self

    def _member_paths(self, fh, X):
        """Per-member predictions for fh, shape (n_members, len(fh), n_vars), scaled."""
        steps = np.asarray(fh.to_relative(self.cutoff), dtype=int).ravel()
        n_vars = self._Y.shape[1]
        paths = np.full((len(self.estimators_), len(steps), n_vars), np.nan)
        insample = steps <= 0
        if np.any(insample):
            positions = len(self._Y) - 1 + steps[insample]
            fitted = self._in_sample(positions)
            paths[:, insample] = fitted
        if np.any(~insample):
            horizon = int(steps.max())
            XX_future = self._future_X(X, horizon, fh)
            closed = np.stack([self._closed_loop(est, state, horizon, XX_future)
                               for est, state in zip(self.estimators_, self._states)])
            paths[:, ~insample] = closed[:, steps[~insample] - 1]
        return paths

    def _in_sample(self, positions):
        """One-step predictions at history positions (NaN where none exists)."""
        U = self._inputs(self._Y, self._XX, 0, len(self._Y) - 1)
        out = np.full((len(self.estimators_), len(positions), self._Y.shape[1]), np.nan)
        valid = positions >= 1
        for i, est in enumerate(self.estimators_):
            pred = est.predict(U).reshape(len(U), -1)
            if self.target == "difference":
                pred = pred + self._Y[:-1]
            out[i, valid] = pred[positions[valid] - 1]
        return out

    def _future_X(self, X, horizon, fh):
        """Scaled exogenous rows for times cutoff+1 .. cutoff+horizon.

        Times without a row in ``X`` (a horizon that skips steps) take the
        last earlier known value, the last training row if none.
        """
        if self._XX is None:
            return None
        if X is None:
            raise ValueError(
                f"{type(self).__name__} was fitted with exogenous X, so predict "
                "needs X for the forecasting horizon."
            )
        index = ForecastingHorizon(np.arange(1, horizon + 1), is_relative=True,
                                   freq=fh.freq).to_absolute_index(self.cutoff)
        known = X.reindex(index).to_numpy(dtype=np.float64)
        future = np.vstack([self._unscale_X_last(), known])
        future = pd.DataFrame(future).ffill().to_numpy()[1:]
        return self._scale(future, "X")

    def _unscale_X_last(self):
        mean, scale = self._scalers["X"]
        return self._XX[-1:] * scale + mean

    def _closed_loop(self, est, state, horizon, XX_future):
        """Forecasts of one member for steps 1..horizon (scaled)."""
        n_vars = self._Y.shape[1]
        u_last = self._Y[-1]
        if XX_future is not None:
            u_last = np.concatenate([u_last, XX_future[0]])
        # consume the pending input u(cutoff), then feed the forecasts back
        state = est.reservoir_.run_batch([u_last[None]], state[None])[1][0]
        readout = linear_readout(est.readout_, est.n_features_in_, est.include_input,
                                 like=est.reservoir_.initial_state_)
        counter = iter(range(1, horizon + 1))
        difference = self.target == "difference"

        def next_input(features, u):
            y_next = np.ravel(readout(features, u))
            if difference:
                y_next = y_next + u[:n_vars]
            i = next(counter)
            if XX_future is None:
                return y_next
            x_next = XX_future[min(i, horizon - 1)]
            return np.concatenate([y_next, x_next])

        generated = est.reservoir_.generate(state, u_last, horizon, next_input)
        return generated[:, :n_vars]

    def _to_frame(self, values, fh, columns):
        index = fh.to_absolute_index(self.cutoff)
        return pd.DataFrame(values, index=index, columns=columns)

    def _unscale(self, values):
        mean, scale = self._scalers["y"]
        return values * scale + mean

    def _predict(self, fh, X):
        paths = self._member_paths(fh, X)
        return self._to_frame(self._unscale(paths.mean(axis=0)), fh,
                              self._get_varnames())

    def _predict_var(self, fh, X=None, cov=False):
        paths = self._unscale(self._member_paths(fh, X))
        return self._to_frame(paths.var(axis=0), fh, self._get_varnames())

    def _predict_quantiles(self, fh, X, alpha):
        paths = self._unscale(self._member_paths(fh, X))
        mean, std = paths.mean(axis=0), paths.std(axis=0)
        columns = self._get_columns(method="predict_quantiles", alpha=alpha)
        values = np.concatenate(
            [mean[:, [j]] + std[:, [j]] * norm.ppf(alpha)[None, :]
             for j in range(mean.shape[1])], axis=1)
        return self._to_frame(values, fh, columns)


class ESNForecaster(_ReservoirForecaster):
    r"""Echo state network forecaster for sktime, with ensemble intervals.

    A one-step model is trained on the history: its input at time t is
    u(t) = [y(t), X(t+1)] (the exogenous X of the next step, when given) and
    its target y(t+1), or the increment y(t+1) - y(t) with
    ``target="difference"``. Forecasts are closed loop (recursive) from the
    reservoir state at the cutoff: each forecast is fed back as the next
    input. In-sample predictions are one-step-ahead predictions.

    Parameters
    ----------
    reservoir : Reservoir, default=None
        The reservoir; ``Reservoir()`` when None. Cloned for every ensemble
        member.
    readout : regressor, default=None
        The readout; ``RidgeReadout(alpha=1e-6)`` when None.
    washout : int, default=0
        Number of first time steps left out of training.
    include_input : bool, default=True
        Give the readout the input next to the state ([u; x]).
    target : {"next", "difference"}, default="next"
        Train on the next value or on the increment.
    n_ensemble : int, default=1
        Number of reservoirs drawn with different seeds. The point forecast
        is their mean; ``predict_var``, ``predict_quantiles`` and
        ``predict_interval`` come from their spread, treated as a normal
        distribution with the ensemble's mean and variance. This spread
        measures the uncertainty of the reservoir draw, not the noise of the
        series, so intervals are prediction intervals only in that sense.
        With ``n_ensemble=1`` the forecaster gives no intervals.
    standardize : bool, default=True
        Scale y (and X) to zero mean and unit variance with the training
        statistics before the reservoir sees them.
    random_state : int, RandomState instance or None, default=None
        Seeds the ensemble: member i gets its own seed drawn from it (or,
        when None, from the reservoir's ``random_state``).

    Attributes
    ----------
    estimators_ : list of ESNRegressor
        The fitted one-step models, one per ensemble member.

    See Also
    --------
    skreservoir.ESNRegressor : The one-step model.

    Examples
    --------
    >>> from sktime.datasets import load_airline
    >>> from skreservoir import Reservoir
    >>> from skreservoir.forecasting import ESNForecaster
    >>> y = load_airline()
    >>> forecaster = ESNForecaster(Reservoir(n_units=50, random_state=0),
    ...                            target="difference", n_ensemble=5)
    >>> forecaster.fit(y[:-12], fh=range(1, 13))
    ESNForecaster(...)
    >>> forecaster.predict().shape
    (12,)
    >>> forecaster.predict_interval(coverage=0.9).shape
    (12, 2)
    """

    _tags = {
        "capability:pred_int": True,
        "capability:pred_int:insample": True,
        "capability:random_state": True,
        "property:randomness": "derandomized",
    }

    def __init__(self, reservoir=None, readout=None, *, washout=0, include_input=True,
                 target="next", n_ensemble=1, standardize=True, random_state=None):
        self.reservoir = reservoir
        self.readout = readout
        self.washout = washout
        self.include_input = include_input
        self.target = target
        self.n_ensemble = n_ensemble
        self.standardize = standardize
        self.random_state = random_state
        super().__init__()
        self._y, self._X = None, None  # filled by sktime if remember_data is set
        if n_ensemble == 1:
            self.set_tags(**{"capability:pred_int": False})

    def _member_models(self):
        if not isinstance(self.n_ensemble, Integral) or self.n_ensemble < 1:
            raise ValueError(f"n_ensemble must be an int >= 1, got {self.n_ensemble!r}.")
        reservoir = Reservoir() if self.reservoir is None else self.reservoir
        readout = RidgeReadout(alpha=1e-6) if self.readout is None else self.readout
        seed_source = (self.random_state if self.random_state is not None
                       else reservoir.get_params().get("random_state"))
        seeds = check_random_state(seed_source).randint(np.iinfo(np.int32).max,
                                                        size=self.n_ensemble)
        members = []
        for seed in seeds:
            member = clone(reservoir)
            if "random_state" in member.get_params():
                member.set_params(random_state=int(seed))
            members.append(ESNRegressor(member, clone(readout), washout=self.washout,
                                        include_input=self.include_input))
        return members

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
            {"reservoir": Reservoir(n_units=20, random_state=0)},
            {"reservoir": Reservoir(n_units=15, leak_rate=0.5, random_state=1),
             "target": "difference", "n_ensemble": 3, "random_state": 0},
            {"reservoir": Reservoir(n_units=10, density=0.5, random_state=2), "washout": 2,
             "include_input": False, "standardize": False},
        ]


class NVARForecaster(_ReservoirForecaster):
    r"""Next generation reservoir computing (NVAR) forecaster for sktime.

    The one-step model is a ridge regression on NVAR features (a constant,
    the current and delayed inputs, and their monomials) of
    u(t) = [y(t), X(t+1)]; by default it predicts the increment
    y(t+1) - y(t), as Gauthier et al. do. Forecasts are closed loop from the
    delay buffer at the cutoff. The model is deterministic: it gives no
    prediction intervals.

    Parameters
    ----------
    delay : int, default=2
        Number of time steps in the linear part, k (ReservoirPy: ``delay``).
    order : int, default=2
        Largest degree of the monomials (ReservoirPy: ``order``).
    stride : int, default=1
        Steps between the delayed inputs, s (ReservoirPy: ``strides``).
    include_constant : bool, default=True
        Include the constant feature (penalised by the ridge like the
        others, as in the paper).
    include_linear : bool, default=True
        Include the linear part.
    include_lower_orders : bool, default=True
        Include the monomials of degrees 2 to ``order - 1``.
    alpha : float, default=1e-6
        Ridge regularisation (ReservoirPy: ``ridge``).
    fit_intercept : bool, default=False
        Fit an unpenalised intercept besides the constant feature.
    washout : int, default=0
        Extra time steps left out of training (the incomplete delay windows
        always are).
    target : {"next", "difference"}, default="difference"
        Train on the next value or on the increment.
    standardize : bool, default=False
        Scale y (and X) to zero mean and unit variance before the features
        are built.

    Attributes
    ----------
    estimators_ : list of ESNRegressor
        The fitted one-step model (one element).

    See Also
    --------
    skreservoir.NVAR : The feature transformer.
    ESNForecaster : The echo state network forecaster.

    References
    ----------
    .. [1] D. J. Gauthier, E. Bollt, A. Griffith and W. A. S. Barbosa, "Next
       generation reservoir computing", Nat. Commun. 12, 5564, 2021.

    Examples
    --------
    >>> import pandas as pd
    >>> from skreservoir.datasets import lorenz
    >>> from skreservoir.forecasting import NVARForecaster
    >>> y = pd.DataFrame(lorenz(700, h=0.025), columns=["x", "y", "z"])
    >>> forecaster = NVARForecaster(delay=2, order=2, alpha=1e-2, standardize=True)
    >>> forecaster.fit(y[100:600], fh=range(1, 45))  # 44 steps: one Lyapunov time
    NVARForecaster(alpha=0.01, standardize=True)
    >>> error = forecaster.predict() - y[600:644]
    >>> nrmse = ((error**2).sum(axis=1).mean() / y.var().sum()) ** 0.5
    >>> print(bool(nrmse < 1e-2))
    True
    """

    _tags = {
        "capability:pred_int": False,
        "capability:random_state": False,
        "property:randomness": "deterministic",
    }

    def __init__(self, delay=2, order=2, stride=1, *, include_constant=True,
                 include_linear=True, include_lower_orders=True, alpha=1e-6,
                 fit_intercept=False, washout=0, target="difference",
                 standardize=False):
        self.delay = delay
        self.order = order
        self.stride = stride
        self.include_constant = include_constant
        self.include_linear = include_linear
        self.include_lower_orders = include_lower_orders
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.washout = washout
        self.target = target
        self.standardize = standardize
        super().__init__()
        self._y, self._X = None, None  # filled by sktime if remember_data is set

    def _warmup_steps(self):
        return max(self.washout, (self.delay - 1) * self.stride)

    def _member_models(self):
        nvar = NVAR(self.delay, self.order, self.stride,
                    include_constant=self.include_constant,
                    include_linear=self.include_linear,
                    include_lower_orders=self.include_lower_orders)
        readout = RidgeReadout(alpha=self.alpha, fit_intercept=self.fit_intercept)
        return [ESNRegressor(nvar, readout, washout=self.washout)]

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
            {},
            {"delay": 3, "stride": 2, "order": 3, "alpha": 1e-3, "target": "next",
             "standardize": True},
            {"delay": 1, "order": 2, "include_constant": False, "fit_intercept": True,
             "washout": 3},
        ]


class ForecastingObjective:
    """Picklable hyperopt objective for sktime forecasters, via sktime's ``evaluate``.

    Calling it with a candidate ``params`` clones ``forecaster``, sets the
    parameters and backtests it with
    :func:`sktime.forecasting.model_evaluation.evaluate` over the splitter
    ``cv``; the loss is the mean over the windows of the error metric
    ``scoring`` (lower is better, as sktime's metrics are). The object is
    self-contained, so it works with ``SparkTrials`` and ``MongoTrials``
    as well as with a plain ``fmin``.

    Parameters
    ----------
    forecaster : sktime forecaster
        For example :class:`~skreservoir.forecasting.ESNForecaster`; pass an
        explicit ``reservoir`` and ``readout`` to tune their nested
        parameters (``reservoir__spectral_radius``).
    y : pandas Series or DataFrame
        The series.
    cv : sktime splitter
        For example ``ExpandingWindowSplitter(fh=range(1, 13),
        initial_window=96, step_length=12)``.
    X : pandas DataFrame, default=None
        Exogenous data.
    scoring : sktime metric, default=None
        Error metric; sktime's default (MAPE) when None.
    error_score : "raise" or float, default=np.nan
        Score of a failed fit; a non-finite loss marks the trial failed.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperopt import fmin, hp, tpe
    >>> from sktime.datasets import load_airline
    >>> from sktime.split import ExpandingWindowSplitter
    >>> from skreservoir import Reservoir, RidgeReadout
    >>> from skreservoir.forecasting import ESNForecaster
    >>> from skreservoir.forecasting import ForecastingObjective
    >>> forecaster = ESNForecaster(Reservoir(n_units=30, random_state=0), RidgeReadout(),
    ...                            target="difference")
    >>> cv = ExpandingWindowSplitter(fh=range(1, 13), initial_window=108, step_length=12)
    >>> objective = ForecastingObjective(forecaster, load_airline(), cv)
    >>> space = {"readout__alpha": hp.loguniform("readout__alpha", -14, 0)}
    >>> best = fmin(objective, space, algo=tpe.suggest, max_evals=4,
    ...             rstate=np.random.default_rng(0), show_progressbar=False)
    >>> sorted(best)
    ['readout__alpha']
    """

    def __init__(self, forecaster, y, cv, *, X=None, scoring=None, error_score=np.nan):
        self.forecaster = forecaster
        self.y = y
        self.cv = cv
        self.X = X
        self.scoring = scoring
        self.error_score = error_score

    def __call__(self, params):
        forecaster = clone(self.forecaster).set_params(**clone(dict(params), safe=False))
        results = evaluate(forecaster, self.cv, self.y, X=self.X, scoring=self.scoring,
                           error_score=self.error_score)
        column = next(c for c in results.columns if c.startswith("test_"))
        scores = [float(v) for v in results[column]]
        loss = float(np.mean(scores))
        # "ok" and "fail" are hyperopt's STATUS_OK and STATUS_FAIL (hyperopt is
        # imported only in skreservoir.model_selection)
        if not np.isfinite(loss):
            return {"loss": None, "status": "fail", "test_scores": scores}
        return {"loss": loss, "status": "ok", "test_scores": scores}
