"""Tests for the datasets at parity with ReservoirPy: Lorenz-96, Kuramoto-Sivashinsky,
Rabinovich-Fabrikant, MSO, the Santa Fe laser and Japanese vowels."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.integrate import simpson

from skreservoir.datasets import (
    japanese_vowels,
    kuramoto_sivashinsky,
    lorenz96,
    mso,
    rabinovich_fabrikant,
    santafe_laser,
)


def test_bad_arguments():
    """Check that parameters outside the systems' domains raise errors naming them."""
    with pytest.raises(ValueError, match="n_variables must be an int >= 4"):
        lorenz96(10, n_variables=3)
    with pytest.raises(ValueError, match=r"x0 must have shape \(5,\)"):
        lorenz96(10, n_variables=5, x0=np.zeros(4))
    with pytest.raises(ValueError, match="forcing must be a finite number"):
        lorenz96(10, forcing=np.nan)
    with pytest.raises(ValueError, match="n_warmup must be an int >= 0"):
        lorenz96(10, n_warmup=-1)
    with pytest.raises(ValueError, match="n_points must be even"):
        kuramoto_sivashinsky(10, n_points=31)
    with pytest.raises(ValueError, match="domain_length must be a finite number > 0"):
        kuramoto_sivashinsky(10, domain_length=0.0)
    with pytest.raises(ValueError, match="n_warmup must be an int >= 0"):
        kuramoto_sivashinsky(10, n_warmup=1.5)
    with pytest.raises(ValueError, match="gamma must be a finite number"):
        rabinovich_fabrikant(10, gamma="0.87")
    with pytest.raises(ValueError, match="MSO-k benchmark, from 1 to 8"):
        mso(10, frequencies=9)
    with pytest.raises(ValueError, match="non-empty 1D list"):
        mso(10, frequencies=[])
    with pytest.raises(ValueError, match="frequencies must hold finite numbers"):
        mso(10, frequencies=[0.2, np.inf])
    with pytest.raises(ValueError, match="normalize=True needs a series that is not constant"):
        mso(1)


# --- Lorenz-96 ------------------------------------------------------------------


def test_lorenz96_energy_budget():
    """Check that E = sum(x^2)/2 obeys dE/dt = -2E + F sum(x) along the orbit."""
    # The advection term conserves E, so E(T) - E(0) is the integral of the
    # forcing and damping terms; Simpson's rule on 0.01-spaced samples is
    # accurate to about 1e-6 relative here.
    forcing, h = 8.0, 0.01
    series = lorenz96(1001, n_variables=10, forcing=forcing, h=h, n_warmup=300)
    energy = 0.5 * np.sum(series**2, axis=1)
    rate = -2.0 * energy + forcing * np.sum(series, axis=1)
    assert_allclose(energy[-1] - energy[0], simpson(rate, dx=h), rtol=1e-5, atol=1e-6)


def test_lorenz96_chaotic_regime_statistics():
    """Check that at F=8 the long-run statistics are the chaotic attractor's."""
    forcing = 8.0
    series = lorenz96(
        3000, n_variables=10, forcing=forcing, h=0.05, n_warmup=200, rtol=1e-6, atol=1e-6
    )
    # Stationary energy balance: time mean of x^2 = F * time mean of x.
    assert_allclose(np.mean(series**2), forcing * np.mean(series), rtol=0.02)
    # The attractor's climatology (Lorenz 1996; mean about 2.3, standard
    # deviation about 3.6), far from the fixed point x_i = F.
    assert 1.5 < series.mean() < 3.2
    assert 3.0 < series.std() < 4.3


