"""Training of gated reservoirs by backpropagation through time: data, weights, solvers."""

import warnings
from numbers import Integral, Real

import numpy as np
import scipy.optimize
from array_api_compat import array_namespace
from array_api_compat import device as _device_of
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state

from skreservoir._backend import (
    HostPickleMixin,
    check_same_namespace,
    compute_namespace,
    to_host,
    to_namespace,
)
from skreservoir._base import ReservoirPyNamesMixin
from skreservoir._panel import padded
from skreservoir._sklearn_compat import Interval, StrOptions, check_is_fitted
from skreservoir._threads import blas_threads_for
from skreservoir._validation import (
    array_ndim,
    is_panel,
    user_stacklevel,
    validate_series,
    warn_if_transposed,
    warn_rows_of_a_panel,
)
from skreservoir._weights import (
    MAX_NILPOTENT_REDRAWS,
    draw_not_nilpotent,
    random_matrix,
    scale_matrix,
    spectral_radius,
)
from skreservoir.esgp._bptt import Network, forward, loss_gradient, output_values, pooled_states

#: Series per forward pass in ``predict`` (bounds the memory of the states).
PREDICT_CHUNK_SERIES = 512

_ADAM_BETAS = (0.9, 0.999)
#: Adam's training has diverged when the last epoch's loss exceeds the first's by
#: this factor (a loss that only rose: the step too large).
DIVERGED_LOSS_RATIO = 10.0
_ADAM_EPSILON = 1e-8


class Data:
    """A training set, time-major and padded, in the compute namespace.

    ``X`` (T, n_series, n_features), ``Y`` (T, n_series, n_outputs) per
    step or (n_series, n_outputs) per series, ``valid`` (T, n_series, 1) or
    None when every series has the same length.
    """

    def __init__(self, xp, device, Xs, Y, per_step, dtype):
        X, lengths = padded(Xs, dtype)
        self.xp, self.per_step, self.lengths = xp, per_step, lengths
        self.n_series = len(Xs)
        self.X = to_namespace(np.ascontiguousarray(np.swapaxes(X, 0, 1)), xp, device)
        self.valid = None
        if np.any(lengths != lengths[0]):
            mask = (np.arange(X.shape[1])[:, None] < lengths[None, :]).astype(dtype)
            self.valid = to_namespace(mask[:, :, None], xp, device)
        if per_step:
            Y = np.swapaxes(padded(Y, dtype)[0], 0, 1)
        self.Y = to_namespace(np.ascontiguousarray(np.asarray(Y, dtype=dtype)), xp, device)

    def take(self, index):
        """The series ``index`` (host int array) as ``(X, Y, valid)``."""
        xp = self.xp
        idx = to_namespace(np.asarray(index, dtype=np.int64), xp, _device_of(self.X))
        X = xp.take(self.X, idx, axis=1)
        Y = xp.take(self.Y, idx, axis=1 if self.per_step else 0)
        valid = None if self.valid is None else xp.take(self.valid, idx, axis=1)
        if valid is not None:  # drop the padding no series of this batch needs
            longest = int(np.max(self.lengths[index]))
            X, valid = X[:longest, ...], valid[:longest, ...]
            if self.per_step:
                Y = Y[:longest, ...]
            if np.all(self.lengths[index] == longest):
                valid = None
        return X, Y, valid


def _series_target(X, y):
    """Whether ``y`` holds one target per series of the panel ``X``.

    A 1D ``y`` for a panel is one target per series; a 2D array is one row
    of targets per series unless its second dimension is the length of every
    series (then it is one scalar per step, the package's panel layout).
    """
    if (
        y is None
        or not is_panel(X)
        or isinstance(y, (list, tuple))
        and len(y)
        and (array_ndim(y[0]) > 0)
    ):
        return False
    ndim = array_ndim(y)
    if ndim == 1:
        return True
    if ndim != 2:
        return False
    lengths = {len(x) for x in X} if isinstance(X, (list, tuple)) else {np.shape(X)[1]}
    return lengths != {np.shape(y)[1]}


