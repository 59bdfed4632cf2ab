"""The contact log: what counts as a week of the year, what is expected of it, and every
write to the log.

The year is counted from arrival (or from the match while nobody has arrived yet), in weeks
of seven calendar days in Europe/Amsterdam; the programme says how many contacts a week are
expected, more in the first, intensive weeks (DOMAIN.md: "The year").
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samenhier.accounts.models import User
from samenhier.groups.models import Member
from samenhier.journeys import policies
from samenhier.journeys.models import ContactEntry, Journey
from samenhier.journeys.parties import ContactKind
from samenhier.network.models import Programme
from samenhier.svg import accessible_svg

WEEKS_IN_YEAR = 52
RECENT_WEEKS = 4
MAX_MINUTES = 24 * 60
MAX_NOTE = 500


@dataclass(frozen=True)
class Week:
    index: int  # 1 for the week of arrival
    start: date
    count: int
    expected: int
    future: bool  # not begun yet: its count means nothing so far

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def short(self) -> bool:
        return not self.future and self.count < self.expected


def local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


def year_start(journey: Journey) -> date:
    return local_day(journey.arrival_at or journey.started_at)


def expected_in_week(index: int, programme: Programme) -> int:
    if index <= programme.intensive_weeks:
        return programme.intensive_contacts_per_week
    return programme.contacts_per_week


def weekly_counts(
    journey: Journey,
    entries_dates: Iterable[date],
    today: date,
    *,
    programme: Programme | None = None,
) -> list[Week]:
    """The 52 weeks of the year with the contacts recorded in each and the number expected.

    Contacts before arrival (the group may meet the newcomer online) fall outside the year.
    """
    programme = programme or Programme.current()
    start = year_start(journey)
    counts = Counter((day - start).days // 7 + 1 for day in entries_dates if day >= start)
    weeks = []
    for index in range(1, WEEKS_IN_YEAR + 1):
        begins = start + timedelta(days=7 * (index - 1))
        weeks.append(
            Week(
                index=index,
                start=begins,
                count=counts.get(index, 0),
                expected=expected_in_week(index, programme),
                future=begins > today,
            )
        )
    return weeks


def expected_between(journey: Journey, first: date, last: date, programme: Programme) -> int:
    """Contacts expected from `first` to `last` inclusive: each day of the year weighs a
    seventh of its week's expectation, rounded at the end (a partial week expects part)."""
    start = year_start(journey)
    end = start + timedelta(days=7 * WEEKS_IN_YEAR)
    sevenths = 0
    day = max(first, start)
    while day <= last and day < end:
        sevenths += expected_in_week((day - start).days // 7 + 1, programme)
        day += timedelta(days=1)
    return round(sevenths / 7)


def silence_reference(journey: Journey, last_contact: date | None) -> date:
    """The day the current silence began: the latest contact, else arrival or the match."""
    return last_contact or year_start(journey)


def days_silent(journey: Journey, last_contact: date | None, today: date) -> int:
    return max(0, (today - silence_reference(journey, last_contact)).days)


def is_silent(journey: Journey, last_contact: date | None, today: date, days: int) -> bool:
    return journey.closed_at is None and days_silent(journey, last_contact, today) >= days


# --- who may take part, and what a valid entry is ----------------------------------------


def possible_participants(journey: Journey) -> QuerySet[User]:
    """The group's current members who have an account (the others cannot be named)."""
    members = Member.objects.current().filter(group_id=journey.group_id, user__isnull=False)
    return User.objects.filter(pk__in=members.values("user_id")).order_by("full_name", "pk")


def date_problem(journey: Journey, occurred_on: date, today: date) -> str | None:
    if occurred_on > today:
        return _("A contact cannot be in the future.")
    if occurred_on < local_day(journey.started_at):
        return _("This is before the journey started (%(day)s).") % {
            "day": local_day(journey.started_at).isoformat()
        }
    return None


def minutes_problem(minutes: int | None) -> str | None:
    if minutes is not None and not 1 <= minutes <= MAX_MINUTES:
        return _("A duration is between 1 and %(most)s minutes.") % {"most": MAX_MINUTES}
    return None


def _validate(
    journey: Journey,
    *,
    occurred_on: date,
    kind: str,
    minutes: int | None,
    participants: Iterable[User],
    note: str,
) -> list[int]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if problem := date_problem(journey, occurred_on, today):
        errors["occurred_on"] = problem
    if kind not in ContactKind.values:
        errors["kind"] = _("Choose what kind of contact it was.")
    if problem := minutes_problem(minutes):
        errors["minutes"] = problem
    if len(note) > MAX_NOTE:
        errors["note"] = _("Keep the note under %(most)s characters.") % {"most": MAX_NOTE}
    chosen = {p.pk for p in participants}
    if chosen - set(possible_participants(journey).values_list("pk", flat=True)):
        errors["participants"] = _("Only the group's current members can be named.")
    if errors:
        raise ValidationError(errors)
    return sorted(chosen)


def _end_silence(journey: Journey, occurred_on: date) -> None:
    """A contact that ends a silence re-arms the alert for the next silence; a late entry
    for a day long past does not end the silence and so does not re-arm it."""
    days = Programme.current().silence_alert_days
    if (timezone.localdate() - occurred_on).days < days:
        Journey.objects.filter(pk=journey.pk, silence_alerted_at__isnull=False).update(
            silence_alerted_at=None
        )


# --- writes ---------------------------------------------------------------------------------


def record_contact(
    *,
    actor: Any,
    journey: Journey,
    occurred_on: date,
    kind: str,
    minutes: int | None = None,
    participants: Iterable[User] = (),
    note: str = "",
) -> ContactEntry:
    if not policies.can_record_contact(actor, journey):
        raise PermissionDenied
    note = note.strip()
    pks = _validate(
        journey,
        occurred_on=occurred_on,
        kind=kind,
        minutes=minutes,
        participants=participants,
        note=note,
    )
    with transaction.atomic():
        entry = ContactEntry.objects.create(
            journey=journey,
            occurred_on=occurred_on,
            kind=kind,
            minutes=minutes,
            note=note,
            recorded_by=actor,
        )
        entry.participants.set(pks)
        _end_silence(journey, occurred_on)
    return entry


def update_contact(
    *,
    actor: Any,
    entry: ContactEntry,
    occurred_on: date,
    kind: str,
    minutes: int | None = None,
    participants: Iterable[User] = (),
    note: str = "",
) -> ContactEntry:
    if not policies.can_change_contact(actor, entry):
        raise PermissionDenied
    note = note.strip()
    pks = _validate(
        entry.journey,
        occurred_on=occurred_on,
        kind=kind,
        minutes=minutes,
        participants=participants,
        note=note,
    )
    with transaction.atomic():
        entry.occurred_on, entry.kind, entry.minutes, entry.note = (
            occurred_on,
            kind,
            minutes,
            note,
        )
        entry.save(update_fields=["occurred_on", "kind", "minutes", "note"])
        entry.participants.set(pks)
        _end_silence(entry.journey, occurred_on)
    return entry


def delete_contact(*, actor: Any, entry: ContactEntry) -> None:
    if not policies.can_change_contact(actor, entry):
        raise PermissionDenied
    with transaction.atomic():
        entry.delete()


# --- the chart ------------------------------------------------------------------------------


def chart_description(weeks: list[Week]) -> str:
    """The chart's numbers in words, for whoever cannot see it (the same as its table)."""
    parts = [
        _("Week %(index)s: %(count)s of %(expected)s expected")
        % {"index": w.index, "count": w.count, "expected": w.expected}
        for w in weeks
        if not w.future
    ]
    return "; ".join(parts) or _("The year has not started yet.")


def chart_svg(weeks: list[Week]) -> str:
    """Bars for the contacts of each week that began, a stepped line for what is expected.

    Text stays text in the SVG (fonttype none), so the browser shapes Arabic and the labels
    can be read by assistive technology; fixed ids keep the output the same for the same data.
    """
    import matplotlib

    matplotlib.use("Agg")
    from io import StringIO

    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    title = _("Contacts per week")
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "samenhier-contacts", "font.size": 10}
    ):
        figure = Figure(figsize=(8, 3.2), layout="constrained")
        axes = figure.subplots()
        begun = [w for w in weeks if not w.future]
        bars = axes.bar(
            [w.index for w in begun],
            [w.count for w in begun],
            color="#1f5f8b",
            label=_("Contacts recorded"),
        )
        for bar, week in zip(bars, begun, strict=True):
            bar.set_gid(f"contacts-week-{week.index}")
        axes.step(
            [w.index for w in weeks],
            [w.expected for w in weeks],
            where="mid",
            color="#7a4a00",
            linestyle="--",
            linewidth=2,
            label=_("Expected"),
        )
        axes.set_xlim(0.5, len(weeks) + 0.5)
        axes.set_xlabel(_("Week of the year (from arrival)"))
        axes.set_ylabel(_("Contacts"))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        highest = max([w.count for w in begun] + [w.expected for w in weeks] + [1])
        axes.set_ylim(0, highest + 0.5)
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        buffer = StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return accessible_svg(buffer.getvalue(), title=title, description=chart_description(weeks))
