"""The three-sided case: resettlement households with a group and a housing unit each.

Per municipality: stage one finds the most households that can be matched (a maximum flow,
``housing_model.max_households``). Stage two maximises the score with that number fixed:

* the LP relaxation of the exact model (``housing_model``) bounds the score from above, and
  its simplex solution, when integral, is itself an optimal set of triples;
* the local search of ``housing_search`` climbs from three starts: the stage-one triples,
  homes first then groups (so the result is never worse than that manual order), and the
  rounded LP solution;
* blocks whose exact model is small go to branch and bound (HiGHS) when the search does not
  meet the bound, within a time budget shared by the whole instance.

A block is reported optimal only when its score meets a proven bound.
"""

from __future__ import annotations

import time

import numpy as np

from .arrays import Arrays, Block, Floats, Ints
from .assignment import best_candidates, drop_chosen
from .housing_block import HousingBlock, build_housing_block
from .housing_model import max_households, relaxation, solve_exact
from .housing_search import homes_first, keeps_locked, local_search, lp_start
from .outcome import BlockOutcome

# Branch and bound is tried on blocks whose exact model has at most this many variables,
# for at most EXACT_TIME_LIMIT_S each and EXACT_BUDGET_S for the whole instance; beyond
# that the local search and the LP bound stand.
EXACT_MAX_VARIABLES = 30_000
EXACT_TIME_LIMIT_S = 5.0
EXACT_BUDGET_S = 20.0
_GAP = 1e-9


def exact_deadline() -> float:
    """The ``time.monotonic()`` after which no block starts branch and bound."""
    return time.monotonic() + EXACT_BUDGET_S


def solve_housing_block(a: Arrays, block: Block, top_k: int, deadline: float) -> BlockOutcome:
    hb = build_housing_block(a, block)
    group_of, unit_of, optimal, bound = _solve(hb, deadline)
    matched = np.flatnonzero(group_of >= 0)
    alt_groups, alt_units, alt_scores = _alternatives(hb, group_of, top_k)
    return BlockOutcome(
        households=hb.households[matched],
        groups=hb.groups[group_of[matched]],
        units=hb.units[unit_of[matched]],
        alt_households=hb.households,
        alt_groups=alt_groups,
        alt_units=alt_units,
        alt_scores=alt_scores,
        optimal=optimal,
        bound=None if optimal else bound,
    )


def _meets(score: float, bound: float) -> bool:
    return score >= bound - _GAP * max(1.0, abs(bound))


def _solve(hb: HousingBlock, deadline: float) -> tuple[Ints, Ints, bool, float]:
    n = len(hb.households)
    if not hb.ok.any():
        none = np.full(n, -1, dtype=np.int64)
        return none, none.copy(), True, 0.0
    flow_g, flow_u = max_households(hb)
    matched = int((flow_g >= 0).sum())
    candidates = [(flow_g, flow_u), homes_first(hb)]
    try:
        lp = relaxation(hb, matched)
    except RuntimeError:  # HiGHS in numerical trouble: a weaker bound, no LP start
        bound = _simple_bound(hb, matched)
    else:
        bound = lp.bound
        if lp.group_of is not None and lp.unit_of is not None:
            candidates.append((lp.group_of, lp.unit_of))
        else:
            candidates.append(lp_start(hb, lp.x))
    searched = [local_search(hb, *c) for c in candidates]
    group_of, unit_of = max(
        (c for c in searched if keeps_locked(hb, c[0])), key=lambda c: hb.value(*c)
    )
    score = hb.value(group_of, unit_of)[1]
    if _meets(score, bound):
        return group_of, unit_of, True, score
    remaining = min(EXACT_TIME_LIMIT_S, deadline - time.monotonic())
    if int(hb.ok.sum()) + hb.ok.shape[1] * len(hb.units) <= EXACT_MAX_VARIABLES and remaining > 0:
        exact = solve_exact(hb, matched, remaining)
        bound = min(bound, exact.bound)
        if exact.group_of is not None and exact.unit_of is not None:
            exact_value = hb.value(exact.group_of, exact.unit_of)
            if exact_value[0] == matched and exact_value[1] > score:
                group_of, unit_of, score = exact.group_of, exact.unit_of, exact_value[1]
        if exact.proven or _meets(score, bound):
            return group_of, unit_of, True, score
    return group_of, unit_of, False, max(bound, score)


def _simple_bound(hb: HousingBlock, matched: int) -> float:
    """The ``matched`` highest of the households' best conceivable triples: an upper bound
    that needs no solver."""
    sizes, size_index = np.unique(hb.size, return_inverse=True)
    by_size = np.full((len(sizes), hb.ok.shape[1]), -np.inf)
    for s, size in enumerate(sizes.tolist()):
        fitting = hb.unit_capacity >= size
        if fitting.any():
            by_size[s] = hb.unit_score[:, fitting].max(axis=1)
    best = np.where(hb.ok, hb.score + by_size[size_index], -np.inf).max(axis=1)
    best = np.sort(best[np.isfinite(best)])[::-1]
    return float(best[:matched].sum())


def _alternatives(hb: HousingBlock, group_of: Ints, top_k: int) -> tuple[Ints, Ints, Floats]:
    """Each household's best other groups, each with the best unit that fits it."""
    m = hb.ok.shape[1]
    sizes, size_index = np.unique(hb.size, return_inverse=True)
    best_score = np.zeros((len(sizes), m))
    best_unit = np.full((len(sizes), m), -1, dtype=np.int64)
    for s, size in enumerate(sizes.tolist()):
        fitting = np.flatnonzero(hb.unit_capacity >= size)
        if len(fitting) and m:
            pick = hb.unit_score[:, fitting].argmax(axis=1)
            best_unit[s] = fitting[pick]
            best_score[s] = hb.unit_score[np.arange(m), best_unit[s]]
    score = hb.score + best_score[size_index]
    cols, values = best_candidates(hb.ok, score, top_k + 1)
    cols, values = drop_chosen(cols, values, group_of, top_k)
    real = cols >= 0
    safe = np.maximum(cols, 0)
    groups = np.where(real, hb.groups[safe] if m else -1, -1)
    if len(hb.units) == 0:
        return groups, np.full_like(cols, -1), values
    units = np.where(real, hb.units[np.maximum(best_unit[size_index[:, None], safe], 0)], -1)
    return groups, units, values
