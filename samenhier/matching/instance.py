"""The instance format of MATCHING.md as typed records (parsing lives in ``parse``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Track = Literal["resettlement", "in_country"]
Kind = Literal["sponsor", "welcome"]
Point = tuple[float, float]

TRACKS: tuple[Track, ...] = ("resettlement", "in_country")
KIND_FOR_TRACK: dict[Track, Kind] = {"resettlement": "sponsor", "in_country": "welcome"}
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


@dataclass(frozen=True, slots=True)
class Weights:
    distance: float = DEFAULT_WEIGHTS["distance"]
    language: float = DEFAULT_WEIGHTS["language"]
    network: float = DEFAULT_WEIGHTS["network"]
    interests: float = DEFAULT_WEIGHTS["interests"]
    expectations: float = DEFAULT_WEIGHTS["expectations"]

    def as_tuple(self) -> tuple[float, float, float, float, float]:
        """In the order of ``CRITERIA``."""
        return (self.distance, self.language, self.network, self.interests, self.expectations)


@dataclass(frozen=True, slots=True)
class Household:
    id: str
    track: Track = DEFAULT_TRACK
    municipality: str = DEFAULT_MUNICIPALITY
    size: int = 1
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    goal_sectors: tuple[str, ...] = ()
    vulnerabilities: tuple[str, ...] = ()
    contact_preference: int | None = None
    location: Point | None = None


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    kind: Kind = DEFAULT_KIND
    municipality: str = DEFAULT_MUNICIPALITY
    capacity: int = 1
    members: tuple[Point, ...] = ()
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    network_sectors: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    contact_offer: int | None = None


@dataclass(frozen=True, slots=True)
class HousingUnit:
    id: str
    municipality: str = DEFAULT_MUNICIPALITY
    capacity: int = 1
    location: Point | None = None


@dataclass(frozen=True, slots=True)
class Instance:
    households: tuple[Household, ...] = ()
    groups: tuple[Group, ...] = ()
    housing: tuple[HousingUnit, ...] = ()
    weights: Weights = Weights()
    max_distance_km: float = DEFAULT_MAX_DISTANCE_KM
    excluded_pairs: tuple[tuple[str, str], ...] = ()
    fixed_pairs: tuple[tuple[str, str], ...] = ()

    @property
    def has_housing(self) -> bool:
        """Constraint 6 applies as soon as the instance lists any housing unit."""
        return bool(self.housing)
