"""Everything that happened in a journey, in order, each entry only for those who may see it.

One query per kind of entry, whatever the journey's length; entries say what happened and
who did it, never the content of a note, a plan or a signal (those stay on their own pages,
behind their own rules).
"""

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samenhier.journeys import checklist, policies
from samenhier.journeys.models import (
    Appointment,
    ContactEntry,
    Journey,
    JourneyEvent,
    Meeting,
    PlanReview,
    Task,
    TaskDivision,
)
from samenhier.journeys.parties import Party
from samenhier.journeys.policies import Standing


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str
    text: str
    actor: str = ""
    link: str = ""


KINDS = ("journey", "tasks", "appointments", "contacts", "signals", "plan")


def _day(value: Any) -> datetime:
    return timezone.make_aware(datetime.combine(value, time(12, 0)))


def _name(user: Any) -> str:
    return user.full_name if user is not None else ""


def _events(journey: Journey) -> list[Entry]:
    entries = []
    for event in JourneyEvent.objects.filter(journey=journey).select_related("actor"):
        text = event.get_kind_display()
        if event.kind == JourneyEvent.Kind.CONTACT_PERSON and event.detail.get("party"):
            text = _("Contact person appointed for: %(party)s") % {
                "party": Party(event.detail["party"]).label
            }
        elif event.kind == JourneyEvent.Kind.ARRIVAL_MOVED and "days" in event.detail:
            text = _("Arrival date moved by %(days)s days") % {"days": event.detail["days"]}
        entries.append(Entry(event.at, "journey", str(text), _name(event.actor)))
    for meeting in Meeting.objects.filter(journey=journey).select_related("recorded_by"):
        when = _day(meeting.held_on) if meeting.held_on else meeting.recorded_at
        text = meeting.get_kind_display()
        if meeting.held_on is None:
            text = _("Planned: %(meeting)s") % {"meeting": text}
        entries.append(Entry(when, "journey", str(text), _name(meeting.recorded_by)))
    for division in TaskDivision.objects.filter(journey=journey).select_related("created_by"):
        entries.append(
            Entry(
                division.created_at,
                "journey",
                _("Division of tasks, version %(number)s") % {"number": division.number},
                _name(division.created_by),
            )
        )
    return entries


def _plan(journey: Journey) -> list[Entry]:
    reviews = PlanReview.objects.filter(plan__journey=journey).select_related("by", "plan_version")
    return [
        Entry(
            review.at,
            "plan",
            _("Resettlement plan, version %(number)s: %(status)s")
            % {"number": review.plan_version.number, "status": review.get_status_display()},
            _name(review.by),
        )
        for review in reviews
    ]


def _tasks(journey: Journey) -> list[Entry]:
    done = Task.objects.filter(journey=journey, done_at__isnull=False).select_related("done_by")
    return [
        Entry(
            task.done_at,
            "tasks",
            _("Done: %(task)s") % {"task": checklist.title_of(task)},
            _name(task.done_by),
        )
        for task in done
        if task.done_at is not None
    ]


def _appointments(journey: Journey) -> list[Entry]:
    entries = []
    for appointment in Appointment.objects.filter(journey=journey):
        text = _("Appointment: %(what)s") % {"what": appointment.title}
        if appointment.cancelled_at:
            text = _("Cancelled appointment: %(what)s") % {"what": appointment.title}
        entries.append(Entry(appointment.starts_at, "appointments", text))
    return entries


def _contacts(journey: Journey) -> list[Entry]:
    return [
        Entry(
            _day(contact.occurred_on),
            "contacts",
            _("Contact: %(kind)s") % {"kind": contact.get_kind_display()},
            _name(contact.recorded_by),
        )
        for contact in ContactEntry.objects.filter(journey=journey).select_related("recorded_by")
    ]


def _signals(user: Any, journey: Journey) -> list[Entry]:
    return [
        Entry(
            signal.raised_at,
            "signals",
            _("Signal about %(topic)s: %(status)s")
            % {"topic": signal.get_topic_display(), "status": signal.get_status_display()},
            link=reverse("journeys:signal", args=[journey.pk, signal.pk]),
        )
        for signal in policies.signals_visible_to(user, journey)
    ]


def entries(user: Any, journey: Journey, standing: Standing, kind: str = "") -> list[Entry]:
    """Newest first."""
    parts: dict[str, Any] = {
        "journey": lambda: _events(journey),
        "tasks": lambda: _tasks(journey),
        "appointments": lambda: _appointments(journey),
    }
    if policies.can_view_plan(user, journey):
        parts["plan"] = lambda: _plan(journey)
    if policies.can_view_contacts(user, journey):
        parts["contacts"] = lambda: _contacts(journey)
    if standing.member or standing.staff:
        parts["signals"] = lambda: _signals(user, journey)
    found: list[Entry] = []
    for name, read in parts.items():
        if not kind or kind == name:
            found.extend(read())
    return sorted(found, key=lambda e: e.at, reverse=True)


def visible_kinds(user: Any, journey: Journey, standing: Standing) -> list[str]:
    kinds = ["journey", "tasks", "appointments"]
    if policies.can_view_plan(user, journey):
        kinds.append("plan")
    if policies.can_view_contacts(user, journey):
        kinds.append("contacts")
    if standing.member or standing.staff:
        kinds.append("signals")
    return kinds
