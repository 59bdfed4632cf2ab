"""Which rows count for the figures (the cohorts, see evaluation.figures) and the database's
calendar arithmetic on them: the querysets and expressions the figures are aggregated from.

On SQLite, dates are stored as ISO text; Django's extracts run a Python function per row
there, so the expressions below read the text natively (see `_day_number`).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    Field,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
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

from samenhier.groups.models import Group, GroupEvent
from samenhier.groups.stages import PIPELINE as GROUP_PIPELINE
from samenhier.groups.stages import GroupStage
from samenhier.journeys.models import Journey, JourneyEvent, Signal
from samenhier.journeys.parties import JourneyOutcome
from samenhier.journeys.signalling import STILL_OPEN
from samenhier.newcomers.models import Consent, ConsentPurpose, Household

if TYPE_CHECKING:
    from samenhier.evaluation.figures import Filters

# --- the cohorts ------------------------------------------------------------------------------


def _dated(queryset: QuerySet[Any], moment: str, filters: "Filters") -> QuerySet[Any]:
    """Rows whose `moment` falls in the filters' year and period (local calendar days)."""
    if filters.year is not None:
        queryset = queryset.filter(**{f"{moment}__year": filters.year})
    if filters.start is not None:
        queryset = queryset.filter(**{f"{moment}__date__gte": filters.start})
    if filters.end is not None:
        queryset = queryset.filter(**{f"{moment}__date__lte": filters.end})
    return queryset


def cohort_groups(filters: "Filters") -> QuerySet[Group]:
    groups = _dated(Group.objects.all(), "created_at", filters)
    if filters.city_ids is not None:
        groups = groups.filter(city_id__in=filters.city_ids)
    if filters.group_kind:
        groups = groups.filter(kind=filters.group_kind)
    return groups.order_by()


def cohort_households(filters: "Filters") -> QuerySet[Household]:
    households = _dated(Household.objects.all(), "referred_at", filters)
    if filters.city_ids is not None:
        households = households.filter(city_id__in=filters.city_ids)
    if filters.group_kind:
        households = households.filter(
            Exists(_journeys_of_household(filters).values("pk")),
        )
    return households.order_by()


def cohort_journeys(filters: "Filters") -> QuerySet[Journey]:
    journeys = _dated(Journey.objects.all(), "started_at", filters)
    if filters.city_ids is not None:
        journeys = journeys.filter(household__city_id__in=filters.city_ids)
    if filters.group_kind:
        journeys = journeys.filter(group__kind=filters.group_kind)
    return journeys.order_by()


def _journeys_of_household(filters: "Filters") -> QuerySet[Journey]:
    journeys = Journey.objects.filter(household=OuterRef("pk"))
    if filters.group_kind:
        journeys = journeys.filter(group__kind=filters.group_kind)
    return journeys.order_by()


# --- how far groups and households came ---------------------------------------------------

RANK = {stage: index for index, stage in enumerate(GROUP_PIPELINE)}


def _rank(field_name: str) -> Case:
    """A stage's place on the road; withdrawn and rejected are off it (-1)."""
    whens = [When(**{field_name: stage}, then=Value(rank)) for stage, rank in RANK.items()]
    return Case(*whens, default=Value(-1), output_field=IntegerField())


def groups_with_reach(filters: "Filters") -> QuerySet[Any]:
    """The cohort's groups, each annotated with how far it got: its current stage, or any
    stage its timeline shows it in or moving to, so a group withdrawn after training still
    counts as trained and one offered again after its year still counts as completed."""
    furthest = (
        GroupEvent.objects.filter(group=OuterRef("pk"))
        .annotate(reach=Greatest(_rank("to_stage"), _rank("from_stage")))
        .order_by("-reach")
        .values("reach")[:1]
    )
    return cohort_groups(filters).annotate(
        reach=Greatest(_rank("stage"), Coalesce(Subquery(furthest), Value(-1)))
    )


