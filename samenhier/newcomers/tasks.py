"""The daily retention run, in the background worker.

The task schedules its own next run (samenhier.scheduling), so one enqueued run keeps the
chain going; `manage.py schedule_retention` starts it (the demo command does so) and is safe
to repeat.
"""

from datetime import datetime, time

from django.tasks import task
from django.utils import timezone

from samenhier import scheduling
from samenhier.newcomers import retention

RUN_AT = time(3, 0)  # at night, when nobody is working on cases


def next_run(now: datetime) -> datetime:
    return scheduling.next_run(now, RUN_AT)


def schedule(now: datetime) -> bool:
    """Enqueue the next run unless one is waiting; True when one was enqueued."""
    return scheduling.schedule(enforce_retention_daily, now, RUN_AT)


@task
def enforce_retention_daily() -> int:
    gone = retention.enforce(timezone.now())
    scheduling.reschedule(enforce_retention_daily, timezone.now(), RUN_AT)
    return len(gone)
