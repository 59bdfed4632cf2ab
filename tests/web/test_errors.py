"""Bad input anywhere gives a clear message or a 4xx, never a 500."""

import pytest
from django.test import Client
from django.urls import path

from samenhier.urls import urlpatterns as real_patterns

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [*real_patterns, path("boom/", _boom)]
handler500 = "samenhier.web.views.server_error"
handler404 = "samenhier.web.views.page_not_found"


def test_an_unknown_page_is_a_friendly_translated_404(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ar")
    assert 'dir="rtl"' in response.content.decode()


@pytest.mark.urls(__name__)
def test_a_crash_is_a_friendly_500_without_details(settings):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Something went wrong" in text
    assert "RuntimeError" not in text
    assert "Traceback" not in text


def test_a_form_without_its_csrf_token_gets_the_expired_form_page(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.national_coordinator)
    response = client.post("/people/invite/", {"email": "x@example.org"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()


def test_a_forged_host_header_is_a_400(client):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=-1",
        "?page=99999",
        "?sort=password",
        "?sort=-;drop",
        "?q=" + "x" * 5000,
        "?q=%00",
    ],
)
def test_odd_list_parameters_never_break_a_list(cast, login, query):
    response = login(cast.national_coordinator).get("/network/cities/" + query)
    assert response.status_code == 200


def test_unknown_ids_in_urls_are_404(cast, login):
    client = login(cast.national_coordinator)
    assert client.get("/network/cities/no-such-city/").status_code == 404
    assert client.get("/network/organisations/999999/edit/").status_code == 404
    assert client.get("/people/roles/999999/revoke/").status_code == 404


def test_wrong_methods_are_405(cast, login):
    client = login(cast.national_coordinator)
    assert client.post("/").status_code == 405
    assert client.get("/people/invitations/1/cancel/").status_code == 405


def test_a_language_switch_to_an_unknown_language_is_ignored(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code in (302, 204)
    assert client.get("/")["Content-Language"] == "nl"


def test_a_language_switch_never_redirects_to_another_host(client):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "https://evil.example.com/"}
    )
    assert "evil" not in response.get("Location", "")
