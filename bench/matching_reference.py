"""An independent optimal solve of an instance without housing units (MATCHING.md).

Written from the contract alone, sharing no code with ``samenhier.matching``:

* scores: the textbook haversine on latitudes and longitudes (the engine uses chords between
  unit vectors), set overlaps as products of 0/1 incidence matrices (the engine uses bitsets
  and popcounts); ``criteria`` is the same formula one pair at a time, in plain Python;
* optimum: a different algorithm on a different graph. The number of matches comes from
  Hopcroft-Karp (``maximum_bipartite_matching``) on households x group places; the best total
  from LAPJVsp (``min_weight_full_bipartite_matching``) on the same sparse graph plus one
  private "unmatched" partner per household, so that a full matching always exists. A real
  edge costs ``TOP - (BIG + score)`` and a private partner ``TOP``: the cheapest full matching
  has the most real edges (``BIG`` > any total score), then the highest total score.
  Locked households are taken out first, with one place of their group each.

Used by ``bench/matching.py`` and by ``tests/matching``, which check it against brute force.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

RADIUS_KM = 6371.0088
# Copied from MATCHING.md on purpose, not imported from the engine: the reference must not
# share a line with what it checks.
DEFAULT_WEIGHTS = {
    "distance": 0.30,
    "language": 0.25,
    "network": 0.20,
    "interests": 0.15,
    "expectations": 0.10,
}
KIND = {"resettlement": "sponsor", "in_country": "welcome"}

Record = Mapping[str, Any]


def haversine_km(a: Sequence[float], b: Sequence[float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _words(record: Record, key: str) -> set[str]:
    return set(record.get(key) or [])


def criteria(h: Record, g: Record, home: Sequence[float] | None, max_km: float) -> dict[str, float]:
    """The five criteria of MATCHING.md for household h, group g and home location."""
    members = g.get("members") or []
    if home is None or not members:
        distance = 0.5
    else:
        mean = sum(haversine_km(p, home) for p in members) / len(members)
        distance = max(0.0, 1.0 - mean / max_km)
    goals, mine, theirs = _words(h, "goal_sectors"), _words(h, "interests"), _words(g, "interests")
    pref, offer = h.get("contact_preference"), g.get("contact_offer")
    return {
        "distance": distance,
        "language": 1.0 if _words(h, "languages") & _words(g, "languages") else 0.0,
        "network": len(goals & _words(g, "network_sectors")) / len(goals) if goals else 0.5,
        "interests": len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0,
        "expectations": 0.5 if pref is None or offer is None else 1 - abs(pref - offer) / 3,
    }


def weights_of(instance: Record) -> dict[str, float]:
    given = instance.get("weights") or {}
    return {
        k: float(given.get(k, v) if given.get(k) is not None else v)
        for k, v in DEFAULT_WEIGHTS.items()
    }


def max_km_of(instance: Record) -> float:
    value = instance.get("max_distance_km")
    return 15.0 if value is None else float(value)


def score(crit: Mapping[str, float], weights: Mapping[str, float]) -> float:
    return 100.0 * sum(weights[k] * crit[k] for k in weights) / sum(weights.values())


def compatible(h: Record, g: Record) -> bool:
    """Hard constraints 1 to 3 (exclusions are the caller's)."""
    return (
        KIND[h.get("track") or "resettlement"] == (g.get("kind") or "sponsor")
        and (h.get("municipality") or "") == (g.get("municipality") or "")
        and _words(h, "vulnerabilities") <= _words(g, "supports")
    )


def capacity_of(record: Record) -> int:
    value = record.get("capacity")
    return 1 if value is None else int(value)


# --- vectorised scores, one block (municipality and kind) at a time ------------------------


def _incidence(records: Sequence[Record], key: str, vocabulary: dict[str, int]) -> np.ndarray:
    for record in records:
        for word in record.get(key) or []:
            vocabulary.setdefault(word, len(vocabulary))
    out = np.zeros((len(records), max(1, len(vocabulary))))
    for i, record in enumerate(records):
        for word in set(record.get(key) or []):
            out[i, vocabulary[word]] = 1.0
    return out


def _pad(a: np.ndarray, width: int) -> np.ndarray:
    return np.pad(a, ((0, 0), (0, width - a.shape[1])))


def _overlap(hs: Sequence[Record], h_key: str, gs: Sequence[Record], g_key: str) -> tuple:
    vocabulary: dict[str, int] = {}
    left = _incidence(hs, h_key, vocabulary)
    right = _incidence(gs, g_key, vocabulary)
    width = max(left.shape[1], right.shape[1])
    left, right = _pad(left, width), _pad(right, width)
    return left @ right.T, left.sum(axis=1), right.sum(axis=1)


def _distance(hs: Sequence[Record], gs: Sequence[Record], max_km: float) -> np.ndarray:
    out = np.full((len(hs), len(gs)), 0.5)
    located = [i for i, h in enumerate(hs) if h.get("location") is not None]
    if not located:
        return out
    home = np.radians(np.array([hs[i]["location"] for i in located], dtype=float))
    lat1, lon1 = home[:, 0][:, None], home[:, 1][:, None]
    for j, g in enumerate(gs):
        members = g.get("members") or []
        if not members:
            continue
        pos = np.radians(np.array(members, dtype=float))
        lat2, lon2 = pos[:, 0][None, :], pos[:, 1][None, :]
        h = (
            np.sin((lat2 - lat1) / 2) ** 2
            + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        )
        mean = (2 * RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))).mean(axis=1)
        out[located, j] = np.maximum(0.0, 1.0 - mean / max_km)
    return out


