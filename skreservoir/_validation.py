"""Shared input checks for series (2D) and panels (3D arrays or lists)."""

import math
import numbers
import os
import sys
import types
import warnings
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from array_api_compat import array_namespace
from sklearn.utils import check_array
from sklearn.utils.multiclass import check_classification_targets

from skreservoir._backend import to_host
from skreservoir._sklearn_compat import _check_feature_names, _get_output_config, validate_data

FLOAT_DTYPES = (np.float64, np.float32)


@dataclass(frozen=True)
class Layout:
    """How a user's input was structured, to give outputs the same structure.

    ``kind`` is ``"series"`` (one 2D array), ``"array"`` (a 3D array) or
    ``"list"`` (a list of 2D arrays).
    """

    kind: str
    lengths: tuple

    @property
    def is_panel(self):
        return self.kind != "series"


def _is_list_panel(X):
    """True when ``X`` is a list or tuple of 2D array-likes (a panel)."""
    if not isinstance(X, (list, tuple)) or len(X) == 0:
        return False
    first = X[0]
    return first is not None and _safe_ndim(first) == 2


def _is_univariate_list(X, least=2):
    """True for a list or tuple of ``least`` or more 1D arrays (numpy, pandas; not lists)."""
    return isinstance(X, (list, tuple)) and len(X) >= least and all(
        not isinstance(x, (list, tuple)) and getattr(x, "ndim", None) == 1 for x in X)


def _is_ragged_univariate(X):
    """True for a list of 1D arrays of unequal lengths: univariate series."""
    return _is_univariate_list(X) and len({len(x) for x in X}) > 1


def _univariate_list(X, name, param="X"):
    """A list or tuple of 1D arrays (numpy, pandas), read as scikit-learn reads it or not.

    scikit-learn reads such a list as the rows of a 2D array: here one series
    whose time steps are the list's elements. Of unequal lengths it cannot be
    rows: it is a panel of univariate series (as ``ESNTransformer`` reads any
    such list), returned as a list of (n_timesteps_i, 1) arrays. Of equal
    lengths it stays one series, with a
    :class:`~skreservoir.exceptions.DataLayoutWarning` when it has fewer
    elements than each has values (series, probably, not time steps).
    Anything else is returned as it is.
    """
    if not _is_univariate_list(X):
        return X
    lengths = [len(x) for x in X]
    if len(set(lengths)) > 1:  # ragged (_is_ragged_univariate)
        return [np.asarray(x).reshape(-1, 1) for x in X]
    if len(X) < lengths[0]:
        from skreservoir.exceptions import DataLayoutWarning

        warnings.warn(
            f"{name} reads {param}, a list of {len(X)} 1D arrays of {lengths[0]} values, as "
            f"scikit-learn reads a list of rows: one series of {len(X)} time steps with "
            f"{lengths[0]} features. For {len(X)} univariate series pass "
            f"[x.reshape(-1, 1) for x in {param}]; if {param} is right, silence this "
            "DataLayoutWarning.",
            DataLayoutWarning, stacklevel=user_stacklevel(),
        )
    return X


#: A series with at least this many features whose per-step labels change at least at
#: PANEL_ROW_CHANGES of its steps looks like the rows of a panel (balanced labels in
#: random order change at half the steps; a labelled sequence in runs, rarely).
MANY_FEATURES = 10
PANEL_ROW_CHANGES = 0.3


def check_reservoir_not_a_size(estimator):
    """An InvalidParameterError naming ``Reservoir(n_units=...)`` for a number given as an
    estimator's ``reservoir`` (``ESNRegressor(100)``, as ``Reservoir(100)`` is written:
    scikit-learn's message said only that it must implement fit and transform)."""
    reservoir = estimator.get_params(deep=False).get("reservoir")
    if isinstance(reservoir, numbers.Real) and not isinstance(reservoir, (bool, np.bool_)):
        from skreservoir._sklearn_compat import InvalidParameterError

        name = type(estimator).__name__
        size = (f"for a reservoir of {int(reservoir)} units pass "
                f"{name}(Reservoir(n_units={int(reservoir)}))"
                if np.isfinite(reservoir) and 1 <= reservoir <= 10**7
                and float(reservoir).is_integer()
                else f"pass a reservoir estimator, for example {name}(Reservoir(n_units=100))")
        raise InvalidParameterError(
            f"The 'reservoir' parameter of {name} is the reservoir itself, got the number "
            f"{reservoir!r}: {size}."
        )


def warn_if_transposed(X, owner):
    """:class:`~skreservoir.exceptions.DataLayoutWarning` for series read with fewer time
    steps than features (sktime's time-last layouts given as they are): one 2D series
    of more columns than rows; a 3D panel, or a list of 2D series, each with at least
    twice as many columns as rows (a list: ``list(X)`` of sktime's numpy3D, or its
    unequal-length series; not a list of DataFrames, sktime's df-list, whose rows are
    time points).
    """
    from skreservoir.exceptions import DataLayoutWarning

    if isinstance(X, (list, tuple)) and X:
        if any(hasattr(x, "columns") for x in X):
            return  # DataFrames (sktime's df-list): rows are time points by their format
        shapes = [getattr(x, "shape", None) for x in X]
        # at least twice as many columns as rows in every series (short windows of a few
        # more features than steps are common: a review's (5, 16) word windows)
        if all(shape is not None and len(shape) == 2 and 2 * shape[0] <= shape[1]
               for shape in shapes):
            rows = sorted({shape[0] for shape in shapes})
            columns = sorted({shape[1] for shape in shapes})
            steps, features = (values[0] if len(values) == 1 else f"{values[0]} to {values[-1]}"
                               for values in (rows, columns))
            warnings.warn(
                f"{owner} reads each of the {len(X)} series of X as rows of time steps: "
                f"{steps} time step(s) of {features} features, fewer steps than features. If the series are in sktime's (n_channels, n_timepoints) "
                "orientation, with time last, pass [x.T for x in X]"
                + (" (or use ESNTimeSeriesClassifier)" if owner == "ESNClassifier" else "")
                + "; if X is right, silence this DataLayoutWarning.",
                DataLayoutWarning, stacklevel=user_stacklevel(),
            )
        return
    shape = getattr(X, "shape", None)
    if shape is None or len(shape) not in (2, 3) or shape[-2] >= shape[-1]:
        return
    if len(shape) == 3 and 2 * shape[-2] > shape[-1]:
        return  # a panel warns as the same series in a list do (twice as many columns)
    layout = "numpy3D" if len(shape) == 3 else "numpy2D"
    fix = "X.transpose(0, 2, 1)" if len(shape) == 3 else "X[:, :, None]"
    warnings.warn(
        f"{owner} reads X of shape {tuple(shape)} as series of {shape[-2]} time steps "
        f"with {shape[-1]} features each (rows are time steps). If X is in sktime's "
        f"{layout} layout, with time last, pass {fix}"
        + (" (or use ESNTimeSeriesClassifier)" if owner == "ESNClassifier" else "")
        + "; if X is right, silence this DataLayoutWarning.",
        DataLayoutWarning, stacklevel=user_stacklevel(),
    )


def warn_rows_of_a_panel(owner, layout, Xs, labels):
    """DataLayoutWarning where one series of many features has labels that change at
    most steps: the rows of a panel (sktime's 2D (n_series, n_timesteps)), read as
    the steps of one series (a port's 200 x 100 panel: accuracy 0.62, against 1.00
    as X[:, :, None]). Labels per step of a real sequence come in runs."""
    if layout.is_panel or Xs[0].shape[1] < MANY_FEATURES or len(labels) < 20:
        return
    labels = np.asarray(labels)
    changes = float(np.mean(labels[1:] != labels[:-1]))
    if changes < PANEL_ROW_CHANGES:
        return
    from skreservoir.exceptions import DataLayoutWarning

    n_rows, n_columns = Xs[0].shape
    warnings.warn(
        f"{owner}: X is read as one series of {n_rows} time steps with "
        f"{n_columns} features, labelled step by step, and its labels "
        f"change at {changes:.0%} of the steps, as the rows of a panel do, not the "
        "steps of a sequence. If each row is a series (sktime's 2D layout "
        "(n_series, n_timesteps)), pass X[:, :, None] (a panel of univariate series, "
        "one label each); to classify the steps of one series, ignore this warning.",
        DataLayoutWarning,
        stacklevel=user_stacklevel(),
    )


def _check_target_columns(y):
    """Refuse targets with no column, before scikit-learn blames X for them."""
    shape = getattr(y, "shape", None)
    if shape is not None and len(shape) >= 2 and shape[-1] == 0 and all(shape[:-1]):
        raise ValueError(
            f"y has no column (shape {tuple(shape)}): pass at least one target per time "
            "step, shape (n_timesteps,) or (n_timesteps, n_outputs)."
        )


def _safe_ndim(X):
    """``array_ndim``, or None for an element numpy cannot make an array of."""
    try:
        return array_ndim(X)
    except ValueError:  # ragged nested sequences
        return None


