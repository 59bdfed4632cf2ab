"""The case's steps taken by hand: only from the right stage, only when nothing is missing."""

import pytest

from samenhier.newcomers.transitions import TRANSITIONS, manual_steps

pytestmark = pytest.mark.django_db


def test_a_consented_household_starts_its_intake_and_becomes_ready(cast, login):
    household = cast.rotterdam.households["consented"]
    client = login(cast.rotterdam.local_coordinator)
    assert client.post(f"/households/{household.pk}/step/start_intake/").status_code == 302
    household.refresh_from_db()
    assert household.stage == "intake"
    assert client.post(f"/households/{household.pk}/step/ready/").status_code == 302
    household.refresh_from_db()
    assert household.stage == "ready"


def test_ready_for_matching_needs_consent_to_share_the_profile(cast, login):
    household = cast.rotterdam.households["intake"]
    household.consents.filter(purpose="share_profile").delete()
    assert manual_steps(household)[0][1]  # something is missing, and the page says what
    response = login(cast.rotterdam.local_coordinator).post(
        f"/households/{household.pk}/step/ready/", follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    household.refresh_from_db()
    assert household.stage == "intake"


def test_a_step_from_the_wrong_stage_changes_nothing(cast, login):
    household = cast.rotterdam.households["referred"]
    response = login(cast.rotterdam.local_coordinator).post(
        f"/households/{household.pk}/step/ready/", follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    household.refresh_from_db()
    assert household.stage == "referred"


def test_steps_taken_by_workflows_have_no_button(cast, login):
    household = cast.rotterdam.households["ready"]
    assert manual_steps(household) == []
    response = login(cast.rotterdam.local_coordinator).post(
        f"/households/{household.pk}/step/match/", follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    household.refresh_from_db()
    assert household.stage == "ready"


def test_a_referred_household_may_decline(cast, login):
    household = cast.rotterdam.households["referred"]
    login(cast.rotterdam.local_coordinator).post(f"/households/{household.pk}/step/decline/")
    household.refresh_from_db()
    assert household.stage == "declined"


def test_every_open_stage_can_be_left():
    from samenhier.newcomers.lifecycle import CLOSED, HouseholdStage

    sources = {stage for t in TRANSITIONS for stage in t.sources}
    assert set(HouseholdStage) - CLOSED <= sources
