"""Linear models of one housing block, solved by HiGHS through ``scipy.optimize.milp``.

The score of a triple splits as ``A[h, g] + B[g, u]``: the distance criterion depends only on
the group and the unit (the unit is the home), the other four only on household and group.
Units fit households by size alone, so the units a household can use are nested. That gives
an exact model on pairs instead of triples:

* ``x[h, g]`` household h with group g, ``y[g, u]`` unit u to group g;
* every household at most one group, every group at most ``capacity``, every unit at most
  one group, and each group gets as many units as households: ``sum_u y = sum_h x``;
* for every size s: group g's units of capacity >= s are at least its households of size
  >= s. By Hall's theorem for nested sets, this is exactly when the group's units can be
  handed out to its households one each, every unit large enough (largest to largest).

So any integer solution is a set of triples and vice versa, with the same score. Maximising
the number of households alone is a network flow (group -> household -> unit size class),
hence an integral LP: that is stage one; stage two fixes that number and maximises score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .arrays import Bools, Floats, Ints
from .housing_block import HousingBlock

# Distance from the nearest integer below which an LP value counts as integral.
_INTEGRAL = 1e-7


@dataclass(frozen=True, slots=True)
class Solved:
    """A stage-two solve: the triples found (if any), the upper bound, and whether proven."""

    group_of: Ints | None
    unit_of: Ints | None
    bound: float
    proven: bool


def _milp() -> Any:
    from scipy.optimize import milp

    return milp


def _sparse(rows: Ints, cols: Ints, values: Floats, shape: tuple[int, int]) -> Any:
    from scipy.sparse import csr_array

    return csr_array((values, (rows, cols)), shape=shape)


def _reserve_fixed(hb: HousingBlock) -> tuple[Ints, Ints, Ints]:
    """Locked households with their group, and the smallest unit that fits each, largest
    household first. Units fit by size alone, so a locked household never needs a larger
    unit than the smallest that fits it: any solution that gives it a larger one can swap
    the two units. Returns the locked households, their units, and the units left."""
    locked = np.flatnonzero(hb.fixed_group >= 0)
    locked = locked[np.argsort(-hb.size[locked], kind="stable")]
    order = np.argsort(hb.unit_capacity, kind="stable")
    free = np.ones(len(order), dtype=np.bool_)
    units = np.full(len(locked), -1, dtype=np.int64)
    for i, h in enumerate(locked.tolist()):
        fitting = order[free[order] & (hb.unit_capacity[order] >= hb.size[h])]
        if len(fitting) == 0:  # ruled out by constraints.check_fixed_pairs
            raise RuntimeError("a locked household has no unit left")
        units[i] = fitting[0]
        free[fitting[0]] = False
    return locked, units, np.flatnonzero(free)


def max_households(hb: HousingBlock) -> tuple[Ints, Ints]:
    """Stage one: triples matching the most households (group and unit per household).

    A maximum flow, source -> group (its free places) -> household (in and out, capacity
    one) -> unit capacity class (units of that capacity) -> sink, on the households that are
    not locked; locked households first take their group's place and a unit (_reserve_fixed).
    """
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import maximum_flow

    n, m = hb.ok.shape
    group_of = np.where(hb.fixed_group >= 0, hb.fixed_group, -1).astype(np.int64)
    unit_of = np.full(n, -1, dtype=np.int64)
    locked, locked_units, free_units = _reserve_fixed(hb)
    unit_of[locked] = locked_units
    places = hb.capacity - np.bincount(hb.fixed_group[locked], minlength=m)
    classes, class_of_unit = np.unique(hb.unit_capacity[free_units], return_inverse=True)
    class_count = np.bincount(class_of_unit, minlength=len(classes))
    movable = hb.fixed_group < 0
    ph, pg = np.nonzero(hb.ok & movable[:, None])
    zh, zc = np.nonzero(movable[:, None] & (hb.size[:, None] <= classes[None, :]))
    if len(ph) == 0 or len(zh) == 0:
        return group_of, unit_of
    # Nodes: 0 source, 1 sink, groups, households in, households out, classes.
    g0, h_in, h_out = 2, 2 + m, 2 + m + n
    c0 = h_out + n
    size = c0 + len(classes)
    tails = np.concatenate(
        [np.zeros(m), g0 + pg, h_in + np.arange(n), h_out + zh, c0 + np.arange(len(classes))]
    )
    heads = np.concatenate(
        [g0 + np.arange(m), h_in + ph, h_out + np.arange(n), c0 + zc, np.ones(len(classes))]
    )
    caps = np.concatenate([places, np.ones(len(ph)), np.ones(n), np.ones(len(zh)), class_count])
    graph = csr_array(
        (caps.astype(np.int32), (tails.astype(np.int64), heads.astype(np.int64))),
        shape=(size, size),
    )
    flow = maximum_flow(graph, 0, 1).flow.tocoo()
    used = flow.data > 0
    tail, head = flow.row[used], flow.col[used]
    to_household = (tail >= g0) & (tail < h_in) & (head >= h_in) & (head < h_out)
    group_of[head[to_household] - h_in] = tail[to_household] - g0
    to_class = (tail >= h_out) & (tail < c0) & (head >= c0)
    class_of = np.full(n, -1, dtype=np.int64)
    class_of[tail[to_class] - h_out] = head[to_class] - c0
    for c in range(len(classes)):
        who = np.flatnonzero(class_of == c)
        unit_of[who] = free_units[class_of_unit == c][: len(who)]
    return group_of, unit_of


def _stage_two(hb: HousingBlock, matched: int) -> tuple[dict[str, Any], Ints, Ints, Ints, Ints]:
    """The exact pair model of the module docstring, with ``sum x = matched``."""
    from scipy.optimize import Bounds, LinearConstraint

    n, m = hb.ok.shape
    r = len(hb.unit_capacity)
    ph, pg = np.nonzero(hb.ok)
    # A unit smaller than every household a group could take is of no use to that group.
    smallest = np.full(m, np.iinfo(np.int64).max)
    np.minimum.at(smallest, pg, hb.size[ph])
    qg, qu = np.nonzero(hb.unit_capacity[None, :] >= smallest[:, None])
    n_x, n_y = len(ph), len(qg)
    thresholds = np.unique(hb.size)[1:]
    n_t = len(thresholds)
    blocks: list[tuple[Ints, Ints, Floats]] = []
    x_ids, y_ids = np.arange(n_x), n_x + np.arange(n_y)
    one_x, one_y = np.ones(n_x), np.ones(n_y)
    blocks.append((ph, x_ids, one_x))  # households: rows 0..n
    blocks.append((n + pg, x_ids, one_x))  # groups: rows n..n+m
    blocks.append((n + m + qu, y_ids, one_y))  # units: rows n+m..n+m+r
    base = n + m + r
    blocks.append((base + qg, y_ids, one_y))  # link: rows base..base+m
    blocks.append((base + pg, x_ids, -one_x))
    base += m
    for t, s in enumerate(thresholds.tolist()):
        big_h = hb.size[ph] >= s
        big_u = hb.unit_capacity[qu] >= s
        blocks.append((base + pg[big_h] * n_t + t, x_ids[big_h], -one_x[big_h]))
        blocks.append((base + qg[big_u] * n_t + t, y_ids[big_u], one_y[big_u]))
    base += m * n_t
    blocks.append((np.full(n_x, base), x_ids, one_x))  # the number matched
    rows = np.concatenate([b[0] for b in blocks])
    cols = np.concatenate([b[1] for b in blocks])
    values = np.concatenate([b[2] for b in blocks])
    n_rows = base + 1
    lower = np.concatenate([np.full(n + m + r, -np.inf), np.zeros(m + m * n_t), [float(matched)]])
    upper = np.concatenate(
        [np.ones(n), hb.capacity, np.ones(r), np.zeros(m), np.full(m * n_t, np.inf)]
    )
    upper = np.concatenate([upper.astype(float), [float(matched)]])
    x_lower = (pg == hb.fixed_group[ph]).astype(float)
    problem = {
        "c": -np.concatenate([hb.score[ph, pg], hb.unit_score[qg, qu]]),
        "constraints": LinearConstraint(
            _sparse(rows, cols, values, (n_rows, n_x + n_y)), lower, upper
        ),
        "bounds": Bounds(np.concatenate([x_lower, np.zeros(n_y)]), np.ones(n_x + n_y)),
    }
    return problem, ph, pg, qg, qu


@dataclass(frozen=True, slots=True)
class Relaxed:
    """The LP relaxation of stage two: its value bounds every solution from above."""

    bound: float
    x: Floats  # (h, g): the LP's share of household h with group g
    # Triples read off the LP solution when it happens to be integral, else None.
    group_of: Ints | None
    unit_of: Ints | None


def relaxation(hb: HousingBlock, matched: int) -> Relaxed:
    """Upper bound on the score of any solution matching ``matched`` households: the LP
    relaxation of the exact model, solved by the simplex method. A simplex solution is a
    vertex, and on these models it is often integral: then it is an optimal set of triples."""
    problem, ph, pg, qg, qu = _stage_two(hb, matched)
    res = _milp()(**problem, integrality=None)
    if res.status != 0 or res.x is None:
        raise RuntimeError(f"housing relaxation failed: {res.message}")
    x = np.zeros(hb.ok.shape)
    x[ph, pg] = res.x[: len(ph)]
    integral = bool(np.all(np.abs(res.x - np.round(res.x)) <= _INTEGRAL))
    if not integral:
        return Relaxed(float(-res.fun), x, None, None)
    chosen = np.round(res.x).astype(np.int64) == 1
    n_x = len(ph)
    group_of, unit_of = _triples(hb, ph[chosen[:n_x]], pg[chosen[:n_x]], qg, qu, chosen[n_x:])
    return Relaxed(float(-res.fun), x, group_of, unit_of)


def solve_exact(hb: HousingBlock, matched: int, time_limit: float) -> Solved:
    """Stage two by branch and bound, within ``time_limit`` seconds."""
    problem, ph, pg, qg, qu = _stage_two(hb, matched)
    n_x = len(ph)
    res = _milp()(
        **problem,
        integrality=np.ones(n_x + len(qg)),
        options={"time_limit": max(0.5, time_limit), "mip_rel_gap": 1e-9},
    )
    bound = getattr(res, "mip_dual_bound", None)
    bound = float(-bound) if bound is not None and np.isfinite(bound) else np.inf
    if res.x is None:
        return Solved(None, None, bound, False)
    chosen = np.round(res.x).astype(np.int64) == 1
    group_of, unit_of = _triples(hb, ph[chosen[:n_x]], pg[chosen[:n_x]], qg, qu, chosen[n_x:])
    value = float(-res.fun)
    return Solved(group_of, unit_of, max(bound, value), res.status == 0)


def _triples(
    hb: HousingBlock, ph: Ints, pg: Ints, qg: Ints, qu: Ints, y: Bools
) -> tuple[Ints, Ints]:
    """Hand each group's units to its households, largest unit to largest household."""
    n = hb.ok.shape[0]
    group_of = np.full(n, -1, dtype=np.int64)
    unit_of = np.full(n, -1, dtype=np.int64)
    group_of[ph] = pg
    units_of_group: dict[int, list[int]] = {}
    for g, u in zip(qg[y].tolist(), qu[y].tolist(), strict=True):
        units_of_group.setdefault(g, []).append(u)
    for g, units in units_of_group.items():
        members = np.flatnonzero(group_of == g)
        members = members[np.argsort(-hb.size[members], kind="stable")]
        units.sort(key=lambda u: -int(hb.unit_capacity[u]))
        unit_of[members] = units[: len(members)]
    return group_of, unit_of
