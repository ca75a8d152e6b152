"""Panel layout: how the series of a panel are ordered, padded, split, chunked and pooled."""

import numpy as np
from array_api_compat import array_namespace


class PanelPlan:
    """How the series of a panel, of any lengths, advance in one batch.

    The series run sorted by decreasing length (a stable sort), so that the
    series still running at step t are the first ``n_active[t]`` rows of the
    batch; ``rows[i]`` is the batch row of series ``i``.
    """

    def __init__(self, Us):
        self.lengths = np.array([u.shape[0] for u in Us])
        self.order = np.argsort(-self.lengths, kind="stable")
        sorted_lengths = self.lengths[self.order]
        self.n_steps = int(sorted_lengths[0])
        self.equal = bool(np.all(self.lengths == self.n_steps))
        self.n_active = np.searchsorted(-sorted_lengths, -np.arange(self.n_steps),
                                        side="right")
        self.rows = np.empty_like(self.order)
        self.rows[self.order] = np.arange(len(Us))

    def time_major(self, Us, dtype, xp=None, device=None):
        """The inputs as one (n_steps, n_series, n_features) array in batch order.

        Zero-padded after each series' end; the padding is computed but never
        read.
        """
        xp = array_namespace(Us[0]) if xp is None else xp
        if self.equal:  # the stable sort kept the original order
            return xp.astype(xp.stack(Us, axis=1), dtype, copy=False)
        U = xp.zeros((self.n_steps, len(Us), Us[0].shape[1]), dtype=dtype, device=device)
        for row, i in enumerate(self.order):
            U[: int(self.lengths[i]), row, :] = Us[i]
        return U

    def series_major(self, Us, dtype):
        """The inputs as one (n_series, n_steps, n_features) numpy array, in input order."""
        return padded(Us, dtype)[0]


def padded(arrays, dtype=np.float64):
    """Stack numpy arrays of unequal lengths into (n, max_length, d), zero-padded.

    Returns the stacked array and the lengths.
    """
    lengths = np.array([len(a) for a in arrays])
    if np.all(lengths == lengths[0]):
        return np.stack(arrays).astype(dtype, copy=False), lengths
    out = np.zeros((len(arrays), lengths.max(), arrays[0].shape[1]), dtype=dtype)
    for i, a in enumerate(arrays):
        out[i, :len(a)] = a
    return out, lengths


def split_rows(array, lengths):
    """Split the rows of ``array`` into consecutive blocks of ``lengths``."""
    ends = np.cumsum(lengths)
    return [array[int(end - n):int(end), ...] for n, end in zip(lengths, ends)]


def concat_rows(arrays):
    """Concatenate the rows of arrays of one namespace."""
    return array_namespace(arrays[0]).concat(arrays, axis=0)


def rows_after(arrays, skip):
    """The rows of every series after its first ``skip`` rows, concatenated.

    One series gives a view (no copy).
    """
    if len(arrays) == 1:
        return arrays[0][skip:, ...]
    return concat_rows([a[skip:, ...] for a in arrays])


def series_chunks(lengths, width, itemsize, budget):
    """Consecutive ranges of series whose states fit in ``budget`` bytes each.

    Parameters
    ----------
    lengths : sequence of int
        Time steps of every series.
    width : int
        Values per time step (the reservoir's output size).
    itemsize : int
        Bytes per value (of the states' dtype).
    budget : int
        Bytes per chunk (``get_config()["state_chunk_bytes"]``). A series
        larger than the budget is a chunk of its own.

    Returns
    -------
    chunks : list of range
    """
    chunks, start, used = [], 0, 0
    for i, n_steps in enumerate(lengths):
        size = int(n_steps) * width * itemsize
        if i > start and used + size > budget:
            chunks.append(range(start, i))
            start, used = i, 0
        used += size
    chunks.append(range(start, len(lengths)))
    return chunks


def pool_states(features, representation, washout=0):
    """One vector per series: the ``"last"`` row or the ``"mean"`` of the rows.

    Parameters
    ----------
    features : list of ndarray of shape (n_timesteps_i, n_features)
    representation : {"last", "mean"}
    washout : int
        Rows left out of the mean.

    Returns
    -------
    pooled : ndarray of shape (n_series, n_features)
    """
    xp = array_namespace(features[0])
    if representation == "last":
        return xp.stack([f[-1, :] for f in features])
    return xp.stack([xp.mean(f[washout:, :], axis=0) for f in features])
