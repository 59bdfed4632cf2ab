"""The checklist's pages: each party sees the tasks, those who carry a part tick them off,
the newcomer chooses company, the national coordinator maintains the template."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenhier.journeys import checklist
from samenhier.journeys.models import Journey, Task, TaskTemplate
from samenhier.journeys.parties import Company, Party, Phase
from samenhier.journeys.policies import standing
from samenhier.journeys.views.checklist import card
from tests.journeys.test_checklist import seed_template

AMS = ZoneInfo("Europe/Amsterdam")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _template(db: None) -> None:
    seed_template()


def url(journey: Journey, name: str = "checklist", **kwargs) -> str:
    return reverse(f"journeys:{name}", kwargs={"pk": journey.pk, **kwargs})


@pytest.fixture
def made(cast, journey):
    """Arrived twenty days ago: the first weeks' tasks are due or overdue."""
    checklist.set_arrival(
        actor=cast.rotterdam.local_coordinator,
        journey=journey,
        arrival_at=timezone.now() - timedelta(days=20),
        version=journey.version,
    )
    journey.refresh_from_db()
    return journey


def _many(journey: Journey, count: int, assignee) -> None:
    Task.objects.filter(journey=journey).delete()
    today = checklist.today()
    Task.objects.bulk_create(
        Task(
            journey=journey,
            key="gp" if i % 3 == 0 else "",
            title=f"Taak {i}",
            phase=list(Phase)[i % 3],
            due_on=today + timedelta(days=i - count // 2),
            owner=Party.GROUP,
            assignee=assignee,
            is_appointment=i % 2 == 0,
            done_at=timezone.now() if i % 5 == 0 else None,
        )
        for i in range(count)
    )


def _queries(client, path: str) -> int:
    client.get(path)  # the first request after logging in also settles the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


# --- reading -----------------------------------------------------------------------------------


def test_the_group_sees_its_tasks_by_phase_with_who_and_when(cast, login, made):
    Task.objects.filter(journey=made, key="groceries").update(assignee=cast.rotterdam.group_member)
    response = login(cast.rotterdam.group_member).get(url(made), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    for phase in Phase:
        assert str(phase.label) in page
    assert "Register with a GP" in page  # the programme's line, in the reader's language
    assert "Pieter Jansen" in page
    assert "Overdue by" in page  # in words, not only in colour
    assert "Mark done" in page
    assert 'name="arrival_at"' not in page  # the group does not set the arrival


def test_the_arrival_form_is_there_for_those_who_set_it(cast, login, journey):
    page = login(cast.rotterdam.municipality_officer).get(url(journey), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert 'type="datetime-local"' in text
    assert "The checklist is made when the arrival date is set." in text


def test_the_reception_officer_reads_along_but_does_not_tick(cast, login, made):
    client = login(cast.rotterdam.reception_officer)
    page = client.get(url(made), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Register with a GP" in page
    assert "Mark done" not in page
    task = Task.objects.get(journey=made, key="gp")
    assert client.post(url(made, "checklist_done", task_pk=task.pk)).status_code == 403
    task.refresh_from_db()
    assert task.done_at is None


def test_the_stopped_newcomer_and_outsiders_do_not_see_the_checklist(cast, login, made):
    task = Task.objects.get(journey=made, key="gp")
    for person in (cast.den_haag.group_member, cast.den_haag.municipality_officer):
        assert login(person).get(url(made)).status_code == 404
    assert login(cast.group_contact).get(url(made)).status_code == 404
    from samenhier.newcomers import services

    services.stop(
        actor=cast.rotterdam.local_coordinator,
        household=cast.rotterdam.household,
        alternative_support="Regular social support.",
    )
    client = login(cast.rotterdam.newcomer)
    assert client.get(url(made)).status_code == 404
    assert client.get(url(made, "checklist_task", task_pk=task.pk)).status_code == 404
    assert client.post(url(made, "checklist_company", task_pk=task.pk)).status_code == 404
    # The city's staff keep reading a closed journey, but nothing changes any more.
    coordinator = login(cast.rotterdam.local_coordinator)
    assert coordinator.get(url(made)).status_code == 200
    assert coordinator.post(url(made, "checklist_done", task_pk=task.pk)).status_code == 403


def test_a_task_of_another_journey_is_not_found_through_this_one(
    cast, login, made, den_haag_journey
):
    other = Task.objects.create(
        journey=den_haag_journey,
        title="Elders",
        phase=Phase.SOCIAL,
        due_on=date(2027, 1, 1),
        owner=Party.GROUP,
    )
    client = login(cast.national_coordinator)
    assert client.get(url(made, "checklist_task", task_pk=other.pk)).status_code == 404
    assert client.post(url(made, "checklist_done", task_pk=other.pk)).status_code == 404


def test_the_checklist_costs_the_same_queries_for_5_or_60_tasks(cast, login, made):
    client = login(cast.rotterdam.group_member)
    _many(made, 5, cast.rotterdam.group_member)
    few = _queries(client, url(made))
    _many(made, 60, cast.rotterdam.local_coordinator)
    many = _queries(client, url(made))
    assert few == many
    # Filtered and searched too.
    _many(made, 5, cast.rotterdam.group_member)
    few = _queries(client, url(made) + "?state=open&mine=on&q=taak")
    _many(made, 60, cast.rotterdam.group_member)
    assert _queries(client, url(made) + "?state=open&mine=on&q=taak") == few


def test_the_card_costs_the_same_queries_for_5_or_60_tasks(cast, made, django_assert_num_queries):
    member = cast.rotterdam.group_member
    s = standing(member, made)
    _many(made, 5, member)
    with django_assert_num_queries(2):
        small = card(made, s)
    _many(made, 60, member)
    with django_assert_num_queries(2):
        big = card(made, s)
    assert len(small["upcoming"]) == len(big["upcoming"]) == 3
    assert big["summary"].open == 60 - 12


def test_the_card_counts_and_shows_the_next_tasks_on_the_journeys_page(cast, login, made):
    page = login(cast.rotterdam.newcomer).get(
        reverse("journeys:detail", args=[made.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert "Arrival checklist" in text
    assert "Next up" in text
    assert url(made) in text


def test_filters_and_search(cast, login, made):
    client = login(cast.rotterdam.group_member)
    gp = Task.objects.get(journey=made, key="gp")
    checklist.complete_task(actor=cast.rotterdam.group_member, task=gp)

    def titles(query: str) -> str:
        return client.get(url(made) + query, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Register with a GP" in titles("?state=done")
    assert "Register with a pharmacy" not in titles("?state=done")
    assert "Register with a GP" not in titles("?state=open")
    overdue = titles("?state=overdue")
    assert "Register with a pharmacy" in overdue
    assert "End-of-year evaluation" not in overdue
    social = titles("?phase=social")
    assert "Mid-year evaluation" in social
    assert "Register with a pharmacy" not in social
    # Search what the reader sees, and the title as typed.
    found = titles("?q=dentist")
    assert "Register with a dentist" in found
    assert "pharmacy" not in found
    assert "Register with a dentist" in titles("?q=tandarts")
    # Mine: the group's tasks, not the municipality's.
    mine = titles("?mine=on")
    assert "Pick up at the airport" in mine
    assert "Move to the permanent home" not in mine


def test_garbled_filters_are_told_not_a_500(cast, login, made):
    response = login(cast.rotterdam.group_member).get(url(made) + "?phase=space&state=%00")
    assert response.status_code == 200
    assert "sh-errorlist" in response.content.decode()


# --- setting and moving the arrival --------------------------------------------------------------


def test_the_arrival_is_read_as_amsterdam_time_and_makes_the_checklist(cast, login, journey):
    client = login(cast.rotterdam.municipality_officer)
    response = client.post(
        url(journey, "checklist_arrival"),
        {"arrival_at": "2027-03-27T22:30", "version": journey.version},
    )
    assert response.status_code == 302
    assert response["Location"] == url(journey)
    journey.refresh_from_db()
    assert journey.arrival_at == datetime(2027, 3, 27, 22, 30, tzinfo=AMS)
    assert Task.objects.get(journey=journey, key="groceries").due_on == date(2027, 3, 26)
    # The form shows the moment as it was typed, whatever the server's clock.
    page = client.get(url(journey)).content.decode()
    assert 'value="2027-03-27T22:30"' in page


def test_moving_the_arrival_on_the_page_moves_the_open_tasks(cast, login, journey):
    client = login(cast.rotterdam.local_coordinator)
    client.post(url(journey, "checklist_arrival"), {"arrival_at": "2027-10-30T12:00", "version": 1})
    journey.refresh_from_db()
    gp = Task.objects.get(journey=journey, key="gp")
    response = client.post(
        url(journey, "checklist_arrival"),
        {"arrival_at": "2027-11-02T09:00", "version": journey.version},
    )
    assert response.status_code == 302
    gp_due = Task.objects.get(pk=gp.pk).due_on
    assert gp_due == gp.due_on + timedelta(days=3)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Give the date and time of arrival."),
        ("next tuesday", "Give a date and time"),
        ("2027-13-45T25:61", "Give a date and time"),
        # The hour that does not exist in Amsterdam when the clocks go forward.
        ("2027-03-28T02:30", "Europe/Amsterdam"),
        # Before the referral (the cast's households were referred at most a year ago).
        ("2020-01-01T10:00", "before the household was referred"),
    ],
)
def test_a_missing_or_garbled_arrival_is_told_next_to_the_field(
    cast, login, journey, value, message
):
    response = login(cast.rotterdam.local_coordinator).post(
        url(journey, "checklist_arrival"),
        {"arrival_at": value, "version": journey.version},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_arrival_at_error"' in page
    assert message in page
    journey.refresh_from_db()
    assert journey.arrival_at is None
    assert not Task.objects.filter(journey=journey).exists()


def test_an_arrival_set_on_an_old_copy_of_the_page_is_refused(cast, login, made):
    before = made.arrival_at
    response = login(cast.rotterdam.local_coordinator).post(
        url(made, "checklist_arrival"),
        {"arrival_at": "2027-06-01T10:00", "version": made.version - 1},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Someone else changed this" in response.content.decode()
    made.refresh_from_db()
    assert made.arrival_at == before


def test_the_builder_may_not_set_the_arrival(cast, login, journey):
    response = login(cast.rotterdam.community_builder).post(
        url(journey, "checklist_arrival"), {"arrival_at": "2027-06-01T10:00"}
    )
    assert response.status_code == 403


# --- working on tasks ----------------------------------------------------------------------------


def test_ticking_a_task_without_script_returns_to_the_filtered_list(cast, login, made):
    task = Task.objects.get(journey=made, key="gp")
    back = url(made) + "?state=open&phase=first_months"
    response = login(cast.rotterdam.group_member).post(
        url(made, "checklist_done", task_pk=task.pk), {"back": back}
    )
    assert response.status_code == 302
    assert response["Location"] == back
    task.refresh_from_db()
    assert task.done_by == cast.rotterdam.group_member


def test_ticking_never_sends_people_elsewhere(cast, login, made):
    task = Task.objects.get(journey=made, key="gp")
    client = login(cast.rotterdam.group_member)
    for back in ("https://evil.example/", "//evil.example/", "/accounts/logout/"):
        response = client.post(url(made, "checklist_done", task_pk=task.pk), {"back": back})
        assert response["Location"] == url(made)


def test_ticking_with_htmx_returns_the_row(cast, login, made):
    task = Task.objects.get(journey=made, key="gp")
    client = login(cast.rotterdam.community_builder)
    response = client.post(
        url(made, "checklist_done", task_pk=task.pk),
        {"back": url(made)},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    row = response.content.decode()
    assert row.lstrip().startswith("<tr")
    assert "Done on" in row
    assert "Open again" in row
    response = client.post(url(made, "checklist_reopen", task_pk=task.pk), HTTP_HX_REQUEST="true")
    task.refresh_from_db()
    assert task.done_at is None


def test_giving_a_task_to_someone_on_the_task_page(cast, login, made):
    task = Task.objects.get(journey=made, key="permanent-home")
    client = login(cast.rotterdam.local_coordinator)
    page = client.get(url(made, "checklist_task", task_pk=task.pk)).content.decode()
    assert "Mehmet Yilmaz" in page
    assert "Anouk Peters" not in page
    response = client.post(
        url(made, "checklist_assign", task_pk=task.pk),
        {"assignee": cast.rotterdam.municipality_officer.pk, "version": task.version},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignee == cast.rotterdam.municipality_officer
    # Someone outside the journey, or an old copy of the page: told next to the form.
    response = client.post(
        url(made, "checklist_assign", task_pk=task.pk),
        {"assignee": cast.den_haag.group_member.pk, "version": task.version},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "id_assignee_error" in response.content.decode()
    response = client.post(
        url(made, "checklist_assign", task_pk=task.pk),
        {"assignee": "", "version": task.version - 1},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Someone else changed this" in response.content.decode()
    task.refresh_from_db()
    assert task.assignee == cast.rotterdam.municipality_officer


def test_the_newcomer_chooses_company_per_appointment(cast, login, made):
    gp = Task.objects.get(journey=made, key="gp")
    client = login(cast.rotterdam.newcomer)
    page = client.get(url(made), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'id="company-{gp.pk}"' in page
    assert "Mark done" not in page
    response = client.post(
        url(made, "checklist_company", task_pk=gp.pk),
        {"company": Company.YES, "version": gp.version, "back": url(made)},
    )
    assert response.status_code == 302
    gp.refresh_from_db()
    assert gp.company == Company.YES
    # A choice that is not offered: told on the task's page.
    response = client.post(
        url(made, "checklist_company", task_pk=gp.pk),
        {"company": "maybe", "version": gp.version},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "id_company_error" in response.content.decode()


def test_the_group_member_sees_the_choice_but_does_not_make_it(cast, login, made):
    gp = Task.objects.get(journey=made, key="gp")
    client = login(cast.rotterdam.group_member)
    page = client.get(url(made)).content.decode()
    assert f'id="company-{gp.pk}"' not in page
    response = client.post(url(made, "checklist_company", task_pk=gp.pk), {"company": "yes"})
    assert response.status_code == 403


# --- the national template ----------------------------------------------------------------------


def test_the_national_coordinator_adds_changes_and_takes_lines_out_of_use(cast, login):
    client = login(cast.national_coordinator)
    page = client.get(reverse("journeys:checklist_template"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Register with a GP" in page.content.decode()

    response = client.post(
        reverse("journeys:checklist_template_add"),
        {
            "title": "Fietsles regelen",
            "phase": Phase.SOCIAL,
            "offset_days": 60,
            "owner": Party.GROUP,
            "group_kinds": "",
        },
    )
    assert response.status_code == 302
    line = TaskTemplate.objects.get(title="Fietsles regelen")
    assert (line.key, line.active) == ("", True)

    edit = reverse("journeys:checklist_template_edit", args=[line.pk])
    response = client.post(
        edit,
        {
            "title": "Fietsles regelen",
            "phase": Phase.SOCIAL,
            "offset_days": 90,
            "owner": Party.GROUP,
            "group_kinds": "welcome",
            "version": line.version,
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.offset_days, line.group_kinds) == (90, "welcome")

    deactivate = reverse("journeys:checklist_template_deactivate", args=[line.pk])
    confirm = client.get(deactivate, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Yes, take it out of use" in confirm
    line.refresh_from_db()
    assert line.active  # asking changes nothing
    client.post(deactivate, {"version": line.version})
    line.refresh_from_db()
    assert not line.active

    client.post(
        reverse("journeys:checklist_template_activate", args=[line.pk]),
        {"version": line.version},
    )
    line.refresh_from_db()
    assert line.active


def test_a_template_line_is_checked_and_stale_edits_refused(cast, login):
    client = login(cast.national_coordinator)
    line = TaskTemplate.objects.get(key="gp")
    edit = reverse("journeys:checklist_template_edit", args=[line.pk])
    data = {
        "title": line.title,
        "phase": line.phase,
        "offset_days": "twee weken",
        "owner": "unhcr",
        "group_kinds": "",
        "version": line.version,
    }
    response = client.post(edit, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "id_offset_days_error" in page
    assert "id_owner_error" in page
    response = client.post(
        edit, {**data, "offset_days": 5000, "owner": "group"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "between -365 and 730" in response.content.decode()

    response = client.post(
        edit,
        {**data, "offset_days": 20, "owner": "group", "version": line.version - 1},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Someone else changed this" in response.content.decode()
    line.refresh_from_db()
    assert line.offset_days == 14

    deactivate = reverse("journeys:checklist_template_deactivate", args=[line.pk])
    response = client.post(deactivate, {"version": line.version - 1}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Someone else changed this" in response.content.decode()
    line.refresh_from_db()
    assert line.active


def test_the_local_coordinator_may_not_maintain_the_template(cast, login):
    client = login(cast.rotterdam.local_coordinator)
    line = TaskTemplate.objects.get(key="gp")
    assert client.get(reverse("journeys:checklist_template")).status_code == 403
    response = client.post(
        reverse("journeys:checklist_template_deactivate", args=[line.pk]),
        {"version": line.version},
    )
    assert response.status_code == 403
    line.refresh_from_db()
    assert line.active


def test_the_template_list_costs_one_query_for_its_lines(cast, login):
    client = login(cast.national_coordinator)
    path = reverse("journeys:checklist_template")
    few = _queries(client, path)
    TaskTemplate.objects.bulk_create(
        TaskTemplate(title=f"Regel {i}", phase=Phase.SOCIAL, offset_days=i, owner=Party.GROUP)
        for i in range(40)
    )
    assert _queries(client, path) == few


def test_the_rule_against_an_arrival_before_the_referral_holds_outside_the_page(cast, journey):
    from django.core.exceptions import ValidationError

    referred = journey.household.referred_at.astimezone(AMS)
    with pytest.raises(ValidationError) as refused:
        checklist.set_arrival(
            actor=cast.rotterdam.local_coordinator,
            journey=journey,
            arrival_at=referred - timedelta(days=1),
        )
    assert "arrival_at" in refused.value.error_dict
    assert not Task.objects.filter(journey=journey).exists()
    # the day of the referral itself is fine
    checklist.set_arrival(
        actor=cast.rotterdam.local_coordinator, journey=journey, arrival_at=referred
    )
    assert Task.objects.filter(journey=journey).exists()
