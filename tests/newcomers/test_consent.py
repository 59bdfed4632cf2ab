"""Informed, then consent per purpose; withdrawal and stopping take effect on the next request."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samenhier.accounts.models import RoleAssignment
from samenhier.newcomers.models import Consent, ConsentText, InformationMeeting

pytestmark = pytest.mark.django_db


def _meeting(**overrides):
    data = {
        "held_on": timezone.localdate().isoformat(),
        "language": "Tigrinya",
        "interpreter": "on",
        "material_version": "2026-1",
    }
    data.update(overrides)
    return data


def test_the_information_meeting_moves_a_referred_household_to_informed(cast, login):
    household = cast.rotterdam.households["referred"]
    response = login(cast.rotterdam.local_coordinator).post(
        f"/households/{household.pk}/information/", _meeting()
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.stage == "informed"
    meeting = InformationMeeting.objects.get(household=household)
    assert meeting.interpreter
    assert meeting.held_by == cast.rotterdam.local_coordinator


def test_a_meeting_in_the_future_is_refused(cast, login):
    household = cast.rotterdam.households["referred"]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = login(cast.rotterdam.local_coordinator).post(
        f"/households/{household.pk}/information/", _meeting(held_on=tomorrow)
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    household.refresh_from_db()
    assert household.stage == "referred"


def test_consent_is_recorded_per_purpose_with_text_method_and_witness(cast, login):
    household = cast.rotterdam.households["informed"]
    text = ConsentText.objects.get(version=1, language="ti")
    response = login(cast.rotterdam.local_coordinator).post(
        f"/households/{household.pk}/consent/",
        {"purposes": ["participation", "evaluation"], "text": text.pk, "method": "oral"},
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.stage == "consented"
    given = Consent.objects.filter(household=household)
    assert sorted(given.values_list("purpose", flat=True)) == ["evaluation", "participation"]
    assert {(c.text_id, c.method, c.witnessed_by_id) for c in given} == {
        (text.pk, "oral", cast.rotterdam.local_coordinator.pk)
    }


def test_consent_before_the_information_meeting_is_refused(cast, login):
    household = cast.rotterdam.households["referred"]
    text = ConsentText.objects.first()
    response = login(cast.rotterdam.local_coordinator).post(
        f"/households/{household.pk}/consent/",
        {"purposes": ["participation"], "text": text.pk, "method": "written"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Consent.objects.filter(household=household).exists()


def test_withdrawing_sharing_with_the_municipality_hides_identity_on_the_next_request(cast, login):
    household = cast.rotterdam.households["consented"]  # resettlement: identity by consent
    officer = login(cast.rotterdam.municipality_officer)
    assert household.main_applicant_name in officer.get(f"/households/{household.pk}/").text
    from django.test import Client

    coordinator = Client()
    coordinator.force_login(cast.rotterdam.local_coordinator)
    response = coordinator.post(f"/households/{household.pk}/consent/share_municipality/withdraw/")
    assert response.status_code == 302
    page = officer.get(f"/households/{household.pk}/")
    assert page.status_code == 200
    assert household.main_applicant_name not in page.text


def test_the_newcomer_can_withdraw_their_own_consent(cast, login):
    household = cast.rotterdam.household
    text = ConsentText.objects.first()
    Consent.objects.get_or_create(
        household=household,
        purpose="photos",
        withdrawn_at=None,
        defaults={"text": text, "method": "written", "witnessed_by": cast.national_coordinator},
    )
    response = login(cast.rotterdam.newcomer).post(
        f"/households/{household.pk}/consent/photos/withdraw/"
    )
    assert response.status_code == 302
    assert not household.consents.filter(purpose="photos", withdrawn_at__isnull=True).exists()


def test_withdrawing_what_was_never_given_is_a_clear_message(cast, login):
    household = cast.rotterdam.households["referred"]
    client = login(cast.rotterdam.local_coordinator)
    response = client.post(f"/households/{household.pk}/consent/photos/withdraw/", follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_withdrawing_participation_stops_the_household(cast, login):
    household = cast.rotterdam.households["consented"]
    login(cast.rotterdam.local_coordinator).post(
        f"/households/{household.pk}/consent/participation/withdraw/"
    )
    household.refresh_from_db()
    assert household.stage == "stopped"


def test_the_newcomer_stops_without_losing_sight_of_their_own_data(cast, login):
    household = cast.rotterdam.household
    response = login(cast.rotterdam.local_coordinator).post(
        f"/households/{household.pk}/stop/", {"alternative_support": "Regular social support"}
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.stage == "stopped"
    assert household.alternative_support == "Regular social support"
    assert RoleAssignment.objects.active().filter(user=cast.rotterdam.newcomer).exists()
    assert login(cast.rotterdam.newcomer).get(f"/households/{household.pk}/").status_code == 200


def test_stopping_twice_is_a_clear_message(cast, login):
    household = cast.den_haag.households["stopped"]
    response = login(cast.den_haag.local_coordinator).post(
        f"/households/{household.pk}/stop/", {"alternative_support": "x"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_the_newcomer_finds_their_own_page_from_the_start_page(cast, login):
    household = cast.rotterdam.household
    home = login(cast.rotterdam.newcomer).get("/")
    assert f'href="/households/{household.pk}/"' in home.text
