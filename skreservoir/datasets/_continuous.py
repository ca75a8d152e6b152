"""Continuous-time systems: Mackey-Glass and the chaotic ODEs."""

import math

import numpy as np

from skreservoir._validation import physical_memory
from skreservoir.datasets._checks import (
    _check_finite_array,
    _check_generator,
    _check_n_timesteps,
    _check_positive,
    _check_real,
    _check_series_finite,
    _solve,
)


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
    need, total = 8 * (n_delay + n_timesteps), physical_memory()
    if total is not None and need > total:  # numpy: "Maximum allowed dimension exceeded"
        raise MemoryError(
            f"mackey_glass keeps floor(tau / h) = {n_delay:,} delayed values and "
            f"{n_timesteps:,} steps, about {need / 2**30:,.1f} GiB, more than this "
            f"machine's {total / 2**30:,.1f} GiB; lower tau (or raise h), or n_timesteps."
        )
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
        x[n_delay:].reshape(-1, 1),
        "mackey_glass",
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

# What to change when an orbit diverges or runs far faster than on the attractor
# (the end of _solve's error message).
_BOUNDED = "use parameters for which the system has a bounded attractor, e.g. the defaults "

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
    n_timesteps,
    *,
    rho=28.0,
    sigma=10.0,
    beta=8 / 3,
    x0=(1.0, 1.0, 1.0),
    h=0.03,
    method="DOP853",
    rtol=1e-9,
    atol=1e-9,
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

    return _solve(
        rhs,
        x0,
        n_timesteps,
        h,
        method,
        rtol,
        atol,
        "lorenz",
        {"rho": rho, "sigma": sigma, "beta": beta},
        advice=_BOUNDED + "rho=28, sigma=10, beta=8/3",
        time_scale=0.03,
    )


def rossler(
    n_timesteps,
    *,
    a=0.2,
    b=0.2,
    c=5.7,
    x0=(-0.1, 0.0, 0.02),
    h=0.1,
    method="DOP853",
    rtol=1e-9,
    atol=1e-9,
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

    return _solve(
        rhs,
        x0,
        n_timesteps,
        h,
        method,
        rtol,
        atol,
        "rossler",
        {"a": a, "b": b, "c": c},
        advice=_BOUNDED + "a=0.2, b=0.2, c=5.7",
        time_scale=0.1,
    )


def double_scroll(
    n_timesteps,
    *,
    r1=1.2,
    r2=3.44,
    r4=0.193,
    ir=2 * 2.25e-5,
    beta=11.6,
    x0=(0.37926545, 0.058339, -0.08167691),
    h=0.25,
    method="DOP853",
    rtol=1e-9,
    atol=1e-9,
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

    return _solve(
        rhs,
        x0,
        n_timesteps,
        h,
        method,
        rtol,
        atol,
        "double_scroll",
        {"r1": r1, "r2": r2, "r4": r4, "ir": ir, "beta": beta},
        advice=_BOUNDED + "r1=1.2, r2=3.44, r4=0.193, ir=4.5e-5, beta=11.6",
        time_scale=0.25,
    )


def multiscroll(
    n_timesteps,
    *,
    a=40.0,
    b=3.0,
    c=28.0,
    x0=(-0.1, 0.5, -0.6),
    h=0.01,
    method="DOP853",
    rtol=1e-9,
    atol=1e-9,
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

    return _solve(
        rhs,
        x0,
        n_timesteps,
        h,
        method,
        rtol,
        atol,
        "multiscroll",
        {"a": a, "b": b, "c": c},
        advice=_BOUNDED + "a=40, b=3, c=28",
        time_scale=0.01,
    )


# The chaotic Rabinovich-Fabrikant attractor at alpha=1.1, gamma=0.87 stays in
# [-2.5, 2.5]; an orbit past 100 is escaping (or on a huge excursion that
# makes the adaptive solver crawl), so it is stopped there with this advice.
_RF_BOUND = 100.0
_RF_HINT = (
    "The chaotic attractor of alpha=1.1, gamma=0.87 (the defaults) stays within "
    "[-2.5, 2.5]; change alpha and gamma back towards these values or move x0."
)


def rabinovich_fabrikant(
    n_timesteps,
    *,
    alpha=1.1,
    gamma=0.87,
    x0=(-1.0, 0.0, 0.5),
    h=0.05,
    method="DOP853",
    rtol=1e-9,
    atol=1e-9,
):
    r"""Rabinovich-Fabrikant system, integrated with solve_ivp and sampled every ``h``.

    .. math::

        \dot x = y (z - 1 + x^2) + \gamma x, \quad
        \dot y = x (3 z + 1 - x^2) + \gamma y, \quad
        \dot z = -2 z (\alpha + x y)

    Parameters
    ----------
    n_timesteps : int
        Number of time steps; row ``i`` is the state at time ``i * h``.
    alpha, gamma : float, default=1.1, 0.87
        Parameters of the system; the defaults give the usual chaotic
        attractor, within [-2.5, 2.5]. Many other values give an orbit that
        escapes: once a variable leaves [-100, 100] a ValueError names the
        parameters and the time. ReservoirPy's default ``gamma=0.89`` is one
        of them (see Notes).
    x0 : array-like of shape (3,), default=(-1.0, 0.0, 0.5)
        Initial state.
    h : float, default=0.05
        Sampling step.
    {solver}

    Returns
    -------
    ndarray of shape (n_timesteps, 3)

    Notes
    -----
    Same equations and initial state as ReservoirPy 0.4.2, but its default
    ``gamma=0.89`` is not used here: integrated accurately (DOP853 at
    tolerances 1e-8 to 1e-12) the orbit from ``x0`` leaves [-100, 100]
    near time 68 (``y`` reaches about 4e4); ReservoirPy's solve_ivp call
    keeps scipy's ``RK45, rtol=1e-3``, whose error keeps it on a bounded
    path. ``gamma=0.87`` (Rabinovich and Fabrikant's chaotic regime, as
    usually quoted) stays on the attractor for at least 1000 time units at
    these tolerances. ReservoirPy also samples ``linspace(0, n_timesteps *
    h, n_timesteps)``, a step of ``h * n_timesteps / (n_timesteps - 1)``.

    References
    ----------
    .. [1] M. I. Rabinovich and A. L. Fabrikant, "Stochastic self-modulation
       of waves in nonequilibrium media", Soviet Physics JETP 50(2), 311-317,
       1979.

    Examples
    --------
    >>> from skreservoir.datasets import rabinovich_fabrikant
    >>> series = rabinovich_fabrikant(2000)
    >>> series.shape
    (2000, 3)
    >>> bool(abs(series).max() < 10)
    True
    """

    def rhs(t, state):
        x, y, z = state
        return (
            y * (z - 1.0 + x**2) + gamma * x,
            x * (3.0 * z + 1.0 - x**2) + gamma * y,
            (-2.0 * z * (alpha + x * y)),
        )

    return _solve(
        rhs,
        x0,
        n_timesteps,
        h,
        method,
        rtol,
        atol,
        "rabinovich_fabrikant",
        {"alpha": alpha, "gamma": gamma},
        bound=_RF_BOUND,
        bound_hint=_RF_HINT,
        advice=_BOUNDED + "alpha=1.1, gamma=0.87",
        time_scale=0.05,
    )


for _func in (lorenz, rossler, double_scroll, multiscroll, rabinovich_fabrikant):
    if _func.__doc__:  # None under python -OO
        _func.__doc__ = _func.__doc__.replace("{solver}", _SOLVER_DOC).replace(
            "{notes}", _ODE_NOTES
        )
