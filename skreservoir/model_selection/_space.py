"""The default hyperopt search space of an echo state network."""

import math

import numpy as np
from hyperopt import hp


def reservoir_space(*, spectral_radius=(1e-2, 10.0), leak_rate=(1e-3, 1.0),
                    input_scaling=(1e-2, 10.0), alpha=(1e-9, 1e-2),
                    reservoir_prefix="reservoir__", readout_prefix="readout__", **unknown):
    r"""Default hyperopt search space of an echo state network.

    Every hyperparameter is drawn log-uniformly,
    :math:`\log v \sim U(\log \mathrm{low}, \log \mathrm{high})`, since its
    effect spans orders of magnitude. The default ranges follow the random
    search of Hinaut & Trouvain (2021), which is ReservoirPy's hyperparameter
    tutorial:

    ===================  =================  ===================
    parameter            ReservoirPy name   default range
    ===================  =================  ===================
    ``spectral_radius``  ``sr``             [1e-2, 10]
    ``leak_rate``        ``lr``             [1e-3, 1]
    ``input_scaling``    ``input_scaling``  [1e-2, 10]
    ``alpha``            ``ridge``          [1e-9, 1e-2]
    ===================  =================  ===================

    Parameters
    ----------
    spectral_radius, leak_rate, input_scaling, alpha : tuple of (float, float) or None
        ``(low, high)`` bounds, both > 0; None leaves the parameter out of
        the space. The keys take the reservoir prefix, except ``alpha`` which
        takes the readout prefix.
    reservoir_prefix : str, default=\ ``"reservoir__"``
        Prefix of the reservoir's parameters: the default suits
        ``ESNRegressor(reservoir=Reservoir(), readout=RidgeReadout())`` and
        ``ESNForecaster(reservoir=Reservoir(), readout=RidgeReadout())``;
        ``""`` for a bare :class:`~skreservoir.Reservoir`,
        ``"esnregressor__reservoir__"`` inside a pipeline.
    readout_prefix : str, default=\ ``"readout__"``
        Prefix of the readout's parameters.
    **unknown
        Refused with a TypeError that names ours where the keyword is
        ReservoirPy's (``sr``, ``lr``, ``ridge``).

    Returns
    -------
    space : dict
        ``{parameter name: hyperopt expression}``, ready for
        :class:`HyperoptSearchCV`.

    References
    ----------
    .. [1] X. Hinaut and N. Trouvain, "Which hype for my new task? Hints and
       random search for echo state networks hyperparameters", ICANN 2021.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperopt.pyll.stochastic import sample
    >>> from skreservoir.model_selection import reservoir_space
    >>> space = reservoir_space(input_scaling=None)
    >>> sorted(space)
    ['readout__alpha', 'reservoir__leak_rate', 'reservoir__spectral_radius']
    >>> point = sample(space, rng=np.random.default_rng(0))
    >>> bool(1e-9 <= point["readout__alpha"] <= 1e-2)
    True
    """
    if unknown:
        raise _unknown_keywords(unknown)
    for prefix, value, example in (("reservoir_prefix", reservoir_prefix, "reservoir__"),
                                   ("readout_prefix", readout_prefix, "readout__")):
        if not isinstance(value, str):
            raise TypeError(
                f"{prefix} must be a str (the part's name and '__', for example "
                f"{example!r}), got {value!r}."
            )
    bounds = {
        "spectral_radius": (reservoir_prefix, spectral_radius),
        "leak_rate": (reservoir_prefix, leak_rate),
        "input_scaling": (reservoir_prefix, input_scaling),
        "alpha": (readout_prefix, alpha),
    }
    space = {}
    for keyword, (prefix, pair) in bounds.items():
        name = prefix + keyword
        if pair is None:
            continue
        try:
            values = [_real(v) for v in pair]
        except TypeError:
            values = []
        if len(values) != 2 or None in values:
            fixed = (f" To fix {name} at one value, set it on the estimator and pass "
                     f"{keyword}=None here." if _real(pair) is not None else "")
            raise ValueError(f"The range of {name} must be (low, high), two real numbers, "
                             f"got {pair!r}.{fixed}")
        low, high = values
        if not 0 < low < high < math.inf:
            raise ValueError(f"The range of {name} must satisfy 0 < low < high, both finite "
                             f"(drawn log-uniformly), got {pair!r}.")
        if name == reservoir_prefix + "leak_rate" and high > 1:
            # a leak rate above 1 is refused by the reservoir: the trials drawing one failed
            raise ValueError(
                f"The range of {name} must lie in (0, 1], a leak rate's, got {pair!r}; "
                f"use ({low!r}, 1.0)."
            )
        space[name] = hp.loguniform(name, math.log(low), math.log(high))
    return space




def _real(value):
    """``value`` as a float, or None for what is not a real number (a bool, a str)."""
    if isinstance(value, (bool, np.bool_, str, bytes)) or getattr(getattr(value, "dtype", None), "kind", "") == "b":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _unknown_keywords(unknown):
    """The TypeError for keywords :func:`reservoir_space` does not take, naming ours for
    ReservoirPy's (its hyperopt tutorial's ``sr``, ``lr``, ``ridge``)."""
    from skreservoir._base import translated_name

    ours = ("spectral_radius", "leak_rate", "input_scaling", "alpha")
    renamed = {key: translated_name(key) for key in unknown}
    known = {key: name[0] for key, name in renamed.items() if name and name[0] in ours}
    if known:
        reasons = "; ".join(f"{key!r}, {renamed[key][1]} name of its {ours_name!r}"
                            for key, ours_name in known.items())
        call = ", ".join(f"{ours_name}={unknown[key]!r}" for key, ours_name in known.items())
        rest = [key for key in unknown if key not in known]
        others = f"; it has no parameter {', '.join(map(repr, rest))}" if rest else ""
        return TypeError(f"reservoir_space() got {reasons}: pass reservoir_space({call})"
                         f"{others}.")
    return TypeError(
        f"reservoir_space() got unexpected keyword arguments {', '.join(map(repr, unknown))}; "
        f"its parameters are {', '.join(ours)}, reservoir_prefix and readout_prefix."
    )
