"""Tests of the gated reservoirs trained by backpropagation through time (ESGP)."""

import pickle
import warnings

import numpy as np
import pytest
from array_api_compat import array_namespace
from numpy.testing import assert_allclose
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from test_backend import xp  # noqa: F401  (the fixture: numpy, array_api_strict, cupy)

from skreservoir import ESGPClassifier, ESGPRegressor, GatedReservoir, Reservoir, RidgeReadout
from skreservoir._backend import NUMPY, to_host
from skreservoir.datasets import adding_problem, copy_task, delayed_response
from skreservoir.esgp._bptt import Network, forward, loss_gradient


def _random_problem(rng, *, gate, representation, loss, padded, n_layers=2, gate_bias=False):
    """A small network, its parameters and a batch, all float64 numpy."""
    T, B, d, n, k = 6, 3, 2, 4, 3
    network = Network(
        [0.4 * rng.standard_normal((n, n)) for _ in range(n_layers)],
        gate=gate,
        leak_rate=0.6,
        gate_bias=gate_bias,
    )
    params = []
    for layer in range(n_layers):
        params.append(rng.standard_normal((n, d if layer == 0 else n)))
        if gate:
            params.append(rng.standard_normal((n, n)))
            if gate_bias:
                params.append(rng.standard_normal(n))
    params += [rng.standard_normal((k, n)), rng.standard_normal(k)]
    X = rng.standard_normal((T, B, d))
    valid = None
    if padded:
        lengths = np.array([6, 3, 5])
        valid = (np.arange(T)[:, None] < lengths[None, :]).astype(float)[:, :, None]
    shape = (T, B) if representation == "step" else (B,)
    if loss == "log":
        Y = np.eye(k)[rng.integers(0, k, shape)]
    else:
        Y = rng.standard_normal(shape + (k,))
    return network, params, X, Y, valid


@pytest.mark.parametrize("gate", ["bias", "no bias", "off"])
@pytest.mark.parametrize("representation", ["step", "last", "mean"])
@pytest.mark.parametrize("loss", ["squared", "log"])
@pytest.mark.parametrize("padded", [False, True])
def test_gradient_equals_finite_differences(gate, representation, loss, padded):
    """Check that every gradient block equals central finite differences (float64)."""
    rng = np.random.default_rng(0)
    network, params, X, Y, valid = _random_problem(
        rng,
        gate=gate != "off",
        gate_bias=gate == "bias",
        representation=representation,
        loss=loss,
        padded=padded,
    )

    def value(ps):
        return loss_gradient(
            NUMPY,
            network,
            ps,
            X,
            Y,
            valid=valid,
            representation=representation,
            loss=loss,
            alpha=0.3,
        )[0]

    _, grads = loss_gradient(
        NUMPY,
        network,
        params,
        X,
        Y,
        valid=valid,
        representation=representation,
        loss=loss,
        alpha=0.3,
    )
    assert len(grads) == len(params)
    eps = 1e-5
    for block, (p, g) in enumerate(zip(params, grads)):
        numeric = np.zeros_like(p)
        for index in np.ndindex(p.shape):
            plus = [q.copy() for q in params]
            minus = [q.copy() for q in params]
            plus[block][index] += eps
            minus[block][index] -= eps
            numeric[index] = (value(plus) - value(minus)) / (2 * eps)
        error = np.linalg.norm(numeric - g) / np.linalg.norm(numeric)
        assert error < 1e-6, f"block {block}: relative error {error:.2e}"


