"""Deep reservoirs (reservoirs in series) and reservoirs side by side."""

import numpy as np
from array_api_compat import array_namespace
from sklearn.base import clone

from skreservoir._backend import compute_namespace, to_host, to_namespace
from skreservoir._base import BaseReservoir, layer_seeds
from skreservoir._sklearn_compat import _fit_context
from skreservoir._validation import validate_series, warn_if_transposed


def _learns(layer):
    """Whether ``layer`` learns from its inputs at ``fit`` (its weights depend on them):
    a reservoir whose ``_adapt`` does something (IPReservoir, LocalPlasticityReservoir,
    a subclass of one's own), as ``Reservoir.fit`` decides it."""
    from skreservoir.reservoir._leaky import Reservoir

    return isinstance(layer, Reservoir) and type(layer)._adapt is not Reservoir._adapt


class ReservoirStack(BaseReservoir):
    """Deep reservoir: reservoirs in series, each driven by the one before; or side by side.

    Layer 1 is driven by the input u(t); layer k > 1 by the states of layer
    k - 1 (and also by u(t) with ``input_to_all``). The output at each step
    is the concatenation of every layer's state (``concatenate=True``, the
    deep ESN of Gallicchio, Micheli and Pedrelli, "Deep reservoir computing:
    a critical experimental analysis", Neurocomputing 2017) or the last
    layer's state. With ``parallel=True`` every reservoir is driven by u(t)
    alone and the output is their states side by side (ReservoirPy's
    ``[r1, r2] >> readout``). It plugs in wherever a :class:`Reservoir` does:
    ``ESNRegressor(reservoir=ReservoirStack(...))`` (``generate`` included),
    :class:`~skreservoir.ESNTransformer` and the forecasters. With output
    feedback (``ESNRegressor(feedback=True)``) the fed-back outputs drive the
    first layer.

    Parameters
    ----------
    reservoirs : list of Reservoir
        The layers, cloned at fit (ReservoirPy: ``r1 >> r2 >> ...``).
    concatenate : bool, default=True
        Output every layer's states side by side; False outputs the last
        layer's.
    input_to_all : bool, default=False
        Drive every layer with the input as well, not only the first.
    parallel : bool, default=False
        Drive every reservoir with the input alone, none with another's
        states: reservoirs side by side, whose states are concatenated
        (ReservoirPy's ``Input() >> [r1, r2] >> readout`` or ``[r1, r2] >>
        readout``, scikit-learn's ``FeatureUnion`` of reservoirs, kept
        inside the ESN so that the washout and ``predict(X,
        initial_state="fit")`` apply). Needs ``concatenate=True``;
        ``input_to_all`` changes nothing then.
    random_state : int, RandomState instance or None, default=None
        Seeds the layers whose own ``random_state`` is None, a seed of its
        own for each (drawn from this one in the order of the layers), so
        that the stack draws the same weights at every fit; None leaves
        them unseeded. A layer's own seed wins. An ESN's ``random_state``
        seeds the unseeded layers itself.

    Attributes
    ----------
    reservoirs_ : list of Reservoir
        The fitted layers.
    initial_state_ : ndarray of shape (sum of n_units,)
        Every layer's initial state, side by side.
    n_units_ : int
        Total number of units.
    n_features_in_ : int
        Number of input features seen during ``fit``.

    See Also
    --------
    Reservoir : One layer.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir import ESNRegressor, Reservoir, ReservoirStack
    >>> from skreservoir.datasets import mackey_glass
    >>> series = mackey_glass(1000)
    >>> deep = ReservoirStack([Reservoir(100, leak_rate=0.3, random_state=i)
    ...                        for i in range(3)])
    >>> esn = ESNRegressor(deep, washout=100).fit(series[:-1], series[1:])
    >>> esn.predict(series[:-1]).shape
    (999, 1)
    >>> deep.fit(series).transform(series).shape
    (1000, 300)

    Two reservoirs side by side (ReservoirPy's ``[r1, r2] >> readout``):

    >>> side_by_side = ReservoirStack([Reservoir(100, random_state=0),
    ...                                Reservoir(100, leak_rate=0.3, random_state=1)],
    ...                               parallel=True)
    >>> side_by_side.fit(series).transform(series).shape
    (1000, 200)
    """

    _parameter_constraints: dict = {
        "reservoirs": [list],
        "concatenate": ["boolean"],
        "input_to_all": ["boolean"],
        "parallel": ["boolean"],
        "random_state": ["random_state"],
    }

    _positional_hint = ("pass the reservoirs as one list, ReservoirStack([r1, r2]) "
                        "(ReservoirStack([r1, r2], parallel=True) side by side)")

    def __init__(self, reservoirs, *, concatenate=True, input_to_all=False, parallel=False,
                 random_state=None):
        self.reservoirs = reservoirs
        self.concatenate = concatenate
        self.input_to_all = input_to_all
        self.parallel = parallel
        self.random_state = random_state

    def get_params(self, deep=True):
        """Parameters of the stack; with ``deep=True`` also every layer's, as
        ``reservoirs__<i>__<name>`` (``reservoirs__1__leak_rate``: the second layer's).

        Returns
        -------
        params : dict
            Parameter names mapped to their values.
        """
        params = super().get_params(deep=deep)
        if deep and isinstance(self.reservoirs, (list, tuple)):
            for i, layer in enumerate(self.reservoirs):
                if hasattr(layer, "get_params"):
                    params.update((f"reservoirs__{i}__{key}", value)
                                  for key, value in layer.get_params(deep=True).items())
        return params

    def set_params(self, **params):
        """Set parameters; ``reservoirs__<i>__<name>`` sets layer ``i``'s (a search over
        one layer's leak rate: ``reservoir__reservoirs__1__leak_rate`` in an ESN).

        Returns
        -------
        self : ReservoirStack
            The stack.
        """
        layers = {}
        for key in [key for key in params if key.startswith("reservoirs__")]:
            index, _, name = key[len("reservoirs__"):].partition("__")
            layers.setdefault(index, {})[name] = params.pop(key)
        super().set_params(**params)
        for index, layer_params in layers.items():
            if not index.isdigit() or int(index) >= len(self.reservoirs) or not all(
                    layer_params):
                raise ValueError(
                    f"Invalid parameter reservoirs__{index}__... for {type(self).__name__}: "
                    f"a layer's parameter is reservoirs__<i>__<name>, i from 0 to "
                    f"{len(self.reservoirs) - 1} (the position in reservoirs)."
                )
            self.reservoirs[int(index)].set_params(**layer_params)
        return self

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None):
        """Draw every layer's weights for the inputs it will see.

        A layer that learns from its inputs (:class:`~skreservoir.IPReservoir`,
        :class:`~skreservoir.LocalPlasticityReservoir`) learns on what drives
        it in the stack: ``X`` for the first layer (and every layer with
        ``parallel=True``), the states of the layer below (beside ``X`` with
        ``input_to_all``) for the others, as ReservoirPy's model trains its
        unsupervised nodes in order; the other layers use only the number of
        features of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
            A series or a panel.
        y : None
            Ignored.

        Returns
        -------
        self : ReservoirStack
            The fitted stack.
        """
        if len(self.reservoirs) == 0 or not all(isinstance(r, BaseReservoir) and hasattr(r, "n_units")
                                                for r in self.reservoirs):
            given = ([type(r).__name__ for r in self.reservoirs]
                     if isinstance(self.reservoirs, (list, tuple)) else
                     type(self.reservoirs).__name__)
            nested = isinstance(self.reservoirs, (list, tuple)) and any(
                isinstance(r, ReservoirStack) for r in self.reservoirs)
            refused = ([(i, type(r).__name__) for i, r in enumerate(self.reservoirs)
                        if not (isinstance(r, BaseReservoir) and hasattr(r, "n_units"))]
                       if isinstance(self.reservoirs, (list, tuple)) else [])
            why = ""
            if refused and not nested:
                named = ", ".join(f"{name} at position {i}" for i, name in refused[:3])
                nvar = any(name == "NVAR" for _, name in refused)
                verb = "is not a reservoir" if len(refused) == 1 else "are not reservoirs"
                why = (f": {named} {verb} of units that a stack can chain"
                       + ("; NVAR (delayed inputs and their products) is an ESN's "
                          "reservoir on its own, ESNRegressor(NVAR(...)), or, beside "
                          "reservoir states, a step of a FeatureUnion in a Pipeline"
                          if nvar else "") + ".")
            raise ValueError(
                "reservoirs must be a non-empty list of skreservoir.Reservoir "
                f"instances (or other single reservoirs), got {given}"
                + (": a stack inside a stack is not supported; list its layers in one "
                   "stack (parallel=True for reservoirs side by side)." if nested
                   else why or ".")
            )
        if self.parallel and not self.concatenate:
            raise ValueError(
                "parallel=True outputs every reservoir's states side by side; with "
                "concatenate=False only the last one would reach the output. Pass "
                "concatenate=True, or a single Reservoir."
            )
        from skreservoir._dask import host_fit_input

        # a dask collection: its first block (every series where a layer learns on them)
        X = host_fit_input(X, whole=any(_learns(layer) for layer in self.reservoirs))
        xp, device = compute_namespace(X, self.backend)
        Xs, _, _ = validate_series(self, to_host(X), reset=True)
        if getattr(X, "ndim", None) == 3:  # sktime's numpy3D (time last) given as it is?
            warn_if_transposed(X, type(self).__name__)
        self.reservoirs_ = []
        width = self.n_features_in_
        layers = [clone(layer).set_params(random_state=seed)
                  for layer, seed in zip(self.reservoirs, layer_seeds(self))]
        # a layer that learns from its inputs (IPReservoir, LocalPlasticityReservoir)
        # learns on what drives it: X, or the states of the layers below
        last_learning = max((k for k, layer in enumerate(layers) if _learns(layer)),
                            default=-1)
        inputs = Xs = [to_namespace(x, xp, device) for x in Xs] if last_learning >= 0 else None
        for k, layer in enumerate(layers):
            if 0 < k <= last_learning and not self.parallel:
                states, _ = self.reservoirs_[-1].run_batch(inputs)
                inputs = [self._layer_input(s, x) for s, x in zip(states, Xs)]
            data = inputs if k <= last_learning and _learns(layer) else [
                to_namespace(np.zeros((1, width)), xp, device)]
            fitted = layer.fit(data if len(data) > 1 else data[0])
            self.reservoirs_.append(fitted)
            width = (self.n_features_in_ if self.parallel
                     else fitted.n_units_ + (self.n_features_in_ if self.input_to_all else 0))
        self.initial_state_ = array_namespace(self.reservoirs_[0].initial_state_).concat(
            [r.initial_state_ for r in self.reservoirs_])
        self.n_units_ = sum(r.n_units_ for r in self.reservoirs_)
        return self

    @property
    def backend(self):
        """The first layer's ``backend``: where the stack computes for numpy input."""
        return getattr(self.reservoirs[0], "backend", None) if self.reservoirs else None

    # -- the reservoir interface (skreservoir._base) -------------------------
    supports_feedback = True

    @property
    def output_size_(self):
        """Values per output row: every layer's units, or the last layer's."""
        return self.n_units_ if self.concatenate else self.reservoirs_[-1].n_units_

    @property
    def drive_size_(self):
        """Size of the feedback drive: the first layer's units."""
        return self.reservoirs_[0].n_units_

    def _layer_input(self, states, inputs):
        """What drives the layer above ``states``: those, the input beside, or the input."""
        if self.parallel:
            return inputs
        if not self.input_to_all:
            return states
        xp = array_namespace(states)
        return xp.concat([states, xp.astype(inputs, states.dtype)], axis=-1)

    def _split(self, states):
        """Per-layer blocks of a stacked state (n_series, n_units_) or (n_units_,)."""
        blocks, start = [], 0
        for r in self.reservoirs_:
            blocks.append(states[..., start:start + r.n_units_])
            start += r.n_units_
        return blocks

    def _outputs(self, per_layer):
        if not self.concatenate:
            return per_layer[-1]
        return array_namespace(per_layer[0]).concat(per_layer, axis=-1)

    def state_output(self, state):
        """The output row of a stacked state."""
        return self._outputs(self._split(state))

    def run_batch(self, Xs, initial_states=None, drive=None):
        """Run validated series through every layer; ``drive`` reaches the first layer."""
        self._check_batch(Xs, initial_states)
        xp = array_namespace(Xs[0])
        starts = None if initial_states is None else self._split(initial_states)
        inputs, per_layer, finals = Xs, [], []
        for k, layer in enumerate(self.reservoirs_):
            if k > 0:
                inputs = [self._layer_input(s, x) for s, x in zip(per_layer[-1], Xs)]
            states, final = layer.run_batch(inputs, None if starts is None else starts[k],
                                            drive=drive if k == 0 else None)
            per_layer.append(states)
            finals.append(final)
        outputs = [self._outputs([layer_states[i] for layer_states in per_layer])
                   for i in range(len(Xs))]
        return outputs, xp.concat(finals, axis=1)

    def step_function(self, like):
        """Every layer's step, bound once; the drive reaches the first layer."""
        xp = array_namespace(like)
        steps = [layer.step_function(like) for layer in self.reservoirs_]

        def advance(stacked, u, drive=None):
            new = []
            layer_input = u
            for k, (step, previous) in enumerate(zip(steps, self._split(stacked))):
                if k > 0:
                    layer_input = self._layer_input(new[-1], u)
                new.append(step(previous, xp.astype(layer_input, previous.dtype),
                                drive if k == 0 else None))
            return xp.concat(new)

        return advance

    def step(self, state, u, drive=None):
        """One step of every layer; as :meth:`skreservoir._base.BaseReservoir.step`."""
        self._check_step(state, u, drive)
        return self.step_function(state)(state, u, drive)

    def step_context(self):
        return self.reservoirs_[0].step_context()

    def check_outputs(self, outputs):
        self.reservoirs_[0].check_outputs(outputs)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.array_api_support = True
        return tags

