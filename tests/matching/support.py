"""Shared by the matching tests: a brute-force optimum and an independent result checker.

Both read the instance as plain JSON data and score with ``bench/matching_reference.py``,
which shares no code with the engine.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from bench.matching_reference import KIND, capacity_of, compatible, criteria, max_km_of, score
from bench.matching_reference import weights_of as reference_weights
from samenhier.matching import solve

Data = dict[str, Any]
TOLERANCE = 1e-9


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=1e-7)


def household(ident: str, **fields: Any) -> Data:
    return {"id": ident, **fields}


def group(ident: str, **fields: Any) -> Data:
    return {"id": ident, **fields}


def run(instance: Data, top_k: int = 3) -> Data:
    return solve(instance, top_k=top_k)


def assigned(result: Data) -> dict[str, tuple[str, str | None]]:
    return {a["household"]: (a["group"], a["housing"]) for a in result["assignments"]}


def reasons(result: Data) -> dict[str, list[str]]:
    return {u["household"]: u["reasons"] for u in result["unmatched"]}


# --- brute force ---------------------------------------------------------------------------


def _track(h: Data) -> str:
    return h.get("track") or "resettlement"


def _options(instance: Data) -> list[list[tuple[int, int | None, float]]]:
    """Per household: every (group, unit or None, score) that breaks no pairwise constraint."""
    households, groups = instance.get("households") or [], instance.get("groups") or []
    units = instance.get("housing") or []
    weights, max_km = reference_weights(instance), max_km_of(instance)
    excluded = {tuple(p) for p in instance.get("excluded_pairs") or []}
    fixed: dict[str, set[str]] = {}
    for h_id, g_id in instance.get("fixed_pairs") or []:
        fixed.setdefault(h_id, set()).add(g_id)
    out = []
    for h in households:
        mine: list[tuple[int, int | None, float]] = []
        for j, g in enumerate(groups):
            if not compatible(h, g) or (h["id"], g["id"]) in excluded:
                continue
            if h["id"] in fixed and fixed[h["id"]] != {g["id"]}:
                continue
            if units and _track(h) == "resettlement":
                for k, u in enumerate(units):
                    if (u.get("municipality") or "") == (h.get("municipality") or "") and (
                        capacity_of(u) >= (h.get("size") or 1)
                    ):
                        crit = criteria(h, g, u.get("location"), max_km)
                        mine.append((j, k, score(crit, weights)))
            else:
                crit = criteria(h, g, h.get("location"), max_km)
                mine.append((j, None, score(crit, weights)))
        out.append(mine)
    return out


def brute_force(instance: Data) -> tuple[int, float] | None:
    """The best (matched, total score) over every assignment keeping the fixed pairs, or
    None when no assignment keeps them all."""
    households, groups = instance.get("households") or [], instance.get("groups") or []
    must = {h_id for h_id, _ in instance.get("fixed_pairs") or []}
    options = _options(instance)
    load = [0] * len(groups)
    capacity = [capacity_of(g) for g in groups]
    taken: set[int] = set()
    best: tuple[int, float] | None = None

    def walk(i: int, matched: int, total: float) -> None:
        nonlocal best
        if i == len(households):
            if best is None or matched > best[0] or (matched == best[0] and total > best[1]):
                best = (matched, total)
            return
        if households[i]["id"] not in must:
            walk(i + 1, matched, total)
        for j, k, s in options[i]:
            if load[j] >= capacity[j] or (k is not None and k in taken):
                continue
            load[j] += 1
            if k is not None:
                taken.add(k)
            walk(i + 1, matched + 1, total + s)
            load[j] -= 1
            taken.discard(k)  # type: ignore[arg-type]

    walk(0, 0, 0.0)
    return best


# --- checking a result against the contract ------------------------------------------------


def violations(instance: Data, result: Data, top_k: int = 3) -> Iterator[str]:
    """Everything in ``result`` that breaks MATCHING.md for ``instance``."""
    households = {h["id"]: h for h in instance.get("households") or []}
    groups = {g["id"]: g for g in instance.get("groups") or []}
    units = {u["id"]: u for u in instance.get("housing") or []}
    weights, max_km = reference_weights(instance), max_km_of(instance)
    excluded = {tuple(p) for p in instance.get("excluded_pairs") or []}
    seen = [a["household"] for a in result["assignments"]] + [
        u["household"] for u in result["unmatched"]
    ]
    if sorted(seen) != sorted(households):
        yield f"households reported {sorted(seen)}, expected each of {sorted(households)} once"
    load: Counter[str] = Counter()
    used: Counter[str] = Counter()
    total = 0.0
    for a in result["assignments"]:
        h, g = households[a["household"]], groups[a["group"]]
        pair = f"{h['id']}-{g['id']}"
        if not compatible(h, g):
            yield f"{pair} breaks constraint 1, 2 or 3"
        if (h["id"], g["id"]) in excluded:
            yield f"{pair} is excluded"
        load[g["id"]] += 1
        home = h.get("location")
        if units and _track(h) == "resettlement":
            u = units.get(a["housing"])
            if u is None:
                yield f"{pair} has no housing unit"
            else:
                used[u["id"]] += 1
                home = u.get("location")
                if (u.get("municipality") or "") != (h.get("municipality") or ""):
                    yield f"{pair} is housed in another municipality"
                if capacity_of(u) < (h.get("size") or 1):
                    yield f"{pair} is housed in a unit that is too small"
        elif a["housing"] is not None:
            yield f"{pair} got a unit it may not have"
        expected = criteria(h, g, home, max_km)
        for name, value in expected.items():
            if not close(a["criteria"][name], value):
                yield f"{pair} {name} is {a['criteria'][name]}, expected {value}"
        if not close(a["score"], score(a["criteria"], weights)):
            yield f"{pair} score {a['score']} does not follow from its criteria"
        total += a["score"]
    for g_id, n in load.items():
        if n > capacity_of(groups[g_id]):
            yield f"group {g_id} takes {n} households"
    for u_id, n in used.items():
        if n > 1:
            yield f"unit {u_id} houses {n} households"
    pairs = {(a["household"], a["group"]) for a in result["assignments"]}
    for h_id, g_id in instance.get("fixed_pairs") or []:
        if (h_id, g_id) not in pairs:
            yield f"fixed pair {h_id}-{g_id} is missing"
    if result["objective"]["matched"] != len(result["assignments"]):
        yield "objective.matched is not the number of assignments"
    if not close(result["objective"]["total_score"], total):
        yield "objective.total_score is not the sum of the scores"
    if result["bound"] < total - 1e-7:
        yield "bound is below the total score"
    for u in result["unmatched"]:
        if not u["reasons"] or not all(isinstance(r, str) and r for r in u["reasons"]):
            yield f"{u['household']} is unmatched without a reason"
    yield from _alternative_violations(instance, result, top_k)


def _alternative_violations(instance: Data, result: Data, top_k: int) -> Iterator[str]:
    households = {h["id"]: h for h in instance.get("households") or []}
    groups = {g["id"]: g for g in instance.get("groups") or []}
    units = {u["id"]: u for u in instance.get("housing") or []}
    weights, max_km = reference_weights(instance), max_km_of(instance)
    excluded = {tuple(p) for p in instance.get("excluded_pairs") or []}
    mine = assigned(result)
    if set(result["alternatives"]) - set(households):
        yield "alternatives for unknown households"
    for h_id, alternatives in result["alternatives"].items():
        h = households[h_id]
        if len(alternatives) > top_k:
            yield f"{h_id} has {len(alternatives)} alternatives, more than {top_k}"
        scores = [alt["score"] for alt in alternatives]
        if scores != sorted(scores, reverse=True):
            yield f"{h_id}'s alternatives are not best first"
        for alt in alternatives:
            g = groups[alt["group"]]
            if not compatible(h, g) or (h_id, g["id"]) in excluded:
                yield f"{h_id}'s alternative {g['id']} breaks a hard constraint"
            if h_id in mine and mine[h_id][0] == g["id"]:
                yield f"{h_id}'s alternative {g['id']} is its own assignment"
            home = h.get("location")
            if units and _track(h) == "resettlement":
                u = units.get(alt["housing"])
                if u is None or capacity_of(u) < (h.get("size") or 1):
                    yield f"{h_id}'s alternative {g['id']} has no fitting unit"
                    continue
                home = u.get("location")
            elif alt["housing"] is not None:
                yield f"{h_id}'s alternative {g['id']} has a unit it may not have"
            if not close(alt["score"], score(criteria(h, g, home, max_km), weights)):
                yield f"{h_id}'s alternative {g['id']} has a wrong score"


def kind_for(h: Mapping[str, Any]) -> str:
    return KIND[_track(h)]


def ids(records: Sequence[Mapping[str, Any]]) -> list[str]:
    return [r["id"] for r in records]
