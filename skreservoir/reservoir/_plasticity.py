"""A reservoir that learns its recurrent weights by a local synaptic rule."""

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from array_api_compat import array_namespace

from skreservoir._backend import compute_namespace, to_host
from skreservoir._config import get_config
from skreservoir._learning import LOCAL_RULES, local_plasticity
from skreservoir._sklearn_compat import Interval, StrOptions, _fit_context, check_is_fitted
from skreservoir._validation import validate_series
from skreservoir._weights import spectral_radius as spectral_radius_of
from skreservoir.reservoir._leaky import Reservoir


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
    unit L2 norm. After ``fit`` it runs as a :class:`Reservoir` with the
    learned ``W_`` (on every backend).

    Parameters
    ----------
    local_rule : {"oja", "anti-oja", "hebbian", "anti-hebbian", "bcm"}, default="oja"
        The rule (ReservoirPy: ``local_rule``).
    eta : float, default=1e-3
        Learning rate :math:`\eta` (ReservoirPy: ``eta``).
    bcm_theta : float, default=0.0
        Threshold :math:`\theta_{BCM}` of the ``"bcm"`` rule (ReservoirPy:
        ``bcm_theta``).
    epochs : int, default=1
        Passes over the training series at ``fit`` (ReservoirPy:
        ``epochs``); ``partial_fit`` makes one pass.
    synapse_normalization : bool, default=False
        Scale every row of ``W`` to unit L2 norm after each update
        (ReservoirPy: ``synapse_normalization``).
    **reservoir parameters
        Every parameter of :class:`Reservoir`. The learning runs without the
        state and input noise; ``transform`` adds them as usual.

    Attributes
    ----------
    W_ : ndarray or scipy.sparse.csr_array of shape (n_units, n_units)
        The learned recurrent weights (same sparsity as the initial ones).
    spectral_radius_ : float
        Spectral radius of the learned ``W_``.
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
    of ``X`` (``tests/test_zoo_reservoirs.py``).

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
    >>> reservoir = LocalPlasticityReservoir(50, local_rule="anti-oja", eta=1e-3,
    ...                                      random_state=0).fit(u)
    >>> bool(reservoir.spectral_radius_ != 0.9)
    True
    >>> reservoir.transform(u).shape
    (1000, 50)
    """

    _parameter_constraints: dict = {
        **Reservoir._parameter_constraints,
        "local_rule": [StrOptions(set(LOCAL_RULES))],
        "eta": [Interval(Real, 0, None, closed="neither")],
        "bcm_theta": [Real],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "synapse_normalization": ["boolean"],
    }

    def __init__(
        self,
        n_units=None,
        *,
        local_rule="oja",
        eta=1e-3,
        bcm_theta=0.0,
        epochs=1,
        synapse_normalization=False,
        spectral_radius=0.9,
        leak_rate=1.0,
        input_scaling=1.0,
        bias_scaling=1.0,
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

    _host_drawn_arrays = Reservoir._host_drawn_arrays + ("state_",)

    def _adapt(self, Xs):
        self.reset_state()
        for _ in range(self.epochs):
            self._learn(Xs, continue_stream=False)

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
        """One pass of the local rule over the series ``Xs`` (host arrays)."""
        W = to_host(self.W_)
        dtype = W.dtype
        learned = sp.csr_array(W, dtype=np.float64, copy=True)
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
        self.state_ = state.astype(dtype)
        self.W_ = (learned if sp.issparse(W) else learned.toarray()).astype(dtype)
        self.spectral_radius_ = spectral_radius_of(self.W_)

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
            self.reset_state()
        self._learn(Xs, continue_stream=not layout.is_panel)
        self._move_weights(xp, device)
        return self
