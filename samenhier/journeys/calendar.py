"""Private calendar addresses (ICS): a person's appointments, or one journey's.

Whoever holds the address reads the feed without logging in, and calendar apps keep copies
we do not control. So a feed says as little as possible and follows who takes part *now*:

- An event holds the household's reference and the appointment's title, its place and its
  times; never names, never needs.
- A person's feed holds the appointments they go to, in the open journeys they still take
  part in; the newcomer's feed holds every appointment of their own journey (they are the one
  who goes). A group member who wants all of the group's appointments uses the journey's
  feed: fewest eyes by default.
- A journey's feed holds all its appointments, while the journey is open and the person who
  made the address may still keep it (policies.can_keep_journey_feed). When they leave, stop,
  or the year closes, the address serves an empty calendar.
- Revoking makes the address answer 404; a new address replaces the old one.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from samenhier.journeys import policies
from samenhier.journeys.appointments import AMSTERDAM
from samenhier.journeys.models import Appointment, CalendarFeed, Journey

PRODID = "-//Samen Hier//Appointments//NL"


def feed_url(feed: CalendarFeed) -> str:
    return settings.SITE_URL + reverse("journeys:calendar_feed", args=[feed.secret])


def active_feed(secret: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(secret=secret, revoked_at__isnull=True)
        .select_related("person", "journey__household", "created_by")
        .first()
    )


def personal_feed_of(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(person=user, revoked_at__isnull=True).first()


def journey_feed_of(journey: Journey) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(journey=journey, revoked_at__isnull=True).first()


def feed_appointments(feed: CalendarFeed) -> QuerySet[Appointment]:
    """The appointments the feed may show now (see the module's docstring)."""
    appointments = Appointment.objects.filter(journey__closed_at__isnull=True)
    if feed.journey is not None:
        creator = feed.created_by
        if creator is None or not creator.is_active:
            return appointments.none()
        if not policies.can_keep_journey_feed(creator, feed.journey):
            return appointments.none()
        appointments = appointments.filter(journey=feed.journey)
    else:
        person = feed.person
        if person is None or not person.is_active:
            return appointments.none()
        appointments = appointments.filter(
            journey__in=policies.journeys_visible_to(person).values("pk")
        ).filter(
            Q(attendees=person) | Q(journey__in=policies.newcomer_journeys(person).values("pk"))
        )
    return appointments.select_related("journey__household").distinct().order_by("starts_at", "pk")


def _event(appointment: Appointment, now: datetime) -> Event:
    journey = appointment.journey
    event = Event()
    event.add("uid", f"appointment-{appointment.pk}@samenhier")
    event.add("dtstamp", now)
    event.add("dtstart", timezone.localtime(appointment.starts_at, AMSTERDAM))
    if appointment.ends_at is not None:
        event.add("dtend", timezone.localtime(appointment.ends_at, AMSTERDAM))
    event.add("summary", f"{journey.household.reference}: {appointment.title}")
    if appointment.place:
        event.add("location", appointment.place)
    event.add("status", "CANCELLED" if appointment.cancelled_at else "CONFIRMED")
    # Calendar apps take an event with a higher sequence as the newer version.
    event.add("sequence", appointment.version - 1)
    event.add(
        "url",
        settings.SITE_URL + reverse("journeys:appointment", args=[journey.pk, appointment.pk]),
    )
    return event


def render_feed(feed: CalendarFeed, now: datetime | None = None) -> bytes:
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = "Samen Hier"
    if feed.journey is not None:
        name = f"Samen Hier · {feed.journey.household.reference}"
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    for appointment in feed_appointments(feed):
        calendar.add_component(_event(appointment, now))
    # A VTIMEZONE for every TZID used, so clients place the times right across DST.
    calendar.add_missing_timezones()
    return calendar.to_ical()


def create_personal_feed(*, actor: Any) -> CalendarFeed:
    """A new private address for the actor's own appointments; the old one stops working."""
    if not policies.can_keep_calendar_feed(actor):
        raise PermissionDenied
    with transaction.atomic():
        CalendarFeed.objects.filter(person=actor, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        return CalendarFeed.objects.create(person=actor, created_by=actor)


def create_journey_feed(*, actor: Any, journey: Journey) -> CalendarFeed:
    """A new address for all of the journey's appointments; the old one stops working."""
    if not policies.can_keep_journey_feed(actor, journey):
        raise PermissionDenied
    with transaction.atomic():
        CalendarFeed.objects.filter(journey=journey, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        return CalendarFeed.objects.create(journey=journey, created_by=actor)


def can_revoke(user: Any, feed: CalendarFeed) -> bool:
    if feed.person_id is not None:
        return bool(feed.person_id == user.pk)
    return feed.journey is not None and policies.can_keep_journey_feed(user, feed.journey)


def revoke_feed(*, actor: Any, feed: CalendarFeed) -> None:
    if not can_revoke(actor, feed):
        raise PermissionDenied
    CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
