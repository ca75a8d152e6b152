"""Edge cases of LIFReservoir's parameters: a threshold at or below the reset potential."""

import numpy as np
import pytest

from skreservoir import LIFReservoir

U = np.abs(np.sin(np.linspace(0, 20, 400)))[:, None]


@pytest.mark.parametrize("threshold", [-1, -0.01, 0, 0.0])
def test_threshold_at_or_below_the_reset_potential_is_refused(threshold):
    """Check that a threshold <= 0 (the resting and reset potential), which made every
    unit fire at every step (constant features) without a warning, is refused by name."""
    with pytest.raises(
        ValueError,
        match=r"The 'threshold' parameter of LIFReservoir must be a float in the range "
        r"\(0.0, inf\)",
    ):
        LIFReservoir(100, threshold=threshold, input_density=1.0, random_state=0).fit(U)


def test_small_positive_threshold_is_accepted_and_gives_varying_spikes():
    """Check that a threshold just above 0 is accepted and its spikes vary over time."""
    spikes = LIFReservoir(100, threshold=1e-6, input_density=1.0,
                          random_state=0).fit_transform(U)
    assert set(np.unique(spikes)) <= {0.0, 1.0}
    assert not np.all(spikes[1:] == 1.0)
    assert spikes.std(axis=0).mean() > 0.0


def test_negative_threshold_fires_every_unit_at_every_step():
    """Check the reason for the constraint with the equation written out: with a threshold
    below 0 every unit of a drawn reservoir fires at every step after the first."""
    lif = LIFReservoir(100, input_density=1.0, random_state=0).fit(U)
    W = lif.W_.toarray() if hasattr(lif.W_, "toarray") else np.asarray(lif.W_)
    v = np.zeros(100)
    fired = []
    for u in U:
        v = 0.8 * v
        s = (v > -1.0).astype(float)
        v[s == 1] = 0.0
        v = v + W @ s + lif.W_in_ @ u
        fired.append(s)
    assert np.all(np.array(fired)[1:] == 1.0)
