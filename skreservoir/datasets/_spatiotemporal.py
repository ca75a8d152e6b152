"""Spatially extended systems: the Lorenz-96 ring and the Kuramoto-Sivashinsky equation."""

import math

import numpy as np

from skreservoir.datasets._checks import (
    _check_int,
    _check_positive,
    _check_real,
    _check_series_finite,
    _check_x0,
    _solve,
)


def lorenz96(
    n_timesteps,
    *,
    n_variables=36,
    forcing=8.0,
    x0=None,
    perturbation=0.01,
    h=0.01,
    n_warmup=0,
    method="DOP853",
    rtol=1e-9,
    atol=1e-9,
):
    r"""Lorenz-96 ring of ``n_variables`` coupled variables, sampled every ``h``.

    .. math::

        \dot x_i = (x_{i+1} - x_{i-2})\, x_{i-1} - x_i + F,
        \qquad i = 1, \dots, N, \quad x_{i+N} = x_i

    The advection term conserves the energy :math:`E = \frac12 \sum_i x_i^2`,
    so :math:`\dot E = -2E + F \sum_i x_i`. With :math:`N \ge 4`, ``forcing``
    :math:`F = 8` is the usual chaotic regime; for small :math:`F` the
    orbit settles on the fixed point :math:`x_i = F`.

    Parameters
    ----------
    n_timesteps : int
        Number of time steps returned; row ``i`` is the state at time
        ``(n_warmup + i) * h``.
    n_variables : int, default=36
        Number :math:`N \ge 4` of variables on the ring (ReservoirPy: ``N``).
    forcing : float, default=8.0
        Constant forcing :math:`F` (ReservoirPy: ``F``).
    x0 : array-like of shape (n_variables,), default=None
        Initial state. None gives :math:`x_i = F` with ``perturbation`` added
        to the first variable, as ReservoirPy does.
    perturbation : float, default=0.01
        The offset of the first variable when ``x0`` is None (ReservoirPy:
        ``dF``).
    h : float, default=0.01
        Sampling step.
    n_warmup : int, default=0
        Steps integrated and dropped before the first returned row, to skip
        the transient from ``x0`` (ReservoirPy: ``warmup``).
    method : str, default="DOP853"
        ``scipy.integrate.solve_ivp`` method.
    rtol, atol : float, default=1e-9
        Solver tolerances.

    Returns
    -------
    ndarray of shape (n_timesteps, n_variables)

    Notes
    -----
    Same equation, defaults and initial state as ReservoirPy 0.4.2, but its
    ``lorenz96`` samples ``linspace(0, (warmup + n_timesteps) * h**2,
    n_timesteps)`` (``h`` enters squared: with the default ``h=0.01``
    its rows are about 1e-4 time units apart, not 0.01), returns
    ``n_timesteps - warmup`` rows, and keeps scipy's solver defaults
    (``RK45, rtol=1e-3``).

    References
    ----------
    .. [1] E. N. Lorenz, "Predictability: a problem partly solved", Proc.
       Seminar on Predictability, ECMWF, 1996.

    Examples
    --------
    >>> from skreservoir.datasets import lorenz96
    >>> series = lorenz96(1000, n_variables=8, h=0.05, n_warmup=200)
    >>> series.shape
    (1000, 8)
    >>> bool(series.mean() > 0)
    True
    """
    n_variables = _check_int(n_variables, "n_variables", 4)
    forcing = _check_real(forcing, "forcing")
    if x0 is None:
        x0 = np.full(n_variables, forcing)
        x0[0] += _check_real(perturbation, "perturbation")

    ring = np.arange(n_variables)
    after, two_before, before = (ring + 1) % n_variables, ring - 2, ring - 1

    def rhs(t, state):
        return (state[after] - state[two_before]) * state[before] - state + forcing

    return _solve(
        rhs,
        x0,
        n_timesteps,
        h,
        method,
        rtol,
        atol,
        "lorenz96",
        {"forcing": forcing},
        n_dims=n_variables,
        n_warmup=n_warmup,
        advice="lower forcing back towards the default 8 (the orbit's size and speed "
        "grow with |forcing|)",
        time_scale=0.01,
    )


# Points on the complex circle over which the ETDRK4 coefficients are
# averaged (Kassam and Trefethen's contour integral; 32 resolves them to
# round-off for the step sizes used here).
_N_CONTOUR = 32


def _etdrk4_coefficients(linear, h):
    """The ETDRK4 factors of the diagonal linear operator ``linear`` at step ``h``."""
    roots = np.exp(1j * np.pi * (np.arange(1, _N_CONTOUR + 1) - 0.5) / _N_CONTOUR)
    lr = h * linear[:, np.newaxis] + roots[np.newaxis, :]
    exp_lr = np.exp(lr)
    q = h * np.real(np.mean((np.exp(lr / 2) - 1) / lr, axis=1))
    f1 = h * np.real(np.mean((-4 - lr + exp_lr * (4 - 3 * lr + lr**2)) / lr**3, axis=1))
    f2 = h * np.real(np.mean((2 + lr + exp_lr * (lr - 2)) / lr**3, axis=1))
    f3 = h * np.real(np.mean((-4 - 3 * lr - lr**2 + exp_lr * (4 - lr)) / lr**3, axis=1))
    return np.exp(h * linear), np.exp(h * linear / 2), q, f1, f2, f3


