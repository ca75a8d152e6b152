"""Discrete-time systems: NARMA, the Henon and logistic maps."""

import numbers

import numpy as np

from skreservoir.datasets._checks import (
    _DIVERGED,
    _check_finite_array,
    _check_generator,
    _check_int,
    _check_n_timesteps,
    _check_real,
    _check_series_finite,
    _check_x0,
)


def narma(n_timesteps, *, order=10, a1=0.3, a2=0.05, b=1.5, c=0.1, random_state=None, u=None):
    r"""Nonlinear autoregressive moving average (NARMA) task of a given order.

    .. math::

        y(t+1) = a_1 y(t) + a_2 y(t) \sum_{i=0}^{m-1} y(t-i)
                 + b\, u(t-m+1)\, u(t) + c

    with :math:`m` = ``order``, :math:`y(t) = u(t) = 0` for :math:`t < 0` and
    :math:`y(0) = 0`. The input :math:`u(t)` is drawn i.i.d. uniform in
    :math:`[0, 0.5]`, as is standard. The defaults are the NARMA-10 task.

    Parameters
    ----------
    n_timesteps : int
        Number of time steps.
    order : int, default=10
        Order :math:`m` (memory) of the system.
    a1, a2, b, c : float, default=0.3, 0.05, 1.5, 0.1
        Coefficients of the system.
    random_state : int, Generator, RandomState or None, default=None
        Seed of the input draw. None uses the fixed seed 5555, so the output
        is deterministic (ReservoirPy: ``seed``).
    u : array-like of shape (n_timesteps,) or (n_timesteps, 1), default=None
        Input to use instead of a random draw, with values in [0, 0.5] (the
        standard range, for which the recursion stays bounded).

    Returns
    -------
    u : ndarray of shape (n_timesteps, 1)
        Input series.
    y : ndarray of shape (n_timesteps, 1)
        Output series; ``y[t]`` depends on ``u`` up to ``t - 1``.

    Notes
    -----
    ReservoirPy 0.4.2's ``narma`` defaults to a 30th-order variant
    (``a1=0.2, a2=0.04, c=0.001``), returns ``order`` extra input steps, and
    its code sums :math:`y(t-m) \dots y(t-1)` with :math:`u(t-m)`, one step
    off the equation above (which its docstring also gives).

    References
    ----------
    .. [1] A. F. Atiya and A. G. Parlos, "New results on recurrent network
       training: unifying the algorithms and accelerating convergence", IEEE
       Transactions on Neural Networks 11(3), 697-709, 2000.

    Examples
    --------
    >>> from skreservoir.datasets import narma
    >>> u, y = narma(2000, random_state=0)
    >>> u.shape, y.shape
    ((2000, 1), (2000, 1))
    >>> print(y[:3, 0].round(3))
    [0.   0.1  0.13]
    """
    n_timesteps = _check_n_timesteps(n_timesteps)
    order = _check_int(order, "order")
    a1, a2 = _check_real(a1, "a1"), _check_real(a2, "a2")
    b, c = _check_real(b, "b"), _check_real(c, "c")
    if u is None:
        u = _check_generator(random_state).uniform(0.0, 0.5, size=n_timesteps)
    else:
        u = _check_finite_array(u, "u")
        if u.ndim > 2 or u.size != n_timesteps or (u.ndim == 2 and u.shape[1] != 1):
            raise ValueError(
                f"u must have shape (n_timesteps,) or (n_timesteps, 1) with "
                f"n_timesteps={n_timesteps}, got shape {u.shape}."
            )
        u = u.ravel()
        if u.min() < 0.0 or u.max() > 0.5:
            raise ValueError(
                f"u must lie in [0, 0.5], the input range of the standard NARMA task "
                f"for which the recursion stays bounded, got values in "
                f"[{u.min():.4g}, {u.max():.4g}]. Rescale it, e.g. "
                "u = 0.5 * (u - u.min()) / np.ptp(u)."
            )
    y = np.zeros(n_timesteps)
    window = 0.0  # running sum of y(t-order+1) ... y(t)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(n_timesteps - 1):
            window += y[t] - (y[t - order] if t >= order else 0.0)
            u_past = u[t - order + 1] if t >= order - 1 else 0.0
            y[t + 1] = a1 * y[t] + a2 * y[t] * window + b * u_past * u[t] + c
            if not abs(y[t + 1]) < _DIVERGED:
                y[t + 1:] = np.inf
                break
    _check_series_finite(
        y, "narma", f"order={order!r}, a1={a1!r}, a2={a2!r}, b={b!r}, c={c!r}",
        step_hint=False,
    )
    return u.reshape(-1, 1).copy(), y.reshape(-1, 1)


