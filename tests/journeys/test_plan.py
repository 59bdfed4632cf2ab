"""The resettlement plan: the group writes it, the local coordinator reviews it, the newcomer
reads it once approved; every version kept, every read logged."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenhier.audit.models import AccessLog
from samenhier.journeys import plan
from samenhier.journeys.models import PlanVersion, ResettlementPlan
from samenhier.journeys.parties import PlanSection, PlanStatus

pytestmark = pytest.mark.django_db

EQUAL = "We ask before we help; she decides which appointments we join."


def _text(**extra: str) -> dict[str, str]:
    return {"reception": "Two of us meet the family at Schiphol.", "equality": EQUAL, **extra}


def _written(cast, journey, sections=None):
    return plan.save_version(
        actor=cast.rotterdam.group_member,
        journey=journey,
        sections=_text() if sections is None else sections,
        version=0,
    )


def _submitted(cast, journey):
    _written(cast, journey)
    plan.submit(actor=cast.rotterdam.group_member, journey=journey, version=1)
    return plan.get_plan(journey)


def _approved(cast, journey):
    submitted = _submitted(cast, journey)
    plan.review(
        actor=cast.rotterdam.local_coordinator,
        journey=journey,
        version=submitted.version,
        approve=True,
    )
    return plan.get_plan(journey)


def _form(sections: dict[str, str], version: int) -> dict[str, str]:
    return {"version": str(version), **{s.value: sections.get(s.value, "") for s in PlanSection}}


# --- the rules ------------------------------------------------------------------------------


def test_a_word_diff_marks_removed_and_added_words():
    runs = plan.diff_text("We meet them at the airport.", "We meet them at Schiphol airport.")
    assert (plan.ADDED, "Schiphol") in runs
    assert "".join(t for kind, t in runs if kind != plan.REMOVED) == (
        "We meet them at Schiphol airport."
    )
    assert "".join(t for kind, t in runs if kind != plan.ADDED) == "We meet them at the airport."


def test_a_replaced_word_shows_as_removed_then_added():
    runs = plan.diff_text("weekly visits", "daily visits")
    assert runs[:2] == [(plan.REMOVED, "weekly"), (plan.ADDED, "daily")]


def test_comparing_names_which_sections_changed():
    diffs = plan.compare(_text(), _text(health="The GP is around the corner."))
    changed = {d.section for d in diffs if d.changed}
    assert changed == {PlanSection.HEALTH}
    assert len(diffs) == len(PlanSection)


def test_the_equality_section_is_required():
    assert plan.missing_required({"reception": "x"}) == [PlanSection.EQUALITY]
    assert plan.missing_required(_text()) == []


def test_clean_sections_keeps_known_sections_with_text():
    cleaned = plan.clean_sections({"reception": "  hi\r\nthere ", "weather": "sun", "home": "  "})
    assert cleaned == {"reception": "hi\nthere"}


def test_without_a_plan_it_is_not_approved(journey, den_haag_journey):
    assert not plan.is_approved(journey)
    assert not plan.is_approved(den_haag_journey)


# --- the workflow ---------------------------------------------------------------------------


def test_saving_the_text_makes_numbered_versions_of_a_draft(cast, journey):
    first = _written(cast, journey)
    second = plan.save_version(
        actor=cast.rotterdam.group_member,
        journey=journey,
        sections=_text(home="The intermediate home is furnished by us."),
        version=1,
    )
    assert (first.number, second.number) == (1, 2)
    assert plan.get_plan(journey).status == PlanStatus.DRAFT
    assert PlanVersion.objects.get(pk=second.pk).sections["home"].startswith("The intermediate")


def test_the_text_is_encrypted_at_rest(cast, journey):
    version = _written(cast, journey)
    with connection.cursor() as cursor:
        cursor.execute("SELECT sections FROM journeys_planversion WHERE id = %s", [version.pk])
        stored = cursor.fetchone()[0]
    assert "Schiphol" not in stored


def test_submitting_without_the_equality_section_is_refused(cast, journey):
    _written(cast, journey, sections={"reception": "We meet them."})
    with pytest.raises(ValidationError) as refused:
        plan.submit(actor=cast.rotterdam.group_member, journey=journey, version=1)
    assert "Equality" in str(refused.value) or "Gelijkwaardigheid" in str(refused.value)
    assert plan.get_plan(journey).status == PlanStatus.DRAFT


def test_comments_then_a_new_version_then_approval(
    cast, journey, django_capture_on_commit_callbacks
):
    member, coordinator = cast.rotterdam.group_member, cast.rotterdam.local_coordinator
    with django_capture_on_commit_callbacks(execute=True):
        submitted = _submitted(cast, journey)
    assert submitted.status == PlanStatus.SUBMITTED
    assert coordinator.email in {address for m in mail.outbox for address in m.to}
    assert all("RTM-001" in m.subject for m in mail.outbox)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        plan.review(
            actor=coordinator,
            journey=journey,
            version=submitted.version,
            approve=False,
            comment="Say more about the finances in the first weeks.",
        )
    commented = plan.get_plan(journey)
    assert commented.status == PlanStatus.COMMENTS
    assert member.email in {address for m in mail.outbox for address in m.to}
    assert not any("finances" in m.body for m in mail.outbox)  # the page holds the comment
    mail.outbox.clear()

    plan.save_version(
        actor=member,
        journey=journey,
        sections=_text(finances="We go with them to the municipality for an advance."),
        version=commented.version,
    )
    revised = plan.get_plan(journey)
    assert revised.status == PlanStatus.COMMENTS
    plan.submit(actor=member, journey=journey, version=revised.version)
    resubmitted = plan.get_plan(journey)
    with django_capture_on_commit_callbacks(execute=True):
        plan.review(actor=coordinator, journey=journey, version=resubmitted.version, approve=True)
    approved = plan.get_plan(journey)
    assert approved.status == PlanStatus.APPROVED
    assert approved.approved_at is not None
    assert plan.is_approved(journey)
    assert [r.status for r in approved.reviews.all()] == [
        PlanStatus.SUBMITTED,
        PlanStatus.COMMENTS,
        PlanStatus.SUBMITTED,
        PlanStatus.APPROVED,
    ]
    assert approved.reviews.last().plan_version.number == 2
    assert member.email in {address for m in mail.outbox for address in m.to}


def test_sending_back_without_a_comment_is_refused(cast, journey):
    submitted = _submitted(cast, journey)
    with pytest.raises(ValidationError) as refused:
        plan.review(
            actor=cast.rotterdam.local_coordinator,
            journey=journey,
            version=submitted.version,
            approve=False,
        )
    assert "comment" in refused.value.error_dict


def test_editing_an_approved_plan_returns_it_to_draft(cast, journey):
    approved = _approved(cast, journey)
    plan.save_version(
        actor=cast.rotterdam.group_member,
        journey=journey,
        sections=_text(work="Her cousin's bakery needs help."),
        version=approved.version,
    )
    edited = plan.get_plan(journey)
    assert edited.status == PlanStatus.DRAFT
    assert edited.approved_at is None
    assert not plan.is_approved(journey)


def test_a_review_of_a_plan_that_changed_meanwhile_is_refused(cast, journey):
    submitted = _submitted(cast, journey)
    seen = submitted.version
    plan.save_version(
        actor=cast.rotterdam.group_member,
        journey=journey,
        sections=_text(home="New text"),
        version=seen,
    )
    with pytest.raises(ValidationError):
        plan.review(
            actor=cast.rotterdam.local_coordinator, journey=journey, version=seen, approve=True
        )
    assert not plan.is_approved(journey)


def test_a_save_on_an_old_copy_is_refused(cast, journey):
    _written(cast, journey)
    with pytest.raises(ValidationError) as refused:
        _written(cast, journey, sections=_text(home="Another text"))
    assert refused.value.code == "stale"
    assert PlanVersion.objects.filter(plan__journey=journey).count() == 1


def test_only_a_submitted_plan_is_reviewed(cast, journey):
    _written(cast, journey)
    with pytest.raises(ValidationError):
        plan.review(
            actor=cast.rotterdam.local_coordinator, journey=journey, version=1, approve=True
        )


def test_the_coordinator_does_not_write_and_the_group_does_not_review(cast, journey):
    with pytest.raises(PermissionDenied):
        plan.save_version(
            actor=cast.rotterdam.local_coordinator, journey=journey, sections=_text(), version=0
        )
    submitted = _submitted(cast, journey)
    with pytest.raises(PermissionDenied):
        plan.review(
            actor=cast.rotterdam.group_member,
            journey=journey,
            version=submitted.version,
            approve=True,
        )


def test_a_welcome_group_has_no_plan(cast, den_haag_journey):
    with pytest.raises(PermissionDenied):
        plan.save_version(
            actor=cast.den_haag.group_member,
            journey=den_haag_journey,
            sections=_text(),
            version=0,
        )


# --- the pages ------------------------------------------------------------------------------


def test_the_group_writes_the_plan_on_its_page(cast, journey, login):
    client = login(cast.rotterdam.group_member)
    url = reverse("journeys:plan_edit", args=[journey.pk])
    form = client.get(url).context["form"]
    assert form["version"].value() == 0
    response = client.post(url, _form(_text(), 0))
    assert response.status_code == 302
    assert plan.current_version(plan.get_plan(journey)).sections == _text()
    page = client.get(reverse("journeys:plan", args=[journey.pk]))
    html = page.content.decode()
    assert "Schiphol" in html
    assert str(plan.QUESTIONS[PlanSection.EQUALITY])[:20] in html
    assert page.context["submit_form"] is not None


def test_a_stale_plan_form_tells_the_writer(cast, journey, login):
    _written(cast, journey)
    response = login(cast.rotterdam.group_member).post(
        reverse("journeys:plan_edit", args=[journey.pk]), _form(_text(home="Mine"), 0)
    )
    assert response.status_code == 200
    assert response.context["stale"]
    assert PlanVersion.objects.filter(plan__journey=journey).count() == 1


def test_submitting_without_equality_shows_the_reason_on_the_page(cast, journey, login):
    _written(cast, journey, sections={"reception": "We meet them."})
    response = login(cast.rotterdam.group_member).post(
        reverse("journeys:plan_submit", args=[journey.pk]), {"version": "1"}
    )
    assert response.status_code == 200
    assert response.context["submit_form"].non_field_errors()
    assert plan.get_plan(journey).status == PlanStatus.DRAFT


def test_the_coordinator_sends_comments_and_approves_from_the_page(cast, journey, login):
    submitted = _submitted(cast, journey)
    client = login(cast.rotterdam.local_coordinator)
    url = reverse("journeys:plan_review", args=[journey.pk])
    empty = client.post(url, {"version": submitted.version, "decision": "comments"})
    assert empty.status_code == 200
    assert empty.context["review_form"].errors["comment"]
    response = client.post(
        url,
        {"version": submitted.version, "decision": "comments", "comment": "More on money."},
    )
    assert response.status_code == 302
    page = client.get(reverse("journeys:plan", args=[journey.pk]))
    assert "More on money." in page.content.decode()
    assert page.context["review_form"] is None


def test_after_approval_the_page_warns_that_editing_returns_it_to_draft(cast, journey, login):
    _approved(cast, journey)
    page = login(cast.rotterdam.group_member).get(reverse("journeys:plan", args=[journey.pk]))
    assert page.context["status"] == PlanStatus.APPROVED
    assert page.context["can_write"]
    assert 'role="status"' in page.content.decode()


def test_reading_the_plan_is_logged_for_support(cast, journey, login):
    _written(cast, journey)
    builder = cast.rotterdam.community_builder
    login(builder).get(reverse("journeys:plan", args=[journey.pk]))
    entry = AccessLog.objects.filter(user=builder).first()
    assert entry is not None
    assert entry.object_type == "journeys.resettlementplan"
    assert entry.purpose == AccessLog.Purpose.SUPPORT
    assert "sections" in entry.fields


def test_the_newcomer_reads_only_the_approved_plan(cast, journey, login):
    client = login(cast.rotterdam.newcomer)
    url = reverse("journeys:plan", args=[journey.pk])
    _submitted(cast, journey)
    waiting = client.get(url)
    assert waiting.status_code == 200
    assert waiting.context["version"] is None
    assert "Schiphol" not in waiting.content.decode()
    assert client.get(url + "?version=1").status_code == 404
    plan.review(
        actor=cast.rotterdam.local_coordinator,
        journey=journey,
        version=plan.get_plan(journey).version,
        approve=True,
    )
    approved = client.get(url)
    assert "Schiphol" in approved.content.decode()
    assert approved.context["reviews"] == []
    assert approved.context["versions"] == []
    # The group revises it: the newcomer keeps reading what was approved.
    plan.save_version(
        actor=cast.rotterdam.group_member,
        journey=journey,
        sections=_text(reception="A new idea"),
        version=plan.get_plan(journey).version,
    )
    revised = client.get(url)
    assert revised.context["version"].number == 1
    assert "A new idea" not in revised.content.decode()
    assert client.get(url + "?version=2").status_code == 404


def test_the_newcomer_does_not_compare_drafts(cast, journey, login):
    _written(cast, journey)
    response = login(cast.rotterdam.newcomer).get(
        reverse("journeys:plan_compare", args=[journey.pk]) + "?a=1&b=1"
    )
    assert response.status_code == 403


def test_two_versions_compare_section_by_section(cast, journey, login):
    _written(cast, journey)
    plan.save_version(
        actor=cast.rotterdam.group_member,
        journey=journey,
        sections=_text(reception="Two of us meet the family at Eindhoven."),
        version=1,
    )
    response = login(cast.rotterdam.community_builder).get(
        reverse("journeys:plan_compare", args=[journey.pk]) + "?a=1&b=2"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Eindhoven" in html
    assert "<del>" in html
    assert "<ins>" in html
    changed = [d.section for d in response.context["diffs"] if d.changed]
    assert changed == [PlanSection.RECEPTION]


def test_the_officer_does_not_read_the_plan(cast, journey, login):
    _written(cast, journey)
    client = login(cast.rotterdam.municipality_officer)
    assert client.get(reverse("journeys:plan", args=[journey.pk])).status_code == 403
    assert client.get(reverse("journeys:plan_pdf", args=[journey.pk])).status_code == 403


def test_people_outside_the_journey_do_not_find_the_plan(cast, journey, login):
    _written(cast, journey)
    for person in (cast.group_contact, cast.den_haag.municipality_officer):
        client = login(person)
        assert client.get(reverse("journeys:plan", args=[journey.pk])).status_code == 404


def test_the_newcomer_who_stopped_no_longer_finds_the_plan(cast, journey, stopped, login):
    client = login(cast.rotterdam.newcomer)
    assert client.get(reverse("journeys:plan", args=[stopped.pk])).status_code == 404


def test_nobody_writes_after_the_newcomer_stopped(cast, stopped, login):
    client = login(cast.rotterdam.group_member)
    assert client.get(reverse("journeys:plan_edit", args=[stopped.pk])).status_code == 404
    coordinator = login(cast.rotterdam.local_coordinator)
    assert coordinator.get(reverse("journeys:plan", args=[stopped.pk])).status_code == 200
    review = coordinator.post(reverse("journeys:plan_review", args=[stopped.pk]), {})
    assert review.status_code == 403


def test_a_welcome_groups_journey_shows_no_plan(cast, den_haag_journey, login):
    client = login(cast.den_haag.group_member)
    detail = client.get(reverse("journeys:detail", args=[den_haag_journey.pk]))
    assert detail.context["cards"]["plan"] == {}
    assert client.get(reverse("journeys:plan", args=[den_haag_journey.pk])).status_code == 403


def test_the_plan_prints_as_a_pdf(cast, journey, login):
    _approved(cast, journey)
    client = login(cast.rotterdam.newcomer)
    response = client.get(reverse("journeys:plan_pdf", args=[journey.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(user=cast.rotterdam.newcomer).exists()


def test_the_blank_plan_prints_too(cast, journey, login):
    response = login(cast.rotterdam.group_member).get(
        reverse("journeys:plan_pdf", args=[journey.pk])
    )
    assert response["Content-Type"] == "application/pdf"


def test_the_card_tells_the_plans_state(cast, journey, login):
    _submitted(cast, journey)
    response = login(cast.rotterdam.group_member).get(reverse("journeys:detail", args=[journey.pk]))
    card = response.context["cards"]["plan"]
    assert card["plan"].status == PlanStatus.SUBMITTED
    assert card["can_write"]


def _many_versions(cast, journey, count):
    written = ResettlementPlan.objects.create(journey=journey, status=PlanStatus.SUBMITTED)
    versions = PlanVersion.objects.bulk_create(
        PlanVersion(
            plan=written,
            number=n,
            sections=_text(home=f"v{n}"),
            created_by=cast.rotterdam.group_member,
        )
        for n in range(1, count + 1)
    )
    for version in versions:
        written.reviews.create(
            plan_version=version, status=PlanStatus.SUBMITTED, by=cast.rotterdam.group_member
        )
    return written


@pytest.mark.parametrize("who", ["local_coordinator", "group_member"])
def test_the_plan_page_costs_the_same_queries_with_many_versions(
    cast, journey, login, django_assert_num_queries, who
):
    client = login(getattr(cast.rotterdam, who))
    url = reverse("journeys:plan", args=[journey.pk])
    _many_versions(cast, journey, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    ResettlementPlan.objects.filter(journey=journey).delete()
    _many_versions(cast, journey, 40)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["versions"]) == 40
