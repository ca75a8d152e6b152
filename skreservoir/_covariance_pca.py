"""Principal components from a covariance accumulated chunk by chunk of rows."""

import numpy as np

from skreservoir._threads import blas_threads_for_features


class CovariancePCA:
    """PCA fitted from streamed rows: exact, deterministic, one d x d matrix in memory.

    Its products and the decomposition run on the package's BLAS thread
    policy (one thread below ``ONE_THREAD_MAX_FEATURES`` features: on a busy
    machine two threads made the PCA of 450 features many times slower).
    Rows arrive in chunks (:meth:`add`); the mean and the centred scatter
    matrix are merged chunk by chunk (Chan et al.'s pairwise update), so
    memory is O(d^2) whatever the number of rows. :meth:`finish` takes the
    leading eigenvectors of the covariance: the same subspace as
    :class:`sklearn.decomposition.PCA` with the full solver, with no random
    solver involved. Each component's sign makes its largest-magnitude
    entry positive.

    Parameters
    ----------
    n_components : int
        Components kept (lowered to the number of columns or rows when
        these are fewer).

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,)
    components_ : ndarray of shape (n_components_, n_features)
    explained_variance_ : ndarray of shape (n_components_,)
    n_components_ : int
    n_samples_seen_ : int
    """

    def __init__(self, n_components):
        self.n_components = n_components
        self.n_samples_seen_ = 0

    def add(self, rows):
        """Merge a chunk of rows (n_rows, n_features) into the running statistics."""
        rows = np.asarray(rows, dtype=np.float64)
        if rows.shape[0] == 0:
            return self
        chunk = CovariancePCA(self.n_components)
        chunk.mean_ = rows.mean(axis=0)
        centred = rows - chunk.mean_
        with blas_threads_for_features(rows.shape[1], rows.shape[0]):
            chunk._scatter = centred.T @ centred
        chunk.n_samples_seen_ = rows.shape[0]
        return self.merge(chunk)

    def merge(self, other):
        """Merge the statistics of another accumulator (of other rows) into these.

        Chan et al.'s pairwise update: accumulators of disjoint chunks of
        rows merge, in any grouping, into those of all the rows (the tree
        reductions of dask panels use it).
        """
        n_new = other.n_samples_seen_
        if n_new == 0:
            return self
        if self.n_samples_seen_ == 0:
            self.mean_, self._scatter = other.mean_.copy(), other._scatter.copy()
        else:
            n_old = self.n_samples_seen_
            delta = other.mean_ - self.mean_
            total = n_old + n_new
            self._scatter = self._scatter + (
                other._scatter + np.outer(delta, delta) * (n_old * n_new / total))
            self.mean_ = self.mean_ + delta * (n_new / total)
        self.n_samples_seen_ += n_new
        return self

    def finish(self):
        """Components from the accumulated covariance; drops the scatter matrix."""
        n_features = self._scatter.shape[0]
        n_components = max(1, min(self.n_components, n_features, self.n_samples_seen_))
        covariance = self._scatter / max(self.n_samples_seen_ - 1, 1)
        with blas_threads_for_features(n_features):
            values, vectors = np.linalg.eigh(covariance)
        order = np.argsort(values)[::-1][:n_components]
        components = vectors[:, order].T
        signs = np.sign(components[np.arange(n_components),
                                   np.argmax(np.abs(components), axis=1)])
        self.components_ = components * np.where(signs == 0, 1.0, signs)[:, None]
        self.explained_variance_ = np.maximum(values[order], 0.0)
        self.n_components_ = n_components
        del self._scatter
        return self

    def transform(self, rows):
        """Project rows (n_rows, n_features) on the components."""
        rows = np.asarray(rows, dtype=np.float64)
        with blas_threads_for_features(rows.shape[1], rows.shape[0]):
            return (rows - self.mean_) @ self.components_.T
