"""Dask panels through the estimators, and joblib jobs over chunks of series.

A dask array given to ``transform``/``predict`` (a panel chunked along
series, shape (n_series, n_timesteps, n_features)) is mapped block by block
(:func:`map_series_blocks`): one task per block of series, the fitted
estimator in the graph once (a single key that every task reads), the
result a dask array. ``fit`` of a ridge readout (alone, or behind a reservoir
in :class:`~skreservoir.ESNRegressor`) reduces the exact normal equations of
every block over a tree of tasks and solves once on the client
(:func:`fit_ridge_readout`, :func:`fit_esn_regressor`); the PCA of
:class:`~skreservoir.ESNTransformer` likewise reduces covariances
(:func:`fit_esn_transformer`). :func:`map_series_chunks` runs the chunks of
series of one in-memory panel in joblib jobs (``n_jobs``).

Nothing here loops over time steps: a block's series run through the
reservoir in one ``run_batch`` call, in the worker.
"""

import copy
import importlib
import warnings

import numpy as np

from skreservoir._config import ConfiguredCall, get_config

#: Partial results merged by one task of a tree reduction.
SPLIT_EVERY = 8


def is_dask_collection(X):
    """True for a dask collection (array, delayed, ...), without importing dask."""
    return callable(getattr(X, "__dask_graph__", None)) and X.__dask_graph__() is not None


def _dask():
    """``(dask, dask.array)``, or the ImportError that names the extra."""
    try:
        return importlib.import_module("dask"), importlib.import_module("dask.array")
    except ImportError as exc:  # pragma: no cover - a dask collection implies dask
        raise ImportError(
            'Dask input needs dask[array]; install it with: pip install "skreservoir[dask]"'
        ) from exc


def _check_array(X, name, method):
    """A dask array of 2 or 3 dimensions, or the error that says what to pass."""
    _, da = _dask()
    if not isinstance(X, da.Array):
        raise TypeError(
            f"{name}.{method} takes a dask array (a panel chunked along series), got "
            f"{type(X).__name__}; turn a list of delayed series into one with "
            "dask.array.from_delayed and dask.array.stack."
        )
    if X.ndim not in (2, 3) or any(np.isnan(s) for s in X.shape):
        raise ValueError(
            f"{name}.{method} takes a dask array of shape (n_timesteps, n_features) or "
            f"(n_series, n_timesteps, n_features) with known chunk sizes, got shape "
            f"{X.shape}; call X.compute_chunk_sizes() first if it has unknown sizes."
        )
    return X


def whole_series(X, one_series):
    """``X`` rechunked so that every block holds whole series.

    A panel keeps its chunks along series (axis 0) and gets one chunk along
    the other axes; one series (``one_series``) becomes one block.
    """
    if one_series:
        return X.rechunk(-1)
    return X.rechunk({axis: -1 for axis in range(1, X.ndim)})


def shared(estimator):
    """The fitted ``estimator`` as one key of the graph that every task reads.

    With dask.distributed its matrices travel to a worker once, not with
    every task.
    """
    dask, _ = _dask()
    return dask.delayed(estimator, pure=True)


def _call_method(block, estimator, method, kwargs):
    """``estimator.<method>(block, **kwargs)`` as a numpy array."""
    return np.asarray(getattr(estimator, method)(block, **kwargs))


