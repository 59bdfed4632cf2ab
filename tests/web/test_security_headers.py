import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_every_page_sends_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "http" not in policy  # nothing may be loaded from another host


def test_framing_is_denied(client):
    assert client.get("/")["X-Frame-Options"] == "DENY"


def test_referrer_and_permissions_policies_are_set(client):
    response = client.get("/")
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_private_pages_are_not_cached_by_the_browser(cast, login):
    assert login(cast.rotterdam.group_member).get("/")["Cache-Control"] == "no-store"


def test_production_sends_hsts_and_secure_host_prefixed_cookies(settings, cast):
    settings.SECURE_HSTS_SECONDS = 63072000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    client = Client()
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    csrf = response.cookies["__Host-csrftoken"]
    assert csrf["secure"] is True
    assert csrf["path"] == "/"
    assert not csrf["domain"]
    response = client.post(
        "/accounts/login/",
        {"login": "pieter@example.org", "password": "samenhier-demo"},
        secure=True,
    )
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["path"] == "/"


def test_production_settings_turn_on_every_transport_protection(monkeypatch):
    import importlib

    import samenhier.settings as module

    for name, value in {
        "SAMENHIER_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "SAMENHIER_FIELD_ENCRYPTION_KEYS": "k",
        "DJANGO_ALLOWED_HOSTS": "example.org",
    }.items():
        monkeypatch.setenv(name, value)
    try:
        prod = importlib.reload(module)
        assert prod.SECURE_SSL_REDIRECT is True
        assert prod.SECURE_HSTS_SECONDS >= 31536000
        assert prod.SESSION_COOKIE_NAME.startswith("__Host-")
        assert prod.CSRF_COOKIE_NAME.startswith("__Host-")
        assert prod.SESSION_COOKIE_SECURE
        assert prod.CSRF_COOKIE_SECURE
        assert prod.DEBUG is False
    finally:
        monkeypatch.undo()
        importlib.reload(module)