def test_lorenz96_sensitive_at_f8_and_stable_at_small_f():
    """Check that F=8 separates nearby orbits and F=0.5 settles on x_i = F."""
    x0 = np.full(8, 8.0)
    x0[0] += 0.01
    nearby = x0.copy()
    nearby[3] += 1e-8
    a = lorenz96(400, n_variables=8, x0=x0, h=0.05)
    b = lorenz96(400, n_variables=8, x0=nearby, h=0.05)
    assert np.max(np.abs(a[-100:] - b[-100:])) > 1.0
    # Linearised at x_i = F the slowest mode decays as exp(-0.44 t) at F = 0.5.
    calm = lorenz96(1200, n_variables=8, forcing=0.5, x0=x0, h=0.05)
    assert_allclose(calm[-1], 0.5, atol=1e-6)


def test_lorenz96_warmup_drops_leading_steps():
    """Check that n_warmup returns the tail of the longer integration."""
    full = lorenz96(60, n_variables=5, h=0.02)
    assert_allclose(
        lorenz96(40, n_variables=5, h=0.02, n_warmup=20), full[20:], rtol=1e-7, atol=1e-7
    )


# --- Kuramoto-Sivashinsky ---------------------------------------------------------


def test_kuramoto_sivashinsky_conserves_mean():
    """Check that the spatial mean of u, a conserved quantity, stays at its initial value."""
    grid = 2 * math.pi * np.arange(1, 65) / 64
    x0 = 0.3 + np.cos(grid) * (1 + np.sin(grid))
    series = kuramoto_sivashinsky(400, n_points=64, domain_length=22.0, x0=x0)
    assert_allclose(series.mean(axis=1), x0.mean(), rtol=0, atol=1e-12)
    assert series[-1].std() > 0.5  # not trivially so: the field is alive


def test_kuramoto_sivashinsky_under_resolved_grid_raises():
    """Check that too coarse a grid, which blows up, raises an error saying to refine it."""
    with pytest.raises(ValueError, match="raise n_points"):
        kuramoto_sivashinsky(200, n_points=16, domain_length=32 * math.pi)


def test_kuramoto_sivashinsky_small_domain_decays():
    """Check that on L < 2 pi, where every Fourier mode is linearly damped, u decays to its mean."""
    # k = 2 pi m / L > 1 for m >= 1, so k^2 - k^4 < 0 on every mode.
    series = kuramoto_sivashinsky(400, n_points=32, domain_length=5.0)
    assert np.max(np.abs(series[-1])) < 1e-6


def test_kuramoto_sivashinsky_converges_with_step():
    """Check that halving the ETDRK4 step shrinks the error at t=10 at least 6-fold (order >= 2.6)."""

    # Measured: 8.1 from h=0.5 to 0.25, 8.9 to 0.125, 10.7 to 0.0625, against h=1/64.
    def final(h):
        return kuramoto_sivashinsky(round(10 / h) + 1, n_points=64, domain_length=22.0, h=h)[-1]

    reference = final(1 / 64)
    errors = [np.max(np.abs(final(h) - reference)) for h in (0.25, 0.125)]
    assert errors[0] < 1e-3
    assert errors[0] / errors[1] > 6


def test_kuramoto_sivashinsky_lyapunov_exponent():
    """Check that the largest Lyapunov exponent at L=22 has the published order (0.043)."""
    # Benettin's method: follow a perturbation of size 1e-7 for 10 time
    # units, renormalise, repeat; the mean log-growth rate estimates the
    # largest exponent (0.043 in Cvitanovic, Davidchack and Siminos 2010;
    # this 1000-time-unit estimate scatters by about +-0.015).
    n_points, length, h, chunk, size = 64, 22.0, 0.25, 40, 1e-7
    state = kuramoto_sivashinsky(1, n_points=n_points, domain_length=length, n_warmup=800)[0]
    offset = np.random.default_rng(0).normal(size=n_points)
    offset *= size / np.linalg.norm(offset)
    logs = []
    for _ in range(100):
        a = kuramoto_sivashinsky(chunk + 1, n_points=n_points, domain_length=length, x0=state)
        b = kuramoto_sivashinsky(
            chunk + 1, n_points=n_points, domain_length=length, x0=state + offset
        )
        growth = np.linalg.norm(b[-1] - a[-1])
        logs.append(np.log(growth / size))
        offset, state = (b[-1] - a[-1]) * size / growth, a[-1]
    exponent = np.mean(logs) / (chunk * h)
    assert 0.02 < exponent < 0.1


