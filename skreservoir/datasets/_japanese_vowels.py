"""Japanese vowels, from the copy sktime bundles (sktime is imported on call)."""

import numpy as np


def japanese_vowels():
    """Japanese vowels: nine speakers saying /ae/, to tell apart (UCI, Kudo et al. 1999).

    Each series is one utterance: 12 LPC cepstrum coefficients per frame,
    7 to 29 frames. 270 training series (30 per speaker) and 370 test
    series, the standard split. Loaded from the copy that sktime bundles,
    so it works offline; it needs sktime (``pip install "skreservoir[sktime]"``).

    Returns
    -------
    X_train : list of 270 ndarrays of shape (n_timesteps_i, 12)
        The training panel, as a list because the lengths differ
        (the panel convention of skreservoir).
    X_test : list of 370 ndarrays of shape (n_timesteps_i, 12)
    y_train : ndarray of shape (270,)
        Speaker labels, ints 1 to 9.
    y_test : ndarray of shape (370,)

    Notes
    -----
    ReservoirPy 0.4.2's ``japanese_vowels(one_hot_encode=True,
    repeat_targets=False)`` downloads the UCI files and returns
    ``X_train, Y_train, X_test, Y_test`` with one-hot labels of shape (1, 9)
    per series by default; here the order is scikit-learn's
    ``train_test_split`` order and the labels are plain ints (one-hot them
    with ``sklearn.preprocessing.OneHotEncoder`` if needed; repeat a label
    along a series with ``np.repeat``).

    The list panel feeds :class:`skreservoir.ESNClassifier`,
    :class:`skreservoir.ESNTransformer` and the reservoirs. sktime's
    estimators, :class:`skreservoir.classification.ESNTimeSeriesClassifier`
    among them, take sktime's own formats: load the same data for them with
    ``sktime.datasets.load_japanese_vowels(split="train")`` (a nested frame;
    the lengths differ, so there is no 3D numpy form).

    References
    ----------
    .. [1] M. Kudo, J. Toyama and M. Shimbo, "Multidimensional curve
       classification using passing-through regions", Pattern Recognition
       Letters 20(11-13), 1103-1111, 1999.

    Examples
    --------
    >>> from skreservoir.datasets import japanese_vowels
    >>> X_train, X_test, y_train, y_test = japanese_vowels()
    >>> import numpy as np
    >>> len(X_train), len(X_test), X_train[0].shape
    (270, 370, (20, 12))
    >>> print(np.unique(y_train))
    [1 2 3 4 5 6 7 8 9]
    """
    try:
        from sktime.datasets import load_japanese_vowels
    except ImportError as error:
        raise ImportError(
            'japanese_vowels loads the copy that sktime bundles; install it with pip install "skreservoir[sktime]".'
        ) from error
    parts = []
    for split in ("train", "test"):
        frames, labels = load_japanese_vowels(split=split, return_type="df-list")
        parts.append(
            ([frame.to_numpy(dtype=np.float64) for frame in frames], labels.astype(np.int64))
        )
    (X_train, y_train), (X_test, y_test) = parts
    return X_train, X_test, y_train, y_test
