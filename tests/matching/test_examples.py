"""The worked examples of MATCHING.md (``examples/``): the engine reaches their optimal
objective, and for ``small`` every feasible pair has exactly the listed criteria and score."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from samenhier.matching import InstanceError, solve
from tests.matching.support import Data, violations

EXAMPLES = Path(__file__).parent / "examples"
NAMES = ["small", "capacity-and-fixed", "national", "housing"]


def _load(name: str) -> Data:
    return json.loads((EXAMPLES / name).read_text())


@pytest.mark.parametrize("name", NAMES)
def test_the_engine_reaches_the_optimal_objective_of_each_worked_example(name: str) -> None:
    instance, expected = _load(f"{name}.json"), _load(f"{name}.expected.json")
    result = solve(instance)
    assert result["objective"]["matched"] == expected["objective"]["matched"]
    assert math.isclose(
        result["objective"]["total_score"], expected["objective"]["total_score"], rel_tol=1e-6
    )
    assert result["optimal"] is expected["optimal"] is True
    assert list(violations(instance, result)) == []


def test_every_feasible_pair_of_small_has_exactly_the_listed_criteria_and_score() -> None:
    instance, expected = _load("small.json"), _load("small.expected.json")
    listed = {(p["household"], p["group"]): p for p in expected["feasible_pairs"]}
    found = {}
    for h in instance["households"]:
        for g in instance["groups"]:
            # Locking a pair makes the engine report its criteria, or refuse it as breaking
            # a hard constraint: that recovers the engine's feasible pairs one by one.
            try:
                result = solve({**instance, "fixed_pairs": [[h["id"], g["id"]]]})
            except InstanceError:
                continue
            (mine,) = [a for a in result["assignments"] if a["household"] == h["id"]]
            found[h["id"], g["id"]] = mine
    assert sorted(found) == sorted(listed)
    for pair, mine in found.items():
        assert mine["criteria"] == pytest.approx(listed[pair]["criteria"], rel=1e-12, abs=1e-12)
        assert mine["score"] == pytest.approx(listed[pair]["score"], rel=1e-12, abs=1e-12)