# --- Rabinovich-Fabrikant ---------------------------------------------------------


def test_rabinovich_fabrikant_bounded_and_chaotic():
    """Check that the defaults stay on a bounded attractor for 300 time units and are not periodic."""
    series = rabinovich_fabrikant(6000)
    assert np.max(np.abs(series)) < 2.5
    assert series[1000:].std(axis=0).min() > 0.1
    nearby = rabinovich_fabrikant(6000, x0=(-1.0, 0.0, 0.5 + 1e-8))
    assert np.max(np.abs(series[-500:] - nearby[-500:])) > 0.1


def test_rabinovich_fabrikant_escape_raises():
    """Check that an orbit leaving [-100, 100] raises an error naming the parameters."""
    # gamma = 0.89, ReservoirPy's default, escapes near t = 68 when integrated accurately.
    with pytest.raises(ValueError, match=r"leaves \[-100, 100\] at time 6.*gamma=0.89"):
        rabinovich_fabrikant(2000, gamma=0.89)


# --- MSO ----------------------------------------------------------------------------


@pytest.mark.parametrize("frequencies", [2, 5, 8, [0.05, 0.9, 2.0]])
def test_mso_frequencies_by_fft(frequencies):
    """Check that the periodogram's k highest peaks lie at the k angular frequencies."""
    n = 20000
    series = mso(n, frequencies=frequencies, normalize=False).ravel()
    omegas = np.asarray(
        [0.2, 0.311, 0.42, 0.51, 0.63, 0.74, 0.85, 0.97][:frequencies]
        if isinstance(frequencies, int)
        else frequencies
    )
    power = np.abs(np.fft.rfft(series * np.hanning(n))) ** 2
    bins = 2 * np.pi * np.fft.rfftfreq(n)
    is_peak = (power[1:-1] > power[:-2]) & (power[1:-1] > power[2:])
    peaks = 1 + np.flatnonzero(is_peak)
    top = np.sort(bins[peaks[np.argsort(power[peaks])[-omegas.size :]]])
    assert_allclose(top, np.sort(omegas), rtol=0, atol=2 * np.pi / n)


def test_mso_equation_and_normalization():
    """Check mso against the sum of sines and its affine scaling onto [-1, 1]."""
    t = np.arange(300)
    raw = np.sin(0.2 * t) + np.sin(0.311 * t)
    assert_allclose(mso(300, normalize=False).ravel(), raw, rtol=0, atol=1e-12)
    scaled = mso(300).ravel()
    assert scaled.min() == -1.0 and scaled.max() == 1.0
    assert_allclose(scaled, 2 * (raw - raw.min()) / np.ptp(raw) - 1, rtol=0, atol=1e-12)


# --- Santa Fe laser and Japanese vowels -----------------------------------------


def test_santafe_laser_length_and_range():
    """Check that the shipped laser series has its 10,093 8-bit samples and chaotic pulsations."""
    laser = santafe_laser()
    assert laser.shape == (10093, 1)
    assert laser.dtype == np.float64
    assert_array_equal(laser, np.round(laser))
    assert laser.min() == 0.0 and laser.max() == 255.0
    # The intensity pulsates: many local maxima, and the series is not constant over any window.
    values = laser.ravel()
    n_maxima = np.sum((values[1:-1] > values[:-2]) & (values[1:-1] >= values[2:]))
    assert n_maxima > 1000
    assert santafe_laser() is not laser  # a fresh array per call