def is_object_panel(X):
    """True for a 1D object array whose elements are arrays (a ragged panel)."""
    return (isinstance(X, np.ndarray) and X.dtype == object and X.ndim == 1
            and X.size > 0 and all(isinstance(x, (np.ndarray, list, tuple)) for x in X))


def _check_panel_series(X, name):
    """Every element of a list panel is a 2D array, or say which is not."""
    for i, x in enumerate(X):
        ndim = None if x is None else _safe_ndim(x)
        if ndim != 2:
            got = ("None" if x is None else "a ragged sequence" if ndim is None
                   else f"a {ndim}D array")
            raise ValueError(
                f"{name}[{i}] is {got}, but a panel given as a list needs one 2D "
                "array (n_timesteps, n_features) per series; pass a list of 2D "
                "arrays or a 3D array (n_series, n_timesteps, n_features)."
            )
        if np.shape(x)[0] == 0:
            raise ValueError(
                f"{name}[{i}] has no time step (shape {np.shape(x)}); every series of a "
                "panel needs at least one: drop the empty series."
            )


def _is_complex(values):
    """Whether ``values`` (an array, a pandas object, a list) holds complex numbers."""
    try:
        return bool(np.iscomplexobj(values))
    except (TypeError, ValueError):
        return False


def _refuse_infinite_y(y, name, y_numeric):
    """A ValueError for inf in ``y``, with its first position and the fix (scikit-learn's
    "Input y contains infinity" said neither)."""
    try:
        values = np.asarray(y, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        return  # scikit-learn's message stands
    where = np.flatnonzero(np.isinf(values))
    if not len(where):
        return
    fix = ("a label must be a class, not inf" if not y_numeric else
           "replace them by NaN to leave those steps out of training (a missing target), "
           "or fix them")
    # scikit-learn's first sentence (its checks match it in a Pipeline), then where and
    # what to do
    raise ValueError(
        f"Input y contains infinity or a value too large for dtype('float64'). y passed to "
        f"{name} contains inf at {len(where)} position(s) (the first at {where[0]} of "
        f"y.ravel()): {fix}.") from None


def _check_dense_numeric_y(y, name, y_numeric):
    """Reject sparse targets, and non-numeric targets of a regressor, by name."""
    if sp.issparse(y):
        raise TypeError(
            f"Sparse targets are not supported by {name}; pass y as a dense array, "
            "for example y.toarray()."
        )
    parts = list(y) if isinstance(y, (list, tuple)) and len(y) and _safe_ndim(y[0]) in (
        1, 2) else [y]
    if not y_numeric:  # labels: complex ones named (scikit-learn's text printed y whole)
        if any(_is_complex(part) for part in parts):
            raise ValueError(
                f"Complex data not supported: y holds complex numbers, which {name} cannot "
                "take as class labels; pass labels as ints, booleans or strings.")
        return
    for part in parts:
        if hasattr(part, "dtype") and not isinstance(part, np.ndarray):
            continue  # pandas and array-API inputs: scikit-learn's checks
        try:
            values = np.asarray(part)
        except ValueError:
            continue  # ragged: reported with the shapes later
        if values.dtype.kind == "c":
            raise ValueError(
                f"Complex data not supported: y must hold real numbers for {name}, got "
                f"complex values (dtype "
                f"{values.dtype}); fit the real and imaginary parts as two target "
                "columns, np.column_stack([y.real, y.imag]), or pass y.real."
            )
        bad = values.dtype.kind in "USV"
        if values.dtype.kind == "O":
            try:
                converted = values.astype(np.float64)
            except (TypeError, ValueError):
                bad = True
            else:
                if not np.all(np.isfinite(converted)):
                    raise ValueError(
                        f"y holds None, NaN or inf values ({name}); pass finite "
                        "numeric targets (drop or fill the missing ones)."
                    )
        if bad:
            raise ValueError(
                f"y must hold numbers for {name}, which is a regressor, got values of "
                f"dtype {values.dtype}; convert y to floats, or use a classifier "
                "(ESNClassifier, RidgeReadoutClassifier) for class labels."
            )


def is_float_column(column):
    """Whether a pandas column converts to float64 (numbers, booleans, numbers in an
    object or category column; not text, dates or other objects)."""
    if getattr(column.dtype, "kind", "") in ("M", "m"):  # times convert to nanoseconds
        return False
    try:
        column.to_numpy(dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return True


def _check_numeric_X(X, name):
    """Reject string inputs by name (numpy's own error, 'could not convert string to
    float', names neither X nor the fix), and a dict of named inputs."""
    if isinstance(X, dict):
        raise TypeError(
            f"X must be an array or a panel for {name}, got a dict (ReservoirPy's inputs "
            f"of a model by node name, keys {list(X)[:4]}): pass one array, the inputs "
            "side by side as features (np.hstack of the arrays)."
        )
    parts = X if isinstance(X, (list, tuple)) else [X]
    pandas = sys.modules.get("pandas")  # not a dependency: a DataFrame means it is loaded
    for part in parts:
        if pandas is not None and isinstance(part, pandas.DataFrame):
            bad = {str(c): str(part[c].dtype) for c in part.columns
                   if not is_float_column(part[c])}
            if bad:  # pandas' "could not convert string to float" named no column
                raise ValueError(
                    f"X must hold numbers for {name}, but it has columns that are not "
                    f"numbers: {bad}. Encode them as numbers first (one column per "
                    "category: pandas.get_dummies or sklearn.preprocessing.OneHotEncoder; "
                    "dates as their parts or their time), or drop them."
                )
            continue
        kind = getattr(getattr(part, "dtype", None), "kind", None)
        series = getattr(part, "ndim", 0) == 1 and len(part) and hasattr(part[0], "shape")
        if kind == "O" and not series:  # numbers, or text numpy cannot convert (an
            try:                        # object array of series is a panel: checked later)
                np.asarray(part, dtype=np.float64)
            except ValueError:  # text (other objects: scikit-learn's TypeError, later)
                kind = "U"
        if kind == "c":  # scikit-learn's "Complex data not supported" printed the array
            raise ValueError(
                f"Complex data not supported: X must hold real numbers for {name}, got "
                f"complex values (dtype "
                f"{part.dtype}); pass the real and imaginary parts side by side as "
                "features, np.concatenate([X.real, X.imag], axis=-1), or X.real."
            )
        if kind in ("U", "S", "M", "m"):
            raise ValueError(
                f"X must hold numbers for {name}, got values of dtype {part.dtype}; "
                "convert X to floats (encode categories first, for example with "
                "sklearn.preprocessing.OrdinalEncoder)."
            )


def array_ndim(X):
    """Number of dimensions of an array-like (any object with ``__array__``).

    A list of rows of different lengths (one series typed by hand, a row
    short) is refused by name: numpy's "inhomogeneous shape" said neither
    which input nor what to do.
    """
    if hasattr(X, "ndim"):
        return X.ndim
    try:
        return np.asarray(X).ndim
    except ValueError as exc:
        if "inhomogeneous" not in str(exc) or not isinstance(X, (list, tuple)):
            raise
        lengths = sorted({len(row) for row in X if hasattr(row, "__len__")})
        raise ValueError(
            f"X is a list whose rows have different lengths ({lengths[:5]}): one series "
            "is a 2D array (n_timesteps, n_features) whose rows all hold n_features "
            "values, and a panel a list of such 2D arrays (series of any lengths)."
        ) from None


def is_panel(X):
    """True when ``X`` is a panel: a 3D array, a list of 2D arrays, or a list of 1D
    arrays of unequal lengths (univariate series, see :func:`_univariate_list`); or
    a 1D object array of either kind of series (PyRCN's sequences), as its list."""
    if is_object_panel(X):
        X = list(X)
    return (_is_list_panel(X) or _is_ragged_univariate(X)
            or (not sp.issparse(X) and array_ndim(X) == 3))


def _check_n_features(estimator, n_features, reset):
    if reset:
        estimator.n_features_in_ = n_features
        if hasattr(estimator, "feature_names_in_"):
            del estimator.feature_names_in_
        return
    expected = getattr(estimator, "n_features_in_", None)
    if expected is not None and n_features != expected:
        raise ValueError(
            f"X has {n_features} features, but {type(estimator).__name__} is "
            f"expecting {expected} features as input."
        )


def _fast_series(estimator, X, y, reset, dtype, y_numeric, multi_output):
    """The result of :func:`validate_series` for a clean numpy series, checked directly.

    For the calls made once per time step (``partial_fit``, ``predict`` on
    one row): a C-contiguous float ndarray of shape (n, n_features_in_) with
    finite values, on a fitted estimator without feature names, and a finite
    float target of n rows (1D, or 2D when ``multi_output``; a classifier's:
    integer or boolean labels, 1D), pass the same checks as scikit-learn's,
    without its general machinery. Anything else
    returns None and takes the general path.
    """
    if reset or not _clean_shape(estimator, X, dtype):
        return None
    if y is not None:
        if (type(y) is not np.ndarray or y.shape[0] != X.shape[0] or y.ndim > 2
                or (y.ndim == 2 and not multi_output)):
            return None
        if not y_numeric:
            # a classifier's labels: integers or booleans, one per row (others, and
            # one label per series, take the general path)
            if y.ndim != 1 or y.dtype.kind not in "iub":
                return None
        elif y.dtype != np.float64 or not _all_finite(y):
            return None
    if not _all_finite(X):
        return None
    return [X], None if y is None else [y], Layout("series", (X.shape[0],))


def _clean_shape(estimator, X, dtype):
    """Whether ``X`` is a C-contiguous numpy series of ``dtype`` with the fitted width (no
    feature names): the checks of :func:`_fast_series` before the values'."""
    if type(X) is not np.ndarray or X.ndim != 2 or X.shape[0] == 0:
        return False
    dtypes = dtype if isinstance(dtype, tuple) else (dtype,)
    if X.dtype not in dtypes or not X.flags.c_contiguous:
        return False
    # fitted attributes live in the instance's __dict__ (a missing one looked up
    # with hasattr would go through the estimator's __getattr__)
    fitted = vars(estimator)
    return fitted.get("n_features_in_") == X.shape[1] and "feature_names_in_" not in fitted


#: Up to this many values, :func:`_all_finite` tests each value (``isfinite``);
#: above it, their sum.
_ELEMENTWISE_FINITE_MAX = 1024


def check_seed(random_state, owner):
    """``random_state`` as scikit-learn's ``check_random_state`` takes it (None, an int
    in [0, 2**32), a numpy RandomState), else a ValueError naming ``random_state``,
    ``owner`` and what to pass (a numpy Generator or a float got scikit-learn's
    message, which names neither)."""
    if (random_state is None or isinstance(random_state, np.random.RandomState)
            or (isinstance(random_state, numbers.Integral)
                and not isinstance(random_state, bool) and 0 <= random_state < 2**32)):
        return random_state
    hint = (" (for a numpy Generator rng, pass an int drawn from it: "
            "int(rng.integers(2**31)))" if isinstance(random_state, np.random.Generator)
            else "")
    raise ValueError(
        f"{owner}: random_state must be None, an int in [0, 2**32) or a numpy RandomState, "
        f"got {random_state!r}{hint}."
    )


def _all_finite(array):
    """Whether the values of a numpy array are all finite, or (for many) their sum.

    A finite sum has finite terms; a sum that overflows says False, and the
    caller takes the general path. A few values (the row of a one-step call)
    are tested one by one: faster than a reduction on so few. Up to
    :data:`_ELEMENTWISE_FINITE_MAX` values (a short window's features),
    ``isfinite`` and one reduction: the floating-point error state that the
    sum needs costs more than both (1.7 against 3.0 us for 56 values).
    """
    if array.size <= 16:
        return all(map(math.isfinite, array.ravel().tolist()))
    if array.size <= _ELEMENTWISE_FINITE_MAX:
        return bool(np.logical_and.reduce(np.isfinite(array), axis=None))
    # finite values whose sum overflows, or an inf and a -inf, are not the
    # caller's business: no RuntimeWarning (the general path then checks them)
    with np.errstate(over="ignore", invalid="ignore"):
        return math.isfinite(np.add.reduce(array, axis=None))


def _device_arrays(X):
    """The series of ``X`` when it is an array on a device (not numpy), else None.

    A 2D or 3D array API array other than numpy's (cupy, array-api-strict),
    or a non-empty list or tuple of 2D ones of one type.
    """
    series = list(X) if isinstance(X, (list, tuple)) else None
    first = series[0] if series else X
    if isinstance(first, np.ndarray) or sp.issparse(first) or not hasattr(first, "ndim"):
        return None
    try:
        array_namespace(first)
    except TypeError:  # not an array API array (pandas, lists)
        return None
    if series is None:
        if X.ndim == 3:
            return [X[i, ...] for i in range(X.shape[0])]
        return [X] if X.ndim == 2 else None
    if any(type(x) is not type(first) or x.ndim != 2 for x in series):
        return None
    return series


def validate_device_series(estimator, X, y=None, *, reset, dtype=FLOAT_DTYPES,
                           y_required=False, y_numeric=True, multi_output=True):
    """:func:`validate_series` of features on a device (cupy), checked where they are; or None.

    The readouts' check of a device panel: the shapes, the float dtype and
    the number of features are read from the arrays' metadata and the
    values tested finite by one reduction on the device (one transfer of
    one number), so the features never travel to the host and back
    (that round trip of 3.3 GB took 2.4 s of a 2.6 s ``ESNRegressor.predict``
    on an H200). The targets, small, are checked on the host as
    :func:`validate_series` checks them. Anything else (a numpy input, an
    integer dtype, a non-finite value, feature names, empty series, a
    column-vector target for a single-output estimator) returns None: the
    caller then runs :func:`validate_series`, which raises its errors.
    """
    Xs = _device_arrays(X)
    if not Xs or dtype != FLOAT_DTYPES or (y_required and y is None):
        return None
    if not reset and "feature_names_in_" in vars(estimator):
        return None
    xp = array_namespace(Xs[0])
    if any(x.dtype not in (xp.float64, xp.float32) or x.shape[0] == 0 or x.shape[1] == 0
           for x in Xs) or len({x.shape[1] for x in Xs}) > 1:
        return None
    sums = [xp.sum(x) for x in Xs]
    total = sums[0] if len(sums) == 1 else xp.sum(xp.stack(sums))
    if not math.isfinite(float(total)):  # non-finite, or finite values whose sum overflows
        return None
    if y is not None and not isinstance(X, (list, tuple)) and X.ndim == 2:
        if not multi_output and np.ndim(y) == 2:
            return None  # scikit-learn's column-vector warning: the general path
        y = [y]
    kind = "list" if isinstance(X, (list, tuple)) else ("array" if X.ndim == 3 else "series")
    layout = Layout(kind, tuple(int(x.shape[0]) for x in Xs))
    ys = None if y is None else _validate_panel_targets(y, Xs, layout, y_numeric)
    _check_n_features(estimator, int(Xs[0].shape[1]), reset)
    return Xs, ys, layout


def fast_series(estimator, X, y):
    """:func:`validate_series` of a clean numpy series and its numeric targets, or None.

    The checks of ``validate_series(estimator, X, y, reset=False,
    y_required=True)`` for the calls made once per step; None where that
    call must run instead (it then raises what it raises).
    """
    return _fast_series(estimator, X, y, False, FLOAT_DTYPES, True, True)


def clean_series(estimator, X, values=True):
    """Whether :func:`fast_series` takes ``X`` (without targets), without making its result.

    For a readout's check of the features an estimator made (the
    layout is not needed there). Without ``values``, the values' test is
    left out: for features the estimator's reservoir tested already.
    """
    return _clean_shape(estimator, X, FLOAT_DTYPES) and (not values or _all_finite(X))


def _check_not_sktime_frame(X, name):
    """Refuse sktime's DataFrame panels (nested_univ, pd-multiindex) by name.

    A nested DataFrame (a series in each cell) failed in pandas with
    "setting an array element with a sequence"; a row-MultiIndex frame was
    read as one long series (its labels then counted per series). pandas is
    not a core dependency: without it imported, X is no DataFrame.
    """
    pd = sys.modules.get("pandas")
    if pd is None or not isinstance(X, pd.DataFrame):
        return
    nested = len(X) and len(X.columns) and isinstance(X.iloc[0, 0], pd.Series)
    if not (nested or isinstance(X.index, pd.MultiIndex)):
        return
    kind = "nested_univ" if nested else "pd-multiindex"
    raise TypeError(
        f"{name} got an sktime {kind} DataFrame (a panel of series); it takes arrays "
        "with time along the rows: a 3D array (n_series, n_timesteps, n_features) or a "
        "list of 2D arrays. Convert with sktime's convert_to(X, 'df-list') (a list of "
        "frames, time along the rows; series of any lengths) or, for series of one "
        "length, convert_to(X, 'numpy3D').transpose(0, 2, 1); or use "
        "skreservoir.classification.ESNTimeSeriesClassifier, which takes sktime's "
        "formats."
    )


def _float_values(X):
    """The values of ``X`` (an array or a pandas object) as float64, a pandas nullable
    dtype's missing values (``pd.NA``) as NaN."""
    if hasattr(X, "to_numpy"):
        try:
            return X.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError):
            X = X.to_numpy()
    return np.asarray(to_host(X), dtype=np.float64)


def _where_missing(X, found=np.isnan):
    """Where the first NaN (or other value ``found`` marks) of ``X`` (a series, a 3D
    panel or a list of series) is, in words."""
    try:
        if isinstance(X, (list, tuple)):
            for i, x in enumerate(X):
                rows = np.flatnonzero(found(_float_values(x)).reshape(
                    len(x), -1).any(axis=1))
                if len(rows):
                    return f"series {i}, time step {rows[0]}"
            return None
        values = _float_values(X)
        where = np.argwhere(found(values))
    except (TypeError, ValueError):
        return None
    if not len(where):
        return None
    first = where[0]
    return (f"series {first[0]}, time step {first[1]}" if values.ndim == 3
            else f"time step {first[0]}")


def overflowed(X):
    """Whether ``X`` holds an inf or a value beyond 1e100, what a diverged loop leaves
    next to its NaN (True where that cannot be read)."""
    try:
        parts = X if isinstance(X, (list, tuple)) else [X]
        for part in parts:
            values = _float_values(part)
            with np.errstate(invalid="ignore"):
                if np.any(np.isinf(values)) or np.nanmax(np.abs(values), initial=0.0) > 1e100:
                    return True
        return False
    except (TypeError, ValueError):
        return True


def _missing_input_hint(X, estimator=None):
    """What a NaN input means for a recurrent model (or an NVAR, whose rows read a
    window of inputs), and what to do (said after scikit-learn's "Input X contains
    NaN")."""
    where = _where_missing(X)
    nvar = next((part for part in (estimator, getattr(estimator, "reservoir", None))
                 if type(part).__name__ == "NVAR"), None)
    if nvar is not None:
        reach = (nvar.delay - 1) * nvar.stride + 1
        carried = (f"NVAR reads every input into its row and the {reach - 1} after it "
                   f"(delay={nvar.delay}, stride={nvar.stride}), so one missing input "
                   f"makes {reach} rows NaN")
    else:
        carried = ("A reservoir carries every input into all its later states, so one "
                   "missing input would make the rest of its series NaN")
    return (f" The first NaN is at {where}. " if where else " ") + carried + (
        ": fill the gaps along time first "
        "(for example pandas.DataFrame(x).interpolate(limit_direction='both') per "
        "series), or split the series at them."
    )


def validate_series(estimator, X, y=None, *, reset, dtype=FLOAT_DTYPES,
                    y_required=False, y_numeric=True, multi_output=True):
    """Validate a series or a panel (and its targets).

    A NaN in ``X`` raises scikit-learn's "Input X contains NaN" with where
    it is and what to do in a recurrent model (:func:`_missing_input_hint`).

    Parameters
    ----------
    estimator : estimator instance
        ``n_features_in_`` is set on it when ``reset``, and checked against
        otherwise.
    X : array-like of shape (n_timesteps, n_features), (n_series, n_timesteps, n_features) or list of 2D arrays
        One series, or a panel.
    y : array-like or None
        Targets with the structure of ``X``: for a series, shape
        (n_timesteps,) or (n_timesteps, n_outputs); for a panel, a 3D array,
        a 2D array (n_series, n_timesteps) of scalar targets, or a list of 1D
        or 2D arrays.
    reset : bool
        Whether this is a call to ``fit``.
    dtype : dtype or tuple of dtypes
        As in :func:`sklearn.utils.check_array`.
    y_required : bool
        Raise when ``y`` is None.
    y_numeric : bool
        Convert targets to float64 (False for class labels).
    multi_output : bool
        Allow 2D targets for a series; when False a column vector is
        flattened with a DataConversionWarning, as scikit-learn does.

    Returns
    -------
    Xs : list of ndarray of shape (n_timesteps_i, n_features)
    ys : list of ndarray of shape (n_timesteps_i,) or (n_timesteps_i, n_outputs), or None
    layout : Layout
    """
    try:
        return _validate_series(estimator, X, y, reset, dtype, y_required, y_numeric,
                                multi_output)
    except ValueError as error:
        if str(error).startswith("Input X contains infinity"):
            # scikit-learn's words, then where (the NaN's message said it, this did not)
            where = _where_missing(X, np.isinf)
            if where:
                raise ValueError(
                    f"{error} The first inf is at {where}: replace it with a finite value "
                    "(interpolate the step, or np.nan_to_num(X, posinf=..., neginf=...)) or "
                    "drop the series; where X comes from an earlier step (a closed loop "
                    "that diverged), fix that step.") from None
            raise
        if not str(error).startswith("Input X contains NaN") or overflowed(X):
            raise  # (with an inf or overflowed values: a diverged loop, said by the caller)
        # scikit-learn's first sentence (its checks match it), then what a NaN means
        # here instead of its advice (another estimator, dropping rows)
        raise ValueError(f"Input X contains NaN.{_missing_input_hint(X, estimator)}") from None


def split_rows(split):
    """A split's rows as sorted integer positions (from positions or a boolean mask)."""
    split = np.asarray(split)
    return np.flatnonzero(split) if split.dtype == bool else np.sort(split)


def _n_runs(indices):
    """The number of runs of consecutive integers in sorted ``indices``."""
    return int(len(indices) > 0) + int(np.count_nonzero(np.diff(indices) != 1))


def scattered_split(train, test):
    """Whether a split of one series has scattered rows: a test fold of more than one run
    of consecutive rows, or a training fold of more than two (KFold's middle folds
    train on the rows on both sides of the test fold)."""
    return _n_runs(split_rows(test)) > 1 or _n_runs(split_rows(train)) > 2


def warn_scattered_folds(splitter, series, where=""):
    """The DataLayoutWarning of folds of scattered rows of one series (``series``, a
    description), cut by ``splitter`` (a description)."""
    from skreservoir.exceptions import DataLayoutWarning

    warnings.warn(
        f"{splitter} cuts {series} into folds of scattered "
        f"rows{where}: the reservoir runs each fold's rows as one sequence, so every "
        "score is that of a series with gaps. For one series use "
        "sklearn.model_selection.TimeSeriesSplit (each test fold follows its "
        "training rows); a panel (a list of series or a 3D array) is split by series.",
        DataLayoutWarning,
        stacklevel=user_stacklevel(),
    )


def is_list_of_series(values):
    """Whether a list of arrays is a panel of series (what ``predict`` returns for a list),
    not rows collected one time step at a time: arrays of 2 dimensions, or 1D arrays
    of unequal lengths, or of one length longer than the list (a few long series)."""
    if not values or not all(hasattr(v, "shape") and np.ndim(v) >= 1 for v in values):
        return False
    if any(np.ndim(v) >= 2 for v in values):
        return True
    lengths = {len(v) for v in values}
    return len(lengths) > 1 or len(values) < lengths.pop()


def refuse_generators(name, X, y=None):
    """A TypeError where ``X`` or ``y`` is a generator (read once, of no length)."""
    if isinstance(X, types.GeneratorType) or isinstance(y, types.GeneratorType):
        which = "X" if isinstance(X, types.GeneratorType) else "y"
        raise TypeError(
            f"{which} passed to {name} is a generator, which is read once and has no "
            f"length; pass list({which}) (a list of series) or an array."
        )


#: The time zones named first where a naive index's clock changes match several
#: (the hint names one; the user gives theirs).
CLOCK_CHANGE_ZONES = ("Europe/London", "Europe/Berlin", "America/New_York",
                      "America/Chicago", "America/Denver", "America/Los_Angeles",
                      "Australia/Sydney", "Pacific/Auckland", "America/Santiago",
                      "America/Sao_Paulo")


def clock_change_zones(times, what):
    """The time zones in which every one of the time-zone-naive ``times`` is where a
    daylight-saving clock change repeats (``what="repeated"``: ambiguous there) or
    skips (``"missing"``: nonexistent there) an hour; :data:`CLOCK_CHANGE_ZONES` first,
    then the others of :mod:`zoneinfo` (none where it has no time zone data)."""
    import zoneinfo

    pd = sys.modules["pandas"]
    times = pd.DatetimeIndex(times)
    try:
        available = zoneinfo.available_timezones()
    except Exception:  # no time zone data on this machine  # pragma: no cover
        return []
    zones = [z for z in CLOCK_CHANGE_ZONES if z in available] + sorted(
        available.difference(CLOCK_CHANGE_ZONES))
    found = []
    for zone in zones:
        try:
            if what == "repeated":  # ambiguous there: NaT
                local = times.tz_localize(zone, ambiguous="NaT", nonexistent="shift_forward")
            else:  # nonexistent there: NaT
                local = times.tz_localize(zone, ambiguous=True, nonexistent="NaT")
        except Exception:  # a zone pandas cannot read  # pragma: no cover
            continue
        if local.isna().all():
            found.append(zone)
    return found


def clock_change_hint(index, times, name, what):
    """A sentence where the repeated or missing ``times`` of a time-zone-naive
    DatetimeIndex are those of daylight-saving clock changes, else "".

    They are where the index steps by an hour or less, the times fall on at most
    two days a year of its span, and some time zone changes its clocks at every
    one of them (:func:`clock_change_zones`): local time without its zone, in which
    an hour repeats when clocks go back and one is skipped when they go forward
    (a user's hourly meter readings: "repeated time points, keep one row per time
    point" dropped a real hour of data, or "long format" named another cause). The
    sentence is said beside the usual advice, as a condition (an outage that
    happens to fall there is no clock change). ``what``: "repeated" or "missing".
    """
    pd = sys.modules.get("pandas")
    if pd is None or not isinstance(index, pd.DatetimeIndex) or index.tz is not None:
        return ""
    times = pd.DatetimeIndex(times)
    if len(times) == 0 or len(index) < 3:
        return ""
    steps = np.diff(index.asi8)
    steps = steps[steps > 0]
    # asi8 counts the index's unit (nanoseconds before pandas 2)
    hour = pd.Timedelta(hours=1) // pd.Timedelta(1, unit=getattr(index, "unit", "ns"))
    years = max((index[-1] - index[0]).days / 365.25, 1.0)
    if (len(steps) == 0 or np.median(steps) > hour
            or len(np.unique(times.normalize())) > 2 * np.ceil(years)):
        return ""
    zones = clock_change_zones(times, what)
    if not zones:
        return ""
    others = f" and {len(zones) - 1} other zones" if len(zones) > 1 else ""
    return (
        f" If {name}'s index is local time without its time zone: these {what} time "
        f"points are where clocks change for daylight saving (in {zones[0]}{others}), "
        "where an hour repeats when clocks go back and one is skipped when they go "
        f"forward. Give it its zone, {name} = {name}.tz_localize('{zones[0]}', "
        "ambiguous='infer') with yours (the index then runs evenly in absolute time), "
        "or give the times in UTC."
    )


def _warn_if_not_in_time_order(X, name):
    """:class:`~skreservoir.exceptions.DataLayoutWarning` for a pandas ``X`` (or a
    series of a list) whose time index (dates or periods) is not increasing: rows that
    were shuffled, reversed or merged, which a reservoir reads as consecutive steps."""
    pd = sys.modules.get("pandas")  # not a dependency: X is no pandas object without it
    if pd is None:
        return
    for part in (X if isinstance(X, (list, tuple)) else [X]):
        if not isinstance(part, (pd.DataFrame, pd.Series)):
            continue
        index = part.index
        # dates and periods: an integer index is no time (rows sorted by a column, or
        # frames concatenated, keep their old labels in time order: a review)
        if not isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)):
            continue
        from skreservoir.exceptions import DataLayoutWarning

        if not index.dropna().is_monotonic_increasing:  # (a NaT is no order)
            warnings.warn(
                f"X passed to {name} has a time index that is not in increasing order "
                "(shuffled, reversed or merged rows), and a reservoir reads the rows of "
                "a series as consecutive time steps. Sort it (X.sort_index()); for "
                "cross-validation, split with sklearn.model_selection.TimeSeriesSplit "
                "rather than a shuffled KFold.",
                DataLayoutWarning, stacklevel=user_stacklevel(),
            )
            return
        if index.has_duplicates:
            repeated = index[index.duplicated()]
            clocks = clock_change_hint(index, repeated, "X", "repeated")
            warnings.warn(
                f"X passed to {name} has a time index that repeats time points (the "
                f"first: {repeated[0]}): several series in one table (long format), "
                "which a reservoir reads as one series of consecutive steps. Pass each "
                "series on its own (a list of them, or a 3D array)." + clocks,
                DataLayoutWarning, stacklevel=user_stacklevel(),
            )
            return


