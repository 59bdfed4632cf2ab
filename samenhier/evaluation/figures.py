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

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    CharField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import Count as Counted
from django.db.models.functions import (
    Cast,
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    Greatest,
    Substr,
    TruncDate,
)
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone
from django.utils.translation import gettext as _

from samenhier.evaluation.models import IndicatorRecord, Moment, Response
from samenhier.evaluation.vocabularies import IntegrationProgress, LanguageLevel, WorkStudy
from samenhier.groups.models import Group, GroupEvent, Member
from samenhier.groups.stages import PIPELINE as GROUP_PIPELINE
from samenhier.groups.stages import GroupStage
from samenhier.journeys.models import ContactEntry, Journey, JourneyEvent, Signal
from samenhier.journeys.parties import JourneyOutcome, SignalTopic
from samenhier.journeys.signalling import STILL_OPEN
from samenhier.network.models import City
from samenhier.newcomers.lifecycle import HouseholdStage
from samenhier.newcomers.models import ConsentPurpose, Household


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


def _dated(queryset: QuerySet[Any], moment: str, filters: Filters) -> QuerySet[Any]:
    """Rows whose `moment` falls in the filters' year and period (local calendar days)."""
    if filters.year is not None:
        queryset = queryset.filter(**{f"{moment}__year": filters.year})
    if filters.start is not None:
        queryset = queryset.filter(**{f"{moment}__date__gte": filters.start})
    if filters.end is not None:
        queryset = queryset.filter(**{f"{moment}__date__lte": filters.end})
    return queryset


def cohort_groups(filters: Filters) -> QuerySet[Group]:
    groups = _dated(Group.objects.all(), "created_at", filters)
    if filters.city_ids is not None:
        groups = groups.filter(city_id__in=filters.city_ids)
    if filters.group_kind:
        groups = groups.filter(kind=filters.group_kind)
    return groups.order_by()


def cohort_households(filters: Filters) -> QuerySet[Household]:
    households = _dated(Household.objects.all(), "referred_at", filters)
    if filters.city_ids is not None:
        households = households.filter(city_id__in=filters.city_ids)
    if filters.group_kind:
        households = households.filter(
            Exists(_journeys_of_household(filters).values("pk")),
        )
    return households.order_by()


def cohort_journeys(filters: Filters) -> QuerySet[Journey]:
    journeys = _dated(Journey.objects.all(), "started_at", filters)
    if filters.city_ids is not None:
        journeys = journeys.filter(household__city_id__in=filters.city_ids)
    if filters.group_kind:
        journeys = journeys.filter(group__kind=filters.group_kind)
    return journeys.order_by()


def _journeys_of_household(filters: Filters) -> QuerySet[Journey]:
    journeys = Journey.objects.filter(household=OuterRef("pk"))
    if filters.group_kind:
        journeys = journeys.filter(group__kind=filters.group_kind)
    return journeys.order_by()


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
RANK = {stage: index for index, stage in enumerate(GROUP_PIPELINE)}


def group_step_labels() -> dict[str, str]:
    return {
        "registered": _("Registered"),
        "vetted": _("Vetted"),
        "trained": _("Trained"),
        "matched": _("Matched"),
        "active": _("Active year"),
        "completed": _("Completed"),
    }


def _rank(field_name: str) -> Case:
    """A stage's place on the road; withdrawn and rejected are off it (-1)."""
    whens = [When(**{field_name: stage}, then=Value(rank)) for stage, rank in RANK.items()]
    return Case(*whens, default=Value(-1), output_field=IntegerField())


def _with_reach(groups: QuerySet[Group]) -> QuerySet[Any]:
    """Annotates how far each group got: its current stage, or any stage its timeline shows
    it in or moving to, so a group withdrawn after training still counts as trained and one
    offered again after its year still counts as completed."""
    furthest = (
        GroupEvent.objects.filter(group=OuterRef("pk"))
        .annotate(reach=Greatest(_rank("to_stage"), _rank("from_stage")))
        .order_by("-reach")
        .values("reach")[:1]
    )
    return groups.annotate(reach=Greatest(_rank("stage"), Coalesce(Subquery(furthest), Value(-1))))


def _group_counts() -> dict[str, Counted]:
    return {key: Counted("pk", filter=Q(reach__gte=RANK[stage])) for key, stage in GROUP_STEPS}


def group_funnel(filters: Filters) -> list[Count]:
    totals = _with_reach(cohort_groups(filters)).aggregate(**_group_counts())
    labels = group_step_labels()
    return [Count(key, labels[key], totals[key] or 0) for key, _stage in GROUP_STEPS]