def block_scores(
    hs: Sequence[Record], gs: Sequence[Record], weights: Mapping[str, float], max_km: float
) -> tuple[np.ndarray, np.ndarray]:
    """Feasibility (constraint 3) and score of every household of hs with every group of gs,
    all in one municipality and of the right kind."""
    lang, _, _ = _overlap(hs, "languages", gs, "languages")
    net, goals, _ = _overlap(hs, "goal_sectors", gs, "network_sectors")
    common, mine, theirs = _overlap(hs, "interests", gs, "interests")
    unsupported, _, _ = _overlap(hs, "vulnerabilities", gs, "supports")
    vulnerable = np.array([len(set(h.get("vulnerabilities") or [])) for h in hs], dtype=float)
    ok = unsupported == vulnerable[:, None]
    union = mine[:, None] + theirs[None, :] - common
    pref = np.array(
        [np.nan if h.get("contact_preference") is None else h["contact_preference"] for h in hs],
        dtype=float,
    )
    offer = np.array(
        [np.nan if g.get("contact_offer") is None else g["contact_offer"] for g in gs], dtype=float
    )
    expect = 1 - np.abs(pref[:, None] - offer[None, :]) / 3
    parts = {
        "distance": _distance(hs, gs, max_km),
        "language": (lang > 0).astype(float),
        "network": np.where(goals[:, None] == 0, 0.5, net / np.maximum(goals[:, None], 1)),
        "interests": np.where(union == 0, 0.0, common / np.maximum(union, 1)),
        "expectations": np.where(np.isnan(expect), 0.5, expect),
    }
    total = sum(weights[k] * parts[k] for k in weights)
    return ok, 100.0 * total / sum(weights.values())


def feasible_pairs(instance: Record) -> Iterator[tuple[int, int, float]]:
    """(household index, group index, score) of every pair that passes hard constraints 1
    to 4, each household at its own location."""
    households, groups = instance.get("households") or [], instance.get("groups") or []
    weights, max_km = weights_of(instance), max_km_of(instance)
    excluded = {tuple(p) for p in instance.get("excluded_pairs") or []}
    places: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for i, h in enumerate(households):
        key = (h.get("municipality") or "", KIND[h.get("track") or "resettlement"])
        places.setdefault(key, ([], []))[0].append(i)
    for j, g in enumerate(groups):
        key = (g.get("municipality") or "", g.get("kind") or "sponsor")
        if key in places:
            places[key][1].append(j)
    for h_index, g_index in places.values():
        if not g_index:
            continue
        hs, gs = [households[i] for i in h_index], [groups[j] for j in g_index]
        ok, scores = block_scores(hs, gs, weights, max_km)
        for a, b in zip(*np.nonzero(ok), strict=True):
            i, j = h_index[a], g_index[b]
            if (households[i]["id"], groups[j]["id"]) not in excluded:
                yield i, j, float(scores[a, b])


def optimum(instance: Record) -> tuple[int, float]:
    """(matched, total score) of an optimal solution of an instance without housing."""
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

    households, groups = instance.get("households") or [], instance.get("groups") or []
    index_h = {h["id"]: i for i, h in enumerate(households)}
    index_g = {g["id"]: j for j, g in enumerate(groups)}
    fixed = {index_h[h]: index_g[g] for h, g in instance.get("fixed_pairs") or []}
    capacity = [capacity_of(g) for g in groups]
    pairs = list(feasible_pairs(instance))
    locked_total = 0.0
    for i, j, s in pairs:
        if fixed.get(i) == j:
            locked_total += s
            capacity[j] -= 1
    first = np.concatenate([[0], np.cumsum(capacity)]).astype(np.int64)
    n, places = len(households), int(first[-1])
    edges = [
        (i, int(first[j]) + c, s) for i, j, s in pairs if i not in fixed for c in range(capacity[j])
    ]
    if not edges:
        return len(fixed), locked_total
    r = np.array([e[0] for e in edges])
    c = np.array([e[1] for e in edges])
    s = np.array([e[2] for e in edges])
    graph = csr_array((np.ones(len(r)), (r, c)), shape=(n, places))
    most = int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())
    big = 100.0 * (n + 1)
    top = big + 101.0
    rows = np.concatenate([r, np.arange(n)])
    cols = np.concatenate([c, places + np.arange(n)])
    cost = np.concatenate([top - (big + s), np.full(n, top)])
    row_ind, col_ind = min_weight_full_bipartite_matching(
        csr_array((cost, (rows, cols)), shape=(n, places + n))
    )
    score_of = {(int(a), int(b)): float(v) for a, b, v in zip(r, c, s, strict=True)}
    real = [(int(a), int(b)) for a, b in zip(row_ind, col_ind, strict=True) if b < places]
    if len(real) != most:
        raise AssertionError(f"Hopcroft-Karp finds {most} matches, LAPJVsp {len(real)}")
    return len(real) + len(fixed), locked_total + sum(score_of[p] for p in real)
