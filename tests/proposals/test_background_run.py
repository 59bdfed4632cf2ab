"""A national round of thousands does not hold up the page: the engine runs in the worker."""

import time
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from samenhier.groups.models import Group
from samenhier.newcomers.models import Household
from samenhier.proposals.models import MatchingRun

pytestmark = pytest.mark.django_db

CROWD = 2000
LANGUAGES = [["ar", "en"], ["ti"], ["fa", "nl"], ["so", "en"]]
INTERESTS = [["football", "cooking"], ["music"], ["gardening", "children"], []]


def _crowd(city, n: int) -> None:
    """`n` households ready for matching and `n` trained sponsor groups in `city`."""
    Household.objects.bulk_create(
        Household(
            reference=f"CROWD-{i:05d}",
            track="resettlement",
            city=city,
            stage="ready",
            size=1 + i % 5,
            main_applicant_name=f"Persoon {i}",
            languages=LANGUAGES[i % 4],
            interests=INTERESTS[i % 4],
            vulnerabilities=["medical"] if i % 7 == 0 else [],
            contact_preference=i % 4,
        )
        for i in range(n)
    )
    Group.objects.bulk_create(
        Group(
            name=f"Groep {i:05d}",
            kind="sponsor",
            city=city,
            stage="trained",
            languages=LANGUAGES[(i + 1) % 4] + ["nl"],
            interests=INTERESTS[(i + 2) % 4],
            supports=["medical"] if i % 3 == 0 else [],
            contact_offer=i % 4,
        )
        for i in range(n)
    )


def _new_run_url(city) -> str:
    return f"/matching/new/?track=resettlement&city={city.pk}"


def _everyone(city) -> dict[str, list[int]]:
    return {
        "households": list(
            Household.objects.filter(city=city, stage="ready").values_list("pk", flat=True)
        ),
        "groups": list(
            Group.objects.filter(city=city, stage="trained").values_list("pk", flat=True)
        ),
    }


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_large_run_is_queued_for_the_worker_and_the_site_stays_responsive(
    cast, visit, django_capture_on_commit_callbacks
):
    city = cast.rotterdam.city
    _crowd(city, CROWD)
    coordinator = visit(cast.national_coordinator)
    url = _new_run_url(city)
    selection = _everyone(city)
    assert len(selection["households"]) > CROWD

    # When the coordinator starts the run, the engine does not run in the request
    engine = mock.Mock(side_effect=AssertionError("the engine ran in the request"))
    started_at = time.monotonic()
    with (
        mock.patch("samenhier.matching.solve", engine),
        django_capture_on_commit_callbacks(execute=True),
    ):
        started = coordinator.post(url, selection)
    took = time.monotonic() - started_at

    run = MatchingRun.objects.get()
    assert started["Location"] == f"/matching/runs/{run.pk}/"
    assert engine.call_count == 0
    assert run.status == "queued"
    assert run.result is None
    assert len(run.instance["households"]) == len(selection["households"])
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert took < 10, f"starting the run took {took:.1f} s"  # about 2 s on a laptop

    # Meanwhile the site answers: the run's page shows its progress, other pages open
    progress = coordinator.get(started["Location"])
    assert "Waiting to start" in progress.text
    assert "<progress" in progress.text
    assert coordinator.get("/matching/").status_code == 200

    # Then the worker takes the queue once and finishes the run. (Inside the test's
    # transaction the worker's connection check would close the test's own connection on
    # PostgreSQL, autocommit being off; a real worker runs in autocommit.)
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", return_value=None
    ):
        call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)

    run.refresh_from_db()
    assert run.status == "done", run.error
    assert run.progress == 100
    assert run.result["objective"]["matched"] > CROWD // 2
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_round_of_more_than_a_thousand_can_be_started_with_the_default_field_limit(cast, visit):
    city = cast.rotterdam.city
    _crowd(city, 600)

    response = visit(cast.national_coordinator).post(_new_run_url(city), _everyone(city))

    assert response.status_code == 302
