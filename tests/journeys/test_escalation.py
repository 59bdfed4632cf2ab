"""Overdue tasks climb, day by day as the programme sets it: the assignee, then the community
builder, then the local coordinator; each once, never for a closed journey."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from samenhier.journeys import checklist, escalation
from samenhier.journeys.models import ContactPerson, Task
from samenhier.journeys.parties import Party, Phase
from samenhier.network.models import Programme

AMS = ZoneInfo("Europe/Amsterdam")
DUE = date(2027, 3, 25)  # the clocks change three days later: days still count as days

pytestmark = pytest.mark.django_db


def morning(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 6, 0, tzinfo=AMS)


@pytest.fixture
def task(cast, journey):
    return Task.objects.create(
        journey=journey,
        key="gp",
        title="Inschrijven bij de huisarts",
        phase=Phase.FIRST_MONTHS,
        due_on=DUE,
        owner=Party.GROUP,
        assignee=cast.rotterdam.group_member,
    )


@pytest.fixture
def run(mailoutbox, django_capture_on_commit_callbacks):
    """Run the escalation on the morning `days` after the due date; the mails it sent."""

    def _run(days: int) -> list:
        before = len(mailoutbox)
        with (
            time_machine.travel(morning(DUE + timedelta(days=days)), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            escalation.escalate(timezone.now())
        return mailoutbox[before:]

    return _run


def to(mails) -> list[str]:
    return sorted(address for mail in mails for address in mail.to)


def test_each_level_is_reached_once_at_the_programmes_delays(cast, task, run):
    r = cast.rotterdam
    assert run(0) == []  # due today is not overdue
    assert to(run(1)) == [r.group_member.email]
    assert run(2) == []
    assert run(3) == []
    assert to(run(4)) == [r.community_builder.email]
    assert run(5) == []
    assert run(9) == []
    assert to(run(10)) == [r.local_coordinator.email]
    assert run(11) == []
    assert run(40) == []
    task.refresh_from_db()
    assert task.escalation == 3
    assert task.escalated_at == morning(DUE + timedelta(days=10))


def test_changing_the_programmes_delays_changes_when(cast, task, run):
    Programme.objects.filter(pk=Programme.current().pk).update(
        escalate_assignee_after_days=3,
        escalate_builder_after_days=6,
        escalate_coordinator_after_days=7,
    )
    r = cast.rotterdam
    assert run(1) == []
    assert run(2) == []
    assert to(run(3)) == [r.group_member.email]
    assert run(5) == []
    assert to(run(6)) == [r.community_builder.email]
    assert to(run(7)) == [r.local_coordinator.email]


def test_a_run_missed_catches_up_with_every_level_once(cast, task, run):
    r = cast.rotterdam
    assert to(run(12)) == sorted(
        [r.group_member.email, r.community_builder.email, r.local_coordinator.email]
    )
    assert run(13) == []


def test_ticking_the_task_off_stops_the_climb(cast, task, run):
    assert len(run(1)) == 1
    checklist.complete_task(actor=cast.rotterdam.group_member, task=task)
    assert run(4) == []
    assert run(10) == []


def test_a_closed_journey_never_escalates(cast, task, stopped, run):
    assert run(1) == []
    assert run(4) == []
    assert run(30) == []
    task.refresh_from_db()
    assert task.escalation == 0


def test_without_an_assignee_the_owner_partys_contact_person_is_reminded(cast, journey, task, run):
    task.assignee = None
    task.owner = Party.MUNICIPALITY
    task.save()
    ContactPerson.objects.create(
        journey=journey, party=Party.MUNICIPALITY, person=cast.rotterdam.municipality_officer
    )
    assert to(run(1)) == [cast.rotterdam.municipality_officer.email]


def test_nobody_to_remind_still_climbs_to_the_builder(cast, task, run):
    task.assignee = None
    task.owner = Party.SOCIAL_SUPPORT
    task.save()
    assert run(1) == []
    assert to(run(4)) == [cast.rotterdam.community_builder.email]


def test_the_journeys_own_community_builder_is_told_rather_than_the_citys(cast, journey, task, run):
    own = get_user_model().objects.create_user(
        "builder2@example.org", "x", full_name="Nadia Bouzid", preferred_language="en"
    )
    ContactPerson.objects.create(journey=journey, party=Party.COMMUNITY_BUILDER, person=own)
    run(1)
    assert to(run(4)) == ["builder2@example.org"]


def test_the_mails_speak_each_readers_language_and_name_only_reference_and_task(cast, task, run):
    mails = {mail.to[0]: mail for mail in run(12)}
    r = cast.rotterdam
    reference = r.household.reference
    for person in (r.group_member, r.community_builder, r.local_coordinator):
        mail = mails[person.email]
        level = {
            r.group_member: escalation.ASSIGNEE,
            r.community_builder: escalation.BUILDER,
            r.local_coordinator: escalation.COORDINATOR,
        }[person]
        with translation.override(person.preferred_language):
            subject = str(escalation.SUBJECTS[level]) % {"reference": reference, "days": 12}
            title = str(checklist.title_of(task))
        assert mail.subject == subject
        assert reference in mail.body
        assert title in mail.body
        assert f"/journeys/{task.journey_id}/checklist/" in mail.body
        # Nothing else about the household or the group.
        for secret in (r.household.main_applicant_name, r.group.name, r.newcomer.full_name):
            assert secret not in mail.body
            assert secret not in mail.subject
    assert r.community_builder.preferred_language == "ar"


def test_only_past_due_open_tasks_of_open_journeys_climb(cast, journey, task, run):
    later = Task.objects.create(
        journey=journey,
        title="Later",
        phase=Phase.SOCIAL,
        due_on=DUE + timedelta(days=30),
        owner=Party.GROUP,
        assignee=cast.rotterdam.group_member,
    )
    run(10)
    later.refresh_from_db()
    assert later.escalation == 0


@pytest.mark.parametrize(
    ("days", "level"), [(-3, 0), (0, 0), (1, 1), (3, 1), (4, 2), (9, 2), (10, 3), (100, 3)]
)
def test_the_level_follows_the_days_overdue(days, level):
    programme = Programme(
        escalate_assignee_after_days=1,
        escalate_builder_after_days=4,
        escalate_coordinator_after_days=10,
    )
    assert escalation.level_for(days, programme) == level


def test_the_escalation_reads_the_same_for_3_or_30_tasks(cast, journey):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def reads(count: int) -> int:
        Task.objects.filter(journey=journey).delete()
        Task.objects.bulk_create(
            Task(
                journey=journey,
                title=f"Taak {i}",
                phase=Phase.FIRST_MONTHS,
                due_on=DUE,
                owner=Party.GROUP,
                assignee=cast.rotterdam.group_member,
            )
            for i in range(count)
        )
        with (
            time_machine.travel(morning(DUE + timedelta(days=12)), tick=False),
            CaptureQueriesContext(connection) as captured,
        ):
            assert escalation.escalate(timezone.now()) == count
        # One write per task that climbs; every read happens once per run.
        return sum(1 for q in captured if q["sql"].lstrip().upper().startswith("SELECT"))

    assert reads(3) == reads(30)
