"""The three-sided case beyond brute-force sizes: never worse than homes first then groups,
and an honest bound when optimality is not proven."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.matching import generate
from samenhier.matching import housing, parse_instance, solve
from samenhier.matching.arrays import build_arrays
from samenhier.matching.housing_block import build_housing_block
from samenhier.matching.housing_model import Relaxed
from samenhier.matching.housing_search import homes_first
from tests.matching.support import Data, violations


def _housing_instance(seed: int, households: int = 40) -> Data:
    return generate(
        households,
        households,
        1,
        seed=seed,
        resettlement_share=1.0,
        sponsor_share=1.0,
        units_per_household=0.9,
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
def test_housing_is_never_worse_than_homes_first_then_groups(seed: int) -> None:
    instance = _housing_instance(seed)
    result = solve(instance)
    assert list(violations(instance, result)) == []
    a = build_arrays(parse_instance(instance))
    (block,) = [b for b in a.blocks() if b.track == "resettlement"]
    hb = build_housing_block(a, block)
    manual = hb.value(*homes_first(hb))
    engine = (result["objective"]["matched"], result["objective"]["total_score"])
    assert engine[0] >= manual[0]
    if engine[0] == manual[0]:
        assert engine[1] >= manual[1] - 1e-9


def test_without_a_proof_the_result_says_so_and_gives_its_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    instance = _housing_instance(7)
    proven = solve(instance)
    assert proven["optimal"] is True

    real = housing.relaxation

    def looser(*args: object) -> Relaxed:
        # A valid but weaker bound, and no integral LP solution to fall back on.
        lp = real(*args)  # type: ignore[arg-type]
        return dataclasses.replace(lp, bound=lp.bound + 5.0, group_of=None, unit_of=None)

    monkeypatch.setattr(housing, "relaxation", looser)
    monkeypatch.setattr(housing, "EXACT_MAX_VARIABLES", 0)
    result = solve(instance)
    assert list(violations(instance, result)) == []
    assert result["optimal"] is False
    total = result["objective"]["total_score"]
    assert result["objective"]["matched"] == proven["objective"]["matched"]
    assert total <= proven["objective"]["total_score"] + 1e-9
    # The bound is the weakened LP bound: at least the true optimum plus the 5 added.
    assert result["bound"] >= proven["objective"]["total_score"] + 5.0 - 1e-9


def test_when_the_lp_fails_a_simple_bound_stands_in(monkeypatch: pytest.MonkeyPatch) -> None:
    instance = _housing_instance(3, households=25)
    proven = solve(instance)

    def failing(*args: object) -> Relaxed:
        raise RuntimeError("numerical trouble")

    monkeypatch.setattr(housing, "relaxation", failing)
    monkeypatch.setattr(housing, "EXACT_MAX_VARIABLES", 0)
    result = solve(instance)
    assert list(violations(instance, result)) == []
    assert result["objective"]["matched"] == proven["objective"]["matched"]
    assert result["bound"] >= proven["objective"]["total_score"] - 1e-9
