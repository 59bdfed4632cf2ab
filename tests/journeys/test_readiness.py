"""Ready for arrival: six conditions, each read from the data; the gate holds until all are met."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from samenhier.journeys import matrix, readiness
from samenhier.journeys.models import JourneyEvent, Meeting, ResettlementPlan, TaskDivision
from samenhier.journeys.parties import MeetingKind, PlanStatus
from samenhier.learning.models import Module, Registration
from samenhier.newcomers.lifecycle import HouseholdStage
from samenhier.newcomers.models import Consent, ConsentPurpose, Household

CONDITIONS = ("matrix", "plan", "training", "social_support", "briefing", "newcomer")


def prepare(journey, actor):
    """Everything before arrival done, for a household that has just been matched."""
    Household.objects.filter(pk=journey.household_id).update(stage=HouseholdStage.MATCHED)
    journey.household.refresh_from_db()
    current = matrix.current_division(journey)
    TaskDivision.objects.create(
        journey=journey,
        number=current.number + 1 if current else 1,
        cells=matrix.template_for(journey),
        created_by=actor,
    )
    ResettlementPlan.objects.update_or_create(
        journey=journey, defaults={"status": PlanStatus.APPROVED, "approved_at": timezone.now()}
    )
    for kind in (MeetingKind.SOCIAL_SUPPORT, MeetingKind.BRIEFING):
        Meeting.objects.get_or_create(
            journey=journey,
            kind=kind,
            defaults={"held_on": timezone.localdate(), "recorded_by": actor},
        )
    members = list(journey.group.members.current())
    for module in Module.objects.filter(kind=Module.Kind.START, required=True, active=True):
        session = module.sessions.first()
        assert session is not None, "the demo has a session of every start module"
        for member in members:
            Registration.objects.update_or_create(
                session=session, member=member, defaults={"attended": True}
            )
    return journey


def break_condition(journey, key):
    if key == "matrix":
        cells = matrix.template_for(journey)
        cells["housing"] = {p: r for p, r in cells["housing"].items() if r != "responsible"}
        number = matrix.current_division(journey).number + 1
        TaskDivision.objects.create(journey=journey, number=number, cells=cells)
    elif key == "plan":
        ResettlementPlan.objects.filter(journey=journey).update(
            status=PlanStatus.COMMENTS, approved_at=None
        )
    elif key == "training":
        Registration.objects.filter(member__group=journey.group).update(attended=False)
    elif key == "social_support":
        Meeting.objects.filter(journey=journey, kind=MeetingKind.SOCIAL_SUPPORT).delete()
    elif key == "briefing":
        Meeting.objects.filter(journey=journey, kind=MeetingKind.BRIEFING).update(
            held_on=None, planned_at=timezone.now()
        )
    elif key == "newcomer":
        Consent.objects.filter(
            household=journey.household, purpose=ConsentPurpose.PARTICIPATION
        ).update(withdrawn_at=timezone.now())


def test_a_prepared_journey_meets_every_condition_and_can_be_marked_ready(cast, journey):
    prepare(journey, cast.rotterdam.local_coordinator)
    assert readiness.open_conditions(journey) == []

    readiness.mark_ready(actor=cast.rotterdam.local_coordinator, journey=journey)

    journey.refresh_from_db()
    assert journey.ready_at is not None
    assert journey.ready_by == cast.rotterdam.local_coordinator
    assert journey.household.stage == HouseholdStage.PRE_DEPARTURE
    assert journey.events.filter(kind=JourneyEvent.Kind.READY).exists()


@pytest.mark.parametrize("key", CONDITIONS)
def test_ready_for_arrival_is_refused_while_one_condition_is_open(cast, journey, key):
    prepare(journey, cast.rotterdam.local_coordinator)
    break_condition(journey, key)

    open_keys = [c.key for c in readiness.open_conditions(journey)]
    assert open_keys == [key]
    with pytest.raises(ValidationError) as refused:
        readiness.mark_ready(actor=cast.rotterdam.local_coordinator, journey=journey)

    assert "still open" in str(refused.value)
    journey.refresh_from_db()
    assert journey.ready_at is None


def test_a_welcome_group_needs_no_resettlement_plan(cast, den_haag_journey):
    conditions = {c.key: c for c in readiness.conditions(den_haag_journey)}
    assert not conditions["plan"].applies
    assert "plan" not in [c.key for c in readiness.open_conditions(den_haag_journey)]


def test_the_page_names_who_can_close_each_open_condition(cast, journey, login):
    client = login(cast.rotterdam.group_member)
    response = client.get(reverse("journeys:readiness", args=[journey.pk]))
    assert response.status_code == 200
    assert "social support worker or the local coordinator records the meeting" in response.text
    # Only a coordinator sees the button.
    assert reverse("journeys:ready", args=[journey.pk]) not in response.text


def test_the_coordinator_marks_ready_through_the_page(cast, journey, login):
    prepare(journey, cast.rotterdam.local_coordinator)
    client = login(cast.rotterdam.local_coordinator)
    page = client.get(reverse("journeys:readiness", args=[journey.pk]))
    assert reverse("journeys:ready", args=[journey.pk]) in page.text

    response = client.post(reverse("journeys:ready", args=[journey.pk]), follow=True)

    assert "ready for arrival" in response.text.lower()
    journey.refresh_from_db()
    assert journey.ready_at is not None


def test_an_open_condition_shows_a_message_not_an_error_page(cast, journey, login):
    client = login(cast.rotterdam.local_coordinator)
    response = client.post(reverse("journeys:ready", args=[journey.pk]), follow=True)
    assert response.status_code == 200
    assert "still open" in response.text
    journey.refresh_from_db()
    assert journey.ready_at is None


def test_a_group_member_cannot_mark_a_journey_ready(cast, journey):
    prepare(journey, cast.rotterdam.local_coordinator)
    with pytest.raises(PermissionDenied):
        readiness.mark_ready(actor=cast.rotterdam.group_member, journey=journey)


def test_meetings_are_recorded_by_the_social_support_worker_not_by_the_officer(
    cast, journey, login
):
    url = reverse("journeys:readiness", args=[journey.pk])
    data = {"kind": MeetingKind.SOCIAL_SUPPORT, "held_on": timezone.localdate().isoformat()}
    response = login(cast.rotterdam.social_support_worker).post(url, data)
    assert response.status_code == 302
    assert journey.meetings.filter(kind=MeetingKind.SOCIAL_SUPPORT).count() == 1

    assert login(cast.rotterdam.municipality_officer).post(url, data).status_code == 404
    assert journey.meetings.count() == 1


def test_a_meeting_without_a_date_is_explained_next_to_the_field(cast, journey, login):
    url = reverse("journeys:readiness", args=[journey.pk])
    response = login(cast.rotterdam.local_coordinator).post(url, {"kind": "briefing"})
    assert response.status_code == 400
    assert "Give the date it was held" in response.text
    future = (timezone.localdate() + timezone.timedelta(days=3)).isoformat()
    response = login(cast.rotterdam.local_coordinator).post(
        url, {"kind": "briefing", "held_on": future}
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.text
    assert not journey.meetings.exists()
