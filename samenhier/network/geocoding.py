"""Addresses to coordinates, through a pluggable geocoder.

Production uses PDOK Locatieserver, the Dutch government's free geocoding service. Tests use
`RecordedGeocoder`, which answers from recorded PDOK responses. Coordinates are rounded to
three decimals (about 100 m): the matching needs no more, and we keep no more than needed.
"""

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

PRECISION = Decimal("0.001")


class GeocoderUnavailable(Exception):
    """The service could not be reached or answered badly: try again later."""


@dataclass(frozen=True)
class Point:
    latitude: Decimal
    longitude: Decimal


def rounded(latitude: float, longitude: float) -> Point:
    return Point(
        Decimal(str(latitude)).quantize(PRECISION, ROUND_HALF_UP),
        Decimal(str(longitude)).quantize(PRECISION, ROUND_HALF_UP),
    )


class Geocoder(Protocol):
    def locate(self, query: str) -> Point | None:
        """A point for the address, None when it does not exist; raises GeocoderUnavailable."""


def parse_pdok(payload: dict[str, object]) -> Point | None:
    """Read PDOK's `free` search answer: the first document's `centroide_ll`, "POINT(lon lat)"."""
    response = payload.get("response")
    docs = response.get("docs") if isinstance(response, dict) else None
    if not docs:
        return None
    point = str(docs[0].get("centroide_ll", ""))
    if not point.startswith("POINT(") or not point.endswith(")"):
        return None
    try:
        longitude, latitude = (float(part) for part in point[6:-1].split())
    except ValueError:
        return None
    return rounded(latitude, longitude)


class PdokGeocoder:
    url = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"

    def locate(self, query: str) -> Point | None:
        params = urllib.parse.urlencode({"q": query, "rows": 1, "fq": "type:adres"})
        try:
            with urllib.request.urlopen(f"{self.url}?{params}", timeout=10) as answer:  # noqa: S310
                payload = json.load(answer)
        except (OSError, ValueError) as error:
            raise GeocoderUnavailable(str(error)) from error
        return parse_pdok(payload)


class RecordedGeocoder:
    """Answers from recorded PDOK responses; any other address is "unreachable"."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(__file__).parent / "fixtures" / "pdok_responses.json"

    def locate(self, query: str) -> Point | None:
        recorded = json.loads(self.path.read_text())
        key = normalise(query)
        if key not in recorded:
            raise GeocoderUnavailable(f"no recorded response for {key!r}")
        return parse_pdok(recorded[key])


def normalise(query: str) -> str:
    return " ".join(query.lower().replace(",", " ").split())


def geocoder() -> Geocoder:
    geocoder_class: type[Geocoder] = import_string(settings.SAMENHIER_GEOCODER)
    return geocoder_class()