def _validate_series(estimator, X, y, reset, dtype, y_required, y_numeric, multi_output):
    """:func:`validate_series`, without the hint on a NaN input."""
    fast = _fast_series(estimator, X, y, reset, dtype, y_numeric, multi_output)
    if fast is not None:
        return fast
    name = type(estimator).__name__
    if (isinstance(y, (numbers.Number, np.number, np.bool_))
            or (getattr(y, "ndim", None) == 0 and getattr(y, "dtype", None) is not None
                and y.dtype.kind in "biufc")):
        # scikit-learn's TypeError "Input should have at least 1 dimension" named no y
        raise ValueError(
            f"y passed to {name} is one number ({y!r}); y holds a target per time step of "
            "X, with its structure: for the one row X[t:t+1], pass y[t:t+1] (shape (1,) "
            "or (1, n_outputs)), not y[t]."
        )
    if (y is not None and getattr(y, "ndim", 0) > 2 and not sp.issparse(X)
            and getattr(X, "ndim", None) == 2):
        raise ValueError(
            f"y passed to {name} has shape {tuple(y.shape)}, for X of shape "
            f"{tuple(X.shape)}: one series, whose y is (n_timesteps,) or (n_timesteps, "
            "n_outputs); pass y.reshape(len(X), -1)."
        )
    if X is None:
        generator = (" For a pattern generator (no input, the output fed back: "
                     "feedback=True), fit on a constant input, X = np.zeros((n_timesteps, "
                     "1)): generate(n_steps) then runs on that input."
                     if reset and getattr(estimator, "feedback", None) is not None else "")
        raise ValueError(
            f"X passed to {name} is None: a reservoir is driven by its inputs; "
            f"pass one series (n_timesteps, n_features) or a panel.{generator}"
        )
    if y_required and y is None:
        raise ValueError(
            f"{name} requires y to be passed, but the target y is None."
        )
    _check_not_sktime_frame(X, name)
    _warn_if_not_in_time_order(X, name)
    if is_object_panel(X):  # an object array of series, e.g. np.array(list_of_2d)
        X = list(X)
        if is_object_panel(y):
            y = list(y)
    refuse_generators(name, X, y)
    if isinstance(X, (list, tuple)) and len(X) == 0:
        raise ValueError(
            f"X passed to {name} is an empty list; pass one series (n_timesteps, "
            "n_features) or a panel: a 3D array or a non-empty list of 2D arrays."
        )
    X = _univariate_list(X, name)
    _check_target_columns(y)
    if y is not None:
        _check_dense_numeric_y(y, name, y_numeric)
    _check_numeric_X(X, name)
    if isinstance(X, (list, tuple)) and len(X) and (
            X[0] is None or _safe_ndim(X[0]) in (None, 2)):
        _check_panel_series(X, "X")
    if _is_list_panel(X):
        Xs = [check_array(x, dtype=dtype, input_name="X") for x in X]
        n_features = {x.shape[1] for x in Xs}
        if len(n_features) > 1:
            rows = {x.shape[0] for x in Xs}
            looks = (" They look like sktime's (n_channels, n_timepoints) orientation, time "
                     f"last (every series has {rows.pop()} row(s)): pass [x.T for x in X]."
                     if len(rows) == 1 else "")
            raise ValueError(
                "All series of a panel must have the same number of features; "
                f"got {sorted(n_features)}.{looks}"
            )
        _check_n_features(estimator, n_features.pop(), reset)
        _check_panel_feature_names(estimator, X, reset)
        layout = Layout("list", tuple(len(x) for x in Xs))
    elif not sp.issparse(X) and array_ndim(X) == 3:
        X = check_array(X, dtype=dtype, allow_nd=True, ensure_min_features=0,
                        input_name="X")
        if X.shape[1] == 0 or X.shape[2] == 0:
            raise ValueError(
                f"Found a panel of shape {X.shape} with no time steps or no "
                "features; each series needs at least one time step and one "
                "feature."
            )
        _check_n_features(estimator, X.shape[2], reset)
        Xs = list(X)
        layout = Layout("array", (X.shape[1],) * X.shape[0])
    elif not sp.issparse(X) and array_ndim(X) > 3:
        raise ValueError(
            f"X must be 2D (one series, rows are time steps) or 3D (a panel of "
            f"series), got an array with {np.ndim(X)} dimensions."
        )
    elif not sp.issparse(X) and array_ndim(X) == 1:
        # scikit-learn's message prints the whole array (its "Reshape your data"
        # is kept: scikit-learn's check_fit2d_predict1d looks for it)
        raise ValueError(
            f"Expected 2D array, got 1D array instead: X of shape {np.shape(X)} for {name}, "
            "which reads one series as (n_timesteps, n_features). Reshape your data: "
            "X.reshape(-1, 1) for a series of one feature (a panel: a 3D array or a list "
            "of 2D arrays)."
        )
    else:
        # One series: scikit-learn's validation (feature names, n_features_in_,
        # the standard messages for sparse, NaN and empty input).
        try:
            if y is None:
                X = validate_data(estimator, X, reset=reset, dtype=dtype)
                ys = None
            else:
                X, y = validate_data(estimator, X, y, reset=reset, dtype=dtype,
                                     multi_output=multi_output, y_numeric=y_numeric)
                ys = [y]
        except ValueError as error:
            if y is not None and not y_numeric and "y contains NaN" in str(error):
                check_label_values(y, name)  # labels (a classifier): missing ones counted
            if y is not None and "y contains infinity" in str(error):
                _refuse_infinite_y(y, name, y_numeric)
            if "0 feature(s)" in str(error) and "feedback" in estimator.get_params(deep=False):
                raise ValueError(f"{error} {_NO_INPUT_HINT}") from None
            if y is not None and y_numeric and "could not convert string to float" in str(
                    error) and _has_strings(y):
                raise ValueError(
                    f"y must hold numbers for {name}, got strings ({error}); for class "
                    "labels use a classifier (ESNClassifier), else convert y to floats."
                ) from None
            if y is not None and "inconsistent numbers of samples" in str(error):
                # scikit-learn's words kept (its checks read them), what they mean here
                raise ValueError(
                    f"{error}. {name} reads a 2D X as one series, (n_timesteps, "
                    f"n_features), with one target per time step; for one target per "
                    "series pass a panel: a 3D array (n_series, n_timesteps, n_features), "
                    "X[None] for one series, or a list of 2D series."
                ) from None
            raise
        return [X], ys, Layout("series", (X.shape[0],))

    ys = None if y is None else _validate_panel_targets(y, Xs, layout, y_numeric)
    return Xs, ys, layout


