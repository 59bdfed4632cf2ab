"""Referring a household by hand: who may, for which city and track, and what bad input gets."""

import pytest
from django.db import connection

from samenhier.newcomers.models import FamilyMember, Household

pytestmark = pytest.mark.django_db


def _referral(cast, **overrides):
    data = {
        "household-reference": "RTM-NEW-1",
        "household-track": "in_country",
        "household-city": str(cast.rotterdam.city.pk),
        "household-main_applicant_name": "Mariam Haile",
        "household-size": "3",
        "household-languages": ["ti", "en"],
        "household-interests": ["music"],
        "household-vulnerabilities": ["medical"],
        "household-vulnerability_details": "Needs insulin",
        "household-address": "Weena 10, Rotterdam",
        "household-phone": "06-12345678",
        "family-TOTAL_FORMS": "6",
        "family-INITIAL_FORMS": "0",
        "family-MIN_NUM_FORMS": "0",
        "family-MAX_NUM_FORMS": "15",
        "family-0-relation": "main",
        "family-0-birth_year": "1990",
        "family-1-relation": "child",
        "family-1-birth_year": "2016",
        "family-1-gender": "girl",
    }
    data.update(overrides)
    return data


def test_a_local_coordinator_refers_a_permit_holder_with_family(cast, login):
    response = login(cast.rotterdam.local_coordinator).post("/households/refer/", _referral(cast))
    household = Household.objects.get(reference="RTM-NEW-1")
    assert response.status_code == 302
    assert response["Location"] == f"/households/{household.pk}/"
    assert household.referred_by == cast.rotterdam.local_coordinator
    assert household.vulnerabilities == ["medical"]
    assert sorted(household.family.values_list("relation", flat=True)) == ["child", "main"]


def test_identity_and_details_are_encrypted_at_rest(cast, login):
    login(cast.rotterdam.local_coordinator).post("/households/refer/", _referral(cast))
    pk = Household.objects.get(reference="RTM-NEW-1").pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT main_applicant_name, phone, address, vulnerabilities, vulnerability_details "
            "FROM newcomers_household WHERE id = %s",
            [pk],
        )
        raw = " ".join(str(value) for value in cursor.fetchone())
        cursor.execute("SELECT gender FROM newcomers_familymember WHERE household_id = %s", [pk])
        raw += " ".join(str(row[0]) for row in cursor.fetchall())
    for secret in ("Mariam", "06-12345678", "Weena", "medical", "insulin", "girl"):
        assert secret not in raw


def test_resettlement_referrals_are_for_the_national_coordinator_only(cast, login):
    data = _referral(cast, **{"household-track": "resettlement"})
    response = login(cast.rotterdam.local_coordinator).post("/households/refer/", data)
    assert response.status_code == 200
    assert "household-track" in response.context["form"].add_prefix("track")
    assert response.context["form"].errors["track"]
    assert not Household.objects.filter(reference="RTM-NEW-1").exists()

    response = login(cast.national_coordinator).post("/households/refer/", data)
    assert response.status_code == 302
    assert Household.objects.get(reference="RTM-NEW-1").track == "resettlement"


def test_an_officer_cannot_refer_for_another_city(cast, login):
    response = login(cast.den_haag.municipality_officer).post("/households/refer/", _referral(cast))
    assert response.status_code == 200
    assert response.context["form"].errors["city"]
    assert not Household.objects.filter(reference="RTM-NEW-1").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"household-address": ""}, "address"),
        ({"household-size": "0"}, "size"),
        ({"household-languages": []}, "languages"),
        ({"household-reference": "RTM-001"}, "reference"),
        (
            {"household-arrival_from": "2027-05-01", "household-arrival_until": "2027-04-01"},
            "arrival_until",
        ),
    ],
)
def test_bad_input_gets_a_message_at_the_field_and_changes_nothing(cast, login, overrides, field):
    before = Household.objects.count(), FamilyMember.objects.count()
    response = login(cast.rotterdam.local_coordinator).post(
        "/households/refer/", _referral(cast, **overrides)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert (Household.objects.count(), FamilyMember.objects.count()) == before


def test_a_birth_year_in_the_future_is_refused(cast, login):
    response = login(cast.rotterdam.local_coordinator).post(
        "/households/refer/", _referral(cast, **{"family-1-birth_year": "2999"})
    )
    assert response.status_code == 200
    assert response.context["family"].forms[1].errors["birth_year"]
    assert not Household.objects.filter(reference="RTM-NEW-1").exists()
