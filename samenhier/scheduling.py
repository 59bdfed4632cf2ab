"""Daily runs in the background worker: a task that schedules its own next run.

One enqueued run keeps the chain going; a management command starts it and is safe to repeat
(`schedule` does nothing while a run is waiting or running). Times are wall-clock times in the
project's time zone (Europe/Amsterdam), so a run stays at 06:00 across a change of clocks.
"""

from datetime import datetime, time, timedelta
from typing import Any

from django.tasks import task_backends
from django.utils import timezone


def next_run(now: datetime, at: time) -> datetime:
    """The first moment at `at`, local time, strictly after `now`."""
    local = timezone.localtime(now)
    candidate = timezone.make_aware(datetime.combine(local.date(), at))
    if candidate <= now:
        candidate = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), at))
    return candidate


def pending(task: Any) -> bool:
    """A run of `task` is waiting or running (and so will schedule the next one itself)."""
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.filter(task_path=task.module_path)
        .filter(status__in=["READY", "RUNNING"])
        .exists()
    )


def can_defer(task: Any) -> bool:
    # The immediate backend (tests) cannot wait until tomorrow: it would run the chain forever.
    return bool(task_backends[task.backend].supports_defer)


def schedule(task: Any, now: datetime, at: time) -> bool:
    """Enqueue the next run unless one is waiting; True when one was enqueued."""
    if not can_defer(task) or pending(task):
        return False
    task.using(run_after=next_run(now, at)).enqueue()
    return True


def reschedule(task: Any, now: datetime, at: time) -> None:
    """From inside a run: enqueue the next one (the running one counts as pending, so
    `schedule` would refuse)."""
    if can_defer(task):
        task.using(run_after=next_run(now, at)).enqueue()
