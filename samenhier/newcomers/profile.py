"""The anonymous profile: what groups and community builders may see before a match.

Size, composition in age bands, languages, vulnerability categories without details,
interests and goals. No name, no exact dates, no place more precise than the city.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 4, "0-4"),
    (5, 11, "5-11"),
    (12, 17, "12-17"),
    (18, 29, "18-29"),
    (30, 49, "30-49"),
    (50, 64, "50-64"),
    (65, 200, "65+"),
)


def age_band(birth_year: int, today: date) -> str:
    # Birth year only (no birth date is kept): the age is known to within a year.
    age = today.year - birth_year
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return "?"


@dataclass(frozen=True)
class AnonymousProfile:
    track: str
    city: str
    size: int
    composition: tuple[tuple[str, int], ...]  # (age band, count), youngest first
    languages: tuple[str, ...]
    vulnerabilities: tuple[str, ...]  # categories only, never details
    interests: tuple[str, ...]
    goals: tuple[str, ...]
    contact_preference: int | None


def anonymous_profile(
    *,
    track: str,
    city: str,
    size: int,
    birth_years: list[int],
    languages: list[str],
    vulnerabilities: list[str],
    interests: list[str],
    goals: list[str],
    contact_preference: int | None,
    today: date,
) -> AnonymousProfile:
    bands = Counter(age_band(year, today) for year in birth_years)
    order = [label for _low, _high, label in AGE_BANDS] + ["?"]
    return AnonymousProfile(
        track=track,
        city=city,
        size=size,
        composition=tuple((band, bands[band]) for band in order if bands[band]),
        languages=tuple(sorted(languages)),
        vulnerabilities=tuple(sorted(vulnerabilities)),
        interests=tuple(sorted(interests)),
        goals=tuple(sorted(goals)),
        contact_preference=contact_preference,
    )


def profile_of(household: object, today: date) -> AnonymousProfile:
    """The profile of a Household model instance (family prefetched for one query)."""
    family = list(household.family.all())  # type: ignore[attr-defined]
    return anonymous_profile(
        track=household.track,  # type: ignore[attr-defined]
        city=household.city.name,  # type: ignore[attr-defined]
        size=household.size,  # type: ignore[attr-defined]
        birth_years=[f.birth_year for f in family],
        languages=list(household.languages),  # type: ignore[attr-defined]
        vulnerabilities=list(household.vulnerabilities or []),  # type: ignore[attr-defined]
        interests=list(household.interests),  # type: ignore[attr-defined]
        goals=list(household.goal_sectors),  # type: ignore[attr-defined]
        contact_preference=household.contact_preference,  # type: ignore[attr-defined]
        today=today,
    )
