"""The programme's figures for a set of cities, worked out by the database in a constant
number of queries however many journeys there are (DOMAIN.md, "Evidence and reporting").

Everything here is aggregate: counts, medians, shares. No function returns a person, a
household or a group; the report adds small-cell suppression on top (evaluation.suppression).

Which rows count ("the cohort"):
- groups by the year they registered (`Group.created_at`),
- households by the year they were referred (`Household.referred_at`),
- journeys (contacts, arrival, indicators, signals) by the year they began (`started_at`).
A period (start, end) selects by the same dates; a group kind filter keeps the groups of that
kind and the households and journeys of those groups. The querysets that select them, and
the database's calendar arithmetic, are in evaluation.figure_queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Avg, Exists, OuterRef, Q, Sum
from django.db.models import Count as Counted
from django.utils import timezone
from django.utils.translation import gettext as _

from samenhier.evaluation.figure_queries import (
    RANK,
    Arrival,
    arrivals,
    arrived_journeys,
    cohort_journeys,
    groups_with_reach,
    households_with_steps,
    matched_groups,
    month_expression,
    month_of_year,
    signals_still_open,
)
from samenhier.evaluation.models import IndicatorRecord, Moment, Response
from samenhier.evaluation.vocabularies import IntegrationProgress, LanguageLevel, WorkStudy
from samenhier.groups.models import Member
from samenhier.groups.stages import GroupStage
from samenhier.journeys.models import ContactEntry
from samenhier.journeys.parties import SignalTopic
from samenhier.network.models import City
from samenhier.newcomers.lifecycle import HouseholdStage


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


@dataclass(frozen=True)
class CityRow:
    """One line of the national coordinator's table of cities."""

    city_id: int
    name: str
    groups_matched: int
    members: int
    households_arrived: int
    newcomers: int
    arrivals_measured: int  # the journeys behind the median
    median_days: float | None
    open_signals: int


# --- the cohorts ------------------------------------------------------------------------------


# --- groups ----------------------------------------------------------------------------------

# The funnel's steps: the stage a group must have reached to count in each.
GROUP_STEPS: tuple[tuple[str, GroupStage], ...] = (
    ("registered", GroupStage.REGISTERED),
    ("vetted", GroupStage.APPROVED),
    ("trained", GroupStage.TRAINED),
    ("matched", GroupStage.MATCHED),
    ("active", GroupStage.ACTIVE),
    ("completed", GroupStage.COMPLETED),
)


def group_step_labels() -> dict[str, str]:
    return {
        "registered": _("Registered"),
        "vetted": _("Vetted"),
        "trained": _("Trained"),
        "matched": _("Matched"),
        "active": _("Active year"),
        "completed": _("Completed"),
    }


def _group_counts() -> dict[str, Counted]:
    return {key: Counted("pk", filter=Q(reach__gte=RANK[stage])) for key, stage in GROUP_STEPS}


def group_funnel(filters: Filters) -> list[Count]:
    totals = groups_with_reach(filters).aggregate(**_group_counts())
    labels = group_step_labels()
    return [Count(key, labels[key], totals[key] or 0) for key, _stage in GROUP_STEPS]


def members(filters: Filters) -> int:
    """The current members of the groups that were matched."""
    return Member.objects.current().filter(group__in=matched_groups(filters).values("pk")).count()


# --- households ------------------------------------------------------------------------------

HOUSEHOLD_STEPS = ("referred", "consented", "matched", "arrived", "completed")


def household_step_labels() -> dict[str, str]:
    return {
        "referred": _("Referred"),
        "consented": _("Consented"),
        "matched": _("Matched"),
        "arrived": _("Arrived"),
        "completed": _("Completed"),
    }