def _has_strings(values):
    """Whether ``values`` (an array-like of targets) holds strings."""
    try:
        array = np.asarray(values, dtype=object).ravel()
    except Exception:  # noqa: BLE001 - not an array: not ours to say
        return False
    return any(isinstance(v, (str, bytes)) for v in array[:1000])


def check_params_dict(params, owner):
    """``params`` as a dict of parameter values, or a TypeError naming ``owner``'s call."""
    from collections.abc import Mapping

    if not isinstance(params, Mapping):
        raise TypeError(
            f"{owner} is called with a dict of parameter values (as hyperopt passes a "
            f"point of a dict space such as reservoir_space()), got {type(params).__name__} "
            f"{params!r}."
        )
    return dict(params)


#: What a model without input is here (said where X has no column).
_NO_INPUT_HINT = (
    "A model driven by its fed-back outputs alone (ReservoirPy's run(iters=n) or "
    "run(None)) takes a column of zeros as its input: X = np.zeros((n_timesteps, 1)) "
    "with feedback=True, and generate(n_steps, inputs=np.zeros((n_steps, 1)))."
)


def check_container_output(estimator, layout):
    """Refuse a panel where ``set_output(transform="pandas")`` (or polars) is on.

    A DataFrame holds one series; scikit-learn's wrapper failed on the panel's
    outputs with "Must pass 2-d input".
    """
    dense = _get_output_config("transform", estimator)["dense"]
    if layout.kind != "series" and dense != "default":
        raise ValueError(
            f"{type(estimator).__name__} has set_output(transform={dense!r}) (its own, "
            f"or sklearn.set_config(transform_output={dense!r})), which returns one "
            f"DataFrame, for one series; X is a panel of {len(layout.lengths)} series. "
            "Transform its series one by one ([est.transform(x) for x in X]), or "
            "set_output(transform='default') on the estimator for the panel's arrays."
        )


