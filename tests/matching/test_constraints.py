"""Each hard constraint on its own, the objective's order, and what the result explains.

Instances are as small as each rule allows: with everything else neutral, the rule alone
decides who is matched with whom.
"""

from __future__ import annotations

from samenhier.matching import solve
from tests.matching.support import Data, assigned, reasons, violations

ROTTERDAM = [51.92, 4.47]


def _check(instance: Data, top_k: int = 3) -> Data:
    result = solve(instance, top_k=top_k)
    assert list(violations(instance, result, top_k)) == []
    return result


# --- 1. track and kind ---------------------------------------------------------------------


def test_a_resettlement_household_needs_a_sponsor_group_and_in_country_a_welcome_group() -> None:
    result = _check(
        {
            "households": [
                {"id": "r", "track": "resettlement", "languages": ["ar"]},
                {"id": "i", "track": "in_country", "languages": ["ar"]},
            ],
            # The welcome group would suit the resettlement household better, and vice versa.
            "groups": [
                {"id": "welcome", "kind": "welcome", "languages": ["ar"]},
                {"id": "sponsor", "kind": "sponsor"},
            ],
        }
    )
    assert assigned(result) == {"r": ("sponsor", None), "i": ("welcome", None)}


def test_without_a_group_of_the_right_kind_the_reason_names_the_kind_and_place() -> None:
    result = _check(
        {
            "households": [{"id": "i", "track": "in_country", "municipality": "delft"}],
            "groups": [{"id": "g", "kind": "sponsor", "municipality": "delft"}],
        }
    )
    assert reasons(result) == {"i": ["no welcome group in delft"]}


# --- 2. same municipality ------------------------------------------------------------------


def test_household_and_group_must_share_a_municipality() -> None:
    result = _check(
        {
            "households": [{"id": "h", "municipality": "delft"}],
            "groups": [{"id": "g", "municipality": "ede"}],
        }
    )
    assert result["assignments"] == []
    assert reasons(result) == {"h": ["no sponsor group in delft"]}


def test_a_housing_unit_must_be_in_the_households_municipality() -> None:
    result = _check(
        {
            "households": [{"id": "h", "municipality": "delft"}],
            "groups": [{"id": "g", "municipality": "delft"}],
            "housing": [{"id": "far", "municipality": "ede", "capacity": 4}],
        }
    )
    assert result["assignments"] == []
    assert reasons(result) == {"h": ["no housing unit in delft"]}


# --- 3. vulnerabilities --------------------------------------------------------------------


def test_every_vulnerability_must_be_supported() -> None:
    result = _check(
        {
            "households": [{"id": "h", "vulnerabilities": ["medical", "trauma"]}],
            "groups": [
                {"id": "half", "supports": ["medical"], "languages": ["ar"]},
                {"id": "both", "supports": ["trauma", "medical", "lgbtiq"]},
            ],
        }
    )
    assert assigned(result) == {"h": ("both", None)}


def test_the_reason_lists_the_needs_no_group_supports() -> None:
    result = _check(
        {
            "households": [
                {"id": "h9", "municipality": "rotterdam", "vulnerabilities": ["medical", "trauma"]}
            ],
            "groups": [{"id": "g", "municipality": "rotterdam", "supports": ["medical"]}],
        }
    )
    assert reasons(result) == {"h9": ["no group in rotterdam supports: medical, trauma"]}


# --- 4. excluded and fixed pairs -----------------------------------------------------------


def test_an_excluded_pair_is_never_proposed_nor_offered_as_alternative() -> None:
    result = _check(
        {
            "households": [{"id": "h", "languages": ["ar"]}],
            "groups": [{"id": "best", "languages": ["ar"]}, {"id": "other"}],
            "excluded_pairs": [["h", "best"]],
        }
    )
    assert assigned(result) == {"h": ("other", None)}
    assert result["alternatives"] == {"h": []}


def test_when_every_compatible_group_is_excluded_the_reason_says_so() -> None:
    result = _check(
        {
            "households": [{"id": "h", "municipality": "ede"}],
            "groups": [{"id": "g1", "municipality": "ede"}, {"id": "g2", "municipality": "ede"}],
            "excluded_pairs": [["h", "g1"], ["h", "g2"]],
        }
    )
    assert reasons(result) == {"h": ["every compatible group in ede is excluded: g1, g2"]}


def test_a_fixed_pair_is_kept_even_when_the_optimum_would_undo_it() -> None:
    instance: Data = {
        "households": [{"id": "a", "languages": ["ar"]}, {"id": "b"}],
        "groups": [{"id": "ar", "languages": ["ar"]}, {"id": "plain"}],
    }
    free = _check(instance)
    assert assigned(free) == {"a": ("ar", None), "b": ("plain", None)}
    locked = _check({**instance, "fixed_pairs": [["b", "ar"]]})
    assert assigned(locked) == {"a": ("plain", None), "b": ("ar", None)}
    assert locked["objective"]["total_score"] < free["objective"]["total_score"]
    assert locked["optimal"] is True


