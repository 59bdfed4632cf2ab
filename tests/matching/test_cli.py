"""The command line: ``python -m samenhier.matching INSTANCE.json|- [--top-k K]``.

Bad input exits with status 2 and one line on standard error naming the field and, where
there is one, the id; never a traceback. The golden table below holds one case per message
the engine has; it runs in-process (the same ``main`` the module runs), and a few cases
run through a real ``python -m`` process as well.
"""

# The golden messages are clearer one case to a line than wrapped.
# ruff: noqa: E501

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from samenhier.matching import solve
from samenhier.matching.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = Path(__file__).parent / "examples"
H = [{"id": "h"}]
G = [{"id": "g"}]
FIX = [["h", "g"]]

GOLDEN: list[tuple[str, Any, str]] = [
    # JSON itself
    ("invalid JSON", b'{"households": [', "instance: invalid JSON at line 1 column 17: Expecting value"),
    ("not UTF-8", b'{"households": [{"id": "h\xff"}]}', "instance: invalid JSON: not UTF-8 (invalid start byte)"),
    ("nested too deeply", b"[" * 100_000 + b"]" * 100_000, "instance: invalid JSON: nested too deeply"),
    ("not an object", [], "instance: must be a JSON object, got an array"),
    ("unknown field", {"household": []}, "household: unknown field (expected one of: weights, max_distance_km, households, groups, housing, excluded_pairs, fixed_pairs)"),
    ("list not an array", {"households": {}}, "households: must be an array, got an object"),
    # records
    ("record not an object", {"households": ["h1"]}, "households[0]: must be an object, got a string"),
    ("misspelt field", {"households": [{"id": "h1", "vulnerabilites": ["medical"]}]}, "households[0].vulnerabilites: unknown field (expected one of: id, track, municipality, size, languages, interests, goal_sectors, vulnerabilities, contact_preference, location)"),
    ("id missing", {"households": [{"size": 2}]}, "households[0].id: required"),
    ("id empty", {"groups": [{"id": ""}]}, 'groups[0].id: must be a non-empty string, got ""'),
    ("id not a string", {"groups": [{"id": 7}]}, "groups[0].id: must be a non-empty string, got 7"),
    ("duplicate household", {"households": [{"id": "h1"}, {"id": "h1"}]}, "households[1].id (h1): duplicate id, already used by households[0]"),
    ("duplicate group", {"groups": [{"id": "g1"}, {"id": "g1"}]}, "groups[1].id (g1): duplicate id, already used by groups[0]"),
    ("duplicate unit", {"housing": [{"id": "u1"}, {"id": "u1"}]}, "housing[1].id (u1): duplicate id, already used by housing[0]"),
    ("track", {"households": [{"id": "h1", "track": "refugee"}]}, 'households[0].track (h1): must be "resettlement" or "in_country", got "refugee"'),
    ("kind", {"groups": [{"id": "g1", "kind": "host"}]}, 'groups[0].kind (g1): must be "sponsor" or "welcome", got "host"'),
    ("municipality", {"groups": [{"id": "g1", "municipality": 3}]}, "groups[0].municipality (g1): must be a string, got 3"),
    ("negative size", {"households": [{"id": "h1", "size": -2}]}, "households[0].size (h1): must be a whole number from 1 to 1000000, got -2"),
    ("huge size", {"households": [{"id": "h1", "size": 10**30}]}, "households[0].size (h1): must be a whole number from 1 to 1000000, got 1000000000000000000000000000000"),
    ("fractional capacity", {"groups": [{"id": "g1", "capacity": 1.5}]}, "groups[0].capacity (g1): must be a whole number from 0 to 1000000, got 1.5"),
    ("negative unit capacity", {"housing": [{"id": "u1", "capacity": -1}]}, "housing[0].capacity (u1): must be a whole number from 0 to 1000000, got -1"),
    ("words not an array", {"households": [{"id": "h1", "languages": "ar"}]}, "households[0].languages (h1): must be an array of strings, got a string"),
    ("word not a string", {"groups": [{"id": "g1", "supports": ["medical", 3]}]}, "groups[0].supports[1] (g1): must be a string, got 3"),
    ("contact scale", {"households": [{"id": "h1", "contact_preference": 4}]}, "households[0].contact_preference (h1): must be a whole number from 0 to 3, got 4"),
    ("contact boolean", {"groups": [{"id": "g1", "contact_offer": True}]}, "groups[0].contact_offer (g1): must be a whole number from 0 to 3, got true"),
    ("location shape", {"households": [{"id": "h1", "location": [52.0]}]}, "households[0].location (h1): must be [latitude, longitude] in degrees, got [52.0]"),
    ("latitude", {"households": [{"id": "h1", "location": [91.0, 4.0]}]}, "households[0].location (h1): latitude must be between -90 and 90, got 91.0"),
    ("longitude", {"housing": [{"id": "u1", "location": [52.0, -180.5]}]}, "housing[0].location (u1): longitude must be between -180 and 180, got -180.5"),
    ("members not an array", {"groups": [{"id": "g1", "members": "rotterdam"}]}, 'groups[0].members (g1): must be an array of [latitude, longitude], got "rotterdam"'),
    ("member out of range", {"groups": [{"id": "g1", "members": [[51.9, 4.4], [-95, 4.4]]}]}, "groups[0].members[1] (g1): latitude must be between -90 and 90, got -95"),
    ("no float", {"households": [{"id": "h1", "location": [10**400, 4.0]}]}, "households[0].location (h1): must be [latitude, longitude] in degrees, got [100000000000000000000000000000000000..."),
    # weights and distance
    ("weights not an object", {"weights": [0.3]}, "weights: must be an object, got an array"),
    ("unknown weight", {"weights": {"distance": 1, "age": 1}}, "weights.age: unknown field (expected one of: distance, language, network, interests, expectations)"),
    ("negative weight", {"weights": {"language": -0.1}}, "weights.language: must be a number >= 0, got -0.1"),
    ("weight no float", {"weights": {"language": 10**400}}, "weights.language: must be a number >= 0, got 1000000000000000000000000000000000000..."),
    ("all weights zero", {"weights": dict.fromkeys(["distance", "language", "network", "interests", "expectations"], 0)}, "weights: at least one weight must be greater than 0"),
    ("weights overflow", {"weights": {"distance": 1e308, "language": 1e308}}, "weights: the weights are too large to add up"),
    ("max distance", {"max_distance_km": 0}, "max_distance_km: must be a number > 0, got 0"),
    # pairs
    ("pair shape", {"households": H, "groups": G, "excluded_pairs": [["h"]]}, 'excluded_pairs[0]: must be [household id, group id], got ["h"]'),
    ("unknown household", {"households": H, "groups": G, "excluded_pairs": [["hx", "g"]]}, "excluded_pairs[0] (hx, g): unknown household hx"),
    ("unknown group", {"households": H, "groups": G, "fixed_pairs": [["h", "gx"]]}, "fixed_pairs[0] (h, gx): unknown group gx"),
    ("fixed twice", {"households": H, "groups": [*G, {"id": "g2"}], "fixed_pairs": [*FIX, ["h", "g2"]]}, "fixed_pairs[1] (h, g2): household h is already fixed to g in fixed_pairs[0]"),
    # fixed pairs that break a hard constraint
    ("fixed 1", {"households": [{"id": "h", "track": "in_country"}], "groups": G, "fixed_pairs": FIX}, "fixed_pairs[0] (h, g): breaks hard constraint 1: an in_country household needs a welcome group, g is a sponsor group"),
    ("fixed 2", {"households": [{"id": "h", "municipality": "delft"}], "groups": [{"id": "g", "municipality": "ede"}], "fixed_pairs": FIX}, "fixed_pairs[0] (h, g): breaks hard constraint 2: household h is in delft, group g in ede"),
    ("fixed 3", {"households": [{"id": "h", "vulnerabilities": ["medical", "trauma"]}], "groups": [{"id": "g", "supports": ["medical"]}], "fixed_pairs": FIX}, "fixed_pairs[0] (h, g): breaks hard constraint 3: group g does not support: trauma"),
    ("fixed 4", {"households": H, "groups": G, "excluded_pairs": FIX, "fixed_pairs": FIX}, "fixed_pairs[0] (h, g): breaks hard constraint 4: the pair is also in excluded_pairs"),
    ("fixed 5", {"households": [{"id": "a"}, {"id": "b"}], "groups": G, "fixed_pairs": [["a", "g"], ["b", "g"]]}, "fixed_pairs[1] (b, g): breaks hard constraint 5: group g has capacity 1 but is fixed to 2 households"),
    ("fixed 6, no unit", {"households": [{"id": "h", "size": 5, "municipality": "ede"}], "groups": [{"id": "g", "municipality": "ede"}], "housing": [{"id": "u", "capacity": 4, "municipality": "ede"}], "fixed_pairs": FIX}, "fixed_pairs[0] (h, g): breaks hard constraint 6: no housing unit in ede has capacity >= 5"),
    ("fixed 6, too few units", {"households": [{"id": "a", "size": 3}, {"id": "b", "size": 4}], "groups": [{"id": "g", "capacity": 2}], "housing": [{"id": "u1", "capacity": 4}, {"id": "u2", "capacity": 2}], "fixed_pairs": [["a", "g"], ["b", "g"]]}, "fixed_pairs[0] (a, g): breaks hard constraint 6: (no municipality) has 1 housing unit(s) with capacity >= 3 for 2 fixed households of size >= 3"),
]  # fmt: skip