def map_series_blocks(estimator, method, X, *, one_series, **kwargs):
    """``estimator.<method>`` applied block by block of series of a dask array.

    Parameters
    ----------
    estimator : fitted estimator
    method : str
        ``"transform"``, ``"predict"``, ... of ``estimator``, called on numpy
        blocks.
    X : dask array
        A panel (n_series, ...) chunked along series, or one series
        (``one_series``) that becomes one block.
    one_series : bool
        Whether ``X`` is one series rather than a panel.
    **kwargs
        Passed to the method.

    Returns
    -------
    result : dask array
        The method's results, one block per block of ``X``: (n_series, ...)
        for a panel.
    """
    _, da = _dask()
    name = type(estimator).__name__
    X = whole_series(_check_array(X, name, method), one_series)
    # the shape and dtype of a block's result, from a series of zeros
    sample = np.zeros(X.shape if one_series else (1,) + X.shape[1:], dtype=X.dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        meta = _call_method(sample, estimator, method, kwargs)
    if one_series:
        chunks = tuple((size,) for size in meta.shape)
    else:
        chunks = (X.chunks[0],) + tuple((size,) for size in meta.shape[1:])
    axes = (
        dict(drop_axis=list(range(meta.ndim, X.ndim)))
        if meta.ndim < X.ndim
        else dict(new_axis=list(range(X.ndim, meta.ndim)))
    )
    task = ConfiguredCall(_call_method, get_config())
    return da.map_blocks(
        task,
        X,
        shared(estimator),
        method,
        kwargs,
        dtype=meta.dtype,
        chunks=chunks,
        meta=np.empty((0,) * meta.ndim, dtype=meta.dtype),
        token=f"{name.lower()}-{method}",
        **axes,
    )


def reduce_blocks(function, combine, label, estimator, blocks, *common):
    """Reduce ``function`` of every block of series to one result, over a tree of tasks.

    Each block's task is ``function(estimator, *block, *common)`` (the
    estimator as one shared key, :func:`shared`); ``combine(*parts)``
    merges :data:`SPLIT_EVERY` results at a time until one is left, which
    is computed (on the active scheduler) and returned.

    Parameters
    ----------
    function, combine : callable
    label : str
        Prefix of the task names (``"<label>-block-..."``, ``"<label>-merge-..."``).
    estimator : estimator
        Sent once to the workers.
    blocks : list of tuples
        The per-block arguments (delayed blocks of series, ...).
    *common
        Arguments of every block's task.
    """
    dask, _ = _dask()
    from dask.base import tokenize

    model = shared(estimator)
    token = tokenize(model, blocks, *common)
    task = dask.delayed(ConfiguredCall(function, get_config()), pure=True)
    merge = dask.delayed(combine, pure=True)
    parts = [
        task(model, *block, *common, dask_key_name=f"{label}-block-{token}-{i}")
        for i, block in enumerate(blocks)
    ]
    level = 0
    while len(parts) > 1:
        parts = [
            merge(*parts[i : i + SPLIT_EVERY], dask_key_name=f"{label}-merge-{token}-{level}-{i}")
            for i in range(0, len(parts), SPLIT_EVERY)
        ]
        level += 1
    (result,) = dask.compute(parts[0])
    return result


def series_blocks(X, one_series=False):
    """The delayed blocks of whole series of a dask array, in order."""
    return list(whole_series(X, one_series).to_delayed().ravel())


def aligned_blocks(a, X, name):
    """Delayed blocks of ``a`` (a dask or numpy array, or None) with the series chunks of ``X``."""
    if a is None:
        return [None] * len(X.chunks[0])
    _, da = _dask()
    a = da.asarray(a)
    if a.shape[0] != X.shape[0] or (a.ndim > 1 and a.shape[1] != X.shape[1]):
        raise ValueError(
            f"{name} must have one row per series and one value per time step of X, "
            f"shape ({X.shape[0]}, {X.shape[1]}, ...); got {a.shape}."
        )
    a = a.rechunk({0: X.chunks[0], **{axis: -1 for axis in range(1, a.ndim)}})
    return list(a.to_delayed().ravel())


# -- ridge readouts: normal equations over blocks -----------------------------


def _empty_equations(template, x_shift, y_shift):
    """Normal equations with ``template``'s settings and the shared shifts."""
    from skreservoir._ridge import RidgeNormalEquations

    equations = RidgeNormalEquations(x_shift.shape[0], y_shift.shape[0], template["fit_intercept"])
    equations.x_shift, equations.y_shift = x_shift, y_shift
    equations._shifted = True  # every block is shifted by the same means
    return equations


def merge_equations(*parts):
    """The sum of partial results (normal equations, target ranges, ends of data).

    The sums add exactly because every block used the same shifts; the
    range of the targets is merged, and the end of the data is the last
    part's.
    """
    first = parts[0]
    merged = copy.copy(first["equations"])
    for attr in ("gram", "cross", "x_sum", "y_sum", "n_samples"):
        setattr(merged, attr, sum(getattr(part["equations"], attr) for part in parts))
    ranges = [part["target_range"] for part in parts if part["target_range"] is not None]
    return {
        "equations": merged,
        "n_rows": sum(part["n_rows"] for part in parts),
        "target_range": None
        if not ranges
        else (np.min([r[0] for r in ranges], axis=0), np.max([r[1] for r in ranges], axis=0)),
        "end": parts[-1]["end"],
    }


def _add_rows(equations, features, targets, weights, skip):
    """Add the rows of every series after ``skip`` to ``equations``; return the row count."""
    from skreservoir._backend import to_host
    from skreservoir._panel import rows_after

    kept = [i for i, f in enumerate(features) if f.shape[0] > skip]
    if not kept:
        return 0
    rows = to_host(rows_after([features[i] for i in kept], skip))
    Y = to_host(rows_after([targets[i].reshape(targets[i].shape[0], -1) for i in kept], skip))
    w = None if weights is None else rows_after([weights[i] for i in kept], skip)
    equations.add(rows, Y, w)
    return rows.shape[0]


def _solve_into(readout, result, n_features, target_1d):
    """Give ``readout`` the fit of the reduced normal equations, as its own ``fit`` would."""
    equations = result["equations"]
    coef, intercept = equations.solve(readout.alpha)
    readout._equations = equations
    readout.coef_ = coef[0, :] if target_1d else coef
    readout.intercept_ = float(intercept[0]) if target_1d else intercept
    readout.n_samples_seen_ = result["n_rows"]
    readout.n_features_in_ = n_features
    return readout


def _check_ridge_readout(readout, owner):
    from skreservoir.readout import RidgeReadout

    if not isinstance(readout, RidgeReadout):
        raise TypeError(
            f"{owner} fits a dask array by summing the ridge normal equations of every "
            f"chunk, which needs a RidgeReadout; got {type(readout).__name__}. Use "
            "RidgeReadout (the default), or compute the panel (X.compute()) to train "
            "another readout."
        )


def _first_block(X, y=None):
    """The first block of series of ``X`` (and of ``y``), computed here."""
    dask, _ = _dask()
    X = whole_series(X, False)
    if y is None:
        return X.blocks[0].compute(), None
    y_block = aligned_blocks(y, X, "y")[0]
    return dask.compute(X.blocks[0], y_block)


def _readout_block(readout, X_block, y_block, w_block, template, x_shift, y_shift):
    """Partial normal equations of a block of series for a ridge readout."""
    from skreservoir._validation import series_weights, validate_series

    Xs, ys, layout = validate_series(readout, X_block, y_block, reset=False, y_required=True)
    weights = None if w_block is None else series_weights(w_block, layout)
    equations = _empty_equations(template, x_shift, y_shift)
    n_rows = _add_rows(equations, Xs, ys, weights, readout.washout)
    return {"equations": equations, "n_rows": n_rows, "target_range": None, "end": None}


def fit_ridge_readout(readout, X, y, sample_weight=None):
    """Fit a ridge readout on a dask panel of features: block sums, one solve.

    Every series loses its first ``washout`` rows; ``sample_weight``
    (n_series, n_timesteps) weighs the rows. The result equals the readout's
    in-memory ``fit`` up to rounding.
    """
    dask, da = _dask()
    _check_ridge_readout(readout, type(readout).__name__)
    X = _check_array(X, type(readout).__name__, "fit")
    X, y, sample_weight = _as_panel(X, y, sample_weight)
    readout._validate_params()
    first_X, first_y = _first_block(X, y)
    Xs, ys, _, _ = readout._validated(first_X, first_y, "fit", reset=True, y_required=True)
    target_1d = ys[0].ndim == 1
    x_shift, y_shift = _shifts(Xs[0], ys[0], readout.washout)
    result = _sum_equations(
        _readout_block, readout, X, y, sample_weight, readout.fit_intercept, x_shift, y_shift
    )
    return _solve_into(readout, result, X.shape[2], target_1d)


def _as_panel(X, y, sample_weight):
    """A panel of one series for a 2D ``X`` (one series), and its targets and weights likewise."""
    if X.ndim == 3:
        return X, y, sample_weight
    _, da = _dask()
    weights = None if sample_weight is None else da.asarray(sample_weight)[None]
    return X[None], da.asarray(y)[None], weights


def _sum_equations(function, estimator, X, y, sample_weight, fit_intercept, x_shift, y_shift):
    """The reduced partial results of ``function`` over the aligned blocks of X, y and weights."""
    blocks = zip(
        series_blocks(X),
        aligned_blocks(y, X, "y"),
        aligned_blocks(sample_weight, X, "sample_weight"),
    )
    label = f"{type(estimator).__name__.lower()}-fit"
    template = {"fit_intercept": fit_intercept}
    return reduce_blocks(
        function, merge_equations, label, estimator, list(blocks), template, x_shift, y_shift
    )


def _shifts(features, targets, skip):
    """The column means of one series' rows after ``skip``: the shifts every block uses."""
    from skreservoir._backend import to_host

    f = np.asarray(to_host(features), dtype=np.float64)[skip:]
    t = np.asarray(to_host(targets), dtype=np.float64)[skip:]
    t = t.reshape(t.shape[0], -1)
    if f.shape[0] == 0:
        return np.zeros(f.shape[1]), np.zeros(t.shape[1])
    return f.mean(axis=0), t.mean(axis=0)


# -- ESNRegressor ---------------------------------------------------------


def _esn_block(esn, X_block, y_block, w_block, template, x_shift, y_shift):
    """Partial normal equations, target range and end of data of a block of series.

    The block's series run through the reservoir in chunks of
    ``state_chunk_bytes`` (as the in-memory fit does), so a worker holds
    one chunk's states at a time.
    """
    from skreservoir._backend import to_host
    from skreservoir._validation import series_weights, validate_series
    from skreservoir.esn._regressor import _fill_missing_targets, _kept_rows, _target_range

    y_block, missing = _fill_missing_targets(y_block)
    Xs, ys, layout = validate_series(esn, X_block, y_block, reset=False, y_required=True)
    weights = None if w_block is None else series_weights(w_block, layout)
    if missing is not None:
        kept = _kept_rows(missing, layout)
        weights = kept if weights is None else [w * k for w, k in zip(weights, kept)]
    skip = esn._skip() + esn.readout_.washout
    equations = _empty_equations(template, x_shift, y_shift)
    n_rows, states = 0, None
    for chunk in esn._chunks(Xs):
        sub_x, sub_y = [Xs[i] for i in chunk], [ys[i] for i in chunk]
        features, states = esn._features(sub_x, extra_drive=esn._teacher_drive(sub_y, None))
        n_rows += _add_rows(
            equations,
            features,
            sub_y,
            None if weights is None else [weights[i] for i in chunk],
            skip,
        )
    end = (to_host(states[-1, :]), to_host(Xs[-1][-1:, :]), to_host(ys[-1][-1:, ...]))
    return {"equations": equations, "n_rows": n_rows, "target_range": _target_range(ys), "end": end}


def fit_esn_regressor(esn, X, y, sample_weight=None):
    """Fit an ESNRegressor on a dask panel: block sums of the readout's normal equations.

    The reservoir is fitted, and ``washout="auto"`` measured, on the first
    block of series (computed here); every block's states are reduced to
    S^T S, S^T Y, sums and counts on the workers; the sums are added over a
    tree of tasks and solved once here. The readout equals the in-memory
    fit's up to rounding.
    """
    dask, da = _dask()
    X = _check_array(X, type(esn).__name__, "fit")
    X, y, sample_weight = _as_panel(X, y, sample_weight)
    first_X, first_y = _first_block(X, y)
    from skreservoir.esn._regressor import _fill_missing_targets

    first_y, _ = _fill_missing_targets(first_y)
    Xs, ys, _ = esn._validated(first_X, first_y, reset=True, y_required=True)
    esn._build(Xs)
    _check_ridge_readout(esn.readout_, type(esn).__name__)
    esn.readout_._validate_params()
    esn._check_lengths([X.shape[1]] * X.shape[0])
    esn._target_1d = ys[0].ndim == 1
    esn.n_outputs_ = 1 if esn._target_1d else ys[0].shape[1]
    esn._build_feedback()
    skip = esn._skip() + esn.readout_.washout
    features, _ = esn._features(Xs[:1], extra_drive=esn._teacher_drive(ys[:1], None))
    esn._warn_poor_states(Xs[:1], features, [esn._skip()])
    x_shift, y_shift = _shifts(features[0], ys[0], skip)
    result = _sum_equations(
        _esn_block, esn, X, y, sample_weight, esn.readout_.fit_intercept, x_shift, y_shift
    )
    _solve_into(esn.readout_, result, features[0].shape[1], esn._target_1d)
    final_state, last_input, last_target = result["end"]
    esn._remember_end([last_input], final_state[None, :], [last_target])
    esn.n_steps_seen_ = 0
    esn._target_range = result["target_range"]
    return esn


# -- ESNTransformer ---------------------------------------------------------


def _covariance_block(transformer, X_block):
    """The covariance of a block's states after ``washout`` (a CovariancePCA before finish)."""
    from skreservoir._backend import to_host
    from skreservoir._covariance_pca import CovariancePCA

    Xs = transformer._validate_panel(X_block, reset=False)
    pca = CovariancePCA(transformer.n_components)
    for chunk in transformer._chunks(Xs):
        for s in transformer._states([Xs[i] for i in chunk]):
            pca.add(to_host(s)[transformer.washout :])
    return pca


def _merge_covariances(*parts):
    merged = copy.deepcopy(parts[0])
    for part in parts[1:]:
        merged.merge(part)
    return merged


def fit_esn_transformer(transformer, X):
    """Fit an ESNTransformer on a dask panel.

    The reservoir is fitted on the first block of series (computed here);
    with ``n_components``, the covariance of the states of every block is
    computed on the workers, merged over a tree of tasks and decomposed once
    here.
    """
    dask, _ = _dask()
    X = _check_array(X, type(transformer).__name__, "fit")
    first, _ = _first_block(X)
    n_components = transformer.n_components
    transformer.n_components = None  # the PCA comes from every block, below
    try:
        first, _ = transformer._fit(first)
    finally:
        transformer.n_components = n_components
    if n_components is None:
        return transformer
    blocks = [(block,) for block in series_blocks(X)]
    pca = reduce_blocks(
        _covariance_block,
        _merge_covariances,
        f"{type(transformer).__name__.lower()}-fit",
        transformer,
        blocks,
    )
    transformer.pca_ = pca.finish()
    transformer._fit_thresholds(first)  # of the states' components
    sample = np.zeros((1,) + X.shape[1:], dtype=X.dtype)
    transformer.n_features_out_ = transformer.transform(sample).shape[1]
    return transformer


# -- joblib ---------------------------------------------------------------


def map_series_chunks(function, Xs, chunks, n_jobs=None):
    """``function`` of every chunk of series of ``Xs``, in joblib jobs.

    Parameters
    ----------
    function : callable
        ``function(list of series) -> result``; picklable for process-based
        backends.
    Xs : list of arrays
        The series.
    chunks : list of range
        Chunks of series (:func:`skreservoir._panel.series_chunks`); split
        further so that every job gets at least one.
    n_jobs : int or None
        joblib's ``n_jobs``: None runs here, one chunk after another, and
        any other value runs the chunks through ``joblib.Parallel`` in the
        active backend (``joblib.parallel_config``: loky processes by
        default; dask or Spark when configured).

    Returns
    -------
    results : list
        One result per chunk, in order.
    """
    if n_jobs is None or n_jobs == 1:
        return [function([Xs[i] for i in chunk]) for chunk in chunks]
    from joblib import effective_n_jobs
    from sklearn.utils.parallel import Parallel, delayed

    config = get_config()
    n_parts = min(effective_n_jobs(n_jobs), len(Xs) // 2)
    if len(chunks) < n_parts:  # at least one chunk per job, of two series or more
        bounds = np.linspace(0, len(Xs), n_parts + 1).astype(int)
        chunks = [range(a, b) for a, b in zip(bounds[:-1], bounds[1:])]
        # Every chunk takes the product the whole panel would (a dense copy of
        # a sparse W from dense_panel_min_series series on), so that the
        # states do not depend on n_jobs: bit for bit, as sktime checks.
        min_series = config["dense_panel_min_series"]
        if len(Xs) >= min_series:
            config["dense_panel_min_series"] = min(min_series, min(map(len, chunks)))
    task = ConfiguredCall(function, config)
    return Parallel(n_jobs=n_jobs)(delayed(task)([Xs[i] for i in chunk]) for chunk in chunks)
