import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_sees_the_landing_page_with_a_login_link(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"/accounts/login/" in response.content


def test_national_coordinator_home_shows_the_network_and_both_pipelines(cast, login):
    response = login(cast.national_coordinator).get("/", HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert "The network" in text
    assert "Groups" in text
    assert "Newcomer households" in text


def test_group_member_home_shows_only_their_own_group(cast, login):
    response = login(cast.rotterdam.group_member).get("/", HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert cast.rotterdam.group.name in text
    assert "Newcomer households" not in text
    assert cast.rotterdam.groups["registered"].name not in text


def test_home_page_is_dutch_by_default(cast, login):
    response = login(cast.rotterdam.local_coordinator).get("/")
    assert response["Content-Language"] == "nl"
    assert b'lang="nl"' in response.content


def test_arabic_pages_are_right_to_left(cast, login):
    response = login(cast.rotterdam.newcomer).get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert b'dir="rtl"' in response.content