def _check_panel_feature_names(estimator, X, reset):
    """Feature names of a list of DataFrames, as scikit-learn's for one DataFrame.

    Every series must have the first one's columns, in its order; those
    names are ``feature_names_in_`` at fit and are checked at predict (a
    panel with its columns reordered was read silently in the wrong order).
    """
    first = getattr(X[0], "columns", None)
    if first is not None:
        for i, x in enumerate(X[1:], start=1):
            columns = getattr(x, "columns", None)
            if columns is None or list(columns) != list(first):
                raise ValueError(
                    f"The series of a panel must have the same columns in the same order: "
                    f"series 0 has {list(first)}, series {i} "
                    f"{'none (an array)' if columns is None else list(columns)}. "
                    "Reorder them with x[columns] for every series x."
                )
    if reset or hasattr(estimator, "feature_names_in_"):
        _check_feature_names(estimator, X[0], reset=reset)


def _validate_panel_targets(y, Xs, layout, y_numeric):
    dtype = np.float64 if y_numeric else None
    if isinstance(y, (list, tuple)):
        if len(y) != len(Xs):
            raise ValueError(
                f"y has {len(y)} series but X has {len(Xs)}; give one target "
                "series per input series."
            )
        for i, yi in enumerate(y):
            if np.ndim(yi) == 0:
                raise ValueError(
                    f"y[{i}] is a scalar, but a panel with y given as a list needs one "
                    "target series (one row per time step) per input series; for one "
                    "label per series, pass y as an array of shape (n_series,) to a "
                    "model that takes it (ESNClassifier.fit, ESNTransformer + a "
                    "classifier)."
                )
        ys = [check_array(yi, dtype=dtype, ensure_2d=False, input_name="y")
              for yi in y]
    else:
        y = check_array(y, dtype=dtype, ensure_2d=False, allow_nd=True,
                        input_name="y")
        if y.ndim not in (2, 3) or y.shape[0] != len(Xs):
            raise ValueError(
                f"For a panel of {len(Xs)} series, y must be a list of target "
                "series, a 2D array (n_series, n_timesteps) or a 3D array "
                f"(n_series, n_timesteps, n_outputs); got shape {y.shape}."
                + (_ONE_TARGET_PER_SERIES if y.ndim == 1 else "")
            )
        ys = list(y)
    # a 2D array of another width than the series' length, or single rows: one
    # target per series (ReservoirPy's sequence-to-vector), not a length off by some
    per_series = not isinstance(y, (list, tuple)) and y.ndim == 2
    for i, (xi, yi) in enumerate(zip(Xs, ys)):
        if yi.ndim not in (1, 2) or yi.shape[0] != xi.shape[0]:
            raise ValueError(
                f"The targets of series {i} have shape {yi.shape}, but the "
                f"series has {xi.shape[0]} time steps; expected "
                f"({xi.shape[0]},) or ({xi.shape[0]}, n_outputs)."
                + ((_ONE_TARGET_PER_SERIES if y_numeric else _LABELS_PER_SERIES)
                   if per_series or yi.ndim == 0 or yi.shape[0] == 1 else "")
            )
    if len({yi.ndim for yi in ys}) > 1 or len({yi.shape[1:] for yi in ys}) > 1:
        raise ValueError("All target series must have the same number of outputs.")
    return ys


