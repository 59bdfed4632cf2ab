"""Local search for housing blocks too large to prove optimal in time.

A solution is a set of triples. Fixing any two of its three sides leaves an ordinary
assignment problem for the third, which ``linear_sum_assignment`` solves exactly:

* units given the household-group pairs,
* groups given the household-unit pairs,
* households given the group-unit couplings (plus free places coupled with free units).

Each move keeps the current solution feasible for its sub-problem and weighs one more match
above any score (``BIG``), so no move ever loses a match or score: the search climbs
lexicographically until no move helps.
"""

from __future__ import annotations

import numpy as np

from ._lsap import linear_sum_assignment
from .arrays import Bools, Floats, Ints
from .assignment import lexicographic_big
from .housing_block import HousingBlock

_TOLERANCE = 1e-9


def _assign(weight: Floats) -> tuple[Ints, Ints]:
    """Maximum-weight assignment over the cells with weight > 0."""
    if weight.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    rows, cols = linear_sum_assignment(-weight)
    keep = weight[rows, cols] > 0
    return rows[keep].astype(np.int64), cols[keep].astype(np.int64)


def _better(new: tuple[int, float], old: tuple[int, float]) -> bool:
    return new[0] > old[0] or (
        new[0] == old[0] and new[1] > old[1] + _TOLERANCE * (1 + abs(old[1]))
    )


def _free_slots(hb: HousingBlock, group_of: Ints, keep: Bools) -> Ints:
    """Group column of each place not taken by the households in ``keep``."""
    load = np.bincount(group_of[keep & (group_of >= 0)], minlength=len(hb.capacity))
    return np.repeat(np.arange(len(hb.capacity)), np.maximum(hb.capacity - load, 0))


def move_units(hb: HousingBlock, fits: Bools, group_of: Ints, unit_of: Ints) -> Ints:
    """Best units for the current household-group pairs."""
    matched = np.flatnonzero(group_of >= 0)
    weight = hb.unit_score[group_of[matched]] + lexicographic_big(len(matched))
    weight[~fits[matched]] = 0.0
    rows, cols = _assign(weight)
    new = np.full_like(unit_of, -1)
    new[matched[rows]] = cols
    return new


def move_groups(hb: HousingBlock, group_of: Ints, unit_of: Ints) -> Ints:
    """Best groups for the current household-unit pairs; locked pairs stay."""
    movable = (group_of >= 0) & (hb.fixed_group < 0)
    rows_h = np.flatnonzero(movable)
    slots = _free_slots(hb, group_of, ~movable)
    weight = hb.score[np.ix_(rows_h, slots)] + hb.unit_score[slots][:, unit_of[rows_h]].T
    weight += lexicographic_big(min(len(rows_h), len(slots)))
    weight[~hb.ok[np.ix_(rows_h, slots)]] = 0.0
    rows, cols = _assign(weight)
    new = np.where(movable, -1, group_of)
    new[rows_h[rows]] = slots[cols]
    return new


def couple_free_places(hb: HousingBlock, group_of: Ints, unit_of: Ints) -> tuple[Ints, Ints]:
    """Pair the places and units nobody uses, nearest first, so new households can join."""
    slots = _free_slots(hb, group_of, group_of >= 0)
    taken = np.zeros(len(hb.unit_capacity), dtype=np.bool_)
    taken[unit_of[unit_of >= 0]] = True
    free_units = np.flatnonzero(~taken)
    weight = hb.unit_score[np.ix_(slots, free_units)] + lexicographic_big(len(slots))
    rows, cols = _assign(weight)
    return slots[rows], free_units[cols]


def move_households(
    hb: HousingBlock,
    fits: Bools,
    group_of: Ints,
    unit_of: Ints,
    extra: tuple[Ints, Ints] | None = None,
) -> tuple[Ints, Ints]:
    """Best households for the current group-unit couplings and some free ones."""
    movable = (group_of >= 0) & (hb.fixed_group < 0)
    extra_g, extra_u = extra if extra is not None else couple_free_places(hb, group_of, unit_of)
    coupled_g = np.concatenate([group_of[movable], extra_g])
    coupled_u = np.concatenate([unit_of[movable], extra_u])
    rows_h = np.flatnonzero((hb.fixed_group < 0) & hb.ok.any(axis=1))
    weight = hb.score[np.ix_(rows_h, coupled_g)] + hb.unit_score[coupled_g, coupled_u][None, :]
    weight += lexicographic_big(min(len(rows_h), len(coupled_g)))
    weight[~(hb.ok[np.ix_(rows_h, coupled_g)] & fits[np.ix_(rows_h, coupled_u)])] = 0.0
    rows, cols = _assign(weight)
    new_g = np.where(movable, -1, group_of)
    new_u = np.where(movable, -1, unit_of)
    new_g[rows_h[rows]] = coupled_g[cols]
    new_u[rows_h[rows]] = coupled_u[cols]
    return new_g, new_u


