"""Parameter checks and the ODE solver shared by the generators."""

import math
import numbers

import numpy as np
from scipy.integrate import OdeSolver, solve_ivp

from skreservoir._validation import check_int as _check_int

# ReservoirPy's default dataset seed: ``random_state=None`` uses it, so that
# the generators are deterministic by default and draw what ReservoirPy draws.
_DEFAULT_SEED = 5555

# Magnitude past which an iterated map's orbit is taken to have diverged: a
# bounded orbit of these systems stays within a few units.
_DIVERGED = 1e12


def _check_n_timesteps(n_timesteps):
    return _check_int(n_timesteps, "n_timesteps", 1)


def _check_real(value, name):
    """Return ``value`` as a float; reject bools, non-numbers, NaN and inf."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
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
    if (isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool)
            and random_state >= 0):
        return np.random.default_rng(int(random_state))
    if isinstance(random_state, (np.random.Generator, np.random.RandomState)):
        return random_state
    raise ValueError(
        "random_state must be None, an int >= 0, a numpy.random.Generator or a "
        f"numpy.random.RandomState, got {random_state!r}."
    )


#: The methods of ``scipy.integrate.solve_ivp`` by name.
_SOLVE_IVP_METHODS = ("RK45", "RK23", "DOP853", "Radau", "BDF", "LSODA")


def _check_method(method):
    """A solve_ivp method: one of its names or an ``OdeSolver`` subclass, else refused by name."""
    if isinstance(method, str) and method in _SOLVE_IVP_METHODS:
        return method
    if isinstance(method, type) and issubclass(method, OdeSolver):
        return method
    raise ValueError(
        f"method must be one of {', '.join(map(repr, _SOLVE_IVP_METHODS))} (the methods "
        f"of scipy.integrate.solve_ivp) or an OdeSolver subclass, got {method!r}."
    )


def _solve(
    rhs,
    x0,
    n_timesteps,
    h,
    method,
    rtol,
    atol,
    system,
    parameters,
    n_dims=3,
    n_warmup=0,
    bound=None,
    bound_hint="",
):
    """Integrate ``rhs`` with solve_ivp and sample it at ``t = 0, h, 2h, ...``.

    ``parameters`` maps the system's parameter names to their values; they are
    checked to be finite and named in the error when the trajectory diverges.
    The first ``n_warmup`` samples are integrated and dropped. With ``bound``,
    the integration stops, and a ValueError says when, as soon as a variable
    leaves ``[-bound, bound]`` (an escaping orbit would otherwise make an
    adaptive solver crawl); ``bound_hint`` ends that message.
    """
    n_timesteps = _check_n_timesteps(n_timesteps)
    h = _check_positive(h, "h")
    rtol = _check_positive(rtol, "rtol")
    atol = _check_positive(atol, "atol")
    method = _check_method(method)
    for name, value in parameters.items():
        _check_real(value, name)
    x0 = _check_x0(x0, n_dims)
    n_warmup = _check_int(n_warmup, "n_warmup", 0)
    if n_timesteps + n_warmup == 1:
        return x0[np.newaxis, :].copy()
    t_eval = h * np.arange(n_timesteps + n_warmup)
    described = ", ".join(f"{name}={value!r}" for name, value in parameters.items())
    if n_dims <= 3:
        described += f", x0={tuple(x0.tolist())}"
    described += f", h={h!r}"
    events = None
    if bound is not None:

        def escaped(t, state):
            return bound - np.max(np.abs(state))

        escaped.terminal = True
        events = escaped
    with np.errstate(over="ignore", invalid="ignore"):
        sol = solve_ivp(
            rhs,
            (0.0, t_eval[-1]),
            x0,
            method=method,
            t_eval=t_eval,
            rtol=rtol,
            atol=atol,
            events=events,
        )
    if sol.status == 1:
        raise ValueError(
            f"The {system} orbit leaves [-{bound:g}, {bound:g}] at time "
            f"{sol.t_events[0][0]:.4g} with {described}. {bound_hint}"
        )
    if not sol.success:
        raise ValueError(
            f"The {system} integration ({method}) failed: {sol.message} The "
            f"trajectory probably diverges with {described}; change these "
            "parameters back towards their defaults."
        )
    series = np.ascontiguousarray(sol.y.T[n_warmup:], dtype=np.float64)
    return _check_series_finite(series, system, described)
