"""Warning classes of skreservoir."""

__all__ = [
    "ClosedLoopDivergenceWarning",
    "DivergenceError",
    "LMSStabilityWarning",
    "ReadoutSolveWarning",
    "StateDivergenceWarning",
]


class ReadoutSolveWarning(UserWarning):
    """Warning raised when a readout's linear system is badly conditioned.

    The Cholesky factorisation of the regularised normal equations failed and
    a slower eigendecomposition solve was used instead. Increasing ``alpha``
    usually removes the cause.
    """


class DivergenceError(ValueError):
    """A run whose states or outputs became non-finite or ran away.

    Raised by ``transform``/``predict`` when the reservoir states reach inf,
    NaN or a magnitude above 1e100 (their squares would overflow in the
    readout), and by closed-loop generation at the first step whose output
    does. The message names the parameters to change.
    """


class StateDivergenceWarning(UserWarning):
    """Warning raised when unbounded reservoir states grow very large.

    With an unbounded activation (``"identity"``, ``"relu"``) states above
    1e10 in magnitude mean that the reservoir amplifies its input: lower
    ``spectral_radius`` or ``input_scaling``, or use ``"tanh"``.
    """


class ClosedLoopDivergenceWarning(UserWarning):
    """Warning raised when a closed loop leaves the range it was trained on.

    ``ESNRegressor.generate`` warns when a generated output lies further
    than ten times the training targets' range from that range: the loop is
    extrapolating, usually because it is unstable. Raise the readout's
    ``alpha``, lower ``spectral_radius``, or train on more data.
    """


class LMSStabilityWarning(UserWarning):
    """Warning raised when an LMS step size exceeds the stable bound of the data.

    Least-mean-squares is stable at every step when
    ``learning_rate < 2 / ||x||^2`` for every row x; above it the weights
    may grow without bound. Lower ``learning_rate``.
    """
