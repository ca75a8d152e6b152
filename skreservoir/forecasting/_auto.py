"""AutoESNForecaster: an echo state network whose reservoir is chosen per series."""

import warnings

import numpy as np
import pandas as pd
from sktime.forecasting.base import BaseForecaster

from skreservoir._autotune import candidate_design, closed_loop_scores
from skreservoir._backend import ConfigCarrierMixin
from skreservoir._base import auto_washout
from skreservoir._preprocessing import standardizer
from skreservoir.exceptions import ForecastDivergenceWarning
from skreservoir.forecasting._base import N_SAMPLE_PATHS, divergence_bounds
from skreservoir.forecasting._models import DEFAULT_RESERVOIR, ESNForecaster
from skreservoir.forecasting._numeric import ridge_loo
from skreservoir.forecasting._transform import TargetTransform
from skreservoir.reservoir import Reservoir

#: The best candidates are averaged only when their validation error is at
#: most this many times the best one's.
ENSEMBLE_TOLERANCE = 2.0


class AutoESNForecaster(ConfigCarrierMixin, BaseForecaster):
    """Echo state network forecaster that chooses its reservoir per series.

    As sktime's ``AutoETS`` and ``AutoARIMA`` choose a model per series,
    this forecaster scores ``budget`` candidate settings of the reservoir
    (spectral radius, leak rate, input scaling) and of the target (next
    value or increment) by closed-loop forecasts from rolling origins at the
    end of the training series, then fits an
    :class:`ESNForecaster` for each of the ``n_best`` best (less those whose
    validation error is more than twice the best's) and averages their
    forecasts, leaving out any that leaves the training range (the
    divergence guard of :class:`ESNForecaster`; a
    :class:`~skreservoir.exceptions.ForecastDivergenceWarning` says so). Each candidate's ridge penalty is chosen by exact
    leave-one-out on its states (``alpha="auto"``).

    Validation: the last ``n_origins`` windows of ``validation_horizon``
    steps each; at every origin a readout is fitted on the rows before it
    and run closed loop over the window; a candidate's score is the mean
    over the origins of the RMSE of the standardised series. One reservoir
    run per candidate serves every origin (the state at an origin depends
    only on the past), so a candidate costs one run, ``n_origins`` ridge
    fits and ``n_origins * validation_horizon`` closed-loop steps.

    Candidates: the first is ``ESNForecaster``'s default reservoir; the
    others form a scrambled Sobol design, log-uniform over spectral radius
    [0.1, 2], leak rate [0.05, 1] and input scaling [0.1, 3], half of them
    with each target. This deterministic design is used rather than a
    sequential (hyperopt) search because at budgets of a few dozen TPE's
    start-up draws are random anyway, and a low-discrepancy design covers
    the space more evenly and needs no optional dependency.

    Parameters
    ----------
    budget : int, default=24
        Number of candidate settings scored.
    n_best : int, default=3
        Number of best candidates fitted on the whole series and averaged.
    n_units : int, default=300
        Reservoir size of every candidate (density 0.1, or 3 / n_units for
        fewer than 30 units).
    validation_horizon : int or None, default=None
        Steps of each validation window; when None, the largest step of the
        ``fh`` given in ``fit`` (at least 10), or 50 without one, and never
        more than a tenth of the series.
    n_origins : int, default=3
        Number of validation windows.
    log, detrend, sp, difference : "auto", bool or int, default="auto"
        The transformation of the series, as in :class:`ESNForecaster`
        (the candidates are validated on the transformed series, on its
        increments where it is differenced).
    verbose : int, default=0
        Print one line per candidate when > 0.
    random_state : int or None, default=None
        Seeds the design, the reservoirs and the simulated paths.

    Attributes
    ----------
    best_params_ : dict
        The best candidate's settings.
    cv_results_ : pandas.DataFrame
        One row per candidate: its settings, the mean validation score
        (``mean_test_score``, RMSE on the standardised series), the score
        of every origin, the ridge penalties and its rank.
    forecasters_ : list of ESNForecaster
        The fitted forecasters of the best candidates (at most ``n_best``).

    See Also
    --------
    ESNForecaster : One fixed reservoir.

    Examples
    --------
    >>> from sktime.datasets import load_airline
    >>> from skreservoir.forecasting import AutoESNForecaster
    >>> y = load_airline()
    >>> forecaster = AutoESNForecaster(budget=4, n_best=2, n_units=50, random_state=0)
    >>> forecaster.fit(y[:-12], fh=range(1, 13))
    AutoESNForecaster(...)
    >>> forecaster.predict().shape
    (12,)
    >>> sorted(forecaster.best_params_)
    ['input_scaling', 'leak_rate', 'spectral_radius', 'target']
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
        "capability:exogenous": False,
        "capability:insample": True,
        "capability:missing_values": False,
        "capability:pred_int": True,
        "capability:pred_int:insample": True,
        "capability:random_state": True,
        "property:randomness": "derandomized",
        "requires-fh-in-fit": False,
        # CI and test flags
        # -----------------
        "tests:core": False,
    }

    def __init__(
        self,
        budget=24,
        n_best=3,
        *,
        n_units=300,
        validation_horizon=None,
        n_origins=3,
        log="auto",
        detrend="auto",
        sp="auto",
        difference="auto",
        verbose=0,
        random_state=None,
    ):
        self.budget = budget
        self.n_best = n_best
        self.n_units = n_units
        self.validation_horizon = validation_horizon
        self.n_origins = n_origins
        self.log = log
        self.detrend = detrend
        self.sp = sp
        self.difference = difference
        self.verbose = verbose
        self.random_state = random_state
        super().__init__()

    def _check_params(self, n):
        for name in ("budget", "n_best", "n_units", "n_origins"):
            value = getattr(self, name)
            if not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"{name} must be an int >= 1, got {value!r}.")
        if self.n_best > self.budget:
            raise ValueError(
                f"n_best must be <= budget, got n_best={self.n_best!r}, budget={self.budget!r}."
            )
        if n < 12:
            raise ValueError(f"AutoESNForecaster needs at least 12 time points, got {n}.")

    def _horizon(self, fh, n):
        if self.validation_horizon is not None:
            horizon = int(self.validation_horizon)
        elif fh is not None:
            steps = np.asarray(fh.to_relative(self.cutoff), dtype=int)
            horizon = max(10, int(steps.max()))
        else:
            horizon = 50
        return max(1, min(horizon, n // 10))

    def _fit(self, y, X, fh):
        Y = y.to_numpy(dtype=np.float64)
        n = len(Y)
        self._check_params(n)
        self._forecaster({}, None)._check_transform()  # ESNForecaster's checks
        transform = TargetTransform(self.log, self.detrend, self.sp, self.difference)
        transformed = transform.fit(Y, y.index).transform(Y, np.arange(n))
        transformed = transform.model_rows(transformed)  # as ESNForecaster models them
        n = len(transformed)
        mean, scale = standardizer(transformed)
        Ys = (transformed - mean) / scale
        horizon = self._horizon(fh, n)
        origins = [n - k * horizon for k in range(self.n_origins, 0, -1)]
        origins = [o for o in origins if o > n // 2] or [n - horizon]
        bounds = divergence_bounds(Ys, transform.log_, scale)
        seed = (
            np.random.RandomState(self.random_state).randint(np.iinfo(np.int32).max)
            if not isinstance(self.random_state, (int, np.integer))
            else int(self.random_state)
        )
        first = {
            name: DEFAULT_RESERVOIR[name]
            for name in ("spectral_radius", "leak_rate", "input_scaling")
        }
        first["target"] = "next"
        candidates = candidate_design(self.budget, first=first, random_state=seed)
        rows = []

        def loo_alpha(F, T):
            return ridge_loo(F, T, fit_intercept=True)[0]

        for index, params in enumerate(candidates):
            reservoir = self._reservoir(params, seed).fit(Ys[:-1])
            washout = auto_washout(reservoir, Ys[:-1])
            washout = min(washout, max(origins[0] - 2 - 10, 0))
            scores, alphas = closed_loop_scores(
                reservoir,
                Ys,
                washout=washout,
                origins=origins,
                horizon=horizon,
                target=params["target"],
                alpha_fn=loo_alpha,
                bounds=bounds,
            )
            score = float(np.mean(scores))
            rows.append(
                {
                    **params,
                    "mean_test_score": score,
                    **{f"split{i}_test_score": s for i, s in enumerate(scores)},
                    "alphas": alphas,
                    "washout": washout,
                }
            )
            if self.verbose > 0:
                print(
                    f"[AutoESNForecaster] candidate {index + 1}/{len(candidates)} "
                    f"{params} score={score:.4g}",
                    flush=True,
                )
        results = pd.DataFrame(rows)
        results["rank_test_score"] = results["mean_test_score"].rank(method="first").astype(int)
        self.cv_results_ = results
        scores = results["mean_test_score"].to_numpy()
        order = np.argsort(scores, kind="stable")[: self.n_best]
        # an ensemble member must validate within ENSEMBLE_TOLERANCE of the best
        order = [i for i in order if scores[i] <= ENSEMBLE_TOLERANCE * scores[order[0]]]
        best = [candidates[i] for i in order]
        self.best_params_ = dict(best[0])
        self.forecasters_ = []
        for params in best:
            self.forecasters_.append(self._forecaster(params, seed).fit(y, fh=fh))
        return self

    def _forecaster(self, params, seed):
        reservoir = None if not params else self._reservoir(params, seed)
        return ESNForecaster(
            reservoir,
            target=params.get("target", "next"),
            log=self.log,
            difference=self.difference,
            detrend=self.detrend,
            sp=self.sp,
            random_state=seed,
        )

    def _reservoir(self, params, seed):
        reservoir_params = {k: v for k, v in params.items() if k != "target"}
        others = {
            k: v
            for k, v in DEFAULT_RESERVOIR.items()
            if k not in reservoir_params and k != "n_units"
        }
        # at least three connections per unit on average: a sparser random W
        # of a small reservoir can be nilpotent (spectral radius 0)
        if "density" not in reservoir_params:
            others["density"] = max(others.get("density", 0.1), min(1.0, 3.0 / self.n_units))
        return Reservoir(n_units=self.n_units, **reservoir_params, **others, random_state=seed)

    def _update(self, y, X=None, update_params=True):
        if update_params:
            return self._fit(self._y, X, self._fh)
        for forecaster in self.forecasters_:
            forecaster.update(y, update_params=False)
        return self

    def _predict(self, fh, X):
        values, diverged = [], []
        for forecaster in self.forecasters_:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ForecastDivergenceWarning)
                values.append(forecaster.predict(fh))
            diverged.append(any(issubclass(w.category, ForecastDivergenceWarning) for w in caught))
            for w in caught:
                if not issubclass(w.category, ForecastDivergenceWarning):
                    warnings.warn(w.message, w.category, stacklevel=2)
        kept = [v for v, bad in zip(values, diverged) if not bad] or values
        if any(diverged):
            what = (
                "every one was held at the bound"
                if len(kept) == len(values)
                else f"the forecast averages the {len(kept)} that stayed inside"
            )
            warnings.warn(
                f"AutoESNForecaster: {sum(diverged)} of {len(values)} best candidates' "
                f"closed-loop forecasts left the training range; {what}. Increase budget "
                "or n_units, or shorten the horizon.",
                ForecastDivergenceWarning,
                stacklevel=3,
            )
        return sum(kept[1:], kept[0]) / len(kept)

    def _sample_paths(self, fh, X=None):
        counts = np.diff(np.linspace(0, N_SAMPLE_PATHS, len(self.forecasters_) + 1).astype(int))
        paths = []
        for forecaster, count in zip(self.forecasters_, counts):
            paths.append(forecaster.sample_paths(fh, None, n_paths=count))
        return np.concatenate(paths)

    def _predict_var(self, fh, X=None, cov=False):
        paths = self._sample_paths(fh)
        index = fh.to_absolute_index(self.cutoff)
        return pd.DataFrame(paths.var(axis=0), index=index, columns=self._get_varnames())

    def _predict_quantiles(self, fh, X, alpha):
        paths = self._sample_paths(fh)
        columns = self._get_columns(method="predict_quantiles", alpha=alpha)
        quantiles = np.quantile(paths, alpha, axis=0)
        values = np.concatenate([quantiles[:, :, j].T for j in range(paths.shape[2])], axis=1)
        return pd.DataFrame(values, index=fh.to_absolute_index(self.cutoff), columns=columns)

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
            {"budget": 2, "n_best": 1, "n_units": 15, "random_state": 0},
            {
                "budget": 3,
                "n_best": 2,
                "n_units": 10,
                "n_origins": 2,
                "validation_horizon": 3,
                "random_state": 1,
            },
        ]
