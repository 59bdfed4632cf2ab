"""The hard constraints, in the words the engine uses to explain them.

The optimiser enforces them on whole blocks with arrays (``arrays``, ``scoring``); this
module checks them one pair at a time, for the coordinator's locked pairs, where a broken
constraint is bad input rather than something to optimise around.
"""

from __future__ import annotations

from collections import Counter

from .instance import KIND_FOR_TRACK, Group, Household, Instance, InstanceError


def place(municipality: str) -> str:
    return municipality or "(no municipality)"


def _a(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def pair_problem(household: Household, group: Group) -> str | None:
    """The first of constraints 1 to 3 the pair breaks, or None."""
    kind = KIND_FOR_TRACK[household.track]
    if group.kind != kind:
        return (
            f"breaks hard constraint 1: {_a(household.track)} household needs a {kind} group, "
            f"{group.id} is a {group.kind} group"
        )
    if group.municipality != household.municipality:
        return (
            f"breaks hard constraint 2: household {household.id} is in "
            f"{place(household.municipality)}, group {group.id} in {place(group.municipality)}"
        )
    missing = [v for v in dict.fromkeys(household.vulnerabilities) if v not in group.supports]
    if missing:
        return f"breaks hard constraint 3: group {group.id} does not support: " + ", ".join(missing)
    return None


def check_fixed_pairs(instance: Instance) -> tuple[tuple[str, str], ...]:
    """Raise ``InstanceError`` for a locked pair that breaks a hard constraint; return the
    locked pairs without repeats."""
    if not instance.fixed_pairs:
        return ()
    households = {h.id: h for h in instance.households}
    groups = {g.id: g for g in instance.groups}
    excluded = set(instance.excluded_pairs)
    first: dict[str, tuple[int, str]] = {}
    load: Counter[str] = Counter()
    pairs: list[tuple[str, str]] = []
    positions: list[int] = []
    for i, (h_id, g_id) in enumerate(instance.fixed_pairs):
        field, ident = f"fixed_pairs[{i}]", f"{h_id}, {g_id}"
        if h_id in first:
            j, other = first[h_id]
            if other == g_id:
                continue
            raise InstanceError(
                field, f"household {h_id} is already fixed to {other} in fixed_pairs[{j}]", ident
            )
        first[h_id] = (i, g_id)
        problem = pair_problem(households[h_id], groups[g_id])
        if problem is None and (h_id, g_id) in excluded:
            problem = "breaks hard constraint 4: the pair is also in excluded_pairs"
        load[g_id] += 1
        if problem is None and load[g_id] > groups[g_id].capacity:
            problem = (
                f"breaks hard constraint 5: group {g_id} has capacity {groups[g_id].capacity} "
                f"but is fixed to {load[g_id]} households"
            )
        if problem:
            raise InstanceError(field, problem, ident)
        pairs.append((h_id, g_id))
        positions.append(i)
    if instance.has_housing:
        _check_fixed_housing(instance, pairs, positions, households)
    return tuple(pairs)


def _check_fixed_housing(
    instance: Instance,
    pairs: list[tuple[str, str]],
    positions: list[int],
    households: dict[str, Household],
) -> None:
    """Constraint 6 for the locked resettlement households of each municipality together.

    Units fit households by size alone, so the sets of units a household can use are nested
    and Hall's condition reduces to: for every size s, at least as many units of capacity
    >= s as locked households of size >= s.
    """
    capacities: dict[str, list[int]] = {}
    for unit in instance.housing:
        capacities.setdefault(unit.municipality, []).append(unit.capacity)
    need: dict[str, list[tuple[int, int]]] = {}
    for i, (h_id, _g_id) in enumerate(pairs):
        household = households[h_id]
        if household.track == "resettlement":
            need.setdefault(household.municipality, []).append((household.size, i))
    for municipality, sized in need.items():
        sized.sort(reverse=True)
        units = sorted(capacities.get(municipality, []), reverse=True)
        for k, (size, i) in enumerate(sized):
            if k >= len(units) or units[k] < size:
                h_id, g_id = pairs[i]
                fitting = sum(1 for c in units if c >= size)
                raise InstanceError(
                    f"fixed_pairs[{positions[i]}]",
                    "breaks hard constraint 6: "
                    + (
                        f"no housing unit in {place(municipality)} has capacity >= {size}"
                        if fitting == 0
                        else f"{place(municipality)} has {fitting} housing unit(s) with capacity"
                        f" >= {size} for {k + 1} fixed households of size >= {size}"
                    ),
                    f"{h_id}, {g_id}",
                )
