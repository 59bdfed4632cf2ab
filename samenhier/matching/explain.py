"""Why a household was left unmatched: the hard constraint, or the competition for places."""

from __future__ import annotations

import numpy as np

from . import scoring
from .arrays import Arrays, Block, Ints
from .constraints import place
from .instance import KIND_FOR_TRACK

_LISTED = 5


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:_LISTED])
    return shown + (f" and {len(ids) - _LISTED} more" if len(ids) > _LISTED else "")


def reasons(
    a: Arrays, block: Block, household: int, group_load: Ints, unit_taken: Ints
) -> tuple[str, ...]:
    """Reasons for one unmatched household of ``block``, given how full every group
    (``group_load``, households per group) and unit (``unit_taken``, 0 or 1) ended up."""
    h = a.instance.households[household]
    where = place(h.municipality)
    out: list[str] = []
    compatible = np.zeros(0, dtype=np.int64)
    if len(block.groups) == 0:
        out.append(f"no {KIND_FOR_TRACK[h.track]} group in {where}")
    else:
        supports = scoring.feasible(a, np.array([household]), block.groups)
        candidates = block.groups[supports]
        if len(candidates) == 0:
            needs = ", ".join(dict.fromkeys(h.vulnerabilities))
            out.append(f"no group in {where} supports: {needs}")
        else:
            excluded = set(a.excluded.get(household, ()))
            compatible = np.array([g for g in candidates.tolist() if g not in excluded])
            if len(compatible) == 0:
                names = [a.instance.groups[g].id for g in candidates.tolist()]
                out.append(f"every compatible group in {where} is excluded: {_ids(names)}")
    needs_unit = a.instance.has_housing and h.track == "resettlement"
    fitting = block.units[a.u_capacity[block.units] >= h.size] if needs_unit else block.units
    if needs_unit and len(block.units) == 0:
        out.append(f"no housing unit in {where}")
    elif needs_unit and len(fitting) == 0:
        out.append(f"no housing unit in {where} has capacity >= {h.size}")
    if out:
        return tuple(out)
    groups = a.instance.groups
    open_groups = compatible[a.g_capacity[compatible] > 0]
    if len(open_groups) == 0:
        names = [groups[g].id for g in compatible.tolist()]
        return (f"every compatible group in {where} has capacity 0: {_ids(names)}",)
    full = open_groups[group_load[open_groups] >= a.g_capacity[open_groups]]
    if len(full) == len(open_groups):
        names = [groups[g].id for g in full.tolist()]
        return (f"compatible groups existed but were needed elsewhere: {_ids(names)}",)
    if needs_unit and unit_taken[fitting].all():
        return (
            "compatible groups existed, but every housing unit in "
            f"{where} with capacity >= {h.size} was needed elsewhere",
        )
    return ("compatible groups and housing units existed but were needed elsewhere",)
