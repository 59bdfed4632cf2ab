"""The journey's frame: contact persons, arrival, closing the year and the timeline."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from samenhier.groups.stages import GroupStage
from samenhier.journeys import closing, people, readiness, timeline
from samenhier.journeys.models import ContactEntry, JourneyEvent, Task
from samenhier.journeys.parties import JourneyOutcome, Party, Phase
from samenhier.newcomers.lifecycle import HouseholdStage
from tests.journeys.test_readiness import prepare


def test_the_coordinator_appoints_a_contact_person_everyone_in_the_journey_sees(
    cast, journey, login, django_capture_on_commit_callbacks
):
    url = reverse("journeys:people", args=[journey.pk])
    officer = cast.rotterdam.municipality_officer
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.rotterdam.local_coordinator).post(
            url, {"party": "municipality", "municipality-person": officer.pk}
        )
    assert response.status_code == 302
    assert journey.contact_persons.get(party=Party.MUNICIPALITY).person == officer
    # Told in their own language, naming the household only by its reference.
    told = [m for m in mail.outbox if officer.email in m.to]
    assert any(journey.household.reference in m.subject for m in told)
    assert not any(journey.household.main_applicant_name in m.body for m in told)

    page = login(cast.rotterdam.newcomer).get(reverse("journeys:detail", args=[journey.pk]))
    assert officer.full_name in page.text


def test_only_people_of_the_partys_role_in_the_city_can_be_its_contact(cast, journey):
    other_city_officer = cast.den_haag.municipality_officer
    with pytest.raises(ValidationError):
        people.appoint(
            actor=cast.rotterdam.local_coordinator,
            journey=journey,
            party=Party.MUNICIPALITY,
            person=other_city_officer,
        )
    assert set(people.candidates(journey, Party.GROUP)) >= {cast.rotterdam.group_member}
    assert cast.group_contact not in people.candidates(journey, Party.GROUP)


def test_a_group_member_cannot_appoint_contact_persons(cast, journey, login):
    with pytest.raises(PermissionDenied):
        people.appoint(
            actor=cast.rotterdam.group_member,
            journey=journey,
            party=Party.GROUP,
            person=cast.rotterdam.group_member,
        )
    url = reverse("journeys:people", args=[journey.pk])
    response = login(cast.rotterdam.group_member).post(
        url, {"party": "group", "group-person": cast.rotterdam.group_member.pk}
    )
    assert response.status_code == 404


def _arrive(cast, journey):
    coordinator = cast.rotterdam.local_coordinator
    prepare(journey, coordinator)
    journey.refresh_from_db()
    readiness.mark_ready(actor=coordinator, journey=journey)
    journey.arrival_at = timezone.now() - timezone.timedelta(hours=2)
    journey.save(update_fields=["arrival_at"])
    closing.record_arrival(actor=coordinator, journey=journey)
    journey.refresh_from_db()
    return journey


def test_arrival_is_recorded_only_once_the_journey_is_ready(cast, journey):
    prepare(journey, cast.rotterdam.local_coordinator)
    journey.arrival_at = timezone.now() - timezone.timedelta(hours=1)
    journey.save(update_fields=["arrival_at"])
    with pytest.raises(ValidationError):
        closing.record_arrival(actor=cast.rotterdam.local_coordinator, journey=journey)

    _arrive(cast, journey)

    assert journey.household.stage == HouseholdStage.ACTIVE
    assert journey.events.filter(kind=JourneyEvent.Kind.ARRIVED).exists()


def test_closing_the_year_completes_household_and_group_and_may_offer_the_group_again(
    cast, journey, login
):
    _arrive(cast, journey)
    client = login(cast.rotterdam.local_coordinator)
    url = reverse("journeys:close", args=[journey.pk])
    incomplete = client.post(url, {"final_evaluation_on": "", "handover": " "})
    assert incomplete.status_code == 400
    assert "This field is required" in incomplete.text
    journey.refresh_from_db()
    assert journey.closed_at is None

    response = client.post(
        url,
        {
            "final_evaluation_on": timezone.localdate().isoformat(),
            "handover": "Social support continues with the refugee council.",
            "continues_informally": "Language practice on Thursdays.",
            "group_available": "on",
        },
    )

    assert response.status_code == 302
    journey.refresh_from_db()
    assert journey.outcome == JourneyOutcome.COMPLETED
    assert journey.closed_at is not None
    journey.household.refresh_from_db()
    assert journey.household.stage == HouseholdStage.COMPLETED
    journey.group.refresh_from_db()
    assert journey.group.stage == GroupStage.TRAINED


def test_a_year_that_has_not_begun_cannot_be_closed(cast, journey):
    from samenhier.newcomers.models import Household

    Household.objects.filter(pk=journey.household_id).update(stage=HouseholdStage.MATCHED)
    journey.household.refresh_from_db()
    with pytest.raises(ValidationError):
        closing.close_year(
            actor=cast.rotterdam.local_coordinator,
            journey=journey,
            final_evaluation_on=timezone.localdate(),
            handover="x",
            continues_informally="y",
        )


def test_only_coordinators_close_the_year(cast, journey, login):
    url = reverse("journeys:close", args=[journey.pk])
    assert login(cast.rotterdam.group_member).get(url).status_code == 403
    assert login(cast.rotterdam.municipality_officer).get(url).status_code == 403
    assert login(cast.den_haag.local_coordinator).get(url).status_code == 404


def test_the_timeline_shows_each_entry_only_to_those_who_may_see_it(cast, journey, login):
    ContactEntry.objects.create(
        journey=journey, occurred_on=timezone.localdate(), kind="visit", note="secret note"
    )
    Task.objects.create(
        journey=journey,
        title="Open a bank account",
        phase=Phase.FIRST_MONTHS,
        due_on=timezone.localdate(),
        owner=Party.GROUP,
        done_at=timezone.now(),
    )
    url = reverse("journeys:timeline", args=[journey.pk])

    member = login(cast.rotterdam.group_member).get(url).text
    assert "Contact: Visit" in member
    assert "Done: Open a bank account" in member
    assert "secret note" not in member

    officer = login(cast.rotterdam.municipality_officer).get(url).text
    assert "Done: Open a bank account" in officer
    assert "Contact: Visit" not in officer

    kinds = [
        e.kind
        for e in timeline.entries(
            cast.rotterdam.newcomer, journey, _standing(cast.rotterdam.newcomer, journey)
        )
    ]
    assert "contacts" not in kinds
    assert "signals" not in kinds


def _standing(user, journey):
    from samenhier.journeys.policies import standing

    return standing(user, journey)


def test_a_newcomer_who_stopped_no_longer_sees_the_journey(cast, stopped, login):
    client = login(cast.rotterdam.newcomer)
    for name in ("detail", "timeline", "people", "readiness"):
        assert client.get(reverse(f"journeys:{name}", args=[stopped.pk])).status_code == 404
    assert stopped.outcome == JourneyOutcome.ENDED
    member = login(cast.rotterdam.group_member)
    assert member.get(reverse("journeys:detail", args=[stopped.pk])).status_code == 404
    # The coordinators keep it, for the follow-up.
    coordinator = login(cast.rotterdam.local_coordinator)
    assert coordinator.get(reverse("journeys:detail", args=[stopped.pk])).status_code == 200


def _grow(journey, n):
    today = timezone.localdate()
    Task.objects.bulk_create(
        Task(
            journey=journey,
            title=f"Task {i}",
            phase=Phase.FIRST_MONTHS,
            due_on=today,
            owner=Party.GROUP,
            done_at=timezone.now() if i % 2 else None,
        )
        for i in range(n)
    )
    ContactEntry.objects.bulk_create(
        ContactEntry(journey=journey, occurred_on=today, kind="call", note="") for _ in range(n)
    )


@pytest.mark.parametrize("name", ["detail", "timeline"])
def test_journey_pages_keep_their_number_of_queries_as_tasks_and_contacts_grow(
    cast, journey, login, django_assert_max_num_queries, name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast.rotterdam.group_member)
    url = reverse(f"journeys:{name}", args=[journey.pk])
    _grow(journey, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(journey, 60)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_a_signal_in_the_timeline_links_to_its_page_and_only_for_those_who_see_it(
    cast, journey, login
):
    from samenhier.journeys.models import Signal

    signal = Signal.objects.create(
        journey=journey, topic="care", description="The GP has no room.", party=Party.SOCIAL_SUPPORT
    )
    url = reverse("journeys:timeline", args=[journey.pk])
    link = reverse("journeys:signal", args=[journey.pk, signal.pk])

    assert link in login(cast.rotterdam.group_member).get(url).text
    assert link in login(cast.rotterdam.social_support_worker).get(url).text
    assert link not in login(cast.rotterdam.municipality_officer).get(url).text
    assert link not in login(cast.rotterdam.newcomer).get(url).text
