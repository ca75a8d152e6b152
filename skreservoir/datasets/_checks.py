"""Parameter checks and the ODE solver shared by the generators."""

import collections
import math
import numbers

import numpy as np
from scipy.integrate import BDF, OdeSolver, Radau, solve_ivp
from sklearn.utils import check_random_state

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


class _GeneratorDraws:
    """A numpy Generator drawing as the RandomState methods the sequence tasks call."""

    def __init__(self, generator):
        self.generator = generator

    def uniform(self, low, high, size):
        return self.generator.uniform(low, high, size)

    def randint(self, low, high, size):
        return self.generator.integers(low, high, size)


def _check_random_state(random_state):
    """The draws of the sequence tasks: scikit-learn's ``check_random_state`` for None, an
    int >= 0 or a RandomState (the draws these tasks have always given), a numpy
    Generator as it is (as :func:`_check_generator` takes it); anything else is refused
    with the same message."""
    if isinstance(random_state, np.random.Generator):
        return _GeneratorDraws(random_state)
    if random_state is None or isinstance(random_state, np.random.RandomState):
        return check_random_state(random_state)
    _check_generator(random_state)  # refuses what is not an int >= 0
    if int(random_state) >= 2**32:  # a RandomState's seeds (the draws these tasks give)
        raise ValueError(
            f"random_state must be below 2**32 for this task (a RandomState's seed), got "
            f"{random_state!r}; a numpy Generator (np.random.default_rng(seed)) takes any "
            "seed.")
    return check_random_state(int(random_state))


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


# Guards of ``_solve``, so that an orbit that diverges, or one far faster than the
# attractor's (x0 far from it, stiff parameters), ends in an error within about a
# second rather than making the adaptive solver crawl for hours.
#
# The attractors of these systems span a few times their largest parameter at
# most (the Lorenz attractor's z stays below 2 rho, Lorenz-96's variables within
# a few times F): an orbit that passes _ESCAPE times max(1, |x0|, |parameters|)
# is diverging.
_ESCAPE = 100.0
# The work cap, in evaluations of the right-hand side: the integration stops when
# the last _WINDOW evaluations (about half a second of an explicit method) took
# it forward less than _WINDOW / _EVALS_PER_STEP steps of min(h, time_scale).
# Accurate integrations need a few hundred evaluations per step (about 320 for
# RK23 at rtol=1e-9 on Lorenz, 100 for DOP853 at rtol=1e-13 on the double scroll)
# and RK23 at rtol=1e-13 over 10,000: the cap leaves them a wide margin, and an
# orbit that runs far faster than the attractor's (x0=1e8 on Lorenz: 0.0006 steps
# in 50,000 evaluations) is stopped within _WINDOW evaluations, however long the
# integration before.
# An evaluation of the implicit methods comes with linear algebra, about five
# times the time: their window is five times shorter.
_WINDOW = 50_000
_IMPLICIT_WINDOW = 10_000
_EVALS_PER_STEP = 200_000
# The largest h, in multiples of a system's time scale (its default h): lorenz at
# h=10 (333 time scales) takes 2 s for 50 samples, at h=50 20 s.
_MAX_SAMPLE_SPACING = 500
# The guard looks at the state once per this many evaluations; counting them
# costs about 0.2 us an evaluation, some 2% of the time solve_ivp spends on one.
_CHECK_EVERY = 100


class _Stop(Exception):
    """Ends an integration from inside its right-hand side (caught in ``_solve``)."""

    def __init__(self, diverged, t, size):
        super().__init__()
        self.diverged, self.t, self.size = diverged, t, size


