"""A reservoir that learns its recurrent weights by a local synaptic rule."""

import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from array_api_compat import array_namespace

from skreservoir._backend import compute_namespace, to_host
from skreservoir._config import get_config
from skreservoir._learning import LOCAL_RULES, local_plasticity
from skreservoir._sklearn_compat import Interval, StrOptions, _fit_context, check_is_fitted
from skreservoir._validation import join_words, user_stacklevel, validate_series
from skreservoir._weights import spectral_radius as spectral_radius_of
from skreservoir.exceptions import ReservoirStateWarning
from skreservoir.reservoir._leaky import Reservoir

#: The growth warning's rule: a learned W whose spectral radius is above both
#: GROWTH_FACTOR times the radius it started from and GROWTH_RADIUS.
GROWTH_FACTOR = 2.0
GROWTH_RADIUS = 1.5

#: The learning (learning rate x training steps x epochs) under which a plasticity
#: reservoir is left almost as drawn: the benchmark of LocalPlasticityReservoir's
#: Notes measured a 1 % change of W's structure and the plain reservoir's scores at
#: eta=1e-5 on 2000 steps (0.02). On NARMA-10, 100 units: LocalPlasticityReservoir at
#: 0.02 (200 steps) changed W by 0.9 % (NRMSE 0.332, as drawn 0.333, 2000 steps
#: 0.314); IPReservoir at 0.02 (40 steps) by 3.6 % (0.492, 0.512, 0.393).
MIN_STREAM_LEARNING = 0.02


def adapting_layer(reservoir):
    """The first layer of ``reservoir`` (itself, or of a ReservoirStack) that adapts its
    weights to the data it is fitted on (intrinsic or local plasticity), or None."""
    from skreservoir.reservoir._intrinsic import IPReservoir

    for layer in getattr(reservoir, "reservoirs_", None) or getattr(
            reservoir, "reservoirs", None) or []:
        found = adapting_layer(layer)
        if found is not None:
            return found
    return reservoir if isinstance(reservoir, (LocalPlasticityReservoir, IPReservoir)) else None


def warn_if_stream_adapts_little(reservoir, Xs, owner):
    """Warn (ReservoirStateWarning) when an ESN's first ``partial_fit`` call gives a
    plasticity reservoir too few steps to adapt on.

    The ESN fits its reservoir on the first call's series ``Xs`` and keeps it
    for the rest of the stream (a reservoir whose weights changed under a
    readout that learnt from its earlier states would no longer match it):
    :class:`LocalPlasticityReservoir` and
    :class:`~skreservoir.IPReservoir` adapt on that chunk only. Below
    :data:`MIN_STREAM_LEARNING` of learning (one-row calls: a FORCE loop) the
    reservoir stays almost as drawn; the message names the fixes.
    """
    from skreservoir.reservoir._intrinsic import IPReservoir

    for layer in getattr(reservoir, "reservoirs_", None) or []:  # a ReservoirStack's
        warn_if_stream_adapts_little(layer, Xs, owner)
    if isinstance(reservoir, LocalPlasticityReservoir):
        rate_name = "eta"
    elif isinstance(reservoir, IPReservoir):
        rate_name = "learning_rate"
    else:
        return
    rate, epochs = getattr(reservoir, rate_name), reservoir.epochs
    n_steps = sum(int(x.shape[0]) for x in Xs)
    if rate * n_steps * epochs >= MIN_STREAM_LEARNING:
        return
    name = type(reservoir).__name__
    needed = int(np.ceil(MIN_STREAM_LEARNING / (rate * epochs)))
    warnings.warn(
        f"{owner}.partial_fit fitted its {name} on the first call's {n_steps} step(s) "
        "only: the reservoir adapts on the stream's first chunk and then stays as it "
        "is (later chunks train the readout alone), and "
        f"{rate_name}={rate!r} over {n_steps} step(s) (epochs={epochs!r}) leaves it "
        f"almost as drawn. Pass a first chunk of at least {needed} steps; or fit the "
        f"reservoir on a longer stretch of the stream first, r = {name}(...).fit(X_long), "
        "and stream with its weights in a plain reservoir, Reservoir(W=r.W_, "
        "W_in=r.W_in_, bias=r.bias_, leak_rate=r.leak_rate, activation=r.activation) "
        "(the same states); or train with fit.",
        ReservoirStateWarning, stacklevel=user_stacklevel(),
    )


