import pytest

from samenhier.audit.models import AccessLog, ReadOnlyError
from samenhier.audit.services import record_access

pytestmark = pytest.mark.django_db


def _entry(cast):
    return record_access(
        user=cast.rotterdam.local_coordinator,
        obj=cast.rotterdam.household,
        fields=["vulnerability_details"],
        purpose=AccessLog.Purpose.CASE_WORK,
        path="/households/1/",
    )


def test_a_read_of_sensitive_data_is_recorded_with_who_what_when_and_why(cast):
    entry = _entry(cast)
    assert entry.user == cast.rotterdam.local_coordinator
    assert entry.object_type == "newcomers.household"
    assert entry.object_id == str(cast.rotterdam.household.pk)
    assert entry.purpose == "case_work"
    assert entry.at is not None


def test_the_access_log_cannot_be_changed_or_deleted(cast):
    entry = _entry(cast)
    entry.purpose = AccessLog.Purpose.REVIEW
    with pytest.raises(ReadOnlyError):
        entry.save()
    with pytest.raises(ReadOnlyError):
        entry.delete()
    with pytest.raises(ReadOnlyError):
        AccessLog.objects.all().update(purpose="review")
    with pytest.raises(ReadOnlyError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().purpose == "case_work"


def test_the_national_coordinator_reads_the_access_log(cast, login):
    _entry(cast)
    response = login(cast.national_coordinator).get("/audit/access/")
    assert response.status_code == 200
    assert "newcomers.household" in response.content.decode()


@pytest.mark.parametrize(
    "person", ["local_coordinator", "municipality_officer", "group_member", "newcomer"]
)
def test_no_one_else_reads_the_access_log(cast, login, person):
    client = login(getattr(cast.rotterdam, person))
    assert client.get("/audit/access/").status_code == 403
    assert client.get("/audit/changes/").status_code == 403


def test_changes_are_logged_without_special_category_values(cast):
    from auditlog.models import LogEntry

    household = cast.rotterdam.household
    household.vulnerability_details = "MARKER-trauma-details"
    household.size = 5
    household.save()
    entry = LogEntry.objects.get_for_object(household).latest("timestamp")
    assert "size" in entry.changes_dict
    assert "vulnerability_details" not in entry.changes_dict
    assert not LogEntry.objects.filter(changes_text__contains="MARKER").exists()
    assert "MARKER" not in str(list(LogEntry.objects.values_list("changes", flat=True)))


def test_passwords_never_enter_the_change_log(cast):
    from auditlog.models import LogEntry

    user = cast.rotterdam.group_member
    user.set_password("a-new-secret-passphrase")
    user.save()
    for changes in LogEntry.objects.get_for_object(user).values_list("changes", flat=True):
        assert "password" not in (changes or {})


def test_sensitive_fields_are_encrypted_at_rest(cast):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT main_applicant_name FROM newcomers_household WHERE id = %s",
            [cast.rotterdam.household.pk],
        )
        stored = cursor.fetchone()[0]
    assert "Yusuf" not in stored
    assert cast.rotterdam.household.main_applicant_name == "Yusuf Al-Sayed"