def _matched_groups(filters: Filters) -> QuerySet[Any]:
    reached = _with_reach(cohort_groups(filters)).filter(reach__gte=RANK[GroupStage.MATCHED])
    return reached.values("pk")


def members(filters: Filters) -> int:
    """The current members of the groups that were matched."""
    return Member.objects.current().filter(group__in=_matched_groups(filters)).count()


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


def _with_steps(households: QuerySet[Household], filters: Filters) -> QuerySet[Any]:
    from samenhier.newcomers.models import Consent

    journeys = _journeys_of_household(filters)
    arrived = JourneyEvent.objects.filter(
        kind=JourneyEvent.Kind.ARRIVED, journey__household=OuterRef("pk")
    )
    if filters.group_kind:
        arrived = arrived.filter(journey__group__kind=filters.group_kind)
    return households.annotate(
        has_consent=Exists(
            Consent.objects.filter(household=OuterRef("pk"), purpose=ConsentPurpose.PARTICIPATION)
        ),
        has_journey=Exists(journeys),
        has_arrival=Exists(arrived),
        has_completed=Exists(journeys.filter(outcome=JourneyOutcome.COMPLETED)),
    )


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
    households = _with_steps(cohort_households(filters), filters)
    totals = households.aggregate(**_household_counts())
    labels = household_step_labels()
    return [Count(key, labels[key], totals[key] or 0) for key in HOUSEHOLD_STEPS], (
        totals["newcomers"] or 0
    )


# --- arrival and the year --------------------------------------------------------------------


@dataclass(frozen=True)
class Arrival:
    city_id: int
    days: int  # from referral to arrival, in calendar days
    arrived_on: date
    ended_on: date | None


def _arrived_journeys(filters: Filters) -> QuerySet[Journey]:
    return cohort_journeys(filters).filter(
        Exists(JourneyEvent.objects.filter(journey=OuterRef("pk"), kind=JourneyEvent.Kind.ARRIVED)),
        arrival_at__isnull=False,
    )


def arrivals(filters: Filters) -> list[Arrival]:
    """One row per journey whose newcomer arrived: a few numbers, nothing personal."""
    rows: Any = _arrived_journeys(filters).values_list(
        "household__city_id",
        _local_day("household__referred_at"),
        _local_day("arrival_at"),
        _local_day("closed_at"),
    )
    found = []
    for city_id, referred, arrival, closed in rows:
        arrived_on = _as_date(arrival)
        found.append(
            Arrival(
                city_id=city_id,
                days=(arrived_on - _as_date(referred)).days,
                arrived_on=arrived_on,
                ended_on=_as_date(closed) if closed else None,
            )
        )
    return found


def _local_day(field_name: str) -> Any:
    """A moment's local calendar day, worked out by the database (see `_part` for SQLite)."""
    if connection.vendor != "sqlite":
        return TruncDate(field_name)
    first, last = _same_day_hours()
    hour = _TextDatePart(F(field_name), start=12, length=2)
    return Case(
        When(
            GreaterThanOrEqual(hour, first) & LessThan(hour, last),
            then=Substr(F(field_name), 1, 10),
        ),
        default=Func(F(field_name), Value("localtime"), function="date"),
        output_field=CharField(),
    )


def _as_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


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


def month_of_year(arrived_on: date, day: date) -> int:
    """1 for the month that starts on the day of arrival, 2 for the next, and so on; 0 or
    less before arrival. The same arithmetic as `_month_expression` in the database."""
    months = (day.year * 12 + day.month) - (arrived_on.year * 12 + arrived_on.month)
    return months - (1 if day.day < arrived_on.day else 0) + 1


class _TextDatePart(Func):
    """A part of an ISO date text (SQLite stores dates as 'YYYY-MM-DD'), read natively."""

    template = "CAST(substr(%(expressions)s, %(start)s, %(length)s) AS INTEGER)"
    output_field = IntegerField()


def _text_number(text: Any) -> Any:
    """(year * 12 + month) * 32 + day of an ISO date text."""

    def part(start: int, length: int) -> Any:
        return _TextDatePart(text, start=start, length=length)

    return (part(1, 4) * 12 + part(6, 2)) * 32 + part(9, 2)


