"""Forward pass and hand-written backpropagation through time of stacked gated reservoirs.

One layer, with ``u_t`` its input (the series for the first layer, the
states of the layer below for the others) and ``h_t`` its state::

    c_t = tanh(W_in u_t + W h_{t-1})          # W fixed (masked, spectrally scaled)
    g_t = sigmoid(W_gate c_t + b_gate)        # or the constant leak_rate without gate
    h_t = h_{t-1} + v_t g_t (c_t - h_{t-1})   # v_t: 1 on a step of the series, 0 on padding

With ``v_t = 1`` the last line is ``h_t = g_t c_t + (1 - g_t) h_{t-1}``; on
the padding after a shorter series of a batch (``v_t = 0``) the state holds,
so the last state of the padded series is the state at its own last step.

Arrays are time-major, ``(n_timesteps, n_series, width)``: the loop runs over
time, and each step is one matrix product over the batch of series. The
products that do not depend on the recurrence (the input drive, the gradients
of ``W_in`` and ``W_gate``) are taken over all steps at once. Everything is
written against the array API, so it runs on numpy, cupy and
``array_api_strict``, in float32 or float64.

The trainable parameters are a flat list: per layer ``W_in`` (n_units,
n_inputs) and, when gated, ``W_gate`` (n_units, n_units) and, with a gate
bias, ``b_gate`` (n_units,); then the output
layer's ``coef`` (n_outputs, n_units) and ``intercept`` (n_outputs,).
"""

from dataclasses import dataclass

from array_api_compat import device as _array_device


@dataclass(frozen=True)
class Network:
    """The fixed part of a stacked gated reservoir.

    Attributes
    ----------
    recurrent : list of arrays of shape (n_units, n_units)
        The fixed recurrent matrix ``W`` of each layer (mask applied).
    gate : bool
        Whether the gates are learned; without, ``g_t = leak_rate``.
    gate_bias : bool
        Whether a learned gate has a bias ``b_gate``.
    leak_rate : float
        The constant gate when ``gate`` is False.
    """

    recurrent: list
    gate: bool = True
    leak_rate: float = 1.0
    gate_bias: bool = False

    @property
    def per_layer(self):
        """Trainable arrays per layer: W_in, W_gate when gated, b_gate with a gate bias."""
        return 1 + self.gate + (self.gate and self.gate_bias)

    def split(self, params):
        """``(layers, coef, intercept)``: per layer ``(W_in, W_gate, b_gate)`` (or None)."""
        step = self.per_layer
        layers = []
        for k in range(len(self.recurrent)):
            own = list(params[k * step : (k + 1) * step]) + [None, None]
            layers.append(tuple(own[:3]))
        return layers, params[-2], params[-1]


def sigmoid(xp, z):
    """The logistic function as ``(1 + tanh(z / 2)) / 2``: no overflow in exp."""
    return 0.5 * (1.0 + xp.tanh(0.5 * z))


def _matmul_rows(xp, A, M):
    """``A @ M`` for ``A`` of shape (T, B, d): one product over all T * B rows."""
    T, B, d = A.shape
    return xp.reshape(xp.reshape(A, (T * B, d)) @ M, (T, B, M.shape[1]))


def _layer_forward(xp, network, U, valid, W, W_in, W_gate, b_gate):
    """States of one layer over the input ``U`` (T, B, d); returns ``(H, C, G)``.

    ``C`` and ``G`` (the candidates and gates, kept for the backward pass)
    are None when not needed (``W_gate`` None gives a constant gate).
    """
    T, B = U.shape[0], U.shape[1]
    n_units = W.shape[0]
    drive = _matmul_rows(xp, U, xp.permute_dims(W_in, (1, 0)))
    W_T = xp.permute_dims(W, (1, 0))
    W_gate_T = None if W_gate is None else xp.permute_dims(W_gate, (1, 0))
    h = xp.zeros((B, n_units), dtype=U.dtype, device=_device(U))
    states, candidates, gates = [], [], []
    for t in range(T):
        c = xp.tanh(drive[t, ...] + h @ W_T)
        if W_gate_T is None:
            e = network.leak_rate if valid is None else network.leak_rate * valid[t, ...]
        else:
            z = c @ W_gate_T
            g = sigmoid(xp, z if b_gate is None else z + b_gate)
            gates.append(g)
            e = g if valid is None else g * valid[t, ...]
        h = h + e * (c - h)
        states.append(h)
        candidates.append(c)
    G = xp.stack(gates) if gates else None
    return xp.stack(states), xp.stack(candidates), G


