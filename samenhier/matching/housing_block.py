"""One housing block (the resettlement households, sponsor groups and units of one
municipality) as dense local matrices, built once and shared by the model and the search."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import scoring
from .arrays import Arrays, Block, Bools, Floats, Ints


@dataclass(frozen=True, slots=True)
class HousingBlock:
    households: Ints  # instance indices of the rows
    groups: Ints  # instance indices of the columns
    units: Ints  # instance indices of the units
    ok: Bools  # (h, g): constraints 1 to 4, and h fits at least one unit (constraint 6)
    score: Floats  # (h, g): score points of the four criteria without distance
    unit_score: Floats  # (g, u): score points of the distance criterion, the unit as home
    size: Ints
    capacity: Ints  # per group
    unit_capacity: Ints
    fixed_group: Ints  # per household: the local group it is locked to, or -1

    def fits(self) -> Bools:
        """(h, u): the unit is large enough for the household."""
        return self.size[:, None] <= self.unit_capacity[None, :]

    def value(self, group_of: Ints, unit_of: Ints) -> tuple[int, float]:
        """Number matched and total score of a set of triples."""
        matched = np.flatnonzero(group_of >= 0)
        g, u = group_of[matched], unit_of[matched]
        total = self.score[matched, g].sum() + self.unit_score[g, u].sum()
        return len(matched), float(total)


def build_housing_block(a: Arrays, block: Block) -> HousingBlock:
    hs, gs, us = block.households, block.groups, block.units
    ok, score = scoring.pair_matrix(a, hs, gs, own_home=False)
    unit_capacity = a.u_capacity[us]
    size = a.h_size[hs]
    housed = size <= (unit_capacity.max() if len(us) else -1)
    ok &= housed[:, None]
    column = {g: j for j, g in enumerate(gs.tolist())}
    fixed_group = np.array([column[a.fixed[h]] if h in a.fixed else -1 for h in hs.tolist()])
    return HousingBlock(
        households=hs,
        groups=gs,
        units=us,
        ok=ok,
        score=score,
        unit_score=np.ascontiguousarray(scoring.unit_distance_matrix(a, us, gs).T),
        size=size,
        capacity=a.g_capacity[gs],
        unit_capacity=unit_capacity,
        fixed_group=fixed_group.astype(np.int64).reshape(-1),
    )
