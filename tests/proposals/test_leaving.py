"""After a confirmed match the newcomer may still stop, or stop letting a group see their
profile: the group loses sight of them at once and is told without a reason (issue #5)."""

import pytest
from django.core import mail
from django.utils import translation

from samenhier.journeys.models import Journey
from samenhier.network.vocabularies import Vulnerability
from samenhier.newcomers import policies as household_policies
from samenhier.newcomers import services as household_services
from samenhier.newcomers.models import Household

pytestmark = pytest.mark.django_db


def _withdraw_share_profile(coordinator, household: Household) -> None:
    household_services.withdraw_consent(
        actor=coordinator, household=household, purpose="share_profile"
    )


def _stop(coordinator, household: Household) -> None:
    household_services.stop(
        actor=coordinator,
        household=household,
        alternative_support="Medical follow-up by the municipality's social team.",
    )


def _sensitive_words(household: Household) -> set[str]:
    words = {household.main_applicant_name, household.vulnerability_details or ""} - {""}
    for code in household.vulnerabilities:
        words.add(code)
        for language in ("en", "nl", "ar"):
            with translation.override(language):
                words.add(str(Vulnerability(code).label))
    return words


@pytest.mark.parametrize("leave", [_withdraw_share_profile, _stop], ids=["withdraws", "stops"])
def test_when_the_household_leaves_the_group_loses_sight_at_once_and_is_told_neutrally(
    cast, visit, confirmed, leave, django_capture_on_commit_callbacks
):
    household, group = confirmed.household, confirmed.group
    member = visit(cast.group_contact)
    household_page = f"/households/{household.pk}/"
    assert household.main_applicant_name in member.get(household_page).text
    assert household.vulnerabilities  # the profile the mail must not repeat
    members = {m.email for m in group.members.current()}
    mail.outbox.clear()

    # When the newcomer (through their coordinator) withdraws the consent, or stops
    with django_capture_on_commit_callbacks(execute=True):
        leave(cast.rotterdam.local_coordinator, household)

    # Then the group member's very next request no longer finds the household
    page = member.get(household_page)
    assert page.status_code == 404
    assert household.main_applicant_name not in page.text
    household.refresh_from_db()
    assert not household_policies.can_view_identity(cast.group_contact, household)
    assert household_page not in member.get(f"/matching/proposals/{confirmed.pk}/").text

    # And every member of the group is told, without a reason or anything about the household
    told = [m for m in mail.outbox if set(m.to) <= members]
    assert {address for m in told for address in m.to} == members
    for message in told:
        text = message.subject + message.body
        assert household.reference in text
        for word in _sensitive_words(household):
            assert word.lower() not in text.lower(), word
        assert "social team" not in text

    # And the journey is closed; the group can be matched again
    assert not Journey.objects.open().filter(household=household).exists()
    assert Journey.objects.filter(household=household, group=group).get().closed_at is not None
    group.refresh_from_db()
    assert group.stage == "trained"
