"""A silence in the contact log is told to the community builder once, and again only after a
new contact and a new silence."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from samenhier.accounts.models import User
from samenhier.journeys import contacts, silence
from samenhier.journeys.models import ContactPerson, Journey
from samenhier.journeys.parties import Party
from samenhier.network.models import Programme

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ARRIVAL = datetime(2026, 3, 2, 14, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def arrived(journey: Journey) -> Journey:
    Journey.objects.filter(pk=journey.pk).update(
        arrival_at=ARRIVAL, started_at=ARRIVAL - timedelta(days=60)
    )
    journey.refresh_from_db()
    return journey


def _alert_at(moment: datetime, capture) -> list:
    """Run the alert as the worker would at `moment`; the mails it sent about RTM-001."""
    before = len(mail.outbox)
    with time_machine.travel(moment, tick=False), capture(execute=True):
        silence.alert(moment)
    return [m for m in mail.outbox[before:] if "RTM-001" in m.subject]


def test_a_silence_is_told_to_the_citys_community_builder_once(
    cast, arrived, django_capture_on_commit_callbacks
):
    early = _alert_at(ARRIVAL + timedelta(days=13), django_capture_on_commit_callbacks)
    told = _alert_at(ARRIVAL + timedelta(days=14), django_capture_on_commit_callbacks)
    again = _alert_at(ARRIVAL + timedelta(days=20), django_capture_on_commit_callbacks)

    assert early == []
    assert [m.to for m in told] == [[cast.rotterdam.community_builder.email]]
    assert "RTM-001" in told[0].body
    assert f"/journeys/{arrived.pk}/contacts/" in told[0].body
    assert again == []
    arrived.refresh_from_db()
    assert arrived.silence_alerted_at is not None


def test_the_mail_names_the_household_only_by_reference(
    cast, arrived, django_capture_on_commit_callbacks
):
    (told,) = _alert_at(ARRIVAL + timedelta(days=15), django_capture_on_commit_callbacks)
    assert cast.rotterdam.household.main_applicant_name not in told.body


def test_a_new_contact_then_a_new_silence_is_told_again(
    cast, arrived, django_capture_on_commit_callbacks
):
    _alert_at(ARRIVAL + timedelta(days=14), django_capture_on_commit_callbacks)
    visit = ARRIVAL + timedelta(days=16)
    with time_machine.travel(visit, tick=False):
        contacts.record_contact(
            actor=cast.rotterdam.group_member,
            journey=arrived,
            occurred_on=visit.date(),
            kind="visit",
        )
    arrived.refresh_from_db()
    assert arrived.silence_alerted_at is None

    quiet = _alert_at(visit + timedelta(days=13), django_capture_on_commit_callbacks)
    told = _alert_at(visit + timedelta(days=14), django_capture_on_commit_callbacks)

    assert quiet == []
    assert len(told) == 1


def test_a_late_entry_for_a_day_long_past_does_not_end_the_silence(
    cast, arrived, django_capture_on_commit_callbacks
):
    _alert_at(ARRIVAL + timedelta(days=30), django_capture_on_commit_callbacks)
    with time_machine.travel(ARRIVAL + timedelta(days=31), tick=False):
        contacts.record_contact(
            actor=cast.rotterdam.group_member,
            journey=arrived,
            occurred_on=(ARRIVAL + timedelta(days=2)).date(),
            kind="call",
        )
    arrived.refresh_from_db()
    assert arrived.silence_alerted_at is not None
    assert _alert_at(ARRIVAL + timedelta(days=32), django_capture_on_commit_callbacks) == []


def test_the_number_of_days_is_the_programmes(cast, arrived, django_capture_on_commit_callbacks):
    Programme.objects.update_or_create(pk=1, defaults={"silence_alert_days": 30})
    assert _alert_at(ARRIVAL + timedelta(days=29), django_capture_on_commit_callbacks) == []
    assert len(_alert_at(ARRIVAL + timedelta(days=30), django_capture_on_commit_callbacks)) == 1


def test_the_journeys_own_community_builder_is_told_too(
    cast, arrived, django_capture_on_commit_callbacks
):
    appointed = User.objects.create_user("bouwer@example.org", "pw-unused-123", full_name="Ilse")
    ContactPerson.objects.create(journey=arrived, party=Party.COMMUNITY_BUILDER, person=appointed)

    told = _alert_at(ARRIVAL + timedelta(days=14), django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in told) == sorted(
        [cast.rotterdam.community_builder.email, "bouwer@example.org"]
    )


def test_a_closed_journey_is_never_told_about(cast, stopped, django_capture_on_commit_callbacks):
    Journey.objects.filter(pk=stopped.pk).update(arrival_at=ARRIVAL)
    assert _alert_at(ARRIVAL + timedelta(days=100), django_capture_on_commit_callbacks) == []
    stopped.refresh_from_db()
    assert stopped.silence_alerted_at is None


def test_an_arrival_still_ahead_is_no_silence(cast, journey, django_capture_on_commit_callbacks):
    Journey.objects.filter(pk=journey.pk).update(
        started_at=ARRIVAL - timedelta(days=90), arrival_at=ARRIVAL + timedelta(days=30)
    )
    assert _alert_at(ARRIVAL, django_capture_on_commit_callbacks) == []


def test_alert_returns_how_many_journeys_it_told_about(cast, arrived):
    moment = ARRIVAL + timedelta(days=14)
    with time_machine.travel(moment, tick=False):
        first = silence.alert(moment)
        second = silence.alert(moment)
    assert first >= 1
    assert second == 0
