"""The matching run, in the background worker: the page that started it stays responsive and
shows the progress written here."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from samenhier.proposals.lifecycle import RunStatus
from samenhier.proposals.models import MatchingRun


def _progress(run_pk: int, percent: int, **fields: object) -> None:
    MatchingRun.objects.filter(pk=run_pk).update(progress=percent, **fields)


def _fail(run_pk: int, error: str) -> None:
    _progress(run_pk, 100, status=RunStatus.FAILED, error=error[:300], finished_at=timezone.now())


@task
def execute_run(run_pk: int) -> str:
    # Imported here: the engine's numpy and scipy are loaded by the worker, not the web server.
    from samenhier.matching import InstanceError, solve

    claimed = MatchingRun.objects.filter(pk=run_pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, progress=10
    )
    if not claimed:
        return "skipped"
    run = MatchingRun.objects.get(pk=run_pk)
    try:
        result = solve(run.instance, top_k=3)
    except InstanceError as error:
        _fail(run_pk, str(error))
        return "failed"
    except Exception:
        # Never leave a run "running" forever; the worker's log keeps the traceback.
        _fail(run_pk, "unexpected error in the matching engine")
        raise
    _progress(run_pk, 90)
    with transaction.atomic():
        run.result = result
        run.status = RunStatus.DONE
        run.progress = 100
        run.finished_at = timezone.now()
        run.save(update_fields=["result", "status", "progress", "finished_at"])
    return "done"