def _household_counts() -> dict[str, Any]:
    return {
        "referred": Counted("pk"),
        "consented": Counted("pk", filter=Q(has_consent=True)),
        "matched": Counted("pk", filter=Q(has_journey=True)),
        "arrived": Counted("pk", filter=Q(has_arrival=True)),
        "completed": Counted(
            "pk", filter=Q(has_completed=True) | Q(stage=HouseholdStage.COMPLETED)
        ),
        "newcomers": Sum("size", filter=Q(has_arrival=True)),
    }


def household_funnel(filters: Filters) -> tuple[list[Count], int]:
    """The household funnel and the people in the households that arrived."""
    households = households_with_steps(filters)
    totals = households.aggregate(**_household_counts())
    labels = household_step_labels()
    return [Count(key, labels[key], totals[key] or 0) for key in HOUSEHOLD_STEPS], (
        totals["newcomers"] or 0
    )


# --- arrival and the year --------------------------------------------------------------------


def percentile(values: list[int], share: float) -> float | None:
    """The value below which `share` of the values lie, interpolated between neighbours
    (the 'inclusive' method of spreadsheets, so a coordinator can check it by hand)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (position - low), 1)


def duration(days: list[int]) -> Duration:
    return Duration(len(days), percentile(days, 0.5), percentile(days, 0.9))


MONTHS = range(1, 13)


def contact_months(filters: Filters, arrived: list[Arrival]) -> list[ContactMonth]:
    """Contacts in each month of the year, and how many journeys had begun that month (a
    journey that ended early stops counting after it ended)."""
    rows = (
        ContactEntry.objects.filter(journey__in=arrived_journeys(filters).values("pk"))
        .order_by()
        .annotate(month=month_expression())
        .values("month")
        .annotate(n=Counted("pk"))
    )
    # Months before arrival and after the year are left out here: a filter on the month in
    # the query would work it out twice for every contact.
    contacts = {row["month"]: row["n"] for row in rows if row["month"] in MONTHS}
    today = timezone.localdate()
    reached = [month_of_year(a.arrived_on, min(today, a.ended_on or today)) for a in arrived]
    return [
        ContactMonth(month, sum(1 for r in reached if r >= month), contacts.get(month, 0))
        for month in MONTHS
    ]


# --- indicators ------------------------------------------------------------------------------


def _choice_counts(field_name: str, choices: Any) -> dict[str, Counted]:
    return {
        f"{field_name}:{value}": Counted("pk", filter=Q(**{field_name: value}))
        for value in choices.values
    }


def _counts(row: dict[str, Any], field_name: str, choices: Any) -> list[Count]:
    return [
        Count(value, str(label), row[f"{field_name}:{value}"]) for value, label in choices.choices
    ]


def indicator_moments(filters: Filters) -> list[IndicatorMoment]:
    records = IndicatorRecord.objects.filter(
        moment__journey__in=cohort_journeys(filters).values("pk")
    ).order_by()
    rows: Any = (
        records.values("moment__months")
        .annotate(
            recorded=Counted("pk"),
            wellbeing_answers=Counted("wellbeing"),
            wellbeing_mean=Avg("wellbeing"),
            network_answers=Counted("network_size"),
            **_choice_counts("language_level", LanguageLevel),
            **_choice_counts("integration", IntegrationProgress),
            **_choice_counts("work_study", WorkStudy),
        )
        .order_by("moment__months")
    )
    networks: dict[int, list[int]] = defaultdict(list)
    sizes: Any = records.filter(network_size__isnull=False).values_list(
        "moment__months", "network_size"
    )
    for months, size in sizes:
        networks[months].append(size)
    return [
        IndicatorMoment(
            months=row["moment__months"],
            recorded=row["recorded"],
            language_levels=_counts(row, "language_level", LanguageLevel),
            integration=_counts(row, "integration", IntegrationProgress),
            work_study=_counts(row, "work_study", WorkStudy),
            wellbeing_answers=row["wellbeing_answers"],
            wellbeing_mean=(
                None if row["wellbeing_mean"] is None else round(row["wellbeing_mean"], 1)
            ),
            network_answers=row["network_answers"],
            network_median=percentile(networks[row["moment__months"]], 0.5),
        )
        for row in rows
    ]


# --- signals and moments ---------------------------------------------------------------------


def open_signals(filters: Filters) -> list[Count]:
    """Signals still waiting for an answer (open or being followed up), per topic."""
    found = dict(signals_still_open(filters).values_list("topic").annotate(n=Counted("pk")))
    return [Count(value, str(label), found.get(value, 0)) for value, label in SignalTopic.choices]


def overdue_moments(filters: Filters) -> int:
    """Moments past their day with someone still to answer."""
    waiting = Response.objects.filter(moment=OuterRef("pk"), submitted_at__isnull=True)
    return (
        Moment.objects.filter(
            journey__in=cohort_journeys(filters).values("pk"),
            due_on__lt=timezone.localdate(),
        )
        .filter(Exists(waiting))
        .count()
    )


# --- the whole -------------------------------------------------------------------------------


def figures_for(
    filters: Filters, *, arrived: list[Arrival] | None = None, follow_up: bool = True
) -> Figures:
    """Every figure of the dashboards and the report, in nine queries (one fewer when the
    arrivals are given, as `with_cities` does). The open signals and overdue moments are work
    to follow up, shown on the dashboards only: `follow_up=False` leaves them out (two
    queries fewer), as the report does."""
    households, newcomers = household_funnel(filters)
    arrived = arrivals(filters) if arrived is None else arrived
    figures = Figures(
        groups=group_funnel(filters),
        households=households,
        members=members(filters),
        newcomers=newcomers,
        referral_to_arrival=duration([a.days for a in arrived]),
        contacts=contact_months(filters, arrived),
        indicators=indicator_moments(filters),
    )
    if follow_up:
        figures.open_signals = open_signals(filters)
        figures.overdue_moments = overdue_moments(filters)
    return figures


def with_cities(filters: Filters) -> tuple[Figures, list[CityRow]]:
    """The figures and the table of cities, sharing the arrivals (fourteen queries)."""
    arrived = arrivals(filters)
    return figures_for(filters, arrived=arrived), city_rows(filters, arrived=arrived)


def city_rows(filters: Filters, *, arrived: list[Arrival] | None = None) -> list[CityRow]:
    """The key figures per city (the cities of the filters, else all), in six queries (five
    when the arrivals are given)."""
    cities = City.objects.order_by("name")
    if filters.city_ids is not None:
        cities = cities.filter(pk__in=filters.city_ids)
    matched: dict[int, int] = dict(
        matched_groups(filters).values_list("city_id").annotate(n=Counted("pk"))
    )
    people: dict[int, int] = dict(
        Member.objects.current()
        .filter(group__in=matched_groups(filters).values("pk"))
        .order_by()
        .values_list("group__city_id")
        .annotate(n=Counted("pk"))
    )
    households: dict[int, Any] = {
        row["city_id"]: row
        for row in households_with_steps(filters)
        .values("city_id")
        .annotate(
            arrived_n=Counted("pk", filter=Q(has_arrival=True)),
            people=Sum("size", filter=Q(has_arrival=True)),
        )
    }
    days: dict[int, list[int]] = defaultdict(list)
    for arrival in arrivals(filters) if arrived is None else arrived:
        days[arrival.city_id].append(arrival.days)
    signals: dict[int, int] = dict(
        signals_still_open(filters)
        .values_list("journey__household__city_id")
        .annotate(n=Counted("pk"))
    )
    return [
        CityRow(
            city_id=city.pk,
            name=city.name,
            groups_matched=matched.get(city.pk, 0),
            members=people.get(city.pk, 0),
            households_arrived=households.get(city.pk, {}).get("arrived_n", 0),
            newcomers=households.get(city.pk, {}).get("people") or 0,
            arrivals_measured=len(days[city.pk]),
            median_days=percentile(days[city.pk], 0.5),
            open_signals=signals.get(city.pk, 0),
        )
        for city in cities
    ]
