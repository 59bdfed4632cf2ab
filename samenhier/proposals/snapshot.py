"""Database rows in, engine instance out (MATCHING.md), and keys back to rows.

Households and groups appear in the engine only by key ("h12", "g7") with their profile:
no names, no contact data, no member addresses beyond the rounded positions matching needs.
"""

from collections.abc import Iterable
from typing import Any

from samenhier.groups.models import Group
from samenhier.newcomers.models import Household

MAX_DISTANCE_KM = 15


def household_key(pk: int) -> str:
    return f"h{pk}"


def group_key(pk: int) -> str:
    return f"g{pk}"


def pk_of(key: str) -> int:
    return int(key[1:])


def _point(latitude: object, longitude: object) -> list[float] | None:
    if latitude is None or longitude is None:
        return None
    return [float(latitude), float(longitude)]  # type: ignore[arg-type]


def household_record(household: Household) -> dict[str, Any]:
    return {
        "id": household_key(household.pk),
        "track": household.track,
        "municipality": household.city.slug,
        "size": household.size,
        "languages": list(household.languages),
        "interests": list(household.interests),
        "goal_sectors": list(household.goal_sectors),
        "vulnerabilities": list(household.vulnerabilities or []),
        "contact_preference": household.contact_preference,
        "location": _point(household.latitude, household.longitude),
    }


def group_record(group: Group, room: int) -> dict[str, Any]:
    """`room`: the households the group can still take; members need `current_members`
    prefetched (see `build`)."""
    positions = [_point(m.latitude, m.longitude) for m in group.current_members]  # type: ignore[attr-defined]
    return {
        "id": group_key(group.pk),
        "kind": group.kind,
        "municipality": group.city.slug,
        "capacity": room,
        "members": [p for p in positions if p is not None],
        "languages": list(group.languages),
        "interests": list(group.interests),
        "network_sectors": list(group.network_sectors),
        "supports": list(group.supports),
        "contact_offer": group.contact_offer,
    }


Pair = tuple[int, int]  # (household pk, group pk)


def build(
    households: Iterable[Household],
    groups: Iterable[Group],
    *,
    fixed: Iterable[Pair] = (),
    excluded: Iterable[Pair] = (),
) -> dict[str, Any]:
    """The engine instance. `groups` carry the `room` annotation (selection.with_room) and
    `current_members` prefetched."""
    household_rows = [household_record(h) for h in households]
    group_rows = [group_record(g, max(int(g.room), 0)) for g in groups]  # type: ignore[attr-defined]
    present_h = {row["id"] for row in household_rows}
    present_g = {row["id"] for row in group_rows}

    def keep(pairs: Iterable[Pair]) -> list[list[str]]:
        keyed = {(household_key(h), group_key(g)) for h, g in pairs}
        return sorted([h, g] for h, g in keyed if h in present_h and g in present_g)

    return {
        "max_distance_km": MAX_DISTANCE_KM,
        "households": household_rows,
        "groups": group_rows,
        "fixed_pairs": keep(fixed),
        "excluded_pairs": keep(excluded),
    }


def excluded_keys(instance: dict[str, Any]) -> set[tuple[str, str]]:
    """The run's excluded pairs as (household key, group key)."""
    return {(h, g) for h, g in instance.get("excluded_pairs", [])}


def records_by_key(instance: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in instance["households"] + instance["groups"]}


def without_household(instance: dict[str, Any], key: str) -> dict[str, Any]:
    return {
        **instance,
        "households": [r for r in instance.get("households", []) if r["id"] != key],
        "fixed_pairs": [p for p in instance.get("fixed_pairs", []) if p[0] != key],
        "excluded_pairs": [p for p in instance.get("excluded_pairs", []) if p[0] != key],
    }


def result_without_household(result: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        **result,
        "assignments": [a for a in result.get("assignments", []) if a["household"] != key],
        "unmatched": [u for u in result.get("unmatched", []) if u["household"] != key],
        "alternatives": {h: v for h, v in result.get("alternatives", {}).items() if h != key},
    }
