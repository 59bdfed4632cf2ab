"""Telling the community builder when a group has recorded no contact for too long.

A silence is told once: Journey.silence_alerted_at holds that it was, and the next contact
that ends the silence clears it (journeys.contacts), so a new silence is told again.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.journeys.contacts import days_silent
from samenhier.journeys.models import ContactPerson, Journey
from samenhier.journeys.parties import Party
from samenhier.mail import addressed, people_in_city, tell_with
from samenhier.network.models import Programme


def silent_journeys(now: datetime) -> list[tuple[Journey, int]]:
    """Open journeys silent for the programme's number of days and not yet told, with the
    days of silence."""
    days = Programme.current().silence_alert_days
    today = timezone.localdate(now)
    candidates = (
        Journey.objects.open()
        .filter(silence_alerted_at__isnull=True)
        .select_related("household")
        .annotate(last_contact=Max("contacts__occurred_on"))
        .order_by("pk")
    )
    silent: list[tuple[Journey, int]] = []
    for journey in candidates:
        silence = days_silent(journey, journey.last_contact, today)  # type: ignore[attr-defined]
        if silence >= days:
            silent.append((journey, silence))
    return silent


def builders_of(journey: Journey, by_city: dict[int, list[User]]) -> list[User]:
    city = journey.household.city_id
    if city not in by_city:
        by_city[city] = list(people_in_city(Role.COMMUNITY_BUILDER, city))
    people = list(by_city[city])
    appointed = (
        ContactPerson.objects.filter(journey=journey, party=Party.COMMUNITY_BUILDER)
        .select_related("person")
        .first()
    )
    if appointed is not None and appointed.person not in people:
        people.append(appointed.person)
    return people


def alert(now: datetime) -> int:
    """Mail the community builders of every journey that fell silent; returns how many
    journeys were told about. Safe to run twice: a journey is claimed before it is told."""
    told = 0
    by_city: dict[int, list[User]] = {}
    for journey, silence in silent_journeys(now):
        claimed = Journey.objects.filter(pk=journey.pk, silence_alerted_at__isnull=True).update(
            silence_alerted_at=now
        )
        if not claimed:
            continue
        tell_with(
            addressed(builders_of(journey, by_city)),
            subject=gettext_lazy("No contact recorded for %(reference)s"),
            template="journeys/email/contact_silence.txt",
            reference=journey.household.reference,
            days=silence,
            link=settings.SITE_URL + reverse("journeys:contacts", args=[journey.pk]),
        )
        told += 1
    return told
