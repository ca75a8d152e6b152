"""Warning classes of skreservoir."""

__all__ = ["EchoStatePropertyWarning", "ReadoutSolveWarning"]


class EchoStatePropertyWarning(UserWarning):
    """Warning raised when the echo state property is unlikely to hold.

    For example when a recurrent matrix has a spectral radius far above 1
    with a leak rate of 1, so that the reservoir state may not forget its
    initial condition.
    """


class ReadoutSolveWarning(UserWarning):
    """Warning raised when a readout's linear system is badly conditioned.

    The Cholesky factorisation of the regularised normal equations failed and
    a slower eigendecomposition solve was used instead. Increasing ``alpha``
    usually removes the cause.
    """