def kuramoto_sivashinsky(
    n_timesteps, *, n_points=128, domain_length=32 * math.pi, x0=None, h=0.25, n_warmup=0
):
    r"""Kuramoto-Sivashinsky equation on a periodic domain, sampled every ``h``.

    .. math::

        u_t = -u\, u_x - u_{xx} - u_{xxxx}, \qquad x \in [0, L), \quad
        u(x + L, t) = u(x, t)

    solved on ``n_points`` equispaced points by the Fourier spectral method
    with exponential time differencing, fourth order (ETDRK4, Kassam and
    Trefethen 2005) at step ``h``. The spatial mean of :math:`u` is
    conserved. The domain length :math:`L` sets the dynamics: below
    :math:`2\pi` every mode is damped and :math:`u` decays to its mean; at
    :math:`L = 22` the flow is chaotic (largest Lyapunov exponent 0.043,
    Cvitanović, Davidchack and Siminos 2010) with long nearly steady
    stretches; the default :math:`L = 32\pi` is chaotic throughout.

    Parameters
    ----------
    n_timesteps : int
        Number of time steps returned; row ``i`` is :math:`u` at time
        ``(n_warmup + i) * h``.
    n_points : int, default=128
        Number of grid points, even, >= 4 (ReservoirPy: ``N``).
    domain_length : float, default=32 * pi
        Length :math:`L` of the periodic domain (ReservoirPy: ``2 * pi * M``).
    x0 : array-like of shape (n_points,), default=None
        Initial :math:`u` on the grid :math:`x_j = L j / N`, ``j = 1..N``.
        None gives Kassam and Trefethen's
        :math:`\cos(2\pi x / L)\,(1 + \sin(2\pi x / L))`.
    h : float, default=0.25
        Time step of the integration and of the samples.
    n_warmup : int, default=0
        Steps integrated and dropped before the first returned row, to skip
        the transient from ``x0`` (ReservoirPy: ``warmup``).

    Returns
    -------
    ndarray of shape (n_timesteps, n_points)

    Notes
    -----
    The defaults are Kassam and Trefethen's, which ReservoirPy 0.4.2 also
    uses. ReservoirPy's ``M`` is at once the domain scale :math:`L / 2\pi`
    and the number of points of the contour integral of the ETDRK4
    coefficients; here the domain is ``domain_length`` and the contour has
    a fixed 32 points, so only ``M = 16`` (the default) gives the same
    series (equal to round-off at first, then apart as chaos amplifies the
    last bits). ReservoirPy returns ``n_timesteps - warmup`` rows.

    References
    ----------
    .. [1] Y. Kuramoto, "Diffusion-induced chaos in reaction systems",
       Progress of Theoretical Physics Supplement 64, 346-367, 1978.
    .. [2] G. I. Sivashinsky, "Nonlinear analysis of hydrodynamic instability
       in laminar flames", Acta Astronautica 4, 1177-1206, 1977.
    .. [3] A.-K. Kassam and L. N. Trefethen, "Fourth-order time-stepping for
       stiff PDEs", SIAM Journal on Scientific Computing 26(4), 1214-1233,
       2005.

    Examples
    --------
    >>> from skreservoir.datasets import kuramoto_sivashinsky
    >>> series = kuramoto_sivashinsky(500, n_points=64, domain_length=22.0, n_warmup=400)
    >>> series.shape
    (500, 64)
    >>> print(round(abs(series.mean()), 6))
    0.0
    """
    n_timesteps = _check_int(n_timesteps, "n_timesteps", 1)
    n_warmup = _check_int(n_warmup, "n_warmup", 0)
    n_points = _check_int(n_points, "n_points", 4)
    if n_points % 2:
        raise ValueError(f"n_points must be even (a Fourier grid), got {n_points!r}.")
    domain_length = _check_positive(domain_length, "domain_length")
    h = _check_positive(h, "h")
    if x0 is None:
        angle = 2 * math.pi * np.arange(1, n_points + 1) / n_points
        x0 = np.cos(angle) * (1 + np.sin(angle))
    u0 = _check_x0(x0, n_points)

    wavenumbers = 2 * math.pi / domain_length * np.fft.rfftfreq(n_points, 1.0 / n_points)
    wavenumbers[-1] = 0.0  # the Nyquist mode has no derivative on an even grid
    linear = wavenumbers**2 - wavenumbers**4
    e, e2, q, f1, f2, f3 = _etdrk4_coefficients(linear, h)
    nonlinear_factor = -0.5j * wavenumbers

    def nonlinear(v):  # -(u^2 / 2)_x in Fourier space
        return nonlinear_factor * np.fft.rfft(np.fft.irfft(v, n_points) ** 2)

    series = np.empty((n_timesteps, n_points))
    v = np.fft.rfft(u0)
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(n_warmup + n_timesteps):
            if step >= n_warmup:
                series[step - n_warmup] = np.fft.irfft(v, n_points)
            nv = nonlinear(v)
            a = e2 * v + q * nv
            na = nonlinear(a)
            b = e2 * v + q * na
            nb = nonlinear(b)
            c = e2 * a + q * (2 * nb - nv)
            v = e * v + nv * f1 + 2 * (na + nb) * f2 + nonlinear(c) * f3
    # A grid coarser than about one unit of length misses the scales the
    # equation damps, and the solution blows up: say so.
    return _check_series_finite(
        series,
        "kuramoto_sivashinsky",
        f"n_points={n_points!r}, domain_length={domain_length!r}, h={h!r}; raise "
        f"n_points (to at least domain_length / 0.8 = {math.ceil(domain_length / 0.8)})",
    )
