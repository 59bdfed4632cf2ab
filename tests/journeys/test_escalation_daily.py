"""The year's daily run: at 06:00 in Amsterdam, in the background worker, rescheduling itself;
it escalates overdue tasks first, then runs the reminders and the silence alerts when those
parts exist."""

import importlib.machinery
import importlib.util
import io
import sys
import types
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from samenhier import scheduling
from samenhier.journeys import tasks
from samenhier.journeys.models import Task
from samenhier.journeys.parties import Party, Phase

AMS = ZoneInfo("Europe/Amsterdam")

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Before six: today; at or after six: tomorrow.
        (datetime(2027, 5, 3, 5, 59, tzinfo=AMS), datetime(2027, 5, 3, 6, 0, tzinfo=AMS)),
        (datetime(2027, 5, 3, 6, 0, tzinfo=AMS), datetime(2027, 5, 4, 6, 0, tzinfo=AMS)),
        (datetime(2027, 5, 3, 6, 0, 1, tzinfo=AMS), datetime(2027, 5, 4, 6, 0, tzinfo=AMS)),
        # Across the changes of clocks the run stays at six on the wall clock.
        (datetime(2027, 3, 27, 7, 0, tzinfo=AMS), datetime(2027, 3, 28, 6, 0, tzinfo=AMS)),
        (datetime(2027, 10, 30, 7, 0, tzinfo=AMS), datetime(2027, 10, 31, 6, 0, tzinfo=AMS)),
    ],
)
def test_the_next_run_is_at_six_in_amsterdam(now, expected):
    assert scheduling.next_run(now, tasks.RUN_AT) == expected
    assert tasks.next_run(now) == expected


def test_the_next_run_in_march_is_an_hour_earlier_in_utc():
    utc = ZoneInfo("UTC")
    before = tasks.next_run(datetime(2027, 3, 27, 7, 0, tzinfo=AMS)).astimezone(utc)
    after = tasks.next_run(datetime(2027, 3, 28, 7, 0, tzinfo=AMS)).astimezone(utc)
    assert (before.hour, after.hour) == (4, 4)
    assert before.day == 28
    assert tasks.next_run(datetime(2027, 3, 26, 7, 0, tzinfo=AMS)).astimezone(utc).hour == 5


def test_the_daily_run_schedules_itself_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    now = datetime(2027, 5, 3, 9, 0, tzinfo=AMS)
    assert tasks.schedule(now) is True
    assert tasks.schedule(now) is False  # one waiting run is enough
    waiting = DBTaskResult.objects.get(task_path=tasks.journeys_daily.module_path)
    assert waiting.run_after == datetime(2027, 5, 4, 6, 0, tzinfo=AMS)


def test_the_command_is_safe_to_repeat(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    first, second = io.StringIO(), io.StringIO()
    call_command("schedule_journeys", stdout=first)
    call_command("schedule_journeys", stdout=second)
    assert "starts at" in first.getvalue()
    assert "already scheduled" in second.getvalue()
    assert DBTaskResult.objects.filter(task_path=tasks.journeys_daily.module_path).count() == 1


def test_the_immediate_backend_does_not_chain_forever():
    # Tests run tasks at once; the run must not enqueue itself again (it would never end).
    assert tasks.schedule(datetime(2027, 5, 3, 9, 0, tzinfo=AMS)) is False


def test_the_retention_run_still_schedules_itself_through_the_shared_helpers(settings):
    from samenhier.newcomers import tasks as retention_tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = datetime(2027, 5, 3, 9, 0, tzinfo=AMS)
    assert retention_tasks.next_run(now) == datetime(2027, 5, 4, 3, 0, tzinfo=AMS)
    assert retention_tasks.schedule(now) is True
    assert retention_tasks.schedule(now) is False


@pytest.fixture
def fake_steps(monkeypatch):
    """Two stand-ins for the reminders and the silence alerts, recording the order of calls."""
    calls: list[str] = []

    def module(name: str, function: str, result):
        fake = types.ModuleType(name)
        fake.__spec__ = importlib.machinery.ModuleSpec(name, None)

        def step(now):
            calls.append(function)
            return result

        setattr(fake, function, step)
        monkeypatch.setitem(sys.modules, name, fake)

    module("samenhier.journeys._test_reminders", "remind", 2)
    module("samenhier.journeys._test_silence", "alert", ["one"])
    monkeypatch.setattr(
        tasks,
        "STEPS",
        (
            ("samenhier.journeys._test_reminders", "remind"),
            ("samenhier.journeys._test_missing", "nothing"),
            ("samenhier.journeys._test_silence", "alert"),
        ),
    )
    from samenhier.journeys import escalation

    original = escalation.escalate

    def escalate(now):
        calls.append("escalate")
        return original(now)

    monkeypatch.setattr(escalation, "escalate", escalate)
    return calls


def test_the_run_escalates_then_reminds_then_alerts_and_skips_what_is_missing(
    cast, journey, fake_steps, mailoutbox, django_capture_on_commit_callbacks
):
    Task.objects.create(
        journey=journey,
        title="Boodschappen",
        phase=Phase.BEFORE,
        due_on=date(2027, 5, 1),
        owner=Party.GROUP,
        assignee=cast.rotterdam.group_member,
    )
    with (
        time_machine.travel(datetime(2027, 5, 3, 6, 0, tzinfo=AMS), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = tasks.journeys_daily.enqueue().return_value
    assert fake_steps == ["escalate", "remind", "alert"]
    assert result == {"escalated": 1, "_test_reminders": 2, "_test_silence": 1}
    assert [mail.to for mail in mailoutbox] == [[cast.rotterdam.group_member.email]]


def test_the_real_run_goes_through_every_step_that_exists(cast, journey):
    with time_machine.travel(datetime(2027, 5, 3, 6, 0, tzinfo=AMS), tick=False):
        result = tasks.journeys_daily.enqueue().return_value
    assert result["escalated"] == 0
    for module_name, _function in tasks.STEPS:
        if importlib.util.find_spec(module_name) is not None:
            assert module_name.rsplit(".", 1)[-1] in result


def test_a_failing_step_neither_stops_the_others_nor_the_chain(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    from samenhier.journeys import escalation

    calls: list[str] = []

    def broken(now):
        calls.append("escalate")
        raise RuntimeError("the mail server is down")

    def alert(now):
        calls.append("alert")
        return 0

    fake = types.ModuleType("samenhier.journeys._test_alert")
    fake.__spec__ = importlib.machinery.ModuleSpec(fake.__name__, None)
    fake.alert = alert
    monkeypatch.setitem(sys.modules, fake.__name__, fake)
    monkeypatch.setattr(tasks, "STEPS", ((fake.__name__, "alert"),))
    monkeypatch.setattr(escalation, "escalate", broken)

    with (
        time_machine.travel(datetime(2027, 5, 3, 6, 0, tzinfo=AMS), tick=False),
        pytest.raises(RuntimeError),
    ):
        tasks.journeys_daily.call()
    assert calls == ["escalate", "alert"]
    waiting = DBTaskResult.objects.get(task_path=tasks.journeys_daily.module_path)
    assert waiting.run_after == datetime(2027, 5, 4, 6, 0, tzinfo=AMS)
