import pytest
from allauth.mfa.models import Authenticator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "person",
    [
        "local_coordinator",
        "municipality_officer",
        "community_builder",
        "social_support_worker",
        "reception_officer",
    ],
)
def test_staff_without_mfa_are_sent_to_enrol_before_any_page(cast, login, person, settings):
    settings.SAMENHIER_MFA_REQUIRED = True
    user = getattr(cast.rotterdam, person)
    Authenticator.objects.filter(user=user).delete()
    client = login(user)
    for path in ["/", "/people/", "/network/cities/", "/audit/access/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_the_national_coordinator_without_mfa_cannot_see_the_network(cast, login, settings):
    settings.SAMENHIER_MFA_REQUIRED = True
    Authenticator.objects.filter(user=cast.national_coordinator).delete()
    response = login(cast.national_coordinator).get("/network/cities/")
    assert response.status_code == 302


def test_the_enrolment_page_itself_stays_reachable(cast, client, settings):
    settings.SAMENHIER_MFA_REQUIRED = True
    lotte = cast.rotterdam.local_coordinator
    Authenticator.objects.filter(user=lotte).delete()
    client.post("/accounts/login/", {"login": lotte.email, "password": "samenhier-demo"})
    # allauth asks for the password once more before a new authenticator is added.
    reauthenticate = client.get("/accounts/2fa/totp/activate/")["Location"]
    client.post(reauthenticate, {"password": "samenhier-demo"})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert b'name="code"' in response.content


def test_staff_with_mfa_get_through(cast, login, settings):
    settings.SAMENHIER_MFA_REQUIRED = True
    assert login(cast.rotterdam.local_coordinator).get("/people/").status_code == 200


@pytest.mark.parametrize("person", ["group_member", "newcomer"])
def test_group_members_and_newcomers_need_no_mfa(cast, login, person, settings):
    settings.SAMENHIER_MFA_REQUIRED = True
    user = getattr(cast.rotterdam, person)
    assert not Authenticator.objects.filter(user=user).exists()
    assert login(user).get("/").status_code == 200


def test_htmx_requests_are_redirected_with_an_htmx_header(cast, login, settings):
    settings.SAMENHIER_MFA_REQUIRED = True
    Authenticator.objects.filter(user=cast.rotterdam.local_coordinator).delete()
    response = login(cast.rotterdam.local_coordinator).get("/people/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/accounts/2fa/totp/activate/"


def test_the_demo_may_relax_mfa_but_says_so_on_every_page(cast, login, settings):
    settings.SAMENHIER_MFA_REQUIRED = False
    settings.DEMO = True
    Authenticator.objects.filter(user=cast.rotterdam.local_coordinator).delete()
    response = login(cast.rotterdam.local_coordinator).get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Two-step verification is not enforced here" in response.content.decode()


def test_production_settings_enforce_mfa(monkeypatch):
    import importlib

    import samenhier.settings as module

    monkeypatch.setenv("SAMENHIER_ENV", "production")
    monkeypatch.setenv("SAMENHIER_DEMO", "1")  # a stray demo flag cannot relax production
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("SAMENHIER_FIELD_ENCRYPTION_KEYS", "k")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "example.org")
    try:
        reloaded = importlib.reload(module)
        assert reloaded.SAMENHIER_MFA_REQUIRED is True
        assert reloaded.DEMO is False
    finally:
        monkeypatch.undo()
        importlib.reload(module)


def test_production_refuses_to_start_without_its_secrets(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import samenhier.settings as module

    monkeypatch.setenv("SAMENHIER_ENV", "production")
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    try:
        with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
            importlib.reload(module)
    finally:
        monkeypatch.undo()
        importlib.reload(module)


def test_login_with_a_totp_device_asks_for_the_code(cast, client, settings):
    settings.SAMENHIER_MFA_REQUIRED = True
    response = client.post(
        "/accounts/login/",
        {"login": cast.rotterdam.local_coordinator.email, "password": "samenhier-demo"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/people/").status_code == 302  # not logged in until the code is given
