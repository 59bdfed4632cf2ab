"""The arrival checklist's rules: made from the national template when the arrival is set,
moved with it in calendar days (whatever the clocks do), ticked off, given to people."""

import importlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from samenhier.journeys import checklist
from samenhier.journeys.models import ContactPerson, JourneyEvent, Task, TaskTemplate
from samenhier.journeys.parties import Company, Party, Phase
from samenhier.network.services import StaleEdit

AMS = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")

pytestmark = pytest.mark.django_db


def seed_template() -> None:
    """The national template as the data migration made it. A test that flushes the database
    (the browser tests) takes it away, as it takes the cast; seeding again is harmless."""
    from django.apps import apps

    importlib.import_module("samenhier.journeys.migrations.0004_checklist_template").seed(
        apps, None
    )


@pytest.fixture(autouse=True)
def _template(db: None) -> None:
    seed_template()


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)  # type: ignore[misc]


def _set(cast, journey, arrival):
    journey.refresh_from_db()
    return checklist.set_arrival(
        actor=cast.rotterdam.local_coordinator,
        journey=journey,
        arrival_at=arrival,
        version=journey.version,
    )


# --- due dates are calendar days in Amsterdam ------------------------------------------------


@pytest.mark.parametrize(
    ("arrival", "offset", "due"),
    [
        # Clocks go forward in the night of 27 to 28 March 2027.
        (at(2027, 3, 27, 22, 30), -1, date(2027, 3, 26)),
        (at(2027, 3, 27, 22, 30), 0, date(2027, 3, 27)),
        (at(2027, 3, 27, 22, 30), 1, date(2027, 3, 28)),
        (at(2027, 3, 27, 22, 30), 2, date(2027, 3, 29)),
        (at(2027, 3, 27, 23, 30), 1, date(2027, 3, 28)),
        (at(2027, 3, 27, 23, 30), 14, date(2027, 4, 10)),
        # Clocks go back in the night of 30 to 31 October 2027.
        (at(2027, 10, 31, 0, 30), 1, date(2027, 11, 1)),
        (at(2027, 10, 30, 23, 30), 1, date(2027, 10, 31)),
        (at(2027, 11, 1, 0, 30), -1, date(2027, 10, 31)),
        (at(2027, 11, 1, 0, 30), -7, date(2027, 10, 25)),
    ],
)
def test_a_due_date_is_the_calendar_day_in_amsterdam(arrival, offset, due):
    assert checklist.due_date(arrival, offset) == due
    # The same moment written in UTC gives the same day.
    assert checklist.due_date(arrival.astimezone(UTC), offset) == due


def test_adding_whole_days_of_24_hours_would_have_moved_the_due_date():
    """Why the rule exists: a day after 23:30 on the 27th of March is 00:30 on the 29th,
    counted in hours; the task is still due on the 28th."""
    arrival = at(2027, 3, 27, 23, 30)
    naive = (arrival.astimezone(UTC) + timedelta(days=1)).astimezone(AMS).date()
    assert naive == date(2027, 3, 29)
    assert checklist.due_date(arrival, 1) == date(2027, 3, 28)


# --- making the checklist ----------------------------------------------------------------------


def test_setting_the_arrival_across_the_change_of_clocks_makes_every_task_on_its_day(cast, journey):
    arrival = at(2027, 3, 27, 22, 30)
    _set(cast, journey, arrival)

    lines = {line.pk: line for line in checklist.lines_for(journey)}
    tasks = list(Task.objects.filter(journey=journey))
    assert len(tasks) == len(lines) > 10
    for task in tasks:
        line = lines[task.template_id]
        assert task.due_on == date(2027, 3, 27) + timedelta(days=line.offset_days)
        assert (task.key, task.title, task.phase, task.owner) == (
            line.key,
            line.title,
            line.phase,
            line.owner,
        )
    pickup = Task.objects.get(journey=journey, key="airport-pickup")
    assert pickup.due_on == date(2027, 3, 27)
    journey.refresh_from_db()
    assert journey.arrival_at == arrival
    assert list(JourneyEvent.objects.filter(journey=journey).values_list("kind", flat=True)) == [
        JourneyEvent.Kind.ARRIVAL_SET
    ]


def test_a_welcome_group_skips_the_lines_for_sponsor_groups(cast, den_haag_journey):
    checklist.set_arrival(
        actor=cast.den_haag.local_coordinator,
        journey=den_haag_journey,
        arrival_at=at(2027, 10, 31, 0, 30),
        version=den_haag_journey.version,
    )
    keys = set(Task.objects.filter(journey=den_haag_journey).values_list("key", flat=True))
    assert {"first-meeting", "gp", "language-school", "end-of-year-evaluation"} <= keys
    assert not keys & {"airport-pickup", "furnish-home", "bank-account", "digid"}
    gp = Task.objects.get(journey=den_haag_journey, key="gp")
    assert gp.due_on == date(2027, 10, 31) + timedelta(days=14)


