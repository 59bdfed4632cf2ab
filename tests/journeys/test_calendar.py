"""Private calendar addresses: what a feed holds, for whom, and that it stops."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from samenhier.journeys import calendar
from samenhier.journeys.models import Appointment, CalendarFeed

pytestmark = pytest.mark.django_db

# A week before the clocks go forward (Sunday 28 March 2027, 02:00 → 03:00).
BEFORE_DST = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)


def _plan(journey, when, *, title="Huisarts", attendees=(), **fields):
    appointment = Appointment.objects.create(journey=journey, title=title, starts_at=when, **fields)
    appointment.attendees.set(attendees)
    return appointment


def _fetch(feed):
    """The feed as a calendar app gets it: no login."""
    return Client().get(f"/journeys/calendar/{feed.secret}.ics")


def _events(feed):
    response = _fetch(feed)
    assert response.status_code == 200
    parsed = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in parsed.walk("VEVENT")}


def _personal(person):
    return CalendarFeed.objects.create(person=person, created_by=person)


@time_machine.travel(BEFORE_DST, tick=False)
def test_a_feed_parses_and_keeps_the_dutch_time_across_the_change_of_clocks(cast, journey):
    member = cast.rotterdam.group_member
    # Saturday before the change (winter time, UTC+1) and Monday after (summer time, UTC+2),
    # both at 10:00 on the wall clock.
    saturday = _plan(
        journey,
        datetime(2027, 3, 27, 9, 0, tzinfo=UTC),
        ends_at=datetime(2027, 3, 27, 10, 0, tzinfo=UTC),
        attendees=[member],
        place="Huisartsenpraktijk Kralingen",
    )
    monday = _plan(
        journey, datetime(2027, 3, 29, 8, 0, tzinfo=UTC), title="Bank", attendees=[member]
    )
    feed = _personal(member)

    response = _fetch(feed)
    parsed = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in parsed.walk("VEVENT")}

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert [str(tz["tzid"]) for tz in parsed.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    first = events[f"appointment-{saturday.pk}@samenhier"]
    second = events[f"appointment-{monday.pk}@samenhier"]
    assert first["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert first["dtstart"].dt.hour == 10
    assert second["dtstart"].dt.hour == 10
    assert first["dtstart"].dt.astimezone(UTC) == saturday.starts_at
    assert first["dtend"].dt.astimezone(UTC) == saturday.ends_at
    assert second["dtstart"].dt.astimezone(UTC) == monday.starts_at
    assert "dtend" not in second
    assert str(first["summary"]) == "RTM-001: Huisarts"
    assert str(first["location"]) == "Huisartsenpraktijk Kralingen"
    assert str(first["status"]) == "CONFIRMED"


def test_an_event_names_nobody(cast, journey):
    member = cast.rotterdam.group_member
    _plan(journey, timezone.now() + timedelta(days=2), attendees=[member])
    text = _fetch(_personal(member)).content.decode()
    for person in (member, cast.rotterdam.newcomer, cast.rotterdam.community_builder):
        assert person.full_name not in text
    assert journey.household.main_applicant_name not in text
    assert "ATTENDEE" not in text
    assert "ORGANIZER" not in text


def test_a_members_feed_holds_only_what_they_go_to(cast, journey):
    member = cast.rotterdam.group_member
    going = _plan(journey, timezone.now() + timedelta(days=2), attendees=[member])
    other = _plan(journey, timezone.now() + timedelta(days=3), title="Gemeente")

    uids = set(_events(_personal(member)))

    assert f"appointment-{going.pk}@samenhier" in uids
    assert f"appointment-{other.pk}@samenhier" not in uids


def test_the_newcomers_feed_holds_every_appointment_of_their_journey(cast, journey):
    first = _plan(journey, timezone.now() + timedelta(days=2))
    second = _plan(journey, timezone.now() + timedelta(days=3), title="Gemeente")
    uids = set(_events(_personal(cast.rotterdam.newcomer)))
    assert uids == {f"appointment-{first.pk}@samenhier", f"appointment-{second.pk}@samenhier"}


def test_the_journeys_feed_holds_all_and_marks_cancelled_ones(cast, journey, den_haag_journey):
    kept = _plan(journey, timezone.now() + timedelta(days=2))
    cancelled = _plan(journey, timezone.now() + timedelta(days=3), cancelled_at=timezone.now())
    elsewhere = _plan(den_haag_journey, timezone.now() + timedelta(days=2))
    feed = CalendarFeed.objects.create(journey=journey, created_by=cast.rotterdam.group_member)

    events = _events(feed)

    assert set(events) == {
        f"appointment-{kept.pk}@samenhier",
        f"appointment-{cancelled.pk}@samenhier",
    }
    assert str(events[f"appointment-{cancelled.pk}@samenhier"]["status"]) == "CANCELLED"
    assert f"appointment-{elsewhere.pk}@samenhier" not in events


def test_a_revoked_address_answers_404(cast, journey):
    feed = _personal(cast.rotterdam.group_member)
    calendar.revoke_feed(actor=cast.rotterdam.group_member, feed=feed)
    assert _fetch(feed).status_code == 404


def test_an_unknown_address_answers_404(cast):
    assert Client().get("/journeys/calendar/not-a-secret.ics").status_code == 404
    assert Client().get("/journeys/calendar/.ics").status_code == 404


def test_a_stopped_newcomers_feed_no_longer_shows_the_journey(cast, journey):
    from samenhier.newcomers import services

    appointment = _plan(journey, timezone.now() + timedelta(days=2))
    newcomer_feed = _personal(cast.rotterdam.newcomer)
    journey_feed = CalendarFeed.objects.create(journey=journey, created_by=cast.rotterdam.newcomer)
    uid = f"appointment-{appointment.pk}@samenhier"
    assert uid in _events(newcomer_feed)
    assert uid in _events(journey_feed)

    services.stop(
        actor=cast.rotterdam.local_coordinator,
        household=cast.rotterdam.household,
        alternative_support="Regular social support.",
    )

    assert _events(newcomer_feed) == {}
    assert _events(journey_feed) == {}


def test_a_journey_feed_stops_when_its_maker_leaves_the_group(cast, journey):
    from samenhier.accounts.models import RoleAssignment

    member = cast.rotterdam.group_member
    _plan(journey, timezone.now() + timedelta(days=2), attendees=[member])
    feed = CalendarFeed.objects.create(journey=journey, created_by=member)
    own = _personal(member)
    assert _events(feed)
    assert _events(own)

    RoleAssignment.objects.filter(user=member, group=journey.group).update(
        revoked_at=timezone.now()
    )

    assert _events(feed) == {}
    assert _events(own) == {}


# --- the pages ---------------------------------------------------------------------------------


def test_a_person_makes_copies_renews_and_revokes_their_address(cast, journey, login):
    member = cast.rotterdam.group_member
    client = login(member)

    assert client.get("/journeys/calendar/").context["feed"] is None
    page = client.post("/journeys/calendar/", follow=True)
    feed = CalendarFeed.objects.get(person=member, revoked_at__isnull=True)
    html = page.content.decode()
    assert f'for="feed-address-{feed.pk}"' in html
    assert f"/journeys/calendar/{feed.secret}.ics" in html
    assert "readonly" in html
    assert _fetch(feed).status_code == 200

    client.post("/journeys/calendar/")
    renewed = CalendarFeed.objects.get(person=member, revoked_at__isnull=True)
    assert renewed.pk != feed.pk
    assert _fetch(feed).status_code == 404

    confirm = client.get(f"/journeys/calendar/{renewed.pk}/revoke/")
    assert confirm.status_code == 200
    assert _fetch(renewed).status_code == 200
    client.post(f"/journeys/calendar/{renewed.pk}/revoke/")
    assert _fetch(renewed).status_code == 404
    assert not CalendarFeed.objects.filter(person=member, revoked_at__isnull=True).exists()


def test_only_the_owner_revokes_a_personal_address(cast, journey, login):
    feed = _personal(cast.rotterdam.group_member)
    response = login(cast.national_coordinator).post(f"/journeys/calendar/{feed.pk}/revoke/")
    assert response.status_code == 404
    assert _fetch(feed).status_code == 200


def test_the_journey_address_on_the_appointments_page(cast, journey, login):
    url = f"/journeys/{journey.pk}/appointments/"
    login(cast.rotterdam.newcomer).post(f"{url}calendar/")
    feed = CalendarFeed.objects.get(journey=journey, revoked_at__isnull=True)

    page = login(cast.rotterdam.group_member).get(url)
    assert page.context["feed"] == feed
    assert f"/journeys/calendar/{feed.secret}.ics" in page.content.decode()

    # Reception may read the appointments but gets no address that would pass them on.
    reception = login(cast.rotterdam.reception_officer)
    assert reception.get(url).status_code == 200
    assert feed.secret not in reception.get(url).content.decode()
    assert reception.post(f"{url}calendar/{feed.pk}/revoke/").status_code == 403

    member = login(cast.rotterdam.group_member)
    assert member.get(f"{url}calendar/{feed.pk}/revoke/").status_code == 200
    member.post(f"{url}calendar/{feed.pk}/revoke/")
    assert _fetch(feed).status_code == 404


def test_another_journeys_feed_cannot_be_revoked_through_this_one(
    cast, journey, den_haag_journey, login
):
    theirs = CalendarFeed.objects.create(journey=den_haag_journey, created_by=None)
    client = login(cast.national_coordinator)
    response = client.post(f"/journeys/{journey.pk}/appointments/calendar/{theirs.pk}/revoke/")
    assert response.status_code == 404