#: Appended to the target-shape errors of a panel: one target per series
#: (ReservoirPy's sequence-to-vector) is what those shapes usually mean.
_ONE_TARGET_PER_SERIES = (
    " For one target per series (sequence-to-vector), pass it to a model of whole "
    "series: make_pipeline(ESNTransformer(representation='last'), RidgeReadout()) for "
    "values, ESNClassifier for labels (an array of shape (n_series,))."
)


#: The same for a classifier (ESNClassifier names itself in the other hint).
_LABELS_PER_SERIES = (
    " For one label per series, pass an array of shape (n_series,); for several labels "
    "per series (multilabel indicators, one column per label), fit a classifier per "
    "column: MultiOutputClassifier(ESNClassifier(...)) or "
    "OneVsRestClassifier(ESNClassifier(...)) of sklearn.multioutput and sklearn.multiclass."
)


def join_words(words, conjunction):
    """``a``, ``a or b``, ``a, b or c``: words of a message."""
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1] if len(words) > 1 else words[0]


def restore_layout(arrays, layout):
    """Give a list of per-series outputs the structure of the input."""
    if layout.kind == "series":
        return arrays[0]
    if layout.kind == "array":
        return array_namespace(arrays[0]).stack(arrays)
    return list(arrays)


def physical_memory():
    """Bytes of physical memory of this machine, or None where the system does not say."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # pragma: no cover - not POSIX
        return None


def check_int(value, name, minimum=1, hint=None):
    """Return ``value`` as an int >= ``minimum``; refuse bools, floats and strings by name.

    ``True`` is an ``Integral`` to Python, but as a count it is a mistake
    (numpy then fails on it with "expected a sequence of integers"). A
    ``hint`` (what the value means) goes in brackets after the rule.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        meaning = f" ({hint})" if hint else ""
        raise ValueError(f"{name} must be an int >= {minimum}{meaning}, got {value!r}.")
    return int(value)


def check_series_list(X, name, ensure_finite=True):
    """A list of float 2D arrays from a list of 2D array-likes or a 3D array, checked.

    For the public functions that take per-series arrays (states, features)
    without an estimator: one 2D array is refused with the fix (a list of
    one series), as is a ragged, empty or non-numeric input.
    """
    if sp.issparse(X) or X is None:
        raise TypeError(
            f"{name} must be a list of 2D arrays (n_timesteps_i, n_features), one per "
            f"series, or a 3D array (n_series, n_timesteps, n_features); got "
            f"{type(X).__name__}."
        )
    if not isinstance(X, (list, tuple)):
        ndim = _safe_ndim(X)
        if ndim != 3:
            got = "a ragged sequence" if ndim is None else f"a {ndim}D array"
            hint = f" (one series: pass [{name}])" if ndim == 2 else ""
            raise ValueError(
                f"{name} must be a list of 2D arrays (n_timesteps_i, n_features), one "
                f"per series, or a 3D array (n_series, n_timesteps, n_features); got "
                f"{got}{hint}."
            )
        X = list(np.asarray(X))
    if len(X) == 0:
        raise ValueError(f"{name} is empty; pass at least one series.")
    _check_panel_series(X, name)
    for i, x in enumerate(X):
        kind = np.asarray(x).dtype.kind
        if kind not in "biuf":
            raise ValueError(
                f"{name}[{i}] must hold real numbers, got values of dtype "
                f"{np.asarray(x).dtype}; convert it to floats."
            )
    return [check_array(x, dtype=FLOAT_DTYPES, ensure_all_finite=ensure_finite,
                        input_name=name) for x in X]


