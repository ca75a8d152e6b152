"""Bad-input battery: every bad input raises (or warns) naming it and the fix."""

import numpy as np
import pytest

from skreservoir import datasets

# --- dataset generators -----------------------------------------------------

DATASET_CASES = [
    # (generator call, expected message): each names the parameter and what to do
    pytest.param(lambda: datasets.mackey_glass(50, x0=np.nan),
                 r"x0 must be a finite number, got nan", id="mackey_glass-x0-nan"),
    pytest.param(lambda: datasets.mackey_glass(50, a=np.inf),
                 r"a must be a finite number, got inf", id="mackey_glass-a-inf"),
    pytest.param(lambda: datasets.mackey_glass(50, tau=np.nan),
                 r"tau must be a finite number > 0", id="mackey_glass-tau-nan"),
    pytest.param(lambda: datasets.mackey_glass(50, history=np.full(17, np.nan)),
                 r"history must hold finite numbers", id="mackey_glass-history-nan"),
    pytest.param(lambda: datasets.mackey_glass(200, n=9.5, x0=-1.0),
                 r"mackey_glass series diverges .* n=9.5, x0=-1.0.*change these parameters",
                 id="mackey_glass-diverges"),
    pytest.param(lambda: datasets.henon_map(100, a=5),
                 r"Hénon orbit .* diverges .* a=5.0, b=0.3\. Change a or b",
                 id="henon-a-5"),
    pytest.param(lambda: datasets.henon_map(10, b=np.nan),
                 r"b must be a finite number, got nan", id="henon-b-nan"),
    pytest.param(lambda: datasets.henon_map(10, x0=(np.inf, 0.0)),
                 r"x0 must hold finite numbers", id="henon-x0-inf"),
    pytest.param(lambda: datasets.logistic_map(10, r=5),
                 r"r must be a number in \[0, 4\], got 5: outside it the map leaves",
                 id="logistic-r-5"),
    pytest.param(lambda: datasets.logistic_map(10, r=np.nan),
                 r"r must be a number in \[0, 4\], got nan", id="logistic-r-nan"),
    pytest.param(lambda: datasets.logistic_map(10, x0=np.nan),
                 r"x0 must be in the open interval \(0, 1\)", id="logistic-x0-nan"),
    pytest.param(lambda: datasets.narma(20, u=np.full(20, 5.0)),
                 r"u must lie in \[0, 0.5\].*Rescale it", id="narma-u-5"),
    pytest.param(lambda: datasets.narma(20, u=np.full(20, np.nan)),
                 r"u must hold finite numbers", id="narma-u-nan"),
    pytest.param(lambda: datasets.narma(200, a2=5.0),
                 r"narma series diverges .* a2=5.0.*change these parameters",
                 id="narma-a2-diverges"),
    pytest.param(lambda: datasets.narma(20, c=np.inf),
                 r"c must be a finite number, got inf", id="narma-c-inf"),
    pytest.param(lambda: datasets.lorenz(10, rho=np.inf),
                 r"rho must be a finite number, got inf", id="lorenz-rho-inf"),
    pytest.param(lambda: datasets.lorenz(10, x0=(np.nan, 1.0, 1.0)),
                 r"x0 must hold finite numbers", id="lorenz-x0-nan"),
    pytest.param(lambda: datasets.lorenz(10, h=np.inf),
                 r"h must be a finite number > 0, got inf", id="lorenz-h-inf"),
    pytest.param(lambda: datasets.lorenz(10, rtol=0.0),
                 r"rtol must be a finite number > 0", id="lorenz-rtol-0"),
    pytest.param(lambda: datasets.rossler(10, c=np.nan),
                 r"c must be a finite number, got nan", id="rossler-c-nan"),
    pytest.param(lambda: datasets.double_scroll(10, r1=0.0),
                 r"r1 must be a finite number > 0, got 0.0", id="double_scroll-r1-0"),
    pytest.param(lambda: datasets.multiscroll(10, a=np.nan),
                 r"a must be a finite number, got nan", id="multiscroll-a-nan"),
    pytest.param(lambda: datasets.to_forecasting(np.array([1.0, np.nan, 2.0, 3.0])),
                 r"series holds NaN or inf; fill or drop", id="to_forecasting-nan"),
    pytest.param(lambda: datasets.to_forecasting([np.ones((5, 1)), np.full((5, 1), np.inf)]),
                 r"series\[1\] holds NaN or inf", id="to_forecasting-panel-inf"),
    pytest.param(lambda: datasets.to_forecasting(np.array(["a", "b", "c"])),
                 r"series must hold numbers, got an array of dtype <U1",
                 id="to_forecasting-strings"),
]


