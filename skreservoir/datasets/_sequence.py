"""Sequence tasks of recurrent-network benchmarks: adding problem, copy task, delayed response."""


import numpy as np

from skreservoir._validation import check_int
from skreservoir.datasets._checks import _check_random_state


def adding_problem(n_series, n_timesteps=100, *, random_state=None):
    """The adding problem: sum the two marked values of a sequence.

    Each series has two features per step: a value drawn uniformly in
    [0, 1], and a marker that is 1 at two steps (one drawn in the first
    half of the series, one in the second half) and 0 elsewhere. The target
    is the sum of the two marked values; predicting its mean (1) gives a
    mean squared error of 1/6 (0.167).

    Parameters
    ----------
    n_series : int
        Number of series.
    n_timesteps : int, default=100
        Length of every series (at least 2).
    random_state : int, numpy Generator, RandomState instance or None, default=None
        Seed of the draws (an int or None: those of a RandomState, as always).

    Returns
    -------
    X : ndarray of shape (n_series, n_timesteps, 2)
        Values and markers.
    y : ndarray of shape (n_series,)
        The sums.

    References
    ----------
    S. Hochreiter and J. Schmidhuber, "Long short-term memory", Neural
    Computation 9(8), 1997 (experiment 4).

    Examples
    --------
    >>> from skreservoir.datasets import adding_problem
    >>> X, y = adding_problem(3, n_timesteps=10, random_state=0)
    >>> X.shape, y.shape, bool(X[..., 1].sum() == 6)
    ((3, 10, 2), (3,), True)
    """
    check_int(n_series, "n_series")
    check_int(n_timesteps, "n_timesteps", 2)
    rng = _check_random_state(random_state)
    values = rng.uniform(0.0, 1.0, (n_series, n_timesteps))
    half = n_timesteps // 2
    first = rng.randint(0, half, n_series)
    second = rng.randint(half, n_timesteps, n_series)
    markers = np.zeros((n_series, n_timesteps))
    rows = np.arange(n_series)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    y = values[rows, first] + values[rows, second]
    return np.stack([values, markers], axis=2), y


def copy_task(n_series, sequence_length=10, delay=20, *, n_symbols=8, random_state=None):
    """The copy task: recall a sequence of symbols after a delay.

    A series shows ``sequence_length`` symbols (one-hot among ``n_symbols``),
    then ``delay`` blank steps, then a go cue, then ``sequence_length`` blank
    steps during which the symbols must be given back in order. Inputs have
    ``n_symbols + 2`` features (the symbols, blank, go cue); the label of a
    step is 0 (blank) except in the recall window, where it is the symbol
    (1 to ``n_symbols``) to recall.

    Parameters
    ----------
    n_series : int
        Number of series.
    sequence_length : int, default=10
        Symbols to remember.
    delay : int, default=20
        Blank steps between the symbols and the go cue.
    n_symbols : int, default=8
        Size of the alphabet.
    random_state : int, numpy Generator, RandomState instance or None, default=None
        Seed of the draws (an int or None: those of a RandomState, as always).

    Returns
    -------
    X : ndarray of shape (n_series, 2 * sequence_length + delay + 1, n_symbols + 2)
        One-hot inputs.
    y : ndarray of int of shape (n_series, 2 * sequence_length + delay + 1)
        One label per step.

    Examples
    --------
    >>> from skreservoir.datasets import copy_task
    >>> X, y = copy_task(2, sequence_length=3, delay=2, n_symbols=4, random_state=0)
    >>> X.shape, y.shape, bool((y[:, -3:] == X[:, :3, :4].argmax(axis=2) + 1).all())
    ((2, 9, 6), (2, 9), True)
    """
    check_int(n_series, "n_series")
    check_int(sequence_length, "sequence_length")
    check_int(delay, "delay", 0)
    check_int(n_symbols, "n_symbols")
    rng = _check_random_state(random_state)
    n_timesteps = 2 * sequence_length + delay + 1
    symbols = rng.randint(0, n_symbols, (n_series, sequence_length))
    X = np.zeros((n_series, n_timesteps, n_symbols + 2))
    X[:, sequence_length:, n_symbols] = 1.0  # blank
    cue = sequence_length + delay
    X[:, cue, n_symbols] = 0.0
    X[:, cue, n_symbols + 1] = 1.0
    rows = np.arange(n_series)[:, None]
    X[rows, np.arange(sequence_length)[None, :], symbols] = 1.0
    y = np.zeros((n_series, n_timesteps), dtype=np.int64)
    y[:, cue + 1 :] = symbols + 1
    return X, y


def delayed_response(n_series, n_timesteps=50, *, cue_length=5, random_state=None):
    """Delayed response: report, at the end of a series, a cue shown at its start.

    Feature 0 holds a cue value drawn uniformly in [-1, 1] for the first
    ``cue_length`` steps and 0 after; feature 1 is a go signal, 1 on the
    last step. The target of a series is its cue value; predicting 0 gives
    a mean squared error of 1/3.

    Parameters
    ----------
    n_series : int
        Number of series.
    n_timesteps : int, default=50
        Length of every series (more than ``cue_length``).
    cue_length : int, default=5
        Steps the cue is shown.
    random_state : int, numpy Generator, RandomState instance or None, default=None
        Seed of the draws (an int or None: those of a RandomState, as always).

    Returns
    -------
    X : ndarray of shape (n_series, n_timesteps, 2)
        Cue and go signal.
    y : ndarray of shape (n_series,)
        The cue values.

    Examples
    --------
    >>> from skreservoir.datasets import delayed_response
    >>> X, y = delayed_response(4, n_timesteps=10, cue_length=2, random_state=0)
    >>> X.shape, bool((X[:, 0, 0] == y).all()), bool((X[:, -1, 1] == 1).all())
    ((4, 10, 2), True, True)
    """
    check_int(n_series, "n_series")
    check_int(cue_length, "cue_length")
    check_int(n_timesteps, "n_timesteps", cue_length + 1)
    rng = _check_random_state(random_state)
    y = rng.uniform(-1.0, 1.0, n_series)
    X = np.zeros((n_series, n_timesteps, 2))
    X[:, :cue_length, 0] = y[:, None]
    X[:, -1, 1] = 1.0
    return X, y