def test_gated_forward_equals_written_out_equation():
    """Check that the states of two stacked gated layers equal the equations in numpy."""
    rng = np.random.default_rng(1)
    network, params, X, _, _ = _random_problem(
        rng, gate=True, gate_bias=True, representation="step", loss="squared", padded=False
    )
    W_in0, W_gate0, b_gate0, W_in1, W_gate1, b_gate1 = params[:6]
    T, B = X.shape[:2]
    expected = np.zeros((T, B, 4))
    for b in range(B):
        h0, h1 = np.zeros(4), np.zeros(4)
        for t in range(T):
            c0 = np.tanh(W_in0 @ X[t, b] + network.recurrent[0] @ h0)
            g0 = 1 / (1 + np.exp(-(W_gate0 @ c0 + b_gate0)))
            h0 = g0 * c0 + (1 - g0) * h0
            c1 = np.tanh(W_in1 @ h0 + network.recurrent[1] @ h1)
            g1 = 1 / (1 + np.exp(-(W_gate1 @ c1 + b_gate1)))
            h1 = g1 * c1 + (1 - g1) * h1
            expected[t, b] = h1
    assert_allclose(forward(NUMPY, network, params, X), expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("leak_rate", [1.0, 0.3])
def test_without_gates_equals_reservoir(leak_rate):
    """Check that gates switched off, with the model's input weights, give Reservoir's states."""
    X, y = adding_problem(20, n_timesteps=15, random_state=0)
    model = ESGPRegressor(n_units=12, gate=False, leak_rate=leak_rate, max_iter=2, random_state=0)
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y)
    assert model.W_gate_ is None
    network = Network(model.W_, gate=False, leak_rate=leak_rate)
    states = forward(
        NUMPY, network, model.W_in_ + [model.coef_, model.intercept_], np.swapaxes(X, 0, 1)
    )
    reservoir = Reservoir(
        W=model.W_[0], W_in=model.W_in_[0], bias=np.zeros(12), leak_rate=leak_rate
    ).fit(X)
    assert_allclose(np.swapaxes(states, 0, 1), reservoir.transform(X), rtol=1e-12, atol=1e-13)


def test_padded_batch_equals_series_one_by_one():
    """Check that series of unequal lengths in one padded batch give each series' own loss."""
    rng = np.random.default_rng(2)
    network, params, X, Y, valid = _random_problem(
        rng, gate=True, gate_bias=True, representation="mean", loss="squared", padded=True
    )
    lengths = valid[:, :, 0].sum(axis=0).astype(int)
    total, grads = loss_gradient(
        NUMPY, network, params, X, Y, valid=valid, representation="mean", n_samples=1.0
    )
    parts = [
        loss_gradient(
            NUMPY, network, params, X[:n, [b]], Y[[b]], representation="mean", n_samples=1.0
        )
        for b, n in enumerate(lengths)
    ]
    assert_allclose(total, sum(p[0] for p in parts), rtol=1e-12)
    for i, g in enumerate(grads):
        assert_allclose(g, sum(p[1][i] for p in parts), rtol=1e-10, atol=1e-12)


def test_lbfgs_loss_decreases_monotonically():
    """Check that full-batch L-BFGS lowers the loss at every iteration."""
    X, y = adding_problem(100, n_timesteps=20, random_state=0)
    model = ESGPRegressor(n_units=16, solver="lbfgs", max_iter=25, random_state=0)
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y)
    curve = np.asarray(model.loss_curve_)
    assert len(curve) == model.n_iter_ > 10
    assert np.all(np.diff(curve) <= 0)
    assert curve[-1] < 0.5 * curve[0]


def test_adding_problem_learned_and_beats_mean():
    """Check that a small model learns a short adding problem (far below the mean's 0.167)."""
    X, y = adding_problem(700, n_timesteps=20, random_state=0)
    model = ESGPRegressor(n_units=30, random_state=0).fit(X[:600], y[:600])
    mse = np.mean((model.predict(X[600:]) - y[600:]) ** 2)
    assert mse < 0.02
    assert model.predict(X[600:]).shape == (100,)