def _guarded(rhs, escape, window, min_advance):
    """``rhs`` counting its calls, stopping an orbit that diverges or crawls.

    Every ``_CHECK_EVERY`` calls it raises ``_Stop`` when this check and the
    previous one both see a variable beyond ``escape`` (two checks, so that the
    stage of one rejected trial step is not taken for the orbit), or when the
    last ``window`` calls advanced the time by less than ``min_advance``.
    """
    n_evals, beyond = 0, False
    times = collections.deque(maxlen=window // _CHECK_EVERY)

    def guarded(t, state):
        nonlocal n_evals, beyond
        n_evals += 1
        if n_evals % _CHECK_EVERY == 0:
            size = float(np.max(np.abs(state)))
            was_beyond, beyond = beyond, not size <= escape
            if beyond and was_beyond:
                raise _Stop(True, t, size)
            if len(times) == times.maxlen and t - times[0] < min_advance:
                raise _Stop(beyond, t, size)
            times.append(t)
        return rhs(t, state)

    guarded.n_evals = lambda: n_evals
    return guarded


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
    advice="change these parameters back towards their defaults",
    time_scale=None,
):
    """Integrate ``rhs`` with solve_ivp and sample it at ``t = 0, h, 2h, ...``.

    ``parameters`` maps the system's parameter names to their values; they are
    checked to be finite and named in the error when the trajectory diverges.
    The first ``n_warmup`` samples are integrated and dropped. With ``bound``,
    the integration stops, and a ValueError says when, as soon as a variable
    leaves ``[-bound, bound]`` (an escaping orbit would otherwise make an
    adaptive solver crawl); ``bound_hint`` ends that message.

    Whatever ``bound``, a ValueError ends the integration of an orbit that
    passes ``_ESCAPE`` times the system's scale ``max(1, |x0|, |parameters|)``,
    or that makes the solver crawl (more than ``_EVALS_PER_STEP`` evaluations
    of ``rhs`` per step of ``min(h, time_scale)`` over the last ``_WINDOW``;
    ``time_scale`` is a step that resolves the system's attractor, its default
    ``h``). ``advice`` (what to change) ends these messages.
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
    if time_scale is not None and h > _MAX_SAMPLE_SPACING * time_scale:
        # the solver resolves the attractor between the samples whatever h: lorenz(50,
        # h=50) took 20 s, h=1000 ran for hours (a battery), for samples unrelated to
        # each other
        raise ValueError(
            f"h={h!r} samples the {system} orbit every {h / time_scale:,.0f} times its "
            f"time scale ({time_scale:g}, the default h): the solver integrates the whole "
            f"span between samples ({t_eval[-1]:.4g} time units in all, at a few hundred "
            "evaluations per time scale), and samples that far apart are unrelated. "
            f"Take h at most {_MAX_SAMPLE_SPACING * time_scale:g} (typically the default), "
            "and more time steps for a longer span."
        )
    described = ", ".join(f"{name}={value!r}" for name, value in parameters.items())
    if n_dims <= 3:
        described += f", x0={tuple(x0.tolist())}"
    described += f", h={h!r}"
    start_size = float(np.max(np.abs(x0)))
    escape = _ESCAPE * max(1.0, start_size, *(abs(float(v)) for v in parameters.values()))
    step = h if time_scale is None else min(h, time_scale)
    implicit = method in ("Radau", "BDF") or (
        isinstance(method, type) and issubclass(method, (Radau, BDF))
    )
    window = _IMPLICIT_WINDOW if implicit else _WINDOW
    guarded = _guarded(rhs, escape, window, step * window / _EVALS_PER_STEP)
    events = None
    if bound is not None:

        def escaped(t, state):
            return bound - np.max(np.abs(state))

        escaped.terminal = True
        events = escaped
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            sol = solve_ivp(
                guarded,
                (0.0, t_eval[-1]),
                x0,
                method=method,
                t_eval=t_eval,
                rtol=rtol,
                atol=atol,
                events=events,
            )
    except _Stop as stop:
        solver = getattr(method, "__name__", method)
        if stop.diverged:
            raise ValueError(
                f"The {system} orbit diverges: it leaves [-{escape:g}, {escape:g}] "
                f"(a variable reaches {stop.size:.3g}) near time {stop.t:.4g} with "
                f"{described}; {advice}."
            ) from None
        raise ValueError(
            f"The {system} orbit runs far faster than on its attractor: after "
            f"{guarded.n_evals():,} evaluations of the right-hand side, {solver} has "
            f"only reached time {stop.t:.3g} of {t_eval[-1]:.4g} (the state is of size "
            f"{stop.size:.3g}, x0 of size {start_size:.3g}), with {described}. This "
            "happens when x0 is far from the attractor or the parameters make the "
            f"system stiff or diverge: start x0 nearer the attractor, or {advice}; if "
            "this orbit is meant, lower h towards its time scale (the solver may "
            f"spend up to {_EVALS_PER_STEP:,} evaluations per step of h), loosen rtol "
            "and atol, or try an implicit method (method='Radau' or 'BDF') if the "
            "system is stiff."
        ) from None
    if sol.status == 1:
        raise ValueError(
            f"The {system} orbit leaves [-{bound:g}, {bound:g}] at time "
            f"{sol.t_events[0][0]:.4g} with {described}. {bound_hint}"
        )
    if not sol.success:
        raise ValueError(
            f"The {system} integration ({method}) failed: {sol.message} The "
            f"trajectory probably diverges with {described}; {advice}."
        )
    series = np.ascontiguousarray(sol.y.T[n_warmup:], dtype=np.float64)
    _check_series_finite(series, system, described)
    # An orbit that grows steadily, without making the solver crawl, is caught here.
    far = np.flatnonzero(np.max(np.abs(sol.y), axis=0) > escape)
    if far.size:
        raise ValueError(
            f"The {system} orbit diverges: it leaves [-{escape:g}, {escape:g}] "
            f"by time {far[0] * h:.4g} with {described}; {advice}."
        )
    return series
