"""The five criteria and the score of MATCHING.md, vectorised over pairs.

Every function takes index arrays that broadcast against each other: ``hs[:, None]`` with
``gs[None, :]`` scores a block as a matrix, two equal-length vectors score a list of pairs.
The same code therefore computes what the optimiser sees and what the result reports.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .arrays import Arrays, Bits, Bools, Floats, Ints

EARTH_RADIUS_KM = 6371.0088
# Bounds the temporaries of one vectorised step (elements), so memory stays flat however
# large a block is; big enough that numpy's per-call overhead does not matter.
CHUNK_ELEMENTS = 1 << 20


def row_chunks(rows: int, columns: int) -> Iterator[slice]:
    step = max(1, CHUNK_ELEMENTS // max(1, columns))
    for start in range(0, rows, step):
        yield slice(start, min(rows, start + step))


def _shared(left: Bits, right: Bits) -> Ints:
    if left.shape[-1] == 1:  # a vocabulary of at most 64 words: no sum over one word
        return np.bitwise_count(left[..., 0] & right[..., 0])  # type: ignore[return-value]
    return np.bitwise_count(left & right).sum(axis=-1, dtype=np.int64)


# expectations, by contact preference and offer each shifted by one (0 = not given).
_EXPECTATIONS = np.array(
    [[0.5] * 5] + [[0.5] + [1.0 - abs(p - o) / 3.0 for o in range(4)] for p in range(4)]
)


def feasible(a: Arrays, h: Ints, g: Ints) -> Bools:
    """Constraint 3 (every vulnerability supported); constraint 4's exclusions are applied
    by the caller, constraints 1 and 2 by the block split."""
    return ((a.h_vulnerable[h] & a.g_unsupported[g]) == 0).all(axis=-1)  # type: ignore[no-any-return]


def language(a: Arrays, h: Ints, g: Ints) -> Floats:
    return (_shared(a.h_lang[h], a.g_lang[g]) > 0).astype(np.float64)


def network(a: Arrays, h: Ints, g: Ints) -> Floats:
    goals = a.h_goal_count[h]
    common = _shared(a.h_goals[h], a.g_network[g])
    return np.where(goals == 0, 0.5, common / np.maximum(goals, 1))


def interests(a: Arrays, h: Ints, g: Ints) -> Floats:
    common = _shared(a.h_interests[h], a.g_interests[g])
    union = a.h_interest_count[h] + a.g_interest_count[g] - common
    return np.where(union == 0, 0.0, common / np.maximum(union, 1))


def expectations(a: Arrays, h: Ints, g: Ints) -> Floats:
    # A table look-up: 1 - |preference - offer| / 3, or 0.5 when either is not given.
    return _EXPECTATIONS.ravel()[(a.h_pref[h] + 1) * 5 + (a.g_offer[g] + 1)]  # type: ignore[no-any-return]


def rest(a: Arrays, h: Ints, g: Ints) -> Floats:
    """Weighted sum of the four criteria that do not depend on the home."""
    w = a.instance.weights
    return (
        w.language * language(a, h, g)
        + w.network * network(a, h, g)
        + w.interests * interests(a, h, g)
        + w.expectations * expectations(a, h, g)
    )


def _great_circle_km(p: Floats, q: Floats) -> Floats:
    # Haversine through the chord: hav(theta) = chord^2 / 4, so d = 2R asin(chord / 2).
    # Differences of nearby unit vectors keep full precision at short range.
    chord2 = (p[..., 0] - q[..., 0]) ** 2 + (p[..., 1] - q[..., 1]) ** 2
    chord2 += (p[..., 2] - q[..., 2]) ** 2
    return (2.0 * EARTH_RADIUS_KM) * np.arcsin(np.minimum(1.0, np.sqrt(chord2) * 0.5))


def _members(a: Arrays, gs: Ints) -> tuple[Ints, Ints, Ints]:
    """Flattened member rows of ``gs``; segment starts and counts of the groups with members."""
    counts = a.member_count[gs]
    total = int(counts.sum())
    seg_start = np.zeros(len(gs), dtype=np.int64)
    np.cumsum(counts[:-1], out=seg_start[1:])
    rows = np.repeat(a.member_start[gs] - seg_start, counts) + np.arange(total, dtype=np.int64)
    nonempty = counts > 0
    return rows, seg_start[nonempty], counts[nonempty]


def distance_matrix(a: Arrays, xyz: Floats, located: Bools, gs: Ints) -> Floats:
    """Distance criterion of each home (rows) to each group of ``gs`` (columns)."""
    out = np.full((len(xyz), len(gs)), 0.5)
    members, starts, counts = _members(a, gs)
    with_members = np.flatnonzero(a.member_count[gs] > 0)
    homes = np.flatnonzero(located)
    if len(members) == 0 or len(homes) == 0:
        return out
    q = a.member_xyz[members][None, :, :]
    limit = a.instance.max_distance_km
    for chunk in row_chunks(len(homes), len(members)):
        rows = homes[chunk]
        km = _great_circle_km(xyz[rows][:, None, :], q)
        mean = np.add.reduceat(km, starts, axis=1) / counts
        out[np.ix_(rows, with_members)] = np.maximum(0.0, 1.0 - mean / limit)
    return out


def distance_pairs(a: Arrays, xyz: Floats, located: Bools, g: Ints) -> Floats:
    """Distance criterion of home ``xyz[i]`` to group ``g[i]``, for each i."""
    out = np.full(len(g), 0.5)
    counts = a.member_count[g]
    use = located & (counts > 0)
    if not use.any():
        return out
    members, starts, used_counts = _members(a, g[use])
    home = np.repeat(xyz[use], used_counts, axis=0)
    km = _great_circle_km(home, a.member_xyz[members])
    mean = np.add.reduceat(km, starts) / used_counts
    out[use] = np.maximum(0.0, 1.0 - mean / a.instance.max_distance_km)
    return out


def scale(a: Arrays) -> float:
    """Factor from a weighted sum of criteria to the 0..100 score."""
    return 100.0 / sum(a.instance.weights.as_tuple())


def pair_matrix(a: Arrays, hs: Ints, gs: Ints, *, own_home: bool = True) -> tuple[Bools, Floats]:
    """Feasibility and score of every household of ``hs`` with every group of ``gs``.

    With ``own_home`` each household's own location is its home; without it the distance
    criterion is left out (it depends on the housing unit, see ``unit_distance_matrix``).
    """
    ok = np.empty((len(hs), len(gs)), dtype=np.bool_)
    score = np.empty((len(hs), len(gs)))
    factor, w_distance = scale(a), a.instance.weights.distance
    g_row = gs[None, :]

    def fill(chunk: slice) -> None:
        h_col = hs[chunk][:, None]
        ok[chunk] = feasible(a, h_col, g_row)
        part = rest(a, h_col, g_row)
        if own_home:
            homes, located = a.h_xyz[hs[chunk]], a.h_located[hs[chunk]]
            part += w_distance * distance_matrix(a, homes, located, gs)
        part *= factor
        score[chunk] = part

    for chunk in row_chunks(len(hs), len(gs) * max(1, a.h_lang.shape[1])):
        fill(chunk)
    apply_exclusions(a, hs, gs, ok)
    return ok, score


def unit_distance_matrix(a: Arrays, us: Ints, gs: Ints) -> Floats:
    """Score points from the distance criterion of each unit (rows) to each group."""
    distance = distance_matrix(a, a.u_xyz[us], a.u_located[us], gs)
    distance *= a.instance.weights.distance * scale(a)
    return distance


def apply_exclusions(a: Arrays, hs: Ints, gs: Ints, ok: Bools) -> None:
    """Constraint 4: excluded pairs are infeasible."""
    if not a.excluded:
        return
    column = {int(g): j for j, g in enumerate(gs)}
    for i, h in enumerate(hs.tolist()):
        for g in a.excluded.get(h, ()):
            j = column.get(g)
            if j is not None:
                ok[i, j] = False


def criteria_pairs(a: Arrays, h: Ints, g: Ints, xyz: Floats, located: Bools) -> Floats:
    """The five criteria (columns in ``CRITERIA`` order) of each listed pair and home."""
    return np.stack(
        [
            distance_pairs(a, xyz, located, g),
            language(a, h, g),
            network(a, h, g),
            interests(a, h, g),
            expectations(a, h, g),
        ],
        axis=1,
    )


def score_of(a: Arrays, criteria: Floats) -> Floats:
    """100 x sum(w_c s_c) / sum(w_c), row by row."""
    w = np.array(a.instance.weights.as_tuple())
    return 100.0 * (criteria @ w) / w.sum()  # type: ignore[no-any-return]