def test_a_sponsor_group_gets_its_own_lines_but_not_the_welcome_groups(cast, journey):
    _set(cast, journey, at(2027, 5, 1, 12, 0))
    keys = set(Task.objects.filter(journey=journey).values_list("key", flat=True))
    assert {"airport-pickup", "furnish-home", "gp"} <= keys
    assert "first-meeting" not in keys


def test_lines_out_of_use_and_typed_lines_follow_the_template(cast, journey):
    TaskTemplate.objects.filter(key="dentist").update(active=False)
    typed = TaskTemplate.objects.create(
        title="Fietsles regelen", phase=Phase.SOCIAL, offset_days=60, owner=Party.GROUP
    )
    _set(cast, journey, at(2027, 5, 1, 12, 0))
    assert not Task.objects.filter(journey=journey, key="dentist").exists()
    task = Task.objects.get(journey=journey, template=typed)
    assert task.due_on == date(2027, 6, 30)
    with translation.override("en"):
        assert str(checklist.title_of(task)) == "Fietsles regelen"  # as typed


def test_the_programmes_own_lines_are_shown_in_the_readers_language(cast, journey):
    _set(cast, journey, at(2027, 5, 1, 12, 0))
    gp = Task.objects.get(journey=journey, key="gp")
    assert gp.title == "Inschrijven bij de huisarts"  # the data are Dutch
    with translation.override("en"):
        assert str(checklist.title_of(gp)) == "Register with a GP"
    assert set(checklist.TITLES) >= set(
        TaskTemplate.objects.exclude(key="").values_list("key", flat=True)
    )


def test_tasks_go_to_the_contact_person_of_their_party(cast, journey):
    ContactPerson.objects.create(
        journey=journey, party=Party.GROUP, person=cast.rotterdam.group_member
    )
    _set(cast, journey, at(2027, 5, 1, 12, 0))
    assert Task.objects.get(journey=journey, key="groceries").assignee == (
        cast.rotterdam.group_member
    )
    # No contact person for the municipality yet: nobody, until someone is given the task.
    assert Task.objects.get(journey=journey, key="permanent-home").assignee is None


def test_making_the_checklist_twice_does_not_double_it(cast, journey):
    arrival = at(2027, 5, 1, 12, 0)
    _set(cast, journey, arrival)
    count = Task.objects.filter(journey=journey).count()
    checklist.generate(actor=cast.rotterdam.local_coordinator, journey=journey, arrival_at=arrival)
    assert Task.objects.filter(journey=journey).count() == count


def test_only_coordinators_and_the_municipality_set_the_arrival(cast, journey):
    for person in (
        cast.rotterdam.community_builder,
        cast.rotterdam.group_member,
        cast.rotterdam.newcomer,
        cast.rotterdam.reception_officer,
        cast.den_haag.local_coordinator,
    ):
        with pytest.raises(PermissionDenied):
            checklist.set_arrival(actor=person, journey=journey, arrival_at=at(2027, 5, 1, 12))
    checklist.set_arrival(
        actor=cast.rotterdam.municipality_officer, journey=journey, arrival_at=at(2027, 5, 1, 12)
    )
    assert Task.objects.filter(journey=journey).exists()


def test_a_closed_journey_gets_no_arrival(cast, stopped):
    with pytest.raises(PermissionDenied):
        checklist.set_arrival(
            actor=cast.rotterdam.local_coordinator, journey=stopped, arrival_at=at(2027, 5, 1, 12)
        )


# --- moving the arrival ------------------------------------------------------------------------


def test_moving_the_arrival_moves_the_open_tasks_and_leaves_the_done_ones(cast, journey):
    _set(cast, journey, at(2027, 3, 20, 10, 0))
    done = Task.objects.get(journey=journey, key="furnish-home")
    checklist.complete_task(actor=cast.rotterdam.group_member, task=done)
    custom = Task.objects.create(
        journey=journey,
        title="Fiets ophalen",
        phase=Phase.FIRST_MONTHS,
        due_on=date(2027, 4, 1),
        owner=Party.GROUP,
    )
    before = dict(Task.objects.filter(journey=journey).values_list("key", "due_on"))

    # A week later, past the change of clocks, and late in the evening.
    _set(cast, journey, at(2027, 3, 27, 23, 30))

    after = dict(Task.objects.filter(journey=journey).values_list("key", "due_on"))
    for key, due in before.items():
        if key in ("furnish-home", ""):
            assert after[key] == due
        else:
            assert after[key] == due + timedelta(days=7), key
    custom.refresh_from_db()
    assert custom.due_on == date(2027, 4, 1)  # typed into this journey: not the template's
    event = JourneyEvent.objects.filter(journey=journey).last()
    assert event.kind == JourneyEvent.Kind.ARRIVAL_MOVED
    assert event.detail == {"days": 7}
    assert event.actor == cast.rotterdam.local_coordinator


