"""The programme's figures for a set of cities, worked out by the database in a constant
number of queries however many journeys there are (DOMAIN.md, "Evidence and reporting").

Everything here is aggregate: counts, medians, shares. No function returns a person, a
household or a group; the report adds small-cell suppression on top (evaluation.suppression).

Which rows count ("the cohort"):
- groups by the year they registered (`Group.created_at`),
- households by the year they were referred (`Household.referred_at`),
- journeys (contacts, arrival, indicators, signals) by the year they began (`started_at`).
A period (start, end) selects by the same dates; a group kind filter keeps the groups of that
kind and the households and journeys of those groups.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Filters:
    city_ids: tuple[int, ...] | None = None  # None: the whole network
    year: int | None = None
    group_kind: str = ""  # "" both kinds, else network.GroupKind
    start: date | None = None  # a report's period, inclusive
    end: date | None = None


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Duration:
    """Days from referral to arrival over the journeys whose newcomer arrived."""

    journeys: int
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class ContactMonth:
    """Month `month` of the year (1 = the first month after arrival): the journeys that had
    reached it and the contacts recorded in it."""

    month: int
    journeys: int
    contacts: int

    @property
    def per_journey(self) -> float | None:
        return round(self.contacts / self.journeys, 1) if self.journeys else None


@dataclass(frozen=True)
class IndicatorMoment:
    """The indicators recorded at one evaluation moment (months after arrival)."""

    months: int
    recorded: int
    language_levels: list[Count]  # per vocabularies.LanguageLevel, in scale order
    integration: list[Count]
    work_study: list[Count]
    wellbeing_answers: int
    wellbeing_mean: float | None
    network_answers: int
    network_median: float | None


@dataclass
class Figures:
    groups: list[Count] = field(default_factory=list)  # the group funnel, in order
    households: list[Count] = field(default_factory=list)  # the household funnel, in order
    members: int = 0  # people in groups that were matched
    newcomers: int = 0  # people in households that arrived
    referral_to_arrival: Duration = Duration(0, None, None)
    contacts: list[ContactMonth] = field(default_factory=list)  # months 1..12
    indicators: list[IndicatorMoment] = field(default_factory=list)  # per moment month
    open_signals: list[Count] = field(default_factory=list)  # per topic
    overdue_moments: int = 0
