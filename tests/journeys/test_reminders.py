"""Reminders the day before an appointment: to whoever goes and the newcomer, once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from samenhier.journeys.models import Appointment
from samenhier.journeys.reminders import remind

pytestmark = pytest.mark.django_db

# Saturday 27 March 2027, 08:00 in Rotterdam (winter time, UTC+1); the clocks go forward
# in the night to Sunday.
SATURDAY_MORNING = datetime(2027, 3, 27, 7, 0, tzinfo=UTC)


def _plan(journey, when, *, attendees=(), **fields):
    appointment = Appointment.objects.create(
        journey=journey, title="Huisarts", starts_at=when, place="Kralingen", **fields
    )
    appointment.attendees.set(attendees)
    return appointment


def _run(capture, now):
    with capture(execute=True):
        return remind(now)


def test_whoever_goes_and_the_newcomer_are_reminded_the_day_before_once(
    cast, journey, mailoutbox, django_capture_on_commit_callbacks
):
    member, builder = cast.rotterdam.group_member, cast.rotterdam.community_builder
    with time_machine.travel(SATURDAY_MORNING, tick=False):
        # Sunday 10:00 summer time.
        appointment = _plan(
            journey, datetime(2027, 3, 28, 8, 0, tzinfo=UTC), attendees=[member, builder]
        )

        sent = _run(django_capture_on_commit_callbacks, timezone.now())
        again = _run(django_capture_on_commit_callbacks, timezone.now() + timedelta(hours=3))

    assert sent == 3
    assert again == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [member.email, builder.email, cast.rotterdam.newcomer.email]
    )
    body = mailoutbox[0].body
    assert "RTM-001" in mailoutbox[0].subject
    assert "10:00" in body
    assert "Kralingen" in body
    assert f"/journeys/{journey.pk}/appointments/{appointment.pk}/" in body
    for message in mailoutbox:
        assert cast.rotterdam.newcomer.full_name not in message.body + message.subject
    appointment.refresh_from_db()
    assert appointment.reminded_at is not None


def test_tomorrow_is_the_next_day_on_the_dutch_calendar(
    cast, journey, mailoutbox, django_capture_on_commit_callbacks
):
    member = cast.rotterdam.group_member
    # 23:30 UTC on Saturday is already 00:30 on Sunday in Rotterdam: tomorrow is Monday.
    now = datetime(2027, 3, 27, 23, 30, tzinfo=UTC)
    with time_machine.travel(now - timedelta(days=3), tick=False):
        sunday = _plan(journey, datetime(2027, 3, 28, 12, 0, tzinfo=UTC), attendees=[member])
        # Monday 00:10 in Rotterdam (summer time) is Sunday 22:10 UTC.
        monday_early = _plan(journey, datetime(2027, 3, 28, 22, 10, tzinfo=UTC), attendees=[member])
        tuesday_early = _plan(
            journey, datetime(2027, 3, 29, 22, 10, tzinfo=UTC), attendees=[member]
        )

    with time_machine.travel(now, tick=False):
        _run(django_capture_on_commit_callbacks, now)

    reminded = set(
        Appointment.objects.filter(reminded_at__isnull=False).values_list("pk", flat=True)
    )
    assert reminded == {monday_early.pk}
    assert sunday.pk not in reminded
    assert tuesday_early.pk not in reminded


def test_cancelled_and_later_appointments_are_not_reminded(
    cast, journey, mailoutbox, django_capture_on_commit_callbacks
):
    member = cast.rotterdam.group_member
    with time_machine.travel(SATURDAY_MORNING, tick=False):
        _plan(
            journey,
            datetime(2027, 3, 28, 8, 0, tzinfo=UTC),
            attendees=[member],
            cancelled_at=timezone.now(),
        )
        _plan(journey, datetime(2027, 3, 29, 8, 0, tzinfo=UTC), attendees=[member])
        assert _run(django_capture_on_commit_callbacks, timezone.now()) == 0
    assert mailoutbox == []


def test_nobody_is_reminded_once_the_newcomer_stopped(
    cast, stopped, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(SATURDAY_MORNING, tick=False):
        _plan(
            stopped,
            datetime(2027, 3, 28, 8, 0, tzinfo=UTC),
            attendees=[cast.rotterdam.community_builder],
        )
        assert _run(django_capture_on_commit_callbacks, timezone.now()) == 0
    assert mailoutbox == []


def test_someone_who_left_the_group_is_not_reminded(
    cast, journey, mailoutbox, django_capture_on_commit_callbacks
):
    from samenhier.accounts.models import RoleAssignment

    member = cast.rotterdam.group_member
    with time_machine.travel(SATURDAY_MORNING, tick=False):
        _plan(journey, datetime(2027, 3, 28, 8, 0, tzinfo=UTC), attendees=[member])
        RoleAssignment.objects.filter(user=member, group=journey.group).update(
            revoked_at=timezone.now()
        )
        _run(django_capture_on_commit_callbacks, timezone.now())
    assert [m.to[0] for m in mailoutbox] == [cast.rotterdam.newcomer.email]


def test_each_is_reminded_in_their_own_language(
    cast, journey, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from django.utils import translation

    from samenhier import mail

    languages = []
    real_render = mail.render_to_string

    def spy(template, context):
        languages.append(translation.get_language())
        return real_render(template, context)

    monkeypatch.setattr(mail, "render_to_string", spy)
    builder = cast.rotterdam.community_builder  # prefers Arabic
    with time_machine.travel(SATURDAY_MORNING, tick=False):
        _plan(journey, datetime(2027, 3, 28, 8, 0, tzinfo=UTC), attendees=[builder])
        _run(django_capture_on_commit_callbacks, timezone.now())
    assert sorted(languages) == sorted(
        [builder.preferred_language, cast.rotterdam.newcomer.preferred_language]
    )


def test_a_moved_appointment_is_reminded_again(
    cast, journey, mailoutbox, django_capture_on_commit_callbacks
):
    from samenhier.journeys.appointments import change_appointment

    member = cast.rotterdam.group_member
    with time_machine.travel(SATURDAY_MORNING, tick=False):
        appointment = _plan(journey, datetime(2027, 3, 28, 8, 0, tzinfo=UTC), attendees=[member])
        _run(django_capture_on_commit_callbacks, timezone.now())
        change_appointment(
            actor=member,
            appointment=appointment,
            title=appointment.title,
            starts_at=datetime(2027, 3, 30, 8, 0, tzinfo=UTC),
            ends_at=None,
            place=appointment.place,
            attendees=[member],
            company=appointment.company,
            version=appointment.version,
        )
    with time_machine.travel(datetime(2027, 3, 29, 7, 0, tzinfo=UTC), tick=False):
        assert _run(django_capture_on_commit_callbacks, timezone.now()) == 2
