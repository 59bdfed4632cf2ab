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


def max_households(hb: HousingBlock) -> tuple[Ints, Ints]:
    """Stage one: triples matching the most households (group and unit per household)."""
    from scipy.optimize import Bounds, LinearConstraint

    n, m = hb.ok.shape
    ph, pg = np.nonzero(hb.ok)
    classes, class_count = np.unique(hb.unit_capacity, return_counts=True)
    zh, zc = np.nonzero(hb.size[:, None] <= classes[None, :])
    n_x, n_z = len(ph), len(zh)
    ones_x, ones_z = np.ones(n_x), np.ones(n_z)
    rows = np.concatenate([ph, zh, n + ph, 2 * n + pg, 2 * n + m + zc])
    cols = np.concatenate([np.arange(n_x), n_x + np.arange(n_z), np.arange(n_x), np.arange(n_x)])
    cols = np.concatenate([cols, n_x + np.arange(n_z)])
    values = np.concatenate([ones_x, -ones_z, ones_x, ones_x, ones_z])
    n_rows = 2 * n + m + len(classes)
    matrix = _sparse(rows, cols, values, (n_rows, n_x + n_z))
    upper = np.concatenate([np.zeros(n), np.ones(n), hb.capacity, class_count]).astype(float)
    lower = np.concatenate([np.zeros(n), np.full(n + m + len(classes), -np.inf)])
    x_lower = (pg == hb.fixed_group[ph]).astype(float)
    res = _milp()(
        c=np.concatenate([-ones_x, np.zeros(n_z)]),
        constraints=LinearConstraint(matrix, lower, upper),
        bounds=Bounds(np.concatenate([x_lower, np.zeros(n_z)]), np.ones(n_x + n_z)),
        integrality=np.ones(n_x + n_z),
    )
    if res.x is None:
        raise RuntimeError(f"housing stage one failed: {res.message}")
    chosen = np.round(res.x).astype(np.int64) == 1
    group_of = np.full(n, -1, dtype=np.int64)
    group_of[ph[chosen[:n_x]]] = pg[chosen[:n_x]]
    unit_of = np.full(n, -1, dtype=np.int64)
    class_of = np.full(n, -1, dtype=np.int64)
    class_of[zh[chosen[n_x:]]] = zc[chosen[n_x:]]
    for c, capacity in enumerate(classes.tolist()):
        who = np.flatnonzero((class_of == c) & (group_of >= 0))
        units = np.flatnonzero(hb.unit_capacity == capacity)
        unit_of[who] = units[: len(who)]
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


def relaxation_bound(hb: HousingBlock, matched: int) -> float:
    """Upper bound on the score of any solution matching ``matched`` households: the LP
    relaxation of the exact model."""
    problem, *_ = _stage_two(hb, matched)
    res = _milp()(**problem, integrality=None)
    if res.status != 0:
        raise RuntimeError(f"housing relaxation failed: {res.message}")
    return float(-res.fun)


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
