"""Das–Dennis reference directions: NSGA-III's lattice and the gradient sweep's.

NSGA-III and the gradient sweep both spread their points over the objectives along a
lattice of weight vectors on the simplex (pymoo's ``"das-dennis"``); this module sizes
that lattice and gives the sweep's directions.
"""

from __future__ import annotations

from math import comb

import numpy as np
from pymoo.util.ref_dirs import get_reference_directions

__all__ = ["nsga3_directions", "nsga3_partitions", "sweep_directions"]

_AUTO_DIRECTIONS = 100  # automatic partitions: the most whose lattice fits in this


def nsga3_partitions(n_obj: int, pop_size: int) -> int:
    """Return the largest Das–Dennis partition count that fits in ``pop_size``.

    The count is that of the reference directions; at least 1.
    """
    p = 1
    while comb(p + 1 + n_obj - 1, n_obj - 1) <= pop_size:
        p += 1
    return p


def nsga3_directions(n_obj: int, pop_size: int, n_partitions: int = 0) -> tuple[np.ndarray, int]:
    """Return NSGA-III's reference directions and its population.

    Das–Dennis directions with ``n_partitions`` (0: :func:`nsga3_partitions`), and the
    population: ``pop_size``, raised to the number of directions if that is larger.
    """
    partitions = n_partitions or nsga3_partitions(n_obj, pop_size)
    ref_dirs = get_reference_directions("das-dennis", n_obj, n_partitions=partitions)
    return ref_dirs, max(pop_size, len(ref_dirs))


def sweep_directions(n_obj: int, n_partitions: int) -> np.ndarray:
    """Return the Das–Dennis weights (rows on the simplex), neighbours next to each other.

    Parameters
    ----------
    n_obj : int
    n_partitions : int
        0: the largest lattice with at most 100 directions.

    Returns
    -------
    ndarray, shape (n_directions, n_obj)
    """
    if n_obj == 1:
        return np.ones((1, 1))
    if n_partitions == 0:
        n_partitions = nsga3_partitions(n_obj, _AUTO_DIRECTIONS)
    return get_reference_directions("das-dennis", n_obj, n_partitions=n_partitions)
