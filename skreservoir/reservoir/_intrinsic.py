"""Intrinsic plasticity: a reservoir whose units adapt to the training input."""

import numbers
import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp

from skreservoir._learning import intrinsic_plasticity
from skreservoir._sklearn_compat import Interval
from skreservoir._validation import user_stacklevel
from skreservoir._weights import spectral_radius as spectral_radius_of
from skreservoir.exceptions import ReservoirStateWarning
from skreservoir.reservoir._leaky import Reservoir


class IPReservoir(Reservoir):
    r"""Reservoir whose units adapt by intrinsic plasticity (IP) at ``fit``.

    Every unit gets a gain :math:`g_i` and a bias :math:`c_i`,
    :math:`y_i = f(g_i z_i + c_i)` with :math:`z` the usual pre-activation,
    learned on the training input by the rules of Schrauwen, Wardermann,
    Verstraeten, Steil and Stroobandt ("Improving reservoirs using intrinsic
    plasticity", Neurocomputing 2008), which drive each unit's output
    distribution towards a target: for tanh units a Gaussian of mean ``mu``
    and standard deviation ``sigma``, for sigmoid units an exponential
    distribution of mean ``mu`` (Triesch's rule). Per training step, with
    learning rate :math:`\eta`:

    .. math::

        \text{tanh:}\quad \Delta c &= -\eta \Big(-\frac{\mu}{\sigma^2}
                   + \frac{y}{\sigma^2}\big(2\sigma^2 + 1 - y^2 + \mu y\big)\Big), \\
        \text{sigmoid:}\quad \Delta c &= \eta \Big(1 - \big(2 + \frac{1}{\mu}\big) y
                   + \frac{y^2}{\mu}\Big), \\
        \Delta g &= \frac{\eta}{g} + \Delta c \, z .

    The learned gains and biases are folded into the weights
    (``W_ = diag(gain_) W``, ``W_in_ = diag(gain_) W_in``, ``bias_ = gain_ *
    b + ip_bias_``), so after ``fit`` it runs as a plain :class:`Reservoir`
    on every backend.

    The units adapt in ``fit`` only. In an ESN trained by ``partial_fit``
    the reservoir is fitted on the first call's inputs and stays as it is
    for the rest of the stream: a stream of one-row calls adapts on one
    row. Fit the ``IPReservoir`` on the stream's inputs (or a long first
    chunk) first and give its adapted weights to a plain reservoir, which
    runs the same states (``Reservoir(W=ip.W_, W_in=ip.W_in_,
    bias=ip.bias_, leak_rate=ip.leak_rate, activation=ip.activation)``:
    weights given are used as they are), or train the ESN with ``fit``. A
    first chunk too short to adapt on warns
    (:class:`~skreservoir.exceptions.ReservoirStateWarning`).

    Parameters
    ----------
    mu : float, default=None
        Target mean of the unit outputs (ReservoirPy: ``mu``). None means 0.0
        for tanh units and 0.2 for sigmoid units, whose exponential target
        needs a mean in (0, 1) (0.2 is the value of Triesch's and Schrauwen
        et al.'s experiments).
    sigma : float, default=1.0
        Target standard deviation of the unit outputs (tanh units only).
    learning_rate : float, default=5e-4
        IP learning rate :math:`\eta`.
    epochs : int, default=1
        Passes over the training series.
    **reservoir parameters
        Every parameter of :class:`Reservoir` (``activation`` must be
        ``"tanh"`` or ``"sigmoid"``, the units the rules are for).

    Attributes
    ----------
    gain_ : ndarray of shape (n_units,)
        Learned gains.
    ip_bias_ : ndarray of shape (n_units,)
        Learned biases (added to the drawn bias times the gain).
    W_, W_in_, bias_, initial_state_, n_units_, n_features_in_
        As in :class:`Reservoir`, with the gains folded in.

    See Also
    --------
    Reservoir : The reservoir without plasticity.

    Examples
    --------
    >>> from skreservoir import IPReservoir
    >>> from skreservoir.datasets import narma
    >>> u, _ = narma(1000)
    >>> ip = IPReservoir(100, sigma=0.2, epochs=2, random_state=0).fit(u)
    >>> bool(ip.transform(u).std() < 0.5)
    True

    Sigmoid units, towards an exponential distribution of mean 0.2:

    >>> ip = IPReservoir(100, activation="sigmoid", mu=0.2, epochs=3, random_state=0).fit(u)
    >>> bool(abs(ip.transform(u).mean() - 0.2) < 0.05)
    True
    """

    _parameter_constraints: dict = {
        **Reservoir._parameter_constraints,
        "mu": [Interval(Real, -np.inf, np.inf, closed="neither"), None],  # finite
        "sigma": [Interval(Real, 0, None, closed="neither")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "epochs": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, n_units=None, *, mu=None, sigma=1.0, learning_rate=5e-4, epochs=1,
                 spectral_radius=0.9, leak_rate=1.0, input_scaling=1.0, bias_scaling=1.0,
                 density=0.1, input_density=0.1, distribution="normal",
                 input_distribution="bernoulli", activation="tanh", noise=0.0,
                 input_noise=0.0, noise_distribution="normal", dt=None, tau=None, W=None,
                 W_in=None, bias=None, initial_state=None, random_state=None,
                 dtype="float64", backend=None):
        super().__init__(
            n_units, spectral_radius=spectral_radius, leak_rate=leak_rate,
            input_scaling=input_scaling, bias_scaling=bias_scaling, density=density,
            input_density=input_density, distribution=distribution,
            input_distribution=input_distribution, activation=activation, noise=noise,
            input_noise=input_noise, noise_distribution=noise_distribution, dt=dt,
            tau=tau, W=W, W_in=W_in, bias=bias, initial_state=initial_state,
            random_state=random_state, dtype=dtype, backend=backend)
        self.mu = mu
        self.sigma = sigma
        self.learning_rate = learning_rate
        self.epochs = epochs

    _host_drawn_arrays = Reservoir._host_drawn_arrays + ("gain_", "ip_bias_")

    def _target_mean(self):
        """``mu``, or its default for the activation; checked for sigmoid units."""
        if self.mu is None:
            return 0.2 if self.activation == "sigmoid" else 0.0
        if self.activation == "sigmoid" and not 0.0 < self.mu < 1.0:
            raise ValueError(
                f"mu={self.mu!r} cannot be the mean of sigmoid outputs: the exponential "
                "target of sigmoid units needs a mean in (0, 1); take mu=0.2 (or None)."
            )
        if self.activation == "tanh" and not -1.0 < self.mu < 1.0:
            # the rule drove every unit to its bound (mean |state| 1.000 at mu=1e12)
            raise ValueError(
                f"mu={self.mu!r} cannot be the mean of tanh outputs, which lie in (-1, 1): "
                "take mu in (-1, 1), typically 0.0 (or None)."
            )
        return self.mu

    def _check_rule(self, gain, ip_bias):
        """Refuse gains the rule made non-finite, and warn
        (:class:`~skreservoir.exceptions.ReservoirStateWarning`) of a non-positive
        one: the rule keeps every gain positive where its steps are small enough, and
        a step too large crosses 0 (learning_rate=10: gains from -80 to 18, 90 % of the
        states saturated, silently; a user battery)."""
        if not (np.all(np.isfinite(gain)) and np.all(np.isfinite(ip_bias))):
            raise ValueError(
                f"IPReservoir's intrinsic plasticity diverged (non-finite gains) with "
                f"learning_rate={self.learning_rate!r}: lower learning_rate (default 5e-4) "
                f"or epochs{self._scale_hint()}.")
        if np.any(gain <= 0):
            warnings.warn(
                f"IPReservoir's intrinsic plasticity ran away with learning_rate="
                f"{self.learning_rate!r}: {int(np.sum(gain <= 0))} of {gain.size} gains "
                f"ended at or below 0 (from {gain.min():.3g} to {gain.max():.3g}; the rule "
                "keeps them positive when its steps are small), and the units' states "
                "are likely saturated. Lower learning_rate (default 5e-4) or epochs, and "
                "standardise inputs far from unit scale.",
                ReservoirStateWarning, stacklevel=user_stacklevel())

    def _scale_hint(self, joined="; and "):
        """The scale parameters far from unit scale (beyond 1e6), as a clause of advice
        after ``joined``; "" where none is."""
        far = [f"{name}={getattr(self, name)!r}"
               for name in ("spectral_radius", "input_scaling", "bias_scaling")
               if isinstance(getattr(self, name, None), numbers.Real)
               and not abs(getattr(self, name)) <= 1e6]
        return (f"{joined}bring {', '.join(far)} to unit scale (typically 0.1 to 2)"
                if far else "")

    def _adapt(self, Xs):
        with np.errstate(over="ignore"):  # 1e300 ** 2: Python's OverflowError
            square = np.square(np.float64(self.sigma))
        if not square > 0 or not np.isfinite(square):
            raise ValueError(
                f"sigma={self.sigma!r} is outside the range the rule can use: its "
                "square (the target variance) must be a positive finite float; take "
                "sigma between 1e-100 and 1e100 (typically 0.1 to 1)."
            )
        if self.activation not in ("tanh", "sigmoid"):
            raise ValueError(
                f"IPReservoir's rule is for tanh units (a Gaussian target) or sigmoid units "
                f"(an exponential target); got activation={self.activation!r}. Use "
                "activation='tanh' or 'sigmoid'."
            )
        mu = self._target_mean()
        W = self.W_.astype(np.float64)
        W_in = np.asarray(self.W_in_, dtype=np.float64)
        bias = np.asarray(self.bias_, dtype=np.float64)
        gain, ip_bias = np.ones(self.n_units_), np.zeros(self.n_units_)
        # a rule that runs away is said by _check_rule, not by numpy's overflow (100
        # RuntimeWarnings on inputs near 1e200)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            intrinsic_plasticity(W, W_in, bias, Xs, np.asarray(self.initial_state_, np.float64),
                                 self._effective_leak_rate(), gain, ip_bias, mu=mu,
                                 sigma=self.sigma, learning_rate=self.learning_rate,
                                 epochs=self.epochs, activation=self.activation)
        self._check_rule(gain, ip_bias)
        dtype = self.W_in_.dtype
        self.gain_, self.ip_bias_ = gain, ip_bias
        with np.errstate(over="ignore", invalid="ignore"):
            scaled = (sp.csr_array(W.multiply(gain[:, None])) if sp.issparse(W)
                      else gain[:, None] * W)
        values = scaled.data if sp.issparse(scaled) else scaled
        if not np.all(np.isfinite(values)):  # numpy's LinAlgError from the radius before
            raise ValueError(
                "IPReservoir's adapted recurrent weights (gain times W) overflowed"
                f"{self._scale_hint(': ') or ': lower learning_rate (default 5e-4) or epochs'}.")
        self.W_ = scaled.astype(dtype)
        self.spectral_radius_ = spectral_radius_of(self.W_)
        self.W_in_ = (gain[:, None] * W_in).astype(dtype)
        self.bias_ = (gain * bias + ip_bias).astype(dtype)
