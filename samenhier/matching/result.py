"""The result format of MATCHING.md, as typed records with their JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .instance import CRITERIA

JSONValue = None | bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"]


class Assignment(NamedTuple):
    household: str
    group: str
    housing: str | None
    score: float
    # Unrounded, in the order of ``instance.CRITERIA``, so the score can be recomputed.
    criteria: tuple[float, float, float, float, float]

    def to_json(self) -> dict[str, JSONValue]:
        return {
            "household": self.household,
            "group": self.group,
            "housing": self.housing,
            "score": self.score,
            "criteria": dict(zip(CRITERIA, self.criteria, strict=True)),
        }


class Alternative(NamedTuple):
    group: str
    housing: str | None
    score: float

    def to_json(self) -> dict[str, JSONValue]:
        return {"group": self.group, "housing": self.housing, "score": self.score}


class Unmatched(NamedTuple):
    household: str
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, JSONValue]:
        return {"household": self.household, "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class Result:
    assignments: tuple[Assignment, ...]
    unmatched: tuple[Unmatched, ...]
    # Every household, best first; empty when it has no other feasible proposal.
    alternatives: dict[str, tuple[Alternative, ...]]
    matched: int
    total_score: float
    # True when the objective is proven optimal (always without housing units).
    optimal: bool
    # Upper bound on the total score among solutions matching ``matched`` households.
    bound: float

    def to_json(self) -> dict[str, JSONValue]:
        return {
            "assignments": [a.to_json() for a in self.assignments],
            "unmatched": [u.to_json() for u in self.unmatched],
            "alternatives": {
                household: [alt.to_json() for alt in alts]
                for household, alts in self.alternatives.items()
            },
            "objective": {"matched": self.matched, "total_score": self.total_score},
            "optimal": self.optimal,
            "bound": self.bound,
        }
