"""What solving one block yields, before it is turned into the result format."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arrays import Floats, Ints


@dataclass(frozen=True, slots=True)
class BlockOutcome:
    # Matched triples as instance indices; unit -1 where the household gets no unit.
    households: Ints
    groups: Ints
    units: Ints
    # Alternatives per household of ``alt_households``: (rows x k) group, unit, score;
    # group -1 pads rows with fewer than k.
    alt_households: Ints
    alt_groups: Ints
    alt_units: Ints
    alt_scores: Floats
    optimal: bool
    # Upper bound on this block's total score; None when optimal (bound = total).
    bound: float | None = None


def no_units(n: int) -> Ints:
    return np.full(n, -1, dtype=np.int64)
