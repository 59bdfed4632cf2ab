"""A marker in every sensitive field of a household reaches nobody without need to know:
no page, download, log line or e-mail that such a person can reach contains it."""

import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from samenhier.audit.models import AccessLog
from samenhier.audit.sensitive import SENSITIVE_FIELDS
from samenhier.newcomers.models import FamilyMember, Household
from tests.access_matrix import ROWS, person

pytestmark = pytest.mark.django_db
MARKER = "ZQXMARKER"
WITHOUT_NEED = [
    "rotterdam.community_builder",
    "rotterdam.group_member",
    "rotterdam.social_support_worker",
    "rotterdam.reception_officer",
    "rotterdam.newcomer",  # another household's newcomer
    "den_haag.local_coordinator",
    "den_haag.municipality_officer",
    "den_haag.newcomer",
]


# Vulnerability categories are codes from a fixed list, and deliberately part of the anonymous
# profile that groups are prepared on; their details are free text and marked.
PROFILE_FIELDS = {"vulnerabilities"}


def _mark(household: Household) -> None:
    for field in SENSITIVE_FIELDS:
        if field.model == "newcomers.Household" and field.field not in PROFILE_FIELDS:
            setattr(household, field.field, f"{MARKER} {field.field}")
    household.save()
    for member in household.family.all():
        for field in SENSITIVE_FIELDS:
            if field.model == "newcomers.FamilyMember":
                setattr(member, field.field, f"{MARKER} {field.field}")
        member.save()


@pytest.fixture
def marked(cast):
    household = cast.rotterdam.households["consented"]
    _mark(household)
    # Without this consent the municipality does not learn who a resettled household is.
    household.consents.filter(purpose="share_municipality").delete()
    return household


def _urls(cast, household):
    urls = {
        reverse("newcomers:detail", kwargs={"pk": household.pk}),
        reverse("newcomers:pipeline") + f"?q={household.reference}",
        reverse("groups:export", kwargs={"fmt": "csv"}),
        reverse("newcomers:export", kwargs={"pk": household.pk, "fmt": "json"}),
        reverse("newcomers:export", kwargs={"pk": household.pk, "fmt": "pdf"}),
        reverse("groups:export", kwargs={"fmt": "xlsx"}),
        "/",
    }
    for row in ROWS:
        if row.method == "get":
            urls.add(reverse(row.name, kwargs=row.kwargs(cast) if row.kwargs else None))
    return sorted(urls)


def test_the_marker_reaches_those_who_need_it(cast, marked):
    client = Client()
    client.force_login(cast.rotterdam.local_coordinator)
    page = client.get(reverse("newcomers:detail", kwargs={"pk": marked.pk})).text
    assert f"{MARKER} main_applicant_name" in page
    assert f"{MARKER} vulnerability_details" in page
    assert FamilyMember.objects.filter(household=marked).exists()
    assert f"{MARKER} gender" in page


@pytest.mark.parametrize("who", [*WITHOUT_NEED, "rotterdam.municipality_officer"])
def test_the_marker_reaches_no_one_without_need_to_know(cast, marked, who, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client()
    client.force_login(person(cast, who))
    for url in _urls(cast, marked):
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        assert MARKER.encode() not in body, f"{who} read the marker on {url}"
    assert MARKER not in caplog.text
    assert not any(MARKER in m.body or MARKER in m.subject for m in mail.outbox)
    assert not AccessLog.objects.filter(user=person(cast, who), object_id=str(marked.pk)).exists()


def test_every_read_of_identity_is_logged_with_its_purpose(cast, marked):
    client = Client()
    client.force_login(cast.rotterdam.local_coordinator)
    client.get(reverse("newcomers:detail", kwargs={"pk": marked.pk}))
    entry = AccessLog.objects.filter(object_id=str(marked.pk)).latest("at")
    assert entry.user == cast.rotterdam.local_coordinator
    assert entry.object_type == "newcomers.household"
    assert "main_applicant_name" in entry.fields
    assert "vulnerability_details" in entry.fields
    assert entry.purpose == "case_work"
    # The national coordinator can review who read this household.
    client.force_login(cast.national_coordinator)
    log = client.get(reverse("audit:access_log") + f"?object=newcomers.household:{marked.pk}")
    assert list(log.context["listing"].page.object_list) == list(
        AccessLog.objects.filter(object_type="newcomers.household", object_id=str(marked.pk))
    )
