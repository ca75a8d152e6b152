"""Warning classes of skreservoir."""

__all__ = ["ReadoutSolveWarning"]


class ReadoutSolveWarning(UserWarning):
    """Warning raised when a readout's linear system is badly conditioned.

    The Cholesky factorisation of the regularised normal equations failed and
    a slower eigendecomposition solve was used instead. Increasing ``alpha``
    usually removes the cause.
    """