class BaseESGP(ReservoirPyNamesMixin, HostPickleMixin, BaseEstimator):
    """Data handling, weights and the two solvers shared by the ESGP estimators."""

    _parameter_constraints: dict = {
        "n_units": [Interval(Integral, 1, None, closed="left")],
        "n_layers": [Interval(Integral, 1, None, closed="left")],
        "density": [Interval(Real, 0, 1, closed="right")],
        "spectral_radius": [Interval(Real, 0, None, closed="neither")],
        "input_scaling": [Interval(Real, 0, None, closed="neither")],
        "gate": ["boolean"],
        "gate_bias": ["boolean"],
        "leak_rate": [Interval(Real, 0, 1, closed="right")],
        "representation": [StrOptions({"last", "mean"})],
        "solver": [StrOptions({"adam", "lbfgs"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "backend": [StrOptions({"numpy", "cupy"}), None],
    }

    _loss = "squared"
    #: The validation score of early stopping, and the targets it needs to be defined.
    _validation_metric = "R^2"
    _min_validation_targets = 2

    # -- data ---------------------------------------------------------------
    def _prepare(self, X, y, reset):
        """Validate ``X`` and ``y``; return ``(xp, device, Xs, Y, per_step, layout)``.

        ``Y`` is a list of per-step target arrays (n_timesteps_i, n_outputs),
        or an (n_series, n_outputs) array of targets per series.
        """
        xp, device = compute_namespace(X, self.backend)
        if not reset:
            check_same_namespace(self, "coef_", xp, "fit")
        X_host, y_host = to_host(X), to_host(y)
        if reset and getattr(X_host, "ndim", None) == 3:  # sktime's numpy3D as it is?
            warn_if_transposed(X_host, type(self).__name__)
        if _series_target(X_host, y_host):
            Xs, _, layout = validate_series(self, X_host, reset=reset)
            targets = self._encode(np.asarray(y_host), reset, per_step=False)
            if targets.shape[0] != len(Xs):
                raise ValueError(
                    f"y has {targets.shape[0]} targets but X has {len(Xs)} series; give "
                    "one target (row) per series, or targets with the structure of X."
                )
            return xp, device, Xs, targets, False, layout
        Xs, ys, layout = validate_series(
            self,
            X_host,
            y_host,
            reset=reset,
            y_required=True,
            y_numeric=self._loss == "squared",
            multi_output=self._loss == "squared",
        )
        if reset and self._loss != "squared":  # labels per step: a panel's rows?
            warn_rows_of_a_panel(type(self).__name__, layout, Xs,
                                 np.concatenate([np.ravel(yi) for yi in ys]))
        return xp, device, Xs, [self._encode(yi, reset, per_step=True) for yi in ys], True, layout

    def _data(self, X, y, reset):
        xp, device, Xs, Y, per_step, layout = self._prepare(X, y, reset)
        mode = "step" if per_step else "series"
        if reset:
            self.mode_ = mode
        elif mode != self.mode_:
            raise ValueError(
                f"This {type(self).__name__} was fitted with targets per "
                f"{self.mode_.replace('step', 'time step')}, and got targets per "
                f"{mode.replace('step', 'time step')}; pass the same kind of targets, "
                "or refit with fit."
            )
        dtype = Xs[0].dtype
        return Data(xp, device, Xs, Y, per_step, dtype), layout

    # -- weights --------------------------------------------------------------
    def _draw_recurrent(self, rng, n):
        """A layer's recurrent matrix at ``spectral_radius``, drawn again while nilpotent.

        As :class:`~skreservoir.Reservoir` draws its ``W``: a sparse draw of a
        small reservoir can have spectral radius 0 (3 of 20 seeds at 10
        units and density 0.1), which cannot be scaled; it is drawn again
        from the same stream, up to ``MAX_NILPOTENT_REDRAWS`` times (a seed
        whose first draw was not nilpotent draws as before).
        """
        W, radius = draw_not_nilpotent(
            lambda: random_matrix(rng, (n, n), density=self.density, distribution="normal",
                                  sparse=False, dtype=np.float64),
            spectral_radius)
        if radius > 0.0:
            return scale_matrix(W, self.spectral_radius / radius)
        raise ValueError(
            f"{type(self).__name__} drew a recurrent matrix of spectral radius 0 (it is "
            f"nilpotent: too sparse) {MAX_NILPOTENT_REDRAWS + 1} times for "
            f"n_units={n}, density={self.density!r}: increase density or n_units.")

    def _initialize(self, data, n_outputs, rng):
        """Draw the fixed recurrent matrices and the initial trainable weights."""
        xp, device = data.xp, _device_of(data.X)
        dtype = data.X.dtype
        n = self.n_units
        host_dtype = np.float32 if dtype == xp.float32 else np.float64
        recurrent, params = [], []
        for layer in range(self.n_layers):
            n_inputs = data.X.shape[2] if layer == 0 else n
            recurrent.append(self._draw_recurrent(rng, n))
            params.append(rng.uniform(-1.0, 1.0, (n, n_inputs)) * self.input_scaling)
            if self.gate:
                params.append(rng.uniform(-1.0, 1.0, (n, n)) / np.sqrt(n))
                if self.gate_bias:
                    params.append(np.zeros(n))
        params.append(rng.uniform(-1.0, 1.0, (n_outputs, n)) / np.sqrt(n))
        params.append(np.zeros(n_outputs))
        self.W_ = [to_namespace(W.astype(host_dtype), xp, device) for W in recurrent]
        # the structure of the trained arrays, fixed at initialisation
        self._gates = (bool(self.gate), bool(self.gate and self.gate_bias))
        self._set_params([to_namespace(p.astype(host_dtype), xp, device) for p in params])

    def _network(self, recurrent=None):
        gate, bias = self._gates
        return Network(
            list(self.W_ if recurrent is None else recurrent),
            gate=gate,
            leak_rate=float(self.leak_rate),
            gate_bias=bias,
        )

    def _set_params(self, params):
        """Store the trainable arrays as fitted attributes."""
        layers, self.coef_, self.intercept_ = self._network().split(params)
        self.W_in_ = [layer[0] for layer in layers]
        gate, bias = self._gates
        self.W_gate_ = [layer[1] for layer in layers] if gate else None
        self.gate_bias_ = [layer[2] for layer in layers] if bias else None

    def _get_params(self):
        params = []
        for k in range(len(self.W_in_)):
            params.append(self.W_in_[k])
            if self.W_gate_ is not None:
                params.append(self.W_gate_[k])
            if self.gate_bias_ is not None:
                params.append(self.gate_bias_[k])
        return params + [self.coef_, self.intercept_]

    def _representation(self):
        return "step" if self.mode_ == "step" else self.representation

    def _compatible(self, data, n_outputs):
        """Whether the fitted weights fit this data (for warm starts)."""
        return (
            hasattr(self, "coef_")
            and self.coef_.shape[0] == n_outputs
            and self.W_in_[0].shape[1] == data.X.shape[2]
            and len(self.W_in_) == self.n_layers
            and self.coef_.shape[1] == self.n_units
            and self._gates == (bool(self.gate), bool(self.gate and self.gate_bias))
        )

    # -- training -------------------------------------------------------------
    def _fit(self, X, y, incremental=False):
        first = not (incremental and hasattr(self, "coef_"))
        warm = first and self.warm_start and hasattr(self, "coef_")
        data, _ = self._data(X, y, reset=first)
        n_outputs = int(data.Y.shape[-1])
        rng = check_random_state(self.random_state)
        if warm and not self._compatible(data, n_outputs):
            warnings.warn(
                f"{type(self).__name__}: warm_start=True, but the weights of the previous "
                "fit do not fit this one (n_units, n_layers, the gates, the number of "
                "input features or of outputs changed): fit starts from new weights.",
                UserWarning, stacklevel=user_stacklevel())
        if first and not (self.warm_start and self._compatible(data, n_outputs)):
            self._initialize(data, n_outputs, rng)
            self.loss_curve_ = []
            self.n_iter_ = 0
            self.t_ = 0
        if incremental:
            if self.solver != "adam":
                raise ValueError(
                    f"partial_fit needs solver='adam' (one pass of mini-batches), got "
                    f"solver={self.solver!r}; use fit for L-BFGS."
                )
            self._adam_epochs(data, None, rng, n_epochs=1, incremental=True)
            return self
        if not hasattr(self, "loss_curve_"):
            self.loss_curve_, self.n_iter_, self.t_ = [], 0, 0
        train, validation = self._split(data, rng)
        if self.solver == "lbfgs":
            self._lbfgs(data, train)
        else:
            self._adam_epochs(data, (train, validation), rng, n_epochs=self.max_iter)
        return self

    def _split(self, data, rng):
        """Series indices for training, and for validation with early stopping."""
        index = np.arange(data.n_series)
        if not (self.early_stopping and self.solver == "adam"):
            return index, None
        n_validation = int(round(self.validation_fraction * data.n_series))
        if data.n_series < 2 or n_validation < 1:
            raise ValueError(
                f"early_stopping holds out whole series, and validation_fraction="
                f"{self.validation_fraction} of {data.n_series} series holds out none; "
                "pass a panel of more series, raise validation_fraction, or set "
                "early_stopping=False."
            )
        if n_validation >= data.n_series:
            raise ValueError(
                f"early_stopping holds out whole series, and validation_fraction="
                f"{self.validation_fraction} of {data.n_series} series holds out "
                f"{n_validation}, leaving none to train on; lower validation_fraction so "
                f"that round(validation_fraction * {data.n_series}) is at most "
                f"{data.n_series - 1}, pass a panel of more series, or set "
                "early_stopping=False."
            )
        order = rng.permutation(data.n_series)
        train, validation = np.sort(order[n_validation:]), np.sort(order[:n_validation])
        self._check_validation_size(data, validation)
        return train, validation

    def _check_validation_size(self, data, validation):
        """Refuse a validation split whose score is undefined (R^2 of one target)."""
        needed = self._min_validation_targets
        n_targets = (
            int(np.sum(data.lengths[validation])) if data.per_step else len(validation)
        )
        if n_targets >= needed:
            return
        n_series = data.n_series
        if data.per_step:
            held = (
                f"the {len(validation)} validation series hold {n_targets} time step(s)"
            )
            fixes = "pass longer series or raise validation_fraction"
        else:
            held = (
                f"validation_fraction={self.validation_fraction} of {n_series} series "
                f"holds out {n_targets}"
            )
            # round(validation_fraction * n_series) >= needed, leaving one to train on
            fixes = (
                f"raise validation_fraction to at least {needed / n_series:.3g}"
                if n_series > needed
                else f"pass a panel of at least {needed + 1} series, with a "
                f"validation_fraction that holds out {needed} of them"
            )
        raise ValueError(
            f"early_stopping scores the held-out series by {self._validation_metric}, "
            f"which needs at least {needed} validation "
            f"{'time steps' if data.per_step else 'series'}, and {held}; {fixes}, "
            "or set early_stopping=False."
        )

    def _loss_gradient(self, params, X, Y, valid):
        with _step_threads(X, self.n_units):
            return loss_gradient(
                data_namespace(X),
                self._network(),
                params,
                X,
                Y,
                valid=valid,
                representation=self._representation(),
                loss=self._loss,
                alpha=self.alpha,
            )

    def _lbfgs(self, data, train):
        """Full-batch L-BFGS (``scipy.optimize.minimize``) over every weight."""
        params = self._get_params()
        shapes = [tuple(p.shape) for p in params]
        sizes = [int(np.prod(s)) for s in shapes]
        xp, device, dtype = data.xp, _device_of(data.X), data.X.dtype
        X, Y, valid = data.take(train)

        def unpack(theta):
            parts, start = [], 0
            for shape, size in zip(shapes, sizes):
                part = np.asarray(theta[start : start + size]).reshape(shape)
                parts.append(xp.asarray(to_namespace(part, xp, device), dtype=dtype))
                start += size
            return parts

        def objective(theta):
            value, grads = self._loss_gradient(unpack(theta), X, Y, valid)
            return value, np.concatenate([to_host(g).ravel() for g in grads]).astype(np.float64)

        curve = []

        def record(intermediate_result):
            curve.append(float(intermediate_result.fun))
            if self.verbose:
                print(f"Iteration {len(curve)}, loss = {curve[-1]:.8f}")

        theta0 = np.concatenate([to_host(p).ravel() for p in params]).astype(np.float64)
        result = scipy.optimize.minimize(
            objective,
            theta0,
            jac=True,
            method="L-BFGS-B",
            callback=record,
            options={"maxiter": self.max_iter, "maxfun": 2 * self.max_iter + 20, "gtol": self.tol},
        )
        self._set_params(unpack(result.x))
        self.loss_curve_ = self.loss_curve_ + curve
        self.n_iter_ = int(result.nit)
        self.loss_ = float(result.fun)
        if result.status == 1:
            warnings.warn(
                f"L-BFGS stopped at max_iter={self.max_iter} iterations before "
                "converging; raise max_iter.",
                ConvergenceWarning,
                stacklevel=user_stacklevel(),
            )

    def _adam_epochs(self, data, split, rng, *, n_epochs, incremental=False):
        """Mini-batch Adam for ``n_epochs`` passes, with MLP's stopping rules."""
        xp = data.xp
        params = self._get_params()
        if not incremental or not hasattr(self, "_adam_first_moment"):
            # two flat lists of arrays, so that pickling moves them to the host
            self._adam_first_moment = [xp.zeros_like(p) for p in params]
            self._adam_second_moment = [xp.zeros_like(p) for p in params]
            self.t_ = 0
        first_moment, second_moment = self._adam_first_moment, self._adam_second_moment
        train, validation = split if split is not None else (np.arange(data.n_series), None)
        self.best_loss_ = getattr(self, "best_loss_", np.inf) if incremental else np.inf
        self.validation_scores_ = [] if validation is not None else None
        self.best_validation_score_ = -np.inf if validation is not None else None
        best_params, no_improvement = None, 0
        beta_1, beta_2 = _ADAM_BETAS
        batch_size = min(self.batch_size, len(train))
        first_epoch = len(self.loss_curve_)
        for _ in range(n_epochs):
            order = rng.permutation(train) if self.shuffle else train
            total = 0.0
            for start in range(0, len(order), batch_size):
                X, Y, valid = data.take(order[start : start + batch_size])
                value, grads = self._loss_gradient(params, X, Y, valid)
                total += value * min(batch_size, len(order) - start)
                self.t_ += 1
                rate = (
                    self.learning_rate_init
                    * float(np.sqrt(1 - beta_2**self.t_))
                    / (1 - beta_1**self.t_)
                )
                for i, g in enumerate(grads):
                    first_moment[i] = beta_1 * first_moment[i] + (1 - beta_1) * g
                    second_moment[i] = beta_2 * second_moment[i] + (1 - beta_2) * (g * g)
                    params[i] = params[i] - rate * first_moment[i] / (
                        xp.sqrt(second_moment[i]) + _ADAM_EPSILON
                    )
            self._set_params(params)
            self.n_iter_ += 1
            loss = total / len(order)
            if not np.isfinite(loss):
                raise ValueError(
                    "The training loss became inf or NaN; lower learning_rate_init or "
                    "input_scaling, or scale the data."
                )
            self.loss_curve_.append(loss)
            self.loss_ = loss
            message = f"Iteration {self.n_iter_}, loss = {loss:.8f}"
            if validation is not None:
                X, Y, valid = data.take(validation)
                score = self._validation_score(X, Y, valid)
                self.validation_scores_.append(score)
                message += f", validation score = {score:.6f}"
                if score > self.best_validation_score_ + self.tol:
                    no_improvement = 0
                else:
                    no_improvement += 1
                if score > self.best_validation_score_:
                    self.best_validation_score_ = score
                    best_params = [xp.asarray(p, copy=True) for p in params]
            else:
                if loss > self.best_loss_ - self.tol:
                    no_improvement += 1
                else:
                    no_improvement = 0
                self.best_loss_ = min(self.best_loss_, loss)
            if self.verbose:
                print(message)
            if incremental:
                continue
            if no_improvement >= self.n_iter_no_change:
                if self.verbose:
                    print(
                        f"No improvement of {self.tol} for {self.n_iter_no_change} "
                        "consecutive epochs; stopping."
                    )
                break
        else:
            if not incremental and self.max_iter == n_epochs:
                warnings.warn(
                    f"Adam stopped at max_iter={self.max_iter} epochs before the loss "
                    f"stopped improving by tol={self.tol}; raise max_iter.",
                    ConvergenceWarning,
                    stacklevel=user_stacklevel(),
                )
        if best_params is not None:
            self._set_params(best_params)
        curve = self.loss_curve_[first_epoch:]
        # (early stopping's best weights restored are not those of the diverged epochs)
        if (not incremental and best_params is None and len(curve) >= 2
                and curve[-1] > DIVERGED_LOSS_RATIO * curve[0]):
            # finite but exploding (learning_rate_init=1e6: 0.04 to 1.3e12 and a
            # training R^2 of -1e13, with only the ConvergenceWarning of max_iter)
            warnings.warn(
                f"The training loss grew from {curve[0]:.3g} (first epoch) to "
                f"{curve[-1]:.3g} (last): Adam diverged. Lower learning_rate_init "
                f"(now {self.learning_rate_init!r}).",
                ConvergenceWarning,
                stacklevel=user_stacklevel(),
            )

    # -- prediction -------------------------------------------------------------
    def _outputs(self, X, method):
        """Output-layer values per step (list per series) or per series; and the layout."""
        check_is_fitted(self, "coef_")
        xp, device = compute_namespace(X, self.backend)
        check_same_namespace(self, "coef_", xp, method)
        Xs, _, layout = validate_series(self, to_host(X), reset=False)
        if self.mode_ == "series" and not layout.is_panel:
            raise ValueError(
                f"This {type(self).__name__} was fitted on one target per series; pass "
                "a panel (a 3D array or a list of 2D arrays), not one series."
            )
        results = []
        for data, H, params in self._top_states(Xs, xp, device):
            values = output_values(
                xp, pooled_states(xp, H, data.valid, self._representation()), *params[-2:]
            )
            if self.mode_ == "step":
                results += [values[:n, i, ...] for i, n in enumerate(data.lengths)]
            else:
                results.append(values)
        if self.mode_ == "series":
            return xp.concat(results, axis=0), layout
        return results, layout

    def _top_states(self, Xs, xp, device):
        """``(data, H, params)`` per chunk of validated series: the top layer's states.

        The fitted weights are moved to ``xp``; chunks of
        :data:`PREDICT_CHUNK_SERIES` series bound the memory.
        """
        params = [to_namespace(p, xp, device) for p in self._get_params()]
        network = self._network([to_namespace(W, xp, device) for W in self.W_])
        for start in range(0, len(Xs), PREDICT_CHUNK_SERIES):
            chunk = Xs[start : start + PREDICT_CHUNK_SERIES]
            data = Data(xp, device, chunk, np.zeros((len(chunk), 1)), False, Xs[0].dtype)
            with _step_threads(data.X, self.n_units):
                yield data, forward(xp, network, params, data.X, data.valid), params

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.array_api_support = True
        return tags


def _step_threads(X, n_units):
    """The BLAS thread policy of the per-step products of a batch ``X`` (T, B, d)."""
    return blas_threads_for(4.0 * X.shape[1] * n_units * n_units)


def data_namespace(X):
    """The array namespace of a batch."""
    return array_namespace(X)
