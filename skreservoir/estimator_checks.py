"""The scikit-learn estimator checks that skreservoir's estimators fail by design, and why.

scikit-learn's :func:`~sklearn.utils.estimator_checks.check_estimator` and
:func:`~sklearn.utils.estimator_checks.parametrize_with_checks` treat the rows
of ``X`` as independent samples. An echo state network reads the rows of a
2D ``X`` as the consecutive time steps of one series: the reservoir state
carries every row into the next, so reordering or subsetting the rows
changes the outputs, and a weight cannot stand for a repeated or removed
row. :func:`expected_failed_checks` names those checks for an estimator, with
the reason, in the form both functions take as ``expected_failed_checks``;
the package's own test suite runs every other check on every public
estimator.
"""

#: Estimators whose rows are time steps of one series.
_STATEFUL = frozenset({
    "Reservoir", "IPReservoir", "ReservoirStack", "NVAR", "ESNRegressor", "ESNClassifier",
    "ESGPRegressor", "ESGPClassifier", "GatedReservoir", "ES2NReservoir", "LIFReservoir",
    "LocalPlasticityReservoir",
})

_TIME_STEP_REASON = (
    "rows are consecutive time steps: the reservoir state carries earlier rows "
    "into later ones, so outputs depend on row order and on the rows before"
)

_CARRIED = ("a weight cannot stand for a removed or repeated time step: the reservoir "
            "state carries every row into the next")

_WEIGHT_REASONS = {
    "ESNRegressor": _CARRIED,
    "ESNClassifier": _CARRIED,
    "LMSReadout": "LMS is a stochastic gradient over the rows in order: a weight of 2 is "
                  "one step twice as long, not two steps",
    "RidgeReadoutClassifier": "the readout solves the normal equations of its features "
                              "(accumulated for streams and panels), here 30 x 30 from "
                              "15 rows at alpha=1e-6, ill-conditioned: weighted and "
                              "repeated rows give decision values 2.8e-9 apart, above "
                              "the check's atol of 1e-9 (RidgeClassifier solves the "
                              "15-row system in its dual form: 1.6e-15)",
}


def expected_failed_checks(estimator):
    """The scikit-learn estimator checks ``estimator`` fails by design, with the reasons.

    Parameters
    ----------
    estimator : estimator instance
        An estimator of skreservoir (a subclass counts as its first
        skreservoir base), or a :class:`~sklearn.pipeline.Pipeline` (the
        checks its steps fail); any other gets an empty dict.

    Returns
    -------
    dict
        ``{check name: reason}``, as
        :func:`~sklearn.utils.estimator_checks.check_estimator` and
        :func:`~sklearn.utils.estimator_checks.parametrize_with_checks` take
        it (``expected_failed_checks=``): the row-order and row-subset checks
        for the estimators that read rows as time steps, and the
        sample-weight equivalence check where a weight is not a repeated row.

    Examples
    --------
    >>> from sklearn.utils.estimator_checks import check_estimator
    >>> from skreservoir import Reservoir, RidgeReadout
    >>> from skreservoir.estimator_checks import expected_failed_checks
    >>> sorted(expected_failed_checks(Reservoir(n_units=30, random_state=0)))
    ['check_methods_sample_order_invariance', 'check_methods_subset_invariance']
    >>> expected_failed_checks(RidgeReadout())
    {}
    >>> results = check_estimator(Reservoir(n_units=30, random_state=0),
    ...                           expected_failed_checks=expected_failed_checks(
    ...                               Reservoir(n_units=30, random_state=0)),
    ...                           on_fail=None)
    >>> "failed" in {r["status"] for r in results}
    False
    """
    steps = getattr(estimator, "steps", None)
    if isinstance(steps, list):  # a Pipeline: the checks its steps fail, it fails
        expected = {}
        for step in steps:
            part = step[-1] if isinstance(step, tuple) else step
            if hasattr(part, "get_params"):
                expected.update(expected_failed_checks(part))
                if _skips_missing_targets(part):
                    expected["check_supervised_y_no_nan"] = _MISSING_TARGET_REASON
        return expected
    # the estimator's own class, or the first of skreservoir's it derives from
    name = next((cls.__name__ for cls in type(estimator).__mro__
                 if cls.__module__.startswith("skreservoir.")), None)
    expected = {}
    if name in _STATEFUL:
        expected["check_methods_sample_order_invariance"] = _TIME_STEP_REASON
        expected["check_methods_subset_invariance"] = _TIME_STEP_REASON
    if name in _WEIGHT_REASONS:
        expected["check_sample_weight_equivalence_on_dense_data"] = _WEIGHT_REASONS[name]
    readout = getattr(estimator, "readout", None)
    if name == "ESNRegressor" and any(cls.__name__ == "LMSReadout"
                                      for cls in type(readout).__mro__):
        expected["check_regressors_train"] = (
            "LMS takes one gradient step per row, its rate bounded for stability: on the "
            "reservoir states of the check's 200 rows one pass leaves it short of the R^2 "
            "of 0.5 asked (ForceReadout, recursive least squares, reaches it in one pass)")
    return expected

_MISSING_TARGET_REASON = (
    "a NaN target is a missing one that the estimator leaves out of training (as "
    "ReservoirPy's online nodes do), and y of NaN only is refused with the estimator's "
    "own message, not scikit-learn's 'Input y contains NaN', which the check asks of a "
    "scikit-learn Pipeline"
)


def _skips_missing_targets(estimator):
    """Whether ``estimator`` (a Pipeline's step) is one of skreservoir's regressors, which
    leave NaN targets out of training."""
    return any(cls.__name__ in ("ESNRegressor", "RidgeReadout", "ForceReadout",
                                "LMSReadout")
               and cls.__module__.startswith("skreservoir.")
               for cls in type(estimator).__mro__)
