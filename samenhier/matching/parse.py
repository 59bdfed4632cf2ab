"""Parse and validate JSON data into an ``Instance`` (MATCHING.md, "Instance").

Validation is strict on purpose: a misspelt key such as ``vulnerabilites`` would otherwise
silently drop a hard constraint, so unknown fields are refused like wrong types are. Every
error names the offending field (a JSON path) and, when known, the record's id. ``null``
means "not given" for every optional field.

A national instance holds tens of thousands of records, so they first go through a fast
path that only says yes or no; anything it does not accept is read again by the careful
reader, which finds the exact error (or accepts what the fast path was unsure of). JSON
text (``load_instance``, the command) has the fastest: msgspec decodes it straight into
the records, checking the constraints written in their types (``instance``) in C, without
building the JSON objects first. JSON data already in memory (``parse_instance``, the web
app) has a fast path in Python, one record at a time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import TypeVar

import msgspec

from .instance import (
    CRITERIA,
    DEFAULT_KIND,
    DEFAULT_MAX_DISTANCE_KM,
    DEFAULT_MUNICIPALITY,
    DEFAULT_TRACK,
    DEFAULT_WEIGHTS,
    KINDS,
    MAX_COUNT,
    TRACKS,
    Group,
    Household,
    HousingUnit,
    Instance,
    InstanceError,
    Point,
    Weights,
)

T = TypeVar("T")


def _show(value: object) -> str:
    import json  # only bad input needs it

    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class _Record:
    """One JSON object being read, with the path and id used in error messages."""

    def __init__(self, data: object, path: str, allowed: Sequence[str]) -> None:
        if not isinstance(data, dict):
            raise InstanceError(path, f"must be an object, got {_type_name(data)}")
        self.data: dict[str, object] = data
        self.path = path
        self.ident: str | None = None
        raw_id = data.get("id")
        if "id" in allowed and isinstance(raw_id, str) and raw_id:
            self.ident = raw_id
        for key in data:
            if key not in allowed:
                raise InstanceError(
                    self._at(key), "unknown field (expected one of: " + ", ".join(allowed) + ")"
                )
        if "id" in allowed:
            if "id" not in data:
                raise InstanceError(self._at("id"), "required")
            if not isinstance(raw_id, str) or not raw_id:
                raise InstanceError(
                    self._at("id"), f"must be a non-empty string, got {_show(raw_id)}"
                )

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, message: str) -> InstanceError:
        return InstanceError(self._at(key), message, self.ident)

    def get(self, key: str, default: T, read: Callable[[object, str], T]) -> T:
        if self.data.get(key) is None:
            return default
        return read(self.data[key], key)

    def integer(self, key: str, default: int, minimum: int, maximum: int | None = None) -> int:
        def read(value: object, key: str) -> int:
            ok = isinstance(value, int) and not isinstance(value, bool)
            if not ok or value < minimum or (maximum is not None and value > maximum):  # type: ignore[operator]
                bounds = f"from {minimum} to {maximum}" if maximum is not None else f">= {minimum}"
                raise self.fail(key, f"must be a whole number {bounds}, got {_show(value)}")
            return value  # type: ignore[return-value]

        return self.get(key, default, read)

    def optional_scale(self, key: str) -> int | None:
        """Contact frequency 0..3; null or absent means unknown (criterion scores 0.5)."""
        if self.data.get(key) is None:
            return None
        return self.integer(key, 0, 0, 3)

    def choice(self, key: str, default: str, options: Sequence[str]) -> str:
        def read(value: object, key: str) -> str:
            if value not in options:
                quoted = " or ".join(f'"{o}"' for o in options)
                raise self.fail(key, f"must be {quoted}, got {_show(value)}")
            return value  # type: ignore[return-value]

        return self.get(key, default, read)

    def text(self, key: str, default: str) -> str:
        def read(value: object, key: str) -> str:
            if not isinstance(value, str):
                raise self.fail(key, f"must be a string, got {_show(value)}")
            return value

        return self.get(key, default, read)

    def words(self, key: str) -> tuple[str, ...]:
        """A list of strings (the criteria treat it as a set, repeats do no harm)."""

        def read(value: object, key: str) -> tuple[str, ...]:
            if not isinstance(value, list):
                raise self.fail(key, f"must be an array of strings, got {_type_name(value)}")
            for i, item in enumerate(value):
                if not isinstance(item, str):
                    raise self.fail(f"{key}[{i}]", f"must be a string, got {_show(item)}")
            return tuple(value)

        return self.get(key, (), read)

    def point(self, value: object, key: str) -> Point:
        if not isinstance(value, list) or len(value) != 2 or not all(_is_number(v) for v in value):
            raise self.fail(key, f"must be [latitude, longitude] in degrees, got {_show(value)}")
        lat, lon = float(value[0]), float(value[1])
        if not -90.0 <= lat <= 90.0:
            raise self.fail(key, f"latitude must be between -90 and 90, got {_show(value[0])}")
        if not -180.0 <= lon <= 180.0:
            raise self.fail(key, f"longitude must be between -180 and 180, got {_show(value[1])}")
        return (lat, lon)

    def location(self, key: str) -> Point | None:
        value = self.data.get(key)
        return None if value is None else self.point(value, key)

    def points(self, key: str) -> tuple[Point, ...]:
        def read(value: object, key: str) -> tuple[Point, ...]:
            if not isinstance(value, list):
                raise self.fail(
                    key, f"must be an array of [latitude, longitude], got {_show(value)}"
                )
            return tuple(self.point(item, f"{key}[{i}]") for i, item in enumerate(value))

        return self.get(key, (), read)


def _is_number(value: object) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _number(value: object) -> float | None:
    """The value as a finite float, or None when it is no JSON number."""
    return float(value) if _is_number(value) else None  # type: ignore[arg-type]


def _items(data: Mapping[str, object], key: str) -> list[object]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InstanceError(key, f"must be an array, got {_type_name(value)}")
    return value


_HOUSEHOLD_FIELDS = (
    "id",
    "track",
    "municipality",
    "size",
    "languages",
    "interests",
    "goal_sectors",
    "vulnerabilities",
    "contact_preference",
    "location",
)
_GROUP_FIELDS = (
    "id",
    "kind",
    "municipality",
    "capacity",
    "members",
    "languages",
    "interests",
    "network_sectors",
    "supports",
    "contact_offer",
)
_UNIT_FIELDS = ("id", "municipality", "capacity", "location")
_TOP_FIELDS = (
    "weights",
    "max_distance_km",
    "households",
    "groups",
    "housing",
    "excluded_pairs",
    "fixed_pairs",
)


def _household(data: object, path: str) -> Household:
    r = _Record(data, path, _HOUSEHOLD_FIELDS)
    return Household(
        id=r.data["id"],  # type: ignore[arg-type]
        track=r.choice("track", DEFAULT_TRACK, TRACKS),  # type: ignore[arg-type]
        municipality=r.text("municipality", DEFAULT_MUNICIPALITY),
        size=r.integer("size", 1, 1, MAX_COUNT),
        languages=r.words("languages"),
        interests=r.words("interests"),
        goal_sectors=r.words("goal_sectors"),
        vulnerabilities=r.words("vulnerabilities"),
        contact_preference=r.optional_scale("contact_preference"),
        location=r.location("location"),
    )


def _group(data: object, path: str) -> Group:
    r = _Record(data, path, _GROUP_FIELDS)
    return Group(
        id=r.data["id"],  # type: ignore[arg-type]
        kind=r.choice("kind", DEFAULT_KIND, KINDS),  # type: ignore[arg-type]
        municipality=r.text("municipality", DEFAULT_MUNICIPALITY),
        capacity=r.integer("capacity", 1, 0, MAX_COUNT),
        members=r.points("members"),
        languages=r.words("languages"),
        interests=r.words("interests"),
        network_sectors=r.words("network_sectors"),
        supports=r.words("supports"),
        contact_offer=r.optional_scale("contact_offer"),
    )


def _unit(data: object, path: str) -> HousingUnit:
    r = _Record(data, path, _UNIT_FIELDS)
    return HousingUnit(
        id=r.data["id"],  # type: ignore[arg-type]
        municipality=r.text("municipality", DEFAULT_MUNICIPALITY),
        capacity=r.integer("capacity", 1, 0, MAX_COUNT),
        location=r.location("location"),
    )


def _weights(data: Mapping[str, object]) -> Weights:
    if data.get("weights") is None:
        return Weights()
    r = _Record(data["weights"], "weights", CRITERIA)
    values: list[float] = []
    for name in CRITERIA:
        raw = r.data.get(name)
        raw = DEFAULT_WEIGHTS[name] if raw is None else raw
        value = _number(raw)
        if value is None or value < 0:
            raise r.fail(name, f"must be a number >= 0, got {_show(raw)}")
        values.append(value)
    return _check_weight_sum(Weights(*values))


def _check_weight_sum(weights: Weights) -> Weights:
    total = sum(weights.as_tuple())
    if total <= 0:
        raise InstanceError("weights", "at least one weight must be greater than 0")
    if not math.isfinite(total):
        raise InstanceError("weights", "the weights are too large to add up")
    return weights


def _unique(ids: list[str], kind: str) -> dict[str, int]:
    """Index of each id; a repeated id is bad input, named at its second use."""
    index = dict(zip(ids, range(len(ids)), strict=True))
    if len(index) < len(ids):
        seen: dict[str, int] = {}
        for i, key in enumerate(ids):
            if key in seen:
                raise InstanceError(
                    f"{kind}[{i}].id", f"duplicate id, already used by {kind}[{seen[key]}]", key
                )
            seen[key] = i
    return index


def _pairs(
    data: Mapping[str, object],
    key: str,
    households: Mapping[str, int],
    groups: Mapping[str, int],
) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for i, item in enumerate(_items(data, key)):
        path = f"{key}[{i}]"
        if (
            not isinstance(item, list)
            or len(item) != 2
            or not all(isinstance(x, str) for x in item)
        ):
            raise InstanceError(path, f"must be [household id, group id], got {_show(item)}")
        pairs.append(_known_pair(path, item[0], item[1], households, groups))
    return tuple(pairs)


def _known_pair(
    path: str, household: str, group: str, households: Mapping[str, int], groups: Mapping[str, int]
) -> tuple[str, str]:
    if household not in households:
        raise InstanceError(path, f"unknown household {household}", f"{household}, {group}")
    if group not in groups:
        raise InstanceError(path, f"unknown group {group}", f"{household}, {group}")
    return (household, group)


def _ids(
    households: Sequence[Household], groups: Sequence[Group], housing: Sequence[HousingUnit]
) -> tuple[dict[str, int], dict[str, int]]:
    """Index of each household and group id; every id is unique within its list."""
    household_index = _unique([h.id for h in households], "households")
    group_index = _unique([g.id for g in groups], "groups")
    _unique([u.id for u in housing], "housing")
    return household_index, group_index


# --- the fast path for JSON data: same rules, no messages ----------------------------------

_NUMBER_TYPES = (int, float)
_HOUSEHOLD_KEYS = frozenset(_HOUSEHOLD_FIELDS)
_GROUP_KEYS = frozenset(_GROUP_FIELDS)
_UNIT_KEYS = frozenset(_UNIT_FIELDS)


def _fast_words(value: object) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if type(value) is not list:
        return None
    try:
        "".join(value)  # raises TypeError unless every item is a string
    except TypeError:
        return None
    return tuple(value)


def _fast_point(value: object) -> Point | None:
    if type(value) is not list or len(value) != 2:
        return None
    lat, lon = value
    # type() rather than isinstance(): booleans are ints to isinstance, not to JSON.
    if type(lat) not in _NUMBER_TYPES or type(lon) not in _NUMBER_TYPES:
        return None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    return (float(lat), float(lon))


def _fast_count(value: object, default: int, minimum: int) -> int | None:
    if value is None:
        return default
    if type(value) is not int or not minimum <= value <= MAX_COUNT:
        return None
    return value


def _fast_scale(value: object) -> int | bool | None:
    """0..3, None when not given, False when invalid."""
    if value is None:
        return None
    if type(value) is not int or not 0 <= value <= 3:
        return False
    return value


def _fast_household(d: object) -> Household | None:
    if type(d) is not dict or not _HOUSEHOLD_KEYS.issuperset(d):
        return None
    ident = d.get("id")
    track = d.get("track")
    track = DEFAULT_TRACK if track is None else track
    municipality = d.get("municipality")
    municipality = DEFAULT_MUNICIPALITY if municipality is None else municipality
    size = _fast_count(d.get("size"), 1, 1)
    languages = _fast_words(d.get("languages"))
    interests = _fast_words(d.get("interests"))
    goals = _fast_words(d.get("goal_sectors"))
    vulnerabilities = _fast_words(d.get("vulnerabilities"))
    preference = _fast_scale(d.get("contact_preference"))
    raw_location = d.get("location")
    location = None if raw_location is None else _fast_point(raw_location)
    if (
        type(ident) is not str
        or not ident
        or track not in TRACKS
        or type(municipality) is not str
        or size is None
        or languages is None
        or interests is None
        or goals is None
        or vulnerabilities is None
        or preference is False
        or (raw_location is not None and location is None)
    ):
        return None
    return Household(
        ident, track, municipality, size, languages, interests, goals, vulnerabilities,
        preference, location,
    )  # fmt: skip


def _fast_group(d: object) -> Group | None:
    if type(d) is not dict or not _GROUP_KEYS.issuperset(d):
        return None
    ident = d.get("id")
    kind = d.get("kind")
    kind = DEFAULT_KIND if kind is None else kind
    municipality = d.get("municipality")
    municipality = DEFAULT_MUNICIPALITY if municipality is None else municipality
    capacity = _fast_count(d.get("capacity"), 1, 0)
    raw_members = d.get("members")
    members: tuple[Point | None, ...] | None = ()
    if raw_members is not None:
        members = tuple(map(_fast_point, raw_members)) if type(raw_members) is list else None
    if members is None or None in members:
        return None
    languages = _fast_words(d.get("languages"))
    interests = _fast_words(d.get("interests"))
    sectors = _fast_words(d.get("network_sectors"))
    supports = _fast_words(d.get("supports"))
    offer = _fast_scale(d.get("contact_offer"))
    if (
        type(ident) is not str
        or not ident
        or kind not in KINDS
        or type(municipality) is not str
        or capacity is None
        or languages is None
        or interests is None
        or sectors is None
        or supports is None
        or offer is False
    ):
        return None
    return Group(
        ident, kind, municipality, capacity, members, languages, interests, sectors, supports,  # type: ignore[arg-type]
        offer,
    )  # fmt: skip


def _fast_unit(d: object) -> HousingUnit | None:
    if type(d) is not dict or not _UNIT_KEYS.issuperset(d):
        return None
    ident = d.get("id")
    municipality = d.get("municipality")
    municipality = DEFAULT_MUNICIPALITY if municipality is None else municipality
    capacity = _fast_count(d.get("capacity"), 1, 0)
    raw_location = d.get("location")
    location = None if raw_location is None else _fast_point(raw_location)
    if (
        type(ident) is not str
        or not ident
        or type(municipality) is not str
        or capacity is None
        or (raw_location is not None and location is None)
    ):
        return None
    return HousingUnit(ident, municipality, capacity, location)


def _records[R](
    data: Mapping[str, object],
    key: str,
    fast: Callable[[object], R | None],
    careful: Callable[[object, str], R],
) -> tuple[R, ...]:
    items = _items(data, key)
    out = [fast(item) for item in items]
    if None in out:
        out = [r if r is not None else careful(items[i], f"{key}[{i}]") for i, r in enumerate(out)]
    return tuple(out)  # type: ignore[arg-type]


def parse_instance(data: object) -> Instance:
    """Validate JSON data (as from ``json.load``) into an ``Instance``.

    Raises ``InstanceError`` for anything MATCHING.md calls bad input, except the fixed
    pairs' hard constraints, which ``constraints.check_fixed_pairs`` checks.
    """
    if not isinstance(data, dict):
        raise InstanceError("instance", f"must be a JSON object, got {_type_name(data)}")
    for key in data:
        if key not in _TOP_FIELDS:
            raise InstanceError(
                key, "unknown field (expected one of: " + ", ".join(_TOP_FIELDS) + ")"
            )
    weights = _weights(data)
    raw_km = data.get("max_distance_km")
    raw_km = DEFAULT_MAX_DISTANCE_KM if raw_km is None else raw_km
    max_km = _number(raw_km)
    if max_km is None or max_km <= 0:
        raise InstanceError("max_distance_km", f"must be a number > 0, got {_show(raw_km)}")
    households = _records(data, "households", _fast_household, _household)
    groups = _records(data, "groups", _fast_group, _group)
    housing = _records(data, "housing", _fast_unit, _unit)
    household_index, group_index = _ids(households, groups, housing)
    return Instance(
        households=households,
        groups=groups,
        housing=housing,
        weights=weights,
        max_distance_km=max_km,
        excluded_pairs=_pairs(data, "excluded_pairs", household_index, group_index),
        fixed_pairs=_pairs(data, "fixed_pairs", household_index, group_index),
    )


def load_instance(text: str | bytes) -> Instance:
    """Parse JSON text; invalid JSON is an ``InstanceError`` like any other bad input.

    msgspec reads the text straight into the records of ``instance``, checking each value
    against their types as it goes, so that no intermediate JSON objects are built. Whatever
    it does not accept goes through the standard library's JSON reader and
    ``parse_instance``, which accept the same documents and name the error in the others.
    """
    try:
        instance = _decoder().decode(text)
    except (msgspec.DecodeError, UnicodeError):
        return parse_instance(_json_data(text))
    _check_weight_sum(instance.weights)
    households, groups = _ids(instance.households, instance.groups, instance.housing)
    for key, pairs in (
        ("excluded_pairs", instance.excluded_pairs),
        ("fixed_pairs", instance.fixed_pairs),
    ):
        for i, (household, group) in enumerate(pairs):
            _known_pair(f"{key}[{i}]", household, group, households, groups)
    return instance


@cache
def _decoder() -> msgspec.json.Decoder[Instance]:
    return msgspec.json.Decoder(Instance)


def _json_data(text: str | bytes) -> object:
    import json  # only text msgspec does not accept as it is needs it

    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InstanceError(
            "instance", f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    except UnicodeDecodeError as error:
        raise InstanceError("instance", f"invalid JSON: not UTF-8 ({error.reason})") from None
    except RecursionError:
        raise InstanceError("instance", "invalid JSON: nested too deeply") from None
