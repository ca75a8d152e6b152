"""Reservoirs as scikit-learn transformers: series in, states out.

- :class:`Reservoir` (``_leaky.py``): the leaky-integrator echo state network.
- :class:`ReservoirStack` (``_stack.py``): reservoirs in series (deep ESN).
- :class:`IPReservoir` (``_intrinsic.py``): intrinsic plasticity.
- :class:`ES2NReservoir` (``_es2n.py``): the edge-of-stability ESN.
- :class:`LIFReservoir` (``_lif.py``): leaky integrate-and-fire spiking units.
- :class:`LocalPlasticityReservoir` (``_plasticity.py``): W learned by a local rule.

Every reservoir implements the interface of :mod:`skreservoir._base`.
"""

from skreservoir.reservoir._es2n import ES2NReservoir
from skreservoir.reservoir._intrinsic import IPReservoir
from skreservoir.reservoir._leaky import Reservoir
from skreservoir.reservoir._lif import LIFReservoir
from skreservoir.reservoir._plasticity import LocalPlasticityReservoir
from skreservoir.reservoir._stack import ReservoirStack

__all__ = [
    "ES2NReservoir",
    "IPReservoir",
    "LIFReservoir",
    "LocalPlasticityReservoir",
    "Reservoir",
    "ReservoirStack",
]
