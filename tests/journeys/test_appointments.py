"""Appointments: planning, changing, cancelling, the newcomer's choice of company, who sees
them, and what bad input gives."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samenhier.journeys import appointments as rules
from samenhier.journeys.models import Appointment, Task
from samenhier.journeys.parties import Company, Party, Phase

pytestmark = pytest.mark.django_db

# A week before the clocks go forward (Sunday 28 March 2027, 02:00 → 03:00).
BEFORE_DST = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)


def _url(journey, suffix=""):
    return f"/journeys/{journey.pk}/appointments/{suffix}"


def _appointment(journey, *, days=3, title="Huisarts", attendees=(), **fields):
    appointment = Appointment.objects.create(
        journey=journey, title=title, starts_at=timezone.now() + timedelta(days=days), **fields
    )
    appointment.attendees.set(attendees)
    return appointment


def _task(journey, company=Company.YES):
    return Task.objects.create(
        journey=journey,
        title="Inschrijven bij de huisarts",
        phase=Phase.FIRST_MONTHS,
        due_on=timezone.localdate() + timedelta(days=10),
        owner=Party.GROUP,
        is_appointment=True,
        company=company,
    )


def _form(**overrides):
    data = {
        "title": "Huisarts",
        "starts_at": "2027-03-29T10:00",
        "ends_at": "2027-03-29T10:30",
        "place": "Huisartsenpraktijk Kralingen",
    }
    data.update(overrides)
    return data


# --- planning -------------------------------------------------------------------------------


@time_machine.travel(BEFORE_DST, tick=False)
def test_group_member_plans_an_appointment_in_dutch_time(cast, journey, login):
    member, builder = cast.rotterdam.group_member, cast.rotterdam.community_builder
    client = login(member)

    response = client.post(
        _url(journey, "new/"), _form(attendees=[member.pk, builder.pk]), follow=True
    )

    assert response.status_code == 200
    appointment = Appointment.objects.get(journey=journey)
    # 29 March 2027 is summer time: 10:00 in Rotterdam is 08:00 UTC.
    assert appointment.starts_at == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)
    assert appointment.ends_at == datetime(2027, 3, 29, 8, 30, tzinfo=UTC)
    assert set(appointment.attendees.all()) == {member, builder}
    assert appointment.company == Company.UNASKED
    assert appointment.created_by == member
    assert "Huisarts" in response.content.decode()


@time_machine.travel(BEFORE_DST, tick=False)
def test_planning_for_a_checklist_appointment_shows_and_keeps_its_company(cast, journey, login):
    task = _task(journey, Company.YES)
    client = login(cast.rotterdam.group_member)

    page = client.get(_url(journey, f"new/?task={task.pk}"))
    assert page.status_code == 200
    assert str(task.get_company_display()) in page.content.decode()
    assert page.context["form"].initial["company"] == Company.YES

    client.post(_url(journey, "new/"), _form(task=task.pk))

    appointment = Appointment.objects.get(journey=journey)
    assert appointment.task == task
    assert appointment.company == Company.YES
    detail = client.get(_url(journey, f"{appointment.pk}/")).content.decode()
    assert f"/journeys/{journey.pk}/checklist/{task.pk}/" in detail


@time_machine.travel(BEFORE_DST, tick=False)
def test_the_community_builder_records_the_company_when_planning(cast, journey, login):
    client = login(cast.rotterdam.community_builder)

    client.post(_url(journey, "new/"), _form(company=Company.ASK))

    assert Appointment.objects.get(journey=journey).company == Company.ASK


def test_a_group_member_cannot_choose_company_for_the_newcomer(cast, journey):
    appointment = _appointment(journey)
    with pytest.raises(PermissionDenied):
        rules.change_appointment(
            actor=cast.rotterdam.group_member,
            appointment=appointment,
            title=appointment.title,
            starts_at=appointment.starts_at,
            ends_at=None,
            place="",
            attendees=[],
            company=Company.NO,
            version=appointment.version,
        )
    with pytest.raises(PermissionDenied):
        rules.plan_appointment(
            actor=cast.rotterdam.group_member,
            journey=journey,
            title="Bank",
            starts_at=timezone.now() + timedelta(days=2),
            ends_at=None,
            place="",
            attendees=[],
            company=Company.YES,
        )


def test_the_newcomer_chooses_company_themselves(cast, journey, login):
    appointment = _appointment(journey)
    client = login(cast.rotterdam.newcomer)

    page = client.get(_url(journey, f"{appointment.pk}/"))
    assert page.status_code == 200
    assert page.context["company_form"] is not None
    assert page.context["can_change"] is False

    response = client.post(
        _url(journey, f"{appointment.pk}/company/"),
        {"company": Company.NO, "version": appointment.version},
    )

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.company == Company.NO
    assert appointment.version == 2


def test_the_newcomer_sees_their_appointments(cast, journey, login):
    _appointment(journey, title="Gemeente: BSN")
    response = login(cast.rotterdam.newcomer).get(_url(journey))
    assert response.status_code == 200
    assert "Gemeente: BSN" in response.content.decode()
    assert response.context["can_plan"] is False


def test_the_list_shows_who_goes_and_filters_past_ones(cast, journey, login):
    member = cast.rotterdam.group_member
    _appointment(journey, title="Tandarts", attendees=[member])
    Appointment.objects.create(
        journey=journey, title="Bank", starts_at=timezone.now() - timedelta(days=2)
    )
    client = login(member)

    coming = client.get(_url(journey)).content.decode()
    gone = client.get(_url(journey) + "?state=past").content.decode()

    assert "Tandarts" in coming
    assert member.full_name in coming
    assert "Bank" not in coming
    assert "Bank" in gone
    assert "Tandarts" not in gone


# --- who may -------------------------------------------------------------------------------


def test_reception_officer_may_view_but_not_plan(cast, journey, login):
    appointment = _appointment(journey)
    client = login(cast.rotterdam.reception_officer)

    assert client.get(_url(journey)).status_code == 200
    assert client.get(_url(journey, f"{appointment.pk}/")).status_code == 200
    assert client.get(_url(journey, "new/")).status_code == 403
    assert client.post(_url(journey, "new/"), _form()).status_code == 403
    assert client.post(_url(journey, f"{appointment.pk}/cancel/")).status_code == 403
    assert not Appointment.objects.filter(title="Huisarts", pk__gt=appointment.pk).exists()


@pytest.mark.parametrize("who", ["den_haag.group_member", "den_haag.municipality_officer"])
def test_people_of_another_group_or_city_do_not_find_the_appointments(cast, journey, login, who):
    appointment = _appointment(journey)
    person = cast
    for part in who.split("."):
        person = getattr(person, part)
    client = login(person)

    assert client.get(_url(journey)).status_code == 404
    assert client.get(_url(journey, f"{appointment.pk}/")).status_code == 404
    assert client.post(_url(journey, "new/"), _form()).status_code == 404


def test_a_newcomer_who_stopped_no_longer_sees_the_appointments(cast, stopped, login):
    appointment = _appointment(stopped)
    client = login(cast.rotterdam.newcomer)

    assert client.get(_url(stopped)).status_code == 404
    assert client.get(_url(stopped, f"{appointment.pk}/")).status_code == 404
    assert client.post(_url(stopped, f"{appointment.pk}/company/"), {}).status_code == 404


def test_after_the_journey_closed_nobody_plans_any_more(cast, stopped, login):
    client = login(cast.rotterdam.local_coordinator)
    assert client.get(_url(stopped)).status_code == 200
    assert client.get(_url(stopped, "new/")).status_code == 403


def test_an_appointment_of_another_journey_is_not_found_through_this_one(
    cast, journey, den_haag_journey, login
):
    theirs = _appointment(den_haag_journey)
    client = login(cast.national_coordinator)
    assert client.get(_url(journey, f"{theirs.pk}/")).status_code == 404


# --- bad input -------------------------------------------------------------------------------


@time_machine.travel(BEFORE_DST, tick=False)
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": "2027-03-29T09:00"}, "ends_at"),
        ({"ends_at": "2027-03-29T10:00"}, "ends_at"),
        ({"starts_at": "2027-03-19T10:00", "ends_at": ""}, "starts_at"),
        ({"starts_at": "2027-13-45T25:61"}, "starts_at"),
        ({"starts_at": "morgen om tien"}, "starts_at"),
        ({"starts_at": "\x00"}, "starts_at"),
        ({"starts_at": ""}, "starts_at"),
        # The hour the clocks skip does not exist in Rotterdam.
        ({"starts_at": "2027-03-28T02:30", "ends_at": ""}, "starts_at"),
        ({"title": ""}, "title"),
        ({"title": "x" * 151}, "title"),
        ({"attendees": ["999999"]}, "attendees"),
        ({"company": "maybe"}, "company"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field(cast, journey, login, overrides, field):
    client = login(cast.rotterdam.community_builder)

    response = client.post(_url(journey, "new/"), _form(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Appointment.objects.filter(journey=journey).exists()
    assert 'class="sh-errorlist"' in response.content.decode()


@time_machine.travel(BEFORE_DST, tick=False)
def test_someone_outside_the_journey_cannot_be_put_down_as_going(cast, journey, login):
    outsider = cast.den_haag.group_member
    response = login(cast.rotterdam.group_member).post(
        _url(journey, "new/"), _form(attendees=[outsider.pk])
    )
    assert response.status_code == 200
    assert "attendees" in response.context["form"].errors


@time_machine.travel(BEFORE_DST, tick=False)
def test_the_rules_refuse_what_the_form_would(cast, journey, den_haag_journey):
    member = cast.rotterdam.group_member
    base = {
        "actor": member,
        "journey": journey,
        "title": "Bank",
        "ends_at": None,
        "place": "",
        "attendees": [],
        "company": "",
    }
    now = timezone.now()
    with pytest.raises(ValidationError) as past:
        rules.plan_appointment(**base, starts_at=now - timedelta(minutes=1))
    assert "starts_at" in past.value.error_dict
    with pytest.raises(ValidationError) as backwards:
        rules.plan_appointment(
            **{**base, "ends_at": now + timedelta(hours=1)}, starts_at=now + timedelta(hours=2)
        )
    assert "ends_at" in backwards.value.error_dict
    with pytest.raises(ValidationError) as outsider:
        rules.plan_appointment(
            **{**base, "attendees": [cast.den_haag.group_member]},
            starts_at=now + timedelta(days=1),
        )
    assert "attendees" in outsider.value.error_dict
    with pytest.raises(ValidationError) as task:
        rules.plan_appointment(
            **base, starts_at=now + timedelta(days=1), task=_task(den_haag_journey)
        )
    assert "task" in task.value.error_dict
    with pytest.raises(PermissionDenied):
        rules.plan_appointment(
            **{**base, "actor": cast.rotterdam.reception_officer},
            starts_at=now + timedelta(days=1),
        )


# --- changing and cancelling ------------------------------------------------------------------


@time_machine.travel(BEFORE_DST, tick=False)
def test_a_stale_edit_is_refused(cast, journey, login):
    appointment = _appointment(journey)
    client = login(cast.rotterdam.group_member)
    page = client.get(_url(journey, f"{appointment.pk}/edit/"))
    version = page.context["form"].initial["version"]
    # Meanwhile the newcomer says they want company: the appointment moves on a version.
    rules.choose_company(
        actor=cast.rotterdam.newcomer, appointment=appointment, company="yes", version=version
    )

    response = client.post(
        _url(journey, f"{appointment.pk}/edit/"), _form(place="Elders", version=version)
    )

    assert response.status_code == 200
    assert "Someone else changed this" in str(response.context["form"].non_field_errors())
    appointment.refresh_from_db()
    assert appointment.place == ""
    assert appointment.company == Company.YES


@time_machine.travel(BEFORE_DST, tick=False)
def test_changing_keeps_the_newcomers_choice_and_moves_the_reminder(cast, journey, login):
    appointment = _appointment(journey, company=Company.NO)
    Appointment.objects.filter(pk=appointment.pk).update(reminded_at=timezone.now())
    client = login(cast.rotterdam.group_member)

    response = client.post(
        _url(journey, f"{appointment.pk}/edit/"),
        _form(place="Elders", version=appointment.version),
    )

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.place == "Elders"
    assert appointment.company == Company.NO
    assert appointment.reminded_at is None
    assert appointment.version == 2


def test_an_appointment_that_took_place_may_still_be_corrected(cast, journey, login):
    appointment = Appointment.objects.create(
        journey=journey, title="Bank", starts_at=timezone.now() - timedelta(days=2, seconds=7)
    )
    local = timezone.localtime(appointment.starts_at).strftime("%Y-%m-%dT%H:%M")

    response = login(cast.rotterdam.group_member).post(
        _url(journey, f"{appointment.pk}/edit/"),
        {"title": "Bank", "starts_at": local, "place": "ING", "version": 1},
    )

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.place == "ING"


def test_cancelling_asks_first_and_then_cancels(cast, journey, login):
    appointment = _appointment(journey)
    client = login(cast.rotterdam.social_support_worker)

    confirm = client.get(_url(journey, f"{appointment.pk}/cancel/"))
    assert confirm.status_code == 200
    appointment.refresh_from_db()
    assert appointment.cancelled_at is None

    response = client.post(
        _url(journey, f"{appointment.pk}/cancel/"), {"version": appointment.version}, follow=True
    )

    appointment.refresh_from_db()
    assert appointment.cancelled_at is not None
    assert "Cancelled" in client.get(_url(journey)).content.decode()
    assert response.context["can_change"] is False
    # A cancelled appointment is not changed any more.
    assert client.get(_url(journey, f"{appointment.pk}/edit/")).status_code == 302


@time_machine.travel(BEFORE_DST, tick=False)
@pytest.mark.parametrize("version", ["", "abc", "²", "99999999999999999999"])
def test_a_garbled_version_is_taken_as_out_of_date(cast, journey, login, version):
    appointment = _appointment(journey)
    response = login(cast.rotterdam.group_member).post(
        _url(journey, f"{appointment.pk}/edit/"), _form(place="Elders", version=version)
    )
    assert response.status_code == 200
    assert "Someone else changed this" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.place == ""


def test_cancelling_with_an_old_version_is_refused(cast, journey, login):
    appointment = _appointment(journey)
    client = login(cast.rotterdam.group_member)
    response = client.post(
        _url(journey, f"{appointment.pk}/cancel/"), {"version": "0"}, follow=True
    )
    appointment.refresh_from_db()
    assert appointment.cancelled_at is None
    assert "Someone else changed this" in response.content.decode()


# --- cost -----------------------------------------------------------------------------------


def _grow(journey, attendees, count):
    for index in range(count):
        _appointment(journey, days=2 + index, title=f"Afspraak {index}", attendees=attendees)
        Appointment.objects.create(
            journey=journey,
            title=f"Geweest {index}",
            starts_at=timezone.now() - timedelta(days=2 + index),
        ).attendees.set(attendees)


@pytest.mark.parametrize("suffix", ["", "?state=past"])
def test_the_list_costs_the_same_number_of_queries_however_many(cast, journey, login, suffix):
    people = [cast.rotterdam.group_member, cast.rotterdam.community_builder]
    client = login(cast.rotterdam.group_member)
    _grow(journey, people, 2)
    client.get(_url(journey) + suffix)
    with CaptureQueriesContext(connection) as few:
        client.get(_url(journey) + suffix)
    _grow(journey, people, 20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(_url(journey) + suffix)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_the_journey_card_shows_the_next_three_at_a_constant_cost(cast, journey, login):
    client = login(cast.rotterdam.group_member)
    _appointment(journey, days=1, title="Eerste afspraak")
    client.get(f"/journeys/{journey.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/journeys/{journey.pk}/")
    _grow(journey, [cast.rotterdam.group_member], 10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/journeys/{journey.pk}/")
    assert len(many) == len(few)
    card = response.context["cards"]["appointments"]
    assert [a.title for a in card["next"]] == ["Eerste afspraak", "Afspraak 0", "Afspraak 1"]
    assert card["more"] is True
    assert "Eerste afspraak" in response.content.decode()


def test_the_detail_page_costs_the_same_however_many_go(cast, journey, login):
    client = login(cast.rotterdam.community_builder)
    appointment = _appointment(journey, attendees=[cast.rotterdam.group_member])
    client.get(_url(journey, f"{appointment.pk}/"))
    with CaptureQueriesContext(connection) as few:
        client.get(_url(journey, f"{appointment.pk}/"))
    appointment.attendees.add(cast.rotterdam.community_builder, cast.rotterdam.local_coordinator)
    with CaptureQueriesContext(connection) as many:
        client.get(_url(journey, f"{appointment.pk}/"))
    assert len(many) == len(few)