def _day_number(field_name: str, *, local: bool) -> Any:
    """A day as (year * 12 + month) * 32 + day: one number per row, so that the month of the
    year is one subtraction and one division (see `_month_expression`).

    Django's extracts run a Python function per row on SQLite, which takes seconds over a
    network's contact log; there the date text is read natively. A moment is stored as UTC
    text: its local day is the UTC day except near midnight, where SQLite's 'localtime'
    (Django sets the process's zone to TIME_ZONE) converts it, for those few rows only."""
    if connection.vendor != "sqlite":

        def part(extract: Any) -> Any:
            return Cast(extract(field_name), IntegerField())

        return (part(ExtractYear) * 12 + part(ExtractMonth)) * 32 + part(ExtractDay)
    if not local:
        return _text_number(F(field_name))
    first, last = _same_day_hours()
    hour = _TextDatePart(F(field_name), start=12, length=2)
    return Case(
        When(
            GreaterThanOrEqual(hour, first) & LessThan(hour, last), then=_text_number(F(field_name))
        ),
        default=_text_number(Func(F(field_name), Value("localtime"), function="date")),
        output_field=IntegerField(),
    )


def _same_day_hours() -> tuple[int, int]:
    """The UTC hours at which the local calendar day is the UTC day, whatever the season."""
    zone = timezone.get_current_timezone()
    offsets = [
        (datetime(timezone.now().year, month, 1, tzinfo=zone).utcoffset() or timedelta())
        for month in (1, 7)
    ]
    hours = [math.ceil(o.total_seconds() / 3600) for o in offsets]
    return max(0, -min(hours)), 24 - max(0, max(hours))


# Keeps the division's operand positive (SQL truncates towards zero) for contacts up to a
# hundred months before arrival; earlier ones still land in a month below 1.
SHIFT = 100


def _month_expression() -> Any:
    """`month_of_year` in the database: with day numbers O (contact) and A (arrival),
    (O - A) // 32 is the months between them, less one when the contact's day of the month
    is before the arrival's (the day parts differ by less than 32)."""
    gap = _day_number("occurred_on", local=False) - _day_number("journey__arrival_at", local=True)
    return (gap + Value(32 * SHIFT)) / Value(32) - Value(SHIFT - 1)


MONTHS = range(1, 13)


def contact_months(filters: Filters, arrived: list[Arrival]) -> list[ContactMonth]:
    """Contacts in each month of the year, and how many journeys had begun that month (a
    journey that ended early stops counting after it ended)."""
    rows = (
        ContactEntry.objects.filter(journey__in=_arrived_journeys(filters).values("pk"))
        .order_by()
        .annotate(month=_month_expression())
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
            network_median=_median(networks[row["moment__months"]]),
        )
        for row in rows
    ]


def _median(values: Iterable[int]) -> float | None:
    values = list(values)
    return round(float(statistics.median(values)), 1) if values else None


# --- signals and moments ---------------------------------------------------------------------


def _open_signals(filters: Filters) -> QuerySet[Signal]:
    return Signal.objects.filter(
        journey__in=cohort_journeys(filters).values("pk"), status__in=STILL_OPEN
    ).order_by()


def open_signals(filters: Filters) -> list[Count]:
    """Signals still waiting for an answer (open or being followed up), per topic."""
    found = dict(_open_signals(filters).values_list("topic").annotate(n=Counted("pk")))
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


def figures_for(filters: Filters, *, arrived: list[Arrival] | None = None) -> Figures:
    """Every figure of the dashboards and the report, in nine queries (eight when the
    arrivals are given, as `with_cities` does)."""
    households, newcomers = household_funnel(filters)
    arrived = arrivals(filters) if arrived is None else arrived
    return Figures(
        groups=group_funnel(filters),
        households=households,
        members=members(filters),
        newcomers=newcomers,
        referral_to_arrival=duration([a.days for a in arrived]),
        contacts=contact_months(filters, arrived),
        indicators=indicator_moments(filters),
        open_signals=open_signals(filters),
        overdue_moments=overdue_moments(filters),
    )


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
        _with_reach(cohort_groups(filters))
        .filter(reach__gte=RANK[GroupStage.MATCHED])
        .values_list("city_id")
        .annotate(n=Counted("pk"))
    )
    people: dict[int, int] = dict(
        Member.objects.current()
        .filter(group__in=_matched_groups(filters))
        .order_by()
        .values_list("group__city_id")
        .annotate(n=Counted("pk"))
    )
    households: dict[int, Any] = {
        row["city_id"]: row
        for row in _with_steps(cohort_households(filters), filters)
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
        _open_signals(filters).values_list("journey__household__city_id").annotate(n=Counted("pk"))
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