def _device(x):
    return _array_device(x)


def forward(xp, network, params, X, valid=None, *, keep=False):
    """Run the stack over ``X`` (T, B, n_features).

    Returns the top layer's states (T, B, n_units) and, with ``keep``, the
    per-layer ``(U, H, C, G)`` the backward pass needs.
    """
    layers, _, _ = network.split(params)
    U, cache = X, []
    for W, (W_in, W_gate, b_gate) in zip(network.recurrent, layers):
        H, C, G = _layer_forward(xp, network, U, valid, W, W_in, W_gate, b_gate)
        if keep:
            cache.append((U, H, C, G))
        U = H
    return (U, cache) if keep else U


def pooled_states(xp, H, valid, representation):
    """The rows the output layer reads: every step, the last state or the mean state.

    ``representation`` is ``"step"`` (H itself), ``"last"`` (B, n_units) or
    ``"mean"`` (B, n_units, over the steps of each series).
    """
    if representation == "step":
        return H
    if representation == "last":
        return H[-1, ...]
    if valid is None:
        return xp.mean(H, axis=0)
    return xp.sum(H * valid, axis=0) / xp.sum(valid, axis=0)


def _unpool(xp, dF, H, valid, representation):
    """The gradient on the states H (T, B, n) of a gradient on the pooled rows.

    ``("last", dF)`` when only the last state has one.
    """
    if representation == "step":
        return dF
    T = H.shape[0]
    if representation == "last":
        return ("last", dF)
    if valid is None:
        return xp.broadcast_to(dF[None, ...] / T, H.shape)
    return valid * (dF / xp.sum(valid, axis=0))[None, ...]


def output_values(xp, F, coef, intercept):
    """The linear output layer over rows ``F`` (..., n_units)."""
    return F @ xp.permute_dims(coef, (1, 0)) + intercept


def _layer_backward(xp, network, cache, valid, W, W_in, W_gate, dH, need_input):
    """Backpropagate the gradient on the layer's states from above.

    ``dH`` is (T, B, n), or ``("last", d)`` for a gradient ``d`` (B, n) on the
    last state only. Returns the gradients of ``W_in`` and ``W_gate`` (None
    without gate), the gradient on the gate's pre-activations (T * B, n),
    whose column sums are the gate bias's gradient, and, with
    ``need_input``, the gradient on the layer's input U. What does not depend on the recurrence is computed for all
    steps at once before the loop.
    """
    U, H, C, G = cache
    T, B, n_units = H.shape
    zeros = xp.zeros((1, B, n_units), dtype=H.dtype, device=_device(H))
    H_prev = xp.concat([zeros, H[:-1, ...]], axis=0)
    if W_gate is None:
        E = network.leak_rate if valid is None else network.leak_rate * valid
    else:
        E = G if valid is None else G * valid
        # dL/dz_t = delta_t * gate_slope[t]
        gate_slope = (C - H_prev) * (G * (1.0 - G))
        if valid is not None:
            gate_slope = gate_slope * valid
    keep = 1.0 - E
    tanh_slope = 1.0 - C * C
    constant_gate = W_gate is None and valid is None
    last_only = isinstance(dH, tuple)
    delta = dH[1] if last_only else xp.zeros((B, n_units), dtype=H.dtype, device=_device(H))
    d_drive, d_gate = [None] * T, [None] * T
    for t in range(T - 1, -1, -1):
        if not last_only:
            delta = delta + dH[t, ...]
        if constant_gate:
            dc = delta * E
        else:
            dc = delta * E[t, ...]
        if W_gate is not None:
            dz = delta * gate_slope[t, ...]
            d_gate[t] = dz
            dc = dc + dz @ W_gate
        da = dc * tanh_slope[t, ...]
        d_drive[t] = da
        delta = delta * (keep if constant_gate else keep[t, ...]) + da @ W
    dA = xp.reshape(xp.stack(d_drive), (T * B, n_units))
    grad_in = xp.permute_dims(dA, (1, 0)) @ xp.reshape(U, (T * B, U.shape[2]))
    grad_gate = dZ = None
    if W_gate is not None:
        dZ = xp.reshape(xp.stack(d_gate), (T * B, n_units))
        grad_gate = xp.permute_dims(dZ, (1, 0)) @ xp.reshape(C, (T * B, n_units))
    dU = xp.reshape(dA @ W_in, U.shape) if need_input else None
    return grad_in, grad_gate, dZ, dU


