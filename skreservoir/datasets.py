"""Deterministic time-series generators for reservoir computing benchmarks."""

import math
import numbers

import numpy as np
from scipy.integrate import solve_ivp

__all__ = [
    "double_scroll",
    "henon_map",
    "logistic_map",
    "lorenz",
    "mackey_glass",
    "multiscroll",
    "narma",
    "rossler",
    "to_forecasting",
]

# ReservoirPy's default dataset seed: ``random_state=None`` uses it, so that
# the generators are deterministic by default and draw what ReservoirPy draws.
_DEFAULT_SEED = 5555

# Magnitude past which an iterated map's orbit is taken to have diverged: a
# bounded orbit of these systems stays within a few units.
_DIVERGED = 1e12


def _check_n_timesteps(n_timesteps):
    if (
        isinstance(n_timesteps, bool)
        or not isinstance(n_timesteps, numbers.Integral)
        or n_timesteps < 1
    ):
        raise ValueError(f"n_timesteps must be an int >= 1, got {n_timesteps!r}.")
    return int(n_timesteps)


def _check_real(value, name):
    """Return ``value`` as a float; reject bools, non-numbers, NaN and inf."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
    ):
        raise ValueError(f"{name} must be a finite number, got {value!r}.")
    return float(value)


def _check_positive(value, name):
    if not isinstance(value, numbers.Real) or not value > 0 or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}.")
    return float(value)


def _check_finite_array(values, name):
    """Float64 copy of ``values``; reject non-numeric values, NaN and inf."""
    try:
        values = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold numbers, got {values!r}.") from None
    bad = np.flatnonzero(~np.isfinite(values.ravel()))
    if bad.size:
        raise ValueError(
            f"{name} must hold finite numbers, but it has NaN or inf at "
            f"position(s) {bad[:5].tolist()}."
        )
    return values


def _check_x0(x0, n_dims):
    x0 = _check_finite_array(x0, "x0")
    if x0.shape != (n_dims,):
        raise ValueError(
            f"x0 must have shape ({n_dims},) (one initial value per variable), "
            f"got shape {x0.shape}."
        )
    return x0


def _check_series_finite(series, system, parameters, step_hint=True):
    """Backstop: a generated series never holds NaN or inf silently."""
    bad = np.flatnonzero(~np.all(np.isfinite(series.reshape(series.shape[0], -1)), axis=1))
    if bad.size:
        raise ValueError(
            f"The {system} series diverges (NaN or inf from time step {bad[0]} on) "
            f"with {parameters}; change these parameters back towards their "
            "defaults" + (", or lower the step h." if step_hint else ".")
        )
    return series


def _check_generator(random_state):
    """Return a numpy random generator; ``None`` gives the fixed default seed."""
    if random_state is None:
        return np.random.default_rng(_DEFAULT_SEED)
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        return np.random.default_rng(int(random_state))
    if isinstance(random_state, (np.random.Generator, np.random.RandomState)):
        return random_state
    raise ValueError(
        "random_state must be None, an int, a numpy.random.Generator or a "
        f"numpy.random.RandomState, got {random_state!r}."
    )


def _solve(rhs, x0, n_timesteps, h, method, rtol, atol, system, parameters):
    """Integrate ``rhs`` with solve_ivp and sample it at ``t = 0, h, 2h, ...``.

    ``parameters`` maps the system's parameter names to their values; they are
    checked to be finite and named in the error when the trajectory diverges.
    """
    n_timesteps = _check_n_timesteps(n_timesteps)
    h = _check_positive(h, "h")
    rtol = _check_positive(rtol, "rtol")
    atol = _check_positive(atol, "atol")
    for name, value in parameters.items():
        _check_real(value, name)
    x0 = _check_x0(x0, 3)
    if n_timesteps == 1:
        return x0[np.newaxis, :].copy()
    t_eval = h * np.arange(n_timesteps)
    described = ", ".join(f"{name}={value!r}" for name, value in parameters.items())
    described += f", x0={tuple(x0.tolist())}, h={h!r}"
    with np.errstate(over="ignore", invalid="ignore"):
        sol = solve_ivp(
            rhs, (0.0, t_eval[-1]), x0, method=method, t_eval=t_eval, rtol=rtol, atol=atol
        )
    if not sol.success:
        raise ValueError(
            f"The {system} integration ({method}) failed: {sol.message} The "
            f"trajectory probably diverges with {described}; change these "
            "parameters back towards their defaults."
        )
    series = np.ascontiguousarray(sol.y.T, dtype=np.float64)
    return _check_series_finite(series, system, described)


def _mackey_glass_history(n_delay, x0, rng):
    """Random history ``x0 + U(-0.1, 0.1)`` of ``n_delay`` steps, as ReservoirPy draws it."""
    return x0 + 0.2 * (rng.random(n_delay) - 0.5)


def mackey_glass(
    n_timesteps, *, tau=17, a=0.2, b=0.1, n=10, x0=1.2, h=1.0, random_state=None, history=None
):
    r"""Mackey-Glass delay differential equation, sampled every ``h``.

    .. math::

        \frac{dx}{dt} = \frac{a\,x(t-\tau)}{1 + x(t-\tau)^n} - b\,x(t)

    Integrated with the classical fourth-order Runge-Kutta method (RK4) at
    step ``h``. The delay is ``d = floor(tau / h)`` steps (so ``d * h`` when
    ``tau`` is not a multiple of ``h``, as in ReservoirPy); the delayed value
    needed at the half step is the linear interpolation of the two stored
    neighbours. The history ``x(-d h), ..., x(-h)`` is ``history`` or, by
    default, ``x0 + U(-0.1, 0.1)`` drawn from ``random_state`` exactly as
    ReservoirPy draws it; ``x(0) = x0``.

    Parameters
    ----------
    n_timesteps : int
        Number of time steps to return.
    tau : float, default=17
        Delay :math:`\tau`; 17 gives the usual mildly chaotic series.
    a, b : float, default=0.2, 0.1
        Production and decay rates.
    n : float, default=10
        Exponent of the delayed term.
    x0 : float, default=1.2
        Value at time 0.
    h : float, default=1.0
        Integration and sampling step.
    random_state : int, Generator, RandomState or None, default=None
        Seed of the random history. None uses ReservoirPy's default seed 5555,
        so the output is deterministic (ReservoirPy: ``seed``).
    history : array-like of shape (>= floor(tau / h),), default=None
        Past values, the last one at time ``-h``; overrides ``random_state``.

    Returns
    -------
    ndarray of shape (n_timesteps, 1)
        The series ``x(0), x(h), ...``; its first row is ``x0``.

    Notes
    -----
    ReservoirPy 0.4.2 has the same equation, defaults and history, but its
    one-step update is not the classical RK4 (the delayed term is frozen over
    the step and the stage weights differ); the two series agree to about
    0.02 over the first 20 steps, then drift apart as chaotic series do.

    References
    ----------
    .. [1] M. C. Mackey and L. Glass, "Oscillation and chaos in physiological
       control systems", Science 197(4300), 287-289, 1977.

    Examples
    --------
    >>> from skreservoir.datasets import mackey_glass
    >>> series = mackey_glass(1000)
    >>> series.shape
    (1000, 1)
    >>> print(series[:4, 0].round(3))
    [1.2   1.125 1.044 0.967]
    """
    n_timesteps = _check_n_timesteps(n_timesteps)
    h = _check_positive(h, "h")
    tau = _check_positive(tau, "tau")
    a, b, n = _check_real(a, "a"), _check_real(b, "b"), _check_real(n, "n")
    x0 = _check_real(x0, "x0")
    n_delay = math.floor(tau / h)
    if n_delay < 1:
        raise ValueError(f"tau must be >= h so the delay spans a step, got tau={tau!r}, h={h!r}.")
    if history is None:
        past = _mackey_glass_history(n_delay, x0, _check_generator(random_state))
    else:
        past = _check_finite_array(history, "history").ravel()
        if past.shape[0] < n_delay:
            raise ValueError(
                f"history must hold at least floor(tau / h) = {n_delay} values, "
                f"got {past.shape[0]}."
            )
        past = past[-n_delay:]

    def rate(x, x_delayed):
        return a * x_delayed / (1.0 + x_delayed**n) - b * x

    x = np.empty(n_delay + n_timesteps)
    x[:n_delay] = past
    x[n_delay] = x0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        _mackey_glass_steps(x, n_delay, n_timesteps, h, rate)
    return _check_series_finite(
        x[n_delay:].reshape(-1, 1), "mackey_glass",
        f"tau={tau!r}, a={a!r}, b={b!r}, n={n!r}, x0={x0!r}, h={h!r} (and the history)",
    )


def _mackey_glass_steps(x, n_delay, n_timesteps, h, rate):
    """RK4 steps of the delay equation, in place on ``x`` (history first)."""
    for i in range(n_delay, n_delay + n_timesteps - 1):
        now, lag_start, lag_end = x[i], x[i - n_delay], x[i - n_delay + 1]
        lag_mid = 0.5 * (lag_start + lag_end)
        k1 = rate(now, lag_start)
        k2 = rate(now + 0.5 * h * k1, lag_mid)
        k3 = rate(now + 0.5 * h * k2, lag_mid)
        k4 = rate(now + h * k3, lag_end)
        x[i + 1] = now + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)


_SOLVER_DOC = """method : str, default="DOP853"
        ``scipy.integrate.solve_ivp`` method.
    rtol, atol : float, default=1e-9
        Solver tolerances."""

_ODE_NOTES = """Notes
    -----
    Same equations, parameters and initial state as ReservoirPy 0.4.2, whose
    solve_ivp call keeps scipy's defaults (``method="RK45", rtol=1e-3,
    atol=1e-6``): on Lorenz these are 1e-2 off the accurate trajectory after
    6 steps. ReservoirPy also samples ``linspace(0, n_timesteps * h,
    n_timesteps)``, a step of ``h * n_timesteps / (n_timesteps - 1)``; here
    row ``i`` is exactly time ``i * h``.