def test_moving_the_arrival_earlier_counts_calendar_days_in_october(cast, journey):
    _set(cast, journey, at(2027, 11, 1, 0, 30))
    gp_before = Task.objects.get(journey=journey, key="gp").due_on
    # 49 hours earlier, across the change of clocks: two calendar days.
    _set(cast, journey, at(2027, 10, 30, 0, 30))
    assert Task.objects.get(journey=journey, key="gp").due_on == gp_before - timedelta(days=2)
    assert JourneyEvent.objects.filter(journey=journey).last().detail == {"days": -2}


def test_a_later_date_starts_the_reminders_again(cast, journey):
    _set(cast, journey, at(2027, 3, 20, 10, 0))
    Task.objects.filter(journey=journey).update(escalation=2)
    _set(cast, journey, at(2027, 3, 25, 10, 0))
    assert set(Task.objects.filter(journey=journey).values_list("escalation", flat=True)) == {0}


def test_setting_the_same_moment_again_changes_nothing(cast, journey):
    arrival = at(2027, 5, 1, 12, 0)
    _set(cast, journey, arrival)
    _set(cast, journey, arrival)
    assert JourneyEvent.objects.filter(journey=journey).count() == 1


def test_an_arrival_set_on_an_old_copy_is_refused(cast, journey):
    stale = journey.version
    _set(cast, journey, at(2027, 5, 1, 12, 0))
    with pytest.raises(StaleEdit):
        checklist.set_arrival(
            actor=cast.rotterdam.municipality_officer,
            journey=journey,
            arrival_at=at(2027, 6, 1, 12, 0),
            version=stale,
        )
    journey.refresh_from_db()
    assert journey.arrival_at == at(2027, 5, 1, 12, 0)
    assert not JourneyEvent.objects.filter(kind=JourneyEvent.Kind.ARRIVAL_MOVED).exists()


def test_an_arrival_without_a_time_zone_is_refused(cast, journey):
    with pytest.raises(ValidationError):
        checklist.set_arrival(
            actor=cast.rotterdam.local_coordinator,
            journey=journey,
            arrival_at=datetime(2027, 5, 1, 12, 0),
        )


# --- working on tasks --------------------------------------------------------------------------


@pytest.fixture
def made(cast, journey):
    _set(cast, journey, at(2027, 5, 1, 12, 0))
    return journey


def test_a_task_is_ticked_off_and_opened_again(cast, made):
    task = Task.objects.get(journey=made, key="gp")
    checklist.complete_task(actor=cast.rotterdam.group_member, task=task)
    assert task.done_at is not None
    assert task.done_by == cast.rotterdam.group_member
    first = task.done_at
    checklist.complete_task(actor=cast.rotterdam.social_support_worker, task=task)
    assert (task.done_at, task.done_by) == (first, cast.rotterdam.group_member)
    checklist.reopen_task(actor=cast.rotterdam.community_builder, task=task)
    assert task.done_at is None
    assert task.done_by is None


@pytest.mark.parametrize("who", ["reception_officer", "newcomer"])
def test_reception_and_the_newcomer_do_not_tick_tasks(cast, made, who):
    task = Task.objects.get(journey=made, key="gp")
    with pytest.raises(PermissionDenied):
        checklist.complete_task(actor=getattr(cast.rotterdam, who), task=task)


def test_a_task_goes_to_someone_who_takes_part(cast, made):
    task = Task.objects.get(journey=made, key="permanent-home")
    checklist.assign_task(
        actor=cast.rotterdam.local_coordinator,
        task=task,
        assignee=cast.rotterdam.municipality_officer,
        version=task.version,
    )
    assert task.assignee == cast.rotterdam.municipality_officer
    with pytest.raises(ValidationError) as refused:
        checklist.assign_task(
            actor=cast.rotterdam.local_coordinator,
            task=task,
            assignee=cast.den_haag.group_member,
            version=task.version,
        )
    assert "assignee" in refused.value.message_dict
    with pytest.raises(StaleEdit):
        checklist.assign_task(
            actor=cast.rotterdam.local_coordinator,
            task=task,
            assignee=None,
            version=task.version - 1,
        )
    task.refresh_from_db()
    assert task.assignee == cast.rotterdam.municipality_officer