def test_targets_per_series_2d_and_per_step():
    """Check the target layouts: (n_series, n_outputs) per series, the structure of X per step."""
    X, y = adding_problem(40, n_timesteps=10, random_state=0)
    two = np.column_stack([y, -y])
    model = ESGPRegressor(n_units=8, max_iter=3, random_state=0)
    with pytest.warns(ConvergenceWarning):
        model.fit(X, two)
    assert model.mode_ == "series" and model.predict(X).shape == (40, 2)
    steps = np.cumsum(X[..., 0] * X[..., 1], axis=1)  # per step: the running sum
    with pytest.warns(ConvergenceWarning):
        model.fit(X, steps)
    assert model.mode_ == "step" and model.predict(X).shape == (40, 10)
    ragged = [X[0, :7], X[1]]
    predictions = model.predict(ragged)
    assert [p.shape for p in predictions] == [(7,), (10,)]
    assert_allclose(predictions[0], model.predict(X[0, :7]), rtol=1e-12)
    assert_allclose(predictions[1], model.predict(X[1]), rtol=1e-12)


def test_mean_representation_on_a_ragged_panel():
    """Check that per-series predictions of a list panel equal those of each series alone."""
    X, y = delayed_response(60, n_timesteps=12, random_state=0)
    Xs = [x[: 8 + i % 5] for i, x in enumerate(X)]
    model = ESGPRegressor(n_units=10, representation="mean", max_iter=3, random_state=0)
    with pytest.warns(ConvergenceWarning):
        model.fit(Xs, y)
    together = model.predict(Xs[:4])
    alone = [model.predict([x])[0] for x in Xs[:4]]
    assert_allclose(together, alone, rtol=1e-12)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_classifier_per_series_and_per_step():
    """Check labels, probabilities and classes_ of the classifier in both modes."""
    rng = np.random.default_rng(0)
    t = np.linspace(0, 4 * np.pi, 25)
    X = np.stack([np.sin((1 + k % 3) * t + rng.uniform(0, 6))[:, None] for k in range(90)])
    y = np.array(["one", "two", "three"] * 30)
    clf = ESGPClassifier(n_units=20, random_state=0).fit(X[:60], y[:60])
    assert list(clf.classes_) == ["one", "three", "two"]
    assert clf.score(X[60:], y[60:]) > 0.8  # chance: 1/3
    proba = clf.predict_proba(X[60:])
    assert proba.shape == (30, 3)
    assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    assert np.array_equal(clf.classes_[proba.argmax(axis=1)], clf.predict(X[60:]))
    Xc, yc = copy_task(30, sequence_length=2, delay=1, n_symbols=3, random_state=0)
    step = ESGPClassifier(n_units=10, max_iter=2, random_state=0)
    with pytest.warns(ConvergenceWarning):
        step.fit(Xc, yc)
    assert step.mode_ == "step" and step.predict(Xc).shape == yc.shape


def test_partial_fit_is_one_pass():
    """Check that partial_fit runs one epoch of Adam steps and keeps the optimizer state."""
    X, y = adding_problem(50, n_timesteps=10, random_state=0)
    model = ESGPRegressor(n_units=8, batch_size=16, random_state=0)
    model.partial_fit(X, y).partial_fit(X, y)
    assert model.n_iter_ == 2 and model.t_ == 2 * 4
    clf = ESGPClassifier(n_units=8, random_state=0)
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        clf.partial_fit(X, (y > 1).astype(int))
    clf.partial_fit(X, (y > 1).astype(int), classes=[0, 1])
    assert list(clf.classes_) == [0, 1]
    with pytest.raises(ValueError, match="solver='adam'"):
        ESGPRegressor(solver="lbfgs").partial_fit(X, y)


def test_warm_start_continues_training():
    """Check that warm_start starts a second fit from the first one's weights."""
    X, y = adding_problem(60, n_timesteps=10, random_state=0)
    model = ESGPRegressor(n_units=8, max_iter=3, warm_start=True, random_state=0)
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y)
    first = list(model.loss_curve_)
    coef = model.coef_.copy()
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y)
    assert len(model.loss_curve_) == 6 and model.loss_curve_[3] < first[0]
    assert not np.array_equal(coef, model.coef_)


