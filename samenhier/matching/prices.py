"""Warm-start prices for large assignment problems, from a vectorised auction.

``linear_sum_assignment`` is exact but starts from zero duals. On a city-sized block where
households largely agree on which groups are attractive, it then spends most of its time
discovering that those groups are contested: each new household searches an augmenting
path through every popular group already taken. A few rounds of Bertsekas' auction, in
which all unassigned rows bid at once (a few numpy steps per round), price the popular
columns up front. Adding those prices to every column of a square version of the problem
leaves its optimal assignments unchanged (every column is assigned exactly once, so the
prices add a constant) while most rows then find their column at once.

The prices only change the speed, never the result: exactness stays with the solver.
"""

from __future__ import annotations

import numpy as np

from ._lsap import linear_sum_assignment
from .arrays import Floats, Ints

# The auction stops after this many passes over the matrix in total and hands over the
# prices it has; ever smaller bid increments make the prices ever closer to optimal duals.
# Tuned on the 5,000-household city of bench/matching.py (scores 0..100).
WORK_LIMIT = 400
EPSILONS = (5.0, 1.0, 0.2, 0.05, 0.01, 0.002)
_CHUNK = 1 << 20


def _best_two(cost: Floats, rows: Ints, prices: Floats) -> tuple[Ints, Floats, Floats]:
    """Per row: the cheapest column after prices, its reduced cost, and the runner-up's."""
    m = cost.shape[1]
    best = np.empty(len(rows), dtype=np.int64)
    first = np.empty(len(rows))
    second = np.empty(len(rows))
    step = max(1, _CHUNK // max(1, m))
    for start in range(0, len(rows), step):
        part = slice(start, start + step)
        reduced = cost[rows[part]] + prices
        idx = np.arange(reduced.shape[0])
        best[part] = reduced.argmin(axis=1)
        first[part] = reduced[idx, best[part]]
        reduced[idx, best[part]] = np.inf
        second[part] = reduced.min(axis=1)
    return best, first, second


def auction_prices(cost: Floats) -> Floats:
    """Column prices after an epsilon-scaling auction on ``cost`` (rows <= columns)."""
    n, m = cost.shape
    prices = np.zeros(m)
    budget = WORK_LIMIT * n * m
    for eps in EPSILONS:
        owner = np.full(m, -1, dtype=np.int64)
        assigned = np.zeros(n, dtype=np.bool_)
        bidders = np.arange(n)
        while len(bidders) and budget > 0:
            budget -= len(bidders) * m
            col, first, second = _best_two(cost, bidders, prices)
            # Raise the price until the bidder would be indifferent, plus eps.
            bid = prices[col] + np.minimum(second - first, 1e12) + eps
            order = np.lexsort((bid, col))
            last = np.append(col[order][1:] != col[order][:-1], True)
            win = order[last]
            won_col, won_by = col[win], bidders[win]
            losers = owner[won_col]
            assigned[losers[losers >= 0]] = False
            owner[won_col] = won_by
            assigned[won_by] = True
            prices[won_col] = bid[win]
            bidders = np.flatnonzero(~assigned)
        if budget <= 0:
            break
    return prices


def priced_assignment(cost: Floats) -> tuple[Ints, Ints]:
    """``linear_sum_assignment(cost)`` for rows <= columns, warm-started with prices."""
    n, m = cost.shape
    prices = auction_prices(cost)
    square = np.empty((m, m))
    square[:n] = cost
    square[n:] = 0.0
    square += prices
    rows, cols = linear_sum_assignment(square)
    real = rows < n
    return rows[real].astype(np.int64), cols[real].astype(np.int64)
