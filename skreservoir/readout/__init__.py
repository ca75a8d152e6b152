"""Readouts: linear models trained on reservoir states.

- ``_base.py``: panels, washout and decision values shared by every readout.
- :class:`RidgeReadout`, :class:`RidgeReadoutClassifier` (``_ridge.py``).
- :class:`ForceReadout`, :class:`ForceReadoutClassifier` (``_force.py``).
- :class:`LMSReadout` (``_lms.py``).
"""

from skreservoir.readout._force import ForceReadout, ForceReadoutClassifier
from skreservoir.readout._lms import LMSReadout
from skreservoir.readout._ridge import RidgeReadout, RidgeReadoutClassifier

__all__ = [
    "ForceReadout",
    "ForceReadoutClassifier",
    "LMSReadout",
    "RidgeReadout",
    "RidgeReadoutClassifier",
]