def test_early_stopping_keeps_the_best_validation_epoch():
    """Check early stopping: one score per epoch, best weights kept, a clear error on one series."""
    X, y = adding_problem(80, n_timesteps=10, random_state=0)
    model = ESGPRegressor(n_units=8, max_iter=5, early_stopping=True, random_state=0)
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y)
    assert len(model.validation_scores_) == 5
    assert model.best_validation_score_ == max(model.validation_scores_)
    with pytest.raises(ValueError, match="early_stopping holds out whole series"):
        ESGPRegressor(early_stopping=True).fit(X[0], np.arange(10.0))


def test_mode_mismatch_and_single_series_errors():
    """Check the errors that say what to pass."""
    X, y = adding_problem(20, n_timesteps=10, random_state=0)
    model = ESGPRegressor(n_units=10, random_state=0).partial_fit(X, y)
    with pytest.raises(ValueError, match="targets per series"):
        model.partial_fit(X, X[..., 0])
    with pytest.raises(ValueError, match="pass a panel"):
        model.predict(X[0])


@pytest.mark.parametrize("y_kind", ["complex", "string"])
def test_regressor_refuses_complex_and_string_targets(y_kind):
    """Check that complex or string targets per series raise naming y and the fix
    (complex ones used to lose their imaginary part with only a ComplexWarning)."""
    X, y = adding_problem(20, n_timesteps=10, random_state=0)
    bad = y + 1j if y_kind == "complex" else np.full(len(y), "a")
    with pytest.raises(ValueError, match="y must hold real numbers for ESGPRegressor.*dtype"):
        ESGPRegressor(n_units=10, max_iter=1, random_state=0).fit(X, bad)


def test_verbose_prints_each_epoch(capsys):
    """Check that verbose prints the loss of each epoch."""
    X, y = adding_problem(20, n_timesteps=10, random_state=0)
    with pytest.warns(ConvergenceWarning):
        ESGPRegressor(n_units=10, max_iter=2, verbose=1, random_state=0).fit(X, y)
    out = capsys.readouterr().out
    assert "Iteration 1, loss = " in out and "Iteration 2, loss = " in out


def test_float32_stays_float32():
    """Check that float32 input trains and predicts in float32, close to float64."""
    X, y = adding_problem(40, n_timesteps=10, random_state=0)
    params = dict(n_units=8, max_iter=2, shuffle=False, random_state=0)
    with pytest.warns(ConvergenceWarning):
        single = ESGPRegressor(**params).fit(X.astype(np.float32), y)
    with pytest.warns(ConvergenceWarning):
        double = ESGPRegressor(**params).fit(X, y)
    assert single.coef_.dtype == np.float32 and single.W_in_[0].dtype == np.float32
    assert single.predict(X.astype(np.float32)).dtype == np.float32
    assert_allclose(single.predict(X.astype(np.float32)), double.predict(X), atol=1e-4)


def test_backends_agree(xp):  # noqa: F811  (xp: the fixture of test_backend)
    """Check training in each namespace: the loss curve and predictions of numpy, output in xp."""
    X, y = adding_problem(40, n_timesteps=10, random_state=0)
    params = dict(n_units=8, max_iter=3, shuffle=False, random_state=0)
    with pytest.warns(ConvergenceWarning):
        reference = ESGPRegressor(**params).fit(X, y)
    with pytest.warns(ConvergenceWarning):
        model = ESGPRegressor(**params).fit(xp.asarray(X), xp.asarray(y))
    predicted = model.predict(xp.asarray(X))
    assert array_namespace(predicted).__name__.endswith(xp.__name__.split(".")[-1])
    assert_allclose(model.loss_curve_, reference.loss_curve_, rtol=1e-10)
    assert_allclose(to_host(predicted), reference.predict(X), rtol=1e-10, atol=1e-12)
    restored = pickle.loads(pickle.dumps(model))
    assert isinstance(restored.coef_, np.ndarray)
    assert_allclose(restored.predict(X), reference.predict(X), rtol=1e-10, atol=1e-12)