def _target_loss(xp, outputs, Y, weights, loss):
    """Loss summed over the rows and its gradient on the outputs.

    ``loss`` is ``"squared"`` (half the squared error) or ``"log"`` (softmax
    cross-entropy, ``Y`` one-hot). ``weights`` (rows, 1) or None.
    """
    if loss == "squared":
        diff = outputs - Y
        per_row = 0.5 * xp.sum(diff * diff, axis=-1, keepdims=True)
        d_out = diff
    else:
        shifted = outputs - xp.max(outputs, axis=-1, keepdims=True)
        exp = xp.exp(shifted)
        total = xp.sum(exp, axis=-1, keepdims=True)
        log_proba = shifted - xp.log(total)
        per_row = -xp.sum(Y * log_proba, axis=-1, keepdims=True)
        d_out = exp / total - Y
    if weights is not None:
        per_row = per_row * weights
        d_out = d_out * weights
    return xp.sum(per_row), d_out


def loss_gradient(
    xp,
    network,
    params,
    X,
    Y,
    *,
    valid=None,
    representation="step",
    loss="squared",
    alpha=0.0,
    n_samples=None,
):
    """Loss and its exact gradient on every trainable array.

    Parameters
    ----------
    xp : namespace
    network : Network
    params : list of arrays
        The trainable arrays (see the module docstring).
    X : array of shape (T, B, n_features)
        A batch of series, time-major, padded after the shorter ones.
    Y : array
        Targets: (T, B, n_outputs) per step, (B, n_outputs) per series;
        one-hot rows for ``loss="log"``.
    valid : array of shape (T, B, 1) or None
        1 on the steps of each series, 0 on padding; None when no padding.
    representation : {"step", "last", "mean"}
        Targets per step, or per series read from the last or mean state.
    loss : {"squared", "log"}
    alpha : float
        L2 penalty on the weight matrices (not on the biases).
    n_samples : float or None
        The divisor of the loss: the number of targets (valid steps or
        series) of the batch when None.

    Returns
    -------
    loss : float
        ``(sum of row losses + alpha / 2 * sum of squared weights) / n_samples``.
    grads : list of arrays
        The gradient of ``loss`` on each array of ``params``.
    """
    layers, coef, intercept = network.split(params)
    H, cache = forward(xp, network, params, X, valid, keep=True)
    F = pooled_states(xp, H, valid, representation)
    outputs = output_values(xp, F, coef, intercept)
    weights = valid if representation == "step" else None
    if n_samples is None:
        n_samples = (
            float(xp.sum(valid))
            if weights is not None
            else float(X.shape[1] * (X.shape[0] if representation == "step" else 1))
        )
    total, d_out = _target_loss(xp, outputs, Y, weights, loss)
    scale = 1.0 / n_samples
    d_out = d_out * scale
    n_units = F.shape[-1]
    F_rows = xp.reshape(F, (-1, n_units))
    d_rows = xp.reshape(d_out, (-1, coef.shape[0]))
    grad_coef = xp.permute_dims(d_rows, (1, 0)) @ F_rows
    grad_intercept = xp.sum(d_rows, axis=0)
    dH = _unpool(xp, d_out @ coef, H, valid, representation)
    grads_layers = []
    for k in range(len(layers) - 1, -1, -1):
        W_in, W_gate, b_gate = layers[k]
        grad_in, grad_gate, grad_gate_rows, dH = _layer_backward(
            xp, network, cache[k], valid, network.recurrent[k], W_in, W_gate, dH, need_input=k > 0
        )
        layer_grads = [grad_in, grad_gate]
        if b_gate is not None:
            layer_grads.append(xp.sum(grad_gate_rows, axis=0))
        grads_layers.append(layer_grads)
    grads = []
    for layer_grads in reversed(grads_layers):
        grads += [g for g in layer_grads if g is not None]
    grads += [grad_coef, grad_intercept]
    penalty = 0.0
    if alpha:  # on the weight matrices, not on the biases
        for i, (p, g) in enumerate(zip(params, grads)):
            if p.ndim == 2:
                penalty += float(xp.sum(p * p))
                grads[i] = g + (alpha * scale) * p
    value = (float(total) + 0.5 * alpha * penalty) * scale
    return value, grads
