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
import numbers
import warnings

import numpy as np

from skreservoir._config import ConfiguredCall, get_config

#: Partial results merged by one task of a tree reduction.
SPLIT_EVERY = 8


def is_dask_collection(X):
    """True for a dask collection (array, delayed, ...), without importing dask."""
    return callable(getattr(X, "__dask_graph__", None)) and X.__dask_graph__() is not None


def computed(values):
    """``values`` (anything, possibly holding dask collections) with every collection computed.

    One ``dask.compute`` call for all of them (their shared blocks are
    computed once); ``values`` as it is when it holds none.
    """
    if not is_dask_collection(values) and not (
        isinstance(values, (list, tuple)) and _holds_dask(values)
    ):
        return values
    dask, _ = _dask()
    (result,) = dask.compute(values)
    return result


def _holds_dask(values):
    return any(
        is_dask_collection(v) or (isinstance(v, (list, tuple)) and _holds_dask(v)) for v in values
    )


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
        frame = hasattr(X, "to_dask_array")  # a dask DataFrame or Series
        raise TypeError(
            f"{name}.{method} takes a dask array (a panel chunked along series), got "
            f"{type(X).__name__}; "
            + ("pass X.to_dask_array(lengths=True) (one series, its rows the time "
               "steps)." if frame else
               "turn a list of delayed series into one with dask.array.from_delayed "
               "and dask.array.stack.")
        )
    if any(np.isnan(s) for s in X.shape):
        raise ValueError(
            f"{name}.{method} takes a dask array with known chunk sizes, got shape "
            f"{X.shape}: call X.compute_chunk_sizes() first."
        )
    if X.ndim not in (2, 3):
        fix = (" (one series of one feature: X.reshape(-1, 1))" if X.ndim == 1 else "")
        raise ValueError(
            f"{name}.{method} takes a dask array of shape (n_timesteps, n_features) or "
            f"(n_series, n_timesteps, n_features), got {X.ndim}D of shape {X.shape}{fix}."
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
    meta = _one_series_meta(X, estimator, method, kwargs) if one_series else None
    if meta is None:
        sample = np.zeros(X.shape if one_series else (1,) + X.shape[1:], dtype=X.dtype)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = _call_method(sample, estimator, method, kwargs)
        meta = (result.shape, result.dtype)
    shape, dtype = meta
    if one_series:
        chunks = tuple((size,) for size in shape)
    else:
        chunks = (X.chunks[0],) + tuple((size,) for size in shape[1:])
    ndim = len(shape)
    axes = (
        dict(drop_axis=list(range(ndim, X.ndim)))
        if ndim < X.ndim
        else dict(new_axis=list(range(X.ndim, ndim)))
    )
    task = ConfiguredCall(_call_method, get_config())
    return da.map_blocks(
        task,
        X,
        shared(estimator),
        method,
        kwargs,
        dtype=dtype,
        chunks=chunks,
        meta=np.empty((0,) * ndim, dtype=dtype),
        token=f"{name.lower()}-{method}",
        **axes,
    )


#: Rows of the short series of zeros whose results give the shape of a long series'
#: result (:func:`_one_series_meta`); a length 13 rows longer is tried too.
META_ROWS = 64


def _one_series_meta(X, estimator, method, kwargs):
    """The result's ``(shape, dtype)`` for one long series ``X``, from two short series of
    zeros (``META_ROWS`` and 13 more rows); None where
    they do not tell it (a series not longer than them, a method that refuses them, a
    result whose length is neither theirs nor fixed).

    A result as long as its series (a transform, a prediction per step) or of a fixed
    length (a label per series) is read from them: the lazy graph of a long series
    then runs no reservoir over it (a dask battery: 200,000 steps of 500 units ran
    whole, 5 to 11 s and 765 MiB of states, before anything was computed).
    """
    n = X.shape[0]
    if n <= META_ROWS + 13:
        return None
    results = []
    # lengths 13 apart: a result of len // k rows (k <= 13) differs between them, and is
    # then read from the whole series, not taken for a fixed length
    for rows in (META_ROWS, META_ROWS + 13):
        sample = np.zeros((rows,) + X.shape[1:], dtype=X.dtype)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                results.append(_call_method(sample, estimator, method, kwargs))
        except Exception:  # noqa: BLE001 - the whole series says what is wrong
            return None
    short, longer = results
    if short.ndim == 0 or short.shape[1:] != longer.shape[1:] or short.dtype != longer.dtype:
        return None
    if (short.shape[0], longer.shape[0]) == (META_ROWS, META_ROWS + 13):
        return (n,) + short.shape[1:], short.dtype
    if short.shape[0] == longer.shape[0]:
        return short.shape, short.dtype
    return None


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


def _check_known_sizes(a, name):
    """A ValueError naming ``compute_chunk_sizes`` for a dask ``a`` of unknown chunk sizes
    (a filtered array; "got shape (nan,)" said nothing of them)."""
    if any(np.isnan(size) for size in a.shape):
        raise ValueError(
            f"{name} is a dask array of unknown chunk sizes (shape {a.shape}): call "
            f"{name}.compute_chunk_sizes() first."
        )


def aligned_blocks(a, X, name, per_step=False):
    """Delayed blocks of ``a`` (a dask or numpy array, or None) with the series chunks of
    ``X``; ``per_step``: ``a`` must be (n_series, n_timesteps) (weights of every step)."""
    if a is None:
        return [None] * len(X.chunks[0])
    _, da = _dask()
    a = da.asarray(a)
    _check_known_sizes(a, name)
    # weights: one per time step, (n_series, n_timesteps), checked here whole (block by
    # block, a (n_series,) array was said to be the block's, "(5,)" of a (20,) given)
    per_step = per_step and X.ndim == 3
    if (a.shape[0] != X.shape[0] or (a.ndim > 1 and a.shape[1] != X.shape[1])
            or (per_step and a.ndim != 2)):
        raise ValueError(
            f"{name} must have one row per series and one value per time step of X, "
            f"shape ({X.shape[0]}, {X.shape[1]}{'' if per_step else ', ...'}); got "
            f"{a.shape}."
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
    pooled = [rows for part in parts for rows in part.get("pooled", ())]
    return {
        "equations": merged,
        "pooled": pooled,
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
    # the rows used: of a target and a positive weight (as a readout's fit counts them)
    return rows.shape[0] if w is None else int(np.count_nonzero(to_host(w) > 0))


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


def _check_ridge_readout(readout, owner, method="fit"):
    """A ridge readout (regressor or classifier), or the TypeError that says what to do."""
    from sklearn.base import is_classifier

    from skreservoir.readout._ridge import _BaseRidgeReadout

    if isinstance(readout, _BaseRidgeReadout):
        return
    expected = "RidgeReadoutClassifier" if is_classifier(readout) else "RidgeReadout"
    streams = (
        "; or, with a readout that learns row after row, partial_fit(X, y) streams the "
        "blocks to it in order"
        if hasattr(readout, "partial_fit") and method == "fit"
        else ""
    )
    raise TypeError(
        f"{owner}.{method} on a dask array sums the ridge normal equations of every "
        f"chunk, which needs a {expected}; got {type(readout).__name__}. Use {expected} "
        f"(the default), or compute the panel (X.compute()) to train another readout"
        f"{streams}."
    )


def host_fit_input(X, whole=False):
    """What a bare reservoir's ``fit`` reads of ``X``: ``X`` itself, or, for a dask
    collection, its first block of series computed here (``whole``: every series,
    for a reservoir that learns from them, as intrinsic plasticity does). Fitted on
    a dask array as it was, the weights were dask arrays, and ``transform`` of dask
    or numpy input refused them."""
    if not is_dask_collection(X):
        return X
    return computed(X) if whole else _first_block(X)[0]


def _first_block(X, y=None):
    """The first block of series of ``X`` (and of ``y``), computed here."""
    dask, _ = _dask()
    X = whole_series(X, False)
    if y is None:
        return X.blocks[0].compute(), None
    y_block = aligned_blocks(y, X, "y")[0]
    return dask.compute(X.blocks[0], y_block)


def _encoded(template, ys):
    """Targets as rows of the normal equations: class labels become +1/-1 columns.

    ``template["binarizer"]`` (a fitted ``LabelBinarizer``) encodes labels
    one-vs-all, as the classifier readouts do; a label outside its classes
    raises. Without it the targets are numbers and pass as they are.
    """
    binarizer = template.get("binarizer")
    if binarizer is None:
        return ys
    from skreservoir.readout._base import encode_labels

    return encode_labels(binarizer, ys)


def _label_checks(template):
    """``validate_series`` keywords for the targets: labels need no numeric conversion."""
    if template.get("binarizer") is None:
        return {}
    return {"y_numeric": False, "multi_output": False}


def _classes(y):
    """The sorted labels of ``y``, a dask or an in-memory array (one pass over the labels)."""
    if is_dask_collection(y):
        _, da = _dask()
        return np.asarray(da.unique(da.asarray(y)).compute())
    return np.unique(np.asarray(y))


def _refuse_missing_dask_labels(y, classes=None, owner=""):
    """The in-memory message for NaN labels beside a dask X, counted over ``y`` (the check
    of its unique ``classes`` alone said "1 missing label at position 2" of 7 at 0).
    ``classes``: its unique labels where known (no NaN among them: nothing to count)."""
    from skreservoir._validation import missing_labels_error

    if not is_dask_collection(y):
        return  # labels in memory: counted by _labels_beside, as in memory
    _check_known_sizes(y, "y")  # before a pass over y: its chunk sizes must be known
    if getattr(y, "dtype", np.dtype(object)).kind != "f" or (
            classes is not None and not np.isnan(classes).any()):
        return
    dask, da = _dask()
    missing = da.isnan(da.asarray(y).ravel())  # numpy labels beside a dask X too
    count, first = dask.compute(missing.sum(), da.argmax(missing))
    if count:
        raise missing_labels_error(int(count), int(first), owner)


def _labels_beside(X, y, owner):
    """Labels given in memory beside a dask ``X``, as a dask computation can take them.

    A list or a pandas object becomes a numpy array, checked as in memory
    (:func:`~skreservoir._validation.check_label_values`: missing labels,
    NaN or None, counted; labels of types that cannot be ordered); labels of
    object dtype (strings from pandas) are wrapped in a dask array chunked
    as ``X`` (dask cannot size the chunks of object data itself). A dask
    ``y`` is returned as it is.
    """
    if y is None or is_dask_collection(y):
        return y
    from skreservoir._validation import check_label_values

    y = np.asarray(_values(y))
    check_label_values(y, owner)
    if y.dtype == object and y.ndim >= 1 and y.shape[0] == X.shape[0]:
        _, da = _dask()
        return da.from_array(y, chunks=(X.chunks[0],) + y.shape[1:])
    return y


def _binarizer(readout, y, classes, reset, owner):
    """The +1/-1 encoder of a classifier readout's classes, set up as its fit or partial_fit would.

    ``fit`` (``reset``) takes the classes of all labels of ``y``; the first
    ``partial_fit`` takes ``classes`` (required, as in memory); later calls
    keep the first call's. Fewer than two classes raise a ValueError naming
    ``owner``.
    """
    from sklearn.preprocessing import LabelBinarizer

    from skreservoir._validation import first_call_classes

    if reset:
        for attr in ("classes_", "coef_"):
            if hasattr(readout, attr):
                delattr(readout, attr)
        classes = _classes(y)
        _refuse_missing_dask_labels(y, classes, owner)
    if first_call_classes(readout, classes, owner, "y" if reset else "classes"):
        readout._binarizer = LabelBinarizer(pos_label=1, neg_label=-1).fit(readout.classes_)
    return readout._binarizer


def _earlier_sums(readout, n_outputs, target_1d, target_range=None):
    """The normal equations of a readout's earlier calls, as a partial result to merge.

    The new blocks are shifted by the same means, so the sums add exactly.
    The errors are those of the readout's own ``partial_fit``.
    """
    from sklearn.base import is_classifier

    from skreservoir._backend import host_state

    equations = copy.copy(readout._equations)
    vars(equations).update(host_state(vars(equations)))
    if equations.fit_intercept != readout.fit_intercept:
        raise ValueError(
            f"fit_intercept={readout.fit_intercept!r} differs from the value of the first "
            "partial_fit call, whose sums this call would extend; call fit to start "
            "again with it."
        )
    if equations.cross.shape[1] != n_outputs:
        raise ValueError(
            f"y has {n_outputs} outputs but earlier calls to partial_fit had "
            f"{equations.cross.shape[1]}."
        )
    if not is_classifier(readout) and target_1d != (readout.coef_.ndim == 1):
        raise ValueError("y must keep the same number of dimensions across partial_fit calls.")
    equations._shifted = True  # the shifts of the earlier calls (zeros without rows)
    return {
        "equations": equations,
        "n_rows": readout.n_samples_seen_,
        "target_range": target_range,
        "end": None,
    }


def _readout_block(readout, X_block, y_block, w_block, template, x_shift, y_shift):
    """Partial normal equations of a block of series for a ridge readout (or classifier)."""
    from skreservoir._validation import (
        fill_missing_targets,
        missing_target_weights,
        series_weights,
        validate_series,
    )

    missing = None
    if "binarizer" not in template:  # a regression readout: NaN targets left out
        y_block, missing = fill_missing_targets(y_block)
    Xs, ys, layout = validate_series(
        readout, X_block, y_block, reset=False, y_required=True, **_label_checks(template)
    )
    # a NaN target's row has weight 0, as in memory
    weights = missing_target_weights(
        # a block's weights may all be 0 (a masked gap): the sums' total is checked
        None if w_block is None else series_weights(w_block, layout, all_zero=True), missing,
        layout, 0,
        required=False)
    equations = _empty_equations(template, x_shift, y_shift)
    n_rows = _add_rows(equations, Xs, _encoded(template, ys), weights,
                       template.get("skip", readout.washout))
    return {"equations": equations, "n_rows": n_rows, "target_range": None, "end": None}


def fit_ridge_readout(readout, X, y, sample_weight=None, *, reset=True, classes=None):
    """Fit a ridge readout (or classifier) on a dask panel of features: block sums, one solve.

    Every series loses its first ``washout`` rows; ``sample_weight``
    (n_series, n_timesteps) weighs the rows; class labels are encoded +1/-1
    one-vs-all. The result equals the readout's in-memory ``fit`` up to
    rounding. With ``reset=False`` (``partial_fit``) the block sums are
    added to those of the earlier calls, exactly as the in-memory
    ``partial_fit`` adds a chunk; ``classes`` is then required on the first
    call of a classifier.
    """
    from sklearn.base import is_classifier

    name, method = type(readout).__name__, "fit" if reset else "partial_fit"
    _check_ridge_readout(readout, name, method)
    X = _check_array(X, name, method)
    readout._validate_params()
    first_call = reset or not hasattr(readout, "coef_")
    template = {"fit_intercept": readout.fit_intercept}
    if is_classifier(readout):
        y = _labels_beside(X, y, name)
        template["binarizer"] = _binarizer(readout, _values(y), classes, reset, name)
    blocks, given_weights = None, sample_weight
    if X.ndim == 2:
        # the rows of one series: summed chunk by chunk after the washout, which only the
        # first rows lose (as one block, the series was computed three times over and held
        # whole: 2.5 GB for 0.76 GB of rows in 76 MiB chunks, a dask battery)
        X, y, sample_weight = _rows_after_washout(X, y, sample_weight, readout.washout)
        template["skip"] = 0
        blocks = list(zip(*(_row_blocks(a, X) for a in (X, y, sample_weight))))
    else:
        X, y, sample_weight = _as_panel(X, y, sample_weight)
    first_X, first_y = (dask_compute(blocks[0][:2]) if blocks is not None
                        else _first_block(X, y))
    if "binarizer" not in template:  # its NaN targets are left out (_readout_block)
        from skreservoir._validation import fill_missing_targets

        first_y, _ = fill_missing_targets(first_y)
    before = dict(readout.__dict__)
    Xs, ys, _, _ = readout._validated(
        first_X, first_y, method, reset=first_call, y_required=True, **_label_checks(template)
    )
    target = _encoded(template, ys[:1])[0]
    target_1d = target.ndim == 1
    if first_call:
        earlier = []
        x_shift, y_shift = _shifts(Xs[0], target, template.get("skip", readout.washout))
    else:
        n_outputs = 1 if target_1d else target.shape[1]
        earlier = [_earlier_sums(readout, n_outputs, target_1d)]
        x_shift, y_shift = earlier[0]["equations"].x_shift, earlier[0]["equations"].y_shift
    blocks = _sum_equations(
        _readout_block, readout, X, y, sample_weight, template, x_shift, y_shift, blocks
    )
    if not blocks["equations"].n_samples:  # every row a NaN target (or weight 0)
        if reset:
            raise _nothing_to_train(readout.washout, given_weights,
                                    None if "binarizer" in template else y)
        # a chunk of a stream with nothing to learn: the readout as it was (unfitted,
        # as in memory, where nothing was learnt before)
        readout.__dict__.clear()
        readout.__dict__.update(before)
        return readout
    return _solve_into(readout, merge_equations(*earlier, blocks), X.shape[-1], target_1d)


def _values(a):
    """A pandas Series or DataFrame as its numpy values; anything else as it is (dask's
    asarray of one failed deep in pandas: "Multi-dimensional indexing", "no attribute
    dtype")."""
    return a.to_numpy() if hasattr(a, "to_numpy") and hasattr(a, "iloc") else a


def _as_panel(X, y, sample_weight):
    """A panel of one series for a 2D ``X`` (one series), and its targets and weights likewise
    (one number as ``sample_weight``: every step's weight, blocked as ``X``)."""
    _, da = _dask()
    y, sample_weight = _values(y), _values(sample_weight)
    if isinstance(sample_weight, numbers.Real):
        sample_weight = da.full(X.shape[:-1], float(sample_weight), chunks=X.chunks[:-1])
    if X.ndim == 3:
        return X, y, sample_weight
    weights = None if sample_weight is None else da.asarray(sample_weight)[None]
    return X[None], da.asarray(y)[None], weights


def _rows_after_washout(X, y, sample_weight, washout):
    """The rows of one series (2D ``X``, its ``y`` and weights) after its ``washout``."""
    from skreservoir._validation import check_washout

    _, da = _dask()
    check_washout(washout, [X.shape[0]])
    y, sample_weight = _values(y), _values(sample_weight)
    if isinstance(sample_weight, numbers.Real):
        sample_weight = da.full(X.shape[:1], float(sample_weight), chunks=X.chunks[:1])
    y = da.asarray(y)
    _check_known_sizes(y, "y")
    if y.ndim not in (1, 2) or y.shape[0] != X.shape[0]:
        # said of the arrays given (a block's check quoted the first chunk's shapes)
        fix = (f" Pass y.reshape({X.shape[0]}, -1)." if y.ndim > 2 and y.shape[0] == X.shape[0]
               else "")
        raise ValueError(
            f"y must be (n_timesteps,) or (n_timesteps, n_outputs) for X of shape "
            f"{X.shape}, one target (or label) per row; got shape {y.shape}.{fix}"
        )
    if sample_weight is not None:
        sample_weight = da.asarray(sample_weight)
        _check_known_sizes(sample_weight, "sample_weight")
        if sample_weight.shape != X.shape[:1]:
            raise ValueError(
                f"sample_weight must hold one weight per row of X, shape ({X.shape[0]},); "
                f"got shape {sample_weight.shape}."
            )
        sample_weight = sample_weight[washout:]
    return X[washout:], y[washout:], sample_weight


def _row_blocks(a, X):
    """Delayed blocks of ``a`` (None, or an array of ``X``'s rows) with ``X``'s row chunks,
    whole along the other axes."""
    if a is None:
        return [None] * len(X.chunks[0])
    a = a.rechunk({0: X.chunks[0], **{axis: -1 for axis in range(1, a.ndim)}})
    return list(a.to_delayed().ravel())


def dask_compute(delayed):
    """``dask.compute`` of a sequence of delayed objects (a block and its targets)."""
    dask, _ = _dask()
    return dask.compute(*delayed)


def _sum_equations(function, estimator, X, y, sample_weight, template, x_shift, y_shift,
                   blocks=None):
    """The reduced partial results of ``function`` over the aligned blocks of X, y and
    weights (``blocks``: those blocks, made already)."""
    if blocks is None:
        blocks = zip(
            series_blocks(X),
            aligned_blocks(y, X, "y"),
            aligned_blocks(sample_weight, X, "sample_weight",
                           per_step=template.get("kind") not in ("pooled", "vote")),
        )
    label = f"{type(estimator).__name__.lower()}-fit"
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


# -- ESNRegressor and ESNClassifier -------------------------------------------
#
# ``template["kind"]`` says what a block's training rows are: "regressor"
# (numeric targets per step, NaN targets left out, teacher-forced feedback),
# "frame" (a label per step), "vote" (a label per series, carried by each of
# its steps) or "pooled" (a label per series, one row per series: its last
# or mean state, ``template["pooling"]``).


def _block_series(esn, X_block, y_block, w_block, template):
    """The validated series of a block, their training targets and weights.

    Targets and weights are per step (one array per series), except for
    ``"pooled"``: one encoded label row and one weight per series.
    """
    from skreservoir._validation import series_weights, validate_series

    kind = template["kind"]
    if kind == "regressor":
        from skreservoir._validation import fill_missing_targets, missing_target_weights

        y_block, missing = fill_missing_targets(y_block)
        Xs, ys, layout = validate_series(esn, X_block, y_block, reset=False, y_required=True)
        weights = None if w_block is None else series_weights(w_block, layout, all_zero=True)
        return Xs, ys, missing_target_weights(weights, missing, layout, 0, required=False)
    if kind == "frame":
        Xs, ys, layout = validate_series(
            esn, X_block, y_block, reset=False, y_required=True, **_label_checks(template)
        )
        weights = None if w_block is None else series_weights(w_block, layout, all_zero=True)
        return Xs, _encoded(template, ys), weights
    Xs, _, _ = validate_series(esn, X_block, reset=False)
    (encoded,) = _encoded(template, [y_block])
    weights = None if w_block is None else esn._series_weights(w_block, len(Xs), all_zero=True)
    if kind == "pooled":
        return Xs, list(encoded), None if weights is None else list(weights)
    # "vote": every step carries its series' label and weight
    ys = [np.repeat(e[None, :], x.shape[0], axis=0) for e, x in zip(encoded, Xs)]
    if weights is not None:
        weights = [np.full(x.shape[0], w) for x, w in zip(Xs, weights)]
    return Xs, ys, weights


def _chunk_rows(esn, template, Xs, ys, weights):
    """The arguments of :func:`_add_rows` for a chunk of series, and their final states."""
    from skreservoir._panel import pool_states

    drive = esn._teacher_drive(ys, None) if template["kind"] == "regressor" else None
    features, states = esn._features(Xs, extra_drive=drive)
    if template["kind"] != "pooled":
        return (features, ys, weights, template["skip"]), states
    pooled = pool_states(features, template["pooling"], template["pool_skip"])
    rows = (
        [pooled],
        [np.stack(ys)],
        None if weights is None else [np.asarray(weights, dtype=np.float64)],
        0,
    )
    return rows, states


def _esn_block(esn, X_block, y_block, w_block, template, x_shift, y_shift):
    """Partial normal equations, target range and end of data of a block of series.

    The block's series run through the reservoir in chunks of
    ``state_chunk_bytes`` (as the in-memory fit does), so a worker holds
    one chunk's states at a time.
    """
    from skreservoir._backend import to_host
    from skreservoir.esn._base import target_range

    Xs, ys, weights = _block_series(esn, X_block, y_block, w_block, template)
    equations = _empty_equations(template, x_shift, y_shift)
    n_rows, states, pooled = 0, None, []
    for chunk in esn._chunks(Xs):
        rows, states = _chunk_rows(
            esn,
            template,
            [Xs[i] for i in chunk],
            [ys[i] for i in chunk],
            None if weights is None else [weights[i] for i in chunk],
        )
        n_rows += _add_rows(equations, *rows)
        if template["kind"] == "pooled":  # one row a series: the calibration's data
            pooled.append(tuple(None if a is None else to_host(a[0]) for a in rows[:3]))
    regressor = template["kind"] == "regressor"
    end = (
        to_host(states[-1, :]),
        to_host(Xs[-1][-1:, :]),
        to_host(ys[-1][-1:, ...]) if regressor else None,
    )
    return {
        "equations": equations,
        "pooled": pooled,
        "n_rows": n_rows,
        "target_range": target_range(ys) if regressor else None,
        "end": end,
    }


def _kind(esn, X, y):
    """The ``template["kind"]`` of an ESN fitted on ``X`` and ``y``."""
    from sklearn.base import is_classifier

    if not is_classifier(esn):
        return "regressor"
    if y.ndim == 1:  # one label per series of the panel
        return "vote" if esn.decision == "vote" else "pooled"
    if y.ndim > 2:
        raise ValueError(
            f"{type(esn).__name__} takes labels on a dask panel, one per series (n_series,) "
            f"or one per step (n_series, n_timesteps); got shape {y.shape}. Turn one-hot "
            "rows into labels first (y.argmax(axis=-1))."
        )
    return "frame"


def _start_esn(esn, X_block, y_block, kind, method):
    """Build an ESN on the first block of series, as its fit (or first partial_fit) would."""
    validate = {"y": y_block, "y_required": True} if kind in ("regressor", "frame") else {}
    if kind == "frame":
        validate.update(y_numeric=False, multi_output=False)
    Xs, ys, layout = esn._validated(X_block, method=method, reset=True, **validate)
    if method == "fit":
        esn._build(Xs)
    else:
        esn._build_online(Xs, layout)
    _check_ridge_readout(esn.readout_, type(esn).__name__, method)
    esn.readout_._validate_params()
    if kind == "regressor":
        esn._target_1d = ys[0].ndim == 1
        esn.n_outputs_ = 1 if esn._target_1d else ys[0].shape[1]
        esn._build_feedback()
    if method == "partial_fit":
        esn.reset_state()


def _warn_adapts_on_first_block(esn, X, method):
    """ReservoirStateWarning where the ESN's reservoir adapts to its data (plasticity) and
    the dask panel has more than one block: it adapts on the first only, so the model
    depends on the chunks (a dask battery: coefficients 4.4 times apart, silently)."""
    from skreservoir._validation import user_stacklevel
    from skreservoir.exceptions import ReservoirStateWarning
    from skreservoir.reservoir._plasticity import adapting_layer

    layer = adapting_layer(esn.reservoir if esn.reservoir is not None else None)
    if layer is None:
        return
    first, n = X.chunks[0][0], X.shape[0]
    warnings.warn(
        f"{type(esn).__name__}.{method} on a dask panel adapts its {type(layer).__name__} "
        f"on the first block of series only ({first} of {n} series; the readout learns "
        "from every block), so the model depends on the chunks. Put the series to adapt "
        f"on in the first block (X.rechunk({{0: ({n},)}}) for all of them, if they fit in "
        "memory), or fit on X.compute().",
        ReservoirStateWarning, stacklevel=user_stacklevel(),
    )


def fit_esn(esn, X, y, sample_weight=None, *, reset=True, classes=None):
    """Fit an ESNRegressor or ESNClassifier on a dask panel: block sums of the readout's normal equations.

    The reservoir is fitted, and ``washout="auto"`` measured, on the first
    block of series (computed here); every block's states are reduced to
    S^T S, S^T Y, sums and counts on the workers (for a classifier, of the
    labels encoded +1/-1; with one label per series, of the pooled states
    or, with ``decision="vote"``, of every step); the sums are added over a
    tree of tasks and solved once here. The readout equals the in-memory
    fit's up to rounding (with output feedback, the in-memory fit's with
    ``feedback_noise=0``: the blocks feed back the exact targets; one series, a 2D
    array, is computed and fitted in memory, noise included). With ``reset=False`` (``partial_fit`` of a panel)
    the sums are added to those of the earlier calls.
    """
    from sklearn.base import is_classifier

    from skreservoir._validation import fill_missing_targets

    name, method = type(esn).__name__, "fit" if reset else "partial_fit"
    X = _check_array(X, name, method)
    if reset and X.ndim == 2:
        # one series is one block, computed whole: the in-memory fit's, which runs the
        # reservoir over it once (the block sums ran it twice and held its states twice:
        # 1.9 GB against 1.1 GB for 200,000 steps of 500 units, a dask battery)
        dask, _ = _dask()
        X, y, sample_weight = dask.compute(X, _values(y), _values(sample_weight))
        return esn.fit(X, y, **({} if sample_weight is None else
                                {"sample_weight": sample_weight}))
    if is_classifier(esn):
        y = _labels_beside(X, y, name)
    X, y, sample_weight = _as_panel(X, y, sample_weight)
    kind = _kind(esn, X, y)
    if is_classifier(esn):  # counted over y, before a block's check says "contains NaN"
        _refuse_missing_dask_labels(y, owner=name)
    first_X, first_y = _first_block(X, y)
    if kind == "regressor":
        first_y, _ = fill_missing_targets(first_y)
    first_call = reset or esn._start_or_continue_stream()
    if first_call and len(X.chunks[0]) > 1:
        _warn_adapts_on_first_block(esn, X, method)
    if (
        not reset
        and is_classifier(esn)
        and (kind != "frame" or (not first_call and esn.mode_ != "frame"))
    ):
        raise ValueError(
            "partial_fit streams per-step labels, shape (n_series, n_timesteps) for a dask "
            "panel; this model was fitted on, or is given, one label per series. Use fit "
            "for labels per series."
        )
    if first_call:
        _start_esn(esn, first_X, first_y, kind, method)
    readout = esn.readout_
    esn._check_lengths([X.shape[1]])  # every series of an array has its length
    skip = esn._skip()
    template = {"kind": kind, "fit_intercept": readout.fit_intercept}
    template["skip"] = skip + readout.washout
    if kind == "pooled":
        if readout.washout:
            raise ValueError(
                f"{name} with one label per series trains the readout on one row per "
                f"series, which has no washout; got a readout with washout="
                f"{readout.washout}. Set the ESN's washout instead."
            )
        template.update(pooling=esn.decision, pool_skip=skip)
    if is_classifier(esn):
        template["binarizer"] = _binarizer(readout, y, classes, reset, name)
        if reset and kind == "frame":  # as the in-memory fit says of them
            trained = _classes(y[:, template["skip"]:])
            esn._warn_washout_classes(np.setdiff1d(readout.classes_, trained), skip, True)
    # the first series' training rows: the shifts of every block, the state checks
    Xs, ys, _ = _block_series(esn, first_X[:1], first_y[:1], None, template)
    (features, targets, _, row_skip), _ = _chunk_rows(esn, template, Xs, ys, None)
    if first_call and reset and kind != "pooled":
        esn._warn_poor_states(Xs, features, [skip], panel=True)  # a dask panel's first
    target_1d = kind == "regressor" and esn._target_1d
    n_outputs = targets[0].reshape(targets[0].shape[0], -1).shape[1]
    if first_call:
        earlier = []
        x_shift, y_shift = _shifts(features[0], targets[0], row_skip)
    else:
        previous_range = getattr(esn, "_target_range", None)
        earlier = [_earlier_sums(readout, n_outputs, target_1d, previous_range)]
        x_shift, y_shift = earlier[0]["equations"].x_shift, earlier[0]["equations"].y_shift
    blocks = _sum_equations(_esn_block, esn, X, y, sample_weight, template, x_shift, y_shift)
    result = merge_equations(*earlier, blocks)
    if not blocks["equations"].n_samples and reset:  # every row a NaN target (or weight 0)
        raise _nothing_to_train(template["skip"], sample_weight,
                                None if "binarizer" in template else y)
    if result["equations"].n_samples:  # else a first chunk of a stream with nothing to
        # learn: the readout stays unfitted, as in memory
        _solve_into(readout, result, features[0].shape[1], target_1d)
    if kind == "pooled" and reset and result["pooled"]:
        _fit_pooled_temperature(esn, result["pooled"])
    final_state, last_input, last_target = result["end"]
    esn._remember_end(
        [last_input], final_state[None, :], None if last_target is None else [last_target]
    )
    esn.n_steps_seen_ = 0
    esn.__dict__.pop("_from_state", None)  # a new stream starts from rest
    if is_classifier(esn):
        esn.classes_ = readout.classes_
        if first_call:
            esn.mode_ = "frame" if kind == "frame" else "sequence"
    else:
        esn._target_range = result["target_range"]
    return esn


def _nothing_to_train(skip, sample_weight, y):
    """The ValueError of a dask fit whose blocks left no row to train on (computed here,
    on that error's path only): the in-memory fit's "sample_weight is all zero" where no
    weight is positive (the blocks take a block of weights 0 as a gap), else
    :func:`~skreservoir._validation.no_target_left`, of NaN targets where ``y`` (None:
    labels, never missing here) has some, of weights where they were given."""
    from skreservoir._validation import no_target_left

    _, da = _dask()
    if sample_weight is not None and not bool(
            da.any(da.asarray(_values(sample_weight)) > 0).compute()):
        return ValueError("sample_weight is all zero: at least one weight must be positive.")
    missing = y is not None
    if missing and sample_weight is not None:
        values = da.asarray(_values(y))
        missing = values.dtype.kind in "fc" and bool(da.isnan(values).any().compute())
    return no_target_left(skip, sample_weight is not None, missing)


def _fit_pooled_temperature(esn, pooled):
    """``ESNClassifier._fit_temperature`` on the pooled rows of every block (one row a
    series, its encoded label, its weight), gathered here as the in-memory fit holds them."""
    features = np.concatenate([rows[0] for rows in pooled])
    encoded = np.concatenate([rows[1] for rows in pooled]).reshape(features.shape[0], -1)
    index = (encoded[:, 0] > 0).astype(int) if encoded.shape[1] == 1 else encoded.argmax(axis=1)
    weights = (None if any(rows[2] is None for rows in pooled)
               else np.concatenate([rows[2] for rows in pooled]))
    esn._fit_temperature(features, esn.readout_.classes_[index], weights)


# -- partial_fit: blocks in order ---------------------------------------------


def stream_blocks(estimator, X, y, sample_weight=None, *, along_time, **kwargs):
    """``estimator.partial_fit`` on the blocks of ``X`` (and ``y``), in order, each computed here.

    For a readout that learns row after row (FORCE, LMS), whose updates
    depend on the order of the rows, and for one series continued block
    after block along time (``along_time``: the ESNs carry their state from
    one call to the next). One block is in memory at a time; the result is
    the in-memory ``partial_fit`` of the whole array, since ``partial_fit``
    over chunks in order equals one call.
    """
    dask, da = _dask()
    X = _check_array(X, type(estimator).__name__, "partial_fit")
    axis_chunks = X.rechunk({axis: -1 for axis in range(1, X.ndim)}).chunks[0]
    if X.ndim == 2 and not along_time:
        axis_chunks = (X.shape[0],)  # one series is one block
    X = X.rechunk({0: axis_chunks, **{axis: -1 for axis in range(1, X.ndim)}})

    def blocks(a, name):
        if a is None:
            return [None] * len(axis_chunks)
        a = da.asarray(a)
        _check_known_sizes(a, name)
        a = a.rechunk({0: axis_chunks, **{axis: -1 for axis in range(1, a.ndim)}})
        return list(a.to_delayed().ravel())

    for X_block, y_block, w_block in zip(
        list(X.to_delayed().ravel()), blocks(y, "y"), blocks(sample_weight, "sample_weight")
    ):
        X_block, y_block, w_block = dask.compute(X_block, y_block, w_block)
        extra = {} if w_block is None else {"sample_weight": w_block}
        estimator.partial_fit(X_block, y_block, **extra, **kwargs)
    return estimator


def partial_fit_dask(estimator, X, y, sample_weight=None, **kwargs):
    """``partial_fit`` of a readout or an ESN on a dask array.

    A panel (3D) with a ridge readout: the block sums added to the earlier
    ones (:func:`fit_ridge_readout`, :func:`fit_esn` with ``reset=False``),
    on the workers. Otherwise (a readout that learns row after row; one
    series, 2D, given to an ESN, which continues it from ``state_``): the
    blocks in order through the estimator's own ``partial_fit``
    (:func:`stream_blocks`).
    """
    from skreservoir.readout._ridge import _BaseRidgeReadout

    X = _check_array(X, type(estimator).__name__, "partial_fit")
    is_esn = hasattr(estimator, "reservoir")
    if is_esn:
        readout = getattr(estimator, "readout_", None)
        if readout is None:
            readout = estimator.readout or estimator._default_readout()
    else:
        readout = estimator
    if isinstance(readout, _BaseRidgeReadout) and (X.ndim == 3 or not is_esn):
        if is_esn:
            return fit_esn(estimator, X, y, sample_weight, reset=False, **kwargs)
        return fit_ridge_readout(estimator, X, y, sample_weight, reset=False, **kwargs)
    return stream_blocks(estimator, X, y, sample_weight, along_time=is_esn, **kwargs)


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


def _fit_thresholds_on_panel(transformer, X):
    """``ppv_quantiles``' thresholds from the training series the in-memory fit picks.

    The in-memory fit takes up to 32 series spread evenly over the panel;
    those same series are gathered here (a small computation), so that the
    thresholds equal the in-memory ones.
    """
    if transformer.representation != "pooled" or transformer.ppv_quantiles is None:
        return
    from skreservoir.esn._transformer import threshold_series

    sample = np.asarray(X[threshold_series(X.shape[0])].compute())
    transformer._fit_thresholds(transformer._validate_panel(sample, reset=False))


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
        _fit_thresholds_on_panel(transformer, X)
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
    _fit_thresholds_on_panel(transformer, X)  # of the states' components
    sample = np.zeros((1,) + X.shape[1:], dtype=X.dtype)
    transformer.n_features_out_ = transformer.transform(sample).shape[1]
    return transformer


# -- joblib ---------------------------------------------------------------


def parallel_map(function, arguments, n_jobs=None, config=None):
    """``[function(*args) for args in arguments]``, in joblib jobs when ``n_jobs`` asks.

    ``n_jobs`` None or 1 runs here, in order; any other value runs the calls
    through ``joblib.Parallel`` in the active backend (loky processes by
    default; dask or Spark under ``joblib.parallel_config``), each under
    skreservoir's configuration of the caller (``config``: that of
    :func:`~skreservoir.get_config` when None). The results come back in
    order, and equal the sequential ones bit for bit when ``function`` is
    deterministic.
    """
    if n_jobs is None or n_jobs == 1:
        return [function(*args) for args in arguments]
    from sklearn.utils.parallel import Parallel, delayed

    task = ConfiguredCall(function, get_config() if config is None else config)
    return Parallel(n_jobs=n_jobs)(delayed(task)(*args) for args in arguments)


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
        return parallel_map(function, [([Xs[i] for i in chunk],) for chunk in chunks])
    from joblib import effective_n_jobs

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
    return parallel_map(function, [([Xs[i] for i in chunk],) for chunk in chunks], n_jobs, config)
