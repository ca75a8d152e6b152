"""Warning classes of skreservoir."""

__all__ = ["LMSStabilityWarning", "ReadoutSolveWarning"]


class ReadoutSolveWarning(UserWarning):
    """Warning raised when a readout's linear system is badly conditioned.

    The Cholesky factorisation of the regularised normal equations failed and
    a slower eigendecomposition solve was used instead. Increasing ``alpha``
    usually removes the cause.
    """


class LMSStabilityWarning(UserWarning):
    """Warning raised when an LMS step size exceeds the stable bound of the data.

    Least-mean-squares is stable at every step when
    ``learning_rate < 2 / ||x||^2`` for every row x; above it the weights
    may grow without bound. Lower ``learning_rate``.
    """