def test_datasets():
    """Check the sequence tasks: marked sums, recall labels, cue values."""
    X, y = adding_problem(50, n_timesteps=12, random_state=3)
    markers = X[..., 1]
    assert np.all(markers[:, :6].sum(axis=1) == 1) and np.all(markers[:, 6:].sum(axis=1) == 1)
    assert_allclose(y, (X[..., 0] * markers).sum(axis=1), rtol=1e-12)
    Xc, yc = copy_task(5, sequence_length=4, delay=3, n_symbols=5, random_state=0)
    assert Xc.shape == (5, 12, 7) and np.all(Xc.sum(axis=2) == 1)
    assert np.all(yc[:, :8] == 0)
    assert np.array_equal(yc[:, 8:], Xc[:, :4, :5].argmax(axis=2) + 1)
    Xd, yd = delayed_response(5, n_timesteps=9, cue_length=3, random_state=0)
    assert np.all(Xd[:, :3, 0] == yd[:, None]) and np.all(Xd[:, 3:, 0] == 0)
    with pytest.raises(ValueError, match="n_timesteps must be an int >= 2"):
        adding_problem(5, n_timesteps=1)


def test_gated_reservoir_gives_the_fitted_models_states():
    """Check that GatedReservoir's states, read by the model's output layer, give its predictions."""
    X, y = adding_problem(60, n_timesteps=12, random_state=0)
    model = ESGPRegressor(n_units=10, n_layers=2, max_iter=2, random_state=0)
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y)
    states = GatedReservoir(model).fit(X).transform(X)
    assert states.shape == (60, 12, 10)
    assert_allclose(
        states[:, -1] @ model.coef_[0] + model.intercept_[0], model.predict(X), rtol=1e-12
    )
    ragged = GatedReservoir(model).fit(X).transform([X[0, :5], X[1]])
    assert_allclose(ragged[0], states[0, :5], rtol=1e-12)
    with pytest.raises(ValueError, match="X has 3 features, but the fitted estimator expects 2"):
        GatedReservoir(model).fit(np.zeros((5, 3)))
    with pytest.raises(TypeError, match="estimator must be an ESGPRegressor or an ESGPClassifier"):
        GatedReservoir(RidgeReadout()).fit(X)


def test_gated_reservoir_trains_a_clone_with_targets():
    """Check that GatedReservoir trains a clone given y, and draws seeded weights without."""
    X, y = adding_problem(40, n_timesteps=10, random_state=0)
    template = ESGPRegressor(n_units=10, max_iter=2, random_state=0)
    with pytest.warns(ConvergenceWarning):
        trained = GatedReservoir(template).fit(X, y)
    assert not hasattr(template, "coef_") and len(trained.estimator_.loss_curve_) == 2
    with pytest.warns(ConvergenceWarning):
        direct = clone(template).fit(X, y)
    assert_allclose(trained.transform(X), GatedReservoir(direct).fit(X).transform(X), rtol=1e-12)
    drawn = GatedReservoir(random_state=3).fit(X).transform(X)
    assert_allclose(drawn, GatedReservoir(random_state=3).fit(X).transform(X), rtol=0)
    assert not np.allclose(drawn, GatedReservoir(random_state=4).fit(X).transform(X))


def test_classifier_refuses_a_single_class():
    """Check that ESGPClassifier.fit on one class, per series or per step, and a first
    partial_fit with classes of one raise a ValueError naming the class."""
    X = np.random.default_rng(0).uniform(size=(6, 10, 1))
    clf = ESGPClassifier(n_units=20, random_state=0)
    for y in (np.ones(6), np.ones((6, 10))):
        with pytest.raises(ValueError, match=r"at least 2 classes.*only one class: \[1.0\]"):
            clf.fit(X, y)
    with pytest.raises(ValueError, match=r"classes passed to the first partial_fit hold 1"):
        clf.partial_fit(X, np.ones(6), classes=[1.0])
    assert not hasattr(clf, "classes_")


