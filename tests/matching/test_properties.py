"""Property tests on tiny random instances: the engine against brute force.

For every instance: the same optimal objective as trying every assignment (or, with housing
units, never better than brute force and never above the reported bound, and equal to it
when reported optimal); no hard constraint broken; fixed pairs kept; every score and
criterion recomputable; alternatives feasible and best first. A set of fixed pairs is bad
input exactly when no assignment can keep them all.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.matching_reference import optimum
from samenhier.matching import InstanceError
from tests.matching.support import Data, brute_force, close, run, violations

PLACES = ["delft", "ede"]
CENTRE = (52.0, 4.35)


def _subset(words: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(words), max_size=len(words), unique=True)


def _point() -> st.SearchStrategy[list[float]]:
    return st.tuples(st.floats(-0.1, 0.1), st.floats(-0.15, 0.15)).map(
        lambda d: [CENTRE[0] + d[0], CENTRE[1] + d[1]]
    )


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def instances(draw: st.DrawFn, *, housing: bool) -> Data:
    n_h = draw(st.integers(0, 4 if housing else 5))
    n_g = draw(st.integers(0, 3 if housing else 4))
    households = [
        {
            "id": f"h{i}",
            "track": draw(st.sampled_from(["resettlement", "resettlement", "in_country"])),
            "municipality": draw(st.sampled_from(PLACES)),
            "size": draw(st.integers(1, 4)),
            "languages": draw(_subset(["ar", "en", "nl"])),
            "interests": draw(_subset(["chess", "food", "music"])),
            "goal_sectors": draw(_subset(["care", "ict"])),
            "vulnerabilities": draw(_subset(["medical", "trauma"])),
            "contact_preference": draw(_maybe(st.integers(0, 3))),
            "location": draw(_maybe(_point())),
        }
        for i in range(n_h)
    ]
    groups = [
        {
            "id": f"g{j}",
            "kind": draw(st.sampled_from(["sponsor", "sponsor", "welcome"])),
            "municipality": draw(st.sampled_from(PLACES)),
            "capacity": draw(st.integers(0, 2)),
            "members": draw(st.lists(_point(), max_size=2)),
            "languages": draw(_subset(["ar", "en", "nl"])),
            "interests": draw(_subset(["chess", "food", "music"])),
            "network_sectors": draw(_subset(["care", "ict"])),
            "supports": draw(_subset(["medical", "trauma"])),
            "contact_offer": draw(_maybe(st.integers(0, 3))),
        }
        for j in range(n_g)
    ]
    instance: Data = {"households": households, "groups": groups}
    if housing:
        instance["housing"] = [
            {
                "id": f"u{k}",
                "municipality": draw(st.sampled_from(PLACES)),
                "capacity": draw(st.integers(1, 4)),
                "location": draw(_maybe(_point())),
            }
            for k in range(draw(st.integers(1, 3)))
        ]
    if draw(st.booleans()):
        instance["weights"] = dict(
            zip(
                ["distance", "language", "network", "interests", "expectations"],
                draw(st.lists(st.integers(0, 4), min_size=5, max_size=5).filter(any)),
                strict=True,
            )
        )
        instance["max_distance_km"] = draw(st.sampled_from([5, 15, 40]))
    pairs = [[h["id"], g["id"]] for h in households for g in groups]
    if pairs:
        instance["excluded_pairs"] = draw(st.lists(st.sampled_from(pairs), max_size=2))
        instance["fixed_pairs"] = draw(st.lists(st.sampled_from(pairs), max_size=2))
    return instance


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _solve_or_none(instance: Data) -> Data | None:
    try:
        return run(instance)
    except InstanceError as error:
        message = str(error)
    assert message.startswith("fixed_pairs["), message
    return None


def _checked(instance: Data) -> tuple[Data, tuple[int, float]] | None:
    """The engine's result and the brute-force optimum, once the result is checked against
    the contract; None when the fixed pairs are (rightly) refused."""
    best = brute_force(instance)
    result = _solve_or_none(instance)
    # Fixed pairs are bad input exactly when no assignment keeps them all.
    assert (result is None) == (best is None)
    if result is None or best is None:
        return None
    assert list(violations(instance, result)) == []
    return result, best


@SETTINGS
@given(instances(housing=False))
def test_without_housing_the_engine_finds_the_brute_force_optimum(instance: Data) -> None:
    checked = _checked(instance)
    if checked is None:
        return
    result, best = checked
    assert result["optimal"] is True
    assert result["objective"]["matched"] == best[0]
    assert close(result["objective"]["total_score"], best[1])
    assert close(result["bound"], result["objective"]["total_score"])


@SETTINGS
@given(instances(housing=False))
def test_the_benchmark_reference_solve_agrees_with_brute_force(instance: Data) -> None:
    best = brute_force(instance)
    if best is None:
        return
    matched, total = optimum(instance)
    assert matched == best[0]
    assert close(total, best[1])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(housing=True))
def test_with_housing_the_result_is_feasible_and_bounded_by_brute_force(instance: Data) -> None:
    checked = _checked(instance)
    if checked is None:
        return
    result, best = checked
    objective = result["objective"]
    # The number matched is always optimal (a maximum flow).
    assert objective["matched"] == best[0]
    assert objective["total_score"] <= best[1] + 1e-7
    assert result["bound"] >= best[1] - 1e-7
    if result["optimal"]:
        assert close(objective["total_score"], best[1])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(housing=False), st.integers(0, 5))
def test_top_k_limits_and_orders_the_alternatives(instance: Data, top_k: int) -> None:
    try:
        result = run(instance, top_k=top_k)
    except InstanceError:
        return
    assert list(violations(instance, result, top_k)) == []
