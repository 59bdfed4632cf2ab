import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samenhier.groups.models import Group

pytestmark = pytest.mark.django_db


def test_the_local_coordinator_sees_their_citys_groups_with_counts_per_stage(cast, login):
    response = login(cast.rotterdam.local_coordinator).get("/groups/")
    names = {g.name for g in response.context["listing"].rows}
    assert cast.rotterdam.group.name in names
    assert cast.den_haag.group.name not in names
    assert {s.value: n for s, n in response.context["stages"]}["registered"] == 1


def test_the_national_coordinator_sees_every_city_and_filters_by_city(cast, login):
    client = login(cast.national_coordinator)
    assert len(client.get("/groups/").context["listing"].rows) == Group.objects.count()
    response = client.get(f"/groups/?city={cast.den_haag.city.pk}")
    assert {g.city_id for g in response.context["listing"].rows} == {cast.den_haag.city.pk}


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("stage=vetting", lambda g: g.stage == "vetting"),
        ("language=ti", lambda g: "ti" in g.languages),
        ("supports=trauma", lambda g: "trauma" in g.supports),
        ("q=Kralingen", lambda g: "Kralingen" in g.name),
        ("kind=welcome", lambda g: False),
    ],
)
def test_filters(cast, login, query, keep):
    expected = {g.name for g in Group.objects.filter(city=cast.rotterdam.city) if keep(g)}
    response = login(cast.rotterdam.local_coordinator).get(f"/groups/?{query}")
    assert expected or query == "kind=welcome"
    assert {g.name for g in response.context["listing"].rows} == expected


def test_groups_waiting_too_long_are_marked(cast, login):
    from datetime import timedelta

    from django.utils import timezone

    Group.objects.filter(city=cast.rotterdam.city).update(
        stage_changed_at=timezone.now() - timedelta(days=2)
    )
    Group.objects.filter(pk=cast.rotterdam.groups["intake"].pk).update(
        stage_changed_at=timezone.now() - timedelta(days=45)
    )
    response = login(cast.rotterdam.local_coordinator).get(
        "/groups/?waiting=40", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert {g.name for g in response.context["listing"].rows} == {
        cast.rotterdam.groups["intake"].name
    }
    assert "waiting over 30 days" in response.content.decode()
    response = login(cast.rotterdam.local_coordinator).get("/groups/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.content.decode().count("waiting over 30 days") == 1


def test_the_pipeline_keeps_a_constant_number_of_queries_with_10_or_1000_groups(cast, login):
    client = login(cast.national_coordinator)
    client.get("/groups/")
    with CaptureQueriesContext(connection) as few:
        client.get("/groups/")
    Group.objects.bulk_create(
        Group(name=f"Groep {i}", kind="sponsor", city=cast.rotterdam.city, languages=["nl"])
        for i in range(1000)
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get("/groups/?sort=name")
    assert response.context["listing"].page.paginator.count == Group.objects.count()
    assert len(many) == len(few)
