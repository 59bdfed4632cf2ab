"""The result format of MATCHING.md as typed records, shaped exactly like its JSON.

The records are msgspec structs, whose fields are the JSON keys in the contract's order: the
command encodes a ``Result`` straight to JSON text, and ``to_json`` reads that text back as
plain dicts and lists (for in-process callers), both in C, without a Python loop over the
tens of thousands of assignments and alternatives of a national run.
"""

from __future__ import annotations

from typing import Any

import msgspec
from msgspec import Struct


class Criteria(Struct, frozen=True):
    # Unrounded, so that anyone can recompute the score from them.
    distance: float
    language: float
    network: float
    interests: float
    expectations: float


class Assignment(Struct, frozen=True):
    household: str
    group: str
    housing: str | None
    score: float
    criteria: Criteria


class Alternative(Struct, frozen=True):
    group: str
    housing: str | None
    score: float


class Unmatched(Struct, frozen=True):
    household: str
    reasons: tuple[str, ...]


class Objective(Struct, frozen=True):
    matched: int
    total_score: float


class Result(Struct, frozen=True):
    assignments: tuple[Assignment, ...]
    unmatched: tuple[Unmatched, ...]
    # Every household, best first; empty when it has no other feasible proposal.
    alternatives: dict[str, tuple[Alternative, ...]]
    objective: Objective
    # True when the objective is proven optimal (always without housing units).
    optimal: bool
    # Upper bound on the total score among solutions matching ``objective.matched``.
    bound: float

    def to_json(self) -> dict[str, Any]:
        """The result format as JSON data (dicts, lists, strings, numbers, None), exactly
        what the command prints, read back."""
        text = self.to_json_bytes()
        try:
            data: dict[str, Any] = msgspec.json.decode(text)
        except msgspec.DecodeError:  # a lone surrogate, escaped (see ``to_json_bytes``)
            import json

            data = json.loads(text)
        return data

    def to_json_bytes(self) -> bytes:
        """The result format as UTF-8 JSON text."""
        try:
            return msgspec.json.encode(self)
        except UnicodeEncodeError:
            # An id with a lone surrogate: JSON text can hold one as an escape ("\ud800"),
            # and Python's reader takes it, but UTF-8 cannot. Written escaped, as it came.
            import json

            return json.dumps(msgspec.to_builtins(self)).encode()