def matched_groups(filters: "Filters") -> QuerySet[Any]:
    return groups_with_reach(filters).filter(reach__gte=RANK[GroupStage.MATCHED])


def households_with_steps(filters: "Filters") -> QuerySet[Any]:
    """The cohort's households, each annotated with the steps of its funnel it reached."""
    journeys = _journeys_of_household(filters)
    arrived = JourneyEvent.objects.filter(
        kind=JourneyEvent.Kind.ARRIVED, journey__household=OuterRef("pk")
    )
    if filters.group_kind:
        arrived = arrived.filter(journey__group__kind=filters.group_kind)
    return cohort_households(filters).annotate(
        has_consent=Exists(
            Consent.objects.filter(household=OuterRef("pk"), purpose=ConsentPurpose.PARTICIPATION)
        ),
        has_journey=Exists(journeys),
        has_arrival=Exists(arrived),
        has_completed=Exists(journeys.filter(outcome=JourneyOutcome.COMPLETED)),
    )


# --- arrival and the year --------------------------------------------------------------------


@dataclass(frozen=True)
class Arrival:
    city_id: int
    days: int  # from referral to arrival, in calendar days
    arrived_on: date
    ended_on: date | None


def arrived_journeys(filters: "Filters") -> QuerySet[Journey]:
    return cohort_journeys(filters).filter(
        Exists(JourneyEvent.objects.filter(journey=OuterRef("pk"), kind=JourneyEvent.Kind.ARRIVED)),
        arrival_at__isnull=False,
    )


def arrivals(filters: "Filters") -> list[Arrival]:
    """One row per journey whose newcomer arrived: a few numbers, nothing personal."""
    rows: Any = arrived_journeys(filters).values_list(
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
    """A moment's local calendar day, worked out by the database (see `_day_number`)."""
    if connection.vendor != "sqlite":
        return TruncDate(field_name)
    return _local_text(field_name, lambda text: Substr(text, 1, 10), CharField())


def _as_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def month_of_year(arrived_on: date, day: date) -> int:
    """1 for the month that starts on the day of arrival, 2 for the next, and so on; 0 or
    less before arrival. The same arithmetic as `month_expression` in the database."""
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
    year is one subtraction and one division (see `month_expression`).

    Django's extracts run a Python function per row on SQLite, which takes seconds over a
    network's contact log; there the date text is read natively (`local` days as
    `_local_text` says)."""
    if connection.vendor != "sqlite":

        def part(extract: Any) -> Any:
            return Cast(extract(field_name), IntegerField())

        return (part(ExtractYear) * 12 + part(ExtractMonth)) * 32 + part(ExtractDay)
    if not local:
        return _text_number(F(field_name))
    return _local_text(field_name, _text_number, IntegerField())


def _local_text(field_name: str, read: Callable[[Any], Any], output_field: Field[Any, Any]) -> Case:
    """`read` of a moment's local date text on SQLite. A moment is stored as UTC text: its
    local day is the UTC day except near midnight, where SQLite's 'localtime' (Django sets the
    process's zone to TIME_ZONE) converts it, for those few rows only."""
    first, last = _same_day_hours()
    hour = _TextDatePart(F(field_name), start=12, length=2)
    return Case(
        When(GreaterThanOrEqual(hour, first) & LessThan(hour, last), then=read(F(field_name))),
        default=read(Func(F(field_name), Value("localtime"), function="date")),
        output_field=output_field,
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


def month_expression() -> Any:
    """`month_of_year` in the database: with day numbers O (contact) and A (arrival),
    (O - A) // 32 is the months between them, less one when the contact's day of the month
    is before the arrival's (the day parts differ by less than 32)."""
    gap = _day_number("occurred_on", local=False) - _day_number("journey__arrival_at", local=True)
    return (gap + Value(32 * SHIFT)) / Value(32) - Value(SHIFT - 1)


def signals_still_open(filters: "Filters") -> QuerySet[Signal]:
    return Signal.objects.filter(
        journey__in=cohort_journeys(filters).values("pk"), status__in=STILL_OPEN
    ).order_by()