"""


def lorenz(
    n_timesteps, *, rho=28.0, sigma=10.0, beta=8 / 3, x0=(1.0, 1.0, 1.0), h=0.03,
    method="DOP853", rtol=1e-9, atol=1e-9,
):
    r"""Lorenz system, integrated with solve_ivp and sampled every ``h``.

    .. math::

        \dot x = \sigma (y - x), \quad \dot y = x (\rho - z) - y, \quad
        \dot z = x y - \beta z

    Parameters
    ----------
    n_timesteps : int
        Number of time steps; row ``i`` is the state at time ``i * h``.
    rho, sigma, beta : float, default=28.0, 10.0, 8/3
        Parameters of the system.
    x0 : array-like of shape (3,), default=(1.0, 1.0, 1.0)
        Initial state.
    h : float, default=0.03
        Sampling step.
    {solver}

    Returns
    -------
    ndarray of shape (n_timesteps, 3)

    {notes}
    References
    ----------
    .. [1] E. N. Lorenz, "Deterministic nonperiodic flow", Journal of the
       Atmospheric Sciences 20(2), 130-141, 1963.

    Examples
    --------
    >>> from skreservoir.datasets import lorenz
    >>> series = lorenz(1000)
    >>> series.shape
    (1000, 3)
    >>> print(series[1].round(3))
    [1.107 1.798 0.965]
    """

    def rhs(t, state):
        x, y, z = state
        return sigma * (y - x), x * (rho - z) - y, x * y - beta * z

    return _solve(rhs, x0, n_timesteps, h, method, rtol, atol, "lorenz",
                  {"rho": rho, "sigma": sigma, "beta": beta})


def rossler(
    n_timesteps, *, a=0.2, b=0.2, c=5.7, x0=(-0.1, 0.0, 0.02), h=0.1,
    method="DOP853", rtol=1e-9, atol=1e-9,
):
    r"""Rössler system, integrated with solve_ivp and sampled every ``h``.

    .. math::

        \dot x = -y - z, \quad \dot y = x + a y, \quad \dot z = b + z (x - c)

    Parameters
    ----------
    n_timesteps : int
        Number of time steps; row ``i`` is the state at time ``i * h``.
    a, b, c : float, default=0.2, 0.2, 5.7
        Parameters of the system.
    x0 : array-like of shape (3,), default=(-0.1, 0.0, 0.02)
        Initial state.
    h : float, default=0.1
        Sampling step.
    {solver}

    Returns
    -------
    ndarray of shape (n_timesteps, 3)

    {notes}
    References
    ----------
    .. [1] O. E. Rössler, "An equation for continuous chaos", Physics Letters A
       57(5), 397-398, 1976.

    Examples
    --------
    >>> from skreservoir.datasets import rossler
    >>> rossler(2000).shape
    (2000, 3)
    """

    def rhs(t, state):
        x, y, z = state
        return -y - z, x + a * y, b + z * (x - c)

    return _solve(rhs, x0, n_timesteps, h, method, rtol, atol, "rossler",
                  {"a": a, "b": b, "c": c})


def double_scroll(
    n_timesteps, *, r1=1.2, r2=3.44, r4=0.193, ir=2 * 2.25e-5, beta=11.6,
    x0=(0.37926545, 0.058339, -0.08167691), h=0.25,
    method="DOP853", rtol=1e-9, atol=1e-9,
):
    r"""Double-scroll electronic circuit, integrated with solve_ivp.

    .. math::

        \dot V_1 = \frac{V_1}{R_1} - \frac{\Delta V}{R_2} - I_r \sinh(\beta \Delta V),
        \quad
        \dot V_2 = \frac{\Delta V}{R_2} + I_r \sinh(\beta \Delta V) - I,
        \quad
        \dot I = V_2 - R_4 I

    with :math:`\Delta V = V_1 - V_2`. ReservoirPy calls it ``doublescroll``.

    Parameters
    ----------
    n_timesteps : int
        Number of time steps; row ``i`` is the state at time ``i * h``.
    r1, r2, r4 : float, default=1.2, 3.44, 0.193
        Resistances :math:`R_1, R_2, R_4`.
    ir : float, default=4.5e-5
        :math:`I_r`, the diode-pair current, here including the factor 2 of
        the paper's :math:`2 I_r \sinh(\beta \Delta V)` (2 * 2.25e-5).
    beta : float, default=11.6
        Diode constant :math:`\beta`.
    x0 : array-like of shape (3,), default=(0.37926545, 0.058339, -0.08167691)
        Initial state :math:`(V_1, V_2, I)`.
    h : float, default=0.25
        Sampling step.
    {solver}

    Returns
    -------
    ndarray of shape (n_timesteps, 3)

    {notes}
    References
    ----------
    .. [1] D. J. Gauthier, E. Bollt, A. Griffith and W. A. S. Barbosa, "Next
       generation reservoir computing", Nature Communications 12, 5564, 2021.

    Examples
    --------
    >>> from skreservoir.datasets import double_scroll
    >>> double_scroll(1000).shape
    (1000, 3)
    """

    r1, r2, r4 = _check_positive(r1, "r1"), _check_positive(r2, "r2"), _check_positive(r4, "r4")

    def rhs(t, state):
        v1, v2, current = state
        dv = v1 - v2
        flow = dv / r2 + ir * np.sinh(beta * dv)
        return v1 / r1 - flow, flow - current, v2 - r4 * current

    return _solve(rhs, x0, n_timesteps, h, method, rtol, atol, "double_scroll",
                  {"r1": r1, "r2": r2, "r4": r4, "ir": ir, "beta": beta})


def multiscroll(
    n_timesteps, *, a=40.0, b=3.0, c=28.0, x0=(-0.1, 0.5, -0.6), h=0.01,
    method="DOP853", rtol=1e-9, atol=1e-9,
):
    r"""Chen's multiscroll attractor, integrated with solve_ivp.

    .. math::

        \dot x = a (y - x), \quad \dot y = (c - a) x - x z + c y, \quad
        \dot z = x y - b z

    Parameters
    ----------
    n_timesteps : int
        Number of time steps; row ``i`` is the state at time ``i * h``.
    a, b, c : float, default=40.0, 3.0, 28.0
        Parameters of the system.
    x0 : array-like of shape (3,), default=(-0.1, 0.5, -0.6)
        Initial state.
    h : float, default=0.01
        Sampling step.
    {solver}

    Returns
    -------
    ndarray of shape (n_timesteps, 3)

    {notes}
    References
    ----------
    .. [1] G. Chen and T. Ueta, "Yet another chaotic attractor", International
       Journal of Bifurcation and Chaos 9(7), 1465-1466, 1999.

    Examples
    --------
    >>> from skreservoir.datasets import multiscroll
    >>> multiscroll(1000).shape
    (1000, 3)
    """

    def rhs(t, state):
        x, y, z = state
        return a * (y - x), (c - a) * x - x * z + c * y, x * y - b * z

    return _solve(rhs, x0, n_timesteps, h, method, rtol, atol, "multiscroll",
                  {"a": a, "b": b, "c": c})


for _func in (lorenz, rossler, double_scroll, multiscroll):
    if _func.__doc__:  # None under python -OO
        _func.__doc__ = _func.__doc__.replace("{solver}", _SOLVER_DOC).replace(
            "{notes}", _ODE_NOTES
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
    if isinstance(order, bool) or not isinstance(order, numbers.Integral) or order < 1:
        raise ValueError(f"order must be an int >= 1, got {order!r}.")
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


def _split_one(series, forecast, test_size, name="series"):
    series = np.asarray(series)
    if not (np.issubdtype(series.dtype, np.number) or series.dtype == np.bool_):
        raise ValueError(
            f"{name} must hold numbers, got an array of dtype {series.dtype}; pass "
            "a numeric array (n_timesteps,) or (n_timesteps, n_features)."
        )
    if not np.all(np.isfinite(series)):
        raise ValueError(
            f"{name} holds NaN or inf; fill or drop the missing values before "
            "pairing it with to_forecasting."
        )
    if series.ndim == 1:
        series = series.reshape(-1, 1)
    if series.ndim != 2:
        raise ValueError(
            "series must be 1D, 2D (n_timesteps, n_features), 3D (n_series, "
            f"n_timesteps, n_features) or a list of 2D arrays, got {series.ndim}D."
        )
    n_pairs = series.shape[0] - forecast
    if n_pairs < 1:
        raise ValueError(
            f"forecast={forecast} leaves no (X, y) pair in a series of "
            f"{series.shape[0]} time steps; use a smaller forecast or a longer series."
        )
    X, y = series[:-forecast].copy(), series[forecast:].copy()
    if test_size is None:
        return X, y
    if isinstance(test_size, numbers.Integral) and not isinstance(test_size, bool):
        n_test = int(test_size)
    elif isinstance(test_size, numbers.Real) and 0 < test_size < 1:
        n_test = math.ceil(test_size * n_pairs)
    else:
        raise ValueError(
            "test_size must be an int (number of steps) or a float in (0, 1) "
            f"(fraction), got {test_size!r}."
        )
    if not 1 <= n_test < n_pairs:
        raise ValueError(
            f"test_size={test_size!r} gives {n_test} test steps out of {n_pairs} "
            "(X, y) pairs; it must leave at least one step for training and one for testing."
        )
    n_train = n_pairs - n_test
    return X[:n_train], X[n_train:], y[:n_train], y[n_train:]


def to_forecasting(series, forecast=1, test_size=None):
    """Pair a series with itself ``forecast`` steps ahead, optionally split in time.

    ``y[t] = series[t + forecast]`` and ``X[t] = series[t]``, for the
    ``n_timesteps - forecast`` steps where both exist.

    Parameters
    ----------
    series : array-like of shape (n_timesteps,) or (n_timesteps, n_features)
        The series; a panel, 3D array (n_series, n_timesteps, n_features) or
        list of 2D arrays, is handled series by series.
    forecast : int, default=1
        Forecast horizon in steps, >= 1.
    test_size : int, float or None, default=None
        If given, the last steps go to a test set: an int is a number of
        steps, a float in (0, 1) a fraction of the ``n_timesteps - forecast``
        pairs (rounded up, as ``sklearn.model_selection.train_test_split``
        does; ReservoirPy rounds a fraction of ``n_timesteps``).

    Returns
    -------
    X, y : ndarray of shape (n_timesteps - forecast, n_features)
        Without ``test_size``. 1D input gives ``n_features = 1``.
    X_train, X_test, y_train, y_test : ndarray
        With ``test_size``, in time order: the test steps follow the training
        steps. A 3D array gives 3D arrays and a list gives lists.

    Examples
    --------
    >>> import numpy as np
    >>> from skreservoir.datasets import to_forecasting
    >>> X, y = to_forecasting(np.arange(6.0), forecast=2)
    >>> print(X.ravel(), y.ravel())
    [0. 1. 2. 3.] [2. 3. 4. 5.]
    >>> X_train, X_test, y_train, y_test = to_forecasting(np.arange(10.0), test_size=0.2)
    >>> X_train.shape, X_test.shape
    ((7, 1), (2, 1))
    """
    if isinstance(forecast, bool) or not isinstance(forecast, numbers.Integral) or forecast < 1:
        raise ValueError(f"forecast must be an int >= 1, got {forecast!r}.")
    forecast = int(forecast)
    if isinstance(series, (list, tuple)) and len(series) and np.ndim(series[0]) == 2:
        parts = [_split_one(s, forecast, test_size, f"series[{i}]")
                 for i, s in enumerate(series)]
        return tuple(list(p) for p in zip(*parts))
    series = np.asarray(series)
    if series.ndim == 3:
        parts = [_split_one(s, forecast, test_size, f"series[{i}]")
                 for i, s in enumerate(series)]
        return tuple(np.stack(p) for p in zip(*parts))
    return _split_one(series, forecast, test_size)