@pytest.mark.parametrize("how", ["trained on y", "fitted estimator", "untrained"])
def test_gated_reservoir_checks_feature_names_and_sets_output(how):
    """Check that GatedReservoir fitted on a DataFrame records its columns and refuses
    them reordered (it gave other states, silently, and warned "fitted without feature
    names" on the very DataFrame of fit), names its outputs, and honours
    set_output(transform="pandas"), refusing a panel as the other transformers do."""
    import warnings

    import pandas as pd
    import sklearn

    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(100, 3)), columns=list("abc"))
    y = X["a"].to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = ESGPRegressor(12, max_iter=1, random_state=0)
        if how == "fitted estimator":
            gated = GatedReservoir(model.fit(X, y)).fit(X)
        else:
            gated = GatedReservoir(model).fit(X, y if how == "trained on y" else None)
    assert list(gated.feature_names_in_) == ["a", "b", "c"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        states = gated.transform(X)
    with pytest.raises(ValueError, match="same order"):
        gated.transform(X[["c", "b", "a"]])
    names = gated.get_feature_names_out()
    assert list(names[:2]) == ["gatedreservoir0", "gatedreservoir1"] and len(names) == 12
    with sklearn.config_context(transform_output="pandas"):
        frame = gated.transform(X)
        assert isinstance(frame, pd.DataFrame)
        assert list(frame.columns) == list(names)
        assert_allclose(frame.to_numpy(), states)
        with pytest.raises(ValueError, match="panel"):
            gated.transform(rng.normal(size=(2, 10, 3)))


def test_small_esgp_draws_again_a_nilpotent_recurrent_matrix():
    """Check that a small ESGP whose first recurrent draw is nilpotent (spectral radius 0:
    seeds 3, 4 and 9 of 0-19 at 10 units) draws again as Reservoir does, instead of
    failing with an error that named a W parameter ESGP does not have; and that a
    reservoir too sparse for any draw says what to change."""
    X, y = adding_problem(40, n_timesteps=8, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for seed in (3, 4, 9):
            model = ESGPRegressor(n_units=10, max_iter=2, random_state=seed).fit(X, y)
            radius = np.max(np.abs(np.linalg.eigvals(to_host(model.W_[0]))))
            assert np.isclose(radius, model.spectral_radius)
        with pytest.raises(ValueError, match=r"spectral radius 0.*increase density or n_units"):
            ESGPRegressor(n_units=2, density=0.01, max_iter=2, random_state=0).fit(X, y)


def test_warm_start_that_cannot_continue_says_so():
    """warm_start=True restarted silently from new weights where the previous ones do not
    fit (n_units or the features changed) and continued with new classes; it now warns
    of the restart and refuses other classes, as scikit-learn's MLPClassifier does."""
    import warnings

    from skreservoir.datasets import adding_problem

    X, y = adding_problem(40, n_timesteps=10, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ESGPRegressor(n_units=8, max_iter=2, random_state=0, warm_start=True).fit(X, y)
        model.fit(X, y)
        assert len(model.loss_curve_) == 4  # continued
        classifier = ESGPClassifier(n_units=8, max_iter=2, random_state=0,
                                    warm_start=True).fit(X, (y > 1).astype(int))
    with pytest.warns(UserWarning, match=r"warm_start=True, but the weights of the previous "
                                         r"fit do not fit this one"):
        model.set_params(n_units=12).fit(X, y)
    with pytest.raises(ValueError, match=r"same classes as in the previous call to fit: "
                                         r"previous \[0, 1\], now \[0, 1, 2\]"):
        classifier.fit(X, np.arange(40) % 3)
    assert classifier.classes_.tolist() == [0, 1]  # as it was


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_max_iter_warning_points_at_the_users_line(solver):
    """Check that the ConvergenceWarning of max_iter is shown at the caller's line, not
    inside the package (a docs battery: the docstring example's warning named
    skreservoir/esgp code)."""
    X, y = adding_problem(40, n_timesteps=10, random_state=0)
    with pytest.warns(ConvergenceWarning) as caught:
        ESGPRegressor(n_units=8, solver=solver, max_iter=2, random_state=0).fit(X, y)
    assert {w.filename for w in caught if w.category is ConvergenceWarning} == {__file__}