def local_search(
    hb: HousingBlock, group_of: Ints, unit_of: Ints, rounds: int = 50
) -> tuple[Ints, Ints]:
    """Apply the three moves until none improves the solution."""
    fits = hb.fits()
    best = hb.value(group_of, unit_of)
    for _ in range(rounds):
        start = best
        for move in ("units", "groups", "households"):
            if move == "units":
                new_g, new_u = group_of, move_units(hb, fits, group_of, unit_of)
            elif move == "groups":
                new_g, new_u = move_groups(hb, group_of, unit_of), unit_of
            else:
                new_g, new_u = move_households(hb, fits, group_of, unit_of)
            value = hb.value(new_g, new_u)
            if _better(value, best):
                group_of, unit_of, best = new_g, new_u, value
        if not _better(best, start):
            break
    return group_of, unit_of


def homes_first(hb: HousingBlock) -> tuple[Ints, Ints]:
    """The usual manual order: house as many households as possible (locked ones first,
    tightest fit preferred), then give the housed households their best groups."""
    n = len(hb.size)
    fits = hb.fits()
    candidates = np.flatnonzero(hb.ok.any(axis=1))
    slack = hb.unit_capacity[None, :] - hb.size[candidates][:, None]
    top = int(hb.unit_capacity.max()) + 1 if len(hb.unit_capacity) else 1
    # Integers well inside float precision: one more housed household (or one more locked
    # one) outweighs any sum of fit preferences.
    housed = float(len(candidates) * top + 1)
    weight = housed + (top - slack).astype(np.float64)
    weight[hb.fixed_group[candidates] >= 0] += (len(candidates) + 1) * (housed + top)
    weight[~fits[candidates]] = 0.0
    rows, cols = _assign(weight)
    unit_of = np.full(n, -1, dtype=np.int64)
    unit_of[candidates[rows]] = cols
    group_of = np.where(unit_of >= 0, hb.fixed_group, -1)
    group_of = np.where(hb.fixed_group >= 0, hb.fixed_group, group_of)
    # Every housed household is a candidate for a group: start them all "matched" to a
    # placeholder so move_groups treats them as movable, then drop those left without one.
    placeholder = np.where((unit_of >= 0) & (hb.fixed_group < 0), 0, group_of)
    placeholder = np.where(unit_of >= 0, placeholder, -1)
    group_of = _groups_for_homes(hb, placeholder, unit_of)
    unit_of = np.where(group_of >= 0, unit_of, -1)
    return group_of, unit_of


def _groups_for_homes(hb: HousingBlock, housed: Ints, unit_of: Ints) -> Ints:
    if len(hb.capacity) == 0:
        return np.full_like(housed, -1)
    return move_groups(hb, housed, unit_of)


def lp_start(hb: HousingBlock, x: Floats) -> tuple[Ints, Ints]:
    """Round a fractional LP solution: groups for the pairs the LP uses, preferring its
    larger shares, then the best units for those pairs, locked households first (the local
    search repairs the rest)."""
    locked = hb.fixed_group >= 0
    group_of = np.where(locked, hb.fixed_group, -1).astype(np.int64)
    slots = _free_slots(hb, group_of, locked)
    share = x[:, slots]
    weight = lexicographic_big(len(hb.size)) + 100.0 * len(hb.size) * share + hb.score[:, slots]
    weight[~((share > _TOLERANCE) & hb.ok[:, slots] & ~locked[:, None])] = 0.0
    rows, cols = _assign(weight)
    group_of[rows] = slots[cols]
    matched = np.flatnonzero(group_of >= 0)
    big = lexicographic_big(len(matched))
    weight = hb.unit_score[group_of[matched]] + big
    weight[locked[matched]] += big * (len(matched) + 1)
    weight[~hb.fits()[matched]] = 0.0
    rows, cols = _assign(weight)
    unit_of = np.full(len(group_of), -1, dtype=np.int64)
    unit_of[matched[rows]] = cols
    return np.where(unit_of >= 0, group_of, -1), unit_of


def keeps_locked(hb: HousingBlock, group_of: Ints) -> bool:
    """Whether every locked household has its group (constraint 4)."""
    locked = hb.fixed_group >= 0
    return bool(np.array_equal(group_of[locked], hb.fixed_group[locked]))