def test_japanese_vowels_shapes_and_classes():
    """Check the standard split: 270 and 370 series of 12 coefficients, 7 to 29 frames, 9 speakers."""
    pytest.importorskip("sktime", reason="sktime is an optional extra (pip install \"skreservoir[sktime]\")")
    X_train, X_test, y_train, y_test = japanese_vowels()
    assert isinstance(X_train, list) and isinstance(X_test, list)
    assert len(X_train) == len(y_train) == 270
    assert len(X_test) == len(y_test) == 370
    lengths = [x.shape[0] for x in X_train + X_test]
    assert min(lengths) == 7 and max(lengths) == 29
    assert all(x.ndim == 2 and x.shape[1] == 12 and x.dtype == np.float64 for x in X_train)
    assert all(np.all(np.isfinite(x)) for x in X_train + X_test)
    assert_array_equal(np.unique(y_train), np.arange(1, 10))
    assert_array_equal(np.bincount(y_train)[1:], np.full(9, 30))
    assert_array_equal(np.unique(y_test), np.arange(1, 10))


# --- oracles against ReservoirPy 0.4.2 ---------------------------------------------


@pytest.fixture(scope="module")
def rpy_datasets():
    pytest.importorskip("reservoirpy")
    from reservoirpy import datasets

    return datasets


def test_lorenz96_matches_reservoirpy(rpy_datasets):
    """Check that Lorenz-96 equals ReservoirPy's on ReservoirPy's time grid, same solver."""
    # ReservoirPy 0.4.2 samples linspace(0, n * h**2, n) (h enters squared);
    # with our h set to that spacing and the same solver settings, the two
    # solve_ivp calls are the same computation.
    n, their_h = 300, 0.1
    theirs = rpy_datasets.lorenz96(n, h=their_h, method="DOP853", rtol=1e-10, atol=1e-10)
    ours = lorenz96(n, h=n * their_h**2 / (n - 1), rtol=1e-10, atol=1e-10)
    assert_allclose(ours, theirs, rtol=1e-10, atol=1e-10)


def test_kuramoto_sivashinsky_matches_reservoirpy(rpy_datasets):
    """Check that Kuramoto-Sivashinsky with the defaults equals ReservoirPy's over the first steps."""
    # Same scheme and defaults; the ETDRK4 contour has 32 points here and 16
    # there, which changes the coefficients by round-off only. Chaos then
    # amplifies that: 1e-12 at step 200, order 1 by step 1500.
    ours = kuramoto_sivashinsky(200)
    theirs = rpy_datasets.kuramoto_sivashinsky(200)
    assert_allclose(ours, theirs, rtol=0, atol=1e-10)


def test_rabinovich_fabrikant_matches_reservoirpy(rpy_datasets):
    """Check that Rabinovich-Fabrikant has ReservoirPy's equations and initial state."""
    n, h = 300, 0.05
    theirs = rpy_datasets.rabinovich_fabrikant(
        n, gamma=0.87, h=h * (n - 1) / n, method="DOP853", rtol=1e-9, atol=1e-9
    )
    assert_allclose(rabinovich_fabrikant(n), theirs, rtol=1e-9, atol=1e-9)


def test_mso_matches_reservoirpy(rpy_datasets):
    """Check that mso equals ReservoirPy's mso, mso2 and mso8."""
    assert_allclose(mso(500), rpy_datasets.mso2(500), rtol=0, atol=1e-12)
    assert_allclose(mso(500, frequencies=8), rpy_datasets.mso8(500), rtol=0, atol=1e-12)
    assert_allclose(
        mso(200, frequencies=[0.2, 0.44], normalize=False),
        rpy_datasets.mso(200, freqs=[0.2, 0.44], normalize=False),
        rtol=0,
        atol=1e-12,
    )


def test_santafe_laser_matches_reservoirpy(rpy_datasets):
    """Check that the shipped laser series holds the values of ReservoirPy's copy."""
    assert_array_equal(santafe_laser(), rpy_datasets.santafe_laser().astype(np.float64))