class LocalPlasticityReservoir(Reservoir):
    r"""Reservoir whose recurrent weights learn by a local rule at ``fit``.

    The states follow the leaky update of :class:`Reservoir`,
    :math:`x(t) = (1 - a) x(t-1) + a f(W x(t-1) + W_{in} u(t) + b)`. At
    ``fit``, after every step of the training series, each synapse
    :math:`W_{ij}` (each stored nonzero of the initial ``W``) changes by a
    local rule of its presynaptic state :math:`x_j = x_j(t-1)` and its
    postsynaptic state :math:`y_i = x_i(t)`, computed with the current
    ``W``, with learning rate :math:`\eta`:

    ==================  ==================================================
    ``local_rule``      :math:`\Delta W_{ij}`
    ==================  ==================================================
    ``"oja"``           :math:`\eta\, y_i (x_j - y_i W_{ij})`
    ``"anti-oja"``      :math:`-\eta\, y_i (x_j - y_i W_{ij})`
    ``"hebbian"``       :math:`\eta\, y_i x_j`
    ``"anti-hebbian"``  :math:`-\eta\, y_i x_j`
    ``"bcm"``           :math:`\eta\, y_i (y_i - \theta_{BCM}) x_j`
    ==================  ==================================================

    then, with ``synapse_normalization``, every row of ``W`` is scaled to
    unit L2 norm. With ``keep_spectral_radius`` (the default) the learned
    ``W`` is then scaled to ``spectral_radius``: the rule sets the structure
    of ``W`` and ``spectral_radius`` its scale. After ``fit`` it runs as a
    :class:`Reservoir` with the learned ``W_`` (on every backend).

    Parameters
    ----------
    local_rule : {"oja", "anti-oja", "hebbian", "anti-hebbian", "bcm"}, default="anti-oja"
        The rule (ReservoirPy: ``local_rule``, default ``"oja"``; see the
        Notes for why this default differs).
    eta : float, default=1e-4
        Learning rate :math:`\eta` (ReservoirPy: ``eta``, default 1e-3).
        How much the rule changes ``W`` grows with ``eta`` times the number
        of training steps and ``epochs``: the default is measured on 2000
        steps; on much longer series a smaller ``eta`` learns as much.
    bcm_theta : float, default=0.0
        Threshold :math:`\theta_{BCM}` of the ``"bcm"`` rule (ReservoirPy:
        ``bcm_theta``).
    epochs : int, default=1
        Passes over the training series at ``fit`` (ReservoirPy:
        ``epochs``); ``partial_fit`` makes one pass.
    synapse_normalization : bool, default=False
        Scale every row of ``W`` to unit L2 norm after each update
        (ReservoirPy: ``synapse_normalization``). It fixes the scale of the
        learned ``W`` near 1 whatever ``spectral_radius`` is (without
        ``keep_spectral_radius``).
    keep_spectral_radius : bool, default=True
        After learning, scale the learned ``W`` to the spectral radius it was
        drawn with (``spectral_radius``), so that ``spectral_radius`` sets
        the scale of ``W_`` as in :class:`Reservoir`. A ``W`` given as an
        array is learned as it is and never scaled (``spectral_radius``
        applies to drawn weights only). Not in ReservoirPy, whose learned
        ``W`` keeps the scale the rule gives it (``False`` here).
    spectral_radius : float, default=1.0
        As in :class:`Reservoir` (ReservoirPy: ``sr``, default 1.0).
    input_scaling : float or array-like of shape (n_features,), default=0.5
        As in :class:`Reservoir` (ReservoirPy: ``input_scaling``, default 1.0).
    bias_scaling : float, default=0.2
        As in :class:`Reservoir` (ReservoirPy's ``LocalPlasticityReservoir``
        draws a bias of +-1, scale 1.0).
    **reservoir parameters
        Every other parameter of :class:`Reservoir`, with its defaults. The
        learning runs without the state and input noise; ``transform`` adds
        them as usual.

    Attributes
    ----------
    W_ : ndarray or scipy.sparse.csr_array of shape (n_units, n_units)
        The learned recurrent weights (same sparsity as the initial ones),
        scaled to ``spectral_radius`` with ``keep_spectral_radius``.
    spectral_radius_ : float
        Spectral radius of ``W_``.
    learned_spectral_radius_ : float
        Spectral radius of ``W`` as the rule left it, before
        ``keep_spectral_radius`` scales it.
    state_ : ndarray of shape (n_units,)
        The state where learning stopped: a 2D ``partial_fit`` continues from
        it.
    W_in_, bias_, initial_state_, n_units_, n_features_in_
        As in :class:`Reservoir`.

    See Also
    --------
    IPReservoir : Plasticity of the units' gains and biases.

    Notes
    -----
    A panel trains series after series (each from ``initial_state_``), in
    order, ``epochs`` times. ``partial_fit`` on a 2D series continues the
    series learned so far from ``state_``; on a panel, each series starts
    from ``initial_state_``; ``reset_state()`` starts a new stream.
    ``fit(X)`` with ``epochs=1`` equals ``partial_fit`` on consecutive parts
    of ``X`` (``tests/test_zoo_reservoirs.py``), with ``keep_spectral_radius``
    too: the rule goes on from the ``W`` it learned, not from the scaled
    ``W_``.

    In an ESN trained by ``partial_fit`` (``ESNRegressor(reservoir=...)``)
    the reservoir learns on the first call's inputs only, by ``fit``, and
    stays as it is for the rest of the stream: the ESN does not call this
    ``partial_fit``, since a ``W`` that changed after the readout learnt
    from its states would no longer match it (ReservoirPy 0.4.2 refuses
    ``partial_fit`` of a model holding its ``LocalPlasticityReservoir``). A
    first chunk on which the rule learns too little to matter (``eta``
    times its steps times ``epochs`` under 0.02: 200 steps with the
    defaults; a stream of one-row calls) warns
    (:class:`~skreservoir.exceptions.ReservoirStateWarning`). Learn on a
    longer stretch first, ``r = LocalPlasticityReservoir(...).fit(X_long)``,
    and stream with ``Reservoir(W=r.W_, W_in=r.W_in_, bias=r.bias_,
    leak_rate=r.leak_rate, activation=r.activation)``, which runs the same
    states; or pass a longer first chunk.

    ``fit`` warns (:class:`~skreservoir.exceptions.ReservoirStateWarning`)
    when the rule grew the spectral radius of ``W`` beyond both twice the
    one it started from and 1.5 (``learned_spectral_radius_``, before
    ``keep_spectral_radius`` scales it): the message names ``eta``,
    ``keep_spectral_radius``, ``epochs`` and ``local_rule``. In the
    benchmark below, each of the 85 fits whose radius grew so (at
    :class:`Reservoir`'s scales) scored at least 1.66 times the NRMSE of
    the plain reservoir on NARMA-10 or Mackey-Glass; the rule does not catch
    every poor fit (anti-Oja with ``eta=1e-3`` and five epochs keeps its
    radius and still forgets the input).

    The defaults are chosen by ``python benchmarks/bench_plasticity_defaults.py``
    (``benchmarks/bench_plasticity_defaults.json``, 4 minutes on 2 cores):
    200 units, seeds 0 to 2, in :class:`~skreservoir.ESNRegressor` and
    :class:`~skreservoir.ESNClassifier` with their defaults, on NARMA-10
    and Mackey-Glass 10 steps ahead (NRMSE, 2000 training steps, the next
    1000 predicted) and JapaneseVowels (accuracy), against a plain
    :class:`Reservoir` drawn with the same seed and scales. The plain
    reservoir scores 0.204, 0.044 and 0.945; the defaults 0.242, 0.030
    and 0.957 (radius as learned 1.00; at 100 units 0.299, 0.037, 0.974
    against 0.310, 0.056, 0.979): anti-Oja learning improves the
    10-step forecast, as in [1]_. The former defaults (ReservoirPy's
    ``"oja"`` and ``eta=1e-3``, with ``spectral_radius=0.9`` and input and
    bias scaling 1) grew the radius from 0.9 to 17 and scored 1.02, 1.00
    and 0.38 (the plain reservoir with those scales: 0.556, 0.140, 0.954);
    ReservoirPy's docstring setting (``"hebbian"``, ``eta=1e-3``,
    ``epochs=5``, ``synapse_normalization=True``) 1.02, 0.97, 0.94. Oja's,
    the Hebbian and the BCM rules grew ``W`` at ``eta=1e-3`` (radius 3 to
    37; Oja's and the Hebbian also at 1e-4) and scored 2.7 to 5 times the
    plain NRMSE on NARMA, with ``synapse_normalization`` or
    ``keep_spectral_radius`` too; at ``eta=1e-5`` every rule leaves ``W``
    almost as drawn (1 % change of its structure) and scores as the plain
    reservoir. The anti-rules never grew ``W`` (radius at most 1.14); at
    ten times the learning (``eta=1e-3``, or five epochs)
    ``keep_spectral_radius`` kept anti-Oja at 1.56 and 1.42 times the
    plain NRMSE on NARMA and within 0.013 of its accuracy, against 1.99 and
    1.64 times and losses of 0.089 and 0.025 without it. With the former
    scales, anti-Oja at 1e-4 with ``synapse_normalization`` scored best at
    200 units (0.237, 0.018, 0.959) but not at 100 (0.327, 0.057, 0.982)
    nor with five epochs (0.400 on NARMA), and leaves ``spectral_radius``
    without effect. :class:`Reservoir`'s scales are its own benchmarked
    defaults (``benchmarks/bench_reservoir_defaults.py``).

    ReservoirPy 0.4.2's ``LocalPlasticityReservoir`` has the same rules, but
    its ``fit`` never advances the reservoir state (each step's
    presynaptic state is the initial zero state), so its Hebbian,
    anti-Hebbian and BCM rules leave ``W`` unchanged, and Oja's rule only
    scales row ``i`` by ``1 - eta y_i^2`` (anti-Oja's by ``1 + eta y_i^2``);
    it is therefore not a reference for this estimator, whose rules are
    tested against the equations written out. Its state update also
    differs: it mixes the previous output and the new pre-activation before
    the activation, where this one is :class:`Reservoir`'s.

    References
    ----------
    .. [1] S. Babinec and J. Pospichal, "Improving the prediction accuracy
       of echo state neural networks by anti-Oja's learning", ICANN 2007.
    .. [2] M.-H. Yusoff, J. Chrol-Cannon and Y. Jin, "Modeling neural
       plasticity in echo state networks for classification and
       regression", Information Sciences 364, 2016.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir import LocalPlasticityReservoir
    >>> u = np.sin(np.linspace(0, 40, 1000))[:, None]
    >>> reservoir = LocalPlasticityReservoir(50, random_state=0).fit(u)
    >>> reservoir.spectral_radius_, round(reservoir.learned_spectral_radius_, 3)
    (1.0, 1.004)
    >>> reservoir.transform(u).shape
    (1000, 50)

    An ESN on NARMA-10 with the defaults, and with a plain :class:`Reservoir`:

    >>> from skreservoir import ESNRegressor, Reservoir
    >>> from skreservoir.datasets import narma
    >>> from skreservoir.metrics import nrmse
    >>> u, y = narma(3000, random_state=0)
    >>> for reservoir in (LocalPlasticityReservoir(200, random_state=0),
    ...                   Reservoir(200, random_state=0)):
    ...     esn = ESNRegressor(reservoir).fit(u[:2000], y[:2000])
    ...     print(round(nrmse(y[2000:], esn.predict(u[2000:], initial_state="fit")), 2))
    0.28
    0.24
    """

    _parameter_constraints: dict = {
        **Reservoir._parameter_constraints,
        "local_rule": [StrOptions(set(LOCAL_RULES))],
        "eta": [Interval(Real, 0, None, closed="neither")],
        "bcm_theta": [Interval(Real, -np.inf, np.inf, closed="neither")],  # finite
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "synapse_normalization": ["boolean"],
        "keep_spectral_radius": ["boolean"],
    }

    def __init__(
        self,
        n_units=None,
        *,
        local_rule="anti-oja",
        eta=1e-4,
        bcm_theta=0.0,
        epochs=1,
        synapse_normalization=False,
        keep_spectral_radius=True,
        spectral_radius=1.0,
        leak_rate=1.0,
        input_scaling=0.5,
        bias_scaling=0.2,
        density=0.1,
        input_density=0.1,
        distribution="normal",
        input_distribution="bernoulli",
        activation="tanh",
        noise=0.0,
        input_noise=0.0,
        noise_distribution="normal",
        dt=None,
        tau=None,
        W=None,
        W_in=None,
        bias=None,
        initial_state=None,
        random_state=None,
        dtype="float64",
        backend=None,
    ):
        super().__init__(
            n_units,
            spectral_radius=spectral_radius,
            leak_rate=leak_rate,
            input_scaling=input_scaling,
            bias_scaling=bias_scaling,
            density=density,
            input_density=input_density,
            distribution=distribution,
            input_distribution=input_distribution,
            activation=activation,
            noise=noise,
            input_noise=input_noise,
            noise_distribution=noise_distribution,
            dt=dt,
            tau=tau,
            W=W,
            W_in=W_in,
            bias=bias,
            initial_state=initial_state,
            random_state=random_state,
            dtype=dtype,
            backend=backend,
        )
        self.local_rule = local_rule
        self.eta = eta
        self.bcm_theta = bcm_theta
        self.epochs = epochs
        self.synapse_normalization = synapse_normalization
        self.keep_spectral_radius = keep_spectral_radius

    _host_drawn_arrays = Reservoir._host_drawn_arrays + ("state_",)

    def _adapt(self, Xs):
        self._start_learning()
        for _ in range(self.epochs):
            self._learn(Xs, continue_stream=False)
        self._set_learned()

    def _start_learning(self):
        """Before the first pass: the drawn ``W_`` is the matrix the rule starts from."""
        self.reset_state()
        W = to_host(self.W_)
        self._learned_W = sp.csr_array(W, dtype=np.float64, copy=True)
        self._learned_dense = not sp.issparse(W)
        self._initial_radius = float(self.spectral_radius_)
        self._growth_said = False  # the growth warning, once per fit or stream

    def reset_state(self):
        """Start a new stream: the next 2D ``partial_fit`` starts from ``initial_state_``.

        Returns
        -------
        self : LocalPlasticityReservoir
        """
        check_is_fitted(self, "initial_state_")
        xp = array_namespace(self.initial_state_)
        self.state_ = xp.asarray(self.initial_state_, copy=True)
        return self

    def _learn(self, Xs, continue_stream):
        """One pass of the local rule over the series ``Xs`` (host arrays).

        The rule goes on from the matrix it left (``_learned_W``, float64),
        not from ``W_``, which ``keep_spectral_radius`` scales: ``fit`` equals
        ``partial_fit`` on consecutive parts either way.
        """
        learned = self._learned_W
        W_in = np.asarray(to_host(self.W_in_), dtype=np.float64)
        bias = np.asarray(to_host(self.bias_), dtype=np.float64)
        initial = np.asarray(to_host(self.initial_state_), dtype=np.float64)
        compiled = get_config()["compiled"]
        state = np.asarray(to_host(self.state_), dtype=np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            for U in Xs:
                state = local_plasticity(
                    learned,
                    np.asarray(U, dtype=np.float64) @ W_in.T + bias,
                    state if continue_stream else initial,
                    self._effective_leak_rate(),
                    self.activation,
                    rule=self.local_rule,
                    eta=self.eta,
                    bcm_theta=self.bcm_theta,
                    normalize=self.synapse_normalization,
                    compiled=compiled,
                )
        if not np.all(np.isfinite(learned.data)):
            raise ValueError(
                f"The local rule {self.local_rule!r} made W non-finite (it diverged): lower "
                f"eta (got {self.eta!r}) or set synapse_normalization=True."
            )
        self.state_ = state.astype(to_host(self.initial_state_).dtype)

    def _W_drawn(self):
        """Whether ``W`` was drawn (or made by an initializer): ``spectral_radius`` scales
        only such a ``W``; one given as an array is learned as it is."""
        return self.W is None or callable(self.W)

    def _set_learned(self):
        """``W_`` from the learned matrix: scaled with ``keep_spectral_radius``; warn on growth."""
        learned = self._learned_W
        radius = self.learned_spectral_radius_ = float(spectral_radius_of(learned))
        drawn = self._W_drawn()
        rescale = self.keep_spectral_radius and drawn
        if rescale and radius > 0.0:
            W, self.spectral_radius_ = learned * (self._initial_radius / radius), self._initial_radius
        else:
            W, self.spectral_radius_ = learned, radius
        # astype copies: W_ never shares the matrix the rule goes on learning
        self.W_ = (W.toarray() if self._learned_dense else W).astype(
            to_host(self.initial_state_).dtype)
        if (radius > max(GROWTH_FACTOR * self._initial_radius, GROWTH_RADIUS)
                and not getattr(self, "_growth_said", False)):
            self._growth_said = True  # each partial_fit of a stream said it again
            self._warn_growth(radius, drawn, rescale)

    def _state_advice(self):
        """Added to the saturation and dead-state warnings of an ESN: where the rule, not
        ``spectral_radius``, set the scale of ``W_``, say so and name what does."""
        drawn = self._W_drawn()
        if not hasattr(self, "learned_spectral_radius_") or (
                self.keep_spectral_radius and drawn):
            return ""
        # only where the rule moved the scale (by more than a tenth): a W it left
        # as it was saturates for the usual reasons, which the warning names
        ratio = self.learned_spectral_radius_ / max(self._initial_radius, 1e-300)
        if 1 / 1.1 <= ratio <= 1.1:
            return ""
        return (f"The local rule set the scale of the learned W (spectral radius "
                f"{self.learned_spectral_radius_:.3g}), not spectral_radius: lower eta (got "
                f"{self.eta!r})" + (" or set keep_spectral_radius=True." if drawn else "."))

    def _warn_growth(self, radius, drawn, rescaled):
        """Warn (ReservoirStateWarning) that the rule grew W's radius far beyond its start."""
        if rescaled:
            effect = (f"W_ was scaled back to spectral_radius={self._initial_radius:.3g}, but "
                      "the structure learned while the states saturated forgets the input fast")
        else:
            effect = ("the states saturate and the readout sees little of the input "
                      "(spectral_radius sets only the scale W starts from, not the learned one)")
        # the remedies of the benchmark in the class's Notes; synapse_normalization
        # bounds the growth but did not restore the scores there, so it is not one
        remedies = [f"Lower eta (got {self.eta!r}; the change grows with eta times the "
                    "training steps and epochs)"]
        if drawn and not rescaled:
            remedies.append("set keep_spectral_radius=True")
        if self.epochs > 1:
            remedies.append(f"use fewer epochs (got {self.epochs!r})")
        if self.local_rule not in ("anti-oja", "anti-hebbian"):
            remedies.append('use local_rule="anti-oja" (the default)')
        warnings.warn(
            f"The local rule {self.local_rule!r} grew the spectral radius of W from "
            f"{self._initial_radius:.3g} to {radius:.3g}: {effect}. "
            f"{join_words(remedies, 'or')}.",
            ReservoirStateWarning, stacklevel=user_stacklevel(),
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None):
        """Learn from one more chunk: one pass of the local rule.

        The first call draws the weights as ``fit`` does. A 2D ``X`` continues
        the series seen so far from ``state_``; a panel is a set of new
        series, each from ``initial_state_``.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            A series or a panel.
        y : None
            Ignored.

        Returns
        -------
        self : LocalPlasticityReservoir
        """
        first_call = not hasattr(self, "W_")
        xp, device = compute_namespace(X, self.backend)
        Xs, _, layout = validate_series(self, to_host(X), reset=first_call)
        if first_call:
            dtype, n_units = self._check_params(self.n_features_in_)
            self._draw_weights(n_units, self.n_features_in_, dtype)
            self._start_learning()
        self._learn(Xs, continue_stream=not layout.is_panel)
        self._set_learned()
        self._move_weights(xp, device)
        return self
