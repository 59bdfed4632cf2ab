import pytest

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_a_group_member_logs_in_with_email_and_password(cast, client):
    response = client.post(LOGIN, {"login": "pieter@example.org", "password": "samenhier-demo"})
    assert response.status_code == 302
    assert client.get("/").context["user"] == cast.rotterdam.group_member


def test_a_wrong_password_shows_a_translated_message(cast, client):
    response = client.post(
        LOGIN, {"login": "pieter@example.org", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 200
    assert "wachtwoord is niet correct" in response.content.decode()


def test_repeated_failed_logins_are_rate_limited(cast, client):
    for _ in range(5):
        client.post(LOGIN, {"login": "pieter@example.org", "password": "wrong"})
    response = client.post(LOGIN, {"login": "pieter@example.org", "password": "samenhier-demo"})
    # Even the right password is refused while the limit holds.
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_there_is_no_open_sign_up(client, db):
    response = client.get("/accounts/signup/")
    assert b'name="password1"' not in response.content


def test_logout_ends_the_session_on_the_server(cast, client):
    client.post(LOGIN, {"login": "pieter@example.org", "password": "samenhier-demo"})
    session_key = client.session.session_key
    client.post("/accounts/logout/")
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()


def test_logging_out_everywhere_ends_the_other_sessions(cast, client):
    from django.test import Client

    phone = Client()
    phone.post(LOGIN, {"login": "pieter@example.org", "password": "samenhier-demo"})
    client.post(LOGIN, {"login": "pieter@example.org", "password": "samenhier-demo"})
    assert phone.get("/").context["user"].is_authenticated

    assert client.post("/accounts/sessions/").status_code == 302

    assert not phone.get("/").context["user"].is_authenticated
    assert client.get("/").context["user"].is_authenticated
