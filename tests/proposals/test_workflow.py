"""The whole road of a match, service by service, as the people who take each step."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from samenhier.journeys.models import Journey
from samenhier.newcomers import policies as household_policies
from samenhier.proposals import services
from samenhier.proposals.models import ExcludedPair


def test_a_run_matches_every_household_it_can_and_explains_the_rest(cast, run_done):
    result = run_done.result
    assert result["objective"]["matched"] == 2
    assert len(result["unmatched"]) == 1
    assert all(key.startswith("h") for key in (a["household"] for a in result["assignments"]))


def test_both_sides_accepting_confirms_the_match_and_reveals_the_identity(
    cast, proposal, django_capture_on_commit_callbacks
):
    household = proposal.household
    contact = cast.group_contact
    officer = cast.rotterdam.municipality_officer
    builder = cast.rotterdam.community_builder
    group_is_contacts = proposal.group.members.filter(user=contact).exists()
    assert not household_policies.can_view_identity(contact, household)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(actor=officer, proposal=proposal, party="municipality", accepted=True)
        if group_is_contacts:
            services.decide(actor=contact, proposal=proposal, party="group", accepted=True)
        services.decide(
            actor=builder, proposal=proposal, party="newcomer", accepted=True, language="ar"
        )
    proposal.refresh_from_db()
    if not group_is_contacts:
        pytest.skip("the engine chose the other group for this household")
    assert proposal.status == "confirmed"
    assert Journey.objects.open().filter(household=household, group=proposal.group).exists()
    household.refresh_from_db()
    assert household.stage == "matched"
    assert household_policies.can_view_identity(contact, household)
    assert any("confirmed" in m.subject or "bevestigd" in m.subject for m in mail.outbox)


def test_a_decline_returns_both_to_the_pool_and_excludes_the_pair(cast, proposal):
    services.decide(
        actor=cast.rotterdam.municipality_officer,
        proposal=proposal,
        party="municipality",
        accepted=False,
        reason="Housing is not available in time.",
    )
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert ExcludedPair.objects.filter(household=proposal.household, group=proposal.group).exists()


def test_another_citys_officer_cannot_approve(cast, proposal):
    with pytest.raises(PermissionDenied):
        services.decide(
            actor=cast.den_haag.municipality_officer,
            proposal=proposal,
            party="municipality",
            accepted=True,
        )


def test_declining_needs_a_reason(cast, proposal):
    with pytest.raises(ValidationError):
        services.decide(
            actor=cast.rotterdam.municipality_officer,
            proposal=proposal,
            party="municipality",
            accepted=False,
        )
