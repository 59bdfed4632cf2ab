"""The daily run of the year, in the background worker: overdue tasks escalate, reminders of
tomorrow's appointments go out, silences in the contact log are reported.

The task schedules its own next run (samenhier.scheduling), so one enqueued run keeps the
chain going; `manage.py schedule_journeys` starts it and is safe to repeat.
"""

import importlib
import importlib.util
import logging
from collections.abc import Callable, Sized
from datetime import datetime, time
from typing import Any

from django.tasks import task
from django.utils import timezone

from samenhier import scheduling
from samenhier.journeys import escalation

RUN_AT = time(6, 0)  # before the day's work starts, so messages are read in the morning

# Further steps of the run, in order, as (module, function): each runs once its module exists.
STEPS = (
    ("samenhier.journeys.reminders", "remind"),
    ("samenhier.journeys.silence", "alert"),
    ("samenhier.evaluation.moments", "daily"),
)

logger = logging.getLogger(__name__)


def _steps() -> list[tuple[str, Callable[[datetime], Any]]]:
    found: list[tuple[str, Callable[[datetime], Any]]] = [("escalated", escalation.escalate)]
    for module_name, function in STEPS:
        if importlib.util.find_spec(module_name) is not None:
            module = importlib.import_module(module_name)
            found.append((module_name.rsplit(".", 1)[-1], getattr(module, function)))
    return found


def _count(result: object) -> int:
    if isinstance(result, int):
        return result
    return len(result) if isinstance(result, Sized) else 0


@task
def journeys_daily() -> dict[str, int]:
    """Each step runs even when an earlier one failed, and tomorrow's run is enqueued in any
    case: one broken part must not silence the others, today or from now on."""
    now = timezone.now()
    done: dict[str, int] = {}
    failed: list[Exception] = []
    try:
        for name, step in _steps():
            try:
                done[name] = _count(step(now))
            except Exception as error:
                logger.exception("The daily journeys step %s failed", name)
                failed.append(error)
    finally:
        scheduling.reschedule(journeys_daily, timezone.now(), RUN_AT)
    if failed:
        raise failed[0]
    return done


def next_run(now: datetime) -> datetime:
    return scheduling.next_run(now, RUN_AT)


def schedule(now: datetime) -> bool:
    """Enqueue the next run unless one is waiting; True when one was enqueued."""
    return scheduling.schedule(journeys_daily, now, RUN_AT)