def check_sparse_indices(matrix, name):
    """Refuse a scipy sparse ``matrix`` whose index arrays do not fit its shape, by ``name``.

    scipy checks the index arrays when a matrix is built, not after they
    are changed in place (or for a matrix built with ``copy=False`` from
    arrays changed later): an index past the shape was read outside the
    arrays by the compiled kernels and by scipy's own products, silently
    (a COO matrix's conversion to CSR even writes there). Dense inputs
    pass unchecked; the check reads the arrays once, O(nnz).
    """
    if not sp.issparse(matrix):
        return
    try:
        if matrix.format in ("csr", "csc", "bsr"):
            # on a view of the same arrays: the check may retype the index arrays
            view = type(matrix)((matrix.data, matrix.indices, matrix.indptr),
                                shape=matrix.shape, copy=False)
            view.check_format(full_check=True)
        elif matrix.format == "coo":
            for axis, coords in enumerate((matrix.row, matrix.col)):
                if len(coords) and (coords.min() < 0 or coords.max() >= matrix.shape[axis]):
                    raise ValueError(
                        f"{('row', 'column')[axis]} indices must lie in [0, "
                        f"{matrix.shape[axis]})"
                    )
    except ValueError as error:
        raise ValueError(
            f"{name} is a sparse matrix whose index arrays do not fit its shape "
            f"{matrix.shape} ({error}); build it again from its entries, for example "
            "scipy.sparse.csr_matrix((data, (rows, cols)), shape=...), which checks them."
        ) from None


def check_option(value, name, options):
    """Refuse a ``value`` of ``name`` that is not one of the strings ``options``."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(
            f"Unknown {name} {value!r}. Expected one of: {', '.join(map(repr, options))}."
        )


def check_pooling(pooling, washout, lengths, thresholds=None, n_columns=None):
    """The arguments of ``run_pooled`` (and ``pool_states``): a pooling it knows and a
    ``washout`` that leaves a row in every series of ``lengths``.

    The compiled kernel divides by ``length - washout``: a washout of a whole
    series or more gave NaN or a mean with its sign flipped, a negative one
    a mean over more rows than there are, and a misspelt pooling the mean.
    ``thresholds`` (a host array), only with ``"pooled"``: finite, of shape
    (n_thresholds, ``n_columns``), one level per output column.
    """
    check_option(pooling, "pooling", ("last", "mean", "pooled"))
    check_washout(washout, lengths)
    if thresholds is None:
        return
    if pooling != "pooled":
        raise ValueError(f"thresholds are levels of pooling='pooled' (the proportions of "
                         f"the states above them); got pooling={pooling!r}.")
    thresholds = np.asarray(thresholds)
    if (thresholds.ndim != 2 or thresholds.shape[1] != n_columns
            or not np.all(np.isfinite(thresholds))):
        raise ValueError(
            f"thresholds must be a finite array of shape (n_thresholds, {n_columns}), one "
            f"threshold per unit, got shape {thresholds.shape}."
        )


def refuse_class(value, name):
    """Refuse a part given as a class (``readout=RidgeReadout``) by ``name``, with the
    call to write (scikit-learn's clone said "Cannot clone object. You should provide an
    instance of scikit-learn estimator instead of a class", naming neither)."""
    if isinstance(value, type):
        raise TypeError(
            f"{name} must be an instance, got the class {value.__name__}: pass "
            f"{value.__name__}() (its parameters in the call: {value.__name__}(...))."
        )


def check_part(value, name, methods, example):
    """Refuse a part (``reservoir``, ``classifier``) without the ``methods`` it is used
    through, by ``name`` (scikit-learn's clone said "Cannot clone object 'ridge'")."""
    refuse_class(value, name)
    if not all(callable(getattr(value, method, None)) for method in methods):
        raise TypeError(
            f"{name} must be an estimator with {' and '.join(methods)} methods, for "
            f"example {example}; got {value!r}."
        )


def check_washout(washout, lengths, name="washout"):
    """Check that ``washout`` leaves at least one time step in every series."""
    if not isinstance(washout, numbers.Integral) or washout < 0:
        raise ValueError(f"{name} must be a non-negative int, got {washout!r}.")
    shortest = min(lengths)
    if washout >= shortest:
        short = [i for i, n in enumerate(lengths) if n <= washout]
        which = f" (too short: {series_at(short)})" if len(lengths) > 1 else ""
        raise ValueError(
            f"{name}={washout} must be smaller than the length of every series, "
            f"but the shortest series has {shortest} time "
            f"{'step (1 sample)' if shortest == 1 else 'steps'}{which}. Lower {name}, "
            "or leave the short series out or pass longer ones."
        )


def series_at(positions, shown=5):
    """``"1 series, at position 5"`` / ``"3 series, at positions 1, 2, 5"``: which
    series of a panel a message is about (the first ``shown`` positions)."""
    positions = [int(i) for i in positions]
    named = ", ".join(map(str, positions[:shown])) + (", ..." if len(positions) > shown else "")
    return f"{len(positions)} series, at position{'s' if len(positions) > 1 else ''} {named}"


def _series_weights_message(sample_weight, parts, layout):
    """What is wrong with a ``sample_weight`` of another structure than X's, and the fix."""
    lengths = list(layout.lengths)
    if not layout.is_panel:
        return (f"sample_weight must hold one weight per time step, with the structure "
                f"of X: shape ({lengths[0]},), got shape {parts[0].shape}.")
    equal = len(set(lengths)) == 1
    expected = (f"shape ({len(lengths)}, {lengths[0]}) (n_series, n_timesteps) or a list "
                "of 1D arrays" if equal else f"a list of 1D arrays of lengths {lengths[:5]}"
                + ("..." if len(lengths) > 5 else ""))
    given = (f"shape {np.shape(sample_weight)}" if not isinstance(sample_weight, (list, tuple))
             else f"a list of shapes {[w.shape for w in parts][:5]}")
    size = sum(w.size for w in parts)
    # (a ragged list has no np.ndim: the weights of several series, in parts already)
    flat = not isinstance(sample_weight, (list, tuple)) and np.ndim(sample_weight) == 1
    hint = ""
    if isinstance(sample_weight, (list, tuple)) and sorted(w.size for w in parts) == sorted(
            lengths) and [w.size for w in parts] != lengths:
        hint = (" Its arrays have the series' lengths in another order: give them in "
                "the order of the series of X.")
    elif size == sum(lengths) and (flat or np.ndim(parts[0]) == 0):
        hint = (" It holds one weight per time step of all series together: split it "
                "by series, np.split(sample_weight, np.cumsum(lengths)[:-1]) with the "
                "series' lengths.")
    elif size == len(lengths) and (flat or np.ndim(parts[0]) == 0):
        hint = (" It holds one weight per series: repeat each over its series' steps, "
                "[np.full(len(x), w) for x, w in zip(X, sample_weight)].")
    return (f"sample_weight must hold one weight per time step, with the structure of X "
            f"({len(lengths)} series): {expected}; got {given}.{hint}")


def series_weights(sample_weight, layout, all_zero=False):
    """``sample_weight`` as one float64 host array per series, with the layout of ``X``.

    One weight per time step: shape (n_timesteps,) for a series, (n_series,
    n_timesteps) or a list of 1D arrays for a panel; or one number, the weight
    of every step (as scikit-learn's ``Ridge`` takes it). Weights all 0 raise,
    unless ``all_zero`` (a chunk of a stream: nothing learnt from it).
    """
    try:
        if isinstance(sample_weight, numbers.Real):  # (np.ndim calls what it is given)
            value = float(sample_weight)
            parts = [np.full(n, value) for n in layout.lengths]
        elif layout.is_panel and isinstance(sample_weight, (list, tuple)):
            parts = [np.asarray(w, dtype=np.float64) for w in sample_weight]
        else:
            values = np.asarray(sample_weight, dtype=np.float64)
            parts = list(values) if layout.is_panel else [values]
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"sample_weight must hold numbers, one weight per time step with the structure "
            f"of X; got {type(sample_weight).__name__} {str(sample_weight)[:40]!r} "
            f"({error})."
        ) from None
    if len(parts) != len(layout.lengths) or any(
            w.shape != (n,) for w, n in zip(parts, layout.lengths)):
        raise ValueError(_series_weights_message(sample_weight, parts, layout))
    if any(not np.all(np.isfinite(w)) or np.any(w < 0) for w in parts):
        raise ValueError("sample_weight must be finite and >= 0.")
    if not all_zero and not any(np.any(w > 0) for w in parts):
        raise ValueError("sample_weight is all zero: at least one weight must be positive.")
    return parts


def missing_labels_error(count, first, owner, source="y"):
    """The ValueError of ``count`` missing labels (NaN or None), the first at position
    ``first`` of ``source.ravel()``."""
    return ValueError(
        f"{source} passed to {owner} has {count} missing label(s) (NaN or None; the first "
        f"at position {first} of {source}.ravel()): every series or time step it trains "
        "on needs a class. Drop them with their rows of X, or give them a class of their "
        "own (for example 'unknown')."
    )