def test_the_people_who_take_part_are_the_journeys_own(cast, made):
    people = set(checklist.participants(made))
    r = cast.rotterdam
    assert {
        r.local_coordinator,
        r.community_builder,
        r.municipality_officer,
        r.social_support_worker,
        r.reception_officer,
        r.group_member,
        r.newcomer,
    } <= people
    assert not people & {cast.den_haag.group_member, cast.den_haag.newcomer, cast.group_contact}


def test_the_newcomer_chooses_company_for_appointments(cast, made):
    gp = Task.objects.get(journey=made, key="gp")
    checklist.choose_company(
        actor=cast.rotterdam.newcomer, task=gp, company=Company.YES, version=gp.version
    )
    assert gp.company == Company.YES
    # The community builder may record it for them.
    checklist.choose_company(
        actor=cast.rotterdam.community_builder, task=gp, company=Company.ASK, version=gp.version
    )
    assert gp.company == Company.ASK
    with pytest.raises(PermissionDenied):
        checklist.choose_company(
            actor=cast.rotterdam.group_member, task=gp, company=Company.NO, version=gp.version
        )
    with pytest.raises(StaleEdit):
        checklist.choose_company(
            actor=cast.rotterdam.newcomer, task=gp, company=Company.NO, version=gp.version - 1
        )
    groceries = Task.objects.get(journey=made, key="groceries")
    with pytest.raises(ValidationError):
        checklist.choose_company(
            actor=cast.rotterdam.newcomer, task=groceries, company=Company.YES, version=None
        )
    with pytest.raises(ValidationError):
        checklist.choose_company(
            actor=cast.rotterdam.newcomer, task=gp, company="maybe", version=None
        )


def test_the_summary_counts_open_overdue_and_done(cast, made):
    on = date(2027, 5, 11)  # ten days after arrival
    tasks = list(Task.objects.filter(journey=made))
    checklist.complete_task(actor=cast.rotterdam.group_member, task=tasks[0])
    summary = checklist.summary(made, on)
    overdue = sum(1 for t in tasks[1:] if t.due_on < on)
    assert (summary.open, summary.overdue, summary.done) == (len(tasks) - 1, overdue, 1)
    assert [t.pk for t in summary.upcoming] == [t.pk for t in tasks[1:4]]


# --- the national template ---------------------------------------------------------------------


def _line_form(line, **changes):
    from samenhier.journeys.forms_checklist import TemplateLineForm

    data = {
        "title": line.title,
        "phase": line.phase,
        "offset_days": line.offset_days,
        "owner": line.owner,
        "is_appointment": line.is_appointment,
        "group_kinds": line.group_kinds,
        "version": line.version,
        **changes,
    }
    form = TemplateLineForm(data, instance=line)
    assert form.is_valid(), form.errors
    return form


def test_only_the_national_coordinator_maintains_the_template(cast):
    line = TaskTemplate.objects.get(key="gp")
    with pytest.raises(PermissionDenied):
        checklist.save_line(actor=cast.rotterdam.local_coordinator, form=_line_form(line))
    with pytest.raises(PermissionDenied):
        checklist.set_line_active(
            actor=cast.rotterdam.local_coordinator, line=line, active=False, version=None
        )


def test_a_programme_line_with_a_new_title_is_shown_as_typed(cast):
    line = TaskTemplate.objects.get(key="gp")
    saved = checklist.save_line(
        actor=cast.national_coordinator, form=_line_form(line, title="Huisarts kiezen")
    )
    assert saved.key == ""
    assert saved.title == "Huisarts kiezen"
    # Changing only the days keeps the translations.
    dentist = TaskTemplate.objects.get(key="dentist")
    saved = checklist.save_line(
        actor=cast.national_coordinator, form=_line_form(dentist, offset_days=40)
    )
    assert saved.key == "dentist"
    assert saved.offset_days == 40


def test_a_line_changed_on_an_old_copy_is_refused(cast):
    line = TaskTemplate.objects.get(key="gp")
    old = line.version
    checklist.save_line(actor=cast.national_coordinator, form=_line_form(line, offset_days=20))
    stale = TaskTemplate.objects.get(pk=line.pk)
    with pytest.raises(StaleEdit):
        checklist.save_line(
            actor=cast.national_coordinator,
            form=_line_form(stale, offset_days=25, version=old),
        )
    with pytest.raises(StaleEdit):
        checklist.set_line_active(
            actor=cast.national_coordinator, line=stale, active=False, version=old
        )
    stale.refresh_from_db()
    assert (stale.offset_days, stale.active) == (20, True)
