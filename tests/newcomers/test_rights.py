"""Right of access (export), right to erasure, and the retention clock."""

import io
import json
from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from samenhier.accounts.models import User
from samenhier.audit.models import AccessLog
from samenhier.newcomers import retention
from samenhier.newcomers.models import (
    Consent,
    ErasureRecord,
    FamilyMember,
    Household,
    InformationMeeting,
)
from tests.newcomers.test_need_to_know import MARKER, _mark

pytestmark = pytest.mark.django_db


def test_the_newcomer_downloads_everything_held_about_them(cast, login):
    household = cast.rotterdam.household
    response = login(cast.rotterdam.newcomer).get(f"/households/{household.pk}/export.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["household"]["main_applicant_name"] == household.main_applicant_name
    assert len(data["family"]) == household.family.count()
    assert len(data["consents"]) == household.consents.count()
    assert AccessLog.objects.filter(
        user=cast.rotterdam.newcomer, object_id=str(household.pk), purpose="export"
    ).exists()


def test_the_export_as_a_readable_pdf(cast, login):
    household = cast.rotterdam.household
    response = login(cast.rotterdam.local_coordinator).get(f"/households/{household.pk}/export.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_unknown_export_format_is_not_found(cast, login):
    household = cast.rotterdam.household
    response = login(cast.rotterdam.newcomer).get(f"/households/{household.pk}/export.exe")
    assert response.status_code == 404


def _rows_containing(text: str) -> list[str]:
    """Every table and column of the database whose stored text contains `text`."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            for column in connection.introspection.get_table_description(cursor, table):
                name = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "
                    f"WHERE CAST({name} AS TEXT) LIKE %s",
                    [f"%{text}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


def test_erasure_leaves_nothing_personal_and_keeps_the_numbers(cast, login):
    household = cast.rotterdam.household  # has a newcomer account
    _mark(household)
    household.main_applicant_name = f"{MARKER} name"
    household.save()
    reference, pk, city = household.reference, household.pk, household.city
    newcomer = cast.rotterdam.newcomer
    client = login(cast.rotterdam.local_coordinator)
    response = client.post(f"/households/{pk}/erase/", {"confirm": "wrong"})
    assert response.status_code == 200
    assert Household.objects.filter(pk=pk).exists()

    response = client.post(f"/households/{pk}/erase/", {"confirm": reference})
    assert response.status_code == 302
    assert not Household.objects.filter(pk=pk).exists()
    assert not FamilyMember.objects.filter(household_id=pk).exists()
    assert not Consent.objects.filter(household_id=pk).exists()
    assert not InformationMeeting.objects.filter(household_id=pk).exists()
    assert not User.objects.filter(pk=newcomer.pk).exists()
    assert not LogEntry.objects.filter(object_repr=reference).exists()
    assert _rows_containing(reference) == []
    assert _rows_containing(newcomer.email) == []
    record = ErasureRecord.objects.get()
    assert (record.city, record.reason, record.erased_by) == (
        city,
        "request",
        cast.rotterdam.local_coordinator,
    )


def test_the_marker_is_in_no_row_after_erasure(cast):
    """Encrypted at rest, so a raw search cannot find it anyway; after erasure not even the
    ciphertext remains: no row refers to the household at all."""
    household = cast.rotterdam.households["consented"]
    _mark(household)
    pk = household.pk
    from samenhier.newcomers.rights import erase_household

    erase_household(household, reason="request")
    assert _rows_containing(MARKER) == []
    assert not Household.objects.filter(pk=pk).exists()


def test_the_retention_clock_removes_what_expired_and_keeps_the_rest(cast):
    stopped = cast.den_haag.households["stopped"]
    completed = cast.rotterdam.households["completed"]
    active = cast.rotterdam.households["active"]
    now = timezone.now()
    Household.objects.filter(pk=stopped.pk).update(stage_changed_at=now - timedelta(days=10))
    Household.objects.filter(pk=completed.pk).update(stage_changed_at=now - timedelta(days=10))
    Household.objects.filter(pk=active.pk).update(stage_changed_at=now - timedelta(days=3000))

    assert retention.enforce(timezone.now()) == []
    with time_machine.travel(now + timedelta(days=366), tick=False):
        out = io.StringIO()
        call_command("enforce_retention", "--dry-run", stdout=out)
        assert stopped.reference in out.getvalue()
        assert completed.reference not in out.getvalue()
        assert Household.objects.filter(pk=stopped.pk).exists()  # a dry run removes nothing

        call_command("enforce_retention", stdout=io.StringIO())
        assert not Household.objects.filter(pk=stopped.pk).exists()
        assert Household.objects.filter(pk=completed.pk).exists()  # kept two years
        assert Household.objects.filter(pk=active.pk).exists()  # open cases never expire
    with time_machine.travel(now + timedelta(days=731), tick=False):
        retention.enforce(timezone.now())
        assert not Household.objects.filter(pk=completed.pk).exists()
        assert Household.objects.filter(pk=active.pk).exists()
    # Stale referrals went too; the numbers of every erased household remain.
    assert {("retention", "stopped"), ("retention", "completed")} <= set(
        ErasureRecord.objects.values_list("reason", "stage")
    )


def test_the_daily_run_schedules_itself(settings):
    from samenhier.newcomers import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    assert tasks.schedule(now) is True
    assert tasks.schedule(now) is False  # one pending run is enough
    pending = DBTaskResult.objects.get(task_path=tasks.enforce_retention_daily.module_path)
    assert pending.run_after == tasks.next_run(now)
    assert pending.run_after > now