def test_a_fixed_pair_counts_toward_the_groups_capacity() -> None:
    result = _check(
        {
            "households": [{"id": "a", "languages": ["ar"]}, {"id": "b"}],
            "groups": [{"id": "g", "capacity": 1, "languages": ["ar"]}],
            "fixed_pairs": [["b", "g"]],
        }
    )
    assert assigned(result) == {"b": ("g", None)}
    assert reasons(result) == {"a": ["compatible groups existed but were needed elsewhere: g"]}


def test_a_fixed_pair_with_housing_gets_a_fitting_unit() -> None:
    result = _check(
        {
            "households": [{"id": "big", "size": 5}, {"id": "small", "size": 2}],
            "groups": [{"id": "g1"}, {"id": "g2"}],
            "housing": [{"id": "u5", "capacity": 5}, {"id": "u3", "capacity": 3}],
            "fixed_pairs": [["big", "g2"]],
        }
    )
    assert assigned(result)["big"] == ("g2", "u5")
    assert assigned(result)["small"] == ("g1", "u3")


# --- 5. capacities -------------------------------------------------------------------------


def test_a_group_takes_up_to_its_capacity() -> None:
    result = _check(
        {
            "households": [{"id": f"h{i}"} for i in range(5)],
            "groups": [{"id": "three", "capacity": 3}, {"id": "one"}],
        }
    )
    groups = sorted(g for g, _ in assigned(result).values())
    assert groups == ["one", "three", "three", "three"]
    (left,) = reasons(result).values()
    assert left == ["compatible groups existed but were needed elsewhere: three, one"]


def test_a_group_of_capacity_zero_takes_nobody_and_the_reason_says_so() -> None:
    result = _check({"households": [{"id": "h"}], "groups": [{"id": "closed", "capacity": 0}]})
    assert result["assignments"] == []
    assert reasons(result) == {
        "h": ["every compatible group in (no municipality) has capacity 0: closed"]
    }


def test_a_housing_unit_takes_one_household() -> None:
    result = _check(
        {
            "households": [{"id": "a"}, {"id": "b"}],
            "groups": [{"id": "g", "capacity": 2}],
            "housing": [{"id": "u", "capacity": 8}],
        }
    )
    assert len(result["assignments"]) == 1
    (left,) = reasons(result).values()
    assert left == [
        "compatible groups existed, but every housing unit in (no municipality) with "
        "capacity >= 1 was needed elsewhere"
    ]


# --- 6. housing ----------------------------------------------------------------------------


def test_a_resettlement_household_needs_a_unit_at_least_its_size() -> None:
    result = _check(
        {
            "households": [{"id": "h", "size": 4}],
            "groups": [{"id": "g"}],
            "housing": [{"id": "small", "capacity": 3}, {"id": "fits", "capacity": 4}],
        }
    )
    assert assigned(result) == {"h": ("g", "fits")}


def test_without_a_large_enough_unit_the_reason_gives_the_size() -> None:
    result = _check(
        {
            "households": [{"id": "h", "size": 6, "municipality": "ede"}],
            "groups": [{"id": "g", "municipality": "ede"}],
            "housing": [{"id": "u", "capacity": 5, "municipality": "ede"}],
        }
    )
    assert reasons(result) == {"h": ["no housing unit in ede has capacity >= 6"]}


def test_an_in_country_household_keeps_its_own_location_and_gets_no_unit() -> None:
    result = _check(
        {
            "households": [{"id": "i", "track": "in_country", "location": ROTTERDAM}],
            "groups": [{"id": "w", "kind": "welcome", "members": [ROTTERDAM]}],
            "housing": [{"id": "u", "capacity": 9, "location": [52.37, 4.9]}],
        }
    )
    (assignment,) = result["assignments"]
    assert assignment["housing"] is None
    assert assignment["criteria"]["distance"] == 1.0


def test_the_unit_is_the_home_for_the_distance_criterion() -> None:
    result = _check(
        {
            "max_distance_km": 10,
            "households": [{"id": "h", "location": [52.37, 4.9]}],
            "groups": [{"id": "g", "members": [ROTTERDAM, ROTTERDAM]}],
            "housing": [
                {"id": "near", "location": ROTTERDAM},
                {"id": "unknown"},
                {"id": "far", "location": [52.0, 4.47]},
            ],
        }
    )
    (assignment,) = result["assignments"]
    assert assignment["housing"] == "near"
    assert assignment["criteria"]["distance"] == 1.0
    assert [a["housing"] for a in result["alternatives"]["h"]] == []


def test_housing_prefers_the_triple_with_the_best_total_not_the_best_first_step() -> None:
    # Homes first would give the only large unit to whoever fits it best; the optimum
    # houses the large family there and the couple in the small unit.
    result = _check(
        {
            "households": [{"id": "family", "size": 5}, {"id": "couple", "size": 2}],
            "groups": [{"id": "g1"}, {"id": "g2"}],
            "housing": [{"id": "large", "capacity": 6}, {"id": "small", "capacity": 2}],
        }
    )
    assert assigned(result) == {"family": ("g1", "large"), "couple": ("g2", "small")} or (
        assigned(result) == {"family": ("g2", "large"), "couple": ("g1", "small")}
    )
    assert result["optimal"] is True


