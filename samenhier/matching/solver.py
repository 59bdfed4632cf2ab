"""Solve a whole instance: block by block, then explain and report.

Blocks (one municipality, one track) share no household, group or unit, so the optimum of
the instance is the union of the blocks' optima and only one block's matrices are in memory
at a time.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import scoring
from .arrays import Arrays, Block, Ints, build_arrays
from .assignment import best_candidates, best_matching, drop_chosen
from .constraints import check_fixed_pairs
from .explain import reasons
from .instance import Instance
from .outcome import BlockOutcome, no_units
from .parse import parse_instance
from .result import Alternative, Assignment, Criteria, Objective, Result, Unmatched

# Threads that solve independent blocks at once (the development machine has two cores).
THREADS = 2


def solve(instance: Mapping[str, object], *, top_k: int = 3) -> dict[str, object]:
    """Solve JSON data in the instance format; return JSON data in the result format.

    Raises ``InstanceError`` (one line, naming field and id) for bad input.
    """
    return solve_instance(parse_instance(instance), top_k=top_k).to_json()


def solve_instance(instance: Instance, *, top_k: int = 3) -> Result:
    """Solve a parsed instance. Raises ``InstanceError`` if a fixed pair breaks a hard
    constraint, ``ValueError`` if ``top_k`` is negative."""
    if top_k < 0:
        raise ValueError(f"top_k must be >= 0, got {top_k}")
    check_fixed_pairs(instance)
    a = build_arrays(instance)
    blocks = a.blocks()
    three_sided = [instance.has_housing and b.track == "resettlement" for b in blocks]
    pair_blocks = [b for b, housed in zip(blocks, three_sided, strict=True) if not housed]
    by_pairs = iter(_solve_pair_blocks(a, pair_blocks, top_k))
    outcomes = []
    deadline = 0.0
    for block, housed in zip(blocks, three_sided, strict=True):
        if housed:
            from .housing import exact_deadline, solve_housing_block

            deadline = deadline or exact_deadline()
            outcomes.append(solve_housing_block(a, block, top_k, deadline))
        else:
            outcomes.append(next(by_pairs))
    return _report(a, blocks, outcomes)


def _solve_pair_blocks(a: Arrays, blocks: list[Block], top_k: int) -> list[BlockOutcome]:
    """The pair blocks' optima, in order. Blocks are independent and numpy and the
    assignment solver release the GIL, so many blocks are solved by two threads at once,
    largest first so that neither thread is left with a large block at the end."""
    if len(blocks) < 4:
        return [solve_pair_block(a, block, top_k) for block in blocks]
    from concurrent.futures import ThreadPoolExecutor

    cells = [len(b.households) * len(b.groups) for b in blocks]
    order = sorted(range(len(blocks)), key=lambda i: -cells[i])
    with ThreadPoolExecutor(THREADS) as pool:
        solved = list(pool.map(lambda i: solve_pair_block(a, blocks[i], top_k), order))
    outcomes: list[BlockOutcome | None] = [None] * len(blocks)
    for i, outcome in zip(order, solved, strict=True):
        outcomes[i] = outcome
    return [o for o in outcomes if o is not None]


def solve_pair_block(a: Arrays, block: Block, top_k: int) -> BlockOutcome:
    """Exact optimum of a block where each household keeps its own location."""
    is_fixed = np.array([h in a.fixed for h in block.households.tolist()], dtype=np.bool_)
    # Free households first, so that the matching works on a view, not a copy.
    hs = np.concatenate([block.households[~is_fixed], block.households[is_fixed]])
    n_free = int((~is_fixed).sum())
    gs = block.groups
    ok, score = scoring.pair_matrix(a, hs, gs)
    cand_cols, cand_scores = best_candidates(ok, score, top_k + 1)
    column = {g: j for j, g in enumerate(gs.tolist())}
    capacity = a.g_capacity[gs].copy()
    chosen = np.full(len(hs), -1, dtype=np.int64)
    for i, h in enumerate(hs[n_free:].tolist(), start=n_free):
        chosen[i] = column[a.fixed[h]]
        capacity[chosen[i]] -= 1
    rows, cols = best_matching(ok[:n_free], score[:n_free], capacity)
    chosen[rows] = cols
    del ok, score
    alt_cols, alt_scores = drop_chosen(cand_cols, cand_scores, chosen, top_k)
    matched = np.flatnonzero(chosen >= 0)
    return BlockOutcome(
        households=hs[matched],
        groups=gs[chosen[matched]],
        units=no_units(len(matched)),
        alt_households=hs,
        alt_groups=np.where(alt_cols >= 0, gs[np.maximum(alt_cols, 0)], -1)
        if len(gs)
        else alt_cols,
        alt_units=np.full(alt_cols.shape, -1, dtype=np.int64),
        alt_scores=alt_scores,
        optimal=True,
    )


def _report(a: Arrays, blocks: list[Block], outcomes: list[BlockOutcome]) -> Result:
    n_h = len(a.instance.households)
    group_of = np.full(n_h, -1, dtype=np.int64)
    unit_of = np.full(n_h, -1, dtype=np.int64)
    block_of = np.full(n_h, -1, dtype=np.int64)
    for b, (block, outcome) in enumerate(zip(blocks, outcomes, strict=True)):
        block_of[block.households] = b
        group_of[outcome.households] = outcome.groups
        unit_of[outcome.households] = outcome.units
    matched = np.flatnonzero(group_of >= 0)
    g, u = group_of[matched], unit_of[matched]
    has_unit = u >= 0
    xyz, located = a.h_xyz[matched].copy(), a.h_located[matched].copy()
    xyz[has_unit], located[has_unit] = a.u_xyz[u[has_unit]], a.u_located[u[has_unit]]
    criteria = scoring.criteria_pairs(a, matched, g, xyz, located)
    scores = scoring.score_of(a, criteria)
    # Built column by column: one C-level map per field, not a Python call per assignment.
    assignments = tuple(
        map(
            Assignment,
            a.h_ids[matched].tolist(),
            a.g_ids[g].tolist(),
            _unit_ids(a, u),
            scores.tolist(),
            map(Criteria, *criteria.T.tolist()),
        )
    )
    group_load = np.bincount(g, minlength=len(a.g_ids))
    unit_taken = np.bincount(u[has_unit], minlength=len(a.u_ids))
    unmatched = tuple(
        Unmatched(
            household=a.h_ids[h],
            reasons=reasons(a, blocks[block_of[h]], h, group_load, unit_taken),
        )
        for h in np.flatnonzero(group_of < 0).tolist()
    )
    total = float(scores.sum())
    optimal = all(o.optimal for o in outcomes)
    bound = total
    if not optimal:
        block_totals = np.bincount(block_of[matched], weights=scores, minlength=len(blocks))
        bound = sum(
            float(block_totals[b]) if o.bound is None else max(o.bound, float(block_totals[b]))
            for b, o in enumerate(outcomes)
        )
    return Result(
        assignments=assignments,
        unmatched=unmatched,
        alternatives=_alternatives(a, outcomes),
        objective=Objective(matched=len(assignments), total_score=total),
        optimal=optimal,
        bound=bound,
    )


def _unit_ids(a: Arrays, units: Ints) -> list[str | None]:
    """The id of each unit, None for -1 (no unit)."""
    ids = np.full(len(units), None, dtype=object)
    has_unit = units >= 0
    ids[has_unit] = a.u_ids[units[has_unit]]
    return ids.tolist()  # type: ignore[no-any-return]


def _alternatives(a: Arrays, outcomes: list[BlockOutcome]) -> dict[str, tuple[Alternative, ...]]:
    found: list[tuple[Alternative, ...]] = [()] * len(a.h_ids)
    for o in outcomes:
        listed = o.alt_groups >= 0  # rows are best first, padded with -1
        flat = list(
            map(
                Alternative,
                a.g_ids[o.alt_groups[listed]].tolist(),
                _unit_ids(a, o.alt_units[listed]),
                o.alt_scores[listed].tolist(),
            )
        )
        start = 0
        for h, end in zip(
            o.alt_households.tolist(), listed.sum(axis=1).cumsum().tolist(), strict=True
        ):
            found[h] = tuple(flat[start:end])
            start = end
    return dict(zip(a.h_ids.tolist(), found, strict=True))