def check_label_values(labels, owner, source="y"):
    """The classes of ``labels`` (on the host); a ValueError naming ``source`` for a
    missing label (NaN or None) and for labels of types that cannot be ordered.

    A missing label was said as "mixes labels of types ['float', 'str']" (whose fix,
    ``astype(str)``, made it a class "nan"), or as scikit-learn's "Input contains NaN".
    """
    labels = np.asarray(labels)
    flat = labels.ravel()
    if flat.dtype.kind == "f":
        missing = np.flatnonzero(np.isnan(flat))
    elif flat.dtype.kind == "O":
        missing = [i for i, label in enumerate(flat.tolist())
                   if label is None or (isinstance(label, float) and label != label)]
    else:
        missing = []
    if len(missing):
        raise missing_labels_error(len(missing), int(missing[0]), owner, source)
    try:
        return np.unique(labels)
    except TypeError:  # numpy cannot sort labels of mixed types (str and int)
        kinds = sorted({type(label).__name__ for label in flat.tolist()})
        raise ValueError(
            f"{source} passed to {owner} mixes labels of types {kinds}, which cannot be "
            "ordered; give labels of one type, for example all strings "
            f"({source}.astype(str)) or all ints."
        ) from None


def check_label_type(labels):
    """scikit-learn's ``check_classification_targets``, without numpy's "invalid value
    encountered in cast" RuntimeWarning that its integer test gives on inf (its
    ValueError says what is wrong)."""
    with np.errstate(invalid="ignore"):
        check_classification_targets(labels)


def check_two_classes(labels, owner, source="y"):
    """Refuse labels of fewer than two classes, as scikit-learn's classifiers do.

    ``labels`` (on the host) are the labels of ``y`` (``source="y"``, fit) or the
    ``classes`` given to the first ``partial_fit`` (``source="classes"``).
    A classifier fitted on one class would predict it whatever the input.
    """
    classes = check_label_values(labels, owner, source)
    if source == "y":  # "Unknown label type: continuous", as scikit-learn's classifiers say
        check_label_type(np.asarray(labels).ravel())
    if len(classes) >= 2:
        return
    if source == "y":
        raise ValueError(
            f"{owner} needs samples of at least 2 classes in the data, but y contains "
            f"only one class: {classes.tolist()}. A classifier learns to tell classes "
            "apart: fit it on data whose labels (per series or per time step) hold two "
            "classes or more."
        )
    raise ValueError(
        f"{owner} needs at least 2 classes, but the classes passed to the first "
        f"partial_fit hold {len(classes)}: {classes.tolist()}. Pass every class the "
        "stream will hold (two or more) in classes on the first call."
    )


def first_call_classes(estimator, classes, owner, source="classes"):
    """scikit-learn's ``_check_partial_fit_first_call``, refusing one class first.

    On a first call (``classes`` given, ``estimator`` without ``classes_``)
    the classes pass :func:`check_two_classes` (``source`` as there), then
    ``classes_`` is set; returns whether this was the first call.
    """
    from skreservoir._sklearn_compat import _check_partial_fit_first_call

    if classes is not None and not hasattr(estimator, "classes_"):
        check_two_classes(classes, owner, source)
    return _check_partial_fit_first_call(estimator, classes)


def replay_warnings(caught, said=None):
    """Warn again the warnings ``caught`` (``warnings.catch_warnings(record=True)``), each
    text once: not those whose ``(category, text)`` is in ``said``.

    Each keeps the category and the place it was given (the caller's line,
    where :func:`user_stacklevel` put it). Returns ``said`` with the texts
    warned, so that later replays stay silent on them: a step repeated for
    several candidates or members says once what they all say.
    """
    said = set() if said is None else said
    for w in caught:
        key = (w.category, str(w.message))
        if key not in said:
            said.add(key)
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return said


def user_stacklevel():
    """The ``stacklevel`` of a warning raised here that points at the first caller
    outside skreservoir and the libraries that call it on a user's behalf:
    scikit-learn (whose ``fit`` wrapper calls ``fit``; its searches and
    pipelines), joblib (a pipeline's cached steps, parallel folds), sktime
    (whose ``fit`` calls ``_fit``) and hyperopt (whose ``fmin`` calls the
    objective of :class:`~skreservoir.model_selection.HyperoptSearchCV`):
    those imported (a library not imported has no frame on the stack)."""
    packages = tuple(
        os.path.dirname(os.path.abspath(sys.modules[name].__file__)) + os.sep
        for name in ("skreservoir", "sklearn", "joblib", "sktime", "hyperopt")
        if name in sys.modules
    )
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(packages):
        frame, level = frame.f_back, level + 1
    return level


def fill_missing_targets(y, X=None):
    """``y`` with NaN targets set to 0, and the NaN masks (None when nothing is missing).

    The masks keep the structure of ``y`` (an array, or a list of arrays,
    one per series; a list ``y`` with a 2D ``X``, one series, is one
    array).
    """
    if y is None:
        return y, None
    kind = getattr(getattr(X, "dtype", None), "kind", None)
    one_series = (X is not None and not isinstance(X, (list, tuple)) and kind != "O"
                  and getattr(X, "ndim", None) == 2)
    # a list of numbers is one series' targets (y.tolist()), not a list of series
    scalars = isinstance(y, (list, tuple)) and all(np.ndim(t) == 0 for t in y)
    if isinstance(y, (list, tuple)) and not one_series and not scalars:
        parts = [np.asarray(to_host(t)) for t in y]
        if not all(p.dtype.kind == "f" for p in parts):
            return y, None
        masks = [np.isnan(p) for p in parts]
        if not any(m.any() for m in masks):
            return y, None
        return [np.where(m, 0.0, p) for p, m in zip(parts, masks)], masks
    try:
        values = np.asarray(to_host(y)) if not hasattr(y, "iloc") else y.to_numpy()
    except ValueError:  # ragged: the validation says what is wrong
        return y, None
    if values.dtype.kind != "f":
        return y, None
    mask = np.isnan(values)
    if not mask.any():
        return y, None
    return np.where(mask, 0.0, values), mask


def kept_rows(missing, layout):
    """Per series, 1.0 for a time step with every target present, else 0.0."""
    if isinstance(missing, list):
        parts = missing
    elif layout.is_panel:
        parts = list(missing)
    else:
        parts = [missing]
    return [np.where(m.reshape(m.shape[0], -1).any(axis=1), 0.0, 1.0) for m in parts]


def no_target_left(skip, weighted, missing=True):
    """The ValueError of a fit whose every row after the washout (``skip`` rows per series)
    has a NaN target (``missing``) or, ``weighted``, a weight of 0."""
    if missing and weighted:  # which of the two is not known (a dask fit's sums)
        return ValueError(
            f"y has no target left to train on: every time step after the washout "
            f"({skip} rows per series) has a NaN target or a weight of 0, and such a row "
            "is left out of training. Pass finite targets with positive weights for some "
            "of those steps, or a smaller washout."
        )
    if missing:
        return ValueError(
            f"y has no target left to train on: every time step after the washout "
            f"({skip} rows per series) has a NaN target, and a NaN target is left out of "
            "training. Pass finite targets for some of those steps, or a smaller washout."
        )
    return ValueError(
        f"sample_weight leaves nothing to train on: every time step after the washout "
        f"({skip} rows per series) has a weight of 0, and a row of weight 0 trains "
        "nothing. Give some of those steps a positive weight, or a smaller washout."
    )


def missing_target_weights(weights, missing, layout, skip, required=True):
    """Per-series weights of the rows to train on: ``weights`` (per series, or None for
    1.0) times 0 where a target is missing (``missing``, the masks of
    :func:`fill_missing_targets`; None: ``weights`` as they are). Where ``required`` and
    no row after the first ``skip`` of any series has a target and a positive weight, a
    ValueError that says so (a fit must not return unfitted, or with the weights of an
    earlier fit)."""
    combined = weights
    if missing is not None:
        kept = kept_rows(missing, layout)
        combined = kept if weights is None else [w * k for w, k in zip(weights, kept)]
    if required and combined is not None and not any(c[skip:].any() for c in combined):
        # else said "sample_weight is all zero" (the weights the NaN targets give), or
        # a readout's solve failed on rows of weight 0 only
        raise no_target_left(skip, weights is not None, missing is not None)
    return combined


def scored_weights(sample_weight, missing, layout, skip):
    """The weights of the rows a ``score`` scores, every series' after its first ``skip``,
    concatenated: ``sample_weight`` (per series, :func:`series_weights`) times 0 where a
    target is missing (``missing``, the masks of :func:`fill_missing_targets`); None
    when neither is given. Raises where no scored row keeps a weight."""
    weights = None if sample_weight is None else series_weights(to_host(sample_weight), layout)
    # rows with a NaN target are not scored, as in fit
    weights = missing_target_weights(weights, missing, layout, skip, required=False)
    if weights is None:
        return None
    weights = np.concatenate([w[skip:] for w in weights])
    if not weights.any():
        raise ValueError(
            "No scored row of y has a target: every target after the washout is NaN (or "
            "has weight 0). Score on series with targets."
        )
    return weights