def _raw(data: Any) -> bytes:
    return data if isinstance(data, bytes) else json.dumps(data).encode()


def _run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data: bytes, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = main([*args, "-"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("data", "message"), [c[1:] for c in GOLDEN], ids=[c[0] for c in GOLDEN])
def test_each_bad_input_exits_2_with_its_one_line_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data: Any, message: str
) -> None:
    code, out, err = _run_main(monkeypatch, capsys, _raw(data))
    assert (code, out, err) == (2, "", f"error: {message}\n")


def _python(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "samenhier.matching", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["-"], b"{", "error: instance: invalid JSON at line 1 column 2: Expecting property name enclosed in double quotes"),
        (["-"], _raw(GOLDEN[-1][1]), "error: " + GOLDEN[-1][2]),
        (["no-such-file.json"], b"", "error: cannot read no-such-file.json: No such file or directory"),
        (["--top-k", "-1", "-"], b"{}", "error: argument --top-k: --top-k must be >= 0, got -1 (usage: python -m samenhier.matching [-h] [--top-k K] instance)"),
        (["--top-k", "two", "-"], b"{}", "error: argument --top-k: --top-k must be a whole number, got 'two' (usage: python -m samenhier.matching [-h] [--top-k K] instance)"),
        ([], b"", "error: the following arguments are required: instance (usage: python -m samenhier.matching [-h] [--top-k K] instance)"),
    ],
)  # fmt: skip
def test_the_process_exits_2_with_one_line_and_no_traceback(
    args: list[str], stdin: bytes, message: str
) -> None:
    done = _python(*args, stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.decode() == message + "\n"


def test_a_file_and_standard_input_give_the_same_result_as_in_process() -> None:
    path = EXAMPLES / "capacity-and-fixed.json"
    from_file = _python(str(path))
    from_stdin = _python("-", stdin=path.read_bytes())
    assert from_file.returncode == from_stdin.returncode == 0
    assert from_file.stderr == from_stdin.stderr == b""
    assert from_file.stdout == from_stdin.stdout
    assert json.loads(from_file.stdout) == solve(json.loads(path.read_text()))


def test_top_k_sets_the_number_of_alternatives(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    instance = {"households": H, "groups": [{"id": f"g{i}"} for i in range(6)]}
    counts = {}
    for args in ([], ["--top-k", "1"], ["--top-k", "0"], ["--top-k", "10"]):
        code, out, _ = _run_main(monkeypatch, capsys, _raw(instance), *args)
        assert code == 0
        counts[" ".join(args)] = len(json.loads(out)["alternatives"]["h"])
    assert counts == {"": 3, "--top-k 1": 1, "--top-k 0": 0, "--top-k 10": 5}


def test_the_result_has_exactly_the_fields_of_the_contract() -> None:
    done = _python("-", stdin=_raw({"households": H, "groups": [*G, {"id": "g2"}]}))
    result = json.loads(done.stdout)
    assert set(result) == {
        "assignments",
        "unmatched",
        "alternatives",
        "objective",
        "optimal",
        "bound",
    }
    (assignment,) = result["assignments"]
    assert set(assignment) == {"household", "group", "housing", "score", "criteria"}
    assert list(assignment["criteria"]) == [
        "distance",
        "language",
        "network",
        "interests",
        "expectations",
    ]
    assert set(result["objective"]) == {"matched", "total_score"}
    assert set(result["alternatives"]["h"][0]) == {"group", "housing", "score"}


def test_an_id_with_a_lone_surrogate_comes_back_as_it_came() -> None:
    # JSON text may escape half a surrogate pair; Python's reader takes it, UTF-8 cannot
    # carry it, so the result writes it escaped again rather than failing.
    text = b'{"households": [{"id": "h\\ud800"}], "groups": [{"id": "g\\u00e9"}]}'
    done = _python("-", stdin=text)
    assert (done.returncode, done.stderr) == (0, b"")
    result = json.loads(done.stdout)
    assert result["assignments"][0]["household"] == "h\ud800"
    assert result == solve(json.loads(text))
