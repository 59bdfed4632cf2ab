from datetime import date, timedelta

import pytest
from django.utils import timezone

from samenhier.groups import requirements, vetting_services
from samenhier.groups.models import ConductCertificate, DeclarationText, Intake, Signature
from samenhier.groups.stages import GroupStage

pytestmark = pytest.mark.django_db


def test_the_coordinator_plans_then_records_an_intake(cast, login):
    group = cast.rotterdam.groups["registered"]
    client = login(cast.rotterdam.local_coordinator)
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/groups/{group.pk}/intake/",
        {"scheduled_at": when, "interviewer": cast.rotterdam.community_builder.pk},
    )
    assert response.status_code == 302
    response = client.post(
        f"/groups/{group.pk}/intake/", {"outcome": "positive", "notes": "Goed gesprek"}
    )
    assert response.status_code == 302
    intake = Intake.objects.get(group=group)
    assert intake.outcome == "positive"
    assert intake.completed_at is not None
    assert requirements.intake(group) == []


def test_an_intake_planned_in_the_future_cannot_be_recorded_yet(cast, login):
    group = cast.rotterdam.groups["intake"]  # the demo planned it four days ahead
    response = login(cast.rotterdam.local_coordinator).post(
        f"/groups/{group.pk}/intake/", {"outcome": "positive"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "record it after it took place" in response.content.decode()
    assert not Intake.objects.filter(group=group, completed_at__isnull=False).exists()


def test_intake_notes_are_stored_encrypted(cast):
    from django.db import connection

    intake = Intake.objects.filter(group__city=cast.rotterdam.city).exclude(notes="").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM groups_intake WHERE id = %s", [intake.pk])
        assert "groep" not in cursor.fetchone()[0].lower()


def test_a_certificate_date_in_the_future_is_refused(cast, login):
    group = cast.rotterdam.groups["vetting"]
    member = group.members.exclude(is_contact=True).first()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = login(cast.rotterdam.local_coordinator).post(
        f"/groups/{group.pk}/members/{member.pk}/certificate/",
        {"status": "received", "requested_on": date.today().isoformat(), "issued_on": tomorrow},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert member.certificates.count() == 1  # only the demo's "requested"


def test_received_needs_an_issue_date_and_records_who_verified(cast):
    member = cast.rotterdam.groups["vetting"].members.exclude(is_contact=True).first()
    with pytest.raises(Exception, match="issued"):
        vetting_services.record_certificate(
            actor=cast.rotterdam.local_coordinator,
            member=member,
            status="received",
            requested_on=date.today() - timedelta(days=10),
            issued_on=None,
        )
    certificate = vetting_services.record_certificate(
        actor=cast.rotterdam.local_coordinator,
        member=member,
        status="received",
        requested_on=date.today() - timedelta(days=10),
        issued_on=date.today() - timedelta(days=2),
    )
    assert certificate.verified_by == cast.rotterdam.local_coordinator


def test_a_member_signs_the_declaration_in_their_own_language(cast, login):
    group = cast.rotterdam.group
    member = group.members.get(user=cast.rotterdam.group_member)
    Signature.objects.filter(member=member).delete()
    client = login(cast.rotterdam.group_member)
    response = client.get(f"/groups/{group.pk}/declaration/", HTTP_ACCEPT_LANGUAGE="ar")
    assert "إقرار المشارك" in response.content.decode()
    client.post(f"/groups/{group.pk}/declaration/", HTTP_ACCEPT_LANGUAGE="ar")
    signature = Signature.objects.get(member=member)
    assert signature.text.language == "ar"
    assert signature.text.version == 1


def test_signing_twice_keeps_one_signature(cast, login):
    group = cast.rotterdam.group
    client = login(cast.rotterdam.group_member)
    client.post(f"/groups/{group.pk}/declaration/")
    client.post(f"/groups/{group.pk}/declaration/")
    member = group.members.get(user=cast.rotterdam.group_member)
    assert Signature.objects.filter(member=member).count() == 1


def _publish(cast, requires):
    return vetting_services.publish_declaration(
        actor=cast.national_coordinator,
        texts={
            "nl": ("Verklaring", "Nieuwe tekst"),
            "en": ("Declaration", "New text"),
            "ar": ("إقرار", "نص"),
        },
        requires_new_signatures=requires,
    )


def test_a_new_version_asks_for_new_signatures_only_when_the_coordinator_says_so(cast):
    group = cast.rotterdam.groups["approved"]
    assert requirements.declarations(group) == []
    _publish(cast, requires=False)
    assert requirements.declarations(group) == []
    _publish(cast, requires=True)
    assert requirements.declarations(group) != []
    assert DeclarationText.objects.filter(version=3).count() == 3


def test_only_the_national_coordinator_publishes(cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        vetting_services.publish_declaration(
            actor=cast.rotterdam.local_coordinator,
            texts={"nl": ("a", "b")},
            requires_new_signatures=True,
        )


def test_approval_lists_exactly_what_is_missing(cast, login):
    group = cast.rotterdam.groups["vetting"]
    response = login(cast.rotterdam.local_coordinator).get(
        f"/groups/{group.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    text = response.content.decode()
    assert "Participant declaration not yet signed by" in text
    assert "Certificate of conduct not yet received for" in text
    for member in group.members.exclude(is_contact=True):
        member.signatures.create(text=DeclarationText.objects.get(version=1, language="nl"))
        ConductCertificate.objects.create(
            member=member, status="received", requested_on=date.today(), issued_on=date.today()
        )
    assert requirements.approval(group) == []
    client = login(cast.rotterdam.local_coordinator)
    assert client.post(f"/groups/{group.pk}/steps/approve/").status_code == 302
    group.refresh_from_db()
    assert group.stage == GroupStage.APPROVED


def test_an_old_certificate_is_flagged(cast, login):
    group = cast.rotterdam.groups["approved"]
    member = group.members.first()
    member.certificates.update(issued_on=timezone.localdate() - timedelta(days=400))
    response = login(cast.rotterdam.local_coordinator).get(
        f"/groups/{group.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "older than allowed" in response.content.decode()


def test_the_group_page_keeps_a_constant_number_of_queries_as_members_grow(cast, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samenhier.groups.models import Member

    group = cast.rotterdam.groups["vetting"]
    client = login(cast.rotterdam.local_coordinator)
    client.get(f"/groups/{group.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/groups/{group.pk}/")
    for i in range(10):
        m = Member.objects.create(
            group=group,
            full_name=f"Extra {i}",
            email=f"extra{i}@example.org",
            phone="0612345678",
            street="Straat 1",
            postcode="3011 AB",
            town="Rotterdam",
        )
        ConductCertificate.objects.create(member=m, status="requested", requested_on=date.today())
    with CaptureQueriesContext(connection) as many:
        client.get(f"/groups/{group.pk}/")
    assert len(many) <= len(few) + 0, [q["sql"][:150] for q in many.captured_queries]
