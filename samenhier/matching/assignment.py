"""Exact bipartite matching of one block: most households matched, then highest total score.

Each group of capacity c becomes c identical slots, which makes the problem a rectangular
assignment problem solved exactly by ``linear_sum_assignment``. The lexicographic objective
becomes one weight per feasible pair, ``BIG + score``, with ``BIG`` larger than any total
score the block can reach: a solution with one more match then always weighs more, whatever
the scores. Infeasible cells weigh 0, the same as leaving the household unmatched, so a full
assignment of the smaller side is exactly a best matching of the feasible pairs.

Floats stay exact enough: ``BIG`` is 100 x (slots + 1), so at most about 1e7 for a city of
100 000, where one unit in the last place is 2e-9; the total score is off by less than
1e-9 relative, far below any difference between real matchings, and the match count, a
multiple of ``BIG``, cannot be lost to rounding.
"""

from __future__ import annotations

import numpy as np

from ._lsap import linear_sum_assignment
from .arrays import Bools, Floats, Ints
from .prices import priced_assignment

# From this many cells on, the assignment is warm-started with auction prices (``prices``):
# on a city-sized block that halves the time; on small blocks the auction is not worth it.
PRICED_MIN_CELLS = 1_000_000


def lexicographic_big(pairs: int) -> float:
    """A weight above the largest total score of ``pairs`` matched pairs (each <= 100)."""
    return 100.0 * (pairs + 1)


def slot_columns(ok: Bools, capacity: Ints) -> Ints:
    """Column of the group behind each slot. A group never needs more slots than it has
    feasible households, which keeps large capacities from growing the matrix."""
    useful = np.minimum(np.maximum(capacity, 0), ok.sum(axis=0))
    return np.repeat(np.arange(len(capacity)), useful)


def best_matching(ok: Bools, score: Floats, capacity: Ints) -> tuple[Ints, Ints]:
    """Rows and group columns of an optimal matching.

    ``ok`` and ``score`` are (households x groups); ``capacity`` the free places per group.
    ``score`` is used as working memory and holds garbage afterwards: on a city-sized block
    a second matrix would double the peak memory.
    """
    rows = np.flatnonzero(ok.any(axis=1))
    slots = slot_columns(ok[rows], capacity)
    if len(rows) == 0 or len(slots) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    # In place: -(BIG + score) where feasible, 0 (times False) elsewhere.
    score += lexicographic_big(min(len(rows), len(slots)))
    np.negative(score, out=score)
    np.multiply(score, ok, out=score)
    whole = len(rows) == ok.shape[0] and np.array_equal(slots, np.arange(ok.shape[1]))
    cost = score if whole else score[np.ix_(rows, slots)]
    if cost.size < PRICED_MIN_CELLS:
        r, c = linear_sum_assignment(cost)
    elif cost.shape[0] <= cost.shape[1]:
        r, c = priced_assignment(cost)
    else:
        c, r = priced_assignment(np.ascontiguousarray(cost.T))
    keep = cost[r, c] < 0.0
    return rows[r[keep]].astype(np.int64), slots[c[keep]].astype(np.int64)


def best_candidates(ok: Bools, score: Floats, k: int) -> tuple[Ints, Floats]:
    """Columns and scores of each row's ``k`` best feasible pairs, best first, padded with
    column -1 where a row has fewer."""
    n, m = ok.shape
    k = min(k, m)
    if k <= 0:
        return np.full((n, 0), -1, dtype=np.int64), np.zeros((n, 0))
    cols = np.empty((n, k), dtype=np.int64)
    values = np.empty((n, k))
    for start in range(0, n, max(1, (1 << 20) // max(1, m))):
        chunk = slice(start, min(n, start + max(1, (1 << 20) // max(1, m))))
        masked = np.where(ok[chunk], score[chunk], -np.inf)
        part = (
            np.argpartition(-masked, k - 1, axis=1)[:, :k]
            if k < m
            else np.tile(np.arange(m), (masked.shape[0], 1))
        )
        part_values = np.take_along_axis(masked, part, axis=1)
        order = np.argsort(-part_values, axis=1, kind="stable")
        cols[chunk] = np.take_along_axis(part, order, axis=1)
        values[chunk] = np.take_along_axis(part_values, order, axis=1)
    cols[~np.isfinite(values)] = -1
    return cols, values


def drop_chosen(cols: Ints, values: Floats, chosen: Ints, k: int) -> tuple[Ints, Floats]:
    """Remove each row's chosen column from its candidates and keep the first ``k``."""
    keep = cols != chosen[:, None]
    order = np.argsort(~keep, axis=1, kind="stable")[:, :k]
    out_cols = np.take_along_axis(cols, order, axis=1)
    out_values = np.take_along_axis(values, order, axis=1)
    out_cols[~np.take_along_axis(keep, order, axis=1)] = -1
    return out_cols, out_values