@pytest.mark.parametrize("call, message", DATASET_CASES)
def test_dataset_bad_parameters(call, message):
    """Check that a generator rejects a non-finite or out-of-domain parameter, naming it."""
    with pytest.raises(ValueError, match=message):
        call()


def test_ode_divergence_is_reported():
    """Check that an ODE integration that blows up raises naming the parameters, no NaN."""
    with pytest.raises(ValueError, match=r"rossler integration .* a=-1.0, b=-1.0, c=1.0.*"
                                          "change these parameters"):
        datasets.rossler(200, a=-1.0, b=-1.0, c=1.0)


# --- metrics ----------------------------------------------------------------


@pytest.mark.parametrize("normalization, power", [("std", 0), ("range", 0), ("var", 1)])
@pytest.mark.parametrize("factor", [1e300, 1e-300])
def test_nrmse_extreme_magnitudes(normalization, power, factor):
    """Check that nrmse of huge or tiny values is finite and equals the unscaled one."""
    from numpy.testing import assert_allclose

    from skreservoir.metrics import nrmse

    rng = np.random.default_rng(0)
    y_true = rng.normal(size=(50, 2))
    y_pred = y_true + 0.1 * rng.normal(size=(50, 2))
    expected = nrmse(y_true, y_pred, normalization=normalization, multioutput="raw_values")
    with np.errstate(all="raise"):
        got = nrmse(y_true * factor, y_pred * factor, normalization=normalization,
                    multioutput="raw_values")
    # the variance normaliser carries one more power of the scale
    assert_allclose(got * factor**power, expected, rtol=1e-12)


@pytest.mark.parametrize("y_true, y_pred, message", [
    pytest.param([1.0, 2.0, np.inf], [1.0, 2.0, 3.0], "Input y_true contains infinity",
                 id="y_true-inf"),
    pytest.param([1.0, 2.0, 3.0], [1.0, np.nan, 3.0], "Input y_pred contains NaN",
                 id="y_pred-nan"),
    pytest.param(np.ones((3, 2)), np.ones((3, 3)),
                 r"y_true has 2 output\(s\) but y_pred has 3; pass predictions",
                 id="outputs-mismatch"),
])
def test_nrmse_bad_targets(y_true, y_pred, message):
    """Check that non-finite or mismatched targets raise naming y_true or y_pred."""
    from skreservoir.metrics import nrmse

    with pytest.raises(ValueError, match=message):
        nrmse(y_true, y_pred)


def test_memory_capacity_bad_alpha_and_diverging_reservoir():
    """Check memory_capacity's alpha check and its report of a diverging reservoir."""
    from sklearn.preprocessing import FunctionTransformer

    from skreservoir.metrics import memory_capacity

    with pytest.raises(ValueError, match="alpha must be a finite number >= 0, got nan"):
        memory_capacity(FunctionTransformer(), alpha=np.nan)
    exploding = FunctionTransformer(lambda u: np.full((u.shape[0], 3), np.inf))
    with pytest.raises(ValueError, match="NaN or inf states.*Lower its spectral_radius"):
        memory_capacity(exploding, random_state=0)
