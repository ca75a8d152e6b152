"""Recorded data shipped with the package: the Santa Fe laser."""

from importlib import resources

import numpy as np


def santafe_laser():
    """Santa Fe time-series competition data set A: a chaotic far-infrared laser.

    The intensity of an NH3 far-infrared laser in a chaotic state, recorded
    as 8-bit values (integers 0 to 255) by U. Hübner for the Santa Fe
    Institute time-series prediction competition (1991): the 1,000 points
    given to the competitors followed by the continuation, 10,093 points in
    all. The data ship with skreservoir (10 kB), so the function works
    offline.

    Returns
    -------
    ndarray of shape (10093, 1)
        The intensity as float64.

    Notes
    -----
    The file is the copy that ReservoirPy 0.4.2 ships (``santafe_laser()``
    there, same values, as int64), taken from James McNames' data-set page
    (http://web.cecs.pdx.edu/~mcnames/DataSets/), stored here as uint8.

    References
    ----------
    .. [1] A. S. Weigend and N. A. Gershenfeld (eds.), "Time Series
       Prediction: Forecasting the Future and Understanding the Past",
       Addison-Wesley, 1994.
    .. [2] U. Hübner, N. B. Abraham and C. O. Weiss, "Dimensions and entropies
       of chaotic intensity pulsations in a single-mode far-infrared NH3
       laser", Physical Review A 40, 6354-6365, 1989.

    Examples
    --------
    >>> from skreservoir.datasets import santafe_laser
    >>> laser = santafe_laser()
    >>> laser.shape
    (10093, 1)
    >>> print(laser.min(), laser.max())
    0.0 255.0
    """
    with (
        resources.files("skreservoir.datasets")
        .joinpath("data/santafe_laser.npy")
        .open("rb") as stream
    ):
        values = np.load(stream)
    return values.astype(np.float64).reshape(-1, 1)