# --- the objective -------------------------------------------------------------------------


def test_more_households_matched_beats_a_higher_total_score() -> None:
    # "a" would score best with g1, but then "b" (who can only go to g1) stays unmatched.
    result = _check(
        {
            "households": [
                {"id": "a", "languages": ["ar"], "interests": ["chess"]},
                {"id": "b", "vulnerabilities": ["medical"]},
            ],
            "groups": [
                {"id": "g1", "languages": ["ar"], "interests": ["chess"], "supports": ["medical"]},
                {"id": "g2"},
            ],
        }
    )
    assert assigned(result) == {"a": ("g2", None), "b": ("g1", None)}
    assert result["objective"]["matched"] == 2


def test_the_score_follows_the_five_criteria_and_the_weights() -> None:
    result = _check(
        {
            "weights": {
                "distance": 0,
                "language": 1,
                "network": 1,
                "interests": 1,
                "expectations": 1,
            },
            "households": [
                {
                    "id": "h",
                    "languages": ["ti", "en"],
                    "goal_sectors": ["ict", "care", "law"],
                    "interests": ["chess", "food"],
                    "contact_preference": 3,
                }
            ],
            "groups": [
                {
                    "id": "g",
                    "languages": ["nl", "en"],
                    "network_sectors": ["ict"],
                    "interests": ["food", "music", "art"],
                    "contact_offer": 1,
                }
            ],
        }
    )
    (assignment,) = result["assignments"]
    assert assignment["criteria"] == {
        "distance": 0.5,
        "language": 1.0,
        "network": 1 / 3,
        "interests": 1 / 4,
        "expectations": 1 - 2 / 3,
    }
    assert abs(assignment["score"] - 100 * (1 + 1 / 3 + 1 / 4 + 1 / 3) / 4) < 1e-12


def test_neutral_defaults_score_one_half_or_zero() -> None:
    result = _check({"households": [{"id": "h"}], "groups": [{"id": "g"}]})
    (assignment,) = result["assignments"]
    assert assignment["criteria"] == {
        "distance": 0.5,
        "language": 0.0,
        "network": 0.5,
        "interests": 0.0,
        "expectations": 0.5,
    }
    assert abs(assignment["score"] - 100 * (0.3 * 0.5 + 0.2 * 0.5 + 0.1 * 0.5)) < 1e-12


def test_distance_is_the_mean_haversine_distance_over_members() -> None:
    # One member at the home, one 1 degree of latitude north (111.19 km on this sphere).
    home = [52.0, 5.0]
    result = _check(
        {
            "max_distance_km": 200,
            "households": [{"id": "i", "track": "in_country", "location": home}],
            "groups": [{"id": "w", "kind": "welcome", "members": [home, [53.0, 5.0]]}],
        }
    )
    one_degree = 6371.0088 * 3.141592653589793 / 180
    expected = 1 - (one_degree / 2) / 200
    assert abs(result["assignments"][0]["criteria"]["distance"] - expected) < 1e-12


# --- alternatives --------------------------------------------------------------------------


def test_alternatives_are_the_best_other_feasible_groups_best_first() -> None:
    instance: Data = {
        "households": [{"id": "h", "languages": ["ar"], "interests": ["a", "b"]}],
        "groups": [
            {"id": "g0"},
            {"id": "g1", "interests": ["a"]},
            {"id": "g2", "languages": ["ar"]},
            {"id": "g3", "languages": ["ar"], "interests": ["a", "b"]},
            {"id": "no", "supports": [], "kind": "welcome"},
        ],
    }
    result = _check(instance, top_k=2)
    assert assigned(result) == {"h": ("g3", None)}
    assert [a["group"] for a in result["alternatives"]["h"]] == ["g2", "g1"]
    everything = _check(instance, top_k=10)
    assert [a["group"] for a in everything["alternatives"]["h"]] == ["g2", "g1", "g0"]
    assert _check(instance, top_k=0)["alternatives"] == {"h": []}


def test_an_unmatched_household_still_gets_its_alternatives() -> None:
    result = _check(
        {
            "households": [{"id": "a", "languages": ["ar"]}, {"id": "b"}],
            "groups": [{"id": "g", "languages": ["ar"]}],
        }
    )
    assert assigned(result) == {"a": ("g", None)}
    assert [alt["group"] for alt in result["alternatives"]["b"]] == ["g"]
    assert result["alternatives"]["a"] == []


def test_housing_alternatives_name_a_fitting_unit() -> None:
    result = _check(
        {
            "households": [{"id": "h", "size": 3}],
            "groups": [{"id": "g1", "languages": []}, {"id": "g2"}],
            "housing": [{"id": "u2", "capacity": 2}, {"id": "u4", "capacity": 4}],
        }
    )
    (alternative,) = result["alternatives"]["h"]
    assert alternative["housing"] == "u4"


def test_an_empty_instance_has_an_empty_result() -> None:
    assert solve({}) == {
        "assignments": [],
        "unmatched": [],
        "alternatives": {},
        "objective": {"matched": 0, "total_score": 0.0},
        "optimal": True,
        "bound": 0.0,
    }
