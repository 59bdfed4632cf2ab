"""The daily run of the year, in the background worker: overdue tasks escalate, reminders of
tomorrow's appointments go out, silences in the contact log are reported.

The task schedules its own next run (samenhier.scheduling), so one enqueued run keeps the
chain going; `manage.py schedule_journeys` starts it and is safe to repeat.
"""

import importlib
import importlib.util
from collections.abc import Sized
from datetime import datetime, time

from django.tasks import task
from django.utils import timezone

from samenhier import scheduling
from samenhier.journeys import escalation

RUN_AT = time(6, 0)  # before the day's work starts, so messages are read in the morning

# Further steps of the run, as (module, function): each runs only once its module exists.
STEPS = (
    ("samenhier.journeys.reminders", "remind"),
    ("samenhier.journeys.silence", "alert"),
)


@task
def journeys_daily() -> dict[str, int]:
    now = timezone.now()
    done = {"escalated": escalation.escalate(now)}
    for module_name, function in STEPS:
        if importlib.util.find_spec(module_name) is None:
            continue
        step = getattr(importlib.import_module(module_name), function)
        result = step(now)
        count = (
            result if isinstance(result, int) else len(result) if isinstance(result, Sized) else 0
        )
        done[module_name.rsplit(".", 1)[-1]] = count
    scheduling.reschedule(journeys_daily, timezone.now(), RUN_AT)
    return done


def _count(result: object) -> int:
    if isinstance(result, int):
        return result
    return len(result) if isinstance(result, Sized) else 0


def next_run(now: datetime) -> datetime:
    return scheduling.next_run(now, RUN_AT)


def schedule(now: datetime) -> bool:
    """Enqueue the next run unless one is waiting; True when one was enqueued."""
    return scheduling.schedule(journeys_daily, now, RUN_AT)