def henon_map(n_timesteps, *, a=1.4, b=0.3, x0=(0.0, 0.0)):
    r"""Hénon map.

    .. math::

        x(t+1) = 1 - a\, x(t)^2 + y(t), \quad y(t+1) = b\, x(t)

    Parameters
    ----------
    n_timesteps : int
        Number of time steps; the first row is ``x0``.
    a, b : float, default=1.4, 0.3
        Parameters of the map. With ``b=0.3`` the orbit stays bounded for
        ``a`` up to about 1.42; a diverging orbit raises a ValueError.
    x0 : array-like of shape (2,), default=(0.0, 0.0)
        Initial point.

    Returns
    -------
    ndarray of shape (n_timesteps, 2)

    References
    ----------
    .. [1] M. Hénon, "A two-dimensional mapping with a strange attractor",
       Communications in Mathematical Physics 50(1), 69-77, 1976.

    Examples
    --------
    >>> from skreservoir.datasets import henon_map
    >>> print(henon_map(4).round(3))
    [[ 0.     0.   ]
     [ 1.     0.   ]
     [-0.4    0.3  ]
     [ 1.076 -0.12 ]]
    """
    n_timesteps = _check_n_timesteps(n_timesteps)
    a, b = _check_real(a, "a"), _check_real(b, "b")
    states = np.empty((n_timesteps, 2))
    states[0] = _check_x0(x0, 2)
    x, y = (float(v) for v in states[0])
    for t in range(n_timesteps - 1):
        x, y = 1.0 - a * x**2 + y, b * x
        if not (abs(x) < _DIVERGED and abs(y) < _DIVERGED):
            raise ValueError(
                f"The Hénon orbit from x0={tuple(states[0].tolist())} diverges (|x| > "
                f"{_DIVERGED:.0e} at time step {t + 1}) with a={a!r}, b={b!r}. Change a "
                "or b (the classical chaotic map is a=1.4, b=0.3; with b=0.3 the "
                "orbit stays bounded only for a up to about 1.42) or start x0 nearer "
                "the origin."
            )
        states[t + 1] = x, y
    return states


def logistic_map(n_timesteps, *, r=3.9, x0=0.5):
    r"""Logistic map.

    .. math::

        x(t+1) = r\, x(t)\, (1 - x(t))

    Parameters
    ----------
    n_timesteps : int
        Number of time steps; the first row is ``x0``.
    r : float, default=3.9
        Growth rate, in [0, 4] so that the orbit stays in [0, 1] (chaotic for most values above about 3.57).
    x0 : float, default=0.5
        Initial value, in the open interval (0, 1).

    Returns
    -------
    ndarray of shape (n_timesteps, 1)

    References
    ----------
    .. [1] R. M. May, "Simple mathematical models with very complicated
       dynamics", Nature 261, 459-467, 1976.

    Examples
    --------
    >>> from skreservoir.datasets import logistic_map
    >>> print(logistic_map(4).ravel().round(3))
    [0.5   0.975 0.095 0.335]
    """
    n_timesteps = _check_n_timesteps(n_timesteps)
    if isinstance(r, bool) or not isinstance(r, numbers.Real) or not 0 <= r <= 4:
        raise ValueError(
            f"r must be a number in [0, 4], got {r!r}: outside it the map leaves "
            "[0, 1] and diverges (chaotic for most r above about 3.57)."
        )
    if isinstance(x0, bool) or not isinstance(x0, numbers.Real) or not 0 < x0 < 1:
        raise ValueError(f"x0 must be in the open interval (0, 1), got {x0!r}.")
    x = np.empty(n_timesteps)
    x[0] = x0
    for t in range(n_timesteps - 1):
        x[t + 1] = r * x[t] * (1.0 - x[t])
    return x.reshape(-1, 1)


