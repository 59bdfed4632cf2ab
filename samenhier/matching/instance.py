"""The instance format of MATCHING.md as typed records (parsing lives in ``parse``)."""

from __future__ import annotations

import sys
from typing import Annotated, Literal

from msgspec import Meta, Struct

Track = Literal["resettlement", "in_country"]
Kind = Literal["sponsor", "welcome"]
Point = tuple[float, float]

TRACKS: tuple[Track, ...] = ("resettlement", "in_country")
KIND_FOR_TRACK: dict[Track, Kind] = {"resettlement": "sponsor", "in_country": "welcome"}
KINDS: tuple[Kind, ...] = tuple(KIND_FOR_TRACK[track] for track in TRACKS)  # as TRACKS
CRITERIA = ("distance", "language", "network", "interests", "expectations")
DEFAULT_WEIGHTS = {
    "distance": 0.30,
    "language": 0.25,
    "network": 0.20,
    "interests": 0.15,
    "expectations": 0.10,
}
DEFAULT_MAX_DISTANCE_KM = 15.0
# MATCHING.md fixes no default for these three; a bare instance is one sponsor programme in
# one place, so that {"households": [{"id": "h"}], "groups": [{"id": "g"}]} is a valid pair.
DEFAULT_TRACK: Track = "resettlement"
DEFAULT_KIND: Kind = "sponsor"
DEFAULT_MUNICIPALITY = ""


class InstanceError(ValueError):
    """Bad input. ``str(error)`` is the one line the command prints on standard error."""

    def __init__(self, field: str, message: str, ident: str | None = None) -> None:
        self.field = field
        self.ident = ident
        self.detail = message
        where = f"{field} ({ident})" if ident else field
        super().__init__(f"{where}: {message}")


# The records below are also the schema of the fast reader (``parse.load_instance``):
# msgspec decodes JSON text straight into them and checks every constraint written in their
# types, in C. A document it does not accept as it is (bad input, or ``null`` where a
# default applies) goes to the careful reader in ``parse``, which states the same rules
# once more with a message for each. Building records directly checks nothing.
Id = Annotated[str, Meta(min_length=1)]
# Sizes and capacities above this are typing errors, and would overflow 64-bit arrays.
MAX_COUNT = 1_000_000
Size = Annotated[int, Meta(ge=1, le=MAX_COUNT)]
Capacity = Annotated[int, Meta(ge=0, le=MAX_COUNT)]
Scale = Annotated[int, Meta(ge=0, le=3)]
Latitude = Annotated[float, Meta(ge=-90.0, le=90.0)]
Longitude = Annotated[float, Meta(ge=-180.0, le=180.0)]
Position = tuple[Latitude, Longitude]
# Finite: the upper bound keeps out infinity (and NaN fails every bound).
Weight = Annotated[float, Meta(ge=0.0, le=sys.float_info.max)]
Kilometres = Annotated[float, Meta(gt=0.0, le=sys.float_info.max)]


class Weights(Struct, frozen=True, forbid_unknown_fields=True):
    distance: Weight = DEFAULT_WEIGHTS["distance"]
    language: Weight = DEFAULT_WEIGHTS["language"]
    network: Weight = DEFAULT_WEIGHTS["network"]
    interests: Weight = DEFAULT_WEIGHTS["interests"]
    expectations: Weight = DEFAULT_WEIGHTS["expectations"]

    def as_tuple(self) -> tuple[float, float, float, float, float]:
        """In the order of ``CRITERIA``."""
        return (self.distance, self.language, self.network, self.interests, self.expectations)


class Household(Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    track: Track = DEFAULT_TRACK
    municipality: str = DEFAULT_MUNICIPALITY
    size: Size = 1
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    goal_sectors: tuple[str, ...] = ()
    vulnerabilities: tuple[str, ...] = ()
    contact_preference: Scale | None = None
    location: Position | None = None


class Group(Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    kind: Kind = DEFAULT_KIND
    municipality: str = DEFAULT_MUNICIPALITY
    capacity: Capacity = 1
    members: tuple[Position, ...] = ()
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    network_sectors: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    contact_offer: Scale | None = None


class HousingUnit(Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    municipality: str = DEFAULT_MUNICIPALITY
    capacity: Capacity = 1
    location: Position | None = None


class Instance(Struct, frozen=True, forbid_unknown_fields=True):
    households: tuple[Household, ...] = ()
    groups: tuple[Group, ...] = ()
    housing: tuple[HousingUnit, ...] = ()
    weights: Weights = Weights()
    max_distance_km: Kilometres = DEFAULT_MAX_DISTANCE_KM
    excluded_pairs: tuple[tuple[str, str], ...] = ()
    fixed_pairs: tuple[tuple[str, str], ...] = ()

    @property
    def has_housing(self) -> bool:
        """Constraint 6 applies as soon as the instance lists any housing unit."""
        return bool(self.housing)
