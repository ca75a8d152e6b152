"""Multiple superimposed oscillators (MSO)."""

import numbers

import numpy as np

from skreservoir.datasets._checks import _check_finite_array, _check_n_timesteps

# Angular frequencies of the MSO-k benchmarks: MSO-k sums the first k
# (Jaeger 2004 for k = 2; Holzmann and Hauser 2010, Koryakin et al. 2012).
MSO_FREQUENCIES = (0.2, 0.311, 0.42, 0.51, 0.63, 0.74, 0.85, 0.97)


def mso(n_timesteps, *, frequencies=2, normalize=True):
    r"""Multiple superimposed oscillators: a sum of sines sampled at integer times.

    .. math::

        y(t) = \sum_{i=1}^{k} \sin(\omega_i t), \qquad t = 0, 1, \dots,
        n\_timesteps - 1

    Parameters
    ----------
    n_timesteps : int
        Number of time steps.
    frequencies : int or array-like of float, default=2
        The angular frequencies :math:`\omega_i` (radians per step), or an
        int k from 1 to 8 for the MSO-k benchmark, whose frequencies are the
        first k of 0.2, 0.311, 0.42, 0.51, 0.63, 0.74, 0.85, 0.97. The
        default is MSO-2, ``(0.2, 0.311)`` (ReservoirPy: ``freqs``, and
        ``mso2`` / ``mso8`` for ``frequencies=2`` / ``8``).
    normalize : bool, default=True
        Scale the series affinely so that its minimum is -1 and its maximum 1
        (as ReservoirPy does).

    Returns
    -------
    ndarray of shape (n_timesteps, 1)

    References
    ----------
    .. [1] H. Jaeger, D. Haas, "Harnessing nonlinearity: predicting chaotic
       systems and saving energy in wireless communication", Science 304,
       78-80, 2004 (and Jaeger's 2004 ESN seminar slides, for MSO-2).
    .. [2] D. Koryakin, J. Lohmann and M. V. Butz, "Balanced echo state
       networks", Neural Networks 36, 35-45, 2012.

    Examples
    --------
    >>> from skreservoir.datasets import mso
    >>> series = mso(500, frequencies=8)
    >>> series.shape
    (500, 1)
    >>> print(series.min(), series.max())
    -1.0 1.0
    >>> print(mso(3, frequencies=[0.5], normalize=False).ravel().round(4))
    [0.     0.4794 0.8415]
    """
    n_timesteps = _check_n_timesteps(n_timesteps)
    if isinstance(frequencies, numbers.Integral) and not isinstance(frequencies, bool):
        if not 1 <= frequencies <= len(MSO_FREQUENCIES):
            raise ValueError(
                f"frequencies as an int is the k of the MSO-k benchmark, from 1 to "
                f"{len(MSO_FREQUENCIES)}, got {frequencies!r}; pass a list of angular "
                "frequencies for other sums."
            )
        omegas = np.asarray(MSO_FREQUENCIES[:frequencies])
    else:
        omegas = _check_finite_array(frequencies, "frequencies")
        if omegas.ndim != 1 or omegas.size == 0:
            raise ValueError(
                "frequencies must be an int k (MSO-k) or a non-empty 1D list of "
                f"angular frequencies, got shape {omegas.shape}."
            )
    if not isinstance(normalize, (bool, np.bool_)):
        raise ValueError(f"normalize must be True or False, got {normalize!r}.")
    t = np.arange(n_timesteps, dtype=np.float64)
    series = np.sin(np.outer(t, omegas)).sum(axis=1)
    if normalize:
        low, high = series.min(), series.max()
        if not high > low:
            raise ValueError(
                f"normalize=True needs a series that is not constant, but with "
                f"n_timesteps={n_timesteps} and frequencies {omegas.tolist()} it is; "
                "use more time steps, other frequencies or normalize=False."
            )
        series = 2.0 * (series - low) / (high - low) - 1.0
    return series.reshape(-1, 1)
