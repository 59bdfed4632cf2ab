import json
from decimal import Decimal

import pytest
from django_tasks_db.models import DBTaskResult

from samenhier.groups.models import Member
from samenhier.groups.tasks import MAX_GEOCODE_ATTEMPTS, geocode_member, locate_member
from samenhier.network.geocoding import (
    GeocoderUnavailable,
    PdokGeocoder,
    RecordedGeocoder,
    parse_pdok,
    rounded,
)

pytestmark = pytest.mark.django_db


def test_a_pdok_answer_becomes_a_point_rounded_to_about_100_metres():
    payload = {"response": {"docs": [{"centroide_ll": "POINT(4.50612 51.92174)"}]}}
    point = parse_pdok(payload)
    assert point.latitude == Decimal("51.922")
    assert point.longitude == Decimal("4.506")


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"response": {"docs": []}},
        {"response": {"docs": [{"centroide_ll": "garbage"}]}},
        {"response": None},
    ],
)
def test_an_empty_or_odd_answer_is_not_found(payload):
    assert parse_pdok(payload) is None


def test_the_recorded_geocoder_knows_the_recorded_addresses():
    assert RecordedGeocoder().locate("Oudedijk 10, 3061 AB Rotterdam") == rounded(51.92174, 4.50612)
    assert RecordedGeocoder().locate("Nergensstraat 1, 9999 ZZ Nergens") is None
    with pytest.raises(GeocoderUnavailable):
        RecordedGeocoder().locate("Onbekend 1, 1000 AA Amsterdam")


def test_pdok_unreachable_is_reported_as_unavailable(monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):
        raise OSError("network unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    with pytest.raises(GeocoderUnavailable):
        PdokGeocoder().locate("Oudedijk 10, 3061 AB Rotterdam")


def _member(cast, street="Oudedijk 10", postcode="3061 AB"):
    return Member.objects.create(
        group=cast.rotterdam.groups["registered"],
        full_name="Test",
        email="geo@example.org",
        phone="0612345678",
        street=street,
        postcode=postcode,
        town="Rotterdam",
    )


def test_a_member_is_located(cast):
    member = _member(cast)
    assert locate_member(member.pk) == "located"
    member.refresh_from_db()
    assert (member.latitude, member.longitude) == (Decimal("51.922"), Decimal("4.506"))


def test_an_unknown_address_is_marked_for_the_coordinator(cast):
    member = _member(cast, street="Nergensstraat 1", postcode="9999 ZZ")
    member.town = "Nergens"
    member.save()
    assert locate_member(member.pk) == "not_found"
    assert Member.objects.get(pk=member.pk).location_source == "not_found"


def test_a_location_set_by_hand_is_never_overwritten(cast):
    member = _member(cast)
    Member.objects.filter(pk=member.pk).update(latitude=1, longitude=2, location_source="manual")
    assert locate_member(member.pk) == "located"
    assert Member.objects.get(pk=member.pk).latitude == Decimal("1.000")


@pytest.mark.django_db(transaction=True)
def test_when_the_geocoder_is_down_the_task_retries_later(cast, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    member = _member(cast, street="Onbekend 1", postcode="1000 AA")
    DBTaskResult.objects.all().delete()
    assert geocode_member.call(member.pk, 1) == "unavailable"
    retry = DBTaskResult.objects.get()
    assert retry.run_after is not None
    assert json.loads(json.dumps(retry.args_kwargs))["args"] == [member.pk, 2]
    DBTaskResult.objects.all().delete()
    assert geocode_member.call(member.pk, MAX_GEOCODE_ATTEMPTS) == "unavailable"
    assert not DBTaskResult.objects.exists()  # gives up after the last attempt
