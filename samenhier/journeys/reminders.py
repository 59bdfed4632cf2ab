"""A reminder the day before an appointment, to everyone who goes and to the newcomer.

The daily worker (journeys.tasks) calls `remind(now)`. "Tomorrow" is the next calendar day
in the Netherlands, whatever the server's clock says; each appointment is reminded once
(`reminded_at`), and again only when it is moved to another time.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from samenhier.accounts.models import User
from samenhier.journeys import policies
from samenhier.journeys.appointments import AMSTERDAM, newcomer_accounts
from samenhier.journeys.models import Appointment
from samenhier.mail import addressed, tell_with

SUBJECT = gettext_lazy("Tomorrow: an appointment for %(reference)s")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The first and the last moment of a calendar day in the Netherlands, as aware times (a
    day with a change of clocks has 23 or 25 hours)."""
    start = datetime.combine(day, time.min, tzinfo=AMSTERDAM)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=AMSTERDAM)
    return start, end


def due(now: datetime) -> QuerySet[Appointment]:
    tomorrow = timezone.localtime(now, AMSTERDAM).date() + timedelta(days=1)
    start, end = day_bounds(tomorrow)
    return (
        Appointment.objects.filter(
            starts_at__gte=start,
            starts_at__lt=end,
            cancelled_at__isnull=True,
            reminded_at__isnull=True,
            journey__closed_at__isnull=True,
        )
        .select_related("journey__household")
        .prefetch_related("attendees")
    )


def recipients(appointment: Appointment) -> list[User]:
    """Who goes, while they still take part in the journey, and the newcomer's accounts."""
    journey = appointment.journey
    going = [
        person
        for person in appointment.attendees.all()
        if person.is_active and policies.standing(person, journey).any
    ]
    return going + list(newcomer_accounts(journey))


def remind(now: datetime) -> int:
    """Send tomorrow's reminders; returns the number of messages sent."""
    sent = 0
    for appointment in due(now):
        # Claimed with one UPDATE, so two workers running at once never remind twice.
        claimed = Appointment.objects.filter(pk=appointment.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if not claimed:
            continue
        people = {person.email: person for person in recipients(appointment) if person.email}
        journey = appointment.journey
        tell_with(
            addressed(people.values()),
            subject=SUBJECT,
            template="journeys/email/appointment_reminder.txt",
            reference=journey.household.reference,
            appointment=appointment,
            link=settings.SITE_URL
            + reverse("journeys:appointment", args=[journey.pk, appointment.pk]),
        )
        sent += len(people)
    return sent
