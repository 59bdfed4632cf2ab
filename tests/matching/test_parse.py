"""The readers agree: JSON text read by the fast reader (msgspec, ``load_instance``) gives
the same instance, or the same one-line error, as the same text read by the standard
library and validated by ``parse_instance`` (its per-record fast path and careful reader).

Documents are small valid instances with one to three things wrong or unusual: a field set
to a value of another type or out of range, ``null`` where a default applies, an unknown or
missing field, a repeated id, a pair naming no record, integers too large for 64 bits or
for a float, NaN, a long decimal, a repeated key.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenhier.matching import Instance, InstanceError, load_instance, parse_instance

HOUSEHOLD_FIELDS = [
    "id", "track", "municipality", "size", "languages", "interests", "goal_sectors",
    "vulnerabilities", "contact_preference", "location",
]  # fmt: skip
GROUP_FIELDS = [
    "id", "kind", "municipality", "capacity", "members", "languages", "interests",
    "network_sectors", "supports", "contact_offer",
]  # fmt: skip
UNIT_FIELDS = ["id", "municipality", "capacity", "location"]
WEIGHTS = ["distance", "language", "network", "interests", "expectations"]
FIELDS = {"households": HOUSEHOLD_FIELDS, "groups": GROUP_FIELDS, "housing": UNIT_FIELDS}

# Stand-ins in the JSON text for values json.dumps cannot write as such.
BIG, HUGE, LONG, FLOAT_ONE = "__big__", "__huge__", "__long__", "__float_one__"
RAW = {
    f'"{BIG}"': "1" + "0" * 30,
    f'"{HUGE}"': "1" + "0" * 400,
    f'"{LONG}"': "51.9244201000000000000000000000000000000017",
    f'"{FLOAT_ONE}"': "1.0",
}

ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 5),
    st.sampled_from([0.5, -0.0, 91.0, -180.5, 1e308, float("nan"), float("inf"), 10**6 + 1]),
    st.sampled_from([BIG, HUGE, LONG, FLOAT_ONE]),
    st.sampled_from(["", "x", "resettlement", "in_country", "sponsor", "welcome"]),
    st.sampled_from([[], ["a"], ["a", 1], [52.0], [52.0, 4.0], [[52.0, 4.0]], [[95.0, 4.0]]]),
    st.sampled_from([{}, {"id": "h0"}]),
)


def _household(i: int) -> dict[str, Any]:
    return {
        "id": f"h{i}", "track": ["resettlement", "in_country"][i % 2], "municipality": "ede",
        "size": 1 + i, "languages": ["ar"], "interests": ["chess", "food"],
        "goal_sectors": ["ict"], "vulnerabilities": ["medical"][: i % 2],
        "contact_preference": i % 4, "location": [52.04 + i / 100, 5.66] if i % 2 else None,
    }  # fmt: skip


def _group(j: int) -> dict[str, Any]:
    return {
        "id": f"g{j}", "kind": ["sponsor", "welcome"][j % 2], "municipality": "ede",
        "capacity": 1 + j % 2, "members": [[52.03, 5.65], [52.05, 5.67]][: 1 + j % 2],
        "languages": ["nl", "ar"], "interests": ["food"], "network_sectors": ["ict"],
        "supports": ["medical"], "contact_offer": 3 - j % 4,
    }  # fmt: skip


@st.composite
def documents(draw: st.DrawFn) -> str:
    instance: dict[str, Any] = {
        "weights": dict(zip(WEIGHTS, [0.3, 0.25, 0.2, 0.15, 0.1], strict=True)),
        "max_distance_km": 15,
        "households": [_household(i) for i in range(3)],
        "groups": [_group(j) for j in range(3)],
        "housing": [{"id": f"u{k}", "municipality": "ede", "capacity": 4} for k in range(2)],
        "excluded_pairs": [["h0", "g1"]],
        "fixed_pairs": [["h1", "g1"]],
    }
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(["record", "record", "record", "top", "weights", "pair"]))
        value = draw(ODD_VALUES)
        kind = draw(st.sampled_from(sorted(FIELDS)))
        listed = instance.get(kind)
        records = [r for r in listed if isinstance(r, dict)] if isinstance(listed, list) else []
        if where == "record" and records:
            record = draw(st.sampled_from(records))
            key = draw(st.sampled_from([*FIELDS[kind], "vulnerabilites"]))
            if draw(st.integers(0, 4)) == 0:
                record.pop(key, None)
            else:
                record[key] = value
        elif where == "weights" and isinstance(instance.get("weights"), dict):
            instance["weights"][draw(st.sampled_from([*WEIGHTS, "age"]))] = value
        elif where == "pair" and isinstance(instance.get("fixed_pairs"), list):
            pair = draw(st.sampled_from([["h2", "g0"], ["hx", "g0"], ["h0", "gx"], ["h0"], value]))
            instance["fixed_pairs"].append(pair)
        else:
            instance[draw(st.sampled_from([*instance, "household"]))] = value
    text = json.dumps(instance)
    for placeholder, raw in RAW.items():
        text = text.replace(placeholder, raw)
    if draw(st.booleans()):
        # A repeated key: both readers keep the last value.
        text = text.replace('"size": ', '"size": 7, "size": ', 1)
    return text


def _read(reader: Any, text: str) -> Instance | str:
    try:
        instance: Instance = reader(text)
    except InstanceError as error:
        return str(error)
    return instance


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_the_fast_reader_agrees_with_the_careful_one(text: str) -> None:
    careful = _read(lambda t: parse_instance(json.loads(t)), text)
    assert _read(load_instance, text) == careful
    assert _read(lambda t: load_instance(t.encode()), text) == careful


def test_the_fast_reader_reads_the_examples_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples are read by msgspec, not handed on to the careful reader."""
    from pathlib import Path

    import samenhier.matching.parse as parse

    def refuse(data: object) -> Instance:
        raise AssertionError("the careful reader was used")

    monkeypatch.setattr(parse, "parse_instance", refuse)
    for path in sorted((Path(__file__).parent / "examples").glob("*.json")):
        if not path.name.endswith(".expected.json"):
            expected = msgspec.json.decode(path.read_bytes())
            assert len(load_instance(path.read_bytes()).households) == len(expected["households"])
