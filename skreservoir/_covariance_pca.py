"""Principal components from a covariance accumulated chunk by chunk of rows."""

import numpy as np


class CovariancePCA:
    """PCA fitted from streamed rows: exact, deterministic, one d x d matrix in memory.

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
        n_new = rows.shape[0]
        if n_new == 0:
            return self
        mean_new = rows.mean(axis=0)
        centred = rows - mean_new
        scatter_new = centred.T @ centred
        if self.n_samples_seen_ == 0:
            self.mean_, self._scatter = mean_new, scatter_new
        else:
            n_old = self.n_samples_seen_
            delta = mean_new - self.mean_
            total = n_old + n_new
            self._scatter += scatter_new + np.outer(delta, delta) * (n_old * n_new / total)
            self.mean_ = self.mean_ + delta * (n_new / total)
        self.n_samples_seen_ += n_new
        return self

    def finish(self):
        """Components from the accumulated covariance; drops the scatter matrix."""
        n_features = self._scatter.shape[0]
        n_components = max(1, min(self.n_components, n_features, self.n_samples_seen_))
        covariance = self._scatter / max(self.n_samples_seen_ - 1, 1)
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
        return (np.asarray(rows, dtype=np.float64) - self.mean_) @ self.components_.T
