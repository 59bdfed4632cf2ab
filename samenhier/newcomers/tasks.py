"""The daily retention run, in the background worker.

The task schedules its own next run, so one enqueued run keeps the chain going;
`manage.py schedule_retention` starts it (the demo command does so) and is safe to repeat.
"""

from datetime import datetime, time, timedelta

from django.tasks import task, task_backends
from django.utils import timezone

from samenhier.newcomers import retention

RUN_AT = time(3, 0)  # at night, when nobody is working on cases


def next_run(now: datetime) -> datetime:
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, RUN_AT))


def _pending() -> bool:
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.filter(task_path=enforce_retention_daily.module_path)
        .filter(status__in=["READY", "RUNNING"])
        .exists()
    )


def _can_defer() -> bool:
    # The immediate backend (tests) cannot wait until tomorrow: it would run the chain forever.
    return bool(task_backends[enforce_retention_daily.backend].supports_defer)


def schedule(now: datetime) -> bool:
    """Enqueue the next run unless one is waiting; True when one was enqueued."""
    if not _can_defer() or _pending():
        return False
    enforce_retention_daily.using(run_after=next_run(now)).enqueue()
    return True


@task
def enforce_retention_daily() -> int:
    gone = retention.enforce(timezone.now())
    if _can_defer():
        enforce_retention_daily.using(run_after=next_run(timezone.now())).enqueue()
    return len(gone)
